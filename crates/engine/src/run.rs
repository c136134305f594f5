//! The pipeline: discover, then for each folder (in parallel) load, merge, check, sort and
//! render; then order the folders. An account's sources live only while its folder is being
//! worked on, so memory is bounded by the largest account, not the portfolio.

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use rollcall_model::{Account, Day, FileId, Origin, SourceFile, SourceKind};
use rollcall_rules::{check_account, Finding, Options};

use crate::discover::{discover, InputKind, Unit};
use crate::error::InputError;
use crate::report::{AccountReport, Diagnostic, Loc, Report, UnitReport};
use crate::snapshot;
use crate::source::{read_text, Sources};

/// What a run needs besides the paths.
#[derive(Clone, Debug)]
pub struct Settings {
    /// "Today" for accounts that give no `as_of` (`--as-of`, else the system date).
    pub today: Day,
    pub options: Options,
}

/// Renders one folder's outcome while its sources are at hand (the human renderer needs them;
/// others may return an empty string).
pub type UnitRenderer<'a> = dyn Fn(&UnitReport, &Sources) -> String + Sync + 'a;

/// Audits the given paths.
pub fn run(paths: &[PathBuf], settings: &Settings, render: &UnitRenderer<'_>) -> Report {
    let discovery = discover(paths);
    let mut units: Vec<UnitReport> = discovery
        .units
        .par_iter()
        .map(|unit| {
            let (mut report, sources) = audit_unit(unit, settings);
            report.rendered = render(&report, &sources);
            report
        })
        .collect();
    units.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Report {
        units,
        errors: discovery.errors,
    }
}

/// Loads, checks and sorts one folder.
pub fn audit_unit(unit: &Unit, settings: &Settings) -> (UnitReport, Sources) {
    let mut report = UnitReport::default();
    let mut sources = Sources::default();
    let mut account = Account {
        path: unit.dir.clone(),
        ..Account::default()
    };
    let mut name = None;
    let mut snapshot_seen: Option<&str> = None;
    for input in &unit.inputs {
        match input.kind {
            InputKind::Snapshot => {
                if let Some(first) = snapshot_seen {
                    report.errors.push(
                        InputError::file(
                            &input.display,
                            "rollcall::two-snapshots",
                            format!("a second snapshot in one folder (the first is {first})"),
                        )
                        .with_help(
                            "all inputs of a folder are one account: keep one snapshot per folder",
                        ),
                    );
                    continue;
                }
                let text = match read_text(&input.path, &input.display) {
                    Ok(t) => t,
                    Err(e) => {
                        report.errors.push(e);
                        continue;
                    }
                };
                let file = FileId(u32::try_from(account.files.len()).unwrap_or(u32::MAX));
                match snapshot::read(&text, &input.display, file) {
                    Ok(s) => {
                        snapshot_seen = Some(&input.display);
                        let files = std::mem::take(&mut account.files);
                        account = Account {
                            path: unit.dir.clone(),
                            files,
                            ..s.account
                        };
                        account.files.push(SourceFile {
                            path: input.display.clone(),
                            kind: SourceKind::Snapshot,
                        });
                        name = s.name;
                    }
                    Err(errors) => report.errors.extend(errors),
                }
                sources.insert(&input.display, Arc::from(text));
            }
            InputKind::Table | InputKind::Workbook => {
                report.skipped.push(crate::error::Skipped {
                    file: input.display.clone(),
                    reason: "Autodesk Account exports are not read by this build".into(),
                });
            }
        }
    }
    report
        .errors
        .sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    if account.files.is_empty() {
        return (report, sources);
    }
    account.name = name.unwrap_or_else(|| unit.dir_name.clone());
    if !report.errors.is_empty() {
        report.account = Some(AccountReport {
            files: account.files.iter().map(|f| f.path.clone()).collect(),
            name: account.name,
            path: account.path,
            diagnostics: Vec::new(),
            audited: false,
        });
        return (report, sources);
    }
    let today = account.as_of.as_ref().map_or(settings.today, |d| d.value);
    let findings = check_account(&account, today, &settings.options);
    let mut diagnostics: Vec<Diagnostic> = findings
        .into_iter()
        .map(|f| to_diagnostic(&account, f))
        .collect();
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    report.account = Some(AccountReport {
        files: account.files.iter().map(|f| f.path.clone()).collect(),
        name: account.name,
        path: account.path,
        diagnostics,
        audited: true,
    });
    (report, sources)
}

fn loc(account: &Account, origin: Origin) -> Loc {
    Loc {
        file: account.path_of(origin).to_owned(),
        line: origin.line,
        column: origin.column,
        len: origin.len,
    }
}

fn to_diagnostic(account: &Account, f: Finding) -> Diagnostic {
    Diagnostic {
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        help: f.help,
        account: account.name.clone(),
        subject: f.subject,
        at: loc(account, f.origin),
        label: f.label,
        related: f
            .labels
            .into_iter()
            .map(|l| (loc(account, l.origin), l.text))
            .collect(),
        waived: None,
    }
}
