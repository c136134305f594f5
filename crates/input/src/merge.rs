//! Merging a folder's inputs into one account (input formats, "Merging"): contracts by number,
//! users by email, teams by name, products by contract and name. Where the snapshot and an
//! export disagree the snapshot wins and the disagreement is recorded for RC502; a key the
//! snapshot leaves out is no value, so the export's is used silently.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Display;

use rollcall_model::{
    Account, Assignment as Seat, At, Contract, Disagreement, Email, EmailIndex, FileId, Origin,
    Recorded, SeatUsage, Team, User,
};

use crate::exports::{Assignment, DayUsed, ExportKind, Fragment, MaskedSeat, SoldTo};

/// The teams each product of each contract is sold to besides its contract's own team, by
/// contract and product index: subscriptions rows that share a contract number may name
/// different teams.
type SoldTeams = Vec<Vec<Vec<std::sync::Arc<str>>>>;

struct Merger<'a> {
    account: &'a mut Account,
    snapshot: Option<FileId>,
    /// The first entry of each email in `account.users`: merging stays linear.
    user_index: EmailIndex,
}

#[derive(Default)]
struct Subject {
    contract: Option<String>,
    team: Option<String>,
    product: Option<String>,
    user: Option<String>,
}

impl Merger<'_> {
    fn is_snapshot(&self, origin: Origin) -> bool {
        self.snapshot == Some(origin.file)
    }

    fn disagree(
        &mut self,
        field: String,
        subject: Subject,
        snapshot: At<String>,
        export: At<String>,
    ) {
        self.account.disagreements.push(Disagreement {
            field,
            contract: subject.contract,
            team: subject.team,
            product: subject.product,
            user: subject.user,
            snapshot,
            export,
        });
    }

    /// Keeps the value already there (the snapshot's, or an earlier export's), records a
    /// disagreement when the snapshot's differs, and fills a value that is missing.
    fn field<T: PartialEq + Display + Clone>(
        &mut self,
        mine: &mut Option<At<T>>,
        theirs: Option<At<T>>,
        field: impl FnOnce() -> String,
        subject: impl FnOnce() -> Subject,
    ) {
        let Some(theirs) = theirs else { return };
        match mine {
            None => *mine = Some(theirs),
            Some(m) if m.value != theirs.value && self.is_snapshot(m.origin) => {
                let snapshot = At::new(m.value.to_string(), m.origin);
                let export = At::new(theirs.value.to_string(), theirs.origin);
                self.disagree(field(), subject(), snapshot, export);
            }
            Some(_) => {}
        }
    }

    fn contract(&mut self, c: Contract) {
        let Some(i) = self
            .account
            .contracts
            .iter()
            .position(|m| m.number.value == c.number.value)
        else {
            self.account.contracts.push(c);
            return;
        };
        let number = c.number.value.clone();
        // A role that an export names fills a snapshot's `unknown`; that is no disagreement.
        let mine = &mut self.account.contracts[i];
        mine.manager = known_of(mine.manager, c.manager);
        mine.coordinators = known_of(mine.coordinators, c.coordinators);
        let on = |n: &str| Subject {
            contract: Some(n.to_owned()),
            ..Subject::default()
        };
        let mut mine = self.account.contracts[i].ends.take();
        self.field(
            &mut mine,
            c.ends,
            || format!("`ends` of contract {number}"),
            || on(&number),
        );
        self.account.contracts[i].ends = mine;
        let mut mine = self.account.contracts[i].auto_renew.take();
        self.field(
            &mut mine,
            c.auto_renew,
            || format!("`auto_renew` of contract {number}"),
            || on(&number),
        );
        self.account.contracts[i].auto_renew = mine;
        let mut mine = self.account.contracts[i].team.take();
        self.field(
            &mut mine,
            c.team,
            || format!("`team` of contract {number}"),
            || on(&number),
        );
        self.account.contracts[i].team = mine;
        let mut mine = self.account.contracts[i].contract_manager.take();
        self.field(
            &mut mine,
            c.contract_manager,
            || format!("Contract Manager of contract {number}"),
            || on(&number),
        );
        self.account.contracts[i].contract_manager = mine;
        let mut mine = self.account.contracts[i].reseller.take();
        self.field(
            &mut mine,
            c.reseller,
            || format!("`reseller` of contract {number}"),
            || on(&number),
        );
        self.account.contracts[i].reseller = mine;
        for p in c.products {
            let existing = self.account.contracts[i]
                .products
                .iter()
                .position(|m| m.name.value.eq_ignore_ascii_case(&p.name.value));
            let Some(j) = existing else {
                self.account.contracts[i].products.push(p);
                continue;
            };
            let mine = &self.account.contracts[i].products[j];
            if mine.seats.value != p.seats.value && self.is_snapshot(mine.seats.origin) {
                let snapshot = At::new(mine.seats.value.to_string(), mine.seats.origin);
                let product = mine.name.value.clone();
                let export = At::new(p.seats.value.to_string(), p.seats.origin);
                let subject = Subject {
                    contract: Some(number.clone()),
                    product: Some(product.clone()),
                    ..Subject::default()
                };
                self.disagree(
                    format!("`seats` of {product} on contract {number}"),
                    subject,
                    snapshot,
                    export,
                );
            }
        }
    }

    /// Whether the account already has a user of this address.
    fn knows(&self, email: &Email) -> bool {
        self.account.users.as_ref().is_some_and(|users| {
            self.user_index
                .get(email, |i| users.get(i).map(|x| &x.email.value))
                .is_some()
        })
    }

    fn user(&mut self, u: User) {
        let users = self.account.users.get_or_insert_with(Vec::new);
        let found = self
            .user_index
            .get(&u.email.value, |i| users.get(i).map(|x| &x.email.value));
        let Some(i) = found else {
            let i = users.len();
            users.push(u);
            let users = &*users;
            self.user_index.insert(&users[i].email.value, i, |j| {
                users.get(j).map(|x| &x.email.value)
            });
            return;
        };
        let email = u.email.value.as_str().to_owned();
        let on = |e: &str| Subject {
            user: Some(e.to_owned()),
            ..Subject::default()
        };
        let mut mine = self.account.users.as_mut().expect("set above")[i]
            .name
            .take();
        self.field(
            &mut mine,
            u.name,
            || format!("name of user {email}"),
            || on(&email),
        );
        self.account.users.as_mut().expect("set above")[i].name = mine;

        let m = &self.account.users.as_ref().expect("set above")[i];
        if let Some(export_origin) = u.status_origin {
            match m.status_origin {
                None => {
                    let m = &mut self.account.users.as_mut().expect("set above")[i];
                    m.status = u.status;
                    m.status_origin = Some(export_origin);
                }
                Some(o) if m.status != u.status && self.is_snapshot(o) => {
                    let snapshot = At::new(m.status.as_str().to_owned(), o);
                    let export = At::new(u.status.as_str().to_owned(), export_origin);
                    self.disagree(
                        format!("status of user {email}"),
                        on(&email),
                        snapshot,
                        export,
                    );
                }
                Some(_) => {}
            }
        }
        let m = &mut self.account.users.as_mut().expect("set above")[i];
        // What exports say of activity, whichever came first: the fewest days inactive and
        // the latest day of use are the latest activity known.
        if let Some(n) = u.days_inactive {
            if m.days_inactive.as_ref().is_none_or(|d| n.value < d.value) {
                m.days_inactive = Some(n);
            }
        }
        if let Some(d) = u.day_used {
            if m.day_used.as_ref().is_none_or(|x| d.value > x.value) {
                m.day_used = Some(d);
            }
        }
        match (&m.last_active, u.last_active) {
            (_, None) => {}
            (None, Some(l)) => m.last_active = Some(l),
            (Some(mine), Some(l)) if self.snapshot == Some(mine.origin.file) => {
                if mine.value != l.value {
                    let snapshot = At::new(mine.value.to_string(), mine.origin);
                    let export = At::new(l.value.to_string(), l.origin);
                    self.disagree(
                        format!("`last_active` of user {email}"),
                        on(&email),
                        snapshot,
                        export,
                    );
                }
            }
            (Some(mine), Some(l)) => {
                // Two exports: the latest activity wins.
                if l.value > mine.value {
                    m.last_active = Some(l);
                }
            }
        }
    }

    fn team(&mut self, t: Team) {
        let Some(i) = self
            .account
            .teams
            .iter()
            .position(|m| m.name.value == t.name.value)
        else {
            self.account.teams.push(t);
            return;
        };
        self.account.teams[i].masked_admins += t.masked_admins;
        let name = t.name.value.clone();
        let on = |n: &str| Subject {
            team: Some(n.to_owned()),
            ..Subject::default()
        };
        let mut mine = self.account.teams[i].primary_admin.take();
        self.field(
            &mut mine,
            t.primary_admin,
            || format!("primary admin of team {name}"),
            || on(&name),
        );
        self.account.teams[i].primary_admin = mine;
        for (list, theirs, what) in [
            (0, t.secondary_admins, "secondary admins"),
            (1, t.sso_admins, "SSO admins"),
        ] {
            let team = &mut self.account.teams[i];
            let mine = if list == 0 {
                &mut team.secondary_admins
            } else {
                &mut team.sso_admins
            };
            if theirs.is_empty() {
                continue;
            }
            if mine.is_empty() {
                *mine = theirs;
                continue;
            }
            let snap = self.snapshot == Some(mine[0].origin.file);
            if snap {
                let a: BTreeSet<&str> = mine.iter().map(|e| e.value.as_str()).collect();
                let b: BTreeSet<&str> = theirs.iter().map(|e| e.value.as_str()).collect();
                if a != b {
                    let snapshot =
                        At::new(a.into_iter().collect::<Vec<_>>().join(", "), mine[0].origin);
                    let export = At::new(
                        b.into_iter().collect::<Vec<_>>().join(", "),
                        theirs[0].origin,
                    );
                    self.disagree(
                        format!("{what} of team {name}"),
                        on(&name),
                        snapshot,
                        export,
                    );
                }
            } else {
                for h in theirs {
                    if !mine.iter().any(|m| m.value == h.value) {
                        mine.push(h);
                    }
                }
            }
        }
    }

    /// Places export seat assignments on contracts: same team first (the contract's team, or
    /// a team that a subscriptions row of the contract sells the product to; any team where
    /// the row gives none, then contracts without a team), the first with a free seat in file
    /// order, else the first that sells the product.
    fn place(&mut self, assignments: Vec<Assignment>, masked: &[MaskedSeat], sold: &SoldTeams) {
        // Each product's list sized for its seats (at most the seats to place), not doubled
        // as it grows.
        let most = assignments.len() as u64;
        let mut placed: Vec<Vec<Vec<Seat>>> = self
            .account
            .contracts
            .iter()
            .map(|c| {
                c.products
                    .iter()
                    .map(|p| {
                        Vec::with_capacity(usize::try_from(p.seats.value.min(most)).unwrap_or(0))
                    })
                    .collect()
            })
            .collect();
        // Where each user's placed seats are: (contract, product, position in `placed`), by a
        // hash of the address (a seat is theirs where its `user` is the address), so that a
        // large export's people are not copied into the map.
        let mut seats_of: HashMap<u64, Held> = HashMap::with_capacity(assignments.len());
        // Rows whose seat no contract sells, by file: how many and the first line.
        let mut unplaced_rows: Vec<(rollcall_model::FileId, usize, u32)> = Vec::new();
        let hash_of = |email: &Email| {
            use std::hash::{BuildHasher, BuildHasherDefault};
            BuildHasherDefault::<std::hash::DefaultHasher>::default().hash_one(email)
        };
        for a in assignments {
            let candidates =
                candidates(&self.account.contracts, sold, &a.product, a.team.as_deref());
            // The same seat again (a users export repeating the usage report's row): one
            // seat, whose usage the later row may fill in.
            let key = hash_of(&a.email.value);
            let again = seats_of.get(&key).and_then(|held| {
                held.seats()
                    .iter()
                    .map(|&[ci, pi, k]| (ci as usize, pi as usize, k as usize))
                    .filter(|&(ci, pi, k)| placed[ci][pi][k].user.value == a.email.value)
                    .find(|(ci, pi, _)| candidates.contains(&(*ci, *pi)))
            });
            if let Some((ci, pi, k)) = again {
                if !a.usage.is_empty() {
                    fill(&mut placed[ci][pi][k].usage, a.usage.into_inner());
                }
                continue;
            }
            let seats = |ci: usize, pi: usize| self.account.contracts[ci].products[pi].seats.value;
            let Some((ci, pi)) = pick(&candidates, |ci, pi| {
                (placed[ci][pi].len() as u64) < seats(ci, pi)
            }) else {
                // No contract of the user's team sells it: the user holds it all the same (the
                // export says so), on no known contract, and the row is counted, not dropped.
                let file = a.email.origin.file;
                let line = a.email.origin.line;
                match unplaced_rows.iter_mut().find(|(f, _, _)| *f == file) {
                    Some((_, count, first)) => {
                        *count += 1;
                        *first = (*first).min(line);
                    }
                    None => unplaced_rows.push((file, 1, line)),
                }
                self.account.unplaced.push(rollcall_model::Unplaced {
                    user: a.email,
                    offering: a.product.to_string(),
                });
                continue;
            };
            let at = [ci, pi, placed[ci][pi].len()].map(|n| u32::try_from(n).unwrap_or(u32::MAX));
            match seats_of.entry(key) {
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(Held::One(at));
                }
                std::collections::hash_map::Entry::Occupied(mut e) => e.get_mut().push(at),
            }
            placed[ci][pi].push(Seat {
                user: a.email,
                usage: a.usage,
            });
        }
        // Seats of people whose address is masked: counted on the product they would be
        // placed on (a free seat first), since who holds them is unknown.
        let mut masked_on: Vec<Vec<u64>> = placed.iter().map(|c| vec![0; c.len()]).collect();
        for m in masked {
            let candidates =
                candidates(&self.account.contracts, sold, &m.product, m.team.as_deref());
            let seats = |ci: usize, pi: usize| self.account.contracts[ci].products[pi].seats.value;
            if let Some((ci, pi)) = pick(&candidates, |ci, pi| {
                placed[ci][pi].len() as u64 + masked_on[ci][pi] < seats(ci, pi)
            }) {
                masked_on[ci][pi] += 1;
            }
        }
        for (ci, per_product) in masked_on.into_iter().enumerate() {
            for (pi, n) in per_product.into_iter().enumerate() {
                self.account.contracts[ci].products[pi].masked_holders += n;
            }
        }
        for (file, count, first_line) in unplaced_rows {
            self.account.rows_skipped.push(rollcall_model::RowsSkipped {
                file,
                reason: "seats of an offering that no subscription of the user's team sells: \
                         the user holds them on no known contract, and they are not counted"
                    .to_owned(),
                count,
                first_line,
            });
        }
        for (ci, per_product) in placed.into_iter().enumerate() {
            for (pi, list) in per_product.into_iter().enumerate() {
                let number = self.account.contracts[ci].number.value.clone();
                let product = &mut self.account.contracts[ci].products[pi];
                let Some(mine) = &product.assigned else {
                    product.assigned = Some(list);
                    continue;
                };
                if list.is_empty() || self.snapshot != Some(product.seats.origin.file) {
                    continue;
                }
                let a: BTreeSet<&str> = mine.iter().map(|e| e.user.value.as_str()).collect();
                let b: BTreeSet<&str> = list.iter().map(|e| e.user.value.as_str()).collect();
                let name = product.name.value.clone();
                if a != b {
                    let at = mine.first().map_or(product.seats.origin, |e| e.user.origin);
                    let snapshot = At::new(a.into_iter().collect::<Vec<_>>().join(", "), at);
                    let export = At::new(
                        b.into_iter().collect::<Vec<_>>().join(", "),
                        list[0].user.origin,
                    );
                    let subject = Subject {
                        contract: Some(number.clone()),
                        product: Some(name.clone()),
                        ..Subject::default()
                    };
                    self.disagree(
                        format!("users assigned to {name} on contract {number}"),
                        subject,
                        snapshot,
                        export,
                    );
                }
                // The usage of a seat both name merges field by field (the snapshot's list is
                // taken out while it is, and found through an index: linear in the seats).
                let mut mine = self.account.contracts[ci].products[pi]
                    .assigned
                    .take()
                    .unwrap_or_default();
                let mut index = EmailIndex::with_capacity(mine.len());
                for (k, seat) in mine.iter().enumerate() {
                    index.insert(&seat.user.value, k, |j| mine.get(j).map(|s| &s.user.value));
                }
                for theirs in list {
                    let found =
                        index.get(&theirs.user.value, |j| mine.get(j).map(|s| &s.user.value));
                    let Some(k) = found else { continue };
                    let user = theirs.user.value.to_string();
                    self.usage(
                        &mut mine[k].usage,
                        theirs.usage.into_inner(),
                        &number,
                        &name,
                        &user,
                    );
                }
                self.account.contracts[ci].products[pi].assigned = Some(mine);
            }
        }
    }

    fn usage(
        &mut self,
        mine: &mut SeatUsage,
        theirs: SeatUsage,
        number: &str,
        product: &str,
        user: &str,
    ) {
        let what =
            |field: &str| format!("`{field}` of the {product} seat of {user} on contract {number}");
        let on = || Subject {
            contract: Some(number.to_owned()),
            product: Some(product.to_owned()),
            user: Some(user.to_owned()),
            ..Subject::default()
        };
        self.field(
            &mut mine.assigned_on,
            theirs.assigned_on,
            || what("assigned_on"),
            on,
        );
        self.field(
            &mut mine.days_used,
            theirs.days_used,
            || what("days_used"),
            on,
        );
        self.field(
            &mut mine.monthly_average,
            theirs.monthly_average,
            || what("monthly_average"),
            on,
        );
        self.field(
            &mut mine.last_used,
            theirs.last_used,
            || what("last_used"),
            on,
        );
        self.field(&mut mine.access, theirs.access, || what("access"), on);
    }
}

/// Fills the usage values that `mine` lacks from `theirs` (two exports: no disagreement).
fn fill(mine: &mut SeatUsage, theirs: SeatUsage) {
    mine.assigned_on = mine.assigned_on.take().or(theirs.assigned_on);
    mine.days_used = mine.days_used.take().or(theirs.days_used);
    mine.monthly_average = mine.monthly_average.take().or(theirs.monthly_average);
    mine.last_used = mine.last_used.take().or(theirs.last_used);
    mine.access = mine.access.take().or(theirs.access);
}

/// What two inputs together know of a role: known where either names it.
fn known_of(mine: Recorded, theirs: Recorded) -> Recorded {
    if theirs.is_known() {
        Recorded::Known
    } else {
        mine
    }
}

/// What the rows of every export say a hash is: one address, or several (a placeholder hash,
/// which identifies nobody).
enum HashOf {
    One(Email),
    Several,
}

/// People known only by hash become the address that rows give with the same hash (every
/// row of the folder, in any export); a hash given with two different addresses identifies
/// nobody, and the rows known only by it are counted as skipped.
fn resolve_hashes(account: &mut Account, fragments: &mut [Fragment]) {
    let mut of: HashMap<Email, HashOf> = HashMap::new();
    for f in fragments.iter() {
        for (hash, email) in &f.links {
            match of.get_mut(hash) {
                None => {
                    of.insert(hash.clone(), HashOf::One(email.value.clone()));
                }
                Some(HashOf::One(e)) if *e != email.value => {
                    of.insert(hash.clone(), HashOf::Several);
                }
                Some(_) => {}
            }
        }
    }
    if of.is_empty() {
        return;
    }
    // `None`: the person is known by nobody; `Some`: by this address.
    let resolve = |e: &Email| -> Option<Option<Email>> {
        match of.get(e)? {
            HashOf::One(a) => Some(Some(a.clone())),
            HashOf::Several => Some(None),
        }
    };
    for f in fragments.iter_mut() {
        let mut nobody: Vec<u32> = Vec::new();
        f.users.retain_mut(|u| match resolve(&u.email.value) {
            None => true,
            Some(Some(a)) => {
                u.email.value = a;
                true
            }
            Some(None) => {
                nobody.push(u.email.origin.line);
                false
            }
        });
        f.assignments.retain_mut(|a| match resolve(&a.email.value) {
            None => true,
            Some(Some(e)) => {
                a.email.value = e;
                true
            }
            Some(None) => false,
        });
        f.days_used.retain_mut(|d| match resolve(&d.person) {
            None => true,
            Some(Some(e)) => {
                d.person = e;
                true
            }
            Some(None) => false,
        });
        if let Some(&first_line) = nobody.iter().min() {
            account.rows_skipped.push(rollcall_model::RowsSkipped {
                file: f.file,
                reason: "people known only by a hashed_autodesk_id that rows give with two \
                         different addresses (the hash identifies nobody)"
                    .into(),
                count: nobody.len(),
                first_line,
            });
        }
    }
}

/// Where each subscriptions row's team goes: the product of the merged contract it sells, when
/// that is not the contract's own team.
fn sold_teams(contracts: &[Contract], sold_to: Vec<SoldTo>) -> SoldTeams {
    let mut out: SoldTeams = contracts
        .iter()
        .map(|c| vec![Vec::new(); c.products.len()])
        .collect();
    if sold_to.is_empty() {
        return out;
    }
    let index: HashMap<&str, usize> = contracts
        .iter()
        .enumerate()
        .map(|(i, c)| (c.number.value.as_str(), i))
        .collect();
    for s in sold_to {
        let Some(&ci) = index.get(s.contract.as_str()) else {
            continue;
        };
        let c = &contracts[ci];
        if c.team
            .as_ref()
            .is_some_and(|t| t.value.eq_ignore_ascii_case(&s.team))
        {
            continue;
        }
        let Some(pi) = c
            .products
            .iter()
            .position(|p| p.name.value.eq_ignore_ascii_case(&s.product))
        else {
            continue;
        };
        if !out[ci][pi].iter().any(|t| t.eq_ignore_ascii_case(&s.team)) {
            out[ci][pi].push(s.team);
        }
    }
    out
}

/// A seat-usage export's days of use: each person's latest day is at least their
/// `last_active`, and the `last_used` of their seat of that offering in that team (the
/// contract's team, or a team a subscriptions row sells the product to).
fn apply_days_used(account: &mut Account, days: Vec<DayUsed>, sold: &SoldTeams) {
    let mut latest: HashMap<Email, At<rollcall_model::Day>> = HashMap::new();
    let mut seat: HashMap<(Email, String, Option<String>), At<rollcall_model::Day>> =
        HashMap::new();
    for d in days {
        let newer = |x: &At<rollcall_model::Day>| d.day.value > x.value;
        if latest.get(&d.person).is_none_or(newer) {
            latest.insert(d.person.clone(), d.day.clone());
        }
        let key = (
            d.person,
            d.product.to_lowercase(),
            d.team.map(|t| t.to_lowercase()),
        );
        if seat.get(&key).is_none_or(newer) {
            seat.insert(key, d.day);
        }
    }
    for u in account.users.iter_mut().flatten() {
        if let Some(d) = latest.get(&u.email.value) {
            if u.day_used.as_ref().is_none_or(|x| d.value > x.value) {
                u.day_used = Some(d.clone());
            }
        }
    }
    if seat.is_empty() {
        return;
    }
    for (ci, c) in account.contracts.iter_mut().enumerate() {
        let team = c.team.as_ref().map(|t| t.value.to_lowercase());
        for (pi, p) in c.products.iter_mut().enumerate() {
            let name = p.name.value.to_lowercase();
            let others: Vec<String> = sold[ci][pi].iter().map(|t| t.to_lowercase()).collect();
            for a in p.assigned.iter_mut().flatten() {
                let mut key = (a.user.value.clone(), name.clone(), team.clone());
                let mut day = seat.get(&key);
                for t in &others {
                    let found = seat.get(&(key.0.clone(), name.clone(), Some(t.clone())));
                    if found.is_some_and(|f| day.is_none_or(|d| f.value > d.value)) {
                        day = found;
                    }
                }
                let day = day.or_else(|| {
                    key.2 = None;
                    seat.get(&key)
                });
                if let Some(d) = day {
                    if a.usage.last_used.as_ref().is_none_or(|x| d.value > x.value) {
                        a.usage.last_used = Some(d.clone());
                    }
                }
            }
        }
    }
}

/// Where a seat goes among its [`candidates`]: the first with a seat still free, else the
/// first (the export says the user holds it, whether or not the count has room).
fn pick(
    candidates: &[(usize, usize)],
    free: impl Fn(usize, usize) -> bool,
) -> Option<(usize, usize)> {
    let mut all = candidates.iter().copied();
    all.clone()
        .find(|&(ci, pi)| free(ci, pi))
        .or_else(|| all.next())
}

/// The contracts and products a seat of `product` for `team` may go on: those of the same team
/// (the contract's team, or a team that a subscriptions row of the contract sells the product
/// to; any team where the row gives none), else those of contracts without a team.
fn candidates(
    contracts: &[Contract],
    sold: &SoldTeams,
    product: &str,
    team: Option<&str>,
) -> Vec<(usize, usize)> {
    let sells = |c: &Contract| {
        c.products
            .iter()
            .position(|p| p.name.value.eq_ignore_ascii_case(product))
    };
    let same_team = |ci: usize, pi: usize, c: &Contract| match (team, &c.team) {
        (None, _) => true,
        (Some(t), ct) => {
            ct.as_ref()
                .is_some_and(|ct| ct.value.eq_ignore_ascii_case(t))
                || sold[ci][pi].iter().any(|s| s.eq_ignore_ascii_case(t))
        }
    };
    let found: Vec<(usize, usize)> = contracts
        .iter()
        .enumerate()
        .filter_map(|(ci, c)| sells(c).map(|pi| (ci, pi)))
        .filter(|&(ci, pi)| same_team(ci, pi, &contracts[ci]))
        .collect();
    if !found.is_empty() {
        return found;
    }
    contracts
        .iter()
        .enumerate()
        .filter(|(_, c)| c.team.is_none())
        .filter_map(|(ci, c)| sells(c).map(|pi| (ci, pi)))
        .collect()
}

/// Merges export fragments into an account that holds the snapshot's data (or nothing).
pub fn merge(account: &mut Account, snapshot: Option<FileId>, mut fragments: Vec<Fragment>) {
    resolve_hashes(account, &mut fragments);
    let mut user_index = EmailIndex::default();
    if let Some(users) = &account.users {
        for (i, u) in users.iter().enumerate() {
            user_index.insert(&u.email.value, i, |j| users.get(j).map(|x| &x.email.value));
        }
    }
    let mut m = Merger {
        account,
        snapshot,
        user_index,
    };
    let mut assignments = Vec::new();
    let mut sold_to = Vec::new();
    let mut days_used = Vec::new();
    let mut masked = Vec::new();
    let mut describes_seats = false;
    for f in fragments {
        days_used.extend(f.days_used);
        masked.extend(f.masked_seats);
        if f.kind != ExportKind::Subscriptions && f.kind != ExportKind::SeatUsage {
            describes_seats = true;
            let list = m.account.users.get_or_insert_with(Vec::new);
            // Sized once for what the fragment may add, not doubled as it grows.
            if !list.is_empty() {
                list.reserve(f.users.len());
            }
        }
        if f.kind == ExportKind::Users {
            m.account.team_roles_known = true;
        }
        for c in f.contracts {
            m.contract(c);
        }
        sold_to.extend(f.sold_to);
        m.account.name_parts.extend(f.name_parts);
        // A seat-usage export names the people who used a product, not every user: what it
        // says adds to the users other inputs give, and it adds no user of its own.
        let mut strangers: Vec<u32> = Vec::new();
        let mut users = f.users;
        // The first list of users is taken whole (a fragment names each person once): a large
        // export's users are not copied into a second list.
        if f.kind != ExportKind::SeatUsage && m.account.users.as_ref().is_some_and(Vec::is_empty) {
            let list = m.account.users.insert(std::mem::take(&mut users));
            let mut index = EmailIndex::with_capacity(list.len());
            let mut once = true;
            for (i, u) in list.iter().enumerate() {
                let get = |j: usize| list.get(j).map(|x| &x.email.value);
                if index.get(&u.email.value, get).is_some() {
                    once = false;
                    break;
                }
                index.insert(&u.email.value, i, get);
            }
            if once {
                m.user_index = index;
            } else {
                // A person named twice is merged a row at a time, as below.
                users = std::mem::take(list);
            }
        }
        for u in users {
            if f.kind != ExportKind::SeatUsage || m.knows(&u.email.value) {
                m.user(u);
            } else {
                strangers.push(u.email.origin.line);
            }
        }
        if let Some(&first_line) = strangers.iter().min() {
            m.account.rows_skipped.push(rollcall_model::RowsSkipped {
                file: f.file,
                reason: "people of the seat usage export whom no other input lists (it adds no \
                         user of its own)"
                    .into(),
                count: strangers.len(),
                first_line,
            });
        }
        for t in f.teams {
            m.team(t);
        }
        if assignments.is_empty() {
            // Taken whole: a large export's seats are not copied into a second list.
            assignments = f.assignments;
        } else {
            assignments.extend(f.assignments);
        }
    }
    let sold = sold_teams(&m.account.contracts, sold_to);
    if describes_seats {
        m.place(assignments, &masked, &sold);
    }
    apply_days_used(account, days_used, &sold);
}

/// Where one person's placed seats are (contract, product, position): almost always one.
/// Sixteen bytes, so that a large export's map of them stays small.
enum Held {
    One([u32; 3]),
    Many(Box<[[u32; 3]]>),
}

impl Held {
    fn seats(&self) -> &[[u32; 3]] {
        match self {
            Self::One(s) => std::slice::from_ref(s),
            Self::Many(v) => v,
        }
    }

    fn push(&mut self, seat: [u32; 3]) {
        match self {
            Self::One(first) => *self = Self::Many(Box::new([*first, seat])),
            Self::Many(v) => {
                let mut all = std::mem::take(v).into_vec();
                all.push(seat);
                *v = all.into_boxed_slice();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exports::{find_header, read_export};
    use crate::snapshot;
    use crate::table::parse_csv;

    fn fragment(text: &str, file: u32) -> Fragment {
        let t = parse_csv(text, "e.csv").unwrap();
        let none = crate::Aliases::default();
        let (h, k) = find_header(&t, 1, &none).unwrap();
        read_export(&t, h, k, FileId(file), "e.csv", &none).unwrap()
    }

    const SNAPSHOT: &str = "as_of: 2026-11-01
users:
  - email: ana@a.example
    status: active
contracts:
  - number: \"1001\"
    ends: 2027-01-31
    contract_manager: ana@a.example
    products:
      - name: Revit
        seats: 2
";

    const UNKNOWNS: &str = "as_of: 2026-11-01
contracts:
  - number: \"1001\"
    contract_manager: unknown
    software_coordinators: Unknown
    reseller: sales@partner.example
    products:
      - name: Revit
        seats: 2
        assigned:
          - ana@a.example
          - user: bo@a.example
            days_used: 4
            access: flex
";

    #[test]
    fn an_export_fills_a_snapshot_unknown_without_a_disagreement() {
        let mut a = snapshot::read(UNKNOWNS, "account.yaml", FileId(0))
            .ok()
            .unwrap()
            .account;
        assert!(a.contracts[0].manager.is_unknown() && a.contracts[0].coordinators.is_unknown());
        let subs = fragment("contract_number,offering_name,seat_quantity,contract_manager_email,reseller_email\n1001,Revit,2,cm@a.example,renewals@partner.example\n", 1);
        merge(&mut a, Some(FileId(0)), vec![subs]);
        let c = &a.contracts[0];
        assert!(
            c.manager.is_known(),
            "the export names the Contract Manager"
        );
        assert_eq!(
            c.contract_manager.as_ref().unwrap().value.as_str(),
            "cm@a.example"
        );
        assert!(c.coordinators.is_unknown(), "no export names coordinators");
        let fields: Vec<&str> = a.disagreements.iter().map(|d| d.field.as_str()).collect();
        assert_eq!(fields, ["`reseller` of contract 1001"]);
    }

    #[test]
    fn a_first_users_list_is_taken_whole_and_a_person_named_twice_is_still_one_user() {
        let users = fragment(
            "email,role,offering_name\nAna@a.example,User,Revit\nbo@a.example,User,Revit\nana@a.example,User,AutoCAD\n",
            1,
        );
        assert_eq!(users.users.len(), 2, "the reader names each person once");
        let mut a = Account::default();
        merge(&mut a, None, vec![users.clone()]);
        let emails: Vec<&str> = a
            .users
            .as_ref()
            .unwrap()
            .iter()
            .map(|u| u.email.value.as_str())
            .collect();
        assert_eq!(emails.len(), 2);
        // A list that names a person twice (as no reader writes it) is merged row by row.
        let mut twice = users;
        let again = twice.users[0].clone();
        twice.users.push(again);
        let mut b = Account::default();
        merge(&mut b, None, vec![twice]);
        assert_eq!(b.users.as_ref().unwrap().len(), 2);
        assert_eq!(
            b.users.as_ref().unwrap()[0].email.value,
            a.users.as_ref().unwrap()[0].email.value
        );
    }

    #[test]
    fn seat_usage_merges_field_by_field() {
        let mut a = snapshot::read(UNKNOWNS, "account.yaml", FileId(0))
            .ok()
            .unwrap()
            .account;
        let usage = fragment("email,offering_name,seat_assignment,assigned_date,days_used,monthly_average,access_option,last_accessed\nana@a.example,Revit,assigned,2026-03-02T10:00:00Z,7,1.5,Subscription,2026-10-30\nBO@a.example,Revit,assigned,2026-03-02,5,0.5,Flex,\n", 1);
        merge(&mut a, Some(FileId(0)), vec![usage]);
        let seats = a.contracts[0].products[0].assigned.as_ref().unwrap();
        let ana = &seats[0].usage;
        assert_eq!(ana.days_used.as_ref().unwrap().value, 7);
        assert_eq!(
            ana.assigned_on.as_ref().unwrap().value.to_string(),
            "2026-03-02"
        );
        assert_eq!(
            ana.last_used.as_ref().unwrap().value.to_string(),
            "2026-10-30"
        );
        let bo = &seats[1].usage;
        // The snapshot's 4 days stands against the report's 5; the rest fills in.
        assert_eq!(bo.days_used.as_ref().unwrap().value, 4);
        assert_eq!(bo.days_used.as_ref().unwrap().origin.file, FileId(0));
        assert!((bo.monthly_average.as_ref().unwrap().value - 0.5).abs() < f64::EPSILON);
        assert_eq!(
            bo.access.as_ref().unwrap().value,
            rollcall_model::Access::Flex
        );
        let fields: Vec<&str> = a.disagreements.iter().map(|d| d.field.as_str()).collect();
        assert_eq!(
            fields,
            ["`days_used` of the Revit seat of bo@a.example on contract 1001"]
        );
        assert_eq!(a.disagreements[0].user.as_deref(), Some("bo@a.example"));
    }

    #[test]
    fn a_repeated_export_seat_fills_its_usage() {
        let mut a = Account::default();
        let subs = fragment(
            "contract_number,offering_name,seat_quantity\n1001,Revit,2\n",
            0,
        );
        let users = fragment("email,role,offering_name\nana@a.example,User,Revit\n", 1);
        let usage = fragment("email,offering_name,seat_assignment,days_used,days_inactive\nana@a.example,Revit,assigned,3,\nbo@a.example,Revit,unassigned,9,40\n", 2);
        merge(&mut a, None, vec![subs, users, usage]);
        let seats = a.contracts[0].products[0].assigned.as_ref().unwrap();
        assert_eq!(seats.len(), 1, "bo's unassigned row holds no seat");
        assert_eq!(seats[0].usage.days_used.as_ref().unwrap().value, 3);
        let bo = &a.users.as_ref().unwrap()[1];
        assert_eq!(bo.email.value.as_str(), "bo@a.example");
        assert_eq!(bo.days_inactive.as_ref().unwrap().value, 40);
        a.settle_inactivity(rollcall_model::Day::parse_iso("2026-11-01").unwrap());
        let bo = &a.users.as_ref().unwrap()[1];
        assert_eq!(
            bo.last_active.as_ref().unwrap().value.to_string(),
            "2026-09-22"
        );
    }

    #[test]
    fn the_snapshot_wins_and_disagreements_are_recorded() {
        let mut a = snapshot::read(SNAPSHOT, "account.yaml", FileId(0))
            .ok()
            .unwrap()
            .account;
        let subs = fragment("contract_number,offering_name,seat_quantity,end_date,autorenew_date\n1001,Revit,3,2026-01-31,\n1002,AutoCAD,1,2027-05-01,2027-05-01\n", 1);
        let users = fragment("email,role,offering_name,account_status\nANA@a.example,User,Revit,inactive\nbo@a.example,User,Revit,active\ncy@a.example,User,AutoCAD,active\n", 2);
        merge(&mut a, Some(FileId(0)), vec![subs, users]);
        let fields: Vec<&str> = a.disagreements.iter().map(|d| d.field.as_str()).collect();
        assert_eq!(
            fields,
            vec![
                "`ends` of contract 1001",
                "`seats` of Revit on contract 1001",
                "status of user ana@a.example"
            ]
        );
        let d = &a.disagreements[0];
        assert_eq!(
            (d.snapshot.origin.file, d.snapshot.origin.line),
            (FileId(0), 7)
        );
        assert_eq!((d.export.origin.file, d.export.origin.line), (FileId(1), 2));
        // Not in the snapshot: taken from the export, silently.
        assert_eq!(
            a.contracts[0].auto_renew.as_ref().map(|x| x.value),
            Some(false)
        );
        assert_eq!(a.contracts[1].number.value, "1002");
        assert_eq!(a.contracts[0].products[0].seats.value, 2);
        let users = a.users.as_ref().unwrap();
        assert_eq!(users.len(), 3);
        assert_eq!(users[0].status, rollcall_model::Status::Active);
        let assigned: Vec<&str> = a.contracts[0].products[0]
            .assigned
            .as_ref()
            .unwrap()
            .iter()
            .map(|e| e.user.value.as_str())
            .collect();
        assert_eq!(assigned, vec!["ana@a.example", "bo@a.example"]);
    }

    #[test]
    fn seats_go_to_the_first_contract_of_the_team_with_a_free_seat() {
        let mut a = Account::default();
        let subs = fragment("contract_number,offering_name,seat_quantity,team_alias\n1,Revit,1,Design\n2,Revit,2,Design\n3,Revit,5,Site\n", 0);
        let users = fragment("email,role,offering_name,team_alias\na@x.example,User,Revit,Design\nb@x.example,User,Revit,Design\nc@x.example,User,Revit,Design\nd@x.example,User,Revit,Design\na@x.example,User,Revit,Design\n", 1);
        merge(&mut a, None, vec![subs, users]);
        let held = |i: usize| a.contracts[i].products[0].assigned.as_ref().unwrap().len();
        assert_eq!(
            (held(0), held(1), held(2)),
            (2, 2, 0),
            "d overflows onto the first contract; a is not counted twice"
        );
    }

    #[test]
    fn subscriptions_of_one_contract_keep_their_own_teams_for_seats() {
        let mut a = Account::default();
        let subs = fragment("contract_number,offering_name,seat_quantity,team_alias\n1100,AutoCAD,1,Design\n1100,Revit,1,Site\n", 0);
        let users = fragment("email,role,offering_name,team_alias\na@x.example,User,AutoCAD,Design\nb@x.example,User,Revit,Site\n", 1);
        let days = fragment("hashed_autodesk_id,email,offering_name,day_used,team_alias\nh1,b@x.example,Revit,2026-10-01,Site\n", 2);
        merge(&mut a, None, vec![subs, users, days]);
        assert_eq!(a.contracts.len(), 1);
        let c = &a.contracts[0];
        let held = |i: usize| {
            let seats = c.products[i].assigned.as_ref().unwrap();
            seats
                .iter()
                .map(|s| s.user.value.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(held(0), ["a@x.example"], "AutoCAD, sold to Design");
        assert_eq!(
            held(1),
            ["b@x.example"],
            "Revit, sold to Site on the same contract"
        );
        let seat = &c.products[1].assigned.as_ref().unwrap()[0];
        assert_eq!(
            seat.usage.last_used.as_ref().map(|d| d.value.to_string()),
            Some("2026-10-01".into())
        );
    }

    #[test]
    fn without_a_users_export_assignments_stay_unknown() {
        let mut a = Account::default();
        merge(
            &mut a,
            None,
            vec![fragment(
                "contract_number,offering_name,seat_quantity\n1,Revit,1\n",
                0,
            )],
        );
        assert!(a.contracts[0].products[0].assigned.is_none());
        assert!(a.users.is_none());
        assert!(a.contracts[0].manager.is_unknown() && a.contracts[0].coordinators.is_unknown());
    }
}
