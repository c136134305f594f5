//! # RC105 external-role-holder
//!
//! ### What it does
//! When the account lists its own email `domains`, flags a role holder whose address is outside
//! all of them. A subdomain of a listed domain (`uk.acme.example` for `acme.example`) counts as
//! inside. One finding per holder, role and contract or team.
//!
//! Where the address is in the domain of one of the account's reseller contacts, RC108
//! (reseller-holds-role) fires instead.
//!
//! ### Why is this bad?
//! A role held from a personal mailbox or by the reseller leaves the customer unable to act on
//! its own contract when that person moves on, and sends renewal notices outside the company.
//!
//! ### Example
//! ```yaml
//! domains: [acme.example]
//! contracts:
//!   - number: "110001234567"
//!     contract_manager: jane.doe@gmail.example
//! ```
//!
//! ### Use instead
//! ```yaml
//! domains: [acme.example]
//! contracts:
//!   - number: "110001234567"
//!     contract_manager: jane.doe@acme.example
//! ```
//!
//! ### References
//! - Autodesk Account: the customer's administrators should be its own staff

use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity};

pub struct ExternalRoleHolder;

static META: RuleMeta = RuleMeta {
    code: "RC105",
    name: "external-role-holder",
    group: Group::Roles,
    severity: Severity::Warning,
    summary: "a role holder's address is outside the customer's own domains",
    source: include_str!("external_role_holder.rs"),
    since: "0.1.0",
    policy: None,
};

impl Rule for ExternalRoleHolder {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let Some(domains) = cx.account.domains.as_ref().filter(|d| !d.is_empty()) else {
            return;
        };
        for h in cx.distinct_holdings() {
            if cx.is_own(&h.holder.value) != Some(false) {
                continue;
            }
            // In a reseller contact's domain: RC108 says it, more precisely.
            if cx.reseller_domain_of(&h.holder.value).is_some() {
                continue;
            }
            let listed: Vec<&str> = domains.iter().map(|d| d.value.as_str()).collect();
            let finding = Finding::new(
                &META,
                h.holder.origin,
                text!(
                    "{} `{}` of {} is outside the account's domains",
                    h.role.title(),
                    h.holder.value,
                    cx.describe(h.scope)
                ),
            )
            .label(text!("not an address of {}", listed.join(", ")))
            .help("give the role to someone with an address of the customer's own domains")
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
    fn fires_for_addresses_outside_every_domain() {
        let a = Builder::new()
            .domains(&["acme.example"])
            .contract(
                "1",
                Some("jane@acme.example"),
                &["reseller@cadpartner.example"],
            )
            .team("T", Some("me@notacme.example"), &[], &[])
            .build();
        let f = run(&ExternalRoleHolder, &a, "2026-11-01");
        assert_eq!(
            lines(&f),
            vec![
                a.contracts[0].software_coordinators[0].origin.line,
                a.teams[0].primary_admin.as_ref().unwrap().origin.line
            ]
        );
    }

    #[test]
    fn gives_way_to_rc108_for_the_reseller() {
        let a = Builder::new()
            .domains(&["acme.example"])
            .contract(
                "1",
                Some("jane@gmail.example"),
                &["support@cadpartner.example"],
            )
            .reseller("renewals@cadpartner.example")
            .build();
        let f = run(&ExternalRoleHolder, &a, "2026-11-01");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].subject.user.as_deref(), Some("jane@gmail.example"));
    }

    #[test]
    fn does_not_fire_without_domains_or_inside_them() {
        let a = Builder::new()
            .contract("1", Some("jane@gmail.example"), &[])
            .build();
        assert!(run(&ExternalRoleHolder, &a, "2026-11-01").is_empty());
        let b = Builder::new()
            .domains(&["acme.example", "acme-eng.example"])
            .contract(
                "1",
                Some("jane@acme.example"),
                &["mark@uk.acme.example", "li@acme-eng.example"],
            )
            .build();
        assert!(run(&ExternalRoleHolder, &b, "2026-11-01").is_empty());
    }
}
