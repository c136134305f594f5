//! The names an export's columns and values go by: the spec's, Autodesk's current ones, and
//! the aliases a configuration adds (`exports.columns`, `exports.values`) for a rename or a
//! language rollcall does not know yet.

use std::collections::HashMap;

use crate::exports::normalise_header;

/// Every column name the input formats define (normalised as headers are). An alias may map
/// a header onto one of these, and onto nothing else.
pub const KNOWN_COLUMNS: &[&str] = &[
    // Subscriptions export.
    "subscription_id",
    "contract_number",
    "offering_name",
    "seat_quantity",
    "start_date",
    "end_date",
    "autorenew_date",
    "term",
    "subscription_status",
    "reseller_name",
    "reseller_email",
    "team_alias",
    "contract_manager_email",
    // Users export.
    "autodesk_id",
    "email",
    "first_name",
    "last_name",
    "role",
    "product_name",
    "account_status",
    // Usage report and seat usage.
    "hashed_autodesk_id",
    "group",
    "version",
    "seat_assignment",
    "assigned_date",
    "unassigned_date",
    "user_activity",
    "days_inactive",
    "access_option",
    "days_used",
    "monthly_average",
    "tokens_used",
    "last_accessed",
    "day_used",
];

/// The columns whose values the input formats define, with those values as written in the
/// spec. A value alias maps onto one of these.
pub const KNOWN_VALUES: &[(&str, &[&str])] = &[
    (
        "role",
        &[
            "Primary Admin",
            "Secondary Admin",
            "SSO Admin",
            "User",
            "External User",
        ],
    ),
    (
        "account_status",
        &[
            "active", "verified", "invited", "pending", "inactive", "removed", "disabled",
            "deleted", "departed",
        ],
    ),
    ("seat_assignment", &["assigned", "unassigned"]),
    (
        "access_option",
        &["Subscription", "Flex", "Seats", "Tokens"],
    ),
];

/// The values a column may hold, if the spec defines them (exports' and directories').
pub fn known_values(column: &str) -> Option<&'static [&'static str]> {
    KNOWN_VALUES
        .iter()
        .chain(crate::directory::KNOWN_VALUES)
        .find(|(c, _)| *c == column)
        .map(|(_, v)| *v)
}

/// Whether a column (normalised as headers are) is one an alias may name: an export's or a
/// directory export's.
pub fn is_known_column(column: &str) -> bool {
    KNOWN_COLUMNS.contains(&column) || crate::directory::KNOWN_COLUMNS.contains(&column)
}

/// Header and value aliases, as a configuration's `exports:` gives them. Empty by default.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Aliases {
    /// Normalised header name -> the spec's column name.
    columns: HashMap<String, String>,
    /// (spec column, normalised value) -> the spec's value.
    values: HashMap<(String, String), String>,
}

impl Aliases {
    pub fn is_empty(&self) -> bool {
        self.columns.is_empty() && self.values.is_empty()
    }

    /// Maps a header name onto a spec column (both matched as headers are). The caller has
    /// checked that `column` is one of [`KNOWN_COLUMNS`].
    pub fn add_column(&mut self, column: &str, header: &str) {
        self.columns
            .insert(normalise_header(header), normalise_header(column));
    }

    /// Maps a value of a column onto a spec value. The caller has checked both.
    pub fn add_value(&mut self, column: &str, raw: &str, value: &str) {
        self.values.insert(
            (normalise_header(column), normalise_header(raw)),
            value.to_owned(),
        );
    }

    /// Adds another set's aliases; where both map one name, `other`'s (a nearer file) wins.
    pub fn extend(&mut self, other: &Self) {
        self.columns
            .extend(other.columns.iter().map(|(k, v)| (k.clone(), v.clone())));
        self.values
            .extend(other.values.iter().map(|(k, v)| (k.clone(), v.clone())));
    }

    /// The spec column a normalised header is an alias of.
    pub fn column(&self, header: &str) -> Option<&str> {
        self.columns.get(header).map(String::as_str)
    }

    /// The spec value a cell of `column` stands for: an alias's value, else the cell itself.
    pub fn value<'a>(&'a self, column: &str, raw: &'a str) -> &'a str {
        if self.values.is_empty() {
            return raw;
        }
        self.values
            .get(&(column.to_owned(), normalise_header(raw)))
            .map_or(raw, String::as_str)
    }
}

/// The spec names of a header row's cells: an alias first, then Autodesk's current names
/// (`Team` is `team_alias`; `Product` is `offering_name` where no column is called so), then
/// the normalised header itself.
pub fn column_names(header: &[&str], aliases: &Aliases) -> Vec<String> {
    let mut names: Vec<String> = header
        .iter()
        .map(|h| {
            let n = normalise_header(h);
            if let Some(spec) = aliases.column(&n) {
                return spec.to_owned();
            }
            match n.as_str() {
                "team" => "team_alias".to_owned(),
                _ => n,
            }
        })
        .collect();
    if !names.iter().any(|n| n == "offering_name") {
        if let Some(p) = names.iter_mut().find(|n| *n == "product") {
            "offering_name".clone_into(p);
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn current_names_and_aliases_map_onto_spec_columns() {
        let none = Aliases::default();
        assert_eq!(
            column_names(&["Team", "Product", "Email*", "Seat assignment"], &none),
            ["team_alias", "offering_name", "email", "seat_assignment"]
        );
        // `Product` stays itself beside a real `offering_name`.
        assert_eq!(
            column_names(&["offering_name", "Product"], &none),
            ["offering_name", "product"]
        );
        let mut a = Aliases::default();
        a.add_column("offering_name", "Produkt");
        a.add_column("email", "E-Mail-Adresse");
        assert_eq!(
            column_names(&["PRODUKT ", "E-Mail-Adresse*"], &a),
            ["offering_name", "email"]
        );
        a.add_value("role", "Benutzer (Gast)", "External User");
        assert_eq!(a.value("role", "benutzer  (gast)"), "External User");
        assert_eq!(a.value("role", "User"), "User");
        assert_eq!(
            a.value("account_status", "Benutzer (Gast)"),
            "Benutzer (Gast)"
        );
    }
}
