//! `check --add-waivers`: a waiver for every finding of a run that is not waived yet, appended
//! to the `waivers:` list of the configuration in force for its account. The file is edited as
//! text, at line boundaries: every byte outside the added lines stays as it was (comments,
//! blank lines, key order, quoting), which re-serialising a YAML tree could not promise.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rollcall_input::yaml::{self, Node};
use rollcall_model::Day;
use rollcall_report::{Diagnostic, Report};
use rollcall_source::InputError;

use crate::config::absolute;
use crate::run::{configuration_of, Settings};

/// What every added waiver says besides its rule and subject.
#[derive(Clone, Debug)]
pub struct WaiverText {
    pub reason: String,
    pub expires: Option<Day>,
    pub owner: Option<String>,
}

/// The waivers planned for one configuration file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Planned {
    /// The file to edit, or to create when `create` is set.
    pub file: PathBuf,
    pub create: bool,
    /// One waiver per distinct finding key, in the report's order.
    pub waivers: Vec<NewWaiver>,
    /// Findings left unwaived because the configuration makes their rule unwaivable.
    pub unwaivable: usize,
}

/// One waiver to write: the finding's rule and every subject key it has, exactly.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct NewWaiver {
    pub rule: String,
    pub account: String,
    pub contract: Option<String>,
    pub team: Option<String>,
    pub product: Option<String>,
    pub user: Option<String>,
}

impl NewWaiver {
    fn of(d: &Diagnostic) -> Self {
        Self {
            rule: d.rule.code.to_owned(),
            account: d.account.clone(),
            contract: d.subject.contract.clone(),
            team: d.subject.team.clone(),
            product: d.subject.product.clone(),
            user: d.subject.user.clone(),
        }
    }
}

/// The waivers a run's findings call for, grouped by the configuration file in force for each
/// account (`--config`, else the one the run found; where none is in force, a new
/// `rollcall.yaml` in the folder of the command-line PATH the account was found under).
pub fn plan(
    report: &Report,
    paths: &[PathBuf],
    settings: &Settings,
) -> Result<Vec<Planned>, Vec<InputError>> {
    let mut by_file: BTreeMap<PathBuf, Planned> = BTreeMap::new();
    let mut unwaivable_of: BTreeMap<Option<PathBuf>, crate::config::Effective> = BTreeMap::new();
    for unit in &report.units {
        let Some(account) = unit.account.as_ref() else {
            continue;
        };
        let todo: Vec<&Diagnostic> = account
            .diagnostics
            .iter()
            .filter(|d| d.waived.is_none())
            .collect();
        if todo.is_empty() {
            continue;
        }
        let in_force = unit.config.clone();
        if !unwaivable_of.contains_key(&in_force) {
            let eff = configuration_of(in_force.as_deref(), settings)?;
            unwaivable_of.insert(in_force.clone(), eff);
        }
        let eff = &unwaivable_of[&in_force];
        let (file, create) = match &in_force {
            Some(p) => (p.clone(), false),
            None => (home_of(&account.path, paths).join("rollcall.yaml"), true),
        };
        let planned = by_file.entry(file.clone()).or_insert_with(|| Planned {
            file,
            create,
            ..Planned::default()
        });
        let mut seen: BTreeSet<NewWaiver> = planned.waivers.iter().cloned().collect();
        for d in todo {
            if eff.is_unwaivable(d.rule) {
                planned.unwaivable += 1;
                continue;
            }
            let w = NewWaiver::of(d);
            if seen.insert(w.clone()) {
                planned.waivers.push(w);
            }
        }
    }
    Ok(by_file.into_values().collect())
}

/// The folder of the command-line PATH an account folder was found under (the first that
/// holds it), where a new `rollcall.yaml` goes.
fn home_of(account_path: &str, paths: &[PathBuf]) -> PathBuf {
    let at = absolute(Path::new(account_path));
    let folder = |p: &Path| {
        if p.is_file() {
            p.parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        } else {
            p.to_path_buf()
        }
    };
    let home: PathBuf = paths
        .iter()
        .find(|p| at.starts_with(absolute(p)))
        .map_or_else(|| folder(Path::new(account_path)), |p| folder(p))
        .components()
        .collect();
    // A PATH of `.` has no components left: the working folder.
    if home.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        home
    }
}

/// A configuration file's text once the planned waivers are added: what the binary writes
/// (atomically, as it writes every file). `text` is `None` where no waiver is added.
#[derive(Debug)]
pub struct Edit {
    pub file: PathBuf,
    pub text: Option<String>,
    pub waivers: usize,
}

/// Works out each file's new text: the file edited in place, or created.
pub fn edits(planned: &[Planned], text: &WaiverText) -> Result<Vec<Edit>, String> {
    let mut out = Vec::new();
    for p in planned {
        if p.waivers.is_empty() {
            out.push(Edit {
                file: p.file.clone(),
                text: None,
                waivers: 0,
            });
            continue;
        }
        let shown = p.file.display().to_string();
        let before = if p.create && !p.file.exists() {
            String::new()
        } else {
            std::fs::read_to_string(&p.file).map_err(|e| format!("{shown}: {e}"))?
        };
        let after = insert(&before, &shown, &p.waivers, text).map_err(|errs| {
            errs.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        })?;
        out.push(Edit {
            file: p.file.clone(),
            text: Some(after),
            waivers: p.waivers.len(),
        });
    }
    Ok(out)
}

/// A YAML double-quoted scalar: JSON's string syntax is a subset of it.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{}\"", s.escape_default()))
}

/// The lines of one waiver: the first after `- `, the others at `pad` (the column of the
/// item's keys), each ending with `eol`.
fn item_lines(w: &NewWaiver, text: &WaiverText, dash: &str, pad: &str, eol: &str) -> String {
    let mut lines = vec![format!("rule: {}", w.rule)];
    lines.push(format!("account: {}", quoted(&w.account)));
    for (key, value) in [
        ("contract", &w.contract),
        ("team", &w.team),
        ("product", &w.product),
        ("user", &w.user),
    ] {
        if let Some(v) = value {
            lines.push(format!("{key}: {}", quoted(v)));
        }
    }
    lines.push(format!("reason: {}", quoted(&text.reason)));
    if let Some(e) = text.expires {
        lines.push(format!("expires: {e}"));
    }
    if let Some(o) = &text.owner {
        lines.push(format!("owner: {}", quoted(o)));
    }
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            out.push_str(dash);
            out.push_str("- ");
        } else {
            out.push_str(pad);
        }
        out.push_str(line);
        out.push_str(eol);
    }
    out
}

/// The byte offset where each line starts (line 1 at index 0), and the text's length last.
fn line_starts(src: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
    starts
}

fn line_of<'s>(src: &'s str, starts: &[usize], line: u32) -> &'s str {
    let i = line as usize;
    let (Some(&a), b) = (starts.get(i.wrapping_sub(1)), starts.get(i)) else {
        return "";
    };
    let b = b.copied().unwrap_or(src.len());
    src[a..b].trim_end_matches(['\n', '\r'])
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn max_line(node: &Node) -> u32 {
    match node {
        Node::Null(p) => p.line,
        Node::Scalar(s) => s.pos.line,
        Node::Seq(items, p) => items.iter().map(max_line).max().unwrap_or(p.line),
        Node::Map(entries, p) => entries
            .iter()
            .map(|(k, v)| k.pos.line.max(max_line(v)))
            .max()
            .unwrap_or(p.line),
    }
}

fn refuse(path: &str, line: u32, column: u32, message: &str) -> Vec<InputError> {
    vec![
        InputError::new(path, line, column, "rollcall::config", message)
            .with_help("write `waivers:` as a block list (`- rule: ...` items) and run again"),
    ]
}

/// The configuration text with `waivers` appended to its top-level `waivers:` list (the key
/// added at the end when the file has none). Only whole lines are added, except that `[]` of
/// an empty `waivers: []` is taken out and a last line without a line break gets one.
pub fn insert(
    src: &str,
    path: &str,
    waivers: &[NewWaiver],
    text: &WaiverText,
) -> Result<String, Vec<InputError>> {
    let root = yaml::parse_file(src, path)?;
    let eol = if src.contains("\r\n") { "\r\n" } else { "\n" };
    let starts = line_starts(src);
    let entries = match &root {
        Node::Null(_) => &[][..],
        Node::Map(entries, p) => {
            if line_of(src, &starts, p.line)
                .chars()
                .nth(p.column.saturating_sub(1) as usize)
                == Some('{')
            {
                return Err(refuse(
                    path,
                    p.line,
                    p.column,
                    "the configuration is a flow mapping (`{...}`); --add-waivers edits block YAML only",
                ));
            }
            entries.as_slice()
        }
        other => {
            let p = other.pos();
            return Err(refuse(
                path,
                p.line,
                p.column,
                "the configuration must be a mapping",
            ));
        }
    };
    let key_indent = entries
        .first()
        .map_or(0, |(k, _)| k.pos.column.saturating_sub(1) as usize);
    let found = entries.iter().find(|(k, _)| k.text == "waivers");
    let mut out = String::with_capacity(src.len() + waivers.len() * 160);
    match found {
        None => {
            out.push_str(src);
            if !src.is_empty() && !src.ends_with('\n') {
                out.push_str(eol);
            }
            let dash = " ".repeat(key_indent + 2);
            let pad = " ".repeat(key_indent + 4);
            out.push_str(&" ".repeat(key_indent));
            out.push_str("waivers:");
            out.push_str(eol);
            for w in waivers {
                out.push_str(&item_lines(w, text, &dash, &pad, eol));
            }
        }
        Some((k, Node::Null(_))) => {
            // `waivers:` with nothing after it: the items go right below the key.
            let dash = " ".repeat(key_indent + 2);
            let pad = " ".repeat(key_indent + 4);
            let at = starts
                .get(k.pos.line as usize)
                .copied()
                .unwrap_or(src.len());
            out.push_str(&src[..at]);
            if !out.ends_with('\n') {
                out.push_str(eol);
            }
            for w in waivers {
                out.push_str(&item_lines(w, text, &dash, &pad, eol));
            }
            out.push_str(&src[at..]);
        }
        Some((k, Node::Seq(items, p))) => {
            let seq_line = line_of(src, &starts, p.line);
            let flow = seq_line
                .char_indices()
                .nth(p.column.saturating_sub(1) as usize)
                .filter(|(_, c)| *c == '[');
            if let Some((byte, _)) = flow {
                if !items.is_empty() {
                    return Err(refuse(
                        path,
                        p.line,
                        p.column,
                        "`waivers:` is a flow list (`[...]`); --add-waivers appends to block lists only",
                    ));
                }
                // `waivers: []`: the brackets go, the items follow the key's line.
                let rest = &seq_line[byte..];
                let close = rest.find(']').map_or(1, |i| i + 1);
                let line_start = starts[p.line as usize - 1];
                let cut = line_start + byte;
                let at = starts.get(p.line as usize).copied().unwrap_or(src.len());
                out.push_str(src[..cut].trim_end_matches(' '));
                out.push_str(&src[cut + close..at]);
                if !out.ends_with('\n') {
                    out.push_str(eol);
                }
                let dash = " ".repeat(key_indent + 2);
                let pad = " ".repeat(key_indent + 4);
                for w in waivers {
                    out.push_str(&item_lines(w, text, &dash, &pad, eol));
                }
                out.push_str(&src[at..]);
                return checked(out, src, path, waivers.len());
            }
            // A block list: new items take the first item's dash and key columns.
            let first = items.first().map_or(*p, Node::pos);
            let first_line = line_of(src, &starts, first.line);
            let dash_col = indent_of(first_line);
            if !first_line[dash_col..].starts_with('-') {
                return Err(refuse(
                    path,
                    first.line,
                    first.column,
                    "cannot tell where the `waivers:` list's items start",
                ));
            }
            let key_col = match items.first() {
                Some(Node::Map(..)) => {
                    let c = first.column.saturating_sub(1) as usize;
                    if c > dash_col {
                        c
                    } else {
                        dash_col + 2
                    }
                }
                _ => dash_col + 2,
            };
            // The list runs until a line at the key's indentation or less that is not a
            // comment (nor, for a list at the key's own indentation, one of its `-` items).
            let mut last = max_line(&Node::Seq(items.clone(), *p)).max(k.pos.line);
            let mut line = k.pos.line + 1;
            while (line as usize) <= starts.len() {
                let l = line_of(src, &starts, line);
                let t = l.trim_start();
                let ind = indent_of(l);
                if t.is_empty() {
                    line += 1;
                    continue;
                }
                let ends = ind <= key_indent
                    && !t.starts_with('#')
                    && !(ind == dash_col && t.starts_with('-'));
                if ends || t.starts_with("---") && ind == 0 || t.starts_with("...") && ind == 0 {
                    break;
                }
                if !t.starts_with('#') || ind > dash_col {
                    last = last.max(line);
                }
                line += 1;
            }
            let at = starts.get(last as usize).copied().unwrap_or(src.len());
            out.push_str(&src[..at]);
            if !out.ends_with('\n') {
                out.push_str(eol);
            }
            let dash = " ".repeat(dash_col);
            let pad = " ".repeat(key_col);
            for w in waivers {
                out.push_str(&item_lines(w, text, &dash, &pad, eol));
            }
            out.push_str(&src[at..]);
        }
        Some((_, other)) => {
            let p = other.pos();
            return Err(refuse(
                path,
                p.line,
                p.column,
                &format!("`waivers` must be a list, found {}", other.kind()),
            ));
        }
    }
    checked(out, src, path, waivers.len())
}

/// The edited text, once it reads as a configuration with exactly the added waivers more.
fn checked(out: String, src: &str, path: &str, added: usize) -> Result<String, Vec<InputError>> {
    let count = |text: &str| yaml_waiver_count(text, path);
    let before = count(src)?;
    let after = count(&out)?;
    if after != before + added {
        return Err(vec![InputError::file(
            path,
            "rollcall::config",
            format!(
                "adding {added} waivers here would not give a list of {} (found {after}); the file was left as it was",
                before + added
            ),
        )]);
    }
    Ok(out)
}

/// How many items the top-level `waivers:` list has. The rules of the waivers are not
/// resolved here: a custom rule's code is known only with its policies.
fn yaml_waiver_count(text: &str, path: &str) -> Result<usize, Vec<InputError>> {
    let root = yaml::parse_file(text, path)?;
    let Node::Map(entries, _) = &root else {
        return Ok(0);
    };
    Ok(match entries.iter().find(|(k, _)| k.text == "waivers") {
        Some((_, Node::Seq(items, _))) => items.len(),
        _ => 0,
    })
}

#[cfg(test)]
mod tests;
