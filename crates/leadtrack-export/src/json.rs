//! JSON for scripts: an array of leads with field names that belong to the export, not to
//! `Lead`, so renaming a struct field never breaks someone's import script.

use leadtrack_domain::Lead;
use serde::{Deserialize, Serialize};

use crate::{iso_utc, split_name};

/// One lead as `leadtrack leads export --format json` prints it. Times are ISO 8601 UTC and
/// unix milliseconds both; enums are their lower-case codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedLead {
    pub id: String,
    pub show: String,
    pub event_id: String,
    pub status: String,
    pub source: String,
    pub name: String,
    pub given_name: String,
    pub family_name: String,
    pub company: String,
    pub title: String,
    pub email: String,
    pub phone: String,
    pub phone_e164: Option<String>,
    pub country: String,
    pub grade: Option<String>,
    pub interests: Vec<String>,
    pub key_needs: String,
    pub next_action: Option<String>,
    pub captured_by: String,
    pub captured_by_name: String,
    pub assigned_to: Option<String>,
    pub attendee_id: Option<String>,
    pub badge_format: Option<String>,
    pub badge_raw: Option<String>,
    pub version: u32,
    pub captured_at: String,
    pub updated_at: String,
    pub captured_at_ms: i64,
    pub updated_at_ms: i64,
}

impl From<&Lead> for ExportedLead {
    fn from(l: &Lead) -> ExportedLead {
        let (given_name, family_name) = split_name(&l.name);
        ExportedLead {
            id: l.id.clone(),
            show: l.event_tag.clone(),
            event_id: l.event_id.clone(),
            status: l.status.as_str().to_string(),
            source: l.source.as_str().to_string(),
            name: l.name.clone(),
            given_name,
            family_name,
            company: l.company.clone(),
            title: l.title.clone(),
            email: l.email.clone(),
            phone: l.phone.clone(),
            phone_e164: l.phone_e164.clone(),
            country: l.country.clone(),
            grade: l.grade.map(|g| g.as_str().to_string()),
            interests: l.interests.clone(),
            key_needs: l.key_needs.clone(),
            next_action: l.next_action.map(|a| a.as_str().to_string()),
            captured_by: l.captured_by.clone(),
            captured_by_name: l.captured_by_name.clone(),
            assigned_to: l.assigned_to.clone(),
            attendee_id: l.attendee_id.clone(),
            badge_format: l.badge_format.clone(),
            badge_raw: l.badge_raw.clone(),
            version: l.version,
            captured_at: iso_utc(l.created_at),
            updated_at: iso_utc(l.updated_at),
            captured_at_ms: l.created_at,
            updated_at_ms: l.updated_at,
        }
    }
}

/// A pretty-printed JSON array, one object per lead, ending in a newline.
pub fn json(leads: &[Lead]) -> Vec<u8> {
    let rows: Vec<ExportedLead> = leads.iter().map(ExportedLead::from).collect();
    // Plain strings and numbers: serialising cannot fail.
    let mut out = serde_json::to_vec_pretty(&rows).unwrap_or_else(|_| b"[]".to_vec());
    out.push(b'\n');
    out
}
