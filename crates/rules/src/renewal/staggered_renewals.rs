//! # RC404 staggered-renewals
//!
//! ### What it does
//! Flags an account whose renewals of the coming year are spread out: the `ends` of the
//! contracts that end today or within the 365 days after today fall in more than
//! `max_renewal_months` distinct calendar months. One finding per account, at the `ends` value
//! of the contract that ends first (a tie: the first in the file).
//!
//! ### Why is this bad?
//! Every end date is a separate renewal to budget, approve and prepare, and one more chance to
//! miss. Co-terming the contracts (aligning their end dates) turns them into one or two
//! renewals a year.
//!
//! ### Example
//! ```yaml
//! contracts:
//!   - { number: "110001234567", ends: 2027-01-31 }
//!   - { number: "110001234568", ends: 2027-04-30 }
//!   - { number: "110001234569", ends: 2027-09-30 }
//! ```
//!
//! ### Use instead
//! Co-term the contracts at their next renewals so that they end in the same month.
//!
//! ### Options
//! - `max_renewal_months` (default 2): how many calendar months a year's renewals may fall in.
//!
//! ### References
//! - Autodesk: co-terming subscriptions

use std::collections::BTreeSet;

use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity};

pub struct StaggeredRenewals;

static META: RuleMeta = RuleMeta {
    code: "RC404",
    name: "staggered-renewals",
    group: Group::Renewal,
    severity: Severity::Info,
    summary: "the coming year's renewals fall in more than `max_renewal_months` months",
    source: include_str!("staggered_renewals.rs"),
    since: "0.2.0",
    policy: None,
};

impl Rule for StaggeredRenewals {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let mut months = BTreeSet::new();
        let mut first: Option<&rollcall_model::At<rollcall_model::Day>> = None;
        let mut count = 0;
        for contract in &cx.account.contracts {
            let Some(ends) = &contract.ends else { continue };
            let left = ends.value.days_since(cx.today);
            if !(0..=365).contains(&left) {
                continue;
            }
            count += 1;
            let (y, m, _) = ends.value.ymd();
            months.insert((y, m));
            if first.is_none_or(|f| ends.value < f.value) {
                first = Some(ends);
            }
        }
        let Some(first) = first else { return };
        if months.len() <= cx.options.max_renewal_months as usize {
            return;
        }
        let names: Vec<String> = months.iter().map(|(y, m)| text!("{y}-{m:02}")).collect();
        out.push(
            Finding::new(
                &META,
                first.origin,
                text!(
                    "the {count} contracts ending in the next 365 days renew in {} ({})",
                    crate::finding::count(months.len(), "month", "different months"),
                    names.join(", ")
                ),
            )
            .label("the first of the year's renewals")
            .help(text!(
                "co-term the contracts so that they end in at most {} of the year",
                crate::finding::count(cx.options.max_renewal_months, "month", "months")
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{lines, run, run_with, Builder};
    use crate::Options;

    #[test]
    fn fires_when_the_years_ends_fall_in_three_months() {
        let a = Builder::new()
            .contract("1", Some("cm@a.example"), &[])
            .ends("2027-11-01")
            .contract("2", Some("cm@a.example"), &[])
            .ends("2026-12-15")
            .contract("3", Some("cm@a.example"), &[])
            .ends("2027-04-30")
            .contract("4", Some("cm@a.example"), &[])
            .ends("2026-12-15")
            .build();
        let f = run(&StaggeredRenewals, &a, "2026-11-01");
        assert_eq!(
            lines(&f),
            vec![a.contracts[1].ends.as_ref().unwrap().origin.line]
        );
        assert_eq!(f[0].severity, Severity::Info);
        assert_eq!(f[0].subject, crate::Subject::default());
    }

    #[test]
    fn does_not_fire_within_two_months_or_outside_the_year() {
        let a = Builder::new()
            .contract("1", Some("cm@a.example"), &[])
            .ends("2026-11-01")
            .contract("2", Some("cm@a.example"), &[])
            .ends("2026-12-31")
            .contract("3", Some("cm@a.example"), &[])
            .ends("2027-11-02")
            .contract("4", Some("cm@a.example"), &[])
            .ends("2026-10-31")
            .build();
        assert!(run(&StaggeredRenewals, &a, "2026-11-01").is_empty());
        let options = Options {
            max_renewal_months: 1,
            ..Options::default()
        };
        assert_eq!(
            run_with(&StaggeredRenewals, &a, "2026-11-01", &options).len(),
            1
        );
    }
}
