//! Background upkeep that must never slow a save: the search index and WAL checkpoints.
//!
//! A save commits the lead and queues it for the search index; this thread indexes queued
//! leads shortly after, in short batches, and checkpoints the WAL when a burst of saves has
//! settled (SQLite's automatic checkpoint would otherwise run inside whichever save crossed
//! its threshold). If the app dies, nothing is lost: the queue and the WAL are on disk and
//! are picked up at the next open.
//!
//! The thread has its own connection with `synchronous=NORMAL`: an index batch moves rows
//! from the queue into the index in one transaction, so a power cut can only roll a whole
//! batch back, leaving those leads queued and found by search as before. The index is
//! derived data, and skipping its fsync keeps the disk free for the saves, which stay FULL.
//! It still takes the writer mutex for each batch, so it never makes a save wait on
//! SQLite's busy handler.

use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rusqlite::Connection;

use crate::connection::lock;
use crate::search;

/// Saves within this window share one checkpoint.
const SETTLE: Duration = Duration::from_millis(200);
/// Saves within this window share one index batch.
const INDEX_DELAY: Duration = Duration::from_millis(50);
/// Wake at least this often even without a nudge.
const TICK: Duration = Duration::from_secs(5);
/// Leads indexed per transaction: short enough that a save waits at most a few ms.
const BATCH: usize = 200;

pub struct Maintenance {
    nudge: Option<SyncSender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Maintenance {
    pub fn start(path: &Path, writer: Arc<Mutex<Connection>>) -> Maintenance {
        let (tx, rx) = mpsc::sync_channel(1);
        let path = path.to_path_buf();
        let thread = std::thread::Builder::new()
            .name("leadtrack-maintenance".into())
            .spawn(move || match own_connection(&path) {
                Ok(conn) => run(conn, &writer, rx),
                Err(e) => tracing::warn!(error = %e, "maintenance thread cannot open the database"),
            })
            .ok();
        if thread.is_none() {
            tracing::warn!("no maintenance thread: searches read the queue, checkpoints wait for the next open");
        }
        let m = Maintenance { nudge: Some(tx), thread };
        m.nudge(); // a crash may have left leads queued
        m
    }

    /// Tells the thread a write committed. Never blocks: one pending nudge is enough.
    pub fn nudge(&self) {
        if let Some(tx) = &self.nudge {
            match tx.try_send(()) {
                Ok(()) | Err(TrySendError::Full(())) | Err(TrySendError::Disconnected(())) => {}
            }
        }
    }
}

impl Drop for Maintenance {
    fn drop(&mut self) {
        self.nudge.take(); // disconnects: the thread finishes its work and ends
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn own_connection(path: &Path) -> crate::Result<Connection> {
    let conn = crate::connection::open(path)?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(conn)
}

fn run(mut conn: Connection, writer: &Mutex<Connection>, rx: Receiver<()>) {
    let mut index_due: Option<Instant> = None;
    let mut checkpoint_due: Option<Instant> = None;
    loop {
        let next = [index_due, checkpoint_due].into_iter().flatten().min();
        let wait = next.map_or(TICK, |due| due.saturating_duration_since(Instant::now()));
        let stopping = match rx.recv_timeout(wait) {
            Ok(()) => {
                index_due.get_or_insert_with(|| Instant::now() + INDEX_DELAY);
                checkpoint_due.get_or_insert_with(|| Instant::now() + SETTLE);
                false
            }
            Err(RecvTimeoutError::Timeout) => false,
            Err(RecvTimeoutError::Disconnected) => true,
        };
        let now = Instant::now();
        if stopping || index_due.is_some_and(|due| now >= due) {
            index_queue(&mut conn, writer);
            index_due = None;
        }
        if stopping || checkpoint_due.is_some_and(|due| now >= due) {
            checkpoint(&conn, if stopping { "TRUNCATE" } else { "PASSIVE" });
            checkpoint_due = None;
        }
        if stopping {
            return;
        }
    }
}

/// Indexes every queued lead, a batch per transaction, holding the writer mutex only for
/// one batch at a time so a rep's save waits at most a few milliseconds.
fn index_queue(conn: &mut Connection, writer: &Mutex<Connection>) {
    loop {
        let batch = {
            let _writer = lock(writer);
            search::index_batch(conn, BATCH)
        };
        match batch {
            Ok(n) if n < BATCH => return,
            Ok(_) => continue,
            Err(e) => {
                tracing::warn!(error = %e, "search indexing failed; queued leads stay searchable and will be retried");
                return;
            }
        }
    }
}

fn checkpoint(conn: &Connection, mode: &str) {
    if let Err(e) = conn.query_row(&format!("PRAGMA wal_checkpoint({mode})"), [], |_| Ok(())) {
        tracing::warn!(error = %e, mode, "checkpoint failed; will retry");
    }
}
