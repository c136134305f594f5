//! # RC305 stale-invitation
//!
//! ### What it does
//! Flags a user who is still `invited` when the invitation (`invited_on`) was sent more than
//! `invite_days` days ago. Past `invite_expiry_days` the invitation can no longer be accepted
//! and RC309 (expired-invitation) fires instead.
//!
//! ### Why is this bad?
//! Autodesk invitations are easy to miss and expire; until the person accepts, they cannot use
//! the seat they were given or the role they hold. After a week, re-send it or ask why.
//!
//! ### Example
//! ```yaml
//! as_of: 2026-11-01
//! users:
//!   - { email: new.hire@acme.example, status: invited, invited_on: 2026-10-01 }
//! ```
//!
//! ### Use instead
//! Re-send the invitation and update `invited_on`, or remove the user.
//!
//! ### Options
//! - `invite_days` (default 7): days after which an unanswered invitation is stale.
//! - `invite_expiry_days` (default 90): days after which it has expired (RC309's finding).
//!
//! ### References
//! - Autodesk Account: resending an invitation

use crate::finding::count;
use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity};

pub struct StaleInvitation;

static META: RuleMeta = RuleMeta {
    code: "RC305",
    name: "stale-invitation",
    group: Group::Seats,
    severity: Severity::Warning,
    summary: "an invitation has gone unanswered for longer than `invite_days`",
    source: include_str!("stale_invitation.rs"),
    since: "0.1.0",
    policy: None,
};

impl Rule for StaleInvitation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        for (user, sent, age) in cx.pending_invitations() {
            if age <= i64::from(cx.options.invite_days)
                || age > i64::from(cx.options.invite_expiry_days)
            {
                continue;
            }
            out.push(
                Finding::new(
                    &META,
                    sent.origin,
                    text!(
                        "the invitation of `{}` was sent {} ago and is still pending",
                        user.email.value,
                        count(age, "day", "days")
                    ),
                )
                .label(text!(
                    "sent {} before {}",
                    count(age, "day", "days"),
                    cx.today
                ))
                .help("re-send the invitation, or remove the user if they no longer need access")
                .user(user.email.value.as_str()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{lines, run, Builder};
    use rollcall_model::Status;

    #[test]
    fn fires_after_more_than_seven_days() {
        let a = Builder::new()
            .user("new@a.example", Status::Invited)
            .invited_on("2026-10-24")
            .build();
        let f = run(&StaleInvitation, &a, "2026-11-01");
        assert_eq!(
            lines(&f),
            vec![
                a.users.as_ref().unwrap()[0]
                    .invited_on
                    .as_ref()
                    .unwrap()
                    .origin
                    .line
            ]
        );
        assert_eq!(f[0].subject.user.as_deref(), Some("new@a.example"));
    }

    #[test]
    fn gives_way_to_rc309_past_the_expiry() {
        let a = Builder::new()
            .user("ninety@a.example", Status::Invited)
            .invited_on("2026-08-03")
            .user("ninety-one@a.example", Status::Invited)
            .invited_on("2026-08-02")
            .build();
        let f = run(&StaleInvitation, &a, "2026-11-01");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].subject.user.as_deref(), Some("ninety@a.example"));
    }

    #[test]
    fn does_not_fire_at_seven_days_or_once_accepted() {
        let a = Builder::new()
            .user("new@a.example", Status::Invited)
            .invited_on("2026-10-25")
            .user("old@a.example", Status::Active)
            .invited_on("2025-01-01")
            .user("nodate@a.example", Status::Invited)
            .build();
        assert!(run(&StaleInvitation, &a, "2026-11-01").is_empty());
    }
}
