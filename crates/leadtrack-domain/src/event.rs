//! A show (event) and the capture form it asks its reps to fill in.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::lead::NextAction;
use crate::validate::{FieldError, ValidationErrors};

/// Fields a show may make mandatory. Names match `LeadInput`'s fields.
pub const REQUIRABLE_FIELDS: [&str; 7] = ["company", "name", "title", "phone", "email", "grade", "next_action"];

/// What the capture form shows and demands at one show (MISSION capability 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CaptureForm {
    /// Fields that must be filled before a lead leaves the drafts list.
    pub required: Vec<String>,
    /// The interest tags reps pick from.
    pub interests: Vec<String>,
    /// The next actions offered, in order.
    pub next_actions: Vec<NextAction>,
    /// The visitor's self-registration form at the kiosk; shows made before it get the default.
    #[serde(default)]
    #[ts(optional)]
    pub kiosk: Option<crate::kiosk::KioskForm>,
}

impl Default for CaptureForm {
    fn default() -> Self {
        CaptureForm {
            required: vec!["name".into(), "company".into()],
            interests: Vec::new(),
            next_actions: NextAction::ALL.to_vec(),
            kiosk: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Event {
    pub id: String,
    /// Unique, short, printed on handouts and carried by every lead ("CANTON-2026-SPRING").
    pub tag: String,
    pub name: String,
    /// ISO dates, local to the venue.
    pub starts_on: String,
    pub ends_on: String,
    pub booth: String,
    /// ISO 3166 alpha-2 country of the venue: the default for phone numbers typed without +.
    pub country: String,
    pub form: CaptureForm,
    /// The show's badge profile (JSON, `leadtrack_badge::BadgeProfile`) as the manager saved it;
    /// absent: badges are auto-detected. Kept as text so the settings screen shows it as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub badge_profile: Option<String>,
}

/// What a manager types to create a show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EventInput {
    pub tag: String,
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
    pub booth: String,
    pub country: String,
    pub form: CaptureForm,
}

impl EventInput {
    /// Trims every field and checks what a show cannot do without.
    pub fn validated(mut self) -> Result<EventInput, ValidationErrors> {
        for s in
            [&mut self.tag, &mut self.name, &mut self.starts_on, &mut self.ends_on, &mut self.booth, &mut self.country]
        {
            *s = s.trim().to_string();
        }
        self.tag = self.tag.to_uppercase();
        self.country = self.country.to_uppercase();
        let mut errors = Vec::new();
        if self.tag.is_empty() {
            errors.push(FieldError::required("tag"));
        } else if !self.tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            errors.push(FieldError::new(
                "tag",
                "invalid_tag",
                "Use letters, digits, - and _ only: the tag is printed on handouts and links.",
            ));
        }
        if self.name.is_empty() {
            errors.push(FieldError::required("name"));
        }
        for (field, value) in [("starts_on", &self.starts_on), ("ends_on", &self.ends_on)] {
            if !is_iso_date(value) {
                errors.push(FieldError::new(field, "invalid_date", "Use a date like 2026-04-15."));
            }
        }
        if is_iso_date(&self.starts_on) && is_iso_date(&self.ends_on) && self.ends_on < self.starts_on {
            errors.push(FieldError::new("ends_on", "ends_before_start", "The show ends before it starts."));
        }
        if !self.country.is_empty() && !crate::validate::is_country_code(&self.country) {
            errors.push(FieldError::new(
                "country",
                "invalid_country",
                "Use a two-letter country code such as CN or DE.",
            ));
        }
        for f in &self.form.required {
            if !REQUIRABLE_FIELDS.contains(&f.as_str()) {
                errors.push(FieldError::new("form", "unknown_field", &format!("No such field: {f}")));
            }
        }
        ValidationErrors::result(errors).map(|()| self)
    }
}

/// `YYYY-MM-DD` with a plausible month and day; enough to keep nonsense out of the show list.
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|p| p.parse::<u32>().ok());
    matches!((num(0..4), num(5..7), num(8..10)), (Some(_), Some(m), Some(d)) if (1..=12).contains(&m) && (1..=31).contains(&d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> EventInput {
        EventInput {
            tag: " canton-2026 ".into(),
            name: "Canton Fair".into(),
            starts_on: "2026-04-15".into(),
            ends_on: "2026-04-19".into(),
            booth: "12.1 C05".into(),
            country: "cn".into(),
            form: CaptureForm::default(),
        }
    }

    #[test]
    fn a_show_tag_is_trimmed_and_upper_cased() {
        let e = input().validated().unwrap();
        assert_eq!(e.tag, "CANTON-2026");
        assert_eq!(e.country, "CN");
    }

    #[test]
    fn a_show_that_ends_before_it_starts_is_refused() {
        let mut e = input();
        e.ends_on = "2026-04-01".into();
        let err = e.validated().unwrap_err();
        assert_eq!(err.fields[0].field, "ends_on");
    }

    #[test]
    fn dates_must_be_iso() {
        assert!(is_iso_date("2026-12-31"));
        for bad in ["2026-13-01", "26-01-01", "2026/01/01", "", "2026-01-1x"] {
            assert!(!is_iso_date(bad), "{bad}");
        }
    }
}
