//! `rollcall check`: audit, write every report asked for, the history and the waivers asked
//! for, and choose the exit status.

#[allow(clippy::wildcard_imports)]
use super::*;

pub fn check(args: &CheckArgs, fail_on: Option<Severity>) -> u8 {
    let plan = match super::plan::check_plan(args) {
        Ok(plan) => plan,
        Err(message) => return fail(&message),
    };
    let super::plan::CheckPlan {
        formats,
        settings,
        style,
        human,
    } = plan;
    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} auditing {pos}/{len} accounts {wide_bar} {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let progress = |done: usize, total: usize| {
        if let Some(bar) = &bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    };
    let audit = || {
        if human {
            run_with_progress(
                &args.paths,
                &settings,
                &|unit, sources| human::render_unit(unit, sources, style),
                &progress,
            )
        } else {
            run_with_progress(&args.paths, &settings, &|_, _| String::new(), &progress)
        }
    };
    let mut report = audit();
    if args.add_waivers {
        // The run is done again once the waivers are written, so that every report and the
        // exit status are those of a run with the waivers in force.
        match crate::commands::history::add_waivers(args, &settings, &report) {
            Ok(true) => report = audit(),
            Ok(false) => {}
            Err(message) => return fail(&message),
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if let Some(path) = &args.write_baseline {
        let text = rollcall_engine::report::baseline::write(&report);
        if let Err(e) = write_atomic(path, |w| w.write_all(text.as_bytes())) {
            return fail(&format!("cannot write {}: {e}", path.display()));
        }
    }
    for (i, format) in formats.iter().enumerate() {
        // The report on standard output is replaced by the counts.
        if args.statistics && args.output.get(i).is_none() {
            let mut text = if *format == Format::Json {
                statistics::render_json(&report)
            } else {
                statistics::render(&report)
            };
            if args.redact {
                text = rollcall_engine::report::redact::emails(&text);
            }
            if !write_out(&text) {
                return 2;
            }
            continue;
        }
        // Streamed where the format can be (it may be far larger than any one account); with
        // --redact, rendered whole, since addresses are replaced in the finished text.
        let written = emit(args.output.get(i).map(PathBuf::as_path), |w| {
            for warning in render::write((*format).into(), &report, style, args.redact, w)? {
                eprintln!("warning: {warning}");
            }
            Ok(())
        });
        if let Err(e) = written {
            let to = args
                .output
                .get(i)
                .map_or_else(|| "standard output".to_owned(), |p| p.display().to_string());
            return fail(&format!("cannot write the report to {to}: {e}"));
        }
    }
    if let Err(message) = crate::commands::history::write_history(args, &report) {
        return fail(&message);
    }
    let status = u8::try_from(report.exit_status(fail_on)).unwrap_or(2);
    // The process ends now: freeing a portfolio's findings one by one would only delay that
    // (tens of milliseconds on 10,000 customers), so the memory goes back with the process.
    std::mem::forget(report);
    status
}
