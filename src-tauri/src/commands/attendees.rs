//! The organiser's attendee list: preview a file with a guessed column mapping, import it with
//! the mapping the person confirmed, look an id up at scan time. Files travel as raw IPC bodies.

use leadtrack_domain::{Attendee, AttendeeColumns, AttendeeImport, AttendeeListStatus, FieldError};
use serde::Serialize;
use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use super::{blocking, session};
use crate::error::{IpcError, IpcErrorKind, Result};
use crate::state::AppState;

/// Rows shown under the mapping so the person sees what each column holds.
const PREVIEW_ROWS: usize = 8;
/// Skipped row numbers reported back; the count is always complete.
const SKIPPED_SHOWN: usize = 50;

#[derive(Debug, Clone, Serialize, TS)]
pub struct SheetRow {
    pub number: u32,
    pub cells: Vec<String>,
}

/// A file as read, before anything is saved.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AttendeePreview {
    /// `csv`, `xlsx`, `xls` or `ods`.
    pub format: String,
    /// The text encoding of a CSV file, or the sheet a workbook was read from.
    pub source: String,
    pub headers: Vec<String>,
    pub rows: Vec<SheetRow>,
    pub total_rows: u32,
    /// The mapping guessed from the headers, for the person to confirm or change.
    pub columns: AttendeeColumns,
}

fn file_error(message: String) -> IpcError {
    IpcError {
        kind: IpcErrorKind::Validation,
        message: message.clone(),
        fields: vec![FieldError::new("file", "unreadable_sheet", &message)],
    }
}

fn body_and_ext(request: &Request<'_>) -> Result<(Vec<u8>, String)> {
    let InvokeBody::Raw(data) = request.body() else {
        return Err(IpcError::new(IpcErrorKind::Validation, "A file is sent as raw bytes."));
    };
    let ext = request.headers().get("x-file-ext").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    Ok((data.clone(), ext))
}

async fn read_sheet(data: Vec<u8>, ext: String) -> Result<leadtrack_sheet::Sheet> {
    let sheet = tauri::async_runtime::spawn_blocking(move || leadtrack_sheet::read(&data, &format!("list.{ext}")))
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "sheet task failed");
            IpcError::new(IpcErrorKind::Internal, "A background task failed; see the log.")
        })?;
    sheet.map_err(|e| file_error(e.to_string()))
}

/// Reads an attendee list (CSV, XLSX, XLS or ODS; header `x-file-ext` breaks ties) and returns
/// its headers, the first rows and a guessed column mapping. Nothing is saved.
#[tauri::command]
pub async fn attendees_preview(request: Request<'_>) -> Result<AttendeePreview> {
    let (data, ext) = body_and_ext(&request)?;
    let sheet = read_sheet(data, ext).await?;
    Ok(AttendeePreview {
        format: serde_json::to_value(sheet.format).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default(),
        columns: AttendeeColumns::guess(&sheet.headers),
        total_rows: sheet.rows.len() as u32,
        rows: sheet
            .rows
            .into_iter()
            .take(PREVIEW_ROWS)
            .map(|r| SheetRow { number: r.number as u32, cells: r.cells })
            .collect(),
        headers: sheet.headers,
        source: sheet.source,
    })
}

/// Imports the list into show `x-event-id` with the mapping in `x-columns` (JSON
/// `AttendeeColumns`), then names the show's leads that waited for it.
#[tauri::command]
pub async fn attendees_import<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    request: Request<'_>,
) -> Result<AttendeeImport> {
    let (data, ext) = body_and_ext(&request)?;
    let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    let event_id = header("x-event-id")
        .ok_or_else(|| IpcError::new(IpcErrorKind::Validation, "Which show is this attendee list for?"))?;
    let columns: AttendeeColumns = header("x-columns")
        .and_then(|c| serde_json::from_str(&c).ok())
        .ok_or_else(|| IpcError::new(IpcErrorKind::Validation, "The column mapping is missing or malformed."))?;
    if columns.attendee_id.is_none() {
        let message = "Choose the column that holds the attendee id (the one printed on badges).".to_string();
        return Err(IpcError {
            kind: IpcErrorKind::Validation,
            message: message.clone(),
            fields: vec![FieldError::new("attendee_id", "required", &message)],
        });
    }
    let sheet = read_sheet(data, ext).await?;
    blocking(&state, move |s| {
        let author = session::author(s)?;
        let (list, skipped) = columns.attendees(sheet.rows.iter().map(|r| (r.number as u32, r.cells.as_slice())));
        let mut report = s.import_attendees(&event_id, &list, &author)?;
        report.skipped += skipped.len() as u32;
        report.skipped_rows = skipped.into_iter().take(SKIPPED_SHOWN).collect();
        tracing::info!(event = %event_id, added = report.added, updated = report.updated,
            skipped = report.skipped, reconciled = report.reconciled, "attendee list imported");
        Ok(report)
    })
    .await
    .inspect(|_| crate::sync_task::nudge(&app))
}

/// The attendee behind a scanned id at a show, if its list has them.
#[tauri::command]
pub async fn attendees_find(state: State<'_, AppState>, event: String, id: String) -> Result<Option<Attendee>> {
    blocking(&state, move |s| Ok(s.attendee(&event, &id)?)).await
}

#[tauri::command]
pub async fn attendees_status(state: State<'_, AppState>, event: String) -> Result<AttendeeListStatus> {
    blocking(&state, move |s| Ok(s.attendee_status(&event)?)).await
}
