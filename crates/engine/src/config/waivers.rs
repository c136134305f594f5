//! Waivers: reviewed, dated exceptions for findings, and the rules none may silence.

#[allow(clippy::wildcard_imports)]
use super::*;

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

/// A waiver of a rule that the profile or the file makes unwaivable is an error at the waiver
/// (a waiver names one rule, so naming it and matching its findings are the same).
pub(super) fn forbidden_waivers(
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
