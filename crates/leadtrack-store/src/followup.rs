//! Follow-up tasks (issue 8): made by the show's rules inside the lead's save transaction,
//! listed per user (the lead's assignee, else whoever captured it), snoozed, done, reminded
//! once per state, exported as a calendar; email drafts filled from the lead.
//!
//! Rules and templates live in `settings` per show (`followup_rules:<event>`,
//! `followup_templates:<event>`, JSON); absent means seed 001's playbook and the built-in
//! templates.

use leadtrack_domain::followup::{
    self, Alert, ExistingTask, FollowUpRules, FollowUpTask, ReminderState, TaskKind, TaskStatus,
};
use leadtrack_domain::followup_ics::{self, IcsTask};
use leadtrack_domain::followup_mail::{self, Draft, EmailTemplate, MergeFields};
use leadtrack_domain::{FieldError, Grade, InteractionKind, Lead, Role, UnixMs, ValidationErrors};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction, TransactionBehavior};

use crate::clock::Clock;
use crate::{interactions, leads, new_id, now_ms, settings, users, Error, Result, Store};

fn rules_key(event_id: &str) -> String {
    format!("followup_rules:{event_id}")
}

fn templates_key(event_id: &str) -> String {
    format!("followup_templates:{event_id}")
}

fn invalid(field: &str, code: &str, message: &str) -> Error {
    Error::Invalid(ValidationErrors { fields: vec![FieldError::new(field, code, message)] })
}

pub(crate) fn rules(c: &Connection, event_id: &str) -> Result<FollowUpRules> {
    Ok(match settings::get(c, &rules_key(event_id))? {
        // Rules a newer app wrote and this one cannot read: the playbook, not a failed save.
        Some(json) => serde_json::from_str(&json).unwrap_or_default(),
        None => FollowUpRules::playbook(),
    })
}

fn zone(c: &Connection, event_id: &str) -> Result<(followup::TimeZone, String)> {
    let (stored, country): (Option<String>, String) = c
        .prepare_cached("SELECT time_zone, country FROM events WHERE id = ?1")?
        .query_row([event_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| Error::NotFound { what: "show", id: event_id.into() })?;
    Ok((followup::time_zone(stored.as_deref(), &country), followup::time_zone_name(stored.as_deref(), &country)))
}

/// Called by every lead save inside its transaction (`before`: the grade the lead had, `None`
/// for a new lead). A changed grade cancels the old grade's open tasks, creates the new
/// grade's missing ones and, for an A, alerts the managers. An unchanged grade does nothing.
pub(crate) fn on_saved(tx: &Transaction, clock: &Clock, lead: &Lead, before: Option<Option<Grade>>) -> Result<()> {
    if before == Some(lead.grade) || (before.is_none() && lead.grade.is_none()) {
        return Ok(());
    }
    let now = now_ms();
    let (tz, _) = zone(tx, &lead.event_id)?;
    let rules = rules(tx, &lead.event_id)?;
    let existing = tx
        .prepare_cached("SELECT id, grade, step, status FROM tasks WHERE lead_id = ?1")?
        .query_map([&lead.id], |r| {
            let grade: Option<String> = r.get(1)?;
            let status: String = r.get(3)?;
            Ok(ExistingTask {
                id: r.get(0)?,
                grade: grade.as_deref().and_then(Grade::parse),
                step: r.get::<_, Option<i64>>(2)?.map(|s| s as u32),
                status: TaskStatus::parse(&status).unwrap_or(TaskStatus::Open),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let plan = followup::reschedule(&existing, lead.grade, now, &tz, &rules);
    for id in &plan.cancel {
        tx.prepare_cached(
            "UPDATE tasks SET status = 'cancelled', updated_at = ?2, hlc = ?3, revision = revision + 1 WHERE id = ?1",
        )?
        .execute(params![id, now, clock.stamp(now).to_string()])?;
    }
    for p in &plan.create {
        tx.prepare_cached(
            "INSERT INTO tasks (id, lead_id, kind, due_at, status, created_at, grade, step, template, updated_at, hlc)
             VALUES (?1, ?2, ?3, ?4, 'open', ?5, ?6, ?7, ?8, ?5, ?9)",
        )?
        .execute(params![
            new_id(),
            lead.id,
            p.kind.as_str(),
            p.due_at,
            now,
            p.grade.as_str(),
            p.step,
            p.template,
            clock.stamp(now).to_string()
        ])?;
    }
    if lead.grade == Some(Grade::A) {
        let who = if lead.name.trim().is_empty() { lead.company.trim() } else { lead.name.trim() };
        let message = match lead.company.trim() {
            "" => format!("{} captured an A lead: {who}", lead.captured_by_name),
            company if company != who => format!("{} captured an A lead: {who} ({company})", lead.captured_by_name),
            _ => format!("{} captured an A lead: {who}", lead.captured_by_name),
        };
        tx.prepare_cached(
            "INSERT INTO alerts (id, kind, lead_id, audience, message, created_at) VALUES (?1, 'a_lead', ?2, 'manager', ?3, ?4)",
        )?
        .execute(params![new_id(), lead.id, message, now])?;
    }
    Ok(())
}

const TASK_SELECT: &str = "SELECT t.id, t.lead_id, l.name, l.company, l.email, COALESCE(l.phone_e164, l.phone),
       e.id, e.name, e.time_zone, e.country, t.kind, t.grade, t.template, t.due_at, t.snoozed_until,
       t.status, t.done_at, t.notified
     FROM tasks t JOIN leads l ON l.id = t.lead_id JOIN events e ON e.id = l.event_id";

/// A task row, its reminder state and its show's zone.
/// Show zones already resolved in one listing (a zone lookup costs more than the row).
type Zones = std::collections::HashMap<(Option<String>, String), (followup::TimeZone, String, (UnixMs, UnixMs))>;

fn task_row(r: &Row, now: UnixMs, zones: &mut Zones) -> rusqlite::Result<(FollowUpTask, String, followup::TimeZone)> {
    let tz_stored: Option<String> = r.get(8)?;
    let country: String = r.get(9)?;
    let (tz, tz_name, today) = zones
        .entry((tz_stored, country))
        .or_insert_with_key(|(stored, country)| {
            let tz = followup::time_zone(stored.as_deref(), country);
            let today = followup::local_day(now, &tz);
            (tz, followup::time_zone_name(stored.as_deref(), country), today)
        })
        .clone();
    let kind: String = r.get(10)?;
    let grade: Option<String> = r.get(11)?;
    let status: String = r.get(15)?;
    let status = TaskStatus::parse(&status).unwrap_or(TaskStatus::Open);
    let mut t = FollowUpTask {
        id: r.get(0)?,
        lead_id: r.get(1)?,
        lead_name: r.get(2)?,
        lead_company: r.get(3)?,
        lead_email: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
        lead_phone: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
        event_id: r.get(6)?,
        event_name: r.get(7)?,
        time_zone: tz_name,
        kind: TaskKind::parse(&kind).unwrap_or(TaskKind::CheckIn),
        grade: grade.as_deref().and_then(Grade::parse),
        template: r.get(12)?,
        due_at: r.get(13)?,
        snoozed_until: r.get(14)?,
        status,
        done_at: r.get(16)?,
        urgency: None,
    };
    if status == TaskStatus::Open {
        t.urgency = Some(followup::urgency_in_day(t.effective_due(), today));
    }
    Ok((t, r.get(17)?, tz))
}

/// Open tasks of leads `user` owns (assignee, else capturer), earliest first.
fn open_for_user(c: &Connection, user: &str, now: UnixMs) -> Result<Vec<(FollowUpTask, String, followup::TimeZone)>> {
    let mut st = c.prepare_cached(&format!(
        // Through the person's leads (`leads_by_owner`), not all open tasks: `+` keeps the
        // planner off the status index, which would read every open task of the booth.
        "{TASK_SELECT} WHERE +t.status = 'open' AND t.lead_id IN (
           SELECT id FROM leads WHERE COALESCE(assigned_to, captured_by) = ?1 AND merged_into IS NULL)
         ORDER BY COALESCE(t.snoozed_until, t.due_at), t.id"
    ))?;
    let mut zones = Zones::new();
    let rows = st.query_map([user], |r| task_row(r, now, &mut zones))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn task(c: &Connection, id: &str) -> Result<(FollowUpTask, String, followup::TimeZone)> {
    c.prepare_cached(&format!("{TASK_SELECT} WHERE t.id = ?1"))?
        .query_row([id], |r| task_row(r, now_ms(), &mut Zones::new()))
        .optional()?
        .ok_or_else(|| Error::NotFound { what: "task", id: id.into() })
}

/// How a task was completed: the interaction it leaves on the lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Completion {
    /// "Done": a `task_done` interaction.
    Done,
    /// A drafted email the rep sent from their mail client: an `email` interaction.
    EmailSent { to: String, subject: String },
    /// The rep called: a `call` interaction.
    Called,
}

impl Store {
    /// The open tasks of `user`'s leads, earliest due first, each with its urgency at `now`.
    pub fn tasks_for_user(&self, user: &str, now: UnixMs) -> Result<Vec<FollowUpTask>> {
        self.read(|c| Ok(open_for_user(c, user, now)?.into_iter().map(|(t, _, _)| t).collect()))
    }

    /// Every task of a lead (and of leads merged into it), open ones first.
    pub fn lead_tasks(&self, lead_id: &str, now: UnixMs) -> Result<Vec<FollowUpTask>> {
        self.read(|c| {
            let mut st = c.prepare_cached(&format!(
                "{TASK_SELECT} WHERE t.lead_id = ?1 OR t.lead_id IN (SELECT id FROM leads WHERE merged_into = ?1)
                 ORDER BY t.status <> 'open', COALESCE(t.snoozed_until, t.due_at), t.id"
            ))?;
            let mut zones = Zones::new();
            let rows = st.query_map([lead_id], |r| task_row(r, now, &mut zones).map(|(t, _, _)| t))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    pub fn task(&self, id: &str) -> Result<FollowUpTask> {
        self.read(|c| Ok(task(c, id)?.0))
    }

    /// Moves an open task's reminder to `until`; its reminders fire again from then.
    pub fn snooze_task(&self, id: &str, until: UnixMs) -> Result<FollowUpTask> {
        self.write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let now = now_ms();
            let n = tx.execute(
                "UPDATE tasks SET snoozed_until = ?2, notified = '', updated_at = ?3, hlc = ?4,
                   revision = revision + 1 WHERE id = ?1 AND status = 'open'",
                params![id, until, now, self.clock.stamp(now).to_string()],
            )?;
            if n == 0 {
                task(&tx, id)?;
                return Err(invalid("task", "not_open", "This task is already done."));
            }
            let t = task(&tx, id)?.0;
            tx.commit()?;
            Ok(t)
        })
    }

    /// Marks an open task done by `author` and records what was done on the lead, in one
    /// transaction. A task already done is refused (a double click logs one interaction).
    pub fn complete_task(&self, id: &str, how: Completion, author: &str) -> Result<FollowUpTask> {
        self.write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let now = now_ms();
            let n = tx.execute(
                "UPDATE tasks SET status = 'done', done_at = ?2, done_by = ?3, updated_at = ?2, hlc = ?4,
                   revision = revision + 1 WHERE id = ?1 AND status = 'open'",
                params![id, now, author, self.clock.stamp(now).to_string()],
            )?;
            if n == 0 {
                task(&tx, id)?;
                return Err(invalid("task", "not_open", "This task is already done."));
            }
            let t = task(&tx, id)?.0;
            let (kind, summary, detail) = match how {
                Completion::Done => (
                    InteractionKind::TaskDone,
                    format!("Follow-up done: {}", t.kind.as_str()),
                    serde_json::json!({ "task_id": t.id, "task_kind": t.kind }),
                ),
                Completion::EmailSent { to, subject } => (
                    InteractionKind::Email,
                    followup_mail::one_line(&subject),
                    serde_json::json!({ "task_id": t.id, "task_kind": t.kind, "to": to, "subject": subject }),
                ),
                Completion::Called => (
                    InteractionKind::Call,
                    format!("Called {}", t.lead_phone),
                    serde_json::json!({ "task_id": t.id, "task_kind": t.kind, "phone": t.lead_phone }),
                ),
            };
            interactions::record(&tx, &self.clock, &t.lead_id, kind, &summary, detail, author)?;
            tx.commit()?;
            Ok(t)
        })
    }

    /// The reminders to show `user` now, each marked shown in the same transaction so it is
    /// shown once (due, then overdue) however often this is called.
    pub fn take_reminders(&self, user: &str, now: UnixMs) -> Result<Vec<(FollowUpTask, ReminderState)>> {
        self.write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut out = Vec::new();
            for (t, notified, tz) in open_for_user(&tx, user, now)? {
                if let Some(state) = followup::reminder(t.effective_due(), &notified, now, &tz) {
                    tx.prepare_cached("UPDATE tasks SET notified = ?2 WHERE id = ?1")?
                        .execute((&t.id, state.as_str()))?;
                    out.push((t, state));
                }
            }
            tx.commit()?;
            Ok(out)
        })
    }

    /// When `user`'s next reminder is due, if any: the reminder loop sleeps until then.
    pub fn next_reminder_at(&self, user: &str, now: UnixMs) -> Result<Option<UnixMs>> {
        self.read(|c| {
            Ok(open_for_user(c, user, now)?
                .iter()
                .filter_map(|(t, notified, tz)| followup::next_reminder_at(t.effective_due(), notified, tz))
                .min())
        })
    }

    /// Alerts for `user` not yet shown (managers: every A lead captured), marked shown.
    pub fn take_alerts(&self, user: &str) -> Result<Vec<Alert>> {
        self.write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let u = users::get(&tx, user)?;
            let role = if u.role == Role::Manager { "manager" } else { "" };
            let alerts = tx
                .prepare_cached(
                    "SELECT id, kind, lead_id, message, created_at FROM alerts
                     WHERE delivered_at IS NULL AND audience IN (?1, ?2) ORDER BY created_at",
                )?
                .query_map((role, user), |r| {
                    Ok(Alert {
                        id: r.get(0)?,
                        kind: r.get(1)?,
                        lead_id: r.get(2)?,
                        message: r.get(3)?,
                        created_at: r.get(4)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            for a in &alerts {
                tx.execute("UPDATE alerts SET delivered_at = ?2 WHERE id = ?1", (&a.id, now_ms()))?;
            }
            tx.commit()?;
            Ok(alerts)
        })
    }

    /// `user`'s open tasks as an iCalendar file.
    pub fn tasks_ics(&self, user: &str, now: UnixMs) -> Result<String> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT t.id, t.revision FROM tasks t WHERE +t.status = 'open' AND t.lead_id IN (
                   SELECT id FROM leads WHERE COALESCE(assigned_to, captured_by) = ?1 AND merged_into IS NULL)",
            )?;
            let revisions: std::collections::HashMap<String, i64> =
                st.query_map([user], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
            let tasks: Vec<IcsTask> = open_for_user(c, user, now)?
                .into_iter()
                .map(|(t, _, _)| {
                    let who = [t.lead_name.as_str(), t.lead_company.as_str()]
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(", ");
                    IcsTask {
                        sequence: revisions.get(&t.id).copied().unwrap_or(0) as u32,
                        summary: format!("{}: {who}", kind_label(t.kind)),
                        description: format!(
                            "{}\n{}\n{}\n{}",
                            t.event_name,
                            t.lead_email,
                            t.lead_phone,
                            t.grade.map(|g| g.as_str()).unwrap_or("")
                        )
                        .trim()
                        .to_string(),
                        due_at: t.effective_due(),
                        id: t.id,
                    }
                })
                .collect();
            Ok(followup_ics::calendar(&tasks, now))
        })
    }

    /// A show's rule table (the playbook unless edited).
    pub fn followup_rules(&self, event_id: &str) -> Result<FollowUpRules> {
        self.read(|c| {
            zone(c, event_id)?;
            rules(c, event_id)
        })
    }

    /// Saves a show's rules (`None`: back to the playbook). Leads graded from now on use them;
    /// tasks already made keep their times.
    pub fn set_followup_rules(&self, event_id: &str, rules: Option<FollowUpRules>) -> Result<FollowUpRules> {
        let rules = rules.map(|r| r.validated().map_err(|m| invalid("rules", "invalid", &m))).transpose()?;
        self.write(|c| {
            zone(c, event_id)?;
            match &rules {
                Some(r) => settings::set(c, &rules_key(event_id), &serde_json::to_string(r)?)?,
                None => {
                    c.execute("DELETE FROM settings WHERE key = ?1", [rules_key(event_id)])?;
                }
            }
            self::rules(c, event_id)
        })
    }

    /// The show's own templates (only those it changed).
    pub fn custom_email_templates(&self, event_id: &str) -> Result<Vec<EmailTemplate>> {
        self.read(|c| custom_templates(c, event_id))
    }

    /// Every template for the show: its own where it changed one, else the built-in one.
    pub fn email_templates(&self, event_id: &str) -> Result<Vec<EmailTemplate>> {
        let custom = self.custom_email_templates(event_id)?;
        Ok(followup_mail::defaults()
            .into_iter()
            .map(|d| custom.iter().find(|t| t.id == d.id && t.locale == d.locale).cloned().unwrap_or(d))
            .collect())
    }

    /// Saves one template for the show; `reset` drops the show's version of it.
    pub fn set_email_template(&self, event_id: &str, template: EmailTemplate, reset: bool) -> Result<EmailTemplate> {
        if template.id.trim().is_empty() {
            return Err(invalid("id", "required", "A template needs an id."));
        }
        self.write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            zone(&tx, event_id)?;
            let mut all = custom_templates(&tx, event_id)?;
            all.retain(|t| !(t.id == template.id && t.locale == template.locale));
            if !reset {
                all.push(template.clone());
            }
            settings::set(&tx, &templates_key(event_id), &serde_json::to_string(&all)?)?;
            tx.commit()?;
            Ok(())
        })?;
        followup_mail::pick(&self.custom_email_templates(event_id)?, &template.id, &template.locale)
            .map(|t| t.into_owned())
            .ok_or_else(|| Error::NotFound { what: "template", id: template.id.clone() })
    }

    /// The merge fields for a lead: its own fields, the show, what was shown and quoted
    /// (from its interactions), and the rep's name.
    pub fn merge_fields(&self, lead_id: &str, rep: &str) -> Result<MergeFields> {
        self.read(|c| {
            let lead = leads::get(c, lead_id)?;
            let event_name: String =
                c.query_row("SELECT name FROM events WHERE id = ?1", [&lead.event_id], |r| r.get(0))?;
            let rep_name = users::get(c, rep).map(|u| u.name).unwrap_or_default();
            let history = interactions::for_lead(c, lead_id)?;
            let text = |v: &serde_json::Value, key: &str| {
                v.get(key).and_then(|x| x.as_str()).map(str::trim).unwrap_or("").to_string()
            };
            // Oldest first, each title once.
            let mut materials: Vec<String> = Vec::new();
            for it in history.iter().rev().filter(|i| i.kind == InteractionKind::MaterialShown) {
                let title = text(&it.detail, "title");
                if !title.is_empty() && !materials.contains(&title) {
                    materials.push(title);
                }
            }
            // The newest quote's range (history is newest first).
            let quote_range = history
                .iter()
                .filter(|i| i.kind == InteractionKind::Quote)
                .map(|i| text(&i.detail, "total_range_text"))
                .find(|s| !s.is_empty())
                .unwrap_or_default();
            Ok(MergeFields {
                name: lead.name.trim().to_string(),
                company: lead.company.trim().to_string(),
                show: event_name,
                interests: lead.interests.join(", "),
                key_needs: lead.key_needs.trim().to_string(),
                materials_shown: materials.join(", "),
                quote_range,
                rep_name,
            })
        })
    }

    /// A draft of template `template_id` in `locale` for the lead, by `rep`.
    pub fn email_draft(&self, lead_id: &str, template_id: &str, locale: &str, rep: &str) -> Result<Draft> {
        let lead = self.lead(lead_id)?;
        let fields = self.merge_fields(lead_id, rep)?;
        let custom = self.custom_email_templates(&lead.event_id)?;
        let template = followup_mail::pick(&custom, template_id, locale)
            .ok_or_else(|| Error::NotFound { what: "template", id: template_id.into() })?;
        Ok(followup_mail::render(&template, &fields, &lead.email))
    }

    /// The show's time zone (stored, else the venue country's, else UTC).
    pub fn event_time_zone(&self, event_id: &str) -> Result<String> {
        self.read(|c| Ok(zone(c, event_id)?.1))
    }

    /// Sets the show's IANA time zone (`None`: the venue country's).
    pub fn set_event_time_zone(&self, event_id: &str, name: Option<&str>) -> Result<String> {
        let name = name.map(str::trim).filter(|n| !n.is_empty());
        if let Some(n) = name {
            if !followup::is_time_zone(n) {
                return Err(invalid("time_zone", "unknown_time_zone", "Unknown time zone."));
            }
        }
        self.write(|c| {
            let n = c.execute("UPDATE events SET time_zone = ?2 WHERE id = ?1", (event_id, name))?;
            if n == 0 {
                return Err(Error::NotFound { what: "show", id: event_id.into() });
            }
            Ok(zone(c, event_id)?.1)
        })
    }
}

fn custom_templates(c: &Connection, event_id: &str) -> Result<Vec<EmailTemplate>> {
    Ok(settings::get(c, &templates_key(event_id))?
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default())
}

/// English labels for the calendar (the file leaves the app; its reader's language is unknown).
fn kind_label(kind: TaskKind) -> &'static str {
    match kind {
        TaskKind::Email => "Email",
        TaskKind::Call => "Call",
        TaskKind::WebinarInvite => "Webinar invite",
        TaskKind::CheckIn => "Check in",
        TaskKind::MarketingList => "Add to marketing list",
        TaskKind::SecondTouch => "Second touch",
    }
}

#[cfg(test)]
mod tests {
    use leadtrack_domain::followup::{TaskKind, TaskStatus, Urgency};
    use leadtrack_domain::{CaptureForm, EventInput, Grade, InteractionKind, LeadInput, Role};

    use super::Completion;
    use crate::{now_ms, Store};

    struct Booth {
        _dir: tempfile::TempDir,
        store: Store,
        event: String,
        rep: String,
        manager: String,
    }

    fn booth() -> Booth {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let event = store
            .create_event(EventInput {
                tag: "FU-1".into(),
                name: "Canton Fair".into(),
                starts_on: "2026-04-15".into(),
                ends_on: "2026-04-19".into(),
                booth: "A1".into(),
                country: "CN".into(),
                form: CaptureForm { required: vec!["name".into()], ..CaptureForm::default() },
            })
            .unwrap()
            .id;
        let rep = store.create_user("Dylan", "", Role::Rep).unwrap().id;
        let manager = store.create_user("Mina", "", Role::Manager).unwrap().id;
        Booth { _dir: dir, store, event, rep, manager }
    }

    fn input(b: &Booth, name: &str, grade: Option<Grade>) -> LeadInput {
        LeadInput {
            event_id: b.event.clone(),
            name: name.into(),
            company: "Acme".into(),
            email: "wang@acme.example".into(),
            grade,
            ..LeadInput::default()
        }
    }

    fn open_kinds(b: &Booth, lead: &str) -> Vec<(Option<Grade>, TaskKind)> {
        b.store
            .lead_tasks(lead, now_ms())
            .unwrap()
            .into_iter()
            .filter(|t| t.status == TaskStatus::Open)
            .map(|t| (t.grade, t.kind))
            .collect()
    }

    #[test]
    fn saving_an_a_lead_creates_its_playbook_tasks_and_alerts_the_manager_once() {
        let b = booth();
        let lead = b.store.create_lead(input(&b, "王伟", Some(Grade::A)), &b.rep).unwrap();
        assert_eq!(
            open_kinds(&b, &lead.id),
            vec![
                (Some(Grade::A), TaskKind::Email),
                (Some(Grade::A), TaskKind::Call),
                (Some(Grade::A), TaskKind::SecondTouch)
            ]
        );
        let today = b.store.tasks_for_user(&b.rep, now_ms()).unwrap();
        assert_eq!(today.len(), 3);
        assert_eq!(today[0].urgency, Some(Urgency::Today), "the thank-you is due now");
        assert_eq!(today[0].time_zone, "Asia/Shanghai", "from the show's country");
        assert!(b.store.tasks_for_user(&b.manager, now_ms()).unwrap().is_empty(), "tasks are the capturer's");

        assert!(b.store.take_alerts(&b.rep).unwrap().is_empty(), "reps are not alerted");
        let alerts = b.store.take_alerts(&b.manager).unwrap();
        assert_eq!(alerts.len(), 1);
        assert!(alerts[0].message.contains("王伟"), "{}", alerts[0].message);
        assert!(b.store.take_alerts(&b.manager).unwrap().is_empty(), "shown once");
    }

    #[test]
    fn tasks_commit_with_the_lead_or_not_at_all() {
        let b = booth();
        // The second lead has no name (required): the whole batch, tasks included, is refused.
        let err = b.store.create_leads(vec![input(&b, "Li", Some(Grade::B)), input(&b, "", Some(Grade::A))], &b.rep);
        assert!(err.is_err());
        let c = rusqlite::Connection::open(b.store.path()).unwrap();
        let tasks: i64 = c.query_row("SELECT COUNT(*) FROM tasks", [], |r| r.get(0)).unwrap();
        let alerts: i64 = c.query_row("SELECT COUNT(*) FROM alerts", [], |r| r.get(0)).unwrap();
        assert_eq!((tasks, alerts), (0, 0));
    }

    #[test]
    fn regrading_a_b_a_through_edits_keeps_done_work_and_never_duplicates() {
        let b = booth();
        let lead = b.store.create_lead(input(&b, "Li", Some(Grade::A)), &b.rep).unwrap();
        let thanks = b.store.tasks_for_user(&b.rep, now_ms()).unwrap().remove(0);
        b.store.complete_task(&thanks.id, Completion::Done, &b.rep).unwrap();

        b.store.update_lead(&lead.id, input(&b, "Li", Some(Grade::B)), &b.rep).unwrap();
        assert_eq!(open_kinds(&b, &lead.id).iter().map(|k| k.0).collect::<Vec<_>>(), vec![Some(Grade::B); 3]);

        b.store.update_lead(&lead.id, input(&b, "Li", Some(Grade::A)), &b.rep).unwrap();
        b.store
            .update_lead(&lead.id, LeadInput { key_needs: "DN50".into(), ..input(&b, "Li", Some(Grade::A)) }, &b.rep)
            .unwrap();
        assert_eq!(
            open_kinds(&b, &lead.id),
            vec![(Some(Grade::A), TaskKind::Call), (Some(Grade::A), TaskKind::SecondTouch)],
            "the done thank-you is not made again, and an edit that keeps the grade adds nothing"
        );
        let all = b.store.lead_tasks(&lead.id, now_ms()).unwrap();
        assert_eq!(all.iter().filter(|t| t.status == TaskStatus::Done).count(), 1);
        assert_eq!(all.iter().filter(|t| t.status == TaskStatus::Cancelled).count(), 5, "A's 2 open + B's 3");
    }

    #[test]
    fn done_records_one_interaction_and_a_sent_email_records_the_email() {
        let b = booth();
        let lead = b.store.create_lead(input(&b, "Li", Some(Grade::A)), &b.rep).unwrap();
        let tasks = b.store.tasks_for_user(&b.rep, now_ms()).unwrap();
        b.store
            .complete_task(
                &tasks[0].id,
                Completion::EmailSent { to: "wang@acme.example".into(), subject: "Thanks".into() },
                &b.rep,
            )
            .unwrap();
        assert!(b.store.complete_task(&tasks[0].id, Completion::Done, &b.rep).is_err(), "a second click is refused");
        b.store.complete_task(&tasks[1].id, Completion::Done, &b.rep).unwrap();
        let kinds: Vec<_> =
            b.store.lead_interactions(&lead.id).unwrap().into_iter().map(|i| (i.kind, i.summary)).collect();
        assert_eq!(kinds.len(), 2);
        assert!(kinds.contains(&(InteractionKind::Email, "Thanks".to_string())));
        assert!(kinds.iter().any(|k| k.0 == InteractionKind::TaskDone));
        assert_eq!(b.store.tasks_for_user(&b.rep, now_ms()).unwrap().len(), 1);
    }

    #[test]
    fn reminders_fire_once_per_state_and_a_snooze_rearms_them() {
        let b = booth();
        b.store.create_lead(input(&b, "Li", Some(Grade::A)), &b.rep).unwrap();
        let now = now_ms();
        let first = b.store.take_reminders(&b.rep, now).unwrap();
        assert_eq!(first.len(), 1, "only the T+0 email is due");
        assert!(b.store.take_reminders(&b.rep, now + 1000).unwrap().is_empty(), "not twice");
        let next = b.store.next_reminder_at(&b.rep, now).unwrap().unwrap();
        assert!(next > now);

        let id = first[0].0.id.clone();
        b.store.snooze_task(&id, now + 3_600_000).unwrap();
        assert!(b.store.take_reminders(&b.rep, now + 1000).unwrap().is_empty());
        let again = b.store.take_reminders(&b.rep, now + 3_600_000).unwrap();
        assert!(again.iter().any(|(t, _)| t.id == id));
        // Three days later everything is overdue: each reminded once more, then quiet.
        let later = now + 5 * 86_400_000;
        let overdue = b.store.take_reminders(&b.rep, later).unwrap();
        assert_eq!(overdue.len(), 3);
        assert!(b.store.take_reminders(&b.rep, later).unwrap().is_empty());
    }

    #[test]
    fn tasks_follow_the_assignee_when_there_is_one() {
        let b = booth();
        let lead = b.store.create_lead(input(&b, "Li", Some(Grade::C)), &b.rep).unwrap();
        let c = rusqlite::Connection::open(b.store.path()).unwrap();
        c.execute("UPDATE leads SET assigned_to = ?1 WHERE id = ?2", (&b.manager, &lead.id)).unwrap();
        assert!(b.store.tasks_for_user(&b.rep, now_ms()).unwrap().is_empty());
        assert_eq!(b.store.tasks_for_user(&b.manager, now_ms()).unwrap().len(), 2);
    }

    #[test]
    fn a_draft_is_filled_from_the_lead_its_interactions_and_the_rep() {
        let b = booth();
        let lead = b
            .store
            .create_lead(LeadInput { key_needs: "5,000 valves".into(), ..input(&b, "Wang", Some(Grade::A)) }, &b.rep)
            .unwrap();
        let none = b.store.merge_fields(&lead.id, &b.rep).unwrap();
        assert_eq!((none.materials_shown.as_str(), none.quote_range.as_str()), ("", ""));
        for title in ["Valve catalogue", "Pump brochure", "Valve catalogue"] {
            b.store
                .record_interaction(
                    &lead.id,
                    InteractionKind::MaterialShown,
                    title,
                    serde_json::json!({ "title": title }),
                    &b.rep,
                )
                .unwrap();
        }
        b.store
            .record_interaction(&lead.id, InteractionKind::MaterialShown, "x", serde_json::json!({}), &b.rep)
            .unwrap();
        b.store
            .record_interaction(
                &lead.id,
                InteractionKind::Quote,
                "q",
                serde_json::json!({ "total_range_text": "USD 10,000–12,000" }),
                &b.rep,
            )
            .unwrap();
        let f = b.store.merge_fields(&lead.id, &b.rep).unwrap();
        assert_eq!(f.materials_shown, "Valve catalogue, Pump brochure");
        assert_eq!(f.quote_range, "USD 10,000–12,000");
        assert_eq!((f.show.as_str(), f.rep_name.as_str()), ("Canton Fair", "Dylan"));
        let d = b.store.email_draft(&lead.id, "a_thank_you", "en", &b.rep).unwrap();
        assert_eq!(d.to, "wang@acme.example");
        assert!(d.body.contains("5,000 valves") && d.body.contains("Valve catalogue, Pump brochure"), "{}", d.body);
    }

    #[test]
    fn a_shows_rules_and_templates_are_its_own_and_reset_to_the_playbook() {
        let b = booth();
        let mut rules = b.store.followup_rules(&b.event).unwrap();
        rules.d.push(leadtrack_domain::followup::RuleStep {
            offset_days: 2,
            within_hours: None,
            kind: TaskKind::CheckIn,
            template: String::new(),
        });
        b.store.set_followup_rules(&b.event, Some(rules)).unwrap();
        let lead = b.store.create_lead(input(&b, "Li", Some(Grade::D)), &b.rep).unwrap();
        assert_eq!(open_kinds(&b, &lead.id), vec![(Some(Grade::D), TaskKind::CheckIn)]);
        assert!(b.store.set_followup_rules(&b.event, None).unwrap().d.is_empty());

        let mut t = b
            .store
            .email_templates(&b.event)
            .unwrap()
            .into_iter()
            .find(|t| t.id == "b_intro" && t.locale == "fa")
            .unwrap();
        t.subject = "سلام {name}".into();
        b.store.set_email_template(&b.event, t.clone(), false).unwrap();
        let lead = b.store.create_lead(input(&b, "Ali", Some(Grade::B)), &b.rep).unwrap();
        assert_eq!(b.store.email_draft(&lead.id, "b_intro", "fa", &b.rep).unwrap().subject, "سلام Ali");
        b.store.set_email_template(&b.event, t, true).unwrap();
        assert_ne!(b.store.email_draft(&lead.id, "b_intro", "fa", &b.rep).unwrap().subject, "سلام Ali");
    }

    #[test]
    fn a_show_time_zone_must_be_a_real_one_and_is_used_for_the_ics() {
        let b = booth();
        assert_eq!(b.store.event_time_zone(&b.event).unwrap(), "Asia/Shanghai");
        assert!(b.store.set_event_time_zone(&b.event, Some("Mars/Olympus")).is_err());
        assert_eq!(b.store.set_event_time_zone(&b.event, Some("Asia/Tehran")).unwrap(), "Asia/Tehran");
        assert_eq!(b.store.set_event_time_zone(&b.event, None).unwrap(), "Asia/Shanghai");
        b.store.create_lead(input(&b, "Li, \"the\"; boss", Some(Grade::B)), &b.rep).unwrap();
        let ics = b.store.tasks_ics(&b.rep, now_ms()).unwrap();
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 3);
        assert!(ics.contains("SUMMARY:Email: Li\\, \"the\"\\; boss\\, Acme"), "{ics}");
        assert!(!ics.replace("\r\n", "").contains('\n'));
    }
}
