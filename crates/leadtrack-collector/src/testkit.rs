//! Throwaway PostgreSQL clusters and collector processes on 127.0.0.1, for this crate's tests
//! and for `tests/` (the device's sync tests drive a real collector the same way). `serve`
//! never uses it.
//!
//! A cluster is `initdb` + `postgres` in a fresh directory under the temp dir, on a free
//! port, TCP on loopback only, trust authentication. As root (CI), `initdb` refuses to run,
//! so the cluster runs as the `postgres` user through `setpriv` (util-linux; `runuser` when
//! it is missing) with the directory handed to that user. The server gets a parent-death
//! signal, so it stops when the process (for [`shared`]: the whole test binary) ends, even
//! on a panic; leftover directories of dead test processes are swept at the next start.
//!
//! No PostgreSQL binaries → [`TestkitError::NoPostgres`]; tests skip with a message, or fail
//! when `LEADTRACK_REQUIRE_POSTGRES=1` ([`required`]), as CI sets it.

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::net::{SocketAddr, TcpListener};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Set to `1` to turn "PostgreSQL is not installed" from a skip into a failure.
pub const REQUIRE_ENV: &str = "LEADTRACK_REQUIRE_POSTGRES";
/// A directory holding `initdb`, `postgres` and `pg_isready`, if not the usual place.
pub const BIN_ENV: &str = "LEADTRACK_PG_BIN";

#[derive(Debug, thiserror::Error)]
pub enum TestkitError {
    #[error(
        "PostgreSQL server binaries (initdb, postgres, pg_isready) were not found: install the `postgresql` \
         package (`cargo xtask deps --test` does) or set {BIN_ENV} to their directory"
    )]
    NoPostgres,
    #[error("{0}")]
    Setup(String),
    #[error("io")]
    Io(#[from] std::io::Error),
}

/// True when a missing PostgreSQL must fail the tests instead of skipping them.
pub fn required() -> bool {
    std::env::var(REQUIRE_ENV).is_ok_and(|v| v == "1")
}

/// Where `initdb` and `postgres` are: `$LEADTRACK_PG_BIN`, the newest
/// `/usr/lib/postgresql/*/bin` (Debian/Ubuntu), or `PATH`.
pub fn bin_dir() -> Option<PathBuf> {
    let has_all = |d: &Path| ["initdb", "postgres", "pg_isready"].iter().all(|b| d.join(b).is_file());
    if let Some(dir) = std::env::var_os(BIN_ENV).map(PathBuf::from) {
        return has_all(&dir).then_some(dir);
    }
    let mut debian: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| Some((e.file_name().to_str()?.parse().ok()?, e.path().join("bin"))))
        .filter(|(_, d)| has_all(d))
        .collect();
    debian.sort();
    if let Some((_, dir)) = debian.pop() {
        return Some(dir);
    }
    which("initdb").and_then(|p| p.parent().map(Path::to_path_buf)).filter(|d| has_all(d))
}

fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join(program)).find(|p| p.is_file())
}

fn is_root() -> bool {
    // /proc/self belongs to the process's effective user.
    fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// uid and gid of the `postgres` user, from /etc/passwd.
fn postgres_user() -> Option<(u32, u32)> {
    let passwd = fs::read_to_string("/etc/passwd").ok()?;
    let line = passwd.lines().find(|l| l.starts_with("postgres:"))?;
    let fields: Vec<&str> = line.split(':').collect();
    Some((fields.get(2)?.parse().ok()?, fields.get(3)?.parse().ok()?))
}

/// `program`, run as `user` if given, with a parent-death signal if `death_signal` is given.
fn command(program: &Path, user: Option<(u32, u32)>, death_signal: Option<&str>) -> Command {
    match (user, which("setpriv"), death_signal) {
        (Some((uid, gid)), Some(setpriv), signal) => {
            let mut c = Command::new(setpriv);
            c.args(["--reuid", &uid.to_string(), "--regid", &gid.to_string(), "--clear-groups"]);
            if let Some(sig) = signal {
                c.args(["--pdeathsig", sig]);
            }
            c.arg("--").arg(program);
            c
        }
        (Some(_), None, _) => {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(program);
            c
        }
        (None, Some(setpriv), Some(sig)) => {
            let mut c = Command::new(setpriv);
            c.args(["--pdeathsig", sig, "--"]).arg(program);
            c
        }
        (None, _, _) => Command::new(program),
    }
}

fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

const DIR_PREFIX: &str = "leadtrack-pg-";

/// Removes cluster directories left by test processes that no longer run.
fn sweep_stale(base: &Path) {
    for entry in fs::read_dir(base).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.strip_prefix(DIR_PREFIX).and_then(|rest| rest.split('-').next()) else { continue };
        if !Path::new("/proc").join(pid).exists() {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// A running throwaway cluster. Dropping it stops the server and removes its directory.
#[derive(Debug)]
pub struct PgCluster {
    dir: PathBuf,
    port: u16,
    bin: PathBuf,
    child: Child,
}

impl PgCluster {
    /// Starts a cluster. `durable: false` turns fsync off (fast tests; the collector's
    /// all-or-nothing guarantees are transactional and need no fsync to be observed).
    pub fn start(durable: bool) -> Result<PgCluster, TestkitError> {
        let bin = bin_dir().ok_or(TestkitError::NoPostgres)?;
        let user = match is_root() {
            true => Some(postgres_user().ok_or_else(|| {
                TestkitError::Setup("running as root needs a `postgres` user for initdb (install `postgresql`)".into())
            })?),
            false => None,
        };
        // As root the postgres user must reach the directory: the user's TMPDIR may be private.
        let base = if user.is_some() { PathBuf::from("/tmp") } else { std::env::temp_dir() };
        sweep_stale(&base);
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = base.join(format!("{DIR_PREFIX}{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed)));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir)?;
        if let Some((uid, gid)) = user {
            std::os::unix::fs::chown(&dir, Some(uid), Some(gid))?;
        }
        let data = dir.join("data");
        let out = command(&bin.join("initdb"), user, None)
            .current_dir(&dir)
            .arg("-D")
            .arg(&data)
            .args(["-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync", "--no-instructions"])
            .output()?;
        if !out.status.success() {
            let _ = fs::remove_dir_all(&dir);
            return Err(TestkitError::Setup(format!("initdb failed: {}", String::from_utf8_lossy(&out.stderr))));
        }
        let mut last_error = String::new();
        for _ in 0..5 {
            let port = free_port()?;
            match Self::launch(&bin, &dir, user, port, durable) {
                Ok(child) => return Ok(PgCluster { dir, port, bin, child }),
                Err(e) => last_error = e,
            }
        }
        let _ = fs::remove_dir_all(&dir);
        Err(TestkitError::Setup(format!("postgres did not start: {last_error}")))
    }

    fn launch(bin: &Path, dir: &Path, user: Option<(u32, u32)>, port: u16, durable: bool) -> Result<Child, String> {
        let log_path = dir.join(format!("server-{port}.log"));
        let log = fs::File::create(&log_path).map_err(|e| e.to_string())?;
        let log2 = log.try_clone().map_err(|e| e.to_string())?;
        let mut cmd = command(&bin.join("postgres"), user, Some("INT"));
        cmd.current_dir(dir).arg("-D").arg(dir.join("data")).args(["-p", &port.to_string()]);
        let mut settings = vec![
            "listen_addresses=127.0.0.1",
            "unix_socket_directories=",
            "max_connections=300",
            "shared_buffers=32MB",
        ];
        if !durable {
            settings.extend(["fsync=off", "synchronous_commit=off", "full_page_writes=off"]);
        }
        for s in settings {
            cmd.args(["-c", s]);
        }
        let mut child = cmd.stdout(log).stderr(log2).stdin(Stdio::null()).spawn().map_err(|e| e.to_string())?;
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = child.try_wait() {
                let text = fs::read_to_string(&log_path).unwrap_or_default();
                return Err(format!("postgres exited ({status}): {text}"));
            }
            let ready = Command::new(bin.join("pg_isready"))
                .args(["-q", "-h", "127.0.0.1", "-p", &port.to_string(), "-U", "postgres"])
                .status()
                .is_ok_and(|s| s.success());
            if ready {
                return Ok(child);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        Err(format!("postgres was not ready within 30 s: {}", fs::read_to_string(&log_path).unwrap_or_default()))
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// `postgres://postgres@127.0.0.1:<port>/<database>`.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn bin_dir(&self) -> &Path {
        &self.bin
    }

    /// Creates an empty database and returns its URL.
    pub async fn create_database(&self, name: &str) -> Result<String, TestkitError> {
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(TestkitError::Setup(format!("database names here are [A-Za-z0-9_]+, not {name:?}")));
        }
        let admin = connect(&self.url("postgres")).await?;
        admin
            .batch_execute(&format!("CREATE DATABASE \"{name}\""))
            .await
            .map_err(|e| TestkitError::Setup(format!("CREATE DATABASE {name}: {e}")))?;
        Ok(self.url(name))
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        // SIGINT = fast shutdown; fall back to SIGKILL (its backends notice and exit).
        let _ = Command::new("kill").args(["-INT", &self.child.id().to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline && matches!(self.child.try_wait(), Ok(None)) {
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// The cluster every test of this process shares, started on first use. It is started from
/// a thread that lives as long as the process, because the parent-death signal fires when
/// the *thread* that spawned the server ends.
pub fn shared() -> Result<&'static PgCluster, String> {
    static SHARED: OnceLock<Result<PgCluster, String>> = OnceLock::new();
    SHARED
        .get_or_init(|| {
            let (tx, rx) = mpsc::channel();
            let spawned = std::thread::Builder::new().name("pg-cluster".into()).spawn(move || {
                let _ = tx.send(PgCluster::start(false).map_err(|e| error_text(&e)));
                loop {
                    std::thread::park();
                }
            });
            match spawned {
                Ok(_) => rx.recv().unwrap_or_else(|_| Err("the cluster thread died".into())),
                Err(e) => Err(format!("cannot start the cluster thread: {e}")),
            }
        })
        .as_ref()
        .map_err(Clone::clone)
}

fn error_text(e: &TestkitError) -> String {
    match e {
        TestkitError::Io(io) => format!("io: {io}"),
        other => other.to_string(),
    }
}

/// A plain connection (its driver runs on the current tokio runtime).
pub async fn connect(url: &str) -> Result<tokio_postgres::Client, TestkitError> {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .map_err(|e| TestkitError::Setup(format!("connecting to {url}: {e}")))?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(client)
}

/// A `leadtrack-collector serve` process on 127.0.0.1 and a port of its choosing; killed when
/// dropped, and (through a parent-death signal) when the thread that started it ends — so
/// start it from the test's own thread, not from a short-lived helper thread. Its stdout and
/// stderr lines are kept for the test to read.
#[derive(Debug)]
pub struct CollectorProcess {
    child: Child,
    addr: SocketAddr,
    logs: Arc<Mutex<Vec<String>>>,
}

/// A collector process that has been started but may not be listening yet.
#[derive(Debug)]
pub struct Starting {
    child: Child,
    logs: Arc<Mutex<Vec<String>>>,
    listening: mpsc::Receiver<SocketAddr>,
}

impl Starting {
    /// Waits for the `listening` log line (the collector migrates first).
    pub fn ready(mut self) -> Result<CollectorProcess, TestkitError> {
        match self.listening.recv_timeout(Duration::from_secs(60)) {
            Ok(addr) => Ok(CollectorProcess { child: self.child, addr, logs: self.logs }),
            Err(_) => {
                let _ = self.child.kill();
                let _ = self.child.wait();
                let text = self.logs.lock().map(|l| l.join("\n")).unwrap_or_default();
                Err(TestkitError::Setup(format!("the collector did not start listening:\n{text}")))
            }
        }
    }
}

impl CollectorProcess {
    /// Starts `bin serve --database-url <url> --listen 127.0.0.1:0 <extra…>` without waiting.
    pub fn start(bin: &Path, database_url: &str, extra: &[&str]) -> Result<Starting, TestkitError> {
        let mut cmd = command(bin, None, Some("KILL"));
        cmd.args(["serve", "--database-url", database_url, "--listen", "127.0.0.1:0"])
            .args(extra)
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn()?;
        let logs = Arc::new(Mutex::new(Vec::new()));
        let (tx, listening) = mpsc::channel();
        if let Some(out) = child.stdout.take() {
            let logs = logs.clone();
            std::thread::spawn(move || keep_lines(out, &logs, Some(tx)));
        }
        if let Some(err) = child.stderr.take() {
            let logs = logs.clone();
            std::thread::spawn(move || keep_lines(err, &logs, None));
        }
        Ok(Starting { child, logs, listening })
    }

    /// [`start`](Self::start), then waits until it listens.
    pub fn spawn(bin: &Path, database_url: &str, extra: &[&str]) -> Result<CollectorProcess, TestkitError> {
        CollectorProcess::start(bin, database_url, extra)?.ready()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port><path>`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL: no shutdown, no flushing; whatever the database had not committed is gone.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Every line written so far (JSON log lines on stdout, anything on stderr).
    pub fn logs(&self) -> Vec<String> {
        self.logs.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

impl Drop for CollectorProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Keeps every line; reports the address of the first `listening` line.
fn keep_lines(stream: impl Read, logs: &Mutex<Vec<String>>, listening: Option<mpsc::Sender<SocketAddr>>) {
    for line in BufReader::new(stream).lines() {
        let Ok(line) = line else { break };
        let addr = listening.as_ref().and(listening_addr(&line));
        // Kept before "listening" is announced, so whoever waited for it finds the line.
        if let Ok(mut l) = logs.lock() {
            l.push(line);
        }
        if let (Some(tx), Some(addr)) = (&listening, addr) {
            let _ = tx.send(addr);
        }
    }
}

fn listening_addr(line: &str) -> Option<SocketAddr> {
    let v: serde_json::Value = serde_json::from_str(line).ok()?;
    let fields = v.get("fields")?;
    (fields.get("message")?.as_str()? == "listening").then_some(())?;
    fields.get("addr")?.as_str()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_listening_line_gives_the_address() {
        let line =
            r#"{"timestamp":"t","level":"INFO","fields":{"message":"listening","addr":"127.0.0.1:4321"},"target":"x"}"#;
        assert_eq!(listening_addr(line), "127.0.0.1:4321".parse().ok());
        assert_eq!(listening_addr(r#"{"fields":{"message":"request","addr":"127.0.0.1:1"}}"#), None);
        assert_eq!(listening_addr("not json"), None);
    }
}
