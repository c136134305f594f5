//! Rules of the `seats` group.

pub mod collection_overlap;
pub mod expired_invitation;
pub mod occasional_use_seat;
pub mod over_assigned_seats;
pub mod seat_held_by_dormant_user;
pub mod stale_invitation;
pub mod unassigned_seats;
pub mod unused_seat;
pub mod user_without_seat;
