//! Loading one folder's inputs into one account: the snapshot, and the exports merged into it.

use std::sync::Arc;

use rollcall_model::{Account, FileId, SourceFile, SourceKind};

use crate::discover::{InputKind, Unit};
use crate::error::{InputError, Skipped};
use crate::snapshot;
use crate::source::{read_text, Sources};

/// What one folder gave.
#[derive(Debug, Default)]
pub struct Loaded {
    /// `None` when no input could be read.
    pub account: Option<Account>,
    pub errors: Vec<InputError>,
    pub skipped: Vec<Skipped>,
    pub sources: Sources,
}

/// Reads every input of a folder. Errors are collected; the inputs that could be read still
/// make the account (the caller decides whether to audit a partial one).
pub fn load_unit(unit: &Unit) -> Loaded {
    let mut out = Loaded::default();
    let mut account = Account {
        path: unit.dir.clone(),
        ..Account::default()
    };
    let mut name = None;
    let mut snapshot_seen: Option<&str> = None;
    for input in &unit.inputs {
        match input.kind {
            InputKind::Snapshot => {
                if let Some(first) = snapshot_seen {
                    out.errors.push(
                        InputError::file(
                            &input.display,
                            "rollcall::two-snapshots",
                            format!("a second snapshot in one folder (the first is {first})"),
                        )
                        .with_help(
                            "all inputs of a folder are one account: keep one snapshot per folder",
                        ),
                    );
                    continue;
                }
                snapshot_seen = Some(&input.display);
                let text = match read_text(&input.path, &input.display) {
                    Ok(t) => t,
                    Err(e) => {
                        out.errors.push(e);
                        continue;
                    }
                };
                let file = FileId(u32::try_from(account.files.len()).unwrap_or(u32::MAX));
                match snapshot::read(&text, &input.display, file) {
                    Ok(s) => {
                        let files = std::mem::take(&mut account.files);
                        account = Account {
                            path: unit.dir.clone(),
                            files,
                            ..s.account
                        };
                        account.files.push(SourceFile {
                            path: input.display.clone(),
                            kind: SourceKind::Snapshot,
                        });
                        name = s.name;
                    }
                    Err(errors) => out.errors.extend(errors),
                }
                out.sources.insert(&input.display, Arc::from(text));
            }
            InputKind::Table | InputKind::Workbook => {
                out.skipped.push(Skipped {
                    file: input.display.clone(),
                    reason: "Autodesk Account exports are not read by this build".into(),
                });
            }
        }
    }
    out.errors
        .sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    if !account.files.is_empty() {
        account.name = name.unwrap_or_else(|| unit.dir_name.clone());
        out.account = Some(account);
    }
    out
}
