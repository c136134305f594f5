use crate::{config, consistency, directory, integrity, renewal, roles, seats, Rule, RuleMeta};

static REGISTRY: &[&dyn Rule] = &[
    &roles::contract_manager_is_coordinator::ContractManagerIsCoordinator,
    &roles::missing_contract_manager::MissingContractManager,
    &roles::unknown_role_holder::UnknownRoleHolder,
    &roles::dormant_role_holder::DormantRoleHolder,
    &roles::external_role_holder::ExternalRoleHolder,
    &roles::no_backup_admin::NoBackupAdmin,
    &roles::sole_administrator::SoleAdministrator,
    &roles::reseller_holds_role::ResellerHoldsRole,
    &roles::orphan_team::OrphanTeam,
    &consistency::inconsistent_roles_across_contracts::InconsistentRolesAcrossContracts,
    &consistency::undecided_role_policy::UndecidedRolePolicy,
    &seats::unassigned_seats::UnassignedSeats,
    &seats::over_assigned_seats::OverAssignedSeats,
    &seats::user_without_seat::UserWithoutSeat,
    &seats::seat_held_by_dormant_user::SeatHeldByDormantUser,
    &seats::stale_invitation::StaleInvitation,
    &seats::unused_seat::UnusedSeat,
    &seats::occasional_use_seat::OccasionalUseSeat,
    &seats::collection_overlap::CollectionOverlap,
    &seats::expired_invitation::ExpiredInvitation,
    &renewal::renewal_due::RenewalDue,
    &renewal::expired_contract_with_seats::ExpiredContractWithSeats,
    &renewal::mixed_end_dates_in_pool::MixedEndDatesInPool,
    &renewal::staggered_renewals::StaggeredRenewals,
    &renewal::idle_seats_at_renewal::IdleSeatsAtRenewal,
    &integrity::duplicate_user::DuplicateUser,
    &integrity::source_disagreement::SourceDisagreement,
    &integrity::role_holders_not_recorded::RoleHoldersNotRecorded,
    &directory::role_holder_gone::RoleHolderGone,
    &directory::role_holder_leaving::RoleHolderLeaving,
    &directory::seat_held_by_leaver::SeatHeldByLeaver,
    &directory::departed_user::DepartedUser,
];

/// Diagnostics about the configuration, raised by the engine rather than run over accounts.
static CONFIG: &[&RuleMeta] = &[&config::expired_waiver::META, &config::unused_waiver::META];

/// Every rule that runs over accounts, in code order. An explicit list: adding a rule is its
/// file and one line here.
pub fn registry() -> &'static [&'static dyn Rule] {
    REGISTRY
}

/// The metadata of every rule, the account rules then the configuration diagnostics.
pub fn all_rules() -> impl Iterator<Item = &'static RuleMeta> {
    REGISTRY
        .iter()
        .map(|r| r.meta())
        .chain(CONFIG.iter().copied())
}

/// A rule by code (`RC101`, any case) or name (`contract-manager-is-coordinator`).
pub fn find_rule(key: &str) -> Option<&'static RuleMeta> {
    let key = key.trim();
    all_rules().find(|m| m.code.eq_ignore_ascii_case(key) || m.name.eq_ignore_ascii_case(key))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::manual::missing_headings;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        let mut previous = "";
        for m in all_rules() {
            assert!(codes.insert(m.code), "duplicate code {}", m.code);
            assert!(names.insert(m.name), "duplicate name {}", m.name);
            assert!(
                m.code > previous,
                "registry not in code order at {}",
                m.code
            );
            previous = m.code;
            assert!(
                m.code.len() == 5 && m.code.starts_with("RC"),
                "bad code {}",
                m.code
            );
            assert!(
                m.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "name {} is not kebab-case",
                m.name
            );
            let group_digit = match m.group {
                crate::Group::Roles => '1',
                crate::Group::Consistency => '2',
                crate::Group::Seats => '3',
                crate::Group::Renewal => '4',
                crate::Group::Integrity => '5',
                crate::Group::Directory => '6',
                crate::Group::Config => '9',
                crate::Group::Custom => unreachable!("{} is built in", m.code),
            };
            assert_eq!(
                m.code.chars().nth(2),
                Some(group_digit),
                "{} in wrong group",
                m.code
            );
            assert!(
                !m.summary.ends_with('.'),
                "{} summary ends with a period",
                m.code
            );
        }
    }

    #[test]
    fn every_manual_has_the_required_sections() {
        for m in all_rules() {
            let manual = m.manual();
            assert!(
                manual.starts_with(&text!("# {} {}", m.code, m.name)),
                "{} manual title",
                m.code
            );
            assert_eq!(
                missing_headings(&manual),
                Vec::<&str>::new(),
                "{} manual",
                m.code
            );
        }
    }

    #[test]
    fn every_rule_has_a_firing_and_a_non_firing_test() {
        for rule in registry() {
            let m = rule.meta();
            assert!(m.source.contains("#[cfg(test)]"), "{} has no tests", m.code);
            assert!(
                m.source.contains("fn fires"),
                "{} has no firing case",
                m.code
            );
            assert!(
                m.source.contains("fn does_not_fire"),
                "{} has no non-firing case",
                m.code
            );
        }
    }

    #[test]
    fn finds_by_code_or_name() {
        assert_eq!(find_rule("rc101").map(|m| m.code), Some("RC101"));
        assert_eq!(find_rule("unassigned-seats").map(|m| m.code), Some("RC301"));
        assert!(find_rule("RC999").is_none());
        assert_eq!(find_rule("unused-waiver").map(|m| m.code), Some("RC902"));
    }
}
