//! Spreadsheet files to rows of text: the organiser's attendee list, a pricebook.
//!
//! Organisers export whatever their system gives them: CSV in UTF-8 (with or without a BOM),
//! UTF-16, GBK or Windows-1252, separated by commas, semicolons or tabs; or an Excel file
//! (XLSX, old XLS) or an OpenDocument sheet. [`read`] takes the bytes and returns one table —
//! a header row and data rows, every cell as trimmed text, each row with the number the
//! spreadsheet shows for it — or an error a person can act on. Pure: no files, no clocks.

mod csv_text;
mod workbook;

use serde::Serialize;

/// Larger files are refused before parsing: no real attendee list comes close.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;
/// Data rows kept; a file with more is refused rather than silently cut.
pub const MAX_ROWS: usize = 500_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Csv,
    Xlsx,
    Xls,
    Ods,
}

/// One data row: its cells (as many as the header, padded with empty strings) and the row
/// number a person sees in their spreadsheet program (the header is usually row 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sheet {
    pub format: Format,
    /// How a CSV file's text was decoded (`UTF-8`, `GBK`, …); the sheet's name for workbooks.
    pub source: String,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Error {
    #[error("The file is empty: it has no header row.")]
    Empty,
    #[error("The file is {size} bytes; the largest accepted is {MAX_BYTES} bytes.")]
    TooLarge { size: usize },
    #[error("The file has more than {MAX_ROWS} rows; split it into smaller files.")]
    TooManyRows,
    #[error("This does not look like a spreadsheet: use CSV, XLSX, XLS or ODS.")]
    NotASpreadsheet,
    #[error("The workbook could not be read: {0}")]
    Workbook(String),
    #[error("Row {row} could not be read: {message}")]
    Csv { row: usize, message: String },
}

pub type Result<T> = std::result::Result<T, Error>;

/// Reads `bytes` as a spreadsheet. The format is told by the content (a zip is a workbook, an
/// OLE file is XLS); `file_name` only breaks ties (`.ods` vs `.xlsx`) and is never trusted alone.
pub fn read(bytes: &[u8], file_name: &str) -> Result<Sheet> {
    if bytes.len() > MAX_BYTES {
        return Err(Error::TooLarge { size: bytes.len() });
    }
    let lower = file_name.to_ascii_lowercase();
    if bytes.starts_with(b"PK\x03\x04") {
        let format = if lower.ends_with(".ods") { Format::Ods } else { Format::Xlsx };
        return workbook::read(bytes, format);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return workbook::read(bytes, Format::Xls);
    }
    csv_text::read(bytes)
}

/// Builds the sheet from raw rows (`(row number, cells)`): the first row with any text is the
/// header; blank rows are dropped; every row is padded or cut to the header's width (cells past
/// the last header are kept only when they hold text, under a generated header).
fn assemble(format: Format, source: String, raw: impl Iterator<Item = Result<(usize, Vec<String>)>>) -> Result<Sheet> {
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for item in raw {
        let (number, cells) = item?;
        let cells: Vec<String> = cells.into_iter().map(|c| clean(&c)).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        match &mut headers {
            None => headers = Some(cells),
            Some(h) => {
                if rows.len() == MAX_ROWS {
                    return Err(Error::TooManyRows);
                }
                while h.len() < cells.len() {
                    h.push(format!("Column {}", h.len() + 1));
                }
                rows.push(Row { number, cells });
            }
        }
    }
    let mut headers = headers.ok_or(Error::Empty)?;
    // Trailing header cells that are empty and never hold data are not columns.
    let used = rows.iter().map(|r| r.cells.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1)).max();
    let named = headers.iter().rposition(|h| !h.is_empty()).map_or(0, |i| i + 1);
    headers.truncate(named.max(used.unwrap_or(0)));
    for (i, h) in headers.iter_mut().enumerate() {
        if h.is_empty() {
            *h = format!("Column {}", i + 1);
        }
    }
    for r in &mut rows {
        r.cells.resize(headers.len(), String::new());
    }
    Ok(Sheet { format, source, headers, rows })
}

/// One cell as text a form can take: control characters (other than none) become spaces,
/// surrounding blanks and a stray BOM go.
fn clean(cell: &str) -> String {
    let mapped: String =
        cell.chars().filter(|&c| c != '\u{feff}').map(|c| if c.is_control() { ' ' } else { c }).collect();
    mapped.trim().to_string()
}

#[cfg(test)]
mod tests;
