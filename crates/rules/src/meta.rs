use std::fmt;
use std::fmt::Write as _;

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
    /// `RC6xx`: role and seat holders checked against the customer's directory export.
    Directory,
    /// `RC9xx`: diagnostics about rollcall's own configuration.
    Config,
    /// A customer's own rules, written as Rego policies (`policies:` in `rollcall.yaml`).
    Custom,
}

impl Group {
    pub const ALL: [Group; 6] = [
        Self::Roles,
        Self::Consistency,
        Self::Seats,
        Self::Renewal,
        Self::Integrity,
        Self::Directory,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Roles => "roles",
            Self::Consistency => "consistency",
            Self::Seats => "seats",
            Self::Renewal => "renewal",
            Self::Integrity => "integrity",
            Self::Directory => "directory",
            Self::Config => "config",
            Self::Custom => "custom",
        }
    }

    /// A group by name: the six of the catalog, `config` and `custom`.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .chain([Self::Config, Self::Custom])
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
    /// For a custom rule, the policy that defines it; `None` for the built-in catalog.
    pub policy: Option<PolicyDoc>,
}

/// What a custom rule's policy says of itself: where it is and its `# METADATA` text.
#[derive(Debug, Clone)]
pub struct PolicyDoc {
    /// The `.rego` file, as shown in messages.
    pub file: String,
    /// The package, `rollcall.custom.<name>`.
    pub package: String,
    /// The line and column of the `package` line, where the rule's findings about itself point.
    pub line: u32,
    pub column: u32,
    /// `description:`, if given.
    pub description: Option<String>,
    /// `custom.help`: how to fix what the rule finds.
    pub help: Option<String>,
}

impl RuleMeta {
    /// The manual: the `//!` text of the rule's file; for a custom rule, its metadata.
    pub fn manual(&self) -> String {
        match &self.policy {
            None => crate::manual::extract(self.source),
            Some(p) => {
                let mut m = text!("# {} {}\n\n### What it does\n", self.code, self.name);
                m.push_str(p.description.as_deref().unwrap_or(self.summary).trim_end());
                m.push('\n');
                if let Some(h) = &p.help {
                    let _ = write!(m, "\n### How to fix\n{}\n", h.trim_end());
                }
                let _ = write!(
                    m,
                    "\n### Where it is defined\nA custom rule: package `{}` in `{}`, line {}; severity {} by default.\n",
                    p.package, p.file, p.line, self.severity
                );
                m
            }
        }
    }
}
