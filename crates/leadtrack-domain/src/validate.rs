//! Lead validation: what the capture form checks inline and the store checks again.
//!
//! Errors are per field with a stable `code` the UI translates and an English `message`
//! for logs and the CLI. A draft saves almost anything; a finished lead meets its show's
//! required fields and has a well-formed email and phone.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::event::Event;
use crate::lead::{LeadInput, LeadSource, LeadStatus};
use crate::phone::{self, PhoneCheck};

/// Longest value kept in a one-line field; longer input is refused, not cut.
pub const MAX_SHORT: usize = 300;
/// Longest key-needs text.
pub const MAX_LONG: usize = 10_000;
pub const MAX_INTERESTS: usize = 50;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldError {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, code: &str, message: &str) -> FieldError {
        FieldError { field: field.into(), code: code.into(), message: message.into() }
    }

    pub fn required(field: &str) -> FieldError {
        FieldError::new(field, "required", &format!("{} is required.", field.replace('_', " ")))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{}", summary(.fields))]
pub struct ValidationErrors {
    pub fields: Vec<FieldError>,
}

fn summary(fields: &[FieldError]) -> String {
    fields.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join(" ")
}

impl ValidationErrors {
    pub fn result(fields: Vec<FieldError>) -> Result<(), ValidationErrors> {
        if fields.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors { fields })
        }
    }
}

/// A lead input that passed validation: trimmed, cleaned, with its phone normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidLead {
    pub input: LeadInput,
    pub status: LeadStatus,
    pub source: LeadSource,
    pub phone_e164: Option<String>,
}

/// Validates `input` for `event`. Drafts need only something to remember the visitor by.
pub fn lead(mut input: LeadInput, event: &Event) -> Result<ValidLead, ValidationErrors> {
    clean(&mut input);
    let mut errors = Vec::new();
    let one_line = [
        ("company", &input.company),
        ("name", &input.name),
        ("title", &input.title),
        ("phone", &input.phone),
        ("email", &input.email),
    ];
    for (field, value) in one_line {
        if value.chars().count() > MAX_SHORT {
            errors.push(FieldError::new(field, "too_long", &format!("{field} is longer than {MAX_SHORT} characters.")));
        }
    }
    if input.attendee_id.as_deref().is_some_and(|id| id.chars().count() > 120) {
        errors.push(FieldError::new("attendee_id", "too_long", "The attendee id is longer than 120 characters."));
    }
    if input.key_needs.chars().count() > MAX_LONG {
        errors.push(FieldError::new(
            "key_needs",
            "too_long",
            &format!("Key needs are longer than {MAX_LONG} characters."),
        ));
    }
    if input.interests.len() > MAX_INTERESTS || input.interests.iter().any(|t| t.chars().count() > 80) {
        errors.push(FieldError::new("interests", "too_many", "Too many or too long interest tags."));
    }
    if !input.country.is_empty() && !is_country_code(&input.country) {
        errors.push(FieldError::new("country", "invalid_country", "Use a two-letter country code such as CN or DE."));
    }

    let has_identity = [&input.name, &input.company, &input.email, &input.phone].iter().any(|v| !v.is_empty())
        || input.badge_raw.as_deref().is_some_and(|b| !b.trim().is_empty());
    if input.draft {
        if !has_identity {
            errors.push(FieldError::new(
                "name",
                "empty_draft",
                "Type at least a name, company, email or phone, or scan a badge, to keep a draft.",
            ));
        }
    } else {
        // An id-only badge is somebody the attendee list will name later: its contact
        // fields are not demanded now, its qualification (grade, next action) still is.
        let awaiting_list = awaits_attendee_list(&input);
        for field in &event.form.required {
            let contact = !matches!(field.as_str(), "grade" | "next_action");
            if is_blank(&input, field) && !(awaiting_list && contact) {
                errors.push(FieldError::required(field));
            }
        }
    }

    if !input.email.is_empty() && !is_email(&input.email) {
        errors.push(FieldError::new(
            "email",
            "invalid_email",
            "This email address is not complete (like name@company.com).",
        ));
    }
    let country = if input.country.is_empty() { event.country.as_str() } else { input.country.as_str() };
    let mut phone_e164 = None;
    if !input.phone.is_empty() {
        match phone::check(&input.phone, country) {
            PhoneCheck::E164(n) => phone_e164 = Some(n),
            PhoneCheck::Unchecked => {}
            PhoneCheck::Invalid => errors.push(FieldError::new(
                "phone",
                "invalid_phone",
                &format!(
                    "This is not a valid phone number{}.",
                    if country.is_empty() { String::new() } else { format!(" for {country}") }
                ),
            )),
        }
    }
    ValidationErrors::result(errors)?;
    let status = if input.draft { LeadStatus::Draft } else { LeadStatus::New };
    let source = input.source.unwrap_or(LeadSource::Manual);
    Ok(ValidLead { input, status, source, phone_e164 })
}

/// True for a lead known only by its attendee id: no name, company or email yet.
pub fn awaits_attendee_list(input: &LeadInput) -> bool {
    input.attendee_id.as_deref().is_some_and(|id| !id.trim().is_empty())
        && [&input.name, &input.company, &input.email].iter().all(|v| v.trim().is_empty())
}

fn is_blank(input: &LeadInput, field: &str) -> bool {
    match field {
        "company" => input.company.is_empty(),
        "name" => input.name.is_empty(),
        "title" => input.title.is_empty(),
        "phone" => input.phone.is_empty(),
        "email" => input.email.is_empty(),
        "grade" => input.grade.is_none(),
        "next_action" => input.next_action.is_none(),
        _ => false,
    }
}

/// Trims, drops control characters (a scanner's stray CR or ESC), dedupes interest tags.
fn clean(input: &mut LeadInput) {
    for s in [
        &mut input.company,
        &mut input.name,
        &mut input.title,
        &mut input.phone,
        &mut input.email,
        &mut input.country,
        &mut input.event_id,
    ] {
        *s = one_line(s);
    }
    input.country = input.country.to_uppercase();
    input.attendee_id = input.attendee_id.as_deref().map(one_line).filter(|id| !id.is_empty());
    input.key_needs = input
        .key_needs
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect::<String>()
        .trim()
        .to_string();
    let mut tags: Vec<String> = Vec::new();
    for t in input.interests.iter().map(|t| one_line(t)) {
        if !t.is_empty() && !tags.contains(&t) {
            tags.push(t);
        }
    }
    input.interests = tags;
}

fn one_line(s: &str) -> String {
    let kept: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An ISO 3166 alpha-2 code's shape: two upper-case ASCII letters.
pub fn is_country_code(s: &str) -> bool {
    s.len() == 2 && s.chars().all(|c| c.is_ascii_uppercase())
}

/// Deliberately simple: one @, a non-empty local part, a dotted domain, no spaces. Real
/// deliverability is the mail server's business; this catches typos on the show floor.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !s.chars().any(|c| c.is_whitespace() || c == '<' || c == '>' || c == ',' || c == ';')
        && domain.split('.').count() >= 2
        && domain.split('.').all(|p| !p.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::CaptureForm;
    use crate::grade::Grade;

    fn event() -> Event {
        Event {
            id: "e1".into(),
            tag: "T".into(),
            name: "Show".into(),
            starts_on: "2026-01-01".into(),
            ends_on: "2026-01-02".into(),
            booth: String::new(),
            country: "CN".into(),
            form: CaptureForm {
                required: vec!["name".into(), "company".into(), "grade".into()],
                ..CaptureForm::default()
            },
            badge_profile: None,
        }
    }

    fn complete() -> LeadInput {
        LeadInput {
            event_id: "e1".into(),
            company: " 深圳华强 ".into(),
            name: "王\u{7}伟".into(),
            phone: "138 0013 8000".into(),
            email: "wang@example.cn".into(),
            grade: Some(Grade::A),
            interests: vec!["LED".into(), " LED ".into(), "".into()],
            ..LeadInput::default()
        }
    }

    #[test]
    fn a_complete_lead_is_cleaned_and_its_phone_normalised_with_the_show_country() {
        let v = lead(complete(), &event()).unwrap();
        assert_eq!(v.input.company, "深圳华强");
        assert_eq!(v.input.name, "王 伟");
        assert_eq!(v.input.interests, vec!["LED".to_string()]);
        assert_eq!(v.phone_e164.as_deref(), Some("+8613800138000"));
        assert_eq!(v.status, LeadStatus::New);
    }

    #[test]
    fn missing_required_fields_are_reported_per_field() {
        let input = LeadInput { event_id: "e1".into(), name: "Ana".into(), ..LeadInput::default() };
        let err = lead(input, &event()).unwrap_err();
        let fields: Vec<_> = err.fields.iter().map(|f| (f.field.as_str(), f.code.as_str())).collect();
        assert_eq!(fields, vec![("company", "required"), ("grade", "required")]);
    }

    #[test]
    fn a_draft_needs_only_something_to_remember_the_visitor_by() {
        let input = LeadInput { event_id: "e1".into(), name: "Ana".into(), draft: true, ..LeadInput::default() };
        assert_eq!(lead(input, &event()).unwrap().status, LeadStatus::Draft);
        let empty = LeadInput { event_id: "e1".into(), draft: true, ..LeadInput::default() };
        assert_eq!(lead(empty, &event()).unwrap_err().fields[0].code, "empty_draft");
    }

    #[test]
    fn an_id_only_badge_waits_for_the_attendee_list_but_is_still_graded() {
        let id_only = LeadInput { event_id: "e1".into(), attendee_id: Some(" 000123 ".into()), ..LeadInput::default() };
        let err = lead(id_only.clone(), &event()).unwrap_err();
        assert_eq!(err.fields.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(), vec!["grade"]);
        let graded = lead(LeadInput { grade: Some(Grade::B), ..id_only.clone() }, &event()).unwrap();
        assert_eq!(graded.input.attendee_id.as_deref(), Some("000123"));
        // A name means the badge said who it is: the show's required fields apply again.
        let named = LeadInput { name: "Ana".into(), grade: Some(Grade::B), ..id_only };
        assert_eq!(lead(named, &event()).unwrap_err().fields[0].field, "company");
    }

    #[test]
    fn malformed_email_and_phone_are_refused_with_their_field() {
        let mut input = complete();
        input.email = "wang@localhost".into();
        input.phone = "12345".into();
        let err = lead(input, &event()).unwrap_err();
        let fields: Vec<_> = err.fields.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(fields, vec!["invalid_email", "invalid_phone"]);
    }

    #[test]
    fn emails() {
        for ok in ["a@b.co", "first.last+tag@sub.example.com", "用户@例子.中国"] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in ["", "a", "a@", "@b.co", "a@b", "a@@b.co", "a b@c.de", "a@b..de", "<a@b.co>"] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn overlong_fields_are_refused_not_cut() {
        let mut input = complete();
        input.name = "x".repeat(MAX_SHORT + 1);
        assert_eq!(lead(input, &event()).unwrap_err().fields[0].code, "too_long");
    }
}
