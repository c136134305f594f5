//! `rollcall fix` (remediation.md): every finding settled exactly once, and the plan's
//! promise: `check` of each planned `account.yaml`, with the same configuration and day,
//! reports none of the findings its safe actions settle and nothing the audit did not report,
//! except RC301 on a product whose free seats the plan leaves to an `assign-seat` choice.
//! Held on every fixture folder, on generated portfolios, and on random accounts (proptest).

// The random accounts are snapshot text built line by line; `format!` reads best there.
#![allow(clippy::format_push_string)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use proptest::prelude::*;
use rollcall_engine::model::Day;
use rollcall_engine::rules::Subject;
use rollcall_engine::{run, run_visiting, Audited, Settings};
use rollcall_fix::{Kind, Plan};

type Key = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn key(rule: &str, s: &Subject) -> Key {
    (
        rule.to_owned(),
        s.contract.clone(),
        s.team.clone(),
        s.product.clone(),
        s.user.clone(),
    )
}

/// One account's plan, with what the audit found and the configuration it ran under.
struct Planned {
    plan: Plan,
    config: Option<String>,
    /// (rule, subject, message) of every diagnostic of the audit.
    found: Vec<(Key, String)>,
}

fn today() -> Day {
    Day::parse_iso("2026-11-02").unwrap()
}

fn plan_all(paths: &[PathBuf], config: Option<PathBuf>) -> Vec<Planned> {
    let settings = Settings {
        config,
        ..Settings::new(today())
    };
    let visit = |a: &Audited<'_>| {
        let prices = a.config.prices.as_ref();
        let price =
            |product: &str| prices.and_then(|p| p.of(product, &a.config.options.collections));
        let plan = rollcall_fix::plan(&rollcall_fix::Input {
            account: a.account,
            diagnostics: &a.report.diagnostics,
            today: a.today,
            options: &a.config.options,
            pricing: prices.map(|p| rollcall_fix::Pricing {
                currency: &p.currency,
                of: &price,
            }),
        });
        Planned {
            plan,
            config: a.config.source.clone(),
            found: a
                .report
                .diagnostics
                .iter()
                .map(|d| (key(d.rule.code, &d.subject), d.message.clone()))
                .collect(),
        }
    };
    let (_, plans) = run_visiting(paths, &settings, &|_, _| String::new(), &|_, _| {}, &visit);
    plans.into_iter().flatten().collect()
}

/// Every finding is in exactly one entry's `settles`.
fn settled_once(p: &Planned) -> Result<(), String> {
    let mut settled: Vec<(Key, String)> = p
        .plan
        .actions
        .iter()
        .chain(&p.plan.choices)
        .flat_map(|e| &e.settles)
        .chain(p.plan.no_action.iter().flat_map(|n| &n.settles))
        .map(|s| (key(s.rule, &s.subject), s.message.clone()))
        .collect();
    let mut found = p.found.clone();
    settled.sort();
    found.sort();
    if settled == found {
        Ok(())
    } else {
        Err(format!(
            "{}: settled {settled:#?}\nfound {found:#?}",
            p.plan.account
        ))
    }
}

/// Checks the planned snapshot (written into `dir`) against the promise.
fn keeps_the_promise(p: &Planned, dir: &Path) -> Result<(), String> {
    let file = dir.join("account.yaml");
    std::fs::write(&file, rollcall_fix::render::account_yaml(&p.plan))
        .map_err(|e| e.to_string())?;
    // As `fix` writes the plan's folder: the directory exports beside the planned snapshot.
    for path in p.plan.directory_files() {
        let name = Path::new(path)
            .file_name()
            .ok_or("a directory file without a name")?;
        std::fs::copy(path, dir.join(name)).map_err(|e| e.to_string())?;
    }
    let settings = Settings {
        config: p.config.as_ref().map(PathBuf::from),
        ..Settings::new(today())
    };
    let report = run(&[dir.to_path_buf()], &settings, &|_, _| String::new());
    if !report.errors.is_empty() || report.units.iter().any(|u| !u.errors.is_empty()) {
        return Err(format!(
            "{}: the planned snapshot does not load: {:?} {:?}\n{}",
            p.plan.account,
            report.errors,
            report
                .units
                .iter()
                .flat_map(|u| &u.errors)
                .collect::<Vec<_>>(),
            rollcall_fix::render::account_yaml(&p.plan)
        ));
    }
    let before: BTreeSet<Key> = p.found.iter().map(|(k, _)| k.clone()).collect();
    let safe: BTreeSet<Key> = p
        .plan
        .actions
        .iter()
        .filter(|a| a.safe)
        .flat_map(|a| &a.settles)
        .map(|s| key(s.rule, &s.subject))
        .collect();
    let left_to_choice: BTreeSet<(Option<String>, Option<String>)> = p
        .plan
        .choices
        .iter()
        .filter(|c| c.kind == Kind::AssignSeat && c.product.is_some())
        .map(|c| (c.contract.clone(), c.product.clone()))
        .collect();
    for d in report.diagnostics() {
        let k = key(d.rule.code, &d.subject);
        if d.rule.code == "RC301"
            && left_to_choice.contains(&(d.subject.contract.clone(), d.subject.product.clone()))
        {
            continue;
        }
        if safe.contains(&k) {
            return Err(format!(
                "{}: a finding a safe action settles is still reported: {} {}\n{}",
                p.plan.account,
                d.rule.code,
                d.message,
                rollcall_fix::render::markdown(&p.plan)
            ));
        }
        if !before.contains(&k) {
            return Err(format!(
                "{}: a new finding: {} {}\n{}",
                p.plan.account,
                d.rule.code,
                d.message,
                rollcall_fix::render::markdown(&p.plan)
            ));
        }
    }
    Ok(())
}

fn hold(plans: &[Planned]) -> Result<(), String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    for (i, p) in plans.iter().enumerate() {
        settled_once(p)?;
        let dir = tmp.path().join(i.to_string());
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        keeps_the_promise(p, &dir)?;
    }
    Ok(())
}

#[test]
fn every_fixture_folder_keeps_the_promise() {
    let plans = plan_all(&[PathBuf::from("fixtures")], None);
    assert!(plans.len() > 40, "{} plans", plans.len());
    // The fixtures cover every rule the plan maps: each kind of action appears somewhere.
    let kinds: BTreeSet<&str> = plans
        .iter()
        .flat_map(|p| p.plan.actions.iter().chain(&p.plan.choices))
        .map(|e| e.kind.as_str())
        .collect();
    for k in [
        "unassign-seat",
        "reinvite",
        "remove-and-reinvite",
        "reduce-seats",
        "remove-duplicate",
        "move-to-flex",
        "renew",
        "co-term",
        "assign-seat",
        "unassign-seats",
        "name-contract-manager",
        "name-software-coordinator",
        "name-admin",
        "decide-role-policy",
    ] {
        assert!(kinds.contains(k), "no fixture gives a `{k}`: {kinds:?}");
    }
    hold(&plans).unwrap();
}

#[test]
fn a_generated_portfolio_keeps_the_promise() {
    let tmp = tempfile::tempdir().unwrap();
    rollcall_corpus::generate::portfolio(60, 7, tmp.path()).unwrap();
    let plans = plan_all(&[tmp.path().to_path_buf()], None);
    assert_eq!(plans.len(), 60);
    hold(&plans).unwrap();
}

// --- Random accounts -----------------------------------------------------------------------

const PRODUCTS: &[&str] = &[
    "Revit",
    "AutoCAD",
    "Civil 3D",
    "AEC Collection",
    "AutoCAD LT",
    "Inventor Professional",
];
const TEAMS: &[&str] = &["Design", "Site", "R&D"];

#[derive(Debug, Clone)]
struct RUser {
    status: u8,
    invited_days: u16,
    last_active_days: Option<u16>,
    named: bool,
    repeated: bool,
}

#[derive(Debug, Clone)]
struct RProduct {
    product: usize,
    seats: u8,
    holders: Vec<usize>,
    usage: Vec<(Option<u16>, Option<u16>, Option<u8>)>,
}

#[derive(Debug, Clone)]
struct RContract {
    team: Option<usize>,
    ends_in: i16,
    auto_renew: bool,
    cm: Option<usize>,
    scs: Vec<usize>,
    products: Vec<RProduct>,
}

#[derive(Debug, Clone)]
struct RAccount {
    users: Vec<RUser>,
    contracts: Vec<RContract>,
    admins: Vec<(usize, Option<usize>, Vec<usize>)>,
    policy: u8,
}

fn user() -> impl Strategy<Value = RUser> {
    (
        0u8..6,
        0u16..200,
        prop::option::of(0u16..200),
        any::<bool>(),
        prop::bool::weighted(0.1),
    )
        .prop_map(
            |(status, invited_days, last_active_days, named, repeated)| RUser {
                status,
                invited_days,
                last_active_days,
                named,
                repeated,
            },
        )
}

fn product(users: usize) -> impl Strategy<Value = RProduct> {
    (
        0..PRODUCTS.len(),
        0u8..6,
        prop::collection::vec(0..users, 0..6),
        prop::collection::vec(
            (
                prop::option::of(0u16..200),
                prop::option::of(0u16..5),
                prop::option::of(0u8..50),
            ),
            6,
        ),
    )
        .prop_map(|(product, seats, holders, usage)| RProduct {
            product,
            seats,
            holders,
            usage,
        })
}

fn contract(users: usize) -> impl Strategy<Value = RContract> {
    (
        prop::option::of(0..TEAMS.len()),
        -60i16..500,
        any::<bool>(),
        prop::option::of(0..users),
        prop::collection::vec(0..users + 2, 0..3),
        prop::collection::vec(product(users), 0..4),
    )
        .prop_map(|(team, ends_in, auto_renew, cm, scs, products)| RContract {
            team,
            ends_in,
            auto_renew,
            cm,
            scs,
            products,
        })
}

fn account() -> impl Strategy<Value = RAccount> {
    (2usize..12).prop_flat_map(|n| {
        (
            prop::collection::vec(user(), n),
            prop::collection::vec(contract(n), 1..4),
            prop::collection::vec(
                (
                    0..TEAMS.len(),
                    prop::option::of(0..n + 2),
                    prop::collection::vec(0..n, 0..2),
                ),
                0..3,
            ),
            0u8..3,
        )
            .prop_map(|(users, contracts, admins, policy)| RAccount {
                users,
                contracts,
                admins,
                policy,
            })
    })
}

fn email(i: usize) -> String {
    // Indexes past the user list are people the account does not list (RC103).
    format!("user{i}@acme.example")
}

/// The day `back` days before today (after it, when negative).
fn day(back: i64) -> Day {
    let epoch = Day::from_days_since_epoch(0);
    let n = today().days_since(epoch) - back;
    Day::from_days_since_epoch(i32::try_from(n).unwrap())
}

fn snapshot(a: &RAccount) -> String {
    let mut y = String::from("format: 1\naccount: Random\ndomains: [acme.example]\n");
    match a.policy {
        1 => y.push_str("policy:\n  roles_across_contracts: same\n"),
        2 => y.push_str("policy:\n  roles_across_contracts: separate\n"),
        _ => {}
    }
    y.push_str("users:\n");
    for (i, u) in a.users.iter().enumerate() {
        let times = if u.repeated { 2 } else { 1 };
        for _ in 0..times {
            y.push_str(&format!("  - email: {}\n", email(i)));
            if u.named {
                y.push_str(&format!("    name: \"Ana{i}, Silva\"\n"));
            }
            let status = [
                "active", "active", "invited", "inactive", "removed", "active",
            ][usize::from(u.status)];
            y.push_str(&format!("    status: {status}\n"));
            if status == "invited" {
                y.push_str(&format!(
                    "    invited_on: {}\n",
                    day(i64::from(u.invited_days))
                ));
            } else if let Some(d) = u.last_active_days {
                y.push_str(&format!("    last_active: {}\n", day(i64::from(d))));
            }
        }
    }
    y.push_str("contracts:\n");
    for (ci, c) in a.contracts.iter().enumerate() {
        y.push_str(&format!("  - number: \"1100000000{ci:02}\"\n"));
        if let Some(t) = c.team {
            y.push_str(&format!("    team: \"{}\"\n", TEAMS[t]));
        }
        let ends = day(-i64::from(c.ends_in));
        y.push_str(&format!(
            "    ends: {ends}\n    auto_renew: {}\n",
            c.auto_renew
        ));
        if let Some(cm) = c.cm {
            y.push_str(&format!("    contract_manager: {}\n", email(cm)));
        }
        if !c.scs.is_empty() {
            let scs: Vec<String> = c.scs.iter().map(|&s| email(s)).collect();
            y.push_str(&format!(
                "    software_coordinators: [{}]\n",
                scs.join(", ")
            ));
        }
        if c.products.is_empty() {
            continue;
        }
        y.push_str("    products:\n");
        for p in &c.products {
            y.push_str(&format!(
                "      - name: \"{}\"\n        seats: {}\n        assigned:\n",
                PRODUCTS[p.product], p.seats
            ));
            if p.holders.is_empty() {
                y.truncate(y.len() - "\n        assigned:\n".len() + 1);
                y.push_str("        assigned: []\n");
                continue;
            }
            for (k, &h) in p.holders.iter().enumerate() {
                let (assigned, used, avg) = p.usage[k];
                y.push_str(&format!("          - user: {}\n", email(h)));
                if let Some(d) = assigned {
                    y.push_str(&format!("            assigned_on: {}\n", day(i64::from(d))));
                }
                if let Some(n) = used {
                    y.push_str(&format!("            days_used: {n}\n"));
                }
                if let Some(m) = avg {
                    y.push_str(&format!(
                        "            monthly_average: {:.1}\n            access: subscription\n",
                        f64::from(m) / 10.0
                    ));
                }
            }
        }
    }
    if !a.admins.is_empty() {
        y.push_str("teams:\n");
        let mut seen = BTreeSet::new();
        for (t, primary, secondary) in &a.admins {
            if !seen.insert(*t) {
                continue;
            }
            y.push_str(&format!("  - name: \"{}\"\n", TEAMS[*t]));
            if let Some(p) = primary {
                y.push_str(&format!("    primary_admin: {}\n", email(*p)));
            }
            let s: Vec<String> = secondary.iter().map(|&s| email(s)).collect();
            y.push_str(&format!("    secondary_admins: [{}]\n", s.join(", ")));
        }
    }
    y
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn random_accounts_keep_the_promise(a in account()) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("random");
        std::fs::create_dir_all(&dir).unwrap();
        let text = snapshot(&a);
        std::fs::write(dir.join("account.yaml"), &text).unwrap();
        let plans = plan_all(&[dir], None);
        prop_assert_eq!(plans.len(), 1, "{}", text);
        if let Err(e) = hold(&plans) {
            prop_assert!(false, "{}\n--- the account:\n{}", e, text);
        }
    }
}

// --- The command ---------------------------------------------------------------------------

fn fix(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("rollcall")
        .unwrap()
        .arg("fix")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn fix_writes_the_demo_plans_only_under_the_output_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("plans");
    let (code, stdout, stderr) = fix(&[
        "fixtures/demo",
        "--output-dir",
        out.to_str().unwrap(),
        "--as-of",
        "2026-11-02",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("wrote 7 plan(s)"), "{stdout}");
    let files = tree(&out);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    insta::assert_snapshot!("fix_demo_files", names.join("\n"));
    let text = |name: &str| String::from_utf8(files[name].clone()).unwrap();
    insta::assert_snapshot!("fix_demo_readme", text("README.md"));
    insta::assert_snapshot!(
        "fix_demo_northwind_plan_md",
        text("northwind-structural/plan.md")
    );
    insta::assert_snapshot!(
        "fix_demo_northwind_plan_json",
        text("northwind-structural/plan.json")
    );
    insta::assert_snapshot!(
        "fix_demo_northwind_account_yaml",
        text("northwind-structural/account.yaml")
    );
    assert_eq!(
        text("northwind-structural/invite-leeds.csv"),
        "First name,Last name,Email address\r\nAna,Ward,ana.ward@northwind-se.example\r\nSam,Okoro,sam.okoro@northwind-se.example\r\n"
    );
    // The same bytes on every run, whatever the number of threads.
    let again = tmp.path().join("again");
    let (code, _, _) = fix(&[
        "fixtures/demo",
        "--output-dir",
        again.to_str().unwrap(),
        "--as-of",
        "2026-11-02",
    ]);
    assert_eq!(code, 0);
    assert_eq!(tree(&again), files);
    // plan.json is the spec's document.
    let v: serde_json::Value =
        serde_json::from_slice(&files["northwind-structural/plan.json"]).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["account"], "Northwind Structural Engineers Ltd");
    let unassign = v["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "unassign-seat" && a["settles"][0]["rule"] == "RC306")
        .unwrap();
    assert_eq!(unassign["who"], "admin");
    assert_eq!(unassign["safe"], true);
    assert_eq!(unassign["savings"]["amount"], 3100);
    assert_eq!(unassign["savings"]["currency"], "EUR");
    // The Contract Manager who left held a seat too (RC603): unassigned, and counted.
    let leaver = v["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "unassign-seat" && a["settles"][0]["rule"] == "RC603")
        .unwrap();
    assert_eq!(leaver["user"], "claire.whitfield@northwind-se.example");
    assert_eq!(v["summary"]["savings"]["EUR"], 9700);
}

#[test]
fn the_planned_snapshot_checks_clean_of_what_the_safe_actions_settle() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("plans");
    let (code, _, stderr) = fix(&[
        "fixtures/demo/northwind-structural",
        "--output-dir",
        out.to_str().unwrap(),
        "--as-of",
        "2026-11-02",
        "--config",
        "fixtures/demo/rollcall.yaml",
    ]);
    assert_eq!(code, 0, "{stderr}");
    // One account folder given: its plan is the output folder itself.
    assert!(out.join("plan.md").is_file());
    let check = Command::cargo_bin("rollcall")
        .unwrap()
        .args([
            "check",
            "--format",
            "concise",
            "--fail-on",
            "never",
            "--as-of",
            "2026-11-02",
        ])
        .args(["--config", "fixtures/demo/rollcall.yaml"])
        .arg(out.join("account.yaml"))
        .output()
        .unwrap();
    let text = String::from_utf8(check.stdout).unwrap();
    let codes: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("account.yaml:"))
        .filter_map(|l| l.split(": ").nth(1))
        .filter_map(|l| l.split(' ').next())
        .collect();
    // Before: RC305, RC309, RC307, RC306, RC401, RC404, RC308. The safe actions settle
    // RC305, RC309, RC306 and RC308; the rest are choices or actions a person decides on.
    assert_eq!(codes, ["RC307", "RC401", "RC404"], "{text}");
}

#[test]
fn an_account_that_cannot_be_audited_gets_no_plan_and_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("plans");
    let (code, _, stderr) = fix(&["fixtures/broken", "--output-dir", out.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("bad-yaml"), "{stderr}");
    assert!(!out.join("bad-yaml").exists());
    assert!(out.join("healthy/plan.md").is_file());
    let readme = std::fs::read_to_string(out.join("README.md")).unwrap();
    assert!(readme.contains("## Not planned"), "{readme}");
}

// --- The action table, rule by rule --------------------------------------------------------

/// The plan of one account written as `account.yaml` (and a `rollcall.yaml` beside it, when
/// given), audited as of 2026-11-02.
fn plan_of(account: &str, config: Option<&str>) -> Plan {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("acme");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("account.yaml"), account).unwrap();
    if let Some(c) = config {
        std::fs::write(tmp.path().join("rollcall.yaml"), c).unwrap();
    }
    let mut plans = plan_all(&[dir], None);
    assert_eq!(plans.len(), 1);
    let p = plans.remove(0);
    settled_once(&p).unwrap();
    let check = tmp.path().join("check");
    std::fs::create_dir_all(&check).unwrap();
    // The promise, under the same configuration.
    let with_config = Planned {
        config: config.map(|_| {
            tmp.path()
                .join("rollcall.yaml")
                .to_string_lossy()
                .into_owned()
        }),
        ..p
    };
    keeps_the_promise(&with_config, &check).unwrap();
    with_config.plan
}

fn entries(plan: &Plan) -> Vec<&rollcall_fix::Entry> {
    plan.actions.iter().chain(&plan.choices).collect()
}

fn entry_settling<'p>(plan: &'p Plan, rule: &str) -> &'p rollcall_fix::Entry {
    entries(plan)
        .into_iter()
        .find(|e| e.settles.iter().any(|s| s.rule == rule))
        .unwrap_or_else(|| {
            panic!(
                "nothing settles {rule}: {}",
                rollcall_fix::render::markdown(plan)
            )
        })
}

fn people(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

const USERS: &str = "
users:
  - { email: cm@acme.example, name: Carla Mendes }
  - { email: sc@acme.example, name: Sven Coord }
  - { email: admin@acme.example, name: Ada Admin }
  - { email: ana@acme.example, name: Ana Silva }
  - { email: gone@acme.example, name: Gus One, status: inactive }
";

#[test]
fn a_dormant_holders_seat_is_unassigned_by_the_team_admin_and_the_free_seat_reduced() {
    let plan = plan_of(
        &format!(
            "account: Acme\nas_of: 2026-11-02\n{USERS}
contracts:
  - number: \"110001234567\"
    team: Design
    ends: 2027-09-30
    auto_renew: true
    contract_manager: cm@acme.example
    software_coordinators: [sc@acme.example]
    reseller: sales@reseller.example
    products:
      - name: Revit
        seats: 3
        assigned: [ana@acme.example, admin@acme.example, gone@acme.example]
teams:
  - name: Design
    primary_admin: admin@acme.example
    secondary_admins: [sc@acme.example]
"
        ),
        Some("prices:\n  currency: EUR\n  per_seat_year:\n    Revit: 3000\n"),
    );
    let unassign = entry_settling(&plan, "RC304");
    assert_eq!(unassign.kind, Kind::UnassignSeat);
    assert_eq!(unassign.who.as_str(), "admin");
    assert!(unassign.safe);
    // `admin` is the team's primary and secondary admin where team roles are known.
    assert_eq!(
        unassign.people,
        people(&["admin@acme.example", "sc@acme.example"])
    );
    assert_eq!(unassign.user.as_deref(), Some("gone@acme.example"));
    assert_eq!(unassign.savings, Some(300_000));
    assert!(unassign
        .where_
        .contains("By Product › Revit › gone@acme.example › Unassign"));
    // The seat it frees is reduced at renewal by the reseller the contract names.
    let reduce = plan
        .actions
        .iter()
        .find(|a| a.kind == Kind::ReduceSeats)
        .unwrap();
    assert!(reduce.safe && reduce.settles.is_empty());
    assert_eq!(reduce.seat_count, Some((3, 2)));
    assert_eq!(reduce.who.as_str(), "reseller");
    assert_eq!(reduce.people, people(&["sales@reseller.example"]));
    assert_eq!(reduce.follows, [unassign.id]);
    assert_eq!(plan.savings(), Some(300_000));
    // An inactive holder is not removed: only active or invited users would be RC303's.
    assert!(!plan.actions.iter().any(|a| a.kind == Kind::RemoveUser));
}

#[test]
fn free_seats_go_to_a_choice_when_people_of_the_team_hold_no_seat() {
    let plan = plan_of(
        &format!(
            "account: Acme\nas_of: 2026-11-02\n{USERS}
contracts:
  - number: \"110001234567\"
    team: Design
    ends: 2027-09-30
    contract_manager: cm@acme.example
    software_coordinators: [sc@acme.example]
    products:
      - name: Revit
        seats: 4
        assigned: [cm@acme.example, sc@acme.example, admin@acme.example]
"
        ),
        None,
    );
    let choice = entry_settling(&plan, "RC301");
    assert_eq!(choice.kind, Kind::AssignSeat);
    assert!(plan.choices.iter().any(|c| c.id == choice.id));
    assert_eq!(choice.who.as_str(), "contract_manager");
    assert_eq!(choice.people, people(&["cm@acme.example"]));
    assert_eq!(
        choice.candidates,
        [rollcall_fix::Candidate::Person("ana@acme.example".into())]
    );
    assert_eq!(choice.files, ["assign-design-revit.csv"]);
    let files = rollcall_fix::render::files(&plan);
    let csv = files
        .iter()
        .find(|(n, _)| n == "assign-design-revit.csv")
        .unwrap();
    assert_eq!(
        csv.1,
        b"First name,Last name,Email address\r\nAna,Silva,ana@acme.example\r\n"
    );
    // RC303: a free seat of their team, or remove them; left to the admin.
    let seatless = entry_settling(&plan, "RC303");
    assert_eq!(seatless.kind, Kind::AssignSeat);
    assert_eq!(
        seatless.candidates,
        [rollcall_fix::Candidate::Product {
            contract: "110001234567".into(),
            product: "Revit".into()
        }]
    );
    // Nothing is applied: the seat count stays.
    assert_eq!(plan.planned.contracts[0].products[0].seats.value, 4);
}

#[test]
fn role_choices_list_team_admins_first_and_never_the_person_concerned() {
    let plan = plan_of(
        &format!(
            "account: Acme\nas_of: 2026-11-02\n{USERS}
contracts:
  - number: \"110001234567\"
    team: Design
    ends: 2027-09-30
    contract_manager: cm@acme.example
    products:
      - {{ name: Revit, seats: 2, assigned: [cm@acme.example, ana@acme.example] }}
  - number: \"110001234568\"
    team: Design
    ends: 2027-09-30
    reseller: sales@reseller.example
    products:
      - {{ name: AutoCAD, seats: 1, assigned: [admin@acme.example] }}
  - number: \"110001234569\"
    team: Design
    ends: 2027-09-30
    contract_manager: sc@acme.example
    software_coordinators: [admin@acme.example]
teams:
  - name: Design
    primary_admin: admin@acme.example
    secondary_admins: [sc@acme.example]
"
        ),
        None,
    );
    // RC101: the Contract Manager names a Software Coordinator.
    let rc101 = entry_settling(&plan, "RC101");
    assert_eq!(rc101.kind, Kind::NameSoftwareCoordinator);
    assert_eq!(rc101.who.as_str(), "contract_manager");
    assert_eq!(rc101.people, people(&["cm@acme.example"]));
    let names: Vec<String> = rc101
        .candidates
        .iter()
        .map(|c| match c {
            rollcall_fix::Candidate::Person(p) => p.clone(),
            _ => String::new(),
        })
        .collect();
    // Team admins first, then active users; never the CM, never the inactive user.
    assert_eq!(
        names,
        people(&["admin@acme.example", "sc@acme.example", "ana@acme.example"])
    );
    // RC102: the Contract Manager is named by the reseller the contract names.
    let rc102 = entry_settling(&plan, "RC102");
    assert_eq!(rc102.kind, Kind::NameContractManager);
    assert_eq!(rc102.who.as_str(), "reseller");
    assert_eq!(rc102.people, people(&["sales@reseller.example"]));
    // RC202: a decision, not a person.
    let rc202 = entry_settling(&plan, "RC202");
    assert_eq!(rc202.kind, Kind::DecideRolePolicy);
    assert!(plan
        .actions
        .iter()
        .all(|a| !a.settles.iter().any(|s| s.rule.starts_with("RC1"))));
}

#[test]
fn a_contract_manager_without_a_reseller_is_autodesks_to_change() {
    let plan = plan_of(
        &format!(
            "account: Acme\nas_of: 2026-11-02\n{USERS}
contracts:
  - number: \"110001234567\"
    contract_manager: gone@acme.example
    software_coordinators: [sc@acme.example]
    products:
      - {{ name: Revit, seats: 1, assigned: [sc@acme.example] }}
"
        ),
        None,
    );
    let rc104 = entry_settling(&plan, "RC104");
    assert_eq!(rc104.kind, Kind::NameContractManager);
    assert_eq!(rc104.who.as_str(), "autodesk");
    assert_eq!(rc104.user.as_deref(), Some("gone@acme.example"));
}

#[test]
fn invitations_duplicates_and_waivers() {
    let plan = plan_of(
        "account: Acme\nas_of: 2026-11-02
users:
  - { email: cm@acme.example, name: Carla Mendes }
  - { email: cm@acme.example, name: Carla Mendes }
  - { email: new@acme.example, name: \"Ng, Jr.\", status: invited, invited_on: 2026-10-20 }
  - { email: old@acme.example, status: invited, invited_on: 2026-06-01 }
  - { email: other@acme.example, status: invited, invited_on: 2026-06-01 }
contracts:
  - number: \"110001234567\"
    team: Design
    contract_manager: cm@acme.example
    software_coordinators: [cm@acme.example]
    products:
      - { name: Revit, seats: 3, assigned: [cm@acme.example, old@acme.example, new@acme.example] }
  - number: \"110001234568\"
    team: Site
    contract_manager: cm@acme.example
    software_coordinators: [cm@acme.example]
    products:
      - { name: AutoCAD, seats: 1, assigned: [other@acme.example] }
",
        Some("waivers:\n  - rule: RC101\n    reason: two-person firm, reviewed\n"),
    );
    let dup = entry_settling(&plan, "RC501");
    assert_eq!(dup.kind, Kind::RemoveDuplicate);
    assert!(dup.safe);
    assert_eq!(
        plan.planned
            .users
            .iter()
            .flatten()
            .filter(|u| u.email.value.as_str() == "cm@acme.example")
            .count(),
        1
    );
    let stale = entry_settling(&plan, "RC305");
    assert_eq!(stale.kind, Kind::Reinvite);
    assert_eq!(stale.files, ["invite-design.csv"]);
    let expired = plan
        .actions
        .iter()
        .filter(|a| a.kind == Kind::RemoveAndReinvite)
        .collect::<Vec<_>>();
    assert_eq!(expired.len(), 2);
    assert_eq!(
        expired[0].files,
        ["invite-design.csv", "assign-design-revit.csv"]
    );
    assert_eq!(
        expired[1].files,
        ["invite-site.csv", "assign-site-autocad.csv"]
    );
    let files = rollcall_fix::render::files(&plan);
    let invite = &files
        .iter()
        .find(|(n, _)| n == "invite-design.csv")
        .unwrap()
        .1;
    assert_eq!(
        String::from_utf8(invite.clone()).unwrap(),
        "First name,Last name,Email address\r\n\"Ng,\",Jr.,new@acme.example\r\n,,old@acme.example\r\n"
    );
    // Re-sent invitations are dated today in the planned account.
    for u in plan.planned.users.iter().flatten() {
        if u.email.value.as_str() != "cm@acme.example" {
            assert_eq!(u.invited_on.as_ref().unwrap().value, today());
        }
    }
    // A waived finding asks for nothing; the reason says why.
    assert!(plan
        .no_action
        .iter()
        .all(|n| n.why.starts_with("waived: two-person firm")));
    assert_eq!(plan.no_action.len(), 2);
}

#[test]
fn an_ended_contracts_seats_go_in_one_action_with_the_findings_on_them() {
    let plan = plan_of(
        &format!(
            "account: Acme\nas_of: 2026-11-02\n{USERS}
contracts:
  - number: \"110001234567\"
    team: Design
    ends: 2026-09-30
    contract_manager: cm@acme.example
    software_coordinators: [sc@acme.example]
    products:
      - {{ name: Revit, seats: 2, assigned: [sc@acme.example, gone@acme.example] }}
      - {{ name: AutoCAD, seats: 1, assigned: [cm@acme.example] }}
"
        ),
        None,
    );
    let ended = entry_settling(&plan, "RC402");
    assert_eq!(ended.kind, Kind::UnassignSeat);
    assert_eq!(ended.seats.len(), 3);
    let rules: Vec<&str> = ended.settles.iter().map(|s| s.rule).collect();
    assert!(rules.contains(&"RC304"), "{rules:?}");
    let unassigns = plan
        .actions
        .iter()
        .filter(|a| a.kind == Kind::UnassignSeat)
        .count();
    assert_eq!(unassigns, 1);
}

#[test]
fn informational_and_unknown_role_findings_need_no_action() {
    let plan = plan_of(
        "account: Acme\nas_of: 2026-11-02
contracts:
  - number: \"110001234567\"
    contract_manager: unknown
    software_coordinators: unknown
    products:
      - { name: Revit, seats: 1 }
",
        None,
    );
    assert!(plan.actions.is_empty() && plan.choices.is_empty());
    assert_eq!(plan.no_action.len(), 2);
    assert!(plan.no_action.iter().all(|n| n.settles[0].rule == "RC503"));
    assert!(plan.no_action[0].why.contains("write who holds the role"));
    assert!(plan.imports.is_empty());
}
