//! Kiosk mode. The rep window sets the staff PIN, edits a show's kiosk form and starts the
//! kiosk; the kiosk window (`kiosk_*` below the line) reads its form, turns a badge into
//! prefilled fields, registers the visitor and lets staff out with the PIN. Nothing the kiosk
//! can call returns anything about another visitor.

use leadtrack_domain::kiosk::{KioskForm, KioskRegistration, KioskStatus, PinCheck};
use leadtrack_domain::Event;
use leadtrack_store::KioskAttract;
use serde::Serialize;
use tauri::ipc::{Request, Response};
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use super::{badges, blocking};
use crate::error::{IpcError, Result};
use crate::state::AppState;
use crate::{events, windows};

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

#[tauri::command]
pub async fn kiosk_status(state: State<'_, AppState>) -> Result<KioskStatus> {
    blocking(&state, |s| Ok(s.kiosk_status()?)).await
}

/// Sets or replaces the staff PIN (4–12 digits, not 1111 or 1234).
#[tauri::command]
pub async fn kiosk_set_pin(state: State<'_, AppState>, pin: String) -> Result<KioskStatus> {
    blocking(&state, move |s| {
        s.set_kiosk_pin(&pin)?;
        Ok(s.kiosk_status()?)
    })
    .await
}

/// Saves a show's kiosk form (fields, required ones, questions, consent wording, idle time).
#[tauri::command]
pub async fn events_set_kiosk_form(state: State<'_, AppState>, event_id: String, form: KioskForm) -> Result<Event> {
    blocking(&state, move |s| Ok(s.set_kiosk_form(&event_id, form)?)).await
}

/// Turns kiosk mode on for a show: the kiosk window opens full screen and the rep window hides.
/// Refused without a staff PIN.
#[tauri::command]
pub async fn kiosk_start<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    event_id: String,
) -> Result<KioskStatus> {
    let status = blocking(&state, move |s| {
        s.start_kiosk(&event_id)?;
        Ok(s.kiosk_status()?)
    })
    .await?;
    windows::open_kiosk(&app)?;
    Ok(status)
}

// ---- the kiosk window ------------------------------------------------------------------

/// What the kiosk shows: the show's name and its registration form.
#[derive(Debug, Clone, Serialize, TS)]
pub struct KioskConfig {
    pub event_name: String,
    pub event_tag: String,
    pub booth: String,
    /// The show's interest tags a visitor may pick.
    pub interests: Vec<String>,
    pub form: KioskForm,
}

#[tauri::command]
pub async fn kiosk_config(state: State<'_, AppState>) -> Result<KioskConfig> {
    blocking(&state, |s| {
        let (event, form) = s.kiosk_show()?;
        Ok(KioskConfig {
            event_name: event.name,
            event_tag: event.tag,
            booth: event.booth,
            interests: event.form.interests,
            form,
        })
    })
    .await
}

/// A badge read at the kiosk, as the fields it fills: from the badge itself, else from the
/// attendee list for its id. Nothing else about the show's visitors.
#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct KioskPrefill {
    pub company: String,
    pub name: String,
    pub title: String,
    pub email: String,
    pub phone: String,
    pub country: String,
    pub attendee_id: Option<String>,
    pub badge_raw: String,
    pub badge_format: String,
}

fn prefill(store: &leadtrack_store::Store, payload: &str) -> std::result::Result<KioskPrefill, IpcError> {
    let (event, _) = store.kiosk_show()?;
    let profile = store.badge_profile(&event.id)?.and_then(|text| leadtrack_badge::BadgeProfile::from_json(&text).ok());
    let parsed = leadtrack_badge::parse(payload, profile.as_ref());
    let f = &parsed.fields;
    let name = if f.name.trim().is_empty() {
        format!("{} {}", f.first_name.trim(), f.last_name.trim())
    } else {
        f.name.clone()
    };
    let country = if f.country.trim().len() == 2 { f.country.trim().to_uppercase() } else { String::new() };
    let mut out = KioskPrefill {
        company: f.company.trim().into(),
        name: name.trim().into(),
        title: f.title.trim().into(),
        email: f.email.trim().into(),
        phone: f.phone.trim().into(),
        country,
        attendee_id: parsed.attendee_id.clone(),
        badge_raw: parsed.raw.clone(),
        badge_format: serde_json::to_value(parsed.format)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default(),
    };
    if let Some(a) = parsed.attendee_id.as_deref().map(|id| store.attendee(&event.id, id)).transpose()?.flatten() {
        for (field, value) in [
            (&mut out.company, a.company),
            (&mut out.name, a.name),
            (&mut out.title, a.title),
            (&mut out.email, a.email),
            (&mut out.phone, a.phone),
        ] {
            if field.is_empty() {
                *field = value;
            }
        }
    }
    Ok(out)
}

/// A badge typed by a scanner at the kiosk → the fields it fills.
#[tauri::command]
pub async fn kiosk_scan(state: State<'_, AppState>, payload: String) -> Result<KioskPrefill> {
    blocking(&state, move |s| prefill(s, &payload)).await
}

/// A webcam frame at the kiosk (raw luma, size in `x-width` / `x-height`) → the first badge in
/// it as fields, or `null`.
#[tauri::command]
pub async fn kiosk_scan_frame(state: State<'_, AppState>, request: Request<'_>) -> Result<Option<KioskPrefill>> {
    let symbols = badges::decode_frame(&request).await?;
    let Some(first) = symbols.into_iter().next() else { return Ok(None) };
    blocking(&state, move |s| prefill(s, &first.text).map(Some)).await
}

/// What the thank-you screen needs, and no more: the visitor's own name and the brochure link.
#[derive(Debug, Clone, Serialize, TS)]
pub struct KioskReceipt {
    pub name: String,
    pub brochure_url: String,
}

#[tauri::command]
pub async fn kiosk_register<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    registration: KioskRegistration,
) -> Result<KioskReceipt> {
    let (lead, brochure_url) = blocking(&state, move |s| {
        let lead = s.register_visitor(registration, now_ms())?;
        let (_, form) = s.kiosk_show()?;
        Ok((lead, form.brochure_url))
    })
    .await?;
    tracing::info!(lead = %lead.id, "visitor registered at the kiosk");
    events::leads_changed(&app, &lead.id);
    Ok(KioskReceipt { name: lead.name, brochure_url })
}

/// The attract loop of the kiosk's show: its idle time and the playlist's slides.
#[tauri::command]
pub async fn kiosk_attract(state: State<'_, AppState>) -> Result<KioskAttract> {
    blocking(&state, |s| Ok(s.kiosk_attract()?)).await
}

/// A PDF (its first page is shown) or a video of the attract loop; nothing outside the loop.
#[tauri::command]
pub async fn kiosk_attract_file(state: State<'_, AppState>, material_id: String) -> Result<Response> {
    let bytes = blocking(&state, move |s| Ok(s.kiosk_attract_file(&material_id)?)).await?;
    Ok(Response::new(bytes))
}

/// Staff leave the kiosk with the PIN: on `accepted` the kiosk window closes and the rep window
/// returns. Wrong PINs count towards a lockout that survives a restart.
#[tauri::command]
pub async fn kiosk_exit<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, pin: String) -> Result<PinCheck> {
    let check = blocking(&state, move |s| Ok(s.exit_kiosk(&pin, now_ms())?)).await?;
    match &check {
        PinCheck::Accepted => {
            tracing::info!("kiosk mode ended with the staff PIN");
            windows::close_kiosk(&app)?;
        }
        PinCheck::Wrong { .. } | PinCheck::LockedOut { .. } => tracing::warn!(?check, "wrong kiosk PIN"),
        PinCheck::NotSet => {}
    }
    Ok(check)
}
