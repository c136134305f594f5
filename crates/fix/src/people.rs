//! Who is who in an account, as the plan needs it: a person's team, a contract's or team's
//! admins, and the candidates for a role.

use std::collections::{BTreeSet, HashMap, HashSet};

use rollcall_model::{Account, Scope, Status, User};
use rollcall_rules::CheckContext;

/// A team as contracts name it: `None` where a contract names no team.
pub type TeamKey<'a> = Option<&'a str>;

pub struct People<'a> {
    pub account: &'a Account,
    pub cx: &'a CheckContext<'a>,
    /// The first user entry of each address; built when first needed.
    users: std::cell::OnceCell<HashMap<&'a str, &'a User>>,
    /// The teams of the contracts whose seats or roles each person holds (team roles count
    /// for their team); built when first needed.
    teams_of: std::cell::OnceCell<HashMap<&'a str, BTreeSet<TeamKey<'a>>>>,
    /// Every team the contracts name (`None` for a contract that names none).
    all_teams: BTreeSet<TeamKey<'a>>,
    active: std::cell::OnceCell<Vec<&'a str>>,
}

impl<'a> People<'a> {
    pub fn new(account: &'a Account, cx: &'a CheckContext<'a>) -> Self {
        let all_teams = account
            .contracts
            .iter()
            .map(|c| c.team.as_ref().map(|t| t.value.as_str()))
            .collect();
        Self {
            account,
            cx,
            users: std::cell::OnceCell::new(),
            teams_of: std::cell::OnceCell::new(),
            all_teams,
            active: std::cell::OnceCell::new(),
        }
    }

    fn teams_of(&self) -> &HashMap<&'a str, BTreeSet<TeamKey<'a>>> {
        self.teams_of.get_or_init(|| {
            let account = self.account;
            let mut teams_of: HashMap<&str, BTreeSet<TeamKey<'a>>> = HashMap::new();
            for c in &account.contracts {
                let team = c.team.as_ref().map(|t| t.value.as_str());
                for a in c.products.iter().flat_map(|p| p.assigned.iter().flatten()) {
                    teams_of
                        .entry(a.user.value.as_str())
                        .or_default()
                        .insert(team);
                }
            }
            for h in account.role_holdings() {
                let team = match h.scope {
                    Scope::Contract(i) => {
                        account.contracts[i].team.as_ref().map(|t| t.value.as_str())
                    }
                    Scope::Team(i) => Some(account.teams[i].name.value.as_str()),
                };
                teams_of
                    .entry(h.holder.value.as_str())
                    .or_default()
                    .insert(team);
            }
            teams_of
        })
    }

    pub fn user(&self, email: &str) -> Option<&'a User> {
        let users = self.users.get_or_init(|| {
            let mut users = HashMap::new();
            for u in self.account.users.iter().flatten() {
                users.entry(u.email.value.as_str()).or_insert(u);
            }
            users
        });
        users.get(email).copied()
    }

    /// A person's team: that of the contracts whose seats or roles they hold, when that is one
    /// named team. Someone who holds nothing belongs to the account's one team, when its
    /// contracts name only one.
    pub fn team_of(&self, email: &str) -> Option<&'a str> {
        let teams = self.teams_of().get(email).unwrap_or(&self.all_teams);
        match teams.iter().collect::<Vec<_>>().as_slice() {
            [one] => **one,
            _ => None,
        }
    }

    /// As [`People::team_of`] for people who hold nothing, as a key that may be the unnamed
    /// team: `Some(None)` when the account's contracts name no team at all.
    pub fn pool_of_seatless(&self) -> Option<TeamKey<'a>> {
        match self.all_teams.iter().collect::<Vec<_>>().as_slice() {
            [one] => Some(**one),
            _ => None,
        }
    }

    /// The index of the team entry of a name.
    fn team(&self, name: &str) -> Option<usize> {
        self.account
            .teams
            .iter()
            .position(|t| t.name.value.eq_ignore_ascii_case(name))
    }

    /// A team's primary and secondary admins, where team roles are known.
    pub fn team_admins(&self, name: Option<&str>) -> Vec<String> {
        let mut out = Vec::new();
        if !self.account.team_roles_known {
            return out;
        }
        if let Some(t) = name.and_then(|n| self.team(n)) {
            let t = &self.account.teams[t];
            for e in t.primary_admin.iter().chain(&t.secondary_admins) {
                if self.present(&e.value) {
                    push_once(&mut out, e.value.as_str());
                }
            }
        }
        out
    }

    /// `admin` for a contract: the team's primary or secondary admins where team roles are
    /// known, else the contract's Software Coordinators (its Contract Manager standing in when
    /// none is named). Empty when the account names nobody.
    pub fn admins_of_contract(&self, contract: usize) -> Vec<String> {
        let c = &self.account.contracts[contract];
        let out = self.team_admins(c.team.as_ref().map(|t| t.value.as_str()));
        if !out.is_empty() {
            return out;
        }
        let mut out = Vec::new();
        for e in self.cx.effective_coordinators(contract) {
            if self.present(&e.value) {
                push_once(&mut out, e.value.as_str());
            }
        }
        out
    }

    /// Whether someone can still act: not gone by the customer's directory (left, absent, or
    /// not in a directory that covers their domain). Without a directory, everyone can.
    pub fn present(&self, email: &rollcall_model::Email) -> bool {
        !self
            .cx
            .standing(email)
            .is_some_and(rollcall_rules::Standing::is_gone)
    }

    /// `admin` for a team: its primary and secondary admins, else the coordinators of the
    /// first contract that names it.
    pub fn admins_of_team(&self, name: &str) -> Vec<String> {
        let out = self.team_admins(Some(name));
        if !out.is_empty() {
            return out;
        }
        self.account
            .contracts
            .iter()
            .position(|c| {
                c.team
                    .as_ref()
                    .is_some_and(|t| t.value.eq_ignore_ascii_case(name))
            })
            .map(|i| self.admins_of_contract(i))
            .unwrap_or_default()
    }

    /// `admin` for a person: the admins of their team, else of their one contract.
    pub fn admins_of_person(&self, email: &str) -> Vec<String> {
        if let Some(team) = self.team_of(email) {
            let out = self.admins_of_team(team);
            if !out.is_empty() {
                return out;
            }
        }
        if self.account.contracts.len() == 1 {
            return self.admins_of_contract(0);
        }
        Vec::new()
    }

    pub fn contract_manager(&self, contract: usize) -> Vec<String> {
        self.account.contracts[contract]
            .contract_manager
            .iter()
            .filter(|e| self.present(&e.value))
            .map(|e| e.value.to_string())
            .collect()
    }

    pub fn reseller(&self, contract: usize) -> Vec<String> {
        self.account.contracts[contract]
            .reseller
            .iter()
            .map(|e| e.value.to_string())
            .collect()
    }

    /// Active: status `active`, not dormant, and not gone by the customer's directory.
    pub fn is_active(&self, user: &User) -> bool {
        user.status == Status::Active
            && !self.cx.is_dormant(user)
            && self.present(&user.email.value)
    }

    /// The distinct active users, in list order; worked out once.
    fn active(&self) -> &[&'a str] {
        self.active.get_or_init(|| {
            let mut seen = HashSet::new();
            self.account
                .users
                .iter()
                .flatten()
                .filter(|u| self.is_active(u))
                .map(|u| u.email.value.as_str())
                .filter(|e| seen.insert(*e))
                .collect()
        })
    }

    /// Candidates for a role of a team (or a contract's team): the active users who hold an
    /// admin role (primary, secondary or SSO admin) in that team, then every other active user
    /// of the account, in list order; never `except`. Returns at most `limit` of them, and how
    /// many there are.
    pub fn candidates(
        &self,
        team: Option<&str>,
        except: Option<&str>,
        limit: usize,
    ) -> (Vec<String>, usize) {
        let active = self.active();
        let mut out: Vec<String> = Vec::new();
        if let Some(t) = team.and_then(|n| self.team(n)) {
            let t = &self.account.teams[t];
            for e in t
                .primary_admin
                .iter()
                .chain(&t.secondary_admins)
                .chain(&t.sso_admins)
            {
                let email = e.value.as_str();
                if Some(email) != except
                    && out.len() < limit
                    && !out.iter().any(|o| o == email)
                    && self.user(email).is_some_and(|u| self.is_active(u))
                {
                    out.push(email.to_owned());
                }
            }
        }
        for email in active {
            if out.len() >= limit {
                break;
            }
            if Some(*email) != except && !out.iter().any(|o| o == email) {
                out.push((*email).to_owned());
            }
        }
        let total = active.len() - usize::from(except.is_some_and(|e| active.contains(&e)));
        (out, total)
    }
}

pub fn push_once(list: &mut Vec<String>, email: &str) {
    if !list.iter().any(|e| e == email) {
        list.push(email.to_owned());
    }
}
