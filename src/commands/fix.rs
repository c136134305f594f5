//! `rollcall fix`: audits as `check` does, hands each audited account to the plan
//! (`rollcall-fix`) and writes the plan's files under the output folder, and nowhere else.

use std::path::{Path, PathBuf};

use rollcall_engine::report::render::human;
use rollcall_engine::{run_visiting, system_today, Audited, Settings};
use rollcall_fix::render::Summary;

use crate::FixArgs;

/// The folder of an account's plan, relative to the output folder: the account's folder
/// relative to the one PATH it came from (`""` when PATH is the account's folder or one of its
/// files); with several PATHs, the account's folder as displayed. Never `..`, never absolute.
pub fn folder_of(account_path: &str, paths: &[PathBuf]) -> String {
    let clean = |s: &str| {
        s.split('/')
            .filter(|c| !c.is_empty() && *c != "." && *c != "..")
            .collect::<Vec<_>>()
            .join("/")
    };
    if let [path] = paths {
        let given = path.to_string_lossy().replace('\\', "/");
        let given = given.trim_end_matches('/');
        if account_path == given || given.starts_with(&format!("{account_path}/")) {
            return String::new();
        }
        if given == "." {
            return clean(account_path);
        }
        if let Some(rest) = account_path.strip_prefix(&format!("{given}/")) {
            return clean(rest);
        }
    }
    clean(account_path)
}

/// Writes one file of a plan as every report is written ([`super::write_file`]): renamed over
/// the old one once complete, so that a reader never sees half a plan (not synced: a
/// portfolio's plans are tens of thousands of files), or written through a link or device.
fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    super::write_file(&dir.join(name), super::Keep::Report, |w| w.write_all(bytes))
}

/// Writes one plan's files into `dir`, and removes the import files an earlier plan left there
/// that this one does not write.
fn write_plan(dir: &Path, files: &[(String, Vec<u8>)]) -> std::io::Result<()> {
    let existed = dir.is_dir();
    std::fs::create_dir_all(dir)?;
    for (name, bytes) in files {
        write_file(dir, name, bytes)?;
    }
    if !existed {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let import =
            (name.starts_with("invite") || name.starts_with("assign-")) && name.ends_with(".csv");
        if import && !files.iter().any(|(n, _)| *n == name) && entry.file_type()?.is_file() {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

pub fn fix(args: &FixArgs) -> u8 {
    let settings = Settings {
        config: args.rule_set.config.clone(),
        profile: args.rule_set.profile,
        cli: crate::commands::cli_layer(&args.rule_set),
        // Errors are printed as `file:line:column: message`; keeping every input's text for
        // excerpts would cost a portfolio's worth of memory and time.
        keep_sources: false,
        ..Settings::new(args.as_of.unwrap_or_else(system_today))
    };
    let out = &args.output_dir;
    if let Err(e) = std::fs::create_dir_all(out) {
        eprintln!("error: cannot create {}: {e}", out.display());
        return 2;
    }
    let style = human::Style {
        color: false,
        show_waived: false,
    };
    let visit = |a: &Audited<'_>| {
        let prices = a.config.prices.as_ref();
        let price =
            |product: &str| prices.and_then(|p| p.of(product, &a.config.options.collections));
        let plan = rollcall_fix::plan(&rollcall_fix::Input {
            account: a.account,
            diagnostics: &a.report.diagnostics,
            today: a.today,
            options: &a.config.options,
            pricing: prices.map(|p| rollcall_fix::Pricing {
                currency: &p.currency,
                of: &price,
            }),
        });
        let folder = folder_of(&a.account.path, &args.paths);
        let mut files = rollcall_fix::render::files(&plan);
        // The directory exports beside the planned snapshot (a snapshot carries none).
        let mut copied = Ok(());
        for path in plan.directory_files() {
            let name = Path::new(path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned());
            match (name, std::fs::read(path)) {
                (Some(name), Ok(bytes)) => files.push((name, bytes)),
                (_, Err(e)) => copied = Err(format!("cannot copy {path}: {e}")),
                (None, Ok(_)) => {}
            }
        }
        let written = copied.and_then(|()| {
            write_plan(&out.join(&folder), &files)
                .map_err(|e| format!("cannot write the plan of {}: {e}", a.account.name))
        });
        (Summary::of(&plan, &folder), written)
    };
    let (report, plans) = run_visiting(
        &args.paths,
        &settings,
        &|unit, sources| {
            if unit.errors.is_empty() {
                String::new()
            } else {
                human::render_unit(unit, sources, style)
            }
        },
        &|_, _| {},
        &visit,
    );
    let mut status = 0;
    for e in &report.errors {
        eprintln!("error: {e}");
        if let Some(h) = &e.help {
            eprintln!("  help: {h}");
        }
        status = 2;
    }
    let mut summaries = Vec::new();
    let mut failed = Vec::new();
    for (unit, plan) in report.units.iter().zip(plans) {
        let rendered = unit
            .parts
            .text(rollcall_engine::report::render::Format::Human);
        if !rendered.is_empty() {
            eprint!("{rendered}");
        }
        if !unit.errors.is_empty() {
            status = 2;
            failed.push(
                unit.account
                    .as_ref()
                    .map(|a| a.path.clone())
                    .or_else(|| unit.errors.first().map(|e| e.file.clone()))
                    .unwrap_or_default(),
            );
        }
        if let Some((summary, written)) = plan {
            if let Err(e) = written {
                eprintln!("error: {e}");
                status = 2;
            }
            summaries.push(summary);
        }
    }
    let readme = rollcall_fix::render::portfolio(&summaries, &failed);
    if let Err(e) = write_file(out, "README.md", readme.as_bytes()) {
        eprintln!(
            "error: cannot write {}: {e}",
            out.join("README.md").display()
        );
        return 2;
    }
    let actions: usize = summaries.iter().map(|s| s.actions).sum();
    let choices: usize = summaries.iter().map(|s| s.choices).sum();
    println!(
        "wrote {} plan(s) to {}: {actions} action(s), {choices} choice(s); see {}",
        summaries.len(),
        out.display(),
        out.join("README.md").display()
    );
    status
}

#[cfg(test)]
mod tests {
    use super::folder_of;
    use std::path::PathBuf;

    #[test]
    fn plan_folders_are_relative_to_the_path_and_stay_inside() {
        let one = |p: &str| vec![PathBuf::from(p)];
        assert_eq!(
            folder_of("fixtures/demo/acme", &one("fixtures/demo")),
            "acme"
        );
        assert_eq!(
            folder_of("fixtures/demo/acme", &one("fixtures/demo/")),
            "acme"
        );
        assert_eq!(
            folder_of("fixtures/demo/acme", &one("fixtures/demo/acme")),
            ""
        );
        assert_eq!(
            folder_of(
                "fixtures/demo/acme",
                &one("fixtures/demo/acme/account.yaml")
            ),
            ""
        );
        assert_eq!(folder_of("./acme", &one(".")), "acme");
        assert_eq!(folder_of("../x/acme", &one("/elsewhere")), "x/acme");
        let two = vec![PathBuf::from("a/acme"), PathBuf::from("b/acme")];
        assert_eq!(folder_of("a/acme", &two), "a/acme");
        assert_eq!(folder_of("/abs/b/acme", &two), "abs/b/acme");
    }
}
