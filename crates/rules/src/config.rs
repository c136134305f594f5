//! Diagnostics about the configuration itself (`RC9xx`). They are not run over accounts: the
//! engine raises them while applying waivers. They live here so that `rollcall explain` and
//! selection treat them like every other rule.

pub mod expired_waiver;
pub mod unused_waiver;
