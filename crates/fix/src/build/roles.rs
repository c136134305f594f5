//! Roles and the rest: choices of who should hold a role, and every other rule of the table.

#[allow(clippy::wildcard_imports)]
use super::*;

impl Builder<'_> {
    /// Which role a contract's finding is about: the value it points at, else the user.
    pub(super) fn contract_role(&self, d: &Diagnostic, ci: usize) -> bool {
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

    pub(super) fn role_choice(
        &mut self,
        i: usize,
        kind: Kind,
        ci: Option<usize>,
        team: Option<&str>,
    ) {
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
    pub(super) fn other(&mut self, i: usize) {
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
}
