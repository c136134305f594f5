//! One self-contained HTML report (no network fetches): a portfolio overview, then per account
//! a role matrix, seat-utilisation bars drawn as inline SVG, and the findings, filterable by
//! severity and rule. Every value from an input is escaped.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::render::escape::html as h;
use crate::report::{AccountReport, Report};

const STYLE: &str = r"
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
header{background:#24292f;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px}
main{padding:16px 24px;max-width:1200px}section.account{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:12px 16px;margin:16px 0}
table{border-collapse:collapse;margin:8px 0;width:100%}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f6f8fa}
td.num{text-align:right}.sev{font-weight:600;text-transform:uppercase;font-size:11px;padding:1px 6px;border-radius:10px}
.sev-error{background:#ffebe9;color:#cf222e}.sev-warning{background:#fff8c5;color:#9a6700}.sev-info{background:#ddf4ff;color:#0969da}
.filters{position:sticky;top:0;background:#f6f8fa;padding:8px 0;border-bottom:1px solid #d0d7de;z-index:1}
.filters label{margin-right:12px}code{font-size:12px}.muted{color:#656d76}.role{font-size:12px;font-weight:600}
";

const SCRIPT: &str = r"
(function(){
  function apply(){
    var shown={};
    document.querySelectorAll('input.sev-filter').forEach(function(b){shown[b.value]=b.checked;});
    var rule=document.getElementById('rule-filter').value;
    document.querySelectorAll('tr.finding').forEach(function(r){
      var ok=shown[r.dataset.severity]&&(rule===''||r.dataset.rule===rule);
      r.style.display=ok?'':'none';
    });
    document.querySelectorAll('section.account').forEach(function(s){
      var n=s.querySelectorAll('tr.finding:not([style*=none])').length;
      var c=s.querySelector('.visible-count');if(c){c.textContent=n;}
    });
  }
  document.querySelectorAll('input.sev-filter').forEach(function(b){b.addEventListener('change',apply);});
  document.getElementById('rule-filter').addEventListener('change',apply);
  apply();
})();
";

fn bar(seats: u64, assigned: Option<u64>) -> String {
    let Some(n) = assigned else {
        return "<span class=\"muted\">assignments unknown</span>".to_owned();
    };
    let width = 200.0_f64;
    #[allow(clippy::cast_precision_loss)]
    let ratio = if seats == 0 {
        if n > 0 {
            1.0
        } else {
            0.0
        }
    } else {
        (n as f64 / seats as f64).min(1.0)
    };
    let color = match n.cmp(&seats) {
        std::cmp::Ordering::Greater => "#cf222e",
        std::cmp::Ordering::Less => "#bf8700",
        std::cmp::Ordering::Equal => "#1a7f37",
    };
    format!(
        "<svg width=\"210\" height=\"14\" role=\"img\" aria-label=\"{n} of {seats} seats assigned\"><rect x=\"0\" y=\"1\" width=\"{width}\" height=\"12\" fill=\"#eaeef2\" rx=\"2\"/><rect x=\"0\" y=\"1\" width=\"{:.1}\" height=\"12\" fill=\"{color}\" rx=\"2\"/></svg> {n} / {seats}",
        width * ratio
    )
}

fn role_matrix(out: &mut String, a: &AccountReport) {
    let o = &a.overview;
    let mut columns: Vec<String> = o
        .contracts
        .iter()
        .map(|c| format!("contract {}", c.number))
        .collect();
    columns.extend(o.teams.iter().map(|t| format!("team {}", t.name)));
    if columns.is_empty() {
        return;
    }
    let mut people: BTreeSet<&str> = BTreeSet::new();
    for c in &o.contracts {
        people.extend(c.contract_manager.as_deref());
        people.extend(c.coordinators.iter().flatten().map(String::as_str));
    }
    for t in &o.teams {
        people.extend(t.primary_admin.as_deref());
        people.extend(t.secondary_admins.iter().map(String::as_str));
        people.extend(t.sso_admins.iter().map(String::as_str));
    }
    out.push_str("<h3>Role matrix</h3><table class=\"roles\"><tr><th>person</th>");
    for c in &columns {
        let _ = write!(out, "<th>{}</th>", h(c));
    }
    out.push_str("</tr>");
    for p in people {
        let _ = write!(out, "<tr><td>{}</td>", h(p));
        for c in &o.contracts {
            let mut roles = Vec::new();
            if c.contract_manager.as_deref() == Some(p) {
                roles.push("CM");
            }
            match &c.coordinators {
                Some(list) if list.iter().any(|x| x == p) => roles.push("SC"),
                Some(list) if list.is_empty() && c.contract_manager.as_deref() == Some(p) => {
                    roles.push("SC (by default)");
                }
                _ => {}
            }
            let _ = write!(out, "<td class=\"role\">{}</td>", roles.join(", "));
        }
        for t in &o.teams {
            let mut roles = Vec::new();
            if t.primary_admin.as_deref() == Some(p) {
                roles.push("primary");
            }
            if t.secondary_admins.iter().any(|x| x == p) {
                roles.push("secondary");
            }
            if t.sso_admins.iter().any(|x| x == p) {
                roles.push("SSO");
            }
            let _ = write!(out, "<td class=\"role\">{}</td>", roles.join(", "));
        }
        out.push_str("</tr>");
    }
    // Roles that no input names: unknown, not empty.
    if o.has_unknown_roles() {
        out.push_str("<tr class=\"unknown\"><td>unknown</td>");
        for c in &o.contracts {
            let mut roles = Vec::new();
            if c.manager_unknown {
                roles.push("CM");
            }
            if c.coordinators.is_none() {
                roles.push("SC");
            }
            let _ = write!(out, "<td class=\"role\">{}</td>", roles.join(", "));
        }
        for _ in &o.teams {
            out.push_str("<td class=\"role\"></td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>\n");
}

fn account(out: &mut String, index: usize, a: &AccountReport) {
    let title = if a.name.is_empty() {
        "Configuration"
    } else {
        a.name.as_str()
    };
    let _ = write!(out, "<section class=\"account\" id=\"account-{index}\"><h2>{}</h2><p class=\"muted\"><code>{}</code></p>", h(title), h(&a.path));
    if !a.audited && !a.name.is_empty() {
        out.push_str("<p><strong>Not audited</strong>: an input failed to load.</p></section>\n");
        return;
    }
    if let Some(m) = &a.savings {
        let _ = write!(
            out,
            "<p class=\"savings\">Reclaimable seats: <strong>{}</strong> a year</p>",
            h(&m.to_string())
        );
    }
    role_matrix(out, a);
    let products: Vec<_> = a
        .overview
        .contracts
        .iter()
        .flat_map(|c| c.products.iter().map(move |p| (c, p)))
        .collect();
    if !products.is_empty() {
        out.push_str("<h3>Seats</h3><table class=\"seats\"><tr><th>contract</th><th>product</th><th>use</th></tr>");
        for (c, p) in products {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                h(&c.number),
                h(&p.name),
                bar(p.seats, p.assigned)
            );
        }
        out.push_str("</table>");
    }
    let _ = write!(
        out,
        "<h3>Findings (<span class=\"visible-count\">{}</span>)</h3>",
        a.diagnostics.len()
    );
    out.push_str("<table class=\"findings\"><tr><th>severity</th><th>rule</th><th>finding</th><th>where</th></tr>");
    for d in &a.diagnostics {
        let severity = d.severity.as_str();
        let waived = d.waived.as_ref().map_or(String::new(), |w| {
            format!("<br><em>waived: {}</em>", h(&w.reason))
        });
        let help = d.help.as_ref().map_or(String::new(), |x| {
            format!("<br><span class=\"muted\">{}</span>", h(x))
        });
        let _ = write!(
            out,
            "<tr class=\"finding\" data-severity=\"{severity}\" data-rule=\"{}\"><td><span class=\"sev sev-{severity}\">{severity}</span></td><td><code>{}</code> {}</td><td>{}{help}{waived}</td><td><code>{}:{}:{}</code></td></tr>",
            d.rule.code,
            d.rule.code,
            d.rule.name,
            h(&d.message),
            h(&d.at.file),
            d.at.line,
            d.at.column
        );
    }
    out.push_str("</table></section>\n");
}

pub fn render(report: &Report) -> String {
    let s = report.summary();
    let mut out = String::from("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">");
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">");
    let _ = write!(out, "<title>rollcall audit</title><style>{STYLE}</style></head><body><header><h1>rollcall audit</h1>");
    let _ = write!(
        out,
        "<div>{} accounts, {} files read, {} failed: {} errors, {} warnings, {} infos, {} waived</div></header><main>",
        s.accounts, s.files_read, s.files_failed, s.errors, s.warnings, s.infos, s.waived
    );
    if let Some(savings) = &s.savings {
        let totals: Vec<String> = savings
            .iter()
            .map(|(c, cents)| {
                h(&crate::report::Money {
                    cents: *cents,
                    currency: c.clone(),
                }
                .to_string())
            })
            .collect();
        let _ = write!(
            out,
            "<p class=\"savings\">Reclaimable seats, each counted once: <strong>{}</strong> a year</p>",
            totals.join(", ")
        );
    }
    let rules: BTreeSet<&str> = report.diagnostics().map(|d| d.rule.code).collect();
    out.push_str("<div class=\"filters\">Show: ");
    for sev in ["error", "warning", "info"] {
        let _ = write!(out, "<label><input type=\"checkbox\" class=\"sev-filter\" id=\"filter-{sev}\" value=\"{sev}\" checked> {sev}</label>");
    }
    out.push_str("<label>rule: <select id=\"rule-filter\"><option value=\"\">all rules</option>");
    for r in rules {
        let _ = write!(out, "<option value=\"{r}\">{r}</option>");
    }
    out.push_str("</select></label></div>");
    let priced = report.accounts().any(|a| a.savings.is_some());
    out.push_str("<h2>Portfolio</h2><table class=\"portfolio\"><tr><th>account</th><th>errors</th><th>warnings</th><th>infos</th>");
    if priced {
        out.push_str("<th>savings</th>");
    }
    out.push_str("<th>worst rule</th></tr>");
    let accounts: Vec<&AccountReport> = report
        .notices
        .iter()
        .filter_map(|n| n.account.as_ref())
        .chain(report.accounts())
        .collect();
    for (i, a) in accounts
        .iter()
        .enumerate()
        .filter(|(_, a)| !a.name.is_empty())
    {
        let t = a.tally;
        let worst = t
            .worst
            .map_or_else(String::new, |r| format!("{} {}", r.code, r.name));
        let savings = if priced {
            let m = a
                .savings
                .as_ref()
                .map_or_else(|| "-".to_owned(), ToString::to_string);
            format!("<td class=\"num\">{}</td>", h(&m))
        } else {
            String::new()
        };
        let _ = write!(
            out,
            "<tr><td><a href=\"#account-{i}\">{}</a></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>{savings}<td>{worst}</td></tr>",
            h(&a.name),
            t.errors,
            t.warnings,
            t.infos
        );
    }
    out.push_str("</table>\n");
    for (i, a) in accounts.iter().enumerate() {
        account(&mut out, i, a);
    }
    let errors = report.all_errors();
    if !errors.is_empty() {
        out.push_str("<section class=\"account\"><h2>Inputs that could not be read</h2><ul>");
        for e in errors {
            let _ = write!(out, "<li>{}</li>", h(&e.to_string()));
        }
        out.push_str("</ul></section>");
    }
    let _ = writeln!(out, "</main><script>{SCRIPT}</script></body></html>");
    out
}
