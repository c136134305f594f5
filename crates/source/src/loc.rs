//! A place in an input file, as reports and the configuration's waivers name it.

use crate::column_letters;

/// A place in an input file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    pub file: String,
    pub line: u32,
    pub column: u32,
    /// Characters to underline.
    pub len: u32,
    /// The sheet, when the file is a workbook (then `line` is the row, `column` the column).
    pub sheet: Option<String>,
}

impl Loc {
    /// `Users!E7` for a workbook cell.
    pub fn cell(&self) -> Option<String> {
        self.sheet
            .as_ref()
            .map(|s| format!("{s}!{}{}", column_letters(self.column), self.line))
    }
}
