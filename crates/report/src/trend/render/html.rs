//! The trend as one self-contained HTML page: the accounts that got worse first, the
//! portfolio's chart and time-to-fix table, then each account's chart. The charts are SVG
//! drawn here, so the page runs no script at all; the Content-Security-Policy allows only its
//! own style, by hash, as the check report's does, and nothing from the network.

use crate::render::html::csp_hash;
use std::fmt::Write as _;

use super::{fix_line, rows, Series, Trend};
use crate::render::escape::html as h;
use rollcall_rules::count;

const STYLE: &str = include_str!("trend.css");

const COLORS: [(&str, &str); 3] = [
    ("error", "#cf222e"),
    ("warning", "#bf8700"),
    ("info", "#0969da"),
];

/// An SVG line chart of open errors, warnings and infos, a point per run.
fn chart(out: &mut String, title: &str, series: &Series) {
    let (width, hgt, left, right, top, bottom) = (640.0_f64, 220.0_f64, 44.0, 16.0, 12.0, 36.0);
    let n = series.runs.len();
    let max = series
        .open
        .iter()
        .map(|o| o.error.max(o.warning).max(o.info))
        .max()
        .unwrap_or(0)
        .max(1);
    #[allow(clippy::cast_precision_loss)] // counts and run numbers far below 2^52
    let x = |i: usize| {
        if n <= 1 {
            left + (width - left - right) / 2.0
        } else {
            left + (width - left - right) * i as f64 / (n - 1) as f64
        }
    };
    #[allow(clippy::cast_precision_loss)]
    let y = |v: u64| top + (hgt - top - bottom) * (1.0 - v as f64 / max as f64);
    let _ = write!(
        out,
        "<svg class=\"chart\" role=\"img\" aria-label=\"open findings of {} per run\" width=\"{width}\" height=\"{hgt}\" viewBox=\"0 0 {width} {hgt}\" xmlns=\"http://www.w3.org/2000/svg\">",
        h(title)
    );
    let _ = write!(
        out,
        "<line x1=\"{left}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#d0d7de\"/>",
        y(0),
        width - right,
        y(0)
    );
    let _ = write!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{max}</text><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">0</text>",
        left - 6.0,
        y(max) + 4.0,
        left - 6.0,
        y(0) + 4.0
    );
    // A date under the first, the last and at most ten runs between.
    let step = n.div_ceil(10).max(1);
    for (i, r) in series.runs.iter().enumerate() {
        if i % step == 0 || i + 1 == n {
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                x(i),
                hgt - 12.0,
                h(r)
            );
        }
    }
    for (k, (name, color)) in COLORS.iter().enumerate() {
        let value = |i: usize| match k {
            0 => series.open[i].error,
            1 => series.open[i].warning,
            _ => series.open[i].info,
        };
        let points: Vec<String> = (0..n)
            .map(|i| format!("{:.1},{:.1}", x(i), y(value(i))))
            .collect();
        let _ = write!(
            out,
            "<polyline class=\"line-{name}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{}\"/>",
            points.join(" ")
        );
        for i in 0..n {
            let _ = write!(
                out,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"{color}\"><title>{}: {} {name}</title></circle>",
                x(i),
                y(value(i)),
                h(&series.runs[i]),
                value(i)
            );
        }
    }
    out.push_str("</svg>");
    out.push_str("<div class=\"legend\"><span class=\"k-error\">&#9632; errors</span><span class=\"k-warning\">&#9632; warnings</span><span class=\"k-info\">&#9632; infos</span></div>");
}

fn series_table(out: &mut String, s: &Series) {
    out.push_str("<table><thead><tr><th></th>");
    for r in &s.runs {
        let _ = write!(out, "<th>{}</th>", h(r));
    }
    out.push_str("</tr></thead><tbody>");
    for (name, cells) in rows(s) {
        let _ = write!(out, "<tr><th>{}</th>", h(&name));
        for c in cells {
            let _ = write!(out, "<td class=\"num\">{}</td>", h(&c));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
}

/// The whole page.
pub fn render(trend: &Trend) -> String {
    let mut out = String::with_capacity(4096 + trend.accounts.len() * 4096);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src {}; img-src data:; base-uri 'none'; form-action 'none'\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>rollcall trend</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        csp_hash(STYLE)
    );
    let p = &trend.portfolio;
    let span = match (p.runs.first(), p.runs.last()) {
        (Some(f), Some(l)) => format!(
            "{} from {} to {}, {}",
            count(p.runs.len(), "run", "runs"),
            h(f),
            h(l),
            count(trend.accounts.len(), "account", "accounts")
        ),
        _ => "no reports to compare".to_owned(),
    };
    let _ = write!(
        out,
        "<header><h1>rollcall trend</h1><div>{span}</div></header>\n<main>\n"
    );
    out.push_str("<section id=\"worse\"><h2>Worse in the latest run</h2>");
    if trend.worse.is_empty() {
        out.push_str(
            "<p class=\"muted\">No account has more errors and warnings than in its previous run.</p>",
        );
    } else {
        out.push_str("<table><thead><tr><th>Account</th><th>Errors and warnings before</th><th>Now</th><th>Rise</th></tr></thead><tbody>");
        for w in &trend.worse {
            let _ = write!(
                out,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">+{}</td></tr>",
                h(&w.name),
                w.before,
                w.now,
                w.now - w.before
            );
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</section>\n<section id=\"portfolio\"><h2>Portfolio</h2>");
    chart(&mut out, "the portfolio", p);
    series_table(&mut out, p);
    out.push_str("</section>\n<section id=\"time-to-fix\"><h2>Time to fix</h2>");
    let t = &p.time_to_fix;
    if t.overall.fixed == 0 {
        out.push_str("<p class=\"muted\">Nothing was fixed yet.</p>");
    } else {
        out.push_str("<table><thead><tr><th>Rule</th><th>Fixed</th><th>Median days</th><th>Longest days</th></tr></thead><tbody>");
        let cell = |v: Option<i64>| v.map_or_else(|| "-".to_owned(), |d| d.to_string());
        for (rule, f) in t
            .by_rule
            .iter()
            .map(|(r, f)| (h(r), f))
            .chain(std::iter::once(("all".to_owned(), &t.overall)))
        {
            let _ = write!(
                out,
                "<tr><td>{rule}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                f.fixed,
                cell(f.median_days),
                cell(f.longest_days)
            );
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</section>\n");
    for (i, a) in trend.accounts.iter().enumerate() {
        let _ = write!(
            out,
            "<section class=\"account\" id=\"account-{i}\"><h2>{}</h2>",
            h(&a.name)
        );
        chart(&mut out, &a.name, &a.series);
        series_table(&mut out, &a.series);
        let _ = write!(
            out,
            "<p>time to fix: {}</p>",
            h(&fix_line(&a.series.time_to_fix.overall))
        );
        if !a.still_open.is_empty() {
            out.push_str("<table><thead><tr><th>Still open</th><th>Subject</th><th>Since</th><th>Days</th></tr></thead><tbody>");
            for f in &a.still_open {
                let _ = write!(
                    out,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
                    h(&f.rule),
                    h(&super::subject_text(&f.subject)),
                    h(&f.since),
                    f.age_days
                );
            }
            out.push_str("</tbody></table>");
        }
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}
