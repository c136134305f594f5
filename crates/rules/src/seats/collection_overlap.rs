//! # RC308 collection-overlap
//!
//! ### What it does
//! Flags a standalone seat of a product that an Industry Collection covers, held by a user who
//! also holds a seat of that collection in the same account: the product is paid twice. Which
//! products each collection covers is data (`rules/collections.yaml`, extended by a
//! configuration's `collections:`). Names compare case-insensitively, with `&` equal to `and`
//! and runs of spaces folded; an offering also matches a name followed by ` - ` or
//! ` including` and more ("AutoCAD - including specialized toolsets" is AutoCAD). One finding
//! per standalone seat (contract, product, user); the first covering collection of the catalog
//! is named.
//!
//! ### Why is this bad?
//! A collection includes the standalone product: the standalone seat costs money and gives the
//! user nothing they do not have. Reclaim it, or give it to someone without the collection.
//!
//! ### Example
//! ```yaml
//! contracts:
//!   - number: "110001234567"
//!     products:
//!       - { name: AEC Collection, seats: 1, assigned: [jane@acme.example] }
//!       - { name: AutoCAD, seats: 1, assigned: [jane@acme.example] }
//! ```
//!
//! ### Use instead
//! Unassign the AutoCAD seat (Jane has AutoCAD through the collection) and give it to someone
//! else, or drop it at the renewal.
//!
//! ### Options
//! The catalog: a configuration's `collections:` adds collections or products.
//!
//! ### References
//! - Autodesk Industry Collections: what each collection includes

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::{names_match, CheckContext, Finding, Group, Rule, RuleMeta, Severity};

pub struct CollectionOverlap;

static META: RuleMeta = RuleMeta {
    code: "RC308",
    name: "collection-overlap",
    group: Group::Seats,
    severity: Severity::Warning,
    summary: "a user holds a standalone seat of a product their Industry Collection includes",
    source: include_str!("collection_overlap.rs"),
    since: "0.2.0",
    policy: None,
};

impl Rule for CollectionOverlap {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let catalog = &cx.options.collections;
        if catalog.is_empty() {
            return;
        }
        let norm = cx.options.normalised_catalog();
        // Which collections each user holds a seat of.
        let mut held: HashMap<&str, Vec<usize>> = HashMap::default();
        for contract in &cx.account.contracts {
            for product in &contract.products {
                let Some(c) = cx.collection_of(product) else {
                    continue;
                };
                for seat in product.assigned.iter().flatten() {
                    let list = held.entry(seat.user.value.as_str()).or_default();
                    if !list.contains(&c) {
                        list.push(c);
                    }
                }
            }
        }
        if held.is_empty() {
            return;
        }
        for contract in &cx.account.contracts {
            for product in &contract.products {
                if !cx.has_seats(product) {
                    continue;
                }
                if cx.collection_of(product).is_some() {
                    continue;
                }
                let name = cx.catalog_name(product);
                // The collections that include this product, in catalog order: once per
                // product, not per seat.
                let including: Vec<usize> = (0..catalog.len())
                    .filter(|&i| norm.covers[i].iter().any(|p| names_match(&name, p)))
                    .collect();
                if including.is_empty() {
                    continue;
                }
                let mut seen = HashSet::default();
                for seat in product.assigned.iter().flatten() {
                    let user = seat.user.value.as_str();
                    let Some(collections) = held.get(user) else {
                        continue;
                    };
                    // The first covering collection in catalog order.
                    let covering = including.iter().copied().find(|i| collections.contains(i));
                    let Some(i) = covering else { continue };
                    if !seen.insert(user) {
                        continue;
                    }
                    let collection = &catalog[i].names[0];
                    out.push(
                        Finding::new(
                            &META,
                            seat.user.origin,
                            text!(
                                "`{user}` holds a {} seat on contract {} and the {collection}, which includes it",
                                product.name.value, contract.number.value
                            ),
                        )
                        .label(text!("paid twice: included in the {collection}"))
                        .help("unassign the standalone seat and give it to someone without the collection, or drop it at the renewal")
                        .contract(&contract.number.value)
                        .product(&product.name.value)
                        .frees(0, vec![user.to_owned()])
                        .user(user),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{lines, run_with, Builder};
    use crate::{Collection, Options};

    fn options() -> Options {
        Options {
            collections: vec![
                Collection {
                    names: vec![
                        "Architecture Engineering & Construction Collection".into(),
                        "AEC Collection".into(),
                    ],
                    covers: vec!["AutoCAD".into(), "Revit".into(), "3ds Max".into()],
                },
                Collection {
                    names: vec!["Media & Entertainment Collection".into()],
                    covers: vec!["3ds Max".into(), "Maya".into()],
                },
            ],
            ..Options::default()
        }
    }

    #[test]
    fn fires_on_each_standalone_seat_a_held_collection_covers() {
        let a = Builder::new()
            .contract("1", Some("cm@a.example"), &[])
            .product(
                "Architecture, Engineering and Construction  Collection",
                1,
                Some(&["jane@a.example"]),
            )
            .product(
                "Media and Entertainment Collection",
                1,
                Some(&["jane@a.example"]),
            )
            .contract("2", Some("cm@a.example"), &[])
            .product(
                "AutoCAD - including specialized toolsets",
                2,
                Some(&["Jane@A.example", "bob@a.example"]),
            )
            .product("3ds Max", 1, Some(&["jane@a.example"]))
            .product("Maya", 1, Some(&["jane@a.example"]))
            .build();
        let mut o = options();
        o.collections[0]
            .names
            .push("Architecture, Engineering & Construction Collection".into());
        let f = run_with(&CollectionOverlap, &a, "2026-11-01", &o);
        let p = &a.contracts[1].products;
        assert_eq!(
            lines(&f),
            vec![
                p[0].assigned.as_ref().unwrap()[0].user.origin.line,
                p[1].assigned.as_ref().unwrap()[0].user.origin.line,
                p[2].assigned.as_ref().unwrap()[0].user.origin.line,
            ]
        );
        // 3ds Max is in both: the first collection of the catalog is named.
        assert!(f[1]
            .message
            .contains("Architecture Engineering & Construction Collection"));
        assert!(f[2].message.contains("Media & Entertainment Collection"));
        assert_eq!(f[0].subject.contract.as_deref(), Some("2"));
        assert_eq!(f[0].subject.user.as_deref(), Some("jane@a.example"));
    }

    #[test]
    fn does_not_fire_for_other_users_uncovered_products_or_similar_names() {
        let a = Builder::new()
            .contract("1", Some("cm@a.example"), &[])
            .product("AEC Collection", 1, Some(&["jane@a.example"]))
            .product("AutoCAD", 1, Some(&["bob@a.example"]))
            .product("AutoCAD LT", 1, Some(&["jane@a.example"]))
            .product("Inventor", 1, Some(&["jane@a.example"]))
            .build();
        assert!(run_with(&CollectionOverlap, &a, "2026-11-01", &options()).is_empty());
    }
}
