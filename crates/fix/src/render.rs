//! A plan's files: `plan.md` (grouped by who acts), `plan.json`, the planned `account.yaml`,
//! the import files; and the portfolio's `README.md`.

use std::fmt::Write as _;

use serde::Serialize;

use crate::{Candidate, Entry, Kind, Plan, Settled, Who};

/// An amount of cents as the reports write it: `3000`, `1999.50`.
fn amount(cents: u64) -> String {
    if cents.is_multiple_of(100) {
        (cents / 100).to_string()
    } else {
        format!("{}.{:02}", cents / 100, cents % 100)
    }
}

fn json_amount(cents: u64) -> serde_json::Value {
    if cents.is_multiple_of(100) {
        serde_json::Value::from(cents / 100)
    } else {
        // Exact to the cent for any amount below 2^52 cents (45 trillion a year).
        #[allow(clippy::cast_precision_loss)]
        let units = cents as f64 / 100.0;
        serde_json::Number::from_f64(units)
            .map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

#[derive(Serialize)]
struct JsonSubject<'a> {
    contract: Option<&'a str>,
    team: Option<&'a str>,
    product: Option<&'a str>,
    user: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonSettled<'a> {
    rule: &'a str,
    subject: JsonSubject<'a>,
    message: &'a str,
}

fn settled(list: &[Settled]) -> Vec<JsonSettled<'_>> {
    list.iter()
        .map(|s| JsonSettled {
            rule: s.rule,
            subject: JsonSubject {
                contract: s.subject.contract.as_deref(),
                team: s.subject.team.as_deref(),
                product: s.subject.product.as_deref(),
                user: s.subject.user.as_deref(),
            },
            message: &s.message,
        })
        .collect()
}

#[derive(Serialize)]
struct JsonSeat<'a> {
    product: &'a str,
    user: &'a str,
}

#[derive(Serialize)]
struct JsonMoney<'a> {
    amount: serde_json::Value,
    currency: &'a str,
}

#[derive(Serialize)]
struct JsonAction<'a> {
    id: usize,
    kind: &'static str,
    who: &'static str,
    people: &'a [String],
    safe: bool,
    contract: Option<&'a str>,
    team: Option<&'a str>,
    product: Option<&'a str>,
    user: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    seats: Vec<JsonSeat<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    seats_from: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    seats_to: Option<u64>,
    settles: Vec<JsonSettled<'a>>,
    #[serde(skip_serializing_if = "<[usize]>::is_empty")]
    follows: &'a [usize],
    #[serde(skip_serializing_if = "Option::is_none")]
    why: Option<&'a str>,
    #[serde(rename = "where")]
    where_: &'a str,
    savings: Option<JsonMoney<'a>>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    files: &'a [String],
}

#[derive(Serialize)]
#[serde(untagged)]
enum JsonCandidate<'a> {
    Text(&'a str),
    Product { contract: &'a str, product: &'a str },
}

#[derive(Serialize)]
struct JsonChoice<'a> {
    id: usize,
    kind: &'static str,
    who: &'static str,
    people: &'a [String],
    contract: Option<&'a str>,
    team: Option<&'a str>,
    product: Option<&'a str>,
    user: Option<&'a str>,
    candidates: Vec<JsonCandidate<'a>>,
    candidates_total: usize,
    settles: Vec<JsonSettled<'a>>,
    #[serde(skip_serializing_if = "<[usize]>::is_empty")]
    follows: &'a [usize],
    #[serde(skip_serializing_if = "Option::is_none")]
    why: Option<&'a str>,
    #[serde(rename = "where")]
    where_: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    files: &'a [String],
}

#[derive(Serialize)]
struct JsonNoAction<'a> {
    settles: Vec<JsonSettled<'a>>,
    why: &'a str,
}

#[derive(Serialize)]
struct JsonSummary {
    actions: usize,
    safe: usize,
    choices: usize,
    no_action: usize,
    savings: std::collections::BTreeMap<String, serde_json::Value>,
}

#[derive(Serialize)]
struct JsonPlan<'a> {
    version: u32,
    account: &'a str,
    as_of: String,
    actions: Vec<JsonAction<'a>>,
    choices: Vec<JsonChoice<'a>>,
    no_action: Vec<JsonNoAction<'a>>,
    files: Vec<String>,
    summary: JsonSummary,
}

/// `plan.json`: the plan as data (remediation.md, "plan.json").
pub fn json(plan: &Plan) -> String {
    let currency = plan.currency.as_deref().unwrap_or("");
    let actions = plan
        .actions
        .iter()
        .map(|a| JsonAction {
            id: a.id,
            kind: a.kind.as_str(),
            who: a.who.as_str(),
            people: &a.people,
            safe: a.safe,
            contract: a.contract.as_deref(),
            team: a.team.as_deref(),
            product: a.product.as_deref(),
            user: a.user.as_deref(),
            seats: if a.kind == Kind::UnassignSeat {
                a.seats
                    .iter()
                    .map(|s| JsonSeat {
                        product: &s.product,
                        user: &s.user,
                    })
                    .collect()
            } else {
                Vec::new()
            },
            seats_from: a.seat_count.map(|c| c.0),
            seats_to: a.seat_count.map(|c| c.1),
            settles: settled(&a.settles),
            follows: &a.follows,
            why: a.why.as_deref(),
            where_: &a.where_,
            savings: a.savings.map(|c| JsonMoney {
                amount: json_amount(c),
                currency,
            }),
            files: &a.files,
        })
        .collect();
    let choices = plan
        .choices
        .iter()
        .map(|c| JsonChoice {
            id: c.id,
            kind: c.kind.as_str(),
            who: c.who.as_str(),
            people: &c.people,
            contract: c.contract.as_deref(),
            team: c.team.as_deref(),
            product: c.product.as_deref(),
            user: c.user.as_deref(),
            candidates: c
                .candidates
                .iter()
                .map(|k| match k {
                    Candidate::Person(p) => JsonCandidate::Text(p),
                    Candidate::Value(v) => JsonCandidate::Text(v),
                    Candidate::Product { contract, product } => {
                        JsonCandidate::Product { contract, product }
                    }
                })
                .collect(),
            candidates_total: c.candidates_total,
            settles: settled(&c.settles),
            follows: &c.follows,
            why: c.why.as_deref(),
            where_: &c.where_,
            files: &c.files,
        })
        .collect();
    let no_action = plan
        .no_action
        .iter()
        .map(|n| JsonNoAction {
            settles: settled(&n.settles),
            why: &n.why,
        })
        .collect();
    let mut savings = std::collections::BTreeMap::new();
    if let (Some(c), Some(total)) = (&plan.currency, plan.savings()) {
        savings.insert(c.clone(), json_amount(total));
    }
    let doc = JsonPlan {
        version: 1,
        account: &plan.account,
        as_of: plan.today.to_string(),
        actions,
        choices,
        no_action,
        files: plan.file_names(),
        summary: JsonSummary {
            actions: plan.actions.len(),
            safe: plan.actions.iter().filter(|a| a.safe).count(),
            choices: plan.choices.len(),
            no_action: plan.no_action.len(),
            savings,
        },
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// Text from the account, safe inside Markdown code spans.
fn code(s: &str) -> String {
    format!("`{}`", s.replace('`', "'").replace(['\r', '\n'], " "))
}

#[allow(clippy::many_single_char_names)]
fn title(e: &Entry) -> String {
    let c = e.contract.as_deref().map_or_else(String::new, code);
    let p = e.product.as_deref().map_or_else(String::new, code);
    let u = e.user.as_deref().map_or_else(String::new, code);
    let t = e.team.as_deref().map_or_else(String::new, code);
    match e.kind {
        Kind::UnassignSeat if e.seats.len() == 1 => format!("Unassign {p} from {u}"),
        Kind::UnassignSeat => format!("Unassign the {} seat(s) of contract {c}", e.seats.len()),
        Kind::Reinvite => format!("Send the invitation to {u} again"),
        Kind::RemoveAndReinvite => format!("Remove {u}, then invite them again"),
        Kind::ReduceSeats => {
            let (from, to) = e.seat_count.unwrap_or_default();
            format!("Reduce {p} of contract {c} from {from} to {to} seat(s) at renewal")
        }
        Kind::RemoveDuplicate => format!("Remove the repeated entry of {u}"),
        Kind::RemoveUser => format!("Remove the user {u}"),
        Kind::MoveToFlex => format!("Move {u}'s seat of {p} to Flex at renewal"),
        Kind::Renew => format!("Renew contract {c}, or turn automatic renewal on"),
        Kind::CoTerm => "Co-term the contracts at the next renewal".to_owned(),
        Kind::AssignSeat if e.user.is_some() => {
            format!("Assign {u} a free seat, or remove the user")
        }
        Kind::AssignSeat => {
            format!("Give the free seats of {p} (contract {c}) to people without a seat, or reduce them")
        }
        Kind::UnassignSeats => format!("Unassign holders of {p} (contract {c}), or buy seats"),
        Kind::NameContractManager => format!("Name the Contract Manager of contract {c}"),
        Kind::NameSoftwareCoordinator => {
            format!("Name a Software Coordinator for contract {c}")
        }
        Kind::NameAdmin if t.is_empty() => "Name an admin".to_owned(),
        Kind::NameAdmin => format!("Name a secondary admin for team {t}"),
        Kind::DecideRolePolicy => "Decide the role policy across contracts".to_owned(),
    }
}

fn entry_md(s: &mut String, e: &Entry, choice: bool, currency: Option<&str>) {
    let label = if choice { "Choice" } else { "Action" };
    let _ = writeln!(s, "### {label} {}: {}\n", e.id, title(e));
    let who = if e.people.is_empty() {
        format!("{} (the account names nobody in this role)", e.who.as_str())
    } else {
        let people: Vec<String> = e.people.iter().map(|p| code(p)).collect();
        format!("{}: {}", e.who.as_str(), people.join(", "))
    };
    let _ = writeln!(s, "- **Who:** {who}");
    if let Some(why) = &e.why {
        let _ = writeln!(s, "- **What:** {}", why.replace('\n', " "));
    }
    if e.seats.len() > 1 {
        let seats: Vec<String> = e
            .seats
            .iter()
            .map(|x| format!("{} ({})", code(&x.user), code(&x.product)))
            .collect();
        let _ = writeln!(s, "- **Seats:** {}", seats.join(", "));
    }
    if !e.candidates.is_empty() || choice {
        let list: Vec<String> = e
            .candidates
            .iter()
            .map(|c| match c {
                Candidate::Person(p) => code(p),
                Candidate::Value(v) => code(v),
                Candidate::Product { contract, product } => {
                    format!("{} of contract {}", code(product), code(contract))
                }
            })
            .collect();
        let more = e.candidates_total.saturating_sub(e.candidates.len());
        let text = match (list.is_empty(), more) {
            (true, _) => "none that rollcall sees".to_owned(),
            (false, 0) => list.join(", "),
            (false, n) => format!("{} and {n} more (plan.json counts them)", list.join(", ")),
        };
        let _ = writeln!(s, "- **Candidates:** {text}");
    }
    let _ = writeln!(s, "- **Where:** {}", e.where_.replace('\n', " "));
    if !e.settles.is_empty() {
        let _ = writeln!(s, "- **Why:**");
        for f in &e.settles {
            let _ = writeln!(s, "  - {} {}", f.rule, f.message.replace('\n', " "));
        }
    }
    if !e.follows.is_empty() {
        let ids: Vec<String> = e.follows.iter().map(|i| format!("{i}")).collect();
        let _ = writeln!(s, "- **Follows from:** action {}", ids.join(", "));
    }
    if let (Some(cents), Some(cur)) = (e.savings, currency) {
        if cents > 0 {
            let _ = writeln!(s, "- **Saves:** {} {cur} a year", amount(cents));
        }
    }
    if !e.files.is_empty() {
        let files: Vec<String> = e.files.iter().map(|f| code(f)).collect();
        let _ = writeln!(s, "- **Import file:** {}", files.join(", "));
    }
    if !choice {
        let _ = writeln!(
            s,
            "- **Safe:** {}",
            if e.safe {
                "yes (`account.yaml` shows the account once it is done)"
            } else {
                "no: a person decides"
            }
        );
    }
    s.push('\n');
}

/// `plan.md`: the actions and choices grouped by who acts, each with why, where and what it
/// saves; then the findings that ask for nothing, and the import files.
pub fn markdown(plan: &Plan) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Remediation plan: {}\n",
        plan.account.replace('\n', " ")
    );
    let _ = writeln!(
        s,
        "Written by `rollcall fix` from the audit of {} as of {}. Nothing has been changed: \
         the people named below carry out the actions and decide the choices.\n",
        code(&plan.path),
        plan.today
    );
    let safe = plan.actions.iter().filter(|a| a.safe).count();
    let _ = writeln!(s, "| | |\n|---|---|");
    let _ = writeln!(s, "| actions | {} ({safe} safe) |", plan.actions.len());
    let _ = writeln!(s, "| choices | {} |", plan.choices.len());
    let _ = writeln!(
        s,
        "| findings that need no action | {} |",
        plan.no_action.len()
    );
    if let (Some(total), Some(cur)) = (plan.savings(), &plan.currency) {
        let _ = writeln!(s, "| savings a year | {} {cur} |", amount(total));
    }
    s.push('\n');
    if plan.actions.is_empty() && plan.choices.is_empty() {
        s.push_str("Nothing to do.\n\n");
    }
    for who in [
        Who::Admin,
        Who::ContractManager,
        Who::Reseller,
        Who::Autodesk,
    ] {
        let actions: Vec<&Entry> = plan.actions.iter().filter(|a| a.who == who).collect();
        let choices: Vec<&Entry> = plan.choices.iter().filter(|a| a.who == who).collect();
        if actions.is_empty() && choices.is_empty() {
            continue;
        }
        let _ = writeln!(s, "## {}\n", who.title());
        for a in actions {
            entry_md(&mut s, a, false, plan.currency.as_deref());
        }
        for c in choices {
            entry_md(&mut s, c, true, plan.currency.as_deref());
        }
    }
    if !plan.no_action.is_empty() {
        s.push_str("## No action\n\n");
        for n in &plan.no_action {
            for f in &n.settles {
                let _ = writeln!(
                    s,
                    "- {} {}: {}",
                    f.rule,
                    f.message.replace('\n', " "),
                    n.why.replace('\n', " ")
                );
            }
        }
        s.push('\n');
    }
    let files = plan.file_names();
    if !files.is_empty() {
        s.push_str("## Import files\n\nIn Autodesk's format (First name, Last name, Email address), beside this plan:\n\n");
        for l in &plan.imports {
            let names = l.file_names();
            let _ = writeln!(
                s,
                "- {}: {} person(s)",
                names.iter().map(|n| code(n)).collect::<Vec<_>>().join(", "),
                l.people.len()
            );
        }
        s.push('\n');
    }
    s
}

/// The planned snapshot: the account once every safe action is carried out, in the form
/// `rollcall convert` writes.
pub fn account_yaml(plan: &Plan) -> String {
    let text = rollcall_input::convert::to_snapshot_yaml(&plan.planned);
    let rest = text.split_once('\n').map_or("", |(_, r)| r);
    format!(
        "# Written by `rollcall fix`: {} once the safe actions of plan.md are carried out\n{rest}",
        plan.account.replace('\n', " ")
    )
}

/// Every file of a plan, named relative to its folder: `plan.md`, `plan.json`,
/// `account.yaml`, then the import files.
pub fn files(plan: &Plan) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![
        ("plan.md".to_owned(), markdown(plan).into_bytes()),
        ("plan.json".to_owned(), json(plan).into_bytes()),
        ("account.yaml".to_owned(), account_yaml(plan).into_bytes()),
    ];
    for l in &plan.imports {
        out.extend(l.files());
    }
    out
}

/// One account's line of the portfolio summary.
#[derive(Clone, Debug)]
pub struct Summary {
    pub account: String,
    /// The plan's folder, relative to the output folder (`""` for the output folder itself).
    pub folder: String,
    pub actions: usize,
    pub safe: usize,
    pub choices: usize,
    pub no_action: usize,
    pub savings: Option<(u64, String)>,
}

impl Summary {
    pub fn of(plan: &Plan, folder: &str) -> Self {
        Self {
            account: plan.account.clone(),
            folder: folder.to_owned(),
            actions: plan.actions.len(),
            safe: plan.actions.iter().filter(|a| a.safe).count(),
            choices: plan.choices.len(),
            no_action: plan.no_action.len(),
            savings: plan.savings().zip(plan.currency.clone()),
        }
    }
}

/// `README.md` of the output folder: every account's plan in one table, with the totals.
/// `failed` lists the folders whose account could not be audited (no plan written).
pub fn portfolio(plans: &[Summary], failed: &[String]) -> String {
    let mut s = String::from("# Remediation plans\n\n");
    let actions: usize = plans.iter().map(|p| p.actions).sum();
    let safe: usize = plans.iter().map(|p| p.safe).sum();
    let choices: usize = plans.iter().map(|p| p.choices).sum();
    let none: usize = plans.iter().map(|p| p.no_action).sum();
    let mut totals: std::collections::BTreeMap<&str, u64> = std::collections::BTreeMap::new();
    for p in plans {
        if let Some((c, cur)) = &p.savings {
            let t = totals.entry(cur.as_str()).or_default();
            *t = t.saturating_add(*c);
        }
    }
    let _ = writeln!(
        s,
        "Written by `rollcall fix`: {} account(s), {actions} action(s) ({safe} safe), {choices} choice(s), {none} finding(s) that need no action.",
        plans.len()
    );
    if !totals.is_empty() {
        let t: Vec<String> = totals
            .iter()
            .map(|(cur, c)| format!("{} {cur}", amount(*c)))
            .collect();
        let _ = writeln!(s, "Savings a year: {}.", t.join(", "));
    }
    s.push_str("\n| account | actions | safe | choices | no action | savings a year |\n|---|---|---|---|---|---|\n");
    for p in plans {
        let link = if p.folder.is_empty() {
            "plan.md".to_owned()
        } else {
            format!("{}/plan.md", p.folder)
        };
        let name = p.account.replace(['|', '[', ']', '\n'], " ");
        let savings = p
            .savings
            .as_ref()
            .map_or_else(String::new, |(c, cur)| format!("{} {cur}", amount(*c)));
        let _ = writeln!(
            s,
            "| [{name}](<{link}>) | {} | {} | {} | {} | {savings} |",
            p.actions, p.safe, p.choices, p.no_action
        );
    }
    if !failed.is_empty() {
        s.push_str("\n## Not planned\n\nThese folders could not be audited (the errors are reported as `rollcall check` reports them):\n\n");
        for f in failed {
            let _ = writeln!(s, "- {}", code(f));
        }
    }
    s
}
