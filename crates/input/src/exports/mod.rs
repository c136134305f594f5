//! Autodesk Account exports (subscriptions, users, usage report), recognised by their header
//! row, read into account fragments whose every value keeps its row and cell.

use std::collections::HashMap;

use rollcall_model::{
    Access, At, Contract, Day, Email, EmailIndex, FileId, Origin, Product, Recorded, SeatUsage,
    SourceKind, Status, Team, Usage, User,
};

use crate::aliases::{column_names, Aliases};
use crate::table::{Cell, Table};
use rollcall_source::{suggest, InputError};

mod rows;
#[cfg(test)]
mod tests;

pub(crate) use rows::is_unknown;
pub use rows::ExportRows;

/// What an export file or sheet is, from its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    Subscriptions,
    Users,
    Usage,
    /// Autodesk's seat-usage section: one row per person, offering and day of use.
    SeatUsage,
}

impl ExportKind {
    pub fn source_kind(self) -> SourceKind {
        match self {
            Self::Subscriptions => SourceKind::SubscriptionsExport,
            Self::Users => SourceKind::UsersExport,
            Self::Usage => SourceKind::UsageExport,
            Self::SeatUsage => SourceKind::SeatUsageExport,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Subscriptions => "subscriptions export",
            Self::Users => "users export",
            Self::Usage => "usage report",
            Self::SeatUsage => "seat usage export",
        }
    }

    /// The columns it must have; each entry is one column, or several of which one will do.
    fn required(self) -> &'static [&'static [&'static str]] {
        const PERSON: &[&str] = &["email", "hashed_autodesk_id"];
        match self {
            Self::Subscriptions => &[
                &["offering_name"],
                &["seat_quantity"],
                &["contract_number", "subscription_id"],
            ],
            Self::Users => &[&["email"], &["role"]],
            Self::Usage => &[&["offering_name"], PERSON],
            Self::SeatUsage => &[&["offering_name"], &["day_used"], PERSON],
        }
    }

    /// The order in which an account's exports are merged, whatever order their files are
    /// read in: contracts first; then the usage report, whose rows carry each seat's usage, so
    /// that a seat points at the row that says how it is used; the users export; and last the
    /// days of use, which need the seats placed.
    pub fn rank(self) -> u8 {
        match self {
            Self::Subscriptions => 0,
            Self::Usage => 1,
            Self::Users => 2,
            Self::SeatUsage => 3,
        }
    }
}

/// A header as the spec matches it: case, surrounding spaces, a trailing `*`, a byte order
/// mark, and `_` versus space do not matter.
pub fn normalise_header(raw: &str) -> String {
    let s = raw.trim_start_matches('\u{feff}').trim();
    let s = s.trim_end_matches('*').trim();
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    for c in s.chars() {
        if c == '_' || c.is_whitespace() {
            gap = true;
        } else {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Which export a header row is, if any (with no configured aliases).
pub fn recognise(header: &[Cell]) -> Option<ExportKind> {
    recognise_with(header, &Aliases::default())
}

/// Which export a header row is, if any, with a configuration's column aliases.
pub fn recognise_with(header: &[Cell], aliases: &Aliases) -> Option<ExportKind> {
    let texts: Vec<&str> = header.iter().map(|c| c.text.as_str()).collect();
    kind_of(&column_names(&texts, aliases))
}

/// Which export a row of spec column names is. A file with `role` is a users export even
/// where personal data is off and it carries `hashed_autodesk_id`.
fn kind_of(names: &[String]) -> Option<ExportKind> {
    let has = |n: &str| names.iter().any(|h| h == n);
    if has("seat_quantity") {
        Some(ExportKind::Subscriptions)
    } else if has("seat_assignment") {
        Some(ExportKind::Usage)
    } else if has("day_used") {
        Some(ExportKind::SeatUsage)
    } else if has("role") && has("email") {
        Some(ExportKind::Users)
    } else if has("hashed_autodesk_id") {
        Some(ExportKind::Usage)
    } else {
        None
    }
}

/// A seat assignment read from an export, placed on a contract when the account is merged.
#[derive(Clone, Debug)]
pub struct Assignment {
    pub email: At<Email>,
    /// Shared by the rows of one product (and team): an export repeats them on every row.
    pub product: std::sync::Arc<str>,
    pub team: Option<std::sync::Arc<str>>,
    /// What the usage report says of the seat (nothing, from a users export).
    pub usage: Usage,
}

/// A seat-usage export's latest day of use of one offering by one person (in one team).
#[derive(Clone, Debug)]
pub struct DayUsed {
    pub person: Email,
    pub product: std::sync::Arc<str>,
    pub team: Option<std::sync::Arc<str>>,
    pub day: At<Day>,
}

/// A team that a subscriptions export's row sells a contract's product to. Rows sharing a
/// contract number may name different teams: the contract's `team` is its first row's, and
/// each row's own team is kept here so that seats of that team find the product.
#[derive(Clone, Debug)]
pub struct SoldTo {
    pub contract: String,
    pub product: std::sync::Arc<str>,
    pub team: std::sync::Arc<str>,
}

/// Rows of an export that gave nothing to the account, counted by why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowsSkipped {
    pub reason: &'static str,
    pub count: usize,
    /// The first such row's line.
    pub first_line: u32,
}

/// What one export contributes to an account.
#[derive(Clone, Debug)]
pub struct Fragment {
    pub kind: ExportKind,
    /// The file (or sheet) it was read from.
    pub file: FileId,
    /// A fingerprint of its content ([`fingerprint`]): exports of one kind merge in the order
    /// of their content, not of their names.
    pub fingerprint: u64,
    pub contracts: Vec<Contract>,
    /// The team of each subscriptions row that names one, once per contract and product.
    pub sold_to: Vec<SoldTo>,
    pub users: Vec<User>,
    pub teams: Vec<Team>,
    pub assignments: Vec<Assignment>,
    /// Rows that gave a `hashed_autodesk_id` with an address: (`hash:...`, address).
    pub links: Vec<(Email, At<Email>)>,
    /// A seat-usage export's days of use, the latest per person, offering and team.
    pub days_used: Vec<DayUsed>,
    pub skipped: Vec<RowsSkipped>,
    /// Seats held by people whose address is masked and who have no hash: each an offering
    /// and team, placed like an assignment but counted, not named.
    pub masked_seats: Vec<MaskedSeat>,
    /// First and last names that [`rollcall_model::split_name`] of the joined name would not
    /// give back, by the origin of the user's `name` (see [`rollcall_model::Account::name_parts`]).
    pub name_parts: Vec<(Origin, rollcall_model::NameParts)>,
}

/// A seat a row gives to someone whose address is masked and who has no hash (see
/// [`Fragment::masked_seats`]).
#[derive(Clone, Debug)]
pub struct MaskedSeat {
    pub product: std::sync::Arc<str>,
    pub team: Option<std::sync::Arc<str>>,
}

/// Reads a recognised table. `header` is the index of its header row.
pub fn read_export(
    table: &Table,
    header: usize,
    kind: ExportKind,
    file: FileId,
    display: &str,
    aliases: &Aliases,
) -> Result<Fragment, Vec<InputError>> {
    let mut rows = ExportRows::new(&table.rows[header], kind, file, display, aliases)?;
    for row in &table.rows[header + 1..] {
        rows.row(row);
    }
    rows.finish()
}

/// An export may have at most this many rows: Autodesk Account's largest customers export tens
/// of thousands; a million rows is already some 900 MB of account in memory.
pub const MAX_ROWS: usize = 1_000_000;

/// A fingerprint of an export's content (64-bit FNV-1a over its cells' texts), the same on
/// every run and machine, whatever the file is called.
pub fn fingerprint<'t>(texts: impl IntoIterator<Item = &'t str>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for t in texts {
        for b in t.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The index of a table's header row: the first row that is a recognised header. A workbook's
/// first sheet may carry a filter or summary block above it.
pub fn find_header(
    table: &Table,
    search_rows: usize,
    aliases: &Aliases,
) -> Option<(usize, ExportKind)> {
    table
        .rows
        .iter()
        .take(search_rows)
        .enumerate()
        .find_map(|(i, row)| recognise_with(row, aliases).map(|k| (i, k)))
}
