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

    fn at<T>(value: Value, at: &At<T>) -> Self {
        Self::new(value, Some(at.origin))
    }

    fn str_at<T>(text: &str, at: &At<T>) -> Self {
        Self::at(Value::Str(text.to_owned()), at)
    }

    fn email(e: &At<Email>) -> Self {
        Self::str_at(e.value.as_str(), e)
    }

    fn day(d: &At<Day>) -> Self {
        Self::str_at(&d.value.to_string(), d)
    }

    fn emails(list: &[At<Email>]) -> Self {
        Self::new(Value::List(list.iter().map(Self::email).collect()), None)
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

/// Builds a mapping, leaving out the entries whose value is `None`.
struct MapBuilder(Vec<(&'static str, Node)>);

impl MapBuilder {
    fn new() -> Self {
        Self(Vec::new())
    }

    fn put(&mut self, key: &'static str, node: Node) -> &mut Self {
        self.0.push((key, node));
        self
    }

    fn opt(&mut self, key: &'static str, node: Option<Node>) -> &mut Self {
        if let Some(n) = node {
            self.0.push((key, n));
        }
        self
    }

    fn node(&mut self, origin: Option<Origin>) -> Node {
        Node::new(Value::Map(std::mem::take(&mut self.0)), origin)
    }
}

fn unknown(origin: Option<Origin>) -> Node {
    Node::new(Value::Str("unknown".to_owned()), origin)
}

fn assignment(a: &Assignment) -> Node {
    let u = &a.usage;
    MapBuilder::new()
        .put("user", Node::email(&a.user))
        .opt("assigned_on", u.assigned_on.as_ref().map(Node::day))
        .opt(
            "days_used",
            u.days_used
                .as_ref()
                .map(|n| Node::at(Value::Int(n.value), n)),
        )
        .opt(
            "monthly_average",
            u.monthly_average
                .as_ref()
                .map(|n| Node::at(Value::Float(n.value), n)),
        )
        .opt("last_used", u.last_used.as_ref().map(Node::day))
        .opt(
            "access",
            u.access.as_ref().map(|x| Node::str_at(x.value.as_str(), x)),
        )
        .node(Some(a.user.origin))
}

/// The account as a tree, with `today` (the day the audit counts from) beside its keys.
pub fn to_tree(account: &Account, today: Day) -> Node {
    let root_origin = (!account.files.is_empty()).then_some(Origin {
        file: FileId(0),
        line: 1,
        column: 1,
        len: 0,
    });
    let mut root = MapBuilder::new();
    root.put("format", Node::new(Value::Int(1), None))
        .put("account", Node::new(Value::Str(account.name.clone()), None))
        .put("today", Node::new(Value::Str(today.to_string()), None))
        .opt(
            "domains",
            account.domains.as_ref().map(|d| {
                Node::new(
                    Value::List(d.iter().map(|x| Node::str_at(&x.value, x)).collect()),
                    None,
                )
            }),
        )
        .opt("as_of", account.as_of.as_ref().map(Node::day))
        .opt(
            "policy",
            account.roles_policy.as_ref().map(|p| {
                let text = match p.value {
                    RolesPolicy::Same => "same",
                    RolesPolicy::Separate => "separate",
                };
                MapBuilder::new()
                    .put("roles_across_contracts", Node::str_at(text, p))
                    .node(Some(p.origin))
            }),
        );
    if let Some(users) = &account.users {
        let list = users
            .iter()
            .map(|u| {
                MapBuilder::new()
                    .put("email", Node::email(&u.email))
                    .opt("name", u.name.as_ref().map(|n| Node::str_at(&n.value, n)))
                    .put(
                        "status",
                        Node::new(
                            Value::Str(u.status.as_str().to_owned()),
                            u.status_origin.or(Some(u.email.origin)),
                        ),
                    )
                    .opt("invited_on", u.invited_on.as_ref().map(Node::day))
                    .opt("last_active", u.last_active.as_ref().map(Node::day))
                    .node(Some(u.email.origin))
            })
            .collect();
        root.put("users", Node::new(Value::List(list), None));
    }
    let contracts = account
        .contracts
        .iter()
        .map(|c| {
            let mut m = MapBuilder::new();
            m.put("number", Node::str_at(&c.number.value, &c.number))
                .opt("team", c.team.as_ref().map(|t| Node::str_at(&t.value, t)))
                .opt("ends", c.ends.as_ref().map(Node::day))
                .opt(
                    "auto_renew",
                    c.auto_renew
                        .as_ref()
                        .map(|a| Node::at(Value::Bool(a.value), a)),
                );
            match (&c.contract_manager, c.manager) {
                (Some(cm), _) => {
                    m.put("contract_manager", Node::email(cm));
                }
                (None, Recorded::Unknown(at)) => {
                    m.put("contract_manager", unknown(at));
                }
                (None, Recorded::Known) => {}
            }
            match c.coordinators {
                Recorded::Unknown(at) => m.put("software_coordinators", unknown(at)),
                Recorded::Known => m.put(
                    "software_coordinators",
                    Node::emails(&c.software_coordinators),
                ),
            };
            m.opt("reseller", c.reseller.as_ref().map(Node::email));
            let products = c
                .products
                .iter()
                .map(|p| {
                    MapBuilder::new()
                        .put("name", Node::str_at(&p.name.value, &p.name))
                        .put("seats", Node::at(Value::Int(p.seats.value), &p.seats))
                        .opt(
                            "assigned",
                            p.assigned.as_ref().map(|list| {
                                Node::new(Value::List(list.iter().map(assignment).collect()), None)
                            }),
                        )
                        .node(Some(p.name.origin))
                })
                .collect();
            m.put("products", Node::new(Value::List(products), None));
            m.node(Some(c.number.origin))
        })
        .collect();
    root.put("contracts", Node::new(Value::List(contracts), None));
    if account.team_roles_known || !account.teams.is_empty() {
        let teams = account
            .teams
            .iter()
            .map(|t| {
                MapBuilder::new()
                    .put("name", Node::str_at(&t.name.value, &t.name))
                    .opt("primary_admin", t.primary_admin.as_ref().map(Node::email))
                    .put("secondary_admins", Node::emails(&t.secondary_admins))
                    .put("sso_admins", Node::emails(&t.sso_admins))
                    .node(Some(t.name.origin))
            })
            .collect();
        root.put("teams", Node::new(Value::List(teams), None));
    }
    root.node(root_origin)
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

    #[test]
    fn a_path_to_nothing_resolves_to_none() {
        let t = to_tree(&demo(), Day::parse_iso("2026-12-01").unwrap());
        assert!(t.resolve(&path(&["contracts", "99"])).is_none());
        assert!(t.resolve(&path(&["contract"])).is_none());
        assert!(t.resolve(&path(&["account", "0"])).is_none());
        assert!(t.resolve(&path(&["contracts", "number"])).is_none());
    }
}
