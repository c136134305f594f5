//! The fast reader against the general one: for every document the fast reader accepts, both
//! build the same tree. Documents are generated from random trees in every style snapshots are
//! written in, then some are damaged at random, so that the fast reader meets what it must give
//! up on as often as what it reads.

use super::super::parse_general;
use super::parse;

/// xorshift64*: a fixed sequence for each seed, so a failure names its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

enum Tree {
    Scalar(String),
    Seq(Vec<Tree>),
    Map(Vec<(String, Tree)>),
}

/// What snapshots hold.
const WORDS: &[&str] = &[
    "x",
    "Ana Vogel",
    "ana.vogel0@tanaka0.example",
    "2026-10-28",
    "0012",
    "110000000000",
    "",
    "null",
    "~",
    "Null",
    "it's",
    "a#b",
    "-5",
    "Müller Straße",
    "日本",
    "true",
    "x:y",
    "a  b",
    "Vault Professional",
    "AutoCAD LT",
    "status",
    "active",
    "name",
    "email",
    "seats",
    "3.5",
];

/// What they seldom hold: indicators, and text that needs quotes or escapes.
const ODD: &[&str] = &[
    "a: b", "a #b", "- x", "-", "[x]", "{y}", "x,y", "@x", "`x", "?x", "? x", ":x", "x:", "'",
    "\"", "\\", "a\\nb", " pad ", "#", "&a", "*a", "!t", "|", ">", "%x", "---", "...",
];

fn word(rng: &mut Rng) -> &'static str {
    if rng.chance(8) {
        rng.pick(ODD)
    } else {
        rng.pick(WORDS)
    }
}

fn gen(rng: &mut Rng, depth: usize) -> Tree {
    let leaf = depth > 3 || rng.chance(45);
    if leaf {
        return Tree::Scalar(word(rng).to_owned());
    }
    let n = rng.below(4);
    if rng.chance(50) {
        Tree::Seq((0..n).map(|_| gen(rng, depth + 1)).collect())
    } else {
        Tree::Map(
            (0..n)
                .map(|_| (word(rng).to_owned(), gen(rng, depth + 1)))
                .collect(),
        )
    }
}

fn scalar(rng: &mut Rng, text: &str) -> String {
    match rng.below(6) {
        0 => format!("'{}'", text.replace('\'', "''")),
        1 => format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"")),
        _ => text.to_owned(),
    }
}

fn sp(rng: &mut Rng) -> &'static str {
    if rng.chance(85) {
        " "
    } else {
        ["", "  ", "   "][rng.below(3)]
    }
}

fn comment(rng: &mut Rng) -> &'static str {
    if rng.chance(12) {
        [" # note", "  #c", "#x", " #"][rng.below(4)]
    } else if rng.chance(5) {
        " "
    } else {
        ""
    }
}

fn flow(rng: &mut Rng, t: &Tree, out: &mut String) {
    match t {
        Tree::Scalar(s) => out.push_str(&scalar(rng, s)),
        Tree::Seq(items) => {
            out.push('[');
            out.push_str(["", "", " "][rng.below(3)]);
            for (n, item) in items.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                    out.push_str(sp(rng));
                }
                flow(rng, item, out);
            }
            if rng.chance(5) {
                out.push(',');
            }
            out.push(']');
        }
        Tree::Map(entries) => {
            out.push('{');
            out.push_str(["", "", " "][rng.below(3)]);
            for (n, (k, v)) in entries.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                    out.push_str(sp(rng));
                }
                out.push_str(&scalar(rng, k));
                out.push(':');
                out.push_str(sp(rng));
                flow(rng, v, out);
            }
            out.push('}');
        }
    }
}

fn pad(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// Writes `t` as a block node whose lines are indented by `indent`; the first line's
/// indentation is already written (after a `- ` or on a fresh line).
fn block(rng: &mut Rng, t: &Tree, indent: usize, out: &mut String) {
    block_or_flow(rng, t, indent, out, 25);
}

fn block_or_flow(rng: &mut Rng, t: &Tree, indent: usize, out: &mut String, flow_percent: usize) {
    let step = [2, 2, 2, 4, 1, 3][rng.below(6)];
    match t {
        Tree::Scalar(_) => {
            flow(rng, t, out);
            out.push_str(comment(rng));
            out.push('\n');
        }
        Tree::Seq(items) if items.is_empty() || rng.chance(flow_percent) => {
            flow(rng, t, out);
            out.push_str(comment(rng));
            out.push('\n');
        }
        Tree::Map(entries) if entries.is_empty() || rng.chance(flow_percent) => {
            flow(rng, t, out);
            out.push_str(comment(rng));
            out.push('\n');
        }
        Tree::Seq(items) => {
            for (n, item) in items.iter().enumerate() {
                if n > 0 {
                    pad(out, indent);
                }
                out.push('-');
                if rng.chance(10) {
                    // The item on the lines below.
                    out.push_str(comment(rng));
                    out.push('\n');
                    let deeper = indent + step;
                    pad(out, deeper);
                    block(rng, item, deeper, out);
                } else {
                    let gap = [1, 1, 1, 2, 3][rng.below(5)];
                    pad(out, gap);
                    block(rng, item, indent + 1 + gap, out);
                }
            }
        }
        Tree::Map(entries) => {
            for (n, (k, v)) in entries.iter().enumerate() {
                if n > 0 {
                    pad(out, indent);
                }
                out.push_str(&scalar(rng, k));
                if rng.chance(5) {
                    out.push(' ');
                }
                out.push(':');
                let nested = matches!(v, Tree::Seq(i) if !i.is_empty())
                    || matches!(v, Tree::Map(e) if !e.is_empty());
                if nested && rng.chance(80) {
                    out.push_str(comment(rng));
                    out.push('\n');
                    if rng.chance(10) {
                        out.push_str("# between\n\n");
                    }
                    // An indentless sequence, or a deeper node.
                    let deeper = if matches!(v, Tree::Seq(_)) && rng.chance(40) {
                        indent
                    } else {
                        indent + step
                    };
                    pad(out, deeper);
                    block(rng, v, deeper, out);
                } else if matches!(v, Tree::Scalar(s) if s.is_empty()) && rng.chance(50) {
                    out.push_str(comment(rng));
                    out.push('\n');
                } else {
                    out.push_str(sp(rng));
                    block(rng, v, indent + step, out);
                }
            }
        }
    }
}

fn document(rng: &mut Rng) -> String {
    let mut out = String::new();
    if rng.chance(10) {
        out.push_str("---\n");
    }
    if rng.chance(10) {
        out.push_str("# a snapshot\n\n");
    }
    // A snapshot is a mapping; now and then a document is something else.
    let t = match gen(rng, 0) {
        t @ Tree::Scalar(_) if rng.chance(90) => Tree::Map(vec![("a".into(), t)]),
        Tree::Map(e) if e.is_empty() && rng.chance(90) => {
            Tree::Map(vec![("a".into(), Tree::Map(e))])
        }
        Tree::Seq(i) if i.is_empty() && rng.chance(90) => {
            Tree::Map(vec![("a".into(), Tree::Seq(i))])
        }
        other => other,
    };
    let indent = if rng.chance(10) { 2 } else { 0 };
    pad(&mut out, indent);
    block_or_flow(rng, &t, indent, &mut out, 3);
    if rng.chance(10) {
        out = out.replace('\n', "\r\n");
    }
    if rng.chance(10) {
        out.pop();
    }
    out
}

const DAMAGE: &[&str] = &[
    " ", "  ", "\t", "\n", "\r", ":", ": ", "-", "- ", "#", " #", "'", "\"", "\\", "[", "]", "{",
    "}", ",", "&a ", "*a", "!x ", "|", ">", "?", "%", "@", "`", "---\n", "...", "\u{feff}",
    "\u{85}", "\u{2028}", "é", "\u{1}", "~",
];

fn damage(rng: &mut Rng, src: &mut String) {
    for _ in 0..=rng.below(3) {
        let mut at = rng.below(src.len() + 1);
        while !src.is_char_boundary(at) {
            at -= 1;
        }
        match rng.below(3) {
            0 => {
                let end = src[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                src.replace_range(at..end, "");
            }
            _ => src.insert_str(at, rng.pick(DAMAGE)),
        }
    }
}

#[test]
fn the_fast_reader_builds_what_the_general_one_builds() {
    let (mut read, mut clean_read, mut clean) = (0, 0, 0);
    let cases: u64 = 40_000;
    for seed in 1..=cases {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let mut src = document(&mut rng);
        let damaged = rng.chance(40);
        if damaged {
            damage(&mut rng, &mut src);
        } else {
            clean += 1;
        }
        if let Some(fast) = parse(&src) {
            read += 1;
            if !damaged {
                clean_read += 1;
            }
            match parse_general(&src) {
                Ok(general) => assert_eq!(fast, general, "seed {seed}: {src:?}"),
                Err(e) => panic!("seed {seed}: the general reader refuses {src:?}: {e:?}"),
            }
        }
    }
    // The comparison means something only if the fast reader reads most clean documents.
    assert!(read > cases / 3, "the fast reader read {read} of {cases}");
    assert!(
        clean_read * 10 > clean * 6,
        "the fast reader read {clean_read} of {clean} clean documents"
    );
}

#[test]
fn what_the_fast_reader_leaves_to_the_general_one() {
    for src in [
        "a: &x 1\nb: *x\n",
        "a: !t x\n",
        "a: |\n  text\n",
        "a: >\n  text\n",
        "a: x\n  y\n",
        "a: [x,\n  y]\n",
        "a: \"x\\ty\"\n",
        "a:\tx\n",
        "%YAML 1.2\n---\na: 1\n",
        "a: 1\n---\nb: 2\n",
        "{\"a\": 1}\n",
        "? a\n: b\n",
        "a: 1\n- b\n",
        "a: 'x\n  y'\n",
        "x\n",
    ] {
        assert!(parse(src).is_none(), "{src:?}");
    }
    for src in [
        "a: 1\n",
        "users:\n  - {email: a@x, name: Ana, status: active}\n",
        "contracts:\n- number: \"1\"\n  products: []\n",
    ] {
        assert!(parse(src).is_some(), "{src:?}");
    }
}
