//! What each subcommand does with its parsed arguments: call the engine, pick a renderer,
//! choose the exit status.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use rollcall_engine::config::{Effective, Layer};
use rollcall_engine::report::render::{
    concise, csv_out, github, html, human, json, junit, markdown, sarif, statistics,
};
use rollcall_engine::rules::{all_rules, find_rule, Severity};
use rollcall_engine::run::load_configuration;
use rollcall_engine::{run_with_progress, system_today, Report, Settings};

use crate::{CheckArgs, Color, Format, ListFormat, RuleSetArgs, RulesArgs};

/// The starter configuration `rollcall init` writes.
const STARTER: &str = include_str!("starter.yaml");

pub fn cli_layer(args: &RuleSetArgs) -> Layer {
    Layer {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        severity: args.severity.clone(),
        ..Layer::default()
    }
}

fn write_out(text: &str) -> bool {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .is_ok()
}

/// Writes a report file atomically: into a temporary file in the same folder, renamed over
/// `path` only once complete. A write that fails (a full disk, a file size limit) leaves the
/// previous file as it was, and the temporary file is removed.
pub(crate) fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
    // The report keeps the permissions of the file it replaces (a new one: rw-r--r--).
    let permissions = std::fs::metadata(path).map(|m| m.permissions()).ok();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    let permissions = permissions.or_else(|| {
        use std::os::unix::fs::PermissionsExt;
        Some(std::fs::Permissions::from_mode(0o644))
    });
    if let Some(p) = permissions {
        builder.permissions(p);
    }
    let tmp = builder.tempfile_in(dir)?;
    let mut w = std::io::BufWriter::new(tmp);
    write(&mut w)?;
    let tmp = w
        .into_inner()
        .map_err(std::io::IntoInnerError::into_error)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Writes a report to a file (atomically) or to standard output (buffered).
fn emit(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    match path {
        Some(path) => write_atomic(path, write),
        None => {
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut w)?;
            w.flush()
        }
    }
}

fn fail(message: &str) -> u8 {
    eprintln!("error: {message}");
    2
}

/// Renders a finished report in one format.
fn render_as(format: Format, report: &Report, style: human::Style) -> String {
    match format {
        Format::Human => human::render(report, style),
        Format::Concise => concise::render(report, style.show_waived),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report),
        Format::Github => github::render(report),
        Format::Junit => junit::render(report),
        Format::Markdown => markdown::render(report),
        Format::Html => html::render(report),
        Format::Csv => csv_out::render(report),
    }
}

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
        match crate::history::add_waivers(args, &settings, &report) {
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
            match (*format, args.redact) {
                (Format::Human, false) => human::write(&report, style, w),
                (Format::Json, false) => json::write(&report, w),
                (Format::Html, false) => html::write(&report, w),
                (Format::Junit, false) => junit::write(&report, w),
                (Format::Csv, false) => csv_out::write(&report, w),
                (Format::Github, false) => github::write(&report, w),
                (Format::Markdown, false) => markdown::write(&report, w),
                (Format::Sarif, false) => {
                    for warning in sarif::write_measured(&report, w)?.warnings() {
                        eprintln!("warning: {warning}");
                    }
                    Ok(())
                }
                (f, redact) => {
                    let mut text = render_as(f, &report, style);
                    if redact {
                        text = rollcall_engine::report::redact::emails(&text);
                    }
                    w.write_all(text.as_bytes())
                }
            }
        });
        if let Err(e) = written {
            let to = args
                .output
                .get(i)
                .map_or_else(|| "standard output".to_owned(), |p| p.display().to_string());
            return fail(&format!("cannot write the report to {to}: {e}"));
        }
    }
    if let Err(message) =
        crate::history::write_history(args, &report, |path, write| write_atomic(path, write))
    {
        return fail(&message);
    }
    let status = u8::try_from(report.exit_status(fail_on)).unwrap_or(2);
    // The process ends now: freeing a portfolio's findings one by one would only delay that
    // (tens of milliseconds on 10,000 customers), so the memory goes back with the process.
    std::mem::forget(report);
    status
}

/// The rule set `rules` shows: the given or nearest configuration (its policies loaded), the
/// profile, the overrides.
fn effective(args: &RuleSetArgs) -> Result<Effective, String> {
    let layer = cli_layer(args);
    load_configuration(args.config.as_deref(), args.profile, &layer).map_err(|errs| joined(&errs))
}

fn joined(errs: &[rollcall_engine::InputError]) -> String {
    errs.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn rules(args: &RulesArgs) -> u8 {
    let eff = match effective(&args.rule_set) {
        Ok(e) => e,
        Err(message) => return fail(&message),
    };
    let level = |r| eff.level(r).map_or("off", Severity::as_str);
    let text = match args.format {
        ListFormat::Json => {
            let rows: Vec<serde_json::Value> = eff
                .rules()
                .map(|r| {
                    serde_json::json!({
                        "code": r.code,
                        "name": r.name,
                        "group": r.group.as_str(),
                        "severity": level(r),
                        "default_severity": r.severity.as_str(),
                        "summary": r.summary,
                        "since": r.since,
                    })
                })
                .collect();
            let doc = serde_json::json!({
                "rules": rows,
                "options": {
                    "inactive_days": eff.options.inactive_days,
                    "invite_days": eff.options.invite_days,
                    "renewal_days": eff.options.renewal_days,
                    "invite_expiry_days": eff.options.invite_expiry_days,
                    "unused_days": eff.options.unused_days,
                    "occasional_days": eff.options.occasional_days,
                    "pool_days": eff.options.pool_days,
                    "max_renewal_months": eff.options.max_renewal_months,
                    "handover_days": eff.options.handover_days,
                },
                "collections": {
                    "checked": rollcall_engine::config::collections_checked(),
                    "collections": eff.options.collections.iter().map(|c| serde_json::json!({
                        "name": c.names[0],
                        "aliases": &c.names[1..],
                        "covers": c.covers,
                    })).collect::<Vec<_>>(),
                },
            });
            let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
            s.push('\n');
            s
        }
        ListFormat::Human => {
            let mut s = String::new();
            // Custom ids may be longer than the catalog's five characters.
            let w = eff.rules().map(|r| r.code.len()).max().unwrap_or(5).max(6);
            let _ = writeln!(
                s,
                "{:<w$} {:<36} {:<12} {:<8} summary",
                "code", "name", "group", "severity"
            );
            for r in eff.rules() {
                let _ = writeln!(
                    s,
                    "{:<w$} {:<36} {:<12} {:<8} {}",
                    r.code,
                    r.name,
                    r.group.as_str(),
                    level(r),
                    r.summary
                );
            }
            let o = &eff.options;
            let _ = writeln!(
                s,
                "\noptions: inactive_days = {}, invite_days = {}, renewal_days = {}, \
                 invite_expiry_days = {},\n         unused_days = {}, occasional_days = {:?}, \
                 pool_days = {}, max_renewal_months = {},\n         handover_days = {}",
                o.inactive_days,
                o.invite_days,
                o.renewal_days,
                o.invite_expiry_days,
                o.unused_days,
                o.occasional_days,
                o.pool_days,
                o.max_renewal_months,
                o.handover_days
            );
            let _ = writeln!(
                s,
                "collections (checked {}): {}",
                rollcall_engine::config::collections_checked(),
                o.collections
                    .iter()
                    .map(|c| c.names[0].as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            );
            s
        }
    };
    if write_out(&text) {
        0
    } else {
        2
    }
}

pub fn explain(key: &str, config: Option<&Path>) -> u8 {
    // A built-in rule needs no configuration; a custom one is found in the policies of the
    // given or nearest configuration.
    let custom: Vec<&'static rollcall_engine::rules::RuleMeta> = if find_rule(key).is_some() {
        Vec::new()
    } else {
        match load_configuration(config, None, &Layer::default()) {
            Ok(eff) => eff.custom().collect(),
            Err(errs) => return fail(&joined(&errs)),
        }
    };
    let custom_hit = custom.iter().copied().find(|r| {
        r.code.eq_ignore_ascii_case(key.trim()) || r.name.eq_ignore_ascii_case(key.trim())
    });
    let Some(rule) = find_rule(key).or(custom_hit) else {
        let names = all_rules()
            .chain(custom.iter().copied())
            .flat_map(|r| [r.code, r.name]);
        let near = rollcall_engine::source::suggest(key, names);
        return fail(&match near {
            Some(n) => format!("unknown rule `{key}`; did you mean `{n}`?"),
            None => format!("unknown rule `{key}`; `rollcall rules` lists them"),
        });
    };
    let mut text = rule.manual();
    let _ = writeln!(
        text,
        "\n### Metadata\n- code: {}\n- name: {}\n- group: {}\n- default severity: {}\n- since: {}",
        rule.code,
        rule.name,
        rule.group.as_str(),
        rule.severity,
        rule.since
    );
    if write_out(&text) {
        0
    } else {
        2
    }
}

/// `rollcall schema account|config`: the JSON Schema (draft-07) of a snapshot or a
/// configuration, for editors' YAML language servers.
pub fn schema(which: crate::SchemaKind) -> u8 {
    let text = match which {
        crate::SchemaKind::Account => include_str!("../schemas/account.schema.json"),
        crate::SchemaKind::Config => include_str!("../schemas/config.schema.json"),
    };
    if write_out(text) {
        0
    } else {
        2
    }
}

/// `rollcall completions SHELL`: a completion script from the command-line definitions.
pub fn completions(shell: clap_complete::Shell) -> u8 {
    let mut cmd = <crate::Cli as clap::CommandFactory>::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "rollcall", &mut out);
    if write_out(&String::from_utf8_lossy(&out)) {
        0
    } else {
        2
    }
}

/// `rollcall man`: the man page (roff), from the same definitions.
pub fn man() -> u8 {
    let cmd = <crate::Cli as clap::CommandFactory>::command();
    let mut out = Vec::new();
    if clap_mangen::Man::new(cmd).render(&mut out).is_err() {
        return fail("cannot render the man page");
    }
    if write_out(&String::from_utf8_lossy(&out)) {
        0
    } else {
        2
    }
}

pub fn convert(
    path: &std::path::PathBuf,
    as_of: Option<rollcall_engine::model::Day>,
    policy_input: bool,
) -> u8 {
    let today = as_of.unwrap_or_else(system_today);
    match rollcall_engine::convert::load_account(path, today) {
        Ok(account) => {
            let text = if policy_input {
                let today = account.as_of.as_ref().map_or(today, |d| d.value);
                rollcall_engine::policy::input_document(&account, today)
            } else {
                rollcall_engine::input::convert::to_snapshot_yaml(&account)
            };
            if write_out(&text) {
                0
            } else {
                2
            }
        }
        Err(errors) => {
            for e in errors {
                eprintln!("error: {e}");
                if let Some(h) = &e.help {
                    eprintln!("  help: {h}");
                }
            }
            2
        }
    }
}

pub fn init(path: &Path, force: bool) -> u8 {
    if path.exists() && !force {
        return fail(&format!(
            "{} already exists; use --force to overwrite it",
            path.display()
        ));
    }
    if let Err(e) = std::fs::write(path, STARTER) {
        return fail(&format!("cannot write {}: {e}", path.display()));
    }
    println!("wrote {}", path.display());
    0
}

/// `rollcall test`: runs the `test_*` rules of the configuration's policies, as `opa test`
/// does, one line per test, then a summary; with `--coverage`, the lines the tests reached.
pub fn test(config: Option<&Path>, coverage: bool) -> u8 {
    use rollcall_engine::policy::TestOutcome;
    let eff = match load_configuration(config, None, &Layer::default()) {
        Ok(e) => e,
        Err(errs) => return fail(&joined(&errs)),
    };
    let Some(set) = eff.policies.as_ref() else {
        let at = eff
            .source
            .as_deref()
            .unwrap_or("no rollcall.yaml was found");
        return fail(&format!(
            "{at}: the configuration lists no `policies:`, so there is nothing to test"
        ));
    };
    let (results, cover) = set.test(coverage);
    let mut s = String::new();
    let mut failed = 0;
    let mut file = "";
    for r in &results {
        if r.file != file {
            let _ = writeln!(s, "{}:", r.file);
            file = &r.file;
        }
        let (word, why) = match &r.outcome {
            TestOutcome::Pass => ("PASS", String::new()),
            TestOutcome::Fail(why) => ("FAIL", format!(" ({why})")),
            TestOutcome::Error(why) => ("ERROR", format!("\n  {why}")),
        };
        if r.outcome != TestOutcome::Pass {
            failed += 1;
        }
        let _ = writeln!(s, "{}.{}: {word}{why}", r.package, r.name);
    }
    let _ = writeln!(s, "{}", "-".repeat(80));
    let passed = results.len() - failed;
    if results.is_empty() {
        let _ = writeln!(
            s,
            "no tests: write `test_*` rules beside each policy's `deny`"
        );
    } else if failed == 0 {
        let _ = writeln!(s, "PASS: {passed}/{}", results.len());
    } else {
        let _ = writeln!(
            s,
            "PASS: {passed}/{}\nFAIL: {failed}/{}",
            results.len(),
            results.len()
        );
    }
    for p in &set.policies {
        if let Some(why) = &p.vm_refused {
            let _ = writeln!(
                s,
                "note: {} runs on the interpreter under `policy_errors: lenient`: the compiled VM cannot compile it ({why})",
                p.meta.code
            );
        }
    }
    if let Some(files) = cover {
        let _ = writeln!(s, "\ncoverage:");
        for c in &files {
            let _ = write!(
                s,
                "{}: {:.1}% ({}/{} lines)",
                c.file,
                c.percent(),
                c.covered.len(),
                c.covered.len() + c.not_covered.len()
            );
            if c.not_covered.is_empty() {
                s.push('\n');
            } else {
                let lines: Vec<String> = c.not_covered.iter().map(ToString::to_string).collect();
                let _ = writeln!(s, "; not covered: {}", lines.join(", "));
            }
        }
    }
    if !write_out(&s) {
        return 2;
    }
    u8::from(failed > 0 || results.is_empty())
}
