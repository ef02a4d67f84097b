//! The device side of sync, as far as it touches the database: freezing outbox rows into
//! batches, recording the server's per-item answers, and the counts the UI shows.
//!
//! A batch is frozen once — its rows marked `inflight`, its exact body bytes stored — and
//! then sent unchanged until it is answered, across restarts. The body is encoded by the
//! caller (`leadtrack-sync` owns the wire format; this crate must not depend on it), but
//! stored here in the same transaction that claims the rows. Nothing is ever deleted: a
//! refused item is `parked` with its reason, and only `deferred` items return to the queue.

use leadtrack_domain::{Interaction, Lead};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use sha2::{Digest, Sha256};

use crate::{now_ms, Result, Store};

/// One outbox row ready to travel: the lead exactly as that version was saved.
#[derive(Debug, Clone)]
pub struct OutboxItem {
    pub seq: i64,
    pub lead: Lead,
}

/// What an outbox row carries: a lead version or an interaction (append-only, own id).
#[derive(Debug, Clone)]
enum Carried {
    Lead(Box<OutboxItem>),
    Interaction(Interaction),
}

/// A batch whose body is fixed. Send `body` as is, under `batch_id`, until it is answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrozenBatch {
    pub batch_id: String,
    pub body: Vec<u8>,
    /// `(lead_id, version)` of every lead item, in body order.
    pub items: Vec<(String, u32)>,
    /// Ids of the interactions the batch carries, in body order.
    pub interactions: Vec<String>,
    pub created_at: i64,
}

/// What the device does with one answered item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settle {
    /// The server holds it (applied, duplicate or stale): done.
    Acked,
    /// Refused for good: kept for a person, with the reason; the queue goes on.
    Parked(String),
    /// Not processed this time: back to the queue.
    Retry,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemSettlement {
    pub lead_id: String,
    pub version: u32,
    pub settle: Settle,
}

/// The backlog in numbers: pending and inflight still have to reach the server.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    pub pending: u64,
    pub inflight: u64,
    pub parked: u64,
    pub acked: u64,
    /// When the oldest undelivered row was saved (unix ms).
    pub oldest_waiting_at: Option<i64>,
    pub last_success_at: Option<i64>,
    pub last_error: Option<String>,
    pub last_error_at: Option<i64>,
}

/// A lead version the server refused, for the "needs attention" list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParkedItem {
    pub seq: i64,
    pub lead_id: String,
    pub version: u32,
    pub reason: String,
    pub saved_at: i64,
}

/// Where a lead's newest version stands locally; reconcile explains "missing" with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalState {
    Pending,
    Inflight,
    Acked,
    Parked(String),
    /// No outbox row for this version (a lead written before the outbox existed).
    Unqueued,
}

/// One lead as reconcile needs it: its newest version, as saved.
#[derive(Debug, Clone)]
pub struct ReconcileItem {
    pub lead: Lead,
    pub state: LocalState,
}

/// A version payload is the lead plus, for a merge, a `merge` note (not sent): reading it
/// as a `Lead` skips that key (no `flatten`, which buffers every field and costs twice).
fn thaw(payload: &str) -> Result<Lead> {
    Ok(serde_json::from_str(payload)?)
}

/// Encodes the body of a batch from its id, lead items and interactions; supplied by the
/// sync protocol crate.
pub type Encoder<'a> =
    &'a dyn Fn(&str, &[OutboxItem], &[Interaction]) -> std::result::Result<Vec<u8>, serde_json::Error>;

impl Store {
    /// The open (frozen, unanswered) batch if there is one — the very same bytes as before —
    /// otherwise a new batch of the oldest pending rows: at most `max_items`, and halved
    /// until the body fits `max_bytes` (a single item is sent whatever its size). `None`
    /// when nothing waits.
    pub fn freeze_batch(&self, max_items: usize, max_bytes: usize, encode: Encoder) -> Result<Option<FrozenBatch>> {
        self.write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            if let Some(open) = open_batch(&tx)? {
                return Ok(Some(open));
            }
            self.freeze_new(tx, max_items, max_bytes, encode)
        })
    }

    /// Encodes the batch that will follow the open one, on a reader, while the writer may
    /// still be busy (recording the previous answer): the oldest pending rows, encoded as
    /// [`Store::freeze_batch`] would. Nothing is claimed yet — [`Store::freeze_prepared`]
    /// does that, and only if the rows are still as read. `None` when nothing waits.
    pub fn prepare_ahead(&self, max_items: usize, max_bytes: usize, encode: Encoder) -> Result<Option<PreparedBatch>> {
        let rows = self.read(|conn| pending_rows(conn, max_items.max(1)))?;
        encode_rows(&self.device_id, rows, max_bytes, encode)
    }

    /// While the open batch `sent` is on the wire: counts that send (for diagnostics) and
    /// freezes the batch prepared ahead of it, in one transaction — one flush to disk for
    /// both — so the next send does not wait for the encoding. Only one batch ahead, and only
    /// if every row is still pending as read (the same rows give the same id and bytes);
    /// otherwise nothing is frozen and the next step freezes afresh. Batches are sent oldest
    /// first.
    pub fn note_sent_and_freeze(&self, sent: &str, prepared: Option<PreparedBatch>) -> Result<Option<FrozenBatch>> {
        self.write(|conn| {
            let mut tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute("UPDATE sync_batches SET sends = sends + 1 WHERE batch_id = ?1", [sent])?;
            let mut frozen = None;
            if let Some(prepared) = prepared {
                let open: i64 =
                    tx.query_row("SELECT COUNT(*) FROM sync_batches WHERE state = 'open'", [], |r| r.get(0))?;
                if open == 1 {
                    // Rows changed since they were read: the claim is undone, the count stays.
                    let claiming = tx.savepoint()?;
                    if claim(&claiming, &prepared)? == prepared.rows.len() {
                        claiming.commit()?;
                        frozen = Some(prepared.frozen);
                    }
                }
            }
            tx.commit()?;
            Ok(frozen)
        })
    }

    /// A new batch of the oldest pending rows, committed with `tx`.
    fn freeze_new(
        &self,
        tx: rusqlite::Transaction,
        max_items: usize,
        max_bytes: usize,
        encode: Encoder,
    ) -> Result<Option<FrozenBatch>> {
        let rows = pending_rows(&tx, max_items.max(1))?;
        let Some(prepared) = encode_rows(&self.device_id, rows, max_bytes, encode)? else {
            return Ok(None);
        };
        let claimed = claim(&tx, &prepared)?;
        if claimed != prepared.rows.len() {
            return Err(crate::Error::Internal(format!(
                "claimed {claimed} outbox rows for a batch of {}",
                prepared.rows.len()
            )));
        }
        tx.commit()?;
        Ok(Some(prepared.frozen))
    }

    /// Records the server's answer to a batch: each item acknowledged, parked or queued
    /// again. Rows of the batch the answer does not mention go back to the queue. An
    /// answer to a batch that is no longer open (answered before) changes nothing.
    pub fn apply_results(&self, batch_id: &str, results: &[ItemSettlement]) -> Result<()> {
        self.apply_answer(batch_id, results, &[])
    }

    /// `apply_results` for a batch that also carried interactions: `(interaction id, fate)`.
    pub fn apply_answer(
        &self,
        batch_id: &str,
        results: &[ItemSettlement],
        interactions: &[(String, Settle)],
    ) -> Result<()> {
        self.write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let state: Option<String> = tx
                .query_row("SELECT state FROM sync_batches WHERE batch_id = ?1", [batch_id], |r| r.get(0))
                .optional()?;
            if state.as_deref() != Some("open") {
                return Ok(());
            }
            let now = now_ms();
            {
                // Nearly every item is acknowledged: those rows are settled by one statement
                // (a statement per row was most of the time a bulk upload spent here).
                let acked: Vec<(&str, u32)> = results
                    .iter()
                    .filter(|r| r.settle == Settle::Acked)
                    .map(|r| (r.lead_id.as_str(), r.version))
                    .collect();
                if !acked.is_empty() {
                    tx.prepare_cached(
                        "UPDATE outbox SET state = 'acked', last_error = NULL
                         WHERE batch_id = ?1 AND state = 'inflight' AND interaction_id IS NULL
                           AND (lead_id, version) IN
                               (SELECT value ->> 0, value ->> 1 FROM json_each(?2))",
                    )?
                    .execute(params![batch_id, serde_json::to_string(&acked)?])?;
                }
                let mut settle = tx.prepare_cached(
                    "UPDATE outbox SET state = ?1, last_error = ?2
                     WHERE batch_id = ?3 AND lead_id = ?4 AND version = ?5 AND state = 'inflight'
                       AND interaction_id IS NULL",
                )?;
                for r in results.iter().filter(|r| r.settle != Settle::Acked) {
                    let (state, error) = r.settle.row_state();
                    settle.execute(params![state, error, batch_id, r.lead_id, r.version])?;
                }
                let mut settle = tx.prepare_cached(
                    "UPDATE outbox SET state = ?1, last_error = ?2
                     WHERE batch_id = ?3 AND interaction_id = ?4 AND state = 'inflight'",
                )?;
                for (id, fate) in interactions {
                    let (state, error) = fate.row_state();
                    settle.execute(params![state, error, batch_id, id])?;
                }
            }
            tx.execute(
                "UPDATE outbox SET state = 'pending', last_error = 'not in the answer'
                 WHERE batch_id = ?1 AND state = 'inflight'",
                [batch_id],
            )?;
            tx.execute(
                "UPDATE sync_batches SET state = 'answered', answered_at = ?2 WHERE batch_id = ?1",
                params![batch_id, now],
            )?;
            tx.execute("UPDATE sync_state SET last_success_at = ?1, last_error = NULL WHERE id = 1", [now])?;
            tx.commit()?;
            Ok(())
        })
    }

    /// The server said the batch is too large (413): its rows go back to the queue and the
    /// next batch should hold at most the returned number of items (half of this one). A
    /// batch of one item that is still too large is parked (`too_large`): nothing else
    /// would ever get it through, and it must not block the queue.
    pub fn unfreeze_halving(&self, batch_id: &str) -> Result<usize> {
        self.unfreeze(batch_id, true)
    }

    /// Puts an open batch's rows back in the queue under a new batch later, same size
    /// limit (the server refused the id itself, e.g. `key_reused`).
    pub fn unfreeze(&self, batch_id: &str, halve: bool) -> Result<usize> {
        self.write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let items: Option<i64> = tx
                .query_row("SELECT items FROM sync_batches WHERE batch_id = ?1 AND state = 'open'", [batch_id], |r| {
                    r.get(0)
                })
                .optional()?;
            let Some(items) = items else { return Ok(0) };
            let items = items.max(1) as usize;
            if halve && items == 1 {
                tx.execute(
                    "UPDATE outbox SET state = 'parked', last_error = 'too_large' WHERE batch_id = ?1 AND state = 'inflight'",
                    [batch_id],
                )?;
            } else {
                tx.execute(
                    "UPDATE outbox SET state = 'pending', batch_id = NULL WHERE batch_id = ?1 AND state = 'inflight'",
                    [batch_id],
                )?;
            }
            tx.execute("UPDATE sync_batches SET state = 'split' WHERE batch_id = ?1", [batch_id])?;
            tx.commit()?;
            Ok(if halve { items.div_ceil(2).max(1) } else { items })
        })
    }

    /// Remembers the last failure (network, refusal, garbage answer) for the status line.
    pub fn record_sync_error(&self, message: &str) -> Result<()> {
        self.write(|c| {
            c.execute(
                "UPDATE sync_state SET last_error = ?1, last_error_at = ?2 WHERE id = 1",
                params![message, now_ms()],
            )?;
            Ok(())
        })
    }

    /// The backlog and the last outcome, in one read.
    pub fn sync_status(&self) -> Result<OutboxCounts> {
        self.read(|c| {
            let mut counts = OutboxCounts::default();
            let mut st = c.prepare_cached("SELECT state, COUNT(*) FROM outbox GROUP BY state")?;
            let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
            for row in rows {
                let (state, n) = row?;
                let n = n as u64;
                match state.as_str() {
                    "pending" => counts.pending = n,
                    "inflight" => counts.inflight = n,
                    "parked" => counts.parked = n,
                    "acked" => counts.acked = n,
                    _ => {}
                }
            }
            counts.oldest_waiting_at =
                c.query_row("SELECT MIN(enqueued_at) FROM outbox WHERE state IN ('pending', 'inflight')", [], |r| {
                    r.get(0)
                })?;
            (counts.last_success_at, counts.last_error, counts.last_error_at) = c
                .query_row("SELECT last_success_at, last_error, last_error_at FROM sync_state WHERE id = 1", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .optional()?
                .unwrap_or_default();
            Ok(counts)
        })
    }

    /// Every parked version, oldest first: what a person has to look at.
    pub fn parked_items(&self) -> Result<Vec<ParkedItem>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT seq, lead_id, version, COALESCE(last_error, ''), enqueued_at FROM outbox
                 WHERE state = 'parked' ORDER BY seq",
            )?;
            let rows = st
                .query_map([], |r| {
                    Ok(ParkedItem {
                        seq: r.get(0)?,
                        lead_id: r.get(1)?,
                        version: r.get(2)?,
                        reason: r.get(3)?,
                        saved_at: r.get(4)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
    }

    /// Every lead's newest version as it was saved (the bytes the server hashed), with where
    /// that version stands in the outbox: the input of the reconcile call.
    pub fn reconcile_items(&self) -> Result<Vec<ReconcileItem>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT v.payload_json,
                        (SELECT o.state || ':' || COALESCE(o.last_error, '') FROM outbox o
                          WHERE o.lead_id = l.id AND o.version = l.version ORDER BY o.seq DESC LIMIT 1)
                 FROM leads l JOIN lead_versions v ON v.lead_id = l.id AND v.version = l.version
                 ORDER BY l.id",
            )?;
            let rows = st
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut out = Vec::with_capacity(rows.len());
            for (payload, state) in rows {
                let lead = thaw(&payload)?;
                let state = match state.as_deref().and_then(|s| s.split_once(':')) {
                    Some(("pending", _)) => LocalState::Pending,
                    Some(("inflight", _)) => LocalState::Inflight,
                    Some(("acked", _)) => LocalState::Acked,
                    Some(("parked", reason)) => LocalState::Parked(reason.to_string()),
                    _ => LocalState::Unqueued,
                };
                out.push(ReconcileItem { lead, state });
            }
            Ok(out)
        })
    }

    /// Queues the newest version of each given lead again (reconcile found the server
    /// lacks it although the device thought it delivered): a new outbox row, same version.
    pub fn requeue_leads(&self, lead_ids: &[String]) -> Result<usize> {
        self.write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let now = now_ms();
            let mut n = 0;
            {
                let mut st = tx.prepare_cached(
                    "INSERT INTO outbox (lead_id, version, hlc, enqueued_at)
                     SELECT id, version, hlc, ?2 FROM leads WHERE id = ?1
                       AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.lead_id = leads.id
                                       AND o.version = leads.version AND o.state IN ('pending', 'inflight'))",
                )?;
                for id in lead_ids {
                    n += st.execute(params![id, now])?;
                }
            }
            tx.commit()?;
            Ok(n)
        })
    }
}

impl Settle {
    /// The outbox row's state and last error for this fate.
    fn row_state(&self) -> (&'static str, Option<&str>) {
        match self {
            Settle::Acked => ("acked", None),
            Settle::Parked(reason) => ("parked", Some(reason.as_str())),
            Settle::Retry => ("pending", Some("deferred by the server")),
        }
    }
}

struct PendingRow {
    seq: i64,
    carried: Carried,
    attempts: i64,
}

/// A batch encoded but not yet claimed: its body and the outbox rows `(seq, attempts)` it
/// was made from.
pub struct PreparedBatch {
    frozen: FrozenBatch,
    rows: Vec<(i64, i64)>,
}

/// Encodes the oldest rows into one batch body: all of `rows`, halved until the body fits
/// `max_bytes` (a single item goes whatever its size). `None` for no rows.
fn encode_rows(
    device_id: &str,
    rows: Vec<PendingRow>,
    max_bytes: usize,
    encode: Encoder,
) -> Result<Option<PreparedBatch>> {
    if rows.is_empty() {
        return Ok(None);
    }
    let keys: Vec<(i64, i64)> = rows.iter().map(|r| (r.seq, r.attempts)).collect();
    let is_lead: Vec<bool> = rows.iter().map(|r| matches!(r.carried, Carried::Lead(_))).collect();
    let (mut leads, mut interactions) = (Vec::new(), Vec::new());
    for r in rows {
        match r.carried {
            Carried::Lead(item) => leads.push(*item),
            Carried::Interaction(i) => interactions.push(i),
        }
    }
    // Leads and interactions each keep their queue order, so the first `n` rows are a
    // prefix of each.
    let mut n = keys.len();
    loop {
        let lead_count = is_lead[..n].iter().filter(|l| **l).count();
        let (items, carried) = (&leads[..lead_count], &interactions[..n - lead_count]);
        let batch_id = batch_id(device_id, &keys[..n]);
        let body = encode(&batch_id, items, carried)?;
        if body.len() <= max_bytes || n == 1 {
            let frozen = FrozenBatch {
                batch_id,
                body,
                items: items.iter().map(|i| (i.lead.id.clone(), i.lead.version)).collect(),
                interactions: carried.iter().map(|i| i.id.clone()).collect(),
                created_at: now_ms(),
            };
            return Ok(Some(PreparedBatch { frozen, rows: keys[..n].to_vec() }));
        }
        n = n.div_ceil(2);
    }
}

/// Stores the batch as open and moves its rows into it if they are all still pending as
/// read; returns how many rows were claimed (0 when they were not).
fn claim(tx: &Connection, prepared: &PreparedBatch) -> Result<usize> {
    let f = &prepared.frozen;
    let rows: Vec<[i64; 2]> = prepared.rows.iter().map(|(seq, attempts)| [*seq, *attempts]).collect();
    let rows = serde_json::to_string(&rows)?;
    let as_read: i64 = tx
        .prepare_cached(
            "SELECT COUNT(*) FROM outbox WHERE state = 'pending'
               AND (seq, attempts) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?1))",
        )?
        .query_row([&rows], |r| r.get(0))?;
    if as_read != prepared.rows.len() as i64 {
        return Ok(0);
    }
    tx.execute(
        "INSERT INTO sync_batches (batch_id, created_at, body, items) VALUES (?1, ?2, ?3, ?4)",
        params![f.batch_id, f.created_at, f.body, prepared.rows.len() as i64],
    )?;
    Ok(tx
        .prepare_cached(
            "UPDATE outbox SET state = 'inflight', batch_id = ?1, attempts = attempts + 1
             WHERE state = 'pending'
               AND (seq, attempts) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?2))",
        )?
        .execute(params![f.batch_id, rows])?)
}

fn pending_rows(c: &Connection, limit: usize) -> Result<Vec<PendingRow>> {
    let mut st = c.prepare_cached(
        "SELECT o.seq, o.attempts, v.payload_json, o.interaction_id FROM outbox o
         LEFT JOIN lead_versions v
           ON o.interaction_id IS NULL AND v.lead_id = o.lead_id AND v.version = o.version
         WHERE o.state = 'pending' ORDER BY o.seq LIMIT ?1",
    )?;
    let rows = st
        .query_map([limit as i64], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(seq, attempts, payload, interaction)| {
            let carried = match (interaction, payload) {
                (Some(id), _) => Carried::Interaction(crate::interactions::get(c, &id)?),
                (None, Some(payload)) => {
                    let lead = thaw(&payload)?;
                    Carried::Lead(Box::new(OutboxItem { seq, lead }))
                }
                (None, None) => {
                    return Err(crate::Error::Internal(format!("outbox row {seq} has no saved version to send")))
                }
            };
            Ok(PendingRow { seq, carried, attempts })
        })
        .collect()
}

fn open_batch(c: &Connection) -> Result<Option<FrozenBatch>> {
    let open: Option<(String, Vec<u8>, i64)> = c
        .query_row(
            "SELECT batch_id, body, created_at FROM sync_batches WHERE state = 'open' ORDER BY created_at, rowid LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((batch_id, body, created_at)) = open else { return Ok(None) };
    let mut st =
        c.prepare_cached("SELECT lead_id, version, interaction_id FROM outbox WHERE batch_id = ?1 ORDER BY seq")?;
    let rows = st
        .query_map([&batch_id], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, Option<String>>(2)?)))?
        .collect::<rusqlite::Result<Vec<(String, u32, Option<String>)>>>()?;
    let (mut items, mut interactions) = (Vec::new(), Vec::new());
    for (lead_id, version, interaction) in rows {
        match interaction {
            Some(id) => interactions.push(id),
            None => items.push((lead_id, version)),
        }
    }
    Ok(Some(FrozenBatch { batch_id, body, items, interactions, created_at }))
}

/// A UUIDv8 from the device and the exact rows (and how often each was batched before):
/// the same rows resumed after a crash give the same id; rows sent again after a deferral
/// or a split get a new one, as the protocol asks.
fn batch_id(device_id: &str, rows: &[(i64, i64)]) -> String {
    let mut h = Sha256::new();
    h.update(b"leadtrack-batch/1\0");
    h.update(device_id.as_bytes());
    for (seq, attempts) in rows {
        h.update(format!("\0{seq}:{attempts}").as_bytes());
    }
    let digest = h.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid().to_string()
}
