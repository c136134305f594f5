//! Seats: unassigning them (one seat, or every seat of an ended contract), applying that to
//! the planned account, and the seat counts to reduce or leave to a choice.

#[allow(clippy::wildcard_imports)]
use super::*;

impl Builder<'_> {
    /// RC402: every seat of the ended contract, with the seat findings on them.
    pub(super) fn unassign_contract(
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

    pub(super) fn unassign_seat(
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
        e.where_ = format!(
            "Autodesk Account › By Product › {product} › {} › Unassign",
            on_screen(user)
        );
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
    pub(super) fn apply_unassign(&mut self, seat: &Seat, at: Option<(usize, usize)>, draft: usize) {
        if let Some(at) = at {
            self.pending
                .entry(at)
                .or_default()
                .push((seat.user.clone(), draft));
        }
    }

    /// Unassigns the pending seats, each product's list once.
    pub(super) fn apply_unassigns(
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

    /// RC301, RC405 and the seats this plan frees: reduce the count at renewal, or leave the
    /// free seats to a choice among the team's people without a seat.
    pub(super) fn seat_counts(
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
                let mut by_hand = 0;
                for u in &candidates {
                    if !self.list_add(&base, u) {
                        by_hand += 1;
                    }
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
                let assign = if by_hand == 0 {
                    format!("Assign users (or Import to assign: {base}.csv)")
                } else if by_hand < candidates.len() {
                    format!("Assign users (or Import to assign: {base}.csv); {by_hand} candidate(s) are {FIND_ADDRESS}")
                } else {
                    format!("Assign users: the candidates are {FIND_ADDRESS}")
                };
                e.where_ = format!(
                    "Autodesk Account › By Product › {product} › {assign}; else reduce the seats of contract {number} at renewal"
                );
                if by_hand < candidates.len() {
                    e.files = vec![format!("{base}.csv")];
                }
                if follows.is_empty() {
                    let first = settles.iter().copied().min().unwrap_or(0);
                    self.push(first, e, &settles, true);
                } else {
                    self.push_after(&follows, e, &settles, true);
                }
            }
        }
    }
}
