//! Where the database and logs live.
//!
//! `LEADTRACK_DATA_DIR` wins (tests, kiosks with a fixed path, portable installs).
//! Otherwise the OS's per-user app data folder; debug builds add a `dev` subfolder so a
//! developer's `cargo xtask run` never opens the database a real booth is using.

use std::path::PathBuf;

use tauri::{AppHandle, Manager, Runtime};

pub const ENV: &str = "LEADTRACK_DATA_DIR";

pub fn resolve<R: Runtime>(app: &AppHandle<R>) -> Result<PathBuf, Box<dyn std::error::Error>> {
    if let Some(dir) = std::env::var_os(ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    let base = app.path().app_data_dir()?;
    Ok(if cfg!(debug_assertions) { base.join("dev") } else { base })
}
