//! `--format concise`: one line per finding, `path:line:col: CODE message`, as ruff's concise
//! output; input errors and skipped files in the same shape; then the summary line. For a
//! large portfolio, for grep and editors' quickfix lists, and for CI logs.

use std::fmt::Write as _;

use crate::render::human::{neutralise, summary_line};
use crate::render::{each_part, Context, Format};
use crate::report::{Diagnostic, Report, UnitReport};

fn place(d: &Diagnostic) -> String {
    format!("{}:{}:{}:", d.at.file, d.at.line, d.at.column)
}

/// One unit's lines. Waived findings are left out unless `show_waived`.
pub fn unit_part(unit: &UnitReport, show_waived: bool) -> String {
    let mut out = String::new();
    for d in unit.account.iter().flat_map(|a| &a.diagnostics) {
        if d.waived.is_some() && !show_waived {
            continue;
        }
        let waived = if d.waived.is_some() { " (waived)" } else { "" };
        // A workbook's row and column, and the cell as Excel names it.
        let cell = d.at.cell().map(|c| format!(" ({c})")).unwrap_or_default();
        let _ = writeln!(
            out,
            "{} {} {}{}{waived}",
            neutralise(&place(d)),
            d.rule.code,
            neutralise(&d.message),
            neutralise(&cell)
        );
    }
    out
}

/// The concise report as one string.
pub fn render(report: &Report, show_waived: bool) -> String {
    let mut out = Vec::new();
    let style = crate::render::human::Style {
        show_waived,
        ..Default::default()
    };
    let _ = write(report, &Context::of(report, style), &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the concise report: input errors, each unit's lines, skipped files, the summary.
pub fn write(report: &Report, cx: &Context, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut out = String::new();
    for e in report.all_errors() {
        let where_ = if e.line > 0 {
            format!("{}:{}:{}:", e.file, e.line, e.column)
        } else {
            format!("{}:", e.file)
        };
        let _ = writeln!(
            out,
            "{} error {}",
            neutralise(&where_),
            neutralise(&e.message)
        );
    }
    w.write_all(out.as_bytes())?;
    each_part(Format::Concise, report, cx, true, |part| {
        w.write_all(part.as_bytes())
    })?;
    let mut out = String::new();
    for s in report.all_skipped() {
        let _ = writeln!(
            out,
            "{}: skipped {}",
            neutralise(&s.file),
            neutralise(&s.reason)
        );
    }
    out.push_str(&summary_line(report));
    out.push('\n');
    w.write_all(out.as_bytes())
}
