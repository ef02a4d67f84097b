//! Follow-up: the signed-in person's tasks (Today), snooze and done, email drafts opened in
//! their own mail client or saved as `.eml`, the calendar export, and each show's rules,
//! templates and time zone. The rules and rendering live in `leadtrack_domain::followup*`,
//! the data in `leadtrack_store`; the reminders loop is `crate::reminders`.

use leadtrack_domain::followup::{FollowUpRules, FollowUpTask, Urgency};
use leadtrack_domain::followup_mail::{self, Draft, EmailTemplate, MergeFields};
use leadtrack_store::{now_ms, Completion, Store};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;
use ts_rs::TS;

use super::{blocking, session};
use crate::error::{IpcError, IpcErrorKind, Result};
use crate::state::AppState;
use crate::{reminders, save_dialog};

/// The Today page: the signed-in person's open tasks, earliest first, and how many are overdue.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TodayTasks {
    pub tasks: Vec<FollowUpTask>,
    pub overdue: u32,
}

/// A draft for one task or lead, with the merge values it used and its `mailto:` link.
#[derive(Debug, Clone, Serialize, TS)]
pub struct DraftView {
    pub draft: Draft,
    pub fields: MergeFields,
    pub template_id: String,
}

/// A file the app wrote (calendar, `.eml`).
#[derive(Debug, Clone, Serialize, TS)]
pub struct SavedFile {
    pub path: String,
}

/// How a task was completed from the Today page.
#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TaskOutcome {
    Done,
    Called,
}

/// The task, if the signed-in person may see its lead.
fn visible_task(s: &Store, id: &str) -> Result<FollowUpTask> {
    let task = s.task(id)?;
    s.lead_as(&session::viewer(s)?, &task.lead_id)?;
    Ok(task)
}

#[tauri::command]
pub async fn followup_today(state: State<'_, AppState>) -> Result<TodayTasks> {
    blocking(&state, |s| {
        let tasks = s.tasks_for_user(&session::author(s)?, now_ms())?;
        let overdue = tasks.iter().filter(|t| t.urgency == Some(Urgency::Overdue)).count() as u32;
        Ok(TodayTasks { tasks, overdue })
    })
    .await
}

#[tauri::command]
pub async fn followup_lead_tasks(state: State<'_, AppState>, lead_id: String) -> Result<Vec<FollowUpTask>> {
    blocking(&state, move |s| {
        s.lead_as(&session::viewer(s)?, &lead_id)?;
        Ok(s.lead_tasks(&lead_id, now_ms())?)
    })
    .await
}

#[tauri::command]
pub async fn followup_snooze<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    until: i64,
) -> Result<FollowUpTask> {
    let task = blocking(&state, move |s| {
        visible_task(s, &id)?;
        Ok(s.snooze_task(&id, until)?)
    })
    .await?;
    reminders::nudge(&app);
    Ok(task)
}

/// "Tomorrow 9:00" in the task's show time zone, for the Snooze menu.
#[tauri::command]
pub async fn followup_tomorrow_morning(state: State<'_, AppState>, id: String) -> Result<i64> {
    blocking(&state, move |s| {
        let task = visible_task(s, &id)?;
        let tz = leadtrack_domain::followup::time_zone(Some(&task.time_zone), "");
        Ok(leadtrack_domain::followup::tomorrow_morning(now_ms(), &tz))
    })
    .await
}

#[tauri::command]
pub async fn followup_done<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    outcome: TaskOutcome,
) -> Result<FollowUpTask> {
    let task = blocking(&state, move |s| {
        visible_task(s, &id)?;
        let how = match outcome {
            TaskOutcome::Done => Completion::Done,
            TaskOutcome::Called => Completion::Called,
        };
        Ok(s.complete_task(&id, how, &session::author(s)?)?)
    })
    .await?;
    if matches!(outcome, TaskOutcome::Called) {
        // The phone app (a softphone, or a phone linked to the laptop), if there is one: the call
        // is recorded either way, as the rep may dial on their own phone.
        let number: String = task.lead_phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
        if !number.is_empty() {
            if let Err(e) = app.opener().open_url(format!("tel:{number}"), None::<&str>) {
                tracing::info!(error = %e, "no phone app for tel: links");
            }
        }
    }
    crate::events::leads_changed(&app, &task.lead_id);
    Ok(task)
}

/// The draft of `template_id` in `locale` (falling back to English), filled for the lead.
#[tauri::command]
pub async fn followup_draft(
    state: State<'_, AppState>,
    lead_id: String,
    template_id: String,
    locale: String,
) -> Result<DraftView> {
    blocking(&state, move |s| {
        s.lead_as(&session::viewer(s)?, &lead_id)?;
        let rep = session::author(s)?;
        let draft = s.email_draft(&lead_id, &template_id, &locale, &rep)?;
        Ok(DraftView { draft, fields: s.merge_fields(&lead_id, &rep)?, template_id })
    })
    .await
}

/// Opens the (edited) draft in the person's mail client as a `mailto:` link. Nothing is sent.
#[tauri::command]
pub async fn followup_open_mail<R: Runtime>(app: AppHandle<R>, draft: Draft) -> Result<()> {
    let url = followup_mail::mailto(&draft);
    app.opener().open_url(url, None::<&str>).map_err(|e| {
        tracing::warn!(error = %e, "could not open the mail client");
        IpcError::new(IpcErrorKind::Internal, "No mail app opened. Save the draft as a file instead.")
    })
}

/// Saves the (edited) draft as an `.eml` file the person opens in their mail client.
#[tauri::command]
pub async fn followup_save_eml<R: Runtime>(
    app: AppHandle<R>,
    window: tauri::WebviewWindow<R>,
    draft: Draft,
) -> Result<Option<SavedFile>> {
    let name = file_stem(&draft.subject, "follow-up");
    let Some(path) = save_dialog::choose_file(&app, &window, "Email draft", "eml", &format!("{name}.eml")).await?
    else {
        return Ok(None);
    };
    let bytes = followup_mail::eml(&draft, now_ms()).into_bytes();
    write(&path, &bytes)?;
    Ok(Some(SavedFile { path: path.display().to_string() }))
}

/// The rep sent the draft from their mail client: the task is done and the email is on the lead.
#[tauri::command]
pub async fn followup_mark_sent<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    draft: Draft,
) -> Result<FollowUpTask> {
    let task = blocking(&state, move |s| {
        visible_task(s, &id)?;
        let how = Completion::EmailSent { to: draft.to, subject: draft.subject };
        Ok(s.complete_task(&id, how, &session::author(s)?)?)
    })
    .await?;
    crate::events::leads_changed(&app, &task.lead_id);
    Ok(task)
}

/// The signed-in person's open tasks as an `.ics` calendar file.
#[tauri::command]
pub async fn followup_export_ics<R: Runtime>(
    app: AppHandle<R>,
    window: tauri::WebviewWindow<R>,
    state: State<'_, AppState>,
) -> Result<Option<SavedFile>> {
    let ics = blocking(&state, |s| Ok(s.tasks_ics(&session::author(s)?, now_ms())?)).await?;
    let Some(path) = save_dialog::choose_file(&app, &window, "Calendar", "ics", "leadtrack-follow-up.ics").await?
    else {
        return Ok(None);
    };
    write(&path, ics.as_bytes())?;
    Ok(Some(SavedFile { path: path.display().to_string() }))
}

#[tauri::command]
pub async fn followup_rules_get(state: State<'_, AppState>, event_id: String) -> Result<FollowUpRules> {
    blocking(&state, move |s| Ok(s.followup_rules(&event_id)?)).await
}

/// Saves a show's rules; `None` resets them to the playbook.
#[tauri::command]
pub async fn followup_rules_set(
    state: State<'_, AppState>,
    event_id: String,
    rules: Option<FollowUpRules>,
) -> Result<FollowUpRules> {
    blocking(&state, move |s| {
        session::author(s)?;
        Ok(s.set_followup_rules(&event_id, rules)?)
    })
    .await
}

#[tauri::command]
pub async fn followup_templates_get(state: State<'_, AppState>, event_id: String) -> Result<Vec<EmailTemplate>> {
    blocking(&state, move |s| Ok(s.email_templates(&event_id)?)).await
}

/// Saves one of a show's templates; `reset` goes back to the built-in text.
#[tauri::command]
pub async fn followup_template_set(
    state: State<'_, AppState>,
    event_id: String,
    template: EmailTemplate,
    reset: bool,
) -> Result<EmailTemplate> {
    blocking(&state, move |s| {
        session::author(s)?;
        Ok(s.set_email_template(&event_id, template, reset)?)
    })
    .await
}

#[tauri::command]
pub async fn followup_time_zone_get(state: State<'_, AppState>, event_id: String) -> Result<String> {
    blocking(&state, move |s| Ok(s.event_time_zone(&event_id)?)).await
}

/// Sets a show's IANA time zone; `None` or "" uses the venue country's.
#[tauri::command]
pub async fn followup_time_zone_set(
    state: State<'_, AppState>,
    event_id: String,
    time_zone: Option<String>,
) -> Result<String> {
    blocking(&state, move |s| {
        session::author(s)?;
        Ok(s.set_event_time_zone(&event_id, time_zone.as_deref())?)
    })
    .await
}

fn write(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    leadtrack_store::write_file_durably(path, bytes).map_err(|e| {
        tracing::warn!(error = %e, path = %path.display(), "file not written");
        IpcError::new(IpcErrorKind::Storage, format!("Could not write {}: {e}", path.display()))
    })
}

/// A file name from a subject: letters and digits of any script, the rest as `-`.
fn file_stem(subject: &str, fallback: &str) -> String {
    let stem: String = subject
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let stem: String = stem.chars().take(60).collect();
    if stem.is_empty() {
        fallback.to_string()
    } else {
        stem
    }
}
