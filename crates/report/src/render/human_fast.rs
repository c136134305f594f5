//! The common diagnostic drawn directly, byte for byte as miette's graphical handler draws it:
//! one label on one line of plain text, no colour. Texts that need wrapping are wrapped with
//! the same textwrap call miette makes. miette's
//! general path (themes, wrapping, gutters for spans over several lines) was most of the human
//! output's time; rollcall's findings are nearly all this simple case. Anything else returns
//! `None` and is left to miette (see the differential test in `human.rs`).

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

/// A text as miette's `render_causes` and `render_footer` lay it out, added to `out`.
fn laid_out(out: &mut String, text: &str, first: &str, rest: &str, d: &Plain<'_>) {
    if d.wrap {
        let opts = textwrap::Options::new(d.width.saturating_sub(2))
            .initial_indent(first)
            .subsequent_indent(rest)
            .break_words(true);
        // Where the Unicode line-breaking rules break only at spaces, splitting at spaces is
        // the same, and textwrap's way of doing it is done here without its general machinery
        // (most of what wrapping costs).
        if breaks_only_at_spaces(text) {
            fill_ascii(out, text, first, rest, d.width.saturating_sub(2));
        } else {
            out.push_str(&textwrap::fill(text, opts));
        }
    } else {
        out.push_str(first);
        out.push_str(text);
    }
}

/// A piece of a line as textwrap's `Word`: the word is `start..word_end`, the spaces after
/// it `word_end..end`.
#[derive(Clone, Copy)]
struct Fragment {
    start: usize,
    word_end: usize,
    end: usize,
}

/// Adds `text` filled as `textwrap::fill` fills it with `WordSeparator::AsciiSpace`, the
/// default hyphen splitter, `break_words(true)` and the first-fit algorithm (the options
/// [`laid_out`] gives), for a text [`breaks_only_at_spaces`] accepts: ASCII, one line, one
/// column a byte. Each step is textwrap's, in its order: words at spaces, split after a hyphen
/// between alphanumerics, broken where longer than a line, an empty word first when there is
/// a first indent, first fit, lines cut before their last word's spaces.
fn fill_ascii(out: &mut String, text: &str, first: &str, rest: &str, width: usize) {
    let b = text.as_bytes();
    let first_width = width.saturating_sub(textwrap::core::display_width(first));
    let rest_width = width.saturating_sub(textwrap::core::display_width(rest));
    let mut pieces: Vec<Fragment> = Vec::with_capacity(b.len() / 4 + 2);
    if !first.is_empty() {
        pieces.push(Fragment {
            start: 0,
            word_end: 0,
            end: 0,
        });
    }
    let mut add = |start: usize, word_end: usize, end: usize| {
        // Broken apart where wider than a line (`break_words`, against the later lines' width).
        if word_end - start > rest_width {
            let mut from = start;
            let mut w = 0;
            for i in start..word_end {
                if w > 0 && w + 1 > rest_width {
                    pieces.push(Fragment {
                        start: from,
                        word_end: i,
                        end: i,
                    });
                    from = i;
                    w = 0;
                }
                w += 1;
            }
            if from < word_end {
                pieces.push(Fragment {
                    start: from,
                    word_end,
                    end,
                });
            }
        } else {
            pieces.push(Fragment {
                start,
                word_end,
                end,
            });
        }
    };
    let mut word = |start: usize, end: usize| {
        let mut word_end = end;
        while word_end > start && b[word_end - 1] == b' ' {
            word_end -= 1;
        }
        // Split after each hyphen with an alphanumeric on both sides, in the word.
        let mut from = start;
        for i in start..word_end {
            if b[i] == b'-'
                && i > start
                && b[i - 1].is_ascii_alphanumeric()
                && i + 1 < word_end
                && b[i + 1].is_ascii_alphanumeric()
            {
                add(from, i + 1, i + 1);
                from = i + 1;
            }
        }
        if from < word_end || from == start {
            add(from, word_end, end);
        }
    };
    let (mut start, mut in_space) = (0, false);
    for (i, &c) in b.iter().enumerate() {
        if in_space && c != b' ' {
            word(start, i);
            start = i;
        }
        in_space = c == b' ';
    }
    if start < b.len() {
        word(start, b.len());
    }
    // First fit: a line per run of pieces.
    let mut lines: Vec<(usize, usize)> = Vec::with_capacity(4);
    let (mut line_start, mut w) = (0, 0);
    for (i, p) in pieces.iter().enumerate() {
        let line_width = if lines.is_empty() {
            first_width
        } else {
            rest_width
        };
        if w + (p.word_end - p.start) > line_width && i > line_start {
            lines.push((line_start, i));
            line_start = i;
            w = 0;
        }
        w += p.end - p.start;
    }
    lines.push((line_start, pieces.len()));
    let mut at = 0;
    for (n, &(from, to)) in lines.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let Some(last) = pieces[from..to].last() else {
            continue;
        };
        if n == 0 {
            out.push_str(first);
        } else {
            out.push_str(rest);
        }
        let len: usize = pieces[from..to].iter().map(|p| p.end - p.start).sum();
        out.push_str(&text[at..at + len - (last.end - last.word_end)]);
        at += len;
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

/// A help text laid out as [`laid_out`] does, once per text and width in each thread, added
/// to `out`.
fn help_laid_out(out: &mut String, text: &str, d: &Plain<'_>) {
    let (first, rest) = ("  help: ", "        ");
    if !d.wrap {
        laid_out(out, text, first, rest, d);
        return;
    }
    HELPS.with(|helps| {
        let key = (text.to_owned(), d.width);
        if let Some(hit) = helps.borrow().get(&key) {
            out.push_str(hit);
            return;
        }
        let mut wrapped = String::new();
        laid_out(&mut wrapped, text, first, rest, d);
        out.push_str(&wrapped);
        let mut helps = helps.borrow_mut();
        if helps.len() >= WRAPPED_HELPS {
            helps.clear();
        }
        helps.insert(key, wrapped);
    });
}

/// Whether a text is drawn as it is, one column a byte: printable ASCII only (no tab, no
/// control character, no escape).
fn plain(text: &str) -> bool {
    text.bytes().all(|b| (0x20..0x7F).contains(&b))
}

/// One line of the excerpt, as miette splits its context.
struct Line<'a> {
    /// 1-based.
    number: usize,
    offset: usize,
    /// Bytes of the line with its break.
    length: usize,
    /// The line without its break.
    text: &'a str,
}

/// The lines of an excerpt, split exactly as miette's `get_lines` splits its context, or
/// `None` when one of them is not plain (any byte beyond ASCII, a lone `\r`): the drawing
/// declines those. Works on bytes, the lines being ASCII.
fn lines(
    context: &[u8],
    first_line: usize,
    first_column: usize,
    offset: usize,
) -> Option<Vec<Line<'_>>> {
    if !context.is_ascii() {
        return None;
    }
    let text = std::str::from_utf8(context).ok()?;
    let (mut line, mut column, mut offset) = (first_line, first_column, offset);
    let mut line_offset = offset;
    // Where the current line's text starts in `context`, and where it ends if a break ends it.
    let mut start = 0;
    let mut out = Vec::with_capacity(3);
    let mut i = 0;
    while i < context.len() {
        let c = context[i];
        i += 1;
        offset += 1;
        let mut at_end_of_file = false;
        let mut end = i;
        match c {
            b'\r' => {
                if context.get(i) != Some(&b'\n') {
                    return None;
                }
                end = i - 1;
                i += 1;
                offset += 1;
                line += 1;
                column = 0;
                at_end_of_file = i == context.len();
            }
            b'\n' => {
                end = i - 1;
                at_end_of_file = i == context.len();
                line += 1;
                column = 0;
            }
            _ => column += 1,
        }
        let last = i == context.len();
        if last && !at_end_of_file {
            line += 1;
        }
        if column == 0 || last {
            out.push(Line {
                number: line,
                offset: line_offset,
                length: offset - line_offset,
                text: &text[start..end],
            });
            line_offset = offset;
            start = i;
        }
    }
    Some(out)
}

/// Adds `n` right-aligned in `width` columns.
fn push_number(out: &mut String, n: usize, width: usize) {
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(n);
    for _ in digits.len()..width {
        out.push(' ');
    }
    out.push_str(digits);
}

fn push_repeated(out: &mut String, s: &str, n: usize) {
    for _ in 0..n {
        out.push_str(s);
    }
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
    let context = d.source.read_span(&d.span, 1, 1).ok()?;
    let lines = lines(
        context.data(),
        context.line(),
        context.column(),
        context.span().offset(),
    )?;
    let start = d.span.offset();
    let end = start + d.span.len();
    // The span lies within the text of one line (not over its break), and every line of the
    // excerpt is plain: columns are bytes.
    let mut at = None;
    for (i, l) in lines.iter().enumerate() {
        if !plain(l.text) {
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
    // The span's own line and column, as miette reads them (its line is plain: a column is a
    // byte).
    let (line, column) = (lines[at].number, start - lines[at].offset + 1);
    let width = lines.last().map_or(0, |l| l.number).to_string().len();
    let mut out = String::with_capacity(
        512 + d.message.len()
            + d.help.map_or(0, str::len)
            + lines.iter().map(|l| l.text.len() + 16).sum::<usize>(),
    );
    out.push_str(d.code);
    out.push_str("\n\n");
    let first = match d.icon {
        "×" => "  × ",
        "⚠" => "  ⚠ ",
        "☞" => "  ☞ ",
        _ => return None,
    };
    laid_out(&mut out, d.message, first, "  │ ", d);
    out.push('\n');
    push_repeated(&mut out, " ", width + 2);
    out.push_str("╭─[");
    out.push_str(d.name);
    out.push(':');
    push_number(&mut out, line, 0);
    out.push(':');
    push_number(&mut out, column, 0);
    out.push_str("]\n");
    for (i, l) in lines.iter().enumerate() {
        out.push(' ');
        push_number(&mut out, l.number, width);
        out.push_str(" │ ");
        out.push_str(l.text);
        out.push('\n');
        if i == at {
            let from = start - l.offset;
            let to = (end - l.offset).max(from + 1);
            let bar = usize::midpoint(from, to);
            out.push(' ');
            push_repeated(&mut out, " ", width);
            out.push_str(" · ");
            push_repeated(&mut out, " ", from);
            push_repeated(&mut out, "─", bar - from);
            out.push('┬');
            push_repeated(&mut out, "─", to - bar - 1);
            out.push('\n');
            out.push(' ');
            push_repeated(&mut out, " ", width);
            out.push_str(" · ");
            push_repeated(&mut out, " ", bar);
            out.push_str("╰── ");
            out.push_str(d.label);
            out.push('\n');
        }
    }
    push_repeated(&mut out, " ", width + 2);
    out.push_str("╰────\n");
    if let Some(h) = d.help {
        help_laid_out(&mut out, h, d);
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
            // And rollcall's own filling is textwrap's, with the indents it draws, at every
            // width from none to past the text.
            for (first, rest) in [("  × ", "  │ "), ("  help: ", "        "), ("", "")] {
                for width in (0..12).chain([21, 40, 78, 98]) {
                    let want = textwrap::fill(
                        &text,
                        textwrap::Options::new(width)
                            .initial_indent(first)
                            .subsequent_indent(rest)
                            .break_words(true)
                            .word_separator(textwrap::WordSeparator::AsciiSpace),
                    );
                    let mut got = String::new();
                    super::fill_ascii(&mut got, &text, first, rest, width);
                    if first.is_empty() && text.len() < width {
                        // textwrap's own shortcut for a text that fits with no indent (not a
                        // case rollcall draws): the text without its trailing spaces.
                        continue;
                    }
                    assert_eq!(got, want, "{text:?} at {width}, {first:?}");
                }
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
