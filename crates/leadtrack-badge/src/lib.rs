//! Badge payload → contact fields.
//!
//! Badges are the front door of the product, and the most common complaint about lead capture is
//! "it didn't read our badges". Shows print every format there is (vCard, MECARD, caret-delimited
//! records, bare ids, wrapped tokens, URLs, JSON), often malformed, and change them between
//! editions. So this crate reads everything it can, guesses cautiously and says so in
//! `warnings`, lets a manager pin a show's format down in a [`BadgeProfile`], and **always keeps
//! the raw payload**: a wrong guess costs a correction, never a lead.
//!
//! Pure functions, no IO: the shell, the CLI and the tests call the same [`parse`]. Parsing is
//! total: any input, however hostile (binary, control characters, markup, 100 KB, thousands of
//! separators), returns a [`Parsed`] quickly; the worst case is `Format::Unknown` with the raw
//! payload and a warning. Work is linear in the input and capped at [`MAX_PARSED_BYTES`].
//! Field values are cleaned (control and bidi-override characters removed, whitespace
//! collapsed, at most 300 characters); markup and SQL are left as text, because every view
//! escapes data.
//!
//! # Detection order (no profile)
//! The payload is trimmed of surrounding whitespace and control characters, then the first
//! match wins:
//! 1. **wrapped token** `TAG$…$TAG` (`AT$<hex>$AT`): unwrapped, the inside read by this same
//!    order (a plain token inside is the attendee id); the format stays `wrapped_token`;
//! 2. **vCard**: starts with `BEGIN:VCARD` (2.1, 3.0, 4.0);
//! 3. **MECARD**: starts with `MECARD:`;
//! 4. **BIZCARD**: starts with `BIZCARD:`;
//! 5. **JSON**: starts with `{` or `[` and parses as an object (or a list of them);
//! 6. **URL**: `http://`, `https://` or `www.`, no spaces;
//! 7. **email**: an address alone, or `mailto:`;
//! 8. **delimited with `::`** (Devoxx's `ID::last::first::company::email`), checked before
//!    key:value because every `::` record also looks like `key: value`;
//! 9. **key:value** list (`Name: …` per line, or `name:…;email:…`), when a known key is there;
//! 10. **delimited** with `^`, `|`, tab, `*` or `%` (single line, enough non-empty columns);
//! 11. **bare id**: one token of letters, digits, `-_.` with a digit (`000123`, `REG-123`,
//!     `12.345.678`), Code 39 `*…*` stars removed;
//! 12. **unknown**: raw only, plus an email address if one appears in the text.
//!
//! With a profile, the profile decides first: a payload it recognises is read by its rules
//! (wrapper, delimiter and column order, id pattern); one it does not is read by the order above,
//! with a warning naming the profile. See [`profile`] for the JSON format.

#![forbid(unsafe_code)]
// Parsing must be total: no panicking shortcuts on input-dependent paths (tests may use them).
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::string_slice)
)]

mod contact;
mod delimited;
mod json;
mod key_value;
mod keys;
mod mecard;
pub mod profile;
mod text;
mod token;
mod url;
mod vcard;

pub use contact::{ContactFields, Format, Parsed};
pub use profile::{BadgeProfile, Column, IdChars, IdMismatch, IdPattern, ProfileError, Recognise, Wrapper};

use contact::{Draft, Slot};

/// This crate's error type (only profiles can be wrong; parsing never fails).
pub type Result<T, E = ProfileError> = std::result::Result<T, E>;

/// Payload bytes read at most. Real badges are under 3 KB (a QR code holds at most ~3 KB); the
/// rest of a longer payload is ignored with a warning, and kept in `raw`.
pub const MAX_PARSED_BYTES: usize = 64 * 1024;

/// How deep wrapped tokens are unwrapped (`AT$ID$…$ID$AT` is already silly).
const MAX_WRAP_DEPTH: u8 = 2;

/// Parses a badge payload, with the show's profile if there is one. Never fails, never panics.
pub fn parse(payload: &str, profile: Option<&BadgeProfile>) -> Parsed {
    parse_with(payload, profile, false)
}

/// Parses a payload that may not be UTF-8 (some scanners and decoders hand over bytes).
///
/// Valid UTF-8 is parsed as text. Binary data (NUL bytes, or more than a tenth control bytes)
/// is not parsed: the result is `Format::Unknown` with `raw` holding the bytes escaped
/// (`\xNN`, `\\`, `\n`, as [`<[u8]>::escape_ascii`] writes them). Anything else is legacy text
/// and is read as Windows-1252 (a superset of ISO-8859-1), with a warning, and that text is `raw`.
pub fn parse_bytes(payload: &[u8], profile: Option<&BadgeProfile>) -> Parsed {
    match std::str::from_utf8(payload) {
        Ok(text) => parse(text, profile),
        Err(_) if looks_binary(payload) => Parsed {
            format: Format::Unknown,
            fields: ContactFields::default(),
            attendee_id: None,
            raw: payload.escape_ascii().to_string(),
            warnings: vec![format!(
                "the payload is {} bytes of binary data, not text; it was kept escaped and not read",
                payload.len()
            )],
        },
        Err(_) => {
            let text = text::decode_cp1252(payload);
            let mut parsed = parse(&text, profile);
            parsed.warnings.insert(0, "the payload is not UTF-8; it was read as Windows-1252 text".to_owned());
            parsed
        }
    }
}

fn looks_binary(bytes: &[u8]) -> bool {
    let sample = bytes.get(..4096).unwrap_or(bytes);
    let controls = sample.iter().filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7F).count();
    sample.contains(&0) || controls * 10 > sample.len()
}

pub(crate) fn parse_with(payload: &str, profile: Option<&BadgeProfile>, verbose: bool) -> Parsed {
    let mut early = Vec::new();
    let work = prepare(payload, &mut early);
    let (format, mut draft) = match profile {
        Some(profile) => profile.read(work, verbose),
        None => detect(work, 0),
    };
    draft.prepend_warnings(early);
    draft.finish(format, payload)
}

/// Caps the payload at [`MAX_PARSED_BYTES`] and trims what scanners add around it.
pub(crate) fn prepare<'a>(payload: &'a str, warnings: &mut Vec<String>) -> &'a str {
    let work = if payload.len() > MAX_PARSED_BYTES {
        warnings.push(format!(
            "the payload is {} bytes; only the first {MAX_PARSED_BYTES} were read (all of it is kept)",
            payload.len()
        ));
        text::truncate_bytes(payload, MAX_PARSED_BYTES)
    } else {
        payload
    };
    work.trim_matches(|c: char| c.is_whitespace() || c.is_control() || c == '\u{FEFF}')
}

/// Auto-detection (the order in the crate docs) of a prepared payload.
pub(crate) fn detect(payload: &str, depth: u8) -> (Format, Draft) {
    let mut d = Draft::new();
    if payload.is_empty() {
        d.warn("the payload is empty");
        return (Format::Unknown, d);
    }
    if depth < MAX_WRAP_DEPTH {
        if let Some((_tag, inner)) = token::split_wrapped(payload) {
            let (_, inner) = detect_wrapped(inner.trim(), depth + 1);
            return (Format::WrappedToken, inner);
        }
    }
    let format = detect_into(payload, &mut d);
    (format, d)
}

/// Reads what was inside a wrapper: by the usual order, except that a single token that is
/// nothing else is the attendee id whatever it looks like (wrapped tokens are opaque).
pub(crate) fn detect_wrapped(inner: &str, depth: u8) -> (Format, Draft) {
    let (format, d) = detect(inner, depth);
    if format == Format::Unknown && !inner.is_empty() && inner.len() <= 256 && !inner.contains(char::is_whitespace) {
        let mut d = Draft::new();
        d.set(Slot::Id, inner);
        return (Format::BareId, d);
    }
    (format, d)
}

fn detect_into(payload: &str, d: &mut Draft) -> Format {
    if text::starts_with_ci(payload, "BEGIN:VCARD") {
        vcard::parse(payload, d);
        return Format::Vcard;
    }
    if let Some(body) = text::strip_prefix_ci(payload, "MECARD:") {
        mecard::parse_mecard(body, d);
        return Format::Mecard;
    }
    if let Some(body) = text::strip_prefix_ci(payload, "BIZCARD:") {
        mecard::parse_bizcard(body, d);
        return Format::Bizcard;
    }
    if payload.starts_with(['{', '[']) && json::parse(payload, d) {
        return Format::Json;
    }
    if url::is_url(payload) {
        url::parse(payload, d);
        return Format::Url;
    }
    if let Some(address) = token::email(payload) {
        d.set(Slot::Email, address);
        return Format::Email;
    }
    let delimiter = delimited::detect(payload);
    if let Some(delimiter @ "::") = delimiter {
        delimited::parse_auto(payload, delimiter, d);
        return Format::Delimited;
    }
    if key_value::parse(payload, d) {
        return Format::KeyValue;
    }
    if let Some(delimiter) = delimiter {
        delimited::parse_auto(payload, delimiter, d);
        return Format::Delimited;
    }
    if let Some(id) = token::bare_id(payload) {
        d.set(Slot::Id, id);
        return Format::BareId;
    }
    token::unknown(payload, d);
    Format::Unknown
}
