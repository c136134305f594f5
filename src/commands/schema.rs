//! `rollcall schema`, `completions` and `man`: what editors and shells read.

#[allow(clippy::wildcard_imports)]
use super::*;

/// `rollcall schema account|config`: the JSON Schema (draft-07) of a snapshot or a
/// configuration, for editors' YAML language servers.
pub fn schema(which: crate::SchemaKind) -> u8 {
    let text = match which {
        crate::SchemaKind::Account => include_str!("../../schemas/account.schema.json"),
        crate::SchemaKind::Config => include_str!("../../schemas/config.schema.json"),
    };
    if write_out(text) {
        0
    } else {
        2
    }
}

/// `rollcall completions SHELL`: a completion script from the command-line definitions.
pub fn completions(shell: clap_complete::Shell) -> u8 {
    let mut cmd = <crate::Cli as clap::CommandFactory>::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "rollcall", &mut out);
    if write_out(&String::from_utf8_lossy(&out)) {
        0
    } else {
        2
    }
}

/// `rollcall man`: the man page (roff), from the same definitions.
pub fn man() -> u8 {
    let cmd = <crate::Cli as clap::CommandFactory>::command();
    let mut out = Vec::new();
    if clap_mangen::Man::new(cmd).render(&mut out).is_err() {
        return fail("cannot render the man page");
    }
    if write_out(&String::from_utf8_lossy(&out)) {
        0
    } else {
        2
    }
}
