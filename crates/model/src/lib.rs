//! The typed account that rollcall audits.
//!
//! Every value a user wrote carries its [`Origin`] (file, line, column), so that a finding can
//! point at the exact place. This crate does no I/O and knows no rules: loaders build it, rules
//! read it.

mod day;
mod directory;

pub use day::Day;
pub use directory::{Directory, DirectoryRow, DirectorySource, RowState, State};

use std::fmt;

/// Index of a source file in [`Account::files`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileId(pub u32);

/// Where a value was read: a file, the 1-based line and column (in characters) of its first
/// character, and its length in characters on that line (for underlining).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Origin {
    pub file: FileId,
    pub line: u32,
    pub column: u32,
    pub len: u32,
}

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct At<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> At<T> {
    pub fn new(value: T, origin: Origin) -> Self {
        Self { value, origin }
    }
}

/// An email address, trimmed and lower-cased: addresses compare case-insensitively everywhere.
/// Shared, not copied, when cloned: a large export names each person as a user and again as
/// the holder of each of their seats.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Email(std::sync::Arc<str>);

impl Email {
    /// Normalises an address. Returns `None` for an empty one (absent, as the spec says).
    pub fn parse(raw: &str) -> Option<Self> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            None
        } else {
            Some(Self(if trimmed.is_ascii() {
                trimmed.to_ascii_lowercase().into()
            } else {
                trimmed.to_lowercase().into()
            }))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after the last `@`, if there is one (never for a person known by hash).
    pub fn domain(&self) -> Option<&str> {
        if self.is_hash() {
            return None;
        }
        self.0.rsplit_once('@').map(|(_, d)| d)
    }

    /// The prefix of a person known only by Autodesk's `hashed_autodesk_id` (personal data
    /// switched off): `hash:` and the hash in lower case stand where an address would.
    pub const HASH_PREFIX: &'static str = "hash:";

    /// A person known only by their hash (`hash:` and the hash, lower-cased); `None` for an
    /// empty or masked hash.
    pub fn of_hash(hash: &str) -> Option<Self> {
        let h = hash.trim();
        if h.is_empty() || h.chars().all(|c| c == '*') {
            return None;
        }
        Self::parse(&format!("{}{h}", Self::HASH_PREFIX))
    }

    /// Whether this is a person known only by their hash, not an address: rules that need an
    /// address (domains, the user list of role holders, duplicates) say nothing about them.
    pub fn is_hash(&self) -> bool {
        self.0.starts_with(Self::HASH_PREFIX)
    }

    /// Whether this looks like an address at all: a non-empty local part and domain.
    pub fn is_well_formed(&self) -> bool {
        match self.0.rsplit_once('@') {
            Some((local, domain)) => {
                !local.is_empty() && !domain.is_empty() && !self.0.contains(char::is_whitespace)
            }
            None => false,
        }
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where each address stands in a list of users, without a copy of every address: keyed by a
/// 32-bit hash of the address, each hit checked against the list (a colliding address, which
/// is rare, is kept by value). A large account has hundreds of thousands of users: an entry
/// is eight bytes.
#[derive(Clone, Debug, Default)]
pub struct EmailIndex {
    by_hash: std::collections::HashMap<u32, u32>,
    collisions: std::collections::HashMap<Email, usize>,
}

impl EmailIndex {
    /// Makes room for `n` more addresses.
    pub fn reserve(&mut self, n: usize) {
        self.by_hash.reserve(n);
    }

    /// An index sized for `n` addresses.
    pub fn with_capacity(n: usize) -> Self {
        Self {
            by_hash: std::collections::HashMap::with_capacity(n),
            collisions: std::collections::HashMap::new(),
        }
    }

    fn hash(email: &Email) -> u32 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        email.hash(&mut h);
        let h = h.finish();
        // Both halves folded: a hit is checked against the list anyway.
        #[allow(clippy::cast_possible_truncation)]
        let folded = (h ^ (h >> 32)) as u32;
        folded
    }

    /// The position of `email` in `list`, whose entry `i` has the address `at(i)`.
    pub fn get<'a>(&self, email: &Email, at: impl Fn(usize) -> Option<&'a Email>) -> Option<usize> {
        match self.by_hash.get(&Self::hash(email)) {
            Some(&i) if at(i as usize) == Some(email) => Some(i as usize),
            _ => self.collisions.get(email).copied(),
        }
    }

    /// Records that `email` stands at position `i`; the first position of an address stays.
    pub fn insert<'a>(&mut self, email: &Email, i: usize, at: impl Fn(usize) -> Option<&'a Email>) {
        use std::collections::hash_map::Entry;
        let apart = match self.by_hash.entry(Self::hash(email)) {
            Entry::Vacant(v) => match u32::try_from(i) {
                Ok(n) => {
                    v.insert(n);
                    return;
                }
                Err(_) => true,
            },
            Entry::Occupied(o) => at(*o.get() as usize) != Some(email),
        };
        // Another address with this hash (or a position past 32 bits): kept by value.
        if apart {
            self.collisions.entry(email.clone()).or_insert(i);
        }
    }
}

/// A user's status, after the spec's synonyms are applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Status {
    #[default]
    Active,
    Invited,
    Inactive,
    Removed,
}

impl Status {
    /// Reads a status or one of its synonyms, case-insensitively.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "active" | "verified" => Some(Self::Active),
            "invited" | "pending" => Some(Self::Invited),
            "inactive" => Some(Self::Inactive),
            "removed" | "disabled" | "deleted" | "departed" => Some(Self::Removed),
            _ => None,
        }
    }

    /// Every spelling [`Status::parse`] accepts, for suggestions.
    pub const SPELLINGS: &'static [&'static str] = &[
        "active", "verified", "invited", "pending", "inactive", "removed", "disabled", "deleted",
        "departed",
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Invited => "invited",
            Self::Inactive => "inactive",
            Self::Removed => "removed",
        }
    }
}

/// The customer's decision on whether contracts share their role holders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RolesPolicy {
    Same,
    Separate,
}

/// What kind of input a source file was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    Snapshot,
    SubscriptionsExport,
    UsersExport,
    UsageExport,
    /// (v3) Autodesk's seat-usage section: one row per person, offering and day of use.
    SeatUsageExport,
    /// A customer's directory export (identity provider or HR leavers file).
    Directory,
}

/// One input file of an account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as given on the command line joined with the path below it, `/`-separated.
    pub path: String,
    pub kind: SourceKind,
    /// The sheet, for a workbook: each sheet is a source of its own.
    pub sheet: Option<String>,
}

/// One customer account: everything read from one folder, merged.
#[derive(Clone, Debug, Default)]
pub struct Account {
    pub name: String,
    /// The folder the account was read from.
    pub path: String,
    pub files: Vec<SourceFile>,
    pub as_of: Option<At<Day>>,
    /// The customer's own email domains, lower-case; `None` when not listed.
    pub domains: Option<Vec<At<String>>>,
    pub roles_policy: Option<At<RolesPolicy>>,
    /// `None` when the user list is unknown.
    pub users: Option<Vec<User>>,
    pub contracts: Vec<Contract>,
    pub teams: Vec<Team>,
    /// Whether the inputs say who administers the teams: a snapshot with `teams`, or a users
    /// export. Without either, `teams` is empty because nothing is known, not because no
    /// team has admins.
    pub team_roles_known: bool,
    /// Values on which the snapshot and an export disagree (the snapshot's value was kept).
    pub disagreements: Vec<Disagreement>,
    /// Rows of exports that gave the account nothing (a masked row without a hash, a hash
    /// that names two people), counted so that nothing is dropped without a word.
    pub rows_skipped: Vec<RowsSkipped>,
    /// The customer's directory exports, where the folder holds any; `None` otherwise.
    pub directory: Option<Directory>,
    /// Seats an export assigns that no contract of the account can hold: no subscription of
    /// the user's team sells the offering (or none is known at all). The user holds them, on
    /// no known contract; `rows_skipped` says so.
    pub unplaced: Vec<Unplaced>,
    /// First and last names that exports gave in two columns, where [`split_name`] of the
    /// user's `name` (the two joined by a space) would not give them back ("Mary Ann" and
    /// "Smith"; a last name alone), keyed by that `name`'s origin.
    pub name_parts: std::collections::BTreeMap<Origin, NameParts>,
}

/// A person's first and last name as an export gave them (see [`Account::name_parts`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameParts {
    pub first: String,
    pub last: String,
}

impl Account {
    /// A user's `name` as first and last name: as an export gave them, else split by
    /// [`split_name`].
    pub fn first_and_last<'a>(&'a self, name: &'a At<String>) -> (&'a str, &'a str) {
        match self.name_parts.get(&name.origin) {
            Some(p) => (&p.first, &p.last),
            None => split_name(&name.value),
        }
    }
}

/// A full name as (first name, last name), either possibly empty: a name with a comma is
/// "Last, First" (`Smith, John`), unless what follows the comma is a suffix such as `Jr.`
/// (`John Smith, Jr.`); any other name splits at its first space (`Ana de Souza`: `Ana`,
/// `de Souza`).
pub fn split_name(full: &str) -> (&str, &str) {
    let full = full.trim();
    if let Some((last, first)) = full.rsplit_once(',') {
        let suffix = first.trim().trim_end_matches('.').replace('.', "");
        let is_suffix = ["jr", "sr", "ii", "iii", "iv", "phd", "esq"]
            .iter()
            .any(|s| suffix.eq_ignore_ascii_case(s));
        if !is_suffix {
            return (first.trim(), last.trim());
        }
    }
    match full.split_once(char::is_whitespace) {
        Some((first, last)) => (first, last.trim_start()),
        None => (full, ""),
    }
}

/// A seat an export assigns to a user that no contract of the account sells (see
/// [`Account::unplaced`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unplaced {
    /// The user, where the row names them.
    pub user: At<Email>,
    /// The offering as the row names it.
    pub offering: String,
}

/// Rows of one input that gave the account nothing, for one reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowsSkipped {
    pub file: FileId,
    pub reason: String,
    pub count: usize,
    /// The line of the first such row.
    pub first_line: u32,
}

impl Account {
    pub fn file(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    /// The path of the file an origin points into ("" when unknown).
    pub fn path_of(&self, origin: Origin) -> &str {
        self.file(origin.file).map_or("", |f| f.path.as_str())
    }

    /// Gives each user whose `last_active` no input states, and whose usage report says they
    /// have been inactive for N days, the `last_active` N days before `today`.
    /// A seat-usage export's latest `day_used` then raises `last_active` to that day.
    pub fn settle_inactivity(&mut self, today: Day) {
        for user in self.users.iter_mut().flatten() {
            if user.last_active.is_none() {
                if let Some(n) = &user.days_inactive {
                    user.last_active = Some(At::new(today.minus_days(n.value), n.origin));
                }
            }
            if let Some(d) = &user.day_used {
                if user.last_active.as_ref().is_none_or(|l| d.value > l.value) {
                    user.last_active = Some(d.clone());
                }
            }
        }
    }

    /// The workbook sheet an origin points into, if it is one.
    pub fn sheet_of(&self, origin: Origin) -> Option<&str> {
        self.file(origin.file).and_then(|f| f.sheet.as_deref())
    }
}

#[derive(Clone, Debug)]
pub struct User {
    pub email: At<Email>,
    pub name: Option<At<String>>,
    pub status: Status,
    /// Where the status was written; `None` when it is the default.
    pub status_origin: Option<Origin>,
    pub invited_on: Option<At<Day>>,
    pub last_active: Option<At<Day>>,
    /// A usage report's `days_inactive`, where no row of the user gives `last_accessed`: the
    /// user has used no product for this many days. [`Account::settle_inactivity`] turns it
    /// into `last_active` once "today" is known.
    pub days_inactive: Option<At<u64>>,
    /// The latest `day_used` a seat-usage export gives for the user: their `last_active` is
    /// at least this day ([`Account::settle_inactivity`]).
    pub day_used: Option<At<Day>>,
}

#[derive(Clone, Debug)]
pub struct Contract {
    pub number: At<String>,
    pub team: Option<At<String>>,
    pub ends: Option<At<Day>>,
    pub auto_renew: Option<At<bool>>,
    /// `None` when absent or empty, or when [`Contract::manager`] is unknown.
    pub contract_manager: Option<At<Email>>,
    /// As written; empty when none is named (the Contract Manager then stands in), or when
    /// [`Contract::coordinators`] is unknown.
    pub software_coordinators: Vec<At<Email>>,
    /// Whether the inputs say who the Contract Manager is. A snapshot does unless it writes
    /// `unknown`; a subscriptions export only with a `contract_manager_email` column.
    pub manager: Recorded,
    /// Whether the inputs say who the Software Coordinators are. Exports never do.
    pub coordinators: Recorded,
    /// The reseller's contact for this contract (`reseller`, or an export's `reseller_email`).
    pub reseller: Option<At<Email>>,
    pub products: Vec<Product>,
}

impl Contract {
    pub fn renews_automatically(&self) -> bool {
        self.auto_renew.as_ref().is_some_and(|a| a.value)
    }
}

/// Whether the inputs say who holds a contract role. *Unknown* is not *absent*: a role that no
/// input names is not "nobody", and a rule that needs its holder does not fire on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Recorded {
    /// The values written are the holders (none, when nothing is written).
    #[default]
    Known,
    /// No input names the holder; the origin of a snapshot's `unknown`, where one was written.
    Unknown(Option<Origin>),
}

impl Recorded {
    pub fn is_known(self) -> bool {
        self == Self::Known
    }

    pub fn is_unknown(self) -> bool {
        !self.is_known()
    }
}

#[derive(Clone, Debug)]
pub struct Product {
    pub name: At<String>,
    pub seats: At<u64>,
    /// `None` when who holds the seats is not known.
    pub assigned: Option<Vec<Assignment>>,
    /// Seats that export rows give to someone whose address is masked and who has no hash:
    /// held, by people unknown (each row may or may not be someone of `assigned`).
    pub masked_holders: u64,
}

/// One seat assignment: who holds it, and what the inputs say of its use.
#[derive(Clone, Debug, PartialEq)]
pub struct Assignment {
    pub user: At<Email>,
    pub usage: Usage,
}

impl Assignment {
    /// An assignment of which nothing but its holder is known.
    pub fn of(user: At<Email>) -> Self {
        Self {
            user,
            usage: Usage::default(),
        }
    }
}

/// A seat's [`SeatUsage`], stored only where some value is known: most seats (from a snapshot's
/// plain list, or a users export) have none, and a large account has hundreds of thousands of
/// seats. Reads as a `SeatUsage` (empty where nothing is known).
#[derive(Clone, Debug, Default)]
pub struct Usage(Option<Box<SeatUsage>>);

const NO_USAGE: SeatUsage = SeatUsage {
    assigned_on: None,
    days_used: None,
    monthly_average: None,
    last_used: None,
    access: None,
};

impl Usage {
    pub fn into_inner(self) -> SeatUsage {
        self.0.map(|b| *b).unwrap_or_default()
    }
}

impl From<SeatUsage> for Usage {
    fn from(u: SeatUsage) -> Self {
        Self((!u.is_empty()).then(|| Box::new(u)))
    }
}

impl std::ops::Deref for Usage {
    type Target = SeatUsage;
    fn deref(&self) -> &SeatUsage {
        self.0.as_deref().unwrap_or(&NO_USAGE)
    }
}

impl std::ops::DerefMut for Usage {
    fn deref_mut(&mut self) -> &mut SeatUsage {
        self.0.get_or_insert_with(Box::default)
    }
}

impl PartialEq for Usage {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

/// What the usage report (or a snapshot's assignment mapping) says of one seat. Each value is
/// `None` where no input gives it: unknown, never zero.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SeatUsage {
    pub assigned_on: Option<At<Day>>,
    /// Days with use in the report's period.
    pub days_used: Option<At<u64>>,
    /// Days of use a month, a decimal >= 0.
    pub monthly_average: Option<At<f64>>,
    /// The last day this product was used.
    pub last_used: Option<At<Day>>,
    pub access: Option<At<Access>>,
}

impl SeatUsage {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// How a seat is paid for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// A named-user subscription seat.
    Subscription,
    /// Flex: paid per day of use with tokens.
    Flex,
}

impl fmt::Display for Access {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Access {
    /// `subscription` or `flex`, case-insensitively; anything else is unknown.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "subscription" => Some(Self::Subscription),
            "flex" => Some(Self::Flex),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Subscription => "subscription",
            Self::Flex => "flex",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Team {
    pub name: At<String>,
    pub primary_admin: Option<At<Email>>,
    pub secondary_admins: Vec<At<Email>>,
    pub sso_admins: Vec<At<Email>>,
    /// Admin role rows of a users export whose address is masked: the team has admins whom
    /// no input names.
    pub masked_admins: u32,
}

/// A field on which the snapshot and an export give different values.
#[derive(Clone, Debug)]
pub struct Disagreement {
    /// What the field is, in words: "`ends` of contract 110001234567".
    pub field: String,
    pub contract: Option<String>,
    pub team: Option<String>,
    pub product: Option<String>,
    pub user: Option<String>,
    pub snapshot: At<String>,
    pub export: At<String>,
}

/// A role that a person can hold on a contract or a team.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    ContractManager,
    SoftwareCoordinator,
    PrimaryAdmin,
    SecondaryAdmin,
    SsoAdmin,
}

impl Role {
    pub fn title(self) -> &'static str {
        match self {
            Self::ContractManager => "Contract Manager",
            Self::SoftwareCoordinator => "Software Coordinator",
            Self::PrimaryAdmin => "primary admin",
            Self::SecondaryAdmin => "secondary admin",
            Self::SsoAdmin => "SSO admin",
        }
    }
}

/// Where a role is held.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// Index into [`Account::contracts`].
    Contract(usize),
    /// Index into [`Account::teams`].
    Team(usize),
}

/// One written role assignment: who, which role, where.
#[derive(Clone, Copy, Debug)]
pub struct RoleHolding<'a> {
    pub role: Role,
    pub scope: Scope,
    pub holder: &'a At<Email>,
}

impl Account {
    /// Every role value written in the account, contracts first, each in written order.
    /// A Contract Manager standing in as coordinator is not repeated here.
    pub fn role_holdings(&self) -> impl Iterator<Item = RoleHolding<'_>> {
        let contracts = self.contracts.iter().enumerate().flat_map(|(i, c)| {
            let scope = Scope::Contract(i);
            c.contract_manager
                .iter()
                .map(move |h| RoleHolding {
                    role: Role::ContractManager,
                    scope,
                    holder: h,
                })
                .chain(c.software_coordinators.iter().map(move |h| RoleHolding {
                    role: Role::SoftwareCoordinator,
                    scope,
                    holder: h,
                }))
        });
        let teams = self.teams.iter().enumerate().flat_map(|(i, t)| {
            let scope = Scope::Team(i);
            t.primary_admin
                .iter()
                .map(move |h| RoleHolding {
                    role: Role::PrimaryAdmin,
                    scope,
                    holder: h,
                })
                .chain(t.secondary_admins.iter().map(move |h| RoleHolding {
                    role: Role::SecondaryAdmin,
                    scope,
                    holder: h,
                }))
                .chain(t.sso_admins.iter().map(move |h| RoleHolding {
                    role: Role::SsoAdmin,
                    scope,
                    holder: h,
                }))
        });
        contracts.chain(teams)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_compare_case_insensitively_and_trimmed() {
        assert_eq!(
            Email::parse("  Jane.Doe@ACME.example "),
            Email::parse("jane.doe@acme.example")
        );
        assert_eq!(Email::parse("   "), None);
        assert_eq!(
            Email::parse("a@b.example").unwrap().domain(),
            Some("b.example")
        );
        assert!(!Email::parse("nobody").unwrap().is_well_formed());
    }

    #[test]
    fn the_email_index_finds_first_positions() {
        let list: Vec<Email> = ["a@x.example", "b@x.example", "a@x.example"]
            .iter()
            .map(|e| Email::parse(e).unwrap())
            .collect();
        let mut index = EmailIndex::default();
        for (i, e) in list.iter().enumerate() {
            index.insert(e, i, |j| list.get(j));
        }
        assert_eq!(index.get(&list[0], |j| list.get(j)), Some(0));
        assert_eq!(index.get(&list[1], |j| list.get(j)), Some(1));
        assert_eq!(
            index.get(&Email::parse("c@x.example").unwrap(), |j| list.get(j)),
            None
        );
    }

    #[test]
    fn the_email_index_keeps_addresses_whose_hashes_collide_apart() {
        // Two addresses with the same 32-bit hash, found by the birthday bound.
        let mut by_hash = std::collections::HashMap::new();
        let pair = (0..1_000_000)
            .map(|i| Email::parse(&format!("user{i}@x.example")).unwrap())
            .find_map(|e| {
                by_hash
                    .insert(EmailIndex::hash(&e), e.clone())
                    .map(|other| (other, e))
            })
            .unwrap();
        let list = [
            pair.0.clone(),
            pair.1.clone(),
            pair.0.clone(),
            pair.1.clone(),
        ];
        let mut index = EmailIndex::with_capacity(4);
        for (i, e) in list.iter().enumerate() {
            index.insert(e, i, |j| list.get(j));
        }
        assert_eq!(index.get(&pair.0, |j| list.get(j)), Some(0));
        assert_eq!(index.get(&pair.1, |j| list.get(j)), Some(1));
        assert_eq!(index.collisions.len(), 1);
    }

    #[test]
    fn status_synonyms() {
        assert_eq!(Status::parse("Pending"), Some(Status::Invited));
        assert_eq!(Status::parse("VERIFIED"), Some(Status::Active));
        for s in ["disabled", "deleted", "departed", "removed"] {
            assert_eq!(Status::parse(s), Some(Status::Removed));
        }
        assert_eq!(Status::parse("gone"), None);
    }

    #[test]
    fn full_names_split_into_first_and_last() {
        assert_eq!(split_name("Ana de Souza"), ("Ana", "de Souza"));
        assert_eq!(split_name(" Smith, John "), ("John", "Smith"));
        assert_eq!(
            split_name("de la Cruz,Maria Luisa"),
            ("Maria Luisa", "de la Cruz")
        );
        assert_eq!(split_name("Smith Jr., John"), ("John", "Smith Jr."));
        assert_eq!(split_name("John Smith, Jr."), ("John", "Smith, Jr."));
        assert_eq!(split_name("Mary"), ("Mary", ""));
        assert_eq!(split_name(""), ("", ""));
    }

    #[test]
    fn names_an_export_gave_apart_stay_apart() {
        let at = |line| Origin {
            line,
            ..Origin::default()
        };
        let mut account = Account::default();
        account.name_parts.insert(
            at(2),
            NameParts {
                first: "Mary Ann".into(),
                last: "Smith".into(),
            },
        );
        let given = At::new("Mary Ann Smith".to_owned(), at(2));
        let elsewhere = At::new("Mary Ann Smith".to_owned(), at(3));
        assert_eq!(account.first_and_last(&given), ("Mary Ann", "Smith"));
        assert_eq!(account.first_and_last(&elsewhere), ("Mary", "Ann Smith"));
    }
}
