//! The CSV export reader: encodings, CSV, header recognition, rows.
use rollcall_engine::input::exports::{find_header, read_export};
use rollcall_engine::input::table::{decode, parse_csv};

fn main() {
    afl::fuzz_nohook!(|data: &[u8]| {
        let Ok(text) = decode(data, "f.csv") else { return };
        let Ok(table) = parse_csv(&text, "f.csv") else { return };
        if let Some((header, kind)) = find_header(&table, 30) {
            if let Err(errors) = read_export(&table, header, kind, rollcall_model::FileId(0), "f.csv") {
                assert!(errors.iter().all(|e| e.line >= 1 && e.column >= 1));
            }
        }
    });
}
