//! Users: duplicates removed, invitations sent again, and users left with nothing removed.

#[allow(clippy::wildcard_imports)]
use super::*;

impl Builder<'_> {
    pub(super) fn remove_duplicate(&mut self, email: &str, found: &[usize]) {
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

    pub(super) fn drop_user(&mut self, email: &str) {
        self.dropped.insert(email.to_owned());
    }

    /// Applies the changes to the user list together: removals, repeated entries, invitations
    /// dated today.
    pub(super) fn apply_users(&mut self) {
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

    pub(super) fn remove_user(&mut self, email: &str, found: &[usize]) {
        let mut e = entry(
            Kind::RemoveUser,
            Who::Admin,
            self.people.admins_of_person(email),
        );
        e.safe = true;
        e.user = Some(email.to_owned());
        e.where_ = format!(
            "Autodesk Account › User Management › By User › {} › Remove user",
            on_screen(email)
        );
        let first = found.iter().copied().min().unwrap_or(0);
        self.push(first, e, found, false);
        self.drop_user(email);
    }

    /// RC305 (send again) and RC309 (remove, invite again, give back the seats).
    pub(super) fn reinvite(
        &mut self,
        email: &str,
        found: &[usize],
        expired: bool,
        held_by: &HashMap<String, Vec<(usize, String)>>,
    ) {
        let base = self.invite_base(email);
        // Someone known only by hash is in no import file: each step is done by hand.
        let by_hand = !self.list_add(&base, email);
        let mut files = Vec::new();
        if !by_hand {
            files.push(format!("{base}.csv"));
        }
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
            let mut steps = if by_hand {
                vec![
                    format!("{email} is {FIND_ADDRESS}, before removing them: Autodesk Account › User Management › By User › their address › Remove user"),
                    "User Management › Invite users › their address".to_owned(),
                ]
            } else {
                vec![
                    format!("Autodesk Account › User Management › By User › {email} › Remove user"),
                    format!("User Management › Invite users › Import {base}.csv"),
                ]
            };
            for (ci, product) in held {
                let base = self.assign_base(ci, &product);
                if self.list_add(&base, email) {
                    steps.push(format!(
                        "By Product › {product} › Import to assign {base}.csv"
                    ));
                    files.push(format!("{base}.csv"));
                } else {
                    steps.push(format!("By Product › {product} › Assign users"));
                }
            }
            e.where_ = steps.join("; then ");
        } else if by_hand {
            e.where_ = format!(
                "{email} is {FIND_ADDRESS}: Autodesk Account › User Management › By User › their address › Resend invite"
            );
        } else {
            e.where_ = format!(
                "Autodesk Account › User Management › By User › {email} › Resend invite (or Invite users › Import {base}.csv)"
            );
        }
        e.files = files;
        let first = found.iter().copied().min().unwrap_or(0);
        self.push(first, e, found, false);
        self.reinvited.insert(email.to_owned());
    }

    /// A user whom the unassignments leave with no seat and no role, and whose status is
    /// `active` or `invited`, would be RC303's new finding: the plan removes them too.
    pub(super) fn left_with_nothing(
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
            e.where_ = format!(
                "Autodesk Account › User Management › By User › {} › Remove user",
                on_screen(&email)
            );
            self.push_after(&drafts, e, &[], false);
            self.drop_user(&email);
        }
    }

    /// RC303: a free seat of their team, or remove the user.
    pub(super) fn user_without_seat(&mut self, i: usize) {
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
            "Autodesk Account › User Management › By User › {} › Assign products (or Remove user)",
            on_screen(&email)
        );
        self.push(i, e, &[i], true);
    }
}
