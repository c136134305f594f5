//! Finding the configuration in force for a folder: the nearest `rollcall.yaml` at or above
//! it, each folder looked up once.

#[allow(clippy::wildcard_imports)]
use super::*;

/// The names a configuration file may have, in the order they are looked for.
pub const CONFIG_NAMES: [&str; 4] = [
    "rollcall.yaml",
    ".rollcall.yaml",
    "rollcall.yml",
    ".rollcall.yml",
];

/// The nearest configuration file at or above a folder, as ruff finds `ruff.toml`.
pub fn find_config(dir: &Path) -> Option<std::path::PathBuf> {
    ConfigFinder::default().find(dir)
}

/// A path made absolute without asking the file system (no `readlink` per component): joined
/// to the working folder. A path with `..` is canonicalised, since its parent is not lexical.
pub fn absolute(path: &Path) -> std::path::PathBuf {
    // The working folder is asked once per run, not once per customer.
    static CWD: std::sync::OnceLock<Option<std::path::PathBuf>> = std::sync::OnceLock::new();
    let has_parent_dir = path
        .components()
        .any(|c| matches!(c, std::path::Component::ParentDir));
    if has_parent_dir {
        if let Ok(p) = path.canonicalize() {
            return p;
        }
    }
    let abs = match CWD.get_or_init(|| std::env::current_dir().ok()) {
        Some(cwd) if path.is_relative() => cwd.join(path),
        _ => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
    };
    // `absolute` keeps `.` components out already; a trailing `.` of "." itself is dropped.
    abs.components().collect()
}

/// Answers a [`ConfigFinder`] keeps at most.
const CACHE: usize = 4096;

/// Finds the nearest configuration of many folders, looking each folder up once: a folder's
/// answer is cached for every folder below it (a few thousand answers at most). Inside the folders a walk has listed, the walk
/// already says where configuration files are, so no file is looked for there at all.
#[derive(Debug, Default)]
pub struct ConfigFinder {
    cache: HashMap<std::path::PathBuf, Option<std::path::PathBuf>>,
    /// Folders walked in full (absolute), and the configuration files the walk met in them.
    walked: Vec<std::path::PathBuf>,
    seen: std::collections::HashSet<std::path::PathBuf>,
}

impl ConfigFinder {
    /// A finder that trusts a walk of `roots`, which met the configuration files `seen`.
    pub fn with_walk(
        roots: impl IntoIterator<Item = std::path::PathBuf>,
        seen: impl IntoIterator<Item = std::path::PathBuf>,
    ) -> Self {
        Self {
            cache: HashMap::new(),
            walked: roots.into_iter().map(|r| absolute(&r)).collect(),
            seen: seen.into_iter().map(|p| absolute(&p)).collect(),
        }
    }

    pub fn find(&mut self, dir: &Path) -> Option<std::path::PathBuf> {
        let dir = absolute(dir);
        self.find_absolute(&dir)
    }

    fn find_absolute(&mut self, dir: &Path) -> Option<std::path::PathBuf> {
        if let Some(hit) = self.cache.get(dir) {
            return hit.clone();
        }
        let walked = self.walked.iter().any(|r| dir.starts_with(r));
        let here = CONFIG_NAMES.iter().map(|n| dir.join(n)).find(|p| {
            if walked {
                self.seen.contains(p)
            } else {
                p.is_file()
            }
        });
        let found = match here {
            Some(p) => Some(p),
            None => dir.parent().and_then(|parent| self.find_absolute(parent)),
        };
        // Bounded: a portfolio's folders come in walk order, so the answers still needed are
        // those of the last few folders' ancestors, and any other is found again cheaply.
        if self.cache.len() >= CACHE {
            self.cache.clear();
        }
        self.cache.insert(dir.to_path_buf(), found.clone());
        found
    }
}
