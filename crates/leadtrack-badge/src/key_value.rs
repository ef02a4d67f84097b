//! `Name: value` lists: one pair per line, or `;`-separated on one line (Devoxx:
//! `name:…;email:…;language:…;company:…`). `=` works as the separator too (`id=123;name=…`).
//!
//! Accepted only when at least one key is a known contact or id key (see `keys`) and at least
//! half the non-empty segments are `key: value` shaped; otherwise free text with a colon in it
//! ("Meeting at 10:30") would pass for a contact. Unknown keys (`gender`, `proglang`) are
//! ignored; the raw payload keeps them.

use crate::contact::Draft;
use crate::keys;

/// A plausible key: short, starts with a letter, letters/digits/space/`_-./` only.
fn split_pair(segment: &str) -> Option<(&str, &str)> {
    let at = segment.find([':', '='])?;
    let key = segment.get(..at)?.trim();
    let value = segment.get(at + 1..)?.trim();
    let plausible = !key.is_empty()
        && key.chars().count() <= 40
        && key.chars().next().is_some_and(char::is_alphabetic)
        && key.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '_' | '-' | '.' | '/'));
    plausible.then_some((key, value))
}

/// Reads `payload` as a key:value list. Returns false, leaving `d` untouched, when it is not one.
pub(crate) fn parse(payload: &str, d: &mut Draft) -> bool {
    let segments: Vec<&str> =
        if payload.contains('\n') { payload.lines().collect() } else { payload.split(';').collect() };
    let mut non_empty = 0usize;
    let mut pairs = Vec::new();
    for segment in segments {
        if segment.trim().is_empty() {
            continue;
        }
        non_empty += 1;
        if let Some((key, value)) = split_pair(segment) {
            pairs.push((keys::slot_for_key(key), value));
        }
    }
    let known = pairs.iter().filter(|(slot, _)| slot.is_some()).count();
    if known == 0 || pairs.len() * 2 < non_empty {
        return false;
    }
    for (slot, value) in pairs {
        if let Some((slot, rank)) = slot {
            d.offer(slot, rank, value);
        }
    }
    true
}
