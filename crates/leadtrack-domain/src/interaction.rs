//! What happened with a lead after it was captured: a material shown or shared, a quote
//! handed out, a call, an email, a follow-up task done. Interactions are append-only facts;
//! each has its own id, so two devices adding them to one lead never overwrite each other.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::UnixMs;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum InteractionKind {
    Scan,
    MaterialShown,
    MaterialShared,
    Quote,
    Call,
    Email,
    Note,
    TaskDone,
    Assigned,
}

impl InteractionKind {
    pub const ALL: [InteractionKind; 9] = [
        InteractionKind::Scan,
        InteractionKind::MaterialShown,
        InteractionKind::MaterialShared,
        InteractionKind::Quote,
        InteractionKind::Call,
        InteractionKind::Email,
        InteractionKind::Note,
        InteractionKind::TaskDone,
        InteractionKind::Assigned,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InteractionKind::Scan => "scan",
            InteractionKind::MaterialShown => "material_shown",
            InteractionKind::MaterialShared => "material_shared",
            InteractionKind::Quote => "quote",
            InteractionKind::Call => "call",
            InteractionKind::Email => "email",
            InteractionKind::Note => "note",
            InteractionKind::TaskDone => "task_done",
            InteractionKind::Assigned => "assigned",
        }
    }

    pub fn parse(s: &str) -> Option<InteractionKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One recorded interaction. `detail` is the kind's own JSON object (a material's id and
/// title, a quote's id and total range, an email's subject); `summary` is a one-line text
/// for lists that do not know the kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Interaction {
    pub id: String,
    pub lead_id: String,
    pub kind: InteractionKind,
    #[ts(type = "number")]
    pub at: UnixMs,
    /// Hybrid logical clock stamp: orders interactions across devices.
    pub hlc: String,
    pub by_user: Option<String>,
    /// The user's display name at read time ("" when unknown).
    #[serde(default)]
    pub by_name: String,
    pub summary: String,
    #[ts(type = "Record<string, unknown>")]
    pub detail: serde_json::Value,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_text() {
        for k in InteractionKind::ALL {
            assert_eq!(InteractionKind::parse(k.as_str()), Some(k));
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.as_str()), "serde and as_str agree");
        }
        assert_eq!(InteractionKind::parse("teleport"), None);
    }
}
