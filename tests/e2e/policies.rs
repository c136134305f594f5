//! Custom policies in Rego, end to end, written from issue 14 and docs/policies.md: a
//! policy finds, locates, is configured, waived and tested like a built-in rule, and every
//! mistake in one is a located error.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;
use tempfile::TempDir;

fn tree(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

use crate::common::rollcall_in as rollcall;

fn check_json(cwd: &Path, args: &[&str]) -> (i32, Value, String) {
    let mut all = vec!["check", "--format", "json", "--as-of", "2026-12-01"];
    all.extend_from_slice(args);
    let (code, out, err) = rollcall(cwd, &all);
    let v = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    (code, v, err)
}

fn findings_of<'v>(v: &'v Value, rule: &str) -> Vec<&'v Value> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

/// The policy of docs/policies.md's example: no Contract Manager may be a shared mailbox.
const SHARED_MAILBOX: &str = r#"# METADATA
# title: no Contract Manager may be a shared mailbox
# custom:
#   id: ACME001
#   severity: error
#   help: name a person as Contract Manager, not a team mailbox
package rollcall.custom.shared_mailbox

mailboxes := {"it", "admin", "licensing", "info"}

deny contains result if {
	some i, c in input.contracts
	local := split(c.contract_manager, "@")[0]
	local in mailboxes
	result := {
		"msg": sprintf("the Contract Manager of %s is the shared mailbox %s", [c.number, c.contract_manager]),
		"subject": {"contract": c.number, "user": c.contract_manager},
		"at": ["contracts", i, "contract_manager"],
	}
}

test_fires if {
	count(deny) == 1 with input as {"contracts": [{"number": "1", "contract_manager": "it@acme.example"}]}
}

test_quiet_for_a_person if {
	count(deny) == 0 with input as {"contracts": [{"number": "1", "contract_manager": "jane@acme.example"}]}
}
"#;

/// Line 6 holds the shared mailbox, written in capitals: emails reach policies lower-cased.
const ACME: &str = r#"account: Acme Engineering Ltd
contracts:
  - number: "110001234567"
    software_coordinators: [mark.lee@acme.example]
    contract_manager: IT@Acme.example
  - number: "110001234568"
    contract_manager: jane.doe@acme.example
    software_coordinators: [mark.lee@acme.example]
"#;

const CONFIG: &str = "policies:\n  - policies/\n";

fn acme(config: &str, policy: &str) -> TempDir {
    tree(&[
        ("rollcall.yaml", config),
        ("policies/shared_mailbox.rego", policy),
        ("acme/account.yaml", ACME),
    ])
}

#[test]
fn a_policy_finds_and_points_at_the_value() {
    let dir = acme(CONFIG, SHARED_MAILBOX);
    let (code, v, err) = check_json(dir.path(), &["acme"]);
    assert_eq!(
        code, 1,
        "an error-level custom finding fails the run: {err}"
    );
    let found = findings_of(&v, "ACME001");
    assert_eq!(found.len(), 1, "{v:#}");
    let f = found[0];
    assert_eq!(f["name"], "shared-mailbox");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["location"]["file"], "acme/account.yaml");
    assert_eq!(f["location"]["line"], 5);
    assert_eq!(f["location"]["column"], 23);
    assert_eq!(f["subject"]["contract"], "110001234567");
    assert_eq!(f["subject"]["user"], "it@acme.example");
    assert_eq!(
        f["help"],
        "name a person as Contract Manager, not a team mailbox"
    );
}

#[test]
fn the_human_report_quotes_the_line() {
    let dir = acme(CONFIG, SHARED_MAILBOX);
    let (_, out, _) = rollcall(
        dir.path(),
        &["check", "acme", "--color", "never", "--as-of", "2026-12-01"],
    );
    assert!(out.contains("ACME001"), "{out}");
    assert!(out.contains("contract_manager: IT@Acme.example"), "{out}");
}

#[test]
fn a_custom_rule_is_selected_ignored_and_levelled_by_id() {
    let dir = acme(CONFIG, SHARED_MAILBOX);
    let (_, v, _) = check_json(dir.path(), &["acme", "--ignore", "ACME001"]);
    assert!(findings_of(&v, "ACME001").is_empty());
    let (_, v, _) = check_json(dir.path(), &["acme", "--select", "acme001"]);
    let rules: BTreeSet<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, BTreeSet::from(["ACME001"]));
    let (code, v, _) = check_json(dir.path(), &["acme", "--severity", "shared-mailbox=info"]);
    assert_eq!(findings_of(&v, "ACME001")[0]["severity"], "info");
    assert_eq!(code, 0);
    // The group `custom` names every custom rule.
    let (_, v, _) = check_json(dir.path(), &["acme", "--select", "custom"]);
    assert_eq!(findings_of(&v, "ACME001").len(), 1);
    // In the configuration file too.
    let dir = acme(
        "policies: [policies]\nseverity:\n  ACME001: off\n",
        SHARED_MAILBOX,
    );
    let (_, v, _) = check_json(dir.path(), &["acme"]);
    assert!(findings_of(&v, "ACME001").is_empty());
}

#[test]
fn an_id_no_policy_defines_is_an_error() {
    let dir = acme(CONFIG, SHARED_MAILBOX);
    let (code, err, _) = rollcall(
        dir.path(),
        &[
            "check",
            "acme",
            "--select",
            "ACME002",
            "--as-of",
            "2026-12-01",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("ACME002"), "{err}");
    assert!(err.contains("did you mean `ACME001`"), "{err}");
    // A typo in the configuration is located there.
    let dir = acme("policies: [policies]\nignore: [ACME01]\n", SHARED_MAILBOX);
    let (code, err, _) = rollcall(dir.path(), &["check", "acme"]);
    assert_eq!(code, 2);
    assert!(err.contains("rollcall.yaml:2:10"), "{err}");
}

#[test]
fn a_custom_finding_is_waived_and_baselined() {
    let dir = acme(
        "policies: [policies]\nwaivers:\n  - rule: ACME001\n    contract: \"110001234567\"\n    reason: the mailbox is monitored daily (reviewed 2026-11-20)\n",
        SHARED_MAILBOX,
    );
    let (code, v, _) = check_json(dir.path(), &["acme"]);
    let f = findings_of(&v, "ACME001");
    assert_eq!(f.len(), 1);
    assert!(f[0]["waived"].is_object(), "{:#}", f[0]);
    assert_eq!(code, 0, "a waived finding does not fail the run");

    let dir = acme(CONFIG, SHARED_MAILBOX);
    let (_, _, _) = rollcall(
        dir.path(),
        &[
            "check",
            "acme",
            "--write-baseline",
            "base.json",
            "--as-of",
            "2026-12-01",
        ],
    );
    let (code, v, _) = check_json(dir.path(), &["acme", "--baseline", "base.json"]);
    assert_eq!(code, 0, "the baselined finding is not new: {v:#}");
}

#[test]
fn sarif_rules_list_and_explain_carry_the_metadata() {
    let dir = acme(CONFIG, SHARED_MAILBOX);
    let (_, out, _) = rollcall(
        dir.path(),
        &[
            "check",
            "acme",
            "--format",
            "sarif",
            "--as-of",
            "2026-12-01",
        ],
    );
    let sarif: Value = serde_json::from_str(&out).unwrap();
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let i = rules
        .iter()
        .position(|r| r["id"] == "ACME001")
        .expect("a rule entry");
    assert_eq!(
        rules[i]["shortDescription"]["text"],
        "no Contract Manager may be a shared mailbox"
    );
    assert_eq!(rules[i]["defaultConfiguration"]["level"], "error");
    let result = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "ACME001")
        .unwrap();
    assert_eq!(result["ruleIndex"], i);

    let (code, out, _) = rollcall(dir.path(), &["rules"]);
    assert_eq!(code, 0);
    let line = out.lines().find(|l| l.starts_with("ACME001")).expect(&out);
    assert!(
        line.contains("shared-mailbox") && line.contains("custom") && line.contains("error"),
        "{line}"
    );

    let (code, out, _) = rollcall(dir.path(), &["explain", "ACME001"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("# ACME001 shared-mailbox"), "{out}");
    assert!(out.contains("name a person as Contract Manager"), "{out}");
    assert!(out.contains("policies/shared_mailbox.rego"), "{out}");
}

/// The errors of a JSON report as `file:line:col: message` lines.
fn errors_of(v: &Value) -> String {
    let mut out = String::new();
    for e in v["errors"].as_array().unwrap() {
        let _ = writeln!(
            out,
            "{}:{}:{}: {}",
            e["file"].as_str().unwrap(),
            e["line"],
            e["column"],
            e["message"].as_str().unwrap()
        );
    }
    out
}

fn expect_config_error(policy: &str, at: &str, says: &str) {
    let dir = acme(CONFIG, policy);
    let (code, v, _) = check_json(dir.path(), &["acme"]);
    let err = errors_of(&v);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(at), "expected {at} in: {err}");
    assert!(err.contains(says), "expected {says} in: {err}");
    assert_eq!(
        v["accounts"].as_array().unwrap().len(),
        0,
        "no account is audited under a broken configuration"
    );
}

#[test]
fn a_policy_that_does_not_parse_is_located() {
    let broken = SHARED_MAILBOX.replace("local in mailboxes", "local in");
    expect_config_error(&broken, "policies/shared_mailbox.rego:15:", "");
}

#[test]
fn metadata_mistakes_are_located() {
    expect_config_error(
        &SHARED_MAILBOX.replace("#   help:", "#   hlep:"),
        "policies/shared_mailbox.rego:6:5",
        "did you mean `help`",
    );
    expect_config_error(
        &SHARED_MAILBOX.replace("severity: error", "severity: critical"),
        "policies/shared_mailbox.rego:5:15",
        "not a severity",
    );
    expect_config_error(
        &SHARED_MAILBOX.replace("id: ACME001", "id: RC999"),
        "policies/shared_mailbox.rego:4:9",
        "reserved",
    );
}

#[test]
fn a_duplicate_id_is_refused() {
    let dir = tree(&[
        ("rollcall.yaml", CONFIG),
        ("policies/a.rego", SHARED_MAILBOX),
        (
            "policies/b.rego",
            &SHARED_MAILBOX.replace("shared_mailbox", "another"),
        ),
        ("acme/account.yaml", ACME),
    ]);
    let (code, err, _) = rollcall(dir.path(), &["check", "acme"]);
    assert_eq!(code, 2);
    assert!(err.contains("policies/b.rego:7:1"), "{err}");
    assert!(err.contains("already used by policies/a.rego"), "{err}");
}

#[test]
fn a_missing_policy_path_is_located_in_the_configuration() {
    let dir = acme("policies:\n  - rules/none.rego\n", SHARED_MAILBOX);
    let (code, err, _) = rollcall(dir.path(), &["check", "acme"]);
    assert_eq!(code, 2);
    assert!(err.contains("rollcall.yaml:2:5"), "{err}");
}

#[test]
fn a_policy_failing_on_one_account_spares_the_others() {
    let fragile = SHARED_MAILBOX.replace(
        "local in mailboxes",
        "local in mailboxes\n\tto_number(input.account) > 0",
    );
    let dir = tree(&[
        ("rollcall.yaml", CONFIG),
        ("policies/shared_mailbox.rego", &fragile),
        ("acme/account.yaml", ACME),
        (
            "numeric/account.yaml",
            &ACME.replace("Acme Engineering Ltd", "\"4711\""),
        ),
    ]);
    let (code, v, err) = check_json(dir.path(), &["."]);
    assert_eq!(code, 2, "{err}");
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{v:#}");
    assert!(errors[0]["file"]
        .as_str()
        .unwrap()
        .ends_with("policies/shared_mailbox.rego"));
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("Acme Engineering Ltd"));
    // The other account is audited, with its custom finding.
    let found = findings_of(&v, "ACME001");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["account"], "4711");
}

#[test]
fn lenient_policy_errors_leave_the_body_undefined() {
    let fragile = SHARED_MAILBOX.replace(
        "local in mailboxes",
        "local in mailboxes\n\tto_number(input.account) > 0",
    );
    let dir = acme("policies: [policies]\npolicy_errors: lenient\n", &fragile);
    let (code, v, err) = check_json(dir.path(), &["acme"]);
    assert_eq!(code, 0, "{err}");
    assert!(v["errors"].as_array().unwrap().is_empty());
    assert!(findings_of(&v, "ACME001").is_empty());
    let dir = acme("policies: [policies]\npolicy_errors: lax\n", &fragile);
    let (code, out, _) = rollcall(dir.path(), &["check", "acme"]);
    assert_eq!(code, 2);
    assert!(out.contains("rollcall.yaml:2:16"), "{out}");
}

#[test]
fn a_path_to_nothing_is_an_error_not_an_unlocated_finding() {
    let wrong = SHARED_MAILBOX.replace(
        r#""at": ["contracts", i, "contract_manager"]"#,
        r#""at": ["contracts", i, "manager"]"#,
    );
    let dir = acme(CONFIG, &wrong);
    let (code, v, _) = check_json(dir.path(), &["acme"]);
    assert_eq!(code, 2);
    assert!(findings_of(&v, "ACME001").is_empty());
    let e = &v["errors"][0];
    assert_eq!(e["line"], 11, "the deny rule: {e:#}");
    assert!(
        e["message"].as_str().unwrap().contains("leads to no value"),
        "{e:#}"
    );
}

#[test]
fn rollcall_test_runs_the_policies_tests() {
    let dir = acme(CONFIG, SHARED_MAILBOX);
    let (code, out, err) = rollcall(dir.path(), &["test"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("data.rollcall.custom.shared_mailbox.test_fires: PASS"),
        "{out}"
    );
    assert!(out.contains("PASS: 2/2"), "{out}");

    let failing = format!(
        "{SHARED_MAILBOX}\ntest_wrong if {{\n\tcount(deny) == 2 with input as {{\"contracts\": []}}\n}}\n"
    );
    let dir = acme(CONFIG, &failing);
    let (code, out, _) = rollcall(dir.path(), &["test", "--coverage"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("test_wrong: FAIL"), "{out}");
    assert!(out.contains("FAIL: 1/3"), "{out}");
    assert!(
        out.contains("coverage:\npolicies/shared_mailbox.rego: "),
        "{out}"
    );
}

#[test]
fn tests_may_live_in_a_test_file() {
    let (policy, tests) = SHARED_MAILBOX.split_at(SHARED_MAILBOX.find("test_fires").unwrap());
    let test_file = format!("package rollcall.custom.shared_mailbox\n\n{tests}");
    let dir = tree(&[
        ("rollcall.yaml", CONFIG),
        ("policies/shared_mailbox.rego", policy),
        ("policies/shared_mailbox_test.rego", &test_file),
    ]);
    let (code, out, err) = rollcall(dir.path(), &["test"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("policies/shared_mailbox_test.rego:"), "{out}");
    assert!(out.contains("PASS: 2/2"), "{out}");
}

/// (account, rule, subject, location) of every finding of a run, the rule renamed by `map`.
fn keyed(v: &Value, map: &[(&str, &str)]) -> BTreeSet<(String, String, String, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| {
            let rule = f["rule"].as_str().unwrap();
            let (_, built_in) = map.iter().find(|(c, b)| *c == rule || *b == rule)?;
            Some((
                f["account"].to_string(),
                (*built_in).to_owned(),
                f["subject"].to_string(),
                f["location"].to_string(),
            ))
        })
        .collect()
}

/// Issue 14's proof: the three example policies give the built-ins' findings, subject and
/// location, on the demo portfolio and on the real-shaped exports (CSV and a workbook).
#[test]
fn the_example_policies_match_their_built_ins() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let examples = root.join("rules/examples");
    let map = [("EX101", "RC101"), ("EX301", "RC301"), ("EX304", "RC304")];
    let mut cells = 0;
    // The last case changes `inactive_days`, which the policies read from
    // `data.rollcall.options` as RC304 reads it from the options.
    let demo = Some("fixtures/demo/rollcall.yaml");
    for (folder, base, mode, options) in [
        ("fixtures/demo", demo, "strict", ""),
        ("fixtures/demo", demo, "lenient", ""),
        ("fixtures/exports", None, "strict", ""),
        ("fixtures/exports", None, "lenient", ""),
        (
            "fixtures/exports",
            None,
            "lenient",
            "options:\n  inactive_days: 20\n",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut config = base
            .map(|b| std::fs::read_to_string(root.join(b)).unwrap())
            .unwrap_or_default();
        config = format!(
            "{config}\n{options}policy_errors: {mode}\npolicies: [{:?}]\n",
            examples.display().to_string()
        );
        let config_path = dir.path().join("rollcall.yaml");
        std::fs::write(&config_path, config).unwrap();
        let run = |select: &str| {
            let (_, v, err) = check_json(
                &root,
                &[
                    folder,
                    "--config",
                    config_path.to_str().unwrap(),
                    "--select",
                    select,
                ],
            );
            assert!(v["errors"].as_array().unwrap().is_empty(), "{err}");
            v
        };
        let built_in = keyed(&run("RC101,RC301,RC304"), &map);
        let custom = keyed(&run("EX101,EX301,EX304"), &map);
        assert_eq!(built_in, custom, "{folder}, {mode}, {options}");
        if folder == "fixtures/demo" {
            for (_, b) in map {
                assert!(
                    built_in.iter().any(|(_, r, _, _)| r == b),
                    "the demo has no {b} finding: the comparison would prove nothing"
                );
            }
        }
        cells += custom
            .iter()
            .filter(|(_, _, _, at)| at.contains("\"cell\""))
            .count();
    }
    assert!(cells > 0, "no custom finding points at a workbook cell");
}

#[test]
fn the_examples_own_tests_pass() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let (code, out, err) = rollcall(
        &root,
        &[
            "test",
            "--config",
            "rules/examples/rollcall.yaml",
            "--coverage",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("PASS: 16/16"), "{out}");
}

/// The policies' `input` is the snapshot structure: every demo and export account's input, less
/// `today`, is a valid snapshot by the account schema, and names its as-of day.
#[test]
fn the_policy_input_is_a_valid_snapshot() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("schemas/account.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let mut checked = 0;
    for parent in ["fixtures/demo", "fixtures/exports"] {
        let mut folders: Vec<PathBuf> = std::fs::read_dir(root.join(parent))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        folders.sort();
        for folder in folders {
            let (code, out, err) = rollcall(
                &root,
                &[
                    "convert",
                    folder.to_str().unwrap(),
                    "--policy-input",
                    "--as-of",
                    "2026-12-01",
                ],
            );
            assert_eq!(code, 0, "{}: {err}", folder.display());
            let mut doc: Value = serde_json::from_str(&out).unwrap();
            let today = doc.as_object_mut().unwrap().remove("today").expect("today");
            assert!(today.as_str().unwrap().len() == 10, "{today}");
            let errors: Vec<String> = validator
                .iter_errors(&doc)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", folder.display());
            // The long forms: every assignment a mapping, every user a status.
            for c in doc["contracts"].as_array().unwrap() {
                for p in c["products"].as_array().unwrap() {
                    for a in p["assigned"].as_array().into_iter().flatten() {
                        assert!(a["user"].is_string(), "{a}");
                    }
                }
            }
            for u in doc["users"].as_array().into_iter().flatten() {
                assert!(u["status"].is_string(), "{u}");
            }
            checked += 1;
        }
    }
    assert!(checked >= 10);
}

/// Custom findings are byte-identical from run to run and across thread counts.
#[test]
fn custom_findings_do_not_depend_on_threads() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("rollcall.yaml");
    std::fs::write(
        &config,
        format!(
            "policies: [{:?}]\n",
            root.join("rules/examples").display().to_string()
        ),
    )
    .unwrap();
    let outputs: BTreeSet<String> = ["1", "2", "4", "2"]
        .iter()
        .flat_map(|jobs| {
            ["json", "human", "sarif"].map(|format| {
                let (_, out, _) = rollcall(
                    &root,
                    &[
                        "check",
                        "fixtures/demo",
                        "fixtures/exports",
                        "--config",
                        config.to_str().unwrap(),
                        "--format",
                        format,
                        "--jobs",
                        jobs,
                        "--as-of",
                        "2026-12-01",
                        "--color",
                        "never",
                    ],
                );
                assert!(out.contains("EX304"), "{format}");
                format!("{format}\n{out}")
            })
        })
        .collect();
    assert_eq!(outputs.len(), 3, "one output per format");
}
