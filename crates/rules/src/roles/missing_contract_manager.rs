//! # RC102 missing-contract-manager
//!
//! ### What it does
//! Flags a contract with no Contract Manager (the key is absent or empty).
//!
//! ### Why is this bad?
//! Every Autodesk contract must have a Contract Manager: the person who renews, pays and
//! assigns. Without one, nobody can act on the contract, and it lapses at its end date.
//! RC101 does not fire on such a contract.
//!
//! ### Example
//! ```yaml
//! contracts:
//!   - number: "110001234567"
//!     software_coordinators: [mark.lee@acme.example]
//! ```
//!
//! ### Use instead
//! ```yaml
//! contracts:
//!   - number: "110001234567"
//!     contract_manager: jane.doe@acme.example
//!     software_coordinators: [mark.lee@acme.example]
//! ```
//!
//! ### References
//! - Autodesk Account: the Contract Manager role

use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity};

pub struct MissingContractManager;

static META: RuleMeta = RuleMeta {
    code: "RC102",
    name: "missing-contract-manager",
    group: Group::Roles,
    severity: Severity::Error,
    summary: "a contract has no Contract Manager",
    source: include_str!("missing_contract_manager.rs"),
    since: "0.1.0",
    policy: None,
};

impl Rule for MissingContractManager {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        for contract in &cx.account.contracts {
            if contract.contract_manager.is_some() || contract.manager.is_unknown() {
                continue;
            }
            out.push(
                Finding::new(
                    &META,
                    contract.number.origin,
                    text!("contract {} has no Contract Manager", contract.number.value),
                )
                .label("this contract has nobody who can renew, pay or assign")
                .help("add `contract_manager:` with the address of the person who renews and pays")
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
    fn fires_on_a_contract_without_a_manager() {
        let a = Builder::new()
            .contract("1", Some("a@x.example"), &[])
            .contract("2", None, &["b@x.example"])
            .build();
        let f = run(&MissingContractManager, &a, "2026-11-01");
        assert_eq!(lines(&f), vec![a.contracts[1].number.origin.line]);
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(f[0].subject.contract.as_deref(), Some("2"));
        assert_eq!(f[0].subject.user, None);
    }

    #[test]
    fn does_not_fire_when_the_source_does_not_record_managers() {
        let a = Builder::new()
            .contract("1", None, &[])
            .roles_unknown()
            .build();
        assert!(run(&MissingContractManager, &a, "2026-11-01").is_empty());
    }

    #[test]
    fn does_not_fire_when_every_contract_has_a_manager() {
        let a = Builder::new()
            .contract("1", Some("a@x.example"), &[])
            .build();
        assert!(run(&MissingContractManager, &a, "2026-11-01").is_empty());
    }
}
