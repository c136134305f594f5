//! Merging a folder's inputs into one account (input formats, "Merging"): contracts by number,
//! users by email, teams by name, products by contract and name. Where the snapshot and an
//! export disagree the snapshot wins and the disagreement is recorded for RC502; a key the
//! snapshot leaves out is no value, so the export's is used silently.

use std::collections::{BTreeSet, HashSet};
use std::fmt::Display;

use rollcall_model::{Account, At, Contract, Disagreement, Email, FileId, Origin, Team, User};

use crate::exports::{Assignment, ExportKind, Fragment};

struct Merger<'a> {
    account: &'a mut Account,
    snapshot: Option<FileId>,
    /// The first entry of each email in `account.users`: merging stays linear.
    user_index: std::collections::HashMap<Email, usize>,
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
        self.account.contracts[i].manager_known |= c.manager_known;
        self.account.contracts[i].coordinators_known |= c.coordinators_known;
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

    fn user(&mut self, u: User) {
        let users = self.account.users.get_or_insert_with(Vec::new);
        let Some(&i) = self.user_index.get(&u.email.value) else {
            self.user_index.insert(u.email.value.clone(), users.len());
            users.push(u);
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

    /// Places export seat assignments on contracts: same team first (any team where the row
    /// gives none, then contracts without a team), the first with a free seat in file order,
    /// else the first that sells the product.
    fn place(&mut self, assignments: Vec<Assignment>) {
        let mut placed: Vec<Vec<Vec<At<Email>>>> = self
            .account
            .contracts
            .iter()
            .map(|c| vec![Vec::new(); c.products.len()])
            .collect();
        let mut seen: HashSet<(usize, usize, Email)> = HashSet::new();
        for a in assignments {
            let sells = |c: &Contract| {
                c.products
                    .iter()
                    .position(|p| p.name.value.eq_ignore_ascii_case(&a.product))
            };
            let same_team = |c: &Contract| match (&a.team, &c.team) {
                (None, _) => true,
                (Some(t), Some(ct)) => ct.value.eq_ignore_ascii_case(t),
                (Some(_), None) => false,
            };
            let mut candidates: Vec<(usize, usize)> = self
                .account
                .contracts
                .iter()
                .enumerate()
                .filter(|(_, c)| same_team(c))
                .filter_map(|(ci, c)| sells(c).map(|pi| (ci, pi)))
                .collect();
            if candidates.is_empty() {
                candidates = self
                    .account
                    .contracts
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.team.is_none())
                    .filter_map(|(ci, c)| sells(c).map(|pi| (ci, pi)))
                    .collect();
            }
            if candidates
                .iter()
                .any(|&(ci, pi)| seen.contains(&(ci, pi, a.email.value.clone())))
            {
                continue;
            }
            let free = candidates.iter().find(|&&(ci, pi)| {
                (placed[ci][pi].len() as u64) < self.account.contracts[ci].products[pi].seats.value
            });
            let Some(&(ci, pi)) = free.or(candidates.first()) else {
                continue;
            };
            seen.insert((ci, pi, a.email.value.clone()));
            placed[ci][pi].push(a.email);
        }
        for (ci, per_product) in placed.into_iter().enumerate() {
            for (pi, list) in per_product.into_iter().enumerate() {
                let number = self.account.contracts[ci].number.value.clone();
                let product = &mut self.account.contracts[ci].products[pi];
                match &product.assigned {
                    None => product.assigned = Some(list),
                    Some(mine)
                        if !list.is_empty()
                            && self
                                .snapshot
                                .is_some_and(|s| product.seats.origin.file == s) =>
                    {
                        let a: BTreeSet<&str> = mine.iter().map(|e| e.value.as_str()).collect();
                        let b: BTreeSet<&str> = list.iter().map(|e| e.value.as_str()).collect();
                        if a != b {
                            let at = mine.first().map_or(product.seats.origin, |e| e.origin);
                            let name = product.name.value.clone();
                            let snapshot =
                                At::new(a.into_iter().collect::<Vec<_>>().join(", "), at);
                            let export = At::new(
                                b.into_iter().collect::<Vec<_>>().join(", "),
                                list[0].origin,
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
                    }
                    Some(_) => {}
                }
            }
        }
    }
}

/// Merges export fragments into an account that holds the snapshot's data (or nothing).
pub fn merge(account: &mut Account, snapshot: Option<FileId>, fragments: Vec<Fragment>) {
    let mut user_index = std::collections::HashMap::new();
    for (i, u) in account.users.iter().flatten().enumerate() {
        user_index.entry(u.email.value.clone()).or_insert(i);
    }
    let mut m = Merger {
        account,
        snapshot,
        user_index,
    };
    let mut assignments = Vec::new();
    let mut describes_seats = false;
    for f in fragments {
        if f.kind != ExportKind::Subscriptions {
            describes_seats = true;
            m.account.users.get_or_insert_with(Vec::new);
        }
        for c in f.contracts {
            m.contract(c);
        }
        for u in f.users {
            m.user(u);
        }
        for t in f.teams {
            m.team(t);
        }
        assignments.extend(f.assignments);
    }
    if describes_seats {
        m.place(assignments);
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
        let (h, k) = find_header(&t, 1).unwrap();
        read_export(&t, h, k, FileId(file), "e.csv").unwrap()
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
            .map(|e| e.value.as_str())
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
        assert!(!a.contracts[0].manager_known && !a.contracts[0].coordinators_known);
    }
}
