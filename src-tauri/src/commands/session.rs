//! Who is at this laptop and which show is active. Both persist across restarts.

use leadtrack_domain::{Event, FieldError, User};
use leadtrack_store::Store;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use super::blocking;
use crate::error::{IpcError, IpcErrorKind, Result};
use crate::state::AppState;

pub const ACTIVE_EVENT: &str = "active_event";
pub const ACTIVE_USER: &str = "active_user";

/// Who is at the booth laptop and which show is active; both persist across restarts.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Session {
    pub user: Option<User>,
    pub event: Option<Event>,
}

/// The current session; a setting that points at a deleted show or user reads as unset.
pub fn current(store: &Store) -> std::result::Result<Session, leadtrack_store::Error> {
    let event = match store.setting(ACTIVE_EVENT)? {
        Some(id) => store.event(&id).ok(),
        None => None,
    };
    let user = match store.setting(ACTIVE_USER)? {
        Some(id) => store.user(&id).ok(),
        None => None,
    };
    Ok(Session { user, event })
}

#[tauri::command]
pub async fn session_get(state: State<'_, AppState>) -> Result<Session> {
    blocking(&state, |s| Ok(current(s)?)).await
}

#[tauri::command]
pub async fn session_set_event(state: State<'_, AppState>, id: String) -> Result<Session> {
    blocking(&state, move |s| {
        s.event(&id)?;
        s.set_setting(ACTIVE_EVENT, &id)?;
        Ok(current(s)?)
    })
    .await
}

#[tauri::command]
pub async fn session_set_user(state: State<'_, AppState>, id: String) -> Result<Session> {
    blocking(&state, move |s| {
        s.user(&id)?;
        s.set_setting(ACTIVE_USER, &id)?;
        Ok(current(s)?)
    })
    .await
}

/// The user at the booth: the author of every save from this window.
pub fn author(store: &Store) -> Result<String> {
    match store.setting(ACTIVE_USER)? {
        Some(id) => Ok(id),
        None => Err(IpcError {
            kind: IpcErrorKind::Validation,
            message: "Choose who is at the booth before saving leads.".into(),
            fields: vec![FieldError::new("user", "no_user", "Choose who is at the booth before saving leads.")],
        }),
    }
}
