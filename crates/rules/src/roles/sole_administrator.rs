//! # RC107 sole-administrator
//!
//! ### What it does
//! Flags an account with two or more contracts and teams together in which every role held
//! anywhere (Contract Manager, Software Coordinator, team admin) is held by one and the same
//! person. It does not fire where a contract role is unknown (RC503): that role may be
//! held by someone else.
//! A team admin row whose address is masked holds a role too: "every role" is then unknown.
//!
//! ### Why is this bad?
//! The whole account depends on one person: when they leave or are away, nobody can renew,
//! pay, assign seats or add users, on any contract. It is a single point of failure.
//!
//! ### Example
//! ```yaml
//! contracts:
//!   - number: "110001234567"
//!     contract_manager: jane.doe@acme.example
//!   - number: "110001234568"
//!     contract_manager: jane.doe@acme.example
//! ```
//!
//! ### Use instead
//! Share the roles:
//! ```yaml
//! contracts:
//!   - number: "110001234567"
//!     contract_manager: jane.doe@acme.example
//!     software_coordinators: [mark.lee@acme.example]
//!   - number: "110001234568"
//!     contract_manager: jane.doe@acme.example
//!     software_coordinators: [mark.lee@acme.example]
//! ```
//!
//! ### References
//! - `rollcall explain RC101` and `rollcall explain RC106`

use crate::finding::count;
use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity};

pub struct SoleAdministrator;

static META: RuleMeta = RuleMeta {
    code: "RC107",
    name: "sole-administrator",
    group: Group::Roles,
    severity: Severity::Warning,
    summary: "one person holds every role in an account of several contracts and teams",
    source: include_str!("sole_administrator.rs"),
    since: "0.1.0",
    policy: None,
};

impl Rule for SoleAdministrator {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let account = cx.account;
        if account.contracts.len() + account.teams.len() < 2 {
            return;
        }
        // A role that no input names may be held by someone else: "every role" is unknown.
        if account
            .contracts
            .iter()
            .any(|c| c.manager.is_unknown() || c.coordinators.is_unknown())
            || account.teams.iter().any(|t| t.masked_admins > 0)
        {
            return;
        }
        let Some(first) = cx.holdings.iter().min_by_key(|h| h.holder.origin) else {
            return;
        };
        let person = &first.holder.value;
        // A holder known only by hash (personal data off) has no address to name.
        if person.is_hash() || cx.holdings.iter().any(|h| h.holder.value != *person) {
            return;
        }
        out.push(
            Finding::new(
                &META,
                first.holder.origin,
                text!(
                    "`{person}` holds every role in the account ({} on {})",
                    count(cx.holdings.len(), "role", "roles"),
                    match (account.contracts.len(), account.teams.len()) {
                        (c, 0) => text!("{}", count(c, "contract", "contracts")),
                        (0, t) => text!("{}", count(t, "team", "teams")),
                        (c, t) => text!(
                            "{} and {}",
                            count(c, "contract", "contracts"),
                            count(t, "team", "teams")
                        ),
                    }
                ),
            )
            .label("the only person with any role")
            .help("share the roles: name another Software Coordinator or team admin")
            .user(person.as_str()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{lines, run, Builder};

    #[test]
    fn does_not_fire_when_a_contract_role_is_unknown() {
        let a = Builder::new()
            .contract("1", Some("a@x.example"), &[])
            .contract("2", Some("a@x.example"), &[])
            .build();
        assert_eq!(run(&SoleAdministrator, &a, "2026-11-01").len(), 1);
        let mut b = a.clone();
        b.contracts[1].coordinators = rollcall_model::Recorded::Unknown(None);
        assert!(run(&SoleAdministrator, &b, "2026-11-01").is_empty());
    }

    #[test]
    fn fires_when_one_person_holds_everything() {
        let a = Builder::new()
            .contract("1", Some("jane@a.example"), &[])
            .team("Design", Some("JANE@a.example"), &["jane@a.example"], &[])
            .build();
        let f = run(&SoleAdministrator, &a, "2026-11-01");
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
        assert_eq!(f[0].subject.user.as_deref(), Some("jane@a.example"));
        assert_eq!(f[0].subject.contract, None);
    }

    #[test]
    fn does_not_fire_for_one_contract_or_shared_roles_or_no_roles() {
        let one = Builder::new()
            .contract("1", Some("jane@a.example"), &[])
            .build();
        assert!(run(&SoleAdministrator, &one, "2026-11-01").is_empty());
        let shared = Builder::new()
            .contract("1", Some("jane@a.example"), &[])
            .contract("2", Some("jane@a.example"), &["mark@a.example"])
            .build();
        assert!(run(&SoleAdministrator, &shared, "2026-11-01").is_empty());
        let none = Builder::new()
            .contract("1", None, &[])
            .team("T", None, &[], &[])
            .build();
        assert!(run(&SoleAdministrator, &none, "2026-11-01").is_empty());
    }

    /// A team admin whose address is masked holds a role: "every role" is unknown.
    #[test]
    fn does_not_fire_where_a_masked_row_names_an_admin() {
        let mut a = Builder::new()
            .contract("1", Some("jane@a.example"), &[])
            .team("Design", Some("jane@a.example"), &[], &[])
            .build();
        assert_eq!(run(&SoleAdministrator, &a, "2026-11-01").len(), 1);
        a.teams[0].masked_admins = 1;
        assert!(run(&SoleAdministrator, &a, "2026-11-01").is_empty());
    }
}
