//! The plain data that the readers fill and the renderers read, kept below both (as ruff keeps
//! `ruff_source_file`): located input errors, the texts of an account's files, and the names of
//! workbook cells. No I/O here.

mod cell;
mod error;
mod loc;
mod text;

pub use cell::column_letters;
pub use error::{io_reason, suggest, InputError, Skipped};
pub use loc::Loc;
pub use text::{byte_span, has_control, printable, SourceText, Sources};
