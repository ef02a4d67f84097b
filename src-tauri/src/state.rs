//! The one piece of state every command shares.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use leadtrack_store::Store;

pub struct AppState {
    pub store: Arc<Store>,
    pub data_dir: PathBuf,
}

impl AppState {
    pub fn open(dir: &Path) -> Result<AppState, leadtrack_store::Error> {
        let store = Store::open(dir)?;
        tracing::info!(db = %store.path().display(), device = store.device_id(), "store open");
        Ok(AppState { store: Arc::new(store), data_dir: dir.to_path_buf() })
    }
}
