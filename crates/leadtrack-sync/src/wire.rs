//! The JSON bodies of protocol v1. Field names are the contract: renaming one is a protocol
//! change (`docs/sync-protocol.openapi.yaml` and its test say the same).

use leadtrack_domain::{Interaction, Lead};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// `POST /v1/lead-batches`. A device freezes a batch (these exact bytes) under its
/// `batch_id` before the first send and re-sends it unchanged until it gets an answer; the
/// same id is the `Idempotency-Key` and the `webhook-id`. `L` is the lead as the device
/// knows it; the collector reads it as raw JSON so that one bad lead is rejected on its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeadBatch<L = Lead, I = Interaction> {
    /// UUIDv7 minted by the device.
    pub batch_id: Uuid,
    /// The id the device was enrolled under (it selects the signing secret).
    pub device_id: String,
    pub items: Vec<LeadVersion<L>>,
    /// Interactions (a quote handed out, a brochure shown): append-only, each stored once
    /// under its own id. Left out of the body when there are none, so a batch of leads only
    /// is byte for byte what it was before interactions existed.
    #[serde(default = "Vec::new", skip_serializing_if = "Vec::is_empty")]
    pub interactions: Vec<InteractionItem<I>>,
}

/// One interaction with a lead, whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InteractionItem<I = Interaction> {
    /// UUID minted on the device.
    pub interaction_id: String,
    pub lead_id: String,
    /// Canonical HLC stamp of when it was recorded.
    pub hlc: String,
    /// [`content_hash`] of `interaction`.
    pub hash: String,
    pub interaction: I,
}

impl InteractionItem<Interaction> {
    pub fn from_interaction(it: Interaction) -> Result<InteractionItem<Interaction>, serde_json::Error> {
        let hash = content_hash(&serde_json::to_value(&it)?);
        Ok(InteractionItem {
            interaction_id: it.id.clone(),
            lead_id: it.lead_id.clone(),
            hlc: it.hlc.clone(),
            hash,
            interaction: it,
        })
    }
}

/// One saved version of one lead: the whole record, not a patch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeadVersion<L = Lead> {
    /// UUID minted on the device when the lead was captured.
    pub lead_id: String,
    /// Per-lead counter, +1 per edit; for people and reconcile. Conflicts go by `hlc`.
    pub version: u32,
    /// Canonical hybrid-logical-clock stamp of this edit (see [`crate::clock`]).
    pub hlc: String,
    /// [`content_hash`] of `lead`.
    pub hash: String,
    pub lead: L,
}

impl LeadVersion<Lead> {
    /// The version of `lead` as stored on the device, with its hash.
    pub fn from_lead(lead: Lead) -> Result<LeadVersion<Lead>, serde_json::Error> {
        let hash = content_hash(&serde_json::to_value(&lead)?);
        Ok(LeadVersion { lead_id: lead.id.clone(), version: lead.version, hlc: lead.hlc.clone(), hash, lead })
    }
}

/// What happened to one item, in request order; exactly one per item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    /// Stored: a new lead, or a newer edit than the server had.
    Applied,
    /// This very edit (same stamp, same content) was stored before: a replay.
    Duplicate,
    /// The server already holds a newer edit of this lead; this one went to history only.
    Stale,
    /// Permanently refused (`reason` says why); park it for a person, go on with the rest.
    Rejected,
    /// Not processed this time (e.g. the lead was busy); send it again in a later batch.
    Deferred,
}

impl ItemStatus {
    pub const ALL: [ItemStatus; 5] =
        [ItemStatus::Applied, ItemStatus::Duplicate, ItemStatus::Stale, ItemStatus::Rejected, ItemStatus::Deferred];

    pub fn as_str(self) -> &'static str {
        match self {
            ItemStatus::Applied => "applied",
            ItemStatus::Duplicate => "duplicate",
            ItemStatus::Stale => "stale",
            ItemStatus::Rejected => "rejected",
            ItemStatus::Deferred => "deferred",
        }
    }

    /// True when the device is done with this version (acknowledged or parked); only
    /// `deferred` asks for another send.
    pub fn is_settled(self) -> bool {
        self != ItemStatus::Deferred
    }
}

/// Stable `reason` codes of rejected and deferred items.
pub mod reason {
    /// The item is not an object with lead_id, version, hlc, hash and lead.
    pub const MALFORMED_ITEM: &str = "malformed_item";
    pub const INVALID_LEAD_ID: &str = "invalid_lead_id";
    /// `hlc` is not a canonical stamp.
    pub const INVALID_HLC: &str = "invalid_hlc";
    /// `lead` is not a lead this server understands.
    pub const INVALID_LEAD: &str = "invalid_lead";
    /// `lead.id`, `lead.version` or `lead.hlc` disagree with the item's.
    pub const ID_MISMATCH: &str = "id_mismatch";
    /// `hash` is not the content hash of `lead`.
    pub const HASH_MISMATCH: &str = "hash_mismatch";
    /// The stamp is more than a day ahead of the server's clock.
    pub const CLOCK_SKEW: &str = "clock_skew";
    /// Another edit with the same stamp but different content is stored: a device bug.
    pub const HLC_CONFLICT: &str = "hlc_conflict";
    /// Deferred: another request held the lead for too long.
    pub const LEAD_BUSY: &str = "lead_busy";
    /// An interaction with this id but other content is stored: a device bug.
    pub const ID_CONFLICT: &str = "id_conflict";
    /// `interaction` is not an interaction this server understands.
    pub const INVALID_INTERACTION: &str = "invalid_interaction";

    pub const ALL: [&str; 11] = [
        MALFORMED_ITEM,
        INVALID_LEAD_ID,
        INVALID_HLC,
        INVALID_LEAD,
        ID_MISMATCH,
        HASH_MISMATCH,
        CLOCK_SKEW,
        HLC_CONFLICT,
        LEAD_BUSY,
        ID_CONFLICT,
        INVALID_INTERACTION,
    ];
}

/// The server's copy of a lead, where it matters to the device (stale, conflicts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerVersion {
    pub version: u32,
    pub hlc: String,
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemResult {
    pub lead_id: String,
    pub version: u32,
    pub status: ItemStatus,
    /// A [`reason`] code for `rejected` and `deferred`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Human detail for the log (a parse error, say); not for matching on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The server's current version when this one was `stale` or conflicted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<ServerVersion>,
}

/// `200` answer to a batch, stored with the batch and replayed byte for byte on a re-send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchResponse {
    pub batch_id: Uuid,
    /// Unix milliseconds when the batch was first applied (a replay keeps the first time).
    pub server_time_ms: i64,
    pub results: Vec<ItemResult>,
    /// One per interaction of the batch, in request order: applied, duplicate or rejected.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interaction_results: Vec<InteractionResult>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InteractionResult {
    pub interaction_id: String,
    pub status: ItemStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// `POST /v1/reconcile`: every lead the device holds (in chunks of at most
/// [`crate::MAX_RECONCILE_LEADS`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconcileRequest {
    pub device_id: String,
    pub leads: Vec<LeadDigest>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadDigest {
    pub lead_id: String,
    pub version: u32,
    pub hash: String,
    /// The version's HLC stamp. With it, "older"/"newer" go by stamp (as conflicts do), so
    /// a device whose edit lost to another device's newer stamp is told the server is newer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hlc: Option<String>,
}

/// What the server lacks. `missing` ∪ `older` is what the device should (re)send; after a
/// complete upload both are empty — the "nothing was lost" proof.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconcileResponse {
    pub server_time_ms: i64,
    /// Leads the server holds in exactly the device's version and content.
    pub in_sync: u64,
    /// Leads the server has never stored.
    pub missing: Vec<String>,
    /// Leads whose server copy is older: an earlier HLC stamp (or, for a digest without a
    /// stamp, a lower version, or the same version with other content).
    pub older: Vec<String>,
    /// Leads whose server copy is newer: a later stamp (an edit from another device, say).
    pub newer: Vec<LeadDigest>,
}

/// Body of every non-200 answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// One of [`error_code`].
    pub code: String,
    pub message: String,
}

/// Stable `code`s of [`ErrorBody`]; the device branches on them, people read `message`.
pub mod error_code {
    /// 400: a required header is absent or unreadable.
    pub const MISSING_HEADER: &str = "missing_header";
    /// 400: the body is not a batch / reconcile request.
    pub const MALFORMED: &str = "malformed";
    /// 400: `Idempotency-Key`, `webhook-id` and `batch_id` are not all the same.
    pub const KEY_MISMATCH: &str = "key_mismatch";
    /// 400: the body names another device than the header.
    pub const DEVICE_MISMATCH: &str = "device_mismatch";
    /// 401: no such device, or it was revoked: stop and ask for re-enrolment.
    pub const UNKNOWN_DEVICE: &str = "unknown_device";
    /// 401: no signature matches: stop and ask for re-enrolment.
    pub const BAD_SIGNATURE: &str = "bad_signature";
    /// 401: `webhook-timestamp` outside ±5 min: correct the clock from `Date`, re-sign, retry.
    pub const TIMESTAMP_SKEW: &str = "timestamp_skew";
    /// 409: the same batch is being applied by another request: retry later, same key.
    pub const BATCH_IN_PROGRESS: &str = "batch_in_progress";
    /// 413: body over the limit: halve the batch (new ids).
    pub const TOO_LARGE: &str = "too_large";
    /// 422: the batch id was used before for a different body or device.
    pub const KEY_REUSED: &str = "key_reused";
    /// 429: this instance has too many batches in flight: honour `Retry-After`.
    pub const BUSY: &str = "busy";
    /// 503: the database cannot be reached: honour `Retry-After`.
    pub const UNAVAILABLE: &str = "unavailable";
    /// 500: a bug; retry like a 503.
    pub const INTERNAL: &str = "internal";

    pub const ALL: [&str; 13] = [
        MISSING_HEADER,
        MALFORMED,
        KEY_MISMATCH,
        DEVICE_MISMATCH,
        UNKNOWN_DEVICE,
        BAD_SIGNATURE,
        TIMESTAMP_SKEW,
        BATCH_IN_PROGRESS,
        TOO_LARGE,
        KEY_REUSED,
        BUSY,
        UNAVAILABLE,
        INTERNAL,
    ];
}

/// The content hash of a lead: lower-case hex SHA-256 of its canonical JSON ([`canonical_json`]).
/// Both ends compute it over the JSON value, so key order and whitespace do not matter.
pub fn content_hash(lead: &Value) -> String {
    hash_of_canonical(&canonical_json(lead))
}

/// The content hash of a value already in canonical form (the bytes [`canonical_json`] wrote).
pub fn hash_of_canonical(canonical: &[u8]) -> String {
    lower_hex(&Sha256::digest(canonical))
}

/// Bytes as lowercase hex: a table lookup per nibble, where `format!("{b:02x}")` runs the
/// formatting machinery per byte (it showed in profiles of a bulk upload).
pub fn lower_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// A value as canonical JSON, ready to embed in a body as is, with its content hash. A
/// device sends leads this way, so the server can check the hash over the bytes it received
/// without rebuilding the canonical form.
pub fn canonical_raw(value: &Value) -> Result<(Box<serde_json::value::RawValue>, String), serde_json::Error> {
    let bytes = canonical_json(value);
    let hash = hash_of_canonical(&bytes);
    let text = String::from_utf8(bytes).map_err(<serde_json::Error as serde::ser::Error>::custom)?;
    Ok((serde_json::value::RawValue::from_string(text)?, hash))
}

/// Compact JSON with object keys sorted by their UTF-8 bytes, at every depth. Strings and
/// numbers are written as serde_json writes them. Independent of serde_json's map order
/// (its `preserve_order` feature may be switched on by any crate in the build).
pub fn canonical_json(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            // Keys of a map are unique, so an unstable sort gives the one order.
            entries.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push(b'{');
            for (i, (key, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                // Writing a string into a Vec cannot fail.
                let _ = serde_json::to_writer(&mut *out, key.as_str());
                out.push(b':');
                write_canonical(v, out);
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_canonical(v, out);
            }
            out.push(b']');
        }
        scalar => write_scalar(scalar, out),
    }
}

fn write_scalar(value: &Value, out: &mut Vec<u8>) {
    // Writing a scalar Value into a Vec cannot fail.
    let _ = serde_json::to_writer(out, value);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn hex_is_lowercase_two_digits_per_byte() {
        assert_eq!(lower_hex(&[0x00, 0x0f, 0xa0, 0xff, 0x5c]), "000fa0ff5c");
        assert_eq!(lower_hex(&[]), "");
        // The known digest of "abc" (FIPS 180-2), as every other sha256 tool prints it.
        assert_eq!(hash_of_canonical(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn the_content_hash_ignores_key_order_and_whitespace_but_not_values() {
        let a: Value = serde_json::from_str(r#"{"b": 1, "a": {"y": [1, "x"], "x": null}}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"a":{"x":null,"y":[1,"x"]},"b":1}"#).unwrap();
        assert_eq!(canonical_json(&a), br#"{"a":{"x":null,"y":[1,"x"]},"b":1}"#);
        assert_eq!(content_hash(&a), content_hash(&b));
        assert_ne!(content_hash(&a), content_hash(&json!({"a": {"x": null, "y": [1, "x"]}, "b": 2})));
        assert_eq!(content_hash(&a).len(), 64);
    }

    #[test]
    fn the_content_hash_of_a_known_value_is_pinned() {
        // sha256 of the 7 bytes `{"a":1}`: a change in canonical form changes every hash.
        assert_eq!(content_hash(&json!({"a": 1})), "015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862");
        assert_eq!(canonical_json(&json!({"é": "\u{1}", "e": 1.5})), "{\"e\":1.5,\"é\":\"\\u0001\"}".as_bytes());
    }

    #[test]
    fn a_lead_version_carries_the_leads_id_version_stamp_and_hash() {
        let lead: Lead = serde_json::from_value(json!({
            "id": "0190f2aa-0000-7000-8000-000000000001", "event_id": "e1", "event_tag": "Hannover",
            "status": "new", "source": "manual", "channel": "booth", "captured_by": "u1",
            "captured_by_name": "Ada", "assigned_to": null, "company": "Analytical Engines",
            "name": "Charles", "title": "", "phone": "", "phone_e164": null, "email": "c@example.com",
            "country": "GB", "grade": "A", "interests": [], "key_needs": "", "next_action": null,
            "badge_raw": null, "badge_format": null, "version": 3,
            "hlc": "0001773482519123-00000007-dev1", "created_at": 1, "updated_at": 2
        }))
        .unwrap();
        let v = LeadVersion::from_lead(lead.clone()).unwrap();
        assert_eq!((v.lead_id.as_str(), v.version, v.hlc.as_str()), (lead.id.as_str(), 3, lead.hlc.as_str()));
        assert_eq!(v.hash, content_hash(&serde_json::to_value(&lead).unwrap()));
        // The hash travels with the JSON: the receiver gets the same from the bytes it reads.
        let sent: LeadVersion<Value> = serde_json::from_slice(&serde_json::to_vec(&v).unwrap()).unwrap();
        assert_eq!(content_hash(&sent.lead), v.hash);
    }

    #[test]
    fn item_statuses_are_written_in_snake_case() {
        let names: Vec<String> = ItemStatus::ALL.iter().map(|s| serde_json::to_value(s).unwrap().to_string()).collect();
        assert_eq!(names, [r#""applied""#, r#""duplicate""#, r#""stale""#, r#""rejected""#, r#""deferred""#]);
        for s in ItemStatus::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), json!(s.as_str()));
        }
        assert!(!ItemStatus::Deferred.is_settled());
        assert!(ItemStatus::Rejected.is_settled());
    }

    #[test]
    fn optional_result_fields_are_left_out_when_empty() {
        let r = ItemResult {
            lead_id: "l".into(),
            version: 1,
            status: ItemStatus::Applied,
            reason: None,
            detail: None,
            current: None,
        };
        assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"lead_id":"l","version":1,"status":"applied"}"#);
    }
}
