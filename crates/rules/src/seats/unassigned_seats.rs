//! # RC301 unassigned-seats
//!
//! ### What it does
//! Flags a product whose list of assigned users is known and shorter than the seats bought.
//! Seats that export rows give to people whose address is masked (and who have no hash) count
//! as assigned.
//!
//! ### Why is this bad?
//! Bought seats that nobody holds are paid for and unused: assign them to the people waiting
//! for the software, or buy fewer at the next renewal.
//!
//! ### Example
//! ```yaml
//! products:
//!   - name: Revit
//!     seats: 5
//!     assigned: [ana@acme.example, raj@acme.example]
//! ```
//!
//! ### Use instead
//! ```yaml
//! products:
//!   - name: Revit
//!     seats: 2
//!     assigned: [ana@acme.example, raj@acme.example]
//! ```
//!
//! ### References
//! - Autodesk Account: assigning users to products

use crate::finding::count;
use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity};

pub struct UnassignedSeats;

static META: RuleMeta = RuleMeta {
    code: "RC301",
    name: "unassigned-seats",
    group: Group::Seats,
    severity: Severity::Warning,
    summary: "fewer users are assigned to a product than seats were bought",
    source: include_str!("unassigned_seats.rs"),
    since: "0.1.0",
    policy: None,
};

impl Rule for UnassignedSeats {
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
                // Seats held by people whose address is masked are held: by whom is unknown.
                let (seats, held) = (
                    product.seats.value,
                    assigned.len() as u64 + product.masked_holders,
                );
                if held >= seats {
                    continue;
                }
                out.push(
                    Finding::new(
                        &META,
                        product.seats.origin,
                        text!(
                            "{} of {} of {} on contract {} {} unassigned ({held} assigned)",
                            seats - held,
                            count(seats, "seat", "seats"),
                            product.name.value,
                            contract.number.value,
                            if seats - held == 1 { "is" } else { "are" }
                        ),
                    )
                    .label(text!(
                        "{} bought, {held} assigned",
                        count(seats, "seat", "seats")
                    ))
                    .help("assign the free seats, or reduce the seat count at renewal")
                    .contract(&contract.number.value)
                    .product(&product.name.value)
                    .frees(seats - held, Vec::new()),
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
    fn fires_with_both_numbers() {
        let a = Builder::new()
            .contract("1", Some("j@a.example"), &[])
            .product("Revit", 5, Some(&["a@a.example", "b@a.example"]))
            .product("AutoCAD", 1, Some(&[]))
            .build();
        let f = run(&UnassignedSeats, &a, "2026-11-01");
        assert_eq!(
            lines(&f),
            vec![
                a.contracts[0].products[0].seats.origin.line,
                a.contracts[0].products[1].seats.origin.line
            ]
        );
        assert!(
            f[0].message.contains('5') && f[0].message.contains('2'),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].subject.product.as_deref(), Some("Revit"));
        assert_eq!(f[0].subject.contract.as_deref(), Some("1"));
    }

    #[test]
    fn does_not_fire_when_full_over_or_unknown() {
        let a = Builder::new()
            .contract("1", Some("j@a.example"), &[])
            .product("Revit", 2, Some(&["a@a.example", "b@a.example"]))
            .product("Maya", 1, Some(&["a@a.example", "b@a.example"]))
            .product("AutoCAD", 10, None)
            .product("Fusion", 0, Some(&[]))
            .build();
        assert!(run(&UnassignedSeats, &a, "2026-11-01").is_empty());
    }

    #[test]
    fn plans_and_token_packs_are_not_seats() {
        let a = Builder::new()
            .contract("1", Some("j@a.example"), &[])
            .product("Premium", 6, Some(&["a@a.example", "b@a.example"]))
            .product("Flex Tokens", 500, Some(&["a@a.example"]))
            .product("Revit", 2, Some(&["a@a.example"]))
            .build();
        let f =
            crate::testing::run_with(&UnassignedSeats, &a, "2026-11-01", &crate::testing::plans());
        assert_eq!(
            lines(&f),
            vec![a.contracts[0].products[2].seats.origin.line]
        );
        assert_eq!(f[0].subject.product.as_deref(), Some("Revit"));
    }

    /// Seats held by people whose address is masked are held: they count towards the assigned,
    /// and the rule still fires where seats are left over whoever they are.
    #[test]
    fn seats_held_by_masked_people_count_as_assigned() {
        let mut a = Builder::new()
            .contract("1", Some("j@a.example"), &[])
            .product("Revit", 3, Some(&["a@a.example"]))
            .product("Maya", 2, Some(&["a@a.example"]))
            .build();
        a.contracts[0].products[0].masked_holders = 1;
        a.contracts[0].products[1].masked_holders = 1;
        let f = run(&UnassignedSeats, &a, "2026-11-01");
        assert_eq!(
            lines(&f),
            vec![a.contracts[0].products[0].seats.origin.line]
        );
        assert!(
            f[0].message.starts_with("1 of 3 seats") && f[0].message.contains("(2 assigned)"),
            "{}",
            f[0].message
        );
    }
}
