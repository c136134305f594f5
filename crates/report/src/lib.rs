//! rollcall's reports: a finished [`Report`] (plain, sorted data) turned into text.
//!
//! The report types ([`report`]), each account's role and seat [`overview`], baselines
//! ([`baseline`]), redaction ([`redact`]) and one renderer per format ([`render`]). Renderers are
//! leaves: they read the same sorted diagnostics and never reach back into the pipeline.

pub mod baseline;
pub mod holders;
pub mod overview;
pub mod redact;
pub mod render;
pub mod report;
pub mod shelf;
pub mod spill;
pub mod trend;

pub use report::{
    AccountReport, BaselineState, Diagnostic, Key, Loc, Money, Report, Summary, Tally, Totals,
    UnitReport, Waived,
};
