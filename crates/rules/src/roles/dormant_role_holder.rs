//! # RC104 dormant-role-holder
//!
//! ### What it does
//! Flags a role holder who is in the user list and is dormant (status `inactive` or `removed`,
//! or last active more than `inactive_days` days ago) or whose invitation is still pending.
//! One finding per holder, role and contract or team.
//!
//! ### Why is this bad?
//! A role cannot be exercised by someone who is absent, gone or has never signed in. The
//! Contract Manager who left last spring cannot renew next month.
//!
//! ### Example
//! ```yaml
//! users:
//!   - email: old.boss@acme.example
//!     status: removed
//! contracts:
//!   - number: "110001234567"
//!     contract_manager: old.boss@acme.example
//! ```
//!
//! ### Use instead
//! Hand the role to someone who is active:
//! ```yaml
//! contracts:
//!   - number: "110001234567"
//!     contract_manager: jane.doe@acme.example
//! ```
//!
//! ### Options
//! - `inactive_days` (default 90): days without activity after which a user is dormant.
//!
//! ### References
//! - Autodesk Account: changing the Contract Manager

use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity};
use rollcall_model::Status;

pub struct DormantRoleHolder;

static META: RuleMeta = RuleMeta {
    code: "RC104",
    name: "dormant-role-holder",
    group: Group::Roles,
    severity: Severity::Warning,
    summary: "a role holder is dormant or has never accepted the invitation",
    source: include_str!("dormant_role_holder.rs"),
    since: "0.1.0",
    policy: None,
};

impl Rule for DormantRoleHolder {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        for h in cx.distinct_holdings() {
            let Some(user) = cx.user(&h.holder.value) else {
                continue;
            };
            if cx.role_holder_gone(&h.holder.value) {
                continue; // RC601, the more specific finding
            }
            let why = if cx.is_dormant(user) {
                cx.dormancy(user)
            } else if user.status == Status::Invited {
                "has not accepted the invitation".to_owned()
            } else {
                continue;
            };
            let finding = Finding::new(
                &META,
                h.holder.origin,
                text!(
                    "{} `{}` of {} {why}",
                    h.role.title(),
                    h.holder.value,
                    cx.describe(h.scope)
                ),
            )
            .label(text!("this person {why}"))
            .help("give the role to someone who is active in the account")
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
    fn fires_for_inactive_removed_invited_and_long_idle_holders() {
        let a = Builder::new()
            .user("in@a.example", Status::Inactive)
            .user("rm@a.example", Status::Removed)
            .user("inv@a.example", Status::Invited)
            .user("idle@a.example", Status::Active)
            .last_active("2026-08-02")
            .contract("1", Some("in@a.example"), &["rm@a.example"])
            .team("T", Some("inv@a.example"), &["idle@a.example"], &[])
            .build();
        let f = run(&DormantRoleHolder, &a, "2026-11-01");
        assert_eq!(f.len(), 4);
        assert_eq!(f[3].subject.team.as_deref(), Some("T"));
        assert_eq!(
            lines(&f)[0],
            a.contracts[0]
                .contract_manager
                .as_ref()
                .unwrap()
                .origin
                .line
        );
    }

    #[test]
    fn does_not_fire_at_exactly_the_inactivity_limit_or_for_unknown_holders() {
        let a = Builder::new()
            .user("ok@a.example", Status::Active)
            .last_active("2026-08-03")
            .contract("1", Some("ok@a.example"), &["ghost@a.example"])
            .build();
        assert!(run(&DormantRoleHolder, &a, "2026-11-01").is_empty());
    }

    #[test]
    fn does_not_fire_where_rc601_fires_on_the_same_holder_and_role() {
        use rollcall_model::{DirectorySource, RowState};
        let a = Builder::new()
            .user("gone@a.example", Status::Removed)
            .user("away@a.example", Status::Inactive)
            .user("fine@a.example", Status::Removed)
            .contract(
                "1",
                Some("gone@a.example"),
                &["away@a.example", "fine@a.example"],
            )
            .dir(
                DirectorySource::Entra,
                &["gone@a.example"],
                &[RowState::Left(None)],
            )
            .dir(
                DirectorySource::Okta,
                &["away@a.example"],
                &[RowState::Absent],
            )
            .dir(DirectorySource::Okta, &["fine@a.example"], &[])
            .build();
        // Only the holder the directory lists as active is left to RC104.
        let f = run(&DormantRoleHolder, &a, "2026-11-01");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].subject.user.as_deref(), Some("fine@a.example"));
    }
}
