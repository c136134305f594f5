//! The layers of settings (a profile, a file, the command line) and the configuration a
//! run uses once they are applied in order ([`Effective`]).

#[allow(clippy::wildcard_imports)]
use super::*;

/// One layer of settings: a profile, a file or the command line.
#[derive(Clone, Debug, Default)]
pub struct Layer {
    pub select: Option<Vec<Selector>>,
    pub ignore: Vec<Selector>,
    /// `None` as the level means `off`.
    pub severity: Vec<(Selector, Option<Severity>)>,
    /// `options:`, each with the table entry that reads and applies it.
    pub options: Vec<(&'static OptionSpec, OptionValue)>,
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
    /// Where each option was written, for checks that span options (`invite_expiry_days`
    /// above `invite_days`).
    pub option_at: Vec<(&'static str, Pos)>,
}

impl Layer {
    /// Where an option was written in this layer, if it was.
    pub fn option_at(&self, key: &str) -> Option<Pos> {
        self.option_at
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, p)| *p)
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
        for (spec, value) in &layer.options {
            (spec.set)(&mut self.options, *value);
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
