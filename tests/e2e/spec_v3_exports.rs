//! Black-box tests of version 3 of the input formats: "(v3) Exports as Autodesk ships them"
//! (`account-format.md`, section 2), the `hash:` addresses of the snapshot (section 1, v3),
//! merging (section 3), the "Plans and token packs" section of `rules.md` and the counting of
//! `output.md`. Each test is written from the words of the specification, not from the
//! implementation: it builds a small customer folder in a temporary directory (CSV text written
//! here), runs the built binary with `check --format json --as-of 2026-11-01`, and asserts
//! exactly which findings of the rules it is about appear (rule, file, line, column, subject)
//! and which errors.
//!
//! Where a finding points at a CSV row, the cell is the one that carries the value the rule
//! catalog names: the `seat_quantity` cell for a product's `seats`, the `end_date` cell for a
//! contract's `ends`, the `role` cell for a team role, and the person's cell for a user or an
//! assignment (the `email` cell, or the `hashed_autodesk_id` cell for a person known only by
//! hash, whose masked email is no value).
//!
//! Day arithmetic from "today" 2026-11-01: 200 days before is 2026-04-15; 150 before is
//! 2026-06-04; 2026-12-01 is 30 days after, 2027-01-12 is 72 days after.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// "Today" for accounts made of exports alone.
const AS_OF: &str = "2026-11-01";

/// A subscriptions export in its `snake_case` layout (a subset of the columns; the rest are
/// optional). Every contract here renews automatically unless a test says otherwise.
const SUBS_H: &str = "subscription_id,contract_number,offering_name,seat_quantity,end_date,autorenew_date,team_alias,contract_manager_email\n";

/// The usage report, personal data on (a subset of its 19 columns).
const USAGE_H: &str = "hashed_autodesk_id,email,team_alias,offering_name,seat_assignment,assigned_date,days_inactive,access_option,days_used,monthly_average,last_accessed\n";

/// The usage report with personal data off: the personal-data columns are marked with `*` and
/// hold `*****`.
const USAGE_OFF_H: &str = "hashed_autodesk_id,first_name*,last_name*,email*,autodesk_id*,team_alias,offering_name,seat_assignment,assigned_date,days_inactive,access_option,days_used,monthly_average,last_accessed\n";

/// The users export.
const USERS_H: &str = "email,first_name,last_name,role,offering_name,team_alias,account_status\n";

/// The seat-usage export, personal data on.
const SEAT_H: &str = "hashed_autodesk_id,offering_name,product_name,version,day_used,access_option,team_alias,autodesk_id,email,first_name,last_name\n";

/// Writes `files` (names relative to the folder) into a fresh temporary folder.
fn folder(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().expect("a temporary folder");
    write_into(dir.path(), files);
    dir
}

fn write_into(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create the folder");
        }
        std::fs::write(path, text).expect("write the input");
    }
}

/// Runs `rollcall check <dir> --format json --fail-on never --as-of 2026-11-01`.
fn run(dir: &Path) -> (i32, Value) {
    let out = Command::cargo_bin("rollcall")
        .expect("the rollcall binary is built")
        .arg("check")
        .arg(dir)
        .args(["--format", "json", "--fail-on", "never", "--as-of", AS_OF])
        .output()
        .expect("run rollcall");
    let code = out.status.code().unwrap_or(-1);
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON document ({e}); exit {code}\nstdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, json)
}

/// Runs a folder whose inputs are all valid: exit 0 and no errors.
#[track_caller]
fn check(dir: &Path) -> Value {
    let (code, v) = run(dir);
    assert_eq!(v["errors"], Value::Array(vec![]), "no input errors:\n{v:#}");
    assert_eq!(code, 0, "valid input with --fail-on never exits 0:\n{v:#}");
    v
}

/// The first account's `rows_skipped` entries of the file named `file` (its last component).
fn rows_skipped_of<'v>(v: &'v Value, file: &str) -> Vec<&'v Value> {
    v["accounts"][0]["rows_skipped"]
        .as_array()
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .filter(|s| base(s["file"].as_str().unwrap_or("")) == file)
        .collect()
}

fn findings_of(v: &Value) -> &[Value] {
    v["findings"].as_array().map_or(&[], Vec::as_slice)
}

fn errors_of(v: &Value) -> &[Value] {
    v["errors"].as_array().map_or(&[], Vec::as_slice)
}

fn base(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// A finding's subject written `c=.. t=.. p=.. u=..`, leaving out the keys that are null.
fn subject_text(s: &Value) -> String {
    [
        ("c", "contract"),
        ("t", "team"),
        ("p", "product"),
        ("u", "user"),
    ]
    .iter()
    .filter_map(|(short, key)| s[*key].as_str().map(|x| format!("{short}={x}")))
    .collect::<Vec<_>>()
    .join(" ")
}

/// The findings of `rules`, each as `RULE file:line:column subject`, sorted.
fn found(v: &Value, rules: &[&str]) -> Vec<String> {
    let mut all: Vec<String> = findings_of(v)
        .iter()
        .filter(|f| rules.iter().any(|r| f["rule"] == *r))
        .map(|f| {
            format!(
                "{} {}:{}:{} {}",
                f["rule"].as_str().unwrap_or("?"),
                base(f["location"]["file"].as_str().unwrap_or("?")),
                f["location"]["line"],
                f["location"]["column"],
                subject_text(&f["subject"])
            )
        })
        .collect();
    all.sort();
    all
}

/// The findings of `rules`, each as `RULE subject` (no location), sorted.
fn found_subjects(v: &Value, rules: &[&str]) -> Vec<String> {
    let mut all: Vec<String> = findings_of(v)
        .iter()
        .filter(|f| rules.iter().any(|r| f["rule"] == *r))
        .map(|f| {
            format!(
                "{} {}",
                f["rule"].as_str().unwrap_or("?"),
                subject_text(&f["subject"])
            )
        })
        .collect();
    all.sort();
    all
}

/// An expected finding, in the form of [`found`].
fn f(rule: &str, file: &str, at: (u64, u64), subject: &str) -> String {
    format!("{rule} {file}:{}:{} {subject}", at.0, at.1)
}

/// Sorts expectations so that they compare with [`found`].
fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// Start columns (1-based, in characters, the opening quote included) and raw texts of the
/// cells of a CSV line.
fn cells(line: &str) -> Vec<(u64, String)> {
    let mut out = Vec::new();
    let mut start = 1u64;
    let mut text = String::new();
    let mut quoted = false;
    for (i, ch) in line.chars().enumerate() {
        if ch == '"' {
            quoted = !quoted;
        }
        if ch == ',' && !quoted {
            out.push((start, std::mem::take(&mut text)));
            start = i as u64 + 2;
        } else {
            text.push(ch);
        }
    }
    out.push((start, text));
    out
}

/// Line and column of the cell in column `header` of the one row of `csv` containing `row`.
#[track_caller]
fn cell(csv: &str, row: &str, header: &str) -> (u64, u64) {
    let lines: Vec<&str> = csv.lines().collect();
    let index = cells(lines[0])
        .iter()
        .position(|(_, h)| h == header)
        .unwrap_or_else(|| panic!("no column {header} in {}", lines[0]));
    let rows: Vec<usize> = (1..lines.len())
        .filter(|&i| lines[i].contains(row))
        .collect();
    assert_eq!(rows.len(), 1, "`{row}` must be on exactly one row");
    let line = rows[0];
    (line as u64 + 1, cells(lines[line])[index].0)
}

/// Line and column (1-based) of the `^` in `marked`, whose text without `^` occurs once.
#[track_caller]
fn at(text: &str, marked: &str) -> (u64, u64) {
    let (before, after) = marked.split_once('^').expect("a marker has a ^");
    let needle = format!("{before}{after}");
    assert_eq!(text.matches(&needle).count(), 1, "`{needle}` once");
    let offset = text.find(&needle).unwrap_or(0) + before.len();
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..offset].matches('\n').count() + 1;
    let column = text[line_start..offset].chars().count() + 1;
    (line as u64, column as u64)
}

/// "An input that cannot be read never stops the others": the file beside a failed one is
/// still read, counted and named among the account's files. (Whether the account is then
/// audited with an input missing, the specification leaves open: `remediation.md` speaks of
/// an account that "could not be audited".)
#[track_caller]
fn assert_still_read(v: &Value, name: &str) {
    assert_eq!(v["summary"]["files_read"], 1, "{v:#}");
    let files: Vec<&str> = v["accounts"][0]["files"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).map(base).collect())
        .unwrap_or_default();
    assert_eq!(files, [name], "{v:#}");
}

// ---------------------------------------------------------------------------------------------
// Current column names
// ---------------------------------------------------------------------------------------------

/// "`Team` is `team_alias`, and `Product` is `offering_name` in a file that has no
/// `offering_name` column (`Email`, `First name`, `Seat assignment`, `Days inactive`, ...
/// already match by the rules above)." The seat goes to the contract of the row's `Team`
/// (Build), not to the first contract with a free seat (Design).
#[test]
fn team_and_product_are_the_current_names_of_team_alias_and_offering_name() {
    let subs = "subscription_id,contract_number,offering_name,seat_quantity,end_date,autorenew_date,Team,contract_manager_email\n\
                s1,1001,Revit,1,2027-06-30,2027-06-30,Design,cm@x.example\n\
                s2,1002,Revit,1,2027-06-30,2027-06-30,Build,cm@x.example\n";
    let usage =
        "Email,First name,Last name,Team,Product,Seat assignment,Days inactive,Last accessed\n\
                 ann@x.example,Ann,Ash,Build,Revit,Assigned,200,\n";
    let dir = folder(&[("subscriptions.csv", subs), ("usage-report.csv", usage)]);
    let v = check(dir.path());
    assert_eq!(
        found(&v, &["RC301", "RC302", "RC303", "RC304", "RC306"]),
        sorted(vec![
            f(
                "RC301",
                "subscriptions.csv",
                cell(subs, "s1,", "seat_quantity"),
                "c=1001 p=Revit"
            ),
            // 200 days inactive and no `Last accessed`: dormant.
            f(
                "RC304",
                "usage-report.csv",
                cell(usage, "ann@", "Email"),
                "c=1002 p=Revit u=ann@x.example"
            ),
        ])
    );
}

/// "`Product` is `offering_name` in a file that has no `offering_name` column": where the file
/// has one, `Product` is not the offering, and the seat is the `offering_name`'s.
#[test]
fn product_is_not_the_offering_in_a_file_that_has_offering_name() {
    let subs = format!(
        "{SUBS_H}s1,1001,AutoCAD,1,2027-06-30,2027-06-30,T,cm@x.example\n\
         s2,1001,Revit,1,2027-06-30,2027-06-30,T,cm@x.example\n"
    );
    let users = "email,role,offering_name,Product,team_alias\n\
                 ann@x.example,User,AutoCAD,Revit,T\n";
    let dir = folder(&[("subscriptions.csv", &subs), ("users.csv", users)]);
    let v = check(dir.path());
    assert_eq!(
        found(&v, &["RC301", "RC302", "RC303"]),
        vec![f(
            "RC301",
            "subscriptions.csv",
            cell(&subs, "s2,", "seat_quantity"),
            "c=1001 p=Revit"
        )]
    );
}

// ---------------------------------------------------------------------------------------------
// Aliases from the configuration
// ---------------------------------------------------------------------------------------------

/// "`rollcall.yaml` may map further header names and values onto the ones this spec knows ...
/// A name is matched as headers are (case, spaces, `_`, a trailing `*`)." Without the aliases
/// the file matches no export and is skipped.
#[test]
fn aliases_map_header_names_and_values() {
    let config = "exports:\n  columns:\n    offering_name: [PRODUKT]\n    email: [e-mail_adresse]\n    role: [Rolle]\n    team_alias: [Gruppe]\n    account_status: [Kontostatus]\n  values:\n    role: {\"Benutzer (Gast)\": External User, Hauptadministrator: Primary Admin}\n    account_status: {Gesperrt: inactive, Aktiv: active}\n";
    let subs = format!("{SUBS_H}s1,1001,Revit,3,2027-06-30,2027-06-30,T,cm@x.example\n");
    let users = "E-Mail Adresse*,Rolle,Produkt,Gruppe,Kontostatus\n\
                 cm@x.example,Hauptadministrator,Revit,T,Aktiv\n\
                 gus@x.example,Benutzer (Gast),,T,Aktiv\n\
                 hal@x.example,Benutzer (Gast),Revit,T,Gesperrt\n";
    let dir = folder(&[
        ("rollcall.yaml", config),
        ("subscriptions.csv", &subs),
        ("benutzer.csv", users),
    ]);
    let v = check(dir.path());
    let rules = ["RC103", "RC106", "RC301", "RC303", "RC304"];
    assert_eq!(
        found(&v, &rules),
        sorted(vec![
            // The primary admin of T has no secondary or SSO admin; the guest holds no role.
            f(
                "RC106",
                "benutzer.csv",
                cell(users, "cm@", "Rolle"),
                "t=T u=cm@x.example"
            ),
            f(
                "RC301",
                "subscriptions.csv",
                cell(&subs, "s1,", "seat_quantity"),
                "c=1001 p=Revit"
            ),
            f(
                "RC303",
                "benutzer.csv",
                cell(users, "gus@", "E-Mail Adresse*"),
                "u=gus@x.example"
            ),
            // `Gesperrt` is inactive: a dormant user holding a seat.
            f(
                "RC304",
                "benutzer.csv",
                cell(users, "hal@", "E-Mail Adresse*"),
                "c=1001 p=Revit u=hal@x.example"
            ),
        ])
    );

    std::fs::remove_file(dir.path().join("rollcall.yaml")).expect("remove the configuration");
    let v = check(dir.path());
    assert_eq!(v["summary"]["files_skipped"], 1, "{v:#}");
    assert_eq!(
        base(v["skipped"][0]["file"].as_str().unwrap_or("")),
        "benutzer.csv"
    );
}

/// "An alias for a column or value that this spec does not define is a located configuration
/// error."
#[test]
fn an_alias_of_an_unknown_column_or_value_is_a_located_error() {
    let config = "exports:\n  columns:\n    offering_name: [Produkt]\n    seat_count: [Anzahl]\n  values:\n    role: {Gast: Guest User}\n    account_status: {Gesperrt: inactive}\n    offering_name: {Rvt: Revit}\n";
    let subs = format!("{SUBS_H}s1,1001,Revit,3,2027-06-30,2027-06-30,T,cm@x.example\n");
    let dir = folder(&[("rollcall.yaml", config), ("subscriptions.csv", &subs)]);
    let (code, v) = run(dir.path());
    assert_eq!(code, 2, "{v:#}");
    let mut got: Vec<(String, u64, u64)> = errors_of(&v)
        .iter()
        .map(|e| {
            (
                base(e["file"].as_str().unwrap_or("")).to_owned(),
                e["line"].as_u64().unwrap_or(0),
                e["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    got.sort();
    let yaml = |marked: &str| {
        let (l, c) = at(config, marked);
        ("rollcall.yaml".to_owned(), l, c)
    };
    assert_eq!(
        got,
        vec![
            // `seat_count` is no column of the spec.
            yaml("    ^seat_count:"),
            // `Guest User` is no value of `role`.
            yaml("Gast: ^Guest User"),
            // The spec defines no values of `offering_name`.
            yaml("    ^offering_name: {"),
        ],
        "{v:#}"
    );
}

/// "A required column that is missing ... is a located error whose help names the
/// `exports.columns` ... entry that would map it." The other file is still audited.
#[test]
fn a_missing_required_column_names_the_exports_columns_entry() {
    let subs = format!("{SUBS_H}s1,1001,Revit,3,2027-06-30,2027-06-30,T,cm@x.example\n");
    // A usage report (it has `seat_assignment`) whose offering column has a name rollcall
    // does not know.
    let usage = "email,Produkt,seat_assignment,days_inactive\nann@x.example,Revit,assigned,3\n";
    let dir = folder(&[("subscriptions.csv", &subs), ("usage.csv", usage)]);
    let (code, v) = run(dir.path());
    assert_eq!(code, 2, "{v:#}");
    let errors = errors_of(&v);
    assert_eq!(errors.len(), 1, "{v:#}");
    let e = &errors[0];
    assert_eq!(base(e["file"].as_str().unwrap_or("")), "usage.csv");
    assert_eq!(e["line"], 1, "{e:#}");
    assert!(e["column"].as_u64().is_some(), "{e:#}");
    assert!(
        e["message"]
            .as_str()
            .unwrap_or("")
            .contains("offering_name"),
        "{e:#}"
    );
    let help = e["help"].as_str().unwrap_or("");
    for word in ["exports", "columns", "offering_name"] {
        assert!(help.contains(word), "help names `{word}`: {e:#}");
    }
    assert_eq!(v["summary"]["files_failed"], 1, "{v:#}");
    assert_still_read(&v, "subscriptions.csv");
}

/// "... or a value that is not known, is a located error whose help names the ...
/// `exports.values` entry that would map it."
#[test]
fn an_unknown_value_names_the_exports_values_entry() {
    let subs = format!("{SUBS_H}s1,1001,Revit,3,2027-06-30,2027-06-30,T,cm@x.example\n");
    let users_a = format!(
        "{USERS_H}ann@x.example,Ann,Ash,User,Revit,T,Active\nbob@x.example,Bob,Bay,Benutzer,Revit,T,Active\n"
    );
    let users_b = format!(
        "{USERS_H}cy@x.example,Cy,Cole,User,Revit,T,Active\ndi@x.example,Di,Dorn,User,Revit,T,Gesperrt\n"
    );
    let dir = folder(&[
        ("subscriptions.csv", &subs),
        ("users-a.csv", &users_a),
        ("users-b.csv", &users_b),
    ]);
    let (code, v) = run(dir.path());
    assert_eq!(code, 2, "{v:#}");
    let mut errors: Vec<&Value> = errors_of(&v).iter().collect();
    errors.sort_by_key(|e| e["file"].as_str().unwrap_or("").to_owned());
    assert_eq!(errors.len(), 2, "{v:#}");
    for (e, file, at, value, column) in [
        (
            errors[0],
            "users-a.csv",
            cell(&users_a, "bob@", "role"),
            "Benutzer",
            "role",
        ),
        (
            errors[1],
            "users-b.csv",
            cell(&users_b, "di@", "account_status"),
            "Gesperrt",
            "account_status",
        ),
    ] {
        assert_eq!(base(e["file"].as_str().unwrap_or("")), file, "{e:#}");
        assert_eq!(
            (e["line"].as_u64(), e["column"].as_u64()),
            (Some(at.0), Some(at.1)),
            "{e:#}"
        );
        assert!(e["message"].as_str().unwrap_or("").contains(value), "{e:#}");
        let help = e["help"].as_str().unwrap_or("");
        for word in ["exports", "values", column] {
            assert!(help.contains(word), "help names `{word}`: {e:#}");
        }
    }
    assert_eq!(v["summary"]["files_failed"], 2, "{v:#}");
    assert_still_read(&v, "subscriptions.csv");
}

// ---------------------------------------------------------------------------------------------
// Older role names
// ---------------------------------------------------------------------------------------------

/// "`User (guest)` is `External User`" (which holds no role), spelled as in header matching.
#[test]
fn user_guest_is_an_external_user_holding_no_role() {
    let subs = format!("{SUBS_H}s1,1001,Revit,2,2027-06-30,2027-06-30,T,cm@x.example\n");
    let users = format!(
        "{USERS_H}cm@x.example,Cy,Mann,Primary Admin,Revit,T,Active\n\
         kai@x.example,Kai,Novak,User (guest),,T,Active\n\
         lea@x.example,Lea,Ort,USER (GUEST),,T,Active\n\
         mo@x.example,Mo,Park,User (guest),Revit,T,Active\n"
    );
    let dir = folder(&[("subscriptions.csv", &subs), ("users.csv", &users)]);
    let v = check(dir.path());
    assert_eq!(
        found(&v, &["RC106", "RC301", "RC302", "RC303"]),
        sorted(vec![
            f(
                "RC106",
                "users.csv",
                cell(&users, "cm@", "role"),
                "t=T u=cm@x.example"
            ),
            f(
                "RC303",
                "users.csv",
                cell(&users, "kai@", "email"),
                "u=kai@x.example"
            ),
            f(
                "RC303",
                "users.csv",
                cell(&users, "lea@", "email"),
                "u=lea@x.example"
            ),
        ])
    );
}

// ---------------------------------------------------------------------------------------------
// Personal data switched off
// ---------------------------------------------------------------------------------------------

/// "A row whose `email` is masked or empty but whose `hashed_autodesk_id` is given is a person
/// known only by that hash: a user of the account whose subject `user` is `hash:` followed by
/// the hash in lower case. Their seats, status and usage count like anyone's." A masked cell
/// "never joins two people": three masked rows are three people.
#[test]
fn people_known_only_by_hash_are_users_whose_seats_and_usage_count() {
    let subs = format!("{SUBS_H}s1,1001,Revit,3,2027-06-30,2027-06-30,T,cm@x.example\n");
    let usage = format!(
        "{USAGE_OFF_H}9F1C2E7A,*****,*****,*****,*****,T,Revit,assigned,2026-04-02,2,Subscription,140,11.7,2026-10-30\n\
         3B7E5D1F,*****,*****,*****,*****,T,Revit,assigned,2026-04-02,200,Subscription,0,0,\n\
         C44D8A2E,*****,*****,,*****,T,Revit,unassigned,2026-04-02,5,Subscription,0,0,2026-10-27\n"
    );
    let dir = folder(&[("subscriptions.csv", &subs), ("usage.csv", &usage)]);
    let v = check(dir.path());
    let rules = [
        "RC301", "RC302", "RC303", "RC304", "RC306", "RC307", "RC501",
    ];
    assert_eq!(
        found(&v, &rules),
        sorted(vec![
            // Two of the three seats are held (the third row is unassigned).
            f(
                "RC301",
                "subscriptions.csv",
                cell(&subs, "s1,", "seat_quantity"),
                "c=1001 p=Revit"
            ),
            // 200 days inactive: dormant, by usage (RC306 yields to RC304).
            f(
                "RC304",
                "usage.csv",
                cell(&usage, "3B7E5D1F", "hashed_autodesk_id"),
                "c=1001 p=Revit u=hash:3b7e5d1f"
            ),
            // An active user of the account (an empty email, a hash) with no seat.
            f(
                "RC303",
                "usage.csv",
                cell(&usage, "C44D8A2E", "hashed_autodesk_id"),
                "u=hash:c44d8a2e"
            ),
        ])
    );
    // No subject is a masked value.
    assert!(
        findings_of(&v)
            .iter()
            .all(|f| !f["subject"].to_string().contains("*****")),
        "{v:#}"
    );
}

/// "Rules that need an address (RC103, RC105, RC108, RC501 and the role rules, since a role
/// holder is named by address) say nothing about them", with section 1 (v3): "`hash:` followed
/// by a `hashed_autodesk_id` is accepted wherever an address is (a user's `email`, an
/// assignment, a role)". Their seats and status still count (RC303, RC304).
#[test]
fn snapshot_hash_people_are_users_and_address_rules_say_nothing_of_them() {
    let yaml = "account: Acme\n\
                domains: [acme.example]\n\
                as_of: 2026-11-01\n\
                users:\n\
                \x20 - email: hash:ab12cd34\n\
                \x20 - email: hash:ab12cd34\n\
                \x20 - email: ann@acme.example\n\
                \x20 - email: hash:99ff00aa\n\
                \x20   status: inactive\n\
                \x20 - email: hash:77ee11bb\n\
                contracts:\n\
                \x20 - number: \"1001\"\n\
                \x20   ends: 2027-06-30\n\
                \x20   auto_renew: true\n\
                \x20   reseller: orders@reseller.example\n\
                \x20   contract_manager: hash:ef56ab78\n\
                \x20   software_coordinators: [ann@acme.example]\n\
                \x20   products:\n\
                \x20     - name: Revit\n\
                \x20       seats: 2\n\
                \x20       assigned: [hash:ab12cd34, hash:99ff00aa]\n";
    let dir = folder(&[("acme/account.yaml", yaml)]);
    let v = check(dir.path());
    let rules = [
        "RC101", "RC102", "RC103", "RC104", "RC105", "RC108", "RC301", "RC302", "RC303", "RC304",
        "RC306", "RC501",
    ];
    assert_eq!(
        found(&v, &rules),
        sorted(vec![
            f(
                "RC303",
                "account.yaml",
                at(yaml, "email: ^hash:77ee11bb"),
                "u=hash:77ee11bb"
            ),
            f(
                "RC304",
                "account.yaml",
                at(yaml, "hash:ab12cd34, ^hash:99ff00aa"),
                "c=1001 p=Revit u=hash:99ff00aa"
            ),
        ])
    );
}

/// "Where rows give a hash together with one and the same email, every row of that hash is
/// that email's person": across files, the usage report with personal data off gives Ann's
/// Revit seat (by hash), and the one with personal data on ties the hash to her address. Her
/// last activity (2026-10-30) is the latest `last_accessed`, so the 200 `days_inactive` of the
/// masked row do not count: her Revit seat is unused (RC306), not held by a dormant user.
#[test]
fn a_hash_given_with_one_email_joins_rows_across_files() {
    let subs = format!(
        "{SUBS_H}s1,1001,AutoCAD,1,2027-06-30,2027-06-30,T,cm@x.example\n\
         s2,1001,Revit,1,2027-06-30,2027-06-30,T,cm@x.example\n"
    );
    let on = format!(
        "{USAGE_H}AA11BB22,ann@x.example,T,AutoCAD,assigned,2026-01-10,1,Subscription,150,12.0,2026-10-30\n"
    );
    let off = format!(
        "{USAGE_OFF_H}AA11BB22,*****,*****,*****,*****,T,Revit,assigned,2026-01-10,200,Subscription,0,0,\n"
    );
    let dir = folder(&[
        ("subscriptions.csv", &subs),
        ("usage-on.csv", &on),
        ("usage-off.csv", &off),
    ]);
    let v = check(dir.path());
    assert_eq!(
        found(&v, &["RC301", "RC303", "RC304", "RC306"]),
        vec![f(
            "RC306",
            "usage-off.csv",
            cell(&off, "AA11BB22", "hashed_autodesk_id"),
            "c=1001 p=Revit u=ann@x.example"
        )]
    );
}

/// "A hash that rows give with two different emails (some tools fill the column with a
/// placeholder such as all zeros) identifies nobody and joins no rows." Cy and Di keep their
/// AutoCAD seats by address; the masked row known only by the placeholder is nobody's, so
/// Revit has no holder.
#[test]
fn a_hash_given_with_two_emails_joins_nobody() {
    let subs = format!(
        "{SUBS_H}s1,1001,AutoCAD,2,2027-06-30,2027-06-30,T,cm@x.example\n\
         s2,1001,Revit,1,2027-06-30,2027-06-30,T,cm@x.example\n"
    );
    let on = format!(
        "{USAGE_H}00000000,cy@x.example,T,AutoCAD,assigned,2026-01-10,1,Subscription,150,12.0,2026-10-30\n\
         00000000,di@x.example,T,AutoCAD,assigned,2026-01-10,1,Subscription,150,12.0,2026-10-30\n"
    );
    let off = format!(
        "{USAGE_OFF_H}00000000,*****,*****,*****,*****,T,Revit,assigned,2026-01-10,200,Subscription,0,0,\n"
    );
    let dir = folder(&[
        ("subscriptions.csv", &subs),
        ("usage-on.csv", &on),
        ("usage-off.csv", &off),
    ]);
    let v = check(dir.path());
    assert_eq!(
        found(&v, &["RC301", "RC302", "RC303", "RC304", "RC306"]),
        vec![f(
            "RC301",
            "subscriptions.csv",
            cell(&subs, "s2,", "seat_quantity"),
            "c=1001 p=Revit"
        )]
    );
    assert!(
        !v.to_string().contains("hash:00000000"),
        "the placeholder is nobody: {v:#}"
    );
    // Nothing is dropped silently: the row is counted among the account's skipped rows.
    assert!(
        rows_skipped_of(&v, "usage-off.csv")
            .iter()
            .any(|s| s["rows"] == 1),
        "{v:#}"
    );
}

// ---------------------------------------------------------------------------------------------
// The seat-usage export
// ---------------------------------------------------------------------------------------------

/// The seat-usage export is "recognised by the columns `day_used`", whatever the file's name,
/// and its `access_option` `Seats` and `Tokens` are values it knows.
#[test]
fn a_seat_usage_export_is_recognised_by_day_used() {
    let subs = format!("{SUBS_H}s1,1001,Revit,1,2027-06-30,2027-06-30,T,cm@x.example\n");
    // `tokens_used` may be present.
    let seat = "hashed_autodesk_id,offering_name,product_name,version,day_used,access_option,team_alias,tokens_used,autodesk_id,email,first_name,last_name\n\
                E1,Revit,Revit,2027,2026-10-20,Seats,T,0,ID1,ed@x.example,Ed,Ek\n\
                E1,Revit,Revit,2027,2026-10-21,Tokens,T,7,ID1,ed@x.example,Ed,Ek\n";
    let dir = folder(&[("subscriptions.csv", &subs), ("notes.csv", seat)]);
    let v = check(dir.path());
    assert_eq!(v["summary"]["files_read"], 2, "{v:#}");
    assert_eq!(v["summary"]["files_skipped"], 0, "{v:#}");
    let files: Vec<&str> = v["accounts"][0]["files"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).map(base).collect())
        .unwrap_or_default();
    assert!(files.contains(&"notes.csv"), "{v:#}");
}

/// Seat usage: "required columns `offering_name`, `day_used`, and `email` or
/// `hashed_autodesk_id`"; "a file recognised as an export that lacks a required column is an
/// error naming the column".
#[test]
fn a_seat_usage_export_without_its_required_columns_is_an_error_naming_them() {
    let subs = format!("{SUBS_H}s1,1001,Revit,1,2027-06-30,2027-06-30,T,cm@x.example\n");
    let no_offering =
        "hashed_autodesk_id,email,day_used,product_name\nE1,ed@x.example,2026-10-20,Revit\n";
    let no_person = "offering_name,day_used,access_option,team_alias\nRevit,2026-10-20,Seats,T\n";
    let dir = folder(&[
        ("subscriptions.csv", &subs),
        ("a.csv", no_offering),
        ("b.csv", no_person),
    ]);
    let (code, v) = run(dir.path());
    assert_eq!(code, 2, "{v:#}");
    let mut errors: Vec<&Value> = errors_of(&v).iter().collect();
    errors.sort_by_key(|e| e["file"].as_str().unwrap_or("").to_owned());
    assert_eq!(errors.len(), 2, "{v:#}");
    assert_eq!(base(errors[0]["file"].as_str().unwrap_or("")), "a.csv");
    assert_eq!(errors[0]["line"], 1);
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("offering_name"),
        "{v:#}"
    );
    assert_eq!(base(errors[1]["file"].as_str().unwrap_or("")), "b.csv");
    assert_eq!(errors[1]["line"], 1);
    let message = errors[1]["message"].as_str().unwrap_or("");
    assert!(
        message.contains("email") || message.contains("hashed_autodesk_id"),
        "{v:#}"
    );
    assert_still_read(&v, "subscriptions.csv");
}

/// Seat usage: "It assigns no seat and says nothing of seats it does not name." Cy used Revit
/// but holds no seat: Revit still has one holder of two. Dora used Revit, which says nothing of
/// her AutoCAD seat: it is still unused.
#[test]
fn seat_usage_assigns_no_seat_and_says_nothing_of_seats_it_does_not_name() {
    let subs = format!(
        "{SUBS_H}s1,1001,Revit,2,2027-06-30,2027-06-30,T,cm@x.example\n\
         s2,1001,AutoCAD,1,2027-06-30,2027-06-30,T,cm@x.example\n"
    );
    let usage = format!(
        "{USAGE_H}B1,bob@x.example,T,Revit,assigned,2026-01-10,1,Subscription,150,12.0,2026-10-30\n\
         D2,dora@x.example,T,AutoCAD,assigned,2026-01-10,3,Subscription,0,0,\n"
    );
    let seat = format!(
        "{SEAT_H}C3,Revit,Revit,2027,2026-10-20,Seats,T,ID3,cy@x.example,Cy,Lam\n\
         D2,Revit,Revit,2027,2026-10-21,Seats,T,ID2,dora@x.example,Dora,Fox\n"
    );
    let dir = folder(&[
        ("subscriptions.csv", &subs),
        ("usage.csv", &usage),
        ("seat-usage.csv", &seat),
    ]);
    let v = check(dir.path());
    assert_eq!(
        found(&v, &["RC301", "RC302", "RC304", "RC306"]),
        sorted(vec![
            f(
                "RC301",
                "subscriptions.csv",
                cell(&subs, "s1,", "seat_quantity"),
                "c=1001 p=Revit"
            ),
            f(
                "RC306",
                "usage.csv",
                cell(&usage, "dora@", "email"),
                "c=1001 p=AutoCAD u=dora@x.example"
            ),
        ])
    );
}

/// Seat usage: "a person's latest `day_used` is at least their `last_active`, and, where they
/// hold a seat of that offering in that team, the seat's `last_used`." Every seat below has
/// `days_used` 0, no `last_accessed` and 200 `days_inactive`:
/// - Ed used Revit in T (latest 2026-10-20): not dormant, and his seat was used: nothing;
/// - Fay used Revit in another team: not dormant, but her T seat has no use: RC306;
/// - Gus used AutoCAD in T: not dormant, but his Revit seat has no use: RC306;
/// - Hal has no seat-usage row: dormant, RC304.
///
/// Ivy was last active on 2026-10-30; an older `day_used` does not lower that.
#[test]
fn seat_usage_raises_last_active_and_last_used_only_in_the_same_team_and_offering() {
    let subs = format!("{SUBS_H}s1,1001,Revit,5,2027-06-30,2027-06-30,T,cm@x.example\n");
    let usage = format!(
        "{USAGE_H}E1,ed@x.example,T,Revit,assigned,2026-01-10,200,Subscription,0,0,\n\
         F1,fay@x.example,T,Revit,assigned,2026-01-10,200,Subscription,0,0,\n\
         G1,gus@x.example,T,Revit,assigned,2026-01-10,200,Subscription,0,0,\n\
         H1,hal@x.example,T,Revit,assigned,2026-01-10,200,Subscription,0,0,\n\
         I1,ivy@x.example,T,Revit,assigned,2026-01-10,2,Subscription,5,4.0,2026-10-30\n"
    );
    let seat = format!(
        "{SEAT_H}E1,Revit,Revit,2027,2026-01-05,Seats,T,IDE,ed@x.example,Ed,Ek\n\
         E1,Revit,Revit,2027,2026-10-20,Seats,T,IDE,ed@x.example,Ed,Ek\n\
         F1,Revit,Revit,2027,2026-10-20,Seats,Other,IDF,fay@x.example,Fay,Fo\n\
         G1,AutoCAD,AutoCAD,2027,2026-10-20,Seats,T,IDG,gus@x.example,Gus,Gray\n\
         I1,Revit,Revit,2027,2025-12-01,Seats,T,IDI,ivy@x.example,Ivy,Iles\n"
    );
    let dir = folder(&[
        ("subscriptions.csv", &subs),
        ("usage.csv", &usage),
        ("seat-usage.csv", &seat),
    ]);
    let v = check(dir.path());
    assert_eq!(
        found(&v, &["RC301", "RC304", "RC306", "RC307"]),
        sorted(vec![
            f(
                "RC306",
                "usage.csv",
                cell(&usage, "fay@", "email"),
                "c=1001 p=Revit u=fay@x.example"
            ),
            f(
                "RC306",
                "usage.csv",
                cell(&usage, "gus@", "email"),
                "c=1001 p=Revit u=gus@x.example"
            ),
            f(
                "RC304",
                "usage.csv",
                cell(&usage, "hal@", "email"),
                "c=1001 p=Revit u=hal@x.example"
            ),
        ])
    );
}

// ---------------------------------------------------------------------------------------------
// Plans and token packs
// ---------------------------------------------------------------------------------------------

/// "Plans and token packs are not seats ... the seat rules (RC301, RC302, RC304, RC306, RC307,
/// RC308, RC405) ... ignore them. A user whose only assignments are plans or token packs still
/// holds no product seat for RC303, but a `Flex` assignment is access (flex), so RC303 does not
/// fire for that user." The contract ends in 44 days and renews automatically (RC405 applies).
/// Premium (1) has four "holders" (no RC302); Business Success Plan (5) has two (no RC301, no
/// RC405); Eve is dormant and "holds" Premium (no RC304); Gil's Premium is unused (no RC306);
/// Hue uses his plan 1.0 day a month (no RC307). AutoCAD, a product, is the control.
#[test]
fn plans_and_token_packs_are_not_seats() {
    let subs = format!(
        "{SUBS_H}s1,1001,AutoCAD,4,2026-12-15,2026-12-15,T,cm@x.example\n\
         s2,1001,Premium,1,2026-12-15,2026-12-15,T,cm@x.example\n\
         s3,1001,Business Success Plan,5,2026-12-15,2026-12-15,T,cm@x.example\n\
         s4,1001,Flex,500,2026-12-15,2026-12-15,T,cm@x.example\n\
         s5,1001,Autodesk Flex,100,2026-12-15,2026-12-15,T,cm@x.example\n"
    );
    let users = format!(
        "{USERS_H}cm@x.example,Cy,Mann,Primary Admin,AutoCAD,T,Active\n\
         ann@x.example,Ann,Ash,Secondary Admin,AutoCAD,T,Active\n\
         ann@x.example,Ann,Ash,Secondary Admin,Premium,T,Active\n\
         bob@x.example,Bob,Bay,User,Premium,T,Active\n\
         eve@x.example,Eve,Eck,User,Premium,T,Inactive\n\
         dan@x.example,Dan,Dee,User,Business Success Plan,T,Active\n\
         cyd@x.example,Cyd,Cole,User,Flex,T,Active\n\
         flo@x.example,Flo,Fenn,User,Autodesk Flex,T,Active\n"
    );
    let usage = format!(
        "{USAGE_H}G1,gil@x.example,T,Premium,assigned,2026-01-10,3,Subscription,0,0,\n\
         H1,hue@x.example,T,Business Success Plan,assigned,2026-01-10,2,Subscription,12,1.0,2026-10-30\n"
    );
    let dir = folder(&[
        ("subscriptions.csv", &subs),
        ("users.csv", &users),
        ("usage.csv", &usage),
    ]);
    let v = check(dir.path());
    let rules = [
        "RC301", "RC302", "RC303", "RC304", "RC306", "RC307", "RC308", "RC405",
    ];
    assert_eq!(
        found(&v, &rules),
        sorted(vec![
            // AutoCAD: 4 seats, 2 held.
            f(
                "RC301",
                "subscriptions.csv",
                cell(&subs, "s1,", "seat_quantity"),
                "c=1001 p=AutoCAD"
            ),
            f(
                "RC405",
                "subscriptions.csv",
                cell(&subs, "s1,", "seat_quantity"),
                "c=1001 p=AutoCAD"
            ),
            // Plan-only users hold no product seat.
            f(
                "RC303",
                "users.csv",
                cell(&users, "bob@", "email"),
                "u=bob@x.example"
            ),
            f(
                "RC303",
                "users.csv",
                cell(&users, "dan@", "email"),
                "u=dan@x.example"
            ),
            f(
                "RC303",
                "usage.csv",
                cell(&usage, "gil@", "email"),
                "u=gil@x.example"
            ),
            f(
                "RC303",
                "usage.csv",
                cell(&usage, "hue@", "email"),
                "u=hue@x.example"
            ),
        ])
    );
}

// ---------------------------------------------------------------------------------------------
// Numbers and dates
// ---------------------------------------------------------------------------------------------

/// "A decimal may use a comma (`7,3` is 7.3) where the column holds one number": a monthly
/// average of `2,5` is below `occasional_days` (3.0), `3,5` is not.
#[test]
fn a_decimal_comma_is_a_decimal_point() {
    let subs = format!("{SUBS_H}s1,1001,Revit,2,2027-06-30,2027-06-30,T,cm@x.example\n");
    let usage = format!(
        "{USAGE_H}M1,mia@x.example,T,Revit,assigned,2026-01-10,1,Subscription,20,\"2,5\",2026-10-30\n\
         N1,ned@x.example,T,Revit,assigned,2026-01-10,1,Subscription,30,\"3,5\",2026-10-30\n"
    );
    let dir = folder(&[("subscriptions.csv", &subs), ("usage.csv", &usage)]);
    let v = check(dir.path());
    assert_eq!(
        found(&v, &["RC304", "RC306", "RC307"]),
        vec![f(
            "RC307",
            "usage.csv",
            cell(&usage, "mia@", "email"),
            "c=1001 p=Revit u=mia@x.example"
        )]
    );
}

/// "`MM/DD/YYYY`, `YYYY-MM-DD` and ISO 8601 date-times are read as before." `01/12/2027` is
/// 12 January (72 days: due), `12/01/2026` is 1 December (30 days: due, and not expired as
/// 12 January 2026 would be), a date-time on 20 December is due, 2027-06-30 is not. In the usage
/// report, `10/30/2026` is two days ago, `2026-06-01T08:00:00Z` 153 days ago (dormant).
#[test]
fn us_iso_and_date_time_dates_are_read() {
    let subs = format!(
        "{SUBS_H}s1,2001,Revit,1,01/12/2027,,T,cm@x.example\n\
         s2,2002,Revit,1,12/01/2026,,T,cm@x.example\n\
         s3,2003,Revit,1,2027-06-30,,T,cm@x.example\n\
         s4,2004,Revit,1,2026-12-20T09:30:00Z,,T,cm@x.example\n\
         s5,2005,AutoCAD,2,2027-06-30,2027-06-30,U,cm@x.example\n"
    );
    let usage = format!(
        "{USAGE_H}P1,pat@x.example,U,AutoCAD,assigned,01/10/2026,,Subscription,40,4.0,10/30/2026\n\
         Q1,quinn@x.example,U,AutoCAD,assigned,01/10/2026,,Subscription,40,4.0,2026-06-01T08:00:00Z\n"
    );
    let dir = folder(&[("subscriptions.csv", &subs), ("usage.csv", &usage)]);
    let v = check(dir.path());
    assert_eq!(
        found(&v, &["RC304", "RC401", "RC402"]),
        sorted(vec![
            f(
                "RC401",
                "subscriptions.csv",
                cell(&subs, "s1,", "end_date"),
                "c=2001"
            ),
            f(
                "RC401",
                "subscriptions.csv",
                cell(&subs, "s2,", "end_date"),
                "c=2002"
            ),
            f(
                "RC401",
                "subscriptions.csv",
                cell(&subs, "s4,", "end_date"),
                "c=2004"
            ),
            f(
                "RC304",
                "usage.csv",
                cell(&usage, "quinn@", "email"),
                "c=2005 p=AutoCAD u=quinn@x.example"
            ),
        ])
    );
}

// ---------------------------------------------------------------------------------------------
// One account, whatever the order
// ---------------------------------------------------------------------------------------------

/// "The inputs of a folder ... give the same account and the same findings in whatever order
/// they are read or named (a users export read before the usage report must not drop the
/// usage report's `days_inactive`)." The same four exports under names that sort them in
/// three different orders give the same findings at the same rows and cells.
#[test]
fn the_findings_do_not_depend_on_the_order_or_names_of_the_files() {
    let subs = format!("{SUBS_H}s1,1001,Revit,2,2027-06-30,2027-06-30,T,cm@x.example\n");
    let users = format!(
        "{USERS_H}cm@x.example,Cy,Mann,Primary Admin,,T,Active\n\
         ann@x.example,Ann,Ash,User,Revit,T,\n\
         bob@x.example,Bob,Bay,User,Revit,T,\n"
    );
    // Ann has been inactive for 200 days; Bob for 150, but the seat usage (personal data off,
    // his hash) shows him using Revit on 2026-10-25.
    let usage = format!(
        "{USAGE_H}AA11,ann@x.example,T,Revit,assigned,2026-01-10,200,Subscription,0,0,\n\
         BB22,bob@x.example,T,Revit,assigned,2026-01-10,150,Subscription,0,0,\n"
    );
    let seat = "hashed_autodesk_id,offering_name,product_name,version,day_used,access_option,team_alias,email*\n\
                BB22,Revit,Revit,2027,2026-10-25,Seats,T,*****\n";
    let kinds = [
        ("subscriptions", subs.as_str()),
        ("users", users.as_str()),
        ("usage", usage.as_str()),
        ("seat", seat),
    ];
    let mut results = Vec::new();
    for prefixes in [
        ["a", "b", "c", "d"],
        ["z", "y", "x", "w"],
        ["m", "b", "z", "a"],
    ] {
        let dir = TempDir::new().expect("a temporary folder");
        let names: Vec<String> = kinds
            .iter()
            .zip(prefixes)
            .map(|((kind, _), p)| format!("{p}-{kind}.csv"))
            .collect();
        let files: Vec<(&str, &str)> = names
            .iter()
            .zip(kinds)
            .map(|(n, (_, text))| (n.as_str(), text))
            .collect();
        write_into(dir.path(), &files);
        let v = check(dir.path());
        // Back to the kind of each file, so that the runs compare.
        let text: Vec<String> = found(&v, &["RC104", "RC106", "RC301", "RC303", "RC304", "RC306"])
            .into_iter()
            .map(|line| {
                let mut line = line;
                for (name, (kind, _)) in names.iter().zip(kinds) {
                    line = line.replace(&format!(" {name}:"), &format!(" {kind}:"));
                }
                line
            })
            .collect();
        results.push((prefixes, text, v));
    }
    let (_, first, v) = &results[0];
    // Ann's `days_inactive` is not dropped; Bob's seat usage is not lost.
    assert_eq!(
        found_subjects(v, &["RC104", "RC301", "RC303", "RC304", "RC306"]),
        vec!["RC304 c=1001 p=Revit u=ann@x.example".to_owned()],
        "{v:#}"
    );
    for (prefixes, text, _) in &results[1..] {
        assert_eq!(text, first, "names {prefixes:?} change the findings");
    }
}

// ---------------------------------------------------------------------------------------------
// Counting
// ---------------------------------------------------------------------------------------------

/// "`files_read` counts files, not sheets; an account's `files` names each file once." A
/// snapshot and three exports are four files; an unrelated CSV is skipped, not read.
#[test]
fn files_read_counts_files_and_files_names_each_once() {
    let yaml = "account: Acme\nas_of: 2026-11-01\ncontracts:\n  - number: \"1001\"\n    contract_manager: cm@x.example\n";
    let subs = format!("{SUBS_H}s1,1001,Revit,2,2027-06-30,2027-06-30,T,cm@x.example\n");
    let users = format!("{USERS_H}ann@x.example,Ann,Ash,User,Revit,T,Active\n");
    let usage = format!(
        "{USAGE_H}AA11,ann@x.example,T,Revit,assigned,2026-01-10,1,Subscription,30,3.0,2026-10-30\n"
    );
    let dir = folder(&[
        ("account.yaml", yaml),
        ("subscriptions.csv", &subs),
        ("users.csv", &users),
        ("usage.csv", &usage),
        ("notes.csv", "date,note\n2026-10-01,called the reseller\n"),
    ]);
    let v = check(dir.path());
    assert_eq!(v["summary"]["files_read"], 4, "{v:#}");
    assert_eq!(v["summary"]["files_skipped"], 1, "{v:#}");
    let mut files: Vec<&str> = v["accounts"][0]["files"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).map(base).collect())
        .unwrap_or_default();
    files.sort_unstable();
    assert_eq!(
        files,
        [
            "account.yaml",
            "subscriptions.csv",
            "usage.csv",
            "users.csv"
        ]
    );
}

/// A workbook of three sheets (Users, Subscriptions, Usage) beside a CSV is two files.
#[test]
fn a_workbook_of_several_sheets_is_one_file() {
    let dir = TempDir::new().expect("a temporary folder");
    std::fs::copy(
        "fixtures/exports/glenrock-consulting/autodesk-export.xlsx",
        dir.path().join("autodesk-export.xlsx"),
    )
    .expect("copy the workbook");
    write_into(
        dir.path(),
        &[(
            "seat-usage.csv",
            &format!("{SEAT_H}E1,Revit,Revit,2027,2026-10-20,Seats,T,ID1,ed@x.example,Ed,Ek\n"),
        )],
    );
    let v = check(dir.path());
    assert_eq!(v["summary"]["files_read"], 2, "{v:#}");
    let mut files: Vec<&str> = v["accounts"][0]["files"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).map(base).collect())
        .unwrap_or_default();
    files.sort_unstable();
    assert_eq!(files, ["autodesk-export.xlsx", "seat-usage.csv"]);
}

// ---------------------------------------------------------------------------------------------
// `hash:` addresses in the snapshot, and `rollcall convert`
// ---------------------------------------------------------------------------------------------

/// Section 1 (v3): "`hash:` followed by a `hashed_autodesk_id` is accepted wherever an address
/// is ... and `rollcall convert` writes such people so." The converted snapshot names the
/// people known by hash as `hash:<lower case>`, never a masked value, and gives the same
/// findings as the exports it came from.
#[test]
fn convert_writes_people_known_by_hash_as_hash_addresses() {
    let subs = format!("{SUBS_H}s1,1001,Revit,3,2027-06-30,2027-06-30,T,cm@x.example\n");
    let usage = format!(
        "{USAGE_OFF_H}9F1C2E7A,*****,*****,*****,*****,T,Revit,assigned,2026-04-02,2,Subscription,140,11.7,2026-10-30\n\
         3B7E5D1F,*****,*****,*****,*****,T,Revit,assigned,2026-04-02,200,Subscription,0,0,\n"
    );
    let dir = folder(&[
        ("acme/subscriptions.csv", &subs),
        ("acme/usage.csv", &usage),
    ]);
    let out = Command::cargo_bin("rollcall")
        .expect("the rollcall binary is built")
        .arg("convert")
        .arg(dir.path().join("acme"))
        .args(["--as-of", AS_OF])
        .output()
        .expect("run rollcall convert");
    let yaml = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for hash in ["hash:9f1c2e7a", "hash:3b7e5d1f"] {
        assert!(yaml.contains(hash), "no {hash} in\n{yaml}");
    }
    assert!(!yaml.contains("*****"), "{yaml}");
    assert!(!yaml.contains("9F1C2E7A"), "{yaml}");

    let converted = folder(&[("acme/account.yaml", &yaml)]);
    let from_snapshot = check(converted.path());
    let from_exports = check(dir.path());
    let rules = ["RC301", "RC302", "RC303", "RC304", "RC306", "RC307"];
    assert_eq!(
        found_subjects(&from_snapshot, &rules),
        found_subjects(&from_exports, &rules),
        "{yaml}"
    );
    assert_eq!(
        found_subjects(&from_exports, &rules),
        vec![
            "RC301 c=1001 p=Revit".to_owned(),
            "RC304 c=1001 p=Revit u=hash:3b7e5d1f".to_owned()
        ]
    );
}

/// Merging (section 3) with `hash:` people: "users by email", a hash address being accepted
/// wherever an address is. The snapshot says the person known by hash is inactive; the usage
/// report (personal data off) gives their seat: a seat held by a dormant user.
#[test]
fn a_snapshot_hash_person_merges_with_the_same_hash_in_an_export() {
    let yaml = "account: Acme\nas_of: 2026-11-01\nusers:\n  - email: hash:9f1c2e7a\n    status: inactive\ncontracts:\n  - number: \"1001\"\n    contract_manager: hash:9f1c2e7a\n";
    let subs = format!("{SUBS_H}s1,1001,Revit,1,2027-06-30,2027-06-30,T,\n");
    let usage = format!(
        "{USAGE_OFF_H}9F1C2E7A,*****,*****,*****,*****,T,Revit,assigned,2026-04-02,2,Subscription,140,11.7,2026-10-30\n"
    );
    let dir = folder(&[
        ("acme/account.yaml", yaml),
        ("acme/subscriptions.csv", &subs),
        ("acme/usage.csv", &usage),
    ]);
    let v = check(dir.path());
    assert_eq!(
        found(&v, &["RC301", "RC303", "RC304", "RC306"]),
        vec![f(
            "RC304",
            "usage.csv",
            cell(&usage, "9F1C2E7A", "hashed_autodesk_id"),
            "c=1001 p=Revit u=hash:9f1c2e7a"
        )]
    );
}

// ---------------------------------------------------------------------------------------------
// Further cases of the same sentences
// ---------------------------------------------------------------------------------------------

/// "`Product` is `offering_name` in a file that has no `offering_name` column" holds for every
/// export: a subscriptions export and a users export in the current names (`Email`,
/// `First name`, `Role`, `Product`, `Team`).
#[test]
fn product_and_team_are_read_in_the_subscriptions_and_users_exports() {
    let subs = "subscription_id,contract_number,Product,seat_quantity,end_date,autorenew_date,Team,contract_manager_email\n\
                s1,1001,Revit,2,2027-06-30,2027-06-30,Design,cm@x.example\n\
                s2,1002,Revit,1,2027-06-30,2027-06-30,Build,cm@x.example\n";
    let users = "Email,First name,Last name,Role,Product,Team\n\
                 cm@x.example,Cy,Mann,Primary Admin,Revit,Build\n\
                 ann@x.example,Ann,Ash,Secondary Admin,Revit,Design\n\
                 bob@x.example,Bob,Bay,User,,Design\n";
    let dir = folder(&[("subscriptions.csv", subs), ("users.csv", users)]);
    let v = check(dir.path());
    assert_eq!(
        found(&v, &["RC106", "RC109", "RC301", "RC302", "RC303"]),
        sorted(vec![
            // Design: 2 seats, ann's.
            f(
                "RC301",
                "subscriptions.csv",
                cell(subs, "s1,", "seat_quantity"),
                "c=1001 p=Revit"
            ),
            // cm is the only admin of Build; ann of Design (a secondary admin, no primary).
            f(
                "RC106",
                "users.csv",
                cell(users, "cm@", "Role"),
                "t=Build u=cm@x.example"
            ),
            f(
                "RC303",
                "users.csv",
                cell(users, "bob@", "Email"),
                "u=bob@x.example"
            ),
        ])
    );
}

/// Aliases of values: "A name is matched as headers are (case, spaces, `_`, a trailing `*`)",
/// and `seat_assignment` and `access_option` have values the spec defines (`assigned`,
/// `unassigned`; `Subscription`, `Flex`).
#[test]
fn aliases_of_seat_assignment_and_access_values_are_matched_as_headers_are() {
    let config = "exports:\n  values:\n    seat_assignment: {zugewiesen: assigned, nicht zugewiesen: unassigned}\n    access_option: {ABONNEMENT: Subscription}\n    account_status: {gesperrt: inactive}\n";
    let subs = format!("{SUBS_H}s1,1001,Revit,3,2027-06-30,2027-06-30,T,cm@x.example\n");
    let usage = format!(
        "{USAGE_H}M1,mia@x.example,T,Revit,Zugewiesen,2026-01-10,1,Abonnement,20,2.5,2026-10-30\n\
         N1,ned@x.example,T,Revit,Nicht Zugewiesen,2026-01-10,1,Abonnement,20,2.5,2026-10-30\n"
    );
    let users = format!("{USERS_H}ola@x.example,Ola,Ost,User,Revit,T,GESPERRT\n");
    let dir = folder(&[
        ("rollcall.yaml", config),
        ("subscriptions.csv", &subs),
        ("usage.csv", &usage),
        ("users.csv", &users),
    ]);
    let v = check(dir.path());
    assert_eq!(
        found(&v, &["RC301", "RC303", "RC304", "RC307"]),
        sorted(vec![
            // mia and ola hold two of the three seats; ned's row holds none.
            f(
                "RC301",
                "subscriptions.csv",
                cell(&subs, "s1,", "seat_quantity"),
                "c=1001 p=Revit"
            ),
            f(
                "RC303",
                "usage.csv",
                cell(&usage, "ned@", "email"),
                "u=ned@x.example"
            ),
            // A subscription seat used 2.5 days a month: a candidate for Flex.
            f(
                "RC307",
                "usage.csv",
                cell(&usage, "mia@", "email"),
                "c=1001 p=Revit u=mia@x.example"
            ),
            f(
                "RC304",
                "users.csv",
                cell(&users, "ola@", "email"),
                "c=1001 p=Revit u=ola@x.example"
            ),
        ])
    );
}

/// "Email addresses are compared case-insensitively" and a hash's subject is "the hash in
/// lower case": rows that give the hash `AA11BB22` with `Ann@X.example` and the hash
/// `aa11bb22` with `ann@x.example` give one and the same email and one hash, so the masked row
/// of the other file is Ann's.
#[test]
fn a_hash_joins_whatever_the_case_of_the_hash_and_the_email() {
    let subs = format!(
        "{SUBS_H}s1,1001,AutoCAD,1,2027-06-30,2027-06-30,T,cm@x.example\n\
         s2,1001,Revit,1,2027-06-30,2027-06-30,T,cm@x.example\n"
    );
    let on = format!(
        "{USAGE_H}AA11BB22,Ann@X.example,T,AutoCAD,assigned,2026-01-10,1,Subscription,150,12.0,2026-10-30\n\
         aa11bb22,ann@x.example,T,AutoCAD,assigned,2026-01-10,1,Subscription,150,12.0,2026-10-30\n"
    );
    let off = format!(
        "{USAGE_OFF_H}Aa11Bb22,*****,*****,*****,*****,T,Revit,assigned,2026-01-10,200,Subscription,0,0,\n"
    );
    let dir = folder(&[
        ("subscriptions.csv", &subs),
        ("usage-on.csv", &on),
        ("usage-off.csv", &off),
    ]);
    let v = check(dir.path());
    assert_eq!(
        found_subjects(&v, &["RC301", "RC303", "RC304", "RC306", "RC501"]),
        vec!["RC306 c=1001 p=Revit u=ann@x.example".to_owned()]
    );
}

/// A person known only by hash is one person on every row of that hash: two offerings are two
/// seats of one user, never a duplicate user (RC501 needs an address), and their
/// `days_inactive` (no `last_accessed` on any row) makes both seats a dormant user's.
#[test]
fn every_row_of_one_hash_is_one_person() {
    let subs = format!(
        "{SUBS_H}s1,1001,AutoCAD,1,2027-06-30,2027-06-30,T,cm@x.example\n\
         s2,1001,Revit,1,2027-06-30,2027-06-30,T,cm@x.example\n"
    );
    let usage = format!(
        "{USAGE_OFF_H}D4E5F6A7,*****,*****,*****,*****,T,AutoCAD,assigned,2026-04-02,120,Subscription,0,0,\n\
         D4E5F6A7,*****,*****,*****,*****,T,Revit,assigned,2026-04-02,150,Subscription,0,0,\n"
    );
    let dir = folder(&[("subscriptions.csv", &subs), ("usage.csv", &usage)]);
    let v = check(dir.path());
    assert_eq!(
        found(&v, &["RC301", "RC303", "RC304", "RC306", "RC501"]),
        sorted(vec![
            f(
                "RC304",
                "usage.csv",
                cell(&usage, ",AutoCAD,", "hashed_autodesk_id"),
                "c=1001 p=AutoCAD u=hash:d4e5f6a7"
            ),
            f(
                "RC304",
                "usage.csv",
                cell(&usage, ",Revit,", "hashed_autodesk_id"),
                "c=1001 p=Revit u=hash:d4e5f6a7"
            ),
        ])
    );
}

/// The plan and token-pack names of the catalog, "with the same name matching" as the
/// collections (case-insensitive, `&` and `and`, runs of spaces, a name followed by ` - ` and
/// more): `premium plan`, `Business  Success Plan`, `Standard Plan - 3 years`, `Flex Tokens`.
/// Plans give no seat (RC303 for their only "holders"), tokens are access (no RC303), and none
/// of them is a product with seats (no RC301, RC302).
#[test]
fn plan_and_token_pack_names_match_as_catalog_names_do() {
    let subs = format!(
        "{SUBS_H}s1,1001,premium plan,1,2027-06-30,2027-06-30,T,cm@x.example\n\
         s2,1001,Business  Success Plan,4,2027-06-30,2027-06-30,T,cm@x.example\n\
         s3,1001,Standard Plan - 3 years,2,2027-06-30,2027-06-30,T,cm@x.example\n\
         s4,1001,Flex Tokens,100,2027-06-30,2027-06-30,T,cm@x.example\n\
         s5,1001,Revit,1,2027-06-30,2027-06-30,T,cm@x.example\n"
    );
    let users = format!(
        "{USERS_H}cm@x.example,Cy,Mann,User,Revit,T,Active\n\
         ann@x.example,Ann,Ash,User,premium plan,T,Active\n\
         bob@x.example,Bob,Bay,User,premium plan,T,Active\n\
         cyd@x.example,Cyd,Cole,User,Business  Success Plan,T,Active\n\
         dan@x.example,Dan,Dee,User,Standard Plan - 3 years,T,Active\n\
         eve@x.example,Eve,Eck,User,Flex Tokens,T,Active\n"
    );
    let dir = folder(&[("subscriptions.csv", &subs), ("users.csv", &users)]);
    let v = check(dir.path());
    let mut want: Vec<String> = ["ann", "bob", "cyd", "dan"]
        .iter()
        .map(|u| {
            f(
                "RC303",
                "users.csv",
                cell(&users, &format!("{u}@"), "email"),
                &format!("u={u}@x.example"),
            )
        })
        .collect();
    want.sort();
    assert_eq!(found(&v, &["RC301", "RC302", "RC303", "RC304"]), want);
}

/// "A decimal may use a comma (`7,3` is 7.3) where the column holds one number", also in a
/// semicolon-separated file as a European Excel writes it, where the comma needs no quotes.
#[test]
fn a_decimal_comma_is_read_in_a_semicolon_separated_export() {
    let subs = format!("{SUBS_H}s1,1001,Revit,2,2027-06-30,2027-06-30,T,cm@x.example\n");
    let usage = "email;team_alias;offering_name;seat_assignment;assigned_date;days_inactive;access_option;days_used;monthly_average;last_accessed\n\
                 mia@x.example;T;Revit;assigned;2026-01-10;1;Subscription;20;2,5;2026-10-30\n\
                 ned@x.example;T;Revit;assigned;2026-01-10;1;Subscription;30;3,5;2026-10-30\n";
    let dir = folder(&[("subscriptions.csv", &subs), ("usage.csv", usage)]);
    let v = check(dir.path());
    assert_eq!(
        found_subjects(&v, &["RC304", "RC306", "RC307"]),
        vec!["RC307 c=1001 p=Revit u=mia@x.example".to_owned()]
    );
}

/// Seat usage dates are read like every export date: `day_used` `10/20/2026` (MM/DD/YYYY) and
/// `2026-10-21T16:40:00Z` are recent days of use, so neither holder is dormant and both seats
/// were used.
#[test]
fn seat_usage_days_may_be_us_dates_or_date_times() {
    let subs = format!("{SUBS_H}s1,1001,Revit,2,2027-06-30,2027-06-30,T,cm@x.example\n");
    let usage = format!(
        "{USAGE_H}E1,ed@x.example,T,Revit,assigned,2026-01-10,200,Subscription,0,0,\n\
         F1,fay@x.example,T,Revit,assigned,2026-01-10,200,Subscription,0,0,\n"
    );
    let seat = format!(
        "{SEAT_H}E1,Revit,Revit,2027,10/20/2026,Seats,T,IDE,ed@x.example,Ed,Ek\n\
         F1,Revit,Revit,2027,2026-10-21T16:40:00Z,Seats,T,IDF,fay@x.example,Fay,Fo\n"
    );
    let dir = folder(&[
        ("subscriptions.csv", &subs),
        ("usage.csv", &usage),
        ("seat-usage.csv", &seat),
    ]);
    let v = check(dir.path());
    assert_eq!(
        found(&v, &["RC104", "RC304", "RC306"]),
        Vec::<String>::new()
    );
    assert_eq!(v["summary"]["files_read"], 3, "{v:#}");
}

/// Seat usage with personal data off: a row known only by its hash raises the last activity of
/// the person that the usage report ties to that hash.
#[test]
fn seat_usage_by_hash_raises_the_last_activity_of_the_hashs_person() {
    let subs = format!("{SUBS_H}s1,1001,Revit,2,2027-06-30,2027-06-30,T,cm@x.example\n");
    let usage = format!(
        "{USAGE_H}E1,ed@x.example,T,Revit,assigned,2026-01-10,200,Subscription,0,0,\n\
         F1,fay@x.example,T,Revit,assigned,2026-01-10,200,Subscription,0,0,\n"
    );
    let seat = "hashed_autodesk_id,offering_name,product_name,version,day_used,access_option,team_alias,autodesk_id*,email*,first_name*,last_name*\n\
                E1,Revit,Revit,2027,2026-10-20,Seats,T,*****,*****,*****,*****\n";
    let dir = folder(&[
        ("subscriptions.csv", &subs),
        ("usage.csv", &usage),
        ("seat-usage.csv", seat),
    ]);
    let v = check(dir.path());
    assert_eq!(
        found(&v, &["RC304", "RC306"]),
        vec![f(
            "RC304",
            "usage.csv",
            cell(&usage, "fay@", "email"),
            "c=1001 p=Revit u=fay@x.example"
        )]
    );
}

/// "A masked cell is unknown, never a value": a masked `contract_manager_email` leaves the
/// Contract Manager unknown (RC503 for both roles), not missing (no RC102).
#[test]
fn a_masked_contract_manager_is_unknown_not_missing() {
    let subs = format!("{SUBS_H}s1,1001,Revit,1,2027-06-30,2027-06-30,T,*****\n");
    let dir = folder(&[("subscriptions.csv", &subs)]);
    let v = check(dir.path());
    let at = cell(&subs, "s1,", "contract_number");
    assert_eq!(
        found(&v, &["RC101", "RC102", "RC103", "RC503"]),
        vec![f("RC503", "subscriptions.csv", at, "c=1001"); 2]
    );
}

/// Masked cells are unknown, never a value: a masked `account_status` is no status (the user is
/// `active`, as when exports give none), masked `last_accessed` on every row lets
/// `days_inactive` count, and a masked `days_used` is not 0 (no RC306).
#[test]
fn masked_status_activity_and_usage_are_unknown() {
    let subs = format!(
        "{SUBS_H}s1,1001,Revit,2,2027-06-30,2027-06-30,T,cm@x.example\n\
         s2,1001,AutoCAD,1,2027-06-30,2027-06-30,T,cm@x.example\n"
    );
    let users = format!(
        "{USERS_H}ola@x.example,Ola,Ost,User,Revit,T,*****\n\
         pia@x.example,Pia,Paz,User,,T,*****\n"
    );
    let usage = format!(
        "{USAGE_H}Q1,quinn@x.example,T,Revit,assigned,2026-01-10,200,Subscription,*****,*****,*****\n\
         R1,rex@x.example,T,AutoCAD,assigned,2026-01-10,3,Subscription,*****,*****,*****\n"
    );
    let dir = folder(&[
        ("subscriptions.csv", &subs),
        ("users.csv", &users),
        ("usage.csv", &usage),
    ]);
    let v = check(dir.path());
    assert_eq!(
        found(&v, &["RC301", "RC303", "RC304", "RC306", "RC307"]),
        sorted(vec![
            // pia is active (her status is unknown) and holds no seat.
            f(
                "RC303",
                "users.csv",
                cell(&users, "pia@", "email"),
                "u=pia@x.example"
            ),
            // quinn: 200 days inactive and no known `last_accessed`.
            f(
                "RC304",
                "usage.csv",
                cell(&usage, "quinn@", "email"),
                "c=1001 p=Revit u=quinn@x.example"
            ),
        ])
    );
}

/// "A masked cell ... never joins two people": users-export rows whose address is masked and
/// that give no hash are nobody we can name, and two of them are no duplicate user. The seats
/// they hold are held all the same ("a masked cell is unknown, never a value"): Revit's two
/// seats are not unassigned (no RC301), and whether the masked rows are Ann again is unknown,
/// so they do not over-assign it either (no RC302).
#[test]
fn masked_addresses_without_a_hash_join_nobody() {
    let subs = format!("{SUBS_H}s1,1001,Revit,2,2027-06-30,2027-06-30,T,cm@x.example\n");
    let users = format!(
        "{USERS_H}ann@x.example,Ann,Ash,User,Revit,T,Active\n\
         *****,*****,*****,User,Revit,T,Active\n\
         *****,*****,*****,User,Revit,T,Active\n"
    );
    let dir = folder(&[("subscriptions.csv", &subs), ("users.csv", &users)]);
    let v = check(dir.path());
    assert_eq!(
        found(&v, &["RC301", "RC302", "RC303", "RC501"]),
        Vec::<String>::new()
    );
    assert!(!v["findings"].to_string().contains("*****"), "{v:#}");
    // "Nothing is dropped silently" (output.md): the two rows are counted and named.
    assert!(
        rows_skipped_of(&v, "users.csv")
            .iter()
            .any(|s| s["rows"] == 2),
        "{v:#}"
    );
}

/// People known only by hash hold seats like anyone: three of them on one seat over-assign it
/// (RC302).
#[test]
fn seats_held_by_people_known_only_by_hash_count_towards_over_assignment() {
    let subs = format!("{SUBS_H}s1,1001,Revit,2,2027-06-30,2027-06-30,T,cm@x.example\n");
    let usage = format!(
        "{USAGE_OFF_H}A1,*****,*****,*****,*****,T,Revit,assigned,2026-04-02,2,Subscription,40,4.0,2026-10-30\n\
         B2,*****,*****,*****,*****,T,Revit,assigned,2026-04-02,2,Subscription,40,4.0,2026-10-30\n\
         C3,*****,*****,*****,*****,T,Revit,assigned,2026-04-02,2,Subscription,40,4.0,2026-10-30\n"
    );
    let dir = folder(&[("subscriptions.csv", &subs), ("usage.csv", &usage)]);
    let v = check(dir.path());
    assert_eq!(
        found(&v, &["RC301", "RC302", "RC303"]),
        vec![f(
            "RC302",
            "subscriptions.csv",
            cell(&subs, "s1,", "seat_quantity"),
            "c=1001 p=Revit"
        )]
    );
}

/// A seat-usage export with personal data on ties a hash to an address; the usage report with
/// personal data off gives that hash's seat, which is then the address's (the users export
/// gives the same person no offering). The seat was used on 2026-10-20: no RC304, no RC306,
/// and the person holds a seat (no RC303).
#[test]
fn a_hash_tied_to_an_address_by_the_seat_usage_export_joins_the_usage_report() {
    let subs = format!("{SUBS_H}s1,1001,Revit,1,2027-06-30,2027-06-30,T,cm@x.example\n");
    let users = format!("{USERS_H}ed@x.example,Ed,Ek,User,,T,Active\n");
    let usage = format!(
        "{USAGE_OFF_H}E1,*****,*****,*****,*****,T,Revit,assigned,2026-01-10,200,Subscription,0,0,\n"
    );
    let seat = format!("{SEAT_H}E1,Revit,Revit,2027,2026-10-20,Seats,T,IDE,ed@x.example,Ed,Ek\n");
    let dir = folder(&[
        ("subscriptions.csv", &subs),
        ("users.csv", &users),
        ("usage.csv", &usage),
        ("seat-usage.csv", &seat),
    ]);
    let v = check(dir.path());
    assert_eq!(
        found(&v, &["RC301", "RC303", "RC304", "RC306"]),
        Vec::<String>::new()
    );
}

/// Writes `kinds` (a role name and a CSV text each) under names that put them in the order of
/// `prefixes`, audits the folder, and returns the findings of `rules` with each file named by
/// its role, so that runs under different names compare.
fn findings_by_role(kinds: &[(&str, &str)], prefixes: &[&str], rules: &[&str]) -> Vec<String> {
    let dir = TempDir::new().expect("a temporary folder");
    let names: Vec<String> = kinds
        .iter()
        .zip(prefixes)
        .map(|((role, _), p)| format!("{p}-{role}.csv"))
        .collect();
    let files: Vec<(&str, &str)> = names
        .iter()
        .zip(kinds)
        .map(|(n, (_, text))| (n.as_str(), *text))
        .collect();
    write_into(dir.path(), &files);
    let v = check(dir.path());
    found(&v, rules)
        .into_iter()
        .map(|mut line| {
            for (name, (role, _)) in names.iter().zip(kinds) {
                line = line.replace(&format!(" {name}:"), &format!(" {role}:"));
            }
            line
        })
        .collect()
}

/// "One account, whatever the order": two subscriptions exports, each a contract of team T
/// selling Revit with one seat, and one seat assigned. Which contract's seat is free must not
/// depend on how the files are named.
#[test]
fn the_contract_a_seat_goes_to_does_not_depend_on_file_names() {
    let first = format!("{SUBS_H}s1,1001,Revit,1,2027-06-30,2027-06-30,T,cm@x.example\n");
    let second = format!("{SUBS_H}s2,1002,Revit,1,2027-06-30,2027-06-30,T,cm@x.example\n");
    let usage =
        format!("{USAGE_H}A1,ann@x.example,T,Revit,assigned,2026-01-10,200,Subscription,0,0,\n");
    let kinds = [
        ("subs-first", first.as_str()),
        ("subs-second", second.as_str()),
        ("usage", usage.as_str()),
    ];
    let rules = ["RC301", "RC302", "RC304", "RC306"];
    let a = findings_by_role(&kinds, &["a", "b", "c"], &rules);
    let b = findings_by_role(&kinds, &["b", "a", "c"], &rules);
    assert_eq!(a.len(), 2, "{a:?}");
    assert_eq!(a, b, "the names of the files change the findings");
}

/// "One account, whatever the order": two users exports of the same kind that disagree (Ann is
/// `Active` in one and `Inactive` in the other) give the same findings whichever is read first.
#[test]
fn two_exports_of_one_kind_give_the_same_findings_in_either_order() {
    let subs = format!("{SUBS_H}s1,1001,Revit,2,2027-06-30,2027-06-30,T,cm@x.example\n");
    let one = format!("{USERS_H}ann@x.example,Ann,Ash,User,Revit,T,Active\n");
    let two = format!("{USERS_H}ann@x.example,Ann,Ash,User,Revit,T,Inactive\n");
    let kinds = [
        ("subscriptions", subs.as_str()),
        ("users-one", one.as_str()),
        ("users-two", two.as_str()),
    ];
    let rules = ["RC301", "RC303", "RC304", "RC502"];
    let a = findings_by_role(&kinds, &["a", "b", "c"], &rules);
    let b = findings_by_role(&kinds, &["a", "c", "b"], &rules);
    assert_eq!(a, b, "the names of the files change the findings");
}

/// "A required column that is missing ... is a located error whose help names the
/// `exports.columns` ... entry": a subscriptions export (it has `seat_quantity`) without
/// `contract_number` and `subscription_id`.
#[test]
fn a_subscriptions_export_without_a_number_names_the_column_to_map() {
    let subs = "Vertragsnummer,offering_name,seat_quantity\n1001,Revit,2\n";
    let dir = folder(&[("subscriptions.csv", subs)]);
    let (code, v) = run(dir.path());
    assert_eq!(code, 2, "{v:#}");
    let errors = errors_of(&v);
    assert_eq!(errors.len(), 1, "{v:#}");
    let e = &errors[0];
    assert_eq!(e["line"], 1, "{e:#}");
    let message = e["message"].as_str().unwrap_or("");
    assert!(
        message.contains("contract_number") || message.contains("subscription_id"),
        "{e:#}"
    );
    let help = e["help"].as_str().unwrap_or("");
    assert!(
        help.contains("exports") && help.contains("columns"),
        "{e:#}"
    );
    assert!(
        help.contains("contract_number") || help.contains("subscription_id"),
        "{e:#}"
    );
}

/// "A value that is not known is a located error whose help names the `exports.values` entry
/// that would map it": a `seat_assignment` that is neither `assigned` nor `unassigned`. (An
/// unknown `access_option` is not an error: (v2) "anything else unknown".)
#[test]
fn an_unknown_seat_assignment_names_the_exports_values_entry() {
    let subs = format!("{SUBS_H}s1,1001,Revit,2,2027-06-30,2027-06-30,T,cm@x.example\n");
    let usage = format!(
        "{USAGE_H}M1,mia@x.example,T,Revit,assigned,2026-01-10,1,Abonnement,20,2.5,2026-10-30\n\
         N1,ned@x.example,T,Revit,Zugewiesen,2026-01-10,1,Subscription,20,2.5,2026-10-30\n"
    );
    let dir = folder(&[("subscriptions.csv", &subs), ("usage.csv", &usage)]);
    let (code, v) = run(dir.path());
    assert_eq!(code, 2, "{v:#}");
    let errors = errors_of(&v);
    assert_eq!(errors.len(), 1, "{v:#}");
    let e = &errors[0];
    let at = cell(&usage, "ned@", "seat_assignment");
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(at.0), Some(at.1)),
        "{e:#}"
    );
    let help = e["help"].as_str().unwrap_or("");
    for word in ["exports", "values", "seat_assignment"] {
        assert!(help.contains(word), "help names `{word}`: {e:#}");
    }
}

/// "A name is matched as headers are (case, spaces, `_`, a trailing `*`)", on both sides: the
/// alias `Mail Adresse*` matches the header `mail_adresse`, ` Produkt ` matches `produkt*`,
/// `rolle` matches `ROLLE`, and a byte order mark before the first header does not hide it.
#[test]
fn alias_names_match_as_headers_do_even_after_a_byte_order_mark() {
    let config = "exports:\n  columns:\n    email: [\"Mail Adresse*\"]\n    offering_name: [\" Produkt \"]\n    role: [rolle]\n";
    let subs = format!("{SUBS_H}s1,1001,Revit,2,2027-06-30,2027-06-30,T,cm@x.example\n");
    let users = "\u{feff}mail_adresse,ROLLE,produkt*,team_alias\nann@x.example,User,Revit,T\nbob@x.example,User,,T\n";
    let dir = folder(&[
        ("rollcall.yaml", config),
        ("subscriptions.csv", &subs),
        ("users.csv", users),
    ]);
    let v = check(dir.path());
    assert_eq!(
        found_subjects(&v, &["RC301", "RC303"]),
        vec![
            "RC301 c=1001 p=Revit".to_owned(),
            "RC303 u=bob@x.example".to_owned()
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Workbooks (generated by tests/data/spec_v3/make_workbooks.py)
// ---------------------------------------------------------------------------------------------

/// Audits a copy of the workbook `tests/data/spec_v3/<name>` alone in a folder, and returns the
/// findings of `rules` as `RULE <kind>:line:column subject`, each sheet named by the kind that
/// `kinds` gives its name.
fn workbook_findings(name: &str, kinds: &[(&str, &str)], rules: &[&str]) -> (Vec<String>, Value) {
    let dir = TempDir::new().expect("a temporary folder");
    std::fs::copy(
        Path::new("tests/data/spec_v3").join(name),
        dir.path().join(name),
    )
    .expect("copy the workbook");
    let v = check(dir.path());
    let mut all: Vec<String> = findings_of(&v)
        .iter()
        .filter(|f| rules.iter().any(|r| f["rule"] == *r))
        .map(|f| {
            let sheet = f["location"]["sheet"].as_str().unwrap_or("<no sheet>");
            let kind = kinds
                .iter()
                .find(|(s, _)| *s == sheet)
                .map_or(sheet, |(_, k)| *k);
            format!(
                "{} {kind}:{}:{} {}",
                f["rule"].as_str().unwrap_or("?"),
                f["location"]["line"],
                f["location"]["column"],
                subject_text(&f["subject"])
            )
        })
        .collect();
    all.sort();
    (all, v)
}

/// "The inputs of a folder, and the sheets of a workbook, give the same account and the same
/// findings in whatever order they are read or named", and "Excel date cells are dates": the
/// contract's `end_date` cell (72 days ahead, no autorenew date) makes the renewal due, and
/// Bob's `last_accessed` date cell (2026-10-30) makes him active although `days_inactive` says
/// 200. The workbook counts once.
#[test]
fn the_sheets_of_a_workbook_give_the_same_findings_whatever_their_order_and_names() {
    let rules = ["RC301", "RC303", "RC304", "RC306", "RC401", "RC405"];
    let (one, v) = workbook_findings(
        "order-1.xlsx",
        &[
            ("Users", "users"),
            ("Subscriptions", "subscriptions"),
            ("Usage", "usage"),
        ],
        &rules,
    );
    assert_eq!(v["summary"]["files_read"], 1, "{v:#}");
    assert_eq!(
        one,
        sorted(vec![
            // Revit: 2 seats, Ann's; AutoCAD: 1 seat, Bob's. Columns: D seat_quantity,
            // E end_date, B email.
            "RC301 subscriptions:2:4 c=1001 p=Revit".to_owned(),
            "RC405 subscriptions:2:4 c=1001 p=Revit".to_owned(),
            "RC401 subscriptions:2:5 c=1001".to_owned(),
            "RC304 usage:2:2 c=1001 p=Revit u=ann@x.example".to_owned(),
        ])
    );
    let (two, _) = workbook_findings(
        "order-2.xlsx",
        &[
            ("Benutzer", "users"),
            ("Abos", "subscriptions"),
            ("Nutzung", "usage"),
        ],
        &rules,
    );
    assert_eq!(
        one, two,
        "the order and names of the sheets change the findings"
    );
}

/// "... the sheets of a workbook, give the same account and the same findings in whatever order
/// they are read or named": two users sheets that disagree on Ann's status, their names swapped.
#[test]
fn two_sheets_of_one_kind_give_the_same_findings_whatever_their_names() {
    let rules = ["RC301", "RC303", "RC304", "RC502"];
    let kinds = [
        ("Subscriptions", "subscriptions"),
        ("Users A", "users"),
        ("Users B", "users"),
    ];
    let (one, _) = workbook_findings("conflict-1.xlsx", &kinds, &rules);
    let (two, _) = workbook_findings("conflict-2.xlsx", &kinds, &rules);
    // Locations differ by sheet only where a finding points at Ann's row; compare subjects.
    let strip = |all: &[String]| -> Vec<String> {
        let mut out: Vec<String> = all
            .iter()
            .map(|l| {
                let mut parts = l.splitn(3, ' ');
                let rule = parts.next().unwrap_or("");
                let _place = parts.next();
                format!("{rule} {}", parts.next().unwrap_or(""))
            })
            .collect();
        out.sort();
        out
    };
    assert_eq!(
        strip(&one),
        strip(&two),
        "the sheet names change the findings"
    );
}

/// "They are listed in the offering catalog ... and the seat rules ... ignore them": the
/// catalog applies to a snapshot's products as well. Premium (1 seat, 2 "holders") is not
/// over-assigned, and its holders hold no product seat.
#[test]
fn a_snapshot_plan_is_no_product_with_seats() {
    let yaml = "account: Acme\n\
                as_of: 2026-11-01\n\
                users:\n\
                \x20 - email: ann@x.example\n\
                \x20 - email: bob@x.example\n\
                \x20 - email: cm@x.example\n\
                contracts:\n\
                \x20 - number: \"1001\"\n\
                \x20   ends: 2027-06-30\n\
                \x20   auto_renew: true\n\
                \x20   contract_manager: cm@x.example\n\
                \x20   software_coordinators: [ann@x.example]\n\
                \x20   products:\n\
                \x20     - name: Premium\n\
                \x20       seats: 1\n\
                \x20       assigned: [ann@x.example, bob@x.example]\n\
                \x20     - name: Revit\n\
                \x20       seats: 1\n\
                \x20       assigned: []\n";
    let dir = folder(&[("acme/account.yaml", yaml)]);
    let v = check(dir.path());
    assert_eq!(
        found(&v, &["RC301", "RC302", "RC303", "RC304"]),
        sorted(vec![
            f(
                "RC301",
                "account.yaml",
                at(yaml, "name: Revit\n        seats: ^1"),
                "c=1001 p=Revit"
            ),
            // Bob's only assignment is a plan; Ann holds a role.
            f(
                "RC303",
                "account.yaml",
                at(yaml, "email: ^bob@"),
                "u=bob@x.example"
            ),
        ])
    );
}

/// The snapshot of the role-rule tests: every role is held by a person known only by hash
/// (`hash:ab12`, inactive, written in upper case in the user list), on two contracts and a
/// team.
const HASH_ROLES: &str = "account: Acme\n\
                          as_of: 2026-11-01\n\
                          domains: [acme.example]\n\
                          users:\n\
                          \x20 - email: hash:AB12\n\
                          \x20   status: inactive\n\
                          \x20 - email: ann@acme.example\n\
                          contracts:\n\
                          \x20 - number: \"1001\"\n\
                          \x20   ends: 2027-06-30\n\
                          \x20   auto_renew: true\n\
                          \x20   contract_manager: hash:ab12\n\
                          \x20   software_coordinators: [hash:ab12]\n\
                          \x20   products:\n\
                          \x20     - name: Revit\n\
                          \x20       seats: 2\n\
                          \x20       assigned: [hash:ab12, ann@acme.example]\n\
                          \x20 - number: \"1002\"\n\
                          \x20   ends: 2027-06-30\n\
                          \x20   auto_renew: true\n\
                          \x20   contract_manager: hash:ab12\n\
                          teams:\n\
                          \x20 - name: Design\n\
                          \x20   primary_admin: hash:ab12\n";

/// "Rules that need an address (RC103, RC105, RC108, RC501 and the role rules, since a role
/// holder is named by address) say nothing about them": an inactive hash person holding roles
/// is no dormant role holder (RC104), no unknown holder (RC103) and no external one (RC105);
/// their seat is still a dormant user's (RC304), whatever the case the hash is written in.
#[test]
fn a_dormant_hash_role_holder_is_not_reported_by_address_rules() {
    let dir = folder(&[("acme/account.yaml", HASH_ROLES)]);
    let v = check(dir.path());
    assert_eq!(
        found(&v, &["RC103", "RC104", "RC105", "RC108", "RC304", "RC501"]),
        vec![f(
            "RC304",
            "account.yaml",
            at(HASH_ROLES, "assigned: [^hash:ab12"),
            "c=1001 p=Revit u=hash:ab12"
        )]
    );
}

/// The same sentence for the other role rules: the Contract Manager who is also the only
/// Software Coordinator (RC101), the primary admin without a backup (RC106) and the sole
/// administrator (RC107) are all `hash:ab12`, a person the role rules say nothing about.
#[test]
fn the_role_rules_say_nothing_of_hash_role_holders() {
    let dir = folder(&[("acme/account.yaml", HASH_ROLES)]);
    let v = check(dir.path());
    let role_rules = [
        "RC101", "RC102", "RC103", "RC104", "RC105", "RC106", "RC107", "RC108", "RC109",
    ];
    assert_eq!(found(&v, &role_rules), Vec::<String>::new());
}

/// The current names hold in the seat-usage export too: `Product` (no `offering_name` column)
/// and `Team` name the offering and the team whose seat the day of use belongs to.
#[test]
fn the_seat_usage_export_reads_product_and_team() {
    let subs = format!("{SUBS_H}s1,1001,Revit,2,2027-06-30,2027-06-30,T,cm@x.example\n");
    let usage = format!(
        "{USAGE_H}E1,ed@x.example,T,Revit,assigned,2026-01-10,200,Subscription,0,0,\n\
         F1,fay@x.example,T,Revit,assigned,2026-01-10,200,Subscription,0,0,\n"
    );
    // Ed used his Revit seat in T; Fay used Revit in another team, so her T seat has no use.
    let seat = "Hashed Autodesk ID,Product,Version,Day used,Access option,Team,Email\n\
                E1,Revit,2027,2026-10-20,Seats,T,ed@x.example\n\
                F1,Revit,2027,2026-10-20,Seats,Other,fay@x.example\n";
    let dir = folder(&[
        ("subscriptions.csv", &subs),
        ("usage.csv", &usage),
        ("seat-usage.csv", seat),
    ]);
    let v = check(dir.path());
    assert_eq!(
        found(&v, &["RC304", "RC306"]),
        vec![f(
            "RC306",
            "usage.csv",
            cell(&usage, "fay@", "email"),
            "c=1001 p=Revit u=fay@x.example"
        )]
    );
}

/// "Nothing is dropped silently" (output.md), and what an input does not say is unknown: a
/// users export that assigns an offering no subscription of the user's team sells (Maya, not
/// sold at all; AutoCAD, sold to another team; `Autodesk Flex`, a token pack by another of its
/// names) names a seat the user holds on no known contract. The rows are counted in
/// `rows_skipped`, and RC303 does not say those users hold no seat; a plan is still no seat
/// ("a user whose only assignments are plans ... still holds no product seat for RC303").
#[test]
fn a_seat_no_subscription_of_the_team_sells_is_counted_not_dropped() {
    let subs = format!(
        "{SUBS_H}s1,1001,AutoCAD,4,2027-06-30,2027-06-30,Design,cm@x.example\n\
         s2,1002,AutoCAD,1,2027-06-30,2027-06-30,Other,cm@x.example\n\
         s3,1001,Flex,100,2027-06-30,2027-06-30,Design,cm@x.example\n"
    );
    let users = format!(
        "{USERS_H}cm@x.example,Cy,Mann,Primary Admin,AutoCAD,Design,Active\n\
         d@x.example,Di,Dee,User,Maya,Design,Active\n\
         e@x.example,Ed,Eck,User,AutoCAD,Nowhere,Active\n\
         f@x.example,Flo,Fenn,User,Autodesk Flex,Design,Active\n\
         p@x.example,Pat,Poe,User,Premium Plan,Design,Active\n\
         n@x.example,Ned,Nye,User,,Design,Active\n"
    );
    let dir = folder(&[("subscriptions.csv", &subs), ("users.csv", &users)]);
    let v = check(dir.path());
    assert_eq!(
        found_subjects(&v, &["RC303"]),
        sorted(vec![
            "RC303 u=n@x.example".into(),
            "RC303 u=p@x.example".into()
        ]),
        "{v:#}"
    );
    let users_rows = rows_skipped_of(&v, "users.csv");
    assert_eq!(users_rows.len(), 1, "{v:#}");
    assert_eq!(users_rows[0]["rows"], 4, "{v:#}");
    assert_eq!(users_rows[0]["first_line"], 3, "{v:#}");
    assert!(
        users_rows[0]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("no subscription")),
        "{v:#}"
    );
}

/// "A masked cell is unknown, never a value", and "a rule that needs an unknown value does not
/// fire on it" (rules.md): a users-export admin row whose address is masked is an admin of the
/// team whom no input names, so the team is not without an admin (RC109) nor without a backup
/// (RC106); seats held by masked people count as held (RC301 counts them, and still fires where
/// seats are left over whoever they are).
#[test]
fn masked_admins_and_seat_holders_are_someone_unknown() {
    let subs = format!(
        "{SUBS_H}s1,1001,Revit,3,2027-06-30,2027-06-30,Design,cm@x.example\n\
         s2,1002,AutoCAD,2,2027-06-30,2027-06-30,Other,cm@x.example\n"
    );
    let users = format!(
        "{USERS_H}cm@x.example,Cy,Mann,Primary Admin,Revit,Other,Active\n\
         *****,*****,*****,Primary Admin,,Design,Active\n\
         *****,*****,*****,User,Revit,Design,Active\n\
         *****,*****,*****,User,AutoCAD,Other,Active\n"
    );
    let dir = folder(&[("subscriptions.csv", &subs), ("users.csv", &users)]);
    let v = check(dir.path());
    assert_eq!(
        found(&v, &["RC106", "RC109", "RC301"]),
        vec![
            // Revit: 3 seats, one held by a masked person (cm's Revit row names team Other,
            // which no Revit subscription is sold to).
            f(
                "RC301",
                "subscriptions.csv",
                cell(&subs, "s1,", "seat_quantity"),
                "c=1001 p=Revit"
            ),
            f(
                "RC301",
                "subscriptions.csv",
                cell(&subs, "s2,", "seat_quantity"),
                "c=1002 p=AutoCAD"
            ),
            // cm is Other's only admin, and named: RC106 on Other.
            f(
                "RC106",
                "users.csv",
                cell(&users, "cm@", "role"),
                "t=Other u=cm@x.example"
            ),
        ]
        .into_iter()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>(),
        "{v:#}"
    );
    let revit = findings_of(&v)
        .iter()
        .find(|f| f["rule"] == "RC301" && f["subject"]["product"] == "Revit")
        .expect("RC301 on Revit");
    assert!(
        revit["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("2 of 3 seats")),
        "{revit:#}"
    );
}
