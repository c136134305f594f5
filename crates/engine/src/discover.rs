//! Finding the inputs: files and folders given on the command line, walked with walkdir, and
//! grouped into accounts (all inputs of one folder are one account).

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use rollcall_input::{Input, InputKind, Unit};
use rollcall_source::{io_reason, InputError};

/// What discovery found.
#[derive(Debug, Default)]
pub struct Discovery {
    pub units: Vec<Unit>,
    pub errors: Vec<InputError>,
    /// Configuration files met in the walk (`rollcall.yaml`), for the caller to consider.
    pub configs: Vec<Input>,
    /// The folders walked in full: inside them, `configs` lists every configuration file.
    pub walked: Vec<PathBuf>,
}

fn display_join(root: &str, rel: &Path) -> String {
    let rel = rel.to_string_lossy().replace('\\', "/");
    if rel.is_empty() {
        root.to_owned()
    } else if root.ends_with('/') {
        format!("{root}{rel}")
    } else {
        format!("{root}/{rel}")
    }
}

/// Classifies a file met in a folder walk; `None` for files that are not inputs.
fn kind_in_walk(name: &str) -> Option<InputKind> {
    let lower = name.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "account.yaml" | "account.yml" | "account.json"
    ) {
        Some(InputKind::Snapshot)
    } else if lower.ends_with(".csv") {
        Some(InputKind::Table)
    } else if lower.ends_with(".xlsx") {
        Some(InputKind::Workbook)
    } else {
        None
    }
}

/// Classifies a file named on the command line: read whatever its name.
fn kind_named(name: &str) -> InputKind {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".xlsx") {
        InputKind::Workbook
    } else if lower.ends_with(".csv") || lower.ends_with(".tsv") || lower.ends_with(".txt") {
        InputKind::Table
    } else {
        InputKind::Snapshot
    }
}

pub fn is_config_name(name: &str) -> bool {
    matches!(
        name,
        "rollcall.yaml" | ".rollcall.yaml" | "rollcall.yml" | ".rollcall.yml"
    )
}

/// Walks the given paths and groups their inputs by folder. Units come sorted by folder.
pub fn discover(paths: &[PathBuf]) -> Discovery {
    let mut out = Discovery::default();
    let mut by_dir: BTreeMap<String, Unit> = BTreeMap::new();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    // `key` is the file's canonical path: the same file reached twice (named twice, or through a
    // link) is read once.
    let mut add = |input: Input, key: PathBuf, by_dir: &mut BTreeMap<String, Unit>| {
        if !seen.insert(key) {
            return;
        }
        let dir = match input.display.rsplit_once('/') {
            Some((d, _)) if !d.is_empty() => d.to_owned(),
            Some(_) => "/".to_owned(),
            None => ".".to_owned(),
        };
        let unit = by_dir.entry(dir.clone()).or_insert_with(|| {
            let dir_name = dir_name_of(&input.path, &dir);
            let real_dir = input
                .path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
            Unit {
                dir,
                dir_name,
                real_dir,
                inputs: Vec::new(),
            }
        });
        unit.inputs.push(input);
    };
    for root in paths {
        let root_display = root.to_string_lossy().replace('\\', "/");
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                out.errors.push(InputError::file(
                    &root_display,
                    "rollcall::io",
                    format!("cannot read: {}", io_reason(&e)),
                ));
                continue;
            }
        };
        if meta.is_file() {
            let name = root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let input = Input {
                path: root.clone(),
                display: root_display.clone(),
                kind: kind_named(&name),
            };
            // A configuration named on the command line is checked as one (a pre-commit hook
            // passes the changed files), not read as a snapshot.
            if is_config_name(&name) {
                out.configs.push(input);
            } else {
                let key = root.canonicalize().unwrap_or_else(|_| root.clone());
                add(input, key, &mut by_dir);
            }
            continue;
        }
        out.walked.push(root.clone());
        // Canonical paths without asking the file system for every file: the root's, joined
        // with the path below it, unless the walk went through a link (then asked).
        let canonical_root = root.canonicalize().unwrap_or_else(|_| root.clone());
        let mut through_link: Vec<bool> = Vec::new();
        // Links are followed (a customer folder may be a link into a shared drive); walkdir
        // reports a link that loops back as an error instead of walking forever.
        let walker = WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0
                    || !e.file_name().to_string_lossy().starts_with('.')
                    || is_config_name(&e.file_name().to_string_lossy())
            });
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let at = e.path().map_or_else(
                        || root_display.clone(),
                        |p| display_join(&root_display, p.strip_prefix(root).unwrap_or(p)),
                    );
                    let reason = e.io_error().map_or_else(|| e.to_string(), io_reason);
                    out.errors.push(InputError::file(
                        &at,
                        "rollcall::io",
                        format!("cannot read: {reason}"),
                    ));
                    continue;
                }
            };
            through_link.truncate(entry.depth());
            let linked = through_link.last().copied().unwrap_or(false) || entry.path_is_symlink();
            through_link.push(linked);
            if !entry.file_type().is_file() {
                continue;
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            let display = display_join(
                &root_display,
                entry.path().strip_prefix(root).unwrap_or(entry.path()),
            );
            if is_config_name(&name) {
                out.configs.push(Input {
                    path: entry.path().to_path_buf(),
                    display,
                    kind: InputKind::Snapshot,
                });
                continue;
            }
            let Some(kind) = kind_in_walk(&name) else {
                continue;
            };
            let key = if linked {
                entry
                    .path()
                    .canonicalize()
                    .unwrap_or_else(|_| entry.path().to_path_buf())
            } else {
                canonical_root.join(entry.path().strip_prefix(root).unwrap_or(entry.path()))
            };
            add(
                Input {
                    path: entry.path().to_path_buf(),
                    display,
                    kind,
                },
                key,
                &mut by_dir,
            );
        }
    }
    out.units = by_dir.into_values().collect();
    for unit in &mut out.units {
        unit.inputs.sort_by(|a, b| a.display.cmp(&b.display));
    }
    out
}

fn dir_name_of(file: &Path, dir_display: &str) -> String {
    let parent = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let named = Path::new(dir_display)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    match named {
        Some(n) if n != "." && n != ".." => n,
        _ => parent
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| dir_display.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_by_folder_and_names_paths_as_given() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        for f in [
            "acme/account.yaml",
            "acme/users.csv",
            "beta/account.json",
            "beta/notes.txt",
            ".git/account.yaml",
            "rollcall.yaml",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        let d = discover(&[root.to_path_buf()]);
        let r = root.to_string_lossy();
        assert!(d.errors.is_empty());
        assert_eq!(d.units.len(), 2);
        assert_eq!(d.units[0].dir, format!("{r}/acme"));
        assert_eq!(d.units[0].dir_name, "acme");
        assert_eq!(d.units[0].inputs.len(), 2);
        assert_eq!(
            d.units[1].inputs[0].display,
            format!("{r}/beta/account.json")
        );
        assert_eq!(d.configs.len(), 1);
    }

    #[test]
    fn a_missing_path_is_an_error() {
        let d = discover(&[PathBuf::from("/nonexistent/rollcall-test")]);
        assert_eq!(d.errors.len(), 1);
        assert!(d.errors[0].message.contains("no such file"));
    }
}
