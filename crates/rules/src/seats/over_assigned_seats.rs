//! # RC302 over-assigned-seats
//!
//! ### What it does
//! Flags a product with more users assigned than seats bought.
//!
//! ### Why is this bad?
//! Autodesk Account does not let more people hold a product than there are seats, so the data
//! is wrong: either a seat purchase is missing from the record or some of these people cannot
//! actually use the product. Either way the true-up or the renewal will be mis-sized.
//!
//! ### Example
//! ```yaml
//! products:
//!   - name: AutoCAD LT
//!     seats: 1
//!     assigned: [ana@acme.example, raj@acme.example]
//! ```
//!
//! ### Use instead
//! ```yaml
//! products:
//!   - name: AutoCAD LT
//!     seats: 2
//!     assigned: [ana@acme.example, raj@acme.example]
//! ```
//!
//! ### References
//! - Autodesk Account: seat assignment limits

use crate::finding::count;
use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity};

pub struct OverAssignedSeats;

static META: RuleMeta = RuleMeta {
    code: "RC302",
    name: "over-assigned-seats",
    group: Group::Seats,
    severity: Severity::Error,
    summary: "more users are assigned to a product than seats were bought",
    source: include_str!("over_assigned_seats.rs"),
    since: "0.1.0",
    policy: None,
};

impl Rule for OverAssignedSeats {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        for contract in &cx.account.contracts {
            for product in &contract.products {
                if !cx.has_seats(product) {
                    continue;
                }
                let Some(assigned) = &product.assigned else {
                    continue;
                };
                let (seats, held) = (product.seats.value, assigned.len() as u64);
                if held <= seats {
                    continue;
                }
                out.push(
                    Finding::new(
                        &META,
                        product.seats.origin,
                        text!(
                            "{} assigned to {} on contract {}, which has {}",
                            count(held, "user is", "users are"),
                            product.name.value,
                            contract.number.value,
                            count(seats, "seat", "seats")
                        ),
                    )
                    .label(text!(
                        "{} bought, {held} assigned",
                        count(seats, "seat", "seats")
                    ))
                    .help("correct the seat count or remove the extra assignments")
                    .contract(&contract.number.value)
                    .product(&product.name.value),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{lines, run, Builder};

    #[test]
    fn fires_when_more_are_assigned_than_bought() {
        let a = Builder::new()
            .contract("1", Some("j@a.example"), &[])
            .product("AutoCAD LT", 1, Some(&["a@a.example", "b@a.example"]))
            .build();
        let f = run(&OverAssignedSeats, &a, "2026-11-01");
        assert_eq!(
            lines(&f),
            vec![a.contracts[0].products[0].seats.origin.line]
        );
        assert_eq!(f[0].severity, Severity::Error);
    }

    #[test]
    fn does_not_fire_when_within_or_unknown() {
        let a = Builder::new()
            .contract("1", Some("j@a.example"), &[])
            .product("Revit", 2, Some(&["a@a.example", "b@a.example"]))
            .product("AutoCAD", 0, None)
            .build();
        assert!(run(&OverAssignedSeats, &a, "2026-11-01").is_empty());
    }
}
