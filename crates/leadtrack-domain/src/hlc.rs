//! Hybrid logical clocks: "newest edit wins" even when two laptops' clocks disagree.
//!
//! A stamp is (wall milliseconds, counter, node). It never goes backwards on one device,
//! even if the wall clock does, and it orders edits across devices by time where clocks
//! agree. The string form sorts the same way as the stamp, so SQL can compare it.

use std::cmp::Ordering;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Hlc {
    pub ms: i64,
    pub counter: u32,
    pub node: String,
}

impl Hlc {
    /// The next stamp on this device after `last`, given the wall clock `now_ms`.
    pub fn tick(last: Option<&Hlc>, now_ms: i64, node: &str) -> Hlc {
        match last {
            Some(l) if l.ms >= now_ms => Hlc { ms: l.ms, counter: l.counter.saturating_add(1), node: node.to_string() },
            _ => Hlc { ms: now_ms.max(0), counter: 0, node: node.to_string() },
        }
    }

    /// Parses the string form written by `Display`.
    pub fn parse(s: &str) -> Option<Hlc> {
        let mut parts = s.splitn(3, '-');
        let ms = parts.next()?.parse().ok()?;
        let counter = u32::from_str_radix(parts.next()?, 16).ok()?;
        let node = parts.next()?.to_string();
        Some(Hlc { ms, counter, node })
    }
}

impl fmt::Display for Hlc {
    /// Zero-padded so that string order is stamp order: `0001773482519123-00000007-<node>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016}-{:08x}-{}", self.ms, self.counter, self.node)
    }
}

impl Ord for Hlc {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.ms, self.counter, &self.node).cmp(&(other.ms, other.counter, &other.node))
    }
}

impl PartialOrd for Hlc {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clock_that_steps_back_still_moves_the_stamp_forward() {
        let a = Hlc::tick(None, 1_000, "n1");
        let b = Hlc::tick(Some(&a), 900, "n1");
        assert!(b > a);
        assert_eq!((b.ms, b.counter), (1_000, 1));
        let c = Hlc::tick(Some(&b), 2_000, "n1");
        assert_eq!((c.ms, c.counter), (2_000, 0));
    }

    #[test]
    fn string_order_is_stamp_order() {
        let stamps = [
            Hlc { ms: 9, counter: 0, node: "b".into() },
            Hlc { ms: 10, counter: 0, node: "a".into() },
            Hlc { ms: 10, counter: 15, node: "a".into() },
            Hlc { ms: 10, counter: 16, node: "a".into() },
        ];
        for w in stamps.windows(2) {
            assert!(w[0] < w[1]);
            assert!(w[0].to_string() < w[1].to_string());
        }
        for s in &stamps {
            assert_eq!(Hlc::parse(&s.to_string()).as_ref(), Some(s));
        }
    }
}
