//! Follow-up rules: what to do after a lead is graded, and when (issue 8, seed 001 §三.1).
//!
//! A show has one rule table: per grade, a list of steps (a kind of touch, a day offset,
//! an optional "within N hours" and an email template). Scheduling is a pure function of
//! when the lead got its grade, the show's time zone and the rules:
//!
//! - `T+0` is due the moment the lead is graded (send the thank-you today).
//! - `T+n` (n ≥ 1) is due at [`LOCAL_HOUR`]:00 on the n-th calendar day after the grading day
//!   *in the show's time zone* — so "tomorrow" is the venue's tomorrow even on a laptop set
//!   to another zone, and a DST change in between moves nothing: a 9:00 stays a 9:00. A 9:00
//!   that does not exist (a DST gap) is the first instant after the gap.
//! - `within_hours` caps that: the step is due no later than that many hours after grading
//!   (a lead graded at 8:00 gets its "call within 24 h" at 8:00 next day, not 9:00).
//!
//! T counts from the grading, not the capture: a lead re-graded a week after the show gets
//! its new sequence from the re-grade, not a list of tasks already a week late.

pub use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Grade, UnixMs};

/// The local hour (show time zone) at which a `T+n` step falls due.
pub const LOCAL_HOUR: i8 = 9;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    Email,
    Call,
    WebinarInvite,
    CheckIn,
    MarketingList,
    SecondTouch,
}

impl TaskKind {
    pub const ALL: [TaskKind; 6] = [
        TaskKind::Email,
        TaskKind::Call,
        TaskKind::WebinarInvite,
        TaskKind::CheckIn,
        TaskKind::MarketingList,
        TaskKind::SecondTouch,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TaskKind::Email => "email",
            TaskKind::Call => "call",
            TaskKind::WebinarInvite => "webinar_invite",
            TaskKind::CheckIn => "check_in",
            TaskKind::MarketingList => "marketing_list",
            TaskKind::SecondTouch => "second_touch",
        }
    }

    pub fn parse(s: &str) -> Option<TaskKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Kinds whose task is done by writing to the visitor (the Today page offers a draft).
    pub fn is_written(self) -> bool {
        matches!(self, TaskKind::Email | TaskKind::WebinarInvite | TaskKind::CheckIn | TaskKind::SecondTouch)
    }
}

/// One step of a grade's sequence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RuleStep {
    /// Days after grading (0: the same moment).
    pub offset_days: u32,
    /// Due no later than this many hours after grading, whatever the day offset says.
    #[serde(default)]
    pub within_hours: Option<u32>,
    pub kind: TaskKind,
    /// The email template offered for the draft ("" for none).
    #[serde(default)]
    pub template: String,
}

/// A show's rule table: a sequence per grade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FollowUpRules {
    pub a: Vec<RuleStep>,
    pub b: Vec<RuleStep>,
    pub c: Vec<RuleStep>,
    pub d: Vec<RuleStep>,
}

fn step(offset_days: u32, within_hours: Option<u32>, kind: TaskKind, template: &str) -> RuleStep {
    RuleStep { offset_days, within_hours, kind, template: template.into() }
}

impl FollowUpRules {
    /// Seed 001's playbook (§三.1).
    pub fn playbook() -> FollowUpRules {
        use TaskKind::*;
        FollowUpRules {
            a: vec![
                step(0, None, Email, "a_thank_you"),
                step(1, Some(24), Call, ""),
                step(3, None, SecondTouch, "a_second_touch"),
            ],
            b: vec![
                step(1, None, Email, "b_intro"),
                step(7, None, WebinarInvite, "b_webinar"),
                step(30, None, CheckIn, "b_check_in"),
            ],
            c: vec![step(1, None, Email, "c_thank_you"), step(1, None, MarketingList, "")],
            d: Vec::new(),
        }
    }

    pub fn for_grade(&self, grade: Grade) -> &[RuleStep] {
        match grade {
            Grade::A => &self.a,
            Grade::B => &self.b,
            Grade::C => &self.c,
            Grade::D => &self.d,
        }
    }

    /// Refuses steps a scheduler cannot honour (a year out, a zero-hour window).
    pub fn validated(self) -> Result<FollowUpRules, String> {
        for s in self.a.iter().chain(&self.b).chain(&self.c).chain(&self.d) {
            if s.offset_days > 365 {
                return Err("A step is at most 365 days after grading.".into());
            }
            if s.within_hours.is_some_and(|h| h == 0 || h > 24 * 365) {
                return Err("\"Within\" is between 1 hour and a year.".into());
            }
        }
        Ok(self)
    }
}

impl Default for FollowUpRules {
    fn default() -> Self {
        Self::playbook()
    }
}

/// A task the rules ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedTask {
    pub grade: Grade,
    /// The step's index in the grade's sequence: with the grade, the task's identity.
    pub step: u32,
    pub kind: TaskKind,
    pub template: String,
    pub due_at: UnixMs,
}

/// The show's time zone: the stored IANA name if it is one, else the venue country's main
/// zone, else UTC.
pub fn time_zone(stored: Option<&str>, country: &str) -> TimeZone {
    stored
        .and_then(|name| TimeZone::get(name).ok())
        .or_else(|| default_zone_name(country).and_then(|n| TimeZone::get(n).ok()))
        .unwrap_or(TimeZone::UTC)
}

/// The IANA name shown for a show: the stored name, else the country's, else "UTC".
pub fn time_zone_name(stored: Option<&str>, country: &str) -> String {
    match stored.filter(|n| TimeZone::get(n).is_ok()) {
        Some(n) => n.to_string(),
        None => default_zone_name(country).unwrap_or("UTC").to_string(),
    }
}

/// Whether `name` is an IANA zone this build knows.
pub fn is_time_zone(name: &str) -> bool {
    TimeZone::get(name).is_ok()
}

/// The main time zone of a venue country (where trade shows are held: the capital's or the
/// big fair city's). Countries spanning zones get their main fair city's.
pub fn default_zone_name(country: &str) -> Option<&'static str> {
    Some(match country.trim().to_ascii_uppercase().as_str() {
        "CN" => "Asia/Shanghai",
        "HK" => "Asia/Hong_Kong",
        "TW" => "Asia/Taipei",
        "JP" => "Asia/Tokyo",
        "KR" => "Asia/Seoul",
        "SG" => "Asia/Singapore",
        "IN" => "Asia/Kolkata",
        "AE" => "Asia/Dubai",
        "IR" => "Asia/Tehran",
        "TR" => "Europe/Istanbul",
        "SA" => "Asia/Riyadh",
        "DE" => "Europe/Berlin",
        "FR" => "Europe/Paris",
        "IT" => "Europe/Rome",
        "ES" => "Europe/Madrid",
        "NL" => "Europe/Amsterdam",
        "GB" => "Europe/London",
        "RU" => "Europe/Moscow",
        "US" => "America/New_York",
        "CA" => "America/Toronto",
        "MX" => "America/Mexico_City",
        "BR" => "America/Sao_Paulo",
        "AU" => "Australia/Sydney",
        "ZA" => "Africa/Johannesburg",
        "EG" => "Africa/Cairo",
        _ => return None,
    })
}

/// When one step falls due for a lead graded at `graded_at` at a show in `tz`.
pub fn due_at(graded_at: UnixMs, step: &RuleStep, tz: &TimeZone) -> UnixMs {
    let Ok(at) = Timestamp::from_millisecond(graded_at) else { return graded_at };
    let mut due = graded_at;
    if step.offset_days > 0 {
        let day = at.to_zoned(tz.clone()).date();
        due = day
            .checked_add((step.offset_days as i64).days())
            .ok()
            .and_then(|d| d.at(LOCAL_HOUR, 0, 0, 0).to_zoned(tz.clone()).ok())
            .map(|z| z.timestamp().as_millisecond())
            .unwrap_or(graded_at + step.offset_days as i64 * 86_400_000);
    }
    if let Some(h) = step.within_hours {
        due = due.min(graded_at + h as i64 * 3_600_000);
    }
    due
}

/// Every task `grade` asks for, graded at `graded_at`.
pub fn schedule(graded_at: UnixMs, grade: Grade, tz: &TimeZone, rules: &FollowUpRules) -> Vec<PlannedTask> {
    rules
        .for_grade(grade)
        .iter()
        .enumerate()
        .map(|(i, s)| PlannedTask {
            grade,
            step: i as u32,
            kind: s.kind,
            template: s.template.clone(),
            due_at: due_at(graded_at, s, tz),
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    Open,
    Done,
    Cancelled,
}

impl TaskStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::Open => "open",
            TaskStatus::Done => "done",
            TaskStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<TaskStatus> {
        [TaskStatus::Open, TaskStatus::Done, TaskStatus::Cancelled].into_iter().find(|k| k.as_str() == s)
    }
}

/// A lead's existing rule task, as far as rescheduling cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingTask {
    pub id: String,
    /// `None`: a task not made by the rules (left alone).
    pub grade: Option<Grade>,
    pub step: Option<u32>,
    pub status: TaskStatus,
}

/// What a (re-)grade changes: open rule tasks of other grades are cancelled; the new grade's
/// steps that have no open or done task yet are created. Done tasks stay done; grading the
/// same again creates nothing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reschedule {
    pub cancel: Vec<String>,
    pub create: Vec<PlannedTask>,
}

pub fn reschedule(
    existing: &[ExistingTask],
    grade: Option<Grade>,
    graded_at: UnixMs,
    tz: &TimeZone,
    rules: &FollowUpRules,
) -> Reschedule {
    let cancel = existing
        .iter()
        .filter(|t| t.status == TaskStatus::Open && t.grade.is_some() && t.grade != grade)
        .map(|t| t.id.clone())
        .collect();
    let create = match grade {
        None => Vec::new(),
        Some(g) => schedule(graded_at, g, tz, rules)
            .into_iter()
            .filter(|p| {
                !existing
                    .iter()
                    .any(|t| t.grade == Some(g) && t.step == Some(p.step) && t.status != TaskStatus::Cancelled)
            })
            .collect(),
    };
    Reschedule { cancel, create }
}

/// Where a task stands for the reminder loop and the Today page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Overdue,
    Today,
    Upcoming,
}

/// Grouping by the show's calendar: due on an earlier local day is overdue, due before the
/// end of today is today (a T+0 thank-you due an hour ago is today's work, not overdue).
pub fn urgency(due_at: UnixMs, now: UnixMs, tz: &TimeZone) -> Urgency {
    urgency_in_day(due_at, local_day(now, tz))
}

/// [`urgency`] against a day already worked out with [`local_day`] (lists compute it once).
pub fn urgency_in_day(due_at: UnixMs, (start, end): (UnixMs, UnixMs)) -> Urgency {
    if due_at < start {
        Urgency::Overdue
    } else if due_at < end {
        Urgency::Today
    } else {
        Urgency::Upcoming
    }
}

/// The instant an open task due at `due_at` becomes overdue: the next local midnight.
pub fn overdue_from(due_at: UnixMs, tz: &TimeZone) -> UnixMs {
    local_day(due_at, tz).1
}

/// Start and end of the local day containing `at`.
pub fn local_day(at: UnixMs, tz: &TimeZone) -> (UnixMs, UnixMs) {
    let day = Timestamp::from_millisecond(at).ok().map(|t| t.to_zoned(tz.clone()).date());
    let start = day.and_then(|d| d.to_zoned(tz.clone()).ok()).map(|z| z.timestamp().as_millisecond());
    let end = day
        .and_then(|d| d.tomorrow().ok())
        .and_then(|d| d.to_zoned(tz.clone()).ok())
        .map(|z| z.timestamp().as_millisecond());
    (start.unwrap_or(at - at.rem_euclid(86_400_000)), end.unwrap_or(at - at.rem_euclid(86_400_000) + 86_400_000))
}

/// "Tomorrow 9:00" in `tz` after `now`: the Snooze button's second choice.
pub fn tomorrow_morning(now: UnixMs, tz: &TimeZone) -> UnixMs {
    due_at(now, &step(1, None, TaskKind::CheckIn, ""), tz)
}

/// A follow-up task as lists show it (the Today page, the lead's page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FollowUpTask {
    pub id: String,
    pub lead_id: String,
    pub lead_name: String,
    pub lead_company: String,
    pub lead_email: String,
    pub lead_phone: String,
    pub event_id: String,
    pub event_name: String,
    /// The show's IANA time zone: due times are shown in it.
    pub time_zone: String,
    pub kind: TaskKind,
    /// The grade whose rules made it (`None`: added by hand).
    pub grade: Option<Grade>,
    pub template: String,
    /// The rule's due time.
    #[ts(type = "number")]
    pub due_at: UnixMs,
    #[ts(type = "number | null")]
    pub snoozed_until: Option<UnixMs>,
    pub status: TaskStatus,
    #[ts(type = "number | null")]
    pub done_at: Option<UnixMs>,
    /// For open tasks: where it stands at read time (by the snoozed time if snoozed).
    pub urgency: Option<Urgency>,
}

impl FollowUpTask {
    /// When it is due now: the snooze if any, else the rule's time.
    pub fn effective_due(&self) -> UnixMs {
        self.snoozed_until.unwrap_or(self.due_at)
    }
}

/// A reminder the app should show now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReminderState {
    Due,
    Overdue,
}

impl ReminderState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReminderState::Due => "due",
            ReminderState::Overdue => "overdue",
        }
    }
}

/// Which reminder an open task calls for now, given the one already shown (`notified`):
/// each state once; a task first seen already overdue gets only the overdue one.
pub fn reminder(effective_due: UnixMs, notified: &str, now: UnixMs, tz: &TimeZone) -> Option<ReminderState> {
    if now >= overdue_from(effective_due, tz) {
        (notified != "overdue").then_some(ReminderState::Overdue)
    } else if now >= effective_due {
        notified.is_empty().then_some(ReminderState::Due)
    } else {
        None
    }
}

/// When the next reminder for this task is due (None: nothing left to remind).
pub fn next_reminder_at(effective_due: UnixMs, notified: &str, tz: &TimeZone) -> Option<UnixMs> {
    match notified {
        "" => Some(effective_due),
        "due" => Some(overdue_from(effective_due, tz)),
        _ => None,
    }
}

/// Something to tell the person at the laptop (an A lead captured, for a manager).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Alert {
    pub id: String,
    pub kind: String,
    pub lead_id: String,
    pub message: String,
    #[ts(type = "number")]
    pub created_at: UnixMs,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(rfc3339_utc: &str) -> UnixMs {
        rfc3339_utc.parse::<Timestamp>().map(|t| t.as_millisecond()).unwrap()
    }

    fn tz(name: &str) -> TimeZone {
        TimeZone::get(name).unwrap()
    }

    fn dues(graded: &str, grade: Grade, zone: &str) -> Vec<(TaskKind, String)> {
        schedule(ms(graded), grade, &tz(zone), &FollowUpRules::playbook())
            .into_iter()
            .map(|p| (p.kind, Timestamp::from_millisecond(p.due_at).unwrap().to_string()))
            .collect()
    }

    #[test]
    fn an_a_lead_in_shanghai_gets_thanks_now_a_call_next_morning_and_a_second_touch_on_day_three() {
        // 15:30 in Shanghai (UTC+8).
        let got = dues("2026-04-15T07:30:00Z", Grade::A, "Asia/Shanghai");
        assert_eq!(
            got,
            vec![
                (TaskKind::Email, "2026-04-15T07:30:00Z".to_string()),
                (TaskKind::Call, "2026-04-16T01:00:00Z".to_string()),
                (TaskKind::SecondTouch, "2026-04-18T01:00:00Z".to_string()),
            ]
        );
    }

    #[test]
    fn a_call_within_24_hours_comes_before_next_day_nine_when_graded_early_in_the_morning() {
        // 08:00 Shanghai: next day 9:00 would be 25 h later.
        let got = dues("2026-04-15T00:00:00Z", Grade::A, "Asia/Shanghai");
        assert_eq!(got[1], (TaskKind::Call, "2026-04-16T00:00:00Z".to_string()));
    }

    #[test]
    fn t_plus_n_is_counted_in_the_show_zone_not_utc() {
        // 23:30 UTC on the 14th is already 07:30 on the 15th in Shanghai: T+1 is the 16th.
        let got = dues("2026-04-14T23:30:00Z", Grade::B, "Asia/Shanghai");
        assert_eq!(got[0].1, "2026-04-16T01:00:00Z");
    }

    #[test]
    fn new_york_keeps_nine_local_across_the_spring_dst_change() {
        // Graded Friday 6 March 2026 16:00 EST (UTC-5); DST starts Sunday 8 March.
        let got = dues("2026-03-06T21:00:00Z", Grade::B, "America/New_York");
        // T+1 Saturday 9:00 EST = 14:00Z; T+7 Friday 13 March 9:00 EDT = 13:00Z.
        assert_eq!(got[0].1, "2026-03-07T14:00:00Z");
        assert_eq!(got[1].1, "2026-03-13T13:00:00Z");
        // T+30: 5 April 9:00 EDT.
        assert_eq!(got[2].1, "2026-04-05T13:00:00Z");
    }

    #[test]
    fn new_york_keeps_nine_local_across_the_autumn_dst_change() {
        // Graded Friday 30 October 2026 10:00 EDT; DST ends Sunday 1 November.
        let got = dues("2026-10-30T14:00:00Z", Grade::A, "America/New_York");
        assert_eq!(got[2].1, "2026-11-02T14:00:00Z", "T+3 is Monday 9:00 EST");
    }

    #[test]
    fn tehran_uses_its_half_hour_offset() {
        // Iran has kept UTC+3:30 all year since 2022. 10:00 local on 1 June.
        let got = dues("2026-06-01T06:30:00Z", Grade::C, "Asia/Tehran");
        assert_eq!(got[0].1, "2026-06-02T05:30:00Z");
        assert_eq!(got[1].0, TaskKind::MarketingList);
    }

    #[test]
    fn a_d_lead_gets_no_tasks() {
        assert!(dues("2026-06-01T06:30:00Z", Grade::D, "UTC").is_empty());
    }

    #[test]
    fn a_show_without_a_zone_uses_its_country_and_else_utc() {
        assert_eq!(time_zone_name(None, "cn"), "Asia/Shanghai");
        assert_eq!(time_zone_name(Some("Not/AZone"), "IR"), "Asia/Tehran");
        assert_eq!(time_zone_name(None, "ZZ"), "UTC");
        assert_eq!(time_zone_name(Some("Europe/Berlin"), "CN"), "Europe/Berlin");
    }

    fn existing(plan: &[PlannedTask], prefix: &str) -> Vec<ExistingTask> {
        plan.iter()
            .map(|p| ExistingTask {
                id: format!("{prefix}{}", p.step),
                grade: Some(p.grade),
                step: Some(p.step),
                status: TaskStatus::Open,
            })
            .collect()
    }

    #[test]
    fn regrading_a_to_b_to_a_keeps_done_tasks_and_creates_no_duplicates() {
        let rules = FollowUpRules::playbook();
        let zone = tz("Asia/Shanghai");
        let t0 = ms("2026-04-15T07:30:00Z");
        let first = reschedule(&[], Some(Grade::A), t0, &zone, &rules);
        assert_eq!(first.create.len(), 3);
        let mut tasks = existing(&first.create, "a");
        tasks[0].status = TaskStatus::Done; // the thank-you was sent

        let to_b = reschedule(&tasks, Some(Grade::B), t0 + 3_600_000, &zone, &rules);
        assert_eq!(to_b.cancel, vec!["a1".to_string(), "a2".to_string()], "done a0 is not cancelled");
        assert_eq!(to_b.create.iter().map(|p| p.grade).collect::<Vec<_>>(), vec![Grade::B; 3]);
        for t in &mut tasks {
            if to_b.cancel.contains(&t.id) {
                t.status = TaskStatus::Cancelled;
            }
        }
        tasks.extend(existing(&to_b.create, "b"));

        let back = reschedule(&tasks, Some(Grade::A), t0 + 7_200_000, &zone, &rules);
        assert_eq!(back.cancel, vec!["b0".to_string(), "b1".to_string(), "b2".to_string()]);
        assert_eq!(back.create.iter().map(|p| p.step).collect::<Vec<_>>(), vec![1, 2], "step 0 was done");

        for t in &mut tasks {
            if back.cancel.contains(&t.id) {
                t.status = TaskStatus::Cancelled;
            }
        }
        tasks.extend(existing(&back.create, "a2nd"));
        let again = reschedule(&tasks, Some(Grade::A), t0 + 9_000_000, &zone, &rules);
        assert_eq!(again, Reschedule::default(), "grading A again changes nothing");
    }

    #[test]
    fn removing_the_grade_cancels_open_rule_tasks_but_not_manual_ones() {
        let tasks = vec![
            ExistingTask { id: "r".into(), grade: Some(Grade::B), step: Some(0), status: TaskStatus::Open },
            ExistingTask { id: "m".into(), grade: None, step: None, status: TaskStatus::Open },
        ];
        let r = reschedule(&tasks, None, 0, &TimeZone::UTC, &FollowUpRules::playbook());
        assert_eq!(r.cancel, vec!["r".to_string()]);
        assert!(r.create.is_empty());
    }

    #[test]
    fn urgency_follows_the_show_calendar_day() {
        let zone = tz("Asia/Shanghai");
        let now = ms("2026-04-15T07:30:00Z"); // 15:30 local
        assert_eq!(urgency(ms("2026-04-15T15:59:00Z"), now, &zone), Urgency::Today); // 23:59 local
        assert_eq!(urgency(ms("2026-04-15T16:00:00Z"), now, &zone), Urgency::Upcoming);
        assert_eq!(urgency(ms("2026-04-14T16:00:00Z"), now, &zone), Urgency::Today, "00:00 local today");
        assert_eq!(urgency(ms("2026-04-14T15:59:00Z"), now, &zone), Urgency::Overdue, "23:59 yesterday");
        assert_eq!(overdue_from(ms("2026-04-15T01:00:00Z"), &zone), ms("2026-04-15T16:00:00Z"));
    }

    #[test]
    fn a_reminder_fires_once_when_due_and_once_more_when_overdue() {
        let zone = tz("Asia/Shanghai");
        let due = ms("2026-04-15T01:00:00Z"); // 9:00 local
        assert_eq!(reminder(due, "", due - 1, &zone), None);
        assert_eq!(reminder(due, "", due, &zone), Some(ReminderState::Due));
        assert_eq!(reminder(due, "due", due + 3_600_000, &zone), None, "not again");
        let midnight = ms("2026-04-15T16:00:00Z");
        assert_eq!(next_reminder_at(due, "due", &zone), Some(midnight));
        assert_eq!(reminder(due, "due", midnight, &zone), Some(ReminderState::Overdue));
        assert_eq!(reminder(due, "overdue", midnight + 1, &zone), None);
        assert_eq!(reminder(due, "", midnight + 1, &zone), Some(ReminderState::Overdue), "first seen late");
        assert_eq!(next_reminder_at(due, "overdue", &zone), None);
    }

    #[test]
    fn rules_round_trip_as_json_and_reject_absurd_offsets() {
        let rules = FollowUpRules::playbook();
        let json = serde_json::to_string(&rules).unwrap();
        assert_eq!(serde_json::from_str::<FollowUpRules>(&json).unwrap(), rules);
        let mut bad = rules;
        bad.b[0].offset_days = 400;
        assert!(bad.validated().is_err());
    }
}
