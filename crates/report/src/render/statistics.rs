//! `--statistics`: how many findings each rule gave, at each severity, most first (as ruff's
//! `--statistics`), then the summary line. For a portfolio too large to read finding by
//! finding: what to fix first, and where a profile or an option needs tuning.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rollcall_rules::Severity;
use serde::Serialize;

use crate::render::human::summary_line;
use crate::report::Report;

/// (count, code, name, severity), most findings first, then by code and severity.
fn rows(report: &Report) -> Vec<(usize, &'static str, &'static str, Severity)> {
    let mut counts: BTreeMap<(&'static str, Severity), (&'static str, usize)> = BTreeMap::new();
    for d in report.diagnostics().filter(|d| d.waived.is_none()) {
        counts
            .entry((d.rule.code, d.severity))
            .or_insert((d.rule.name, 0))
            .1 += 1;
    }
    let mut rows: Vec<_> = counts
        .into_iter()
        .map(|((code, severity), (name, n))| (n, code, name, severity))
        .collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)).then(b.3.cmp(&a.3)));
    rows
}

/// The table, then the summary line.
pub fn render(report: &Report) -> String {
    let rows = rows(report);
    let mut out = String::new();
    let width = rows
        .iter()
        .map(|r| r.0.to_string().len())
        .max()
        .unwrap_or(1)
        .max(5);
    let _ = writeln!(out, "{:>width$}  code   {:<36} severity", "count", "name");
    for (n, code, name, severity) in &rows {
        let _ = writeln!(out, "{n:>width$}  {code}  {name:<36} {severity}");
    }
    out.push('\n');
    out.push_str(&summary_line(report));
    out.push('\n');
    out
}

#[derive(Serialize)]
struct Row {
    rule: &'static str,
    name: &'static str,
    severity: &'static str,
    count: usize,
}

/// The same counts as a JSON array (with `--format json`).
pub fn render_json(report: &Report) -> String {
    let rows: Vec<Row> = rows(report)
        .into_iter()
        .map(|(count, rule, name, severity)| Row {
            rule,
            name,
            severity: severity.as_str(),
            count,
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&rows).unwrap_or_default();
    s.push('\n');
    s
}
