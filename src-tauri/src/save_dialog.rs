//! Where an export goes: the native save dialog, opened from Rust.
//!
//! The webview never names a path: it asks for an export, Rust asks the person with the OS
//! dialog and writes the file itself. No window is granted a `dialog:*` or `fs:*` permission.
//!
//! `LEADTRACK_EXPORT_TO=<folder>` skips the dialog and saves under the suggested name in that
//! folder: a native GTK dialog cannot be driven by WebDriver, so automation and the
//! end-to-end tests use it. It is read once at startup (`setup`), not per export.

use std::path::PathBuf;

use leadtrack_export::ExportFormat;
use tauri::{AppHandle, Manager, Runtime, WebviewWindow};
use tauri_plugin_dialog::DialogExt;

use crate::error::{IpcError, IpcErrorKind, Result};

pub const EXPORT_TO_ENV: &str = "LEADTRACK_EXPORT_TO";

/// The folder exports go to without a dialog, when automation asked for one.
pub struct ExportTo(pub PathBuf);

impl ExportTo {
    pub fn from_env() -> Option<ExportTo> {
        std::env::var_os(EXPORT_TO_ENV).filter(|d| !d.is_empty()).map(|d| ExportTo(PathBuf::from(d)))
    }
}

/// The path to save `file_name` at, or `None` when the person cancelled the dialog.
pub async fn choose<R: Runtime>(
    app: &AppHandle<R>,
    window: &WebviewWindow<R>,
    format: ExportFormat,
    file_name: &str,
) -> Result<Option<PathBuf>> {
    choose_file(app, window, format.description(), format.extension(), file_name).await
}

/// [`choose`] for any file type (`description`, `extension` without the dot).
pub async fn choose_file<R: Runtime>(
    app: &AppHandle<R>,
    window: &WebviewWindow<R>,
    description: &str,
    extension: &str,
    file_name: &str,
) -> Result<Option<PathBuf>> {
    if let Some(dir) = app.try_state::<ExportTo>() {
        return Ok(Some(dir.0.join(file_name)));
    }
    let dialog = app.dialog().file().set_parent(window).set_file_name(file_name).add_filter(description, &[extension]);
    // The dialog blocks until the person answers: never on the main thread (it runs the dialog).
    let picked = tauri::async_runtime::spawn_blocking(move || dialog.blocking_save_file()).await.map_err(|e| {
        tracing::error!(error = %e, "save dialog task failed");
        IpcError::new(IpcErrorKind::Internal, "The save dialog could not be shown; see the log.")
    })?;
    let Some(picked) = picked else { return Ok(None) };
    picked.into_path().map(Some).map_err(|e| {
        tracing::error!(error = %e, "save dialog returned no file path");
        IpcError::new(IpcErrorKind::Internal, "The save dialog did not return a file on this computer.")
    })
}
