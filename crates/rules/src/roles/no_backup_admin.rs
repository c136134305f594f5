//! # RC106 no-backup-admin
//!
//! ### What it does
//! Flags a team that has a primary admin and no secondary or SSO admin who is another person.
//! An admin row whose address is masked may be the backup: the team is then not reported.
//!
//! ### Why is this bad?
//! In Autodesk's newer user management, team admins add and remove users and assign products.
//! A team with one admin stops when that admin is away: nobody can give a new starter access.
//!
//! ### Example
//! ```yaml
//! teams:
//!   - name: Design
//!     primary_admin: jane.doe@acme.example
//!     secondary_admins: []
//! ```
//!
//! ### Use instead
//! ```yaml
//! teams:
//!   - name: Design
//!     primary_admin: jane.doe@acme.example
//!     secondary_admins: [mark.lee@acme.example]
//! ```
//!
//! ### References
//! - Autodesk Account: team admin roles (primary, secondary, SSO)
//! - `rollcall explain RC101` for the same idea on contracts

use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity};

pub struct NoBackupAdmin;

static META: RuleMeta = RuleMeta {
    code: "RC106",
    name: "no-backup-admin",
    group: Group::Roles,
    severity: Severity::Warning,
    summary: "a team has a primary admin and no other admin",
    source: include_str!("no_backup_admin.rs"),
    since: "0.1.0",
    policy: None,
};

impl Rule for NoBackupAdmin {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        for team in &cx.account.teams {
            let Some(primary) = &team.primary_admin else {
                continue;
            };
            // A holder known only by hash (personal data off) has no address to name; an admin
            // whose address is masked may be the backup.
            if primary.value.is_hash() || team.masked_admins > 0 {
                continue;
            }
            let backed_up = team
                .secondary_admins
                .iter()
                .chain(&team.sso_admins)
                .any(|a| a.value != primary.value);
            if backed_up {
                continue;
            }
            out.push(
                Finding::new(
                    &META,
                    primary.origin,
                    text!(
                        "team {} has no admin besides `{}`",
                        team.name.value,
                        primary.value
                    ),
                )
                .label("the team's only admin")
                .help(
                    "add a secondary admin who can manage the team's users while this one is away",
                )
                .team(&team.name.value)
                .user(primary.value.as_str()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{lines, run, Builder};

    #[test]
    fn fires_without_another_admin() {
        let a = Builder::new()
            .team("Design", Some("jane@a.example"), &[], &[])
            .team(
                "Site",
                Some("jane@a.example"),
                &["JANE@a.example"],
                &["jane@a.example"],
            )
            .build();
        let f = run(&NoBackupAdmin, &a, "2026-11-01");
        assert_eq!(
            lines(&f),
            vec![
                a.teams[0].primary_admin.as_ref().unwrap().origin.line,
                a.teams[1].primary_admin.as_ref().unwrap().origin.line
            ]
        );
        assert_eq!(f[0].subject.team.as_deref(), Some("Design"));
        assert_eq!(f[0].subject.user.as_deref(), Some("jane@a.example"));
    }

    #[test]
    fn does_not_fire_with_a_secondary_or_sso_admin_or_without_a_primary() {
        let a = Builder::new()
            .team("Design", Some("jane@a.example"), &["mark@a.example"], &[])
            .team("Site", Some("jane@a.example"), &[], &["sso@a.example"])
            .team("Empty", None, &[], &[])
            .build();
        assert!(run(&NoBackupAdmin, &a, "2026-11-01").is_empty());
    }

    /// An admin whose address is masked may be the backup: unknown, so no finding.
    #[test]
    fn does_not_fire_where_a_masked_row_names_another_admin() {
        let mut a = Builder::new()
            .team("Design", Some("jane@a.example"), &[], &[])
            .build();
        assert_eq!(run(&NoBackupAdmin, &a, "2026-11-01").len(), 1);
        a.teams[0].masked_admins = 1;
        assert!(run(&NoBackupAdmin, &a, "2026-11-01").is_empty());
    }
}
