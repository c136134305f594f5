//! Snapshots of what a user sees on the demo portfolio, human and JSON, and the guarantee that
//! output does not depend on the number of threads.

use assert_cmd::Command;

fn rollcall(args: &[&str], threads: &str) -> (i32, String) {
    let out = Command::cargo_bin("rollcall")
        .unwrap()
        .args(args)
        .env("RAYON_NUM_THREADS", threads)
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

/// The JSON report's `run.today` is the system date when no `--as-of` is given (the demo's
/// accounts give their own `as_of`): the snapshot holds a marker in its place, after checking
/// that it is a date.
fn mask_today(text: &str) -> String {
    let key = "\"run\": {\n    \"today\": \"";
    let start = text.find(key).expect("every JSON report has run.today") + key.len();
    let day = &text[start..start + 10];
    assert!(
        day.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 {
            b == b'-'
        } else {
            b.is_ascii_digit()
        }),
        "{day}"
    );
    format!("{}YYYY-MM-DD{}", &text[..start], &text[start + 10..])
}

#[test]
fn demo_human_output() {
    let (code, text) = rollcall(&["check", "fixtures/demo"], "2");
    assert_eq!(code, 1, "the demo has error findings");
    insta::assert_snapshot!("demo_human", text);
}

#[test]
fn demo_json_output() {
    let (code, text) = rollcall(&["check", "fixtures/demo", "--format", "json"], "2");
    assert_eq!(code, 1);
    insta::assert_snapshot!("demo_json", mask_today(&text));
}

#[test]
fn demo_concise_output() {
    let (code, text) = rollcall(&["check", "fixtures/demo", "--format", "concise"], "2");
    assert_eq!(code, 1);
    // `path:line:col: CODE message`, one line per finding, then the summary line.
    for line in text.lines().take_while(|l| !l.contains(" checked (")) {
        let mut parts = line.splitn(4, ':');
        let (path, row, col, rest) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        assert!(path.ends_with("account.yaml"), "{line}");
        assert!(
            row.parse::<u32>().is_ok() && col.parse::<u32>().is_ok(),
            "{line}"
        );
        assert!(
            rest.starts_with(" RC") && rest.as_bytes()[6] == b' ',
            "{line}"
        );
    }
    insta::assert_snapshot!("demo_concise", text);
}

#[test]
fn demo_statistics() {
    let (code, text) = rollcall(&["check", "fixtures/demo", "--statistics"], "2");
    assert_eq!(code, 1, "--statistics keeps the exit status");
    insta::assert_snapshot!("demo_statistics", text);
    let (_, json) = rollcall(
        &["check", "fixtures/demo", "--statistics", "--format", "json"],
        "2",
    );
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    let total: u64 = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["count"].as_u64().unwrap())
        .sum();
    let (_, full) = rollcall(&["check", "fixtures/demo", "--format", "json"], "2");
    let full: serde_json::Value = serde_json::from_str(&full).unwrap();
    let s = &full["summary"];
    assert_eq!(
        total,
        s["errors"].as_u64().unwrap()
            + s["warnings"].as_u64().unwrap()
            + s["infos"].as_u64().unwrap()
    );
}

#[test]
fn output_is_identical_for_1_and_several_threads() {
    for format in ["human", "json", "concise"] {
        let args = [
            "check",
            "fixtures/demo",
            "fixtures/rules",
            "--format",
            format,
        ];
        let (c1, one) = rollcall(&args, "1");
        let (c4, four) = rollcall(&args, "4");
        assert_eq!(c1, c4);
        assert!(
            one == four,
            "{format} output differs between 1 and 4 threads"
        );
        let (_, again) = rollcall(&args, "3");
        assert!(one == again, "{format} output differs from run to run");
    }
}

#[test]
fn broken_portfolio_human_output() {
    let (code, text) = rollcall(&["check", "fixtures/broken"], "2");
    assert_eq!(code, 2, "unreadable inputs exit 2");
    assert!(
        text.contains("RC101"),
        "the healthy account is still audited"
    );
    insta::assert_snapshot!("broken_human", text);
}

#[test]
fn broken_portfolio_json_output() {
    let (code, text) = rollcall(&["check", "fixtures/broken", "--format", "json"], "2");
    assert_eq!(code, 2);
    insta::assert_snapshot!("broken_json", mask_today(&text));
}
