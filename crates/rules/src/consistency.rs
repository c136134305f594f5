//! Rules of the `consistency` group, and what they share: each contract's holders.

pub mod inconsistent_roles_across_contracts;
pub mod undecided_role_policy;

use std::collections::{BTreeSet, HashMap};
use std::hash::Hash;

use crate::CheckContext;

/// The Contract Manager and the set of coordinators of each contract, as compared across
/// contracts (the Contract Manager standing in when no coordinator is named). A contract with
/// no Contract Manager has `None` (RC102 reports it); one with no holder at all has `None` for both.
pub(crate) struct Holders<'a> {
    pub cm: Vec<Option<&'a str>>,
    pub scs: Vec<Option<BTreeSet<&'a str>>>,
}

impl<'a> Holders<'a> {
    pub fn of(cx: &CheckContext<'a>) -> Self {
        let contracts = &cx.account.contracts;
        let cm = contracts
            .iter()
            .map(|c| c.contract_manager.as_ref().map(|m| m.value.as_str()))
            .collect();
        let scs = (0..contracts.len())
            .map(|i| {
                let set: BTreeSet<&str> = cx
                    .effective_coordinators(i)
                    .into_iter()
                    .map(|e| e.value.as_str())
                    .collect();
                (!set.is_empty()).then_some(set)
            })
            .collect();
        Self { cm, scs }
    }
}

/// The value most items have; a tie goes to the one that appears first. Items that are
/// `None` take no part. Linear in the number of items.
pub(crate) fn majority<T: Hash + Eq>(items: &[Option<T>]) -> Option<&T> {
    let mut counts: HashMap<&T, (usize, usize)> = HashMap::new();
    for (i, value) in items.iter().enumerate() {
        let Some(value) = value else { continue };
        counts.entry(value).or_insert((0, i)).0 += 1;
    }
    counts
        .into_iter()
        .max_by(|(_, (ca, fa)), (_, (cb, fb))| ca.cmp(cb).then(fb.cmp(fa)))
        .map(|(v, _)| v)
}

#[cfg(test)]
mod tests {
    use super::majority;

    #[test]
    fn majority_breaks_ties_by_first_appearance() {
        assert_eq!(
            majority(&[Some("b"), Some("a"), Some("a"), Some("b")]),
            Some(&"b")
        );
        assert_eq!(majority(&[Some("b"), Some("a"), Some("a")]), Some(&"a"));
        assert_eq!(majority(&[None, Some("c")]), Some(&"c"));
        assert_eq!(majority::<&str>(&[None, None]), None);
    }
}
