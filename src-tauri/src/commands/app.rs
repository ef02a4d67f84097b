use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::error::Result;
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, TS)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
}

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> Result<AppInfo> {
    Ok(AppInfo { version: env!("CARGO_PKG_VERSION").to_string(), data_dir: state.data_dir.display().to_string() })
}
