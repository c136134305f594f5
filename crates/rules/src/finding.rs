use std::cell::RefCell;
use std::fmt::Write as _;

use rollcall_model::Origin;

use crate::{RuleMeta, Severity};

/// What a finding is about. Emails are lower-case.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Subject {
    pub contract: Option<String>,
    pub team: Option<String>,
    pub product: Option<String>,
    pub user: Option<String>,
}

impl Subject {
    /// The parts that apply, in the order contract, team, product, user: `("team", "Design")`.
    pub fn parts(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("contract", &self.contract),
            ("team", &self.team),
            ("product", &self.product),
            ("user", &self.user),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
    }
}

/// A secondary place a finding points at, with a short text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub origin: Origin,
    pub text: String,
}

/// One problem found in an account: plain data, rendered later by any renderer.
#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    pub message: String,
    /// Mostly a rule's fixed text, borrowed rather than copied into every finding.
    pub help: Option<std::borrow::Cow<'static, str>>,
    pub subject: Subject,
    /// The value the finding points at.
    pub origin: Origin,
    /// Text shown under the primary value.
    pub label: String,
    /// Further places (the first occurrence of a repeat, the export's value, ...).
    pub labels: Vec<Label>,
    /// The seats of the subject's contract and product that acting on the finding frees, for
    /// the savings a price list turns them into.
    pub frees: Option<Freed>,
}

/// Seats a finding frees: a number of unassigned seats, and the seats held by these users.
/// Two findings may name the same seat; the engine counts each seat once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Freed {
    pub unassigned: u64,
    pub held_by: Vec<String>,
}

impl Finding {
    /// A finding at the rule's default severity.
    pub fn new(rule: &'static RuleMeta, origin: Origin, message: impl Into<String>) -> Self {
        Self {
            rule,
            severity: rule.severity,
            message: message.into(),
            help: None,
            subject: Subject::default(),
            origin,
            label: String::new(),
            labels: Vec::new(),
            frees: None,
        }
    }

    #[must_use]
    pub fn help(mut self, help: impl Into<std::borrow::Cow<'static, str>>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn label(mut self, text: impl Into<String>) -> Self {
        self.label = text.into();
        self
    }

    #[must_use]
    pub fn also(mut self, origin: Origin, text: impl Into<String>) -> Self {
        self.labels.push(Label {
            origin,
            text: text.into(),
        });
        self
    }

    #[must_use]
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// The seats acting on the finding frees.
    #[must_use]
    pub fn frees(mut self, unassigned: u64, held_by: Vec<String>) -> Self {
        self.frees = Some(Freed {
            unassigned,
            held_by,
        });
        self
    }

    #[must_use]
    pub fn contract(mut self, number: &str) -> Self {
        self.subject.contract = Some(number.to_owned());
        self
    }

    #[must_use]
    pub fn team(mut self, name: &str) -> Self {
        self.subject.team = Some(name.to_owned());
        self
    }

    #[must_use]
    pub fn product(mut self, name: &str) -> Self {
        self.subject.product = Some(name.to_owned());
        self
    }

    #[must_use]
    pub fn user(mut self, email: &str) -> Self {
        self.subject.user = Some(email.to_owned());
        self
    }
}

thread_local! {
    static SCRATCH: RefCell<String> = const { RefCell::new(String::new()) };
}

/// A number and its noun, singular for one: `count(1, "day", "days")` shows as `1 day`,
/// `count(3, "day", "days")` as `3 days` (and `0 days`). The noun may carry its verb
/// (`"user is"`, `"users are"`).
pub fn count<N>(n: N, one: &'static str, many: &'static str) -> Count<N> {
    Count { n, one, many }
}

/// See [`count`].
pub struct Count<N> {
    n: N,
    one: &'static str,
    many: &'static str,
}

impl<N: std::fmt::Display + PartialEq + From<u8>> std::fmt::Display for Count<N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let noun = if self.n == N::from(1) {
            self.one
        } else {
            self.many
        };
        write!(f, "{} {noun}", self.n)
    }
}

/// A text formatted in a buffer the thread reuses, then copied once into a string of its
/// size: `format!` guesses a size from the literal parts and grows a message two or three
/// times, and a portfolio's findings are hundreds of thousands of messages.
pub(crate) fn text(args: std::fmt::Arguments<'_>) -> String {
    if let Some(s) = args.as_str() {
        return s.to_owned();
    }
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buf) => {
            buf.clear();
            let _ = buf.write_fmt(args);
            let out = buf.as_str().to_owned();
            // A very long text once does not keep its buffer.
            if buf.capacity() > 4096 {
                *buf = String::new();
            }
            out
        }
        // Formatting a value that itself formats with `text!`.
        Err(_) => std::fmt::format(args),
    })
}

#[cfg(test)]
mod text_tests {
    use super::count;

    #[test]
    fn a_count_is_singular_for_one_only() {
        assert_eq!(count(1_u64, "day", "days").to_string(), "1 day");
        assert_eq!(count(0_u64, "day", "days").to_string(), "0 days");
        assert_eq!(
            count(2_usize, "user is", "users are").to_string(),
            "2 users are"
        );
        assert_eq!(count(-1_i64, "day", "days").to_string(), "-1 days");
        assert_eq!(text!("in {}", count(1_i64, "day", "days")), "in 1 day");
    }

    #[test]
    fn formats_as_format_does() {
        let who = "jane@a.example";
        assert_eq!(text!("plain"), "plain");
        assert_eq!(
            text!("`{who}` holds {} seats", 3),
            format!("`{who}` holds {} seats", 3)
        );
        let long = "x".repeat(10_000);
        assert_eq!(text!("{long}!"), format!("{long}!"));
        assert_eq!(text!("{}", 1.5), "1.5");
    }

    #[test]
    fn a_value_formatted_inside_a_text_is_formatted_too() {
        struct Inner;
        impl std::fmt::Display for Inner {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&text!("in{}", 1))
            }
        }
        assert_eq!(text!("out {} {}", Inner, 2), "out in1 2");
    }
}
