//! End-to-end tests of the rules that version 2 of the rule catalog adds (`rules.md`, the rows
//! marked *(v2)*: RC108, RC109, RC306 to RC309, RC403 to RC405) and of their options, derived
//! from the words of the specification, not from the implementation.
//!
//! Every test writes its accounts into a fresh temporary folder (one folder per customer, so
//! the temporary folder is a portfolio), runs the built binary on it with `--format json` and
//! asserts on the JSON document it prints. Expected locations are computed from the fixture
//! text with [`at`]: the `^` in a marker such as `"contract_manager: ^jane"` is the first
//! character of the value the finding must point at (1-based line, column in characters).
//! Options are set in a `rollcall.yaml` at the portfolio root (`options:`, docs/configuration.md).
//!
//! Every fixture sets `as_of: 2026-11-01`. Day arithmetic used below:
//! before: 29 days = 2026-10-03, 30 = 2026-10-02, 89 = 2026-08-04, 90 = 2026-08-03,
//! 91 = 2026-08-02; after: 44 days = 2026-12-15, 90 = 2027-01-30, 91 = 2027-01-31,
//! 106 = 2027-02-15, 365 = 2027-11-01, 366 = 2027-11-02.

use crate::common::{
    account_only, assert_no_findings, at, at_nth, check_root as rollcall, codes, contract_only,
    contract_user, findings, subject, team_user, write_tree,
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

/// The snapshot every single-account test writes.
const ACME: &str = "/acme/account.yaml";

fn rule_meta(code: &str) -> (&'static str, &'static str) {
    RULES.iter().find(|(c, _, _)| *c == code).map_or_else(
        || panic!("{code} is not in the catalog"),
        |(_, name, severity)| (*name, *severity),
    )
}

/// Writes `files` and runs rollcall on the portfolio with extra `args`.
fn run(files: &[(&str, &str)], args: &[&str]) -> (i32, Value) {
    let dir = write_tree(files);
    rollcall(dir.path(), args)
}

/// Audits a portfolio whose inputs are all valid: `--fail-on never` must give exit status 0.
fn audit(files: &[(&str, &str)]) -> Value {
    let (code, json) = run(files, &["--fail-on", "never"]);
    assert_eq!(
        code, 0,
        "valid input with --fail-on never must exit 0:\n{json:#}"
    );
    assert_eq!(json["errors"], json!([]), "no input errors:\n{json:#}");
    json
}

/// Audits one valid account written to `acme/account.yaml`.
fn audit_one(yaml: &str) -> Value {
    audit(&[("acme/account.yaml", yaml)])
}

/// Audits one account under a portfolio-level `rollcall.yaml` holding `options`.
fn audit_with_options(options: &str, yaml: &str) -> Value {
    let config = format!("options:\n{options}");
    audit(&[("rollcall.yaml", &config), ("acme/account.yaml", yaml)])
}

fn team_only(team: &str) -> Value {
    subject(None, Some(team), None, None)
}
fn team_product(team: &str, product: &str) -> Value {
    subject(None, Some(team), Some(product), None)
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

/// One expected finding of a rule.
struct Want {
    severity: Option<&'static str>,
    subject: Value,
    file: &'static str,
    at: (u64, u64),
}

/// An expected finding in `acme/account.yaml` with the rule's default severity.
fn want(subject: Value, at: (u64, u64)) -> Want {
    Want {
        severity: None,
        subject,
        file: ACME,
        at,
    }
}

impl Want {
    fn severity(mut self, severity: &'static str) -> Self {
        self.severity = Some(severity);
        self
    }
}

#[track_caller]
fn assert_finding(
    f: &Value,
    rule: &str,
    severity: &str,
    subject: &Value,
    file_suffix: &str,
    at: (u64, u64),
) {
    let (name, _) = rule_meta(rule);
    assert_eq!(f["rule"], rule, "rule of {f:#}");
    assert_eq!(f["name"], name, "name of {f:#}");
    assert_eq!(f["severity"], severity, "severity of {f:#}");
    assert_eq!(&f["subject"], subject, "subject of {f:#}");
    let file = f["location"]["file"].as_str().unwrap_or_default();
    assert!(
        file.ends_with(file_suffix),
        "location.file of {f:#} should end with {file_suffix}"
    );
    assert_eq!(
        (
            f["location"]["line"].as_u64(),
            f["location"]["column"].as_u64()
        ),
        (Some(at.0), Some(at.1)),
        "location line/column of {f:#}"
    );
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
        assert_finding(
            f,
            rule,
            w.severity.unwrap_or(default_severity),
            &w.subject,
            w.file,
            w.at,
        );
    }
}

/// The users of one rule's findings, sorted.
fn users_of(v: &Value, rule: &str) -> Vec<String> {
    let mut users: Vec<String> = findings(v, rule)
        .iter()
        .map(|f| f["subject"]["user"].as_str().unwrap_or("<none>").to_owned())
        .collect();
    users.sort();
    users
}

// ---------------------------------------------------------------------------------------------
// RC108 reseller-holds-role
// ---------------------------------------------------------------------------------------------

/// The reseller contact is on the first contract only; its domain is cadpartner.example.
const RC108: &str = r#"account: Acme Engineering Ltd
domains: [acme.example]
as_of: 2026-11-01
policy:
  roles_across_contracts: separate
contracts:
  - number: "110001234561"
    ends: 2027-06-30
    reseller: renewals@cadpartner.example
    contract_manager: jane.doe@acme.example
    software_coordinators: [support@cadpartner.example, tom.ng@gmail.example]
  - number: "110001234562"
    ends: 2027-06-30
    contract_manager: accounts@cadpartner.example
    software_coordinators: [support@cadpartner.example, mark.lee@acme.example]
teams:
  - name: Design
    primary_admin: jane.doe@acme.example
    secondary_admins: [helpdesk@cadpartner.example]
"#;

#[test]
fn rc108_fires_per_holder_role_and_contract_or_team_in_a_reseller_domain() {
    // "a role holder's address is in the domain of a reseller contact of the account (any
    // contract's `reseller` address) and in none of the account's `domains`". "RC105 does not
    // fire for the same holder, role and contract or team": only tom.ng (gmail) is RC105.
    let y = RC108;
    let v = audit_one(y);
    assert_eq!(
        codes(&v),
        ["RC105", "RC108", "RC108", "RC108", "RC108"],
        "{v:#}"
    );
    expect_rule(
        &v,
        "RC108",
        &[
            want(
                contract_user("110001234561", "support@cadpartner.example"),
                at_nth(y, "[^support@cadpartner.example", 1),
            ),
            want(
                contract_user("110001234562", "accounts@cadpartner.example"),
                at(y, "contract_manager: ^accounts@"),
            ),
            want(
                contract_user("110001234562", "support@cadpartner.example"),
                at_nth(y, "[^support@cadpartner.example", 2),
            ),
            want(
                team_user("Design", "helpdesk@cadpartner.example"),
                at(y, "[^helpdesk@"),
            ),
        ],
    );
    expect_rule(
        &v,
        "RC105",
        &[want(
            contract_user("110001234561", "tom.ng@gmail.example"),
            at(y, "^tom.ng@"),
        )],
    );
}

#[test]
fn rc108_is_silent_when_the_reseller_domain_is_one_of_the_accounts_domains() {
    // "... and in none of the account's `domains`": listed as the customer's own, the reseller
    // domain is neither RC108 nor RC105.
    let y = RC108.replace(
        "domains: [acme.example]",
        "domains: [acme.example, cadpartner.example]",
    );
    let v = audit_one(&y);
    assert_eq!(codes(&v), ["RC105"], "{v:#}");
    assert_eq!(users_of(&v, "RC105"), ["tom.ng@gmail.example"]);
}

#[test]
fn without_a_reseller_contact_the_same_holders_are_rc105_not_rc108() {
    // RC108 needs "a reseller contact of the account"; without one, RC105 ("a personal
    // mailbox, the reseller") reports every holder outside `domains`.
    let y = RC108.replace("    reseller: renewals@cadpartner.example\n", "");
    assert!(!y.contains("reseller:"));
    let v = audit_one(&y);
    assert_eq!(
        codes(&v),
        ["RC105", "RC105", "RC105", "RC105", "RC105"],
        "{v:#}"
    );
}

// ---------------------------------------------------------------------------------------------
// RC109 orphan-team
// ---------------------------------------------------------------------------------------------

/// Field is named by two contracts and has no teams entry; Site has an entry without admins;
/// Render has an SSO admin only; Design has a primary and a secondary admin.
const RC109: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234561"
    team: Design
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
  - number: "110001234562"
    team: Field
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
  - number: "110001234563"
    team: Field
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
  - number: "110001234564"
    team: Site
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
  - number: "110001234565"
    team: Render
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
teams:
  - name: Design
    primary_admin: jane.doe@acme.example
    secondary_admins: [mark.lee@acme.example]
  - name: Site
    secondary_admins: []
    sso_admins: []
  - name: Render
    sso_admins: [mark.lee@acme.example]
"#;

#[test]
fn rc109_fires_once_per_team_without_admins_at_the_first_contracts_team_value() {
    // "a team that a contract names has no primary, secondary or SSO admin (including a team
    // that no teams entry lists)". "One per team", pointing at "the first contract's `team`
    // value". Render has an SSO admin: not an orphan.
    let y = RC109;
    let v = audit_one(y);
    assert_eq!(codes(&v), ["RC109", "RC109"], "{v:#}");
    expect_rule(
        &v,
        "RC109",
        &[
            want(team_only("Field"), at_nth(y, "team: ^Field", 1)),
            want(team_only("Site"), at(y, "team: ^Site")),
        ],
    );
}

#[test]
fn rc109_is_silent_when_team_roles_are_unknown() {
    // "team roles are known (the snapshot has `teams`, or a users export was read)": no
    // `teams` key and no users export, so nothing is known about any team's admins.
    let y = RC109
        .split("teams:\n")
        .next()
        .expect("the fixture has teams");
    assert!(!y.contains("teams:") && y.contains("team: Field"));
    assert_no_findings(&audit_one(y));
}

const RC109_SNAPSHOT: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234561"
    team: Design
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
  - number: "110001234562"
    team: Field
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
"#;

const RC109_USERS_CSV: &str = "\
autodesk_id,email,first_name,last_name,role,offering_name,product_name,team_alias,account_status
A1B2C3D4E5F6,jane.doe@acme.example,Jane,Doe,Primary Admin,,,Design,Active
G7H8J9K1L2M3,mark.lee@acme.example,Mark,Lee,Secondary Admin,,,Design,Active
";

#[test]
fn rc109_fires_when_a_users_export_gives_the_team_roles() {
    // "or a users export was read": the snapshot has no `teams`, the users export makes
    // Design's admins known and names nobody for Field.
    let v = audit(&[
        ("acme/account.yaml", RC109_SNAPSHOT),
        ("acme/users.csv", RC109_USERS_CSV),
    ]);
    assert_eq!(codes(&v), ["RC109"], "{v:#}");
    expect_rule(
        &v,
        "RC109",
        &[want(team_only("Field"), at(RC109_SNAPSHOT, "team: ^Field"))],
    );
}

// ---------------------------------------------------------------------------------------------
// RC306 unused-seat
// ---------------------------------------------------------------------------------------------

const RC306: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
users:
  - email: jane.doe@acme.example
  - email: mark.lee@acme.example
  - email: ann.ito@acme.example
  - email: ben.okafor@acme.example
  - email: cat.lund@acme.example
  - email: dev.rao@acme.example
  - email: eli.moss@acme.example
    status: inactive
  - email: fay.wu@acme.example
  - email: gus.hale@acme.example
  - email: hal.berg@acme.example
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: AutoCAD
        seats: 9
        assigned:
          - user: ann.ito@acme.example
            assigned_on: 2026-10-02
            days_used: 0
          - user: ben.okafor@acme.example
            assigned_on: 2026-10-03
            days_used: 0
          - user: cat.lund@acme.example
            days_used: 0
          - user: dev.rao@acme.example
            assigned_on: 2026-01-05
            days_used: 0
            last_used: 2026-02-01
          - user: eli.moss@acme.example
            assigned_on: 2026-01-05
            days_used: 0
          - user: fay.wu@acme.example
            assigned_on: 2026-01-05
          - user: gus.hale@acme.example
            assigned_on: 2026-01-05
            days_used: 4
          - user: jane.doe@acme.example
            assigned_on: 2026-03-02
            days_used: 0
          - hal.berg@acme.example
"#;

#[test]
fn rc306_fires_at_30_days_not_29_and_when_assigned_on_is_unknown() {
    // "`days_used` is known and 0, it has no `last_used`, and it was assigned at least
    // `unused_days` (default 30) before today (or `assigned_on` is unknown)". ann: 30 days;
    // ben: 29; cat: assigned_on unknown; dev: has a last_used; fay: days_used unknown; gus:
    // 4 days used; hal: a plain address, no usage. jane is the CM: it still fires (the message
    // says the purchaser got the seat automatically). eli is dormant: "Where RC304 fires on a
    // seat, RC306 does not."
    let y = RC306;
    let v = audit_one(y);
    assert_eq!(codes(&v), ["RC304", "RC306", "RC306", "RC306"], "{v:#}");
    let c = "110001234567";
    expect_rule(
        &v,
        "RC306",
        &[
            want(
                contract_product_user(c, "AutoCAD", "ann.ito@acme.example"),
                at(y, "- user: ^ann.ito"),
            ),
            want(
                contract_product_user(c, "AutoCAD", "cat.lund@acme.example"),
                at(y, "- user: ^cat.lund"),
            ),
            want(
                contract_product_user(c, "AutoCAD", "jane.doe@acme.example"),
                at(y, "- user: ^jane.doe"),
            ),
        ],
    );
    expect_rule(
        &v,
        "RC304",
        &[want(
            contract_product_user(c, "AutoCAD", "eli.moss@acme.example"),
            at(y, "- user: ^eli.moss"),
        )],
    );
}

#[test]
fn option_unused_days_changes_which_seats_are_unused() {
    // `unused_days` (default 30) is RC306's threshold: at 29, ben's seat (29 days) counts.
    let v = audit_with_options("  unused_days: 29\n", RC306);
    assert_eq!(
        users_of(&v, "RC306"),
        [
            "ann.ito@acme.example",
            "ben.okafor@acme.example",
            "cat.lund@acme.example",
            "jane.doe@acme.example"
        ],
        "{v:#}"
    );
    // And at 31, ann's seat (30 days) no longer does.
    let v = audit_with_options("  unused_days: 31\n", RC306);
    assert_eq!(
        users_of(&v, "RC306"),
        ["cat.lund@acme.example", "jane.doe@acme.example"],
        "{v:#}"
    );
}

// ---------------------------------------------------------------------------------------------
// RC307 occasional-use-seat
// ---------------------------------------------------------------------------------------------

const RC307: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
users:
  - email: jane.doe@acme.example
  - email: mark.lee@acme.example
  - email: ann.ito@acme.example
  - email: ben.okafor@acme.example
  - email: cat.lund@acme.example
  - email: dev.rao@acme.example
  - email: eli.moss@acme.example
    status: inactive
  - email: fay.wu@acme.example
  - email: gus.hale@acme.example
  - email: hal.berg@acme.example
  - email: ivy.chen@acme.example
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: Revit
        seats: 9
        assigned:
          - user: ann.ito@acme.example
            assigned_on: 2026-08-03
            days_used: 4
            monthly_average: 1.5
            access: subscription
          - user: ben.okafor@acme.example
            assigned_on: 2026-08-04
            days_used: 4
            monthly_average: 1.5
            access: subscription
          - user: cat.lund@acme.example
            assigned_on: 2025-11-01
            days_used: 36
            monthly_average: 3.0
            access: subscription
          - user: dev.rao@acme.example
            assigned_on: 2025-11-01
            days_used: 12
            monthly_average: 1.0
            access: flex
          - user: eli.moss@acme.example
            assigned_on: 2025-11-01
            days_used: 12
            monthly_average: 1.0
            access: subscription
          - user: fay.wu@acme.example
            assigned_on: 2025-11-01
            monthly_average: 0.0
            access: subscription
          - user: gus.hale@acme.example
            days_used: 12
            monthly_average: 1.0
            access: subscription
          - user: hal.berg@acme.example
            assigned_on: 2026-06-01
            days_used: 0
            monthly_average: 0.5
            access: subscription
          - user: ivy.chen@acme.example
            assigned_on: 2025-11-01
            days_used: 35
            monthly_average: 2.9
            access: subscription
"#;

#[test]
fn rc307_fires_for_light_use_of_a_subscription_seat_held_90_days() {
    // "`access` is not `flex`, assigned at least 90 days before today (`assigned_on` known),
    // its holder is not dormant, and its `monthly_average` is known, above 0 and below
    // `occasional_days` (default 3.0)". ann: exactly 90 days, 1.5; ivy: 2.9. ben: 89 days;
    // cat: 3.0 is not below 3.0; dev: flex; fay: 0.0 is not above 0; gus: assigned_on
    // unknown; eli: dormant (RC304); hal: RC306 fires on the seat ("Does not fire where RC304
    // or RC306 fires on the same seat").
    let y = RC307;
    let v = audit_one(y);
    assert_eq!(codes(&v), ["RC304", "RC306", "RC307", "RC307"], "{v:#}");
    let c = "110001234567";
    expect_rule(
        &v,
        "RC307",
        &[
            want(
                contract_product_user(c, "Revit", "ann.ito@acme.example"),
                at(y, "- user: ^ann.ito"),
            ),
            want(
                contract_product_user(c, "Revit", "ivy.chen@acme.example"),
                at(y, "- user: ^ivy.chen"),
            ),
        ],
    );
    expect_rule(
        &v,
        "RC306",
        &[want(
            contract_product_user(c, "Revit", "hal.berg@acme.example"),
            at(y, "- user: ^hal.berg"),
        )],
    );
    expect_rule(
        &v,
        "RC304",
        &[want(
            contract_product_user(c, "Revit", "eli.moss@acme.example"),
            at(y, "- user: ^eli.moss"),
        )],
    );
}

#[test]
fn option_occasional_days_changes_what_counts_as_occasional_use() {
    // `occasional_days` (default 3.0, "days a month, a decimal"): at 3.5, cat's 3.0 is below.
    let v = audit_with_options("  occasional_days: 3.5\n", RC307);
    assert_eq!(
        users_of(&v, "RC307"),
        [
            "ann.ito@acme.example",
            "cat.lund@acme.example",
            "ivy.chen@acme.example"
        ],
        "{v:#}"
    );
    // At 2.0, ivy's 2.9 no longer is.
    let v = audit_with_options("  occasional_days: 2.0\n", RC307);
    assert_eq!(users_of(&v, "RC307"), ["ann.ito@acme.example"], "{v:#}");
}

// ---------------------------------------------------------------------------------------------
// RC308 collection-overlap
// ---------------------------------------------------------------------------------------------

const RC308: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234561"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: Architecture Engineering & Construction Collection
        seats: 3
        assigned: [ann.ito@acme.example, ben.okafor@acme.example, cat.lund@acme.example]
      - name: AutoCAD - including specialized toolsets
        seats: 2
        assigned: [ann.ito@acme.example, dev.rao@acme.example]
      - name: Maya
        seats: 1
        assigned: [ben.okafor@acme.example]
  - number: "110001234562"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: revit
        seats: 1
        assigned: [BEN.OKAFOR@acme.example]
"#;

#[test]
fn rc308_fires_on_the_standalone_seat_of_a_collection_holder_in_the_same_account() {
    // "a user holds a seat of an Industry Collection and, in the same account, a seat of a
    // product that the collection covers". ann: AEC + "AutoCAD - including specialized
    // toolsets" (the ` - ` suffix); ben: AEC + "revit" on another contract (names compare
    // case-insensitively). ben's Maya is not covered by AEC; dev holds no collection.
    let y = RC308;
    let v = audit_one(y);
    assert_eq!(codes(&v), ["RC308", "RC308"], "{v:#}");
    expect_rule(
        &v,
        "RC308",
        &[
            want(
                contract_product_user(
                    "110001234561",
                    "AutoCAD - including specialized toolsets",
                    "ann.ito@acme.example",
                ),
                at(y, "assigned: [^ann.ito@acme.example, dev"),
            ),
            want(
                contract_product_user("110001234562", "revit", "ben.okafor@acme.example"),
                at(y, "[^BEN.OKAFOR"),
            ),
        ],
    );
}

/// Other collection names of the catalog, `&` written as `and`, runs of spaces, an
/// ` including` suffix, and one user holding two collections that both cover `AutoCAD`.
const RC308_NAMES: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: AEC Collection
        seats: 1
        assigned: [ann.ito@acme.example]
      - name: Navisworks  Manage
        seats: 1
        assigned: [ann.ito@acme.example]
      - name: product design and manufacturing collection
        seats: 1
        assigned: [ben.okafor@acme.example]
      - name: Inventor Professional including Nastran
        seats: 1
        assigned: [ben.okafor@acme.example]
      - name: PD&M Collection
        seats: 1
        assigned: [cat.lund@acme.example]
      - name: Fusion
        seats: 1
        assigned: [cat.lund@acme.example]
      - name: M&E Collection
        seats: 1
        assigned: [dev.rao@acme.example]
      - name: 3ds Max
        seats: 1
        assigned: [dev.rao@acme.example]
      - name: Architecture, Engineering & Construction Collection
        seats: 1
        assigned: [eve.park@acme.example]
      - name: Product Design & Manufacturing Collection
        seats: 1
        assigned: [eve.park@acme.example]
      - name: AutoCAD
        seats: 1
        assigned: [eve.park@acme.example]
      - name: Maya
        seats: 1
        assigned: [ann.ito@acme.example]
"#;

#[test]
fn rc308_matches_catalog_names_and_reports_one_finding_per_standalone_seat() {
    // "Names compare case-insensitively, with `&` equal to `and` and runs of spaces folded;
    // an offering's name also matches a catalog product when it is that name followed by
    // ` - ` or ` including` and more", under each collection's other names. eve holds AEC and
    // PDMC, both covering AutoCAD: "One finding per standalone seat". ann's Maya is not
    // covered by AEC.
    let y = RC308_NAMES;
    let v = audit_one(y);
    assert_eq!(
        codes(&v),
        ["RC308", "RC308", "RC308", "RC308", "RC308"],
        "{v:#}"
    );
    let c = "110001234567";
    let seat = |product: &str, user: &str| {
        at(
            y,
            &format!("- name: {product}\n        seats: 1\n        assigned: [^{user}]"),
        )
    };
    expect_rule(
        &v,
        "RC308",
        &[
            want(
                contract_product_user(c, "Navisworks  Manage", "ann.ito@acme.example"),
                seat("Navisworks  Manage", "ann.ito@acme.example"),
            ),
            want(
                contract_product_user(
                    c,
                    "Inventor Professional including Nastran",
                    "ben.okafor@acme.example",
                ),
                seat(
                    "Inventor Professional including Nastran",
                    "ben.okafor@acme.example",
                ),
            ),
            want(
                contract_product_user(c, "Fusion", "cat.lund@acme.example"),
                seat("Fusion", "cat.lund@acme.example"),
            ),
            want(
                contract_product_user(c, "3ds Max", "dev.rao@acme.example"),
                seat("3ds Max", "dev.rao@acme.example"),
            ),
            want(
                contract_product_user(c, "AutoCAD", "eve.park@acme.example"),
                seat("AutoCAD", "eve.park@acme.example"),
            ),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// RC309 expired-invitation
// ---------------------------------------------------------------------------------------------

const RC309: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
users:
  - email: jane.doe@acme.example
  - email: mark.lee@acme.example
  - email: nina.patel@acme.example
    status: invited
    invited_on: 2026-08-02
  - email: omar.haddad@acme.example
    status: pending
    invited_on: 2026-08-03
  - email: pia.berg@acme.example
    status: invited
    invited_on: 2025-12-01
  - email: quinn.ray@acme.example
    status: active
    invited_on: 2025-01-15
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
"#;

#[test]
fn rc309_fires_past_90_days_and_replaces_rc305() {
    // "`invited_on` is more than `invite_expiry_days` (default 90) before today ... RC305 does
    // not fire for that user." nina: 91 days (RC309 only); omar (pending = invited): exactly
    // 90, still RC305; pia: 335 days; quinn is not invited.
    let y = RC309;
    let v = audit_one(y);
    assert_eq!(codes(&v), ["RC305", "RC309", "RC309"], "{v:#}");
    expect_rule(
        &v,
        "RC309",
        &[
            want(
                user_only("nina.patel@acme.example"),
                at(y, "invited_on: ^2026-08-02"),
            ),
            want(
                user_only("pia.berg@acme.example"),
                at(y, "invited_on: ^2025-12-01"),
            ),
        ],
    );
    expect_rule(
        &v,
        "RC305",
        &[want(
            user_only("omar.haddad@acme.example"),
            at(y, "invited_on: ^2026-08-03"),
        )],
    );
}

#[test]
fn option_invite_expiry_days_moves_the_line_between_rc305_and_rc309() {
    // `invite_expiry_days` (default 90) is RC309's threshold: at 100, nina's 91 days are
    // RC305 again; at 89, omar's 90 days are RC309.
    let v = audit_with_options("  invite_expiry_days: 100\n", RC309);
    assert_eq!(codes(&v), ["RC305", "RC305", "RC309"], "{v:#}");
    assert_eq!(users_of(&v, "RC309"), ["pia.berg@acme.example"]);
    let v = audit_with_options("  invite_expiry_days: 89\n", RC309);
    assert_eq!(codes(&v), ["RC309", "RC309", "RC309"], "{v:#}");
}

#[test]
fn invite_expiry_days_not_above_invite_days_is_a_configuration_error() {
    // "`invite_expiry_days` ... (must be above `invite_days`)"; a wrong configuration is
    // exit status 2 (output.md).
    let (code, v) = run(
        &[
            (
                "rollcall.yaml",
                "options:\n  invite_days: 7\n  invite_expiry_days: 7\n",
            ),
            ("acme/account.yaml", RC309),
        ],
        &["--fail-on", "never"],
    );
    assert_eq!(code, 2, "{v:#}");
}

// ---------------------------------------------------------------------------------------------
// RC403 mixed-end-dates-in-pool
// ---------------------------------------------------------------------------------------------

// Contracts of RC403 fixtures end in 2028, more than 365 days after as_of (no RC404).

const RC403: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234561"
    team: Design
    ends: 2028-05-31
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: AutoCAD
        seats: 2
  - number: "110001234562"
    team: Design
    ends: 2028-04-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: AutoCAD
        seats: 3
      - name: Revit
        seats: 1
  - number: "110001234563"
    team: Design
    ends: 2028-05-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: Revit
        seats: 1
  - number: "110001234564"
    team: Design
    ends: 2028-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: AutoCAD
        seats: 1
  - number: "110001234565"
    team: Field
    ends: 2028-09-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: AutoCAD
        seats: 1
  - number: "110001234566"
    ends: 2028-12-31
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: AutoCAD
        seats: 1
"#;

#[test]
fn rc403_fires_once_per_team_and_product_when_ends_are_more_than_30_days_apart() {
    // "two or more contracts name the same team, sell a product of the same name, and their
    // `ends` are more than `pool_days` (default 30) apart". Design AutoCAD: 2028-04-30,
    // 2028-05-31 (31 days) and 2028-06-30: one finding ("One per team and product") at the
    // `ends` of the contract that ends first. Design Revit: exactly 30 days apart, silent.
    // Field and the contract without a team are no pool.
    let y = RC403;
    let v = audit_one(y);
    assert_eq!(codes(&v), ["RC403"], "{v:#}");
    expect_rule(
        &v,
        "RC403",
        &[want(
            team_product("Design", "AutoCAD"),
            at(y, "ends: ^2028-04-30"),
        )],
    );
}

const RC403_RENEWAL: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234571"
    team: Design
    ends: 2028-04-30
    auto_renew: false
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: AutoCAD
        seats: 2
  - number: "110001234572"
    team: Design
    ends: 2028-04-30
    auto_renew: true
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: AutoCAD
        seats: 2
"#;

#[test]
fn rc403_fires_when_one_renews_automatically_and_another_does_not_a_tie_goes_to_the_first() {
    // "... or one renews automatically and another does not"; same `ends`: "a tie: the first
    // in the file".
    let y = RC403_RENEWAL;
    let v = audit_one(y);
    assert_eq!(codes(&v), ["RC403"], "{v:#}");
    expect_rule(
        &v,
        "RC403",
        &[want(
            team_product("Design", "AutoCAD"),
            at_nth(y, "ends: ^2028-04-30", 1),
        )],
    );
    // Both renewing automatically, on the same day: nothing to report.
    let same = y.replace("auto_renew: false", "auto_renew: true");
    assert_no_findings(&audit_one(&same));
}

const RC403_UNKNOWN_END: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234581"
    team: Design
    auto_renew: true
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: AutoCAD
        seats: 2
  - number: "110001234582"
    team: Design
    ends: 2028-04-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: AutoCAD
        seats: 2
  - number: "110001234583"
    team: Design
    ends: 2028-05-10
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: AutoCAD
        seats: 1
"#;

#[test]
fn rc403_leaves_out_contracts_whose_end_is_unknown() {
    // "Contracts whose `ends` is unknown are left out": the first (auto-renewing, no `ends`)
    // does not make a renewal mismatch; the other two end 10 days apart and do not renew.
    assert_no_findings(&audit_one(RC403_UNKNOWN_END));
}

const RC403_CASE: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234591"
    team: Design
    ends: 2028-04-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: AutoCAD
        seats: 2
  - number: "110001234592"
    team: Design
    ends: 2028-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: autocad
        seats: 2
"#;

#[test]
fn rc403_compares_product_names_case_insensitively() {
    // "sell a product of the same name (case-insensitive)".
    let y = RC403_CASE;
    let v = audit_one(y);
    assert_eq!(codes(&v), ["RC403"], "{v:#}");
    let f = findings(&v, "RC403")[0];
    assert_eq!(f["name"], "mixed-end-dates-in-pool");
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["subject"]["team"], "Design", "{f:#}");
    assert_eq!(f["subject"]["contract"], Value::Null, "{f:#}");
    assert_eq!(f["subject"]["user"], Value::Null, "{f:#}");
    // Which contract's spelling names the product is not specified; it is AutoCAD either way.
    assert_eq!(
        f["subject"]["product"]
            .as_str()
            .map(str::to_lowercase)
            .as_deref(),
        Some("autocad"),
        "{f:#}"
    );
    let (line, column) = at(y, "ends: ^2028-04-30");
    assert_eq!(
        (
            f["location"]["line"].as_u64(),
            f["location"]["column"].as_u64()
        ),
        (Some(line), Some(column)),
        "{f:#}"
    );
}

#[test]
fn option_pool_days_changes_how_far_apart_ends_may_be() {
    // `pool_days` (default 30): at 29, Design Revit (exactly 30 days apart) fires too; at 61,
    // Design AutoCAD (61 days between its first and last ends) no longer does.
    let v = audit_with_options("  pool_days: 29\n", RC403);
    assert_eq!(codes(&v), ["RC403", "RC403"], "{v:#}");
    let mut products: Vec<&str> = findings(&v, "RC403")
        .iter()
        .filter_map(|f| f["subject"]["product"].as_str())
        .collect();
    products.sort_unstable();
    assert_eq!(products, ["AutoCAD", "Revit"]);
    let v = audit_with_options("  pool_days: 61\n", RC403);
    assert_no_findings(&v);
}

// ---------------------------------------------------------------------------------------------
// RC404 staggered-renewals
// ---------------------------------------------------------------------------------------------

const RC404: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234561"
    ends: 2027-05-15
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
  - number: "110001234562"
    ends: 2027-02-15
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
  - number: "110001234563"
    ends: 2027-11-01
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
  - number: "110001234564"
    ends: 2027-02-15
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
"#;

#[test]
fn rc404_fires_when_renewals_within_365_days_fall_in_more_than_two_months() {
    // "the `ends` ... that end today or within the 365 days after today fall in more than
    // `max_renewal_months` (default 2) distinct calendar months": 2027-02, 2027-05 and
    // 2027-11 (2027-11-01 is day 365). "One per account", at "the `ends` value of the
    // contract that ends first (a tie: the first in the file)".
    let y = RC404;
    let v = audit_one(y);
    assert_eq!(codes(&v), ["RC404"], "{v:#}");
    expect_rule(
        &v,
        "RC404",
        &[want(account_only(), at_nth(y, "ends: ^2027-02-15", 1))],
    );
}

#[test]
fn rc404_counts_calendar_months_not_contracts_and_only_within_365_days() {
    // 2027-02-15 and 2027-02-20 are one month; 2027-11-02 is day 366 and 2026-10-31 ended
    // yesterday: neither counts. Two months: silent.
    let y = RC404
        .replace("ends: 2027-11-01", "ends: 2027-11-02")
        .replacen("ends: 2027-02-15", "ends: 2027-02-20", 1)
        + r#"  - number: "110001234565"
    ends: 2026-10-31
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
"#;
    assert_no_findings(&audit_one(&y));
}

#[test]
fn rc404_counts_a_contract_that_ends_today() {
    // "end today or within the 365 days after today": today's month counts, and that contract
    // ends first. It renews automatically, so RC401 does not fire on it.
    let y = RC404.replace("ends: 2027-11-01", "ends: 2026-11-01\n    auto_renew: true");
    let y = y.replace("ends: 2027-05-15", "ends: 2027-02-28");
    // Months: 2026-11, 2027-02: two, silent.
    assert_no_findings(&audit_one(&y));
    let y = y.replace("ends: 2027-02-28", "ends: 2027-05-15");
    // Months: 2026-11, 2027-02, 2027-05: three.
    let v = audit_one(&y);
    assert_eq!(codes(&v), ["RC404"], "{v:#}");
    expect_rule(
        &v,
        "RC404",
        &[want(account_only(), at(&y, "ends: ^2026-11-01"))],
    );
}

#[test]
fn option_max_renewal_months_changes_how_many_months_are_too_many() {
    // `max_renewal_months` (default 2): three months are not more than 3.
    assert_no_findings(&audit_with_options("  max_renewal_months: 3\n", RC404));
    // And with 1, two months (2027-02 and 2027-05, the 2027-11-01 contract moved to February)
    // are too many.
    let y = RC404.replace("ends: 2027-11-01", "ends: 2027-02-01");
    assert_no_findings(&audit_one(&y));
    let v = audit_with_options("  max_renewal_months: 1\n", &y);
    assert_eq!(codes(&v), ["RC404"], "{v:#}");
    expect_rule(
        &v,
        "RC404",
        &[want(account_only(), at(&y, "ends: ^2027-02-01"))],
    );
}

// ---------------------------------------------------------------------------------------------
// RC405 idle-seats-at-renewal
// ---------------------------------------------------------------------------------------------

const RC405: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
users:
  - email: jane.doe@acme.example
  - email: mark.lee@acme.example
  - email: ann.ito@acme.example
  - email: ben.okafor@acme.example
    status: removed
  - email: cat.lund@acme.example
    last_active: 2026-07-01
contracts:
  - number: "110001234561"
    ends: 2026-12-15
    auto_renew: true
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: AutoCAD
        seats: 5
        assigned: [ann.ito@acme.example, ben.okafor@acme.example]
      - name: Revit
        seats: 2
        assigned: [ann.ito@acme.example, mark.lee@acme.example]
      - name: Civil 3D
        seats: 3
  - number: "110001234562"
    ends: 2027-01-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: AutoCAD
        seats: 1
        assigned: [cat.lund@acme.example]
  - number: "110001234563"
    ends: 2027-01-31
    auto_renew: true
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: AutoCAD
        seats: 4
        assigned: [ann.ito@acme.example]
"#;

#[test]
fn rc405_fires_on_idle_seats_of_contracts_ending_within_the_renewal_window() {
    // "a contract ends today or within `renewal_days` after today (whether or not it renews
    // automatically), and a product of it whose `assigned` list is known has idle seats:
    // `seats` minus the assigned users who are not dormant is 1 or more". 561 AutoCAD: 5 - 1
    // (ben is removed) = 4 idle, auto-renewing; 562 AutoCAD: 1 - 0 (cat idle 123 days) = 1,
    // ending on day 90, not renewing (RC401 too). 561 Revit: no idle seat; 561 Civil 3D:
    // assignments unknown; 563 ends on day 91.
    let y = RC405;
    let v = audit_one(y);
    assert_eq!(
        codes(&v),
        ["RC301", "RC301", "RC304", "RC304", "RC401", "RC405", "RC405"],
        "{v:#}"
    );
    expect_rule(
        &v,
        "RC405",
        &[
            want(
                contract_product("110001234561", "AutoCAD"),
                at(y, "seats: ^5"),
            ),
            want(
                contract_product("110001234562", "AutoCAD"),
                at(y, "seats: ^1\n        assigned: [cat"),
            ),
        ],
    );
    expect_rule(
        &v,
        "RC401",
        &[want(contract_only("110001234562"), at(y, "ends: ^2027-01-30")).severity("warning")],
    );
    expect_rule(
        &v,
        "RC304",
        &[
            want(
                contract_product_user("110001234561", "AutoCAD", "ben.okafor@acme.example"),
                at(y, "ann.ito@acme.example, ^ben.okafor"),
            ),
            want(
                contract_product_user("110001234562", "AutoCAD", "cat.lund@acme.example"),
                at(y, "[^cat.lund"),
            ),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// The v2 rules and their options are listed by `rollcall rules`
// ---------------------------------------------------------------------------------------------

#[test]
fn rollcall_rules_lists_every_v2_rule_and_option_with_its_default() {
    // "Codes and names are public interface"; the Options table gives each new option's
    // default. `rollcall rules --format json` lists rules (code, name, default severity) and
    // the effective options.
    let out = Command::cargo_bin("rollcall")
        .expect("the rollcall binary is built")
        .args(["rules", "--format", "json"])
        .output()
        .expect("run rollcall rules");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("`rollcall rules` prints JSON");
    let rules = v["rules"].as_array().expect("`rules` is an array");
    for code in [
        "RC108", "RC109", "RC306", "RC307", "RC308", "RC309", "RC403", "RC404", "RC405", "RC503",
    ] {
        let (name, severity) = rule_meta(code);
        let rule = rules
            .iter()
            .find(|r| r["code"] == code)
            .unwrap_or_else(|| panic!("`rollcall rules` lists {code}:\n{v:#}"));
        assert_eq!(rule["name"], name, "{rule:#}");
        assert_eq!(rule["default_severity"], severity, "{rule:#}");
    }
    let options = &v["options"];
    for (option, default) in [
        ("invite_expiry_days", 90.0),
        ("unused_days", 30.0),
        ("occasional_days", 3.0),
        ("pool_days", 30.0),
        ("max_renewal_months", 2.0),
    ] {
        assert_eq!(
            options[option].as_f64(),
            Some(default),
            "default of `{option}` in:\n{options:#}"
        );
    }
}

#[test]
fn v2_rules_can_be_selected_by_name() {
    // Rules are selected "by either" code or name: `--select occasional-use-seat`.
    let dir = write_tree(&[("acme/account.yaml", RC307)]);
    let (code, v) = rollcall(
        dir.path(),
        &["--fail-on", "never", "--select", "occasional-use-seat"],
    );
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(codes(&v), ["RC307", "RC307"], "{v:#}");
}
