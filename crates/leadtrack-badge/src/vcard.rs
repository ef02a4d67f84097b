//! vCard 2.1, 3.0 and 4.0 (the 2.1 spec, RFC 2426, RFC 6350), as badge printers really write them.
//!
//! What the wild adds to the specs, and this parser therefore accepts: CRLF, LF or CR line ends
//! (Seagull's printers need CRLF, others never write it); blank padding lines (eventyay);
//! properties with empty values; 2.1 quoted-printable with soft line breaks and a `CHARSET`
//! (old phones and Outlook exports); 2.1 bare parameters (`TEL;WORK;VOICE:`); group prefixes
//! (`item1.EMAIL`); and no `END:VCARD` when a QR code was cut short. The attendee id may sit in
//! `UID`, an `X-…-ID` property, or (eventyay) a numeric `X-SOCIALPROFILE`.

use crate::contact::{Draft, Slot};
use crate::{keys, text};

/// One logical line after unfolding, and whether it is quoted-printable.
struct Line {
    text: String,
    qp: bool,
}

/// Unfolds physical lines: a line starting with a space or tab continues the previous one
/// (3.0/4.0 folding), and a quoted-printable line ending in `=` continues on the next (2.1).
fn logical_lines(text: &str) -> Vec<Line> {
    let physical: Box<dyn Iterator<Item = &str>> = if text.contains('\n') {
        Box::new(text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)))
    } else {
        Box::new(text.split('\r'))
    };
    let mut out: Vec<Line> = Vec::new();
    let mut qp_soft_break = false;
    for line in physical {
        if let Some(last) = out.last_mut() {
            if qp_soft_break {
                last.text.pop();
                last.text.push_str(line);
                qp_soft_break = last.text.ends_with('=');
                continue;
            }
            if let Some(rest) = line.strip_prefix([' ', '\t']) {
                last.text.push_str(rest);
                qp_soft_break = last.qp && last.text.ends_with('=');
                continue;
            }
        }
        let qp = head_of(line).to_ascii_uppercase().contains("QUOTED-PRINTABLE");
        qp_soft_break = qp && line.ends_with('=');
        out.push(Line { text: line.to_owned(), qp });
    }
    out
}

/// The part of a content line before its value: `NAME;PARAM=…` up to the first `:` outside quotes.
fn head_of(line: &str) -> &str {
    split_property(line).map_or(line, |(head, _)| head)
}

fn split_property(line: &str) -> Option<(&str, &str)> {
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ':' if !quoted => return Some((line.get(..i)?, line.get(i + 1..)?)),
            _ => {}
        }
    }
    None
}

/// Splits on `sep` outside double quotes (parameter lists).
fn split_unquoted(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c == sep && !quoted {
            parts.push(s.get(start..i).unwrap_or(""));
            start = i + c.len_utf8();
        }
    }
    parts.push(s.get(start..).unwrap_or(""));
    parts
}

/// Splits a structured value on `;` that is not escaped with a backslash.
fn components(value: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut escaped = false;
    let mut start = 0;
    for (i, c) in value.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == ';' {
            parts.push(value.get(start..i).unwrap_or(""));
            start = i + 1;
        }
    }
    parts.push(value.get(start..).unwrap_or(""));
    parts
}

/// Undoes vCard text escapes: `\n` becomes a space (fields are one line), `\,` `\;` `\:` `\\`
/// become the character.
pub(crate) fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push(' '),
            Some(other @ (',' | ';' | ':' | '\\')) => out.push(other),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[derive(Default)]
struct Property {
    name: String,
    qp: bool,
    skip: bool,
    charset: Option<String>,
    types: Vec<String>,
    pref: bool,
}

fn property(head: &str, qp: bool) -> Property {
    let params = split_unquoted(head, ';');
    let mut params = params.into_iter();
    let full_name = params.next().unwrap_or("");
    let name = full_name.rsplit('.').next().unwrap_or(full_name).trim().to_ascii_uppercase();
    let mut p = Property { name, qp, ..Property::default() };
    for param in params {
        let (key, value) = match param.split_once('=') {
            Some((k, v)) => (k.trim().to_ascii_uppercase(), v.trim().trim_matches('"')),
            None => ("TYPE".to_owned(), param.trim()),
        };
        match key.as_str() {
            "ENCODING" if value.eq_ignore_ascii_case("b") || value.eq_ignore_ascii_case("base64") => p.skip = true,
            "TYPE" if value.eq_ignore_ascii_case("base64") => p.skip = true,
            "CHARSET" => p.charset = Some(value.to_owned()),
            "PREF" => p.pref = true,
            "TYPE" => {
                for t in value.split(',') {
                    let t = t.trim().to_ascii_uppercase();
                    p.pref |= t == "PREF";
                    p.types.push(t);
                }
            }
            _ => {}
        }
    }
    p
}

/// Decodes one value or component: quoted-printable and charset, then text escapes.
fn decode(raw: &str, prop: &Property, d: &mut Draft) -> String {
    if prop.qp {
        let (decoded, warning) = text::decode_charset(text::decode_quoted_printable(raw), prop.charset.as_deref());
        if let Some(w) = warning {
            d.warn(w);
        }
        unescape(&decoded)
    } else {
        unescape(raw)
    }
}

fn decode_components(value: &str, prop: &Property, d: &mut Draft) -> Vec<String> {
    components(value).into_iter().map(|c| decode(c, prop, d)).collect()
}

fn nth(parts: &[String], i: usize) -> &str {
    parts.get(i).map_or("", String::as_str)
}

/// Id ranks: an explicit `X-…-ID` beats `UID`, which beats a numeric `X-SOCIALPROFILE`.
const RANK_X_ID: u16 = 10;
const RANK_UID: u16 = 100;
const RANK_SOCIAL_ID: u16 = 200;
/// `FN` beats a full name found in a one-component `N`.
const RANK_FN: u16 = 10;
const RANK_N_AS_FULL_NAME: u16 = 20;

/// Reads the first vCard in `text` (which starts with `BEGIN:VCARD`) into `d`.
pub(crate) fn parse(text: &str, d: &mut Draft) {
    let mut emails: Vec<(bool, String)> = Vec::new();
    let mut phones: Vec<(bool, bool, String)> = Vec::new();
    let mut role = String::new();
    let mut label = String::new();
    let mut ended = false;
    let mut lines = logical_lines(text).into_iter();
    for line in lines.by_ref() {
        let Some((head, value)) = split_property(&line.text) else {
            continue;
        };
        let prop = property(head, line.qp);
        if prop.skip {
            continue;
        }
        match prop.name.as_str() {
            "END" if value.trim().eq_ignore_ascii_case("VCARD") => {
                ended = true;
                break;
            }
            "FN" => {
                let v = decode(value, &prop, d);
                d.offer(Slot::Name, RANK_FN, &v);
            }
            "N" => {
                let parts = decode_components(value, &prop, d);
                if parts.len() == 1 && nth(&parts, 0).trim().contains(char::is_whitespace) {
                    // `N:John Smith` — a generator that put the full name in the family slot.
                    d.offer(Slot::Name, RANK_N_AS_FULL_NAME, nth(&parts, 0));
                } else {
                    d.set(Slot::LastName, nth(&parts, 0));
                    d.set(Slot::FirstName, nth(&parts, 1));
                }
            }
            "ORG" => {
                let parts = decode_components(value, &prop, d);
                // Company;Department — a department alone is better than nothing.
                if !d.set(Slot::Company, nth(&parts, 0)) {
                    d.set(Slot::Company, nth(&parts, 1));
                }
            }
            "TITLE" => {
                let v = decode(value, &prop, d);
                d.set(Slot::Title, &v);
            }
            "ROLE" if role.is_empty() => role = decode(value, &prop, d),
            "EMAIL" => emails.push((prop.pref, decode(value, &prop, d))),
            "TEL" => {
                let fax = prop.types.iter().any(|t| t == "FAX");
                phones.push((prop.pref, fax, decode(value, &prop, d)));
            }
            "ADR" if !d.has(Slot::Address) => {
                let p = decode_components(value, &prop, d);
                // PO box; extended; street; locality; region; postal code; country
                let street = text::join_non_empty(&[nth(&p, 2), nth(&p, 1), nth(&p, 0)], ", ");
                d.set(Slot::Address, &street);
                d.set(Slot::City, nth(&p, 3));
                d.set(Slot::State, nth(&p, 4));
                d.set(Slot::Zip, nth(&p, 5));
                d.set(Slot::Country, nth(&p, 6));
            }
            "LABEL" if label.is_empty() => label = decode(value, &prop, d),
            "URL" => {
                let v = decode(value, &prop, d);
                d.set(Slot::Website, &v);
            }
            "UID" => {
                let v = decode(value, &prop, d);
                let v = text::strip_prefix_ci(v.trim(), "urn:uuid:").unwrap_or(v.trim());
                d.offer(Slot::Id, RANK_UID, v);
            }
            "X-SOCIALPROFILE" => {
                let v = decode(value, &prop, d);
                let v = v.trim();
                if !v.is_empty() && v.chars().all(|c| c.is_ascii_digit()) {
                    d.offer(Slot::Id, RANK_SOCIAL_ID, v);
                }
            }
            name => {
                if let Some(rest) = name.strip_prefix("X-") {
                    if let Some((Slot::Id, rank)) = keys::slot_for_key(rest) {
                        let v = decode(value, &prop, d);
                        d.offer(Slot::Id, RANK_X_ID.saturating_add(rank), &v);
                    }
                }
            }
        }
    }
    if !ended {
        d.warn("the vCard has no END:VCARD line; it may have been cut off");
    } else if lines.any(|l| text::starts_with_ci(l.text.trim_start(), "BEGIN:VCARD")) {
        d.warn("the payload holds more than one vCard; only the first was read");
    }
    if !d.has(Slot::Title) {
        d.set(Slot::Title, &role);
    }
    if !d.has(Slot::Address) && !d.has(Slot::City) {
        d.set(Slot::Address, &label);
    }
    if let Some((_, email)) = emails.iter().find(|(pref, v)| *pref && !v.trim().is_empty()) {
        d.set(Slot::Email, email);
    }
    for (_, email) in &emails {
        d.set(Slot::Email, email);
    }
    let best_phone = phones
        .iter()
        .find(|(pref, fax, v)| *pref && !*fax && !v.trim().is_empty())
        .or_else(|| phones.iter().find(|(_, fax, v)| !*fax && !v.trim().is_empty()));
    if let Some((_, _, phone)) = best_phone {
        d.set(Slot::Phone, phone);
    }
    for (_, _, phone) in &phones {
        d.set(Slot::Phone, phone);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_and_soft_broken_lines_are_joined() {
        let lines = logical_lines("NOTE:a\r\n b\r\nFN;ENCODING=QUOTED-PRINTABLE:=41=\r\n=42\r\nX:y");
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["NOTE:ab", "FN;ENCODING=QUOTED-PRINTABLE:=41=42", "X:y"]);
    }

    #[test]
    fn escaped_semicolons_do_not_split_components() {
        assert_eq!(components(r"Smith\;Jones;Mary;;"), [r"Smith\;Jones", "Mary", "", ""]);
        assert_eq!(unescape(r"Smith\;Jones\, Ltd\nLine"), "Smith;Jones, Ltd Line");
    }

    #[test]
    fn a_colon_inside_a_quoted_parameter_is_not_the_value_separator() {
        assert_eq!(split_property(r#"X-A;LABEL="a:b":value"#), Some((r#"X-A;LABEL="a:b""#, "value")));
    }
}
