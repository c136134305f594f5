//! Hostile and broken input end to end (`fixtures/hostile/`, plus cases made here that cannot
//! be committed): no panic, no hang, every bad input a located error, nothing else lost, safe
//! output, and inputs never written to.

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn rollcall(args: &[&str]) -> (i32, Vec<u8>) {
    let out = Command::cargo_bin("rollcall")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    let code = out.status.code().expect("exited normally, not by a signal");
    assert_ne!(
        code,
        101,
        "panicked: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (code, out.stdout)
}

fn json(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let (code, out) = rollcall(&all);
    (code, serde_json::from_slice(&out).unwrap())
}

fn error_for<'v>(v: &'v Value, folder: &str) -> &'v Value {
    v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["file"].as_str().unwrap().contains(&format!("/{folder}/")))
        .unwrap_or_else(|| panic!("no error for {folder}: {v}"))
}

#[test]
fn every_hostile_input_is_a_located_error_and_the_healthy_account_is_audited() {
    let (code, v) = json(&["fixtures/hostile"]);
    assert_eq!(code, 2);
    let located = [
        ("alias-bomb", "alias"),
        ("deep-nesting", "recursion"),
        ("huge-integer", "too large"),
        ("negative-seats", "0 or more"),
        ("invalid-utf8", "UTF-8"),
        ("nul-byte", "unprintable"),
        ("empty-snapshot", "empty"),
        ("binary-export", "0x00"),
    ];
    for (folder, words) in located {
        let e = error_for(&v, folder);
        assert!(
            e["line"].as_u64().unwrap() >= 1 && e["column"].as_u64().unwrap() >= 1,
            "{folder}: {e}"
        );
        assert!(
            e["message"].as_str().unwrap().contains(words),
            "{folder}: {e}"
        );
    }
    assert!(error_for(&v, "empty-export")["message"]
        .as_str()
        .unwrap()
        .contains("empty"));
    // Workbook bombs: an error about the file that names the part, found before anything is
    // inflated into memory.
    for (folder, part, words) in [
        (
            "sharedstrings-bomb",
            "xl/sharedStrings.xml",
            "over the budget",
        ),
        ("sheet-bomb", "xl/worksheets/sheet1.xml", "over the budget"),
        (
            "lying-size",
            "xl/sharedStrings.xml",
            "larger than its declared",
        ),
    ] {
        let m = error_for(&v, folder)["message"].as_str().unwrap();
        assert!(
            m.contains(&format!("`{part}`")) && m.contains(words),
            "{folder}: {m}"
        );
    }
    let (line, column) = (
        &error_for(&v, "invalid-utf8")["line"],
        &error_for(&v, "invalid-utf8")["column"],
    );
    assert_eq!(
        (line.as_u64(), column.as_u64()),
        (Some(2), Some(13)),
        "at the bad byte"
    );
    let accounts: Vec<&str> = v["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    for name in ["Steady Civil Ltd", "<script>alert(1)</script>"] {
        assert!(accounts.contains(&name), "{name} not audited: {accounts:?}");
    }
    assert_eq!(v["summary"]["files_failed"], 12);
}

#[test]
fn terminal_escapes_in_inputs_cannot_reach_the_terminal() {
    for args in [
        vec![
            "check",
            "fixtures/hostile/terminal-escapes",
            "--color",
            "never",
        ],
        vec!["check", "fixtures/hostile"],
    ] {
        let (_, out) = rollcall(&args);
        let bad: Vec<u8> = out
            .iter()
            .copied()
            .filter(|b| (*b < 0x20 && *b != b'\n' && *b != b'\t' && *b != b'\r') || *b == 0x7f)
            .collect();
        assert!(bad.is_empty(), "control bytes {bad:?} in human output");
        assert!(
            String::from_utf8_lossy(&out).contains("owned"),
            "the value is still shown, made harmless"
        );
    }
}

#[test]
fn csv_output_neutralises_formulas() {
    let (_, out) = rollcall(&[
        "check",
        "fixtures/hostile/formula-injection",
        "--format",
        "csv",
    ]);
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(!rows.is_empty());
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "formula cell {cell:?}"
            );
        }
        assert!(row[col("account")].starts_with("'=HYPERLINK"));
        assert_eq!(&row[col("contract")], "'+110000000004");
    }
    assert!(rows.iter().any(|r| &r[col("product")] == "'-2+3"));
    assert!(rows.iter().any(|r| r[col("user")].starts_with("'@sum")));
}

#[test]
fn markup_in_inputs_is_escaped_in_html_and_markdown() {
    let (_, html) = rollcall(&[
        "check",
        "fixtures/hostile/markup-injection",
        "--format",
        "html",
    ]);
    let html = String::from_utf8(html).unwrap();
    assert!(!html.contains("<script>alert") && !html.contains("<img src=x"));
    let (_, md) = rollcall(&[
        "check",
        "fixtures/hostile/markup-injection",
        "--format",
        "markdown",
    ]);
    let md = String::from_utf8(md).unwrap();
    assert!(
        !md.contains("<script>") && !md.contains("**bold**") && !md.contains("[link](javascript"),
        "{md}"
    );
}

fn snapshot_of_tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            out.insert(
                entry.path().to_string_lossy().into_owned(),
                std::fs::read(entry.path()).unwrap(),
            );
        }
    }
    out
}

#[test]
fn inputs_are_never_written_to() {
    let dir = tempfile::tempdir().unwrap();
    for tree in ["fixtures/demo", "fixtures/exports", "fixtures/hostile"] {
        copy_tree(
            Path::new(tree),
            &dir.path().join(Path::new(tree).file_name().unwrap()),
        );
    }
    let before = snapshot_of_tree(dir.path());
    let root = dir.path().to_string_lossy().into_owned();
    for format in [
        "human", "json", "sarif", "html", "markdown", "junit", "github", "csv",
    ] {
        rollcall(&["check", &root, "--format", format, "--as-of", "2026-11-01"]);
    }
    let out = dir.path().join("report.html");
    rollcall(&[
        "check",
        &root,
        "--format",
        "html",
        "--output",
        &out.to_string_lossy(),
    ]);
    std::fs::remove_file(out).unwrap();
    assert!(before == snapshot_of_tree(dir.path()), "an input changed");
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[cfg(unix)]
#[test]
fn link_loops_dangling_links_and_oversized_files_are_reported_and_the_rest_audited() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("good")).unwrap();
    std::fs::write(
        root.join("good/account.yaml"),
        "as_of: 2026-11-01\ncontracts:\n  - number: \"1\"\n    contract_manager: a@good.example\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("loop")).unwrap();
    std::os::unix::fs::symlink("..", root.join("loop/up")).unwrap();
    std::fs::create_dir_all(root.join("dangling")).unwrap();
    std::os::unix::fs::symlink(
        "/nonexistent/rollcall/account.yaml",
        root.join("dangling/account.yaml"),
    )
    .unwrap();
    std::fs::create_dir_all(root.join("big")).unwrap();
    std::fs::write(
        root.join("big/account.yaml"),
        format!(
            "as_of: 2026-11-01\n# {}\ncontracts: []\n",
            "x".repeat(4 << 20)
        ),
    )
    .unwrap();
    let shown = root.to_string_lossy().into_owned();
    let (code, v) = json(&[&shown, "--max-file-size", "1M"]);
    assert_eq!(code, 2);
    let messages: Vec<String> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{} {}", e["file"], e["message"]))
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("loop") && m.contains("cannot read")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("dangling")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("big/account.yaml") && m.contains("over the limit")),
        "{messages:?}"
    );
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "RC101"),
        "the good account is audited"
    );
    // Within the default limit, a line of megabytes is read like any other.
    let (code, v) = json(&[&root.join("big").to_string_lossy()]);
    assert_eq!(code, 0, "{v}");
}

#[test]
fn redact_replaces_every_email_and_name_with_stable_pseudonyms() {
    let originals = [
        "jonas.berg@solvik-md.example",
        "Ingrid Solvik",
        "Jonas Berg",
    ];
    for format in [
        "human", "json", "sarif", "html", "markdown", "junit", "github", "csv",
    ] {
        let (_, out) = rollcall(&[
            "check",
            "fixtures/demo",
            "fixtures/exports/brightwater-landscape",
            "--as-of",
            "2026-11-01",
            "--redact",
            "--format",
            format,
            "--color",
            "never",
        ]);
        let text = String::from_utf8(out).unwrap();
        let lower = text.to_lowercase();
        for email in email_like(&text) {
            assert!(
                !SOURCE_EMAILS.with(|s| s.contains(&email.to_lowercase())),
                "{format}: {email} not redacted"
            );
        }
        for o in originals {
            assert!(
                !lower.contains(&o.to_lowercase()),
                "{format}: {o} not redacted"
            );
        }
    }
    let (_, a) = rollcall(&["check", "fixtures/demo", "--redact", "--format", "json"]);
    let (_, b) = rollcall(&["check", "fixtures/demo", "--redact", "--format", "json"]);
    assert_eq!(a, b, "pseudonyms are stable");
    let v: Value = serde_json::from_slice(&a).unwrap();
    let users: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["subject"]["user"].as_str())
        .collect();
    let in_messages = v["findings"].as_array().unwrap().iter().filter(|f| {
        f["subject"]["user"]
            .as_str()
            .is_some_and(|u| f["message"].as_str().unwrap().contains(u))
    });
    assert!(
        in_messages.count() > 0 && !users.is_empty(),
        "the subject's pseudonym is the message's"
    );
}

thread_local! {
    /// Every address written in the demo inputs.
    static SOURCE_EMAILS: std::collections::BTreeSet<String> = {
        let mut all = std::collections::BTreeSet::new();
        for tree in ["fixtures/demo", "fixtures/exports/brightwater-landscape"] {
            for entry in walkdir::WalkDir::new(tree) {
                let entry = entry.unwrap();
                if entry.file_type().is_file() {
                    let text = String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()).into_owned();
                    all.extend(email_like(&text).into_iter().map(|e| e.to_lowercase()));
                }
            }
        }
        all
    };
}

fn email_like(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '+' | '-' | '@')))
        .filter(|w| w.contains('@') && !w.starts_with('@') && !w.ends_with('@'))
        .map(str::to_owned)
        .collect()
}

/// Unreadable files and folders that cannot be listed, as an unprivileged user sees them: CI
/// runs as root, for whom permissions do not hold, so the check runs inside a user namespace
/// (`unshare --user`) where root is mapped to nobody. Skipped where namespaces are not allowed.
#[test]
fn unreadable_files_and_unlistable_folders_are_errors_and_the_rest_is_audited() {
    let probe = std::process::Command::new("unshare")
        .args(["--user", "--map-user=65534", "--map-group=65534", "true"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: user namespaces (unshare --user) are not allowed here");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let snapshot = "account: Good\nas_of: 2026-11-01\ncontracts: []\n";
    for name in ["good", "secret", "locked"] {
        std::fs::create_dir(root.join(name)).unwrap();
        std::fs::write(root.join(name).join("account.yaml"), snapshot).unwrap();
    }
    let mode = |p: &std::path::Path, m: u32| {
        std::fs::set_permissions(p, std::os::unix::fs::PermissionsExt::from_mode(m)).unwrap();
    };
    mode(&root.join("secret/account.yaml"), 0o000);
    mode(&root.join("locked"), 0o000);
    let bin = assert_cmd::cargo::cargo_bin("rollcall");
    let out = std::process::Command::new("unshare")
        .args(["--user", "--map-user=65534", "--map-group=65534"])
        .arg(&bin)
        .args(["check", "--format", "json"])
        .arg(root)
        .output()
        .unwrap();
    mode(&root.join("locked"), 0o755);
    mode(&root.join("secret/account.yaml"), 0o644);
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let shown = root.to_string_lossy();
    let errors: Vec<(String, String)> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["file"].as_str().unwrap().to_owned(),
                e["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            (
                format!("{shown}/locked"),
                "cannot read: permission denied".to_owned()
            ),
            (
                format!("{shown}/secret/account.yaml"),
                "cannot read: permission denied".to_owned()
            ),
        ]
    );
    let audited: Vec<&str> = v["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["audited"] == true)
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(audited, ["Good"], "the readable account is still audited");
    assert_eq!(v["summary"]["files_failed"], 2);
}

/// `--output` replaces a regular file by a rename, and nothing else: a FIFO (or a device such
/// as `/dev/null`, which as root a rename would replace for the whole machine) and a symbolic
/// link are written through, as a shell's `>` does, and stay what they were.
#[cfg(unix)]
#[test]
fn output_into_a_fifo_or_through_a_link_leaves_them_in_place() {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let (_, whole) = json(&["fixtures/demo", "--as-of", "2026-11-01"]);
    let to = |out: &str| {
        rollcall(&[
            "check",
            "fixtures/demo",
            "--as-of",
            "2026-11-01",
            "--format",
            "json",
            "--output",
            out,
        ])
    };
    let strays = |d: &Path| -> Vec<std::ffi::OsString> {
        std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| n.to_string_lossy().ends_with(".tmp"))
            .collect()
    };

    // Through a link, relative, to a file not written yet, then to the file it made: the file
    // holds the report, the link stays a link.
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    let link = dir.path().join("latest.json");
    std::os::unix::fs::symlink("reports/today.json", &link).unwrap();
    for _ in 0..2 {
        to(&link.to_string_lossy());
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        let written: Value =
            serde_json::from_slice(&std::fs::read(reports.join("today.json")).unwrap()).unwrap();
        assert_eq!(written, whole);
    }

    // `-` is standard output.
    let (_, out) = to("-");
    assert_eq!(serde_json::from_slice::<Value>(&out).unwrap(), whole);

    // Into a FIFO: a reader gets the report, and the FIFO is still one.
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo here
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = Vec::new();
            std::fs::File::open(fifo)
                .unwrap()
                .read_to_end(&mut text)
                .unwrap();
            text
        })
    };
    to(&fifo.to_string_lossy());
    // Asserted before the join: a FIFO replaced by a file would leave the reader waiting.
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    // A run that never opened the FIFO would leave it waiting too: opening its other end lets
    // it read nothing, and the comparison below fails rather than hangs.
    for _ in 0..500 {
        if reader.is_finished() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    if !reader.is_finished() {
        drop(std::fs::OpenOptions::new().write(true).open(&fifo));
    }
    let read = reader.join().unwrap();
    assert_eq!(serde_json::from_slice::<Value>(&read).ok(), Some(whole));
    assert!(strays(dir.path()).is_empty() && strays(&reports).is_empty());
}
