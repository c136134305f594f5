//! Selectors (`select`, `ignore`, `severity`, `unwaivable`): which rules a code, name,
//! prefix or group names; and the `*` globs of waivers.

#[allow(clippy::wildcard_imports)]
use super::*;

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
pub(super) fn find_in(key: &str, custom: &[&'static RuleMeta]) -> Option<&'static RuleMeta> {
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

pub(super) fn glob(pattern: &[u8], text: &[u8]) -> bool {
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
