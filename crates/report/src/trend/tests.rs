//! Series written by hand, each figure worked out from the spec's words (history.md).

use std::collections::HashMap;

use rollcall_source::InputError;
use serde_json::{json, Value};

use super::{trend, Open, Trend};

/// A finding of a hand-written report: account, rule, severity, user, waived.
type F<'a> = (&'a str, &'a str, &'a str, &'a str, bool);

fn report(today: Option<&str>, accounts: &[&str], findings: &[F<'_>]) -> String {
    let mut doc = json!({
        "version": 1,
        "tool": { "name": "rollcall", "version": "0.1.0" },
        "accounts": accounts.iter().map(|a| json!({
            "name": a, "path": format!("customers/{a}"), "files": [], "audited": true
        })).collect::<Vec<_>>(),
        "findings": findings.iter().map(|(account, rule, severity, user, waived)| {
            let mut f = json!({
                "rule": rule, "name": "x", "severity": severity, "message": "m", "help": null,
                "account": account,
                "subject": { "contract": "110001234567", "team": null, "product": null, "user": user },
                "location": { "file": "a.yaml", "line": 3, "column": 5 }
            });
            if *waived {
                f["waived"] = json!({ "reason": "r", "expires": null, "owner": null,
                    "location": { "file": "rollcall.yaml", "line": 2, "column": 3 } });
            }
            f
        }).collect::<Vec<_>>(),
        "errors": [], "skipped": [],
        "summary": { "accounts": accounts.len(), "files_read": 0, "files_failed": 0,
            "files_skipped": 0, "errors": 0, "warnings": 0, "infos": 0, "waived": 0 }
    });
    if let Some(d) = today {
        doc["run"] = json!({ "today": d });
    }
    serde_json::to_string_pretty(&doc).unwrap()
}

fn run(files: &[(&str, String)]) -> (Trend, Vec<InputError>) {
    run_keeping(files, &|_| true)
}

fn run_keeping(
    files: &[(&str, String)],
    keep: &(dyn Fn(&str) -> bool + Sync),
) -> (Trend, Vec<InputError>) {
    let texts: HashMap<String, String> = files
        .iter()
        .map(|(n, t)| ((*n).to_owned(), t.clone()))
        .collect();
    let mut names: Vec<String> = texts.keys().cloned().collect();
    names.sort();
    let load = |f: &str| {
        texts
            .get(f)
            .cloned()
            .ok_or_else(|| InputError::file(f, "test", "missing"))
    };
    trend(&names, load, keep)
}

fn account<'t>(t: &'t Trend, name: &str) -> &'t super::AccountTrend {
    t.accounts.iter().find(|a| a.name == name).unwrap()
}

#[test]
fn a_finding_fixed_and_back() {
    let a = "Acme Engineering Ltd";
    let (t, errors) = run(&[
        (
            "h/1.json",
            report(
                Some("2026-02-01"),
                &[a],
                &[
                    (a, "RC101", "warning", "jane@acme.example", false),
                    (a, "RC304", "info", "tom@acme.example", false),
                ],
            ),
        ),
        (
            "h/2.json",
            report(
                Some("2026-05-01"),
                &[a],
                &[(a, "RC304", "info", "tom@acme.example", false)],
            ),
        ),
        (
            "h/3.json",
            report(
                Some("2026-08-01"),
                &[a],
                &[
                    (a, "RC304", "info", "tom@acme.example", false),
                    (a, "RC101", "warning", "jane@acme.example", false),
                ],
            ),
        ),
        ("h/4.json", report(Some("2026-11-01"), &[a], &[])),
    ]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        t.runs,
        ["2026-02-01", "2026-05-01", "2026-08-01", "2026-11-01"]
    );
    let p = &t.portfolio;
    assert_eq!(p.new, [2, 0, 1, 0]);
    assert_eq!(p.fixed, [0, 1, 0, 2]);
    assert_eq!(p.back, [0, 0, 1, 0]);
    assert_eq!(
        p.open
            .iter()
            .map(|o| (o.warning, o.info))
            .collect::<Vec<_>>(),
        [(1, 1), (0, 1), (1, 1), (0, 0)]
    );
    // RC101: 02-01 -> 05-01 (89 days), then new again 08-01 -> 11-01 (92); RC304: 02-01 ->
    // 11-01 (273). Three fixes: median 92, longest 273; RC101's two: the lower middle, 89.
    let ttf = &p.time_to_fix;
    assert_eq!(
        (
            ttf.overall.fixed,
            ttf.overall.median_days,
            ttf.overall.longest_days
        ),
        (3, Some(92), Some(273))
    );
    let rc101 = &ttf.by_rule["RC101"];
    assert_eq!(
        (rc101.fixed, rc101.median_days, rc101.longest_days),
        (2, Some(89), Some(92))
    );
    assert_eq!(ttf.by_rule["RC304"].median_days, Some(273));
    let acme = account(&t, a);
    assert_eq!(acme.series.time_to_fix, p.time_to_fix);
    assert!(acme.still_open.is_empty());
    assert!(t.worse.is_empty());
}

#[test]
fn an_account_missing_from_a_run_is_compared_with_its_own_last_run() {
    let (a, b) = ("Acme", "Beta");
    let (t, errors) = run(&[
        (
            "1.json",
            report(
                Some("2026-02-01"),
                &[a, b],
                &[
                    (a, "RC101", "error", "x@acme.example", false),
                    (b, "RC102", "error", "", false),
                ],
            ),
        ),
        // Acme is not in this run: its finding is neither open nor fixed here.
        (
            "2.json",
            report(
                Some("2026-05-01"),
                &[b],
                &[(b, "RC102", "error", "", false)],
            ),
        ),
        // Back, with the same finding: neither new nor back.
        (
            "3.json",
            report(
                Some("2026-08-01"),
                &[a, b],
                &[
                    (a, "RC101", "error", "x@acme.example", false),
                    (b, "RC102", "error", "", false),
                ],
            ),
        ),
        ("4.json", report(Some("2026-11-01"), &[a, b], &[])),
    ]);
    assert!(errors.is_empty(), "{errors:?}");
    let acme = account(&t, a);
    assert_eq!(acme.series.runs, ["2026-02-01", "2026-08-01", "2026-11-01"]);
    assert_eq!(acme.series.new, [1, 0, 0]);
    assert_eq!(acme.series.fixed, [0, 0, 1]);
    assert_eq!(acme.series.back, [0, 0, 0]);
    assert_eq!(t.portfolio.new, [2, 0, 0, 0]);
    assert_eq!(t.portfolio.fixed, [0, 0, 0, 2]);
    assert_eq!(
        t.portfolio.open.iter().map(|o| o.error).collect::<Vec<_>>(),
        [2, 1, 2, 0]
    );
    // Acme's fix counts from the start of its stretch, 02-01, to 11-01: 273 days.
    assert_eq!(acme.series.time_to_fix.overall.longest_days, Some(273));
}

#[test]
fn an_account_that_is_not_audited_is_missing_too() {
    let a = "Acme";
    let mut broken: Value = serde_json::from_str(&report(Some("2026-05-01"), &[a], &[])).unwrap();
    broken["accounts"][0]["audited"] = json!(false);
    let (t, errors) = run(&[
        (
            "1.json",
            report(
                Some("2026-02-01"),
                &[a],
                &[(a, "RC101", "error", "x@a", false)],
            ),
        ),
        ("2.json", broken.to_string()),
    ]);
    assert!(errors.is_empty());
    assert_eq!(account(&t, a).series.runs, ["2026-02-01"]);
    assert_eq!(t.portfolio.fixed, [0, 0]);
    assert_eq!(t.portfolio.open[1], Open::default());
}

#[test]
fn two_reports_of_one_day_are_an_error_naming_both() {
    let a = "Acme";
    let (t, errors) = run(&[
        ("h/a.json", report(Some("2026-02-01"), &[a], &[])),
        ("h/b.json", report(Some("2026-05-01"), &[a], &[])),
        ("h/c.json", report(Some("2026-05-01"), &[a], &[])),
    ]);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0].file, "h/b.json");
    assert!(
        errors[0].message.contains("h/c.json"),
        "{}",
        errors[0].message
    );
    assert_eq!(errors[1].file, "h/c.json");
    assert!(errors[1].message.contains("h/b.json"));
    // Located at `"today"`: line 5 of the pretty-printed report, after `"run": {`.
    let text = report(Some("2026-05-01"), &[a], &[]);
    let line = text.lines().position(|l| l.contains("\"today\"")).unwrap() + 1;
    assert_eq!(errors[0].line as usize, line);
    assert_eq!(t.runs, ["2026-02-01"]);
}

#[test]
fn an_unreadable_report_is_located_and_the_others_are_read() {
    let (t, errors) = run(&[
        ("1.json", report(Some("2026-02-01"), &["A"], &[])),
        (
            "2.json",
            "{\"version\": 1,\n  \"run\": {\"today\": 7".to_owned(),
        ),
        ("3.json", report(Some("2026-08-01"), &["A"], &[])),
        ("4.json", report(Some("08/01/2026"), &["A"], &[])),
    ]);
    assert_eq!(t.runs, ["2026-02-01", "2026-08-01"]);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!((errors[0].file.as_str(), errors[0].line), ("2.json", 2));
    assert!(
        errors[1].message.contains("not a date"),
        "{}",
        errors[1].message
    );
}

#[test]
fn a_report_without_run_today_is_dated_by_its_name() {
    let (t, errors) = run(&[
        ("h/2026-02-01.json", report(None, &["A"], &[])),
        ("h/old.json", report(None, &["A"], &[])),
    ]);
    assert_eq!(t.runs, ["2026-02-01"]);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].file, "h/old.json");
}

#[test]
fn waived_findings_are_counted_apart_and_are_not_open() {
    let a = "A";
    let (t, _) = run(&[
        (
            "1.json",
            report(
                Some("2026-02-01"),
                &[a],
                &[
                    (a, "RC101", "warning", "x@a", true),
                    (a, "RC102", "error", "", false),
                ],
            ),
        ),
        (
            "2.json",
            report(
                Some("2026-05-01"),
                &[a],
                &[
                    (a, "RC101", "warning", "x@a", true),
                    (a, "RC102", "error", "", false),
                ],
            ),
        ),
    ]);
    let o = t.portfolio.open[0];
    assert_eq!((o.error, o.warning, o.waived), (1, 0, 1));
    assert_eq!(t.portfolio.new, [1, 0]);
    assert_eq!(account(&t, a).still_open.len(), 1);
    assert_eq!(account(&t, a).still_open[0].rule, "RC102");
    assert_eq!(account(&t, a).still_open[0].age_days, 89);
}

#[test]
fn a_key_found_twice_is_two_findings() {
    let a = "A";
    let two = [
        (a, "RC304", "info", "x@a", false),
        (a, "RC304", "info", "x@a", false),
    ];
    let (t, _) = run(&[
        ("1.json", report(Some("2026-02-01"), &[a], &two[..1])),
        ("2.json", report(Some("2026-03-01"), &[a], &two)),
        ("3.json", report(Some("2026-04-01"), &[a], &two[..1])),
    ]);
    assert_eq!(t.portfolio.new, [1, 1, 0]);
    assert_eq!(t.portfolio.fixed, [0, 0, 1]);
    // The newer one went (31 days); the first is still open since 02-01.
    assert_eq!(t.portfolio.time_to_fix.overall.longest_days, Some(31));
    let still = &account(&t, a).still_open;
    assert_eq!(still.len(), 1);
    assert_eq!(
        (still[0].since.as_str(), still[0].age_days),
        ("2026-02-01", 59)
    );
}

#[test]
fn worse_lists_the_accounts_that_rose_most_first_then_by_name() {
    let f = |acct: &'static str, n: usize| -> Vec<F<'static>> {
        (0..n)
            .map(|i| {
                (
                    acct,
                    if i % 2 == 0 { "RC101" } else { "RC102" },
                    "warning",
                    ["a", "b", "c", "d", "e", "f"][i],
                    false,
                )
            })
            .collect()
    };
    let names = ["A", "B", "C", "D", "E"];
    let first: Vec<F> = [f("A", 1), f("B", 1), f("C", 2), f("D", 3)].concat();
    let second: Vec<F> = [f("A", 2), f("B", 3), f("C", 4), f("D", 1), f("E", 5)].concat();
    let (t, _) = run(&[
        ("1.json", report(Some("2026-02-01"), &names[..4], &first)),
        ("2.json", report(Some("2026-05-01"), &names, &second)),
    ]);
    // B and C rose by 2, A by 1; D fell; E has no earlier run to compare with.
    let worse: Vec<&str> = t.worse.iter().map(|w| w.name.as_str()).collect();
    assert_eq!(worse, ["B", "C", "A"]);
    let v: Value = serde_json::from_str(&super::render::json(&t)).unwrap();
    assert_eq!(v["worse"], json!(["B", "C", "A"]));
}

#[test]
fn the_json_has_the_spec_shape() {
    let a = "Acme";
    let (t, _) = run_keeping(
        &[
            (
                "1.json",
                report(
                    Some("2026-02-01"),
                    &[a, "Other"],
                    &[
                        (a, "RC101", "error", "x@a", false),
                        ("Other", "RC101", "error", "x@a", false),
                    ],
                ),
            ),
            ("2.json", report(Some("2026-05-01"), &[a, "Other"], &[])),
        ],
        &|n| n.starts_with("Ac"),
    );
    let v: Value = serde_json::from_str(&super::render::json(&t)).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["runs"], json!(["2026-02-01", "2026-05-01"]));
    let p = &v["portfolio"];
    assert_eq!(
        p["open"][0],
        json!({"error": 1, "warning": 0, "info": 0, "waived": 0})
    );
    assert_eq!(p["new"], json!([1, 0]));
    assert_eq!(p["fixed"], json!([0, 1]));
    assert_eq!(p["back"], json!([0, 0]));
    assert_eq!(
        p["time_to_fix"],
        json!({"fixed": 1, "median_days": 89, "longest_days": 89,
               "by_rule": {"RC101": {"fixed": 1, "median_days": 89, "longest_days": 89}}})
    );
    let accounts = v["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 1, "--account keeps Acme only");
    assert_eq!(accounts[0]["name"], a);
    assert_eq!(accounts[0]["runs"], json!(["2026-02-01", "2026-05-01"]));
    assert_eq!(accounts[0]["still_open"], json!([]));
    assert_eq!(v["worse"], json!([]));
}

#[test]
fn still_open_findings_report_their_subject_and_age() {
    let a = "Acme";
    let (t, _) = run(&[
        (
            "1.json",
            report(
                Some("2026-02-01"),
                &[a],
                &[(a, "RC101", "warning", "jane@acme.example", false)],
            ),
        ),
        (
            "2.json",
            report(
                Some("2026-08-01"),
                &[a],
                &[(a, "RC101", "warning", "jane@acme.example", false)],
            ),
        ),
    ]);
    let v: Value = serde_json::from_str(&super::render::json(&t)).unwrap();
    assert_eq!(
        v["accounts"][0]["still_open"],
        json!([{ "rule": "RC101",
                 "subject": { "contract": "110001234567", "team": null, "product": null, "user": "jane@acme.example" },
                 "since": "2026-02-01", "age_days": 181 }])
    );
}

#[test]
fn every_format_renders_and_html_is_self_contained() {
    let a = "Acme <Ltd> & \"Co\"";
    let (t, _) = run(&[
        (
            "1.json",
            report(
                Some("2026-02-01"),
                &[a],
                &[(a, "RC101", "warning", "j@a", false)],
            ),
        ),
        (
            "2.json",
            report(
                Some("2026-05-01"),
                &[a],
                &[
                    (a, "RC101", "warning", "j@a", false),
                    (a, "RC102", "error", "", false),
                ],
            ),
        ),
    ]);
    let human = super::render::human(&t);
    assert!(
        human.contains("2 runs from 2026-02-01 to 2026-05-01"),
        "{human}"
    );
    assert!(human.contains("worse in the latest run"), "{human}");
    let md = super::render::markdown(&t);
    assert!(
        md.contains("| Acme &lt;Ltd&gt; &amp; \"Co\" | 2026-05-01 | 1 | 1 | 0 | 1 | 0 | 0 | 2 |"),
        "{md}"
    );
    assert!(
        md.contains("| Acme &lt;Ltd&gt; &amp; \"Co\" | 1 | 2 | +1 |"),
        "{md}"
    );
    let html = super::render::html::render(&t);
    assert!(html.contains("Content-Security-Policy"));
    assert!(!html.contains("<script"), "the page runs no script");
    // Nothing is fetched: the only address is the SVG namespace, which names, not loads.
    let addresses = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(
        !addresses.contains("http:")
            && !addresses.contains("https:")
            && !addresses.contains("src=")
    );
    assert!(html.contains("Acme &lt;Ltd&gt; &amp; &quot;Co&quot;"));
    assert!(!html.contains("<Ltd>"));
    // The worse table comes before the charts, and one chart per account and portfolio.
    let worse = html.find("id=\"worse\"").unwrap();
    assert!(worse < html.find("<svg").unwrap());
    assert_eq!(html.matches("<svg").count(), 2);
    assert!(html.find("id=\"time-to-fix\"").unwrap() < html.find("class=\"account\"").unwrap());
}

#[test]
fn a_cut_or_mangled_report_is_an_error_never_a_panic() {
    let a = "A";
    let full = report(
        Some("2026-02-01"),
        &[a],
        &[
            (a, "RC101", "warning", "x@a", true),
            (a, "RC102", "error", "", false),
        ],
    );
    let keep = |_: &str| true;
    for cut in 0..full.len() {
        if !full.is_char_boundary(cut) {
            continue;
        }
        let part = &full[..cut];
        if let Err(e) = super::read::day_of(part, "r.json") {
            assert!(e.line >= 1 && e.column >= 1, "{e:?}");
        }
        if let Err(e) = super::read::report(part, "r.json", &keep) {
            assert!(e.line >= 1 && e.column >= 1, "{e:?}");
        }
    }
    // Wrong types where values are expected, a severity no report has, absurd savings.
    let mut v: Value = serde_json::from_str(&full).unwrap();
    v["findings"][1]["severity"] = json!("fatal");
    let e = super::read::report(&v.to_string(), "r.json", &keep).unwrap_err();
    assert!(
        e.message.contains("unknown severity `fatal`"),
        "{}",
        e.message
    );
    v["findings"][1]["severity"] = json!(3);
    assert!(super::read::report(&v.to_string(), "r.json", &keep).is_err());
    let mut v: Value = serde_json::from_str(&full).unwrap();
    v["accounts"][0]["savings"] = json!({"amount": 1.0e300, "currency": "EUR"});
    assert!(super::read::report(&v.to_string(), "r.json", &keep).is_err());
    v["accounts"][0]["savings"] = json!({"amount": 184_467_440_737_095_516u64, "currency": "EUR"});
    let read = super::read::report(&v.to_string(), "r.json", &keep).unwrap();
    assert_eq!(read.accounts[a].savings["EUR"], 18_446_744_073_709_551_600);
}

#[test]
fn a_waived_finding_is_fixed_and_comes_back_when_its_waiver_goes() {
    let a = "A";
    let open = [(a, "RC101", "warning", "x@a", false)];
    let waived = [(a, "RC101", "warning", "x@a", true)];
    let (t, _) = run(&[
        ("1.json", report(Some("2026-02-01"), &[a], &open)),
        ("2.json", report(Some("2026-05-01"), &[a], &waived)),
        ("3.json", report(Some("2026-08-01"), &[a], &open)),
    ]);
    // As a baseline counts it: the waived finding is not in the run's keys.
    assert_eq!(t.portfolio.new, [1, 0, 1]);
    assert_eq!(t.portfolio.fixed, [0, 1, 0]);
    assert_eq!(t.portfolio.back, [0, 0, 1]);
    assert_eq!(
        t.portfolio
            .open
            .iter()
            .map(|o| (o.warning, o.waived))
            .collect::<Vec<_>>(),
        [(1, 0), (0, 1), (1, 0)]
    );
}
