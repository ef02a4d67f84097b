//! Badge payloads from a handheld scanner, a camera or a photo.

use leadtrack_badge::{BadgeProfile, Parsed};
use leadtrack_domain::FieldError;
use serde::Serialize;
use tauri::ipc::{InvokeBody, Request};
use tauri::State;
use ts_rs::TS;

use super::blocking;
use super::session::ACTIVE_EVENT;
use crate::error::{IpcError, IpcErrorKind, Result};
use crate::state::AppState;

/// Reads a scanned payload into contact fields, by the active show's badge profile when it has
/// one. Fails only if IPC does: an unreadable badge comes back as `unknown` with its raw text,
/// so the rep can still save it and fix it later.
#[tauri::command]
pub async fn badges_parse(state: State<'_, AppState>, payload: String) -> Result<Parsed> {
    Ok(read(&active_profile(&state).await, &payload))
}

/// Reads a sample badge with a profile that is not saved (the settings screen's "Try it"), with
/// the extra warnings of [`BadgeProfile::try_sample`]. A bad profile is a `validation` error on
/// `badge_profile` saying which key is wrong, or where the JSON breaks.
#[tauri::command]
pub fn badges_try_profile(profile: String, sample: String) -> Result<Parsed> {
    Ok(check_profile(&profile)?.try_sample(&sample))
}

/// Reads and checks a badge profile, as `events_set_badge_profile` does before saving.
pub fn check_profile(text: &str) -> Result<BadgeProfile> {
    BadgeProfile::from_json(text).map_err(|e| {
        // The crate's messages are clauses ("the badge profile is not valid JSON: … (line 3,
        // column 5)"); the UI shows a sentence.
        let clause = e.to_string();
        let mut chars = clause.chars();
        let message = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or(clause);
        IpcError {
            kind: IpcErrorKind::Validation,
            fields: vec![FieldError::new("badge_profile", "invalid_badge_profile", &message)],
            message,
        }
    })
}

/// The active show's badge profile: none (auto-detect), a profile, or why the saved text does
/// not read (it was checked when saved, so only a newer app's profile gets here).
type LoadedProfile = std::result::Result<Option<BadgeProfile>, String>;

/// Reads the active show's profile for one scan. Not cached: the setting, the profile's text and
/// its JSON take ~8 µs together (release build; `from_json` alone 0.7 µs), against a
/// millisecond IPC round trip, and there is nothing to invalidate. Never costs a scan: a store
/// failure is logged and the badge auto-detected, with a warning saying so.
async fn active_profile(state: &AppState) -> LoadedProfile {
    let loaded = blocking(state, |s| {
        let Some(event_id) = s.setting(ACTIVE_EVENT)? else { return Ok(Ok(None)) };
        Ok(match s.badge_profile(&event_id) {
            Ok(Some(text)) => BadgeProfile::from_json(&text).map(Some).map_err(|e| e.to_string()),
            // No profile, or the setting points at a deleted show (read as unset, as the session does).
            Ok(None) | Err(leadtrack_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => return Err(e.into()),
        })
    })
    .await;
    let loaded = loaded.unwrap_or_else(|e| Err(e.message));
    if let Err(why) = &loaded {
        tracing::warn!(error = %why, "the active show's badge profile was not used");
    }
    loaded
}

fn read(profile: &LoadedProfile, payload: &str) -> Parsed {
    match profile {
        Ok(profile) => leadtrack_badge::parse(payload, profile.as_ref()),
        Err(why) => {
            let mut parsed = leadtrack_badge::parse(payload, None);
            parsed
                .warnings
                .insert(0, format!("the show's badge profile was not used ({why}); the badge was auto-detected"));
            parsed
        }
    }
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
pub async fn badges_scan_image(state: State<'_, AppState>, request: Request<'_>) -> Result<Vec<ScannedSymbol>> {
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
    Ok(scanned(symbols, &active_profile(&state).await))
}

/// Decodes every badge code in one webcam frame: 8-bit luma (grayscale), one byte per pixel,
/// row by row, as the raw IPC body, with its size in the `x-width` and `x-height` headers.
/// Runs off the main thread (~4 ms for 1280×720). A frame with no code is an empty list; a body
/// that does not match its size is a `validation` error on `frame`, code `bad_frame`.
#[tauri::command]
pub async fn badges_scan_frame(state: State<'_, AppState>, request: Request<'_>) -> Result<Vec<ScannedSymbol>> {
    let symbols = decode_frame(&request).await?;
    Ok(scanned(symbols, &active_profile(&state).await))
}

/// The codes in the webcam frame a request carries (see `badges_scan_frame`), decoded off the
/// main thread. Shared with the kiosk's camera.
pub async fn decode_frame(request: &Request<'_>) -> Result<Vec<leadtrack_scan::Symbol>> {
    let InvokeBody::Raw(data) = request.body() else {
        return Err(bad_frame("A frame is sent as raw bytes."));
    };
    let side = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok()?.trim().parse::<u32>().ok());
    let (Some(width), Some(height)) = (side("x-width"), side("x-height")) else {
        return Err(bad_frame("A frame needs its size in the x-width and x-height headers."));
    };
    leadtrack_scan::check_frame(width, height, data.len()).map_err(|e| bad_frame(&e.to_string()))?;
    let data = data.clone();
    tauri::async_runtime::spawn_blocking(move || leadtrack_scan::decode_luma(width, height, &data)).await.map_err(|e| {
        tracing::error!(error = %e, "frame scan task failed");
        IpcError::new(IpcErrorKind::Internal, "A background task failed; see the log.")
    })
}

fn bad_frame(message: &str) -> IpcError {
    IpcError {
        kind: IpcErrorKind::Validation,
        message: message.into(),
        fields: vec![FieldError::new("frame", "bad_frame", message)],
    }
}

/// Each decoded code with the contact fields parsed from its text by the show's profile.
fn scanned(symbols: Vec<leadtrack_scan::Symbol>, profile: &LoadedProfile) -> Vec<ScannedSymbol> {
    symbols
        .into_iter()
        .map(|s| ScannedSymbol {
            symbology: serde_json::to_value(s.symbology)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            parsed: read(profile, &s.text),
            text: s.text,
        })
        .collect()
}
