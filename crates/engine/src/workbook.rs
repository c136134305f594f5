//! Excel workbooks (`.xlsx`), read with calamine: each sheet becomes a [`Table`] whose cells
//! carry their row (as `line`) and column number.

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Reader};

use crate::error::InputError;
use crate::table::{Cell, Table};

/// Every sheet of a workbook, in workbook order.
pub fn read_workbook(bytes: Vec<u8>, display: &str) -> Result<Vec<(String, Table)>, InputError> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        InputError::file(
            display,
            "rollcall::xlsx",
            format!("not a readable Excel workbook: {e}"),
        )
    })?;
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| {
            InputError::file(
                display,
                "rollcall::xlsx",
                format!("sheet `{name}` cannot be read: {e}"),
            )
        })?;
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut table = Table::default();
        for (r, row) in range.rows().enumerate() {
            let line = row0 + u32::try_from(r).unwrap_or(u32::MAX) + 1;
            let cells: Vec<Cell> = row
                .iter()
                .enumerate()
                .map(|(c, data)| {
                    let text = cell_text(data);
                    let len = u32::try_from(text.chars().count().max(1)).unwrap_or(1);
                    Cell {
                        text,
                        line,
                        column: col0 + u32::try_from(c).unwrap_or(u32::MAX) + 1,
                        len,
                    }
                })
                .collect();
            if cells.iter().all(|c| c.text.is_empty()) {
                continue;
            }
            table.rows.push(cells);
        }
        out.push((name, table));
    }
    Ok(out)
}

fn cell_text(data: &Data) -> String {
    match data {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_owned(),
        Data::Int(i) => i.to_string(),
        #[allow(clippy::cast_possible_truncation)]
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 9e15 {
                format!("{}", *f as i64)
            } else {
                f.to_string()
            }
        }
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => serial_date(d.as_f64()),
    }
}

/// An Excel serial date (days since 1899-12-30) as `YYYY-MM-DD`.
fn serial_date(serial: f64) -> String {
    #[allow(clippy::cast_possible_truncation)]
    let days = serial.floor() as i32;
    // 1899-12-30 is 25,569 days before 1970-01-01.
    rollcall_model::Day::from_days_since_epoch(days - 25_569).to_string()
}

/// A column number as Excel's letters: 1 -> A, 27 -> AA.
pub fn column_letters(mut n: u32) -> String {
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + u8::try_from(rem).unwrap_or(0));
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_columns_and_dates_as_excel_does() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(5), "E");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(serial_date(46_053.0), "2026-01-31");
        assert_eq!(cell_text(&Data::Float(5.0)), "5");
    }

    #[test]
    fn garbage_is_a_file_error() {
        let err = read_workbook(b"not a zip".to_vec(), "u.xlsx").unwrap_err();
        assert!(err.message.contains("Excel"), "{err:?}");
    }
}
