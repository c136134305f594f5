use super::*;

#[test]
fn selectors_name_rules_prefixes_and_groups() {
    let r301 = find_rule("RC301").unwrap();
    assert!(Selector::parse("seats").unwrap().matches(r301));
    assert!(Selector::parse("RC3").unwrap().matches(r301));
    assert!(Selector::parse("unassigned-seats").unwrap().matches(r301));
    assert!(!Selector::parse("RC1").unwrap().matches(r301));
    assert!(Selector::parse("RC7").is_err());
    assert_eq!(
        Selector::parse("unasigned-seats").map(|_| ()).unwrap_err(),
        "unknown rule `unasigned-seats`; did you mean `unassigned-seats`?"
    );
}

#[test]
fn globs_match_whole_values() {
    assert!(Pattern::new("1100*").matches("110040000001"));
    assert!(Pattern::new("*@Acme.example").matches("jane@acme.example"));
    assert!(!Pattern::new("1100").matches("110040000001"));
    assert!(Pattern::new("*").matches(""));
    assert!(Pattern::new("a*b*c").matches("aXXbYYc"));
    assert!(!Pattern::new("a*b*c").matches("aXXbYY"));
}

#[test]
fn every_profile_reads_and_resolves() {
    for p in PROFILES {
        let f = read_config(p.text, p.name).unwrap_or_else(|e| panic!("{}: {e:?}", p.name));
        assert!(f.extends.is_none() && f.waivers.is_empty(), "{}", p.name);
    }
    let renewal = resolve(None, profile("pre-renewal"), &Layer::default()).unwrap();
    assert_eq!(renewal.options.renewal_days, 120);
    assert_eq!(
        renewal.level(find_rule("RC401").unwrap()),
        Some(Severity::Error)
    );
    let compliance = resolve(None, profile("compliance"), &Layer::default()).unwrap();
    assert_eq!(
        compliance.level(find_rule("RC101").unwrap()),
        Some(Severity::Error)
    );
}

#[test]
fn layers_select_ignore_and_override() {
    let f = read_config(
        "select: [roles, RC301]\nignore: [RC105]\nseverity:\n  RC101: error\n  RC301: off\n",
        "c",
    )
    .unwrap();
    let eff = resolve(Some((&f, "c")), None, &Layer::default()).unwrap();
    assert_eq!(
        eff.level(find_rule("RC101").unwrap()),
        Some(Severity::Error)
    );
    assert_eq!(eff.level(find_rule("RC105").unwrap()), None);
    assert_eq!(eff.level(find_rule("RC301").unwrap()), None);
    assert_eq!(eff.level(find_rule("RC401").unwrap()), None);
    assert_eq!(
        eff.level(find_rule("RC106").unwrap()),
        Some(Severity::Warning)
    );
}

#[test]
fn mistakes_are_located_with_suggestions() {
    let src = "selct: [RC101]\nseverity:\n  RC101: eror\noptions:\n  invite_days: 0\nwaivers:\n  - rule: RC1O1\n    reason: x\n  - rule: RC101\n";
    let errs = read_config(src, "rollcall.yaml").unwrap_err();
    let got: Vec<(u32, u32, &str)> = errs
        .iter()
        .map(|e| (e.line, e.column, e.message.as_str()))
        .collect();
    assert_eq!(
        got[0],
        (
            1,
            1,
            "unknown key `selct` in the configuration; did you mean `select`?"
        )
    );
    assert_eq!((got[1].0, got[1].1), (3, 10));
    assert!(errs[1].help.as_deref().unwrap().contains("error"));
    assert_eq!((got[2].0, got[2].1), (5, 16));
    assert_eq!((got[3].0, got[3].1), (7, 11));
    assert!(got[3].2.contains("did you mean `RC101`"), "{}", got[3].2);
    assert_eq!((got[4].0, got[4].2), (9, "a waiver needs a `reason`"));
}

#[test]
fn the_built_in_catalog_reads_cleanly() {
    let catalog = read_catalog(COLLECTIONS, "collections.yaml").unwrap();
    assert_eq!(catalog.len(), 3);
    assert_eq!(builtin_collections(), catalog.as_slice());
    assert!(catalog[0].names.iter().any(|n| n == "AEC Collection"));
    assert!(catalog[1]
        .covers
        .iter()
        .any(|p| p == "Inventor Professional"));
    assert_eq!(collections_checked(), "2026-11-01");
}

#[test]
fn a_configuration_extends_the_catalog() {
    let src = "collections:\n  - name: aec  collection\n    covers: [Twinmotion, Revit]\n  - name: Water Bundle\n    aliases: WB\n    covers: [InfoWater Pro]\n";
    let file = read_config(src, "rollcall.yaml").unwrap();
    let eff = resolve(Some((&file, "rollcall.yaml")), None, &Layer::default()).unwrap();
    let c = &eff.options.collections;
    assert_eq!(c.len(), 4);
    assert!(c[0].covers.iter().any(|p| p == "Twinmotion"));
    assert_eq!(c[0].covers.iter().filter(|p| *p == "Revit").count(), 1);
    assert_eq!(c[3].names, ["Water Bundle", "WB"]);
    let bad = read_config("collections:\n  - covers: [X]\n    nme: Y\n", "c.yaml").unwrap_err();
    assert_eq!(bad.len(), 2, "{bad:?}");
    assert!(bad[0].message.contains("did you mean `name`"), "{bad:?}");
    assert!(
        bad[1].message.contains("missing the required key `name`"),
        "{bad:?}"
    );
}

#[test]
fn ignore_wins_over_a_group_severity_in_one_layer() {
    let file = read_config("ignore: [RC307]\nseverity:\n  seats: error\n", "c.yaml").unwrap();
    let eff = resolve(Some((&file, "c.yaml")), None, &Layer::default()).unwrap();
    assert_eq!(eff.level(find_rule("RC307").unwrap()), None);
    assert_eq!(
        eff.level(find_rule("RC306").unwrap()),
        Some(Severity::Error)
    );
    // A later layer may name it again.
    let cli = Layer {
        severity: vec![(Selector::parse("RC307").unwrap(), Some(Severity::Info))],
        ..Layer::default()
    };
    let eff = resolve(Some((&file, "c.yaml")), None, &cli).unwrap();
    assert_eq!(eff.level(find_rule("RC307").unwrap()), Some(Severity::Info));
}

#[test]
fn new_options_are_range_checked_and_the_expiry_follows_the_invitation() {
    let src = "options:\n  unused_days: -1\n  occasional_days: 0\n  pool_days: 400\n  max_renewal_months: 13\n";
    let errs = read_config(src, "c.yaml").unwrap_err();
    let lines: Vec<u32> = errs.iter().map(|e| e.line).collect();
    assert_eq!(lines, [2, 3, 4, 5], "{errs:?}");
    let file = read_config(
        "options:\n  invite_days: 30\n  invite_expiry_days: 30\n",
        "c.yaml",
    )
    .unwrap();
    let err = resolve(Some((&file, "c.yaml")), None, &Layer::default()).unwrap_err();
    assert_eq!((err[0].line, err[0].column), (3, 23), "{err:?}");
    let file = read_config("options:\n  invite_days: 120\n", "c.yaml").unwrap();
    let err = resolve(Some((&file, "c.yaml")), None, &Layer::default()).unwrap_err();
    assert_eq!(err[0].line, 2, "{err:?}");
    assert!(
        err[0]
            .message
            .contains("(90) must be above `invite_days` (120)"),
        "{err:?}"
    );
}

#[test]
fn prices_read_cents_and_find_collections_by_any_name() {
    let file = read_config(
        "prices:\n  currency: EUR\n  per_seat_year:\n    aec collection: 3900.5\n    Revit: 3000\n",
        "c.yaml",
    )
    .unwrap();
    let eff = resolve(Some((&file, "c.yaml")), None, &Layer::default()).unwrap();
    let p = eff.prices.unwrap();
    assert_eq!(p.of("REVIT", &eff.options.collections), Some(300_000));
    assert_eq!(
        p.of(
            "Architecture Engineering and Construction Collection",
            &eff.options.collections
        ),
        Some(390_050)
    );
    assert_eq!(p.of("AutoCAD", &eff.options.collections), None);
    assert_eq!(cents("12.5"), Some(1250));
    assert_eq!(cents("12.345"), None);
    assert_eq!(cents("-1"), None);
    assert_eq!(cents("1e3"), None);
}

#[test]
fn the_finder_answers_as_a_walk_up_would() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for d in ["p/a/x", "p/b", "p/c/y/z"] {
        std::fs::create_dir_all(root.join(d)).unwrap();
    }
    std::fs::write(root.join("p/rollcall.yaml"), "").unwrap();
    std::fs::write(root.join("p/c/.rollcall.yml"), "").unwrap();
    let walk_up = |d: &str| {
        absolute(&root.join(d))
            .ancestors()
            .flat_map(|a| CONFIG_NAMES.iter().map(move |n| a.join(n)))
            .find(|p| p.is_file())
    };
    let mut plain = ConfigFinder::default();
    let mut walked = ConfigFinder::with_walk(
        [root.join("p")],
        [root.join("p/rollcall.yaml"), root.join("p/c/.rollcall.yml")],
    );
    for d in ["p/a/x", "p/b", "p/c/y/z", "p/c", "p", "p/a/x"] {
        let want = walk_up(d);
        assert_eq!(plain.find(&root.join(d)), want, "{d}");
        assert_eq!(walked.find(&root.join(d)), want, "{d} (walked)");
    }
    assert!(walk_up("p/c/y/z").unwrap().ends_with("p/c/.rollcall.yml"));
}
