//! The one piece of state every command shares.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use leadtrack_phone::PhoneService;
use leadtrack_store::Store;

pub struct AppState {
    pub store: Arc<Store>,
    pub data_dir: PathBuf,
    /// Registration on visitors' phones; not listening until `setup` or the settings turn it on.
    pub phone: Arc<PhoneService>,
}

impl AppState {
    pub fn open(dir: &Path) -> Result<AppState, leadtrack_store::Error> {
        let store = Store::open(dir)?;
        tracing::info!(db = %store.path().display(), device = store.device_id(), "store open");
        let store = Arc::new(store);
        let phone = Arc::new(PhoneService::new(store.clone(), leadtrack_phone::DEFAULT_PORT));
        Ok(AppState { store, data_dir: dir.to_path_buf(), phone })
    }
}
