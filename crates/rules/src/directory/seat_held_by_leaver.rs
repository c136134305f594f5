//! # RC603 seat-held-by-leaver
//!
//! ### What it does
//! Flags a seat held by someone whom the customer's directory export lists as **left**
//! (disabled, blocked, deleted, deprovisioned, archived, terminated), or who is **not in the
//! directory** although it covers their domain. One finding per seat (contract, product and
//! user), at the assignment value, with the directory row as a second label. It counts in the
//! savings like RC304. Where it fires, RC304 (seat-held-by-dormant-user) and RC306
//! (unused-seat) do not fire on the same seat. A holder who is only suspended or away keeps
//! their seat. Without a directory export in the folder the rule is silent.
//!
//! ### Why is this bad?
//! Autodesk Account keeps a leaver's seat assigned, and the customer pays for it, until an
//! admin reclaims it: often for months, since the leaver's last activity is recent.
//!
//! ### Example
//! ```yaml
//! contracts:
//!   - number: "110001234567"
//!     products:
//!       - { name: AutoCAD, seats: 2, assigned: [leaver@acme.example] }
//! ```
//! with the Google Workspace "Download users" export beside it, where
//! `leaver@acme.example` is `Archived`.
//!
//! ### Use instead
//! Unassign the seat and give it to someone who needs it, or reduce the seats at renewal.
//!
//! ### References
//! - Autodesk Account: reclaiming unused seats
//! - rollcall's directory exports: docs/directory.md

use rustc_hash::FxHashSet as HashSet;

use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity, Standing};

pub struct SeatHeldByLeaver;

static META: RuleMeta = RuleMeta {
    code: "RC603",
    name: "seat-held-by-leaver",
    group: Group::Directory,
    severity: Severity::Warning,
    summary: "a seat is held by someone who has left the customer's directory",
    source: include_str!("seat_held_by_leaver.rs"),
    since: "0.3.0",
    policy: None,
};

impl Rule for SeatHeldByLeaver {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        if cx.account.directory.is_none() {
            return;
        }
        for contract in &cx.account.contracts {
            for product in &contract.products {
                // A plan or token pack is no paid seat.
                if !cx.has_seats(product) {
                    continue;
                }
                let mut seen = HashSet::default();
                for seat in product.assigned.iter().flatten() {
                    let user = &seat.user.value;
                    let Some(standing) = cx.standing(user).filter(|s| s.has_left()) else {
                        continue;
                    };
                    if !seen.insert(user.as_str()) {
                        continue;
                    }
                    let why = standing.describe();
                    let mut finding = Finding::new(
                        &META,
                        seat.user.origin,
                        text!(
                            "a seat of {} on contract {} is held by `{user}`, who {why}",
                            product.name.value,
                            contract.number.value
                        ),
                    )
                    .label(standing.label())
                    .help("reclaim the seat and assign it to someone who needs the product")
                    .contract(&contract.number.value)
                    .product(&product.name.value)
                    .frees(0, vec![user.to_string()])
                    .user(user.as_str());
                    if let Standing::Listed { row, .. } = standing {
                        finding = finding.also(row, text!("the directory row: this person {why}"));
                    }
                    out.push(finding);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{day, lines, run, Builder};
    use rollcall_model::{DirectorySource as Src, RowState};

    #[test]
    fn fires_once_per_seat_of_a_leaver_or_someone_not_listed() {
        let a = Builder::new()
            .contract("1", Some("cm@acme.example"), &[])
            .product(
                "AutoCAD",
                4,
                Some(&[
                    "gone@acme.example",
                    "GONE@acme.example",
                    "ghost@acme.example",
                    "arch@acme.example",
                ]),
            )
            .product("Revit", 1, Some(&["hr@acme.example"]))
            .dir(Src::Entra, &["cm@acme.example"], &[])
            .dir(Src::Entra, &["gone@acme.example"], &[RowState::Left(None)])
            .dir(
                Src::GoogleWorkspace,
                &["arch@acme.example"],
                &[RowState::Left(None)],
            )
            .dir(
                Src::HrLeavers,
                &["hr@acme.example"],
                &[RowState::Departs(day("2026-10-01"))],
            )
            .build();
        let f = run(&SeatHeldByLeaver, &a, "2026-11-01");
        let p = &a.contracts[0].products;
        let seat = |i: usize, j: usize| p[i].assigned.as_ref().unwrap()[j].user.origin.line;
        assert_eq!(lines(&f), [seat(0, 0), seat(0, 2), seat(0, 3), seat(1, 0)]);
        assert_eq!(f[0].frees.as_ref().unwrap().held_by, ["gone@acme.example"]);
        assert_eq!(f[1].subject.user.as_deref(), Some("ghost@acme.example"));
        assert!(f[1].labels.is_empty());
        assert_eq!(f[3].subject.product.as_deref(), Some("Revit"));
        assert_eq!(f[3].labels.len(), 1);
    }

    #[test]
    fn does_not_fire_for_absent_leaving_active_or_unjudged_holders() {
        let a = Builder::new()
            .contract("1", Some("cm@acme.example"), &[])
            .product(
                "AutoCAD",
                5,
                Some(&[
                    "away@acme.example",
                    "soon@acme.example",
                    "ok@acme.example",
                    "ext@partner.example",
                ]),
            )
            .dir(Src::Okta, &["away@acme.example"], &[RowState::Absent])
            .dir(Src::Okta, &["ok@acme.example", "soon@acme.example"], &[])
            .dir(
                Src::HrLeavers,
                &["soon@acme.example"],
                &[RowState::Departs(day("2026-11-15"))],
            )
            .build();
        assert!(run(&SeatHeldByLeaver, &a, "2026-11-01").is_empty());
        let without = Builder::new()
            .contract("1", None, &[])
            .product("AutoCAD", 1, Some(&["x@acme.example"]))
            .build();
        assert!(run(&SeatHeldByLeaver, &without, "2026-11-01").is_empty());
    }
}
