//! Autodesk Account exports end to end: each folder under `fixtures/exports/` gives exactly the
//! findings its `expected.txt` lists (`RULE FILE LINE COLUMN`, FILE relative to the folder),
//! and exports give the same findings as the equivalent snapshot.

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

use crate::common::check_json as check;

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

/// Findings as (rule, file name, line, column, subject), for comparisons across file names.
fn findings_by_name(v: &Value, rename: &dyn Fn(&str) -> String) -> Vec<String> {
    let mut all: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let file = f["location"]["file"].as_str().unwrap();
            let name = file.rsplit('/').next().unwrap();
            format!(
                "{} {} {} {} {}",
                f["rule"],
                rename(name),
                f["location"]["line"],
                f["location"]["column"],
                f["subject"]
            )
        })
        .collect();
    all.sort();
    all
}

/// One account whatever the order of its files (v3, "One account, whatever the order"):
/// every export folder, copied with its files renamed so that they are read in the reverse
/// order, gives the same findings at the same rows and cells.
#[test]
fn every_export_folder_gives_the_same_findings_in_any_file_order() {
    let mut folders: Vec<_> = std::fs::read_dir("fixtures/exports")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    for folder in &folders {
        let shown = folder.to_string_lossy().replace('\\', "/");
        let before = check(&[&shown]);
        let mut names: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join(folder.file_name().unwrap());
        std::fs::create_dir(&copy).unwrap();
        // The first file in name order gets the last prefix, and so on.
        let mut renamed = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let keep = name == "rollcall.yaml" || name == "account.yaml";
            let new = if keep {
                name.clone()
            } else {
                format!("{}-{name}", (b'z' - i as u8) as char)
            };
            std::fs::copy(folder.join(name), copy.join(&new)).unwrap();
            renamed.push((new, name.clone()));
        }
        let after = check(&[&copy.to_string_lossy()]);
        assert_eq!(after["errors"], Value::Array(vec![]), "{shown}");
        let back = |n: &str| {
            renamed
                .iter()
                .find(|(new, _)| new == n)
                .map_or(n.to_owned(), |(_, old)| old.clone())
        };
        assert_eq!(
            findings_by_name(&before, &|n| n.to_owned()),
            findings_by_name(&after, &back),
            "{shown}: the findings depend on the order of its files"
        );
    }
}

/// A row that gives the account nothing is counted and named, in JSON and in human output.
#[test]
fn masked_rows_without_a_hash_are_named_not_dropped() {
    let v = check(&["fixtures/exports/beacon-structural"]);
    let skipped = &v["accounts"][0]["rows_skipped"];
    assert_eq!(skipped[0]["rows"], 1, "{skipped}");
    assert_eq!(skipped[0]["first_line"], 5);
    assert_eq!(
        skipped[0]["file"],
        "fixtures/exports/beacon-structural/usage.csv"
    );
    // Every seat is held by someone known by hash: none unassigned.
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["rule"] != "RC301"));
    let out = Command::cargo_bin("rollcall")
        .unwrap()
        .args([
            "check",
            "fixtures/exports/beacon-structural",
            "--as-of",
            "2026-11-01",
            "--fail-on",
            "never",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "skipped 1 row of fixtures/exports/beacon-structural/usage.csv, from line 5: rows whose address is masked"
        ),
        "{text}"
    );
    // Accounts without skipped rows say nothing of them.
    let v = check(&["fixtures/exports/hartwell-civil"]);
    assert!(v["accounts"][0].get("rows_skipped").is_none());
}

/// A folder whose headers rollcall does not know is an error whose help names the alias to
/// write; with the alias it is audited (the folder's own rollcall.yaml).
#[test]
fn a_translated_export_needs_its_aliases_and_the_help_names_them() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["subscriptions.csv", "nutzungsbericht.csv"] {
        std::fs::copy(
            Path::new("fixtures/exports/falkenberg-planung").join(name),
            dir.path().join(name),
        )
        .unwrap();
    }
    // Without aliases the report is not recognised: skipped, and named.
    let v = check(&[&dir.path().to_string_lossy()]);
    assert_eq!(v["summary"]["files_skipped"], 1, "{v}");
    // With every alias but the product's, it is a usage report that lacks `offering_name`.
    let config = std::fs::read_to_string("fixtures/exports/falkenberg-planung/rollcall.yaml")
        .unwrap()
        .replace("    offering_name: [Produkt]\n", "");
    std::fs::write(dir.path().join("rollcall.yaml"), config).unwrap();
    let v = check(&[&dir.path().to_string_lossy()]);
    let e = &v["errors"][0];
    assert_eq!(e["line"], 1, "{e}");
    assert!(
        e["message"].as_str().unwrap().contains("`offering_name`"),
        "{e}"
    );
    assert!(
        e["help"]
            .as_str()
            .unwrap()
            .contains("exports: {columns: {offering_name: [<the header>]}}"),
        "{e}"
    );
    // The subscriptions beside it are still read and reported as not audited, not lost.
    assert_eq!(v["summary"]["files_failed"], 1);
}

/// An alias of a column or value that the input formats do not define is a located error.
#[test]
fn aliases_of_unknown_columns_and_values_are_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "fixtures/exports/dunmore-studio/users.csv",
        dir.path().join("users.csv"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("rollcall.yaml"),
        "exports:\n  columns:\n    ofering_name: [Produkt]\n  values:\n    role: {Gast: Guest}\n    team_alias: {A: B}\n",
    )
    .unwrap();
    let out = Command::cargo_bin("rollcall")
        .unwrap()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let at: Vec<(u64, u64, String)> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap(),
                e["column"].as_u64().unwrap(),
                e["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(at.len(), 3, "{at:?}");
    assert_eq!((at[0].0, at[0].1), (3, 5));
    assert!(at[0].2.contains("did you mean `offering_name`"), "{at:?}");
    assert_eq!((at[1].0, at[1].1), (5, 18));
    assert!(
        at[1].2.contains("`Guest` is not a value of `role`"),
        "{at:?}"
    );
    assert_eq!((at[2].0, at[2].1), (6, 5));
}

/// People known only by hash join the address that rows give with the same hash, across
/// exports; a hash given with two addresses (a placeholder) joins nobody.
#[test]
fn hashes_join_people_across_exports_and_placeholders_join_nobody() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("subscriptions.csv"),
        "contract_number,offering_name,seat_quantity,end_date,autorenew_date,team_alias,contract_manager_email\n\
         1001,Revit,3,2027-06-30,2027-06-30,T,ann@x.example\n",
    )
    .unwrap();
    // Personal data on in the users export: hashes beside addresses. `0000` is a placeholder
    // that two people share.
    std::fs::write(
        d.join("users.csv"),
        "hashed_autodesk_id,email,role,offering_name,team_alias\n\
         AA11,ann@x.example,Primary Admin,Revit,T\n\
         BB22,bob@x.example,Secondary Admin,,T\n\
         0000,cy@x.example,User,,T\n\
         0000,di@x.example,User,,T\n",
    )
    .unwrap();
    // Personal data off in the usage report: only hashes.
    std::fs::write(
        d.join("usage.csv"),
        "hashed_autodesk_id,email,offering_name,seat_assignment,days_inactive,last_accessed\n\
         aa11,*****,Revit,assigned,1,2026-10-30\n\
         bb22,*****,Revit,assigned,200,\n\
         0000,*****,Revit,assigned,3,2026-10-29\n",
    )
    .unwrap();
    let v = check(&[&d.to_string_lossy()]);
    assert_eq!(v["errors"], Value::Array(vec![]), "{v}");
    let rules: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["subject"]["user"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    // bob (hash bb22) is dormant: his seat and his admin role are his, by address.
    assert!(
        rules.contains(&("RC304".into(), "bob@x.example".into())),
        "{rules:?}"
    );
    assert!(
        rules.contains(&("RC104".into(), "bob@x.example".into())),
        "{rules:?}"
    );
    // The placeholder's row identifies nobody: Revit has 2 holders of 3 seats, and cy and di
    // hold none.
    assert!(
        rules.contains(&("RC301".into(), String::new())),
        "{rules:?}"
    );
    assert!(
        rules.contains(&("RC303".into(), "cy@x.example".into())),
        "{rules:?}"
    );
    assert!(
        !rules.iter().any(|(_, u)| u.starts_with("hash:")),
        "{rules:?}"
    );
    let skipped = &v["accounts"][0]["rows_skipped"];
    assert_eq!(skipped[0]["rows"], 1, "{skipped}");
    assert!(skipped[0]["reason"]
        .as_str()
        .unwrap()
        .contains("two different addresses"));
}

/// A workbook is one file: `files` names it once, and `files_read` counts it once.
#[test]
fn a_workbook_is_counted_once() {
    let v = check(&["fixtures/exports/quarry-lane-engineering"]);
    assert_eq!(
        v["accounts"][0]["files"],
        serde_json::json!(["fixtures/exports/quarry-lane-engineering/usage-report.xlsx"])
    );
    assert_eq!(v["summary"]["files_read"], 1);
}

/// A configuration extends the offering catalog: an offering it names a plan is no seat.
#[test]
fn a_configuration_adds_plans_to_the_offering_catalog() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["subscriptions.csv", "users.csv"] {
        std::fs::copy(
            Path::new("fixtures/exports/elmstead-logistics").join(name),
            dir.path().join(name),
        )
        .unwrap();
    }
    let users = |v: &Value, rule: &str| -> Vec<String> {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == rule)
            .map(|f| f["subject"]["user"].as_str().unwrap().to_owned())
            .collect()
    };
    let v = check(&[&dir.path().to_string_lossy()]);
    assert_eq!(users(&v, "RC303"), ["pia.lund@elmstead.example"]);
    std::fs::write(
        dir.path().join("rollcall.yaml"),
        "offerings:\n  - name: AutoCAD\n    kind: plan\n",
    )
    .unwrap();
    let v = check(&[&dir.path().to_string_lossy()]);
    assert_eq!(v["errors"], Value::Array(vec![]));
    assert_eq!(
        users(&v, "RC303"),
        ["omar.haddad@elmstead.example", "pia.lund@elmstead.example"]
    );
    std::fs::write(
        dir.path().join("rollcall.yaml"),
        "offerings:\n  - name: AutoCAD\n    kind: seat\n",
    )
    .unwrap();
    let v = check(&[&dir.path().to_string_lossy()]);
    let e = &v["errors"][0];
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(3), Some(11)),
        "{e}"
    );
}

/// The export aliases apply to directory exports too: an HR leavers file with German headers
/// and values is read through them.
#[test]
fn aliases_apply_to_directory_exports() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("subscriptions.csv"),
        "contract_number,offering_name,seat_quantity,team_alias,contract_manager_email\n\
         2001,Revit,1,T,cm@y.example\n",
    )
    .unwrap();
    std::fs::write(
        d.join("users.csv"),
        "email,role,offering_name,team_alias\ncm@y.example,Primary Admin,Revit,T\n",
    )
    .unwrap();
    std::fs::write(
        d.join("austritte.csv"),
        "E-Mail,Beschäftigungsstatus\ncm@y.example,Ausgeschieden\n",
    )
    .unwrap();
    let rules = |v: &Value| -> Vec<String> {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_owned())
            .collect()
    };
    // Without aliases the file is no input.
    let v = check(&[&d.to_string_lossy()]);
    assert_eq!(v["summary"]["files_skipped"], 1, "{v}");
    assert!(!rules(&v).contains(&"RC601".to_owned()));
    std::fs::write(
        d.join("rollcall.yaml"),
        "exports:\n  columns:\n    email: [E-Mail]\n    employment_status: [Beschäftigungsstatus]\n  values:\n    employment_status: {Ausgeschieden: terminated}\n",
    )
    .unwrap();
    let v = check(&[&d.to_string_lossy()]);
    assert_eq!(v["errors"], Value::Array(vec![]), "{v}");
    let found = rules(&v);
    assert_eq!(
        found.iter().filter(|r| *r == "RC601").count(),
        2,
        "the CM and the primary admin: {found:?}"
    );
}

/// A seat-usage export adds no user of its own: someone it names whom no other input lists is
/// not a user of the account (no RC303 for them), and a listed user's activity is raised.
#[test]
fn the_seat_usage_export_adds_no_user_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("subscriptions.csv"),
        "contract_number,offering_name,seat_quantity,end_date,autorenew_date,team_alias,contract_manager_email\n\
         3001,Revit,1,2027-06-30,2027-06-30,T,ann@z.example\n",
    )
    .unwrap();
    std::fs::write(
        d.join("usage.csv"),
        "email,offering_name,seat_assignment,days_inactive,team_alias\n\
         ann@z.example,Revit,assigned,200,T\n",
    )
    .unwrap();
    std::fs::write(
        d.join("seat-usage.csv"),
        "hashed_autodesk_id,offering_name,product_name,version,day_used,access_option,team_alias,email\n\
         a1,Revit,Revit,2027,2026-10-28,Seats,T,ann@z.example\n\
         b2,Revit,Revit,2027,2026-10-29,Seats,T,bob@z.example\n",
    )
    .unwrap();
    let v = check(&[&d.to_string_lossy()]);
    assert_eq!(v["errors"], Value::Array(vec![]), "{v}");
    let found: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{} {}", f["rule"].as_str().unwrap(), f["subject"]["user"]))
        .collect();
    // bob is counted and named, not lost.
    let skipped = &v["accounts"][0]["rows_skipped"][0];
    assert_eq!(skipped["rows"], 1, "{skipped}");
    assert!(skipped["file"]
        .as_str()
        .unwrap()
        .ends_with("seat-usage.csv"));
    assert_eq!(skipped["first_line"], 3);
    // ann used Revit 4 days ago: not dormant (no RC304, no RC104); bob is nobody's user.
    assert!(
        !found
            .iter()
            .any(|f| f.contains("bob") || f.starts_with("RC304") || f.starts_with("RC104")),
        "{found:?}"
    );
}

/// Subscriptions that share a contract number but name different teams (and offerings) each
/// keep their team: a user assigned a seat of one of them holds it (no RC303), whichever row of
/// the contract comes first.
#[test]
fn subscriptions_sharing_a_contract_give_seats_in_each_of_their_teams() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("subscriptions.csv"),
        "contract_number,offering_name,seat_quantity,team_alias\n\
         1100,AutoCAD,1,Design\n\
         1100,Revit,1,Site\n",
    )
    .unwrap();
    std::fs::write(
        d.join("users.csv"),
        "email,role,offering_name,team_alias\n\
         ann@z.example,User,AutoCAD,Design\n\
         bob@z.example,User,Revit,Site\n",
    )
    .unwrap();
    let v = check(&[&d.to_string_lossy()]);
    assert_eq!(v["errors"], Value::Array(vec![]), "{v}");
    for code in ["RC303", "RC301"] {
        let found = crate::common::findings(&v, code);
        assert!(found.is_empty(), "both seats are held: {found:?}");
    }
}
