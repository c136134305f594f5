//! `rollcall convert`: a folder's account as a snapshot, or as the policies' input.

#[allow(clippy::wildcard_imports)]
use super::*;

pub fn convert(
    path: &std::path::PathBuf,
    as_of: Option<rollcall_engine::model::Day>,
    policy_input: bool,
) -> u8 {
    let today = as_of.unwrap_or_else(system_today);
    match rollcall_engine::convert::load_account(path, today) {
        Ok(account) => {
            let text = if policy_input {
                let today = account.as_of.as_ref().map_or(today, |d| d.value);
                rollcall_engine::policy::input_document(&account, today)
            } else {
                rollcall_engine::input::convert::to_snapshot_yaml(&account)
            };
            if write_out(&text) {
                0
            } else {
                2
            }
        }
        Err(errors) => {
            for e in errors {
                eprintln!("error: {e}");
                if let Some(h) = &e.help {
                    eprintln!("  help: {h}");
                }
            }
            2
        }
    }
}
