//! What a run produces: plain, sorted data that every renderer reads.

use rollcall_rules::{RuleMeta, Severity, Subject};

use rollcall_source::{InputError, Skipped};
use serde::{Deserialize, Serialize};

/// A place in an input file (the source crate's, below both the report and the
/// configuration, which locates waivers with it).
pub use rollcall_source::Loc;

/// Why a finding is waived, and where the waiver is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waived {
    pub reason: String,
    pub expires: Option<String>,
    pub owner: Option<String>,
    pub at: Loc,
}

/// A finding ready for output: its rule, where it points (as file paths), what it is about.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    pub message: String,
    pub help: Option<std::borrow::Cow<'static, str>>,
    pub account: String,
    pub subject: Subject,
    pub at: Loc,
    pub label: String,
    pub related: Vec<(Loc, String)>,
    pub waived: Option<Waived>,
    /// With `--baseline`: whether the finding is new since the baseline.
    pub baseline: Option<BaselineState>,
    /// The seats acting on the finding frees (see [`rollcall_rules::Freed`]).
    pub frees: Option<rollcall_rules::Freed>,
    /// What those seats cost a year, with a price list.
    pub savings: Option<Money>,
}

/// An amount of money: whole cents, and the currency of the price list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Money {
    pub cents: u64,
    pub currency: String,
}

impl Money {
    /// The amount as written in reports: `3000`, or `1234.50` when it has cents.
    pub fn amount(&self) -> String {
        amount_of(self.cents)
    }
}

/// Cents as reports write money in text: `3000`, or `1234.50` when it has cents.
pub fn amount_of(cents: u64) -> String {
    if cents.is_multiple_of(100) {
        (cents / 100).to_string()
    } else {
        format!("{}.{:02}", cents / 100, cents % 100)
    }
}

/// Cents as reports write money in JSON: the number `3000`, or `1999.5` when it has cents.
#[derive(Clone, Copy, Debug)]
pub struct Amount(pub u64);

impl Serialize for Amount {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.is_multiple_of(100) {
            s.serialize_u64(self.0 / 100)
        } else {
            #[allow(clippy::cast_precision_loss)] // cents of a price list: far below 2^52
            s.serialize_f64(self.0 as f64 / 100.0)
        }
    }
}

impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.amount(), self.currency)
    }
}

impl Diagnostic {
    /// Whether the finding counts towards `--fail-on`: not waived, and new when compared
    /// with a baseline.
    pub fn counts(&self) -> bool {
        self.waived.is_none() && self.baseline != Some(BaselineState::Unchanged)
    }
}

impl Diagnostic {
    /// A rule's finding on an account, placed in its files: not waived, not compared with a
    /// baseline, unpriced (the engine does those after).
    pub fn of(account: &rollcall_model::Account, f: rollcall_rules::Finding) -> Self {
        Self {
            rule: f.rule,
            severity: f.severity,
            message: f.message,
            help: f.help,
            account: account.name.clone(),
            subject: f.subject,
            at: loc(account, f.origin),
            label: f.label,
            related: f
                .labels
                .into_iter()
                .map(|l| (loc(account, l.origin), l.text))
                .collect(),
            waived: None,
            baseline: None,
            frees: f.frees,
            savings: None,
        }
    }

    /// The order of the output contract: file, line, column, rule code (within an account).
    pub fn sort_key(&self) -> (&str, u32, u32, &str) {
        (&self.at.file, self.at.line, self.at.column, self.rule.code)
    }
}

/// Where a value of an account is, by the path of its file (and sheet).
fn loc(account: &rollcall_model::Account, origin: rollcall_model::Origin) -> Loc {
    Loc {
        file: account.path_of(origin).to_owned(),
        line: origin.line,
        column: origin.column,
        len: origin.len,
        sheet: account.sheet_of(origin).map(str::to_owned),
    }
}

/// One audited account.
#[derive(Clone, Debug, Default)]
pub struct AccountReport {
    pub name: String,
    /// The folder it was read from, as displayed.
    pub path: String,
    /// The inputs that were read.
    pub files: Vec<String>,
    /// Sorted by file, line, column, rule code.
    pub diagnostics: Vec<Diagnostic>,
    /// False when an input of the account failed to load: its rules were not run, since
    /// findings on half an account would be wrong (a role "missing" only because its file broke).
    pub audited: bool,
    /// Roles and seat use, for the reports that show them.
    pub overview: crate::overview::Overview,
    /// The findings counted (see [`AccountReport::count`]).
    pub tally: Tally,
    /// The findings that are not waived, per rule, by code (see [`AccountReport::count`]).
    pub by_rule: Vec<(&'static RuleMeta, usize)>,
    /// Contract roles whose holders no input names (unknown, not absent: RC503), counted here
    /// since the overview may be dropped.
    pub unknown_roles: usize,
    /// With a price list: what the reclaimable seats cost a year, each seat counted once.
    pub savings: Option<Money>,
    /// Rows of its exports that gave the account nothing, counted by file and why.
    pub rows_skipped: Vec<RowsSkipped>,
}

/// Rows of one input file that gave the account nothing, for one reason.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RowsSkipped {
    pub file: String,
    /// The workbook sheet, for a workbook.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    pub rows: usize,
    /// The line of the first such row.
    pub first_line: u32,
    pub reason: String,
}

/// An account's findings counted for a portfolio table.
#[derive(Clone, Copy, Debug, Default)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub waived: usize,
    /// The highest severity among findings that count towards `--fail-on`.
    pub counting_max: Option<Severity>,
    /// With `--baseline`: findings new since the baseline.
    pub new: usize,
    /// The rule of the most severe findings; among those, the most frequent, then the lowest code.
    pub worst: Option<&'static RuleMeta>,
}

impl Tally {
    /// Every finding counted, waived or not.
    pub fn findings(&self) -> usize {
        self.errors + self.warnings + self.infos + self.waived
    }
}

impl AccountReport {
    /// Counts the findings into [`AccountReport::tally`] and [`AccountReport::by_rule`], so
    /// that the diagnostics themselves may be dropped once rendered.
    pub fn count(&mut self) {
        self.tally = self.compute_tally();
        let mut by_rule: Vec<(&'static RuleMeta, usize)> = Vec::new();
        for d in self.diagnostics.iter().filter(|d| d.waived.is_none()) {
            match by_rule.iter_mut().find(|(r, _)| r.code == d.rule.code) {
                Some(e) => e.1 += 1,
                None => by_rule.push((d.rule, 1)),
            }
        }
        by_rule.sort_by_key(|(r, _)| r.code);
        self.by_rule = by_rule;
    }

    /// Counts the findings that are not waived (kept in [`AccountReport::tally`], so that
    /// the diagnostics themselves may be dropped once rendered).
    fn compute_tally(&self) -> Tally {
        let mut t = Tally::default();
        let mut per_rule: Vec<(Severity, usize, &'static RuleMeta)> = Vec::new();
        for d in &self.diagnostics {
            t.new += usize::from(d.baseline == Some(BaselineState::New));
            if d.counts() {
                t.counting_max = t.counting_max.max(Some(d.severity));
            }
            if d.waived.is_some() {
                t.waived += 1;
                continue;
            }
            match d.severity {
                Severity::Error => t.errors += 1,
                Severity::Warning => t.warnings += 1,
                Severity::Info => t.infos += 1,
            }
            match per_rule
                .iter_mut()
                .find(|(s, _, r)| *s == d.severity && r.code == d.rule.code)
            {
                Some(e) => e.1 += 1,
                None => per_rule.push((d.severity, 1, d.rule)),
            }
        }
        t.worst = per_rule
            .into_iter()
            .max_by(|a, b| {
                a.0.cmp(&b.0)
                    .then(a.1.cmp(&b.1))
                    .then(b.2.code.cmp(a.2.code))
            })
            .map(|(_, _, r)| r);
        t
    }
}

/// What became of one folder of inputs.
#[derive(Clone, Debug, Default)]
pub struct UnitReport {
    /// `None` when no input of the folder could be read.
    pub account: Option<AccountReport>,
    /// Its inputs that could not be read or parsed.
    pub errors: Vec<InputError>,
    /// Its files that were looked at and are not inputs.
    pub skipped: Vec<Skipped>,
    /// What the formats of the run made of it in the worker, while its diagnostics (and, for
    /// human output, its sources) were at hand.
    pub parts: Parts,
    /// With `--baseline`: what the baseline had for this account that it no longer has.
    pub fixed: Vec<Key>,
    /// With `--redact`: the personal names of the account, to replace in its rendering.
    pub personal_names: Vec<String>,
    /// The configuration file in force for the folder (none: only the profile's settings).
    pub config: Option<std::path::PathBuf>,
}

/// A unit's text in one format, as rendered in the worker: in memory, or waiting in the
/// report's [`Spill`](crate::spill::Spill) file until the report is written.
#[derive(Clone, Debug)]
pub enum Part {
    Text(String),
    /// The `index`th text of a record of the spill file (see [`Stored`]).
    InRecord(crate::spill::Piece, u32),
}

fn no_spill() -> std::io::Error {
    std::io::Error::other("a spilled part was asked for without its spill file")
}

/// The parts of one unit, a part per format rendered in the worker.
#[derive(Clone, Debug, Default)]
pub struct Parts(Vec<(crate::render::Format, Part)>);

impl Parts {
    /// Keeps `text` as the unit's part in `format` (replacing any earlier one).
    pub fn set(&mut self, format: crate::render::Format, text: String) {
        self.0.retain(|(f, _)| *f != format);
        self.0.push((format, Part::Text(text)));
    }

    /// The part in `format`, wherever it is kept (`None` when none was rendered).
    pub fn get(
        &self,
        format: crate::render::Format,
        spill: Option<&crate::spill::Spill>,
    ) -> std::io::Result<Option<std::borrow::Cow<'_, str>>> {
        match self.find(format) {
            None => Ok(None),
            Some(Part::Text(t)) => Ok(Some(std::borrow::Cow::Borrowed(t))),
            Some(Part::InRecord(record, index)) => match spill {
                Some(spill) => Ok(Some(std::borrow::Cow::Owned(
                    spill.get_from_record(*record, *index as usize)?,
                ))),
                None => Err(no_spill()),
            },
        }
    }

    fn find(&self, format: crate::render::Format) -> Option<&Part> {
        self.0.iter().find(|(f, _)| *f == format).map(|(_, p)| p)
    }

    /// As [`Parts::get`], a part in the spill file read into `buf` (see
    /// [`Spill::text_into`](crate::spill::Spill::text_into)).
    pub fn get_into<'s>(
        &'s self,
        format: crate::render::Format,
        spill: Option<&crate::spill::Spill>,
        buf: &'s mut Vec<u8>,
    ) -> std::io::Result<Option<&'s str>> {
        match self.find(format) {
            None => Ok(None),
            Some(Part::Text(t)) => Ok(Some(t)),
            Some(Part::InRecord(record, index)) => match spill {
                Some(spill) => Ok(Some(spill.text_into(*record, *index as usize, buf)?)),
                None => Err(no_spill()),
            },
        }
    }

    /// The part in `format` if it is kept in memory (`""` otherwise).
    pub fn text(&self, format: crate::render::Format) -> &str {
        match self.find(format) {
            Some(Part::Text(t)) => t,
            _ => "",
        }
    }
}

/// A finished unit kept small until the report is written (a portfolio's report is written
/// in account order, known only once the last account is done): in memory, what the order,
/// the tables and the totals need (about a hundred bytes and the account's name and folder);
/// in one record of the spill file, its inputs' names and its parts. A unit whose record
/// could not be written is kept whole.
#[derive(Clone, Debug)]
pub struct Stored {
    /// The account's name followed by its folder (the sort key), split at `name_len`.
    pub(crate) key: Box<str>,
    pub(crate) name_len: u32,
    pub(crate) files: u32,
    pub(crate) unknown_roles: u32,
    pub(crate) account: bool,
    pub(crate) audited: bool,
    /// Which formats the record holds, a bit per [`Format`](crate::render::Format), in the
    /// order of the bits after the inputs' names.
    pub(crate) formats: u16,
    pub tally: Tally,
    body: Body,
}

#[derive(Clone, Debug)]
enum Body {
    Record(crate::spill::Piece, Option<Box<Rare>>),
    Kept(Box<UnitReport>),
}

/// What few units have: kept beside the record only when there is some.
#[derive(Clone, Debug, Default)]
struct Rare {
    savings: Option<Money>,
    rows_skipped: Vec<RowsSkipped>,
    errors: Vec<InputError>,
    skipped: Vec<Skipped>,
    fixed: Vec<Key>,
    config: Option<std::path::PathBuf>,
}

impl Rare {
    fn is_empty(&self) -> bool {
        self.savings.is_none() && self.is_plain()
    }

    /// Nothing but savings (which a [`Shelf`](crate::shelf::Shelf)'s runs keep).
    fn is_plain(&self) -> bool {
        self.rows_skipped.is_empty()
            && self.errors.is_empty()
            && self.skipped.is_empty()
            && self.fixed.is_empty()
            && self.config.is_none()
    }
}

fn format_bit(f: crate::render::Format) -> u16 {
    1 << (f as u16)
}

impl Stored {
    /// Keeps `unit` small: its inputs' names and its parts (as rendered, in memory) go into
    /// one record of `spill`; what is left of its findings (the diagnostics, the overview)
    /// is dropped. If the record cannot be written, the unit is kept whole.
    pub fn store(mut unit: UnitReport, spill: &crate::spill::Spill) -> Self {
        let (name, path, files, unknown_roles, audited, tally) = match &unit.account {
            Some(a) => (
                a.name.as_str(),
                a.path.as_str(),
                a.files.len(),
                a.unknown_roles,
                a.audited,
                a.tally,
            ),
            None => (
                "",
                unit.errors.first().map_or("", |e| e.file.as_str()),
                0,
                0,
                false,
                Tally::default(),
            ),
        };
        let key: Box<str> = format!("{name}{path}").into_boxed_str();
        let name_len = u32::try_from(name.len()).unwrap_or(u32::MAX);
        let files = u32::try_from(files).unwrap_or(u32::MAX);
        let unknown_roles = u32::try_from(unknown_roles).unwrap_or(u32::MAX);
        let account = unit.account.is_some();
        let mut parts: Vec<(crate::render::Format, &str)> = unit
            .parts
            .0
            .iter()
            .filter_map(|(f, p)| match p {
                Part::Text(t) => Some((*f, t.as_str())),
                Part::InRecord(..) => None,
            })
            .collect();
        parts.sort_by_key(|(f, _)| *f as u16);
        let kept_whole = |unit: UnitReport| Self {
            key: key.clone(),
            name_len,
            files,
            unknown_roles,
            account,
            audited,
            formats: 0,
            tally,
            body: Body::Kept(Box::new(unit)),
        };
        if parts.len() != unit.parts.0.len() {
            return kept_whole(unit);
        }
        let names = unit
            .account
            .as_ref()
            .map(|a| a.files.join("\0"))
            .unwrap_or_default();
        let texts: Vec<&str> = std::iter::once(names.as_str())
            .chain(parts.iter().map(|(_, t)| *t))
            .collect();
        let Ok(record) = spill.put_record(&texts) else {
            return kept_whole(unit);
        };
        let formats = parts.iter().fold(0, |m, (f, _)| m | format_bit(*f));
        let account_report = unit.account.take();
        let (savings, rows_skipped) = account_report
            .map(|a| (a.savings, a.rows_skipped))
            .unwrap_or_default();
        let rare = Rare {
            savings,
            rows_skipped,
            errors: std::mem::take(&mut unit.errors),
            skipped: std::mem::take(&mut unit.skipped),
            fixed: std::mem::take(&mut unit.fixed),
            config: unit.config.take(),
        };
        let rare = (!rare.is_empty()).then(|| Box::new(rare));
        Self::recorded(
            key,
            [name_len, files, unknown_roles],
            [account, audited],
            formats,
            tally,
            record,
            rare,
        )
    }

    /// One whose record was written.
    fn recorded(
        key: Box<str>,
        [name_len, files, unknown_roles]: [u32; 3],
        [account, audited]: [bool; 2],
        formats: u16,
        tally: Tally,
        record: crate::spill::Piece,
        rare: Option<Box<Rare>>,
    ) -> Self {
        Self {
            key,
            name_len,
            files,
            unknown_roles,
            account,
            audited,
            formats,
            tally,
            body: Body::Record(record, rare),
        }
    }

    /// The order of units in the output: by account name, then folder.
    pub fn sort_key(&self) -> (&str, &str) {
        self.key.split_at(self.name_len as usize)
    }

    /// Whether all of it is its record and its counts (and savings): what a
    /// [`Shelf`](crate::shelf::Shelf) writes in its runs.
    pub(crate) fn is_plain(&self) -> bool {
        match &self.body {
            Body::Record(_, rare) => rare.as_deref().is_none_or(Rare::is_plain),
            Body::Kept(_) => false,
        }
    }

    /// A plain one's record and savings.
    pub(crate) fn plain_parts(&self) -> (crate::spill::Piece, Option<&Money>) {
        match &self.body {
            Body::Record(record, rare) => (*record, rare.as_ref().and_then(|r| r.savings.as_ref())),
            Body::Kept(_) => (
                crate::spill::Piece {
                    lane: 0,
                    offset: 0,
                    len: 0,
                },
                None,
            ),
        }
    }

    /// A plain one again, as a [`Shelf`](crate::shelf::Shelf) reads it back.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn plain(
        key: Box<str>,
        [name_len, files, unknown_roles]: [u32; 3],
        account: bool,
        audited: bool,
        formats: u16,
        tally: Tally,
        record: crate::spill::Piece,
        savings: Option<Money>,
    ) -> Self {
        let rare = savings.map(|savings| {
            Box::new(Rare {
                savings: Some(savings),
                ..Rare::default()
            })
        });
        Self::recorded(
            key,
            [name_len, files, unknown_roles],
            [account, audited],
            formats,
            tally,
            record,
            rare,
        )
    }

    fn rare(&self) -> Option<&Rare> {
        match &self.body {
            Body::Record(_, rare) => rare.as_deref(),
            Body::Kept(_) => None,
        }
    }

    /// The unit again (without its diagnostics), its parts read from `spill` when asked for;
    /// with `files`, the names of its inputs read back too.
    pub fn unit(
        &self,
        spill: Option<&crate::spill::Spill>,
        files: bool,
    ) -> std::io::Result<std::borrow::Cow<'_, UnitReport>> {
        let (record, rare) = match &self.body {
            Body::Kept(unit) => return Ok(std::borrow::Cow::Borrowed(unit)),
            Body::Record(record, rare) => (*record, rare.as_deref()),
        };
        let names = if files && self.files > 0 {
            let spill = spill.ok_or_else(no_spill)?;
            spill
                .get_from_record(record, 0)?
                .split('\0')
                .map(str::to_owned)
                .collect()
        } else {
            Vec::new()
        };
        let (name, path) = self.sort_key();
        let mut parts = Parts::default();
        let mut index = 1;
        for bit in 0..16u16 {
            if self.formats & (1 << bit) != 0 {
                if let Some(f) = crate::render::Format::from_index(bit) {
                    parts.0.push((f, Part::InRecord(record, index)));
                }
                index += 1;
            }
        }
        Ok(std::borrow::Cow::Owned(UnitReport {
            account: self.account.then(|| AccountReport {
                name: name.to_owned(),
                path: path.to_owned(),
                files: names,
                audited: self.audited,
                tally: self.tally,
                unknown_roles: self.unknown_roles as usize,
                savings: rare.and_then(|r| r.savings.clone()),
                rows_skipped: rare.map(|r| r.rows_skipped.clone()).unwrap_or_default(),
                ..AccountReport::default()
            }),
            errors: rare.map(|r| r.errors.clone()).unwrap_or_default(),
            skipped: rare.map(|r| r.skipped.clone()).unwrap_or_default(),
            parts,
            fixed: rare.map(|r| r.fixed.clone()).unwrap_or_default(),
            personal_names: Vec::new(),
            config: rare.and_then(|r| r.config.clone()),
        }))
    }

    /// The number of inputs read.
    pub fn files(&self) -> usize {
        match &self.body {
            Body::Kept(u) => u.account.as_ref().map_or(0, |a| a.files.len()),
            Body::Record(..) => self.files as usize,
        }
    }

    /// Whether the unit is an account (some input of it was read).
    pub fn is_account(&self) -> bool {
        self.account
    }

    /// What it saves a year, with a price list.
    pub fn savings(&self) -> Option<&Money> {
        match &self.body {
            Body::Kept(u) => u.account.as_ref().and_then(|a| a.savings.as_ref()),
            Body::Record(..) => self.rare().and_then(|r| r.savings.as_ref()),
        }
    }

    /// Its inputs that could not be read.
    pub fn errors(&self) -> &[InputError] {
        match &self.body {
            Body::Kept(u) => &u.errors,
            Body::Record(..) => self.rare().map_or(&[], |r| &r.errors),
        }
    }

    /// Its files that are not inputs.
    pub fn skipped(&self) -> &[Skipped] {
        match &self.body {
            Body::Kept(u) => &u.skipped,
            Body::Record(..) => self.rare().map_or(&[], |r| &r.skipped),
        }
    }

    /// What the baseline had for it that it no longer has.
    pub fn fixed(&self) -> &[Key] {
        match &self.body {
            Body::Kept(u) => &u.fixed,
            Body::Record(..) => self.rare().map_or(&[], |r| &r.fixed),
        }
    }
}

impl UnitReport {
    /// The order of units in the output: by account name, then folder.
    pub fn sort_key(&self) -> (&str, &str) {
        match &self.account {
            Some(a) => (&a.name, &a.path),
            None => ("", self.errors.first().map_or("", |e| e.file.as_str())),
        }
    }
}

/// A whole run.
#[derive(Debug, Default)]
pub struct Report {
    /// In output order.
    pub units: Vec<UnitReport>,
    /// Problems found before any account was read (a path that does not exist).
    pub errors: Vec<InputError>,
    /// With `--baseline`: what the baseline had that this run no longer finds.
    pub fixed: Vec<Key>,
    pub baseline_applied: bool,
    /// Diagnostics about the configuration (expired and unused waivers), not of any account.
    pub notices: Option<UnitReport>,
    /// The custom rules of the configurations in force, by code (for SARIF's rule table).
    pub custom_rules: Vec<&'static RuleMeta>,
    /// The day the run counted from (`--as-of`, else the system date): JSON's `run.today`.
    pub today: Option<rollcall_model::Day>,
    /// The folders that the configurations in force name in `history:` (the run's JSON report
    /// is also written there).
    pub history: Vec<std::path::PathBuf>,
    /// Where units' rendered parts wait, when the run spilled them.
    pub spill: Option<std::sync::Arc<crate::spill::Spill>>,
    /// Units kept small until written (see [`Stored`]), in output order, after `units`.
    pub stored: crate::shelf::Shelf,
    /// The findings of `stored` units that are not waived, per rule, by code (their own
    /// [`AccountReport::by_rule`] is not kept).
    pub stored_by_rule: Vec<(&'static RuleMeta, usize)>,
}

/// Counts for the summary line and the JSON `summary` object.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub accounts: usize,
    pub files_read: usize,
    pub files_failed: usize,
    pub files_skipped: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub waived: usize,
    /// With a price list: reclaimable seats' yearly cost, per currency, in cents.
    pub savings: Option<std::collections::BTreeMap<String, u64>>,
}

/// Counts over accounts, added up as they finish (see [`Report::totals`]).
#[derive(Clone, Debug, Default)]
pub struct Totals {
    pub accounts: usize,
    pub files_read: usize,
    pub files_skipped: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub waived: usize,
    /// With `--baseline`: findings new since the baseline.
    pub new: usize,
    /// The highest severity among findings that count towards `--fail-on`.
    pub counting_max: Option<Severity>,
    /// Tallies without any finding (accounts with nothing to say).
    pub clean: usize,
    /// With a price list: reclaimable seats' yearly cost, per currency, in cents.
    pub savings: Option<std::collections::BTreeMap<String, u64>>,
}

impl Totals {
    /// Adds an account's (or the notices') findings.
    pub fn add_tally(&mut self, t: &Tally) {
        self.errors += t.errors;
        self.warnings += t.warnings;
        self.infos += t.infos;
        self.waived += t.waived;
        self.new += t.new;
        self.counting_max = self.counting_max.max(t.counting_max);
        self.clean += usize::from(t.findings() == 0);
    }

    fn add_savings(&mut self, m: &Money) {
        *self
            .savings
            .get_or_insert_with(Default::default)
            .entry(m.currency.clone())
            .or_insert(0) += m.cents;
    }

    /// Adds a unit kept whole.
    pub fn add_unit(&mut self, u: &UnitReport) {
        self.files_skipped += u.skipped.len();
        if let Some(a) = &u.account {
            self.accounts += 1;
            self.files_read += a.files.len();
            self.add_tally(&a.tally);
            if let Some(m) = &a.savings {
                self.add_savings(m);
            }
        }
    }

    /// Adds a unit kept small.
    pub(crate) fn add_stored(&mut self, s: &Stored) {
        self.files_read += s.files();
        self.files_skipped += s.skipped().len();
        if s.is_account() {
            self.accounts += 1;
            self.add_tally(&s.tally);
        }
        if let Some(m) = s.savings() {
            self.add_savings(m);
        }
    }

    /// Every finding counted, waived or not.
    pub fn findings(&self) -> usize {
        self.errors + self.warnings + self.infos + self.waived
    }
}

impl Report {
    /// The accounts kept whole (not the [`Stored`] ones: see [`Report::each_unit`]).
    pub fn accounts(&self) -> impl Iterator<Item = &AccountReport> {
        self.units.iter().filter_map(|u| u.account.as_ref())
    }

    /// Every unit in output order, kept whole or read back from the spill file (the names of
    /// their inputs too, with `files`), for the writers that go through a portfolio a unit at
    /// a time. The configuration's notices are not among them.
    pub fn each_unit(
        &self,
        files: bool,
    ) -> impl Iterator<Item = std::io::Result<std::borrow::Cow<'_, UnitReport>>> {
        let spill = self.spill.as_deref();
        self.units
            .iter()
            .map(|u| Ok(std::borrow::Cow::Borrowed(u)))
            .chain(self.stored.iter().map(move |s| {
                match s? {
                    std::borrow::Cow::Borrowed(s) => s.unit(spill, files),
                    std::borrow::Cow::Owned(s) => s
                        .unit(spill, files)
                        .map(|u| std::borrow::Cow::Owned(u.into_owned())),
                }
            }))
    }

    /// The findings that are not waived, per rule, by code, over the notices and every unit.
    pub fn by_rule(&self) -> Vec<(&'static RuleMeta, usize)> {
        let mut all: std::collections::BTreeMap<&str, (&'static RuleMeta, usize)> =
            std::collections::BTreeMap::new();
        let kept = self
            .notices
            .iter()
            .chain(&self.units)
            .filter_map(|u| u.account.as_ref())
            .flat_map(|a| &a.by_rule);
        for (r, n) in kept.chain(&self.stored_by_rule) {
            all.entry(r.code).or_insert((r, 0)).1 += n;
        }
        all.into_values().collect()
    }

    /// Every diagnostic kept in memory, in output order: configuration notices, then each
    /// whole account's (a [`Stored`] account keeps none).
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.notices
            .iter()
            .flat_map(|n| n.account.iter())
            .chain(self.accounts())
            .flat_map(|a| &a.diagnostics)
    }

    /// Every input error, sorted by file, line, column.
    pub fn all_errors(&self) -> Vec<&InputError> {
        let mut all: Vec<&InputError> = self
            .errors
            .iter()
            .chain(self.units.iter().flat_map(|u| &u.errors))
            .chain(self.stored.kept().iter().flat_map(Stored::errors))
            .collect();
        all.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        all
    }

    /// Every skipped file, sorted by file.
    pub fn all_skipped(&self) -> Vec<&Skipped> {
        let mut all: Vec<&Skipped> = self
            .units
            .iter()
            .flat_map(|u| &u.skipped)
            .chain(self.stored.kept().iter().flat_map(Stored::skipped))
            .collect();
        all.sort();
        all
    }

    pub fn summary(&self) -> Summary {
        let mut failed: Vec<&str> = self
            .all_errors()
            .into_iter()
            .map(|e| e.file.as_str())
            .collect();
        failed.sort_unstable();
        failed.dedup();
        let t = self.totals();
        Summary {
            accounts: t.accounts,
            files_read: t.files_read,
            files_failed: failed.len(),
            files_skipped: t.files_skipped,
            errors: t.errors,
            warnings: t.warnings,
            infos: t.infos,
            waived: t.waived,
            savings: t.savings,
        }
    }

    /// The counts over the notices and every unit.
    pub fn totals(&self) -> Totals {
        let mut t = self.stored.totals().clone();
        if let Some(n) = self.notices.as_ref().and_then(|n| n.account.as_ref()) {
            t.add_tally(&n.tally);
        }
        for u in &self.units {
            t.add_unit(u);
        }
        t
    }

    /// The exit status of the output contract.
    pub fn exit_status(&self, fail_on: Option<Severity>) -> i32 {
        if !self.errors.is_empty()
            || self.units.iter().any(|u| !u.errors.is_empty())
            || self.stored.kept().iter().any(|u| !u.errors().is_empty())
        {
            return 2;
        }
        let failing =
            fail_on.is_some_and(|level| self.totals().counting_max.is_some_and(|m| m >= level));
        i32::from(failing)
    }
}

/// Whether a finding was in the baseline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BaselineState {
    New,
    Unchanged,
}

impl BaselineState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Unchanged => "unchanged",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Key {
    pub account: String,
    pub rule: String,
    pub contract: Option<String>,
    pub team: Option<String>,
    pub product: Option<String>,
    pub user: Option<String>,
}

impl Key {
    /// What the finding was about.
    pub fn subject(&self) -> rollcall_rules::Subject {
        rollcall_rules::Subject {
            contract: self.contract.clone(),
            team: self.team.clone(),
            product: self.product.clone(),
            user: self.user.clone(),
        }
    }
}
