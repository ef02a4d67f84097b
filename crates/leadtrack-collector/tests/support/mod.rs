//! Test scaffolding: a database per test on the shared throwaway cluster, the real collector
//! binary, an enrolled device that signs like the app will, and plain HTTP.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::http::{HeaderMap, Request};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use leadtrack_collector::testkit::{self, CollectorProcess, TestkitError};
use leadtrack_domain::{Hlc, Lead};
use leadtrack_sync::{header as h, BatchResponse, LeadBatch, LeadDigest, LeadVersion, ReconcileRequest, Secret};
use serde::de::DeserializeOwned;
use uuid::Uuid;

/// A fresh database on the shared cluster, or `None` (test skipped, said why) when
/// PostgreSQL is not installed and not required.
pub async fn database(name: &str) -> Option<(String, tokio_postgres::Client)> {
    let cluster = match testkit::shared() {
        Ok(c) => c,
        Err(why) if why == TestkitError::NoPostgres.to_string() && !testkit::required() => {
            eprintln!("SKIPPED {name}: {why} (set {}=1 to make this a failure)", testkit::REQUIRE_ENV);
            return None;
        }
        Err(why) => panic!("PostgreSQL for the collector tests: {why}"),
    };
    let url = cluster.create_database(name).await.unwrap();
    let client = testkit::connect(&url).await.unwrap();
    Some((url, client))
}

pub fn collector_bin() -> std::path::PathBuf {
    env!("CARGO_BIN_EXE_leadtrack-collector").into()
}

pub fn collector(url: &str, extra: &[&str]) -> CollectorProcess {
    CollectorProcess::spawn(&collector_bin(), url, extra).unwrap()
}

/// A database, a collector on it and one enrolled device.
pub struct Setup {
    pub url: String,
    pub db: tokio_postgres::Client,
    pub collector: CollectorProcess,
    pub device: Device,
}

pub async fn setup(name: &str, extra: &[&str]) -> Option<Setup> {
    let (url, db) = database(name).await?;
    let collector = collector(&url, extra);
    let device = Device::enrol(&db, "booth laptop 1").await;
    Some(Setup { url, db, collector, device })
}

pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() as i64
}

/// A stamp `offset_ms` after a fixed recent time (so never "too far ahead").
pub fn hlc(offset_ms: i64, counter: u32, node: &str) -> String {
    Hlc { ms: 1_773_000_000_000 + offset_ms, counter, node: node.into() }.to_string()
}

pub fn lead(id: Uuid, version: u32, hlc: &str, company: &str) -> Lead {
    serde_json::from_value(serde_json::json!({
        "id": id.to_string(), "event_id": "evt_hannover", "event_tag": "Hannover Messe", "status": "new",
        "source": "manual", "channel": "booth", "captured_by": "rep_042", "captured_by_name": "Ada",
        "assigned_to": null, "company": company, "name": "Charles Babbage", "title": "CTO", "phone": "",
        "phone_e164": null, "email": "charles@example.com", "country": "GB", "grade": "A", "interests": [],
        "key_needs": "<script>alert(1)</script>'; DROP TABLE leads_current; --", "next_action": null,
        "badge_raw": null, "badge_format": null, "version": version, "hlc": hlc,
        "created_at": 1_773_000_000_000i64, "updated_at": 1_773_000_000_000i64
    }))
    .unwrap()
}

pub fn version(id: Uuid, version: u32, hlc: &str, company: &str) -> LeadVersion {
    LeadVersion::from_lead(lead(id, version, hlc, company)).unwrap()
}

pub fn ids(n: usize) -> Vec<Uuid> {
    (0..n).map(|_| Uuid::now_v7()).collect()
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: status {} body {}", self.status, String::from_utf8_lossy(&self.body)))
    }

    pub fn code(&self) -> String {
        self.json::<leadtrack_sync::ErrorBody>().code
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub async fn post(url: &str, headers: &[(&str, String)], body: Vec<u8>) -> Reply {
    let mut req = Request::post(url);
    for (k, v) in headers {
        req = req.header(*k, v);
    }
    send(req.body(Full::new(Bytes::from(body))).unwrap()).await
}

pub async fn get(url: &str) -> Reply {
    send(Request::get(url).body(Full::new(Bytes::new())).unwrap()).await
}

async fn send(req: Request<Full<Bytes>>) -> Reply {
    let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let resp = client.request(req).await.unwrap();
    let (parts, body) = resp.into_parts();
    let body = body.collect().await.unwrap().to_bytes();
    Reply { status: parts.status.as_u16(), headers: parts.headers, body }
}

/// An enrolled device: signs requests as the app does (Standard Webhooks, batch id as key).
#[derive(Debug, Clone)]
pub struct Device {
    pub id: String,
    pub secret: Secret,
}

impl Device {
    pub async fn enrol(db: &tokio_postgres::Client, name: &str) -> Device {
        let e = leadtrack_collector::devices::add(db, name).await.unwrap();
        Device { id: e.device_id, secret: Secret::parse(&e.secret).unwrap() }
    }

    pub fn body(&self, batch_id: Uuid, items: Vec<LeadVersion>) -> Vec<u8> {
        self.body_with(batch_id, items, Vec::new())
    }

    pub fn body_with(&self, batch_id: Uuid, items: Vec<LeadVersion>, interactions: Vec<serde_json::Value>) -> Vec<u8> {
        let batch = LeadBatch::<leadtrack_domain::Lead, serde_json::Value> {
            batch_id,
            device_id: self.id.clone(),
            items,
            interactions: interactions
                .into_iter()
                .map(|i| serde_json::from_value(i).expect("an interaction item"))
                .collect(),
        };
        serde_json::to_vec(&batch).unwrap()
    }

    /// The headers of one attempt, signed at `ts` (unix seconds).
    pub fn headers(&self, id: &str, ts: i64, body: &[u8]) -> Vec<(&'static str, String)> {
        vec![
            ("content-type", "application/json".into()),
            (h::DEVICE_ID, self.id.clone()),
            (h::IDEMPOTENCY_KEY, format!("\"{id}\"")),
            (h::WEBHOOK_ID, id.to_string()),
            (h::WEBHOOK_TIMESTAMP, ts.to_string()),
            (h::WEBHOOK_SIGNATURE, self.secret.sign(id, ts, body)),
        ]
    }

    /// Sends `body` as batch `batch_id`, freshly signed.
    pub async fn send(&self, c: &CollectorProcess, batch_id: Uuid, body: &[u8]) -> Reply {
        let headers = self.headers(&batch_id.to_string(), now_ms() / 1000, body);
        post(&c.url(leadtrack_sync::BATCH_PATH), &headers, body.to_vec()).await
    }

    /// Sends `items` as a new batch and expects 200.
    pub async fn push(&self, c: &CollectorProcess, items: Vec<LeadVersion>) -> BatchResponse {
        let batch_id = Uuid::now_v7();
        let reply = self.send(c, batch_id, &self.body(batch_id, items)).await;
        assert_eq!(reply.status, 200, "{}", String::from_utf8_lossy(&reply.body));
        reply.json()
    }

    pub async fn reconcile(&self, c: &CollectorProcess, leads: Vec<LeadDigest>) -> Reply {
        let body = serde_json::to_vec(&ReconcileRequest { device_id: self.id.clone(), leads }).unwrap();
        let id = Uuid::now_v7().to_string();
        let mut headers = self.headers(&id, now_ms() / 1000, &body);
        headers.retain(|(k, _)| *k != h::IDEMPOTENCY_KEY);
        post(&c.url(leadtrack_sync::RECONCILE_PATH), &headers, body).await
    }
}

pub async fn count(db: &tokio_postgres::Client, sql: &str) -> i64 {
    db.query_one(sql, &[]).await.unwrap().get(0)
}

/// Rows a batch shows in: (current leads, history, batches).
pub async fn written(db: &tokio_postgres::Client) -> (i64, i64, i64) {
    (
        count(db, "SELECT count(*) FROM leads_current").await,
        count(db, "SELECT count(*) FROM lead_history").await,
        count(db, "SELECT count(*) FROM batches").await,
    )
}

pub fn statuses(r: &BatchResponse) -> Vec<&'static str> {
    r.results.iter().map(|r| r.status.as_str()).collect()
}
