//! The three CSV flavours: HubSpot and Salesforce imports (raw UTF-8) and Excel (guarded).

use std::borrow::Cow;

use csv::{QuoteStyle, Terminator, WriterBuilder};
use leadtrack_domain::{Grade, Lead, LeadStatus};

use crate::columns::{self, LEADTRACK_HEADERS, SHEET_HEADERS};
use crate::split_name;

/// HubSpot's contact import matches a column to the property whose label it spells; these are
/// the default contact properties' labels. HubSpot imports with at least First Name, Last Name
/// or Email; the LeadTrack columns map to custom properties or are left out in the wizard.
const HUBSPOT_HEADERS: [&str; 9] = [
    "First Name",
    "Last Name",
    "Email",
    "Phone Number",
    "Company Name",
    "Job Title",
    "Country/Region",
    "Lead Status",
    "Lifecycle Stage",
];

/// HubSpot's default Lead Status options. `Won` is left blank: a blank cell leaves HubSpot's
/// value alone, and the lifecycle stage (Customer) says it.
fn hubspot_lead_status(s: LeadStatus) -> &'static str {
    match s {
        LeadStatus::Draft | LeadStatus::New => "New",
        LeadStatus::Contacted => "Connected",
        LeadStatus::Opportunity | LeadStatus::Quoted => "Open Deal",
        LeadStatus::Won => "",
        LeadStatus::Lost => "Unqualified",
    }
}

/// HubSpot's default lifecycle stages.
fn hubspot_lifecycle(s: LeadStatus) -> &'static str {
    match s {
        LeadStatus::Draft | LeadStatus::New | LeadStatus::Contacted => "Lead",
        LeadStatus::Opportunity | LeadStatus::Quoted => "Opportunity",
        LeadStatus::Won => "Customer",
        LeadStatus::Lost => "Other",
    }
}

/// The field labels Salesforce's Data Import Wizard maps to Lead fields by itself. Salesforce
/// refuses a lead without Last Name or Company.
const SALESFORCE_HEADERS: [&str; 11] = [
    "First Name",
    "Last Name",
    "Company",
    "Title",
    "Email",
    "Phone",
    "Country",
    "Lead Source",
    "Lead Status",
    "Rating",
    "Description",
];

/// Salesforce's default Lead Status picklist.
fn salesforce_lead_status(s: LeadStatus) -> &'static str {
    match s {
        LeadStatus::Draft | LeadStatus::New => "Open - Not Contacted",
        LeadStatus::Contacted | LeadStatus::Opportunity | LeadStatus::Quoted => "Working - Contacted",
        LeadStatus::Won => "Closed - Converted",
        LeadStatus::Lost => "Closed - Not Converted",
    }
}

/// Salesforce's default Rating picklist, from the customer's grades (A hot, B warm, C/D later).
fn salesforce_rating(g: Option<Grade>) -> &'static str {
    match g {
        Some(Grade::A) => "Hot",
        Some(Grade::B) => "Warm",
        Some(Grade::C) | Some(Grade::D) => "Cold",
        None => "",
    }
}

/// What Salesforce puts in Company when a lead has none (as its own Pardot sync does), so the
/// row imports instead of failing.
const NO_COMPANY: &str = "[not provided]";

fn crm_writer() -> csv::Writer<Vec<u8>> {
    WriterBuilder::new().terminator(Terminator::CRLF).quote_style(QuoteStyle::Necessary).from_writer(Vec::new())
}

fn finish(w: csv::Writer<Vec<u8>>) -> Vec<u8> {
    // Writing into a Vec cannot fail, and every record has the header's width.
    w.into_inner().unwrap_or_else(|e| e.into_inner().get_ref().clone())
}

fn write(w: &mut csv::Writer<Vec<u8>>, cells: impl IntoIterator<Item = impl AsRef<[u8]>>) {
    // Only IO errors and ragged rows fail here; a Vec has no IO errors and rows are fixed-size.
    let _ = w.write_record(cells);
}

/// HubSpot contact import: raw UTF-8, RFC 4180, no BOM.
pub fn csv_hubspot(leads: &[Lead]) -> Vec<u8> {
    let mut w = crm_writer();
    write(&mut w, HUBSPOT_HEADERS.iter().chain(LEADTRACK_HEADERS.iter()));
    for lead in leads {
        let (given, family) = split_name(&lead.name);
        let standard = [
            given,
            family,
            lead.email.clone(),
            columns::phone(lead).to_string(),
            lead.company.clone(),
            lead.title.clone(),
            lead.country.clone(),
            hubspot_lead_status(lead.status).to_string(),
            hubspot_lifecycle(lead.status).to_string(),
        ];
        write(&mut w, standard.into_iter().chain(columns::leadtrack_cells(lead)));
    }
    finish(w)
}

/// Salesforce lead import (Data Import Wizard): raw UTF-8, RFC 4180, no BOM.
pub fn csv_salesforce(leads: &[Lead]) -> Vec<u8> {
    let mut w = crm_writer();
    write(&mut w, SALESFORCE_HEADERS.iter().chain(LEADTRACK_HEADERS.iter()));
    for lead in leads {
        let (mut given, mut family) = split_name(&lead.name);
        if family.is_empty() {
            // Last Name is required; a one-word name is all the family name there is.
            std::mem::swap(&mut given, &mut family);
        }
        let company = if lead.company.trim().is_empty() { NO_COMPANY.to_string() } else { lead.company.clone() };
        let standard = [
            given,
            family,
            company,
            lead.title.clone(),
            lead.email.clone(),
            columns::phone(lead).to_string(),
            lead.country.clone(),
            "Trade Show".to_string(),
            salesforce_lead_status(lead.status).to_string(),
            salesforce_rating(lead.grade).to_string(),
            description(lead),
        ];
        write(&mut w, standard.into_iter().chain(columns::leadtrack_cells(lead)));
    }
    finish(w)
}

/// Salesforce's Description: what the rep learnt, readable without custom fields.
fn description(lead: &Lead) -> String {
    let mut lines = vec![format!("Show: {}", lead.event_tag)];
    let mut add = |label: &str, value: &str| {
        if !value.trim().is_empty() {
            lines.push(format!("{label}: {value}"));
        }
    };
    add("Grade", columns::grade(lead));
    add("Interests", &columns::interests(lead));
    add("Key needs", &lead.key_needs);
    add("Next action", columns::next_action(lead));
    lines.join("\n")
}

/// A spreadsheet as Excel opens it by double-click: a UTF-8 BOM (without it Excel reads the
/// file in the system's ANSI code page), CRLF, every cell quoted and guarded.
pub fn csv_excel(leads: &[Lead]) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    let mut w = WriterBuilder::new().terminator(Terminator::CRLF).quote_style(QuoteStyle::Always).from_writer(out);
    write(&mut w, SHEET_HEADERS);
    for lead in leads {
        write(&mut w, columns::sheet_cells(lead).iter().map(|c| excel_guard(c).into_owned()));
    }
    out = finish(w);
    out
}

/// OWASP's CSV-injection guard: a cell that a spreadsheet would read as a formula gets a
/// leading `'`, which Excel and LibreOffice show as text. A formula starts with `= + - @`
/// (or their full-width forms), or with tab or CR; spreadsheets skip leading spaces and
/// invisible direction marks before looking, so this does too.
pub fn excel_guard(cell: &str) -> Cow<'_, str> {
    for c in cell.chars() {
        match c {
            '=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠' => {
                return Cow::Owned(format!("'{cell}"))
            }
            c if c.is_whitespace() || is_invisible(c) => continue,
            _ => break,
        }
    }
    Cow::Borrowed(cell)
}

/// Zero-width and bidirectional formatting characters: they draw nothing, so a cell that
/// starts with them still looks (and may parse) like what follows.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}')
}
