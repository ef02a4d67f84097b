//! Show ROI (issue 8 item 7): costs per show, orders imported from the ERP and matched to the
//! show, and the figures (cost per lead and per opportunity, won value, gross profit, ROI per
//! show and per channel, grade calibration). Money stays in integer minor units; the
//! arithmetic is `leadtrack_domain::roi`. Managers and marketing only: it is the company's money.

use std::collections::{BTreeMap, HashSet};

use leadtrack_domain::dashboard::{EventCost, OrderImport, OrderRow, RoiLine, ShowEvaluation, ShowRoi};
use leadtrack_domain::roi::{self, CostCategory, Money};
use leadtrack_domain::{FieldError, Role, ValidationErrors, Viewer};
use rusqlite::{params, Connection, OptionalExtension};

use crate::dashboard::{grade_index, opt_text, text};
use crate::{now_ms, Error, Result, Store};

pub(crate) fn require_money_viewer(viewer: &Viewer) -> Result<()> {
    match viewer.role {
        Role::Manager | Role::Marketing => Ok(()),
        _ => Err(Error::Forbidden("Only a manager or marketing can see and change show costs.".into())),
    }
}

fn invalid(field: &str, code: &str, message: &str) -> Error {
    Error::Invalid(ValidationErrors { fields: vec![FieldError::new(field, code, message)] })
}

fn is_currency(c: &str) -> bool {
    c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())
}

impl Store {
    /// A show's cost lines (managers and marketing).
    pub fn event_costs(&self, viewer: &Viewer, event_id: &str) -> Result<Vec<EventCost>> {
        require_money_viewer(viewer)?;
        self.read(|c| costs(c, event_id))
    }

    /// Replaces a show's cost lines. One currency per show, amounts ≥ 0, each category once.
    pub fn set_event_costs(&self, viewer: &Viewer, event_id: &str, lines: &[EventCost]) -> Result<Vec<EventCost>> {
        require_money_viewer(viewer)?;
        let mut seen = HashSet::new();
        let mut currency: Option<String> = None;
        for l in lines {
            let cur = l.currency.trim().to_ascii_uppercase();
            if !is_currency(&cur) {
                return Err(invalid("currency", "currency", "Use a three-letter currency code such as EUR or CNY."));
            }
            if l.amount_minor < 0 {
                return Err(invalid(l.category.as_str(), "negative", "A cost cannot be negative."));
            }
            if !seen.insert(l.category) {
                return Err(invalid(l.category.as_str(), "duplicate", "Each cost category once."));
            }
            match &currency {
                Some(c) if *c != cur => {
                    return Err(invalid("currency", "currency_mismatch", "Enter all costs of a show in one currency."))
                }
                _ => currency = Some(cur),
            }
        }
        self.write(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            crate::events::get(&tx, event_id)?;
            tx.execute("DELETE FROM event_costs WHERE event_id = ?1", [event_id])?;
            let now = now_ms();
            for l in lines {
                tx.execute(
                    "INSERT INTO event_costs (event_id, category, amount_minor, currency, note, updated_at, updated_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        event_id,
                        l.category.as_str(),
                        l.amount_minor,
                        l.currency.trim().to_ascii_uppercase(),
                        l.note.trim(),
                        now,
                        viewer.user_id
                    ],
                )?;
            }
            let out = costs(&tx, event_id)?;
            tx.commit()?;
            Ok(out)
        })
    }

    /// Imports orders for a show: a row whose lead id is a lead of the show is matched by
    /// lead, else one whose promo code is one of the show's (the show's or a rep's) by promo
    /// code; others are counted as unmatched. The same order id again replaces the row.
    pub fn import_orders(&self, viewer: &Viewer, event_id: &str, rows: &[OrderRow]) -> Result<OrderImport> {
        require_money_viewer(viewer)?;
        self.write(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            crate::events::get(&tx, event_id)?;
            let codes: HashSet<String> = {
                let mut st = tx.prepare_cached("SELECT code FROM promo_codes WHERE event_id = ?1")?;
                let rows = st.query_map([event_id], |r| r.get::<_, String>(0))?;
                rows.map(|r| r.map(|c| c.trim().to_uppercase())).collect::<rusqlite::Result<_>>()?
            };
            let mut report = OrderImport {
                rows: rows.len() as i64,
                matched_by_promo: 0,
                matched_by_lead: 0,
                unmatched: 0,
                problems: vec![],
            };
            let now = now_ms();
            for o in rows {
                let lead_of_show = !o.lead_id.is_empty()
                    && tx
                        .prepare_cached("SELECT 1 FROM leads WHERE id = ?1 AND event_id = ?2")?
                        .query_row([&o.lead_id, event_id], |_| Ok(()))
                        .optional()?
                        .is_some();
                let matched_by = if lead_of_show {
                    report.matched_by_lead += 1;
                    "lead"
                } else if !o.promo_code.is_empty() && codes.contains(&o.promo_code.trim().to_uppercase()) {
                    report.matched_by_promo += 1;
                    "promo"
                } else {
                    report.unmatched += 1;
                    continue;
                };
                tx.execute(
                    "INSERT OR REPLACE INTO show_orders (event_id, order_ref, ordered_on, value_minor, gross_profit_minor,
                        currency, promo_code, lead_id, matched_by, imported_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    params![
                        event_id,
                        o.order_ref,
                        o.ordered_on,
                        o.value_minor,
                        o.gross_profit_minor,
                        o.currency,
                        o.promo_code,
                        lead_of_show.then_some(&o.lead_id),
                        matched_by,
                        now
                    ],
                )?;
            }
            tx.commit()?;
            Ok(report)
        })
    }

    /// The ROI panel of a show (managers and marketing), in one read snapshot.
    pub fn show_roi(&self, viewer: &Viewer, event_id: &str) -> Result<ShowRoi> {
        require_money_viewer(viewer)?;
        self.read(|c| {
            let tx = c.unchecked_transaction()?;
            crate::events::get(&tx, event_id)?;
            let r = show_roi(&tx, event_id)?;
            tx.commit()?;
            Ok(r)
        })
    }

    /// A show's post-show evaluation (empty until someone fills it in).
    pub fn show_evaluation(&self, viewer: &Viewer, event_id: &str) -> Result<ShowEvaluation> {
        require_money_viewer(viewer)?;
        self.read(|c| evaluation(c, event_id))
    }

    pub fn set_show_evaluation(&self, viewer: &Viewer, event_id: &str, e: &ShowEvaluation) -> Result<ShowEvaluation> {
        require_money_viewer(viewer)?;
        if e.lead_goal.is_some_and(|g| g < 0) {
            return Err(invalid("lead_goal", "negative", "The lead goal cannot be negative."));
        }
        self.write(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            crate::events::get(&tx, event_id)?;
            tx.execute(
                "INSERT INTO show_evaluations (event_id, json, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (event_id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at,
                     updated_by = excluded.updated_by",
                params![event_id, serde_json::to_string(e)?, now_ms(), viewer.user_id],
            )?;
            let out = evaluation(&tx, event_id)?;
            tx.commit()?;
            Ok(out)
        })
    }
}

pub(crate) fn evaluation(c: &Connection, event_id: &str) -> Result<ShowEvaluation> {
    let json: Option<String> = c
        .prepare_cached("SELECT json FROM show_evaluations WHERE event_id = ?1")?
        .query_row([event_id], |r| r.get(0))
        .optional()?;
    Ok(match json {
        Some(j) => serde_json::from_str(&j)?,
        None => ShowEvaluation::default(),
    })
}

fn costs(c: &Connection, event_id: &str) -> Result<Vec<EventCost>> {
    let mut st = c.prepare_cached(
        "SELECT category, amount_minor, currency, note FROM event_costs WHERE event_id = ?1 ORDER BY category",
    )?;
    let rows = st.query_map([event_id], |r| {
        let cat: String = r.get(0)?;
        Ok((cat, r.get(1)?, r.get(2)?, r.get(3)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (cat, amount_minor, currency, note) = row?;
        if let Some(category) = CostCategory::parse(&cat) {
            out.push(EventCost { category, amount_minor, currency, note });
        }
    }
    out.sort_by_key(|c| c.category);
    Ok(out)
}

#[derive(Default)]
struct Acc {
    leads: i64,
    opportunities: i64,
    orders: i64,
    value: Vec<Money>,
    profit: Vec<Money>,
}

pub(crate) fn show_roi(c: &Connection, event_id: &str) -> Result<ShowRoi> {
    let costs = costs(c, event_id)?;
    let mut problem: Option<String> = None;

    let mut by_channel: BTreeMap<String, Acc> = BTreeMap::new();
    let mut calibration = vec![[0i64; 3]; 5];
    {
        let mut st = c.prepare_cached(
            "SELECT l.source, l.grade, l.status, COUNT(*) FROM leads l
             WHERE l.event_id = ?1 AND l.merged_into IS NULL AND l.status <> 'draft' GROUP BY 1, 2, 3",
        )?;
        let mut rows = st.query([event_id])?;
        while let Some(r) = rows.next()? {
            let n: i64 = r.get(3)?;
            let status = text(r, 2)?;
            let acc = by_channel.entry(r.get(0)?).or_default();
            acc.leads += n;
            if matches!(status, "opportunity" | "quoted" | "won") {
                acc.opportunities += n;
            }
            let col = match status {
                "won" => 0,
                "lost" => 1,
                _ => 2,
            };
            calibration[grade_index(opt_text(r, 1)?)][col] += n;
        }
    }
    {
        let mut st = c.prepare_cached(
            "SELECT COALESCE(l.source, 'promo'), o.value_minor, o.gross_profit_minor, o.currency
             FROM show_orders o LEFT JOIN leads l ON l.id = o.lead_id WHERE o.event_id = ?1",
        )?;
        let mut rows = st.query([event_id])?;
        while let Some(r) = rows.next()? {
            let currency: String = r.get(3)?;
            let acc = by_channel.entry(r.get(0)?).or_default();
            acc.orders += 1;
            acc.value.push(Money::new(r.get(1)?, &currency));
            acc.profit.push(Money::new(r.get(2)?, &currency));
        }
    }

    let line = |channel: &str, acc: &Acc, problem: &mut Option<String>| RoiLine {
        channel: channel.to_string(),
        leads: acc.leads,
        opportunities: acc.opportunities,
        orders: acc.orders,
        won_value: noted(roi::sum(&acc.value), problem).flatten(),
        gross_profit: noted(roi::sum(&acc.profit), problem).flatten(),
    };
    let mut total = Acc::default();
    let mut channels = Vec::new();
    for (ch, acc) in &by_channel {
        channels.push(line(ch, acc, &mut problem));
        total.leads += acc.leads;
        total.opportunities += acc.opportunities;
        total.orders += acc.orders;
        total.value.extend(acc.value.iter().cloned());
        total.profit.extend(acc.profit.iter().cloned());
    }
    let show = line("", &total, &mut problem);

    let cost_money: Vec<Money> = costs.iter().map(|l| Money::new(l.amount_minor, &l.currency)).collect();
    let total_cost = noted(roi::sum(&cost_money), &mut problem).flatten();
    let roi_bp = match (&show.gross_profit, &total_cost) {
        (Some(gp), Some(cost)) => noted(roi::roi_basis_points(gp, cost), &mut problem).flatten(),
        // Costs but no orders yet: every minor unit spent is lost so far.
        (None, Some(cost)) => roi::roi_basis_points(&Money::new(0, &cost.currency), cost).ok().flatten(),
        _ => None,
    };
    Ok(ShowRoi {
        event_id: event_id.to_string(),
        cost_per_lead: total_cost.as_ref().and_then(|c| roi::per_unit(c, total.leads as u64)),
        cost_per_opportunity: total_cost.as_ref().and_then(|c| roi::per_unit(c, total.opportunities as u64)),
        costs,
        total_cost,
        show,
        channels,
        roi_bp,
        problem,
        calibration: calibration.into_iter().collect(),
    })
}

/// The value, or None with the first problem kept for the panel to show.
fn noted<T>(r: std::result::Result<T, roi::RoiError>, problem: &mut Option<String>) -> Option<T> {
    r.map_err(|e| {
        problem.get_or_insert(e.to_string());
    })
    .ok()
}

/// Everything the post-show report needs, read in one snapshot.
#[derive(Debug, Clone)]
pub struct ShowReportData {
    pub event: leadtrack_domain::Event,
    pub dashboard: leadtrack_domain::dashboard::Dashboard,
    pub roi: ShowRoi,
    pub evaluation: ShowEvaluation,
}

impl Store {
    /// The post-show report's figures for a show (managers and marketing).
    pub fn show_report_data(&self, viewer: &Viewer, event_id: &str, now: i64) -> Result<ShowReportData> {
        require_money_viewer(viewer)?;
        self.read(|c| {
            let tx = c.unchecked_transaction()?;
            let event = crate::events::get(&tx, event_id)?;
            let data = ShowReportData {
                dashboard: crate::dashboard::dashboard(&tx, viewer, Some(event_id), now)?,
                roi: show_roi(&tx, event_id)?,
                evaluation: evaluation(&tx, event_id)?,
                event,
            };
            tx.commit()?;
            Ok(data)
        })
    }
}
