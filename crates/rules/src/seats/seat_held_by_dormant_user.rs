//! # RC304 seat-held-by-dormant-user
//!
//! ### What it does
//! Flags a seat assigned to a dormant user: one whose status is `inactive` or `removed`, or who
//! was last active more than `inactive_days` days ago. One finding per user and product.
//!
//! ### Why is this bad?
//! A seat held by someone who left or stopped using the product is paid for and wasted. It is
//! the first seat to reclaim before buying another or renewing.
//!
//! ### Example
//! ```yaml
//! users:
//!   - { email: leaver@acme.example, status: removed }
//! contracts:
//!   - number: "110001234567"
//!     products:
//!       - { name: AutoCAD, seats: 1, assigned: [leaver@acme.example] }
//! ```
//!
//! ### Use instead
//! Unassign the seat and give it to someone who needs it.
//!
//! ### Options
//! - `inactive_days` (default 90): days without activity after which a user is dormant.
//!
//! ### References
//! - Autodesk Account: reclaiming unused seats

use std::collections::HashSet;

use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity};

pub struct SeatHeldByDormantUser;

static META: RuleMeta = RuleMeta {
    code: "RC304",
    name: "seat-held-by-dormant-user",
    group: Group::Seats,
    severity: Severity::Warning,
    summary: "a seat is assigned to a dormant user",
    source: include_str!("seat_held_by_dormant_user.rs"),
    since: "0.1.0",
    policy: None,
};

impl Rule for SeatHeldByDormantUser {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        if !cx.has_user_list() {
            return;
        }
        for contract in &cx.account.contracts {
            for product in &contract.products {
                if !cx.has_seats(product) {
                    continue;
                }
                let mut seen = HashSet::new();
                for assignment in product.assigned.iter().flatten() {
                    let seat = &assignment.user;
                    let Some(user) = cx.user(&seat.value) else {
                        continue;
                    };
                    if !cx.is_dormant(user)
                        || cx.held_by_leaver(assignment)
                        || !seen.insert(seat.value.as_str())
                    {
                        continue;
                    }
                    let why = cx.dormancy(user);
                    out.push(
                        Finding::new(
                            &META,
                            seat.origin,
                            text!(
                                "a seat of {} on contract {} is held by `{}`, who {why}",
                                product.name.value,
                                contract.number.value,
                                seat.value
                            ),
                        )
                        .label(text!("this user {why}"))
                        .help("reclaim the seat and assign it to someone who uses the product")
                        .contract(&contract.number.value)
                        .product(&product.name.value)
                        .frees(0, vec![seat.value.to_string()])
                        .user(seat.value.as_str()),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{lines, run, Builder};
    use rollcall_model::Status;

    #[test]
    fn fires_once_per_user_and_product() {
        let a = Builder::new()
            .user("gone@a.example", Status::Removed)
            .user("idle@a.example", Status::Active)
            .last_active("2026-07-01")
            .contract("1", Some("j@a.example"), &[])
            .product(
                "AutoCAD",
                3,
                Some(&["gone@a.example", "GONE@a.example", "idle@a.example"]),
            )
            .product("Revit", 1, Some(&["gone@a.example"]))
            .build();
        let f = run(&SeatHeldByDormantUser, &a, "2026-11-01");
        let p = &a.contracts[0].products;
        assert_eq!(
            lines(&f),
            vec![
                p[0].assigned.as_ref().unwrap()[0].user.origin.line,
                p[0].assigned.as_ref().unwrap()[2].user.origin.line,
                p[1].assigned.as_ref().unwrap()[0].user.origin.line
            ]
        );
        assert_eq!(f[2].subject.product.as_deref(), Some("Revit"));
        assert_eq!(f[2].subject.user.as_deref(), Some("gone@a.example"));
    }

    #[test]
    fn does_not_fire_for_active_invited_or_unlisted_holders() {
        let a = Builder::new()
            .user("ok@a.example", Status::Active)
            .last_active("2026-10-30")
            .user("new@a.example", Status::Invited)
            .contract("1", Some("j@a.example"), &[])
            .product(
                "AutoCAD",
                3,
                Some(&["ok@a.example", "new@a.example", "ghost@a.example"]),
            )
            .build();
        assert!(run(&SeatHeldByDormantUser, &a, "2026-11-01").is_empty());
    }

    #[test]
    fn does_not_fire_where_rc603_fires_on_the_same_seat() {
        use rollcall_model::{DirectorySource, RowState};
        let a = Builder::new()
            .user("gone@a.example", Status::Removed)
            .user("away@a.example", Status::Removed)
            .contract("1", Some("j@a.example"), &[])
            .product("AutoCAD", 3, Some(&["gone@a.example", "away@a.example"]))
            .dir(
                DirectorySource::GoogleWorkspace,
                &["gone@a.example"],
                &[RowState::Left(None)],
            )
            .dir(
                DirectorySource::GoogleWorkspace,
                &["away@a.example"],
                &[RowState::Absent],
            )
            .build();
        // A suspended holder is no leaver: RC304 keeps that seat.
        let f = run(&SeatHeldByDormantUser, &a, "2026-11-01");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].subject.user.as_deref(), Some("away@a.example"));
    }
}
