//! The one seam between the shell and `leadtrack-sync`'s client, so `sync_task` and the
//! commands stay a few lines each: start a pusher from settings, read the backlog with nobody
//! sending, list parked versions with something a person recognises.

use std::sync::Arc;

use leadtrack_store::Store;
use leadtrack_sync::client::{SyncConfig, SyncHandle};
use leadtrack_sync::{Secret, SyncStatus};
use serde::Serialize;
use tauri::Url;
use ts_rs::TS;

/// Starts the push loop on `runtime` as `device_id` (the id the endpoint enrolled, not the
/// store's). `secret` is the stored `whsec_…` text.
pub fn start(
    store: Arc<Store>,
    endpoint: Url,
    device_id: String,
    secret: &str,
    runtime: &tokio::runtime::Handle,
) -> Result<SyncHandle, String> {
    let secret = Secret::parse(secret).map_err(|e| format!("the stored device secret is not usable: {e}"))?;
    let config = SyncConfig::new(endpoint, device_id, secret);
    SyncHandle::start(store, config, runtime).map_err(|e| e.to_string())
}

/// The device id and `whsec_…` secret from what the admin handed over: the JSON
/// `leadtrack-collector device add` prints, or a bare secret. The id typed beside it wins,
/// then the JSON's, then `current` (a new secret for the same device), with messages for the
/// settings form.
pub fn read_credentials(
    text: &str,
    device_id: Option<&str>,
    current: Option<&str>,
) -> Result<(String, String), String> {
    use leadtrack_sync::client::read_credentials as read;
    match read(text, device_id).or_else(|e| match current {
        Some(id) if e.starts_with("no device id") => read(text, Some(id)),
        _ => Err(e),
    }) {
        Ok((id, secret)) => Ok((id, secret.to_whsec())),
        Err(e) if e.starts_with("no device id") => {
            Err("Enter the device id too, or paste the whole JSON the endpoint's admin gave you.".into())
        }
        Err(_) => {
            Err("Not a device secret: paste the whole whsec_… value (or the JSON) the endpoint's admin gave you."
                .into())
        }
    }
}

/// The backlog as the store knows it, with nobody sending: a device without an endpoint.
pub fn backlog(store: &Store) -> SyncStatus {
    match store.sync_status() {
        Ok(c) => SyncStatus {
            pending: c.pending as u32,
            inflight: c.inflight as u32,
            parked: c.parked as u32,
            oldest_waiting_at: c.oldest_waiting_at,
            last_success_at: c.last_success_at,
            last_error: c.last_error,
            last_error_at: c.last_error_at,
            ..SyncStatus::default()
        },
        Err(e) => {
            tracing::warn!(error = %e, "sync backlog not read");
            SyncStatus::default()
        }
    }
}

/// One version the endpoint refused, set aside for a person, and why.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ParkedItem {
    pub lead_id: String,
    /// The lead's name and company, so a person can find it (empty if it cannot be read).
    pub label: String,
    pub version: u32,
    pub reason: String,
    #[ts(type = "number")]
    pub saved_at: i64,
}

/// Every parked version, oldest first.
pub fn parked(store: &Store) -> Result<Vec<ParkedItem>, leadtrack_store::Error> {
    Ok(store
        .parked_items()?
        .into_iter()
        .map(|p| {
            let label = store
                .lead(&p.lead_id)
                .map(|l| [l.name, l.company].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · "))
                .unwrap_or_default();
            ParkedItem { label, lead_id: p.lead_id, version: p.version, reason: p.reason, saved_at: p.saved_at }
        })
        .collect())
}
