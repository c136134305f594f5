//! rollcall's engine: discover inputs, load them into the typed model with origins, run the
//! rule registry over each account in parallel, sort, and render.
//!
//! Data flows one way: [`discover`] -> [`snapshot`] (and the export readers) -> rules ->
//! [`report`] -> [`render`].

pub mod baseline;
pub mod config;
pub mod convert;
pub mod discover;
pub mod error;
pub mod exports;
pub mod load;
pub mod merge;
pub mod overview;
pub mod redact;
pub mod render;
pub mod report;
pub mod run;
pub mod snapshot;
pub mod source;
pub mod table;
pub mod workbook;
pub mod yaml;

pub use error::{InputError, Skipped};
pub use report::{AccountReport, Diagnostic, Loc, Report, Summary, UnitReport};
pub use run::{run, run_with_progress, Settings};

/// Today's date from the system clock (UTC).
pub fn system_today() -> rollcall_model::Day {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    rollcall_model::Day::from_days_since_epoch(i32::try_from(secs / 86_400).unwrap_or(0))
}
