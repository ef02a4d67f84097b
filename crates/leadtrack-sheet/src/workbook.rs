//! Excel and OpenDocument workbooks: the first sheet that has any data.

use std::io::Cursor;

use calamine::{Data, Reader, Sheets};

use crate::{assemble, Error, Format, Result, Sheet};

pub(crate) fn read(bytes: &[u8], format: Format) -> Result<Sheet> {
    let mut book: Sheets<_> = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| Error::Workbook(e.to_string()))?;
    let format = match &book {
        Sheets::Xls(_) => Format::Xls,
        Sheets::Ods(_) => Format::Ods,
        _ => format,
    };
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| Error::Workbook(e.to_string()))?;
        if range.is_empty() {
            continue;
        }
        // Row numbers as the spreadsheet shows them: the range may start below row 1.
        let first_row = range.start().map_or(0, |(r, _)| r as usize);
        let rows = range
            .rows()
            .enumerate()
            .map(|(i, row)| Ok((first_row + i + 1, row.iter().map(cell_text).collect())))
            .collect::<Vec<_>>();
        match assemble(format, name.clone(), rows.into_iter()) {
            Err(Error::Empty) => continue,
            other => return other,
        }
    }
    Err(Error::Empty)
}

/// A cell as the person sees it: whole numbers without `.0` (ids are often stored as numbers),
/// dates as ISO dates, errors as nothing.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) if d.is_duration() => d.as_f64().to_string(),
        Data::DateTime(d) => match d.to_ymd_hms_milli() {
            (y, mo, day, 0, 0, 0, _) => format!("{y:04}-{mo:02}-{day:02}"),
            (y, mo, day, h, mi, _, _) => format!("{y:04}-{mo:02}-{day:02}T{h:02}:{mi:02}"),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
    }
}
