//! # RC405 idle-seats-at-renewal
//!
//! ### What it does
//! Flags a product of a contract that ends today or within `renewal_days` days after today
//! (whether or not it renews automatically) whose `assigned` list is known and which has idle
//! seats: `seats` minus the assigned users who are not dormant is 1 or more. The message gives
//! the idle count, split into unassigned seats and seats held by dormant users. One finding
//! per contract and product.
//! Seats held by people whose address is masked (and who have no hash) are not idle, as far as
//! anyone knows.
//!
//! ### Why is this bad?
//! Seat counts can only be reduced at the renewal. A seat nobody uses renews for another term
//! unless someone lowers the quantity before the date.
//!
//! ### Example
//! ```yaml
//! as_of: 2026-11-01
//! contracts:
//!   - number: "110001234567"
//!     ends: 2026-12-31
//!     auto_renew: true
//!     products:
//!       - { name: Revit, seats: 5, assigned: [ana@acme.example, ben@acme.example] }
//! ```
//!
//! ### Use instead
//! Reduce the Revit quantity to what is used before the renewal, or assign the seats.
//!
//! ### Options
//! - `renewal_days` (default 90): how far ahead a renewal is looked at.
//! - `inactive_days` (default 90): when a holder counts as dormant.
//!
//! ### References
//! - Autodesk Account: changing the seat quantity at renewal

use rustc_hash::FxHashSet as HashSet;

use crate::finding::count;
use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity};

pub struct IdleSeatsAtRenewal;

static META: RuleMeta = RuleMeta {
    code: "RC405",
    name: "idle-seats-at-renewal",
    group: Group::Renewal,
    severity: Severity::Info,
    summary: "a contract renewing within `renewal_days` has seats nobody active holds",
    source: include_str!("idle_seats_at_renewal.rs"),
    since: "0.2.0",
    policy: None,
};

impl Rule for IdleSeatsAtRenewal {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        for contract in &cx.account.contracts {
            let Some(ends) = &contract.ends else { continue };
            let left = ends.value.days_since(cx.today);
            if !(0..=i64::from(cx.options.renewal_days)).contains(&left) {
                continue;
            }
            for product in &contract.products {
                if !cx.has_seats(product) {
                    continue;
                }
                let Some(assigned) = &product.assigned else {
                    continue;
                };
                let mut holders = HashSet::default();
                let mut dormant = Vec::new();
                for seat in assigned {
                    if holders.insert(seat.user.value.as_str()) && cx.held_by_dormant(seat) {
                        dormant.push(seat.user.value.to_string());
                    }
                }
                let dormant_count = dormant.len() as u64;
                // Seats held by people whose address is masked are held (not idle, as far as
                // anyone knows).
                let held = holders.len() as u64 + product.masked_holders;
                let seats = product.seats.value;
                let idle = seats.saturating_sub(held - dormant_count);
                if idle == 0 {
                    continue;
                }
                let unassigned = seats.saturating_sub(held);
                let dormant_held = idle - unassigned;
                out.push(
                    Finding::new(
                        &META,
                        product.seats.origin,
                        text!(
                            "{idle} of {seats} {} {} on contract {} {} idle ({unassigned} unassigned, {dormant_held} held by {}) and it ends on {} ({})",
                            product.name.value,
                            if seats == 1 { "seat" } else { "seats" },
                            contract.number.value,
                            if idle == 1 { "is" } else { "are" },
                            if dormant_held == 1 { "a dormant user" } else { "dormant users" },
                            ends.value,
                            count(left, "day", "days")
                        ),
                    )
                    .label(text!("{idle} idle: reduce before {}", ends.value))
                    .help("lower the seat quantity at the renewal, or assign the seats to people who need them")
                    .contract(&contract.number.value)
                    .product(&product.name.value)
                    .frees(unassigned, dormant),
                );
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
    fn fires_on_idle_seats_of_a_contract_ending_within_ninety_days() {
        let a = Builder::new()
            .user("gone@a.example", Status::Removed)
            .user("ana@a.example", Status::Active)
            .contract("1", Some("cm@a.example"), &[])
            .ends("2027-01-30")
            .auto_renew(true)
            .product("Revit", 4, Some(&["ana@a.example", "gone@a.example"]))
            .product("AutoCAD", 1, Some(&["ana@a.example"]))
            .product("Maya", 2, None)
            .build();
        let f = run(&IdleSeatsAtRenewal, &a, "2026-11-01");
        assert_eq!(
            lines(&f),
            vec![a.contracts[0].products[0].seats.origin.line]
        );
        assert!(f[0].message.contains("3 of 4"), "{}", f[0].message);
        assert!(
            f[0].message
                .contains("2 unassigned, 1 held by a dormant user"),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].subject.product.as_deref(), Some("Revit"));
        assert_eq!(f[0].severity, Severity::Info);
    }

    #[test]
    fn does_not_fire_outside_the_window() {
        let a = Builder::new()
            .contract("1", Some("cm@a.example"), &[])
            .ends("2027-01-31")
            .product("Revit", 4, Some(&[]))
            .contract("2", Some("cm@a.example"), &[])
            .ends("2026-10-31")
            .product("Revit", 4, Some(&[]))
            .build();
        assert!(run(&IdleSeatsAtRenewal, &a, "2026-11-01").is_empty());
    }

    /// Seats held by people whose address is masked are not idle as far as anyone knows.
    #[test]
    fn seats_held_by_masked_people_are_not_idle() {
        let mut a = Builder::new()
            .contract("1", Some("cm@a.example"), &[])
            .ends("2027-01-30")
            .product("Revit", 2, Some(&[]))
            .build();
        assert_eq!(run(&IdleSeatsAtRenewal, &a, "2026-11-01").len(), 1);
        a.contracts[0].products[0].masked_holders = 1;
        let f = run(&IdleSeatsAtRenewal, &a, "2026-11-01");
        assert!(f[0].message.starts_with("1 of 2"), "{}", f[0].message);
        a.contracts[0].products[0].masked_holders = 2;
        assert!(run(&IdleSeatsAtRenewal, &a, "2026-11-01").is_empty());
    }
}
