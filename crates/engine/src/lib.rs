//! rollcall's pipeline, and nothing else: [`discover`] the inputs, find each folder's
//! [`config`]uration, then [`run`]: load and merge (the readers of [`input`]), check (the
//! [`rules`]), configure and sort, and hand the finished [`Report`] to the renderers of
//! [`report`].
//!
//! The crates below are re-exported so that the command line depends on this crate alone.

pub mod add_waivers;
pub mod config;
pub mod convert;
pub mod discover;
pub mod run;

pub use rollcall_input as input;
pub use rollcall_model as model;
pub use rollcall_policy as policy;
pub use rollcall_report as report;
pub use rollcall_rules as rules;
pub use rollcall_source as source;

pub use rollcall_report::{AccountReport, Diagnostic, Loc, Report, Summary, UnitReport};
pub use rollcall_source::{InputError, Skipped};
pub use run::{run, run_visiting, run_with_progress, Audited, Settings};

/// Today's date from the system clock (UTC).
pub fn system_today() -> rollcall_model::Day {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    rollcall_model::Day::from_days_since_epoch(i32::try_from(secs / 86_400).unwrap_or(0))
}
