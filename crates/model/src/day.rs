//! Calendar days without a time zone: the unit every date rule counts in.

use std::fmt;

/// A day of the proleptic Gregorian calendar, stored as days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(i32);

impl Day {
    /// The day from a year, month and day, if it exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        // Howard Hinnant's days_from_civil.
        let y = i64::from(year) - i64::from(month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        i32::try_from(era * 146_097 + doe - 719_468).ok().map(Self)
    }

    pub fn from_days_since_epoch(days: i32) -> Self {
        Self(days)
    }

    /// The year, month and day.
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = i64::from(self.0) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
        let m = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
        let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
        (y, m, d)
    }

    /// The day `n` days before this one (saturating at the calendar's range).
    #[must_use]
    pub fn minus_days(self, n: u64) -> Self {
        let n = i32::try_from(n).unwrap_or(i32::MAX);
        Self(self.0.saturating_sub(n))
    }

    /// Whole days from `earlier` to `self` (negative when `self` is before).
    pub fn days_since(self, earlier: Day) -> i64 {
        i64::from(self.0) - i64::from(earlier.0)
    }

    /// Reads `YYYY-MM-DD`, or an ISO 8601 date-time of which only the date is used.
    pub fn parse_iso(raw: &str) -> Option<Self> {
        let s = raw.trim();
        let date = match s.find(['T', 't', ' ']) {
            Some(i) => {
                let rest = &s[i + 1..];
                if !rest.starts_with(|c: char| c.is_ascii_digit()) {
                    return None;
                }
                &s[..i]
            }
            None => s,
        };
        let mut parts = date.splitn(3, '-');
        let y = parts.next()?;
        let m = parts.next()?;
        let d = parts.next()?;
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        Self::from_ymd(
            digits(y)?,
            digits(m)?.try_into().ok()?,
            digits(d)?.try_into().ok()?,
        )
    }

    /// Reads `MM/DD/YYYY` (as US-locale exports write dates), or an ISO date.
    pub fn parse_export(raw: &str) -> Option<Self> {
        let s = raw.trim();
        let date = s.split_once(' ').map_or(s, |(d, _)| d);
        if date.contains('/') {
            let mut parts = date.splitn(3, '/');
            let m = parts.next()?;
            let d = parts.next()?;
            let y = parts.next()?;
            if y.len() != 4 || m.is_empty() || m.len() > 2 || d.is_empty() || d.len() > 2 {
                return None;
            }
            return Self::from_ymd(
                digits(y)?,
                digits(m)?.try_into().ok()?,
                digits(d)?.try_into().ok()?,
            );
        }
        Self::parse_iso(s)
    }
}

fn digits(s: &str) -> Option<i32> {
    if s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        match u32::try_from(y) {
            // The digits by hand: dates are in most messages, and `write!` with widths is
            // slow for what it does.
            Ok(y) if y <= 9999 => {
                let digit = |n: u32| b'0' + u8::try_from(n % 10).unwrap_or(0);
                let text = [
                    digit(y / 1000),
                    digit(y / 100),
                    digit(y / 10),
                    digit(y),
                    b'-',
                    digit(m / 10),
                    digit(m),
                    b'-',
                    digit(d / 10),
                    digit(d),
                ];
                f.pad(std::str::from_utf8(&text).unwrap_or_default())
            }
            _ => write!(f, "{y:04}-{m:02}-{d:02}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Day;

    #[test]
    fn writes_every_year_with_four_digits() {
        for (y, text) in [(1, "0001-01-01"), (999, "0999-01-01"), (9999, "9999-01-01")] {
            assert_eq!(Day::from_ymd(y, 1, 1).unwrap().to_string(), text);
        }
        let d = Day::from_ymd(2026, 3, 9).unwrap();
        assert_eq!(format!("[{d:>12}]"), "[  2026-03-09]");
    }

    #[test]
    fn round_trips_and_counts() {
        let d = Day::from_ymd(2026, 11, 1).unwrap();
        assert_eq!(d.to_string(), "2026-11-01");
        assert_eq!(Day::from_ymd(2027, 1, 30).unwrap().days_since(d), 90);
        assert_eq!(Day::from_ymd(2024, 2, 29).unwrap().ymd(), (2024, 2, 29));
        assert_eq!(Day::from_ymd(2023, 2, 29), None);
        assert_eq!(
            Day::from_ymd(1970, 1, 1).unwrap(),
            Day::from_days_since_epoch(0)
        );
    }

    #[test]
    fn parses_the_three_forms() {
        let d = Day::from_ymd(2026, 10, 30);
        assert_eq!(Day::parse_iso("2026-10-30"), d);
        assert_eq!(Day::parse_iso("2026-10-30T08:15:00Z"), d);
        assert_eq!(Day::parse_export("10/30/2026"), d);
        assert_eq!(Day::parse_export("2026-10-30T08:15:00+02:00"), d);
        assert_eq!(Day::parse_iso("2026-13-01"), None);
        assert_eq!(Day::parse_iso("30.10.2026"), None);
        assert_eq!(Day::parse_iso("2026-10-30Tfoo"), None);
    }
}
