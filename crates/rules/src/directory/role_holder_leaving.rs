//! # RC602 role-holder-leaving
//!
//! ### What it does
//! Flags a role holder (Contract Manager, Software Coordinator, team primary, secondary or SSO
//! admin) whom the customer's directory export lists as **leaving**: an HR `termination_date`
//! or `leave_date` after today and at most `handover_days` days after it. One finding per
//! holder, role and contract or team, at the role value, with the directory row as a second
//! label. A holder who has already left is RC601's finding; without a directory export in the
//! folder the rule is silent.
//!
//! ### Why is this bad?
//! Once the person is gone, nobody can act in the role until Autodesk support has verified a
//! successor. Handing the role over while they are still there takes minutes.
//!
//! ### Example
//! ```yaml
//! as_of: 2026-11-01
//! contracts:
//!   - number: "110001234567"
//!     contract_manager: jane.doe@acme.example
//! ```
//! with an HR leavers file beside it:
//! ```text
//! email,termination_date
//! jane.doe@acme.example,2026-11-20
//! ```
//!
//! ### Use instead
//! Make the successor the Contract Manager before the leaving date:
//! ```yaml
//! contracts:
//!   - number: "110001234567"
//!     contract_manager: mark.lee@acme.example
//! ```
//!
//! ### Options
//! - `handover_days` (default 30): how many days before a holder leaves the role should be
//!   handed over.
//!
//! ### References
//! - Autodesk Account: changing the Contract Manager
//! - rollcall's directory exports: docs/directory.md

use rollcall_model::State;

use crate::finding::count;
use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity, Standing};

pub struct RoleHolderLeaving;

static META: RuleMeta = RuleMeta {
    code: "RC602",
    name: "role-holder-leaving",
    group: Group::Directory,
    severity: Severity::Warning,
    summary: "a role holder leaves the company within `handover_days`",
    source: include_str!("role_holder_leaving.rs"),
    since: "0.3.0",
    policy: None,
};

impl Rule for RoleHolderLeaving {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        if cx.account.directory.is_none() {
            return;
        }
        for h in cx.distinct_holdings() {
            let Some(Standing::Listed {
                state: State::Leaving(on),
                row,
            }) = cx.standing(&h.holder.value)
            else {
                continue;
            };
            let days = on.days_since(cx.today);
            if days > i64::from(cx.options.handover_days) {
                continue;
            }
            let finding = Finding::new(
                &META,
                h.holder.origin,
                text!(
                    "{} `{}` of {} leaves on {on}, in {}",
                    h.role.title(),
                    h.holder.value,
                    cx.describe(h.scope),
                    count(days, "day", "days")
                ),
            )
            .label(text!("this person leaves on {on}"))
            .also(row, text!("the directory row: leaves on {on}"))
            .help("hand the role over to a successor before the leaving date")
            .user(h.holder.value.as_str());
            out.push(cx.in_scope(finding, h.scope));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{day, lines, run, run_with, Builder};
    use crate::Options;
    use rollcall_model::{DirectorySource as Src, RowState};

    fn account() -> rollcall_model::Account {
        Builder::new()
            .contract("1", Some("cm@acme.example"), &["sc@acme.example"])
            .team("T", Some("adm@acme.example"), &[], &[])
            .dir(
                Src::HrLeavers,
                &["cm@acme.example"],
                &[RowState::Departs(day("2026-12-01"))],
            )
            .dir(
                Src::HrLeavers,
                &["sc@acme.example"],
                &[RowState::Departs(day("2026-12-02"))],
            )
            .dir(
                Src::HrLeavers,
                &["adm@acme.example"],
                &[RowState::Departs(day("2026-11-02"))],
            )
            .build()
    }

    #[test]
    fn fires_within_handover_days_after_today() {
        let a = account();
        let f = run(&RoleHolderLeaving, &a, "2026-11-01");
        // cm@ leaves in exactly 30 days; sc@ in 31 (outside); adm@ tomorrow.
        assert_eq!(
            lines(&f),
            [
                a.contracts[0]
                    .contract_manager
                    .as_ref()
                    .unwrap()
                    .origin
                    .line,
                a.teams[0].primary_admin.as_ref().unwrap().origin.line
            ]
        );
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(f[1].subject.team.as_deref(), Some("T"));
        assert_eq!(
            f[0].labels[0].origin,
            a.directory.as_ref().unwrap().rows[0].states[0].origin
        );
    }

    #[test]
    fn fires_further_ahead_with_a_longer_handover() {
        let options = Options {
            handover_days: 31,
            ..Options::default()
        };
        assert_eq!(
            run_with(&RoleHolderLeaving, &account(), "2026-11-01", &options).len(),
            3
        );
    }

    #[test]
    fn does_not_fire_once_left_or_for_absent_or_active_holders() {
        // On 2026-12-01 cm@ has left (RC601), sc@ leaves tomorrow, adm@ left long ago.
        let f = run(&RoleHolderLeaving, &account(), "2026-12-01");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].subject.user.as_deref(), Some("sc@acme.example"));
        let a = Builder::new()
            .contract("1", Some("cm@acme.example"), &["sc@acme.example"])
            .dir(Src::Okta, &["cm@acme.example"], &[RowState::Absent])
            .dir(Src::Okta, &["sc@acme.example"], &[])
            .build();
        assert!(run(&RoleHolderLeaving, &a, "2026-11-01").is_empty());
    }
}
