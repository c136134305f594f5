//! The rendered parts of finished accounts, kept in a temporary file until the report is
//! written: a portfolio's report is written front to back in account order, which is known
//! only once every account is done, so each part waits on disk, not in memory. Memory then
//! follows the accounts in flight and a small index, not the portfolio.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::sync::Mutex;

/// Where a part stands in the spill file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    offset: u64,
    len: u64,
}

impl Piece {
    pub fn is_empty(self) -> bool {
        self.len == 0
    }
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

    /// Appends a part.
    pub fn put(&self, text: &str) -> io::Result<Piece> {
        let mut f = self
            .file
            .lock()
            .map_err(|_| io::Error::other("the spill file's lock was poisoned"))?;
        let offset = f.seek(SeekFrom::End(0))?;
        f.write_all(text.as_bytes())?;
        Ok(Piece {
            offset,
            len: text.len() as u64,
        })
    }

    /// A part's text, as it was put.
    pub fn get(&self, piece: Piece) -> io::Result<String> {
        let mut f = self
            .file
            .lock()
            .map_err(|_| io::Error::other("the spill file's lock was poisoned"))?;
        f.seek(SeekFrom::Start(piece.offset))?;
        let mut buf = vec![0; usize::try_from(piece.len).map_err(io::Error::other)?];
        f.read_exact(&mut buf)?;
        String::from_utf8(buf).map_err(io::Error::other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_read_back_as_they_were_put_in_any_order() {
        let s = Spill::new().unwrap();
        let a = s.put("first part\n").unwrap();
        let b = s.put("").unwrap();
        let c = s.put("drei – ünïcödé\n").unwrap();
        assert!(b.is_empty());
        assert_eq!(s.get(c).unwrap(), "drei – ünïcödé\n");
        assert_eq!(s.get(a).unwrap(), "first part\n");
        assert_eq!(s.get(b).unwrap(), "");
    }
}
