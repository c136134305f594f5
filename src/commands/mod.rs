//! What each subcommand does with its parsed arguments: call the engine, pick a renderer,
//! choose the exit status.

pub(crate) use std::fmt::Write as _;
pub(crate) use std::io::{IsTerminal, Write};
pub(crate) use std::path::{Path, PathBuf};

pub(crate) use rollcall_engine::config::{Effective, Layer};
pub(crate) use rollcall_engine::report::render::{self, human, statistics};
pub(crate) use rollcall_engine::rules::{all_rules, find_rule, Severity};
pub(crate) use rollcall_engine::run::load_configuration;
pub(crate) use rollcall_engine::{run_with_progress, system_today, Settings};

pub(crate) use crate::{CheckArgs, Color, Format, ListFormat, RuleSetArgs, RulesArgs};

mod check;
mod convert;
pub mod fix;
pub mod history;
mod init;
mod plan;
mod rules;
mod schema;
mod test;

pub use check::*;
pub use convert::*;
pub use init::*;
pub use rules::*;
pub use schema::*;
pub use test::*;

/// The starter configuration `rollcall init` writes.
const STARTER: &str = include_str!("../starter.yaml");

pub fn cli_layer(args: &RuleSetArgs) -> Layer {
    Layer {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        severity: args.severity.clone(),
        ..Layer::default()
    }
}

fn write_out(text: &str) -> bool {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .is_ok()
}

/// Whether a file written must reach the disk before it replaces the old one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Keep {
    /// A record the user keeps (history, a baseline): synced before the rename, so that a
    /// crash leaves the old file or the new one, whole.
    Durable,
    /// A report, which the next run writes again: renamed once complete (a reader never sees
    /// half of it), not synced (a report of 150 MB would wait a tenth of a second or more on
    /// the disk, as a compiler's or a linter's output does not).
    Report,
}

/// Writes a file atomically: into a temporary file in the same folder, renamed over `path`
/// only once complete. A write that fails (a full disk, a file size limit) leaves the
/// previous file as it was, and the temporary file is removed.
pub(crate) fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    write_file(path, Keep::Durable, write)
}

/// How a file is written to `path`.
#[derive(Debug, PartialEq, Eq)]
enum Destination {
    /// A regular file, or none yet: written beside it and renamed over it once complete.
    Replace,
    /// A symbolic link, a device or a FIFO (`/dev/null`, `/dev/stdout`, a named pipe, a link
    /// to a report kept elsewhere): opened and written through, as a shell's `>` does, so that
    /// it stays what it is. A rename would put a regular file in its place: as root,
    /// `--output /dev/null` replaced the machine's `/dev/null`. Not atomic; a FIFO waits for
    /// its reader; the kernel follows the link (with its own checks on links in shared folders).
    Through,
}

/// The [`Destination`] of a file written to `path` (a folder is left to the rename, which
/// says why it cannot replace it).
fn destination(path: &Path) -> Destination {
    match std::fs::symlink_metadata(path) {
        Ok(m) if !m.is_file() && !m.is_dir() => Destination::Through,
        _ => Destination::Replace,
    }
}

/// Opens `path` to write through it ([`Destination::Through`]).
fn open_through(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)
}

/// [`write_atomic`], synced or not as `keep` says. What is not a regular file (a link, a
/// device, a FIFO) is written through (see [`Destination`]).
pub(crate) fn write_file(
    path: &Path,
    keep: Keep,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    if destination(path) == Destination::Through {
        let mut out = open_through(path)?;
        let mut w = Blocks::new(&mut out);
        write(&mut w)?;
        return w.flush();
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
    // The report keeps the permissions of the file it replaces (a new one: rw-r--r--).
    let permissions = std::fs::metadata(path).map(|m| m.permissions()).ok();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    let permissions = permissions.or_else(|| {
        use std::os::unix::fs::PermissionsExt;
        Some(std::fs::Permissions::from_mode(0o644))
    });
    if let Some(p) = permissions {
        builder.permissions(p);
    }
    let tmp = builder.tempfile_in(dir)?;
    let mut tmp = tmp;
    let mut w = Blocks::new(&mut tmp);
    write(&mut w)?;
    w.flush()?;
    drop(w);
    if keep == Keep::Durable {
        tmp.as_file().sync_all()?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A buffer that writes whole blocks of [`Blocks::SIZE`] bytes (the last one excepted).
/// `BufWriter` hands on whatever it holds when the next text does not fit, so its writes
/// start and end mid-page, and a file system such as ext4 clears the rest of each new page
/// before copying into it: for a report of 150 MB, as many bytes cleared as written. As
/// `BufWriter` does, what it holds is written when it is dropped (a report cut short by an
/// error still shows what was rendered before it); a block that could not be written is
/// dropped with its error, never written twice.
pub(crate) struct Blocks<W: std::io::Write> {
    inner: W,
    buf: Vec<u8>,
}

impl<W: std::io::Write> Blocks<W> {
    pub(crate) const SIZE: usize = 256 << 10;

    pub(crate) fn new(inner: W) -> Self {
        Self {
            inner,
            buf: Vec::new(),
        }
    }
}

impl<W: std::io::Write> Drop for Blocks<W> {
    fn drop(&mut self) {
        if !self.buf.is_empty() {
            // Nobody is left to tell of an error here: `flush` is how one is seen.
            let _ = self.inner.write_all(&self.buf);
        }
    }
}

impl<W: std::io::Write> Blocks<W> {
    /// Writes the held bytes; they are let go whether or not the write succeeds.
    fn write_held(&mut self) -> std::io::Result<()> {
        let held = std::mem::take(&mut self.buf);
        let result = self.inner.write_all(&held);
        self.buf = held;
        self.buf.clear();
        result
    }
}

impl<W: std::io::Write> std::io::Write for Blocks<W> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        let mut rest = data;
        while !rest.is_empty() {
            if self.buf.capacity() < Self::SIZE {
                self.buf.reserve_exact(Self::SIZE - self.buf.len());
            }
            let n = (Self::SIZE - self.buf.len()).min(rest.len());
            self.buf.extend_from_slice(&rest[..n]);
            rest = &rest[n..];
            if self.buf.len() == Self::SIZE {
                self.write_held()?;
            }
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.buf.is_empty() {
            self.write_held()?;
        }
        self.inner.flush()
    }
}

/// Writes a report to a file (atomically) or to standard output (buffered): no path, or `-`
/// as the usual name for it.
fn emit(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    match path.filter(|p| *p != Path::new("-")) {
        Some(path) => write_file(path, Keep::Report, write),
        None => {
            let mut w = Blocks::new(std::io::stdout().lock());
            write(&mut w)?;
            w.flush()
        }
    }
}

fn fail(message: &str) -> u8 {
    eprintln!("error: {message}");
    2
}

/// The rule set `rules` shows: the given or nearest configuration (its policies loaded), the
/// profile, the overrides.
fn effective(args: &RuleSetArgs) -> Result<Effective, String> {
    let layer = cli_layer(args);
    load_configuration(args.config.as_deref(), args.profile, &layer).map_err(|errs| joined(&errs))
}

fn joined(errs: &[rollcall_engine::InputError]) -> String {
    errs.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_destination_is_replaced_only_when_it_is_a_regular_file() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("report.json"), "old").unwrap();
        assert_eq!(destination(&d.join("report.json")), Destination::Replace);
        assert_eq!(destination(&d.join("new.json")), Destination::Replace);
        assert_eq!(destination(d), Destination::Replace);
        // A link, to a file or to none yet, and a device (or a link to one) are written
        // through.
        symlink("report.json", d.join("latest")).unwrap();
        symlink("missing.json", d.join("dangling")).unwrap();
        symlink("/dev/null", d.join("sink")).unwrap();
        for through in ["latest", "dangling", "sink"] {
            assert_eq!(
                destination(&d.join(through)),
                Destination::Through,
                "{through}"
            );
        }
        assert_eq!(destination(Path::new("/dev/null")), Destination::Through);
    }

    /// Records the size of each write it is handed.
    #[derive(Default)]
    struct Sizes(Vec<usize>, Vec<u8>);

    impl std::io::Write for Sizes {
        fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
            self.0.push(data.len());
            self.1.extend_from_slice(data);
            Ok(data.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn blocks_are_written_whole_and_every_byte_once() {
        let size = Blocks::<Sizes>::SIZE;
        let mut sizes = Sizes::default();
        let mut w = Blocks::new(&mut sizes);
        let mut want = Vec::new();
        // Texts of every size, some larger than a block.
        for (i, n) in [10, size - 3, 7, 2 * size + 1, 0, 5].iter().enumerate() {
            let text = vec![b'a' + u8::try_from(i).unwrap(); *n];
            w.write_all(&text).unwrap();
            want.extend_from_slice(&text);
        }
        w.flush().unwrap();
        drop(w);
        let (last, whole) = sizes.0.split_last().unwrap();
        assert!(whole.iter().all(|n| *n == size), "{:?}", sizes.0);
        assert_eq!(*last, want.len() % size);
        assert_eq!(sizes.1, want);
    }

    /// A writer whose first write fails.
    #[derive(Default)]
    struct FailsFirst(bool, Vec<u8>);

    impl std::io::Write for FailsFirst {
        fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
            if !self.0 {
                self.0 = true;
                return Err(std::io::Error::other("full"));
            }
            self.1.extend_from_slice(data);
            Ok(data.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// What is held is written when the buffer is dropped (a run cut short by an error still
    /// shows what came before it), and a block whose write failed is never written again.
    #[test]
    fn blocks_write_what_they_hold_when_dropped_and_a_failed_block_once() {
        let mut sizes = Sizes::default();
        Blocks::new(&mut sizes).write_all(b"rendered").unwrap();
        assert_eq!(sizes.1, b"rendered");
        let mut inner = FailsFirst::default();
        let mut w = Blocks::new(&mut inner);
        let block = vec![b'a'; Blocks::<Sizes>::SIZE];
        assert!(w.write_all(&block).is_err());
        w.write_all(b"after").unwrap();
        drop(w);
        assert_eq!(inner.1, b"after");
    }

    #[test]
    fn a_report_replaces_its_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        std::fs::write(&path, "old").unwrap();
        let big = "x".repeat(Blocks::<Sizes>::SIZE + 17);
        write_file(&path, Keep::Report, |w| w.write_all(big.as_bytes())).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), big);
        let failed = write_file(&path, Keep::Durable, |w| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(failed.is_err());
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            big,
            "the old report stays"
        );
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
    }
}
