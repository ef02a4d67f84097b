//! The manager's dashboard: every figure for one show (or all) in one read snapshot, as one
//! viewer may see it (a rep: their own leads only, through [`access::condition`]).
//!
//! The leads are read once and counted in Rust (rep, hour, grade, status, source, region,
//! title, funnel): one pass over the show's rows is cheaper than a GROUP BY per figure.
//! Hours are bucketed by UTC quarter-hour first and only the few distinct quarters are
//! converted to the show's zone, so zones at :30 and :45 (India, Iran) land in the right hour.

use std::collections::{BTreeMap, HashMap};

use leadtrack_domain::dashboard::{
    hour_label, Count, Dashboard, FollowUpStatus, Funnel, HourCount, InterestHeat, SyncBacklog,
};
use leadtrack_domain::{followup, Grade, LeadStatus, Viewer};
use rusqlite::{Connection, OptionalExtension};

use crate::{access, Result, Store};

/// Longest distributions (titles, regions) are cut to this many rows plus "other".
const TOP: usize = 15;
const QUARTER_MS: i64 = 15 * 60 * 1000;

impl Store {
    /// The dashboard for `event_id` (None: every show) as `viewer` may see it, at `now`.
    pub fn dashboard_as(&self, viewer: &Viewer, event_id: Option<&str>, now: i64) -> Result<Dashboard> {
        self.read(|c| {
            let tx = c.unchecked_transaction()?;
            let d = dashboard(&tx, viewer, event_id, now)?;
            tx.commit()?;
            Ok(d)
        })
    }
}

/// Grade letter → its row in A, B, C, D, ungraded.
pub(crate) fn grade_index(grade: Option<&str>) -> usize {
    match grade.and_then(Grade::parse) {
        Some(Grade::A) => 0,
        Some(Grade::B) => 1,
        Some(Grade::C) => 2,
        Some(Grade::D) => 3,
        None => 4,
    }
}

pub(crate) const GRADE_KEYS: [&str; 5] = ["A", "B", "C", "D", ""];

/// The leads `viewer` may see of `event_id` (all shows when None): the WHERE clause on `l`
/// binding ?1 to the event id and ?2 to the viewer.
pub(crate) fn scope(viewer: &Viewer) -> String {
    // `?2 IS NOT NULL` keeps ?2 in the statement when the viewer sees all.
    format!(
        "(?1 IS NULL OR l.event_id = ?1) AND l.merged_into IS NULL AND ?2 IS NOT NULL{}",
        access::condition(viewer, 2).unwrap_or_default()
    )
}

pub(crate) fn dashboard(c: &Connection, viewer: &Viewer, event_id: Option<&str>, now: i64) -> Result<Dashboard> {
    let scope = scope(viewer);
    let zone: Option<(Option<String>, String)> = match event_id {
        Some(id) => c
            .prepare_cached("SELECT time_zone, country FROM events WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?,
        None => None,
    };
    let (tz, tz_name) = match &zone {
        Some((stored, country)) => {
            (followup::time_zone(stored.as_deref(), country), followup::time_zone_name(stored.as_deref(), country))
        }
        None => (followup::time_zone(None, ""), "UTC".to_string()),
    };

    let mut by_rep: HashMap<String, i64> = HashMap::new();
    let mut quarters: BTreeMap<i64, i64> = BTreeMap::new();
    let mut grades = [0i64; 5];
    let mut statuses: HashMap<String, i64> = HashMap::new();
    let mut sources: HashMap<String, i64> = HashMap::new();
    let mut regions: HashMap<String, i64> = HashMap::new();
    let mut titles: HashMap<String, i64> = HashMap::new();
    let mut total = 0i64;
    {
        let mut st = c.prepare_cached(&format!(
            "SELECT l.captured_by, l.status, l.grade, l.created_at, l.source, l.country, l.title
             FROM leads l WHERE {scope}"
        ))?;
        let mut rows = st.query((event_id, &viewer.user_id))?;
        while let Some(r) = rows.next()? {
            let status = text(r, 1)?;
            if status == "draft" {
                *statuses.entry(status.to_string()).or_default() += 1;
                continue;
            }
            total += 1;
            bump(&mut by_rep, text(r, 0)?);
            *quarters.entry(r.get::<_, i64>(3)?.div_euclid(QUARTER_MS)).or_default() += 1;
            grades[grade_index(opt_text(r, 2)?)] += 1;
            bump(&mut statuses, status);
            bump(&mut sources, text(r, 4)?);
            bump(&mut regions, text(r, 5)?.trim());
            bump(&mut titles, text(r, 6)?.trim());
        }
    }
    let drafts = statuses.remove("draft").unwrap_or(0);

    let names: HashMap<String, String> = {
        let mut st = c.prepare_cached("SELECT id, name FROM users")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut by_rep: Vec<Count> = by_rep
        .into_iter()
        .map(|(id, count)| Count { label: names.get(&id).cloned().unwrap_or_else(|| id.clone()), key: id, count })
        .collect();
    sort_counts(&mut by_rep);

    let mut by_hour: BTreeMap<String, i64> = BTreeMap::new();
    for (q, n) in quarters {
        *by_hour.entry(hour_label(q * QUARTER_MS, &tz)).or_default() += n;
    }

    let funnel = funnel(&statuses);
    let by_grade = GRADE_KEYS
        .iter()
        .zip(grades)
        .map(|(k, n)| Count { key: k.to_string(), label: k.to_string(), count: n })
        .collect();

    Ok(Dashboard {
        event_id: event_id.map(str::to_string),
        time_zone: tz_name,
        own_leads_only: access::condition(viewer, 2).is_some(),
        total_leads: total,
        drafts,
        by_rep,
        by_hour: by_hour.into_iter().map(|(hour, count)| HourCount { hour, count }).collect(),
        by_grade,
        by_status: counts(statuses, usize::MAX),
        by_source: counts(sources, usize::MAX),
        by_region: counts(regions, TOP),
        by_title: counts(titles, TOP),
        interests: interests(c, &scope, event_id, viewer)?,
        follow_up: follow_up(c, &scope, event_id, viewer, now)?,
        funnel,
        sync: sync_backlog(c)?,
        generated_at: now,
    })
}

fn bump(m: &mut HashMap<String, i64>, key: &str) {
    match m.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            m.insert(key.to_string(), 1);
        }
    }
}

fn sort_counts(v: &mut [Count]) {
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
}

/// Largest first; past `top` rows the rest are one "…" row (key "*").
fn counts(m: HashMap<String, i64>, top: usize) -> Vec<Count> {
    let mut v: Vec<Count> = m.into_iter().map(|(k, n)| Count { label: k.clone(), key: k, count: n }).collect();
    sort_counts(&mut v);
    if v.len() > top {
        let rest: i64 = v[top..].iter().map(|c| c.count).sum();
        v.truncate(top);
        v.push(Count { key: "*".into(), label: "*".into(), count: rest });
    }
    v
}

/// Rate of `part` in `whole` in basis points, rounded down; None when `whole` is zero.
pub(crate) fn rate_bp(part: i64, whole: i64) -> Option<i64> {
    (whole > 0).then(|| part.saturating_mul(10_000) / whole)
}

/// A lead reached a stage when its status is that stage or a later one: a won deal was
/// quoted and an opportunity first. Lost leads have no stage of their own and count as leads.
fn funnel(statuses: &HashMap<String, i64>) -> Funnel {
    let n = |s: LeadStatus| statuses.get(s.as_str()).copied().unwrap_or(0);
    let leads: i64 = statuses.values().sum();
    let won = n(LeadStatus::Won);
    let quoted = n(LeadStatus::Quoted) + won;
    let opportunities = n(LeadStatus::Opportunity) + quoted;
    Funnel {
        leads,
        opportunities,
        quoted,
        won,
        lost: n(LeadStatus::Lost),
        opportunity_rate_bp: rate_bp(opportunities, leads),
        quote_rate_bp: rate_bp(quoted, opportunities),
        win_rate_bp: rate_bp(won, quoted),
    }
}

fn interests(c: &Connection, scope: &str, event_id: Option<&str>, viewer: &Viewer) -> Result<Vec<InterestHeat>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT i.tag, l.grade, COUNT(*) FROM leads l JOIN lead_interests i ON i.lead_id = l.id
         WHERE {scope} AND l.status <> 'draft' GROUP BY i.tag, l.grade"
    ))?;
    let mut heat: BTreeMap<String, [i64; 5]> = BTreeMap::new();
    let mut rows = st.query((event_id, &viewer.user_id))?;
    while let Some(r) = rows.next()? {
        let row = heat.entry(r.get(0)?).or_default();
        row[grade_index(opt_text(r, 1)?)] += r.get::<_, i64>(2)?;
    }
    let mut v: Vec<InterestHeat> =
        heat.into_iter().map(|(interest, by_grade)| InterestHeat { interest, by_grade }).collect();
    v.sort_by_key(|h| std::cmp::Reverse(h.by_grade.iter().sum::<i64>()));
    Ok(v)
}

fn follow_up(c: &Connection, scope: &str, event_id: Option<&str>, viewer: &Viewer, now: i64) -> Result<FollowUpStatus> {
    let mut out = FollowUpStatus::default();
    // Leads first (CROSS JOIN keeps that order): one seek per lead into the covering
    // tasks_by_lead_status index instead of one lead lookup per task.
    let (overdue, due, done): (Option<i64>, Option<i64>, Option<i64>) = c
        .prepare_cached(&format!(
            "SELECT SUM(t.status = 'open' AND COALESCE(t.snoozed_until, t.due_at) < ?3),
                    SUM(t.status = 'open' AND COALESCE(t.snoozed_until, t.due_at) >= ?3),
                    SUM(t.status = 'done')
             FROM leads l CROSS JOIN tasks t ON t.lead_id = l.id WHERE {scope}"
        ))?
        .query_row((event_id, &viewer.user_id, now), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    (out.overdue, out.due, out.done) = (overdue.unwrap_or(0), due.unwrap_or(0), done.unwrap_or(0));
    let mut st = c.prepare_cached(&format!(
        "SELECT (SELECT MIN(i.at) FROM interactions i
                 WHERE i.lead_id = l.id AND i.kind IN ('call', 'email', 'task_done')) - l.created_at AS wait
         FROM leads l WHERE {scope} AND wait IS NOT NULL"
    ))?;
    let mut waits: Vec<i64> =
        st.query_map((event_id, &viewer.user_id), |r| r.get::<_, i64>(0))?.collect::<rusqlite::Result<_>>()?;
    waits.sort_unstable();
    out.touched = waits.len() as i64;
    out.first_touch_median_ms = percentile(&waits, 50);
    out.first_touch_p90_ms = percentile(&waits, 90);
    Ok(out)
}

/// Nearest-rank percentile of sorted values.
pub(crate) fn percentile(sorted: &[i64], p: usize) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).map(|v| (*v).max(0))
}

fn sync_backlog(c: &Connection) -> Result<SyncBacklog> {
    let mut out = SyncBacklog::default();
    let mut st = c.prepare_cached("SELECT state, COUNT(*) FROM outbox GROUP BY state")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let n: i64 = r.get(1)?;
        match text(r, 0)? {
            "pending" => out.pending = n,
            "inflight" => out.inflight = n,
            "parked" => out.parked = n,
            "acked" => out.acked = n,
            _ => {}
        }
    }
    Ok(out)
}

/// A text column borrowed from the row (no allocation per lead).
pub(crate) fn text<'a>(r: &'a rusqlite::Row, i: usize) -> rusqlite::Result<&'a str> {
    r.get_ref(i)?
        .as_str()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e)))
}

pub(crate) fn opt_text<'a>(r: &'a rusqlite::Row, i: usize) -> rusqlite::Result<Option<&'a str>> {
    r.get_ref(i)?
        .as_str_or_null()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e)))
}
