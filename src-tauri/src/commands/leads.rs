use leadtrack_domain::{FieldError, Lead, LeadInput, LeadQuery, LeadSummary, LeadVersion};
use leadtrack_store::Store;
use tauri::{AppHandle, Runtime, State};

use super::{blocking, session};
use crate::error::{IpcError, IpcErrorKind, Result};
use crate::events;
use crate::state::AppState;

/// The user at the booth: the author of every save from this window.
fn author(store: &Store) -> Result<String> {
    match store.setting(session::ACTIVE_USER)? {
        Some(id) => Ok(id),
        None => Err(IpcError {
            kind: IpcErrorKind::Validation,
            message: "Choose who is at the booth before saving leads.".into(),
            fields: vec![FieldError::new(
                "user",
                "no_user",
                "Choose who is at the booth before saving leads.",
            )],
        }),
    }
}

#[tauri::command]
pub async fn leads_create<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    input: LeadInput,
) -> Result<Lead> {
    let lead = blocking(&state, move |s| Ok(s.create_lead(input, &author(s)?)?)).await?;
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
    let lead = blocking(&state, move |s| {
        Ok(s.update_lead(&id, input, &author(s)?)?)
    })
    .await?;
    events::leads_changed(&app, &lead.id);
    Ok(lead)
}

#[tauri::command]
pub async fn leads_get(state: State<'_, AppState>, id: String) -> Result<Lead> {
    blocking(&state, move |s| Ok(s.lead(&id)?)).await
}

#[tauri::command]
pub async fn leads_search(
    state: State<'_, AppState>,
    query: LeadQuery,
) -> Result<Vec<LeadSummary>> {
    blocking(&state, move |s| Ok(s.search_leads(&query)?)).await
}

#[tauri::command]
pub async fn leads_versions(state: State<'_, AppState>, id: String) -> Result<Vec<LeadVersion>> {
    blocking(&state, move |s| Ok(s.lead_versions(&id)?)).await
}
