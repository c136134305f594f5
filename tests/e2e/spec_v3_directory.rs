//! Black-box tests of directory exports (spec `directory.md`) and the rules RC601 to RC604
//! (rule catalog, "Directory (`RC6xx`)"), written from the spec's words only.
//!
//! Each test builds a customer folder in a temporary directory (a snapshot or Autodesk exports,
//! and a directory export with the header rows its source really writes), runs
//! `rollcall check --format json`, and compares the complete list of findings (rule, severity,
//! file, line, column, subject) with what the spec says: so a test shows both what fires and
//! what does not.

use std::fmt::Write as _;
use std::path::Path;

use assert_cmd::Command;
use serde_json::{json, Value};

const TODAY: &str = "2026-11-01";
const CONTRACT: &str = "110001234567";

// ---------------------------------------------------------------------------------------------
// Running the binary

fn run_raw(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("rollcall")
        .unwrap()
        .args(args)
        .output()
        .unwrap()
}

/// `rollcall check --format json --fail-on never --as-of AS_OF DIR`.
fn check_at(dir: &Path, as_of: &str) -> Value {
    let d = dir.to_string_lossy().into_owned();
    let out = run_raw(&[
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--as-of",
        as_of,
        &d,
    ]);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn check(dir: &Path) -> Value {
    check_at(dir, TODAY)
}

/// A customer folder with the given files.
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

// ---------------------------------------------------------------------------------------------
// Findings

/// One finding, ordered as the spec sorts them (file, line, column, rule).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct F {
    file: String,
    line: u64,
    column: u64,
    rule: String,
    severity: String,
    /// `contract/team/product/user`, `-` for null.
    subject: String,
}

/// Where a value is: file name, line, column (1-based).
type Loc = (String, u64, u64);

/// The findings of a one-account run, in output order. The run must have read every input.
fn found(doc: &Value) -> Vec<F> {
    assert_eq!(doc["errors"], json!([]), "{doc:#}");
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = &f["subject"];
            let part = |k: &str| s[k].as_str().unwrap_or("-").to_owned();
            let file = f["location"]["file"].as_str().unwrap();
            F {
                file: file.rsplit(['/', '\\']).next().unwrap().to_owned(),
                line: f["location"]["line"].as_u64().unwrap(),
                column: f["location"]["column"].as_u64().unwrap(),
                rule: f["rule"].as_str().unwrap().to_owned(),
                severity: f["severity"].as_str().unwrap().to_owned(),
                subject: format!(
                    "{}/{}/{}/{}",
                    part("contract"),
                    part("team"),
                    part("product"),
                    part("user")
                ),
            }
        })
        .collect()
}

fn f(rule: &str, severity: &str, at: &Loc, subject: &str) -> F {
    F {
        file: at.0.clone(),
        line: at.1,
        column: at.2,
        rule: rule.to_owned(),
        severity: severity.to_owned(),
        subject: subject.to_owned(),
    }
}

/// Asserts that the run gave exactly these findings, in the spec's order.
fn assert_findings(doc: &Value, mut want: Vec<F>) {
    want.sort();
    let got = found(doc);
    assert_eq!(
        got,
        want,
        "\n got: {:#?}\nwant: {:#?}",
        got.iter().map(show).collect::<Vec<_>>(),
        want.iter().map(show).collect::<Vec<_>>()
    );
}

fn show(x: &F) -> String {
    format!(
        "{} {} {}:{}:{} {}",
        x.rule, x.severity, x.file, x.line, x.column, x.subject
    )
}

/// Subject of a contract role (CM, SC).
fn contract_role(user: &str) -> String {
    format!("{CONTRACT}/-/-/{user}")
}

/// Subject of a team role (primary, secondary, SSO admin).
fn team_role(user: &str) -> String {
    format!("-/Design/-/{user}")
}

fn seat(product: &str, user: &str) -> String {
    format!("{CONTRACT}/-/{product}/{user}")
}

fn user(user: &str) -> String {
    format!("-/-/-/{user}")
}

/// The position of `value` in `file` (named `name`): on the first line, at or after the first
/// line containing `after`, that contains `value`.
fn pos(name: &str, text: &str, after: &str, value: &str) -> Loc {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.contains(after))
        .unwrap_or_else(|| panic!("no `{after}` in {name}"));
    for (i, l) in lines.iter().enumerate().skip(start) {
        if let Some(c) = l.find(value) {
            return (
                name.to_owned(),
                i as u64 + 1,
                l[..c].chars().count() as u64 + 1,
            );
        }
    }
    panic!("no `{value}` after `{after}` in {name}")
}

// ---------------------------------------------------------------------------------------------
// The account

/// An account without `as_of` ("today" is `--as-of`). Nobody is dormant; the roles are all
/// named; each seat's product has exactly as many seats as holders; no `domains`, no reseller,
/// one contract and one team: without a directory the only findings are RC303 for `idle@`,
/// `new@` (invited) and `temp@` (another domain).
const SNAPSHOT: &str = "\
account: Acme Engineering Ltd
users:
  - email: cm@acme.example
  - email: sc@acme.example
  - email: pa@acme.example
  - email: sa@acme.example
  - email: sso@acme.example
  - email: seat@acme.example
  - email: idle@acme.example
  - email: new@acme.example
    status: invited
    invited_on: 2026-10-30
  - email: old@acme.example
    status: removed
  - email: temp@contractor.example
  - email: ext@partner.example
contracts:
  - number: \"110001234567\"
    team: Design
    contract_manager: cm@acme.example
    software_coordinators: [sc@acme.example]
    products:
      - name: AutoCAD
        seats: 2
        assigned: [seat@acme.example, ext@partner.example]
teams:
  - name: Design
    primary_admin: pa@acme.example
    secondary_admins: [sa@acme.example]
    sso_admins: [sso@acme.example]
";

/// Positions of the values of an account text (the role, seat and user values).
struct At<'a>(&'a str);

impl At<'_> {
    fn cm(&self) -> Loc {
        pos(
            "account.yaml",
            self.0,
            "contract_manager:",
            "cm@acme.example",
        )
    }
    fn sc(&self) -> Loc {
        pos(
            "account.yaml",
            self.0,
            "software_coordinators:",
            "sc@acme.example",
        )
    }
    fn pa(&self) -> Loc {
        pos("account.yaml", self.0, "primary_admin:", "pa@acme.example")
    }
    fn sa(&self) -> Loc {
        pos(
            "account.yaml",
            self.0,
            "secondary_admins:",
            "sa@acme.example",
        )
    }
    fn sso(&self) -> Loc {
        pos("account.yaml", self.0, "sso_admins:", "sso@acme.example")
    }
    /// An assignment value of `who`, in the product `product`.
    fn seat(&self, product: &str, who: &str) -> Loc {
        pos(
            "account.yaml",
            self.0,
            &format!("- name: {product}"),
            &format!("{who}@acme.example"),
        )
    }
    /// The user's email value in the user list.
    fn user(&self, who: &str) -> Loc {
        pos(
            "account.yaml",
            self.0,
            &format!("- email: {who}@"),
            &format!("{who}@"),
        )
    }
}

/// The baseline RC303 findings of [`SNAPSHOT`] for the given users.
fn rc303(text: &str, who: &[&str]) -> Vec<F> {
    let at = At(text);
    who.iter()
        .map(|w| {
            let address = if *w == "temp" {
                "temp@contractor.example".to_owned()
            } else {
                format!("{w}@acme.example")
            };
            f("RC303", "warning", &at.user(w), &user(&address))
        })
        .collect()
}

/// `SNAPSHOT` with a `status` (and `last_active`) given to some users.
fn with_status(base: &str, who: &[(&str, &str)]) -> String {
    let mut text = base.to_owned();
    for (w, status) in who {
        let line = format!("  - email: {w}@acme.example\n");
        assert!(text.contains(&line), "{w}");
        text = text.replace(&line, &format!("{line}    status: {status}\n"));
    }
    text
}

// ---------------------------------------------------------------------------------------------
// Directory exports, with the header rows their sources write

const ENTRA_HEADER: &str = "userPrincipalName,displayName,surname,mail,givenName,objectId,userType,jobTitle,department,accountEnabled,usageLocation,streetAddress,state,country,officeLocation,city,postalCode,telephoneNumber,mobilePhone,alternateEmailAddress,ageGroup,consentProvidedForMinor,legalAgeGroupClassification,companyName,creationType,directorySynced,invitationState,identityIssuer,createdDateTime";

/// An Entra ID "Download users" row.
fn entra_row(upn: &str, mail: &str, user_type: &str, enabled: &str) -> String {
    let guest = user_type.eq_ignore_ascii_case("guest");
    format!(
        "{upn},Some One,One,{mail},Some,0b7c-{},{user_type},Surveyor,Design,{enabled},GB,,,United Kingdom,,Bristol,,,+44 7700 900123,,,,,,{},True,{},{},2023-01-09T10:11:12Z",
        upn.len(),
        if guest { "Invitation" } else { "" },
        if guest { "Accepted" } else { "" },
        if guest { "ExternalAzureAD" } else { "" },
    )
}

/// An Entra ID export: `(upn, mail, userType, accountEnabled)` rows.
fn entra(version_line: bool, newline: &str, rows: &[(&str, &str, &str, &str)]) -> String {
    let mut out = String::new();
    if version_line {
        out.push_str("version:v1.0");
        out.push_str(newline);
    }
    out.push_str(ENTRA_HEADER);
    out.push_str(newline);
    for (upn, mail, t, enabled) in rows {
        out.push_str(&entra_row(upn, mail, t, enabled));
        out.push_str(newline);
    }
    out
}

/// Member rows for each `who@acme.example` with `mail` = UPN.
fn members<'a>(who: &[(&'a str, &'a str)]) -> Vec<(String, String, &'a str, &'a str)> {
    who.iter()
        .map(|(w, enabled)| {
            let a = format!("{w}@acme.example");
            (a.clone(), a, "Member", *enabled)
        })
        .collect()
}

fn entra_members(who: &[(&str, &str)]) -> String {
    let rows = members(who);
    let rows: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|(u, m, t, e)| (u.as_str(), m.as_str(), *t, *e))
        .collect();
    entra(true, "\r\n", &rows)
}

const M365_HEADER: &str = "Block credential;City;Country/Region;Department;DirSyncEnabled;Display name;Fax;First name;Last dirsync time;Last name;Last password change time stamp;License assignment detail;Licenses;Mobile Phone;Oath token meta data;Object Id;Office;Password never expires;Phone number;Postal code;Preferred data location;Preferred language;Proxy addresses;Release track;Soft deletion time stamp;State;Street address;Strong password required;Title;Usage location;User principal name;When created";

/// A Microsoft 365 admin center "Export users" file with delimiter `d`: rows of
/// `(Block credential, Proxy addresses, Soft deletion time stamp, User principal name)`.
fn m365(d: char, rows: &[(&str, &str, &str, &str)]) -> String {
    let mut out = M365_HEADER.replace(';', &d.to_string());
    out.push_str("\r\n");
    for (blocked, proxies, deleted, upn) in rows {
        let cells = [
            *blocked,
            "München",
            "Germany",
            "Planung",
            "",
            "Name",
            "",
            "Vor",
            "",
            "Nach",
            "",
            "",
            "Microsoft 365 E3",
            "",
            "",
            "4f1d",
            "",
            "False",
            "",
            "",
            "",
            "de-DE",
            *proxies,
            "",
            *deleted,
            "",
            "",
            "True",
            "Ingenieur",
            "DE",
            *upn,
            "2/11/2020 9:41:07 AM",
        ];
        out.push_str(&cells.join(&d.to_string()));
        out.push_str("\r\n");
    }
    out
}

const OKTA_HEADER: &str =
    "User ID,Login,First Name,Last Name,Status,Last Login,Password Changed,Created";

/// An Okta Password Health report: `(Login, Status)` rows.
fn okta(rows: &[(&str, &str)]) -> String {
    let mut out = format!("{OKTA_HEADER}\n");
    for (i, (login, status)) in rows.iter().enumerate() {
        writeln!(
            out,
            "00u{i},{login},First,Last,{status},2026-10-30T08:00:00.000Z,2026-01-02T08:00:00.000Z,2021-05-05T08:00:00.000Z"
        )
        .unwrap();
    }
    out
}

const GOOGLE_HEADER: &str = "First Name [Required],Last Name [Required],Email Address [Required],Password [Required],Password Hash Function [UPLOAD ONLY],Org Unit Path [Required],New Primary Email [UPLOAD ONLY],Recovery Email,Home Secondary Email,Work Secondary Email,Recovery Phone [MUST BE IN THE E.164 FORMAT],Work Phone,Home Phone,Mobile Phone,Work Address,Home Address,Employee ID,Employee Type,Employee Title,Manager Email,Department,Cost Center,Building ID,Floor Name,Floor Section,Change Password at Next Sign-In,New Status [UPLOAD ONLY],New Licenses [UPLOAD ONLY],Licenses [READ ONLY],Status [READ ONLY],Last Sign In [READ ONLY],Email Usage [READ ONLY],2sv Enrolled [READ ONLY],2sv Enforced [READ ONLY],Advanced Protection Program enrollment";

/// A Google Workspace "Download users" file: `(Email Address, Status)` rows. The recovery and
/// manager columns name other people of the account: they are no address columns.
fn google(rows: &[(&str, &str)]) -> String {
    let mut out = format!("{GOOGLE_HEADER}\n");
    for (email, status) in rows {
        writeln!(
            out,
            "Fn,Ln,{email},****,,/,,idle@acme.example,,,,,,,,,,,Engineer,new@acme.example,Design,,,,,False,,,Google Workspace Business Standard,{status},2026/10/30 08:14:51,1.2GB,True,False,False"
        )
        .unwrap();
    }
    out
}

/// Every acme.example person of [`SNAPSHOT`] but those named, as `(address, state)` pairs.
fn everyone_but<'a>(state: &'a str, but: &[&str]) -> Vec<(&'static str, &'a str)> {
    ["cm", "sc", "pa", "sa", "sso", "seat", "idle", "new"]
        .into_iter()
        .filter(|w| !but.contains(w))
        .map(|w| (w, state))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// A folder without a directory

#[test]
fn without_a_directory_the_baseline_findings_stand() {
    let dir = folder(&[("account.yaml", SNAPSHOT)]);
    let doc = check(dir.path());
    assert_findings(&doc, rc303(SNAPSHOT, &["idle", "new", "temp"]));
    assert_eq!(doc["summary"]["files_read"], 1);

    // With dormant holders and a dormant seat holder: RC104 and RC304, and no RC6xx.
    let dormant = with_status(
        SNAPSHOT,
        &[("cm", "removed"), ("pa", "inactive"), ("seat", "inactive")],
    );
    let at = At(&dormant);
    let dir = folder(&[("account.yaml", &dormant)]);
    let mut want = rc303(&dormant, &["idle", "new", "temp"]);
    want.extend([
        f(
            "RC104",
            "warning",
            &at.cm(),
            &contract_role("cm@acme.example"),
        ),
        f("RC104", "warning", &at.pa(), &team_role("pa@acme.example")),
        f(
            "RC304",
            "warning",
            &at.seat("AutoCAD", "seat"),
            &seat("AutoCAD", "seat@acme.example"),
        ),
    ]);
    assert_findings(&check(dir.path()), want);
}

/// "A directory that no folder holds changes nothing": in a portfolio, a directory in one
/// customer's folder says nothing about another customer.
#[test]
fn a_directory_in_another_customers_folder_changes_nothing() {
    let root = tempfile::tempdir().unwrap();
    for name in ["acme", "beta"] {
        std::fs::create_dir(root.path().join(name)).unwrap();
        std::fs::write(root.path().join(name).join("account.yaml"), SNAPSHOT).unwrap();
    }
    // Everyone of beta's account is disabled in acme's directory.
    std::fs::write(
        root.path().join("acme").join("entra.csv"),
        entra_members(&everyone_but("False", &[])),
    )
    .unwrap();
    let doc = check(root.path());
    assert_eq!(doc["errors"], json!([]), "{doc:#}");
    assert_eq!(doc["summary"]["accounts"], 2);
    let beta: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["location"]["file"].as_str().unwrap().contains("/beta/"))
        .map(|x| format!("{} {}", x["rule"], x["subject"]["user"]))
        .collect();
    assert_eq!(
        beta,
        [
            "\"RC303\" \"idle@acme.example\"",
            "\"RC303\" \"new@acme.example\"",
            "\"RC303\" \"temp@contractor.example\"",
        ]
    );
    let acme_rc6 = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["location"]["file"].as_str().unwrap().contains("/acme/"))
        .filter(|x| x["rule"].as_str().unwrap().starts_with("RC6"))
        .count();
    // cm, sc, pa, sa, sso (RC601), seat (RC603), idle and new (RC604).
    assert_eq!(acme_rc6, 8, "{doc:#}");
}

// ---------------------------------------------------------------------------------------------
// Microsoft Entra ID

#[test]
fn entra_with_version_line_bom_and_crlf() {
    // `sc@` is matched by `mail` (the UPN differs), `pa@` by its UPN (no `mail`).
    let csv = entra(
        true,
        "\r\n",
        &[
            ("cm@acme.example", "cm@acme.example", "Member", "False"),
            ("s.cole@acme.example", "sc@acme.example", "Member", "True"),
            ("pa@acme.example", "", "Member", "True"),
            ("sa@acme.example", "sa@acme.example", "Member", "False"),
            ("sso@acme.example", "sso@acme.example", "Member", "True"),
            ("seat@acme.example", "seat@acme.example", "Member", "False"),
            ("new@acme.example", "new@acme.example", "Member", "True"),
            // Not a user of the account: a directory adds no user.
            (
                "stranger@acme.example",
                "stranger@acme.example",
                "Member",
                "True",
            ),
            ("gone@acme.example", "gone@acme.example", "Member", "False"),
        ],
    );
    let dir = folder(&[
        ("account.yaml", SNAPSHOT),
        ("entra-users.csv", &format!("\u{feff}{csv}")),
    ]);
    let doc = check(dir.path());
    let at = At(SNAPSHOT);
    let mut want = vec![
        f(
            "RC601",
            "error",
            &at.cm(),
            &contract_role("cm@acme.example"),
        ),
        f("RC601", "error", &at.sa(), &team_role("sa@acme.example")),
        f(
            "RC603",
            "warning",
            &at.seat("AutoCAD", "seat"),
            &seat("AutoCAD", "seat@acme.example"),
        ),
        // idle@ is in no row of a covered domain: RC604, and RC303 no more.
        f(
            "RC604",
            "warning",
            &at.user("idle"),
            &user("idle@acme.example"),
        ),
    ];
    // new@ is active in the directory: RC303 as before. temp@ and ext@ are of domains the
    // export does not cover: not judged. old@ is removed: neither active nor invited.
    want.extend(rc303(SNAPSHOT, &["new", "temp"]));
    assert_findings(&doc, want);
    // files_read counts the directory file, and the account lists it.
    assert_eq!(doc["summary"]["files_read"], 2);
    assert_eq!(doc["summary"]["files_skipped"], 0);
    let files = doc["accounts"][0]["files"].to_string();
    assert!(files.contains("entra-users.csv"), "{files}");
}

#[test]
fn entra_without_version_line_values_and_addresses_compare_case_insensitively() {
    let csv = entra(
        false,
        "\n",
        &[
            ("CM@Acme.Example", "", "Member", "TRUE"),
            (
                "Sam.Cole@Acme.Example",
                "SC@ACME.EXAMPLE",
                "Member",
                "FALSE",
            ),
            ("pa@acme.example", "pa@acme.example", "Member", "true"),
            ("sa@acme.example", "sa@acme.example", "Member", "True"),
            ("SSO@acme.example", "", "Member", "false"),
            ("seat@acme.example", "Seat@Acme.Example", "Member", "True"),
            ("idle@acme.example", "idle@acme.example", "Member", "True"),
        ],
    );
    let dir = folder(&[("account.yaml", SNAPSHOT), ("users.csv", &csv)]);
    let at = At(SNAPSHOT);
    let mut want = vec![
        f(
            "RC601",
            "error",
            &at.sc(),
            &contract_role("sc@acme.example"),
        ),
        f("RC601", "error", &at.sso(), &team_role("sso@acme.example")),
        // new@ (invited) is in no row: not in the directory.
        f(
            "RC604",
            "warning",
            &at.user("new"),
            &user("new@acme.example"),
        ),
    ];
    want.extend(rc303(SNAPSHOT, &["idle", "temp"]));
    assert_findings(&check(dir.path()), want);
}

#[test]
fn entra_matches_by_any_address_column() {
    // cm@ is the UPN of a row whose `mail` is another address; seat@ is the `mail` of a row
    // whose UPN is another address. Both rows are disabled.
    let csv = entra(
        true,
        "\r\n",
        &[
            (
                "cm@acme.example",
                "carl.mann@acme.example",
                "Member",
                "False",
            ),
            (
                "sue.eaton@acme.example",
                "seat@acme.example",
                "Member",
                "False",
            ),
            ("sc@acme.example", "sc@acme.example", "Member", "True"),
            ("pa@acme.example", "pa@acme.example", "Member", "True"),
            ("sa@acme.example", "sa@acme.example", "Member", "True"),
            ("sso@acme.example", "sso@acme.example", "Member", "True"),
            ("idle@acme.example", "idle@acme.example", "Member", "True"),
            ("new@acme.example", "new@acme.example", "Member", "True"),
        ],
    );
    let dir = folder(&[("account.yaml", SNAPSHOT), ("entra.csv", &csv)]);
    let at = At(SNAPSHOT);
    let mut want = vec![
        f(
            "RC601",
            "error",
            &at.cm(),
            &contract_role("cm@acme.example"),
        ),
        f(
            "RC603",
            "warning",
            &at.seat("AutoCAD", "seat"),
            &seat("AutoCAD", "seat@acme.example"),
        ),
    ];
    want.extend(rc303(SNAPSHOT, &["idle", "new", "temp"]));
    assert_findings(&check(dir.path()), want);
}

#[test]
fn entra_guests_never_match_by_upn() {
    let csv = entra(
        true,
        "\r\n",
        &[
            ("cm@acme.example", "cm@acme.example", "Member", "True"),
            // A guest whose UPN is pa@'s address, enabled: pa@ does not match it, so pa@ is in
            // no row of a covered domain.
            ("pa@acme.example", "", "Guest", "True"),
            // A guest matches by `mail`: sc@ is disabled.
            (
                "sc_acme.example#EXT#@acmetenant.onmicrosoft.example",
                "sc@acme.example",
                "Guest",
                "False",
            ),
            // A UPN with #EXT# is a guest's even when `userType` says Member: sa@ matches by
            // `mail` only, and the row is disabled.
            (
                "sa_acme.example#EXT#@acmetenant.onmicrosoft.example",
                "sa@acme.example",
                "Member",
                "False",
            ),
            ("sso@acme.example", "sso@acme.example", "Member", "True"),
            ("seat@acme.example", "seat@acme.example", "Member", "True"),
            ("idle@acme.example", "idle@acme.example", "Member", "True"),
            ("new@acme.example", "new@acme.example", "Member", "True"),
        ],
    );
    let dir = folder(&[("account.yaml", SNAPSHOT), ("entra.csv", &csv)]);
    let at = At(SNAPSHOT);
    let mut want = vec![
        f(
            "RC601",
            "error",
            &at.sc(),
            &contract_role("sc@acme.example"),
        ),
        f("RC601", "error", &at.pa(), &team_role("pa@acme.example")),
        f("RC601", "error", &at.sa(), &team_role("sa@acme.example")),
    ];
    want.extend(rc303(SNAPSHOT, &["idle", "new", "temp"]));
    assert_findings(&check(dir.path()), want);
}

/// A guest's UPN with `#EXT#` never matches, even an account address equal to it.
#[test]
fn a_upn_with_ext_never_matches_even_when_equal() {
    let guest = "ext_partner.example#ext#@acme.example";
    let text = SNAPSHOT
        .replace(
            "  - email: ext@partner.example\n",
            &format!("  - email: {guest}\n"),
        )
        .replace(
            "sso_admins: [sso@acme.example]",
            &format!("sso_admins: [{guest}]"),
        );
    let csv = entra(
        true,
        "\r\n",
        &[
            // Its UPN is the account's address, the row is enabled and a Member: the UPN
            // still does not match, so the SSO admin is in no row of acme.example.
            (
                "ext_partner.example#EXT#@acme.example",
                "",
                "Member",
                "True",
            ),
            ("cm@acme.example", "", "Member", "True"),
            ("sc@acme.example", "", "Member", "True"),
            ("pa@acme.example", "", "Member", "True"),
            ("sa@acme.example", "", "Member", "True"),
            ("sso@acme.example", "", "Member", "True"),
            ("seat@acme.example", "", "Member", "True"),
            ("idle@acme.example", "", "Member", "True"),
            ("new@acme.example", "", "Member", "True"),
        ],
    );
    let dir = folder(&[("account.yaml", &text), ("entra.csv", &csv)]);
    let at = pos("account.yaml", &text, "sso_admins:", guest);
    let mut want = vec![f("RC601", "error", &at, &team_role(guest))];
    // sso@ holds no role here any more: RC303 (active in the directory).
    want.extend(rc303(&text, &["sso", "idle", "new", "temp"]));
    assert_findings(&check(dir.path()), want);
}

// ---------------------------------------------------------------------------------------------
// Microsoft 365 admin center

#[test]
fn microsoft_365_semicolons_proxy_addresses_block_credential_and_soft_deletion() {
    let csv = m365(
        ';',
        &[
            // cm@ by a proxy address with the lower-case `smtp:` prefix; blocked.
            (
                "True",
                "SMTP:carl.mann@acme.example+smtp:cm@acme.example",
                "",
                "carl.mann@acme.example",
            ),
            // sc@ soft-deleted: left on that day (a month ago).
            (
                "False",
                "SMTP:sc@acme.example",
                "9/30/2026 4:02:11 PM",
                "sc@acme.example",
            ),
            ("False", "SMTP:pa@acme.example", "", "pa@acme.example"),
            (
                "False",
                "SMTP:sa@acme.example+SIP:sa@acme.example",
                "",
                "sa@acme.example",
            ),
            ("false", "", "", "sso@acme.example"),
            // seat@ by its primary `SMTP:` proxy; blocked.
            (
                "TRUE",
                "SMTP:seat@acme.example",
                "",
                "sue.eaton@acme.example",
            ),
            ("False", "SMTP:idle@acme.example", "", "idle@acme.example"),
            ("True", "", "", "new@acme.example"),
        ],
    );
    let dir = folder(&[("account.yaml", SNAPSHOT), ("Users.csv", &csv)]);
    let at = At(SNAPSHOT);
    let mut want = vec![
        f(
            "RC601",
            "error",
            &at.cm(),
            &contract_role("cm@acme.example"),
        ),
        f(
            "RC601",
            "error",
            &at.sc(),
            &contract_role("sc@acme.example"),
        ),
        f(
            "RC603",
            "warning",
            &at.seat("AutoCAD", "seat"),
            &seat("AutoCAD", "seat@acme.example"),
        ),
        f(
            "RC604",
            "warning",
            &at.user("new"),
            &user("new@acme.example"),
        ),
    ];
    want.extend(rc303(SNAPSHOT, &["idle", "temp"]));
    assert_findings(&check(dir.path()), want);
}

#[test]
fn microsoft_365_with_commas() {
    let csv = m365(
        ',',
        &[
            ("False", "SMTP:cm@acme.example", "", "cm@acme.example"),
            ("False", "SMTP:sc@acme.example", "", "sc@acme.example"),
            ("True", "SMTP:pa@acme.example", "", "pa@acme.example"),
            ("False", "", "", "sa@acme.example"),
            ("False", "", "", "sso@acme.example"),
            // seat@ is in no row. idle@ was soft-deleted.
            ("False", "", "10/2/2026 11:15:00 AM", "idle@acme.example"),
            ("False", "", "", "new@acme.example"),
        ],
    );
    let dir = folder(&[("account.yaml", SNAPSHOT), ("export-users.csv", &csv)]);
    let at = At(SNAPSHOT);
    let mut want = vec![
        f("RC601", "error", &at.pa(), &team_role("pa@acme.example")),
        f(
            "RC603",
            "warning",
            &at.seat("AutoCAD", "seat"),
            &seat("AutoCAD", "seat@acme.example"),
        ),
        f(
            "RC604",
            "warning",
            &at.user("idle"),
            &user("idle@acme.example"),
        ),
    ];
    want.extend(rc303(SNAPSHOT, &["new", "temp"]));
    assert_findings(&check(dir.path()), want);
}

/// "a non-empty `Soft deletion time stamp` is **left** on that day": on that day (and after) the
/// person has left.
#[test]
fn microsoft_365_soft_deletion_is_left_on_that_day() {
    let csv = m365(
        ';',
        &[
            ("False", "", "11/10/2026 1:00:00 PM", "cm@acme.example"),
            ("False", "", "", "sc@acme.example"),
            ("False", "", "", "pa@acme.example"),
            ("False", "", "", "sa@acme.example"),
            ("False", "", "", "sso@acme.example"),
            ("False", "", "2026-11-10T13:00:00Z", "seat@acme.example"),
            ("False", "", "", "idle@acme.example"),
            ("False", "", "", "new@acme.example"),
        ],
    );
    let dir = folder(&[("account.yaml", SNAPSHOT), ("Users.csv", &csv)]);
    let at = At(SNAPSHOT);
    let mut want = vec![
        f(
            "RC601",
            "error",
            &at.cm(),
            &contract_role("cm@acme.example"),
        ),
        f(
            "RC603",
            "warning",
            &at.seat("AutoCAD", "seat"),
            &seat("AutoCAD", "seat@acme.example"),
        ),
    ];
    want.extend(rc303(SNAPSHOT, &["idle", "new", "temp"]));
    // new@ was invited more than invite_days (7) before these days: RC305.
    want.push(f(
        "RC305",
        "warning",
        &pos("account.yaml", SNAPSHOT, "invited_on:", "2026-10-30"),
        &user("new@acme.example"),
    ));
    assert_findings(&check_at(dir.path(), "2026-11-10"), want.clone());
    assert_findings(&check_at(dir.path(), "2026-12-01"), want);
}

/// Before the day of its soft deletion, the person has not left yet (whether they are then
/// leaving or active, the spec does not say: neither gives RC601 or RC603).
#[test]
fn microsoft_365_soft_deletion_after_today_is_not_left_yet() {
    let csv = m365(
        ';',
        &[
            ("False", "", "11/10/2026 1:00:00 PM", "cm@acme.example"),
            ("False", "", "", "sc@acme.example"),
            ("False", "", "", "pa@acme.example"),
            ("False", "", "", "sa@acme.example"),
            ("False", "", "", "sso@acme.example"),
            ("False", "", "2026-11-10T13:00:00Z", "seat@acme.example"),
            ("False", "", "", "idle@acme.example"),
            ("False", "", "", "new@acme.example"),
        ],
    );
    let dir = folder(&[("account.yaml", SNAPSHOT), ("Users.csv", &csv)]);
    let got = found(&check_at(dir.path(), TODAY));
    assert!(
        !got.iter().any(|x| x.rule == "RC601" || x.rule == "RC603"),
        "{:#?}",
        got.iter().map(show).collect::<Vec<_>>()
    );
}

// ---------------------------------------------------------------------------------------------
// Okta

#[test]
fn okta_suspended_is_absent_deprovisioned_and_deactivated_are_left() {
    let csv = okta(&[
        ("cm@acme.example", "SUSPENDED"),
        ("sc@acme.example", "Suspended"),
        ("pa@acme.example", "DEPROVISIONED"),
        ("sa@acme.example", "Deactivated"),
        ("sso@acme.example", "LOCKED_OUT"),
        // Absent is not left: no RC603 for an absent seat holder.
        ("seat@acme.example", "SUSPENDED"),
        ("idle@acme.example", "PASSWORD_EXPIRED"),
        ("new@acme.example", "PROVISIONED"),
        // A login that is no address: the row is skipped (and counted).
        ("svc-autodesk", "DEPROVISIONED"),
    ]);
    let dir = folder(&[("account.yaml", SNAPSHOT), ("password-health.csv", &csv)]);
    let at = At(SNAPSHOT);
    let mut want = vec![
        f(
            "RC601",
            "error",
            &at.cm(),
            &contract_role("cm@acme.example"),
        ),
        f(
            "RC601",
            "error",
            &at.sc(),
            &contract_role("sc@acme.example"),
        ),
        f("RC601", "error", &at.pa(), &team_role("pa@acme.example")),
        f("RC601", "error", &at.sa(), &team_role("sa@acme.example")),
    ];
    want.extend(rc303(SNAPSHOT, &["idle", "new", "temp"]));
    let doc = check(dir.path());
    assert_findings(&doc, want);
    assert_eq!(doc["summary"]["files_read"], 2);
}

#[test]
fn okta_left_seat_holder_and_leaver_and_absent_user() {
    let csv = okta(&[
        ("cm@acme.example", "ACTIVE"),
        ("sc@acme.example", "ACTIVE"),
        ("pa@acme.example", "RECOVERY"),
        ("sa@acme.example", "STAGED"),
        ("sso@acme.example", "ACTIVE"),
        ("seat@acme.example", "DEPROVISIONED"),
        // Absent, holding nothing: neither RC604 (not left) nor silent RC303.
        ("idle@acme.example", "SUSPENDED"),
        ("new@acme.example", "deactivated"),
    ]);
    let dir = folder(&[("account.yaml", SNAPSHOT), ("okta.csv", &csv)]);
    let at = At(SNAPSHOT);
    let mut want = vec![
        f(
            "RC603",
            "warning",
            &at.seat("AutoCAD", "seat"),
            &seat("AutoCAD", "seat@acme.example"),
        ),
        f(
            "RC604",
            "warning",
            &at.user("new"),
            &user("new@acme.example"),
        ),
    ];
    want.extend(rc303(SNAPSHOT, &["idle", "temp"]));
    assert_findings(&check(dir.path()), want);
}

// ---------------------------------------------------------------------------------------------
// Google Workspace

#[test]
fn google_workspace_suspended_is_absent_archived_is_left() {
    let csv = google(&[
        ("cm@acme.example", "Suspended"),
        ("sc@acme.example", "Active"),
        ("pa@acme.example", "Active"),
        ("sa@acme.example", "Archived"),
        ("sso@acme.example", "Active"),
        ("seat@acme.example", "Archived"),
        ("idle@acme.example", "SUSPENDED"),
        ("new@acme.example", "ARCHIVED"),
    ]);
    let dir = folder(&[("account.yaml", SNAPSHOT), ("google-users.csv", &csv)]);
    let at = At(SNAPSHOT);
    let mut want = vec![
        f(
            "RC601",
            "error",
            &at.cm(),
            &contract_role("cm@acme.example"),
        ),
        f("RC601", "error", &at.sa(), &team_role("sa@acme.example")),
        f(
            "RC603",
            "warning",
            &at.seat("AutoCAD", "seat"),
            &seat("AutoCAD", "seat@acme.example"),
        ),
        f(
            "RC604",
            "warning",
            &at.user("new"),
            &user("new@acme.example"),
        ),
    ];
    want.extend(rc303(SNAPSHOT, &["idle", "temp"]));
    assert_findings(&check(dir.path()), want);
}

// ---------------------------------------------------------------------------------------------
// HR leavers

#[test]
fn hr_employment_status_and_no_covered_domain() {
    let csv = "Employee ID,Email,Employment Status,Termination Date,Leave Date\n\
        1,cm@acme.example,Terminated,,\n\
        2,sc@acme.example,On Leave,,\n\
        3,pa@acme.example,INACTIVE,,\n\
        4,sa@acme.example,suspended,,\n\
        5,seat@acme.example,Left,,\n\
        6,sso@acme.example,Active,,\n\
        7,idle@acme.example,terminated,,\n\
        8,,terminated,,\n\
        9,temp@contractor.example,left,,\n";
    let dir = folder(&[("account.yaml", SNAPSHOT), ("leavers.csv", csv)]);
    let at = At(SNAPSHOT);
    let mut want = vec![
        f(
            "RC601",
            "error",
            &at.cm(),
            &contract_role("cm@acme.example"),
        ),
        f(
            "RC601",
            "error",
            &at.sc(),
            &contract_role("sc@acme.example"),
        ),
        f("RC601", "error", &at.pa(), &team_role("pa@acme.example")),
        f("RC601", "error", &at.sa(), &team_role("sa@acme.example")),
        f(
            "RC603",
            "warning",
            &at.seat("AutoCAD", "seat"),
            &seat("AutoCAD", "seat@acme.example"),
        ),
    ];
    // An HR file covers no domain: idle@ and temp@ (left) are of no covered domain, so RC604
    // does not fire and RC303 stands; new@ is not listed and not judged.
    want.extend(rc303(SNAPSHOT, &["idle", "new", "temp"]));
    assert_findings(&check(dir.path()), want);
}

/// "A row without any address is skipped and counted": counted as the Autodesk exports count
/// the rows they skip (`rows_skipped` of the account in JSON, a `skipped N row(s) of FILE` line
/// in the human output).
#[test]
fn a_row_without_an_address_is_skipped_and_counted() {
    let sources = [
        (
            "okta.csv",
            okta(&[("cm@acme.example", "ACTIVE"), ("svc-autodesk", "ACTIVE")]),
        ),
        (
            "leavers.csv",
            "email,employment_status\ncm@acme.example,active\n,terminated\n".to_owned(),
        ),
        (
            "entra.csv",
            entra(
                true,
                "\r\n",
                &[
                    ("cm@acme.example", "", "Member", "True"),
                    ("", "", "Member", "False"),
                ],
            ),
        ),
    ];
    for (name, csv) in sources {
        let dir = folder(&[("account.yaml", SNAPSHOT), (name, &csv)]);
        let doc = check(dir.path());
        assert_eq!(doc["errors"], json!([]), "{doc:#}");
        assert_eq!(doc["summary"]["files_read"], 2, "{name}");
        let skipped = doc["accounts"][0]["rows_skipped"].to_string();
        assert!(
            skipped.contains(name) && skipped.contains("\"rows\":1"),
            "{name}: {doc:#}"
        );
        let d = dir.path().to_string_lossy().into_owned();
        let human = String::from_utf8(
            run_raw(&["check", "--fail-on", "never", "--as-of", TODAY, &d]).stdout,
        )
        .unwrap();
        assert!(
            human.contains("skipped 1 row of") && human.contains(name),
            "{name}: {human}"
        );
    }
}

const HR_DATES: &str = "email,termination_date,leave_date\n\
    cm@acme.example,2026-11-01,\n\
    sc@acme.example,2026-11-02,\n\
    pa@acme.example,,2026-12-01\n\
    sa@acme.example,,2026-12-02\n\
    sso@acme.example,2026-10-31T17:30:00Z,\n\
    seat@acme.example,10/15/2026 16:02:00,\n\
    idle@acme.example,,2026/11/20 09:00\n";

#[test]
fn hr_dates_on_before_and_after_today_and_handover_days() {
    let dir = folder(&[("account.yaml", SNAPSHOT), ("hr-leavers.csv", HR_DATES)]);
    let at = At(SNAPSHOT);
    // Today 2026-11-01: cm@ leaves today (left); sc@ tomorrow, pa@ in 30 days (leaving within
    // handover_days); sa@ in 31 days (not yet); sso@ (ISO 8601) and seat@ (M/D/YYYY with a time)
    // have left; idle@ (YYYY/MM/DD with a time) is leaving and holds no role.
    let mut want = vec![
        f(
            "RC601",
            "error",
            &at.cm(),
            &contract_role("cm@acme.example"),
        ),
        f(
            "RC602",
            "warning",
            &at.sc(),
            &contract_role("sc@acme.example"),
        ),
        f("RC602", "warning", &at.pa(), &team_role("pa@acme.example")),
        f("RC601", "error", &at.sso(), &team_role("sso@acme.example")),
        f(
            "RC603",
            "warning",
            &at.seat("AutoCAD", "seat"),
            &seat("AutoCAD", "seat@acme.example"),
        ),
    ];
    want.extend(rc303(SNAPSHOT, &["idle", "new", "temp"]));
    assert_findings(&check(dir.path()), want);

    // A day later: sc@'s day has come (left), sa@ is 30 days away.
    let mut want = vec![
        f(
            "RC601",
            "error",
            &at.cm(),
            &contract_role("cm@acme.example"),
        ),
        f(
            "RC601",
            "error",
            &at.sc(),
            &contract_role("sc@acme.example"),
        ),
        f("RC602", "warning", &at.pa(), &team_role("pa@acme.example")),
        f("RC602", "warning", &at.sa(), &team_role("sa@acme.example")),
        f("RC601", "error", &at.sso(), &team_role("sso@acme.example")),
        f(
            "RC603",
            "warning",
            &at.seat("AutoCAD", "seat"),
            &seat("AutoCAD", "seat@acme.example"),
        ),
    ];
    want.extend(rc303(SNAPSHOT, &["idle", "new", "temp"]));
    assert_findings(&check_at(dir.path(), "2026-11-02"), want);

    // `handover_days: 10` in the folder's rollcall.yaml: only sc@ (1 day) is within it.
    std::fs::write(
        dir.path().join("rollcall.yaml"),
        "options:\n  handover_days: 10\n",
    )
    .unwrap();
    let mut want = vec![
        f(
            "RC601",
            "error",
            &at.cm(),
            &contract_role("cm@acme.example"),
        ),
        f(
            "RC602",
            "warning",
            &at.sc(),
            &contract_role("sc@acme.example"),
        ),
        f("RC601", "error", &at.sso(), &team_role("sso@acme.example")),
        f(
            "RC603",
            "warning",
            &at.seat("AutoCAD", "seat"),
            &seat("AutoCAD", "seat@acme.example"),
        ),
    ];
    want.extend(rc303(SNAPSHOT, &["idle", "new", "temp"]));
    assert_findings(&check(dir.path()), want);
}

/// Leaving is not left: a leaving seat holder keeps their seat (no RC603) and a leaving user
/// who holds nothing is no departed user (no RC604: RC303 stands), even in a covered domain.
#[test]
fn leaving_seat_holders_and_users_are_not_leavers_yet() {
    let hr = "email,leave_date\n\
        seat@acme.example,2026-11-05\n\
        idle@acme.example,2026-11-05\n\
        new@acme.example,2026-11-05\n";
    let dir = folder(&[
        ("account.yaml", SNAPSHOT),
        ("entra.csv", &entra_members(&everyone_but("True", &[]))),
        ("hr.csv", hr),
    ]);
    assert_findings(
        &check(dir.path()),
        rc303(SNAPSHOT, &["idle", "new", "temp"]),
    );
}

/// "Today" is the account's `as_of` when it gives one, before `--as-of`.
#[test]
fn hr_dates_use_the_accounts_as_of() {
    let text = SNAPSHOT.replace(
        "account: Acme Engineering Ltd\n",
        "account: Acme Engineering Ltd\nas_of: 2026-11-02\n",
    );
    let dir = folder(&[("account.yaml", &text), ("hr-leavers.csv", HR_DATES)]);
    let at = At(&text);
    let found: Vec<String> = found(&check_at(dir.path(), "2026-11-01"))
        .iter()
        .map(show)
        .collect();
    let sc = at.sc();
    let sa = at.sa();
    assert!(
        found.contains(&format!(
            "RC601 error account.yaml:{}:{} {}",
            sc.1,
            sc.2,
            contract_role("sc@acme.example")
        )),
        "{found:#?}"
    );
    assert!(
        found.contains(&format!(
            "RC602 warning account.yaml:{}:{} {}",
            sa.1,
            sa.2,
            team_role("sa@acme.example")
        )),
        "{found:#?}"
    );
}

/// Headers match ignoring case, spaces, `_`, a trailing `*` and a BOM; `;` is a delimiter.
#[test]
fn hr_header_variants_and_semicolons() {
    let csv = "\u{feff}EMAIL*;Termination Date;LEAVE_DATE\r\n\
        cm@acme.example;2026-10-01;\r\n\
        sc@acme.example;;2026-11-05\r\n\
        seat@acme.example;;2026-10-05\r\n";
    let dir = folder(&[("account.yaml", SNAPSHOT), ("leavers.csv", csv)]);
    let at = At(SNAPSHOT);
    let mut want = vec![
        f(
            "RC601",
            "error",
            &at.cm(),
            &contract_role("cm@acme.example"),
        ),
        f(
            "RC602",
            "warning",
            &at.sc(),
            &contract_role("sc@acme.example"),
        ),
        f(
            "RC603",
            "warning",
            &at.seat("AutoCAD", "seat"),
            &seat("AutoCAD", "seat@acme.example"),
        ),
    ];
    want.extend(rc303(SNAPSHOT, &["idle", "new", "temp"]));
    let doc = check(dir.path());
    assert_findings(&doc, want);
    assert_eq!(doc["summary"]["files_read"], 2);
}

#[test]
fn entra_header_variants_minimal_columns() {
    // Only the columns the spec names, in other cases and with a trailing `*`, with `;`.
    let csv = "UserPrincipalName*;ACCOUNTENABLED;MAIL;usertype\n\
        cm@acme.example;False;;Member\n\
        sc@acme.example;True;;Member\n";
    let dir = folder(&[("account.yaml", SNAPSHOT), ("entra.csv", csv)]);
    let at = At(SNAPSHOT);
    // Every acme.example person but sc@ is in no row: not in the directory.
    let mut want = vec![
        f(
            "RC601",
            "error",
            &at.cm(),
            &contract_role("cm@acme.example"),
        ),
        f("RC601", "error", &at.pa(), &team_role("pa@acme.example")),
        f("RC601", "error", &at.sa(), &team_role("sa@acme.example")),
        f("RC601", "error", &at.sso(), &team_role("sso@acme.example")),
        f(
            "RC603",
            "warning",
            &at.seat("AutoCAD", "seat"),
            &seat("AutoCAD", "seat@acme.example"),
        ),
        f(
            "RC604",
            "warning",
            &at.user("idle"),
            &user("idle@acme.example"),
        ),
        f(
            "RC604",
            "warning",
            &at.user("new"),
            &user("new@acme.example"),
        ),
    ];
    want.extend(rc303(SNAPSHOT, &["temp"]));
    assert_findings(&check(dir.path()), want);
}

/// "Configuration aliases (`exports.columns`, `exports.values`) apply here too": an HR file whose
/// columns are `Work Email` and `Last Day`, and an Okta report with a status of its own.
#[test]
fn configuration_aliases_apply_to_directory_exports() {
    let hr = "Work Email,Last Day\n\
        cm@acme.example,2026-10-01\n\
        sc@acme.example,2026-11-05\n";
    let okta_csv = okta(&[
        ("cm@acme.example", "ACTIVE"),
        ("sc@acme.example", "ACTIVE"),
        ("pa@acme.example", "ACTIVE"),
        ("sa@acme.example", "ACTIVE"),
        ("sso@acme.example", "ACTIVE"),
        ("seat@acme.example", "GONE_FOR_GOOD"),
        ("idle@acme.example", "ACTIVE"),
        ("new@acme.example", "ACTIVE"),
    ]);
    let dir = folder(&[
        ("account.yaml", SNAPSHOT),
        ("hr.csv", hr),
        ("okta.csv", &okta_csv),
    ]);
    let at = At(SNAPSHOT);
    // Without aliases the HR file is no input, and GONE_FOR_GOOD is just another status
    // (active).
    let doc = check(dir.path());
    assert_findings(&doc, rc303(SNAPSHOT, &["idle", "new", "temp"]));
    assert_eq!(doc["summary"]["files_skipped"], 1);
    std::fs::write(
        dir.path().join("rollcall.yaml"),
        "exports:\n  columns:\n    email: [Work Email]\n    termination_date: [Last Day]\n  values:\n    Status: {GONE_FOR_GOOD: DEPROVISIONED}\n",
    )
    .unwrap();
    let doc = check(dir.path());
    let mut want = vec![
        f(
            "RC601",
            "error",
            &at.cm(),
            &contract_role("cm@acme.example"),
        ),
        f(
            "RC602",
            "warning",
            &at.sc(),
            &contract_role("sc@acme.example"),
        ),
        f(
            "RC603",
            "warning",
            &at.seat("AutoCAD", "seat"),
            &seat("AutoCAD", "seat@acme.example"),
        ),
    ];
    want.extend(rc303(SNAPSHOT, &["idle", "new", "temp"]));
    assert_findings(&doc, want);
    assert_eq!(doc["summary"]["files_read"], 3);
}

// ---------------------------------------------------------------------------------------------
// Several sources: the strictest state wins

#[test]
fn the_strictest_state_any_row_gives_wins() {
    // Entra: everyone enabled, but idle@ has a second, disabled row (by `mail`).
    let mut rows = members(&everyone_but("True", &[]));
    rows.push((
        "idle.old@acme.example".into(),
        "idle@acme.example".into(),
        "Member",
        "False",
    ));
    let rows: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|(u, m, t, e)| (u.as_str(), m.as_str(), *t, *e))
        .collect();
    let entra_csv = entra(true, "\r\n", &rows);
    // Okta: sa@ and seat@ suspended (absent), the rest active.
    let okta_csv = okta(&[
        ("cm@acme.example", "ACTIVE"),
        ("sc@acme.example", "ACTIVE"),
        ("pa@acme.example", "ACTIVE"),
        ("sa@acme.example", "SUSPENDED"),
        ("sso@acme.example", "DEPROVISIONED"),
        ("seat@acme.example", "SUSPENDED"),
        ("idle@acme.example", "ACTIVE"),
        ("new@acme.example", "ACTIVE"),
    ]);
    let hr = "email,employment_status,leave_date\n\
        cm@acme.example,terminated,\n\
        sc@acme.example,,2026-11-10\n\
        pa@acme.example,on leave,\n\
        sa@acme.example,,2026-11-10\n\
        sso@acme.example,,2026-11-10\n\
        seat@acme.example,terminated,\n";
    let dir = folder(&[
        ("account.yaml", SNAPSHOT),
        ("entra.csv", &entra_csv),
        ("okta.csv", &okta_csv),
        ("hr.csv", hr),
    ]);
    let at = At(SNAPSHOT);
    let mut want = vec![
        // left (HR) beats active (Entra, Okta).
        f(
            "RC601",
            "error",
            &at.cm(),
            &contract_role("cm@acme.example"),
        ),
        // leaving (HR) beats active.
        f(
            "RC602",
            "warning",
            &at.sc(),
            &contract_role("sc@acme.example"),
        ),
        // absent (HR) beats active.
        f("RC601", "error", &at.pa(), &team_role("pa@acme.example")),
        // absent (Okta) beats leaving (HR): RC601, no RC602.
        f("RC601", "error", &at.sa(), &team_role("sa@acme.example")),
        // left (Okta) beats leaving (HR): RC601, no RC602.
        f("RC601", "error", &at.sso(), &team_role("sso@acme.example")),
        // left (HR) beats absent (Okta): RC603.
        f(
            "RC603",
            "warning",
            &at.seat("AutoCAD", "seat"),
            &seat("AutoCAD", "seat@acme.example"),
        ),
        // left (a second Entra row) beats active (the first row, Okta).
        f(
            "RC604",
            "warning",
            &at.user("idle"),
            &user("idle@acme.example"),
        ),
    ];
    want.extend(rc303(SNAPSHOT, &["new", "temp"]));
    let doc = check(dir.path());
    assert_findings(&doc, want);
    assert_eq!(doc["summary"]["files_read"], 4);
}

// ---------------------------------------------------------------------------------------------
// What the RC6xx rules replace

#[test]
fn rc601_replaces_rc104_for_the_same_holder_and_role() {
    let text = with_status(
        SNAPSHOT,
        &[
            ("cm", "removed"),
            ("sc", "removed"),
            ("pa", "inactive"),
            ("sso", "removed"),
            ("seat", "inactive"),
        ],
    );
    let csv = entra_members(&[
        ("cm", "False"),
        ("sc", "True"),
        ("sa", "True"),
        ("sso", "True"),
        ("seat", "False"),
        ("idle", "True"),
        ("new", "True"),
    ]);
    let hr = "email,leave_date\nsc@acme.example,2026-11-10\n";
    let dir = folder(&[("account.yaml", &text), ("entra.csv", &csv), ("hr.csv", hr)]);
    let at = At(&text);
    let mut want = vec![
        // Gone: RC601 instead of RC104.
        f(
            "RC601",
            "error",
            &at.cm(),
            &contract_role("cm@acme.example"),
        ),
        // Leaving is not gone: RC104 stands beside RC602.
        f(
            "RC104",
            "warning",
            &at.sc(),
            &contract_role("sc@acme.example"),
        ),
        f(
            "RC602",
            "warning",
            &at.sc(),
            &contract_role("sc@acme.example"),
        ),
        // Not in the directory: RC601 instead of RC104.
        f("RC601", "error", &at.pa(), &team_role("pa@acme.example")),
        // Active in the directory: RC104 stands.
        f(
            "RC104",
            "warning",
            &at.sso(),
            &team_role("sso@acme.example"),
        ),
        // Left: RC603 instead of RC304.
        f(
            "RC603",
            "warning",
            &at.seat("AutoCAD", "seat"),
            &seat("AutoCAD", "seat@acme.example"),
        ),
    ];
    want.extend(rc303(&text, &["idle", "new", "temp"]));
    assert_findings(&check(dir.path()), want);
}

/// One holder with two roles: one RC601 per role, and no RC104 for either.
#[test]
fn rc601_once_per_holder_role_and_contract_or_team() {
    let text = with_status(SNAPSHOT, &[("cm", "removed")]).replace(
        "secondary_admins: [sa@acme.example]",
        "secondary_admins: [sa@acme.example, cm@acme.example]",
    );
    let csv = entra_members(&everyone_but("True", &["cm"]));
    let dir = folder(&[("account.yaml", &text), ("entra.csv", &csv)]);
    let at = At(&text);
    let mut want = vec![
        f(
            "RC601",
            "error",
            &at.cm(),
            &contract_role("cm@acme.example"),
        ),
        f(
            "RC601",
            "error",
            &pos(
                "account.yaml",
                &text,
                "secondary_admins:",
                "cm@acme.example",
            ),
            &team_role("cm@acme.example"),
        ),
    ];
    want.extend(rc303(&text, &["idle", "new", "temp"]));
    assert_findings(&check(dir.path()), want);
}

/// Seats with usage, a plan and a token pack.
const SEATS: &str = "\
account: Acme Engineering Ltd
users:
  - email: cm@acme.example
  - email: sc@acme.example
  - email: pa@acme.example
  - email: dormant@acme.example
    status: inactive
  - email: unused@acme.example
  - email: spare@acme.example
  - email: kept@acme.example
    status: inactive
  - email: both@acme.example
contracts:
  - number: \"110001234567\"
    team: Design
    contract_manager: cm@acme.example
    software_coordinators: [sc@acme.example]
    products:
      - name: AutoCAD
        seats: 4
        assigned:
          - user: dormant@acme.example
          - user: unused@acme.example
            assigned_on: 2026-06-01
            days_used: 0
          - user: spare@acme.example
            assigned_on: 2026-06-01
            days_used: 0
          - user: kept@acme.example
      - name: Revit
        seats: 1
        assigned: [both@acme.example]
      - name: Premium
        seats: 5
        assigned: [both@acme.example, dormant@acme.example]
      - name: Flex
        seats: 1
        assigned: [both@acme.example]
teams:
  - name: Design
    primary_admin: pa@acme.example
    secondary_admins: [sc@acme.example]
";

#[test]
fn rc603_replaces_rc304_and_rc306_and_ignores_plans_and_token_packs() {
    let at = At(SEATS);
    let dormant = f(
        "RC304",
        "warning",
        &at.seat("AutoCAD", "dormant"),
        &seat("AutoCAD", "dormant@acme.example"),
    );
    let unused = f(
        "RC306",
        "warning",
        &at.seat("AutoCAD", "unused"),
        &seat("AutoCAD", "unused@acme.example"),
    );
    let spare = f(
        "RC306",
        "warning",
        &at.seat("AutoCAD", "spare"),
        &seat("AutoCAD", "spare@acme.example"),
    );
    let kept = f(
        "RC304",
        "warning",
        &at.seat("AutoCAD", "kept"),
        &seat("AutoCAD", "kept@acme.example"),
    );
    // Without a directory: RC304 and RC306, none for the plan or the token pack.
    let dir = folder(&[("account.yaml", SEATS)]);
    assert_findings(
        &check(dir.path()),
        vec![dormant, unused, spare.clone(), kept.clone()],
    );

    // dormant@ and both@ disabled, unused@ in no row; spare@ and kept@ enabled.
    let csv = entra_members(&[
        ("cm", "True"),
        ("sc", "True"),
        ("pa", "True"),
        ("dormant", "False"),
        ("spare", "True"),
        ("kept", "True"),
        ("both", "False"),
    ]);
    std::fs::write(dir.path().join("entra.csv"), csv).unwrap();
    let want = vec![
        f(
            "RC603",
            "warning",
            &at.seat("AutoCAD", "dormant"),
            &seat("AutoCAD", "dormant@acme.example"),
        ),
        f(
            "RC603",
            "warning",
            &at.seat("AutoCAD", "unused"),
            &seat("AutoCAD", "unused@acme.example"),
        ),
        spare,
        kept,
        // both@'s Revit seat only: Premium is a plan and Flex a token pack. both@ holds a seat:
        // no RC604.
        f(
            "RC603",
            "warning",
            &at.seat("Revit", "both"),
            &seat("Revit", "both@acme.example"),
        ),
    ];
    assert_findings(&check(dir.path()), want);
}

/// Autodesk exports as shipped (subscriptions and users), with a plan and a token pack.
#[test]
fn rc603_and_rc604_on_autodesk_exports_with_a_plan_and_a_token_pack() {
    let subs = "subscription_id,contract_number,offering_name,seat_quantity,start_date,end_date,autorenew_date,term,subscription_status,reseller_name,reseller_email,team_alias,contract_manager_email\n\
        76100000001,110096000001,AutoCAD,2,2026-05-01,2027-04-30,2027-04-30,Annual,Active,,,Ops,lara.elm@elmstead.example\n\
        76100000002,110096000001,Premium,6,2026-05-01,2027-04-30,2027-04-30,Annual,Active,,,Ops,lara.elm@elmstead.example\n\
        76100000003,110096000001,Flex,500,2026-05-01,2027-04-30,,Annual,Active,,,Ops,lara.elm@elmstead.example\n";
    let users = "autodesk_id,email,first_name,last_name,role,offering_name,product_name,team_alias,account_status\n\
        D5QW8KT2ZP4L,lara.elm@elmstead.example,Lara,Elm,Primary Admin,AutoCAD,AutoCAD,Ops,Active\n\
        D5QW8KT2ZP4L,lara.elm@elmstead.example,Lara,Elm,Primary Admin,Premium,Premium,Ops,Active\n\
        E9LT3MV7QX2K,omar.haddad@elmstead.example,Omar,Haddad,User,AutoCAD,AutoCAD,Ops,Active\n\
        E9LT3MV7QX2K,omar.haddad@elmstead.example,Omar,Haddad,User,Premium,Premium,Ops,Active\n\
        F3XP6QW9LT2Z,pia.lund@elmstead.example,Pia,Lund,User,Premium,Premium,Ops,Active\n\
        G7KZ2TL5WQ8P,quinn.ashby@elmstead.example,Quinn,Ashby,User,Flex,Flex,Ops,Active\n";
    let dir = folder(&[("subscriptions.csv", subs), ("users.csv", users)]);
    let project = |doc: &Value| -> Vec<F> { found(doc) };
    let before = project(&check(dir.path()));
    // Everyone but lara disabled.
    let okta_csv = okta(&[
        ("lara.elm@elmstead.example", "ACTIVE"),
        ("omar.haddad@elmstead.example", "DEPROVISIONED"),
        ("pia.lund@elmstead.example", "DEPROVISIONED"),
        ("quinn.ashby@elmstead.example", "DEPROVISIONED"),
    ]);
    std::fs::write(dir.path().join("okta.csv"), okta_csv).unwrap();
    let after = project(&check(dir.path()));
    let rc6: Vec<&F> = after.iter().filter(|x| x.rule.starts_with("RC6")).collect();
    // omar's AutoCAD seat (users.csv line 4, the email value at column 14), not his Premium.
    assert!(
        rc6.iter().any(|x| x.rule == "RC603"
            && x.file == "users.csv"
            && x.line == 4
            && x.subject == "110096000001/-/AutoCAD/omar.haddad@elmstead.example"),
        "{after:#?}"
    );
    assert!(
        !rc6.iter()
            .any(|x| x.rule == "RC603"
                && (x.subject.contains("Premium") || x.subject.contains("Flex"))),
        "{after:#?}"
    );
    // pia holds only a plan: no seat, no role: RC604 (and no more RC303) at her address value.
    assert!(
        rc6.iter().any(|x| x.rule == "RC604"
            && x.file == "users.csv"
            && x.line == 6
            && x.column == 14
            && x.subject == "-/-/-/pia.lund@elmstead.example"),
        "{after:#?}"
    );
    assert!(
        !after
            .iter()
            .any(|x| x.rule == "RC303" && x.subject.contains("pia.lund")),
        "{after:#?}"
    );
    // Nothing else changes: every other finding is as before.
    let rest: Vec<&F> = after
        .iter()
        .filter(|x| !x.rule.starts_with("RC6"))
        .collect();
    let kept: Vec<&F> = before
        .iter()
        .filter(|x| !(x.rule == "RC303" && x.subject.contains("pia.lund")))
        .collect();
    assert_eq!(rest, kept);
}

#[test]
fn rc604_only_for_active_or_invited_users_holding_nothing_in_a_covered_domain() {
    // idle@ is inactive; old@ is removed; neither is in the directory. A row of
    // contractor.example makes that domain covered: temp@ is in no row of it.
    let text = with_status(SNAPSHOT, &[("idle", "inactive")]);
    let mut rows = members(&everyone_but("True", &["idle", "new"]));
    rows.push((
        "boss@contractor.example".into(),
        "boss@contractor.example".into(),
        "Member",
        "True",
    ));
    let rows: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|(u, m, t, e)| (u.as_str(), m.as_str(), *t, *e))
        .collect();
    let csv = entra(true, "\r\n", &rows);
    let dir = folder(&[("account.yaml", &text), ("entra.csv", &csv)]);
    let at = At(&text);
    let want = vec![
        // new@ is invited and in no row.
        f(
            "RC604",
            "warning",
            &at.user("new"),
            &user("new@acme.example"),
        ),
        f(
            "RC604",
            "warning",
            &at.user("temp"),
            &user("temp@contractor.example"),
        ),
    ];
    assert_findings(&check(dir.path()), want);
}

/// The account's CM (subscriptions export) and primary admin (users export) are gone: RC601 at
/// the CM value of the contract's first row and at the role value of the admin's first row.
#[test]
fn rc601_on_autodesk_exports_points_at_the_export_cells() {
    let subs = "subscription_id,contract_number,offering_name,seat_quantity,start_date,end_date,autorenew_date,term,subscription_status,reseller_name,reseller_email,team_alias,contract_manager_email\n\
        76100000001,110096000001,AutoCAD,2,2026-05-01,2027-04-30,2027-04-30,Annual,Active,,,Ops,lara.elm@elmstead.example\n";
    let users = "autodesk_id,email,first_name,last_name,role,offering_name,product_name,team_alias,account_status\n\
        D5QW8KT2ZP4L,lara.elm@elmstead.example,Lara,Elm,Primary Admin,AutoCAD,AutoCAD,Ops,Active\n\
        E9LT3MV7QX2K,omar.haddad@elmstead.example,Omar,Haddad,User,AutoCAD,AutoCAD,Ops,Active\n";
    let dir = folder(&[("subscriptions.csv", subs), ("users.csv", users)]);
    let before = found(&check(dir.path()));
    let google_csv = google(&[
        ("lara.elm@elmstead.example", "Suspended"),
        ("omar.haddad@elmstead.example", "Active"),
    ]);
    std::fs::write(dir.path().join("google.csv"), google_csv).unwrap();
    let after = found(&check(dir.path()));
    let rc6: Vec<String> = after
        .iter()
        .filter(|x| x.rule.starts_with("RC6"))
        .map(show)
        .collect();
    let cm = pos(
        "subscriptions.csv",
        subs,
        "76100000001",
        "lara.elm@elmstead.example",
    );
    let admin = pos("users.csv", users, "D5QW8KT2ZP4L", "Primary Admin");
    assert_eq!(
        rc6,
        [
            format!(
                "RC601 error subscriptions.csv:{}:{} 110096000001/-/-/lara.elm@elmstead.example",
                cm.1, cm.2
            ),
            format!(
                "RC601 error users.csv:{}:{} -/Ops/-/lara.elm@elmstead.example",
                admin.1, admin.2
            ),
        ]
    );
    // Nothing else changes (an absent holder's seat is no leaver's).
    let rest: Vec<&F> = after
        .iter()
        .filter(|x| !x.rule.starts_with("RC6"))
        .collect();
    assert_eq!(rest, before.iter().collect::<Vec<_>>());
}

/// Two contracts with the same CM and SC, and a holder with a seat on each: RC601 once per holder,
/// role and contract, RC603 once per seat.
#[test]
fn one_rc601_per_contract_and_one_rc603_per_seat() {
    let text = SNAPSHOT.replace(
        "teams:\n",
        "  - number: \"110009999999\"\n    team: Design\n    contract_manager: cm@acme.example\n    software_coordinators: [sc@acme.example]\n    products:\n      - name: Revit\n        seats: 1\n        assigned: [seat@acme.example]\nteams:\n",
    );
    let csv = entra_members(&everyone_but("True", &["cm", "seat"]));
    let dir = folder(&[("account.yaml", &text), ("entra.csv", &csv)]);
    let at = At(&text);
    let second_cm = pos("account.yaml", &text, "110009999999", "cm@acme.example");
    let mut want = vec![
        f(
            "RC601",
            "error",
            &at.cm(),
            &contract_role("cm@acme.example"),
        ),
        f(
            "RC601",
            "error",
            &second_cm,
            "110009999999/-/-/cm@acme.example",
        ),
        f(
            "RC603",
            "warning",
            &at.seat("AutoCAD", "seat"),
            &seat("AutoCAD", "seat@acme.example"),
        ),
        f(
            "RC603",
            "warning",
            &at.seat("Revit", "seat"),
            "110009999999/-/Revit/seat@acme.example",
        ),
    ];
    want.extend(rc303(&text, &["idle", "new", "temp"]));
    assert_findings(&check(dir.path()), want);
}

/// "An account's address (lower-case)": addresses the account writes in capitals match, and
/// the subject names them lower-case.
#[test]
fn account_addresses_in_capitals_match_and_are_reported_lower_case() {
    let text = SNAPSHOT
        .replace("- email: seat@acme.example", "- email: Seat@ACME.example")
        .replace("[seat@acme.example,", "[Seat@ACME.example,")
        .replace("- email: idle@acme.example", "- email: IDLE@Acme.Example");
    let csv = entra_members(&[
        ("cm", "True"),
        ("sc", "True"),
        ("pa", "True"),
        ("sa", "True"),
        ("sso", "True"),
        ("seat", "False"),
        ("idle", "False"),
        ("new", "True"),
    ]);
    let dir = folder(&[("account.yaml", &text), ("entra.csv", &csv)]);
    let mut want = vec![
        f(
            "RC603",
            "warning",
            &pos(
                "account.yaml",
                &text,
                "- name: AutoCAD",
                "Seat@ACME.example",
            ),
            &seat("AutoCAD", "seat@acme.example"),
        ),
        f(
            "RC604",
            "warning",
            &pos("account.yaml", &text, "- email: IDLE@", "IDLE@"),
            &user("idle@acme.example"),
        ),
    ];
    want.extend(rc303(&text, &["new", "temp"]));
    assert_findings(&check(dir.path()), want);
}

/// A malformed directory is a located error (file, line, column), exit status 2, and the other
/// customers of the portfolio are still audited.
#[test]
fn a_malformed_directory_is_a_located_error() {
    let root = tempfile::tempdir().unwrap();
    let cases = [
        (
            "a-hr",
            "hr.csv",
            "email,termination_date\ncm@acme.example,2026-10-01\nsc@acme.example,next friday\n"
                .to_owned(),
            (3, 17),
        ),
        (
            "b-okta",
            "okta.csv",
            format!(
                "{OKTA_HEADER}\n00u1,cm@acme.example,a,b,ACTIVE,,,\n00u2,sc@acme.example,a,b\n"
            ),
            (3, 1),
        ),
    ];
    for (name, file, text, _) in &cases {
        let d = root.path().join(name);
        std::fs::create_dir(&d).unwrap();
        std::fs::write(d.join("account.yaml"), SNAPSHOT).unwrap();
        std::fs::write(d.join(file), text).unwrap();
    }
    let good = root.path().join("c-good");
    std::fs::create_dir(&good).unwrap();
    std::fs::write(good.join("account.yaml"), SNAPSHOT).unwrap();
    let r = root.path().to_string_lossy().into_owned();
    let out = run_raw(&["check", "--format", "json", "--as-of", TODAY, &r]);
    assert_eq!(out.status.code(), Some(2));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<(String, u64, u64)> = doc["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["file"]
                    .as_str()
                    .unwrap()
                    .rsplit(['/', '\\'])
                    .next()
                    .unwrap()
                    .to_owned(),
                e["line"].as_u64().unwrap(),
                e["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let want: Vec<(String, u64, u64)> = cases
        .iter()
        .map(|(_, file, _, (l, c))| ((*file).to_owned(), *l, *c))
        .collect();
    assert_eq!(errors, want);
    assert_eq!(doc["summary"]["files_failed"], 2);
    let good_findings: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["location"]["file"].as_str().unwrap().contains("c-good"))
        .map(|x| format!("{} {}", x["rule"], x["subject"]["user"]))
        .collect();
    assert_eq!(
        good_findings,
        [
            "\"RC303\" \"idle@acme.example\"",
            "\"RC303\" \"new@acme.example\"",
            "\"RC303\" \"temp@contractor.example\"",
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Output

#[test]
fn json_subject_severity_and_name_of_each_rule() {
    let hr = "email,employment_status,leave_date\n\
        cm@acme.example,terminated,\n\
        sa@acme.example,,2026-11-15\n\
        seat@acme.example,terminated,\n";
    let csv = entra_members(&everyone_but("True", &["idle"]));
    let dir = folder(&[
        ("account.yaml", SNAPSHOT),
        ("entra.csv", &csv),
        ("hr.csv", hr),
    ]);
    let doc = check(dir.path());
    let by_rule = |rule: &str| -> Vec<Value> {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["rule"] == rule)
            .cloned()
            .collect()
    };
    let one = |rule: &str| -> Value {
        let all = by_rule(rule);
        assert_eq!(all.len(), 1, "{rule}: {doc:#}");
        all[0].clone()
    };
    let rc601 = one("RC601");
    assert_eq!(rc601["name"], "role-holder-gone");
    assert_eq!(rc601["severity"], "error");
    assert_eq!(rc601["account"], "Acme Engineering Ltd");
    assert_eq!(
        rc601["subject"],
        json!({"contract": CONTRACT, "team": null, "product": null, "user": "cm@acme.example"})
    );
    let rc602 = one("RC602");
    assert_eq!(rc602["name"], "role-holder-leaving");
    assert_eq!(rc602["severity"], "warning");
    assert_eq!(
        rc602["subject"],
        json!({"contract": null, "team": "Design", "product": null, "user": "sa@acme.example"})
    );
    let rc603 = one("RC603");
    assert_eq!(rc603["name"], "seat-held-by-leaver");
    assert_eq!(rc603["severity"], "warning");
    assert_eq!(
        rc603["subject"],
        json!({"contract": CONTRACT, "team": null, "product": "AutoCAD", "user": "seat@acme.example"})
    );
    let rc604 = one("RC604");
    assert_eq!(rc604["name"], "departed-user");
    assert_eq!(rc604["severity"], "warning");
    assert_eq!(
        rc604["subject"],
        json!({"contract": null, "team": null, "product": null, "user": "idle@acme.example"})
    );
    // Each points at the Autodesk value (account.yaml), not at the directory row.
    for x in [&rc601, &rc602, &rc603, &rc604] {
        assert!(
            x["location"]["file"]
                .as_str()
                .unwrap()
                .ends_with("account.yaml"),
            "{x}"
        );
    }
    let s = &doc["summary"];
    assert_eq!(
        (
            s["files_read"].as_u64(),
            s["errors"].as_u64(),
            s["warnings"].as_u64()
        ),
        // RC601; RC602, RC603, RC604, RC303 new@ and temp@.
        (Some(3), Some(1), Some(5)),
        "{doc:#}"
    );
}

#[test]
fn output_is_byte_identical_across_runs() {
    let hr = "email,leave_date\nsc@acme.example,2026-11-10\n";
    let csv = entra_members(&everyone_but("False", &["idle"]));
    let dir = folder(&[
        ("account.yaml", SNAPSHOT),
        ("entra.csv", &csv),
        ("hr.csv", hr),
    ]);
    let d = dir.path().to_string_lossy().into_owned();
    let args = ["check", "--format", "json", "--as-of", TODAY, &d];
    let first = run_raw(&args);
    // RC601 is an error: exit status 1 with the default --fail-on.
    assert_eq!(first.status.code(), Some(1));
    for _ in 0..2 {
        assert_eq!(run_raw(&args).stdout, first.stdout);
    }
    let human = ["check", "--as-of", TODAY, &d];
    assert_eq!(run_raw(&human).stdout, run_raw(&human).stdout);
}

/// A portfolio of customers with directories: the same output with one thread and with four.
#[test]
fn output_is_byte_identical_across_thread_counts() {
    let root = tempfile::tempdir().unwrap();
    for (i, name) in ["acme", "beta", "gamma", "delta", "epsilon"]
        .iter()
        .enumerate()
    {
        let d = root.path().join(name);
        std::fs::create_dir(&d).unwrap();
        std::fs::write(d.join("account.yaml"), SNAPSHOT).unwrap();
        let who = everyone_but(
            if i % 2 == 0 { "False" } else { "True" },
            &[["idle", "sc", "seat"][i % 3]],
        );
        std::fs::write(d.join("entra.csv"), entra_members(&who)).unwrap();
        std::fs::write(
            d.join("hr.csv"),
            format!("email,leave_date\npa@acme.example,2026-11-{:02}\n", 2 + i),
        )
        .unwrap();
    }
    let r = root.path().to_string_lossy().into_owned();
    for format in ["json", "human"] {
        let one = run_raw(&[
            "check", "--format", format, "--as-of", TODAY, "--jobs", "1", &r,
        ]);
        let four = run_raw(&[
            "check", "--format", format, "--as-of", TODAY, "--jobs", "4", &r,
        ]);
        assert!(!one.stdout.is_empty());
        assert_eq!(
            String::from_utf8_lossy(&one.stdout),
            String::from_utf8_lossy(&four.stdout),
            "{format}"
        );
    }
}
