//! `leadtrack quote estimate`: the app's ballpark estimator from a shell, as JSON.
//!
//! Prices come from a pricebook spreadsheet (`--pricebook FILE`, the import format of
//! `docs/pricebooks.md`) or from the app's data folder, read-only (safe beside the app).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context};
use clap::{Args, Subcommand};
use leadtrack_domain::pricebook::{format_fixed, Pricebook};
use leadtrack_domain::quote::{estimate, DaysRange, Estimate, EstimateRequest, LineRequest};
use leadtrack_store::{data_dir, ReadOnlyStore};
use serde::Serialize;

use crate::{Failure, Output};
use leadtrack_pdf::{Branding, HandoutLabels, HandoutLine, Paper, QuoteHandout, RepContact};
use leadtrack_store::QuoteContext;

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Estimate a product's price range and lead time; prints JSON
    ///
    /// Amounts are integers in the currency's minor unit (cents; yen for JPY); `text` has them
    /// written out.
    Estimate(EstimateArgs),
    /// Render a saved quote as the handout PDF (English labels)
    Pdf(PdfArgs),
}

#[derive(Debug, Args)]
pub(crate) struct PdfArgs {
    /// The quote's id (from the app's quote history or `leads export --format json`)
    #[arg(value_name = "QUOTE_ID")]
    quote_id: String,
    /// Write the PDF here (replaced whole, never half-written)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: PathBuf,
    /// Page size: a4 or letter
    #[arg(long, value_name = "PAPER", default_value = "a4", value_parser = parse_paper)]
    paper: Paper,
    /// The data folder [default: LEADTRACK_DATA_DIR, else the app's per-user data folder]
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
}

fn parse_paper(s: &str) -> Result<Paper, String> {
    match s.to_ascii_lowercase().as_str() {
        "a4" => Ok(Paper::A4),
        "letter" => Ok(Paper::Letter),
        _ => Err(format!("{s:?} is not a paper size; use a4 or letter")),
    }
}

#[derive(Debug, Args)]
pub(crate) struct EstimateArgs {
    /// The product's SKU
    #[arg(long, value_name = "SKU")]
    product: String,
    /// How many units
    #[arg(long, value_name = "N")]
    qty: u32,
    /// An option code (repeat for several)
    #[arg(long = "option", value_name = "CODE")]
    options: Vec<String>,
    /// Read prices from this pricebook spreadsheet (CSV, XLSX, XLS, ODS) instead of the app's
    #[arg(long, value_name = "FILE")]
    pricebook: Option<PathBuf>,
    /// The app's pricebook to use when it has several (its id)
    #[arg(long, value_name = "ID", conflicts_with = "pricebook")]
    pricebook_id: Option<String>,
    /// The data folder [default: LEADTRACK_DATA_DIR, else the app's per-user data folder]
    #[arg(long, value_name = "DIR", conflicts_with = "pricebook")]
    data_dir: Option<PathBuf>,
    /// Shipping method (with --to), as the pricebook names it
    #[arg(long, value_name = "METHOD", requires = "to")]
    ship: Option<String>,
    /// Shipping destination (with --ship)
    #[arg(long, value_name = "DEST", requires = "ship")]
    to: Option<String>,
}

#[derive(Serialize)]
struct Answer<'a> {
    pricebook: PricebookRef<'a>,
    #[serde(flatten)]
    estimate: &'a Estimate,
    text: Text,
}

#[derive(Serialize)]
struct PricebookRef<'a> {
    id: &'a str,
    version: u32,
    name: &'a str,
}

#[derive(Serialize)]
struct Text {
    unit: String,
    total: String,
    lead_time: String,
}

fn range(currency: &str, low: u64, high: u64, decimals: u8) -> String {
    format!("{currency} {}–{}", format_fixed(low, decimals), format_fixed(high, decimals))
}

fn days(d: DaysRange) -> String {
    if d.min == d.max {
        format!("{} days", d.min)
    } else {
        format!("{}–{} days", d.min, d.max)
    }
}

pub(crate) fn run(command: Command, out: &Output) -> Result<ExitCode, Failure> {
    let args = match command {
        Command::Estimate(args) => args,
        Command::Pdf(args) => return pdf(args),
    };
    let pricebook = match &args.pricebook {
        Some(path) => from_file(path)?,
        None => from_store(args.data_dir.clone(), args.pricebook_id.as_deref())?,
    };
    let request = EstimateRequest {
        lines: vec![LineRequest { sku: args.product, qty: args.qty, options: args.options, ..Default::default() }],
        shipping_method: args.ship,
        destination: args.to,
        shipping_days: None,
    };
    let est = estimate(&pricebook, &request).map_err(|e| anyhow!("{e}"))?;
    let line = &est.lines[0];
    let text = Text {
        unit: range(&est.currency, line.unit_low, line.unit_high, est.decimals),
        total: range(&est.currency, est.total_low, est.total_high, est.decimals),
        lead_time: days(est.lead_days),
    };
    out.json(&Answer {
        pricebook: PricebookRef { id: &pricebook.id, version: pricebook.version, name: &pricebook.name },
        estimate: &est,
        text,
    })?;
    Ok(ExitCode::SUCCESS)
}

fn from_file(path: &PathBuf) -> anyhow::Result<Pricebook> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("pricebook.csv");
    let sheet = leadtrack_sheet::read(&bytes, name).with_context(|| format!("{}", path.display()))?;
    let (pb, errors) = leadtrack_domain::pricebook_import::from_rows(
        &sheet.headers,
        sheet.rows.iter().map(|r| (r.number as u32, r.cells.as_slice())),
    );
    match pb {
        Some(pb) => Ok(pb),
        None => {
            let shown: Vec<String> = errors.iter().take(10).map(|e| e.to_string()).collect();
            let more = errors.len().saturating_sub(shown.len());
            let more = if more > 0 { format!(" (and {more} more)") } else { String::new() };
            bail!("{}: {}{more}", path.display(), shown.join("; "))
        }
    }
}

fn from_store(dir: Option<PathBuf>, id: Option<&str>) -> anyhow::Result<Pricebook> {
    let dir = match dir {
        Some(d) => d,
        None => {
            data_dir::resolve().ok_or_else(|| anyhow!("no data folder: pass --data-dir DIR or --pricebook FILE"))?
        }
    };
    let store = ReadOnlyStore::open(&dir).map_err(|e| anyhow!("{e}"))?;
    let id = match id {
        Some(id) => id.to_string(),
        None => {
            let all = store.pricebooks().map_err(|e| anyhow!("{e}"))?;
            match all.as_slice() {
                [] => bail!("the app has no pricebook yet: import one, or pass --pricebook FILE"),
                [one] => one.id.clone(),
                many => {
                    let ids: Vec<String> = many.iter().map(|p| format!("{} ({})", p.id, p.name)).collect();
                    bail!("the app has several pricebooks; pass --pricebook-id, one of: {}", ids.join(", "))
                }
            }
        }
    };
    store.pricebook(&id, None).map_err(|e| anyhow!("{e}"))
}

/// The handout for a saved quote, in English, with the rep's vCard as its QR code and the
/// branding managers set in the app (`saved`; the plain look before anyone did).
fn handout(ctx: &QuoteContext, saved: Option<leadtrack_store::Branding>, paper: Paper) -> QuoteHandout {
    let q = &ctx.quote;
    let text = q.estimate.text();
    QuoteHandout {
        paper,
        branding: match saved {
            Some(b) => Branding {
                primary_color: b.primary_rgb(),
                accent_color: Some(b.accent_rgb()),
                company_name: b.company_name,
                logo_png: b.logo.map(|l| l.bytes),
            },
            None => Branding::plain(&q.pricebook_name),
        },
        visitor_name: ctx.visitor_name.clone(),
        visitor_company: ctx.visitor_company.clone(),
        show_name: ctx.show_name.clone(),
        quote_id: q.id.clone(),
        created_on: leadtrack_export::iso_date(q.created_at),
        lines: text
            .lines
            .into_iter()
            .map(|l| HandoutLine {
                product: l.product,
                qty_text: l.qty,
                unit_range_text: l.unit_range,
                total_range_text: l.total_range,
                lead_time_text: l.lead_time,
            })
            .collect(),
        total_range_text: text.total_range,
        lead_time_text: text.lead_time,
        valid_until_text: q.valid_until.clone().unwrap_or_default(),
        notes: q.notes.clone(),
        promo_code: (!q.promo_code.is_empty()).then(|| q.promo_code.clone()),
        rep: RepContact {
            name: ctx.rep.name.clone(),
            title: String::new(),
            email: ctx.rep.email.clone(),
            phone: String::new(),
        },
        qr_payload: leadtrack_domain::quote::rep_vcard(&ctx.rep.name, &ctx.rep.email),
        disclaimer: "Estimated price range and lead time for discussion; not an offer. Final prices and dates are \
                     confirmed in a formal quotation."
            .into(),
        labels: HandoutLabels::english(),
        rtl: false,
    }
}

fn pdf(args: PdfArgs) -> Result<ExitCode, Failure> {
    let dir = match args.data_dir {
        Some(d) => d,
        None => data_dir::resolve().ok_or_else(|| anyhow!("no data folder: pass --data-dir DIR"))?,
    };
    let store = ReadOnlyStore::open(&dir).map_err(|e| anyhow!("{e}"))?;
    let ctx = store.quote_context(&args.quote_id).map_err(|e| anyhow!("{e}"))?;
    let saved = store.branding().map_err(|e| anyhow!("{e}"))?;
    let bytes = leadtrack_pdf::render_quote_handout(&handout(&ctx, saved, args.paper)).map_err(|e| anyhow!("{e}"))?;
    leadtrack_store::write_file_durably(&args.output, &bytes)
        .map_err(|e| Failure::Output(std::io::Error::other(format!("{}: {e}", args.output.display()))))?;
    eprintln!("leadtrack: wrote {} ({} bytes)", args.output.display(), bytes.len());
    Ok(ExitCode::SUCCESS)
}
