//! Rule manuals: the `//!` text at the top of each rule's file, read at run time from the
//! embedded source so that the code and `rollcall explain` share one text.

/// The headings every manual must have, in this order (oxlint's order).
pub const REQUIRED_HEADINGS: [&str; 5] = [
    "What it does",
    "Why is this bad?",
    "Example",
    "Use instead",
    "References",
];

/// The `//!` lines of a source file, with the marker and one following space removed.
pub fn extract(source: &str) -> String {
    let mut out = String::new();
    for line in source.lines() {
        let Some(rest) = line.trim_start().strip_prefix("//!") else {
            if line.trim().is_empty() {
                continue;
            }
            break;
        };
        out.push_str(rest.strip_prefix(' ').unwrap_or(rest));
        out.push('\n');
    }
    out
}

/// The `### ` headings of a manual, in order.
pub fn headings(manual: &str) -> Vec<&str> {
    manual
        .lines()
        .filter_map(|l| l.strip_prefix("### "))
        .map(str::trim)
        .collect()
}

/// The headings of [`REQUIRED_HEADINGS`] that a manual lacks.
pub fn missing_headings(manual: &str) -> Vec<&'static str> {
    let present = headings(manual);
    REQUIRED_HEADINGS
        .into_iter()
        .filter(|h| !present.contains(h))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_the_leading_doc_block_only() {
        let src = "//! # Title\n//!\n//! ### What it does\n//! Text.\n\nuse x;\n//! not this\n";
        assert_eq!(extract(src), "# Title\n\n### What it does\nText.\n");
        assert_eq!(headings(&extract(src)), vec!["What it does"]);
        assert_eq!(missing_headings(&extract(src)).len(), 4);
    }
}
