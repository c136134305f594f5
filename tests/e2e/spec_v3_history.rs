//! Black-box tests of history, trend, `--add-waivers` and `unwaivable`, written from the spec's
//! words (spec: history.md, output.md), not from the code.
//!
//! The trend tests feed `rollcall trend` a series of JSON reports written here by hand, in the
//! output.md shape, so that every figure the spec defines (open, new, fixed, back, time to fix,
//! still open, worse) can be worked out on paper and asserted exactly. The other tests run
//! `check` on a copy of a demo customer.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::common::rollcall_in as rollcall;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// ------------------------------------------------------------------------------------------
// Hand-written reports
// ------------------------------------------------------------------------------------------

const R1: &str = "2026-02-01";
const R2: &str = "2026-05-01";
const R3: &str = "2026-08-01";
const R4: &str = "2026-11-01";

const ALPHA: &str = "Alpha Ltd";
const BETA: &str = "Beta GmbH";
const GAMMA: &str = "Gamma SA";
const DELTA: &str = "Delta AG";

/// One finding of a hand-written report.
#[derive(Clone, Copy)]
struct F {
    rule: &'static str,
    severity: &'static str,
    account: &'static str,
    contract: Option<&'static str>,
    team: Option<&'static str>,
    product: Option<&'static str>,
    user: Option<&'static str>,
    waived: bool,
    /// What the finding's seat would save a year: (amount, currency).
    savings: Option<(u64, &'static str)>,
}

fn f(
    rule: &'static str,
    severity: &'static str,
    account: &'static str,
    contract: Option<&'static str>,
    team: Option<&'static str>,
    user: Option<&'static str>,
) -> F {
    F {
        rule,
        severity,
        account,
        contract,
        team,
        product: None,
        user,
        waived: false,
        savings: None,
    }
}

impl F {
    fn waived(self) -> F {
        F {
            waived: true,
            ..self
        }
    }

    /// The finding frees a seat of `product` that costs `amount` a year.
    fn saving(self, product: &'static str, amount: u64, currency: &'static str) -> F {
        F {
            product: Some(product),
            savings: Some((amount, currency)),
            ..self
        }
    }

    fn subject(&self) -> Value {
        json!({ "contract": self.contract, "team": self.team, "product": self.product, "user": self.user })
    }
}

fn slug(account: &str) -> String {
    account.split(' ').next().unwrap().to_lowercase()
}

fn rule_name(rule: &str) -> &'static str {
    match rule {
        "RC101" => "contract-manager-is-coordinator",
        "RC102" => "missing-contract-manager",
        "RC103" => "unknown-role-holder",
        "RC109" => "orphan-team",
        "RC303" => "unused-seat",
        "RC304" => "inactive-user-with-seat",
        "RC305" => "stale-invitation",
        "RC401" => "renewal-due",
        _ => "some-rule",
    }
}

/// A JSON report of one run, in the output.md shape (version 1, plus `run.today`).
fn report(today: &str, accounts: &[&str], findings: &[F]) -> String {
    let mut findings: Vec<F> = findings.to_vec();
    findings.sort_by(|a, b| (a.account, a.rule).cmp(&(b.account, b.rule)));
    let count = |sev: &str| {
        findings
            .iter()
            .filter(|x| !x.waived && x.severity == sev)
            .count()
    };
    let list: Vec<Value> = findings
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let file = format!("customers/{}/account.yaml", slug(x.account));
            let mut v = json!({
                "rule": x.rule,
                "name": rule_name(x.rule),
                "severity": x.severity,
                "message": format!("{} on {}", x.rule, x.account),
                "help": "fix it",
                "account": x.account,
                "subject": x.subject(),
                "location": { "file": file, "line": i + 10, "column": 7 }
            });
            if let Some((amount, currency)) = x.savings {
                v["savings"] = json!({ "amount": amount, "currency": currency });
            }
            if x.waived {
                v["waived"] = json!({
                    "reason": "accepted at the review",
                    "expires": null,
                    "owner": null,
                    "location": { "file": "customers/rollcall.yaml", "line": 3, "column": 5 }
                });
            }
            v
        })
        .collect();
    let accounts: Vec<Value> = accounts
        .iter()
        .map(|a| {
            let mut v = json!({
                "name": a,
                "path": format!("customers/{}", slug(a)),
                "files": [format!("customers/{}/account.yaml", slug(a))],
                "audited": true
            });
            // As `check` writes it: the account's open savings (each seat once), in the
            // account's currency, when a finding of the account is priced.
            let priced: Vec<&F> = findings
                .iter()
                .filter(|x| x.account == *a && x.savings.is_some())
                .collect();
            if let Some(first) = priced.first().and_then(|x| x.savings) {
                let amount: u64 = priced
                    .iter()
                    .filter(|x| !x.waived)
                    .filter_map(|x| x.savings)
                    .map(|(amount, _)| amount)
                    .sum();
                v["savings"] = json!({ "amount": amount, "currency": first.1 });
            }
            v
        })
        .collect();
    let mut savings = serde_json::Map::new();
    for x in findings.iter().filter(|x| !x.waived) {
        if let Some((amount, currency)) = x.savings {
            let total = savings.get(currency).and_then(Value::as_u64).unwrap_or(0) + amount;
            savings.insert(currency.to_owned(), json!(total));
        }
    }
    let mut doc = json!({
        "version": 1,
        "tool": { "name": "rollcall", "version": "0.1.0" },
        "run": { "today": today },
        "accounts": accounts,
        "findings": list,
        "errors": [],
        "skipped": [],
        "summary": {
            "accounts": accounts.len(),
            "files_read": accounts.len(),
            "files_failed": 0,
            "files_skipped": 0,
            "errors": count("error"),
            "warnings": count("warning"),
            "infos": count("info"),
            "waived": findings.iter().filter(|x| x.waived).count()
        }
    });
    if !savings.is_empty() {
        doc["summary"]["savings"] = Value::Object(savings);
    }
    serde_json::to_string_pretty(&doc).unwrap() + "\n"
}

// The findings of the series (key: rule, account, subject). Days between the runs:
// R1→R2 89, R2→R3 92, R3→R4 92, R1→R3 181, R2→R4 184, R1→R4 273.
fn a1() -> F {
    f(
        "RC101",
        "warning",
        ALPHA,
        Some("110000000001"),
        None,
        Some("ann@alpha.example"),
    )
}
fn a2() -> F {
    f("RC102", "error", ALPHA, Some("110000000002"), None, None)
}
fn a3() -> F {
    f(
        "RC305",
        "warning",
        ALPHA,
        None,
        None,
        Some("new.hire@alpha.example"),
    )
}
fn a4() -> F {
    f("RC401", "error", ALPHA, Some("110000000001"), None, None)
}
fn a5() -> F {
    f("RC303", "info", ALPHA, Some("110000000001"), None, None)
}
fn a6() -> F {
    f("RC303", "info", ALPHA, Some("110000000002"), None, None)
}
fn b1() -> F {
    f(
        "RC103",
        "error",
        BETA,
        Some("120000000001"),
        None,
        Some("gone@beta.example"),
    )
}
fn b2() -> F {
    f(
        "RC305",
        "warning",
        BETA,
        None,
        None,
        Some("invitee@beta.example"),
    )
}
fn b3() -> F {
    f("RC109", "warning", BETA, None, Some("Orphans"), None)
}
fn b4() -> F {
    f("RC102", "error", BETA, Some("120000000002"), None, None)
}
fn b5() -> F {
    f(
        "RC305",
        "warning",
        BETA,
        None,
        None,
        Some("one@beta.example"),
    )
}
fn b6() -> F {
    f(
        "RC305",
        "warning",
        BETA,
        None,
        None,
        Some("two@beta.example"),
    )
}
fn g1() -> F {
    f(
        "RC101",
        "warning",
        GAMMA,
        Some("130000000001"),
        None,
        Some("gil@gamma.example"),
    )
}
fn g2() -> F {
    f(
        "RC305",
        "warning",
        GAMMA,
        None,
        None,
        Some("a@gamma.example"),
    )
}
fn g3() -> F {
    f(
        "RC305",
        "warning",
        GAMMA,
        None,
        None,
        Some("b@gamma.example"),
    )
}
fn d1() -> F {
    f("RC109", "warning", DELTA, None, Some("Design"), None)
}
fn d2() -> F {
    f(
        "RC304",
        "warning",
        DELTA,
        None,
        None,
        Some("idle@delta.example"),
    )
}
fn d3() -> F {
    f(
        "RC101",
        "warning",
        DELTA,
        Some("140000000001"),
        None,
        Some("dora@delta.example"),
    )
}
fn d4() -> F {
    f("RC102", "error", DELTA, Some("140000000002"), None, None)
}

/// Writes the four runs into `dir`, under file names whose order is not the runs' order.
///
/// - R1: Alpha, Beta, Delta. Alpha's RC303 (a5) is waived.
/// - R2: Beta is missing (not audited). Gamma appears. a3 fixed; a4, a5 (no longer waived),
///   d2 new.
/// - R3: Beta is back with b1 (neither new nor back) and without b2 (fixed); b3 new. a1 and d2
///   fixed.
/// - R4: a1 and d2 back; a4 fixed; b3 waived (fixed); a6, b4, b5, b6, g2, g3, d3, d4 new.
fn write_series(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let r1 = report(
        R1,
        &[ALPHA, BETA, DELTA],
        &[a1(), a2(), a3(), a5().waived(), b1(), b2(), d1()],
    );
    let r2 = report(
        R2,
        &[ALPHA, GAMMA, DELTA],
        &[a1(), a2(), a4(), a5(), g1(), d1(), d2()],
    );
    let r3 = report(
        R3,
        &[ALPHA, BETA, GAMMA, DELTA],
        &[a2(), a4(), a5(), b1(), b3(), g1(), d1()],
    );
    let r4 = report(
        R4,
        &[ALPHA, BETA, GAMMA, DELTA],
        &[
            a1(),
            a2(),
            a5(),
            a6(),
            b1(),
            b3().waived(),
            b4(),
            b5(),
            b6(),
            g1(),
            g2(),
            g3(),
            d1(),
            d2(),
            d3(),
            d4(),
        ],
    );
    // File names in the opposite order of the dates, and one named like a later date.
    std::fs::write(dir.join("zz-first.json"), r1).unwrap();
    std::fs::write(dir.join("2026-12-01.json"), r2).unwrap();
    std::fs::write(dir.join("m-third.json"), r3).unwrap();
    std::fs::write(dir.join("a-last.json"), r4).unwrap();
}

fn trend_json(cwd: &Path, args: &[&str]) -> Value {
    let mut all = vec!["trend"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let (code, out, err) = rollcall(cwd, &all);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

fn account<'a>(t: &'a Value, name: &str) -> &'a Value {
    t["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == name)
        .unwrap_or_else(|| panic!("no account {name} in {t}"))
}

/// `open` as `[error, warning, info]` per run.
fn open(v: &Value) -> Vec<[u64; 3]> {
    v["open"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            [
                o["error"].as_u64().unwrap(),
                o["warning"].as_u64().unwrap(),
                o["info"].as_u64().unwrap(),
            ]
        })
        .collect()
}

fn waived(v: &Value) -> Vec<u64> {
    v["open"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["waived"].as_u64().unwrap())
        .collect()
}

fn ttf(fixed: u64, median: u64, longest: u64) -> Value {
    json!({ "fixed": fixed, "median_days": median, "longest_days": longest })
}

fn ttf_of(v: &Value) -> Value {
    let t = &v["time_to_fix"];
    json!({ "fixed": t["fixed"], "median_days": t["median_days"], "longest_days": t["longest_days"] })
}

fn ttf_rule(v: &Value, rule: &str) -> Value {
    let t = &v["time_to_fix"]["by_rule"][rule];
    json!({ "fixed": t["fixed"], "median_days": t["median_days"], "longest_days": t["longest_days"] })
}

/// A subject as its four keys, in the spec's order.
type Subject = [Option<String>; 4];

fn subject_of(v: &Value) -> Subject {
    ["contract", "team", "product", "user"].map(|k| v[k].as_str().map(str::to_owned))
}

/// `still_open` as (rule, subject, since, age) sorted.
fn still_open(v: &Value) -> BTreeSet<(String, Subject, String, u64)> {
    v["still_open"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["rule"].as_str().unwrap().to_owned(),
                subject_of(&s["subject"]),
                s["since"].as_str().unwrap().to_owned(),
                s["age_days"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn so(x: F, since: &str, age: u64) -> (String, Subject, String, u64) {
    (
        x.rule.to_owned(),
        subject_of(&x.subject()),
        since.to_owned(),
        age,
    )
}

fn set<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    items.into_iter().collect()
}

// ------------------------------------------------------------------------------------------
// Trend
// ------------------------------------------------------------------------------------------

#[test]
fn trend_orders_reports_by_run_today_and_sorts_accounts_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    write_series(&tmp.path().join("h"));
    let t = trend_json(tmp.path(), &["h"]);
    assert_eq!(t["version"], 1);
    assert_eq!(
        t["runs"],
        json!([R1, R2, R3, R4]),
        "ordered by run.today, not by name"
    );
    let names: Vec<&str> = t["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [ALPHA, BETA, DELTA, GAMMA],
        "accounts sorted by name"
    );
}

#[test]
fn trend_portfolio_figures_per_run() {
    let tmp = tempfile::tempdir().unwrap();
    write_series(&tmp.path().join("h"));
    let t = trend_json(tmp.path(), &["h"]);
    let p = &t["portfolio"];
    // Open by severity, waived ones apart (Beta is not in R2).
    assert_eq!(open(p), [[2, 4, 0], [2, 4, 1], [3, 3, 1], [4, 9, 2]]);
    assert_eq!(waived(p), [1, 0, 0, 1]);
    // The first run's `new` is everything open in it; an account's first run is new too
    // (Gamma in R2), a returning account's old finding is not (b1 in R3).
    assert_eq!(p["new"], json!([6, 4, 1, 10]));
    // Beta's b2 is not fixed in R2 (Beta was not audited), but in R3; b3 waived in R4 is fixed.
    assert_eq!(p["fixed"], json!([0, 1, 3, 2]));
    assert_eq!(p["back"], json!([0, 0, 0, 2]));
}

#[test]
fn trend_time_to_fix_counts_median_lower_middle_and_longest() {
    let tmp = tempfile::tempdir().unwrap();
    write_series(&tmp.path().join("h"));
    let t = trend_json(tmp.path(), &["h"]);
    let p = &t["portfolio"];
    // Fixes: a3 89 (R1→R2), a1 181 (R1→R3), b2 181 (R1→R3, Beta away in R2), d2 92 (R2→R3),
    // a4 184 (R2→R4), b3 92 (R3→R4, waived). Sorted 89 92 92 181 181 184: the median of an
    // even count is the lower of the two middles, 92.
    assert_eq!(ttf_of(p), ttf(6, 92, 184));
    assert_eq!(
        ttf_rule(p, "RC305"),
        ttf(2, 89, 181),
        "even count: the lower middle"
    );
    assert_eq!(ttf_rule(p, "RC101"), ttf(1, 181, 181));
    assert_eq!(ttf_rule(p, "RC401"), ttf(1, 184, 184));
    assert_eq!(ttf_rule(p, "RC304"), ttf(1, 92, 92));
    assert_eq!(ttf_rule(p, "RC109"), ttf(1, 92, 92));
    let rules: Vec<&String> = p["time_to_fix"]["by_rule"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(rules, ["RC101", "RC109", "RC304", "RC305", "RC401"]);
    // Per account.
    let alpha = account(&t, ALPHA);
    assert_eq!(ttf_of(alpha), ttf(3, 181, 184));
    assert_eq!(ttf_rule(alpha, "RC305"), ttf(1, 89, 89));
    let beta = account(&t, BETA);
    assert_eq!(ttf_of(beta), ttf(2, 92, 181));
    let delta = account(&t, DELTA);
    assert_eq!(ttf_of(delta), ttf(1, 92, 92));
    assert_eq!(account(&t, GAMMA)["time_to_fix"]["fixed"], 0);
}

#[test]
fn trend_account_present_in_every_run() {
    let tmp = tempfile::tempdir().unwrap();
    write_series(&tmp.path().join("h"));
    let t = trend_json(tmp.path(), &["h"]);
    let a = account(&t, ALPHA);
    assert_eq!(a["runs"], json!([R1, R2, R3, R4]));
    assert_eq!(open(a), [[1, 2, 0], [2, 1, 1], [2, 0, 1], [1, 1, 2]]);
    assert_eq!(waived(a), [1, 0, 0, 0]);
    // R2: a4 new, and a5 (waived in R1, open now) new but not back: it was never fixed.
    assert_eq!(a["new"], json!([3, 2, 0, 2]));
    assert_eq!(a["fixed"], json!([0, 1, 1, 1]));
    // R4: a1, fixed in R3, is new again: back.
    assert_eq!(a["back"], json!([0, 0, 0, 1]));
    assert_eq!(
        still_open(a),
        set([
            so(a1(), R4, 0),
            so(a2(), R1, 273),
            so(a5(), R2, 184),
            so(a6(), R4, 0),
        ])
    );
    let d = account(&t, DELTA);
    assert_eq!(d["runs"], json!([R1, R2, R3, R4]));
    assert_eq!(open(d), [[0, 1, 0], [0, 2, 0], [0, 1, 0], [1, 3, 0]]);
    assert_eq!(d["new"], json!([1, 1, 0, 3]));
    assert_eq!(d["fixed"], json!([0, 0, 1, 0]));
    assert_eq!(d["back"], json!([0, 0, 0, 1]));
    assert_eq!(
        still_open(d),
        set([
            so(d1(), R1, 273),
            so(d2(), R4, 0),
            so(d3(), R4, 0),
            so(d4(), R4, 0),
        ])
    );
}

#[test]
fn trend_account_missing_from_a_run_is_compared_with_its_own_last_run() {
    let tmp = tempfile::tempdir().unwrap();
    write_series(&tmp.path().join("h"));
    let t = trend_json(tmp.path(), &["h"]);
    let b = account(&t, BETA);
    assert_eq!(b["runs"], json!([R1, R3, R4]), "only its runs");
    assert_eq!(open(b), [[1, 1, 0], [1, 1, 0], [2, 2, 0]]);
    assert_eq!(waived(b), [0, 0, 1]);
    // R3: b1, which it had in R1 and has again, is neither new nor back; b2 is fixed then.
    // R4: b3 waived is fixed; b4, b5, b6 new.
    assert_eq!(b["new"], json!([2, 1, 3]));
    assert_eq!(b["fixed"], json!([0, 1, 1]));
    assert_eq!(b["back"], json!([0, 0, 0]));
    // b1's stretch started in R1: the run Beta missed does not break it.
    assert_eq!(
        still_open(b),
        set([
            so(b1(), R1, 273),
            so(b4(), R4, 0),
            so(b5(), R4, 0),
            so(b6(), R4, 0),
        ])
    );
    // An account that first appears in R2.
    let g = account(&t, GAMMA);
    assert_eq!(g["runs"], json!([R2, R3, R4]));
    assert_eq!(open(g), [[0, 1, 0], [0, 1, 0], [0, 3, 0]]);
    assert_eq!(g["new"], json!([1, 0, 2]));
    assert_eq!(g["fixed"], json!([0, 0, 0]));
    assert_eq!(g["back"], json!([0, 0, 0]));
    assert_eq!(
        still_open(g),
        set([so(g1(), R2, 184), so(g2(), R4, 0), so(g3(), R4, 0)])
    );
}

#[test]
fn trend_worse_is_the_rise_of_errors_and_warnings_most_first_then_name() {
    let tmp = tempfile::tempdir().unwrap();
    write_series(&tmp.path().join("h"));
    let t = trend_json(tmp.path(), &["h"]);
    // Latest run against the one before: Delta 1 → 4 (+3), Beta 2 → 4 (+2), Gamma 1 → 3 (+2),
    // Alpha 2 → 2 (an info more does not count).
    assert_eq!(t["worse"], json!([DELTA, BETA, GAMMA]));
}

#[test]
fn trend_account_glob_selects_accounts() {
    let tmp = tempfile::tempdir().unwrap();
    write_series(&tmp.path().join("h"));
    let t = trend_json(tmp.path(), &["h", "--account", "D*"]);
    let names: Vec<&str> = t["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, [DELTA]);
    assert_eq!(t["worse"], json!([DELTA]));
    // The portfolio is the selected accounts'.
    assert_eq!(t["portfolio"]["new"], json!([1, 1, 0, 3]));
    assert_eq!(
        open(&t["portfolio"]),
        [[0, 1, 0], [0, 2, 0], [0, 1, 0], [1, 3, 0]]
    );
    assert_eq!(ttf_of(&t["portfolio"]), ttf(1, 92, 92));

    let t = trend_json(tmp.path(), &["h", "--account", "*m*"]);
    let names: Vec<&str> = t["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, [BETA, GAMMA]);
    assert_eq!(t["worse"], json!([BETA, GAMMA]));
    assert_eq!(t["portfolio"]["new"][3], 5);
}

#[test]
fn trend_json_is_byte_identical_across_runs_and_written_by_output() {
    let tmp = tempfile::tempdir().unwrap();
    write_series(&tmp.path().join("h"));
    let (c1, o1, _) = rollcall(tmp.path(), &["trend", "h", "--format", "json"]);
    let (c2, o2, _) = rollcall(tmp.path(), &["trend", "h", "--format", "json"]);
    assert_eq!((c1, c2), (0, 0));
    assert_eq!(o1, o2);
    let (code, out, err) = rollcall(
        tmp.path(),
        &["trend", "h", "--format", "json", "--output", "trend.json"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "{out}");
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("trend.json")).unwrap(),
        o1
    );
}

#[test]
fn trend_two_reports_of_one_day_are_an_error_naming_both() {
    let tmp = tempfile::tempdir().unwrap();
    let h = tmp.path().join("h");
    write_series(&h);
    // Another report of R3's day.
    std::fs::write(h.join("again.json"), report(R3, &[ALPHA], &[a2()])).unwrap();
    let (code, _, err) = rollcall(tmp.path(), &["trend", "h", "--format", "json"]);
    assert_eq!(code, 2, "{err}");
    let line = err
        .lines()
        .find(|l| l.contains("again.json"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(line.contains("m-third.json"), "both named together: {err}");
    assert!(err.contains(R3), "{err}");
}

#[test]
fn trend_unreadable_report_is_located_and_the_others_are_read() {
    let tmp = tempfile::tempdir().unwrap();
    let h = tmp.path().join("h");
    write_series(&h);
    std::fs::write(
        h.join("broken.json"),
        "{\n  \"version\": 1,\n  \"run\": { \"today\": \"2026-03-01\" },\n  \"findings\": [ }\n",
    )
    .unwrap();
    // Not a report: ignored.
    std::fs::write(h.join("notes.txt"), "{ not json").unwrap();
    let (code, out, err) = rollcall(tmp.path(), &["trend", "h", "--format", "json"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("broken.json:4:"), "located: {err}");
    assert!(!err.contains("notes.txt"), "{err}");
    let t: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!(
        t["runs"],
        json!([R1, R2, R3, R4]),
        "the others are still read"
    );
    assert_eq!(t["portfolio"]["new"], json!([6, 4, 1, 10]));
}

#[test]
fn trend_other_formats_produce_output() {
    let tmp = tempfile::tempdir().unwrap();
    write_series(&tmp.path().join("h"));
    for format in ["human", "markdown"] {
        let (code, out, err) = rollcall(tmp.path(), &["trend", "h", "--format", format]);
        assert_eq!(code, 0, "{format}: {err}");
        for needle in [R1, R4, ALPHA, BETA, GAMMA, DELTA] {
            assert!(out.contains(needle), "{format} lacks {needle}:\n{out}");
        }
    }
    // html: one self-contained file.
    let (code, out, err) = rollcall(tmp.path(), &["trend", "h", "--format", "html"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Content-Security-Policy"), "{out}");
    // The check report's CSP rules: nothing by default, no inline code allowed wholesale.
    assert!(out.contains("default-src 'none'"), "{out}");
    assert!(!out.contains("unsafe-inline"), "{out}");
    // A chart for the portfolio and each account.
    assert!(out.matches("<svg").count() >= 5, "{out}");
    // No network: no URL other than the SVG/XLink namespace names (which fetch nothing).
    let without_ns = out
        .replace("http://www.w3.org/2000/svg", "")
        .replace("http://www.w3.org/1999/xlink", "");
    assert!(!without_ns.contains("http://"), "{out}");
    assert!(!without_ns.contains("https://"), "{out}");
    assert!(!out.contains("<script src"), "{out}");
    assert!(!out.contains("<link"), "{out}");
    assert!(!out.contains("@import"), "{out}");
    // The "worse" table first: the first account named on the page is the worst one.
    let first = [ALPHA, BETA, GAMMA, DELTA]
        .into_iter()
        .min_by_key(|n| out.find(n).unwrap_or(usize::MAX))
        .unwrap();
    assert_eq!(first, DELTA, "the worse table comes first");
    for name in [ALPHA, BETA, GAMMA, DELTA] {
        assert!(out.contains(name), "{name}");
    }
}

#[test]
fn trend_report_of_a_failed_account_counts_it_as_missing() {
    // An account whose inputs failed to load was not audited in that run: neither open nor
    // fixed there.
    let tmp = tempfile::tempdir().unwrap();
    let h = tmp.path().join("h");
    std::fs::create_dir_all(&h).unwrap();
    std::fs::write(h.join("1.json"), report(R1, &[ALPHA], &[a1(), a2()])).unwrap();
    let mut r2: Value = serde_json::from_str(&report(R2, &[ALPHA], &[])).unwrap();
    r2["accounts"][0]["audited"] = json!(false);
    r2["errors"] = json!([{ "file": "customers/alpha/account.yaml", "line": 3, "column": 1,
        "message": "expected a mapping" }]);
    r2["summary"]["files_read"] = json!(0);
    r2["summary"]["files_failed"] = json!(1);
    std::fs::write(h.join("2.json"), serde_json::to_string_pretty(&r2).unwrap()).unwrap();
    std::fs::write(h.join("3.json"), report(R3, &[ALPHA], &[a2()])).unwrap();
    let t = trend_json(tmp.path(), &["h"]);
    let a = account(&t, ALPHA);
    assert_eq!(a["runs"], json!([R1, R3]));
    assert_eq!(a["new"], json!([2, 0]));
    assert_eq!(a["fixed"], json!([0, 1]));
    assert_eq!(ttf_of(a), ttf(1, 181, 181));
    assert_eq!(still_open(a), set([so(a2(), R1, 181)]));
}

// ------------------------------------------------------------------------------------------
// check --history
// ------------------------------------------------------------------------------------------

/// A temporary folder with a copy of one demo customer as `meridian/` (it has findings).
fn meridian() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(
        &root.join("fixtures/demo/meridian-civil-transport"),
        &tmp.path().join("meridian"),
    );
    let cwd = tmp.path().to_path_buf();
    (tmp, cwd)
}

#[test]
fn history_writes_the_json_report_whatever_the_formats() {
    let (_tmp, cwd) = meridian();
    let (code, json_out, _) = rollcall(
        &cwd,
        &[
            "check",
            "meridian",
            "--format",
            "json",
            "--as-of",
            "2026-09-01",
        ],
    );
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&json_out).unwrap();
    assert_eq!(v["run"]["today"], "2026-09-01");
    assert!(!cwd.join("deep").exists());
    let (code, _, err) = rollcall(
        &cwd,
        &[
            "check",
            "meridian",
            "--as-of",
            "2026-09-01",
            "--history",
            "deep/er/hist",
            "--format",
            "sarif",
            "--output",
            "out.sarif",
            "--format",
            "markdown",
        ],
    );
    assert_eq!(code, 1, "{err}");
    let hist = cwd.join("deep/er/hist");
    assert_eq!(
        names_in(&hist),
        ["2026-09-01.json"],
        "DIR created, nothing else"
    );
    assert_eq!(
        std::fs::read_to_string(hist.join("2026-09-01.json")).unwrap(),
        json_out,
        "the same bytes as --format json"
    );
}

#[test]
fn history_replaces_a_report_of_the_same_day_and_adds_other_days() {
    let (_tmp, cwd) = meridian();
    let run = |day: &str| {
        let (code, _, err) = rollcall(
            &cwd,
            &["check", "meridian", "--as-of", day, "--history", "h"],
        );
        assert_eq!(code, 1, "{err}");
    };
    run("2026-09-01");
    let first = std::fs::read_to_string(cwd.join("h/2026-09-01.json")).unwrap();
    // Change the input: the same day's report is replaced by the new run's.
    let snapshot = cwd.join("meridian/account.yaml");
    let text = std::fs::read_to_string(&snapshot).unwrap();
    std::fs::write(
        &snapshot,
        text.replace(
            "support@cadpartners.example",
            "it.service@meridian-ct.example",
        ),
    )
    .unwrap();
    let (_, now, _) = rollcall(
        &cwd,
        &[
            "check",
            "meridian",
            "--format",
            "json",
            "--as-of",
            "2026-09-01",
        ],
    );
    assert_ne!(now, first, "the change changes the report");
    run("2026-09-01");
    assert_eq!(names_in(&cwd.join("h")), ["2026-09-01.json"]);
    assert_eq!(
        std::fs::read_to_string(cwd.join("h/2026-09-01.json")).unwrap(),
        now
    );
    run("2026-12-01");
    assert_eq!(
        names_in(&cwd.join("h")),
        ["2026-09-01.json", "2026-12-01.json"]
    );
    // And trend reads that history.
    let t = trend_json(&cwd, &["h"]);
    assert_eq!(t["runs"], json!(["2026-09-01", "2026-12-01"]));
}

#[test]
fn history_without_as_of_is_named_by_run_today() {
    let (_tmp, cwd) = meridian();
    let (code, out, err) = rollcall(
        &cwd,
        &["check", "meridian", "--history", "h", "--format", "json"],
    );
    assert_eq!(code, 1, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let today = v["run"]["today"].as_str().unwrap();
    assert!(
        today.len() == 10
            && today.chars().enumerate().all(|(i, c)| if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }),
        "{today}"
    );
    // The run could straddle midnight: the file is the run's day, whatever that was.
    assert_eq!(names_in(&cwd.join("h")), [format!("{today}.json")]);
    assert_eq!(
        std::fs::read_to_string(cwd.join(format!("h/{today}.json"))).unwrap(),
        out
    );
}

#[test]
fn history_in_the_configuration_does_the_same() {
    let (tmp, cwd) = meridian();
    let hist = tmp.path().join("kept/history");
    std::fs::write(
        cwd.join("meridian/rollcall.yaml"),
        format!("history: {}\n", hist.display()),
    )
    .unwrap();
    let (code, out, err) = rollcall(
        &cwd,
        &[
            "check",
            "meridian",
            "--format",
            "json",
            "--as-of",
            "2026-10-10",
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(names_in(&hist), ["2026-10-10.json"]);
    assert_eq!(
        std::fs::read_to_string(hist.join("2026-10-10.json")).unwrap(),
        out
    );
}

// ------------------------------------------------------------------------------------------
// --add-waivers
// ------------------------------------------------------------------------------------------

fn findings(json_out: &str) -> Vec<Value> {
    let v: Value = serde_json::from_str(json_out).unwrap_or_else(|e| panic!("{e}: {json_out}"));
    v["findings"].as_array().unwrap().clone()
}

fn open_findings(json_out: &str) -> Vec<Value> {
    findings(json_out)
        .into_iter()
        .filter(|f| f["waived"].is_null())
        .collect()
}

/// The lines `edited` adds to `original`, checking that they are one block and that every
/// other line (and byte) of the original is kept: returns (index of the first added line in
/// `edited`, the added lines).
fn added_block(original: &str, edited: &str) -> (usize, Vec<String>) {
    assert!(original.ends_with('\n'));
    let o: Vec<&str> = original.split_inclusive('\n').collect();
    let e: Vec<&str> = edited.split_inclusive('\n').collect();
    let prefix = o.iter().zip(&e).take_while(|(a, b)| a == b).count();
    let suffix = o[prefix..]
        .iter()
        .rev()
        .zip(e[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    assert_eq!(
        prefix + suffix,
        o.len(),
        "every line of the original is kept, in order:\n--- before\n{original}--- after\n{edited}"
    );
    let added: Vec<String> = e[prefix..e.len() - suffix]
        .iter()
        .map(|l| (*l).to_owned())
        .collect();
    // Removing the added lines gives the original back, byte for byte.
    let mut rebuilt = e[..prefix].concat();
    rebuilt.push_str(&e[e.len() - suffix..].concat());
    assert_eq!(rebuilt, original);
    (prefix, added)
}

/// Splits a block of `  - rule: ...` items into items (each its lines' text).
fn items(block: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in block {
        if l.trim_start().starts_with("- ") {
            out.push(String::new());
        }
        out.last_mut()
            .unwrap_or_else(|| panic!("a block that does not start with an item: {block:?}"))
            .push_str(l);
    }
    out
}

/// The value of `key:` in a waiver item, unquoted.
fn value_of(item: &str, key: &str) -> Option<String> {
    item.lines().find_map(|l| {
        let l = l.trim_start().trim_start_matches("- ");
        let rest = l.strip_prefix(key)?.strip_prefix(':')?.trim();
        let unq = rest
            .strip_prefix('"')
            .and_then(|r| r.strip_suffix('"'))
            .or_else(|| rest.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')))
            .unwrap_or(rest);
        Some(unq.to_owned())
    })
}

const CONFIG: &str = "\
# Meridian's own configuration: a comment that must survive.
extends: default   # the default rules

waivers:
    # the team nobody administers is being closed
    - rule: RC109
      account: 'Meridian Civil & Transport Consultants'
      reason: \"closing in Q1\"

# Prices follow the waivers.
prices:
  currency: EUR
  per_seat_year:
    Revit: 3100
";

#[test]
fn add_waivers_appends_to_the_configuration_keeping_every_other_byte() {
    let (_tmp, cwd) = meridian();
    let config = cwd.join("meridian/rollcall.yaml");
    std::fs::write(&config, CONFIG).unwrap();
    let (code, before, err) = rollcall(
        &cwd,
        &[
            "check",
            "meridian",
            "--format",
            "json",
            "--as-of",
            "2026-11-01",
        ],
    );
    assert_eq!(code, 1, "{err}");
    let to_waive = open_findings(&before);
    let already = findings(&before).len() - to_waive.len();
    assert!(already >= 1, "the RC109 waiver is in force: {before}");
    assert!(to_waive.len() >= 3, "{before}");
    assert!(to_waive.iter().all(|f| f["rule"] != "RC109"));

    let (code, out, err) = rollcall(
        &cwd,
        &[
            "check",
            "meridian",
            "--format",
            "json",
            "--as-of",
            "2026-11-01",
            "--add-waivers",
            "--reason",
            "accepted at the Q4 review",
            "--expires",
            "2099-06-30",
            "--owner",
            "it@cadpartner.example",
        ],
    );
    let edited = std::fs::read_to_string(&config).unwrap();
    let (at, block) = added_block(CONFIG, &edited);
    // Appended to the `waivers:` list: right after its last item.
    let before_lines: Vec<&str> = CONFIG.lines().collect();
    assert_eq!(
        before_lines[at - 1],
        "      reason: \"closing in Q1\"",
        "{edited}"
    );
    let items = items(&block);
    assert_eq!(
        items.len(),
        to_waive.len(),
        "one waiver per open finding: {edited}"
    );
    for item in &items {
        assert!(
            item.starts_with("    - "),
            "the list's own indentation: {item}"
        );
        assert!(!item.contains('*'), "no globs: {item}");
        assert_eq!(
            value_of(item, "reason").as_deref(),
            Some("accepted at the Q4 review"),
            "{item}"
        );
        assert_eq!(
            value_of(item, "expires").as_deref(),
            Some("2099-06-30"),
            "{item}"
        );
        assert_eq!(
            value_of(item, "owner").as_deref(),
            Some("it@cadpartner.example"),
            "{item}"
        );
        assert_eq!(
            value_of(item, "account").as_deref(),
            Some("Meridian Civil & Transport Consultants"),
            "{item}"
        );
    }
    // Each open finding has its waiver: rule by code, every subject key exactly.
    for finding in &to_waive {
        let matches = items.iter().any(|item| {
            value_of(item, "rule").as_deref() == finding["rule"].as_str()
                && ["contract", "team", "product", "user"]
                    .iter()
                    .all(|k| value_of(item, k).as_deref() == finding["subject"][*k].as_str())
        });
        assert!(matches, "no waiver for {finding}:\n{edited}");
    }
    // The count, and the file.
    let said = format!("{out}{err}");
    let line = said
        .lines()
        .find(|l| l.contains("rollcall.yaml") && l.contains(&to_waive.len().to_string()))
        .unwrap_or_else(|| panic!("how many, to which file: {err}"));
    assert!(line.contains("meridian"), "{line}");
    // The run exits as if the waivers had been in force.
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (
            v["summary"]["errors"].as_u64(),
            v["summary"]["warnings"].as_u64(),
            v["summary"]["infos"].as_u64()
        ),
        (Some(0), Some(0), Some(0)),
        "{out}"
    );
    let (code, again, _) = rollcall(
        &cwd,
        &[
            "check",
            "meridian",
            "--format",
            "json",
            "--as-of",
            "2026-11-01",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(again, out, "the same report as with the waivers in force");
}

#[test]
fn add_waivers_twice_adds_nothing_the_second_time() {
    let (_tmp, cwd) = meridian();
    let config = cwd.join("meridian/rollcall.yaml");
    std::fs::write(&config, CONFIG).unwrap();
    let args = [
        "check",
        "meridian",
        "--format",
        "concise",
        "--as-of",
        "2026-11-01",
        "--add-waivers",
        "--reason",
        "accepted",
    ];
    let (code, _, err) = rollcall(&cwd, &args);
    assert_eq!(code, 0, "{err}");
    let once = std::fs::read_to_string(&config).unwrap();
    assert_ne!(once, CONFIG);
    let (code, _, err) = rollcall(&cwd, &args);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read_to_string(&config).unwrap(), once, "unchanged");
    // Nothing is written, so no file need be named: the count says 0.
    assert!(
        err.lines().any(|l| l.contains("waiver")
            && l.split(|c: char| !c.is_ascii_digit())
                .filter(|w| !w.is_empty())
                .any(|w| w == "0")),
        "the second run wrote 0 waivers: {err}"
    );
}

#[test]
fn add_waivers_creates_rollcall_yaml_where_none_is_in_force() {
    let (_tmp, cwd) = meridian();
    assert!(!cwd.join("meridian/rollcall.yaml").exists());
    let (code, before, _) = rollcall(
        &cwd,
        &[
            "check",
            "meridian",
            "--format",
            "json",
            "--as-of",
            "2026-11-01",
        ],
    );
    assert_eq!(code, 1);
    let to_waive = open_findings(&before).len();
    let (code, _, err) = rollcall(
        &cwd,
        &[
            "check",
            "meridian",
            "--as-of",
            "2026-11-01",
            "--add-waivers",
            "--reason",
            "accepted",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let created = std::fs::read_to_string(cwd.join("meridian/rollcall.yaml"))
        .unwrap_or_else(|e| panic!("{e}: {err}"));
    let lines: Vec<String> = created.split_inclusive('\n').map(str::to_owned).collect();
    let waivers_at = lines
        .iter()
        .position(|l| l.trim_end() == "waivers:")
        .unwrap_or_else(|| panic!("{created}"));
    assert_eq!(items(&lines[waivers_at + 1..]).len(), to_waive, "{created}");
    // And it is in force from now on.
    let (code, _, _) = rollcall(
        &cwd,
        &[
            "check",
            "meridian",
            "--format",
            "concise",
            "--as-of",
            "2026-11-01",
        ],
    );
    assert_eq!(code, 0);
}

#[test]
fn add_waivers_goes_to_the_file_given_by_config() {
    let (_tmp, cwd) = meridian();
    let given = cwd.join("elsewhere.yaml");
    std::fs::write(&given, "extends: default\n").unwrap();
    let (code, _, err) = rollcall(
        &cwd,
        &[
            "check",
            "meridian",
            "--config",
            "elsewhere.yaml",
            "--as-of",
            "2026-11-01",
            "--add-waivers",
            "--reason",
            "accepted",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(!cwd.join("meridian/rollcall.yaml").exists());
    let text = std::fs::read_to_string(&given).unwrap();
    assert!(text.starts_with("extends: default\nwaivers:\n"), "{text}");
    assert!(err.contains("elsewhere.yaml"), "{err}");
}

#[test]
fn add_waivers_leaves_findings_of_unwaivable_rules_and_says_so() {
    let (_tmp, cwd) = meridian();
    let config = cwd.join("meridian/rollcall.yaml");
    let original = "unwaivable: [missing-contract-manager]   # by name\n";
    std::fs::write(&config, original).unwrap();
    let (_, before, _) = rollcall(
        &cwd,
        &[
            "check",
            "meridian",
            "--format",
            "json",
            "--as-of",
            "2026-11-01",
        ],
    );
    let all = open_findings(&before);
    let unwaivable = all.iter().filter(|f| f["rule"] == "RC102").count();
    assert!(unwaivable >= 1, "{before}");
    let (code, out, err) = rollcall(
        &cwd,
        &[
            "check",
            "meridian",
            "--format",
            "json",
            "--as-of",
            "2026-11-01",
            "--add-waivers",
            "--reason",
            "accepted",
        ],
    );
    // RC102 is an error and is left open.
    assert_eq!(code, 1, "{err}");
    let still: Vec<Value> = open_findings(&out);
    assert_eq!(still.len(), unwaivable, "{out}");
    assert!(still.iter().all(|f| f["rule"] == "RC102"));
    let edited = std::fs::read_to_string(&config).unwrap();
    let (_, block) = added_block(original, &edited);
    let added = items(&block[1..]);
    assert_eq!(block[0], "waivers:\n", "{edited}");
    assert_eq!(added.len(), all.len() - unwaivable, "{edited}");
    assert!(added
        .iter()
        .all(|i| value_of(i, "rule").as_deref() != Some("RC102")));
    // The count says how many were not waived.
    let said = format!("{out}{err}");
    assert!(
        said.lines()
            .any(|l| l.contains("unwaivable") && l.contains(&unwaivable.to_string())),
        "{err}"
    );
}

// ------------------------------------------------------------------------------------------
// unwaivable
// ------------------------------------------------------------------------------------------

fn check_with(cwd: &Path, config: &str) -> (i32, String) {
    std::fs::write(cwd.join("meridian/rollcall.yaml"), config).unwrap();
    let (code, out, err) = rollcall(
        cwd,
        &[
            "check",
            "meridian",
            "--format",
            "concise",
            "--as-of",
            "2026-11-01",
        ],
    );
    (code, out + &err)
}

#[test]
fn a_waiver_of_an_unwaivable_rule_is_a_located_error() {
    let (_tmp, cwd) = meridian();
    // By code in `unwaivable`, by name in the waiver.
    let (code, said) = check_with(
        &cwd,
        "unwaivable: [RC102]\nwaivers:\n  - rule: RC109\n    reason: fine\n  - rule: missing-contract-manager\n    reason: no\n",
    );
    assert_eq!(code, 2, "{said}");
    assert!(said.contains("rollcall.yaml:5:"), "{said}");
    assert!(
        !said.contains("rollcall.yaml:3:"),
        "the RC109 waiver is fine: {said}"
    );
    // By prefix, and a waiver limited to one account: it still matches the rule's findings.
    let (code, said) = check_with(
        &cwd,
        "unwaivable: [RC10]\nwaivers:\n  - rule: RC102\n    account: Meridian*\n    reason: no\n",
    );
    assert_eq!(code, 2, "{said}");
    assert!(said.contains("rollcall.yaml:3:"), "{said}");
    // Without `unwaivable`, the same waiver is fine.
    let (code, said) = check_with(
        &cwd,
        "waivers:\n  - rule: RC102\n    account: Meridian*\n    reason: no\n",
    );
    assert_ne!(code, 2, "{said}");
}

#[test]
fn the_compliance_profile_makes_rc102_and_rc601_unwaivable() {
    let (_tmp, cwd) = meridian();
    let (code, said) = check_with(
        &cwd,
        "extends: compliance\nwaivers:\n  - rule: RC102\n    reason: no\n",
    );
    assert_eq!(code, 2, "{said}");
    assert!(said.contains("rollcall.yaml:3:"), "{said}");
    let (code, said) = check_with(
        &cwd,
        "extends: compliance\nwaivers:\n  - rule: RC601\n    reason: no\n",
    );
    assert_eq!(code, 2, "{said}");
    assert!(said.contains("rollcall.yaml:3:"), "{said}");
    // The profile chosen on the command line does the same.
    std::fs::write(
        cwd.join("meridian/rollcall.yaml"),
        "waivers:\n  - rule: RC102\n    reason: no\n",
    )
    .unwrap();
    let (code, out, err) = rollcall(
        &cwd,
        &[
            "check",
            "meridian",
            "--profile",
            "compliance",
            "--format",
            "concise",
            "--as-of",
            "2026-11-01",
        ],
    );
    let said = out + &err;
    assert_eq!(code, 2, "{said}");
    assert!(said.contains("rollcall.yaml:2:"), "{said}");
    // Another rule may still be waived under the profile.
    let (code, said) = check_with(
        &cwd,
        "extends: compliance\nwaivers:\n  - rule: RC109\n    reason: closing\n",
    );
    assert_ne!(code, 2, "{said}");
    assert!(!said.contains("rollcall.yaml:3:"), "{said}");
}

#[test]
fn trend_html_escapes_what_the_reports_say() {
    // A report is input: an account name that is markup must not become markup (or a fetch).
    const EVIL: &str = "<script src=\"https://evil.example/x.js\"></script>Evil & Co";
    let tmp = tempfile::tempdir().unwrap();
    let h = tmp.path().join("h");
    std::fs::create_dir_all(&h).unwrap();
    let mut r1: Value = serde_json::from_str(&report(R1, &[ALPHA], &[a1()])).unwrap();
    r1["accounts"][0]["name"] = json!(EVIL);
    r1["findings"][0]["account"] = json!(EVIL);
    r1["findings"][0]["subject"]["user"] = json!("<img src=https://evil.example/p.png>");
    std::fs::write(h.join("1.json"), serde_json::to_string(&r1).unwrap()).unwrap();
    let mut r2 = r1.clone();
    r2["run"]["today"] = json!(R2);
    std::fs::write(h.join("2.json"), serde_json::to_string(&r2).unwrap()).unwrap();
    let (code, out, err) = rollcall(tmp.path(), &["trend", "h", "--format", "html"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("<script"), "{out}");
    assert!(!out.contains("<img"), "{out}");
    assert!(out.contains("Evil &amp; Co"), "{out}");
}

#[test]
fn trend_counts_a_key_that_occurs_twice_as_two_findings() {
    // docs/history.md: "A key that occurs twice is counted as two findings, the same way a
    // baseline counts it."
    let tmp = tempfile::tempdir().unwrap();
    let h = tmp.path().join("h");
    std::fs::create_dir_all(&h).unwrap();
    std::fs::write(h.join("1.json"), report(R1, &[ALPHA], &[a2(), a2()])).unwrap();
    std::fs::write(h.join("2.json"), report(R2, &[ALPHA], &[a2()])).unwrap();
    std::fs::write(h.join("3.json"), report(R3, &[ALPHA], &[a2(), a2()])).unwrap();
    let t = trend_json(tmp.path(), &["h"]);
    let a = account(&t, ALPHA);
    assert_eq!(open(a), [[2, 0, 0], [1, 0, 0], [2, 0, 0]]);
    assert_eq!(a["new"], json!([2, 0, 1]));
    assert_eq!(a["fixed"], json!([0, 1, 0]));
    assert_eq!(a["back"], json!([0, 0, 1]));
    assert_eq!(ttf_of(a), ttf(1, 89, 89));
}

#[test]
fn trend_dates_a_report_without_run_today_by_its_file_name() {
    // The spec: trend reads "any JSON report rollcall writes, of any version"; reports written
    // before `run.today` existed have none, and docs/history.md dates them by file name.
    let tmp = tempfile::tempdir().unwrap();
    let h = tmp.path().join("h");
    std::fs::create_dir_all(&h).unwrap();
    let mut old: Value = serde_json::from_str(&report(R1, &[ALPHA], &[a1(), a2()])).unwrap();
    old.as_object_mut().unwrap().remove("run");
    std::fs::write(
        h.join(format!("{R1}.json")),
        serde_json::to_string_pretty(&old).unwrap(),
    )
    .unwrap();
    std::fs::write(h.join("later.json"), report(R2, &[ALPHA], &[a2()])).unwrap();
    let t = trend_json(tmp.path(), &["h"]);
    assert_eq!(t["runs"], json!([R1, R2]));
    assert_eq!(account(&t, ALPHA)["fixed"], json!([0, 1]));
}

#[test]
fn history_is_written_when_an_input_cannot_be_read() {
    let (_tmp, cwd) = meridian();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(
        &root.join("fixtures/demo/marlow-studio"),
        &cwd.join("p/marlow"),
    );
    std::fs::rename(cwd.join("meridian"), cwd.join("p/meridian")).unwrap();
    std::fs::write(cwd.join("p/marlow/account.yaml"), "account: [unclosed\n").unwrap();
    let (code, json_out, _) = rollcall(
        &cwd,
        &["check", "p", "--format", "json", "--as-of", "2026-09-01"],
    );
    assert_eq!(code, 2);
    let (code, _, _) = rollcall(
        &cwd,
        &["check", "p", "--as-of", "2026-09-01", "--history", "h"],
    );
    assert_eq!(code, 2);
    assert_eq!(
        std::fs::read_to_string(cwd.join("h/2026-09-01.json")).unwrap(),
        json_out
    );
}

#[test]
fn add_waivers_goes_to_the_configuration_in_force_for_each_account() {
    let (_tmp, cwd) = meridian();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(cwd.join("p")).unwrap();
    std::fs::rename(cwd.join("meridian"), cwd.join("p/meridian")).unwrap();
    copy_dir(
        &root.join("fixtures/demo/marlow-studio"),
        &cwd.join("p/marlow"),
    );
    let top = "# the portfolio's\nextends: default\n";
    let own = "# Meridian's own\nextends: default\n";
    std::fs::write(cwd.join("p/rollcall.yaml"), top).unwrap();
    std::fs::write(cwd.join("p/meridian/rollcall.yaml"), own).unwrap();
    let (code, before, err) = rollcall(
        &cwd,
        &["check", "p", "--format", "json", "--as-of", "2026-11-01"],
    );
    assert_eq!(code, 1, "{err}");
    let open = open_findings(&before);
    let of = |name: &str| {
        open.iter()
            .filter(|f| f["account"].as_str().is_some_and(|a| a.starts_with(name)))
            .count()
    };
    let (meridian_n, marlow_n) = (of("Meridian"), of("Marlow"));
    assert!(meridian_n > 0 && marlow_n > 0, "{before}");
    assert_eq!(meridian_n + marlow_n, open.len());
    let (code, _, err) = rollcall(
        &cwd,
        &[
            "check",
            "p",
            "--as-of",
            "2026-11-01",
            "--add-waivers",
            "--reason",
            "accepted",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let edited_top = std::fs::read_to_string(cwd.join("p/rollcall.yaml")).unwrap();
    let edited_own = std::fs::read_to_string(cwd.join("p/meridian/rollcall.yaml")).unwrap();
    let (_, top_block) = added_block(top, &edited_top);
    let (_, own_block) = added_block(own, &edited_own);
    let top_items = items(&top_block[1..]);
    let own_items = items(&own_block[1..]);
    assert_eq!(top_items.len(), marlow_n, "{edited_top}");
    assert_eq!(own_items.len(), meridian_n, "{edited_own}");
    assert!(top_items
        .iter()
        .all(|i| value_of(i, "account").is_some_and(|a| a.starts_with("Marlow"))));
    assert!(own_items
        .iter()
        .all(|i| value_of(i, "account").is_some_and(|a| a.starts_with("Meridian"))));
    for (file, n) in [
        ("p/rollcall.yaml", marlow_n),
        ("p/meridian/rollcall.yaml", meridian_n),
    ] {
        assert!(
            err.lines()
                .any(|l| l.contains(file) && l.contains(&n.to_string())),
            "{n} to {file}: {err}"
        );
    }
}

#[test]
fn add_waivers_quotes_what_yaml_would_misread() {
    // An account name with `: `, ` #` and quotes: the waiver written must name it exactly.
    let (_tmp, cwd) = meridian();
    let snapshot = cwd.join("meridian/account.yaml");
    let text = std::fs::read_to_string(&snapshot).unwrap();
    let text = text.replace(
        "account: Meridian Civil & Transport Consultants",
        "account: \"Meridian: 'Civil' & \\\"Rail\\\" #1\"",
    );
    std::fs::write(&snapshot, text).unwrap();
    let (code, before, err) = rollcall(
        &cwd,
        &[
            "check",
            "meridian",
            "--format",
            "json",
            "--as-of",
            "2026-11-01",
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        findings(&before)[0]["account"],
        "Meridian: 'Civil' & \"Rail\" #1"
    );
    let args = [
        "check",
        "meridian",
        "--as-of",
        "2026-11-01",
        "--add-waivers",
        "--reason",
        "agreed: see #12 \"as is\"",
    ];
    let (code, _, err) = rollcall(&cwd, &args);
    assert_eq!(code, 0, "every finding waived: {err}");
    let once = std::fs::read_to_string(cwd.join("meridian/rollcall.yaml")).unwrap();
    let (code, _, err) = rollcall(&cwd, &args);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read_to_string(cwd.join("meridian/rollcall.yaml")).unwrap(),
        once
    );
    let (code, after, _) = rollcall(
        &cwd,
        &[
            "check",
            "meridian",
            "--format",
            "json",
            "--as-of",
            "2026-11-01",
        ],
    );
    assert_eq!(code, 0);
    let reasons: BTreeSet<String> = findings(&after)
        .iter()
        .map(|f| {
            f["waived"]["reason"]
                .as_str()
                .unwrap_or("not waived")
                .to_owned()
        })
        .collect();
    assert_eq!(reasons, set(["agreed: see #12 \"as is\"".to_owned()]));
}

#[test]
fn add_waivers_without_a_reason_is_a_command_line_error() {
    let (_tmp, cwd) = meridian();
    let (code, _, err) = rollcall(
        &cwd,
        &[
            "check",
            "meridian",
            "--as-of",
            "2026-11-01",
            "--add-waivers",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--reason"), "{err}");
    assert!(!cwd.join("meridian/rollcall.yaml").exists());
}

#[test]
fn trend_open_savings_per_currency_per_run() {
    let tmp = tempfile::tempdir().unwrap();
    let h = tmp.path().join("h");
    std::fs::create_dir_all(&h).unwrap();
    let seat = |user: &'static str, account: &'static str| {
        f(
            "RC304",
            "warning",
            account,
            Some("150000000001"),
            None,
            Some(user),
        )
    };
    let revit = seat("r@alpha.example", ALPHA).saving("Revit", 3100, "EUR");
    let acad = seat("c@alpha.example", ALPHA).saving("AutoCAD", 2100, "EUR");
    let lt = seat("l@beta.example", BETA).saving("AutoCAD LT", 500, "GBP");
    std::fs::write(
        h.join("1.json"),
        report(R1, &[ALPHA, BETA], &[revit, acad, lt]),
    )
    .unwrap();
    // R2: the Revit seat is freed, Beta's finding is waived: neither is open any more.
    std::fs::write(
        h.join("2.json"),
        report(R2, &[ALPHA, BETA], &[acad, lt.waived()]),
    )
    .unwrap();
    let t = trend_json(tmp.path(), &["h"]);
    let sav = &t["portfolio"]["savings"];
    assert_eq!(sav[0], json!({ "EUR": 5200, "GBP": 500 }), "{t}");
    assert_eq!(sav[1]["EUR"], 2100, "{t}");
    assert!(
        sav[1]["GBP"].is_null() || sav[1]["GBP"] == 0,
        "a waived finding's saving is not open: {t}"
    );
    assert_eq!(
        account(&t, ALPHA)["savings"],
        json!([{ "EUR": 5200 }, { "EUR": 2100 }])
    );
}

#[test]
fn unwaivable_takes_groups_and_every_such_waiver_is_reported() {
    let (_tmp, cwd) = meridian();
    let (code, said) = check_with(
        &cwd,
        "unwaivable: [roles, directory]\nwaivers:\n  - rule: RC102\n    reason: y\n  - rule: RC109\n    reason: closing\n  - rule: role-holder-gone\n    reason: z\n",
    );
    assert_eq!(code, 2, "{said}");
    // RC102 and RC109 are both role rules; RC601 is a directory rule.
    assert!(said.contains("rollcall.yaml:3:"), "{said}");
    assert!(said.contains("rollcall.yaml:5:"), "{said}");
    assert!(said.contains("rollcall.yaml:7:"), "{said}");
    let (code, said) = check_with(
        &cwd,
        "unwaivable: [directory]\nwaivers:\n  - rule: RC102\n    reason: y\n",
    );
    assert_ne!(code, 2, "a role rule is not in `directory`: {said}");
}

#[test]
fn add_waivers_with_history_keeps_the_report_as_if_in_force() {
    let (_tmp, cwd) = meridian();
    let (code, out, err) = rollcall(
        &cwd,
        &[
            "check",
            "meridian",
            "--format",
            "json",
            "--as-of",
            "2026-11-01",
            "--add-waivers",
            "--reason",
            "accepted",
            "--history",
            "h",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(names_in(&cwd.join("h")), ["2026-11-01.json"]);
    assert_eq!(
        std::fs::read_to_string(cwd.join("h/2026-11-01.json")).unwrap(),
        out
    );
}

#[test]
fn trend_a_change_of_severity_is_not_a_fix() {
    // The key is (rule, account, subject): the severity is not part of it.
    let tmp = tempfile::tempdir().unwrap();
    let h = tmp.path().join("h");
    std::fs::create_dir_all(&h).unwrap();
    let mut milder = a4();
    milder.severity = "warning";
    std::fs::write(h.join("1.json"), report(R1, &[ALPHA], &[a4()])).unwrap();
    std::fs::write(h.join("2.json"), report(R2, &[ALPHA], &[milder])).unwrap();
    let t = trend_json(tmp.path(), &["h"]);
    let a = account(&t, ALPHA);
    assert_eq!(open(a), [[1, 0, 0], [0, 1, 0]]);
    assert_eq!(a["new"], json!([1, 0]));
    assert_eq!(a["fixed"], json!([0, 0]));
    assert_eq!(a["time_to_fix"]["fixed"], 0);
    assert_eq!(still_open(a), set([so(a4(), R1, 89)]));
}

#[test]
fn trend_fixed_back_and_fixed_again_is_two_fixes_each_from_its_own_stretch() {
    let tmp = tempfile::tempdir().unwrap();
    let h = tmp.path().join("h");
    std::fs::create_dir_all(&h).unwrap();
    let r5 = "2027-01-01"; // R4 + 61 days
    std::fs::write(h.join("1.json"), report(R1, &[ALPHA], &[a1(), a2()])).unwrap();
    std::fs::write(h.join("2.json"), report(R2, &[ALPHA], &[a2()])).unwrap();
    std::fs::write(h.join("3.json"), report(R3, &[ALPHA], &[a1(), a2()])).unwrap();
    std::fs::write(h.join("4.json"), report(R4, &[ALPHA], &[a1(), a2()])).unwrap();
    std::fs::write(h.join("5.json"), report(r5, &[ALPHA], &[a2()])).unwrap();
    let t = trend_json(tmp.path(), &["h"]);
    let a = account(&t, ALPHA);
    assert_eq!(a["new"], json!([2, 0, 1, 0, 0]));
    assert_eq!(a["fixed"], json!([0, 1, 0, 0, 1]));
    assert_eq!(a["back"], json!([0, 0, 1, 0, 0]));
    // a1: R1→R2 89 days; back in R3, fixed again in R5: R3→R5 153 days (92 + 61).
    assert_eq!(ttf_rule(a, "RC101"), ttf(2, 89, 153));
    assert_eq!(still_open(a), set([so(a2(), R1, 334)]));
}

#[test]
fn trend_worse_compares_an_account_with_its_own_last_run() {
    let tmp = tempfile::tempdir().unwrap();
    let h = tmp.path().join("h");
    std::fs::create_dir_all(&h).unwrap();
    // Beta misses R2; in R3 it has one more error than in R1, its own last run.
    std::fs::write(h.join("1.json"), report(R1, &[ALPHA, BETA], &[a2(), b1()])).unwrap();
    std::fs::write(h.join("2.json"), report(R2, &[ALPHA], &[a2()])).unwrap();
    std::fs::write(
        h.join("3.json"),
        report(R3, &[ALPHA, BETA], &[a2(), b1(), b4()]),
    )
    .unwrap();
    let t = trend_json(tmp.path(), &["h"]);
    assert_eq!(t["worse"], json!([BETA]));
    assert_eq!(account(&t, BETA)["new"], json!([1, 1]));
}

#[test]
fn trend_portfolio_open_counts_every_open_finding_of_the_run() {
    // A waiver that matches nothing raises RC902, a finding of the run with no account.
    let (_tmp, cwd) = meridian();
    std::fs::write(
        cwd.join("meridian/rollcall.yaml"),
        "waivers:\n  - rule: RC101\n    account: Meridian*\n    reason: old\n",
    )
    .unwrap();
    let (code, out, err) = rollcall(
        &cwd,
        &[
            "check",
            "meridian",
            "--format",
            "json",
            "--as-of",
            "2026-11-01",
            "--history",
            "h",
        ],
    );
    assert_eq!(code, 1, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(findings(&out).iter().any(|f| f["rule"] == "RC902"), "{out}");
    let t = trend_json(&cwd, &["h"]);
    let p = &t["portfolio"]["open"][0];
    assert_eq!(
        [&p["error"], &p["warning"], &p["info"]],
        [
            &v["summary"]["errors"],
            &v["summary"]["warnings"],
            &v["summary"]["infos"]
        ],
        "{t}"
    );
}

#[test]
fn add_waivers_keeps_crlf_comments_and_the_lists_own_indentation() {
    for (original, after_line, indent) in [
        (
            "extends: default\r\nwaivers:\r\n  - rule: RC109\r\n    reason: old\r\n# end\r\n",
            "    reason: old\r\n",
            "  - ",
        ),
        (
            "waivers:   # reviewed quarterly\n      - rule: RC109\n        reason: old\n\nextends: default # last\n",
            "        reason: old\n",
            "      - ",
        ),
    ] {
        let (_tmp, cwd) = meridian();
        let config = cwd.join("meridian/rollcall.yaml");
        std::fs::write(&config, original).unwrap();
        let (code, _, err) = rollcall(
            &cwd,
            &[
                "check",
                "meridian",
                "--as-of",
                "2026-11-01",
                "--add-waivers",
                "--reason",
                "accepted",
            ],
        );
        assert_eq!(code, 0, "{err}");
        let edited = std::fs::read_to_string(&config).unwrap();
        let (at, block) = added_block(original, &edited);
        let lines: Vec<&str> = original.split_inclusive('\n').collect();
        assert_eq!(lines[at - 1], after_line, "{edited}");
        let items = items(&block);
        assert!(!items.is_empty());
        for item in &items {
            assert!(item.starts_with(indent), "{item:?}");
        }
        let (code, _, _) = rollcall(
            &cwd,
            &["check", "meridian", "--format", "concise", "--as-of", "2026-11-01"],
        );
        assert_eq!(code, 0, "{edited}");
    }
}
