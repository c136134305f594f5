//! Benchmark tooling for rollcall, not part of the shipped CLI.
//!
//! - `rollcall-corpus generate --customers N --seed S --out DIR` writes a realistic,
//!   deterministic portfolio: heavy-tailed customer sizes, 1-12 contracts, teams, seats, usage,
//!   a share of every rule's situation; half of the customers as snapshots, half as exports
//!   (`--snapshots-only`: every customer a snapshot, its users as flow mappings).
//! - `rollcall-corpus parse-only [--keep-sources] DIR...` reads and parses every input with
//!   rollcall's own readers (discovery, snapshot, CSV and workbook readers, merge) and nothing
//!   else: the baseline that `check` is measured against. It reads as `check --format json`
//!   does; with `--keep-sources` it also keeps each input's text and line index, as human
//!   output needs (the baseline's way before the JSON run stopped keeping them).

use rollcall_corpus::generate;

use std::path::PathBuf;
use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!("usage: rollcall-corpus generate --customers N [--seed S] [--snapshots-only] --out DIR\n       rollcall-corpus parse-only [--keep-sources] DIR...");
    ExitCode::from(2)
}

/// jemalloc on Linux, as rollcall's binary has it (see docs/performance.md).
#[cfg(target_os = "linux")]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("generate") => {
            let mut customers = None;
            let mut seed = 1u64;
            let mut out = None;
            let mut snapshots_only = false;
            let mut it = args[1..].iter();
            while let Some(flag) = it.next() {
                if flag == "--snapshots-only" {
                    snapshots_only = true;
                    continue;
                }
                let value = it.next();
                match (flag.as_str(), value) {
                    ("--customers", Some(v)) => customers = v.parse::<usize>().ok(),
                    ("--seed", Some(v)) => seed = v.parse().unwrap_or(1),
                    ("--out", Some(v)) => out = Some(PathBuf::from(v)),
                    _ => return usage(),
                }
            }
            let (Some(customers), Some(out)) = (customers, out) else {
                return usage();
            };
            match generate::portfolio_of(customers, seed, &out, snapshots_only) {
                Ok(stats) => {
                    println!("{stats}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Some("parse-only") if args.len() > 1 => {
            let keep_sources = args[1] == "--keep-sources";
            let paths: Vec<PathBuf> = args[1 + usize::from(keep_sources)..]
                .iter()
                .map(PathBuf::from)
                .collect();
            if paths.is_empty() {
                return usage();
            }
            let (accounts, errors) = parse_only(&paths, keep_sources);
            println!("parsed {accounts} accounts ({errors} input errors)");
            ExitCode::SUCCESS
        }
        _ => usage(),
    }
}

/// Discovery and loading only, in parallel like `check`; the inputs' texts kept with
/// `keep_sources`.
fn parse_only(paths: &[PathBuf], keep_sources: bool) -> (usize, usize) {
    use rayon::prelude::*;
    let discovery = rollcall_engine::discover::discover(paths);
    let limit = rollcall_engine::input::MAX_FILE_BYTES;
    discovery
        .units
        .iter()
        .par_bridge()
        .map(|unit| match unit {
            Ok(unit) => {
                let loaded = rollcall_engine::input::load_unit_with(&unit, limit, keep_sources);
                (usize::from(loaded.account.is_some()), loaded.errors.len())
            }
            Err(_) => (0, 1),
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
}
