//! LeadTrack sync protocol v1 (`leadtrack-sync/1`): what a booth device and the company
//! collector say to each other. `docs/sync-protocol.openapi.yaml` is the same contract for
//! people and other languages; a test keeps the two in step.
//!
//! - [`wire`]: the request and response bodies of `POST /v1/lead-batches` and
//!   `POST /v1/reconcile`, the per-item statuses and the content hash of a lead.
//! - [`signature`]: Standard Webhooks HMAC-SHA256 signing and verification over the raw body.
//! - [`clock`]: the hybrid-logical-clock rules both sides apply ("newest edit wins").
//! - [`status`]: the backlog and reconcile report the device shows (ts-rs exported).
//! - `client` (feature `client`, on by default): the device's push loop and bulk upload.
//! - `content` (feature `client`): downloads the content pack, resumable and hash-checked.
//!
//! Delivery is at-least-once with idempotent application: a device may send the same batch
//! any number of times and the server's state ends up the same. The protocol modules do no
//! IO and read no clock (callers pass the time in); only `client` does.

#[cfg(feature = "client")]
pub mod client;
pub mod clock;
#[cfg(feature = "client")]
pub mod content;
pub mod signature;
pub mod status;
pub mod wire;

pub use signature::{Secret, SignatureError, SignedHeaders};
pub use status::{MissingLead, ReconcileReport, SyncStatus};
pub use wire::{
    canonical_raw, content_hash, hash_of_canonical, lower_hex, BatchResponse, ErrorBody, InteractionItem,
    InteractionResult, ItemResult, ItemStatus, LeadBatch, LeadDigest, LeadVersion, ReconcileRequest, ReconcileResponse,
    ServerVersion,
};

/// Names the protocol in the `leadtrack-protocol` header of every request and response.
pub const PROTOCOL: &str = "leadtrack-sync/1";

/// `POST`: a signed batch of lead versions; the answer has one result per item.
pub const BATCH_PATH: &str = "/v1/lead-batches";
/// `POST`: the device's (id, version, hash) list; the answer names what the server lacks.
pub const RECONCILE_PATH: &str = "/v1/reconcile";
/// `GET`: 200 when the collector can reach its database.
pub const HEALTH_PATH: &str = "/healthz";

/// Header names (lower case, as HTTP/2 and the `http` crate write them).
pub mod header {
    /// Selects the device's secret before the body is read.
    pub const DEVICE_ID: &str = "leadtrack-device-id";
    /// The batch id again (IETF idempotency-key draft; Stripe-style plain or sf-string quoted).
    pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
    /// Answered `true` when a response is the stored answer to an earlier send of the batch.
    pub const IDEMPOTENT_REPLAYED: &str = "idempotent-replayed";
    pub const PROTOCOL: &str = "leadtrack-protocol";
    pub use crate::signature::TIMESTAMP_HEADER as WEBHOOK_TIMESTAMP;
    pub use crate::signature::{ID_HEADER as WEBHOOK_ID, SIGNATURE_HEADER as WEBHOOK_SIGNATURE};
}

/// At most this many items in one batch (the body-size limit applies as well).
pub const MAX_BATCH_ITEMS: usize = 1000;
/// At most this many leads in one reconcile call; a device with more sends several.
pub const MAX_RECONCILE_LEADS: usize = 5000;
