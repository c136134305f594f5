//! The export readers: encodings, CSV, header recognition, rows; and workbooks.
use rollcall_engine::exports::{find_header, read_export};
use rollcall_engine::table::{decode, parse_csv};

fn main() {
    afl::fuzz!(|data: &[u8]| {
        if data.starts_with(b"PK") {
            let _ = rollcall_engine::workbook::read_workbook(data.to_vec(), "f.xlsx");
            return;
        }
        let Ok(text) = decode(data, "f.csv") else { return };
        let Ok(table) = parse_csv(&text, "f.csv") else { return };
        if let Some((header, kind)) = find_header(&table, 30) {
            let _ = read_export(&table, header, kind, rollcall_model::FileId(0), "f.csv");
        }
    });
}
