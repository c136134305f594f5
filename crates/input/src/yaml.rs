//! A small spanned YAML tree, built by a fast reader of the block style snapshots use
//! (`fast`), or from saphyr-parser's marked events for everything else.
//!
//! Scalars are kept as the text that was written (no YAML type resolution): the snapshot reader
//! decides per field what a value means, so `number: 0012` keeps its zeros and `account: No`
//! stays a name. JSON is read by the same parser (JSON is YAML 1.2 flow syntax), so JSON
//! snapshots get positions too.

use std::borrow::Cow;
use std::collections::HashMap;

mod fast;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// Where a node starts (1-based line and column, in characters) and how many characters of
/// that line it covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
    pub len: u32,
}

impl Pos {
    fn from_span(span: Span) -> Self {
        let (s, e) = (span.start, span.end);
        let len = if e.line() == s.line() {
            e.index().saturating_sub(s.index())
        } else {
            1
        };
        Self {
            line: u32::try_from(s.line()).unwrap_or(u32::MAX),
            column: u32::try_from(s.col() + 1).unwrap_or(u32::MAX),
            len: u32::try_from(len.max(1)).unwrap_or(u32::MAX),
        }
    }
}

/// Walks a source forward to (line, column) positions, for events that come in the order of
/// the text: linear in the source, even for a minified JSON file on one line.
struct Cursor<'a> {
    src: &'a str,
    /// The 1-based line and 0-based column (in characters) at byte `at`.
    line: usize,
    col: usize,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn new(src: &'a str) -> Self {
        Self {
            src,
            line: 1,
            col: 0,
            at: 0,
        }
    }

    /// The rest of the line from a 1-based line and 0-based character column.
    fn rest_at(&mut self, line: usize, col: usize) -> &'a str {
        if line < self.line || (line == self.line && col < self.col) {
            *self = Self::new(self.src);
        }
        while self.line < line {
            match self.src[self.at..].find('\n') {
                Some(i) => {
                    self.at += i + 1;
                    self.line += 1;
                    self.col = 0;
                }
                None => return "",
            }
        }
        let mut chars = self.src[self.at..].chars();
        while self.col < col {
            match chars.next() {
                Some('\n') | None => return "",
                Some(c) => {
                    self.col += 1;
                    self.at += c.len_utf8();
                }
            }
        }
        let rest = &self.src[self.at..];
        &rest[..rest.find('\n').unwrap_or(rest.len())]
    }
}

/// The length in characters of a quoted scalar that starts `rest` (quotes included), when it
/// closes on the same line. saphyr's span of a quoted scalar runs on over what follows it (a
/// comment), so the length is measured on the text.
fn quoted_len(rest: &str) -> Option<usize> {
    let mut chars = rest.chars();
    let quote = chars.next().filter(|c| matches!(c, '"' | '\''))?;
    let mut n = 1;
    while let Some(c) = chars.next() {
        n += 1;
        if c == quote {
            if quote == '\'' && chars.as_str().starts_with('\'') {
                chars.next();
                n += 1;
                continue;
            }
            return Some(n);
        }
        if c == '\\' && quote == '"' {
            chars.next()?;
            n += 1;
        }
    }
    None
}

/// A scalar as written: its text borrows from the source unless quoting changed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scalar<'a> {
    pub text: Cow<'a, str>,
    pub quoted: bool,
    pub pos: Pos,
}

/// A document's tree; it borrows the source's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node<'a> {
    Null(Pos),
    Scalar(Scalar<'a>),
    Seq(Vec<Node<'a>>, Pos),
    Map(Vec<(Scalar<'a>, Node<'a>)>, Pos),
}

impl Node<'_> {
    pub fn pos(&self) -> Pos {
        match self {
            Node::Null(p) | Node::Seq(_, p) | Node::Map(_, p) => *p,
            Node::Scalar(s) => s.pos,
        }
    }

    /// What kind of value this is, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Node::Null(_) => "nothing",
            Node::Scalar(_) => "a single value",
            Node::Seq(..) => "a list",
            Node::Map(..) => "a mapping",
        }
    }

    fn size(&self) -> usize {
        match self {
            Node::Null(_) | Node::Scalar(_) => 1,
            Node::Seq(items, _) => 1 + items.iter().map(Node::size).sum::<usize>(),
            Node::Map(entries, _) => 1 + entries.iter().map(|(_, v)| 1 + v.size()).sum::<usize>(),
        }
    }

    fn with_pos(mut self, pos: Pos) -> Self {
        match &mut self {
            Node::Null(p) | Node::Seq(_, p) | Node::Map(_, p) => *p = pos,
            Node::Scalar(s) => s.pos = pos,
        }
        self
    }
}

/// A YAML syntax error, or a document rollcall will not build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub pos: Pos,
    pub message: String,
}

/// Nesting deeper than this is refused, so that hostile input cannot exhaust the stack.
pub const MAX_DEPTH: usize = 256;

/// A document may hold at most this many values (keys, scalars, lists and mappings, aliases
/// expanded): some 400,000 users, fifty times the largest customer, and about half a gigabyte
/// of tree. Beyond it, reading would take memory in proportion to the file, not to a budget.
pub const MAX_VALUES: usize = 2_000_000;

enum Frame<'a> {
    Seq(Vec<Node<'a>>, Pos, usize),
    Map(Vec<(Scalar<'a>, Node<'a>)>, Option<Scalar<'a>>, Pos, usize),
}

fn is_null(text: &str, style: ScalarStyle) -> bool {
    style == ScalarStyle::Plain && is_null_plain(text)
}

/// A plain scalar that YAML reads as null.
fn is_null_plain(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// Parses a file's text; a syntax error becomes the file's located error.
/// The entries of a mapping whose keys are among `known` (any key when `known` is empty). Each
/// other key is reported through `error` with the nearest known key suggested, and so is a
/// value that is not a mapping; null has no entries. The configuration and policy-metadata
/// readers share it, so that a typo reads the same in both.
pub fn known_entries<'n, 'a>(
    node: &'n Node<'a>,
    known: &[&str],
    what: &str,
    mut error: impl FnMut(Pos, String, Option<String>),
) -> Vec<(&'n Scalar<'a>, &'n Node<'a>)> {
    match node {
        Node::Null(_) => Vec::new(),
        Node::Map(entries, _) => {
            let mut out = Vec::new();
            for (k, v) in entries {
                if known.is_empty() || known.contains(&&*k.text) {
                    out.push((k, v));
                    continue;
                }
                let message = match rollcall_source::suggest(&k.text, known.iter().copied()) {
                    Some(n) => format!("unknown key `{}` in {what}; did you mean `{n}`?", k.text),
                    None => format!("unknown key `{}` in {what}", k.text),
                };
                error(
                    k.pos,
                    message,
                    Some(format!("the keys of {what} are: {}", known.join(", "))),
                );
            }
            out
        }
        other => {
            error(
                other.pos(),
                format!("{what} must be a mapping, found {}", other.kind()),
                None,
            );
            Vec::new()
        }
    }
}

pub fn parse_file<'a>(
    src: &'a str,
    path: &str,
) -> Result<Node<'a>, Vec<rollcall_source::InputError>> {
    parse(src).map_err(|e| {
        vec![rollcall_source::InputError::new(
            path,
            e.pos.line,
            e.pos.column,
            "rollcall::syntax",
            e.message,
        )
        .with_len(e.pos.len)]
    })
}

/// Parses one YAML (or JSON) document into a tree. An empty document is `Node::Null`.
///
/// Documents written in the plain block style of snapshots are read by a fast reader of that
/// style (`fast`); everything else, errors among it, by saphyr-parser (`parse_general`). Both
/// build the same tree for the documents the fast one reads: the differential tests compare
/// them.
pub fn parse(src: &str) -> Result<Node<'_>, YamlError> {
    match fast::parse(src) {
        Some(node) => Ok(node),
        None => parse_general(src),
    }
}

/// Parses a document with the fast reader alone: `None` where it leaves the document to the
/// general one. For the tests that compare the two, and for benchmarks.
pub fn parse_fast(src: &str) -> Option<Node<'_>> {
    fast::parse(src)
}

/// Parses a document with the general reader alone, saphyr-parser's events, whatever its style.
pub fn parse_general(src: &str) -> Result<Node<'_>, YamlError> {
    // Alias expansion may not build more nodes than this ("billion laughs").
    let budget = src.len().saturating_mul(4).max(100_000);
    let mut built = 0usize;
    let mut anchors: HashMap<usize, Node<'_>> = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;
    let mut documents = 0;
    let mut parser = Parser::new_from_str(src);
    let mut cursor = Cursor::new(src);
    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|e| YamlError {
            pos: Pos {
                line: u32::try_from(e.marker().line()).unwrap_or(u32::MAX),
                column: u32::try_from(e.marker().col() + 1).unwrap_or(u32::MAX),
                len: 1,
            },
            message: format!("invalid YAML: {}", e.info()),
        })?;
        let pos = Pos::from_span(span);
        let (node, anchor) = match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => continue,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(YamlError {
                        pos,
                        message:
                            "more than one YAML document in the file; an account is one document"
                                .into(),
                    });
                }
                continue;
            }
            Event::SequenceStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(YamlError {
                        pos,
                        message: format!("nesting deeper than {MAX_DEPTH} levels"),
                    });
                }
                stack.push(Frame::Seq(Vec::new(), pos, anchor));
                continue;
            }
            Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(YamlError {
                        pos,
                        message: format!("nesting deeper than {MAX_DEPTH} levels"),
                    });
                }
                stack.push(Frame::Map(Vec::new(), None, pos, anchor));
                continue;
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq(items, start, anchor)) => (Node::Seq(items, start), anchor),
                _ => {
                    return Err(YamlError {
                        pos,
                        message: "unbalanced sequence".into(),
                    })
                }
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map(entries, _, start, anchor)) => (Node::Map(entries, start), anchor),
                _ => {
                    return Err(YamlError {
                        pos,
                        message: "unbalanced mapping".into(),
                    })
                }
            },
            Event::Scalar(text, style, anchor, _) => {
                let node = if is_null(&text, style) {
                    Node::Null(pos)
                } else {
                    let quoted =
                        matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted);
                    let mut pos = pos;
                    if quoted {
                        let rest = cursor.rest_at(span.start.line(), span.start.col());
                        if let Some(n) = quoted_len(rest) {
                            pos.len = u32::try_from(n).unwrap_or(u32::MAX);
                        }
                    }
                    Node::Scalar(Scalar {
                        text,
                        quoted: style != ScalarStyle::Plain,
                        pos,
                    })
                };
                (node, anchor)
            }
            Event::Alias(id) => {
                let Some(target) = anchors.get(&id) else {
                    return Err(YamlError {
                        pos,
                        message: "alias to an unknown anchor".into(),
                    });
                };
                built = built.saturating_add(target.size());
                if built > budget {
                    return Err(YamlError {
                        pos,
                        message: "aliases expand to too many values (an alias bomb?)".into(),
                    });
                }
                // The copy is located where the alias is written: that is the value the
                // reader of this contract sees.
                (target.clone().with_pos(pos), 0)
            }
        };
        built += 1;
        if built > MAX_VALUES {
            return Err(YamlError {
                pos,
                message: format!(
                    "the document holds more than {MAX_VALUES} values; split the account into several snapshots"
                ),
            });
        }
        if anchor > 0 {
            anchors.insert(anchor, node.clone());
        }
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::Seq(items, ..)) => items.push(node),
            Some(Frame::Map(entries, key, ..)) => match key.take() {
                Some(k) => entries.push((k, node)),
                None => match node {
                    Node::Scalar(s) => *key = Some(s),
                    Node::Null(p) => {
                        *key = Some(Scalar {
                            text: Cow::Borrowed(""),
                            quoted: false,
                            pos: p,
                        });
                    }
                    other => {
                        return Err(YamlError {
                            pos: other.pos(),
                            message: format!("a key must be text, found {}", other.kind()),
                        })
                    }
                },
            },
        }
    }
    Ok(root.unwrap_or(Node::Null(Pos {
        line: 1,
        column: 1,
        len: 1,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_of_too_many_values_is_refused_where_it_passes_the_budget() {
        let mut src = String::from("users: [");
        for _ in 0..MAX_VALUES {
            src.push_str("0,");
        }
        src.push_str("0]\n");
        let e = parse(&src).unwrap_err();
        assert!(
            e.message.contains("more than 2000000 values"),
            "{}",
            e.message
        );
        assert_eq!(e.pos.line, 1);
    }

    #[test]
    fn a_quoted_scalar_ends_at_its_closing_quote() {
        let src =
            "a: \"x\\\"y\"  # note\nb: 'it''s'  # more\nc: [\"p\", 'q']\nd: \"two\n  lines\"\n";
        let Node::Map(entries, _) = parse(src).unwrap() else {
            panic!("a mapping")
        };
        let at = |n: &Node| match n {
            Node::Scalar(s) => (s.pos.line, s.pos.column, s.pos.len),
            _ => (0, 0, 0),
        };
        let lens: Vec<(u32, u32, u32)> = entries
            .iter()
            .flat_map(|(_, v)| match v {
                Node::Seq(items, _) => items.iter().map(at).collect(),
                other => vec![at(other)],
            })
            .collect();
        assert_eq!(
            lens,
            [(1, 4, 6), (2, 4, 7), (3, 5, 3), (3, 10, 3), (4, 4, 1)]
        );
    }

    fn scalar_at<'n>(n: &'n Node<'n>) -> (u32, u32, &'n str) {
        match n {
            Node::Scalar(s) => (s.pos.line, s.pos.column, &*s.text),
            other => panic!("not a scalar: {other:?}"),
        }
    }

    #[test]
    fn keeps_positions_and_raw_text() {
        let doc = parse("a: 0012\nlist:\n  - \"x\"\n  - [y, ~]\n").unwrap();
        let Node::Map(entries, _) = doc else { panic!() };
        assert_eq!(scalar_at(&entries[0].1), (1, 4, "0012"));
        let Node::Seq(items, _) = &entries[1].1 else {
            panic!()
        };
        assert_eq!(scalar_at(&items[0]), (3, 5, "x"));
        let Node::Seq(inner, _) = &items[1] else {
            panic!()
        };
        assert_eq!(scalar_at(&inner[0]), (4, 6, "y"));
        assert!(matches!(inner[1], Node::Null(_)));
    }

    #[test]
    fn reads_json() {
        let doc = parse("{\n  \"contracts\": [\n\t{\"number\": 110001234567}\n  ]\n}\n").unwrap();
        let Node::Map(entries, _) = doc else { panic!() };
        let Node::Seq(items, _) = &entries[0].1 else {
            panic!()
        };
        let Node::Map(c, _) = &items[0] else { panic!() };
        assert_eq!(scalar_at(&c[0].1), (3, 13, "110001234567"));
    }

    #[test]
    fn aliases_are_located_where_used_and_bombs_are_refused() {
        let doc = parse("a: &cm jane@x.example\nb: *cm\n").unwrap();
        let Node::Map(entries, _) = doc else { panic!() };
        assert_eq!(scalar_at(&entries[1].1), (2, 4, "jane@x.example"));
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..9u8 {
            let (prev, next) = ((b'a' + i) as char, (b'a' + i + 1) as char);
            let refs = vec![format!("*{prev}"); 10].join(", ");
            bomb.push_str(
                &[
                    next.to_string(),
                    ": &".into(),
                    next.to_string(),
                    " [".into(),
                    refs,
                    "]\n".into(),
                ]
                .concat(),
            );
        }
        let err = parse(&bomb).unwrap_err();
        assert!(err.message.contains("alias"), "{err:?}");
    }

    #[test]
    fn errors_are_located() {
        let err = parse("a: [1, 2\nb: c\n").unwrap_err();
        assert!(
            err.pos.line >= 1 && err.message.starts_with("invalid YAML"),
            "{err:?}"
        );
        let deep = "[".repeat(10_000);
        let err = parse(&deep).unwrap_err().message;
        assert!(
            err.contains("nesting") || err.contains("recursion"),
            "{err}"
        );
        assert!(parse("a: 1\n---\nb: 2\n").is_err());
    }
}
