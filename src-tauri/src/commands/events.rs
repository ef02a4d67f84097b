use leadtrack_domain::{Event, EventInput};
use tauri::State;

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
