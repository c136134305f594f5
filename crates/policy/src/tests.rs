use rollcall_model::{Day, FileId, SourceFile, SourceKind};

use super::*;

const SHARED: &str = r#"# METADATA
# title: No Contract Manager may be a shared mailbox
# custom:
#   id: ACME001
#   severity: error
#   help: Name a person as Contract Manager.
package rollcall.custom.shared_mailbox

shared := {"it", "admin", "licensing"}

deny contains result if {
	some i, c in input.contracts
	local := split(c.contract_manager, "@")[0]
	local in shared
	result := {
		"msg": sprintf("contract %s: the Contract Manager %s is a shared mailbox", [c.number, c.contract_manager]),
		"subject": {"contract": c.number, "user": c.contract_manager},
		"at": ["contracts", i, "contract_manager"],
	}
}

test_fires if {
	count(deny) == 1 with input as {"contracts": [{"number": "1", "contract_manager": "it@acme.example"}]}
}

test_quiet if {
	count(deny) == 0 with input as {"contracts": [{"number": "1", "contract_manager": "jane@acme.example"}]}
}
"#;

const ACCOUNT: &str = "format: 1
account: Acme
contracts:
  - number: \"110000000001\"
    contract_manager: IT@acme.example
  - number: \"110000000002\"
    contract_manager: jane@acme.example
";

fn account() -> rollcall_model::Account {
    let mut a = rollcall_input::snapshot::read(ACCOUNT, "account.yaml", FileId(0))
        .map_err(|e| format!("{e:?}"))
        .unwrap()
        .account;
    a.name = "Acme".into();
    a.files = vec![SourceFile {
        path: "account.yaml".into(),
        kind: SourceKind::Snapshot,
        sheet: None,
    }];
    a
}

fn today() -> Day {
    Day::parse_iso("2026-12-01").unwrap()
}

fn set(text: &str) -> Result<PolicySet, Vec<InputError>> {
    PolicySet::load(&[("p.rego".to_owned(), text.to_owned())], false)
}

#[test]
fn a_policy_finds_and_locates() {
    let s = set(SHARED).unwrap();
    let m = s.rules().next().unwrap();
    assert_eq!((m.code, m.name), ("ACME001", "shared-mailbox"));
    let found = s.check(&account(), today(), |_| true).unwrap();
    assert_eq!(found.len(), 1);
    let f = &found[0];
    assert_eq!((f.origin.line, f.origin.column), (5, 23));
    assert_eq!(f.subject.contract.as_deref(), Some("110000000001"));
    // Emails reach the policy lower-cased.
    assert_eq!(f.subject.user.as_deref(), Some("it@acme.example"));
    assert_eq!(
        f.help.as_deref(),
        Some("Name a person as Contract Manager.")
    );
    assert_eq!(f.severity, rollcall_rules::Severity::Error);
}

#[test]
fn a_disabled_policy_does_not_run() {
    let s = set(SHARED).unwrap();
    assert!(s.check(&account(), today(), |_| false).unwrap().is_empty());
}

#[test]
fn a_path_to_nothing_is_an_error_about_the_policy() {
    let bad = SHARED.replace(
        r#""at": ["contracts", i, "contract_manager"]"#,
        r#""at": ["contracts", i, "manager"]"#,
    );
    let e = set(&bad)
        .unwrap()
        .check(&account(), today(), |_| true)
        .unwrap_err();
    assert_eq!(e.file, "p.rego");
    assert_eq!(e.line, 11, "the deny rule's line");
    assert!(
        e.message.contains(r#"["contracts", 0, "manager"]"#),
        "{}",
        e.message
    );
}

#[test]
fn a_result_without_at_is_an_error() {
    let bad = SHARED.replace(r#""at": ["contracts", i, "contract_manager"],"#, "");
    let e = set(&bad)
        .unwrap()
        .check(&account(), today(), |_| true)
        .unwrap_err();
    assert!(e.message.contains("no `at`"), "{}", e.message);
}

#[test]
fn a_run_time_error_is_located_in_the_policy() {
    let bad = SHARED.replace("local in shared", "to_number(local) > 0");
    let e = set(&bad)
        .unwrap()
        .check(&account(), today(), |_| true)
        .unwrap_err();
    assert_eq!(e.line, 14, "{e:?}");
    assert!(
        e.message.contains("failed on account `Acme`"),
        "{}",
        e.message
    );
}

#[test]
fn a_syntax_error_is_located() {
    let e = set(&SHARED.replace("local in shared", "local in")).unwrap_err();
    assert_eq!(e[0].file, "p.rego");
    assert!(e[0].line >= 14, "{:?}", e[0]);
}

#[test]
fn a_package_outside_rollcall_custom_is_refused() {
    let e = set(&SHARED.replace(
        "package rollcall.custom.shared_mailbox",
        "package acme.rules",
    ))
    .unwrap_err();
    assert_eq!((e[0].line, e[0].column), (7, 1));
}

#[test]
fn duplicate_ids_are_refused() {
    let other = SHARED.replace("shared_mailbox", "other");
    let e = PolicySet::load(
        &[
            ("a.rego".to_owned(), SHARED.to_owned()),
            ("b.rego".to_owned(), other),
        ],
        false,
    )
    .unwrap_err();
    assert_eq!(e[0].file, "b.rego");
    assert!(
        e[0].message.contains("already used by a.rego"),
        "{}",
        e[0].message
    );
}

#[test]
fn no_deny_rule_is_an_error() {
    let e = set("# METADATA\n# title: t\n# custom:\n#   id: X1\npackage rollcall.custom.x\n\nallow := true\n").unwrap_err();
    assert!(e[0].message.contains("no `deny` rule"));
}

#[test]
fn tests_pass_fail_and_cover() {
    let text = format!(
        "{SHARED}\ntest_wrong if {{\n\tcount(deny) == 5 with input as {{\"contracts\": []}}\n}}\n"
    );
    let s = set(&text).unwrap();
    let (results, coverage) = s.test(true);
    let outcomes: Vec<(&str, &TestOutcome)> = results
        .iter()
        .map(|r| (r.name.as_str(), &r.outcome))
        .collect();
    assert_eq!(outcomes[0], ("test_fires", &TestOutcome::Pass));
    assert_eq!(outcomes[1], ("test_quiet", &TestOutcome::Pass));
    assert!(matches!(outcomes[2], ("test_wrong", TestOutcome::Fail(_))));
    let c = &coverage.unwrap()[0];
    assert!(c.covered.contains(&14), "{c:?}");
    assert!(c.percent() > 50.0);
}

#[test]
fn a_set_is_shared_across_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<PolicySet>();
}

#[test]
fn lenient_runs_on_the_vm_with_the_same_findings_and_no_builtin_errors() {
    let strict = set(SHARED).unwrap();
    let lenient = PolicySet::load(&[("p.rego".to_owned(), SHARED.to_owned())], true).unwrap();
    assert_eq!(lenient.compiled(), 1);
    assert_eq!(strict.compiled(), 0);
    let (a, b) = (
        strict.check(&account(), today(), |_| true).unwrap(),
        lenient.check(&account(), today(), |_| true).unwrap(),
    );
    assert_eq!(
        a.iter()
            .map(|f| (f.origin, f.subject.clone()))
            .collect::<Vec<_>>(),
        b.iter()
            .map(|f| (f.origin, f.subject.clone()))
            .collect::<Vec<_>>()
    );
    // A builtin error: strict fails the account, lenient leaves the body undefined.
    let bad = SHARED.replace("local in shared", "to_number(local) > 0");
    let lenient = PolicySet::load(&[("p.rego".to_owned(), bad)], true).unwrap();
    assert!(lenient
        .check(&account(), today(), |_| true)
        .unwrap()
        .is_empty());
}

#[test]
fn lenient_says_which_policies_the_vm_refuses() {
    let refused = SHARED
        .replace(
            "shared := {",
            "via_root := object.get(data, [\"x\"], 1)\n\nshared := {",
        )
        .replace("local in shared", "local in shared\n\tvia_root == 1");
    let set = PolicySet::load(&[("p.rego".to_owned(), refused)], true).unwrap();
    let why = set.policies[0].vm_refused.as_deref().unwrap_or("");
    assert!(why.contains("data"), "{why}");
    assert_eq!(set.compiled(), 0);
    // It still runs, on the interpreter, with the same findings.
    assert_eq!(set.check(&account(), today(), |_| true).unwrap().len(), 1);
}

/// A policy that would run for hours stops at the time budget, as that account's error.
#[test]
fn a_runaway_policy_stops_at_the_budget() {
    let runaway = SHARED.replace(
        "local in shared",
        "local in shared\n\tsome x in numbers.range(1, 1000000)\n\tsome y in numbers.range(1, 1000000)\n\tx == y + 2000000",
    );
    let started = std::time::Instant::now();
    let e = set(&runaway)
        .unwrap()
        .check(&account(), today(), |_| true)
        .unwrap_err();
    assert!(e.message.contains("time limit"), "{}", e.message);
    assert!(
        started.elapsed() < EVAL_TIME_LIMIT * 3,
        "{:?}",
        started.elapsed()
    );
}

/// The same on the compiled VM (`lenient`): its instruction and time budgets are fatal errors,
/// not swallowed like a builtin error.
#[test]
fn a_runaway_policy_stops_at_the_budget_on_the_vm() {
    let runaway = SHARED.replace(
        "local in shared",
        "local in shared\n\tsome x in numbers.range(1, 1000000)\n\tsome y in numbers.range(1, 1000000)\n\tx == y + 2000000",
    );
    let set = PolicySet::load(&[("p.rego".to_owned(), runaway)], true).unwrap();
    assert_eq!(set.compiled(), 1);
    let started = std::time::Instant::now();
    let e = set.check(&account(), today(), |_| true).unwrap_err();
    assert!(e.message.contains("limit"), "{}", e.message);
    assert!(
        started.elapsed() < EVAL_TIME_LIMIT * 3,
        "{:?}",
        started.elapsed()
    );
}
