//! Autodesk Account exports (subscriptions, users, usage report), recognised by their header
//! row, read into account fragments whose every value keeps its row and cell.

use std::collections::HashMap;

use rollcall_model::{
    Access, At, Contract, Day, Email, EmailIndex, FileId, Origin, Product, Recorded, SeatUsage,
    SourceKind, Status, Team, Usage, User,
};

use crate::table::{Cell, Table};
use rollcall_source::{suggest, InputError};

/// What an export file or sheet is, from its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    Subscriptions,
    Users,
    Usage,
}

impl ExportKind {
    pub fn source_kind(self) -> SourceKind {
        match self {
            Self::Subscriptions => SourceKind::SubscriptionsExport,
            Self::Users => SourceKind::UsersExport,
            Self::Usage => SourceKind::UsageExport,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Subscriptions => "subscriptions export",
            Self::Users => "users export",
            Self::Usage => "usage report",
        }
    }

    fn required(self) -> &'static [&'static str] {
        match self {
            Self::Subscriptions => &["offering_name", "seat_quantity"],
            Self::Users => &["email", "role"],
            Self::Usage => &["email", "offering_name"],
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

/// Which export a header row is, if any.
pub fn recognise(header: &[Cell]) -> Option<ExportKind> {
    let names: Vec<String> = header.iter().map(|c| normalise_header(&c.text)).collect();
    let has = |n: &str| names.iter().any(|h| h == n);
    if has("seat_quantity") {
        Some(ExportKind::Subscriptions)
    } else if has("seat_assignment") || has("hashed_autodesk_id") {
        Some(ExportKind::Usage)
    } else if has("role") && has("email") {
        Some(ExportKind::Users)
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

/// What one export contributes to an account.
#[derive(Clone, Debug)]
pub struct Fragment {
    pub kind: ExportKind,
    pub contracts: Vec<Contract>,
    pub users: Vec<User>,
    pub teams: Vec<Team>,
    pub assignments: Vec<Assignment>,
}

/// Reads a recognised table. `header` is the index of its header row.
pub fn read_export(
    table: &Table,
    header: usize,
    kind: ExportKind,
    file: FileId,
    display: &str,
) -> Result<Fragment, Vec<InputError>> {
    let mut rows = ExportRows::new(&table.rows[header], kind, file, display)?;
    for row in &table.rows[header + 1..] {
        rows.row(row);
    }
    rows.finish()
}

/// An export may have at most this many rows: Autodesk Account's largest customers export tens
/// of thousands; a million rows is already some 900 MB of account in memory.
pub const MAX_ROWS: usize = 1_000_000;

/// An export read row by row, after its header: what [`read_export`] does for a whole table,
/// for rows streamed from a file.
pub struct ExportRows<'d> {
    r: ExportReader<'d>,
    kind: ExportKind,
    fragment: Fragment,
    width: usize,
    first: (u32, u32),
    rows: usize,
}

impl<'d> ExportRows<'d> {
    pub fn kind(&self) -> ExportKind {
        self.kind
    }

    /// Whether the export has passed [`MAX_ROWS`] (its error is recorded): stop reading.
    pub fn over_budget(&self) -> bool {
        self.rows > MAX_ROWS
    }

    /// Starts an export from its header row; a missing required column is an error.
    pub fn new(
        head: &[Cell],
        kind: ExportKind,
        file: FileId,
        display: &'d str,
    ) -> Result<Self, Vec<InputError>> {
        let mut r = ExportReader {
            file,
            display,
            errors: Vec::new(),
            columns: HashMap::new(),
            users: EmailIndex::default(),
            names: std::collections::HashSet::new(),
        };
        for (i, c) in head.iter().enumerate() {
            r.columns.entry(normalise_header(&c.text)).or_insert(i);
        }
        let first = head.first().map_or((1, 1), |c| (c.line, c.column));
        let mut missing: Vec<&str> = kind
            .required()
            .iter()
            .copied()
            .filter(|c| !r.columns.contains_key(*c))
            .collect();
        if kind == ExportKind::Subscriptions
            && !r.columns.contains_key("contract_number")
            && !r.columns.contains_key("subscription_id")
        {
            missing.push("contract_number` or `subscription_id");
        }
        if !missing.is_empty() {
            let names: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
            return Err(vec![InputError::new(
                display,
                first.0,
                first.1,
                "rollcall::missing-column",
                format!(
                    "this {} lacks the required column {}",
                    kind.name(),
                    names.join(", ")
                ),
            )
            .with_help(
                "export the report again with all columns, or add the column to the header",
            )]);
        }
        Ok(Self {
            r,
            kind,
            fragment: Fragment {
                kind,
                contracts: Vec::new(),
                users: Vec::new(),
                teams: Vec::new(),
                assignments: Vec::new(),
            },
            width: head.len(),
            first,
            rows: 0,
        })
    }

    /// Reads one row after the header.
    pub fn row(&mut self, row: &[Cell]) {
        self.rows += 1;
        if self.rows > MAX_ROWS {
            if self.rows == MAX_ROWS + 1 {
                let at = row.first().map_or(self.first, |c| (c.line, c.column));
                self.r.errors.push(
                    InputError::new(
                        self.r.display,
                        at.0,
                        at.1,
                        "rollcall::too-many-rows",
                        format!("the export has more than {MAX_ROWS} rows"),
                    )
                    .with_help("split the export (by team, for instance): each file is audited within a memory budget"),
                );
            }
            return;
        }
        let width = self.width;
        if row.len() != width {
            let at = row.first().map_or(self.first, |c| (c.line, c.column));
            self.r.errors.push(
                InputError::new(
                    self.r.display,
                    at.0,
                    at.1,
                    "rollcall::ragged-row",
                    format!("this row has {} cells, the header has {width}", row.len()),
                )
                .with_help("a cell with a delimiter or a line break must be quoted"),
            );
            return;
        }
        match self.kind {
            ExportKind::Subscriptions => self.r.subscription(row, &mut self.fragment),
            ExportKind::Users => self.r.users_row(row, &mut self.fragment),
            ExportKind::Usage => self.r.usage_row(row, &mut self.fragment),
        }
    }

    pub fn finish(self) -> Result<Fragment, Vec<InputError>> {
        if self.r.errors.is_empty() {
            Ok(self.fragment)
        } else {
            Err(self.r.errors)
        }
    }
}

struct ExportReader<'d> {
    file: FileId,
    display: &'d str,
    errors: Vec<InputError>,
    columns: HashMap<String, usize>,
    /// Index of each email's entry in the fragment's users: rows of one user are many.
    users: EmailIndex,
    /// Product and team names, each stored once.
    names: std::collections::HashSet<std::sync::Arc<str>>,
}

/// A cell holds no value when it is empty or masked (`*****`).
fn is_unknown(text: &str) -> bool {
    text.is_empty() || text.chars().all(|c| c == '*')
}

impl ExportReader<'_> {
    /// A name shared with the other rows that give it.
    fn shared(&mut self, name: &str) -> std::sync::Arc<str> {
        if let Some(n) = self.names.get(name) {
            return std::sync::Arc::clone(n);
        }
        let n: std::sync::Arc<str> = std::sync::Arc::from(name);
        self.names.insert(std::sync::Arc::clone(&n));
        n
    }

    fn origin(&self, cell: &Cell) -> Origin {
        Origin {
            file: self.file,
            line: cell.line,
            column: cell.column,
            len: cell.len,
        }
    }

    fn error(&mut self, cell: &Cell, code: &'static str, message: String, help: &str) {
        self.errors.push(
            InputError::new(self.display, cell.line, cell.column, code, message)
                .with_len(cell.len)
                .with_help(help),
        );
    }

    /// The cell of a column in a row, when the column exists and the cell holds a value.
    fn cell<'r>(&self, row: &'r [Cell], column: &str) -> Option<&'r Cell> {
        let i = *self.columns.get(column)?;
        row.get(i).filter(|c| !is_unknown(&c.text))
    }

    fn text(&self, row: &[Cell], column: &str) -> Option<At<String>> {
        self.cell(row, column)
            .map(|c| At::new(c.text.clone(), self.origin(c)))
    }

    fn email(&mut self, row: &[Cell], column: &str) -> Option<At<Email>> {
        let cell = self.cell(row, column)?;
        let email = Email::parse(&cell.text)?;
        if !email.is_well_formed() {
            self.error(
                cell,
                "rollcall::email",
                format!("`{}` in `{column}` is not an email address", cell.text),
                "the column should hold addresses such as jane.doe@acme.example",
            );
            return None;
        }
        Some(At::new(email, self.origin(cell)))
    }

    fn date(&mut self, row: &[Cell], column: &str) -> Option<At<Day>> {
        let cell = self.cell(row, column)?;
        match Day::parse_export(&cell.text) {
            Some(d) => Some(At::new(d, self.origin(cell))),
            None => {
                self.error(
                    cell,
                    "rollcall::date",
                    format!("`{}` in `{column}` is not a date", cell.text),
                    "dates are YYYY-MM-DD, an ISO 8601 date-time, or MM/DD/YYYY",
                );
                None
            }
        }
    }

    fn status(&mut self, row: &[Cell]) -> Option<(Status, Origin)> {
        let cell = self.cell(row, "account_status")?;
        if let Some(s) = Status::parse(&cell.text) {
            return Some((s, self.origin(cell)));
        }
        let near = suggest(&cell.text, Status::SPELLINGS.iter().copied());
        let help = near.map_or(
            "a status is active, invited, inactive or removed".to_owned(),
            |n| format!("did you mean `{n}`?"),
        );
        self.error(
            cell,
            "rollcall::value",
            format!("unknown account status `{}`", cell.text),
            &help,
        );
        None
    }

    fn name(&self, row: &[Cell]) -> Option<At<String>> {
        let first = self.cell(row, "first_name");
        let last = self.cell(row, "last_name");
        let at = first.or(last)?;
        let parts: Vec<&str> = [first, last]
            .into_iter()
            .flatten()
            .map(|c| c.text.as_str())
            .collect();
        Some(At::new(parts.join(" "), self.origin(at)))
    }

    fn subscription(&mut self, row: &[Cell], out: &mut Fragment) {
        let number = self
            .text(row, "contract_number")
            .or_else(|| self.text(row, "subscription_id"));
        let Some(number) = number else {
            let at = row.first().cloned().unwrap_or(Cell {
                text: String::new(),
                line: 1,
                column: 1,
                len: 1,
            });
            self.error(
                &at,
                "rollcall::missing-value",
                "this subscription has neither a `contract_number` nor a `subscription_id`".into(),
                "every row needs one of the two",
            );
            return;
        };
        let Some(offering) = self.text(row, "offering_name") else {
            let i = self.columns["offering_name"];
            let cell = row[i].clone();
            self.error(
                &cell,
                "rollcall::missing-value",
                "this subscription has no `offering_name`".into(),
                "every row names the product it sells",
            );
            return;
        };
        let i = self.columns["seat_quantity"];
        let seat_cell = &row[i];
        let seats = match seat_cell.text.parse::<u64>() {
            Ok(n) => At::new(n, self.origin(seat_cell)),
            Err(_) => {
                let cell = seat_cell.clone();
                self.error(
                    &cell,
                    "rollcall::type",
                    format!(
                        "`seat_quantity` must be a whole number of seats, found `{}`",
                        cell.text
                    ),
                    "write the number of seats as digits, such as 5",
                );
                return;
            }
        };
        let ends = self.date(row, "end_date");
        let auto_renew = self.columns.get("autorenew_date").and_then(|&i| {
            let cell = &row[i];
            if cell.text.is_empty() {
                Some(At::new(false, self.origin(cell)))
            } else if is_unknown(&cell.text) {
                None
            } else {
                Some(At::new(true, self.origin(cell)))
            }
        });
        let team = self.text(row, "team_alias");
        let cm = self.email(row, "contract_manager_email");
        let manager_column = self.columns.contains_key("contract_manager_email");
        let reseller = self.email(row, "reseller_email");
        let contract = match out
            .contracts
            .iter_mut()
            .find(|c| c.number.value == number.value)
        {
            Some(c) => c,
            None => {
                out.contracts.push(Contract {
                    number,
                    team: None,
                    ends: None,
                    auto_renew: None,
                    contract_manager: None,
                    software_coordinators: Vec::new(),
                    // Exports never name coordinators, and name the Contract Manager only
                    // in a `contract_manager_email` column: unknown, not absent.
                    manager: Recorded::Unknown(None),
                    coordinators: Recorded::Unknown(None),
                    reseller: None,
                    products: Vec::new(),
                });
                out.contracts.last_mut().expect("just pushed")
            }
        };
        // Rows of one contract: the earliest end is when something lapses; it renews
        // automatically only if every row does.
        if let Some(e) = ends {
            if contract.ends.as_ref().is_none_or(|c| e.value < c.value) {
                contract.ends = Some(e);
            }
        }
        if let Some(a) = auto_renew {
            match &contract.auto_renew {
                Some(c) if !c.value => {}
                _ => contract.auto_renew = Some(a),
            }
        }
        if contract.team.is_none() {
            contract.team = team;
        }
        if contract.contract_manager.is_none() {
            contract.contract_manager = cm;
        }
        if manager_column {
            contract.manager = Recorded::Known;
        }
        if contract.reseller.is_none() {
            contract.reseller = reseller;
        }
        match contract
            .products
            .iter_mut()
            .find(|p| p.name.value.eq_ignore_ascii_case(&offering.value))
        {
            Some(p) => p.seats.value += seats.value,
            None => contract.products.push(Product {
                name: offering,
                seats,
                assigned: None,
            }),
        }
    }

    fn user_entry<'f>(&mut self, row: &[Cell], out: &'f mut Fragment) -> Option<&'f mut User> {
        let email = self.email(row, "email")?;
        let name = self.name(row);
        let status = self.status(row);
        let found = self
            .users
            .get(&email.value, |i| out.users.get(i).map(|u| &u.email.value));
        let i = match found {
            Some(i) => i,
            None => {
                let i = out.users.len();
                out.users.push(User {
                    email,
                    name,
                    status: status.map_or(Status::Active, |s| s.0),
                    status_origin: status.map(|s| s.1),
                    invited_on: None,
                    last_active: None,
                    days_inactive: None,
                });
                let users = &out.users;
                self.users.insert(&users[i].email.value, i, |j| {
                    users.get(j).map(|u| &u.email.value)
                });
                i
            }
        };
        out.users.get_mut(i)
    }

    fn users_row(&mut self, row: &[Cell], out: &mut Fragment) {
        let team = self.text(row, "team_alias");
        let role_cell = self.cell(row, "role").cloned();
        let Some(user) = self.user_entry(row, out) else {
            return;
        };
        let email = user.email.clone();
        let email_at = self.email(row, "email").unwrap_or(email);
        if let Some(offering) = self.text(row, "offering_name") {
            out.assignments.push(Assignment {
                email: email_at.clone(),
                product: self.shared(&offering.value),
                team: team.as_ref().map(|t| self.shared(&t.value)),
                usage: Usage::default(),
            });
        }
        let Some(role_cell) = role_cell else { return };
        let role = normalise_header(&role_cell.text);
        let slot = match role.as_str() {
            "primary_admin" => 0,
            "secondary_admin" => 1,
            "sso_admin" => 2,
            "user" | "external_user" => return,
            _ => {
                let near = suggest(
                    &role,
                    [
                        "primary_admin",
                        "secondary_admin",
                        "sso_admin",
                        "user",
                        "external_user",
                    ],
                );
                let help = near.map_or(
                    "roles are Primary Admin, Secondary Admin, SSO Admin, User and External User"
                        .to_owned(),
                    |n| format!("did you mean `{}`?", n.replace('_', " ")),
                );
                self.error(
                    &role_cell,
                    "rollcall::value",
                    format!("unknown role `{}`", role_cell.text),
                    &help,
                );
                return;
            }
        };
        // A team role needs its team; rows without one hold the role nowhere we can name.
        let Some(team) = team else { return };
        let holder = At::new(email_at.value, self.origin(&role_cell));
        let t = match out.teams.iter_mut().find(|t| t.name.value == team.value) {
            Some(t) => t,
            None => {
                out.teams.push(Team {
                    name: team,
                    primary_admin: None,
                    secondary_admins: Vec::new(),
                    sso_admins: Vec::new(),
                });
                out.teams.last_mut().expect("just pushed")
            }
        };
        // A team has one primary admin: a second person marked so is kept as a secondary admin.
        if slot == 0
            && t.primary_admin
                .as_ref()
                .is_some_and(|p| p.value == holder.value)
        {
            return;
        }
        match slot {
            0 if t.primary_admin.is_none() => t.primary_admin = Some(holder),
            0 | 1 => {
                if !t.secondary_admins.iter().any(|h| h.value == holder.value) {
                    t.secondary_admins.push(holder);
                }
            }
            _ => {
                if !t.sso_admins.iter().any(|h| h.value == holder.value) {
                    t.sso_admins.push(holder);
                }
            }
        }
    }

    /// A whole number of days (`days_used`, `days_inactive`); a bad cell is an error.
    fn days(&mut self, row: &[Cell], column: &str) -> Option<At<u64>> {
        let cell = self.cell(row, column)?;
        if let Ok(n) = cell.text.trim().parse::<u64>() {
            return Some(At::new(n, self.origin(cell)));
        }
        // Workbooks and some spreadsheets write whole numbers as `12.0`.
        if let Some(n) = whole_decimal(&cell.text) {
            return Some(At::new(n, self.origin(cell)));
        }
        let cell = cell.clone();
        self.error(
            &cell,
            "rollcall::type",
            format!(
                "`{column}` must be a whole number of days, found `{}`",
                cell.text
            ),
            "the usage report writes days as digits, such as 12",
        );
        None
    }

    fn decimal(&mut self, row: &[Cell], column: &str) -> Option<At<f64>> {
        let cell = self.cell(row, column)?;
        match cell.text.trim().replace(',', ".").parse::<f64>() {
            Ok(n) if n.is_finite() && n >= 0.0 => Some(At::new(n, self.origin(cell))),
            _ => {
                let cell = cell.clone();
                self.error(
                    &cell,
                    "rollcall::type",
                    format!(
                        "`{column}` must be a number of 0 or more, found `{}`",
                        cell.text
                    ),
                    "the usage report writes days of use a month as a decimal, such as 2.5",
                );
                None
            }
        }
    }

    /// `Flex` is flex, `Subscription` is subscription; anything else is unknown.
    fn access(&self, row: &[Cell]) -> Option<At<Access>> {
        let cell = self.cell(row, "access_option")?;
        Access::parse(&cell.text).map(|a| At::new(a, self.origin(cell)))
    }

    fn usage_row(&mut self, row: &[Cell], out: &mut Fragment) {
        let team = self.text(row, "team_alias");
        let last = self.date(row, "last_accessed");
        let inactive = self.days(row, "days_inactive");
        let assigned = self
            .cell(row, "seat_assignment")
            .is_some_and(|c| c.text.trim().eq_ignore_ascii_case("assigned"));
        let offering = self.text(row, "offering_name");
        let usage = SeatUsage {
            assigned_on: self.date(row, "assigned_date"),
            days_used: self.days(row, "days_used"),
            monthly_average: self.decimal(row, "monthly_average"),
            last_used: last.clone(),
            access: self.access(row),
        };
        let Some(user) = self.user_entry(row, out) else {
            return;
        };
        if let Some(d) = last {
            if user.last_active.as_ref().is_none_or(|l| d.value > l.value) {
                user.last_active = Some(d);
            }
        }
        // The fewest days inactive is the latest activity the report knows of.
        if let Some(n) = inactive {
            if user
                .days_inactive
                .as_ref()
                .is_none_or(|m| n.value < m.value)
            {
                user.days_inactive = Some(n);
            }
        }
        let email = user.email.clone();
        // An `unassigned` row holds no seat; its user is still a user of the account.
        if assigned {
            if let Some(offering) = offering {
                let email_at = self.email(row, "email").unwrap_or(email);
                out.assignments.push(Assignment {
                    email: email_at,
                    product: self.shared(&offering.value),
                    team: team.map(|t| self.shared(&t.value)),
                    usage: usage.into(),
                });
            }
        }
    }
}

/// `12.0` as 12; `None` for anything that is not a whole number.
fn whole_decimal(text: &str) -> Option<u64> {
    let (int, frac) = text.trim().split_once('.')?;
    if frac.bytes().all(|b| b == b'0') {
        int.parse().ok()
    } else {
        None
    }
}

/// The index of a table's header row: the first row that is a recognised header. A workbook's
/// first sheet may carry a filter or summary block above it.
pub fn find_header(table: &Table, search_rows: usize) -> Option<(usize, ExportKind)> {
    table
        .rows
        .iter()
        .take(search_rows)
        .enumerate()
        .find_map(|(i, row)| recognise(row).map(|k| (i, k)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::parse_csv;

    #[test]
    fn headers_match_as_the_spec_says() {
        assert_eq!(
            normalise_header("\u{feff} Offering name* "),
            "offering_name"
        );
        assert_eq!(normalise_header("Seat_Quantity"), "seat_quantity");
        assert_eq!(normalise_header("E-mail"), "e-mail");
        let t = parse_csv("Email*,First Name,Role\n", "f").unwrap();
        assert_eq!(recognise(&t.rows[0]), Some(ExportKind::Users));
        let t = parse_csv("email,role,seat_assignment\n", "f").unwrap();
        assert_eq!(recognise(&t.rows[0]), Some(ExportKind::Usage));
        let t = parse_csv("name,notes\n", "f").unwrap();
        assert_eq!(recognise(&t.rows[0]), None);
    }

    fn read(text: &str) -> Result<Fragment, Vec<InputError>> {
        let t = parse_csv(text, "f.csv").unwrap();
        let (h, k) = find_header(&t, 1).unwrap();
        read_export(&t, h, k, FileId(1), "f.csv")
    }

    #[test]
    fn subscriptions_group_by_contract() {
        let f = read("subscription_id,contract_number,offering_name,seat_quantity,end_date,autorenew_date,team_alias,contract_manager_email\n\
            1,110001,AutoCAD,2,01/31/2027,,Design,Jane@Acme.example\n\
            2,110001,AutoCAD,3,2027-01-15,,Design,\n\
            3,,Revit,1,2027-06-30,2027-06-30,,\n").unwrap();
        assert_eq!(f.contracts.len(), 2);
        let c = &f.contracts[0];
        assert_eq!(c.products[0].seats.value, 5);
        assert_eq!(c.ends.as_ref().unwrap().value.to_string(), "2027-01-15");
        assert_eq!(c.ends.as_ref().unwrap().origin.line, 3);
        assert_eq!(
            c.contract_manager.as_ref().unwrap().value.as_str(),
            "jane@acme.example"
        );
        assert_eq!(c.auto_renew.as_ref().map(|a| a.value), Some(false));
        assert_eq!(f.contracts[1].number.value, "3");
        assert_eq!(
            f.contracts[1].auto_renew.as_ref().map(|a| a.value),
            Some(true)
        );
    }

    #[test]
    fn users_give_roles_and_assignments() {
        let f = read(
            "email,first_name,last_name,role,offering_name,team_alias,account_status\n\
            jane@a.example,Jane,Doe,Primary Admin,AutoCAD,Design,Active\n\
            jane@a.example,Jane,Doe,Primary Admin,Revit,Design,Active\n\
            mark@a.example,Mark,Lee,secondary_admin,,Design,pending\n\
            *****,x,y,User,AutoCAD,Design,\n",
        )
        .unwrap();
        assert_eq!(f.users.len(), 2);
        assert_eq!(f.users[0].name.as_ref().unwrap().value, "Jane Doe");
        assert_eq!(f.users[1].status, Status::Invited);
        assert_eq!(
            f.teams[0].primary_admin.as_ref().unwrap().value.as_str(),
            "jane@a.example"
        );
        assert_eq!(f.teams[0].secondary_admins.len(), 1);
        assert_eq!(f.assignments.len(), 2);
    }

    #[test]
    fn bad_cells_are_located_errors() {
        let errs = read("contract_number,offering_name,seat_quantity,end_date\n1,AutoCAD,five,2027-01-01\n2,Revit,1,31.12.2027\n3,Maya\n").unwrap_err();
        let at: Vec<(u32, u32)> = errs.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(at, vec![(2, 11), (3, 11), (4, 1)]);
        let errs = read("email,role,team_alias\nx@a.example,Overlord,T\n").unwrap_err();
        assert!(errs[0].message.contains("unknown role"));
        let errs = read("email,offering_name,seat_assignment\n")
            .map(|_| ())
            .err();
        assert!(errs.is_none());
        let errs = read("offering_name,seat_quantity\nAutoCAD,1\n").unwrap_err();
        assert!(
            errs[0]
                .message
                .contains("`contract_number` or `subscription_id`"),
            "{}",
            errs[0].message
        );
    }

    #[test]
    fn usage_sets_the_latest_activity_and_assigned_seats() {
        let f = read(
            "hashed_autodesk_id,email,offering_name,seat_assignment,last_accessed,days_inactive\n\
            h1,ana@a.example,Revit,assigned,2026-09-01,0\n\
            h1,ana@a.example,AutoCAD,unassigned,2026-10-05T10:00:00Z,3\n\
            h2,*****,Revit,assigned,,\n",
        )
        .unwrap();
        assert_eq!(f.users.len(), 1);
        assert_eq!(
            f.users[0].last_active.as_ref().unwrap().value.to_string(),
            "2026-10-05"
        );
        assert_eq!(f.assignments.len(), 1);
        assert_eq!(&*f.assignments[0].product, "Revit");
    }
}
