//! The JSON document is the same whether each account's findings were rendered in the worker
//! (and the diagnostics dropped) or all at the end.

use std::path::PathBuf;

use rollcall_engine::report::render::json;
use rollcall_engine::{run, Settings};
use rollcall_model::Day;

#[test]
fn fragments_and_whole_document_agree() {
    let paths = [
        PathBuf::from("../../fixtures/demo"),
        PathBuf::from("../../fixtures/exports"),
    ];
    let today = Day::from_ymd(2026, 11, 1).unwrap();
    let whole = json::render(&run(&paths, &Settings::new(today), &|_, _| String::new()));
    let settings = Settings {
        json_fragments: true,
        drop_diagnostics: true,
        ..Settings::new(today)
    };
    let report = run(&paths, &settings, &|_, _| String::new());
    assert_eq!(report.diagnostics().count(), 0, "diagnostics were dropped");
    assert_eq!(json::render(&report), whole);
    assert!(whole.contains("\"rule\": \"RC502\""));
}
