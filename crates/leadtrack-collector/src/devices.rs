//! Enrolled devices and their signing secrets (one per device; two during a rotation).
//!
//! An administrator enrols a device with `leadtrack-collector device add --name …`, which
//! prints the new id and secret once for the device's keychain. Secrets are stored as written
//! (`whsec_…`): HMAC needs the key itself on the verifying side. Revoking keeps the row (its
//! leads reference it) but refuses its requests.

use leadtrack_sync::Secret;
use serde::Serialize;
use uuid::Uuid;

use crate::error::{Error, Result};

/// What a device needs to sync: shown once, at enrolment or rotation.
#[derive(Debug, Clone, Serialize)]
pub struct Enrolment {
    pub device_id: String,
    pub name: String,
    /// `whsec_…`.
    pub secret: String,
}

/// A device as `device list` shows it (no secrets).
#[derive(Debug, Clone, Serialize)]
pub struct Device {
    pub device_id: String,
    pub name: String,
    pub created_at_ms: i64,
    pub revoked: bool,
    pub secrets: usize,
}

/// 32 bytes from the operating system's generator.
pub fn new_secret() -> Result<Secret> {
    let mut key = vec![0u8; 32];
    getrandom::fill(&mut key).map_err(|e| Error::Random(e.to_string()))?;
    Secret::from_bytes(key).map_err(|e| Error::Random(e.to_string()))
}

pub async fn add(client: &tokio_postgres::Client, name: &str) -> Result<Enrolment> {
    let device_id = format!("dev_{}", Uuid::now_v7().simple());
    let secret = new_secret()?.to_whsec();
    client
        .execute(
            "INSERT INTO devices (device_id, name, secrets) VALUES ($1, $2, ARRAY[$3::text])",
            &[&device_id, &name, &secret],
        )
        .await?;
    Ok(Enrolment { device_id, name: name.to_string(), secret })
}

/// Adds a new secret; the old one keeps working until `retire_old` (or the next rotation,
/// which keeps only the newest two).
pub async fn rotate(client: &tokio_postgres::Client, device_id: &str, retire_old: bool) -> Result<Enrolment> {
    let secret = new_secret()?.to_whsec();
    let row = client
        .query_opt(
            "UPDATE devices SET secrets = CASE WHEN $3::bool THEN ARRAY[$2::text] ELSE secrets[cardinality(secrets):] || $2::text END
             WHERE device_id = $1 AND revoked_at IS NULL RETURNING name",
            &[&device_id, &secret, &retire_old],
        )
        .await?
        .ok_or_else(|| Error::UnknownDevice(device_id.to_string()))?;
    Ok(Enrolment { device_id: device_id.to_string(), name: row.get(0), secret })
}

pub async fn revoke(client: &tokio_postgres::Client, device_id: &str) -> Result<()> {
    let n = client
        .execute("UPDATE devices SET revoked_at = now() WHERE device_id = $1 AND revoked_at IS NULL", &[&device_id])
        .await?;
    match n {
        0 => Err(Error::UnknownDevice(device_id.to_string())),
        _ => Ok(()),
    }
}

pub async fn list(client: &tokio_postgres::Client) -> Result<Vec<Device>> {
    let rows = client
        .query(
            "SELECT device_id, name, (extract(epoch FROM created_at) * 1000)::bigint, revoked_at IS NOT NULL,
                    cardinality(secrets)
             FROM devices ORDER BY created_at, device_id",
            &[],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| Device {
            device_id: r.get(0),
            name: r.get(1),
            created_at_ms: r.get(2),
            revoked: r.get(3),
            secrets: usize::try_from(r.get::<_, i32>(4)).unwrap_or(0),
        })
        .collect())
}

/// The secrets a request from `device_id` may be signed with; `None` for an unknown or
/// revoked device. A stored secret that does not parse is skipped (and logged).
pub async fn secrets(client: &deadpool_postgres::ClientWrapper, device_id: &str) -> Result<Option<Vec<Secret>>> {
    // Prepared once per pooled connection: every request asks this first.
    let query =
        client.prepare_cached("SELECT secrets FROM devices WHERE device_id = $1 AND revoked_at IS NULL").await?;
    let row = client.query_opt(&query, &[&device_id]).await?;
    Ok(row.map(|r| {
        let texts: Vec<String> = r.get(0);
        texts
            .iter()
            .filter_map(|t| match Secret::parse(t) {
                Ok(s) => Some(s),
                Err(_) => {
                    tracing::error!(device = device_id, "a stored secret of this device does not parse");
                    None
                }
            })
            .collect()
    }))
}
