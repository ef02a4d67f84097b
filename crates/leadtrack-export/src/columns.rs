//! A lead's fields as export cells: the text each format writes, decided once.

use leadtrack_domain::{Grade, Lead, LeadStatus, NextAction};

use crate::{iso_utc, split_name};

/// The phone to hand on: E.164 when LeadTrack could tell the country, else as typed.
pub fn phone(lead: &Lead) -> &str {
    lead.phone_e164.as_deref().filter(|p| !p.is_empty()).unwrap_or(&lead.phone)
}

pub fn interests(lead: &Lead) -> String {
    lead.interests.join("; ")
}

pub fn grade(lead: &Lead) -> &'static str {
    lead.grade.map(Grade::as_str).unwrap_or("")
}

/// English labels: exports are read by CRMs and colleagues, not in the rep's UI language.
pub fn status(status: LeadStatus) -> &'static str {
    match status {
        LeadStatus::Draft => "Draft",
        LeadStatus::New => "New",
        LeadStatus::Contacted => "Contacted",
        LeadStatus::Opportunity => "Opportunity",
        LeadStatus::Quoted => "Quoted",
        LeadStatus::Won => "Won",
        LeadStatus::Lost => "Lost",
    }
}

pub fn next_action(lead: &Lead) -> &'static str {
    match lead.next_action {
        None => "",
        Some(NextAction::SendQuote) => "Send quote",
        Some(NextAction::Demo) => "Demo",
        Some(NextAction::MailSamples) => "Mail samples",
        Some(NextAction::TechnicalExchange) => "Technical exchange",
        Some(NextAction::FactoryVisit) => "Factory visit",
        Some(NextAction::SampleRequest) => "Sample request",
        Some(NextAction::DeepDive) => "Deep dive",
    }
}

/// The columns every flavour ends with, so a CRM import can keep them as custom properties.
pub const LEADTRACK_HEADERS: [&str; 9] = [
    "Show",
    "Grade",
    "Interests",
    "Key Needs",
    "Next Action",
    "Captured By",
    "Captured At",
    "Attendee ID",
    "LeadTrack ID",
];

pub fn leadtrack_cells(lead: &Lead) -> [String; 9] {
    [
        lead.event_tag.clone(),
        grade(lead).to_string(),
        interests(lead),
        lead.key_needs.clone(),
        next_action(lead).to_string(),
        lead.captured_by_name.clone(),
        iso_utc(lead.created_at),
        lead.attendee_id.clone().unwrap_or_default(),
        lead.id.clone(),
    ]
}

/// The spreadsheet view (Excel CSV and XLSX): one column per thing a person filters on.
pub const SHEET_HEADERS: [&str; 20] = [
    "Name",
    "First Name",
    "Last Name",
    "Company",
    "Title",
    "Email",
    "Phone",
    "Country",
    "Show",
    "Grade",
    "Status",
    "Interests",
    "Key Needs",
    "Next Action",
    "Captured By",
    "Captured At (UTC)",
    "Updated At (UTC)",
    "Attendee ID",
    "Source",
    "LeadTrack ID",
];

/// Where the two date columns sit in `SHEET_HEADERS`.
pub const SHEET_CAPTURED_AT: usize = 15;
pub const SHEET_UPDATED_AT: usize = 16;

pub fn sheet_cells(lead: &Lead) -> [String; 20] {
    let (given, family) = split_name(&lead.name);
    [
        lead.name.clone(),
        given,
        family,
        lead.company.clone(),
        lead.title.clone(),
        lead.email.clone(),
        phone(lead).to_string(),
        lead.country.clone(),
        lead.event_tag.clone(),
        grade(lead).to_string(),
        status(lead.status).to_string(),
        interests(lead),
        lead.key_needs.clone(),
        next_action(lead).to_string(),
        lead.captured_by_name.clone(),
        iso_utc(lead.created_at),
        iso_utc(lead.updated_at),
        lead.attendee_id.clone().unwrap_or_default(),
        lead.source.as_str().to_string(),
        lead.id.clone(),
    ]
}
