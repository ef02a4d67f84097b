//! The collector as a device meets it: the real binary on 127.0.0.1, a real PostgreSQL
//! cluster started by the test harness (`leadtrack_collector::testkit`), real HTTP.
//! Without PostgreSQL these tests skip with a message, or fail under
//! `LEADTRACK_REQUIRE_POSTGRES=1` (CI).

mod support;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use leadtrack_collector::testkit::CollectorProcess;
use leadtrack_sync::wire::reason;
use leadtrack_sync::{header as h, BatchResponse, ItemStatus, LeadDigest, LeadVersion, ReconcileResponse, Secret};
use support::*;
use uuid::Uuid;

macro_rules! setup_or_skip {
    ($name:expr, $extra:expr) => {
        match setup($name, $extra).await {
            Some(s) => s,
            None => return,
        }
    };
}

#[tokio::test]
async fn a_batch_answers_applied_duplicate_and_stale_item_by_item() {
    let s = setup_or_skip!("statuses", &[]);
    let [a, b] = ids(2)[..] else { unreachable!() };
    let first = s.device.push(&s.collector, vec![version(a, 2, &hlc(2_000, 0, "d1"), "Acme v2")]).await;
    assert_eq!(statuses(&first), ["applied"]);

    let second = s
        .device
        .push(
            &s.collector,
            vec![
                version(a, 2, &hlc(2_000, 0, "d1"), "Acme v2"),
                version(a, 1, &hlc(1_000, 0, "d1"), "Acme v1"),
                version(b, 1, &hlc(1_500, 0, "d1"), "Globex"),
            ],
        )
        .await;
    assert_eq!(statuses(&second), ["duplicate", "stale", "applied"]);
    assert_eq!(second.results[1].current.as_ref().map(|c| (c.version, c.hlc.clone())), Some((2, hlc(2_000, 0, "d1"))));
    let kept: String =
        s.db.query_one("SELECT payload->>'company' FROM leads_current WHERE lead_id = $1", &[&a]).await.unwrap().get(0);
    assert_eq!(kept, "Acme v2");
    // History: both versions of a (the stale one too), one of b; the replayed item added nothing.
    assert_eq!(written(&s.db).await, (2, 3, 2));

    // Logs are JSON lines, with one line per batch carrying its counts.
    let deadline = Instant::now() + Duration::from_secs(10);
    let is_batch_line = |l: &String| l.contains("batch applied");
    while s.collector.logs().iter().filter(|l| is_batch_line(l)).count() < 2 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let logs = s.collector.logs();
    let parsed: Vec<serde_json::Value> =
        logs.iter().map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}"))).collect();
    let batch_lines: Vec<&serde_json::Value> =
        parsed.iter().filter(|v| v["fields"]["message"] == "batch applied").collect();
    assert_eq!(batch_lines.len(), 2);
    assert_eq!(batch_lines[1]["fields"]["stale"], 1);
    assert_eq!(batch_lines[1]["fields"]["device"], s.device.id.as_str());
}

#[tokio::test]
async fn several_versions_of_one_lead_in_one_batch_are_taken_in_item_order() {
    let s = setup_or_skip!("versions_in_one_batch", &[]);
    let [a, b] = ids(2)[..] else { unreachable!() };
    let answer = s
        .device
        .push(
            &s.collector,
            vec![
                version(a, 1, &hlc(1_000, 0, "d1"), "Acme v1"),
                version(a, 2, &hlc(2_000, 0, "d1"), "Acme v2"),
                version(b, 3, &hlc(3_000, 0, "d1"), "Globex v3"),
                version(b, 2, &hlc(2_000, 0, "d1"), "Globex v2"),
                version(a, 2, &hlc(2_000, 0, "d1"), "Acme v2"),
                version(a, 2, &hlc(2_000, 0, "d1"), "Acme v2 other"),
            ],
        )
        .await;
    assert_eq!(statuses(&answer), ["applied", "applied", "applied", "stale", "duplicate", "rejected"]);
    assert_eq!(answer.results[3].current.as_ref().map(|c| c.version), Some(3));
    let company = |id: Uuid| {
        let db = &s.db;
        async move {
            db.query_one("SELECT payload->>'company' FROM leads_current WHERE lead_id = $1", &[&id])
                .await
                .unwrap()
                .get::<_, String>(0)
        }
    };
    assert_eq!(company(a).await, "Acme v2");
    assert_eq!(company(b).await, "Globex v3");
    assert_eq!(written(&s.db).await, (2, 4, 1));
}

#[tokio::test]
async fn items_spelled_otherwise_than_our_devices_write_them_get_the_same_fates_in_item_order() {
    // The server reads the keys of items as our devices write them ahead of the full
    // checks; items another client spells otherwise (here: keys sorted) are keyed later.
    // Mixed in one batch, several versions of one lead still go in item order.
    let s = setup_or_skip!("spelled_otherwise", &[]);
    let [a, b] = ids(2)[..] else { unreachable!() };
    // serde_json's own map writes keys sorted; the struct writes them as devices do.
    let sorted = |v: LeadVersion| serde_json::to_value(v).unwrap().to_string();
    let items = [
        sorted(version(a, 1, &hlc(1_000, 0, "d1"), "Acme v1")),
        serde_json::to_string(&version(a, 2, &hlc(2_000, 0, "d1"), "Acme v2")).unwrap(),
        sorted(version(a, 3, &hlc(3_000, 0, "d1"), "Acme v3")),
        sorted(version(b, 2, &hlc(2_000, 0, "d1"), "Globex v2")),
        sorted(version(b, 1, &hlc(1_000, 0, "d1"), "Globex v1")),
        sorted(version(a, 3, &hlc(3_000, 0, "d1"), "Acme v3")),
    ];
    let batch_id = Uuid::now_v7();
    let body = format!(r#"{{"batch_id":"{batch_id}","device_id":"{}","items":[{}]}}"#, s.device.id, items.join(","));
    let body = body.into_bytes();
    // Exactly one item in our devices' spelling; the others start with another key.
    assert_eq!(String::from_utf8_lossy(&body).matches(r#"{"lead_id":"#).count(), 1);
    let reply = s.device.send(&s.collector, batch_id, &body).await;
    assert_eq!(reply.status, 200, "{}", String::from_utf8_lossy(&reply.body));
    let answer: BatchResponse = reply.json();
    assert_eq!(statuses(&answer), ["applied", "applied", "applied", "applied", "stale", "duplicate"]);
    let company: String =
        s.db.query_one("SELECT payload->>'company' FROM leads_current WHERE lead_id = $1", &[&a]).await.unwrap().get(0);
    assert_eq!(company, "Acme v3");
    assert_eq!(written(&s.db).await, (2, 5, 1));
}

fn interaction(id: Uuid, lead: Uuid, summary: &str) -> serde_json::Value {
    let stamp = hlc(5_000, 0, "d1");
    let it = serde_json::json!({
        "id": id.to_string(), "lead_id": lead.to_string(), "kind": "quote", "at": 5, "hlc": stamp,
        "by_user": "u1", "by_name": "Ada", "summary": summary, "detail": {"quote_id": "q1"}
    });
    serde_json::json!({
        "interaction_id": id.to_string(), "lead_id": lead.to_string(), "hlc": stamp,
        "hash": leadtrack_sync::content_hash(&it), "interaction": it
    })
}

#[tokio::test]
async fn interactions_are_stored_once_and_a_replay_or_a_clash_is_told_apart() {
    let s = setup_or_skip!("interactions", &[]);
    let [lead, first, second] = ids(3)[..] else { unreachable!() };
    let send = |interactions: Vec<serde_json::Value>| {
        let (device, collector) = (&s.device, &s.collector);
        async move {
            let batch_id = Uuid::now_v7();
            let body = device.body_with(batch_id, vec![version(lead, 1, &hlc(1_000, 0, "d1"), "Acme")], interactions);
            let reply = device.send(collector, batch_id, &body).await;
            assert_eq!(reply.status, 200, "{}", String::from_utf8_lossy(&reply.body));
            let answer: leadtrack_sync::BatchResponse = reply.json();
            answer.interaction_results.iter().map(|r| r.status.as_str().to_string()).collect::<Vec<_>>()
        }
    };
    let mut broken = interaction(second, lead, "Quote");
    broken["hash"] = serde_json::json!("00");
    assert_eq!(send(vec![interaction(first, lead, "Quote Q-1"), broken]).await, ["applied", "rejected"]);
    assert_eq!(
        send(vec![interaction(first, lead, "Quote Q-1"), interaction(first, lead, "Quote changed")]).await,
        ["duplicate", "rejected"]
    );
    let stored = count(&s.db, "SELECT count(*) FROM interactions").await;
    assert_eq!(stored, 1);
    let kind: String = s.db.query_one("SELECT kind FROM interactions", &[]).await.unwrap().get(0);
    assert_eq!(kind, "quote");
    assert!(s.db.execute("DELETE FROM interactions", &[]).await.is_err(), "interactions are append-only");
}

#[tokio::test]
async fn a_resent_batch_gets_its_first_answer_byte_for_byte() {
    let s = setup_or_skip!("replay", &[]);
    let lead = Uuid::now_v7();
    let batch_id = Uuid::now_v7();
    let body = s.device.body(batch_id, vec![version(lead, 1, &hlc(1_000, 0, "d1"), "Acme")]);
    let first = s.device.send(&s.collector, batch_id, &body).await;
    assert_eq!(first.status, 200);
    assert_eq!(first.header(h::IDEMPOTENT_REPLAYED), None);

    // A newer edit lands in between: applying the batch again would now answer "stale".
    s.device.push(&s.collector, vec![version(lead, 2, &hlc(2_000, 0, "d1"), "Acme 2")]).await;
    std::thread::sleep(Duration::from_millis(1100)); // the re-send is signed at a later second
    let again = s.device.send(&s.collector, batch_id, &body).await;
    assert_eq!(again.status, 200);
    assert_eq!(again.body, first.body, "the stored answer, byte for byte");
    assert_eq!(again.header(h::IDEMPOTENT_REPLAYED), Some("true"));
    assert_eq!(statuses(&again.json()), ["applied"]);
    assert_eq!(written(&s.db).await, (1, 2, 2));
}

#[tokio::test]
async fn a_batch_id_used_again_for_another_body_is_refused_with_422() {
    let s = setup_or_skip!("key_reuse", &[]);
    let batch_id = Uuid::now_v7();
    let one = s.device.body(batch_id, vec![version(Uuid::now_v7(), 1, &hlc(1, 0, "d1"), "One")]);
    let other = s.device.body(batch_id, vec![version(Uuid::now_v7(), 1, &hlc(1, 0, "d1"), "Other")]);
    assert_eq!(s.device.send(&s.collector, batch_id, &one).await.status, 200);
    let reply = s.device.send(&s.collector, batch_id, &other).await;
    assert_eq!((reply.status, reply.code().as_str()), (422, "key_reused"));
    assert_eq!(written(&s.db).await, (1, 1, 1));
}

#[tokio::test]
async fn a_wrong_secret_an_unknown_or_revoked_device_get_401_and_nothing_is_written() {
    let s = setup_or_skip!("bad_signature", &[]);
    let batch_id = Uuid::now_v7();
    let body = s.device.body(batch_id, vec![version(Uuid::now_v7(), 1, &hlc(1, 0, "d1"), "Acme")]);

    let impostor = Device { id: s.device.id.clone(), secret: Secret::from_bytes(vec![9; 32]).unwrap() };
    let reply = impostor.send(&s.collector, batch_id, &body).await;
    assert_eq!((reply.status, reply.code().as_str()), (401, "bad_signature"));

    let stranger = Device { id: "dev_unknown".into(), secret: s.device.secret.clone() };
    let stranger_body = stranger.body(batch_id, vec![]);
    let reply = stranger.send(&s.collector, batch_id, &stranger_body).await;
    assert_eq!((reply.status, reply.code().as_str()), (401, "unknown_device"));

    leadtrack_collector::devices::revoke(&s.db, &s.device.id).await.unwrap();
    let reply = s.device.send(&s.collector, batch_id, &body).await;
    assert_eq!((reply.status, reply.code().as_str()), (401, "unknown_device"));
    assert_eq!(written(&s.db).await, (0, 0, 0));
}

#[tokio::test]
async fn a_body_changed_after_signing_gets_401() {
    let s = setup_or_skip!("tampered", &[]);
    let batch_id = Uuid::now_v7();
    let body = s.device.body(batch_id, vec![version(Uuid::now_v7(), 1, &hlc(1, 0, "d1"), "Acme")]);
    let headers = s.device.headers(&batch_id.to_string(), now_ms() / 1000, &body);
    let tampered = String::from_utf8(body).unwrap().replace("Acme", "Evil").into_bytes();
    let reply = post(&s.collector.url(leadtrack_sync::BATCH_PATH), &headers, tampered).await;
    assert_eq!((reply.status, reply.code().as_str()), (401, "bad_signature"));
    assert_eq!(written(&s.db).await, (0, 0, 0));
}

#[tokio::test]
async fn a_timestamp_more_than_five_minutes_off_gets_401_timestamp_skew_and_the_servers_date() {
    let s = setup_or_skip!("old_timestamp", &[]);
    let batch_id = Uuid::now_v7();
    let body = s.device.body(batch_id, vec![version(Uuid::now_v7(), 1, &hlc(1, 0, "d1"), "Acme")]);
    for skew in [-400, 400] {
        let headers = s.device.headers(&batch_id.to_string(), now_ms() / 1000 + skew, &body);
        let reply = post(&s.collector.url(leadtrack_sync::BATCH_PATH), &headers, body.clone()).await;
        assert_eq!((reply.status, reply.code().as_str()), (401, "timestamp_skew"), "skew {skew}");
        assert!(reply.header("date").is_some(), "the device corrects its clock from Date");
    }
    assert_eq!(written(&s.db).await, (0, 0, 0));
}

#[tokio::test]
async fn an_oversized_body_or_too_many_items_get_413() {
    let s = setup_or_skip!("oversized", &["--max-body-bytes", "65536"]);
    let batch_id = Uuid::now_v7();
    let big = version(Uuid::now_v7(), 1, &hlc(1, 0, "d1"), &"x".repeat(70_000));
    let body = s.device.body(batch_id, vec![big]);
    let reply = s.device.send(&s.collector, batch_id, &body).await;
    assert_eq!((reply.status, reply.code().as_str()), (413, "too_large"));

    let items = vec![serde_json::json!({}); leadtrack_sync::MAX_BATCH_ITEMS + 1];
    let body = serde_json::to_vec(&serde_json::json!({"batch_id": batch_id, "device_id": s.device.id, "items": items}))
        .unwrap();
    let reply = s.device.send(&s.collector, batch_id, &body).await;
    assert_eq!((reply.status, reply.code().as_str()), (413, "too_large"));
    assert_eq!(written(&s.db).await, (0, 0, 0));

    // Just under the limit is fine.
    let fits = version(Uuid::now_v7(), 1, &hlc(1, 0, "d1"), &"x".repeat(60_000));
    assert_eq!(statuses(&s.device.push(&s.collector, vec![fits]).await), ["applied"]);
}

#[tokio::test]
async fn broken_items_are_rejected_one_by_one_and_the_rest_apply() {
    let s = setup_or_skip!("rejected", &[]);
    let [good1, good2, bad] = ids(3)[..] else { unreachable!() };
    let mut wrong_hash = version(bad, 1, &hlc(1, 0, "d1"), "Acme");
    wrong_hash.hash = "0".repeat(64);
    let mut other_id = version(bad, 1, &hlc(1, 0, "d1"), "Acme");
    other_id.lead_id = Uuid::now_v7().to_string();
    let r = s
        .device
        .push(
            &s.collector,
            vec![
                version(good1, 1, &hlc(1, 0, "d1"), "Good 1"),
                wrong_hash,
                other_id,
                version(good2, 1, &hlc(1, 0, "d1"), "Good 2"),
            ],
        )
        .await;
    assert_eq!(statuses(&r), ["applied", "rejected", "rejected", "applied"]);
    let reasons: Vec<Option<&str>> = r.results.iter().map(|r| r.reason.as_deref()).collect();
    assert_eq!(reasons, [None, Some(reason::HASH_MISMATCH), Some(reason::ID_MISMATCH), None]);
    assert_eq!(written(&s.db).await, (2, 2, 1));

    // A body that is not a batch at all is a 400, and writes nothing.
    let batch_id = Uuid::now_v7();
    let reply = s.device.send(&s.collector, batch_id, br#"{"batch_id": 3}"#).await;
    assert_eq!((reply.status, reply.code().as_str()), (400, "malformed"));
    let mismatched = s.device.body(Uuid::now_v7(), vec![]);
    let reply = s.device.send(&s.collector, batch_id, &mismatched).await;
    assert_eq!((reply.status, reply.code().as_str()), (400, "key_mismatch"));
    assert_eq!(written(&s.db).await, (2, 2, 1));
}

/// A deterministic shuffle (xorshift), so a failure replays the same order.
fn shuffle<T>(items: &mut [T], mut seed: u64) {
    for i in (1..items.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        items.swap(i, (seed % (i as u64 + 1)) as usize);
    }
}

#[tokio::test]
async fn the_newest_stamp_wins_whatever_the_arrival_order() {
    let s = setup_or_skip!("arrival_order", &[]);
    let other = Device::enrol(&s.db, "booth laptop 2").await;
    let leads = ids(20);
    // Four edits per lead from two devices; laptop 2's clock runs 5 s behind.
    let mut edits: Vec<(usize, LeadVersion)> = Vec::new();
    for (n, id) in leads.iter().enumerate() {
        for v in 1..=4u32 {
            let (who, node, skew) = if v % 2 == 0 { (1, "d2", -5_000) } else { (0, "d1", 0) };
            let stamp = hlc(i64::from(v) * 10_000 + skew + n as i64, 0, node);
            edits.push((who, version(*id, v, &stamp, &format!("lead {n} v{v}"))));
        }
    }
    let newest: HashMap<String, String> = edits.iter().fold(HashMap::new(), |mut m, (_, e)| {
        let best = m.entry(e.lead_id.clone()).or_insert_with(|| e.hlc.clone());
        if e.hlc > *best {
            *best = e.hlc.clone();
        }
        m
    });
    shuffle(&mut edits, 0x5eed);
    let devices = [&s.device, &other];
    let mut counts: HashMap<ItemStatus, usize> = HashMap::new();
    // Batches of 1 to 7 edits, each from the device that made them.
    let mut rest = edits.as_slice();
    let mut size = 1;
    while !rest.is_empty() {
        let (now, later) = rest.split_at(size.min(rest.len()));
        for (who, device) in devices.iter().enumerate() {
            let items: Vec<LeadVersion> = now.iter().filter(|(w, _)| *w == who).map(|(_, e)| e.clone()).collect();
            if !items.is_empty() {
                for r in device.push(&s.collector, items).await.results {
                    *counts.entry(r.status).or_default() += 1;
                }
            }
        }
        rest = later;
        size = size % 7 + 1;
    }
    assert_eq!(counts.get(&ItemStatus::Applied).copied().unwrap_or(0) + counts[&ItemStatus::Stale], 80);
    for row in s.db.query("SELECT lead_id::text, hlc FROM leads_current", &[]).await.unwrap() {
        let (id, stamp): (String, String) = (row.get(0), row.get(1));
        assert_eq!(newest[&id], stamp, "lead {id}");
    }
    assert_eq!(written(&s.db).await.0, 20);
    assert_eq!(written(&s.db).await.1, 80);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_batches_from_two_devices_keep_the_newest_edit_of_every_lead() {
    let s = setup_or_skip!("concurrent", &[]);
    let other = Device::enrol(&s.db, "booth laptop 2").await;
    let leads = ids(50);
    let collector = std::sync::Arc::new(s.collector);
    let mut tasks = Vec::new();
    for (d, device) in [s.device.clone(), other].into_iter().enumerate() {
        for round in 0..10i64 {
            let (device, collector, leads) = (device.clone(), collector.clone(), leads.clone());
            tasks.push(tokio::spawn(async move {
                let node = format!("d{d}");
                let mut pending: Vec<LeadVersion> = leads
                    .iter()
                    .map(|id| version(*id, round as u32 + 1, &hlc(round * 1_000 + d as i64, 0, &node), &node))
                    .collect();
                let (mut deferred_seen, mut sends) = (0, 0);
                // As the app will: deferred items go out again in a new batch.
                while !pending.is_empty() {
                    sends += 1;
                    let r = device.push(&collector, pending.clone()).await;
                    let again: Vec<LeadVersion> = pending
                        .into_iter()
                        .zip(&r.results)
                        .filter(|(_, r)| r.status == ItemStatus::Deferred)
                        .map(|(v, _)| v)
                        .collect();
                    deferred_seen += again.len();
                    pending = again;
                    assert!(sends < 50, "deferred items never went through");
                }
                deferred_seen
            }));
        }
    }
    let mut deferred = 0;
    for t in tasks {
        deferred += t.await.unwrap();
    }
    println!("concurrent: 20 batches of 50 items over 50 shared leads, {deferred} items deferred and re-sent");
    // Round 9 of device 1 has the greatest stamp for every lead.
    let rows = s.db.query("SELECT hlc FROM leads_current", &[]).await.unwrap();
    assert_eq!(rows.len(), 50);
    assert!(rows.iter().all(|r| r.get::<_, String>(0) == hlc(9_001, 0, "d1")));
    assert_eq!(written(&s.db).await.1, 1000, "every edit of both devices, once");
}

#[tokio::test]
async fn history_keeps_every_version_once_and_refuses_changes() {
    let s = setup_or_skip!("history", &[]);
    let lead = Uuid::now_v7();
    let edits: Vec<LeadVersion> =
        (1..=3).map(|v| version(lead, v, &hlc(i64::from(v), 0, "d1"), &format!("v{v}"))).collect();
    for e in &edits {
        s.device.push(&s.collector, vec![e.clone()]).await;
    }
    s.device.push(&s.collector, edits.clone()).await; // a full replay adds nothing
    let rows =
        s.db.query("SELECT version, hash FROM lead_history WHERE lead_id = $1 ORDER BY hlc", &[&lead]).await.unwrap();
    let got: Vec<(i64, String)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    let want: Vec<(i64, String)> = edits.iter().map(|e| (i64::from(e.version), e.hash.clone())).collect();
    assert_eq!(got, want);
    for sql in ["UPDATE lead_history SET version = 9", "DELETE FROM lead_history", "TRUNCATE lead_history"] {
        let err = s.db.batch_execute(sql).await.unwrap_err();
        assert!(
            err.to_string().contains("append-only") || format!("{err:?}").contains("append-only"),
            "{sql}: {err:?}"
        );
    }
    assert_eq!(written(&s.db).await.1, 3);
}

#[tokio::test]
async fn reconcile_names_what_the_server_is_missing_or_holds_older() {
    let s = setup_or_skip!("reconcile", &[]);
    let [same, behind, ahead, unseen] = ids(4)[..] else { unreachable!() };
    let on_server = vec![
        version(same, 2, &hlc(2, 0, "d1"), "same"),
        version(behind, 1, &hlc(1, 0, "d1"), "behind v1"),
        version(ahead, 3, &hlc(3, 0, "d1"), "ahead v3"),
    ];
    s.device.push(&s.collector, on_server.clone()).await;
    let digest = |v: &LeadVersion| LeadDigest {
        lead_id: v.lead_id.clone(),
        version: v.version,
        hash: v.hash.clone(),
        hlc: Some(v.hlc.clone()),
    };
    let device_has = vec![
        digest(&on_server[0]),
        digest(&version(behind, 2, &hlc(2, 0, "d1"), "behind v2")),
        digest(&version(ahead, 1, &hlc(1, 0, "d1"), "ahead v1")),
        digest(&version(unseen, 1, &hlc(1, 0, "d1"), "unseen")),
    ];
    let reply = s.device.reconcile(&s.collector, device_has).await;
    assert_eq!(reply.status, 200, "{}", String::from_utf8_lossy(&reply.body));
    let r: ReconcileResponse = reply.json();
    assert_eq!(r.in_sync, 1);
    assert_eq!(r.missing, [unseen.to_string()]);
    assert_eq!(r.older, [behind.to_string()]);
    assert_eq!(r.newer, [digest(&on_server[2])]);

    // Reconcile is signed like a batch.
    let impostor = Device { id: s.device.id.clone(), secret: Secret::from_bytes(vec![1; 32]).unwrap() };
    assert_eq!(impostor.reconcile(&s.collector, vec![]).await.status, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_database_serve_the_same_batches() {
    let Some((url, db)) = database("two_instances").await else { return };
    // Both start (and migrate) at once on an empty database.
    let start = || CollectorProcess::start(&collector_bin(), &url, &[]).unwrap();
    let (one, two) = (start(), start());
    let (one, two) = (one.ready().unwrap(), two.ready().unwrap());
    let migrations = leadtrack_collector::db::MIGRATIONS.len() as i64;
    assert_eq!(count(&db, "SELECT count(*) FROM collector_migrations").await, migrations);
    let migrated = |c: &CollectorProcess| {
        c.logs()
            .iter()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find(|v| v["fields"]["message"] == "listening")
            .and_then(|v| v["fields"]["migrations_applied"].as_u64())
    };
    let mut applied = [migrated(&one), migrated(&two)];
    applied.sort();
    assert_eq!(
        applied,
        [Some(0), Some(migrations as u64)],
        "one instance migrated, the other waited and found it done"
    );
    let device = Device::enrol(&db, "laptop").await;
    for c in [&one, &two] {
        assert_eq!(get(&c.url(leadtrack_sync::HEALTH_PATH)).await.status, 200);
    }
    let lead = Uuid::now_v7();
    let batch_id = Uuid::now_v7();
    let body = device.body(batch_id, vec![version(lead, 1, &hlc(1, 0, "d1"), "Acme")]);
    let first = device.send(&one, batch_id, &body).await;
    let via_two = device.send(&two, batch_id, &body).await;
    assert_eq!((first.status, via_two.status), (200, 200));
    assert_eq!(via_two.body, first.body);
    assert_eq!(via_two.header(h::IDEMPOTENT_REPLAYED), Some("true"));
    let r = device.push(&two, vec![version(lead, 2, &hlc(2, 0, "d1"), "Acme 2")]).await;
    assert_eq!(statuses(&r), ["applied"]);
    assert_eq!(written(&db).await, (1, 2, 2));
}

/// The collector's backend, once it waits on a lock while running `query_prefix`.
async fn collector_backend_waiting(db: &tokio_postgres::Client, query_prefix: &str) -> i32 {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let row = db
            .query_opt(
                "SELECT pid FROM pg_stat_activity WHERE application_name = 'leadtrack-collector'
                 AND wait_event_type = 'Lock' AND query LIKE $1 || '%'",
                &[&query_prefix],
            )
            .await
            .unwrap();
        if let Some(row) = row {
            return row.get(0);
        }
        assert!(Instant::now() < deadline, "the collector never waited at {query_prefix}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn until_backend_gone(db: &tokio_postgres::Client, pid: i32) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while count(db, &format!("SELECT count(*) FROM pg_stat_activity WHERE pid = {pid}")).await > 0 {
        assert!(Instant::now() < deadline, "backend {pid} lingers");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn until_no_collector_backends(db: &tokio_postgres::Client) {
    let deadline = Instant::now() + Duration::from_secs(20);
    let sql = "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'leadtrack-collector'
               AND datname = current_database()";
    while count(db, sql).await > 0 {
        assert!(Instant::now() < deadline, "the killed collector's backends linger");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_collector_killed_mid_batch_leaves_none_of_it_and_the_resend_applies_all() {
    let Some(mut s) = setup("kill_mid_batch", &[]).await else { return };
    let leads = ids(50);
    let items: Vec<LeadVersion> = leads.iter().map(|id| version(*id, 1, &hlc(1, 0, "d1"), "Acme")).collect();
    let batch_id = Uuid::now_v7();
    let body = s.device.body(batch_id, items);

    // Stop the collector at its very last statement: an uncommitted row with the same batch id
    // makes its INSERT INTO batches wait, after every item has been written in its transaction.
    let blocker = testkit_connect(&s.url).await;
    blocker.batch_execute("BEGIN").await.unwrap();
    blocker
        .execute(
            "INSERT INTO batches (batch_id, device_id, body_sha256, item_count, response) VALUES ($1, $2, '', 0, '')",
            &[&batch_id, &s.device.id],
        )
        .await
        .unwrap();
    let (device, url) = (s.device.clone(), s.collector.url(leadtrack_sync::BATCH_PATH));
    let headers = device.headers(&batch_id.to_string(), now_ms() / 1000, &body);
    let sending = tokio::spawn(post_lossy(url, headers, body.clone()));
    let pid = collector_backend_waiting(&s.db, "INSERT INTO batches").await;
    let locks =
        count(&s.db, &format!("SELECT count(*) FROM pg_locks WHERE pid = {pid} AND locktype = 'advisory'")).await;
    assert_eq!(locks, 51, "mid-batch: every lead's lock and the batch's are held");

    s.collector.kill();
    assert!(sending.await.unwrap().is_none(), "no answer from a killed collector");
    blocker.batch_execute("ROLLBACK").await.unwrap();
    until_backend_gone(&s.db, pid).await;
    assert_eq!(written(&s.db).await, (0, 0, 0), "none of the batch survived the kill");

    let collector = collector(&s.url, &[]);
    let reply = s.device.send(&collector, batch_id, &body).await;
    assert_eq!(reply.status, 200);
    assert!(reply.json::<BatchResponse>().results.iter().all(|r| r.status == ItemStatus::Applied));
    assert_eq!(written(&s.db).await, (50, 50, 1));
}

async fn testkit_connect(url: &str) -> tokio_postgres::Client {
    leadtrack_collector::testkit::connect(url).await.unwrap()
}

/// A POST whose connection may die: `None` instead of a panic.
async fn post_lossy(url: String, headers: Vec<(&'static str, String)>, body: Vec<u8>) -> Option<u16> {
    use http_body_util::Full;
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http::<Full<axum::body::Bytes>>();
    let mut req = axum::http::Request::post(url);
    for (k, v) in headers {
        req = req.header(k, v);
    }
    let resp = client.request(req.body(Full::new(body.into())).unwrap()).await.ok()?;
    Some(resp.status().as_u16())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_collector_killed_at_random_moments_leaves_each_batch_whole_or_absent() {
    let Some((url, db)) = database("kill_loop").await else { return };
    let mut collector = collector(&url, &[]);
    let device = Device::enrol(&db, "laptop").await;
    // How long a 300-item batch takes here, to spread the kills over it.
    let started = Instant::now();
    device.push(&collector, (0..300).map(|_| version(Uuid::now_v7(), 1, &hlc(1, 0, "d1"), "warm-up")).collect()).await;
    let span_ms = (started.elapsed().as_millis() as u64).max(10);
    let (mut whole, mut absent) = (0, 0);
    for i in 0..8u64 {
        let leads = ids(300);
        let batch_id = Uuid::now_v7();
        let body = device.body(batch_id, leads.iter().map(|id| version(*id, 1, &hlc(2, 0, "d1"), "Acme")).collect());
        let headers = device.headers(&batch_id.to_string(), now_ms() / 1000, &body);
        let sending = tokio::spawn(post_lossy(collector.url(leadtrack_sync::BATCH_PATH), headers, body.clone()));
        tokio::time::sleep(Duration::from_millis(span_ms * i / 6)).await;
        collector.kill();
        let _ = sending.await;
        // A killed collector's backends roll back and exit once PostgreSQL notices.
        until_no_collector_backends(&db).await;
        let present: i64 =
            db.query_one("SELECT count(*) FROM leads_current WHERE lead_id = ANY($1)", &[&leads]).await.unwrap().get(0);
        let stored: i64 =
            db.query_one("SELECT count(*) FROM batches WHERE batch_id = $1", &[&batch_id]).await.unwrap().get(0);
        match (present, stored) {
            (300, 1) => whole += 1,
            (0, 0) => absent += 1,
            other => panic!("kill {i}: batch half-applied: {other:?}"),
        }
        collector = support::collector(&url, &[]);
        let reply = device.send(&collector, batch_id, &body).await;
        assert_eq!(reply.status, 200);
        assert_eq!(reply.header(h::IDEMPOTENT_REPLAYED).is_some(), stored == 1);
        let present: i64 =
            db.query_one("SELECT count(*) FROM leads_current WHERE lead_id = ANY($1)", &[&leads]).await.unwrap().get(0);
        assert_eq!(present, 300);
    }
    println!("kill loop: 8 kills over a {span_ms} ms batch: {whole} batches whole, {absent} absent, none partial");
    assert_eq!(count(&db, "SELECT count(*) FROM lead_history").await, 300 * 9);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lead_held_elsewhere_is_deferred_while_the_rest_apply() {
    let s = setup_or_skip!("deferred", &["--lock-wait-ms", "300"]);
    let [a, b, c] = ids(3)[..] else { unreachable!() };
    let holder = testkit_connect(&s.url).await;
    holder.execute("SELECT pg_advisory_lock(lead_lock_key($1))", &[&b]).await.unwrap();
    let items = |v: u32| [a, b, c].map(|id| version(id, v, &hlc(i64::from(v), 0, "d1"), "Acme")).to_vec();
    let r = s.device.push(&s.collector, items(1)).await;
    assert_eq!(statuses(&r), ["applied", "deferred", "applied"]);
    assert_eq!(r.results[1].reason.as_deref(), Some(reason::LEAD_BUSY));
    assert_eq!(written(&s.db).await, (2, 2, 1));

    holder.execute("SELECT pg_advisory_unlock(lead_lock_key($1))", &[&b]).await.unwrap();
    let again = s.device.push(&s.collector, vec![items(1)[1].clone()]).await;
    assert_eq!(statuses(&again), ["applied"]);

    // A re-send of a batch still being applied elsewhere: 409, come back later.
    let batch_id = Uuid::now_v7();
    holder.execute("SELECT pg_advisory_lock(batch_lock_key($1))", &[&batch_id]).await.unwrap();
    let body = s.device.body(batch_id, items(2));
    let reply = s.device.send(&s.collector, batch_id, &body).await;
    assert_eq!(
        (reply.status, reply.code().as_str(), reply.header("retry-after")),
        (409, "batch_in_progress", Some("1"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_over_the_in_flight_limit_get_429_with_retry_after() {
    let s = setup_or_skip!("busy", &["--max-in-flight", "1", "--lock-wait-ms", "10000"]);
    let holder = testkit_connect(&s.url).await;
    let batch_id = Uuid::now_v7();
    holder.execute("SELECT pg_advisory_lock(batch_lock_key($1))", &[&batch_id]).await.unwrap();
    let body = s.device.body(batch_id, vec![version(Uuid::now_v7(), 1, &hlc(1, 0, "d1"), "Acme")]);
    let headers = s.device.headers(&batch_id.to_string(), now_ms() / 1000, &body);
    let first = tokio::spawn(post_lossy(s.collector.url(leadtrack_sync::BATCH_PATH), headers, body));
    collector_backend_waiting(&s.db, "SELECT pg_advisory_xact_lock(batch_lock_key").await;

    let reply = s.device.reconcile(&s.collector, vec![]).await;
    assert_eq!((reply.status, reply.code().as_str(), reply.header("retry-after")), (429, "busy", Some("1")));
    holder.execute("SELECT pg_advisory_unlock(batch_lock_key($1))", &[&batch_id]).await.unwrap();
    assert_eq!(first.await.unwrap(), Some(200));
    assert_eq!(s.device.reconcile(&s.collector, vec![]).await.status, 200);
}

#[tokio::test]
async fn health_and_batches_answer_503_with_retry_after_while_the_database_refuses_connections() {
    let s = setup_or_skip!("db_gone", &[]);
    assert_eq!(get(&s.collector.url(leadtrack_sync::HEALTH_PATH)).await.status, 200);
    let admin = testkit_connect(&s.url.replace("/db_gone", "/postgres")).await;
    admin.batch_execute("ALTER DATABASE db_gone ALLOW_CONNECTIONS false").await.unwrap();
    admin
        .batch_execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'db_gone' AND pid <> pg_backend_pid()")
        .await
        .unwrap();

    let health = get(&s.collector.url(leadtrack_sync::HEALTH_PATH)).await;
    assert_eq!((health.status, health.code().as_str(), health.header("retry-after")), (503, "unavailable", Some("5")));
    let batch_id = Uuid::now_v7();
    let body = s.device.body(batch_id, vec![version(Uuid::now_v7(), 1, &hlc(1, 0, "d1"), "Acme")]);
    let reply = s.device.send(&s.collector, batch_id, &body).await;
    assert_eq!((reply.status, reply.header("retry-after")), (503, Some("5")));

    admin.batch_execute("ALTER DATABASE db_gone ALLOW_CONNECTIONS true").await.unwrap();
    assert_eq!(s.device.send(&s.collector, batch_id, &body).await.status, 200, "it recovers by itself");
}

fn cli(args: &[&str]) -> serde_json::Value {
    let out = std::process::Command::new(collector_bin()).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

#[tokio::test]
async fn device_commands_enrol_rotate_and_revoke_keys() {
    let Some((url, _db)) = database("device_cli").await else { return };
    let added = cli(&["device", "add", "--name", "Booth 1", "--database-url", &url]);
    let id = added["device_id"].as_str().unwrap().to_string();
    let first = Device { id: id.clone(), secret: Secret::parse(added["secret"].as_str().unwrap()).unwrap() };
    let collector = collector(&url, &[]);
    let push = |d: &Device| {
        let d = d.clone();
        let c = &collector;
        async move {
            let batch_id = Uuid::now_v7();
            d.send(c, batch_id, &d.body(batch_id, vec![version(Uuid::now_v7(), 1, &hlc(1, 0, "d1"), "Acme")]))
                .await
                .status
        }
    };
    assert_eq!(push(&first).await, 200);

    let rotated = cli(&["device", "rotate", "--device-id", &id, "--database-url", &url]);
    let second = Device { id: id.clone(), secret: Secret::parse(rotated["secret"].as_str().unwrap()).unwrap() };
    assert_eq!((push(&first).await, push(&second).await), (200, 200), "both keys work during a rotation");
    let retired = cli(&["device", "rotate", "--device-id", &id, "--retire-old", "--database-url", &url]);
    let third = Device { id: id.clone(), secret: Secret::parse(retired["secret"].as_str().unwrap()).unwrap() };
    assert_eq!((push(&second).await, push(&third).await), (401, 200));

    let listed = cli(&["device", "list", "--database-url", &url]);
    assert_eq!(listed[0]["name"], "Booth 1");
    assert!(!listed.to_string().contains("whsec_"), "list never shows secrets");
    cli(&["device", "revoke", "--device-id", &id, "--database-url", &url]);
    assert_eq!(push(&third).await, 401);
}

#[tokio::test]
async fn a_database_migrated_by_a_newer_collector_is_refused() {
    let Some((url, db)) = database("too_new").await else { return };
    cli(&["migrate", "--database-url", &url]);
    db.batch_execute("INSERT INTO collector_migrations (version, name, sha256) VALUES (99, '0099_future', 'x')")
        .await
        .unwrap();
    let out = std::process::Command::new(collector_bin())
        .args(["serve", "--listen", "127.0.0.1:0", "--database-url", &url])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("newer than this collector knows"));
}

/// Not a test: timings for the report (`cargo test -p leadtrack-collector --test collector
/// -- --ignored --nocapture measure`). Uses a cluster with fsync on.
#[tokio::test]
#[ignore]
async fn measure_batch_apply_times() {
    let cluster = leadtrack_collector::testkit::PgCluster::start(true).unwrap();
    let url = cluster.create_database("measure").await.unwrap();
    let db = testkit_connect(&url).await;
    let collector = collector(&url, &[]);
    let device = Device::enrol(&db, "laptop").await;
    for size in [1usize, 100, 500] {
        let mut times = Vec::new();
        for round in 0..21 {
            let items =
                (0..size).map(|_| version(Uuid::now_v7(), 1, &hlc(round, 0, "d1"), "Acme Industrial Ltd")).collect();
            let batch_id = Uuid::now_v7();
            let body = device.body(batch_id, items);
            let started = Instant::now();
            let reply = device.send(&collector, batch_id, &body).await;
            assert_eq!(reply.status, 200);
            if round > 0 {
                times.push(started.elapsed().as_secs_f64() * 1000.0);
            }
        }
        times.sort_by(|a, b| a.total_cmp(b));
        println!(
            "batch of {size:>3} new leads (fsync on): median {:.1} ms, p90 {:.1} ms, max {:.1} ms round trip",
            times[times.len() / 2],
            times[times.len() * 9 / 10],
            times[times.len() - 1]
        );
    }
    let applies: Vec<String> = collector
        .logs()
        .iter()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["fields"]["message"] == "batch applied" && v["fields"]["items"] == 100)
        .map(|v| v["fields"]["apply_ms"].to_string())
        .collect();
    println!("apply_ms of the 100-item batches, from the collector's log: {}", applies.join(" "));
}
