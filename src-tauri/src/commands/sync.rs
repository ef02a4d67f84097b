//! Sync settings, the backlog and "Upload everything". The device secret comes in through
//! `sync_set_settings` and never goes back out: windows learn only whether it is set and where.

use tauri::{AppHandle, Manager, Runtime, State};

use super::blocking;
use crate::error::{IpcError, IpcErrorKind, Result};
use crate::state::AppState;
use crate::sync_task::{ParkedItem, ReconcileReport, SyncSettings, SyncStatus, SyncTask};

/// Runs `f` on the blocking pool: the database and the keychain (D-Bus on Linux) both block.
async fn off_main<R: Runtime, T: Send + 'static>(
    app: &AppHandle<R>,
    f: impl FnOnce(&AppHandle<R>, &SyncTask, &AppState) -> Result<T> + Send + 'static,
) -> Result<T> {
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || f(&app, &app.state::<SyncTask>(), &app.state::<AppState>()))
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "sync settings task failed");
            IpcError::new(IpcErrorKind::Internal, "A background task failed; see the log.")
        })?
}

// The unused `State<SyncTask>` arguments make a missing sync state fail as an IPC error before
// `off_main` reaches for it.

#[tauri::command]
pub async fn sync_get_settings<R: Runtime>(app: AppHandle<R>, _sync: State<'_, SyncTask>) -> Result<SyncSettings> {
    off_main(&app, |_, sync, state| sync.settings(&state.store)).await
}

/// Saves the endpoint (HTTPS, or http://127.0.0.1 / localhost for testing) and, when `secret`
/// is given, the device credentials (the admin's JSON, or a `whsec_…` with `device_id`); then
/// restarts the sync task with them.
#[tauri::command]
pub async fn sync_set_settings<R: Runtime>(
    app: AppHandle<R>,
    _sync: State<'_, SyncTask>,
    endpoint: String,
    device_id: Option<String>,
    secret: Option<String>,
) -> Result<SyncSettings> {
    off_main(&app, move |app, sync, state| {
        sync.save(&state.store, &endpoint, device_id.as_deref(), secret.as_deref())?;
        sync.restart(app, &state.store)?;
        sync.settings(&state.store)
    })
    .await
}

#[tauri::command]
pub async fn sync_status<R: Runtime>(app: AppHandle<R>, _sync: State<'_, SyncTask>) -> Result<SyncStatus> {
    off_main(&app, |_, sync, state| Ok(sync.status(&state.store))).await
}

#[tauri::command]
pub async fn sync_parked(state: State<'_, AppState>) -> Result<Vec<ParkedItem>> {
    blocking(&state, |s| Ok(crate::sync_client::parked(s)?)).await
}

/// Sends every lead and reconciles: progress as `sync://progress`; the answer lists what the
/// endpoint still lacks and why.
#[tauri::command]
pub async fn sync_upload_all<R: Runtime>(app: AppHandle<R>, sync: State<'_, SyncTask>) -> Result<ReconcileReport> {
    sync.upload_all(&app).await
}
