//! What the end-to-end modules share: running the built binary.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

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
