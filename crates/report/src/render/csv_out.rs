//! Findings as CSV, one row per finding, for spreadsheets. A cell that a spreadsheet would read
//! as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with
//! `'`, so that opening the file cannot run anything ("CSV injection").

use crate::render::{each_part, Context, Format};
use crate::report::{Report, UnitReport};

/// A cell made safe for spreadsheets.
pub fn cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

/// The report as one string (for `--redact`, which edits the finished text).
pub fn render(report: &Report) -> String {
    let mut buf = Vec::new();
    let _ = write(report, &mut buf);
    String::from_utf8(buf).unwrap_or_default()
}

/// Writes the header, then each unit's rows: the report is never held as one text.
pub fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let cx = Context::of(report, crate::render::human::Style::default());
    // The header is written as a part is, not flushed on its own: the writer below may write
    // only whole blocks.
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let header = [
        "account", "rule", "name", "severity", "file", "line", "column", "contract", "team",
        "product", "user", "message", "help", "waived",
    ];
    w.write_record(header)?;
    out.write_all(&w.into_inner().map_err(csv::IntoInnerError::into_error)?)?;
    each_part(Format::Csv, report, &cx, true, |part| {
        out.write_all(part.as_bytes())
    })?;
    out.flush()
}

/// One unit's rows, one per finding.
pub fn unit_part(unit: &UnitReport) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for d in unit.account.iter().flat_map(|a| &a.diagnostics) {
        let s = &d.subject;
        let line = d.at.line.to_string();
        let column = d.at.column.to_string();
        let row = [
            cell(&d.account),
            d.rule.code.to_owned(),
            d.rule.name.to_owned(),
            d.severity.as_str().to_owned(),
            cell(&d.at.file),
            line,
            column,
            cell(s.contract.as_deref().unwrap_or("")),
            cell(s.team.as_deref().unwrap_or("")),
            cell(s.product.as_deref().unwrap_or("")),
            cell(s.user.as_deref().unwrap_or("")),
            cell(&d.message),
            cell(d.help.as_deref().unwrap_or("")),
            cell(d.waived.as_ref().map_or("", |w| w.reason.as_str())),
        ];
        // Writing into memory fails only on a bug of the csv crate: the row is left out.
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("Acme"), "Acme");
    }
}
