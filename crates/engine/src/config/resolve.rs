//! Resolving a file (or none), its profile and the command line into the configuration a
//! run uses, with the checks that span layers.

#[allow(clippy::wildcard_imports)]
use super::*;

/// Resolves a configuration file (or none) and the command line's layer into settings.
pub fn resolve(
    file: Option<(&ConfigFile, &str)>,
    profile_override: Option<&Profile>,
    cli: &Layer,
) -> Result<Effective, Vec<InputError>> {
    resolve_with(file, None, profile_override, cli)
}

/// As [`resolve`], with the policies the file's `policies:` named.
pub fn resolve_with(
    file: Option<(&ConfigFile, &str)>,
    policies: Option<Arc<PolicySet>>,
    profile_override: Option<&Profile>,
    cli: &Layer,
) -> Result<Effective, Vec<InputError>> {
    let mut eff = Effective::default();
    if let Some(set) = policies {
        eff.add_policies(set);
    }
    let base = profile_override
        .or_else(|| file.and_then(|(f, _)| f.extends))
        .unwrap_or(&PROFILES[0]);
    let base_file = read_config(base.text, &format!("<profile {}>", base.name))?;
    eff.apply_to(&base_file.layer, false);
    // A rule the command line names by an id that no policy here defines is a mistake, not a
    // rule that happens to be quiet.
    let named = cli
        .select
        .iter()
        .flatten()
        .chain(&cli.ignore)
        .chain(cli.severity.iter().map(|(s, _)| s));
    for sel in named {
        if let Selector::Named(n) = sel {
            if !eff.custom().any(|r| sel.matches(r)) {
                let at = file.map_or("<command line>", |(_, p)| p);
                let near = suggest(n, eff.rules().flat_map(|r| [r.code, r.name]));
                return Err(vec![InputError::file(
                    at,
                    "rollcall::config",
                    match near {
                        Some(m) => format!("the command line names the rule `{n}`, which no built-in rule or policy of this configuration defines; did you mean `{m}`?"),
                        None => format!("the command line names the rule `{n}`, which no built-in rule or policy of this configuration defines"),
                    },
                )
                .with_help("custom rules are defined by the policies that `policies:` lists in rollcall.yaml")]);
            }
        }
    }
    if let Some((f, path)) = file {
        eff.apply(&f.layer);
        eff.waivers.clone_from(&f.waivers);
        eff.source = Some(path.to_owned());
    }
    eff.apply(cli);
    if let Some((f, path)) = file {
        forbidden_waivers(&eff, f, path, base)?;
    }
    let o = &eff.options;
    if o.invite_expiry_days <= o.invite_days {
        let (at, key) = file
            .and_then(|(f, p)| {
                f.layer
                    .option_at("invite_expiry_days")
                    .map(|a| (a, "invite_expiry_days"))
                    .or(f.layer.option_at("invite_days").map(|a| (a, "invite_days")))
                    .map(|(a, k)| ((a, p), k))
            })
            .unwrap_or(((Pos::default(), "<options>"), "invite_expiry_days"));
        return Err(vec![InputError::new(
            at.1,
            at.0.line,
            at.0.column,
            "rollcall::config",
            format!(
                "`invite_expiry_days` ({}) must be above `invite_days` ({}): an invitation is stale before it expires",
                o.invite_expiry_days, o.invite_days
            ),
        )
        .with_len(at.0.len)
        .with_help(format!("`{key}` is set here; raise `invite_expiry_days` or lower `invite_days`"))]);
    }
    // The policies see the options in force, as `data.rollcall.options`.
    if let Some(set) = eff.policies.as_mut() {
        Arc::make_mut(set).set_options(&eff.options);
    }
    Ok(eff)
}
