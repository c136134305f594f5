use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use rollcall_model::{
    Access, Account, Assignment, At, Day, DirectoryRow, Email, Origin, RoleHolding, Scope, State,
    Status, User,
};

use crate::Finding;

/// The rules' options, with the catalog's defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// A user whose `last_active` is more than this many days before today is dormant.
    pub inactive_days: u32,
    /// An invitation older than this many days is stale.
    pub invite_days: u32,
    /// A contract ending within this many days is due for renewal.
    pub renewal_days: u32,
    /// An invitation older than this many days has expired (RC309); above `invite_days`.
    pub invite_expiry_days: u32,
    /// A seat unused this many days after it was assigned is unused (RC306).
    pub unused_days: u32,
    /// Days of use a month below which a seat is used only occasionally (RC307).
    pub occasional_days: f64,
    /// How far apart the ends of a pool's contracts may be (RC403).
    pub pool_days: u32,
    /// How many calendar months a year's renewals may fall in (RC404).
    pub max_renewal_months: u32,
    /// A role holder leaving within this many days should hand the role over (RC602).
    pub handover_days: u32,
    /// Which standalone products each Industry Collection covers (RC308).
    pub collections: Vec<Collection>,
    /// Offerings that are not products with seats: plans and token packs (the seat rules and
    /// savings leave them out).
    pub offerings: Vec<Offering>,
    /// `collections` with every name as [`catalog_name`] makes it, worked out on first use
    /// and then shared by every account checked with these options.
    pub normalised: NormalisedCache,
}

/// The catalog with every name compared as [`catalog_name`] makes it.
#[derive(Debug, PartialEq)]
pub struct NormalisedCatalog {
    /// The catalogs it was made from.
    source: Vec<Collection>,
    offerings_source: Vec<Offering>,
    /// Per collection, its names and the products it covers.
    pub names: Vec<Vec<String>>,
    pub covers: Vec<Vec<String>>,
    /// Per plan or token pack, its names and kind.
    offerings: Vec<(Vec<String>, OfferingKind)>,
}

impl NormalisedCatalog {
    fn of(catalog: &[Collection], offerings: &[Offering]) -> Self {
        let norm = |list: &[String]| list.iter().map(|n| catalog_name(n)).collect();
        Self {
            source: catalog.to_vec(),
            offerings_source: offerings.to_vec(),
            names: catalog.iter().map(|c| norm(&c.names)).collect(),
            covers: catalog.iter().map(|c| norm(&c.covers)).collect(),
            offerings: offerings.iter().map(|o| (norm(&o.names), o.kind)).collect(),
        }
    }

    /// The collection an offering (already normalised) is, if it is one.
    pub fn collection_of(&self, offering: &str) -> Option<usize> {
        self.names
            .iter()
            .position(|names| names.iter().any(|n| names_match(offering, n)))
    }
}

/// A cache of derived data: empty when cloned, and equal to any other, so that it never
/// changes what options are.
#[derive(Default)]
pub struct NormalisedCache(std::sync::OnceLock<std::sync::Arc<NormalisedCatalog>>);

impl Clone for NormalisedCache {
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl PartialEq for NormalisedCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for NormalisedCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NormalisedCache")
    }
}

impl Options {
    /// The catalog normalised: once for these options, and again only if `collections`
    /// changed since (the cache is checked against the catalog it was made from).
    pub fn normalised_catalog(&self) -> std::sync::Arc<NormalisedCatalog> {
        if let Some(n) = self.normalised.0.get() {
            if n.source == self.collections && n.offerings_source == self.offerings {
                return std::sync::Arc::clone(n);
            }
            return std::sync::Arc::new(NormalisedCatalog::of(&self.collections, &self.offerings));
        }
        let n = std::sync::Arc::new(NormalisedCatalog::of(&self.collections, &self.offerings));
        let _ = self.normalised.0.set(std::sync::Arc::clone(&n));
        n
    }
}

impl Default for Options {
    fn default() -> Self {
        Self {
            inactive_days: 90,
            invite_days: 7,
            renewal_days: 90,
            invite_expiry_days: 90,
            unused_days: 30,
            occasional_days: 3.0,
            pool_days: 30,
            max_renewal_months: 2,
            handover_days: 30,
            collections: Vec::new(),
            offerings: Vec::new(),
            normalised: NormalisedCache::default(),
        }
    }
}

/// What an offering that is not a product with seats is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfferingKind {
    /// A plan that covers a team's other subscriptions (`Premium`, `Standard Plan`).
    Plan,
    /// Tokens paid per day of use (`Flex`): access, but no seat.
    TokenPack,
}

impl OfferingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Plan => "plan",
            Self::TokenPack => "token pack",
        }
    }
}

/// A plan or token pack of the offering catalog: its names (the first is its name) and kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offering {
    pub names: Vec<String>,
    pub kind: OfferingKind,
}

impl Options {
    /// What an offering is when it is a plan or token pack of the catalog; `None` for a
    /// product with seats.
    pub fn offering_kind(&self, offering: &str) -> Option<OfferingKind> {
        if self.offerings.is_empty() {
            return None;
        }
        let name = catalog_name(offering);
        self.normalised_catalog()
            .offerings
            .iter()
            .find(|(names, _)| names.iter().any(|n| names_match(&name, n)))
            .map(|(_, kind)| *kind)
    }

    /// Whether an offering is a product with seats (not a plan or token pack).
    pub fn has_seats(&self, offering: &str) -> bool {
        self.offering_kind(offering).is_none()
    }
}

/// An Industry Collection of the catalog: its names and the standalone products it covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Collection {
    /// The first is the collection's name, the others what it is also called.
    pub names: Vec<String>,
    pub covers: Vec<String>,
}

/// A product or collection name as the catalog compares it: lower-case, `&` as `and`, runs of
/// spaces folded.
pub fn catalog_name(raw: &str) -> String {
    if !raw.is_ascii() {
        let lower = raw.to_lowercase().replace('&', " and ");
        return lower.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    // The same in one pass, for the names products mostly have.
    let mut out = String::with_capacity(raw.len() + 4);
    let mut space = false;
    for b in raw.bytes() {
        match b {
            b'&' => {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str("and");
                space = true;
            }
            _ if b.is_ascii_whitespace() || b == 0x0b => space = !out.is_empty(),
            _ => {
                if std::mem::take(&mut space) {
                    out.push(' ');
                }
                out.push(char::from(b.to_ascii_lowercase()));
            }
        }
    }
    out
}

/// Whether an offering's name is a catalog name: the same, or that name followed by ` - ` or
/// ` including` and more ("AutoCAD - including specialized toolsets" is AutoCAD).
pub fn offering_is(offering: &str, catalog: &str) -> bool {
    names_match(&catalog_name(offering), &catalog_name(catalog))
}

/// [`offering_is`] on names already passed through [`catalog_name`].
pub fn names_match(offering: &str, catalog: &str) -> bool {
    offering == catalog
        || offering
            .strip_prefix(catalog)
            .is_some_and(|rest| rest.starts_with(" - ") || rest.starts_with(" including"))
}

/// One account, prepared for the rules: indexes that several rules need are built once here,
/// so that every rule stays linear in the account's size.
pub struct CheckContext<'a> {
    pub account: &'a Account,
    pub today: Day,
    pub options: &'a Options,
    /// The first user entry of each email; empty when the user list is unknown.
    users: HashMap<&'a str, &'a User>,
    /// Every role value, in written order.
    pub holdings: Vec<RoleHolding<'a>>,
    /// Everyone who holds a role anywhere.
    role_holders: HashSet<&'a str>,
    /// Everyone who holds a seat anywhere.
    seat_holders: HashSet<&'a str>,
    /// The domains of the account's reseller contacts (each contract's `reseller`).
    reseller_domains: Vec<&'a str>,
    /// The directory person of each address: an index into `directory_people`. Rows that
    /// share an address are one person. Empty without a directory.
    directory_person: HashMap<&'a str, usize>,
    /// Each directory person's rows, in row order.
    directory_people: Vec<Vec<&'a DirectoryRow>>,
    /// Each of the account's product names as the catalog compares it, and what the catalog
    /// makes of it: worked out once per name, not by every seat rule.
    products: HashMap<&'a str, CatalogEntry>,
}

/// A product name as the catalog sees it (see [`CheckContext::catalog_name`]).
struct CatalogEntry {
    name: String,
    kind: Option<OfferingKind>,
    collection: Option<usize>,
}

impl CatalogEntry {
    fn of(raw: &str, catalog: Option<&NormalisedCatalog>) -> Self {
        let name = catalog_name(raw);
        let (kind, collection) = catalog.map_or((None, None), |c| {
            let kind = c
                .offerings
                .iter()
                .find(|(names, _)| names.iter().any(|n| names_match(&name, n)))
                .map(|(_, kind)| *kind);
            (kind, c.collection_of(&name))
        });
        Self {
            name,
            kind,
            collection,
        }
    }
}

/// What the customer's directory says of an address (see [`CheckContext::standing`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Rows match the address: the strictest state they give, and the cell that gives it.
    Listed { state: State, row: Origin },
    /// The address is in a domain an identity-provider export covers, and no row matches it.
    NotListed,
}

impl Standing {
    /// RC601's trigger: left, absent, or not in the directory.
    pub fn is_gone(self) -> bool {
        matches!(
            self,
            Self::NotListed
                | Self::Listed {
                    state: State::Left(_) | State::Absent,
                    ..
                }
        )
    }

    /// RC603's and RC604's trigger: left, or not in the directory.
    pub fn has_left(self) -> bool {
        matches!(
            self,
            Self::NotListed
                | Self::Listed {
                    state: State::Left(_),
                    ..
                }
        )
    }

    /// In words, for messages: "left on 2026-09-30", "is not in the directory".
    pub fn describe(self) -> String {
        match self {
            Self::Listed { state, .. } => state.describe(),
            Self::NotListed => "is not in the directory".to_owned(),
        }
    }

    /// The text under the role, seat or user value.
    pub fn label(self) -> String {
        match self {
            Self::Listed { state, .. } => {
                text!("the directory says this person {}", state.describe())
            }
            Self::NotListed => "no row of the directory lists this person".to_owned(),
        }
    }

    /// The directory row to point at, where one matched.
    pub fn row(self) -> Option<Origin> {
        match self {
            Self::Listed { row, .. } => Some(row),
            Self::NotListed => None,
        }
    }
}

/// Whether `domain` is `own` or a subdomain of it.
pub fn inside(domain: &str, own: &str) -> bool {
    domain == own
        || domain
            .strip_suffix(own)
            .is_some_and(|rest| rest.ends_with('.'))
}

impl<'a> CheckContext<'a> {
    pub fn new(account: &'a Account, today: Day, options: &'a Options) -> Self {
        let mut users = HashMap::default();
        users.reserve(account.users.as_ref().map_or(0, Vec::len));
        for user in account.users.iter().flatten() {
            users.entry(user.email.value.as_str()).or_insert(user);
        }
        let holdings: Vec<_> = account.role_holdings().collect();
        let role_holders = holdings.iter().map(|h| h.holder.value.as_str()).collect();
        let catalog = (!options.collections.is_empty() || !options.offerings.is_empty())
            .then(|| options.normalised_catalog());
        let mut products: HashMap<&str, CatalogEntry> = HashMap::default();
        for p in account.contracts.iter().flat_map(|c| &c.products) {
            let name = p.name.value.as_str();
            products
                .entry(name)
                .or_insert_with(|| CatalogEntry::of(name, catalog.as_deref()));
        }
        // A plan is no seat; a token pack is access (Flex), and counts as one for RC303.
        let seat_holders = account
            .contracts
            .iter()
            .flat_map(|c| &c.products)
            .filter(|p| {
                products.get(p.name.value.as_str()).and_then(|e| e.kind) != Some(OfferingKind::Plan)
            })
            .flat_map(|p| p.assigned.iter().flatten())
            .map(|a| a.user.value.as_str())
            // A seat no contract sells is held all the same (the export says so).
            .chain(
                account
                    .unplaced
                    .iter()
                    .filter(|u| {
                        CatalogEntry::of(&u.offering, catalog.as_deref()).kind
                            != Some(OfferingKind::Plan)
                    })
                    .map(|u| u.user.value.as_str()),
            )
            .collect();
        let mut reseller_domains: Vec<&str> = account
            .contracts
            .iter()
            .filter_map(|c| c.reseller.as_ref()?.value.domain())
            .collect();
        reseller_domains.sort_unstable();
        reseller_domains.dedup();
        let (directory_person, directory_people) = directory_people(account);
        Self {
            account,
            today,
            options,
            users,
            holdings,
            role_holders,
            seat_holders,
            reseller_domains,
            directory_person,
            directory_people,
            products,
        }
    }

    /// What the directory says of an address: `None` without a directory, or where it does not
    /// judge the address (no row matches it and its domain is not covered: an external person,
    /// the reseller, anyone an HR leavers file does not list).
    pub fn standing(&self, email: &Email) -> Option<Standing> {
        let directory = self.account.directory.as_ref()?;
        if let Some(rows) = self
            .directory_person
            .get(email.as_str())
            .and_then(|&p| self.directory_people.get(p))
        {
            let mut best: Option<(State, Origin)> = None;
            for row in rows {
                let (state, origin) = row.state_on(self.today);
                if best.is_none_or(|(b, _)| state.stricter_than(b)) {
                    best = Some((state, origin));
                }
            }
            if let Some((state, row)) = best {
                return Some(Standing::Listed { state, row });
            }
        }
        directory
            .covers(email.domain()?)
            .then_some(Standing::NotListed)
    }

    /// Whether RC601 fires for this holder (RC104 then does not).
    pub fn role_holder_gone(&self, email: &Email) -> bool {
        self.standing(email).is_some_and(Standing::is_gone)
    }

    /// Whether RC603 fires on this seat (RC304 and RC306 then do not).
    pub fn held_by_leaver(&self, seat: &Assignment) -> bool {
        self.standing(&seat.user.value)
            .is_some_and(Standing::has_left)
    }

    /// Whether RC604 fires for this user (RC303 then does not): active or invited, in a
    /// covered domain, left or not in the directory, and holding no seat and no role.
    pub fn departed_user(&self, user: &User) -> bool {
        let email = &user.email.value;
        matches!(user.status, Status::Active | Status::Invited)
            && !self.holds_seat(email)
            && !self.holds_role(email)
            && self
                .account
                .directory
                .as_ref()
                .zip(email.domain())
                .is_some_and(|(d, domain)| d.covers(domain))
            && self.standing(email).is_some_and(Standing::has_left)
    }

    /// Whether an address is in one of the account's own `domains` (a subdomain counts).
    /// `None` when the account lists no domains.
    pub fn is_own(&self, email: &Email) -> Option<bool> {
        let domains = self.account.domains.as_ref().filter(|d| !d.is_empty())?;
        let domain = email.domain().unwrap_or("");
        Some(domains.iter().any(|own| inside(domain, &own.value)))
    }

    /// The reseller domain an address is in, when it is in the domain of a reseller contact
    /// of the account and in none of the account's own domains (RC108).
    pub fn reseller_domain_of(&self, email: &Email) -> Option<&'a str> {
        if self.is_own(email) == Some(true) {
            return None;
        }
        let domain = email.domain()?;
        self.reseller_domains
            .iter()
            .copied()
            .find(|r| inside(domain, r))
    }

    /// Whether a product is one with seats: the seat rules leave plans and token packs out.
    pub fn has_seats(&self, product: &rollcall_model::Product) -> bool {
        let name = product.name.value.as_str();
        match self.products.get(name) {
            Some(entry) => entry.kind.is_none(),
            None => self.options.has_seats(name),
        }
    }

    /// A product's name as the catalog compares it ([`catalog_name`]).
    pub fn catalog_name(&self, product: &rollcall_model::Product) -> std::borrow::Cow<'_, str> {
        match self.products.get(product.name.value.as_str()) {
            Some(entry) => std::borrow::Cow::Borrowed(entry.name.as_str()),
            None => std::borrow::Cow::Owned(catalog_name(&product.name.value)),
        }
    }

    /// The Industry Collection of the catalog a product is, if it is one.
    pub fn collection_of(&self, product: &rollcall_model::Product) -> Option<usize> {
        match self.products.get(product.name.value.as_str()) {
            Some(entry) => entry.collection,
            None => self
                .options
                .normalised_catalog()
                .collection_of(&catalog_name(&product.name.value)),
        }
    }

    /// RC304's trigger: the seat is held by a user of the list who is dormant.
    pub fn held_by_dormant(&self, seat: &Assignment) -> bool {
        self.user(&seat.user.value)
            .is_some_and(|u| self.is_dormant(u))
    }

    /// RC306's trigger, RC304 aside: `days_used` known and 0, no `last_used`, and assigned at
    /// least `unused_days` before today (or when is unknown).
    pub fn is_unused(&self, seat: &Assignment) -> bool {
        let u = &seat.usage;
        u.days_used.as_ref().is_some_and(|d| d.value == 0)
            && u.last_used.is_none()
            && u.assigned_on.as_ref().is_none_or(|d| {
                self.today.days_since(d.value) >= i64::from(self.options.unused_days)
            })
    }

    /// RC307's trigger, RC304 and RC306 aside: known not to be Flex (an unknown `access` may
    /// be Flex already: unknown is not "not Flex"), assigned at least 90 days before
    /// today, held by someone not dormant, used on average above 0 and below
    /// `occasional_days` days a month.
    pub fn is_occasional(&self, seat: &Assignment) -> bool {
        let u = &seat.usage;
        u.access.as_ref().is_some_and(|a| a.value != Access::Flex)
            && u.assigned_on
                .as_ref()
                .is_some_and(|d| self.today.days_since(d.value) >= 90)
            && u.monthly_average
                .as_ref()
                .is_some_and(|m| m.value > 0.0 && m.value < self.options.occasional_days)
    }

    /// Every role value once per holder, role and contract or team, in written order. A
    /// holder known only by hash is left out: the rules on holders need an address (RC103
    /// to RC105, RC108).
    pub fn distinct_holdings(&self) -> impl Iterator<Item = &RoleHolding<'a>> {
        let mut seen = HashSet::default();
        self.holdings.iter().filter(move |h| {
            !h.holder.value.is_hash() && seen.insert((h.holder.value.as_str(), h.role, h.scope))
        })
    }

    /// The coordinators a contract effectively has: those named, or else its Contract Manager
    /// standing in. Each with the value that names it.
    pub fn effective_coordinators(&self, contract: usize) -> Vec<&'a At<Email>> {
        let c = &self.account.contracts[contract];
        if c.coordinators.is_unknown() {
            Vec::new()
        } else if c.software_coordinators.is_empty() {
            c.contract_manager.iter().collect()
        } else {
            c.software_coordinators.iter().collect()
        }
    }

    /// The user list without repeated entries: the first entry of each email, which is the
    /// one the rules read (a repeat is RC501's finding, not another person).
    pub fn distinct_users(&self) -> impl Iterator<Item = &'a User> + '_ {
        self.account.users.iter().flatten().filter(|u| {
            self.user(&u.email.value)
                .is_some_and(|first| std::ptr::eq(first, *u))
        })
    }

    /// Each distinct user still `invited`, with when the invitation was sent and how many days
    /// before today (RC305 and RC309 split them at `invite_expiry_days`).
    pub fn pending_invitations(&self) -> impl Iterator<Item = (&'a User, &'a At<Day>, i64)> + '_ {
        self.distinct_users().filter_map(|user| {
            if user.status != Status::Invited {
                return None;
            }
            let sent = user.invited_on.as_ref()?;
            Some((user, sent, self.today.days_since(sent.value)))
        })
    }

    /// Whether the account has a user list at all.
    pub fn has_user_list(&self) -> bool {
        self.account.users.is_some()
    }

    /// The user entry of an address, when the user list has it.
    pub fn user(&self, email: &Email) -> Option<&'a User> {
        self.users.get(email.as_str()).copied()
    }

    pub fn holds_role(&self, email: &Email) -> bool {
        self.role_holders.contains(email.as_str())
    }

    pub fn holds_seat(&self, email: &Email) -> bool {
        self.seat_holders.contains(email.as_str())
    }

    /// Dormant: `inactive` or `removed`, or last active more than `inactive_days` ago.
    pub fn is_dormant(&self, user: &User) -> bool {
        matches!(user.status, Status::Inactive | Status::Removed)
            || user.last_active.as_ref().is_some_and(|d| {
                self.today.days_since(d.value) > i64::from(self.options.inactive_days)
            })
    }

    /// Why a user is dormant, in words, for messages.
    pub fn dormancy(&self, user: &User) -> String {
        match user.status {
            Status::Inactive | Status::Removed => text!("is {}", user.status.as_str()),
            _ => match &user.last_active {
                Some(d) => text!(
                    "was last active on {} ({} before {})",
                    d.value,
                    crate::finding::count(self.today.days_since(d.value), "day", "days"),
                    self.today
                ),
                None => "is dormant".to_owned(),
            },
        }
    }

    /// Sets the contract or team of a finding from the scope of a role.
    pub fn in_scope(&self, finding: Finding, scope: Scope) -> Finding {
        match scope {
            Scope::Contract(i) => finding.contract(&self.account.contracts[i].number.value),
            Scope::Team(i) => finding.team(&self.account.teams[i].name.value),
        }
    }

    /// "contract 110001234567" or "team Design".
    pub fn describe(&self, scope: Scope) -> String {
        match scope {
            Scope::Contract(i) => text!("contract {}", self.account.contracts[i].number.value),
            Scope::Team(i) => text!("team {}", self.account.teams[i].name.value),
        }
    }
}

/// The root of `i` in a union-find forest, halving the path on the way.
fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// The people of an account's directory: rows joined where they share an address (a person's
/// state is the strictest any of their rows gives), and the person of each address.
fn directory_people(account: &Account) -> (HashMap<&str, usize>, Vec<Vec<&DirectoryRow>>) {
    let rows: Vec<&DirectoryRow> = account.directory.iter().flat_map(|d| &d.rows).collect();
    // Union-find over rows: each address joins its rows to the first row that gave it.
    let mut parent: Vec<usize> = (0..rows.len()).collect();
    let mut first_row: HashMap<&str, usize> = HashMap::default();
    for (i, row) in rows.iter().enumerate() {
        for a in &row.addresses {
            let j = *first_row.entry(a.value.as_str()).or_insert(i);
            let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
            if ri != rj {
                parent[ri.max(rj)] = ri.min(rj);
            }
        }
    }
    let mut person_of_root: HashMap<usize, usize> = HashMap::default();
    let mut people: Vec<Vec<&DirectoryRow>> = Vec::new();
    let mut row_person = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let r = root(&mut parent, i);
        let p = *person_of_root.entry(r).or_insert_with(|| {
            people.push(Vec::new());
            people.len() - 1
        });
        people[p].push(*row);
        row_person.push(p);
    }
    let by_address = first_row
        .into_iter()
        .map(|(address, row)| (address, row_person[row]))
        .collect();
    (by_address, people)
}

#[cfg(test)]
mod catalog_name_tests {
    use super::{catalog_name, Collection, Options};

    #[test]
    fn the_normalised_catalog_follows_the_catalog() {
        let mut o = Options {
            collections: vec![Collection {
                names: vec!["AEC & Co".into()],
                covers: vec!["Revit".into()],
            }],
            ..Options::default()
        };
        assert_eq!(o.normalised_catalog().names, [["aec and co"]]);
        assert!(std::sync::Arc::ptr_eq(
            &o.normalised_catalog(),
            &o.normalised_catalog()
        ));
        o.collections[0].covers.push("Maya".into());
        assert_eq!(o.normalised_catalog().covers, [["revit", "maya"]]);
        assert_eq!(o.clone().normalised_catalog().covers, [["revit", "maya"]]);
    }

    #[test]
    fn folds_case_ampersands_and_spaces() {
        for (raw, want) in [
            (
                "Architecture Engineering & Construction Collection",
                "architecture engineering and construction collection",
            ),
            ("  AutoCAD   LT ", "autocad lt"),
            ("A&B", "a and b"),
            ("&", "and"),
            ("x &", "x and"),
            ("", ""),
            ("\tRevit\n", "revit"),
            ("ÉCOLE & Co", "école and co"),
            ("a\u{b}b\u{c}c\rd", "a b c d"),
            ("&&", "and and"),
        ] {
            assert_eq!(catalog_name(raw), want, "{raw:?}");
        }
    }

    /// The one-pass path for ASCII names gives what the general one does.
    #[test]
    fn the_ascii_path_agrees_with_the_general_one() {
        let general = |raw: &str| {
            let lower = raw.to_lowercase().replace('&', " and ");
            lower.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        let alphabet = [
            b'a', b'Z', b' ', b'&', b'\t', b'\n', 0x0b, 0x0c, b'\r', b'-', b'1',
        ];
        let mut raw = Vec::new();
        for n in 0..alphabet.len().pow(4) {
            raw.clear();
            let mut k = n;
            for _ in 0..4 {
                raw.push(alphabet[k % alphabet.len()]);
                k /= alphabet.len();
            }
            let raw = std::str::from_utf8(&raw).unwrap();
            assert_eq!(catalog_name(raw), general(raw), "{raw:?}");
        }
    }
}
