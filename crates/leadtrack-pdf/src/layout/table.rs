//! Tables: columns in reading order, cells that wrap (and shrink) instead of overflowing.

use crate::layout::page::{Align, Page, Rgb8};
use crate::layout::text::{fit, TextStyle};
use crate::layout::Ctx;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    /// Width in points, padding included.
    pub width: f32,
    pub align: Align,
}

/// Cell padding, left/right and top/bottom, in points.
pub(crate) const PAD_X: f32 = 6.0;
pub(crate) const PAD_Y: f32 = 5.0;

/// A row measured and broken into lines, ready to draw.
pub(crate) struct Row {
    cells: Vec<(TextStyle, Vec<String>)>,
    pub height: f32,
}

/// Lays out one row: each cell wraps to its column, shrinking to `min_size` and at most
/// `max_lines` lines.
pub(crate) fn layout_row(
    ctx: &Ctx,
    columns: &[Column],
    cells: &[&str],
    style: TextStyle,
    min_size: f32,
    max_lines: usize,
) -> Row {
    let cells: Vec<(TextStyle, Vec<String>)> = columns
        .iter()
        .zip(cells)
        .map(|(col, text)| fit(ctx.fonts, text, style, min_size, col.width - 2.0 * PAD_X, max_lines))
        .collect();
    let content = cells.iter().map(|(s, lines)| lines.len().max(1) as f32 * s.size * 1.3).fold(0.0, f32::max);
    Row { cells, height: content + 2.0 * PAD_Y }
}

/// Draws `row` with its top at `top`, starting `x` from the reading-direction edge; an optional
/// background fills the whole row first.
#[allow(clippy::too_many_arguments)]
pub(crate) fn draw_row(
    page: &mut Page,
    ctx: &Ctx,
    columns: &[Column],
    row: &Row,
    x: f32,
    top: f32,
    color: Rgb8,
    background: Option<Rgb8>,
) {
    if let Some(bg) = background {
        let width: f32 = columns.iter().map(|c| c.width).sum();
        page.fill_rect(x, top, width, row.height, bg);
    }
    let mut cx = x;
    for (col, (style, lines)) in columns.iter().zip(&row.cells) {
        let line_height = style.size * 1.3;
        for (i, line) in lines.iter().enumerate() {
            let baseline = top + PAD_Y + style.size + i as f32 * line_height;
            page.text(ctx, line, *style, color, cx + PAD_X, col.width - 2.0 * PAD_X, baseline, col.align);
        }
        cx += col.width;
    }
}
