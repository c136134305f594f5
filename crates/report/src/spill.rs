//! The rendered parts of finished accounts, kept in temporary files (a record per account)
//! until the report is written: a portfolio's report is written front to back in account
//! order, which is known only once every account is done, so each part waits on disk, not in
//! memory. Memory then follows the accounts in flight and a small index, not the portfolio.
//!
//! Each thread that writes has a lane of its own: a file and a buffer of a quarter megabyte,
//! written in whole blocks. So workers do not wait on one another's writes, each write is one
//! call for many accounts, and no write starts or ends mid-page (a file system such as ext4
//! clears the rest of a new page before a write that covers only part of it). A record is read
//! back with one positioned read, from the file or from the lane's buffer.
//!
//! A block that cannot be written (a full disk) stays in the buffer, where it is still read,
//! and the lane takes no more records: their callers keep their accounts in memory. Nothing
//! is lost.

use std::cell::Cell;
use std::fs::File;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// What a lane writes at a time.
const BLOCK: usize = 256 << 10;

/// Where a record stands: its lane, its offset in the lane, its length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    pub(crate) lane: u16,
    pub(crate) offset: u64,
    pub(crate) len: u64,
}

/// The temporary files (removed by the system when closed) of parts, a lane per thread.
#[derive(Debug)]
pub struct Spill {
    lanes: Vec<OnceLock<Mutex<Lane>>>,
}

#[derive(Debug)]
struct Lane {
    /// None until the first block is written.
    file: Option<File>,
    /// The bytes in the file.
    written: u64,
    /// The bytes after them.
    buf: Vec<u8>,
    /// A write failed: the lane takes no more records.
    failed: bool,
}

/// The threads' lane numbers, given out in turn.
static NEXT_LANE: AtomicUsize = AtomicUsize::new(0);
thread_local! {
    static THREAD_LANE: Cell<Option<usize>> = const { Cell::new(None) };
}

fn poisoned() -> io::Error {
    io::Error::other("the spill file's lock was poisoned")
}

fn cut_short() -> io::Error {
    io::Error::other("a record of the spill file is cut short")
}

impl Spill {
    /// A spill with a lane per available thread (at most 64); no file is made until a block
    /// is written.
    pub fn new() -> io::Result<Self> {
        let n = std::thread::available_parallelism().map_or(1, usize::from);
        Ok(Self::with_lanes(n))
    }

    /// A spill of `n` lanes (at least one, at most 64).
    pub fn with_lanes(n: usize) -> Self {
        Self {
            lanes: (0..n.clamp(1, 64)).map(|_| OnceLock::new()).collect(),
        }
    }

    fn lane(&self, i: usize) -> Option<&Mutex<Lane>> {
        self.lanes.get(i).and_then(OnceLock::get)
    }

    /// The calling thread's lane.
    fn own_lane(&self) -> (u16, &Mutex<Lane>) {
        let n = THREAD_LANE.with(|c| {
            c.get().unwrap_or_else(|| {
                let n = NEXT_LANE.fetch_add(1, Ordering::Relaxed);
                c.set(Some(n));
                n
            })
        }) % self.lanes.len();
        let lane = self.lanes[n].get_or_init(|| {
            Mutex::new(Lane {
                file: None,
                written: 0,
                buf: Vec::new(),
                failed: false,
            })
        });
        (u16::try_from(n).unwrap_or(0), lane)
    }

    /// Appends texts as one record: their count and lengths, then the texts.
    pub fn put_record(&self, texts: &[&str]) -> io::Result<Piece> {
        let count = u32::try_from(texts.len()).map_err(io::Error::other)?;
        let lens = texts
            .iter()
            .map(|t| u32::try_from(t.len()).map_err(io::Error::other))
            .collect::<io::Result<Vec<u32>>>()?;
        let size = 4 + 4 * texts.len() + texts.iter().map(|t| t.len()).sum::<usize>();
        self.put_with(size, |buf| {
            buf.extend_from_slice(&count.to_le_bytes());
            for len in &lens {
                buf.extend_from_slice(&len.to_le_bytes());
            }
            for t in texts {
                buf.extend_from_slice(t.as_bytes());
            }
        })
    }

    /// Appends bytes as they are (a run of the [`Shelf`](crate::shelf::Shelf)).
    pub fn put_bytes(&self, bytes: &[u8]) -> io::Result<Piece> {
        self.put_with(bytes.len(), |buf| buf.extend_from_slice(bytes))
    }

    fn put_with(&self, size: usize, fill: impl FnOnce(&mut Vec<u8>)) -> io::Result<Piece> {
        let (n, lane) = self.own_lane();
        let mut lane = lane.lock().map_err(|_| poisoned())?;
        if lane.failed {
            return Err(io::Error::other("the spill file could not be written"));
        }
        let at = lane.buf.len();
        let offset = lane.written + at as u64;
        lane.buf.reserve(size);
        fill(&mut lane.buf);
        let piece = Piece {
            lane: n,
            offset,
            len: (lane.buf.len() - at) as u64,
        };
        if lane.buf.len() >= BLOCK {
            // The record is in the buffer whatever happens to the write.
            lane.write_blocks();
        }
        Ok(piece)
    }

    /// Fills `buf` from byte `from` of `piece`.
    pub fn read_at(&self, piece: Piece, from: u64, buf: &mut [u8]) -> io::Result<()> {
        if from + buf.len() as u64 > piece.len {
            return Err(cut_short());
        }
        let lane = self
            .lane(usize::from(piece.lane))
            .ok_or_else(|| io::Error::other("a record names a lane never written"))?;
        let lane = lane.lock().map_err(|_| poisoned())?;
        lane.read(piece.offset + from, buf)
    }

    /// The `index`th text of a record, as it was put.
    pub fn get_from_record(&self, record: Piece, index: usize) -> io::Result<String> {
        // Read into a buffer of the text's size, which becomes the string (no second copy:
        // SARIF reads a few hundred parts at once).
        let mut buf = Vec::new();
        let len = self.text_into(record, index, &mut buf)?.len();
        buf.truncate(len);
        String::from_utf8(buf).map_err(io::Error::other)
    }

    /// The `index`th text of a record, read into `buf` and borrowed from it: a buffer used
    /// again and again is not allocated (nor its pages faulted in) once per text. `buf` grows
    /// to the longest text read and is never shrunk.
    pub fn text_into<'b>(
        &self,
        record: Piece,
        index: usize,
        buf: &'b mut Vec<u8>,
    ) -> io::Result<&'b str> {
        // The count and lengths first (with whatever follows them within a small read).
        let mut head = [0u8; 256];
        let got = usize::try_from(record.len.min(head.len() as u64)).map_err(io::Error::other)?;
        self.read_at(record, 0, &mut head[..got])?;
        let word = |h: &[u8], at: usize| -> io::Result<usize> {
            let b = h.get(at..at + 4).ok_or_else(cut_short)?;
            Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
        };
        let count = word(&head[..got], 0)?;
        if index >= count {
            return Err(io::Error::other("no such text in the record"));
        }
        let header = 4 + 4 * count;
        let lens_read;
        let lens: &[u8] = if header <= got {
            &head[4..header]
        } else {
            let mut all = vec![0; header - 4];
            self.read_at(record, 4, &mut all)?;
            lens_read = all;
            &lens_read
        };
        let mut at = header;
        for i in 0..index {
            at += word(lens, 4 * i)?;
        }
        let len = word(lens, 4 * index)?;
        if (at + len) as u64 > record.len {
            return Err(cut_short());
        }
        if buf.len() < len {
            buf.resize(len, 0);
        }
        if at + len <= got {
            buf[..len].copy_from_slice(&head[at..at + len]);
        } else {
            self.read_at(record, at as u64, &mut buf[..len])?;
        }
        std::str::from_utf8(&buf[..len]).map_err(io::Error::other)
    }
}

impl Lane {
    /// Writes the buffer's whole blocks; what cannot be written stays in the buffer.
    fn write_blocks(&mut self) {
        let whole = self.buf.len() / BLOCK * BLOCK;
        let result = match &self.file {
            Some(f) => Ok(f),
            None => tempfile::tempfile().map(|f| &*self.file.insert(f)),
        }
        .and_then(|f| write_all_at(f, &self.buf[..whole], self.written));
        match result {
            Ok(()) => {
                self.buf.drain(..whole);
                self.written += whole as u64;
                // A record of a large account grew the buffer: what it holds now is under a
                // block, and the lane keeps no more than two.
                self.buf.shrink_to(2 * BLOCK);
            }
            Err(_) => self.failed = true,
        }
    }

    fn read(&self, offset: u64, out: &mut [u8]) -> io::Result<()> {
        let end = offset + out.len() as u64;
        // From the file, what is before `written`; from the buffer, the rest.
        let in_file = usize::try_from(self.written.saturating_sub(offset).min(out.len() as u64))
            .map_err(io::Error::other)?;
        if in_file > 0 {
            let file = self.file.as_ref().ok_or_else(cut_short)?;
            read_exact_at(file, &mut out[..in_file], offset)?;
        }
        if in_file < out.len() {
            let from = usize::try_from(offset + in_file as u64 - self.written)
                .map_err(io::Error::other)?;
            let to = usize::try_from(end - self.written).map_err(io::Error::other)?;
            out[in_file..].copy_from_slice(self.buf.get(from..to).ok_or_else(cut_short)?);
        }
        Ok(())
    }
}

#[cfg(unix)]
fn read_exact_at(f: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(f, buf, offset)
}

#[cfg(unix)]
fn write_all_at(f: &File, buf: &[u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(f, buf, offset)
}

// Elsewhere, through the cursor: a lane's file is only used with its lane's lock held.
#[cfg(not(unix))]
fn read_exact_at(mut f: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    f.seek(SeekFrom::Start(offset))?;
    f.read_exact(buf)
}

#[cfg(not(unix))]
fn write_all_at(mut f: &File, buf: &[u8], offset: u64) -> io::Result<()> {
    use std::io::{Seek, SeekFrom, Write};
    f.seek(SeekFrom::Start(offset))?;
    f.write_all(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_give_back_each_text() {
        let s = Spill::new().unwrap();
        let before = s.put_record(&["x"]).unwrap();
        let r = s.put_record(&["files\nlist", "", "drei – ü"]).unwrap();
        let e = s.put_record(&[]).unwrap();
        assert_eq!(s.get_from_record(r, 2).unwrap(), "drei – ü");
        assert_eq!(s.get_from_record(r, 0).unwrap(), "files\nlist");
        assert_eq!(s.get_from_record(r, 1).unwrap(), "");
        assert!(s.get_from_record(r, 3).is_err());
        assert!(s.get_from_record(e, 0).is_err());
        assert_eq!(s.get_from_record(before, 0).unwrap(), "x");
        // A text past the first read, and many texts: a header longer than that read.
        let long = "l".repeat(1000);
        let many: Vec<String> = (0..100).map(|i| format!("t{i}")).collect();
        let mut texts: Vec<&str> = many.iter().map(String::as_str).collect();
        texts.push(&long);
        let m = s.put_record(&texts).unwrap();
        let mut buf = vec![b'?'; 5000];
        assert_eq!(s.text_into(m, 100, &mut buf).unwrap(), long);
        assert_eq!(s.text_into(m, 7, &mut buf).unwrap(), "t7");
        assert_eq!(s.text_into(r, 2, &mut buf).unwrap(), "drei – ü");
        assert_eq!(buf.len(), 5000, "the buffer is used again, not shrunk");
    }

    /// Records in the file, in the buffer, and across the two, from several threads at once.
    #[test]
    fn records_are_read_back_wherever_they_wait() {
        let s = Spill::with_lanes(3);
        let text = |t: usize, i: usize| format!("{t}:{i}:{}", "é".repeat((i * 7919 + t) % 40_000));
        let pieces: Vec<Vec<Piece>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..4)
                .map(|t| {
                    let s = &s;
                    scope.spawn(move || {
                        (0..300)
                            .map(|i| s.put_record(&["name", &text(t, i)]).unwrap())
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let written: u64 = s
            .lanes
            .iter()
            .filter_map(OnceLock::get)
            .map(|l| l.lock().unwrap().written)
            .sum();
        assert!(written > 0, "some blocks reached the files");
        let big = "B".repeat(5 * BLOCK);
        let p = s.put_record(&[&big]).unwrap();
        assert_eq!(s.get_from_record(p, 0).unwrap(), big);
        for lane in s.lanes.iter().filter_map(OnceLock::get) {
            assert!(
                lane.lock().unwrap().buf.capacity() <= 2 * BLOCK,
                "a large record leaves no large buffer behind"
            );
        }
        for (t, ps) in pieces.iter().enumerate() {
            for (i, p) in ps.iter().enumerate() {
                assert_eq!(s.get_from_record(*p, 1).unwrap(), text(t, i));
                assert_eq!(s.get_from_record(*p, 0).unwrap(), "name");
            }
        }
        let p = pieces[0][5];
        let mut four = [0u8; 4];
        s.read_at(p, p.len - 4, &mut four).unwrap();
        assert!(
            s.read_at(p, p.len - 3, &mut four).is_err(),
            "past the record"
        );
    }

    /// A lane whose block cannot be written keeps it in memory, still read, and takes no more.
    #[test]
    fn a_block_that_cannot_be_written_stays_readable() {
        let s = Spill::with_lanes(1);
        let (_, lane) = s.own_lane();
        // A file opened read-only: every write fails.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ro");
        std::fs::write(&path, "").unwrap();
        lane.lock().unwrap().file = Some(File::open(&path).unwrap());
        let big = "b".repeat(BLOCK + 10);
        let small = s.put_record(&["first"]).unwrap();
        let p = s.put_record(&[&big]).unwrap();
        assert!(lane.lock().unwrap().failed);
        assert!(s.put_record(&["later"]).is_err(), "the caller keeps it");
        assert_eq!(s.get_from_record(p, 0).unwrap(), big);
        assert_eq!(s.get_from_record(small, 0).unwrap(), "first");
    }
}
