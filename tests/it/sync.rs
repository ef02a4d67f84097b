//! The device's sync against the real collector and a real PostgreSQL on 127.0.0.1 (started
//! here by the collector's testkit), through a fault-injecting proxy written below: lost
//! answers after the server committed, 35 s stalls, flapping connections, 429/503 with
//! `Retry-After`, 413 above a batch size, garbage answers; SIGKILLs of the client and a
//! collector restart mid-push. Every test ends with the checker: nothing lost, nothing
//! duplicated, newest edit wins, parked items listed.
//!
//! The client's request timeout is 2 s here (30 s in the app) so the 35 s stall exercises
//! the timeout-and-resend path without making the suite slow; backoff is shortened the same
//! way. `Retry-After` is honoured as sent (1 s). PostgreSQL missing → skipped, or a failure
//! with LEADTRACK_REQUIRE_POSTGRES=1. The collector and `leadtrack` binaries are taken from
//! the target directory (built first if absent: `cargo build -p leadtrack-collector -p leadtrack-cli`).
//! Counts are small by default; `LEADTRACK_SYNC_LARGE=1` runs the bulk tests with 20,000 leads.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use leadtrack_collector::testkit::{self, CollectorProcess, TestkitError};
use leadtrack_domain::InteractionKind;
use leadtrack_store::Store;
use leadtrack_sync::client::{Pusher, SyncConfig, SyncError, SyncHandle, Url};
use leadtrack_sync::Secret;
use leadtrack_tests::{booth, sample_lead, Rng};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

// --- Harness -------------------------------------------------------------------------------

/// A binary of another package, from this target directory; built when absent.
fn sibling_bin(package: &str, bin: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(Path::parent).unwrap().to_path_buf();
    let path = dir.join(bin);
    if !path.is_file() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let ok = Command::new(cargo).args(["build", "-p", package, "--bin", bin]).status().is_ok_and(|s| s.success());
        assert!(ok, "cannot build {bin}: run `cargo build -p {package}` first");
    }
    path
}

struct Env {
    url: String,
    db: tokio_postgres::Client,
    collector: CollectorProcess,
    device_id: String,
    secret: Secret,
    /// What `leadtrack-collector device add` prints: the credentials file of the CLI.
    credentials: String,
}

async fn env(name: &str) -> Option<Env> {
    let cluster = match testkit::shared() {
        Ok(c) => c,
        Err(why) if why == TestkitError::NoPostgres.to_string() && !testkit::required() => {
            eprintln!("SKIPPED {name}: {why} (set {}=1 to make this a failure)", testkit::REQUIRE_ENV);
            return None;
        }
        Err(why) => panic!("PostgreSQL for the sync tests: {why}"),
    };
    let url = cluster.create_database(name).await.unwrap();
    let db = testkit::connect(&url).await.unwrap();
    let collector =
        CollectorProcess::spawn(&sibling_bin("leadtrack-collector", "leadtrack-collector"), &url, &[]).unwrap();
    let e = leadtrack_collector::devices::add(&db, "booth laptop").await.unwrap();
    let credentials = serde_json::json!({ "device_id": e.device_id, "secret": e.secret }).to_string();
    Some(Env { url, db, collector, device_id: e.device_id, secret: Secret::parse(&e.secret).unwrap(), credentials })
}

impl Env {
    fn config(&self, endpoint: &str) -> SyncConfig {
        let mut c = SyncConfig::new(Url::parse(endpoint).unwrap(), self.device_id.clone(), self.secret.clone());
        c.request_timeout = Duration::from_secs(2);
        c.connect_timeout = Duration::from_secs(1);
        c.backoff_base = Duration::from_millis(20);
        c.backoff_cap = Duration::from_millis(500);
        c.idle_interval = Duration::from_secs(1);
        c
    }

    fn restart_collector(&mut self) {
        self.collector.kill();
        self.collector =
            CollectorProcess::spawn(&sibling_bin("leadtrack-collector", "leadtrack-collector"), &self.url, &[])
                .unwrap();
    }
}

/// Leads for the bulk tests: a few hundred, or 20,000 with `LEADTRACK_SYNC_LARGE=1`.
fn scale() -> u64 {
    match std::env::var("LEADTRACK_SYNC_LARGE").is_ok_and(|v| v == "1") {
        true => 20_000,
        false => 300,
    }
}

/// Sets the store's last HLC stamp `ahead_ms` past now (as if its wall clock were that fast)
/// and optionally its device id; the store must be closed.
fn skew_store(dir: &Path, ahead_ms: i64, device_id: Option<&str>) {
    let conn = rusqlite::Connection::open(dir.join(leadtrack_store::DB_FILE)).unwrap();
    if let Some(id) = device_id {
        conn.execute("UPDATE settings SET value = ?1 WHERE key = 'device_id'", [id]).unwrap();
    }
    let node: String = conn.query_row("SELECT value FROM settings WHERE key = 'device_id'", [], |r| r.get(0)).unwrap();
    let stamp = leadtrack_domain::Hlc { ms: leadtrack_store::now_ms() + ahead_ms, counter: 0, node };
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('hlc_last', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [stamp.to_string()],
    )
    .unwrap();
}

/// Waits until the outbox has nothing pending or in flight.
async fn drained(store: &Store, within: Duration) {
    let deadline = Instant::now() + within;
    loop {
        let c = store.sync_status().unwrap();
        if c.pending + c.inflight == 0 {
            return;
        }
        assert!(Instant::now() < deadline, "the outbox did not drain in {within:?}: {c:?}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

// --- The checker ---------------------------------------------------------------------------

/// Compares the device with PostgreSQL. Every lead whose versions were all delivered is on
/// the server in its newest version and stamp; every version the device delivered is in
/// the server's history exactly once; the server holds nothing the device did not send.
/// Returns the number of leads checked.
async fn check(store: &Store, db: &tokio_postgres::Client) -> usize {
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    let device: HashMap<String, (i64, String)> = conn
        .prepare("SELECT id, version, hlc FROM leads")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let versions: HashSet<(String, String)> = conn
        .prepare("SELECT lead_id, hlc FROM lead_versions")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let parked: HashSet<String> = store.parked_items().unwrap().into_iter().map(|p| p.lead_id).collect();
    let current: HashMap<String, (i64, String)> = db
        .query("SELECT lead_id::text, version, hlc FROM leads_current", &[])
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.get(0), (r.get(1), r.get(2))))
        .collect();
    let history: Vec<(String, String, i64)> = db
        .query("SELECT lead_id::text, hlc, count(*) FROM lead_history GROUP BY 1, 2", &[])
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    for (id, newest) in &device {
        if parked.contains(id) {
            continue;
        }
        let on_server = current.get(id).unwrap_or_else(|| panic!("lost: lead {id} {newest:?} is not on the server"));
        assert_eq!(on_server, newest, "lead {id}: the newest edit must win on the server");
    }
    for id in current.keys() {
        assert!(device.contains_key(id), "the server holds lead {id} the device never had");
    }
    let mut seen = HashSet::new();
    for (id, hlc, n) in &history {
        assert_eq!(*n, 1, "version {id} {hlc} stored {n} times");
        assert!(versions.contains(&(id.clone(), hlc.clone())), "history holds a version the device never made");
        seen.insert((id.clone(), hlc.clone()));
    }
    for (id, hlc) in &versions {
        assert!(
            parked.contains(id) || seen.contains(&(id.clone(), hlc.clone())),
            "version {id} {hlc} is not in history"
        );
    }
    // Interactions: every one the device recorded is on the server exactly once (they are
    // append-only, so there is no "newest"), and the server has none the device did not make.
    let made: HashMap<String, String> = conn
        .prepare("SELECT id, hlc FROM interactions")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let stored: HashMap<String, String> = db
        .query("SELECT interaction_id::text, hlc FROM interactions", &[])
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    for (id, hlc) in &made {
        assert_eq!(stored.get(id), Some(hlc), "lost: interaction {id} is not on the server");
    }
    assert_eq!(stored.len(), made.len(), "the server holds interactions the device never made");
    assert_eq!(store.integrity_check().unwrap(), "ok");
    device.len()
}

// --- The fault-injecting proxy -------------------------------------------------------------

#[derive(Debug, Clone)]
enum Fault {
    Pass,
    /// Forward, let the server commit, read its answer, then close without a word.
    LoseAnswer,
    /// Hold the request this long before forwarding it.
    Delay(Duration),
    /// Answer in the server's place: status, Retry-After, body.
    Answer(u16, Option<String>, &'static str),
    /// Forward (the server commits), then answer 200 with this body instead of the real one.
    Garbage(&'static str),
    /// Close the connection before forwarding.
    Reset,
    /// Forward (the server commits), then send the answer's head and half its body, and close.
    Truncate,
}

type Plan = Box<dyn FnMut(usize, usize) -> Fault + Send>;

/// A TCP proxy that reads one HTTP/1.1 request per connection and applies `plan(n, items)`
/// (n = request number, items = batch size, 0 for reconcile); 413 for batches above
/// `max_items`. Its upstream can be switched (a restarted collector has a new port).
struct Proxy {
    addr: SocketAddr,
    upstream: Arc<Mutex<SocketAddr>>,
    plan: Arc<Mutex<Plan>>,
    fired: Arc<Mutex<HashMap<&'static str, usize>>>,
}

impl Proxy {
    async fn start(upstream: SocketAddr, max_items: usize, plan: Plan) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let proxy = Proxy {
            addr,
            upstream: Arc::new(Mutex::new(upstream)),
            plan: Arc::new(Mutex::new(plan)),
            fired: Arc::new(Mutex::new(HashMap::new())),
        };
        let (up, plan, fired) = (proxy.upstream.clone(), proxy.plan.clone(), proxy.fired.clone());
        let count = Arc::new(AtomicUsize::new(0));
        tokio::spawn(async move {
            while let Ok((conn, _)) = listener.accept().await {
                let (up, plan, fired, count) = (up.clone(), plan.clone(), fired.clone(), count.clone());
                tokio::spawn(async move {
                    let _ = serve(conn, up, plan, fired, count, max_items).await;
                });
            }
        });
        proxy
    }

    fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    fn set_plan(&self, plan: Plan) {
        *self.plan.lock().unwrap() = plan;
    }

    fn fired(&self) -> HashMap<&'static str, usize> {
        self.fired.lock().unwrap().clone()
    }
}

async fn serve(
    mut client: TcpStream,
    upstream: Arc<Mutex<SocketAddr>>,
    plan: Arc<Mutex<Plan>>,
    fired: Arc<Mutex<HashMap<&'static str, usize>>>,
    count: Arc<AtomicUsize>,
    max_items: usize,
) -> std::io::Result<()> {
    let request = read_message(&mut client).await?;
    let items = body_of(&request)
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(b).ok())
        .and_then(|v| v.get("items").and_then(|i| i.as_array()).map(Vec::len))
        .unwrap_or(0);
    let n = count.fetch_add(1, Ordering::SeqCst);
    let fault = if items > max_items {
        Fault::Answer(413, None, r#"{"code":"too_large","message":"proxy: too many items"}"#)
    } else {
        (plan.lock().unwrap())(n, items)
    };
    let name = match &fault {
        Fault::Pass => "pass",
        Fault::LoseAnswer => "lost answer",
        Fault::Delay(_) => "delay",
        Fault::Answer(413, ..) => "413",
        Fault::Answer(..) => "refused",
        Fault::Garbage(_) => "garbage",
        Fault::Reset => "reset",
        Fault::Truncate => "truncated",
    };
    *fired.lock().unwrap().entry(name).or_default() += 1;
    match fault {
        Fault::Reset => return Ok(()),
        Fault::Answer(status, retry_after, body) => {
            let ra = retry_after.map(|r| format!("retry-after: {r}\r\n")).unwrap_or_default();
            let head = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n{ra}connection: close\r\n\r\n",
                body.len()
            );
            client.write_all(head.as_bytes()).await?;
            client.write_all(body.as_bytes()).await?;
            return client.shutdown().await;
        }
        Fault::Delay(d) => tokio::time::sleep(d).await,
        _ => {}
    }
    let target = *upstream.lock().unwrap();
    let mut server = TcpStream::connect(target).await?;
    server.write_all(&request).await?;
    let answer = read_message(&mut server).await?;
    match fault {
        Fault::LoseAnswer => Ok(()),
        Fault::Truncate => {
            let body = body_of(&answer).map_or(0, <[u8]>::len);
            client.write_all(&answer[..answer.len() - body / 2]).await?;
            client.shutdown().await
        }
        Fault::Garbage(body) => {
            let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", body.len());
            client.write_all(head.as_bytes()).await?;
            client.write_all(body.as_bytes()).await?;
            client.shutdown().await
        }
        _ => {
            // One exchange per connection: tell the client not to reuse it.
            let split = answer.windows(2).position(|w| w == b"\r\n").unwrap_or(0) + 2;
            client.write_all(&answer[..split]).await?;
            client.write_all(b"connection: close\r\n").await?;
            client.write_all(&answer[split..]).await?;
            client.shutdown().await
        }
    }
}

/// One HTTP/1.1 message with a content-length body (what reqwest and axum send here).
async fn read_message(s: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:").map(|v| v.trim().parse().unwrap_or(0)))
                .unwrap_or(0);
            while buf.len() < end + 4 + len {
                let n = s.read(&mut chunk).await?;
                if n == 0 {
                    return Err(std::io::ErrorKind::UnexpectedEof.into());
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            return Ok(buf);
        }
        let n = s.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

fn body_of(message: &[u8]) -> Option<&[u8]> {
    message.windows(4).position(|w| w == b"\r\n\r\n").map(|p| &message[p + 4..])
}

// --- Tests ---------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_lead_reaches_the_collector_within_a_second_when_online() {
    let Some(env) = env("sync_latency").await else { return };
    let dir = tempfile::tempdir().unwrap();
    let (store, event, rep) = booth(dir.path());
    let store = Arc::new(store);
    let sync =
        SyncHandle::start(store.clone(), env.config(&env.collector.url("/")), &tokio::runtime::Handle::current())
            .unwrap();
    let mut latencies = Vec::new();
    for n in 0..15 {
        let saved_at = Instant::now();
        let lead = store.create_lead(sample_lead(&event.id, n), &rep.id).unwrap();
        sync.nudge();
        loop {
            let found =
                env.db.query_opt("SELECT 1 FROM leads_current WHERE lead_id::text = $1", &[&lead.id]).await.unwrap();
            if found.is_some() {
                break;
            }
            assert!(saved_at.elapsed() < Duration::from_secs(10), "lead {n} never reached the collector");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        latencies.push(saved_at.elapsed());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    latencies.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    eprintln!(
        "sync latency save→PostgreSQL over {} saves: median {:.1} ms, max {:.1} ms (target < 1000 ms)",
        latencies.len(),
        ms(latencies[latencies.len() / 2]),
        ms(*latencies.last().unwrap())
    );
    let status = sync.status();
    assert!(status.online && status.last_success_at.is_some() && status.pending == 0, "{status:?}");
    sync.stop();
    assert_eq!(check(&store, &env.db).await, 15);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_of_the_network_and_server_still_delivers_each_version_exactly_once() {
    let Some(env) = env("sync_faults").await else { return };
    let dir = tempfile::tempdir().unwrap();
    let (store, event, rep) = booth(dir.path());
    let store = Arc::new(store);
    let retry_date = || httpdate_in(Duration::from_secs(1));
    // Faults by request number; after the script, a flapping link (down 1 request in 3).
    let plan: Plan = Box::new(move |n, _items| match n {
        0 => Fault::LoseAnswer,
        1 => Fault::Delay(Duration::from_secs(35)),
        2 => Fault::Answer(429, Some("1".into()), r#"{"code":"busy","message":"proxy"}"#),
        3 => Fault::LoseAnswer,
        4 => Fault::Answer(503, Some(retry_date()), r#"{"code":"unavailable","message":"proxy"}"#),
        5 => Fault::Garbage("<html>502 Bad Gateway</html>"),
        6 => Fault::Garbage(r#"{"ok":true}"#),
        7 => Fault::Reset,
        8 => Fault::Answer(500, None, "not json at all"),
        9 => Fault::Truncate,
        n if n < 40 && n % 3 == 0 => Fault::Reset,
        n if n < 40 && n % 5 == 0 => Fault::LoseAnswer,
        _ => Fault::Pass,
    });
    let proxy = Proxy::start(env.collector.addr(), 5, plan).await;
    let mut config = env.config(&proxy.url());
    config.max_items = 8;
    let sync = SyncHandle::start(store.clone(), config, &tokio::runtime::Handle::current()).unwrap();
    let mut status = sync.subscribe();
    let mut last: Option<String> = None;
    for n in 0..60u64 {
        let saved = match (&last, n % 4) {
            (Some(id), 0) => store.update_lead(id, sample_lead(&event.id, n), &rep.id).unwrap(),
            _ => store.create_lead(sample_lead(&event.id, n), &rep.id).unwrap(),
        };
        if n % 3 == 1 {
            // A brochure shown to this visitor travels beside the lead's versions.
            let detail = serde_json::json!({"material_id": format!("m{n}")});
            store.record_interaction(&saved.id, InteractionKind::MaterialShown, "Brochure", detail, &rep.id).unwrap();
        }
        last = Some(saved.id);
        sync.nudge();
        tokio::time::sleep(Duration::from_millis(15)).await;
    }
    drained(&store, Duration::from_secs(60)).await;
    // The live status (what the UI subscribes to) comes to rest at an empty backlog.
    tokio::time::timeout(
        Duration::from_secs(5),
        status.wait_for(|s| s.pending == 0 && s.inflight == 0 && s.online && s.last_success_at.is_some()),
    )
    .await
    .expect("the live status shows the drained backlog")
    .unwrap();
    let report = sync.push_all(|_, _| {}).await.unwrap();
    sync.stop();
    let fired = proxy.fired();
    eprintln!("sync faults fired: {fired:?}; report: {}", report.summary());
    for f in ["lost answer", "delay", "refused", "garbage", "reset", "413", "truncated"] {
        assert!(fired.get(f).copied().unwrap_or(0) > 0, "fault {f:?} never fired: {fired:?}");
    }
    assert_eq!(report.missing, vec![], "0 missing");
    assert!(report.parked.is_empty());
    let leads = check(&store, &env.db).await;
    assert_eq!(report.checked as usize, leads);
    assert_eq!(report.in_sync as usize, leads);
}

/// `HTTP-date` this far from now, for `Retry-After`.
fn httpdate_in(d: Duration) -> String {
    let t = SystemTime::now() + d;
    let secs = t.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs();
    // RFC 9110 IMF-fixdate, computed without a date crate.
    let days = secs / 86_400;
    let (h, m, s) = ((secs % 86_400) / 3600, (secs % 3600) / 60, secs % 60);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
    let (y, mo, d) = civil(days as i64);
    let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][(mo - 1) as usize];
    format!("{weekday}, {d:02} {month} {y} {h:02}:{m:02}:{s:02} GMT")
}

/// Days since 1970-01-01 → (year, month, day) (Howard Hinnant's algorithm).
fn civil(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_item_is_parked_and_listed_and_the_rest_still_arrive() {
    let Some(env) = env("sync_parked").await else { return };
    let dir = tempfile::tempdir().unwrap();
    let (store, event, rep) = booth(dir.path());
    for n in 0..5 {
        store.create_lead(sample_lead(&event.id, n), &rep.id).unwrap();
    }
    let device_node = store.device_id().to_string();
    drop(store);
    // A clock two days fast: the server refuses that stamp (`clock_skew`) rather than let it
    // win every future conflict.
    let ahead = leadtrack_domain::Hlc { ms: leadtrack_store::now_ms() + 2 * 86_400_000, counter: 0, node: device_node };
    rusqlite::Connection::open(dir.path().join(leadtrack_store::DB_FILE))
        .unwrap()
        .execute("UPDATE settings SET value = ?1 WHERE key = 'hlc_last'", [ahead.to_string()])
        .unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let skewed = store.create_lead(sample_lead(&event.id, 99), &rep.id).unwrap();
    for n in 5..8 {
        store.create_lead(sample_lead(&event.id, n), &rep.id).unwrap();
    }
    let pusher = Pusher::new(store.clone(), env.config(&env.collector.url("/"))).unwrap();
    let report = pusher.push_all(|_, _| {}).await.unwrap();
    // The skewed save and the three after it (the clock never runs backwards) are refused.
    let mut parked: Vec<&str> = report.parked.iter().map(|p| p.lead_id.as_str()).collect();
    parked.sort();
    let mut missing: Vec<&str> = report.missing.iter().map(|m| m.lead_id.as_str()).collect();
    missing.sort();
    assert_eq!(parked.len(), 4);
    assert!(parked.contains(&skewed.id.as_str()));
    assert!(report.parked.iter().all(|p| p.reason == "clock_skew"), "{report:?}");
    assert_eq!(missing, parked, "exactly the parked leads are missing");
    assert!(report.missing.iter().all(|m| m.reason == "parked: clock_skew" && m.kind == "missing"));
    assert_eq!((report.checked, report.in_sync), (9, 5), "the leads saved before the clock jumped arrived");
    let status = pusher.status();
    assert_eq!((status.pending, status.inflight, status.parked), (0, 0, 4));
    check(&store, &env.db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_device_key_stops_the_upload_and_keeps_every_lead() {
    let Some(env) = env("sync_revoked").await else { return };
    let dir = tempfile::tempdir().unwrap();
    let (store, event, rep) = booth(dir.path());
    for n in 0..3 {
        store.create_lead(sample_lead(&event.id, n), &rep.id).unwrap();
    }
    leadtrack_collector::devices::revoke(&env.db, &env.device_id).await.unwrap();
    let store = Arc::new(store);
    let pusher = Pusher::new(store.clone(), env.config(&env.collector.url("/"))).unwrap();
    let started = Instant::now();
    let err = pusher.push_all(|_, _| {}).await.unwrap_err();
    assert!(matches!(err, SyncError::KeyRefused(_)), "{err}");
    assert!(err.to_string().contains("the device key was refused"));
    assert!(started.elapsed() < Duration::from_secs(10), "no fast retry loop against a refused key");
    let c = store.sync_status().unwrap();
    assert_eq!(c.pending + c.inflight, 3, "nothing dropped");
    assert!(pusher.status().key_refused);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkills_of_the_client_and_a_collector_restart_lose_and_duplicate_nothing() {
    let Some(mut env) = env("sync_kills").await else { return };
    let seed = std::env::var("LEADTRACK_SYNC_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1);
    eprintln!("sync kills: seed {seed} (LEADTRACK_SYNC_SEED to replay)");
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let (store, event, rep) = booth(dir.path());
    drop(store);
    let creds = dir.path().join("device.json");
    std::fs::write(&creds, &env.credentials).unwrap();
    // Through the proxy: its port stays while the collector behind it restarts; it also
    // loses one answer in seven after the server committed.
    let proxy = Proxy::start(
        env.collector.addr(),
        usize::MAX,
        Box::new(|n, _| if n % 7 == 3 { Fault::LoseAnswer } else { Fault::Pass }),
    )
    .await;
    let mut created = HashSet::new();
    let mut next_n = 0u64;
    for round in 0..10 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sync_push"))
            .args([
                dir.path().to_str().unwrap(),
                &event.id,
                &rep.id,
                &next_n.to_string(),
                &proxy.url(),
                creds.to_str().unwrap(),
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        tokio::time::sleep(Duration::from_millis(150 + rng.below(500))).await;
        if round == 4 {
            env.restart_collector(); // mid-batch: the client keeps sending into a dead port
            *proxy.upstream.lock().unwrap() = env.collector.addr();
        }
        assert!(child.try_wait().unwrap().is_none(), "sync_push stopped on its own");
        child.kill().unwrap();
        child.wait().unwrap();
        let mut printed = String::new();
        child.stdout.take().unwrap().read_to_string(&mut printed).unwrap();
        for line in printed.split_inclusive('\n').filter(|l| l.ends_with('\n')) {
            if let ["C", id, _] = line.trim_end().split(' ').collect::<Vec<_>>().as_slice() {
                created.insert(id.to_string());
            }
        }
        next_n += 1_000_000;
    }
    proxy.set_plan(Box::new(|_, _| Fault::Pass));
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let pusher = Pusher::new(store.clone(), env.config(&proxy.url())).unwrap();
    let report = pusher.push_all(|_, _| {}).await.unwrap();
    eprintln!(
        "sync kills: {} leads acknowledged across 10 kills; {}; proxy {:?}",
        created.len(),
        report.summary(),
        proxy.fired()
    );
    assert!(created.len() >= 10, "too few saves between kills to prove anything");
    assert_eq!(report.missing, vec![]);
    let on_device = check(&store, &env.db).await;
    assert!(on_device >= created.len());
    for id in &created {
        assert!(store.lead(id).is_ok(), "acknowledged save {id} lost on the device");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leadtrack_sync_push_all_uploads_everything_and_says_0_missing() {
    let Some(env) = env("sync_cli").await else { return };
    let dir = tempfile::tempdir().unwrap();
    let (store, event, rep) = booth(dir.path());
    for n in 0..30 {
        store.create_lead(sample_lead(&event.id, n), &rep.id).unwrap();
    }
    let creds = dir.path().join("device.json");
    std::fs::write(&creds, &env.credentials).unwrap();
    let cli = sibling_bin("leadtrack-cli", "leadtrack");
    let run = |endpoint: String| {
        Command::new(&cli)
            .args(["sync", "push", "--all", "--data-dir", dir.path().to_str().unwrap(), "--endpoint", &endpoint])
            .arg("--device-secret-file")
            .arg(&creds)
            .output()
            .unwrap()
    };
    // The store stays open here, as if the app were running.
    let out = run(env.collector.url("/"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        stdout.contains("30 checked, 30 in sync, 0 missing") && stdout.trim_end().ends_with("0 missing"),
        "{stdout}"
    );
    assert_eq!(check(&store, &env.db).await, 30);

    // A wrong key: exit 3, said in words, and the new lead stays queued.
    store.create_lead(sample_lead(&event.id, 77), &rep.id).unwrap();
    let bad = dir.path().join("bad.json");
    let wrong = Secret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap().to_whsec();
    std::fs::write(&bad, serde_json::json!({"device_id": env.device_id, "secret": wrong}).to_string()).unwrap();
    let refused = Command::new(&cli)
        .args([
            "sync",
            "push",
            "--all",
            "--data-dir",
            dir.path().to_str().unwrap(),
            "--endpoint",
            &env.collector.url("/"),
        ])
        .arg("--device-secret-file")
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(3), "{}", String::from_utf8_lossy(&refused.stderr));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("the device key was refused"));
    let left = store.sync_status().unwrap();
    assert_eq!(left.pending + left.inflight, 1, "the refused run kept the new lead waiting");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_answer_with_applied_deferred_and_rejected_items_resends_the_deferred_and_parks_the_rejected() {
    let Some(env) = env("sync_partial").await else { return };
    let dir = tempfile::tempdir().unwrap();
    let (store, event, rep) = booth(dir.path());
    let good = 20u64;
    let ids: Vec<String> =
        (0..good).map(|n| store.create_lead(sample_lead(&event.id, n), &rep.id).unwrap().id).collect();
    drop(store);
    // The last item's stamp is two days ahead: the server refuses it (`clock_skew`).
    skew_store(dir.path(), 2 * 86_400_000, None);
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let skewed = store.create_lead(sample_lead(&event.id, 99), &rep.id).unwrap();
    // Another request holds one lead: the server defers it (`lead_busy`) after its lock wait.
    let busy = ids[7].clone();
    env.db.execute("SELECT pg_advisory_lock(lead_lock_key($1::text::uuid))", &[&busy]).await.unwrap();
    let mut config = env.config(&env.collector.url("/"));
    config.request_timeout = Duration::from_secs(10);
    let pusher = Arc::new(Pusher::new(store.clone(), config).unwrap());
    let push = tokio::spawn({
        let pusher = pusher.clone();
        async move { pusher.push_all(|_, _| {}).await }
    });
    tokio::time::sleep(Duration::from_secs(3)).await;
    env.db.execute("SELECT pg_advisory_unlock(lead_lock_key($1::text::uuid))", &[&busy]).await.unwrap();
    let report = push.await.unwrap().unwrap();

    let answers: Vec<String> =
        env.db.query("SELECT response FROM batches", &[]).await.unwrap().iter().map(|r| r.get(0)).collect();
    let mixed = answers.iter().any(|a| {
        a.contains(r#""status":"applied""#)
            && a.contains(r#""status":"deferred""#)
            && a.contains(r#""status":"rejected""#)
    });
    assert!(mixed, "no single answer mixed applied, deferred and rejected items: {answers:?}");
    let parked: Vec<&str> = report.parked.iter().map(|p| p.lead_id.as_str()).collect();
    assert_eq!(parked, [skewed.id.as_str()], "only the refused item is parked");
    assert_eq!(report.missing.iter().map(|m| m.lead_id.as_str()).collect::<Vec<_>>(), [skewed.id.as_str()]);
    assert_eq!((report.checked, report.in_sync), (good as u32 + 1, good as u32));
    let held: i64 = env
        .db
        .query_one("SELECT count(*) FROM leads_current WHERE lead_id = $1::text::uuid", &[&busy])
        .await
        .unwrap()
        .get(0);
    assert_eq!(held, 1, "the deferred lead was sent again and arrived");
    check(&store, &env.db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_clock_hours_ahead_or_behind_still_signs_requests_the_server_accepts() {
    let leads = scale();
    for hours in [3i64, -5] {
        let Some(env) = env(&format!("sync_clock_skew_{}", if hours > 0 { "ahead" } else { "behind" })).await else {
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let (store, event, rep) = booth(dir.path());
        for chunk in (0..leads).collect::<Vec<_>>().chunks(5_000) {
            store.create_leads(chunk.iter().map(|n| sample_lead(&event.id, *n)).collect(), &rep.id).unwrap();
        }
        let store = Arc::new(store);
        let mut config = env.config(&env.collector.url("/"));
        // The device believes the server's clock is `hours` off its own: the same signatures
        // as a device whose wall clock is off by that much.
        config.clock_offset_secs = hours * 3600;
        let refused_before = refusals(&env.collector);
        let pusher = Pusher::new(store.clone(), config).unwrap();
        // Without the fix every request is refused and this never ends.
        let report = tokio::time::timeout(Duration::from_secs(60), pusher.push_all(|_, _| {}))
            .await
            .expect("the first refusal fixes the clock: no endless retries")
            .unwrap();
        assert_eq!(report.missing, vec![], "clock {hours} h off: 0 missing");
        assert!(refusals(&env.collector) > refused_before, "the skewed clock was refused at first");
        check(&store, &env.db).await;
    }
}

/// How many requests the collector answered 401 so far (its JSON log lines).
fn refusals(collector: &CollectorProcess) -> usize {
    collector.logs().iter().filter(|l| l.contains(r#""status":401"#)).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_devices_with_skewed_clocks_editing_one_lead_converge_on_the_newest_stamp() {
    let Some(env) = env("sync_two_devices").await else { return };
    let device_b = leadtrack_collector::devices::add(&env.db, "second laptop").await.unwrap();
    let dir_a = tempfile::tempdir().unwrap();
    let (store, event, rep) = booth(dir_a.path());
    let shared = store.create_lead(sample_lead(&event.id, 1), &rep.id).unwrap();
    for n in 2..20 {
        store.create_lead(sample_lead(&event.id, n), &rep.id).unwrap();
    }
    let store_a = Arc::new(store);
    let mut config_a = env.config(&env.collector.url("/"));
    config_a.clock_offset_secs = 3 * 3600; // A's wall clock is 3 h behind the server's
    let pusher_a = Pusher::new(store_a.clone(), config_a).unwrap();
    assert_eq!(pusher_a.push_all(|_, _| {}).await.unwrap().missing, vec![]);

    // B starts as a copy of A (same leads), with its own device id and a clock 2 h fast.
    store_a.checkpoint().unwrap();
    let dir_b = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(dir_a.path()).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), dir_b.path().join(entry.file_name())).unwrap();
        }
    }
    skew_store(dir_b.path(), 2 * 3_600_000, Some("device-b-node"));
    let store_b = Arc::new(Store::open(dir_b.path()).unwrap());
    let mut config_b = SyncConfig::new(
        Url::parse(&env.collector.url("/")).unwrap(),
        device_b.device_id.clone(),
        Secret::parse(&device_b.secret).unwrap(),
    );
    config_b.clock_offset_secs = -2 * 3600;
    config_b.backoff_base = Duration::from_millis(20);
    config_b.backoff_cap = Duration::from_millis(500);

    // B edits first in real time, A after: B's stamp (2 h fast) is still the newer one.
    let b_edit = store_b.update_lead(&shared.id, sample_lead(&event.id, 1001), &rep.id).unwrap();
    let a_edit = store_a.update_lead(&shared.id, sample_lead(&event.id, 1002), &rep.id).unwrap();
    assert!(b_edit.hlc > a_edit.hlc, "the fast clock stamps later: {} vs {}", b_edit.hlc, a_edit.hlc);
    let report_b = Pusher::new(store_b.clone(), config_b).unwrap().push_all(|_, _| {}).await.unwrap();
    let report_a = pusher_a.push_all(|_, _| {}).await.unwrap();

    assert_eq!(report_b.missing, vec![]);
    assert_eq!(report_b.newer_on_server, Vec::<String>::new());
    assert_eq!(report_a.missing, vec![], "A's stale edit is not 'missing' and is not re-sent forever");
    assert_eq!(
        report_a.newer_on_server,
        std::slice::from_ref(&shared.id),
        "reconcile tells A the server holds a newer edit"
    );
    let current: (i64, String) = env
        .db
        .query_one("SELECT version, hlc FROM leads_current WHERE lead_id = $1::text::uuid", &[&shared.id])
        .await
        .map(|r| (r.get(0), r.get(1)))
        .unwrap();
    assert_eq!(current, (i64::from(b_edit.version), b_edit.hlc.clone()), "the newest stamp wins on the server");
    check_devices(&[&store_a, &store_b], &env.db).await;
}

/// The oracle for several devices: the server's history holds every version any device made
/// exactly once and nothing else, and each lead's current row is its newest stamp.
async fn check_devices(stores: &[&Store], db: &tokio_postgres::Client) {
    let mut versions: HashSet<(String, String)> = HashSet::new();
    for store in stores {
        let conn = rusqlite::Connection::open(store.path()).unwrap();
        let mut st = conn.prepare("SELECT lead_id, hlc FROM lead_versions").unwrap();
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        versions.extend(rows.map(Result::unwrap));
        assert!(store.parked_items().unwrap().is_empty());
    }
    let mut newest: HashMap<String, String> = HashMap::new();
    for (id, hlc) in &versions {
        let e = newest.entry(id.clone()).or_default();
        if hlc > e {
            *e = hlc.clone();
        }
    }
    let history: Vec<(String, String, i64)> = db
        .query("SELECT lead_id::text, hlc, count(*) FROM lead_history GROUP BY 1, 2", &[])
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    for (id, hlc, n) in &history {
        assert_eq!(*n, 1, "version {id} {hlc} stored {n} times");
        assert!(versions.contains(&(id.clone(), hlc.clone())), "history holds {id} {hlc} no device made");
    }
    assert_eq!(history.len(), versions.len(), "every version of every device is in history");
    let current: HashMap<String, String> = db
        .query("SELECT lead_id::text, hlc FROM leads_current", &[])
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(current, newest, "each lead's newest stamp is current on the server");
}
