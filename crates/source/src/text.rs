//! Source texts as renderers quote them: a printable copy of each file of an account, found
//! by its displayed path, and the byte range of a (line, column) position in it.

use std::sync::Arc;

/// Whether `text` holds a control character (C0, DEL and C1, as `char::is_control` has them)
/// other than the bytes in `kept` (line breaks, tabs). Read as bytes, so that a large text's
/// every character is not decoded: in UTF-8 a C0 character or DEL is its own byte, and a C1
/// character is `0xC2` followed by `0x80` to `0x9F`.
pub fn has_control(text: &str, kept: &[u8]) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| match b {
        0..0x20 | 0x7F => !kept.contains(&b),
        0xC2 => bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)),
        _ => false,
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

/// One file's text for showing, with the byte offset of each line's start computed once: a
/// renderer then finds a (line, column) in time proportional to that line, not to the file.
#[derive(Clone, Debug)]
pub struct SourceText {
    text: Arc<str>,
    /// Where each line starts (after a `\n`); the first line starts at 0.
    line_starts: Arc<[usize]>,
    /// Whether a `\r` not followed by `\n` occurs (a line break to some readers, not to ours).
    lone_cr: bool,
}

impl SourceText {
    pub fn new(text: Arc<str>) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        let mut lone_cr = false;
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'\n' => line_starts.push(i + 1),
                b'\r' => lone_cr |= bytes.get(i + 1) != Some(&b'\n'),
                _ => {}
            }
        }
        Self {
            text,
            line_starts: line_starts.into(),
            lone_cr,
        }
    }

    pub fn text(&self) -> &Arc<str> {
        &self.text
    }

    /// The line starts, shared (cheap to clone).
    pub fn line_starts(&self) -> &Arc<[usize]> {
        &self.line_starts
    }

    /// Whether every line break is `\n` or `\r\n`, so that lines counted by `\n` are every
    /// reader's lines.
    pub fn plain_breaks(&self) -> bool {
        !self.lone_cr
    }

    /// The byte offset where a 1-based line starts, if the text has it.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        self.line_starts.get((line.max(1) - 1) as usize).copied()
    }

    /// The byte range of `len` characters from a 1-based line and column, clamped to the
    /// text: [`byte_span`], found through the index.
    pub fn byte_span(&self, line: u32, column: u32, len: u32) -> (usize, usize) {
        match self.line_start(line) {
            Some(start) => span_in_line(&self.text, start, column, len),
            None => (self.text.len(), 0),
        }
    }
}

/// The text of the files of one account, by displayed path.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    files: Vec<(String, SourceText)>,
}

impl Sources {
    pub fn insert(&mut self, display: &str, text: Arc<str>) {
        self.files.push((display.to_owned(), SourceText::new(text)));
    }

    pub fn get(&self, display: &str) -> Option<&SourceText> {
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
    span_in_line(text, start, column, len)
}

/// [`byte_span`] within the line that starts at byte `start`.
fn span_in_line(text: &str, start: usize, column: u32, len: u32) -> (usize, usize) {
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
    fn the_index_finds_the_same_spans() {
        let text = "a: 1\r\nnäme: Jöhn Doe\n\nlast";
        let src = SourceText::new(Arc::from(text));
        for line in 0..6 {
            for column in 0..14 {
                assert_eq!(
                    src.byte_span(line, column, 3),
                    byte_span(text, line, column, 3),
                    "{line}:{column}"
                );
            }
        }
        assert!(src.plain_breaks());
        assert!(!SourceText::new(Arc::from("a\rb\n")).plain_breaks());
    }

    #[test]
    fn spans_count_characters() {
        let text = "a: 1\nnäme: Jöhn Doe\n";
        let (off, len) = byte_span(text, 2, 7, 4);
        assert_eq!(&text[off..off + len], "Jöhn");
        assert_eq!(byte_span(text, 9, 1, 1), (text.len(), 0));
    }
}

#[cfg(test)]
mod control_tests {
    /// Each character below U+3000, between others: found exactly as `char::is_control` finds
    /// it, the kept bytes aside.
    #[test]
    fn control_characters_are_found_as_char_is_control_finds_them() {
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            let text = format!("ab{c}cd é");
            for kept in [&b"\n\r\t"[..], b"\n", b""] {
                let want = c.is_control() && !(c.is_ascii() && kept.contains(&(c as u8)));
                assert_eq!(super::has_control(&text, kept), want, "{c:?} {kept:?}");
            }
        }
    }
}
