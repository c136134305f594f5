//! # RC103 unknown-role-holder
//!
//! ### What it does
//! Flags a role holder (Contract Manager, Software Coordinator, or a team's primary, secondary
//! or SSO admin) whose address is not in the account's user list. It only runs when the account
//! has a user list. One finding per holder, role and contract or team.
//!
//! ### Why is this bad?
//! A role given to an address that has no user in the account cannot be exercised: the address
//! is mistyped, belongs to someone who was never invited, or to someone whose user was deleted.
//!
//! ### Example
//! ```yaml
//! users:
//!   - email: jane.doe@acme.example
//! contracts:
//!   - number: "110001234567"
//!     contract_manager: jane.doe@acme.example
//!     software_coordinators: [mark.lee@acme.example]   # not a user
//! ```
//!
//! ### Use instead
//! Invite the person first, or correct the address:
//! ```yaml
//! users:
//!   - email: jane.doe@acme.example
//!   - email: mark.lee@acme.example
//! ```
//!
//! ### References
//! - Autodesk Account: inviting users before assigning roles

use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity};

pub struct UnknownRoleHolder;

static META: RuleMeta = RuleMeta {
    code: "RC103",
    name: "unknown-role-holder",
    group: Group::Roles,
    severity: Severity::Error,
    summary: "a role holder is not in the account's user list",
    source: include_str!("unknown_role_holder.rs"),
    since: "0.1.0",
    policy: None,
};

impl Rule for UnknownRoleHolder {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        if !cx.has_user_list() {
            return;
        }
        for h in cx.distinct_holdings() {
            if cx.user(&h.holder.value).is_some() {
                continue;
            }
            let finding = Finding::new(
                &META,
                h.holder.origin,
                text!(
                    "{} `{}` of {} is not in the user list",
                    h.role.title(),
                    h.holder.value,
                    cx.describe(h.scope)
                ),
            )
            .label("no user has this address")
            .help("invite this person as a user, or correct the address")
            .user(h.holder.value.as_str());
            out.push(cx.in_scope(finding, h.scope));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{lines, run, Builder};
    use rollcall_model::Status;

    #[test]
    fn fires_once_per_holder_role_and_scope() {
        let a = Builder::new()
            .user("jane@acme.example", Status::Active)
            .contract(
                "1",
                Some("JANE@acme.example"),
                &["ghost@acme.example", "ghost@acme.example"],
            )
            .team(
                "Design",
                Some("ghost@acme.example"),
                &[],
                &["jane@acme.example"],
            )
            .build();
        let f = run(&UnknownRoleHolder, &a, "2026-11-01");
        assert_eq!(
            lines(&f),
            vec![
                a.contracts[0].software_coordinators[0].origin.line,
                a.teams[0].primary_admin.as_ref().unwrap().origin.line
            ]
        );
        assert_eq!(f[0].subject.contract.as_deref(), Some("1"));
        assert_eq!(f[1].subject.team.as_deref(), Some("Design"));
        assert_eq!(f[1].subject.user.as_deref(), Some("ghost@acme.example"));
    }

    #[test]
    fn does_not_fire_without_a_user_list() {
        let a = Builder::new()
            .contract("1", Some("ghost@acme.example"), &[])
            .build();
        assert!(run(&UnknownRoleHolder, &a, "2026-11-01").is_empty());
    }

    #[test]
    fn does_not_fire_for_listed_users_of_any_status() {
        let a = Builder::new()
            .user("jane@acme.example", Status::Removed)
            .contract("1", Some("jane@acme.example"), &[])
            .build();
        assert!(run(&UnknownRoleHolder, &a, "2026-11-01").is_empty());
    }
}
