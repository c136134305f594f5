use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use rollcall_model::{Account, At, Day, Email, RoleHolding, Scope, Status, User};

use crate::Finding;

/// The rules' options, with the catalog's defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// A user whose `last_active` is more than this many days before today is dormant.
    pub inactive_days: u32,
    /// An invitation older than this many days is stale.
    pub invite_days: u32,
    /// A contract ending within this many days is due for renewal.
    pub renewal_days: u32,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            inactive_days: 90,
            invite_days: 7,
            renewal_days: 90,
        }
    }
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
}

impl<'a> CheckContext<'a> {
    pub fn new(account: &'a Account, today: Day, options: &'a Options) -> Self {
        let mut users = HashMap::default();
        for user in account.users.iter().flatten() {
            users.entry(user.email.value.as_str()).or_insert(user);
        }
        let holdings: Vec<_> = account.role_holdings().collect();
        let role_holders = holdings.iter().map(|h| h.holder.value.as_str()).collect();
        let seat_holders = account
            .contracts
            .iter()
            .flat_map(|c| &c.products)
            .flat_map(|p| p.assigned.iter().flatten())
            .map(|a| a.user.value.as_str())
            .collect();
        Self {
            account,
            today,
            options,
            users,
            holdings,
            role_holders,
            seat_holders,
        }
    }

    /// Every role value once per holder, role and contract or team, in written order.
    pub fn distinct_holdings(&self) -> impl Iterator<Item = &RoleHolding<'a>> {
        let mut seen = HashSet::default();
        self.holdings
            .iter()
            .filter(move |h| seen.insert((h.holder.value.as_str(), h.role, h.scope)))
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
            Status::Inactive | Status::Removed => format!("is {}", user.status.as_str()),
            _ => match &user.last_active {
                Some(d) => format!(
                    "was last active on {} ({} days before {})",
                    d.value,
                    self.today.days_since(d.value),
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
            Scope::Contract(i) => format!("contract {}", self.account.contracts[i].number.value),
            Scope::Team(i) => format!("team {}", self.account.teams[i].name.value),
        }
    }
}
