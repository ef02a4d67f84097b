//! Interactions: append-only facts about a lead after capture (a quote, a brochure shown,
//! a call). Each is written with its own outbox row in one IMMEDIATE transaction, so it
//! reaches the server like a lead version does, and is never edited or deleted.

use leadtrack_domain::{Interaction, InteractionKind};
use rusqlite::{params, Connection, Row, Transaction, TransactionBehavior};

use crate::{leads, new_id, now_ms, users, Result, Store};

impl Store {
    /// Records an interaction on a lead by `author` (a user id). A lead merged into another
    /// records it on the survivor, where its history now lives.
    pub fn record_interaction(
        &self,
        lead_id: &str,
        kind: InteractionKind,
        summary: &str,
        detail: serde_json::Value,
        author: &str,
    ) -> Result<Interaction> {
        self.write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let it = record(&tx, &self.clock, lead_id, kind, summary, detail, author)?;
            tx.commit()?;
            Ok(it)
        })
    }

    /// A lead's interactions, newest first (including those of leads merged into it).
    pub fn lead_interactions(&self, lead_id: &str) -> Result<Vec<Interaction>> {
        self.read(|c| for_lead(c, lead_id))
    }

    /// One interaction by id.
    pub fn interaction(&self, id: &str) -> Result<Interaction> {
        self.read(|c| get(c, id))
    }
}

/// The write inside a caller's transaction: a quote saved with its interaction, say, is
/// one commit.
pub(crate) fn record(
    tx: &Transaction,
    clock: &crate::clock::Clock,
    lead_id: &str,
    kind: InteractionKind,
    summary: &str,
    detail: serde_json::Value,
    author: &str,
) -> Result<Interaction> {
    let mut lead = leads::get(tx, lead_id)?;
    if let Some(survivor) = lead.merged_into.clone() {
        lead = leads::get(tx, &survivor)?;
    }
    let author = users::get(tx, author)?;
    let now = now_ms();
    let it = Interaction {
        id: new_id(),
        lead_id: lead.id.clone(),
        kind,
        at: now,
        hlc: clock.stamp(now).to_string(),
        by_user: Some(author.id.clone()),
        by_name: author.name.clone(),
        summary: summary.trim().to_string(),
        detail,
    };
    tx.prepare_cached(
        "INSERT INTO interactions (id, lead_id, kind, at, by_user, detail_json, hlc, summary)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        it.id,
        it.lead_id,
        kind.as_str(),
        it.at,
        it.by_user,
        serde_json::to_string(&it.detail)?,
        it.hlc,
        it.summary
    ])?;
    tx.prepare_cached(
        "INSERT INTO outbox (lead_id, version, hlc, enqueued_at, interaction_id) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![it.lead_id, lead.version, it.hlc, now, it.id])?;
    Ok(it)
}

const SELECT: &str =
    "SELECT i.id, i.lead_id, i.kind, i.at, i.hlc, i.by_user, COALESCE(u.name, ''), i.summary, i.detail_json
     FROM interactions i LEFT JOIN users u ON u.id = i.by_user";

pub(crate) fn for_lead(c: &Connection, lead_id: &str) -> Result<Vec<Interaction>> {
    let mut st = c.prepare_cached(&format!(
        "{SELECT} WHERE i.lead_id = ?1 OR i.lead_id IN (SELECT id FROM leads WHERE merged_into = ?1)
         ORDER BY i.at DESC, i.hlc DESC"
    ))?;
    let rows = st.query_map([lead_id], from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub(crate) fn get(c: &Connection, id: &str) -> Result<Interaction> {
    c.prepare_cached(&format!("{SELECT} WHERE i.id = ?1"))?.query_row([id], from_row).map_err(|e| match e {
        rusqlite::Error::QueryReturnedNoRows => crate::Error::NotFound { what: "interaction", id: id.into() },
        e => e.into(),
    })
}

fn from_row(r: &Row) -> rusqlite::Result<Interaction> {
    let kind: String = r.get(2)?;
    let detail: String = r.get(8)?;
    Ok(Interaction {
        id: r.get(0)?,
        lead_id: r.get(1)?,
        kind: InteractionKind::parse(&kind).unwrap_or(InteractionKind::Note),
        at: r.get(3)?,
        hlc: r.get(4)?,
        by_user: r.get(5)?,
        by_name: r.get(6)?,
        summary: r.get(7)?,
        detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
    })
}
