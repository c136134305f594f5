//! # RC502 source-disagreement
//!
//! ### What it does
//! Reports a field on which the account snapshot and an Autodesk Account export give different
//! values. The snapshot's value is the one rollcall used (it is the customer's curated record);
//! the finding points at it, with the export's value as a second label.
//!
//! ### Why is this bad?
//! Either the snapshot is out of date (the export reflects what Autodesk has) or the export was
//! taken before a change. Audit results are only as good as the record: reconcile the two.
//!
//! ### Example
//! `account.yaml` says `ends: 2027-01-31` for contract 110001234567 while
//! `subscriptions.csv` says `end_date` 2026-01-31 for it.
//!
//! ### Use instead
//! Correct whichever source is wrong so that both agree.
//!
//! ### References
//! - rollcall input formats, "Merging"

use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity};

pub struct SourceDisagreement;

static META: RuleMeta = RuleMeta {
    code: "RC502",
    name: "source-disagreement",
    group: Group::Integrity,
    severity: Severity::Info,
    summary: "the snapshot and an export give different values for one field",
    source: include_str!("source_disagreement.rs"),
    since: "0.1.0",
    policy: None,
};

impl Rule for SourceDisagreement {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        for d in &cx.account.disagreements {
            let mut finding = Finding::new(
                &META,
                d.snapshot.origin,
                text!(
                    "{}: the snapshot says `{}`, {} says `{}`",
                    d.field,
                    d.snapshot.value,
                    cx.account.path_of(d.export.origin),
                    d.export.value
                ),
            )
            .label("the snapshot's value, which rollcall used")
            .also(
                d.export.origin,
                text!("the export says `{}`", d.export.value),
            )
            .help("correct whichever source is out of date so that both agree");
            finding.subject = crate::Subject {
                contract: d.contract.clone(),
                team: d.team.clone(),
                product: d.product.clone(),
                user: d.user.clone(),
            };
            out.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{run, Builder};
    use rollcall_model::{At, Disagreement, FileId, Origin};

    fn at(file: u32, line: u32, v: &str) -> At<String> {
        At::new(
            v.to_owned(),
            Origin {
                file: FileId(file),
                line,
                column: 1,
                len: 1,
            },
        )
    }

    #[test]
    fn fires_on_each_disagreement_with_both_places() {
        let mut a = Builder::new()
            .contract("1", Some("j@a.example"), &[])
            .build();
        a.disagreements.push(Disagreement {
            field: "`ends` of contract 1".into(),
            contract: Some("1".into()),
            team: None,
            product: None,
            user: None,
            snapshot: at(0, 4, "2027-01-31"),
            export: at(1, 2, "2026-01-31"),
        });
        let f = run(&SourceDisagreement, &a, "2026-11-01");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].origin.line, 4);
        assert_eq!(f[0].labels[0].origin.file, FileId(1));
        assert_eq!(f[0].severity, Severity::Info);
        assert_eq!(f[0].subject.contract.as_deref(), Some("1"));
    }

    #[test]
    fn does_not_fire_when_sources_agree() {
        let a = Builder::new()
            .contract("1", Some("j@a.example"), &[])
            .build();
        assert!(run(&SourceDisagreement, &a, "2026-11-01").is_empty());
    }
}
