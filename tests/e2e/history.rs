//! History, trend, waivers written for you and unwaivable rules, end to end on copies of the
//! demo portfolio (spec: history.md).

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::rollcall_in as rollcall;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// A temporary folder holding a copy of the demo portfolio as `demo/`.
fn demo() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&root.join("fixtures/demo"), &tmp.path().join("demo"));
    let cwd = tmp.path().to_path_buf();
    (tmp, cwd)
}

#[test]
fn history_writes_the_json_report_of_the_day() {
    let (_tmp, cwd) = demo();
    let (code, json, _) = rollcall(
        &cwd,
        &["check", "demo", "--format", "json", "--as-of", "2026-11-02"],
    );
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["run"]["today"], "2026-11-02");
    // Whatever format is asked for, the history holds the bytes `--format json` gives.
    let (code, _, _) = rollcall(
        &cwd,
        &[
            "check",
            "demo",
            "--history",
            "hist/q4",
            "--as-of",
            "2026-11-02",
        ],
    );
    assert_eq!(code, 1);
    let written = std::fs::read_to_string(cwd.join("hist/q4/2026-11-02.json")).unwrap();
    assert_eq!(written, json);
    // Again on the same day: replaced, and nothing else is ever written there.
    let (code, _, _) = rollcall(
        &cwd,
        &[
            "check",
            "demo",
            "--history",
            "hist/q4",
            "--as-of",
            "2026-11-02",
            "--format",
            "sarif",
        ],
    );
    assert_eq!(code, 1);
    let names: Vec<String> = std::fs::read_dir(cwd.join("hist/q4"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["2026-11-02.json"]);
    assert_eq!(
        std::fs::read_to_string(cwd.join("hist/q4/2026-11-02.json")).unwrap(),
        json
    );
}

#[test]
fn history_in_the_configuration_is_relative_to_it() {
    let (_tmp, cwd) = demo();
    let config = cwd.join("demo/rollcall.yaml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("history: ../reports\n");
    std::fs::write(&config, text).unwrap();
    let (code, _, err) = rollcall(
        &cwd,
        &[
            "check",
            "demo",
            "--format",
            "concise",
            "--as-of",
            "2026-11-03",
        ],
    );
    assert_eq!(code, 1, "{err}");
    let (_, json, _) = rollcall(
        &cwd,
        &["check", "demo", "--format", "json", "--as-of", "2026-11-03"],
    );
    assert_eq!(
        std::fs::read_to_string(cwd.join("reports/2026-11-03.json")).unwrap(),
        json
    );
}

/// Runs the demo into a history three times a quarter apart; in the second run one customer
/// is away (its folder moved out) and one of Meridian's findings is fixed, in the third both
/// come back.
#[test]
fn trend_over_runs_of_the_demo() {
    let (_tmp, cwd) = demo();
    let marlow = cwd.join("demo/marlow-studio");
    let meridian = cwd.join("demo/meridian-civil-transport/account.yaml");
    let original = std::fs::read_to_string(&meridian).unwrap();
    let run = |day: &str| {
        let (code, _, err) = rollcall(
            &cwd,
            &[
                "check",
                "demo",
                "-q",
                "--format",
                "concise",
                "--history",
                "h",
                "--as-of",
                day,
            ],
        );
        assert!(code <= 1, "{err}");
    };
    run("2026-05-01");
    std::fs::rename(&marlow, cwd.join("marlow-away")).unwrap();
    // Contract 110050000003 gets a Contract Manager: RC102 is fixed.
    let (code, before, _) = rollcall(
        &cwd,
        &["check", "demo/meridian-civil-transport", "--format", "json"],
    );
    assert_eq!(code, 1);
    let had_rc102 = serde_json::from_str::<Value>(&before).unwrap()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "RC102")
        .count();
    assert_eq!(had_rc102, 1);
    let fixed = fix_rc102(&original);
    std::fs::write(&meridian, &fixed).unwrap();
    run("2026-08-01");
    std::fs::rename(cwd.join("marlow-away"), &marlow).unwrap();
    std::fs::write(&meridian, &original).unwrap();
    run("2026-11-01");

    let (code, out, err) = rollcall(&cwd, &["trend", "h", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let t: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        t["runs"],
        serde_json::json!(["2026-05-01", "2026-08-01", "2026-11-01"])
    );
    let account = |name: &str| {
        t["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == name)
            .unwrap()
            .clone()
    };
    let m = account("Marlow Studio Architects");
    assert_eq!(m["runs"], serde_json::json!(["2026-05-01", "2026-11-01"]));
    assert_eq!(
        m["new"][1], 0,
        "back from its absence with the same findings"
    );
    assert_eq!(m["back"][1], 0);
    // Run 2: RC102 fixed, and the new Contract Manager is no user of the account (RC103, new).
    // Run 3: RC102 back (new again), that RC103 fixed; the counts stay as they were.
    let mer = account("Meridian Civil & Transport Consultants");
    assert_eq!(mer["new"], serde_json::json!([8, 1, 1]));
    assert_eq!(mer["fixed"], serde_json::json!([0, 1, 1]));
    assert_eq!(mer["back"], serde_json::json!([0, 0, 1]));
    let rc102 = &t["portfolio"]["time_to_fix"]["by_rule"]["RC102"];
    assert_eq!(rc102["fixed"], 1);
    assert_eq!(rc102["median_days"], 92, "2026-05-01 to 2026-08-01");
    let back = mer["still_open"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "RC102")
        .unwrap();
    assert_eq!(
        back["since"], "2026-11-01",
        "its current stretch started when it came back"
    );
    assert_eq!(t["portfolio"]["back"], serde_json::json!([0, 0, 1]));
    assert_eq!(t["worse"], serde_json::json!([]));

    // Every format; --output; --account.
    for format in ["human", "markdown", "html"] {
        let (code, out, _) = rollcall(&cwd, &["trend", "h", "--format", format]);
        assert_eq!(code, 0);
        assert!(out.contains("2026-08-01"), "{format}");
    }
    let (code, _, _) = rollcall(
        &cwd,
        &[
            "trend",
            "h",
            "--format",
            "html",
            "--output",
            "trend.html",
            "--account",
            "marlow*",
        ],
    );
    assert_eq!(code, 0);
    let html = std::fs::read_to_string(cwd.join("trend.html")).unwrap();
    assert_eq!(html.matches("class=\"account\"").count(), 1);
}

/// The snapshot with contract 110050000003 given a Contract Manager.
fn fix_rc102(text: &str) -> String {
    let at = text.find("110050000003").expect("the contract");
    let line_end = at + text[at..].find('\n').unwrap() + 1;
    let indent = text[..at]
        .rsplit('\n')
        .next()
        .unwrap()
        .chars()
        .take_while(|c| *c == ' ' || *c == '-')
        .count();
    let pad = " ".repeat(indent);
    format!(
        "{}{pad}contract_manager: ops.director@meridian-ct.example\n{}",
        &text[..line_end],
        &text[line_end..]
    )
}

#[test]
fn trend_says_which_reports_share_a_day_and_which_cannot_be_read() {
    let (_tmp, cwd) = demo();
    let (_, json, _) = rollcall(
        &cwd,
        &["check", "demo", "--format", "json", "--as-of", "2026-05-01"],
    );
    std::fs::create_dir_all(cwd.join("h")).unwrap();
    std::fs::write(cwd.join("h/a.json"), &json).unwrap();
    std::fs::write(cwd.join("h/b.json"), &json).unwrap();
    std::fs::write(cwd.join("h/c.json"), "{\"version\": 1,\n\"findings\": [}").unwrap();
    std::fs::write(cwd.join("h/notes.txt"), "not a report").unwrap();
    let (code, out, err) = rollcall(&cwd, &["trend", "h"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("h/a.json") && err.contains("h/b.json"),
        "{err}"
    );
    assert!(err.contains("two reports of 2026-05-01"), "{err}");
    assert!(err.contains("h/c.json:2:"), "{err}");
    assert!(!err.contains("notes.txt"));
    assert!(out.contains("no reports to compare"), "{out}");
}

#[test]
fn add_waivers_keeps_the_file_and_a_second_run_adds_nothing() {
    let (_tmp, cwd) = demo();
    let config = cwd.join("demo/rollcall.yaml");
    let original = std::fs::read_to_string(&config).unwrap();
    let (code, _, _) = rollcall(&cwd, &["check", "demo", "--format", "concise"]);
    assert_eq!(code, 1);
    let (code, out, err) = rollcall(
        &cwd,
        &[
            "check",
            "demo",
            "--format",
            "json",
            "--add-waivers",
            "--reason",
            "accepted at the Q4 review",
            "--expires",
            "2099-12-31",
            "--owner",
            "it@cadpartner.example",
        ],
    );
    assert_eq!(
        code, 0,
        "the run exits as if the waivers had been there: {err}"
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    let s = &v["summary"];
    assert_eq!(
        (
            s["errors"].as_u64(),
            s["warnings"].as_u64(),
            s["infos"].as_u64()
        ),
        (Some(0), Some(0), Some(0))
    );
    let waived = s["waived"].as_u64().unwrap();
    assert!(
        err.contains(&format!("wrote {} waivers to ", waived - 1)),
        "{err}"
    );
    assert!(err.contains("demo/rollcall.yaml"), "{err}");
    let edited = std::fs::read_to_string(&config).unwrap();
    // The original's lines up to the end of its `waivers:` list, the new items, the rest.
    let cut = original.find("# The reseller's list prices").unwrap();
    assert!(edited.starts_with(&original[..cut]));
    assert!(edited.ends_with(&original[cut..]));
    let added = &edited[cut..edited.len() - (original.len() - cut)];
    assert_eq!(
        added.matches("\n  - rule: RC").count() + usize::from(added.starts_with("  - rule: RC")),
        usize::try_from(waived - 1).unwrap()
    );
    assert!(!added.contains('*'), "exact subjects, no globs");
    assert!(added.contains("    expires: 2099-12-31\n    owner: \"it@cadpartner.example\"\n"));
    // A second run: nothing to add, the file as it was, the same exit.
    let (code, _, err) = rollcall(
        &cwd,
        &[
            "check",
            "demo",
            "--format",
            "concise",
            "--add-waivers",
            "--reason",
            "again",
        ],
    );
    assert_eq!(code, 0);
    assert!(err.contains("wrote 0 waivers"), "{err}");
    assert_eq!(std::fs::read_to_string(&config).unwrap(), edited);
    // Waivers that would be expired already are refused.
    let (code, _, err) = rollcall(
        &cwd,
        &[
            "check",
            "demo",
            "--add-waivers",
            "--reason",
            "x",
            "--expires",
            "2020-01-01",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("expired already"), "{err}");
    assert_eq!(std::fs::read_to_string(&config).unwrap(), edited);
    // Without --add-waivers the waivers are in force.
    let (code, _, _) = rollcall(&cwd, &["check", "demo", "--format", "concise"]);
    assert_eq!(code, 0);
}

#[test]
fn add_waivers_creates_a_configuration_where_none_is_in_force() {
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let customer = tmp.path().join("meridian");
    copy_dir(
        &root.join("fixtures/demo/meridian-civil-transport"),
        &customer,
    );
    let (code, _, _) = rollcall(tmp.path(), &["check", "meridian", "--format", "concise"]);
    assert_eq!(code, 1);
    let (code, _, err) = rollcall(
        tmp.path(),
        &[
            "check",
            "meridian",
            "--format",
            "concise",
            "--add-waivers",
            "--reason",
            "accepted",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let created = std::fs::read_to_string(customer.join("rollcall.yaml")).unwrap();
    // Written as every report is: readable by others (rw-r--r--), not the temporary file's 0600.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(customer.join("rollcall.yaml"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644, "{mode:o}");
    }
    assert!(created.starts_with("waivers:\n  - rule: RC"), "{created}");
    assert!(err.contains("meridian/rollcall.yaml"), "{err}");
}

#[test]
fn unwaivable_rules_refuse_waivers_with_located_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(
        &root.join("fixtures/demo/meridian-civil-transport"),
        &tmp.path().join("meridian"),
    );
    let config = tmp.path().join("meridian/rollcall.yaml");
    // The file's own `unwaivable`, by name; the waiver names the rule by code.
    std::fs::write(
        &config,
        "unwaivable: [missing-contract-manager]\nwaivers:\n  - rule: RC102\n    reason: we know\n",
    )
    .unwrap();
    let (code, out, err) = rollcall(tmp.path(), &["check", "meridian", "--format", "concise"]);
    let err = out + &err;
    assert_eq!(code, 2);
    assert!(err.contains("rollcall.yaml:3:5"), "{err}");
    assert!(err.contains("RC102") && err.contains("unwaivable"), "{err}");
    // The compliance profile makes RC102 unwaivable.
    std::fs::write(
        &config,
        "extends: compliance\nwaivers:\n  - rule: missing-contract-manager\n    reason: we know\n",
    )
    .unwrap();
    let (code, out, err) = rollcall(tmp.path(), &["check", "meridian", "--format", "concise"]);
    let err = out + &err;
    assert_eq!(code, 2);
    assert!(
        err.contains("rollcall.yaml:3:5") && err.contains("`compliance` profile"),
        "{err}"
    );
    // And RC601: a role holder who has gone is never waived in a compliance review.
    std::fs::write(
        &config,
        "extends: compliance\nwaivers:\n  - rule: role-holder-gone\n    reason: we know\n",
    )
    .unwrap();
    let (code, out, err) = rollcall(tmp.path(), &["check", "meridian", "--format", "concise"]);
    let err = out + &err;
    assert_eq!(code, 2);
    assert!(
        err.contains("rollcall.yaml:3:5") && err.contains("RC601"),
        "{err}"
    );
    // An unknown rule in `unwaivable` is located too.
    std::fs::write(&config, "unwaivable: [RC102, missing-contract-manger]\n").unwrap();
    let (code, out, err) = rollcall(tmp.path(), &["check", "meridian", "--format", "concise"]);
    let err = out + &err;
    assert_eq!(code, 2);
    assert!(err.contains("rollcall.yaml:1:21"), "{err}");
    assert!(
        err.contains("did you mean `missing-contract-manager`"),
        "{err}"
    );
}

#[test]
fn add_waivers_leaves_unwaivable_findings_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(
        &root.join("fixtures/demo/meridian-civil-transport"),
        &tmp.path().join("meridian"),
    );
    let config = tmp.path().join("meridian/rollcall.yaml");
    std::fs::write(&config, "unwaivable: [RC102]\n").unwrap();
    let (code, out, err) = rollcall(
        tmp.path(),
        &[
            "check",
            "meridian",
            "--format",
            "json",
            "--add-waivers",
            "--reason",
            "accepted",
        ],
    );
    assert!(
        err.contains("1 finding of an unwaivable rule was not waived"),
        "{err}"
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    let open: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["waived"].is_null())
        .collect();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0]["rule"], "RC102");
    assert_eq!(code, 1, "RC102 is an error and still counts");
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.starts_with("unwaivable: [RC102]\nwaivers:\n"));
    assert!(!text.contains("rule: RC102"));
}
