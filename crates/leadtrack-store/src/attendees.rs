//! The organiser's attendee list: imported before (or during) a show, it names id-only
//! badges offline, and an import names every lead still waiting for it.

use leadtrack_domain::attendee::id_key;
use leadtrack_domain::phone::{self, PhoneCheck};
use leadtrack_domain::validate::{is_country_code, is_email};
use leadtrack_domain::{Attendee, AttendeeImport, AttendeeListStatus, Event, LeadInput};
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
/// is there. What the rep typed is never overwritten, and a value from the organiser's file
/// that would not pass validation (a broken email, a country name instead of a code, a phone
/// that is not one) is left out rather than blocking the save. Returns whether the id was found.
pub(crate) fn fill_from_list(conn: &Connection, event: &Event, input: &mut LeadInput) -> Result<bool> {
    let Some(id) = input.attendee_id.as_deref() else { return Ok(false) };
    let Some(a) = lookup(conn, &event.id, id)? else { return Ok(false) };
    let country = if is_country_code(&a.country) { a.country } else { String::new() };
    let phone_country = [input.country.as_str(), country.as_str(), event.country.as_str()]
        .into_iter()
        .find(|c| !c.is_empty())
        .unwrap_or("")
        .to_string();
    let phone = match phone::check(&a.phone, &phone_country) {
        PhoneCheck::Invalid => String::new(),
        _ => a.phone,
    };
    let email = if is_email(&a.email) { a.email } else { String::new() };
    for (field, value) in [
        (&mut input.company, a.company),
        (&mut input.name, a.name),
        (&mut input.title, a.title),
        (&mut input.phone, phone),
        (&mut input.email, email),
        (&mut input.country, country),
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

    /// How many attendees the show's list holds and how many of its leads wait for it.
    pub fn attendee_status(&self, event_id: &str) -> Result<AttendeeListStatus> {
        self.read(|c| {
            let (attendees, to_reconcile): (i64, i64) = c.query_row(
                "SELECT (SELECT COUNT(*) FROM attendees WHERE event_id = ?1),
                        (SELECT COUNT(*) FROM leads WHERE event_id = ?1 AND to_reconcile = 1
                           AND merged_into IS NULL)",
                [event_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            Ok(AttendeeListStatus { attendees: attendees as u32, to_reconcile: to_reconcile as u32 })
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

    /// Saves every lead of the show that waits for the list and is on it now, in one
    /// transaction; returns how many. A lead whose list entry would still not pass the show's
    /// checks keeps waiting rather than failing the import.
    fn reconcile(&self, event_id: &str, author: &str) -> Result<u32> {
        self.write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let author = crate::users::get(&tx, author)?;
            let waiting: Vec<(String, String)> = tx
                .prepare(
                    "SELECT id, attendee_id FROM leads
                     WHERE event_id = ?1 AND to_reconcile = 1 AND merged_into IS NULL AND attendee_id IS NOT NULL",
                )?
                .query_map([event_id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut named = 0;
            for (id, attendee_id) in waiting {
                // Few leads wait, and ids match through `id_key`, so each is looked up.
                if lookup(&tx, event_id, &attendee_id)?.is_none() {
                    continue;
                }
                let before = crate::leads::get(&tx, &id)?;
                match crate::leads::update(&tx, &self.clock, &before, before.to_input(), &author, None) {
                    Ok(_) => named += 1,
                    Err(crate::Error::Invalid(e)) => {
                        tracing::warn!(lead = %id, error = %e, "attendee list entry refused")
                    }
                    Err(e) => return Err(e),
                }
            }
            tx.commit()?;
            Ok(named)
        })
    }
}
