//! This device's hybrid logical clock.
//!
//! Kept in memory so a save writes no extra row for it. At open it resumes from the
//! highest stamp on disk (the last one saved at close, or the newest lead, whichever is
//! later), so it never runs backwards across restarts or crashes even if the wall clock does.

use std::sync::Mutex;

use leadtrack_domain::Hlc;
use rusqlite::Connection;

use crate::connection::lock;
use crate::{settings, Result};

const KEY: &str = "hlc_last";

pub struct Clock {
    node: String,
    last: Mutex<Option<Hlc>>,
}

impl Clock {
    pub fn load(conn: &Connection, node: &str) -> Result<Clock> {
        let saved = settings::get(conn, KEY)?;
        let newest: Option<String> = conn.query_row("SELECT max(hlc) FROM leads", [], |r| r.get(0))?;
        let last = [saved, newest].into_iter().flatten().filter_map(|s| Hlc::parse(&s)).max();
        Ok(Clock { node: node.to_string(), last: Mutex::new(last) })
    }

    /// The next stamp: later than every stamp this device has issued.
    pub fn stamp(&self, now_ms: i64) -> Hlc {
        let mut last = lock(&self.last);
        let next = Hlc::tick(last.as_ref(), now_ms, &self.node);
        *last = Some(next.clone());
        next
    }

    /// Writes the high-water mark, so the next open resumes from it without guessing.
    pub fn save(&self, conn: &Connection) -> Result<()> {
        match lock(&self.last).as_ref() {
            Some(h) => settings::set(conn, KEY, &h.to_string()),
            None => Ok(()),
        }
    }
}
