//! The workbook reader (`.xlsx`): any bytes give sheets or a file error. calamine's own
//! panics are caught by the reader, so `fuzz_nohook!` lets them reach it.
fn main() {
    afl::fuzz_nohook!(|data: &[u8]| {
        let _ = rollcall_engine::input::workbook::read_workbook(data.to_vec(), "f.xlsx");
    });
}
