//! A fast reader for the YAML that account snapshots are written in, with an exact fallback.
//!
//! Profiles of `check` on snapshot portfolios put half of the run in saphyr-parser's scanner
//! and in the allocations behind its token queue. Snapshots, generated or kept by hand, use a
//! small part of YAML: block mappings and sequences indented with spaces, plain and quoted
//! scalars on one line, flow collections that close on their line, and comments. This reader
//! builds the same tree as the general one (the same text, the same positions, the same null
//! values) for documents made only of that part, and gives up (`None`) at the first thing
//! outside it: tabs, anchors, aliases, tags, block scalars, multi-line scalars or flow
//! collections, escapes, directives, more than one document, and anything that is an error.
//! The caller then reads the document with saphyr-parser, which also reports the errors. So
//! this reader never decides what a document means when it is not sure; it only saves the
//! general reader's work when it is. The differential tests hold it to that.

use std::borrow::Cow;

use super::{is_null_plain, Node, Pos, Scalar, MAX_DEPTH, MAX_VALUES};

/// Parses `src`, or says that the general reader must (`None`).
pub(super) fn parse(src: &str) -> Option<Node<'_>> {
    if !plain_text(src.as_bytes()) {
        return None;
    }
    let mut p = Fast::new(src);
    p.skip_document_start()?;
    let Some(indent) = p.next_content() else {
        return Some(Node::Null(Pos {
            line: 1,
            column: 1,
            len: 1,
        }));
    };
    if indent == 0 && p.is_document_marker() {
        return None;
    }
    let at = p.pos;
    let root = match p.block_kind(at)? {
        Kind::Seq => p.block_seq(at, false)?,
        Kind::Map => p.block_map(at)?,
        // A document that is one scalar or one flow collection is not a snapshot; JSON files
        // are read by the general reader.
        Kind::Other => return None,
    };
    // Anything after the root node is either an error or something this reader does not
    // follow.
    if p.pos < p.s.len() {
        return None;
    }
    Some(root)
}

/// Whether the text holds only characters this reader treats as the general one does: no tab,
/// no control character but line feeds (and carriage returns before them), no byte order mark,
/// no Unicode line or paragraph separator, no next-line character.
fn plain_text(s: &[u8]) -> bool {
    // Most files are printable ASCII and line feeds: a test the compiler vectorises.
    if s.iter().all(|&b| (0x20..0x7F).contains(&b) || b == b'\n') {
        return true;
    }
    let mut i = 0;
    while i < s.len() {
        let b = s[i];
        if b < 0x20 {
            if b == b'\n' || (b == b'\r' && s.get(i + 1) == Some(&b'\n')) {
                i += 1;
                continue;
            }
            return false;
        }
        match b {
            0x7F => return false,
            // U+0080..U+009F (C1 controls, NEL among them).
            0xC2 if matches!(s.get(i + 1), Some(0x80..=0x9F)) => return false,
            // U+2028, U+2029.
            0xE2 if s.get(i + 1) == Some(&0x80) && matches!(s.get(i + 2), Some(0xA8 | 0xA9)) => {
                return false
            }
            // U+FEFF, U+FFFE, U+FFFF.
            0xEF if (s.get(i + 1) == Some(&0xBB) && s.get(i + 2) == Some(&0xBF))
                || (s.get(i + 1) == Some(&0xBF) && matches!(s.get(i + 2), Some(0xBE | 0xBF))) =>
            {
                return false
            }
            _ => {}
        }
        i += 1;
    }
    true
}

enum Kind {
    Seq,
    Map,
    Other,
}

/// What follows a node in a block collection.
enum Next {
    /// The collection's next entry, at this byte.
    Entry(usize),
    /// The end of the collection.
    Done,
}

/// What ends a plain scalar.
enum End {
    /// The end of the line, or a comment.
    Line,
    /// A `:` that makes the scalar a key, at this byte.
    Colon(usize),
    /// A flow indicator (`,` `]` `}`) at the scalar's end.
    Flow,
}

struct Fast<'a> {
    s: &'a [u8],
    src: &'a str,
    /// The byte being read.
    pos: usize,
    /// The 1-based number of the line being read, its first byte, and the end of its content
    /// (before `\r\n` or `\n`).
    line: u32,
    line_start: usize,
    line_end: usize,
    /// A known (byte, 1-based column) pair on the current line, so that columns are counted
    /// forward once, even on one long line.
    col_at: (usize, u32),
    values: usize,
    depth: usize,
}

fn is_flow_indicator(b: u8) -> bool {
    matches!(b, b',' | b'[' | b']' | b'{' | b'}')
}

impl<'a> Fast<'a> {
    fn new(src: &'a str) -> Self {
        let mut p = Self {
            s: src.as_bytes(),
            src,
            pos: 0,
            line: 1,
            line_start: 0,
            line_end: 0,
            col_at: (0, 1),
            values: 0,
            depth: 0,
        };
        p.enter_line(0);
        p
    }

    fn enter_line(&mut self, start: usize) {
        self.line_start = start;
        self.pos = start;
        self.col_at = (start, 1);
        let nl = self.s[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.s.len(), |i| start + i);
        self.line_end = if nl > start && self.s[nl - 1] == b'\r' {
            nl - 1
        } else {
            nl
        };
    }

    /// Moves to the next line; false at the end of the text.
    fn next_line(&mut self) -> bool {
        let nl = if self.s.get(self.line_end) == Some(&b'\r') {
            self.line_end + 1
        } else {
            self.line_end
        };
        if nl >= self.s.len() {
            self.pos = self.s.len();
            self.line_start = self.s.len();
            self.line_end = self.s.len();
            return false;
        }
        self.line += 1;
        self.enter_line(nl + 1);
        true
    }

    fn at(&self, i: usize) -> u8 {
        if i < self.line_end {
            self.s[i]
        } else {
            b'\n'
        }
    }

    /// The 1-based column, in characters, of byte `i` on the current line.
    fn col(&mut self, i: usize) -> u32 {
        let (from, mut col) = if i >= self.col_at.0 {
            self.col_at
        } else {
            (self.line_start, 1)
        };
        col += chars(&self.s[from..i]);
        self.col_at = (i, col);
        col
    }

    fn pos_of(&mut self, start: usize, end: usize) -> Pos {
        let column = self.col(start);
        Pos {
            line: self.line,
            column,
            len: chars(&self.s[start..end]).max(1),
        }
    }

    fn count(&mut self) -> Option<()> {
        self.values += 1;
        (self.values <= MAX_VALUES).then_some(())
    }

    fn skip_spaces(&self, mut i: usize) -> usize {
        while self.at(i) == b' ' {
            i += 1;
        }
        i
    }

    /// From the end of a node on the current line: only spaces remain, perhaps with a comment
    /// after them.
    fn rest_is_empty(&self, i: usize) -> bool {
        let j = self.skip_spaces(i);
        j >= self.line_end || (self.s[j] == b'#' && j > i)
    }

    /// Skips blank and comment lines from the current position (the start of a line or the
    /// end of a node), and stops at the first character of the next content line. Returns its
    /// indentation, or `None` at the end of the text.
    fn next_content(&mut self) -> Option<usize> {
        // The rest of the current line is spent: move on unless at a line's start.
        if self.pos != self.line_start && !self.next_line() {
            return None;
        }
        loop {
            let i = self.skip_spaces(self.line_start);
            if i < self.line_end && self.s[i] != b'#' {
                self.pos = i;
                return Some(i - self.line_start);
            }
            if !self.next_line() {
                return None;
            }
        }
    }

    /// A document marker (`---` or `...`) at the start of the current line.
    fn is_document_marker(&self) -> bool {
        let l = &self.s[self.line_start..self.line_end];
        (l.starts_with(b"---") || l.starts_with(b"...")) && l.get(3).is_none_or(|&b| b == b' ')
    }

    /// A leading `---` line (alone, or with a comment) is the document's start, and must be
    /// followed by content; any other marker, and a directive, is left to the general reader.
    /// Leaves `pos` where `next_content` finds the document's first line.
    fn skip_document_start(&mut self) -> Option<()> {
        let Some(indent) = self.next_content() else {
            return Some(());
        };
        if indent == 0 && self.s[self.pos] == b'%' {
            return None;
        }
        if indent == 0 && self.is_document_marker() {
            if &self.s[self.pos..self.pos + 3] != b"---" || !self.rest_is_empty(self.pos + 3) {
                return None;
            }
            self.pos = self.line_end;
            self.next_content()?;
        }
        // Back to the start of that line, for the caller's next_content.
        self.pos = self.line_start;
        Some(())
    }

    /// What block node starts at `i` (the first character of content on the current line).
    fn block_kind(&mut self, i: usize) -> Option<Kind> {
        let b = self.s[i];
        if self.is_dash(i) {
            return Some(Kind::Seq);
        }
        if b == b'[' || b == b'{' {
            return Some(Kind::Other);
        }
        if b == b'"' || b == b'\'' {
            let (_, end) = self.quoted(i)?;
            let j = self.skip_spaces(end);
            return Some(
                if self.at(j) == b':' && matches!(self.at(j + 1), b' ' | b'\n') {
                    Kind::Map
                } else {
                    Kind::Other
                },
            );
        }
        if !self.plain_start(i, false) {
            return None;
        }
        let (_, end) = self.plain_block(i);
        Some(if matches!(end, End::Colon(_)) {
            Kind::Map
        } else {
            Kind::Other
        })
    }

    /// Whether a plain scalar may start at `i`: not at an indicator this reader leaves to the
    /// general one.
    fn plain_start(&self, i: usize, flow: bool) -> bool {
        let b = self.s[i];
        let next = self.at(i + 1);
        match b {
            b'-' | b'?' | b':' => {
                !(next == b' ' || next == b'\n' || (flow && is_flow_indicator(next)))
            }
            b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
            | b'"' | b'%' | b'@' | b'`' | b'\\' => false,
            _ => true,
        }
    }

    /// A plain scalar in block context from `i`: its end (trailing spaces trimmed) and what
    /// ends it.
    fn plain_block(&self, i: usize) -> (usize, End) {
        let mut j = i;
        let mut end = i;
        while j < self.line_end {
            let b = self.s[j];
            if b == b':' && matches!(self.at(j + 1), b' ' | b'\n') {
                return (end, End::Colon(j));
            }
            if b == b'#' && self.s[j - 1] == b' ' {
                return (end, End::Line);
            }
            j += 1;
            if b != b' ' {
                end = j;
            }
        }
        (end, End::Line)
    }

    /// A plain scalar in flow context from `i`; `None` if it runs to the end of the line or
    /// into a comment.
    fn plain_flow(&self, i: usize) -> Option<(usize, End)> {
        let mut j = i;
        let mut end = i;
        while j < self.line_end {
            let b = self.s[j];
            if b == b':' {
                let n = self.at(j + 1);
                if n == b' ' || n == b'\n' || is_flow_indicator(n) {
                    return Some((end, End::Colon(j)));
                }
            } else if is_flow_indicator(b) {
                return Some((end, End::Flow));
            } else if b == b'#' && self.s[j - 1] == b' ' {
                return None;
            }
            j += 1;
            if b != b' ' {
                end = j;
            }
        }
        None
    }

    /// A quoted scalar that closes on its line, from its opening quote at `i`: its text and the
    /// byte after the closing quote. Escapes in double quotes are left to the general reader.
    fn quoted(&self, i: usize) -> Option<(Cow<'a, str>, usize)> {
        let q = self.s[i];
        let body = &self.s[i + 1..self.line_end];
        if q == b'"' {
            let close = body.iter().position(|&b| b == b'"' || b == b'\\')?;
            if body[close] == b'\\' {
                return None;
            }
            return Some((
                Cow::Borrowed(&self.src[i + 1..i + 1 + close]),
                i + 2 + close,
            ));
        }
        let close = i + 1 + body.iter().position(|&b| b == b'\'')?;
        if self.at(close + 1) != b'\'' {
            return Some((Cow::Borrowed(&self.src[i + 1..close]), close + 1));
        }
        // `''` stands for a quote: the text is rebuilt.
        let mut text = String::new();
        let mut from = i + 1;
        loop {
            let close = from
                + self.s[from..self.line_end]
                    .iter()
                    .position(|&b| b == b'\'')?;
            text.push_str(&self.src[from..close]);
            if self.at(close + 1) == b'\'' {
                text.push('\'');
                from = close + 2;
            } else {
                return Some((Cow::Owned(text), close + 1));
            }
        }
    }

    fn scalar(
        &mut self,
        text: Cow<'a, str>,
        start: usize,
        end: usize,
        quoted: bool,
    ) -> Option<Scalar<'a>> {
        self.count()?;
        Some(Scalar {
            text,
            quoted,
            pos: self.pos_of(start, end),
        })
    }

    /// A plain scalar value from `start` to `end` on the current line: null if YAML reads it so.
    fn plain_value(&mut self, start: usize, end: usize) -> Option<Node<'a>> {
        let text = &self.src[start..end];
        self.count()?;
        let pos = self.pos_of(start, end);
        Some(if is_null_plain(text) {
            Node::Null(pos)
        } else {
            Node::Scalar(Scalar {
                text: Cow::Borrowed(text),
                quoted: false,
                pos,
            })
        })
    }

    /// A key at `i` on the current line: the key and the byte of its `:`.
    fn key(&mut self, i: usize) -> Option<(Scalar<'a>, usize)> {
        let b = self.s[i];
        if b == b'"' || b == b'\'' {
            let (text, end) = self.quoted(i)?;
            let j = self.skip_spaces(end);
            if self.at(j) != b':' || !matches!(self.at(j + 1), b' ' | b'\n') {
                return None;
            }
            return Some((self.scalar(text, i, end, true)?, j));
        }
        if !self.plain_start(i, false) {
            return None;
        }
        let (end, End::Colon(colon)) = self.plain_block(i) else {
            return None;
        };
        let text = &self.src[i..end];
        // A null key, and an implicit key longer than YAML allows, are the general reader's.
        if is_null_plain(text) || end - i > 1024 {
            return None;
        }
        Some((self.scalar(Cow::Borrowed(text), i, end, false)?, colon))
    }

    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth < MAX_DEPTH / 2).then_some(())
    }

    /// A block mapping whose first key starts at `at` on the current line; its keys are at
    /// that column. Returns with `pos` on the next content line that is not part of it, or at
    /// the end of the text.
    fn block_map(&mut self, at: usize) -> Option<Node<'a>> {
        self.enter()?;
        let indent = at - self.line_start;
        let pos = {
            let p = self.pos_of(at, at);
            Pos { len: 1, ..p }
        };
        self.count()?;
        let mut entries = Vec::new();
        let mut i = at;
        loop {
            let (key, colon) = self.key(i)?;
            let v = self.skip_spaces(colon + 1);
            let value = if v >= self.line_end || self.s[v] == b'#' {
                // The value is on the lines below, or there is none.
                let null = self.pos_of(colon, colon + 1);
                self.pos = self.line_end;
                match self.next_content() {
                    Some(n) if n > indent => {
                        let at = self.pos;
                        self.block_node(at)?
                    }
                    Some(n) if n == indent && self.is_dash(self.pos) => {
                        let at = self.pos;
                        self.block_seq(at, true)?
                    }
                    _ => {
                        self.count()?;
                        Node::Null(null)
                    }
                }
            } else {
                self.inline_value(v)?
            };
            entries.push((key, value));
            match self.pending(indent)? {
                Next::Entry(next) => i = next,
                Next::Done => break,
            }
        }
        self.depth -= 1;
        Some(Node::Map(entries, pos))
    }

    fn is_dash(&self, i: usize) -> bool {
        self.s[i] == b'-' && matches!(self.at(i + 1), b' ' | b'\n')
    }

    /// After a node inside a block collection at `indent`, with `pos` on the next content line
    /// (or at the end): where the collection's next entry starts, or that it has ended; `None`
    /// for a deeper line there (a continuation this reader does not follow) or a document
    /// marker, both the general reader's.
    fn pending(&mut self, indent: usize) -> Option<Next> {
        if self.pos >= self.s.len() {
            return Some(Next::Done);
        }
        let n = self.pos - self.line_start;
        if n > indent || (n == 0 && self.is_document_marker()) {
            return None;
        }
        Some(if n == indent {
            Next::Entry(self.pos)
        } else {
            Next::Done
        })
    }

    /// A node that starts a line of its own at `at`.
    fn block_node(&mut self, at: usize) -> Option<Node<'a>> {
        match self.block_kind(at)? {
            Kind::Seq => self.block_seq(at, false),
            Kind::Map => self.block_map(at),
            Kind::Other => self.inline_value(at),
        }
    }

    /// A value that ends on its line: a quoted or plain scalar, or a flow collection. `pos` is
    /// left on the next content line.
    fn inline_value(&mut self, v: usize) -> Option<Node<'a>> {
        let b = self.s[v];
        let (node, end) = match b {
            b'[' | b'{' => {
                let node = self.flow(v, 0)?;
                (node, self.pos)
            }
            b'"' | b'\'' => {
                let (text, end) = self.quoted(v)?;
                (Node::Scalar(self.scalar(text, v, end, true)?), end)
            }
            _ => {
                if !self.plain_start(v, false) {
                    return None;
                }
                let (end, End::Line) = self.plain_block(v) else {
                    return None;
                };
                (self.plain_value(v, end)?, end)
            }
        };
        if !self.rest_is_empty(end) {
            return None;
        }
        self.pos = self.line_end;
        self.next_content();
        Some(node)
    }

    /// A block sequence whose first `-` is at `at`. An indentless sequence (the value of a key
    /// at the same indentation) is located at its first item, as the general reader does.
    fn block_seq(&mut self, at: usize, indentless: bool) -> Option<Node<'a>> {
        self.enter()?;
        let indent = at - self.line_start;
        let dash = self.pos_of(at, at + 1);
        self.count()?;
        let mut items = Vec::new();
        let mut first_pos = None;
        let mut i = at;
        loop {
            if !self.is_dash(i) {
                // A line at this indentation that is not an item ends an indentless sequence
                // (the mapping above goes on); in any other sequence it is an error.
                if indentless && !items.is_empty() {
                    break;
                }
                return None;
            }
            let c = self.skip_spaces(i + 1);
            let item = if c >= self.line_end || self.s[c] == b'#' {
                // An empty item is located at the end of its line; its node, if any, is on the
                // lines below.
                let end = self.line_end;
                let null = Pos {
                    len: 1,
                    ..self.pos_of(end, end)
                };
                first_pos.get_or_insert(null);
                self.pos = self.line_end;
                match self.next_content() {
                    Some(n) if n > indent => {
                        let at = self.pos;
                        self.block_node(at)?
                    }
                    _ => {
                        self.count()?;
                        Node::Null(null)
                    }
                }
            } else {
                let node = self.block_node(c)?;
                first_pos.get_or_insert(node.pos());
                node
            };
            items.push(item);
            match self.pending(indent)? {
                Next::Entry(next) => i = next,
                Next::Done => break,
            }
        }
        self.depth -= 1;
        let pos = if indentless {
            Pos {
                len: 1,
                ..first_pos.unwrap_or(dash)
            }
        } else {
            dash
        };
        Some(Node::Seq(items, pos))
    }

    /// A flow collection opening at `i`, closed on the same line; `pos` is left after it.
    fn flow(&mut self, i: usize, depth: usize) -> Option<Node<'a>> {
        if depth > 64 {
            return None;
        }
        let open = self.s[i];
        let first = self.skip_spaces(i + 1);
        let pos = self.pos_of(i, first);
        self.count()?;
        let mut j = first;
        if open == b'[' {
            let mut items = Vec::new();
            loop {
                if self.at(j) == b']' {
                    self.pos = j + 1;
                    return Some(Node::Seq(items, pos));
                }
                let (node, end) = self.flow_node(j, depth)?;
                items.push(node);
                j = self.skip_spaces(end);
                match self.at(j) {
                    b',' => j = self.skip_spaces(j + 1),
                    b']' => {}
                    _ => return None,
                }
            }
        }
        let mut entries = Vec::new();
        loop {
            if self.at(j) == b'}' {
                self.pos = j + 1;
                return Some(Node::Map(entries, pos));
            }
            let b = self.at(j);
            let (key, colon) = if b == b'"' || b == b'\'' {
                let (text, end) = self.quoted(j)?;
                let c = self.skip_spaces(end);
                if self.at(c) != b':' {
                    return None;
                }
                (self.scalar(text, j, end, true)?, c)
            } else {
                if j >= self.line_end || !self.plain_start(j, true) {
                    return None;
                }
                let (end, End::Colon(colon)) = self.plain_flow(j)? else {
                    return None;
                };
                let text = &self.src[j..end];
                if is_null_plain(text) {
                    return None;
                }
                (self.scalar(Cow::Borrowed(text), j, end, false)?, colon)
            };
            // `:` directly before a value is JSON's style, and before `[` or `{` an error:
            // both are the general reader's.
            if !matches!(self.at(colon + 1), b' ' | b',' | b'}') {
                return None;
            }
            let v = self.skip_spaces(colon + 1);
            let value = if matches!(self.at(v), b',' | b'}') {
                self.count()?;
                j = v;
                Node::Null(self.pos_of(colon, colon + 1))
            } else {
                let (node, end) = self.flow_node(v, depth)?;
                j = self.skip_spaces(end);
                node
            };
            entries.push((key, value));
            match self.at(j) {
                b',' => j = self.skip_spaces(j + 1),
                b'}' => {}
                _ => return None,
            }
        }
    }

    /// A node inside a flow collection at `i`, and the byte after it. A plain or quoted scalar
    /// followed by `:` (a one-pair mapping in a sequence) is the general reader's.
    fn flow_node(&mut self, i: usize, depth: usize) -> Option<(Node<'a>, usize)> {
        if i >= self.line_end {
            return None;
        }
        match self.s[i] {
            b'[' | b'{' => {
                let node = self.flow(i, depth + 1)?;
                Some((node, self.pos))
            }
            b'"' | b'\'' => {
                let (text, end) = self.quoted(i)?;
                if self.at(self.skip_spaces(end)) == b':' {
                    return None;
                }
                Some((Node::Scalar(self.scalar(text, i, end, true)?), end))
            }
            _ => {
                if !self.plain_start(i, true) {
                    return None;
                }
                let (end, End::Flow) = self.plain_flow(i)? else {
                    return None;
                };
                Some((self.plain_value(i, end)?, end))
            }
        }
    }
}

/// The number of characters in UTF-8 bytes.
fn chars(b: &[u8]) -> u32 {
    let n = if b.is_ascii() {
        b.len()
    } else {
        b.iter().filter(|&&c| (c & 0xC0) != 0x80).count()
    };
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests;
