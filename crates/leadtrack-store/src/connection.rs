//! Opening connections the one right way, and a small pool of readers.
//!
//! Every connection gets the same PRAGMAs, because SQLite keeps most of them per
//! connection: WAL so readers never block the writer, `synchronous=FULL` so a commit that
//! returned survives a power cut, foreign keys on, and a busy timeout so a second process
//! (the CLI) waits instead of failing. Writes go through one connection behind a mutex;
//! reads take any idle reader.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::Connection;

use crate::Result;

pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

pub fn open(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "trusted_schema", "OFF")?;
    Ok(conn)
}

/// Idle read connections, opened on demand and kept for reuse.
pub struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

/// A borrowed reader; goes back to the pool on drop.
pub struct Reader<'a> {
    conn: Option<Connection>,
    pool: &'a Readers,
}

impl Readers {
    pub fn new(path: PathBuf) -> Readers {
        Readers { path, idle: Mutex::new(Vec::new()) }
    }

    pub fn get(&self) -> Result<Reader<'_>> {
        let conn = match lock(&self.idle).pop() {
            Some(c) => c,
            None => open(&self.path)?,
        };
        Ok(Reader { conn: Some(conn), pool: self })
    }
}

impl std::ops::Deref for Reader<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn.as_ref().expect("a reader holds its connection until dropped")
    }
}

impl Drop for Reader<'_> {
    fn drop(&mut self) {
        if let Some(c) = self.conn.take() {
            let mut idle = lock(&self.pool.idle);
            if idle.len() < 8 {
                idle.push(c);
            }
        }
    }
}

/// A poisoned mutex only means another thread panicked mid-use; SQLite's own transaction
/// rolled that work back, so the connection is still good to use.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
