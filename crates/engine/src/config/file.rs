//! The configuration file format and its reader: every key, where it is written, and a
//! located error with a suggestion for every mistake.

#[allow(clippy::wildcard_imports)]
use super::*;

/// A configuration file as read, before layering.
#[derive(Clone, Debug, Default)]
pub struct ConfigFile {
    pub extends: Option<&'static Profile>,
    pub layer: Layer,
    pub waivers: Vec<Waiver>,
    /// `policies:`: `.rego` files or folders, relative to the file, with where each is named.
    pub policies: Vec<(String, Pos)>,
    /// `policy_errors:`.
    pub policy_errors: PolicyErrors,
    /// `history:`: a folder relative to the file, and where it is written.
    pub history: Option<(String, Pos)>,
    /// Where `unwaivable:` is written, for the errors of waivers it forbids.
    pub unwaivable_at: Option<Pos>,
}

/// Keys the reader accepts here (the JSON Schema lists the same; a test holds it).
pub const CONFIG_KEYS: &[&str] = &[
    "extends",
    "select",
    "ignore",
    "severity",
    "options",
    "collections",
    "offerings",
    "exports",
    "prices",
    "waivers",
    "policies",
    "policy_errors",
    "history",
    "unwaivable",
];
/// Keys the reader accepts here (the JSON Schema lists the same; a test holds it).
pub const COLLECTION_KEYS: &[&str] = &["name", "aliases", "covers"];
/// Keys the reader accepts here (the JSON Schema lists the same; a test holds it).
pub const OFFERING_KEYS: &[&str] = &["name", "aliases", "kind"];
/// Keys the reader accepts here (the JSON Schema lists the same; a test holds it).
pub const EXPORTS_KEYS: &[&str] = &["columns", "values"];
/// Keys the reader accepts here (the JSON Schema lists the same; a test holds it).
pub const WAIVER_KEYS: &[&str] = &[
    "rule", "account", "contract", "team", "product", "user", "reason", "expires", "owner",
];

/// Reads a configuration (or profile) text. Profiles may not `extends` or carry waivers.
pub fn read_config(src: &str, path: &str) -> Result<ConfigFile, Vec<InputError>> {
    read_config_with(src, path, &[])
}

/// How builtin errors in a policy are taken (`policy_errors:`): the policy crate's.
pub use rollcall_policy::PolicyErrors;

/// Keys the reader accepts for `policy_errors:`.
pub const POLICY_ERRORS: &[&str] = &["strict", "lenient"];

/// A configuration's policy paths, each with where it is written.
pub type PolicyPaths = Vec<(String, Pos)>;

/// The `policies:` and `policy_errors:` of a configuration text, read before the rest, since
/// the policies' rules may be named in `select`, `severity` and waivers.
pub fn policy_entries(
    src: &str,
    path: &str,
) -> Result<(PolicyPaths, PolicyErrors), Vec<InputError>> {
    let root = yaml::parse_file(src, path)?;
    let mut r = ConfigReader {
        path,
        errors: Vec::new(),
        custom: &[],
    };
    let mut out = Vec::new();
    let mut mode = PolicyErrors::default();
    if let Node::Map(entries, _) = &root {
        if let Some((_, v)) = entries.iter().find(|(k, _)| k.text == "policies") {
            out = r.policies(v);
        }
        if let Some((_, v)) = entries.iter().find(|(k, _)| k.text == "policy_errors") {
            mode = r.policy_errors(v);
        }
    }
    if r.errors.is_empty() {
        Ok((out, mode))
    } else {
        Err(r.errors)
    }
}

/// Reads a configuration text whose policies define the rules `custom`.
pub fn read_config_with(
    src: &str,
    path: &str,
    custom: &[&'static RuleMeta],
) -> Result<ConfigFile, Vec<InputError>> {
    let root = yaml::parse_file(src, path)?;
    let mut r = ConfigReader {
        path,
        errors: Vec::new(),
        custom,
    };
    let config = r.file(&root);
    if r.errors.is_empty() {
        Ok(config)
    } else {
        Err(r.errors)
    }
}

struct ConfigReader<'p> {
    path: &'p str,
    errors: Vec<InputError>,
    custom: &'p [&'static RuleMeta],
}

/// A list's items; a single value is a list of one, and nothing an empty list.
fn one_or_many<'n>(node: &'n Node<'n>) -> Vec<&'n Node<'n>> {
    match node {
        Node::Seq(items, _) => items.iter().collect(),
        Node::Null(_) => Vec::new(),
        other => vec![other],
    }
}

impl ConfigReader<'_> {
    fn error(&mut self, pos: Pos, message: impl Into<String>, help: Option<String>) {
        let mut e = InputError::new(self.path, pos.line, pos.column, "rollcall::config", message)
            .with_len(pos.len);
        e.help = help;
        self.errors.push(e);
    }

    fn entries<'n>(
        &mut self,
        node: &'n Node<'n>,
        known: &[&str],
        what: &str,
    ) -> Vec<(&'n Scalar<'n>, &'n Node<'n>)> {
        yaml::known_entries(node, known, what, |pos, message, help| {
            self.error(pos, message, help);
        })
    }

    fn text<'n>(&mut self, node: &'n Node<'n>, what: &str) -> Option<&'n Scalar<'n>> {
        match node {
            Node::Scalar(s) => Some(s),
            other => {
                self.error(
                    other.pos(),
                    format!("{what} must be a single value, found {}", other.kind()),
                    None,
                );
                None
            }
        }
    }

    fn selectors(&mut self, node: &Node, what: &str) -> Vec<Selector> {
        let items = one_or_many(node);
        let mut out = Vec::new();
        for item in items {
            let Some(s) = self.text(item, what) else {
                continue;
            };
            match Selector::parse_in(&s.text, self.custom) {
                Ok(sel) => out.push(sel),
                Err(message) => self.error(s.pos, message, Some("name a rule by code (RC101), name, code prefix (RC3) or group (roles, consistency, seats, renewal, integrity, config)".into())),
            }
        }
        out
    }

    #[allow(clippy::option_option)] // `None`: not readable; `Some(None)`: `off`.
    fn level(&mut self, node: &Node) -> Option<Option<Severity>> {
        let s = self.text(node, "a severity")?;
        if s.text.trim().eq_ignore_ascii_case("off") {
            return Some(None);
        }
        match Severity::parse(&s.text) {
            Some(level) => Some(Some(level)),
            None => {
                let near = suggest(&s.text, ["error", "warning", "info", "off"]);
                self.error(
                    s.pos,
                    format!("unknown severity `{}`", s.text),
                    Some(
                        near.map_or("a severity is error, warning, info or off".into(), |n| {
                            format!("did you mean `{n}`?")
                        }),
                    ),
                );
                None
            }
        }
    }

    /// An option's value, read by its entry of the options table; outside its range, a
    /// located error.
    fn option_value(&mut self, node: &Node, spec: &OptionSpec) -> Option<OptionValue> {
        let s = self.text(node, spec.key)?;
        if let Some(v) = spec.range.parse(&s.text) {
            return Some(v);
        }
        let (message, help) = match spec.range {
            OptionRange::Whole(low, high) => (
                format!(
                    "`{}` must be a whole number of days from {low} to {high}, found `{}`",
                    spec.key, s.text
                ),
                None,
            ),
            OptionRange::Decimal(above, at_most) => (
                format!(
                    "`{}` must be days of use a month, above {above} and at most {at_most}, found `{}`",
                    spec.key, s.text
                ),
                Some("write a decimal such as `3.0`".into()),
            ),
        };
        self.error(s.pos, message, help);
        None
    }

    /// `prices: { currency: EUR, per_seat_year: { Revit: 3000 } }`.
    fn prices(&mut self, node: &Node) -> Option<Prices> {
        let mut currency = None;
        let mut per_seat_year = Vec::new();
        let mut seen_list = false;
        for (k, v) in self.entries(node, &["currency", "per_seat_year"], "`prices`") {
            if k.text == "currency" {
                if let Some(s) = self.text(v, "`currency`") {
                    let c = s.text.trim();
                    if c.is_empty() || c.contains(char::is_whitespace) {
                        self.error(
                            s.pos,
                            format!("`currency` must be a currency code such as EUR, found `{c}`"),
                            None,
                        );
                    } else {
                        currency = Some(c.to_owned());
                    }
                }
                continue;
            }
            seen_list = true;
            for (pk, pv) in self.entries(v, &[], "`per_seat_year`") {
                let Some(s) = self.text(pv, "a price") else {
                    continue;
                };
                match cents(&s.text) {
                    Some(c) => {
                        let name = catalog_name(&pk.text);
                        if per_seat_year.iter().any(|(n, _)| *n == name) {
                            self.error(pk.pos, format!("`{}` is priced twice", pk.text), None);
                        } else {
                            per_seat_year.push((name, c));
                        }
                    }
                    None => self.error(
                        s.pos,
                        format!(
                            "the price of `{}` must be a number of 0 or more with at most two decimals, found `{}`",
                            pk.text, s.text
                        ),
                        Some("write the yearly price of one seat, such as `2000` or `1999.50`".into()),
                    ),
                }
            }
        }
        let Some(currency) = currency else {
            self.error(
                node.pos(),
                "`prices` is missing the required key `currency`",
                Some("name the currency of the prices, such as `currency: EUR`".into()),
            );
            return None;
        };
        if !seen_list {
            self.error(
                node.pos(),
                "`prices` is missing the required key `per_seat_year`",
                Some(
                    "give the yearly price of a seat per product: `per_seat_year: { Revit: 3000 }`"
                        .into(),
                ),
            );
            return None;
        }
        Some(Prices {
            currency,
            per_seat_year,
        })
    }

    /// Names: one text, or a list of texts; empty ones are errors.
    fn names(&mut self, node: &Node, what: &str) -> Vec<String> {
        let items = one_or_many(node);
        let mut out = Vec::new();
        for item in items {
            let Some(s) = self.text(item, what) else {
                continue;
            };
            if s.text.trim().is_empty() {
                self.error(s.pos, format!("{what} is empty"), None);
            } else {
                out.push(s.text.trim().to_owned());
            }
        }
        out
    }

    /// `collections:` of a configuration or of the catalog: a list of collections, each with
    /// its `name`, optional `aliases` and the products it `covers`.
    fn collections(&mut self, node: &Node) -> Vec<Collection> {
        let items: &[Node] = match node {
            Node::Seq(items, _) => items,
            Node::Null(_) => &[],
            other => {
                self.error(
                    other.pos(),
                    format!("`collections` must be a list, found {}", other.kind()),
                    Some("write `- name: ...` with `covers: [...]` for each collection".into()),
                );
                &[]
            }
        };
        let mut out = Vec::new();
        for item in items {
            let entries = self.entries(item, COLLECTION_KEYS, "a collection");
            let mut names = Vec::new();
            let mut aliases = Vec::new();
            let mut covers = Vec::new();
            for (k, v) in entries {
                match &*k.text {
                    "name" => {
                        if let Some(s) = self.text(v, "a collection's `name`") {
                            names.push(s.text.trim().to_owned());
                        }
                    }
                    "aliases" => aliases = self.names(v, "an alias"),
                    _ => covers = self.names(v, "a covered product"),
                }
            }
            if names.is_empty() || names[0].is_empty() {
                self.error(
                    item.pos(),
                    "a collection is missing the required key `name`",
                    None,
                );
                continue;
            }
            names.extend(aliases);
            out.push(Collection { names, covers });
        }
        out
    }

    /// `offerings:` of a configuration or of the catalog: plans and token packs, each with its
    /// `name`, optional `aliases` and `kind` (`plan` or `tokens`).
    fn offerings(&mut self, node: &Node) -> Vec<Offering> {
        let items: &[Node] = match node {
            Node::Seq(items, _) => items,
            Node::Null(_) => &[],
            other => {
                self.error(
                    other.pos(),
                    format!("`offerings` must be a list, found {}", other.kind()),
                    Some("write `- name: ...` with `kind: plan` or `kind: tokens` for each".into()),
                );
                &[]
            }
        };
        let mut out = Vec::new();
        for item in items {
            let mut names = Vec::new();
            let mut aliases = Vec::new();
            let mut kind = None;
            let mut kind_written = false;
            for (k, v) in self.entries(item, OFFERING_KEYS, "an offering") {
                match &*k.text {
                    "name" => names = self.names(v, "an offering's `name`"),
                    "aliases" => aliases = self.names(v, "an alias"),
                    _ => {
                        kind_written = true;
                        let Some(s) = self.text(v, "an offering's `kind`") else {
                            continue;
                        };
                        kind = match s.text.trim() {
                            "plan" => Some(OfferingKind::Plan),
                            "tokens" => Some(OfferingKind::TokenPack),
                            other => {
                                let near = suggest(other, ["plan", "tokens"]);
                                self.error(
                                    s.pos,
                                    format!("unknown offering kind `{other}`"),
                                    Some(
                                        near.map_or("the kinds are plan and tokens".into(), |n| {
                                            format!("did you mean `{n}`?")
                                        }),
                                    ),
                                );
                                continue;
                            }
                        };
                    }
                }
            }
            let (Some(first), Some(kind)) = (names.first(), kind) else {
                if names.is_empty() {
                    self.error(
                        item.pos(),
                        "an offering is missing the required key `name`",
                        None,
                    );
                } else if !kind_written {
                    self.error(
                        item.pos(),
                        "an offering is missing the required key `kind`",
                        Some("`kind: plan` or `kind: tokens`".into()),
                    );
                }
                continue;
            };
            let mut all = vec![first.clone()];
            all.extend(aliases);
            out.push(Offering { names: all, kind });
        }
        out
    }

    /// `exports:`: header names (`columns`) and values (`values`) that mean a column or value
    /// the input formats define. An alias of anything else is an error.
    fn exports(&mut self, node: &Node) -> Aliases {
        let mut out = Aliases::default();
        for (k, v) in self.entries(node, EXPORTS_KEYS, "`exports`") {
            if k.text == "columns" {
                for (ck, cv) in self.entries(v, &[], "`exports.columns`") {
                    let column = normalise_header(&ck.text);
                    if !aliases::is_known_column(&column) {
                        let near = suggest(
                            &column,
                            aliases::KNOWN_COLUMNS
                                .iter()
                                .chain(rollcall_input::directory::KNOWN_COLUMNS)
                                .copied(),
                        );
                        self.error(
                            ck.pos,
                            match near {
                                Some(n) => format!(
                                    "`{}` is not a column rollcall reads; did you mean `{n}`?",
                                    ck.text
                                ),
                                None => format!("`{}` is not a column rollcall reads", ck.text),
                            },
                            Some("map header names onto the spec's column names, such as `offering_name: [Produkt]`".into()),
                        );
                        continue;
                    }
                    for name in self.names(cv, "a header name") {
                        out.add_column(&column, &name);
                    }
                }
            } else {
                for (ck, cv) in self.entries(v, &[], "`exports.values`") {
                    let column = normalise_header(&ck.text);
                    let Some(known) = aliases::known_values(&column) else {
                        let mapped: Vec<&str> = aliases::KNOWN_VALUES
                            .iter()
                            .chain(rollcall_input::directory::KNOWN_VALUES)
                            .map(|(c, _)| *c)
                            .collect();
                        self.error(
                            ck.pos,
                            format!(
                                "rollcall reads no values of `{}` that could be mapped",
                                ck.text
                            ),
                            Some(format!("values may be mapped for: {}", mapped.join(", "))),
                        );
                        continue;
                    };
                    for (vk, vv) in self.entries(cv, &[], "a column's values") {
                        let Some(target) = self.text(vv, "the value it means") else {
                            continue;
                        };
                        let want = normalise_header(&target.text);
                        if !known.iter().any(|k| normalise_header(k) == want) {
                            self.error(
                                target.pos,
                                format!("`{}` is not a value of `{column}`", target.text),
                                Some(format!(
                                    "the values of `{column}` are: {}",
                                    known.join(", ")
                                )),
                            );
                            continue;
                        }
                        out.add_value(&column, &vk.text, target.text.trim());
                    }
                }
            }
        }
        out
    }

    fn file(&mut self, root: &Node) -> ConfigFile {
        let mut config = ConfigFile::default();
        for (k, v) in self.entries(root, CONFIG_KEYS, "the configuration") {
            match &*k.text {
                "extends" => {
                    if let Some(s) = self.text(v, "`extends`") {
                        match profile(s.text.trim()) {
                            Some(p) => config.extends = Some(p),
                            None => {
                                let near = suggest(&s.text, PROFILES.iter().map(|p| p.name));
                                let names: Vec<&str> = PROFILES.iter().map(|p| p.name).collect();
                                self.error(
                                    s.pos,
                                    match near {
                                        Some(n) => format!(
                                            "unknown profile `{}`; did you mean `{n}`?",
                                            s.text
                                        ),
                                        None => format!("unknown profile `{}`", s.text),
                                    },
                                    Some(format!("the profiles are: {}", names.join(", "))),
                                );
                            }
                        }
                    }
                }
                "policies" => config.policies = self.policies(v),
                "policy_errors" => config.policy_errors = self.policy_errors(v),
                "history" => {
                    if let Some(s) = self.text(v, "`history`") {
                        if s.text.trim().is_empty() {
                            self.error(s.pos, "`history` names no folder", None);
                        } else {
                            config.history = Some((s.text.trim().to_owned(), s.pos));
                        }
                    }
                }
                "unwaivable" => {
                    config.layer.unwaivable = self.selectors(v, "an unwaivable rule");
                    config.unwaivable_at = Some(k.pos);
                }
                "select" => config.layer.select = Some(self.selectors(v, "a selected rule")),
                "ignore" => config.layer.ignore = self.selectors(v, "an ignored rule"),
                "severity" => {
                    for (rk, rv) in self.entries(v, &[], "`severity`") {
                        let selector = match Selector::parse_in(&rk.text, self.custom) {
                            Ok(s) => s,
                            Err(message) => {
                                self.error(rk.pos, message, None);
                                continue;
                            }
                        };
                        if let Some(level) = self.level(rv) {
                            config.layer.severity.push((selector, level));
                        }
                    }
                }
                "options" => {
                    for (ok, ov) in self.entries(v, &option_keys(), "`options`") {
                        let Some(spec) = option(&ok.text) else {
                            continue;
                        };
                        if let Some(value) = self.option_value(ov, spec) {
                            config.layer.options.push((spec, value));
                        }
                        config.layer.option_at.push((spec.key, ov.pos()));
                    }
                }
                "collections" => config.layer.collections = self.collections(v),
                "offerings" => config.layer.offerings = self.offerings(v),
                "exports" => config.layer.exports = self.exports(v),
                "prices" => config.layer.prices = self.prices(v),
                _ => {
                    let items: &[Node] = match v {
                        Node::Seq(items, _) => items,
                        Node::Null(_) => &[],
                        other => {
                            self.error(
                                other.pos(),
                                format!("`waivers` must be a list, found {}", other.kind()),
                                None,
                            );
                            &[]
                        }
                    };
                    for item in items {
                        if let Some(w) = self.waiver(item) {
                            config.waivers.push(w);
                        }
                    }
                }
            }
        }
        config
    }

    fn policy_errors(&mut self, node: &Node) -> PolicyErrors {
        let Some(s) = self.text(node, "`policy_errors`") else {
            return PolicyErrors::default();
        };
        match s.text.trim() {
            "strict" => PolicyErrors::Strict,
            "lenient" => PolicyErrors::Lenient,
            other => {
                let near = suggest(other, POLICY_ERRORS.iter().copied());
                self.error(
                    s.pos,
                    match near {
                        Some(n) => format!("`policy_errors: {other}`; did you mean `{n}`?"),
                        None => format!("`policy_errors: {other}` is neither strict nor lenient"),
                    },
                    Some("strict: a builtin error fails the account's audit; lenient: it makes the rule body undefined, as OPA does by default".into()),
                );
                PolicyErrors::default()
            }
        }
    }

    fn policies(&mut self, node: &Node) -> Vec<(String, Pos)> {
        let items = one_or_many(node);
        let mut out = Vec::new();
        for item in items {
            if let Some(s) = self.text(item, "a policy path") {
                if s.text.trim().is_empty() {
                    self.error(s.pos, "a policy path is empty", None);
                } else {
                    out.push((s.text.trim().to_owned(), s.pos));
                }
            }
        }
        out
    }

    fn waiver(&mut self, node: &Node) -> Option<Waiver> {
        let entries = self.entries(node, WAIVER_KEYS, "a waiver");
        let get = |key: &str| entries.iter().find(|(k, _)| k.text == key).map(|(_, v)| *v);
        let pos = node.pos();
        let mut ok = true;
        let rule = match get("rule") {
            None => {
                self.error(pos, "a waiver is missing the required key `rule`", None);
                ok = false;
                None
            }
            Some(v) => self
                .text(v, "`rule`")
                .and_then(|s| match find_in(&s.text, self.custom) {
                    Some(r) => Some(r),
                    None => {
                        let near = suggest(
                            &s.text,
                            all_rules()
                                .chain(self.custom.iter().copied())
                                .flat_map(|r| [r.code, r.name]),
                        );
                        self.error(
                            s.pos,
                            match near {
                                Some(n) => {
                                    format!("unknown rule `{}`; did you mean `{n}`?", s.text)
                                }
                                None => format!("unknown rule `{}`", s.text),
                            },
                            Some("a waiver names one rule, by code or name".into()),
                        );
                        None
                    }
                }),
        };
        let reason = match get("reason").and_then(|v| self.text(v, "`reason`")) {
            Some(s) if !s.text.trim().is_empty() => Some(s.text.trim().to_owned()),
            _ => {
                self.error(
                    pos,
                    "a waiver needs a `reason`",
                    Some("say why the finding is accepted, and who reviewed it".into()),
                );
                ok = false;
                None
            }
        };
        let expires = get("expires")
            .and_then(|v| self.text(v, "`expires`"))
            .and_then(|s| {
                let d = Day::parse_iso(&s.text);
                if d.is_none() {
                    self.error(
                        s.pos,
                        format!("`expires`: `{}` is not a date", s.text),
                        Some("write YYYY-MM-DD".into()),
                    );
                }
                d
            });
        let mut pattern = |key: &str| {
            get(key)
                .and_then(|v| self.text(v, key))
                .map(|s| Pattern::new(&s.text))
        };
        let (account, contract, team, product, user) = (
            pattern("account"),
            pattern("contract"),
            pattern("team"),
            pattern("product"),
            pattern("user"),
        );
        let owner = get("owner")
            .and_then(|v| self.text(v, "`owner`"))
            .map(|s| s.text.trim().to_owned());
        if !ok {
            return None;
        }
        Some(Waiver {
            rule: rule?,
            account,
            contract,
            team,
            product,
            user,
            reason: reason?,
            expires,
            owner,
            at: Loc {
                file: self.path.to_owned(),
                line: pos.line,
                column: pos.column,
                len: pos.len,
                sheet: None,
            },
        })
    }
}

/// Reads a catalog file: `checked:` and `collections:` (its `offerings:` aside).
pub fn read_catalog(src: &str, path: &str) -> Result<Vec<Collection>, Vec<InputError>> {
    read_offering_catalog(src, path).map(|c| c.0)
}

/// Reads a catalog file: its `collections:` and its `offerings:` (plans and token packs).
pub fn read_offering_catalog(
    src: &str,
    path: &str,
) -> Result<(Vec<Collection>, Vec<Offering>), Vec<InputError>> {
    let root = yaml::parse_file(src, path)?;
    let mut r = ConfigReader {
        path,
        errors: Vec::new(),
        custom: &[],
    };
    let mut out = (Vec::new(), Vec::new());
    for (k, v) in r.entries(
        &root,
        &["checked", "collections", "offerings"],
        "the collection catalog",
    ) {
        match &*k.text {
            "collections" => out.0 = r.collections(v),
            "offerings" => out.1 = r.offerings(v),
            _ => {}
        }
    }
    if r.errors.is_empty() {
        Ok(out)
    } else {
        Err(r.errors)
    }
}
