//! Who is signed in at this laptop and which show is active. The show persists across
//! restarts; a sign-in does not (the app signs everyone out at launch).

use leadtrack_domain::kiosk::PinCheck;
use leadtrack_domain::{Event, FieldError, SignInUser, User, Viewer};
use leadtrack_store::Store;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use super::blocking;
use crate::error::{IpcError, IpcErrorKind, Result};
use crate::state::AppState;

pub const ACTIVE_EVENT: &str = "active_event";

/// Who is signed in at the booth laptop, which show is active, and after how many idle
/// minutes the window locks (0: never).
#[derive(Debug, Clone, Serialize, TS)]
pub struct Session {
    pub user: Option<User>,
    pub event: Option<Event>,
    pub idle_lock_minutes: u32,
}

/// The current session; a setting that points at a deleted show or user reads as unset.
pub fn current(store: &Store) -> std::result::Result<Session, leadtrack_store::Error> {
    let event = match store.setting(ACTIVE_EVENT)? {
        Some(id) => store.event(&id).ok(),
        None => None,
    };
    Ok(Session { user: store.signed_in()?, event, idle_lock_minutes: store.idle_lock_minutes()? })
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

/// The names on the sign-in screen, and whether each has a PIN yet.
#[tauri::command]
pub async fn session_users(state: State<'_, AppState>) -> Result<Vec<SignInUser>> {
    blocking(&state, |s| Ok(s.sign_in_users()?)).await
}

/// Signs `user_id` in with their PIN or password; `not_set` asks them to choose one.
#[tauri::command]
pub async fn session_sign_in(state: State<'_, AppState>, user_id: String, secret: String) -> Result<PinCheck> {
    blocking(&state, move |s| Ok(s.sign_in(&user_id, &secret, leadtrack_store::now_ms())?)).await
}

/// A person without a PIN yet chooses one and is signed in.
#[tauri::command]
pub async fn session_choose_secret(state: State<'_, AppState>, user_id: String, secret: String) -> Result<PinCheck> {
    blocking(&state, move |s| Ok(s.choose_secret(&user_id, &secret)?)).await
}

#[tauri::command]
pub async fn session_sign_out(state: State<'_, AppState>) -> Result<Session> {
    blocking(&state, |s| {
        s.sign_out()?;
        Ok(current(s)?)
    })
    .await
}

/// A manager sets how many idle minutes lock the window (0: never).
#[tauri::command]
pub async fn session_set_idle_lock(state: State<'_, AppState>, minutes: u32) -> Result<Session> {
    blocking(&state, move |s| {
        s.set_idle_lock_minutes(&viewer(s)?, minutes)?;
        Ok(current(s)?)
    })
    .await
}

/// The signed-in person: the author of every save from this window.
pub fn author(store: &Store) -> Result<String> {
    match store.signed_in()? {
        Some(user) => Ok(user.id),
        None => Err(IpcError {
            kind: IpcErrorKind::Validation,
            message: "Sign in before saving leads.".into(),
            fields: vec![FieldError::new("user", "no_user", "Sign in before saving leads.")],
        }),
    }
}

/// The signed-in person as the viewer of every lead read; `forbidden` when nobody is.
pub fn viewer(store: &Store) -> Result<Viewer> {
    Ok(store.viewer()?)
}

#[cfg(test)]
mod tests {
    /// The viewer rule holds only if no command reads leads around it: every lead read a
    /// command makes is one of the store's `*_as(viewer, …)` functions.
    #[test]
    fn no_command_reads_leads_without_the_signed_in_viewer() {
        let unscoped = [
            ".search_leads(",
            ".lead(",
            ".lead_versions(",
            ".possible_duplicates(",
            ".export_leads(",
            ".attachments(",
            ".attachment_bytes(",
            ".lead_interactions(",
            ".lead_by_badge(",
        ];
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/commands");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            // The code, not its tests (this one names every call it looks for).
            let code = text.split("#[cfg(test)]").next().unwrap();
            for call in unscoped {
                assert!(!code.contains(call), "{} calls {call}…) without a viewer", path.display());
            }
        }
    }
}
