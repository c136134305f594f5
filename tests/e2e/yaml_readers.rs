//! The two YAML readers agree on real files: every YAML file in the repository and every
//! snapshot of a generated portfolio reads the same with the fast reader as with saphyr-parser,
//! and the fast reader does read the snapshots rollcall writes and generates (so that the
//! comparison, and the speed, are not empty promises). The fast reader's own differential
//! tests, on random and damaged documents, are in `crates/input/src/yaml/fast/tests.rs`.

use std::path::Path;

use rollcall_engine::input::yaml;

fn yaml_files(root: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_type().is_file()
                && e.path()
                    .extension()
                    .is_some_and(|x| x == "yaml" || x == "yml")
        })
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    files
}

/// Reads `src` both ways; true if the fast reader read it.
fn same_both_ways(src: &str, what: &str) -> bool {
    let general = yaml::parse_general(src);
    match yaml::parse_fast(src) {
        Some(fast) => {
            assert_eq!(Ok(&fast), general.as_ref(), "{what}");
            true
        }
        None => {
            // Whatever the fast reader leaves, `parse` reads as the general reader does.
            assert_eq!(yaml::parse(src), general, "{what}");
            false
        }
    }
}

#[test]
fn every_yaml_file_in_the_repository_reads_the_same_both_ways() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (mut files, mut fast) = (0, 0);
    for dir in ["fixtures", "rules", "docs", ".github", "schemas"] {
        for path in yaml_files(&root.join(dir)) {
            let Ok(src) = std::fs::read_to_string(&path) else {
                continue;
            };
            files += 1;
            if same_both_ways(&src, &path.display().to_string()) {
                fast += 1;
            }
        }
    }
    assert!(files > 50, "{files} files");
    // The fixtures hold hostile and exotic YAML on purpose; the rest is plain.
    assert!(
        fast * 10 >= files * 8,
        "the fast reader read {fast} of {files}"
    );
    // The demo's snapshots are the style users copy.
    for path in yaml_files(&root.join("fixtures/demo")) {
        let src = std::fs::read_to_string(&path).unwrap();
        if path.file_name().is_some_and(|n| n == "account.yaml") {
            assert!(yaml::parse_fast(&src).is_some(), "{}", path.display());
        }
    }
}

#[test]
fn generated_snapshots_are_read_by_the_fast_reader_and_read_the_same() {
    for snapshots_only in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        rollcall_corpus::generate::portfolio_of(300, 7, dir.path(), snapshots_only).unwrap();
        let files = yaml_files(dir.path());
        assert!(files.len() >= 150, "{}", files.len());
        for path in files {
            let src = std::fs::read_to_string(&path).unwrap();
            assert!(
                same_both_ways(&src, &path.display().to_string()),
                "the fast reader left {}",
                path.display()
            );
        }
    }
    let (snapshot, _) = rollcall_corpus::generate::account_of_size(8000, 3);
    assert!(same_both_ways(&snapshot, "8,000 users"));
}
