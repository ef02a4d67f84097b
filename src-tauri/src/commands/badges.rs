//! Badge payloads from a handheld scanner (or, with issue 3's decoder, a camera).

use leadtrack_badge::Parsed;

/// Reads a scanned payload into contact fields. Never fails: an unreadable badge comes back
/// as `unknown` with its raw text, so the rep can still save it and fix it later.
#[tauri::command]
pub fn badges_parse(payload: String) -> Parsed {
    leadtrack_badge::parse(&payload, None)
}
