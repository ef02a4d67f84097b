//! The organiser's attendee list: imported before (or during) a show, it names id-only
//! badges offline, and an import names every lead still waiting for it.

use leadtrack_domain::attendee::id_key;
use leadtrack_domain::{Attendee, AttendeeImport, LeadInput};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::{now_ms, Result, Store};

pub(crate) fn lookup(conn: &Connection, event_id: &str, attendee_id: &str) -> Result<Option<Attendee>> {
    let Some(key) = id_key(attendee_id) else { return Ok(None) };
    Ok(conn
        .prepare_cached(
            "SELECT attendee_id, company, name, title, phone, email, country FROM attendees
             WHERE event_id = ?1 AND id_key = ?2",
        )?
        .query_row((event_id, key), |r| {
            Ok(Attendee {
                attendee_id: r.get(0)?,
                company: r.get(1)?,
                name: r.get(2)?,
                title: r.get(3)?,
                phone: r.get(4)?,
                email: r.get(5)?,
                country: r.get(6)?,
            })
        })
        .optional()?)
}

/// Fills the contact fields `input` leaves empty from the show's list, when its attendee id
/// is there. What the rep typed is never overwritten. Returns whether the id was found.
pub(crate) fn fill_from_list(conn: &Connection, event_id: &str, input: &mut LeadInput) -> Result<bool> {
    let Some(id) = input.attendee_id.as_deref() else { return Ok(false) };
    let Some(a) = lookup(conn, event_id, id)? else { return Ok(false) };
    for (field, value) in [
        (&mut input.company, a.company),
        (&mut input.name, a.name),
        (&mut input.title, a.title),
        (&mut input.phone, a.phone),
        (&mut input.email, a.email),
        (&mut input.country, a.country),
    ] {
        if field.trim().is_empty() {
            *field = value;
        }
    }
    Ok(true)
}

impl Store {
    /// The attendee behind `attendee_id` at `event_id`, if the show's list has them.
    pub fn attendee(&self, event_id: &str, attendee_id: &str) -> Result<Option<Attendee>> {
        self.read(|c| lookup(c, event_id, attendee_id))
    }

    /// How many attendees the show's list holds.
    pub fn attendee_count(&self, event_id: &str) -> Result<u64> {
        self.read(|c| {
            let n: i64 = c.query_row("SELECT COUNT(*) FROM attendees WHERE event_id = ?1", [event_id], |r| r.get(0))?;
            Ok(n as u64)
        })
    }

    /// Adds `list` to the show's attendee list in one transaction (a later row with the same
    /// id replaces an earlier one), then names every lead of the show that waited for it.
    /// Each named lead is saved as a new version by `author`, so the change syncs and shows
    /// in its history.
    pub fn import_attendees(&self, event_id: &str, list: &[Attendee], author: &str) -> Result<AttendeeImport> {
        let mut report = self.write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            crate::events::get(&tx, event_id)?;
            let mut report = AttendeeImport::default();
            let now = now_ms();
            {
                let mut exists = tx.prepare_cached("SELECT 1 FROM attendees WHERE event_id = ?1 AND id_key = ?2")?;
                let mut upsert = tx.prepare_cached(
                    "INSERT INTO attendees (event_id, id_key, attendee_id, company, name, title, phone, email,
                       country, imported_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                     ON CONFLICT (event_id, id_key) DO UPDATE SET attendee_id = excluded.attendee_id,
                       company = excluded.company, name = excluded.name, title = excluded.title,
                       phone = excluded.phone, email = excluded.email, country = excluded.country,
                       imported_at = excluded.imported_at",
                )?;
                for a in list {
                    let Some(key) = id_key(&a.attendee_id) else {
                        report.skipped += 1;
                        continue;
                    };
                    if exists.exists((event_id, &key))? {
                        report.updated += 1;
                    } else {
                        report.added += 1;
                    }
                    upsert.execute(rusqlite::params![
                        event_id,
                        key,
                        a.attendee_id.trim(),
                        a.company.trim(),
                        a.name.trim(),
                        a.title.trim(),
                        a.phone.trim(),
                        a.email.trim(),
                        a.country.trim().to_uppercase(),
                        now
                    ])?;
                }
            }
            tx.commit()?;
            Ok(report)
        })?;
        report.reconciled = self.reconcile(event_id, author)?;
        Ok(report)
    }

    /// Saves every lead of the show that waits for the list and is on it now; returns how many.
    /// A lead whose list entry would not pass the show's checks (a broken email in the
    /// organiser's file, say) keeps waiting rather than failing the import.
    fn reconcile(&self, event_id: &str, author: &str) -> Result<u32> {
        let waiting: Vec<String> = self.read(|c| {
            // Few leads wait, and ids match through `id_key`, so each is looked up.
            let mut st = c.prepare(
                "SELECT id, attendee_id FROM leads
                 WHERE event_id = ?1 AND to_reconcile = 1 AND merged_into IS NULL",
            )?;
            let rows = st
                .query_map([event_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut found = Vec::new();
            for (id, attendee_id) in rows {
                if let Some(a) = attendee_id {
                    if lookup(c, event_id, &a)?.is_some() {
                        found.push(id);
                    }
                }
            }
            Ok(found)
        })?;
        let mut named = 0;
        for id in waiting {
            let lead = self.lead(&id)?;
            match self.update_lead(&id, lead.to_input(), author) {
                Ok(_) => named += 1,
                Err(crate::Error::Invalid(e)) => tracing::warn!(lead = %id, error = %e, "attendee list entry refused"),
                Err(e) => return Err(e),
            }
        }
        Ok(named)
    }
}
