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
    crate::reminders::nudge(app);
    if let Err(e) = app.emit_to(crate::windows::REP, LEADS_CHANGED, LeadsChanged { id: id.to_string() }) {
        tracing::warn!(error = %e, "could not emit {LEADS_CHANGED}");
    }
}

pub const LEADS_ASSIGNED: &str = "leads://assigned";

/// Leads a manager just gave to `assignee`: the assignee's window (and the reminders) hear it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct LeadsAssigned {
    pub lead_ids: Vec<String>,
    pub assignee: String,
}

/// One `leads://assigned` per assignee among `leads` (to the rep window only, like every lead event).
pub fn leads_assigned<R: Runtime>(app: &AppHandle<R>, leads: &[leadtrack_domain::Lead]) {
    let mut by: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    for lead in leads {
        if let Some(to) = lead.assigned_to.as_deref() {
            by.entry(to).or_default().push(lead.id.clone());
        }
    }
    for (assignee, lead_ids) in by {
        let payload = LeadsAssigned { lead_ids, assignee: assignee.to_string() };
        if let Err(e) = app.emit_to(crate::windows::REP, LEADS_ASSIGNED, payload) {
            tracing::warn!(error = %e, "could not emit {LEADS_ASSIGNED}");
        }
    }
}
