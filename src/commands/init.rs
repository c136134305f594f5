//! `rollcall init`: a commented starter configuration.

#[allow(clippy::wildcard_imports)]
use super::*;

pub fn init(path: &Path, force: bool) -> u8 {
    if path.exists() && !force {
        return fail(&format!(
            "{} already exists; use --force to overwrite it",
            path.display()
        ));
    }
    if let Err(e) = std::fs::write(path, STARTER) {
        return fail(&format!("cannot write {}: {e}", path.display()));
    }
    println!("wrote {}", path.display());
    0
}
