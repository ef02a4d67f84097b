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
