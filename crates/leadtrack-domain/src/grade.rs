//! Lead grades as the customer defines them (seed 004): the grade decides who calls whom, when.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A: hot, B: warm, C: long-term, D: not a lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
pub enum Grade {
    A,
    B,
    C,
    D,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::A, Grade::B, Grade::C, Grade::D];

    /// The letter as stored in SQLite and shown on screen.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
        }
    }

    pub fn parse(s: &str) -> Option<Grade> {
        match s.trim() {
            "A" | "a" => Some(Grade::A),
            "B" | "b" => Some(Grade::B),
            "C" | "c" => Some(Grade::C),
            "D" | "d" => Some(Grade::D),
            _ => None,
        }
    }

    /// The customer's own definition, in English; the UI shows a translated copy.
    pub fn meaning(self) -> &'static str {
        match self {
            Grade::A => "Hot: has budget, buys within 3–6 months. Phone them.",
            Grade::B => "Warm: buys in 6–12 months. Nurture.",
            Grade::C => "Long-term: about 2 years out. Send the catalogue.",
            Grade::D => "Not a lead: no follow-up.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_grade_round_trips_through_its_letter() {
        for g in Grade::ALL {
            assert_eq!(Grade::parse(g.as_str()), Some(g));
        }
        assert_eq!(Grade::parse("E"), None);
    }
}
