//! URL badges: a link to the attendee's page, a ticket token, or the visitor's own LinkedIn.
//!
//! The id is taken from a query parameter with an id-like name (`?id=`, `attendee_id`, `badge`,
//! `regid`, `uid`…, best-named first), else from the last id-looking path segment
//! (`/t/at/<token>/`, `/attendees/12345`, also inside a `#/…` route). Words and slugs are not ids.
//! Other query parameters with contact names (`?email=…&name=…`) fill fields. A URL that yields
//! no id is the person's own link and goes to `website` (LinkedIn always does).
//! Hand-written rather than the `url` crate: badges need only this split, and `url` brings IDNA
//! tables into the build.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

use crate::contact::{Draft, Slot};
use crate::{keys, text};

/// `http://`, `https://` or `www.` with no whitespace inside.
pub(crate) fn is_url(payload: &str) -> bool {
    (text::starts_with_ci(payload, "http://")
        || text::starts_with_ci(payload, "https://")
        || text::starts_with_ci(payload, "www."))
        && !payload.contains(char::is_whitespace)
}

fn decode(part: &str, plus_is_space: bool) -> String {
    let part: Cow<'_, str> = if plus_is_space { Cow::Owned(part.replace('+', " ")) } else { Cow::Borrowed(part) };
    percent_decode_str(&part).decode_utf8_lossy().into_owned()
}

pub(crate) fn parse(payload: &str, d: &mut Draft) {
    let after_scheme = payload.split_once("://").map_or(payload, |(_, rest)| rest);
    let (before_fragment, fragment) = after_scheme.split_once('#').unwrap_or((after_scheme, ""));
    let (before_query, query) = before_fragment.split_once('?').unwrap_or((before_fragment, ""));
    let (authority, path) = before_query.split_once('/').unwrap_or((before_query, ""));
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    let linkedin = host == "linkedin.com" || host.ends_with(".linkedin.com") || host == "lnkd.in";

    let mut found_id = false;
    for pair in query.split(['&', ';']) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = decode(key, true);
        let Some((slot, rank)) = keys::slot_for_key(&key) else {
            continue;
        };
        let value = decode(value, true);
        if slot == Slot::Id {
            if linkedin || value.trim().is_empty() {
                continue;
            }
            found_id |= d.offer(Slot::Id, rank, value.trim());
        } else {
            d.offer(slot, rank, &value);
        }
    }

    if !found_id && !linkedin {
        // A `#/attendee/123` route counts as more path.
        let route = fragment.strip_prefix('!').unwrap_or(fragment);
        let route = if route.starts_with('/') { route } else { "" };
        let segment = path
            .split('/')
            .chain(route.split(['/', '?']))
            .map(|s| decode(s, false))
            .rfind(|s| text::looks_like_url_id(s));
        if let Some(id) = segment {
            found_id = d.set(Slot::Id, &id);
        }
    }

    if !found_id {
        d.set(Slot::Website, payload);
    }
}
