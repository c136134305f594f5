//! Rules of the `integrity` group.

pub mod duplicate_user;
pub mod role_holders_not_recorded;
pub mod source_disagreement;
