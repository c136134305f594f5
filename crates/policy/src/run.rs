//! Evaluating policies: `deny` over an account, and the policies' `test_*` rules.

use std::collections::BTreeMap;
use std::sync::Arc;

use regorus::rvm::vm::RegoVM;

use regorus::Value;
use rollcall_input::tree::{self, Located, Step};
use rollcall_model::{Account, Day, Origin};
use rollcall_rules::{Finding, RuleMeta};
use rollcall_source::InputError;

use crate::{located, Policy, PolicySet, CODE};

/// Writes the account straight into regorus values (no tree in between), each mapping key
/// made once and shared (a value is reference-counted), since an account repeats the same few
/// keys thousands of times.
struct Values {
    keys: Vec<(&'static str, Value)>,
}

impl Values {
    fn new() -> Self {
        Self {
            keys: Vec::with_capacity(32),
        }
    }

    fn key(&mut self, k: &'static str) -> Value {
        if let Some((_, v)) = self.keys.iter().find(|(s, _)| *s == k) {
            return v.clone();
        }
        let v = Value::from(k);
        self.keys.push((k, v.clone()));
        v
    }
}

impl tree::Build for Values {
    type Out = Value;
    fn str(&mut self, text: &str, _: Option<Origin>) -> Value {
        Value::from(text)
    }
    fn int(&mut self, n: u64, _: Option<Origin>) -> Value {
        Value::from(n)
    }
    fn float(&mut self, x: f64, _: Option<Origin>) -> Value {
        Value::from(x)
    }
    fn bool(&mut self, b: bool, _: Option<Origin>) -> Value {
        Value::from(b)
    }
    fn list(&mut self, items: Vec<Value>, _: Option<Origin>) -> Value {
        Value::from(items)
    }
    fn map(&mut self, entries: Vec<(&'static str, Value)>, _: Option<Origin>) -> Value {
        Value::from(
            entries
                .into_iter()
                .map(|(k, v)| (self.key(k), v))
                .collect::<BTreeMap<_, _>>(),
        )
    }
}

/// A short text of a value for messages.
fn show(v: &Value) -> String {
    let text = v.to_json_str().unwrap_or_else(|_| format!("{v:?}"));
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 120 {
        format!("{}...", flat.chars().take(117).collect::<String>())
    } else {
        flat
    }
}

/// The `input` document a policy sees for an account, as pretty JSON (keys sorted, as Rego
/// holds them): what `rollcall convert --policy-input` prints.
pub fn input_document(account: &Account, today: Day) -> String {
    let v = tree::build(account, today, &mut Values::new());
    let mut text = v.to_json_str().unwrap_or_default();
    text.push('\n');
    text
}

impl PolicySet {
    /// Runs the `deny` rule of each enabled policy over one account. An error (a policy that
    /// fails at run time, a result that is not `{"msg", "at"}`, a path that leads to no value)
    /// is about this account only.
    pub fn check(
        &self,
        account: &Account,
        today: Day,
        enabled: impl Fn(&RuleMeta) -> bool,
    ) -> Result<Vec<Finding>, InputError> {
        let wanted: Vec<&Policy> = self.policies.iter().filter(|p| enabled(p.meta)).collect();
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        let input = tree::build(account, today, &mut Values::new());
        // The tree with origins is built only when a policy has something to locate.
        let mut shape: Option<Located> = None;
        let mut interpreter: Option<regorus::Engine> = None;
        let mut out = Vec::new();
        for p in wanted {
            let fail = |what: String| {
                InputError::new(
                    &p.file,
                    p.deny_at.0,
                    p.deny_at.1,
                    CODE,
                    format!(
                        "policy `{}` on account `{}`: {what}",
                        p.meta.code, account.name
                    ),
                )
            };
            let evaluated = match &p.program {
                Some(program) => {
                    let mut vm = RegoVM::new();
                    vm.load_program(Arc::clone(program));
                    vm.set_strict_builtin_errors(true);
                    vm.set_max_instructions(crate::EVAL_INSTRUCTION_LIMIT);
                    vm.set_execution_timer_config(Some(crate::timer()));
                    vm.set_input(input.clone());
                    match vm.set_data(self.data.clone()) {
                        Ok(()) => vm.execute().map_err(|e| e.to_string()),
                        Err(e) => Err(e.to_string()),
                    }
                }
                None => {
                    let engine = interpreter.get_or_insert_with(|| {
                        let mut e = self.engine.clone();
                        e.set_input(input.clone());
                        e
                    });
                    engine.eval_rule(p.deny.clone()).map_err(|e| e.to_string())
                }
            };
            let results = evaluated.map_err(|e| {
                let mut err = located(&p.file, p.deny_at, &e);
                err.message = format!(
                    "policy `{}` failed on account `{}`: {}",
                    p.meta.code, account.name, err.message
                );
                err
            })?;
            let items: Vec<&Value> = match &results {
                Value::Undefined => Vec::new(),
                Value::Set(s) => s.iter_sorted().collect(),
                Value::Array(a) => a.iter().collect(),
                other => {
                    return Err(fail(format!(
                        "`deny` must be a set of results, found {}",
                        show(other)
                    )))
                }
            };
            if items.is_empty() {
                continue;
            }
            let tree = shape.get_or_insert_with(|| tree::locate(account, today));
            for item in items {
                out.push(Self::finding(p, item, tree).map_err(fail)?);
            }
        }
        Ok(out)
    }

    fn finding(p: &Policy, item: &Value, tree: &Located) -> Result<Finding, String> {
        let help = "each result is {\"msg\": text, \"at\": [path into input], \"subject\": {...}}";
        let Value::Object(obj) = item else {
            return Err(format!(
                "a `deny` result must be an object, found {}; {help}",
                show(item)
            ));
        };
        let mut msg = None;
        let mut at = None;
        let mut subject = None;
        for (k, v) in obj.iter() {
            match k.as_string().map(|s| &**s) {
                Ok("msg") => msg = Some(v),
                Ok("at") => at = Some(v),
                Ok("subject") => subject = Some(v),
                _ => return Err(format!("a `deny` result has the key {}; {help}", show(k))),
            }
        }
        let Some(Ok(msg)) = msg.map(Value::as_string) else {
            return Err(format!("a `deny` result has no text `msg`: {}", show(item)));
        };
        let Some(Value::Array(path)) = at else {
            return Err(format!(
                "a `deny` result has no `at` list (the path of the value it is about): {}",
                show(item)
            ));
        };
        let mut steps = Vec::with_capacity(path.len());
        for step in path.iter() {
            steps.push(match step {
                Value::String(s) => Step::Key(s.to_string()),
                Value::Number(_) => match step.as_u64() {
                    Ok(i) => Step::Index(i as usize),
                    Err(_) => return Err(format!("`at` step {} is not an index", show(step))),
                },
                other => {
                    return Err(format!(
                        "`at` step {} is neither a key nor an index",
                        show(other)
                    ))
                }
            });
        }
        let Some(Some(origin)) = tree.resolve(&steps) else {
            let shown: Vec<String> = steps.iter().map(ToString::to_string).collect();
            return Err(format!(
                "`at` [{}] leads to no value of the account",
                shown.join(", ")
            ));
        };
        let mut f = Finding::new(p.meta, origin, msg.to_string());
        if let Some(help) = p.meta.policy.as_ref().and_then(|d| d.help.clone()) {
            f = f.help(help);
        }
        match subject {
            None => {}
            Some(Value::Object(s)) => {
                for (k, v) in s.iter() {
                    let key = k.as_string().map(ToString::to_string).unwrap_or_default();
                    let text = match v {
                        Value::String(t) => t.to_string(),
                        Value::Number(_) => show(v),
                        _ => {
                            return Err(format!("`subject.{key}` must be text, found {}", show(v)))
                        }
                    };
                    f = match key.as_str() {
                        "contract" => f.contract(&text),
                        "team" => f.team(&text),
                        "product" => f.product(&text),
                        "user" => f.user(&text.to_lowercase()),
                        _ => {
                            return Err(format!(
                                "`subject` has the key `{key}`; its keys are contract, team, product and user"
                            ))
                        }
                    };
                }
            }
            Some(other) => {
                return Err(format!(
                    "`subject` must be an object, found {}",
                    show(other)
                ))
            }
        }
        Ok(f)
    }

    /// Runs every `test_*` rule of every policy, as `opa test` does: a test passes when it is
    /// true; false, undefined or an error fail it.
    pub fn test(&self, coverage: bool) -> (Vec<TestResult>, Option<Vec<Coverage>>) {
        let mut engine = self.engine.clone();
        engine.set_input(Value::Undefined);
        engine.set_enable_coverage(coverage);
        let mut results = Vec::new();
        for p in &self.policies {
            let package = p.deny.trim_end_matches(".deny");
            for (name, file, line) in &p.tests {
                let outcome = match engine.eval_rule(format!("{package}.{name}")) {
                    Ok(Value::Bool(true)) => TestOutcome::Pass,
                    Ok(Value::Undefined) => TestOutcome::Fail("undefined".into()),
                    Ok(other) => TestOutcome::Fail(format!("= {}", show(&other))),
                    Err(e) => {
                        let err = located(file, (*line, 1), &e.to_string());
                        TestOutcome::Error(format!("{}:{}: {}", err.line, err.column, err.message))
                    }
                };
                results.push(TestResult {
                    file: file.clone(),
                    package: package.to_owned(),
                    name: name.clone(),
                    line: *line,
                    outcome,
                });
            }
        }
        let report = coverage.then(|| {
            let files = engine
                .get_coverage_report()
                .map(|r| r.files)
                .unwrap_or_default();
            self.texts
                .iter()
                .map(|(file, _)| {
                    let f = files.iter().find(|f| f.path == *file);
                    Coverage {
                        file: file.clone(),
                        covered: f
                            .map(|f| f.covered.iter().copied().collect())
                            .unwrap_or_default(),
                        not_covered: f
                            .map(|f| f.not_covered.iter().copied().collect())
                            .unwrap_or_default(),
                    }
                })
                .collect()
        });
        (results, report)
    }
}

/// How one test ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TestOutcome {
    Pass,
    /// False or undefined, with what it was.
    Fail(String),
    /// An error while evaluating, located.
    Error(String),
}

/// One `test_*` rule's outcome.
#[derive(Debug, Clone)]
pub struct TestResult {
    pub file: String,
    /// `data.rollcall.custom.<name>`.
    pub package: String,
    pub name: String,
    pub line: u32,
    pub outcome: TestOutcome,
}

/// Which lines of a policy file the tests evaluated.
#[derive(Debug, Clone)]
pub struct Coverage {
    pub file: String,
    pub covered: Vec<u32>,
    pub not_covered: Vec<u32>,
}

impl Coverage {
    /// Covered lines as a share of the lines that could be: 0 to 100.
    #[allow(clippy::cast_precision_loss)] // line counts are far below 2^52
    pub fn percent(&self) -> f64 {
        let all = self.covered.len() + self.not_covered.len();
        if all == 0 {
            100.0
        } else {
            self.covered.len() as f64 * 100.0 / all as f64
        }
    }
}
