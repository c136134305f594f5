//! The configuration reader.
fn main() {
    afl::fuzz_nohook!(|data: &[u8]| {
        if let Ok(text) = std::str::from_utf8(data) {
            if let Ok(file) = rollcall_engine::config::read_config(text, "rollcall.yaml") {
                let _ = rollcall_engine::config::resolve(Some((&file, "rollcall.yaml")), None, &Default::default());
            }
        }
    });
}
