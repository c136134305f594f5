//! A small builder of accounts for the rules' unit tests. Every value gets its own line, so a
//! test can assert exactly which value a finding points at.

use rollcall_model::{
    Access, Account, Assignment, At, Contract, Day, Directory, DirectoryRow, DirectorySource,
    Email, FileId, Origin, Product, Recorded, RolesPolicy, RowState, SeatUsage, Status, Team, User,
};

use crate::{CheckContext, Finding, Options, Rule};

pub fn day(s: &str) -> Day {
    Day::parse_iso(s).expect("test date")
}

pub struct Builder {
    pub account: Account,
    line: u32,
}

impl Builder {
    pub fn new() -> Self {
        Self {
            account: Account {
                name: "Test".into(),
                ..Account::default()
            },
            line: 0,
        }
    }

    fn origin(&mut self) -> Origin {
        self.line += 1;
        Origin {
            file: FileId(0),
            line: self.line,
            column: 3,
            len: 1,
        }
    }

    fn at<T>(&mut self, value: T) -> At<T> {
        let origin = self.origin();
        At::new(value, origin)
    }

    fn email(&mut self, raw: &str) -> At<Email> {
        let e = Email::parse(raw).expect("test email");
        self.at(e)
    }

    pub fn user(mut self, email: &str, status: Status) -> Self {
        let user = User {
            email: self.email(email),
            name: None,
            status,
            status_origin: None,
            invited_on: None,
            last_active: None,
            days_inactive: None,
            day_used: None,
        };
        self.account.users.get_or_insert_with(Vec::new).push(user);
        self
    }

    pub fn last_active(mut self, d: &str) -> Self {
        let at = self.at(day(d));
        self.last_user().last_active = Some(at);
        self
    }

    pub fn invited_on(mut self, d: &str) -> Self {
        let at = self.at(day(d));
        self.last_user().invited_on = Some(at);
        self
    }

    fn last_user(&mut self) -> &mut User {
        self.account
            .users
            .as_mut()
            .and_then(|u| u.last_mut())
            .expect("a user first")
    }

    pub fn contract(mut self, number: &str, cm: Option<&str>, scs: &[&str]) -> Self {
        let number = self.at(number.to_owned());
        let contract_manager = cm.map(|c| self.email(c));
        let software_coordinators = scs.iter().map(|s| self.email(s)).collect();
        self.account.contracts.push(Contract {
            number,
            team: None,
            ends: None,
            auto_renew: None,
            contract_manager,
            software_coordinators,
            manager: Recorded::Known,
            coordinators: Recorded::Known,
            reseller: None,
            products: Vec::new(),
        });
        self
    }

    fn last_contract(&mut self) -> &mut Contract {
        self.account.contracts.last_mut().expect("a contract first")
    }

    /// The last contract came from an export that does not say who holds its roles.
    pub fn roles_unknown(mut self) -> Self {
        let c = self.last_contract();
        c.manager = Recorded::Unknown(None);
        c.coordinators = Recorded::Unknown(None);
        self
    }

    pub fn ends(mut self, d: &str) -> Self {
        let at = self.at(day(d));
        self.last_contract().ends = Some(at);
        self
    }

    pub fn auto_renew(mut self, value: bool) -> Self {
        let at = self.at(value);
        self.last_contract().auto_renew = Some(at);
        self
    }

    pub fn product(mut self, name: &str, seats: u64, assigned: Option<&[&str]>) -> Self {
        let name = self.at(name.to_owned());
        let seats = self.at(seats);
        let assigned =
            assigned.map(|list| list.iter().map(|a| Assignment::of(self.email(a))).collect());
        self.last_contract().products.push(Product {
            name,
            seats,
            assigned,
            masked_holders: 0,
        });
        self
    }

    /// Sets the usage of `user`'s seat on the last product of the last contract.
    pub fn usage(mut self, user: &str, usage: Usage) -> Self {
        let u = SeatUsage {
            assigned_on: usage.assigned_on.map(|d| self.at(day(d))),
            days_used: usage.days_used.map(|n| self.at(n)),
            monthly_average: usage.monthly_average.map(|n| self.at(n)),
            last_used: usage.last_used.map(|d| self.at(day(d))),
            access: usage.access.map(|a| self.at(a)),
        };
        let email = Email::parse(user).expect("test email");
        let seat = self
            .last_contract()
            .products
            .last_mut()
            .and_then(|p| p.assigned.as_mut())
            .and_then(|list| list.iter_mut().find(|a| a.user.value == email))
            .expect("an assigned seat of that user");
        seat.usage = u.into();
        self
    }

    pub fn reseller(mut self, email: &str) -> Self {
        let at = self.email(email);
        self.last_contract().reseller = Some(at);
        self
    }

    pub fn contract_team(mut self, team: &str) -> Self {
        let at = self.at(team.to_owned());
        self.last_contract().team = Some(at);
        self
    }

    pub fn team(
        mut self,
        name: &str,
        primary: Option<&str>,
        secondary: &[&str],
        sso: &[&str],
    ) -> Self {
        let name = self.at(name.to_owned());
        let primary_admin = primary.map(|p| self.email(p));
        let secondary_admins = secondary.iter().map(|s| self.email(s)).collect();
        let sso_admins = sso.iter().map(|s| self.email(s)).collect();
        self.account.teams.push(Team {
            name,
            primary_admin,
            secondary_admins,
            sso_admins,
            masked_admins: 0,
        });
        self
    }

    pub fn policy(mut self, policy: RolesPolicy) -> Self {
        let at = self.at(policy);
        self.account.roles_policy = Some(at);
        self
    }

    pub fn domains(mut self, domains: &[&str]) -> Self {
        let list = domains.iter().map(|d| self.at((*d).to_owned())).collect();
        self.account.domains = Some(list);
        self
    }

    /// Adds a directory row (in file 1) matched by `addresses`, whose state cells say
    /// `states`; an identity provider's row covers the domains of its addresses.
    pub fn dir(mut self, source: DirectorySource, addresses: &[&str], states: &[RowState]) -> Self {
        let addresses: Vec<At<Email>> = addresses
            .iter()
            .map(|a| {
                let mut e = self.email(a);
                e.origin.file = FileId(1);
                e
            })
            .collect();
        let states = states
            .iter()
            .map(|s| {
                let mut at = self.at(*s);
                at.origin.file = FileId(1);
                at
            })
            .collect();
        let directory = self
            .account
            .directory
            .get_or_insert_with(Directory::default);
        if source.lists_everyone() {
            directory.extend(Directory {
                covered: addresses
                    .iter()
                    .filter_map(|a| a.value.domain().map(str::to_owned))
                    .collect(),
                ..Directory::default()
            });
        }
        directory.rows.push(DirectoryRow {
            source,
            addresses,
            states,
        });
        self
    }

    pub fn build(self) -> Account {
        self.account
    }
}

/// Seat usage for [`Builder::usage`], in plain values.
#[derive(Clone, Copy, Default)]
pub struct Usage {
    pub assigned_on: Option<&'static str>,
    pub days_used: Option<u64>,
    pub monthly_average: Option<f64>,
    pub last_used: Option<&'static str>,
    pub access: Option<Access>,
}

/// Runs one rule with default options, today being `today`.
pub fn run(rule: &dyn Rule, account: &Account, today: &str) -> Vec<Finding> {
    run_with(rule, account, today, &Options::default())
}

pub fn run_with(
    rule: &dyn Rule,
    account: &Account,
    today: &str,
    options: &Options,
) -> Vec<Finding> {
    let cx = CheckContext::new(account, day(today), options);
    let mut out = Vec::new();
    rule.check(&cx, &mut out);
    out
}

/// The lines the findings point at.
pub fn lines(findings: &[Finding]) -> Vec<u32> {
    findings.iter().map(|f| f.origin.line).collect()
}

/// Options whose offering catalog has a plan (`Premium`, `Business Success Plan`) and a token
/// pack (`Flex`, `Flex Tokens`), as the built-in catalog does.
pub fn plans() -> crate::Options {
    use crate::{Offering, OfferingKind};
    crate::Options {
        offerings: vec![
            Offering {
                names: vec!["Premium".into(), "Business Success Plan".into()],
                kind: OfferingKind::Plan,
            },
            Offering {
                names: vec!["Flex".into(), "Flex Tokens".into()],
                kind: OfferingKind::TokenPack,
            },
        ],
        ..crate::Options::default()
    }
}
