//! Finding the inputs: files and folders given on the command line, walked with walkdir (a
//! portfolio's customer folders in parallel), and grouped into accounts (all inputs of one
//! folder are one account).

use std::collections::HashSet;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use rollcall_input::{Input, InputKind, Unit};
use rollcall_source::{io_reason, InputError};

/// What discovery found.
#[derive(Debug, Default)]
pub struct Discovery {
    pub units: Units,
    pub errors: Vec<InputError>,
    /// Configuration files met in the walk (`rollcall.yaml`), for the caller to consider.
    pub configs: Vec<Input>,
    /// The folders walked in full: inside them, `configs` lists every configuration file.
    pub walked: Vec<PathBuf>,
}

/// The folders found. A portfolio's wait in a temporary file as they are found, in the order
/// of the walk, so that discovery's memory does not grow with the number of customers; the
/// folders of files named on the command line (merged with a walk's folder of the same name),
/// and every folder when no temporary file can be made, are kept in memory, sorted by folder.
#[derive(Debug, Default)]
pub struct Units {
    spool: Option<std::fs::File>,
    spooled: usize,
    memory: Vec<Unit>,
}

impl Units {
    /// How many folders were found.
    pub fn len(&self) -> usize {
        self.spooled + self.memory.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every folder: those in the temporary file, then those in memory. A temporary file that
    /// cannot be read back gives one error and ends the list.
    pub fn iter(&self) -> UnitsIter<'_> {
        let reader = self.spool.as_ref().map(|f| {
            f.try_clone().and_then(|mut f| {
                f.rewind()?;
                Ok(std::io::BufReader::new(f))
            })
        });
        UnitsIter {
            reader,
            left: self.spooled,
            memory: self.memory.iter(),
        }
    }

    /// Every folder, in memory.
    pub fn into_vec(self) -> std::io::Result<Vec<Unit>> {
        self.iter().collect()
    }
}

impl<'a> IntoIterator for &'a Units {
    type Item = std::io::Result<Unit>;
    type IntoIter = UnitsIter<'a>;

    fn into_iter(self) -> UnitsIter<'a> {
        self.iter()
    }
}

/// The folders of [`Units`], read back in turn.
pub struct UnitsIter<'a> {
    reader: Option<std::io::Result<std::io::BufReader<std::fs::File>>>,
    left: usize,
    memory: std::slice::Iter<'a, Unit>,
}

impl Iterator for UnitsIter<'_> {
    type Item = std::io::Result<Unit>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return self.memory.next().cloned().map(Ok);
        }
        self.left -= 1;
        let read = match self.reader.as_mut()? {
            Ok(r) => read_unit(r),
            Err(e) => Err(std::io::Error::new(e.kind(), e.to_string())),
        };
        if read.is_err() {
            // One error, then what is in memory.
            self.left = 0;
        }
        Some(read)
    }
}

fn read_unit(r: &mut impl Read) -> std::io::Result<Unit> {
    /// More than any folder's inputs take (a damaged length is not believed).
    const MOST: usize = 256 << 20;
    let mut len = [0; 4];
    r.read_exact(&mut len)?;
    let len = u32::from_le_bytes(len) as usize;
    if len > MOST {
        return Err(std::io::Error::other(
            "the temporary list of folders is damaged",
        ));
    }
    let mut bytes = vec![0; len];
    r.read_exact(&mut bytes)?;
    Unit::decode(&bytes)
        .ok_or_else(|| std::io::Error::other("the temporary list of folders is damaged"))
}

/// Where found folders go: the temporary file, in blocks, or memory.
struct Collect {
    spool: Option<std::fs::File>,
    /// Whether writing the file failed: what it holds stays, the rest goes to memory.
    closed: bool,
    block: Vec<u8>,
    in_block: usize,
    written: u64,
    spooled: usize,
    memory: Vec<Unit>,
    /// Folders whose inputs come in more than one part (a walked root's own, those of files
    /// named on the command line): kept in memory, to be merged.
    hold: HashSet<String>,
}

/// What is written to the temporary file at a time.
const SPOOL_BLOCK: usize = 1 << 20;

impl Collect {
    fn new(hold: HashSet<String>) -> Self {
        Self {
            spool: tempfile::tempfile().ok(),
            closed: false,
            block: Vec::new(),
            in_block: 0,
            written: 0,
            spooled: 0,
            memory: Vec::new(),
            hold,
        }
    }

    fn put(&mut self, mut unit: Unit) {
        unit.sort();
        if self.spool.is_none() || self.closed || self.hold.contains(&unit.dir) {
            self.memory.push(unit);
            return;
        }
        let at = self.block.len();
        self.block.extend_from_slice(&[0; 4]);
        let len = unit
            .encode(&mut self.block)
            .and_then(|()| u32::try_from(self.block.len() - at - 4).ok());
        let Some(len) = len else {
            self.block.truncate(at);
            self.memory.push(unit);
            return;
        };
        self.block[at..at + 4].copy_from_slice(&len.to_le_bytes());
        self.in_block += 1;
        if self.block.len() >= SPOOL_BLOCK {
            self.flush();
        }
    }

    fn flush(&mut self) {
        let Some(file) = self.spool.as_mut() else {
            return;
        };
        if self.in_block == 0 {
            return;
        }
        if file.write_all(&self.block).is_ok() {
            self.written += self.block.len() as u64;
            self.spooled += self.in_block;
        } else {
            // Nothing is lost: the file keeps the blocks written whole, this block's folders
            // are read back into memory, and the folders still to come stay there.
            self.closed = true;
            let _ = file.set_len(self.written);
            let mut rest = self.block.as_slice();
            while let Ok(unit) = read_unit(&mut rest) {
                self.memory.push(unit);
            }
        }
        self.block.clear();
        self.in_block = 0;
    }

    fn finish(mut self) -> Units {
        self.flush();
        let mut memory = std::mem::take(&mut self.memory);
        // One folder reached from two paths given (or named files of one folder) is one unit.
        memory.sort_by(|a, b| a.dir.cmp(&b.dir));
        memory.dedup_by(|next, kept| {
            let same = next.dir == kept.dir;
            if same {
                kept.append(std::mem::take(next));
                kept.sort();
            }
            same
        });
        let spooled = self.spooled;
        Units {
            spool: self.spool.filter(|_| spooled > 0),
            spooled,
            memory,
        }
    }
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

/// Classifies a file named on the command line: read whatever its name. A name that does not
/// say (`.txt`, no extension, anything else) is decided by the file's beginning: a snapshot
/// (YAML or JSON) starts with a key and a colon, `{`, `---` or a comment; anything else is read
/// as a table, which an export header makes an input and any other is skipped, with why.
fn kind_named(path: &Path, name: &str) -> InputKind {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".xlsx") {
        InputKind::Workbook
    } else if lower.ends_with(".csv") || lower.ends_with(".tsv") {
        InputKind::Table
    } else if [".yaml", ".yml", ".json"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        InputKind::Snapshot
    } else {
        let mut head = Vec::with_capacity(SNIFF);
        let read =
            std::fs::File::open(path).and_then(|f| f.take(SNIFF as u64).read_to_end(&mut head));
        match read {
            Ok(_) if looks_like_snapshot(&head) => InputKind::Snapshot,
            // Unreadable: the reader says why.
            _ => InputKind::Table,
        }
    }
}

/// How much of a file named on the command line is looked at to tell what it is.
const SNIFF: usize = 4096;

/// Whether a file's first bytes are a snapshot's: past a byte order mark, blank lines and
/// `#` comments, the first line is `{`, `---`, or a key followed by `:` (a header row of an
/// export has no colon after its first name).
fn looks_like_snapshot(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let Some(line) = head
        .split(|&b| b == b'\n')
        .map(<[u8]>::trim_ascii)
        .find(|l| !l.is_empty() && !l.starts_with(b"#"))
    else {
        return false;
    };
    if line.starts_with(b"{") || line.starts_with(b"---") {
        return true;
    }
    let key_end = line
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
        .unwrap_or(line.len());
    key_end > 0 && line[key_end..].starts_with(b":")
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
    units: Vec<(Unit, Vec<Key>)>,
    index: std::collections::HashMap<String, usize>,
    seen: Seen,
}

/// A file's key (see [`key_of`]), and whether it must be remembered: whether it may be met
/// again (see [`Seen`]).
type Key = (u128, bool);

/// The files met that may be met again, by key. In one folder walked, a file is met twice
/// only through a link: a file reached through one is remembered, and a link to what the walk
/// meets at its own place before the link is not followed ([`Walk::met_before`]). So a
/// portfolio's files are not all remembered, only those behind links; with several paths
/// given, which may overlap, every file is.
#[derive(Default)]
struct Seen {
    keys: HashSet<u128>,
    all: bool,
}

impl Seen {
    /// Whether the file is met for the first time (remembering it if it must be).
    fn first(&mut self, (key, remember): Key) -> bool {
        if self.all || remember {
            self.keys.insert(key)
        } else {
            !self.keys.contains(&key)
        }
    }
}

impl Grouped {
    fn add(&mut self, input: Input, key: Key) {
        if !self.seen.first(key) {
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
    units: Vec<(Unit, Vec<Key>)>,
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

/// Walks the given paths and groups their inputs by folder (see [`Units`] for where they
/// wait). Each part of a walk (a portfolio's customer folder) groups its own inputs, in
/// parallel, a few hundred parts at a time: what is kept of a portfolio while it is walked is
/// the names of its first level.
pub fn discover(paths: &[PathBuf]) -> Discovery {
    let mut out = Discovery::default();
    // Folders whose inputs come in more than one part, merged at the end: a walked folder's
    // own (each file of its first level is a part) and those of the files named.
    let hold: HashSet<String> = paths
        .iter()
        .map(|p| {
            let shown = p.to_string_lossy().replace('\\', "/");
            if std::fs::metadata(p).is_ok_and(|m| m.is_file()) {
                dir_of(&shown).to_owned()
            } else {
                dir_of(&display_join(&shown, Path::new("x"))).to_owned()
            }
        })
        .collect();
    let mut collect = Collect::new(hold);
    // Files met in two parts of the walk (a link from one customer folder into another, or
    // a path given twice) are read once, where the walk met them first.
    let mut seen = Seen {
        keys: HashSet::new(),
        all: paths.len() > 1,
    };
    let mut take = |found: Found, out: &mut Discovery| {
        out.configs.extend(found.configs);
        out.errors.extend(found.errors);
        for (mut unit, keys) in found.units {
            unit.retain(|i| seen.first(keys[i]));
            if !unit.is_empty() {
                collect.put(unit);
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
                kind: kind_named(root, &name),
            };
            // A configuration named on the command line is checked as one (a pre-commit hook
            // passes the changed files), not read as a snapshot.
            if is_config_name(&name) {
                out.configs.push(input);
            } else {
                let key = key_of(&root.canonicalize().unwrap_or_else(|_| root.clone()));
                take(Found::of(vec![Met::Input(input, (key, true))]), &mut out);
            }
            continue;
        }
        if !meta.is_dir() {
            out.errors.push(InputError::file(
                &root_display,
                "rollcall::io",
                "cannot read: not a regular file (a FIFO, socket or device): not read",
            ));
            continue;
        }
        out.walked.push(root.clone());
        walk(root, &root_display, &mut |found| take(found, &mut out));
    }
    out.units = collect.finish();
    out
}

/// What a walk met, in walk order.
enum Met {
    /// An input, and its canonical path's key (see [`key_of`]).
    Input(Input, Key),
    Config(Input),
    Error(InputError),
}

/// Walks a folder: its first level, then each folder in it in parallel, with walkdir (a
/// portfolio is one folder of many customers, and listing them is system calls, not work), a
/// few hundred at a time. What it finds is handed to `sink` in the order of one walk sorted by
/// file name, whatever the threads did.
///
/// Links are followed (a customer folder may be a link into a shared drive); a link to a
/// folder the walk is already in, or to the root or above it, is reported as a loop. Canonical
/// paths are worked out without asking the file system for each file: the root's, joined with
/// the names below it; only a link is resolved. walkdir itself follows no link: following
/// them, it would resolve every walk's root and its ancestors, a dozen system calls a customer.
fn walk(root: &Path, root_display: &str, sink: &mut dyn FnMut(Found)) {
    use rayon::prelude::*;
    /// The parts of the first level walked at a time.
    const PARTS: usize = 256;
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let ctx = Walk {
        root,
        root_display,
        canonical_root: &canonical_root,
    };
    // The first level is listed here, not by walkdir, which opens every folder it meets.
    let listing = match std::fs::read_dir(root) {
        Ok(l) => l,
        Err(e) => {
            sink(Found::of(vec![Met::Error(Walk::error(
                root_display,
                &io_reason(&e),
            ))]));
            return;
        }
    };
    let mut names = Names::default();
    let mut errors = Vec::new();
    for entry in listing {
        match entry.and_then(|e| Ok((e.file_name(), e.file_type()?))) {
            Ok((name, file_type)) if keep(&name.to_string_lossy()) => {
                names.push(&name, Tag::of(file_type));
            }
            Ok(_) => {}
            Err(e) => errors.push(Met::Error(Walk::error(root_display, &io_reason(&e)))),
        }
    }
    if !errors.is_empty() {
        sink(Found::of(errors));
    }
    names.sort();
    for start in (0..names.len()).step_by(PARTS) {
        let found: Vec<Found> = (start..names.len().min(start + PARTS))
            .into_par_iter()
            .map(|i| {
                let (name, tag) = names.get(i);
                let path = root.join(name);
                let name = name.to_string_lossy();
                match ctx.entry(&path, &name, tag, &canonical_root, &[], false) {
                    None => Found::default(),
                    Some(Entry::Met(m)) => Found::of(vec![m]),
                    Some(Entry::Dir(canonical, linked)) => {
                        let mut out = Vec::new();
                        ctx.below(&path, &[canonical], linked, &mut out);
                        Found::of(out)
                    }
                }
            })
            .collect();
        for f in found {
            sink(f);
        }
    }
}

/// What an entry of a folder is, as listed.
#[derive(Clone, Copy)]
enum Tag {
    Dir,
    File,
    Link,
    Other,
}

impl Tag {
    fn of(t: std::fs::FileType) -> Self {
        if t.is_symlink() {
            Self::Link
        } else if t.is_dir() {
            Self::Dir
        } else if t.is_file() {
            Self::File
        } else {
            Self::Other
        }
    }
}

/// A folder's entries, kept small (a portfolio's first level is a name per customer): the
/// names in one text, those that are not Unicode apart.
#[derive(Default)]
struct Names {
    text: String,
    /// Where each name ends in `text` (or, with `odd`, its place in `odd`), and its tag.
    entries: Vec<(u32, u32, bool, Tag)>,
    odd: Vec<std::ffi::OsString>,
}

impl Names {
    fn push(&mut self, name: &std::ffi::OsStr, tag: Tag) {
        let start = u32::try_from(self.text.len()).ok();
        let (at, odd) = match (name.to_str(), start) {
            (Some(n), Some(start)) => {
                self.text.push_str(n);
                (start, false)
            }
            _ => {
                self.odd.push(name.to_owned());
                (u32::try_from(self.odd.len() - 1).unwrap_or(u32::MAX), true)
            }
        };
        let end = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        self.entries.push((at, end, odd, tag));
    }

    fn name(&self, (at, end, odd, _): (u32, u32, bool, Tag)) -> &std::ffi::OsStr {
        if odd {
            &self.odd[at as usize]
        } else {
            std::ffi::OsStr::new(&self.text[at as usize..end as usize])
        }
    }

    fn sort(&mut self) {
        let mut entries = std::mem::take(&mut self.entries);
        entries.sort_by(|a, b| self.name(*a).cmp(self.name(*b)));
        self.entries = entries;
    }

    fn len(&self) -> usize {
        self.entries.len()
    }

    fn get(&self, i: usize) -> (&std::ffi::OsStr, Tag) {
        let e = self.entries[i];
        (self.name(e), e.3)
    }
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
    /// A folder to walk, its canonical path, and whether it is reached through a link.
    Dir(PathBuf, bool),
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
    /// (canonical, outermost first), `linked` if reached through a link: a link is resolved,
    /// and must not lead back into them.
    fn entry(
        &self,
        path: &Path,
        name: &str,
        tag: Tag,
        parent: &Path,
        chain: &[PathBuf],
        linked: bool,
    ) -> Option<Entry> {
        let failed = |e: &std::io::Error| {
            Some(Entry::Met(Met::Error(Self::error(
                &self.display(path),
                &io_reason(e),
            ))))
        };
        match tag {
            Tag::Dir => return Some(Entry::Dir(parent.join(name), linked)),
            Tag::File => {
                return self
                    .file(path, name, &parent.join(name), linked)
                    .map(Entry::Met)
            }
            Tag::Other => return self.special(path, name),
            Tag::Link => {}
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
            if self.met_before(path, name, &target, false) {
                return None;
            }
            return self.file(path, name, &target, true).map(Entry::Met);
        }
        if !meta.is_dir() {
            return self.special(path, name);
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
        if self.met_before(path, name, &target, true) {
            return None;
        }
        Some(Entry::Dir(target, true))
    }

    /// A FIFO, socket or device (or a link to one) met in the walk: never opened (a FIFO would
    /// wait for a writer forever), and an error where its name is an input's, so that the
    /// customer does not vanish from the report without a word.
    fn special(&self, path: &Path, name: &str) -> Option<Entry> {
        (kind_in_walk(name).is_some() || is_config_name(name)).then(|| {
            Entry::Met(Met::Error(Self::error(
                &self.display(path),
                "not a regular file (a FIFO, socket or device): not read",
            )))
        })
    }

    /// Whether the link `path` (named `name`) leads to what the walk meets at its own place
    /// before the link: an input or a folder inside the root, in no hidden folder, earlier in
    /// the walk's order. The link is then not followed: its files were read where they are.
    /// (A link to what comes later is followed, and the files behind it are remembered, so
    /// that the walk leaves them out where it meets them again.)
    fn met_before(&self, path: &Path, name: &str, target: &Path, dir: bool) -> bool {
        let (Ok(rel), Ok(at)) = (
            target.strip_prefix(self.canonical_root),
            path.strip_prefix(self.root),
        ) else {
            return false;
        };
        let shown = |n: &std::ffi::OsStr| n.to_string_lossy().into_owned();
        if rel.iter().any(|c| !keep(&shown(c))) {
            return false;
        }
        let input = |n: &str| kind_in_walk(n).is_some() && !is_config_name(n);
        let an_input = input(name) && rel.file_name().is_some_and(|n| input(&shown(n)));
        if !(dir || an_input) {
            return false;
        }
        rel.iter().cmp(at.iter()) == std::cmp::Ordering::Less
    }

    /// Everything below a folder (whose canonical path ends `chain`), in name order, depth
    /// first, walked by walkdir; the links in it are followed here.
    fn below(&self, dir: &Path, chain: &[PathBuf], linked: bool, out: &mut Vec<Met>) {
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
            let tag = Tag::of(entry.file_type());
            match self.entry(entry.path(), &name, tag, parent, &inside, linked) {
                Some(Entry::Met(m)) => out.push(m),
                Some(Entry::Dir(canonical, _)) if entry.path_is_symlink() => {
                    // walkdir does not follow it: a walk of its own, inside this one.
                    let mut deeper = inside.clone();
                    deeper.push(canonical);
                    self.below(entry.path(), &deeper, true, out);
                }
                Some(Entry::Dir(canonical, _)) => inside.push(canonical),
                None => {}
            }
        }
    }

    fn file(&self, path: &Path, name: &str, key: &Path, linked: bool) -> Option<Met> {
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
            (key_of(key), linked),
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

    /// Customer `i` of a portfolio `p`, with one input.
    fn customer(i: usize, file: &str, kind: InputKind) -> Unit {
        let dir = format!("p/c{i}");
        let mut u = Unit::new(dir.clone(), format!("c{i}"), PathBuf::from(&dir));
        u.push(Input {
            path: PathBuf::from(format!("{dir}/{file}")),
            display: format!("{dir}/{file}"),
            kind,
        });
        u
    }

    fn found(d: &Discovery) -> Vec<Unit> {
        d.units.iter().collect::<std::io::Result<_>>().unwrap()
    }

    #[test]
    fn a_named_file_is_told_by_its_beginning_when_its_name_does_not_say() {
        let tmp = tempfile::tempdir().unwrap();
        let cases: [(&str, &str, InputKind); 9] = [
            (
                "a.txt",
                "format: 1\naccount:\n  name: A\n",
                InputKind::Snapshot,
            ),
            (
                "b.txt",
                "\u{feff}# exported\n\n{\"format\": 1}",
                InputKind::Snapshot,
            ),
            ("c", "---\nformat: 1\n", InputKind::Snapshot),
            ("d.txt", "email,role\na@x.example,User\n", InputKind::Table),
            ("e.txt", "Offering name;Seat quantity\n", InputKind::Table),
            ("f.txt", "just some notes\n", InputKind::Table),
            ("g.csv", "format: 1\n", InputKind::Table),
            ("h.YML", "email,role\n", InputKind::Snapshot),
            ("i.xlsx", "format: 1\n", InputKind::Workbook),
        ];
        for (name, text, want) in cases {
            let p = tmp.path().join(name);
            std::fs::write(&p, text).unwrap();
            assert_eq!(kind_named(&p, name), want, "{name}");
        }
        // Unreadable: read as a table, whose reader reports the error.
        let gone = tmp.path().join("gone.txt");
        assert_eq!(kind_named(&gone, "gone.txt"), InputKind::Table);
    }

    /// A FIFO (or a link to a device) with an input's name is an error where the walk meets it
    /// and when named, never opened (a FIFO would wait forever), and the customer beside it is
    /// still found.
    #[test]
    fn special_files_with_input_names_are_errors_not_silence() {
        use std::os::unix::fs::symlink;
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("good")).unwrap();
        std::fs::write(root.join("good/account.yaml"), "x").unwrap();
        std::fs::create_dir_all(root.join("bad")).unwrap();
        let fifo = root.join("bad/account.yaml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo here: nothing to test
        }
        symlink("/dev/zero", root.join("bad/users.csv")).unwrap();
        symlink("/dev/null", root.join("bad/notes.bin")).unwrap();
        let d = discover(&[root.to_path_buf()]);
        let units = found(&d);
        assert_eq!(units.len(), 1, "{:?}", d.errors);
        assert_eq!(units[0].dir_name(), "good");
        let mut errors: Vec<&str> = d.errors.iter().map(|e| e.file.as_str()).collect();
        errors.sort_unstable();
        let r = root.to_string_lossy();
        assert_eq!(
            errors,
            [
                format!("{r}/bad/account.yaml"),
                format!("{r}/bad/users.csv")
            ]
        );
        assert!(d
            .errors
            .iter()
            .all(|e| e.message.contains("not a regular file")));
        let named = discover(std::slice::from_ref(&fifo));
        assert_eq!(named.errors.len(), 1);
        assert!(named.errors[0].message.contains("not a regular file"));
    }

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
        let units = found(&d);
        let r = root.to_string_lossy();
        assert!(d.errors.is_empty());
        assert_eq!(units.len(), 2);
        assert_eq!(units[0].dir, format!("{r}/acme"));
        assert_eq!(units[0].dir_name(), "acme");
        assert_eq!(units[0].inputs().len(), 2);
        assert_eq!(
            units[1].inputs()[0].display,
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
        let units = found(&d);
        let r = root.to_string_lossy();
        let dirs: Vec<&str> = units.iter().map(|u| u.dir.as_str()).collect();
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

    /// The folders found and their inputs' displays, below `root`.
    fn shown(root: &Path, units: &[Unit]) -> Vec<(String, Vec<String>)> {
        let r = format!("{}/", root.to_string_lossy());
        let mut out: Vec<(String, Vec<String>)> = units
            .iter()
            .map(|u| {
                let files = u
                    .inputs()
                    .into_iter()
                    .map(|i| i.display.replace(&r, ""))
                    .collect();
                (u.dir.replace(&r, ""), files)
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn a_file_behind_links_is_read_once_where_the_walk_meets_it_first() {
        use std::os::unix::fs::symlink;
        let tmp = tempfile::tempdir().unwrap();
        let (root, outside) = (tmp.path().join("root"), tmp.path().join("outside"));
        for f in ["b/account.yaml", "m/users.csv", ".store/s/account.yaml"] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        std::fs::create_dir_all(outside.join("o")).unwrap();
        std::fs::write(outside.join("o/account.yaml"), "x").unwrap();
        // Before its target in the walk: read at the link, left out at its own place.
        symlink(root.join("m"), root.join("a")).unwrap();
        // After its target: not followed.
        symlink(root.join("b"), root.join("z")).unwrap();
        std::fs::create_dir_all(root.join("y")).unwrap();
        symlink("../b/account.yaml", root.join("y/account.yaml")).unwrap();
        // Into a hidden folder, which the walk does not enter: read at the link.
        symlink(root.join(".store/s"), root.join("s")).unwrap();
        // Two links to one folder outside: read at the first.
        symlink(outside.join("o"), root.join("o1")).unwrap();
        symlink(outside.join("o"), root.join("o2")).unwrap();
        for paths in [vec![root.clone()], vec![root.clone(), root.join("b")]] {
            let d = discover(&paths);
            assert!(d.errors.is_empty(), "{:?}", d.errors);
            let got = shown(&root, &found(&d));
            let want = [
                ("a", "a/users.csv"),
                ("b", "b/account.yaml"),
                ("o1", "o1/account.yaml"),
                ("s", "s/account.yaml"),
            ];
            let want: Vec<(String, Vec<String>)> = want
                .iter()
                .map(|(d, f)| ((*d).to_owned(), vec![(*f).to_owned()]))
                .collect();
            assert_eq!(got, want, "{paths:?}");
        }
    }

    #[test]
    fn a_first_level_of_many_folders_is_walked_in_parts_in_order() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        for i in 0..600 {
            let p = root.join(format!("c{i:03}"));
            std::fs::create_dir_all(&p).unwrap();
            std::fs::write(p.join("account.yaml"), "x").unwrap();
            if i % 7 == 0 {
                std::fs::write(p.join("users.csv"), "x").unwrap();
            }
        }
        // A named file of a walked folder joins that folder's unit.
        let named = root.join("c005/extra.csv");
        std::fs::write(&named, "x").unwrap();
        let d = discover(&[root.to_path_buf(), named]);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        let units = found(&d);
        assert_eq!(units.len(), 600);
        let got = shown(root, &units);
        assert_eq!(got[5].1, ["c005/account.yaml", "c005/extra.csv"]);
        assert_eq!(got[7].1, ["c007/account.yaml", "c007/users.csv"]);
        assert_eq!(got.iter().map(|u| u.1.len()).sum::<usize>(), 600 + 86 + 1);
    }

    #[test]
    fn folders_kept_in_memory_come_back_as_spooled_ones_do() {
        let mut spooled = Collect::new(HashSet::new());
        let mut memory = Collect::new(HashSet::new());
        memory.spool = None;
        for i in 0..5 {
            let u = customer(i, "account.yaml", InputKind::Snapshot);
            spooled.put(u.clone());
            memory.put(u);
        }
        let (a, b) = (spooled.finish(), memory.finish());
        assert_eq!((a.spooled, b.spooled), (5, 0));
        assert_eq!(a.into_vec().unwrap(), b.into_vec().unwrap());
    }

    #[test]
    fn folders_stay_in_memory_when_the_temporary_file_cannot_be_written() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("spool");
        std::fs::write(&path, "").unwrap();
        let mut collect = Collect::new(HashSet::new());
        // Read-only: every write fails.
        collect.spool = Some(std::fs::File::open(&path).unwrap());
        let units: Vec<Unit> = (0..3)
            .map(|i| customer(i, "users.csv", InputKind::Table))
            .collect();
        collect.put(units[0].clone());
        collect.flush();
        for u in &units[1..] {
            collect.put(u.clone());
        }
        let found = collect.finish();
        assert_eq!((found.spooled, found.len()), (0, 3));
        assert_eq!(found.into_vec().unwrap(), units);
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
        let units = found(&d);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        assert_eq!(units.len(), 1);
    }

    #[test]
    fn a_missing_path_is_an_error() {
        let d = discover(&[PathBuf::from("/nonexistent/rollcall-test")]);
        assert_eq!(d.errors.len(), 1);
        assert!(d.errors[0].message.contains("no such file"));
    }
}
