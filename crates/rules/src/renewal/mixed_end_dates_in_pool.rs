//! # RC403 mixed-end-dates-in-pool
//!
//! ### What it does
//! Flags a pool of seats whose contracts end apart: two or more contracts name the same team,
//! sell a product of the same name (case-insensitively), and their `ends` are more than
//! `pool_days` days apart, or one renews automatically and another does not. Contracts whose
//! `ends` is unknown are left out. One finding per team and product, at the `ends` value of
//! the contract that ends first (a tie: the first in the file).
//!
//! ### Why is this bad?
//! Autodesk does not record which user holds a seat of which contract: the team's seats of a
//! product are one pool. When the first contract lapses, its seats are taken from users at
//! random, and people lose access in the middle of a project although seats of the other
//! contract remain.
//!
//! ### Example
//! ```yaml
//! contracts:
//!   - { number: "110001234567", team: Design, ends: 2027-01-31,
//!       products: [{ name: Revit, seats: 5 }] }
//!   - { number: "110001239999", team: Design, ends: 2027-06-30,
//!       products: [{ name: Revit, seats: 2 }] }
//! ```
//!
//! ### Use instead
//! Co-term the contracts (align their end dates at the next renewal), or move the seats to one
//! contract.
//!
//! ### Options
//! - `pool_days` (default 30): how many days apart the ends of a pool may be.
//!
//! ### References
//! - Autodesk: co-terming subscriptions

use rustc_hash::FxHashMap as HashMap;

use crate::finding::count;
use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity};

pub struct MixedEndDatesInPool;

static META: RuleMeta = RuleMeta {
    code: "RC403",
    name: "mixed-end-dates-in-pool",
    group: Group::Renewal,
    severity: Severity::Warning,
    summary: "contracts sharing a team's seats of one product end apart",
    source: include_str!("mixed_end_dates_in_pool.rs"),
    since: "0.2.0",
    policy: None,
};

impl Rule for MixedEndDatesInPool {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        // (team, product), lower-case -> contracts in file order (each once) and the spelling
        // of the product on the first.
        let mut pools: HashMap<(String, String), Vec<(usize, usize)>> = HashMap::default();
        let mut order: Vec<(String, String)> = Vec::new();
        for (ci, contract) in cx.account.contracts.iter().enumerate() {
            let (Some(team), Some(_)) = (&contract.team, &contract.ends) else {
                continue;
            };
            for (pi, product) in contract.products.iter().enumerate() {
                let key = (team.value.to_lowercase(), product.name.value.to_lowercase());
                let pool = pools.entry(key.clone()).or_insert_with(|| {
                    order.push(key);
                    Vec::new()
                });
                if !pool.iter().any(|&(c, _)| c == ci) {
                    pool.push((ci, pi));
                }
            }
        }
        for key in &order {
            let pool = &pools[key];
            if pool.len() < 2 {
                continue;
            }
            let contracts = &cx.account.contracts;
            let ends = |ci: usize| contracts[ci].ends.as_ref().map(|e| e.value);
            let (first, last) = pool.iter().fold((pool[0], pool[0]), |(lo, hi), &x| {
                (
                    if ends(x.0) < ends(lo.0) { x } else { lo },
                    if ends(x.0) > ends(hi.0) { x } else { hi },
                )
            });
            let (Some(start), Some(end)) = (ends(first.0), ends(last.0)) else {
                continue;
            };
            let apart = end.days_since(start);
            let auto: Vec<bool> = pool
                .iter()
                .map(|&(ci, _)| contracts[ci].renews_automatically())
                .collect();
            let mixed_renewal = auto.iter().any(|a| *a) && auto.iter().any(|a| !*a);
            if apart <= i64::from(cx.options.pool_days) && !mixed_renewal {
                continue;
            }
            let c = &contracts[first.0];
            let team = c.team.as_ref().map_or("", |t| t.value.as_str());
            let product = &c.products[first.1].name.value;
            let numbers: Vec<&str> = pool
                .iter()
                .map(|&(ci, _)| contracts[ci].number.value.as_str())
                .collect();
            let why = if apart > i64::from(cx.options.pool_days) {
                text!(
                    "end {} apart ({start} to {end})",
                    count(apart, "day", "days")
                )
            } else {
                "end together, but not all renew automatically".to_owned()
            };
            let Some(at) = c.ends.as_ref() else { continue };
            out.push(
                Finding::new(
                    &META,
                    at.origin,
                    text!(
                        "the {product} seats of team {team} are pooled across contracts {} that {why}",
                        numbers.join(", ")
                    ),
                )
                .label("the first of the pool to end: its seats are taken from users at random")
                .help("co-term the contracts (align their end dates and renewal), or move the seats to one contract")
                .team(team)
                .product(product),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{lines, run, run_with, Builder};
    use crate::Options;

    #[test]
    fn fires_once_per_team_and_product_at_the_first_end() {
        let a = Builder::new()
            .contract("1", Some("cm@a.example"), &[])
            .contract_team("Design")
            .ends("2027-06-30")
            .product("Revit", 2, None)
            .product("AutoCAD", 1, None)
            .contract("2", Some("cm@a.example"), &[])
            .contract_team("design")
            .ends("2027-01-31")
            .product("revit", 5, None)
            .contract("3", Some("cm@a.example"), &[])
            .contract_team("Design")
            .ends("2027-03-01")
            .product("Revit", 1, None)
            .product("AutoCAD", 1, None)
            .build();
        let f = run(&MixedEndDatesInPool, &a, "2026-11-01");
        // Revit: 1, 2, 3 (ends first: 2). AutoCAD: 1 and 3, 121 days apart (first: 3).
        assert_eq!(
            lines(&f),
            vec![
                a.contracts[1].ends.as_ref().unwrap().origin.line,
                a.contracts[2].ends.as_ref().unwrap().origin.line,
            ]
        );
        assert_eq!(f[0].subject.team.as_deref(), Some("design"));
        assert_eq!(f[0].subject.product.as_deref(), Some("revit"));
        assert_eq!(f[0].subject.contract, None);
    }

    #[test]
    fn fires_on_mixed_renewal_and_a_tie_goes_to_the_first() {
        let a = Builder::new()
            .contract("1", Some("cm@a.example"), &[])
            .contract_team("T")
            .ends("2027-01-31")
            .auto_renew(true)
            .product("Revit", 1, None)
            .contract("2", Some("cm@a.example"), &[])
            .contract_team("T")
            .ends("2027-01-31")
            .product("Revit", 1, None)
            .build();
        let f = run(&MixedEndDatesInPool, &a, "2026-11-01");
        assert_eq!(
            lines(&f),
            vec![a.contracts[0].ends.as_ref().unwrap().origin.line]
        );
    }

    #[test]
    fn does_not_fire_within_pool_days_across_teams_or_with_unknown_ends() {
        let a = Builder::new()
            .contract("1", Some("cm@a.example"), &[])
            .contract_team("T")
            .ends("2027-01-31")
            .product("Revit", 1, None)
            .contract("2", Some("cm@a.example"), &[])
            .contract_team("T")
            .ends("2027-03-02")
            .product("Revit", 1, None)
            .contract("3", Some("cm@a.example"), &[])
            .contract_team("Other")
            .ends("2028-01-31")
            .product("Revit", 1, None)
            .contract("4", Some("cm@a.example"), &[])
            .contract_team("T")
            .product("Revit", 1, None)
            .build();
        assert!(run(&MixedEndDatesInPool, &a, "2026-11-01").is_empty());
        let options = Options {
            pool_days: 29,
            ..Options::default()
        };
        assert_eq!(
            run_with(&MixedEndDatesInPool, &a, "2026-11-01", &options).len(),
            1
        );
    }
}
