//! Connection pool and schema migrations.
//!
//! Migrations are SQL files compiled into the binary and applied at start, all pending ones
//! in one transaction that first takes a transaction-level advisory lock: when several
//! instances start at once on an empty database, one migrates and the others wait, then find
//! nothing left to do. A database migrated by a newer collector is refused, and so is one
//! whose record of a shipped migration has a different checksum.

use std::str::FromStr;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use sha2::{Digest, Sha256};
use tokio_postgres::NoTls;

use crate::error::{Error, Result};

pub struct Migration {
    pub version: i32,
    pub name: &'static str,
    pub sql: &'static str,
}

/// Append-only, in order.
pub const MIGRATIONS: &[Migration] = &[
    Migration { version: 1, name: "0001_init", sql: include_str!("../migrations/0001_init.sql") },
    Migration { version: 2, name: "0002_interactions", sql: include_str!("../migrations/0002_interactions.sql") },
    Migration {
        version: 3,
        name: "0003_answer_compression",
        sql: include_str!("../migrations/0003_answer_compression.sql"),
    },
];

/// Advisory-lock key (two-int form, its own key space) held while migrating: "LTCO", 1.
const MIGRATION_LOCK: (i32, i32) = (0x4c54_434f, 1);

/// A pool of `size` connections to `database_url` (`postgres://user:pass@host:port/db`).
/// Connections open lazily; waiting for one gives up after five seconds (→ 503).
pub fn pool(database_url: &str, size: usize) -> Result<Pool> {
    let mut config = tokio_postgres::Config::from_str(database_url).map_err(|e| Error::Url(e.to_string()))?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(5));
    }
    config.application_name("leadtrack-collector");
    let manager = Manager::from_config(config, NoTls, ManagerConfig { recycling_method: RecyclingMethod::Fast });
    Pool::builder(manager)
        .max_size(size.max(1))
        .runtime(Runtime::Tokio1)
        .wait_timeout(Some(Duration::from_secs(5)))
        .create_timeout(Some(Duration::from_secs(5)))
        .recycle_timeout(Some(Duration::from_secs(5)))
        .build()
        .map_err(|e| Error::Url(e.to_string()))
}

/// Lower-case hex SHA-256 of a migration's text, as recorded in `collector_migrations`.
pub fn checksum(sql: &str) -> String {
    Sha256::digest(sql.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Brings the schema up to date; returns how many migrations it applied.
pub async fn migrate(client: &mut deadpool_postgres::Object) -> Result<usize> {
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1, $2)", &[&MIGRATION_LOCK.0, &MIGRATION_LOCK.1]).await?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS collector_migrations (
             version    integer PRIMARY KEY,
             name       text NOT NULL,
             sha256     text NOT NULL,
             applied_at timestamptz NOT NULL DEFAULT now()
         )",
    )
    .await?;
    let known = MIGRATIONS.last().map_or(0, |m| m.version);
    let mut applied = Vec::new();
    for row in tx.query("SELECT version, name, sha256 FROM collector_migrations ORDER BY version", &[]).await? {
        let (version, name, sha): (i32, String, String) = (row.get(0), row.get(1), row.get(2));
        match MIGRATIONS.iter().find(|m| m.version == version) {
            None if version > known => return Err(Error::SchemaTooNew { found: version, known }),
            Some(m) if checksum(m.sql) == sha => applied.push(version),
            _ => return Err(Error::MigrationEdited(name)),
        }
    }
    let mut count = 0;
    for m in MIGRATIONS.iter().filter(|m| !applied.contains(&m.version)) {
        tx.batch_execute(m.sql).await?;
        tx.execute(
            "INSERT INTO collector_migrations (version, name, sha256) VALUES ($1, $2, $3)",
            &[&m.version, &m.name, &checksum(m.sql)],
        )
        .await?;
        tracing::info!(version = m.version, name = m.name, "migration applied");
        count += 1;
    }
    tx.commit().await?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_migrations_are_never_edited() {
        // A changed checksum means a shipped file was edited: add a new migration instead.
        let pinned = [
            (1, "0001_init", "c17de21ebf819c52e2aec04f30d93b617637623daf3d91025fe5dbaa8b3e54a4"),
            (2, "0002_interactions", "6adc0f1feaeba9326fb66103d70e781f13f66767f9ca1de21e1b884f0b2e69cd"),
            (3, "0003_answer_compression", "12105504ab4b14a536b533057978a83bc0621386bf6391706bbecf4fea68812e"),
        ];
        let shipped: Vec<(i32, &str, String)> =
            MIGRATIONS.iter().map(|m| (m.version, m.name, checksum(m.sql))).collect();
        for (i, (version, name, sum)) in shipped.iter().enumerate() {
            assert_eq!(*version, i as i32 + 1, "migrations are numbered 1, 2, 3… in order");
            let pin = pinned.iter().find(|p| p.0 == *version);
            assert_eq!(pin.map(|p| (p.1, p.2)), Some((*name, sum.as_str())), "pin {name} at {sum}");
        }
    }
}
