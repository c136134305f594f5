//! Configuration, profiles, waivers and the `rules`, `explain` and `init` commands, end to end.

use std::path::Path;

use serde_json::Value;
use tempfile::TempDir;

/// One contract, no coordinator (RC101 warning), ending in 100 days (RC401 only with a window
/// of more than 100 days), with two of five seats assigned (RC301 warning).
const ACME: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234567"
    ends: 2027-02-09
    contract_manager: jane.doe@acme.example
    products:
      - name: Revit
        seats: 5
        assigned: [jane.doe@acme.example, mark.lee@acme.example]
"#;

fn tree(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

use crate::common::rollcall_in as rollcall;

fn json(cwd: &Path, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json"];
    if !args.contains(&"--as-of") {
        all.extend_from_slice(&["--as-of", "2026-11-01"]);
    }
    all.extend_from_slice(args);
    let (code, out, err) = rollcall(cwd, &all);
    (
        code,
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}")),
    )
}

fn rules_of(v: &Value) -> Vec<(String, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

#[test]
fn without_configuration_the_defaults_apply() {
    let t = tree(&[("acme/account.yaml", ACME)]);
    let (code, v) = json(t.path(), &["acme"]);
    assert_eq!(code, 0);
    assert_eq!(
        rules_of(&v),
        pairs(&[("RC101", "warning"), ("RC301", "warning")])
    );
}

#[test]
fn the_nearest_configuration_above_a_folder_applies() {
    let t = tree(&[
        ("portfolio/rollcall.yaml", "severity:\n  RC101: error\n"),
        ("portfolio/acme/account.yaml", ACME),
        ("portfolio/beta/rollcall.yaml", "ignore: [roles]\n"),
        (
            "portfolio/beta/account.yaml",
            &ACME.replace("Acme Engineering Ltd", "Beta"),
        ),
    ]);
    let (code, v) = json(t.path(), &["portfolio"]);
    assert_eq!(code, 1, "RC101 raised to error in acme");
    let by_account: Vec<(&str, &str, &str)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["account"].as_str().unwrap(),
                f["rule"].as_str().unwrap(),
                f["severity"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        by_account,
        vec![
            ("Acme Engineering Ltd", "RC101", "error"),
            ("Acme Engineering Ltd", "RC301", "warning"),
            ("Beta", "RC301", "warning")
        ]
    );
}

#[test]
fn select_ignore_and_severity_from_the_command_line() {
    let t = tree(&[("acme/account.yaml", ACME)]);
    let (_, v) = json(t.path(), &["acme", "--select", "seats"]);
    assert_eq!(rules_of(&v), pairs(&[("RC301", "warning")]));
    let (_, v) = json(
        t.path(),
        &["acme", "--ignore", "RC3,contract-manager-is-coordinator"],
    );
    assert_eq!(rules_of(&v), pairs(&[]));
    let (code, v) = json(
        t.path(),
        &[
            "acme",
            "--severity",
            "RC301=error",
            "--severity",
            "roles=info",
        ],
    );
    assert_eq!(
        rules_of(&v),
        pairs(&[("RC101", "info"), ("RC301", "error")])
    );
    assert_eq!(code, 1);
    let (code, _, err) = rollcall(t.path(), &["check", "acme", "--select", "RC3O1"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `RC301`"), "{err}");
}

#[test]
fn profiles_raise_rules_and_widen_the_renewal_window() {
    let t = tree(&[("acme/account.yaml", ACME)]);
    let (code, v) = json(t.path(), &["acme", "--profile", "pre-renewal"]);
    assert_eq!(code, 1);
    assert_eq!(
        rules_of(&v),
        pairs(&[
            ("RC401", "error"),
            ("RC101", "warning"),
            ("RC301", "error"),
            ("RC405", "error")
        ])
    );
    // compliance leaves out the money rules (RC405 among them).
    let (_, v) = json(t.path(), &["acme", "--profile", "compliance"]);
    assert_eq!(
        rules_of(&v),
        pairs(&[("RC101", "error"), ("RC301", "warning")])
    );
    let t2 = tree(&[
        (
            "rollcall.yaml",
            "extends: pre-renewal\nseverity:\n  RC301: warning\n",
        ),
        ("acme/account.yaml", ACME),
    ]);
    let (_, v) = json(t2.path(), &["acme"]);
    assert_eq!(
        rules_of(&v),
        pairs(&[
            ("RC401", "error"),
            ("RC101", "warning"),
            ("RC301", "warning"),
            ("RC405", "error")
        ])
    );
}

#[test]
fn options_change_what_fires() {
    let t = tree(&[
        ("rollcall.yaml", "options:\n  renewal_days: 100\n"),
        ("acme/account.yaml", ACME),
    ]);
    let (_, v) = json(t.path(), &["acme"]);
    assert_eq!(
        rules_of(&v),
        pairs(&[
            ("RC401", "warning"),
            ("RC101", "warning"),
            ("RC301", "warning"),
            ("RC405", "info")
        ])
    );
}

const WAIVERS: &str = r#"waivers:
  - rule: contract-manager-is-coordinator
    account: "Acme*"
    contract: "110001234567"
    reason: one-person IT team; accepted at the 2026 review
    owner: compliance@acme.example
    expires: 2027-03-31
  - rule: RC301
    contract: "999*"
    reason: seats held for January starters
  - rule: RC301
    user: "*@acme.example"
    reason: this selector can never match RC301, which has no user
    expires: 2026-01-01
"#;

#[test]
fn waivers_waive_and_report_expired_and_unused_ones() {
    let t = tree(&[("rollcall.yaml", WAIVERS), ("acme/account.yaml", ACME)]);
    let (code, v) = json(t.path(), &["acme", "--fail-on", "warning"]);
    let findings = v["findings"].as_array().unwrap();
    let codes: Vec<&str> = findings
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["RC902", "RC901", "RC101", "RC301"]);
    // The unused and expired waivers point at themselves in the configuration.
    assert_eq!(findings[0]["location"]["file"], "rollcall.yaml");
    assert_eq!(findings[0]["location"]["line"], 8);
    assert_eq!(findings[1]["location"]["line"], 11);
    let waived = &findings[2]["waived"];
    assert_eq!(
        waived["reason"],
        "one-person IT team; accepted at the 2026 review"
    );
    assert_eq!(waived["expires"], "2027-03-31");
    assert_eq!(waived["owner"], "compliance@acme.example");
    assert_eq!(waived["location"]["line"], 2);
    assert!(findings[3].get("waived").is_none());
    assert_eq!(v["summary"]["waived"], 1);
    assert_eq!(
        v["summary"]["warnings"], 3,
        "RC301 and the two waiver warnings"
    );
    assert_eq!(code, 1);
}

#[test]
fn a_waived_finding_does_not_fail_the_run_and_is_hidden_unless_asked() {
    let only =
        "waivers:\n  - rule: RC101\n    reason: accepted\n  - rule: RC301\n    reason: accepted\n";
    let t = tree(&[("rollcall.yaml", only), ("acme/account.yaml", ACME)]);
    let (code, v) = json(t.path(), &["acme", "--fail-on", "warning"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["summary"]["waived"], 2);
    let (code, human, _) = rollcall(t.path(), &["check", "acme", "--fail-on", "warning"]);
    assert_eq!(code, 0);
    assert!(!human.contains("RC101"), "{human}");
    assert!(human.contains("2 waived"), "{human}");
    let (_, shown, _) = rollcall(t.path(), &["check", "acme", "--show-waived"]);
    assert!(
        shown.contains("RC101") && shown.contains("waived: accepted"),
        "{shown}"
    );
    let (code, v) = json(t.path(), &["acme", "--fail-on", "warning", "--no-waivers"]);
    assert_eq!(code, 1);
    assert_eq!(v["summary"]["waived"], 0);
    assert_eq!(
        rules_of(&v),
        pairs(&[("RC101", "warning"), ("RC301", "warning")])
    );
}

#[test]
fn a_waiver_expires_against_as_of() {
    let w = "waivers:\n  - rule: RC101\n    reason: accepted\n    expires: 2026-12-31\n";
    let t = tree(&[("rollcall.yaml", w), ("acme/account.yaml", ACME)]);
    let (_, before) = json(t.path(), &["acme", "--as-of", "2026-12-31"]);
    assert_eq!(before["summary"]["waived"], 1);
    let (_, after) = json(t.path(), &["acme", "--as-of", "2027-01-01"]);
    assert_eq!(after["summary"]["waived"], 0);
    assert!(rules_of(&after).contains(&("RC901".to_owned(), "warning".to_owned())));
}

#[test]
fn configuration_mistakes_are_located_errors() {
    let bad = "selct: [RC101]\nseverity:\n  RC101: eror\n  RC999: off\noptions:\n  renewal_days: -5\nwaivers:\n  - rule: RC101\n";
    let t = tree(&[("rollcall.yaml", bad), ("acme/account.yaml", ACME)]);
    let (code, v) = json(t.path(), &["acme"]);
    assert_eq!(code, 2);
    let errors: Vec<(u64, u64, &str)> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert_eq!(e["file"], "rollcall.yaml");
            (
                e["line"].as_u64().unwrap(),
                e["column"].as_u64().unwrap(),
                e["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(errors.len(), 5, "{errors:?}");
    assert_eq!(
        errors[0],
        (
            1,
            1,
            "unknown key `selct` in the configuration; did you mean `select`?"
        )
    );
    assert_eq!((errors[1].0, errors[1].1), (3, 10));
    assert_eq!((errors[2].0, errors[2].1), (4, 3));
    assert_eq!((errors[3].0, errors[3].1), (6, 17));
    assert_eq!(
        (errors[4].0, errors[4].1, errors[4].2),
        (8, 5, "a waiver needs a `reason`")
    );
    assert_eq!(
        v["findings"].as_array().unwrap().len(),
        0,
        "no account is audited under a broken configuration"
    );
}

#[test]
fn an_explicit_config_file_replaces_discovery() {
    let t = tree(&[
        ("rollcall.yaml", "ignore: [ALL]\n"),
        ("strict.yaml", "severity:\n  ALL: error\n"),
        ("acme/account.yaml", ACME),
    ]);
    let (_, v) = json(t.path(), &["acme"]);
    assert_eq!(rules_of(&v), pairs(&[]));
    let (code, v) = json(t.path(), &["acme", "--config", "strict.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(
        rules_of(&v),
        pairs(&[("RC101", "error"), ("RC301", "error")])
    );
}

#[test]
fn rules_lists_every_rule_with_the_effective_severity() {
    let t = tree(&[]);
    let (code, out, _) = rollcall(
        t.path(),
        &["rules", "--format", "json", "--profile", "compliance"],
    );
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    let rules = v["rules"].as_array().unwrap();
    assert_eq!(rules.len(), rollcall_rules::all_rules().count());
    let rc101 = rules.iter().find(|r| r["code"] == "RC101").unwrap();
    assert_eq!(rc101["severity"], "error");
    assert_eq!(rc101["default_severity"], "warning");
    assert_eq!(rc101["group"], "roles");
    let (_, human, _) = rollcall(t.path(), &["rules", "--ignore", "RC5"]);
    assert!(
        human
            .lines()
            .any(|l| l.starts_with("RC501") && l.contains(" off ")),
        "{human}"
    );
}

#[test]
fn explain_prints_every_manual_by_code_or_name() {
    let t = tree(&[]);
    for rule in rollcall_rules::all_rules() {
        for key in [rule.code, rule.name] {
            let (code, out, _) = rollcall(t.path(), &["explain", key]);
            assert_eq!(code, 0);
            for heading in [
                "What it does",
                "Why is this bad?",
                "Example",
                "Use instead",
                "References",
            ] {
                assert!(
                    out.contains(&format!("### {heading}")),
                    "{} lacks {heading}",
                    rule.code
                );
            }
        }
    }
    let (code, _, err) = rollcall(t.path(), &["explain", "unasigned-seats"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `unassigned-seats`"), "{err}");
}

#[test]
fn init_writes_a_starter_that_reads_cleanly_and_does_not_overwrite() {
    let t = tree(&[("acme/account.yaml", ACME)]);
    let (code, _, _) = rollcall(t.path(), &["init"]);
    assert_eq!(code, 0);
    let (code, v) = json(t.path(), &["acme"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["errors"].as_array().unwrap().len(), 0);
    let (code, _, err) = rollcall(t.path(), &["init"]);
    assert_eq!(code, 2);
    assert!(err.contains("already exists"));
}

/// A waiver for an account this run did not audit (one customer folder of a portfolio) was not
/// looked at: it is not reported unused. Auditing the account and matching nothing is.
#[test]
fn a_waiver_of_an_account_not_audited_is_not_unused() {
    let t = tree(&[
        (
            "rollcall.yaml",
            "waivers:\n  - rule: RC301\n    account: Beta*\n    reason: seats bought for the spring intake\n",
        ),
        ("acme/account.yaml", ACME),
        ("beta/account.yaml", &ACME.replace("Acme Engineering Ltd", "Beta Ltd").replace("seats: 5", "seats: 2")),
    ]);
    let (_, v) = json(t.path(), &["acme"]);
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(!codes.contains(&"RC902"), "{codes:?}");
    let (_, v) = json(t.path(), &["beta"]);
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"RC902"),
        "Beta was audited and nothing matched: {codes:?}"
    );
}
