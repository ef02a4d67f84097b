//! Applying one batch: check every item on its own, then write the whole batch and its
//! stored answer in one transaction.
//!
//! - A bad item is `rejected` with a reason and never stops the others.
//! - Each lead is written under its advisory lock (`lead_lock_key`), taken for all leads of
//!   the batch at once in id order, so two batches touching the same leads queue up instead of
//!   deadlocking. A lead still held by someone else after the lock wait is `deferred`.
//! - Per lead: the edit goes to `lead_history` once (keyed by lead and stamp) and replaces
//!   `leads_current` only if its stamp is greater (`ON CONFLICT … WHERE current.hlc <
//!   excluded.hlc`): newer → `applied`, same stamp and content → `duplicate`, older → `stale`.
//! - The answer is stored in `batches` inside the same transaction and the transaction
//!   commits before the answer is sent. So a batch is on the server whole or not at all, and
//!   a re-send after a lost answer gets the stored bytes back.

use std::collections::HashSet;
use std::time::Duration;

use leadtrack_domain::Lead;
use leadtrack_sync::wire::reason;
use leadtrack_sync::{clock, content_hash, BatchResponse, ItemResult, ItemStatus, LeadVersion, ServerVersion};
use serde::Deserialize;
use serde_json::Value;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::{Json, ToSql};
use uuid::Uuid;

use crate::error::{Error, Result};

/// The batch envelope as read from the wire: items stay raw JSON until checked one by one.
#[derive(Debug, Deserialize)]
pub struct Envelope {
    pub batch_id: Uuid,
    pub device_id: String,
    pub items: Vec<Value>,
}

/// An item that passed every check, ready to write.
#[derive(Debug)]
pub struct Checked {
    index: usize,
    /// As the device wrote it, for the answer.
    lead_id_text: String,
    lead_id: Uuid,
    version: u32,
    hlc: String,
    hash: String,
    lead: Value,
}

/// Every item's fate so far: `results[i]` is set for items already decided (rejected);
/// `checked` holds the rest, with their positions.
#[derive(Debug)]
pub struct Plan {
    pub results: Vec<Option<ItemResult>>,
    pub checked: Vec<Checked>,
}

fn plain(lead_id: String, version: u32, status: ItemStatus) -> ItemResult {
    ItemResult { lead_id, version, status, reason: None, detail: None, current: None }
}

fn decided(lead_id: String, version: u32, status: ItemStatus, why: &str, detail: Option<String>) -> ItemResult {
    ItemResult { reason: Some(why.to_string()), detail, ..plain(lead_id, version, status) }
}

/// Checks each item against the protocol's rules (shape, ids, stamp, hash, lead schema).
pub fn check(items: Vec<Value>, now_ms: i64) -> Plan {
    let mut plan = Plan { results: Vec::with_capacity(items.len()), checked: Vec::new() };
    for (index, raw) in items.into_iter().enumerate() {
        match check_one(raw, now_ms) {
            Ok(mut c) => {
                c.index = index;
                plan.checked.push(c);
                plan.results.push(None);
            }
            Err(result) => plan.results.push(Some(*result)),
        }
    }
    plan
}

fn check_one(raw: Value, now_ms: i64) -> std::result::Result<Checked, Box<ItemResult>> {
    // Echo what can be read of the ids even from a malformed item, so the device can match it.
    let lead_id_text = raw.get("lead_id").and_then(Value::as_str).unwrap_or_default().to_string();
    let version_num = raw.get("version").and_then(Value::as_u64).and_then(|v| u32::try_from(v).ok()).unwrap_or(0);
    let reject = |why: &str, detail: Option<String>| {
        Box::new(decided(lead_id_text.clone(), version_num, ItemStatus::Rejected, why, detail))
    };

    let item: LeadVersion<Value> =
        serde_json::from_value(raw).map_err(|e| reject(reason::MALFORMED_ITEM, Some(e.to_string())))?;
    let lead_id = Uuid::parse_str(&item.lead_id).map_err(|_| reject(reason::INVALID_LEAD_ID, None))?;
    let hlc = clock::parse_canonical(&item.hlc).ok_or_else(|| reject(reason::INVALID_HLC, None))?;
    if clock::too_far_ahead(&hlc, now_ms) {
        return Err(reject(reason::CLOCK_SKEW, Some(format!("stamp time {} ms, server time {now_ms} ms", hlc.ms))));
    }
    if content_hash(&item.lead) != item.hash {
        return Err(reject(reason::HASH_MISMATCH, None));
    }
    let lead: Lead =
        serde_json::from_value(item.lead.clone()).map_err(|e| reject(reason::INVALID_LEAD, Some(e.to_string())))?;
    if lead.id != item.lead_id || lead.version != item.version || lead.hlc != item.hlc {
        return Err(reject(reason::ID_MISMATCH, None));
    }
    Ok(Checked {
        index: 0,
        lead_id_text: item.lead_id,
        lead_id,
        version: item.version,
        hlc: item.hlc,
        hash: item.hash,
        lead: item.lead,
    })
}

/// What became of a batch.
#[derive(Debug)]
pub enum Outcome {
    /// Applied now; the answer's bytes (also stored).
    Fresh { response: Vec<u8>, counts: Counts },
    /// Applied before; the stored answer, byte for byte.
    Replayed { response: Vec<u8> },
    /// The same batch id is being applied by another request right now.
    InProgress,
    /// The batch id was used before with another body or by another device.
    KeyReused,
}

/// Items per status, for the log.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub applied: usize,
    pub duplicate: usize,
    pub stale: usize,
    pub rejected: usize,
    pub deferred: usize,
}

impl Counts {
    fn of(results: &[ItemResult]) -> Counts {
        let mut c = Counts::default();
        for r in results {
            match r.status {
                ItemStatus::Applied => c.applied += 1,
                ItemStatus::Duplicate => c.duplicate += 1,
                ItemStatus::Stale => c.stale += 1,
                ItemStatus::Rejected => c.rejected += 1,
                ItemStatus::Deferred => c.deferred += 1,
            }
        }
        c
    }
}

/// The identity of a send: who, which batch, which bytes.
pub struct BatchKey<'a> {
    pub device_id: &'a str,
    pub batch_id: Uuid,
    pub body_sha256: &'a str,
}

/// One statement per item: history row (once per stamp) and LWW upsert of the current row.
/// `prev` and `seen` read the snapshot before this statement's own writes; the lead's
/// advisory lock guarantees no one else changes it meanwhile.
const UPSERT: &str = "
WITH prev AS (
    SELECT version, hlc, hash FROM leads_current WHERE lead_id = $1::uuid
), seen AS (
    SELECT hash FROM lead_history WHERE lead_id = $1::uuid AND hlc = $2::text
), hist AS (
    INSERT INTO lead_history (lead_id, hlc, version, hash, payload, device_id, batch_id)
    SELECT $1::uuid, $2::text, $3::bigint, $4::text, $5::jsonb, $6::text, $7::uuid
    WHERE NOT EXISTS (SELECT 1 FROM seen)
), up AS (
    INSERT INTO leads_current AS c (lead_id, version, hlc, hash, payload, device_id, batch_id)
    SELECT $1::uuid, $3::bigint, $2::text, $4::text, $5::jsonb, $6::text, $7::uuid
    WHERE NOT EXISTS (SELECT 1 FROM seen)
    ON CONFLICT (lead_id) DO UPDATE
        SET version = EXCLUDED.version, hlc = EXCLUDED.hlc, hash = EXCLUDED.hash, payload = EXCLUDED.payload,
            device_id = EXCLUDED.device_id, batch_id = EXCLUDED.batch_id, updated_at = now()
        WHERE c.hlc < EXCLUDED.hlc
    RETURNING 1
)
SELECT (SELECT count(*) FROM up)::int4, (SELECT hash FROM seen), p.version, p.hlc, p.hash
FROM (SELECT 1) AS one LEFT JOIN prev AS p ON true";

/// Writes the checked items and the stored answer in one transaction.
pub async fn apply(
    client: &mut deadpool_postgres::Object,
    key: BatchKey<'_>,
    plan: Plan,
    lock_wait: Duration,
    now_ms: i64,
) -> Result<Outcome> {
    let Plan { mut results, checked } = plan;
    let tx = client.transaction().await?;
    let wait_ms = i64::try_from(lock_wait.as_millis()).unwrap_or(i64::MAX).max(1);
    tx.execute("SELECT set_config('lock_timeout', $1, true)", &[&wait_ms.to_string()]).await?;

    // A re-send racing the first send waits here for the first one's answer.
    if let Err(e) = tx.execute("SELECT pg_advisory_xact_lock(batch_lock_key($1))", &[&key.batch_id]).await {
        return match e.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) {
            true => Ok(Outcome::InProgress),
            false => Err(e.into()),
        };
    }
    let stored = tx
        .query_opt("SELECT device_id, body_sha256, response FROM batches WHERE batch_id = $1", &[&key.batch_id])
        .await?;
    if let Some(row) = stored {
        let (device, sha, response): (String, String, String) = (row.get(0), row.get(1), row.get(2));
        return Ok(match device == key.device_id && sha == key.body_sha256 {
            true => Outcome::Replayed { response: response.into_bytes() },
            false => Outcome::KeyReused,
        });
    }

    let busy = lock_leads(&tx, &checked).await?;
    tx.execute("SELECT set_config('lock_timeout', '0', true)", &[]).await?;

    let stmt = tx.prepare_cached(UPSERT).await?;
    let (ready, waiting): (Vec<&Checked>, Vec<&Checked>) = checked.iter().partition(|c| !busy.contains(&c.lead_id));
    for c in waiting {
        results[c.index] =
            Some(decided(c.lead_id_text.clone(), c.version, ItemStatus::Deferred, reason::LEAD_BUSY, None));
    }
    // Sent back to back (tokio-postgres pipelines them) and run in order by the server.
    let versions: Vec<i64> = ready.iter().map(|c| i64::from(c.version)).collect();
    let payloads: Vec<Json<&Value>> = ready.iter().map(|c| Json(&c.lead)).collect();
    let params: Vec<[&(dyn ToSql + Sync); 7]> = ready
        .iter()
        .enumerate()
        .map(|(i, c)| -> [&(dyn ToSql + Sync); 7] {
            [&c.lead_id, &c.hlc, &versions[i], &c.hash, &payloads[i], &key.device_id, &key.batch_id]
        })
        .collect();
    let rows = futures_util::future::try_join_all(params.iter().map(|p| tx.query_one(&stmt, p))).await?;
    for (c, row) in ready.iter().zip(rows) {
        let applied: i32 = row.get(0);
        let seen_hash: Option<String> = row.get(1);
        let current =
            match (row.get::<_, Option<i64>>(2), row.get::<_, Option<String>>(3), row.get::<_, Option<String>>(4)) {
                (Some(v), Some(hlc), Some(hash)) => {
                    Some(ServerVersion { version: u32::try_from(v).unwrap_or(u32::MAX), hlc, hash })
                }
                _ => None,
            };
        let lead_id = c.lead_id_text.clone();
        let result = match (seen_hash, applied) {
            (Some(h), _) if h == c.hash => plain(lead_id, c.version, ItemStatus::Duplicate),
            (Some(_), _) => {
                ItemResult { current, ..decided(lead_id, c.version, ItemStatus::Rejected, reason::HLC_CONFLICT, None) }
            }
            (None, 1) => plain(lead_id, c.version, ItemStatus::Applied),
            (None, _) => ItemResult { current, ..plain(lead_id, c.version, ItemStatus::Stale) },
        };
        results[c.index] = Some(result);
    }

    let results: Vec<ItemResult> = results.into_iter().flatten().collect();
    let counts = Counts::of(&results);
    let response = BatchResponse { batch_id: key.batch_id, server_time_ms: now_ms, results };
    let text = serde_json::to_string(&response).map_err(Error::Encode)?;
    let item_count = i32::try_from(response.results.len()).unwrap_or(i32::MAX);
    tx.execute(
        "INSERT INTO batches (batch_id, device_id, body_sha256, item_count, response) VALUES ($1, $2, $3, $4, $5)",
        &[&key.batch_id, &key.device_id, &key.body_sha256, &item_count, &text],
    )
    .await?;
    tx.commit().await?;
    Ok(Outcome::Fresh { response: text.into_bytes(), counts })
}

/// Takes the advisory lock of every lead in the batch, in id order, waiting up to the
/// transaction's `lock_timeout`. If that runs out, the waiting is undone and each lead that
/// is free right now is taken without waiting; the ones returned are still busy.
async fn lock_leads(tx: &deadpool_postgres::Transaction<'_>, checked: &[Checked]) -> Result<HashSet<Uuid>> {
    if checked.is_empty() {
        return Ok(HashSet::new());
    }
    let ids: Vec<Uuid> = checked.iter().map(|c| c.lead_id).collect();
    // One savepoint per batch, and it writes nothing: no subtransaction id is ever assigned.
    tx.batch_execute("SAVEPOINT lead_locks").await?;
    let ordered = "SELECT pg_advisory_xact_lock(lead_lock_key(id))
                   FROM (SELECT DISTINCT id FROM unnest($1::uuid[]) AS t(id) ORDER BY id) AS s";
    match tx.execute(ordered, &[&ids]).await {
        Ok(_) => {
            tx.batch_execute("RELEASE SAVEPOINT lead_locks").await?;
            Ok(HashSet::new())
        }
        Err(e) if e.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) => {
            tx.batch_execute("ROLLBACK TO SAVEPOINT lead_locks; RELEASE SAVEPOINT lead_locks").await?;
            let rows = tx
                .query(
                    "SELECT id FROM (SELECT DISTINCT id FROM unnest($1::uuid[]) AS t(id) ORDER BY id) AS s
                     WHERE NOT pg_try_advisory_xact_lock(lead_lock_key(id))",
                    &[&ids],
                )
                .await?;
            Ok(rows.iter().map(|r| r.get(0)).collect())
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lead(id: &str, version: u32, hlc: &str) -> Value {
        json!({
            "id": id, "event_id": "e1", "event_tag": "Hannover", "status": "new", "source": "manual",
            "channel": "booth", "captured_by": "u1", "captured_by_name": "Ada", "assigned_to": null,
            "company": "Analytical Engines", "name": "Charles", "title": "", "phone": "", "phone_e164": null,
            "email": "c@example.com", "country": "GB", "grade": "A", "interests": [], "key_needs": "",
            "next_action": null, "badge_raw": null, "badge_format": null, "version": version, "hlc": hlc,
            "created_at": 1, "updated_at": 2
        })
    }

    fn item(id: &str, version: u32, hlc: &str) -> Value {
        let lead = lead(id, version, hlc);
        json!({"lead_id": id, "version": version, "hlc": hlc, "hash": content_hash(&lead), "lead": lead})
    }

    const NOW: i64 = 1_773_482_519_123;
    const ID: &str = "0190f2aa-0000-7000-8000-000000000001";
    const HLC: &str = "0001773482519123-00000000-dev1";

    fn reason_of(items: Vec<Value>) -> Vec<Option<String>> {
        check(items, NOW).results.into_iter().map(|r| r.and_then(|r| r.reason)).collect()
    }

    #[test]
    fn a_sound_item_passes_and_keeps_its_position() {
        let plan = check(vec![json!(42), item(ID, 1, HLC)], NOW);
        assert_eq!(plan.results[0].as_ref().map(|r| r.status), Some(ItemStatus::Rejected));
        assert!(plan.results[1].is_none());
        assert_eq!(plan.checked.len(), 1);
        assert_eq!(plan.checked[0].index, 1);
    }

    #[test]
    fn each_broken_item_is_rejected_with_its_own_reason() {
        let mut wrong_hash = item(ID, 1, HLC);
        wrong_hash["hash"] = json!("00");
        let mut wrong_lead = item(ID, 1, HLC);
        wrong_lead["lead"]["grade"] = json!("Z");
        wrong_lead["hash"] = json!(content_hash(&wrong_lead["lead"]));
        let mut other_id = item(ID, 1, HLC);
        other_id["lead_id"] = json!("0190f2aa-0000-7000-8000-000000000002");
        let ahead = format!("{:016}-00000000-dev1", NOW + leadtrack_sync::clock::MAX_AHEAD_MS + 1);
        let got = reason_of(vec![
            json!({"lead_id": ID}),
            item("not-a-uuid", 1, HLC),
            item(ID, 1, "1773482519123-0-dev1"),
            item(ID, 1, &ahead),
            wrong_hash,
            wrong_lead,
            other_id,
        ]);
        let want = [
            reason::MALFORMED_ITEM,
            reason::INVALID_LEAD_ID,
            reason::INVALID_HLC,
            reason::CLOCK_SKEW,
            reason::HASH_MISMATCH,
            reason::INVALID_LEAD,
            reason::ID_MISMATCH,
        ];
        assert_eq!(got, want.map(|w| Some(w.to_string())));
    }

    #[test]
    fn a_rejected_item_echoes_the_ids_it_carried() {
        let plan = check(vec![json!({"lead_id": "x", "version": 4})], NOW);
        let r = plan.results[0].clone().unwrap();
        assert_eq!((r.lead_id.as_str(), r.version, r.status), ("x", 4, ItemStatus::Rejected));
    }
}
