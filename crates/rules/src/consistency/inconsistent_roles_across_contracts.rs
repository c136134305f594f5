//! # RC201 inconsistent-roles-across-contracts
//!
//! ### What it does
//! When the customer's policy is `roles_across_contracts: same` and the account has two or more
//! contracts, flags each contract whose Contract Manager, or whose set of Software Coordinators
//! (the Contract Manager standing in when none is named), differs from the one most contracts
//! have. A tie goes to the earliest contract in the file. One finding per deviating contract and
//! role.
//!
//! ### Why is this bad?
//! Customers with several contracts often end up with different people in the roles on each,
//! by accident: a renewal placed by someone else, a reseller's default. The customer decided the
//! roles should be the same everywhere; this contract breaks that decision, and its renewal or
//! seat assignments will reach the wrong person.
//!
//! ### Example
//! ```yaml
//! policy: { roles_across_contracts: same }
//! contracts:
//!   - { number: "1001", contract_manager: jane@acme.example, software_coordinators: [mark@acme.example] }
//!   - { number: "1002", contract_manager: jane@acme.example, software_coordinators: [mark@acme.example] }
//!   - { number: "1003", contract_manager: tom@acme.example, software_coordinators: [mark@acme.example] }
//! ```
//!
//! ### Use instead
//! ```yaml
//!   - { number: "1003", contract_manager: jane@acme.example, software_coordinators: [mark@acme.example] }
//! ```
//! or, if the difference is intended, `roles_across_contracts: separate`.
//!
//! ### References
//! - `rollcall explain RC202` for accounts that have not decided

use super::{majority, Holders};
use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity};
use rollcall_model::RolesPolicy;

pub struct InconsistentRolesAcrossContracts;

static META: RuleMeta = RuleMeta {
    code: "RC201",
    name: "inconsistent-roles-across-contracts",
    group: Group::Consistency,
    severity: Severity::Warning,
    summary: "a contract's role holders differ from the other contracts' though policy says `same`",
    source: include_str!("inconsistent_roles_across_contracts.rs"),
    since: "0.1.0",
    policy: None,
};

impl Rule for InconsistentRolesAcrossContracts {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let account = cx.account;
        if account.roles_policy.as_ref().map(|p| p.value) != Some(RolesPolicy::Same)
            || account.contracts.len() < 2
        {
            return;
        }
        let holders = Holders::of(cx);
        let help = "the policy says roles are the same on every contract: give this contract the \
                    same holders as the others, or set `roles_across_contracts: separate`";
        if let Some(usual) = majority(&holders.cm) {
            for (i, contract) in account.contracts.iter().enumerate() {
                let Some(cm) = &contract.contract_manager else {
                    continue;
                };
                // A holder known only by hash (personal data off) has no address to name.
                if cm.value.as_str() == *usual || cm.value.is_hash() {
                    continue;
                }
                out.push(
                    Finding::new(
                        &META,
                        cm.origin,
                        text!(
                            "Contract Manager of contract {} is `{}`, most contracts have `{usual}`",
                            contract.number.value, cm.value
                        ),
                    )
                    .label(text!("differs from `{usual}`"))
                    .help(help)
                    .contract(&account.contracts[i].number.value)
                    .user(cm.value.as_str()),
                );
            }
        }
        if let Some(usual) = majority(&holders.scs) {
            for (i, contract) in account.contracts.iter().enumerate() {
                let Some(set) = &holders.scs[i] else { continue };
                if set == usual {
                    continue;
                }
                let values = cx.effective_coordinators(i);
                let Some(deviating) = values
                    .iter()
                    .find(|v| !usual.contains(v.value.as_str()))
                    .or_else(|| values.first())
                else {
                    continue;
                };
                if deviating.value.is_hash() {
                    continue;
                }
                let usual_list: Vec<&str> = usual.iter().copied().collect();
                let mine: Vec<&str> = set.iter().copied().collect();
                let standing_in = contract.software_coordinators.is_empty();
                out.push(
                    Finding::new(
                        &META,
                        deviating.origin,
                        text!(
                            "Software Coordinators of contract {} are {}, most contracts have {}",
                            contract.number.value,
                            quote_list(&mine),
                            quote_list(&usual_list)
                        ),
                    )
                    .label(if standing_in {
                        "no coordinator is named, so the Contract Manager stands in".to_owned()
                    } else {
                        text!("differs from {}", quote_list(&usual_list))
                    })
                    .help(help)
                    .contract(&contract.number.value)
                    .user(deviating.value.as_str()),
                );
            }
        }
    }
}

fn quote_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| text!("`{i}`")).collect();
    quoted.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{lines, run, Builder};

    fn same() -> Builder {
        Builder::new().policy(RolesPolicy::Same)
    }

    #[test]
    fn fires_on_the_deviating_manager() {
        let a = same()
            .contract("1", Some("jane@a.example"), &["mark@a.example"])
            .contract("2", Some("jane@a.example"), &["mark@a.example"])
            .contract("3", Some("tom@a.example"), &["mark@a.example"])
            .build();
        let f = run(&InconsistentRolesAcrossContracts, &a, "2026-11-01");
        assert_eq!(
            lines(&f),
            vec![
                a.contracts[2]
                    .contract_manager
                    .as_ref()
                    .unwrap()
                    .origin
                    .line
            ]
        );
        assert_eq!(f[0].subject.contract.as_deref(), Some("3"));
        assert_eq!(f[0].subject.user.as_deref(), Some("tom@a.example"));
    }

    #[test]
    fn fires_on_a_tie_against_the_later_contract_and_counts_the_standing_in_manager() {
        let a = same()
            .contract("1", Some("jane@a.example"), &["mark@a.example"])
            .contract("2", Some("jane@a.example"), &[])
            .build();
        let f = run(&InconsistentRolesAcrossContracts, &a, "2026-11-01");
        // Coordinators {mark} vs {jane}: a tie, the first contract wins; contract 2 deviates,
        // and its deviating coordinator is the Contract Manager standing in.
        assert_eq!(
            lines(&f),
            vec![
                a.contracts[1]
                    .contract_manager
                    .as_ref()
                    .unwrap()
                    .origin
                    .line
            ]
        );
        assert_eq!(f[0].subject.user.as_deref(), Some("jane@a.example"));
    }

    #[test]
    fn fires_once_per_role_when_both_differ() {
        let a = same()
            .contract("1", Some("jane@a.example"), &["mark@a.example"])
            .contract("2", Some("jane@a.example"), &["mark@a.example"])
            .contract(
                "3",
                Some("tom@a.example"),
                &["ann@a.example", "mark@a.example"],
            )
            .build();
        let f = run(&InconsistentRolesAcrossContracts, &a, "2026-11-01");
        assert_eq!(
            lines(&f),
            vec![
                a.contracts[2]
                    .contract_manager
                    .as_ref()
                    .unwrap()
                    .origin
                    .line,
                a.contracts[2].software_coordinators[0].origin.line
            ]
        );
    }

    #[test]
    fn does_not_fire_when_holders_match_or_policy_differs() {
        let a = same()
            .contract(
                "1",
                Some("jane@a.example"),
                &["mark@a.example", "ann@a.example"],
            )
            .contract(
                "2",
                Some("JANE@a.example"),
                &["ann@a.example", "Mark@a.example"],
            )
            .build();
        assert!(run(&InconsistentRolesAcrossContracts, &a, "2026-11-01").is_empty());
        let b = Builder::new()
            .policy(RolesPolicy::Separate)
            .contract("1", Some("jane@a.example"), &[])
            .contract("2", Some("tom@a.example"), &[])
            .build();
        assert!(run(&InconsistentRolesAcrossContracts, &b, "2026-11-01").is_empty());
        let one = same().contract("1", Some("jane@a.example"), &[]).build();
        assert!(run(&InconsistentRolesAcrossContracts, &one, "2026-11-01").is_empty());
    }
}
