//! Loading never panics: any text given to the snapshot reader returns an account or located
//! errors.

use proptest::prelude::*;
use rollcall_engine::snapshot;
use rollcall_model::FileId;

const SEED: &str = include_str!("../../../fixtures/demo/meridian-civil-transport/account.yaml");

fn check(text: &str) {
    if let Err(errors) = snapshot::read(text, "f.yaml", FileId(0)) {
        assert!(!errors.is_empty());
        for e in errors {
            assert!(e.line >= 1 && e.column >= 1, "unlocated error {e:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_text(text in "\\PC{0,400}") {
        check(&text);
    }

    #[test]
    fn yaml_like_text(text in "([ \\-:\\[\\]{}\"'&*!|>#a-z0-9@.\n]){0,300}") {
        check(&text);
    }

    #[test]
    fn mutated_fixture(cuts in proptest::collection::vec((0usize..SEED.len(), 0usize..40, "[ :\\-\\[\\]{}\"a-z\n]{0,4}"), 1..6)) {
        let mut text = SEED.to_owned();
        for (at, len, insert) in cuts {
            let mut start = at.min(text.len());
            while !text.is_char_boundary(start) { start -= 1; }
            let mut end = (start + len).min(text.len());
            while !text.is_char_boundary(end) { end -= 1; }
            text.replace_range(start..end, &insert);
        }
        check(&text);
    }
}
