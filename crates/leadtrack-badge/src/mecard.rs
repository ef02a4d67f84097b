//! MECARD (NTT Docomo) and BIZCARD: `KEY:value;` lists after a `MECARD:` or `BIZCARD:` tag.
//!
//! MECARD is compact, so shows print it on badges and add their own keys: Eventmaker puts the
//! attendee id in `UID:`, Cvent in `CONF:`, and Cvent writes `N:Last,First` as Docomo intended
//! while Eventmaker writes `N:First Last`. Both are read. A backslash escapes `;`, `:`, `,` and
//! itself. BIZCARD has no spec at all; its keys are the ones ZXing reverse-engineered
//! (N first name, X last name, T title, C company, A address, B/M/F phones, E email).

use crate::contact::{Draft, Slot};
use crate::text;
use crate::vcard::unescape;

/// Splits `KEY:value;KEY:value;;` into (upper-case key, raw value) pairs. Escapes stay in the
/// values (so `N:` can still tell an escaped comma from a separator); segments without a key
/// are skipped.
fn pairs(body: &str) -> Vec<(String, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in body.char_indices().chain(std::iter::once((body.len(), ';'))) {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            ';' => {
                let segment = body.get(start..i).unwrap_or("");
                start = i + 1;
                if let Some((key, value)) = segment.split_once(':') {
                    let key = key.trim();
                    if !key.is_empty() && key.len() <= 32 {
                        out.push((key.to_ascii_uppercase(), value));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Splits on commas that are not escaped.
fn split_commas(value: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in value.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == ',' {
            parts.push(value.get(start..i).unwrap_or(""));
            start = i + 1;
        }
    }
    parts.push(value.get(start..).unwrap_or(""));
    parts
}

/// Reads the body of a `MECARD:` payload (the text after the tag).
pub(crate) fn parse_mecard(body: &str, d: &mut Draft) {
    for (key, raw) in pairs(body) {
        match key.as_str() {
            "N" => {
                let parts = split_commas(raw);
                match parts.as_slice() {
                    [last, first] => {
                        d.set(Slot::LastName, &unescape(last));
                        d.set(Slot::FirstName, &unescape(first));
                    }
                    _ => {
                        d.set(Slot::Name, &unescape(raw));
                    }
                }
            }
            "TEL" | "TEL-AV" => {
                d.set(Slot::Phone, &unescape(raw));
            }
            "EMAIL" => {
                d.set(Slot::Email, &unescape(raw));
            }
            "ORG" => {
                d.set(Slot::Company, &unescape(raw));
            }
            "TITLE" => {
                d.set(Slot::Title, &unescape(raw));
            }
            "URL" => {
                d.set(Slot::Website, &unescape(raw));
            }
            "ADR" => {
                // Docomo: PO box, room, street, city, prefecture, postal code, country.
                let p: Vec<String> = split_commas(raw).into_iter().map(unescape).collect();
                if let [po, room, street, city, region, zip, country] = p.as_slice() {
                    d.set(Slot::Address, &text::join_non_empty(&[street, room, po], ", "));
                    d.set(Slot::City, city);
                    d.set(Slot::State, region);
                    d.set(Slot::Zip, zip);
                    d.set(Slot::Country, country);
                } else {
                    d.set(Slot::Address, &text::join_non_empty(&p, ", "));
                }
            }
            "UID" | "CONF" | "ID" => {
                d.set(Slot::Id, &unescape(raw));
            }
            _ => {}
        }
    }
}

/// Reads the body of a `BIZCARD:` payload.
pub(crate) fn parse_bizcard(body: &str, d: &mut Draft) {
    let mut address: Vec<String> = Vec::new();
    let mut mobile = String::new();
    for (key, raw) in pairs(body) {
        let value = unescape(raw);
        match key.as_str() {
            "N" => {
                d.set(Slot::FirstName, &value);
            }
            "X" => {
                d.set(Slot::LastName, &value);
            }
            "T" => {
                d.set(Slot::Title, &value);
            }
            "C" => {
                d.set(Slot::Company, &value);
            }
            "A" => address.push(value),
            "B" => {
                d.set(Slot::Phone, &value);
            }
            "M" if mobile.is_empty() => mobile = value,
            "E" => {
                d.set(Slot::Email, &value);
            }
            _ => {}
        }
    }
    d.set(Slot::Phone, &mobile);
    d.set(Slot::Address, &text::join_non_empty(&address, ", "));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_separators_stay_inside_values() {
        let p = pairs(r"N:Smith\;Jones;NOTE:a\:b;;");
        assert_eq!(p, [("N".to_owned(), r"Smith\;Jones"), ("NOTE".to_owned(), r"a\:b")]);
        assert_eq!(split_commas(r"Smith\,Jr,John"), [r"Smith\,Jr", "John"]);
    }
}
