//! Every format's report is the same whether each account's part was rendered in the worker
//! (the diagnostics then dropped and the parts spilled to disk) or all at the end from the
//! diagnostics, and whether the accounts kept small waited in memory or in sorted runs on
//! disk.

use std::path::PathBuf;

use rollcall_engine::report::render::{self, human, Format};
use rollcall_engine::{run, Settings};
use rollcall_model::Day;

const FORMATS: [Format; 9] = Format::ALL;

#[test]
fn parts_and_whole_documents_agree_in_every_format() {
    let paths = [
        PathBuf::from("../../fixtures/demo"),
        PathBuf::from("../../fixtures/exports"),
        PathBuf::from("../../fixtures/directory"),
    ];
    let today = Day::from_ymd(2026, 11, 1).unwrap();
    for show_waived in [false, true] {
        let style = human::Style {
            color: false,
            show_waived,
        };
        let draw = |unit: &_, sources: &_| human::render_unit(unit, sources, style);
        let whole = run(&paths, &Settings::new(today), &draw);
        assert!(
            whole.diagnostics().count() > 100,
            "the fixtures have findings"
        );
        // Accounts kept small in memory, and in sorted runs of three on disk.
        for shelf_run in [rollcall_engine::report::shelf::RUN, 3] {
            let settings = Settings {
                shelf_run,
                parts: FORMATS
                    .iter()
                    .copied()
                    .filter(|f| *f != Format::Human)
                    .collect(),
                style,
                drop_diagnostics: true,
                ..Settings::new(today)
            };
            let parted = run(&paths, &settings, &draw);
            assert_eq!(parted.diagnostics().count(), 0, "diagnostics were dropped");
            assert!(parted.spill.is_some(), "parts were spilled");
            assert!(
                parted.units.is_empty() && parted.stored.len() > 10,
                "units were kept small"
            );
            for format in FORMATS {
                let a = render::render(format, &whole, style);
                let b = render::render(format, &parted, style);
                assert!(a.len() > 1000, "{format:?}");
                assert!(
                    a == b,
                    "{format:?} differs (show_waived {show_waived}, runs of {shelf_run})"
                );
            }
        }
        assert!(render::render(Format::Json, &whole, style).contains("\"rule\": \"RC502\""));
    }
}
