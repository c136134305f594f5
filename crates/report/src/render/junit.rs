//! `JUnit` XML: one test suite per account, one failing test case per finding (a passing case
//! for a clean account), input errors as errored cases, waived findings as skipped.

use std::fmt::Write as _;

use crate::render::escape::xml;
use crate::render::{each_part, Context, Format};
use crate::report::{Diagnostic, Report};

fn case_name(d: &Diagnostic) -> String {
    let s = &d.subject;
    let parts: Vec<String> = s.parts().map(|(k, v)| format!("{k} {v}")).collect();
    if parts.is_empty() {
        format!("{} {}", d.rule.code, d.rule.name)
    } else {
        format!("{} {} ({})", d.rule.code, d.rule.name, parts.join(", "))
    }
}

fn suite_name(a: &crate::report::AccountReport) -> &str {
    if a.name.is_empty() {
        "configuration"
    } else {
        &a.name
    }
}

/// The report as one string (for `--redact`, which edits the finished text).
pub fn render(report: &Report) -> String {
    let mut buf = Vec::new();
    let _ = write(report, &mut buf);
    String::from_utf8(buf).unwrap_or_default()
}

/// Writes the document into `out` a suite at a time. The totals that head it are the
/// accounts' counts.
pub fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let cx = Context::of(report, crate::render::human::Style::default());
    let input_errors = report.all_errors();
    // A test case per finding, and one passing case per account without any.
    let t = report.totals();
    let mut tests = t.findings() + t.clean;
    let (failures, skipped) = (t.errors + t.warnings + t.infos, t.waived);
    let errors = input_errors.len();
    tests += errors;
    writeln!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"rollcall\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\">"
    )?;
    each_part(Format::Junit, report, &cx, true, |part| {
        out.write_all(part.as_bytes())
    })?;
    let mut body = String::new();
    if !input_errors.is_empty() {
        body.clear();
        let n = input_errors.len();
        let _ = writeln!(body, "  <testsuite name=\"inputs\" tests=\"{n}\" failures=\"0\" errors=\"{n}\" skipped=\"0\">");
        for e in input_errors {
            let _ = writeln!(
                body,
                "    <testcase classname=\"rollcall.inputs\" name=\"{}\">",
                xml(&e.file)
            );
            let _ = writeln!(
                body,
                "      <error type=\"{}\" message=\"{}\">{}</error>",
                xml(e.code),
                xml(&e.message),
                xml(&e.to_string())
            );
            body.push_str("    </testcase>\n");
        }
        body.push_str("  </testsuite>\n");
        out.write_all(body.as_bytes())?;
    }
    out.write_all(b"</testsuites>\n")
}

/// One account's test suite (nothing for a folder that is no account).
pub fn unit_part(unit: &crate::report::UnitReport) -> String {
    let mut body = String::new();
    let Some(account) = unit.account.as_ref() else {
        return body;
    };
    let shown: Vec<&Diagnostic> = account.diagnostics.iter().collect();
    let f = shown.iter().filter(|d| d.waived.is_none()).count();
    let s = shown.len() - f;
    let n = shown.len().max(1);
    let _ = writeln!(
        body,
        "  <testsuite name=\"{}\" tests=\"{n}\" failures=\"{f}\" errors=\"0\" skipped=\"{s}\">",
        xml(suite_name(account))
    );
    let class = xml(&format!("rollcall.{}", suite_name(account)));
    if shown.is_empty() {
        let _ = writeln!(body, "    <testcase classname=\"{class}\" name=\"audit\"/>");
    }
    for d in shown {
        let _ = writeln!(
            body,
            "    <testcase classname=\"{class}\" name=\"{}\" file=\"{}\" line=\"{}\">",
            xml(&case_name(d)),
            xml(&d.at.file),
            d.at.line
        );
        let mut text = format!("{}:{}:{}: {}", d.at.file, d.at.line, d.at.column, d.message);
        if let Some(h) = &d.help {
            let _ = write!(text, "\nhelp: {h}");
        }
        match &d.waived {
            Some(w) => {
                let _ = writeln!(
                    body,
                    "      <skipped message=\"waived: {}\"/>",
                    xml(&w.reason)
                );
            }
            None => {
                let _ = writeln!(
                    body,
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                    d.severity,
                    xml(&d.message),
                    xml(&text)
                );
            }
        }
        body.push_str("    </testcase>\n");
    }
    body.push_str("  </testsuite>\n");
    body
}
