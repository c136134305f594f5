//! # RC303 user-without-seat
//!
//! ### What it does
//! When the user list is known and at least one product's assignments are known, flags each
//! user whose status is `active` or `invited` and who holds no seat on any product and no role.
//! A repeated entry of the same address (RC501) is the same person and is not reported again.
//! A seat an export assigns that no contract of the account sells is still held (the export
//! says so, and the row is counted in the account's skipped rows), unless it is of a plan.
//!
//! ### Why is this bad?
//! Someone was given an account but cannot use any software: either a seat assignment was
//! forgotten (a colleague is waiting), or the user should have been removed.
//!
//! ### Example
//! ```yaml
//! users:
//!   - email: ana@acme.example
//!   - email: raj@acme.example        # holds nothing
//! contracts:
//!   - number: "110001234567"
//!     contract_manager: ana@acme.example
//!     products:
//!       - { name: Revit, seats: 1, assigned: [ana@acme.example] }
//! ```
//!
//! ### Use instead
//! Assign raj a seat, or remove the user.
//!
//! ### References
//! - Autodesk Account: assigning users to products

use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity};
use rollcall_model::Status;

pub struct UserWithoutSeat;

static META: RuleMeta = RuleMeta {
    code: "RC303",
    name: "user-without-seat",
    group: Group::Seats,
    severity: Severity::Warning,
    summary: "an active or invited user holds no seat and no role",
    source: include_str!("user_without_seat.rs"),
    since: "0.1.0",
    policy: None,
};

impl Rule for UserWithoutSeat {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        if !cx.has_user_list() {
            return;
        }
        let any_known = cx
            .account
            .contracts
            .iter()
            .flat_map(|c| &c.products)
            .any(|p| p.assigned.is_some());
        if !any_known {
            return;
        }
        for user in cx.distinct_users() {
            if !matches!(user.status, Status::Active | Status::Invited) {
                continue;
            }
            let email = &user.email.value;
            if cx.holds_seat(email) || cx.holds_role(email) || cx.departed_user(user) {
                continue;
            }
            out.push(
                Finding::new(
                    &META,
                    user.email.origin,
                    text!("user `{email}` holds no seat and no role"),
                )
                .label("this user cannot use any product")
                .help("assign this user a seat, or remove the user from the account")
                .user(email.as_str()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{lines, run, Builder};

    #[test]
    fn fires_for_active_and_invited_users_with_nothing() {
        let a = Builder::new()
            .user("ana@a.example", Status::Active)
            .user("raj@a.example", Status::Active)
            .user("new@a.example", Status::Invited)
            .contract("1", Some("ana@a.example"), &[])
            .product("Revit", 1, Some(&["ANA@a.example"]))
            .build();
        let f = run(&UserWithoutSeat, &a, "2026-11-01");
        let users = a.users.as_ref().unwrap();
        assert_eq!(
            lines(&f),
            vec![users[1].email.origin.line, users[2].email.origin.line]
        );
        assert_eq!(f[0].subject.user.as_deref(), Some("raj@a.example"));
    }

    #[test]
    fn does_not_fire_twice_for_a_repeated_entry() {
        let a = Builder::new()
            .user("raj@a.example", Status::Active)
            .user("RAJ@a.example", Status::Active)
            .contract("1", Some("ana@a.example"), &[])
            .product("Revit", 0, Some(&[]))
            .build();
        assert_eq!(run(&UserWithoutSeat, &a, "2026-11-01").len(), 1);
    }

    #[test]
    fn does_not_fire_for_role_holders_dormant_users_or_unknown_assignments() {
        let a = Builder::new()
            .user("ana@a.example", Status::Active)
            .user("sc@a.example", Status::Active)
            .user("gone@a.example", Status::Removed)
            .user("off@a.example", Status::Inactive)
            .contract("1", Some("ana@a.example"), &["sc@a.example"])
            .product("Revit", 0, Some(&[]))
            .build();
        assert!(run(&UserWithoutSeat, &a, "2026-11-01").is_empty());
        let unknown = Builder::new()
            .user("raj@a.example", Status::Active)
            .contract("1", Some("ana@a.example"), &[])
            .product("Revit", 1, None)
            .build();
        assert!(run(&UserWithoutSeat, &unknown, "2026-11-01").is_empty());
    }

    #[test]
    fn a_plan_is_no_seat_and_a_token_pack_is_access() {
        let a = Builder::new()
            .user("plan@a.example", Status::Active)
            .user("flex@a.example", Status::Active)
            .contract("1", None, &[])
            .product(
                "Business Success Plan",
                2,
                Some(&["plan@a.example", "flex@a.example"]),
            )
            .product("Flex", 100, Some(&["flex@a.example"]))
            .build();
        let f =
            crate::testing::run_with(&UserWithoutSeat, &a, "2026-11-01", &crate::testing::plans());
        let users: Vec<_> = f.iter().map(|f| f.subject.user.as_deref()).collect();
        assert_eq!(users, vec![Some("plan@a.example")]);
    }

    #[test]
    fn does_not_fire_where_rc604_fires_for_the_same_user() {
        use rollcall_model::{DirectorySource, RowState};
        let a = Builder::new()
            .user("left@a.example", Status::Active)
            .user("ghost@a.example", Status::Invited)
            .user("idle@a.example", Status::Active)
            .user("cm@a.example", Status::Active)
            .contract("1", Some("cm@a.example"), &[])
            .product("AutoCAD", 1, Some(&["cm@a.example"]))
            .dir(
                DirectorySource::Okta,
                &["left@a.example"],
                &[RowState::Left(None)],
            )
            .dir(
                DirectorySource::Okta,
                &["idle@a.example", "cm@a.example"],
                &[],
            )
            .build();
        let f = run(&UserWithoutSeat, &a, "2026-11-01");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].subject.user.as_deref(), Some("idle@a.example"));
    }

    /// A seat an export assigns that no contract sells is held all the same (a token pack by
    /// any of its names is access), unless it is a plan.
    #[test]
    fn a_seat_on_no_known_contract_is_held_unless_it_is_a_plan() {
        let mut a = Builder::new()
            .user("maya@a.example", Status::Active)
            .user("flex@a.example", Status::Active)
            .user("plan@a.example", Status::Active)
            .contract("1", None, &[])
            .product("AutoCAD", 1, Some(&[]))
            .build();
        for (user, offering) in [
            ("maya@a.example", "Maya"),
            ("flex@a.example", "Flex Tokens"),
            ("plan@a.example", "premium"),
        ] {
            let user = a
                .users
                .as_ref()
                .unwrap()
                .iter()
                .find(|u| u.email.value.as_str() == user);
            let user = user.unwrap().email.clone();
            a.unplaced.push(rollcall_model::Unplaced {
                user,
                offering: offering.into(),
            });
        }
        let f =
            crate::testing::run_with(&UserWithoutSeat, &a, "2026-11-01", &crate::testing::plans());
        let users: Vec<_> = f.iter().map(|f| f.subject.user.as_deref()).collect();
        assert_eq!(users, vec![Some("plan@a.example")]);
    }
}
