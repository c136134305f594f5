//! What `rollcall check`'s arguments ask for, worked out and checked once: the reports to
//! write and where, the engine's settings, and how human output is drawn (as ripgrep turns its
//! low-level arguments into high-level ones). The command then only runs the plan.

#[allow(clippy::wildcard_imports)]
use super::*;

/// A validated `check`.
pub struct CheckPlan {
    /// The formats, in order; the first `--output`s go with the first formats, and at most
    /// the last goes to standard output.
    pub formats: Vec<Format>,
    pub settings: Settings,
    pub style: human::Style,
    /// Whether accounts are drawn for human output while their sources are at hand.
    pub human: bool,
}

/// Works out and checks what a `check` command line asks for. Builds the thread pool of
/// `--jobs` and reads `--baseline`, the two things that must happen before the run.
pub fn check_plan(args: &CheckArgs) -> Result<CheckPlan, String> {
    let mut formats = args.format.clone();
    if formats.is_empty() {
        formats.push(Format::Human);
    }
    if args.output.len() > formats.len() {
        return Err("each --output needs a --format before it".into());
    }
    if formats.len() - args.output.len() > 1 {
        return Err(
            "only one report can go to standard output: give the others an --output".into(),
        );
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
            let text = std::fs::read_to_string(path).map_err(|e| format!("{shown}: {e}"))?;
            Some(
                rollcall_engine::report::baseline::read(&text, &shown)
                    .map_err(|e| e.to_string())?,
            )
        }
        None => None,
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
    let human = formats.contains(&Format::Human) && !args.statistics;
    let mut parts: Vec<render::Format> = formats
        .iter()
        .filter(|f| **f != Format::Human)
        .map(|f| (*f).into())
        .collect();
    if args.history.is_some() && !formats.contains(&Format::Json) {
        parts.push(render::Format::Json);
    }
    let settings = Settings {
        config: args.rule_set.config.clone(),
        profile: args.rule_set.profile,
        cli: cli_layer(&args.rule_set),
        no_waivers: args.no_waivers,
        baseline,
        redact: args.redact,
        max_file_bytes: args.max_file_size,
        parts,
        style,
        // Every format's part of an account is rendered in the worker, so the diagnostics
        // can go once it is, unless something else reads them at the end.
        drop_diagnostics: args.write_baseline.is_none() && !args.statistics && !args.add_waivers,
        keep_sources: human,
        ..Settings::new(args.as_of.unwrap_or_else(system_today))
    };
    Ok(CheckPlan {
        formats,
        settings,
        style,
        human,
    })
}
