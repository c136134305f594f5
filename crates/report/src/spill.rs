//! The rendered parts of finished accounts, kept in a temporary file (a record per account) until the report is
//! written: a portfolio's report is written front to back in account order, which is known
//! only once every account is done, so each part waits on disk, not in memory. Memory then
//! follows the accounts in flight and a small index, not the portfolio.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::sync::Mutex;

/// Where a part stands in the spill file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    pub(crate) offset: u64,
    pub(crate) len: u64,
}

/// A temporary file (removed by the system when closed) of parts, written by the workers.
#[derive(Debug)]
pub struct Spill {
    file: Mutex<File>,
}

impl Spill {
    pub fn new() -> io::Result<Self> {
        Ok(Self {
            file: Mutex::new(tempfile::tempfile()?),
        })
    }

    /// Appends texts as one record: their count and lengths, then the texts.
    pub fn put_record(&self, texts: &[&str]) -> io::Result<Piece> {
        let mut buf =
            Vec::with_capacity(4 + 4 * texts.len() + texts.iter().map(|t| t.len()).sum::<usize>());
        let count = u32::try_from(texts.len()).map_err(io::Error::other)?;
        buf.extend_from_slice(&count.to_le_bytes());
        for t in texts {
            let len = u32::try_from(t.len()).map_err(io::Error::other)?;
            buf.extend_from_slice(&len.to_le_bytes());
        }
        for t in texts {
            buf.extend_from_slice(t.as_bytes());
        }
        // The record is valid UTF-8 only in its texts: it is written as bytes.
        let mut f = self
            .file
            .lock()
            .map_err(|_| io::Error::other("the spill file's lock was poisoned"))?;
        let offset = f.seek(SeekFrom::End(0))?;
        f.write_all(&buf)?;
        Ok(Piece {
            offset,
            len: buf.len() as u64,
        })
    }

    /// Appends bytes as they are (a run of the [`Shelf`](crate::shelf::Shelf)).
    pub fn put_bytes(&self, bytes: &[u8]) -> io::Result<Piece> {
        let mut f = self
            .file
            .lock()
            .map_err(|_| io::Error::other("the spill file's lock was poisoned"))?;
        let offset = f.seek(SeekFrom::End(0))?;
        f.write_all(bytes)?;
        Ok(Piece {
            offset,
            len: bytes.len() as u64,
        })
    }

    /// Fills `buf` from `offset` of the file.
    pub fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        let mut f = self
            .file
            .lock()
            .map_err(|_| io::Error::other("the spill file's lock was poisoned"))?;
        f.seek(SeekFrom::Start(offset))?;
        f.read_exact(buf)
    }

    /// The `index`th text of a record, as it was put.
    pub fn get_from_record(&self, record: Piece, index: usize) -> io::Result<String> {
        let mut f = self
            .file
            .lock()
            .map_err(|_| io::Error::other("the spill file's lock was poisoned"))?;
        f.seek(SeekFrom::Start(record.offset))?;
        let mut word = [0u8; 4];
        f.read_exact(&mut word)?;
        let count = u32::from_le_bytes(word) as usize;
        if index >= count {
            return Err(io::Error::other("no such text in the record"));
        }
        let mut lens = vec![0u8; 4 * count];
        f.read_exact(&mut lens)?;
        let len = |i: usize| {
            u64::from(u32::from_le_bytes([
                lens[4 * i],
                lens[4 * i + 1],
                lens[4 * i + 2],
                lens[4 * i + 3],
            ]))
        };
        let before: u64 = (0..index).map(len).sum();
        let at = record.offset + 4 + 4 * count as u64 + before;
        if at + len(index) > record.offset + record.len {
            return Err(io::Error::other("a record of the spill file is cut short"));
        }
        f.seek(SeekFrom::Start(at))?;
        let mut buf = vec![0; usize::try_from(len(index)).map_err(io::Error::other)?];
        f.read_exact(&mut buf)?;
        String::from_utf8(buf).map_err(io::Error::other)
    }
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
    }
}
