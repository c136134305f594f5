//! Reading an export row by row: each kind's rows into a [`Fragment`], every value with its
//! row and cell, and every row that gives nothing counted.

#[allow(clippy::wildcard_imports)]
use super::*;

/// A person, an offering and a team: what a seat-usage export's days are kept by.
type DayKey = (Email, std::sync::Arc<str>, Option<std::sync::Arc<str>>);

/// An export read row by row, after its header: what [`read_export`] does for a whole table,
/// for rows streamed from a file.
pub struct ExportRows<'d> {
    r: ExportReader<'d>,
    /// Where each (person, offering, team) of a seat-usage export stands in `days_used`.
    day_index: HashMap<DayKey, usize>,
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

    /// Makes room for the users and seats of `rows` rows at most (a users export has a row
    /// per user and product), so that a large export's lists are not doubled as they grow.
    pub fn expect_rows(&mut self, rows: usize) {
        if matches!(self.kind, ExportKind::Users | ExportKind::Usage) {
            let rows = rows.min(MAX_ROWS);
            self.fragment.users.reserve(rows);
            self.fragment.assignments.reserve(rows);
            self.r.users.reserve(rows);
        }
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
        aliases: &'d Aliases,
    ) -> Result<Self, Vec<InputError>> {
        let mut r = ExportReader {
            file,
            display,
            errors: Vec::new(),
            columns: HashMap::new(),
            users: EmailIndex::default(),
            names: std::collections::HashSet::new(),
            aliases,
        };
        let texts: Vec<&str> = head.iter().map(|c| c.text.as_str()).collect();
        for (i, name) in column_names(&texts, aliases).into_iter().enumerate() {
            r.columns.entry(name).or_insert(i);
        }
        let first = head.first().map_or((1, 1), |c| (c.line, c.column));
        let missing: Vec<&[&str]> = kind
            .required()
            .iter()
            .copied()
            .filter(|any| !any.iter().any(|c| r.columns.contains_key(*c)))
            .collect();
        if !missing.is_empty() {
            let names: Vec<String> = missing
                .iter()
                .map(|any| {
                    let each: Vec<String> = any.iter().map(|c| format!("`{c}`")).collect();
                    each.join(" or ")
                })
                .collect();
            let column = missing[0][0];
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
            .with_help(format!(
                "export the report again with all columns; if a column of this file holds it \
                 under another name, map that name in rollcall.yaml: \
                 `exports: {{columns: {{{column}: [<the header>]}}}}`"
            ))]);
        }
        Ok(Self {
            r,
            day_index: HashMap::new(),
            kind,
            fragment: Fragment {
                kind,
                file,
                fingerprint: 0,
                contracts: Vec::new(),
                sold_to: Vec::new(),
                users: Vec::new(),
                teams: Vec::new(),
                assignments: Vec::new(),
                links: Vec::new(),
                days_used: Vec::new(),
                skipped: Vec::new(),
                masked_seats: Vec::new(),
                name_parts: Vec::new(),
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
            ExportKind::SeatUsage => self.seat_usage_row(row),
        }
    }

    /// A seat-usage row: its person used the offering on `day_used`. It assigns no seat.
    fn seat_usage_row(&mut self, row: &[Cell]) {
        let r = &mut self.r;
        let f = &mut self.fragment;
        let Some(person) = r.person(row, f) else {
            return;
        };
        let Some(offering) = r.text(row, "offering_name") else {
            skip(f, "rows without an offering", row);
            return;
        };
        let Some(day) = r.date(row, "day_used") else {
            if r.cell(row, "day_used").is_none() {
                skip(f, "rows without a day of use", row);
            }
            return;
        };
        let product = r.shared(&offering.value);
        let team = r.text(row, "team_alias").map(|t| r.shared(&t.value));
        let key = (person.value.clone(), product, team);
        match self.day_index.get(&key) {
            Some(&i) => {
                let d = &mut f.days_used[i].day;
                if day.value > d.value {
                    *d = day;
                }
            }
            None => {
                self.day_index.insert(key.clone(), f.days_used.len());
                f.days_used.push(DayUsed {
                    person: key.0,
                    product: key.1,
                    team: key.2,
                    day,
                });
            }
        }
        // The person is a user of the account, known by address or hash.
        r.user_entry(row, person, f);
    }

    pub fn finish(mut self) -> Result<Fragment, Vec<InputError>> {
        if self.r.errors.is_empty() {
            // A large export's lists wait for the merge: not with room for twice their rows.
            self.fragment.users.shrink_to_fit();
            self.fragment.assignments.shrink_to_fit();
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
    aliases: &'d Aliases,
}

/// Counts a row that gives the account nothing, by why.
fn skip(f: &mut Fragment, reason: &'static str, row: &[Cell]) {
    let line = row.first().map_or(0, |c| c.line);
    match f.skipped.iter_mut().find(|s| s.reason == reason) {
        Some(s) => s.count += 1,
        None => f.skipped.push(RowsSkipped {
            reason,
            count: 1,
            first_line: line,
        }),
    }
}

/// A cell masked because personal data is switched off (`*****`).
fn is_masked(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c == '*')
}

/// A cell holds no value when it is empty or masked (`*****`).
pub(crate) fn is_unknown(text: &str) -> bool {
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
        if let Some(s) = Status::parse(self.aliases.value("account_status", &cell.text)) {
            return Some((s, self.origin(cell)));
        }
        let near = suggest(&cell.text, Status::SPELLINGS.iter().copied());
        let map = value_alias_help("account_status", &cell.text, "inactive");
        let help = near.map_or(
            format!("a status is active, invited, inactive or removed; {map}"),
            |n| format!("did you mean `{n}`? {map}"),
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

    /// The first and last name of a row apart, where `joined` (its [`Self::name`]) does not
    /// split back into them ("Mary Ann" and "Smith"; a last name alone).
    fn name_parts(&self, row: &[Cell], joined: &str) -> Option<rollcall_model::NameParts> {
        let text = |column| self.cell(row, column).map_or("", |c| c.text.as_str());
        let (first, last) = (text("first_name"), text("last_name"));
        (rollcall_model::split_name(joined) != (first, last)).then(|| rollcall_model::NameParts {
            first: first.to_owned(),
            last: last.to_owned(),
        })
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
        // An empty cell names nobody; a masked one (`*****`) names someone unknown.
        let manager_column = self
            .columns
            .get("contract_manager_email")
            .is_some_and(|&i| row.get(i).is_none_or(|c| !is_masked(&c.text)));
        let reseller = self.email(row, "reseller_email");
        // Rows of one contract may sell to different teams: the contract's team is the
        // first row's, and every row's team is kept for its product (seats are placed by it).
        if let Some(t) = &team {
            let product = self.shared(&offering.value);
            let sold = self.shared(&t.value);
            if !out.sold_to.iter().any(|s| {
                s.contract == number.value
                    && s.product.eq_ignore_ascii_case(&product)
                    && s.team.eq_ignore_ascii_case(&sold)
            }) {
                out.sold_to.push(SoldTo {
                    contract: number.value.clone(),
                    product,
                    team: sold,
                });
            }
        }
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
                masked_holders: 0,
            }),
        }
    }

    /// Who a row is about: its address, else (personal data off) its `hashed_autodesk_id` as
    /// `hash:...`. A row that gives both links the hash to the address. A row with neither is
    /// counted as skipped.
    fn person(&mut self, row: &[Cell], out: &mut Fragment) -> Option<At<Email>> {
        let hash = self
            .cell(row, "hashed_autodesk_id")
            .and_then(|c| Email::of_hash(&c.text).map(|h| (h, self.origin(c))));
        if self.cell(row, "email").is_some() {
            let email = self.email(row, "email")?;
            if let Some((h, _)) = hash {
                out.links.push((h, email.clone()));
            }
            return Some(email);
        }
        if let Some((h, origin)) = hash {
            return Some(At::new(h, origin));
        }
        let masked = self
            .columns
            .get("email")
            .and_then(|&i| row.get(i))
            .is_some_and(|c| !c.text.is_empty());
        skip(
            out,
            if masked {
                "rows whose address is masked and that give no hashed_autodesk_id"
            } else {
                "rows that name no person (no address and no hashed_autodesk_id)"
            },
            row,
        );
        None
    }

    /// Whether a row's person is someone whose address is masked and who has no hash.
    fn masked_person(&self, row: &[Cell]) -> bool {
        self.cell(row, "hashed_autodesk_id").is_none()
            && self
                .columns
                .get("email")
                .and_then(|&i| row.get(i))
                .is_some_and(|c| is_masked(&c.text))
    }

    /// A `role` cell as the role names compare (aliases applied).
    fn role(&self, cell: &Cell) -> String {
        normalise_header(self.aliases.value("role", &cell.text))
    }

    fn user_entry<'f>(
        &mut self,
        row: &[Cell],
        email: At<Email>,
        out: &'f mut Fragment,
    ) -> Option<&'f mut User> {
        let name = self.name(row);
        let status = self.status(row);
        let found = self
            .users
            .get(&email.value, |i| out.users.get(i).map(|u| &u.email.value));
        let i = match found {
            Some(i) => i,
            None => {
                let i = out.users.len();
                if let Some(n) = &name {
                    if let Some(parts) = self.name_parts(row, &n.value) {
                        out.name_parts.push((n.origin, parts));
                    }
                }
                out.users.push(User {
                    email,
                    name,
                    status: status.map_or(Status::Active, |s| s.0),
                    status_origin: status.map(|s| s.1),
                    invited_on: None,
                    last_active: None,
                    days_inactive: None,
                    day_used: None,
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
        let Some(email_at) = self.person(row, out) else {
            // Someone whose address is masked: what the row says they hold is held all the
            // same, by someone unknown (the row is also counted as skipped).
            if self.masked_person(row) {
                if let Some(offering) = self.text(row, "offering_name") {
                    out.masked_seats.push(MaskedSeat {
                        product: self.shared(&offering.value),
                        team: team.as_ref().map(|t| self.shared(&t.value)),
                    });
                }
                let admin = role_cell
                    .as_ref()
                    .is_some_and(|c| admin_slot(&self.role(c)).is_some());
                if let (true, Some(team)) = (admin, team) {
                    team_entry(&mut out.teams, team).masked_admins += 1;
                }
            }
            return;
        };
        if self.user_entry(row, email_at.clone(), out).is_none() {
            return;
        }
        if let Some(offering) = self.text(row, "offering_name") {
            out.assignments.push(Assignment {
                email: email_at.clone(),
                product: self.shared(&offering.value),
                team: team.as_ref().map(|t| self.shared(&t.value)),
                usage: Usage::default(),
            });
        }
        let Some(role_cell) = role_cell else { return };
        let role = self.role(&role_cell);
        let slot = match (admin_slot(&role), role.as_str()) {
            (Some(slot), _) => slot,
            // `User (guest)` is the older name of External User.
            (None, "user" | "external_user" | "user_(guest)") => return,
            (None, _) => {
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
                let map = value_alias_help("role", &role_cell.text, "External User");
                let help = near.map_or(
                    format!("roles are Primary Admin, Secondary Admin, SSO Admin, User and External User; {map}"),
                    |n| format!("did you mean `{}`? {map}", n.replace('_', " ")),
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
        // A team role needs its team; rows without one (empty or masked) hold the role nowhere
        // we can name: counted, not lost.
        let Some(team) = team else {
            skip(
                out,
                "admin role rows that name no team (the role is held nowhere rollcall can name)",
                row,
            );
            return;
        };
        let holder = At::new(email_at.value, self.origin(&role_cell));
        let t = team_entry(&mut out.teams, team);
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
        Access::parse(self.aliases.value("access_option", &cell.text))
            .map(|a| At::new(a, self.origin(cell)))
    }

    /// `seat_assignment`: `assigned` holds a seat, `unassigned` does not; an empty or masked
    /// cell says nothing (no seat is placed); any other value is an error naming the alias
    /// that would map it.
    fn seat_assignment(&mut self, row: &[Cell]) -> bool {
        let Some(cell) = self.cell(row, "seat_assignment") else {
            return false;
        };
        let value = self.aliases.value("seat_assignment", &cell.text).trim();
        if value.eq_ignore_ascii_case("assigned") {
            return true;
        }
        if value.eq_ignore_ascii_case("unassigned") {
            return false;
        }
        let cell = cell.clone();
        let map = value_alias_help("seat_assignment", &cell.text, "assigned");
        self.error(
            &cell,
            "rollcall::value",
            format!("unknown seat assignment `{}`", cell.text),
            &format!("a seat assignment is assigned or unassigned; {map}"),
        );
        false
    }

    fn usage_row(&mut self, row: &[Cell], out: &mut Fragment) {
        let team = self.text(row, "team_alias");
        let last = self.date(row, "last_accessed");
        let inactive = self.days(row, "days_inactive");
        let assigned = self.seat_assignment(row);
        let offering = self.text(row, "offering_name");
        let usage = SeatUsage {
            assigned_on: self.date(row, "assigned_date"),
            days_used: self.days(row, "days_used"),
            monthly_average: self.decimal(row, "monthly_average"),
            last_used: last.clone(),
            access: self.access(row),
        };
        let Some(person) = self.person(row, out) else {
            if let (true, true, Some(offering)) = (self.masked_person(row), assigned, &offering) {
                out.masked_seats.push(MaskedSeat {
                    product: self.shared(&offering.value),
                    team: team.map(|t| self.shared(&t.value)),
                });
            }
            return;
        };
        let Some(user) = self.user_entry(row, person.clone(), out) else {
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
        // An `unassigned` row holds no seat; its user is still a user of the account.
        if assigned {
            if let Some(offering) = offering {
                out.assignments.push(Assignment {
                    email: person,
                    product: self.shared(&offering.value),
                    team: team.map(|t| self.shared(&t.value)),
                    usage: usage.into(),
                });
            } else {
                skip(
                    out,
                    "assigned rows that name no offering (their seat is unknown)",
                    row,
                );
            }
        }
    }
}

/// Which admin a role is, as its place in a team (primary, secondary, SSO); `None` for any
/// other role.
fn admin_slot(role: &str) -> Option<usize> {
    ["primary_admin", "secondary_admin", "sso_admin"]
        .iter()
        .position(|r| *r == role)
}

/// The team of that name among `teams`, added (with no admin) if it is not there yet.
fn team_entry(teams: &mut Vec<Team>, name: At<String>) -> &mut Team {
    match teams.iter().position(|t| t.name.value == name.value) {
        Some(i) => &mut teams[i],
        None => {
            teams.push(Team {
                name,
                primary_admin: None,
                secondary_admins: Vec::new(),
                sso_admins: Vec::new(),
                masked_admins: 0,
            });
            teams.last_mut().expect("just pushed")
        }
    }
}

/// The help that names the `exports.values` entry that would map an unknown value.
fn value_alias_help(column: &str, raw: &str, example: &str) -> String {
    format!(
        "if `{raw}` means one of these, map it in rollcall.yaml: \
         `exports: {{values: {{{column}: {{\"{raw}\": {example}}}}}}}`"
    )
}

/// `12.0` (or `12,0`, with a decimal comma) as 12; `None` for anything that is not a whole
/// number.
fn whole_decimal(text: &str) -> Option<u64> {
    let (int, frac) = text.trim().split_once(['.', ','])?;
    if frac.bytes().all(|b| b == b'0') {
        int.parse().ok()
    } else {
        None
    }
}
