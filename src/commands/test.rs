//! `rollcall test`: the custom policies' own tests, with coverage.

#[allow(clippy::wildcard_imports)]
use super::*;

/// `rollcall test`: runs the `test_*` rules of the configuration's policies, as `opa test`
/// does, one line per test, then a summary; with `--coverage`, the lines the tests reached.
pub fn test(config: Option<&Path>, coverage: bool) -> u8 {
    use rollcall_engine::policy::TestOutcome;
    let eff = match load_configuration(config, None, &Layer::default()) {
        Ok(e) => e,
        Err(errs) => return fail(&joined(&errs)),
    };
    let Some(set) = eff.policies.as_ref() else {
        let at = eff
            .source
            .as_deref()
            .unwrap_or("no rollcall.yaml was found");
        return fail(&format!(
            "{at}: the configuration lists no `policies:`, so there is nothing to test"
        ));
    };
    let (results, cover) = set.test(coverage);
    let mut s = String::new();
    let mut failed = 0;
    let mut file = "";
    for r in &results {
        if r.file != file {
            let _ = writeln!(s, "{}:", r.file);
            file = &r.file;
        }
        let (word, why) = match &r.outcome {
            TestOutcome::Pass => ("PASS", String::new()),
            TestOutcome::Fail(why) => ("FAIL", format!(" ({why})")),
            TestOutcome::Error(why) => ("ERROR", format!("\n  {why}")),
        };
        if r.outcome != TestOutcome::Pass {
            failed += 1;
        }
        let _ = writeln!(s, "{}.{}: {word}{why}", r.package, r.name);
    }
    let _ = writeln!(s, "{}", "-".repeat(80));
    let passed = results.len() - failed;
    if results.is_empty() {
        let _ = writeln!(
            s,
            "no tests: write `test_*` rules beside each policy's `deny`"
        );
    } else if failed == 0 {
        let _ = writeln!(s, "PASS: {passed}/{}", results.len());
    } else {
        let _ = writeln!(
            s,
            "PASS: {passed}/{}\nFAIL: {failed}/{}",
            results.len(),
            results.len()
        );
    }
    for p in &set.policies {
        if let Some(why) = &p.vm_refused {
            let _ = writeln!(
                s,
                "note: {} runs on the interpreter under `policy_errors: lenient`: the compiled VM cannot compile it ({why})",
                p.meta.code
            );
        }
    }
    if let Some(files) = cover {
        let _ = writeln!(s, "\ncoverage:");
        for c in &files {
            let _ = write!(
                s,
                "{}: {:.1}% ({}/{} lines)",
                c.file,
                c.percent(),
                c.covered.len(),
                c.covered.len() + c.not_covered.len()
            );
            if c.not_covered.is_empty() {
                s.push('\n');
            } else {
                let lines: Vec<String> = c.not_covered.iter().map(ToString::to_string).collect();
                let _ = writeln!(s, "; not covered: {}", lines.join(", "));
            }
        }
    }
    if !write_out(&s) {
        return 2;
    }
    u8::from(failed > 0 || results.is_empty())
}
