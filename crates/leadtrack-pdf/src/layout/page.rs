//! A page to draw on in points from the top-left corner (PDF counts from the bottom), with
//! right-to-left mirroring for layouts that follow the reader's direction.

use printpdf::{
    Color, FontId, LinePoint, Op, PaintMode, PdfFontHandle, Point, Polygon, PolygonRing, Pt, Rect, Rgb, TextMatrix,
    TextRenderingMode, WindingOrder, XObjectId, XObjectTransform,
};

use crate::fonts::FontKind;
use crate::layout::text::{shape, ShapedLine, TextStyle};
use crate::layout::Ctx;

/// Horizontal alignment inside a box, in reading direction: `Start` is the left edge in a
/// left-to-right page and the right edge in a right-to-left one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Start,
    Center,
    End,
}

/// An sRGB colour.
pub(crate) type Rgb8 = [u8; 3];

pub(crate) fn rgb(c: Rgb8) -> Color {
    Color::Rgb(Rgb {
        r: f32::from(c[0]) / 255.0,
        g: f32::from(c[1]) / 255.0,
        b: f32::from(c[2]) / 255.0,
        icc_profile: None,
    })
}

/// `c` mixed with white: `amount` 0 is white, 1 is `c`.
pub(crate) fn tint(c: Rgb8, amount: f32) -> Rgb8 {
    let mix = |v: u8| (255.0 - (255.0 - f32::from(v)) * amount).round().clamp(0.0, 255.0) as u8;
    [mix(c[0]), mix(c[1]), mix(c[2])]
}

/// The resource name a face has in every document: fixed, so pages can be drawn before the
/// document knows which faces (and glyphs) it will embed.
pub(crate) fn font_id(kind: FontKind) -> FontId {
    FontId(format!("F{}", kind as usize))
}

pub(crate) struct Page {
    pub width: f32,
    pub height: f32,
    /// Mirror x: boxes given in reading order land on the right in a right-to-left page.
    pub rtl: bool,
    ops: Vec<Op>,
}

impl Page {
    pub(crate) fn new(width: f32, height: f32, rtl: bool) -> Page {
        Page { width, height, rtl, ops: Vec::new() }
    }

    pub(crate) fn into_pdf_page(self) -> printpdf::PdfPage {
        printpdf::PdfPage::new(Pt(self.width).into(), Pt(self.height).into(), self.ops)
    }

    /// The left edge of a box `w` wide that starts `x` from the reading-direction edge.
    pub(crate) fn mx(&self, x: f32, w: f32) -> f32 {
        if self.rtl {
            self.width - x - w
        } else {
            x
        }
    }

    /// A filled rectangle; `x` in reading direction, `y` its top.
    pub(crate) fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb8) {
        let left = self.mx(x, w);
        self.fill_rect_abs(left, y, w, h, color);
    }

    /// A filled rectangle at an absolute (unmirrored) position.
    pub(crate) fn fill_rect_abs(&mut self, left: f32, y: f32, w: f32, h: f32, color: Rgb8) {
        self.ops.push(Op::SetFillColor { col: rgb(color) });
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(left),
                y: Pt(self.height - y - h),
                width: Pt(w),
                height: Pt(h),
                mode: Some(PaintMode::Fill),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
    }

    /// Many filled rectangles of one colour as one path (QR modules).
    pub(crate) fn fill_rects_abs(&mut self, rects: &[(f32, f32, f32, f32)], color: Rgb8) {
        if rects.is_empty() {
            return;
        }
        let rings = rects
            .iter()
            .map(|&(left, top, w, h)| {
                let (x0, x1) = (left, left + w);
                let (y0, y1) = (self.height - top - h, self.height - top);
                PolygonRing {
                    points: [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
                        .into_iter()
                        .map(|(x, y)| LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier: false })
                        .collect(),
                }
            })
            .collect();
        self.ops.push(Op::SetFillColor { col: rgb(color) });
        self.ops.push(Op::DrawPolygon {
            polygon: Polygon { rings, mode: PaintMode::Fill, winding_order: WindingOrder::NonZero },
        });
    }

    /// A rectangle outline, optionally dashed.
    pub(crate) fn stroke_rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb8, dash: bool) {
        let left = self.mx(x, w);
        self.ops.push(Op::SaveGraphicsState);
        self.ops.push(Op::SetOutlineColor { col: rgb(color) });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(1.0) });
        if dash {
            self.ops.push(Op::SetLineDashPattern { dash: printpdf::LineDashPattern::new(0.0, &[4.0, 3.0]) });
        }
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(left),
                y: Pt(self.height - y - h),
                width: Pt(w),
                height: Pt(h),
                mode: Some(PaintMode::Stroke),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
        self.ops.push(Op::RestoreGraphicsState);
    }

    /// A horizontal rule.
    pub(crate) fn hline(&mut self, x: f32, w: f32, y: f32, thickness: f32, color: Rgb8) {
        self.fill_rect(x, y - thickness / 2.0, w, thickness, color);
    }

    /// One line of text with its baseline at `baseline`, aligned in the box [`x`, `x + w`]
    /// (reading direction). Text never leaves the box: it is drawn by the caller's wrapping or
    /// fitting, which keep it no wider than `w`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn text(
        &mut self,
        ctx: &Ctx,
        text: &str,
        style: TextStyle,
        color: Rgb8,
        x: f32,
        w: f32,
        baseline: f32,
        align: Align,
    ) -> f32 {
        let line = shape(ctx.fonts, text, style);
        self.shaped(&line, color, x, w, baseline, align);
        line.width
    }

    /// Draws an already shaped line; see [`Page::text`].
    pub(crate) fn shaped(&mut self, line: &ShapedLine, color: Rgb8, x: f32, w: f32, baseline: f32, align: Align) {
        if line.runs.is_empty() {
            return;
        }
        let left = self.mx(x, w);
        let from_left = match (align, self.rtl) {
            (Align::Center, _) => (w - line.width) / 2.0,
            (Align::Start, false) | (Align::End, true) => 0.0,
            (Align::End, false) | (Align::Start, true) => w - line.width,
        };
        let origin = left + from_left.max(0.0);
        let y = self.height - baseline;
        let size = line.style.size;
        self.ops.push(Op::SaveGraphicsState);
        self.ops.push(Op::StartTextSection);
        self.ops.push(Op::SetFillColor { col: rgb(color) });
        for run in &line.runs {
            // Only the Latin face has a real bold; the others are thickened by stroking their
            // outline in the fill colour.
            let fake_bold = line.style.bold && run.font != FontKind::SansBold;
            if fake_bold {
                self.ops.push(Op::SetOutlineColor { col: rgb(color) });
                self.ops.push(Op::SetOutlineThickness { pt: Pt(size * 0.04) });
                self.ops.push(Op::SetTextRenderingMode { mode: TextRenderingMode::FillStroke });
            }
            self.ops.push(Op::SetFont { font: PdfFontHandle::External(self.font_id(run.font)), size: Pt(size) });
            self.ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(origin + run.x), Pt(y)) });
            self.ops.push(Op::ShowText { items: vec![printpdf::TextItem::GlyphIds(run.glyphs.clone())] });
            if fake_bold {
                self.ops.push(Op::SetTextRenderingMode { mode: TextRenderingMode::Fill });
            }
        }
        self.ops.push(Op::EndTextSection);
        self.ops.push(Op::RestoreGraphicsState);
    }

    /// An image scaled to fit `w` × `h` (aspect kept), anchored at the reading-direction edge.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn image(
        &mut self,
        id: XObjectId,
        px_w: usize,
        px_h: usize,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    ) -> (f32, f32) {
        if px_w == 0 || px_h == 0 {
            return (0.0, 0.0);
        }
        let scale = (w / px_w as f32).min(h / px_h as f32);
        let (dw, dh) = (px_w as f32 * scale, px_h as f32 * scale);
        let left = self.mx(x, dw);
        // At 72 dpi one pixel is one point, so the scale is the pixel → point factor.
        self.ops.push(Op::UseXobject {
            id,
            transform: XObjectTransform {
                translate_x: Some(Pt(left)),
                translate_y: Some(Pt(self.height - y - dh)),
                scale_x: Some(scale),
                scale_y: Some(scale),
                dpi: Some(72.0),
                ..Default::default()
            },
        });
        (dw, dh)
    }

    fn font_id(&self, kind: FontKind) -> FontId {
        font_id(kind)
    }

    pub(crate) fn ops(&self) -> &[Op] {
        &self.ops
    }

    pub(crate) fn ops_mut(&mut self) -> &mut [Op] {
        &mut self.ops
    }
}
