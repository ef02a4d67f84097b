//! The audit log: who signed in, viewed, exported, assigned and edited which lead. Rows are
//! only ever added (the table refuses updates and deletes).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    SignedIn,
    SignedOut,
    SignInFailed,
    Viewed,
    Exported,
    Assigned,
    Edited,
    Merged,
    /// A manager added a person, changed a role or reset a PIN.
    TeamChanged,
}

impl AuditAction {
    pub const ALL: [AuditAction; 9] = [
        AuditAction::SignedIn,
        AuditAction::SignedOut,
        AuditAction::SignInFailed,
        AuditAction::Viewed,
        AuditAction::Exported,
        AuditAction::Assigned,
        AuditAction::Edited,
        AuditAction::Merged,
        AuditAction::TeamChanged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::SignedIn => "signed_in",
            AuditAction::SignedOut => "signed_out",
            AuditAction::SignInFailed => "sign_in_failed",
            AuditAction::Viewed => "viewed",
            AuditAction::Exported => "exported",
            AuditAction::Assigned => "assigned",
            AuditAction::Edited => "edited",
            AuditAction::Merged => "merged",
            AuditAction::TeamChanged => "team_changed",
        }
    }

    pub fn parse(s: &str) -> Option<AuditAction> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// One audit row. `detail` is the action's own JSON (an export's filter and count, the
/// assignee of an assignment).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AuditEntry {
    #[ts(type = "number")]
    pub seq: i64,
    #[ts(type = "number")]
    pub at: i64,
    pub user_id: Option<String>,
    pub user_name: String,
    pub action: AuditAction,
    pub lead_id: Option<String>,
    #[ts(type = "Record<string, unknown>")]
    pub detail: serde_json::Value,
}

/// The audit log screen's filters; `None` means any. Newest first, at most `limit` (200).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuditQuery {
    pub user_id: Option<String>,
    pub action: Option<AuditAction>,
    pub limit: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_round_trips_through_its_stored_name_and_serde() {
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Some(a));
            assert_eq!(serde_json::to_string(&a).unwrap(), format!("\"{}\"", a.as_str()));
        }
    }
}
