//! The JSON document, version 1 of the output contract.

use serde::Serialize;

use crate::render::escape::json_into;
use crate::report::{Diagnostic, Report};

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    /// The run as a whole: the day it counted from (omitted only for a report built by hand).
    #[serde(skip_serializing_if = "Option::is_none")]
    run: Option<Run>,
    accounts: Vec<Account<'a>>,
    findings: Vec<Finding<'a>>,
    errors: Vec<Error<'a>>,
    skipped: Vec<Skipped<'a>>,
    /// With `--baseline`: what the baseline had that this run no longer finds.
    #[serde(skip_serializing_if = "Option::is_none")]
    fixed: Option<&'a [crate::report::Key]>,
    summary: Summary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Run {
    today: String,
}

#[derive(Serialize)]
struct Account<'a> {
    name: &'a str,
    path: &'a str,
    files: &'a [String],
    audited: bool,
    /// Rows of its exports that gave nothing (absent when there are none).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    rows_skipped: &'a [crate::report::RowsSkipped],
    /// With a price list: what the account's reclaimable seats cost a year (each seat once).
    #[serde(skip_serializing_if = "Option::is_none")]
    savings: Option<Savings<'a>>,
}

#[derive(Serialize)]
struct Finding<'a> {
    rule: &'static str,
    name: &'static str,
    severity: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    account: &'a str,
    subject: Subject<'a>,
    location: Location<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    waived: Option<Waived<'a>>,
    /// With `--baseline`: `new` or `unchanged`.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<&'static str>,
    /// With a price list: what the seats this finding frees cost a year.
    #[serde(skip_serializing_if = "Option::is_none")]
    savings: Option<Savings<'a>>,
}

#[derive(Serialize)]
struct Savings<'a> {
    amount: Amount,
    currency: &'a str,
}

use crate::report::Amount;

#[derive(Serialize)]
struct Subject<'a> {
    contract: Option<&'a str>,
    team: Option<&'a str>,
    product: Option<&'a str>,
    user: Option<&'a str>,
}

#[derive(Serialize)]
struct Location<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    /// For a workbook: the sheet, and the cell as Excel names it (`Users!E7`).
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cell: Option<String>,
}

#[cfg(test)]
impl<'a> Location<'a> {
    fn of(at: &'a crate::report::Loc) -> Self {
        Self {
            file: &at.file,
            line: at.line,
            column: at.column,
            sheet: at.sheet.as_deref(),
            cell: at.cell(),
        }
    }
}

#[derive(Serialize)]
struct Waived<'a> {
    reason: &'a str,
    expires: Option<&'a str>,
    owner: Option<&'a str>,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Error<'a> {
    file: &'a str,
    /// `null` when the problem is the file as a whole (it cannot be opened).
    line: Option<u32>,
    column: Option<u32>,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct Skipped<'a> {
    file: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct Summary {
    accounts: usize,
    files_read: usize,
    files_failed: usize,
    files_skipped: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    waived: usize,
    /// With a price list: currency -> total yearly cost of the reclaimable seats.
    #[serde(skip_serializing_if = "Option::is_none")]
    savings: Option<std::collections::BTreeMap<String, Amount>>,
}

fn account(a: &crate::report::AccountReport) -> Account<'_> {
    Account {
        name: &a.name,
        path: &a.path,
        files: &a.files,
        audited: a.audited,
        rows_skipped: &a.rows_skipped,
        savings: a.savings.as_ref().map(|m| Savings {
            amount: Amount(m.cents),
            currency: &m.currency,
        }),
    }
}

/// A finding as serde writes it: the reference [`write_finding`] is tested against.
#[cfg(test)]
fn finding(d: &Diagnostic) -> Finding<'_> {
    Finding {
        rule: d.rule.code,
        name: d.rule.name,
        severity: d.severity.as_str(),
        message: &d.message,
        help: d.help.as_deref(),
        account: &d.account,
        subject: Subject {
            contract: d.subject.contract.as_deref(),
            team: d.subject.team.as_deref(),
            product: d.subject.product.as_deref(),
            user: d.subject.user.as_deref(),
        },
        location: Location::of(&d.at),
        baseline: d.baseline.map(crate::report::BaselineState::as_str),
        waived: d.waived.as_ref().map(|w| Waived {
            reason: &w.reason,
            expires: w.expires.as_deref(),
            owner: w.owner.as_deref(),
            location: Location::of(&w.at),
        }),
        savings: d.savings.as_ref().map(|m| Savings {
            amount: Amount(m.cents),
            currency: &m.currency,
        }),
    }
}

/// The findings of one folder as items of the document's `findings` array: each pretty-printed
/// at the array's depth, separated by `,\n`, so that the document is the same whether its
/// findings were rendered here or by [`render`].
pub fn unit_fragment(unit: &crate::report::UnitReport) -> String {
    // About a kilobyte a finding: grown once or twice, not a dozen times.
    let n = unit.account.as_ref().map_or(0, |a| a.diagnostics.len());
    let mut out: Vec<u8> = Vec::with_capacity(n * 1024);
    for d in unit.account.iter().flat_map(|a| &a.diagnostics) {
        out.extend_from_slice(if out.is_empty() { b"    " } else { b",\n    " });
        write_finding(&mut out, d);
    }
    // Every text written is a `str`, escaped by bytes below 0x80: the bytes are UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// Adds a finding as `serde_json`'s pretty printer writes [`Finding`] at the depth of the
/// `findings` array's items, without serde's general path (the layout is fixed; strings are
/// escaped by [`json_into`]). A test compares the two on findings of every shape.
fn write_finding(out: &mut Vec<u8>, d: &Diagnostic) {
    // `,` (not before the first key), a new line and the indent, in one slice.
    const BREAK: &[u8; 23] = b",\n                     ";
    let key = |out: &mut Vec<u8>, depth: usize, name: &str, first: bool| {
        out.extend_from_slice(&BREAK[usize::from(first)..2 + 2 * depth]);
        out.push(b'"');
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b"\": ");
    };
    let text = |out: &mut Vec<u8>, value: Option<&str>| match value {
        Some(v) => json_into(out, v),
        None => out.extend_from_slice(b"null"),
    };
    let close = |out: &mut Vec<u8>, depth: usize| {
        out.extend_from_slice(&BREAK[1..2 + 2 * depth]);
        out.push(b'}');
    };
    let location = |out: &mut Vec<u8>, at: &crate::report::Loc, depth: usize| {
        out.push(b'{');
        key(out, depth + 1, "file", true);
        json_into(out, &at.file);
        key(out, depth + 1, "line", false);
        out.extend_from_slice(itoa::Buffer::new().format(at.line).as_bytes());
        key(out, depth + 1, "column", false);
        out.extend_from_slice(itoa::Buffer::new().format(at.column).as_bytes());
        if let Some(sheet) = &at.sheet {
            key(out, depth + 1, "sheet", false);
            json_into(out, sheet);
        }
        if let Some(cell) = at.cell() {
            key(out, depth + 1, "cell", false);
            json_into(out, &cell);
        }
        close(out, depth);
    };
    out.push(b'{');
    key(out, 3, "rule", true);
    json_into(out, d.rule.code);
    key(out, 3, "name", false);
    json_into(out, d.rule.name);
    key(out, 3, "severity", false);
    json_into(out, d.severity.as_str());
    key(out, 3, "message", false);
    json_into(out, &d.message);
    key(out, 3, "help", false);
    text(out, d.help.as_deref());
    key(out, 3, "account", false);
    json_into(out, &d.account);
    key(out, 3, "subject", false);
    out.push(b'{');
    key(out, 4, "contract", true);
    text(out, d.subject.contract.as_deref());
    key(out, 4, "team", false);
    text(out, d.subject.team.as_deref());
    key(out, 4, "product", false);
    text(out, d.subject.product.as_deref());
    key(out, 4, "user", false);
    text(out, d.subject.user.as_deref());
    close(out, 3);
    key(out, 3, "location", false);
    location(out, &d.at, 3);
    if let Some(w) = &d.waived {
        key(out, 3, "waived", false);
        out.push(b'{');
        key(out, 4, "reason", true);
        json_into(out, &w.reason);
        key(out, 4, "expires", false);
        text(out, w.expires.as_deref());
        key(out, 4, "owner", false);
        text(out, w.owner.as_deref());
        key(out, 4, "location", false);
        location(out, &w.at, 4);
        close(out, 3);
    }
    if let Some(b) = d.baseline {
        key(out, 3, "baseline", false);
        json_into(out, b.as_str());
    }
    if let Some(m) = &d.savings {
        key(out, 3, "savings", false);
        out.push(b'{');
        key(out, 4, "amount", true);
        // A whole amount as an integer, else serde_json's shortest float.
        if serde_json::to_writer(&mut *out, &Amount(m.cents)).is_err() {
            out.extend_from_slice(b"null");
        }
        key(out, 4, "currency", false);
        json_into(out, &m.currency);
        close(out, 3);
    }
    close(out, 2);
}

/// The whole document, pretty-printed, with a final newline.
pub fn render(report: &Report) -> String {
    let mut out = Vec::new();
    let _ = write(report, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the document. Findings rendered in the workers are written piece by piece, so that
/// the whole document never has to be held in memory at once.
pub fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let s = report.summary();
    let errors = report.all_errors();
    let skipped = report.all_skipped();
    let doc = Document {
        version: 1,
        tool: Tool {
            name: "rollcall",
            version: env!("CARGO_PKG_VERSION"),
        },
        run: report.today.map(|d| Run {
            today: d.to_string(),
        }),
        // Written in place of the empty array, an account at a time.
        accounts: Vec::new(),
        // Written in place of the empty array, a unit at a time.
        findings: Vec::new(),
        errors: errors
            .iter()
            .map(|e| Error {
                file: &e.file,
                line: (e.line > 0).then_some(e.line),
                column: (e.line > 0).then_some(e.column),
                message: &e.message,
                help: e.help.as_deref(),
            })
            .collect(),
        fixed: report.baseline_applied.then_some(report.fixed.as_slice()),
        skipped: skipped
            .iter()
            .map(|s| Skipped {
                file: &s.file,
                reason: &s.reason,
            })
            .collect(),
        summary: Summary {
            accounts: s.accounts,
            files_read: s.files_read,
            files_failed: s.files_failed,
            files_skipped: s.files_skipped,
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
            waived: s.waived,
            savings: s
                .savings
                .map(|m| m.into_iter().map(|(c, v)| (c, Amount(v))).collect()),
        },
    };
    let text = serde_json::to_string_pretty(&doc).map_err(std::io::Error::other)?;
    let (before, text) = text
        .split_once("\"accounts\": []")
        .unwrap_or(("", text.as_str()));
    out.write_all(before.as_bytes())?;
    out.write_all(b"\"accounts\": [")?;
    let mut any = false;
    let mut item: Vec<u8> = Vec::new();
    for unit in report.each_unit(true) {
        let unit = unit?;
        let Some(a) = unit.account.as_ref() else {
            continue;
        };
        item.clear();
        item.extend_from_slice(if any { b",\n    " } else { b"\n    " });
        let mut ser =
            serde_json::Serializer::with_formatter(&mut item, crate::render::pretty::Nested::at(2));
        serde::Serialize::serialize(&account(a), &mut ser).map_err(std::io::Error::other)?;
        out.write_all(&item)?;
        any = true;
    }
    out.write_all(if any { b"\n  ]" } else { b"]" })?;
    let marker = "\"findings\": []";
    let (head, tail) = text.split_once(marker).unwrap_or((text, ""));
    out.write_all(head.as_bytes())?;
    out.write_all(b"\"findings\": [")?;
    let cx = crate::render::Context::of(report, crate::render::human::Style::default());
    let mut any = false;
    crate::render::each_part(crate::render::Format::Json, report, &cx, true, |fragment| {
        if fragment.is_empty() {
            return Ok(());
        }
        out.write_all(if any { b",\n" } else { b"\n" })?;
        out.write_all(fragment.as_bytes())?;
        any = true;
        Ok(())
    })?;
    out.write_all(if any { b"\n  ]" } else { b"]" })?;
    out.write_all(tail.as_bytes())?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{BaselineState, Loc, Money, Waived};
    use rollcall_rules::Severity;

    /// The hand-written finding is serde's, byte for byte, on findings of every shape: with and
    /// without help, subject parts, a sheet, a waiver (with and without its dates), a baseline
    /// mark, savings whole and with cents; texts with quotes, escapes, control characters and
    /// letters beyond ASCII.
    #[test]
    fn findings_are_written_as_serde_writes_them() {
        use serde::Serialize;
        let texts = ["plain", "", "a \"quoted\" \\ path\n\ttab \u{1} é 日本", "x"];
        let rule = rollcall_rules::all_rules().next().unwrap();
        let mut compared = 0;
        for shape in 0..256u32 {
            let bit = |n: u32| shape & (1 << n) != 0;
            let t = |n: u32| texts[((shape >> n) as usize) % texts.len()].to_owned();
            let at = Loc {
                file: t(1),
                line: if shape > 250 {
                    u32::MAX - shape
                } else {
                    shape * 7
                },
                column: shape % 13,
                len: 1,
                sheet: bit(2).then(|| t(3)),
            };
            let d = Diagnostic {
                rule,
                severity: [Severity::Error, Severity::Warning, Severity::Info][shape as usize % 3],
                message: t(0),
                help: bit(1).then(|| t(2).into()),
                account: t(3),
                subject: rollcall_rules::Subject {
                    contract: bit(0).then(|| t(1)),
                    team: bit(3).then(|| t(2)),
                    product: bit(4).then(|| t(0)),
                    user: bit(5).then(|| t(4)),
                },
                at: at.clone(),
                label: t(5),
                related: Vec::new(),
                waived: bit(6).then(|| Waived {
                    reason: t(2),
                    expires: bit(0).then(|| "2027-01-01".to_owned()),
                    owner: bit(1).then(|| t(3)),
                    at: at.clone(),
                }),
                baseline: bit(7).then_some(if bit(0) {
                    BaselineState::New
                } else {
                    BaselineState::Unchanged
                }),
                frees: None,
                savings: bit(4).then(|| Money {
                    cents: if bit(5) { 150_000 } else { 1_234_567 },
                    currency: t(1),
                }),
            };
            let mut got = Vec::new();
            write_finding(&mut got, &d);
            let mut want = Vec::new();
            let mut ser = serde_json::Serializer::with_formatter(
                &mut want,
                crate::render::pretty::Nested::at(2),
            );
            finding(&d).serialize(&mut ser).unwrap();
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(want).unwrap(),
                "shape {shape}"
            );
            compared += 1;
        }
        assert_eq!(compared, 256);
    }
}
