//! The snapshot reader (YAML and JSON): any bytes give an account or located errors.
fn main() {
    afl::fuzz_nohook!(|data: &[u8]| {
        if let Ok(text) = std::str::from_utf8(data) {
            if let Err(errors) = rollcall_engine::input::snapshot::read(text, "f.yaml", rollcall_model::FileId(0)) {
                assert!(errors.iter().all(|e| e.line >= 1 && e.column >= 1));
            }
        }
    });
}
