//! At home in editors and CI: the JSON Schemas (equal to what `rollcall schema` prints, listing
//! exactly the keys the readers accept, validating every fixture, rejecting a typo), the GitHub
//! Action and its workflow example, the pre-commit hooks, shell completions and the man page,
//! and reports written atomically.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use rollcall_engine::input::yaml::{self, Node};
use serde_json::{Map, Number, Value};

fn rollcall(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("rollcall")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A YAML document as the JSON a YAML language server validates: plain scalars typed as YAML
/// 1.2's core schema types them (booleans, integers, floats; the rest, dates too, strings).
fn to_json(node: &Node) -> Value {
    match node {
        Node::Null(_) => Value::Null,
        Node::Scalar(s) if s.quoted => Value::String(s.text.to_string()),
        Node::Scalar(s) => {
            let t = &*s.text;
            if matches!(t, "true" | "True" | "TRUE") {
                Value::Bool(true)
            } else if matches!(t, "false" | "False" | "FALSE") {
                Value::Bool(false)
            } else if let Ok(n) = t.parse::<i64>() {
                Value::Number(n.into())
            } else if let Some(n) = t.parse::<f64>().ok().and_then(Number::from_f64) {
                Value::Number(n)
            } else {
                Value::String(t.to_owned())
            }
        }
        Node::Seq(items, _) => Value::Array(items.iter().map(to_json).collect()),
        Node::Map(entries, _) => {
            let mut m = Map::new();
            for (k, v) in entries {
                m.insert(k.text.to_string(), to_json(v));
            }
            Value::Object(m)
        }
    }
}

fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    to_json(&yaml::parse(&text).unwrap_or_else(|e| panic!("{}: {e:?}", path.display())))
}

fn schema(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(format!("schemas/{name}.schema.json")).unwrap())
        .unwrap()
}

fn files(root: &str, keep: &dyn Fn(&str) -> bool) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.is_file() && keep(&p.file_name().unwrap().to_string_lossy()))
        .collect();
    out.sort();
    out
}

fn errors(schema: &Value, doc: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(schema).expect("the schema compiles");
    validator
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

#[test]
fn the_schemas_are_what_rollcall_schema_prints() {
    for which in ["account", "config"] {
        let (code, out, _) = rollcall(&["schema", which]);
        assert_eq!(code, 0);
        let file = std::fs::read_to_string(format!("schemas/{which}.schema.json")).unwrap();
        assert_eq!(out, file, "schemas/{which}.schema.json");
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["$schema"], "http://json-schema.org/draft-07/schema#");
    }
}

fn keys(v: &Value) -> BTreeSet<String> {
    v["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

fn set(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

/// The schemas list exactly the keys the readers accept: a key added to one and not the other
/// fails here.
#[test]
fn the_schemas_list_the_readers_keys() {
    use rollcall_engine::config as c;
    use rollcall_engine::input::snapshot as s;
    let a = schema("account");
    let contract = &a["properties"]["contracts"]["items"];
    let product = &contract["properties"]["products"]["items"];
    let mapping = &product["properties"]["assigned"]["oneOf"][0]["items"]["oneOf"][1];
    assert_eq!(keys(&a), set(s::TOP_KEYS));
    assert_eq!(keys(&a["properties"]["policy"]), set(s::POLICY_KEYS));
    assert_eq!(keys(&a["properties"]["users"]["items"]), set(s::USER_KEYS));
    assert_eq!(keys(contract), set(s::CONTRACT_KEYS));
    assert_eq!(keys(product), set(s::PRODUCT_KEYS));
    assert_eq!(keys(mapping), set(s::ASSIGNMENT_KEYS));
    assert_eq!(keys(&a["properties"]["teams"]["items"]), set(s::TEAM_KEYS));
    let k = schema("config");
    assert_eq!(keys(&k), set(c::CONFIG_KEYS));
    assert_eq!(
        keys(&k["properties"]["options"]),
        set(&rollcall_engine::rules::option_keys())
    );
    // The options table drives the schema's options: type, range and description.
    for spec in rollcall_engine::rules::OPTIONS {
        let o = &k["properties"]["options"]["properties"][spec.key];
        assert_eq!(o["description"], spec.doc, "{}", spec.key);
        match spec.range {
            rollcall_engine::rules::OptionRange::Whole(low, high) => {
                assert_eq!(o["type"], "integer", "{}", spec.key);
                assert_eq!(o["minimum"], low, "{}", spec.key);
                assert_eq!(o["maximum"], high, "{}", spec.key);
            }
            rollcall_engine::rules::OptionRange::Decimal(above, at_most) => {
                assert_eq!(o["type"], "number", "{}", spec.key);
                assert_eq!(o["exclusiveMinimum"].as_f64(), Some(above), "{}", spec.key);
                assert_eq!(o["maximum"].as_f64(), Some(at_most), "{}", spec.key);
            }
        }
    }
    assert_eq!(
        keys(&k["properties"]["collections"]["items"]),
        set(c::COLLECTION_KEYS)
    );
    assert_eq!(
        keys(&k["properties"]["waivers"]["items"]),
        set(c::WAIVER_KEYS)
    );
    assert_eq!(
        keys(&k["properties"]["offerings"]["items"]),
        set(c::OFFERING_KEYS)
    );
    assert_eq!(keys(&k["properties"]["exports"]), set(c::EXPORTS_KEYS));
    let columns: BTreeSet<String> = k["properties"]["exports"]["properties"]["columns"]
        ["propertyNames"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    let mut known = set(rollcall_engine::input::aliases::KNOWN_COLUMNS);
    known.extend(set(rollcall_engine::input::directory::KNOWN_COLUMNS));
    assert_eq!(columns, known);
    let values: BTreeSet<String> = keys(&k["properties"]["exports"]["properties"]["values"]);
    let known: BTreeSet<String> = rollcall_engine::input::aliases::KNOWN_VALUES
        .iter()
        .chain(rollcall_engine::input::directory::KNOWN_VALUES)
        .map(|(c, _)| (*c).to_owned())
        .collect();
    assert_eq!(values, known);
    let profiles: BTreeSet<String> = k["properties"]["extends"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        profiles,
        c::PROFILES.iter().map(|p| p.name.to_owned()).collect()
    );
}

#[test]
fn every_fixture_validates_against_its_schema() {
    let account = schema("account");
    let config = schema("config");
    let snapshot = |n: &str| n == "account.yaml" || n == "account.yml" || n == "account.json";
    let mut checked = 0;
    for root in [
        "fixtures/demo",
        "fixtures/rules",
        "fixtures/exports",
        "fixtures/savings",
    ] {
        for path in files(root, &snapshot) {
            let e = errors(&account, &load(&path));
            assert!(e.is_empty(), "{}: {e:#?}", path.display());
            checked += 1;
        }
        for path in files(root, &|n| n == "rollcall.yaml") {
            let e = errors(&config, &load(&path));
            assert!(e.is_empty(), "{}: {e:#?}", path.display());
            checked += 1;
        }
    }
    for path in files("rules", &|n| {
        n.ends_with(".yaml") && n != "collections.yaml"
    })
    .into_iter()
    .chain([PathBuf::from("src/starter.yaml")])
    {
        let e = errors(&config, &load(&path));
        assert!(e.is_empty(), "{}: {e:#?}", path.display());
        checked += 1;
    }
    assert!(checked > 40, "only {checked} files checked");
}

#[test]
fn a_typo_is_rejected_like_the_reader_rejects_it() {
    let account = schema("account");
    let doc = load(Path::new("fixtures/broken/typo-key/account.yaml"));
    let e = errors(&account, &doc);
    assert!(
        e.iter().any(|m| m.contains("contract_manger")),
        "the typo is not reported: {e:#?}"
    );
    let config = schema("config");
    let bad: Value = serde_json::json!({"options": {"inactive_dayz": 30}});
    assert!(!errors(&config, &bad).is_empty());
    let both: Value = serde_json::json!({"contracts": [{"number": "1", "contract_manager": "a@b.example", "primary_admin": "c@b.example"}]});
    assert!(!errors(&account, &both).is_empty(), "both forms of one key");
}

#[test]
fn the_action_and_its_workflow_example_say_what_they_need() {
    let action = load(Path::new("action.yml"));
    for input in ["path", "args", "sarif-file"] {
        assert!(action["inputs"][input].is_object(), "input {input}");
    }
    assert_eq!(action["runs"]["using"], "composite");
    let steps = action["runs"]["steps"].as_array().unwrap();
    assert!(steps.iter().any(|s| s["uses"]
        .as_str()
        .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))));
    let run: String = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        run.contains("rollcall check") && run.contains("--format sarif"),
        "{run}"
    );
    let workflow = load(Path::new("docs/github-workflow.yml"));
    assert_eq!(workflow["permissions"]["security-events"], "write");
    let uses = workflow["jobs"]["audit"]["steps"][1]["uses"]
        .as_str()
        .unwrap();
    assert!(uses.contains("rollcall"), "{uses}");
}

#[test]
fn the_pre_commit_hooks_check_snapshots_and_configuration() {
    let hooks = load(Path::new(".pre-commit-hooks.yaml"));
    let hooks = hooks.as_array().unwrap();
    assert!(!hooks.is_empty());
    for h in hooks {
        assert!(h["entry"].as_str().unwrap().starts_with("rollcall check"));
        let files = pre_commit_files_match(h["files"].as_str().unwrap());
        for (path, want) in [
            ("customers/acme/account.yaml", true),
            ("account.json", true),
            ("rollcall.yaml", true),
            ("portfolio/.rollcall.yml", true),
            ("customers/acme/notes.yaml", false),
            ("my-account.yaml", false),
        ] {
            assert_eq!(files(path), want, "{path}");
        }
    }
    // What the hook does with the files pre-commit passes: a broken configuration fails it.
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("rollcall.yaml");
    std::fs::write(&cfg, "selct: [ALL]\n").unwrap();
    let (code, out, _) = rollcall(&[
        "check",
        "--quiet",
        "--format",
        "concise",
        &cfg.to_string_lossy(),
    ]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("rollcall.yaml:1:1: error unknown key `selct`"),
        "{out}"
    );
}

/// Whether the hooks' `files` pattern selects a path, as pre-commit decides it: Python's
/// `re.search` (run through python3, which CI has).
fn pre_commit_files_match(pattern: &str) -> impl Fn(&str) -> bool + '_ {
    move |path: &str| {
        let out = std::process::Command::new("python3")
            .args([
                "-c",
                "import re,sys; print(bool(re.search(sys.argv[1], sys.argv[2])))",
                pattern,
                path,
            ])
            .output();
        match out {
            Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).trim() == "True",
            _ => panic!("python3 is needed to read the hook's pattern"),
        }
    }
}

#[test]
fn completions_and_the_man_page_are_generated() {
    for (shell, marker) in [
        ("bash", "_rollcall()"),
        ("zsh", "#compdef rollcall"),
        ("fish", "complete -c rollcall"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let (code, out, _) = rollcall(&["completions", shell]);
        assert_eq!(code, 0);
        assert!(out.contains(marker), "{shell}");
        assert!(out.contains("check"), "{shell} completes the subcommands");
    }
    let (code, man, _) = rollcall(&["man"]);
    assert_eq!(code, 0);
    assert!(man.contains(".TH rollcall 1"));
    assert!(man.contains("check"));
}

/// A report that cannot be written completely leaves the previous one intact and no stray
/// file: written to a temporary file beside it, renamed only once complete. The failure is a
/// file size limit (the shell ignores SIGXFSZ, so the write fails instead of killing rollcall).
#[test]
fn a_failed_write_keeps_the_previous_report() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.html");
    std::fs::write(&report, "the previous report\n").unwrap();
    let bin = assert_cmd::cargo::cargo_bin("rollcall");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f 4; exec '{}' check fixtures/demo --quiet --format html --output '{}'",
            bin.display(),
            report.display()
        ))
        .output()
        .unwrap();
    assert_eq!(
        status.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    assert!(String::from_utf8_lossy(&status.stderr).contains("cannot write"));
    assert_eq!(
        std::fs::read_to_string(&report).unwrap(),
        "the previous report\n"
    );
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 1, "stray files: {left:?}");
    // A write that succeeds replaces it, baselines too.
    let baseline = dir.path().join("baseline.json");
    let (code, _, err) = rollcall(&[
        "check",
        "fixtures/demo",
        "--quiet",
        "--format",
        "html",
        "--output",
        &report.to_string_lossy(),
        "--write-baseline",
        &baseline.to_string_lossy(),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(std::fs::read_to_string(&report)
        .unwrap()
        .starts_with("<!DOCTYPE html>"));
    assert!(std::fs::read_to_string(&baseline)
        .unwrap()
        .contains("\"findings\""));
}
