//! Excel workbooks (`.xlsx`), read with calamine: each sheet becomes a [`Table`] whose cells
//! carry their row (as `line`) and column number.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{DataRef, Reader, Xlsx};

use crate::table::{Cell, Table};
use rollcall_source::InputError;

/// A workbook may hold at most this many non-empty cells (a zip bomb must not exhaust memory).
const MAX_CELLS: usize = 5_000_000;
/// Exports have a few dozen columns; a sheet may span at most this many.
const MAX_COLUMNS: u32 = 512;

/// No part of a workbook (a sheet, the shared strings) may inflate to more than this.
pub const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;
/// Nor all its XML parts together.
pub const MAX_INFLATED_BYTES: u64 = 512 * 1024 * 1024;
/// Nor may a part larger than [`RATIO_FLOOR`] inflate to more than this many times its
/// compressed size: real workbooks stay far below it, archive bombs far above.
pub const MAX_RATIO: u64 = 200;
/// Parts up to this size may have any ratio (a tiny part of repeated tags compresses well).
pub const RATIO_FLOOR: u64 = 1024 * 1024;

/// Checks that a workbook stays within the inflation budget before calamine reads it: each XML
/// part's declared size and ratio, then the bytes it actually inflates to (a declaration can
/// lie), counted while streaming them away, so that checking costs no memory. Over the budget
/// is an error naming the part.
fn check_budget(bytes: &[u8], display: &str) -> Result<(), InputError> {
    use std::io::Read;
    let fail = |what: String| {
        InputError::file(display, "rollcall::xlsx-budget", what)
        .with_help("a workbook exported by Autodesk Account is far smaller; if this one is genuine, save it as CSV")
    };
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(()); // not a zip: calamine says why
    };
    let mib = |n: u64| n / (1024 * 1024);
    let mut total = 0u64;
    for i in 0..archive.len() {
        let Ok(mut part) = archive.by_index(i) else {
            continue; // calamine reports an unreadable part if it needs it
        };
        let name = part
            .name()
            .map_or_else(|_| format!("#{i}"), std::borrow::Cow::into_owned);
        let lower = name.to_ascii_lowercase();
        if !(lower.ends_with(".xml") || lower.ends_with(".rels")) {
            continue; // media and other parts calamine does not read
        }
        let compressed = part.compressed_size().max(1);
        let limit = MAX_PART_BYTES
            .min(RATIO_FLOOR.max(compressed.saturating_mul(MAX_RATIO)))
            .min(MAX_INFLATED_BYTES.saturating_sub(total));
        let declared = part.size();
        if declared > limit {
            return Err(fail(format!(
                "the workbook part `{name}` declares {} MiB from {} KiB compressed, over the budget of {} MiB (at most {MAX_RATIO} times its compressed size)",
                mib(declared),
                compressed / 1024,
                mib(limit).max(1)
            )));
        }
        let inflated = std::io::copy(&mut (&mut part).take(limit + 1), &mut std::io::sink())
            .map_err(|e| {
                InputError::file(
                    display,
                    "rollcall::xlsx",
                    format!(
                        "the workbook is malformed: its part `{name}` cannot be inflated ({e})"
                    ),
                )
            })?;
        if inflated > limit {
            return Err(fail(format!(
                "the workbook part `{name}` inflates to more than {} MiB (it declares {declared} bytes): an archive bomb?",
                mib(limit).max(1)
            )));
        }
        total += inflated;
    }
    Ok(())
}

/// Every sheet of a workbook, in workbook order. Cells are streamed (a sparse sheet with a cell
/// at `XFD1048576` does not allocate a dense grid), and a fault inside the workbook parser is
/// an error about the file, not a crash.
pub fn read_workbook(bytes: Vec<u8>, display: &str) -> Result<Vec<(String, Table)>, InputError> {
    match std::panic::catch_unwind(move || read_sheets(bytes, display)) {
        Ok(result) => result,
        Err(_) => Err(InputError::file(
            display,
            "rollcall::xlsx",
            "the workbook is malformed (its parser gave up)",
        )),
    }
}

/// What a file named `.xlsx` that is not a zip archive (as every `.xlsx` is) is instead, told
/// by its first bytes, with what to do about it.
fn not_a_zip(bytes: &[u8], display: &str) -> Option<InputError> {
    if bytes.starts_with(b"PK") {
        return None;
    }
    let (what, help) = if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        (
            "an Excel 97-2003 workbook (`.xls`, or a password-protected `.xlsx`)",
            "open it in Excel and save it as an Excel Workbook (.xlsx) or as CSV, without a password",
        )
    } else if bytes.is_empty() {
        ("empty", "export the workbook again from Autodesk Account")
    } else if bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || bytes
            .iter()
            .take(4096)
            .all(|&b| b >= 0x20 || b"\t\r\n".contains(&b))
    {
        (
            "text (a CSV, or an HTML page, saved with the name of a workbook)",
            "if it is a CSV export, name it `.csv`; else export the workbook again",
        )
    } else {
        (
            "neither a zip archive nor text",
            "export the workbook again from Autodesk Account",
        )
    };
    Some(
        InputError::file(
            display,
            "rollcall::xlsx",
            format!("not a readable Excel workbook: an `.xlsx` is a zip archive, and this file is {what}"),
        )
        .with_help(help),
    )
}

fn read_sheets(bytes: Vec<u8>, display: &str) -> Result<Vec<(String, Table)>, InputError> {
    if let Some(e) = not_a_zip(&bytes, display) {
        return Err(e);
    }
    check_budget(&bytes, display)?;
    let fail = |what: String| InputError::file(display, "rollcall::xlsx", what);
    let mut book = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| fail(format!("not a readable Excel workbook: {e}")))?;
    let mut out = Vec::new();
    let mut total = 0usize;
    for name in book.sheet_names() {
        let mut rows: BTreeMap<u32, BTreeMap<u32, String>> = BTreeMap::new();
        let mut reader = book
            .worksheet_cells_reader(&name)
            .map_err(|e| fail(format!("sheet `{name}` cannot be read: {e}")))?;
        while let Some(cell) = reader
            .next_cell()
            .map_err(|e| fail(format!("sheet `{name}` cannot be read: {e}")))?
        {
            let text = cell_text(cell.get_value());
            if text.is_empty() {
                continue;
            }
            total += 1;
            if total > MAX_CELLS {
                return Err(fail(format!(
                    "the workbook has more than {MAX_CELLS} cells"
                )));
            }
            let (row, col) = cell.get_position();
            rows.entry(row).or_default().insert(col, text);
        }
        drop(reader);
        let first = rows
            .values()
            .filter_map(|r| r.keys().next())
            .min()
            .copied()
            .unwrap_or(0);
        let last = rows
            .values()
            .filter_map(|r| r.keys().next_back())
            .max()
            .copied()
            .unwrap_or(0);
        if last - first >= MAX_COLUMNS {
            return Err(fail(format!(
                "sheet `{name}` spans more than {MAX_COLUMNS} columns"
            )));
        }
        let mut table = Table::default();
        for (row, cells) in rows {
            let line = row.saturating_add(1);
            let dense = (first..=last)
                .map(|c| {
                    let text = cells.get(&c).cloned().unwrap_or_default();
                    let len = u32::try_from(text.chars().count().max(1)).unwrap_or(1);
                    Cell {
                        text,
                        line,
                        column: c + 1,
                        len,
                    }
                })
                .collect();
            table.rows.push(dense);
        }
        out.push((name, table));
    }
    Ok(out)
}

fn cell_text(data: &DataRef<'_>) -> String {
    match data {
        DataRef::Empty | DataRef::Error(_) => String::new(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            s.trim().to_owned()
        }
        DataRef::SharedString(s) => s.trim().to_owned(),
        DataRef::Int(i) => i.to_string(),
        #[allow(clippy::cast_possible_truncation)]
        DataRef::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 9e15 {
                format!("{}", *f as i64)
            } else {
                f.to_string()
            }
        }
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(d) => serial_date(d.as_f64()),
    }
}

/// An Excel serial date (days since 1899-12-30) as `YYYY-MM-DD`.
fn serial_date(serial: f64) -> String {
    #[allow(clippy::cast_possible_truncation)]
    let days = serial.floor() as i32;
    // 1899-12-30 is 25,569 days before 1970-01-01.
    rollcall_model::Day::from_days_since_epoch(days - 25_569).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_columns_and_dates_as_excel_does() {
        assert_eq!(serial_date(46_053.0), "2026-01-31");
        assert_eq!(cell_text(&DataRef::Float(5.0)), "5");
    }

    /// Found by fuzzing (AFL++, the `exports` target): cell references whose column or row
    /// overflow make calamine panic under overflow checks. They are file errors, not crashes.
    #[test]
    fn fuzz_regressions_are_errors_not_panics() {
        for bytes in [
            &include_bytes!("../tests/data/fuzz-xlsx-overflow-1.xlsx")[..],
            &include_bytes!("../tests/data/fuzz-xlsx-overflow-2.xlsx")[..],
        ] {
            let err = read_workbook(bytes.to_vec(), "f.xlsx").unwrap_err();
            assert_eq!(err.code, "rollcall::xlsx", "{err:?}");
        }
    }

    #[test]
    fn garbage_is_a_file_error() {
        let err = read_workbook(b"not a zip".to_vec(), "u.xlsx").unwrap_err();
        assert!(err.message.contains("Excel"), "{err:?}");
    }

    #[test]
    fn a_file_that_is_no_zip_says_what_it_is_instead() {
        let said = |bytes: &[u8]| {
            let e = read_workbook(bytes.to_vec(), "u.xlsx").unwrap_err();
            assert_eq!(e.code, "rollcall::xlsx");
            (e.message, e.help.unwrap_or_default())
        };
        let (m, h) = said(b"Email,Name\nann@x.example,Ann\n");
        assert!(m.contains("is text"), "{m}");
        assert!(h.contains("`.csv`"), "{h}");
        let (m, h) = said(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]);
        assert!(m.contains("97-2003"), "{m}");
        assert!(h.contains("without a password"), "{h}");
        let (m, _) = said(&[0x00, 0x01, 0x02]);
        assert!(m.contains("neither a zip archive nor text"), "{m}");
        let (m, _) = said(b"");
        assert!(m.contains("is empty"), "{m}");
        // Excel's "Unicode text" (UTF-16 with a byte order mark) is text.
        let (m, _) = said(&[0xFF, 0xFE, b'E', 0, b'm', 0]);
        assert!(m.contains("is text"), "{m}");
    }
}
