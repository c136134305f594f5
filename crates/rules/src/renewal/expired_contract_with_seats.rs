//! # RC402 expired-contract-with-seats
//!
//! ### What it does
//! Flags a contract whose `ends` is before today while at least one of its products still has
//! users assigned. RC401 does not fire on such a contract.
//! Seats held by people whose address is masked (and who have no hash) are assignments too.
//!
//! ### Why is this bad?
//! The users assigned to an expired contract have lost access already, or the record is out of
//! date. Either renew the contract (and check who needs the seats) or move the users to a
//! contract that is still running.
//!
//! ### Example
//! ```yaml
//! as_of: 2026-11-01
//! contracts:
//!   - number: "110001234567"
//!     ends: 2026-09-30
//!     products:
//!       - { name: Civil 3D, seats: 2, assigned: [ana@acme.example] }
//! ```
//!
//! ### Use instead
//! Record the renewal's new end date, or unassign the seats of the expired contract.
//!
//! ### References
//! - Autodesk Account: expired subscriptions

use crate::finding::count;
use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity};

pub struct ExpiredContractWithSeats;

static META: RuleMeta = RuleMeta {
    code: "RC402",
    name: "expired-contract-with-seats",
    group: Group::Renewal,
    severity: Severity::Error,
    summary: "a contract has ended and users are still assigned to its products",
    source: include_str!("expired_contract_with_seats.rs"),
    since: "0.1.0",
    policy: None,
};

impl Rule for ExpiredContractWithSeats {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        for contract in &cx.account.contracts {
            let Some(ends) = &contract.ends else { continue };
            if ends.value >= cx.today {
                continue;
            }
            let held: usize = contract
                .products
                .iter()
                .map(|p| {
                    p.assigned.as_ref().map_or(0, Vec::len)
                        + usize::try_from(p.masked_holders).unwrap_or(usize::MAX)
                })
                .sum();
            if held == 0 {
                continue;
            }
            out.push(
                Finding::new(
                    &META,
                    ends.origin,
                    text!(
                        "contract {} ended on {} and still has {}",
                        contract.number.value,
                        ends.value,
                        count(held, "seat assignment", "seat assignments")
                    ),
                )
                .label(text!(
                    "ended {} ago",
                    count(cx.today.days_since(ends.value), "day", "days")
                ))
                .help("renew the contract, or move its users to a contract that is still running")
                .contract(&contract.number.value),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{lines, run, Builder};

    #[test]
    fn fires_on_an_ended_contract_with_assignments() {
        let a = Builder::new()
            .contract("1", Some("j@a.example"), &[])
            .ends("2026-10-31")
            .product("Revit", 1, Some(&[]))
            .product("Civil 3D", 2, Some(&["ana@a.example"]))
            .build();
        let f = run(&ExpiredContractWithSeats, &a, "2026-11-01");
        assert_eq!(
            lines(&f),
            vec![a.contracts[0].ends.as_ref().unwrap().origin.line]
        );
        assert_eq!(f[0].severity, Severity::Error);
    }

    #[test]
    fn does_not_fire_without_assignments_or_before_the_end() {
        let a = Builder::new()
            .contract("1", Some("j@a.example"), &[])
            .ends("2026-10-31")
            .product("Revit", 1, Some(&[]))
            .product("Maya", 1, None)
            .contract("2", Some("j@a.example"), &[])
            .ends("2026-11-01")
            .product("Revit", 1, Some(&["ana@a.example"]))
            .build();
        assert!(run(&ExpiredContractWithSeats, &a, "2026-11-01").is_empty());
    }

    /// A seat held by someone whose address is masked is still assigned on the ended contract.
    #[test]
    fn fires_where_only_masked_people_hold_seats() {
        let mut a = Builder::new()
            .contract("1", Some("j@a.example"), &[])
            .ends("2026-10-31")
            .product("Revit", 1, Some(&[]))
            .build();
        assert!(run(&ExpiredContractWithSeats, &a, "2026-11-01").is_empty());
        a.contracts[0].products[0].masked_holders = 1;
        assert_eq!(run(&ExpiredContractWithSeats, &a, "2026-11-01").len(), 1);
    }
}
