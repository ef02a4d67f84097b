//! Delimited records: `J3NHHSZN2VK^John^Smith^john@email.com^…`, `ID::last::first::…`,
//! `a|b|c`. The column order belongs to the show, and the same show changes it between editions
//! (Devoxx did), so a badge profile should name it. Without one, a few layouts seen in the wild
//! are recognised by their shape, and anything else gets a cautious guess (an id at either end,
//! email and phone by their look, the first text columns as the name) with a warning.

use crate::contact::{Draft, Slot};
use crate::profile::Column;
use crate::text;

/// Tried in this order; the first that splits the payload into enough non-empty columns wins.
pub(crate) const AUTO_DELIMITERS: [&str; 6] = ["::", "^", "|", "\t", "*", "%"];

/// Columns read at most; the rest of a hostile `a|a|a|…` payload is ignored with a warning.
const MAX_COLUMNS: usize = 256;

const CVENT: &[Column] = &[
    Column::Id,
    Column::FirstName,
    Column::LastName,
    Column::Email,
    Column::Title,
    Column::Company,
    Column::City,
    Column::State,
    Column::Zip,
    Column::Phone,
];
const DEVOXX_5: &[Column] = &[Column::Id, Column::LastName, Column::FirstName, Column::Company, Column::Email];
const DEVOXX_8: &[Column] = &[
    Column::Id,
    Column::FirstName,
    Column::LastName,
    Column::Title,
    Column::Skip,
    Column::City,
    Column::Country,
    Column::Email,
];

/// Splits on `delimiter`, trimming each column, at most [`MAX_COLUMNS`].
pub(crate) fn split<'a>(payload: &'a str, delimiter: &str, d: &mut Draft) -> Vec<&'a str> {
    let mut columns: Vec<&str> = payload.split(delimiter).take(MAX_COLUMNS + 1).map(str::trim).collect();
    if columns.len() > MAX_COLUMNS {
        columns.truncate(MAX_COLUMNS);
        d.warn(format!("the badge has more than {MAX_COLUMNS} columns; the rest were ignored"));
    }
    columns
}

/// The delimiter auto-detection would use for `payload`, if any. Single-line payloads only;
/// `*` and `%` (which also occur in ordinary text) need three non-empty columns, the others two.
/// A Code 39 `*…*` start/stop pair is not a delimiter.
pub(crate) fn detect(payload: &str) -> Option<&'static str> {
    if payload.contains(['\n', '\r']) {
        return None;
    }
    AUTO_DELIMITERS.into_iter().find(|&delimiter| {
        if !payload.contains(delimiter) {
            return false;
        }
        if delimiter == "*" && code39_inner(payload).is_some() {
            return false;
        }
        let needed = if matches!(delimiter, "*" | "%") { 3 } else { 2 };
        payload.split(delimiter).filter(|c| !c.trim().is_empty()).take(needed).count() >= needed
    })
}

/// `*000012*` → `000012`: Code 39's start/stop characters, which some scanners pass through.
pub(crate) fn code39_inner(payload: &str) -> Option<&str> {
    let inner = payload.strip_prefix('*')?.strip_suffix('*')?;
    (!inner.is_empty() && !inner.contains('*')).then_some(inner)
}

/// Puts each column into the slot `order` names for its position.
pub(crate) fn assign(columns: &[&str], order: &[Column], d: &mut Draft) {
    for (column, value) in order.iter().zip(columns) {
        if let Some(slot) = column.slot() {
            d.set(slot, value);
        }
    }
}

fn is_empty_or_email(value: Option<&&str>) -> bool {
    value.is_some_and(|v| v.is_empty() || text::is_email(v))
}

/// Reads a delimited payload with no profile: a known layout when the shape says so, else a guess.
pub(crate) fn parse_auto(payload: &str, delimiter: &'static str, d: &mut Draft) {
    let columns = split(payload, delimiter, d);
    let first_is_id = columns.first().is_some_and(|c| text::looks_like_id(c));
    let known = match (delimiter, columns.len()) {
        ("::", 5) if is_empty_or_email(columns.get(4)) => Some(("id::last::first::company::email", DEVOXX_5)),
        ("::", 8) if is_empty_or_email(columns.get(7)) => {
            Some(("id::first::last::role::languages::city::country::email", DEVOXX_8))
        }
        (_, n) if n >= 9 && first_is_id && is_empty_or_email(columns.get(3)) => {
            Some(("id, first, last, email, title, company, city, state, zip, phone", CVENT))
        }
        _ => None,
    };
    if let Some((layout, order)) = known {
        assign(&columns, order, d);
        d.warn(format!("no badge profile; read the columns as {layout}"));
        return;
    }
    if let [name_company, id] = columns.as_slice() {
        if text::looks_like_id(id) && !text::looks_like_id(name_company) {
            // Aptify PDF417: `AieshaAaronson_DanubePartner^2427`, the id after the last caret.
            d.set(Slot::Id, id);
            match name_company.split_once('_') {
                Some((name, company)) => {
                    d.set(Slot::Name, name);
                    d.set(Slot::Company, company);
                }
                None => {
                    d.set(Slot::Name, name_company);
                }
            }
            d.warn("no badge profile; read the badge as name_company then id");
            return;
        }
    }
    guess(&columns, d);
}

fn guess(columns: &[&str], d: &mut Draft) {
    let id_at = if columns.first().is_some_and(|c| text::looks_like_id(c)) {
        Some(0)
    } else if columns.len() >= 2 && columns.last().is_some_and(|c| text::looks_like_id(c)) {
        Some(columns.len() - 1)
    } else {
        None
    };
    let mut names: Vec<&str> = Vec::new();
    for (i, value) in columns.iter().enumerate() {
        if value.is_empty() {
            continue;
        }
        if Some(i) == id_at {
            d.set(Slot::Id, value);
        } else if text::is_email(value) {
            d.set(Slot::Email, value);
        } else if text::looks_like_phone(value) {
            d.set(Slot::Phone, value);
        } else if crate::url::is_url(value) {
            d.set(Slot::Website, value);
        } else if value.chars().any(char::is_alphabetic) {
            names.push(value);
        }
    }
    match names.as_slice() {
        [full, ..] if full.contains(char::is_whitespace) => {
            d.set(Slot::Name, full);
        }
        [first, last, ..] => {
            d.set(Slot::FirstName, first);
            d.set(Slot::LastName, last);
        }
        [only] => {
            d.set(Slot::Name, only);
        }
        [] => {}
    }
    d.warn("no badge profile for this delimited badge; the columns were guessed, so check the fields (or set up a badge profile for the show)");
}
