//! A customer-facing Markdown summary: per account, a role table per contract, seat use per
//! product, and the findings grouped by severity with their help.

use std::fmt::Write as _;

use rollcall_rules::Severity;

use crate::render::escape::markdown as md;
use rollcall_rules::count;

use crate::render::{each_part, Context, Format};
use crate::report::{AccountReport, Report};

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_owned()
    } else {
        items.iter().map(|i| md(i)).collect::<Vec<_>>().join(", ")
    }
}

fn opt(v: Option<&String>) -> String {
    v.map_or_else(|| "none".to_owned(), |s| md(s))
}

fn account(out: &mut String, a: &AccountReport) {
    let _ = writeln!(out, "## {}\n", md(&a.name));
    let _ = writeln!(
        out,
        "Folder: `{}`. Inputs: {}.\n",
        a.path.replace('`', "'"),
        a.files
            .iter()
            .map(|f| format!("`{}`", f.replace('`', "'")))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if !a.audited {
        out.push_str("**Not audited**: an input failed to load (see the errors).\n\n");
        return;
    }
    if let Some(m) = &a.savings {
        let _ = writeln!(
            out,
            "Reclaimable seats: **{}** a year.\n",
            md(&m.to_string())
        );
    }
    let o = &a.overview;
    let marks = crate::holders::marks(a);
    let mark = |holder: &String| crate::holders::marked(&marks, holder);
    if !o.contracts.is_empty() {
        out.push_str("### Roles\n\n| Contract | Team | Ends | Renews | Contract Manager | Software Coordinators |\n|---|---|---|---|---|---|\n");
        for c in &o.contracts {
            let scs = match &c.coordinators {
                Some(list) if list.is_empty() => "none named (the Contract Manager)".to_owned(),
                Some(list) => self::list(&list.iter().map(mark).collect::<Vec<_>>()),
                None => "unknown".to_owned(),
            };
            let cm = if c.manager_unknown {
                "unknown".to_owned()
            } else {
                opt(c.contract_manager.as_ref().map(mark).as_ref())
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                md(&c.number),
                opt(c.team.as_ref()),
                opt(c.ends.as_ref()),
                if c.auto_renew {
                    "automatically"
                } else {
                    "by hand"
                },
                cm,
                scs
            );
        }
        out.push('\n');
    }
    if !o.teams.is_empty() {
        out.push_str(
            "| Team | Primary admin | Secondary admins | SSO admins |\n|---|---|---|---|\n",
        );
        for t in &o.teams {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                md(&t.name),
                opt(t.primary_admin.as_ref().map(mark).as_ref()),
                list(&t.secondary_admins.iter().map(mark).collect::<Vec<_>>()),
                list(&t.sso_admins.iter().map(mark).collect::<Vec<_>>())
            );
        }
        out.push('\n');
    }
    if !marks.is_empty() && (!o.contracts.is_empty() || !o.teams.is_empty()) {
        let _ = writeln!(out, "{}\n", crate::holders::LEGEND);
    }
    let products: Vec<_> = o
        .contracts
        .iter()
        .flat_map(|c| c.products.iter().map(move |p| (c, p)))
        .collect();
    if !products.is_empty() {
        out.push_str("### Seats\n\n| Contract | Product | Seats | Assigned | Free |\n|---|---|---:|---:|---:|\n");
        for (c, p) in products {
            let (assigned, free) = match p.assigned {
                Some(n) => (
                    n.to_string(),
                    if n > p.seats {
                        format!("{} over", n - p.seats)
                    } else {
                        (p.seats - n).to_string()
                    },
                ),
                None => ("unknown".to_owned(), "unknown".to_owned()),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {assigned} | {free} |",
                md(&c.number),
                md(&p.name),
                p.seats
            );
        }
        out.push('\n');
    }
    out.push_str("### Findings\n\n");
    let active: Vec<_> = a
        .diagnostics
        .iter()
        .filter(|d| d.waived.is_none())
        .collect();
    if active.is_empty() {
        out.push_str("No findings.\n\n");
    }
    for (severity, title) in [
        (Severity::Error, "Errors"),
        (Severity::Warning, "Warnings"),
        (Severity::Info, "Information"),
    ] {
        let group: Vec<_> = active.iter().filter(|d| d.severity == severity).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(out, "#### {title} ({})\n", group.len());
        for d in group {
            let _ = writeln!(
                out,
                "- **{} {}**: {} (`{}:{}:{}`)",
                d.rule.code,
                d.rule.name,
                md(&d.message),
                d.at.file.replace('`', "'"),
                d.at.line,
                d.at.column
            );
            if let Some(h) = &d.help {
                let _ = writeln!(out, "  - Fix: {}", md(h));
            }
        }
        out.push('\n');
    }
    let waived: Vec<_> = a
        .diagnostics
        .iter()
        .filter(|d| d.waived.is_some())
        .collect();
    if !waived.is_empty() {
        let _ = writeln!(out, "#### Waived ({})\n", waived.len());
        for d in waived {
            let reason = d.waived.as_ref().map_or("", |w| w.reason.as_str());
            let _ = writeln!(
                out,
                "- {} {}: {} (waived: {})",
                d.rule.code,
                d.rule.name,
                md(&d.message),
                md(reason)
            );
        }
        out.push('\n');
    }
}

/// One account's section (nothing for a folder that is no account).
pub fn unit_part(unit: &crate::report::UnitReport) -> String {
    let mut out = String::new();
    if let Some(a) = unit.account.as_ref().filter(|a| !a.name.is_empty()) {
        account(&mut out, a);
    }
    out
}

/// The report as one string (for `--redact`, which edits the finished text).
pub fn render(report: &Report) -> String {
    let mut buf = Vec::new();
    let _ = write(report, &mut buf);
    String::from_utf8(buf).unwrap_or_default()
}

/// Writes the report into `w` an account at a time.
pub fn write(report: &Report, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let s = report.summary();
    let mut out = String::from("# rollcall audit\n\n");
    let _ = writeln!(
        out,
        "{} audited from {}: {}, {}, {}{}.\n",
        count(s.accounts, "account", "accounts"),
        count(s.files_read, "file", "files"),
        count(s.errors, "error", "errors"),
        count(s.warnings, "warning", "warnings"),
        count(s.infos, "info", "infos"),
        if s.waived > 0 {
            format!(", {} waived", s.waived)
        } else {
            String::new()
        }
    );
    if let Some(savings) = &s.savings {
        let totals: Vec<String> = savings
            .iter()
            .map(|(c, cents)| {
                md(&crate::report::Money {
                    cents: *cents,
                    currency: c.clone(),
                }
                .to_string())
            })
            .collect();
        let _ = writeln!(
            out,
            "Reclaimable seats (unassigned, held by dormant users, unused, or included in the \
             holder's collection; each seat counted once): **{}** a year.\n",
            totals.join(", ")
        );
    }
    // The table, a row at a time: a first pass counts the accounts and whether any is priced.
    let (mut named, mut priced) = (0usize, false);
    for unit in report.each_unit(false) {
        if let Some(a) = unit?.account.as_ref().filter(|a| !a.name.is_empty()) {
            named += 1;
            priced |= a.savings.is_some();
        }
    }
    if named > 1 {
        if priced {
            out.push_str(
                "| Account | Errors | Warnings | Infos | Savings | Worst rule |\n|---|---:|---:|---:|---:|---|\n",
            );
        } else {
            out.push_str(
                "| Account | Errors | Warnings | Infos | Worst rule |\n|---|---:|---:|---:|---|\n",
            );
        }
        for unit in report.each_unit(false) {
            let unit = unit?;
            let Some(account) = unit.account.as_ref().filter(|a| !a.name.is_empty()) else {
                continue;
            };
            let t = account.tally;
            let worst = t
                .worst
                .map_or_else(|| "none".to_owned(), |r| format!("{} {}", r.code, r.name));
            let savings = if priced {
                let m = account
                    .savings
                    .as_ref()
                    .map_or_else(|| "-".to_owned(), |m| md(&m.to_string()));
                format!(" {m} |")
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |{savings} {worst} |",
                md(&account.name),
                t.errors,
                t.warnings,
                t.infos
            );
            if out.len() > 64 * 1024 {
                w.write_all(out.as_bytes())?;
                out.clear();
            }
        }
        out.push('\n');
    }
    w.write_all(out.as_bytes())?;
    let cx = Context::of(report, crate::render::human::Style::default());
    each_part(Format::Markdown, report, &cx, false, |part| {
        w.write_all(part.as_bytes())
    })?;
    out.clear();
    if let Some(notices) = report.notices.as_ref().and_then(|n| n.account.as_ref()) {
        out.push_str("## Configuration\n\n");
        for d in &notices.diagnostics {
            let _ = writeln!(
                out,
                "- **{} {}**: {} (`{}:{}`)",
                d.rule.code,
                d.rule.name,
                md(&d.message),
                d.at.file.replace('`', "'"),
                d.at.line
            );
        }
        out.push('\n');
    }
    let errors = report.all_errors();
    if !errors.is_empty() {
        out.push_str("## Inputs that could not be read\n\n");
        for e in errors {
            let _ = writeln!(
                out,
                "- `{}`: {}",
                e.file.replace('`', "'"),
                md(&e.to_string())
            );
        }
        out.push('\n');
    }
    w.write_all(out.as_bytes())
}
