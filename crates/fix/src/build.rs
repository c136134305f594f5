//! From findings to a plan: each finding goes to exactly one entry (remediation.md's action
//! table), and the safe actions are applied to a copy of the account, the planned snapshot.
//!
//! Where an action of the table would leave the planned snapshot with a finding the audit did
//! not report, the plan adds what keeps the plan's promise: seats an action frees are reduced
//! (`reduce-seats`, settling no finding of its own), and a user whom unassignments leave with no
//! seat and no role, who would be RC303's new finding, is removed (`remove-user`).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rollcall_model::{Account, At, Email, Origin, Status};
use rollcall_report::Diagnostic;
use rollcall_rules::CheckContext;

use crate::import::{file_safe, ImportList, Person};
use crate::people::{People, TeamKey};
use crate::{Candidate, Entry, Input, Kind, NoAction, Plan, Seat, Settled, Who, MAX_CANDIDATES};

/// Findings whose seat is freed by unassigning it, and which count in savings.
const SEAT_RULES: &[&str] = &["RC304", "RC306", "RC308", "RC603"];
/// Role findings settled by naming someone else for the role.
const ROLE_RULES: &[&str] = &[
    "RC101", "RC102", "RC103", "RC104", "RC105", "RC107", "RC108", "RC201", "RC202", "RC601",
    "RC602",
];

/// (file, line, column) of a written value -> (contract, product) indexes.
type Located = HashMap<(u32, u32, u32), (usize, usize)>;

/// A seat a finding names: contract, product and user, and where that product is.
type SeatKey = (String, String, String, Option<(usize, usize)>);

/// An entry before ids are given: where it sorts, and the drafts it follows from.
struct Draft {
    /// (first finding's position, 0 for a finding's entry / 1 for a follow-up, sequence).
    order: (usize, usize, usize),
    entry: Entry,
    choice: bool,
    follows: Vec<usize>,
}

/// Groups keyed in first-seen order.
struct Groups<K> {
    keys: Vec<(K, Vec<usize>)>,
    at: HashMap<K, usize>,
}

impl<K: std::hash::Hash + Eq + Clone> Groups<K> {
    fn new() -> Self {
        Self {
            keys: Vec::new(),
            at: HashMap::new(),
        }
    }

    fn add(&mut self, key: K, i: usize) {
        match self.at.get(&key) {
            Some(&g) => self.keys[g].1.push(i),
            None => {
                self.at.insert(key.clone(), self.keys.len());
                self.keys.push((key, vec![i]));
            }
        }
    }

    fn take(&mut self, key: &K) -> Vec<usize> {
        match self.at.remove(key) {
            Some(g) => std::mem::take(&mut self.keys[g].1),
            None => Vec::new(),
        }
    }
}

fn entry(kind: Kind, who: Who, people: Vec<String>) -> Entry {
    Entry {
        id: 0,
        kind,
        who,
        people,
        safe: false,
        contract: None,
        team: None,
        product: None,
        user: None,
        seats: Vec::new(),
        seat_count: None,
        candidates: Vec::new(),
        candidates_total: 0,
        settles: Vec::new(),
        follows: Vec::new(),
        why: None,
        where_: String::new(),
        savings: None,
        files: Vec::new(),
    }
}

struct Builder<'a> {
    input: &'a Input<'a>,
    people: &'a People<'a>,
    diagnostics: &'a [Diagnostic],
    planned: Account,
    drafts: Vec<Draft>,
    no_action: Vec<(usize, NoAction)>,
    lists: BTreeMap<String, BTreeMap<String, Person>>,
    /// Contract indexes by number.
    contracts: HashMap<&'a str, Vec<usize>>,
    seq: usize,
    /// The product of each `seats` and assignment value, by where it was written; built when
    /// first needed.
    located: std::cell::OnceCell<Located>,
    /// Seats to unassign, applied together: (contract, product) -> (user, draft).
    pending: BTreeMap<(usize, usize), Vec<(String, usize)>>,
    /// Users the planned account no longer lists.
    dropped: HashSet<String>,
    /// Users listed more than once, kept once.
    deduplicated: HashSet<String>,
    /// Users whose invitation is sent again today.
    reinvited: HashSet<String>,
}

/// Makes the plan of one audited account.
pub fn plan(input: &Input<'_>) -> Plan {
    let account = input.account;
    let cx = CheckContext::new(account, input.today, input.options);
    let people = People::new(account, &cx);
    let mut contracts: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, c) in account.contracts.iter().enumerate() {
        contracts
            .entry(c.number.value.as_str())
            .or_default()
            .push(i);
    }
    let mut b = Builder {
        input,
        people: &people,
        diagnostics: input.diagnostics,
        planned: account.clone(),
        drafts: Vec::new(),
        no_action: Vec::new(),
        lists: BTreeMap::new(),
        contracts,
        seq: 0,
        located: std::cell::OnceCell::new(),
        pending: BTreeMap::new(),
        dropped: HashSet::new(),
        deduplicated: HashSet::new(),
        reinvited: HashSet::new(),
    };
    b.build();
    b.finish()
}

impl Builder<'_> {
    fn next(&mut self) -> usize {
        self.seq += 1;
        self.seq
    }

    fn settled(&self, i: usize) -> Settled {
        let d = &self.diagnostics[i];
        Settled {
            rule: d.rule.code,
            subject: d.subject.clone(),
            message: d.message.clone(),
        }
    }

    fn push(&mut self, first: usize, mut e: Entry, settles: &[usize], choice: bool) -> usize {
        let mut settles = settles.to_vec();
        settles.sort_unstable();
        settles.dedup();
        e.settles = settles.iter().map(|&i| self.settled(i)).collect();
        let order = (first, 0, self.next());
        self.drafts.push(Draft {
            order,
            entry: e,
            choice,
            follows: Vec::new(),
        });
        self.drafts.len() - 1
    }

    /// A follow-up entry: sorts after the drafts it follows.
    fn push_after(&mut self, follows: &[usize], mut e: Entry, settles: &[usize], choice: bool) {
        let first = follows
            .iter()
            .map(|&d| self.drafts[d].order.0)
            .chain(settles.iter().copied())
            .max()
            .unwrap_or(usize::MAX);
        let mut settles = settles.to_vec();
        settles.sort_unstable();
        settles.dedup();
        e.settles = settles.iter().map(|&i| self.settled(i)).collect();
        let order = (first, 1, self.next());
        let mut follows = follows.to_vec();
        follows.sort_unstable();
        follows.dedup();
        self.drafts.push(Draft {
            order,
            entry: e,
            choice,
            follows,
        });
    }

    fn not_acted(&mut self, i: usize, why: impl Into<String>) {
        let s = self.settled(i);
        self.no_action.push((
            i,
            NoAction {
                settles: vec![s],
                why: why.into(),
            },
        ));
    }

    fn contract_index(&self, number: Option<&str>) -> Option<usize> {
        self.contracts.get(number?)?.first().copied()
    }

    /// The contract and product a subject names: the first product of that name (of a
    /// contract of that number) whose seats `user` holds, else the first of that name.
    fn product_index(
        &self,
        contract: Option<&str>,
        product: Option<&str>,
        user: Option<&str>,
    ) -> Option<(usize, usize)> {
        let (contract, product) = (contract?, product?);
        let account = self.input.account;
        let mut first = None;
        for &ci in self.contracts.get(contract)? {
            for (pi, p) in account.contracts[ci].products.iter().enumerate() {
                if p.name.value != product {
                    continue;
                }
                first.get_or_insert((ci, pi));
                let holds = user.is_some_and(|u| {
                    p.assigned
                        .iter()
                        .flatten()
                        .any(|a| a.user.value.as_str() == u)
                });
                if holds {
                    return Some((ci, pi));
                }
            }
        }
        first
    }

    /// The product a finding names, found by the value it points at (a product's `seats`, or
    /// one of its assignments) where names repeat; else by name.
    fn product_of(&self, d: &Diagnostic) -> Option<(usize, usize)> {
        let s = &d.subject;
        let account = self.input.account;
        let located = self.located.get_or_init(|| {
            let mut map = HashMap::new();
            for (ci, c) in account.contracts.iter().enumerate() {
                for (pi, p) in c.products.iter().enumerate() {
                    let o = p.seats.origin;
                    map.entry((o.file.0, o.line, o.column)).or_insert((ci, pi));
                    for a in p.assigned.iter().flatten() {
                        let o = a.user.origin;
                        map.entry((o.file.0, o.line, o.column)).or_insert((ci, pi));
                    }
                }
            }
            map
        });
        let file = account.files.iter().position(|f| f.path == d.at.file);
        let hit = file
            .and_then(|f| u32::try_from(f).ok())
            .and_then(|f| located.get(&(f, d.at.line, d.at.column)))
            .filter(|&&(ci, pi)| {
                let c = &account.contracts[ci];
                Some(c.number.value.as_str()) == s.contract.as_deref()
                    && Some(c.products[pi].name.value.as_str()) == s.product.as_deref()
            });
        if let Some(&at) = hit {
            return Some(at);
        }
        self.product_index(
            s.contract.as_deref(),
            s.product.as_deref(),
            s.user.as_deref(),
        )
    }

    fn team_name(&self, ci: usize) -> Option<String> {
        self.input.account.contracts[ci]
            .team
            .as_ref()
            .map(|t| t.value.clone())
    }

    fn price(&self, product: &str) -> Option<u64> {
        self.input.pricing.as_ref().and_then(|p| (p.of)(product))
    }

    fn list_add(&mut self, base: &str, email: &str) {
        let name = self
            .people
            .user(email)
            .and_then(|u| u.name.as_ref())
            .map(|n| n.value.as_str());
        self.lists
            .entry(base.to_owned())
            .or_default()
            .entry(email.to_owned())
            .or_insert_with(|| Person::new(email, name));
    }

    fn invite_base(&self, email: &str) -> String {
        match self.people.team_of(email) {
            Some(t) => format!("invite-{}", file_safe(t)),
            None => "invite".to_owned(),
        }
    }

    fn assign_base(&self, ci: usize, product: &str) -> String {
        match self.team_name(ci) {
            Some(t) => format!("assign-{}-{}", file_safe(&t), file_safe(product)),
            None => format!("assign-{}", file_safe(product)),
        }
    }

    fn build(&mut self) {
        let diagnostics = self.diagnostics;
        let mut seats: Groups<SeatKey> = Groups::new();
        let mut expired: Groups<String> = Groups::new();
        let mut departed: Groups<String> = Groups::new();
        let mut stale: Groups<String> = Groups::new();
        let mut expired_invites: Groups<String> = Groups::new();
        let mut duplicates: Groups<String> = Groups::new();
        let mut free: Groups<(usize, usize)> = Groups::new();
        let mut idle: Groups<(usize, usize)> = Groups::new();
        let mut seatless = Vec::new();
        let mut later = Vec::new();
        for (i, d) in diagnostics.iter().enumerate() {
            if let Some(w) = &d.waived {
                self.not_acted(i, format!("waived: {}", w.reason));
                continue;
            }
            let s = &d.subject;
            let code = d.rule.code;
            match code {
                _ if SEAT_RULES.contains(&code) => match (&s.contract, &s.product, &s.user) {
                    (Some(c), Some(p), Some(u)) => {
                        let at = self.product_of(d);
                        seats.add((c.clone(), p.clone(), u.clone(), at), i);
                    }
                    _ => self.not_acted(i, "the finding names no seat"),
                },
                "RC402" => match &s.contract {
                    Some(c) => expired.add(c.clone(), i),
                    None => self.not_acted(i, "the finding names no contract"),
                },
                "RC604" | "RC305" | "RC309" | "RC501" | "RC303" => {
                    let Some(u) = s.user.clone() else {
                        self.not_acted(i, "the finding names no user");
                        continue;
                    };
                    match code {
                        "RC604" => departed.add(u, i),
                        "RC305" => stale.add(u, i),
                        "RC309" => expired_invites.add(u, i),
                        "RC501" => duplicates.add(u, i),
                        _ => seatless.push(i),
                    }
                }
                "RC301" | "RC405" => {
                    match self.product_of(d) {
                        Some(key) if code == "RC301" => free.add(key, i),
                        Some(key) => idle.add(key, i),
                        None => self.not_acted(i, "the finding names no product of the account"),
                    }
                }
                "RC302" | "RC106" | "RC109" | "RC307" | "RC401" | "RC403" | "RC404" => {
                    later.push(i);
                }
                _ if ROLE_RULES.contains(&code) => later.push(i),
                "RC502" => self.not_acted(
                    i,
                    "information: the snapshot's value was used; correct whichever source is wrong",
                ),
                "RC503" => self.not_acted(
                    i,
                    "information: write who holds the role in the snapshot, so that the role rules can check it",
                ),
                _ if code.starts_with("RC9") => {
                    self.not_acted(i, "about the configuration's waivers, not the account");
                }
                _ if rollcall_rules::find_rule(code).is_none() => {
                    self.not_acted(i, "custom rule: see its help");
                }
                _ => self.not_acted(i, "no action is planned for this rule"),
            }
        }

        // Seats: the seats of an ended contract together, then each other seat once.
        let mut unassigned: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
        let mut touched: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (number, found) in std::mem::take(&mut expired.keys) {
            if found.is_empty() {
                continue;
            }
            self.unassign_contract(&number, found, &mut seats);
        }
        for ((c, p, u, at), found) in std::mem::take(&mut seats.keys) {
            if found.is_empty() {
                continue;
            }
            self.unassign_seat(&c, &p, &u, at, &found);
        }
        self.apply_unassigns(&mut unassigned, &mut touched);

        for (email, found) in std::mem::take(&mut duplicates.keys) {
            self.remove_duplicate(&email, &found);
        }
        let mut removed: HashSet<String> = HashSet::new();
        for (email, found) in std::mem::take(&mut departed.keys) {
            self.remove_user(&email, &found);
            removed.insert(email);
        }
        // The seats each person still holds once unassigned (RC309 gives them back).
        let mut held_by: HashMap<String, Vec<(usize, String)>> = HashMap::new();
        if !expired_invites.keys.is_empty() {
            for (ci, c) in self.planned.contracts.iter().enumerate() {
                for p in &c.products {
                    for a in p.assigned.iter().flatten() {
                        let held = held_by.entry(a.user.value.to_string()).or_default();
                        if !held.iter().any(|(i, n)| *i == ci && *n == p.name.value) {
                            held.push((ci, p.name.value.clone()));
                        }
                    }
                }
            }
        }
        for (email, found) in std::mem::take(&mut stale.keys) {
            self.reinvite(&email, &found, false, &held_by);
        }
        for (email, found) in std::mem::take(&mut expired_invites.keys) {
            self.reinvite(&email, &found, true, &held_by);
        }
        self.left_with_nothing(&touched, &removed);
        self.seat_counts(&free, &idle, &unassigned, &seatless);
        for i in seatless {
            self.user_without_seat(i);
        }
        for i in later {
            self.other(i);
        }
        self.apply_users();
    }

    /// RC402: every seat of the ended contract, with the seat findings on them.
    fn unassign_contract(
        &mut self,
        number: &str,
        mut found: Vec<usize>,
        seats: &mut Groups<SeatKey>,
    ) {
        let account = self.input.account;
        let mut list = Vec::new();
        let mut saved = 0u64;
        let mut priced = false;
        for &ci in &self.contracts.get(number).cloned().unwrap_or_default() {
            for (pi, p) in account.contracts[ci].products.iter().enumerate() {
                for a in p.assigned.iter().flatten() {
                    let u = a.user.value.as_str();
                    let seat = Seat {
                        contract: number.to_owned(),
                        product: p.name.value.clone(),
                        user: u.to_owned(),
                    };
                    if list.iter().any(|(s, at)| *s == seat && *at == (ci, pi)) {
                        continue;
                    }
                    let more = seats.take(&(
                        number.to_owned(),
                        p.name.value.clone(),
                        u.to_owned(),
                        Some((ci, pi)),
                    ));
                    if !more.is_empty() {
                        if let Some(price) = self.price(&p.name.value) {
                            saved = saved.saturating_add(price);
                            priced = true;
                        }
                    }
                    found.extend(more);
                    list.push((seat, (ci, pi)));
                }
            }
        }
        let ci = self.contract_index(Some(number));
        let mut e = entry(
            Kind::UnassignSeat,
            Who::Admin,
            ci.map(|c| self.people.admins_of_contract(c))
                .unwrap_or_default(),
        );
        e.safe = true;
        e.contract = Some(number.to_owned());
        e.team = ci.and_then(|c| self.team_name(c));
        let products: BTreeSet<&str> = list.iter().map(|(s, _)| s.product.as_str()).collect();
        e.where_ = format!(
            "Autodesk Account › By Product › {} › unassign every user of contract {number} (it has ended)",
            products.into_iter().collect::<Vec<_>>().join(" / ")
        );
        e.why = Some(format!(
            "contract {number} has ended: its {} seat(s) can no longer be used",
            list.len()
        ));
        e.savings = (self.input.pricing.is_some()).then_some(if priced { saved } else { 0 });
        e.seats = list.iter().map(|(s, _)| s.clone()).collect();
        let first = found.iter().copied().min().unwrap_or(0);
        let d = self.push(first, e, &found, false);
        for (s, at) in &list {
            self.apply_unassign(s, Some(*at), d);
        }
    }

    fn unassign_seat(
        &mut self,
        contract: &str,
        product: &str,
        user: &str,
        at: Option<(usize, usize)>,
        found: &[usize],
    ) {
        let mut e = entry(
            Kind::UnassignSeat,
            Who::Admin,
            at.map(|(ci, _)| self.people.admins_of_contract(ci))
                .unwrap_or_default(),
        );
        e.safe = true;
        e.contract = Some(contract.to_owned());
        e.team = at.and_then(|(ci, _)| self.team_name(ci));
        e.product = Some(product.to_owned());
        e.user = Some(user.to_owned());
        e.where_ = format!("Autodesk Account › By Product › {product} › {user} › Unassign");
        e.savings = self
            .input
            .pricing
            .as_ref()
            .map(|_| self.price(product).unwrap_or(0));
        let seat = Seat {
            contract: contract.to_owned(),
            product: product.to_owned(),
            user: user.to_owned(),
        };
        e.seats = vec![seat.clone()];
        let first = found.iter().copied().min().unwrap_or(0);
        let d = self.push(first, e, found, false);
        self.apply_unassign(&seat, at, d);
    }

    /// Records a seat to unassign ([`Builder::apply_unassigns`] applies them together).
    fn apply_unassign(&mut self, seat: &Seat, at: Option<(usize, usize)>, draft: usize) {
        if let Some(at) = at {
            self.pending
                .entry(at)
                .or_default()
                .push((seat.user.clone(), draft));
        }
    }

    /// Unassigns the pending seats, each product's list once.
    fn apply_unassigns(
        &mut self,
        unassigned: &mut BTreeMap<(usize, usize), Vec<usize>>,
        touched: &mut BTreeMap<String, Vec<usize>>,
    ) {
        for ((ci, pi), seats) in std::mem::take(&mut self.pending) {
            let Some(list) = self.planned.contracts[ci].products[pi].assigned.as_mut() else {
                continue;
            };
            let gone: HashMap<&str, usize> = seats.iter().map(|(u, d)| (u.as_str(), *d)).collect();
            let mut hit: BTreeSet<&str> = BTreeSet::new();
            list.retain(|a| {
                let user = a.user.value.as_str();
                match gone.get_key_value(user) {
                    Some((&u, _)) => {
                        hit.insert(u);
                        false
                    }
                    None => true,
                }
            });
            for (user, draft) in &seats {
                if hit.contains(user.as_str()) {
                    unassigned.entry((ci, pi)).or_default().push(*draft);
                    touched.entry(user.clone()).or_default().push(*draft);
                }
            }
        }
    }

    fn remove_duplicate(&mut self, email: &str, found: &[usize]) {
        let mut e = entry(
            Kind::RemoveDuplicate,
            Who::Admin,
            self.people.admins_of_person(email),
        );
        e.safe = true;
        e.user = Some(email.to_owned());
        e.where_ = format!(
            "the source of the user list: keep one entry of {email} (Autodesk Account lists each address once)"
        );
        e.why = Some(format!("{email} is listed {} times", found.len() + 1));
        let first = found.iter().copied().min().unwrap_or(0);
        self.push(first, e, found, false);
        self.deduplicated.insert(email.to_owned());
    }

    fn drop_user(&mut self, email: &str) {
        self.dropped.insert(email.to_owned());
    }

    /// Applies the changes to the user list together: removals, repeated entries, invitations
    /// dated today.
    fn apply_users(&mut self) {
        let today = self.input.today;
        let Some(users) = self.planned.users.as_mut() else {
            return;
        };
        let mut seen: HashSet<String> = HashSet::new();
        let (dropped, deduplicated, reinvited) =
            (&self.dropped, &self.deduplicated, &self.reinvited);
        users.retain(|u| {
            let email = u.email.value.as_str();
            if dropped.contains(email) {
                return false;
            }
            !deduplicated.contains(email) || seen.insert(email.to_owned())
        });
        for u in users.iter_mut() {
            if reinvited.contains(u.email.value.as_str()) {
                let origin = u
                    .invited_on
                    .as_ref()
                    .map_or(Origin::default(), |d| d.origin);
                u.invited_on = Some(At::new(today, origin));
            }
        }
    }

    fn remove_user(&mut self, email: &str, found: &[usize]) {
        let mut e = entry(
            Kind::RemoveUser,
            Who::Admin,
            self.people.admins_of_person(email),
        );
        e.safe = true;
        e.user = Some(email.to_owned());
        e.where_ = format!("Autodesk Account › User Management › By User › {email} › Remove user");
        let first = found.iter().copied().min().unwrap_or(0);
        self.push(first, e, found, false);
        self.drop_user(email);
    }

    /// RC305 (send again) and RC309 (remove, invite again, give back the seats).
    fn reinvite(
        &mut self,
        email: &str,
        found: &[usize],
        expired: bool,
        held_by: &HashMap<String, Vec<(usize, String)>>,
    ) {
        let base = self.invite_base(email);
        self.list_add(&base, email);
        let mut files = vec![format!("{base}.csv")];
        let kind = if expired {
            Kind::RemoveAndReinvite
        } else {
            Kind::Reinvite
        };
        let mut e = entry(kind, Who::Admin, self.people.admins_of_person(email));
        e.safe = true;
        e.user = Some(email.to_owned());
        e.team = self.people.team_of(email).map(str::to_owned);
        if expired {
            // Removing the user takes their seats; the assign files give them back.
            let held = held_by.get(email).cloned().unwrap_or_default();
            let mut steps = vec![
                format!("Autodesk Account › User Management › By User › {email} › Remove user"),
                format!("User Management › Invite users › Import {}", files[0]),
            ];
            for (ci, product) in held {
                let base = self.assign_base(ci, &product);
                self.list_add(&base, email);
                steps.push(format!(
                    "By Product › {product} › Import to assign {base}.csv"
                ));
                files.push(format!("{base}.csv"));
            }
            e.where_ = steps.join("; then ");
        } else {
            e.where_ = format!(
                "Autodesk Account › User Management › By User › {email} › Resend invite (or Invite users › Import {})",
                files[0]
            );
        }
        e.files = files;
        let first = found.iter().copied().min().unwrap_or(0);
        self.push(first, e, found, false);
        self.reinvited.insert(email.to_owned());
    }

    /// A user whom the unassignments leave with no seat and no role, and whose status is
    /// `active` or `invited`, would be RC303's new finding: the plan removes them too.
    fn left_with_nothing(
        &mut self,
        touched: &BTreeMap<String, Vec<usize>>,
        removed: &HashSet<String>,
    ) {
        if self.planned.users.is_none() {
            return;
        }
        let holders: HashSet<&str> = self
            .planned
            .contracts
            .iter()
            .flat_map(|c| &c.products)
            .flat_map(|p| p.assigned.iter().flatten())
            .map(|a| a.user.value.as_str())
            .collect();
        let mut gone = Vec::new();
        for (email, drafts) in touched {
            if holders.contains(email.as_str()) || removed.contains(email) {
                continue;
            }
            let Some(user) = self.people.user(email) else {
                continue;
            };
            if !matches!(user.status, Status::Active | Status::Invited) {
                continue;
            }
            let Some(parsed) = Email::parse(email) else {
                continue;
            };
            if self.people.cx.holds_role(&parsed) {
                continue;
            }
            gone.push((email.clone(), drafts.clone()));
        }
        for (email, drafts) in gone {
            let mut e = entry(
                Kind::RemoveUser,
                Who::Admin,
                self.people.admins_of_person(&email),
            );
            e.safe = true;
            e.user = Some(email.clone());
            e.why = Some(format!(
                "once unassigned, {email} holds no seat and no role: an account with nothing to use (RC303)"
            ));
            e.where_ =
                format!("Autodesk Account › User Management › By User › {email} › Remove user");
            self.push_after(&drafts, e, &[], false);
            self.drop_user(&email);
        }
    }

    /// RC301, RC405 and the seats this plan frees: reduce the count at renewal, or leave the
    /// free seats to a choice among the team's people without a seat.
    fn seat_counts(
        &mut self,
        free: &Groups<(usize, usize)>,
        idle: &Groups<(usize, usize)>,
        unassigned: &BTreeMap<(usize, usize), Vec<usize>>,
        seatless: &[usize],
    ) {
        let mut keys: BTreeSet<(usize, usize)> = unassigned.keys().copied().collect();
        keys.extend(free.keys.iter().map(|(k, _)| *k));
        keys.extend(idle.keys.iter().map(|(k, _)| *k));
        let get = |g: &Groups<(usize, usize)>, k: &(usize, usize)| {
            g.at.get(k)
                .map(|&i| g.keys[i].1.clone())
                .unwrap_or_default()
        };
        // The people without a seat, and the team they belong to (when the account has one).
        let pool = self.people.pool_of_seatless();
        // Products on which the audit reported RC405, waived or not.
        let reported_idle: HashSet<(usize, usize)> = self
            .diagnostics
            .iter()
            .filter(|d| d.rule.code == "RC405")
            .filter_map(|d| self.product_of(d))
            .collect();
        let seatless_users: Vec<String> = seatless
            .iter()
            .filter_map(|&i| self.diagnostics[i].subject.user.clone())
            .collect();
        for key in keys {
            let (ci, pi) = key;
            let rc301 = get(free, &key);
            let mut rc405 = get(idle, &key);
            let follows = unassigned.get(&key).cloned().unwrap_or_default();
            let original = &self.input.account.contracts[ci].products[pi];
            let product = original.name.value.clone();
            let number = self.input.account.contracts[ci].number.value.clone();
            // Distinct holders: a repeated assignment of one person is one seat used (RC405
            // counts people), and the reduced count keeps each holder once.
            let Some(after) = self.planned.contracts[ci].products[pi]
                .assigned
                .as_ref()
                .map(|a| {
                    a.iter()
                        .map(|x| x.user.value.as_str())
                        .collect::<HashSet<_>>()
                        .len()
                })
            else {
                for i in rc301.into_iter().chain(rc405) {
                    self.not_acted(i, "who holds the seats is not known");
                }
                continue;
            };
            let after = after as u64;
            let seats = original.seats.value;
            // Idle seats that stay: held by dormant users this plan does not unassign.
            let dormant_left = self.planned.contracts[ci].products[pi]
                .assigned
                .iter()
                .flatten()
                .any(|a| self.people.cx.held_by_dormant(a));
            if dormant_left {
                for i in std::mem::take(&mut rc405) {
                    self.not_acted(
                        i,
                        "idle seats stay: dormant users hold them whose findings are waived or whose rules are off",
                    );
                }
            }
            if after >= seats {
                for i in rc301.into_iter().chain(rc405) {
                    self.not_acted(i, "no seat is left free once the plan is carried out");
                }
                continue;
            }
            let team: TeamKey<'_> = self.input.account.contracts[ci]
                .team
                .as_ref()
                .map(|t| t.value.as_str());
            // Seats left free at a renewal inside `renewal_days` are RC405's: where the audit
            // did not report it, a choice would add it, so the seats are reduced instead.
            let renewal_days = i64::from(self.input.options.renewal_days);
            let idle_would_be_new =
                self.input.account.contracts[ci]
                    .ends
                    .as_ref()
                    .is_some_and(|e| {
                        (0..=renewal_days).contains(&e.value.days_since(self.input.today))
                    })
                    && !reported_idle.contains(&key);
            let candidates: Vec<String> = if pool == Some(team) && !idle_would_be_new {
                seatless_users.clone()
            } else {
                Vec::new()
            };
            let contract = &self.input.account.contracts[ci];
            let (who, people) = if contract.reseller.is_some() {
                (Who::Reseller, self.people.reseller(ci))
            } else {
                (Who::ContractManager, self.people.contract_manager(ci))
            };
            let mut settles = rc301.clone();
            settles.extend(&rc405);
            let free_now = seats - after;
            if candidates.is_empty() {
                let mut e = entry(Kind::ReduceSeats, who, people);
                e.safe = true;
                e.contract = Some(number.clone());
                e.team = self.team_name(ci);
                e.product = Some(product.clone());
                e.seat_count = Some((seats, after));
                e.why = Some(format!(
                    "{free_now} of {seats} seat(s) of {product} will be free; seat counts can only be reduced at renewal"
                ));
                e.where_ = format!(
                    "Autodesk Account › Billing and Orders › Subscriptions › contract {number} › {product}: renew {after} seat(s) instead of {seats} (or ask the reseller to)"
                );
                // The seats free before the plan; those it frees count at their unassignment.
                let originally_free = original
                    .assigned
                    .as_ref()
                    .map_or(0, |a| seats.saturating_sub(a.len() as u64));
                e.savings = self.input.pricing.as_ref().map(|_| {
                    if rc301.is_empty() {
                        0
                    } else {
                        self.price(&product)
                            .unwrap_or(0)
                            .saturating_mul(originally_free)
                    }
                });
                if follows.is_empty() {
                    let first = settles.iter().copied().min().unwrap_or(0);
                    self.push(first, e, &settles, false);
                } else {
                    self.push_after(&follows, e, &settles, false);
                }
                let p = &mut self.planned.contracts[ci].products[pi];
                p.seats.value = after;
                if let Some(list) = p.assigned.as_mut() {
                    let mut seen = HashSet::new();
                    list.retain(|a| seen.insert(a.user.value.clone()));
                }
            } else {
                let base = self.assign_base(ci, &product);
                for u in &candidates {
                    self.list_add(&base, u);
                }
                let mut e = entry(Kind::AssignSeat, who, people);
                e.contract = Some(number.clone());
                e.team = self.team_name(ci);
                e.product = Some(product.clone());
                e.candidates_total = candidates.len();
                e.candidates = candidates
                    .iter()
                    .take(MAX_CANDIDATES)
                    .cloned()
                    .map(Candidate::Person)
                    .collect();
                e.why = Some(format!(
                    "{free_now} of {seats} seat(s) of {product} will be free, and people of the team hold no seat: give them the free seats, or reduce the count at renewal"
                ));
                e.where_ = format!(
                    "Autodesk Account › By Product › {product} › Assign users (or Import to assign: {base}.csv); else reduce the seats of contract {number} at renewal"
                );
                e.files = vec![format!("{base}.csv")];
                if follows.is_empty() {
                    let first = settles.iter().copied().min().unwrap_or(0);
                    self.push(first, e, &settles, true);
                } else {
                    self.push_after(&follows, e, &settles, true);
                }
            }
        }
    }

    /// RC303: a free seat of their team, or remove the user.
    fn user_without_seat(&mut self, i: usize) {
        let Some(email) = self.diagnostics[i].subject.user.clone() else {
            return;
        };
        let pool = self.people.pool_of_seatless();
        let mut candidates = Vec::new();
        for c in &self.planned.contracts {
            let team = c.team.as_ref().map(|t| t.value.as_str());
            if pool.is_some_and(|p| p != team) {
                continue;
            }
            for p in &c.products {
                if p.assigned
                    .as_ref()
                    .is_some_and(|a| (a.len() as u64) < p.seats.value)
                {
                    candidates.push(Candidate::Product {
                        contract: c.number.value.clone(),
                        product: p.name.value.clone(),
                    });
                }
            }
        }
        let mut e = entry(
            Kind::AssignSeat,
            Who::Admin,
            self.people.admins_of_person(&email),
        );
        e.user = Some(email.clone());
        e.candidates_total = candidates.len();
        e.candidates = candidates;
        e.why = Some(format!(
            "{email} holds no seat and no role: assign a free seat, or remove the user"
        ));
        e.where_ = format!(
            "Autodesk Account › User Management › By User › {email} › Assign products (or Remove user)"
        );
        self.push(i, e, &[i], true);
    }

    /// Which role a contract's finding is about: the value it points at, else the user.
    fn contract_role(&self, d: &Diagnostic, ci: usize) -> bool {
        let account = self.input.account;
        let c = &account.contracts[ci];
        let here = |o: Origin| {
            account.path_of(o) == d.at.file && o.line == d.at.line && o.column == d.at.column
        };
        if c.contract_manager
            .as_ref()
            .is_some_and(|cm| here(cm.origin))
        {
            return true;
        }
        if c.software_coordinators.iter().any(|s| here(s.origin)) {
            return false;
        }
        c.contract_manager
            .as_ref()
            .is_some_and(|cm| Some(cm.value.as_str()) == d.subject.user.as_deref())
    }

    fn role_choice(&mut self, i: usize, kind: Kind, ci: Option<usize>, team: Option<&str>) {
        let d = &self.diagnostics[i];
        let user = d.subject.user.clone();
        let account = self.input.account;
        let (who, people) = match (kind, ci) {
            (Kind::NameContractManager, Some(ci)) => {
                if account.contracts[ci].reseller.is_some() {
                    (Who::Reseller, self.people.reseller(ci))
                } else {
                    (Who::Autodesk, Vec::new())
                }
            }
            (Kind::NameSoftwareCoordinator, Some(ci)) => {
                (Who::ContractManager, self.people.contract_manager(ci))
            }
            _ => {
                let mut p = match (team, ci) {
                    (Some(t), _) => self.people.admins_of_team(t),
                    (None, Some(ci)) => self.people.admins_of_contract(ci),
                    (None, None) => Vec::new(),
                };
                if kind != Kind::NameAdmin || d.rule.code != "RC106" {
                    p.retain(|e| Some(e) != user.as_ref());
                }
                (Who::Admin, p)
            }
        };
        let team_of_role = team
            .map(str::to_owned)
            .or_else(|| ci.and_then(|c| self.team_name(c)));
        let (list, total) =
            self.people
                .candidates(team_of_role.as_deref(), user.as_deref(), MAX_CANDIDATES);
        let mut e = entry(kind, who, people);
        e.contract = ci.map(|c| account.contracts[c].number.value.clone());
        e.team = team_of_role;
        e.user = user;
        e.candidates = list.into_iter().map(Candidate::Person).collect();
        e.candidates_total = total;
        let number = e.contract.clone().unwrap_or_default();
        let team_name = e.team.clone().unwrap_or_default();
        e.where_ = match kind {
            Kind::NameContractManager => format!(
                "Autodesk Account › Billing and Orders › Subscriptions › contract {number} › Contract Manager (changed by the reseller or Autodesk support)"
            ),
            Kind::NameSoftwareCoordinator => format!(
                "Autodesk Account › Billing and Orders › Subscriptions › contract {number} › Software Coordinator › Edit"
            ),
            _ => format!(
                "Autodesk Account › User Management › Teams › {team_name} › Manage admins › Add secondary admin"
            ),
        };
        e.why = Some(match kind {
            Kind::NameContractManager => "decide who should be the Contract Manager".to_owned(),
            Kind::NameSoftwareCoordinator => {
                "decide who should be the Software Coordinator".to_owned()
            }
            _ => "decide who should administer the team".to_owned(),
        });
        self.push(i, e, &[i], true);
    }

    #[allow(clippy::many_single_char_names)]
    fn other(&mut self, i: usize) {
        let d = &self.diagnostics[i];
        let account = self.input.account;
        let s = &d.subject;
        let code = d.rule.code;
        let ci = self.contract_index(s.contract.as_deref());
        match code {
            "RC101" | "RC102" | "RC103" | "RC104" | "RC105" | "RC108" | "RC201" | "RC601"
            | "RC602" => {
                if let (Some(ci), None) = (ci, &s.team) {
                    let kind = match code {
                        "RC101" => Kind::NameSoftwareCoordinator,
                        "RC102" => Kind::NameContractManager,
                        _ if self.contract_role(d, ci) => Kind::NameContractManager,
                        _ => Kind::NameSoftwareCoordinator,
                    };
                    self.role_choice(i, kind, Some(ci), None);
                } else if let Some(team) = s.team.clone() {
                    self.role_choice(i, Kind::NameAdmin, None, Some(&team));
                } else {
                    self.not_acted(i, "the finding names no contract or team of the account");
                }
            }
            "RC107" => {
                if account.contracts.is_empty() {
                    let team = account.teams.first().map(|t| t.name.value.clone());
                    self.role_choice(i, Kind::NameAdmin, None, team.as_deref());
                } else {
                    self.role_choice(i, Kind::NameSoftwareCoordinator, Some(0), None);
                }
            }
            "RC202" => {
                let mut people = Vec::new();
                for c in 0..account.contracts.len() {
                    for p in self.people.contract_manager(c) {
                        crate::people::push_once(&mut people, &p);
                    }
                }
                let mut e = entry(Kind::DecideRolePolicy, Who::ContractManager, people);
                e.candidates = vec![Candidate::Value("same"), Candidate::Value("separate")];
                e.candidates_total = 2;
                e.why = Some(
                    "decide whether every contract has the same Contract Manager and Software Coordinators"
                        .to_owned(),
                );
                "the account snapshot: `policy: roles_across_contracts: same` or `separate`"
                    .clone_into(&mut e.where_);
                self.push(i, e, &[i], true);
            }
            "RC106" | "RC109" => match s.team.clone() {
                Some(team) => self.role_choice(i, Kind::NameAdmin, None, Some(&team)),
                None => self.not_acted(i, "the finding names no team"),
            },
            "RC302" => {
                let Some((ci, pi)) = self.product_of(d) else {
                    self.not_acted(i, "the finding names no product of the account");
                    return;
                };
                let p = &account.contracts[ci].products[pi];
                let holders: Vec<String> = p
                    .assigned
                    .iter()
                    .flatten()
                    .map(|a| a.user.value.to_string())
                    .collect();
                let over = (holders.len() as u64).saturating_sub(p.seats.value);
                let mut e = entry(
                    Kind::UnassignSeats,
                    Who::Admin,
                    self.people.admins_of_contract(ci),
                );
                e.contract.clone_from(&s.contract);
                e.team = self.team_name(ci);
                e.product.clone_from(&s.product);
                e.candidates_total = holders.len();
                e.candidates = holders
                    .into_iter()
                    .take(MAX_CANDIDATES)
                    .map(Candidate::Person)
                    .collect();
                e.why = Some(format!(
                    "{over} more holder(s) than seats: unassign {over} of them, or buy {over} seat(s)"
                ));
                e.where_ = format!(
                    "Autodesk Account › By Product › {} › Unassign; or Billing and Orders › Add seats",
                    p.name.value
                );
                self.push(i, e, &[i], true);
            }
            "RC307" | "RC401" => {
                let Some(ci) = ci else {
                    self.not_acted(i, "the finding names no contract of the account");
                    return;
                };
                let number = account.contracts[ci].number.value.clone();
                let (kind, where_) = if code == "RC307" {
                    (
                        Kind::MoveToFlex,
                        format!(
                            "Autodesk Account › Billing and Orders › Subscriptions › contract {number} › at renewal, do not renew this seat of {}; buy Flex tokens instead",
                            s.product.as_deref().unwrap_or("the product")
                        ),
                    )
                } else {
                    (
                        Kind::Renew,
                        format!(
                            "Autodesk Account › Billing and Orders › Subscriptions › contract {number} › Renew (or turn on automatic renewal)"
                        ),
                    )
                };
                let mut e = entry(kind, Who::ContractManager, self.people.contract_manager(ci));
                e.contract = Some(number);
                e.team = self.team_name(ci);
                e.product.clone_from(&s.product);
                e.user.clone_from(&s.user);
                e.where_ = where_;
                self.push(i, e, &[i], false);
            }
            "RC403" | "RC404" => {
                // One co-term action settles every finding of both rules.
                if let Some(d) = self
                    .drafts
                    .iter_mut()
                    .find(|d| d.entry.kind == Kind::CoTerm)
                {
                    let s = Settled {
                        rule: self.diagnostics[i].rule.code,
                        subject: self.diagnostics[i].subject.clone(),
                        message: self.diagnostics[i].message.clone(),
                    };
                    d.entry.settles.push(s);
                    return;
                }
                let mut people = Vec::new();
                for c in 0..account.contracts.len() {
                    for p in self.people.reseller(c) {
                        crate::people::push_once(&mut people, &p);
                    }
                }
                let mut e = entry(Kind::CoTerm, Who::Reseller, people);
                e.why = Some(
                    "contracts that end on different days: align them to one end date".to_owned(),
                );
                "the reseller's quote for the next renewal: co-term the contracts to one end date"
                    .clone_into(&mut e.where_);
                self.push(i, e, &[i], false);
            }
            _ => self.not_acted(i, "no action is planned for this rule"),
        }
    }

    fn finish(mut self) -> Plan {
        self.drafts.sort_by_key(|d| d.order);
        // Ids in plan order; `follows` names drafts by their index before sorting.
        let mut ids: HashMap<(usize, usize, usize), usize> = HashMap::new();
        for (n, d) in self.drafts.iter().enumerate() {
            ids.insert(d.order, n + 1);
        }
        let orders: Vec<(usize, usize, usize)> = {
            let mut by_seq: Vec<(usize, (usize, usize, usize))> =
                self.drafts.iter().map(|d| (d.order.2, d.order)).collect();
            by_seq.sort_unstable();
            by_seq.into_iter().map(|(_, o)| o).collect()
        };
        let mut actions = Vec::new();
        let mut choices = Vec::new();
        for d in self.drafts {
            let mut e = d.entry;
            e.id = ids.get(&d.order).copied().unwrap_or(0);
            e.follows = d
                .follows
                .iter()
                .filter_map(|&f| orders.get(f).and_then(|o| ids.get(o)).copied())
                .collect();
            e.follows.sort_unstable();
            if d.choice {
                choices.push(e);
            } else {
                actions.push(e);
            }
        }
        self.no_action.sort_by_key(|(i, _)| *i);
        let imports = self
            .lists
            .into_iter()
            .map(|(base, people)| ImportList {
                base,
                people: people.into_values().collect(),
            })
            .collect();
        Plan {
            account: self.input.account.name.clone(),
            path: self.input.account.path.clone(),
            today: self.input.today,
            actions,
            choices,
            no_action: self.no_action.into_iter().map(|(_, n)| n).collect(),
            imports,
            currency: self.input.pricing.as_ref().map(|p| p.currency.to_owned()),
            planned: self.planned,
        }
    }
}
