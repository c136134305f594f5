//! The fast YAML reader against saphyr-parser: whatever the fast reader reads, the general
//! reader reads to the same tree; and `parse` never panics.
use rollcall_engine::input::yaml;

fn main() {
    afl::fuzz_nohook!(|data: &[u8]| {
        if let Ok(text) = std::str::from_utf8(data) {
            let general = yaml::parse_general(text);
            if let Some(fast) = yaml::parse_fast(text) {
                assert_eq!(Ok(fast), general, "{text:?}");
            }
        }
    });
}
