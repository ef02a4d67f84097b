//! Events the shell emits to the windows: `<area>://<what>` with one typed payload each.

use serde::Serialize;
use tauri::{AppHandle, Emitter, Runtime};
use ts_rs::TS;

pub const LEADS_CHANGED: &str = "leads://changed";

#[derive(Debug, Clone, Serialize, TS)]
pub struct LeadsChanged {
    pub id: String,
}

/// Tells the rep window a lead changed so lists and counts refresh — only the rep window: the
/// kiosk must not even learn that other visitors exist — and nudges the sync task, since every
/// lead write passes here. A failed emit only means no window is listening; the save itself
/// already committed.
pub fn leads_changed<R: Runtime>(app: &AppHandle<R>, id: &str) {
    crate::sync_task::nudge(app);
    if let Err(e) = app.emit_to(crate::windows::REP, LEADS_CHANGED, LeadsChanged { id: id.to_string() }) {
        tracing::warn!(error = %e, "could not emit {LEADS_CHANGED}");
    }
}
