//! Registration on visitors' phones (`leadtrack-phone`). The rep window turns it on and picks
//! the network interface; only the kiosk window gets one-time links, for its QR code.

use std::net::IpAddr;

use leadtrack_domain::{FieldError, ValidationErrors};
use leadtrack_phone::{Settings, Status};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use super::blocking;
use crate::error::Result;
use crate::state::AppState;

/// The setting, where the server listens (or why it does not), and the interfaces to pick from.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PhoneRegistration {
    pub enabled: bool,
    pub address: Option<String>,
    pub interfaces: Vec<NetInterface>,
    /// `ip:port` while the server runs.
    pub listening: Option<String>,
    /// Why it is on but not listening (the interface is gone, say).
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct NetInterface {
    pub name: String,
    pub ip: String,
}

fn view(status: Status) -> PhoneRegistration {
    PhoneRegistration {
        enabled: status.settings.enabled,
        address: status.settings.address.map(|ip| ip.to_string()),
        interfaces: leadtrack_phone::interfaces()
            .into_iter()
            .map(|i| NetInterface { name: i.name, ip: i.ip.to_string() })
            .collect(),
        listening: status.listening.map(|a| a.to_string()),
        error: status.error,
    }
}

#[tauri::command]
pub async fn phone_registration_get(state: State<'_, AppState>) -> Result<PhoneRegistration> {
    let phone = state.phone.clone();
    blocking(&state, move |_| Ok(view(phone.status()?))).await
}

/// Turns it on or off and picks the address; the server restarts to match.
#[tauri::command]
pub async fn phone_registration_set(
    state: State<'_, AppState>,
    enabled: bool,
    address: Option<String>,
) -> Result<PhoneRegistration> {
    let address = match address.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        None => None,
        Some(text) => Some(text.parse::<IpAddr>().map_err(|_| {
            leadtrack_store::Error::from(ValidationErrors {
                fields: vec![FieldError::new("address", "invalid_address", "This is not an IP address.")],
            })
        })?),
    };
    let phone = state.phone.clone();
    blocking(&state, move |_| Ok(view(phone.set(Settings { enabled, address })?))).await
}

/// A fresh one-time link (`http://ip:port/r/<token>`) for the kiosk's QR code, or `null` when
/// phone registration is off.
#[tauri::command]
pub async fn kiosk_phone_link(state: State<'_, AppState>) -> Result<Option<String>> {
    // Off the main thread: a restart in progress holds the service for a moment.
    let phone = state.phone.clone();
    blocking(&state, move |_| Ok(phone.link())).await
}
