//! Leads out of LeadTrack: bytes for a CRM import, a spreadsheet, an address book or a script.
//!
//! After a show the leads go somewhere else: a CRM import (HubSpot, Salesforce), a manager's
//! spreadsheet, a phone's contacts, another program. Each wants its own shape, and each has its
//! own way to turn visitor-typed text into something that runs. DESIGN's rule is that visitor
//! text is data in every export, so:
//!
//! - **CRM CSV** (`hubspot`, `salesforce`) is raw UTF-8 with RFC 4180 quoting and the column
//!   labels each CRM's import wizard maps by itself. No guard characters: a CRM stores text, and a
//!   quote added here would end up in the customer's records.
//! - **Excel CSV** is UTF-8 with a BOM (so Excel reads it as UTF-8) and CRLF; every cell is
//!   quoted, and a cell that Excel would read as a formula (`= + - @`, tab or CR first, after any
//!   leading whitespace or invisible direction marks) gets a leading `'` (OWASP's CSV-injection
//!   advice).
//! - **XLSX** writes every text cell as a string cell, which Excel never evaluates, and dates as
//!   real dates.
//! - **vCard 4.0** escapes `\ , ;` and newlines and folds lines at 75 octets without splitting a
//!   character; **JSON** is an array with field names of its own, stable whatever `Lead` becomes.
//!
//! Everything here is a pure function of the leads: no IO, no clock.

mod columns;
mod csv_out;
mod json;
mod name;
mod time;
mod vcard;
mod xlsx;

use leadtrack_domain::Lead;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use csv_out::{csv_excel, csv_hubspot, csv_salesforce, excel_guard};
pub use json::{json, ExportedLead};
pub use name::split_name;
pub use time::{iso_date, iso_utc};
pub use vcard::vcard;
pub use xlsx::xlsx;

/// What an export can be written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// CSV with HubSpot's contact property labels; raw UTF-8.
    Hubspot,
    /// CSV with the labels Salesforce's Data Import Wizard maps for leads; raw UTF-8.
    Salesforce,
    /// CSV for a person opening it in Excel: BOM, CRLF, guarded against formula injection.
    ExcelCsv,
    /// An Excel workbook.
    Xlsx,
    /// vCard 4.0, one card per lead.
    Vcard,
    /// A JSON array of leads.
    Json,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 6] = [
        ExportFormat::Hubspot,
        ExportFormat::Salesforce,
        ExportFormat::ExcelCsv,
        ExportFormat::Xlsx,
        ExportFormat::Vcard,
        ExportFormat::Json,
    ];

    /// The name on the command line (`--format excel-csv`).
    pub fn cli_name(self) -> &'static str {
        match self {
            ExportFormat::Hubspot => "hubspot",
            ExportFormat::Salesforce => "salesforce",
            ExportFormat::ExcelCsv => "excel-csv",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Vcard => "vcard",
            ExportFormat::Json => "json",
        }
    }

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Hubspot | ExportFormat::Salesforce | ExportFormat::ExcelCsv => "csv",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Vcard => "vcf",
            ExportFormat::Json => "json",
        }
    }

    /// What a save dialog's filter calls files of this kind.
    pub fn description(self) -> &'static str {
        match self {
            ExportFormat::Hubspot => "HubSpot CSV",
            ExportFormat::Salesforce => "Salesforce CSV",
            ExportFormat::ExcelCsv => "CSV for Excel",
            ExportFormat::Xlsx => "Excel workbook",
            ExportFormat::Vcard => "vCard",
            ExportFormat::Json => "JSON",
        }
    }

    /// Bytes that a terminal should not be sent.
    pub fn is_binary(self) -> bool {
        self == ExportFormat::Xlsx
    }

    /// A file name to suggest: `leadtrack-<label>-<format>.<ext>`, where `label` (a show's tag)
    /// is reduced to characters every file system accepts.
    pub fn file_name(self, label: &str) -> String {
        let label: String = label
            .chars()
            .map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '-' })
            .collect::<String>()
            .trim_matches('-')
            .to_string();
        let kind = match self {
            ExportFormat::Hubspot => "hubspot",
            ExportFormat::Salesforce => "salesforce",
            ExportFormat::ExcelCsv => "excel",
            ExportFormat::Xlsx | ExportFormat::Vcard | ExportFormat::Json => "leads",
        };
        let stem = if label.is_empty() { format!("leadtrack-{kind}") } else { format!("leadtrack-{label}-{kind}") };
        format!("{stem}.{}", self.extension())
    }
}

impl std::str::FromStr for ExportFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<ExportFormat, String> {
        ExportFormat::ALL.into_iter().find(|f| f.cli_name() == s).ok_or_else(|| {
            let names: Vec<&str> = ExportFormat::ALL.iter().map(|f| f.cli_name()).collect();
            format!("unknown export format {s:?}; use one of {}", names.join(", "))
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("could not write the workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The leads as `format`'s bytes.
pub fn export(format: ExportFormat, leads: &[Lead]) -> Result<Vec<u8>> {
    Ok(match format {
        ExportFormat::Hubspot => csv_hubspot(leads),
        ExportFormat::Salesforce => csv_salesforce(leads),
        ExportFormat::ExcelCsv => csv_excel(leads),
        ExportFormat::Xlsx => xlsx(leads)?,
        ExportFormat::Vcard => vcard(leads),
        ExportFormat::Json => json(leads),
    })
}

#[cfg(test)]
mod tests;
