//! # RC109 orphan-team
//!
//! ### What it does
//! Flags a team that a contract names (`team`) and that has no primary, secondary or SSO
//! admin, including a team that no `teams` entry lists. It runs only where team roles are
//! known: the snapshot has `teams`, or a users export was read. One finding per team, at the
//! `team` value of the first contract that names it.
//! An admin row of a users export whose address is masked is an admin whom no input names: that
//! team has an admin.
//!
//! ### Why is this bad?
//! Nobody can assign the team's seats or add its users. Autodesk creates such teams when a
//! purchaser is not an admin anywhere: the seats are bought, and nobody can hand them out.
//!
//! ### Example
//! ```yaml
//! contracts:
//!   - number: "110001234567"
//!     team: Visualisation
//! teams:
//!   - name: Design
//!     primary_admin: jane.doe@acme.example
//! ```
//!
//! ### Use instead
//! ```yaml
//! teams:
//!   - name: Design
//!     primary_admin: jane.doe@acme.example
//!   - name: Visualisation
//!     primary_admin: jane.doe@acme.example
//!     secondary_admins: [mark.lee@acme.example]
//! ```
//!
//! ### References
//! - Autodesk Account: teams and team admin roles

use rustc_hash::FxHashSet as HashSet;

use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity};

pub struct OrphanTeam;

static META: RuleMeta = RuleMeta {
    code: "RC109",
    name: "orphan-team",
    group: Group::Roles,
    severity: Severity::Warning,
    summary: "a contract's team has no admin who can assign its seats",
    source: include_str!("orphan_team.rs"),
    since: "0.2.0",
    policy: None,
};

impl Rule for OrphanTeam {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let account = cx.account;
        if !account.team_roles_known {
            return;
        }
        let administered: HashSet<String> = account
            .teams
            .iter()
            .filter(|t| {
                // Admins whose address is masked are admins all the same.
                t.primary_admin.is_some()
                    || !t.secondary_admins.is_empty()
                    || !t.sso_admins.is_empty()
                    || t.masked_admins > 0
            })
            .map(|t| t.name.value.to_lowercase())
            .collect();
        let mut seen = HashSet::default();
        for contract in &account.contracts {
            let Some(team) = &contract.team else { continue };
            let key = team.value.to_lowercase();
            if administered.contains(&key) || !seen.insert(key) {
                continue;
            }
            let listed = account
                .teams
                .iter()
                .any(|t| t.name.value.eq_ignore_ascii_case(&team.value));
            out.push(
                Finding::new(
                    &META,
                    team.origin,
                    text!("team {} has no admin: nobody can assign its seats", team.value),
                )
                .label(if listed {
                    "no primary, secondary or SSO admin".to_owned()
                } else {
                    "no teams entry lists this team".to_owned()
                })
                .help("make someone of the customer the team's primary admin, and a second person its secondary admin")
                .team(&team.value),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{lines, run, Builder};

    fn known(mut a: rollcall_model::Account) -> rollcall_model::Account {
        a.team_roles_known = true;
        a
    }

    #[test]
    fn fires_once_per_team_at_the_first_contract() {
        let a = known(
            Builder::new()
                .contract("1", Some("a@x.example"), &[])
                .contract_team("Viz")
                .contract("2", Some("a@x.example"), &[])
                .contract_team("viz")
                .contract("3", Some("a@x.example"), &[])
                .contract_team("Empty")
                .contract("4", Some("a@x.example"), &[])
                .contract_team("Design")
                .team("Design", Some("a@x.example"), &[], &[])
                .team("Empty", None, &[], &[])
                .build(),
        );
        let f = run(&OrphanTeam, &a, "2026-11-01");
        assert_eq!(
            lines(&f),
            vec![
                a.contracts[0].team.as_ref().unwrap().origin.line,
                a.contracts[2].team.as_ref().unwrap().origin.line
            ]
        );
        assert_eq!(f[0].subject.team.as_deref(), Some("Viz"));
        assert!(f[0].label.contains("no teams entry"), "{}", f[0].label);
    }

    #[test]
    fn does_not_fire_when_team_roles_are_unknown_or_any_admin_exists() {
        let a = Builder::new()
            .contract("1", Some("a@x.example"), &[])
            .contract_team("Viz")
            .build();
        assert!(run(&OrphanTeam, &a, "2026-11-01").is_empty());
        let b = known(
            Builder::new()
                .contract("1", Some("a@x.example"), &[])
                .contract_team("Viz")
                .team("VIZ", None, &[], &["sso@x.example"])
                .build(),
        );
        assert!(run(&OrphanTeam, &b, "2026-11-01").is_empty());
    }

    /// An admin row whose address is masked is an admin whom no input names: the team has one.
    #[test]
    fn does_not_fire_where_a_masked_row_names_an_admin() {
        let mut a = known(
            Builder::new()
                .contract("1", Some("a@x.example"), &[])
                .contract_team("Design")
                .team("Design", None, &[], &[])
                .build(),
        );
        assert_eq!(run(&OrphanTeam, &a, "2026-11-01").len(), 1);
        a.teams[0].masked_admins = 1;
        assert!(run(&OrphanTeam, &a, "2026-11-01").is_empty());
    }
}
