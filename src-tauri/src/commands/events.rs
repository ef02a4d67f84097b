use leadtrack_domain::{Event, EventInput};
use tauri::State;

use super::badges::check_profile;
use super::blocking;
use crate::error::Result;
use crate::state::AppState;

#[tauri::command]
pub async fn events_list(state: State<'_, AppState>) -> Result<Vec<Event>> {
    blocking(&state, |s| Ok(s.events()?)).await
}

#[tauri::command]
pub async fn events_create(state: State<'_, AppState>, input: EventInput) -> Result<Event> {
    blocking(&state, move |s| Ok(s.create_event(input)?)).await
}

/// Saves the show's badge profile (JSON), or clears it (`null`: auto-detect). A profile that
/// does not read is refused with a `validation` error on `badge_profile` and nothing is saved.
/// Scans read the new profile from the next one on.
#[tauri::command]
pub async fn events_set_badge_profile(
    state: State<'_, AppState>,
    event_id: String,
    profile: Option<String>,
) -> Result<Event> {
    if let Some(text) = &profile {
        check_profile(text)?;
    }
    blocking(&state, move |s| Ok(s.set_badge_profile(&event_id, profile.as_deref())?)).await
}
