//! Source texts as renderers quote them: a printable copy of each file of an account, found
//! by its displayed path, and the byte range of a (line, column) position in it.

use std::sync::Arc;

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
}
