//! What the customer's directory says of role holders, as the role matrices of the Markdown
//! and HTML reports mark them: read from the account's RC601 and RC602 findings, so that a
//! report without a directory export (no such findings) is exactly what it was.

use std::collections::BTreeMap;

use crate::report::AccountReport;

/// How a holder is marked, after their address.
pub const GONE: &str = " (gone)";
pub const LEAVING: &str = " (leaving)";

/// The legend of the marks, for a report that shows any.
pub const LEGEND: &str = "(gone): left, away or not in the customer's directory (RC601); \
    (leaving): leaves within `handover_days` (RC602).";

/// Each role holder whom an RC601 (gone) or RC602 (leaving) finding names, with their mark.
/// Gone wins over leaving; a waived finding still marks the person (they are still gone).
pub fn marks(a: &AccountReport) -> BTreeMap<String, &'static str> {
    let mut out: BTreeMap<String, &'static str> = BTreeMap::new();
    for d in &a.diagnostics {
        let Some(user) = &d.subject.user else {
            continue;
        };
        match d.rule.code {
            "RC601" => {
                out.insert(user.clone(), GONE);
            }
            "RC602" => {
                out.entry(user.clone()).or_insert(LEAVING);
            }
            _ => {}
        }
    }
    out
}

/// A holder's address with their mark, if any.
pub fn marked(marks: &BTreeMap<String, &'static str>, holder: &str) -> String {
    match marks.get(holder) {
        Some(m) => format!("{holder}{m}"),
        None => holder.to_owned(),
    }
}
