//! Loading never panics: any text given to the snapshot reader returns an account or located
//! errors.

use proptest::prelude::*;
use rollcall_input::snapshot;
use rollcall_model::FileId;

const SEED: &str = include_str!("../../../fixtures/demo/meridian-civil-transport/account.yaml");

/// A fixture with some ranges replaced (at a character boundary): near-valid input, which
/// reaches deeper into a reader than random text.
fn mutate(seed: &str, cuts: Vec<(usize, usize, String)>) -> String {
    let mut text = seed.to_owned();
    for (at, len, insert) in cuts {
        let mut start = at.min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + len).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.replace_range(start..end, &insert);
    }
    text
}

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
        check(&mutate(SEED, cuts));
    }
}

mod exports {
    use proptest::prelude::*;
    use rollcall_input::exports::{find_header, read_export};
    use rollcall_input::table::{decode, parse_csv};
    use rollcall_model::FileId;

    const SEED: &str = include_str!("../../../fixtures/exports/hartwell-civil/users.csv");

    fn check(bytes: &[u8]) {
        let Ok(text) = decode(bytes, "f.csv") else {
            return;
        };
        let Ok(table) = parse_csv(&text, "f.csv") else {
            return;
        };
        if let Some((header, kind)) = find_header(&table, 30, &rollcall_input::Aliases::default()) {
            if let Err(errors) = read_export(
                &table,
                header,
                kind,
                FileId(0),
                "f.csv",
                &rollcall_input::Aliases::default(),
            ) {
                assert!(
                    errors.iter().all(|e| e.line >= 1 && e.column >= 1),
                    "{errors:?}"
                );
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            check(&bytes);
            let _ = rollcall_input::workbook::read_workbook(bytes, "f.xlsx");
        }

        #[test]
        fn mutated_export(cuts in proptest::collection::vec((0usize..SEED.len(), 0usize..30, "[,\"\n\r;*a-z@0-9]{0,4}"), 1..6)) {
            check(super::mutate(SEED, cuts).as_bytes());
        }
    }
}

mod directories {
    use proptest::prelude::*;
    use rollcall_input::directory::{find_header, read_directory, shown_text};
    use rollcall_input::table::parse_csv;
    use rollcall_model::FileId;

    const ENTRA: &str =
        include_str!("../../../fixtures/rules/RC601-role-holder-gone/fires/entra-users.csv");
    const M365: &str =
        include_str!("../../../fixtures/rules/RC601-role-holder-gone/fires-m365/benutzer.csv");

    fn check(text: &str) {
        // The masked copy keeps every line break of the text, and every kept character where
        // it was (a blanked one is a space, or cut at the end of its line).
        let shown = shown_text(text, &[0, 3, 9]);
        let breaks = |t: &str| t.matches('\n').count();
        assert_eq!(breaks(&shown), breaks(text));
        for (a, b) in shown.split('\n').zip(text.split('\n')) {
            let (a, b) = (a.trim_end_matches('\r'), b.trim_end_matches('\r'));
            assert!(a.chars().count() <= b.chars().count());
            for (x, y) in a.chars().zip(b.chars()) {
                assert!(x == y || x == ' ', "{a:?} from {b:?}");
            }
        }
        let Ok(table) = parse_csv(text, "d.csv") else {
            return;
        };
        if let Some((header, source)) = find_header(&table, 30) {
            if let Err(errors) = read_directory(&table, header, source, FileId(0), "d.csv") {
                assert!(
                    errors.iter().all(|e| e.line >= 1 && e.column >= 1),
                    "{errors:?}"
                );
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn mutated_entra(cuts in proptest::collection::vec((0usize..ENTRA.len(), 0usize..30, "[,\"\n\r;#a-zA-Z@0-9:/+]{0,4}"), 1..6)) {
            check(&super::mutate(ENTRA, cuts));
        }

        #[test]
        fn mutated_microsoft_365(cuts in proptest::collection::vec((0usize..M365.len(), 0usize..30, "[,\"\n\r;a-zA-Z@0-9:/+]{0,4}"), 1..6)) {
            check(&super::mutate(M365, cuts));
        }
    }
}
