//! Rules of the `roles` group.

pub mod contract_manager_is_coordinator;
pub mod dormant_role_holder;
pub mod external_role_holder;
pub mod missing_contract_manager;
pub mod no_backup_admin;
pub mod orphan_team;
pub mod reseller_holds_role;
pub mod sole_administrator;
pub mod unknown_role_holder;
