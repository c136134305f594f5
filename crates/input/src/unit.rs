//! What the readers are given: the input files of one folder, which form one account.

use std::path::PathBuf;

/// What a file is, judged from its name (exports are confirmed by their header later).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    Snapshot,
    /// A `.csv` (or, named on the command line, any non-YAML file).
    Table,
    /// An `.xlsx` workbook.
    Workbook,
}

/// One input file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    /// Where to read it.
    pub path: PathBuf,
    /// How to name it: the path as given joined with the path below it, `/`-separated.
    pub display: String,
    pub kind: InputKind,
}

/// The inputs of one folder: one account.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Unit {
    /// The folder, as displayed (`.` for the current one).
    pub dir: String,
    /// Its last path component, the account's default name.
    pub dir_name: String,
    /// The folder on disk (where configuration is looked for).
    pub real_dir: PathBuf,
    pub inputs: Vec<Input>,
}
