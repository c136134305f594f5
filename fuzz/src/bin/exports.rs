//! The CSV export reader: encodings, CSV, header recognition, rows.
use rollcall_engine::input::exports::{find_header, read_export};
use rollcall_engine::input::table::{decode, decode_owned, parse_csv};

fn main() {
    afl::fuzz_nohook!(|data: &[u8]| {
        // Decoding in place reads the same text as decoding a copy.
        let owned = decode_owned(data.to_vec(), "f.csv");
        let Ok(text) = decode(data, "f.csv") else {
            assert!(owned.is_err());
            return;
        };
        assert_eq!(owned.as_deref().ok(), Some(text.as_str()));
        let Ok(table) = parse_csv(&text, "f.csv") else { return };
        if let Some((header, kind)) = find_header(&table, 30) {
            if let Err(errors) = read_export(&table, header, kind, rollcall_model::FileId(0), "f.csv") {
                assert!(errors.iter().all(|e| e.line >= 1 && e.column >= 1));
            }
        }
    });
}
