//! Baselines: the findings of an earlier run, keyed by account, rule and subject (never by
//! line, so that editing a file does not make old findings new). Compared with a run, each
//! finding is new or unchanged, and what the baseline had that the run no longer has is fixed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use rollcall_source::InputError;

pub use crate::report::{BaselineState, Key};
use crate::report::{Diagnostic, Report};

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

fn key_of(d: &Diagnostic) -> Key {
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
        // serde_json counts a column from 0 at the end of a line or of the file; rollcall's
        // positions are 1-based. Its own "at line L column C" is the position given already.
        let message = e.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m)
            .to_owned();
        InputError::new(
            path,
            u32::try_from(e.line()).unwrap_or(1).max(1),
            u32::try_from(e.column()).unwrap_or(1).max(1),
            "rollcall::baseline",
            format!("not a rollcall baseline: {message}"),
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

impl Baseline {
    /// Marks an account's findings new or unchanged; returns what the baseline had for the
    /// account that it no longer has. Each account consumes its own copy of its entries, so
    /// the result does not depend on the order accounts are audited in.
    pub fn mark(&self, account: &str, diagnostics: &mut [Diagnostic]) -> Vec<Key> {
        let mut left: BTreeMap<&Key, usize> = self
            .0
            .iter()
            .filter(|(k, _)| k.account == account)
            .map(|(k, n)| (k, *n))
            .collect();
        for d in diagnostics.iter_mut().filter(|d| d.waived.is_none()) {
            let key = key_of(d);
            let state = match left.get_mut(&key) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    BaselineState::Unchanged
                }
                _ => BaselineState::New,
            };
            d.baseline = Some(state);
        }
        left.into_iter()
            .flat_map(|(k, n)| std::iter::repeat_n(k.clone(), n))
            .collect()
    }

    /// Everything fixed: what audited accounts no longer have, and the entries of accounts
    /// that this run did not audit at all are left out (they were not looked at).
    pub fn fixed<'k>(&self, keys: impl IntoIterator<Item = &'k Key>) -> Vec<Key> {
        let mut all: Vec<Key> = keys.into_iter().cloned().collect();
        all.sort();
        all
    }
}

#[cfg(test)]
mod tests {
    use super::read;

    #[test]
    fn parse_errors_are_located_from_1() {
        let e = read("", "b.json").unwrap_err();
        assert_eq!((e.line, e.column), (1, 1), "{e:?}");
        let e = read("{\"version\": 1,\n \"findings\": [ }", "b.json").unwrap_err();
        assert_eq!((e.line, e.column), (2, 16), "{e:?}");
        assert!(!e.message.contains(" at line "), "{}", e.message);
        assert_eq!(e.to_string().lines().count(), 1);
    }
}
