//! `POST /v1/reconcile`: compares the device's (id, version, hash) list with `leads_current`.
//! Read-only; one query per call.

use std::collections::HashMap;

use leadtrack_sync::{LeadDigest, ReconcileResponse};
use uuid::Uuid;

use crate::error::Result;

pub async fn reconcile(
    client: &tokio_postgres::Client,
    leads: &[LeadDigest],
    now_ms: i64,
) -> Result<ReconcileResponse> {
    let ids: Vec<Uuid> = leads.iter().filter_map(|d| Uuid::parse_str(&d.lead_id).ok()).collect();
    let rows =
        client.query("SELECT lead_id, version, hash, hlc FROM leads_current WHERE lead_id = ANY($1)", &[&ids]).await?;
    let server: HashMap<Uuid, Held> = rows.iter().map(|r| (r.get(0), (r.get(1), r.get(2), r.get(3)))).collect();
    Ok(compare(leads, &server, now_ms))
}

/// The classification, apart from the database. An id that is not a UUID cannot be on the
/// server: it is `missing` (its upload will then be rejected and parked for a person).
/// What the server holds of a lead: version, hash, HLC stamp.
pub type Held = (i64, String, String);

/// Sorts each digest into one bucket. With the device's stamp, older/newer go by stamp (the
/// rule conflicts are decided by); a digest without one falls back to version numbers.
pub fn compare(leads: &[LeadDigest], server: &HashMap<Uuid, Held>, now_ms: i64) -> ReconcileResponse {
    let mut out =
        ReconcileResponse { server_time_ms: now_ms, in_sync: 0, missing: vec![], older: vec![], newer: vec![] };
    for d in leads {
        let held = Uuid::parse_str(&d.lead_id).ok().and_then(|id| server.get(&id));
        match held {
            None => out.missing.push(d.lead_id.clone()),
            Some((v, hash, _)) if *v == i64::from(d.version) && *hash == d.hash => out.in_sync += 1,
            Some((v, hash, hlc)) => {
                let server_older = match &d.hlc {
                    Some(device_hlc) => hlc.as_str() < device_hlc.as_str(),
                    None => *v <= i64::from(d.version),
                };
                match server_older {
                    true => out.older.push(d.lead_id.clone()),
                    false => out.newer.push(LeadDigest {
                        lead_id: d.lead_id.clone(),
                        version: u32::try_from(*v).unwrap_or(u32::MAX),
                        hash: hash.clone(),
                        hlc: Some(hlc.clone()),
                    }),
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(id: Uuid, version: u32, hash: &str) -> LeadDigest {
        LeadDigest { lead_id: id.to_string(), version, hash: hash.into(), hlc: None }
    }

    #[test]
    fn each_lead_lands_in_exactly_one_bucket() {
        let ids: Vec<Uuid> = (1..=5u128).map(Uuid::from_u128).collect();
        let server = HashMap::from([
            (ids[0], (2, "h2".to_string(), "s2".to_string())), // same
            (ids[1], (1, "h1".to_string(), "s1".to_string())), // device has v2
            (ids[2], (2, "hx".to_string(), "s2".to_string())), // same version, other content
            (ids[3], (5, "h5".to_string(), "s5".to_string())), // server ahead
        ]);
        let device =
            [d(ids[0], 2, "h2"), d(ids[1], 2, "h2"), d(ids[2], 2, "h2"), d(ids[3], 2, "h2"), d(ids[4], 1, "h1")];
        let mut bad = device.to_vec();
        bad.push(LeadDigest { lead_id: "nope".into(), version: 1, hash: "h".into(), hlc: None });
        let r = compare(&bad, &server, 7);
        assert_eq!(r.in_sync, 1);
        assert_eq!(r.older, [ids[1].to_string(), ids[2].to_string()]);
        assert_eq!(r.newer, [LeadDigest { hlc: Some("s5".into()), ..d(ids[3], 5, "h5") }]);
        assert_eq!(r.missing, [ids[4].to_string(), "nope".to_string()]);
        assert_eq!(r.server_time_ms, 7);
    }

    #[test]
    fn with_stamps_the_later_stamp_is_newer_whatever_the_version_numbers() {
        let id = Uuid::from_u128(9);
        // Another device's edit with a later stamp won on the server at the same version.
        let server = HashMap::from([(id, (2, "hb".to_string(), "0002-b".to_string()))]);
        let stale = LeadDigest { hlc: Some("0001-a".into()), ..d(id, 2, "ha") };
        let r = compare(&[stale], &server, 1);
        assert_eq!((r.older.len(), r.newer.len()), (0, 1), "the stale device is told the server is newer");
        // A device edit with a later stamp than the server's, even at a lower version: older.
        let ahead = LeadDigest { hlc: Some("0003-a".into()), ..d(id, 1, "ha") };
        assert_eq!(compare(&[ahead], &server, 1).older, [id.to_string()]);
    }
}
