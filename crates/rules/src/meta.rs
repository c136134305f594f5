use std::fmt;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "info" => Some(Self::Info),
            "warning" | "warn" => Some(Self::Warning),
            "error" => Some(Self::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The families of the catalog, by the hundreds digit of the code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// `RC1xx`
    Roles,
    /// `RC2xx`
    Consistency,
    /// `RC3xx`
    Seats,
    /// `RC4xx`
    Renewal,
    /// `RC5xx`
    Integrity,
    /// `RC9xx`: diagnostics about rollcall's own configuration.
    Config,
}

impl Group {
    pub const ALL: [Group; 5] = [
        Self::Roles,
        Self::Consistency,
        Self::Seats,
        Self::Renewal,
        Self::Integrity,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Roles => "roles",
            Self::Consistency => "consistency",
            Self::Seats => "seats",
            Self::Renewal => "renewal",
            Self::Integrity => "integrity",
            Self::Config => "config",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|g| g.as_str().eq_ignore_ascii_case(raw.trim()))
    }
}

/// What a rule is: its public identity and its manual.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable code, never reused: `RC101`.
    pub code: &'static str,
    /// Kebab-case name of the bad pattern: `contract-manager-is-coordinator`.
    pub name: &'static str,
    pub group: Group,
    pub severity: Severity,
    /// One line for `rollcall rules`.
    pub summary: &'static str,
    /// The rule's source file; its `//!` lines are the manual.
    pub source: &'static str,
    /// The version the rule appeared in.
    pub since: &'static str,
}

impl RuleMeta {
    /// The manual: the `//!` text of the rule's file.
    pub fn manual(&self) -> String {
        crate::manual::extract(self.source)
    }
}
