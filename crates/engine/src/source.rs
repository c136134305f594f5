//! Reading input files as text, and finding byte offsets of (line, column) positions in them.

use std::path::Path;
use std::sync::Arc;

use crate::error::{io_reason, InputError};

/// Files larger than this are refused rather than read (256 MiB).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Reads a file as UTF-8 text (a byte order mark is dropped). Invalid UTF-8 is an error at the
/// line and column of the first bad byte.
pub fn read_text(path: &Path, display: &str, limit: u64) -> Result<String, InputError> {
    let bytes = read_bytes(path, display, limit)?;
    text_from_utf8(bytes, display)
}

/// Reads at most `limit` bytes: a larger file is an error, even one that grows while read.
pub fn read_bytes(path: &Path, display: &str, limit: u64) -> Result<Vec<u8>, InputError> {
    use std::io::Read;
    let io = |e: &std::io::Error| {
        InputError::file(
            display,
            "rollcall::io",
            format!("cannot read: {}", io_reason(e)),
        )
    };
    let too_big = |size: u64| {
        InputError::file(
            display,
            "rollcall::too-large",
            format!("the file is {size} bytes or more, over the limit of {limit}"),
        )
        .with_help("raise the limit with --max-file-size if the file is genuine")
    };
    let file = std::fs::File::open(path).map_err(|e| io(&e))?;
    let meta = file.metadata().map_err(|e| io(&e))?;
    if meta.is_dir() {
        return Err(InputError::file(
            display,
            "rollcall::io",
            "is a folder, not a file",
        ));
    }
    if meta.len() > limit {
        return Err(too_big(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| io(&e))?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

pub fn text_from_utf8(mut bytes: Vec<u8>, display: &str) -> Result<String, InputError> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
        InputError::new(
            display,
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(column).unwrap_or(u32::MAX),
            "rollcall::encoding",
            "the file is not valid UTF-8 text",
        )
        .with_help("save the file as UTF-8")
    })
}

/// A copy of a source for showing it: control characters (terminal escapes) other than line
/// breaks and tabs become U+FFFD. Each character stays one character, so lines and columns
/// still point at the same places.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && !matches!(c, '\n' | '\r' | '\t') {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// The text of the files of one account, by displayed path.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    files: Vec<(String, Arc<str>)>,
}

impl Sources {
    pub fn insert(&mut self, display: &str, text: Arc<str>) {
        self.files.push((display.to_owned(), text));
    }

    pub fn get(&self, display: &str) -> Option<&Arc<str>> {
        self.files
            .iter()
            .find(|(d, _)| d == display)
            .map(|(_, t)| t)
    }
}

/// The byte range of `len` characters from a 1-based line and column; clamped to the text.
pub fn byte_span(text: &str, line: u32, column: u32, len: u32) -> (usize, usize) {
    let mut start = 0usize;
    for _ in 1..line.max(1) {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return (text.len(), 0),
        }
    }
    let line_text = &text[start..];
    let line_end = line_text.find('\n').map_or(text.len(), |i| start + i);
    let mut chars = text[start..line_end].char_indices().map(|(i, _)| start + i);
    let from = chars
        .nth(column.saturating_sub(1) as usize)
        .unwrap_or(line_end);
    let mut to = from;
    for (n, (i, c)) in text[from..line_end].char_indices().enumerate() {
        if n as u32 >= len.max(1) {
            break;
        }
        to = from + i + c.len_utf8();
    }
    (from, to - from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_count_characters() {
        let text = "a: 1\nnäme: Jöhn Doe\n";
        let (off, len) = byte_span(text, 2, 7, 4);
        assert_eq!(&text[off..off + len], "Jöhn");
        assert_eq!(byte_span(text, 9, 1, 1), (text.len(), 0));
    }

    #[test]
    fn invalid_utf8_is_located() {
        let err = text_from_utf8(b"a: 1\nb: \xff\n".to_vec(), "f.yaml").unwrap_err();
        assert_eq!((err.line, err.column), (2, 4));
        assert_eq!(text_from_utf8(b"\xEF\xBB\xBFa".to_vec(), "f").unwrap(), "a");
    }
}
