//! `--redact`: every email address and personal name in the output replaced by a stable
//! pseudonym, so that a report can be shared without personal data.
//!
//! Pseudonyms have the length of what they replace, so that the underlines of the human
//! output still sit under their values; they are derived from a hash of the original, so the
//! same person gets the same pseudonym everywhere in a report (and across runs). An address
//! keeps its domain: the customer's domain is no personal data, and RC105's findings about
//! outside domains stay readable.

use crate::render::sarif::fingerprint;

const LETTERS: &[u8; 26] = b"abcdefghijklmnopqrstuvwxyz";

/// `len` letters derived from `seed`.
fn letters(seed: &str, len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut round = 0u32;
    while out.len() < len {
        let h = fingerprint(&[seed, &round.to_string()]);
        for pair in h.as_bytes().chunks(2) {
            if out.len() == len {
                break;
            }
            let v = pair.iter().fold(0usize, |acc, b| {
                acc * 16 + usize::from(char::from(*b).to_digit(16).unwrap_or(0) as u8)
            });
            out.push(char::from(LETTERS[v % 26]));
        }
        round += 1;
    }
    out
}

/// `#` too: a guest's user principal name in a directory export (`jo_partner.example#EXT#@...`)
/// is an address, and its local part names the guest.
fn is_email_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-' | '\'' | '#')
}

/// Replaces the local part of every email address in `text`. Linear in the text.
pub fn emails(text: &str) -> String {
    if !text.contains('@') {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '@' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        // The local part is what was just written, back to the last non-address character.
        let local_len = out.iter().rev().take_while(|c| is_email_char(**c)).count();
        let domain_len = chars[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
            .count();
        if local_len == 0 || domain_len == 0 {
            out.push('@');
            i += 1;
            continue;
        }
        let keep = out.len() - local_len;
        let local: String = out[keep..].iter().collect();
        let domain: String = chars[i + 1..i + 1 + domain_len].iter().collect();
        let seed = format!("{}@{}", local.to_lowercase(), domain.to_lowercase());
        out.truncate(keep);
        out.extend(letters(&seed, local_len).chars());
        out.push('@');
        out.extend(domain.chars());
        i += 1 + domain_len;
    }
    out.into_iter().collect()
}

/// Replaces each of `names` by a pseudonym of the same length: a whole name wherever it stands
/// as words; a first or last name alone only where it fills a cell (between delimiters, quotes
/// or line ends), as exports write names, so that a company named after its founder keeps its
/// name in prose.
pub fn names(text: &str, names: &[String]) -> String {
    let mut whole: Vec<&str> = names
        .iter()
        .map(|n| n.trim())
        .filter(|n| n.chars().count() >= 2)
        .collect();
    whole.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    whole.dedup();
    let mut parts: Vec<&str> = names
        .iter()
        .filter(|n| n.contains(' '))
        .flat_map(|n| n.split_whitespace())
        .filter(|w| w.chars().count() >= 2)
        .collect();
    parts.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    parts.dedup();
    let mut out = text.to_owned();
    for name in whole {
        out = replace_bounded(&out, name, |c| !c.is_alphanumeric());
    }
    for part in parts {
        out = replace_bounded(&out, part, |c| {
            matches!(c, ',' | ';' | '\t' | '"' | '\n' | '\r')
        });
    }
    out
}

fn pseudonym(name: &str) -> String {
    name.split(' ')
        .map(|part| {
            let p = letters(
                &format!("name:{}", part.to_lowercase()),
                part.chars().count(),
            );
            if part.starts_with(char::is_uppercase) {
                p[..1].to_uppercase() + &p[1..]
            } else {
                p
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Replaces `word` (any case) where the characters around it (or the text's ends) pass
/// `boundary`.
fn replace_bounded(text: &str, word: &str, boundary: impl Fn(char) -> bool) -> String {
    let lower_text = text.to_lowercase();
    let lower_word = word.to_lowercase();
    if lower_text.len() != text.len()
        || lower_word.len() != word.len()
        || !lower_text.contains(&lower_word)
    {
        return text.to_owned();
    }
    let replacement = pseudonym(word);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (at, _) in lower_text.match_indices(&lower_word) {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        if at < last || !before.is_none_or(&boundary) || !after.is_none_or(&boundary) {
            continue;
        }
        out.push_str(&text[last..at]);
        out.push_str(&replacement);
        last = at + word.len();
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_keep_length_domain_and_identity() {
        let text = "CM `jane.doe@acme.example` and JANE.DOE@acme.example, not @home or a@";
        let r = emails(text);
        assert_eq!(r.chars().count(), text.chars().count());
        assert!(!r.contains("jane.doe"), "{r}");
        let parts: Vec<&str> = r.split('`').collect();
        let first = parts[1];
        assert!(first.ends_with("@acme.example"));
        assert!(
            r.contains(&format!("and {first},")),
            "same person, same pseudonym: {r}"
        );
        assert!(r.ends_with("not @home or a@"));
    }

    #[test]
    fn a_guest_upn_is_redacted_whole() {
        let upn = "jo.osei_review.example#EXT#@acme.onmicrosoft.example";
        let out = emails(&format!("{upn},True"));
        assert_eq!(out.len(), upn.len() + 5);
        assert!(!out.contains("osei") && !out.contains("EXT"), "{out}");
        assert!(out.ends_with("@acme.onmicrosoft.example,True"));
    }

    #[test]
    fn names_are_replaced_as_whole_names_and_as_cells() {
        let t = "name: Jane Doe\nx@y.example,Jane,Doe,User\nDoe & Partners; Janet stays";
        let r = names(t, &["Jane Doe".to_owned()]);
        assert!(
            !r.contains("Jane Doe") && !r.contains(",Jane,") && !r.contains(",Doe,"),
            "{r}"
        );
        assert!(
            r.contains("Doe & Partners") && r.contains("Janet stays"),
            "{r}"
        );
        assert_eq!(r.chars().count(), t.chars().count());
    }
}
