//! The Rego peer: the rule catalog written as Rego (`bench/peers/rules.rego`) and evaluated by
//! regorus, one account at a time, in parallel like `rollcall check`.
//!
//! A folder that holds only a snapshot is read the way a conftest user would read it: parsed
//! with a general YAML library (`serde_norway`, libyaml's algorithm in Rust) into JSON and
//! normalised in a few lines of Rust (lower-case emails, status synonyms, dates as day
//! numbers). rollcall's own readers are not used there, so on a snapshots-only portfolio the
//! peer does all its own parsing. A folder with exports is handed what rollcall's readers make
//! of it (merging exports is work no peer would write), which flatters it.
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

fn day_of(v: &Value) -> Value {
    v.as_str()
        .and_then(Day::parse_iso)
        .map_or(Value::Null, |d| {
            json!(d.days_since(Day::from_days_since_epoch(0)))
        })
}

fn email_of(v: &Value) -> Option<String> {
    v.as_str()
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
}

fn emails_of(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|l| l.iter().filter_map(email_of).collect())
        .unwrap_or_default()
}

fn status_of(v: &Value) -> &'static str {
    match v.as_str().map(|s| s.trim().to_ascii_lowercase()).as_deref() {
        Some("invited" | "pending") => "invited",
        Some("inactive") => "inactive",
        Some("removed" | "disabled" | "deleted" | "departed") => "removed",
        _ => "active",
    }
}

fn is_unknown(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| s.trim().eq_ignore_ascii_case("unknown"))
}

/// A snapshot parsed by a general YAML library and normalised into the peer's input, with
/// none of rollcall's readers. `None` when it does not parse.
fn own_input(text: &str, today: Day) -> Option<Value> {
    let doc: Value = serde_norway::from_str(text).ok()?;
    let today = doc
        .get("as_of")
        .and_then(Value::as_str)
        .and_then(Day::parse_iso)
        .unwrap_or(today);
    let mut seen = HashSet::new();
    let mut duplicates = 0;
    let users = doc.get("users").and_then(Value::as_array).map(|list| {
        list.iter()
            .filter_map(|u| {
                let email = email_of(u.get("email")?)?;
                let first = seen.insert(email.clone());
                duplicates += usize::from(!first);
                first.then(|| {
                    json!({
                        "email": email,
                        "status": status_of(u.get("status").unwrap_or(&Value::Null)),
                        "invited_on": day_of(u.get("invited_on").unwrap_or(&Value::Null)),
                        "last_active": day_of(u.get("last_active").unwrap_or(&Value::Null)),
                    })
                })
            })
            .collect::<Vec<_>>()
    });
    let empty = Vec::new();
    let contracts: Vec<Value> = doc.get("contracts").and_then(Value::as_array).unwrap_or(&empty).iter().map(|c| {
        let cm = c.get("contract_manager").unwrap_or(&Value::Null);
        let scs = c.get("software_coordinators").unwrap_or(&Value::Null);
        let products: Vec<Value> = c.get("products").and_then(Value::as_array).unwrap_or(&empty).iter().map(|p| {
            let assigned = p.get("assigned").and_then(Value::as_array).map(|l| {
                l.iter().filter_map(|a| email_of(a.get("user").unwrap_or(a))).collect::<Vec<_>>()
            });
            json!({"name": p.get("name"), "seats": p.get("seats").and_then(Value::as_u64).unwrap_or(0), "assigned": assigned})
        }).collect();
        json!({
            "number": c.get("number").map(|n| n.as_str().map_or_else(|| n.to_string(), str::to_owned)),
            "ends": day_of(c.get("ends").unwrap_or(&Value::Null)),
            "auto_renew": c.get("auto_renew").and_then(Value::as_bool).unwrap_or(false),
            "cm": if is_unknown(cm) { None } else { email_of(cm) },
            "cm_known": !is_unknown(cm),
            "scs": emails_of(scs),
            "scs_known": !is_unknown(scs),
            "products": products,
        })
    }).collect();
    let teams: Vec<Value> = doc
        .get("teams")
        .and_then(Value::as_array)
        .unwrap_or(&empty)
        .iter()
        .map(|t| {
            json!({
                "name": t.get("name"),
                "primary": email_of(t.get("primary_admin").unwrap_or(&Value::Null)),
                "secondary": emails_of(t.get("secondary_admins").unwrap_or(&Value::Null)),
                "sso": emails_of(t.get("sso_admins").unwrap_or(&Value::Null)),
            })
        })
        .collect();
    let policy = doc
        .get("policy")
        .and_then(|p| p.get("roles_across_contracts"))
        .and_then(Value::as_str)
        .map(str::to_ascii_lowercase);
    Some(json!({
        "today": today.days_since(Day::from_days_since_epoch(0)),
        "domains": doc.get("domains").and_then(Value::as_array).map(|d| d.iter().filter_map(email_of).collect::<Vec<_>>()).unwrap_or_default(),
        "policy": policy,
        "users": users,
        "duplicate_users": duplicates,
        "contracts": contracts,
        "teams": teams,
    }))
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
    let units = discovery
        .units
        .into_vec()
        .expect("the folders found read back");
    let totals: BTreeMap<String, i64> = units
        .par_iter()
        .map_init(
            || engine.clone(),
            |engine, unit| {
                let inputs = unit.inputs();
                let only_snapshot = matches!(inputs.as_slice(), [i] if i.kind == rollcall_engine::input::InputKind::Snapshot);
                let own = only_snapshot
                    .then(|| std::fs::read_to_string(&inputs[0].path).ok())
                    .flatten()
                    .and_then(|text| own_input(&text, today));
                let input = match own {
                    Some(v) => v,
                    None => {
                        let loaded = rollcall_engine::input::load_unit(
                            unit,
                            rollcall_engine::input::MAX_FILE_BYTES,
                        );
                        let Some(account) = loaded.account else {
                            return BTreeMap::new();
                        };
                        let day = account.as_of.as_ref().map_or(today, |d| d.value);
                        input(&account, day)
                    }
                };
                engine.set_input(regorus::Value::from(input));
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
    println!("{}", json!({"accounts": units.len(), "findings": totals}));
}
