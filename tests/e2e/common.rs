//! What the end-to-end modules share: running the built binary.

use std::path::Path;

use tempfile::TempDir;

use assert_cmd::Command;
use serde_json::{json, Value};

/// Runs `rollcall` in `cwd`: its exit status, standard output and standard error.
pub fn rollcall_in(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("rollcall")
        .unwrap()
        .current_dir(cwd)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// `rollcall check --format json --fail-on never --as-of 2026-11-01 ARGS`, from the crate's
/// folder: the JSON document.
pub fn check_json(args: &[&str]) -> Value {
    let out = Command::cargo_bin("rollcall")
        .unwrap()
        .args([
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--as-of",
            "2026-11-01",
        ])
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

// What the spec modules read of a JSON report: findings by code, their locations as marked in
// the fixture text, and subjects.

pub fn all_findings(v: &Value) -> &[Value] {
    v["findings"].as_array().map_or(&[], Vec::as_slice)
}

/// The findings of one rule, in output order.
pub fn findings<'a>(v: &'a Value, code: &str) -> Vec<&'a Value> {
    all_findings(v)
        .iter()
        .filter(|f| f["rule"] == code)
        .collect()
}

/// The rule codes of all findings, sorted (a multiset, independent of output order).
pub fn codes(v: &Value) -> Vec<String> {
    let mut codes: Vec<String> = all_findings(v)
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or("<no rule>").to_owned())
        .collect();
    codes.sort();
    codes
}

#[track_caller]
pub fn assert_no_findings(v: &Value) {
    assert!(
        all_findings(v).is_empty(),
        "expected no findings, got:\n{:#}",
        v["findings"]
    );
}

/// Line and column (1-based, column in characters) of the `^` in `marked`: `marked` without
/// the `^` must occur exactly once in `text`.
pub fn at(text: &str, marked: &str) -> (u64, u64) {
    let needle = marked.replacen('^', "", 1);
    assert_eq!(
        text.matches(needle.as_str()).count(),
        1,
        "marker {marked:?} must occur exactly once in the fixture"
    );
    at_nth(text, marked, 1)
}

/// Like [`at`], for the `nth` (1-based) occurrence of the marker.
pub fn at_nth(text: &str, marked: &str, nth: usize) -> (u64, u64) {
    let (before, after) = marked.split_once('^').expect("a marker has a ^");
    let needle = format!("{before}{after}");
    let (start, _) = text
        .match_indices(needle.as_str())
        .nth(nth - 1)
        .unwrap_or_else(|| panic!("marker {marked:?} does not occur {nth} times in the fixture"));
    let offset = start + before.len();
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..offset].matches('\n').count() + 1;
    let column = text[line_start..offset].chars().count() + 1;
    (line as u64, column as u64)
}

pub fn subject(
    contract: Option<&str>,
    team: Option<&str>,
    product: Option<&str>,
    user: Option<&str>,
) -> Value {
    json!({ "contract": contract, "team": team, "product": product, "user": user })
}

pub fn account_only() -> Value {
    subject(None, None, None, None)
}

pub fn contract_only(contract: &str) -> Value {
    subject(Some(contract), None, None, None)
}

pub fn contract_user(contract: &str, user: &str) -> Value {
    subject(Some(contract), None, None, Some(user))
}

pub fn team_user(team: &str, user: &str) -> Value {
    subject(None, Some(team), None, Some(user))
}

/// Writes `files` (paths relative to the portfolio root) into a fresh temporary folder.
pub fn write_tree(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().expect("create a temporary folder");
    for (relative, text) in files {
        let path = dir.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create the account folder");
        }
        std::fs::write(&path, text).expect("write the fixture");
    }
    dir
}

/// Runs `rollcall check <root> --format json <args>`: exit status and parsed standard output.
pub fn check_root(root: &Path, args: &[&str]) -> (i32, Value) {
    let mut cmd = Command::cargo_bin("rollcall").expect("the rollcall binary is built");
    cmd.arg("check")
        .arg(root)
        .args(["--format", "json"])
        .args(args);
    let out = cmd.output().expect("run rollcall");
    let code = out.status.code().unwrap_or(-1);
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON document ({e}); exit status {code}\nstdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, json)
}
