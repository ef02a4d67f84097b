//! Applying one batch: check every item on its own, then write the whole batch and its
//! stored answer in one transaction.
//!
//! - A bad item is `rejected` with a reason and never stops the others.
//! - Each lead is written under its advisory lock (`lead_lock_key`), taken for all leads of
//!   the batch at once in id order, so two batches touching the same leads queue up instead of
//!   deadlocking. A lead still held by someone else after the lock wait is `deferred`.
//! - Per lead: the edit goes to `lead_history` once (keyed by lead and stamp); `leads_current`
//!   is a view of the newest stamp per lead (migration 0002). Newer than the server's newest →
//!   `applied`, same stamp and content → `duplicate`, older → `stale`. The whole batch is
//!   written set-wise: one round trip reads what the server holds of its leads, the fates are
//!   decided here in item order (several versions of one lead in a batch are taken one after
//!   another), and one statement writes the new history rows from arrays (`unnest`). Under the
//!   leads' locks nobody else can change them in between.
//! - Interactions are append-only: stored once under their id (`duplicate` when the same
//!   content comes again, `rejected`/`id_conflict` when other content claims the id).
//! - The answer is stored in `batches` inside the same transaction and the transaction
//!   commits before the answer is sent. So a batch is on the server whole or not at all, and
//!   a re-send after a lost answer gets the stored bytes back.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use leadtrack_domain::{Interaction, Lead};
use leadtrack_sync::wire::reason;
use leadtrack_sync::{
    clock, content_hash, hash_of_canonical, BatchResponse, InteractionItem, InteractionResult, ItemResult, ItemStatus,
    ServerVersion,
};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::{Json, ToSql};
use uuid::Uuid;

use crate::error::{Error, Result};

/// The batch envelope as read from the wire: items stay raw JSON text until checked one by
/// one (a lead is read straight from its bytes, never built as a `Value`).
#[derive(Debug, Deserialize)]
pub struct Envelope {
    pub batch_id: Uuid,
    pub device_id: String,
    pub items: Vec<Box<RawValue>>,
    #[serde(default)]
    pub interactions: Vec<Value>,
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
    lead: Box<RawValue>,
}

/// A lead item as sent, its lead left as the bytes the device wrote.
#[derive(Deserialize)]
struct RawItem<'a> {
    lead_id: String,
    version: u32,
    hlc: String,
    hash: String,
    #[serde(borrow)]
    lead: &'a RawValue,
}

/// Every item's fate so far: `results[i]` is set for items already decided (rejected);
/// `checked` holds the rest, with their positions.
#[derive(Debug, Default)]
pub struct Plan {
    pub results: Vec<Option<ItemResult>>,
    pub checked: Vec<Checked>,
    /// The same for the batch's interactions.
    pub interaction_results: Vec<Option<InteractionResult>>,
    pub checked_interactions: Vec<CheckedInteraction>,
}

/// An interaction that passed every check.
#[derive(Debug)]
pub struct CheckedInteraction {
    index: usize,
    id_text: String,
    id: Uuid,
    lead_id: Uuid,
    hlc: String,
    kind: String,
    hash: String,
    payload: Value,
}

fn plain(lead_id: String, version: u32, status: ItemStatus) -> ItemResult {
    ItemResult { lead_id, version, status, reason: None, detail: None, current: None }
}

fn decided(lead_id: String, version: u32, status: ItemStatus, why: &str, detail: Option<String>) -> ItemResult {
    ItemResult { reason: Some(why.to_string()), detail, ..plain(lead_id, version, status) }
}

/// Checks each item against the protocol's rules (shape, ids, stamp, hash, lead schema).
pub fn check(items: Vec<Box<RawValue>>, now_ms: i64) -> Plan {
    let mut plan = Plan { results: Vec::with_capacity(items.len()), ..Plan::default() };
    for (index, raw) in items.into_iter().enumerate() {
        match check_one(&raw, now_ms) {
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

/// Adds the batch's interactions to `plan`, each checked on its own like lead items.
pub fn check_interactions(plan: &mut Plan, items: Vec<Value>, now_ms: i64) {
    for (index, raw) in items.into_iter().enumerate() {
        match check_interaction(raw, now_ms) {
            Ok(mut c) => {
                c.index = index;
                plan.checked_interactions.push(c);
                plan.interaction_results.push(None);
            }
            Err(result) => plan.interaction_results.push(Some(*result)),
        }
    }
}

fn interaction_result(id: String, status: ItemStatus, why: Option<&str>, detail: Option<String>) -> InteractionResult {
    InteractionResult { interaction_id: id, status, reason: why.map(str::to_string), detail }
}

fn check_interaction(raw: Value, now_ms: i64) -> std::result::Result<CheckedInteraction, Box<InteractionResult>> {
    let id_text = raw.get("interaction_id").and_then(Value::as_str).unwrap_or_default().to_string();
    let reject = |why: &str, detail: Option<String>| {
        Box::new(interaction_result(id_text.clone(), ItemStatus::Rejected, Some(why), detail))
    };
    let item: InteractionItem<Value> =
        serde_json::from_value(raw).map_err(|e| reject(reason::MALFORMED_ITEM, Some(e.to_string())))?;
    let id = Uuid::parse_str(&item.interaction_id).map_err(|_| reject(reason::MALFORMED_ITEM, None))?;
    let lead_id = Uuid::parse_str(&item.lead_id).map_err(|_| reject(reason::INVALID_LEAD_ID, None))?;
    let hlc = clock::parse_canonical(&item.hlc).ok_or_else(|| reject(reason::INVALID_HLC, None))?;
    if clock::too_far_ahead(&hlc, now_ms) {
        return Err(reject(reason::CLOCK_SKEW, Some(format!("stamp time {} ms, server time {now_ms} ms", hlc.ms))));
    }
    if content_hash(&item.interaction) != item.hash {
        return Err(reject(reason::HASH_MISMATCH, None));
    }
    let it = Interaction::deserialize(&item.interaction)
        .map_err(|e| reject(reason::INVALID_INTERACTION, Some(e.to_string())))?;
    if it.id != item.interaction_id || it.lead_id != item.lead_id || it.hlc != item.hlc {
        return Err(reject(reason::ID_MISMATCH, None));
    }
    Ok(CheckedInteraction {
        index: 0,
        id_text: item.interaction_id,
        id,
        lead_id,
        hlc: item.hlc,
        kind: it.kind.as_str().to_string(),
        hash: item.hash,
        payload: item.interaction,
    })
}

fn check_one(raw: &RawValue, now_ms: i64) -> std::result::Result<Checked, Box<ItemResult>> {
    let item: RawItem = match serde_json::from_str(raw.get()) {
        Ok(item) => item,
        Err(e) => {
            // Echo what can be read of the ids even from a malformed item, so the device can match it.
            let v: Value = serde_json::from_str(raw.get()).unwrap_or(Value::Null);
            let id = v.get("lead_id").and_then(Value::as_str).unwrap_or_default().to_string();
            let version = v.get("version").and_then(Value::as_u64).and_then(|v| u32::try_from(v).ok()).unwrap_or(0);
            let detail = Some(e.to_string());
            return Err(Box::new(decided(id, version, ItemStatus::Rejected, reason::MALFORMED_ITEM, detail)));
        }
    };
    let reject = |why: &str, detail: Option<String>| {
        Box::new(decided(item.lead_id.clone(), item.version, ItemStatus::Rejected, why, detail))
    };
    let lead_id = Uuid::parse_str(&item.lead_id).map_err(|_| reject(reason::INVALID_LEAD_ID, None))?;
    let hlc = clock::parse_canonical(&item.hlc).ok_or_else(|| reject(reason::INVALID_HLC, None))?;
    if clock::too_far_ahead(&hlc, now_ms) {
        return Err(reject(reason::CLOCK_SKEW, Some(format!("stamp time {} ms, server time {now_ms} ms", hlc.ms))));
    }
    // Our devices send the lead in canonical form, so the hash is over the bytes as received;
    // any other spelling of the same JSON is canonicalised first, as the protocol allows.
    if hash_of_canonical(item.lead.get().as_bytes()) != item.hash {
        let value: Value = serde_json::from_str(item.lead.get()).map_err(|_| reject(reason::INVALID_LEAD, None))?;
        if content_hash(&value) != item.hash {
            return Err(reject(reason::HASH_MISMATCH, None));
        }
    }
    let lead: Lead =
        serde_json::from_str(item.lead.get()).map_err(|e| reject(reason::INVALID_LEAD, Some(e.to_string())))?;
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
        lead: item.lead.to_owned(),
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

/// What the server holds of each item's lead, in item order: the hash stored under the
/// item's stamp (a replay or a conflict), and the lead's newest version.
/// Both lookups are correlated subqueries so that each is an index probe whatever the
/// planner guesses of the array's size (a join would turn into a scan of all history).
const PRIOR: &str = "
SELECT (SELECT h.hash FROM lead_history h WHERE h.lead_id = t.lead_id AND h.hlc = t.hlc COLLATE \"C\"),
       c.version, c.hlc, c.hash
FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS t(lead_id, hlc, n)
LEFT JOIN LATERAL (
    SELECT x.version, x.hlc, x.hash FROM lead_history x WHERE x.lead_id = t.lead_id ORDER BY x.hlc DESC LIMIT 1
) c ON true
ORDER BY t.n";

/// Every new edit into history, in one statement from arrays. `leads_current` is a view of
/// the newest stamp per lead, so the winner needs no second write.
const WRITE: &str = "
INSERT INTO lead_history (lead_id, hlc, version, hash, payload, device_id, batch_id)
SELECT t.lead_id, t.hlc, t.version, t.hash, t.payload, $6::text, $7::uuid
FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::jsonb[]) AS t(lead_id, hlc, version, hash, payload)";

/// Interactions not stored yet; the ids it returns are the ones written now.
const WRITE_INTERACTIONS: &str = "
INSERT INTO interactions (interaction_id, lead_id, hlc, kind, hash, payload, device_id, batch_id)
SELECT t.id, t.lead_id, t.hlc, t.kind, t.hash, t.payload, $7::text, $8::uuid
FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[]) AS t(id, lead_id, hlc, kind, hash, payload)
ON CONFLICT (interaction_id) DO NOTHING
RETURNING interaction_id";

/// Writes the checked items and the stored answer in one transaction.
pub async fn apply(
    client: &mut deadpool_postgres::Object,
    key: BatchKey<'_>,
    plan: Plan,
    lock_wait: Duration,
    now_ms: i64,
) -> Result<Outcome> {
    let Plan { mut results, checked, mut interaction_results, checked_interactions: plan_interactions } = plan;
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

    let (ready, waiting): (Vec<&Checked>, Vec<&Checked>) = checked.iter().partition(|c| !busy.contains(&c.lead_id));
    for c in waiting {
        results[c.index] =
            Some(decided(c.lead_id_text.clone(), c.version, ItemStatus::Deferred, reason::LEAD_BUSY, None));
    }
    for (index, result) in write_leads(&tx, &key, &ready).await? {
        results[index] = Some(result);
    }
    for (index, result) in write_interactions(&tx, &key, &plan_interactions).await? {
        interaction_results[index] = Some(result);
    }

    let results: Vec<ItemResult> = results.into_iter().flatten().collect();
    let counts = Counts::of(&results);
    let interaction_results: Vec<InteractionResult> = interaction_results.into_iter().flatten().collect();
    let response = BatchResponse { batch_id: key.batch_id, server_time_ms: now_ms, results, interaction_results };
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

/// Decides each ready item's fate in item order from what the server holds, then writes the
/// new history rows and each lead's winner in one statement.
async fn write_leads(
    tx: &deadpool_postgres::Transaction<'_>,
    key: &BatchKey<'_>,
    ready: &[&Checked],
) -> Result<Vec<(usize, ItemResult)>> {
    if ready.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = ready.iter().map(|c| c.lead_id).collect();
    let hlcs: Vec<&str> = ready.iter().map(|c| c.hlc.as_str()).collect();
    let prior = tx.query(PRIOR, &[&ids, &hlcs]).await?;

    // The newest edit of each lead so far (server's, then this batch's), and the stamps
    // this batch has already stored, so later items of the same lead see earlier ones.
    let mut newest: HashMap<Uuid, ServerVersion> = HashMap::new();
    let mut stored: HashMap<(Uuid, &str), &str> = HashMap::new();
    let mut fates = Vec::with_capacity(ready.len());
    let mut new_rows: Vec<&Checked> = Vec::new();
    for (c, row) in ready.iter().zip(&prior) {
        if let (Some(v), Some(hlc), Some(hash)) =
            (row.get::<_, Option<i64>>(1), row.get::<_, Option<String>>(2), row.get::<_, Option<String>>(3))
        {
            newest.entry(c.lead_id).or_insert(ServerVersion {
                version: u32::try_from(v).unwrap_or(u32::MAX),
                hlc,
                hash,
            });
        }
        let current = newest.get(&c.lead_id).cloned();
        let seen: Option<String> =
            row.get::<_, Option<String>>(0).or_else(|| stored.get(&(c.lead_id, c.hlc.as_str())).map(|h| h.to_string()));
        let lead_id = c.lead_id_text.clone();
        let result = match seen {
            Some(h) if h == c.hash => plain(lead_id, c.version, ItemStatus::Duplicate),
            Some(_) => {
                ItemResult { current, ..decided(lead_id, c.version, ItemStatus::Rejected, reason::HLC_CONFLICT, None) }
            }
            None => {
                stored.insert((c.lead_id, c.hlc.as_str()), c.hash.as_str());
                new_rows.push(c);
                if current.as_ref().is_none_or(|cur| cur.hlc.as_str() < c.hlc.as_str()) {
                    newest.insert(
                        c.lead_id,
                        ServerVersion { version: c.version, hlc: c.hlc.clone(), hash: c.hash.clone() },
                    );
                    plain(lead_id, c.version, ItemStatus::Applied)
                } else {
                    ItemResult { current, ..plain(lead_id, c.version, ItemStatus::Stale) }
                }
            }
        };
        fates.push((c.index, result));
    }
    if !new_rows.is_empty() {
        let ids: Vec<Uuid> = new_rows.iter().map(|c| c.lead_id).collect();
        let hlcs: Vec<&str> = new_rows.iter().map(|c| c.hlc.as_str()).collect();
        let versions: Vec<i64> = new_rows.iter().map(|c| i64::from(c.version)).collect();
        let hashes: Vec<&str> = new_rows.iter().map(|c| c.hash.as_str()).collect();
        let payloads: Vec<Json<&RawValue>> = new_rows.iter().map(|c| Json(&*c.lead)).collect();
        let params: [&(dyn ToSql + Sync); 7] =
            [&ids, &hlcs, &versions, &hashes, &payloads, &key.device_id, &key.batch_id];
        tx.execute(WRITE, &params).await?;
    }
    Ok(fates)
}

/// Stores the batch's interactions that are new; the others are replays (`duplicate`) or
/// another content under a used id (`id_conflict`).
async fn write_interactions(
    tx: &deadpool_postgres::Transaction<'_>,
    key: &BatchKey<'_>,
    checked: &[CheckedInteraction],
) -> Result<Vec<(usize, InteractionResult)>> {
    if checked.is_empty() {
        return Ok(Vec::new());
    }
    // The first of several items with one id is the one written; the rest compare to it.
    let mut first: HashMap<Uuid, &CheckedInteraction> = HashMap::new();
    for c in checked {
        first.entry(c.id).or_insert(c);
    }
    let unique: Vec<&CheckedInteraction> = checked.iter().filter(|c| first[&c.id].index == c.index).collect();
    let ids: Vec<Uuid> = unique.iter().map(|c| c.id).collect();
    let leads: Vec<Uuid> = unique.iter().map(|c| c.lead_id).collect();
    let hlcs: Vec<&str> = unique.iter().map(|c| c.hlc.as_str()).collect();
    let kinds: Vec<&str> = unique.iter().map(|c| c.kind.as_str()).collect();
    let hashes: Vec<&str> = unique.iter().map(|c| c.hash.as_str()).collect();
    let payloads: Vec<Json<&Value>> = unique.iter().map(|c| Json(&c.payload)).collect();
    let params: [&(dyn ToSql + Sync); 8] =
        [&ids, &leads, &hlcs, &kinds, &hashes, &payloads, &key.device_id, &key.batch_id];
    let written: HashSet<Uuid> = tx.query(WRITE_INTERACTIONS, &params).await?.iter().map(|r| r.get(0)).collect();
    let earlier: Vec<Uuid> = ids.iter().filter(|id| !written.contains(id)).copied().collect();
    let stored: HashMap<Uuid, String> = if earlier.is_empty() {
        HashMap::new()
    } else {
        tx.query("SELECT interaction_id, hash FROM interactions WHERE interaction_id = ANY($1)", &[&earlier])
            .await?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect()
    };
    Ok(checked
        .iter()
        .map(|c| {
            let is_first = first[&c.id].index == c.index;
            let same_as = |hash: &str| hash == c.hash;
            let status = match (is_first && written.contains(&c.id), stored.get(&c.id)) {
                (true, _) => ItemStatus::Applied,
                (false, Some(h)) if same_as(h) => ItemStatus::Duplicate,
                (false, None) if same_as(&first[&c.id].hash) => ItemStatus::Duplicate,
                _ => ItemStatus::Rejected,
            };
            let why = (status == ItemStatus::Rejected).then_some(reason::ID_CONFLICT);
            (c.index, interaction_result(c.id_text.clone(), status, why, None))
        })
        .collect())
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

    fn raw(items: Vec<Value>) -> Vec<Box<RawValue>> {
        items.iter().map(|v| serde_json::value::to_raw_value(v).unwrap()).collect()
    }

    const NOW: i64 = 1_773_482_519_123;
    const ID: &str = "0190f2aa-0000-7000-8000-000000000001";
    const HLC: &str = "0001773482519123-00000000-dev1";

    fn reason_of(items: Vec<Value>) -> Vec<Option<String>> {
        check(raw(items), NOW).results.into_iter().map(|r| r.and_then(|r| r.reason)).collect()
    }

    #[test]
    fn a_sound_item_passes_and_keeps_its_position() {
        let plan = check(raw(vec![json!(42), item(ID, 1, HLC)]), NOW);
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
    fn a_lead_in_canonical_bytes_or_spelled_otherwise_passes_with_the_same_hash() {
        let lead = lead(ID, 1, HLC);
        let hash = content_hash(&lead);
        let canonical = String::from_utf8(leadtrack_sync::wire::canonical_json(&lead)).unwrap();
        // The same lead with spaces and its keys in another order.
        let mut spelled = String::from("{ ");
        let map = lead.as_object().unwrap();
        for (i, (k, v)) in map.iter().rev().enumerate() {
            spelled += &format!("{}{:?} : {}", if i > 0 { " , " } else { "" }, k, v);
        }
        spelled += " }";
        for text in [canonical, spelled] {
            let body = format!(r#"{{"lead_id":"{ID}","version":1,"hlc":"{HLC}","hash":"{hash}","lead":{text}}}"#);
            let plan = check(vec![RawValue::from_string(body).unwrap()], NOW);
            assert!(plan.results[0].is_none(), "{:?}", plan.results[0]);
            assert_eq!(plan.checked.len(), 1);
        }
    }

    #[test]
    fn a_rejected_item_echoes_the_ids_it_carried() {
        let plan = check(raw(vec![json!({"lead_id": "x", "version": 4})]), NOW);
        let r = plan.results[0].clone().unwrap();
        assert_eq!((r.lead_id.as_str(), r.version, r.status), ("x", 4, ItemStatus::Rejected));
    }
}
