//! The lead write path and lead reads.
//!
//! A save is one IMMEDIATE transaction: validate against the show's form, stamp the
//! hybrid logical clock, write the lead row and its interests, freeze the whole lead as a
//! version row, and queue an outbox row for sync. Either all of it is on disk or none.

use leadtrack_domain::validate::{self, ValidLead};
use leadtrack_domain::{Grade, Lead, LeadInput, LeadSource, LeadStatus, LeadVersion, MergeNote, NextAction, User};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::{attendees, events, followup, merge, new_id, now_ms, users, Error, Result, Store};

pub(crate) const LEAD_COLUMNS: &str = "l.id, l.event_id, e.tag, l.status, l.source, l.channel, \
     l.captured_by, u.name, l.assigned_to, l.company, l.name, l.title, l.phone, l.phone_e164, \
     l.email, l.country, l.grade, l.key_needs, l.next_action, l.badge_raw, l.badge_format, \
     l.version, l.hlc, l.created_at, l.updated_at, l.attendee_id, l.to_reconcile, l.merged_into, \
     l.consent_json, l.answers_json";

pub(crate) const LEAD_FROM: &str = "leads l JOIN events e ON e.id = l.event_id JOIN users u ON u.id = l.captured_by";

pub(crate) fn from_row(r: &Row) -> rusqlite::Result<Lead> {
    let status: String = r.get(3)?;
    let source: String = r.get(4)?;
    let grade: Option<String> = r.get(16)?;
    let next: Option<String> = r.get(18)?;
    Ok(Lead {
        id: r.get(0)?,
        event_id: r.get(1)?,
        event_tag: r.get(2)?,
        status: LeadStatus::parse(&status).unwrap_or(LeadStatus::New),
        source: LeadSource::parse(&source).unwrap_or(LeadSource::Manual),
        channel: r.get(5)?,
        captured_by: r.get(6)?,
        captured_by_name: r.get(7)?,
        assigned_to: r.get(8)?,
        company: r.get(9)?,
        name: r.get(10)?,
        title: r.get(11)?,
        phone: r.get(12)?,
        phone_e164: r.get(13)?,
        email: r.get(14)?,
        country: r.get(15)?,
        grade: grade.as_deref().and_then(Grade::parse),
        interests: Vec::new(),
        key_needs: r.get(17)?,
        next_action: next.as_deref().and_then(NextAction::parse),
        badge_raw: r.get(19)?,
        badge_format: r.get(20)?,
        version: r.get(21)?,
        hlc: r.get(22)?,
        created_at: r.get(23)?,
        updated_at: r.get(24)?,
        attendee_id: r.get(25)?,
        to_reconcile: r.get(26)?,
        merged_into: r.get(27)?,
        // Written by this code from these types; unreadable JSON would mean a newer app wrote
        // it, and the lead is still shown.
        consent: r.get::<_, Option<String>>(28)?.and_then(|j| serde_json::from_str(&j).ok()),
        answers: r.get::<_, Option<String>>(29)?.and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default(),
    })
}

pub(crate) fn interests(conn: &Connection, lead_id: &str) -> Result<Vec<String>> {
    let mut st = conn.prepare_cached("SELECT tag FROM lead_interests WHERE lead_id = ?1 ORDER BY position")?;
    let tags = st.query_map([lead_id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(tags)
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Lead> {
    let mut lead = conn
        .prepare_cached(&format!("SELECT {LEAD_COLUMNS} FROM {LEAD_FROM} WHERE l.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound { what: "lead", id: id.to_string() })?;
    lead.interests = interests(conn, id)?;
    Ok(lead)
}

impl Store {
    /// Saves a new lead for `author` (a user id) and returns it as stored.
    pub fn create_lead(&self, input: LeadInput, author: &str) -> Result<Lead> {
        let mut saved = self.create_leads(vec![input], author)?;
        Ok(saved.remove(0))
    }

    /// Saves several new leads in one transaction: all of them or, if any is invalid,
    /// none. Imports and bulk seeding use it; a rep's save is a batch of one.
    pub fn create_leads(&self, inputs: Vec<LeadInput>, author: &str) -> Result<Vec<Lead>> {
        self.write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let author = users::get(&tx, author)?;
            let mut saved = Vec::with_capacity(inputs.len());
            let mut event: Option<leadtrack_domain::Event> = None;
            for input in inputs {
                if event.as_ref().is_none_or(|e| e.id != input.event_id) {
                    event = Some(events::get(&tx, &input.event_id)?);
                }
                let event = event.as_ref().expect("set just above");
                saved.push(insert(&tx, &self.clock, event, &author, input, "booth", None)?);
            }
            tx.commit()?;
            Ok(saved)
        })
    }

    /// Saves an edit. The newest edit wins: the row takes the new values, and the
    /// version before it stays in `lead_versions`. A lead merged into another is refused:
    /// its edits belong on the lead that absorbed it.
    pub fn update_lead(&self, id: &str, input: LeadInput, author: &str) -> Result<Lead> {
        self.write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let before = get(&tx, id)?;
            if before.merged_into.is_some() {
                return Err(merge::refusal("merged", "This lead was merged into another lead; edit that one instead."));
            }
            let author = users::get(&tx, author)?;
            // An edit is a read too: a rep cannot edit a lead they may not see.
            crate::access::check(&leadtrack_domain::Viewer::of(&author), &before)?;
            let lead = update(&tx, &self.clock, &before, input, &author, None)?;
            let changed = serde_json::json!({ "version": lead.version, "changed": lead.changed_fields(&before) });
            crate::access::audit(
                &tx,
                Some(&author.id),
                leadtrack_domain::AuditAction::Edited,
                Some(&lead.id),
                changed,
            )?;
            tx.commit()?;
            Ok(lead)
        })
    }

    pub fn lead(&self, id: &str) -> Result<Lead> {
        self.read(|c| get(c, id))
    }

    /// The earliest lead captured at `event_id` from exactly this raw badge payload, if any:
    /// a badge scanned twice opens the lead it already made (or the lead that made one
    /// merged into it).
    pub fn lead_by_badge(&self, event_id: &str, badge_raw: &str) -> Result<Option<Lead>> {
        self.read(|c| {
            let id: Option<String> = c
                .prepare_cached(
                    "SELECT id FROM leads WHERE event_id = ?1 AND badge_raw = ?2 \
                     ORDER BY created_at, seq LIMIT 1",
                )?
                .query_row([event_id, badge_raw], |r| r.get(0))
                .optional()?;
            id.map(|id| merge::survivor(c, &id)).transpose()
        })
    }

    /// Every saved version of a lead and of the leads merged into it, the newest first,
    /// each with what its save changed compared with the version of the same lead before it.
    pub fn lead_versions(&self, id: &str) -> Result<Vec<LeadVersion>> {
        self.read(|c| {
            get(c, id)?;
            let mut out = versions_of(c, id)?;
            for absorbed in merge::absorbed_into(c, id)? {
                out.extend(versions_of(c, &absorbed)?);
            }
            // The clock stamp is save time that never runs backwards, across leads too.
            out.sort_by(|a, b| b.hlc.cmp(&a.hlc));
            Ok(out)
        })
    }

    /// Outbox rows not yet acknowledged by the server.
    pub fn outbox_pending(&self) -> Result<u64> {
        self.read(|c| {
            let n: i64 =
                c.query_row("SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'inflight')", [], |r| r.get(0))?;
            Ok(n as u64)
        })
    }
}

/// Saves `input` over `before` as its next version inside the caller's transaction: an
/// edit, or the survivor's side of a merge (`note`).
pub(crate) fn update(
    tx: &Transaction,
    clock: &Clock,
    before: &Lead,
    input: LeadInput,
    author: &User,
    note: Option<&MergeNote>,
) -> Result<Lead> {
    let event = events::get(tx, &input.event_id)?;
    let mut input = input;
    if input.attendee_id.is_none() {
        input.attendee_id = before.attendee_id.clone();
    }
    attendees::fill_from_list(tx, &event, &mut input)?;
    let valid = validate::lead(input, &event)?;
    let now = now_ms();
    // A lead past `New` keeps its funnel status; completing a draft makes it `New`.
    let status = match (before.status, valid.status) {
        (_, LeadStatus::Draft) => LeadStatus::Draft,
        (LeadStatus::Draft, s) => s,
        (s, _) => s,
    };
    let lead = Lead {
        id: before.id.clone(),
        event_id: event.id.clone(),
        event_tag: event.tag.clone(),
        status,
        source: before.source,
        channel: before.channel.clone(),
        captured_by: before.captured_by.clone(),
        captured_by_name: before.captured_by_name.clone(),
        assigned_to: before.assigned_to.clone(),
        version: before.version + 1,
        hlc: clock.stamp(now).to_string(),
        created_at: before.created_at,
        updated_at: now,
        badge_raw: valid.input.badge_raw.clone().or(before.badge_raw.clone()),
        badge_format: valid.input.badge_format.clone().or(before.badge_format.clone()),
        merged_into: before.merged_into.clone(),
        consent: before.consent.clone(),
        answers: before.answers.clone(),
        ..apply(&valid)
    };
    tx.prepare_cached(
        "UPDATE leads SET event_id = ?2, status = ?3, company = ?4, name = ?5, title = ?6,
               phone = ?7, phone_e164 = ?8, email = ?9, country = ?10, grade = ?11,
               key_needs = ?12, next_action = ?13, badge_raw = ?14, badge_format = ?15,
               version = ?16, hlc = ?17, updated_at = ?18, attendee_id = ?19, to_reconcile = ?20
             WHERE id = ?1",
    )?
    .execute(rusqlite::params![
        lead.id,
        lead.event_id,
        lead.status.as_str(),
        lead.company,
        lead.name,
        lead.title,
        lead.phone,
        lead.phone_e164,
        lead.email,
        lead.country,
        lead.grade.map(Grade::as_str),
        lead.key_needs,
        lead.next_action.map(NextAction::as_str),
        lead.badge_raw,
        lead.badge_format,
        lead.version,
        lead.hlc,
        lead.updated_at,
        lead.attendee_id,
        lead.to_reconcile,
    ])?;
    tx.prepare_cached("DELETE FROM lead_interests WHERE lead_id = ?1")?.execute([&lead.id])?;
    record(tx, &lead, &author.id, now, note)?;
    // A changed grade reschedules the follow-up tasks in this same transaction.
    followup::on_saved(tx, clock, &lead, Some(before.grade))?;
    Ok(lead)
}

/// Validates and inserts one new lead inside the caller's transaction.
pub(crate) fn insert(
    tx: &Transaction,
    clock: &Clock,
    event: &leadtrack_domain::Event,
    author: &leadtrack_domain::User,
    mut input: LeadInput,
    // Where the visitor was met: `booth` (a rep or the kiosk), `phone` (their own phone).
    channel: &str,
    // A kiosk visitor's consent and answers, frozen into the first version with the rest.
    kiosk: Option<(Option<leadtrack_domain::kiosk::Consent>, Vec<leadtrack_domain::kiosk::Answer>)>,
) -> Result<Lead> {
    attendees::fill_from_list(tx, event, &mut input)?;
    let valid = validate::lead(input, event)?;
    let now = now_ms();
    let lead = Lead {
        id: new_id(),
        event_id: event.id.clone(),
        event_tag: event.tag.clone(),
        status: valid.status,
        source: valid.source,
        channel: channel.into(),
        captured_by: author.id.clone(),
        captured_by_name: author.name.clone(),
        assigned_to: None,
        version: 1,
        hlc: clock.stamp(now).to_string(),
        created_at: now,
        updated_at: now,
        ..apply(&valid)
    };
    let (consent, answers) = kiosk.unwrap_or_default();
    let lead = Lead { consent, answers, ..lead };
    tx.prepare_cached(
        "INSERT INTO leads (id, event_id, status, source, channel, captured_by, assigned_to,
           company, name, title, phone, phone_e164, email, country, grade, key_needs,
           next_action, badge_raw, badge_format, version, hlc, created_at, updated_at,
           attendee_id, to_reconcile, consent_json, answers_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
           ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)",
    )?
    .execute(rusqlite::params![
        lead.id,
        lead.event_id,
        lead.status.as_str(),
        lead.source.as_str(),
        lead.channel,
        lead.captured_by,
        lead.assigned_to,
        lead.company,
        lead.name,
        lead.title,
        lead.phone,
        lead.phone_e164,
        lead.email,
        lead.country,
        lead.grade.map(Grade::as_str),
        lead.key_needs,
        lead.next_action.map(NextAction::as_str),
        lead.badge_raw,
        lead.badge_format,
        lead.version,
        lead.hlc,
        lead.created_at,
        lead.updated_at,
        lead.attendee_id,
        lead.to_reconcile,
        lead.consent.as_ref().map(serde_json::to_string).transpose()?,
        (!lead.answers.is_empty()).then(|| serde_json::to_string(&lead.answers)).transpose()?,
    ])?;
    record(tx, &lead, &author.id, now, None)?;
    // A graded lead gets its follow-up tasks (and an A lead its manager alert) in this transaction.
    followup::on_saved(tx, clock, &lead, None)?;
    Ok(lead)
}

/// The lead fields that come straight from validated input.
fn apply(valid: &ValidLead) -> Lead {
    let i = &valid.input;
    Lead {
        id: String::new(),
        event_id: String::new(),
        event_tag: String::new(),
        status: valid.status,
        source: valid.source,
        channel: String::new(),
        captured_by: String::new(),
        captured_by_name: String::new(),
        assigned_to: None,
        company: i.company.clone(),
        name: i.name.clone(),
        title: i.title.clone(),
        phone: i.phone.clone(),
        phone_e164: valid.phone_e164.clone(),
        email: i.email.clone(),
        country: i.country.clone(),
        grade: i.grade,
        interests: i.interests.clone(),
        key_needs: i.key_needs.clone(),
        next_action: i.next_action,
        badge_raw: i.badge_raw.clone(),
        badge_format: i.badge_format.clone(),
        attendee_id: i.attendee_id.clone(),
        to_reconcile: validate::awaits_attendee_list(i),
        merged_into: None,
        consent: None,
        answers: Vec::new(),
        version: 0,
        hlc: String::new(),
        created_at: 0,
        updated_at: 0,
    }
}

/// Interests, the frozen version and the outbox row: the parts of a save shared by
/// create and update.
pub(crate) fn record(tx: &Transaction, lead: &Lead, author: &str, now: i64, note: Option<&MergeNote>) -> Result<()> {
    let mut st = tx.prepare_cached("INSERT INTO lead_interests (lead_id, position, tag) VALUES (?1, ?2, ?3)")?;
    for (pos, tag) in lead.interests.iter().enumerate() {
        st.execute((&lead.id, pos as i64, tag))?;
    }
    tx.prepare_cached(
        "INSERT INTO lead_versions (lead_id, version, hlc, author_id, saved_at, payload_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute((
        &lead.id,
        lead.version,
        &lead.hlc,
        author,
        now,
        serde_json::to_string(&Frozen { lead, merge: note })?,
    ))?;
    tx.prepare_cached("INSERT INTO outbox (lead_id, version, hlc, enqueued_at) VALUES (?1, ?2, ?3, ?4)")?.execute((
        &lead.id,
        lead.version,
        &lead.hlc,
        now,
    ))?;
    Ok(())
}

/// A version row's payload: the whole lead as saved, plus the merge it recorded, if any
/// (a version without one serializes exactly as the bare lead always has).
#[derive(Serialize)]
struct Frozen<'a> {
    #[serde(flatten)]
    lead: &'a Lead,
    #[serde(skip_serializing_if = "Option::is_none")]
    merge: Option<&'a MergeNote>,
}

#[derive(Deserialize)]
struct Thawed {
    #[serde(flatten)]
    lead: Lead,
    #[serde(default)]
    merge: Option<MergeNote>,
}

/// One lead's own versions, the oldest first.
fn versions_of(c: &Connection, id: &str) -> Result<Vec<LeadVersion>> {
    let mut st = c.prepare_cached(
        "SELECT v.version, v.hlc, v.author_id, COALESCE(u.name, ''), v.saved_at, v.payload_json
         FROM lead_versions v LEFT JOIN users u ON u.id = v.author_id
         WHERE v.lead_id = ?1 ORDER BY v.version",
    )?;
    let rows = st
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get::<_, String>(5)?)))?
        .collect::<rusqlite::Result<Vec<(u32, String, String, String, i64, String)>>>()?;
    let mut out: Vec<LeadVersion> = Vec::with_capacity(rows.len());
    for (version, hlc, author_id, author_name, saved_at, payload) in rows {
        let Thawed { lead, merge } = serde_json::from_str(&payload)?;
        let changed = match out.last() {
            Some(prev) => lead.changed_fields(&prev.lead),
            None => Vec::new(),
        };
        out.push(LeadVersion {
            version,
            hlc,
            author_id,
            author_name,
            saved_at,
            changed,
            lead,
            lead_id: id.to_string(),
            merge,
        });
    }
    Ok(out)
}
