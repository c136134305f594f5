//! Rules of the `renewal` group.

pub mod expired_contract_with_seats;
pub mod renewal_due;
