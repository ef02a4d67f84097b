//! Where a device's data folder is, for the app and for the `leadtrack` CLI alike.
//!
//! `LEADTRACK_DATA_DIR` wins (tests, kiosks with a fixed path, portable installs).
//! Otherwise the OS's per-user data folder plus the app's bundle identifier — the folder
//! Tauri's `app_data_dir()` names — and debug builds add a `dev` subfolder so a developer's
//! `cargo xtask run` never opens the database a real booth is using. The rule lives here,
//! not in the shell, so the CLI finds the same folder without knowing Tauri.

use std::path::PathBuf;

/// Overrides the folder when set and not empty.
pub const ENV: &str = "LEADTRACK_DATA_DIR";

/// The app's bundle identifier (`src-tauri/tauri.conf.json`; a test there keeps them equal).
pub const APP_IDENTIFIER: &str = "app.leadtrack.desktop";

/// The data folder by the rule above; `None` only when the OS has no per-user data folder.
pub fn resolve() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    os_default()
}

/// The folder without the environment override.
pub fn os_default() -> Option<PathBuf> {
    let base = dirs::data_dir()?.join(APP_IDENTIFIER);
    Some(if cfg!(debug_assertions) { base.join("dev") } else { base })
}
