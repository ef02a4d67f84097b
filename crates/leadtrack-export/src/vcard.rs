//! vCard 4.0 (RFC 6350): one card per lead, for a phone's or mail client's address book.
//!
//! Visitor text can hold anything, including a line break followed by `TEL:` that a naive
//! writer would turn into a property of its own. So every text value is escaped (`\\`, `\,`,
//! `\;`, `\n`; other control characters are dropped), and every line is folded at 75 octets
//! (RFC 6350 §3.2) without splitting a UTF-8 character or an escape.

use std::fmt::Write as _;

use leadtrack_domain::Lead;

use crate::{columns, iso_utc, split_name};

const MAX_LINE_OCTETS: usize = 75;

/// Every lead as a vCard, in one `text/vcard` file with CRLF line ends.
pub fn vcard(leads: &[Lead]) -> Vec<u8> {
    let mut out = String::new();
    for lead in leads {
        for line in card(lead) {
            fold_into(&mut out, &line);
        }
    }
    out.into_bytes()
}

/// One card's content lines, unfolded.
fn card(lead: &Lead) -> Vec<String> {
    let (given, family) = split_name(&lead.name);
    // FN is the one required property: the name, else whatever else identifies the visitor.
    let display =
        [lead.name.as_str(), lead.company.as_str(), lead.email.as_str(), lead.attendee_id.as_deref().unwrap_or("")]
            .into_iter()
            .map(str::trim)
            .find(|s| !s.is_empty())
            .unwrap_or("LeadTrack lead");
    let mut lines = vec!["BEGIN:VCARD".to_string(), "VERSION:4.0".to_string()];
    lines.push(format!("FN:{}", escape(display)));
    lines.push(format!("N:{};{};;;", escape(&family), escape(&given)));
    let mut text = |name: &str, value: &str| {
        if !value.trim().is_empty() {
            lines.push(format!("{name}:{}", escape(value)));
        }
    };
    text("ORG", &lead.company);
    text("TITLE", &lead.title);
    text("EMAIL;TYPE=work", &lead.email);
    match lead.phone_e164.as_deref().filter(|p| !p.is_empty()) {
        // vCard 4 phones are URIs; an E.164 number is exactly what `tel:` takes.
        Some(e164) => lines.push(format!("TEL;VALUE=uri;TYPE=work:tel:{}", tel_uri(e164))),
        None if !lead.phone.trim().is_empty() => {
            lines.push(format!("TEL;VALUE=text;TYPE=work:{}", escape(&lead.phone)))
        }
        None => {}
    }
    lines.push(format!("NOTE:{}", escape(&note(lead))));
    lines.push(format!("UID:{}", uid(&lead.id)));
    lines.push(format!("REV:{}", iso_utc(lead.updated_at).replace(['-', ':'], "")));
    lines.push("END:VCARD".to_string());
    lines
}

/// What the rep learnt, as the address book's note.
fn note(lead: &Lead) -> String {
    let mut note = format!("Show: {}", lead.event_tag);
    let mut add = |label: &str, value: &str| {
        if !value.trim().is_empty() {
            let _ = write!(note, "\n{label}: {value}");
        }
    };
    add("Grade", columns::grade(lead));
    add("Interests", &columns::interests(lead));
    add("Key needs", &lead.key_needs);
    add("Next action", columns::next_action(lead));
    add("Country", &lead.country);
    add("Captured by", &lead.captured_by_name);
    add("Captured at", &iso_utc(lead.created_at));
    note
}

/// A `urn:uuid:` for LeadTrack's UUID ids (RFC 6350 recommends it), the bare id otherwise.
fn uid(id: &str) -> String {
    let uuid_like = id.len() == 36 && id.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    if uuid_like {
        format!("urn:uuid:{id}")
    } else {
        escape(id)
    }
}

/// E.164 is `+` and digits; anything else is dropped rather than trusted inside a URI.
fn tel_uri(e164: &str) -> String {
    e164.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect()
}

/// RFC 6350 §3.4 text escaping. CRLF and lone CR count as one line break.
pub(crate) fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded: at most 75 octets a line, continuation lines start with a space
/// (which counts), never inside a UTF-8 sequence or between a backslash and what it escapes.
fn fold_into(out: &mut String, line: &str) {
    let mut width = 0;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        // An escape (`\n`, `\,`, `\\`) is one unit of two octets.
        let unit = match c {
            '\\' => rest.char_indices().nth(2).map_or(rest, |(end, _)| &rest[..end]),
            c => &rest[..c.len_utf8()],
        };
        if width + unit.len() > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push_str(unit);
        width += unit.len();
        rest = &rest[unit.len()..];
    }
    out.push_str("\r\n");
}
