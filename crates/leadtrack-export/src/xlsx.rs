//! An Excel workbook: one sheet, a bold frozen header with filters, text as text, dates as dates.

use leadtrack_domain::Lead;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use crate::columns::{self, SHEET_CAPTURED_AT, SHEET_HEADERS, SHEET_UPDATED_AT};
use crate::Result;

/// Excel's limit for one cell's text.
const MAX_CELL_CHARS: usize = 32_767;

/// Every text cell is written with `write_string`: a string cell is never evaluated, so a
/// visitor's `=HYPERLINK(…)` stays text without the CSV guard's quote. The two timestamps
/// are real date cells (UTC), so a manager can sort and filter by day.
pub fn xlsx(leads: &[Lead]) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Leads")?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    for (col, header) in SHEET_HEADERS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *header, &bold)?;
    }
    for (i, lead) in leads.iter().enumerate() {
        let row = i as u32 + 1;
        for (col, cell) in columns::sheet_cells(lead).iter().enumerate() {
            let col16 = col as u16;
            let stamp = match col {
                SHEET_CAPTURED_AT => Some(lead.created_at),
                SHEET_UPDATED_AT => Some(lead.updated_at),
                _ => None,
            };
            // A timestamp Excel cannot show (before 1900) falls back to its ISO text.
            match stamp.map(|ms| ExcelDateTime::from_timestamp(ms.div_euclid(1000))) {
                Some(Ok(when)) => {
                    sheet.write_datetime_with_format(row, col16, &when, &date)?;
                }
                _ => {
                    sheet.write_string(row, col16, truncate(cell))?;
                }
            }
        }
    }
    let last_col = SHEET_HEADERS.len() as u16 - 1;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, leads.len() as u32, last_col)?;
    for (col, width) in [(0, 22), (3, 24), (5, 28), (11, 30), (12, 40), (15, 20), (16, 20)] {
        sheet.set_column_width(col, width)?;
    }
    Ok(book.save_to_buffer()?)
}

/// Excel refuses longer cells; a badge payload or pasted essay is cut rather than failing
/// the whole export.
fn truncate(text: &str) -> &str {
    match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}
