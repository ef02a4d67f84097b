//! The quote handout: what a rep hands a visitor at the booth.
//!
//! Layout, in reading order (mirrored for right-to-left): colour bar; logo or company name, and
//! the title with quote number and date; who it is for and the show's promo code; the estimated
//! total and lead time in large type with the validity; the lines; notes; the rep's contact with
//! the QR code in the corner and the disclaimer; a thin colour bar. A long quote continues on
//! further pages (table header repeated, pages numbered); the contact block ends the last one.

use crate::layout::page::{tint, Align, Page, Rgb8};
use crate::layout::table::{draw_row, layout_row, Column, Row};
use crate::layout::text::{fit, labelled, TextStyle};
use crate::layout::{paragraph, Ctx, Doc};
use crate::qr::{self, QrMatrix};
use crate::{PdfError, QuoteHandout};

const MARGIN: f32 = 42.0;
const INK: Rgb8 = [0x1f, 0x23, 0x28];
const MUTED: Rgb8 = [0x5f, 0x66, 0x6d];
const RULE: Rgb8 = [0xd5, 0xd9, 0xde];
const WHITE: Rgb8 = [0xff, 0xff, 0xff];
/// Height of the footer block (contact, QR, disclaimer) on the last page.
const FOOTER_HEIGHT: f32 = 150.0;
const QR_SIZE: f32 = 104.0;

/// Renders `quote` as a PDF. The same input gives the same layout; the bytes differ only in the
/// document id and dates printpdf stamps.
pub fn render_quote_handout(quote: &QuoteHandout) -> Result<Vec<u8>, PdfError> {
    let (width, height) = quote.paper.size_pt();
    let title = format!("{} {}", quote.labels.title, quote.quote_id);
    let (mut doc, ctx) = Doc::new(title.trim(), width, height, quote.rtl)?;
    let qr = if quote.qr_payload.is_empty() { None } else { Some(QrMatrix::encode(&quote.qr_payload)?) };
    let logo = match &quote.branding.logo_png {
        // The logo box is at most 150 × 48 pt: 640 × 200 pixels print it at 300 dpi or better.
        Some(bytes) => Some(doc.add_image(bytes, 640, 200)?),
        None => None,
    };

    let primary = quote.branding.primary_color;
    let accent = quote.branding.accent_color.unwrap_or(primary);
    let content_w = width - 2.0 * MARGIN;
    let mut pages: Vec<Page> = Vec::new();
    let mut page = doc.new_page();
    bars(&mut page, primary, accent);

    // Header: logo (or company name) at the start, title block at the end.
    let title_w = 230.0;
    let brand_w = content_w - title_w - 16.0;
    let mut y = 30.0;
    match &logo {
        Some((id, px_w, px_h)) => {
            page.image(id.clone(), *px_w, *px_h, MARGIN, y, brand_w.min(150.0), 48.0);
        }
        None => {
            paragraph(
                &mut page,
                &ctx,
                &quote.branding.company_name,
                TextStyle::bold(20.0),
                12.0,
                primary,
                MARGIN,
                brand_w,
                y + 4.0,
                2,
                Align::Start,
            );
        }
    }
    let title_x = MARGIN + content_w - title_w;
    let used = paragraph(
        &mut page,
        &ctx,
        &quote.labels.title,
        TextStyle::bold(22.0),
        14.0,
        INK,
        title_x,
        title_w,
        y,
        1,
        Align::End,
    );
    let meta: Vec<String> =
        [labelled(&quote.labels.quote_no, &quote.quote_id), labelled(&quote.labels.date, &quote.created_on)]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
    paragraph(
        &mut page,
        &ctx,
        &meta.join("  ·  "),
        TextStyle::regular(9.5),
        7.0,
        MUTED,
        title_x,
        title_w,
        y + used + 4.0,
        2,
        Align::End,
    );
    if logo.is_some() && !quote.branding.company_name.is_empty() {
        paragraph(
            &mut page,
            &ctx,
            &quote.branding.company_name,
            TextStyle::bold(9.5),
            7.0,
            MUTED,
            MARGIN,
            brand_w,
            y + 54.0,
            1,
            Align::Start,
        );
    }
    y = 100.0;
    page.hline(MARGIN, content_w, y, 0.8, RULE);
    y += 16.0;

    // Who it is for, and the promo code beside it.
    let promo = quote.promo_code.as_deref().filter(|p| !p.trim().is_empty());
    let promo_w = if promo.is_some() { 170.0 } else { 0.0 };
    let visitor_w = content_w - promo_w - if promo.is_some() { 20.0 } else { 0.0 };
    let top = y;
    if !(quote.visitor_name.trim().is_empty() && quote.visitor_company.trim().is_empty()) {
        y += paragraph(
            &mut page,
            &ctx,
            &quote.labels.prepared_for,
            TextStyle::regular(9.0),
            7.0,
            MUTED,
            MARGIN,
            visitor_w,
            y,
            1,
            Align::Start,
        );
        y += 2.0;
    }
    y += paragraph(
        &mut page,
        &ctx,
        &quote.visitor_name,
        TextStyle::bold(20.0),
        12.0,
        INK,
        MARGIN,
        visitor_w,
        y,
        2,
        Align::Start,
    );
    y += paragraph(
        &mut page,
        &ctx,
        &quote.visitor_company,
        TextStyle::regular(12.0),
        9.0,
        INK,
        MARGIN,
        visitor_w,
        y,
        2,
        Align::Start,
    );
    if !quote.show_name.is_empty() {
        y += 2.0;
        let show = labelled(&quote.labels.show, &quote.show_name);
        y += paragraph(
            &mut page,
            &ctx,
            &show,
            TextStyle::regular(9.0),
            7.0,
            MUTED,
            MARGIN,
            visitor_w,
            y,
            2,
            Align::Start,
        );
    }
    if let Some(code) = promo {
        let px = MARGIN + content_w - promo_w;
        let inner = promo_w - 20.0;
        let (label_style, label_lines) =
            fit(ctx.fonts, &quote.labels.promo_code, TextStyle::regular(8.5), 7.0, inner, 1);
        let (code_style, code_lines) = fit(ctx.fonts, code, TextStyle::bold(18.0), 9.0, inner, 2);
        let (hint_style, hint_lines) = fit(ctx.fonts, &quote.labels.promo_hint, TextStyle::regular(7.5), 6.0, inner, 2);
        let box_h = 12.0
            + block_h(label_style, label_lines.len())
            + 3.0
            + block_h(code_style, code_lines.len())
            + 3.0
            + block_h(hint_style, hint_lines.len())
            + 8.0;
        page.fill_rect(px, top, promo_w, box_h, tint(primary, 0.06));
        page.stroke_rect(px, top, promo_w, box_h, accent, true);
        let mut py = top + 10.0;
        py += lines(&mut page, &ctx, &label_lines, label_style, MUTED, px + 10.0, inner, py, Align::Center);
        py += 3.0;
        py += lines(&mut page, &ctx, &code_lines, code_style, accent, px + 10.0, inner, py, Align::Center);
        py += 3.0;
        lines(&mut page, &ctx, &hint_lines, hint_style, MUTED, px + 10.0, inner, py, Align::Center);
        y = y.max(top + box_h);
    }
    y += 16.0;

    // The figures the visitor came for: total range and lead time, large.
    if !(quote.total_range_text.trim().is_empty() && quote.lead_time_text.trim().is_empty()) {
        y = hero(&mut page, &ctx, quote, (primary, accent), y, content_w) + 18.0;
    }

    // The lines.
    let columns = columns(content_w);
    let header = layout_row(
        &ctx,
        &columns,
        &[
            &quote.labels.product,
            &quote.labels.quantity,
            &quote.labels.unit_price,
            &quote.labels.line_total,
            &quote.labels.lead_time,
        ],
        TextStyle::bold(9.0),
        7.0,
        2,
    );
    let rows: Vec<Row> = quote
        .lines
        .iter()
        .map(|l| {
            layout_row(
                &ctx,
                &columns,
                &[&l.product, &l.qty_text, &l.unit_range_text, &l.total_range_text, &l.lead_time_text],
                TextStyle::regular(9.5),
                7.5,
                3,
            )
        })
        .collect();
    let body_bottom = height - 36.0;
    if !rows.is_empty() {
        draw_row(&mut page, &ctx, &columns, &header, MARGIN, y, WHITE, Some(primary));
        y += header.height;
        for (i, row) in rows.iter().enumerate() {
            if y + row.height > body_bottom {
                page.hline(MARGIN, content_w, y, 0.8, RULE);
                pages.push(page);
                page = continuation(&doc, &ctx, quote, primary);
                y = 70.0;
                draw_row(&mut page, &ctx, &columns, &header, MARGIN, y, WHITE, Some(primary));
                y += header.height;
            }
            let bg = (i % 2 == 1).then(|| tint(primary, 0.05));
            draw_row(&mut page, &ctx, &columns, row, MARGIN, y, INK, bg);
            y += row.height;
        }
        page.hline(MARGIN, content_w, y, 0.8, RULE);
        y += 16.0;
    }

    // Notes, then the footer; each moves to a new page when it does not fit.
    if !quote.notes.trim().is_empty() {
        let (style, note_lines) = fit(ctx.fonts, &quote.notes, TextStyle::regular(9.5), 8.0, content_w, 12);
        let needed = 16.0 + block_h(style, note_lines.len());
        if y + needed > body_bottom - FOOTER_HEIGHT {
            pages.push(page);
            page = continuation(&doc, &ctx, quote, primary);
            y = 70.0;
        }
        y += paragraph(
            &mut page,
            &ctx,
            &quote.labels.notes,
            TextStyle::bold(10.0),
            8.0,
            INK,
            MARGIN,
            content_w,
            y,
            1,
            Align::Start,
        );
        y += 2.0;
        lines(&mut page, &ctx, &note_lines, style, INK, MARGIN, content_w, y, Align::Start);
        y += block_h(style, note_lines.len());
    }
    if y > body_bottom - FOOTER_HEIGHT {
        pages.push(page);
        page = continuation(&doc, &ctx, quote, primary);
    }
    footer(&mut page, &ctx, quote, qr.as_ref(), body_bottom - FOOTER_HEIGHT, content_w);
    pages.push(page);

    let count = pages.len();
    for (i, mut page) in pages.into_iter().enumerate() {
        if count > 1 {
            let text = labelled(&quote.labels.page, &format!("{} / {}", i + 1, count));
            page.text(&ctx, &text, TextStyle::regular(8.0), MUTED, MARGIN, content_w, height - 18.0, Align::End);
        }
        doc.push(page);
    }
    debug_assert_eq!(doc.page_count(), count);
    doc.finish()
}

/// The colour bar at the top (primary) and the thin one at the bottom (accent).
fn bars(page: &mut Page, primary: Rgb8, accent: Rgb8) {
    let (w, h) = (page.width, page.height);
    page.fill_rect_abs(0.0, 0.0, w, 10.0, primary);
    page.fill_rect_abs(0.0, h - 4.0, w, 4.0, accent);
}

/// A page after the first: bars and a one-line header (company, quote number).
fn continuation(doc: &Doc, ctx: &Ctx, quote: &QuoteHandout, primary: Rgb8) -> Page {
    let mut page = doc.new_page();
    bars(&mut page, primary, quote.branding.accent_color.unwrap_or(primary));
    let content_w = page.width - 2.0 * MARGIN;
    let half = content_w / 2.0;
    paragraph(
        &mut page,
        ctx,
        &quote.branding.company_name,
        TextStyle::bold(11.0),
        8.0,
        primary,
        MARGIN,
        half,
        28.0,
        1,
        Align::Start,
    );
    let id = labelled(&quote.labels.quote_no, &quote.quote_id);
    paragraph(&mut page, ctx, &id, TextStyle::regular(9.5), 7.0, MUTED, MARGIN + half, half, 29.0, 1, Align::End);
    page.hline(MARGIN, content_w, 52.0, 0.8, RULE);
    page
}

/// The tinted panel with the total range and the lead time. Returns its bottom.
fn hero(page: &mut Page, ctx: &Ctx, quote: &QuoteHandout, colors: (Rgb8, Rgb8), top: f32, content_w: f32) -> f32 {
    let (primary, accent) = colors;
    let pad = 16.0;
    let gap = 20.0;
    let col_w = (content_w - 2.0 * pad - gap - 4.0) / 2.0;
    let figure = TextStyle::bold(24.0);
    let (total_style, total_lines) = fit(ctx.fonts, &quote.total_range_text, figure, 13.0, col_w, 2);
    let (lead_style, lead_lines) = fit(ctx.fonts, &quote.lead_time_text, figure, 13.0, col_w, 2);
    let figures_h = block_h(total_style, total_lines.len()).max(block_h(lead_style, lead_lines.len()));
    let valid = labelled(&quote.labels.valid_until, &quote.valid_until_text);
    let label_h = 9.5 * 1.3;
    let valid_h = if valid.is_empty() { 0.0 } else { 8.0 + 9.5 * 1.3 };
    let height = pad + label_h + 4.0 + figures_h + valid_h + pad - 4.0;
    page.fill_rect(MARGIN, top, content_w, height, tint(primary, 0.08));
    page.fill_rect(MARGIN, top, 4.0, height, accent);

    let x1 = MARGIN + 4.0 + pad;
    let x2 = x1 + col_w + gap;
    let mut y = top + pad;
    page.text(ctx, &quote.labels.price_range, TextStyle::regular(9.5), MUTED, x1, col_w, y + 9.5, Align::Start);
    page.text(ctx, &quote.labels.lead_time, TextStyle::regular(9.5), MUTED, x2, col_w, y + 9.5, Align::Start);
    y += label_h + 4.0;
    lines(page, ctx, &total_lines, total_style, primary, x1, col_w, y, Align::Start);
    lines(page, ctx, &lead_lines, lead_style, primary, x2, col_w, y, Align::Start);
    y += figures_h;
    if !valid.is_empty() {
        y += 6.0;
        paragraph(page, ctx, &valid, TextStyle::bold(9.5), 7.0, INK, x1, content_w - 2.0 * pad, y, 1, Align::Start);
    }
    top + height
}

/// Contact block, QR code in the end corner with its caption, disclaimer under the contact.
fn footer(page: &mut Page, ctx: &Ctx, quote: &QuoteHandout, qr: Option<&QrMatrix>, top: f32, content_w: f32) {
    page.hline(MARGIN, content_w, top, 0.8, RULE);
    let text_w = if qr.is_some() { content_w - QR_SIZE - 20.0 } else { content_w };
    let mut y = top + 12.0;
    let rep = &quote.rep;
    y += paragraph(
        page,
        ctx,
        &quote.labels.your_contact,
        TextStyle::regular(9.0),
        7.0,
        MUTED,
        MARGIN,
        text_w,
        y,
        1,
        Align::Start,
    );
    y += 2.0;
    y += paragraph(page, ctx, &rep.name, TextStyle::bold(12.0), 9.0, INK, MARGIN, text_w, y, 1, Align::Start);
    if !rep.title.is_empty() {
        y += paragraph(page, ctx, &rep.title, TextStyle::regular(9.5), 7.5, MUTED, MARGIN, text_w, y, 1, Align::Start);
    }
    let contact: Vec<String> = [labelled(&quote.labels.email, &rep.email), labelled(&quote.labels.phone, &rep.phone)]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    if !contact.is_empty() {
        y += paragraph(
            page,
            ctx,
            &contact.join("   ·   "),
            TextStyle::regular(9.5),
            7.0,
            INK,
            MARGIN,
            text_w,
            y,
            2,
            Align::Start,
        );
    }
    let bottom = page.height - 36.0;
    if !quote.disclaimer.trim().is_empty() {
        y += 8.0;
        let max_lines = ((bottom - y) / (7.0 * 1.3)).floor().max(1.0) as usize;
        paragraph(
            page,
            ctx,
            &quote.disclaimer,
            TextStyle::regular(7.5),
            6.0,
            MUTED,
            MARGIN,
            text_w,
            y,
            max_lines,
            Align::Start,
        );
    }
    if let Some(qr) = qr {
        let x = MARGIN + content_w - QR_SIZE;
        let left = page.mx(x, QR_SIZE);
        let qr_top = top + 8.0;
        qr::draw(page, qr, left, qr_top, QR_SIZE, INK);
        paragraph(
            page,
            ctx,
            &quote.labels.qr_caption,
            TextStyle::regular(7.5),
            6.0,
            MUTED,
            x,
            QR_SIZE,
            qr_top + QR_SIZE,
            2,
            Align::Center,
        );
    }
}

/// Column widths for the lines table, in reading order.
fn columns(content_w: f32) -> [Column; 5] {
    let fractions = [0.31, 0.15, 0.18, 0.20, 0.16];
    let aligns = [Align::Start, Align::End, Align::End, Align::End, Align::End];
    let mut out = [Column { width: 0.0, align: Align::Start }; 5];
    for (i, col) in out.iter_mut().enumerate() {
        *col = Column { width: content_w * fractions[i], align: aligns[i] };
    }
    out
}

fn block_h(style: TextStyle, lines: usize) -> f32 {
    lines as f32 * style.size * 1.3
}

/// Draws pre-broken lines, top at `top`; returns the height used.
#[allow(clippy::too_many_arguments)]
fn lines(
    page: &mut Page,
    ctx: &Ctx,
    lines: &[String],
    style: TextStyle,
    color: Rgb8,
    x: f32,
    w: f32,
    top: f32,
    align: Align,
) -> f32 {
    for (i, line) in lines.iter().enumerate() {
        page.text(ctx, line, style, color, x, w, top + style.size + i as f32 * style.size * 1.3, align);
    }
    block_h(style, lines.len())
}
