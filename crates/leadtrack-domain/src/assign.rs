//! Automatic delegation: which rep should follow up which unassigned lead.
//!
//! Seed 002's rule, made concrete: spread leads *fairly* (workload evens out) while sending
//! each lead to the rep most likely to convert it — one who covers its region, knows the
//! products it asked about and speaks its language — and giving the hottest leads to the
//! reps who convert best. Pure: the store gathers the facts, the manager sees the proposal
//! before anything is saved.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Grade;

/// What the rule knows about a lead waiting for an owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignLead {
    pub id: String,
    /// ISO country code, upper case (`CN`), or empty.
    pub country: String,
    pub interests: Vec<String>,
    /// `zh`, `fa`, `en`… when it can be told (see [`language_of`]).
    pub language: Option<String>,
    pub grade: Option<Grade>,
    #[doc = "Capture time, unix ms: older leads first among equals."]
    pub created_at: i64,
}

/// A rep's coverage, set by a manager in Settings → Team. Empty lists mean "anything".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AssignProfile {
    /// Country codes the rep covers.
    pub regions: Vec<String>,
    /// Interest tags (products) the rep knows.
    pub interests: Vec<String>,
    /// Languages the rep speaks (`en`, `zh`, `fa`).
    pub languages: Vec<String>,
}

/// A rep as the rule sees them.
#[derive(Debug, Clone, PartialEq)]
pub struct AssignRep {
    pub id: String,
    pub profile: AssignProfile,
    /// Open leads already theirs (not won or lost).
    pub open_leads: u32,
    /// Leads of theirs that reached won or lost, and how many of those were won.
    pub closed: u32,
    pub won: u32,
}

/// Why a rep was chosen, for the manager's review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AssignReason {
    Region,
    Interest,
    Language,
    Conversion,
    Workload,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub lead_id: String,
    pub rep_id: String,
    pub reasons: Vec<AssignReason>,
}

/// Smoothed conversion rate: a rep with no closed leads counts as 50 %, so a newcomer is
/// neither starved nor flooded.
pub fn conversion_rate(won: u32, closed: u32) -> f64 {
    (won as f64 + 1.0) / (closed as f64 + 2.0)
}

/// The language a lead's own text is written in, when its script says so: Han → `zh`,
/// Arabic script → `fa` (LeadTrack's booths are Chinese and Persian); Latin says nothing.
pub fn language_of(text: &str) -> Option<&'static str> {
    for c in text.chars() {
        match c {
            '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' => return Some("zh"),
            '\u{0600}'..='\u{06FF}' | '\u{FB50}'..='\u{FDFF}' => return Some("fa"),
            _ => {}
        }
    }
    None
}

fn grade_rank(g: Option<Grade>) -> u8 {
    match g {
        Some(Grade::A) => 0,
        Some(Grade::B) => 1,
        Some(Grade::C) => 2,
        Some(Grade::D) => 3,
        None => 4,
    }
}

/// Proposes an owner for each lead. Hottest (A first) and oldest leads choose first. Each
/// rep's score: region 3, language 3 (a lead in a language no rep speaks ignores it), up to
/// two matching interests 2 each, conversion rate × 4 for A and B leads; minus 2.5 for every
/// lead they hold beyond the least-loaded rep (counting this run's proposals), so no match
/// outweighs an uneven share for long. Ties go to the lighter load, then the id: the same
/// facts give the same proposal.
pub fn propose(leads: &[AssignLead], reps: &[AssignRep]) -> Vec<Proposal> {
    if reps.is_empty() {
        return Vec::new();
    }
    let mut order: Vec<&AssignLead> = leads.iter().collect();
    order.sort_by(|a, b| (grade_rank(a.grade), a.created_at, &a.id).cmp(&(grade_rank(b.grade), b.created_at, &b.id)));
    let mut load: Vec<u32> = reps.iter().map(|r| r.open_leads).collect();
    let rates: Vec<f64> = reps.iter().map(|r| conversion_rate(r.won, r.closed)).collect();
    let best_rate = rates.iter().cloned().fold(f64::MIN, f64::max);
    let mut out = Vec::with_capacity(order.len());
    for lead in order {
        let language_known =
            lead.language.as_ref().is_some_and(|l| reps.iter().any(|r| r.profile.languages.contains(l)));
        let min_load = *load.iter().min().unwrap_or(&0);
        let mut best: Option<(f64, usize, Vec<AssignReason>)> = None;
        for (i, rep) in reps.iter().enumerate() {
            let p = &rep.profile;
            let mut score = 0.0;
            let mut why = Vec::new();
            if !lead.country.is_empty() && p.regions.iter().any(|r| r.eq_ignore_ascii_case(&lead.country)) {
                score += 3.0;
                why.push(AssignReason::Region);
            }
            if language_known && lead.language.as_ref().is_some_and(|l| p.languages.contains(l)) {
                score += 3.0;
                why.push(AssignReason::Language);
            }
            let shared = lead.interests.iter().filter(|t| p.interests.contains(t)).count().min(2);
            if shared > 0 {
                score += 2.0 * shared as f64;
                why.push(AssignReason::Interest);
            }
            if matches!(lead.grade, Some(Grade::A | Grade::B)) {
                score += 4.0 * rates[i];
                if rates[i] >= best_rate {
                    why.push(AssignReason::Conversion);
                }
            }
            score -= 2.5 * (load[i] - min_load) as f64;
            if load[i] == min_load {
                why.push(AssignReason::Workload);
            }
            let better = match &best {
                None => true,
                Some((s, j, _)) => {
                    score > *s + 1e-9 || ((score - *s).abs() <= 1e-9 && (load[i], &rep.id) < (load[*j], &reps[*j].id))
                }
            };
            if better {
                best = Some((score, i, why));
            }
        }
        if let Some((_, i, reasons)) = best {
            load[i] += 1;
            out.push(Proposal { lead_id: lead.id.clone(), rep_id: reps[i].id.clone(), reasons });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead(id: &str, country: &str, interests: &[&str], language: Option<&str>, grade: Option<Grade>) -> AssignLead {
        AssignLead {
            id: id.into(),
            country: country.into(),
            interests: interests.iter().map(|s| s.to_string()).collect(),
            language: language.map(String::from),
            grade,
            created_at: 0,
        }
    }

    fn rep(id: &str, regions: &[&str], interests: &[&str], languages: &[&str], won: u32, closed: u32) -> AssignRep {
        let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect();
        AssignRep {
            id: id.into(),
            profile: AssignProfile { regions: v(regions), interests: v(interests), languages: v(languages) },
            open_leads: 0,
            closed,
            won,
        }
    }

    fn owners(p: &[Proposal]) -> Vec<(&str, &str)> {
        p.iter().map(|p| (p.lead_id.as_str(), p.rep_id.as_str())).collect()
    }

    #[test]
    fn each_lead_goes_to_the_rep_who_matches_it_best() {
        let reps = [
            rep("china", &["CN"], &["LED panels"], &["zh"], 0, 0),
            rep("iran", &["IR"], &["Smart lighting"], &["fa"], 0, 0),
            rep("germany", &["DE"], &["Distribution"], &["en"], 0, 0),
        ];
        // (lead, expected rep): region, language alone, interest alone.
        let table = [
            (lead("a", "CN", &[], None, None), "china"),
            (lead("b", "", &[], Some("fa"), None), "iran"),
            (lead("c", "", &["Distribution"], None, None), "germany"),
        ];
        for (l, expected) in table {
            let p = propose(std::slice::from_ref(&l), &reps);
            assert_eq!(owners(&p), [(l.id.as_str(), expected)], "lead {}", l.id);
        }
    }

    #[test]
    fn identical_reps_share_leads_evenly_whatever_the_order() {
        let reps = [rep("r1", &[], &[], &[], 0, 0), rep("r2", &[], &[], &[], 0, 0), rep("r3", &[], &[], &[], 0, 0)];
        let leads: Vec<_> = (0..10).map(|i| lead(&format!("l{i:02}"), "", &[], None, None)).collect();
        let p = propose(&leads, &reps);
        let mut counts = [0; 3];
        for x in &p {
            counts[reps.iter().position(|r| r.id == x.rep_id).unwrap()] += 1;
        }
        assert_eq!(p.len(), 10);
        assert_eq!(counts, [4, 3, 3]);
    }

    #[test]
    fn existing_workload_counts_so_a_busy_rep_gets_fewer_new_leads() {
        let mut busy = rep("busy", &["CN"], &[], &[], 0, 0);
        busy.open_leads = 6;
        let reps = [busy, rep("free", &[], &[], &[], 0, 0)];
        let leads: Vec<_> = (0..4).map(|i| lead(&format!("l{i}"), "CN", &[], None, None)).collect();
        let p = propose(&leads, &reps);
        assert!(p.iter().all(|x| x.rep_id == "free"), "{:?}", owners(&p));
    }

    #[test]
    fn a_hot_lead_goes_to_the_better_converter_and_a_cold_one_does_not_care() {
        let reps = [rep("average", &[], &[], &[], 2, 10), rep("closer", &[], &[], &[], 8, 10)];
        let p = propose(&[lead("hot", "", &[], None, Some(Grade::A))], &reps);
        assert_eq!(owners(&p), [("hot", "closer")]);
        assert!(p[0].reasons.contains(&AssignReason::Conversion));
        // A D lead ignores conversion: the tie goes to the id order.
        let p = propose(&[lead("cold", "", &[], None, Some(Grade::D))], &reps);
        assert_eq!(owners(&p), [("cold", "average")]);
    }

    #[test]
    fn hotter_leads_choose_first() {
        let reps = [rep("closer", &[], &[], &[], 9, 10), rep("new", &[], &[], &[], 0, 0)];
        let leads = [lead("c", "", &[], None, Some(Grade::C)), lead("a", "", &[], None, Some(Grade::A))];
        let p = propose(&leads, &reps);
        assert_eq!(owners(&p), [("a", "closer"), ("c", "new")]);
    }

    #[test]
    fn a_language_nobody_speaks_is_ignored_and_no_reps_means_no_proposal() {
        let reps = [rep("r1", &[], &[], &["en"], 0, 0), rep("r2", &["TR"], &[], &["en"], 0, 0)];
        let p = propose(&[lead("x", "TR", &[], Some("tr"), None)], &reps);
        assert_eq!(owners(&p), [("x", "r2")]);
        assert!(propose(&[lead("x", "", &[], None, None)], &[]).is_empty());
    }

    #[test]
    fn the_script_of_a_name_tells_chinese_and_persian() {
        assert_eq!(language_of("王伟"), Some("zh"));
        assert_eq!(language_of("رضا احمدی"), Some("fa"));
        assert_eq!(language_of("Anna Müller"), None);
    }
}
