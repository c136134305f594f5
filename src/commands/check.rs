//! `rollcall check`: audit, write every report asked for, the history and the waivers asked
//! for, and choose the exit status.

#[allow(clippy::wildcard_imports)]
use super::*;

pub fn check(args: &CheckArgs, fail_on: Option<Severity>) -> u8 {
    let mut formats = args.format.clone();
    if formats.is_empty() {
        formats.push(Format::Human);
    }
    if args.output.len() > formats.len() {
        return fail("each --output needs a --format before it");
    }
    if formats.len() - args.output.len() > 1 {
        return fail("only one report can go to standard output: give the others an --output");
    }
    if let Some(jobs) = args.jobs {
        // The global pool can only be built once; in this process it is built here first.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(jobs))
            .build_global();
    }
    let baseline = match &args.baseline {
        Some(path) => {
            let shown = path.to_string_lossy();
            match std::fs::read_to_string(path) {
                Ok(text) => match rollcall_engine::report::baseline::read(&text, &shown) {
                    Ok(b) => Some(b),
                    Err(e) => return fail(&e.to_string()),
                },
                Err(e) => return fail(&format!("{shown}: {e}")),
            }
        }
        None => None,
    };
    let settings = Settings {
        config: args.rule_set.config.clone(),
        profile: args.rule_set.profile,
        cli: cli_layer(&args.rule_set),
        no_waivers: args.no_waivers,
        baseline,
        redact: args.redact,
        max_file_bytes: args.max_file_size,
        json_fragments: formats.contains(&Format::Json) || args.history.is_some(),
        drop_diagnostics: formats
            .iter()
            .all(|f| matches!(f, Format::Json | Format::Human))
            && args.write_baseline.is_none()
            && !args.statistics
            && !args.add_waivers,
        keep_sources: formats.contains(&Format::Human) && !args.statistics,
        ..Settings::new(args.as_of.unwrap_or_else(system_today))
    };
    let human_to_stdout = formats.get(args.output.len()) == Some(&Format::Human);
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            human_to_stdout
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let style = human::Style {
        color,
        show_waived: args.show_waived,
    };
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
        if formats.contains(&Format::Human) && !args.statistics {
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
    if let Err(message) = crate::commands::history::write_history(args, &report, |path, write| {
        write_atomic(path, write)
    }) {
        return fail(&message);
    }
    let status = u8::try_from(report.exit_status(fail_on)).unwrap_or(2);
    // The process ends now: freeing a portfolio's findings one by one would only delay that
    // (tens of milliseconds on 10,000 customers), so the memory goes back with the process.
    std::mem::forget(report);
    status
}
