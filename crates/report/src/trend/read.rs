//! Reading a JSON report for a trend: its day, then per audited account the open findings'
//! keys, counts by severity and savings. Keys a trend does not use are skipped, so a report of
//! any version (or with fields added later) reads.

use std::collections::BTreeMap;

use rollcall_model::Day;
use rollcall_source::InputError;
use serde::de::IgnoredAny;
use serde::Deserialize;

use super::{FindingKey, Open, Subject};

/// One account in one run.
#[derive(Clone, Debug, Default)]
pub struct AccountRun {
    pub open: Open,
    pub savings: BTreeMap<String, u64>,
    /// The keys of its open (not waived) findings, a key once per finding.
    pub findings: Vec<FindingKey>,
}

/// A report as a trend reads it: its audited accounts, by name.
#[derive(Clone, Debug, Default)]
pub struct ReadReport {
    pub accounts: BTreeMap<String, AccountRun>,
}

/// A finding as a trend reads it.
#[derive(Deserialize)]
struct RunFinding {
    rule: String,
    severity: String,
    account: String,
    #[serde(default)]
    subject: Subject,
    waived: Option<IgnoredAny>,
}

#[derive(Deserialize)]
struct Probe {
    run: Option<Run>,
}

#[derive(Deserialize)]
struct Run {
    today: String,
}

#[derive(Deserialize)]
struct Document {
    #[serde(default)]
    accounts: Vec<Account>,
    #[serde(default)]
    findings: Vec<RunFinding>,
}

#[derive(Deserialize)]
struct Account {
    name: String,
    #[serde(default = "yes")]
    audited: bool,
    savings: Option<Savings>,
}

#[derive(Deserialize)]
struct Savings {
    amount: serde_json::Number,
    currency: String,
}

fn yes() -> bool {
    true
}

/// `serde_json`'s error as a located error of the report (positions from 1).
fn syntax(e: &serde_json::Error, file: &str) -> InputError {
    let message = e.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m)
        .to_owned();
    InputError::new(
        file,
        u32::try_from(e.line()).unwrap_or(1).max(1),
        u32::try_from(e.column()).unwrap_or(1).max(1),
        "rollcall::trend",
        format!("not a rollcall JSON report: {message}"),
    )
    .with_help(
        "`rollcall trend` reads the reports `rollcall check --format json` (or `--history`) writes",
    )
}

/// The 1-based line and column of the first `needle` in `text` (1, 1 when absent).
fn position_of(text: &str, needle: &str) -> (u32, u32) {
    let Some(at) = text.find(needle) else {
        return (1, 1);
    };
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

/// A report's day: its `run.today`; for a report written before there was one, a file named
/// for its day (`2026-05-01.json`, as `--history` names them).
pub fn day_of(text: &str, file: &str) -> Result<(Day, (u32, u32)), InputError> {
    let probe: Probe = serde_json::from_str(text).map_err(|e| syntax(&e, file))?;
    let strict = |s: &str| {
        let s = s.trim();
        (s.len() == 10).then(|| Day::parse_iso(s)).flatten()
    };
    match probe.run {
        Some(run) => {
            let at = position_of(text, "\"today\"");
            strict(&run.today).map(|d| (d, at)).ok_or_else(|| {
                InputError::new(
                    file,
                    at.0,
                    at.1,
                    "rollcall::trend",
                    format!("`run.today` is `{}`, not a date YYYY-MM-DD", run.today),
                )
            })
        }
        None => {
            let stem = std::path::Path::new(file)
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("");
            strict(stem).map(|d| (d, (1, 1))).ok_or_else(|| {
                InputError::new(
                    file,
                    1,
                    1,
                    "rollcall::trend",
                    "the report says no `run.today`, and its name is not a day (YYYY-MM-DD.json)",
                )
                .with_help("write reports with `rollcall check --history DIR`, or name each for the day it was run")
            })
        }
    }
}

/// A price as whole cents, from the JSON number a report writes (`3000`, `1999.5`).
fn cents(n: &serde_json::Number) -> Option<u64> {
    let t = n.to_string();
    let (int, frac) = t.split_once('.').unwrap_or((&t, ""));
    if frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: u64 = int.parse().ok()?;
    let part: u64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<2}").parse().ok()?
    };
    whole.checked_mul(100)?.checked_add(part)
}

/// The audited accounts of a report that `keep` selects, with their open findings.
pub fn report(
    text: &str,
    file: &str,
    keep: &(dyn Fn(&str) -> bool + Sync),
) -> Result<ReadReport, InputError> {
    let doc: Document = serde_json::from_str(text).map_err(|e| syntax(&e, file))?;
    let mut out = ReadReport::default();
    for a in doc
        .accounts
        .into_iter()
        .filter(|a| a.audited && keep(&a.name))
    {
        let run = out.accounts.entry(a.name).or_default();
        if let Some(s) = a.savings {
            let c = cents(&s.amount).ok_or_else(|| {
                let at = position_of(text, "\"savings\"");
                InputError::new(
                    file,
                    at.0,
                    at.1,
                    "rollcall::trend",
                    format!("savings of `{}` is not an amount of money", s.amount),
                )
            })?;
            let total = run.savings.entry(s.currency).or_insert(0);
            *total = total.saturating_add(c);
        }
    }
    for f in doc.findings {
        // Configuration notices (RC901, RC902) belong to no account: the portfolio counts them
        // (under the name ""), no account lists them. Accounts not audited or not selected
        // are left out.
        if f.account.is_empty() && keep("") {
            out.accounts.entry(String::new()).or_default();
        }
        let Some(run) = out.accounts.get_mut(&f.account) else {
            continue;
        };
        if f.waived.is_some() {
            run.open.waived += 1;
            continue;
        }
        match f.severity.as_str() {
            "error" => run.open.error += 1,
            "warning" => run.open.warning += 1,
            "info" => run.open.info += 1,
            other => {
                let at = position_of(text, &format!("\"severity\": \"{other}\""));
                return Err(InputError::new(
                    file,
                    at.0,
                    at.1,
                    "rollcall::trend",
                    format!("unknown severity `{other}` of a {} finding", f.rule),
                ));
            }
        }
        run.findings.push(FindingKey {
            rule: f.rule,
            subject: f.subject,
        });
    }
    Ok(out)
}
