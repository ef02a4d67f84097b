//! The hybrid-logical-clock rules of sync: the edit with the greater stamp wins, on every
//! device and on the server, whatever order edits arrive in.
//!
//! Stamps travel as the string form of [`leadtrack_domain::Hlc`]
//! (`0001773482519123-00000007-<node>`), which sorts byte-wise exactly like the stamp. The
//! server compares them as text in the "C" collation, so only the canonical form may be
//! stored: [`parse_canonical`] refuses anything else (a shorter number, upper-case hex, a
//! negative time) that would sort differently from the stamp it means.

use std::cmp::Ordering;

use leadtrack_domain::Hlc;

/// A device whose clock is further ahead than this could win every future conflict, so the
/// server rejects such an item (`clock_skew`) instead of letting it stick.
pub const MAX_AHEAD_MS: i64 = 24 * 60 * 60 * 1000;

/// Parses a stamp only if it is in canonical form, so text order is stamp order.
pub fn parse_canonical(s: &str) -> Option<Hlc> {
    let hlc = Hlc::parse(s)?;
    (hlc.ms >= 0 && !hlc.node.is_empty() && hlc.to_string() == s).then_some(hlc)
}

/// Orders two canonical stamps as the server does; `None` if either is not canonical.
pub fn compare(a: &str, b: &str) -> Option<Ordering> {
    Some(parse_canonical(a)?.cmp(&parse_canonical(b)?))
}

/// True when `hlc` claims a time more than [`MAX_AHEAD_MS`] after `now_ms`.
pub fn too_far_ahead(hlc: &Hlc, now_ms: i64) -> bool {
    hlc.ms > now_ms.saturating_add(MAX_AHEAD_MS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(ms: i64, counter: u32, node: &str) -> String {
        Hlc { ms, counter, node: node.into() }.to_string()
    }

    #[test]
    fn canonical_stamps_compare_as_text_and_as_stamps_alike() {
        let stamps = [
            stamp(1_000, 0, "b"),
            stamp(1_000, 1, "a"),
            stamp(1_000, 0x10, "a"),
            stamp(10_000, 0, "A"),
            stamp(10_000, 0, "a"),
            stamp(10_000, 0, "a-2"),
        ];
        for a in &stamps {
            for b in &stamps {
                assert_eq!(compare(a, b), Some(a.as_bytes().cmp(b.as_bytes())), "{a} vs {b}");
            }
        }
    }

    #[test]
    fn non_canonical_stamps_are_refused() {
        let good = stamp(1_773_482_519_123, 7, "dev-1");
        assert!(parse_canonical(&good).is_some());
        for bad in [
            "1773482519123-00000007-dev-1",    // unpadded: would sort before 9…
            "0001773482519123-0000000A-dev-1", // upper-case hex
            "0001773482519123-7-dev-1",        // unpadded counter
            "-001773482519123-00000007-dev-1", // negative time
            "0001773482519123-00000007-",      // no node
            "garbage",
        ] {
            assert_eq!(parse_canonical(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_stamp_a_day_and_more_ahead_is_too_far() {
        let now = 1_773_482_519_123;
        let hlc = |ms| Hlc { ms, counter: 0, node: "n".into() };
        assert!(!too_far_ahead(&hlc(now + MAX_AHEAD_MS), now));
        assert!(too_far_ahead(&hlc(now + MAX_AHEAD_MS + 1), now));
        assert!(!too_far_ahead(&hlc(0), now));
    }
}
