//! # RC309 expired-invitation
//!
//! ### What it does
//! Flags a user who is still `invited` when the invitation (`invited_on`) was sent more than
//! `invite_expiry_days` days ago. RC305 (stale-invitation) does not fire for that user.
//!
//! ### Why is this bad?
//! An Autodesk invitation that has not been accepted in time can no longer be accepted:
//! re-sending it is not enough. The person holds a place in the account (and maybe a seat)
//! that nobody can use. Remove the user and add them again, or leave them removed.
//!
//! ### Example
//! ```yaml
//! as_of: 2026-11-01
//! users:
//!   - { email: new.hire@acme.example, status: invited, invited_on: 2026-06-01 }
//! ```
//!
//! ### Use instead
//! Remove the user and add them again (a new invitation), then update `invited_on`.
//!
//! ### Options
//! - `invite_expiry_days` (default 90): days after which an invitation has expired; it must be
//!   above `invite_days`.
//!
//! ### References
//! - Autodesk Account: inviting users and resending invitations

use crate::finding::count;
use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity};

pub struct ExpiredInvitation;

static META: RuleMeta = RuleMeta {
    code: "RC309",
    name: "expired-invitation",
    group: Group::Seats,
    severity: Severity::Warning,
    summary: "an invitation is older than `invite_expiry_days` and can no longer be accepted",
    source: include_str!("expired_invitation.rs"),
    since: "0.2.0",
    policy: None,
};

impl Rule for ExpiredInvitation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        for (user, sent, age) in cx.pending_invitations() {
            if age <= i64::from(cx.options.invite_expiry_days) {
                continue;
            }
            out.push(
                Finding::new(
                    &META,
                    sent.origin,
                    text!(
                        "the invitation of `{}` was sent {} ago and has expired",
                        user.email.value,
                        count(age, "day", "days")
                    ),
                )
                .label(text!(
                    "sent {} before {}, past {}",
                    count(age, "day", "days"),
                    cx.today,
                    count(cx.options.invite_expiry_days, "day", "days")
                ))
                .help(
                    "remove the user and add them again: an expired invitation cannot be accepted",
                )
                .user(user.email.value.as_str()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{lines, run, run_with, Builder};
    use crate::Options;
    use rollcall_model::Status;

    #[test]
    fn fires_past_ninety_days() {
        let a = Builder::new()
            .user("old@a.example", Status::Invited)
            .invited_on("2026-08-02")
            .build();
        let f = run(&ExpiredInvitation, &a, "2026-11-01");
        let sent = a.users.as_ref().unwrap()[0].invited_on.as_ref().unwrap();
        assert_eq!(lines(&f), vec![sent.origin.line]);
        assert_eq!(f[0].subject.user.as_deref(), Some("old@a.example"));
        assert_eq!(f[0].severity, Severity::Warning);
    }

    #[test]
    fn does_not_fire_at_ninety_days_once_accepted_or_without_a_date() {
        let a = Builder::new()
            .user("ninety@a.example", Status::Invited)
            .invited_on("2026-08-03")
            .user("joined@a.example", Status::Active)
            .invited_on("2025-01-01")
            .user("nodate@a.example", Status::Invited)
            .build();
        assert!(run(&ExpiredInvitation, &a, "2026-11-01").is_empty());
    }

    #[test]
    fn the_expiry_is_an_option() {
        let a = Builder::new()
            .user("new@a.example", Status::Invited)
            .invited_on("2026-10-01")
            .build();
        let options = Options {
            invite_expiry_days: 30,
            ..Options::default()
        };
        assert_eq!(
            run_with(&ExpiredInvitation, &a, "2026-11-01", &options).len(),
            1
        );
        assert!(run(&ExpiredInvitation, &a, "2026-11-01").is_empty());
    }
}
