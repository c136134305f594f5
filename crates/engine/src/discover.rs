//! Finding the inputs: files and folders given on the command line, walked with walkdir (a
//! portfolio's customer folders in parallel), and grouped into accounts (all inputs of one
//! folder are one account).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

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

/// A file's canonical path, hashed: the key that reads a file reached twice (named twice, or
/// through a link) once. 128 bits: a portfolio's files do not collide.
fn key_of(canonical: &Path) -> u128 {
    use std::hash::{Hash, Hasher};
    let half = |salt: u8| {
        let mut h = std::hash::DefaultHasher::new();
        salt.hash(&mut h);
        canonical.hash(&mut h);
        h.finish()
    };
    (u128::from(half(0)) << 64) | u128::from(half(1))
}

/// The folder display of an input's display.
fn dir_of(display: &str) -> &str {
    match display.rsplit_once('/') {
        Some((d, _)) if !d.is_empty() => d,
        Some(_) => "/",
        None => ".",
    }
}

/// Inputs met in walk order, grouped by folder (each folder in the order first met), with
/// the files met a second time left out.
#[derive(Default)]
struct Grouped {
    units: Vec<(Unit, Vec<u128>)>,
    index: std::collections::HashMap<String, usize>,
    seen: HashSet<u128>,
}

impl Grouped {
    fn add(&mut self, input: Input, key: u128) {
        if !self.seen.insert(key) {
            return;
        }
        let dir = dir_of(&input.display);
        let at = if let Some(i) = self.index.get(dir) {
            *i
        } else {
            let dir_name = dir_name_of(&input.path, dir);
            let real_dir = input
                .path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
            self.units
                .push((Unit::new(dir.to_owned(), dir_name, real_dir), Vec::new()));
            self.index.insert(dir.to_owned(), self.units.len() - 1);
            self.units.len() - 1
        };
        let (unit, keys) = &mut self.units[at];
        unit.push(input);
        keys.push(key);
    }
}

/// What one part of a walk found: its folders of inputs (with their files' keys), the
/// configuration files and the errors it met.
#[derive(Default)]
struct Found {
    units: Vec<(Unit, Vec<u128>)>,
    configs: Vec<Input>,
    errors: Vec<InputError>,
}

impl Found {
    fn of(mets: Vec<Met>) -> Self {
        let mut grouped = Grouped::default();
        let mut out = Found::default();
        for met in mets {
            match met {
                Met::Input(input, key) => grouped.add(input, key),
                Met::Config(input) => out.configs.push(input),
                Met::Error(e) => out.errors.push(e),
            }
        }
        out.units = grouped.units;
        out
    }
}

/// Walks the given paths and groups their inputs by folder. Units come sorted by folder.
/// Each part of a walk (a portfolio's customer folder) groups its own inputs, so that what is
/// kept of a portfolio is small per customer: see [`Unit`].
pub fn discover(paths: &[PathBuf]) -> Discovery {
    let mut out = Discovery::default();
    let mut units: Vec<Unit> = Vec::new();
    // Files met in two parts of the walk (a link from one customer folder into another, or
    // a path given twice) are read once, where the walk met them first.
    let mut seen: HashSet<u128> = HashSet::new();
    let mut take = |found: Found, out: &mut Discovery, units: &mut Vec<Unit>| {
        out.configs.extend(found.configs);
        out.errors.extend(found.errors);
        for (mut unit, keys) in found.units {
            unit.retain(|i| seen.insert(keys[i]));
            if !unit.is_empty() {
                units.push(unit);
            }
        }
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
                let key = key_of(&root.canonicalize().unwrap_or_else(|_| root.clone()));
                take(
                    Found::of(vec![Met::Input(input, key)]),
                    &mut out,
                    &mut units,
                );
            }
            continue;
        }
        out.walked.push(root.clone());
        let found = walk(root, &root_display);
        // Sized once: a portfolio's list of folders is the largest thing discovery keeps.
        units.reserve(found.iter().map(|f| f.units.len()).sum());
        for found in found {
            take(found, &mut out, &mut units);
        }
    }
    // One folder reached from two paths given (or named files of one folder) is one unit.
    units.sort_by(|a, b| a.dir.cmp(&b.dir));
    units.dedup_by(|next, kept| {
        let same = next.dir == kept.dir;
        if same {
            kept.append(std::mem::take(next));
        }
        same
    });
    for unit in &mut units {
        unit.sort();
    }
    out.units = units;
    out
}

/// What a walk met, in walk order.
enum Met {
    /// An input, and its canonical path's key (see [`key_of`]).
    Input(Input, u128),
    Config(Input),
    Error(InputError),
}

/// Walks a folder: its first level, then each folder in it in parallel, with walkdir (a
/// portfolio is one folder of many customers, and listing them is system calls, not work).
/// The result is in the order of one walk sorted by file name, whatever the threads did.
///
/// Links are followed (a customer folder may be a link into a shared drive); a link to a
/// folder the walk is already in, or to the root or above it, is reported as a loop. Canonical
/// paths are worked out without asking the file system for each file: the root's, joined with
/// the names below it; only a link is resolved. walkdir itself follows no link: following
/// them, it would resolve every walk's root and its ancestors, a dozen system calls a customer.
fn walk(root: &Path, root_display: &str) -> Vec<Found> {
    use rayon::prelude::*;
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let ctx = Walk {
        root,
        root_display,
        canonical_root: &canonical_root,
    };
    // The first level is listed here, not by walkdir, which opens every folder it meets.
    let mut top = Vec::new();
    let listing = match std::fs::read_dir(root) {
        Ok(l) => l,
        Err(e) => {
            return vec![Found::of(vec![Met::Error(Walk::error(
                root_display,
                &io_reason(&e),
            ))])]
        }
    };
    let mut entries = Vec::new();
    for entry in listing {
        match entry.and_then(|e| Ok((e.file_name(), e.path(), e.file_type()?))) {
            Ok(e) => entries.push(e),
            Err(e) => top.push((
                root.to_path_buf(),
                Entry::Met(Met::Error(Walk::error(root_display, &io_reason(&e)))),
            )),
        }
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, path, file_type) in entries {
        let name = name.to_string_lossy();
        if !keep(&name) {
            continue;
        }
        if let Some(entry) = ctx.entry(&path, &name, file_type, &canonical_root, &[]) {
            top.push((path, entry));
        }
    }
    // Each part groups its own inputs in its task: only the small units are gathered.
    top.into_par_iter()
        .map(|(path, entry)| match entry {
            Entry::Met(m) => Found::of(vec![m]),
            Entry::Dir(canonical) => {
                let mut out = Vec::new();
                ctx.below(&path, &[canonical], &mut out);
                Found::of(out)
            }
        })
        .collect()
}

/// A link is followed only this many folders deep (the walk recurses at each link); plain
/// folders are walked at any depth.
const MAX_FOLDER_DEPTH: usize = 128;

/// Whether a walk looks at a name: not a hidden one, but for configuration files.
fn keep(name: &str) -> bool {
    !name.starts_with('.') || is_config_name(name)
}

/// One entry of a folder, as the walk takes it.
enum Entry {
    Met(Met),
    /// A folder to walk, and its canonical path.
    Dir(PathBuf),
}

struct Walk<'a> {
    root: &'a Path,
    root_display: &'a str,
    canonical_root: &'a Path,
}

impl Walk<'_> {
    fn display(&self, path: &Path) -> String {
        display_join(
            self.root_display,
            path.strip_prefix(self.root).unwrap_or(path),
        )
    }

    fn error(at: &str, reason: &str) -> InputError {
        InputError::file(at, "rollcall::io", format!("cannot read: {reason}"))
    }

    /// An entry of the folder whose canonical path is `parent`, inside the folders `chain`
    /// (canonical, outermost first): a link is resolved, and must not lead back into them.
    fn entry(
        &self,
        path: &Path,
        name: &str,
        file_type: std::fs::FileType,
        parent: &Path,
        chain: &[PathBuf],
    ) -> Option<Entry> {
        let failed = |e: &std::io::Error| {
            Some(Entry::Met(Met::Error(Self::error(
                &self.display(path),
                &io_reason(e),
            ))))
        };
        if !file_type.is_symlink() {
            if file_type.is_dir() {
                return Some(Entry::Dir(parent.join(name)));
            }
            if file_type.is_file() {
                return self.file(path, name, &parent.join(name)).map(Entry::Met);
            }
            return None;
        }
        let target = match path.canonicalize() {
            Ok(t) => t,
            Err(e) => return failed(&e),
        };
        let meta = match std::fs::metadata(&target) {
            Ok(m) => m,
            Err(e) => return failed(&e),
        };
        if meta.is_file() {
            return self.file(path, name, &target).map(Entry::Met);
        }
        if !meta.is_dir() {
            return None;
        }
        if self.canonical_root.starts_with(&target) || chain.contains(&target) {
            return Some(Entry::Met(Met::Error(Self::error(
                &self.display(path),
                &format!(
                    "File system loop found: {} points to an ancestor {}",
                    path.display(),
                    target.display()
                ),
            ))));
        }
        Some(Entry::Dir(target))
    }

    /// Everything below a folder (whose canonical path ends `chain`), in name order, depth
    /// first, walked by walkdir; the links in it are followed here.
    fn below(&self, dir: &Path, chain: &[PathBuf], out: &mut Vec<Met>) {
        if chain.len() > MAX_FOLDER_DEPTH {
            out.push(Met::Error(Self::error(
                &self.display(dir),
                &format!("a link more than {MAX_FOLDER_DEPTH} folders deep; not followed"),
            )));
            return;
        }
        // The canonical paths of the folders the walk is in: `chain`, then those below `dir`.
        let mut inside: Vec<PathBuf> = chain.to_vec();
        let walker = walkdir::WalkDir::new(dir)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || keep(&e.file_name().to_string_lossy()));
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let at = e
                        .path()
                        .map_or_else(|| self.display(dir), |p| self.display(p));
                    let reason = e.io_error().map_or_else(|| e.to_string(), io_reason);
                    out.push(Met::Error(Self::error(&at, &reason)));
                    continue;
                }
            };
            if entry.depth() == 0 {
                continue;
            }
            inside.truncate(chain.len() + entry.depth() - 1);
            let parent = inside.last().map_or(Path::new(""), PathBuf::as_path);
            let name = entry.file_name().to_string_lossy();
            match self.entry(entry.path(), &name, entry.file_type(), parent, &inside) {
                Some(Entry::Met(m)) => out.push(m),
                Some(Entry::Dir(canonical)) if entry.path_is_symlink() => {
                    // walkdir does not follow it: a walk of its own, inside this one.
                    let mut deeper = inside.clone();
                    deeper.push(canonical);
                    self.below(entry.path(), &deeper, out);
                }
                Some(Entry::Dir(canonical)) => inside.push(canonical),
                None => {}
            }
        }
    }

    fn file(&self, path: &Path, name: &str, key: &Path) -> Option<Met> {
        let display = self.display(path);
        if is_config_name(name) {
            return Some(Met::Config(Input {
                path: path.to_path_buf(),
                display,
                kind: InputKind::Snapshot,
            }));
        }
        let kind = kind_in_walk(name)?;
        Some(Met::Input(
            Input {
                path: path.to_path_buf(),
                display,
                kind,
            },
            key_of(key),
        ))
    }
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
        assert_eq!(d.units[0].dir_name(), "acme");
        assert_eq!(d.units[0].inputs().len(), 2);
        assert_eq!(
            d.units[1].inputs()[0].display,
            format!("{r}/beta/account.json")
        );
        assert_eq!(d.configs.len(), 1);
    }

    #[test]
    fn links_are_followed_once_and_loops_are_errors_where_they_are_met() {
        use std::os::unix::fs::symlink;
        let tmp = tempfile::tempdir().unwrap();
        let (root, outside) = (tmp.path().join("root"), tmp.path().join("outside"));
        for f in [
            "a/account.yaml",
            "b/sub/users.csv",
            "d/x.txt",
            "e/x.txt",
            "g/.hidden/account.yaml",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("account.yaml"), "x").unwrap();
        // A customer folder that is a link, with a link in it back to the root.
        symlink(&outside, root.join("c")).unwrap();
        symlink(&root, outside.join("back")).unwrap();
        // Links to the root's parent, to a folder itself, and to nothing.
        symlink("../..", root.join("d/up")).unwrap();
        symlink(".", root.join("e/self")).unwrap();
        symlink("nowhere", root.join("e/gone")).unwrap();
        // The same file twice: read once, where the walk meets it first.
        symlink("a/account.yaml", root.join("f.yaml")).unwrap();
        std::fs::create_dir_all(root.join("h")).unwrap();
        symlink("../a/account.yaml", root.join("h/account.yaml")).unwrap();
        let d = discover(std::slice::from_ref(&root));
        let r = root.to_string_lossy();
        let dirs: Vec<&str> = d.units.iter().map(|u| u.dir.as_str()).collect();
        assert_eq!(
            dirs,
            [format!("{r}/a"), format!("{r}/b/sub"), format!("{r}/c")]
        );
        let mut at: Vec<(String, bool)> = d
            .errors
            .iter()
            .map(|e| (e.file.clone(), e.message.contains("loop")))
            .collect();
        at.sort();
        assert_eq!(
            at,
            [
                (format!("{r}/c/back"), true),
                (format!("{r}/d/up"), true),
                (format!("{r}/e/gone"), false),
                (format!("{r}/e/self"), true),
            ],
            "{:?}",
            d.errors
        );
    }

    #[test]
    fn deep_folders_are_walked_whatever_their_depth() {
        let tmp = tempfile::tempdir().unwrap();
        let mut deep = tmp.path().join("c");
        for _ in 0..MAX_FOLDER_DEPTH + 20 {
            deep.push("d");
        }
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(deep.join("account.yaml"), "x").unwrap();
        let d = discover(&[tmp.path().to_path_buf()]);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        assert_eq!(d.units.len(), 1);
    }

    #[test]
    fn a_missing_path_is_an_error() {
        let d = discover(&[PathBuf::from("/nonexistent/rollcall-test")]);
        assert_eq!(d.errors.len(), 1);
        assert!(d.errors[0].message.contains("no such file"));
    }
}
