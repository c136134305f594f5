//! What the readers are given: the input files of one folder, which form one account.

use std::path::PathBuf;

/// What a file is, judged from its name (exports are confirmed by their header later).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    Snapshot,
    /// A `.csv` (or, named on the command line, any non-YAML file).
    Table,
    /// An `.xlsx` workbook.
    Workbook,
}

/// One input file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    /// Where to read it.
    pub path: PathBuf,
    /// How to name it: the path as given joined with the path below it, `/`-separated.
    pub display: String,
    pub kind: InputKind,
}

/// The inputs of one folder: one account. Kept small, since a portfolio's folders are all
/// known before the first is audited: each input is its file name (its path and display are
/// the folder's joined with it), and the folder's name and place on disk are kept only where
/// they are not what its display says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Unit {
    /// The folder, as displayed (`.` for the current one).
    pub dir: String,
    /// Its last path component, where that is not the display's last component.
    dir_name: Option<Box<str>>,
    /// The folder on disk, where that is not the display.
    real_dir: Option<PathBuf>,
    files: Vec<File>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum File {
    /// A file of the folder, by name.
    Named(Box<str>, InputKind),
    /// An input whose path or display is not the folder's joined with its name.
    Exact(Box<Input>),
}

/// `dir` joined with `name` as displays are (`/`-separated; `.` is not written).
fn display_in(dir: &str, name: &str) -> String {
    if dir == "." {
        name.to_owned()
    } else if dir.ends_with('/') {
        format!("{dir}{name}")
    } else {
        format!("{dir}/{name}")
    }
}

/// The last component of a display, as the account's default name.
fn last_component(dir: &str) -> Option<&str> {
    std::path::Path::new(dir)
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| *n != "." && *n != "..")
}

impl Unit {
    /// A folder without inputs yet: its display, its name (the account's default name) and
    /// where it is on disk.
    pub fn new(dir: String, dir_name: String, real_dir: PathBuf) -> Self {
        let dir_name =
            (last_component(&dir) != Some(dir_name.as_str())).then(|| dir_name.into_boxed_str());
        let real_dir = (real_dir.as_os_str() != dir.as_str()).then_some(real_dir);
        Self {
            dir,
            dir_name,
            real_dir,
            files: Vec::new(),
        }
    }

    /// Its last path component, the account's default name.
    pub fn dir_name(&self) -> &str {
        match &self.dir_name {
            Some(n) => n,
            None => last_component(&self.dir).unwrap_or(&self.dir),
        }
    }

    /// The folder on disk (where configuration is looked for).
    pub fn real_dir(&self) -> &std::path::Path {
        self.real_dir
            .as_deref()
            .unwrap_or_else(|| std::path::Path::new(&self.dir))
    }

    /// Adds an input of the folder.
    pub fn push(&mut self, input: Input) {
        let name = input.path.file_name().and_then(|n| n.to_str()).filter(|n| {
            display_in(&self.dir, n) == input.display && self.real_dir().join(n) == input.path
        });
        let file = match name {
            Some(n) => File::Named(n.into(), input.kind),
            None => File::Exact(Box::new(input)),
        };
        self.files.push(file);
    }

    /// Adds the inputs of `other`, a unit of the same folder.
    pub fn append(&mut self, other: Unit) {
        let inputs = other.inputs();
        drop(other);
        for input in inputs {
            self.push(input);
        }
    }

    /// Keeps the inputs for which `keep` is true, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(usize) -> bool) {
        let mut i = 0;
        self.files.retain(|_| {
            i += 1;
            keep(i - 1)
        });
    }

    /// Sorts the inputs by their display.
    pub fn sort(&mut self) {
        if self.files.len() < 2 {
            return;
        }
        let display = |f: &File| match f {
            File::Named(n, _) => display_in(&self.dir, n),
            File::Exact(i) => i.display.clone(),
        };
        let mut keyed: Vec<(String, File)> = std::mem::take(&mut self.files)
            .into_iter()
            .map(|f| (display(&f), f))
            .collect();
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        self.files = keyed.into_iter().map(|(_, f)| f).collect();
    }

    /// How many inputs it has.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Its inputs, in order.
    pub fn inputs(&self) -> Vec<Input> {
        self.files
            .iter()
            .map(|f| match f {
                File::Named(name, kind) => Input {
                    path: self.real_dir().join(&**name),
                    display: display_in(&self.dir, name),
                    kind: *kind,
                },
                File::Exact(input) => (**input).clone(),
            })
            .collect()
    }
}

/// A path's bytes as written to a spool (`None` where they cannot be had safely: a path that
/// is not Unicode, off Unix).
#[cfg_attr(unix, allow(clippy::unnecessary_wraps))]
fn path_bytes(p: &std::path::Path) -> Option<&[u8]> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Some(p.as_os_str().as_bytes())
    }
    #[cfg(not(unix))]
    {
        p.to_str().map(str::as_bytes)
    }
}

#[cfg_attr(unix, allow(clippy::unnecessary_wraps))]
fn path_from(bytes: &[u8]) -> Option<PathBuf> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Some(PathBuf::from(std::ffi::OsStr::from_bytes(bytes)))
    }
    #[cfg(not(unix))]
    {
        std::str::from_utf8(bytes).ok().map(PathBuf::from)
    }
}

fn kind_byte(k: InputKind) -> u8 {
    match k {
        InputKind::Snapshot => 0,
        InputKind::Table => 1,
        InputKind::Workbook => 2,
    }
}

fn put(out: &mut Vec<u8>, bytes: &[u8]) -> Option<()> {
    out.extend_from_slice(&u32::try_from(bytes.len()).ok()?.to_le_bytes());
    out.extend_from_slice(bytes);
    Some(())
}

/// Reads back what [`Unit::encode`] wrote.
struct Decoder<'a>(&'a [u8]);

impl<'a> Decoder<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        (self.0.len() >= n).then(|| {
            let (head, tail) = self.0.split_at(n);
            self.0 = tail;
            head
        })
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.take(4)?;
        let n = u32::from_le_bytes([n[0], n[1], n[2], n[3]]) as usize;
        self.take(n)
    }

    fn text(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.bytes()?).ok()
    }

    fn kind(&mut self) -> Option<InputKind> {
        match self.take(1)?[0] {
            0 => Some(InputKind::Snapshot),
            1 => Some(InputKind::Table),
            2 => Some(InputKind::Workbook),
            _ => None,
        }
    }
}

impl Unit {
    /// Appends the unit to `out` as bytes (for a portfolio's folders to wait on disk); `None`,
    /// and `out` as it was, where a path cannot be written so (then keep the unit in memory).
    pub fn encode(&self, out: &mut Vec<u8>) -> Option<()> {
        let start = out.len();
        let written = self.encode_into(out);
        if written.is_none() {
            out.truncate(start);
        }
        written
    }

    fn encode_into(&self, out: &mut Vec<u8>) -> Option<()> {
        put(out, self.dir.as_bytes())?;
        out.push(u8::from(self.dir_name.is_some()) | (u8::from(self.real_dir.is_some()) << 1));
        if let Some(n) = &self.dir_name {
            put(out, n.as_bytes())?;
        }
        if let Some(r) = &self.real_dir {
            put(out, path_bytes(r)?)?;
        }
        out.extend_from_slice(&u32::try_from(self.files.len()).ok()?.to_le_bytes());
        for f in &self.files {
            match f {
                File::Named(name, kind) => {
                    out.push(kind_byte(*kind));
                    put(out, name.as_bytes())?;
                }
                File::Exact(input) => {
                    out.push(8 | kind_byte(input.kind));
                    put(out, path_bytes(&input.path)?)?;
                    put(out, input.display.as_bytes())?;
                }
            }
        }
        Some(())
    }

    /// A unit as [`Unit::encode`] wrote it (`None` if the bytes are not one).
    pub fn decode(bytes: &[u8]) -> Option<Unit> {
        let mut d = Decoder(bytes);
        let dir = d.text()?.to_owned();
        let flags = d.take(1)?[0];
        let dir_name = if flags & 1 != 0 {
            Some(d.text()?.into())
        } else {
            None
        };
        let real_dir = if flags & 2 != 0 {
            Some(path_from(d.bytes()?)?)
        } else {
            None
        };
        let n = d.take(4)?;
        let n = u32::from_le_bytes([n[0], n[1], n[2], n[3]]) as usize;
        let mut files = Vec::with_capacity(n.min(d.0.len()));
        for _ in 0..n {
            let tag = d.take(1)?[0];
            let kind = Decoder(&[tag & 7]).kind()?;
            files.push(if tag & 8 == 0 {
                File::Named(d.text()?.into(), kind)
            } else {
                File::Exact(Box::new(Input {
                    path: path_from(d.bytes()?)?,
                    display: d.text()?.to_owned(),
                    kind,
                }))
            });
        }
        d.0.is_empty().then_some(Unit {
            dir,
            dir_name,
            real_dir,
            files,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(path: &str, display: &str) -> Input {
        Input {
            path: PathBuf::from(path),
            display: display.to_owned(),
            kind: InputKind::Table,
        }
    }

    #[test]
    fn inputs_come_back_as_they_were_pushed() {
        let cases = [
            (
                "customers/acme",
                "acme",
                "customers/acme",
                "customers/acme/users.csv",
                "customers/acme/users.csv",
            ),
            (".", "work", ".", "./users.csv", "users.csv"),
            (".", "work", ".", "users.csv", "users.csv"),
            ("/srv/x", "x", "/srv/x", "/srv/x/a.csv", "/srv/x/a.csv"),
            ("/", "/", "/", "/a.csv", "/a.csv"),
            (
                "shown/acme",
                "acme",
                "real/place/acme",
                "real/place/acme/a.csv",
                "shown/acme/a.csv",
            ),
            ("acme", "Acme Folder", "acme", "acme/a.csv", "acme/a.csv"),
            ("acme", "acme", "acme", "elsewhere/a.csv", "acme/a.csv"),
        ];
        for (dir, name, real, path, display) in cases {
            let mut u = Unit::new(dir.to_owned(), name.to_owned(), PathBuf::from(real));
            u.push(input(path, display));
            assert_eq!(u.inputs(), [input(path, display)], "{dir} {path}");
            assert_eq!(u.dir_name(), name);
            assert_eq!(u.real_dir(), std::path::Path::new(real));
        }
    }

    #[test]
    fn units_come_back_from_their_bytes() {
        let mut u = Unit::new(
            "shown/acme".into(),
            "Acme".into(),
            PathBuf::from("real/acme"),
        );
        u.push(input("real/acme/users.csv", "shown/acme/users.csv"));
        u.push(input("elsewhere/a.csv", "shown/acme/a.csv"));
        let mut plain = Unit::new("c".into(), "c".into(), PathBuf::from("c"));
        plain.push(input("c/b.csv", "c/b.csv"));
        for unit in [u, plain, Unit::default()] {
            let mut bytes = vec![9];
            unit.encode(&mut bytes).unwrap();
            assert_eq!(Unit::decode(&bytes[1..]), Some(unit.clone()));
            // Cut short or padded, the bytes are not a unit.
            assert_eq!(Unit::decode(&bytes[1..bytes.len() - 1]), None);
            bytes.push(0);
            assert_eq!(Unit::decode(&bytes[1..]), None);
        }
    }

    #[test]
    fn sorts_retains_and_appends() {
        let mut u = Unit::new("c".into(), "c".into(), PathBuf::from("c"));
        u.push(input("c/b.csv", "c/b.csv"));
        u.push(input("c/a.csv", "c/a.csv"));
        u.push(input("x/z.csv", "c/c.csv"));
        let mut v = Unit::new("c".into(), "c".into(), PathBuf::from("c"));
        v.push(input("c/0.csv", "c/0.csv"));
        u.append(v);
        u.sort();
        let shown: Vec<String> = u.inputs().into_iter().map(|i| i.display).collect();
        assert_eq!(shown, ["c/0.csv", "c/a.csv", "c/b.csv", "c/c.csv"]);
        u.retain(|i| i % 2 == 1);
        let shown: Vec<String> = u.inputs().into_iter().map(|i| i.display).collect();
        assert_eq!(shown, ["c/a.csv", "c/c.csv"]);
        assert_eq!(u.len(), 2);
    }
}
