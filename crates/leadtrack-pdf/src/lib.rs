//! LeadTrack's printable documents, as PDF.
//!
//! - [`render_quote_handout`] draws the one-page (more when the quote is long) handout a rep
//!   gives a visitor: branding, the visitor, the quote lines with their price ranges, the total
//!   range and lead time in large type, validity, the show's promo code, the rep's contact, a QR
//!   code and the disclaimer. Its input, [`QuoteHandout`], is display-ready text: the caller
//!   formats money, dates and ranges, and passes every fixed word in [`HandoutLabels`], so the
//!   handout comes out in whatever language the caller chose.
//! - [`render_show_report`] draws the post-show report from [`ShowReport`] (display-ready text,
//!   labels passed in like the handout's); [`render_show_report_markdown`] writes it as Markdown.
//! - [`QrMatrix`] is the QR code the handout prints, for tests and other uses.
//! - [`print_file`] sends a PDF to the printer with CUPS `lp` where there is one.
//!
//! Text is shaped (Persian joins and runs right to left), set in fonts compiled into this crate
//! and embedded as subsets: Noto Sans (Latin, Greek, Cyrillic), Noto Sans Arabic and Droid Sans
//! Fallback (Chinese, Japanese, Korean); `assets/fonts/` has them and their licences. Every glyph
//! maps back to its text, so `pdftotext` and copy-paste return what was written.
//!
//! Visitor text is data: it is only ever drawn as glyphs, never interpreted. Control characters
//! become spaces, and text too long for its place wraps, then shrinks, then is cut with "…" —
//! it never leaves the page.

mod fonts;
mod handout;
pub(crate) mod layout;
mod print;
mod qr;
mod report;

pub use handout::render_quote_handout;
pub use print::{print_file, PrintError, PrintOutcome};
pub use qr::QrMatrix;
pub use report::{render_show_report, render_show_report_markdown};

/// Page size of the handout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    /// 210 × 297 mm.
    #[default]
    A4,
    /// 8.5 × 11 in.
    Letter,
}

impl Paper {
    /// Width and height in points (1/72 in).
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// The company's look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Branding {
    pub company_name: String,
    /// A PNG (or JPEG) logo, drawn at most 150 × 48 pt at the top; without it the company name
    /// is the header.
    pub logo_png: Option<Vec<u8>>,
    /// sRGB: the top colour bar, table header and the large figures.
    pub primary_color: [u8; 3],
    /// sRGB: the bottom bar, the stripe beside the totals and the promo code's frame and
    /// text; `None` uses the primary colour.
    pub accent_color: Option<[u8; 3]>,
}

impl Branding {
    /// The look of a handout before anyone set the branding: the company's name as the
    /// header, LeadTrack blue.
    pub fn plain(company_name: &str) -> Branding {
        Branding {
            company_name: company_name.to_string(),
            logo_png: None,
            primary_color: [0x1c, 0x64, 0xb4],
            accent_color: None,
        }
    }
}

/// One quote line, formatted for display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoutLine {
    pub product: String,
    /// "500 pcs".
    pub qty_text: String,
    /// "$1.20 – $1.45".
    pub unit_range_text: String,
    /// "$600 – $725".
    pub total_range_text: String,
    /// "25–32 days".
    pub lead_time_text: String,
}

/// The rep who made the quote: the visitor's contact.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RepContact {
    pub name: String,
    pub title: String,
    pub email: String,
    pub phone: String,
}

/// Every fixed word on the handout, so the caller can translate them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, ts_rs::TS)]
pub struct HandoutLabels {
    /// The document title, "Quotation".
    pub title: String,
    /// Before the quote id, "Quote".
    pub quote_no: String,
    /// Before `created_on`, "Date".
    pub date: String,
    pub prepared_for: String,
    /// Before the show name, "Met at".
    pub show: String,
    /// The total range's heading, "Estimated total".
    pub price_range: String,
    pub lead_time: String,
    pub valid_until: String,
    /// Table headings.
    pub product: String,
    pub quantity: String,
    pub unit_price: String,
    pub line_total: String,
    pub notes: String,
    pub promo_code: String,
    /// Under the promo code, "Quote this code when you order".
    pub promo_hint: String,
    pub your_contact: String,
    pub email: String,
    pub phone: String,
    /// Under the QR code, "Scan to save my contact" or "Scan to order".
    pub qr_caption: String,
    /// "Page"; pages are numbered only when there are several.
    pub page: String,
}

impl HandoutLabels {
    /// The English labels.
    pub fn english() -> HandoutLabels {
        HandoutLabels {
            title: "Quotation".into(),
            quote_no: "Quote".into(),
            date: "Date".into(),
            prepared_for: "Prepared for".into(),
            show: "Met at".into(),
            price_range: "Estimated total".into(),
            lead_time: "Lead time".into(),
            valid_until: "Valid until".into(),
            product: "Product".into(),
            quantity: "Quantity".into(),
            unit_price: "Unit price".into(),
            line_total: "Price range".into(),
            notes: "Notes".into(),
            promo_code: "Show promo code".into(),
            promo_hint: "Quote this code when you order".into(),
            your_contact: "Your contact".into(),
            email: "Email".into(),
            phone: "Phone".into(),
            qr_caption: "Scan to save my contact".into(),
            page: "Page".into(),
        }
    }
}

/// Everything the handout shows, as display-ready text. Empty strings leave their part out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteHandout {
    pub paper: Paper,
    pub branding: Branding,
    pub visitor_name: String,
    pub visitor_company: String,
    pub show_name: String,
    pub quote_id: String,
    /// "23 Nov 2026", already formatted.
    pub created_on: String,
    pub lines: Vec<HandoutLine>,
    pub total_range_text: String,
    pub lead_time_text: String,
    pub valid_until_text: String,
    pub notes: String,
    pub promo_code: Option<String>,
    pub rep: RepContact,
    /// What the QR code carries: the rep's vCard or a tracking link; the caller chooses.
    /// Empty: no QR code.
    pub qr_payload: String,
    pub disclaimer: String,
    pub labels: HandoutLabels,
    /// Lay the page out right to left (Persian labels). Each piece of text still runs in its own
    /// direction: a Persian name in an English handout reads right to left.
    pub rtl: bool,
}

/// A key figure on the report: a big value over its label ("1,240" / "Leads").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFigure {
    pub label: String,
    pub value: String,
}

/// A table on the report; the first column is names, the others figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportTable {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A headed block of text (the evaluation's notes); empty text leaves it out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportSection {
    pub heading: String,
    pub text: String,
}

/// Fixed words of the report, for translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportLabels {
    /// "Post-show report".
    pub title: String,
    /// "Page".
    pub page: String,
}

/// The post-show report as display-ready text: the caller formats numbers, money and dates
/// and translates every heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShowReport {
    pub paper: Paper,
    pub company_name: String,
    pub primary_color: [u8; 3],
    pub show_name: String,
    /// "18–20 Mar 2026 · Booth 9.2 · generated 23 Nov 2026".
    pub subtitle: String,
    pub figures: Vec<ReportFigure>,
    pub tables: Vec<ReportTable>,
    pub sections: Vec<ReportSection>,
    pub labels: ReportLabels,
    pub rtl: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The embedded fonts could not be read (a build problem, not a data problem).
    #[error("font: {0}")]
    Font(String),
    /// The logo is not a PNG or JPEG this crate can read.
    #[error("logo image: {0}")]
    Image(String),
    /// The QR payload does not fit in a QR code (over ~2,300 bytes).
    #[error("QR code: {0}")]
    QrPayload(String),
}
