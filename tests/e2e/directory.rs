//! Directory exports end to end (spec `directory.md`, rule catalog "Directory (RC6xx)"): a
//! customer folder holding an identity provider's or HR's export beside its Autodesk inputs
//! gives exactly the directory findings (RC601 to RC604) the spec names, each at the role, seat or user value with
//! the directory row as a second label; without one, nothing changes.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn rollcall(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("rollcall")
        .unwrap()
        .args(args)
        .output()
        .unwrap()
}

fn json(args: &[&str]) -> Value {
    let mut all = vec!["check", "--format", "json", "--fail-on", "never"];
    all.extend_from_slice(args);
    let out = rollcall(&all);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// A customer folder in a temporary directory, with the given files.
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// `RULE LINE user` for each finding, in output order.
fn findings(doc: &Value) -> Vec<String> {
    assert_eq!(doc["errors"], Value::Array(vec![]), "{doc}");
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {} {}",
                f["rule"].as_str().unwrap(),
                f["location"]["line"],
                f["subject"]["user"].as_str().unwrap_or("-")
            )
        })
        .collect()
}

fn path(dir: &tempfile::TempDir) -> String {
    dir.path().to_string_lossy().into_owned()
}

const ENTRA_HEADER: &str = "userPrincipalName,displayName,surname,mail,givenName,objectId,userType,jobTitle,department,accountEnabled,usageLocation,streetAddress,state,country,officeLocation,city,postalCode,telephoneNumber,mobilePhone,alternateEmailAddress,ageGroup,consentProvidedForMinor,legalAgeGroupClassification,companyName,creationType,directorySynced,invitationState,identityIssuer,createdDateTime";

fn entra_row(upn: &str, name: &str, mail: &str, guest: bool, enabled: bool) -> String {
    let (first, last) = name.split_once(' ').unwrap();
    format!(
        "{upn},{name},{last},{mail},{first},0b7c{last},{},Surveyor,Design,{},GB,,,United Kingdom,,Bristol,,,+44 7700 900{},,,,,,{},True,{},{},2023-01-09T10:11:12Z",
        if guest { "Guest" } else { "Member" },
        if enabled { "True" } else { "False" },
        name.len(),
        if guest { "Invitation" } else { "" },
        if guest { "Accepted" } else { "" },
        if guest { "ExternalAzureAD" } else { "" },
    )
}

const SNAPSHOT: &str = "\
account: Acme Engineering Ltd
as_of: 2026-11-01
users:
  - email: cm@acme.example
    status: removed
  - email: sc@acme.example
  - email: admin@acme.example
  - email: seat@acme.example
    status: inactive
  - email: ghost@acme.example
  - email: gone@acme.example
  - email: partner@partner.example
contracts:
  - number: \"110001234567\"
    team: Design
    contract_manager: cm@acme.example
    software_coordinators: [sc@acme.example]
    products:
      - name: AutoCAD
        seats: 3
        assigned: [seat@acme.example, admin@acme.example, partner@partner.example]
teams:
  - name: Design
    primary_admin: admin@acme.example
    secondary_admins: [sc@acme.example]
    sso_admins: [partner@partner.example]
";

/// Line numbers of the values of [`SNAPSHOT`].
const CM: u64 = 16;
const SC: u64 = 17;
const SEAT: u64 = 21;
const ADMIN: u64 = 24;
const SC_TEAM: u64 = 25;
const GHOST: u64 = 10;
const GONE: u64 = 11;

#[test]
fn entra_download_users_gives_the_spec_findings() {
    let mut csv = format!("version:v1.0\r\n{ENTRA_HEADER}\r\n");
    for (upn, name, mail, guest, enabled) in [
        // The CM is disabled (and `removed` in Autodesk: RC104 yields to RC601).
        (
            "cm@acme.example",
            "Carl Mann",
            "cm@acme.example",
            false,
            false,
        ),
        // Matched by `mail`: the UPN differs.
        (
            "s.cole@acme.example",
            "Sam Cole",
            "sc@acme.example",
            false,
            true,
        ),
        ("admin@acme.example", "Ada Min", "", false, true),
        // The seat holder is disabled and `inactive` in Autodesk: RC304 yields to RC603.
        (
            "seat@acme.example",
            "Sue Eaton",
            "seat@acme.example",
            false,
            false,
        ),
        (
            "gone@acme.example",
            "Gus One",
            "gone@acme.example",
            false,
            false,
        ),
        // A guest matches by `mail` only, never by UPN.
        (
            "partner_partner.example#EXT#@acme.onmicrosoft.example",
            "Pat Partner",
            "partner@partner.example",
            true,
            true,
        ),
    ] {
        csv.push_str(&entra_row(upn, name, mail, guest, enabled));
        csv.push_str("\r\n");
    }
    let dir = folder(&[
        ("account.yaml", SNAPSHOT),
        ("entra-users.csv", &format!("\u{feff}{csv}")),
    ]);
    let doc = json(&[&path(&dir)]);
    assert_eq!(
        findings(&doc),
        [
            // ghost@ is in no row of a directory that covers acme.example: RC604 (no RC303).
            format!("RC604 {GHOST} ghost@acme.example"),
            // gone@ is disabled and holds nothing: RC604 too.
            format!("RC604 {GONE} gone@acme.example"),
            format!("RC601 {CM} cm@acme.example"),
            format!("RC603 {SEAT} seat@acme.example"),
        ]
    );
    assert_eq!(doc["summary"]["files_read"], 2);
    let files = &doc["accounts"][0]["files"];
    assert!(files.to_string().contains("entra-users.csv"), "{files}");
}

#[test]
fn microsoft_365_export_users_with_semicolons_and_proxy_addresses() {
    let header = "Block credential;City;Country/Region;Department;DirSyncEnabled;Display name;Fax;First name;Last dirsync time;Last name;Last password change time stamp;License assignment detail;Licenses;Mobile Phone;Oath token meta data;Object Id;Office;Password never expires;Phone number;Postal code;Preferred data location;Preferred language;Proxy addresses;Release track;Soft deletion time stamp;State;Street address;Strong password required;Title;Usage location;User principal name;When created";
    let row = |blocked: &str, proxies: &str, deleted: &str, upn: &str| {
        format!("{blocked};München;Germany;Planung;;Name;;Vor;;Nach;;;Microsoft 365 E3;;;4f1d;;False;;;;de-DE;{proxies};;{deleted};;;True;Ingenieur;DE;{upn};2/11/2020 9:41:07 AM\r\n")
    };
    let csv = format!(
        "{header}\r\n{}{}{}{}{}",
        // The CM by a proxy address, blocked.
        row(
            "True",
            "SMTP:carl.mann@acme.example+smtp:cm@acme.example",
            "",
            "carl.mann@acme.example"
        ),
        // The SC soft-deleted: left on that day.
        row(
            "False",
            "SMTP:sc@acme.example",
            "9/30/2026 4:02:11 PM",
            "sc@acme.example"
        ),
        row(
            "False",
            "SMTP:admin@acme.example+SIP:admin@acme.example",
            "",
            "admin@acme.example"
        ),
        row("False", "SMTP:seat@acme.example", "", "seat@acme.example"),
        row("False", "", "", "ghost@acme.example"),
    );
    let dir = folder(&[("account.yaml", SNAPSHOT), ("export-users.csv", &csv)]);
    assert_eq!(
        findings(&json(&[&path(&dir)])),
        [
            // ghost@ is active in the directory and holds nothing: RC303 as before; gone@ is
            // in no row.
            format!("RC303 {GHOST} ghost@acme.example"),
            format!("RC604 {GONE} gone@acme.example"),
            format!("RC601 {CM} cm@acme.example"),
            format!("RC601 {SC} sc@acme.example"),
            // seat@ is active in the directory: RC304 keeps its seat.
            format!("RC304 {SEAT} seat@acme.example"),
            format!("RC601 {SC_TEAM} sc@acme.example"),
        ]
    );
}

#[test]
fn okta_password_health_report() {
    let csv = "User ID,Login,First Name,Last Name,Status,Last Login,Password Changed,Created\n\
        00u1,cm@acme.example,Carl,Mann,ACTIVE,2026-10-30T08:00:00.000Z,,\n\
        00u2,sc@acme.example,Sam,Cole,ACTIVE,,,\n\
        00u3,admin@acme.example,Ada,Min,SUSPENDED,2026-08-01T08:00:00.000Z,,\n\
        00u4,seat@acme.example,Sue,Eaton,DEPROVISIONED,,,\n\
        00u5,ghost@acme.example,Gil,Host,PASSWORD_EXPIRED,,,\n\
        00u6,gone@acme.example,Gus,One,LOCKED_OUT,,,\n\
        00u7,svc-autodesk,Service,Account,ACTIVE,,,\n";
    let dir = folder(&[("account.yaml", SNAPSHOT), ("okta.csv", csv)]);
    assert_eq!(
        findings(&json(&[&path(&dir)])),
        [
            // Every other Okta status is active: RC303 as before.
            format!("RC303 {GHOST} ghost@acme.example"),
            format!("RC303 {GONE} gone@acme.example"),
            // cm@ is active in Okta: RC104 keeps its finding.
            format!("RC104 {CM} cm@acme.example"),
            // A suspended admin is absent: RC601, but their seat is not a leaver's.
            format!("RC603 {SEAT} seat@acme.example"),
            format!("RC601 {ADMIN} admin@acme.example"),
        ]
    );
}

#[test]
fn google_workspace_download_users() {
    let header = "First Name [Required],Last Name [Required],Email Address [Required],Password [Required],Password Hash Function [UPLOAD ONLY],Org Unit Path [Required],New Primary Email [UPLOAD ONLY],Recovery Email,Home Secondary Email,Work Secondary Email,Recovery Phone [MUST BE IN THE E.164 FORMAT],Work Phone,Home Phone,Mobile Phone,Work Address,Home Address,Employee ID,Employee Type,Employee Title,Manager Email,Department,Cost Center,Building ID,Floor Name,Floor Section,Change Password at Next Sign-In,New Status [UPLOAD ONLY],New Licenses [UPLOAD ONLY],Licenses [READ ONLY],Status [READ ONLY],Last Sign In [READ ONLY],Email Usage [READ ONLY],2sv Enrolled [READ ONLY],2sv Enforced [READ ONLY],Advanced Protection Program enrollment";
    let row = |email: &str, status: &str| {
        // The manager and recovery columns name other people: never matched.
        format!("Fn,Ln,{email},****,,/,,ghost@acme.example,,,,,,,,,,,Engineer,gone@acme.example,Design,,,,,False,,,Google Workspace Business Standard,{status},2026/10/30 08:14:51,1.2GB,True,False,False\n")
    };
    let csv = format!(
        "{header}\n{}{}{}{}",
        row("cm@acme.example", "Suspended"),
        row("sc@acme.example", "Active"),
        row("admin@acme.example", "Active"),
        row("seat@acme.example", "Archived"),
    );
    let dir = folder(&[("account.yaml", SNAPSHOT), ("users.csv", &csv)]);
    assert_eq!(
        findings(&json(&[&path(&dir)])),
        [
            format!("RC604 {GHOST} ghost@acme.example"),
            format!("RC604 {GONE} gone@acme.example"),
            format!("RC601 {CM} cm@acme.example"),
            format!("RC603 {SEAT} seat@acme.example"),
        ]
    );
}

#[test]
fn hr_leavers_file_judges_only_whom_it_lists_and_follows_handover_days() {
    // No `as_of`: "today" is --as-of. The HR file covers no domain.
    let snapshot = SNAPSHOT.replace("as_of: 2026-11-01\n", "");
    let csv = "Employee ID,Email,Employment Status,Termination Date,Leave Date\n\
        1,cm@acme.example,Active,2026-11-21,\n\
        2,admin@acme.example,On Leave,,\n\
        3,gone@acme.example,Terminated,,\n\
        4,seat@acme.example,,,10/15/2026\n";
    let dir = folder(&[("account.yaml", &snapshot), ("leavers.csv", csv)]);
    let p = path(&dir);
    // One line less than SNAPSHOT above every value.
    let (cm, seat, admin) = (CM - 1, SEAT - 1, ADMIN - 1);
    assert_eq!(
        findings(&json(&[&p, "--as-of", "2026-11-01"])),
        [
            // An HR file covers no domain: gone@ (terminated) stays RC303's, not RC604's.
            format!("RC303 {} ghost@acme.example", GHOST - 1),
            format!("RC303 {} gone@acme.example", GONE - 1),
            // cm@ leaves in 20 days: RC602 at the CM value (RC104 still fires: not gone yet).
            format!("RC104 {cm} cm@acme.example"),
            format!("RC602 {cm} cm@acme.example"),
            format!("RC603 {seat} seat@acme.example"),
            format!("RC601 {admin} admin@acme.example"),
        ]
    );
    // On the leaving day, the CM has left: RC601 replaces RC602 and RC104.
    let later = findings(&json(&[&p, "--as-of", "2026-11-21"]));
    assert!(
        later.contains(&format!("RC601 {cm} cm@acme.example")),
        "{later:?}"
    );
    assert!(!later
        .iter()
        .any(|f| f.starts_with("RC104") || f.starts_with("RC602")));
    // handover_days 10: 20 days ahead is not yet time to hand over.
    std::fs::write(
        dir.path().join("rollcall.yaml"),
        "options:\n  handover_days: 10\n",
    )
    .unwrap();
    let config = dir.path().join("rollcall.yaml");
    let shorter = findings(&json(&[
        &p,
        "--as-of",
        "2026-11-01",
        "--config",
        &config.to_string_lossy(),
    ]));
    assert!(
        !shorter.iter().any(|f| f.starts_with("RC602")),
        "{shorter:?}"
    );
}

#[test]
fn a_directory_absent_changes_nothing() {
    let dir = folder(&[("account.yaml", SNAPSHOT)]);
    assert_eq!(
        findings(&json(&[&path(&dir)])),
        [
            format!("RC303 {GHOST} ghost@acme.example"),
            format!("RC303 {GONE} gone@acme.example"),
            format!("RC104 {CM} cm@acme.example"),
            format!("RC304 {SEAT} seat@acme.example"),
        ]
    );
}

#[test]
fn directory_sheets_of_a_workbook_are_read_like_csv_files() {
    let doc = json(&["fixtures/directory/kestrel-survey"]);
    assert_eq!(
        findings(&doc),
        [
            "RC601 18 hugo.marsh@kestrel.example",
            "RC603 24 hugo.marsh@kestrel.example",
            "RC602 31 jon.reed@kestrel.example",
        ]
    );
    // SARIF names the directory row as a related location: `Entra users`!J2 and `Leavers`!C5.
    let out = rollcall(&[
        "check",
        "fixtures/directory/kestrel-survey",
        "--format",
        "sarif",
        "--fail-on",
        "never",
    ]);
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let related: Vec<(String, u64, u64)> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let loc = &r["relatedLocations"][0]["physicalLocation"];
            (
                loc["artifactLocation"]["uri"].as_str().unwrap().to_owned(),
                loc["region"]["startLine"].as_u64().unwrap(),
                loc["region"]["startColumn"].as_u64().unwrap(),
            )
        })
        .collect();
    let xlsx = "fixtures/directory/kestrel-survey/directory.xlsx".to_owned();
    assert_eq!(
        related,
        [(xlsx.clone(), 2, 10), (xlsx.clone(), 2, 10), (xlsx, 5, 3)]
    );
}

#[test]
fn a_malformed_directory_is_a_located_error_and_the_rest_is_audited() {
    let portfolio = tempfile::tempdir().unwrap();
    let bad = portfolio.path().join("acme");
    std::fs::create_dir(&bad).unwrap();
    std::fs::write(bad.join("account.yaml"), SNAPSHOT).unwrap();
    std::fs::write(
        bad.join("entra.csv"),
        "userPrincipalName,accountEnabled\ncm@acme.example,maybe\nsc@acme.example\n",
    )
    .unwrap();
    let good = portfolio.path().join("other");
    std::fs::create_dir(&good).unwrap();
    std::fs::write(good.join("account.yaml"), SNAPSHOT).unwrap();
    let doc = json(&[&portfolio.path().to_string_lossy()]);
    let errors: Vec<(u64, u64)> = doc["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert!(
                e["file"].as_str().unwrap().ends_with("acme/entra.csv"),
                "{e}"
            );
            (e["line"].as_u64().unwrap(), e["column"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(errors, [(2, 17), (3, 1)]);
    let audited: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["location"]["file"].as_str().unwrap())
        .collect();
    assert!(audited.iter().any(|f| f.contains("other")), "{audited:?}");
}

#[test]
fn only_used_directory_columns_are_printed_and_redact_covers_them() {
    let csv = format!(
        "version:v1.0\n{ENTRA_HEADER}\n{}\n{}\n",
        entra_row(
            "cm@acme.example",
            "Carl Mann",
            "cm@acme.example",
            false,
            false
        ),
        entra_row(
            "partner_partner.example#EXT#@acme.onmicrosoft.example",
            "Pat Partner",
            "partner@partner.example",
            true,
            true
        ),
    );
    let dir = folder(&[("account.yaml", SNAPSHOT), ("entra-users.csv", &csv)]);
    let p = path(&dir);
    let human = String::from_utf8(rollcall(&["check", &p, "--fail-on", "never"]).stdout).unwrap();
    assert!(human.contains("entra-users.csv:3:"), "{human}");
    for private in [
        "Carl Mann",
        "Mann",
        "Bristol",
        "+44 7700",
        "Surveyor",
        "0b7c",
    ] {
        assert!(!human.contains(private), "`{private}` printed:\n{human}");
    }
    let redacted =
        String::from_utf8(rollcall(&["check", &p, "--fail-on", "never", "--redact"]).stdout)
            .unwrap();
    for private in ["cm@acme.example", "partner_partner", "Pat Partner", "Carl"] {
        assert!(
            !redacted.contains(private),
            "`{private}` printed:\n{redacted}"
        );
    }
    assert!(redacted.contains("@acme.example"));
}

#[test]
fn profiles_compliance_and_reseller_health_run_the_directory_rules() {
    let csv = format!(
        "{ENTRA_HEADER}\n{}\n",
        entra_row(
            "cm@acme.example",
            "Carl Mann",
            "cm@acme.example",
            false,
            false
        )
    );
    for profile in ["compliance", "reseller-health"] {
        let dir = folder(&[
            ("account.yaml", SNAPSHOT),
            ("entra-users.csv", &csv),
            ("rollcall.yaml", &format!("extends: {profile}\n")),
        ]);
        let config = dir.path().join("rollcall.yaml");
        let found = findings(&json(&[&path(&dir), "--config", &config.to_string_lossy()]));
        for rule in ["RC601", "RC603", "RC604"] {
            assert!(
                found.iter().any(|f| f.starts_with(rule)),
                "{profile}: {found:?}"
            );
        }
    }
}

#[test]
fn leavers_seats_count_in_the_savings_like_dormant_ones() {
    let csv = format!(
        "{ENTRA_HEADER}\n{}\n{}\n",
        entra_row(
            "seat@acme.example",
            "Sue Eaton",
            "seat@acme.example",
            false,
            false
        ),
        entra_row("admin@acme.example", "Ada Min", "", false, true)
    );
    let dir = folder(&[
        ("account.yaml", SNAPSHOT),
        ("entra-users.csv", &csv),
        (
            "rollcall.yaml",
            "prices:\n  currency: EUR\n  per_seat_year:\n    AutoCAD: 2000\n",
        ),
    ]);
    let config = dir.path().join("rollcall.yaml");
    let doc = json(&[&path(&dir), "--config", &config.to_string_lossy()]);
    let rc603: Vec<&Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "RC603")
        .collect();
    assert_eq!(rc603.len(), 1);
    assert!(rc603[0].to_string().contains("2000"), "{}", rc603[0]);
}

#[test]
fn convert_says_a_snapshot_carries_no_directory() {
    let csv = format!(
        "{ENTRA_HEADER}\n{}\n",
        entra_row(
            "cm@acme.example",
            "Carl Mann",
            "cm@acme.example",
            false,
            false
        )
    );
    let dir = folder(&[("account.yaml", SNAPSHOT), ("entra-users.csv", &csv)]);
    let out = rollcall(&["convert", &path(&dir)]);
    let text = String::from_utf8(out.stdout).unwrap();
    let head: Vec<&str> = text.lines().take(2).collect();
    assert!(!head[0].contains("entra-users.csv"), "{text}");
    assert!(
        head[1].starts_with("# A snapshot carries no directory")
            && head[1].contains("entra-users.csv"),
        "{text}"
    );
    let plain = folder(&[("account.yaml", SNAPSHOT)]);
    let text = String::from_utf8(rollcall(&["convert", &path(&plain)]).stdout).unwrap();
    assert!(!text.contains("directory"), "{text}");
}

#[test]
fn explain_and_rules_know_the_directory_rules() {
    for code in ["RC601", "RC602", "RC603", "RC604"] {
        let out = rollcall(&["explain", code]);
        assert!(out.status.success());
        assert!(String::from_utf8_lossy(&out.stdout).contains("### What it does"));
    }
    let out = rollcall(&["rules", "--format", "json"]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["options"]["handover_days"], 30);
    let groups: Vec<&str> = doc["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["code"].as_str().unwrap().starts_with("RC6"))
        .map(|r| r["group"].as_str().unwrap())
        .collect();
    assert_eq!(groups, ["directory"; 4]);
    assert!(Path::new("schemas/config.schema.json").exists());
    let schema = std::fs::read_to_string("schemas/config.schema.json").unwrap();
    assert!(schema.contains("\"handover_days\""));
}

#[test]
fn directory_rules_are_selected_configured_and_waived_like_any_rule() {
    let csv = format!(
        "{ENTRA_HEADER}\n{}\n{}\n",
        entra_row(
            "cm@acme.example",
            "Carl Mann",
            "cm@acme.example",
            false,
            false
        ),
        entra_row(
            "seat@acme.example",
            "Sue Eaton",
            "seat@acme.example",
            false,
            false
        )
    );
    let dir = folder(&[("account.yaml", SNAPSHOT), ("entra-users.csv", &csv)]);
    let p = path(&dir);
    let rules = |doc: &Value| -> Vec<String> {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{} {}",
                    f["rule"].as_str().unwrap(),
                    f["severity"].as_str().unwrap()
                )
            })
            .collect()
    };
    // The group by name, and a severity by rule name.
    let doc = json(&[
        &p,
        "--select",
        "directory",
        "--severity",
        "seat-held-by-leaver=error",
    ]);
    // Only two rows: sc@ and admin@ are in no row of the covered domain either.
    assert_eq!(
        rules(&doc),
        [
            "RC604 warning",
            "RC604 warning",
            "RC601 error",
            "RC601 error",
            "RC603 error",
            "RC603 error",
            "RC601 error",
            "RC601 error",
        ]
    );
    // Ignoring the directory rules does not bring back what they replace (RC104, RC304,
    // RC303): their triggers still hold.
    let doc = json(&[&p, "--ignore", "directory"]);
    assert_eq!(findings(&doc), Vec::<String>::new());
    assert_eq!(doc["summary"]["accounts"], 1);
    // A waiver by name and user.
    std::fs::write(
        dir.path().join("rollcall.yaml"),
        "waivers:\n  - rule: role-holder-gone\n    user: cm@acme.example\n    reason: successor named on 2026-11-02\n",
    )
    .unwrap();
    let doc = json(&[&p]);
    assert_eq!(doc["summary"]["waived"], 1);
    // A baseline written now marks nothing new on the next run.
    let baseline = dir.path().join("baseline.json");
    let out = rollcall(&[
        "check",
        &p,
        "--fail-on",
        "never",
        "--write-baseline",
        &baseline.to_string_lossy(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = json(&[&p, "--baseline", &baseline.to_string_lossy()]);
    assert!(
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["baseline"] != "new"),
        "{doc}"
    );
}

#[test]
fn a_directory_export_alone_is_no_account() {
    let csv = format!(
        "{ENTRA_HEADER}\n{}\n",
        entra_row(
            "cm@acme.example",
            "Carl Mann",
            "cm@acme.example",
            false,
            false
        )
    );
    let dir = folder(&[("entra-users.csv", &csv)]);
    let doc = json(&[&path(&dir)]);
    assert_eq!(doc["summary"]["accounts"], 0, "{doc}");
    assert_eq!(doc["findings"], Value::Array(vec![]));
    let skipped = doc["skipped"].to_string();
    assert!(skipped.contains("entra-users.csv"), "{skipped}");
}

/// An HR leavers row that gives neither a date nor a status says nothing of its person: it is
/// counted and named, and it does not hide that an identity provider covering the domain does
/// not list the person. Two rows that both say "left" on different days: the earliest day,
/// whichever file is read first.
#[test]
fn hr_rows_that_state_nothing_are_counted_and_the_earliest_leaving_day_wins() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("subscriptions.csv"),
        "contract_number,offering_name,seat_quantity,team_alias,contract_manager_email\n\
         4001,Revit,1,T,cm@z.example\n4002,Revit,1,T,boss@z.example\n",
    )
    .unwrap();
    std::fs::write(
        d.join("users.csv"),
        "email,role,offering_name,team_alias\ncm@z.example,Primary Admin,Revit,T\n\
         boss@z.example,Secondary Admin,Revit,T\nok@z.example,User,,T\n",
    )
    .unwrap();
    // Entra covers z.example and lists ok@ and boss@ (disabled), not cm@.
    std::fs::write(
        d.join("entra.csv"),
        "userPrincipalName,accountEnabled\nok@z.example,True\nboss@z.example,True\n",
    )
    .unwrap();
    std::fs::write(
        d.join("a-leavers.csv"),
        "email,termination_date,employment_status\ncm@z.example,,\nboss@z.example,2026-10-20,\n",
    )
    .unwrap();
    std::fs::write(
        d.join("b-leavers.csv"),
        "email,termination_date\nboss@z.example,2026-09-15\n",
    )
    .unwrap();
    let shown = d.to_string_lossy().into_owned();
    let v = json(&["--as-of", "2026-11-01", &shown]);
    let gone: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "RC601" && f["subject"]["contract"] == "4001")
        .map(|f| f["message"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(gone.len(), 1, "{v:#}");
    assert!(gone[0].contains("not in the directory"), "{gone:?}");
    let boss: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "RC601" && f["subject"]["contract"] == "4002")
        .map(|f| f["message"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(boss.len(), 1, "{v:#}");
    assert!(boss[0].contains("2026-09-15"), "{boss:?}");
    let skipped = &v["accounts"][0]["rows_skipped"];
    assert!(
        skipped.as_array().unwrap().iter().any(|s| s["reason"]
            .as_str()
            .unwrap()
            .contains("no date and no status")
            && s["rows"] == 1),
        "{skipped}"
    );
}
