//! Page, text and table helpers shared by every document this crate draws (the quote handout
//! now, the post-show report next). Nothing here knows what a quote is.

pub(crate) mod page;
mod subset;
pub(crate) mod table;
pub(crate) mod text;

use printpdf::{PdfDocument, PdfSaveOptions, RawImage, RawImageData, RawImageFormat, XObjectId};

use crate::fonts::Fonts;
use crate::PdfError;
use page::{Align, Page, Rgb8};
use text::{fit, TextStyle};

/// What drawing needs besides the page: the fonts.
pub(crate) struct Ctx {
    pub fonts: &'static Fonts,
}

/// A document being built: pages share its fonts and images.
pub(crate) struct Doc {
    pdf: PdfDocument,
    pages: Vec<Page>,
    width: f32,
    height: f32,
    rtl: bool,
}

impl Doc {
    /// A document of `width` × `height` points pages.
    pub(crate) fn new(title: &str, width: f32, height: f32, rtl: bool) -> Result<(Doc, Ctx), PdfError> {
        let fonts = Fonts::get()?;
        let pdf = PdfDocument::new(title);
        Ok((Doc { pdf, pages: Vec::new(), width, height, rtl }, Ctx { fonts }))
    }

    pub(crate) fn new_page(&self) -> Page {
        Page::new(self.width, self.height, self.rtl)
    }

    pub(crate) fn push(&mut self, page: Page) {
        self.pages.push(page);
    }

    pub(crate) fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// A PNG or JPEG image for [`Page::image`], scaled down to at most `max_w` × `max_h` pixels
    /// (aspect kept): its id and size in pixels.
    pub(crate) fn add_image(
        &mut self,
        bytes: &[u8],
        max_w: u32,
        max_h: u32,
    ) -> Result<(XObjectId, usize, usize), PdfError> {
        let mut img = image::load_from_memory(bytes).map_err(|e| PdfError::Image(e.to_string()))?;
        if img.width() > max_w || img.height() > max_h {
            img = img.resize(max_w, max_h, image::imageops::FilterType::Triangle);
        }
        let rgba = img.into_rgba8();
        let (w, h) = (rgba.width() as usize, rgba.height() as usize);
        let raw = RawImage {
            pixels: RawImageData::U8(rgba.into_raw()),
            width: w,
            height: h,
            data_format: RawImageFormat::RGBA8,
            tag: Vec::new(),
        };
        Ok((self.pdf.add_image(&raw), w, h))
    }

    /// The PDF file: fonts subset to the glyphs used, streams compressed.
    pub(crate) fn finish(mut self) -> Result<Vec<u8>, PdfError> {
        subset::embed_subsets(&mut self.pdf, &mut self.pages)?;
        let pages = self.pages.into_iter().map(Page::into_pdf_page).collect();
        // Subsetting is done above; printpdf's own would be a no-op without `text_layout`.
        let options = PdfSaveOptions { subset_fonts: false, ..PdfSaveOptions::default() };
        Ok(self.pdf.with_pages(pages).save(&options, &mut Vec::new()))
    }
}

/// A block of wrapped text: lines of `style` (shrunk towards `min_size` first, then cut with
/// "…" after `max_lines`), top at `top`. Returns the height used.
#[allow(clippy::too_many_arguments)]
pub(crate) fn paragraph(
    page: &mut Page,
    ctx: &Ctx,
    text: &str,
    style: TextStyle,
    min_size: f32,
    color: Rgb8,
    x: f32,
    w: f32,
    top: f32,
    max_lines: usize,
    align: Align,
) -> f32 {
    let (style, lines) = fit(ctx.fonts, text, style, min_size, w, max_lines);
    let line_height = style.size * 1.3;
    for (i, line) in lines.iter().enumerate() {
        let baseline = top + style.size + i as f32 * line_height;
        page.text(ctx, line, style, color, x, w, baseline, align);
    }
    lines.len() as f32 * line_height
}
