//! The pipeline: discover, resolve each folder's configuration, then for each folder (in
//! parallel) load, merge, check, apply configuration, sort and render; then order the folders
//! and report the waivers that expired or matched nothing. An account's sources live only while
//! its folder is being worked on, so memory is bounded by the largest account, not the
//! portfolio.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use rollcall_model::{Account, Day};
use rollcall_rules::{check_with, registry};

use crate::config::{
    absolute, configuration, display_path, ConfigFinder, Effective, Layer, Prices, Profile,
    Resolved,
};
pub use crate::config::{load_configuration, load_policies};
use crate::discover::discover;
use rollcall_input::Unit;
use rollcall_input::{load_unit_configured, MAX_FILE_BYTES};
use rollcall_report::render::Format;
use rollcall_report::{AccountReport, Diagnostic, Money, Report, UnitReport, Waived};
use rollcall_source::{io_reason, InputError, Sources};

/// What a run needs besides the paths.
#[derive(Clone, Debug)]
pub struct Settings {
    /// "Today" for accounts that give no `as_of` (`--as-of`, else the system date), and the
    /// day against which waivers expire.
    pub today: Day,
    /// `--config FILE`: used for every account instead of the nearest `rollcall.yaml`.
    pub config: Option<PathBuf>,
    /// `--profile NAME`: the base layer instead of the configuration's `extends`.
    pub profile: Option<&'static Profile>,
    /// `--select`, `--ignore`, `--severity`.
    pub cli: Layer,
    /// `--no-waivers`: a strict audit.
    pub no_waivers: bool,
    /// `--baseline`: findings of an earlier run.
    pub baseline: Option<rollcall_report::baseline::Baseline>,
    /// The formats whose part of each account is rendered in the worker (in parallel), while
    /// the account is in memory, rather than at the end (human output's part is the
    /// renderer's given to [`run`]).
    pub parts: Vec<rollcall_report::render::Format>,
    /// How those parts are drawn.
    pub style: rollcall_report::render::human::Style,
    /// Drop each account's diagnostics once rendered (when every requested format renders in
    /// the worker), so that memory holds rendered text and counts, not the findings.
    pub drop_diagnostics: bool,
    /// Accounts kept small are sorted in runs of this many on disk (see
    /// [`rollcall_report::shelf::Shelf`]); tests make them small.
    pub shelf_run: usize,
    /// `--max-file-size`: larger inputs are refused (default 256 MiB).
    pub max_file_bytes: u64,
    /// Keep the inputs' texts for the human renderer (which quotes them); a run without human
    /// output leaves them out, so an account's memory is its model, not also its files.
    pub keep_sources: bool,
    /// `--redact`: personal names are replaced in what the run renders (the caller replaces
    /// email addresses in the final text of every format).
    pub redact: bool,
}

impl Settings {
    pub fn new(today: Day) -> Self {
        Self {
            today,
            config: None,
            profile: None,
            cli: Layer::default(),
            no_waivers: false,
            baseline: None,
            redact: false,
            max_file_bytes: MAX_FILE_BYTES,
            parts: Vec::new(),
            style: rollcall_report::render::human::Style::default(),
            drop_diagnostics: false,
            shelf_run: rollcall_report::shelf::RUN,
            keep_sources: true,
        }
    }
}

/// Renders one folder's outcome while its sources are at hand (the human renderer needs them;
/// others may return an empty string).
pub type UnitRenderer<'a> = dyn Fn(&UnitReport, &Sources) -> String + Sync + 'a;

/// Audits the given paths.
pub fn run(paths: &[PathBuf], settings: &Settings, render: &UnitRenderer<'_>) -> Report {
    run_with_progress(paths, settings, render, &|_, _| {})
}

/// Audits the given paths, calling `progress(done, total)` as each folder is finished (from
/// any thread).
pub fn run_with_progress(
    paths: &[PathBuf],
    settings: &Settings,
    render: &UnitRenderer<'_>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Report {
    run_visiting(paths, settings, render, progress, &|_| ()).0
}

/// One audited account as [`run_visiting`] hands it to its visitor, while the account is
/// still in memory: the account as loaded, its finished report (diagnostics sorted, waived
/// and priced), the configuration it was audited under, and its "today".
pub struct Audited<'a> {
    pub account: &'a rollcall_model::Account,
    pub report: &'a AccountReport,
    pub config: &'a Effective,
    pub today: Day,
}

/// As [`run_with_progress`], and calls `visit` on every audited account in the worker that
/// audited it (accounts that could not be audited are not visited). Returns what each visit
/// returned beside the report's units, in the units' order (a run that keeps accounts small,
/// `drop_diagnostics`, keeps no visit of them).
pub fn run_visiting<T: Send>(
    paths: &[PathBuf],
    settings: &Settings,
    render: &UnitRenderer<'_>,
    progress: &(dyn Fn(usize, usize) + Sync),
    visit: &(dyn Fn(&Audited<'_>) -> T + Sync),
) -> (Report, Vec<Option<T>>) {
    let discovery = discover(paths);
    let mut errors = discovery.errors;
    let displays: HashMap<PathBuf, String> = discovery
        .configs
        .iter()
        .map(|c| (absolute(&c.path), c.display.clone()))
        .collect();
    let mut finder = ConfigFinder::with_walk(
        discovery.walked.iter().cloned(),
        discovery.configs.iter().map(|c| c.path.clone()),
    );

    // Which configuration each folder uses; each is read once. The folders themselves are
    // read again as they are audited (a portfolio's wait on disk: see `Units`).
    let mut configs: Vec<Resolved> = Vec::new();
    let mut by_path: BTreeMap<Option<PathBuf>, Option<u32>> = BTreeMap::new();
    let units = discovery.units;
    // The configuration of each folder, by its place (`None`: broken, not audited), in runs
    // of folders with the same one (a portfolio's folders mostly share one).
    let mut config_of: Vec<(Option<u32>, u32)> = Vec::new();
    for unit in &units {
        let unit = match unit {
            Ok(u) => u,
            Err(e) => {
                errors.push(spool_error(&e));
                break;
            }
        };
        let path = match &settings.config {
            Some(p) => Some(p.clone()),
            None => finder.find(unit.real_dir()),
        };
        let slot = *by_path.entry(path.clone()).or_insert_with(|| {
            match load_config(path.as_deref(), settings, &displays) {
                Ok(r) => {
                    configs.push(r);
                    u32::try_from(configs.len() - 1).ok()
                }
                Err(e) => {
                    errors.extend(e);
                    None
                }
            }
        });
        // A folder whose configuration is broken is not audited: its rules and severities are
        // unknown. The configuration's errors say why.
        match config_of.last_mut() {
            Some((c, n)) if *c == slot && *n < u32::MAX => *n += 1,
            _ => config_of.push((slot, 1)),
        }
    }
    // A configuration met in the walk (or named) that no audited folder uses is still checked:
    // a mistake in it must not wait until an account appears below it.
    if settings.config.is_none() {
        for c in &discovery.configs {
            let at = absolute(&c.path);
            if by_path.contains_key(&Some(at.clone())) {
                continue;
            }
            by_path.insert(Some(at.clone()), None);
            if let Err(e) = load_config(Some(&at), settings, &displays) {
                errors.extend(e);
            }
        }
    }

    // What found the configurations is not needed while the folders are audited.
    drop((finder, by_path, displays));
    // A configuration's `history:` asks for the JSON report whatever formats were asked for.
    let mut parts = settings.parts.clone();
    if configs.iter().any(|c| c.effective.history.is_some()) && !parts.contains(&Format::Json) {
        parts.push(Format::Json);
    }
    let mut custom_rules: Vec<&'static rollcall_rules::RuleMeta> =
        configs.iter().flat_map(|c| c.effective.custom()).collect();
    custom_rules.sort_by_key(|r| r.code);
    custom_rules.dedup_by_key(|r| r.code);
    let cx = rollcall_report::render::Context::new(settings.style, &custom_rules);
    let total: usize = config_of
        .iter()
        .filter(|(c, _)| c.is_some())
        .map(|(_, n)| *n as usize)
        .sum();
    let done = std::sync::atomic::AtomicUsize::new(0);
    // Where nothing but the rendered parts is kept (JSON and human output), they wait in a
    // temporary file until the report is written in account order: memory follows the
    // accounts in flight, not the portfolio. Without a temporary file they stay in memory.
    let spill = settings
        .drop_diagnostics
        .then(rollcall_report::spill::Spill::new)
        .and_then(Result::ok)
        .map(Arc::new);
    // Which waivers matched a finding, and which name an account that was audited (a waiver
    // for an account this run did not audit, one customer folder of a portfolio, is not
    // unused: it was not looked at), per configuration.
    let waiver_state = |c: &Resolved| vec![false; c.effective.waivers.len()];
    let used = std::sync::Mutex::new(configs.iter().map(waiver_state).collect::<Vec<_>>());
    let looked_at = std::sync::Mutex::new(configs.iter().map(waiver_state).collect::<Vec<_>>());
    let stored_by_rule =
        std::sync::Mutex::new(BTreeMap::<&str, (&'static rollcall_rules::RuleMeta, usize)>::new());
    // Accounts kept small wait here, sorted in runs in the spill file.
    let shelf = std::sync::Mutex::new(rollcall_report::shelf::Shelf::with_runs_of(
        spill.clone(),
        settings.shelf_run,
    ));
    // Read back while the folders are audited, in parallel as they come.
    let unreadable = std::sync::Mutex::new(Vec::new());
    let mut results: Vec<(Box<UnitReport>, Option<T>)> = units
        .iter()
        .zip(
            config_of
                .into_iter()
                .flat_map(|(c, n)| std::iter::repeat_n(c, n as usize)),
        )
        .filter_map(|(unit, ci)| match unit {
            Ok(unit) => ci.map(|ci| (unit, ci as usize)),
            Err(e) => {
                lock(&unreadable).push(spool_error(&e));
                None
            }
        })
        .par_bridge()
        .filter_map(|(unit, ci)| {
            let config = &configs[ci].effective;
            let (mut report, sources, hits, account) = audit_unit_keeping(&unit, config, settings);
            drop(unit);
            let visited = match (&account, &report.account) {
                (Some(account), Some(a)) if a.audited => Some(visit(&Audited {
                    account,
                    report: a,
                    config,
                    today: account.as_of.as_ref().map_or(settings.today, |d| d.value),
                })),
                _ => None,
            };
            drop(account);
            if let Ok(mut used) = used.lock() {
                for w in hits {
                    used[ci][w] = true;
                }
            }
            if let Some(a) = report.account.as_ref().filter(|a| a.audited) {
                let matched: Vec<usize> = config
                    .waivers
                    .iter()
                    .enumerate()
                    .filter(|(_, w)| w.account.as_ref().is_none_or(|p| p.matches(&a.name)))
                    .map(|(i, _)| i)
                    .collect();
                if let (false, Ok(mut looked)) = (matched.is_empty(), looked_at.lock()) {
                    for i in matched {
                        looked[ci][i] = true;
                    }
                }
            }
            let mut human = render(&report, &sources);
            drop(sources);
            if settings.redact {
                // The excerpts quote the inputs; the findings' own texts are redacted already.
                human = rollcall_report::redact::names(&human, &report.personal_names);
            }
            report.parts.set(Format::Human, human);
            for format in &parts {
                if let Some(text) = rollcall_report::render::unit_part(*format, &report, &cx) {
                    report.parts.set(*format, text);
                }
            }
            progress(
                done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1,
                total,
            );
            match &spill {
                // Only what the order, the tables and the totals need is kept.
                Some(spill) if settings.drop_diagnostics => {
                    if let Some(a) = report.account.as_mut() {
                        let mut all = stored_by_rule
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner);
                        for (r, n) in std::mem::take(&mut a.by_rule) {
                            all.entry(r.code).or_insert((r, 0)).1 += n;
                        }
                    }
                    let stored = rollcall_report::report::Stored::store(report, spill);
                    shelf
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push(stored);
                    None
                }
                _ => {
                    report.config.clone_from(&configs[ci].path);
                    Some((Box::new(report), visited))
                }
            }
        })
        .collect();
    let used = used.into_inner().unwrap_or_default();
    let looked_at = looked_at.into_inner().unwrap_or_default();
    let stored_by_rule: Vec<_> = stored_by_rule
        .into_inner()
        .unwrap_or_default()
        .into_values()
        .collect();
    errors.extend(
        unreadable
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    );
    results.sort_by(|a, b| a.0.sort_key().cmp(&b.0.sort_key()));
    let (units, visits): (Vec<UnitReport>, Vec<Option<T>>) =
        results.into_iter().map(|(u, v)| (*u, v)).unzip();
    let mut stored = shelf
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    stored.finish();

    let mut notices = UnitReport::default();
    let mut notice_sources = Sources::default();
    if !settings.no_waivers {
        for (ci, config) in configs.iter().enumerate() {
            let diagnostics =
                waiver_notices(&config.effective, &used[ci], &looked_at[ci], settings.today);
            if diagnostics.is_empty() {
                continue;
            }
            if let Some((display, text)) = &config.source {
                notice_sources.insert(display, Arc::clone(text));
            }
            notices
                .account
                .get_or_insert_with(AccountReport::default)
                .diagnostics
                .extend(diagnostics);
        }
    }
    let notices = notices.account.is_some().then(|| {
        if let Some(a) = notices.account.as_mut() {
            a.count();
        }
        let human = render(&notices, &notice_sources);
        notices.parts.set(Format::Human, human);
        notices
    });
    errors.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    let fixed = settings
        .baseline
        .as_ref()
        .map(|b| {
            b.fixed(
                units.iter().flat_map(|u| &u.fixed).chain(
                    stored
                        .kept()
                        .iter()
                        .flat_map(rollcall_report::report::Stored::fixed),
                ),
            )
        })
        .unwrap_or_default();
    let mut history: Vec<PathBuf> = configs
        .iter()
        .filter_map(|c| c.effective.history.clone())
        .collect();
    history.sort();
    history.dedup();
    let report = Report {
        units,
        errors,
        fixed,
        baseline_applied: settings.baseline.is_some(),
        notices,
        custom_rules,
        today: Some(settings.today),
        history,
        spill,
        stored,
        stored_by_rule,
    };
    (report, visits)
}

/// Locks a mutex of the run, whether or not a worker panicked holding it (what it guards is
/// counts and lists, whole at every step).
fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The error of a temporary list of folders that cannot be read back (the disk failed).
fn spool_error(e: &std::io::Error) -> InputError {
    InputError::file(
        &std::env::temp_dir().to_string_lossy(),
        "rollcall::io",
        format!(
            "cannot read back the list of folders found: {}; the folders after it were not audited",
            io_reason(e)
        ),
    )
}

fn load_config(
    path: Option<&Path>,
    settings: &Settings,
    displays: &HashMap<PathBuf, String>,
) -> Result<Resolved, Vec<InputError>> {
    let display = path.map(|path| {
        displays
            .get(&absolute(path))
            .cloned()
            .unwrap_or_else(|| display_path(path))
    });
    let mut r = configuration(path, display, settings.profile, &settings.cli)?;
    r.path = path.map(Path::to_path_buf);
    Ok(r)
}

/// The settings a configuration file (or none) gives under the run's profile and command
/// line, as the run resolved them.
pub(crate) fn configuration_of(
    path: Option<&Path>,
    settings: &Settings,
) -> Result<Effective, Vec<InputError>> {
    load_config(path, settings, &HashMap::new()).map(|r| r.effective)
}

/// Loads, checks, configures and sorts one folder. Also returns the waivers that were used, and
/// the account it audited (`None` when none was loaded).
pub fn audit_unit_keeping(
    unit: &Unit,
    config: &Effective,
    settings: &Settings,
) -> (
    UnitReport,
    Sources,
    Vec<usize>,
    Option<rollcall_model::Account>,
) {
    let loaded = load_unit_configured(
        unit,
        settings.max_file_bytes,
        settings.keep_sources,
        &config.exports,
    );
    let mut report = UnitReport {
        errors: loaded.errors,
        skipped: loaded.skipped,
        ..UnitReport::default()
    };
    let sources = loaded.sources;
    let Some(mut account) = loaded.account else {
        return (report, sources, Vec::new(), None);
    };
    let today = account.as_of.as_ref().map_or(settings.today, |d| d.value);
    account.settle_inactivity(today);
    // A workbook's sheets are sources of their own, but one file: named once, counted once.
    let mut files: Vec<String> = Vec::with_capacity(account.files.len());
    for f in &account.files {
        if !files.contains(&f.path) {
            files.push(f.path.clone());
        }
    }
    // The custom rules first: a policy that fails on this account leaves it unaudited, as a
    // broken input does, rather than half-checked.
    let mut custom = Vec::new();
    if report.errors.is_empty() {
        if let Some(set) = &config.policies {
            match set.check(&account, today, |m| config.level(m).is_some()) {
                Ok(found) => custom = found,
                Err(e) => report.errors.push(e),
            }
        }
    }
    if !report.errors.is_empty() {
        report.account = Some(AccountReport {
            overview: rollcall_report::overview::Overview::of(&account),
            rows_skipped: rows_skipped(&account),
            files,
            name: account.name,
            path: account.path,
            diagnostics: Vec::new(),
            audited: false,
            tally: rollcall_report::report::Tally::default(),
            by_rule: Vec::new(),
            unknown_roles: 0,
            savings: None,
        });
        return (report, sources, Vec::new(), None);
    }
    let rules = registry()
        .iter()
        .copied()
        .filter(|r| config.level(r.meta()).is_some());
    let mut findings = check_with(&account, today, &config.options, rules);
    findings.append(&mut custom);
    let mut used = Vec::new();
    let mut diagnostics = Vec::with_capacity(findings.len());
    for f in findings {
        let Some(severity) = config.severity_of(f.rule, f.severity) else {
            continue;
        };
        let mut d = Diagnostic::of(&account, f);
        d.severity = severity;
        if !settings.no_waivers {
            let hit = config.waivers.iter().enumerate().find(|(_, w)| {
                w.matches(d.rule, &d.account, &d.subject)
                    && w.expires.is_none_or(|e| e >= settings.today)
            });
            if let Some((i, w)) = hit {
                used.push(i);
                d.waived = Some(Waived {
                    reason: w.reason.clone(),
                    expires: w.expires.map(|e| e.to_string()),
                    owner: w.owner.clone(),
                    at: w.at.clone(),
                });
            }
        }
        diagnostics.push(d);
    }
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let savings = config
        .prices
        .as_ref()
        .map(|p| price_findings(p, &config.options.collections, &mut diagnostics));
    if let Some(b) = &settings.baseline {
        report.fixed = b.mark(&account.name, &mut diagnostics);
    }
    if settings.redact {
        report.personal_names = account
            .users
            .iter()
            .flatten()
            .filter_map(|u| u.name.as_ref().map(|n| n.value.clone()))
            .collect();
        for d in &mut diagnostics {
            let names = &report.personal_names;
            d.message = rollcall_report::redact::names(&d.message, names);
            d.label = rollcall_report::redact::names(&d.label, names);
            for (_, text) in &mut d.related {
                *text = rollcall_report::redact::names(text, names);
            }
        }
    }
    let overview = rollcall_report::overview::Overview::of(&account);
    report.account = Some(AccountReport {
        unknown_roles: overview.unknown_roles(),
        rows_skipped: rows_skipped(&account),
        overview,
        files,
        name: account.name.clone(),
        path: account.path.clone(),
        diagnostics,
        audited: true,
        tally: rollcall_report::report::Tally::default(),
        by_rule: Vec::new(),
        savings,
    });
    if let Some(a) = report.account.as_mut() {
        a.count();
    }
    (report, sources, used, Some(account))
}

/// The rows of an account's exports that gave it nothing, by file (and sheet) and why.
fn rows_skipped(account: &Account) -> Vec<rollcall_report::report::RowsSkipped> {
    let mut out: Vec<_> = account
        .rows_skipped
        .iter()
        .map(|r| {
            let file = account.file(r.file);
            rollcall_report::report::RowsSkipped {
                file: file.map(|f| f.path.clone()).unwrap_or_default(),
                sheet: file.and_then(|f| f.sheet.clone()),
                rows: r.count,
                first_line: r.first_line,
                reason: r.reason.clone(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (&a.file, &a.sheet, a.first_line, &a.reason).cmp(&(
            &b.file,
            &b.sheet,
            b.first_line,
            &b.reason,
        ))
    });
    out
}

/// RC901 for each expired waiver, RC902 for each unexpired one that matched nothing.
/// Turns the seats that findings free into money: each finding that frees priced seats gets
/// what those seats cost a year, and the account's total counts each seat once (per contract
/// and product: the most unassigned seats any finding names, and each holder once). Waived
/// findings free nothing: the customer has accepted them.
fn price_findings(
    prices: &Prices,
    catalog: &[rollcall_rules::Collection],
    diagnostics: &mut [Diagnostic],
) -> Money {
    let mut seats: BTreeMap<(String, String), (u64, u64, BTreeSet<String>)> = BTreeMap::new();
    for d in diagnostics.iter_mut() {
        if d.waived.is_some() {
            continue;
        }
        let (Some(freed), Some(contract), Some(product)) =
            (&d.frees, &d.subject.contract, &d.subject.product)
        else {
            continue;
        };
        let Some(price) = prices.of(product, catalog) else {
            continue;
        };
        let count = freed.unassigned + freed.held_by.len() as u64;
        if count == 0 {
            continue;
        }
        d.savings = Some(Money {
            cents: count.saturating_mul(price),
            currency: prices.currency.clone(),
        });
        let entry =
            seats
                .entry((contract.clone(), product.clone()))
                .or_insert((price, 0, BTreeSet::new()));
        entry.1 = entry.1.max(freed.unassigned);
        entry.2.extend(freed.held_by.iter().cloned());
    }
    let cents = seats
        .values()
        .map(|(price, unassigned, held)| (unassigned + held.len() as u64).saturating_mul(*price))
        .fold(0u64, u64::saturating_add);
    Money {
        cents,
        currency: prices.currency.clone(),
    }
}

fn waiver_notices(
    config: &Effective,
    used: &[bool],
    looked_at: &[bool],
    today: Day,
) -> Vec<Diagnostic> {
    let expired_rule = &rollcall_rules::config::expired_waiver::META;
    let unused_rule = &rollcall_rules::config::unused_waiver::META;
    let mut out = Vec::new();
    for ((w, was_used), looked_at) in config.waivers.iter().zip(used).zip(looked_at) {
        let (rule, message, help) = match w.expires {
            Some(e) if e < today => (
                expired_rule,
                format!("the waiver of {} expired on {e}; the findings it covered count again", w.rule.code),
                "review the exception: set a new `expires` date with a reason, or remove the waiver",
            ),
            _ if !was_used && (w.account.is_none() || *looked_at) =>
            (
                unused_rule,
                format!("the waiver of {} matched no finding", w.rule.code),
                "remove the waiver if the problem was fixed, or correct its selector",
            ),
            _ => continue,
        };
        let Some(severity) = config.level(rule) else {
            continue;
        };
        out.push(Diagnostic {
            rule,
            severity,
            message,
            help: Some(help.to_owned().into()),
            account: String::new(),
            subject: rollcall_rules::Subject::default(),
            at: w.at.clone(),
            label: "this waiver".to_owned(),
            related: Vec::new(),
            waived: None,
            baseline: None,
            frees: None,
            savings: None,
        });
    }
    out
}
