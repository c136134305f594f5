//! Directory exports (Microsoft Entra ID, Microsoft 365, Okta, Google Workspace, an HR leavers
//! file), recognised by their header row like Autodesk exports, read row by row into a
//! [`Directory`] whose every address and state keeps its row and cell. Columns rollcall does
//! not use are never kept.

use std::collections::{BTreeSet, HashMap};

use rollcall_model::{
    At, Day, Directory, DirectoryRow, DirectorySource, Email, FileId, Origin, RowState,
};

use crate::aliases::Aliases;
use crate::exports::{is_unknown, normalise_header, MAX_ROWS};
use crate::table::{Cell, Table};
use rollcall_source::InputError;

/// The header names that mean a column the spec names (`spec`, as the spec writes it): the
/// name itself, as headers are matched. A configuration's `exports.columns` aliases are
/// applied to the header first ([`Columns::of`]).
pub fn header_names(spec: &str) -> Vec<String> {
    vec![normalise_header(spec)]
}

/// The columns of the directory exports as headers are matched, for `exports.columns`.
pub const KNOWN_COLUMNS: &[&str] = &[
    "userprincipalname",
    "accountenabled",
    "mail",
    "usertype",
    "user_principal_name",
    "block_credential",
    "proxy_addresses",
    "soft_deletion_time_stamp",
    "login",
    "status",
    "last_login",
    "email_address_[required]",
    "status_[read_only]",
    "termination_date",
    "leave_date",
    "employment_status",
];

/// The directory columns whose values the spec defines, for `exports.values`.
pub const KNOWN_VALUES: &[(&str, &[&str])] = &[
    ("accountenabled", &["True", "False"]),
    ("block_credential", &["True", "False"]),
    ("usertype", &["Member", "Guest"]),
    (
        "status",
        &[
            "ACTIVE",
            "SUSPENDED",
            "DEPROVISIONED",
            "Active",
            "Suspended",
            "Deactivated",
        ],
    ),
    ("status_[read_only]", &["Active", "Suspended", "Archived"]),
    (
        "employment_status",
        &[
            "active",
            "terminated",
            "inactive",
            "left",
            "on leave",
            "suspended",
        ],
    ),
];

/// A header row's columns by normalised name (the first of a repeated name wins), a
/// configured alias standing for the column it names.
struct Columns(HashMap<String, usize>);

impl Columns {
    fn of(header: &[Cell], aliases: &Aliases) -> Self {
        let mut by_name = HashMap::new();
        for (i, c) in header.iter().enumerate() {
            let n = normalise_header(&c.text);
            let name = aliases.column(&n).map_or(n, str::to_owned);
            by_name.entry(name).or_insert(i);
        }
        Self(by_name)
    }

    /// The index of a spec column, by its name or any header name that means it.
    fn find(&self, spec: &str) -> Option<usize> {
        header_names(spec)
            .iter()
            .find_map(|n| self.0.get(n).copied())
    }

    fn has(&self, spec: &str) -> bool {
        self.find(spec).is_some()
    }
}

/// Which directory export a header row is, if any.
pub fn recognise(header: &[Cell]) -> Option<DirectorySource> {
    recognise_with(header, &Aliases::default())
}

/// Which directory export a header row is, with a configuration's column aliases.
pub fn recognise_with(header: &[Cell], aliases: &Aliases) -> Option<DirectorySource> {
    source_of(&Columns::of(header, aliases))
}

fn source_of(c: &Columns) -> Option<DirectorySource> {
    if c.has("userPrincipalName") && c.has("accountEnabled") {
        Some(DirectorySource::Entra)
    } else if c.has("User principal name") && c.has("Block credential") {
        Some(DirectorySource::Microsoft365)
    } else if c.has("Login") && c.has("Status") && c.has("Last Login") {
        Some(DirectorySource::Okta)
    } else if c.has("Email Address [Required]") && c.has("Status [READ ONLY]") {
        Some(DirectorySource::GoogleWorkspace)
    } else if c.has("email")
        && (c.has("termination_date") || c.has("leave_date") || c.has("employment_status"))
    {
        Some(DirectorySource::HrLeavers)
    } else {
        None
    }
}

/// The first row among the first `search_rows` of a table that is a directory header.
pub fn find_header(table: &Table, search_rows: usize) -> Option<(usize, DirectorySource)> {
    find_header_with(table, search_rows, &Aliases::default())
}

/// [`find_header`] with a configuration's column aliases.
pub fn find_header_with(
    table: &Table,
    search_rows: usize,
    aliases: &Aliases,
) -> Option<(usize, DirectorySource)> {
    table
        .rows
        .iter()
        .take(search_rows)
        .enumerate()
        .find_map(|(i, row)| recognise_with(row, aliases).map(|s| (i, s)))
}

/// Whether a row is the `version:...` line that Entra ID writes above its header.
pub fn is_version_line(row: &[Cell]) -> bool {
    row.len() == 1 && crate::table::is_version_text(&row[0].text)
}

/// How an address column is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum AddressKind {
    /// One address (a non-address value, such as an Okta login name, is no address).
    Plain,
    /// A user principal name: a guest's never matches.
    Upn,
    /// Microsoft 365's `Proxy addresses`: `+`-separated, each with an `SMTP:`/`smtp:` prefix.
    Proxy,
}

/// How a state column is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum StateKind {
    /// Entra's `accountEnabled`: `False` is left.
    Enabled,
    /// Microsoft 365's `Block credential`: `True` is left.
    Blocked,
    /// Microsoft 365's `Soft deletion time stamp`: a day is left on that day.
    SoftDeleted,
    /// Okta's `Status`.
    Okta,
    /// Google Workspace's `Status [READ ONLY]`.
    Google,
    /// An HR `termination_date` or `leave_date`.
    HrDate,
    /// An HR `employment_status`.
    HrStatus,
}

/// Where a source's columns are in one header.
struct Layout {
    addresses: Vec<(usize, AddressKind, &'static str)>,
    states: Vec<(usize, StateKind, &'static str)>,
    user_type: Option<usize>,
}

impl Layout {
    fn of(source: DirectorySource, c: &Columns) -> Self {
        use AddressKind::{Plain, Proxy, Upn};
        use StateKind::{Blocked, Enabled, Google, HrDate, HrStatus, Okta, SoftDeleted};
        let (addresses, states, user_type): (&[_], &[_], _) = match source {
            DirectorySource::Entra => (
                &[("mail", Plain), ("userPrincipalName", Upn)],
                &[("accountEnabled", Enabled)],
                c.find("userType"),
            ),
            DirectorySource::Microsoft365 => (
                &[("User principal name", Upn), ("Proxy addresses", Proxy)],
                &[
                    ("Block credential", Blocked),
                    ("Soft deletion time stamp", SoftDeleted),
                ],
                None,
            ),
            DirectorySource::Okta => (&[("Login", Plain)], &[("Status", Okta)], None),
            DirectorySource::GoogleWorkspace => (
                &[("Email Address [Required]", Plain)],
                &[("Status [READ ONLY]", Google)],
                None,
            ),
            DirectorySource::HrLeavers => (
                &[("email", Plain)],
                &[
                    ("termination_date", HrDate),
                    ("leave_date", HrDate),
                    ("employment_status", HrStatus),
                ],
                None,
            ),
        };
        Self {
            addresses: addresses
                .iter()
                .filter_map(|&(n, k)| Some((c.find(n)?, k, n)))
                .collect(),
            states: states
                .iter()
                .filter_map(|&(n, k)| Some((c.find(n)?, k, n)))
                .collect(),
            user_type,
        }
    }
}

/// A directory export read row by row, after its header.
pub struct DirectoryRows<'d> {
    aliases: &'d Aliases,
    source: DirectorySource,
    layout: Layout,
    file: FileId,
    display: &'d str,
    width: usize,
    first: (u32, u32),
    rows: usize,
    directory: Directory,
    covered: BTreeSet<String>,
    errors: Vec<InputError>,
}

/// No aliases, for a reader without a configuration.
static NO_ALIASES: std::sync::LazyLock<Aliases> = std::sync::LazyLock::new(Aliases::default);

impl<'d> DirectoryRows<'d> {
    /// Starts a recognised directory export from its header row.
    pub fn new(head: &[Cell], source: DirectorySource, file: FileId, display: &'d str) -> Self {
        Self::with_aliases(head, source, file, display, &NO_ALIASES)
    }

    /// [`DirectoryRows::new`] with a configuration's column and value aliases.
    pub fn with_aliases(
        head: &[Cell],
        source: DirectorySource,
        file: FileId,
        display: &'d str,
        aliases: &'d Aliases,
    ) -> Self {
        Self {
            aliases,
            source,
            layout: Layout::of(source, &Columns::of(head, aliases)),
            file,
            display,
            width: head.len(),
            first: head.first().map_or((1, 1), |c| (c.line, c.column)),
            rows: 0,
            directory: Directory::default(),
            covered: BTreeSet::new(),
            errors: Vec::new(),
        }
    }

    pub fn source(&self) -> DirectorySource {
        self.source
    }

    /// The indexes of the columns this reader uses (addresses, states, `userType`), sorted.
    pub fn used_columns(&self) -> Vec<usize> {
        let mut used: Vec<usize> = self
            .layout
            .addresses
            .iter()
            .map(|a| a.0)
            .chain(self.layout.states.iter().map(|s| s.0))
            .chain(self.layout.user_type)
            .collect();
        used.sort_unstable();
        used.dedup();
        used
    }

    /// Whether the export has passed [`MAX_ROWS`] (its error is recorded): stop reading.
    pub fn over_budget(&self) -> bool {
        self.rows > MAX_ROWS
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

    /// Reads one row after the header.
    pub fn row(&mut self, row: &[Cell]) {
        self.rows += 1;
        if self.rows > MAX_ROWS {
            if self.rows == MAX_ROWS + 1 {
                let at = row.first().map_or(self.first, |c| (c.line, c.column));
                self.errors.push(
                    InputError::new(
                        self.display,
                        at.0,
                        at.1,
                        "rollcall::too-many-rows",
                        format!("the directory export has more than {MAX_ROWS} rows"),
                    )
                    .with_help("split the export: each file is audited within a memory budget"),
                );
            }
            return;
        }
        if row.len() != self.width {
            let at = row.first().map_or(self.first, |c| (c.line, c.column));
            self.errors.push(
                InputError::new(
                    self.display,
                    at.0,
                    at.1,
                    "rollcall::ragged-row",
                    format!(
                        "this row has {} cells, the header has {}",
                        row.len(),
                        self.width
                    ),
                )
                .with_help("a cell with a delimiter or a line break must be quoted"),
            );
            return;
        }
        let guest = self.is_guest(row);
        let addresses = self.addresses(row, guest);
        let states = self.states(row);
        if addresses.is_empty() {
            if self.directory.rows_without_address == 0 {
                self.directory.first_without_address = row.first().map_or(0, |c| c.line);
            }
            self.directory.rows_without_address += 1;
            return;
        }
        // An HR leavers row without a date or a status says nothing of its person: it is no
        // listing (a listing would count as "active" over an identity provider's silence).
        if !self.source.lists_everyone() && states.is_empty() {
            if self.directory.rows_stating_nothing == 0 {
                self.directory.first_stating_nothing = row.first().map_or(0, |c| c.line);
            }
            self.directory.rows_stating_nothing += 1;
            return;
        }
        if self.source.lists_everyone() && !guest {
            for a in &addresses {
                if let Some(d) = a.value.domain() {
                    if !self.covered.contains(d) {
                        self.covered.insert(d.to_owned());
                    }
                }
            }
        }
        self.directory.rows.push(DirectoryRow {
            source: self.source,
            addresses,
            states,
        });
    }

    /// A guest (`userType` `Guest`, or a UPN with `#EXT#`): never matched by UPN, and no
    /// evidence of which domains the directory covers.
    fn is_guest(&self, row: &[Cell]) -> bool {
        let typed = self
            .layout
            .user_type
            .and_then(|i| row.get(i))
            .is_some_and(|c| {
                self.aliases
                    .value("usertype", &c.text)
                    .eq_ignore_ascii_case("guest")
            });
        typed
            || self.layout.addresses.iter().any(|&(i, kind, _)| {
                kind == AddressKind::Upn
                    && row
                        .get(i)
                        .is_some_and(|c| c.text.to_ascii_lowercase().contains("#ext#"))
            })
    }

    fn addresses(&self, row: &[Cell], guest: bool) -> Vec<At<Email>> {
        let mut out: Vec<At<Email>> = Vec::new();
        let mut push = |email: Email, origin: Origin| {
            if email.is_well_formed() && !out.iter().any(|a| a.value == email) {
                out.push(At::new(email, origin));
            }
        };
        for &(i, kind, _) in &self.layout.addresses {
            let Some(cell) = row.get(i).filter(|c| !is_unknown(&c.text)) else {
                continue;
            };
            let origin = self.origin(cell);
            match kind {
                AddressKind::Upn if guest => {}
                AddressKind::Plain | AddressKind::Upn => {
                    if let Some(e) = Email::parse(&cell.text) {
                        push(e, origin);
                    }
                }
                AddressKind::Proxy => {
                    for part in cell.text.split('+') {
                        let part = part.trim();
                        let address = match part.split_once(':') {
                            Some((prefix, rest)) if prefix.eq_ignore_ascii_case("smtp") => rest,
                            // Another kind of proxy address (SIP:, X500:, ...): not a mailbox.
                            Some((prefix, _)) if !prefix.contains('@') => continue,
                            _ => part,
                        };
                        if let Some(e) = Email::parse(address) {
                            push(e, origin);
                        }
                    }
                }
            }
        }
        out
    }

    fn states(&mut self, row: &[Cell]) -> Vec<At<RowState>> {
        let mut out = Vec::new();
        for k in 0..self.layout.states.len() {
            let (i, kind, column) = self.layout.states[k];
            let Some(cell) = row.get(i).filter(|c| !is_unknown(&c.text)) else {
                continue;
            };
            let value = self
                .aliases
                .value(&normalise_header(column), &cell.text)
                .trim()
                .to_ascii_lowercase();
            let state = match kind {
                StateKind::Enabled | StateKind::Blocked => {
                    let Some(flag) = boolean(&value) else {
                        self.error(
                            cell,
                            "rollcall::value",
                            format!("`{}` in `{column}` is neither True nor False", cell.text),
                            &format!("map the value with an `exports.values` entry for `{column}`"),
                        );
                        continue;
                    };
                    // Disabled (Entra) or blocked (Microsoft 365) is left.
                    if flag == (kind == StateKind::Blocked) {
                        RowState::Left(None)
                    } else {
                        continue;
                    }
                }
                StateKind::SoftDeleted | StateKind::HrDate => {
                    let Some(day) = directory_day(&cell.text) else {
                        self.error(
                            cell,
                            "rollcall::date",
                            format!("`{}` in `{column}` is not a date", cell.text),
                            "dates are YYYY-MM-DD, an ISO 8601 date-time, M/D/YYYY or YYYY/MM/DD (with an optional time)",
                        );
                        continue;
                    };
                    if kind == StateKind::SoftDeleted {
                        RowState::Left(Some(day))
                    } else {
                        RowState::Departs(day)
                    }
                }
                StateKind::Okta => match value.as_str() {
                    "suspended" => RowState::Absent,
                    "deprovisioned" | "deactivated" => RowState::Left(None),
                    _ => continue,
                },
                StateKind::Google => match value.as_str() {
                    "suspended" => RowState::Absent,
                    "archived" => RowState::Left(None),
                    _ => continue,
                },
                StateKind::HrStatus => match value.as_str() {
                    "terminated" | "inactive" | "left" => RowState::Left(None),
                    "on leave" | "on_leave" | "suspended" => RowState::Absent,
                    // Any other status (`active`, `employed`) says the person still works there.
                    _ => RowState::Active,
                },
            };
            out.push(At::new(state, self.origin(cell)));
        }
        out
    }

    /// The directory read, or the located errors of its rows.
    pub fn finish(mut self) -> Result<Directory, Vec<InputError>> {
        if self.errors.is_empty() {
            self.directory.covered = self.covered.into_iter().collect();
            Ok(self.directory)
        } else {
            Err(self.errors)
        }
    }
}

/// `True`/`False` as the exports write them (also `Yes`/`No`), lower-case already.
fn boolean(value: &str) -> Option<bool> {
    match value {
        "true" | "yes" => Some(true),
        "false" | "no" => Some(false),
        _ => None,
    }
}

/// A directory date: `YYYY-MM-DD`, an ISO 8601 date-time, `M/D/YYYY` or `YYYY/MM/DD`, the
/// last two with an optional time.
pub fn directory_day(raw: &str) -> Option<Day> {
    let s = raw.trim();
    let date = s.split_once(' ').map_or(s, |(d, _)| d);
    let mut parts = date.splitn(3, '/');
    if let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) {
        if y.len() == 4 && (1..=2).contains(&m.len()) && (1..=2).contains(&d.len()) {
            let num = |p: &str| -> Option<u32> {
                p.bytes()
                    .all(|b| b.is_ascii_digit())
                    .then(|| p.parse().ok())
                    .flatten()
            };
            return Day::from_ymd(i32::try_from(num(y)?).ok()?, num(m)?, num(d)?);
        }
    }
    Day::parse_export(s)
}

/// A directory export's text as renderers may quote it: every character of a column rollcall
/// does not use (names, phone numbers, titles, ...) is a space, and trailing spaces are cut,
/// so that lines and columns of the used cells stay where they are in the file. A first line
/// that is not a table row (`version:v1.0`) is kept.
pub fn shown_text(text: &str, used: &[usize]) -> String {
    let delimiter = char::from(crate::table::sniff_delimiter(text));
    let skip = if crate::table::is_version_text(text.lines().next().unwrap_or("")) {
        text.find('\n').map_or(text.len(), |i| i + 1)
    } else {
        0
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..skip]);
    let mut line = String::new();
    let mut field = 0usize;
    let mut quoted = false;
    for c in text[skip..].chars() {
        if c == '\n' {
            // Blanked cells at the end of a line are cut, before a CRLF's CR too.
            let cr = line.ends_with('\r');
            if cr {
                line.pop();
            }
            out.push_str(line.trim_end_matches(' '));
            if cr {
                out.push('\r');
            }
            line.clear();
            out.push(c);
            if !quoted {
                field = 0;
            }
            continue;
        }
        if c == '"' {
            quoted = !quoted;
        } else if c == delimiter && !quoted {
            field += 1;
            line.push(c);
            continue;
        }
        line.push(if used.binary_search(&field).is_ok() {
            c
        } else {
            ' '
        });
    }
    out.push_str(line.trim_end_matches(' '));
    out
}

/// Reads a recognised directory table. `header` is the index of its header row.
pub fn read_directory(
    table: &Table,
    header: usize,
    source: DirectorySource,
    file: FileId,
    display: &str,
) -> Result<Directory, Vec<InputError>> {
    read_directory_with(table, header, source, file, display, &Aliases::default())
}

/// [`read_directory`] with a configuration's column and value aliases.
pub fn read_directory_with(
    table: &Table,
    header: usize,
    source: DirectorySource,
    file: FileId,
    display: &str,
    aliases: &Aliases,
) -> Result<Directory, Vec<InputError>> {
    let Some(head) = table.rows.get(header) else {
        return Ok(Directory::default());
    };
    let mut rows = DirectoryRows::with_aliases(head, source, file, display, aliases);
    for row in table.rows.iter().skip(header + 1) {
        rows.row(row);
    }
    rows.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::parse_csv;
    use rollcall_model::State;

    fn read(text: &str) -> Result<Directory, Vec<InputError>> {
        let t = parse_csv(text, "d.csv").unwrap();
        let start = usize::from(t.rows.first().is_some_and(|r| is_version_line(r)));
        let (h, s) = find_header(&t, start + 1).unwrap();
        read_directory(&t, h, s, FileId(1), "d.csv")
    }

    fn day(s: &str) -> Day {
        Day::parse_iso(s).unwrap()
    }

    fn cells(text: &str) -> Vec<Cell> {
        parse_csv(text, "h.csv").unwrap().rows.remove(0)
    }

    #[test]
    fn recognises_each_source_by_its_header() {
        for (header, want) in [
            (
                "userPrincipalName,displayName,mail,userType,accountEnabled",
                DirectorySource::Entra,
            ),
            (
                "Block credential,Display name,Proxy addresses,User principal name",
                DirectorySource::Microsoft365,
            ),
            (
                "User,Login,First name,Status,Last Login",
                DirectorySource::Okta,
            ),
            (
                "First Name [Required],Email Address [Required],Status [READ ONLY]",
                DirectorySource::GoogleWorkspace,
            ),
            ("Email,Termination Date", DirectorySource::HrLeavers),
            ("email,employment_status", DirectorySource::HrLeavers),
            ("\u{feff}EMAIL*;leave date", DirectorySource::HrLeavers),
        ] {
            assert_eq!(recognise(&cells(header)), Some(want), "{header}");
        }
        for header in [
            "email,role",
            "Login,Status",
            "userPrincipalName,mail",
            "email,name",
        ] {
            assert_eq!(recognise(&cells(header)), None, "{header}");
        }
    }

    #[test]
    fn entra_disabled_is_left_and_guests_never_match_by_upn() {
        let d = read(
            "version:v1.0\n\
             userPrincipalName,displayName,mail,userType,accountEnabled\n\
             ana@acme.example,Ana,ana.lima@acme.example,Member,True\n\
             old@acme.example,Old,,Member,False\n\
             bob_partner.example#EXT#@acme.onmicrosoft.com,Bob,bob@partner.example,Guest,True\n\
             g@acme.example,Guest,,Guest,False\n\
             ,Nobody,,Member,True\n",
        )
        .unwrap();
        assert_eq!(d.rows.len(), 3);
        let addrs: Vec<&str> = d.rows[0]
            .addresses
            .iter()
            .map(|a| a.value.as_str())
            .collect();
        assert_eq!(addrs, ["ana.lima@acme.example", "ana@acme.example"]);
        let (state, at) = d.rows[1].state_on(day("2026-11-01"));
        assert_eq!(state, State::Left(None));
        assert_eq!((at.line, at.column), (4, 30));
        assert_eq!(d.rows[2].addresses[0].value.as_str(), "bob@partner.example");
        assert_eq!(d.rows[2].addresses.len(), 1);
        // The guest with only a UPN has no address left; the empty row neither.
        assert_eq!(d.rows_without_address, 2);
        assert_eq!(d.covered, ["acme.example"]);
    }

    #[test]
    fn microsoft_365_proxy_addresses_block_and_soft_deletion() {
        let d = read(
            "Block credential;Display name;Proxy addresses;Soft deletion time stamp;User principal name\n\
             False;Cy;SMTP:cy@acme.example+smtp:c.young@acme.example+SIP:cy@acme.example;;cy@acme.onmicrosoft.com\n\
             True;Di;;;di@acme.example\n\
             False;Ed;;2026/09/30 08:12:00;ed@acme.example\n",
        )
        .unwrap();
        let addrs: Vec<&str> = d.rows[0]
            .addresses
            .iter()
            .map(|a| a.value.as_str())
            .collect();
        assert_eq!(
            addrs,
            [
                "cy@acme.onmicrosoft.com",
                "cy@acme.example",
                "c.young@acme.example"
            ]
        );
        let today = day("2026-11-01");
        assert_eq!(d.rows[0].state_on(today).0, State::Active);
        assert_eq!(d.rows[1].state_on(today).0, State::Left(None));
        assert_eq!(
            d.rows[2].state_on(today).0,
            State::Left(Some(day("2026-09-30")))
        );
        assert_eq!(d.covered, ["acme.example", "acme.onmicrosoft.com"]);
    }

    #[test]
    fn okta_and_google_states() {
        let d = read(
            "User,Login,Status,Last Login\n\
             Al,al@acme.example,SUSPENDED,\n\
             Bo,bo@acme.example,DEPROVISIONED,\n\
             Cy,cy@acme.example,Deactivated,\n\
             Di,di@acme.example,LOCKED_OUT,\n\
             Ed,edward,ACTIVE,\n",
        )
        .unwrap();
        let today = day("2026-11-01");
        let states: Vec<State> = d.rows.iter().map(|r| r.state_on(today).0).collect();
        assert_eq!(
            states,
            [
                State::Absent,
                State::Left(None),
                State::Left(None),
                State::Active
            ]
        );
        assert_eq!(d.rows_without_address, 1);
        let g = read(
            "First Name [Required],Email Address [Required],Status [READ ONLY]\n\
             A,a@acme.example,Active\nS,s@acme.example,Suspended\nR,r@acme.example,Archived\n",
        )
        .unwrap();
        let states: Vec<State> = g.rows.iter().map(|r| r.state_on(today).0).collect();
        assert_eq!(states, [State::Active, State::Absent, State::Left(None)]);
    }

    #[test]
    fn hr_leavers_dates_and_statuses_cover_no_domain() {
        let d = read(
            "email,termination_date,employment_status\n\
             a@acme.example,2026-10-31,\n\
             b@acme.example,11/20/2026 17:00,\n\
             c@acme.example,,On Leave\n\
             d@acme.example,2026-12-01,terminated\n\
             e@acme.example,,active\n",
        )
        .unwrap();
        assert!(d.covered.is_empty());
        let today = day("2026-11-01");
        let states: Vec<State> = d.rows.iter().map(|r| r.state_on(today).0).collect();
        assert_eq!(
            states,
            [
                State::Left(Some(day("2026-10-31"))),
                State::Leaving(day("2026-11-20")),
                State::Absent,
                State::Left(None),
                State::Active
            ]
        );
    }

    #[test]
    fn bad_values_are_located_errors() {
        let errs = read("email,termination_date\na@acme.example,31.10.2026\n").unwrap_err();
        assert_eq!((errs[0].line, errs[0].column), (2, 16));
        let errs = read("userPrincipalName,accountEnabled\na@acme.example,maybe\nb@acme.example\n")
            .unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!(
            (errs[0].line, errs[0].column, errs[0].code),
            (2, 16, "rollcall::value")
        );
        assert_eq!((errs[1].line, errs[1].code), (3, "rollcall::ragged-row"));
    }

    #[test]
    fn only_used_columns_are_shown() {
        let text =
            "version:v1.0\nuserPrincipalName,displayName,mail,jobTitle,accountEnabled,city\n\
                    a@x.example,\"Doe, Ann\",a@x.example,Chief,False,Zürich\n";
        let t = parse_csv(text, "d.csv").unwrap();
        let rows = DirectoryRows::new(&t.rows[1], DirectorySource::Entra, FileId(1), "d.csv");
        assert_eq!(rows.used_columns(), [0, 2, 4]);
        let shown = shown_text(text, &rows.used_columns());
        assert_eq!(
            shown,
            "version:v1.0\nuserPrincipalName,           ,mail,        ,accountEnabled,\n\
             a@x.example,          ,a@x.example,     ,False,\n"
        );
        // Lines and columns of the used cells are where they were.
        let again = parse_csv(&shown, "d.csv").unwrap();
        assert_eq!(
            (again.rows[2][4].line, again.rows[2][4].column),
            (t.rows[2][4].line, t.rows[2][4].column)
        );
        assert!(!shown.contains("Doe") && !shown.contains("Chief") && !shown.contains("Zürich"));
    }

    #[test]
    fn directory_dates() {
        let want = Some(day("2026-03-04"));
        for raw in [
            "2026-03-04",
            "2026-03-04T10:00:00Z",
            "3/4/2026",
            "3/4/2026 10:00 AM",
            "2026/03/04",
            "2026/3/4 10:00",
        ] {
            assert_eq!(directory_day(raw), want, "{raw}");
        }
        assert_eq!(directory_day("2026/13/04"), None);
        assert_eq!(directory_day("04.03.2026"), None);
    }

    #[test]
    fn any_version_line_above_the_header_is_passed_over() {
        for first in ["version:v1.0", "\u{feff}Version:v2.0", "version:v1.1 "] {
            let t = parse_csv(
                &format!("{first}\nuserPrincipalName,accountEnabled\na@x.example,False\n"),
                "d.csv",
            )
            .unwrap();
            assert!(is_version_line(&t.rows[0]), "{first:?}");
        }
        assert!(!is_version_line(&cells("userPrincipalName")));
    }
}
