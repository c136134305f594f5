//! `rollcall convert`, the pipeline's part: find and load the one account of a folder; the
//! writer ([`rollcall_input::convert::to_snapshot_yaml`]) turns it into snapshot text.

use std::path::PathBuf;

use rollcall_input::{load_unit_configured, Aliases, MAX_FILE_BYTES};
use rollcall_model::{Account, Day};
use rollcall_source::InputError;

use crate::discover::discover;

/// Loads the one account under `path`. A usage report's `days_inactive` is settled into
/// `last_active` against the account's `as_of`, else `today`.
pub fn load_account(path: &PathBuf, today: Day) -> Result<Account, Vec<InputError>> {
    let discovery = discover(std::slice::from_ref(path));
    if !discovery.errors.is_empty() {
        return Err(discovery.errors);
    }
    let shown = path.to_string_lossy();
    let units = discovery.units.into_vec().map_err(|e| {
        vec![InputError::file(
            &shown,
            "rollcall::io",
            format!("cannot read: {e}"),
        )]
    })?;
    let [unit] = units.as_slice() else {
        let n = units.len();
        let why = if n == 0 {
            "holds no account input".to_owned()
        } else {
            format!("holds {n} accounts; convert takes one account folder")
        };
        return Err(vec![InputError::file(&shown, "rollcall::convert", why)]);
    };
    let aliases = export_aliases(unit.real_dir())?;
    let loaded = load_unit_configured(unit, MAX_FILE_BYTES, false, &aliases);
    if !loaded.errors.is_empty() {
        return Err(loaded.errors);
    }
    let mut account = loaded.account.ok_or_else(|| {
        vec![InputError::file(
            &shown,
            "rollcall::convert",
            "holds no readable account input",
        )]
    })?;
    let today = account.as_of.as_ref().map_or(today, |d| d.value);
    account.settle_inactivity(today);
    Ok(account)
}

/// The export aliases of the configuration `check` would use for a folder (none without one):
/// a folder whose exports need them converts as it is audited.
fn export_aliases(dir: &std::path::Path) -> Result<Aliases, Vec<InputError>> {
    let Some(path) = crate::config::find_config(dir) else {
        return Ok(Aliases::default());
    };
    let shown = path.to_string_lossy().replace('\\', "/");
    let text =
        rollcall_input::read::read_text(&path, &shown, MAX_FILE_BYTES).map_err(|e| vec![e])?;
    // A configuration `check` would refuse (a custom rule's id that only its policies define,
    // say) still lends its aliases where they read; `check` reports its errors.
    Ok(crate::config::read_config(&text, &shown)
        .map(|f| f.layer.exports)
        .unwrap_or_default())
}
