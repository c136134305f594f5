//! Baselines: the findings of an earlier run, keyed by account, rule and subject (never by
//! line, so that editing a file does not make old findings new). Compared with a run, each
//! finding is new or unchanged, and what the baseline had that the run no longer has is fixed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::InputError;
use crate::report::Report;

/// Whether a finding was in the baseline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BaselineState {
    New,
    Unchanged,
}

impl BaselineState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Unchanged => "unchanged",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Key {
    pub account: String,
    pub rule: String,
    pub contract: Option<String>,
    pub team: Option<String>,
    pub product: Option<String>,
    pub user: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Entry {
    #[serde(flatten)]
    key: Key,
    count: usize,
}

#[derive(Serialize, Deserialize)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

fn key_of(d: &crate::report::Diagnostic) -> Key {
    Key {
        account: d.account.clone(),
        rule: d.rule.code.to_owned(),
        contract: d.subject.contract.clone(),
        team: d.subject.team.clone(),
        product: d.subject.product.clone(),
        user: d.subject.user.clone(),
    }
}

/// A baseline file's text for a run (waived findings are left out: they are accepted anyway).
pub fn write(report: &Report) -> String {
    let mut counts: BTreeMap<Key, usize> = BTreeMap::new();
    for d in report.diagnostics().filter(|d| d.waived.is_none()) {
        *counts.entry(key_of(d)).or_insert(0) += 1;
    }
    let file = File {
        version: 1,
        findings: counts
            .into_iter()
            .map(|(key, count)| Entry { key, count })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&file).unwrap_or_default();
    out.push('\n');
    out
}

/// A baseline as read: how many findings each key had.
#[derive(Clone, Debug, Default)]
pub struct Baseline(BTreeMap<Key, usize>);

pub fn read(text: &str, path: &str) -> Result<Baseline, InputError> {
    let file: File = serde_json::from_str(text).map_err(|e| {
        InputError::new(
            path,
            u32::try_from(e.line()).unwrap_or(1),
            u32::try_from(e.column()).unwrap_or(1),
            "rollcall::baseline",
            format!("not a rollcall baseline: {e}"),
        )
        .with_help("write one with `rollcall check --write-baseline FILE`")
    })?;
    if file.version != 1 {
        return Err(InputError::new(
            path,
            1,
            1,
            "rollcall::baseline",
            format!("unsupported baseline version {}", file.version),
        ));
    }
    let mut map = BTreeMap::new();
    for e in file.findings {
        *map.entry(e.key).or_insert(0) += e.count;
    }
    Ok(Baseline(map))
}

/// Marks each finding new or unchanged, and records what was fixed.
pub fn apply(report: &mut Report, baseline: &Baseline) {
    let mut left = baseline.0.clone();
    for unit in &mut report.units {
        let Some(account) = unit.account.as_mut() else {
            continue;
        };
        for d in &mut account.diagnostics {
            if d.waived.is_some() {
                continue;
            }
            let state = match left.get_mut(&key_of(d)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    BaselineState::Unchanged
                }
                _ => BaselineState::New,
            };
            d.baseline = Some(state);
        }
    }
    report.fixed = left
        .into_iter()
        .flat_map(|(k, n)| std::iter::repeat_n(k, n))
        .collect();
    report.baseline_applied = true;
}
