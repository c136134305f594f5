//! `rollcall fix`: the remediation plan (spec: remediation.md).
//!
//! [`plan`] takes one audited account and its finished diagnostics (plain data, as the engine
//! hands them over) and returns a [`Plan`]: every finding settled by exactly one action, choice
//! or "no action", the people who act, where in Autodesk Account, what it saves; and the
//! account as it will be once the safe actions are carried out. The renderers ([`render`],
//! [`import`]) turn a plan into the files `fix` writes. Nothing here reads or writes files.

mod build;
pub mod import;
mod people;
pub mod render;

pub use build::plan;

use rollcall_model::{Account, Day};
use rollcall_report::Diagnostic;
use rollcall_rules::{Options, Subject};

/// A price list as the plan needs it: the currency, and the yearly price of a seat of a
/// product (in cents), named as in the account.
pub struct Pricing<'a> {
    pub currency: &'a str,
    pub of: &'a (dyn Fn(&str) -> Option<u64> + Sync),
}

/// What a plan is made from: one audited account.
pub struct Input<'a> {
    pub account: &'a Account,
    /// The account's diagnostics as the audit finished them (sorted, waived).
    pub diagnostics: &'a [Diagnostic],
    pub today: Day,
    pub options: &'a Options,
    pub pricing: Option<Pricing<'a>>,
}

/// The most people a choice lists as candidates (`candidates_total` counts them all).
pub const MAX_CANDIDATES: usize = 25;

/// Who must act.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Who {
    /// The team's primary or secondary admin, else a Software Coordinator of the contract.
    Admin,
    ContractManager,
    Reseller,
    Autodesk,
}

impl Who {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::ContractManager => "contract_manager",
            Self::Reseller => "reseller",
            Self::Autodesk => "autodesk",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Admin => "Admin",
            Self::ContractManager => "Contract Manager",
            Self::Reseller => "Reseller",
            Self::Autodesk => "Autodesk",
        }
    }
}

/// What an entry asks for (the spec's stable names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    UnassignSeat,
    Reinvite,
    RemoveAndReinvite,
    ReduceSeats,
    RemoveDuplicate,
    RemoveUser,
    MoveToFlex,
    Renew,
    CoTerm,
    AssignSeat,
    UnassignSeats,
    NameContractManager,
    NameSoftwareCoordinator,
    NameAdmin,
    DecideRolePolicy,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::UnassignSeat => "unassign-seat",
            Self::Reinvite => "reinvite",
            Self::RemoveAndReinvite => "remove-and-reinvite",
            Self::ReduceSeats => "reduce-seats",
            Self::RemoveDuplicate => "remove-duplicate",
            Self::RemoveUser => "remove-user",
            Self::MoveToFlex => "move-to-flex",
            Self::Renew => "renew",
            Self::CoTerm => "co-term",
            Self::AssignSeat => "assign-seat",
            Self::UnassignSeats => "unassign-seats",
            Self::NameContractManager => "name-contract-manager",
            Self::NameSoftwareCoordinator => "name-software-coordinator",
            Self::NameAdmin => "name-admin",
            Self::DecideRolePolicy => "decide-role-policy",
        }
    }
}

/// A finding an entry settles: its rule, subject and message, as the audit reported it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settled {
    pub rule: &'static str,
    pub subject: Subject,
    pub message: String,
}

/// One seat: a product of a contract, and who holds it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Seat {
    pub contract: String,
    pub product: String,
    pub user: String,
}

/// A candidate of a choice: a person, a seat to give (a product of a contract), or a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Candidate {
    Person(String),
    Product { contract: String, product: String },
    Value(&'static str),
}

/// An action or a choice.
#[derive(Clone, Debug)]
pub struct Entry {
    pub id: usize,
    pub kind: Kind,
    pub who: Who,
    /// The people in that role, where the account names them (else the role acts).
    pub people: Vec<String>,
    /// Actions only: whether the planned snapshot applies it.
    pub safe: bool,
    pub contract: Option<String>,
    pub team: Option<String>,
    pub product: Option<String>,
    pub user: Option<String>,
    /// `unassign-seat`: every seat the action unassigns.
    pub seats: Vec<Seat>,
    /// `reduce-seats`: the seat count before and after.
    pub seat_count: Option<(u64, u64)>,
    /// Choices only.
    pub candidates: Vec<Candidate>,
    /// How many candidates there are (the list holds at most [`MAX_CANDIDATES`] people).
    pub candidates_total: usize,
    pub settles: Vec<Settled>,
    /// The actions this one follows from (seats they free, users they leave with nothing).
    pub follows: Vec<usize>,
    pub why: Option<String>,
    pub where_: String,
    /// Yearly savings in cents of the plan's currency.
    pub savings: Option<u64>,
    /// The import files this entry uses.
    pub files: Vec<String>,
}

/// Findings that ask for nothing, and why.
#[derive(Clone, Debug)]
pub struct NoAction {
    pub settles: Vec<Settled>,
    pub why: String,
}

/// The plan of one account.
#[derive(Clone, Debug)]
pub struct Plan {
    pub account: String,
    /// The folder the account was read from.
    pub path: String,
    pub today: Day,
    pub actions: Vec<Entry>,
    pub choices: Vec<Entry>,
    pub no_action: Vec<NoAction>,
    pub imports: Vec<import::ImportList>,
    pub currency: Option<String>,
    /// The account once every safe action is carried out.
    pub planned: Account,
}

impl Plan {
    /// The account's directory exports (paths as read), each once. A snapshot carries no
    /// directory, so the plan's folder holds a copy of them beside the planned `account.yaml`:
    /// the audit of that folder then knows who has left, as the original audit did.
    pub fn directory_files(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for f in &self.planned.files {
            if f.kind == rollcall_model::SourceKind::Directory && !out.contains(&f.path.as_str()) {
                out.push(&f.path);
            }
        }
        out
    }

    /// Total yearly savings in cents (the plan's currency), `None` without a price list.
    pub fn savings(&self) -> Option<u64> {
        self.currency.as_ref()?;
        Some(
            self.actions
                .iter()
                .filter_map(|a| a.savings)
                .fold(0u64, u64::saturating_add),
        )
    }

    /// The names of the import files the plan writes, in order.
    pub fn file_names(&self) -> Vec<String> {
        self.imports
            .iter()
            .flat_map(import::ImportList::file_names)
            .collect()
    }
}
