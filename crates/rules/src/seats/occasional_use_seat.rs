//! # RC307 occasional-use-seat
//!
//! ### What it does
//! Flags a subscription seat used only now and then: its `access` is known and not `flex`, it was
//! assigned at least 90 days before today (`assigned_on` known), its holder is not dormant, and
//! its `monthly_average` is known, above 0 and below `occasional_days` days a month. It does not
//! fire where RC304 (seat-held-by-dormant-user) or RC306 (unused-seat) fires on the same seat.
//! A seat whose `access` is unknown (the usage report's `Named user`, say) is left alone: it
//! may be Flex already, and unknown is not "not Flex".
//! One finding per user and product.
//!
//! ### Why is this bad?
//! A named-user subscription is paid for every day; someone who uses the product a day or two a
//! month would cost less on Autodesk Flex, paid per day of use with tokens.
//!
//! ### Example
//! ```yaml
//! as_of: 2026-11-01
//! contracts:
//!   - number: "110001234567"
//!     products:
//!       - name: Navisworks Manage
//!         seats: 1
//!         assigned:
//!           - user: ana@acme.example
//!             assigned_on: 2026-02-01
//!             monthly_average: 0.8
//!             access: subscription
//! ```
//!
//! ### Use instead
//! Move the user to Flex at the renewal, and drop the subscription seat.
//!
//! ### Options
//! - `occasional_days` (default 3.0): days of use a month below which use is occasional.
//!
//! ### References
//! - Autodesk Flex: pay-as-you-go access with tokens

use rustc_hash::FxHashSet as HashSet;

use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity};

pub struct OccasionalUseSeat;

static META: RuleMeta = RuleMeta {
    code: "RC307",
    name: "occasional-use-seat",
    group: Group::Seats,
    severity: Severity::Info,
    summary: "a subscription seat is used on fewer than `occasional_days` days a month",
    source: include_str!("occasional_use_seat.rs"),
    since: "0.2.0",
    policy: None,
};

impl Rule for OccasionalUseSeat {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        for contract in &cx.account.contracts {
            for product in &contract.products {
                if !cx.has_seats(product) {
                    continue;
                }
                let mut seen = HashSet::default();
                for seat in product.assigned.iter().flatten() {
                    if !cx.is_occasional(seat) || cx.held_by_dormant(seat) || cx.is_unused(seat) {
                        continue;
                    }
                    let user = &seat.user.value;
                    if !seen.insert(user.as_str()) {
                        continue;
                    }
                    let average =
                        days(seat.usage.monthly_average.as_ref().map_or(0.0, |m| m.value));
                    let limit = days(cx.options.occasional_days);
                    out.push(
                        Finding::new(
                            &META,
                            seat.user.origin,
                            text!(
                                "`{user}` uses {} on contract {} {average} days a month on average: a candidate for Flex",
                                product.name.value, contract.number.value
                            ),
                        )
                        .label(text!("{average} days a month, below {limit}"))
                        .help("consider Flex (pay per day of use) for this user at the renewal")
                        .contract(&contract.number.value)
                        .product(&product.name.value)
                        .user(user.as_str()),
                    );
                }
            }
        }
    }
}

/// Days as the messages write them: one decimal (`2.5`, `3.0`), or as many as it takes not to
/// round a value onto the threshold it is below (`2.99`, not `3.0`).
fn days(value: f64) -> String {
    let one = format!("{value:.1}");
    if one.parse::<f64>().is_ok_and(|v| (v - value).abs() < 1e-9) {
        one
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn days_are_not_rounded_onto_the_threshold() {
        assert_eq!(super::days(2.99), "2.99");
        assert_eq!(super::days(2.5), "2.5");
        assert_eq!(super::days(3.0), "3.0");
        assert_eq!(super::days(1.25), "1.25");
    }

    use super::*;
    use crate::testing::{lines, run, run_with, Builder, Usage};
    use crate::Options;
    use rollcall_model::{Access, Status};

    fn light(assigned_on: &'static str, average: f64, access: Option<Access>) -> Usage {
        Usage {
            assigned_on: Some(assigned_on),
            days_used: Some(5),
            monthly_average: Some(average),
            last_used: Some("2026-10-15"),
            access,
        }
    }

    #[test]
    fn fires_on_light_use_of_a_seat_held_ninety_days() {
        let a = Builder::new()
            .contract("1", Some("cm@a.example"), &[])
            .product(
                "Navisworks Manage",
                3,
                Some(&["a@a.example", "b@a.example", "c@a.example"]),
            )
            .usage(
                "a@a.example",
                light("2026-08-03", 1.5, Some(Access::Subscription)),
            )
            .usage(
                "b@a.example",
                light("2026-08-04", 1.5, Some(Access::Subscription)),
            )
            .usage(
                "c@a.example",
                light("2026-01-01", 2.9, Some(Access::Subscription)),
            )
            .build();
        let f = run(&OccasionalUseSeat, &a, "2026-11-01");
        let seats = a.contracts[0].products[0].assigned.as_ref().unwrap();
        assert_eq!(
            lines(&f),
            vec![seats[0].user.origin.line, seats[2].user.origin.line]
        );
        assert_eq!(f[0].severity, Severity::Info);
        assert_eq!(f[0].subject.user.as_deref(), Some("a@a.example"));
    }

    #[test]
    fn does_not_fire_on_flex_unknown_access_heavy_use_zero_dormant_or_unused_seats() {
        let a = Builder::new()
            .user("gone@a.example", Status::Inactive)
            .contract("1", Some("cm@a.example"), &[])
            .product(
                "Revit",
                7,
                Some(&[
                    "flex@a.example",
                    "heavy@a.example",
                    "three@a.example",
                    "zero@a.example",
                    "gone@a.example",
                    "unknown@a.example",
                    "unused@a.example",
                ]),
            )
            .usage(
                "flex@a.example",
                light("2026-01-01", 1.0, Some(Access::Flex)),
            )
            .usage(
                "heavy@a.example",
                light("2026-01-01", 12.0, Some(Access::Subscription)),
            )
            .usage(
                "three@a.example",
                light("2026-01-01", 3.0, Some(Access::Subscription)),
            )
            .usage(
                "zero@a.example",
                light("2026-01-01", 0.0, Some(Access::Subscription)),
            )
            .usage(
                "gone@a.example",
                light("2026-01-01", 1.0, Some(Access::Subscription)),
            )
            .usage("unknown@a.example", light("2026-01-01", 1.0, None))
            .usage(
                "unused@a.example",
                Usage {
                    assigned_on: Some("2026-01-01"),
                    days_used: Some(0),
                    monthly_average: Some(0.5),
                    ..Usage::default()
                },
            )
            .build();
        assert!(run(&OccasionalUseSeat, &a, "2026-11-01").is_empty());
    }

    #[test]
    fn the_threshold_is_an_option() {
        let a = Builder::new()
            .contract("1", Some("cm@a.example"), &[])
            .product("Revit", 1, Some(&["a@a.example"]))
            .usage(
                "a@a.example",
                light("2026-01-01", 4.0, Some(Access::Subscription)),
            )
            .build();
        assert!(run(&OccasionalUseSeat, &a, "2026-11-01").is_empty());
        let options = Options {
            occasional_days: 5.0,
            ..Options::default()
        };
        assert_eq!(
            run_with(&OccasionalUseSeat, &a, "2026-11-01", &options).len(),
            1
        );
    }
}
