//! Loading one folder's inputs into one account: the snapshot first, then each export (CSV
//! files and workbook sheets, in file order), merged into it.

use std::sync::Arc;

use rollcall_model::{Account, Directory, DirectorySource, FileId, SourceFile, SourceKind};

use crate::aliases::Aliases;
use crate::directory::{self, DirectoryRows};
use crate::exports::{find_header, read_export, recognise_with, ExportRows, Fragment};
use crate::merge::merge;
use crate::read::{read_bytes, read_text};
use crate::snapshot;
use crate::table::{decode_owned, for_each_row};
use crate::unit::{Input, InputKind, Unit};
use crate::workbook::read_workbook;
use rollcall_source::{column_letters, printable, InputError, Skipped, Sources};

/// How many rows of a sheet may come before its header (a filter or summary block).
const HEADER_SEARCH_ROWS: usize = 30;

/// What one folder gave.
#[derive(Debug, Default)]
pub struct Loaded {
    /// `None` when no input could be read.
    pub account: Option<Account>,
    pub errors: Vec<InputError>,
    pub skipped: Vec<Skipped>,
    /// The texts of the inputs, for renderers that quote them (empty when not kept).
    pub sources: Sources,
    /// Whether to keep `sources`: only the human output quotes them, and an export's text is
    /// as large as the export.
    keep_sources: bool,
}

impl Loaded {
    fn source(&mut self, display: &str, text: Arc<str>) {
        if self.keep_sources {
            self.sources.insert(display, shown(text));
        }
    }
}

fn next_id(account: &Account) -> FileId {
    FileId(u32::try_from(account.files.len()).unwrap_or(u32::MAX))
}

/// Reads every input of a folder. Errors are collected; the inputs that could be read still
/// make the account (the caller decides whether to audit a partial one).
pub fn load_unit(unit: &Unit, limit: u64) -> Loaded {
    load_unit_with(unit, limit, true)
}

/// [`load_unit`], keeping the inputs' texts only when `keep_sources`.
pub fn load_unit_with(unit: &Unit, limit: u64, keep_sources: bool) -> Loaded {
    load_unit_configured(unit, limit, keep_sources, &Aliases::default())
}

/// [`load_unit_with`], reading exports with a configuration's column and value aliases.
pub fn load_unit_configured(
    unit: &Unit,
    limit: u64,
    keep_sources: bool,
    aliases: &Aliases,
) -> Loaded {
    let mut out = Loaded {
        keep_sources,
        ..Loaded::default()
    };
    let mut account = Account {
        path: unit.dir.clone(),
        ..Account::default()
    };
    let mut name = None;
    let mut snapshot_id = None;
    let inputs = unit.inputs();
    let (snapshots, exports): (Vec<&Input>, Vec<&Input>) =
        inputs.iter().partition(|i| i.kind == InputKind::Snapshot);
    for (n, input) in snapshots.iter().enumerate() {
        if n > 0 {
            out.errors.push(
                InputError::file(
                    &input.display,
                    "rollcall::two-snapshots",
                    format!(
                        "a second snapshot in one folder (the first is {})",
                        snapshots[0].display
                    ),
                )
                .with_help("all inputs of a folder are one account: keep one snapshot per folder"),
            );
            continue;
        }
        let text: Arc<str> = match read_text(&input.path, &input.display, limit) {
            Ok(t) => Arc::from(t),
            Err(e) => {
                out.errors.push(e);
                continue;
            }
        };
        match snapshot::read(&text, &input.display, FileId(0)) {
            Ok(s) => {
                account = Account {
                    path: unit.dir.clone(),
                    files: Vec::new(),
                    ..s.account
                };
                account.files.push(SourceFile {
                    path: input.display.clone(),
                    kind: SourceKind::Snapshot,
                    sheet: None,
                });
                snapshot_id = Some(FileId(0));
                name = s.name;
            }
            Err(errors) => out.errors.extend(errors),
        }
        out.source(&input.display, text);
    }
    let mut fragments: Vec<Fragment> = Vec::new();
    let mut directories: Option<Directory> = None;
    for input in exports {
        let mut r = Reader {
            limit,
            aliases,
            account: &mut account,
            fragments: &mut fragments,
            directories: &mut directories,
            out: &mut out,
        };
        let read = match input.kind {
            InputKind::Workbook => r.workbook(input),
            _ => r.csv(input),
        };
        if let Err(e) = read {
            out.errors.extend(e);
        }
    }
    // One account whatever the order and the names of files and sheets: exports merge by
    // kind (what a usage report adds to a user is there whether the users export came first
    // or not), and files of one kind in the order of their content (which contract a seat
    // goes to, whose status counts first), names only breaking a tie of equal contents.
    fragments.sort_by(|a, b| {
        let path = |f: &Fragment| {
            account
                .file(f.file)
                .map(|s| (s.path.clone(), s.sheet.clone()))
        };
        (a.kind.rank(), a.fingerprint, path(a)).cmp(&(b.kind.rank(), b.fingerprint, path(b)))
    });
    for f in &mut fragments {
        for s in std::mem::take(&mut f.skipped) {
            account.rows_skipped.push(rollcall_model::RowsSkipped {
                file: f.file,
                reason: s.reason.to_owned(),
                count: s.count,
                first_line: s.first_line,
            });
        }
    }
    merge(&mut account, snapshot_id, fragments);
    account.directory = directories;
    // A directory export says what happened to the people an account names: alone in a
    // folder, it is no account.
    if !account.files.is_empty()
        && account
            .files
            .iter()
            .all(|f| f.kind == SourceKind::Directory)
    {
        for f in std::mem::take(&mut account.files) {
            out.skipped.push(Skipped {
                file: f.path,
                reason: "a directory export with no Autodesk input beside it".into(),
            });
        }
    }
    out.errors
        .sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    if !account.files.is_empty() {
        account.name = name.unwrap_or_else(|| unit.dir_name().to_owned());
        out.account = Some(account);
    }
    out
}

/// Adds a directory export (a file, or a sheet of a workbook) to the folder's directory.
fn add_directory(
    account: &mut Account,
    directories: &mut Option<Directory>,
    path: &str,
    sheet: Option<String>,
    directory: Directory,
) {
    if directory.rows_without_address > 0 {
        account.rows_skipped.push(rollcall_model::RowsSkipped {
            file: next_id(account),
            reason: "rows of a directory export that give no address".into(),
            count: usize::try_from(directory.rows_without_address).unwrap_or(usize::MAX),
            first_line: directory.first_without_address,
        });
    }
    if directory.rows_stating_nothing > 0 {
        account.rows_skipped.push(rollcall_model::RowsSkipped {
            file: next_id(account),
            reason: "rows of an HR leavers file that give no date and no status".into(),
            count: usize::try_from(directory.rows_stating_nothing).unwrap_or(usize::MAX),
            first_line: directory.first_stating_nothing,
        });
    }
    account.files.push(SourceFile {
        path: path.to_owned(),
        kind: SourceKind::Directory,
        sheet,
    });
    directories
        .get_or_insert_with(Directory::default)
        .extend(directory);
}

/// How far the reading of a CSV export got.
enum Reading<'d> {
    Header,
    Rows(Box<ExportRows<'d>>),
    Directory(Box<DirectoryRows<'d>>),
    MissingColumns(Vec<InputError>),
    NoExport,
}

/// What reading one export file needs and adds to.
struct Reader<'a> {
    limit: u64,
    aliases: &'a Aliases,
    account: &'a mut Account,
    fragments: &'a mut Vec<Fragment>,
    directories: &'a mut Option<Directory>,
    out: &'a mut Loaded,
}

impl Reader<'_> {
    fn csv(&mut self, input: &Input) -> Result<(), Vec<InputError>> {
        let bytes = read_bytes(&input.path, &input.display, self.limit).map_err(|e| vec![e])?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(vec![InputError::file(
                &input.display,
                "rollcall::empty",
                "the file is empty: an export has at least a header row",
            )]);
        }
        // Decoded in place; shared (copied into an `Arc`) only where a renderer quotes it.
        let text: String = decode_owned(bytes, &input.display).map_err(|e| vec![e])?;
        // Rows are streamed into the export reader: memory follows one row, not the whole
        // table.
        let id = next_id(self.account);
        let aliases = self.aliases;
        let mut state = Reading::Header;
        let mut first = true;
        for_each_row(&text, &input.display, |row| {
            if let Reading::Rows(r) = &mut state {
                r.row(row);
                return !r.over_budget();
            }
            if let Reading::Directory(r) = &mut state {
                r.row(row);
                return !r.over_budget();
            }
            // Entra ID writes `version:v1.0` above its header.
            if std::mem::take(&mut first) && directory::is_version_line(row) {
                return true;
            }
            // A directory header names columns no Autodesk export has: it is tried first.
            if let Some(source) = directory::recognise_with(row, aliases) {
                state = Reading::Directory(Box::new(DirectoryRows::with_aliases(
                    row,
                    source,
                    id,
                    &input.display,
                    aliases,
                )));
                return true;
            }
            // The first row is the header (a CSV export has no block above it).
            state = match recognise_with(row, aliases) {
                Some(kind) => match ExportRows::new(row, kind, id, &input.display, aliases) {
                    Ok(mut r) => {
                        r.expect_rows(text.bytes().filter(|b| *b == b'\n').count());
                        Reading::Rows(Box::new(r))
                    }
                    Err(e) => Reading::MissingColumns(e),
                },
                None => Reading::NoExport,
            };
            matches!(state, Reading::Rows(_))
        })
        .map_err(|e| vec![e])?;
        if let Reading::Directory(rows) = state {
            // Only the columns rollcall uses of a directory export may be shown.
            if self.out.keep_sources {
                let shown = directory::shown_text(&text, &rows.used_columns());
                self.out.source(&input.display, Arc::from(shown));
            }
            let directory = rows.finish()?;
            add_directory(
                self.account,
                self.directories,
                &input.display,
                None,
                directory,
            );
            return Ok(());
        }
        if self.out.keep_sources {
            self.out.source(&input.display, Arc::from(text.as_str()));
        }
        let rows = match state {
            Reading::Rows(rows) => rows,
            Reading::MissingColumns(errors) => return Err(errors),
            Reading::Header | Reading::NoExport | Reading::Directory(_) => {
                self.out.skipped.push(Skipped {
                    file: input.display.clone(),
                    reason: "header matches no Autodesk export".into(),
                });
                return Ok(());
            }
        };
        let kind = rows.kind();
        let mut fragment = rows.finish()?;
        fragment.fingerprint = crate::exports::fingerprint(text.lines().map(str::trim_end));
        self.account.files.push(SourceFile {
            path: input.display.clone(),
            kind: kind.source_kind(),
            sheet: None,
        });
        self.fragments.push(fragment);
        Ok(())
    }

    fn workbook(&mut self, input: &Input) -> Result<(), Vec<InputError>> {
        let bytes = read_bytes(&input.path, &input.display, self.limit).map_err(|e| vec![e])?;
        let mut sheets = read_workbook(bytes, &input.display).map_err(|e| vec![e])?;
        // Sheets in name order: a workbook whose sheets are reordered is the same account.
        sheets.sort_by(|a, b| a.0.cmp(&b.0));
        let mut errors = Vec::new();
        for (sheet, table) in sheets {
            if let Some((header, source)) = directory_sheet(&table, self.aliases) {
                let id = next_id(self.account);
                match directory::read_directory_with(
                    &table,
                    header,
                    source,
                    id,
                    &input.display,
                    self.aliases,
                ) {
                    Ok(d) => {
                        add_directory(
                            self.account,
                            self.directories,
                            &input.display,
                            Some(sheet),
                            d,
                        );
                    }
                    Err(errs) => errors.extend(errs.into_iter().map(|e| in_sheet(&sheet, e))),
                }
                continue;
            }
            let Some((header, kind)) = find_header(&table, HEADER_SEARCH_ROWS, self.aliases) else {
                self.out.skipped.push(Skipped {
                    file: input.display.clone(),
                    reason: format!("sheet `{sheet}`: header matches no Autodesk export"),
                });
                continue;
            };
            let id = next_id(self.account);
            match read_export(&table, header, kind, id, &input.display, self.aliases) {
                Ok(mut f) => {
                    f.fingerprint = crate::exports::fingerprint(
                        table.rows.iter().flatten().map(|c| c.text.as_str()),
                    );
                    self.account.files.push(SourceFile {
                        path: input.display.clone(),
                        kind: kind.source_kind(),
                        sheet: Some(sheet),
                    });
                    self.fragments.push(f);
                }
                Err(errs) => errors.extend(errs.into_iter().map(|e| in_sheet(&sheet, e))),
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// A source's text as renderers show it: the text itself, or a printable copy where it holds
/// control characters (one copy of a file in memory, not two).
fn shown(text: Arc<str>) -> Arc<str> {
    if needs_printable(&text) {
        Arc::from(printable(&text))
    } else {
        text
    }
}

/// Whether a text holds characters that [`printable`] replaces: control characters other
/// than line breaks and tabs.
fn needs_printable(text: &str) -> bool {
    rollcall_source::has_control(text, b"\n\r\t")
}

/// A sheet's directory header and source, where it is a directory export: its directory
/// header comes no later than any Autodesk export header.
fn directory_sheet(
    table: &crate::table::Table,
    aliases: &Aliases,
) -> Option<(usize, DirectorySource)> {
    directory::find_header_with(table, HEADER_SEARCH_ROWS, aliases).filter(|(d, _)| {
        find_header(table, HEADER_SEARCH_ROWS, aliases).is_none_or(|(e, _)| *d <= e)
    })
}

/// A sheet's error, its message naming the sheet and cell (`Leavers!C5: ...`).
fn in_sheet(sheet: &str, mut e: InputError) -> InputError {
    if e.line > 0 {
        e.message = format!(
            "{sheet}!{}{}: {}",
            column_letters(e.column),
            e.line,
            e.message
        );
    }
    e
}
