//! What the device shows about sync: the live backlog and the post-show reconcile report.
//! Plain serde structs with ts-rs, so the app can hand them to the UI as they are.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The backlog and the last outcome, pushed to the UI on every change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncStatus {
    /// Saved versions not yet sent.
    pub pending: u32,
    /// Sent (or frozen for sending) and not yet answered.
    pub inflight: u32,
    /// Refused by the server: kept for a person to look at; they never block the queue.
    pub parked: u32,
    /// When the oldest version still waiting was saved (unix ms).
    #[ts(type = "number | null")]
    pub oldest_waiting_at: Option<i64>,
    /// When the server last answered a batch (unix ms).
    #[ts(type = "number | null")]
    pub last_success_at: Option<i64>,
    /// The last failure, for people ("the device key was refused", "timed out", …).
    pub last_error: Option<String>,
    #[ts(type = "number | null")]
    pub last_error_at: Option<i64>,
    /// The last request reached the server and got a well-formed answer.
    pub online: bool,
    /// The server refused this device's key (401): nothing is sent until it is re-enrolled;
    /// the data stays.
    pub key_refused: bool,
    /// When the next attempt is due after a failure (unix ms), if waiting.
    #[ts(type = "number | null")]
    pub next_retry_at: Option<i64>,
}

/// One lead the server lacks in the device's version, and why the device thinks so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MissingLead {
    pub lead_id: String,
    pub version: u32,
    /// `missing` (the server never stored it) or `older` (it holds an earlier version).
    pub kind: String,
    /// The local reason: `parked: <code>`, `waiting to be sent`, `sent, not yet answered`,
    /// or `acknowledged, but not on the server` (then it was queued again).
    pub reason: String,
}

/// The answer to "did everything arrive?" after an upload.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReconcileReport {
    /// Leads compared.
    pub checked: u32,
    /// Leads the server holds in exactly the device's version.
    pub in_sync: u32,
    /// Leads the server lacks or holds older; empty means "0 missing".
    pub missing: Vec<MissingLead>,
    /// Leads the server holds in a newer version (edited elsewhere): not a loss.
    pub newer_on_server: Vec<String>,
    /// Versions parked on this device, with their reasons.
    pub parked: Vec<MissingLead>,
}

impl ReconcileReport {
    /// "0 missing", or the count.
    pub fn summary(&self) -> String {
        format!("{} checked, {} in sync, {} missing", self.checked, self.in_sync, self.missing.len())
    }
}
