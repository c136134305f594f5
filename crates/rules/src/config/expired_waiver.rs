//! # RC901 expired-waiver
//!
//! ### What it does
//! Reports a waiver in the configuration whose `expires` date has passed. An expired waiver no
//! longer waives anything: the findings it covered count again.
//!
//! ### Why is this bad?
//! A waiver is a reviewed, dated exception. When its date passes, the exception must be reviewed
//! again: renewed with a new date and reason, or removed because the problem was fixed.
//!
//! ### Example
//! ```yaml
//! waivers:
//!   - rule: RC101
//!     contract: "110040000001"
//!     reason: sole practitioner, accepted by compliance
//!     expires: 2026-06-30
//! ```
//!
//! ### Use instead
//! Review it and set a new date, or delete it.
//!
//! ### References
//! - rustc's `#[expect]` and its `unfulfilled_lint_expectations`

use crate::{Group, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "RC901",
    name: "expired-waiver",
    group: Group::Config,
    severity: Severity::Warning,
    summary: "a waiver's `expires` date has passed, so it no longer waives",
    source: include_str!("expired_waiver.rs"),
    since: "0.1.0",
    policy: None,
};
