//! Standard Webhooks signatures (HMAC-SHA256, `v1`), the scheme every request carries.
//!
//! The signed content is `{webhook-id}.{webhook-timestamp}.{raw body}`; the
//! `webhook-signature` header holds one or more space-separated `v1,<base64>` entries so a
//! device can sign with its old and new secret while a rotation is under way. The receiver
//! checks the raw bytes *before* parsing them (re-serialised JSON would not match), compares
//! in constant time (`Mac::verify_slice`) and refuses timestamps more than five minutes off,
//! so a captured request cannot be replayed later. The timestamp is the time of this
//! attempt: a retry is re-signed, the body (and so the batch) stays the same.
//!
//! Written here rather than taken from the `standardwebhooks` crate: it is a page of code,
//! it works on bytes without an `http::HeaderMap`, it verifies against several secrets of one
//! device, and it tells a clock problem (which the device can fix by itself) from a bad
//! signature. The spec's own test vector is in the tests below.

use std::fmt;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub const ID_HEADER: &str = "webhook-id";
pub const TIMESTAMP_HEADER: &str = "webhook-timestamp";
pub const SIGNATURE_HEADER: &str = "webhook-signature";

/// The symmetric scheme's identifier in the signature header.
pub const VERSION: &str = "v1";
/// How secrets are written down (`whsec_` + base64 of the key bytes).
pub const SECRET_PREFIX: &str = "whsec_";
/// Accepted distance between the signer's clock and the verifier's, either way.
pub const TOLERANCE_SECS: i64 = 5 * 60;
/// The spec asks for 24 to 64 random bytes.
pub const MIN_SECRET_BYTES: usize = 24;
pub const MAX_SECRET_BYTES: usize = 64;

/// Why a request's signature was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the secret is not `whsec_` + base64 of 24 to 64 bytes")]
    BadSecret,
    #[error("webhook-id must be 1 to 255 visible characters without '.'")]
    BadId,
    #[error("webhook-timestamp is not a whole number of seconds")]
    BadTimestamp,
    /// The device's clock (or the request) is outside the window; `skew_secs` is
    /// timestamp − now, so the device can tell which way its clock is off.
    #[error("webhook-timestamp is {skew_secs} s from the server's clock (allowed ±{TOLERANCE_SECS} s)")]
    TimestampOutOfWindow { skew_secs: i64 },
    #[error("no signature in webhook-signature matches")]
    NoMatch,
}

/// A device's signing key. Its `Debug` never shows the key.
#[derive(Clone)]
pub struct Secret {
    key: Vec<u8>,
    /// HMAC keyed once; each signature starts from a clone.
    keyed: Hmac<Sha256>,
}

impl PartialEq for Secret {
    fn eq(&self, other: &Secret) -> bool {
        self.key == other.key
    }
}

impl Eq for Secret {}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl Secret {
    pub fn from_bytes(key: Vec<u8>) -> Result<Secret, SignatureError> {
        if !(MIN_SECRET_BYTES..=MAX_SECRET_BYTES).contains(&key.len()) {
            return Err(SignatureError::BadSecret);
        }
        let keyed = <Hmac<Sha256> as Mac>::new_from_slice(&key).map_err(|_| SignatureError::BadSecret)?;
        Ok(Secret { key, keyed })
    }

    /// Reads `whsec_<base64>` (the prefix is optional, as in the reference libraries).
    pub fn parse(text: &str) -> Result<Secret, SignatureError> {
        let b64 = text.trim().strip_prefix(SECRET_PREFIX).unwrap_or(text.trim());
        let key = BASE64.decode(b64).map_err(|_| SignatureError::BadSecret)?;
        Secret::from_bytes(key)
    }

    /// The `whsec_…` form, for handing to a device once.
    pub fn to_whsec(&self) -> String {
        format!("{SECRET_PREFIX}{}", BASE64.encode(&self.key))
    }

    /// `v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}")>`.
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        format!("{VERSION},{}", BASE64.encode(self.mac(id, timestamp, body).finalize().into_bytes()))
    }

    fn mac(&self, id: &str, timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
        let mut mac = self.keyed.clone();
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        mac
    }

    /// Constant-time check of one decoded signature.
    fn verifies(&self, id: &str, timestamp: i64, body: &[u8], signature: &[u8]) -> bool {
        self.mac(id, timestamp, body).verify_slice(signature).is_ok()
    }
}

/// The three Standard Webhooks headers of one request, as received.
#[derive(Debug, Clone, Copy)]
pub struct SignedHeaders<'a> {
    pub id: &'a str,
    pub timestamp: &'a str,
    pub signature: &'a str,
}

/// The `webhook-signature` value for `body`, signed with each secret (newest first is usual).
pub fn signature_header(secrets: &[&Secret], id: &str, timestamp: i64, body: &[u8]) -> String {
    secrets.iter().map(|s| s.sign(id, timestamp, body)).collect::<Vec<_>>().join(" ")
}

/// Accepts the request if its timestamp is within [`TOLERANCE_SECS`] of `now_secs` and some
/// `v1` signature in the header matches some secret of the device. Entries of other versions
/// (`v1a`, a future `v2`) are skipped, not errors.
pub fn verify(
    secrets: &[Secret],
    headers: SignedHeaders<'_>,
    body: &[u8],
    now_secs: i64,
) -> Result<(), SignatureError> {
    let id = headers.id;
    if id.is_empty() || id.len() > 255 || id.contains('.') || !id.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(SignatureError::BadId);
    }
    let ts_text = headers.timestamp.trim();
    if ts_text.is_empty() || !ts_text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SignatureError::BadTimestamp);
    }
    let timestamp: i64 = ts_text.parse().map_err(|_| SignatureError::BadTimestamp)?;
    let skew_secs = timestamp.saturating_sub(now_secs);
    if skew_secs.abs() > TOLERANCE_SECS {
        return Err(SignatureError::TimestampOutOfWindow { skew_secs });
    }
    let candidates: Vec<Vec<u8>> = headers
        .signature
        .split(' ')
        .filter_map(|entry| entry.split_once(','))
        .filter(|(version, _)| *version == VERSION)
        .filter_map(|(_, b64)| BASE64.decode(b64).ok())
        .collect();
    let found = secrets.iter().any(|s| candidates.iter().any(|sig| s.verifies(id, timestamp, body, sig)));
    if found {
        Ok(())
    } else {
        Err(SignatureError::NoMatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The Standard Webhooks reference vector (standard-webhooks/standard-webhooks,
    // libraries/rust/src/lib.rs, `test_sign`), the same one its other libraries test.
    const SPEC_SECRET: &str = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
    const SPEC_ID: &str = "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk";
    const SPEC_TS: i64 = 1649367553;
    const SPEC_BODY: &[u8] = br#"{"email":"test@example.com","username":"test_user"}"#;
    const SPEC_SIGNATURE: &str = "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=";

    fn headers<'a>(id: &'a str, ts: &'a str, sig: &'a str) -> SignedHeaders<'a> {
        SignedHeaders { id, timestamp: ts, signature: sig }
    }

    fn one(s: &Secret) -> &[Secret] {
        std::slice::from_ref(s)
    }

    fn secret(byte: u8) -> Secret {
        Secret::from_bytes(vec![byte; 32]).unwrap()
    }

    #[test]
    fn signing_matches_the_standard_webhooks_test_vector() {
        let secret = Secret::parse(SPEC_SECRET).unwrap();
        assert_eq!(secret.sign(SPEC_ID, SPEC_TS, SPEC_BODY), SPEC_SIGNATURE);
        let ts = SPEC_TS.to_string();
        assert_eq!(verify(&[secret], headers(SPEC_ID, &ts, SPEC_SIGNATURE), SPEC_BODY, SPEC_TS + 10), Ok(()));
    }

    #[test]
    fn a_changed_body_id_or_timestamp_fails_verification() {
        let s = secret(7);
        let body = br#"{"batch_id":"x"}"#;
        let sig = s.sign("b1", 1_000, body);
        let ok = verify(one(&s), headers("b1", "1000", &sig), body, 1_000);
        assert_eq!(ok, Ok(()));
        let tampered = br#"{"batch_id":"y"}"#;
        assert_eq!(verify(one(&s), headers("b1", "1000", &sig), tampered, 1_000), Err(SignatureError::NoMatch));
        assert_eq!(verify(one(&s), headers("b2", "1000", &sig), body, 1_000), Err(SignatureError::NoMatch));
        assert_eq!(verify(one(&s), headers("b1", "1001", &sig), body, 1_000), Err(SignatureError::NoMatch));
        assert_eq!(verify(&[secret(8)], headers("b1", "1000", &sig), body, 1_000), Err(SignatureError::NoMatch));
    }

    #[test]
    fn timestamps_more_than_five_minutes_off_are_refused_either_way() {
        let s = secret(1);
        let now = 1_700_000_000;
        for (ts, ok) in [(now - 300, true), (now + 300, true), (now - 301, false), (now + 301, false)] {
            let sig = s.sign("id", ts, b"{}");
            let got = verify(one(&s), headers("id", &ts.to_string(), &sig), b"{}", now);
            match ok {
                true => assert_eq!(got, Ok(()), "{ts}"),
                false => assert_eq!(got, Err(SignatureError::TimestampOutOfWindow { skew_secs: ts - now })),
            }
        }
    }

    #[test]
    fn any_matching_entry_of_a_rotation_header_is_enough() {
        let (old, new) = (secret(1), secret(2));
        let both = signature_header(&[&new, &old], "id", 5, b"body");
        assert_eq!(both.split(' ').count(), 2);
        // The server knows only the old key, or only the new one: both verify.
        assert_eq!(verify(one(&old), headers("id", "5", &both), b"body", 5), Ok(()));
        assert_eq!(verify(one(&new), headers("id", "5", &both), b"body", 5), Ok(()));
        // Unknown versions and junk entries are skipped, not fatal.
        let mixed = format!("v1a,AAAA junk v2,{} {}", &new.sign("id", 5, b"body")[3..], old.sign("id", 5, b"body"));
        assert_eq!(verify(&[old], headers("id", "5", &mixed), b"body", 5), Ok(()));
        let only_other_versions = format!("v2,{}", &new.sign("id", 5, b"body")[3..]);
        assert_eq!(verify(&[new], headers("id", "5", &only_other_versions), b"body", 5), Err(SignatureError::NoMatch));
    }

    #[test]
    fn malformed_headers_and_secrets_are_told_apart() {
        let s = secret(3);
        let sig = s.sign("id", 5, b"");
        assert_eq!(verify(one(&s), headers("", "5", &sig), b"", 5), Err(SignatureError::BadId));
        assert_eq!(verify(one(&s), headers("a.b", "5", &sig), b"", 5), Err(SignatureError::BadId));
        assert_eq!(verify(one(&s), headers("id", "5s", &sig), b"", 5), Err(SignatureError::BadTimestamp));
        assert_eq!(verify(one(&s), headers("id", "-5", &sig), b"", 5), Err(SignatureError::BadTimestamp));
        assert_eq!(verify(&[], headers("id", "5", &sig), b"", 5), Err(SignatureError::NoMatch));
        assert_eq!(Secret::parse("whsec_c2hvcnQ="), Err(SignatureError::BadSecret)); // 5 bytes
        assert_eq!(Secret::parse("whsec_not base64!"), Err(SignatureError::BadSecret));
        assert_eq!(Secret::parse(&s.to_whsec()), Ok(s.clone()));
        assert_eq!(format!("{s:?}"), "Secret(…)");
    }
}
