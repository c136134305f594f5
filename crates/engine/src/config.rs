//! Configuration: `rollcall.yaml` files, the embedded profiles, and the command line's
//! overrides, resolved into one [`Effective`] rule set with waivers.
//!
//! Layers apply in order: the profile (`extends`, else `default`), the file, the command line.
//! In each layer `select` replaces the set of enabled rules, `ignore` removes from it, and
//! `severity` overrides levels (`off` disables).

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use rollcall_policy::PolicySet;

use rollcall_model::Day;
use rollcall_rules::{
    all_rules, catalog_name, find_rule, Collection, Group, Offering, OfferingKind, Options,
    RuleMeta, Severity,
};

use rollcall_input::aliases::{self, Aliases};
use rollcall_input::exports::normalise_header;
use rollcall_input::yaml::{self, Node, Pos, Scalar};
use rollcall_report::Loc;
use rollcall_source::{suggest, InputError};

/// A profile shipped in the binary, from the top-level `rules/` folder.
#[derive(Debug)]
pub struct Profile {
    pub name: &'static str,
    pub text: &'static str,
}

pub static PROFILES: &[Profile] = &[
    Profile {
        name: "default",
        text: include_str!("../../../rules/default.yaml"),
    },
    Profile {
        name: "pre-renewal",
        text: include_str!("../../../rules/pre-renewal.yaml"),
    },
    Profile {
        name: "compliance",
        text: include_str!("../../../rules/compliance.yaml"),
    },
    Profile {
        name: "reseller-health",
        text: include_str!("../../../rules/reseller-health.yaml"),
    },
];

pub fn profile(name: &str) -> Option<&'static Profile> {
    PROFILES.iter().find(|p| p.name == name)
}

/// Which rules a selector names.
#[derive(Clone, Debug)]
pub enum Selector {
    All,
    Group(Group),
    /// A code prefix such as `RC3` or `RC30`.
    Prefix(String),
    Rule(&'static RuleMeta),
    /// On the command line, an id that no built-in rule has: a custom rule that the
    /// configuration's policies must define (checked once they are loaded).
    Named(String),
}

impl Selector {
    pub fn matches(&self, rule: &RuleMeta) -> bool {
        match self {
            Self::All => true,
            Self::Group(g) => rule.group == *g,
            Self::Prefix(p) => rule.code.starts_with(p.as_str()),
            Self::Rule(r) => std::ptr::eq(*r, rule),
            Self::Named(n) => {
                rule.policy.is_some()
                    && (rule.code.eq_ignore_ascii_case(n) || rule.name.eq_ignore_ascii_case(n))
            }
        }
    }

    /// Reads a code, name, code prefix, group or `ALL`; the error says what was meant.
    pub fn parse(raw: &str) -> Result<Self, String> {
        Self::parse_in(raw, &[])
    }

    /// As [`Selector::parse`] on the command line: an id that is not a built-in rule's and not
    /// `RC...` is kept by name, for the policies of the configuration to define.
    pub fn parse_cli(raw: &str) -> Result<Self, String> {
        let s = raw.trim();
        match Self::parse(s) {
            Ok(sel) => Ok(sel),
            Err(e) => {
                let custom_like = s.starts_with(|c: char| c.is_ascii_alphabetic())
                    && !s.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("rc"))
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
                if custom_like && suggest(s, all_rules().flat_map(|r| [r.code, r.name])).is_none() {
                    Ok(Self::Named(s.to_owned()))
                } else {
                    Err(e)
                }
            }
        }
    }

    /// As [`Selector::parse`], knowing the custom rules of a configuration's policies.
    pub fn parse_in(raw: &str, custom: &[&'static RuleMeta]) -> Result<Self, String> {
        let s = raw.trim();
        if s.eq_ignore_ascii_case("all") {
            return Ok(Self::All);
        }
        if let Some(rule) = find_in(s, custom) {
            return Ok(Self::Rule(rule));
        }
        if let Some(g) = Group::parse(s) {
            return Ok(Self::Group(g));
        }
        let upper = s.to_ascii_uppercase();
        if upper.len() > 2
            && upper.starts_with("RC")
            && upper[2..].bytes().all(|b| b.is_ascii_digit())
            && all_rules().any(|r| r.code.starts_with(upper.as_str()))
        {
            return Ok(Self::Prefix(upper));
        }
        let names = all_rules()
            .chain(custom.iter().copied())
            .flat_map(|r| [r.code, r.name])
            .chain(Group::ALL.iter().map(|g| g.as_str()));
        Err(match suggest(s, names) {
            Some(near) => format!("unknown rule `{s}`; did you mean `{near}`?"),
            None => format!("unknown rule `{s}`"),
        })
    }
}

/// A rule by code or name, built in or custom.
fn find_in(key: &str, custom: &[&'static RuleMeta]) -> Option<&'static RuleMeta> {
    find_rule(key).or_else(|| {
        let key = key.trim();
        custom
            .iter()
            .copied()
            .find(|m| m.code.eq_ignore_ascii_case(key) || m.name.eq_ignore_ascii_case(key))
    })
}

/// A `*` glob, matched against a whole value (case-insensitively).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern(String);

impl Pattern {
    pub fn new(raw: &str) -> Self {
        Self(raw.trim().to_lowercase())
    }

    pub fn matches(&self, value: &str) -> bool {
        glob(self.0.as_bytes(), value.to_lowercase().as_bytes())
    }
}

fn glob(pattern: &[u8], text: &[u8]) -> bool {
    // Iterative matcher with one backtrack point: linear enough for selectors.
    let (mut p, mut t) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while t < text.len() {
        if p < pattern.len() && pattern[p] == b'*' {
            star = Some(p);
            mark = t;
            p += 1;
        } else if p < pattern.len() && pattern[p] == text[t] {
            p += 1;
            t += 1;
        } else if let Some(s) = star {
            p = s + 1;
            mark += 1;
            t = mark;
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&b| b == b'*')
}

/// A reviewed, dated exception for findings.
#[derive(Clone, Debug)]
pub struct Waiver {
    pub rule: &'static RuleMeta,
    pub account: Option<Pattern>,
    pub contract: Option<Pattern>,
    pub team: Option<Pattern>,
    pub product: Option<Pattern>,
    pub user: Option<Pattern>,
    pub reason: String,
    pub expires: Option<Day>,
    pub owner: Option<String>,
    /// Where the waiver is written.
    pub at: Loc,
}

impl Waiver {
    pub fn matches(
        &self,
        rule: &RuleMeta,
        account: &str,
        subject: &rollcall_rules::Subject,
    ) -> bool {
        fn field(p: Option<&Pattern>, v: Option<&str>) -> bool {
            match p {
                None => true,
                Some(p) => v.is_some_and(|v| p.matches(v)),
            }
        }
        std::ptr::eq(self.rule, rule)
            && field(self.account.as_ref(), Some(account))
            && field(self.contract.as_ref(), subject.contract.as_deref())
            && field(self.team.as_ref(), subject.team.as_deref())
            && field(self.product.as_ref(), subject.product.as_deref())
            && field(self.user.as_ref(), subject.user.as_deref())
    }
}

/// One layer of settings: a profile, a file or the command line.
#[derive(Clone, Debug, Default)]
pub struct Layer {
    pub select: Option<Vec<Selector>>,
    pub ignore: Vec<Selector>,
    /// `None` as the level means `off`.
    pub severity: Vec<(Selector, Option<Severity>)>,
    pub inactive_days: Option<u32>,
    pub invite_days: Option<u32>,
    pub renewal_days: Option<u32>,
    pub invite_expiry_days: Option<u32>,
    pub unused_days: Option<u32>,
    pub occasional_days: Option<f64>,
    pub pool_days: Option<u32>,
    pub max_renewal_months: Option<u32>,
    pub handover_days: Option<u32>,
    /// `unwaivable`: rules no waiver may silence (each layer adds to the ones before).
    pub unwaivable: Vec<Selector>,
    /// Collections added to the catalog, or products added to a collection of it.
    pub collections: Vec<Collection>,
    /// Plans and token packs added to the offering catalog.
    pub offerings: Vec<Offering>,
    /// `exports:`, the header and value aliases of export columns.
    pub exports: Aliases,
    /// `prices:`, the yearly price of a seat per product.
    pub prices: Option<Prices>,
    /// Where `invite_days` and `invite_expiry_days` were written, for the check that the
    /// one is above the other.
    pub invite_days_at: Option<Pos>,
    pub invite_expiry_at: Option<Pos>,
}

/// A price list: what a seat of each product costs a year, in one currency.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Prices {
    pub currency: String,
    /// (product name as the catalog compares it, cents a seat a year).
    per_seat_year: Vec<(String, u64)>,
}

impl Prices {
    /// The yearly price of a seat of a product, named as in the account (case, `&`/`and` and
    /// spaces do not matter). An Industry Collection may be priced under any of its catalog
    /// names ("AEC Collection" for the Architecture Engineering & Construction Collection).
    pub fn of(&self, product: &str, catalog: &[Collection]) -> Option<u64> {
        let find = |name: &str| {
            let name = catalog_name(name);
            self.per_seat_year
                .iter()
                .find(|(p, _)| *p == name)
                .map(|(_, c)| *c)
        };
        find(product).or_else(|| {
            let collection = catalog.iter().find(|c| {
                c.names
                    .iter()
                    .any(|n| rollcall_rules::offering_is(product, n))
            })?;
            collection.names.iter().find_map(|n| find(n))
        })
    }
}

/// The resolved settings for a set of accounts.
#[derive(Clone, Debug)]
pub struct Effective {
    /// The level of each rule of [`all_rules`], by code; `None` when off.
    levels: HashMap<&'static str, Option<Severity>>,
    pub options: Options,
    pub prices: Option<Prices>,
    pub waivers: Vec<Waiver>,
    /// Rules no waiver may silence (`unwaivable`, from the profile and the file).
    pub unwaivable: Vec<Selector>,
    /// `history:`: the folder each run's JSON report is also written to, relative to the
    /// working folder (the file names it relative to itself).
    pub history: Option<std::path::PathBuf>,
    /// The file it came from, if any.
    pub source: Option<String>,
    /// The configuration's `policies:`, which define and check its custom rules.
    pub policies: Option<Arc<PolicySet>>,
    /// How export headers and values are named beyond the spec's names.
    pub exports: Aliases,
}

/// A price as whole cents: `3000`, `1999.5`, `1999.50`; `None` for anything else.
fn cents(text: &str) -> Option<u64> {
    let t = text.trim();
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) || frac.len() > 2 {
        return None;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: u64 = int.parse().ok()?;
    let part: u64 = format!("{frac:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(part)
}

/// The built-in collection catalog (`rules/collections.yaml`), embedded in the binary.
pub const COLLECTIONS: &str = include_str!("../../../rules/collections.yaml");

/// The built-in catalog, read once. A test holds that it reads without error.
pub fn builtin_collections() -> &'static [Collection] {
    static CATALOG: std::sync::OnceLock<Vec<Collection>> = std::sync::OnceLock::new();
    CATALOG
        .get_or_init(|| read_catalog(COLLECTIONS, "<rules/collections.yaml>").unwrap_or_default())
}

/// The day the built-in catalog was last checked against Autodesk's offerings.
pub fn collections_checked() -> &'static str {
    COLLECTIONS
        .lines()
        .find_map(|l| l.strip_prefix("checked: "))
        .unwrap_or("unknown")
        .trim()
}

/// The built-in plans and token packs (`offerings:` of `rules/collections.yaml`), read once.
pub fn builtin_offerings() -> &'static [Offering] {
    static CATALOG: std::sync::OnceLock<Vec<Offering>> = std::sync::OnceLock::new();
    CATALOG.get_or_init(|| {
        read_offering_catalog(COLLECTIONS, "<rules/collections.yaml>")
            .map(|c| c.1)
            .unwrap_or_default()
    })
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

/// Adds plans and token packs to the offering catalog; one already there by a name gains
/// the new names and takes the new kind.
fn extend_offerings(catalog: &mut Vec<Offering>, added: &[Offering]) {
    for o in added {
        let known = catalog.iter_mut().find(|k| {
            k.names
                .iter()
                .any(|n| o.names.iter().any(|m| catalog_name(n) == catalog_name(m)))
        });
        match known {
            Some(k) => {
                for n in &o.names {
                    if !k.names.iter().any(|x| catalog_name(x) == catalog_name(n)) {
                        k.names.push(n.clone());
                    }
                }
                k.kind = o.kind;
            }
            None => catalog.push(o.clone()),
        }
    }
}

/// Adds collections to a catalog: one whose name (or alias) is already there gains the new
/// names and products; another is appended.
fn extend_catalog(catalog: &mut Vec<Collection>, added: &[Collection]) {
    for c in added {
        let known = catalog.iter_mut().find(|k| {
            k.names
                .iter()
                .any(|n| c.names.iter().any(|m| catalog_name(n) == catalog_name(m)))
        });
        match known {
            Some(k) => {
                for n in &c.names {
                    if !k.names.iter().any(|x| catalog_name(x) == catalog_name(n)) {
                        k.names.push(n.clone());
                    }
                }
                for p in &c.covers {
                    if !k.covers.iter().any(|x| catalog_name(x) == catalog_name(p)) {
                        k.covers.push(p.clone());
                    }
                }
            }
            None => catalog.push(c.clone()),
        }
    }
}

impl Default for Effective {
    fn default() -> Self {
        Self {
            levels: all_rules().map(|r| (r.code, Some(r.severity))).collect(),
            options: Options {
                collections: builtin_collections().to_vec(),
                offerings: builtin_offerings().to_vec(),
                ..Options::default()
            },
            prices: None,
            waivers: Vec::new(),
            unwaivable: Vec::new(),
            history: None,
            source: None,
            policies: None,
            exports: Aliases::default(),
        }
    }
}

impl Effective {
    /// The level a rule runs at; `None` when it is off.
    pub fn level(&self, rule: &RuleMeta) -> Option<Severity> {
        self.levels.get(rule.code).copied().flatten()
    }

    /// Whether the configuration makes a rule unwaivable.
    pub fn is_unwaivable(&self, rule: &RuleMeta) -> bool {
        self.unwaivable.iter().any(|s| s.matches(rule))
    }

    /// Every rule that can run: the catalog's, then the custom ones.
    pub fn rules(&self) -> impl Iterator<Item = &'static RuleMeta> + '_ {
        all_rules().chain(self.custom())
    }

    /// The custom rules, those of the configuration's policies, in the order of their files.
    pub fn custom(&self) -> impl Iterator<Item = &'static RuleMeta> + '_ {
        self.policies.iter().flat_map(|p| p.rules())
    }

    /// Takes on the policies' rules, at their own severities.
    pub fn add_policies(&mut self, set: Arc<PolicySet>) {
        for r in set.rules() {
            self.levels.insert(r.code, Some(r.severity));
        }
        self.policies = Some(set);
    }

    /// Applies a layer to every rule, custom ones included.
    pub fn apply(&mut self, layer: &Layer) {
        self.apply_to(layer, true);
    }

    /// Applies a layer; a profile's (`custom` false) leaves custom rules alone, since a
    /// profile cannot know them: listing a policy turns its rule on.
    pub fn apply_to(&mut self, layer: &Layer, custom: bool) {
        let rules: Vec<&'static RuleMeta> = if custom {
            self.rules().collect()
        } else {
            all_rules().collect()
        };
        if let Some(select) = &layer.select {
            for &rule in &rules {
                let on = select.iter().any(|s| s.matches(rule));
                let level = if on {
                    Some(self.level(rule).unwrap_or(rule.severity))
                } else {
                    None
                };
                self.levels.insert(rule.code, level);
            }
        }
        // Within one layer `ignore` wins over a `severity` that names a group: a profile can
        // raise `seats` to error and still leave one seat rule out. A later layer's
        // `severity` (the user's own file, the command line) may turn it back on.
        for (selector, level) in &layer.severity {
            for rule in rules.iter().filter(|r| selector.matches(r)) {
                self.levels.insert(rule.code, *level);
            }
        }
        for &rule in &rules {
            if layer.ignore.iter().any(|s| s.matches(rule)) {
                self.levels.insert(rule.code, None);
            }
        }
        if let Some(d) = layer.inactive_days {
            self.options.inactive_days = d;
        }
        if let Some(d) = layer.invite_days {
            self.options.invite_days = d;
        }
        if let Some(d) = layer.renewal_days {
            self.options.renewal_days = d;
        }
        if let Some(d) = layer.invite_expiry_days {
            self.options.invite_expiry_days = d;
        }
        if let Some(d) = layer.unused_days {
            self.options.unused_days = d;
        }
        if let Some(d) = layer.occasional_days {
            self.options.occasional_days = d;
        }
        if let Some(d) = layer.pool_days {
            self.options.pool_days = d;
        }
        if let Some(d) = layer.max_renewal_months {
            self.options.max_renewal_months = d;
        }
        if let Some(d) = layer.handover_days {
            self.options.handover_days = d;
        }
        extend_catalog(&mut self.options.collections, &layer.collections);
        extend_offerings(&mut self.options.offerings, &layer.offerings);
        self.exports.extend(&layer.exports);
        self.unwaivable.extend(layer.unwaivable.iter().cloned());
        if layer.prices.is_some() {
            self.prices.clone_from(&layer.prices);
        }
    }

    /// The severity a finding gets: the configured level replaces the rule's default, and a
    /// finding the rule itself raised above its default (RC401 when nobody can renew) keeps at
    /// least that.
    pub fn severity_of(&self, rule: &RuleMeta, found: Severity) -> Option<Severity> {
        let level = self.level(rule)?;
        Some(if found > rule.severity {
            level.max(found)
        } else {
            level
        })
    }
}

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
pub const OPTION_KEYS: &[&str] = &[
    "inactive_days",
    "invite_days",
    "renewal_days",
    "invite_expiry_days",
    "unused_days",
    "occasional_days",
    "pool_days",
    "max_renewal_months",
    "handover_days",
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

/// How builtin errors in a policy are taken (`policy_errors:`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PolicyErrors {
    /// An error is an error: the account's audit fails, located (OPA's
    /// `--strict-builtin-errors`). Evaluated by regorus' interpreter.
    #[default]
    Strict,
    /// An error inside a rule body makes that body undefined, as OPA does by default.
    /// Evaluated by regorus' compiled VM, several times faster.
    Lenient,
}

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

    fn days(
        &mut self,
        node: &Node,
        key: &str,
        range: std::ops::RangeInclusive<u32>,
    ) -> Option<u32> {
        let s = self.text(node, key)?;
        match s.text.trim().parse::<u32>() {
            Ok(n) if range.contains(&n) => Some(n),
            _ => {
                self.error(
                    s.pos,
                    format!(
                        "`{key}` must be a whole number of days from {} to {}, found `{}`",
                        range.start(),
                        range.end(),
                        s.text
                    ),
                    None,
                );
                None
            }
        }
    }

    /// `occasional_days`: days of use a month, a decimal above 0 and at most 31.
    fn decimal_days(&mut self, node: &Node) -> Option<f64> {
        let s = self.text(node, "occasional_days")?;
        match s.text.trim().parse::<f64>() {
            Ok(n) if n > 0.0 && n <= 31.0 => Some(n),
            _ => {
                self.error(
                    s.pos,
                    format!(
                        "`occasional_days` must be days of use a month, above 0 and at most 31, found `{}`",
                        s.text
                    ),
                    Some("write a decimal such as `3.0`".into()),
                );
                None
            }
        }
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
                    for (ok, ov) in self.entries(v, OPTION_KEYS, "`options`") {
                        match &*ok.text {
                            "inactive_days" => {
                                config.layer.inactive_days =
                                    self.days(ov, "inactive_days", 1..=3650);
                            }
                            "invite_days" => {
                                config.layer.invite_days = self.days(ov, "invite_days", 1..=365);
                                config.layer.invite_days_at = Some(ov.pos());
                            }
                            "renewal_days" => {
                                config.layer.renewal_days = self.days(ov, "renewal_days", 0..=730);
                            }
                            "invite_expiry_days" => {
                                config.layer.invite_expiry_days =
                                    self.days(ov, "invite_expiry_days", 2..=3650);
                                config.layer.invite_expiry_at = Some(ov.pos());
                            }
                            "unused_days" => {
                                config.layer.unused_days = self.days(ov, "unused_days", 0..=3650);
                            }
                            "occasional_days" => {
                                config.layer.occasional_days = self.decimal_days(ov);
                            }
                            "pool_days" => {
                                config.layer.pool_days = self.days(ov, "pool_days", 0..=365);
                            }
                            "handover_days" => {
                                config.layer.handover_days =
                                    self.days(ov, "handover_days", 0..=365);
                            }
                            _ => {
                                config.layer.max_renewal_months =
                                    self.days(ov, "max_renewal_months", 1..=12);
                            }
                        }
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

/// Resolves a configuration file (or none) and the command line's layer into settings.
pub fn resolve(
    file: Option<(&ConfigFile, &str)>,
    profile_override: Option<&Profile>,
    cli: &Layer,
) -> Result<Effective, Vec<InputError>> {
    resolve_with(file, None, profile_override, cli)
}

/// As [`resolve`], with the policies the file's `policies:` named.
pub fn resolve_with(
    file: Option<(&ConfigFile, &str)>,
    policies: Option<Arc<PolicySet>>,
    profile_override: Option<&Profile>,
    cli: &Layer,
) -> Result<Effective, Vec<InputError>> {
    let mut eff = Effective::default();
    if let Some(set) = policies {
        eff.add_policies(set);
    }
    let base = profile_override
        .or_else(|| file.and_then(|(f, _)| f.extends))
        .unwrap_or(&PROFILES[0]);
    let base_file = read_config(base.text, &format!("<profile {}>", base.name))?;
    eff.apply_to(&base_file.layer, false);
    // A rule the command line names by an id that no policy here defines is a mistake, not a
    // rule that happens to be quiet.
    let named = cli
        .select
        .iter()
        .flatten()
        .chain(&cli.ignore)
        .chain(cli.severity.iter().map(|(s, _)| s));
    for sel in named {
        if let Selector::Named(n) = sel {
            if !eff.custom().any(|r| sel.matches(r)) {
                let at = file.map_or("<command line>", |(_, p)| p);
                let near = suggest(n, eff.rules().flat_map(|r| [r.code, r.name]));
                return Err(vec![InputError::file(
                    at,
                    "rollcall::config",
                    match near {
                        Some(m) => format!("the command line names the rule `{n}`, which no built-in rule or policy of this configuration defines; did you mean `{m}`?"),
                        None => format!("the command line names the rule `{n}`, which no built-in rule or policy of this configuration defines"),
                    },
                )
                .with_help("custom rules are defined by the policies that `policies:` lists in rollcall.yaml")]);
            }
        }
    }
    if let Some((f, path)) = file {
        eff.apply(&f.layer);
        eff.waivers.clone_from(&f.waivers);
        eff.source = Some(path.to_owned());
    }
    eff.apply(cli);
    if let Some((f, path)) = file {
        forbidden_waivers(&eff, f, path, base)?;
    }
    let o = &eff.options;
    if o.invite_expiry_days <= o.invite_days {
        let (at, key) = file
            .and_then(|(f, p)| {
                f.layer
                    .invite_expiry_at
                    .map(|a| (a, "invite_expiry_days"))
                    .or(f.layer.invite_days_at.map(|a| (a, "invite_days")))
                    .map(|(a, k)| ((a, p), k))
            })
            .unwrap_or(((Pos::default(), "<options>"), "invite_expiry_days"));
        return Err(vec![InputError::new(
            at.1,
            at.0.line,
            at.0.column,
            "rollcall::config",
            format!(
                "`invite_expiry_days` ({}) must be above `invite_days` ({}): an invitation is stale before it expires",
                o.invite_expiry_days, o.invite_days
            ),
        )
        .with_len(at.0.len)
        .with_help(format!("`{key}` is set here; raise `invite_expiry_days` or lower `invite_days`"))]);
    }
    // The policies see the options in force, as `data.rollcall.options`.
    if let Some(set) = eff.policies.as_mut() {
        Arc::make_mut(set).set_options(&eff.options);
    }
    Ok(eff)
}

/// A waiver of a rule that the profile or the file makes unwaivable is an error at the waiver
/// (a waiver names one rule, so naming it and matching its findings are the same).
fn forbidden_waivers(
    eff: &Effective,
    file: &ConfigFile,
    path: &str,
    base: &Profile,
) -> Result<(), Vec<InputError>> {
    let errors: Vec<InputError> = eff
        .waivers
        .iter()
        .filter(|w| eff.is_unwaivable(w.rule))
        .map(|w| {
            let set_by = if file.layer.unwaivable.iter().any(|s| s.matches(w.rule)) {
                match file.unwaivable_at {
                    Some(at) => format!("`unwaivable` at line {} of this file", at.line),
                    None => "`unwaivable` in this file".to_owned(),
                }
            } else {
                format!("the `{}` profile", base.name)
            };
            InputError::new(
                path,
                w.at.line,
                w.at.column,
                "rollcall::config",
                format!(
                    "the waiver of {} ({}) is not allowed: {set_by} makes the rule unwaivable",
                    w.rule.code, w.rule.name
                ),
            )
            .with_len(w.at.len)
            .with_help("fix the finding, or remove the waiver; no waiver may silence this rule")
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The names a configuration file may have, in the order they are looked for.
pub const CONFIG_NAMES: [&str; 4] = [
    "rollcall.yaml",
    ".rollcall.yaml",
    "rollcall.yml",
    ".rollcall.yml",
];

/// The nearest configuration file at or above a folder, as ruff finds `ruff.toml`.
pub fn find_config(dir: &Path) -> Option<std::path::PathBuf> {
    ConfigFinder::default().find(dir)
}

/// A path made absolute without asking the file system (no `readlink` per component): joined
/// to the working folder. A path with `..` is canonicalised, since its parent is not lexical.
pub fn absolute(path: &Path) -> std::path::PathBuf {
    // The working folder is asked once per run, not once per customer.
    static CWD: std::sync::OnceLock<Option<std::path::PathBuf>> = std::sync::OnceLock::new();
    let has_parent_dir = path
        .components()
        .any(|c| matches!(c, std::path::Component::ParentDir));
    if has_parent_dir {
        if let Ok(p) = path.canonicalize() {
            return p;
        }
    }
    let abs = match CWD.get_or_init(|| std::env::current_dir().ok()) {
        Some(cwd) if path.is_relative() => cwd.join(path),
        _ => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
    };
    // `absolute` keeps `.` components out already; a trailing `.` of "." itself is dropped.
    abs.components().collect()
}

/// Finds the nearest configuration of many folders, looking each folder up once: a folder's
/// answer is cached for every folder below it. Inside the folders a walk has listed, the walk
/// already says where configuration files are, so no file is looked for there at all.
#[derive(Debug, Default)]
pub struct ConfigFinder {
    cache: HashMap<std::path::PathBuf, Option<std::path::PathBuf>>,
    /// Folders walked in full (absolute), and the configuration files the walk met in them.
    walked: Vec<std::path::PathBuf>,
    seen: std::collections::HashSet<std::path::PathBuf>,
}

impl ConfigFinder {
    /// A finder that trusts a walk of `roots`, which met the configuration files `seen`.
    pub fn with_walk(
        roots: impl IntoIterator<Item = std::path::PathBuf>,
        seen: impl IntoIterator<Item = std::path::PathBuf>,
    ) -> Self {
        Self {
            cache: HashMap::new(),
            walked: roots.into_iter().map(|r| absolute(&r)).collect(),
            seen: seen.into_iter().map(|p| absolute(&p)).collect(),
        }
    }

    pub fn find(&mut self, dir: &Path) -> Option<std::path::PathBuf> {
        let dir = absolute(dir);
        self.find_absolute(&dir)
    }

    fn find_absolute(&mut self, dir: &Path) -> Option<std::path::PathBuf> {
        if let Some(hit) = self.cache.get(dir) {
            return hit.clone();
        }
        let walked = self.walked.iter().any(|r| dir.starts_with(r));
        let here = CONFIG_NAMES.iter().map(|n| dir.join(n)).find(|p| {
            if walked {
                self.seen.contains(p)
            } else {
                p.is_file()
            }
        });
        let found = match here {
            Some(p) => Some(p),
            None => dir.parent().and_then(|parent| self.find_absolute(parent)),
        };
        self.cache.insert(dir.to_path_buf(), found.clone());
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_name_rules_prefixes_and_groups() {
        let r301 = find_rule("RC301").unwrap();
        assert!(Selector::parse("seats").unwrap().matches(r301));
        assert!(Selector::parse("RC3").unwrap().matches(r301));
        assert!(Selector::parse("unassigned-seats").unwrap().matches(r301));
        assert!(!Selector::parse("RC1").unwrap().matches(r301));
        assert!(Selector::parse("RC7").is_err());
        assert_eq!(
            Selector::parse("unasigned-seats").map(|_| ()).unwrap_err(),
            "unknown rule `unasigned-seats`; did you mean `unassigned-seats`?"
        );
    }

    #[test]
    fn globs_match_whole_values() {
        assert!(Pattern::new("1100*").matches("110040000001"));
        assert!(Pattern::new("*@Acme.example").matches("jane@acme.example"));
        assert!(!Pattern::new("1100").matches("110040000001"));
        assert!(Pattern::new("*").matches(""));
        assert!(Pattern::new("a*b*c").matches("aXXbYYc"));
        assert!(!Pattern::new("a*b*c").matches("aXXbYY"));
    }

    #[test]
    fn every_profile_reads_and_resolves() {
        for p in PROFILES {
            let f = read_config(p.text, p.name).unwrap_or_else(|e| panic!("{}: {e:?}", p.name));
            assert!(f.extends.is_none() && f.waivers.is_empty(), "{}", p.name);
        }
        let renewal = resolve(None, profile("pre-renewal"), &Layer::default()).unwrap();
        assert_eq!(renewal.options.renewal_days, 120);
        assert_eq!(
            renewal.level(find_rule("RC401").unwrap()),
            Some(Severity::Error)
        );
        let compliance = resolve(None, profile("compliance"), &Layer::default()).unwrap();
        assert_eq!(
            compliance.level(find_rule("RC101").unwrap()),
            Some(Severity::Error)
        );
    }

    #[test]
    fn layers_select_ignore_and_override() {
        let f = read_config(
            "select: [roles, RC301]\nignore: [RC105]\nseverity:\n  RC101: error\n  RC301: off\n",
            "c",
        )
        .unwrap();
        let eff = resolve(Some((&f, "c")), None, &Layer::default()).unwrap();
        assert_eq!(
            eff.level(find_rule("RC101").unwrap()),
            Some(Severity::Error)
        );
        assert_eq!(eff.level(find_rule("RC105").unwrap()), None);
        assert_eq!(eff.level(find_rule("RC301").unwrap()), None);
        assert_eq!(eff.level(find_rule("RC401").unwrap()), None);
        assert_eq!(
            eff.level(find_rule("RC106").unwrap()),
            Some(Severity::Warning)
        );
    }

    #[test]
    fn mistakes_are_located_with_suggestions() {
        let src = "selct: [RC101]\nseverity:\n  RC101: eror\noptions:\n  invite_days: 0\nwaivers:\n  - rule: RC1O1\n    reason: x\n  - rule: RC101\n";
        let errs = read_config(src, "rollcall.yaml").unwrap_err();
        let got: Vec<(u32, u32, &str)> = errs
            .iter()
            .map(|e| (e.line, e.column, e.message.as_str()))
            .collect();
        assert_eq!(
            got[0],
            (
                1,
                1,
                "unknown key `selct` in the configuration; did you mean `select`?"
            )
        );
        assert_eq!((got[1].0, got[1].1), (3, 10));
        assert!(errs[1].help.as_deref().unwrap().contains("error"));
        assert_eq!((got[2].0, got[2].1), (5, 16));
        assert_eq!((got[3].0, got[3].1), (7, 11));
        assert!(got[3].2.contains("did you mean `RC101`"), "{}", got[3].2);
        assert_eq!((got[4].0, got[4].2), (9, "a waiver needs a `reason`"));
    }

    #[test]
    fn the_built_in_catalog_reads_cleanly() {
        let catalog = read_catalog(COLLECTIONS, "collections.yaml").unwrap();
        assert_eq!(catalog.len(), 3);
        assert_eq!(builtin_collections(), catalog.as_slice());
        assert!(catalog[0].names.iter().any(|n| n == "AEC Collection"));
        assert!(catalog[1]
            .covers
            .iter()
            .any(|p| p == "Inventor Professional"));
        assert_eq!(collections_checked(), "2026-11-01");
    }

    #[test]
    fn a_configuration_extends_the_catalog() {
        let src = "collections:\n  - name: aec  collection\n    covers: [Twinmotion, Revit]\n  - name: Water Bundle\n    aliases: WB\n    covers: [InfoWater Pro]\n";
        let file = read_config(src, "rollcall.yaml").unwrap();
        let eff = resolve(Some((&file, "rollcall.yaml")), None, &Layer::default()).unwrap();
        let c = &eff.options.collections;
        assert_eq!(c.len(), 4);
        assert!(c[0].covers.iter().any(|p| p == "Twinmotion"));
        assert_eq!(c[0].covers.iter().filter(|p| *p == "Revit").count(), 1);
        assert_eq!(c[3].names, ["Water Bundle", "WB"]);
        let bad = read_config("collections:\n  - covers: [X]\n    nme: Y\n", "c.yaml").unwrap_err();
        assert_eq!(bad.len(), 2, "{bad:?}");
        assert!(bad[0].message.contains("did you mean `name`"), "{bad:?}");
        assert!(
            bad[1].message.contains("missing the required key `name`"),
            "{bad:?}"
        );
    }

    #[test]
    fn ignore_wins_over_a_group_severity_in_one_layer() {
        let file = read_config("ignore: [RC307]\nseverity:\n  seats: error\n", "c.yaml").unwrap();
        let eff = resolve(Some((&file, "c.yaml")), None, &Layer::default()).unwrap();
        assert_eq!(eff.level(find_rule("RC307").unwrap()), None);
        assert_eq!(
            eff.level(find_rule("RC306").unwrap()),
            Some(Severity::Error)
        );
        // A later layer may name it again.
        let cli = Layer {
            severity: vec![(Selector::parse("RC307").unwrap(), Some(Severity::Info))],
            ..Layer::default()
        };
        let eff = resolve(Some((&file, "c.yaml")), None, &cli).unwrap();
        assert_eq!(eff.level(find_rule("RC307").unwrap()), Some(Severity::Info));
    }

    #[test]
    fn new_options_are_range_checked_and_the_expiry_follows_the_invitation() {
        let src = "options:\n  unused_days: -1\n  occasional_days: 0\n  pool_days: 400\n  max_renewal_months: 13\n";
        let errs = read_config(src, "c.yaml").unwrap_err();
        let lines: Vec<u32> = errs.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3, 4, 5], "{errs:?}");
        let file = read_config(
            "options:\n  invite_days: 30\n  invite_expiry_days: 30\n",
            "c.yaml",
        )
        .unwrap();
        let err = resolve(Some((&file, "c.yaml")), None, &Layer::default()).unwrap_err();
        assert_eq!((err[0].line, err[0].column), (3, 23), "{err:?}");
        let file = read_config("options:\n  invite_days: 120\n", "c.yaml").unwrap();
        let err = resolve(Some((&file, "c.yaml")), None, &Layer::default()).unwrap_err();
        assert_eq!(err[0].line, 2, "{err:?}");
        assert!(
            err[0]
                .message
                .contains("(90) must be above `invite_days` (120)"),
            "{err:?}"
        );
    }

    #[test]
    fn prices_read_cents_and_find_collections_by_any_name() {
        let file = read_config("prices:\n  currency: EUR\n  per_seat_year:\n    aec collection: 3900.5\n    Revit: 3000\n", "c.yaml").unwrap();
        let eff = resolve(Some((&file, "c.yaml")), None, &Layer::default()).unwrap();
        let p = eff.prices.unwrap();
        assert_eq!(p.of("REVIT", &eff.options.collections), Some(300_000));
        assert_eq!(
            p.of(
                "Architecture Engineering and Construction Collection",
                &eff.options.collections
            ),
            Some(390_050)
        );
        assert_eq!(p.of("AutoCAD", &eff.options.collections), None);
        assert_eq!(cents("12.5"), Some(1250));
        assert_eq!(cents("12.345"), None);
        assert_eq!(cents("-1"), None);
        assert_eq!(cents("1e3"), None);
    }

    #[test]
    fn the_finder_answers_as_a_walk_up_would() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for d in ["p/a/x", "p/b", "p/c/y/z"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        std::fs::write(root.join("p/rollcall.yaml"), "").unwrap();
        std::fs::write(root.join("p/c/.rollcall.yml"), "").unwrap();
        let walk_up = |d: &str| {
            absolute(&root.join(d))
                .ancestors()
                .flat_map(|a| CONFIG_NAMES.iter().map(move |n| a.join(n)))
                .find(|p| p.is_file())
        };
        let mut plain = ConfigFinder::default();
        let mut walked = ConfigFinder::with_walk(
            [root.join("p")],
            [root.join("p/rollcall.yaml"), root.join("p/c/.rollcall.yml")],
        );
        for d in ["p/a/x", "p/b", "p/c/y/z", "p/c", "p", "p/a/x"] {
            let want = walk_up(d);
            assert_eq!(plain.find(&root.join(d)), want, "{d}");
            assert_eq!(walked.find(&root.join(d)), want, "{d} (walked)");
        }
        assert!(walk_up("p/c/y/z").unwrap().ends_with("p/c/.rollcall.yml"));
    }
}
