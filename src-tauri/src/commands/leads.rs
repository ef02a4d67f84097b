use leadtrack_domain::{
    AuditEntry, AuditQuery, Interaction, Lead, LeadInput, LeadQuery, LeadSummary, LeadVersion, MergeChoice,
};
use leadtrack_export::ExportFormat;
use leadtrack_store::{AssignProposal, Assignment};
use tauri::{AppHandle, Runtime, State};

use super::{blocking, session};
use crate::error::{IpcError, IpcErrorKind, Result};
use crate::events;
use crate::save_dialog;
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
    blocking(&state, move |s| Ok(s.lead_as(&session::viewer(s)?, &id)?)).await
}

/// The lead this show already has for exactly this badge payload, if any: `event` and `raw`
/// keep the JavaScript argument names the same as the Rust ones.
#[tauri::command]
pub async fn leads_find_by_badge(state: State<'_, AppState>, event: String, raw: String) -> Result<Option<Lead>> {
    blocking(&state, move |s| Ok(s.lead_by_badge_as(&session::viewer(s)?, &event, &raw)?)).await
}

#[tauri::command]
pub async fn leads_search(state: State<'_, AppState>, query: LeadQuery) -> Result<Vec<LeadSummary>> {
    blocking(&state, move |s| Ok(s.search_leads_as(&session::viewer(s)?, &query)?)).await
}

/// What happened with the lead after capture (quotes, materials, calls…), newest first.
#[tauri::command]
pub async fn leads_interactions(state: State<'_, AppState>, id: String) -> Result<Vec<Interaction>> {
    blocking(&state, move |s| Ok(s.lead_interactions_as(&session::viewer(s)?, &id)?)).await
}

#[tauri::command]
pub async fn leads_versions(state: State<'_, AppState>, id: String) -> Result<Vec<LeadVersion>> {
    blocking(&state, move |s| Ok(s.lead_versions_as(&session::viewer(s)?, &id)?)).await
}

/// Merges `absorbed` into `survivor` with the rep's per-field `choice`; returns the survivor.
#[tauri::command]
pub async fn leads_merge<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    survivor: String,
    absorbed: String,
    choice: MergeChoice,
) -> Result<Lead> {
    let gone = absorbed.clone();
    let lead =
        blocking(&state, move |s| Ok(s.merge_leads(&survivor, &absorbed, choice, &session::author(s)?)?)).await?;
    events::leads_changed(&app, &gone);
    events::leads_changed(&app, &lead.id);
    Ok(lead)
}

/// Other leads of the same show with this lead's email or phone: likely the same visitor.
#[tauri::command]
pub async fn leads_duplicates(state: State<'_, AppState>, id: String) -> Result<Vec<LeadSummary>> {
    blocking(&state, move |s| Ok(s.possible_duplicates_as(&session::viewer(s)?, &id)?)).await
}

/// Where an export was written, how many leads it holds and its size.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct ExportedFile {
    pub path: String,
    pub count: u32,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// Exports the leads `query`'s filters match (its text and limit do not apply) as `format`,
/// to a file the person picks in the native save dialog; `null` when they cancel.
#[tauri::command]
pub async fn leads_export<R: Runtime>(
    app: AppHandle<R>,
    window: tauri::WebviewWindow<R>,
    state: State<'_, AppState>,
    format: ExportFormat,
    query: LeadQuery,
) -> Result<Option<ExportedFile>> {
    let show = query.event_id.clone();
    // Signed in before the dialog opens, so nobody picks a file for an export they cannot make.
    let label = blocking(&state, move |s| {
        session::viewer(s)?;
        Ok(show.map(|id| s.event(&id)).transpose()?.map(|e| e.tag))
    })
    .await?;
    let file_name = format.file_name(label.as_deref().unwrap_or(""));
    let Some(path) = save_dialog::choose(&app, &window, format, &file_name).await? else { return Ok(None) };
    let written = blocking(&state, move |s| {
        let leads = s.export_leads_as(&session::viewer(s)?, &query)?;
        let bytes = leadtrack_export::export(format, &leads).map_err(|e| {
            tracing::error!(error = %e, "export failed");
            IpcError::new(IpcErrorKind::Internal, "The export could not be built; see the log.")
        })?;
        leadtrack_store::write_file_durably(&path, &bytes).map_err(|e| {
            tracing::warn!(error = %e, path = %path.display(), "export not written");
            IpcError::new(IpcErrorKind::Storage, format!("Could not write {}: {e}", path.display()))
        })?;
        tracing::info!(path = %path.display(), count = leads.len(), "exported leads");
        Ok(ExportedFile { path: path.display().to_string(), count: leads.len() as u32, bytes: bytes.len() as u64 })
    })
    .await?;
    Ok(Some(written))
}

/// A manager gives leads to people (bulk "Assign to…", or an accepted proposal). Each
/// assignee's window hears `leads://assigned`.
#[tauri::command]
pub async fn leads_assign<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    assignments: Vec<Assignment>,
) -> Result<Vec<Lead>> {
    let changed = blocking(&state, move |s| Ok(s.assign_leads(&session::viewer(s)?, &assignments)?)).await?;
    for lead in &changed {
        events::leads_changed(&app, &lead.id);
    }
    events::leads_assigned(&app, &changed);
    Ok(changed)
}

/// The automatic rule's proposal for the unassigned leads (of one show when given); saves nothing.
#[tauri::command]
pub async fn leads_propose_assignments(
    state: State<'_, AppState>,
    event_id: Option<String>,
) -> Result<Vec<AssignProposal>> {
    blocking(&state, move |s| Ok(s.propose_assignments(&session::viewer(s)?, event_id.as_deref())?)).await
}

/// The audit log for a manager.
#[tauri::command]
pub async fn audit_list(state: State<'_, AppState>, query: AuditQuery) -> Result<Vec<AuditEntry>> {
    blocking(&state, move |s| Ok(s.audit_log(&session::viewer(s)?, &query)?)).await
}
