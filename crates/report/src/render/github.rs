//! GitHub Actions workflow commands: one annotation per finding and per input error.

use std::fmt::Write as _;

use rollcall_rules::Severity;

use crate::render::{each_part, Context, Format};
use crate::report::{Report, UnitReport};

/// Escapes a workflow command's message (`%`, CR, LF).
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value (also `:` and `,`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The report as one string (for `--redact`, which edits the finished text).
pub fn render(report: &Report) -> String {
    let mut buf = Vec::new();
    let _ = write(report, &mut buf);
    String::from_utf8(buf).unwrap_or_default()
}

/// Writes one command a line into `out`, as each is made.
pub fn write(report: &Report, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let cx = Context::of(report, crate::render::human::Style::default());
    let mut out = String::new();
    for e in report.all_errors() {
        out.clear();
        if e.line > 0 {
            let _ = writeln!(
                out,
                "::error file={},line={},col={},title={}::{}",
                property(&e.file),
                e.line,
                e.column,
                property(e.code),
                data(&e.message)
            );
        } else {
            let _ = writeln!(
                out,
                "::error file={},title={}::{}",
                property(&e.file),
                property(e.code),
                data(&e.message)
            );
        }
        w.write_all(out.as_bytes())?;
    }
    each_part(Format::Github, report, &cx, true, |part| {
        w.write_all(part.as_bytes())
    })?;
    Ok(())
}

/// One unit's annotations: a command a line for each finding that is not waived.
pub fn unit_part(unit: &UnitReport) -> String {
    let mut out = String::new();
    let diagnostics = unit.account.iter().flat_map(|a| &a.diagnostics);
    for d in diagnostics.filter(|d| d.waived.is_none()) {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = d.message.clone();
        if let Some(h) = &d.help {
            let _ = write!(message, "\nhelp: {h}");
        }
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},endColumn={},title={}::{}",
            property(&d.at.file),
            d.at.line,
            d.at.column,
            d.at.column + d.at.len,
            property(&format!("{} {}", d.rule.code, d.rule.name)),
            data(&message)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_github_documents() {
        assert_eq!(data("50%\nnext"), "50%25%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
