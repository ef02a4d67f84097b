//! The background sync task's wiring: started in `setup()` when an endpoint and a device secret
//! are set, restarted when they change, nudged by every lead write, and heard by the rep window
//! as `sync://status` (never the kiosk). The pushing itself is `leadtrack-sync`'s, through
//! [`crate::sync_client`]; the secret comes from [`crate::secrets`] and never reaches a window.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use leadtrack_store::Store;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime, Url};
use ts_rs::TS;

use crate::error::{IpcError, IpcErrorKind};
use crate::secrets::{SecretStorage, Secrets};
use crate::sync_client;
pub use crate::sync_client::ParkedItem;
pub use leadtrack_sync::client::SyncHandle;
pub use leadtrack_sync::{ReconcileReport, SyncStatus};

pub const STATUS_EVENT: &str = "sync://status";
pub const PROGRESS_EVENT: &str = "sync://progress";
/// The store settings that hold the endpoint URL and the device id the endpoint enrolled this
/// device under (`dev_…`, not the store's own id). The secret is never in the database.
pub const ENDPOINT_SETTING: &str = "sync_endpoint";
pub const DEVICE_SETTING: &str = "sync_device_id";

/// `sync://progress` during "Upload everything": lead versions sent of those waiting.
#[derive(Debug, Clone, Serialize, TS)]
pub struct UploadProgress {
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

/// Sync settings as a window sees them: never the secret, only whether one is set and where.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SyncSettings {
    pub endpoint: Option<String>,
    /// The id the endpoint's admin enrolled this device under, if set.
    pub device_id: Option<String>,
    pub secret_set: bool,
    pub secret_storage: SecretStorage,
}

/// Checks an endpoint URL: HTTPS, or plain HTTP only to this machine (a collector under test).
pub fn parse_endpoint(text: &str) -> Result<Url, String> {
    let url = Url::parse(text.trim()).map_err(|e| format!("Not a URL ({e}). Example: https://leads.example.com"))?;
    let local = matches!(url.host_str(), Some("127.0.0.1") | Some("localhost") | Some("[::1]"));
    match url.scheme() {
        "https" if url.host_str().is_some_and(|h| !h.is_empty()) => {}
        "http" if local => {}
        "http" => {
            return Err("Use https:// — plain http:// is allowed only for 127.0.0.1 or localhost, for testing.".into())
        }
        _ => return Err("The endpoint must start with https:// (or http://127.0.0.1 for testing).".into()),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("Put no user name or password in the URL; the device secret signs every request.".into());
    }
    Ok(url)
}

/// The app's sync state, managed by Tauri. The running client, if any, is behind a mutex only
/// to be swapped when the settings change.
pub struct SyncTask {
    secrets: Secrets,
    running: Mutex<Option<Running>>,
    uploading: AtomicBool,
}

struct Running {
    client: SyncHandle,
    watcher: tauri::async_runtime::JoinHandle<()>,
}

impl SyncTask {
    pub fn new(secrets: Secrets) -> SyncTask {
        SyncTask { secrets, running: Mutex::new(None), uploading: AtomicBool::new(false) }
    }

    pub fn settings(&self, store: &Store) -> Result<SyncSettings, IpcError> {
        let device_id = store.setting(DEVICE_SETTING)?;
        let storage = match &device_id {
            Some(id) => self.secrets.storage(id).map_err(secret_error)?,
            None => SecretStorage::None,
        };
        Ok(SyncSettings {
            endpoint: store.setting(ENDPOINT_SETTING)?,
            device_id,
            secret_set: storage != SecretStorage::None,
            secret_storage: storage,
        })
    }

    /// Saves the endpoint and, when `credentials` is given, the device id and secret: the JSON
    /// `leadtrack-collector device add` prints, or a bare `whsec_…` with `device_id`. A new
    /// device id needs its secret. The caller restarts the task.
    pub fn save(
        &self,
        store: &Store,
        endpoint: &str,
        device_id: Option<&str>,
        credentials: Option<&str>,
    ) -> Result<(), IpcError> {
        let url = parse_endpoint(endpoint).map_err(|m| field_error("endpoint", "invalid_endpoint", m))?;
        let device_id = device_id.map(str::trim).filter(|d| !d.is_empty());
        let current = store.setting(DEVICE_SETTING)?;
        match credentials.map(str::trim).filter(|c| !c.is_empty()) {
            Some(text) => {
                let (id, secret) = sync_client::read_credentials(text, device_id, current.as_deref())
                    .map_err(|m| field_error("secret", "invalid_secret", m))?;
                self.secrets.store(&id, &secret).map_err(secret_error)?;
                store.set_setting(DEVICE_SETTING, &id)?;
            }
            None if device_id.is_some() && device_id != current.as_deref() => {
                return Err(field_error("secret", "secret_needed", "A new device id needs its secret: paste both."));
            }
            None => {}
        }
        store.set_setting(ENDPOINT_SETTING, url.as_str())?;
        tracing::info!(endpoint = %url, "sync settings saved");
        Ok(())
    }

    /// Stops the running client and starts one for the current settings, if they are complete;
    /// then tells the rep window the new status.
    pub fn restart<R: Runtime>(&self, app: &AppHandle<R>, store: &Arc<Store>) -> Result<(), IpcError> {
        if let Some(old) = self.lock().take() {
            old.watcher.abort();
            old.client.stop();
        }
        let endpoint = store.setting(ENDPOINT_SETTING)?.and_then(|e| parse_endpoint(&e).ok());
        let device_id = store.setting(DEVICE_SETTING)?;
        let secret = match &device_id {
            Some(id) => self.secrets.load(id).map_err(secret_error)?,
            None => None,
        };
        if let (Some(endpoint), Some(device_id), Some((secret, _))) = (endpoint, device_id, secret) {
            let runtime = tokio::runtime::Handle::try_current()
                .unwrap_or_else(|_| tauri::async_runtime::handle().inner().clone());
            tracing::info!(%endpoint, "sync task starting");
            let client =
                sync_client::start(store.clone(), endpoint, device_id, &secret, &runtime).map_err(|message| {
                    tracing::warn!(%message, "sync task not started");
                    IpcError::new(IpcErrorKind::Internal, message)
                })?;
            let mut updates = client.subscribe();
            let app = app.clone();
            let watcher = tauri::async_runtime::spawn(async move {
                loop {
                    let status = updates.borrow_and_update().clone();
                    emit_status(&app, &status);
                    if updates.changed().await.is_err() {
                        break;
                    }
                }
            });
            *self.lock() = Some(Running { client, watcher });
        } else {
            emit_status(app, &sync_client::backlog(store));
        }
        Ok(())
    }

    pub fn status(&self, store: &Store) -> SyncStatus {
        match self.client() {
            Some(c) => c.status(),
            None => sync_client::backlog(store),
        }
    }

    /// Sends everything and reconciles, one run at a time, with `sync://progress` as it goes.
    pub async fn upload_all<R: Runtime>(&self, app: &AppHandle<R>) -> Result<ReconcileReport, IpcError> {
        let client = self
            .client()
            .ok_or_else(|| IpcError::new(IpcErrorKind::Validation, "Set the endpoint and the device secret first."))?;
        if self.uploading.swap(true, Ordering::SeqCst) {
            return Err(IpcError::new(IpcErrorKind::Validation, "An upload is already running."));
        }
        // Cleared however the upload ends, even if the command's future is dropped.
        struct Done<'a>(&'a AtomicBool);
        impl Drop for Done<'_> {
            fn drop(&mut self) {
                self.0.store(false, Ordering::SeqCst);
            }
        }
        let _done = Done(&self.uploading);
        let progress_app = app.clone();
        let result = client
            .push_all(move |done: u64, total: u64| {
                if let Err(e) =
                    progress_app.emit_to(crate::windows::REP, PROGRESS_EVENT, UploadProgress { done, total })
                {
                    tracing::warn!(error = %e, "could not emit {PROGRESS_EVENT}");
                }
            })
            .await;
        let report = result.map_err(|e| {
            tracing::warn!(error = %e, "upload everything failed");
            IpcError::new(IpcErrorKind::Internal, e.to_string())
        })?;
        tracing::info!(summary = %report.summary(), parked = report.parked.len(), "upload everything done");
        Ok(report)
    }

    fn client(&self) -> Option<SyncHandle> {
        self.lock().as_ref().map(|r| r.client.clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Running>> {
        // A panic while swapping clients leaves nothing half-done worth refusing over.
        self.running.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A lead was written: the running client sends it now; without one the rep window still
/// hears the new backlog.
pub fn nudge<R: Runtime>(app: &AppHandle<R>) {
    let Some(task) = app.try_state::<SyncTask>() else { return };
    match task.client() {
        Some(client) => client.nudge(),
        None => {
            if let Some(state) = app.try_state::<crate::AppState>() {
                emit_status(app, &sync_client::backlog(&state.store));
            }
        }
    }
}

fn emit_status<R: Runtime>(app: &AppHandle<R>, status: &SyncStatus) {
    if let Err(e) = app.emit_to(crate::windows::REP, STATUS_EVENT, status.clone()) {
        tracing::warn!(error = %e, "could not emit {STATUS_EVENT}");
    }
}

fn field_error(field: &str, code: &str, message: impl Into<String>) -> IpcError {
    let message = message.into();
    IpcError {
        kind: IpcErrorKind::Validation,
        message: message.clone(),
        fields: vec![leadtrack_domain::FieldError::new(field, code, &message)],
    }
}

fn secret_error(e: crate::secrets::SecretError) -> IpcError {
    tracing::error!(error = %e, "device secret");
    IpcError::new(IpcErrorKind::Storage, "The device secret could not be read or saved; see the log.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_must_be_https_except_on_this_machine() {
        for ok in [
            "https://leads.example.com",
            "https://leads.example.com/base/",
            "http://127.0.0.1:8080",
            "http://localhost:3000",
        ] {
            assert!(parse_endpoint(ok).is_ok(), "{ok}");
        }
        for (bad, says) in [
            ("http://leads.example.com", "https://"),
            ("ftp://leads.example.com", "https://"),
            ("leads.example.com", "Not a URL"),
            ("", "Not a URL"),
            ("https://user:pw@leads.example.com", "no user name"),
        ] {
            let err = parse_endpoint(bad).expect_err(bad);
            assert!(err.contains(says), "{bad}: {err}");
        }
    }
}
