//! The rollcall rule catalog.
//!
//! A rule is one file: its manual (the module's `//!` text, which `rollcall explain` prints),
//! its metadata, its check and its tests. Rules read the typed [`Account`] through a
//! [`CheckContext`] and push plain [`Finding`]s; they never read files or print.

/// `format!` for the texts of findings (see [`finding::text`]).
macro_rules! text {
    ($($arg:tt)*) => {
        $crate::finding::text(format_args!($($arg)*))
    };
}

mod context;
mod finding;
pub mod manual;
mod meta;
mod registry;

pub mod config;
pub mod consistency;
pub mod directory;
pub mod integrity;
pub mod renewal;
pub mod roles;
pub mod seats;

mod option_table;
#[cfg(test)]
mod testing;

pub use context::{
    catalog_name, names_match, offering_is, CheckContext, Collection, NormalisedCache,
    NormalisedCatalog, Offering, OfferingKind, Options, Standing,
};
pub use finding::{count, Count, Finding, Freed, Label, Subject};
pub use meta::{Group, PolicyDoc, RuleMeta, Severity};
pub use option_table::{option, option_keys, OptionRange, OptionSpec, OptionValue, OPTIONS};
pub use registry::{all_rules, find_rule, registry};

use rollcall_model::Account;

/// A lint check over one account.
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>);
}

/// Runs every rule of the registry over an account, in registry order.
pub fn check_account(
    account: &Account,
    today: rollcall_model::Day,
    options: &Options,
) -> Vec<Finding> {
    check_with(account, today, options, registry().iter().copied())
}

/// Runs the given rules over an account, in the order given.
pub fn check_with<'r>(
    account: &Account,
    today: rollcall_model::Day,
    options: &Options,
    rules: impl IntoIterator<Item = &'r dyn Rule>,
) -> Vec<Finding> {
    let cx = CheckContext::new(account, today, options);
    let mut out = Vec::new();
    for rule in rules {
        rule.check(&cx, &mut out);
    }
    out
}
