//! # RC501 duplicate-user
//!
//! ### What it does
//! Flags a user entry whose email (compared case-insensitively) was already listed. One finding
//! per repeated entry after the first.
//!
//! ### Why is this bad?
//! Autodesk Account has one user per address. Two entries for one person mean the record was
//! merged from two sources or edited by hand, and the two may disagree on status or name: which
//! one is true decides what the other rules see (rollcall uses the first).
//!
//! ### Example
//! ```yaml
//! users:
//!   - email: jane.doe@acme.example
//!   - email: Jane.Doe@ACME.example
//! ```
//!
//! ### Use instead
//! Keep one entry per person.
//!
//! ### References
//! - Autodesk Account: user identity is the email address

use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity};

pub struct DuplicateUser;

static META: RuleMeta = RuleMeta {
    code: "RC501",
    name: "duplicate-user",
    group: Group::Integrity,
    severity: Severity::Error,
    summary: "two user entries have the same email",
    source: include_str!("duplicate_user.rs"),
    since: "0.1.0",
    policy: None,
};

impl Rule for DuplicateUser {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        for user in cx.account.users.iter().flatten() {
            let email = &user.email;
            // People known only by hash have no address to repeat.
            if email.value.is_hash() {
                continue;
            }
            // The context indexes each address's first entry: any other entry repeats it.
            let original = match cx.user(&email.value) {
                Some(first) if !std::ptr::eq(first, user) => first.email.origin,
                _ => continue,
            };
            out.push(
                Finding::new(
                    &META,
                    email.origin,
                    text!("user `{}` is listed more than once", email.value),
                )
                .label("repeated here")
                .also(original, "first listed here")
                .help("keep one entry per person and merge what the entries say")
                .user(email.value.as_str()),
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
    fn fires_on_each_repeat_whatever_the_case() {
        let a = Builder::new()
            .user("jane@a.example", Status::Active)
            .user("JANE@a.example", Status::Removed)
            .user("mark@a.example", Status::Active)
            .user("Jane@A.Example", Status::Active)
            .build();
        let f = run(&DuplicateUser, &a, "2026-11-01");
        let users = a.users.as_ref().unwrap();
        assert_eq!(
            lines(&f),
            vec![users[1].email.origin.line, users[3].email.origin.line]
        );
        assert_eq!(f[0].labels[0].origin, users[0].email.origin);
        assert_eq!(f[0].subject.user.as_deref(), Some("jane@a.example"));
    }

    #[test]
    fn does_not_fire_on_distinct_users() {
        let a = Builder::new()
            .user("jane@a.example", Status::Active)
            .user("jane@b.example", Status::Active)
            .build();
        assert!(run(&DuplicateUser, &a, "2026-11-01").is_empty());
    }
}
