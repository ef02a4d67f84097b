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
use tokio_postgres::Row;
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
/// Both lookups are index probes per item whatever the planner guesses of the array's size
/// (a join would turn into a scan of all history). The stamp can only be stored already when
/// it is not newer than the newest, so a new edit — nearly every item — costs one probe.
const PRIOR: &str = "
SELECT CASE WHEN c.hlc >= t.hlc COLLATE \"C\" THEN
           (SELECT h.hash FROM lead_history h WHERE h.lead_id = t.lead_id AND h.hlc = t.hlc COLLATE \"C\")
       END,
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

/// The lead id and stamp of each item, read from the opening bytes our devices write
/// (`{"lead_id":"…","version":N,"hlc":"…",…`) without parsing the lead: enough to take the
/// leads' locks and read what the server holds of them while the full checks run on another
/// core. An item spelled otherwise gets `None` and is keyed by its full check instead. A
/// key read here is only used if the full check finds the same one.
pub fn quick_keys(items: &[Box<RawValue>]) -> Vec<Option<(Uuid, String)>> {
    items.iter().map(|raw| quick_key(raw.get())).collect()
}

fn quick_key(raw: &str) -> Option<(Uuid, String)> {
    let (id, rest) = raw.strip_prefix(r#"{"lead_id":""#)?.split_once('"')?;
    let rest = rest.strip_prefix(r#","version":"#)?;
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let (hlc, _) = rest.strip_prefix(r#","hlc":""#)?.split_once('"')?;
    match hlc.contains('\\') {
        true => None,
        false => Some((Uuid::parse_str(id).ok()?, hlc.to_string())),
    }
}

/// Statements a batch runs, prepared once per connection (`prepare_cached`): a query given
/// as text costs a second round trip to prepare it every time.
const BATCH_LOCK: &str = "SELECT pg_advisory_xact_lock(batch_lock_key($1))";
const STORED: &str = "SELECT device_id, body_sha256, response FROM batches WHERE batch_id = $1";
const STORE_ANSWER: &str =
    "INSERT INTO batches (batch_id, device_id, body_sha256, item_count, response) VALUES ($1, $2, $3, $4, $5)";
const LEAD_LOCKS: &str = "SELECT pg_advisory_xact_lock(lead_lock_key(id))
                          FROM (SELECT DISTINCT id FROM unnest($1::uuid[]) AS t(id) ORDER BY id) AS s";
const TRY_LEAD_LOCKS: &str = "SELECT id FROM (SELECT DISTINCT id FROM unnest($1::uuid[]) AS t(id) ORDER BY id) AS s
                              WHERE NOT pg_try_advisory_xact_lock(lead_lock_key(id))";

/// The batch being applied: who sent it and which one.
pub struct BatchRef<'a> {
    pub device_id: &'a str,
    pub batch_id: Uuid,
}

/// What the checks hand over: the plan and the sha256 of the body (hex).
pub type Checks = (Plan, String);

/// Writes the checked items and the stored answer in one transaction.
///
/// `keys` (from [`quick_keys`]) let the database take the leads' locks and read their prior
/// state while `checks` — the item checks and the body's hash, running elsewhere — finish.
/// Statements that do not depend on each other's answers are sent together (pipelined), so a
/// batch waits for about five round trips.
pub async fn apply(
    client: &mut deadpool_postgres::Object,
    batch: BatchRef<'_>,
    keys: Vec<Option<(Uuid, String)>>,
    checks: impl std::future::Future<Output = Result<Checks>>,
    lock_wait: Duration,
    now_ms: i64,
) -> Result<Outcome> {
    let tx = client.transaction().await?;
    let (batch_lock, stored, lead_locks) =
        tokio::try_join!(tx.prepare_cached(BATCH_LOCK), tx.prepare_cached(STORED), tx.prepare_cached(LEAD_LOCKS))?;
    let wait_ms = u64::try_from(lock_wait.as_millis()).unwrap_or(u64::MAX).max(1);
    let set_wait = format!("SET LOCAL lock_timeout = {wait_ms}");
    let keyed: Vec<(usize, Uuid, &str)> =
        keys.iter().enumerate().filter_map(|(i, k)| k.as_ref().map(|(id, hlc)| (i, *id, hlc.as_str()))).collect();
    let ids: Vec<Uuid> = keyed.iter().map(|k| k.1).collect();

    // A re-send racing the first send waits at the batch lock for the first one's answer;
    // the lookup after it is its own statement, so it sees what the first send committed.
    // The leads' locks are taken in the same breath (under a savepoint, so that running out
    // of patience can be undone); for a replay they are simply released with the rollback.
    let id: [&(dyn ToSql + Sync); 1] = [&batch.batch_id];
    let lead_ids: [&(dyn ToSql + Sync); 1] = [&ids];
    let (set, locked, stored, savepoint, leads_locked) = tokio::join!(
        tx.batch_execute(&set_wait),
        tx.execute(&batch_lock, &id),
        tx.query_opt(&stored, &id),
        tx.batch_execute("SAVEPOINT lead_locks"),
        tx.execute(&lead_locks, &lead_ids)
    );
    if let Err(e) = locked {
        return match e.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) {
            true => Ok(Outcome::InProgress),
            false => Err(e.into()),
        };
    }
    set?;
    let stored = stored?;
    savepoint?;
    let after = "RELEASE SAVEPOINT lead_locks; SET LOCAL lock_timeout = 0";
    let (busy, prior) = match leads_locked {
        Ok(_) => {
            let hlcs: Vec<&str> = keyed.iter().map(|k| k.2).collect();
            let (released, prior) = tokio::join!(tx.batch_execute(after), prior_rows(&tx, &ids, &hlcs));
            released?;
            (HashSet::new(), prior?)
        }
        Err(e) if e.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) => {
            // Someone holds a lead for longer than we wait: take the free ones, defer the rest.
            tx.batch_execute("ROLLBACK TO SAVEPOINT lead_locks").await?;
            tx.batch_execute(after).await?;
            let busy = try_lock(&tx, &ids).await?;
            let hlcs: Vec<&str> = keyed.iter().map(|k| k.2).collect();
            (busy, prior_rows(&tx, &ids, &hlcs).await?)
        }
        Err(e) => return Err(e.into()),
    };

    let (plan, body_sha256) = checks.await?;
    if let Some(row) = stored {
        let (device, sha, response): (String, String, String) = (row.get(0), row.get(1), row.get(2));
        return Ok(match device == batch.device_id && sha == body_sha256 {
            true => Outcome::Replayed { response: response.into_bytes() },
            false => Outcome::KeyReused,
        });
    }
    let key = BatchKey { device_id: batch.device_id, batch_id: batch.batch_id, body_sha256: &body_sha256 };
    let Plan { mut results, checked, mut interaction_results, checked_interactions: plan_interactions } = plan;

    // Each checked item with the prior state read for its key; an item whose key was not
    // read ahead (spelled otherwise) is locked without waiting and looked up now.
    let mut row_of: HashMap<usize, usize> = keyed.iter().enumerate().map(|(n, k)| (k.0, n)).collect();
    let (mut ready, mut late): (Vec<(&Checked, &Row)>, Vec<&Checked>) = (Vec::new(), Vec::new());
    for c in &checked {
        let same_key = keys[c.index].as_ref().is_some_and(|(id, hlc)| *id == c.lead_id && *hlc == c.hlc);
        match row_of.remove(&c.index).filter(|_| same_key) {
            Some(_) if busy.contains(&c.lead_id) => results[c.index] = Some(deferred(c)),
            Some(n) => ready.push((c, &prior[n])),
            None => late.push(c),
        }
    }
    let late_prior;
    if !late.is_empty() {
        let late_ids: Vec<Uuid> = late.iter().map(|c| c.lead_id).collect();
        let late_busy_ids = try_lock(&tx, &late_ids).await?;
        late.retain(|c| match late_busy_ids.contains(&c.lead_id) || busy.contains(&c.lead_id) {
            true => {
                results[c.index] = Some(deferred(c));
                false
            }
            false => true,
        });
        let late_ids: Vec<Uuid> = late.iter().map(|c| c.lead_id).collect();
        let late_hlcs: Vec<&str> = late.iter().map(|c| c.hlc.as_str()).collect();
        late_prior = prior_rows(&tx, &late_ids, &late_hlcs).await?;
        ready.extend(late.iter().copied().zip(&late_prior));
        // Fates are decided in item order (several versions of one lead follow each other).
        ready.sort_by_key(|(c, _)| c.index);
    }

    let (fates, new_rows) = decide_leads(&ready);
    for (index, result) in fates {
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
    let store_answer = tx.prepare_cached(STORE_ANSWER).await?;
    let answer: [&(dyn ToSql + Sync); 5] = [&key.batch_id, &key.device_id, &key.body_sha256, &item_count, &text];
    let (written, stored) = tokio::join!(write_leads(&tx, &key, &new_rows), tx.execute(&store_answer, &answer));
    written?;
    stored?;
    tx.commit().await?;
    Ok(Outcome::Fresh { response: text.into_bytes(), counts })
}

/// An item whose lead another request holds: `deferred`, the device sends it again.
fn deferred(c: &Checked) -> ItemResult {
    decided(c.lead_id_text.clone(), c.version, ItemStatus::Deferred, reason::LEAD_BUSY, None)
}

/// Takes each lead's lock if it is free right now (never waits, so it cannot deadlock with
/// a batch holding the locks in another order); returns the leads still held by others.
async fn try_lock(tx: &deadpool_postgres::Transaction<'_>, ids: &[Uuid]) -> Result<HashSet<Uuid>> {
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    let query = tx.prepare_cached(TRY_LEAD_LOCKS).await?;
    Ok(tx.query(&query, &[&ids]).await?.iter().map(|r| r.get(0)).collect())
}

/// The server's prior state for each (lead, stamp), in the given order (see [`PRIOR`]).
async fn prior_rows(tx: &deadpool_postgres::Transaction<'_>, ids: &[Uuid], hlcs: &[&str]) -> Result<Vec<Row>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let query = tx.prepare_cached(PRIOR).await?;
    Ok(tx.query(&query, &[&ids, &hlcs]).await?)
}

/// Decides each ready item's fate in item order from what the server holds (its prior
/// row); returns the fates and the items that are new edits, to be written.
fn decide_leads<'c>(ready: &[(&'c Checked, &Row)]) -> (Vec<(usize, ItemResult)>, Vec<&'c Checked>) {
    // The newest edit of each lead so far (server's, then this batch's), and the stamps
    // this batch has already stored, so later items of the same lead see earlier ones.
    let mut newest: HashMap<Uuid, ServerVersion> = HashMap::new();
    let mut stored: HashMap<(Uuid, &str), &str> = HashMap::new();
    let mut fates = Vec::with_capacity(ready.len());
    let mut new_rows: Vec<&Checked> = Vec::new();
    for &(c, row) in ready {
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
    (fates, new_rows)
}

/// Writes the new history rows in one statement.
async fn write_leads(tx: &deadpool_postgres::Transaction<'_>, key: &BatchKey<'_>, new_rows: &[&Checked]) -> Result<()> {
    if new_rows.is_empty() {
        return Ok(());
    }
    let ids: Vec<Uuid> = new_rows.iter().map(|c| c.lead_id).collect();
    let hlcs: Vec<&str> = new_rows.iter().map(|c| c.hlc.as_str()).collect();
    let versions: Vec<i64> = new_rows.iter().map(|c| i64::from(c.version)).collect();
    let hashes: Vec<&str> = new_rows.iter().map(|c| c.hash.as_str()).collect();
    let payloads: Vec<Json<&RawValue>> = new_rows.iter().map(|c| Json(&*c.lead)).collect();
    let params: [&(dyn ToSql + Sync); 7] = [&ids, &hlcs, &versions, &hashes, &payloads, &key.device_id, &key.batch_id];
    let write = tx.prepare_cached(WRITE).await?;
    tx.execute(&write, &params).await?;
    Ok(())
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
    fn the_keys_of_an_item_as_devices_write_it_are_read_ahead_and_match_its_check() {
        let lead = lead(ID, 3, HLC);
        let (lead_raw, hash) = leadtrack_sync::canonical_raw(&lead).unwrap();
        let sent =
            leadtrack_sync::wire::LeadVersion { lead_id: ID.into(), version: 3, hlc: HLC.into(), hash, lead: lead_raw };
        let items = vec![serde_json::value::to_raw_value(&sent).unwrap()];
        let keys = quick_keys(&items);
        let plan = check(items, NOW);
        let checked = &plan.checked[0];
        assert_eq!(keys, vec![Some((checked.lead_id, checked.hlc.clone()))]);
    }

    #[test]
    fn an_item_spelled_otherwise_is_not_keyed_ahead() {
        let text = |s: &str| RawValue::from_string(s.to_string()).unwrap();
        let items = vec![
            // Keys in another order (as a JSON library that sorts them writes it).
            serde_json::value::to_raw_value(&item(ID, 1, HLC)).unwrap(),
            text(&format!(r#"{{ "lead_id":"{ID}","version":1,"hlc":"{HLC}"}}"#)),
            text(&format!(r#"{{"lead_id":"{ID}","version":1,"hlc":"0001\"x"}}"#)),
            text(r#"{"lead_id":"not-a-uuid","version":1,"hlc":"x"}"#),
            text("42"),
        ];
        assert_eq!(quick_keys(&items), vec![None, None, None, None, None]);
    }

    #[test]
    fn a_rejected_item_echoes_the_ids_it_carried() {
        let plan = check(raw(vec![json!({"lead_id": "x", "version": 4})]), NOW);
        let r = plan.results[0].clone().unwrap();
        assert_eq!((r.lead_id.as_str(), r.version, r.status), ("x", 4, ItemStatus::Rejected));
    }
}
