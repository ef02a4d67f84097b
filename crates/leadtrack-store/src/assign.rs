//! Assignment: a manager gives leads to reps, by hand or from the automatic rule's proposal
//! (`leadtrack_domain::assign`). Each assignment is a new version of the lead (so it
//! travels through sync like any edit), an `assigned` interaction and an audit row, all in
//! one transaction.

use leadtrack_domain::assign::{self, AssignLead, AssignReason, AssignRep};
use leadtrack_domain::{AuditAction, InteractionKind, Lead, Role, Viewer};
use rusqlite::{params, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::access::{audit, require_manager};
use crate::{interactions, leads, now_ms, users, Error, Result, Store};

/// One lead for one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Assignment {
    pub lead_id: String,
    pub user_id: String,
}

/// The automatic rule's proposal for one lead, with names for the manager's review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AssignProposal {
    pub lead_id: String,
    pub lead_name: String,
    pub company: String,
    pub user_id: String,
    pub user_name: String,
    pub reasons: Vec<AssignReason>,
}

impl Store {
    /// Saves `assignments` made by manager `by`, all or none; returns the leads whose owner
    /// changed (assigning a lead to the person who already has it saves nothing).
    pub fn assign_leads(&self, by: &Viewer, assignments: &[Assignment]) -> Result<Vec<Lead>> {
        require_manager(by)?;
        self.write(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut changed = Vec::new();
            for a in assignments {
                let to = users::get(&tx, &a.user_id)?;
                if !matches!(to.role, Role::Rep | Role::Manager) {
                    return Err(Error::Invalid(leadtrack_domain::ValidationErrors {
                        fields: vec![leadtrack_domain::FieldError::new(
                            "user",
                            "not_assignable",
                            "Leads are assigned to reps and managers.",
                        )],
                    }));
                }
                let before = leads::get(&tx, &a.lead_id)?;
                if before.merged_into.is_some() {
                    return Err(crate::merge::refusal("merged", "This lead was merged into another lead."));
                }
                if before.assigned_to.as_deref() == Some(to.id.as_str()) {
                    continue;
                }
                let now = now_ms();
                let lead = Lead {
                    assigned_to: Some(to.id.clone()),
                    version: before.version + 1,
                    hlc: self.clock.stamp(now).to_string(),
                    updated_at: now,
                    ..before.clone()
                };
                tx.prepare_cached(
                    "UPDATE leads SET assigned_to = ?2, version = ?3, hlc = ?4, updated_at = ?5 WHERE id = ?1",
                )?
                .execute(params![
                    lead.id,
                    lead.assigned_to,
                    lead.version,
                    lead.hlc,
                    lead.updated_at
                ])?;
                // `record` writes the (unchanged) interests again with the version.
                tx.prepare_cached("DELETE FROM lead_interests WHERE lead_id = ?1")?.execute([&lead.id])?;
                leads::record(&tx, &lead, &by.user_id, now, None)?;
                let detail = serde_json::json!({ "to": to.id, "to_name": to.name, "from": before.assigned_to });
                interactions::record(
                    &tx,
                    &self.clock,
                    &lead.id,
                    InteractionKind::Assigned,
                    &format!("Assigned to {}", to.name),
                    detail.clone(),
                    &by.user_id,
                )?;
                audit(&tx, Some(&by.user_id), AuditAction::Assigned, Some(&lead.id), detail)?;
                changed.push(lead);
            }
            tx.commit()?;
            Ok(changed)
        })
    }

    /// The automatic rule's proposal for every open, unassigned lead (of `event_id` when
    /// given) over every rep; nothing is saved. Managers only.
    pub fn propose_assignments(&self, by: &Viewer, event_id: Option<&str>) -> Result<Vec<AssignProposal>> {
        require_manager(by)?;
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT l.id, l.name, l.company, l.country, l.grade, l.created_at,
                   (SELECT group_concat(tag, char(31)) FROM lead_interests i WHERE i.lead_id = l.id)
                 FROM leads l
                 WHERE l.assigned_to IS NULL AND l.merged_into IS NULL AND l.status NOT IN ('won', 'lost')
                   AND (?1 IS NULL OR l.event_id = ?1)",
            )?;
            let mut names = std::collections::HashMap::new();
            let waiting = st
                .query_map([event_id], |r| {
                    let (id, name, company): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
                    let grade: Option<String> = r.get(4)?;
                    let tags: Option<String> = r.get(6)?;
                    let language = assign::language_of(&format!("{name} {company}")).map(String::from);
                    Ok((
                        AssignLead {
                            id: id.clone(),
                            country: r.get::<_, String>(3)?.to_uppercase(),
                            interests: tags.map(|t| t.split('\u{1f}').map(String::from).collect()).unwrap_or_default(),
                            language,
                            grade: grade.as_deref().and_then(leadtrack_domain::Grade::parse),
                            created_at: r.get(5)?,
                        },
                        (id, name, company),
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let waiting: Vec<AssignLead> = waiting
                .into_iter()
                .map(|(l, (id, name, company))| {
                    names.insert(id, (name, company));
                    l
                })
                .collect();
            let mut st = c.prepare_cached(
                "SELECT u.id, u.name, u.assign_json,
                   (SELECT COUNT(*) FROM leads l WHERE l.assigned_to = u.id AND l.merged_into IS NULL
                      AND l.status NOT IN ('won', 'lost')),
                   (SELECT COUNT(*) FROM leads l WHERE l.assigned_to = u.id AND l.status IN ('won', 'lost')),
                   (SELECT COUNT(*) FROM leads l WHERE l.assigned_to = u.id AND l.status = 'won')
                 FROM users u WHERE u.role = 'rep' ORDER BY u.id",
            )?;
            let mut rep_names = std::collections::HashMap::new();
            let reps = st
                .query_map([], |r| {
                    let profile: String = r.get(2)?;
                    Ok((
                        AssignRep {
                            id: r.get(0)?,
                            profile: serde_json::from_str(&profile).unwrap_or_default(),
                            open_leads: r.get(3)?,
                            closed: r.get(4)?,
                            won: r.get(5)?,
                        },
                        r.get::<_, String>(1)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?
                .into_iter()
                .map(|(rep, name)| {
                    rep_names.insert(rep.id.clone(), name);
                    rep
                })
                .collect::<Vec<_>>();
            Ok(assign::propose(&waiting, &reps)
                .into_iter()
                .map(|p| {
                    let (lead_name, company) = names.get(&p.lead_id).cloned().unwrap_or_default();
                    AssignProposal {
                        user_name: rep_names.get(&p.rep_id).cloned().unwrap_or_default(),
                        lead_id: p.lead_id,
                        lead_name,
                        company,
                        user_id: p.rep_id,
                        reasons: p.reasons,
                    }
                })
                .collect())
        })
    }
}
