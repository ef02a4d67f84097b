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

#[path = "bench/pdf_view.rs"]
mod pdf_view;

const LEADS: u64 = 100_000;
const SAVES: usize = 3_000;
const SEARCHES: usize = 300;
/// Time between saves, the same for our saves and the bare inserts. A booth saves a lead
/// every few seconds at most, so back-to-back saves would measure a queue, not a save.
const PACE: std::time::Duration = std::time::Duration::from_millis(2);

/// Named figures, printed as a table and written to the summary.
type Figures = BTreeMap<String, f64>;
/// A command-line flag and the figures it runs alone.
type Area = (&'static str, fn() -> Figures);

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // `--merge FILE`: a flat JSON object of figures from another bench, folded into the summary.
    let merge = args.iter().position(|a| a == "--merge").and_then(|i| args.get(i + 1)).map(PathBuf::from);
    // `--only-<area>`: just that area's figures (sync needs PostgreSQL and the collector binary).
    let areas: [Area; 8] = [
        ("--only-sync", sync_figures),
        ("--only-followup", followup),
        ("--only-quotes", quote_estimate),
        ("--only-visibility", visibility),
        ("--only-dashboard", dashboard),
        ("--only-content", content_import),
        ("--only-pdf", quote_pdf),
        ("--only-pdf-view", || pdf_view::pdf_view(&target_dir())),
    ];
    if let Some((_, figures)) = areas.iter().find(|(flag, _)| args.iter().any(|a| a == flag)) {
        for (k, v) in &figures() {
            println!("{k:<34} {v:>14.2}");
        }
        return;
    }
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

    eprintln!("bench: {SCANS} badge scans to saved leads…");
    let mut scan_ms = scans_to_saved(&store, &event.id, &rep.id);
    summary.insert("scan_to_saved_ms".into(), pct(&mut scan_ms, 50.0));
    summary.insert("scan_to_saved_p99_ms".into(), pct(&mut scan_ms, 99.0));

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

    eprintln!("bench: importing a {ATTENDEES}-row attendee list…");
    let (read_ms, import_ms, named) = attendee_import();
    summary.insert("attendee_list_50k_read_ms".into(), read_ms);
    summary.insert("attendee_import_50k_ms".into(), import_ms);
    summary.insert("attendee_import_reconciled".into(), named as f64);

    eprintln!("bench: exporting {EXPORTED} leads…");
    let (xlsx_ms, csv_ms) = exports();
    summary.insert("export_xlsx_10k_ms".into(), xlsx_ms);
    summary.insert("export_csv_10k_ms".into(), csv_ms);
    eprintln!("bench: quote estimates…");
    summary.extend(quote_estimate());
    eprintln!("bench: quote handout PDFs…");
    summary.extend(quote_pdf());

    eprintln!("bench: follow-up tasks…");
    summary.extend(followup());

    eprintln!("bench: content pack import…");
    summary.extend(content_import());

    eprintln!("bench: a 20 MB brochure's first page in the real window…");
    summary.extend(pdf_view::pdf_view(&target_dir()));

    eprintln!("bench: the viewer rule on the lead list…");
    summary.extend(visibility());

    eprintln!("bench: the dashboard over 100,000 leads and 300,000 tasks…");
    summary.extend(dashboard());

    eprintln!("bench: bulk upload of {SYNCED} leads to a local collector…");
    summary.extend(sync_figures());

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

const SCANS: usize = 300;
const ATTENDEES: usize = 50_000;
/// Leads waiting for the list when it is imported: a busy first morning without one.
const WAITING: usize = 300;

/// A 1280×720 webcam frame (8-bit luma) with a QR badge of `text` in it, slightly off-centre.
fn badge_frame(text: &str) -> Vec<u8> {
    let (w, h) = (1280usize, 720usize);
    let code = qrcode::QrCode::new(text.as_bytes()).expect("qr");
    let (n, colors) = (code.width(), code.to_colors());
    let scale = 6;
    let mut frame = vec![200u8; w * h];
    let (ox, oy) = (460, 160);
    for (i, c) in colors.iter().enumerate() {
        if *c == qrcode::Color::Dark {
            let (mx, my) = (i % n, i / n);
            for dy in 0..scale {
                let row = (oy + my * scale + dy) * w;
                frame[row + ox + mx * scale..row + ox + (mx + 1) * scale].fill(30);
            }
        }
    }
    frame
}

/// A webcam scan as the capture screen handles it, minus the webview: decode the frame, parse
/// the payload, look for the badge among the show's leads and its id on the attendee list,
/// save the lead. Half the badges are vCards, half id-only badges that the list names.
/// Returns milliseconds each, from frame to saved lead.
fn scans_to_saved(store: &leadtrack_store::Store, event_id: &str, rep_id: &str) -> Vec<f64> {
    let list: Vec<leadtrack_domain::Attendee> = (0..1_000)
        .map(|n| leadtrack_domain::Attendee {
            attendee_id: format!("{n:06}"),
            name: format!("Attendee {n}"),
            company: "Listed Co".into(),
            ..Default::default()
        })
        .collect();
    store.import_attendees(event_id, &list, rep_id).expect("attendees");
    let mut out = Vec::with_capacity(SCANS);
    for i in 0..SCANS {
        let payload = if i % 2 == 0 {
            format!("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Scan;Visitor{i}\r\nFN:Visitor{i} Scan\r\nORG:Bench Co\r\nEMAIL:v{i}@bench.example\r\nEND:VCARD")
        } else {
            format!("{:06}", i % 1_000)
        };
        let frame = badge_frame(&payload);
        std::thread::sleep(PACE);
        let t = Instant::now();
        let symbols = leadtrack_scan::decode_luma(1280, 720, &frame);
        let text = &symbols.first().expect("the bench badge decodes").text;
        let parsed = leadtrack_badge::parse(text, None);
        let existing = store.lead_by_badge(event_id, &parsed.raw).expect("lookup");
        assert!(existing.is_none(), "each bench badge is new");
        if let Some(id) = &parsed.attendee_id {
            store.attendee(event_id, id).expect("attendee lookup");
        }
        let f = &parsed.fields;
        let input = leadtrack_domain::LeadInput {
            event_id: event_id.to_string(),
            name: if f.name.is_empty() {
                format!("{} {}", f.first_name, f.last_name).trim().to_string()
            } else {
                f.name.clone()
            },
            company: f.company.clone(),
            email: f.email.clone(),
            source: Some(leadtrack_domain::LeadSource::RepScan),
            badge_raw: Some(parsed.raw.clone()),
            badge_format: serde_json::to_value(parsed.format).ok().and_then(|v| v.as_str().map(String::from)),
            attendee_id: parsed.attendee_id.clone(),
            draft: true,
            ..Default::default()
        };
        store.create_lead(input, rep_id).expect("save scan");
        out.push(t.elapsed().as_secs_f64() * 1e3);
    }
    out
}

/// Reads a generated 50,000-row CSV list (mixed scripts) and imports it into a show where
/// {WAITING} id-only scans wait for it. Returns (read ms, import ms incl. naming the waiting
/// scans, how many were named).
fn attendee_import() -> (f64, f64, u32) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, event, rep) = booth(dir.path());
    for n in 0..WAITING {
        let id = format!("A-{:06}", n * 97 % ATTENDEES);
        let input = leadtrack_domain::LeadInput {
            event_id: event.id.clone(),
            attendee_id: Some(id.clone()),
            badge_raw: Some(id),
            ..Default::default()
        };
        store.create_lead(input, &rep.id).expect("waiting scan");
    }
    let mut csv = String::from("Badge ID,First Name,Last Name,Company,Job Title,Email,Mobile,Country\n");
    const FIRST: [&str; 4] = ["Anna", "伟", "مینا", "James"];
    const LAST: [&str; 4] = ["Schmidt", "王", "رضایی", "O'Neil"];
    for n in 0..ATTENDEES {
        csv.push_str(&format!(
            "A{n:06},{},{},\"Company {n}, Ltd\",Buyer,p{n}@example.com,+49 30 {:07},DE\n",
            FIRST[n % 4],
            LAST[n % 4],
            n
        ));
    }
    let t = Instant::now();
    let sheet = leadtrack_sheet::read(csv.as_bytes(), "list.csv").expect("read list");
    let read_ms = t.elapsed().as_secs_f64() * 1e3;
    let columns = leadtrack_domain::AttendeeColumns::guess(&sheet.headers);
    let t = Instant::now();
    let (list, skipped) = columns.attendees(sheet.rows.iter().map(|r| (r.number as u32, r.cells.as_slice())));
    assert!(skipped.is_empty(), "every generated row has an id");
    let report = store.import_attendees(&event.id, &list, &rep.id).expect("import");
    (read_ms, t.elapsed().as_secs_f64() * 1e3, report.reconciled)
}

const EXPORTED: u64 = 10_000;

/// One show of {EXPORTED} leads exported as a workbook and as Excel CSV: the time from the
/// click to the bytes (every lead read whole from the store, then rendered), median of 3.
fn exports() -> (f64, f64) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, event, rep) = booth(dir.path());
    for chunk in (0..EXPORTED).collect::<Vec<_>>().chunks(5_000) {
        store.create_leads(chunk.iter().map(|n| sample_lead(&event.id, *n)).collect(), &rep.id).expect("seed");
    }
    let query = LeadQuery { event_id: Some(event.id.clone()), ..LeadQuery::default() };
    let time = |format| {
        let mut ms: Vec<f64> = (0..3)
            .map(|_| {
                let t = Instant::now();
                let leads = store.export_leads(&query).expect("export read");
                assert_eq!(leads.len() as u64, EXPORTED);
                let bytes = leadtrack_export::export(format, &leads).expect("export");
                assert!(!bytes.is_empty());
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        pct(&mut ms, 50.0)
    };
    (time(leadtrack_export::ExportFormat::Xlsx), time(leadtrack_export::ExportFormat::ExcelCsv))
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

const SYNCED: u64 = 1_000;

/// The sync figures: bulk upload of 1,000 leads, throughput against bare PostgreSQL, latency.
fn sync_figures() -> Figures {
    let mut figures = BTreeMap::new();
    match sync_push() {
        Ok(ms) => {
            figures.insert("sync_push_1000_leads_ms".to_string(), ms);
        }
        Err(why) => eprintln!("bench: sync_push_1000_leads_ms skipped: {why}"),
    }
    match sync_throughput() {
        Ok(f) => figures.extend(f),
        Err(why) => eprintln!("bench: sync throughput skipped: {why}"),
    }
    figures
}

/// `leadtrack sync push --all` as the library does it: 1,000 saved leads, a throwaway
/// PostgreSQL (fsync off, as in the tests) and the collector binary on 127.0.0.1, timed from
/// the first batch to the reconcile's "0 missing".
fn sync_push() -> Result<f64, String> {
    use leadtrack_collector::testkit::{CollectorProcess, PgCluster};
    use leadtrack_sync::client::{Pusher, SyncConfig, Url};

    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let collector_bin = exe.parent().ok_or("no exe dir")?.join("leadtrack-collector");
    if !collector_bin.is_file() {
        return Err(format!("{} not built (cargo build --release -p leadtrack-collector)", collector_bin.display()));
    }
    let cluster = PgCluster::start(false).map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    let url = runtime.block_on(cluster.create_database("bench")).map_err(|e| e.to_string())?;
    let collector = CollectorProcess::spawn(&collector_bin, &url, &[]).map_err(|e| e.to_string())?;
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let (store, event, rep) = booth(dir.path());
    store.create_leads((0..SYNCED).map(|n| sample_lead(&event.id, n)).collect(), &rep.id).map_err(|e| e.to_string())?;
    let store = std::sync::Arc::new(store);
    runtime.block_on(async {
        let db = leadtrack_collector::testkit::connect(&url).await.map_err(|e| e.to_string())?;
        let device = leadtrack_collector::devices::add(&db, "bench").await.map_err(|e| e.to_string())?;
        let secret = leadtrack_sync::Secret::parse(&device.secret).map_err(|e| e.to_string())?;
        let endpoint = Url::parse(&collector.url("/")).map_err(|e| e.to_string())?;
        let pusher =
            Pusher::new(store, SyncConfig::new(endpoint, device.device_id, secret)).map_err(|e| e.to_string())?;
        let t = Instant::now();
        let report = pusher.push_all(|_, _| {}).await.map_err(|e| e.to_string())?;
        let ms = t.elapsed().as_secs_f64() * 1e3;
        match report.missing.is_empty() && report.in_sync as u64 == SYNCED {
            true => Ok(ms),
            false => Err(format!("the upload was incomplete: {}", report.summary())),
        }
    })
}

/// Leads in the sync throughput figure; `LEADTRACK_BENCH_SYNC_LEADS` for a quick run.
const SYNC_LEADS: u64 = 100_000;
/// Paced saves for save-to-server-visible latency.
const VISIBLE_SAVES: usize = 300;
/// Between those saves: a booth saves a lead every few seconds, not back to back.
const VISIBLE_PACE: std::time::Duration = std::time::Duration::from_millis(20);

/// Bulk upload throughput against its ceiling, then save-to-server latency, on one durable
/// PostgreSQL (fsync on, as in production) and the release collector on 127.0.0.1:
/// - `sync_leads_per_s`: `push_waiting` of N saved leads (bulk batches, no reconcile);
/// - `bare_postgres_rows_per_s`: the same rows (id, version, hlc, hash, payload jsonb) into a
///   plain table of the same shape in the same database, one multi-row INSERT per
///   transaction of the client's bulk batch size — what any writer of these rows pays —
///   measured just before and just after the upload and averaged;
/// - `save_to_server_p50_ms`/`_p99_ms`: the sync loop running, paced saves, each timed from
///   the call to save until its row is visible in `leads_current`.
fn sync_throughput() -> Result<BTreeMap<String, f64>, String> {
    use leadtrack_collector::testkit::{CollectorProcess, PgCluster};
    use leadtrack_sync::client::{Pusher, SyncConfig, SyncHandle, Url};
    use leadtrack_sync::wire::LeadVersion;

    let e = |e: &dyn std::fmt::Display| e.to_string();
    let leads: u64 =
        std::env::var("LEADTRACK_BENCH_SYNC_LEADS").ok().and_then(|v| v.parse().ok()).unwrap_or(SYNC_LEADS);
    let exe = std::env::current_exe().map_err(|x| e(&x))?;
    let collector_bin = exe.parent().ok_or("no exe dir")?.join("leadtrack-collector");
    if !collector_bin.is_file() {
        return Err(format!("{} not built (cargo build --release -p leadtrack-collector)", collector_bin.display()));
    }
    let cluster = PgCluster::start(true).map_err(|x| e(&x))?;
    let runtime = tokio::runtime::Runtime::new().map_err(|x| e(&x))?;
    let url = runtime.block_on(cluster.create_database("bench")).map_err(|x| e(&x))?;
    let collector = CollectorProcess::spawn(&collector_bin, &url, &[]).map_err(|x| e(&x))?;
    let dir = tempfile::tempdir().map_err(|x| e(&x))?;
    let (store, event, rep) = booth(dir.path());
    eprintln!("bench: seeding {leads} leads to upload…");
    for chunk in (0..leads).collect::<Vec<_>>().chunks(5_000) {
        store.create_leads(chunk.iter().map(|n| sample_lead(&event.id, *n)).collect(), &rep.id).map_err(|x| e(&x))?;
    }
    // The search index catches up first, as it has long done on a device with a day's leads:
    // its background work would otherwise compete with the upload for the store.
    store.index_pending().map_err(|x| e(&x))?;
    store.checkpoint().map_err(|x| e(&x))?;
    let store = std::sync::Arc::new(store);
    let mut out = BTreeMap::new();
    runtime.block_on(async {
        let db = leadtrack_collector::testkit::connect(&url).await.map_err(|x| e(&x))?;
        let device = leadtrack_collector::devices::add(&db, "bench").await.map_err(|x| e(&x))?;
        let secret = leadtrack_sync::Secret::parse(&device.secret).map_err(|x| e(&x))?;
        let endpoint = Url::parse(&collector.url("/")).map_err(|x| e(&x))?;
        let config = SyncConfig::new(endpoint, device.device_id, secret);
        let batch = config.bulk_items;

        // The ceiling is measured just before and just after the upload (the same rows, each
        // into a table of its own) and averaged, so a change in the machine's load during the
        // run moves both sides of the ratio alike.
        let rows = store
            .reconcile_items()
            .map_err(|x| e(&x))?
            .into_iter()
            .map(|i| LeadVersion::from_lead(i.lead))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|x| e(&x))?;
        eprintln!("bench: {leads} rows as bare INSERTs (before the upload)…");
        let bare_before = bare_postgres(&db, "bare_leads_before", &rows, batch).await?;

        eprintln!("bench: uploading {leads} leads in batches of {batch}…");
        let pusher = Pusher::new(store.clone(), config.clone()).map_err(|x| e(&x))?;
        let t = Instant::now();
        let settled = pusher.push_waiting(|_, _| {}).await.map_err(|x| e(&x))?;
        let sync_s = t.elapsed().as_secs_f64();
        let on_server: i64 = db.query_one("SELECT count(*) FROM leads_current", &[]).await.map_err(|x| e(&x))?.get(0);
        if settled != leads || on_server as u64 != leads {
            return Err(format!("incomplete upload: {settled} settled, {on_server} on the server of {leads}"));
        }
        drop(pusher);
        // Where the time went: the collector's own handling time of the batches (its log).
        let server_ms: u64 = collector
            .logs()
            .iter()
            .filter(|l| l.contains("lead-batches"))
            .filter_map(|l| l.split("\"ms\":").nth(1)?.split(|c: char| !c.is_ascii_digit()).next()?.parse::<u64>().ok())
            .sum();
        let (batches, per_batch): (i64, f64) = db
            .query_one("SELECT count(*), coalesce(avg(item_count), 0)::float8 FROM batches", &[])
            .await
            .map(|r| (r.get(0), r.get(1)))
            .map_err(|x| e(&x))?;
        eprintln!(
            "bench: upload {:.0} ms in {batches} batches of {per_batch:.0} leads on average; the collector handled \
             them for {server_ms} ms",
            sync_s * 1e3
        );

        eprintln!("bench: the same {leads} rows as bare INSERTs (after the upload)…");
        let bare_after = bare_postgres(&db, "bare_leads_after", &rows, batch).await?;
        eprintln!(
            "bench: bare INSERTs {:.0} rows/s before the upload, {:.0} after",
            leads as f64 / bare_before,
            leads as f64 / bare_after
        );
        let bare_s = (bare_before + bare_after) / 2.0;
        out.insert("sync_leads_per_s".to_string(), leads as f64 / sync_s);
        out.insert("bare_postgres_rows_per_s".to_string(), leads as f64 / bare_s);
        out.insert("sync_ratio_to_bare_postgres".to_string(), bare_s / sync_s);

        eprintln!("bench: {VISIBLE_SAVES} paced saves, each until visible on the server…");
        let sync = SyncHandle::start(store.clone(), config, &tokio::runtime::Handle::current()).map_err(|x| e(&x))?;
        let visible =
            db.prepare("SELECT 1 FROM leads_current WHERE lead_id = $1::text::uuid").await.map_err(|x| e(&x))?;
        let mut ms = Vec::with_capacity(VISIBLE_SAVES);
        for n in 0..VISIBLE_SAVES as u64 {
            tokio::time::sleep(VISIBLE_PACE).await;
            let t = Instant::now();
            let lead = store.create_lead(sample_lead(&event.id, leads + n), &rep.id).map_err(|x| e(&x))?;
            sync.nudge();
            while db.query_opt(&visible, &[&lead.id]).await.map_err(|x| e(&x))?.is_none() {
                if t.elapsed().as_secs() > 30 {
                    return Err(format!("save {n} was not visible on the server after 30 s"));
                }
                tokio::time::sleep(std::time::Duration::from_millis(1)).await;
            }
            ms.push(t.elapsed().as_secs_f64() * 1e3);
        }
        sync.stop();
        out.insert("save_to_server_p50_ms".to_string(), pct(&mut ms, 50.0));
        out.insert("save_to_server_p99_ms".to_string(), pct(&mut ms, 99.0));
        Ok(out)
    })
}

/// The ceiling: `rows` into a new bare `table` shaped like the collector's `leads_current`,
/// one `INSERT … SELECT FROM unnest(…)` per transaction of `batch` rows. Returns seconds.
async fn bare_postgres(
    db: &tokio_postgres::Client,
    table: &str,
    rows: &[leadtrack_sync::wire::LeadVersion],
    batch: usize,
) -> Result<f64, String> {
    use tokio_postgres::types::Json;
    let e = |e: tokio_postgres::Error| e.to_string();
    db.batch_execute(&format!(
        "CREATE TABLE {table} (lead_id uuid PRIMARY KEY, version bigint NOT NULL, hlc text COLLATE \"C\" NOT NULL,
                               hash text NOT NULL, payload jsonb NOT NULL)"
    ))
    .await
    .map_err(e)?;
    let insert = db
        .prepare(&format!(
            "INSERT INTO {table} (lead_id, version, hlc, hash, payload)
             SELECT * FROM unnest($1::text[]::uuid[], $2::bigint[], $3::text[], $4::text[], $5::jsonb[])"
        ))
        .await
        .map_err(e)?;
    let t = Instant::now();
    for chunk in rows.chunks(batch.max(1)) {
        let ids: Vec<&str> = chunk.iter().map(|r| r.lead_id.as_str()).collect();
        let versions: Vec<i64> = chunk.iter().map(|r| i64::from(r.version)).collect();
        let hlcs: Vec<&str> = chunk.iter().map(|r| r.hlc.as_str()).collect();
        let hashes: Vec<&str> = chunk.iter().map(|r| r.hash.as_str()).collect();
        let payloads: Vec<Json<&leadtrack_domain::Lead>> = chunk.iter().map(|r| Json(&r.lead)).collect();
        db.batch_execute("BEGIN").await.map_err(e)?;
        db.execute(&insert, &[&ids, &versions, &hlcs, &hashes, &payloads]).await.map_err(e)?;
        db.batch_execute("COMMIT").await.map_err(e)?;
    }
    Ok(t.elapsed().as_secs_f64())
}

/// The estimator on the shipped sample pricebook: a 5-line quote (tiers, options, a
/// formulation product, shipping), 20,000 times after a warm-up. `quote_estimate_us` is the
/// median of one whole quote, `quote_estimate_p99_us` its 99th percentile.
fn quote_estimate() -> BTreeMap<String, f64> {
    use leadtrack_domain::quote::{estimate, EstimateRequest, LineRequest};
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../assets/pricebooks/sample-pricebook.csv"))
        .expect("sample pricebook");
    let sheet = leadtrack_sheet::read(&bytes, "sample-pricebook.csv").expect("sheet");
    let (pb, errors) = leadtrack_domain::pricebook_import::from_rows(
        &sheet.headers,
        sheet.rows.iter().map(|r| (r.number as u32, r.cells.as_slice())),
    );
    let pb = pb.unwrap_or_else(|| panic!("sample pricebook: {errors:?}"));
    let line = |sku: &str, qty: u32, options: &[&str]| LineRequest {
        sku: sku.into(),
        qty,
        options: options.iter().map(|o| o.to_string()).collect(),
        ..LineRequest::default()
    };
    let request = EstimateRequest {
        lines: vec![
            line("MUG-350", 2500, &["PRINT1", "GIFTBOX"]),
            line("BTL-500", 5000, &["LASER", "PANTONE"]),
            line("TOTE-CN", 200, &["SCREEN"]),
            line("SERUM-30", 12_000, &["BOXPRINT"]),
            line("MUG-350", 20_000, &["WRAP"]),
        ],
        shipping_method: Some("Sea".into()),
        destination: Some("EU".into()),
        shipping_days: None,
    };
    for _ in 0..1_000 {
        std::hint::black_box(estimate(&pb, &request).expect("estimate"));
    }
    let mut us = Vec::with_capacity(20_000);
    for _ in 0..20_000 {
        let t = Instant::now();
        std::hint::black_box(estimate(std::hint::black_box(&pb), &request).expect("estimate"));
        us.push(t.elapsed().as_secs_f64() * 1e6);
    }
    BTreeMap::from([
        ("quote_estimate_us".to_string(), pct(&mut us, 50.0)),
        ("quote_estimate_p99_us".to_string(), pct(&mut us, 99.0)),
    ])
}

/// A 64 MB content pack (eight 8 MB PDFs of incompressible bytes) imported from a folder into a
/// fresh store: read, size/SHA-256/magic checked, written durably into the cache, switched in one
/// transaction. Best of three, each into a new data folder so nothing is cached yet.
/// `pdf_20mb_first_page_ms` (click to first page in the real window) is not measured here.
fn content_import() -> BTreeMap<String, f64> {
    use leadtrack_content::import::Folder;
    const FILES: usize = 8;
    const SIZE: usize = 8 * 1024 * 1024;
    let pack = tempfile::tempdir().expect("temp dir");
    let mut items = Vec::new();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for f in 0..FILES {
        let mut bytes = b"%PDF-1.4\n".to_vec();
        while bytes.len() < SIZE {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            bytes.extend_from_slice(&x.to_le_bytes());
        }
        let path = format!("file-{f}.pdf");
        std::fs::write(pack.path().join(&path), &bytes).expect("write pack file");
        items.push(serde_json::json!({ "id": format!("f{f}"), "title": path, "kind": "pdf", "language": "en",
            "path": path, "sha256": leadtrack_content::sha256_hex(&bytes), "size": bytes.len() }));
    }
    let manifest = serde_json::json!({ "format": 1, "pack_version": "bench", "items": items });
    std::fs::write(pack.path().join(leadtrack_content::MANIFEST_FILE), manifest.to_string()).expect("manifest");
    let mut best = f64::MAX;
    for _ in 0..3 {
        let data = tempfile::tempdir().expect("temp dir");
        let store = leadtrack_store::Store::open(data.path()).expect("store");
        let t = Instant::now();
        let mut source = Folder::open(pack.path()).expect("pack");
        store.install_content_pack(&mut source, "folder").expect("import");
        best = best.min(t.elapsed().as_secs_f64());
    }
    let mb = (FILES * SIZE) as f64 / (1024.0 * 1024.0);
    BTreeMap::from([("pack_import_mb_per_s".to_string(), mb / best)])
}

/// A 10-line quote handout with Chinese text (visitor, company, products), rendered 30 times
/// after one warm-up render (which also parses the embedded fonts: `quote_pdf_first_ms`).
/// `quote_pdf_ms` is the median, `quote_pdf_bytes` the file size.
fn quote_pdf() -> BTreeMap<String, f64> {
    use leadtrack_pdf::{Branding, HandoutLabels, HandoutLine, Paper, QuoteHandout, RepContact};
    let lines = (1..=10)
        .map(|i| HandoutLine {
            product: format!("定制包装盒 型号 PX-{i:03} (Kraft mailer, 2-colour print)"),
            qty_text: format!("{} pcs", i * 1_000),
            unit_range_text: format!("¥{}.20 – ¥{}.80", i, i + 1),
            total_range_text: format!("¥{},200 – ¥{},800", i * 1_000, (i + 1) * 1_000),
            lead_time_text: format!("{}–{} days", 15 + i, 20 + i),
        })
        .collect();
    let quote = QuoteHandout {
        paper: Paper::A4,
        branding: Branding { company_name: "Acme Packaging GmbH".into(), logo_png: None, primary_color: [11, 92, 173], accent_color: None },
        visitor_name: "王伟".into(),
        visitor_company: "深圳市华强电子有限公司".into(),
        show_name: "中国进出口商品交易会 2026".into(),
        quote_id: "Q-2026-0042".into(),
        created_on: "2026-11-23".into(),
        lines,
        total_range_text: "¥55,200 – ¥66,800".into(),
        lead_time_text: "25–30 days".into(),
        valid_until_text: "2026-12-23".into(),
        notes: "价格为深圳离岸价。样品在设计确认后 7 天内寄出。".into(),
        promo_code: Some("CANTON26-WW".into()),
        rep: RepContact { name: "Lena Fischer".into(), title: "Key Account Manager".into(), email: "lena@acme.example".into(), phone: "+49 30 1234567".into() },
        qr_payload: "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Lena Fischer\r\nTEL:+49 30 1234567\r\nEMAIL:lena@acme.example\r\nEND:VCARD".into(),
        disclaimer: "Ballpark estimate for discussion at the show, not an offer.".into(),
        labels: HandoutLabels::english(),
        rtl: false,
    };
    let t = Instant::now();
    let bytes = leadtrack_pdf::render_quote_handout(&quote).expect("render");
    let first_ms = t.elapsed().as_secs_f64() * 1e3;
    let mut times: Vec<f64> = (0..30)
        .map(|_| {
            let t = Instant::now();
            leadtrack_pdf::render_quote_handout(&quote).expect("render");
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    BTreeMap::from([
        ("quote_pdf_first_ms".to_string(), first_ms),
        ("quote_pdf_ms".to_string(), pct(&mut times, 50.0)),
        ("quote_pdf_bytes".to_string(), bytes.len() as f64),
    ])
}

/// Follow-up: a graded save (lead + its playbook tasks + alert) against the same save ungraded,
/// and a rep's Today list, reminders and calendar when the booth holds 20,000 A/B/C leads
/// (about 50,000 tasks) shared by 10 reps.
fn followup() -> BTreeMap<String, f64> {
    use leadtrack_domain::{Grade, Role};
    const FOLLOWUP_LEADS: u64 = 20_000;
    const REPS: u64 = 10;
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, event, first) = booth(dir.path());
    let mut reps = vec![first];
    for i in 1..REPS {
        reps.push(store.create_user(&format!("Rep {i}"), "", Role::Rep).expect("rep"));
    }
    let grades = [Grade::A, Grade::B, Grade::C];
    for (i, rep) in reps.iter().enumerate() {
        let batch = (0..FOLLOWUP_LEADS / REPS)
            .map(|n| {
                let n = i as u64 * 1_000_000 + n;
                leadtrack_domain::LeadInput { grade: Some(grades[(n % 3) as usize]), ..sample_lead(&event.id, n) }
            })
            .collect();
        store.create_leads(batch, &rep.id).expect("seed graded leads");
    }
    let mut graded = Vec::new();
    let mut plain = Vec::new();
    for n in 0..300u64 {
        std::thread::sleep(PACE);
        let input = sample_lead(&event.id, 9_000_000 + n);
        let t = Instant::now();
        store
            .create_lead(leadtrack_domain::LeadInput { grade: Some(Grade::A), ..input.clone() }, &reps[0].id)
            .expect("save");
        graded.push(t.elapsed().as_secs_f64() * 1e6);
        std::thread::sleep(PACE);
        let t = Instant::now();
        store.create_lead(input, &reps[0].id).expect("save");
        plain.push(t.elapsed().as_secs_f64() * 1e6);
    }
    let now = leadtrack_store::now_ms();
    let mut today = Vec::new();
    let mut count = 0;
    for _ in 0..50 {
        let t = Instant::now();
        count = store.tasks_for_user(&reps[1].id, now).expect("today").len();
        today.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let t = Instant::now();
    store.take_reminders(&reps[1].id, now).expect("reminders");
    let reminders_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let ics = store.tasks_ics(&reps[1].id, now).expect("ics");
    let ics_ms = t.elapsed().as_secs_f64() * 1e3;
    assert!(ics.contains("BEGIN:VEVENT"));
    let mut out = BTreeMap::new();
    out.insert("followup_graded_save_p50_us".into(), pct(&mut graded, 50.0));
    out.insert("followup_ungraded_save_p50_us".into(), pct(&mut plain, 50.0));
    out.insert("followup_today_p95_ms".into(), pct(&mut today, 95.0));
    out.insert("followup_today_tasks".into(), count as f64);
    out.insert("followup_first_reminders_ms".into(), reminders_ms);
    out.insert("followup_ics_ms".into(), ics_ms);
    out
}

/// The viewer rule's cost on the lead list: 100,000 leads captured by 10 reps (one in 50
/// assigned to someone else), searched unscoped (`search_leads`, what the list did before
/// sign-in), as a manager (sees all) and as a rep (SQL filter `captured_by = me OR
/// assigned_to = me`), with text and without (browse), the same queries each time.
fn visibility() -> BTreeMap<String, f64> {
    use leadtrack_domain::{Role, Viewer};
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, event, first) = booth(dir.path());
    let mut reps = vec![first];
    for i in 1..10 {
        reps.push(store.create_user(&format!("Rep {i}"), "", Role::Rep).expect("rep"));
    }
    let manager = store.create_user("Manager", "", Role::Manager).expect("manager");
    let leads: u64 = std::env::var("LEADTRACK_BENCH_LEADS").ok().and_then(|v| v.parse().ok()).unwrap_or(LEADS);
    let mut n = 0;
    while n < leads {
        let rep = &reps[(n / 1_000 % 10) as usize];
        let chunk: Vec<_> = (n..(n + 1_000).min(leads)).map(|i| sample_lead(&event.id, i)).collect();
        n += chunk.len() as u64;
        store.create_leads(chunk, &rep.id).expect("seed");
    }
    let every = store.search_leads(&LeadQuery { limit: Some(5_000), ..LeadQuery::default() }).expect("list");
    let boss = Viewer::of(&manager);
    let moves: Vec<_> = every
        .iter()
        .step_by(50)
        .enumerate()
        .map(|(i, l)| leadtrack_store::Assignment { lead_id: l.id.clone(), user_id: reps[i % 10].id.clone() })
        .collect();
    store.assign_leads(&boss, &moves).expect("assign");
    store.index_pending().expect("index");
    store.checkpoint().expect("checkpoint");

    let rep = Viewer::of(&reps[3]);
    let texts = ["华强照明", "پارس", "Lichtwerk", "visitor4242", "明亮", "James 99", "رضا", ""];
    let run = |who: Option<&Viewer>| {
        let mut ms = Vec::with_capacity(SEARCHES);
        for i in 0..SEARCHES {
            let q = LeadQuery { text: texts[i % texts.len()].to_string(), limit: Some(200), ..LeadQuery::default() };
            let t = Instant::now();
            match who {
                Some(v) => store.search_leads_as(v, &q).expect("search"),
                None => store.search_leads(&q).expect("search"),
            };
            ms.push(t.elapsed().as_secs_f64() * 1e3);
        }
        ms
    };
    let (mut unscoped, mut as_manager, mut as_rep) = (run(None), run(Some(&boss)), run(Some(&rep)));
    BTreeMap::from([
        ("search_unscoped_p50_ms".into(), pct(&mut unscoped, 50.0)),
        ("search_manager_p50_ms".into(), pct(&mut as_manager, 50.0)),
        ("search_rep_p50_ms".into(), pct(&mut as_rep, 50.0)),
        ("search_rep_p95_ms".into(), pct(&mut as_rep, 95.0)),
    ])
}

/// The dashboard over a big show: 100,000 leads by 10 reps (grades, statuses, countries,
/// titles and interests varied), 300,000 follow-up tasks and 50,000 calls, read as a manager
/// (the whole show) and as one rep (their tenth), in one snapshot each.
fn dashboard() -> BTreeMap<String, f64> {
    use leadtrack_domain::{Role, Viewer};
    const DASH_LEADS: u64 = 100_000;
    const TASKS_PER_LEAD: u64 = 3;
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, event, first) = booth(dir.path());
    let mut reps = vec![first];
    for i in 1..10 {
        reps.push(store.create_user(&format!("Rep {i}"), "", Role::Rep).expect("rep"));
    }
    let manager = store.create_user("Manager", "", Role::Manager).expect("manager");
    for (i, rep) in reps.iter().enumerate() {
        let per = DASH_LEADS / reps.len() as u64;
        for chunk in (0..per).collect::<Vec<_>>().chunks(5_000) {
            let batch = chunk.iter().map(|n| sample_lead(&event.id, i as u64 * 1_000_000 + n)).collect();
            store.create_leads(batch, &rep.id).expect("seed");
        }
    }
    // Grades, statuses, regions, capture times, tasks and touches written directly: the
    // figures need their variety, not the save path's cost.
    {
        let mut c = Connection::open(store.path()).expect("open");
        let tx = c.transaction_with_behavior(TransactionBehavior::Immediate).expect("tx");
        tx.execute_batch(
            "UPDATE leads SET
                grade = CASE seq % 5 WHEN 0 THEN 'A' WHEN 1 THEN 'B' WHEN 2 THEN 'C' WHEN 3 THEN 'D' ELSE NULL END,
                status = CASE seq % 11 WHEN 0 THEN 'won' WHEN 1 THEN 'lost' WHEN 2 THEN 'quoted'
                         WHEN 3 THEN 'opportunity' WHEN 4 THEN 'contacted' ELSE 'new' END,
                country = CASE seq % 4 WHEN 0 THEN 'CN' WHEN 1 THEN 'DE' WHEN 2 THEN 'IR' ELSE 'US' END,
                title = CASE seq % 3 WHEN 0 THEN 'Buyer' WHEN 1 THEN 'Engineer' ELSE 'Director' END,
                created_at = 1779606000000 + (seq % 2880) * 60000;",
        )
        .expect("vary leads");
        {
            let mut task = tx
                .prepare(
                    "INSERT INTO tasks (id, lead_id, kind, due_at, status, created_at)
                     SELECT printf('t%d-%d', seq, ?1), id, 'call', created_at + ?1 * 86400000,
                            CASE (seq + ?1) % 3 WHEN 0 THEN 'done' ELSE 'open' END, created_at FROM leads",
                )
                .expect("prepare tasks");
            for k in 0..TASKS_PER_LEAD {
                task.execute([k as i64]).expect("tasks");
            }
        }
        tx.execute_batch(
            "INSERT INTO interactions (id, lead_id, kind, at, by_user, detail_json)
             SELECT 'i' || seq, id, 'call', created_at + (seq % 97) * 3600000, captured_by, '{}'
             FROM leads WHERE seq % 2 = 0;",
        )
        .expect("touches");
        tx.commit().expect("commit");
    }
    store.checkpoint().expect("checkpoint");
    if let Some(keep) = std::env::var_os("LEADTRACK_BENCH_KEEP_DB") {
        std::fs::copy(store.path(), keep).expect("keep the dashboard database");
    }
    let now = 1_779_800_000_000;
    let mut as_manager = Vec::new();
    let mut as_rep = Vec::new();
    let mut total = 0;
    for _ in 0..30 {
        let t = Instant::now();
        let d = store.dashboard_as(&Viewer::of(&manager), Some(&event.id), now).expect("dashboard");
        as_manager.push(t.elapsed().as_secs_f64() * 1e3);
        total = d.total_leads;
        let t = Instant::now();
        store.dashboard_as(&Viewer::of(&reps[3]), Some(&event.id), now).expect("dashboard");
        as_rep.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let mut out = BTreeMap::new();
    out.insert("dashboard_p95_ms".into(), pct(&mut as_manager, 95.0));
    out.insert("dashboard_p50_ms".into(), pct(&mut as_manager, 50.0));
    out.insert("dashboard_rep_p95_ms".into(), pct(&mut as_rep, 95.0));
    out.insert("dashboard_leads".into(), total as f64);
    out
}
