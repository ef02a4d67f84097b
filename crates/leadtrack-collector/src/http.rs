//! The HTTP surface: `POST /v1/lead-batches`, `POST /v1/reconcile`, `GET /healthz`.
//!
//! Order of checks on a signed request: in-flight limit (429) → body read within the size
//! limit (413) → headers present (400) → device known (401) → signature over the raw bytes
//! and timestamp window (401) → only then JSON parsing (400). Nothing is written before the
//! signature is verified. Every answer that is not 200 has an `ErrorBody`; 409, 429 and 503
//! carry `Retry-After`.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use deadpool_postgres::Pool;
use leadtrack_sync::wire::error_code;
use leadtrack_sync::{header as h, signature, ErrorBody, ReconcileRequest, SignatureError, SignedHeaders};
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;
use uuid::Uuid;

use crate::apply::{self, BatchRef, Envelope, Outcome};
use crate::{devices, reconcile, Error};

/// What one instance allows. Nothing here is shared between instances: all state that
/// matters (devices, leads, stored answers) is in PostgreSQL.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Larger bodies get 413 before anything else is looked at.
    pub max_body_bytes: usize,
    /// Batch and reconcile requests handled at once by this instance; more get 429.
    pub max_in_flight: usize,
    /// How long a batch waits for a lead (or for a re-send of itself) held by another request.
    pub lock_wait: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { max_body_bytes: 4 * 1024 * 1024, max_in_flight: 32, lock_wait: Duration::from_secs(2) }
    }
}

#[derive(Clone)]
pub struct AppState {
    pool: Pool,
    limits: Limits,
    in_flight: Arc<Semaphore>,
}

impl AppState {
    pub fn new(pool: Pool, limits: Limits) -> AppState {
        let in_flight = Arc::new(Semaphore::new(limits.max_in_flight));
        AppState { pool, limits, in_flight }
    }
}

pub fn router(state: AppState) -> Router {
    let body_limit = state.limits.max_body_bytes;
    Router::new()
        .route(leadtrack_sync::BATCH_PATH, post(post_batch))
        .route(leadtrack_sync::RECONCILE_PATH, post(post_reconcile))
        .route(leadtrack_sync::HEALTH_PATH, get(healthz))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

/// A refusal: status, stable code, message, and for transient ones a `Retry-After`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    retry_after_secs: Option<u32>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status, code, message: message.into(), retry_after_secs: None }
    }

    fn retry_after(mut self, secs: u32) -> ApiError {
        self.retry_after_secs = Some(secs);
        self
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        let chain = error_chain(&e);
        match e.is_transient() {
            true => {
                tracing::warn!(error = %chain, "database unavailable");
                ApiError::new(StatusCode::SERVICE_UNAVAILABLE, error_code::UNAVAILABLE, "the database is unavailable")
                    .retry_after(5)
            }
            false => {
                tracing::error!(error = %chain, "internal error");
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, error_code::INTERNAL, "internal error")
            }
        }
    }
}

impl From<deadpool_postgres::PoolError> for ApiError {
    fn from(e: deadpool_postgres::PoolError) -> ApiError {
        Error::Pool(e).into()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody { code: self.code.to_string(), message: self.message };
        let mut resp = (self.status, json_bytes(serde_json::to_vec(&body).unwrap_or_default())).into_response();
        if let Some(secs) = self.retry_after_secs {
            resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        resp
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

fn json_bytes(bytes: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], bytes).into_response()
}

fn now() -> Duration {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default()
}

fn now_ms() -> i64 {
    i64::try_from(now().as_millis()).unwrap_or(i64::MAX)
}

fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, code, message)
}

fn unauthorized(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, code, message)
}

fn too_large(message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, error_code::TOO_LARGE, message)
}

fn header_text<'a>(headers: &'a HeaderMap, name: &'static str) -> Result<&'a str, ApiError> {
    let value =
        headers.get(name).ok_or_else(|| bad_request(error_code::MISSING_HEADER, format!("{name} is missing")))?;
    value.to_str().map_err(|_| bad_request(error_code::MISSING_HEADER, format!("{name} is not visible ASCII")))
}

fn read_body(body: Result<Bytes, BytesRejection>, limits: &Limits) -> Result<Bytes, ApiError> {
    body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => too_large(format!("the body is over {} bytes", limits.max_body_bytes)),
        _ => bad_request(error_code::MALFORMED, format!("the body could not be read: {e}")),
    })
}

fn take_slot(st: &AppState) -> Result<tokio::sync::OwnedSemaphorePermit, ApiError> {
    st.in_flight.clone().try_acquire_owned().map_err(|_| {
        ApiError::new(StatusCode::TOO_MANY_REQUESTS, error_code::BUSY, "too many requests in flight").retry_after(1)
    })
}

/// A request whose signature checked out, with the connection used to check it.
struct Authenticated {
    device_id: String,
    webhook_id: String,
    client: deadpool_postgres::Object,
}

/// Finds the device's secrets and verifies the raw body against them.
async fn authenticate(st: &AppState, headers: &HeaderMap, body: &[u8]) -> Result<Authenticated, ApiError> {
    let device_id = header_text(headers, h::DEVICE_ID)?;
    let signed = SignedHeaders {
        id: header_text(headers, h::WEBHOOK_ID)?,
        timestamp: header_text(headers, h::WEBHOOK_TIMESTAMP)?,
        signature: header_text(headers, h::WEBHOOK_SIGNATURE)?,
    };
    let client = st.pool.get().await?;
    let secrets = devices::secrets(&client, device_id).await?.ok_or_else(|| {
        tracing::warn!(device = device_id, "request from an unknown or revoked device");
        unauthorized(error_code::UNKNOWN_DEVICE, "unknown or revoked device")
    })?;
    let now_secs = i64::try_from(now().as_secs()).unwrap_or(i64::MAX);
    signature::verify(&secrets, signed, body, now_secs).map_err(|e| {
        tracing::warn!(device = device_id, reason = %e, "signature refused");
        match e {
            SignatureError::TimestampOutOfWindow { .. } => unauthorized(error_code::TIMESTAMP_SKEW, e.to_string()),
            _ => unauthorized(error_code::BAD_SIGNATURE, e.to_string()),
        }
    })?;
    Ok(Authenticated { device_id: device_id.to_string(), webhook_id: signed.id.to_string(), client })
}

/// `Idempotency-Key` as a plain token or an RFC 8941 sf-string (`"…"`).
fn idempotency_key(headers: &HeaderMap) -> Result<&str, ApiError> {
    let raw = header_text(headers, h::IDEMPOTENCY_KEY)?.trim();
    Ok(raw.strip_prefix('"').and_then(|k| k.strip_suffix('"')).unwrap_or(raw))
}

async fn post_batch(
    State(st): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let _slot = take_slot(&st)?;
    let body = read_body(body, &st.limits)?;
    let Authenticated { device_id, webhook_id, mut client } = authenticate(&st, &headers, &body).await?;

    let key = idempotency_key(&headers)?;
    let envelope: Envelope = serde_json::from_slice(&body)
        .map_err(|e| bad_request(error_code::MALFORMED, format!("not a lead batch: {e}")))?;
    let same_id = |text: &str| Uuid::parse_str(text).is_ok_and(|id| id == envelope.batch_id);
    if !same_id(key) || !same_id(&webhook_id) {
        return Err(bad_request(error_code::KEY_MISMATCH, "Idempotency-Key, webhook-id and batch_id must be the same"));
    }
    if envelope.device_id != device_id {
        return Err(bad_request(error_code::DEVICE_MISMATCH, "the body names another device than the header"));
    }
    if envelope.items.len() + envelope.interactions.len() > leadtrack_sync::MAX_BATCH_ITEMS {
        return Err(too_large(format!("at most {} items per batch", leadtrack_sync::MAX_BATCH_ITEMS)));
    }

    let started = Instant::now();
    let batch_id = envelope.batch_id;
    let item_count = envelope.items.len();
    let now = now_ms();
    let keys = apply::quick_keys(&envelope.items);
    // Checking every item (hashes, parsing each lead) runs on another thread while the
    // database takes the leads' locks and reads what it holds of them.
    let (items, interactions) = (envelope.items, envelope.interactions);
    let checks = tokio::task::spawn_blocking(move || {
        let mut plan = apply::check(items, now);
        apply::check_interactions(&mut plan, interactions, now);
        (plan, leadtrack_sync::lower_hex(&Sha256::digest(&body)))
    });
    let checks = async { checks.await.map_err(|e| Error::Internal(format!("checking the batch: {e}"))) };
    let batch = BatchRef { device_id: &device_id, batch_id };
    match apply::apply(&mut client, batch, keys, checks, st.limits.lock_wait, now).await? {
        Outcome::Fresh { response, counts } => {
            tracing::info!(
                device = %device_id, %batch_id, items = item_count, applied = counts.applied,
                duplicate = counts.duplicate, stale = counts.stale, rejected = counts.rejected,
                deferred = counts.deferred, apply_ms = started.elapsed().as_millis() as u64, "batch applied"
            );
            Ok(json_bytes(response))
        }
        Outcome::Replayed { response } => {
            tracing::info!(device = %device_id, %batch_id, items = item_count, "batch replayed from its stored answer");
            let mut resp = json_bytes(response);
            resp.headers_mut().insert(h::IDEMPOTENT_REPLAYED, HeaderValue::from_static("true"));
            Ok(resp)
        }
        Outcome::InProgress => Err(ApiError::new(
            StatusCode::CONFLICT,
            error_code::BATCH_IN_PROGRESS,
            "this batch is being applied by another request",
        )
        .retry_after(1)),
        Outcome::KeyReused => {
            tracing::warn!(device = %device_id, %batch_id, "batch id reused for a different body");
            Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                error_code::KEY_REUSED,
                "this batch id was used before for a different body",
            ))
        }
    }
}

async fn post_reconcile(
    State(st): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let _slot = take_slot(&st)?;
    let body = read_body(body, &st.limits)?;
    let auth = authenticate(&st, &headers, &body).await?;
    let request: ReconcileRequest = serde_json::from_slice(&body)
        .map_err(|e| bad_request(error_code::MALFORMED, format!("not a reconcile request: {e}")))?;
    if request.device_id != auth.device_id {
        return Err(bad_request(error_code::DEVICE_MISMATCH, "the body names another device than the header"));
    }
    if request.leads.len() > leadtrack_sync::MAX_RECONCILE_LEADS {
        return Err(too_large(format!("at most {} leads per call", leadtrack_sync::MAX_RECONCILE_LEADS)));
    }
    let answer = reconcile::reconcile(&auth.client, &request.leads, now_ms()).await?;
    tracing::info!(
        device = %auth.device_id, leads = request.leads.len(), in_sync = answer.in_sync,
        missing = answer.missing.len(), older = answer.older.len(), newer = answer.newer.len(), "reconcile"
    );
    Ok(json_bytes(serde_json::to_vec(&answer).map_err(Error::Encode)?))
}

async fn healthz(State(st): State<AppState>) -> Result<Response, ApiError> {
    let client = st.pool.get().await?;
    client.query_one("SELECT 1", &[]).await.map_err(Error::Db)?;
    Ok(json_bytes(br#"{"status":"ok"}"#.to_vec()))
}

/// One structured line per request, and the protocol header on every answer.
async fn log_request(req: Request, next: Next) -> Response {
    let (method, path) = (req.method().clone(), req.uri().path().to_owned());
    let started = Instant::now();
    let mut resp = next.run(req).await;
    resp.headers_mut().insert(h::PROTOCOL, HeaderValue::from_static(leadtrack_sync::PROTOCOL));
    let status = resp.status().as_u16();
    let ms = started.elapsed().as_millis() as u64;
    tracing::info!(%method, path, status, ms, "request");
    resp
}
