//! The viewer rule and the audit log.
//!
//! Every lead read a person makes (the list, a lead, its history, duplicates, attachments,
//! interactions, exports) takes a [`Viewer`] and is filtered *in SQL* here: a rep sees only
//! leads they captured or were assigned; managers and marketing see all. A lead the viewer
//! may not see reads as not found, so its existence does not leak. Kiosk, phone and sync
//! paths are not a person browsing and keep the unscoped functions.
//!
//! The audit log is append-only (triggers refuse updates and deletes); rows are written
//! by the store call that did the thing, in its transaction when it writes.

use leadtrack_domain::{
    Attachment, AuditAction, AuditEntry, AuditQuery, Interaction, Lead, LeadQuery, LeadSummary, LeadVersion, Role,
    Viewer,
};
use rusqlite::{params, Connection, OptionalExtension};

use crate::{leads, now_ms, Error, Result, Store};

/// A person opening the same lead again within this long is one "viewed" row, not one per
/// refresh.
pub const VIEW_DEDUP_MS: i64 = 5 * 60 * 1000;

/// The SQL condition (on the lead aliased `l`) that keeps only what `viewer` may see, with
/// `n` the number of the parameter it binds to the viewer's id; `None` when they see all.
pub(crate) fn condition(viewer: &Viewer, n: usize) -> Option<String> {
    match viewer.role {
        Role::Manager | Role::Marketing => None,
        Role::Rep => Some(format!(" AND (l.captured_by = ?{n} OR l.assigned_to = ?{n})")),
        Role::Kiosk => Some(" AND 0".into()),
    }
}

/// `lead` as `viewer` may read it, or not found.
pub(crate) fn check(viewer: &Viewer, lead: &Lead) -> Result<()> {
    if viewer.sees(&lead.captured_by, lead.assigned_to.as_deref()) {
        Ok(())
    } else {
        Err(Error::NotFound { what: "lead", id: lead.id.clone() })
    }
}

/// A lead read for `viewer`, not found when they may not see it.
pub(crate) fn visible_lead(c: &Connection, viewer: &Viewer, id: &str) -> Result<Lead> {
    let lead = leads::get(c, id)?;
    check(viewer, &lead)?;
    Ok(lead)
}

/// Appends one audit row.
pub(crate) fn audit(
    c: &Connection,
    user_id: Option<&str>,
    action: AuditAction,
    lead_id: Option<&str>,
    detail: serde_json::Value,
) -> Result<()> {
    c.prepare_cached("INSERT INTO audit_log (at, user_id, action, lead_id, detail_json) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![now_ms(), user_id, action.as_str(), lead_id, serde_json::to_string(&detail)?])?;
    Ok(())
}

pub(crate) fn require_manager(viewer: &Viewer) -> Result<()> {
    if viewer.role == Role::Manager {
        Ok(())
    } else {
        Err(Error::Forbidden("Only a manager can do this.".into()))
    }
}

impl Store {
    /// The lead list for `viewer` (see [`Store::search_leads`]).
    pub fn search_leads_as(&self, viewer: &Viewer, q: &LeadQuery) -> Result<Vec<LeadSummary>> {
        self.search(q, Some(viewer))
    }

    /// A lead as `viewer` opens it: recorded as viewed (once per [`VIEW_DEDUP_MS`]).
    pub fn lead_as(&self, viewer: &Viewer, id: &str) -> Result<Lead> {
        let lead = self.read(|c| visible_lead(c, viewer, id))?;
        self.write(|c| {
            let last: Option<i64> = c
                .prepare_cached(
                    "SELECT at FROM audit_log WHERE lead_id = ?1 AND user_id = ?2 AND action = 'viewed'
                     ORDER BY seq DESC LIMIT 1",
                )?
                .query_row([id, &viewer.user_id], |r| r.get(0))
                .optional()?;
            if last.is_none_or(|at| now_ms() - at >= VIEW_DEDUP_MS) {
                audit(c, Some(&viewer.user_id), AuditAction::Viewed, Some(id), serde_json::json!({}))?;
            }
            Ok(())
        })?;
        Ok(lead)
    }

    /// A lead's history, for a viewer who may see the lead.
    pub fn lead_versions_as(&self, viewer: &Viewer, id: &str) -> Result<Vec<LeadVersion>> {
        self.read(|c| visible_lead(c, viewer, id).map(|_| ()))?;
        self.lead_versions(id)
    }

    /// Likely duplicates of a lead the viewer may see, among the leads they may see.
    pub fn possible_duplicates_as(&self, viewer: &Viewer, id: &str) -> Result<Vec<LeadSummary>> {
        self.read(|c| visible_lead(c, viewer, id).map(|_| ()))?;
        self.duplicates(id, Some(viewer))
    }

    /// Attachments of a lead the viewer may see.
    pub fn attachments_as(&self, viewer: &Viewer, lead_id: &str) -> Result<Vec<Attachment>> {
        self.read(|c| visible_lead(c, viewer, lead_id).map(|_| ()))?;
        self.attachments(lead_id)
    }

    /// Interactions of a lead the viewer may see.
    pub fn lead_interactions_as(&self, viewer: &Viewer, lead_id: &str) -> Result<Vec<Interaction>> {
        self.read(|c| visible_lead(c, viewer, lead_id).map(|_| ()))?;
        self.lead_interactions(lead_id)
    }

    /// An export for `viewer`: only leads they may see; recorded with its filter and count.
    pub fn export_leads_as(&self, viewer: &Viewer, q: &LeadQuery) -> Result<Vec<Lead>> {
        let leads = self.read(|c| crate::export::export(c, q, Some(viewer)))?;
        let detail = serde_json::json!({ "query": q, "count": leads.len() });
        self.write(|c| audit(c, Some(&viewer.user_id), AuditAction::Exported, None, detail))?;
        Ok(leads)
    }

    /// [`Store::lead_by_badge`] for a viewer: a badge another rep already scanned opens
    /// nothing (their lead stays theirs; a manager can merge the two later).
    pub fn lead_by_badge_as(&self, viewer: &Viewer, event_id: &str, badge_raw: &str) -> Result<Option<Lead>> {
        Ok(self.lead_by_badge(event_id, badge_raw)?.filter(|l| viewer.sees(&l.captured_by, l.assigned_to.as_deref())))
    }

    /// An attachment's bytes, when the viewer may see its lead or the lead it was merged into.
    pub fn attachment_bytes_as(&self, viewer: &Viewer, id: &str) -> Result<(Attachment, Vec<u8>)> {
        let (a, data) = self.attachment_bytes(id)?;
        self.read(|c| {
            let lead = leads::get(c, &a.lead_id)?;
            let survivor = lead.merged_into.as_deref().map(|s| leads::get(c, s)).transpose()?;
            if check(viewer, &lead).is_ok() || survivor.is_some_and(|s| check(viewer, &s).is_ok()) {
                Ok(())
            } else {
                Err(Error::NotFound { what: "attachment", id: id.to_string() })
            }
        })?;
        Ok((a, data))
    }

    /// The audit log, newest first; managers only.
    pub fn audit_log(&self, viewer: &Viewer, q: &AuditQuery) -> Result<Vec<AuditEntry>> {
        require_manager(viewer)?;
        let limit = q.limit.unwrap_or(200).min(5_000) as i64;
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT a.seq, a.at, a.user_id, COALESCE(u.name, ''), a.action, a.lead_id, a.detail_json
                 FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
                 WHERE (?1 IS NULL OR a.user_id = ?1) AND (?2 IS NULL OR a.action = ?2)
                 ORDER BY a.seq DESC LIMIT ?3",
            )?;
            let rows = st.query_map(params![q.user_id, q.action.map(AuditAction::as_str), limit], |r| {
                let action: String = r.get(4)?;
                let detail: String = r.get(6)?;
                Ok(AuditEntry {
                    seq: r.get(0)?,
                    at: r.get(1)?,
                    user_id: r.get(2)?,
                    user_name: r.get(3)?,
                    action: AuditAction::parse(&action).unwrap_or(AuditAction::Viewed),
                    lead_id: r.get(5)?,
                    detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}
