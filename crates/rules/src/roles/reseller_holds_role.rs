//! # RC108 reseller-holds-role
//!
//! ### What it does
//! Flags a role holder (Contract Manager, Software Coordinator, or a team's primary, secondary
//! or SSO admin) whose address is in the domain of one of the account's reseller contacts (any
//! contract's `reseller`, or the subscriptions export's `reseller_email`) and in none of the
//! account's own `domains`. One finding per holder, role and contract or team. RC105
//! (external-role-holder) does not fire for the same holder, role and contract or team.
//!
//! ### Why is this bad?
//! The customer cannot renew, pay, assign seats or add users without its reseller: when the
//! reseller's staff member leaves, or the customer changes reseller, nobody at the customer
//! holds the role. Resellers are often given a role during onboarding and it is never handed
//! back.
//!
//! ### Example
//! ```yaml
//! domains: [acme.example]
//! contracts:
//!   - number: "110001234567"
//!     contract_manager: jane.doe@acme.example
//!     software_coordinators: [support@cadpartner.example]
//!     reseller: renewals@cadpartner.example
//! ```
//!
//! ### Use instead
//! ```yaml
//! contracts:
//!   - number: "110001234567"
//!     contract_manager: jane.doe@acme.example
//!     software_coordinators: [mark.lee@acme.example]
//!     reseller: renewals@cadpartner.example
//! ```
//!
//! ### References
//! - Autodesk Account: Contract Manager and Software Coordinator roles; working with a reseller

use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity};

pub struct ResellerHoldsRole;

static META: RuleMeta = RuleMeta {
    code: "RC108",
    name: "reseller-holds-role",
    group: Group::Roles,
    severity: Severity::Warning,
    summary: "a role is held by someone of the customer's reseller",
    source: include_str!("reseller_holds_role.rs"),
    since: "0.2.0",
    policy: None,
};

impl Rule for ResellerHoldsRole {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        for h in cx.distinct_holdings() {
            let Some(domain) = cx.reseller_domain_of(&h.holder.value) else {
                continue;
            };
            let finding = Finding::new(
                &META,
                h.holder.origin,
                text!(
                    "{} `{}` of {} is at the reseller ({domain})",
                    h.role.title(),
                    h.holder.value,
                    cx.describe(h.scope)
                ),
            )
            .label(text!("an address of the reseller's domain {domain}"))
            .help("give the role to someone of the customer; the reseller can keep its own contact")
            .user(h.holder.value.as_str());
            out.push(cx.in_scope(finding, h.scope));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{lines, run, Builder};

    #[test]
    fn fires_per_holder_role_and_scope_in_a_reseller_domain() {
        let a = Builder::new()
            .domains(&["acme.example"])
            .contract(
                "1",
                Some("jane@acme.example"),
                &["support@cadpartner.example", "Support@CadPartner.example"],
            )
            .reseller("renewals@cadpartner.example")
            .contract("2", Some("ops@eu.cadpartner.example"), &[])
            .team("T", Some("support@cadpartner.example"), &[], &[])
            .build();
        let f = run(&ResellerHoldsRole, &a, "2026-11-01");
        assert_eq!(
            lines(&f),
            vec![
                a.contracts[0].software_coordinators[0].origin.line,
                a.contracts[1]
                    .contract_manager
                    .as_ref()
                    .unwrap()
                    .origin
                    .line,
                a.teams[0].primary_admin.as_ref().unwrap().origin.line,
            ]
        );
        assert_eq!(f[0].subject.contract.as_deref(), Some("1"));
        assert_eq!(f[2].subject.team.as_deref(), Some("T"));
        assert_eq!(
            f[0].subject.user.as_deref(),
            Some("support@cadpartner.example")
        );
    }

    #[test]
    fn fires_without_domains_and_not_inside_them() {
        let a = Builder::new()
            .contract("1", Some("support@cadpartner.example"), &[])
            .reseller("renewals@cadpartner.example")
            .build();
        assert_eq!(run(&ResellerHoldsRole, &a, "2026-11-01").len(), 1);
        // The reseller's domain is one of the customer's own: not the reseller's staff.
        let b = Builder::new()
            .domains(&["cadpartner.example"])
            .contract("1", Some("support@cadpartner.example"), &[])
            .reseller("renewals@cadpartner.example")
            .build();
        assert!(run(&ResellerHoldsRole, &b, "2026-11-01").is_empty());
    }

    #[test]
    fn does_not_fire_without_a_reseller_contact() {
        let a = Builder::new()
            .domains(&["acme.example"])
            .contract("1", Some("support@cadpartner.example"), &[])
            .build();
        assert!(run(&ResellerHoldsRole, &a, "2026-11-01").is_empty());
    }
}
