//! Custom rules written in Rego, evaluated with regorus.
//!
//! A policy is one `.rego` file with the package `rollcall.custom.<name>`, a `# METADATA` block
//! (its title, and under `custom:` its id, severity and help) and a `deny` rule. Its `input` is
//! the account as the snapshot tree of [`rollcall_input::tree`], with `today`. Each object that
//! `deny` yields, `{"msg": ..., "subject": {...}, "at": [path]}`, becomes a [`Finding`] located
//! where the value at `path` was written. A policy's own `test_*` rules are run by
//! [`PolicySet::test`].
//!
//! Budgets: a policy file is at most [`MAX_POLICY_BYTES`]; one evaluation (one policy over one
//! account, or one test) stops after [`EVAL_TIME_LIMIT`]; builtin errors are errors, not
//! undefined (OPA's `--strict-builtin-errors`).

mod metadata;
mod run;

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use regorus::languages::rego::compiler::Compiler;
use regorus::rvm::program::Program;

use regorus::utils::limits::ExecutionTimerConfig;
use rollcall_rules::{Group, PolicyDoc, RuleMeta};
use rollcall_source::InputError;

pub use metadata::{Metadata, CUSTOM_KEYS, METADATA_KEYS};
pub use run::{input_document, Coverage, TestOutcome, TestResult};

/// How builtin errors in a policy are taken (`policy_errors:` in the configuration).
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

/// Largest policy file read.
pub const MAX_POLICY_BYTES: u64 = 1024 * 1024;
/// Time one evaluation may take.
pub const EVAL_TIME_LIMIT: Duration = Duration::from_secs(5);
/// Instructions one evaluation on the VM may run: a budget that, unlike time, gives the same
/// answer on every machine. The examples take under 2 million on an 8,000-user account.
pub const EVAL_INSTRUCTION_LIMIT: usize = 500_000_000;

const CODE: &str = "rollcall::policy";
const PACKAGE_PREFIX: &str = "rollcall.custom.";

/// One policy: the rule it defines and where.
#[derive(Debug, Clone)]
pub struct Policy {
    pub meta: &'static RuleMeta,
    /// The file, as shown in messages.
    pub file: String,
    /// `data.rollcall.custom.<name>.deny`.
    deny: String,
    /// Where the first `deny` rule is written, where errors about its results point.
    deny_at: (u32, u32),
    /// The `test_*` rules: name, file, line.
    pub tests: Vec<(String, String, u32)>,
    /// `deny` compiled for regorus' VM; `None` where the VM cannot compile the policy, which
    /// then runs on the interpreter.
    program: Option<Arc<Program>>,
    /// Under `lenient`, why the VM could not compile the policy.
    pub vm_refused: Option<String>,
}

/// The policies of one configuration, compiled once into one engine that each evaluation
/// clones (a clone shares the parsed modules).
#[derive(Debug, Clone)]
pub struct PolicySet {
    engine: regorus::Engine,
    pub policies: Vec<Policy>,
    /// `data` for every evaluation: `{"rollcall": {"options": ...}}`.
    data: regorus::Value,
    /// The files' texts, for the coverage report.
    texts: Vec<(String, String)>,
}

fn timer() -> ExecutionTimerConfig {
    ExecutionTimerConfig {
        limit: EVAL_TIME_LIMIT,
        check_interval: NonZeroU32::new(64).unwrap_or(NonZeroU32::MIN),
    }
}

fn engine() -> regorus::Engine {
    let mut e = regorus::Engine::new();
    e.set_strict_builtin_errors(true);
    e.set_execution_timer_config(timer());
    e
}

/// Where a regorus error points, from its `--> file:line:col` line, and its message.
pub(crate) fn located(file: &str, fallback: (u32, u32), err: &str) -> InputError {
    let mut at = fallback;
    let mut message = err.trim().to_owned();
    for line in err.lines() {
        if let Some(rest) = line.trim().strip_prefix("--> ") {
            let mut parts = rest.rsplitn(3, ':');
            let col = parts.next().and_then(|c| c.parse().ok());
            let line_no = parts.next().and_then(|l| l.parse().ok());
            if let (Some(l), Some(c)) = (line_no, col) {
                at = (l, c);
            }
        }
        if let Some(m) = line.trim().strip_prefix("error: ") {
            m.trim().clone_into(&mut message);
        }
    }
    InputError::new(file, at.0.max(1), at.1.max(1), CODE, message)
}

fn serde_json_value(o: &rollcall_rules::Options) -> regorus::Value {
    let mut v = regorus::Value::new_object();
    if let Ok(m) = v.as_object_mut() {
        for spec in rollcall_rules::OPTIONS {
            let value = match (spec.get)(o) {
                rollcall_rules::OptionValue::Whole(n) => regorus::Value::from(n),
                rollcall_rules::OptionValue::Decimal(d) => regorus::Value::from(d),
            };
            m.insert(regorus::Value::from(spec.key), value);
        }
        // Plans and token packs, by every name as the catalog compares it (lower-case, `&`
        // as `and`, spaces folded): `{"premium": "plan", "flex": "tokens", ...}`.
        let mut offerings = regorus::Value::new_object();
        if let Ok(names) = offerings.as_object_mut() {
            for offering in &o.offerings {
                let kind = match offering.kind {
                    rollcall_rules::OfferingKind::Plan => "plan",
                    rollcall_rules::OfferingKind::TokenPack => "tokens",
                };
                for n in &offering.names {
                    names.insert(
                        regorus::Value::from(rollcall_rules::catalog_name(n).as_str()),
                        regorus::Value::from(kind),
                    );
                }
            }
        }
        m.insert(regorus::Value::from("offerings"), offerings);
    }
    v
}

/// The kebab-case rule name of a package's last part: `shared_mailbox` is `shared-mailbox`.
fn rule_name(package_name: &str) -> String {
    package_name.replace('_', "-").to_ascii_lowercase()
}

/// The lines of the rules whose name starts with `prefix` (rule heads at the start of a line).
fn rule_lines(text: &str, name: &str) -> Vec<u32> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            l.strip_prefix(name).is_some_and(|rest| {
                rest.starts_with([' ', '\t', '[', '{', ':', '=']) || rest.is_empty()
            })
        })
        .map(|(i, _)| i as u32 + 1)
        .collect()
}

fn test_rules(text: &str, file: &str) -> Vec<(String, String, u32)> {
    let mut out: Vec<(String, String, u32)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if !line.starts_with("test_") {
            continue;
        }
        let name: String = line
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !out.iter().any(|(n, _, _)| *n == name) {
            out.push((name, file.to_owned(), i as u32 + 1));
        }
    }
    out
}

/// The `package` line of a file, or the error that it has none.
fn package_of(file: &str, text: &str, what: &str) -> Result<metadata::Package, InputError> {
    metadata::package(text).ok_or_else(|| {
        InputError::new(
            file,
            1,
            1,
            CODE,
            format!("the {what} has no `package` line"),
        )
    })
}

/// Reads, checks and adds one policy file; `others` are the policies read before it.
fn read_policy(
    file: &str,
    text: &str,
    engine: &mut regorus::Engine,
    others: &[Policy],
) -> Result<Policy, Vec<InputError>> {
    let package = package_of(file, text, "policy").map_err(|e| vec![e])?;
    let at = |message: String| InputError::new(file, package.line, package.column, CODE, message);
    engine
        .add_policy(file.to_owned(), text.to_owned())
        .map_err(|e| {
            vec![located(
                file,
                (package.line, package.column),
                &e.to_string(),
            )]
        })?;
    let Some(short) = package
        .name
        .strip_prefix(PACKAGE_PREFIX)
        .filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    else {
        return Err(vec![at(format!("package `{}` is not `rollcall.custom.<name>`", package.name))
            .with_len(package.name.len() as u32 + 8)
            .with_help("a custom rule's package is `rollcall.custom.` and one name, such as `rollcall.custom.shared_mailbox`")]);
    };
    let meta = metadata::read(text, file, &package)?;
    let Some(&deny_line) = rule_lines(text, "deny").first() else {
        return Err(vec![at(format!("policy `{}` has no `deny` rule", meta.id))
            .with_help("write `deny contains result if { ... }`, each result `{\"msg\": ..., \"at\": [path into input]}`")]);
    };
    if let Some(other) = others
        .iter()
        .find(|p| p.meta.code.eq_ignore_ascii_case(&meta.id))
    {
        return Err(vec![at(format!(
            "the rule id `{}` is already used by {}",
            meta.id, other.file
        ))
        .with_help("give each policy an id of its own")]);
    }
    let name = rule_name(short);
    if let Some(other) = others.iter().find(|p| p.meta.name == name) {
        return Err(vec![at(format!(
            "package `{}` is also defined in {}",
            package.name, other.file
        ))]);
    }
    let rule: &'static RuleMeta = Box::leak(Box::new(RuleMeta {
        code: Box::leak(meta.id.into_boxed_str()),
        name: Box::leak(name.into_boxed_str()),
        group: Group::Custom,
        severity: meta.severity,
        summary: Box::leak(meta.title.into_boxed_str()),
        source: "",
        since: "custom",
        policy: Some(PolicyDoc {
            file: file.to_owned(),
            package: package.name.clone(),
            line: package.line,
            column: package.column,
            description: meta.description,
            help: meta.help,
        }),
    }));
    Ok(Policy {
        meta: rule,
        file: file.to_owned(),
        deny: format!("data.{}.deny", package.name),
        deny_at: (deny_line, 1),
        tests: test_rules(text, file),
        program: None,
        vm_refused: None,
    })
}

/// Adds a `_test.rego` file to the engine and its tests to the policy of its package.
fn add_tests(
    file: &str,
    text: &str,
    engine: &mut regorus::Engine,
    policies: &mut [Policy],
) -> Result<(), InputError> {
    let package = package_of(file, text, "test file")?;
    let Some(policy) = policies
        .iter_mut()
        .find(|p| p.deny == format!("data.{}.deny", package.name))
    else {
        return Err(InputError::new(
            file,
            package.line,
            package.column,
            CODE,
            format!("the test file's package `{}` is no policy's", package.name),
        )
        .with_help("a `_test.rego` file tests the policy of the same package"));
    };
    engine
        .add_policy(file.to_owned(), text.to_owned())
        .map_err(|e| located(file, (package.line, package.column), &e.to_string()))?;
    for t in test_rules(text, file) {
        if !policy.tests.iter().any(|(n, _, _)| *n == t.0) {
            policy.tests.push(t);
        }
    }
    Ok(())
}

impl PolicySet {
    /// Compiles policies given as (file as shown, text); a file named `*_test.rego` holds tests
    /// of the policy of its package. Every problem is a located error: a
    /// policy that does not parse, a package outside `rollcall.custom`, a missing or bad
    /// `# METADATA` block, a duplicate id or package, no `deny` rule.
    ///
    /// `lenient`: `check` runs `deny` on regorus' compiled VM, where an error inside a rule
    /// body makes that body undefined (OPA's default), rather than on the interpreter, where
    /// builtin errors are errors (OPA's `--strict-builtin-errors`). Tests always run strict.
    pub fn load(files: &[(String, String)], lenient: bool) -> Result<Self, Vec<InputError>> {
        let mut errors = Vec::new();
        let mut engine = engine();
        let mut policies: Vec<Policy> = Vec::new();
        let (test_files, policy_files): (Vec<_>, Vec<_>) = files
            .iter()
            .partition(|(f, _)| f.to_ascii_lowercase().ends_with("_test.rego"));
        for (file, text) in policy_files {
            match read_policy(file, text, &mut engine, &policies) {
                Ok(p) => policies.push(p),
                Err(e) => errors.extend(e),
            }
        }
        // Tests kept apart, as `opa test` users do: `<name>_test.rego` in the policy's package.
        for (file, text) in test_files {
            if let Err(e) = add_tests(file, text, &mut engine, &mut policies) {
                errors.push(e);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut set = Self {
            engine,
            policies,
            data: regorus::Value::new_object(),
            texts: files.to_vec(),
        };
        // Analyse once here, so that what only the analysis finds is a load error, and every
        // clone starts prepared.
        let errors = set.prepare();
        if !errors.is_empty() {
            return Err(errors);
        }
        // Lenient: `check` runs `deny` on regorus' compiled VM, several times faster than its
        // interpreter; a policy the VM cannot compile stays on the interpreter.
        for i in (0..set.policies.len()).filter(|_| lenient) {
            let deny = set.policies[i].deny.clone();
            let entry: regorus::Rc<str> = deny.as_str().into();
            let program = set
                .engine
                .clone()
                .compile_with_entrypoint(&entry)
                .map_err(|e| e.to_string())
                .and_then(|compiled| {
                    Compiler::compile_from_policy(&compiled, &[deny.as_str()])
                        .map_err(|e| e.to_string())
                });
            match program {
                Ok(p) => set.policies[i].program = Some(p),
                Err(why) => {
                    let why = why
                        .lines()
                        .rev()
                        .find(|l| !l.trim().is_empty())
                        .unwrap_or("")
                        .trim();
                    set.policies[i].vm_refused = Some(why.to_owned());
                }
            }
        }
        Ok(set)
    }

    /// Gives every evaluation the configuration's options as `data.rollcall.options`
    /// (`inactive_days`, `invite_days`, ...), so that a policy can follow them as the built-in
    /// rules do.
    pub fn set_options(&mut self, o: &rollcall_rules::Options) {
        let options = serde_json_value(o);
        let mut data = regorus::Value::new_object();
        if let Ok(map) = data.as_object_mut() {
            let mut inner = regorus::Value::new_object();
            if let Ok(m) = inner.as_object_mut() {
                m.insert(regorus::Value::from("options"), options);
            }
            map.insert(regorus::Value::from("rollcall"), inner);
        }
        self.engine.clear_data();
        let _ = self.engine.add_data(data.clone());
        self.data = data;
        // New data unprepares the engine; prepare it again here, once, rather than in every
        // per-account clone. Its errors were the load's, and were reported there.
        let _ = self.prepare();
    }

    /// Evaluates each `deny` once on an empty input, which makes regorus analyse the policies
    /// (so that every clone of the engine starts prepared). Errors with a location in the
    /// policy are about its text; others are about the empty input, which is no account.
    fn prepare(&mut self) -> Vec<InputError> {
        self.engine.set_input(regorus::Value::new_object());
        let mut errors = Vec::new();
        for p in &self.policies {
            if let Err(e) = self.engine.eval_rule(p.deny.clone()) {
                let msg = e.to_string();
                if msg.contains("-->") {
                    errors.push(located(&p.file, p.deny_at, &msg));
                }
            }
        }
        errors
    }

    /// How many policies run on the compiled VM (the rest on the interpreter).
    pub fn compiled(&self) -> usize {
        self.policies.iter().filter(|p| p.program.is_some()).count()
    }

    /// The rules the policies define, in the order of their files.
    pub fn rules(&self) -> impl Iterator<Item = &'static RuleMeta> + '_ {
        self.policies.iter().map(|p| p.meta)
    }
}

#[cfg(test)]
mod tests;
