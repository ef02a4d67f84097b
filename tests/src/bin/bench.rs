//! `cargo xtask bench`: LeadTrack's measured numbers. Prints a table and writes
//! `target/bench/summary.json`, one flat object whose keys name the figure and its unit.
//!
//! Save latency is measured against a bare rusqlite INSERT + COMMIT under the same PRAGMAs
//! in the same run, so the ratio says what our transaction (lead + version + outbox + search queue)
//! costs over SQLite's own floor on this disk.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use leadtrack_domain::LeadQuery;
use leadtrack_tests::{booth, sample_lead};
use rusqlite::{Connection, TransactionBehavior};

const LEADS: u64 = 100_000;
const SAVES: usize = 3_000;
const SEARCHES: usize = 300;
/// Time between saves, the same for our saves and the bare inserts. A booth saves a lead
/// every few seconds at most, so back-to-back saves would measure a queue, not a save.
const PACE: std::time::Duration = std::time::Duration::from_millis(2);

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // `--merge FILE`: a flat JSON object of figures from another bench, folded into the summary.
    let merge = args.iter().position(|a| a == "--merge").and_then(|i| args.get(i + 1)).map(PathBuf::from);
    let leads: u64 = std::env::var("LEADTRACK_BENCH_LEADS").ok().and_then(|v| v.parse().ok()).unwrap_or(LEADS);
    let mut summary: BTreeMap<String, f64> = BTreeMap::new();
    let dir = tempfile::tempdir().expect("temp dir");

    eprintln!("bench: seeding {leads} leads…");
    let (store, event, rep) = booth(dir.path());
    let t = Instant::now();
    for chunk in (0..leads).collect::<Vec<_>>().chunks(5_000) {
        store.create_leads(chunk.iter().map(|n| sample_lead(&event.id, *n)).collect(), &rep.id).expect("seed");
    }
    summary.insert("seed_leads_per_s".into(), leads as f64 / t.elapsed().as_secs_f64());
    store.index_pending().expect("index");
    store.checkpoint().expect("checkpoint");
    // Start-up cost at this size: integrity check, migrations check, clock resume.
    drop(store);
    let t = Instant::now();
    let store = leadtrack_store::Store::open(dir.path()).expect("reopen");
    summary.insert("open_store_100k_ms".into(), t.elapsed().as_secs_f64() * 1e3);

    eprintln!("bench: {SAVES} saves into a store of {leads} leads…");
    let mut save_us = Vec::with_capacity(SAVES);
    for i in 0..SAVES {
        let input = sample_lead(&event.id, leads + i as u64);
        std::thread::sleep(PACE);
        let t = Instant::now();
        store.create_lead(input, &rep.id).expect("save");
        save_us.push(t.elapsed().as_secs_f64() * 1e6);
    }

    eprintln!("bench: {SAVES} bare inserts…");
    let bare_us = bare_inserts(dir.path().join("bare.sqlite3"), leads);

    eprintln!("bench: {SEARCHES} searches…");
    let queries = [
        "华强照明",
        "پارس",
        "Lichtwerk",
        "visitor4242",
        "明亮",
        "James 99",
        "Brightline Supply 5",
        "رضا",
        "visitor777@",
    ];
    let mut search_ms = Vec::with_capacity(SEARCHES);
    for i in 0..SEARCHES {
        let q = LeadQuery { text: queries[i % queries.len()].to_string(), limit: Some(200), ..LeadQuery::default() };
        let t = Instant::now();
        let rows = store.search_leads(&q).expect("search");
        search_ms.push(t.elapsed().as_secs_f64() * 1e3);
        assert!(!rows.is_empty(), "{} found nothing", q.text);
    }

    summary.insert("save_p50_us".into(), pct(&mut save_us, 50.0));
    summary.insert("save_p99_us".into(), pct(&mut save_us, 99.0));
    let mut bare = bare_us;
    summary.insert("bare_insert_p50_us".into(), pct(&mut bare, 50.0));
    summary.insert("bare_insert_p99_us".into(), pct(&mut bare, 99.0));
    summary.insert("save_p50_ratio_to_bare_sqlite".into(), summary["save_p50_us"] / summary["bare_insert_p50_us"]);
    summary.insert("save_p99_ratio_to_bare_sqlite".into(), summary["save_p99_us"] / summary["bare_insert_p99_us"]);
    summary.insert("search_p50_ms".into(), pct(&mut search_ms, 50.0));
    summary.insert("search_p95_ms".into(), pct(&mut search_ms, 95.0));
    summary.insert("search_leads_count".into(), (leads + SAVES as u64) as f64);

    if let Some(path) = merge {
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("--merge {}: {e}", path.display()));
        let other: BTreeMap<String, serde_json::Value> =
            serde_json::from_str(&text).expect("--merge: a flat JSON object");
        summary.extend(other.into_iter().filter_map(|(k, v)| v.as_f64().map(|v| (k, v))));
    }
    println!("{:<34} {:>14}", "figure", "value");
    for (k, v) in &summary {
        println!("{k:<34} {v:>14.2}");
    }
    let out = target_dir().join("bench");
    std::fs::create_dir_all(&out).expect("create target/bench");
    let path = out.join("summary.json");
    std::fs::write(&path, serde_json::to_string_pretty(&summary).expect("json")).expect("write summary");
    println!("wrote {}", path.display());
}

/// The floor: one row into a table of the same width and size, BEGIN IMMEDIATE … COMMIT,
/// WAL with synchronous=FULL — what any SQLite app on this disk pays per durable write.
fn bare_inserts(path: PathBuf, prefill: u64) -> Vec<f64> {
    let mut c = Connection::open(path).expect("open bare");
    c.pragma_update(None, "journal_mode", "WAL").unwrap();
    c.pragma_update(None, "synchronous", "FULL").unwrap();
    c.execute_batch(
        "CREATE TABLE bare (id TEXT PRIMARY KEY, name TEXT, company TEXT, title TEXT, email TEXT, key_needs TEXT, updated_at INTEGER)",
    )
    .unwrap();
    let row = |n: u64| {
        let l = sample_lead("e", n);
        (uuid_like(n), l.name, l.company, l.title, l.email, l.key_needs, n as i64)
    };
    let tx = c.transaction().unwrap();
    for n in 0..prefill {
        tx.execute("INSERT INTO bare VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", row(n)).unwrap();
    }
    tx.commit().unwrap();
    c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).unwrap();
    let mut us = Vec::with_capacity(SAVES);
    for i in 0..SAVES as u64 {
        let r = row(prefill + i);
        std::thread::sleep(PACE);
        let t = Instant::now();
        let tx = c.transaction_with_behavior(TransactionBehavior::Immediate).unwrap();
        tx.prepare_cached("INSERT INTO bare VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)").unwrap().execute(r).unwrap();
        tx.commit().unwrap();
        us.push(t.elapsed().as_secs_f64() * 1e6);
    }
    us
}

fn uuid_like(n: u64) -> String {
    format!("0190f2ac-0000-7000-8000-{n:012x}")
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    let i = ((p / 100.0) * (v.len() - 1) as f64).round() as usize;
    v[i]
}

fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"),
    }
}
