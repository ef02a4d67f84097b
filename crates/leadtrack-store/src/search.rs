//! The lead list: filters plus substring search in any script.
//!
//! Words of three characters or more go through the FTS5 trigram index, which drives the
//! query newest-captured first so SQLite stops as soon as the page is full, however many
//! leads match. Leads saved moments ago may still wait in `search_queue` for the
//! background indexer (see `maintenance`); they are matched directly with LIKE, so every
//! saved lead is findable at once. Words shorter than a trigram — two-character Chinese
//! given names are common — are matched with LIKE too. Without text, the list is
//! most-recently-updated first.

use leadtrack_domain::{Grade, LeadQuery, LeadSource, LeadStatus, LeadSummary, Role, Viewer};
use rusqlite::types::Value;
use rusqlite::{Connection, Row, TransactionBehavior};

use crate::{Result, Store};

pub const DEFAULT_LIMIT: u32 = 200;
pub const MAX_LIMIT: u32 = 5_000;

pub(crate) const SELECT: &str = "SELECT l.id, e.tag, l.status, l.company, l.name, l.title, l.email, l.grade, u.name,
        l.updated_at,
        (SELECT group_concat(tag, char(31)) FROM (SELECT tag FROM lead_interests i
          WHERE i.lead_id = l.id ORDER BY position)),
        l.seq, l.to_reconcile, l.attendee_id, l.source,
        (SELECT name FROM users a WHERE a.id = l.assigned_to)";
pub(crate) const JOINS: &str = "JOIN events e ON e.id = l.event_id JOIN users u ON u.id = l.captured_by";
const SEARCHED: [&str; 5] = ["l.name", "l.company", "l.email", "l.title", "l.phone"];

/// SQL text and its bound values, numbered as they are added.
struct Sql {
    text: String,
    args: Vec<Value>,
}

impl Sql {
    fn new(text: String, args: Vec<Value>) -> Sql {
        Sql { text, args }
    }

    /// Appends `clause`, binding every `?` in it to `value`.
    fn push(&mut self, clause: &str, value: Value) {
        self.args.push(value);
        self.text.push_str(&clause.replace('?', &format!("?{}", self.args.len())));
    }

    /// `word` appears as a substring of one of the searched fields (case-insensitive for
    /// ASCII, as LIKE is); `%`, `_` and `\` in it are literal.
    fn push_contains(&mut self, word: &str) {
        let escaped = word.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        let any = SEARCHED.map(|c| format!("{c} LIKE ? ESCAPE '\\'")).join(" OR ");
        self.push(&format!(" AND ({any})"), Value::Text(format!("%{escaped}%")));
    }

    fn query(&self, c: &Connection) -> Result<Vec<(i64, LeadSummary)>> {
        let mut st = c.prepare_cached(&self.text)?;
        let rows = st.query_map(rusqlite::params_from_iter(&self.args), summary)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Store {
    /// The list unscoped: for tools and tests. What a person sees goes through
    /// [`Store::search_leads_as`].
    pub fn search_leads(&self, q: &LeadQuery) -> Result<Vec<LeadSummary>> {
        self.search(q, None)
    }

    pub(crate) fn search(&self, q: &LeadQuery, viewer: Option<&Viewer>) -> Result<Vec<LeadSummary>> {
        let limit = q.limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT) as usize;
        let (long, short): (Vec<&str>, Vec<&str>) = q.text.split_whitespace().partition(|w| w.chars().count() >= 3);

        if long.is_empty() {
            let mut browse = Sql::new(format!("{SELECT} FROM leads l {JOINS} WHERE 1 = 1"), vec![]);
            filters(&mut browse, q, &short, viewer);
            browse.push(" ORDER BY l.updated_at DESC, l.seq DESC LIMIT ?", Value::Integer(limit as i64));
            return self.read(|c| Ok(browse.query(c)?.into_iter().map(|(_, s)| s).collect()));
        }

        let phrase = long.iter().map(|w| format!("\"{}\"", w.replace('"', "\"\""))).collect::<Vec<_>>().join(" AND ");
        let mut indexed = Sql::new(
            format!(
                "{SELECT} FROM leads_fts f JOIN leads l ON l.seq = f.rowid {JOINS}
                 WHERE leads_fts MATCH ?1 AND f.rowid NOT IN (SELECT seq FROM search_queue)"
            ),
            vec![Value::Text(phrase)],
        );
        filters(&mut indexed, q, &short, viewer);
        indexed.push(" ORDER BY f.rowid DESC LIMIT ?", Value::Integer(limit as i64));

        let mut queued =
            Sql::new(format!("{SELECT} FROM search_queue s JOIN leads l ON l.seq = s.seq {JOINS} WHERE 1 = 1"), vec![]);
        for w in &long {
            queued.push_contains(w);
        }
        filters(&mut queued, q, &short, viewer);
        queued.push(" ORDER BY l.seq DESC LIMIT ?", Value::Integer(limit as i64));

        self.read(|c| {
            // One snapshot for both halves, so a lead moving from the queue into the
            // index in between is counted exactly once.
            let tx = c.unchecked_transaction()?;
            let mut rows = queued.query(&tx)?;
            rows.extend(indexed.query(&tx)?);
            tx.commit()?;
            rows.sort_by_key(|r| std::cmp::Reverse(r.0));
            Ok(rows.into_iter().take(limit).map(|(_, s)| s).collect())
        })
    }
}

/// The list's filters, shared by every form of the query.
fn filters(sql: &mut Sql, q: &LeadQuery, short: &[&str], viewer: Option<&Viewer>) {
    // A lead merged into another is reached through the survivor, never listed.
    sql.text.push_str(" AND l.merged_into IS NULL");
    // The viewer rule (see `access`): a rep's own captures and assignments only.
    match viewer.map(|v| (v.role, v)) {
        Some((Role::Rep, v)) => {
            sql.push(" AND (l.captured_by = ? OR l.assigned_to = ?)", Value::Text(v.user_id.clone()))
        }
        Some((Role::Kiosk, _)) => sql.text.push_str(" AND 0"),
        _ => {}
    }
    if q.to_reconcile == Some(true) {
        sql.text.push_str(" AND l.to_reconcile = 1");
    }
    for w in short {
        sql.push_contains(w);
    }
    if let Some(e) = &q.event_id {
        sql.push(" AND l.event_id = ?", Value::Text(e.clone()));
    }
    if let Some(g) = q.grade {
        sql.push(" AND l.grade = ?", Value::Text(g.as_str().into()));
    }
    if let Some(s) = q.status {
        // A literal from our own enum, not user text: lets SQLite use the partial index
        // on drafts, which a bound parameter would hide from the planner.
        sql.text.push_str(&format!(" AND l.status = '{}'", s.as_str()));
    }
    if let Some(u) = &q.captured_by {
        sql.push(" AND l.captured_by = ?", Value::Text(u.clone()));
    }
    if let Some(source) = q.source {
        sql.push(" AND l.source = ?", Value::Text(source.as_str().into()));
    }
}

pub(crate) fn summary(r: &Row) -> rusqlite::Result<(i64, LeadSummary)> {
    let status: String = r.get(2)?;
    let grade: Option<String> = r.get(7)?;
    let interests: Option<String> = r.get(10)?;
    let source: String = r.get(14)?;
    Ok((
        r.get(11)?,
        LeadSummary {
            id: r.get(0)?,
            event_tag: r.get(1)?,
            status: LeadStatus::parse(&status).unwrap_or(LeadStatus::New),
            company: r.get(3)?,
            name: r.get(4)?,
            title: r.get(5)?,
            email: r.get(6)?,
            grade: grade.as_deref().and_then(Grade::parse),
            captured_by_name: r.get(8)?,
            updated_at: r.get(9)?,
            interests: interests.map(|t| t.split('\u{1f}').map(String::from).collect()).unwrap_or_default(),
            source: LeadSource::parse(&source).unwrap_or(LeadSource::Manual),
            to_reconcile: r.get(12)?,
            attendee_id: r.get(13)?,
            assigned_to_name: r.get(15)?,
        },
    ))
}

/// Moves up to `max` queued leads into the full-text index in one transaction; returns
/// how many it moved. Called by the maintenance thread. A lead merged into another leaves
/// the index (it is only reached through the survivor).
pub(crate) fn index_batch(conn: &mut Connection, max: usize) -> Result<usize> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let queued = tx
        .prepare_cached(
            "SELECT s.seq, l.name, l.company, l.email, l.title, l.phone
             FROM search_queue s LEFT JOIN leads l ON l.seq = s.seq AND l.merged_into IS NULL
             ORDER BY s.seq LIMIT ?1",
        )?
        .query_map([max as i64], |r| {
            Ok((r.get::<_, i64>(0)?, [r.get::<_, Option<String>>(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?]))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (seq, fields) in &queued {
        tx.prepare_cached("DELETE FROM leads_fts WHERE rowid = ?1")?.execute([seq])?;
        if fields[0].is_some() {
            tx.prepare_cached(
                "INSERT INTO leads_fts (rowid, name, company, email, title, phone) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(rusqlite::params![seq, fields[0], fields[1], fields[2], fields[3], fields[4]])?;
        }
        tx.prepare_cached("DELETE FROM search_queue WHERE seq = ?1")?.execute([seq])?;
    }
    tx.commit()?;
    Ok(queued.len())
}

#[cfg(test)]
impl Store {
    /// Opens without the background thread, so a test sees leads wait in the queue.
    pub(crate) fn open_without_background(dir: &std::path::Path) -> Result<Store> {
        Store::open_with(dir, false)
    }

    pub(crate) fn queued_for_search(&self) -> Result<i64> {
        self.read(|c| Ok(c.query_row("SELECT COUNT(*) FROM search_queue", [], |r| r.get(0))?))
    }
}
