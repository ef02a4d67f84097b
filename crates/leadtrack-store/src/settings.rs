//! Small key/value settings: the device id, the clock's high-water mark, the active show.

use rusqlite::{Connection, OptionalExtension};

use crate::{new_id, Result, Store};

pub fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn.prepare_cached("SELECT value FROM settings WHERE key = ?1")?.query_row([key], |r| r.get(0)).optional()?)
}

pub fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute([key, value])?;
    Ok(())
}

/// Reads this device's id, minting it on first open.
pub fn device_id(conn: &mut Connection) -> Result<String> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let id = match get(&tx, "device_id")? {
        Some(id) => id,
        None => {
            let id = new_id();
            set(&tx, "device_id", &id)?;
            id
        }
    };
    tx.commit()?;
    Ok(id)
}

impl Store {
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.read(|c| get(c, key))
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.write(|c| set(c, key, value))
    }
}
