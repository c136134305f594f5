//! Escaping of input values for each output language. Every value that came from an input
//! passes through one of these before it is written.

/// For HTML text and attribute values.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// For XML text and attribute values (XML 1.0 forbids most control characters outright).
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            c if c.is_control() && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// For Markdown text, including table cells: characters that would format, link, break a
/// table or open HTML are escaped.
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Adds `s` as a JSON string, quoted and escaped exactly as `serde_json` escapes it (`\"`,
/// `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, other control characters as `\u00xx`; nothing else),
/// looking at eight bytes at a time where none needs escaping.
pub fn json_into(out: &mut Vec<u8>, s: &str) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Whether any byte of the word is zero, or below 0x20 (exact for any byte, never missing one).
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let special = |w: u64| {
        (w.wrapping_sub(ONES * 0x20) & !w & HIGH)
            | zero(w ^ (ONES * u64::from(b'"')))
            | zero(w ^ (ONES * u64::from(b'\\')))
            != 0
    };
    let b = s.as_bytes();
    out.reserve(b.len() + 2);
    out.push(b'"');
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        if let Some(word) = b.get(i..i + 8) {
            let mut w = [0u8; 8];
            w.copy_from_slice(word);
            if !special(u64::from_le_bytes(w)) {
                i += 8;
                continue;
            }
        } else if let Some(word) = b.len().checked_sub(8).map(|at| &b[at..]) {
            // The last few bytes, in the word that ends the string (it overlaps bytes looked
            // at already, which are either plain or were escaped: then it is looked at byte
            // by byte, as without it).
            let mut w = [0u8; 8];
            w.copy_from_slice(word);
            if !special(u64::from_le_bytes(w)) {
                i = b.len();
                continue;
            }
        } else if !b[i..].iter().any(|&c| c < 0x20 || c == b'"' || c == b'\\') {
            // A short string with nothing to escape.
            i = b.len();
            continue;
        }
        let c = b[i];
        let escaped: &[u8] = match c {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0C => b"\\f",
            0..0x20 => b"",
            _ => {
                i += 1;
                continue;
            }
        };
        out.extend_from_slice(&b[start..i]);
        if escaped.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(c >> 4)]);
            out.push(HEX[usize::from(c & 0xF)]);
        } else {
            out.extend_from_slice(escaped);
        }
        i += 1;
        start = i;
    }
    out.extend_from_slice(&b[start..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_come_out_inert() {
        let evil = "<script>alert('x')</script>";
        assert_eq!(
            html(evil),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
        );
        assert_eq!(xml("a\"b<c"), "a&quot;b&lt;c");
        assert_eq!(markdown(evil), "&lt;script&gt;alert('x')&lt;/script&gt;");
        assert_eq!(markdown("a|b [x](y)"), "a\\|b \\[x\\](y)");
        assert_eq!(html("\u{1b}[2J"), "\u{FFFD}[2J");
    }

    /// Every string is escaped as `serde_json` escapes it: each byte value alone, between
    /// others at every position of a word, and random mixes of the special ones.
    #[test]
    fn json_strings_are_serde_jsons() {
        let check = |s: &str| {
            let mut got = Vec::new();
            super::json_into(&mut got, s);
            assert_eq!(
                String::from_utf8(got).unwrap(),
                serde_json::to_string(s).unwrap(),
                "{s:?}"
            );
        };
        for c in (0u32..0x100).filter_map(char::from_u32) {
            for at in 0..17 {
                let mut s = "abcdefghijklmnopq".to_owned();
                s.insert(at, c);
                check(&s);
            }
        }
        let alphabet = [
            'a', '"', '\\', '\n', '\u{1}', '\u{1f}', ' ', '\u{7f}', 'é', '日', '\t',
        ];
        let mut seed = 0x9e37_79b9_u64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = usize::try_from(seed % 40).unwrap();
            let s: String = (0..len)
                .map(|i| alphabet[usize::try_from((seed >> (i % 50)) % 11).unwrap()])
                .collect();
            check(&s);
        }
        check("");
    }
}
