//! SARIF 2.1.0, as GitHub code scanning accepts it.

use std::fmt::Write as _;

use serde_json::{json, Value};

use rollcall_rules::{RuleMeta, Severity};

use crate::render::{part_of, Context, Format};

use crate::report::{Diagnostic, Loc, Report};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Percent-encodes what may not stand in a relative URI reference.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Where a file is, as SARIF says it: a path given relative stays a relative reference to
/// `%SRCROOT%` (the checkout, for GitHub code scanning); an absolute one becomes an absolute
/// `file://` URI with no base (a relative reference may not begin with `/`, SARIF1004).
fn artifact(path: &str) -> Value {
    let bytes = path.as_bytes();
    let drive = bytes.len() > 2
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && matches!(bytes[2], b'/' | b'\\');
    if path.starts_with('/') {
        json!({ "uri": format!("file://{}", uri(path)) })
    } else if drive {
        json!({ "uri": format!("file:///{}{}", &path[..2], uri(&path[2..].replace('\\', "/"))) })
    } else {
        json!({ "uri": uri(path), "uriBaseId": "%SRCROOT%" })
    }
}

/// FNV-1a, 64 bits: a stable fingerprint that does not depend on the Rust version.
pub fn fingerprint(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0x1f)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

fn region(at: &Loc) -> Value {
    json!({
        "startLine": at.line.max(1),
        "startColumn": at.column.max(1),
        "endLine": at.line.max(1),
        "endColumn": at.column.max(1) + at.len.max(1),
    })
}

fn rule_descriptor(r: &RuleMeta) -> Value {
    let manual = r.manual();
    json!({
        "id": r.code,
        "name": r.name,
        "shortDescription": { "text": r.summary },
        "fullDescription": { "text": section(&manual, "What it does").unwrap_or(r.summary) },
        "help": { "text": manual, "markdown": manual },
        "defaultConfiguration": { "level": level(r.severity) },
        "properties": { "tags": [r.group.as_str()] },
    })
}

/// The text under a `### heading` of a manual.
fn section<'m>(manual: &'m str, heading: &str) -> Option<&'m str> {
    let start = manual.find(&format!("### {heading}\n"))? + heading.len() + 5;
    let rest = &manual[start..];
    Some(rest[..rest.find("\n### ").unwrap_or(rest.len())].trim())
}

fn result(d: &Diagnostic, rule_index: usize) -> Value {
    let s = &d.subject;
    let (kind, name) = if let Some(u) = &s.user {
        ("user", u.as_str())
    } else if let Some(p) = &s.product {
        ("product", p.as_str())
    } else if let Some(c) = &s.contract {
        ("contract", c.as_str())
    } else if let Some(t) = &s.team {
        ("team", t.as_str())
    } else {
        ("account", d.account.as_str())
    };
    let qualified: Vec<String> = std::iter::once(d.account.clone())
        .chain(s.parts().map(|(k, v)| format!("{k}:{v}")))
        .collect();
    let key = [
        d.account.as_str(),
        d.rule.code,
        s.contract.as_deref().unwrap_or(""),
        s.team.as_deref().unwrap_or(""),
        s.product.as_deref().unwrap_or(""),
        s.user.as_deref().unwrap_or(""),
    ];
    let mut message = d.message.clone();
    if let Some(h) = &d.help {
        message = format!("{message}. Help: {h}");
    }
    let mut r = json!({
        "ruleId": d.rule.code,
        "ruleIndex": rule_index,
        "level": level(d.severity),
        "message": { "text": message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact(&d.at.file),
                "region": region(&d.at),
            },
            "logicalLocations": [{
                "name": name,
                "fullyQualifiedName": qualified.join("/"),
                "kind": kind,
            }],
        }],
        "partialFingerprints": { "rollcallSubject/v1": fingerprint(&key) },
    });
    if !d.related.is_empty() {
        r["relatedLocations"] = Value::Array(
            d.related
                .iter()
                .enumerate()
                .map(|(i, (at, text))| {
                    json!({
                        "id": i,
                        "message": { "text": text },
                        "physicalLocation": { "artifactLocation": artifact(&at.file), "region": region(at) },
                    })
                })
                .collect(),
        );
    }
    if let Some(w) = &d.waived {
        r["suppressions"] =
            json!([{ "kind": "external", "status": "accepted", "justification": w.reason }]);
    }
    r
}

/// The SARIF log, pretty-printed, with a final newline.
/// The whole SARIF log as one string (for small reports and tests; [`write`] streams it).
pub fn render(report: &Report) -> String {
    let mut out = Vec::new();
    let _ = write(report, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// What a written SARIF log holds, for the limits of the services that read it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub results: usize,
}

/// GitHub code scanning reads at most this many results of a run.
pub const GITHUB_MAX_RESULTS: usize = 25_000;
/// GitHub code scanning takes a SARIF file of at most this many bytes, gzipped.
pub const GITHUB_MAX_GZIP_BYTES: u64 = 10 * 1024 * 1024;

/// A written SARIF log measured against GitHub code scanning's limits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Measured {
    pub results: usize,
    pub bytes: u64,
    pub gzip_bytes: u64,
}

impl Measured {
    /// Which limits the log passed, and how to split the run. It stays valid SARIF either way.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.results > GITHUB_MAX_RESULTS {
            out.push(format!(
                "the SARIF report has {} results; GitHub code scanning reads at most {GITHUB_MAX_RESULTS} of a run: split the run (one `rollcall check` per group of customer folders, each with its own --output and upload category), or leave out rules with --ignore",
                self.results
            ));
        }
        if self.gzip_bytes > GITHUB_MAX_GZIP_BYTES {
            out.push(format!(
                "the SARIF report is {} MB gzipped ({} MB raw); GitHub code scanning takes at most 10 MB gzipped: split the run by customer folders",
                self.gzip_bytes / 1_000_000,
                self.bytes / 1_000_000
            ));
        }
        out
    }
}

/// [`write`], measuring the log as it goes: its results, its bytes, and what it gzips to. The
/// gzip runs on another thread, fed in chunks, so that measuring costs the run little time
/// where a core is free.
pub fn write_measured(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<Measured> {
    let mut meter = Meter::new(out);
    let written = write(report, &mut meter)?;
    meter.flush_chunk();
    let (bytes, gzip_bytes) = meter.finish();
    Ok(Measured {
        results: written.results,
        bytes,
        gzip_bytes,
    })
}

const METER_CHUNK: usize = 256 * 1024;

/// Passes bytes on, counting them and feeding a copy to a gzip that only counts its output.
struct Meter<'w> {
    inner: &'w mut dyn std::io::Write,
    bytes: u64,
    chunk: Vec<u8>,
    tx: Option<std::sync::mpsc::SyncSender<Vec<u8>>>,
    gzip: Option<std::thread::JoinHandle<u64>>,
}

#[derive(Default)]
struct Counter(u64);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'w> Meter<'w> {
    fn new(inner: &'w mut dyn std::io::Write) -> Self {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(8);
        let gzip = std::thread::spawn(move || {
            use std::io::Write as _;
            let mut gz =
                flate2::write::GzEncoder::new(Counter::default(), flate2::Compression::fast());
            for chunk in rx {
                let _ = gz.write_all(&chunk);
            }
            gz.finish().map_or(0, |c| c.0)
        });
        Self {
            inner,
            bytes: 0,
            chunk: Vec::with_capacity(METER_CHUNK),
            tx: Some(tx),
            gzip: Some(gzip),
        }
    }

    fn flush_chunk(&mut self) {
        let full = std::mem::replace(&mut self.chunk, Vec::with_capacity(METER_CHUNK));
        if let Some(tx) = &self.tx {
            let _ = tx.send(full);
        }
    }

    /// The bytes written, and their size gzipped.
    fn finish(mut self) -> (u64, u64) {
        drop(self.tx.take());
        let gz = self.gzip.take().and_then(|h| h.join().ok()).unwrap_or(0);
        (self.bytes, gz)
    }
}

impl std::io::Write for Meter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        self.chunk.extend_from_slice(&buf[..n]);
        if self.chunk.len() >= METER_CHUNK {
            self.flush_chunk();
        }
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Accounts whose results are rendered together.
const RESULT_BATCH: usize = 256;

/// Writes the SARIF log: the run's frame (tool, rules, notifications) is built whole, and the
/// results, which grow with the portfolio, are written into `out` a batch of accounts at a
/// time, pretty-printed at their depth, so the document is the same as if built whole and
/// never held in memory.
pub fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<Written> {
    use rayon::prelude::*;
    let cx = Context::of(report, crate::render::human::Style::default());
    let rules = &cx.rules;
    let errors = report.all_errors();
    let notifications: Vec<Value> = errors
        .iter()
        .map(|e| {
            let mut n = json!({ "level": "error", "message": { "text": e.message }, "descriptor": { "id": e.code } });
            if e.line > 0 {
                n["locations"] = json!([{ "physicalLocation": {
                    "artifactLocation": artifact(&e.file),
                    "region": { "startLine": e.line, "startColumn": e.column.max(1) },
                } }]);
            } else {
                n["locations"] = json!([{ "physicalLocation": { "artifactLocation": artifact(&e.file) } }]);
            }
            n
        })
        .collect();
    let frame = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "rollcall",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://example.invalid/rollcall",
                "rules": rules.iter().map(|r| rule_descriptor(r)).collect::<Vec<_>>(),
            } },
            "invocations": [{
                "executionSuccessful": errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": [],
        }],
    });
    let text = serde_json::to_string_pretty(&frame).map_err(std::io::Error::other)?;
    let marker = "\"results\": []";
    let (head, tail) = text.split_once(marker).unwrap_or((&text, ""));
    out.write_all(head.as_bytes())?;
    out.write_all(b"\"results\": [")?;
    let mut written = Written::default();
    // The results are rendered in parallel, a batch of accounts at a time (so that memory
    // holds one batch's text, not the document's), and written in order.
    let mut units = report
        .notices
        .iter()
        .map(|u| std::io::Result::Ok(std::borrow::Cow::Borrowed(u)))
        .chain(report.each_unit(false));
    loop {
        let batch = units
            .by_ref()
            .take(RESULT_BATCH)
            .collect::<std::io::Result<Vec<_>>>()?;
        if batch.is_empty() {
            break;
        }
        let parts = batch
            .par_iter()
            .map(|unit| {
                let n = unit.account.as_ref().map_or(0, |a| a.tally.findings());
                Ok((part_of(Format::Sarif, unit, report, &cx)?, n))
            })
            .collect::<std::io::Result<Vec<_>>>()?;
        for (part, n) in parts {
            if part.is_empty() {
                continue;
            }
            // The first result of the document follows `[` without a comma.
            let skip = usize::from(written.results == 0);
            out.write_all(&part.as_bytes()[skip..])?;
            written.results += n;
        }
    }
    if written.results > 0 {
        out.write_all(b"\n      ]")?;
    } else {
        out.write_all(b"]")?;
    }
    out.write_all(tail.as_bytes())?;
    out.write_all(b"\n")?;
    Ok(written)
}

/// One unit's results, each after `,\n` at the depth of the run's `results` items.
pub fn unit_part(unit: &crate::report::UnitReport, cx: &Context) -> String {
    use serde::Serialize;
    let mut part = Vec::new();
    for d in unit.account.iter().flat_map(|a| &a.diagnostics) {
        let mark = part.len();
        part.extend_from_slice(b",\n        ");
        let mut ser =
            serde_json::Serializer::with_formatter(&mut part, crate::render::pretty::Nested::at(4));
        if result(d, cx.rule_index(d.rule.code))
            .serialize(&mut ser)
            .is_err()
        {
            part.truncate(mark);
        }
    }
    String::from_utf8(part).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_and_fingerprints_are_stable() {
        assert_eq!(
            uri("customers/Acme Ltd/account.yaml"),
            "customers/Acme%20Ltd/account.yaml"
        );
        assert_eq!(
            artifact("customers/acme/account.yaml"),
            json!({"uri": "customers/acme/account.yaml", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            artifact("/srv/audit/acme/account.yaml"),
            json!({"uri": "file:///srv/audit/acme/account.yaml"})
        );
        assert_eq!(
            artifact("C:\\audit\\acme/account.yaml"),
            json!({"uri": "file:///C:/audit/acme/account.yaml"})
        );
        assert_eq!(fingerprint(&["a", "RC101"]), fingerprint(&["a", "RC101"]));
        assert_ne!(fingerprint(&["ab", "c"]), fingerprint(&["a", "bc"]));
    }

    #[test]
    fn measured_logs_warn_past_githubs_limits() {
        let small = Measured {
            results: 10,
            bytes: 1_000,
            gzip_bytes: 200,
        };
        assert!(small.warnings().is_empty());
        let big = Measured {
            results: GITHUB_MAX_RESULTS + 1,
            bytes: 200_000_000,
            gzip_bytes: GITHUB_MAX_GZIP_BYTES + 1,
        };
        let w = big.warnings();
        assert_eq!(w.len(), 2);
        assert!(
            w[0].contains("25001 results") && w[1].contains("10 MB gzipped"),
            "{w:?}"
        );
        let mut out = Vec::new();
        let m = write_measured(&Report::default(), &mut out).unwrap();
        assert_eq!((m.results, m.bytes), (0, out.len() as u64));
        assert!(m.gzip_bytes > 0);
    }

    #[test]
    fn finds_manual_sections() {
        let m = "# X\n\n### What it does\nFlags things.\n\n### Why is this bad?\nBecause.\n";
        assert_eq!(section(m, "What it does"), Some("Flags things."));
        assert_eq!(section(m, "Why is this bad?"), Some("Because."));
    }
}
