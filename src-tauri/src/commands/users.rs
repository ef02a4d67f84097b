use leadtrack_domain::assign::AssignProfile;
use leadtrack_domain::{Role, User};
use leadtrack_store::TeamMember;
use tauri::State;

use super::{blocking, session};
use crate::error::Result;
use crate::state::AppState;

#[tauri::command]
pub async fn users_list(state: State<'_, AppState>) -> Result<Vec<User>> {
    blocking(&state, |s| Ok(s.users()?)).await
}

/// Settings → Team, for a manager.
#[tauri::command]
pub async fn users_team(state: State<'_, AppState>) -> Result<Vec<TeamMember>> {
    blocking(&state, |s| Ok(s.team(&session::viewer(s)?)?)).await
}

/// A manager adds a person; they choose their PIN at their first sign-in.
#[tauri::command]
pub async fn users_add(state: State<'_, AppState>, name: String, email: String, role: Role) -> Result<User> {
    blocking(&state, move |s| Ok(s.add_team_member(&session::viewer(s)?, &name, &email, role)?)).await
}

#[tauri::command]
pub async fn users_set_role(state: State<'_, AppState>, id: String, role: Role) -> Result<()> {
    blocking(&state, move |s| Ok(s.set_role(&session::viewer(s)?, &id, role)?)).await
}

/// A manager resets a PIN: to `secret`, or (null) to none so the person chooses one.
#[tauri::command]
pub async fn users_reset_secret(state: State<'_, AppState>, id: String, secret: Option<String>) -> Result<()> {
    blocking(&state, move |s| Ok(s.reset_secret(&session::viewer(s)?, &id, secret.as_deref())?)).await
}

/// What automatic assignment knows about a rep: regions, products, languages.
#[tauri::command]
pub async fn users_set_profile(state: State<'_, AppState>, id: String, profile: AssignProfile) -> Result<()> {
    blocking(&state, move |s| Ok(s.set_assign_profile(&session::viewer(s)?, &id, &profile)?)).await
}
