//! The `rollcall` command line: parse arguments, call the engine, pick a renderer, set the exit
//! status. No audit logic lives here.

mod commands;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use rollcall_engine::config::{profile, Profile, Selector, PROFILES};
use rollcall_engine::model::Day;
use rollcall_engine::rules::Severity;

#[derive(Parser)]
#[command(
    name = "rollcall",
    version,
    about = "Audit the administration of software-subscription accounts (Autodesk Account first)"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Which JSON Schema `rollcall schema` prints.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// The account snapshot (`account.yaml` / `.json`)
    Account,
    /// The configuration (`rollcall.yaml`)
    Config,
}

#[derive(Subcommand)]
enum Command {
    /// Audit account snapshots and exports in files and folders
    Check(Box<CheckArgs>),
    /// List every rule with its code, name, group, severity and summary
    Rules(RulesArgs),
    /// Progress over a folder of JSON reports (as `check --history` writes them): open, new,
    /// fixed and back findings per run, time to fix, and the accounts that got worse
    Trend(commands::history::TrendArgs),
    /// Print a rule's manual
    Explain {
        /// A rule code (RC101) or name (contract-manager-is-coordinator), or a custom rule's id
        rule: String,
        /// The configuration whose policies define custom rules (default: the nearest
        /// `rollcall.yaml`)
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Run the `test_*` rules of the custom policies that the configuration lists
    Test {
        /// The configuration (default: the nearest `rollcall.yaml` at or above this folder)
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Also report which lines of each policy file the tests evaluated
        #[arg(long)]
        coverage: bool,
    },
    /// Print the account of a folder (snapshot and exports merged) as a format-1 snapshot
    Convert {
        /// One customer folder, or one export file
        path: PathBuf,
        /// "Today" for an account that gives no `as_of`: a usage report's `days_inactive`
        /// counts back from it (default: the system date)
        #[arg(long, value_parser = parse_day, value_name = "DATE")]
        as_of: Option<Day>,
        /// Print the `input` document custom policies see for this account (JSON) instead
        #[arg(long)]
        policy_input: bool,
    },
    /// Write a remediation plan per account (plan.md, plan.json, the planned account.yaml,
    /// Autodesk import files) under --output-dir; changes nothing anywhere else
    Fix(FixArgs),
    /// Print the JSON Schema of an account snapshot or of `rollcall.yaml`, for editors
    Schema {
        #[arg(value_enum)]
        which: SchemaKind,
    },
    /// Print a shell completion script
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff)
    Man,
    /// Write a commented starter `rollcall.yaml`
    Init {
        /// Where to write it
        #[arg(default_value = "rollcall.yaml")]
        path: PathBuf,
        /// Overwrite an existing file
        #[arg(long)]
        force: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// miette's graphical diagnostics, with a summary
    Human,
    /// One line per finding: `path:line:col: CODE message`
    Concise,
    /// The JSON document, version 1
    Json,
    /// SARIF 2.1.0, for GitHub code scanning
    Sarif,
    /// GitHub Actions annotations
    Github,
    /// `JUnit` XML: a test suite per account
    Junit,
    /// A customer-facing Markdown summary
    Markdown,
    /// One self-contained HTML report
    Html,
    /// Findings as CSV rows, safe to open in a spreadsheet
    Csv,
}

impl From<Format> for rollcall_engine::report::render::Format {
    fn from(f: Format) -> Self {
        match f {
            Format::Human => Self::Human,
            Format::Concise => Self::Concise,
            Format::Json => Self::Json,
            Format::Sarif => Self::Sarif,
            Format::Github => Self::Github,
            Format::Junit => Self::Junit,
            Format::Markdown => Self::Markdown,
            Format::Html => Self::Html,
            Format::Csv => Self::Csv,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
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
pub enum Color {
    Auto,
    Always,
    Never,
}

/// Options that choose the rule set, shared by `check` and `rules`.
#[derive(clap::Args)]
pub struct RuleSetArgs {
    /// A configuration file, used instead of the nearest `rollcall.yaml`
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// A built-in profile: default, pre-renewal, compliance, reseller-health
    #[arg(long, value_name = "NAME", value_parser = parse_profile)]
    profile: Option<&'static Profile>,
    /// Rules to run instead of the configured set (codes, names, prefixes like RC3, groups)
    #[arg(long, value_delimiter = ',', value_parser = parse_selector, value_name = "RULES")]
    select: Option<Vec<Selector>>,
    /// Rules not to run
    #[arg(long, value_delimiter = ',', value_parser = parse_selector, value_name = "RULES")]
    ignore: Vec<Selector>,
    /// Override a rule's severity: CODE=error|warning|info|off (repeatable)
    #[arg(long, value_parser = parse_severity, value_name = "RULE=LEVEL")]
    severity: Vec<(Selector, Option<Severity>)>,
}

#[derive(clap::Args)]
pub struct CheckArgs {
    /// Files and folders to audit (a customer folder, or a portfolio of customer folders)
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format; repeat it, each with its own --output, to write several reports at once
    #[arg(long, value_enum)]
    format: Vec<Format>,
    /// Write the report of the --format at the same position to FILE instead of standard output (`-`: standard output)
    #[arg(long, value_name = "FILE")]
    output: Vec<PathBuf>,
    /// Exit with status 1 when a finding is at or above this severity
    #[arg(long, value_enum, default_value = "error")]
    fail_on: FailOn,
    /// "Today" for accounts that give no `as_of`, and for waiver expiry (YYYY-MM-DD)
    #[arg(long, value_parser = parse_day, value_name = "DATE")]
    as_of: Option<Day>,
    /// When to color human output
    #[arg(long, value_enum, default_value = "auto")]
    color: Color,
    /// Show waived findings in human output too
    #[arg(long)]
    show_waived: bool,
    /// Ignore every waiver (a strict audit)
    #[arg(long)]
    no_waivers: bool,
    /// Number of threads (default: one per core)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// No progress bar
    #[arg(long, short)]
    quiet: bool,
    /// Count findings per rule and severity instead of listing them (table, or JSON with
    /// --format json), then the summary line
    #[arg(long)]
    statistics: bool,
    /// Compare with a baseline: only new findings count towards --fail-on
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record this run's findings as a baseline
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Replace every email address and personal name in the output by a stable pseudonym
    #[arg(long)]
    redact: bool,
    /// Also write the run's JSON report to DIR/<run.today>.json, for `rollcall trend`
    #[arg(long, value_name = "DIR")]
    history: Option<PathBuf>,
    /// Add a waiver for every finding not already waived to the configuration in force
    /// (needs --reason); the run then exits as if they had been there
    #[arg(long, requires = "reason")]
    add_waivers: bool,
    /// With --add-waivers: why the findings are accepted
    #[arg(long, value_name = "TEXT", requires = "add_waivers")]
    reason: Option<String>,
    /// With --add-waivers: when the waivers expire (YYYY-MM-DD)
    #[arg(long, value_parser = parse_day, value_name = "DATE", requires = "add_waivers")]
    expires: Option<Day>,
    /// With --add-waivers: who is answerable for them
    #[arg(long, value_name = "TEXT", requires = "add_waivers")]
    owner: Option<String>,
    /// Refuse input files larger than this (bytes, or with K, M, G: 256M)
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "256M")]
    max_file_size: u64,
    #[command(flatten)]
    rule_set: RuleSetArgs,
}

#[derive(clap::Args)]
pub struct FixArgs {
    /// Files and folders to audit, as `check` takes them
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Where to write the plans (created if missing); nothing is written elsewhere
    #[arg(long, value_name = "DIR")]
    output_dir: PathBuf,
    /// "Today" for accounts that give no `as_of`, and for waiver expiry (YYYY-MM-DD)
    #[arg(long, value_parser = parse_day, value_name = "DATE")]
    as_of: Option<Day>,
    #[command(flatten)]
    rule_set: RuleSetArgs,
}

#[derive(clap::Args)]
pub struct RulesArgs {
    /// Output format
    #[arg(long, value_enum, default_value = "human")]
    format: ListFormat,
    #[command(flatten)]
    rule_set: RuleSetArgs,
}

fn parse_day(s: &str) -> Result<Day, String> {
    Day::parse_iso(s).ok_or_else(|| format!("`{s}` is not a date; write YYYY-MM-DD"))
}

fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let n: u64 = t[..digits]
        .parse()
        .map_err(|_| format!("`{s}` is not a size such as 256M"))?;
    let unit: u64 = match t[digits..].trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        other => return Err(format!("unknown size unit `{other}`: use K, M or G")),
    };
    n.checked_mul(unit)
        .filter(|&v| v > 0)
        .ok_or_else(|| format!("`{s}` is out of range"))
}

fn parse_profile(s: &str) -> Result<&'static Profile, String> {
    profile(s).ok_or_else(|| {
        let names: Vec<&str> = PROFILES.iter().map(|p| p.name).collect();
        format!(
            "unknown profile `{s}`; the profiles are: {}",
            names.join(", ")
        )
    })
}

fn parse_selector(s: &str) -> Result<Selector, String> {
    Selector::parse_cli(s)
}

fn parse_severity(s: &str) -> Result<(Selector, Option<Severity>), String> {
    let (rule, level) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}`: write RULE=LEVEL, such as RC101=error"))?;
    let selector = Selector::parse_cli(rule)?;
    let level =
        if level.trim().eq_ignore_ascii_case("off") {
            None
        } else {
            Some(Severity::parse(level).ok_or_else(|| {
                format!("unknown severity `{level}`: error, warning, info or off")
            })?)
        };
    Ok((selector, level))
}

impl FailOn {
    fn level(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// jemalloc on Linux, as configured in `.cargo/config.toml` (see docs/performance.md); the
/// `system-alloc` feature keeps the system's, for heap profilers.
#[cfg(all(target_os = "linux", not(feature = "system-alloc")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let status = match cli.command {
        Command::Check(args) => {
            let fail_on = args.fail_on.level();
            commands::check(&args, fail_on)
        }
        Command::Rules(args) => commands::rules(&args),
        Command::Trend(args) => commands::history::trend(&args),
        Command::Explain { rule, config } => commands::explain(&rule, config.as_deref()),
        Command::Test { config, coverage } => commands::test(config.as_deref(), coverage),
        Command::Convert {
            path,
            as_of,
            policy_input,
        } => commands::convert(&path, as_of, policy_input),
        Command::Fix(args) => commands::fix::fix(&args),
        Command::Init { path, force } => commands::init(&path, force),
        Command::Schema { which } => commands::schema(which),
        Command::Completions { shell } => commands::completions(shell),
        Command::Man => commands::man(),
    };
    ExitCode::from(status)
}
