//! Photos and voice memos. The bytes travel as the raw IPC body (no base64 detour), with
//! the lead and the kind in headers.

use leadtrack_domain::{Attachment, AttachmentKind};
use tauri::ipc::{InvokeBody, Request, Response};
use tauri::State;

use super::{blocking, session};
use crate::error::{IpcError, IpcErrorKind, Result};
use crate::state::AppState;

fn bad_request(message: &str) -> IpcError {
    IpcError::new(IpcErrorKind::Validation, message)
}

#[tauri::command]
pub async fn attachments_add(state: State<'_, AppState>, request: Request<'_>) -> Result<Attachment> {
    let InvokeBody::Raw(data) = request.body() else {
        return Err(bad_request("An attachment is sent as raw bytes."));
    };
    let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    let lead_id = header("x-lead-id").ok_or_else(|| bad_request("Which lead is this attachment for?"))?;
    let kind = header("x-kind")
        .and_then(|k| AttachmentKind::parse(&k))
        .ok_or_else(|| bad_request("Attachment kind must be card, person, drawing or voice."))?;
    let data = data.clone();
    blocking(&state, move |s| Ok(s.add_attachment(&lead_id, kind, &data, &session::author(s)?)?)).await
}

#[tauri::command]
pub async fn attachments_list(state: State<'_, AppState>, id: String) -> Result<Vec<Attachment>> {
    blocking(&state, move |s| Ok(s.attachments_as(&session::viewer(s)?, &id)?)).await
}

/// The attachment's bytes as an `ArrayBuffer`, checked against their hash.
#[tauri::command]
pub async fn attachments_get(state: State<'_, AppState>, id: String) -> Result<Response> {
    let (_, data) = blocking(&state, move |s| Ok(s.attachment_bytes_as(&session::viewer(s)?, &id)?)).await?;
    Ok(Response::new(data))
}
