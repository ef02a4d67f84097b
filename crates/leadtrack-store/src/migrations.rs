//! Append-only schema migrations, tracked in `PRAGMA user_version`.
//!
//! A shipped migration is never edited (a test pins their checksums); fixes go in a new
//! file. A database whose version is higher than this build knows is refused untouched:
//! an older app must never "repair" a newer schema.

use rusqlite::{Connection, TransactionBehavior};

use crate::{Error, Result};

pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_init", include_str!("../migrations/0001_init.sql")),
    ("0002_lead_search", include_str!("../migrations/0002_lead_search.sql")),
    ("0003_attachments", include_str!("../migrations/0003_attachments.sql")),
    ("0004_badge_lookup", include_str!("../migrations/0004_badge_lookup.sql")),
    ("0005_attendees_merges", include_str!("../migrations/0005_attendees_merges.sql")),
    ("0006_sync", include_str!("../migrations/0006_sync.sql")),
    ("0007_interactions_sync", include_str!("../migrations/0007_interactions_sync.sql")),
    ("0008_quotes", include_str!("../migrations/0008_quotes.sql")),
    ("0009_content", include_str!("../migrations/0009_content.sql")),
    ("0010_followup", include_str!("../migrations/0010_followup.sql")),
    ("0011_roles_audit", include_str!("../migrations/0011_roles_audit.sql")),
    ("0012_roi_report", include_str!("../migrations/0012_roi_report.sql")),
    ("0013_branding", include_str!("../migrations/0013_branding.sql")),
    ("0014_kiosk_playlist", include_str!("../migrations/0014_kiosk_playlist.sql")),
];

pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

/// The database's schema version, or `TooNew` when a newer app wrote it.
pub fn check_not_newer(conn: &Connection) -> Result<i64> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > latest() {
        return Err(Error::TooNew { found, supported: latest() });
    }
    Ok(found)
}

/// Applies every migration the database lacks, each in its own IMMEDIATE transaction, and
/// returns the version it started from.
pub fn apply(conn: &mut Connection) -> Result<i64> {
    apply_up_to(conn, latest())
}

/// Like `apply`, but stops at `target`: how tests build databases "as an older app left them".
pub fn apply_up_to(conn: &mut Connection, target: i64) -> Result<i64> {
    let found = check_not_newer(conn)?;
    for (i, (name, sql)) in MIGRATIONS.iter().enumerate().take(target as usize).skip(found as usize) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
        tracing::info!(migration = name, "applied");
    }
    Ok(found)
}
