//! The command line of history (`check --history`), waivers written for you
//! (`check --add-waivers`) and `rollcall trend`: arguments in, the engine and the report crate
//! do the work.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use rollcall_engine::add_waivers::{self, WaiverText};
use rollcall_engine::report::render;
use rollcall_engine::{Report, Settings};

use crate::CheckArgs;

/// Writes the run's JSON report to `DIR/<run.today>.json` for `--history DIR` and for each
/// configuration's `history:` (the same bytes `--format json` gives, redacted with `--redact`).
pub fn write_history(args: &CheckArgs, report: &Report) -> Result<(), String> {
    let mut dirs: Vec<PathBuf> = args
        .history
        .iter()
        .cloned()
        .chain(report.history.iter().cloned())
        .collect();
    dirs.sort();
    dirs.dedup();
    let Some(today) = report.today else {
        return Ok(());
    };
    for dir in dirs {
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create the history folder {}: {e}", dir.display()))?;
        let path = dir.join(format!("{today}.json"));
        // The bytes `--format json` gives (redacted as it would be), through the one dispatch.
        let style = render::human::Style::default();
        super::write_atomic(&path, |w| {
            render::write(render::Format::Json, report, style, args.redact, w).map(drop)
        })
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

/// Adds a waiver for every finding not yet waived to the configuration in force for its
/// account; says on standard error how many went to which file. `Ok(true)` when any was
/// written (the run is then done again).
pub fn add_waivers(args: &CheckArgs, settings: &Settings, report: &Report) -> Result<bool, String> {
    let reason = args.reason.as_deref().unwrap_or("").trim();
    if reason.is_empty() {
        return Err(
            "--add-waivers needs a --reason that says why the findings are accepted".into(),
        );
    }
    if let Some(e) = args.expires.filter(|e| *e < settings.today) {
        return Err(format!(
            "--expires {e} is before the run's day ({}): the waivers would be expired already",
            settings.today
        ));
    }
    if args.no_waivers {
        return Err("--add-waivers and --no-waivers contradict each other".into());
    }
    let planned = add_waivers::plan(report, &args.paths, settings).map_err(|errs| {
        errs.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let text = WaiverText {
        reason: reason.to_owned(),
        expires: args.expires,
        owner: args.owner.clone(),
    };
    let edits = add_waivers::edits(&planned, &text)?;
    for e in &edits {
        if let Some(text) = &e.text {
            super::write_atomic(&e.file, |w| w.write_all(text.as_bytes()))
                .map_err(|err| format!("cannot write {}: {err}", e.file.display()))?;
        }
    }
    let mut stderr = std::io::stderr().lock();
    let mut any = false;
    for (p, e) in planned.iter().zip(&edits) {
        let (file, n) = (&e.file, &e.waivers);
        any |= *n > 0;
        let word = if *n == 1 { "waiver" } else { "waivers" };
        let unwaivable = match p.unwaivable {
            0 => String::new(),
            1 => "; 1 finding of an unwaivable rule was not waived".to_owned(),
            u => format!("; {u} findings of unwaivable rules were not waived"),
        };
        let _ = writeln!(stderr, "wrote {n} {word} to {}{unwaivable}", file.display());
    }
    if planned.is_empty() {
        let _ = writeln!(stderr, "wrote 0 waivers: every finding is waived already");
    }
    Ok(any)
}

/// What `rollcall trend` writes.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TrendFormat {
    /// A table per account, one column per run, after the portfolio's
    Human,
    /// The data
    Json,
    /// A summary for a quarterly e-mail
    Markdown,
    /// One self-contained page with SVG charts
    Html,
}

#[derive(clap::Args)]
pub struct TrendArgs {
    /// The folder of JSON reports (every `*.json` file in it)
    dir: PathBuf,
    #[arg(long, value_enum, default_value = "human")]
    format: TrendFormat,
    /// Write to FILE instead of standard output
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Only the accounts whose name matches this glob (`*` matches anything; any case)
    #[arg(long, value_name = "GLOB")]
    account: Option<String>,
}

/// `rollcall trend DIR`.
pub fn trend(args: &TrendArgs) -> u8 {
    use rollcall_engine::report::trend::{self, render};
    let entries = match std::fs::read_dir(&args.dir) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {}: {e}", args.dir.display());
            return 2;
        }
    };
    let mut files: Vec<String> = entries
        .filter_map(Result::ok)
        // A link to a report counts as the report.
        .filter(|e| std::fs::metadata(e.path()).is_ok_and(|m| m.is_file()))
        .filter(|e| {
            Path::new(&e.file_name())
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("json"))
        })
        .map(|e| e.path().to_string_lossy().replace('\\', "/"))
        .collect();
    files.sort();
    let load = |f: &str| rollcall_engine::input::read::read_text(Path::new(f), f, u64::MAX);
    let pattern = args
        .account
        .as_deref()
        .map(rollcall_engine::config::Pattern::new);
    let keep = |name: &str| pattern.as_ref().is_none_or(|p| p.matches(name));
    let (t, errors) = trend::trend(&files, load, &keep);
    let text = match args.format {
        TrendFormat::Human => render::human(&t),
        TrendFormat::Json => render::json(&t),
        TrendFormat::Markdown => render::markdown(&t),
        TrendFormat::Html => render::html::render(&t),
    };
    let written = super::emit(args.output.as_deref(), |w| w.write_all(text.as_bytes()));
    for e in &errors {
        eprintln!("error: {e}");
        if let Some(help) = &e.help {
            eprintln!("  help: {help}");
        }
    }
    if let Err(e) = written {
        eprintln!("error: cannot write the trend: {e}");
        return 2;
    }
    if errors.is_empty() {
        0
    } else {
        2
    }
}
