//! A plan's files: `plan.md` (grouped by who acts), `plan.json`, the planned `account.yaml`,
//! the import files; and the portfolio's `README.md`.

use std::fmt::Write as _;

use serde::Serialize;

use crate::{Candidate, Entry, Kind, Plan, Settled, Who};

use rollcall_report::report::{amount_of as amount, Amount};

/// An amount of cents as JSON writes money (the reports' own serializer).
fn json_amount(cents: u64) -> serde_json::Value {
    serde_json::to_value(Amount(cents)).unwrap_or(serde_json::Value::Null)
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
            // Listed where the action unassigns more than the one seat it names.
            seats: if a.kind == Kind::UnassignSeat && a.seats.len() > 1 {
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

/// Text from the account in a Markdown code span (a backtick in it becomes `'`, a line break
/// a space), written without a copy.
struct Code<'a>(&'a str);

impl std::fmt::Display for Code<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("`")?;
        Line(self.0).write(f, true)?;
        f.write_str("`")
    }
}

/// Text on one line: line breaks become spaces.
struct Line<'a>(&'a str);

impl Line<'_> {
    fn write(&self, f: &mut std::fmt::Formatter<'_>, code: bool) -> std::fmt::Result {
        let special = |c: char| c == '\n' || c == '\r' || (code && c == '`');
        if !self.0.contains(special) {
            return f.write_str(self.0);
        }
        for c in self.0.chars() {
            match c {
                '\n' | '\r' => f.write_str(" ")?,
                '`' if code => f.write_str("'")?,
                c => std::fmt::Write::write_char(f, c)?,
            }
        }
        Ok(())
    }
}

impl std::fmt::Display for Line<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.write(f, false)
    }
}

fn code(s: &str) -> String {
    Code(s).to_string()
}

/// Writes a list, `, `-separated.
fn list<T>(s: &mut String, items: &[T], item: impl Fn(&mut String, &T)) {
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        item(s, x);
    }
}

#[allow(clippy::many_single_char_names)]
fn title(s: &mut String, e: &Entry) {
    let none = "";
    let c = Code(e.contract.as_deref().unwrap_or(none));
    let p = Code(e.product.as_deref().unwrap_or(none));
    let u = Code(e.user.as_deref().unwrap_or(none));
    let _ = match e.kind {
        Kind::UnassignSeat if e.seats.len() == 1 => write!(s, "Unassign {p} from {u}"),
        Kind::UnassignSeat => write!(s, "Unassign the {} seat(s) of contract {c}", e.seats.len()),
        Kind::Reinvite => write!(s, "Send the invitation to {u} again"),
        Kind::RemoveAndReinvite => write!(s, "Remove {u}, then invite them again"),
        Kind::ReduceSeats => {
            let (from, to) = e.seat_count.unwrap_or_default();
            write!(
                s,
                "Reduce {p} of contract {c} from {from} to {to} seat(s) at renewal"
            )
        }
        Kind::RemoveDuplicate => write!(s, "Remove the repeated entry of {u}"),
        Kind::RemoveUser => write!(s, "Remove the user {u}"),
        Kind::MoveToFlex => write!(s, "Move {u}'s seat of {p} to Flex at renewal"),
        Kind::Renew => write!(s, "Renew contract {c}, or turn automatic renewal on"),
        Kind::CoTerm => write!(s, "Co-term the contracts at the next renewal"),
        Kind::AssignSeat if e.user.is_some() => {
            write!(s, "Assign {u} a free seat, or remove the user")
        }
        Kind::AssignSeat => write!(
            s,
            "Give the free seats of {p} (contract {c}) to people without a seat, or reduce them"
        ),
        Kind::UnassignSeats => write!(s, "Unassign holders of {p} (contract {c}), or buy seats"),
        Kind::NameContractManager => write!(s, "Name the Contract Manager of contract {c}"),
        Kind::NameSoftwareCoordinator => {
            write!(s, "Name a Software Coordinator for contract {c}")
        }
        Kind::NameAdmin => match &e.team {
            Some(t) => write!(s, "Name a secondary admin for team {}", Code(t)),
            None => write!(s, "Name an admin"),
        },
        Kind::DecideRolePolicy => write!(s, "Decide the role policy across contracts"),
    };
}

fn entry_md(s: &mut String, e: &Entry, choice: bool, currency: Option<&str>) {
    let label = if choice { "Choice" } else { "Action" };
    let _ = write!(s, "### {label} {}: ", e.id);
    title(s, e);
    s.push_str("\n\n- **Who:** ");
    s.push_str(e.who.as_str());
    if e.people.is_empty() {
        s.push_str(" (nobody who can act: none is named, or the one named has gone)");
    } else {
        s.push_str(": ");
        list(s, &e.people, |s, p| {
            let _ = write!(s, "{}", Code(p));
        });
    }
    s.push('\n');
    if let Some(why) = &e.why {
        let _ = writeln!(s, "- **What:** {}", Line(why));
    }
    if e.seats.len() > 1 {
        s.push_str("- **Seats:** ");
        list(s, &e.seats, |s, x| {
            let _ = write!(s, "{} ({})", Code(&x.user), Code(&x.product));
        });
        s.push('\n');
    }
    if !e.candidates.is_empty() || choice {
        s.push_str("- **Candidates:** ");
        if e.candidates.is_empty() {
            s.push_str("none that rollcall sees");
        } else {
            list(s, &e.candidates, |s, c| {
                let _ = match c {
                    Candidate::Person(p) => write!(s, "{}", Code(p)),
                    Candidate::Value(v) => write!(s, "{}", Code(v)),
                    Candidate::Product { contract, product } => {
                        write!(s, "{} of contract {}", Code(product), Code(contract))
                    }
                };
            });
            let more = e.candidates_total.saturating_sub(e.candidates.len());
            if more > 0 {
                let _ = write!(s, " and {more} more (plan.json counts them)");
            }
        }
        s.push('\n');
    }
    let _ = writeln!(s, "- **Where:** {}", Line(&e.where_));
    if !e.settles.is_empty() {
        s.push_str("- **Why:**\n");
        for f in &e.settles {
            let _ = writeln!(s, "  - {} {}", f.rule, Line(&f.message));
        }
    }
    if !e.follows.is_empty() {
        s.push_str("- **Follows from:** action ");
        list(s, &e.follows, |s, i| {
            let _ = write!(s, "{i}");
        });
        s.push('\n');
    }
    if let (Some(cents), Some(cur)) = (e.savings, currency) {
        if cents > 0 {
            let _ = writeln!(s, "- **Saves:** {} {cur} a year", amount(cents));
        }
    }
    if !e.files.is_empty() {
        s.push_str("- **Import file:** ");
        list(s, &e.files, |s, f| {
            let _ = write!(s, "{}", Code(f));
        });
        s.push('\n');
    }
    if !choice {
        s.push_str(if e.safe {
            "- **Safe:** yes (`account.yaml` shows the account once it is done)\n"
        } else {
            "- **Safe:** no: a person decides\n"
        });
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
