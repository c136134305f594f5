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

/// Writes a report file atomically: into a temporary file in the same folder, renamed over
/// `path` only once complete. A write that fails (a full disk, a file size limit) leaves the
/// previous file as it was, and the temporary file is removed.
pub(crate) fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
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
    let mut w = std::io::BufWriter::new(tmp);
    write(&mut w)?;
    let tmp = w
        .into_inner()
        .map_err(std::io::IntoInnerError::into_error)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Writes a report to a file (atomically) or to standard output (buffered).
fn emit(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    match path {
        Some(path) => write_atomic(path, write),
        None => {
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
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
