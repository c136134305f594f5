//! # RC202 undecided-role-policy
//!
//! ### What it does
//! Flags an account with two or more contracts that do not all have the same Contract Manager
//! and the same set of Software Coordinators, when the customer has not set
//! `policy.roles_across_contracts`. One finding per account. Contracts without a Contract
//! Manager are left to RC102.
//!
//! ### Why is this bad?
//! Different people in the roles of different contracts is either a deliberate split (one
//! office per contract) or an accident of how each contract was bought. Only the customer
//! knows which; until they decide, nobody can tell whether the difference is a problem.
//!
//! ### Example
//! ```yaml
//! contracts:
//!   - { number: "1001", contract_manager: jane@acme.example }
//!   - { number: "1002", contract_manager: tom@acme.example }
//! ```
//!
//! ### Use instead
//! ```yaml
//! policy:
//!   roles_across_contracts: separate   # or `same`, and then align the holders
//! ```
//!
//! ### References
//! - `rollcall explain RC201`

use super::Holders;
use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity};

pub struct UndecidedRolePolicy;

static META: RuleMeta = RuleMeta {
    code: "RC202",
    name: "undecided-role-policy",
    group: Group::Consistency,
    severity: Severity::Warning,
    summary: "contracts have different role holders and no `roles_across_contracts` policy is set",
    source: include_str!("undecided_role_policy.rs"),
    since: "0.1.0",
    policy: None,
};

fn all_equal<T: PartialEq>(items: &[Option<T>]) -> bool {
    let mut present = items.iter().flatten();
    let Some(first) = present.next() else {
        return true;
    };
    present.all(|x| x == first)
}

impl Rule for UndecidedRolePolicy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let account = cx.account;
        if account.roles_policy.is_some() || account.contracts.len() < 2 {
            return;
        }
        let holders = Holders::of(cx);
        if all_equal(&holders.cm) && all_equal(&holders.scs) {
            return;
        }
        let first = &account.contracts[0];
        let origin = first
            .contract_manager
            .as_ref()
            .map_or(first.number.origin, |cm| cm.origin);
        out.push(
            Finding::new(
                &META,
                origin,
                text!(
                    "the {} contracts of this account have different role holders and no policy says whether that is intended",
                    account.contracts.len()
                ),
            )
            .label("the first contract's Contract Manager")
            .help("set `policy: { roles_across_contracts: same }` (and align the holders) or `separate`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{lines, run, Builder};
    use rollcall_model::RolesPolicy;

    #[test]
    fn fires_once_at_the_first_contracts_manager() {
        let a = Builder::new()
            .contract("1", Some("jane@a.example"), &["mark@a.example"])
            .contract("2", Some("tom@a.example"), &["mark@a.example"])
            .contract("3", Some("ann@a.example"), &["mark@a.example"])
            .build();
        let f = run(&UndecidedRolePolicy, &a, "2026-11-01");
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
        assert_eq!(f[0].subject, crate::Subject::default());
    }

    #[test]
    fn fires_on_different_coordinators_alone() {
        let a = Builder::new()
            .contract("1", Some("jane@a.example"), &["mark@a.example"])
            .contract("2", Some("jane@a.example"), &[])
            .build();
        assert_eq!(run(&UndecidedRolePolicy, &a, "2026-11-01").len(), 1);
    }

    #[test]
    fn does_not_fire_when_all_match_or_a_policy_is_set() {
        let a = Builder::new()
            .contract("1", Some("jane@a.example"), &[])
            .contract("2", Some("Jane@A.example"), &["jane@a.example"])
            .build();
        assert!(run(&UndecidedRolePolicy, &a, "2026-11-01").is_empty());
        let b = Builder::new()
            .policy(RolesPolicy::Separate)
            .contract("1", Some("jane@a.example"), &[])
            .contract("2", Some("tom@a.example"), &[])
            .build();
        assert!(run(&UndecidedRolePolicy, &b, "2026-11-01").is_empty());
    }
}
