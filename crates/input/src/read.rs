//! Reading input files: bytes within a size limit, and UTF-8 text with located encoding errors.

use rollcall_source::{io_reason, InputError};
use std::path::Path;

/// Files larger than this are refused rather than read (256 MiB).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Reads a file as UTF-8 text (a byte order mark is dropped). Invalid UTF-8 is an error at the
/// line and column of the first bad byte.
pub fn read_text(path: &Path, display: &str, limit: u64) -> Result<String, InputError> {
    let bytes = read_bytes(path, display, limit)?;
    text_from_utf8(bytes, display)
}

/// Reads at most `limit` bytes: a larger file is an error, even one that grows while read.
pub fn read_bytes(path: &Path, display: &str, limit: u64) -> Result<Vec<u8>, InputError> {
    use std::io::Read;
    let io = |e: &std::io::Error| {
        InputError::file(
            display,
            "rollcall::io",
            format!("cannot read: {}", io_reason(e)),
        )
    };
    let too_big = |size: u64| {
        InputError::file(
            display,
            "rollcall::too-large",
            format!("the file is {size} bytes or more, over the limit of {limit}"),
        )
        .with_help("raise the limit with --max-file-size if the file is genuine")
    };
    let file = std::fs::File::open(path).map_err(|e| io(&e))?;
    let meta = file.metadata().map_err(|e| io(&e))?;
    if meta.is_dir() {
        return Err(InputError::file(
            display,
            "rollcall::io",
            "is a folder, not a file",
        ));
    }
    if meta.len() > limit {
        return Err(too_big(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| io(&e))?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

pub fn text_from_utf8(mut bytes: Vec<u8>, display: &str) -> Result<String, InputError> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
        InputError::new(
            display,
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(column).unwrap_or(u32::MAX),
            "rollcall::encoding",
            "the file is not valid UTF-8 text",
        )
        .with_help("save the file as UTF-8")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_located() {
        let err = text_from_utf8(b"a: 1\nb: \xff\n".to_vec(), "f.yaml").unwrap_err();
        assert_eq!((err.line, err.column), (2, 4));
        assert_eq!(text_from_utf8(b"\xEF\xBB\xBFa".to_vec(), "f").unwrap(), "a");
    }
}
