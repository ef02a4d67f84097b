//! The post-show report: a show's figures, tables and the evaluation notes, for management.
//!
//! Layout, in reading order (mirrored for right-to-left): colour bar; company and title; the
//! show's name and its line (dates, booth, when generated); key figures as cards in a grid;
//! each table with its heading (header row repeated on a new page); the evaluation's sections
//! as headed paragraphs. Long content continues on further pages, numbered. The same input
//! also renders as Markdown ([`render_show_report_markdown`]) for mail and wikis.

use crate::layout::page::{tint, Align, Page, Rgb8};
use crate::layout::table::{draw_row, layout_row, Column};
use crate::layout::text::TextStyle;
use crate::layout::{paragraph, Ctx, Doc};
use crate::{PdfError, ShowReport};

const MARGIN: f32 = 42.0;
const INK: Rgb8 = [0x1f, 0x23, 0x28];
const MUTED: Rgb8 = [0x5f, 0x66, 0x6d];
const RULE: Rgb8 = [0xd5, 0xd9, 0xde];
const WHITE: Rgb8 = [0xff, 0xff, 0xff];
const FIGURES_PER_ROW: usize = 4;
const CARD_H: f32 = 58.0;
const BOTTOM: f32 = 50.0;

struct Flow {
    pages: Vec<Page>,
    page: Page,
    y: f32,
}

impl Flow {
    /// Starts a new page when `need` points do not fit below `y`.
    fn room(&mut self, doc: &Doc, need: f32) -> bool {
        if self.y + need > self.page.height - BOTTOM {
            let next = doc.new_page();
            self.pages.push(std::mem::replace(&mut self.page, next));
            self.y = 40.0;
            true
        } else {
            false
        }
    }
}

/// Renders `report` as a PDF.
pub fn render_show_report(report: &ShowReport) -> Result<Vec<u8>, PdfError> {
    let (width, height) = report.paper.size_pt();
    let title = format!("{} {}", report.labels.title, report.show_name);
    let (mut doc, ctx) = Doc::new(title.trim(), width, height, report.rtl)?;
    let primary = report.primary_color;
    let content_w = width - 2.0 * MARGIN;
    let mut page = doc.new_page();
    page.fill_rect(0.0, 0.0, width, 10.0, primary);

    let mut y = 30.0;
    if !report.company_name.is_empty() {
        y += paragraph(
            &mut page,
            &ctx,
            &report.company_name,
            TextStyle::bold(11.0),
            8.0,
            MUTED,
            MARGIN,
            content_w,
            y,
            1,
            Align::Start,
        );
    }
    y += paragraph(
        &mut page,
        &ctx,
        &report.labels.title,
        TextStyle::bold(13.0),
        9.0,
        primary,
        MARGIN,
        content_w,
        y + 2.0,
        1,
        Align::Start,
    );
    y += paragraph(
        &mut page,
        &ctx,
        &report.show_name,
        TextStyle::bold(24.0),
        14.0,
        INK,
        MARGIN,
        content_w,
        y + 2.0,
        2,
        Align::Start,
    );
    if !report.subtitle.is_empty() {
        y += paragraph(
            &mut page,
            &ctx,
            &report.subtitle,
            TextStyle::regular(10.0),
            7.0,
            MUTED,
            MARGIN,
            content_w,
            y + 4.0,
            2,
            Align::Start,
        );
    }
    y += 12.0;
    page.hline(MARGIN, content_w, y, 0.8, RULE);
    y += 14.0;

    let mut flow = Flow { pages: Vec::new(), page, y };

    // Key figures: cards of a big value over its label.
    let gap = 10.0;
    let card_w = (content_w - gap * (FIGURES_PER_ROW as f32 - 1.0)) / FIGURES_PER_ROW as f32;
    for row in report.figures.chunks(FIGURES_PER_ROW) {
        flow.room(&doc, CARD_H + gap);
        for (i, f) in row.iter().enumerate() {
            let x = MARGIN + i as f32 * (card_w + gap);
            flow.page.fill_rect(x, flow.y, card_w, CARD_H, tint(primary, 0.08));
            paragraph(
                &mut flow.page,
                &ctx,
                &f.value,
                TextStyle::bold(18.0),
                10.0,
                primary,
                x + 8.0,
                card_w - 16.0,
                flow.y + 6.0,
                1,
                Align::Start,
            );
            paragraph(
                &mut flow.page,
                &ctx,
                &f.label,
                TextStyle::regular(8.5),
                6.5,
                MUTED,
                x + 8.0,
                card_w - 16.0,
                flow.y + 34.0,
                2,
                Align::Start,
            );
        }
        flow.y += CARD_H + gap;
    }
    flow.y += 8.0;

    for table in &report.tables {
        table_block(&mut flow, &doc, &ctx, table, primary, content_w);
    }
    for section in &report.sections {
        if section.text.trim().is_empty() {
            continue;
        }
        flow.room(&doc, 60.0);
        flow.y += paragraph(
            &mut flow.page,
            &ctx,
            &section.heading,
            TextStyle::bold(12.0),
            9.0,
            INK,
            MARGIN,
            content_w,
            flow.y,
            1,
            Align::Start,
        ) + 4.0;
        // Paragraph by paragraph, so a long note flows onto the next page.
        for para in section.text.lines().filter(|l| !l.trim().is_empty()) {
            flow.room(&doc, 30.0);
            flow.y += paragraph(
                &mut flow.page,
                &ctx,
                para,
                TextStyle::regular(10.0),
                8.0,
                INK,
                MARGIN,
                content_w,
                flow.y,
                12,
                Align::Start,
            ) + 4.0;
        }
        flow.y += 10.0;
    }

    flow.pages.push(flow.page);
    let count = flow.pages.len();
    for (i, mut p) in flow.pages.into_iter().enumerate() {
        if count > 1 {
            let label = format!("{} {} / {}", report.labels.page, i + 1, count);
            paragraph(
                &mut p,
                &ctx,
                &label,
                TextStyle::regular(8.0),
                6.0,
                MUTED,
                MARGIN,
                content_w,
                height - 34.0,
                1,
                Align::End,
            );
        }
        doc.push(p);
    }
    doc.finish()
}

fn table_block(flow: &mut Flow, doc: &Doc, ctx: &Ctx, table: &crate::ReportTable, primary: Rgb8, content_w: f32) {
    if table.rows.is_empty() || table.headers.is_empty() {
        return;
    }
    let n = table.headers.len();
    // The first column holds names; the rest are figures.
    let first = if n == 1 { content_w } else { (content_w * 0.34).max(content_w / n as f32) };
    let rest = if n == 1 { 0.0 } else { (content_w - first) / (n - 1) as f32 };
    let columns: Vec<Column> = (0..n)
        .map(|i| {
            if i == 0 {
                Column { width: first, align: Align::Start }
            } else {
                Column { width: rest, align: Align::End }
            }
        })
        .collect();
    let header_cells: Vec<&str> = table.headers.iter().map(String::as_str).collect();
    let header = layout_row(ctx, &columns, &header_cells, TextStyle::bold(9.0), 7.0, 2);
    flow.room(doc, 24.0 + header.height * 2.0);
    flow.y += paragraph(
        &mut flow.page,
        ctx,
        &table.title,
        TextStyle::bold(12.0),
        9.0,
        INK,
        MARGIN,
        content_w,
        flow.y,
        1,
        Align::Start,
    ) + 4.0;
    draw_row(&mut flow.page, ctx, &columns, &header, MARGIN, flow.y, WHITE, Some(primary));
    flow.y += header.height;
    for (i, cells) in table.rows.iter().enumerate() {
        let cells: Vec<&str> = cells.iter().map(String::as_str).chain(std::iter::repeat("")).take(n).collect();
        let row = layout_row(ctx, &columns, &cells, TextStyle::regular(9.5), 7.0, 3);
        if flow.room(doc, row.height) {
            draw_row(&mut flow.page, ctx, &columns, &header, MARGIN, flow.y, WHITE, Some(primary));
            flow.y += header.height;
        }
        let bg = (i % 2 == 1).then(|| tint(primary, 0.05));
        draw_row(&mut flow.page, ctx, &columns, &row, MARGIN, flow.y, INK, bg);
        flow.y += row.height;
    }
    flow.page.hline(MARGIN, content_w, flow.y, 0.6, RULE);
    flow.y += 18.0;
}

/// The same report as Markdown: headings, a figure list, pipe tables (pipes in cells escaped).
pub fn render_show_report_markdown(report: &ShowReport) -> String {
    let mut md = format!("# {}: {}\n\n", report.labels.title, one_line(&report.show_name));
    if !report.company_name.is_empty() {
        md.push_str(&format!("{}\n\n", one_line(&report.company_name)));
    }
    if !report.subtitle.is_empty() {
        md.push_str(&format!("_{}_\n\n", one_line(&report.subtitle)));
    }
    for f in &report.figures {
        md.push_str(&format!("- **{}**: {}\n", one_line(&f.label), one_line(&f.value)));
    }
    md.push('\n');
    for t in report.tables.iter().filter(|t| !t.rows.is_empty() && !t.headers.is_empty()) {
        md.push_str(&format!("## {}\n\n", one_line(&t.title)));
        md.push_str(&format!("| {} |\n", t.headers.iter().map(|h| cell(h)).collect::<Vec<_>>().join(" | ")));
        md.push_str(&format!("|{}\n", " --- |".repeat(t.headers.len())));
        for r in &t.rows {
            let cells: Vec<String> =
                (0..t.headers.len()).map(|i| cell(r.get(i).map(String::as_str).unwrap_or(""))).collect();
            md.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        md.push('\n');
    }
    for s in report.sections.iter().filter(|s| !s.text.trim().is_empty()) {
        md.push_str(&format!("## {}\n\n{}\n\n", one_line(&s.heading), s.text.trim()));
    }
    md
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn cell(s: &str) -> String {
    one_line(s).replace('|', "\\|")
}
