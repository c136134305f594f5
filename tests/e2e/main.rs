//! rollcall's end-to-end tests: the built binary run on `fixtures/` and on folders the tests
//! write, one module a subject (see CONTRIBUTING.md's test map). One test binary: the
//! workspace links it once.

mod common;
mod config;
mod directory;
mod editors;
mod exports;
mod fix;
mod fixtures;
mod history;
mod hostile;
mod output;
mod policies;
mod reports;
mod savings;
mod spec;
mod spec_v2_catalog;
mod spec_v2_usage;
mod spec_v3_directory;
mod spec_v3_exports;
mod spec_v3_history;
mod yaml_readers;
