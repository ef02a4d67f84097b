//! The content pack: the library's list, pages and files, imports from a folder or zip (path
//! from the native dialog, never from the webview), "Download everything" from the sync
//! endpoint, "shown"/"shared" recorded on a lead, and the kiosk's attract playlist.

use leadtrack_domain::FieldError;
use leadtrack_store::leadtrack_content::import::{Folder, PackSource, Zip};
use leadtrack_store::leadtrack_content::DownloadProgress;
use leadtrack_store::{ContentPack, KioskPlaylist, Material, MaterialQuery};
use leadtrack_sync::content::DownloadError;
use tauri::ipc::Response;
use tauri::{AppHandle, Emitter, Runtime, State, WebviewWindow};

use super::{blocking, session};
use crate::error::{IpcError, IpcErrorKind, Result};
use crate::open_dialog::{self, Pick};
use crate::state::AppState;
use crate::sync_task::{parse_endpoint, ENDPOINT_SETTING};

/// `materials://progress` during "Download everything".
pub const PROGRESS_EVENT: &str = "materials://progress";

/// A pack that cannot be used, with the reason the rep should read (damaged file, unsafe path,
/// server unreachable); the previous pack is still in use.
fn pack_error(message: String) -> IpcError {
    IpcError {
        kind: IpcErrorKind::Validation,
        fields: vec![FieldError::new("pack", "content_pack", &message)],
        message,
    }
}

fn from_store(e: leadtrack_store::Error) -> IpcError {
    match e {
        leadtrack_store::Error::Content(c) => pack_error(c.to_string()),
        e => e.into(),
    }
}

#[tauri::command]
pub async fn materials_list(state: State<'_, AppState>, query: MaterialQuery) -> Result<Vec<Material>> {
    blocking(&state, move |s| Ok(s.materials(&query)?)).await
}

#[tauri::command]
pub async fn materials_pack(state: State<'_, AppState>) -> Result<Option<ContentPack>> {
    blocking(&state, move |s| Ok(s.content_pack()?)).await
}

/// A Markdown page as sanitised HTML (rendered and cleaned when the pack was installed).
#[tauri::command]
pub async fn materials_page(state: State<'_, AppState>, id: String) -> Result<String> {
    blocking(&state, move |s| Ok(s.material_html(&id)?)).await
}

/// A material's bytes (PDFs, for pdf.js), checked against their hash.
#[tauri::command]
pub async fn materials_file(state: State<'_, AppState>, id: String) -> Result<Response> {
    let bytes = blocking(&state, move |s| Ok(s.material_bytes(&id)?)).await?;
    Ok(Response::new(bytes))
}

/// Up to `length` bytes of a material from `offset` (at most 4 MiB): pdf.js loads a large PDF a
/// range at a time, so the first page shows without the whole file crossing IPC first.
#[tauri::command]
pub async fn materials_file_range(
    state: State<'_, AppState>,
    id: String,
    offset: u64,
    length: u64,
) -> Result<Response> {
    let bytes = blocking(&state, move |s| Ok(s.material_range(&id, offset, length)?)).await?;
    Ok(Response::new(bytes))
}

async fn import<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    pick: Pick,
) -> Result<Option<ContentPack>> {
    // Only a signed-in person may replace the pack; nobody else gets a file dialog.
    blocking(&state, |s| session::viewer(s).map(|_| ())).await?;
    let Some(path) = open_dialog::choose(&app, &window, pick).await? else { return Ok(None) };
    blocking(&state, move |s| {
        let (mut source, origin): (Box<dyn PackSource>, &str) = match pick {
            Pick::Folder => (Box::new(Folder::open(&path).map_err(|e| pack_error(e.to_string()))?), "folder"),
            Pick::Zip => (Box::new(Zip::open(&path).map_err(|e| pack_error(e.to_string()))?), "zip"),
        };
        s.install_content_pack(source.as_mut(), origin).map(Some).map_err(from_store)
    })
    .await
}

/// Imports a pack from a folder (a USB stick) chosen in the native dialog; `null` if cancelled.
#[tauri::command]
pub async fn materials_import_folder<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
) -> Result<Option<ContentPack>> {
    import(app, window, state, Pick::Folder).await
}

/// Imports a pack from a zip chosen in the native dialog; `null` if cancelled.
#[tauri::command]
pub async fn materials_import_zip<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
) -> Result<Option<ContentPack>> {
    import(app, window, state, Pick::Zip).await
}

/// Downloads the pack from the sync endpoint (only missing files, resumable), then switches.
#[tauri::command]
pub async fn materials_download<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Result<ContentPack> {
    let endpoint = blocking(&state, move |s| Ok(s.setting(ENDPOINT_SETTING)?)).await?;
    let endpoint = endpoint
        .ok_or_else(|| pack_error("Set the company endpoint in Settings → Sync first.".into()))
        .and_then(|e| parse_endpoint(&e).map_err(pack_error))?;
    let progress = move |p: DownloadProgress| {
        if let Err(e) = app.emit_to(crate::windows::REP, PROGRESS_EVENT, p) {
            tracing::warn!(error = %e, "could not emit {PROGRESS_EVENT}");
        }
    };
    leadtrack_sync::content::download_pack(state.store.clone(), &endpoint, progress).await.map_err(|e| match e {
        DownloadError::Store(e) => from_store(e),
        e => pack_error(e.to_string()),
    })
}

/// Records that a material was shown to (`shared: false`) or shared with the lead's visitor.
#[tauri::command]
pub async fn materials_record(
    state: State<'_, AppState>,
    lead_id: String,
    material_id: String,
    shared: bool,
) -> Result<()> {
    blocking(&state, move |s| {
        // Only on a lead this person may see.
        s.lead_as(&session::viewer(s)?, &lead_id)?;
        s.record_material(&lead_id, &material_id, shared, &session::author(s)?)?;
        Ok(())
    })
    .await
}

/// A show's kiosk attract playlist and idle time, as saved.
#[tauri::command]
pub async fn materials_playlist_get(state: State<'_, AppState>, event_id: String) -> Result<KioskPlaylist> {
    blocking(&state, move |s| {
        session::viewer(s)?;
        Ok(s.kiosk_playlist(&event_id)?)
    })
    .await
}

/// Replaces a show's kiosk attract playlist (managers and marketing).
#[tauri::command]
pub async fn materials_playlist_set(
    state: State<'_, AppState>,
    event_id: String,
    playlist: KioskPlaylist,
) -> Result<KioskPlaylist> {
    blocking(&state, move |s| Ok(s.set_kiosk_playlist(&session::viewer(s)?, &event_id, playlist)?)).await
}
