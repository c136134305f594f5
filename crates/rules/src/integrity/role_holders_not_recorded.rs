//! # RC503 role-holders-not-recorded
//!
//! ### What it does
//! Says, per contract and role, that nobody knows who holds the contract's Contract Manager or
//! its Software Coordinators: no input names them. Autodesk Account's exports never name
//! Software Coordinators, and name the Contract Manager only where the subscriptions export has
//! a `contract_manager_email` column; a snapshot may also write `unknown`. One finding per
//! contract and unknown role (at most two).
//!
//! ### Why is this bad?
//! Unknown is not absent. rollcall does not read "not in the export" as "nobody", so the rules
//! that need the holder could not check this contract: RC101 (Option A), RC102 (no Contract
//! Manager), RC103 to RC105 and RC108 for that role, RC201 and RC202 (roles across contracts),
//! and RC401's raise to error when nobody can renew. A customer audited from exports alone
//! would otherwise look clean where it has not been looked at.
//!
//! ### Example
//! ```yaml
//! contracts:
//!   - number: "110001234567"
//!     contract_manager: unknown
//!     software_coordinators: unknown
//! ```
//!
//! ### Use instead
//! ```yaml
//! contracts:
//!   - number: "110001234567"
//!     contract_manager: jane.doe@acme.example
//!     software_coordinators: [mark.lee@acme.example]
//! ```
//! Record the holders in the account snapshot (`rollcall convert` writes one from the exports,
//! with `unknown` where they must be filled in), as Autodesk Account shows them under
//! Contract Details.
//!
//! ### References
//! - Autodesk Account: Contract Manager and Software Coordinator roles
//! - rollcall's guide: docs/snapshots.md, "Unknown is not absent"

use rollcall_model::Recorded;

use crate::{CheckContext, Finding, Group, Rule, RuleMeta, Severity};

pub struct RoleHoldersNotRecorded;

static META: RuleMeta = RuleMeta {
    code: "RC503",
    name: "role-holders-not-recorded",
    group: Group::Integrity,
    severity: Severity::Info,
    summary: "no input says who holds a contract role, so the role rules could not check it",
    source: include_str!("role_holders_not_recorded.rs"),
    since: "0.2.0",
    policy: None,
};

impl Rule for RoleHoldersNotRecorded {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        for contract in &cx.account.contracts {
            let number = &contract.number.value;
            let roles = [
                (
                    contract.manager,
                    ("Contract Manager", "is"),
                    "RC101, RC102, RC103 to RC105, RC108, RC201, RC202 and RC401's raise",
                    "contract_manager",
                ),
                (
                    contract.coordinators,
                    ("Software Coordinators", "are"),
                    "RC101, RC103 to RC105, RC108, RC201 and RC202",
                    "software_coordinators",
                ),
            ];
            for (recorded, (role, verb), rules, key) in roles {
                let Recorded::Unknown(written) = recorded else {
                    continue;
                };
                let why = if written.is_some() {
                    "the snapshot says `unknown`"
                } else {
                    "the exports do not say"
                };
                out.push(
                    Finding::new(
                        &META,
                        contract.number.origin,
                        text!(
                            "the {role} of contract {number} {verb} not recorded ({why}), so \
                             {rules} could not check it"
                        ),
                    )
                    .label(text!(
                        "{}: unknown",
                        role.trim_end_matches(" is").trim_end_matches(" are")
                    ))
                    .help(text!(
                        "write `{key}:` for this contract in the account snapshot, as Autodesk \
                         Account shows it under Contract Details"
                    ))
                    .contract(number),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{lines, run, Builder};

    #[test]
    fn fires_once_per_contract_and_unknown_role() {
        let a = Builder::new()
            .contract("1", Some("a@x.example"), &[])
            .contract("2", None, &[])
            .roles_unknown()
            .build();
        let f = run(&RoleHoldersNotRecorded, &a, "2026-11-01");
        let line = a.contracts[1].number.origin.line;
        assert_eq!(lines(&f), vec![line, line]);
        assert!(f.iter().all(|x| x.severity == Severity::Info));
        assert!(f
            .iter()
            .all(|x| x.subject.contract.as_deref() == Some("2") && x.subject.user.is_none()));
        assert!(f[0].message.contains("Contract Manager"));
        assert!(f[1].message.contains("Software Coordinators"));
    }

    #[test]
    fn fires_for_the_one_role_that_is_unknown() {
        let mut a = Builder::new()
            .contract("1", Some("a@x.example"), &[])
            .build();
        a.contracts[0].coordinators = Recorded::Unknown(None);
        let f = run(&RoleHoldersNotRecorded, &a, "2026-11-01");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("Software Coordinators"));
    }

    #[test]
    fn does_not_fire_where_roles_are_recorded_even_when_none_is_named() {
        let a = Builder::new()
            .contract("1", None, &[])
            .contract("2", Some("a@x.example"), &["b@x.example"])
            .build();
        assert!(run(&RoleHoldersNotRecorded, &a, "2026-11-01").is_empty());
    }
}
