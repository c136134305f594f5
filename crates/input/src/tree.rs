//! The account as a tree of plain values, in the structure of the snapshot that
//! `rollcall convert` writes (the same keys, lower-case emails, canonical statuses, ISO dates,
//! `unknown` roles, seat usage), each value with the origin the inputs gave it. Custom policies
//! read this tree as their `input`, and a path into it (`["contracts", 0, "contract_manager"]`)
//! is turned back into a file, line and column by [`Node::resolve`].
//!
//! Where the snapshot format allows a shorthand, the tree always takes the long form, so that a
//! policy meets one shape: every seat assignment is a mapping with `user`, every user has a
//! `status`, and a contract whose coordinators are known has a `software_coordinators` list
//! (perhaps empty). What the inputs do not say is left out (or `unknown` for a role), never
//! written as empty: an absent `users` key means no users list was given, an absent `assigned`
//! that nobody said who holds the seats, an absent `teams` that team roles are not known.

use rollcall_model::{Account, Assignment, At, Day, Email, FileId, Origin, Recorded, RolesPolicy};

/// A value of the tree.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Bool(bool),
    Int(u64),
    Float(f64),
    Str(String),
    List(Vec<Node>),
    /// Keys in the order the snapshot writes them.
    Map(Vec<(&'static str, Node)>),
}

/// A value and, where the inputs gave it one, where it was written. A mapping's origin is that
/// of the value that names it (a contract's number, a user's email), the root's the account's
/// first file.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub origin: Option<Origin>,
}

/// One step of a path into the tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

impl std::fmt::Display for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Key(k) => write!(f, "{k:?}"),
            Self::Index(i) => write!(f, "{i}"),
        }
    }
}

impl Node {
    fn new(value: Value, origin: Option<Origin>) -> Self {
        Self { value, origin }
    }

    /// The value at `path` and the origin of the nearest value on the way to it that has one
    /// (itself, else the mapping or list that holds it, and so on up). `None` when the path
    /// leads to nothing: a key that is not there, an index past the end, a step into a scalar.
    pub fn resolve(&self, path: &[Step]) -> Option<(&Node, Option<Origin>)> {
        let mut node = self;
        let mut origin = self.origin;
        for step in path {
            node = match (&node.value, step) {
                (Value::Map(entries), Step::Key(k)) => {
                    entries.iter().find(|(key, _)| key == k).map(|(_, v)| v)?
                }
                (Value::List(items), Step::Index(i)) => items.get(*i)?,
                _ => return None,
            };
            origin = node.origin.or(origin);
        }
        Some((node, origin))
    }

    /// The entry `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| *k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// What the account is written into: the [`Node`] tree here, or another value type (custom
/// policies build their engine's values directly). One walk of the account, [`build`], serves
/// every output, so that they cannot disagree on the structure.
pub trait Build {
    type Out;
    fn str(&mut self, text: &str, origin: Option<Origin>) -> Self::Out;
    fn int(&mut self, n: u64, origin: Option<Origin>) -> Self::Out;
    fn float(&mut self, x: f64, origin: Option<Origin>) -> Self::Out;
    fn bool(&mut self, b: bool, origin: Option<Origin>) -> Self::Out;
    fn list(&mut self, items: Vec<Self::Out>, origin: Option<Origin>) -> Self::Out;
    /// Keys in the order the snapshot writes them.
    fn map(&mut self, entries: Vec<(&'static str, Self::Out)>, origin: Option<Origin>)
        -> Self::Out;
}

/// Builds [`Node`]s.
pub struct NodeBuilder;

impl Build for NodeBuilder {
    type Out = Node;
    fn str(&mut self, text: &str, origin: Option<Origin>) -> Node {
        Node::new(Value::Str(text.to_owned()), origin)
    }
    fn int(&mut self, n: u64, origin: Option<Origin>) -> Node {
        Node::new(Value::Int(n), origin)
    }
    fn float(&mut self, x: f64, origin: Option<Origin>) -> Node {
        Node::new(Value::Float(x), origin)
    }
    fn bool(&mut self, b: bool, origin: Option<Origin>) -> Node {
        Node::new(Value::Bool(b), origin)
    }
    fn list(&mut self, items: Vec<Node>, origin: Option<Origin>) -> Node {
        Node::new(Value::List(items), origin)
    }
    fn map(&mut self, entries: Vec<(&'static str, Node)>, origin: Option<Origin>) -> Node {
        Node::new(Value::Map(entries), origin)
    }
}

/// The shape of the tree and its origins, without the values: what a path is resolved against
/// (much cheaper to build than [`Node`]s, which copy every text).
#[derive(Clone, Debug, PartialEq)]
pub struct Located {
    pub origin: Option<Origin>,
    kids: Kids,
}

#[derive(Clone, Debug, PartialEq)]
enum Kids {
    Leaf,
    List(Vec<Located>),
    Map(Vec<(&'static str, Located)>),
}

impl Located {
    /// As [`Node::resolve`]: the origin of the nearest value on the way to `path` that has
    /// one; `None` when the path leads to nothing.
    pub fn resolve(&self, path: &[Step]) -> Option<Option<Origin>> {
        let mut node = self;
        let mut origin = self.origin;
        for step in path {
            node = match (&node.kids, step) {
                (Kids::Map(entries), Step::Key(k)) => {
                    entries.iter().find(|(key, _)| key == k).map(|(_, v)| v)?
                }
                (Kids::List(items), Step::Index(i)) => items.get(*i)?,
                _ => return None,
            };
            origin = node.origin.or(origin);
        }
        Some(origin)
    }
}

/// Builds [`Located`] shapes.
pub struct LocatedBuilder;

impl Build for LocatedBuilder {
    type Out = Located;
    fn str(&mut self, _: &str, origin: Option<Origin>) -> Located {
        Located {
            origin,
            kids: Kids::Leaf,
        }
    }
    fn int(&mut self, _: u64, origin: Option<Origin>) -> Located {
        Located {
            origin,
            kids: Kids::Leaf,
        }
    }
    fn float(&mut self, _: f64, origin: Option<Origin>) -> Located {
        Located {
            origin,
            kids: Kids::Leaf,
        }
    }
    fn bool(&mut self, _: bool, origin: Option<Origin>) -> Located {
        Located {
            origin,
            kids: Kids::Leaf,
        }
    }
    fn list(&mut self, items: Vec<Located>, origin: Option<Origin>) -> Located {
        Located {
            origin,
            kids: Kids::List(items),
        }
    }
    fn map(&mut self, entries: Vec<(&'static str, Located)>, origin: Option<Origin>) -> Located {
        Located {
            origin,
            kids: Kids::Map(entries),
        }
    }
}

/// The walk of the account: `b` and the entries of the mapping being built.
struct Walk<'b, B: Build> {
    b: &'b mut B,
}

impl<B: Build> Walk<'_, B> {
    fn str_at<T>(&mut self, text: &str, at: &At<T>) -> B::Out {
        self.b.str(text, Some(at.origin))
    }

    fn email(&mut self, e: &At<Email>) -> B::Out {
        self.b.str(e.value.as_str(), Some(e.origin))
    }

    fn day(&mut self, d: &At<Day>) -> B::Out {
        self.b.str(&d.value.to_string(), Some(d.origin))
    }

    fn emails(&mut self, list: &[At<Email>]) -> B::Out {
        let items = list.iter().map(|e| self.email(e)).collect();
        self.b.list(items, None)
    }

    fn unknown(&mut self, origin: Option<Origin>) -> B::Out {
        self.b.str("unknown", origin)
    }

    fn assignment(&mut self, a: &Assignment) -> B::Out {
        let u = &a.usage;
        let mut m = vec![("user", self.email(&a.user))];
        if let Some(d) = &u.assigned_on {
            m.push(("assigned_on", self.day(d)));
        }
        if let Some(n) = &u.days_used {
            m.push(("days_used", self.b.int(n.value, Some(n.origin))));
        }
        if let Some(n) = &u.monthly_average {
            m.push(("monthly_average", self.b.float(n.value, Some(n.origin))));
        }
        if let Some(d) = &u.last_used {
            m.push(("last_used", self.day(d)));
        }
        if let Some(x) = &u.access {
            m.push(("access", self.str_at(x.value.as_str(), x)));
        }
        self.b.map(m, Some(a.user.origin))
    }

    fn user(&mut self, u: &rollcall_model::User) -> B::Out {
        let mut m = vec![("email", self.email(&u.email))];
        if let Some(n) = &u.name {
            m.push(("name", self.str_at(&n.value, n)));
        }
        m.push((
            "status",
            self.b
                .str(u.status.as_str(), u.status_origin.or(Some(u.email.origin))),
        ));
        if let Some(d) = &u.invited_on {
            m.push(("invited_on", self.day(d)));
        }
        if let Some(d) = &u.last_active {
            m.push(("last_active", self.day(d)));
        }
        self.b.map(m, Some(u.email.origin))
    }

    fn product(&mut self, p: &rollcall_model::Product) -> B::Out {
        let mut m = vec![
            ("name", self.str_at(&p.name.value, &p.name)),
            ("seats", self.b.int(p.seats.value, Some(p.seats.origin))),
        ];
        if let Some(list) = &p.assigned {
            let items = list.iter().map(|a| self.assignment(a)).collect();
            m.push(("assigned", self.b.list(items, None)));
        }
        self.b.map(m, Some(p.name.origin))
    }

    fn contract(&mut self, c: &rollcall_model::Contract) -> B::Out {
        let mut m = vec![("number", self.str_at(&c.number.value, &c.number))];
        if let Some(t) = &c.team {
            m.push(("team", self.str_at(&t.value, t)));
        }
        if let Some(e) = &c.ends {
            m.push(("ends", self.day(e)));
        }
        if let Some(a) = &c.auto_renew {
            m.push(("auto_renew", self.b.bool(a.value, Some(a.origin))));
        }
        match (&c.contract_manager, c.manager) {
            (Some(cm), _) => m.push(("contract_manager", self.email(cm))),
            (None, Recorded::Unknown(at)) => m.push(("contract_manager", self.unknown(at))),
            (None, Recorded::Known) => {}
        }
        let coordinators = match c.coordinators {
            Recorded::Unknown(at) => self.unknown(at),
            Recorded::Known => self.emails(&c.software_coordinators),
        };
        m.push(("software_coordinators", coordinators));
        if let Some(r) = &c.reseller {
            m.push(("reseller", self.email(r)));
        }
        let products = c.products.iter().map(|p| self.product(p)).collect();
        m.push(("products", self.b.list(products, None)));
        self.b.map(m, Some(c.number.origin))
    }

    fn team(&mut self, t: &rollcall_model::Team) -> B::Out {
        let mut m = vec![("name", self.str_at(&t.name.value, &t.name))];
        if let Some(p) = &t.primary_admin {
            m.push(("primary_admin", self.email(p)));
        }
        m.push(("secondary_admins", self.emails(&t.secondary_admins)));
        m.push(("sso_admins", self.emails(&t.sso_admins)));
        self.b.map(m, Some(t.name.origin))
    }
}

/// Writes the account, with `today` (the day the audit counts from) beside its keys, into `b`.
pub fn build<B: Build>(account: &Account, today: Day, b: &mut B) -> B::Out {
    let root_origin = (!account.files.is_empty()).then_some(Origin {
        file: FileId(0),
        line: 1,
        column: 1,
        len: 0,
    });
    let mut w = Walk { b };
    let mut root = vec![
        ("format", w.b.int(1, None)),
        ("account", w.b.str(&account.name, None)),
        ("today", w.b.str(&today.to_string(), None)),
    ];
    if let Some(d) = &account.domains {
        let items = d.iter().map(|x| w.str_at(&x.value, x)).collect();
        root.push(("domains", w.b.list(items, None)));
    }
    if let Some(d) = &account.as_of {
        root.push(("as_of", w.day(d)));
    }
    if let Some(p) = &account.roles_policy {
        let text = match p.value {
            RolesPolicy::Same => "same",
            RolesPolicy::Separate => "separate",
        };
        let inner = vec![("roles_across_contracts", w.str_at(text, p))];
        root.push(("policy", w.b.map(inner, Some(p.origin))));
    }
    if let Some(users) = &account.users {
        let list = users.iter().map(|u| w.user(u)).collect();
        root.push(("users", w.b.list(list, None)));
    }
    let contracts = account.contracts.iter().map(|c| w.contract(c)).collect();
    root.push(("contracts", w.b.list(contracts, None)));
    if account.team_roles_known || !account.teams.is_empty() {
        let teams = account.teams.iter().map(|t| w.team(t)).collect();
        root.push(("teams", w.b.list(teams, None)));
    }
    w.b.map(root, root_origin)
}

/// The account as a [`Node`] tree, with `today` beside its keys.
pub fn to_tree(account: &Account, today: Day) -> Node {
    build(account, today, &mut NodeBuilder)
}

/// The account's shape and origins, for resolving paths.
pub fn locate(account: &Account, today: Day) -> Located {
    build(account, today, &mut LocatedBuilder)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Account {
        let src = include_str!("../../../fixtures/demo/meridian-civil-transport/account.yaml");
        crate::snapshot::read(src, "a.yaml", FileId(0))
            .map_err(|e| format!("{e:?}"))
            .unwrap()
            .account
    }

    fn path(steps: &[&str]) -> Vec<Step> {
        steps
            .iter()
            .map(|s| match s.parse() {
                Ok(i) => Step::Index(i),
                Err(_) => Step::Key((*s).to_owned()),
            })
            .collect()
    }

    #[test]
    fn a_path_resolves_to_the_origin_of_its_value() {
        let a = demo();
        let t = to_tree(&a, Day::parse_iso("2026-12-01").unwrap());
        let cm = a.contracts[0].contract_manager.as_ref().unwrap();
        let (node, origin) = t
            .resolve(&path(&["contracts", "0", "contract_manager"]))
            .unwrap();
        assert_eq!(node.value, Value::Str(cm.value.as_str().to_owned()));
        assert_eq!(origin, Some(cm.origin));
    }

    #[test]
    fn a_value_without_an_origin_takes_its_holders() {
        let mut a = demo();
        a.files = vec![rollcall_model::SourceFile {
            path: "a.yaml".into(),
            kind: rollcall_model::SourceKind::Snapshot,
            sheet: None,
        }];
        let t = to_tree(&a, Day::parse_iso("2026-12-01").unwrap());
        // The products list has no origin of its own: the contract's (its number's) is used.
        let (_, origin) = t.resolve(&path(&["contracts", "0", "products"])).unwrap();
        assert_eq!(origin, Some(a.contracts[0].number.origin));
        // `today` is no input's: the account's first file.
        let (_, origin) = t.resolve(&path(&["today"])).unwrap();
        assert_eq!(origin.map(|o| (o.line, o.column)), Some((1, 1)));
    }

    /// Every path into the demo's tree resolves to the same origin through the cheaper shape.
    #[test]
    fn the_shape_resolves_as_the_tree_does() {
        fn walk(node: &Node, path: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
            out.push(path.clone());
            match &node.value {
                Value::List(items) => {
                    for (i, n) in items.iter().enumerate() {
                        path.push(Step::Index(i));
                        walk(n, path, out);
                        path.pop();
                    }
                }
                Value::Map(entries) => {
                    for (k, n) in entries {
                        path.push(Step::Key((*k).to_owned()));
                        walk(n, path, out);
                        path.pop();
                    }
                }
                _ => {}
            }
        }
        let a = demo();
        let today = Day::parse_iso("2026-12-01").unwrap();
        let (t, shape) = (to_tree(&a, today), locate(&a, today));
        let mut paths = Vec::new();
        walk(&t, &mut Vec::new(), &mut paths);
        assert!(paths.len() > 50);
        for p in &paths {
            assert_eq!(shape.resolve(p), t.resolve(p).map(|(_, o)| o), "{p:?}");
        }
        let mut beyond = path(&["contracts", "0", "number"]);
        beyond.push(Step::Index(0));
        assert_eq!(shape.resolve(&beyond), None);
    }

    #[test]
    fn a_path_to_nothing_resolves_to_none() {
        let t = to_tree(&demo(), Day::parse_iso("2026-12-01").unwrap());
        assert!(t.resolve(&path(&["contracts", "99"])).is_none());
        assert!(t.resolve(&path(&["contract"])).is_none());
        assert!(t.resolve(&path(&["account", "0"])).is_none());
        assert!(t.resolve(&path(&["contracts", "number"])).is_none());
    }
}
