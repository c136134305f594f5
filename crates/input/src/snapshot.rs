//! The account snapshot reader (`account.yaml` / `.json`, format 1).
//!
//! Every mistake is collected as a located [`InputError`], so that one run shows all the
//! problems of a file; a file with any error contributes no data.

use std::collections::HashMap;

use rollcall_model::{
    Access, Account, Assignment, At, Contract, Day, Email, FileId, Origin, Product, Recorded,
    RolesPolicy, SeatUsage, Status, Team, User,
};

use crate::yaml::{self, Node, Pos, Scalar};
use rollcall_source::{suggest, InputError};

/// Keys the reader accepts here (the JSON Schema lists the same; a test holds it).
pub const TOP_KEYS: &[&str] = &[
    "format",
    "account",
    "domains",
    "as_of",
    "policy",
    "users",
    "contracts",
    "teams",
];
/// Keys the reader accepts here (the JSON Schema lists the same; a test holds it).
pub const POLICY_KEYS: &[&str] = &["roles_across_contracts"];
/// Keys the reader accepts here (the JSON Schema lists the same; a test holds it).
pub const USER_KEYS: &[&str] = &["email", "name", "status", "invited_on", "last_active"];
/// Keys the reader accepts here (the JSON Schema lists the same; a test holds it).
pub const CONTRACT_KEYS: &[&str] = &[
    "number",
    "team",
    "ends",
    "auto_renew",
    "contract_manager",
    "primary_admin",
    "software_coordinators",
    "software_coordinator",
    "secondary_admins",
    "reseller",
    "products",
];
/// Keys the reader accepts here (the JSON Schema lists the same; a test holds it).
pub const PRODUCT_KEYS: &[&str] = &["name", "seats", "assigned"];
/// Keys the reader accepts here (the JSON Schema lists the same; a test holds it).
pub const ASSIGNMENT_KEYS: &[&str] = &[
    "user",
    "assigned_on",
    "days_used",
    "monthly_average",
    "last_used",
    "access",
];

/// The word that records a contract role nobody knows the holder of.
const UNKNOWN: &str = "unknown";
/// Keys the reader accepts here (the JSON Schema lists the same; a test holds it).
pub const TEAM_KEYS: &[&str] = &["name", "primary_admin", "secondary_admins", "sso_admins"];

/// What a snapshot gives: the account's data (without `files`, `path`), and its name if set.
pub struct Snapshot {
    pub account: Account,
    pub name: Option<String>,
}

/// Reads a snapshot's text. `path` names the file in errors; `file` is its id in the account.
pub fn read(src: &str, path: &str, file: FileId) -> Result<Snapshot, Vec<InputError>> {
    let root = yaml::parse_file(src, path)?;
    let mut r = Reader {
        path,
        file,
        errors: Vec::new(),
    };
    let snapshot = r.top(&root);
    if r.errors.is_empty() {
        Ok(snapshot)
    } else {
        Err(r.errors)
    }
}

struct Reader<'p> {
    path: &'p str,
    file: FileId,
    errors: Vec<InputError>,
}

/// The entries of one mapping by known key. A mapping has a handful of keys, so a list is
/// faster than a hash map (one is built per user entry).
#[derive(Default)]
struct Fields<'n>(Vec<(&'static str, (&'n Scalar<'n>, &'n Node<'n>))>);

impl<'n> Fields<'n> {
    fn get(&self, key: &str) -> Option<&(&'n Scalar<'n>, &'n Node<'n>)> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    fn insert(&mut self, key: &'static str, value: (&'n Scalar<'n>, &'n Node<'n>)) {
        self.0.push((key, value));
    }
}

impl Reader<'_> {
    fn origin(&self, pos: Pos) -> Origin {
        Origin {
            file: self.file,
            line: pos.line,
            column: pos.column,
            len: pos.len,
        }
    }

    fn error(
        &mut self,
        pos: Pos,
        code: &'static str,
        message: impl Into<String>,
    ) -> &mut InputError {
        self.errors.push(
            InputError::new(self.path, pos.line, pos.column, code, message).with_len(pos.len),
        );
        self.errors.last_mut().expect("just pushed")
    }

    /// The entries of a mapping by known key; unknown and repeated keys are errors.
    fn fields<'n>(
        &mut self,
        node: &'n Node<'n>,
        known: &[&'static str],
        what: &str,
    ) -> Option<Fields<'n>> {
        let Node::Map(entries, _) = node else {
            self.error(
                node.pos(),
                "rollcall::type",
                format!(
                    "{what} must be a mapping of keys to values, found {}",
                    node.kind()
                ),
            );
            return None;
        };
        let mut out: Fields<'n> = Fields::default();
        for (key, value) in entries {
            let Some(k) = known.iter().copied().find(|k| *k == key.text) else {
                let e = self.error(
                    key.pos,
                    "rollcall::unknown-key",
                    format!("unknown key `{}` in {what}", key.text),
                );
                e.help = Some(format!("the keys of {what} are: {}", known.join(", ")));
                if let Some(s) = suggest(&key.text, known.iter().copied()) {
                    e.message = format!("unknown key `{}`; did you mean `{s}`?", key.text);
                }
                continue;
            };
            if let Some((first, _)) = out.get(k) {
                let line = first.pos.line;
                self.error(
                    key.pos,
                    "rollcall::duplicate-key",
                    format!("key `{k}` is written twice in {what}"),
                )
                .help = Some(format!("the first `{k}` is on line {line}; keep one"));
                continue;
            }
            out.insert(k, (key, value));
        }
        Some(out)
    }

    fn require<'n>(
        &mut self,
        fields: &Fields<'n>,
        key: &str,
        map: &Node,
        what: &str,
    ) -> Option<&'n Node<'n>> {
        match fields.get(key) {
            Some((_, v)) => Some(*v),
            None => {
                self.error(
                    map.pos(),
                    "rollcall::missing-key",
                    format!("{what} is missing the required key `{key}`"),
                );
                None
            }
        }
    }

    fn text(&mut self, node: &Node, what: &str) -> Option<At<String>> {
        self.text_ref(node, what)
            .map(|(text, origin)| At::new(text.to_owned(), origin))
    }

    /// [`Reader::text`] without a copy of the text.
    fn text_ref<'n>(&mut self, node: &'n Node<'n>, what: &str) -> Option<(&'n str, Origin)> {
        match node {
            Node::Null(_) => None,
            Node::Scalar(s) => Some((s.text.trim(), self.origin(s.pos))),
            other => {
                self.error(
                    other.pos(),
                    "rollcall::type",
                    format!("{what} must be a single value, found {}", other.kind()),
                );
                None
            }
        }
    }

    fn email(&mut self, node: &Node, what: &str) -> Option<At<Email>> {
        let (text, origin) = self.text_ref(node, what)?;
        let email = Email::parse(text)?;
        // `hash:` and a `hashed_autodesk_id` stand for a person whose address is masked.
        let hashed = email.is_hash() && email.as_str().len() > Email::HASH_PREFIX.len();
        if !email.is_well_formed() && !hashed {
            self.error(
                node.pos(),
                "rollcall::email",
                format!("{what}: `{text}` is not an email address"),
            )
            .help = Some("write the person's address, such as `jane.doe@acme.example`, or `hash:` and the person's hashed_autodesk_id".into());
            return None;
        }
        Some(At::new(email, origin))
    }

    /// A list of addresses; a single address is accepted as a list of one, and empty entries
    /// are ignored.
    fn emails(&mut self, node: &Node, what: &str) -> Vec<At<Email>> {
        match node {
            Node::Seq(items, _) => items.iter().filter_map(|i| self.email(i, what)).collect(),
            other => self.email(other, what).into_iter().collect(),
        }
    }

    fn day(&mut self, node: &Node, what: &str) -> Option<At<Day>> {
        let (text, origin) = self.text_ref(node, what)?;
        match Day::parse_iso(text) {
            Some(d) => Some(At::new(d, origin)),
            None => {
                self.error(
                    node.pos(),
                    "rollcall::date",
                    format!("{what}: `{text}` is not a date"),
                )
                .help = Some("write dates as YYYY-MM-DD, such as 2027-01-31".into());
                None
            }
        }
    }

    fn boolean(&mut self, node: &Node, what: &str) -> Option<At<bool>> {
        let (text, origin) = self.text_ref(node, what)?;
        // YAML 1.2 says true/false; the YAML 1.1 words are accepted for booleans only, since
        // that is what a person writing `auto_renew: no` means.
        let is = |words: &[&str]| words.iter().any(|w| text.eq_ignore_ascii_case(w));
        let value = if is(&["true", "yes", "on", "y"]) {
            true
        } else if is(&["false", "no", "off", "n"]) {
            false
        } else {
            self.error(
                node.pos(),
                "rollcall::type",
                format!("{what}: `{text}` is not true or false"),
            );
            return None;
        };
        Some(At::new(value, origin))
    }

    fn count(&mut self, node: &Node, what: &str) -> Option<At<u64>> {
        self.whole(
            node,
            what,
            "write the number of seats bought as digits, such as `5`",
        )
    }

    fn whole(&mut self, node: &Node, what: &str, help: &str) -> Option<At<u64>> {
        let (text, origin) = self.text_ref(node, what)?;
        if let Ok(n) = text.parse::<u64>() {
            return Some(At::new(n, origin));
        }
        let raw = text.replace('_', "");
        if let Ok(n) = raw.parse::<u64>() {
            return Some(At::new(n, origin));
        }
        let e = if raw.parse::<i128>().is_ok_and(|n| n < 0) {
            self.error(
                node.pos(),
                "rollcall::range",
                format!("{what} must be 0 or more, found `{text}`"),
            )
        } else if raw.bytes().all(|b| b.is_ascii_digit()) && !raw.is_empty() {
            self.error(
                node.pos(),
                "rollcall::range",
                format!("{what}: `{text}` is too large"),
            )
        } else {
            self.error(
                node.pos(),
                "rollcall::type",
                format!("{what} must be a whole number, found `{text}`"),
            )
        };
        e.help = Some(help.into());
        None
    }

    /// A decimal number of 0 or more.
    fn decimal(&mut self, node: &Node, what: &str) -> Option<At<f64>> {
        let text = self.text(node, what)?;
        match text.value.parse::<f64>() {
            Ok(n) if n.is_finite() && n >= 0.0 => Some(At::new(n, text.origin)),
            _ => {
                self.error(
                    node.pos(),
                    "rollcall::type",
                    format!(
                        "{what} must be a number of 0 or more, found `{}`",
                        text.value
                    ),
                )
                .help = Some("write days of use a month as a decimal, such as `2.5`".into());
                None
            }
        }
    }

    /// The origin of a role's value when it is the word `unknown` (any case, the whole value).
    fn unknown_word(&self, node: &Node) -> Option<Origin> {
        match node {
            Node::Scalar(s) if s.text.trim().eq_ignore_ascii_case(UNKNOWN) => {
                Some(self.origin(s.pos))
            }
            _ => None,
        }
    }

    fn list<'n>(&mut self, node: &'n Node<'n>, what: &str) -> &'n [Node<'n>] {
        match node {
            Node::Seq(items, _) => items,
            Node::Null(_) => &[],
            other => {
                self.error(
                    other.pos(),
                    "rollcall::type",
                    format!("{what} must be a list, found {}", other.kind()),
                );
                &[]
            }
        }
    }

    fn top(&mut self, root: &Node) -> Snapshot {
        let mut account = Account::default();
        let mut name = None;
        if let Node::Null(pos) = root {
            self.error(*pos, "rollcall::empty", "the snapshot is empty")
                .help =
                Some("an account snapshot needs at least `contracts:` (which may be empty)".into());
            return Snapshot { account, name };
        }
        let Some(f) = self.fields(root, TOP_KEYS, "the account snapshot") else {
            return Snapshot { account, name };
        };
        if let Some((_, v)) = f.get("format") {
            if let Some(t) = self.text(v, "`format`") {
                if t.value != "1" {
                    self.error(
                        v.pos(),
                        "rollcall::format",
                        format!("unsupported snapshot format `{}`", t.value),
                    )
                    .help = Some("this version of rollcall reads format 1".into());
                }
            }
        }
        if let Some((_, v)) = f.get("account") {
            name = self
                .text(v, "`account`")
                .map(|t| t.value)
                .filter(|n| !n.is_empty());
        }
        if let Some((_, v)) = f.get("domains") {
            let domains = Self::list_or_one(v)
                .iter()
                .filter_map(|d| self.text(d, "a domain"))
                .map(|d| At::new(d.value.trim_start_matches('@').to_lowercase(), d.origin))
                .filter(|d| !d.value.is_empty())
                .collect();
            account.domains = Some(domains);
        }
        if let Some((_, v)) = f.get("as_of") {
            account.as_of = self.day(v, "`as_of`");
        }
        if let Some((_, v)) = f.get("policy") {
            if !matches!(v, Node::Null(_)) {
                if let Some(p) = self.fields(v, POLICY_KEYS, "`policy`") {
                    if let Some((_, v)) = p.get("roles_across_contracts") {
                        account.roles_policy = self.policy(v);
                    }
                }
            }
        }
        if let Some((_, v)) = f.get("users") {
            let items = self.list(v, "`users`");
            account.users = Some(items.iter().filter_map(|u| self.user(u)).collect());
        }
        if let Some(v) = self.require(&f, "contracts", root, "the account snapshot") {
            let items = self.list(v, "`contracts`");
            let mut seen: HashMap<String, u32> = HashMap::new();
            for item in items {
                let Some(c) = self.contract(item) else {
                    continue;
                };
                if let Some(first) = seen.get(&c.number.value) {
                    let n = c.number.value.clone();
                    let pos = Pos {
                        line: c.number.origin.line,
                        column: c.number.origin.column,
                        len: c.number.origin.len,
                    };
                    self.error(
                        pos,
                        "rollcall::duplicate-contract",
                        format!("contract number `{n}` is listed twice"),
                    )
                    .help = Some(format!(
                        "the first contract {n} is on line {first}; merge the two entries"
                    ));
                    continue;
                }
                seen.insert(c.number.value.clone(), c.number.origin.line);
                account.contracts.push(c);
            }
        }
        if let Some((_, v)) = f.get("teams") {
            account.team_roles_known = true;
            let items = self.list(v, "`teams`");
            let mut seen: HashMap<String, u32> = HashMap::new();
            for item in items {
                let Some(t) = self.team(item) else { continue };
                if let Some(first) = seen.get(&t.name.value) {
                    let n = t.name.value.clone();
                    let pos = Pos {
                        line: t.name.origin.line,
                        column: t.name.origin.column,
                        len: t.name.origin.len,
                    };
                    self.error(
                        pos,
                        "rollcall::duplicate-team",
                        format!("team `{n}` is listed twice"),
                    )
                    .help = Some(format!(
                        "the first team {n} is on line {first}; team names are unique"
                    ));
                    continue;
                }
                seen.insert(t.name.value.clone(), t.name.origin.line);
                account.teams.push(t);
            }
        }
        Snapshot { account, name }
    }

    /// A required, non-empty name.
    fn name(&mut self, node: &Node, what: &str) -> Option<At<String>> {
        if is_blank(node) {
            self.error(
                node.pos(),
                "rollcall::missing-key",
                format!("the `name` of {what} is empty"),
            );
            return None;
        }
        self.text(node, "`name`")
    }

    fn list_or_one<'n>(node: &'n Node<'n>) -> Vec<&'n Node<'n>> {
        match node {
            Node::Seq(items, _) => items.iter().collect(),
            Node::Null(_) => Vec::new(),
            other => vec![other],
        }
    }

    fn policy(&mut self, node: &Node) -> Option<At<RolesPolicy>> {
        let t = self.text(node, "`roles_across_contracts`")?;
        let p = match t.value.to_ascii_lowercase().as_str() {
            "same" => RolesPolicy::Same,
            "separate" => RolesPolicy::Separate,
            _ => {
                let hint = suggest(&t.value, ["same", "separate"]);
                self.error(
                    node.pos(),
                    "rollcall::value",
                    format!(
                        "`roles_across_contracts` must be `same` or `separate`, found `{}`",
                        t.value
                    ),
                )
                .help = Some(hint.map_or(
                    "write `same` or `separate`, or leave it out if undecided".into(),
                    |s| format!("did you mean `{s}`?"),
                ));
                return None;
            }
        };
        Some(At::new(p, t.origin))
    }

    fn user(&mut self, node: &Node) -> Option<User> {
        let f = self.fields(node, USER_KEYS, "a user")?;
        let email_node = self.require(&f, "email", node, "a user")?;
        let email = self.email(email_node, "`email`");
        if is_blank(email_node) {
            self.error(
                email_node.pos(),
                "rollcall::missing-key",
                "a user's `email` is empty",
            );
        }
        let name = f.get("name").and_then(|(_, v)| self.text(v, "`name`"));
        let mut status = Status::Active;
        let mut status_origin = None;
        if let Some((_, v)) = f.get("status") {
            if let Some(t) = self.text(v, "`status`") {
                match Status::parse(&t.value) {
                    Some(s) => {
                        status = s;
                        status_origin = Some(t.origin);
                    }
                    None => {
                        let hint = suggest(&t.value, Status::SPELLINGS.iter().copied());
                        self.error(
                            v.pos(),
                            "rollcall::value",
                            format!("unknown status `{}`", t.value),
                        )
                        .help = Some(hint.map_or(
                            "a status is active, invited, inactive or removed".into(),
                            |s| format!("did you mean `{s}`?"),
                        ));
                    }
                }
            }
        }
        let invited_on = f
            .get("invited_on")
            .and_then(|(_, v)| self.day(v, "`invited_on`"));
        let last_active = f
            .get("last_active")
            .and_then(|(_, v)| self.day(v, "`last_active`"));
        Some(User {
            email: email?,
            name,
            status,
            status_origin,
            invited_on,
            last_active,
            days_inactive: None,
            day_used: None,
        })
    }

    /// Reads one of two synonymous keys; writing both is an error.
    fn either<'n>(&mut self, f: &Fields<'n>, a: &str, b: &str) -> Option<&'n Node<'n>> {
        match (f.get(a), f.get(b)) {
            (Some((_, v)), None) | (None, Some((_, v))) => Some(*v),
            (Some((ka, v)), Some((kb, _))) => {
                let (first, second) = if ka.pos.line <= kb.pos.line {
                    (ka, kb)
                } else {
                    (kb, ka)
                };
                let line = first.pos.line;
                self.error(
                    second.pos,
                    "rollcall::both-forms",
                    format!(
                        "`{}` and `{}` say the same thing; write only one",
                        second.text, first.text
                    ),
                )
                .help = Some(format!("`{}` is already given on line {line}", first.text));
                Some(*v)
            }
            (None, None) => None,
        }
    }

    fn contract(&mut self, node: &Node) -> Option<Contract> {
        let f = self.fields(node, CONTRACT_KEYS, "a contract")?;
        let number_node = self.require(&f, "number", node, "a contract")?;
        let number = self.text(number_node, "`number`");
        if is_blank(number_node) {
            self.error(
                number_node.pos(),
                "rollcall::missing-key",
                "a contract's `number` is empty",
            );
            return None;
        }
        let team = f
            .get("team")
            .and_then(|(_, v)| self.text(v, "`team`"))
            .filter(|t| !t.value.is_empty());
        let ends = f.get("ends").and_then(|(_, v)| self.day(v, "`ends`"));
        let auto_renew = f
            .get("auto_renew")
            .and_then(|(_, v)| self.boolean(v, "`auto_renew`"));
        let mut manager = Recorded::Known;
        let contract_manager = match self.either(&f, "contract_manager", "primary_admin") {
            Some(v) => match self.unknown_word(v) {
                Some(at) => {
                    manager = Recorded::Unknown(Some(at));
                    None
                }
                None => self.email(v, "the Contract Manager"),
            },
            None => None,
        };
        let mut coordinators = Recorded::Known;
        let mut software_coordinators = Vec::new();
        let plural = self.either(&f, "software_coordinators", "secondary_admins");
        let single_entry = f.get("software_coordinator").copied();
        match (plural, single_entry) {
            (Some(_), Some((k, _))) => {
                let other = if f.contains_key("software_coordinators") {
                    "software_coordinators"
                } else {
                    "secondary_admins"
                };
                self.error(
                    k.pos,
                    "rollcall::both-forms",
                    format!("both `software_coordinator` and `{other}` are given"),
                )
                .help =
                    Some("write the coordinators once, as `software_coordinators: [...]`".into());
            }
            (Some(v), None) => match self.unknown_word(v) {
                Some(at) => coordinators = Recorded::Unknown(Some(at)),
                None => software_coordinators = self.emails(v, "a Software Coordinator"),
            },
            (None, Some((_, v))) => {
                if let Some(at) = self.unknown_word(v) {
                    coordinators = Recorded::Unknown(Some(at));
                } else if matches!(v, Node::Seq(..)) {
                    self.error(
                        v.pos(),
                        "rollcall::type",
                        "`software_coordinator` takes one address",
                    )
                    .help = Some("for several, write `software_coordinators: [...]`".into());
                } else {
                    software_coordinators = self.emails(v, "the Software Coordinator");
                }
            }
            (None, None) => {}
        }
        let reseller = f
            .get("reseller")
            .and_then(|(_, v)| self.email(v, "the reseller's contact"));
        let mut products = Vec::new();
        if let Some((_, v)) = f.get("products") {
            for item in self.list(v, "`products`") {
                if let Some(p) = self.product(item) {
                    products.push(p);
                }
            }
        }
        Some(Contract {
            number: number?,
            team,
            ends,
            auto_renew,
            contract_manager,
            software_coordinators,
            manager,
            coordinators,
            reseller,
            products,
        })
    }

    fn product(&mut self, node: &Node) -> Option<Product> {
        let f = self.fields(node, PRODUCT_KEYS, "a product")?;
        let name = self
            .require(&f, "name", node, "a product")
            .and_then(|v| self.name(v, "a product"));
        let seats = self
            .require(&f, "seats", node, "a product")
            .and_then(|v| self.count(v, "`seats`"));
        let assigned = match f.get("assigned") {
            None | Some((_, Node::Null(_))) => None,
            Some((_, Node::Seq(items, _))) => {
                Some(items.iter().filter_map(|i| self.assignment(i)).collect())
            }
            Some((_, v)) => self.assignment(v).map(|a| vec![a]),
        };
        Some(Product {
            name: name?,
            seats: seats?,
            assigned,
            masked_holders: 0,
        })
    }

    /// One entry of `assigned`: an address, or a mapping with the seat's usage (v2).
    fn assignment(&mut self, node: &Node) -> Option<Assignment> {
        if !matches!(node, Node::Map(..)) {
            return self.email(node, "an assigned user").map(Assignment::of);
        }
        let f = self.fields(node, ASSIGNMENT_KEYS, "a seat assignment")?;
        let user = self
            .require(&f, "user", node, "a seat assignment")
            .and_then(|v| self.email(v, "the assigned user"));
        let usage = SeatUsage {
            assigned_on: f
                .get("assigned_on")
                .and_then(|(_, v)| self.day(v, "`assigned_on`")),
            days_used: f.get("days_used").and_then(|(_, v)| {
                self.whole(
                    v,
                    "`days_used`",
                    "write the days with use as digits, such as `12`",
                )
            }),
            monthly_average: f
                .get("monthly_average")
                .and_then(|(_, v)| self.decimal(v, "`monthly_average`")),
            last_used: f
                .get("last_used")
                .and_then(|(_, v)| self.day(v, "`last_used`")),
            access: f.get("access").and_then(|(_, v)| self.access(v)),
        };
        Some(Assignment {
            user: user?,
            usage: usage.into(),
        })
    }

    fn access(&mut self, node: &Node) -> Option<At<Access>> {
        let text = self.text(node, "`access`")?;
        if let Some(a) = Access::parse(&text.value) {
            return Some(At::new(a, text.origin));
        }
        self.error(
            node.pos(),
            "rollcall::value",
            format!("`access`: `{}` is not `subscription` or `flex`", text.value),
        );
        None
    }

    fn team(&mut self, node: &Node) -> Option<Team> {
        let f = self.fields(node, TEAM_KEYS, "a team")?;
        let name = self
            .require(&f, "name", node, "a team")
            .and_then(|v| self.name(v, "a team"));
        let primary_admin = f
            .get("primary_admin")
            .and_then(|(_, v)| self.email(v, "the primary admin"));
        let secondary_admins = f
            .get("secondary_admins")
            .map(|(_, v)| self.emails(v, "a secondary admin"))
            .unwrap_or_default();
        let sso_admins = f
            .get("sso_admins")
            .map(|(_, v)| self.emails(v, "an SSO admin"))
            .unwrap_or_default();
        Some(Team {
            name: name?,
            primary_admin,
            secondary_admins,
            sso_admins,
            masked_admins: 0,
        })
    }
}

fn is_blank(node: &Node) -> bool {
    match node {
        Node::Null(_) => true,
        Node::Scalar(s) => s.text.trim().is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(src: &str) -> Vec<(u32, u32, String)> {
        match read(src, "a.yaml", FileId(0)) {
            Ok(_) => Vec::new(),
            Err(e) => e
                .into_iter()
                .map(|e| (e.line, e.column, e.message))
                .collect(),
        }
    }

    const SEATS: &str = "contracts:
  - number: \"1\"
    contract_manager: UNKNOWN
    software_coordinator: unknown
    products:
      - name: Revit
        seats: 3
        assigned:
          - ana@a.example
          - user: Bo@A.example
            assigned_on: 2026-03-02T09:00:00Z
            days_used: 0
            monthly_average: 2
            last_used: 2026-10-01
            access: Flex
          - {user: cy@a.example}
";

    #[test]
    fn unknown_roles_and_assignment_mappings_are_read() {
        let a = read(SEATS, "a.yaml", FileId(0)).ok().unwrap().account;
        let c = &a.contracts[0];
        assert_eq!(
            c.manager,
            Recorded::Unknown(Some(Origin {
                file: FileId(0),
                line: 3,
                column: 23,
                len: 7
            }))
        );
        assert!(c.coordinators.is_unknown() && c.contract_manager.is_none());
        let seats = c.products[0].assigned.as_ref().unwrap();
        assert_eq!(seats.len(), 3);
        assert!(seats[0].usage.is_empty() && seats[2].usage.is_empty());
        let bo = &seats[1];
        assert_eq!(
            (bo.user.value.as_str(), bo.user.origin.line),
            ("bo@a.example", 10)
        );
        assert_eq!(bo.usage.days_used.as_ref().unwrap().value, 0);
        assert!((bo.usage.monthly_average.as_ref().unwrap().value - 2.0).abs() < f64::EPSILON);
        assert_eq!(bo.usage.access.as_ref().unwrap().value, Access::Flex);
        assert_eq!(
            bo.usage.assigned_on.as_ref().unwrap().value.to_string(),
            "2026-03-02"
        );
    }

    #[test]
    fn bad_assignment_mappings_are_located_errors() {
        let src = "contracts:
  - number: \"1\"
    products:
      - name: Revit
        seats: 3
        assigned:
          - days_used: 3
          - user: a@a.example
            monthly_average: -1
            access: named
            day_used: 4
";
        let got = errors(src);
        assert_eq!(got.len(), 4, "{got:?}");
        assert!(
            got[0].2.contains("missing the required key `user`"),
            "{got:?}"
        );
        assert!(
            got.iter().any(|e| e.0 == 9 && e.2.contains("0 or more")),
            "{got:?}"
        );
        assert!(
            got.iter()
                .any(|e| e.0 == 10 && e.2.contains("`subscription` or `flex`")),
            "{got:?}"
        );
        assert!(
            got.iter()
                .any(|e| e.0 == 11 && e.2.contains("did you mean `days_used`")),
            "{got:?}"
        );
    }

    #[test]
    fn unknown_is_the_whole_value_only() {
        let src = "contracts:
  - number: \"1\"
    software_coordinators: [unknown]
";
        let got = errors(src);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].2.contains("not an email address"), "{got:?}");
    }
}
