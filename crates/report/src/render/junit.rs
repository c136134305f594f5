//! `JUnit` XML: one test suite per account, one failing test case per finding (a passing case
//! for a clean account), input errors as errored cases, waived findings as skipped.

use std::fmt::Write as _;

use crate::render::escape::xml;
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

pub fn render(report: &Report) -> String {
    let mut body = String::new();
    let (mut tests, mut failures, mut errors, mut skipped) = (0, 0, 0, 0);
    for account in report
        .notices
        .iter()
        .filter_map(|n| n.account.as_ref())
        .chain(report.accounts())
    {
        let shown: Vec<&Diagnostic> = account.diagnostics.iter().collect();
        let f = shown.iter().filter(|d| d.waived.is_none()).count();
        let s = shown.len() - f;
        let n = shown.len().max(1);
        tests += n;
        failures += f;
        skipped += s;
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
    }
    let input_errors = report.all_errors();
    if !input_errors.is_empty() {
        let n = input_errors.len();
        tests += n;
        errors += n;
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
    }
    // The totals head the document but are known only now: put them in front of the body in
    // place rather than copying the body into a new string.
    let head = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"rollcall\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\">\n"
    );
    body.reserve(head.len() + 14);
    body.insert_str(0, &head);
    body.push_str("</testsuites>\n");
    body
}
