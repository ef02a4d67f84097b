//! Leads for export: every lead a filter matches, whole, and a durable way to save the file.
//!
//! The list pages and ranks; an export takes everything the show, grade, rep and status
//! filters match (the search box and the page size do not apply), oldest capture first, with
//! merged-away leads left out as the list leaves them out. All leads come from one SELECT
//! (interests folded in), so the file is one consistent snapshot even while the booth keeps
//! saving, and 10,000 leads are one pass rather than 20,000 lookups (~30 ms).
//!
//! The `leadtrack` CLI exports from another process while the app may be running, so it
//! does not use `Store::open` (which migrates, starts the indexing thread and writes the
//! clock back on close): `ReadOnlyStore::open` opens the file read-only, changes nothing
//! on disk, and refuses a schema it was not built for in either direction — it never
//! upgrades a database under a running app. WAL lets it read while the app writes.

use std::path::Path;

use leadtrack_domain::{FieldError, Lead, LeadQuery, ValidationErrors, Viewer};
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags};

use crate::connection::BUSY_TIMEOUT;
use crate::leads::{LEAD_COLUMNS, LEAD_FROM};
use crate::{migrations, Error, Result, Store, DB_FILE};

impl Store {
    /// Every lead `q`'s filters match (`text` and `limit` are ignored), oldest capture first.
    pub fn export_leads(&self, q: &LeadQuery) -> Result<Vec<Lead>> {
        self.read(|c| export(c, q, None))
    }
}

/// A data folder's database opened for reading only, safe beside a running app.
pub struct ReadOnlyStore {
    pub(crate) conn: Connection,
}

impl ReadOnlyStore {
    /// Opens `dir`'s database read-only. Refuses a missing database, one a newer LeadTrack
    /// wrote, and one an older LeadTrack left un-upgraded (the app upgrades it when it opens it).
    pub fn open(dir: &Path) -> Result<ReadOnlyStore> {
        let path = dir.join(DB_FILE);
        if !path.is_file() {
            let missing =
                std::io::Error::new(std::io::ErrorKind::NotFound, format!("no LeadTrack database ({DB_FILE}) in it"));
            return Err(Error::Io { path: dir.to_path_buf(), source: missing });
        }
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "query_only", "ON")?;
        conn.pragma_update(None, "trusted_schema", "OFF")?;
        let found = migrations::check_not_newer(&conn)?;
        if found < migrations::latest() {
            return Err(invalid(
                "database",
                "schema_older",
                &format!(
                    "The database in {} is at schema {found}; this leadtrack reads schema {}. Open it once with \
                     the LeadTrack app of this version to upgrade it, then export again.",
                    dir.display(),
                    migrations::latest()
                ),
            ));
        }
        Ok(ReadOnlyStore { conn })
    }

    /// See `Store::export_leads`.
    pub fn export_leads(&self, q: &LeadQuery) -> Result<Vec<Lead>> {
        export(&self.conn, q, None)
    }

    /// The id of the show tagged `tag_or_id` (exactly, else ignoring ASCII case), or with that id.
    pub fn find_show(&self, tag_or_id: &str) -> Result<String> {
        let exact = ids(&self.conn, "SELECT id FROM events WHERE id = ?1 OR tag = ?1", tag_or_id)?;
        let found = if exact.is_empty() {
            ids(&self.conn, "SELECT id FROM events WHERE tag = ?1 COLLATE NOCASE", tag_or_id)?
        } else {
            exact
        };
        match found.as_slice() {
            [one] => Ok(one.clone()),
            [] => Err(invalid("show", "unknown", &format!("No show is tagged {tag_or_id:?}."))),
            many => Err(invalid(
                "show",
                "ambiguous",
                &format!("{} shows are tagged {tag_or_id:?} apart from case; give the exact tag.", many.len()),
            )),
        }
    }

    /// The id of the rep named `name_or_id` (ignoring ASCII case), or with that id.
    pub fn find_rep(&self, name_or_id: &str) -> Result<String> {
        let found = ids(
            &self.conn,
            "SELECT id FROM users WHERE id = ?1 OR name = ?1 COLLATE NOCASE ORDER BY id",
            name_or_id.trim(),
        )?;
        match found.as_slice() {
            [one] => Ok(one.clone()),
            [] => Err(invalid("rep", "unknown", &format!("No rep is called {name_or_id:?}."))),
            many => Err(invalid(
                "rep",
                "ambiguous",
                &format!("{} reps are called {name_or_id:?}; give the id instead: {}.", many.len(), many.join(", ")),
            )),
        }
    }
}

fn invalid(field: &str, code: &str, message: &str) -> Error {
    Error::Invalid(ValidationErrors { fields: vec![FieldError::new(field, code, message)] })
}

fn ids(c: &Connection, sql: &str, arg: &str) -> Result<Vec<String>> {
    let mut st = c.prepare(sql)?;
    let rows = st.query_map([arg], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every matching lead in one query (its interests folded in with `group_concat`), so a
/// show of 10,000 leads is one pass over the table, not 20,000 lookups.
pub(crate) fn export(c: &Connection, q: &LeadQuery, viewer: Option<&Viewer>) -> Result<Vec<Lead>> {
    let mut sql = format!(
        "SELECT {LEAD_COLUMNS}, (SELECT group_concat(tag, char(31)) FROM (SELECT tag FROM lead_interests i \
         WHERE i.lead_id = l.id ORDER BY position)) FROM {LEAD_FROM} WHERE l.merged_into IS NULL"
    );
    let mut args: Vec<Value> = Vec::new();
    let mut filter = |clause: &str, value: Value| {
        args.push(value);
        sql.push_str(&clause.replace('?', &format!("?{}", args.len())));
    };
    if let Some(e) = &q.event_id {
        filter(" AND l.event_id = ?", Value::Text(e.clone()));
    }
    if let Some(g) = q.grade {
        filter(" AND l.grade = ?", Value::Text(g.as_str().into()));
    }
    if let Some(s) = q.status {
        filter(" AND l.status = ?", Value::Text(s.as_str().into()));
    }
    if let Some(u) = &q.captured_by {
        filter(" AND l.captured_by = ?", Value::Text(u.clone()));
    }
    if let Some(source) = q.source {
        filter(" AND l.source = ?", Value::Text(source.as_str().into()));
    }
    if q.to_reconcile == Some(true) {
        sql.push_str(" AND l.to_reconcile = 1");
    }
    if let Some(v) = viewer {
        if let Some(only) = crate::access::condition(v, args.len() + 1) {
            args.push(Value::Text(v.user_id.clone()));
            sql.push_str(&only);
        }
    }
    sql.push_str(" ORDER BY l.created_at, l.seq");

    let mut st = c.prepare(&sql)?;
    let interests_at = st.column_count() - 1;
    let rows = st.query_map(rusqlite::params_from_iter(&args), |r| {
        let tags: Option<String> = r.get(interests_at)?;
        let mut lead = crate::leads::from_row(r)?;
        lead.interests = tags.map(|t| t.split('\u{1f}').map(String::from).collect()).unwrap_or_default();
        Ok(lead)
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use leadtrack_domain::{CaptureForm, EventInput, Grade, LeadInput, LeadStatus, MergeChoice, Role};

    use super::*;

    fn show(store: &Store, tag: &str) -> String {
        let input = EventInput {
            tag: tag.into(),
            name: format!("{tag} show"),
            starts_on: "2026-11-23".into(),
            ends_on: "2026-11-25".into(),
            booth: "A1".into(),
            country: "CN".into(),
            form: CaptureForm { required: vec!["name".into()], ..CaptureForm::default() },
        };
        store.create_event(input).unwrap().id
    }

    fn input(event: &str, name: &str, grade: Option<Grade>) -> LeadInput {
        LeadInput {
            event_id: event.into(),
            name: name.into(),
            company: "Acme".into(),
            phone: "138 0013 8000".into(),
            grade,
            interests: vec!["LED".into()],
            ..LeadInput::default()
        }
    }

    fn names(leads: &[Lead]) -> Vec<&str> {
        leads.iter().map(|l| l.name.as_str()).collect()
    }

    #[test]
    fn an_export_takes_every_matching_lead_whole_oldest_first_without_merged_ones() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let (canton, medica) = (show(&store, "CANTON"), show(&store, "MEDICA"));
        let dylan = store.create_user("Dylan", "", Role::Rep).unwrap();
        let lisa = store.create_user("Lisa", "", Role::Rep).unwrap();
        // More than the list's default page, so no limit sneaks in.
        let bulk: Vec<LeadInput> = (0..230).map(|i| input(&canton, &format!("Bulk {i:03}"), Some(Grade::C))).collect();
        store.create_leads(bulk, &dylan.id).unwrap();
        let hot = store.create_lead(input(&canton, "王伟", Some(Grade::A)), &lisa.id).unwrap();
        let twin = store.create_lead(input(&canton, "王伟 (twin)", Some(Grade::A)), &lisa.id).unwrap();
        store.merge_leads(&hot.id, &twin.id, MergeChoice::default(), &lisa.id).unwrap();
        store.create_lead(input(&medica, "Elsewhere", Some(Grade::A)), &lisa.id).unwrap();
        let draft = LeadInput { draft: true, ..input(&canton, "Half done", None) };
        store.create_lead(draft, &dylan.id).unwrap();

        let all_canton =
            store.export_leads(&LeadQuery { event_id: Some(canton.clone()), ..LeadQuery::default() }).unwrap();
        assert_eq!(all_canton.len(), 230 + 1 + 1, "every canton lead except the merged twin");
        assert_eq!(all_canton[0].name, "Bulk 000");
        assert!(!names(&all_canton).contains(&"王伟 (twin)"));
        for lead in &all_canton {
            assert_eq!(*lead, store.lead(&lead.id).unwrap(), "an exported lead reads as the lead itself");
        }
        let wang = all_canton.iter().find(|l| l.name == "王伟").unwrap();
        assert_eq!(wang.interests, vec!["LED".to_string()], "leads come back whole");
        assert_eq!(wang.phone_e164.as_deref(), Some("+8613800138000"));
        assert_eq!(wang.captured_by_name, "Lisa");

        let q = |grade, rep: Option<&str>, status| LeadQuery {
            event_id: Some(canton.clone()),
            grade,
            captured_by: rep.map(String::from),
            status,
            text: "ignored by exports".into(),
            limit: Some(1),
            ..LeadQuery::default()
        };
        assert_eq!(names(&store.export_leads(&q(Some(Grade::A), None, None)).unwrap()), ["王伟"]);
        assert_eq!(store.export_leads(&q(None, Some(&dylan.id), None)).unwrap().len(), 231);
        assert_eq!(names(&store.export_leads(&q(None, None, Some(LeadStatus::Draft))).unwrap()), ["Half done"]);
        assert_eq!(store.export_leads(&q(Some(Grade::B), None, None)).unwrap().len(), 0);
    }

    #[test]
    fn a_read_only_store_reads_beside_the_running_app_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let canton = show(&store, "CANTON");
        let rep = store.create_user("Dylan", "", Role::Rep).unwrap();
        store.create_lead(input(&canton, "Before", None), &rep.id).unwrap();

        let reader = ReadOnlyStore::open(dir.path()).unwrap();
        // The app keeps saving while the CLI holds the file open.
        store.create_lead(input(&canton, "After", None), &rep.id).unwrap();
        let q = LeadQuery { event_id: Some(reader.find_show("canton").unwrap()), ..LeadQuery::default() };
        assert_eq!(names(&reader.export_leads(&q).unwrap()), ["Before", "After"]);
        assert_eq!(reader.find_rep("dylan").unwrap(), rep.id);
        assert!(matches!(reader.find_show("NOPE"), Err(Error::Invalid(_))));
        drop(reader);
        drop(store);

        // With the app closed (no WAL left), reading still works and leaves the bytes alone.
        let db = dir.path().join(DB_FILE);
        let before = std::fs::read(&db).unwrap();
        let reader = ReadOnlyStore::open(dir.path()).unwrap();
        assert_eq!(reader.export_leads(&LeadQuery::default()).unwrap().len(), 2);
        let write = reader.conn.execute("DELETE FROM leads", []);
        assert!(write.is_err(), "a read-only store refused to write");
        drop(reader);
        assert_eq!(std::fs::read(&db).unwrap(), before, "the database file changed");
    }

    #[test]
    fn a_read_only_store_refuses_an_older_schema_and_a_missing_database() {
        let dir = tempfile::tempdir().unwrap();
        let missing = ReadOnlyStore::open(dir.path()).err().unwrap();
        assert!(missing.to_string().contains("no LeadTrack database"), "{missing}");

        let mut conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
        migrations::apply_up_to(&mut conn, migrations::latest() - 1).unwrap();
        drop(conn);
        let older = ReadOnlyStore::open(dir.path()).err().unwrap();
        assert!(older.to_string().contains("Open it once with the LeadTrack app"), "{older}");
        let version: i64 = Connection::open(dir.path().join(DB_FILE))
            .unwrap()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, migrations::latest() - 1, "the read-only open upgraded the file");
    }

    #[test]
    fn two_reps_with_one_name_must_be_told_apart_by_id() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        store.create_user("Sam", "", Role::Rep).unwrap();
        store.create_user("sam", "", Role::Rep).unwrap();
        let reader = ReadOnlyStore::open(dir.path()).unwrap();
        let err = reader.find_rep("Sam").unwrap_err().to_string();
        assert!(err.contains("2 reps are called \"Sam\""), "{err}");
    }
}
