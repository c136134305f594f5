//! The account-to-snapshot writer behind `rollcall convert`: an account, as merged from its
//! inputs, written back as a format-1 snapshot, so that a reseller can start curating roles
//! from an export.

use std::fmt::Write as _;

use rollcall_model::{Account, Assignment, At, Email, Recorded, RolesPolicy, SourceKind, Status};

/// A YAML scalar: plain when that reads back as the same text, else double-quoted (JSON
/// string syntax, which YAML reads).
fn scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '@' | '+' | '-' | '_' | ' '))
        && s.starts_with(|c: char| c.is_alphabetic())
        && !s.ends_with(' ')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain {
        s.to_owned()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
    }
}

fn emails(list: &[At<Email>]) -> String {
    let items: Vec<String> = list.iter().map(|e| scalar(e.value.as_str())).collect();
    format!("[{}]", items.join(", "))
}

/// An `assigned` list: plain addresses, or where any seat's usage is known, one entry a line
/// with the usage as a mapping.
fn assigned(y: &mut String, list: &[Assignment]) {
    if list.iter().all(|a| a.usage.is_empty()) {
        let items: Vec<String> = list.iter().map(|a| scalar(a.user.value.as_str())).collect();
        let _ = writeln!(y, "        assigned: [{}]", items.join(", "));
        return;
    }
    y.push_str(
        "        assigned:
",
    );
    for a in list {
        let u = &a.usage;
        if u.is_empty() {
            let _ = writeln!(y, "          - {}", scalar(a.user.value.as_str()));
            continue;
        }
        let _ = writeln!(y, "          - user: {}", scalar(a.user.value.as_str()));
        if let Some(d) = &u.assigned_on {
            let _ = writeln!(y, "            assigned_on: {}", d.value);
        }
        if let Some(n) = &u.days_used {
            let _ = writeln!(y, "            days_used: {}", n.value);
        }
        if let Some(n) = &u.monthly_average {
            // `{:?}` keeps a decimal point (`2.0`), so the value reads back as a number.
            let _ = writeln!(y, "            monthly_average: {:?}", n.value);
        }
        if let Some(d) = &u.last_used {
            let _ = writeln!(y, "            last_used: {}", d.value);
        }
        if let Some(a) = &u.access {
            let _ = writeln!(y, "            access: {}", a.value);
        }
    }
}

/// The account as a format-1 snapshot. A role that no input names is written `unknown`, so
/// that the snapshot gives the same findings as the inputs it came from.
pub fn to_snapshot_yaml(account: &Account) -> String {
    let mut y = String::new();
    let (directories, inputs): (Vec<_>, Vec<_>) = account
        .files
        .iter()
        .partition(|f| f.kind == SourceKind::Directory);
    let _ = writeln!(
        y,
        "# Written by `rollcall convert` from: {}",
        inputs
            .iter()
            .map(|f| f.path.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    if !directories.is_empty() {
        let mut paths: Vec<&str> = directories.iter().map(|f| f.path.as_str()).collect();
        paths.dedup();
        let _ = writeln!(
            y,
            "# A snapshot carries no directory: keep {} beside it for RC601-RC604.",
            paths.join(", ")
        );
    }
    let _ = writeln!(y, "format: 1\naccount: {}", scalar(&account.name));
    if let Some(d) = &account.domains {
        let items: Vec<String> = d.iter().map(|x| scalar(&x.value)).collect();
        let _ = writeln!(y, "domains: [{}]", items.join(", "));
    }
    if let Some(d) = &account.as_of {
        let _ = writeln!(y, "as_of: {}", d.value);
    }
    match account.roles_policy.as_ref().map(|p| p.value) {
        Some(RolesPolicy::Same) => y.push_str("policy:\n  roles_across_contracts: same\n"),
        Some(RolesPolicy::Separate) => y.push_str("policy:\n  roles_across_contracts: separate\n"),
        None => y.push_str(
            "# policy:\n#   roles_across_contracts: same   # or separate: decide (RC202)\n",
        ),
    }
    if let Some(users) = &account.users {
        y.push_str("\nusers:\n");
        for u in users {
            let _ = writeln!(y, "  - email: {}", scalar(u.email.value.as_str()));
            if let Some(n) = &u.name {
                let _ = writeln!(y, "    name: {}", scalar(&n.value));
            }
            if u.status != Status::Active || u.status_origin.is_some() {
                let _ = writeln!(y, "    status: {}", u.status.as_str());
            }
            if let Some(d) = &u.invited_on {
                let _ = writeln!(y, "    invited_on: {}", d.value);
            }
            if let Some(d) = &u.last_active {
                let _ = writeln!(y, "    last_active: {}", d.value);
            }
        }
    }
    y.push_str("\ncontracts:");
    if account.contracts.is_empty() {
        y.push_str(" []");
    }
    y.push('\n');
    for c in &account.contracts {
        let _ = writeln!(
            y,
            "  - number: {}",
            serde_json::to_string(&c.number.value).unwrap_or_default()
        );
        if let Some(t) = &c.team {
            let _ = writeln!(y, "    team: {}", scalar(&t.value));
        }
        if let Some(e) = &c.ends {
            let _ = writeln!(y, "    ends: {}", e.value);
        }
        if let Some(a) = &c.auto_renew {
            let _ = writeln!(y, "    auto_renew: {}", a.value);
        }
        match (&c.contract_manager, c.manager) {
            (Some(cm), _) => {
                let _ = writeln!(y, "    contract_manager: {}", scalar(cm.value.as_str()));
            }
            (None, Recorded::Unknown(_)) => {
                y.push_str("    contract_manager: unknown   # not in the inputs: name them\n");
            }
            (None, Recorded::Known) => {
                y.push_str("    # contract_manager: not in the inputs; every contract needs one\n");
            }
        }
        if c.coordinators.is_unknown() {
            y.push_str("    software_coordinators: unknown   # exports do not say: name them\n");
        } else if !c.software_coordinators.is_empty() {
            let _ = writeln!(
                y,
                "    software_coordinators: {}",
                emails(&c.software_coordinators)
            );
        }
        if let Some(r) = &c.reseller {
            let _ = writeln!(y, "    reseller: {}", scalar(r.value.as_str()));
        }
        if !c.products.is_empty() {
            y.push_str("    products:\n");
            for p in &c.products {
                let _ = writeln!(
                    y,
                    "      - name: {}\n        seats: {}",
                    scalar(&p.name.value),
                    p.seats.value
                );
                if let Some(a) = &p.assigned {
                    assigned(&mut y, a);
                }
            }
        }
    }
    if account.team_roles_known && account.teams.is_empty() {
        y.push_str("\nteams: []\n");
    } else if !account.teams.is_empty() {
        y.push_str("\nteams:\n");
        for t in &account.teams {
            let _ = writeln!(y, "  - name: {}", scalar(&t.name.value));
            if let Some(p) = &t.primary_admin {
                let _ = writeln!(y, "    primary_admin: {}", scalar(p.value.as_str()));
            }
            let _ = writeln!(y, "    secondary_admins: {}", emails(&t.secondary_admins));
            let _ = writeln!(y, "    sso_admins: {}", emails(&t.sso_admins));
        }
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;
    use rollcall_model::FileId;

    #[test]
    fn scalars_read_back_as_written() {
        assert_eq!(scalar("AutoCAD LT"), "AutoCAD LT");
        assert_eq!(scalar("jane.doe@acme.example"), "jane.doe@acme.example");
        assert_eq!(scalar("No"), "\"No\"");
        assert_eq!(
            scalar("Architecture Engineering & Construction Collection"),
            "\"Architecture Engineering & Construction Collection\""
        );
        assert_eq!(scalar("3ds Max"), "\"3ds Max\"");
    }

    #[test]
    fn a_snapshot_round_trips() {
        let src = include_str!("../../../fixtures/demo/meridian-civil-transport/account.yaml");
        let a = crate::snapshot::read(src, "a.yaml", FileId(0))
            .map_err(|e| format!("{e:?}"))
            .unwrap()
            .account;
        let text = to_snapshot_yaml(&Account {
            name: "Meridian".into(),
            ..a.clone()
        });
        let b = crate::snapshot::read(&text, "b.yaml", FileId(0))
            .unwrap_or_else(|e| panic!("{e:?}\n{text}"))
            .account;
        assert_eq!(a.contracts.len(), b.contracts.len());
        for (x, y) in a.contracts.iter().zip(&b.contracts) {
            assert_eq!(x.number.value, y.number.value);
            assert_eq!(
                x.contract_manager.as_ref().map(|c| &c.value),
                y.contract_manager.as_ref().map(|c| &c.value)
            );
            assert_eq!(x.products.len(), y.products.len());
        }
        assert_eq!(
            a.users.as_ref().map(Vec::len),
            b.users.as_ref().map(Vec::len)
        );
        assert_eq!(a.teams.len(), b.teams.len());
    }
}
