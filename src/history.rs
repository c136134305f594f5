//! The command line of history (`check --history`), waivers written for you
//! (`check --add-waivers`) and `rollcall trend`: arguments in, the engine and the report crate
//! do the work.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use rollcall_engine::add_waivers::{self, WaiverText};
use rollcall_engine::report::render::json;
use rollcall_engine::{Report, Settings};

use crate::CheckArgs;

type Writer<'w> = dyn FnOnce(&mut dyn std::io::Write) -> std::io::Result<()> + 'w;

/// Writes the run's JSON report to `DIR/<run.today>.json` for `--history DIR` and for each
/// configuration's `history:` (the same bytes `--format json` gives, redacted with `--redact`).
pub fn write_history(
    args: &CheckArgs,
    report: &Report,
    atomic: impl Fn(&Path, Box<Writer<'_>>) -> std::io::Result<()>,
) -> Result<(), String> {
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
        let written = if args.redact {
            let text = rollcall_engine::report::redact::emails(&json::render(report));
            atomic(&path, Box::new(move |w| w.write_all(text.as_bytes())))
        } else {
            atomic(&path, Box::new(|w| json::write(report, w)))
        };
        written.map_err(|e| format!("cannot write {}: {e}", path.display()))?;
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
    let written = add_waivers::write(&planned, &text)?;
    let mut stderr = std::io::stderr().lock();
    let mut any = false;
    for (p, (file, n)) in planned.iter().zip(&written) {
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
