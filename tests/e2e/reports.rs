//! The report formats: SARIF validated against the official schema, `JUnit` parsed as XML,
//! snapshots of Markdown and GitHub output, the HTML report in headless Chromium, inert
//! `<script>` values, several reports in one run, and baselines.

use std::path::Path;
use std::sync::{Arc, Mutex};

use std::fmt::Write as _;

use assert_cmd::Command;
use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::{Browser, LaunchOptions};
use serde_json::Value;

use crate::common::{all_findings, check_json};

fn rollcall(args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("rollcall")
        .unwrap()
        .args(args)
        .env("RAYON_NUM_THREADS", "2")
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn demo(format: &str) -> String {
    let (code, text) = rollcall(&["check", "fixtures/demo", "--format", format]);
    assert_eq!(code, 1, "the demo has errors");
    text
}

/// A portfolio whose values try to inject markup and script into the reports.
const HOSTILE: &str = r#"account: "<script>window.pwned = 1</script> & Sons | [x](javascript:alert(1))"
as_of: 2026-11-01
contracts:
  - number: "<img src=x onerror=window.pwned=2>"
    contract_manager: jane@acme.example
    products:
      - name: "<b>Revit</b>"
        seats: 2
        assigned: [jane@acme.example]
teams:
  - name: "</td></tr><script>window.pwned=3</script>"
    primary_admin: jane@acme.example
"#;

fn hostile_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("evil")).unwrap();
    std::fs::write(dir.path().join("evil/account.yaml"), HOSTILE).unwrap();
    std::fs::create_dir(dir.path().join("plain")).unwrap();
    std::fs::write(dir.path().join("plain/account.yaml"), "account: Plain Ltd\nas_of: 2026-11-01\ncontracts:\n  - number: \"1\"\n    contract_manager: a@plain.example\n").unwrap();
    dir
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string("tests/data/sarif-schema-2.1.0.json").unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let sarif: Value = serde_json::from_str(&demo("sarif")).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), rollcall_rules::all_rules().count());
    for r in rules {
        for key in [
            "id",
            "name",
            "shortDescription",
            "fullDescription",
            "help",
            "defaultConfiguration",
        ] {
            assert!(r.get(key).is_some(), "rule lacks {key}: {r}");
        }
        assert!(r["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("### Why is this bad?"));
    }
    let results = run["results"].as_array().unwrap();
    let json: Value = serde_json::from_str(&demo("json")).unwrap();
    assert_eq!(results.len(), json["findings"].as_array().unwrap().len());
    let first = &results[0];
    let region = &first["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], json["findings"][0]["location"]["line"]);
    assert_eq!(
        region["startColumn"],
        json["findings"][0]["location"]["column"]
    );
    assert!(first["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].is_string());
    // The waived finding of the demo is a suppression with its justification.
    let suppressed: Vec<&Value> = results
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .collect();
    assert_eq!(suppressed.len(), 1);
    assert!(suppressed[0]["suppressions"][0]["justification"]
        .as_str()
        .unwrap()
        .contains("five-person practice"));
}

#[test]
fn sarif_fingerprints_do_not_depend_on_lines() {
    let dir = tempfile::tempdir().unwrap();
    let account =
        "as_of: 2026-11-01\ncontracts:\n  - number: \"1\"\n    contract_manager: a@x.example\n";
    std::fs::create_dir(dir.path().join("a")).unwrap();
    std::fs::write(dir.path().join("a/account.yaml"), account).unwrap();
    let path = dir.path().join("a").to_string_lossy().into_owned();
    let fp = || {
        let (_, out) = rollcall(&["check", &path, "--format", "sarif"]);
        let v: Value = serde_json::from_str(&out).unwrap();
        let r = &v["runs"][0]["results"][0];
        (
            r["partialFingerprints"]["rollcallSubject/v1"]
                .as_str()
                .unwrap()
                .to_owned(),
            r["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap(),
        )
    };
    let (before, line_before) = fp();
    std::fs::write(
        dir.path().join("a/account.yaml"),
        format!("# reviewed 2026-11\n\n{account}"),
    )
    .unwrap();
    let (after, line_after) = fp();
    assert_eq!(before, after);
    assert_eq!(line_after, line_before + 2);
}

#[test]
fn junit_is_well_formed_xml_with_a_suite_per_account() {
    let text = demo("junit");
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    let json: Value = serde_json::from_str(&demo("json")).unwrap();
    assert_eq!(
        suites.len(),
        json["accounts"].as_array().unwrap().len(),
        "one per account"
    );
    let failures: usize = suites
        .iter()
        .map(|s| s.attribute("failures").unwrap().parse::<usize>().unwrap())
        .sum();
    let findings = json["findings"].as_array().unwrap();
    let waived = findings
        .iter()
        .filter(|f| f.get("waived").is_some())
        .count();
    assert_eq!(failures, findings.len() - waived);
    let failing_cases = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .count();
    assert_eq!(failing_cases, failures);
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name("skipped"))
            .count(),
        waived
    );
}

#[test]
fn markdown_report_of_the_demo() {
    insta::assert_snapshot!("demo_markdown", demo("markdown"));
}

#[test]
fn github_annotations_of_the_demo() {
    let text = demo("github");
    for line in text.lines() {
        assert!(
            line.starts_with("::error ")
                || line.starts_with("::warning ")
                || line.starts_with("::notice "),
            "{line}"
        );
    }
    insta::assert_snapshot!("demo_github", text);
}

#[test]
fn values_from_inputs_come_out_inert_in_html_and_markdown() {
    let dir = hostile_dir();
    let root = dir.path().to_string_lossy().into_owned();
    let (_, html) = rollcall(&["check", &root, "--format", "html"]);
    assert!(!html.contains("<script>window.pwned"), "raw script in HTML");
    assert!(!html.contains("<img src=x"), "raw img in HTML");
    assert!(!html.contains("<b>Revit</b>"));
    // Input values reach the page only as JSON data, with `<` escaped, and become text there.
    assert!(html.contains("\\u003cscript\\u003ewindow.pwned = 1\\u003c/script\\u003e"));
    let (_, md) = rollcall(&["check", &root, "--format", "markdown"]);
    assert!(
        !md.contains("<script>") && !md.contains("<img") && !md.contains("[x](javascript"),
        "{md}"
    );
    let (_, junit) = rollcall(&["check", &root, "--format", "junit"]);
    roxmltree::Document::parse(&junit).expect("still well-formed XML");
}

#[test]
fn several_reports_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("r.sarif");
    let html = dir.path().join("r.html");
    let out = Command::cargo_bin("rollcall")
        .unwrap()
        .args(["check", "fixtures/demo", "--format", "sarif", "--output"])
        .arg(&sarif)
        .args(["--format", "html", "--output"])
        .arg(&html)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["version"], 1);
    assert!(std::fs::read_to_string(&sarif)
        .unwrap()
        .contains("\"version\": \"2.1.0\""));
    assert!(std::fs::read_to_string(&html)
        .unwrap()
        .starts_with("<!DOCTYPE html>"));
    let (code, _) = rollcall(&[
        "check",
        "fixtures/demo",
        "--format",
        "json",
        "--format",
        "sarif",
    ]);
    assert_eq!(code, 2, "two reports cannot both go to standard output");
}

#[test]
fn baselines_count_only_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    let acct = dir.path().join("acme");
    std::fs::create_dir(&acct).unwrap();
    let v1 = "as_of: 2026-11-01\ncontracts:\n  - number: \"1\"\n    contract_manager: a@x.example\n    products:\n      - {name: Revit, seats: 1, assigned: [a@x.example, b@x.example]}\n";
    std::fs::write(acct.join("account.yaml"), v1).unwrap();
    let base = dir.path().join("baseline.json");
    let acct_s = acct.to_string_lossy().into_owned();
    let base_s = base.to_string_lossy().into_owned();
    let (code, _) = rollcall(&[
        "check",
        &acct_s,
        "--write-baseline",
        &base_s,
        "--format",
        "json",
    ]);
    assert_eq!(code, 1, "RC302 is an error");
    // Same findings, moved lines: nothing new, the run passes.
    std::fs::write(acct.join("account.yaml"), format!("# q4 review\n{v1}")).unwrap();
    let (code, out) = rollcall(&["check", &acct_s, "--baseline", &base_s, "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(code, 0, "{out}");
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["baseline"] == "unchanged"));
    assert_eq!(v["fixed"], Value::Array(vec![]));
    // RC302 fixed, a new contract without a manager: one new error, one fixed.
    let v2 = "as_of: 2026-11-01\ncontracts:\n  - number: \"1\"\n    contract_manager: a@x.example\n    products:\n      - {name: Revit, seats: 2, assigned: [a@x.example, b@x.example]}\n  - number: \"2\"\n    software_coordinators: [b@x.example]\n";
    std::fs::write(acct.join("account.yaml"), v2).unwrap();
    let (code, out) = rollcall(&["check", &acct_s, "--baseline", &base_s, "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(code, 1);
    let states: Vec<(&str, &str)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["baseline"].as_str().unwrap()))
        .collect();
    assert!(states.contains(&("RC102", "new")), "{states:?}");
    assert!(states.contains(&("RC101", "unchanged")), "{states:?}");
    assert_eq!(v["fixed"][0]["rule"], "RC302");
    let (_, human) = rollcall(&["check", &acct_s, "--baseline", &base_s]);
    assert!(
        human.contains("[new]") && human.contains("fixed: RC302"),
        "{human}"
    );
}

/// Headless Chromium with a sink for console errors and exceptions; `None` where this machine
/// has no Chromium (CI installs it and must not skip).
fn chromium() -> Option<(Browser, Arc<Mutex<Vec<String>>>)> {
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .map(Path::new)
        .find(|p| p.exists());
    let Some(chromium) = chromium else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install chromium (see .ci/run)"
        );
        eprintln!("skipped: no chromium on this machine (CI installs it)");
        return None;
    };
    let args: Vec<&std::ffi::OsStr> = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    .iter()
    .map(std::ffi::OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(chromium.to_path_buf()))
        .headless(true)
        .sandbox(false)
        .args(args)
        .idle_browser_timeout(std::time::Duration::from_secs(300))
        .build()
        .unwrap();
    let browser = Browser::new(options).expect("chromium starts");
    Some((browser, Arc::new(Mutex::new(Vec::new()))))
}

fn open_tab(
    browser: &Browser,
    problems: &Arc<Mutex<Vec<String>>>,
    page: &Path,
) -> Arc<headless_chrome::Tab> {
    let tab = browser.new_tab().unwrap();
    let sink = Arc::clone(problems);
    tab.enable_runtime().unwrap();
    tab.enable_log().unwrap();
    tab.add_event_listener(Arc::new(move |event: &Event| match event {
        Event::RuntimeExceptionThrown(e) => sink
            .lock()
            .unwrap()
            .push(format!("exception: {:?}", e.params.exception_details)),
        Event::RuntimeConsoleAPICalled(e) if format!("{:?}", e.params.Type).contains("Error") => {
            sink.lock().unwrap().push("console.error".into());
        }
        Event::LogEntryAdded(e) if format!("{:?}", e.params.entry.level).contains("Error") => sink
            .lock()
            .unwrap()
            .push(format!("log: {}", e.params.entry.text)),
        _ => {}
    }))
    .unwrap();
    tab.set_default_timeout(std::time::Duration::from_secs(120));
    tab.navigate_to(&format!("file://{}", page.display()))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    tab
}

fn eval(tab: &headless_chrome::Tab, js: &str) -> Value {
    tab.evaluate(js, false)
        .unwrap()
        .value
        .unwrap_or(Value::Null)
}

const ROWS: &str = "document.querySelectorAll('#accounts-body tr').length";
const MATCHING: &str = "Number(document.getElementById('matching').textContent)";
const SHOWN: &str = "Array.from(document.querySelectorAll('#details tr.finding'))";

fn search(tab: &headless_chrome::Tab, text: &str) {
    eval(
        tab,
        &format!(
            "var s = document.getElementById('search'); s.value = {}; s.dispatchEvent(new Event('input'))",
            serde_json::to_string(text).unwrap()
        ),
    );
}

/// Opens the first customer the table shows; returns its name.
fn open_first(tab: &headless_chrome::Tab) -> String {
    let name = eval(
        tab,
        "document.querySelector('#accounts-body button.open').textContent",
    );
    eval(
        tab,
        "document.querySelector('#accounts-body button.open').click()",
    );
    name.as_str().unwrap().to_owned()
}

/// The HTML report in a real browser, on the demo: it loads without console errors, the table
/// lists every account and search narrows it, a customer's details open with its findings, the
/// severity and rule filters hide and show them; injected scripts do not run.
#[test]
fn html_report_works_in_headless_chromium() {
    let Some((browser, problems)) = chromium() else {
        return;
    };
    let dir = hostile_dir();
    let demo_html = dir.path().join("demo.html");
    let (_, text) = rollcall(&["check", "fixtures/demo", "--format", "html"]);
    assert!(
        !text.contains("'unsafe-inline'"),
        "the CSP allows only the page's own script and style"
    );
    std::fs::write(&demo_html, text).unwrap();
    let evil_html = dir.path().join("evil.html");
    let root = dir.path().to_string_lossy().into_owned();
    let (_, text) = rollcall(&["check", &root, "--format", "html"]);
    std::fs::write(&evil_html, text).unwrap();

    let tab = open_tab(&browser, &problems, &demo_html);
    let json: Value = serde_json::from_str(&demo("json")).unwrap();
    let accounts = json["accounts"].as_array().unwrap();
    assert_eq!(eval(&tab, MATCHING).as_u64(), Some(accounts.len() as u64));
    for a in accounts {
        let name = a["name"].as_str().unwrap();
        search(&tab, name);
        assert_eq!(eval(&tab, ROWS).as_u64(), Some(1), "search for {name}");
        assert_eq!(open_first(&tab), name);
        let findings = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["account"] == name)
            .count() as u64;
        assert_eq!(
            eval(&tab, &format!("{SHOWN}.length")).as_u64(),
            Some(findings),
            "{name}: its findings"
        );
        assert_eq!(
            eval(&tab, "document.querySelector('#details h2').textContent"),
            Value::String(name.to_owned())
        );
        // Each finding's help, looked up in the account's own list, is shown under it.
        let helps = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["account"] == name && f["help"].is_string())
            .count() as u64;
        assert_eq!(
            eval(
                &tab,
                &format!("{SHOWN}.filter(r => r.querySelector('span.muted') && r.querySelector('span.muted').textContent.length > 0).length")
            )
            .as_u64(),
            Some(helps),
            "{name}: the help of its findings"
        );
    }
    // The rule filter offers the rules that have findings, and only those.
    let mut used: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    used.sort_unstable();
    used.dedup();
    assert_eq!(
        eval(
            &tab,
            "Array.from(document.querySelectorAll('#rule-filter option')).filter(o => o.value).map(o => o.textContent.split(' ')[0]).join(',')"
        ),
        Value::String(used.join(","))
    );
    // The filters, on the account with the most warnings.
    search(&tab, "Meridian");
    open_first(&tab);
    let warnings = format!("{SHOWN}.filter(r => r.dataset.severity === 'warning').length");
    let before = eval(&tab, &warnings).as_u64().unwrap();
    assert!(before > 0);
    eval(&tab, "document.getElementById('filter-warning').click()");
    assert_eq!(
        eval(&tab, &warnings).as_u64(),
        Some(0),
        "unticking warning hides warnings"
    );
    eval(&tab, "document.getElementById('filter-warning').click()");
    assert_eq!(
        eval(&tab, &warnings).as_u64(),
        Some(before),
        "ticking it shows them again"
    );
    eval(&tab, "var s = document.getElementById('rule-filter'); s.value = Array.from(s.options).find(o => o.textContent.startsWith('RC301')).value; s.dispatchEvent(new Event('change'))");
    let other = eval(
        &tab,
        &format!("{SHOWN}.filter(r => r.dataset.rule !== 'RC301').length"),
    );
    assert_eq!(other.as_u64(), Some(0), "the rule filter shows one rule");
    // The summary charts are drawn without script.
    assert!(
        eval(
            &tab,
            "document.querySelectorAll('.summary svg rect').length"
        )
        .as_u64()
        .unwrap()
            >= 8
    );

    let tab = open_tab(&browser, &problems, &evil_html);
    assert_eq!(
        eval(&tab, "typeof window.pwned"),
        Value::String("undefined".into()),
        "an input value ran as script"
    );
    let title = open_first(&tab);
    assert!(
        title.contains("<script>window.pwned = 1</script>"),
        "{title}"
    );
    assert_eq!(
        eval(&tab, "typeof window.pwned"),
        Value::String("undefined".into())
    );
    let problems = problems.lock().unwrap();
    assert!(problems.is_empty(), "console errors: {problems:?}");
}

/// The HTML report of a reseller's portfolio (3,000 generated customers) in a real browser:
/// it loads without console errors, shows one page of the table, searches, sorts and pages,
/// and a customer's details open with its findings.
#[test]
fn html_report_of_3000_customers_works_in_headless_chromium() {
    let Some((browser, problems)) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("portfolio");
    rollcall_corpus::generate::portfolio(3000, 42, &corpus).unwrap();
    let corpus_s = corpus.to_string_lossy().into_owned();
    let page = dir.path().join("report.html");
    let (_, html) = rollcall(&[
        "check",
        &corpus_s,
        "--format",
        "html",
        "--as-of",
        "2026-11-01",
    ]);
    let (_, json) = rollcall(&[
        "check",
        &corpus_s,
        "--format",
        "json",
        "--as-of",
        "2026-11-01",
    ]);
    assert!(
        html.len() * 2 <= json.len() * 3,
        "the HTML ({} bytes) is at most 1.5 times the JSON ({} bytes)",
        html.len(),
        json.len()
    );
    std::fs::write(&page, html).unwrap();
    let json: Value = serde_json::from_str(&json).unwrap();

    let tab = open_tab(&browser, &problems, &page);
    assert_eq!(eval(&tab, MATCHING).as_u64(), Some(3000));
    assert_eq!(eval(&tab, ROWS).as_u64(), Some(50), "one page of 50");
    assert_eq!(
        eval(&tab, "document.getElementById('page').textContent"),
        Value::String("page 1 of 60".into())
    );
    eval(&tab, "document.getElementById('next').click()");
    assert_eq!(
        eval(&tab, "document.getElementById('page').textContent"),
        Value::String("page 2 of 60".into())
    );
    // Sorting by errors puts the customers with the most first.
    eval(
        &tab,
        "document.querySelector('th button[data-sort=errors]').click()",
    );
    let errors = eval(&tab, "JSON.stringify(Array.from(document.querySelectorAll('#accounts-body tr')).map(r => Number(r.children[1].textContent)))");
    let errors: Vec<u64> = serde_json::from_str(errors.as_str().unwrap()).unwrap();
    assert!(errors.windows(2).all(|w| w[0] >= w[1]), "{errors:?}");
    let mut per_account = std::collections::HashMap::new();
    for f in json["findings"].as_array().unwrap() {
        if f["severity"] == "error" && f.get("waived").is_none_or(Value::is_null) {
            *per_account
                .entry(f["account"].as_str().unwrap())
                .or_insert(0u64) += 1;
        }
    }
    let most = per_account.values().copied().max().unwrap();
    assert_eq!(errors[0], most);
    // Search by folder narrows the table to one customer, whose details open with its findings.
    search(&tab, "c01234");
    assert_eq!(eval(&tab, MATCHING).as_u64(), Some(1));
    let name = open_first(&tab);
    let findings = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["account"] == name.as_str())
        .count() as u64;
    assert!(findings > 0, "{name} has findings in the JSON");
    assert_eq!(
        eval(&tab, &format!("{SHOWN}.length")).as_u64(),
        Some(findings)
    );
    search(&tab, "no customer is called this");
    assert_eq!(eval(&tab, ROWS).as_u64(), Some(0));
    let problems = problems.lock().unwrap();
    assert!(problems.is_empty(), "console errors: {problems:?}");
}

/// Twelve quarterly reports made from the demo's: run `i` leaves out a different quarter of
/// the findings (so some are fixed and come back), and Marlow is not audited in runs 4 and 5.
fn twelve_runs(dir: &Path) {
    let base: Value = serde_json::from_str(&demo("json")).unwrap();
    for i in 0..12u32 {
        let mut v = base.clone();
        let (year, month) = (2024 + (i / 4), 1 + 3 * (i % 4));
        let day = format!("{year}-{month:02}-01");
        v["run"]["today"] = Value::String(day.clone());
        let findings: Vec<Value> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
            .filter(|(n, _)| (*n as u32 + i) % 4 != 0)
            .map(|(_, f)| f.clone())
            .collect();
        v["findings"] = Value::Array(findings);
        if i == 4 || i == 5 {
            let accounts = v["accounts"].as_array_mut().unwrap();
            accounts.retain(|a| a["name"] != "Marlow Studio Architects");
        }
        std::fs::write(dir.join(format!("{day}.json")), v.to_string()).unwrap();
    }
}

/// The trend page of a 12-run series in a real browser: it loads with no console error and no
/// network request, the worse table comes first, and every chart has its three lines of twelve
/// points (Marlow's ten).
#[test]
fn trend_page_works_in_headless_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history");
    std::fs::create_dir(&history).unwrap();
    twelve_runs(&history);
    let page = dir.path().join("trend.html");
    let (code, _) = rollcall(&[
        "trend",
        &history.to_string_lossy(),
        "--format",
        "html",
        "--output",
        &page.to_string_lossy(),
    ]);
    assert_eq!(code, 0);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(!html.contains("'unsafe-inline'") && !html.contains("<script"));
    let Some((browser, problems)) = chromium() else {
        return;
    };
    let tab = open_tab(&browser, &problems, &page);
    let n = |js: &str| eval(&tab, js).as_u64().unwrap();
    // One chart for the portfolio and one per account, each drawn with a size.
    assert_eq!(n("document.querySelectorAll('svg.chart').length"), 1 + 7);
    assert!(n("Math.round(document.querySelector('#portfolio svg.chart').getBoundingClientRect().width)") >= 600);
    assert_eq!(
        n("document.querySelectorAll('#portfolio polyline').length"),
        3
    );
    assert_eq!(
        n("document.querySelector('#portfolio polyline.line-warning').points.numberOfItems"),
        12
    );
    let marlow = "Array.from(document.querySelectorAll('section.account')).find(s => s.querySelector('h2').textContent === 'Marlow Studio Architects')";
    assert_eq!(
        n(&format!(
            "{marlow}.querySelector('polyline.line-error').points.numberOfItems"
        )),
        10
    );
    // The lines follow the counts: the portfolio's warnings of the last run, from the JSON.
    let (_, json) = rollcall(&["trend", &history.to_string_lossy(), "--format", "json"]);
    let t: Value = serde_json::from_str(&json).unwrap();
    let last = &t["portfolio"]["open"][11]["warning"];
    assert_eq!(
        // The circles follow each line: errors' twelve, then warnings', the last is 23.
        n("Number(document.querySelectorAll('#portfolio circle')[23].textContent.split(': ')[1].split(' ')[0])"),
        last.as_u64().unwrap()
    );
    // The worse table comes before the first chart.
    assert_eq!(
        eval(&tab, "document.querySelector('main section').id"),
        Value::String("worse".into())
    );
    assert_eq!(
        n("performance.getEntriesByType('resource').length"),
        0,
        "the page fetched something"
    );
    let problems = problems.lock().unwrap();
    assert!(problems.is_empty(), "console errors: {problems:?}");
}

/// Microsoft's SARIF validator (`@microsoft/sarif-multitool` from npm, which `.ci/run`
/// installs), if this machine has it: `SARIF_MULTITOOL`, else the npm global install.
fn sarif_multitool() -> Option<std::path::PathBuf> {
    if let Some(p) = std::env::var_os("SARIF_MULTITOOL") {
        return Some(p.into());
    }
    let root = std::process::Command::new("npm")
        .args(["root", "-g"])
        .output()
        .ok()?;
    let root = String::from_utf8(root.stdout).ok()?;
    let bin = std::path::Path::new(root.trim()).join(
        "@microsoft/sarif-multitool/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool",
    );
    bin.is_file().then_some(bin)
}

/// The SARIF of the demo, for relative and for absolute input paths, passes the multitool's
/// SARIF and GitHub rules (`validate --rule-kind "Sarif;Gh"`): an absolute path is a `file://`
/// URI, a relative one a reference to `%SRCROOT%` (SARIF1004).
#[test]
fn sarif_passes_the_sarif_multitool_for_relative_and_absolute_paths() {
    let Some(tool) = sarif_multitool() else {
        eprintln!("skipped: no @microsoft/sarif-multitool on this machine (CI installs it)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let absolute = std::fs::canonicalize("fixtures/demo").unwrap();
    for (name, path) in [
        ("relative.sarif", "fixtures/demo".to_owned()),
        ("absolute.sarif", absolute.to_string_lossy().into_owned()),
    ] {
        let out = dir.path().join(name);
        let (code, _) = rollcall(&[
            "check",
            &path,
            "--format",
            "sarif",
            "--output",
            &out.to_string_lossy(),
        ]);
        assert_eq!(code, 1);
        let log = dir.path().join(format!("{name}.log"));
        let run = std::process::Command::new(&tool)
            .args(["validate", "--rule-kind", "Sarif;Gh", "--output"])
            .arg(&log)
            .arg(&out)
            .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&run.stdout);
        assert!(run.status.success(), "{name}: {text}");
        let report: Value = serde_json::from_str(&std::fs::read_to_string(&log).unwrap()).unwrap();
        let results = report["runs"][0]["results"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let problems: Vec<String> = results
            .iter()
            .filter(|r| matches!(r["level"].as_str(), Some("error" | "warning") | None))
            .map(|r| format!("{} {}", r["ruleId"], r["message"]["text"]))
            .collect();
        assert!(problems.is_empty(), "{name}: {problems:#?}");
    }
}

/// Over GitHub code scanning's 25,000 results a run, the SARIF log stays whole and valid, and
/// rollcall says on standard error which limit it passed and how to split the run.
#[test]
fn sarif_over_githubs_result_limit_stays_valid_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut yaml = String::from("account: Many Invites\nas_of: 2026-11-01\nusers:\n");
    // Each user: RC303 (no seat, no role) and RC309 (invitation expired): 25,002 results.
    for i in 0..12_501 {
        let _ = writeln!(
            yaml,
            "  - {{email: u{i}@many.example, status: invited, invited_on: 2026-01-01}}"
        );
    }
    yaml.push_str("contracts:\n  - number: \"1\"\n    contract_manager: u0@many.example\n    software_coordinators: [u1@many.example]\n    products: [{name: Revit, seats: 1, assigned: [u0@many.example]}]\n");
    std::fs::create_dir(dir.path().join("many")).unwrap();
    std::fs::write(dir.path().join("many/account.yaml"), yaml).unwrap();
    let out = Command::cargo_bin("rollcall")
        .unwrap()
        .arg("check")
        .arg(dir.path())
        .args(["--format", "sarif", "--quiet", "--fail-on", "never"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("GitHub code scanning reads at most 25000"),
        "{stderr}"
    );
    assert!(stderr.contains("split the run"), "{stderr}");
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() > 25_000, "{}", results.len());
}

/// The HTML page's embedded data says what the JSON report says: every account with its
/// findings, each finding's rule by the page's rule table and its help by the account's own
/// help list, and the rule filter offers only rules that have findings.
#[test]
fn html_data_matches_the_json_report() {
    let args = [
        "check",
        "fixtures/demo",
        "fixtures/exports",
        "--fail-on",
        "never",
    ];
    let (_, html) = rollcall(&[&args[..], &["--as-of", "2026-11-01", "--format", "html"]].concat());
    let json = check_json(&["fixtures/demo", "fixtures/exports"]);
    let start = html.find("id=\"rollcall-data\">").unwrap() + "id=\"rollcall-data\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    let data: Value = serde_json::from_str(&html[start..end]).unwrap();
    let rules = data["rules"].as_array().unwrap();
    let accounts = data["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), json["accounts"].as_array().unwrap().len());
    // [rule code, message, help] of every finding, as the page would show them.
    let mut shown: Vec<(String, String, Option<String>)> = Vec::new();
    for a in accounts {
        let a = a.as_array().unwrap();
        assert_eq!(a.len(), 13, "{a:?}");
        let help = a[12].as_array().unwrap();
        for f in a[11].as_array().unwrap() {
            let rule = rules[usize::try_from(f[1].as_u64().unwrap()).unwrap()][0]
                .as_str()
                .unwrap()
                .to_owned();
            let h = f[3].as_i64().unwrap();
            let h = (h >= 0).then(|| {
                help[usize::try_from(h).unwrap()]
                    .as_str()
                    .unwrap()
                    .to_owned()
            });
            shown.push((rule, f[2].as_str().unwrap().to_owned(), h));
        }
    }
    let mut expected: Vec<(String, String, Option<String>)> = all_findings(&json)
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["message"].as_str().unwrap().to_owned(),
                f["help"].as_str().map(str::to_owned),
            )
        })
        .collect();
    assert!(expected.len() > 50);
    shown.sort();
    expected.sort();
    assert_eq!(shown, expected);
}

/// Each account's parts wait in a temporary file; where none can be made (an unwritable
/// `TMPDIR`), they stay in memory and every report is the same, byte for byte.
#[test]
fn reports_are_the_same_without_a_temporary_folder() {
    for format in [
        "human", "json", "sarif", "junit", "markdown", "html", "csv", "concise",
    ] {
        let run = |tmpdir: Option<&str>| {
            let mut cmd = Command::cargo_bin("rollcall").unwrap();
            cmd.args([
                "check",
                "fixtures/demo",
                "fixtures/exports",
                "--format",
                format,
            ])
            .args(["--as-of", "2026-11-01", "--fail-on", "never"])
            .env("NO_COLOR", "1");
            if let Some(dir) = tmpdir {
                cmd.env("TMPDIR", dir);
            }
            let out = cmd.output().unwrap();
            assert_eq!(out.status.code(), Some(0), "{format}");
            out.stdout
        };
        let usual = run(None);
        assert!(usual.len() > 1000, "{format}");
        assert!(
            usual == run(Some("/nonexistent/rollcall-tmp")),
            "{format} differs without a temporary folder"
        );
    }
}
