use leadtrack_domain::{Lead, LeadInput, LeadQuery, LeadSummary, LeadVersion};
use tauri::{AppHandle, Runtime, State};

use super::{blocking, session};
use crate::error::Result;
use crate::events;
use crate::state::AppState;

#[tauri::command]
pub async fn leads_create<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, input: LeadInput) -> Result<Lead> {
    let lead = blocking(&state, move |s| Ok(s.create_lead(input, &session::author(s)?)?)).await?;
    events::leads_changed(&app, &lead.id);
    Ok(lead)
}

#[tauri::command]
pub async fn leads_update<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    input: LeadInput,
) -> Result<Lead> {
    let lead = blocking(&state, move |s| Ok(s.update_lead(&id, input, &session::author(s)?)?)).await?;
    events::leads_changed(&app, &lead.id);
    Ok(lead)
}

#[tauri::command]
pub async fn leads_get(state: State<'_, AppState>, id: String) -> Result<Lead> {
    blocking(&state, move |s| Ok(s.lead(&id)?)).await
}

/// The lead this show already has for exactly this badge payload, if any: `event` and `raw`
/// keep the JavaScript argument names the same as the Rust ones.
#[tauri::command]
pub async fn leads_find_by_badge(state: State<'_, AppState>, event: String, raw: String) -> Result<Option<Lead>> {
    blocking(&state, move |s| Ok(s.lead_by_badge(&event, &raw)?)).await
}

#[tauri::command]
pub async fn leads_search(state: State<'_, AppState>, query: LeadQuery) -> Result<Vec<LeadSummary>> {
    blocking(&state, move |s| Ok(s.search_leads(&query)?)).await
}

#[tauri::command]
pub async fn leads_versions(state: State<'_, AppState>, id: String) -> Result<Vec<LeadVersion>> {
    blocking(&state, move |s| Ok(s.lead_versions(&id)?)).await
}
