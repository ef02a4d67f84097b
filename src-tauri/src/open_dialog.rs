//! Where a content pack is imported from: the native open dialog, opened from Rust.
//!
//! Like exports (`save_dialog.rs`), the webview never names a path: it asks for an import and
//! Rust asks the person. `LEADTRACK_IMPORT_FROM=<folder or zip>` skips the dialog (a native GTK
//! dialog cannot be driven by WebDriver); it is read once at startup (`setup`).

use std::path::PathBuf;

use tauri::{AppHandle, Manager, Runtime, WebviewWindow};
use tauri_plugin_dialog::DialogExt;

use crate::error::{IpcError, IpcErrorKind, Result};

pub const IMPORT_FROM_ENV: &str = "LEADTRACK_IMPORT_FROM";

/// The folder or zip imports come from without a dialog, when automation asked for one.
pub struct ImportFrom(pub PathBuf);

impl ImportFrom {
    pub fn from_env() -> Option<ImportFrom> {
        std::env::var_os(IMPORT_FROM_ENV).filter(|d| !d.is_empty()).map(|d| ImportFrom(PathBuf::from(d)))
    }
}

/// What to pick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    Folder,
    Zip,
}

/// The chosen folder or zip, or `None` when the person cancelled.
pub async fn choose<R: Runtime>(app: &AppHandle<R>, window: &WebviewWindow<R>, pick: Pick) -> Result<Option<PathBuf>> {
    if let Some(from) = app.try_state::<ImportFrom>() {
        return Ok(Some(from.0.clone()));
    }
    let dialog = app.dialog().file().set_parent(window);
    // The dialog blocks until the person answers: never on the main thread (it runs the dialog).
    let picked = tauri::async_runtime::spawn_blocking(move || match pick {
        Pick::Folder => dialog.blocking_pick_folder(),
        Pick::Zip => dialog.add_filter("Zip", &["zip"]).blocking_pick_file(),
    })
    .await
    .map_err(|e| {
        tracing::error!(error = %e, "open dialog task failed");
        IpcError::new(IpcErrorKind::Internal, "The open dialog could not be shown; see the log.")
    })?;
    let Some(picked) = picked else { return Ok(None) };
    picked.into_path().map(Some).map_err(|e| {
        tracing::error!(error = %e, "open dialog returned no file path");
        IpcError::new(IpcErrorKind::Internal, "The open dialog did not return a place on this computer.")
    })
}
