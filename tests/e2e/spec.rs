//! End-to-end tests of `rollcall check --format json`, derived from the words of the
//! specification (`account-format.md` section 1, `rules.md`, `output.md`), not from the
//! implementation.
//!
//! Every test writes its accounts into a fresh temporary folder (one folder per customer, so
//! the temporary folder is a portfolio), runs the built binary on it and asserts on the JSON
//! document it prints. Expected locations are computed from the fixture text itself with
//! [`at`]: the `^` in a marker such as `"contract_manager: ^jane"` is the first character of
//! the value the finding must point at (1-based line, column counted in characters).
//!
//! Every fixture sets `as_of` (except the `--as-of` tests), so date rules are deterministic.
//! Day arithmetic used below, from `as_of: 2026-11-01`:
//! 7 days before = 2026-10-25, 8 = 2026-10-24, 90 = 2026-08-03, 91 = 2026-08-02;
//! 90 days after = 2027-01-30, 91 = 2027-01-31.

use std::path::Path;

use crate::common::{
    account_only, all_findings, assert_no_findings, at, at_nth, codes, contract_only,
    contract_user, findings, subject, team_user, write_tree,
};
use assert_cmd::Command;
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// The public catalog: code, name, default severity (rules.md).
const RULES: &[(&str, &str, &str)] = &[
    ("RC101", "contract-manager-is-coordinator", "warning"),
    ("RC102", "missing-contract-manager", "error"),
    ("RC103", "unknown-role-holder", "error"),
    ("RC104", "dormant-role-holder", "warning"),
    ("RC105", "external-role-holder", "warning"),
    ("RC106", "no-backup-admin", "warning"),
    ("RC107", "sole-administrator", "warning"),
    ("RC201", "inconsistent-roles-across-contracts", "warning"),
    ("RC202", "undecided-role-policy", "warning"),
    ("RC301", "unassigned-seats", "warning"),
    ("RC302", "over-assigned-seats", "error"),
    ("RC303", "user-without-seat", "warning"),
    ("RC304", "seat-held-by-dormant-user", "warning"),
    ("RC305", "stale-invitation", "warning"),
    ("RC401", "renewal-due", "warning"),
    ("RC402", "expired-contract-with-seats", "error"),
    ("RC501", "duplicate-user", "error"),
];

/// The file every single-account test writes.
const ACME: &str = "/acme/account.yaml";
const ACME_JSON: &str = "/acme/account.json";
const BETA_FILE: &str = "/beta/account.yaml";

fn rule_meta(code: &str) -> (&'static str, &'static str) {
    RULES.iter().find(|(c, _, _)| *c == code).map_or_else(
        || panic!("{code} is not in the catalog"),
        |(_, name, severity)| (*name, *severity),
    )
}

/// Runs `rollcall check <root> --format json <args>` and returns the exit status and the raw
/// standard output and error.
fn rollcall_raw(root: &Path, args: &[&str], envs: &[(&str, &str)]) -> (i32, Vec<u8>, String) {
    let mut cmd = Command::cargo_bin("rollcall").expect("the rollcall binary is built");
    cmd.arg("check")
        .arg(root)
        .args(["--format", "json"])
        .args(args);
    for (key, value) in envs {
        cmd.env(key, value);
    }
    let out = cmd.output().expect("run rollcall");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code().unwrap_or(-1), out.stdout, stderr)
}

/// Like [`rollcall_raw`], with standard output parsed as JSON.
fn rollcall(root: &Path, args: &[&str], envs: &[(&str, &str)]) -> (i32, Value, Vec<u8>) {
    let (code, stdout, stderr) = rollcall_raw(root, args, envs);
    let json = serde_json::from_slice(&stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON document ({e}); exit status {code}\nstdout:\n{}\nstderr:\n{stderr}",
            String::from_utf8_lossy(&stdout)
        )
    });
    (code, json, stdout)
}

/// Runs `rollcall check <target> --format json <args>` from the folder `cwd`.
fn rollcall_in(cwd: &Path, target: &str, args: &[&str]) -> (i32, Value) {
    let mut cmd = Command::cargo_bin("rollcall").expect("the rollcall binary is built");
    cmd.current_dir(cwd)
        .arg("check")
        .arg(target)
        .args(["--format", "json"])
        .args(args);
    let out = cmd.output().expect("run rollcall");
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON document ({e})\nstdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), json)
}

/// Writes `files` and runs rollcall on the portfolio with extra `args`.
fn run(files: &[(&str, &str)], args: &[&str]) -> (i32, Value) {
    let dir = write_tree(files);
    let (code, json, _) = rollcall(dir.path(), args, &[]);
    (code, json)
}

/// Audits a portfolio whose inputs are all valid: `--fail-on never` must give exit status 0.
fn audit(files: &[(&str, &str)]) -> Value {
    let (code, json) = run(files, &["--fail-on", "never"]);
    assert_eq!(
        code, 0,
        "valid input with --fail-on never must exit 0:\n{json:#}"
    );
    json
}

/// Audits one valid account written to `acme/account.yaml`.
fn audit_one(yaml: &str) -> Value {
    audit(&[("acme/account.yaml", yaml)])
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
    fn file(mut self, file: &'static str) -> Self {
        self.file = file;
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

/// The findings of the account named `account`.
fn findings_of<'a>(v: &'a Value, account: &str) -> Vec<&'a Value> {
    all_findings(v)
        .iter()
        .filter(|f| f["account"] == account)
        .collect()
}

/// The single entry of `errors`.
#[track_caller]
fn only_error(v: &Value) -> &Value {
    let errors = v["errors"].as_array().expect("`errors` is an array");
    assert_eq!(
        errors.len(),
        1,
        "expected exactly one error:\n{:#}",
        v["errors"]
    );
    &errors[0]
}

#[track_caller]
fn assert_error_file(e: &Value, file_suffix: &str) {
    let file = e["file"].as_str().unwrap_or_default();
    assert!(
        file.ends_with(file_suffix),
        "error file of {e:#} should end with {file_suffix}"
    );
}

fn error_pos(e: &Value) -> (u64, u64) {
    (
        e["line"].as_u64().expect("error line is a number"),
        e["column"].as_u64().expect("error column is a number"),
    )
}

fn error_message(e: &Value) -> String {
    e["message"]
        .as_str()
        .expect("error message is a string")
        .to_owned()
}

/// The sort key of output.md: account, file, line, column, rule code.
fn sort_key(f: &Value) -> (String, String, u64, u64, String) {
    (
        f["account"].as_str().unwrap_or_default().to_owned(),
        f["location"]["file"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        f["location"]["line"].as_u64().unwrap_or_default(),
        f["location"]["column"].as_u64().unwrap_or_default(),
        f["rule"].as_str().unwrap_or_default().to_owned(),
    )
}

#[track_caller]
fn assert_sorted(v: &Value) {
    for pair in all_findings(v).windows(2) {
        assert!(
            sort_key(&pair[0]) <= sort_key(&pair[1]),
            "findings out of order:\n{:#}\nbefore\n{:#}",
            pair[0],
            pair[1]
        );
    }
}

#[track_caller]
fn assert_subjects_have_four_keys(v: &Value) {
    for f in all_findings(v) {
        let subject = f["subject"].as_object().expect("subject is an object");
        let mut keys: Vec<&str> = subject.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["contract", "product", "team", "user"],
            "subject keys of {f:#}"
        );
        assert!(
            subject
                .values()
                .all(|value| value.is_string() || value.is_null()),
            "subject values are strings or null in {f:#}"
        );
        if let Some(user) = subject["user"].as_str() {
            assert_eq!(
                user,
                user.to_lowercase(),
                "user emails are lower-case in {f:#}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A clean account and the JSON envelope
// ---------------------------------------------------------------------------------------------

/// Every rule is satisfied: separate CM and SC, all seats used, everyone active and recent,
/// a team with a backup admin, renewal far away.
const CLEAN: &str = r#"account: Acme Engineering Ltd
domains: [acme.example]
as_of: 2026-11-01
users:
  - email: jane.doe@acme.example
    name: Jane Doe
    status: active
    last_active: 2026-10-30
  - email: mark.lee@acme.example
    name: Mark Lee
    last_active: 2026-10-28
  - email: bob.smith@acme.example
    name: Bob Smith
    last_active: 2026-10-29
contracts:
  - number: "110001234567"
    team: Design
    ends: 2027-06-30
    auto_renew: false
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: AutoCAD
        seats: 2
        assigned: [mark.lee@acme.example, bob.smith@acme.example]
      - name: Revit
        seats: 1
        assigned: [bob.smith@acme.example]
teams:
  - name: Design
    primary_admin: jane.doe@acme.example
    secondary_admins: [mark.lee@acme.example]
    sso_admins: []
"#;

#[test]
fn clean_account_has_no_findings_and_exits_0() {
    let (code, v) = run(&[("acme/account.yaml", CLEAN)], &[]);
    assert_eq!(code, 0, "{v:#}");
    assert_no_findings(&v);
    assert_eq!(v["errors"], json!([]));
}

/// output.md: "A file named on the command line is read whatever its name."
#[test]
fn a_snapshot_named_on_the_command_line_is_read_whatever_its_name() {
    let dir = write_tree(&[("acme/snapshot.txt", CLEAN), ("acme/export", CLEAN)]);
    for name in ["snapshot.txt", "export"] {
        let (code, v) = rollcall_in(&dir.path().join("acme"), name, &[]);
        assert_eq!(code, 0, "{name}: {v:#}");
        assert_eq!(v["summary"]["accounts"], 1, "{name}: {v:#}");
        assert_eq!(v["summary"]["files_read"], 1, "{name}: {v:#}");
        assert_eq!(v["skipped"], json!([]), "{name}: {v:#}");
    }
}

#[test]
fn json_output_has_version_1_and_tool_name_rollcall() {
    let v = audit_one(CLEAN);
    assert_eq!(v["version"], 1);
    assert_eq!(v["tool"]["name"], "rollcall");
    assert!(
        v["tool"]["version"].is_string(),
        "tool.version is a string: {v:#}"
    );
}

#[test]
fn json_output_lists_each_account_with_its_name_path_and_files() {
    let v = audit(&[("acme/account.yaml", CLEAN), ("beta/account.yaml", BETA)]);
    let accounts = v["accounts"].as_array().expect("`accounts` is an array");
    assert_eq!(accounts.len(), 2, "{v:#}");
    let mut names: Vec<&str> = accounts.iter().filter_map(|a| a["name"].as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["Acme Engineering Ltd", "Beta Builders"]);
    let acme = accounts
        .iter()
        .find(|a| a["name"] == "Acme Engineering Ltd")
        .expect("acme is listed");
    assert!(
        acme["path"].as_str().unwrap_or_default().ends_with("/acme"),
        "{acme:#}"
    );
    let files = acme["files"].as_array().expect("`files` is an array");
    assert_eq!(files.len(), 1, "{acme:#}");
    assert!(
        files[0].as_str().unwrap_or_default().ends_with(ACME),
        "{acme:#}"
    );
}

#[test]
fn summary_counts_accounts_files_and_findings_by_severity() {
    // CLEAN: nothing; BETA: one warning (RC101); GAMMA: one error (RC102).
    let v = audit(&[
        ("acme/account.yaml", CLEAN),
        ("beta/account.yaml", BETA),
        ("gamma/account.yaml", GAMMA),
    ]);
    let s = &v["summary"];
    assert_eq!(s["accounts"], 3, "{s:#}");
    assert_eq!(s["files_read"], 3, "{s:#}");
    assert_eq!(s["files_failed"], 0, "{s:#}");
    assert_eq!(s["files_skipped"], 0, "{s:#}");
    assert_eq!(s["errors"], 1, "{s:#}");
    assert_eq!(s["warnings"], 1, "{s:#}");
    assert_eq!(s["infos"], 0, "{s:#}");
}

// ---------------------------------------------------------------------------------------------
// RC101 contract-manager-is-coordinator
// ---------------------------------------------------------------------------------------------

const RC101_NO_SC: &str = r#"account: Acme Engineering Ltd
domains: [acme.example]
as_of: 2026-11-01
users:
  - email: jane.doe@acme.example
  - email: bob.smith@acme.example
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    products:
      - name: AutoCAD
        seats: 1
        assigned: [bob.smith@acme.example]
"#;

#[test]
fn rc101_fires_when_no_coordinator_is_named() {
    let v = audit_one(RC101_NO_SC);
    assert_eq!(codes(&v), ["RC101"]);
    expect_rule(
        &v,
        "RC101",
        &[want(
            contract_user("110001234567", "jane.doe@acme.example"),
            at(RC101_NO_SC, "contract_manager: ^jane"),
        )],
    );
    assert_eq!(findings(&v, "RC101")[0]["account"], "Acme Engineering Ltd");
}

const RC101_SC_IS_CM: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [Jane.Doe@acme.example]
"#;

#[test]
fn rc101_fires_at_the_coordinator_value_when_the_only_coordinator_is_the_manager() {
    let v = audit_one(RC101_SC_IS_CM);
    assert_eq!(codes(&v), ["RC101"]);
    expect_rule(
        &v,
        "RC101",
        &[want(
            contract_user("110001234567", "jane.doe@acme.example"),
            at(RC101_SC_IS_CM, "[^Jane.Doe"),
        )],
    );
}

#[test]
fn rc101_does_not_fire_when_a_coordinator_is_another_person() {
    let yaml = RC101_SC_IS_CM.replace(
        "[Jane.Doe@acme.example]",
        "[jane.doe@acme.example, mark.lee@acme.example]",
    );
    assert_no_findings(&audit_one(&yaml));
}

#[test]
fn rc101_fires_when_the_coordinator_list_is_empty() {
    let yaml = RC101_SC_IS_CM.replace("[Jane.Doe@acme.example]", "[]");
    let v = audit_one(&yaml);
    assert_eq!(codes(&v), ["RC101"]);
    expect_rule(
        &v,
        "RC101",
        &[want(
            contract_user("110001234567", "jane.doe@acme.example"),
            at(&yaml, "contract_manager: ^jane"),
        )],
    );
}

// ---------------------------------------------------------------------------------------------
// RC102 missing-contract-manager
// ---------------------------------------------------------------------------------------------

const RC102: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
policy:
  roles_across_contracts: separate
contracts:
  - number: "110001234561"
    ends: 2027-06-30
    software_coordinators: [mark.lee@acme.example]
  - number: "110001234562"
    ends: 2027-06-30
    contract_manager: ""
  - number: "110001234563"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
"#;

#[test]
fn rc102_fires_on_absent_or_empty_manager_and_suppresses_rc101() {
    let v = audit_one(RC102);
    // The second contract has neither CM nor SC: RC102 only, no RC101.
    assert_eq!(codes(&v), ["RC102", "RC102"]);
    expect_rule(
        &v,
        "RC102",
        &[
            want(
                contract_only("110001234561"),
                at(RC102, "number: ^\"110001234561\""),
            ),
            want(
                contract_only("110001234562"),
                at(RC102, "number: ^\"110001234562\""),
            ),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// RC103 unknown-role-holder
// ---------------------------------------------------------------------------------------------

const RC103: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
users:
  - email: jane.doe@acme.example
  - email: bob.smith@acme.example
contracts:
  - number: "110001234561"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
  - number: "110001234562"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
teams:
  - name: Design
    primary_admin: jane.doe@acme.example
    secondary_admins: [carl.ng@acme.example]
"#;

#[test]
fn rc103_fires_once_per_unknown_holder_role_and_contract_or_team() {
    let v = audit_one(RC103);
    assert_eq!(codes(&v), ["RC103", "RC103", "RC103"]);
    expect_rule(
        &v,
        "RC103",
        &[
            want(
                contract_user("110001234561", "mark.lee@acme.example"),
                at_nth(RC103, "software_coordinators: [^mark.lee", 1),
            ),
            want(
                contract_user("110001234562", "mark.lee@acme.example"),
                at_nth(RC103, "software_coordinators: [^mark.lee", 2),
            ),
            want(
                team_user("Design", "carl.ng@acme.example"),
                at(RC103, "[^carl.ng"),
            ),
        ],
    );
}

#[test]
fn rc103_is_silent_when_there_is_no_users_key() {
    let yaml = RC103.replace(
        "users:\n  - email: jane.doe@acme.example\n  - email: bob.smith@acme.example\n",
        "",
    );
    assert!(!yaml.contains("users:"));
    assert_no_findings(&audit_one(&yaml));
}

#[test]
fn rc103_fires_for_every_holder_when_the_user_list_is_known_and_empty() {
    let yaml = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
users: []
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
"#;
    let v = audit_one(yaml);
    assert_eq!(codes(&v), ["RC103", "RC103"]);
    expect_rule(
        &v,
        "RC103",
        &[
            want(
                contract_user("110001234567", "jane.doe@acme.example"),
                at(yaml, "contract_manager: ^jane"),
            ),
            want(
                contract_user("110001234567", "mark.lee@acme.example"),
                at(yaml, "[^mark"),
            ),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// RC104 dormant-role-holder
// ---------------------------------------------------------------------------------------------

const RC104: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
users:
  - email: jane.doe@acme.example
    last_active: 2026-10-30
  - email: ivan.petrov@acme.example
    status: inactive
  - email: rosa.diaz@acme.example
    status: removed
  - email: nina.patel@acme.example
    status: invited
    invited_on: 2026-10-30
  - email: dan.brown@acme.example
    last_active: 2026-08-02
  - email: erin.cole@acme.example
    last_active: 2026-08-03
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators:
      - ivan.petrov@acme.example
      - rosa.diaz@acme.example
      - nina.patel@acme.example
      - dan.brown@acme.example
      - erin.cole@acme.example
teams:
  - name: Design
    primary_admin: jane.doe@acme.example
    secondary_admins: [erin.cole@acme.example]
    sso_admins: [ivan.petrov@acme.example]
"#;

#[test]
fn rc104_fires_for_inactive_removed_invited_and_91_days_idle_but_not_90() {
    let v = audit_one(RC104);
    // erin.cole was last active exactly 90 days before as_of: not dormant.
    assert_eq!(codes(&v), ["RC104", "RC104", "RC104", "RC104", "RC104"]);
    let c = "110001234567";
    expect_rule(
        &v,
        "RC104",
        &[
            want(
                contract_user(c, "ivan.petrov@acme.example"),
                at(RC104, "      - ^ivan.petrov"),
            ),
            want(
                contract_user(c, "rosa.diaz@acme.example"),
                at(RC104, "      - ^rosa.diaz"),
            ),
            want(
                contract_user(c, "nina.patel@acme.example"),
                at(RC104, "      - ^nina.patel"),
            ),
            want(
                contract_user(c, "dan.brown@acme.example"),
                at(RC104, "      - ^dan.brown"),
            ),
            want(
                team_user("Design", "ivan.petrov@acme.example"),
                at(RC104, "sso_admins: [^ivan"),
            ),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// RC105 external-role-holder
// ---------------------------------------------------------------------------------------------

const RC105: &str = r#"account: Acme Engineering Ltd
domains: [acme.example, acme-group.example]
as_of: 2026-11-01
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme-group.example, cad.support@reseller.example]
teams:
  - name: Design
    primary_admin: jane.doe@acme.example
    secondary_admins: [cad.support@reseller.example]
    sso_admins: [jane.private@mail.example]
"#;

#[test]
fn rc105_fires_per_holder_and_role_outside_the_listed_domains() {
    let v = audit_one(RC105);
    assert_eq!(codes(&v), ["RC105", "RC105", "RC105"]);
    expect_rule(
        &v,
        "RC105",
        &[
            want(
                contract_user("110001234567", "cad.support@reseller.example"),
                at(RC105, "acme-group.example, ^cad.support"),
            ),
            want(
                team_user("Design", "cad.support@reseller.example"),
                at(RC105, "secondary_admins: [^cad.support"),
            ),
            want(
                team_user("Design", "jane.private@mail.example"),
                at(RC105, "[^jane.private"),
            ),
        ],
    );
}

#[test]
fn rc105_is_silent_when_no_domains_are_listed() {
    let yaml = RC105.replace("domains: [acme.example, acme-group.example]\n", "");
    assert!(!yaml.contains("domains"));
    assert_no_findings(&audit_one(&yaml));
}

// ---------------------------------------------------------------------------------------------
// RC106 no-backup-admin
// ---------------------------------------------------------------------------------------------

const RC106: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234567"
    team: Design
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
teams:
  - name: Design
    primary_admin: jane.doe@acme.example
  - name: Site Operations
    primary_admin: mark.lee@acme.example
    secondary_admins: [Mark.Lee@acme.example]
  - name: Structures
    primary_admin: jane.doe@acme.example
    sso_admins: [priya.shah@acme.example]
  - name: Visualisation
    primary_admin: jane.doe@acme.example
    secondary_admins: [mark.lee@acme.example]
    sso_admins: []
  - name: Rendering
    secondary_admins: [priya.shah@acme.example]
"#;

#[test]
fn rc106_fires_without_a_backup_and_when_the_only_secondary_is_the_primary() {
    let v = audit_one(RC106);
    // Structures (SSO admin is another person), Visualisation (secondary admin) and
    // Rendering (no primary admin) do not fire.
    assert_eq!(codes(&v), ["RC106", "RC106"]);
    expect_rule(
        &v,
        "RC106",
        &[
            want(
                team_user("Design", "jane.doe@acme.example"),
                at_nth(RC106, "primary_admin: ^jane.doe", 1),
            ),
            want(
                team_user("Site Operations", "mark.lee@acme.example"),
                at(RC106, "primary_admin: ^mark.lee"),
            ),
        ],
    );
}

#[test]
fn rc106_points_at_the_primary_admin_counting_columns_in_characters() {
    // A flow mapping puts a non-ASCII team name before the primary admin on the same line.
    let yaml = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
teams:
  - {name: Büro Zürich, primary_admin: jürgen.müller@acme.example}
"#;
    let v = audit_one(yaml);
    assert_eq!(codes(&v), ["RC106"]);
    let pos = at(yaml, "primary_admin: ^jürgen");
    assert_eq!(pos, (9, 40));
    expect_rule(
        &v,
        "RC106",
        &[want(
            team_user("Büro Zürich", "jürgen.müller@acme.example"),
            pos,
        )],
    );
}

// ---------------------------------------------------------------------------------------------
// RC107 sole-administrator
// ---------------------------------------------------------------------------------------------

const RC107: &str = r#"account: Doe Design Studio
as_of: 2026-11-01
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [Jane.Doe@acme.example]
teams:
  - name: Design
    primary_admin: jane.doe@acme.example
"#;

#[test]
fn rc107_fires_when_one_person_holds_every_role_of_a_contract_and_a_team() {
    let v = audit_one(RC107);
    assert_eq!(codes(&v), ["RC101", "RC106", "RC107"]);
    expect_rule(
        &v,
        "RC107",
        &[want(
            user_only("jane.doe@acme.example"),
            at(RC107, "contract_manager: ^jane"),
        )],
    );
    expect_rule(
        &v,
        "RC101",
        &[want(
            contract_user("110001234567", "jane.doe@acme.example"),
            at(RC107, "[^Jane.Doe"),
        )],
    );
    expect_rule(
        &v,
        "RC106",
        &[want(
            team_user("Design", "jane.doe@acme.example"),
            at(RC107, "primary_admin: ^jane"),
        )],
    );
}

#[test]
fn rc107_does_not_fire_with_a_single_contract_and_no_team() {
    let v = audit_one(RC101_SC_IS_CM);
    assert!(findings(&v, "RC107").is_empty(), "{v:#}");
}

#[test]
fn rc107_does_not_fire_when_another_person_holds_a_role() {
    let yaml = RC107.replace(
        "    primary_admin: jane.doe@acme.example\n",
        "    primary_admin: jane.doe@acme.example\n    secondary_admins: [mark.lee@acme.example]\n",
    );
    let v = audit_one(&yaml);
    assert_eq!(codes(&v), ["RC101"]);
}

#[test]
fn rc107_fires_across_two_contracts_without_teams() {
    // Same CM and SC set on both contracts: no RC202; each contract fires RC101.
    let y = r#"account: Doe Design Studio
as_of: 2026-11-01
contracts:
  - number: "110001234561"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
  - number: "110001234562"
    ends: 2027-06-30
    contract_manager: Jane.Doe@acme.example
    software_coordinators: [jane.doe@acme.example]
"#;
    let v = audit_one(y);
    assert_eq!(codes(&v), ["RC101", "RC101", "RC107"]);
    expect_rule(
        &v,
        "RC107",
        &[want(
            user_only("jane.doe@acme.example"),
            at(y, "contract_manager: ^jane"),
        )],
    );
}

// ---------------------------------------------------------------------------------------------
// RC201 inconsistent-roles-across-contracts
// ---------------------------------------------------------------------------------------------

const RC201_MAJORITY: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
policy:
  roles_across_contracts: same
contracts:
  - number: "110001234561"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
  - number: "110001234562"
    ends: 2027-06-30
    contract_manager: bob.smith@acme.example
    software_coordinators: [mark.lee@acme.example]
  - number: "110001234563"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
"#;

#[test]
fn rc201_fires_on_the_contract_whose_manager_differs_from_the_majority() {
    let v = audit_one(RC201_MAJORITY);
    assert_eq!(codes(&v), ["RC201"]);
    expect_rule(
        &v,
        "RC201",
        &[want(
            contract_user("110001234562", "bob.smith@acme.example"),
            at(RC201_MAJORITY, "contract_manager: ^bob"),
        )],
    );
}

const RC201_TIE: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
policy:
  roles_across_contracts: same
contracts:
  - number: "110001234561"
    ends: 2027-06-30
    contract_manager: bob.smith@acme.example
    software_coordinators: [mark.lee@acme.example]
  - number: "110001234562"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
  - number: "110001234563"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
  - number: "110001234564"
    ends: 2027-06-30
    contract_manager: bob.smith@acme.example
    software_coordinators: [mark.lee@acme.example]
"#;

#[test]
fn rc201_breaks_a_tie_in_favour_of_the_earliest_contract() {
    // Two contracts have bob, two have jane; the first contract has bob, so jane deviates.
    let v = audit_one(RC201_TIE);
    assert_eq!(codes(&v), ["RC201", "RC201"]);
    expect_rule(
        &v,
        "RC201",
        &[
            want(
                contract_user("110001234562", "jane.doe@acme.example"),
                at_nth(RC201_TIE, "contract_manager: ^jane", 1),
            ),
            want(
                contract_user("110001234563", "jane.doe@acme.example"),
                at_nth(RC201_TIE, "contract_manager: ^jane", 2),
            ),
        ],
    );
}

const RC201_STAND_IN_MAJORITY: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
policy:
  roles_across_contracts: same
contracts:
  - number: "110001234561"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
  - number: "110001234562"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
  - number: "110001234563"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
"#;

#[test]
fn rc201_counts_the_manager_as_coordinator_where_none_is_named() {
    // SC sets: {jane} (stand-in), {mark}, {jane} (stand-in): the majority is {jane}.
    let v = audit_one(RC201_STAND_IN_MAJORITY);
    assert_eq!(codes(&v), ["RC101", "RC101", "RC201"]);
    expect_rule(
        &v,
        "RC201",
        &[want(
            contract_user("110001234562", "mark.lee@acme.example"),
            at(RC201_STAND_IN_MAJORITY, "[^mark.lee"),
        )],
    );
    expect_rule(
        &v,
        "RC101",
        &[
            want(
                contract_user("110001234561", "jane.doe@acme.example"),
                at_nth(RC201_STAND_IN_MAJORITY, "contract_manager: ^jane", 1),
            ),
            want(
                contract_user("110001234563", "jane.doe@acme.example"),
                at_nth(RC201_STAND_IN_MAJORITY, "contract_manager: ^jane", 3),
            ),
        ],
    );
}

const RC201_STAND_IN_DEVIATES: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
policy:
  roles_across_contracts: same
contracts:
  - number: "110001234561"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
  - number: "110001234562"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
  - number: "110001234563"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
"#;

#[test]
fn rc201_fires_at_the_standing_in_manager_when_a_contract_names_no_coordinator() {
    // SC sets: {mark}, {mark}, {jane} (stand-in). The third deviates; the only value that
    // stands for its coordinator is the CM value.
    let v = audit_one(RC201_STAND_IN_DEVIATES);
    assert_eq!(codes(&v), ["RC101", "RC201"]);
    let cm = at_nth(RC201_STAND_IN_DEVIATES, "contract_manager: ^jane", 3);
    expect_rule(
        &v,
        "RC201",
        &[want(
            contract_user("110001234563", "jane.doe@acme.example"),
            cm,
        )],
    );
    expect_rule(
        &v,
        "RC101",
        &[want(
            contract_user("110001234563", "jane.doe@acme.example"),
            cm,
        )],
    );
}

#[test]
fn rc201_and_rc202_are_silent_with_roles_across_contracts_separate() {
    let yaml = RC201_MAJORITY.replace(
        "roles_across_contracts: same",
        "roles_across_contracts: separate",
    );
    assert_no_findings(&audit_one(&yaml));
}

// ---------------------------------------------------------------------------------------------
// RC202 undecided-role-policy
// ---------------------------------------------------------------------------------------------

const RC202: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234561"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
  - number: "110001234562"
    ends: 2027-06-30
    contract_manager: priya.shah@acme.example
    software_coordinators: [mark.lee@acme.example]
  - number: "110001234563"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [omar.haddad@acme.example]
"#;

#[test]
fn rc202_fires_once_per_account_at_the_first_contracts_manager() {
    let v = audit_one(RC202);
    assert_eq!(codes(&v), ["RC202"]);
    expect_rule(
        &v,
        "RC202",
        &[want(
            account_only(),
            at_nth(RC202, "contract_manager: ^jane", 1),
        )],
    );
}

#[test]
fn rc202_is_silent_when_all_contracts_share_manager_and_coordinator_set() {
    // The same set of SCs, in another order and letter case.
    let yaml = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234561"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example, priya.shah@acme.example]
  - number: "110001234562"
    ends: 2027-06-30
    contract_manager: Jane.Doe@acme.example
    software_coordinators: [Priya.Shah@acme.example, mark.lee@acme.example]
"#;
    assert_no_findings(&audit_one(yaml));
}

#[test]
fn rc202_is_replaced_by_rc201_when_the_policy_is_same() {
    let yaml = RC202.replace(
        "as_of: 2026-11-01\n",
        "as_of: 2026-11-01\npolicy:\n  roles_across_contracts: same\n",
    );
    let v = audit_one(&yaml);
    // Majority CM jane (2 of 3), majority SC set {mark} (2 of 3).
    assert_eq!(codes(&v), ["RC201", "RC201"]);
    expect_rule(
        &v,
        "RC201",
        &[
            want(
                contract_user("110001234562", "priya.shah@acme.example"),
                at(&yaml, "contract_manager: ^priya"),
            ),
            want(
                contract_user("110001234563", "omar.haddad@acme.example"),
                at(&yaml, "[^omar"),
            ),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// RC301 unassigned-seats, RC302 over-assigned-seats
// ---------------------------------------------------------------------------------------------

const RC301: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: Revit
        seats: 20
        assigned:
          - jane.doe@acme.example
          - mark.lee@acme.example
          - bob.smith@acme.example
      - name: AutoCAD
        seats: 2
        assigned: [jane.doe@acme.example, mark.lee@acme.example]
      - name: Navisworks Manage
        seats: 4
"#;

#[test]
fn rc301_fires_when_the_assigned_list_is_shorter_than_seats_and_gives_both_numbers() {
    let v = audit_one(RC301);
    // AutoCAD is fully assigned; Navisworks has no `assigned` list (unknown).
    assert_eq!(codes(&v), ["RC301"]);
    expect_rule(
        &v,
        "RC301",
        &[want(
            contract_product("110001234567", "Revit"),
            at(RC301, "seats: ^20"),
        )],
    );
    let message = findings(&v, "RC301")[0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let numbers: Vec<&str> = message
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect();
    assert!(
        numbers.contains(&"20"),
        "message gives the seats (20): {message}"
    );
    assert!(
        numbers.contains(&"3"),
        "message gives the assigned count (3): {message}"
    );
}

const RC302: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: Civil 3D
        seats: 1
        assigned: [jane.doe@acme.example, mark.lee@acme.example]
      - name: AutoCAD
        seats: 2
        assigned: [jane.doe@acme.example, mark.lee@acme.example]
      - name: Inventor Professional
        seats: 0
        assigned: []
"#;

#[test]
fn rc302_fires_when_the_assigned_list_is_longer_than_seats_and_rc301_does_not() {
    let v = audit_one(RC302);
    assert_eq!(codes(&v), ["RC302"]);
    expect_rule(
        &v,
        "RC302",
        &[want(
            contract_product("110001234567", "Civil 3D"),
            at(RC302, "seats: ^1"),
        )],
    );
}

// ---------------------------------------------------------------------------------------------
// RC303 user-without-seat
// ---------------------------------------------------------------------------------------------

const RC303: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
users:
  - email: jane.doe@acme.example
  - email: mark.lee@acme.example
  - email: bob.smith@acme.example
  - email: carol.white@acme.example
  - email: dan.brown@acme.example
    status: inactive
  - email: erin.cole@acme.example
    status: removed
  - email: fay.wong@acme.example
    status: invited
    invited_on: 2026-10-30
  - email: gus.ortiz@acme.example
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: AutoCAD
        seats: 1
        assigned: [bob.smith@acme.example]
      - name: Civil 3D
        seats: 2
teams:
  - name: Design
    primary_admin: mark.lee@acme.example
    secondary_admins: [gus.ortiz@acme.example]
"#;

#[test]
fn rc303_fires_for_active_and_invited_users_without_seat_or_role() {
    let v = audit_one(RC303);
    // jane (CM) and gus (team admin) hold a role without a seat; dan and erin are
    // inactive/removed: none of them fires.
    assert_eq!(codes(&v), ["RC303", "RC303"]);
    expect_rule(
        &v,
        "RC303",
        &[
            want(
                user_only("carol.white@acme.example"),
                at(RC303, "email: ^carol"),
            ),
            want(user_only("fay.wong@acme.example"), at(RC303, "email: ^fay")),
        ],
    );
}

#[test]
fn rc303_is_silent_when_no_product_has_an_assigned_list() {
    let yaml = RC303.replace("        assigned: [bob.smith@acme.example]\n", "");
    assert!(!yaml.contains("assigned:"));
    assert_no_findings(&audit_one(&yaml));
}

// ---------------------------------------------------------------------------------------------
// RC304 seat-held-by-dormant-user
// ---------------------------------------------------------------------------------------------

const RC304: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
users:
  - email: jane.doe@acme.example
    last_active: 2026-10-30
  - email: mark.lee@acme.example
  - email: bob.smith@acme.example
    status: inactive
  - email: carol.white@acme.example
    status: removed
  - email: dan.brown@acme.example
    last_active: 2026-08-02
  - email: erin.cole@acme.example
    last_active: 2026-08-03
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: AutoCAD
        seats: 3
        assigned:
          - bob.smith@acme.example
          - dan.brown@acme.example
          - erin.cole@acme.example
      - name: Revit
        seats: 2
        assigned: [mark.lee@acme.example, bob.smith@acme.example]
"#;

#[test]
fn rc304_fires_once_per_dormant_user_and_product() {
    let v = audit_one(RC304);
    // erin.cole: 90 days idle is not dormant; carol (removed) holds no seat.
    assert_eq!(codes(&v), ["RC304", "RC304", "RC304"]);
    let c = "110001234567";
    expect_rule(
        &v,
        "RC304",
        &[
            want(
                contract_product_user(c, "AutoCAD", "bob.smith@acme.example"),
                at(RC304, "- ^bob.smith"),
            ),
            want(
                contract_product_user(c, "AutoCAD", "dan.brown@acme.example"),
                at(RC304, "- ^dan.brown"),
            ),
            want(
                contract_product_user(c, "Revit", "bob.smith@acme.example"),
                at(RC304, "mark.lee@acme.example, ^bob.smith"),
            ),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// RC305 stale-invitation
// ---------------------------------------------------------------------------------------------

const RC305: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
users:
  - email: jane.doe@acme.example
  - email: mark.lee@acme.example
  - email: nina.patel@acme.example
    status: invited
    invited_on: 2026-10-24
  - email: omar.haddad@acme.example
    status: invited
    invited_on: 2026-10-25
  - email: pia.berg@acme.example
    status: invited
  - email: quinn.ray@acme.example
    status: active
    invited_on: 2026-01-15
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: AutoCAD
        seats: 5
"#;

#[test]
fn rc305_fires_at_8_days_but_not_at_7() {
    let v = audit_one(RC305);
    // omar: 7 days; pia: no invited_on; quinn: not invited.
    assert_eq!(codes(&v), ["RC305"]);
    expect_rule(
        &v,
        "RC305",
        &[want(
            user_only("nina.patel@acme.example"),
            at(RC305, "invited_on: ^2026-10-24"),
        )],
    );
}

// ---------------------------------------------------------------------------------------------
// RC401 renewal-due, RC402 expired-contract-with-seats
// ---------------------------------------------------------------------------------------------

const RC401: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
users:
  - email: jane.doe@acme.example
  - email: mark.lee@acme.example
contracts:
  - number: "110001234561"
    ends: 2026-11-01
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
  - number: "110001234562"
    ends: 2027-01-30
    auto_renew: false
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
  - number: "110001234563"
    ends: 2027-01-31
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
  - number: "110001234564"
    ends: 2026-11-15
    auto_renew: true
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
"#;

#[test]
fn rc401_fires_at_0_and_90_days_but_not_91_or_when_renewing_automatically() {
    let v = audit_one(RC401);
    assert_eq!(codes(&v), ["RC401", "RC401"]);
    expect_rule(
        &v,
        "RC401",
        &[
            want(
                contract_only("110001234561"),
                at(RC401, "ends: ^2026-11-01"),
            ),
            want(
                contract_only("110001234562"),
                at(RC401, "ends: ^2027-01-30"),
            ),
        ],
    );
}

const RC401_NOBODY_CAN_RENEW: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
policy:
  roles_across_contracts: separate
users:
  - email: jane.doe@acme.example
  - email: mark.lee@acme.example
  - email: ivan.petrov@acme.example
    status: inactive
  - email: lena.fischer@acme.example
    last_active: 2026-08-02
contracts:
  - number: "110001234571"
    ends: 2026-12-15
    software_coordinators: [mark.lee@acme.example]
  - number: "110001234572"
    ends: 2026-12-15
    contract_manager: olga.ext@acme.example
    software_coordinators: [mark.lee@acme.example]
  - number: "110001234573"
    ends: 2026-12-15
    contract_manager: ivan.petrov@acme.example
    software_coordinators: [mark.lee@acme.example]
  - number: "110001234574"
    ends: 2026-12-15
    contract_manager: lena.fischer@acme.example
    software_coordinators: [mark.lee@acme.example]
  - number: "110001234575"
    ends: 2026-12-15
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
"#;

#[test]
fn rc401_is_an_error_when_the_manager_is_missing_unknown_or_dormant() {
    let y = RC401_NOBODY_CAN_RENEW;
    let v = audit_one(y);
    assert_eq!(
        codes(&v),
        ["RC102", "RC103", "RC104", "RC104", "RC401", "RC401", "RC401", "RC401", "RC401"]
    );
    expect_rule(
        &v,
        "RC401",
        &[
            want(
                contract_only("110001234571"),
                at_nth(y, "ends: ^2026-12-15", 1),
            )
            .severity("error"),
            want(
                contract_only("110001234572"),
                at_nth(y, "ends: ^2026-12-15", 2),
            )
            .severity("error"),
            want(
                contract_only("110001234573"),
                at_nth(y, "ends: ^2026-12-15", 3),
            )
            .severity("error"),
            want(
                contract_only("110001234574"),
                at_nth(y, "ends: ^2026-12-15", 4),
            )
            .severity("error"),
            want(
                contract_only("110001234575"),
                at_nth(y, "ends: ^2026-12-15", 5),
            )
            .severity("warning"),
        ],
    );
    expect_rule(
        &v,
        "RC102",
        &[want(
            contract_only("110001234571"),
            at(y, "number: ^\"110001234571\""),
        )],
    );
    expect_rule(
        &v,
        "RC103",
        &[want(
            contract_user("110001234572", "olga.ext@acme.example"),
            at(y, "contract_manager: ^olga"),
        )],
    );
    expect_rule(
        &v,
        "RC104",
        &[
            want(
                contract_user("110001234573", "ivan.petrov@acme.example"),
                at(y, "contract_manager: ^ivan"),
            ),
            want(
                contract_user("110001234574", "lena.fischer@acme.example"),
                at(y, "contract_manager: ^lena"),
            ),
        ],
    );
}

const RC402: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234567"
    ends: 2026-10-31
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: AutoCAD
        seats: 2
        assigned: [bob.smith@acme.example, carol.white@acme.example]
  - number: "110001234568"
    ends: 2026-09-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: Revit
        seats: 3
"#;

#[test]
fn rc402_fires_on_an_expired_contract_with_assigned_users_instead_of_rc401() {
    let v = audit_one(RC402);
    // The second contract is expired too, but nobody is known to hold its seats.
    assert_eq!(codes(&v), ["RC402"]);
    expect_rule(
        &v,
        "RC402",
        &[want(
            contract_only("110001234567"),
            at(RC402, "ends: ^2026-10-31"),
        )],
    );
}

// ---------------------------------------------------------------------------------------------
// RC501 duplicate-user
// ---------------------------------------------------------------------------------------------

const RC501: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
users:
  - email: jane.doe@acme.example
    name: Jane Doe
  - email: mark.lee@acme.example
  - email: Jane.Doe@ACME.example
    name: Jane Doe (second login)
  - email: JANE.DOE@acme.example
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
"#;

#[test]
fn rc501_fires_once_per_repeat_after_the_first_in_any_letter_case() {
    let v = audit_one(RC501);
    assert_eq!(codes(&v), ["RC501", "RC501"]);
    expect_rule(
        &v,
        "RC501",
        &[
            want(
                user_only("jane.doe@acme.example"),
                at(RC501, "email: ^Jane.Doe@ACME"),
            ),
            want(
                user_only("jane.doe@acme.example"),
                at(RC501, "email: ^JANE.DOE"),
            ),
        ],
    );
}

#[test]
fn rc501_is_silent_when_every_email_is_distinct() {
    let v = audit_one(CLEAN);
    assert!(findings(&v, "RC501").is_empty(), "{v:#}");
}

// ---------------------------------------------------------------------------------------------
// The reader (account-format.md section 1)
// ---------------------------------------------------------------------------------------------

const EMAIL_SPACES_AND_CASE: &str = r#"account: Acme Engineering Ltd
domains: [Acme.Example]
as_of: 2026-11-01
users:
  - email: " Jane.Doe@ACME.example "
  - email: mark.lee@acme.example
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    contract_manager: "  JANE.DOE@acme.example "
    products:
      - name: AutoCAD
        seats: 1
        assigned: [" Mark.Lee@Acme.Example"]
"#;

#[test]
fn emails_compare_case_insensitively_without_surrounding_spaces() {
    let v = audit_one(EMAIL_SPACES_AND_CASE);
    // The CM and the seat holder are known users (no RC103, no RC303, no RC105); the quoted
    // CM value is pointed at by its opening quote; the subject's email is lower-case, trimmed.
    assert_eq!(codes(&v), ["RC101"]);
    expect_rule(
        &v,
        "RC101",
        &[want(
            contract_user("110001234567", "jane.doe@acme.example"),
            at(EMAIL_SPACES_AND_CASE, "contract_manager: ^\"  JANE"),
        )],
    );
}

#[test]
fn software_coordinator_is_a_synonym_of_a_one_element_software_coordinators() {
    let other = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinator: mark.lee@acme.example
"#;
    let same = r#"account: Beta Builders
as_of: 2026-11-01
contracts:
  - number: "110009876543"
    ends: 2027-06-30
    contract_manager: sam.roe@beta.example
    software_coordinator: Sam.Roe@beta.example
"#;
    let v = audit(&[("acme/account.yaml", other), ("beta/account.yaml", same)]);
    assert_eq!(codes(&v), ["RC101"]);
    expect_rule(
        &v,
        "RC101",
        &[want(
            contract_user("110009876543", "sam.roe@beta.example"),
            at(same, "software_coordinator: ^Sam"),
        )
        .file(BETA_FILE)],
    );
}

#[test]
fn primary_and_secondary_admins_on_a_contract_mean_manager_and_coordinators() {
    let both = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    primary_admin: jane.doe@acme.example
    secondary_admins: [mark.lee@acme.example]
teams:
  - name: Design
    primary_admin: mark.lee@acme.example
    secondary_admins: [jane.doe@acme.example]
"#;
    let primary_only = r#"account: Beta Builders
as_of: 2026-11-01
contracts:
  - number: "110009876543"
    ends: 2027-06-30
    primary_admin: sam.roe@beta.example
"#;
    let v = audit(&[
        ("acme/account.yaml", both),
        ("beta/account.yaml", primary_only),
    ]);
    // No RC102 anywhere (primary_admin is the CM); the contract with only a primary admin
    // has its CM as SC by default (RC101 at the primary_admin value).
    assert_eq!(codes(&v), ["RC101"]);
    expect_rule(
        &v,
        "RC101",
        &[want(
            contract_user("110009876543", "sam.roe@beta.example"),
            at(primary_only, "primary_admin: ^sam"),
        )
        .file(BETA_FILE)],
    );
}

const STATUS_SYNONYMS: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
users:
  - email: jane.doe@acme.example
    status: Verified
  - email: mark.lee@acme.example
    status: DEPARTED
  - email: pat.kim@acme.example
    status: Pending
    invited_on: 2026-10-01
  - email: dora.lind@acme.example
    status: disabled
  - email: dave.moss@acme.example
    status: deleted
  - email: vera.holt@acme.example
    status: verified
  - email: ray.cho@acme.example
    status: Removed
  - email: ian.ford@acme.example
    status: INVITED
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: AutoCAD
        seats: 4
        assigned:
          - pat.kim@acme.example
          - dora.lind@acme.example
          - dave.moss@acme.example
          - ray.cho@acme.example
"#;

#[test]
fn status_synonyms_are_read_case_insensitively() {
    let y = STATUS_SYNONYMS;
    let v = audit_one(y);
    assert_eq!(
        codes(&v),
        ["RC104", "RC303", "RC303", "RC304", "RC304", "RC304", "RC305"]
    );
    let c = "110001234567";
    // DEPARTED = removed: a dormant SC. Verified jane is an active CM: no RC104.
    expect_rule(
        &v,
        "RC104",
        &[want(
            contract_user(c, "mark.lee@acme.example"),
            at(y, "[^mark.lee"),
        )],
    );
    // Pending = invited.
    expect_rule(
        &v,
        "RC305",
        &[want(
            user_only("pat.kim@acme.example"),
            at(y, "invited_on: ^2026-10-01"),
        )],
    );
    // disabled, deleted, Removed = removed: dormant seat holders.
    expect_rule(
        &v,
        "RC304",
        &[
            want(
                contract_product_user(c, "AutoCAD", "dora.lind@acme.example"),
                at(y, "- ^dora.lind"),
            ),
            want(
                contract_product_user(c, "AutoCAD", "dave.moss@acme.example"),
                at(y, "- ^dave.moss"),
            ),
            want(
                contract_product_user(c, "AutoCAD", "ray.cho@acme.example"),
                at(y, "- ^ray.cho"),
            ),
        ],
    );
    // verified = active and INVITED = invited: both without seat or role.
    expect_rule(
        &v,
        "RC303",
        &[
            want(user_only("vera.holt@acme.example"), at(y, "email: ^vera")),
            want(user_only("ian.ford@acme.example"), at(y, "email: ^ian")),
        ],
    );
}

const DATE_TIMES: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
users:
  - email: jane.doe@acme.example
    last_active: 2026-10-30T08:15:00Z
  - email: mark.lee@acme.example
    last_active: 2026-08-02T23:59:59Z
  - email: nina.patel@acme.example
    last_active: 2026-08-03T00:00:01Z
  - email: omar.haddad@acme.example
    status: invited
    invited_on: 2026-10-24T09:30:00Z
contracts:
  - number: "110001234567"
    ends: 2027-01-30T17:00:00Z
    contract_manager: jane.doe@acme.example
    software_coordinators:
      - mark.lee@acme.example
      - nina.patel@acme.example
"#;

#[test]
fn iso_date_times_are_read_by_their_date() {
    let y = DATE_TIMES;
    let v = audit_one(y);
    // mark: 91 days idle by date (dormant); nina: 90 days (not); omar: invited 8 days ago;
    // the contract ends exactly 90 days after as_of.
    assert_eq!(codes(&v), ["RC104", "RC305", "RC401"]);
    expect_rule(
        &v,
        "RC104",
        &[want(
            contract_user("110001234567", "mark.lee@acme.example"),
            at(y, "      - ^mark.lee"),
        )],
    );
    expect_rule(
        &v,
        "RC305",
        &[want(
            user_only("omar.haddad@acme.example"),
            at(y, "invited_on: ^2026"),
        )],
    );
    expect_rule(
        &v,
        "RC401",
        &[want(contract_only("110001234567"), at(y, "ends: ^2027"))],
    );
}

#[test]
fn an_integer_contract_number_is_read_as_its_digits() {
    let y = r"account: Acme Engineering Ltd
as_of: 2026-11-01
policy:
  roles_across_contracts: separate
contracts:
  - number: 110001234567
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
  - number: 110001234568
    ends: 2027-06-30
    software_coordinators: [mark.lee@acme.example]
";
    let v = audit_one(y);
    assert_eq!(codes(&v), ["RC101", "RC102"]);
    expect_rule(
        &v,
        "RC101",
        &[want(
            contract_user("110001234567", "jane.doe@acme.example"),
            at(y, "contract_manager: ^jane"),
        )],
    );
    expect_rule(
        &v,
        "RC102",
        &[want(
            contract_only("110001234568"),
            at(y, "number: ^110001234568"),
        )],
    );
}

#[test]
fn the_account_name_defaults_to_the_folder_name() {
    let yaml = RC101_NO_SC.replace("account: Acme Engineering Ltd\n", "");
    let v = audit_one(&yaml);
    assert_eq!(codes(&v), ["RC101"]);
    assert_eq!(findings(&v, "RC101")[0]["account"], "acme");
    assert_eq!(v["accounts"][0]["name"], "acme");
}

const EQUIV_YAML: &str = r#"format: 1
account: Acme Engineering Ltd
domains: [acme.example]
as_of: 2026-11-01
policy:
  roles_across_contracts: same
users:
  - email: jane.doe@acme.example
    name: Jane Doe
    status: active
    last_active: 2026-10-30
  - email: kim.old@acme.example
    status: inactive
  - email: nina.patel@acme.example
    status: invited
    invited_on: 2026-10-01
contracts:
  - number: "110001234567"
    team: Design
    ends: 2026-12-31
    auto_renew: false
    contract_manager: jane.doe@acme.example
    software_coordinators: [kim.old@acme.example, reseller@partner.example]
    products:
      - name: AutoCAD
        seats: 5
        assigned: [jane.doe@acme.example, kim.old@acme.example]
teams:
  - name: Design
    primary_admin: jane.doe@acme.example
    secondary_admins: []
    sso_admins: []
"#;

const EQUIV_JSON: &str = r#"{
  "format": 1,
  "account": "Acme Engineering Ltd",
  "domains": ["acme.example"],
  "as_of": "2026-11-01",
  "policy": { "roles_across_contracts": "same" },
  "users": [
    { "email": "jane.doe@acme.example", "name": "Jane Doe", "status": "active", "last_active": "2026-10-30" },
    { "email": "kim.old@acme.example", "status": "inactive" },
    { "email": "nina.patel@acme.example", "status": "invited", "invited_on": "2026-10-01" }
  ],
  "contracts": [
    {
      "number": "110001234567",
      "team": "Design",
      "ends": "2026-12-31",
      "auto_renew": false,
      "contract_manager": "jane.doe@acme.example",
      "software_coordinators": ["kim.old@acme.example", "reseller@partner.example"],
      "products": [
        { "name": "AutoCAD", "seats": 5, "assigned": ["jane.doe@acme.example", "kim.old@acme.example"] }
      ]
    }
  ],
  "teams": [
    { "name": "Design", "primary_admin": "jane.doe@acme.example", "secondary_admins": [], "sso_admins": [] }
  ]
}
"#;

/// What a finding says, without where it says it.
fn projection(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = all_findings(v)
        .iter()
        .map(|f| {
            json!({
                "rule": f["rule"], "name": f["name"], "severity": f["severity"],
                "account": f["account"], "subject": f["subject"],
            })
            .to_string()
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_yaml_fixture_used_for_json_equivalence_fires_the_expected_rules() {
    let v = audit_one(EQUIV_YAML);
    assert_eq!(
        codes(&v),
        [
            "RC103", "RC104", "RC105", "RC106", "RC301", "RC303", "RC304", "RC305", "RC401",
            "RC405"
        ]
    );
    expect_rule(
        &v,
        "RC105",
        &[want(
            contract_user("110001234567", "reseller@partner.example"),
            at(EQUIV_YAML, ", ^reseller"),
        )],
    );
}

#[test]
fn the_json_form_of_the_snapshot_gives_the_same_findings_as_yaml() {
    let from_yaml = audit_one(EQUIV_YAML);
    let from_json = audit(&[("acme/account.json", EQUIV_JSON)]);
    assert!(!all_findings(&from_yaml).is_empty());
    assert_eq!(projection(&from_json), projection(&from_yaml));
    // Locations point into the JSON file, at the value (its opening quote).
    expect_rule(
        &from_json,
        "RC401",
        &[want(
            contract_only("110001234567"),
            at(EQUIV_JSON, "\"ends\": ^\"2026-12-31\""),
        )
        .file(ACME_JSON)],
    );
    expect_rule(
        &from_json,
        "RC105",
        &[want(
            contract_user("110001234567", "reseller@partner.example"),
            at(EQUIV_JSON, ", ^\"reseller@partner.example\""),
        )
        .file(ACME_JSON)],
    );
}

// ---------------------------------------------------------------------------------------------
// Bad input: exit status 2, a located error, and the other accounts still audited
// ---------------------------------------------------------------------------------------------

/// A valid account with exactly one finding: RC101 at its CM value.
const BETA: &str = r#"account: Beta Builders
as_of: 2026-11-01
contracts:
  - number: "110009876543"
    ends: 2027-06-30
    contract_manager: sam.roe@beta.example
"#;

/// A valid account with exactly one finding: RC102 at its number.
const GAMMA: &str = r#"account: Gamma Surveys
as_of: 2026-11-01
contracts:
  - number: "110005550001"
    ends: 2027-06-30
    software_coordinators: [lee.park@gamma.example]
"#;

#[track_caller]
fn assert_beta_audited(v: &Value) {
    let beta = findings_of(v, "Beta Builders");
    assert_eq!(beta.len(), 1, "Beta Builders is still audited:\n{v:#}");
    assert_finding(
        beta[0],
        "RC101",
        "warning",
        &contract_user("110009876543", "sam.roe@beta.example"),
        BETA_FILE,
        at(BETA, "contract_manager: ^sam"),
    );
}

/// Runs a portfolio of a broken `acme` and the valid `beta`; returns the one error.
fn broken_acme(acme: &str) -> Value {
    let (code, v) = run(
        &[("acme/account.yaml", acme), ("beta/account.yaml", BETA)],
        &["--fail-on", "never"],
    );
    assert_eq!(
        code, 2,
        "an unreadable input exits 2 even with --fail-on never:\n{v:#}"
    );
    assert_beta_audited(&v);
    let e = only_error(&v).clone();
    assert_error_file(&e, ACME);
    e
}

#[test]
fn an_unknown_key_is_an_error_suggesting_the_nearest_known_key() {
    let y = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    contract_manger: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
"#;
    let e = broken_acme(y);
    assert_eq!(error_pos(&e), at(y, "    ^contract_manger"), "{e:#}");
    let message = error_message(&e);
    assert!(
        message.contains("contract_manger"),
        "names the unknown key: {message}"
    );
    assert!(
        message.contains("contract_manager"),
        "suggests the nearest key: {message}"
    );
}

#[test]
fn an_unknown_key_exits_2_with_the_default_fail_on() {
    let y = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
users:
  - email: jane.doe@acme.example
    last_activ: 2026-10-30
"#;
    let (code, v) = run(
        &[("acme/account.yaml", y), ("beta/account.yaml", BETA)],
        &[],
    );
    assert_eq!(code, 2, "{v:#}");
    assert_beta_audited(&v);
    let e = only_error(&v);
    assert_error_file(e, ACME);
    assert_eq!(error_pos(e), at(y, "    ^last_activ"), "{e:#}");
    assert!(error_message(e).contains("last_active"), "{e:#}");
}

#[test]
fn writing_both_software_coordinator_and_software_coordinators_is_an_error() {
    let y = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinator: mark.lee@acme.example
    software_coordinators: [priya.shah@acme.example]
"#;
    let e = broken_acme(y);
    let pos = error_pos(&e);
    assert!(
        pos == at(y, "    ^software_coordinator:") || pos == at(y, "    ^software_coordinators:"),
        "points at one of the two keys: {e:#}"
    );
    assert!(error_message(&e).contains("software_coordinator"), "{e:#}");
}

#[test]
fn a_seat_count_that_is_not_an_integer_is_an_error() {
    let y = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
    products:
      - name: AutoCAD
        seats: five
"#;
    let e = broken_acme(y);
    assert_eq!(error_pos(&e), at(y, "seats: ^five"), "{e:#}");
    let message = error_message(&e);
    assert!(
        ["seats", "integer", "number", "five"]
            .iter()
            .any(|w| message.contains(w)),
        "says what is wrong: {message}"
    );
}

#[test]
fn a_contract_without_number_is_an_error() {
    let y = r"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - team: Design
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
";
    let e = broken_acme(y);
    let pos = error_pos(&e);
    assert!(
        pos == at(y, "  ^- team") || pos == at(y, "  - ^team"),
        "points at the contract entry: {e:#}"
    );
    assert!(
        error_message(&e).contains("number"),
        "names the missing key: {e:#}"
    );
}

#[test]
fn a_repeated_contract_number_is_an_error() {
    let y = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
  - number: "110001234567"
    ends: 2027-03-31
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
"#;
    let e = broken_acme(y);
    assert_eq!(
        error_pos(&e),
        at_nth(y, "number: ^\"110001234567\"", 2),
        "{e:#}"
    );
    assert!(
        error_message(&e).contains("110001234567"),
        "names the number: {e:#}"
    );
}

#[test]
fn malformed_yaml_is_an_error_on_the_offending_line() {
    let y = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    contract_manager: Jane Doe: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
"#;
    let e = broken_acme(y);
    let (line, column) = error_pos(&e);
    let (bad_line, _) = at(y, "^    contract_manager: Jane Doe");
    assert_eq!(line, bad_line, "{e:#}");
    let width = y
        .lines()
        .nth(bad_line as usize - 1)
        .map_or(0, |l| l.chars().count()) as u64;
    assert!(
        (1..=width).contains(&column),
        "column within the line: {e:#}"
    );
    assert!(!error_message(&e).is_empty());
}

#[test]
fn a_format_other_than_1_is_an_error() {
    let y = r#"format: 2
account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
"#;
    let e = broken_acme(y);
    assert_eq!(error_pos(&e), at(y, "format: ^2"), "{e:#}");
}

#[test]
fn two_snapshots_in_one_folder_are_an_error() {
    let (code, v) = run(
        &[
            ("acme/account.yaml", CLEAN),
            ("acme/account.json", EQUIV_JSON),
            ("beta/account.yaml", BETA),
        ],
        &["--fail-on", "never"],
    );
    assert_eq!(code, 2, "{v:#}");
    assert_beta_audited(&v);
    let errors = v["errors"].as_array().expect("`errors` is an array");
    assert!(!errors.is_empty(), "{v:#}");
    assert!(
        errors
            .iter()
            .all(|e| e["file"].as_str().unwrap_or_default().contains("/acme/")),
        "{v:#}"
    );
}

#[test]
fn summary_counts_a_failed_file_apart_from_the_files_read() {
    let broken = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234567"
    contract_manger: jane.doe@acme.example
"#;
    let (code, v) = run(
        &[
            ("acme/account.yaml", broken),
            ("beta/account.yaml", BETA),
            ("gamma/account.yaml", GAMMA),
        ],
        &[],
    );
    assert_eq!(code, 2, "{v:#}");
    assert_beta_audited(&v);
    expect_rule(
        &v,
        "RC102",
        &[want(
            contract_only("110005550001"),
            at(GAMMA, "number: ^\"110005550001\""),
        )
        .file("/gamma/account.yaml")],
    );
    assert_eq!(
        only_error(&v)["file"].as_str().map(|f| f.ends_with(ACME)),
        Some(true)
    );
    let s = &v["summary"];
    assert_eq!(s["accounts"], 2, "{s:#}");
    assert_eq!(s["files_read"], 2, "{s:#}");
    assert_eq!(s["files_failed"], 1, "{s:#}");
    assert_eq!(s["files_skipped"], 0, "{s:#}");
    assert_eq!(s["errors"], 1, "findings of severity error: {s:#}");
    assert_eq!(s["warnings"], 1, "{s:#}");
    assert_eq!(s["infos"], 0, "{s:#}");
}

// ---------------------------------------------------------------------------------------------
// Output contract: order, exit status, --as-of, determinism
// ---------------------------------------------------------------------------------------------

const SORT_ACME: &str = r#"account: Acme Engineering Ltd
domains: [acme.example]
as_of: 2026-11-01
policy:
  roles_across_contracts: separate
users:
  - email: jane.doe@acme.example
  - email: kim.old@acme.example
    status: inactive
  - email: rita@partner.example
contracts:
  - number: "110001234567"
    ends: 2026-12-15
    contract_manager: jane.doe@acme.example
    software_coordinators: [rita@partner.example, kim.old@acme.example]
  - number: "110001234568"
    ends: 2027-06-30
    contract_manager: kim.old@acme.example
"#;

#[test]
fn findings_are_sorted_by_account_file_line_column_then_rule() {
    let zeta = GAMMA.replace("Gamma Surveys", "Zeta Surveys");
    let v = audit(&[
        ("zeta/account.yaml", zeta.as_str()),
        ("beta/account.yaml", BETA),
        ("acme/account.yaml", SORT_ACME),
    ]);
    assert_sorted(&v);
    let order: Vec<(String, String)> = all_findings(&v)
        .iter()
        .map(|f| {
            (
                f["account"].as_str().unwrap_or_default().to_owned(),
                f["rule"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let acme = "Acme Engineering Ltd";
    let expected = [
        (acme, "RC401"), // ends of the first contract
        (acme, "RC105"), // rita, earlier on the SC line...
        (acme, "RC104"), // ...than kim: column before rule code
        (acme, "RC101"), // the second contract's CM value, same place...
        (acme, "RC104"), // ...as its dormant-holder finding: rule code breaks the tie
        ("Beta Builders", "RC101"),
        ("Zeta Surveys", "RC102"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, r)| ((*a).to_owned(), (*r).to_owned()))
        .collect();
    assert_eq!(order, expected);
    let y = SORT_ACME;
    let kim_cm = at(y, "contract_manager: ^kim");
    expect_rule(
        &v,
        "RC101",
        &[
            want(
                contract_user("110001234568", "kim.old@acme.example"),
                kim_cm,
            ),
            want(
                contract_user("110009876543", "sam.roe@beta.example"),
                at(BETA, "contract_manager: ^sam"),
            )
            .file(BETA_FILE),
        ],
    );
    expect_rule(
        &v,
        "RC104",
        &[
            want(
                contract_user("110001234567", "kim.old@acme.example"),
                at(y, ", ^kim.old"),
            ),
            want(
                contract_user("110001234568", "kim.old@acme.example"),
                kim_cm,
            ),
        ],
    );
    expect_rule(
        &v,
        "RC105",
        &[want(
            contract_user("110001234567", "rita@partner.example"),
            at(y, "[^rita"),
        )],
    );
    expect_rule(
        &v,
        "RC401",
        &[want(
            contract_only("110001234567"),
            at(y, "ends: ^2026-12-15"),
        )],
    );
}

/// Only warnings (RC101).
const WARNINGS_ONLY: &str = RC101_SC_IS_CM;

/// An error finding (RC102).
const WITH_ERROR: &str = r#"account: Acme Engineering Ltd
as_of: 2026-11-01
contracts:
  - number: "110001234567"
    ends: 2027-06-30
    software_coordinators: [mark.lee@acme.example]
"#;

fn exit_status(yaml: &str, args: &[&str]) -> i32 {
    run(&[("acme/account.yaml", yaml)], args).0
}

#[test]
fn exit_status_is_0_when_no_finding_reaches_the_default_fail_on_error() {
    assert_eq!(exit_status(CLEAN, &[]), 0);
    assert_eq!(exit_status(WARNINGS_ONLY, &[]), 0);
    assert_eq!(exit_status(WARNINGS_ONLY, &["--fail-on", "error"]), 0);
}

#[test]
fn exit_status_is_1_when_an_error_finding_exists_by_default() {
    assert_eq!(exit_status(WITH_ERROR, &[]), 1);
    assert_eq!(exit_status(RC402, &[]), 1);
}

#[test]
fn fail_on_warning_fails_on_warnings_and_errors() {
    assert_eq!(exit_status(CLEAN, &["--fail-on", "warning"]), 0);
    assert_eq!(exit_status(WARNINGS_ONLY, &["--fail-on", "warning"]), 1);
    assert_eq!(exit_status(WITH_ERROR, &["--fail-on", "warning"]), 1);
}

#[test]
fn fail_on_info_fails_on_any_finding() {
    assert_eq!(exit_status(CLEAN, &["--fail-on", "info"]), 0);
    assert_eq!(exit_status(WARNINGS_ONLY, &["--fail-on", "info"]), 1);
}

#[test]
fn fail_on_never_exits_0_whatever_the_findings() {
    assert_eq!(exit_status(WARNINGS_ONLY, &["--fail-on", "never"]), 0);
    assert_eq!(exit_status(WITH_ERROR, &["--fail-on", "never"]), 0);
}

#[test]
fn a_wrong_command_line_exits_2() {
    let dir = write_tree(&[("acme/account.yaml", CLEAN)]);
    assert_eq!(
        rollcall_raw(dir.path(), &["--fail-on", "sometimes"], &[]).0,
        2
    );
    assert_eq!(
        rollcall_raw(dir.path(), &["--as-of", "01/11/2026"], &[]).0,
        2
    );
}

const NO_AS_OF: &str = r#"account: Acme Engineering Ltd
contracts:
  - number: "110001234567"
    ends: 2027-01-15
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
"#;

const OWN_AS_OF: &str = r#"account: Beta Builders
as_of: 2026-06-01
contracts:
  - number: "110009876543"
    ends: 2027-01-15
    contract_manager: sam.roe@beta.example
    software_coordinators: [lee.park@beta.example]
"#;

#[test]
fn as_of_option_is_today_only_for_accounts_without_as_of() {
    let files = [
        ("acme/account.yaml", NO_AS_OF),
        ("beta/account.yaml", OWN_AS_OF),
    ];
    // 2026-12-01: acme's contract ends in 45 days; beta keeps its own 2026-06-01 (228 days).
    let (code, v) = run(&files, &["--as-of", "2026-12-01", "--fail-on", "never"]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(codes(&v), ["RC401"]);
    expect_rule(
        &v,
        "RC401",
        &[want(
            contract_only("110001234567"),
            at(NO_AS_OF, "ends: ^2027"),
        )],
    );

    let (code, v) = run(&files, &["--as-of", "2026-06-01", "--fail-on", "never"]);
    assert_eq!(code, 0, "{v:#}");
    assert_no_findings(&v);

    // Beta's own as_of, moved close to its end, fires whatever --as-of says.
    let close = OWN_AS_OF.replace("as_of: 2026-06-01", "as_of: 2026-12-01");
    let (_, v) = run(
        &[("beta/account.yaml", close.as_str())],
        &["--as-of", "2026-06-01", "--fail-on", "never"],
    );
    assert_eq!(codes(&v), ["RC401"]);
}

#[test]
fn output_is_byte_identical_whatever_the_number_of_threads() {
    let rename = |yaml: &str, name: &str| {
        yaml.replace("account: Acme Engineering Ltd", &format!("account: {name}"))
    };
    let delta = rename(RC104, "Delta Architects");
    let epsilon = rename(RC304, "Epsilon Civil");
    let zeta = rename(STATUS_SYNONYMS, "Zeta Surveys");
    let eta = rename(RC401_NOBODY_CAN_RENEW, "Eta Infrastructure");
    let theta = rename(RC501, "Theta Mechanical");
    let iota = rename(EQUIV_JSON, "Iota Plant");
    let kappa = rename(RC201_TIE, "Kappa Rail");
    let dir = write_tree(&[
        ("acme/account.yaml", EQUIV_YAML),
        ("beta/account.yaml", BETA),
        ("gamma/account.yaml", GAMMA),
        ("delta/account.yaml", delta.as_str()),
        ("epsilon/account.yaml", epsilon.as_str()),
        ("zeta/account.yaml", zeta.as_str()),
        ("eta/account.yaml", eta.as_str()),
        ("theta/account.yaml", theta.as_str()),
        ("iota/account.json", iota.as_str()),
        ("kappa/account.yaml", kappa.as_str()),
    ]);
    let args = ["--fail-on", "never"];
    let (code1, v1, one) = rollcall(dir.path(), &args, &[("RAYON_NUM_THREADS", "1")]);
    let (code4, _, four) = rollcall(dir.path(), &args, &[("RAYON_NUM_THREADS", "4")]);
    let (_, _, four_again) = rollcall(dir.path(), &args, &[("RAYON_NUM_THREADS", "4")]);
    assert_eq!((code1, code4), (0, 0));
    assert_eq!(v1["summary"]["accounts"], 10, "{:#}", v1["summary"]);
    assert!(
        all_findings(&v1).len() > 20,
        "the portfolio has many findings"
    );
    assert_sorted(&v1);
    assert_subjects_have_four_keys(&v1);
    assert!(one == four, "stdout differs between 1 and 4 threads");
    assert!(
        four == four_again,
        "stdout differs between two runs on 4 threads"
    );
}

// ---------------------------------------------------------------------------------------------
// Discovery and paths
// ---------------------------------------------------------------------------------------------

#[test]
fn a_yml_snapshot_is_found_in_a_folder_walk() {
    let v = audit(&[("acme/account.yml", RC101_SC_IS_CM)]);
    expect_rule(
        &v,
        "RC101",
        &[want(
            contract_user("110001234567", "jane.doe@acme.example"),
            at(RC101_SC_IS_CM, "[^Jane.Doe"),
        )
        .file("/acme/account.yml")],
    );
}

#[test]
fn a_file_named_on_the_command_line_is_read_whatever_its_name() {
    let dir = write_tree(&[("acme/acme-2026-11.yaml", RC101_SC_IS_CM)]);
    let target = dir.path().join("acme").join("acme-2026-11.yaml");
    let target = target.to_str().expect("a UTF-8 temporary path");
    let (code, v) = rollcall_in(dir.path(), target, &["--fail-on", "never"]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(codes(&v), ["RC101"]);
    let f = findings(&v, "RC101")[0];
    assert_eq!(
        f["location"]["file"], target,
        "the path exactly as given: {f:#}"
    );
}

#[test]
fn location_file_is_the_path_as_given_joined_with_the_path_below_it() {
    let dir = write_tree(&[("customers/acme/account.yaml", RC101_SC_IS_CM)]);
    let (code, v) = rollcall_in(dir.path(), "customers", &["--fail-on", "never"]);
    assert_eq!(code, 0, "{v:#}");
    let f = findings(&v, "RC101")[0];
    assert_eq!(
        f["location"]["file"], "customers/acme/account.yaml",
        "{f:#}"
    );
    assert_eq!(v["accounts"][0]["path"], "customers/acme", "{v:#}");
    assert_eq!(
        v["accounts"][0]["files"],
        json!(["customers/acme/account.yaml"]),
        "{v:#}"
    );
}

#[test]
fn an_unknown_key_in_the_json_form_is_an_error() {
    let j = r#"{
  "account": "Acme Engineering Ltd",
  "as_of": "2026-11-01",
  "contracts": [
    { "number": "110001234567", "contract_manger": "jane.doe@acme.example" }
  ]
}
"#;
    let (code, v) = run(
        &[("acme/account.json", j), ("beta/account.yaml", BETA)],
        &["--fail-on", "never"],
    );
    assert_eq!(code, 2, "{v:#}");
    assert_beta_audited(&v);
    let e = only_error(&v);
    assert_error_file(e, ACME_JSON);
    let (line, column) = error_pos(e);
    let (key_line, key_column) = at(j, ", ^\"contract_manger\"");
    assert_eq!(line, key_line, "{e:#}");
    assert!(
        column == key_column || column == key_column + 1,
        "points at the key (its quote or first letter): {e:#}"
    );
    assert!(error_message(e).contains("contract_manager"), "{e:#}");
}
