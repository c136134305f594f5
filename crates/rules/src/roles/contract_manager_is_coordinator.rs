//! # RC101 contract-manager-is-coordinator
//!
//! ### What it does
//! Flags a contract whose Contract Manager is also its only Software Coordinator: either no
//! coordinator is named (the Contract Manager then holds the role by default) or every
//! coordinator named is the Contract Manager. Autodesk calls this "Option A".
//!
//! ### Why is this bad?
//! With subscriptions, the Software Coordinator is who sets users up and gives them access to
//! what was bought. When that is the one person who also renews and pays, nobody can assign a
//! seat while they are away: the software is paid for and nobody can use it.
//!
//! ### Example
//! ```yaml
//! contracts:
//!   - number: "110001234567"
//!     contract_manager: jane.doe@acme.example
//!     software_coordinators: [jane.doe@acme.example]
//! ```
//!
//! ### Use instead
//! Name a second person ("Option B"):
//! ```yaml
//! contracts:
//!   - number: "110001234567"
//!     contract_manager: jane.doe@acme.example
//!     software_coordinators: [mark.lee@acme.example]
//! ```
//!
//! ### References
//! - Autodesk Account: roles and permissions (Contract Manager, Software Coordinator)
//! - `rollcall explain RC106` for the same idea on teams

use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity};

pub struct ContractManagerIsCoordinator;

static META: RuleMeta = RuleMeta {
    code: "RC101",
    name: "contract-manager-is-coordinator",
    group: Group::Roles,
    severity: Severity::Warning,
    summary: "the Contract Manager is the contract's only Software Coordinator (Option A)",
    source: include_str!("contract_manager_is_coordinator.rs"),
    since: "0.1.0",
    policy: None,
};

impl Rule for ContractManagerIsCoordinator {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        for contract in &cx.account.contracts {
            let Some(cm) = &contract.contract_manager else {
                continue;
            };
            // A holder known only by hash (personal data off) has no address to name.
            if cm.value.is_hash() {
                continue;
            }
            if contract.coordinators.is_unknown() {
                continue; // exports never say who the coordinators are
            }
            if contract
                .software_coordinators
                .iter()
                .any(|sc| sc.value != cm.value)
            {
                continue;
            }
            let (origin, label) = match contract.software_coordinators.first() {
                Some(sc) => (sc.origin, "the coordinator is the Contract Manager"),
                None => (
                    cm.origin,
                    "no Software Coordinator is named, so this person is both",
                ),
            };
            out.push(
                Finding::new(
                    &META,
                    origin,
                    text!(
                        "`{}` is both Contract Manager and Software Coordinator of contract {}",
                        cm.value, contract.number.value
                    ),
                )
                .label(label)
                .help("name a separate Software Coordinator so users can be set up while the Contract Manager is away")
                .contract(&contract.number.value)
                .user(cm.value.as_str()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{lines, run, Builder};

    #[test]
    fn fires_when_no_coordinator_is_named() {
        let a = Builder::new()
            .contract("1", Some("Jane@acme.example"), &[])
            .build();
        let f = run(&ContractManagerIsCoordinator, &a, "2026-11-01");
        assert_eq!(
            lines(&f),
            vec![
                a.contracts[0]
                    .contract_manager
                    .as_ref()
                    .unwrap()
                    .origin
                    .line
            ]
        );
        assert_eq!(f[0].subject.contract.as_deref(), Some("1"));
        assert_eq!(f[0].subject.user.as_deref(), Some("jane@acme.example"));
    }

    #[test]
    fn fires_when_every_coordinator_is_the_manager() {
        let a = Builder::new()
            .contract(
                "1",
                Some("jane@acme.example"),
                &["JANE@acme.example", "jane@acme.example"],
            )
            .build();
        let f = run(&ContractManagerIsCoordinator, &a, "2026-11-01");
        assert_eq!(
            lines(&f),
            vec![a.contracts[0].software_coordinators[0].origin.line]
        );
    }

    #[test]
    fn does_not_fire_when_an_export_does_not_say_who_the_coordinators_are() {
        let a = Builder::new()
            .contract("1", Some("jane@acme.example"), &[])
            .roles_unknown()
            .build();
        assert!(run(&ContractManagerIsCoordinator, &a, "2026-11-01").is_empty());
    }

    #[test]
    fn does_not_fire_with_a_separate_coordinator_or_without_a_manager() {
        let a = Builder::new()
            .contract(
                "1",
                Some("jane@acme.example"),
                &["jane@acme.example", "mark@acme.example"],
            )
            .contract("2", None, &[])
            .contract("3", None, &["mark@acme.example"])
            .build();
        assert!(run(&ContractManagerIsCoordinator, &a, "2026-11-01").is_empty());
    }
}
