//! `rollcall rules` and `rollcall explain`: the rules in force and a rule's manual.

#[allow(clippy::wildcard_imports)]
use super::*;
use rollcall_engine::rules::{OptionValue, OPTIONS};

pub fn rules(args: &RulesArgs) -> u8 {
    let eff = match effective(&args.rule_set) {
        Ok(e) => e,
        Err(message) => return fail(&message),
    };
    let level = |r| eff.level(r).map_or("off", Severity::as_str);
    let text = match args.format {
        ListFormat::Json => {
            let rows: Vec<serde_json::Value> = eff
                .rules()
                .map(|r| {
                    serde_json::json!({
                        "code": r.code,
                        "name": r.name,
                        "group": r.group.as_str(),
                        "severity": level(r),
                        "default_severity": r.severity.as_str(),
                        "summary": r.summary,
                        "since": r.since,
                    })
                })
                .collect();
            let doc = serde_json::json!({
                "rules": rows,
                "options": OPTIONS
                    .iter()
                    .map(|o| {
                        let v = match (o.get)(&eff.options) {
                            OptionValue::Whole(n) => serde_json::json!(n),
                            OptionValue::Decimal(d) => serde_json::json!(d),
                        };
                        (o.key.to_owned(), v)
                    })
                    .collect::<serde_json::Map<_, _>>(),
                "collections": {
                    "checked": rollcall_engine::config::collections_checked(),
                    "collections": eff.options.collections.iter().map(|c| serde_json::json!({
                        "name": c.names[0],
                        "aliases": &c.names[1..],
                        "covers": c.covers,
                    })).collect::<Vec<_>>(),
                },
            });
            let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
            s.push('\n');
            s
        }
        ListFormat::Human => {
            let mut s = String::new();
            // Custom ids may be longer than the catalog's five characters.
            let w = eff.rules().map(|r| r.code.len()).max().unwrap_or(5).max(6);
            let _ = writeln!(
                s,
                "{:<w$} {:<36} {:<12} {:<8} summary",
                "code", "name", "group", "severity"
            );
            for r in eff.rules() {
                let _ = writeln!(
                    s,
                    "{:<w$} {:<36} {:<12} {:<8} {}",
                    r.code,
                    r.name,
                    r.group.as_str(),
                    level(r),
                    r.summary
                );
            }
            let o = &eff.options;
            // Four options a line, as `key = value`.
            let shown: Vec<String> = OPTIONS
                .iter()
                .map(|spec| format!("{} = {}", spec.key, (spec.get)(o)))
                .collect();
            let lines: Vec<String> = shown.chunks(4).map(|c| c.join(", ")).collect();
            let _ = writeln!(s, "\noptions: {}", lines.join(",\n         "));
            let _ = writeln!(
                s,
                "collections (checked {}): {}",
                rollcall_engine::config::collections_checked(),
                o.collections
                    .iter()
                    .map(|c| c.names[0].as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            );
            s
        }
    };
    if write_out(&text) {
        0
    } else {
        2
    }
}

pub fn explain(key: &str, config: Option<&Path>) -> u8 {
    // A built-in rule needs no configuration; a custom one is found in the policies of the
    // given or nearest configuration.
    let custom: Vec<&'static rollcall_engine::rules::RuleMeta> = if find_rule(key).is_some() {
        Vec::new()
    } else {
        match load_configuration(config, None, &Layer::default()) {
            Ok(eff) => eff.custom().collect(),
            Err(errs) => return fail(&joined(&errs)),
        }
    };
    let custom_hit = custom.iter().copied().find(|r| {
        r.code.eq_ignore_ascii_case(key.trim()) || r.name.eq_ignore_ascii_case(key.trim())
    });
    let Some(rule) = find_rule(key).or(custom_hit) else {
        let names = all_rules()
            .chain(custom.iter().copied())
            .flat_map(|r| [r.code, r.name]);
        let near = rollcall_engine::source::suggest(key, names);
        return fail(&match near {
            Some(n) => format!("unknown rule `{key}`; did you mean `{n}`?"),
            None => format!("unknown rule `{key}`; `rollcall rules` lists them"),
        });
    };
    let mut text = rule.manual();
    let _ = writeln!(
        text,
        "\n### Metadata\n- code: {}\n- name: {}\n- group: {}\n- default severity: {}\n- since: {}",
        rule.code,
        rule.name,
        rule.group.as_str(),
        rule.severity,
        rule.since
    );
    if write_out(&text) {
        0
    } else {
        2
    }
}
