//! Thin IPC commands, one file per area, named `<area>_<verb>`.
//!
//! Each one parses its arguments, calls the store off the main thread, and maps the
//! error. No SQL and no rules live here (DESIGN invariant 6).

pub mod app;
pub mod attachments;
pub mod attendees;
pub mod badges;
pub mod dashboard;
pub mod events;
pub mod followup;
pub mod kiosk;
pub mod leads;
pub mod materials;
pub mod names;
pub mod phone;
pub mod quotes;
pub mod session;
pub mod sync;
pub mod users;

use leadtrack_store::Store;

use crate::error::{IpcError, IpcErrorKind, Result};
use crate::state::AppState;

/// Runs blocking store work on the blocking pool so the UI thread never waits on disk.
pub async fn blocking<T, F>(state: &AppState, f: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce(&Store) -> std::result::Result<T, IpcError> + Send + 'static,
{
    let store = state.store.clone();
    tauri::async_runtime::spawn_blocking(move || f(&store)).await.map_err(|e| {
        tracing::error!(error = %e, "store task failed");
        IpcError::new(IpcErrorKind::Internal, "A background task failed; see the log.")
    })?
}
