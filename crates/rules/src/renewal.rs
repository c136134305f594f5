//! Rules of the `renewal` group.

pub mod expired_contract_with_seats;
pub mod idle_seats_at_renewal;
pub mod mixed_end_dates_in_pool;
pub mod renewal_due;
pub mod staggered_renewals;
