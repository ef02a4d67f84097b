//! Single-token payloads: wrapped tokens (`AT$…$AT`), an email address alone, a bare id.
//!
//! pgeu-system's scanner spec wraps a sponsor token as `AT$<hex>$AT` and a check-in token as
//! `ID$<hex>$ID`; any `TAG$…$TAG` with a short alphanumeric tag is treated the same way. Bare
//! ids are printed as Code 39 or Code 128 (`000012`, `REG-123`, `1234.56.7890`, `SBpax001`) and
//! are kept exactly as scanned: whether `000012` and `12` are one attendee is a show's rule,
//! which its badge profile states (`strip_leading_zeros`).

use crate::contact::{Draft, Slot};
use crate::{delimited, text};

/// `TAG$inner$TAG` → (`TAG`, `inner`), for a tag of 1–8 ASCII letters or digits.
pub(crate) fn split_wrapped(payload: &str) -> Option<(&str, &str)> {
    let (tag, rest) = payload.split_once('$')?;
    if tag.is_empty() || tag.len() > 8 || !tag.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let inner = rest.strip_suffix(tag)?.strip_suffix('$')?;
    (!inner.trim().is_empty()).then_some((tag, inner))
}

/// An email address alone, or a `mailto:` link.
pub(crate) fn email(payload: &str) -> Option<&str> {
    let address = match text::strip_prefix_ci(payload, "mailto:") {
        Some(rest) => rest.split('?').next().unwrap_or(rest),
        None => payload,
    };
    text::is_email(address).then_some(address)
}

/// The id a bare-id payload carries (Code 39 start/stop stars removed), if it looks like one.
pub(crate) fn bare_id(payload: &str) -> Option<&str> {
    let id = delimited::code39_inner(payload).unwrap_or(payload);
    text::looks_like_id(id).then_some(id)
}

/// For payloads in no known shape: keep the raw text only, but pick out an email if one is there
/// (a vCard-like text that a phone's scanner reduced to plain text, a business card's text).
pub(crate) fn unknown(payload: &str, d: &mut Draft) {
    if let Some(address) = text::find_email(payload) {
        d.set(Slot::Email, address);
        d.warn("the badge format was not recognised; only an email address was picked out of it");
    } else {
        d.warn("the badge format was not recognised; only the raw payload was kept");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrapper_needs_the_same_tag_at_both_ends() {
        assert_eq!(split_wrapped("AT$abc123$AT"), Some(("AT", "abc123")));
        assert_eq!(split_wrapped("AT$abc123$ID"), None);
        assert_eq!(split_wrapped("AT$$AT"), None);
        assert_eq!(split_wrapped("$5$"), None);
    }
}
