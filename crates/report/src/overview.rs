//! A small summary of an account's roles and seats, kept after the account itself is dropped,
//! for the reports that show role matrices and seat use (Markdown, HTML).

use rollcall_model::Account;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProductUse {
    pub name: String,
    pub seats: u64,
    /// `None` when who holds the seats is not known.
    pub assigned: Option<u64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContractRoles {
    pub number: String,
    pub team: Option<String>,
    pub ends: Option<String>,
    pub auto_renew: bool,
    /// `None` when absent or unknown ([`ContractRoles::manager_unknown`] tells which).
    pub contract_manager: Option<String>,
    /// No input names the Contract Manager.
    pub manager_unknown: bool,
    /// `None` when no input names them (exports never do).
    pub coordinators: Option<Vec<String>>,
    pub products: Vec<ProductUse>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TeamRoles {
    pub name: String,
    pub primary_admin: Option<String>,
    pub secondary_admins: Vec<String>,
    pub sso_admins: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overview {
    pub contracts: Vec<ContractRoles>,
    pub teams: Vec<TeamRoles>,
    /// Users in the list, when it is known.
    pub users: Option<usize>,
}

impl Overview {
    /// How many contract roles of the account no input names (RC503's findings).
    pub fn unknown_roles(&self) -> usize {
        self.contracts
            .iter()
            .map(|c| usize::from(c.manager_unknown) + usize::from(c.coordinators.is_none()))
            .sum()
    }

    pub fn has_unknown_roles(&self) -> bool {
        self.unknown_roles() > 0
    }

    pub fn of(account: &Account) -> Self {
        let emails = |list: &[rollcall_model::At<rollcall_model::Email>]| {
            list.iter().map(|e| e.value.to_string()).collect::<Vec<_>>()
        };
        Self {
            contracts: account
                .contracts
                .iter()
                .map(|c| ContractRoles {
                    number: c.number.value.clone(),
                    team: c.team.as_ref().map(|t| t.value.clone()),
                    ends: c.ends.as_ref().map(|e| e.value.to_string()),
                    auto_renew: c.renews_automatically(),
                    contract_manager: c.contract_manager.as_ref().map(|m| m.value.to_string()),
                    manager_unknown: c.manager.is_unknown(),
                    coordinators: c
                        .coordinators
                        .is_known()
                        .then(|| emails(&c.software_coordinators)),
                    products: c
                        .products
                        .iter()
                        .map(|p| ProductUse {
                            name: p.name.value.clone(),
                            seats: p.seats.value,
                            assigned: p.assigned.as_ref().map(|a| a.len() as u64),
                        })
                        .collect(),
                })
                .collect(),
            teams: account
                .teams
                .iter()
                .map(|t| TeamRoles {
                    name: t.name.value.clone(),
                    primary_admin: t.primary_admin.as_ref().map(|p| p.value.to_string()),
                    secondary_admins: emails(&t.secondary_admins),
                    sso_admins: emails(&t.sso_admins),
                })
                .collect(),
            users: account.users.as_ref().map(Vec::len),
        }
    }
}
