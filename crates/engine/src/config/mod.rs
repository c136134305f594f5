//! Configuration: `rollcall.yaml` files, the embedded profiles, and the command line's
//! overrides, resolved into one [`Effective`] rule set with waivers.
//!
//! Layers apply in order: the profile (`extends`, else `default`), the file, the command line.
//! In each layer `select` replaces the set of enabled rules, `ignore` removes from it, and
//! `severity` overrides levels (`off` disables).

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use rollcall_policy::PolicySet;

use rollcall_model::Day;
use rollcall_rules::{
    all_rules, catalog_name, find_rule, option, option_keys, Collection, Group, Offering,
    OfferingKind, OptionRange, OptionSpec, OptionValue, Options, RuleMeta, Severity,
};

use rollcall_input::aliases::{self, Aliases};
use rollcall_input::exports::normalise_header;
use rollcall_input::yaml::{self, Node, Pos, Scalar};
use rollcall_source::{suggest, InputError, Loc};

mod catalog;
mod effective;
mod file;
mod find;
mod load;
mod profiles;
mod resolve;
mod selectors;
#[cfg(test)]
mod tests;
mod waivers;

pub use catalog::*;
pub use effective::*;
pub use file::*;
pub use find::*;
pub use load::*;
pub use profiles::*;
pub use resolve::*;
pub use selectors::*;
pub use waivers::*;
