//! Badge payloads from a handheld scanner, a camera or a photo.

use leadtrack_badge::Parsed;
use leadtrack_domain::FieldError;
use serde::Serialize;
use tauri::ipc::{InvokeBody, Request};
use ts_rs::TS;

use crate::error::{IpcError, IpcErrorKind, Result};

/// Reads a scanned payload into contact fields. Never fails: an unreadable badge comes back
/// as `unknown` with its raw text, so the rep can still save it and fix it later.
#[tauri::command]
pub fn badges_parse(payload: String) -> Parsed {
    leadtrack_badge::parse(&payload, None)
}

/// One code found in a photo: its symbology (`qr`, `pdf417`, `code128`, …), its text and the
/// contact fields parsed from that text.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ScannedSymbol {
    pub symbology: String,
    pub text: String,
    pub parsed: Parsed,
}

fn unreadable(message: &str) -> IpcError {
    IpcError {
        kind: IpcErrorKind::Validation,
        message: message.into(),
        fields: vec![FieldError::new("attachment", "unreadable_image", message)],
    }
}

/// Decodes every badge code in a photo (PNG or JPEG, sent as the raw IPC body), off the main
/// thread. A photo with no code is an empty list; a file that is not a readable image is a
/// `validation` error on `attachment` with code `unreadable_image`.
#[tauri::command]
pub async fn badges_scan_image(request: Request<'_>) -> Result<Vec<ScannedSymbol>> {
    let InvokeBody::Raw(data) = request.body() else {
        return Err(IpcError::new(IpcErrorKind::Validation, "A photo is sent as raw bytes."));
    };
    let data = data.clone();
    let decoded =
        tauri::async_runtime::spawn_blocking(move || leadtrack_scan::decode_image(&data)).await.map_err(|e| {
            tracing::error!(error = %e, "photo scan task failed");
            IpcError::new(IpcErrorKind::Internal, "A background task failed; see the log.")
        })?;
    let symbols = decoded.map_err(|e| {
        tracing::info!(error = %e, "photo could not be read");
        unreadable("This file is not a readable PNG or JPEG photo.")
    })?;
    Ok(symbols
        .into_iter()
        .map(|s| ScannedSymbol {
            symbology: serde_json::to_value(s.symbology)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            parsed: leadtrack_badge::parse(&s.text, None),
            text: s.text,
        })
        .collect())
}
