//! # RC902 unused-waiver
//!
//! ### What it does
//! Reports a waiver in the configuration that matched no finding in the run.
//!
//! ### Why is this bad?
//! A waiver that waives nothing is stale: the problem was fixed, or the waiver's selector has a
//! typo (a contract number, an address) and the finding it was meant for is still counted. Like
//! rustc's `#[expect]`, rollcall says so rather than keeping dead exceptions around.
//!
//! ### Example
//! ```yaml
//! waivers:
//!   - rule: RC301
//!     contract: "11004000001"    # a digit short: matches nothing
//!     reason: seats held for new starters in January
//! ```
//!
//! ### Use instead
//! Correct the selector, or delete the waiver.
//!
//! ### References
//! - rustc's `#[expect]` and its `unfulfilled_lint_expectations`

use crate::{Group, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "RC902",
    name: "unused-waiver",
    group: Group::Config,
    severity: Severity::Warning,
    summary: "a waiver matched no finding",
    source: include_str!("unused_waiver.rs"),
    since: "0.1.0",
    policy: None,
};
