use leadtrack_domain::User;
use tauri::State;

use super::blocking;
use crate::error::Result;
use crate::state::AppState;

#[tauri::command]
pub async fn users_list(state: State<'_, AppState>) -> Result<Vec<User>> {
    blocking(&state, |s| Ok(s.users()?)).await
}
