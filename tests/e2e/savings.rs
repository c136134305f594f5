//! What reclaimable seats would save: a price list in `rollcall.yaml` turns the seats that
//! findings free into money, each seat counted once (issue: catalog v2, "what it would save").
//! `fixtures/savings/harbour-studio/account.yaml` works the figures out by hand.

use assert_cmd::Command;
use serde_json::{json, Value};

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("rollcall")
        .unwrap()
        .args(["check", "--fail-on", "never"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn json_of(args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    serde_json::from_str(&run(&all).1).unwrap()
}

#[test]
fn savings_add_up_as_worked_out_by_hand() {
    let v = json_of(&["fixtures/savings"]);
    let got: Vec<Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            json!([
                f["rule"],
                f["subject"]["product"],
                f["subject"]["user"],
                f.get("savings").cloned().unwrap_or(Value::Null)
            ])
        })
        .collect();
    let eur = |n: f64| json!({"amount": n, "currency": "EUR"});
    let want = vec![
        json!(["RC405", "AEC Collection", null, eur(3600.5)]),
        json!([
            "RC304",
            "AEC Collection",
            "ben@harbour-studio.example",
            eur(3600.5)
        ]),
        json!([
            "RC301",
            "Revit",
            null,
            json!({"amount": 6000, "currency": "EUR"})
        ]),
        json!([
            "RC405",
            "Revit",
            null,
            json!({"amount": 6000, "currency": "EUR"})
        ]),
        json!([
            "RC308",
            "Revit",
            "ana@harbour-studio.example",
            json!({"amount": 3000, "currency": "EUR"})
        ]),
        json!([
            "RC306",
            "Revit",
            "dev@harbour-studio.example",
            json!({"amount": 3000, "currency": "EUR"})
        ]),
        json!([
            "RC308",
            "AutoCAD",
            "cara@harbour-studio.example",
            json!({"amount": 2000, "currency": "EUR"})
        ]),
        json!([
            "RC304",
            "AutoCAD",
            "ben@harbour-studio.example",
            json!({"amount": 2000, "currency": "EUR"})
        ]),
        json!([
            "RC308",
            "AutoCAD",
            "ben@harbour-studio.example",
            json!({"amount": 2000, "currency": "EUR"})
        ]),
        // Navisworks Manage has no price: no savings.
        json!(["RC301", "Navisworks Manage", null, null]),
    ];
    assert_eq!(got, want);
    // 3600.50 + 4 x 3000 + 2 x 2000: each seat once, although findings overlap.
    assert_eq!(v["summary"]["savings"], json!({"EUR": 19600.5}));
}

#[test]
fn without_prices_there_are_no_savings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("harbour-studio")).unwrap();
    std::fs::copy(
        "fixtures/savings/harbour-studio/account.yaml",
        dir.path().join("harbour-studio/account.yaml"),
    )
    .unwrap();
    let v = json_of(&[&dir.path().to_string_lossy()]);
    assert!(v["summary"].get("savings").is_none(), "{}", v["summary"]);
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f.get("savings").is_none()));
}

#[test]
fn a_waived_finding_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("harbour-studio")).unwrap();
    std::fs::copy(
        "fixtures/savings/harbour-studio/account.yaml",
        root.join("harbour-studio/account.yaml"),
    )
    .unwrap();
    let config = std::fs::read_to_string("fixtures/savings/rollcall.yaml").unwrap()
        + "waivers:\n  - rule: RC306\n    reason: dev starts on the Revit project in January\n";
    std::fs::write(root.join("rollcall.yaml"), config).unwrap();
    let v = json_of(&[&root.to_string_lossy()]);
    assert_eq!(v["summary"]["savings"], json!({"EUR": 16600.5}));
}

#[test]
fn human_and_markdown_show_savings_per_account_and_in_total() {
    let (_, human, _) = run(&["fixtures/savings", "--color", "never", "--quiet"]);
    assert!(
        human
            .trim_end()
            .ends_with("; reclaimable seats: 19600.50 EUR a year"),
        "{human}"
    );
    let (_, md, _) = run(&["fixtures/savings", "--format", "markdown"]);
    assert!(
        md.contains("Reclaimable seats: **19600.50 EUR** a year."),
        "{md}"
    );
    let (_, html, _) = run(&["fixtures/savings", "--format", "html"]);
    assert!(html.contains("<strong>19600.50 EUR</strong>"), "{html}");
}

#[test]
fn a_bad_price_list_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("a")).unwrap();
    std::fs::write(
        root.join("a/account.yaml"),
        "as_of: 2026-11-01\ncontracts: []\n",
    )
    .unwrap();
    std::fs::write(
        root.join("rollcall.yaml"),
        "prices:\n  per_seat_year:\n    Revit: 3000.125\n    AutoCAD: cheap\n",
    )
    .unwrap();
    let (code, out, _) = run(&["--format", "json", &root.to_string_lossy()]);
    assert_eq!(code, 2);
    let v: Value = serde_json::from_str(&out).unwrap();
    let errors: Vec<(u64, String)> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap_or(0),
                e["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(
        errors.iter().any(|(l, m)| *l == 3 && m.contains("`Revit`")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|(l, m)| *l == 4 && m.contains("`AutoCAD`")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|(_, m)| m.contains("`currency`")),
        "{errors:?}"
    );
}
