//! The Rego peer: the rule catalog written as Rego (`bench/peers/rules.rego`) and evaluated by
//! regorus, one account at a time, in parallel like `rollcall check`.
//!
//! To measure the rules themselves, it is handed what rollcall's own readers make of each
//! folder (snapshot and exports merged), as JSON with users deduplicated: it is spared the
//! parsing and merging a conftest user would also have to write, which flatters it.
//!
//! usage: rollcall-rego POLICY.rego DIR

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;
use rollcall_model::{Account, At, Day, Email};
use serde_json::{json, Value};

fn day(d: Option<&At<Day>>) -> Value {
    d.map_or(Value::Null, |d| {
        json!(d.value.days_since(Day::from_days_since_epoch(0)))
    })
}

fn emails(list: &[At<Email>]) -> Vec<&str> {
    list.iter().map(|e| e.value.as_str()).collect()
}

fn input(a: &Account, today: Day) -> Value {
    let mut seen = HashSet::new();
    let mut duplicates = 0;
    let users: Option<Vec<Value>> = a.users.as_ref().map(|users| {
        users
            .iter()
            .filter(|u| {
                let first = seen.insert(u.email.value.as_str());
                duplicates += usize::from(!first);
                first
            })
            .map(|u| json!({"email": u.email.value.as_str(), "status": u.status.as_str(), "invited_on": day(u.invited_on.as_ref()), "last_active": day(u.last_active.as_ref())}))
            .collect()
    });
    json!({
        "today": today.days_since(Day::from_days_since_epoch(0)),
        "domains": a.domains.as_ref().map(|d| d.iter().map(|x| x.value.as_str()).collect::<Vec<_>>()).unwrap_or_default(),
        "policy": a.roles_policy.as_ref().map(|p| if p.value == rollcall_model::RolesPolicy::Same { "same" } else { "separate" }),
        "users": users,
        "duplicate_users": duplicates,
        "contracts": a.contracts.iter().map(|c| json!({
            "number": c.number.value,
            "ends": day(c.ends.as_ref()),
            "auto_renew": c.renews_automatically(),
            "cm": c.contract_manager.as_ref().map(|m| m.value.as_str()),
            "cm_known": c.manager.is_known(),
            "scs": emails(&c.software_coordinators),
            "scs_known": c.coordinators.is_known(),
            "products": c.products.iter().map(|p| json!({"name": p.name.value, "seats": p.seats.value, "assigned": p.assigned.as_ref().map(|x| x.iter().map(|a| a.user.value.as_str()).collect::<Vec<_>>())})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "teams": a.teams.iter().map(|t| json!({
            "name": t.name.value,
            "primary": t.primary_admin.as_ref().map(|p| p.value.as_str()),
            "secondary": emails(&t.secondary_admins),
            "sso": emails(&t.sso_admins),
        })).collect::<Vec<_>>(),
    })
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [policy, dir] = args.as_slice() else {
        eprintln!("usage: rollcall-rego POLICY.rego DIR");
        std::process::exit(2);
    };
    let mut engine = regorus::Engine::new();
    let rego = std::fs::read_to_string(policy).expect("policy");
    engine
        .add_policy(policy.clone(), rego)
        .expect("policy compiles");
    let today = Day::from_ymd(2026, 11, 1).expect("date");
    let discovery = rollcall_engine::discover::discover(&[PathBuf::from(dir)]);
    let totals: BTreeMap<String, i64> = discovery
        .units
        .par_iter()
        .map_init(
            || engine.clone(),
            |engine, unit| {
                let loaded =
                    rollcall_engine::input::load_unit(unit, rollcall_engine::input::MAX_FILE_BYTES);
                let Some(account) = loaded.account else {
                    return BTreeMap::new();
                };
                let day = account.as_of.as_ref().map_or(today, |d| d.value);
                engine
                    .set_input_json(&input(&account, day).to_string())
                    .expect("input");
                let counts = engine
                    .eval_rule("data.rollcall.counts".to_owned())
                    .expect("evaluates");
                let text = counts.to_json_str().expect("json");
                let v: BTreeMap<String, i64> = serde_json::from_str(&text).expect("counts");
                v
            },
        )
        .reduce(BTreeMap::new, |mut a, b| {
            for (k, n) in b {
                *a.entry(k).or_insert(0) += n;
            }
            a
        });
    println!(
        "{}",
        json!({"accounts": discovery.units.len(), "findings": totals})
    );
}
