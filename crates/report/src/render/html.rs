//! One self-contained HTML report that stays usable at 10,000 customers: a summary first
//! (findings per severity and per rule, accounts by worst severity, as inline SVG charts drawn
//! here), then a customer table that sorts, searches and pages, and each customer's details
//! (role matrix, seats, findings) built by the page's script only when opened, from compact
//! data embedded once. No network: the Content-Security-Policy allows only the page's own
//! script and style, by hash, and `data:` images.
//!
//! The data is a JSON block (`<script type="application/json">`, which never runs), written
//! account by account into the output, so the report is never held whole in memory. Every
//! text from an input reaches the page through `textContent`, never as markup, and `<`, `>`
//! and `&` are escaped in the JSON, so no value can close the block.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use rollcall_rules::{RuleMeta, Severity};

use rollcall_rules::count;
use sha2::{Digest, Sha256};

use crate::render::escape::html as h;
use crate::render::{each_part, Context, Format};
use crate::report::{AccountReport, Money, Report};

const STYLE: &str = include_str!("html/report.css");

const SCRIPT: &str = include_str!("html/report.js");

/// `'sha256-...'` of a text, for the Content-Security-Policy.
pub(crate) fn csp_hash(text: &str) -> String {
    use base64::Engine as _;
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// JSON text safe inside a `<script type="application/json">` block.
fn json(value: &serde_json::Value) -> String {
    let text = serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned());
    text.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// A horizontal bar chart: one labelled bar per (label, count, colour).
fn chart(title: &str, bars: &[(String, usize, &str)]) -> String {
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let row = 20;
    let height = row * bars.len().max(1) + 4;
    let mut s = format!(
        "<div class=\"chart\"><h3>{}</h3><svg width=\"420\" height=\"{height}\" role=\"img\" aria-label=\"{}\">",
        h(title),
        h(title)
    );
    for (i, (label, n, color)) in bars.iter().enumerate() {
        let y = i * row + 2;
        #[allow(clippy::cast_precision_loss)]
        let w = 220.0 * (*n as f64) / (max as f64);
        let _ = write!(
            s,
            "<text x=\"0\" y=\"{}\" font-size=\"12\">{}</text><rect x=\"150\" y=\"{y}\" width=\"{w:.1}\" height=\"14\" fill=\"{color}\" rx=\"2\"/><text x=\"{:.1}\" y=\"{}\" font-size=\"12\">{n}</text>",
            y + 12,
            h(label),
            154.0 + w,
            y + 12
        );
    }
    s.push_str("</svg></div>");
    s
}

const COLORS: [&str; 3] = ["#cf222e", "#bf8700", "#0969da"];

fn sev_index(s: Severity) -> usize {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

/// The summary charts: findings per severity, accounts by worst severity, findings per rule.
fn summary_charts(report: &Report) -> io::Result<String> {
    let mut per_sev = [0usize; 3];
    let mut worst = [0usize; 5]; // error, warning, info, clean, not audited
    let units = report
        .notices
        .iter()
        .map(|u| io::Result::Ok(std::borrow::Cow::Borrowed(u)))
        .chain(report.each_unit(false));
    for unit in units {
        let unit = unit?;
        let Some(a) = unit.account.as_ref() else {
            continue;
        };
        if !a.audited && !a.name.is_empty() {
            worst[4] += 1;
            continue;
        }
        let t = &a.tally;
        per_sev[0] += t.errors;
        per_sev[1] += t.warnings;
        per_sev[2] += t.infos;
        let w = if t.errors > 0 {
            0
        } else if t.warnings > 0 {
            1
        } else if t.infos > 0 {
            2
        } else {
            3
        };
        worst[w] += 1;
    }
    let per_rule = report.by_rule();
    let sev_bars: Vec<(String, usize, &str)> = ["errors", "warnings", "infos"]
        .iter()
        .enumerate()
        .map(|(i, l)| ((*l).to_owned(), per_sev[i], COLORS[i]))
        .collect();
    let worst_bars: Vec<(String, usize, &str)> = [
        ("error", COLORS[0]),
        ("warning", COLORS[1]),
        ("info", COLORS[2]),
        ("no findings", "#1a7f37"),
        ("not audited", "#656d76"),
    ]
    .iter()
    .enumerate()
    .map(|(i, (l, c))| ((*l).to_owned(), worst[i], *c))
    .collect();
    let mut rules: Vec<(usize, &'static RuleMeta)> =
        per_rule.into_iter().map(|(r, n)| (n, r)).collect();
    rules.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.code.cmp(b.1.code)));
    let mut rule_bars: Vec<(String, usize, &str)> = rules
        .iter()
        .take(15)
        .map(|(n, r)| (r.code.to_owned(), *n, COLORS[sev_index(r.severity)]))
        .collect();
    let rest: usize = rules.iter().skip(15).map(|(n, _)| n).sum();
    if rest > 0 {
        rule_bars.push((
            format!("{} more", count(rules.len() - 15, "rule", "rules")),
            rest,
            "#656d76",
        ));
    }
    Ok(format!(
        "<section class=\"summary\"><h2>Summary</h2><div class=\"charts\">{}{}{}</div></section>",
        chart("Findings by severity (not waived)", &sev_bars),
        chart("Accounts by worst finding", &worst_bars),
        chart("Findings by rule", &rule_bars)
    ))
}

/// The help texts an account's findings name, each once, in the order first met.
#[derive(Default)]
struct Help {
    texts: Vec<String>,
    index: BTreeMap<String, usize>,
}

impl Help {
    fn of(&mut self, text: &str) -> usize {
        if let Some(i) = self.index.get(text) {
            return *i;
        }
        self.texts.push(text.to_owned());
        self.index.insert(text.to_owned(), self.texts.len() - 1);
        self.texts.len() - 1
    }
}

fn money(m: &Money) -> serde_json::Value {
    #[allow(clippy::cast_precision_loss)]
    let cents = m.cents as f64;
    serde_json::json!([cents, m.to_string()])
}

/// One account as the page's compact record: [name, path, audited, errors, warnings, infos,
/// savings, worst rule, files, contracts, teams, findings, help texts]. Rules are numbered by
/// the run's rule table, help texts by the account's own list.
fn record(a: &AccountReport, cx: &Context) -> serde_json::Value {
    use serde_json::json;
    let mut t = Help::default();
    // The configuration's notices (expired and unused waivers) belong to no account.
    let (name, audited) = if a.name.is_empty() {
        ("Configuration (waivers)", true)
    } else {
        (a.name.as_str(), a.audited)
    };
    let mut files: Vec<&str> = Vec::new();
    let findings: Vec<serde_json::Value> = a
        .diagnostics
        .iter()
        .map(|d| {
            let file = match files.iter().position(|f| *f == d.at.file) {
                Some(i) => i,
                None => {
                    files.push(&d.at.file);
                    files.len() - 1
                }
            };
            let help = d
                .help
                .as_deref()
                .map_or(-1, |x| i64::try_from(t.of(x)).unwrap_or(-1));
            json!([
                sev_index(d.severity),
                cx.rule_index(d.rule.code),
                d.message,
                help,
                file,
                d.at.line,
                d.at.column,
                d.waived.as_ref().map(|w| w.reason.as_str())
            ])
        })
        .collect();
    // A holder gone or leaving is shown with the mark after their address, in every cell
    // that names them (the page's script matches people by the text).
    let marks = crate::holders::marks(a);
    let mark = |holder: &String| crate::holders::marked(&marks, holder);
    let marked = |list: &Vec<String>| list.iter().map(mark).collect::<Vec<_>>();
    let contracts: Vec<serde_json::Value> = a
        .overview
        .contracts
        .iter()
        .map(|c| {
            let products: Vec<serde_json::Value> = c
                .products
                .iter()
                .map(|p| json!([p.name, p.seats, p.assigned]))
                .collect();
            json!([
                c.number,
                c.contract_manager.as_ref().map(mark),
                u8::from(c.manager_unknown),
                c.coordinators.as_ref().map(marked),
                products
            ])
        })
        .collect();
    let teams: Vec<serde_json::Value> = a
        .overview
        .teams
        .iter()
        .map(|m| {
            json!([
                m.name,
                m.primary_admin.as_ref().map(mark),
                marked(&m.secondary_admins),
                marked(&m.sso_admins)
            ])
        })
        .collect();
    let worst = a
        .tally
        .worst
        .map_or(-1, |r| i64::try_from(cx.rule_index(r.code)).unwrap_or(-1));
    json!([
        name,
        a.path,
        u8::from(audited),
        a.tally.errors,
        a.tally.warnings,
        a.tally.infos,
        a.savings.as_ref().map(money),
        worst,
        files,
        contracts,
        teams,
        findings,
        t.texts
    ])
}

/// Writes the report into `out`, account by account.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let s = report.summary();
    let mut head = String::from("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">");
    let _ = write!(
        head,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src {}; script-src {}; img-src data:; base-uri 'none'; form-action 'none'\">",
        csp_hash(STYLE),
        csp_hash(SCRIPT)
    );
    let _ = write!(
        head,
        "<title>rollcall audit</title><style>{STYLE}</style></head><body><header><h1>rollcall audit</h1>"
    );
    let _ = write!(
        head,
        "<div>{}, {} read, {} failed: {}, {}, {}, {} waived</div></header><main>",
        count(s.accounts, "account", "accounts"),
        count(s.files_read, "file", "files"),
        s.files_failed,
        count(s.errors, "error", "errors"),
        count(s.warnings, "warning", "warnings"),
        count(s.infos, "info", "infos"),
        s.waived
    );
    if let Some(savings) = &s.savings {
        let totals: Vec<String> = savings
            .iter()
            .map(|(c, cents)| {
                h(&Money {
                    cents: *cents,
                    currency: c.clone(),
                }
                .to_string())
            })
            .collect();
        let _ = write!(
            head,
            "<p class=\"savings\">Reclaimable seats, each counted once: <strong>{}</strong> a year</p>",
            totals.join(", ")
        );
    }
    head.push_str(&summary_charts(report)?);
    head.push_str("<section class=\"customers\"><h2>Customers</h2><div class=\"controls\"><label>search: <input type=\"search\" id=\"search\" placeholder=\"name or folder\"></label> show: ");
    for sev in ["error", "warning", "info"] {
        let _ = write!(head, "<label><input type=\"checkbox\" class=\"sev-filter\" id=\"filter-{sev}\" value=\"{sev}\" checked> {sev}</label>");
    }
    head.push_str("<label>rule: <select id=\"rule-filter\"><option value=\"\">all rules</option></select></label>");
    head.push_str("<button id=\"prev\">previous</button> <span id=\"page\"></span> <button id=\"next\">next</button> <span class=\"muted\"><span id=\"matching\"></span> matching</span></div>");
    head.push_str("<table id=\"accounts\"><thead><tr>");
    for (key, label) in [
        ("name", "account"),
        ("errors", "errors"),
        ("warnings", "warnings"),
        ("infos", "infos"),
        ("savings", "savings"),
        ("worst", "worst rule"),
    ] {
        let _ = write!(
            head,
            "<th><button data-sort=\"{key}\">{label}</button></th>"
        );
    }
    head.push_str("</tr></thead><tbody id=\"accounts-body\"></tbody></table></section><section id=\"details\" hidden></section>");
    let errors = report.all_errors();
    if !errors.is_empty() {
        head.push_str("<section class=\"errors\"><h2>Inputs that could not be read</h2><ul>");
        for e in errors {
            let _ = write!(head, "<li>{}</li>", h(&e.to_string()));
        }
        head.push_str("</ul></section>");
    }
    head.push_str("</main><script type=\"application/json\" id=\"rollcall-data\">{\"accounts\":[");
    out.write_all(head.as_bytes())?;
    let cx = Context::of(report, crate::render::human::Style::default());
    let mut first = true;
    each_part(Format::Html, report, &cx, true, |part| {
        if part.is_empty() {
            return Ok(());
        }
        if !first {
            out.write_all(b",")?;
        }
        first = false;
        out.write_all(part.as_bytes())
    })?;
    let rules: Vec<serde_json::Value> = cx
        .rules
        .iter()
        .map(|r| serde_json::json!([r.code, r.name]))
        .collect();
    let tail = format!(
        "],\"rules\":{}}}</script><script>{SCRIPT}</script></body></html>\n",
        json(&serde_json::Value::Array(rules))
    );
    out.write_all(tail.as_bytes())
}

/// One account's record and a line break (nothing for a folder that is no account).
pub fn unit_part(unit: &crate::report::UnitReport, cx: &Context) -> String {
    match &unit.account {
        Some(a) => json(&record(a, cx)) + "\n",
        None => String::new(),
    }
}

/// The report as one string (for `--redact`, which edits the finished text).
pub fn render(report: &Report) -> String {
    let mut buf = Vec::new();
    let _ = write(report, &mut buf);
    String::from_utf8(buf).unwrap_or_default()
}
