//! # RC601 role-holder-gone
//!
//! ### What it does
//! Checks every role holder (a contract's Contract Manager or Software Coordinator, a team's
//! primary, secondary or SSO admin) against the customer's directory export, and flags one who
//! has **left** (disabled, blocked, deleted, deprovisioned, archived, terminated), is
//! **absent** (suspended, on leave), or is **not in the directory** at all although the
//! directory covers their domain. One finding per holder, role and contract or team, at the
//! role value, with the directory row as a second label.
//!
//! Addresses of domains no identity-provider export covers (external people, the reseller,
//! people an HR leavers file does not list) are not judged. Without a directory export in the
//! folder the rule is silent. Where it fires, RC104 (dormant-role-holder) does not fire for the
//! same holder and role: this is the more specific finding.
//!
//! ### Why is this bad?
//! Autodesk Account does not know who has left the company or is away: the customer's identity
//! provider does. A Contract Manager who left last spring still holds the role, so nobody can
//! renew; a primary admin on leave cannot assign the seat a colleague needs today.
//!
//! ### Example
//! ```yaml
//! contracts:
//!   - number: "110001234567"
//!     contract_manager: old.boss@acme.example
//! ```
//! with the Entra ID "Download users" export beside it:
//! ```text
//! userPrincipalName,displayName,mail,userType,accountEnabled
//! old.boss@acme.example,Old Boss,old.boss@acme.example,Member,False
//! ```
//!
//! ### Use instead
//! Hand the role to someone the directory lists as active:
//! ```yaml
//! contracts:
//!   - number: "110001234567"
//!     contract_manager: jane.doe@acme.example
//! ```
//!
//! ### References
//! - Autodesk Account: changing the Contract Manager
//! - rollcall's directory exports: docs/directory.md

use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity};

pub struct RoleHolderGone;

static META: RuleMeta = RuleMeta {
    code: "RC601",
    name: "role-holder-gone",
    group: Group::Directory,
    severity: Severity::Error,
    summary: "a role holder has left, is away, or is not in the customer's directory",
    source: include_str!("role_holder_gone.rs"),
    since: "0.3.0",
    policy: None,
};

impl Rule for RoleHolderGone {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        if cx.account.directory.is_none() {
            return;
        }
        for h in cx.distinct_holdings() {
            let Some(standing) = cx.standing(&h.holder.value).filter(|s| s.is_gone()) else {
                continue;
            };
            let why = standing.describe();
            let mut finding = Finding::new(
                &META,
                h.holder.origin,
                text!(
                    "{} `{}` of {} {why}",
                    h.role.title(),
                    h.holder.value,
                    cx.describe(h.scope)
                ),
            )
            .label(standing.label())
            .help("hand the role to someone the directory lists as active")
            .user(h.holder.value.as_str());
            if let Some(row) = standing.row() {
                finding = finding.also(row, text!("the directory row: this person {why}"));
            }
            out.push(cx.in_scope(finding, h.scope));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{day, lines, run, Builder};
    use rollcall_model::{DirectorySource as Src, RowState, Status};

    #[test]
    fn fires_for_left_absent_and_unlisted_holders_of_every_role() {
        let a = Builder::new()
            .contract("1", Some("cm@acme.example"), &["sc@acme.example"])
            .team(
                "Design",
                Some("prim@acme.example"),
                &["sec@acme.example"],
                &["sso@acme.example", "ok@acme.example"],
            )
            .dir(Src::Entra, &["cm@acme.example"], &[RowState::Left(None)])
            .dir(
                Src::GoogleWorkspace,
                &["sc@acme.example"],
                &[RowState::Absent],
            )
            .dir(
                Src::Microsoft365,
                &["p@acme.onmicrosoft.example", "prim@acme.example"],
                &[RowState::Left(Some(day("2026-09-30")))],
            )
            .dir(Src::Okta, &["ok@acme.example"], &[])
            .build();
        // sec@ and sso@ are in the covered domain and match no row: not in the directory.
        let f = run(&RoleHolderGone, &a, "2026-11-01");
        assert_eq!(f.len(), 5);
        assert_eq!(
            lines(&f)[..2],
            [
                a.contracts[0]
                    .contract_manager
                    .as_ref()
                    .unwrap()
                    .origin
                    .line,
                a.contracts[0].software_coordinators[0].origin.line
            ]
        );
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(f[0].subject.contract.as_deref(), Some("1"));
        assert_eq!(f[0].subject.user.as_deref(), Some("cm@acme.example"));
        // The directory row is the second label: the state cell, in the directory's file.
        let row = &a.directory.as_ref().unwrap().rows[0];
        assert_eq!(f[0].labels[0].origin, row.states[0].origin);
        assert!(f[1].message.contains("suspended"), "{}", f[1].message);
        // Matched by the second address of a row (a proxy address, an alias).
        assert!(
            f[2].message.contains("left on 2026-09-30"),
            "{}",
            f[2].message
        );
        assert_eq!(f[2].subject.team.as_deref(), Some("Design"));
        assert!(f[3].message.contains("not in the directory"));
        assert!(f[3].labels.is_empty());
        assert_eq!(f[4].subject.user.as_deref(), Some("sso@acme.example"));
    }

    #[test]
    fn fires_for_an_hr_date_on_or_before_today() {
        let a = Builder::new()
            .contract("1", Some("cm@acme.example"), &[])
            .dir(
                Src::HrLeavers,
                &["cm@acme.example"],
                &[RowState::Departs(day("2026-11-01"))],
            )
            .build();
        assert_eq!(run(&RoleHolderGone, &a, "2026-11-01").len(), 1);
        assert!(run(&RoleHolderGone, &a, "2026-10-31").is_empty());
    }

    #[test]
    fn fires_on_the_strictest_of_several_rows() {
        let a = Builder::new()
            .contract("1", Some("cm@acme.example"), &[])
            .dir(Src::Entra, &["cm@acme.example"], &[])
            .dir(Src::HrLeavers, &["cm@acme.example"], &[RowState::Absent])
            .build();
        let f = run(&RoleHolderGone, &a, "2026-11-01");
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].labels[0].origin,
            a.directory.as_ref().unwrap().rows[1].states[0].origin
        );
    }

    #[test]
    fn fires_for_a_person_whose_other_address_another_row_says_left() {
        // One person: the Entra row knows both addresses, HR only the mail address.
        let a = Builder::new()
            .contract("1", Some("c.marsh@acme.example"), &[])
            .dir(
                Src::Entra,
                &["clara.marsh@acme.example", "c.marsh@acme.example"],
                &[],
            )
            .dir(
                Src::HrLeavers,
                &["clara.marsh@acme.example"],
                &[RowState::Departs(day("2026-10-31"))],
            )
            .build();
        let f = run(&RoleHolderGone, &a, "2026-11-01");
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.contains("left on 2026-10-31"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn does_not_fire_for_active_leaving_external_or_unlisted_hr_people() {
        let a = Builder::new()
            .user("cm@acme.example", Status::Removed)
            .contract(
                "1",
                Some("cm@acme.example"),
                &["soon@acme.example", "partner@reseller.example"],
            )
            .team("T", Some("hr.only@other.example"), &[], &[])
            .dir(Src::Entra, &["cm@acme.example"], &[])
            .dir(
                Src::Entra,
                &["soon@acme.example"],
                &[RowState::Departs(day("2026-11-20"))],
            )
            .dir(
                Src::HrLeavers,
                &["someone.else@other.example"],
                &[RowState::Left(None)],
            )
            .build();
        // cm@ is removed in Autodesk (RC104's finding) but active in the directory.
        assert!(run(&RoleHolderGone, &a, "2026-11-01").is_empty());
    }

    #[test]
    fn does_not_fire_without_a_directory() {
        let a = Builder::new()
            .contract("1", Some("cm@acme.example"), &[])
            .build();
        assert!(run(&RoleHolderGone, &a, "2026-11-01").is_empty());
    }
}
