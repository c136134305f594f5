//! A policy's `# METADATA` block, read from the text (regorus drops comments), and its
//! `package` line.
//!
//! The block is OPA's: comment lines that start with `# METADATA`, then YAML in comments, right
//! above the `package` line. The YAML is read with rollcall's own span-aware reader over the same
//! lines with their `#` blanked, so every error points at the policy's own line and column.

use rollcall_input::yaml::{self, Node, Pos, Scalar};
use rollcall_rules::Severity;
use rollcall_source::InputError;

/// What the block says.
#[derive(Debug, Clone)]
pub struct Metadata {
    pub title: String,
    pub description: Option<String>,
    pub id: String,
    pub severity: Severity,
    pub help: Option<String>,
}

/// The `package` line: the package's dotted name and where it is.
#[derive(Debug, Clone)]
pub struct Package {
    pub name: String,
    pub line: u32,
    pub column: u32,
}

/// Keys of OPA's metadata that rollcall accepts at the top of the block. Only `title`,
/// `description` and `custom` are used; the others are OPA's and accepted so that a policy
/// shared with `opa` needs no edit.
pub const METADATA_KEYS: &[&str] = &[
    "title",
    "description",
    "custom",
    "scope",
    "authors",
    "organizations",
    "related_resources",
    "schemas",
];
/// Keys under `custom:`.
pub const CUSTOM_KEYS: &[&str] = &["id", "severity", "help"];

const CODE: &str = "rollcall::policy";

fn error(file: &str, pos: Pos, message: impl Into<String>) -> InputError {
    InputError::new(file, pos.line.max(1), pos.column.max(1), CODE, message).with_len(pos.len)
}

/// The first `package` line that is not in a comment.
pub fn package(text: &str) -> Option<Package> {
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("package") {
            if rest.starts_with([' ', '\t']) {
                let name = rest.trim();
                let name = name.split('#').next().unwrap_or("").trim().to_owned();
                return Some(Package {
                    name,
                    line: i as u32 + 1,
                    column: (line.len() - trimmed.len()) as u32 + 1,
                });
            }
        }
    }
    None
}

/// Reads the block above the `package` line.
pub fn read(text: &str, file: &str, package: &Package) -> Result<Metadata, Vec<InputError>> {
    let lines: Vec<&str> = text.lines().collect();
    let at_package = Pos {
        line: package.line,
        column: package.column,
        len: 7,
    };
    // The comment lines right above the package line.
    let end = package.line as usize - 1;
    let mut start = end;
    while start > 0 && lines[start - 1].trim_start().starts_with('#') {
        start -= 1;
    }
    let header = (start..end).find(|&i| lines[i].trim() == "# METADATA");
    let Some(header) = header else {
        return Err(vec![error(file, at_package, "the policy has no `# METADATA` block above its `package` line")
            .with_help("write `# METADATA`, then `# title: ...` and `# custom:` with `#   id: ...`, in the comment lines right above `package`")]);
    };
    // The same lines, the `#` of each blanked, so that YAML positions are the file's.
    let mut yaml_text = String::new();
    for (i, line) in lines.iter().enumerate().take(end) {
        if i > header {
            let hash = line.find('#').unwrap_or(0);
            yaml_text.push_str(&line[..hash]);
            yaml_text.push(' ');
            yaml_text.push_str(&line[hash + 1..]);
        }
        yaml_text.push('\n');
    }
    let root = yaml::parse_file(&yaml_text, file)?;
    let mut errors = Vec::new();
    let header_pos = Pos {
        line: header as u32 + 1,
        column: 1,
        len: 10,
    };
    let entries = mapping(&root, METADATA_KEYS, "the metadata", file, &mut errors);
    let title = text_of(get(&entries, "title"), "`title`", file, &mut errors);
    let description = text_of(
        get(&entries, "description"),
        "`description`",
        file,
        &mut errors,
    );
    if let Some(Node::Scalar(s)) = get(&entries, "scope") {
        if s.text != "package" {
            errors.push(error(
                file,
                s.pos,
                format!(
                    "`scope: {}`: the block above `package` describes the package",
                    s.text
                ),
            ));
        }
    }
    let custom = get(&entries, "custom");
    let custom_entries = match custom {
        Some(node) => mapping(node, CUSTOM_KEYS, "`custom`", file, &mut errors),
        None => Vec::new(),
    };
    let id_node = get(&custom_entries, "id");
    let id = text_of(id_node, "`custom.id`", file, &mut errors);
    let severity = match get(&custom_entries, "severity") {
        None => Some(Severity::Warning),
        Some(Node::Scalar(s)) => match s.text.trim() {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            other => {
                errors.push(
                    error(
                        file,
                        s.pos,
                        format!("`custom.severity: {other}` is not a severity"),
                    )
                    .with_help("write error, warning or info"),
                );
                None
            }
        },
        Some(other) => {
            errors.push(error(
                file,
                other.pos(),
                format!(
                    "`custom.severity` must be a single value, found {}",
                    other.kind()
                ),
            ));
            None
        }
    };
    let help = text_of(
        get(&custom_entries, "help"),
        "`custom.help`",
        file,
        &mut errors,
    );
    if title.is_none() && !errors.iter().any(|e| e.message.contains("`title`")) {
        errors.push(
            error(file, header_pos, "the metadata has no `title`")
                .with_help("`# title: ...` is the one line `rollcall rules` shows"),
        );
    }
    if id.is_none() && !errors.iter().any(|e| e.message.contains("`custom.id`")) {
        errors.push(
            error(file, header_pos, "the metadata has no `custom.id`")
                .with_help("give the rule an id under `# custom:`, such as `#   id: ACME001`"),
        );
    }
    if let (Some(id), Some(Node::Scalar(s))) = (&id, id_node) {
        if let Err(why) = check_id(id) {
            errors.push(error(file, s.pos, why));
        }
    }
    match (title, id, severity) {
        (Some(title), Some(id), Some(severity)) if errors.is_empty() => Ok(Metadata {
            title,
            description,
            id,
            severity,
            help,
        }),
        _ => Err(errors),
    }
}

fn get<'n>(entries: &[(&Scalar, &'n Node<'n>)], key: &str) -> Option<&'n Node<'n>> {
    entries.iter().find(|(k, _)| k.text == key).map(|(_, v)| *v)
}

/// An id is a letter then letters, digits, `-` or `_` (at most 40), and not `RC...`.
fn check_id(id: &str) -> Result<(), String> {
    let well_formed = id.len() <= 40
        && id.starts_with(|c: char| c.is_ascii_alphabetic())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !well_formed {
        return Err(format!(
            "`{id}` is not a rule id: a letter, then letters, digits, `-` or `_`, at most 40"
        ));
    }
    if id.len() >= 2 && id[..2].eq_ignore_ascii_case("RC") {
        return Err(format!(
            "`{id}`: ids that start with `RC` are reserved for rollcall's own rules"
        ));
    }
    if id.eq_ignore_ascii_case("all") || rollcall_rules::Group::parse(id).is_some() {
        return Err(format!(
            "`{id}` names a group of rules; give the rule an id of its own"
        ));
    }
    if rollcall_rules::find_rule(id).is_some() {
        return Err(format!("`{id}` is the name of a built-in rule"));
    }
    Ok(())
}

fn mapping<'n>(
    node: &'n Node<'n>,
    known: &[&str],
    what: &str,
    file: &str,
    errors: &mut Vec<InputError>,
) -> Vec<(&'n Scalar<'n>, &'n Node<'n>)> {
    yaml::known_entries(node, known, what, |pos, message, help| {
        let mut e = error(file, pos, message);
        e.help = help;
        errors.push(e);
    })
}

fn text_of(
    node: Option<&Node>,
    what: &str,
    file: &str,
    errors: &mut Vec<InputError>,
) -> Option<String> {
    match node? {
        Node::Scalar(s) if !s.text.trim().is_empty() => Some(s.text.trim().to_owned()),
        Node::Scalar(s) => {
            errors.push(error(file, s.pos, format!("{what} is empty")));
            None
        }
        other => {
            errors.push(error(
                file,
                other.pos(),
                format!("{what} must be text, found {}", other.kind()),
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(text: &str) -> Result<Metadata, Vec<InputError>> {
        let p = package(text).expect("a package line");
        read(text, "p.rego", &p)
    }

    #[test]
    fn reads_the_block_above_the_package() {
        let m = meta(
            "# METADATA\n# title: No shared mailbox\n# description: |\n#   Longer.\n# custom:\n#   id: ACME001\n#   severity: error\n#   help: Name a person.\npackage rollcall.custom.shared\n",
        )
        .unwrap();
        assert_eq!(m.title, "No shared mailbox");
        assert_eq!(m.id, "ACME001");
        assert_eq!(m.severity, Severity::Error);
        assert_eq!(m.help.as_deref(), Some("Name a person."));
        assert_eq!(m.description.as_deref(), Some("Longer."));
    }

    #[test]
    fn severity_defaults_to_warning() {
        let m = meta("# METADATA\n# title: t\n# custom:\n#   id: X1\npackage rollcall.custom.x\n")
            .unwrap();
        assert_eq!(m.severity, Severity::Warning);
    }

    #[test]
    fn an_unknown_key_is_located() {
        let e = meta("# METADATA\n# title: t\n# custom:\n#   id: X1\n#   sevrity: error\npackage rollcall.custom.x\n")
            .unwrap_err();
        assert_eq!((e[0].line, e[0].column), (5, 5));
        assert!(
            e[0].message.contains("did you mean `severity`"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn a_bad_severity_is_located() {
        let e = meta("# METADATA\n# title: t\n# custom:\n#   id: X1\n#   severity: fatal\npackage rollcall.custom.x\n")
            .unwrap_err();
        assert_eq!((e[0].line, e[0].column), (5, 15));
    }

    #[test]
    fn rc_ids_are_reserved() {
        let e =
            meta("# METADATA\n# title: t\n# custom:\n#   id: rc101\npackage rollcall.custom.x\n")
                .unwrap_err();
        assert!(e[0].message.contains("reserved"), "{}", e[0].message);
        assert_eq!((e[0].line, e[0].column), (4, 9));
    }

    #[test]
    fn a_missing_block_or_id_is_an_error() {
        assert!(meta("package rollcall.custom.x\n").is_err());
        let e = meta("# METADATA\n# title: t\npackage rollcall.custom.x\n").unwrap_err();
        assert!(e[0].message.contains("custom.id"));
    }

    #[test]
    fn the_package_line_is_found_past_comments() {
        let p = package("# package not.this\n\n  package rollcall.custom.y # note\n").unwrap();
        assert_eq!(
            (p.name.as_str(), p.line, p.column),
            ("rollcall.custom.y", 3, 3)
        );
    }
}
