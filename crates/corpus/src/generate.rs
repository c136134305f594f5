//! The portfolio generator. Every customer is drawn from the seed alone, so a corpus is the
//! same on every machine; sizes are heavy-tailed (Pareto): most customers have 5-50 users, a
//! few have thousands.

// Every number here is small (days, counts of users and seats), so casts between integer
// widths and signs cannot wrap.
#![allow(
    clippy::cast_possible_wrap,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss
)]

use std::fmt::Write as _;
use std::path::Path;

use crate::rng::Rng;

const FIRST: &[&str] = &[
    "Ana", "Ben", "Chloe", "Dev", "Eva", "Felix", "Grace", "Hugo", "Ines", "Jonas", "Kira", "Liam",
    "Maya", "Noah", "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wen",
    "Yara", "Zoe",
];
const LAST: &[&str] = &[
    "Adler", "Berg", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Hansen", "Ito", "Jensen",
    "Kowalski", "Lund", "Moreau", "Novak", "Okafor", "Patel", "Rossi", "Silva", "Tanaka", "Urban",
    "Vogel", "Weber", "Young", "Zeller",
];
const FIRMS: &[&str] = &[
    "Civil",
    "Structural",
    "Architects",
    "Engineering",
    "Design",
    "Consulting",
    "Surveying",
    "Partners",
];
const PRODUCTS: &[&str] = &[
    "AutoCAD",
    "AutoCAD LT",
    "Revit",
    "Civil 3D",
    "Inventor Professional",
    "Navisworks Manage",
    "3ds Max",
    "Fusion",
    "Vault Professional",
    "Architecture Engineering & Construction Collection",
    "Product Design & Manufacturing Collection",
];
const TEAMS: &[&str] = &["Design", "Site", "Infrastructure", "Visualisation"];

/// 2026-11-01 as days since 1970-01-01: the corpus's "today".
const TODAY: i64 = 20_758;

fn date(days: i64) -> String {
    let d = rollcall_model_day(days);
    format!("{:04}-{:02}-{:02}", d.0, d.1, d.2)
}

/// Civil date from days since the epoch (Howard Hinnant's algorithm).
fn rollcall_model_day(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

struct User {
    email: String,
    first: &'static str,
    last: &'static str,
    status: &'static str,
    invited_on: Option<i64>,
    last_active: Option<i64>,
}

struct Product {
    name: &'static str,
    seats: u64,
    assigned: Vec<usize>,
}

struct Contract {
    number: String,
    team: &'static str,
    ends: i64,
    auto_renew: bool,
    cm: Option<String>,
    scs: Vec<String>,
    products: Vec<Product>,
}

struct Team {
    name: &'static str,
    primary: Option<usize>,
    secondary: Vec<usize>,
    sso: Vec<usize>,
}

struct Customer {
    name: String,
    domain: String,
    policy: Option<&'static str>,
    users: Vec<User>,
    contracts: Vec<Contract>,
    teams: Vec<Team>,
    duplicate: Option<usize>,
}

#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss
)]
fn customer(rng: &mut Rng, index: usize) -> Customer {
    // Pareto(5, 1.1), capped: a median near 9 users, a tail into the thousands.
    let n = ((5.0 / (1.0 - rng.unit()).powf(1.0 / 1.1)) as usize).clamp(5, 8000);
    let slug = format!("{}{}", rng.pick(LAST).to_lowercase(), index);
    let domain = format!("{slug}.example");
    let name = format!(
        "{} {} {} {index}",
        rng.pick(LAST),
        rng.pick(&["&", "+", "and"]),
        rng.pick(FIRMS)
    );
    let users: Vec<User> = (0..n)
        .map(|i| {
            person(rng, i, &domain, |rng| {
                let roll = rng.unit();
                if roll < 0.88 {
                    "active"
                } else if roll < 0.92 {
                    "invited"
                } else if roll < 0.96 {
                    "inactive"
                } else {
                    "removed"
                }
            })
        })
        .collect();
    let active: Vec<usize> = (0..n).filter(|&i| users[i].status == "active").collect();
    let active = if active.is_empty() { vec![0] } else { active };
    let k = 1 + (n / 25 + rng.range(0, 2) as usize).min(11);
    let t = 1 + (k / 3).min(3);
    let mut next_user = 0usize;
    let mut contracts = Vec::with_capacity(k);
    for c in 0..k {
        let cm = (!rng.chance(0.02)).then(|| users[*rng.pick(&active)].email.clone());
        let sc_roll = rng.unit();
        let mut scs = if sc_roll < 0.7 {
            vec![users[*rng.pick(&active)].email.clone()]
        } else if sc_roll < 0.85 {
            Vec::new()
        } else {
            cm.iter().cloned().collect()
        };
        if rng.chance(0.03) {
            scs.push("support@cadreseller.example".to_owned());
        }
        if rng.chance(0.03) {
            scs.push(format!("former.staff@{domain}"));
        }
        let products = (0..rng.range(1, 3))
            .map(|_| {
                let per = (n / k).max(1) as u64;
                let assigned_count = rng.range(1, per.max(1)) as usize;
                let assigned: Vec<usize> =
                    (0..assigned_count).map(|j| (next_user + j) % n).collect();
                next_user = (next_user + assigned_count) % n;
                let delta: i64 = if rng.chance(0.2) {
                    rng.range(0, 3) as i64 - 1
                } else {
                    0
                };
                Product {
                    name: <&str>::clone(rng.pick(PRODUCTS)),
                    seats: (assigned_count as i64 + delta).max(0) as u64,
                    assigned,
                }
            })
            .collect::<Vec<_>>();
        let mut products: Vec<Product> = products;
        products.sort_by(|a, b| a.name.cmp(b.name));
        products.dedup_by(|a, b| a.name == b.name);
        contracts.push(Contract {
            number: format!("11{:04}{:06}", index % 10_000, c),
            team: TEAMS[c % t],
            ends: TODAY + rng.range(0, 420) as i64 - 20,
            auto_renew: rng.chance(0.6),
            cm,
            scs,
            products,
        });
    }
    let teams = (0..t)
        .map(|i| Team {
            name: TEAMS[i],
            primary: Some(*rng.pick(&active)),
            secondary: if rng.chance(0.8) {
                vec![*rng.pick(&active)]
            } else {
                Vec::new()
            },
            sso: if rng.chance(0.2) {
                vec![*rng.pick(&active)]
            } else {
                Vec::new()
            },
        })
        .collect();
    let policy = *rng.pick(&[None, None, Some("same"), Some("separate")]);
    let duplicate = rng
        .chance(0.02)
        .then(|| rng.range(0, n as u64 - 1) as usize);
    Customer {
        name,
        domain,
        policy,
        users,
        contracts,
        teams,
        duplicate,
    }
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn snapshot(c: &Customer, flow: bool) -> String {
    let mut y = String::with_capacity(256 + c.users.len() * 120);
    let _ = writeln!(
        y,
        "format: 1\naccount: {}\ndomains: [{}]\nas_of: {}",
        quote(&c.name),
        c.domain,
        date(TODAY)
    );
    if let Some(p) = c.policy {
        let _ = writeln!(y, "policy:\n  roles_across_contracts: {p}");
    }
    y.push_str("users:\n");
    for (i, u) in c.users.iter().enumerate() {
        if flow {
            // As hand-kept files often are: one user a line, as a flow mapping.
            let _ = write!(
                y,
                "  - {{email: {}, name: {} {}, status: {}",
                u.email, u.first, u.last, u.status
            );
            if let Some(d) = u.invited_on {
                let _ = write!(y, ", invited_on: {}", date(d));
            }
            if let Some(d) = u.last_active {
                let _ = write!(y, ", last_active: {}", date(d));
            }
            y.push_str("}\n");
            if c.duplicate == Some(i) {
                let _ = writeln!(y, "  - {{email: {}}}", u.email.to_uppercase());
            }
            continue;
        }
        let _ = writeln!(
            y,
            "  - email: {}\n    name: {} {}\n    status: {}",
            u.email, u.first, u.last, u.status
        );
        if let Some(d) = u.invited_on {
            let _ = writeln!(y, "    invited_on: {}", date(d));
        }
        if let Some(d) = u.last_active {
            let _ = writeln!(y, "    last_active: {}", date(d));
        }
        if c.duplicate == Some(i) {
            let _ = writeln!(y, "  - email: {}", u.email.to_uppercase());
        }
    }
    y.push_str("contracts:\n");
    for k in &c.contracts {
        let _ = writeln!(
            y,
            "  - number: \"{}\"\n    team: {}\n    ends: {}\n    auto_renew: {}",
            k.number,
            k.team,
            date(k.ends),
            k.auto_renew
        );
        if let Some(cm) = &k.cm {
            let _ = writeln!(y, "    contract_manager: {cm}");
        }
        if !k.scs.is_empty() {
            let _ = writeln!(y, "    software_coordinators: [{}]", k.scs.join(", "));
        }
        y.push_str("    products:\n");
        for p in &k.products {
            let _ = writeln!(
                y,
                "      - name: {}\n        seats: {}\n        assigned:",
                quote(p.name),
                p.seats
            );
            for &u in &p.assigned {
                let _ = writeln!(y, "          - {}", c.users[u].email);
            }
        }
    }
    y.push_str("teams:\n");
    for t in &c.teams {
        let _ = writeln!(y, "  - name: {}", t.name);
        if let Some(p) = t.primary {
            let _ = writeln!(y, "    primary_admin: {}", c.users[p].email);
        }
        let list = |l: &[usize]| {
            l.iter()
                .map(|&i| c.users[i].email.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(
            y,
            "    secondary_admins: [{}]\n    sso_admins: [{}]",
            list(&t.secondary),
            list(&t.sso)
        );
    }
    y
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// Subscriptions, users and usage exports, as Autodesk Account writes them.
fn exports(c: &Customer) -> [(&'static str, String); 3] {
    let mut subs = String::from("subscription_id,contract_number,offering_name,seat_quantity,start_date,end_date,autorenew_date,term,subscription_status,reseller_name,reseller_email,team_alias,contract_manager_email\n");
    let mut sid = 0u64;
    for k in &c.contracts {
        for p in &k.products {
            sid += 1;
            let renew = if k.auto_renew {
                date(k.ends)
            } else {
                String::new()
            };
            let _ = writeln!(
                subs,
                "{}{sid:04},{},{},{},{},{},{renew},Annual,Active,\"CAD Reseller, Inc.\",orders@cadreseller.example,{},{}",
                k.number,
                k.number,
                csv_field(p.name),
                p.seats,
                date(k.ends - 365),
                date(k.ends),
                k.team,
                k.cm.as_deref().unwrap_or("")
            );
        }
    }
    let role_of = |u: usize, team: &str| -> &'static str {
        c.teams
            .iter()
            .filter(|t| t.name == team)
            .find_map(|t| {
                if t.primary == Some(u) {
                    Some("Primary Admin")
                } else if t.secondary.contains(&u) {
                    Some("Secondary Admin")
                } else if t.sso.contains(&u) {
                    Some("SSO Admin")
                } else {
                    None
                }
            })
            .unwrap_or("User")
    };
    let mut users = String::from("autodesk_id,email,first_name,last_name,role,offering_name,product_name,team_alias,account_status\n");
    let mut usage = String::from("hashed_autodesk_id,first_name,last_name,email,autodesk_id,team_alias,group,offering_name,version,seat_assignment,assigned_date,unassigned_date,user_activity,days_inactive,access_option,days_used,monthly_average,tokens_used,last_accessed\n");
    let mut held = vec![false; c.users.len()];
    for k in &c.contracts {
        for p in &k.products {
            for &u in &p.assigned {
                held[u] = true;
                let user = &c.users[u];
                let _ = writeln!(
                    users,
                    "ADSK{u:06},{},{},{},{},{},{},{},{}",
                    user.email,
                    user.first,
                    user.last,
                    role_of(u, k.team),
                    csv_field(p.name),
                    csv_field(p.name),
                    k.team,
                    user.status
                );
                let last = user.last_active.map(date).unwrap_or_default();
                let inactive = user
                    .last_active
                    .map_or(String::new(), |d| (TODAY - d).to_string());
                let _ = writeln!(usage, "h{u:08x},{},{},{},ADSK{u:06},{},,{},2026,assigned,{},,active,{inactive},Named user,12,3,0,{last}", user.first, user.last, user.email, k.team, csv_field(p.name), date(TODAY - 200));
            }
        }
    }
    for (u, user) in c.users.iter().enumerate() {
        let admin_teams: Vec<&Team> = c
            .teams
            .iter()
            .filter(|t| t.primary == Some(u) || t.secondary.contains(&u) || t.sso.contains(&u))
            .collect();
        for t in &admin_teams {
            let _ = writeln!(
                users,
                "ADSK{u:06},{},{},{},{},,,{},{}",
                user.email,
                user.first,
                user.last,
                role_of(u, t.name),
                t.name,
                user.status
            );
        }
        if !held[u] && admin_teams.is_empty() {
            let _ = writeln!(
                users,
                "ADSK{u:06},{},{},{},User,,,,{}",
                user.email, user.first, user.last, user.status
            );
        }
    }
    [
        ("subscriptions.csv", subs),
        ("users.csv", users),
        ("usage.csv", usage),
    ]
}

/// One customer of exactly `users` users (for benchmarks of one account), as a snapshot's text
/// and as the three export files.
pub fn account_of_size(users: usize, seed: u64) -> (String, [(&'static str, String); 3]) {
    let mut rng = Rng::new(seed);
    let mut c = customer(&mut rng, 1);
    while c.users.len() < users {
        let i = c.users.len();
        let mut u = customer_user(&mut rng, i, &c.domain);
        if u.status == "invited" && i < 2 {
            u.status = "active";
        }
        c.users.push(u);
    }
    c.users.truncate(users.max(5));
    let n = c.users.len();
    // Spread seats over the whole user list.
    let mut next = 0;
    for k in &mut c.contracts {
        for p in &mut k.products {
            let per = (n / 6).max(1);
            p.assigned = (0..per).map(|j| (next + j) % n).collect();
            next = (next + per) % n;
            p.seats = per as u64;
        }
    }
    for t in &mut c.teams {
        t.primary = t.primary.map(|p| p % n);
        t.secondary.iter_mut().for_each(|s| *s %= n);
        t.sso.iter_mut().for_each(|s| *s %= n);
    }
    c.duplicate = None;
    (snapshot(&c, false), exports(&c))
}

fn customer_user(rng: &mut Rng, i: usize, domain: &str) -> User {
    person(rng, i, domain, |rng| {
        if rng.chance(0.9) {
            "active"
        } else {
            "inactive"
        }
    })
}

/// One user: a name, an address, a status drawn by `status`, and the dates that go with it.
fn person(
    rng: &mut Rng,
    i: usize,
    domain: &str,
    status: impl FnOnce(&mut Rng) -> &'static str,
) -> User {
    let first = *rng.pick(FIRST);
    let last = *rng.pick(LAST);
    let status = status(rng);
    User {
        email: format!(
            "{}.{}{i}@{domain}",
            first.to_lowercase(),
            last.to_lowercase()
        ),
        first,
        last,
        status,
        invited_on: (status == "invited").then(|| TODAY - rng.range(1, 30) as i64),
        last_active: (status != "invited").then(|| TODAY - rng.range(0, 100) as i64),
    }
}

/// Writes `customers` customers under `out`; half as snapshots, half as export sets.
pub fn portfolio(customers: usize, seed: u64, out: &Path) -> std::io::Result<String> {
    portfolio_of(customers, seed, out, false)
}

/// As [`portfolio`]; with `snapshots_only`, every customer is a snapshot whose users are
/// written as flow mappings (`- {email: ..., name: ..., status: ...}`), as hand-kept files
/// often are: the corpus that measures the YAML reader alone.
pub fn portfolio_of(
    customers: usize,
    seed: u64,
    out: &Path,
    snapshots_only: bool,
) -> std::io::Result<String> {
    std::fs::create_dir_all(out)?;
    let mut rng = Rng::new(seed);
    let (mut users, mut bytes, mut largest) = (0usize, 0usize, 0usize);
    for i in 0..customers {
        let c = customer(&mut rng, i);
        users += c.users.len();
        largest = largest.max(c.users.len());
        let dir = out.join(format!("c{i:05}"));
        std::fs::create_dir_all(&dir)?;
        if snapshots_only || i % 2 == 0 {
            let text = snapshot(&c, snapshots_only);
            bytes += text.len();
            std::fs::write(dir.join("account.yaml"), text)?;
        } else {
            for (name, text) in exports(&c) {
                bytes += text.len();
                std::fs::write(dir.join(name), text)?;
            }
        }
    }
    Ok(format!(
        "{customers} customers, {users} users (largest {largest}), {:.1} MB",
        bytes as f64 / 1e6
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_corpus() {
        let a = tempfile_dir("a");
        let b = tempfile_dir("b");
        portfolio(6, 7, &a).unwrap();
        portfolio(6, 7, &b).unwrap();
        for i in 0..6 {
            let name = if i % 2 == 0 {
                "account.yaml"
            } else {
                "users.csv"
            };
            let x = std::fs::read(a.join(format!("c{i:05}")).join(name)).unwrap();
            let y = std::fs::read(b.join(format!("c{i:05}")).join(name)).unwrap();
            assert_eq!(x, y);
        }
        assert_eq!(date(TODAY), "2026-11-01");
        let _ = std::fs::remove_dir_all(a);
        let _ = std::fs::remove_dir_all(b);
    }

    fn tempfile_dir(tag: &str) -> std::path::PathBuf {
        let d =
            std::env::temp_dir().join(format!("rollcall-corpus-test-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }
}
