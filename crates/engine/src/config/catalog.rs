//! Prices and the catalogs of offerings: the Industry Collections (RC308) and the plans and
//! token packs that are not seats, built in and extended by a configuration.

#[allow(clippy::wildcard_imports)]
use super::*;

/// A price list: what a seat of each product costs a year, in one currency.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Prices {
    pub currency: String,
    /// (product name as the catalog compares it, cents a seat a year).
    pub(super) per_seat_year: Vec<(String, u64)>,
}

impl Prices {
    /// The yearly price of a seat of a product, named as in the account (case, `&`/`and` and
    /// spaces do not matter). An Industry Collection may be priced under any of its catalog
    /// names ("AEC Collection" for the Architecture Engineering & Construction Collection).
    pub fn of(&self, product: &str, catalog: &[Collection]) -> Option<u64> {
        let find = |name: &str| {
            let name = catalog_name(name);
            self.per_seat_year
                .iter()
                .find(|(p, _)| *p == name)
                .map(|(_, c)| *c)
        };
        find(product).or_else(|| {
            let collection = catalog.iter().find(|c| {
                c.names
                    .iter()
                    .any(|n| rollcall_rules::offering_is(product, n))
            })?;
            collection.names.iter().find_map(|n| find(n))
        })
    }
}

/// A price as whole cents: `3000`, `1999.5`, `1999.50`; `None` for anything else.
pub(super) fn cents(text: &str) -> Option<u64> {
    let t = text.trim();
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) || frac.len() > 2 {
        return None;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: u64 = int.parse().ok()?;
    let part: u64 = format!("{frac:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(part)
}

/// The built-in collection catalog (`rules/collections.yaml`), embedded in the binary.
pub const COLLECTIONS: &str = include_str!("../../../../rules/collections.yaml");

/// The built-in catalog, read once. A test holds that it reads without error.
pub fn builtin_collections() -> &'static [Collection] {
    static CATALOG: std::sync::OnceLock<Vec<Collection>> = std::sync::OnceLock::new();
    CATALOG
        .get_or_init(|| read_catalog(COLLECTIONS, "<rules/collections.yaml>").unwrap_or_default())
}

/// The day the built-in catalog was last checked against Autodesk's offerings.
pub fn collections_checked() -> &'static str {
    COLLECTIONS
        .lines()
        .find_map(|l| l.strip_prefix("checked: "))
        .unwrap_or("unknown")
        .trim()
}

/// The built-in plans and token packs (`offerings:` of `rules/collections.yaml`), read once.
pub fn builtin_offerings() -> &'static [Offering] {
    static CATALOG: std::sync::OnceLock<Vec<Offering>> = std::sync::OnceLock::new();
    CATALOG.get_or_init(|| {
        read_offering_catalog(COLLECTIONS, "<rules/collections.yaml>")
            .map(|c| c.1)
            .unwrap_or_default()
    })
}

/// Adds plans and token packs to the offering catalog; one already there by a name gains
/// the new names and takes the new kind.
pub(super) fn extend_offerings(catalog: &mut Vec<Offering>, added: &[Offering]) {
    for o in added {
        let known = catalog.iter_mut().find(|k| {
            k.names
                .iter()
                .any(|n| o.names.iter().any(|m| catalog_name(n) == catalog_name(m)))
        });
        match known {
            Some(k) => {
                for n in &o.names {
                    if !k.names.iter().any(|x| catalog_name(x) == catalog_name(n)) {
                        k.names.push(n.clone());
                    }
                }
                k.kind = o.kind;
            }
            None => catalog.push(o.clone()),
        }
    }
}

/// Adds collections to a catalog: one whose name (or alias) is already there gains the new
/// names and products; another is appended.
pub(super) fn extend_catalog(catalog: &mut Vec<Collection>, added: &[Collection]) {
    for c in added {
        let known = catalog.iter_mut().find(|k| {
            k.names
                .iter()
                .any(|n| c.names.iter().any(|m| catalog_name(n) == catalog_name(m)))
        });
        match known {
            Some(k) => {
                for n in &c.names {
                    if !k.names.iter().any(|x| catalog_name(x) == catalog_name(n)) {
                        k.names.push(n.clone());
                    }
                }
                for p in &c.covers {
                    if !k.covers.iter().any(|x| catalog_name(x) == catalog_name(p)) {
                        k.covers.push(p.clone());
                    }
                }
            }
            None => catalog.push(c.clone()),
        }
    }
}
