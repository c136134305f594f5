//! Rules of the `integrity` group.

pub mod duplicate_user;
pub mod source_disagreement;
