//! What the manager's dashboard, the ROI panel and the post-show report show. Plain figures,
//! computed by the store in one read snapshot; the UI only draws them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::roi::{CostCategory, Money};

/// A labelled count (a rep, a grade, a country, a title…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Count {
    /// A stable key (user id, grade letter, ISO country; "" for "not given").
    pub key: String,
    /// What to show (the rep's name; the key otherwise).
    pub label: String,
    #[ts(type = "number")]
    pub count: i64,
}

/// Leads captured in one hour of the show, in the show's time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HourCount {
    /// Local start of the hour, "2026-03-18T09:00".
    pub hour: String,
    #[ts(type = "number")]
    pub count: i64,
}

/// Follow-up tasks of the leads in view: open and not yet due, open and past due, done.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FollowUpStatus {
    #[ts(type = "number")]
    pub due: i64,
    #[ts(type = "number")]
    pub overdue: i64,
    #[ts(type = "number")]
    pub done: i64,
    /// Leads with a first call, email or done task, and the time to it from capture.
    #[ts(type = "number")]
    pub touched: i64,
    #[ts(type = "number | null")]
    pub first_touch_median_ms: Option<i64>,
    #[ts(type = "number | null")]
    pub first_touch_p90_ms: Option<i64>,
}

/// Lead → opportunity → quote → won. A stage counts every lead that reached it or a later
/// one (a won lead was an opportunity); rates are in basis points of the previous stage.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Funnel {
    #[ts(type = "number")]
    pub leads: i64,
    #[ts(type = "number")]
    pub opportunities: i64,
    #[ts(type = "number")]
    pub quoted: i64,
    #[ts(type = "number")]
    pub won: i64,
    #[ts(type = "number")]
    pub lost: i64,
    #[ts(type = "number | null")]
    pub opportunity_rate_bp: Option<i64>,
    #[ts(type = "number | null")]
    pub quote_rate_bp: Option<i64>,
    #[ts(type = "number | null")]
    pub win_rate_bp: Option<i64>,
}

/// Leads with one interest tag, by grade (A, B, C, D, ungraded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct InterestHeat {
    pub interest: String,
    #[ts(type = "[number, number, number, number, number]")]
    pub by_grade: [i64; 5],
}

/// This device's outbox by state. Per-device figures need the collector's view.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncBacklog {
    #[ts(type = "number")]
    pub pending: i64,
    #[ts(type = "number")]
    pub inflight: i64,
    #[ts(type = "number")]
    pub parked: i64,
    #[ts(type = "number")]
    pub acked: i64,
}

/// Everything on the dashboard for one show (or all shows), as one viewer may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Dashboard {
    pub event_id: Option<String>,
    /// The IANA zone the hours are counted in.
    pub time_zone: String,
    /// Whether these are only the viewer's own leads (a rep).
    pub own_leads_only: bool,
    #[ts(type = "number")]
    pub total_leads: i64,
    #[ts(type = "number")]
    pub drafts: i64,
    pub by_rep: Vec<Count>,
    pub by_hour: Vec<HourCount>,
    /// A, B, C, D and "" (ungraded), always in that order.
    pub by_grade: Vec<Count>,
    pub by_status: Vec<Count>,
    pub by_source: Vec<Count>,
    pub by_region: Vec<Count>,
    pub by_title: Vec<Count>,
    /// Industry is not a lead field: the show's interest tags are the closest honest proxy,
    /// so the UI shows `interests` and labels it as such.
    pub interests: Vec<InterestHeat>,
    pub follow_up: FollowUpStatus,
    pub funnel: Funnel,
    pub sync: SyncBacklog,
    #[ts(type = "number")]
    pub generated_at: i64,
}

/// One cost line of a show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EventCost {
    pub category: CostCategory,
    #[ts(type = "number")]
    pub amount_minor: i64,
    pub currency: String,
    pub note: String,
}

/// One order row from the imported file, as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OrderRow {
    pub order_ref: String,
    pub ordered_on: String,
    #[ts(type = "number")]
    pub value_minor: i64,
    #[ts(type = "number")]
    pub gross_profit_minor: i64,
    pub currency: String,
    pub promo_code: String,
    pub lead_id: String,
}

/// What an order import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OrderImport {
    #[ts(type = "number")]
    pub rows: i64,
    #[ts(type = "number")]
    pub matched_by_promo: i64,
    #[ts(type = "number")]
    pub matched_by_lead: i64,
    /// Rows of another show or of nothing known.
    #[ts(type = "number")]
    pub unmatched: i64,
    /// "row 7: value is not a number" — one line per row left out.
    pub problems: Vec<String>,
}

/// ROI of one channel (lead source) or of the whole show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RoiLine {
    /// "" for the whole show, else the source ("rep_scan", "kiosk", "manual", "import").
    pub channel: String,
    #[ts(type = "number")]
    pub leads: i64,
    #[ts(type = "number")]
    pub opportunities: i64,
    #[ts(type = "number")]
    pub orders: i64,
    pub won_value: Option<Money>,
    pub gross_profit: Option<Money>,
}

/// A show's ROI panel. Cost is not split across channels (a booth has one cost), so per
/// channel shows leads, orders and profit, and only the show line has cost ratios.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ShowRoi {
    pub event_id: String,
    pub costs: Vec<EventCost>,
    pub total_cost: Option<Money>,
    pub cost_per_lead: Option<Money>,
    pub cost_per_opportunity: Option<Money>,
    pub show: RoiLine,
    pub channels: Vec<RoiLine>,
    /// (gross profit − cost) / cost in basis points; None without costs or profit.
    #[ts(type = "number | null")]
    pub roi_bp: Option<i64>,
    /// Why the ROI could not be worked out (mixed currencies, too large), if so.
    pub problem: Option<String>,
    /// Rows: grades A, B, C, D, ungraded; columns: won, lost, open.
    #[ts(type = "Array<[number, number, number]>")]
    pub calibration: Vec<[i64; 3]>,
}

/// The post-show evaluation form (seed 004): goals against results and notes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ShowEvaluation {
    pub goals: String,
    pub results: String,
    /// Target number of leads, if one was set.
    #[ts(type = "number | null")]
    pub lead_goal: Option<i64>,
    pub booth_notes: String,
    pub promotion_notes: String,
    pub competitor_notes: String,
    pub next_time: String,
}

/// The local start of the hour containing `ms` in `tz`, as "2026-03-18T09:00".
pub fn hour_label(ms: i64, tz: &jiff::tz::TimeZone) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.to_zoned(tz.clone()).strftime("%Y-%m-%dT%H:00").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_are_counted_in_the_show_zone_including_half_hour_offsets() {
        // 2026-03-18 05:40 UTC is 09:10 in Tehran (+03:30) and 13:40 in Shanghai.
        let ms = 1_773_812_400_000;
        let tehran = jiff::tz::TimeZone::get("Asia/Tehran").unwrap();
        let shanghai = jiff::tz::TimeZone::get("Asia/Shanghai").unwrap();
        assert_eq!(hour_label(ms, &tehran), "2026-03-18T09:00");
        assert_eq!(hour_label(ms, &shanghai), "2026-03-18T13:00");
        assert_eq!(hour_label(ms, &jiff::tz::TimeZone::UTC), "2026-03-18T05:00");
    }
}
