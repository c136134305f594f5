//! Rules of the `directory` group: role and seat holders checked against the customer's
//! directory export (identity provider or HR leavers file). Without one they are silent.

pub mod departed_user;
pub mod role_holder_gone;
pub mod role_holder_leaving;
pub mod seat_held_by_leaver;
