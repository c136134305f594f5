//! A trend as text: the JSON data, a human table per account, a Markdown summary for a
//! quarterly e-mail; the HTML page is in [`html`].

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::ser::{SerializeSeq, Serializer};

use super::{FixTimes, Series, Trend, Worse};
use crate::render::escape::markdown as md;
use rollcall_rules::count;

pub mod html;

use crate::report::{amount_of as money, Amount};

#[allow(clippy::ptr_arg)] // serde's `serialize_with` passes the field as it is
pub(super) fn savings_list<S: Serializer>(
    list: &Vec<BTreeMap<String, u64>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut seq = s.serialize_seq(Some(list.len()))?;
    for run in list {
        let m: BTreeMap<&str, Amount> = run.iter().map(|(c, v)| (c.as_str(), Amount(*v))).collect();
        seq.serialize_element(&m)?;
    }
    seq.end()
}

#[allow(clippy::ptr_arg)] // serde's `serialize_with` passes the field as it is
pub(super) fn worse_names<S: Serializer>(list: &Vec<Worse>, s: S) -> Result<S::Ok, S::Error> {
    let mut seq = s.serialize_seq(Some(list.len()))?;
    for w in list {
        seq.serialize_element(&w.name)?;
    }
    seq.end()
}

/// The trend's data, pretty-printed, with a final newline.
pub fn json(trend: &Trend) -> String {
    let mut s = serde_json::to_string_pretty(trend).unwrap_or_default();
    s.push('\n');
    s
}

fn fix_line(t: &FixTimes) -> String {
    match (t.median_days, t.longest_days) {
        (Some(m), Some(l)) => format!(
            "{} fixed, median {}, longest {}",
            t.fixed,
            count(m, "day", "days"),
            count(l, "day", "days")
        ),
        _ => "nothing fixed yet".to_owned(),
    }
}

/// The currencies a series has savings in.
fn currencies(s: &Series) -> Vec<&str> {
    let mut c: Vec<&str> = s
        .savings
        .iter()
        .flat_map(|m| m.keys().map(String::as_str))
        .collect();
    c.sort_unstable();
    c.dedup();
    c
}

/// The rows of a series: a label, then one cell per run.
fn rows(s: &Series) -> Vec<(String, Vec<String>)> {
    let col = |f: &dyn Fn(usize) -> String| (0..s.runs.len()).map(f).collect::<Vec<_>>();
    let mut out = vec![
        ("errors".to_owned(), col(&|i| s.open[i].error.to_string())),
        (
            "warnings".to_owned(),
            col(&|i| s.open[i].warning.to_string()),
        ),
        ("infos".to_owned(), col(&|i| s.open[i].info.to_string())),
        ("waived".to_owned(), col(&|i| s.open[i].waived.to_string())),
        ("new".to_owned(), col(&|i| s.new[i].to_string())),
        ("fixed".to_owned(), col(&|i| s.fixed[i].to_string())),
        ("back".to_owned(), col(&|i| s.back[i].to_string())),
    ];
    for c in currencies(s) {
        out.push((
            format!("savings {c}"),
            col(&|i| {
                s.savings[i]
                    .get(c)
                    .map_or_else(|| "-".to_owned(), |v| money(*v))
            }),
        ));
    }
    out
}

fn table(out: &mut String, title: &str, s: &Series) {
    let rows = rows(s);
    let label = rows
        .iter()
        .map(|r| r.0.chars().count())
        .max()
        .unwrap_or(0)
        .max(title.chars().count().saturating_sub(2));
    let _ = write!(out, "{title}");
    let pad = (label + 2).saturating_sub(title.chars().count());
    let _ = write!(out, "{}", " ".repeat(pad));
    for r in &s.runs {
        let _ = write!(out, "  {r:>10}");
    }
    out.push('\n');
    for (name, cells) in rows {
        let _ = write!(out, "  {name:<label$}");
        for c in cells {
            let _ = write!(out, "  {c:>10}");
        }
        out.push('\n');
    }
    let t = &s.time_to_fix;
    let _ = writeln!(out, "  time to fix: {}", fix_line(&t.overall));
    for (rule, f) in &t.by_rule {
        let _ = writeln!(out, "    {rule}: {}", fix_line(f));
    }
}

fn subject_text(s: &super::Subject) -> String {
    let parts: Vec<String> = [
        ("contract", &s.contract),
        ("team", &s.team),
        ("product", &s.product),
        ("user", &s.user),
    ]
    .iter()
    .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k} {v}")))
    .collect();
    if parts.is_empty() {
        "the account".to_owned()
    } else {
        parts.join(", ")
    }
}

/// A table per account (a column per run it appears in), after the portfolio's.
pub fn human(trend: &Trend) -> String {
    let mut out = String::new();
    let (first, last) = (trend.runs.first(), trend.runs.last());
    let _ = match (first, last) {
        (Some(f), Some(l)) => writeln!(
            out,
            "{} from {f} to {l}, {}\n",
            count(trend.runs.len(), "run", "runs"),
            count(trend.accounts.len(), "account", "accounts")
        ),
        _ => writeln!(out, "no reports to compare\n"),
    };
    table(&mut out, "portfolio", &trend.portfolio);
    if !trend.worse.is_empty() {
        let _ = writeln!(out, "\nworse in the latest run (errors and warnings):");
        for w in &trend.worse {
            let _ = writeln!(
                out,
                "  {}: {} -> {} (+{})",
                w.name,
                w.before,
                w.now,
                w.now - w.before
            );
        }
    }
    for a in &trend.accounts {
        out.push('\n');
        table(&mut out, &a.name, &a.series);
        for f in &a.still_open {
            let _ = writeln!(
                out,
                "  still open: {} on {} since {} ({})",
                f.rule,
                subject_text(&f.subject),
                f.since,
                count(f.age_days, "day", "days")
            );
        }
    }
    // Names and subjects come from the reports: no terminal escape gets through.
    crate::render::human::neutralise(&out)
}

/// A summary for a quarterly e-mail: the portfolio, what got worse, how long fixes take,
/// and a line per account.
pub fn markdown(trend: &Trend) -> String {
    let mut out = String::from("# Progress over time\n\n");
    let p = &trend.portfolio;
    let n = p.runs.len();
    if n == 0 {
        out.push_str("No reports to compare.\n");
        return out;
    }
    let _ = writeln!(
        out,
        "{} from {} to {}, {}.\n",
        count(n, "run", "runs"),
        p.runs[0],
        p.runs[n - 1],
        count(trend.accounts.len(), "account", "accounts")
    );
    out.push_str("## Portfolio\n\n| |");
    for r in &p.runs {
        let _ = write!(out, " {r} |");
    }
    out.push_str("\n|---|");
    out.push_str(&"---:|".repeat(n));
    out.push('\n');
    for (name, cells) in rows(p) {
        let _ = write!(out, "| {} |", md(&name));
        for c in cells {
            let _ = write!(out, " {c} |");
        }
        out.push('\n');
    }
    out.push_str("\n## Worse in the latest run\n\n");
    if trend.worse.is_empty() {
        out.push_str("No account has more errors and warnings than in its previous run.\n");
    } else {
        out.push_str("| Account | Before | Now | Rise |\n|---|---:|---:|---:|\n");
        for w in &trend.worse {
            let _ = writeln!(
                out,
                "| {} | {} | {} | +{} |",
                md(&w.name),
                w.before,
                w.now,
                w.now - w.before
            );
        }
    }
    out.push_str("\n## Time to fix\n\n");
    let ttf = &p.time_to_fix;
    if ttf.overall.fixed == 0 {
        out.push_str("Nothing was fixed yet.\n");
    } else {
        out.push_str("| Rule | Fixed | Median days | Longest days |\n|---|---:|---:|---:|\n");
        let cell = |v: Option<i64>| v.map_or_else(|| "-".to_owned(), |d| d.to_string());
        for (rule, f) in &ttf.by_rule {
            let _ = writeln!(
                out,
                "| {rule} | {} | {} | {} |",
                f.fixed,
                cell(f.median_days),
                cell(f.longest_days)
            );
        }
        let _ = writeln!(
            out,
            "| **all** | {} | {} | {} |",
            ttf.overall.fixed,
            cell(ttf.overall.median_days),
            cell(ttf.overall.longest_days)
        );
    }
    out.push_str("\n## Accounts in their latest run\n\n");
    out.push_str(
        "| Account | Latest run | Errors | Warnings | Infos | New | Fixed | Back | Still open |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for a in &trend.accounts {
        let latest = &a.series;
        let Some(i) = latest.runs.len().checked_sub(1) else {
            continue;
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            md(&a.name),
            latest.runs[i],
            latest.open[i].error,
            latest.open[i].warning,
            latest.open[i].info,
            latest.new[i],
            latest.fixed[i],
            latest.back[i],
            a.still_open.len()
        );
    }
    out
}
