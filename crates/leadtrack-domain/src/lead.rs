//! A lead: one visitor met at one show, as the rep (or the visitor at the kiosk) recorded it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::grade::Grade;

/// Where a lead is in its life. `Draft` is a half-filled capture that stays on the drafts
/// list until completed; everything after `New` is the follow-up funnel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LeadStatus {
    Draft,
    New,
    Contacted,
    Opportunity,
    Quoted,
    Won,
    Lost,
}

impl LeadStatus {
    pub const ALL: [LeadStatus; 7] = [
        LeadStatus::Draft,
        LeadStatus::New,
        LeadStatus::Contacted,
        LeadStatus::Opportunity,
        LeadStatus::Quoted,
        LeadStatus::Won,
        LeadStatus::Lost,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LeadStatus::Draft => "draft",
            LeadStatus::New => "new",
            LeadStatus::Contacted => "contacted",
            LeadStatus::Opportunity => "opportunity",
            LeadStatus::Quoted => "quoted",
            LeadStatus::Won => "won",
            LeadStatus::Lost => "lost",
        }
    }

    pub fn parse(s: &str) -> Option<LeadStatus> {
        LeadStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// How the lead entered LeadTrack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LeadSource {
    Manual,
    RepScan,
    Kiosk,
    Import,
}

impl LeadSource {
    pub fn as_str(self) -> &'static str {
        match self {
            LeadSource::Manual => "manual",
            LeadSource::RepScan => "rep_scan",
            LeadSource::Kiosk => "kiosk",
            LeadSource::Import => "import",
        }
    }

    pub fn parse(s: &str) -> Option<LeadSource> {
        [LeadSource::Manual, LeadSource::RepScan, LeadSource::Kiosk, LeadSource::Import]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// What the rep promised the visitor (MISSION capability 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum NextAction {
    SendQuote,
    Demo,
    MailSamples,
    TechnicalExchange,
    FactoryVisit,
    SampleRequest,
    DeepDive,
}

impl NextAction {
    pub const ALL: [NextAction; 7] = [
        NextAction::SendQuote,
        NextAction::Demo,
        NextAction::MailSamples,
        NextAction::TechnicalExchange,
        NextAction::FactoryVisit,
        NextAction::SampleRequest,
        NextAction::DeepDive,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NextAction::SendQuote => "send_quote",
            NextAction::Demo => "demo",
            NextAction::MailSamples => "mail_samples",
            NextAction::TechnicalExchange => "technical_exchange",
            NextAction::FactoryVisit => "factory_visit",
            NextAction::SampleRequest => "sample_request",
            NextAction::DeepDive => "deep_dive",
        }
    }

    pub fn parse(s: &str) -> Option<NextAction> {
        NextAction::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// What the capture form sends: the same for a new lead and an edit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LeadInput {
    pub event_id: String,
    pub company: String,
    pub name: String,
    pub title: String,
    pub phone: String,
    pub email: String,
    /// ISO alpha-2; blank means "the show's country" when the phone has no leading +.
    pub country: String,
    pub grade: Option<Grade>,
    pub interests: Vec<String>,
    pub key_needs: String,
    pub next_action: Option<NextAction>,
    /// True saves whatever is there and keeps the lead on the drafts list.
    pub draft: bool,
    pub source: Option<LeadSource>,
    pub badge_raw: Option<String>,
    pub badge_format: Option<String>,
    /// The attendee id the badge carried; with no name, company or email the lead waits
    /// for the show's attendee list (`to_reconcile`) instead of failing required fields.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub attendee_id: Option<String>,
}

/// A stored lead, as the detail view shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Lead {
    pub id: String,
    pub event_id: String,
    pub event_tag: String,
    pub status: LeadStatus,
    pub source: LeadSource,
    pub channel: String,
    pub captured_by: String,
    pub captured_by_name: String,
    pub assigned_to: Option<String>,
    pub company: String,
    pub name: String,
    pub title: String,
    /// As typed.
    pub phone: String,
    /// Normalised `+8613800138000`, when the country could be told.
    pub phone_e164: Option<String>,
    pub email: String,
    pub country: String,
    pub grade: Option<Grade>,
    pub interests: Vec<String>,
    pub key_needs: String,
    pub next_action: Option<NextAction>,
    pub badge_raw: Option<String>,
    pub badge_format: Option<String>,
    /// Versions saved before these fields existed read as "none".
    #[serde(default)]
    pub attendee_id: Option<String>,
    /// Scanned from an id-only badge the attendee list did not know (yet).
    #[serde(default)]
    pub to_reconcile: bool,
    /// Set when this lead was merged into another: it leaves the lists, keeps its history.
    #[serde(default)]
    pub merged_into: Option<String>,
    /// What the visitor agreed to be contacted by, as worded when they ticked it (kiosk).
    #[serde(default)]
    pub consent: Option<crate::kiosk::Consent>,
    /// The visitor's answers to the show's qualifying questions (kiosk).
    #[serde(default)]
    pub answers: Vec<crate::kiosk::Answer>,
    pub version: u32,
    pub hlc: String,
    #[ts(type = "number")]
    pub created_at: i64,
    #[ts(type = "number")]
    pub updated_at: i64,
}

/// One row of the lead list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LeadSummary {
    pub id: String,
    pub event_tag: String,
    pub status: LeadStatus,
    pub company: String,
    pub name: String,
    pub title: String,
    pub email: String,
    pub grade: Option<Grade>,
    pub captured_by_name: String,
    pub interests: Vec<String>,
    /// How the lead came in: a kiosk lead without a grade waits for a rep to qualify it.
    pub source: LeadSource,
    /// Scanned from an id-only badge the attendee list has not named yet.
    pub to_reconcile: bool,
    pub attendee_id: Option<String>,
    #[ts(type = "number")]
    pub updated_at: i64,
    /// Who follows the lead up, when a manager assigned it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub assigned_to_name: Option<String>,
}

/// A frozen copy of a lead as one save left it. History is never rewritten.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LeadVersion {
    pub version: u32,
    pub hlc: String,
    pub author_id: String,
    pub author_name: String,
    #[ts(type = "number")]
    pub saved_at: i64,
    /// Names of the fields this save changed compared with the version before it.
    pub changed: Vec<String>,
    pub lead: Lead,
    /// The lead this version was saved for: the one asked about, or a lead merged into it
    /// (a merged lead's history shows on the lead that absorbed it).
    #[serde(default)]
    pub lead_id: String,
    /// Set on the two versions a merge saves: the survivor's and the absorbed lead's.
    #[serde(default)]
    #[ts(optional)]
    pub merge: Option<crate::merge::MergeNote>,
}

/// The lead list's search box and filters. Empty strings and `None` mean "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LeadQuery {
    pub text: String,
    pub event_id: Option<String>,
    pub grade: Option<Grade>,
    pub status: Option<LeadStatus>,
    pub captured_by: Option<String>,
    /// `Some(true)`: only leads waiting for the attendee list.
    #[serde(default)]
    #[ts(optional)]
    pub to_reconcile: Option<bool>,
    /// Only leads that came in this way (`kiosk`: visitors who registered themselves).
    #[serde(default)]
    #[ts(optional)]
    pub source: Option<LeadSource>,
    /// Most results returned; the list pages with it. `None` means 200.
    pub limit: Option<u32>,
}

impl Lead {
    /// The lead as the form would send it back unchanged: the start of an edit made by
    /// code (an attendee list naming the lead, a merge).
    pub fn to_input(&self) -> LeadInput {
        LeadInput {
            event_id: self.event_id.clone(),
            company: self.company.clone(),
            name: self.name.clone(),
            title: self.title.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            country: self.country.clone(),
            grade: self.grade,
            interests: self.interests.clone(),
            key_needs: self.key_needs.clone(),
            next_action: self.next_action,
            draft: self.status == LeadStatus::Draft,
            source: Some(self.source),
            badge_raw: self.badge_raw.clone(),
            badge_format: self.badge_format.clone(),
            attendee_id: self.attendee_id.clone(),
        }
    }

    /// Field names whose values differ between two versions of the same lead, for the
    /// history view ("changed grade, key needs").
    pub fn changed_fields(&self, before: &Lead) -> Vec<String> {
        let mut out = Vec::new();
        let mut cmp = |name: &str, changed: bool| {
            if changed {
                out.push(name.to_string());
            }
        };
        cmp("status", self.status != before.status);
        cmp("company", self.company != before.company);
        cmp("name", self.name != before.name);
        cmp("title", self.title != before.title);
        cmp("phone", self.phone != before.phone);
        cmp("email", self.email != before.email);
        cmp("country", self.country != before.country);
        cmp("grade", self.grade != before.grade);
        cmp("interests", self.interests != before.interests);
        cmp("key_needs", self.key_needs != before.key_needs);
        cmp("next_action", self.next_action != before.next_action);
        cmp("assigned_to", self.assigned_to != before.assigned_to);
        cmp("event", self.event_id != before.event_id);
        out
    }
}
