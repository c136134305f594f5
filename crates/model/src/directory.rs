//! A customer's directory export (identity provider or HR leavers file): what happened to the
//! people the account names. It adds no user to the account; rules compare role and seat
//! holders against it.

use crate::{At, Day, Email, Origin};

/// Which product wrote a directory export, from its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DirectorySource {
    /// Microsoft Entra ID, "Download users".
    Entra,
    /// Microsoft 365 admin center, "Export users".
    Microsoft365,
    /// Okta, Password Health report.
    Okta,
    /// Google Workspace, "Download users".
    GoogleWorkspace,
    /// An HR system's leavers file.
    HrLeavers,
}

impl DirectorySource {
    pub fn name(self) -> &'static str {
        match self {
            Self::Entra => "Microsoft Entra ID",
            Self::Microsoft365 => "Microsoft 365",
            Self::Okta => "Okta",
            Self::GoogleWorkspace => "Google Workspace",
            Self::HrLeavers => "HR leavers file",
        }
    }

    /// Whether the export lists everyone (an identity provider), so that it covers the domains
    /// of its addresses. An HR leavers file lists only some people and covers none.
    pub fn lists_everyone(self) -> bool {
        self != Self::HrLeavers
    }
}

/// What one directory row says of its person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowState {
    Active,
    /// Suspended or on leave: away for now.
    Absent,
    /// Gone (disabled, deprovisioned, archived, terminated); the day, where the row gives one.
    Left(Option<Day>),
    /// An HR date of leaving: left on or before "today", leaving after it.
    Departs(Day),
}

/// A person's state on a given day, ordered from the mildest to the strictest (the strictest
/// any row gives wins): active, leaving, absent, left.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Active,
    Leaving(Day),
    Absent,
    Left(Option<Day>),
}

impl State {
    /// The strictness rank: left, then absent, then leaving, then active.
    fn rank(self) -> u8 {
        match self {
            Self::Active => 0,
            Self::Leaving(_) => 1,
            Self::Absent => 2,
            Self::Left(_) => 3,
        }
    }

    /// Whether `self` is stricter than `other`. Between two leaving days the earlier is
    /// stricter; between two left days, one with a day is kept over one without.
    pub fn stricter_than(self, other: State) -> bool {
        match (self, other) {
            // The earliest day wins whichever row is read first.
            (Self::Leaving(a), Self::Leaving(b)) | (Self::Left(Some(a)), Self::Left(Some(b))) => {
                a < b
            }
            (Self::Left(Some(_)), Self::Left(None)) => true,
            _ => self.rank() > other.rank(),
        }
    }

    /// In words, for messages: "left on 2026-09-30", "is suspended", ...
    pub fn describe(self) -> String {
        match self {
            Self::Active => "is active".to_owned(),
            Self::Leaving(on) => format!("leaves on {on}"),
            Self::Absent => "is suspended or away".to_owned(),
            Self::Left(Some(on)) => format!("left on {on}"),
            Self::Left(None) => "has left".to_owned(),
        }
    }
}

impl RowState {
    /// The state on `today`.
    pub fn on(self, today: Day) -> State {
        match self {
            Self::Active => State::Active,
            Self::Absent => State::Absent,
            // Left on a day (Microsoft 365's soft deletion): not yet before it.
            Self::Left(Some(on)) if on > today => State::Active,
            Self::Left(on) => State::Left(on),
            Self::Departs(on) if on <= today => State::Left(Some(on)),
            Self::Departs(on) => State::Leaving(on),
        }
    }
}

/// One directory row: the addresses it may be matched by, in match order, and what its state
/// columns say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirectoryRow {
    pub source: DirectorySource,
    /// Addresses to match by, in the spec's order (a guest's UPN is not among them); never
    /// empty.
    pub addresses: Vec<At<Email>>,
    /// What each state cell of the row says that is not "active"; empty for an active row.
    pub states: Vec<At<RowState>>,
}

impl DirectoryRow {
    /// The row's state on `today` (the strictest its cells give), and the cell that gives it
    /// (the first address for an active row).
    pub fn state_on(&self, today: Day) -> (State, Origin) {
        let first = self.addresses.first().map(|a| a.origin).unwrap_or_default();
        let mut best = (State::Active, first);
        for s in &self.states {
            let state = s.value.on(today);
            if state.stricter_than(best.0) {
                best = (state, s.origin);
            }
        }
        best
    }
}

/// Everything the folder's directory exports say, in file and row order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Directory {
    pub rows: Vec<DirectoryRow>,
    /// Domains (lower-case, sorted, each once) that an identity-provider export covers: a
    /// person of such a domain whom no row matches is not in the directory.
    pub covered: Vec<String>,
    /// Rows skipped because they hold no address.
    pub rows_without_address: u64,
    /// The line of the first such row (0 when there is none).
    pub first_without_address: u32,
    /// Rows of an HR leavers file that state nothing (no date, no status): they judge nobody.
    pub rows_stating_nothing: u64,
    /// The line of the first such row (0 when there is none).
    pub first_stating_nothing: u32,
}

impl Directory {
    /// Adds the rows of one export, and the domains it covers.
    pub fn extend(&mut self, other: Directory) {
        self.rows.extend(other.rows);
        self.covered.extend(other.covered);
        self.covered.sort_unstable();
        self.covered.dedup();
        self.rows_without_address += other.rows_without_address;
    }

    /// Whether a domain is covered by an identity-provider export.
    pub fn covers(&self, domain: &str) -> bool {
        self.covered
            .binary_search_by(|d| d.as_str().cmp(domain))
            .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strictness_is_left_then_absent_then_leaving_then_active() {
        let d = |s: &str| Day::parse_iso(s).unwrap();
        let left = State::Left(None);
        let leaving = State::Leaving(d("2026-12-01"));
        assert!(left.stricter_than(State::Absent));
        assert!(State::Absent.stricter_than(leaving));
        assert!(leaving.stricter_than(State::Active));
        assert!(!State::Active.stricter_than(leaving));
        assert!(State::Leaving(d("2026-11-10")).stricter_than(leaving));
        assert!(State::Left(Some(d("2026-01-01"))).stricter_than(left));
    }

    #[test]
    fn an_hr_date_is_left_on_or_before_today_and_leaving_after() {
        let today = Day::parse_iso("2026-11-01").unwrap();
        let on = |s: &str| RowState::Departs(Day::parse_iso(s).unwrap()).on(today);
        assert_eq!(on("2026-11-01"), State::Left(Day::parse_iso("2026-11-01")));
        assert_eq!(
            on("2026-11-02"),
            State::Leaving(Day::parse_iso("2026-11-02").unwrap())
        );
    }

    #[test]
    fn covered_domains_merge_sorted() {
        let mut a = Directory {
            covered: vec!["b.example".into()],
            ..Directory::default()
        };
        a.extend(Directory {
            covered: vec!["a.example".into(), "b.example".into()],
            rows_without_address: 2,
            ..Directory::default()
        });
        assert_eq!(a.covered, ["a.example", "b.example"]);
        assert!(a.covers("a.example"));
        assert!(!a.covers("c.example"));
        assert_eq!(a.rows_without_address, 2);
    }
}
