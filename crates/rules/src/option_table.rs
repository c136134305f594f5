//! The rules' options as one table: each option's key, what it means, its range, and how its
//! value is read from and written to [`Options`]. The configuration reader, `rollcall rules`,
//! the policies' `data.rollcall.options` and the JSON Schema's check all go through it, so an
//! option is added here (and as a field of `Options`, with its default) and nowhere else.

use std::fmt;

use crate::Options;

/// An option's value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum OptionValue {
    /// A whole number (of days or months).
    Whole(u32),
    /// A decimal (days of use a month).
    Decimal(f64),
}

impl fmt::Display for OptionValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Whole(n) => write!(f, "{n}"),
            Self::Decimal(d) => write!(f, "{d:?}"),
        }
    }
}

/// The values an option may take.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum OptionRange {
    /// A whole number from `.0` to `.1`, both included.
    Whole(u32, u32),
    /// A decimal above `.0` and at most `.1`.
    Decimal(f64, f64),
}

impl OptionRange {
    /// Reads a value as written in a configuration, if it is one of the range.
    pub fn parse(self, text: &str) -> Option<OptionValue> {
        let text = text.trim();
        match self {
            Self::Whole(low, high) => text
                .parse::<u32>()
                .ok()
                .filter(|n| (low..=high).contains(n))
                .map(OptionValue::Whole),
            Self::Decimal(above, at_most) => text
                .parse::<f64>()
                .ok()
                .filter(|n| *n > above && *n <= at_most)
                .map(OptionValue::Decimal),
        }
    }

    /// The range in words, for errors: "a whole number from 1 to 3650".
    pub fn describe(self) -> String {
        match self {
            Self::Whole(low, high) => text!("a whole number from {low} to {high}"),
            Self::Decimal(above, at_most) => {
                text!("a decimal above {above} and at most {at_most}")
            }
        }
    }
}

/// One option of the rules.
#[derive(Debug)]
pub struct OptionSpec {
    pub key: &'static str,
    /// What it means, and which rules read it.
    pub doc: &'static str,
    pub range: OptionRange,
    pub get: fn(&Options) -> OptionValue,
    pub set: fn(&mut Options, OptionValue),
}

/// Sets a whole-number field from a value of its range (a decimal never reaches it: the
/// range reads whole numbers only).
fn whole(v: OptionValue) -> u32 {
    match v {
        OptionValue::Whole(n) => n,
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        OptionValue::Decimal(d) => d as u32,
    }
}

fn decimal(v: OptionValue) -> f64 {
    match v {
        OptionValue::Whole(n) => f64::from(n),
        OptionValue::Decimal(d) => d,
    }
}

/// Every option, in the order the catalog lists them.
pub static OPTIONS: &[OptionSpec] = &[
    OptionSpec {
        key: "inactive_days",
        doc: "a user idle longer than this is dormant",
        range: OptionRange::Whole(1, 3650),
        get: |o| OptionValue::Whole(o.inactive_days),
        set: |o, v| o.inactive_days = whole(v),
    },
    OptionSpec {
        key: "invite_days",
        doc: "an invitation older than this is stale (RC305)",
        range: OptionRange::Whole(1, 365),
        get: |o| OptionValue::Whole(o.invite_days),
        set: |o, v| o.invite_days = whole(v),
    },
    OptionSpec {
        key: "renewal_days",
        doc: "a contract ending within this many days is due (RC401, RC405)",
        range: OptionRange::Whole(0, 730),
        get: |o| OptionValue::Whole(o.renewal_days),
        set: |o, v| o.renewal_days = whole(v),
    },
    OptionSpec {
        key: "invite_expiry_days",
        doc: "an invitation older than this has expired (RC309); above invite_days",
        range: OptionRange::Whole(2, 3650),
        get: |o| OptionValue::Whole(o.invite_expiry_days),
        set: |o, v| o.invite_expiry_days = whole(v),
    },
    OptionSpec {
        key: "unused_days",
        doc: "days after an assignment before an unused seat is reported (RC306)",
        range: OptionRange::Whole(0, 3650),
        get: |o| OptionValue::Whole(o.unused_days),
        set: |o, v| o.unused_days = whole(v),
    },
    OptionSpec {
        key: "occasional_days",
        doc: "days of use a month below which use is occasional (RC307)",
        range: OptionRange::Decimal(0.0, 31.0),
        get: |o| OptionValue::Decimal(o.occasional_days),
        set: |o, v| o.occasional_days = decimal(v),
    },
    OptionSpec {
        key: "pool_days",
        doc: "how far apart a pool's contracts may end (RC403)",
        range: OptionRange::Whole(0, 365),
        get: |o| OptionValue::Whole(o.pool_days),
        set: |o, v| o.pool_days = whole(v),
    },
    OptionSpec {
        key: "max_renewal_months",
        doc: "calendar months a year's renewals may fall in (RC404)",
        range: OptionRange::Whole(1, 12),
        get: |o| OptionValue::Whole(o.max_renewal_months),
        set: |o, v| o.max_renewal_months = whole(v),
    },
    OptionSpec {
        key: "handover_days",
        doc: "a role holder leaving within this many days should hand the role over (RC602)",
        range: OptionRange::Whole(0, 365),
        get: |o| OptionValue::Whole(o.handover_days),
        set: |o, v| o.handover_days = whole(v),
    },
];

/// The option of a key.
pub fn option(key: &str) -> Option<&'static OptionSpec> {
    OPTIONS.iter().find(|o| o.key == key)
}

/// Every option's key, in table order.
pub fn option_keys() -> Vec<&'static str> {
    OPTIONS.iter().map(|o| o.key).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_option_reads_back_what_it_sets_and_defaults_are_in_range() {
        let defaults = Options::default();
        for spec in OPTIONS {
            let d = (spec.get)(&defaults);
            assert!(
                spec.range.parse(&d.to_string()).is_some(),
                "the default of {} is outside its range",
                spec.key
            );
            let mut o = Options::default();
            let v = match spec.range {
                OptionRange::Whole(_, high) => OptionValue::Whole(high),
                OptionRange::Decimal(_, at_most) => OptionValue::Decimal(at_most),
            };
            (spec.set)(&mut o, v);
            assert_eq!((spec.get)(&o), v, "{}", spec.key);
        }
        let mut keys = option_keys();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), OPTIONS.len(), "keys are unique");
    }

    #[test]
    fn ranges_read_what_they_allow_and_nothing_else() {
        let r = OptionRange::Whole(1, 12);
        assert_eq!(r.parse(" 12 "), Some(OptionValue::Whole(12)));
        assert_eq!(r.parse("0"), None);
        assert_eq!(r.parse("13"), None);
        assert_eq!(r.parse("2.0"), None);
        let d = OptionRange::Decimal(0.0, 31.0);
        assert_eq!(d.parse("3"), Some(OptionValue::Decimal(3.0)));
        assert_eq!(d.parse("0"), None);
        assert_eq!(d.parse("31.5"), None);
        assert_eq!(OptionValue::Decimal(3.0).to_string(), "3.0");
    }
}
