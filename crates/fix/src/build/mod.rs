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

mod roles;
mod seats;
mod users;

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

/// Someone known only by their `hashed_autodesk_id` (personal data switched off in the
/// export): no import file can name them.
fn known_by_hash(email: &str) -> bool {
    email.starts_with(Email::HASH_PREFIX)
}

/// A person as a screen of Autodesk Account finds them: by address, or, for someone known
/// only by hash, by the address an export with personal data switched on gives for that
/// hash (the screen has no hash to search by).
fn on_screen(email: &str) -> String {
    if known_by_hash(email) {
        format!("the address of {email} (in an export with personal data switched on)")
    } else {
        email.to_owned()
    }
}

/// The manual step for people known only by hash, whom a step's import file leaves out.
const FIND_ADDRESS: &str = "known only by their hashed Autodesk ID (personal data is switched off in the export), so no import file can name them: find their address in an export with personal data switched on and do this by hand";

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

    /// Puts a person on an import list; `false` for someone known only by hash, whom no
    /// import file can name (Autodesk imports addresses): their entry says what to do by hand.
    fn list_add(&mut self, base: &str, email: &str) -> bool {
        if known_by_hash(email) {
            return false;
        }
        let account = self.input.account;
        let (first, last) = self
            .people
            .user(email)
            .and_then(|u| u.name.as_ref())
            .map_or(("", ""), |n| account.first_and_last(n));
        self.lists
            .entry(base.to_owned())
            .or_default()
            .entry(email.to_owned())
            .or_insert_with(|| Person::new(email, first, last));
        true
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
