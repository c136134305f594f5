//! Tables as Autodesk Account exports them: CSV text in the encodings Excel writes, read with
//! the `csv` crate, every cell keeping its line and column.

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

use rollcall_source::InputError;

/// One cell: its text (trimmed) and where it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub line: u32,
    pub column: u32,
    pub len: u32,
}

/// Rows of cells; the first row read is not necessarily the header (see `header_row`).
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub rows: Vec<Vec<Cell>>,
}

/// Decodes the bytes of a text export: UTF-8 with or without BOM, UTF-16 LE/BE with BOM
/// ("Unicode text"), or Windows-1252 when the bytes are not UTF-8. Anything else (binary data)
/// is a located error.
pub fn decode(bytes: &[u8], display: &str) -> Result<String, InputError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(rest, display);
    }
    for (bom, encoding) in [(&[0xFF, 0xFE][..], UTF_16LE), (&[0xFE, 0xFF][..], UTF_16BE)] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (text, had_errors) = encoding.decode_without_bom_handling(rest);
            if had_errors {
                return Err(InputError::file(
                    display,
                    "rollcall::encoding",
                    format!(
                        "the file starts as {} text but is not valid {}",
                        encoding.name(),
                        encoding.name()
                    ),
                ));
            }
            return check_text(text.into_owned(), display);
        }
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return check_text(text.to_owned(), display);
    }
    // Not UTF-8: Excel's "CSV" on Windows writes the ANSI code page, Windows-1252 in the West.
    // Its five unassigned bytes, or NUL, mean the file is something else.
    if let Some(i) = bytes
        .iter()
        .position(|&b| matches!(b, 0x00 | 0x81 | 0x8D | 0x8F | 0x90 | 0x9D))
    {
        let (line, column) = byte_position(bytes, i);
        return Err(InputError::new(
            display,
            line,
            column,
            "rollcall::encoding",
            format!(
                "byte 0x{:02X} is neither UTF-8, UTF-16 nor Windows-1252 text",
                bytes[i]
            ),
        )
        .with_help("export the file again as CSV (UTF-8)"));
    }
    let (text, _, _) = WINDOWS_1252.decode(bytes);
    Ok(lone_cr_to_lf(text.into_owned()))
}

/// [`decode`], taking the bytes: UTF-8 text (the usual case) becomes the `String` in place,
/// with no copy of the file.
pub fn decode_owned(mut bytes: Vec<u8>, display: &str) -> Result<String, InputError> {
    let bom = bytes.starts_with(&[0xEF, 0xBB, 0xBF]);
    let body = if bom { &bytes[3..] } else { &bytes[..] };
    if bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || std::str::from_utf8(body).is_err()
    {
        return decode(&bytes, display);
    }
    if bom {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => check_text(text, display),
        Err(e) => decode(e.as_bytes(), display),
    }
}

fn utf8(bytes: &[u8], display: &str) -> Result<String, InputError> {
    match std::str::from_utf8(bytes) {
        Ok(t) => check_text(t.to_owned(), display),
        Err(e) => {
            let (line, column) = byte_position(bytes, e.valid_up_to());
            Err(InputError::new(
                display,
                line,
                column,
                "rollcall::encoding",
                "the file says it is UTF-8 but is not valid UTF-8",
            )
            .with_help("export the file again as CSV (UTF-8)"))
        }
    }
}

fn check_text(text: String, display: &str) -> Result<String, InputError> {
    let text = lone_cr_to_lf(text);
    if let Some(i) = text.find('\0') {
        let (line, column) = byte_position(text.as_bytes(), i);
        return Err(InputError::new(
            display,
            line,
            column,
            "rollcall::binary",
            "the file holds a NUL byte: it is not a text export",
        ));
    }
    Ok(text)
}

/// A `\r` not followed by `\n` (the line break of Excel's "CSV (Macintosh)", and of old Mac
/// files) becomes `\n`. The CSV reader already ends a record at it; lines are counted at `\n`,
/// so without this every cell of such a file was on line 1. One byte for one byte: offsets do
/// not move.
fn lone_cr_to_lf(text: String) -> String {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    if !text.contains('\r') || !(0..bytes.len()).any(lone) {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // ASCII replaced by ASCII: still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// 1-based line and column (in characters) of a byte offset. A line ends at `\n`, and at a
/// `\r` not followed by `\n`, as [`lone_cr_to_lf`] has it.
fn byte_position(bytes: &[u8], at: usize) -> (u32, u32) {
    let before = &bytes[..at.min(bytes.len())];
    let ends =
        |i: usize| before[i] == b'\n' || (before[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
    let line = (0..before.len()).filter(|&i| ends(i)).count() + 1;
    let start = (0..before.len()).rposition(ends).map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

/// Whether a line is the `version:...` line Entra ID writes above its header (a byte order
/// mark and the case aside).
pub(crate) fn is_version_text(line: &str) -> bool {
    line.trim_start_matches('\u{feff}')
        .trim()
        .get(..8)
        .is_some_and(|p| p.eq_ignore_ascii_case("version:"))
}

/// The delimiter of the first line: comma, semicolon (European Excel) or tab (Unicode text).
/// A first line `version:...` (Entra ID's, above its header) is passed over.
pub(crate) fn sniff_delimiter(text: &str) -> u8 {
    let mut lines = text.lines();
    let mut first = lines.next().unwrap_or("");
    if is_version_text(first) {
        first = lines.next().unwrap_or("");
    }
    let count = |c: char| first.chars().filter(|&x| x == c).count();
    let (comma, semi, tab) = (count(','), count(';'), count('\t'));
    if tab > comma && tab >= semi {
        b'\t'
    } else if semi > comma {
        b';'
    } else {
        b','
    }
}

/// Parses CSV text into cells with positions. Quoted fields, doubled quotes, CRLF and line
/// breaks inside quotes are the `csv` crate's; positions come from the record's byte offset.
pub fn parse_csv(text: &str, display: &str) -> Result<Table, InputError> {
    let mut table = Table::default();
    for_each_row(text, display, |row| {
        table.rows.push(row.to_vec());
        true
    })?;
    Ok(table)
}

/// Streams the rows of CSV text to `f`, one at a time (a blank line is no row), until `f`
/// returns false: an export is read in memory proportional to one row, not to the file.
pub fn for_each_row(
    text: &str,
    display: &str,
    f: impl FnMut(&[Cell]) -> bool,
) -> Result<(), InputError> {
    let delimiter = sniff_delimiter(text);
    if text.len() > LARGE_TEXT {
        // A large export is read where it lies: the cached readers copy what they read.
        let mut reader = builder(delimiter).from_reader(text.as_bytes());
        return read_rows(&mut reader, text, delimiter, display, f);
    }
    with_reader(delimiter, text, |reader| {
        read_rows(reader, text, delimiter, display, f)
    })
}

/// Above this size a text gets a reader of its own instead of a copy into a cached one.
const LARGE_TEXT: usize = 1 << 20;

fn builder(delimiter: u8) -> csv::ReaderBuilder {
    let mut b = csv::ReaderBuilder::new();
    b.has_headers(false).flexible(true).delimiter(delimiter);
    b
}

type CsvReader = csv::Reader<std::io::Cursor<Vec<u8>>>;

thread_local! {
    /// One reader per delimiter and thread: building a reader builds its state machine, which
    /// costs more than reading a small export.
    static READERS: std::cell::RefCell<Vec<(u8, CsvReader)>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn with_reader<T>(delimiter: u8, text: &str, f: impl FnOnce(&mut CsvReader) -> T) -> T {
    READERS.with(|cell| {
        let mut readers = cell.borrow_mut();
        let i = match readers.iter().position(|(d, _)| *d == delimiter) {
            Some(i) => i,
            None => {
                let r = builder(delimiter).from_reader(std::io::Cursor::new(Vec::new()));
                readers.push((delimiter, r));
                readers.len() - 1
            }
        };
        let reader = &mut readers[i].1;
        let buffer = reader.get_mut().get_mut();
        buffer.clear();
        buffer.extend_from_slice(text.as_bytes());
        // Rewinds the cursor and resets the parser state; cannot fail on a cursor.
        let _ = reader.seek(csv::Position::new());
        let out = f(reader);
        let buffer = reader.get_mut().get_mut();
        buffer.clear();
        if buffer.capacity() > 1 << 24 {
            buffer.shrink_to(1 << 20);
        }
        out
    })
}

fn read_rows<R: std::io::Read>(
    reader: &mut csv::Reader<R>,
    text: &str,
    delimiter: u8,
    display: &str,
    mut f: impl FnMut(&[Cell]) -> bool,
) -> Result<(), InputError> {
    let mut record = csv::StringRecord::new();
    let mut locator = Locator::new(text);
    let mut row: Vec<Cell> = Vec::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let (line, column) = e.position().map_or((1, 1), |p| {
                    byte_position(text.as_bytes(), usize::try_from(p.byte()).unwrap_or(0))
                });
                return Err(InputError::new(
                    display,
                    line,
                    column,
                    "rollcall::csv",
                    format!("malformed CSV: {e}"),
                ));
            }
        }
        let start = record
            .position()
            .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(0));
        let starts = field_starts(text.as_bytes(), start, delimiter, record.len());
        row.clear();
        row.extend(record.iter().zip(starts).map(|(value, at)| {
            let (line, column) = locator.position(at);
            let text = value.trim().to_owned();
            let len = u32::try_from(value.chars().count().max(1)).unwrap_or(1);
            Cell {
                text,
                line,
                column,
                len,
            }
        }));
        if row.len() == 1 && row[0].text.is_empty() {
            continue; // a blank line
        }
        if !f(&row) {
            break;
        }
    }
    Ok(())
}

/// Byte offsets where each field of the record starting at `start` begins.
fn field_starts(bytes: &[u8], mut start: usize, delimiter: u8, fields: usize) -> Vec<usize> {
    // After a CR, the reader may place the next record at the LF that completes the CRLF.
    while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
        start += 1;
    }
    let mut out = Vec::with_capacity(fields);
    out.push(start);
    let mut quoted = false;
    let mut i = start;
    while i < bytes.len() && out.len() < fields {
        let b = bytes[i];
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && b == delimiter {
            out.push(i + 1);
        } else if !quoted && (b == b'\n' || b == b'\r') {
            break;
        }
        i += 1;
    }
    while out.len() < fields {
        out.push(i);
    }
    out
}

/// Turns increasing byte offsets into lines and columns, each byte looked at once.
struct Locator<'t> {
    bytes: &'t [u8],
    line: u32,
    column: u32,
    scanned: usize,
}

impl<'t> Locator<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            bytes: text.as_bytes(),
            line: 1,
            column: 1,
            scanned: 0,
        }
    }

    fn position(&mut self, at: usize) -> (u32, u32) {
        let at = at.min(self.bytes.len());
        if at < self.scanned {
            // Offsets only grow within a file, but be safe.
            self.line = 1;
            self.column = 1;
            self.scanned = 0;
        }
        for &b in &self.bytes[self.scanned..at] {
            if b == b'\n' {
                self.line += 1;
                self.column = 1;
            } else if b & 0xC0 != 0x80 {
                // A character starts at every byte that is not a UTF-8 continuation byte.
                self.column += 1;
            }
        }
        self.scanned = at;
        (self.line, self.column)
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_large_text_reads_as_the_cached_readers_read_it() {
        use std::fmt::Write as _;
        let mut text = String::from("\u{feff}email,name;x,\"quoted, \"\"cell\"\"\"\r\n");
        let mut n = 0;
        while text.len() <= LARGE_TEXT {
            let _ = write!(
                text,
                "user{n}@a.example,Name {n},\"multi\nline {n}\"\r\n\r\n"
            );
            n += 1;
        }
        let collect = |rows: &mut Vec<Vec<(String, u32, u32, u32)>>, row: &[Cell]| {
            rows.push(
                row.iter()
                    .map(|c| (c.text.clone(), c.line, c.column, c.len))
                    .collect(),
            );
            true
        };
        let mut large = Vec::new();
        for_each_row(&text, "big.csv", |row| collect(&mut large, row)).unwrap();
        let delimiter = sniff_delimiter(&text);
        let mut cached = Vec::new();
        with_reader(delimiter, &text, |reader| {
            read_rows(reader, &text, delimiter, "big.csv", |row| {
                collect(&mut cached, row)
            })
        })
        .unwrap();
        assert_eq!(large.len(), n + 1);
        assert_eq!(large, cached);
    }

    use super::*;

    #[test]
    fn a_file_with_carriage_returns_for_line_breaks_has_its_lines() {
        // Excel's "CSV (Macintosh)": `\r` alone ends each line, also inside a quoted cell.
        let text = decode_owned(
            b"email,name\ra@x.example,\"Ann\rLee\"\rb@x.example,Bo\r".to_vec(),
            "mac.csv",
        )
        .unwrap();
        let mut rows = Vec::new();
        for_each_row(&text, "mac.csv", |row| {
            rows.push(
                row.iter()
                    .map(|c| (c.text.clone(), c.line, c.column))
                    .collect::<Vec<_>>(),
            );
            true
        })
        .unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1][0], ("a@x.example".to_owned(), 2, 1));
        assert_eq!(rows[2][0], ("b@x.example".to_owned(), 4, 1));
        assert_eq!(rows[2][1], ("Bo".to_owned(), 4, 13));
        // Not UTF-8 (read as Windows-1252): the same lines.
        let text = decode_owned(b"email,name\ra@x.example,Ren\xe9\r".to_vec(), "mac.csv").unwrap();
        assert_eq!(text, "email,name\na@x.example,Ren\u{e9}\n");
        // A byte no encoding reads is placed on its line.
        let err = decode_owned(b"email\ra@x.example\rb\x81\r".to_vec(), "mac.csv").unwrap_err();
        assert_eq!((err.line, err.column), (3, 2), "{err:?}");
        // `\r\n` stays as it is.
        let crlf = decode_owned(b"email\r\na@x.example\r\n".to_vec(), "w.csv").unwrap();
        assert_eq!(crlf, "email\r\na@x.example\r\n");
    }

    #[test]
    fn cells_keep_their_positions_through_quotes_and_crlf() {
        let text = "email,name\r\n\"a@x.example\",\"Doe, Jane\"\r\nb@x.example,\"Multi\nline\"\r\nc@x.example,Zoë\r\n";
        let t = parse_csv(text, "f.csv").unwrap();
        assert_eq!(t.rows.len(), 4);
        assert_eq!(
            (
                t.rows[1][1].text.as_str(),
                t.rows[1][1].line,
                t.rows[1][1].column
            ),
            ("Doe, Jane", 2, 15)
        );
        assert_eq!((t.rows[3][0].line, t.rows[3][0].column), (5, 1));
        assert_eq!(
            (t.rows[3][1].text.as_str(), t.rows[3][1].column),
            ("Zoë", 13)
        );
    }

    #[test]
    fn decodes_what_excel_writes() {
        assert_eq!(decode(b"\xEF\xBB\xBFa,b", "f").unwrap(), "a,b");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("é\tb".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16, "f").unwrap(), "é\tb");
        assert_eq!(decode(b"Ren\xE9e", "f").unwrap(), "Renée");
        let err = decode(b"ok\nbad\x81", "f").unwrap_err();
        assert_eq!((err.line, err.column), (2, 4));
        assert!(decode(b"a\x00b", "f").is_err());
    }

    #[test]
    fn sniffs_the_delimiter() {
        assert_eq!(sniff_delimiter("a;b;c\n1,5;2;3"), b';');
        assert_eq!(sniff_delimiter("a\tb\n"), b'\t');
        assert_eq!(sniff_delimiter("a,b\n"), b',');
        assert_eq!(sniff_delimiter("version:v1.0\nmail;accountEnabled\n"), b';');
        let t = parse_csv("email;role\nx@y.example;User\n", "f").unwrap();
        assert_eq!(t.rows[1][1].text, "User");
    }
}
