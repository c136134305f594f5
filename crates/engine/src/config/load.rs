//! Loading a configuration: the file read, its policies loaded and compiled, layered on its
//! profile and under the command line's layer.

#[allow(clippy::wildcard_imports)]
use super::*;

use std::path::PathBuf;

use rollcall_input::read::read_text;
use rollcall_input::MAX_FILE_BYTES;

/// One configuration in force, and where it came from.
pub(crate) struct Resolved {
    pub(crate) effective: Effective,
    /// The file, as found (none: no configuration file is in force).
    pub(crate) path: Option<PathBuf>,
    pub(crate) source: Option<(String, Arc<str>)>,
}

/// The settings of one configuration file (or of none): read, its policies loaded, layered on
/// its profile and under the command line's layer. `display` is the file as messages show it.
pub(crate) fn configuration(
    path: Option<&Path>,
    display: Option<String>,
    profile: Option<&'static Profile>,
    cli: &Layer,
) -> Result<Resolved, Vec<InputError>> {
    let (Some(path), Some(display)) = (path, display) else {
        let effective = resolve(None, profile, cli)?;
        return Ok(Resolved {
            effective,
            path: None,
            source: None,
        });
    };
    let text = read_text(path, &display, MAX_FILE_BYTES).map_err(|e| vec![e])?;
    let (entries, mode) = policy_entries(&text, &display)?;
    let policies = if entries.is_empty() {
        None
    } else {
        Some(Arc::new(load_policies(path, &display, &entries, mode)?))
    };
    let custom: Vec<&'static rollcall_rules::RuleMeta> =
        policies.iter().flat_map(|p| p.rules()).collect();
    let file = read_config_with(&text, &display, &custom)?;
    let mut effective = resolve_with(Some((&file, &display)), policies, profile, cli)?;
    effective.history = file
        .history
        .as_ref()
        .map(|(dir, _)| path.parent().unwrap_or(Path::new(".")).join(dir));
    Ok(Resolved {
        effective,
        path: None,
        source: Some((display, Arc::from(text))),
    })
}

/// The settings `rollcall rules`, `explain` and `test` work with: the given configuration
/// file, else the nearest one above the working folder, else none.
pub fn load_configuration(
    path: Option<&Path>,
    profile: Option<&'static Profile>,
    cli: &Layer,
) -> Result<Effective, Vec<InputError>> {
    let found = match path {
        Some(p) => Some(p.to_path_buf()),
        None => find_config(Path::new(".")),
    };
    let display = found.as_deref().map(display_path);
    configuration(found.as_deref(), display, profile, cli).map(|r| r.effective)
}

/// Reads and compiles the policies a configuration file lists: files, or folders searched for
/// `.rego` files (in name order). A path that names nothing is an error at its entry.
pub fn load_policies(
    config_path: &Path,
    config_display: &str,
    entries: &[(String, rollcall_input::yaml::Pos)],
    mode: PolicyErrors,
) -> Result<PolicySet, Vec<InputError>> {
    let base = config_path.parent().unwrap_or(Path::new("."));
    let mut errors = Vec::new();
    let mut paths: Vec<PathBuf> = Vec::new();
    for (entry, pos) in entries {
        let at = base.join(entry);
        let located = |message: String| {
            InputError::new(
                config_display,
                pos.line,
                pos.column,
                "rollcall::config",
                message,
            )
            .with_len(pos.len)
        };
        if at.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(&at)
                .follow_links(false)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| {
                    e.file_type().is_file()
                        && e.path()
                            .extension()
                            .is_some_and(|x| x.eq_ignore_ascii_case("rego"))
                })
                .map(walkdir::DirEntry::into_path)
                .collect();
            found.sort();
            if found.is_empty() {
                errors.push(located(format!(
                    "the policy folder `{entry}` holds no `.rego` file"
                )));
            }
            paths.extend(found);
        } else if at.is_file() {
            paths.push(at);
        } else {
            errors.push(
                located(format!("the policy path `{entry}` names no file or folder")).with_help(
                    "policy paths are relative to the folder of this configuration file",
                ),
            );
        }
    }
    paths.dedup();
    let mut files = Vec::with_capacity(paths.len());
    for p in &paths {
        let display = display_path(&absolute(p));
        match read_text(p, &display, rollcall_policy::MAX_POLICY_BYTES) {
            Ok(text) => files.push((display, text)),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    PolicySet::load(&files, mode == PolicyErrors::Lenient)
}

/// A path for messages: relative to the working folder when below it.
pub(crate) fn display_path(path: &Path) -> String {
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    shown.to_string_lossy().replace('\\', "/")
}
