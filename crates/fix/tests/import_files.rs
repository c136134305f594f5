//! The import files `fix` writes, from remediation.md's words: "Autodesk's three-column
//! format, exactly: the header `First name,Last name,Email address`, one person a row", so
//! every row names an address Autodesk can import (never a person known only by their
//! `hashed_autodesk_id`), and the names are the ones the inputs give.

use std::path::PathBuf;

use rollcall_fix::{render, Entry, Input, Kind, Plan};
use rollcall_input::{load_unit, Input as File, InputKind, Unit, MAX_FILE_BYTES};
use rollcall_model::{Account, Day, NameParts};
use rollcall_report::Diagnostic;
use rollcall_rules::Options;

const TODAY: &str = "2026-11-01";

const SUBSCRIPTIONS: &str =
    "subscription_id,contract_number,offering_name,seat_quantity,end_date,team_alias\r\n\
    1,110001,AutoCAD,5,2027-09-30,Design\r\n";

const USAGE_HEADER: &str = "hashed_autodesk_id,first_name,last_name,email,team_alias,offering_name,seat_assignment,assigned_date\r\n";

/// An account folder written to a scratch directory and loaded as `check` loads it.
fn load(test: &str, files: &[(&str, &str)]) -> Account {
    let dir: PathBuf =
        std::env::temp_dir().join(format!("rollcall-fix-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let display = dir.to_string_lossy().replace('\\', "/");
    let mut unit = Unit::new(display.clone(), test.to_owned(), dir.clone());
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let kind = if name.ends_with(".yaml") {
            InputKind::Snapshot
        } else {
            InputKind::Table
        };
        unit.push(File {
            path,
            display: format!("{display}/{name}"),
            kind,
        });
    }
    let loaded = load_unit(&unit, MAX_FILE_BYTES);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    loaded.account.expect("an account")
}

/// The audit of an account as `check` runs it (every rule, no waivers), and its plan.
fn plan(mut account: Account) -> Plan {
    let today = Day::parse_iso(TODAY).unwrap();
    account.settle_inactivity(today);
    let options = Options::default();
    let mut diagnostics: Vec<Diagnostic> = rollcall_rules::check_account(&account, today, &options)
        .into_iter()
        .map(|f| Diagnostic::of(&account, f))
        .collect();
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    rollcall_fix::plan(&Input {
        account: &account,
        diagnostics: &diagnostics,
        today,
        options: &options,
        pricing: None,
    })
}

/// The import files of a plan, by name, as text.
fn imports(plan: &Plan) -> Vec<(String, String)> {
    render::files(plan)
        .into_iter()
        .filter(|(name, _)| name.ends_with(".csv"))
        .map(|(name, bytes)| (name, String::from_utf8(bytes).unwrap()))
        .collect()
}

fn file<'a>(files: &'a [(String, String)], name: &str) -> &'a str {
    files
        .iter()
        .find(|(n, _)| n == name)
        .map_or_else(|| panic!("no {name} among {files:?}"), |(_, t)| t.as_str())
}

/// Every row of every import file ends in an address (the header aside).
fn assert_rows_are_addresses(files: &[(String, String)]) {
    for (name, text) in files {
        for row in text.split("\r\n").skip(1).filter(|r| !r.is_empty()) {
            let email = row.rsplit(',').next().unwrap();
            assert!(
                email.contains('@') && !email.starts_with("hash:"),
                "{name}: `{row}` names no address"
            );
        }
    }
}

fn choice(plan: &Plan, kind: Kind, product: &str) -> Entry {
    plan.choices
        .iter()
        .find(|c| c.kind == kind && c.product.as_deref() == Some(product) && c.user.is_none())
        .cloned()
        .unwrap_or_else(|| panic!("no {kind:?} choice for {product}: {:#?}", plan.choices))
}

fn action(plan: &Plan, kind: Kind, user: &str) -> Entry {
    plan.actions
        .iter()
        .find(|a| a.kind == kind && a.user.as_deref() == Some(user))
        .cloned()
        .unwrap_or_else(|| panic!("no {kind:?} action for {user}: {:#?}", plan.actions))
}

#[test]
fn a_person_known_only_by_hash_is_in_no_import_file_and_the_plan_says_what_to_do_by_hand() {
    let usage =
        format!("{USAGE_HEADER}h2,*****,*****,*****,Design,AutoCAD,unassigned,2026-10-30\r\n");
    let plan = plan(load(
        "hash-only",
        &[("subscriptions.csv", SUBSCRIPTIONS), ("usage.csv", &usage)],
    ));
    // No file is written for an empty list, and the choice names none.
    assert!(imports(&plan).is_empty(), "{:?}", imports(&plan));
    assert!(plan.file_names().is_empty());
    let c = choice(&plan, Kind::AssignSeat, "AutoCAD");
    assert!(c.files.is_empty(), "{:?}", c.files);
    // The person is still a candidate, and the step is one done by hand.
    assert_eq!(c.candidates_total, 1);
    assert!(
        c.where_.contains("hashed Autodesk ID") && c.where_.contains("by hand"),
        "{}",
        c.where_
    );
    assert!(!c.where_.contains(".csv"), "{}", c.where_);
    let json = render::json(&plan);
    assert!(!json.contains(".csv"), "{json}");
    assert!(!render::markdown(&plan).contains("## Import files"));
}

#[test]
fn people_with_an_address_are_imported_beside_people_known_only_by_hash() {
    let usage = format!(
        "{USAGE_HEADER}h2,*****,*****,*****,Design,AutoCAD,unassigned,2026-10-30\r\n\
         h3,Bo,Berg,bo@acme.example,Design,AutoCAD,unassigned,2026-10-30\r\n"
    );
    let plan = plan(load(
        "hash-and-address",
        &[("subscriptions.csv", SUBSCRIPTIONS), ("usage.csv", &usage)],
    ));
    let files = imports(&plan);
    assert_rows_are_addresses(&files);
    assert_eq!(
        file(&files, "assign-design-autocad.csv"),
        "First name,Last name,Email address\r\nBo,Berg,bo@acme.example\r\n"
    );
    let c = choice(&plan, Kind::AssignSeat, "AutoCAD");
    assert_eq!(c.files, ["assign-design-autocad.csv"]);
    assert_eq!(c.candidates_total, 2);
    assert!(
        c.where_
            .contains("Import to assign: assign-design-autocad.csv")
            && c.where_
                .contains("1 candidate(s) are known only by their hashed Autodesk ID"),
        "{}",
        c.where_
    );
}

#[test]
fn the_plan_is_byte_identical_run_to_run_with_people_known_only_by_hash() {
    let usage = format!(
        "{USAGE_HEADER}h2,*****,*****,*****,Design,AutoCAD,unassigned,2026-10-30\r\n\
         h4,*****,*****,*****,Design,AutoCAD,unassigned,2026-10-30\r\n\
         h3,Bo,Berg,bo@acme.example,Design,AutoCAD,unassigned,2026-10-30\r\n"
    );
    let inputs = [
        ("subscriptions.csv", SUBSCRIPTIONS),
        ("usage.csv", usage.as_str()),
    ];
    let a = render::files(&plan(load("same-a", &inputs)));
    let b = render::files(&plan(load("same-b", &inputs)));
    let strip = |files: Vec<(String, Vec<u8>)>| -> Vec<(String, String)> {
        // The scratch folders differ in name only.
        files
            .into_iter()
            .map(|(n, t)| {
                let t = String::from_utf8(t).unwrap();
                (n, t.replace("same-a", "same").replace("same-b", "same"))
            })
            .collect()
    };
    assert_eq!(strip(a), strip(b));
}

const INVITATIONS: &str = r#"account: Acme
as_of: 2026-11-01
users:
  - email: jane@acme.example
    name: Jane Doe
  - email: hash:h9
    status: invited
    invited_on: 2026-10-01
  - email: hash:h8
    status: invited
    invited_on: 2026-06-01
  - email: kim@acme.example
    name: Kim Park
    status: invited
    invited_on: 2026-06-01
  - email: smith@acme.example
    name: "Smith, John"
    status: invited
    invited_on: 2026-10-01
  - email: ana@acme.example
    name: Ana de Souza
    status: invited
    invited_on: 2026-10-01
  - email: jr@acme.example
    name: John Smith, Jr.
    status: invited
    invited_on: 2026-10-01
  - email: mary@acme.example
    name: Mary Ann Smith
    status: invited
    invited_on: 2026-10-01
contracts:
  - number: "110001"
    team: Design
    contract_manager: jane@acme.example
    software_coordinators: [jane@acme.example]
    products:
      - name: AutoCAD
        seats: 8
        assigned: [jane@acme.example, hash:h9, hash:h8, kim@acme.example, smith@acme.example,
                   ana@acme.example, jr@acme.example, mary@acme.example]
"#;

#[test]
fn invitations_of_people_known_only_by_hash_are_sent_by_hand() {
    let plan = plan(load("invitations", &[("account.yaml", INVITATIONS)]));
    let files = imports(&plan);
    assert_rows_are_addresses(&files);
    assert!(!file(&files, "invite-design.csv").contains("hash:"));

    // RC305: send again, by hand.
    let resend = action(&plan, Kind::Reinvite, "hash:h9");
    assert!(resend.files.is_empty(), "{:?}", resend.files);
    assert!(
        resend.where_.contains("by hand") && resend.where_.contains("Resend invite"),
        "{}",
        resend.where_
    );
    // RC309: the address is needed before the user is removed, and the seat goes back by hand.
    let again = action(&plan, Kind::RemoveAndReinvite, "hash:h8");
    assert!(again.files.is_empty(), "{:?}", again.files);
    let steps: Vec<&str> = again.where_.split("; then ").collect();
    assert!(
        steps[0].contains("by hand") && steps[0].ends_with("Remove user"),
        "{steps:?}"
    );
    assert_eq!(
        steps[1..],
        [
            "User Management › Invite users › their address",
            "By Product › AutoCAD › Assign users"
        ]
    );
    // Someone with an address keeps the import files.
    let kim = action(&plan, Kind::RemoveAndReinvite, "kim@acme.example");
    assert_eq!(
        kim.files,
        ["invite-design.csv", "assign-design-autocad.csv"]
    );
    assert_eq!(
        file(&files, "assign-design-autocad.csv"),
        "First name,Last name,Email address\r\nKim,Park,kim@acme.example\r\n"
    );
}

#[test]
fn a_full_name_splits_at_its_first_space_and_a_last_first_name_at_its_comma() {
    let plan = plan(load("full-names", &[("account.yaml", INVITATIONS)]));
    let files = imports(&plan);
    assert_eq!(
        file(&files, "invite-design.csv"),
        "First name,Last name,Email address\r\n\
         Ana,de Souza,ana@acme.example\r\n\
         John,\"Smith, Jr.\",jr@acme.example\r\n\
         Kim,Park,kim@acme.example\r\n\
         Mary,Ann Smith,mary@acme.example\r\n\
         John,Smith,smith@acme.example\r\n"
    );
}

#[test]
fn first_and_last_names_an_input_gave_apart_are_used_as_given() {
    let mut account = load("given-apart", &[("account.yaml", INVITATIONS)]);
    let mary = account
        .users
        .iter()
        .flatten()
        .find(|u| u.email.value.as_str() == "mary@acme.example")
        .and_then(|u| u.name.as_ref())
        .unwrap()
        .origin;
    account.name_parts.insert(
        mary,
        NameParts {
            first: "Mary Ann".into(),
            last: "Smith".into(),
        },
    );
    let files = imports(&plan(account));
    let invite = file(&files, "invite-design.csv");
    assert!(
        invite.contains("\r\nMary Ann,Smith,mary@acme.example\r\n"),
        "{invite}"
    );
    // The others are split as before.
    assert!(
        invite.contains("\r\nJohn,Smith,smith@acme.example\r\n"),
        "{invite}"
    );
}

#[test]
fn first_and_last_names_of_a_usage_report_are_used_as_given() {
    let usage = format!(
        "{USAGE_HEADER}h3,Mary Ann,Smith,x@acme.example,Design,AutoCAD,unassigned,2026-10-30\r\n\
         h5,*****,Lee,lee@acme.example,Design,AutoCAD,unassigned,2026-10-30\r\n\
         h6,Ana,de Souza,ana@acme.example,Design,AutoCAD,unassigned,2026-10-30\r\n"
    );
    let plan = plan(load(
        "usage-names",
        &[("subscriptions.csv", SUBSCRIPTIONS), ("usage.csv", &usage)],
    ));
    assert_eq!(
        file(&imports(&plan), "assign-design-autocad.csv"),
        "First name,Last name,Email address\r\n\
         Ana,de Souza,ana@acme.example\r\n\
         ,Lee,lee@acme.example\r\n\
         Mary Ann,Smith,x@acme.example\r\n"
    );
}

/// Autodesk Account's screens find a user by address: a step about someone known only by hash
/// says to look their address up, rather than naming a hash the screen cannot search by.
#[test]
fn steps_about_people_known_only_by_hash_name_no_hash_as_a_screen() {
    let usage = "hashed_autodesk_id,email,team_alias,offering_name,seat_assignment,assigned_date,days_inactive\r\n\
                 h9,*****,Design,AutoCAD,assigned,2026-01-10,200\r\n\
                 h8,al@acme.example,Design,AutoCAD,assigned,2026-01-10,200\r\n";
    let plan = plan(load(
        "hash-steps",
        &[("subscriptions.csv", SUBSCRIPTIONS), ("usage.csv", usage)],
    ));
    let by_hash = action(&plan, Kind::UnassignSeat, "hash:h9");
    assert!(
        by_hash
            .where_
            .contains("› the address of hash:h9 (in an export with personal data switched on) ›"),
        "{}",
        by_hash.where_
    );
    let by_address = action(&plan, Kind::UnassignSeat, "al@acme.example");
    assert_eq!(
        by_address.where_,
        "Autodesk Account › By Product › AutoCAD › al@acme.example › Unassign"
    );
    for e in plan.actions.iter().chain(&plan.choices) {
        assert!(!e.where_.contains("› hash:"), "{}", e.where_);
    }
}
