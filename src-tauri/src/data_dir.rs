//! Where the database and logs live: `leadtrack_store::data_dir`'s rule, shared with the
//! `leadtrack` CLI so both open the same folder. (`LEADTRACK_DATA_DIR`, else the OS's per-user
//! app data folder for the bundle identifier, with `dev` appended in debug builds.)

use std::path::PathBuf;

use tauri::{AppHandle, Runtime};

pub fn resolve<R: Runtime>(_app: &AppHandle<R>) -> Result<PathBuf, Box<dyn std::error::Error>> {
    leadtrack_store::data_dir::resolve().ok_or_else(|| "this system has no per-user data folder".into())
}

#[cfg(test)]
mod tests {
    use tauri::Manager;

    /// The CLI's copy of the rule names the folder Tauri would have named.
    #[test]
    fn the_shared_rule_names_tauris_app_data_folder() {
        let app = tauri::test::mock_builder().build(crate::context()).unwrap();
        assert_eq!(app.config().identifier, leadtrack_store::data_dir::APP_IDENTIFIER);
        let tauri_dir = app.path().app_data_dir().unwrap();
        let expected = if cfg!(debug_assertions) { tauri_dir.join("dev") } else { tauri_dir };
        assert_eq!(leadtrack_store::data_dir::os_default(), Some(expected));
    }
}
