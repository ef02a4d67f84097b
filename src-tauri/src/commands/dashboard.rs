//! The manager's dashboard, show ROI and the post-show report (issue 8, items 6–8). Figures
//! come from the store for the signed-in viewer; money and the evaluation are for managers
//! and marketing (the store refuses others). Files go through the native save dialog.

use std::collections::BTreeMap;

use leadtrack_domain::dashboard::{Dashboard, EventCost, OrderImport, ShowEvaluation, ShowRoi};
use leadtrack_domain::roi::Money;
use leadtrack_pdf::{Paper, ReportFigure, ReportLabels, ReportSection, ReportTable, ShowReport};
use leadtrack_store::{now_ms, ShowReportData};
use serde::{Deserialize, Serialize};
use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use super::{blocking, session};
use crate::error::{IpcError, IpcErrorKind, Result};
use crate::state::AppState;

#[tauri::command]
pub async fn dashboard_get(state: State<'_, AppState>, event_id: Option<String>) -> Result<Dashboard> {
    blocking(&state, move |s| Ok(s.dashboard_as(&session::viewer(s)?, event_id.as_deref(), now_ms())?)).await
}

#[tauri::command]
pub async fn dashboard_roi(state: State<'_, AppState>, event_id: String) -> Result<ShowRoi> {
    blocking(&state, move |s| Ok(s.show_roi(&session::viewer(s)?, &event_id)?)).await
}

/// Replaces a show's costs and returns the ROI worked out with them.
#[tauri::command]
pub async fn dashboard_costs_set(
    state: State<'_, AppState>,
    event_id: String,
    costs: Vec<EventCost>,
) -> Result<ShowRoi> {
    blocking(&state, move |s| {
        let viewer = session::viewer(s)?;
        s.set_event_costs(&viewer, &event_id, &costs)?;
        Ok(s.show_roi(&viewer, &event_id)?)
    })
    .await
}

/// Imports an order file (raw body; headers `x-event-id`, `x-file-ext`, `x-currency` for rows
/// without one) and matches its orders to the show.
#[tauri::command]
pub async fn dashboard_orders_import(state: State<'_, AppState>, request: Request<'_>) -> Result<OrderImport> {
    let InvokeBody::Raw(data) = request.body() else {
        return Err(IpcError::new(IpcErrorKind::Validation, "A file is sent as raw bytes."));
    };
    let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let (data, event_id, ext, currency) =
        (data.clone(), header("x-event-id"), header("x-file-ext"), header("x-currency"));
    blocking(&state, move |s| {
        let viewer = session::viewer(s)?;
        let sheet = leadtrack_sheet::read(&data, &format!("orders.{ext}"))
            .map_err(|e| IpcError::new(IpcErrorKind::Validation, e.to_string()))?;
        let rows: Vec<(usize, Vec<String>)> = sheet.rows.into_iter().map(|r| (r.number, r.cells)).collect();
        let (orders, problems) = leadtrack_domain::roi::orders_from_rows(&sheet.headers, &rows, &currency);
        let mut report = s.import_orders(&viewer, &event_id, &orders)?;
        report.rows = rows.len() as i64;
        report.problems = problems;
        Ok(report)
    })
    .await
}

#[tauri::command]
pub async fn dashboard_evaluation_get(state: State<'_, AppState>, event_id: String) -> Result<ShowEvaluation> {
    blocking(&state, move |s| Ok(s.show_evaluation(&session::viewer(s)?, &event_id)?)).await
}

#[tauri::command]
pub async fn dashboard_evaluation_set(
    state: State<'_, AppState>,
    event_id: String,
    evaluation: ShowEvaluation,
) -> Result<ShowEvaluation> {
    blocking(&state, move |s| Ok(s.set_show_evaluation(&session::viewer(s)?, &event_id, &evaluation)?)).await
}

/// The report's words in the person's language (the UI translates them).
#[derive(Debug, Clone, Deserialize, TS)]
pub struct ReportText {
    pub rtl: bool,
    pub title: String,
    pub page: String,
    pub booth: String,
    pub generated: String,
    pub leads: String,
    pub won_value: String,
    pub gross_profit: String,
    pub total_cost: String,
    pub roi: String,
    pub cost_per_lead: String,
    pub cost_per_opportunity: String,
    pub lead_goal: String,
    pub grades: String,
    pub grade: String,
    pub ungraded: String,
    pub won: String,
    pub lost: String,
    pub open: String,
    pub by_rep: String,
    pub rep: String,
    pub funnel: String,
    pub stage: String,
    pub rate: String,
    pub opportunities: String,
    pub quoted: String,
    pub follow_up: String,
    pub due: String,
    pub overdue: String,
    pub done: String,
    pub first_touch_median: String,
    pub first_touch_p90: String,
    pub hours: String,
    pub channels: String,
    pub channel: String,
    pub orders: String,
    pub costs: String,
    pub category: String,
    pub amount: String,
    pub goals: String,
    pub results: String,
    pub booth_notes: String,
    pub promotion_notes: String,
    pub competitor_notes: String,
    pub next_time: String,
    /// Lead source → its name ("rep_scan" → "Badge scan"); "promo" for orders matched by code.
    pub channel_names: BTreeMap<String, String>,
    /// Cost category → its name.
    pub category_names: BTreeMap<String, String>,
}

/// `pdf` or `md`.
#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    Pdf,
    Md,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ReportFile {
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// Generates the post-show report of a show and saves it where the person picks; `null`
/// when they cancel.
#[tauri::command]
pub async fn dashboard_report_save<R: Runtime>(
    app: AppHandle<R>,
    window: tauri::WebviewWindow<R>,
    state: State<'_, AppState>,
    event_id: String,
    format: ReportFormat,
    text: ReportText,
) -> Result<Option<ReportFile>> {
    let data = blocking(&state, move |s| Ok(s.show_report_data(&session::viewer(s)?, &event_id, now_ms())?)).await?;
    let report = show_report(&data, &text);
    let stem: String = data.event.tag.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    let (description, ext) = match format {
        ReportFormat::Pdf => ("PDF", "pdf"),
        ReportFormat::Md => ("Markdown", "md"),
    };
    let name = format!("post-show-report-{stem}.{ext}");
    let Some(path) = crate::save_dialog::choose_file(&app, &window, description, ext, &name).await? else {
        return Ok(None);
    };
    let bytes = match format {
        ReportFormat::Pdf => tauri::async_runtime::spawn_blocking(move || leadtrack_pdf::render_show_report(&report))
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "report task failed");
                IpcError::new(IpcErrorKind::Internal, "A background task failed; see the log.")
            })?
            .map_err(|e| {
                tracing::error!(error = %e, "report not rendered");
                IpcError::new(IpcErrorKind::Internal, "The report could not be drawn; see the log.")
            })?,
        ReportFormat::Md => leadtrack_pdf::render_show_report_markdown(&report).into_bytes(),
    };
    write(&path, &bytes)?;
    Ok(Some(ReportFile { path: path.display().to_string(), bytes: bytes.len() as u64 }))
}

/// Saves one dashboard table as CSV (UTF-8 with BOM so Excel reads it; cells guarded against
/// formula injection) where the person picks.
#[tauri::command]
pub async fn dashboard_table_save<R: Runtime>(
    app: AppHandle<R>,
    window: tauri::WebviewWindow<R>,
    file_name: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
) -> Result<Option<ReportFile>> {
    let stem: String = file_name.chars().filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_').take(60).collect();
    let name = format!("{}.csv", if stem.is_empty() { "table" } else { &stem });
    let Some(path) = crate::save_dialog::choose_file(&app, &window, "CSV", "csv", &name).await? else {
        return Ok(None);
    };
    let bytes = table_csv(&headers, &rows);
    write(&path, &bytes)?;
    Ok(Some(ReportFile { path: path.display().to_string(), bytes: bytes.len() as u64 }))
}

fn write(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    leadtrack_store::write_file_durably(path, bytes).map_err(|e| {
        tracing::warn!(error = %e, path = %path.display(), "file not written");
        IpcError::new(IpcErrorKind::Storage, format!("Could not write {}: {e}", path.display()))
    })
}

fn table_csv(headers: &[String], rows: &[Vec<String>]) -> Vec<u8> {
    let quote = |c: &str| format!("\"{}\"", leadtrack_export::excel_guard(c).replace('"', "\"\""));
    let mut out = String::from("\u{feff}");
    for r in std::iter::once(headers).chain(rows.iter().map(Vec::as_slice)) {
        out.push_str(&r.iter().map(|c| quote(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// 1240 → "1,240".
fn int(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// Minor units as "EUR 1,234.56"; "–" when there is nothing.
fn money(m: Option<&Money>) -> String {
    match m {
        Some(m) => {
            let sign = if m.minor < 0 { "-" } else { "" };
            let abs = m.minor.unsigned_abs();
            format!("{} {sign}{}.{:02}", m.currency, int((abs / 100) as i64), abs % 100)
        }
        None => "–".into(),
    }
}

/// Basis points as "+50.0%".
fn percent(bp: Option<i64>) -> String {
    match bp {
        Some(bp) => format!("{}{}.{}%", if bp < 0 { "-" } else { "+" }, bp.abs() / 100, (bp.abs() % 100) / 10),
        None => "–".into(),
    }
}

fn rate(bp: Option<i64>) -> String {
    percent(bp).trim_start_matches('+').to_string()
}

fn hours(ms: Option<i64>, unit: &str) -> String {
    ms.map(|ms| format!("{:.1} {unit}", ms as f64 / 3_600_000.0)).unwrap_or_else(|| "–".into())
}

/// The report as display-ready text.
fn show_report(d: &ShowReportData, t: &ReportText) -> ShowReport {
    let dash = &d.dashboard;
    let roi = &d.roi;
    let f = |label: &str, value: String| ReportFigure { label: label.to_string(), value };
    let mut figures = vec![f(&t.leads, int(dash.total_leads))];
    if let Some(goal) = d.evaluation.lead_goal {
        figures.push(f(&t.lead_goal, int(goal)));
    }
    figures.extend([
        f(&t.roi, percent(roi.roi_bp)),
        f(&t.total_cost, money(roi.total_cost.as_ref())),
        f(&t.won_value, money(roi.show.won_value.as_ref())),
        f(&t.gross_profit, money(roi.show.gross_profit.as_ref())),
        f(&t.cost_per_lead, money(roi.cost_per_lead.as_ref())),
        f(&t.cost_per_opportunity, money(roi.cost_per_opportunity.as_ref())),
    ]);
    let grade_names = ["A", "B", "C", "D", t.ungraded.as_str()];
    let grades = ReportTable {
        title: t.grades.clone(),
        headers: vec![t.grade.clone(), t.leads.clone(), t.won.clone(), t.lost.clone(), t.open.clone()],
        rows: grade_names
            .iter()
            .zip(&roi.calibration)
            .filter(|(_, c)| c.iter().sum::<i64>() > 0)
            .map(|(g, c)| vec![g.to_string(), int(c.iter().sum()), int(c[0]), int(c[1]), int(c[2])])
            .collect(),
    };
    let reps = ReportTable {
        title: t.by_rep.clone(),
        headers: vec![t.rep.clone(), t.leads.clone()],
        rows: dash.by_rep.iter().map(|c| vec![c.label.clone(), int(c.count)]).collect(),
    };
    let fu = &dash.funnel;
    let funnel = ReportTable {
        title: t.funnel.clone(),
        headers: vec![t.stage.clone(), t.leads.clone(), t.rate.clone()],
        rows: vec![
            vec![t.leads.clone(), int(fu.leads), String::new()],
            vec![t.opportunities.clone(), int(fu.opportunities), rate(fu.opportunity_rate_bp)],
            vec![t.quoted.clone(), int(fu.quoted), rate(fu.quote_rate_bp)],
            vec![t.won.clone(), int(fu.won), rate(fu.win_rate_bp)],
        ],
    };
    let fs = &dash.follow_up;
    let follow_up = ReportTable {
        title: t.follow_up.clone(),
        headers: vec![t.follow_up.clone(), String::new()],
        rows: vec![
            vec![t.due.clone(), int(fs.due)],
            vec![t.overdue.clone(), int(fs.overdue)],
            vec![t.done.clone(), int(fs.done)],
            vec![t.first_touch_median.clone(), hours(fs.first_touch_median_ms, &t.hours)],
            vec![t.first_touch_p90.clone(), hours(fs.first_touch_p90_ms, &t.hours)],
        ],
    };
    let name_of = |m: &BTreeMap<String, String>, k: &str| m.get(k).cloned().unwrap_or_else(|| k.to_string());
    let channels = ReportTable {
        title: t.channels.clone(),
        headers: vec![
            t.channel.clone(),
            t.leads.clone(),
            t.opportunities.clone(),
            t.orders.clone(),
            t.won_value.clone(),
            t.gross_profit.clone(),
        ],
        rows: roi
            .channels
            .iter()
            .map(|c| {
                vec![
                    name_of(&t.channel_names, &c.channel),
                    int(c.leads),
                    int(c.opportunities),
                    int(c.orders),
                    money(c.won_value.as_ref()),
                    money(c.gross_profit.as_ref()),
                ]
            })
            .collect(),
    };
    let costs = ReportTable {
        title: t.costs.clone(),
        headers: vec![t.category.clone(), t.amount.clone()],
        rows: roi
            .costs
            .iter()
            .map(|c| {
                vec![
                    name_of(&t.category_names, c.category.as_str()),
                    money(Some(&Money::new(c.amount_minor, &c.currency))),
                ]
            })
            .collect(),
    };
    let e = &d.evaluation;
    let s = |heading: &str, text: &str| ReportSection { heading: heading.to_string(), text: text.to_string() };
    let ev = &d.event;
    let dates =
        if ev.starts_on == ev.ends_on { ev.starts_on.clone() } else { format!("{} – {}", ev.starts_on, ev.ends_on) };
    let mut subtitle = vec![dates];
    if !ev.booth.is_empty() {
        subtitle.push(format!("{} {}", t.booth, ev.booth));
    }
    subtitle.push(format!("{} {}", t.generated, leadtrack_export::iso_utc(dash.generated_at)));
    ShowReport {
        paper: Paper::A4,
        company_name: String::new(),
        primary_color: [0x0b, 0x5c, 0xad],
        show_name: ev.name.clone(),
        subtitle: subtitle.join(" · "),
        figures,
        tables: vec![grades, reps, funnel, follow_up, channels, costs],
        sections: vec![
            s(&t.goals, &e.goals),
            s(&t.results, &e.results),
            s(&t.booth_notes, &e.booth_notes),
            s(&t.promotion_notes, &e.promotion_notes),
            s(&t.competitor_notes, &e.competitor_notes),
            s(&t.next_time, &e.next_time),
        ],
        labels: ReportLabels { title: t.title.clone(), page: t.page.clone() },
        rtl: t.rtl,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_formatted_for_people() {
        assert_eq!(int(1_234_567), "1,234,567");
        assert_eq!(int(-1_000), "-1,000");
        assert_eq!(int(12), "12");
        assert_eq!(money(Some(&Money::new(123_456, "EUR"))), "EUR 1,234.56");
        assert_eq!(money(Some(&Money::new(-5, "CNY"))), "CNY -0.05");
        assert_eq!(money(None), "–");
        assert_eq!(percent(Some(5_000)), "+50.0%");
        assert_eq!(percent(Some(-6_667)), "-66.6%");
        assert_eq!(rate(Some(6_666)), "66.6%");
        assert_eq!(hours(Some(5_400_000), "h"), "1.5 h");
    }

    #[test]
    fn a_table_csv_guards_formulas_and_quotes_cells() {
        let csv = String::from_utf8(table_csv(
            &["Rep".into(), "Leads".into()],
            &[vec!["=HYPERLINK(1)".into(), "3".into()], vec!["a\"b".into(), "4".into()]],
        ))
        .unwrap();
        assert_eq!(csv, "\u{feff}\"Rep\",\"Leads\"\r\n\"'=HYPERLINK(1)\",\"3\"\r\n\"a\"\"b\",\"4\"\r\n");
    }
}
