//! The common diagnostic drawn directly, byte for byte as miette's graphical handler draws it:
//! one label on one line of plain text, no colour. Texts that need wrapping are wrapped with
//! the same textwrap call miette makes. miette's
//! general path (themes, wrapping, gutters for spans over several lines) was most of the human
//! output's time; rollcall's findings are nearly all this simple case. Anything else returns
//! `None` and is left to miette (see the differential test in `human.rs`).

use std::fmt::Write as _;

use miette::{SourceCode, SourceSpan};

/// What the drawing needs of one diagnostic.
pub(super) struct Plain<'a> {
    pub code: &'a str,
    pub icon: &'a str,
    pub message: &'a str,
    pub help: Option<&'a str>,
    pub name: &'a str,
    pub source: &'a dyn SourceCode,
    pub span: SourceSpan,
    pub label: &'a str,
    /// Whether the message and help must be wrapped (else each is one line that fits).
    pub wrap: bool,
    /// The width miette wraps to.
    pub width: usize,
}

/// A text as miette's `render_causes` and `render_footer` lay it out.
fn laid_out(text: &str, first: &str, rest: &str, d: &Plain<'_>) -> String {
    if d.wrap {
        let opts = textwrap::Options::new(d.width.saturating_sub(2))
            .initial_indent(first)
            .subsequent_indent(rest)
            .break_words(true);
        // Where the Unicode line-breaking rules break only at spaces, splitting at spaces is
        // the same and skips their cost (most of what wrapping costs).
        let opts = if breaks_only_at_spaces(text) {
            opts.word_separator(textwrap::WordSeparator::AsciiSpace)
        } else {
            opts
        };
        textwrap::fill(text, opts)
    } else {
        format!("{first}{text}")
    }
}

/// Whether a text is ASCII letters, digits, spaces and punctuation around which UAX #14 (the
/// rules miette's wrapping follows) gives no break opportunity inside a word: `.`, `,`, `:`,
/// `;` (infix separators, not after a space), quotes, characters of the alphabetic class, a
/// hyphen between digits (a date), an opening parenthesis at a word's start and a closing one
/// at its end. Other hyphens, slashes, `?`, `!`, brackets and braces, around which a break may
/// come, are not among them (a test compares both ways of wrapping on random texts).
pub(super) fn breaks_only_at_spaces(text: &str) -> bool {
    let b = text.as_bytes();
    let separator = |c: u8| matches!(c, b'.' | b',' | b':' | b';');
    b.iter().enumerate().all(|(i, &c)| {
        let prev = i.checked_sub(1).map(|j| b[j]);
        let next = b.get(i + 1).copied();
        match c {
            _ if c.is_ascii_alphanumeric() => true,
            // No break comes before an infix separator even after a space (LB13).
            b' ' => !next.is_some_and(separator),
            b'.' | b',' | b':' | b';' | b'`' | b'\'' | b'"' | b'@' | b'_' | b'=' | b'<' | b'>'
            | b'#' | b'*' | b'&' => true,
            // Between digits a hyphen breaks on neither side (LB21, LB25).
            b'-' => {
                prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit())
            }
            b'(' => {
                prev.is_none_or(|p| p == b' ') && next.is_some_and(|n| n.is_ascii_alphanumeric())
            }
            b')' => {
                prev.is_some_and(|p| p.is_ascii_alphanumeric())
                    && next.is_none_or(|n| n == b' ' || separator(n))
            }
            _ => false,
        }
    })
}

/// Help texts wrapped, by text and width: a rule's help is mostly the same text finding after
/// finding, and its Unicode line breaking is most of what wrapping costs. Per thread, and
/// emptied when full.
const WRAPPED_HELPS: usize = 512;

thread_local! {
    static HELPS: std::cell::RefCell<std::collections::HashMap<(String, usize), String>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// A help text laid out as [`laid_out`] does, once per text and width in each thread.
fn help_laid_out(text: &str, d: &Plain<'_>) -> String {
    let (first, rest) = ("  help: ", "        ");
    if !d.wrap {
        return laid_out(text, first, rest, d);
    }
    HELPS.with(|helps| {
        let key = (text.to_owned(), d.width);
        if let Some(hit) = helps.borrow().get(&key) {
            return hit.clone();
        }
        let wrapped = laid_out(text, first, rest, d);
        let mut helps = helps.borrow_mut();
        if helps.len() >= WRAPPED_HELPS {
            helps.clear();
        }
        helps.insert(key, wrapped.clone());
        wrapped
    })
}

/// Whether a text is drawn as it is, one column a byte: printable ASCII only (no tab, no
/// control character, no escape).
fn plain(text: &str) -> bool {
    text.bytes().all(|b| (0x20..0x7F).contains(&b))
}

/// One line of the excerpt, as miette splits its context.
struct Line {
    number: usize,
    offset: usize,
    /// Bytes of the line with its break.
    length: usize,
    text: String,
}

/// The lines of the excerpt around `span`, split exactly as miette's `get_lines` does.
fn lines(source: &dyn SourceCode, span: &SourceSpan) -> Option<Vec<Line>> {
    let data = source.read_span(span, 1, 1).ok()?;
    let context = std::str::from_utf8(data.data()).ok()?;
    let mut line = data.line();
    let mut column = data.column();
    let mut offset = data.span().offset();
    let mut line_offset = offset;
    let mut text = String::new();
    let mut out = Vec::with_capacity(3);
    let mut iter = context.chars().peekable();
    while let Some(c) = iter.next() {
        offset += c.len_utf8();
        let mut at_end_of_file = false;
        match c {
            '\r' => {
                if iter.next_if_eq(&'\n').is_some() {
                    offset += 1;
                    line += 1;
                    column = 0;
                } else {
                    text.push(c);
                    column += 1;
                }
                at_end_of_file = iter.peek().is_none();
            }
            '\n' => {
                at_end_of_file = iter.peek().is_none();
                line += 1;
                column = 0;
            }
            _ => {
                text.push(c);
                column += 1;
            }
        }
        if iter.peek().is_none() && !at_end_of_file {
            line += 1;
        }
        if column == 0 || iter.peek().is_none() {
            out.push(Line {
                number: line,
                offset: line_offset,
                length: offset - line_offset,
                text: std::mem::take(&mut text),
            });
            line_offset = offset;
        }
    }
    Some(out)
}

/// Draws the diagnostic, or `None` where it is not the simple case.
pub(super) fn draw(d: &Plain<'_>) -> Option<String> {
    // Texts that fit are one plain line each (the caller checked); wrapped ones are textwrap's.
    if d.message.is_empty()
        || d.label.is_empty()
        || !plain(d.label)
        || d.help.is_some_and(str::is_empty)
        || d.span.is_empty()
    {
        return None;
    }
    let lines = lines(d.source, &d.span)?;
    let start = d.span.offset();
    let end = start + d.span.len();
    // The span lies within the text of one line (not over its break), and every line of the
    // excerpt is plain: columns are bytes.
    let mut at = None;
    for (i, l) in lines.iter().enumerate() {
        if !plain(&l.text) {
            return None;
        }
        let applies = (start >= l.offset && start < l.offset + l.length)
            || (end > l.offset && end <= l.offset + l.length);
        if applies {
            if at.is_some() || start < l.offset || end > l.offset + l.text.len() {
                return None;
            }
            at = Some(i);
        }
    }
    let at = at?;
    let primary = d.source.read_span(&d.span, 0, 0).ok()?;
    let width = lines.last().map_or(0, |l| l.number).to_string().len();
    let pad = " ".repeat(width + 2);
    let mut out = String::with_capacity(256 + lines.iter().map(|l| l.text.len()).sum::<usize>());
    let _ = write!(out, "{}\n\n", d.code);
    out.push_str(&laid_out(d.message, &format!("  {} ", d.icon), "  │ ", d));
    out.push('\n');
    let _ = writeln!(
        out,
        "{pad}╭─[{}:{}:{}]",
        d.name,
        primary.line() + 1,
        primary.column() + 1
    );
    for (i, l) in lines.iter().enumerate() {
        let _ = writeln!(out, " {:>width$} │ {}", l.number, l.text);
        if i == at {
            let from = start - l.offset;
            let to = (end - l.offset).max(from + 1);
            let bar = usize::midpoint(from, to);
            let _ = writeln!(
                out,
                " {:width$} · {}{}┬{}",
                "",
                " ".repeat(from),
                "─".repeat(bar - from),
                "─".repeat(to - bar - 1)
            );
            let _ = writeln!(out, " {:width$} · {}╰── {}", "", " ".repeat(bar), d.label);
        }
    }
    let _ = writeln!(out, "{pad}╰────");
    if let Some(h) = d.help {
        out.push_str(&help_laid_out(h, d));
        out.push('\n');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::breaks_only_at_spaces;

    /// Splitting at spaces wraps as the Unicode rules do on every text the fast path takes:
    /// random texts of its characters (runs of each, at the edges of words), at many widths.
    #[test]
    fn spaces_wrap_as_the_unicode_rules_do_where_they_are_taken() {
        let alphabet: Vec<char> = "aZ09 .,:;`'\"@_=<>#*&-()".chars().collect();
        let words = [
            "2026-11-01",
            "(184",
            "days)",
            "before",
            "`user7602@big.example`,",
            "contract",
            "110000000038",
            "(a",
            "b),",
            "x.",
            "y;",
            "12-3",
            "a-1",
            "(1-2)",
            "z)",
            "(",
            "`a`",
            "\"q\"",
            "'s",
            "1",
            "RC303",
            "a:b",
            "seat",
        ];
        let mut seed = 0x2545_f491_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            usize::try_from(seed % n as u64).unwrap()
        };
        let mut compared = 0;
        for round in 0..60_000 {
            let text: String = if round % 2 == 0 {
                let len = 1 + next(90);
                (0..len).map(|_| alphabet[next(alphabet.len())]).collect()
            } else {
                let n = 1 + next(16);
                (0..n)
                    .map(|_| words[next(words.len())])
                    .collect::<Vec<_>>()
                    .join(if next(4) == 0 { "  " } else { " " })
            };
            if !breaks_only_at_spaces(&text) {
                continue;
            }
            compared += 1;
            for width in [8, 13, 21, 40, 78] {
                let opts = || {
                    textwrap::Options::new(width)
                        .initial_indent("  x ")
                        .subsequent_indent("  | ")
                        .break_words(true)
                };
                let unicode = textwrap::fill(&text, opts());
                let spaces = textwrap::fill(
                    &text,
                    opts().word_separator(textwrap::WordSeparator::AsciiSpace),
                );
                assert_eq!(spaces, unicode, "{text:?} at {width}");
            }
        }
        assert!(compared > 5_000, "{compared} texts compared");
        for text in [
            "a-b", "a/b", "a?b", "a!b", "a{b}c", "a)(b", "a ;b", "é", "a\tb",
        ] {
            assert!(!breaks_only_at_spaces(text), "{text}");
        }
    }
}
