//! Small text helpers every format shares: cleaning values, shape checks (email, phone, id),
//! names, quoted-printable and legacy charsets.
//!
//! Cleaning is where hostile input is defused for the fields: control characters go, bidi
//! override/isolate characters go (they can make "moc.live" read as "evil.com"), whitespace runs
//! become one space and values are capped. The zero-width non-joiner that Persian needs stays.
//! Markup and SQL stay too: they are data, and every view escapes data (DESIGN, security model).

/// Longest value kept in a field, in characters. Matches the domain's one-line limit
/// (`leadtrack_domain::validate::MAX_SHORT`), so a parsed badge always saves.
pub(crate) const MAX_FIELD_CHARS: usize = 300;

/// Cleans one field value. Returns the value and whether it was cut to [`MAX_FIELD_CHARS`].
pub(crate) fn clean(value: &str) -> (String, bool) {
    let mut out = String::with_capacity(value.len().min(MAX_FIELD_CHARS * 4));
    let mut chars = 0usize;
    let mut space = false;
    for c in value.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if c.is_control() || is_invisible_trap(c) {
            continue;
        }
        let needed = if space { 2 } else { 1 };
        if chars + needed > MAX_FIELD_CHARS {
            return (out, true);
        }
        if space {
            out.push(' ');
            space = false;
            chars += 1;
        }
        out.push(c);
        chars += 1;
    }
    (out, false)
}

/// Bidi embeddings, overrides and isolates, and the byte-order mark.
fn is_invisible_trap(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

pub(crate) fn join_non_empty<S: AsRef<str>>(parts: &[S], sep: &str) -> String {
    let mut out = String::new();
    for part in parts {
        let part = part.as_ref().trim();
        if part.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str(sep);
        }
        out.push_str(part);
    }
    out
}

pub(crate) fn starts_with_ci(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// `Some(rest)` when `text` starts with `prefix`, ignoring ASCII case.
pub(crate) fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    if starts_with_ci(text, prefix) {
        text.get(prefix.len()..)
    } else {
        None
    }
}

/// A plain email address: `local@domain.tld`, no spaces, no display name. Stricter than RFC 5321
/// on purpose: `^`, `|`, `*` are legal in a local part but in a badge they are delimiters.
pub(crate) fn is_email(value: &str) -> bool {
    if value.len() > 254 {
        return false;
    }
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && local.chars().all(|c| c.is_alphanumeric() || "._%+-'".contains(c));
    if !local_ok || domain.is_empty() || domain.starts_with(['.', '-']) || domain.ends_with(['.', '-']) {
        return false;
    }
    if domain.contains("..") || !domain.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.') {
        return false;
    }
    match domain.rsplit_once('.') {
        Some((_, tld)) => tld.chars().count() >= 2 && tld.chars().all(|c| c.is_alphanumeric() || c == '-'),
        None => false,
    }
}

/// Digits with the usual phone punctuation: `+1 (555) 123-4567`, `+336093838383`.
pub(crate) fn looks_like_phone(value: &str) -> bool {
    let value = value.trim();
    let digits = value.chars().filter(char::is_ascii_digit).count();
    (6..=20).contains(&digits) && value.chars().all(|c| c.is_ascii_digit() || " +-().//x".contains(c))
}

/// A single token of id characters: ASCII letters and digits with `-`, `_` and `.` inside.
fn is_id_token(value: &str) -> bool {
    (2..=128).contains(&value.len())
        && value.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && value.chars().any(|c| c.is_ascii_alphanumeric())
}

/// Looks like an attendee / registration id rather than a word: `000123`, `REG-123`,
/// `12.345.678`, `2WBCTIXLFURQT`, `SBpax001`, a hex token. Needs a digit, or six or more
/// upper-case letters (Cvent reference ids are sometimes all letters).
pub(crate) fn looks_like_id(value: &str) -> bool {
    is_id_token(value)
        && (value.chars().any(|c| c.is_ascii_digit())
            || (value.len() >= 6 && value.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())))
}

/// Stricter check for URL path segments, where words and slugs are common: digits with an
/// optional short prefix (`12345`, `REG-123`, `pax001`), a hex token of 8+ characters with a
/// digit, a UUID, or an upper-case reference of 6+ characters with a digit.
pub(crate) fn looks_like_url_id(segment: &str) -> bool {
    if !is_id_token(segment) || segment.len() < 3 {
        return false;
    }
    let has_digit = segment.chars().any(|c| c.is_ascii_digit());
    if !has_digit {
        return false;
    }
    let prefix_len = segment.chars().take_while(char::is_ascii_alphabetic).count();
    let rest = segment.get(prefix_len..).unwrap_or("");
    let rest = rest.strip_prefix(['-', '_']).unwrap_or(rest);
    let prefixed_number = prefix_len <= 4
        && rest.len() >= if prefix_len == 0 { 1 } else { 3 }
        && rest.chars().all(|c| c.is_ascii_digit() || c == '.');
    let hex = segment.len() >= 8 && segment.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    let reference = segment.len() >= 6 && segment.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    prefixed_number || hex || reference
}

const HONORIFICS: [&str; 12] = ["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam", "herr", "frau", "mme"];

/// Splits a full name into (first, last): "Smith, Mary" → (Mary, Smith); "Dr. Mary Ann Smith" →
/// (Mary Ann, Smith). `None` for one-word names ("王小明", "Cher"): we do not guess there.
pub(crate) fn split_name(full: &str) -> Option<(String, String)> {
    let mut full = full;
    if let Some((before, after)) = full.split_once(',') {
        let (before, after) = (before.trim(), after.trim());
        if !before.is_empty() && !before.contains(char::is_whitespace) && !after.is_empty() && !after.contains(',') {
            return Some((after.to_owned(), before.to_owned()));
        }
        // "Mary Smith, PhD": the part after the comma is a suffix.
        full = before;
    }
    let mut words: Vec<&str> = full.split_whitespace().collect();
    while words.len() > 2
        && words.first().is_some_and(|w| HONORIFICS.contains(&w.trim_end_matches('.').to_lowercase().as_str()))
    {
        words.remove(0);
    }
    let (last, rest) = words.split_last()?;
    if rest.is_empty() {
        return None;
    }
    Some((rest.join(" "), (*last).to_owned()))
}

/// "First Last", or "LastFirst" with no space when both are written in a CJK script
/// (王 + 小明 → 王小明), which is how those names are written and printed on badges.
pub(crate) fn compose_name(first: &str, last: &str) -> String {
    match (first.is_empty(), last.is_empty()) {
        (true, true) => String::new(),
        (false, true) => first.to_owned(),
        (true, false) => last.to_owned(),
        (false, false) if is_cjk_name(first) && is_cjk_name(last) => format!("{last}{first}"),
        (false, false) => format!("{first} {last}"),
    }
}

fn is_cjk_name(s: &str) -> bool {
    s.chars().any(is_cjk) && !s.chars().any(|c| c.is_ascii_alphabetic())
}

fn is_cjk(c: char) -> bool {
    matches!(u32::from(c),
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decodes quoted-printable (RFC 2045): `=XX` bytes and `=` soft line breaks. A malformed `=`
/// is kept as a literal, as decoders in the wild do.
pub(crate) fn decode_quoted_printable(value: &str) -> Vec<u8> {
    let b = value.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'=' {
            let hi = b.get(i + 1).copied().and_then(hex_value);
            let lo = b.get(i + 2).copied().and_then(hex_value);
            if let (Some(hi), Some(lo)) = (hi, lo) {
                out.push(hi << 4 | lo);
                i += 3;
                continue;
            }
            match (b.get(i + 1), b.get(i + 2)) {
                (Some(b'\r'), Some(b'\n')) => {
                    i += 3;
                    continue;
                }
                (Some(b'\n'), _) | (Some(b'\r'), _) => {
                    i += 2;
                    continue;
                }
                (None, _) => break,
                _ => {}
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Windows-1252's 0x80–0x9F (ISO-8859-1 puts C1 controls there, which clean() would drop).
const CP1252_80_9F: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', '\u{90}', '‘', '’',
    '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// Decodes Windows-1252 (a superset of ISO-8859-1's printable range). Never fails.
pub(crate) fn decode_cp1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => CP1252_80_9F.get(usize::from(b - 0x80)).copied().unwrap_or(char::from(b)),
            _ => char::from(b),
        })
        .collect()
}

/// Turns decoded bytes into text for a declared charset. Returns the text and, when something
/// was guessed or replaced, a warning.
pub(crate) fn decode_charset(bytes: Vec<u8>, charset: Option<&str>) -> (String, Option<String>) {
    let charset = charset.map(|c| c.trim().trim_matches('"').to_ascii_lowercase());
    match charset.as_deref() {
        None | Some("utf-8" | "utf8") => match String::from_utf8(bytes) {
            Ok(s) => (s, None),
            Err(e) if charset.is_none() => {
                (decode_cp1252(e.as_bytes()), Some("a value was not UTF-8; read it as Windows-1252".into()))
            }
            Err(e) => (
                String::from_utf8_lossy(e.as_bytes()).into_owned(),
                Some("a value marked UTF-8 was not valid UTF-8; bad bytes were replaced".into()),
            ),
        },
        Some("iso-8859-1" | "iso8859-1" | "latin1" | "latin-1" | "windows-1252" | "cp1252" | "us-ascii" | "ascii") => {
            (decode_cp1252(&bytes), None)
        }
        Some(other) => match String::from_utf8(bytes) {
            Ok(s) => (s, None),
            Err(e) => (
                String::from_utf8_lossy(e.as_bytes()).into_owned(),
                Some(format!("charset {other} is not supported; undecodable bytes were replaced")),
            ),
        },
    }
}

/// The longest prefix of `text` that is at most `max` bytes and ends on a char boundary.
pub(crate) fn truncate_bytes(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or("")
}

/// Finds the first email address in free text (for payloads in no known format).
pub(crate) fn find_email(text: &str) -> Option<&str> {
    text.split(|c: char| c.is_whitespace() || "<>()[],;:\"'|^*".contains(c))
        .map(|t| t.trim_matches('.'))
        .find(|t| is_email(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_drops_controls_and_bidi_overrides_but_keeps_the_persian_zwnj() {
        let (v, cut) = clean("  Jo\u{7}hn\t\n Smith\u{202E}  ");
        assert_eq!((v.as_str(), cut), ("John Smith", false));
        let (v, _) = clean("می\u{200C}خواهم");
        assert_eq!(v, "می\u{200C}خواهم");
    }

    #[test]
    fn a_long_value_is_cut_at_the_field_limit() {
        let (v, cut) = clean(&"é".repeat(1000));
        assert!(cut);
        assert_eq!(v.chars().count(), MAX_FIELD_CHARS);
    }

    #[test]
    fn quoted_printable_decodes_bytes_and_soft_breaks_and_keeps_stray_equals() {
        assert_eq!(decode_quoted_printable("=E7=8E=8B=\r\n=E5=B0=8F"), "王小".as_bytes());
        assert_eq!(decode_quoted_printable("a=3Db=zz="), b"a=b=zz");
    }

    #[test]
    fn cp1252_maps_the_euro_and_latin1_letters() {
        assert_eq!(decode_cp1252(&[0x80, b' ', 0xE9]), "€ é");
    }

    #[test]
    fn email_shapes() {
        for ok in ["mary.smith@company.com", "a+b@x.co", "user@bücher.de"] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in ["", "@x.com", "a@", "a@x", "a b@x.com", "a@x..com", "<a@x.com>", "a@-x.com"] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn id_shapes() {
        for ok in ["000123", "REG-123", "12.345.678", "2WBCTIXLFURQT", "SBpax001", "ABCDEFG"] {
            assert!(looks_like_id(ok), "{ok}");
        }
        for bad in ["Smith", "hello", "a", "12 34", "<script>", "DROP TABLE"] {
            assert!(!looks_like_id(bad), "{bad}");
        }
        for ok in ["12345", "REG-123", "pax001", "a1b2c3d4e5f6", "2WBCTIXLFURQT"] {
            assert!(looks_like_url_id(ok), "{ok}");
        }
        for bad in ["john-doe-2024", "v2", "attendee", "index.html"] {
            assert!(!looks_like_url_id(bad), "{bad}");
        }
    }

    #[test]
    fn names_split_and_compose() {
        assert_eq!(split_name("Smith, Mary"), Some(("Mary".into(), "Smith".into())));
        assert_eq!(split_name("Mr. Percy PassKit"), Some(("Percy".into(), "PassKit".into())));
        assert_eq!(split_name("Mary Smith, PhD"), Some(("Mary".into(), "Smith".into())));
        assert_eq!(split_name("王小明"), None);
        assert_eq!(compose_name("小明", "王"), "王小明");
        assert_eq!(compose_name("Mary", "Smith"), "Mary Smith");
        assert_eq!(compose_name("علی", "رضایی"), "علی رضایی");
    }

    #[test]
    fn truncation_respects_char_boundaries() {
        assert_eq!(truncate_bytes("aé", 2), "a");
        assert_eq!(truncate_bytes("abc", 10), "abc");
    }
}
