//! Autodesk Account exports end to end: each folder under `fixtures/exports/` gives exactly the
//! findings its `expected.txt` lists (`RULE FILE LINE COLUMN`, FILE relative to the folder),
//! and exports give the same findings as the equivalent snapshot.

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn check(args: &[&str]) -> Value {
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

type Found = BTreeMap<(String, String, u64, u64), usize>;

fn expected(folder: &Path) -> Found {
    let text = std::fs::read_to_string(folder.join("expected.txt")).unwrap();
    let mut out = Found::new();
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let parts: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(parts.len(), 4, "bad expectation `{line}`");
        let key = (
            parts[0].to_owned(),
            parts[1].to_owned(),
            parts[2].parse().unwrap(),
            parts[3].parse().unwrap(),
        );
        *out.entry(key).or_insert(0) += 1;
    }
    out
}

#[test]
fn export_folders_give_exactly_their_expected_findings() {
    let root = Path::new("fixtures/exports");
    let mut folders: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    assert!(folders.len() >= 4, "export fixtures missing");
    let mut failures = Vec::new();
    for folder in &folders {
        let shown = folder.to_string_lossy().replace('\\', "/");
        let v = check(&[&shown]);
        assert_eq!(
            v["errors"],
            Value::Array(vec![]),
            "{shown} must load cleanly"
        );
        let mut got = Found::new();
        for f in v["findings"].as_array().unwrap() {
            let file = f["location"]["file"].as_str().unwrap();
            let rel = file
                .strip_prefix(&format!("{shown}/"))
                .unwrap_or(file)
                .to_owned();
            let key = (
                f["rule"].as_str().unwrap().to_owned(),
                rel,
                f["location"]["line"].as_u64().unwrap(),
                f["location"]["column"].as_u64().unwrap(),
            );
            *got.entry(key).or_insert(0) += 1;
        }
        let want = expected(folder);
        if got != want {
            let missing: Vec<_> = want.keys().filter(|k| !got.contains_key(*k)).collect();
            let extra: Vec<_> = got.keys().filter(|k| !want.contains_key(*k)).collect();
            failures.push(format!(
                "{shown}\n  missing {missing:?}\n  extra   {extra:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn an_unrelated_csv_is_skipped_and_named() {
    let v = check(&["fixtures/exports/brightwater-landscape"]);
    let skipped = v["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(skipped[0]["file"].as_str().unwrap().ends_with("notes.csv"));
    assert_eq!(skipped[0]["reason"], "header matches no Autodesk export");
    assert_eq!(v["summary"]["files_skipped"], 1);
}

/// Converting an export-only folder to a snapshot and auditing that gives the same findings,
/// by rule and subject (locations differ: rows and cells against YAML lines).
#[test]
fn exports_and_their_converted_snapshot_give_the_same_findings() {
    for folder in [
        "fixtures/exports/hartwell-civil",
        "fixtures/exports/orbis-architects",
    ] {
        let out = Command::cargo_bin("rollcall")
            .unwrap()
            .args(["convert", folder])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let dir = tempfile::tempdir().unwrap();
        let name = Path::new(folder).file_name().unwrap();
        std::fs::create_dir(dir.path().join(name)).unwrap();
        std::fs::write(dir.path().join(name).join("account.yaml"), &out.stdout).unwrap();
        let from_exports = check(&[folder]);
        let from_snapshot = check(&[&dir.path().join(name).to_string_lossy()]);
        let project = |v: &Value| {
            let mut all: Vec<String> = v["findings"]
                .as_array()
                .unwrap()
                .iter()
                // A converted snapshot names no coordinators where exports do not say: RC101
                // and RC102 then depend on what the curator writes in.
                .filter(|f| {
                    !matches!(
                        f["rule"].as_str(),
                        Some("RC101" | "RC102" | "RC201" | "RC202")
                    )
                })
                // A converted snapshot writes no Contract Manager where the exports do not
                // say: RC401 is then raised to error (nobody can renew), as it should be.
                .map(|f| {
                    let severity = if f["rule"] == "RC401" {
                        Value::Null
                    } else {
                        f["severity"].clone()
                    };
                    format!("{} {} {}", f["rule"], severity, f["subject"])
                })
                .collect();
            all.sort();
            all
        };
        assert_eq!(project(&from_exports), project(&from_snapshot), "{folder}");
    }
}

/// The same exports saved as Excel's "Unicode text" (UTF-16 LE with BOM, tab-separated) and as
/// Windows-1252 ("CSV" on a Western Windows) give the same findings at the same places.
#[test]
fn excel_encodings_give_the_same_findings() {
    let src = Path::new("fixtures/exports/orbis-architects");
    let baseline = check(&[&src.to_string_lossy()]);
    let project = |v: &Value| -> Vec<String> {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let file = f["location"]["file"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_owned();
                format!(
                    "{} {} {} {} {}",
                    f["rule"], file, f["location"]["line"], f["location"]["column"], f["subject"]
                )
            })
            .collect()
    };
    for encoding in ["utf-16le", "windows-1252"] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("orbis-architects");
        std::fs::create_dir(&out).unwrap();
        for entry in std::fs::read_dir(src).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "csv") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let text = text.trim_start_matches('\u{feff}');
            let bytes: Vec<u8> = if encoding == "utf-16le" {
                // Tab-separated, as "Unicode text" is.
                let tsv = text
                    .lines()
                    .map(|l| split_csv(l).join("\t"))
                    .collect::<Vec<_>>()
                    .join("\r\n")
                    + "\r\n";
                [0xFF, 0xFE]
                    .into_iter()
                    .chain(tsv.encode_utf16().flat_map(u16::to_le_bytes))
                    .collect()
            } else {
                text.chars()
                    .map(|c| u8::try_from(u32::from(c)).expect("Latin-1 text"))
                    .collect()
            };
            std::fs::write(out.join(path.file_name().unwrap()), bytes).unwrap();
        }
        let v = check(&[&out.to_string_lossy()]);
        assert_eq!(v["errors"], Value::Array(vec![]), "{encoding}");
        let (mut a, mut b) = (project(&baseline), project(&v));
        if encoding == "utf-16le" {
            // Columns move when commas become tabs inside quoted cells; compare without them.
            let strip = |x: &mut Vec<String>| {
                for s in x.iter_mut() {
                    let parts: Vec<&str> = s.splitn(5, ' ').collect();
                    *s = format!("{} {} {} {}", parts[0], parts[1], parts[2], parts[4]);
                }
            };
            strip(&mut a);
            strip(&mut b);
        }
        assert_eq!(a, b, "{encoding}");
    }
}

/// Splits a CSV line of the fixtures (quoted cells hold no line breaks there).
fn split_csv(line: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(line.as_bytes());
    reader
        .records()
        .next()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .unwrap_or_default()
}
