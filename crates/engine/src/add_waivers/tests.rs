//! The text edit of `--add-waivers`: every byte of the file outside the added lines kept.

use super::{insert, NewWaiver, WaiverText};
use crate::config::read_config;

fn waiver(rule: &str, account: &str, user: Option<&str>) -> NewWaiver {
    NewWaiver {
        rule: rule.to_owned(),
        account: account.to_owned(),
        contract: Some("110001234567".to_owned()),
        team: None,
        product: None,
        user: user.map(str::to_owned),
    }
}

fn text() -> WaiverText {
    WaiverText {
        reason: "accepted at the Q3 review".to_owned(),
        expires: rollcall_model::Day::parse_iso("2027-01-31"),
        owner: Some("it@reseller.example".to_owned()),
    }
}

/// The added text is one run of whole lines: the file is `before + added + after` where
/// `before + after` is the original.
fn added_lines(original: &str, edited: &str) -> String {
    let common_prefix = original
        .bytes()
        .zip(edited.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    // Back to the start of a line.
    let start = original[..common_prefix].rfind('\n').map_or(0, |i| i + 1);
    let tail = &original[start..];
    assert!(
        edited.ends_with(tail),
        "the rest of the file changed:\n{edited}"
    );
    assert!(edited.starts_with(&original[..start]));
    edited[start..edited.len() - tail.len()].to_owned()
}

const DEMO: &str = include_str!("../../../../fixtures/demo/rollcall.yaml");

#[test]
fn the_demo_configuration_keeps_every_byte_and_gains_the_waivers_after_its_list() {
    let w = [
        waiver(
            "RC101",
            "Acme Engineering Ltd",
            Some("jane.doe@acme.example"),
        ),
        waiver("RC401", "Keller + Partner Architekten AG", None),
    ];
    let edited = insert(DEMO, "rollcall.yaml", &w, &text()).unwrap();
    let added = added_lines(DEMO, &edited);
    assert_eq!(
        added,
        "  - rule: RC101\n    account: \"Acme Engineering Ltd\"\n    contract: \"110001234567\"\n    user: \"jane.doe@acme.example\"\n    reason: \"accepted at the Q3 review\"\n    expires: 2027-01-31\n    owner: \"it@reseller.example\"\n  - rule: RC401\n    account: \"Keller + Partner Architekten AG\"\n    contract: \"110001234567\"\n    reason: \"accepted at the Q3 review\"\n    expires: 2027-01-31\n    owner: \"it@reseller.example\"\n"
    );
    // Right after the existing waiver, before the comment that introduces `prices:`.
    let at = edited.find("  - rule: RC101").unwrap();
    assert!(edited[..at].ends_with("    owner: compliance@cadpartner.example\n"));
    let read = read_config(&edited, "rollcall.yaml").unwrap();
    assert_eq!(read.waivers.len(), 3);
    let w1 = &read.waivers[1];
    assert_eq!(w1.rule.code, "RC101");
    assert!(w1.matches(
        w1.rule,
        "Acme Engineering Ltd",
        &rollcall_rules::Subject {
            contract: Some("110001234567".into()),
            team: None,
            product: None,
            user: Some("jane.doe@acme.example".into()),
        }
    ));
    assert!(!w1.matches(
        w1.rule,
        "Acme Engineering",
        &rollcall_rules::Subject {
            contract: Some("110001234567".into()),
            user: Some("jane.doe@acme.example".into()),
            ..Default::default()
        }
    ));
    assert!(
        read.layer.prices.is_some(),
        "the rest of the file still reads"
    );
}

#[test]
fn a_file_without_waivers_gains_the_key_at_its_end() {
    let src = "# ours\nextends: compliance   # the auditor's choice\n\nselect: [ALL]\n";
    let edited = insert(src, "r.yaml", &[waiver("RC101", "A", None)], &text()).unwrap();
    assert!(edited.starts_with(src));
    assert!(edited[src.len()..].starts_with("waivers:\n  - rule: RC101\n    account: \"A\"\n"));
    assert_eq!(read_config(&edited, "r.yaml").unwrap().waivers.len(), 1);
    // No final line break: one is added, nothing else changes.
    let bare = "extends: default";
    let edited = insert(bare, "r.yaml", &[waiver("RC101", "A", None)], &text()).unwrap();
    assert!(edited.starts_with("extends: default\nwaivers:\n  - rule: RC101\n"));
    // An empty file.
    let edited = insert("", "r.yaml", &[waiver("RC101", "A", None)], &text()).unwrap();
    assert!(edited.starts_with("waivers:\n  - rule: RC101\n"));
}

#[test]
fn an_empty_or_flow_waivers_key_and_other_layouts() {
    let w = [waiver("RC102", "B", None)];
    // `waivers:` with nothing: the items go below it, the comment after it stays.
    let src =
        "waivers:   # none yet\n# prices next\nprices:\n  currency: EUR\n  per_seat_year: {}\n";
    let edited = insert(src, "r.yaml", &w, &text()).unwrap();
    assert!(edited.starts_with("waivers:   # none yet\n  - rule: RC102\n"));
    assert!(edited.ends_with("# prices next\nprices:\n  currency: EUR\n  per_seat_year: {}\n"));
    assert_eq!(read_config(&edited, "r.yaml").unwrap().waivers.len(), 1);
    // `waivers: []`: the brackets go.
    let edited = insert("waivers: []\nselect: [ALL]\n", "r.yaml", &w, &text()).unwrap();
    assert!(
        edited.starts_with("waivers:\n  - rule: RC102\n"),
        "{edited}"
    );
    assert!(edited.ends_with("select: [ALL]\n"));
    // A list at the key's own indentation, with CRLF line ends, last in the file.
    let src = "waivers:\r\n- rule: RC101\r\n  reason: x\r\n";
    let edited = insert(src, "r.yaml", &w, &text()).unwrap();
    assert!(edited.starts_with(src));
    assert!(
        edited[src.len()..].starts_with("- rule: RC102\r\n  account: \"B\"\r\n"),
        "{edited:?}"
    );
    assert_eq!(read_config(&edited, "r.yaml").unwrap().waivers.len(), 2);
    // A non-empty flow list is not rewritten.
    let e = insert(
        "waivers: [{rule: RC101, reason: x}]\n",
        "r.yaml",
        &w,
        &text(),
    )
    .unwrap_err();
    assert_eq!((e[0].line, e[0].column), (1, 10));
}

#[test]
fn values_that_yaml_would_misread_are_quoted() {
    let w = [NewWaiver {
        rule: "RC101".into(),
        account: "No: \"quoted\" # not a comment".into(),
        contract: Some("0012".into()),
        team: Some("@team".into()),
        product: None,
        user: None,
    }];
    let edited = insert("extends: default\n", "r.yaml", &w, &text()).unwrap();
    let read = read_config(&edited, "r.yaml").unwrap();
    let got = &read.waivers[0];
    assert!(got.matches(
        got.rule,
        "No: \"quoted\" # not a comment",
        &rollcall_rules::Subject {
            contract: Some("0012".into()),
            team: Some("@team".into()),
            ..Default::default()
        }
    ));
}

#[test]
fn the_starter_configuration_loses_only_its_empty_brackets() {
    let starter = include_str!("../../../../src/starter.yaml");
    let edited = insert(
        starter,
        "rollcall.yaml",
        &[waiver("RC101", "A", None)],
        &text(),
    )
    .unwrap();
    let at = starter.find("waivers: []\n").unwrap();
    let after = at + "waivers: []\n".len();
    let added = "  - rule: RC101\n    account: \"A\"\n    contract: \"110001234567\"\n    reason: \"accepted at the Q3 review\"\n    expires: 2027-01-31\n    owner: \"it@reseller.example\"\n";
    assert_eq!(
        edited,
        format!("{}waivers:\n{added}{}", &starter[..at], &starter[after..])
    );
    assert_eq!(
        read_config(&edited, "rollcall.yaml").unwrap().waivers.len(),
        1
    );
}
