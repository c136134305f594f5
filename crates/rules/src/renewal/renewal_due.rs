//! # RC401 renewal-due
//!
//! ### What it does
//! Flags a contract that does not renew automatically and whose `ends` is today or within
//! `renewal_days` days after today. The finding is raised from warning to error when the
//! contract's Contract Manager is missing, not in the user list (when there is one) or dormant:
//! then nobody can renew it.
//!
//! ### Why is this bad?
//! A contract that is not renewed lapses: on the day after `ends`, its users lose access. Renewal
//! takes a purchase order, a quote from the reseller and the Contract Manager's action; ninety
//! days is the usual lead time.
//!
//! ### Example
//! ```yaml
//! as_of: 2026-11-01
//! contracts:
//!   - number: "110001234567"
//!     ends: 2026-12-15
//!     auto_renew: false
//! ```
//!
//! ### Use instead
//! Renew, or turn on automatic renewal:
//! ```yaml
//!     ends: 2027-12-15
//!     auto_renew: true
//! ```
//!
//! ### Options
//! - `renewal_days` (default 90): how far ahead a renewal is due.
//! - `inactive_days` (default 90): when the Contract Manager counts as dormant.
//!
//! ### References
//! - Autodesk Account: renewing a subscription

use std::fmt::Write as _;

use crate::finding::count;
use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity};

pub struct RenewalDue;

static META: RuleMeta = RuleMeta {
    code: "RC401",
    name: "renewal-due",
    group: Group::Renewal,
    severity: Severity::Warning,
    summary: "a contract that does not renew automatically ends within `renewal_days`",
    source: include_str!("renewal_due.rs"),
    since: "0.1.0",
    policy: None,
};

impl Rule for RenewalDue {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        for contract in &cx.account.contracts {
            if contract.renews_automatically() {
                continue;
            }
            let Some(ends) = &contract.ends else { continue };
            let left = ends.value.days_since(cx.today);
            if !(0..=i64::from(cx.options.renewal_days)).contains(&left) {
                continue;
            }
            let blocker = match &contract.contract_manager {
                None if contract.manager.is_known() => {
                    Some("it has no Contract Manager".to_owned())
                }
                None => None,
                Some(cm) => match cx.user(&cm.value) {
                    None if cx.has_user_list() => Some(text!(
                        "its Contract Manager `{}` is not in the user list",
                        cm.value
                    )),
                    Some(user) if cx.is_dormant(user) => Some(text!(
                        "its Contract Manager `{}` {}",
                        cm.value,
                        cx.dormancy(user)
                    )),
                    _ => None,
                },
            };
            let when = if left == 0 {
                "today".to_owned()
            } else {
                text!("in {}", count(left, "day", "days"))
            };
            let mut message = text!(
                "contract {} ends {when} ({}) and does not renew automatically",
                contract.number.value,
                ends.value
            );
            let mut finding;
            if let Some(blocker) = &blocker {
                let _ = write!(message, ", and {blocker}: nobody can renew it");
                finding = Finding::new(&META, ends.origin, message)
                    .severity(Severity::Error)
                    .help("name an active Contract Manager now, then renew before the end date");
            } else {
                finding = Finding::new(&META, ends.origin, message)
                    .help("renew before the end date, or set `auto_renew: true`");
            }
            finding = finding
                .label(text!("{} left", count(left, "day", "days")))
                .contract(&contract.number.value);
            out.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{lines, run, Builder};
    use rollcall_model::Status;

    #[test]
    fn fires_from_today_to_the_last_day_of_the_window() {
        let a = Builder::new()
            .contract("1", Some("j@a.example"), &[])
            .ends("2026-11-01")
            .contract("2", Some("j@a.example"), &[])
            .ends("2027-01-30")
            .auto_renew(false)
            .build();
        let f = run(&RenewalDue, &a, "2026-11-01");
        assert_eq!(
            lines(&f),
            vec![
                a.contracts[0].ends.as_ref().unwrap().origin.line,
                a.contracts[1].ends.as_ref().unwrap().origin.line
            ]
        );
        assert!(f.iter().all(|f| f.severity == Severity::Warning));
        assert_eq!(f[1].subject.contract.as_deref(), Some("2"));
    }

    #[test]
    fn fires_as_error_when_nobody_can_renew() {
        let a = Builder::new()
            .user("gone@a.example", Status::Removed)
            .contract("1", None, &[])
            .ends("2026-12-01")
            .contract("2", Some("ghost@a.example"), &[])
            .ends("2026-12-01")
            .contract("3", Some("gone@a.example"), &[])
            .ends("2026-12-01")
            .build();
        let f = run(&RenewalDue, &a, "2026-11-01");
        assert_eq!(f.len(), 3);
        assert!(f.iter().all(|f| f.severity == Severity::Error), "{f:?}");
    }

    #[test]
    fn does_not_fire_outside_the_window_or_when_renewing_automatically() {
        let a = Builder::new()
            .contract("1", Some("j@a.example"), &[])
            .ends("2027-01-31")
            .contract("2", Some("j@a.example"), &[])
            .ends("2026-11-15")
            .auto_renew(true)
            .contract("3", Some("j@a.example"), &[])
            .ends("2026-10-31")
            .contract("4", Some("j@a.example"), &[])
            .build();
        assert!(run(&RenewalDue, &a, "2026-11-01").is_empty());
    }
}
