//! Merging two leads of one visitor: which values the surviving lead keeps.
//!
//! The rep picks a side per field; a field left unpicked follows the default rule: the
//! survivor's value unless it is empty, then the other's; the better grade; both key-needs
//! texts; and always the union of interests, so nothing either rep typed is dropped.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::lead::{Lead, LeadInput, LeadStatus};

/// Which lead a merged field takes its value from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MergeSide {
    /// The lead that stays (its id, links and captured-by stay).
    Survivor,
    /// The lead merged into it, which leaves the lists.
    Absorbed,
}

/// The rep's choice per field; `None` applies the default rule (see the module comment).
/// `key_needs: None` keeps both texts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MergeChoice {
    #[serde(default)]
    #[ts(optional)]
    pub company: Option<MergeSide>,
    #[serde(default)]
    #[ts(optional)]
    pub name: Option<MergeSide>,
    #[serde(default)]
    #[ts(optional)]
    pub title: Option<MergeSide>,
    #[serde(default)]
    #[ts(optional)]
    pub phone: Option<MergeSide>,
    #[serde(default)]
    #[ts(optional)]
    pub email: Option<MergeSide>,
    #[serde(default)]
    #[ts(optional)]
    pub country: Option<MergeSide>,
    #[serde(default)]
    #[ts(optional)]
    pub grade: Option<MergeSide>,
    #[serde(default)]
    #[ts(optional)]
    pub key_needs: Option<MergeSide>,
    #[serde(default)]
    #[ts(optional)]
    pub next_action: Option<MergeSide>,
    /// The versions the rep compared. When given, the merge is refused if either lead was
    /// saved again since, so a choice is never applied to values nobody looked at.
    #[serde(default)]
    #[ts(optional)]
    pub survivor_version: Option<u32>,
    #[serde(default)]
    #[ts(optional)]
    pub absorbed_version: Option<u32>,
}

/// What a merge saved, frozen with the version it concerns so the history can say so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MergeNote {
    /// The other lead: the one merged into this lead, or the one this lead was merged into.
    pub other_id: String,
    /// Its name (or company, or email) at the time of the merge.
    pub other_name: String,
    /// True on the merged-away lead's version, false on the survivor's.
    pub absorbed: bool,
}

/// The key-needs texts joined when both are kept.
pub const KEY_NEEDS_SEPARATOR: &str = "\n\n";

impl MergeChoice {
    /// The survivor's values after taking in `absorbed`, as the edit the store saves.
    /// The result is a draft only if both leads were.
    pub fn apply(&self, survivor: &Lead, absorbed: &Lead) -> LeadInput {
        let text = |pick: Option<MergeSide>, s: &String, a: &String| match pick {
            Some(MergeSide::Survivor) => s.clone(),
            Some(MergeSide::Absorbed) => a.clone(),
            None if s.trim().is_empty() => a.clone(),
            None => s.clone(),
        };
        let key_needs = match self.key_needs {
            Some(MergeSide::Survivor) => survivor.key_needs.clone(),
            Some(MergeSide::Absorbed) => absorbed.key_needs.clone(),
            None => join_texts(&survivor.key_needs, &absorbed.key_needs),
        };
        let grade = match self.grade {
            Some(MergeSide::Survivor) => survivor.grade,
            Some(MergeSide::Absorbed) => absorbed.grade,
            // A is the best grade and sorts first.
            None => [survivor.grade, absorbed.grade].into_iter().flatten().min(),
        };
        let mut interests = survivor.interests.clone();
        interests.extend(absorbed.interests.iter().filter(|t| !survivor.interests.contains(t)).cloned());
        LeadInput {
            event_id: survivor.event_id.clone(),
            company: text(self.company, &survivor.company, &absorbed.company),
            name: text(self.name, &survivor.name, &absorbed.name),
            title: text(self.title, &survivor.title, &absorbed.title),
            phone: text(self.phone, &survivor.phone, &absorbed.phone),
            email: text(self.email, &survivor.email, &absorbed.email),
            country: text(self.country, &survivor.country, &absorbed.country),
            grade,
            interests,
            key_needs,
            next_action: match self.next_action {
                Some(MergeSide::Survivor) => survivor.next_action,
                Some(MergeSide::Absorbed) => absorbed.next_action,
                None => survivor.next_action.or(absorbed.next_action),
            },
            draft: survivor.status == LeadStatus::Draft && absorbed.status == LeadStatus::Draft,
            source: Some(survivor.source),
            badge_raw: survivor.badge_raw.clone().or_else(|| absorbed.badge_raw.clone()),
            badge_format: if survivor.badge_raw.is_some() {
                survivor.badge_format.clone()
            } else {
                absorbed.badge_format.clone()
            },
            attendee_id: survivor.attendee_id.clone().or_else(|| absorbed.attendee_id.clone()),
        }
    }
}

/// Both texts, once each, the survivor's first.
fn join_texts(survivor: &str, absorbed: &str) -> String {
    let (s, a) = (survivor.trim(), absorbed.trim());
    if a.is_empty() || s == a {
        s.to_string()
    } else if s.is_empty() {
        a.to_string()
    } else {
        format!("{s}{KEY_NEEDS_SEPARATOR}{a}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::Grade;
    use crate::lead::{LeadSource, NextAction};

    fn lead(name: &str) -> Lead {
        Lead {
            id: format!("id-{name}"),
            event_id: "ev".into(),
            event_tag: "EV".into(),
            status: LeadStatus::New,
            source: LeadSource::Manual,
            channel: "booth".into(),
            captured_by: "u".into(),
            captured_by_name: "U".into(),
            assigned_to: None,
            company: String::new(),
            name: name.into(),
            title: String::new(),
            phone: String::new(),
            phone_e164: None,
            email: String::new(),
            country: String::new(),
            grade: None,
            interests: Vec::new(),
            key_needs: String::new(),
            next_action: None,
            badge_raw: None,
            badge_format: None,
            attendee_id: None,
            to_reconcile: false,
            merged_into: None,
            consent: None,
            answers: Vec::new(),
            version: 1,
            hlc: String::new(),
            created_at: 0,
            updated_at: 0,
        }
    }

    #[test]
    fn unpicked_fields_keep_the_survivors_value_and_fill_its_gaps_from_the_other() {
        let mut s = lead("Bo Li");
        s.company = "Mingliang".into();
        s.next_action = Some(NextAction::Demo);
        let mut a = lead("Li Bo");
        a.company = "Mingliang Lighting".into();
        a.email = "bo@ml.example".into();
        a.next_action = Some(NextAction::SendQuote);
        a.country = "CN".into();
        let merged = MergeChoice::default().apply(&s, &a);
        assert_eq!(
            (merged.name.as_str(), merged.company.as_str(), merged.email.as_str(), merged.country.as_str()),
            ("Bo Li", "Mingliang", "bo@ml.example", "CN")
        );
        assert_eq!(merged.next_action, Some(NextAction::Demo));
    }

    #[test]
    fn a_picked_side_wins_even_when_it_is_empty() {
        let mut s = lead("Bo Li");
        s.title = "Buyer".into();
        let mut a = lead("Li Bo");
        a.phone = "138 0013 8000".into();
        let choice = MergeChoice {
            name: Some(MergeSide::Absorbed),
            title: Some(MergeSide::Absorbed),
            phone: Some(MergeSide::Survivor),
            ..MergeChoice::default()
        };
        let merged = choice.apply(&s, &a);
        assert_eq!((merged.name.as_str(), merged.title.as_str(), merged.phone.as_str()), ("Li Bo", "", ""));
    }

    #[test]
    fn the_better_grade_both_key_needs_and_every_interest_are_kept_by_default() {
        let mut s = lead("Bo Li");
        s.grade = Some(Grade::C);
        s.interests = vec!["LED panels".into(), "drivers".into()];
        s.key_needs = "Needs 5,000 panels.".into();
        let mut a = lead("Li Bo");
        a.grade = Some(Grade::A);
        a.interests = vec!["OEM".into(), "LED panels".into()];
        a.key_needs = "Wants a factory visit.".into();
        let merged = MergeChoice::default().apply(&s, &a);
        assert_eq!(merged.grade, Some(Grade::A));
        assert_eq!(merged.interests, vec!["LED panels", "drivers", "OEM"]);
        assert_eq!(merged.key_needs, "Needs 5,000 panels.\n\nWants a factory visit.");

        let picked = MergeChoice {
            grade: Some(MergeSide::Survivor),
            key_needs: Some(MergeSide::Absorbed),
            ..MergeChoice::default()
        }
        .apply(&s, &a);
        assert_eq!((picked.grade, picked.key_needs.as_str()), (Some(Grade::C), "Wants a factory visit."));
    }

    #[test]
    fn the_same_key_needs_twice_are_kept_once() {
        let mut s = lead("Bo Li");
        s.key_needs = "Needs panels.".into();
        let mut a = lead("Li Bo");
        a.key_needs = " Needs panels. ".into();
        assert_eq!(MergeChoice::default().apply(&s, &a).key_needs, "Needs panels.");
        s.key_needs.clear();
        assert_eq!(MergeChoice::default().apply(&s, &a).key_needs, "Needs panels.");
    }

    #[test]
    fn a_draft_merged_with_a_complete_lead_is_complete_and_keeps_a_badge() {
        let mut s = lead("Bo Li");
        s.status = LeadStatus::Draft;
        let mut a = lead("Li Bo");
        a.badge_raw = Some("MECARD:N:Li,Bo;;".into());
        a.badge_format = Some("mecard".into());
        a.attendee_id = Some("A-7".into());
        let merged = MergeChoice::default().apply(&s, &a);
        assert!(!merged.draft);
        assert_eq!(merged.badge_raw.as_deref(), Some("MECARD:N:Li,Bo;;"));
        assert_eq!(merged.badge_format.as_deref(), Some("mecard"));
        assert_eq!(merged.attendee_id.as_deref(), Some("A-7"));
        a.status = LeadStatus::Draft;
        assert!(MergeChoice::default().apply(&s, &a).draft);
    }
}
