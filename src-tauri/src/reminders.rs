//! Follow-up reminders that fire: a background task wakes at the signed-in person's next due
//! time (at least every minute, and when nudged by a save, snooze or sign-in), takes the
//! reminders and alerts the store has not yet shown — the store marks each shown in the same
//! transaction, so every task is announced once when due and once when overdue, never more —
//! and shows each as a desktop notification and as `followup://reminder` / `followup://alert`
//! to the rep window, which turns it into a toast. A desktop without a notification service
//! (a bare X server under test) only loses the OS bubble: the failure is logged, the toast stays.

use std::sync::Arc;
use std::time::Duration;

use leadtrack_domain::followup::{Alert, FollowUpTask, ReminderState};
use leadtrack_store::{now_ms, Store};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;
use tokio::sync::Notify;
use ts_rs::TS;

pub const REMINDER_EVENT: &str = "followup://reminder";
pub const ALERT_EVENT: &str = "followup://alert";

/// The longest the loop sleeps: a wall clock changed by hand, or a sign-in missed, is caught
/// within a minute.
const FALLBACK: Duration = Duration::from_secs(60);

/// `followup://reminder`: a task just became due or overdue.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Reminder {
    pub task: FollowUpTask,
    pub state: ReminderState,
    /// Whether the desktop notification was shown (else only the in-app toast).
    pub notified: bool,
}

/// `followup://alert`: something a manager should know now (an A lead captured).
#[derive(Debug, Clone, Serialize, TS)]
pub struct AlertShown {
    pub alert: Alert,
    pub notified: bool,
}

struct Wake(Arc<Notify>);

/// Starts the loop (once, from `setup`).
pub fn start<R: Runtime>(app: &AppHandle<R>, store: Arc<Store>) {
    let wake = Arc::new(Notify::new());
    app.manage(Wake(wake.clone()));
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            let next = tick(&app, &store).await;
            let wait = next
                .map(|at| Duration::from_millis((at - now_ms()).clamp(0, FALLBACK.as_millis() as i64) as u64))
                .unwrap_or(FALLBACK);
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = wake.notified() => {}
            }
        }
    });
}

/// Re-plans the loop now: a task was created, snoozed or done, or someone signed in.
pub fn nudge<R: Runtime>(app: &AppHandle<R>) {
    if let Some(w) = app.try_state::<Wake>() {
        w.0.notify_one();
    }
}

type Due = (Vec<(FollowUpTask, ReminderState)>, Vec<Alert>, Option<i64>);

/// Shows what is due now; returns when the next reminder falls due.
async fn tick<R: Runtime>(app: &AppHandle<R>, store: &Arc<Store>) -> Option<i64> {
    let s = store.clone();
    let due = tauri::async_runtime::spawn_blocking(move || -> leadtrack_store::Result<Option<Due>> {
        let Some(user) = s.signed_in()? else { return Ok(None) };
        let now = now_ms();
        let reminders = s.take_reminders(&user.id, now)?;
        let alerts = s.take_alerts(&user.id)?;
        Ok(Some((reminders, alerts, s.next_reminder_at(&user.id, now)?)))
    })
    .await;
    let (reminders, alerts, next) = match due {
        Ok(Ok(Some(due))) => due,
        Ok(Ok(None)) => return None,
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "reminders not read");
            return None;
        }
        Err(e) => {
            tracing::error!(error = %e, "reminder task failed");
            return None;
        }
    };
    for (task, state) in reminders {
        let who = [task.lead_name.as_str(), task.lead_company.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
        let title = match state {
            ReminderState::Due => "Follow-up due",
            ReminderState::Overdue => "Follow-up overdue",
        };
        let notified = notify(app, title, &format!("{}: {who}", kind_label(&task))).await;
        emit(app, REMINDER_EVENT, Reminder { task, state, notified });
    }
    for alert in alerts {
        let notified = notify(app, "A lead captured", &alert.message).await;
        emit(app, ALERT_EVENT, AlertShown { alert, notified });
    }
    next
}

fn kind_label(task: &FollowUpTask) -> &'static str {
    use leadtrack_domain::followup::TaskKind::*;
    match task.kind {
        Email => "Email",
        Call => "Call",
        WebinarInvite => "Webinar invite",
        CheckIn => "Check in",
        MarketingList => "Marketing list",
        SecondTouch => "Second touch",
    }
}

/// The OS notification; `false` when the desktop has no notification service. Off the async
/// workers: the D-Bus round trip may block.
async fn notify<R: Runtime>(app: &AppHandle<R>, title: &str, body: &str) -> bool {
    if std::env::var_os("LEADTRACK_NO_OS_NOTIFICATIONS").is_some() {
        return false;
    }
    let builder = app.notification().builder().title(title).body(body);
    match tauri::async_runtime::spawn_blocking(move || builder.show()).await {
        Ok(Ok(())) => true,
        Ok(Err(e)) => {
            tracing::info!(error = %e, "no desktop notification; the in-app toast remains");
            false
        }
        Err(e) => {
            tracing::warn!(error = %e, "notification task failed");
            false
        }
    }
}

fn emit<R: Runtime, T: Serialize + Clone>(app: &AppHandle<R>, event: &str, payload: T) {
    if let Err(e) = app.emit_to(crate::windows::REP, event, payload) {
        tracing::warn!(error = %e, "could not emit {event}");
    }
}
