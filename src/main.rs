//! The `rollcall` command line: parse arguments, call the engine, pick a renderer, set the exit
//! status. No audit logic lives here.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use rollcall_engine::render::{human, json};
use rollcall_engine::{run, system_today, Settings};
use rollcall_model::Day;
use rollcall_rules::{Options, Severity};

#[derive(Parser)]
#[command(
    name = "rollcall",
    version,
    about = "Audit the administration of software-subscription accounts (Autodesk Account first)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Audit account snapshots and exports in files and folders
    Check(CheckArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files and folders to audit (a customer folder, or a portfolio of customer folders)
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Exit with status 1 when a finding is at or above this severity
    #[arg(long, value_enum, default_value = "error")]
    fail_on: FailOn,
    /// "Today" for accounts that give no `as_of` (YYYY-MM-DD)
    #[arg(long, value_parser = parse_day)]
    as_of: Option<Day>,
    /// When to color human output
    #[arg(long, value_enum, default_value = "auto")]
    color: Color,
}

fn parse_day(s: &str) -> Result<Day, String> {
    Day::parse_iso(s).ok_or_else(|| format!("`{s}` is not a date; write YYYY-MM-DD"))
}

fn check(args: &CheckArgs) -> ExitCode {
    let settings = Settings {
        today: args.as_of.unwrap_or_else(system_today),
        options: Options::default(),
    };
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let style = human::Style {
        color,
        show_waived: false,
    };
    let (report, text) = match args.format {
        Format::Human => {
            let report = run(&args.paths, &settings, &|unit, sources| {
                human::render_unit(unit, sources, style)
            });
            let text = human::render(&report, style);
            (report, text)
        }
        Format::Json => {
            let report = run(&args.paths, &settings, &|_, _| String::new());
            let text = json::render(&report);
            (report, text)
        }
    };
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return ExitCode::from(2);
    }
    let fail_on = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    ExitCode::from(u8::try_from(report.exit_status(fail_on)).unwrap_or(2))
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match &cli.command {
        Command::Check(args) => check(args),
    }
}
