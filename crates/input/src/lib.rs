//! rollcall's readers: files to [`rollcall_model::Account`], and the account back to snapshot
//! text.
//!
//! Bytes and encodings ([`read`], [`table`]), the spanned YAML tree ([`yaml`]), the snapshot
//! reader ([`snapshot`]), Autodesk Account exports in CSV ([`exports`]) and workbooks
//! ([`workbook`]), the merge of one folder's inputs ([`merge`], driven by [`load`]), and the
//! account-to-snapshot writer ([`convert`]). Nothing here knows rules or reports.

pub mod aliases;
pub mod convert;
pub mod directory;
pub mod exports;
pub mod load;
pub mod merge;
pub mod read;
pub mod snapshot;
pub mod table;
pub mod tree;
mod unit;
pub mod workbook;
pub mod yaml;

pub use aliases::Aliases;
pub use load::{load_unit, load_unit_configured, load_unit_with, Loaded};
pub use read::MAX_FILE_BYTES;
pub use unit::{Input, InputKind, Unit};
