//! Errors about inputs: plain, located data that every renderer can show.

use std::fmt;

/// An input that could not be read, parsed or accepted, with where and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// The path as given on the command line joined with the path below it.
    pub file: String,
    /// 1-based; 0 when the problem is the file as a whole (it cannot be opened).
    pub line: u32,
    pub column: u32,
    /// Characters to underline on that line.
    pub len: u32,
    pub message: String,
    pub help: Option<String>,
    /// A stable code for the kind of problem (`rollcall::syntax`, `rollcall::unknown-key`, ...).
    pub code: &'static str,
}

impl InputError {
    pub fn new(
        file: &str,
        line: u32,
        column: u32,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file: file.to_owned(),
            line,
            column,
            len: 1,
            message: message.into(),
            help: None,
            code,
        }
    }

    /// An error about a whole file (it cannot be opened or listed).
    pub fn file(file: &str, code: &'static str, message: impl Into<String>) -> Self {
        Self::new(file, 0, 0, code, message)
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn with_len(mut self, len: u32) -> Self {
        self.len = len.max(1);
        self
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.column, self.message
            )
        }
    }
}

/// A file that was looked at and is not an input, and why.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Skipped {
    pub file: String,
    pub reason: String,
}

/// The nearest of `candidates` to a misspelt `word`, if one is near enough to suggest.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (c, strsim::jaro_winkler(&word, &c.to_ascii_lowercase())))
        .filter(|(_, score)| *score >= 0.8)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| c)
}

/// A short reason for an I/O error, without the OS's error number.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "no such file or folder".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let s = e.to_string();
            s.split(" (os error").next().unwrap_or(&s).to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::suggest;

    #[test]
    fn suggests_near_keys_only() {
        let keys = ["contract_manager", "software_coordinators", "number"];
        assert_eq!(suggest("contract_manger", keys), Some("contract_manager"));
        assert_eq!(suggest("Numbr", keys), Some("number"));
        assert_eq!(suggest("colour", keys), None);
    }
}
