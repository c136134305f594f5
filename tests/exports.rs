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

/// Every export folder, converted to a snapshot and audited, gives the same findings as its
/// inputs, by rule, severity and subject (locations differ: rows and cells against YAML lines).
/// Only RC502 is set aside: a converted snapshot is one source, so nothing disagrees. Roles no
/// input names are written `unknown`, so RC101, RC102, RC202, RC401's severity and RC503 agree.
#[test]
fn exports_and_their_converted_snapshot_give_the_same_findings() {
    let mut folders: Vec<_> = std::fs::read_dir("fixtures/exports")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    for folder in &folders {
        let folder = folder.to_string_lossy().replace('\\', "/");
        let out = Command::cargo_bin("rollcall")
            .unwrap()
            .args(["convert", &folder, "--as-of", "2026-11-01"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let name = Path::new(&folder).file_name().unwrap();
        std::fs::create_dir(dir.path().join(name)).unwrap();
        std::fs::write(dir.path().join(name).join("account.yaml"), &text).unwrap();
        let from_exports = check(&[&folder]);
        let from_snapshot = check(&[&dir.path().join(name).to_string_lossy()]);
        assert_eq!(
            from_snapshot["errors"],
            Value::Array(vec![]),
            "{folder}\n{text}"
        );
        let project = |v: &Value| {
            let mut all: Vec<String> = v["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["rule"] != "RC502")
                .map(|f| format!("{} {} {}", f["rule"], f["severity"], f["subject"]))
                .collect();
            all.sort();
            all
        };
        assert_eq!(
            project(&from_exports),
            project(&from_snapshot),
            "{folder}\n{text}"
        );
    }
}

/// `convert` keeps what the inputs know: `unknown` roles, the reseller, and each seat's usage
/// as an assignment mapping.
#[test]
fn convert_writes_unknown_roles_reseller_and_seat_usage() {
    let out = Command::cargo_bin("rollcall")
        .unwrap()
        .args([
            "convert",
            "fixtures/exports/fenwick-marine",
            "--as-of",
            "2026-11-01",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for line in [
        "    contract_manager: fiona.kerr@fenwick-marine.example",
        "    software_coordinators: unknown",
        "    reseller: renewals@coastline-cad.example",
        "          - user: sam.cho@fenwick-marine.example",
        "            assigned_on: 2026-08-20",
        "            days_used: 0",
        "            monthly_average: 0.0",
        "            access: subscription",
        // Ola's `days_inactive` 239, settled against --as-of.
        "    last_active: 2026-03-07",
    ] {
        let found = text
            .lines()
            .any(|l| l.split("  #").next().unwrap_or(l).trim_end() == line);
        assert!(found, "no `{line}` in\n{text}");
    }
    // Tom's two addresses are one user with two seats; Dan's unassigned row is no seat.
    assert_eq!(
        text.matches("  - email: tom.reyes@fenwick-marine.example")
            .count(),
        1
    );
    assert!(
        !text.contains("- user: dan.price") && !text.contains("- dan.price"),
        "{text}"
    );
    let orbis = Command::cargo_bin("rollcall")
        .unwrap()
        .args(["convert", "fixtures/exports/orbis-architects"])
        .output()
        .unwrap();
    let orbis = String::from_utf8(orbis.stdout).unwrap();
    assert_eq!(
        orbis.matches("    contract_manager: unknown").count(),
        2,
        "{orbis}"
    );
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
