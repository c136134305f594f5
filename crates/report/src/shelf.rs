//! Finished accounts on their way to the report, kept small ([`Stored`]) and, past a few
//! thousand, out of memory: they are sorted in runs written to the spill file, and merged in
//! output order each time the report goes through them. A portfolio's report is written in
//! account order, known only once the last account is done; this way what waits in memory is
//! a run being filled and a block of each run being read, not an entry per customer.
//!
//! What few accounts have (input errors, skipped files and rows, fixed findings) keeps the
//! account in memory, so that every list of errors is at hand; the totals of the summary are
//! added up as accounts arrive.

use std::borrow::Cow;
use std::sync::Arc;

use rollcall_rules::{RuleMeta, Severity};

use crate::report::{Stored, Totals};
use crate::spill::{Piece, Spill};

/// Accounts in a run before it is sorted and written.
pub const RUN: usize = 4096;
/// What is read of a run at a time while merging.
const BLOCK: usize = 64 * 1024;

/// The finished accounts of a run kept small (see the module's documentation).
#[derive(Debug, Default)]
pub struct Shelf {
    spill: Option<Arc<Spill>>,
    /// The rules named as an account's worst, each once: a run names them by their place here.
    rules: Vec<&'static RuleMeta>,
    /// Accounts waiting to be sorted into a run.
    batch: Vec<Stored>,
    /// Runs written, each sorted.
    runs: Vec<Piece>,
    /// Accounts kept in memory: those with something rare to say, and those whose run could
    /// not be written.
    kept: Vec<Stored>,
    len: usize,
    totals: Totals,
    /// Accounts per run.
    run: usize,
}

impl Shelf {
    /// A shelf writing its runs to `spill` (none: everything stays in memory).
    pub fn new(spill: Option<Arc<Spill>>) -> Self {
        Self::with_runs_of(spill, RUN)
    }

    /// As [`Shelf::new`], with `run` accounts per run (tests make them small).
    pub fn with_runs_of(spill: Option<Arc<Spill>>, run: usize) -> Self {
        Self {
            spill,
            run: run.max(1),
            ..Self::default()
        }
    }

    /// Adds a finished account.
    pub fn push(&mut self, stored: Stored) {
        self.len += 1;
        self.totals.add_stored(&stored);
        match &self.spill {
            Some(_) if stored.is_plain() => {
                self.batch.push(stored);
                if self.batch.len() >= self.run {
                    self.write_run();
                }
            }
            _ => self.kept.push(stored),
        }
    }

    fn write_run(&mut self) {
        let mut batch = std::mem::take(&mut self.batch);
        batch.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        let mut bytes = Vec::with_capacity(batch.len() * 128);
        for s in &batch {
            let worst = s.tally.worst.map(|w| {
                let at = self.rules.iter().position(|r| std::ptr::eq(*r, w));
                at.unwrap_or_else(|| {
                    self.rules.push(w);
                    self.rules.len() - 1
                })
            });
            let at = bytes.len();
            bytes.extend_from_slice(&[0; 4]);
            encode(s, worst, &mut bytes);
            let len = u32::try_from(bytes.len() - at - 4).unwrap_or(u32::MAX);
            bytes[at..at + 4].copy_from_slice(&len.to_le_bytes());
        }
        match self.spill.as_ref().map(|s| s.put_bytes(&bytes)) {
            Some(Ok(piece)) => self.runs.push(piece),
            // Nothing is lost: the accounts stay in memory.
            _ => self.kept.append(&mut batch),
        }
    }

    /// Sorts what is still in memory; call once every account is in, before [`Shelf::iter`].
    pub fn finish(&mut self) {
        self.batch.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.kept.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }

    /// How many accounts it holds.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The totals over its accounts.
    pub fn totals(&self) -> &Totals {
        &self.totals
    }

    /// The accounts kept in memory: among them, every one with input errors, skipped files
    /// or rows, or fixed findings.
    pub fn kept(&self) -> &[Stored] {
        &self.kept
    }

    /// Every account in output order (by account name, then folder), the runs read back from
    /// the spill file a block at a time.
    pub fn iter(&self) -> Merged<'_> {
        let mut sources: Vec<Source<'_>> = self
            .runs
            .iter()
            .filter_map(|p| {
                self.spill.as_deref().map(|spill| {
                    Source::Run(Run {
                        spill,
                        piece: *p,
                        at: 0,
                        buf: Vec::new(),
                        pos: 0,
                    })
                })
            })
            .collect();
        sources.push(Source::Memory(self.batch.iter()));
        sources.push(Source::Memory(self.kept.iter()));
        Merged {
            rules: &self.rules,
            heads: sources.iter().map(|_| None).collect(),
            sources,
            started: false,
        }
    }
}

impl<'a> IntoIterator for &'a Shelf {
    type Item = std::io::Result<Cow<'a, Stored>>;
    type IntoIter = Merged<'a>;

    fn into_iter(self) -> Merged<'a> {
        self.iter()
    }
}

/// The accounts of a [`Shelf`] in output order.
pub struct Merged<'a> {
    rules: &'a [&'static RuleMeta],
    sources: Vec<Source<'a>>,
    /// The next account of each source.
    heads: Vec<Option<Cow<'a, Stored>>>,
    started: bool,
}

enum Source<'a> {
    Run(Run<'a>),
    Memory(std::slice::Iter<'a, Stored>),
    Done,
}

impl Merged<'_> {
    fn advance(&mut self, i: usize) -> std::io::Result<()> {
        let next = match &mut self.sources[i] {
            Source::Run(run) => run.next(self.rules).map(|s| s.map(Cow::Owned)),
            Source::Memory(it) => Ok(it.next().map(Cow::Borrowed)),
            Source::Done => Ok(None),
        };
        match next {
            Ok(head) => {
                if head.is_none() {
                    self.sources[i] = Source::Done;
                }
                self.heads[i] = head;
                Ok(())
            }
            Err(e) => {
                self.sources[i] = Source::Done;
                self.heads[i] = None;
                Err(e)
            }
        }
    }
}

impl<'a> Iterator for Merged<'a> {
    type Item = std::io::Result<Cow<'a, Stored>>;

    fn next(&mut self) -> Option<Self::Item> {
        if !self.started {
            self.started = true;
            for i in 0..self.sources.len() {
                if let Err(e) = self.advance(i) {
                    return Some(Err(e));
                }
            }
        }
        // A few dozen runs at most for a portfolio of 100,000: a scan is as quick as a heap.
        let least = self
            .heads
            .iter()
            .enumerate()
            .filter_map(|(i, h)| h.as_ref().map(|h| (h.sort_key(), i)))
            .min()
            .map(|(_, i)| i)?;
        let head = self.heads[least].take();
        if let Err(e) = self.advance(least) {
            return Some(Err(e));
        }
        head.map(Ok)
    }
}

/// A run being read back, a block at a time.
struct Run<'a> {
    spill: &'a Spill,
    piece: Piece,
    /// Where the next block starts in the run.
    at: u64,
    buf: Vec<u8>,
    pos: usize,
}

impl Run<'_> {
    fn take(&mut self, n: usize) -> std::io::Result<&[u8]> {
        if self.buf.len() - self.pos < n {
            self.buf.drain(..self.pos);
            self.pos = 0;
            let want = (n - self.buf.len()).max(BLOCK) as u64;
            let get = usize::try_from(want.min(self.piece.len - self.at))
                .map_err(std::io::Error::other)?;
            if self.buf.len() + get < n {
                return Err(cut_short());
            }
            let from = self.buf.len();
            self.buf.resize(from + get, 0);
            self.spill
                .read_at(self.piece, self.at, &mut self.buf[from..])?;
            self.at += get as u64;
        }
        let out = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    fn next(&mut self, rules: &[&'static RuleMeta]) -> std::io::Result<Option<Stored>> {
        if self.pos == self.buf.len() && self.at == self.piece.len {
            return Ok(None);
        }
        let len = self.take(4)?;
        let len = u32::from_le_bytes([len[0], len[1], len[2], len[3]]) as usize;
        let bytes = self.take(len)?;
        decode(bytes, rules).map(Some)
    }
}

fn cut_short() -> std::io::Error {
    std::io::Error::other("a run of the spill file is cut short")
}

fn severity_byte(s: Option<Severity>) -> u8 {
    match s {
        None => 0,
        Some(Severity::Info) => 1,
        Some(Severity::Warning) => 2,
        Some(Severity::Error) => 3,
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&u32::try_from(s.len()).unwrap_or(u32::MAX).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// Writes a plain account (see [`Stored::is_plain`]), its worst rule by its place in the
/// shelf's table.
fn encode(s: &Stored, worst: Option<usize>, out: &mut Vec<u8>) {
    put_str(out, &s.key);
    for n in [s.name_len, s.files, s.unknown_roles] {
        out.extend_from_slice(&n.to_le_bytes());
    }
    out.push(u8::from(s.account) | (u8::from(s.audited) << 1));
    out.extend_from_slice(&s.formats.to_le_bytes());
    let t = &s.tally;
    for n in [t.errors, t.warnings, t.infos, t.waived, t.new] {
        out.extend_from_slice(&(n as u64).to_le_bytes());
    }
    out.push(severity_byte(t.counting_max));
    out.extend_from_slice(&worst.map_or(0, |w| w as u64 + 1).to_le_bytes());
    let (record, savings) = s.plain_parts();
    out.extend_from_slice(&record.lane.to_le_bytes());
    out.extend_from_slice(&record.offset.to_le_bytes());
    out.extend_from_slice(&record.len.to_le_bytes());
    match savings {
        Some(m) => {
            out.push(1);
            out.extend_from_slice(&m.cents.to_le_bytes());
            put_str(out, &m.currency);
        }
        None => out.push(0),
    }
}

/// Reads what [`encode`] wrote.
fn decode(bytes: &[u8], rules: &[&'static RuleMeta]) -> std::io::Result<Stored> {
    let mut r = Reader(bytes);
    let key: Box<str> = r.str()?.into();
    let (name_len, files, unknown_roles) = (r.u32()?, r.u32()?, r.u32()?);
    let flags = r.u8()?;
    let formats = u16::from_le_bytes([r.u8()?, r.u8()?]);
    let mut tally = crate::report::Tally::default();
    for n in [
        &mut tally.errors,
        &mut tally.warnings,
        &mut tally.infos,
        &mut tally.waived,
        &mut tally.new,
    ] {
        *n = usize::try_from(r.u64()?).map_err(std::io::Error::other)?;
    }
    tally.counting_max = match r.u8()? {
        1 => Some(Severity::Info),
        2 => Some(Severity::Warning),
        3 => Some(Severity::Error),
        _ => None,
    };
    tally.worst = match r.u64()? {
        0 => None,
        n => Some(
            *usize::try_from(n - 1)
                .ok()
                .and_then(|i| rules.get(i))
                .ok_or_else(|| std::io::Error::other("a stored account names an unknown rule"))?,
        ),
    };
    let record = Piece {
        lane: u16::from_le_bytes([r.u8()?, r.u8()?]),
        offset: r.u64()?,
        len: r.u64()?,
    };
    let savings = if r.u8()? == 1 {
        let cents = r.u64()?;
        Some(crate::report::Money {
            cents,
            currency: r.str()?.to_owned(),
        })
    } else {
        None
    };
    Ok(Stored::plain(
        key,
        [name_len, files, unknown_roles],
        flags & 1 != 0,
        flags & 2 != 0,
        formats,
        tally,
        record,
        savings,
    ))
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn bytes(&mut self, n: usize) -> std::io::Result<&'a [u8]> {
        if self.0.len() < n {
            return Err(cut_short());
        }
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        Ok(head)
    }

    fn u8(&mut self) -> std::io::Result<u8> {
        Ok(self.bytes(1)?[0])
    }

    fn u32(&mut self) -> std::io::Result<u32> {
        let b = self.bytes(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self) -> std::io::Result<u64> {
        let b = self.bytes(8)?;
        let mut w = [0; 8];
        w.copy_from_slice(b);
        Ok(u64::from_le_bytes(w))
    }

    fn str(&mut self) -> std::io::Result<&'a str> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.bytes(n)?).map_err(std::io::Error::other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Money, Tally};

    fn stored(name: &str, path: &str, errors: usize) -> Stored {
        let tally = Tally {
            errors,
            counting_max: (errors > 0).then_some(Severity::Error),
            ..Tally::default()
        };
        Stored::plain(
            format!("{name}{path}").into(),
            [u32::try_from(name.len()).unwrap(), 1, 0],
            true,
            true,
            0,
            tally,
            Piece {
                lane: 1,
                offset: 7,
                len: 9,
            },
            (errors == 2).then(|| Money {
                cents: 150,
                currency: "EUR".into(),
            }),
        )
    }

    #[test]
    fn runs_on_disk_merge_in_output_order_and_keep_every_count() {
        let spill = Arc::new(Spill::new().unwrap());
        let mut shelf = Shelf::with_runs_of(Some(spill), 3);
        // Longer than a block: read back across refills.
        let long = "z".repeat(BLOCK * 2 + 5);
        let names = ["m", "b", "y", "a", &long, "c", "b", "k"];
        for (i, n) in names.iter().enumerate() {
            shelf.push(stored(n, &format!("p{i}"), i % 3));
        }
        shelf.finish();
        assert_eq!(shelf.len(), 8);
        assert_eq!(
            shelf.runs.len(),
            2,
            "two runs of three written, two left in memory"
        );
        let got: Vec<(String, String, usize, bool)> = shelf
            .iter()
            .map(|s| {
                let s = s.unwrap();
                let (n, p) = s.sort_key();
                (
                    n.to_owned(),
                    p.to_owned(),
                    s.tally.errors,
                    s.savings().is_some(),
                )
            })
            .collect();
        let mut want: Vec<(String, String, usize, bool)> = names
            .iter()
            .enumerate()
            .map(|(i, n)| ((*n).to_owned(), format!("p{i}"), i % 3, i % 3 == 2))
            .collect();
        want.sort();
        assert_eq!(got, want);
        let t = shelf.totals();
        assert_eq!((t.accounts, t.errors, t.clean), (8, 7, 3));
        assert_eq!(t.savings.as_ref().unwrap()["EUR"], 300);
    }
}
