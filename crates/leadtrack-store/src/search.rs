//! The lead list: filters plus substring search in any script.
//!
//! Words of three characters or more go through the FTS5 trigram index, which drives the
//! query newest-captured first so SQLite stops as soon as the page is full, however many
//! leads match. Shorter words — two-character Chinese given names are common — fall back
//! to LIKE over the same columns. Without text the list is most-recently-updated first.

use leadtrack_domain::{Grade, LeadQuery, LeadStatus, LeadSummary};
use rusqlite::types::Value;

use crate::{Result, Store};

pub const DEFAULT_LIMIT: u32 = 200;
pub const MAX_LIMIT: u32 = 5_000;

impl Store {
    pub fn search_leads(&self, q: &LeadQuery) -> Result<Vec<LeadSummary>> {
        let (long, short): (Vec<&str>, Vec<&str>) = q
            .text
            .split_whitespace()
            .partition(|w| w.chars().count() >= 3);
        let select = "SELECT l.id, e.tag, l.status, l.company, l.name, l.title, l.email, l.grade, u.name, l.updated_at,
                    (SELECT group_concat(tag, char(31)) FROM (SELECT tag FROM lead_interests i
                      WHERE i.lead_id = l.id ORDER BY position))";
        let mut args: Vec<Value> = Vec::new();
        let (mut sql, order) = if long.is_empty() {
            (
                format!("{select} FROM leads l JOIN events e ON e.id = l.event_id JOIN users u ON u.id = l.captured_by WHERE 1 = 1"),
                " ORDER BY l.updated_at DESC, l.seq DESC",
            )
        } else {
            let phrase = long
                .iter()
                .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
                .collect::<Vec<_>>()
                .join(" AND ");
            args.push(Value::Text(phrase));
            (
                format!(
                    "{select} FROM leads_fts f JOIN leads l ON l.seq = f.rowid JOIN events e ON e.id = l.event_id
                     JOIN users u ON u.id = l.captured_by WHERE leads_fts MATCH ?1"
                ),
                " ORDER BY f.rowid DESC",
            )
        };
        // Appends `clause`, numbering its one `?` after the arguments already bound.
        fn arg(sql: &mut String, args: &mut Vec<Value>, clause: &str, v: Value) {
            args.push(v);
            sql.push_str(&clause.replace('?', &format!("?{}", args.len())));
        }

        for w in short {
            let pattern = format!(
                "%{}%",
                w.replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            );
            args.push(Value::Text(pattern));
            let n = args.len();
            sql.push_str(&format!(
                " AND (l.name LIKE ?{n} ESCAPE '\\' OR l.company LIKE ?{n} ESCAPE '\\' OR l.email LIKE ?{n} ESCAPE '\\' \
                 OR l.title LIKE ?{n} ESCAPE '\\' OR l.phone LIKE ?{n} ESCAPE '\\')"
            ));
        }
        if let Some(e) = &q.event_id {
            arg(
                &mut sql,
                &mut args,
                " AND l.event_id = ?",
                Value::Text(e.clone()),
            );
        }
        if let Some(g) = q.grade {
            arg(
                &mut sql,
                &mut args,
                " AND l.grade = ?",
                Value::Text(g.as_str().into()),
            );
        }
        if let Some(s) = q.status {
            // A literal from our own enum, not user text: lets SQLite use the partial
            // index on drafts, which a bound parameter would hide from the planner.
            sql.push_str(&format!(" AND l.status = '{}'", s.as_str()));
        }
        if let Some(u) = &q.captured_by {
            arg(
                &mut sql,
                &mut args,
                " AND l.captured_by = ?",
                Value::Text(u.clone()),
            );
        }
        let limit = q.limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT);
        sql.push_str(order);
        arg(
            &mut sql,
            &mut args,
            " LIMIT ?",
            Value::Integer(limit.into()),
        );

        self.read(|c| {
            let mut st = c.prepare_cached(&sql)?;
            let rows = st
                .query_map(rusqlite::params_from_iter(args), |r| {
                    let status: String = r.get(2)?;
                    let grade: Option<String> = r.get(7)?;
                    Ok(LeadSummary {
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
                        interests: r
                            .get::<_, Option<String>>(10)?
                            .map(|t| t.split('\u{1f}').map(String::from).collect())
                            .unwrap_or_default(),
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }
}
