//! WAL checkpoints off the save path.
//!
//! SQLite's automatic checkpoint runs inside whichever commit crosses the threshold, so
//! one rep's save in a few hundred pays for copying the WAL back into the database and an
//! extra fsync. Here the writer never checkpoints; a background thread with its own
//! connection does, shortly after writes and on a slow timer, in PASSIVE mode so it never
//! blocks a save. If the app dies, nothing is lost: the WAL is replayed at the next open.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::thread::JoinHandle;
use std::time::Duration;

/// How long after a write the checkpoint waits, so bursts of saves share one checkpoint.
const SETTLE: Duration = Duration::from_millis(200);
/// Checkpoint at least this often even without a nudge.
const TICK: Duration = Duration::from_secs(5);

pub struct Checkpointer {
    nudge: Option<SyncSender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    pub fn start(path: &Path) -> Checkpointer {
        let (tx, rx) = mpsc::sync_channel(1);
        let path = path.to_path_buf();
        let thread = std::thread::Builder::new()
            .name("leadtrack-checkpoint".into())
            .spawn(move || run(path, rx))
            .ok();
        if thread.is_none() {
            tracing::warn!("could not start the checkpoint thread; the WAL will be checkpointed at the next open");
        }
        Checkpointer {
            nudge: Some(tx),
            thread,
        }
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

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.nudge.take(); // disconnects the channel: the thread does a last checkpoint and ends
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn run(path: PathBuf, rx: Receiver<()>) {
    let conn = match crate::connection::open(&path) {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, "checkpoint thread cannot open the database");
            return;
        }
    };
    loop {
        let last = match rx.recv_timeout(TICK) {
            Ok(()) => {
                std::thread::sleep(SETTLE);
                while rx.try_recv().is_ok() {}
                false
            }
            Err(RecvTimeoutError::Timeout) => false,
            Err(RecvTimeoutError::Disconnected) => true,
        };
        let mode = if last { "TRUNCATE" } else { "PASSIVE" };
        if let Err(e) = conn.query_row(&format!("PRAGMA wal_checkpoint({mode})"), [], |_| Ok(())) {
            tracing::warn!(error = %e, mode, "checkpoint failed; will retry");
        }
        if last {
            return;
        }
    }
}
