//! Quotes: pricebooks (preview and import a spreadsheet, list, read, edit one product),
//! the estimator, saving a quote from a lead, and the show's promo codes. The rules — who
//! may edit, how prices are computed, what is saved with what — are in the crates.

use leadtrack_domain::pricebook::{Pricebook, Product};
use leadtrack_domain::pricebook_import::{self, RowError};
use leadtrack_domain::quote::{estimate, Estimate, EstimateRequest, PromoCode, Quote, QuoteInput};
use leadtrack_domain::FieldError;
use leadtrack_store::PricebookVersion;
use serde::{Deserialize, Serialize};
use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use super::{blocking, session};
use crate::error::{IpcError, IpcErrorKind, Result};
use crate::state::AppState;

/// A pricebook file as read, before anything is saved.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PricebookPreview {
    /// `csv`, `xlsx`, `xls` or `ods`.
    pub format: String,
    pub total_rows: u32,
    /// The pricebook the file describes, when it has no errors.
    pub pricebook: Option<Pricebook>,
    /// Every problem, by the row number the spreadsheet shows.
    pub errors: Vec<RowError>,
}

fn body_and_ext(request: &Request<'_>) -> Result<(Vec<u8>, String)> {
    let InvokeBody::Raw(data) = request.body() else {
        return Err(IpcError::new(IpcErrorKind::Validation, "A file is sent as raw bytes."));
    };
    let ext = request.headers().get("x-file-ext").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    Ok((data.clone(), ext))
}

/// Reads the spreadsheet and the pricebook in it, off the main thread.
async fn read(data: Vec<u8>, ext: String) -> Result<PricebookPreview> {
    let read = tauri::async_runtime::spawn_blocking(move || {
        let sheet = leadtrack_sheet::read(&data, &format!("pricebook.{ext}"))?;
        let (pricebook, errors) = pricebook_import::from_rows(
            &sheet.headers,
            sheet.rows.iter().map(|r| (r.number as u32, r.cells.as_slice())),
        );
        let format =
            serde_json::to_value(sheet.format).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
        Ok::<_, leadtrack_sheet::Error>(PricebookPreview {
            format,
            total_rows: sheet.rows.len() as u32,
            pricebook,
            errors,
        })
    })
    .await
    .map_err(|e| {
        tracing::error!(error = %e, "pricebook task failed");
        IpcError::new(IpcErrorKind::Internal, "A background task failed; see the log.")
    })?;
    read.map_err(|e| {
        let message = e.to_string();
        IpcError {
            kind: IpcErrorKind::Validation,
            message: message.clone(),
            fields: vec![FieldError::new("file", "unreadable_sheet", &message)],
        }
    })
}

/// Reads a pricebook spreadsheet (raw body; `x-file-ext` breaks ties) and returns the
/// pricebook or its row-level errors. Nothing is saved.
#[tauri::command]
pub async fn pricebooks_preview(request: Request<'_>) -> Result<PricebookPreview> {
    let (data, ext) = body_and_ext(&request)?;
    read(data, ext).await
}

/// Imports a pricebook spreadsheet as a new pricebook, or as the next version of
/// `x-pricebook-id`. Refused whole while the file has errors; managers and marketing only.
#[tauri::command]
pub async fn pricebooks_import(state: State<'_, AppState>, request: Request<'_>) -> Result<Pricebook> {
    let (data, ext) = body_and_ext(&request)?;
    let id = request.headers().get("x-pricebook-id").and_then(|v| v.to_str().ok()).map(str::to_string);
    let preview = read(data, ext).await?;
    let Some(pricebook) = preview.pricebook else {
        let fields: Vec<FieldError> = preview
            .errors
            .iter()
            .map(|e| FieldError::new(&format!("row {}", e.row), &e.code, &e.to_string()))
            .collect();
        let message = fields.first().map(|f| f.message.clone()).unwrap_or_default();
        return Err(IpcError { kind: IpcErrorKind::Validation, message, fields });
    };
    blocking(&state, move |s| {
        let author = session::author(s)?;
        let saved = s.save_pricebook(id.as_deref().filter(|i| !i.is_empty()), pricebook, &author)?;
        tracing::info!(pricebook = %saved.id, version = saved.version, products = saved.products.len(), "pricebook imported");
        Ok(saved)
    })
    .await
}

/// Each pricebook at its newest version.
#[tauri::command]
pub async fn pricebooks_list(state: State<'_, AppState>) -> Result<Vec<PricebookVersion>> {
    blocking(&state, |s| Ok(s.pricebooks()?)).await
}

/// Pricebook `id` at `version` (the newest when null).
#[tauri::command]
pub async fn pricebooks_get(state: State<'_, AppState>, id: String, version: Option<u32>) -> Result<Pricebook> {
    blocking(&state, move |s| Ok(s.pricebook(&id, version)?)).await
}

/// Every version of pricebook `id`, newest first.
#[tauri::command]
pub async fn pricebooks_versions(state: State<'_, AppState>, id: String) -> Result<Vec<PricebookVersion>> {
    blocking(&state, move |s| Ok(s.pricebook_versions(&id)?)).await
}

/// Saves one product (replaced by SKU, or added) as a new version of pricebook `id`.
#[tauri::command]
pub async fn pricebooks_update_product(state: State<'_, AppState>, id: String, product: Product) -> Result<Pricebook> {
    blocking(&state, move |s| {
        let author = session::author(s)?;
        Ok(s.update_pricebook_product(&id, product, &author)?)
    })
    .await
}

/// Estimates `request` from pricebook `pricebookId` at `version` (the newest when null).
#[tauri::command]
pub async fn quotes_estimate(
    state: State<'_, AppState>,
    pricebook_id: String,
    version: Option<u32>,
    request: EstimateRequest,
) -> Result<Estimate> {
    blocking(&state, move |s| {
        let pb = s.pricebook(&pricebook_id, version)?;
        Ok(estimate(&pb, &request).map_err(leadtrack_store::estimate_error)?)
    })
    .await
}

/// Saves a quote on a lead (re-estimated from its pricebook version) with its interaction.
#[tauri::command]
pub async fn quotes_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    input: QuoteInput,
) -> Result<Quote> {
    let quote = blocking(&state, move |s| Ok(s.save_quote_as(&session::viewer(s)?, input)?)).await?;
    crate::events::leads_changed(&app, &quote.lead_id);
    Ok(quote)
}

/// A lead's quotes, newest first.
#[tauri::command]
pub async fn quotes_for_lead(state: State<'_, AppState>, lead_id: String) -> Result<Vec<Quote>> {
    blocking(&state, move |s| Ok(s.lead_quotes_as(&session::viewer(s)?, &lead_id)?)).await
}

/// The show's promo codes (its own and reps').
#[tauri::command]
pub async fn promo_codes_get(state: State<'_, AppState>, event_id: String) -> Result<Vec<PromoCode>> {
    blocking(&state, move |s| Ok(s.promo_codes(&event_id)?)).await
}

/// Sets the show's code (`userId` null) or a rep's; an empty code removes it.
#[tauri::command]
pub async fn promo_codes_set(
    state: State<'_, AppState>,
    event_id: String,
    user_id: Option<String>,
    code: String,
) -> Result<Vec<PromoCode>> {
    blocking(&state, move |s| {
        let author = session::author(s)?;
        Ok(s.set_promo_code(&event_id, user_id.as_deref(), &code, &author)?)
    })
    .await
}

/// Page size of a printed handout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HandoutPaper {
    A4,
    Letter,
}

/// The handout's words in the rep's language (the UI translates them), and its layout.
/// Day ranges use `{min}`/`{max}` (`"{min}–{max} days"`) and `{n}` (`"{n} days"`).
#[derive(Debug, Clone, Deserialize, TS)]
pub struct HandoutText {
    pub paper: HandoutPaper,
    pub rtl: bool,
    #[serde(flatten)]
    #[ts(flatten)]
    pub labels: leadtrack_pdf::HandoutLabels,
    pub disclaimer: String,
    pub days_range: String,
    pub days_exact: String,
}

/// Where a handout went.
#[derive(Debug, Clone, Serialize, TS)]
pub struct HandoutFile {
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// What printing did: sent to CUPS (`job` when `lp` named it), or opened in the system
/// viewer because there is no printer (its print dialog does the rest).
#[derive(Debug, Clone, Serialize, TS)]
pub struct PrintResult {
    pub sent: bool,
    pub job: Option<String>,
    pub opened_viewer: bool,
}

fn days(text: &HandoutText, d: leadtrack_domain::quote::DaysRange) -> String {
    if d.min == d.max {
        text.days_exact.replace("{n}", &d.min.to_string())
    } else {
        text.days_range.replace("{min}", &d.min.to_string()).replace("{max}", &d.max.to_string())
    }
}

/// The display-ready handout for a saved quote: money as `USD 1,234.50–2,000.00`, the rep's
/// vCard as the QR code, dates as ISO (readable in every language).
/// `saved` is the branding managers set (logo, colours), `None` before anyone did.
fn handout(
    ctx: leadtrack_store::QuoteContext,
    saved: Option<leadtrack_store::Branding>,
    t: HandoutText,
) -> leadtrack_pdf::QuoteHandout {
    use leadtrack_pdf::{Branding, HandoutLine, Paper, QuoteHandout, RepContact};
    let q = ctx.quote;
    let shown = q.estimate.text();
    let lines = shown
        .lines
        .into_iter()
        .zip(&q.estimate.lines)
        .map(|(l, e)| HandoutLine {
            product: l.product,
            qty_text: l.qty,
            unit_range_text: l.unit_range,
            total_range_text: l.total_range,
            lead_time_text: days(&t, e.lead_days),
        })
        .collect();
    QuoteHandout {
        paper: match t.paper {
            HandoutPaper::A4 => Paper::A4,
            HandoutPaper::Letter => Paper::Letter,
        },
        branding: match saved {
            Some(b) => Branding {
                primary_color: b.primary_rgb(),
                accent_color: Some(b.accent_rgb()),
                company_name: b.company_name,
                logo_png: b.logo.map(|l| l.bytes),
            },
            None => Branding::plain(&q.pricebook_name),
        },
        visitor_name: ctx.visitor_name,
        visitor_company: ctx.visitor_company,
        show_name: ctx.show_name,
        quote_id: q.id.clone(),
        created_on: leadtrack_export::iso_date(q.created_at),
        lines,
        total_range_text: shown.total_range,
        lead_time_text: days(&t, q.estimate.lead_days),
        valid_until_text: q.valid_until.clone().unwrap_or_default(),
        notes: q.notes.clone(),
        promo_code: (!q.promo_code.is_empty()).then(|| q.promo_code.clone()),
        qr_payload: leadtrack_domain::quote::rep_vcard(&ctx.rep.name, &ctx.rep.email),
        rep: RepContact { name: ctx.rep.name, title: String::new(), email: ctx.rep.email, phone: String::new() },
        disclaimer: t.disclaimer,
        rtl: t.rtl,
        labels: t.labels,
    }
}

/// Renders quote `quote_id`'s handout, on the blocking pool.
async fn render(state: &AppState, quote_id: String, text: HandoutText) -> Result<Vec<u8>> {
    blocking(state, move |s| {
        let ctx = s.quote_context(&quote_id)?;
        leadtrack_pdf::render_quote_handout(&handout(ctx, s.branding()?, text)).map_err(|e| {
            tracing::error!(error = %e, "handout not rendered");
            IpcError::new(IpcErrorKind::Internal, "The handout could not be drawn; see the log.")
        })
    })
    .await
}

fn write(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    leadtrack_store::write_file_durably(path, bytes).map_err(|e| {
        tracing::warn!(error = %e, path = %path.display(), "handout not written");
        IpcError::new(IpcErrorKind::Storage, format!("Could not write {}: {e}", path.display()))
    })
}

/// Saves quote `quoteId`'s handout as a PDF where the person picks in the native save dialog;
/// `null` when they cancel.
#[tauri::command]
pub async fn quotes_pdf_save<R: Runtime>(
    app: AppHandle<R>,
    window: tauri::WebviewWindow<R>,
    state: State<'_, AppState>,
    quote_id: String,
    text: HandoutText,
) -> Result<Option<HandoutFile>> {
    let name = format!(
        "quote-{}.pdf",
        quote_id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect::<String>()
    );
    let Some(path) = crate::save_dialog::choose_file(&app, &window, "PDF", "pdf", &name).await? else {
        return Ok(None);
    };
    let bytes = render(&state, quote_id, text).await?;
    write(&path, &bytes)?;
    tracing::info!(path = %path.display(), bytes = bytes.len(), "quote handout saved");
    Ok(Some(HandoutFile { path: path.display().to_string(), bytes: bytes.len() as u64 }))
}

/// Prints quote `quoteId`'s handout with CUPS (`lp`); without a printer, opens it in the
/// system PDF viewer. The file is kept under `<data dir>/handouts/`.
#[tauri::command]
pub async fn quotes_print<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    quote_id: String,
    text: HandoutText,
) -> Result<PrintResult> {
    use tauri_plugin_opener::OpenerExt;
    let safe: String = quote_id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    let path = state.data_dir.join("handouts").join(format!("quote-{safe}.pdf"));
    let bytes = render(&state, quote_id, text).await?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| IpcError::new(IpcErrorKind::Storage, format!("Could not create {}: {e}", dir.display())))?;
    }
    write(&path, &bytes)?;
    let printed = {
        let path = path.clone();
        tauri::async_runtime::spawn_blocking(move || leadtrack_pdf::print_file(&path)).await.map_err(|e| {
            tracing::error!(error = %e, "print task failed");
            IpcError::new(IpcErrorKind::Internal, "A background task failed; see the log.")
        })?
    };
    match printed {
        Ok(leadtrack_pdf::PrintOutcome::Sent { job }) => Ok(PrintResult { sent: true, job, opened_viewer: false }),
        Ok(leadtrack_pdf::PrintOutcome::NoPrinter) => {
            app.opener().open_path(path.display().to_string(), None::<&str>).map_err(|e| {
                tracing::warn!(error = %e, "could not open the handout");
                IpcError::new(
                    IpcErrorKind::Internal,
                    "No printer was found and no PDF viewer opened. Use Save as PDF instead.",
                )
            })?;
            Ok(PrintResult { sent: false, job: None, opened_viewer: true })
        }
        Err(e) => {
            tracing::warn!(error = %e, "printing failed");
            Err(IpcError::new(IpcErrorKind::Internal, format!("The printer refused the handout: {e}")))
        }
    }
}
