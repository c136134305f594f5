//! End-to-end tests of the "unknown" and "seat usage" parts of version 2 of the specification
//! (`rules.md`: *unknown*, *seat usage*, RC503; `account-format.md`: the (v2) notes on the
//! snapshot, the usage report's usage columns, the subscriptions export's `reseller_email`,
//! merging, and `rollcall convert`), derived from the words of the specification, not from the
//! implementation.
//!
//! Every test writes its accounts into a fresh temporary folder (one folder per customer),
//! runs the built binary with `--format json` and asserts on the JSON document. Expected
//! locations are computed from the fixture text with [`at`]: the `^` in a marker is the first
//! character of the value the finding must point at (1-based line, column in characters).
//!
//! Every snapshot sets `as_of: 2026-11-01`; an account made of exports alone (exports carry no
//! `as_of`) is checked with `--as-of 2026-11-01`. Day arithmetic used below:
//! before: 17 days = 2026-10-15, 61 = 2026-09-01, 90 = 2026-08-03, 91 = 2026-08-02,
//! 239 = 2026-03-07; after: 44 days = 2026-12-15, 60 = 2026-12-31.

use std::path::Path;

use crate::common::{
    all_findings, at, at_nth, check_root as rollcall, codes, contract_only, contract_user,
    findings, subject, write_tree,
};
use assert_cmd::Command;
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------------
// Helpers (copied from tests/spec.rs; a test file is its own crate)
// ---------------------------------------------------------------------------------------------

/// The public catalog, version 2: code, name, default severity (rules.md).
const RULES: &[(&str, &str, &str)] = &[
    ("RC101", "contract-manager-is-coordinator", "warning"),
    ("RC102", "missing-contract-manager", "error"),
    ("RC103", "unknown-role-holder", "error"),
    ("RC104", "dormant-role-holder", "warning"),
    ("RC105", "external-role-holder", "warning"),
    ("RC106", "no-backup-admin", "warning"),
    ("RC107", "sole-administrator", "warning"),
    ("RC108", "reseller-holds-role", "warning"),
    ("RC109", "orphan-team", "warning"),
    ("RC201", "inconsistent-roles-across-contracts", "warning"),
    ("RC202", "undecided-role-policy", "warning"),
    ("RC301", "unassigned-seats", "warning"),
    ("RC302", "over-assigned-seats", "error"),
    ("RC303", "user-without-seat", "warning"),
    ("RC304", "seat-held-by-dormant-user", "warning"),
    ("RC305", "stale-invitation", "warning"),
    ("RC306", "unused-seat", "warning"),
    ("RC307", "occasional-use-seat", "info"),
    ("RC308", "collection-overlap", "warning"),
    ("RC309", "expired-invitation", "warning"),
    ("RC401", "renewal-due", "warning"),
    ("RC402", "expired-contract-with-seats", "error"),
    ("RC403", "mixed-end-dates-in-pool", "warning"),
    ("RC404", "staggered-renewals", "info"),
    ("RC405", "idle-seats-at-renewal", "info"),
    ("RC501", "duplicate-user", "error"),
    ("RC502", "source-disagreement", "info"),
    ("RC503", "role-holders-not-recorded", "info"),
];

/// The snapshot of the single-account tests, and its exports.
const ACME: &str = "/acme/account.yaml";
const USAGE: &str = "/acme/usage.csv";
const SUBSCRIPTIONS: &str = "/acme/subscriptions.csv";

/// "Today" for accounts made of exports alone.
const AS_OF: &[&str] = &["--as-of", "2026-11-01"];

/// The usage report's header, as Autodesk Account writes it in snake case.
const USAGE_HEADER: &str = "hashed_autodesk_id,first_name,last_name,email,autodesk_id,team_alias,group,offering_name,version,seat_assignment,assigned_date,unassigned_date,user_activity,days_inactive,access_option,days_used,monthly_average,tokens_used,last_accessed\n";

fn rule_meta(code: &str) -> (&'static str, &'static str) {
    RULES.iter().find(|(c, _, _)| *c == code).map_or_else(
        || panic!("{code} is not in the catalog"),
        |(_, name, severity)| (*name, *severity),
    )
}

/// Audits the valid inputs at `root` (with extra `args`): `--fail-on never` must exit 0.
fn audit_path(root: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--fail-on", "never"];
    all.extend_from_slice(args);
    let (code, json) = rollcall(root, &all);
    assert_eq!(
        code, 0,
        "valid input with --fail-on never must exit 0:\n{json:#}"
    );
    assert_eq!(json["errors"], json!([]), "no input errors:\n{json:#}");
    json
}

/// Writes `files` and audits them with extra `args`.
fn audit_with(files: &[(&str, &str)], args: &[&str]) -> Value {
    let dir = write_tree(files);
    audit_path(dir.path(), args)
}

/// Writes `files` (each folder's snapshot sets `as_of`) and audits them.
fn audit(files: &[(&str, &str)]) -> Value {
    audit_with(files, &[])
}

/// Audits one valid account written to `acme/account.yaml`.
fn audit_one(yaml: &str) -> Value {
    audit(&[("acme/account.yaml", yaml)])
}

/// The 1-based line of the CSV row that contains `needle` (exactly once in `text`).
fn row_of(text: &str, needle: &str) -> u64 {
    at(text, &format!("^{needle}")).0
}

fn contract_product(contract: &str, product: &str) -> Value {
    subject(Some(contract), None, Some(product), None)
}
fn contract_product_user(contract: &str, product: &str, user: &str) -> Value {
    subject(Some(contract), None, Some(product), Some(user))
}
fn user_only(user: &str) -> Value {
    subject(None, None, None, Some(user))
}

/// Where a finding must point: a line and column, or only a line (a CSV row whose cell the
/// specification does not name).
#[derive(Clone, Copy)]
enum Place {
    At(u64, u64),
    Row(u64),
}

/// One expected finding of a rule.
struct Want {
    severity: Option<&'static str>,
    subject: Value,
    file: &'static str,
    place: Place,
}

/// An expected finding in `acme/account.yaml` with the rule's default severity.
fn want(subject: Value, at: (u64, u64)) -> Want {
    Want {
        severity: None,
        subject,
        file: ACME,
        place: Place::At(at.0, at.1),
    }
}

/// An expected finding on a row of the export `file`, any cell of it.
fn want_row(subject: Value, file: &'static str, line: u64) -> Want {
    Want {
        severity: None,
        subject,
        file,
        place: Place::Row(line),
    }
}

impl Want {
    fn severity(mut self, severity: &'static str) -> Self {
        self.severity = Some(severity);
        self
    }
    fn file(mut self, file: &'static str) -> Self {
        self.file = file;
        self
    }
}

#[track_caller]
fn assert_finding(f: &Value, rule: &str, severity: &str, w: &Want) {
    let (name, _) = rule_meta(rule);
    assert_eq!(f["rule"], rule, "rule of {f:#}");
    assert_eq!(f["name"], name, "name of {f:#}");
    assert_eq!(f["severity"], severity, "severity of {f:#}");
    assert_eq!(f["subject"], w.subject, "subject of {f:#}");
    let file = f["location"]["file"].as_str().unwrap_or_default();
    assert!(
        file.ends_with(w.file),
        "location.file of {f:#} should end with {}",
        w.file
    );
    let line = f["location"]["line"].as_u64();
    let column = f["location"]["column"].as_u64();
    match w.place {
        Place::At(l, c) => assert_eq!(
            (line, column),
            (Some(l), Some(c)),
            "location line/column of {f:#}"
        ),
        Place::Row(l) => assert_eq!(line, Some(l), "location line of {f:#}"),
    }
}

/// Asserts that the findings of `rule` are exactly `wants`, in output order.
#[track_caller]
fn expect_rule(v: &Value, rule: &str, wants: &[Want]) {
    let got = findings(v, rule);
    assert_eq!(
        got.len(),
        wants.len(),
        "number of {rule} findings in:\n{:#}",
        v["findings"]
    );
    let (_, default_severity) = rule_meta(rule);
    for (f, w) in got.iter().zip(wants) {
        assert_finding(f, rule, w.severity.unwrap_or(default_severity), w);
    }
}

// ---------------------------------------------------------------------------------------------
// `unknown` role holders in the snapshot, and RC503 role-holders-not-recorded
// ---------------------------------------------------------------------------------------------

/// The team gives mark a role too, so that no account here has a sole administrator.
const UNKNOWN_CM: &str = r#"account: Acme Engineering Ltd
domains: [acme.example]
as_of: 2026-11-01
users:
  - email: jane.doe@acme.example
  - email: mark.lee@acme.example
contracts:
  - number: "110001234561"
    ends: 2027-06-30
    contract_manager: unknown
    software_coordinators: [mark.lee@acme.example]
  - number: "110001234562"
    ends: 2027-06-30
    primary_admin: UNKNOWN
    software_coordinators: [mark.lee@acme.example]
  - number: "110001234563"
    ends: 2027-06-30
    contract_manager: Unknown
    software_coordinators: [mark.lee@acme.example]
teams:
  - name: Design
    primary_admin: jane.doe@acme.example
    secondary_admins: [mark.lee@acme.example]
"#;

#[test]
fn an_unknown_contract_manager_is_rc503_not_rc102_or_rc101() {
    // "`contract_manager: unknown` ... (the word, in any case, as the whole value; also under
    // their contract synonyms) ... RC102 and RC101 do not fire, RC503 does." RC503: "One per
    // contract and unknown role", pointing at "the contract's number value". `unknown` is no
    // address: not RC103 (it is not missing from the user list) nor RC105.
    let y = UNKNOWN_CM;
    let v = audit_one(y);
    assert_eq!(codes(&v), ["RC503", "RC503", "RC503"], "{v:#}");
    expect_rule(
        &v,
        "RC503",
        &[
            want(
                contract_only("110001234561"),
                at(y, "number: ^\"110001234561\""),
            ),
            want(
                contract_only("110001234562"),
                at(y, "number: ^\"110001234562\""),
            ),
            want(
                contract_only("110001234563"),
                at(y, "number: ^\"110001234563\""),
            ),
        ],
    );
}

const UNKNOWN_SCS: &str = r#"account: Acme Engineering Ltd
domains: [acme.example]
as_of: 2026-11-01
users:
  - email: jane.doe@acme.example
  - email: mark.lee@acme.example
contracts:
  - number: "110001234561"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: unknown
  - number: "110001234562"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    secondary_admins: Unknown
  - number: "110001234563"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinator: UNKNOWN
teams:
  - name: Design
    primary_admin: jane.doe@acme.example
    secondary_admins: [mark.lee@acme.example]
"#;

#[test]
fn unknown_software_coordinators_silence_rc101_and_raise_one_rc503() {
    // Without the `unknown`, each contract would be RC101 (the CM is then the SC by default).
    // `software_coordinators: unknown`, also as `secondary_admins` and `software_coordinator`:
    // RC101 "does not fire", RC503 once for that role.
    let y = UNKNOWN_SCS;
    let v = audit_one(y);
    assert_eq!(codes(&v), ["RC503", "RC503", "RC503"], "{v:#}");
    expect_rule(
        &v,
        "RC503",
        &[
            want(
                contract_only("110001234561"),
                at(y, "number: ^\"110001234561\""),
            ),
            want(
                contract_only("110001234562"),
                at(y, "number: ^\"110001234562\""),
            ),
            want(
                contract_only("110001234563"),
                at(y, "number: ^\"110001234563\""),
            ),
        ],
    );
}

const UNKNOWN_BOTH: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    contract_manager: unknown
    software_coordinators: unknown
"#;

#[test]
fn both_roles_unknown_give_two_rc503_on_that_contract() {
    // RC503: "One per contract and unknown role (at most two)".
    let y = UNKNOWN_BOTH;
    let v = audit_one(y);
    assert_eq!(codes(&v), ["RC503", "RC503"], "{v:#}");
    let number = at(y, "number: ^\"110001234567\"");
    expect_rule(
        &v,
        "RC503",
        &[
            want(contract_only("110001234567"), number),
            want(contract_only("110001234567"), number),
        ],
    );
}

const UNKNOWN_CM_RENEWAL: &str = r#"account: Acme Engineering Ltd
domains: [acme.example]
as_of: 2026-11-01
users:
  - email: jane.doe@acme.example
  - email: mark.lee@acme.example
contracts:
  - number: "110001234567"
    ends: 2026-12-15
    contract_manager: unknown
    software_coordinators: [mark.lee@acme.example]
"#;

#[test]
fn rc401_with_an_unknown_contract_manager_stays_a_warning() {
    // RC401 is "raised to error when the contract's CM is missing, not in the user list (as
    // in RC103) or dormant ... (a CM that is *unknown* leaves it a warning)".
    let y = UNKNOWN_CM_RENEWAL;
    let v = audit_one(y);
    assert_eq!(codes(&v), ["RC401", "RC503"], "{v:#}");
    expect_rule(
        &v,
        "RC401",
        &[want(contract_only("110001234567"), at(y, "ends: ^2026-12-15")).severity("warning")],
    );
    expect_rule(
        &v,
        "RC503",
        &[want(
            contract_only("110001234567"),
            at(y, "number: ^\"110001234567\""),
        )],
    );
}

// ---------------------------------------------------------------------------------------------
// Unknown role holders from exports
// ---------------------------------------------------------------------------------------------

/// A subscriptions export without `contract_manager_email`: it names no Contract Manager, and
/// exports never name Software Coordinators.
const SUBSCRIPTIONS_NO_CM: &str = "\
subscription_id,contract_number,offering_name,seat_quantity,start_date,end_date,autorenew_date,term,subscription_status,reseller_name,reseller_email,team_alias
71203345510,110045672301,Civil 3D,5,2026-05-01,2027-04-30,2027-04-30,Annual,Active,Meridian CAD Solutions Ltd,renewals@meridiancad.example,Highways
71203345511,110045672301,AutoCAD,3,2026-05-01,2027-04-30,2027-04-30,Annual,Active,Meridian CAD Solutions Ltd,renewals@meridiancad.example,Highways
";

#[test]
fn an_exports_only_contract_has_both_roles_unknown() {
    // "exports never name Software Coordinators; a subscriptions export without
    // `contract_manager_email` does not name the Contract Manager": RC503 for each role, and
    // neither RC102 nor RC101. The contract's number value is its `contract_number` cell.
    let csv = SUBSCRIPTIONS_NO_CM;
    let v = audit_with(&[("acme/subscriptions.csv", csv)], AS_OF);
    assert_eq!(codes(&v), ["RC503", "RC503"], "{v:#}");
    let number = at_nth(csv, ",^110045672301,", 1);
    expect_rule(
        &v,
        "RC503",
        &[
            want(contract_only("110045672301"), number).file(SUBSCRIPTIONS),
            want(contract_only("110045672301"), number).file(SUBSCRIPTIONS),
        ],
    );
}

const MERGE_UNKNOWN: &str = r#"account: Acme Engineering Ltd
domains: [acme.example]
as_of: 2026-11-01
users:
  - email: jane.doe@acme.example
  - email: mark.lee@acme.example
contracts:
  - number: "110001234567"
    contract_manager: unknown
    software_coordinators: unknown
"#;

const MERGE_UNKNOWN_CSV: &str = "\
subscription_id,contract_number,offering_name,seat_quantity,start_date,end_date,autorenew_date,term,subscription_status,reseller_name,reseller_email,team_alias,contract_manager_email
71203345510,110001234567,AutoCAD,3,2026-07-01,2027-06-30,2027-06-30,Annual,Active,CAD Partner Ltd,renewals@cadpartner.example,,jane.doe@acme.example
";

#[test]
fn a_snapshot_unknown_filled_by_an_export_is_no_disagreement() {
    // "A snapshot's `unknown` is no value either: a role that an export names fills it, with
    // no RC502." The CM becomes jane (so no RC503 for it); the coordinators stay unknown
    // (exports never name them): one RC503, and RC101 is silent.
    let y = MERGE_UNKNOWN;
    let v = audit(&[
        ("acme/account.yaml", y),
        ("acme/subscriptions.csv", MERGE_UNKNOWN_CSV),
    ]);
    assert_eq!(codes(&v), ["RC503"], "{v:#}");
    expect_rule(
        &v,
        "RC503",
        &[want(
            contract_only("110001234567"),
            at(y, "number: ^\"110001234567\""),
        )],
    );
}

const RESELLER_SNAPSHOT: &str = r#"account: Acme Engineering Ltd
domains: [acme.example]
as_of: 2026-11-01
contracts:
  - number: "110001234567"
    contract_manager: jane.doe@acme.example
    software_coordinators: [support@cadpartner.example]
"#;

#[test]
fn reseller_email_of_the_subscriptions_export_is_the_contracts_reseller() {
    // "In the subscriptions export, `reseller_email` is the contract's `reseller`": the SC in
    // the reseller's domain is RC108 (and, for that holder, role and contract, not RC105).
    let y = RESELLER_SNAPSHOT;
    let v = audit(&[
        ("acme/account.yaml", y),
        ("acme/subscriptions.csv", MERGE_UNKNOWN_CSV),
    ]);
    assert_eq!(codes(&v), ["RC108"], "{v:#}");
    expect_rule(
        &v,
        "RC108",
        &[want(
            contract_user("110001234567", "support@cadpartner.example"),
            at(y, "[^support@"),
        )],
    );
}

// ---------------------------------------------------------------------------------------------
// Seat usage in the snapshot
// ---------------------------------------------------------------------------------------------

const MAPPINGS: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: AutoCAD
        seats: 3
        assigned:
          - ann.ito@acme.example
          - user: ben.okafor@acme.example
            assigned_on: 2026-03-02
            days_used: 0
          - user: Cat.Lund@Acme.example
            assigned_on: 2026-03-02
            days_used: 12
            monthly_average: 1.0
            last_used: 2026-10-20
            access: subscription
"#;

#[test]
fn assignment_mappings_carry_seat_usage_and_mix_with_plain_addresses() {
    // "An assignment mapping's `user` is the assigned address; its other keys are the seat's
    // usage and may each be absent (unknown). An address and a mapping may be mixed in one
    // list." Three seats of three: no RC301. ben's seat is unused (RC306), cat's used about
    // once a month (RC307; emails are lower-case in subjects), ann's usage is unknown.
    let y = MAPPINGS;
    let v = audit_one(y);
    assert_eq!(codes(&v), ["RC306", "RC307"], "{v:#}");
    let c = "110001234567";
    expect_rule(
        &v,
        "RC306",
        &[want(
            contract_product_user(c, "AutoCAD", "ben.okafor@acme.example"),
            at(y, "- user: ^ben.okafor"),
        )],
    );
    expect_rule(
        &v,
        "RC307",
        &[want(
            contract_product_user(c, "AutoCAD", "cat.lund@acme.example"),
            at(y, "- user: ^Cat.Lund"),
        )],
    );
}

// ---------------------------------------------------------------------------------------------
// Seat usage from the usage report
// ---------------------------------------------------------------------------------------------

/// A snapshot that records roles and seat counts; the usage report says who holds the seats.
fn usage_snapshot(products: &str) -> String {
    format!(
        r#"account: Acme Engineering Ltd
domains: [acme.example]
as_of: 2026-11-01
users:
  - email: jane.doe@acme.example
  - email: mark.lee@acme.example
contracts:
  - number: "110001234567"
    team: Design
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
{products}"#
    )
}

const DORMANT_USAGE_ROWS: &str = "\
5f0c2b9e8d7a6c5b4a3f2e1d0c9b8a71,Ann,Ito,ann.ito@acme.example,AN1T0QWERTY1,Design,Design,AutoCAD,2027,assigned,2026-03-02,,Active,2,Subscription,150,12.5,0,2026-10-30
6a1d3c0f9e8b7d6c5b4a3f2e1d0c9b82,Ben,Okafor,ben.okafor@acme.example,BN0KAFQWERT2,Design,Design,AutoCAD,2026,assigned,2025-12-01,,Inactive,239,Subscription,14,1.2,0,
7b2e4d1a0f9c8e7d6c5b4a3f2e1d0c93,Cat,Lund,cat.lund@acme.example,CTLUNDQWERT3,Design,Design,AutoCAD,2026,assigned,2025-12-01,,Inactive,90,Subscription,30,4.0,0,
8c3f5e2b1a0d9f8e7d6c5b4a3f2e1d04,Dev,Rao,dev.rao@acme.example,DVRAOQWERTY4,Design,Design,AutoCAD,2026,assigned,2025-12-01,,Inactive,91,Subscription,30,4.0,0,
9d4a6f3c2b1e0a9f8e7d6c5b4a3f2e15,Eli,Moss,Eli.Moss@Acme.example,ELMOSSQWERT5,Design,Design,AutoCAD,2027,assigned,2026-03-02,,Active,4,Subscription,120,8.0,0,2026-10-28
9d4a6f3c2b1e0a9f8e7d6c5b4a3f2e15,Eli,Moss,eli.moss@acme.example,ELMOSSQWERT5,Design,Design,Revit,2026,assigned,2026-03-02,,Inactive,300,Subscription,3,3.0,0,
";

#[test]
fn days_inactive_makes_a_user_without_last_accessed_dormant() {
    // "Where a user's `last_accessed` is empty on every row and a row gives `days_inactive`
    // N, the user's `last_active` is N days before today". ben: 239 days, dev: 91 (more than
    // `inactive_days`, 90): dormant, RC304 on their seats. cat: exactly 90, not dormant. eli
    // has a `last_accessed` on one row (emails compare case-insensitively, so both rows are
    // one user): the 300 days of his other row do not count.
    let y = usage_snapshot(
        "      - name: AutoCAD\n        seats: 5\n      - name: Revit\n        seats: 1\n",
    );
    let csv = format!("{USAGE_HEADER}{DORMANT_USAGE_ROWS}");
    let v = audit(&[("acme/account.yaml", &y), ("acme/usage.csv", &csv)]);
    assert_eq!(codes(&v), ["RC304", "RC304"], "{v:#}");
    let c = "110001234567";
    expect_rule(
        &v,
        "RC304",
        &[
            want_row(
                contract_product_user(c, "AutoCAD", "ben.okafor@acme.example"),
                USAGE,
                row_of(&csv, "6a1d3c0f"),
            ),
            want_row(
                contract_product_user(c, "AutoCAD", "dev.rao@acme.example"),
                USAGE,
                row_of(&csv, "8c3f5e2b"),
            ),
        ],
    );
}

const UNASSIGNED_USAGE_ROWS: &str = "\
5f0c2b9e8d7a6c5b4a3f2e1d0c9b8a71,Ann,Ito,ann.ito@acme.example,AN1T0QWERTY1,Design,Design,AutoCAD,2027,assigned,2026-03-02,,Active,2,Subscription,150,12.5,0,2026-10-30
6a1d3c0f9e8b7d6c5b4a3f2e1d0c9b82,Ben,Okafor,ben.okafor@acme.example,BN0KAFQWERT2,Design,Design,AutoCAD,2027,assigned,2026-03-02,,Active,3,Subscription,121,10.1,0,2026-10-29
a0e5b7c4d3f2a1b0c9d8e7f6a5b4c3d2,Carol,White,carol.white@acme.example,CRWHITQWERT6,Design,Design,AutoCAD,2026,unassigned,2026-01-05,2026-09-30,Inactive,200,Subscription,0,0.0,0,
";

#[test]
fn an_unassigned_row_holds_no_seat_but_its_user_is_still_a_user() {
    // "A row whose `seat_assignment` is `unassigned` holds no seat (its user is still a user
    // of the account)": AutoCAD has 2 of 3 seats assigned (RC301, at the snapshot's `seats`),
    // carol's row is no RC304 (she is dormant: 200 days) nor RC306, and carol is an active
    // user with no seat and no role (RC303, at her email value).
    let y = usage_snapshot("      - name: AutoCAD\n        seats: 3\n");
    let csv = format!("{USAGE_HEADER}{UNASSIGNED_USAGE_ROWS}");
    let v = audit(&[("acme/account.yaml", &y), ("acme/usage.csv", &csv)]);
    assert_eq!(codes(&v), ["RC301", "RC303"], "{v:#}");
    expect_rule(
        &v,
        "RC301",
        &[want(
            contract_product("110001234567", "AutoCAD"),
            at(&y, "seats: ^3"),
        )],
    );
    expect_rule(
        &v,
        "RC303",
        &[want(
            user_only("carol.white@acme.example"),
            at(&csv, ",^carol.white@acme.example,"),
        )
        .file(USAGE)],
    );
}

const UNUSED_USAGE_ROWS: &str = "\
5f0c2b9e8d7a6c5b4a3f2e1d0c9b8a71,Ann,Ito,ann.ito@acme.example,AN1T0QWERTY1,Design,Design,AutoCAD,2027,assigned,2026-09-01,,Inactive,,Subscription,0,0.0,0,
6a1d3c0f9e8b7d6c5b4a3f2e1d0c9b82,Ben,Okafor,ben.okafor@acme.example,BN0KAFQWERT2,Design,Design,AutoCAD,2027,assigned,2026-09-01,,Inactive,,Subscription,*****,,0,
7b2e4d1a0f9c8e7d6c5b4a3f2e1d0c93,Cat,Lund,cat.lund@acme.example,CTLUNDQWERT3,Design,Design,AutoCAD,2027,assigned,2026-10-15,,Inactive,,Subscription,0,0.0,0,
";

#[test]
fn zero_days_used_is_a_value_and_a_masked_cell_is_unknown() {
    // "Masked values (`*****`) and empty cells are "unknown", never a value; `0` is a value."
    // ann: `days_used` 0, no `last_accessed`, assigned 61 days ago: RC306. ben: masked, so
    // unknown: nothing. cat: assigned 17 days ago, less than `unused_days` (30).
    let y = usage_snapshot("      - name: AutoCAD\n        seats: 3\n");
    let csv = format!("{USAGE_HEADER}{UNUSED_USAGE_ROWS}");
    let v = audit(&[("acme/account.yaml", &y), ("acme/usage.csv", &csv)]);
    assert_eq!(codes(&v), ["RC306"], "{v:#}");
    expect_rule(
        &v,
        "RC306",
        &[want_row(
            contract_product_user("110001234567", "AutoCAD", "ann.ito@acme.example"),
            USAGE,
            row_of(&csv, "5f0c2b9e"),
        )],
    );
}

/// Title Case headers with Autodesk's `*` on personal-data columns, and US dates.
const ACCESS_USAGE_CSV: &str = "\
Hashed Autodesk ID,First Name*,Last Name*,Email*,Autodesk ID*,Team Alias,Group,Offering Name,Version,Seat Assignment,Assigned Date,Unassigned Date,User Activity,Days Inactive,Access Option,Days Used,Monthly Average,Tokens Used,Last Accessed
5f0c2b9e8d7a6c5b4a3f2e1d0c9b8a71,Ann,Ito,ann.ito@acme.example,AN1T0QWERTY1,Design,Design,Revit,2027,assigned,03/02/2026,,Active,9,Subscription,17,1.5,0,10/23/2026
6a1d3c0f9e8b7d6c5b4a3f2e1d0c9b82,Ben,Okafor,ben.okafor@acme.example,BN0KAFQWERT2,Design,Design,Revit,2027,assigned,03/02/2026,,Active,9,Flex,17,1.5,34,10/23/2026
";

#[test]
fn access_option_flex_is_flex_and_subscription_is_subscription() {
    // "`access_option` is `access` (`Flex` is flex, `Subscription` is subscription)", and
    // `assigned_date` is `assigned_on`, `monthly_average` as named: ann's subscription seat,
    // held since March and used 1.5 days a month, is RC307; ben's Flex seat is not.
    let y = usage_snapshot("      - name: Revit\n        seats: 2\n");
    let csv = ACCESS_USAGE_CSV;
    let v = audit(&[("acme/account.yaml", &y), ("acme/usage.csv", csv)]);
    assert_eq!(codes(&v), ["RC307"], "{v:#}");
    expect_rule(
        &v,
        "RC307",
        &[want_row(
            contract_product_user("110001234567", "Revit", "ann.ito@acme.example"),
            USAGE,
            row_of(csv, "5f0c2b9e"),
        )],
    );
}

const MERGE_USAGE: &str = r#"account: Acme Engineering Ltd
domains: [acme.example]
as_of: 2026-11-01
users:
  - email: jane.doe@acme.example
  - email: mark.lee@acme.example
  - email: ben.okafor@acme.example
  - email: cat.lund@acme.example
contracts:
  - number: "110001234567"
    team: Design
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: AutoCAD
        seats: 2
        assigned:
          - user: ben.okafor@acme.example
            assigned_on: 2026-03-02
          - user: cat.lund@acme.example
            assigned_on: 2026-03-02
            days_used: 5
"#;

const MERGE_USAGE_ROWS: &str = "\
6a1d3c0f9e8b7d6c5b4a3f2e1d0c9b82,Ben,Okafor,ben.okafor@acme.example,BN0KAFQWERT2,Design,Design,AutoCAD,2027,assigned,2026-03-02,,Inactive,,Subscription,0,0.0,0,
7b2e4d1a0f9c8e7d6c5b4a3f2e1d0c93,Cat,Lund,cat.lund@acme.example,CTLUNDQWERT3,Design,Design,AutoCAD,2027,assigned,2026-03-02,,Inactive,,Subscription,0,0.0,0,
";

#[test]
fn seat_usage_merges_field_by_field() {
    // "A seat's usage merges field by field like any other value": ben's `days_used`, absent
    // from the snapshot, comes from the report (0: RC306, no RC502); cat's `days_used` is 5 in
    // the snapshot and 0 in the report: the snapshot wins (no RC306) and RC502 points at the
    // snapshot's value. Both `assigned_on` agree.
    let y = MERGE_USAGE;
    let csv = format!("{USAGE_HEADER}{MERGE_USAGE_ROWS}");
    let v = audit(&[("acme/account.yaml", y), ("acme/usage.csv", &csv)]);
    assert_eq!(codes(&v), ["RC306", "RC502"], "{v:#}");
    let c = "110001234567";
    let unused = findings(&v, "RC306")[0];
    assert_eq!(unused["name"], "unused-seat");
    assert_eq!(unused["severity"], "warning");
    assert_eq!(
        unused["subject"],
        contract_product_user(c, "AutoCAD", "ben.okafor@acme.example"),
        "{unused:#}"
    );
    // The seat is recorded in both files; the spec does not say which one the finding names.
    let file = unused["location"]["file"].as_str().unwrap_or_default();
    let place = (
        unused["location"]["line"].as_u64(),
        unused["location"]["column"].as_u64(),
    );
    let in_snapshot = at(y, "- user: ^ben.okafor");
    assert!(
        (file.ends_with(ACME) && place == (Some(in_snapshot.0), Some(in_snapshot.1)))
            || (file.ends_with(USAGE) && place.0 == Some(row_of(&csv, "6a1d3c0f"))),
        "RC306 points at ben's seat: {unused:#}"
    );
    expect_rule(
        &v,
        "RC502",
        &[want(
            contract_product_user(c, "AutoCAD", "cat.lund@acme.example"),
            at(y, "days_used: ^5"),
        )],
    );
}

// ---------------------------------------------------------------------------------------------
// `rollcall convert`: the converted snapshot gives the findings of the exports
// ---------------------------------------------------------------------------------------------

const NORTHFIELD_SUBSCRIPTIONS: &str = "\
subscription_id,contract_number,offering_name,seat_quantity,start_date,end_date,autorenew_date,term,subscription_status,reseller_name,reseller_email,team_alias
71203345510,110045670001,Civil 3D,4,2026-01-01,2026-12-31,,Annual,Active,Meridian CAD Solutions Ltd,renewals@meridiancad.example,Highways
71203345511,110045670001,AutoCAD,2,2026-01-01,2026-12-31,,Annual,Active,Meridian CAD Solutions Ltd,renewals@meridiancad.example,Highways
71203345520,110045670002,Architecture Engineering & Construction Collection,2,2026-10-01,2027-09-30,2027-09-30,Annual,Active,Meridian CAD Solutions Ltd,renewals@meridiancad.example,Water
71203345521,110045670002,Revit,1,2026-10-01,2027-09-30,2027-09-30,Annual,Active,Meridian CAD Solutions Ltd,renewals@meridiancad.example,Water
";

const NORTHFIELD_USERS: &str = "\
autodesk_id,email,first_name,last_name,role,offering_name,product_name,team_alias,account_status
RTTBU9E4GS8N,gareth.owens@northfield.example,Gareth,Owens,Primary Admin,Civil 3D,Civil 3D,Highways,Active
56LTST2U73QK,ana.ribeiro@northfield.example,Ana,Ribeiro,Secondary Admin,Civil 3D,Civil 3D,Highways,Active
56LTST2U73QK,ana.ribeiro@northfield.example,Ana,Ribeiro,Secondary Admin,AutoCAD,AutoCAD,Highways,Active
J4T2SEKF25EL,sunil.mehta@northfield.example,Sunil,Mehta,User,Civil 3D,Civil 3D,Highways,Active
XMZQY4GZMYKQ,colin.marsh@northfield.example,Colin,Marsh,User,Civil 3D,Civil 3D,Highways,Inactive
WYKSA75N35J7,lena.kowalski@northfield.example,Lena,Kowalski,User,,,Highways,Active
RKP87E4T2LXC,priya.nair@northfield.example,Priya,Nair,User,Architecture Engineering & Construction Collection,Architecture Engineering & Construction Collection,Water,Active
RKP87E4T2LXC,priya.nair@northfield.example,Priya,Nair,User,Revit,Revit,Water,Active
YL8VW6VJ7R54,owen.jenkins@northfield.example,Owen,Jenkins,User,Architecture Engineering & Construction Collection,Architecture Engineering & Construction Collection,Water,Active
";

/// Every user has a `last_accessed` on some row, or no `days_inactive` either: `convert`
/// takes no `--as-of`, so no `last_active` here depends on "today".
const NORTHFIELD_USAGE_ROWS: &str = "\
e27d35bedbaf67c603735f67dcaf692a,Gareth,Owens,gareth.owens@northfield.example,RTTBU9E4GS8N,Highways,Highways,Civil 3D,2027,assigned,2026-01-05,,Active,2,Subscription,171,14.2,0,2026-10-30
944abc1e2b5806a568bc3814f49048ac,Ana,Ribeiro,ana.ribeiro@northfield.example,56LTST2U73QK,Highways,Highways,Civil 3D,2027,assigned,2026-01-05,,Active,3,Subscription,158,13.2,0,2026-10-29
944abc1e2b5806a568bc3814f49048ac,Ana,Ribeiro,ana.ribeiro@northfield.example,56LTST2U73QK,Highways,Highways,AutoCAD,2026,assigned,2026-03-02,,Inactive,40,Subscription,11,1.4,0,2026-09-22
04acab2dd0b98751723103caaae67474,Sunil,Mehta,sunil.mehta@northfield.example,J4T2SEKF25EL,Highways,Highways,Civil 3D,2027,assigned,2026-09-01,,Inactive,,Subscription,0,0.0,0,
1c9e0f2a3b4c5d6e7f8091a2b3c4d5e6,Colin,Marsh,colin.marsh@northfield.example,XMZQY4GZMYKQ,Highways,Highways,Civil 3D,2026,assigned,2026-01-05,,Inactive,175,Subscription,22,2.1,0,2026-05-10
3e8b7f55b29a7d41e404e80fc6e37308,Lena,Kowalski,lena.kowalski@northfield.example,WYKSA75N35J7,Highways,Highways,AutoCAD,2026,unassigned,2026-01-05,2026-09-30,Inactive,36,Subscription,41,3.4,0,2026-09-26
f12b8a071ff3d06fa1448d7f67ab3b4d,Priya,Nair,priya.nair@northfield.example,RKP87E4T2LXC,Water,Water,Architecture Engineering & Construction Collection,2027,assigned,2026-10-01,,Active,1,Subscription,25,12.5,0,2026-10-31
f12b8a071ff3d06fa1448d7f67ab3b4d,Priya,Nair,priya.nair@northfield.example,RKP87E4T2LXC,Water,Water,Revit,2027,assigned,2026-10-01,,Active,1,Subscription,25,12.5,0,2026-10-31
30fdb215e02c9e808bf5dab159cdd1df,Owen,Jenkins,owen.jenkins@northfield.example,YL8VW6VJ7R54,Water,Water,Architecture Engineering & Construction Collection,2027,assigned,2026-10-01,,Active,5,Flex,6,3.0,12,2026-10-27
";

/// The findings as (rule, subject), sorted, RC502 aside.
fn rule_subjects(v: &Value) -> Vec<String> {
    let mut all: Vec<String> = all_findings(v)
        .iter()
        .filter(|f| f["rule"] != "RC502")
        .map(|f| format!("{} {}", f["rule"], f["subject"]))
        .collect();
    all.sort();
    all
}

#[test]
fn convert_writes_a_snapshot_that_gives_the_same_findings_as_its_exports() {
    // "`rollcall convert` writes `unknown` for every role that no input names, so that a
    // converted snapshot gives the same findings as the exports it came from." The exports
    // exercise seat usage (RC306 sunil, RC307 ana's AutoCAD, RC308 priya's Revit), an
    // unassigned row (lena: RC303, AutoCAD 1 of 2: RC301), a dormant holder (RC304 colin),
    // unknown roles (RC503, RC401 staying a warning), idle seats at renewal (RC405) and a team
    // without admins (RC109 Water).
    let usage = format!("{USAGE_HEADER}{NORTHFIELD_USAGE_ROWS}");
    let exports = write_tree(&[
        ("northfield/subscriptions.csv", NORTHFIELD_SUBSCRIPTIONS),
        ("northfield/usage.csv", &usage),
        ("northfield/users.csv", NORTHFIELD_USERS),
    ]);
    let folder = exports.path().join("northfield");
    let out = Command::cargo_bin("rollcall")
        .expect("the rollcall binary is built")
        .arg("convert")
        .arg(&folder)
        .output()
        .expect("run rollcall convert");
    assert!(
        out.status.success(),
        "convert succeeds: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let snapshot = String::from_utf8(out.stdout).expect("convert writes UTF-8");
    let converted = write_tree(&[("northfield/account.yaml", &snapshot)]);

    let from_exports = audit_path(&folder, AS_OF);
    let from_snapshot = audit_path(&converted.path().join("northfield"), AS_OF);

    let present = codes(&from_exports);
    for rule in [
        "RC109", "RC301", "RC303", "RC304", "RC306", "RC307", "RC308", "RC401", "RC405", "RC503",
    ] {
        assert!(
            present.iter().any(|c| c == rule),
            "the exports give {rule}:\n{from_exports:#}"
        );
    }
    assert_eq!(
        rule_subjects(&from_exports),
        rule_subjects(&from_snapshot),
        "converted snapshot:\n{snapshot}"
    );
    for v in [&from_exports, &from_snapshot] {
        for f in findings(v, "RC401") {
            assert_eq!(f["severity"], "warning", "an unknown CM: {f:#}");
        }
    }
}
