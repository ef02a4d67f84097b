//! The device's sync client (feature `client`): pushes the store's outbox to the collector.
//!
//! - One request in flight per device: every send holds `in_flight` (the background loop
//!   and a bulk `push_all` share it).
//! - Batches are frozen in the store before the first send and re-sent byte for byte until
//!   answered ([`leadtrack_store::Store::freeze_batch`]); replays are idempotent on the server.
//! - Failures: exponential backoff with full jitter (base 1 s, cap 300 s), `Retry-After`
//!   honoured (seconds or HTTP date), 413 halves the batch, 401 stops fast retries and says
//!   "the device key was refused" (data kept), garbage and 5xx are retried. A 401
//!   `timestamp_skew` sets a clock offset from the answer's `Date` (signatures only) and the
//!   request is re-signed at once: a device clock hours off does not lock the device out.
//!   A 2xx whose body is not one result per item counts as a failure: the re-send is a replay.
//! - Nothing is dropped: refused items are parked in the store, deferred ones re-queued.

use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use leadtrack_domain::Interaction;
use leadtrack_store::sync::{ItemSettlement, LocalState, OutboxItem, Settle};
use leadtrack_store::Store;
use reqwest::StatusCode;
pub use reqwest::Url;
use tokio::sync::{watch, Mutex, Notify};
use uuid::Uuid;

use crate::status::{MissingLead, ReconcileReport, SyncStatus};
use crate::wire::{error_code, BatchResponse, ErrorBody, InteractionItem, ItemStatus, LeadBatch, LeadVersion};
use crate::{header as h, signature, LeadDigest, ReconcileRequest, ReconcileResponse, Secret};

/// Where and as whom to sync, and the timing knobs (defaults from the sync research note).
#[derive(Debug, Clone)]
pub struct SyncConfig {
    /// The collector's base URL, e.g. `https://leads.example.com/`.
    pub endpoint: Url,
    pub device_id: String,
    pub secret: Secret,
    /// Whole-request limit. A hung server (or a 35 s stall) costs at most this, then the
    /// same frozen batch is sent again. Tests shorten it to exercise the path quickly.
    pub request_timeout: Duration,
    pub connect_timeout: Duration,
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
    /// Longest wait the client accepts from a `Retry-After`.
    pub retry_after_cap: Duration,
    /// Items and body bytes per live batch.
    pub max_items: usize,
    pub max_bytes: usize,
    /// Items and body bytes per batch in a bulk upload. The bytes stay well under the
    /// collector's 4 MiB body limit; with the live 256 KiB a bulk batch of typical leads
    /// would be halved to a fraction of `bulk_items`.
    pub bulk_items: usize,
    pub bulk_bytes: usize,
    /// The fallback clock: the loop looks at the outbox this often even without a nudge.
    pub idle_interval: Duration,
    /// Starting estimate of (server clock − this device's clock), in seconds, added to the
    /// signature timestamp only (never to lead stamps). 0 normally; corrected from the
    /// server's `Date` header whenever it refuses a request as `timestamp_skew`.
    pub clock_offset_secs: i64,
}

impl SyncConfig {
    pub fn new(endpoint: Url, device_id: impl Into<String>, secret: Secret) -> SyncConfig {
        SyncConfig {
            endpoint,
            device_id: device_id.into(),
            secret,
            request_timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            backoff_base: Duration::from_secs(1),
            backoff_cap: Duration::from_secs(300),
            retry_after_cap: Duration::from_secs(300),
            max_items: 100,
            max_bytes: 256 * 1024,
            bulk_items: 1000,
            bulk_bytes: 2 * 1024 * 1024,
            idle_interval: Duration::from_secs(30),
            clock_offset_secs: 0,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("the device key was refused ({0}); re-enrol this device — its leads are kept")]
    KeyRefused(String),
    #[error("store: {0}")]
    Store(#[from] leadtrack_store::Error),
    #[error("{0}")]
    Setup(String),
    #[error("stopped")]
    Stopped,
}

/// One failed attempt: why, and how long the server asked us to wait.
#[derive(Debug)]
struct Failure {
    message: String,
    retry_after: Option<Duration>,
    key_refused: bool,
    /// The server answered at all (the link is up even though this attempt failed).
    reached: bool,
}

impl Failure {
    fn net(message: impl Into<String>) -> Failure {
        Failure { message: message.into(), retry_after: None, key_refused: false, reached: false }
    }
}

/// The outcome of one step of the send loop.
#[derive(Debug)]
enum Step {
    /// Nothing waits in the outbox.
    Idle,
    /// A batch was answered (or split and will be sent smaller at once).
    Progress {
        settled: usize,
    },
    Failed(Failure),
}

/// Sends the outbox; usable on its own (the CLI's bulk upload) or driven by [`SyncHandle`].
pub struct Pusher {
    store: Arc<Store>,
    config: SyncConfig,
    http: reqwest::Client,
    in_flight: Mutex<()>,
    /// Items per batch and its ceiling (live or bulk size); halved on 413, grown back by one
    /// tenth on each success.
    batch_limit: std::sync::Mutex<(usize, usize)>,
    status: watch::Sender<SyncStatus>,
    /// Server clock − device clock (s), for signature timestamps: a device whose wall clock
    /// is hours off would otherwise be refused (±5 min window) for as long as it stays off.
    clock_offset: AtomicI64,
    /// Body bytes per batch now (live or bulk).
    byte_limit: AtomicUsize,
    /// When the backlog was last counted (unix ms): counting reads the whole outbox, so
    /// between the batches of a bulk upload it is done a few times a second, not per batch.
    counted_at: AtomicI64,
    /// Carried from one step to the next (under `in_flight`): the last answer while it is
    /// still being written to the store, and the batch frozen ahead of it.
    carry: std::sync::Mutex<Carry>,
}

#[derive(Default)]
struct Carry {
    applying: Option<tokio::task::JoinHandle<Result<(), leadtrack_store::Error>>>,
    ahead: Option<leadtrack_store::sync::FrozenBatch>,
}

/// Waits for an answer being written; the store's error is the step's.
async fn finish(
    applying: Option<tokio::task::JoinHandle<Result<(), leadtrack_store::Error>>>,
) -> Result<(), SyncError> {
    match applying {
        Some(h) => Ok(h.await.map_err(|e| SyncError::Setup(format!("the store task failed: {e}")))??),
        None => Ok(()),
    }
}

/// The status line's counts are refreshed at most this often while batches succeed.
const COUNT_EVERY_MS: i64 = 250;

impl Pusher {
    pub fn new(store: Arc<Store>, config: SyncConfig) -> Result<Pusher, SyncError> {
        // ring, not aws-lc: no cmake/nasm on build machines. Ignored if already installed.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .timeout(config.request_timeout)
            .connect_timeout(config.connect_timeout)
            .user_agent(concat!("leadtrack/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| SyncError::Setup(format!("cannot build the HTTP client: {e}")))?;
        let (status, _) = watch::channel(SyncStatus::default());
        let limit = config.max_items.max(1);
        let clock_offset = AtomicI64::new(config.clock_offset_secs);
        let byte_limit = AtomicUsize::new(config.max_bytes.max(1));
        let pusher = Pusher {
            store,
            config,
            http,
            in_flight: Mutex::new(()),
            batch_limit: (limit, limit).into(),
            status,
            clock_offset,
            byte_limit,
            counted_at: AtomicI64::new(0),
            carry: std::sync::Mutex::new(Carry::default()),
        };
        pusher.refresh_status(|_| {});
        Ok(pusher)
    }

    pub fn store(&self) -> &Arc<Store> {
        &self.store
    }

    pub fn status(&self) -> SyncStatus {
        self.status.borrow().clone()
    }

    pub fn subscribe(&self) -> watch::Receiver<SyncStatus> {
        self.status.subscribe()
    }

    /// Re-reads the counts from the store and applies `change` to the live flags.
    fn refresh_status(&self, change: impl FnOnce(&mut SyncStatus)) {
        self.counted_at.store(now_ms(), Ordering::Relaxed);
        let counts = self.store.sync_status();
        self.status.send_modify(|s| {
            if let Ok(c) = counts {
                s.pending = c.pending as u32;
                s.inflight = c.inflight as u32;
                s.parked = c.parked as u32;
                s.oldest_waiting_at = c.oldest_waiting_at;
                s.last_success_at = c.last_success_at;
                s.last_error = c.last_error;
                s.last_error_at = c.last_error_at;
            }
            change(s);
        });
    }

    fn limit(&self) -> usize {
        self.batch_limit.lock().map(|l| l.0).unwrap_or(1)
    }

    /// After a 413: at most `n` items until successes grow it back.
    fn shrink_to(&self, n: usize) {
        if let Ok(mut l) = self.batch_limit.lock() {
            l.0 = n.max(1);
        }
    }

    /// After an answered batch: one tenth more, up to the ceiling.
    fn grow(&self) {
        if let Ok(mut l) = self.batch_limit.lock() {
            l.0 = (l.0 + l.0.div_ceil(10)).min(l.1);
        }
    }

    /// Switches between live and bulk batch sizes (items, body bytes).
    fn set_ceiling(&self, n: usize, bytes: usize) {
        if let Ok(mut l) = self.batch_limit.lock() {
            *l = (n.max(1), n.max(1));
        }
        self.byte_limit.store(bytes.max(1), Ordering::Relaxed);
    }

    fn carry_ahead(&self, next: Option<leadtrack_store::sync::FrozenBatch>) {
        if let Ok(mut c) = self.carry.lock() {
            c.ahead = next;
        }
    }

    /// Runs a freezing call of the store on the blocking pool with this device's encoder.
    fn freezing<T: Send + 'static>(
        &self,
        max_items: usize,
        call: impl FnOnce(&Store, usize, usize, leadtrack_store::sync::Encoder) -> T + Send + 'static,
    ) -> tokio::task::JoinHandle<T> {
        let store = self.store.clone();
        let device_id = self.config.device_id.clone();
        let max_bytes = self.byte_limit.load(Ordering::Relaxed);
        tokio::task::spawn_blocking(move || {
            let encode = |batch_id: &str, items: &[OutboxItem], interactions: &[Interaction]| {
                encode_batch(&device_id, batch_id, items, interactions)
            };
            call(&store, max_items, max_bytes, &encode)
        })
    }

    /// Freezes (or re-reads) a batch and sends it once. Holds the in-flight lock throughout.
    async fn step(&self, max_items: usize) -> Result<Step, SyncError> {
        let _one = self.in_flight.lock().await;
        let (mut applying, ahead) = match self.carry.lock() {
            Ok(mut c) => (c.applying.take(), c.ahead.take()),
            Err(_) => (None, None),
        };
        // The batch frozen ahead is committed and open: it goes now, while the previous
        // answer may still be being written. Otherwise that write ends before freezing.
        let batch = match ahead {
            Some(batch) => batch,
            None => {
                finish(applying.take()).await?;
                let frozen = self
                    .freezing(max_items, |store, items, bytes, encode| store.freeze_batch(items, bytes, encode))
                    .await
                    .map_err(|e| SyncError::Setup(format!("the store task failed: {e}")))??;
                match frozen {
                    Some(batch) => batch,
                    None => return Ok(Step::Idle),
                }
            }
        };
        let url = join(&self.config.endpoint, crate::BATCH_PATH)?;
        // While this batch is on the wire: the next one is encoded (on a reader) while the
        // previous answer is written, then frozen in the same transaction that counts this
        // send — at most one ahead, still one request in flight — so a bulk upload does not
        // pause between sends.
        let (store, sent) = (self.store.clone(), batch.batch_id.clone());
        let prepare = async {
            let encoding =
                self.freezing(max_items, |store, items, bytes, encode| store.prepare_ahead(items, bytes, encode));
            let (applied, encoded) = tokio::join!(finish(applying), encoding);
            applied?;
            let prepared = match encoded.map_err(|e| SyncError::Setup(format!("the store task failed: {e}")))? {
                Ok(prepared) => prepared,
                Err(e) => {
                    tracing::warn!(error = %e, "could not encode the next batch ahead; it will be frozen when due");
                    None
                }
            };
            tokio::task::spawn_blocking(move || store.note_sent_and_freeze(&sent, prepared))
                .await
                .map_err(|e| SyncError::Setup(format!("the store task failed: {e}")))
        };
        let (answer, prepared) = tokio::join!(self.post(url, &batch.batch_id, batch.body.clone()), prepare);
        match prepared? {
            Ok(next) => self.carry_ahead(next),
            Err(e) => tracing::warn!(error = %e, "could not prepare the next batch ahead; it will be frozen when due"),
        }
        let (status, headers, body) = match answer {
            Ok(a) => a,
            Err(f) => return Ok(Step::Failed(f)),
        };
        if status == StatusCode::OK {
            let Some((results, interactions)) =
                parse_results(&body, &batch.batch_id, &batch.items, &batch.interactions)
            else {
                return Ok(Step::Failed(Failure {
                    message: "the server's answer was not a result per item".into(),
                    retry_after: None,
                    key_refused: false,
                    reached: true,
                }));
            };
            let settled = results.iter().filter(|r| r.settle != Settle::Retry).count()
                + interactions.iter().filter(|(_, s)| *s != Settle::Retry).count();
            // Written while the next batch travels; the next step waits for it before it
            // freezes anything new, and a replayed answer changes nothing.
            let store = self.store.clone();
            let id = batch.batch_id.clone();
            let applying = tokio::task::spawn_blocking(move || store.apply_answer(&id, &results, &interactions));
            let unkept = match self.carry.lock() {
                Ok(mut c) => {
                    c.applying = Some(applying);
                    None
                }
                Err(_) => Some(applying),
            };
            finish(unkept).await?;
            self.grow();
            return Ok(Step::Progress { settled });
        }
        let code = serde_json::from_slice::<ErrorBody>(&body).map(|e| e.code).unwrap_or_default();
        let retry_after = retry_after(&headers);
        match status {
            StatusCode::PAYLOAD_TOO_LARGE => {
                let half = self.store.unfreeze_halving(&batch.batch_id)?;
                self.shrink_to(half);
                tracing::info!(batch = %batch.batch_id, next = half, "batch too large: halved");
                Ok(Step::Progress { settled: 0 })
            }
            StatusCode::UNPROCESSABLE_ENTITY if code == error_code::KEY_REUSED => {
                // The id is spoiled on the server; the same rows go again under a new id.
                self.store.unfreeze(&batch.batch_id, false)?;
                Ok(Step::Failed(Failure {
                    message: "the server had seen this batch id with another body".into(),
                    retry_after,
                    key_refused: false,
                    reached: true,
                }))
            }
            StatusCode::UNAUTHORIZED if code != error_code::TIMESTAMP_SKEW => Ok(Step::Failed(Failure {
                message: format!("the device key was refused ({code})"),
                retry_after: None,
                key_refused: true,
                reached: true,
            })),
            other => Ok(Step::Failed(Failure {
                message: format!(
                    "the server answered {other}{}",
                    if code.is_empty() { String::new() } else { format!(" ({code})") }
                ),
                retry_after,
                key_refused: false,
                reached: true,
            })),
        }
    }

    /// Signs and posts `body`; the signature timestamp is this attempt's, on the server's
    /// clock as far as known. A `timestamp_skew` refusal carrying a `Date` header corrects
    /// that estimate and the request is signed and sent once more at once.
    async fn post(
        &self,
        url: Url,
        id: &str,
        body: Vec<u8>,
    ) -> Result<(StatusCode, reqwest::header::HeaderMap, Vec<u8>), Failure> {
        let first = self.post_once(url.clone(), id, body.clone()).await?;
        match first.0 == StatusCode::UNAUTHORIZED && self.learn_clock(&first.1, &first.2) {
            true => self.post_once(url, id, body).await,
            false => Ok(first),
        }
    }

    /// After a 401: if it was `timestamp_skew` and the answer says the server's time, adopts
    /// the new offset. True when the offset changed (a re-signed request can succeed).
    fn learn_clock(&self, headers: &reqwest::header::HeaderMap, body: &[u8]) -> bool {
        let code = serde_json::from_slice::<ErrorBody>(body).map(|e| e.code).unwrap_or_default();
        if code != error_code::TIMESTAMP_SKEW {
            return false;
        }
        let server = headers
            .get(reqwest::header::DATE)
            .and_then(|d| d.to_str().ok())
            .and_then(|d| httpdate::parse_http_date(d).ok())
            .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok());
        let Some(server) = server else { return false };
        let offset = server.as_secs() as i64 - unix_secs();
        let old = self.clock_offset.swap(offset, Ordering::Relaxed);
        tracing::warn!(offset_secs = offset, "the server refused our clock; signing on the server's time from now on");
        old != offset
    }

    async fn post_once(
        &self,
        url: Url,
        id: &str,
        body: Vec<u8>,
    ) -> Result<(StatusCode, reqwest::header::HeaderMap, Vec<u8>), Failure> {
        let ts = unix_secs() + self.clock_offset.load(Ordering::Relaxed);
        let sig = signature::signature_header(&[&self.config.secret], id, ts, &body);
        let resp = self
            .http
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(h::DEVICE_ID, &self.config.device_id)
            .header(h::IDEMPOTENCY_KEY, format!("\"{id}\""))
            .header(h::WEBHOOK_ID, id)
            .header(h::WEBHOOK_TIMESTAMP, ts.to_string())
            .header(h::WEBHOOK_SIGNATURE, sig)
            .header(h::PROTOCOL, crate::PROTOCOL)
            .body(body)
            .send()
            .await
            .map_err(|e| Failure::net(describe(&e)))?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let body = resp.bytes().await.map_err(|e| Failure::net(describe(&e)))?;
        Ok((status, headers, body.to_vec()))
    }

    /// Runs steps until the outbox is empty (parked items aside), waiting out failures.
    /// `stop` ends the wait early. With `end_on_refused_key` (bulk upload) a refused device key
    /// ends the run — a person must act, looping helps no one — and its reason is returned;
    /// the background loop instead waits the longest backoff and tries again. Returns the
    /// number of items settled.
    async fn drain(
        &self,
        max_items: impl Fn() -> usize,
        mut on_progress: impl FnMut(usize),
        stop: &watch::Receiver<bool>,
        end_on_refused_key: bool,
    ) -> Result<(usize, Option<String>), SyncError> {
        let mut failures = 0u32;
        let mut settled = 0;
        loop {
            if *stop.borrow() {
                return Err(SyncError::Stopped);
            }
            match self.step(max_items()).await? {
                Step::Idle => {
                    self.refresh_status(|s| s.next_retry_at = None);
                    return Ok((settled, None));
                }
                Step::Progress { settled: n } => {
                    failures = 0;
                    settled += n;
                    on_progress(n);
                    let live = |s: &mut SyncStatus| {
                        s.online = true;
                        s.key_refused = false;
                        s.next_retry_at = None;
                    };
                    match now_ms() - self.counted_at.load(Ordering::Relaxed) >= COUNT_EVERY_MS {
                        true => self.refresh_status(live),
                        false => self.status.send_modify(live),
                    }
                }
                Step::Failed(f) if f.key_refused && end_on_refused_key => {
                    let _ = self.store.record_sync_error(&f.message);
                    self.refresh_status(|s| s.key_refused = true);
                    return Ok((settled, Some(f.message)));
                }
                Step::Failed(f) => {
                    failures = failures.saturating_add(1);
                    let wait = match (f.key_refused, f.retry_after) {
                        (true, _) => self.config.backoff_cap,
                        (false, Some(ra)) => ra.min(self.config.retry_after_cap),
                        (false, None) => full_jitter(self.config.backoff_base, self.config.backoff_cap, failures),
                    };
                    tracing::warn!(error = %f.message, wait_ms = wait.as_millis() as u64, "sync attempt failed");
                    let _ = self.store.record_sync_error(&f.message);
                    let due = now_ms() + wait.as_millis() as i64;
                    self.refresh_status(|s| {
                        s.online = f.reached;
                        s.key_refused = f.key_refused;
                        s.next_retry_at = Some(due);
                    });
                    let mut stop = stop.clone();
                    tokio::select! {
                        _ = tokio::time::sleep(wait) => {}
                        _ = stop.wait_for(|s| *s) => return Err(SyncError::Stopped),
                    }
                }
            }
        }
    }

    /// Uploads everything waiting (bulk batches), then asks the server what it lacks.
    /// `progress(done, total)` is called after every batch. Resumable: an interrupted run
    /// leaves a frozen batch that the next run sends first, byte for byte. A refused key
    /// ends the run with [`SyncError::KeyRefused`]; other failures are waited out.
    pub async fn push_all(&self, progress: impl Fn(u64, u64)) -> Result<ReconcileReport, SyncError> {
        let (_keep, stop) = watch::channel(false);
        self.push_all_until(progress, &stop).await
    }

    async fn push_all_until(
        &self,
        progress: impl Fn(u64, u64),
        stop: &watch::Receiver<bool>,
    ) -> Result<ReconcileReport, SyncError> {
        for _round in 0..3 {
            let (total, _) = self.bulk_drain(&progress, stop).await?;
            progress(total, total);
            let (report, requeued) = self.reconcile().await?;
            if requeued == 0 {
                return Ok(report);
            }
            tracing::warn!(requeued, "reconcile found acknowledged leads missing on the server; sending them again");
        }
        Ok(self.reconcile().await?.0)
    }

    /// Sends everything waiting now (bulk batches) without the reconcile; returns the number
    /// of versions settled.
    pub async fn push_waiting(&self, progress: impl Fn(u64, u64)) -> Result<u64, SyncError> {
        let (_keep, stop) = watch::channel(false);
        Ok(self.bulk_drain(&progress, &stop).await?.1 as u64)
    }

    /// Drains the outbox in bulk-sized batches, reporting `progress(done, total)`; a refused
    /// key ends it as [`SyncError::KeyRefused`]. Returns the total it started from and the
    /// number of versions settled.
    async fn bulk_drain(
        &self,
        progress: &impl Fn(u64, u64),
        stop: &watch::Receiver<bool>,
    ) -> Result<(u64, usize), SyncError> {
        let c = self.store.sync_status()?;
        let total = c.pending + c.inflight;
        let mut done = 0u64;
        progress(0, total);
        self.set_ceiling(self.config.bulk_items, self.config.bulk_bytes);
        let result = self
            .drain(
                || self.limit(),
                |n| {
                    done = (done + n as u64).min(total);
                    progress(done, total);
                },
                stop,
                true,
            )
            .await;
        self.set_ceiling(self.config.max_items, self.config.max_bytes);
        match result? {
            (_, Some(why)) => Err(SyncError::KeyRefused(why)),
            (settled, None) => Ok((total, settled)),
        }
    }

    /// Asks the server which of this device's leads it lacks or holds older. Leads the
    /// device thought delivered but the server lacks are queued again (the second value).
    pub async fn reconcile(&self) -> Result<(ReconcileReport, usize), SyncError> {
        let store = self.store.clone();
        let items = tokio::task::spawn_blocking(move || store.reconcile_items())
            .await
            .map_err(|e| SyncError::Setup(format!("the store task failed: {e}")))??;
        let mut report = ReconcileReport { checked: items.len() as u32, ..ReconcileReport::default() };
        let mut local = std::collections::HashMap::new();
        let mut digests = Vec::with_capacity(items.len());
        for it in &items {
            let v = LeadVersion::from_lead(it.lead.clone())
                .map_err(|e| SyncError::Setup(format!("cannot encode lead {}: {e}", it.lead.id)))?;
            digests.push(LeadDigest { lead_id: v.lead_id.clone(), version: v.version, hash: v.hash, hlc: Some(v.hlc) });
            local.insert(v.lead_id, (v.version, it.state.clone()));
        }
        let mut requeue = Vec::new();
        let url = join(&self.config.endpoint, crate::RECONCILE_PATH)?;
        for chunk in digests.chunks(crate::MAX_RECONCILE_LEADS) {
            let answer = self.reconcile_chunk(url.clone(), chunk).await?;
            report.in_sync += answer.in_sync as u32;
            report.newer_on_server.extend(answer.newer.into_iter().map(|d| d.lead_id));
            for (kind, ids) in [("missing", answer.missing), ("older", answer.older)] {
                for id in ids {
                    let (version, state) = local.get(&id).cloned().unwrap_or((0, LocalState::Unqueued));
                    let reason = match &state {
                        LocalState::Pending => "waiting to be sent".to_string(),
                        LocalState::Inflight => "sent, not yet answered".to_string(),
                        LocalState::Parked(r) => format!("parked: {r}"),
                        LocalState::Acked | LocalState::Unqueued => {
                            requeue.push(id.clone());
                            "acknowledged, but not on the server: queued again".to_string()
                        }
                    };
                    report.missing.push(MissingLead { lead_id: id, version, kind: kind.into(), reason });
                }
            }
        }
        report.parked = self
            .store
            .parked_items()?
            .into_iter()
            .map(|p| MissingLead { lead_id: p.lead_id, version: p.version, kind: "parked".into(), reason: p.reason })
            .collect();
        report.missing.sort_by(|a, b| a.lead_id.cmp(&b.lead_id));
        let requeued = if requeue.is_empty() { 0 } else { self.store.requeue_leads(&requeue)? };
        self.refresh_status(|_| {});
        Ok((report, requeued))
    }

    /// One reconcile call, retried like a batch (it changes nothing on the server).
    async fn reconcile_chunk(&self, url: Url, leads: &[LeadDigest]) -> Result<ReconcileResponse, SyncError> {
        let request = ReconcileRequest { device_id: self.config.device_id.clone(), leads: leads.to_vec() };
        let body = serde_json::to_vec(&request).map_err(|e| SyncError::Setup(e.to_string()))?;
        let mut failures = 0u32;
        loop {
            let id = Uuid::now_v7().to_string();
            let outcome = {
                let _one = self.in_flight.lock().await;
                self.post(url.clone(), &id, body.clone()).await
            };
            let wait = match outcome {
                Ok((StatusCode::OK, _, bytes)) => match serde_json::from_slice::<ReconcileResponse>(&bytes) {
                    Ok(r) => return Ok(r),
                    Err(_) => None,
                },
                Ok((StatusCode::UNAUTHORIZED, _, bytes)) => {
                    let code = serde_json::from_slice::<ErrorBody>(&bytes).map(|e| e.code).unwrap_or_default();
                    if code != error_code::TIMESTAMP_SKEW {
                        return Err(SyncError::KeyRefused(code));
                    }
                    None
                }
                Ok((_, headers, _)) => retry_after(&headers),
                Err(_) => None,
            };
            failures = failures.saturating_add(1);
            let wait = wait
                .map(|w| w.min(self.config.retry_after_cap))
                .unwrap_or_else(|| full_jitter(self.config.backoff_base, self.config.backoff_cap, failures));
            tokio::time::sleep(wait).await;
        }
    }
}

/// The running sync loop of the app. Dropping the handle does not stop it; call [`stop`].
///
/// [`stop`]: SyncHandle::stop
#[derive(Clone)]
pub struct SyncHandle {
    pusher: Arc<Pusher>,
    nudge: Arc<Notify>,
    stop: Arc<watch::Sender<bool>>,
}

impl SyncHandle {
    /// Starts the loop on `runtime`. It sends whatever waits at once, then again after every
    /// [`nudge`](SyncHandle::nudge) (call it after each committed save), and every
    /// `idle_interval` as a fallback.
    pub fn start(
        store: Arc<Store>,
        config: SyncConfig,
        runtime: &tokio::runtime::Handle,
    ) -> Result<SyncHandle, SyncError> {
        let pusher = Arc::new(Pusher::new(store, config)?);
        let nudge = Arc::new(Notify::new());
        let (stop, stop_rx) = watch::channel(false);
        let handle = SyncHandle { pusher: pusher.clone(), nudge: nudge.clone(), stop: Arc::new(stop) };
        runtime.spawn(run(pusher, nudge, stop_rx));
        Ok(handle)
    }

    /// A save committed: look at the outbox now (no-op while a failure is being waited out).
    pub fn nudge(&self) {
        self.nudge.notify_one();
    }

    pub fn status(&self) -> SyncStatus {
        self.pusher.status()
    }

    /// Live status: a new value after every attempt and every change of the backlog.
    pub fn subscribe(&self) -> watch::Receiver<SyncStatus> {
        self.pusher.subscribe()
    }

    /// "Upload everything": see [`Pusher::push_all`]. Shares the one-request-in-flight rule
    /// with the loop.
    pub async fn push_all(&self, progress: impl Fn(u64, u64)) -> Result<ReconcileReport, SyncError> {
        let stop = self.stop.subscribe();
        self.pusher.push_all_until(progress, &stop).await
    }

    /// Stops the loop after the request in flight (if any) ends or times out.
    pub fn stop(&self) {
        let _ = self.stop.send(true);
    }

    pub fn pusher(&self) -> &Arc<Pusher> {
        &self.pusher
    }
}

async fn run(pusher: Arc<Pusher>, nudge: Arc<Notify>, mut stop: watch::Receiver<bool>) {
    let idle = pusher.config.idle_interval;
    loop {
        match pusher.drain(|| pusher.limit(), |_| {}, &stop, false).await {
            Ok(_) => {}
            Err(SyncError::Stopped) => return,
            Err(e) => {
                tracing::error!(error = %e, "sync step failed locally");
                let _ = pusher.store.record_sync_error(&e.to_string());
                pusher.refresh_status(|_| {});
            }
        }
        tokio::select! {
            _ = nudge.notified() => {}
            _ = tokio::time::sleep(idle) => {}
            _ = stop.wait_for(|s| *s) => return,
        }
    }
}

/// A device's credentials from the text an admin hands over: the JSON `leadtrack-collector
/// device add` prints (`device_id` and `secret`), or a bare `whsec_…` secret with the device
/// id given separately (`device_id` wins when both are present).
pub fn read_credentials(text: &str, device_id: Option<&str>) -> Result<(String, Secret), String> {
    let text = text.trim();
    let (id, secret) = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(v) => (
            v.get("device_id").and_then(|d| d.as_str()).map(str::to_string),
            v.get("secret").and_then(|s| s.as_str()).map(str::to_string).unwrap_or_default(),
        ),
        Err(_) => (None, text.to_string()),
    };
    let id = device_id
        .map(str::to_string)
        .or(id)
        .ok_or("no device id: pass --device-id or use the JSON of `leadtrack-collector device add`")?;
    let secret = Secret::parse(&secret).map_err(|e| format!("the device secret is not usable: {e}"))?;
    Ok((id, secret))
}

/// The wire body of a batch: `LeadBatch` with each lead's content hash. Deterministic, so a
/// resumed bulk upload re-creates the same bytes for the same batch id.
pub fn encode_batch(
    device_id: &str,
    batch_id: &str,
    items: &[OutboxItem],
    interactions: &[Interaction],
) -> Result<Vec<u8>, serde_json::Error> {
    let batch_id = Uuid::parse_str(batch_id).unwrap_or(Uuid::nil());
    // Each lead is sent in its canonical form, the very bytes its hash is over: the server
    // checks the hash on what it received without re-encoding the lead.
    let items = items
        .iter()
        .map(|i| {
            let (lead, hash) = crate::canonical_raw(&serde_json::to_value(&i.lead)?)?;
            Ok(LeadVersion { lead_id: i.lead.id.clone(), version: i.lead.version, hlc: i.lead.hlc.clone(), hash, lead })
        })
        .collect::<Result<Vec<_>, serde_json::Error>>()?;
    let interactions =
        interactions.iter().map(|i| InteractionItem::from_interaction(i.clone())).collect::<Result<Vec<_>, _>>()?;
    serde_json::to_vec(&LeadBatch::<Box<serde_json::value::RawValue>, Interaction> {
        batch_id,
        device_id: device_id.to_string(),
        items,
        interactions,
    })
}

/// What the device does with an item the server answered.
fn settle(status: ItemStatus, reason: Option<String>) -> Settle {
    match status {
        ItemStatus::Applied | ItemStatus::Duplicate | ItemStatus::Stale => Settle::Acked,
        ItemStatus::Rejected => Settle::Parked(reason.unwrap_or_else(|| "rejected".into())),
        ItemStatus::Deferred => Settle::Retry,
    }
}

type Settlements = (Vec<ItemSettlement>, Vec<(String, Settle)>);

/// Per-item results in request order, exactly one per lead item and one per interaction,
/// or `None`.
fn parse_results(body: &[u8], batch_id: &str, items: &[(String, u32)], interactions: &[String]) -> Option<Settlements> {
    let resp: BatchResponse = serde_json::from_slice(body).ok()?;
    if resp.batch_id.to_string() != batch_id
        || resp.results.len() != items.len()
        || resp.interaction_results.len() != interactions.len()
    {
        return None;
    }
    let leads = resp
        .results
        .into_iter()
        .zip(items)
        .map(|(r, (id, version))| {
            (r.lead_id == *id && r.version == *version).then(|| ItemSettlement {
                settle: settle(r.status, r.reason),
                lead_id: r.lead_id,
                version: r.version,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let interactions = resp
        .interaction_results
        .into_iter()
        .zip(interactions)
        .map(|(r, id)| (r.interaction_id == *id).then(|| (r.interaction_id, settle(r.status, r.reason))))
        .collect::<Option<Vec<_>>>()?;
    Some((leads, interactions))
}

/// `Retry-After` as seconds or as an HTTP date.
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let text = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = text.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(text).ok()?;
    Some(when.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

/// `rand(0, min(cap, base·2^attempt))` (AWS "full jitter").
pub fn full_jitter(base: Duration, cap: Duration, attempt: u32) -> Duration {
    let ceiling = base.saturating_mul(1u32.checked_shl(attempt.min(31)).unwrap_or(u32::MAX)).min(cap);
    let nanos = ceiling.as_nanos() as u64;
    if nanos == 0 {
        return Duration::ZERO;
    }
    Duration::from_nanos(random_u64() % nanos)
}

fn random_u64() -> u64 {
    // Each RandomState has fresh random keys: enough randomness for spreading retries.
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default().as_nanos());
    h.finish()
}

fn join(base: &Url, path: &str) -> Result<Url, SyncError> {
    base.join(path).map_err(|e| SyncError::Setup(format!("bad endpoint {base}: {e}")))
}

fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "the server did not answer in time".into()
    } else if e.is_connect() {
        "cannot reach the server".into()
    } else {
        let mut text = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            text.push_str(": ");
            text.push_str(&s.to_string());
            source = s.source();
        }
        text
    }
}

fn unix_secs() -> i64 {
    SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

fn now_ms() -> i64 {
    leadtrack_store::now_ms()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_jitter_stays_under_the_exponential_ceiling_and_the_cap() {
        let (base, cap) = (Duration::from_secs(1), Duration::from_secs(300));
        for attempt in 0..40 {
            let ceiling = Duration::from_secs(1u64 << attempt.min(20)).min(cap);
            for _ in 0..50 {
                assert!(full_jitter(base, cap, attempt) < ceiling.max(Duration::from_nanos(1)));
            }
        }
        let spread: std::collections::HashSet<_> = (0..20).map(|_| full_jitter(base, cap, 8)).collect();
        assert!(spread.len() > 10, "jitter is random, not a fixed delay");
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let mut h = reqwest::header::HeaderMap::new();
        h.insert(reqwest::header::RETRY_AFTER, "7".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(120));
        h.insert(reqwest::header::RETRY_AFTER, later.parse().unwrap());
        let d = retry_after(&h).unwrap();
        assert!(d > Duration::from_secs(110) && d <= Duration::from_secs(120), "{d:?}");
        h.insert(reqwest::header::RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&h), None);
    }

    #[test]
    fn an_answer_without_one_result_per_item_in_order_is_refused() {
        let id = Uuid::now_v7();
        let items = vec![("a".to_string(), 1), ("b".to_string(), 2)];
        let answer = |results: serde_json::Value| {
            serde_json::to_vec(&serde_json::json!({"batch_id": id, "server_time_ms": 1, "results": results})).unwrap()
        };
        let good = answer(serde_json::json!([
            {"lead_id": "a", "version": 1, "status": "applied"},
            {"lead_id": "b", "version": 2, "status": "rejected", "reason": "invalid_lead"}
        ]));
        let parsed = parse_results(&good, &id.to_string(), &items, &[]).unwrap().0;
        assert_eq!(parsed[0].settle, Settle::Acked);
        assert_eq!(parsed[1].settle, Settle::Parked("invalid_lead".into()));
        let short = answer(serde_json::json!([{"lead_id": "a", "version": 1, "status": "applied"}]));
        assert!(parse_results(&short, &id.to_string(), &items, &[]).is_none());
        let swapped = answer(serde_json::json!([
            {"lead_id": "b", "version": 2, "status": "applied"}, {"lead_id": "a", "version": 1, "status": "applied"}
        ]));
        assert!(parse_results(&swapped, &id.to_string(), &items, &[]).is_none());
        assert!(parse_results(b"<html>", &id.to_string(), &items, &[]).is_none());
        assert!(parse_results(&good, &Uuid::now_v7().to_string(), &items, &[]).is_none());
    }
}
