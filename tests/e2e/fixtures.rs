//! Every per-rule fixture under `fixtures/rules/` gives exactly the findings its `# expect:`
//! comments name, no more and no fewer (see fixtures/README.md); the demo portfolio's findings
//! are held by a snapshot instead.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn annotated_files(root: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            annotated_files(&p, out);
        } else if p.file_name().is_some_and(|n| n == "account.yaml") {
            out.push(p);
        }
    }
}

/// (line, code) -> count, from the `# expect:` comments of a file.
fn expectations(text: &str) -> BTreeMap<(u64, String), usize> {
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let Some((_, rest)) = line.split_once("# expect:") else {
            continue;
        };
        for code in rest.split(',') {
            let code = code.trim();
            assert!(
                code.starts_with("RC") && code.len() == 5,
                "bad annotation `{code}` on line {}",
                i + 1
            );
            *out.entry((i as u64 + 1, code.to_owned())).or_insert(0) += 1;
        }
    }
    out
}

fn check_tree(root: &str) {
    let output = Command::cargo_bin("rollcall")
        .unwrap()
        .args(["check", root, "--format", "json", "--fail-on", "never"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&output.stdout).expect("JSON output");
    assert_eq!(
        doc["errors"],
        Value::Array(vec![]),
        "fixtures must load cleanly"
    );
    let mut actual: BTreeMap<String, BTreeMap<(u64, String), usize>> = BTreeMap::new();
    for f in doc["findings"].as_array().unwrap() {
        let file = f["location"]["file"].as_str().unwrap().to_owned();
        let key = (
            f["location"]["line"].as_u64().unwrap(),
            f["rule"].as_str().unwrap().to_owned(),
        );
        *actual.entry(file).or_default().entry(key).or_insert(0) += 1;
    }
    let mut files = Vec::new();
    annotated_files(Path::new(root), &mut files);
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    for file in &files {
        let display = file.to_string_lossy().replace('\\', "/");
        let expected = expectations(&std::fs::read_to_string(file).unwrap());
        let got = actual.remove(&display).unwrap_or_default();
        if expected != got {
            failures.push(format!(
                "{display}\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
    }
    assert!(
        actual.is_empty(),
        "findings in files without annotations: {actual:?}"
    );
    assert!(
        failures.is_empty(),
        "fixtures disagree with their annotations:\n{}",
        failures.join("\n")
    );
}

#[test]
fn rule_fixtures_match_their_annotations() {
    check_tree("fixtures/rules");
}

/// The demo is for people, so it carries no annotations: its findings are held by a snapshot,
/// one line per finding (where, which rule, about what), reviewed like any other change.
#[test]
fn demo_portfolio_findings() {
    let output = Command::cargo_bin("rollcall")
        .unwrap()
        .args([
            "check",
            "fixtures/demo",
            "--format",
            "json",
            "--fail-on",
            "never",
        ])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&output.stdout).expect("JSON output");
    assert_eq!(
        doc["errors"],
        Value::Array(vec![]),
        "the demo must load cleanly"
    );
    let mut lines = Vec::new();
    for f in doc["findings"].as_array().unwrap() {
        let loc = &f["location"];
        let subject: Vec<String> = ["contract", "team", "product", "user"]
            .iter()
            .filter_map(|k| f["subject"][k].as_str().map(|v| format!("{k}={v}")))
            .collect();
        lines.push(format!(
            "{}:{}:{} {} {} [{}]",
            loc["file"].as_str().unwrap(),
            loc["line"],
            loc["column"],
            f["rule"].as_str().unwrap(),
            f["severity"].as_str().unwrap(),
            subject.join(" ")
        ));
    }
    insta::assert_snapshot!("demo_findings", lines.join("\n"));
}

#[test]
fn demo_portfolio_has_no_test_annotations() {
    let mut files = Vec::new();
    annotated_files(Path::new("fixtures/demo"), &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            !text.contains("# expect:"),
            "{} carries test annotations",
            file.display()
        );
    }
}

#[test]
fn every_rule_has_fixtures_and_fires_in_the_demo() {
    let output = Command::cargo_bin("rollcall")
        .unwrap()
        .args([
            "check",
            "fixtures/demo",
            "--format",
            "json",
            "--fail-on",
            "never",
        ])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
    let fired: std::collections::BTreeSet<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    for rule in rollcall_rules::registry() {
        let m = rule.meta();
        let dir = format!("fixtures/rules/{}-{}", m.code, m.name);
        if m.code == "RC502" {
            continue; // needs exports beside a snapshot: see tests/exports.rs
        }
        assert!(
            Path::new(&dir).join("fires/account.yaml").exists(),
            "{dir}/fires missing"
        );
        assert!(
            Path::new(&dir).join("passes/account.yaml").exists(),
            "{dir}/passes missing"
        );
        assert!(
            fired.contains(m.code),
            "{} never fires in the demo portfolio",
            m.code
        );
    }
}
