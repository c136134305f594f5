//! # RC306 unused-seat
//!
//! ### What it does
//! Flags a seat whose usage says it has not been used: `days_used` is known and 0, it has no
//! `last_used`, and it was assigned at least `unused_days` days before today (or when it was
//! assigned is unknown). The usage comes from the usage report or from the snapshot's
//! assignment mapping. Where RC304 (seat-held-by-dormant-user) fires on the seat, RC306 does
//! not. One finding per user and product.
//!
//! When the holder is the contract's Contract Manager, the message says so: Autodesk gives the
//! purchaser a seat automatically, and it is often never used.
//!
//! ### Why is this bad?
//! The seat is paid for and nobody uses it. Give it to someone who needs the product, or
//! reduce the seat count at the renewal.
//!
//! ### Example
//! ```yaml
//! as_of: 2026-11-01
//! contracts:
//!   - number: "110001234567"
//!     products:
//!       - name: Revit
//!         seats: 1
//!         assigned:
//!           - { user: sam@acme.example, assigned_on: 2026-03-02, days_used: 0 }
//! ```
//!
//! ### Use instead
//! Reassign the seat to the person who needs Revit, or drop it at the renewal.
//!
//! ### Options
//! - `unused_days` (default 30): days after the assignment before an unused seat is reported.
//!
//! ### References
//! - Autodesk Account: the usage report (Reporting › Usage)

use rustc_hash::FxHashSet as HashSet;

use crate::finding::count;
use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity};

pub struct UnusedSeat;

static META: RuleMeta = RuleMeta {
    code: "RC306",
    name: "unused-seat",
    group: Group::Seats,
    severity: Severity::Warning,
    summary: "a seat assigned at least `unused_days` ago has not been used",
    source: include_str!("unused_seat.rs"),
    since: "0.2.0",
    policy: None,
};

impl Rule for UnusedSeat {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        for contract in &cx.account.contracts {
            for product in &contract.products {
                if !cx.has_seats(product) {
                    continue;
                }
                let mut seen = HashSet::default();
                for seat in product.assigned.iter().flatten() {
                    if !cx.is_unused(seat) || cx.held_by_dormant(seat) || cx.held_by_leaver(seat) {
                        continue;
                    }
                    let user = &seat.user.value;
                    if !seen.insert(user.as_str()) {
                        continue;
                    }
                    let since = seat.usage.assigned_on.as_ref().map_or_else(
                        || "since it was assigned".to_owned(),
                        |d| {
                            let days = cx.today.days_since(d.value);
                            text!("since {} ({})", d.value, count(days, "day", "days"))
                        },
                    );
                    let purchaser = contract
                        .contract_manager
                        .as_ref()
                        .is_some_and(|cm| cm.value == *user);
                    let (message, help) = if purchaser {
                        (
                            text!(
                                "the {} seat of contract {} held by its Contract Manager `{user}` has not been used {since}: Autodesk gives the purchaser a seat automatically",
                                product.name.value, contract.number.value
                            ),
                            "reassign the seat to the person who will use the product",
                        )
                    } else {
                        (
                            text!(
                                "the {} seat of `{user}` on contract {} has not been used {since}",
                                product.name.value, contract.number.value
                            ),
                            "reassign the seat to someone who needs the product, or reduce the seats at renewal",
                        )
                    };
                    out.push(
                        Finding::new(&META, seat.user.origin, message)
                            .label("0 days used, never used")
                            .help(help)
                            .contract(&contract.number.value)
                            .product(&product.name.value)
                            .frees(0, vec![user.to_string()])
                            .user(user.as_str()),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{lines, run, run_with, Builder, Usage};
    use crate::Options;
    use rollcall_model::Status;

    fn unused(assigned_on: Option<&'static str>) -> Usage {
        Usage {
            assigned_on,
            days_used: Some(0),
            ..Usage::default()
        }
    }

    #[test]
    fn fires_at_thirty_days_and_when_the_assignment_date_is_unknown() {
        let a = Builder::new()
            .contract("1", Some("cm@a.example"), &[])
            .product(
                "Revit",
                4,
                Some(&["a@a.example", "b@a.example", "c@a.example", "cm@a.example"]),
            )
            .usage("a@a.example", unused(Some("2026-10-02")))
            .usage("b@a.example", unused(Some("2026-10-03")))
            .usage("c@a.example", unused(None))
            .usage("cm@a.example", unused(Some("2026-01-01")))
            .build();
        let f = run(&UnusedSeat, &a, "2026-11-01");
        let seats = a.contracts[0].products[0].assigned.as_ref().unwrap();
        assert_eq!(
            lines(&f),
            vec![
                seats[0].user.origin.line,
                seats[2].user.origin.line,
                seats[3].user.origin.line
            ]
        );
        assert_eq!(f[0].subject.product.as_deref(), Some("Revit"));
        assert_eq!(f[0].subject.user.as_deref(), Some("a@a.example"));
        assert!(
            f[2].message.contains("Contract Manager"),
            "{}",
            f[2].message
        );
        assert!(!f[0].message.contains("Contract Manager"));
    }

    #[test]
    fn does_not_fire_on_use_unknown_usage_or_a_dormant_holder() {
        let a = Builder::new()
            .user("gone@a.example", Status::Removed)
            .user("used@a.example", Status::Active)
            .contract("1", Some("cm@a.example"), &[])
            .product(
                "Revit",
                4,
                Some(&[
                    "gone@a.example",
                    "used@a.example",
                    "x@a.example",
                    "y@a.example",
                ]),
            )
            .usage("gone@a.example", unused(Some("2026-01-01")))
            .usage(
                "used@a.example",
                Usage {
                    assigned_on: Some("2026-01-01"),
                    days_used: Some(0),
                    last_used: Some("2026-10-01"),
                    ..Usage::default()
                },
            )
            .usage(
                "x@a.example",
                Usage {
                    assigned_on: Some("2026-01-01"),
                    days_used: Some(3),
                    ..Usage::default()
                },
            )
            .build();
        assert!(run(&UnusedSeat, &a, "2026-11-01").is_empty());
    }

    #[test]
    fn the_threshold_is_an_option() {
        let a = Builder::new()
            .contract("1", Some("cm@a.example"), &[])
            .product("Revit", 1, Some(&["a@a.example"]))
            .usage("a@a.example", unused(Some("2026-10-20")))
            .build();
        assert!(run(&UnusedSeat, &a, "2026-11-01").is_empty());
        let options = Options {
            unused_days: 10,
            ..Options::default()
        };
        assert_eq!(run_with(&UnusedSeat, &a, "2026-11-01", &options).len(), 1);
    }

    #[test]
    fn does_not_fire_where_rc603_fires_on_the_same_seat() {
        use rollcall_model::{DirectorySource, RowState};
        let a = Builder::new()
            .contract("1", Some("cm@a.example"), &[])
            .product(
                "Revit",
                3,
                Some(&["left@a.example", "ghost@a.example", "ok@a.example"]),
            )
            .usage("left@a.example", unused(None))
            .usage("ghost@a.example", unused(None))
            .usage("ok@a.example", unused(None))
            .dir(
                DirectorySource::Entra,
                &["left@a.example"],
                &[RowState::Left(None)],
            )
            .dir(DirectorySource::Entra, &["ok@a.example"], &[])
            .build();
        // ghost@ is not in the directory that covers a.example: RC603's seat too.
        let f = run(&UnusedSeat, &a, "2026-11-01");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].subject.user.as_deref(), Some("ok@a.example"));
    }
}
