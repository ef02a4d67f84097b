//! LeadTrack's embedded store: one SQLite file per device, in the data folder.
//!
//! The promise is that a lead the UI shows as saved survives a crash, a power cut and an
//! upgrade. So: WAL with `synchronous=FULL`, an integrity check at every open, append-only
//! migrations, and every lead write as one IMMEDIATE transaction that writes the lead, a
//! frozen version of it and an outbox row together (DESIGN invariant 8).

mod access;
mod assign;
mod attachments;
mod attendees;
pub mod branding;
mod clock;
mod connection;
mod content;
mod dashboard;
pub mod data_dir;
mod demo;
mod error;
mod events;
mod export;
mod files;
mod followup;
mod interactions;
mod kiosk;
mod leads;
mod maintenance;
mod merge;
pub mod migrations;
mod playlist;
mod quotes;
mod roi;
mod search;
mod settings;
pub mod sync;
mod team;
mod users;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::Connection;

pub use access::VIEW_DEDUP_MS;
pub use assign::{AssignProposal, Assignment};
pub use branding::{Branding, BrandingInput, Logo};
pub use content::{ContentPack, Material, MaterialQuery};
pub use demo::DEMO_PINS;
pub use error::{Error, Result};
pub use export::ReadOnlyStore;
pub use files::write_file_durably;
pub use followup::Completion;
/// The content-pack types the store's content API speaks (and the sync client downloads).
pub use leadtrack_content;
pub use playlist::{AttractSlide, KioskAttract, KioskPlaylist, PlaylistEntry, DEFAULT_ATTRACT_IDLE_SECONDS};
pub use quotes::{estimate_error, PricebookVersion, QuoteContext};
pub use roi::ShowReportData;
pub use team::{TeamMember, DEFAULT_IDLE_LOCK_MINUTES};

use connection::{lock, Readers};

/// The database file's name inside the data folder.
pub const DB_FILE: &str = "leadtrack.sqlite3";

pub struct Store {
    path: PathBuf,
    writer: Arc<Mutex<Connection>>,
    readers: Readers,
    device_id: String,
    clock: clock::Clock,
    /// `None` only in tests that watch the search queue before it is indexed.
    maintenance: Option<maintenance::Maintenance>,
}

impl Store {
    /// Opens (creating if needed) the store in `dir`: checks integrity, refuses a newer
    /// schema, applies pending migrations and makes sure this device has an id.
    pub fn open(dir: &Path) -> Result<Store> {
        Store::open_with(dir, true)
    }

    /// `open` with or without the background thread that indexes and checkpoints.
    fn open_with(dir: &Path, background: bool) -> Result<Store> {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io { path: dir.to_path_buf(), source })?;
        let path = dir.join(DB_FILE);
        // Look before touching: a too-new or damaged file is refused before any PRAGMA
        // (switching to WAL rewrites the header) can change a byte of it.
        {
            let probe = Connection::open(&path)?;
            migrations::check_not_newer(&probe)?;
            check_integrity(&probe, &path)?;
        }
        let mut writer = connection::open(&path)?;
        // Checkpoints happen on the maintenance thread, never inside a save.
        writer.pragma_update(None, "wal_autocheckpoint", 0)?;
        migrations::apply(&mut writer)?;
        let device_id = settings::device_id(&mut writer)?;
        let clock = clock::Clock::load(&writer, &device_id)?;
        let writer = Arc::new(Mutex::new(writer));
        Ok(Store {
            clock,
            readers: Readers::new(path.clone()),
            maintenance: background.then(|| maintenance::Maintenance::start(&path, writer.clone())),
            path,
            writer,
            device_id,
        })
    }

    /// The SQLite file, for backups, diagnostics and tests that read it directly.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// This device's id: the node of every clock stamp it makes.
    pub fn device_id(&self) -> &str {
        &self.device_id
    }

    /// Runs `f` on the single writer connection, then wakes the maintenance thread.
    fn write<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        let result = f(&mut lock(&self.writer));
        if let Some(m) = &self.maintenance {
            m.nudge();
        }
        result
    }

    /// Runs `f` on a pooled reader.
    fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let reader = self.readers.get()?;
        f(&reader)
    }

    /// Copies the whole WAL into the database file now and empties it: before a backup,
    /// and after a bulk import so the next saves do not share the disk with the copy.
    pub fn checkpoint(&self) -> Result<()> {
        self.write(|c| Ok(c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?))
    }

    /// Moves every lead waiting in the search queue into the full-text index now (the
    /// background thread does this moments after each save anyway): after a bulk import,
    /// and before measuring.
    pub fn index_pending(&self) -> Result<usize> {
        self.write(|c| search::index_batch(c, usize::MAX))
    }

    /// `PRAGMA integrity_check`, for `doctor`-style checks and the durability tests.
    pub fn integrity_check(&self) -> Result<String> {
        self.read(|c| Ok(c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?))
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        if let Err(e) = self.clock.save(&lock(&self.writer)) {
            tracing::warn!(error = %e, "could not save the clock's high-water mark");
        }
    }
}

fn check_integrity(conn: &Connection, path: &Path) -> Result<()> {
    let detail: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if detail == "ok" {
        Ok(())
    } else {
        Err(Error::Corrupt { path: path.to_path_buf(), detail })
    }
}

/// Wall-clock now in unix milliseconds.
pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

/// A fresh UUIDv7: time-ordered, minted on the device, safe to merge across devices.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

#[cfg(test)]
mod access_tests;
#[cfg(test)]
mod dashboard_tests;
#[cfg(test)]
mod tests;
