//! # RC604 departed-user
//!
//! ### What it does
//! Flags an `active` or `invited` user of the account whose address is in a domain the
//! customer's identity-provider export covers, who is **left** or **not in the directory**
//! there, and who holds no seat and no role (those are RC603's and RC601's findings). One
//! finding per user, at the user's address value, with the directory row as a second label.
//! Where it fires, RC303 (user-without-seat) does not fire for the same user. Without a
//! directory export in the folder the rule is silent.
//!
//! ### Why is this bad?
//! The person's Autodesk access outlives their job: they can still sign in, see the
//! company's contracts and download software, and they count as a user of the account.
//!
//! ### Example
//! ```yaml
//! users:
//!   - { email: leaver@acme.example, status: active }
//! ```
//! with the Okta Password Health report beside it, where `leaver@acme.example` is
//! `DEPROVISIONED`.
//!
//! ### Use instead
//! Remove the user from the Autodesk account when they leave.
//!
//! ### References
//! - Autodesk Account: removing users
//! - rollcall's directory exports: docs/directory.md

use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity, Standing};

pub struct DepartedUser;

static META: RuleMeta = RuleMeta {
    code: "RC604",
    name: "departed-user",
    group: Group::Directory,
    severity: Severity::Warning,
    summary: "a user who has left the customer's directory still has Autodesk access",
    source: include_str!("departed_user.rs"),
    since: "0.3.0",
    policy: None,
};

impl Rule for DepartedUser {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        if cx.account.directory.is_none() {
            return;
        }
        for user in cx.distinct_users() {
            if !cx.departed_user(user) {
                continue;
            }
            let Some(standing) = cx.standing(&user.email.value) else {
                continue;
            };
            let email = &user.email.value;
            let why = standing.describe();
            let mut finding = Finding::new(
                &META,
                user.email.origin,
                text!(
                    "{} user `{email}` {why} but can still sign in to Autodesk Account",
                    user.status.as_str()
                ),
            )
            .label(standing.label())
            .help("remove the user from the Autodesk account")
            .user(email.as_str());
            if let Standing::Listed { row, .. } = standing {
                finding = finding.also(row, text!("the directory row: this person {why}"));
            }
            out.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{lines, run, Builder};
    use rollcall_model::{DirectorySource as Src, RowState, Status};

    #[test]
    fn fires_for_active_or_invited_users_who_left_or_are_not_listed() {
        let a = Builder::new()
            .user("left@acme.example", Status::Active)
            .user("inv@acme.example", Status::Invited)
            .user("ok@acme.example", Status::Active)
            .contract("1", Some("ok@acme.example"), &[])
            .dir(Src::Okta, &["ok@acme.example"], &[])
            .dir(Src::Okta, &["left@acme.example"], &[RowState::Left(None)])
            .build();
        let f = run(&DepartedUser, &a, "2026-11-01");
        let users = a.users.as_ref().unwrap();
        assert_eq!(
            lines(&f),
            [users[0].email.origin.line, users[1].email.origin.line]
        );
        assert_eq!(f[0].labels.len(), 1);
        assert!(
            f[1].message.contains("not in the directory"),
            "{}",
            f[1].message
        );
        assert_eq!(f[1].subject.user.as_deref(), Some("inv@acme.example"));
    }

    #[test]
    fn does_not_fire_for_holders_dormant_users_absent_people_or_uncovered_domains() {
        let a = Builder::new()
            .user("seat@acme.example", Status::Active)
            .user("role@acme.example", Status::Active)
            .user("removed@acme.example", Status::Removed)
            .user("away@acme.example", Status::Active)
            .user("ext@partner.example", Status::Active)
            .user("hr@other.example", Status::Active)
            .contract("1", Some("role@acme.example"), &[])
            .product("AutoCAD", 1, Some(&["seat@acme.example"]))
            .dir(Src::Entra, &["seat@acme.example"], &[RowState::Left(None)])
            .dir(Src::Entra, &["role@acme.example"], &[RowState::Left(None)])
            .dir(Src::Entra, &["away@acme.example"], &[RowState::Absent])
            .dir(
                Src::HrLeavers,
                &["hr@other.example"],
                &[RowState::Left(None)],
            )
            .build();
        // removed@ is not in the directory but is no longer an active user.
        assert!(run(&DepartedUser, &a, "2026-11-01").is_empty());
    }
}
