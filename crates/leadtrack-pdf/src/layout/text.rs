//! Text → positioned glyphs: bidi order, a face per character, shaping, measuring, wrapping.
//!
//! printpdf maps characters to glyphs one at a time, which leaves Persian unjoined and in the
//! wrong order. So every line is shaped here with rustybuzz (the HarfBuzz algorithm): visual runs
//! from the Unicode bidi algorithm, each split by face and shaped in its direction. Each glyph
//! carries the text of its cluster, which printpdf writes into the font's ToUnicode map, so
//! `pdftotext` and copy-paste give back the logical text.

use printpdf::Codepoint;
use rustybuzz::{Direction, UnicodeBuffer};
use unicode_bidi::BidiInfo;

use crate::fonts::{is_cjk, is_neutral, FontKind, Fonts};

/// Font size and weight of a piece of text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TextStyle {
    pub size: f32,
    pub bold: bool,
}

impl TextStyle {
    pub(crate) fn regular(size: f32) -> Self {
        TextStyle { size, bold: false }
    }
    pub(crate) fn bold(size: f32) -> Self {
        TextStyle { size, bold: true }
    }
}

/// Glyphs of one face, in visual order, starting `x` points from the line's left edge.
#[derive(Debug, Clone)]
pub(crate) struct GlyphRun {
    pub font: FontKind,
    pub x: f32,
    pub glyphs: Vec<Codepoint>,
}

/// One shaped line, ready to draw.
#[derive(Debug, Clone)]
pub(crate) struct ShapedLine {
    pub style: TextStyle,
    pub runs: Vec<GlyphRun>,
    pub width: f32,
}

/// Visitor text is data: control characters (newlines, tabs) become spaces, runs of spaces
/// collapse, and bidi embeddings and overrides (which could reverse the text around them) are
/// dropped. Isolates stay: they only ever affect the string they are in, and [`labelled`] uses
/// them to keep a value's direction inside a label.
pub(crate) fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if matches!(c, '\u{202A}'..='\u{202E}') {
            continue;
        }
        let c = if c.is_control() { ' ' } else { c };
        if c.is_whitespace() {
            if !space && !out.is_empty() {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// "label value" where the value keeps its own direction: a phone number after a Persian label
/// reads "+49 30 1234567", not "1234567 30 49+". The value is wrapped in a first-strong isolate.
pub(crate) fn labelled(label: &str, value: &str) -> String {
    let value: String = value.chars().filter(|c| !is_bidi_control(*c)).collect();
    match (label.trim().is_empty(), value.trim().is_empty()) {
        (_, true) => String::new(),
        (true, false) => value,
        (false, false) => format!("{} \u{2068}{}\u{2069}", label.trim(), value.trim()),
    }
}

/// Invisible format characters (joiners, marks, isolates, soft hyphen, BOM).
fn is_default_ignorable(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}')
}

/// Characters that steer bidi ordering and draw nothing; they are never shaped.
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Shapes `text` (already one line, see [`clean`]) in visual order.
pub(crate) fn shape(fonts: &Fonts, text: &str, style: TextStyle) -> ShapedLine {
    let mut line = ShapedLine { style, runs: Vec::new(), width: 0.0 };
    if text.is_empty() {
        return line;
    }
    let info = BidiInfo::new(text, None);
    let Some(para) = info.paragraphs.first() else {
        return line;
    };
    let (levels, visual_runs) = info.visual_runs(para, para.range.clone());
    for range in visual_runs {
        let rtl = levels[range.start].is_rtl();
        let mut segments = segment_by_font(fonts, &text[range.clone()], style.bold);
        if rtl {
            segments.reverse();
        }
        for (font, segment) in segments {
            let (glyphs, width) = shape_segment(fonts, font, segment, rtl, style.size);
            line.runs.push(GlyphRun { font, x: line.width, glyphs });
            line.width += width;
        }
    }
    line
}

/// Splits logical text into (face, text) pieces; neutral characters join the piece they are in.
fn segment_by_font<'a>(fonts: &Fonts, text: &'a str, bold: bool) -> Vec<(FontKind, &'a str)> {
    let mut out: Vec<(FontKind, &'a str)> = Vec::new();
    let mut start = 0;
    let mut current: Option<FontKind> = None;
    for (i, c) in text.char_indices() {
        if is_bidi_control(c) {
            // Already applied by the bidi algorithm; the piece ends here and the control is
            // left out (shaped, it would become a zero-width space glyph in the text layer).
            if let Some(f) = current.take() {
                out.push((f, &text[start..i]));
            }
            start = i + c.len_utf8();
            continue;
        }
        let font = match current {
            Some(f) if is_neutral(c) && (fonts.has_glyph(f, c) || c.is_whitespace()) => f,
            _ => fonts.pick(c, bold),
        };
        if let Some(f) = current.filter(|f| *f != font) {
            out.push((f, &text[start..i]));
            start = i;
        }
        current = Some(font);
    }
    if let Some(f) = current {
        out.push((f, &text[start..]));
    }
    out.retain(|(_, s)| !s.is_empty());
    out
}

/// Shapes one piece in one face. Returns its glyphs (with the kerning printpdf needs to place
/// them where the shaper put them) and its width in points.
fn shape_segment(fonts: &Fonts, font: FontKind, text: &str, rtl: bool, size: f32) -> (Vec<Codepoint>, f32) {
    let face = fonts.face(font);
    let upem = face.units_per_em() as f32;
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.set_direction(if rtl { Direction::RightToLeft } else { Direction::LeftToRight });
    buffer.guess_segment_properties();
    let shaped = rustybuzz::shape(face, &[], buffer);
    let infos = shaped.glyph_infos();
    let positions = shaped.glyph_positions();

    // Cluster boundaries in logical order give each cluster its text.
    let mut bounds: Vec<usize> = infos.iter().map(|g| g.cluster as usize).collect();
    bounds.sort_unstable();
    bounds.dedup();
    let text_of = |cluster: usize| -> String {
        let next = bounds.iter().copied().find(|b| *b > cluster).unwrap_or(text.len());
        text.get(cluster..next).unwrap_or_default().to_string()
    };

    let mut glyphs = Vec::with_capacity(infos.len());
    let mut seen_clusters = Vec::with_capacity(infos.len());
    let mut width_units = 0i64;
    for (info, pos) in infos.iter().zip(positions) {
        let gid = u16::try_from(info.glyph_id).unwrap_or(0);
        let cluster = info.cluster as usize;
        // The shaper turns invisible format characters (ZWNJ in "پیش‌فاکتور") into the space
        // glyph with no advance. Kept, that glyph would map to ZWNJ in the ToUnicode table and
        // every real space in the font would extract as ZWNJ; it draws nothing, so drop it.
        if text_of(cluster).chars().all(is_default_ignorable) {
            width_units += i64::from(pos.x_advance);
            continue;
        }
        // The first glyph of a cluster carries its text; marks and pieces after it carry none,
        // so extraction does not repeat letters.
        let cid = if gid == 0 {
            // No face has this character (an emoji): it shows as the missing-glyph box, and all
            // such boxes share one glyph, so they extract as U+FFFD rather than as one of them.
            "\u{FFFD}".to_string()
        } else if seen_clusters.contains(&cluster) {
            String::new()
        } else {
            seen_clusters.push(cluster);
            text_of(cluster)
        };
        // printpdf advances by the font's nominal width (`/W`, in thousandths of an em, truncated
        // as printpdf does); the difference to the shaped advance goes in as a TJ adjustment.
        let nominal = face
            .glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(gid))
            .map(|w| (f32::from(w) * 1000.0 / upem) as i64)
            .unwrap_or(0);
        let shaped_advance = f64::from(pos.x_advance) * 1000.0 / f64::from(upem);
        let offset = (nominal as f64 - shaped_advance) as f32;
        glyphs.push(Codepoint { gid, offset, cid: Some(cid) });
        width_units += i64::from(pos.x_advance);
    }
    let width = width_units as f32 * size / upem;
    (glyphs, width)
}

/// Width of `text` in points.
pub(crate) fn measure(fonts: &Fonts, text: &str, style: TextStyle) -> f32 {
    shape(fonts, text, style).width
}

/// The most characters of one text that are laid out (a full page of small print is ~6,000).
const MAX_CHARS: usize = 4_000;

/// Breaks `text` into lines no wider than `max_width`: at spaces, and between CJK characters.
/// A word wider than a line is broken between characters.
pub(crate) fn wrap(fonts: &Fonts, text: &str, style: TextStyle, max_width: f32) -> Vec<String> {
    let mut text = clean(text);
    // No box on a page holds more; a pasted novel must not cost seconds of shaping.
    if let Some((cut, _)) = text.char_indices().nth(MAX_CHARS) {
        text.truncate(cut);
        text.push('…');
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    for token in tokens(&text) {
        let candidate = if line.is_empty() { token.trim_start().to_string() } else { format!("{line}{token}") };
        if measure(fonts, candidate.trim_end(), style) <= max_width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(line.trim_end().to_string());
        }
        line = String::new();
        // The token alone: split it by characters if it still does not fit.
        for c in token.trim_start().chars() {
            let mut next = line.clone();
            next.push(c);
            if !line.is_empty() && measure(fonts, next.trim_end(), style) > max_width {
                lines.push(line.trim_end().to_string());
                line = c.to_string();
            } else {
                line = next;
            }
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// Break units: a word with the space before it, or a single CJK character.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let boundary = match prev {
            None => false,
            Some(p) => (c == ' ' && p != ' ') || is_cjk(c) || (is_cjk(p) && c != ' '),
        };
        if boundary && i > start {
            out.push(&text[start..i]);
            start = i;
        }
        prev = Some(c);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Text fitted into a box: shrunk from `style.size` down to `min_size` until it takes at most
/// `max_lines` lines of `max_width`; at `min_size` what still does not fit is cut with "…".
pub(crate) fn fit(
    fonts: &Fonts,
    text: &str,
    style: TextStyle,
    min_size: f32,
    max_width: f32,
    max_lines: usize,
) -> (TextStyle, Vec<String>) {
    let mut style = style;
    loop {
        let lines = wrap(fonts, text, style, max_width);
        if lines.len() <= max_lines.max(1) {
            return (style, lines);
        }
        if style.size - 0.5 < min_size {
            return (style, truncate(fonts, lines, style, max_width, max_lines.max(1)));
        }
        style.size -= 0.5;
    }
}

fn truncate(fonts: &Fonts, mut lines: Vec<String>, style: TextStyle, max_width: f32, max_lines: usize) -> Vec<String> {
    lines.truncate(max_lines);
    if let Some(last) = lines.last_mut() {
        let mut chars: Vec<char> = last.chars().collect();
        loop {
            let candidate: String = chars.iter().collect::<String>().trim_end().to_string() + "…";
            if chars.is_empty() || measure(fonts, &candidate, style) <= max_width {
                *last = candidate;
                break;
            }
            chars.pop();
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> &'static Fonts {
        Fonts::get().unwrap()
    }

    fn texts(line: &ShapedLine) -> Vec<String> {
        line.runs.iter().flat_map(|r| r.glyphs.iter().map(|g| g.cid.clone().unwrap_or_default())).collect()
    }

    #[test]
    fn persian_is_joined_and_laid_out_right_to_left() {
        let line = shape(fonts(), "سارا", TextStyle::regular(12.0));
        assert_eq!(line.runs.len(), 1);
        assert_eq!(line.runs[0].font, FontKind::Arabic);
        // Visual order: the last letter is drawn first (leftmost).
        assert_eq!(texts(&line), ["ا", "ر", "ا", "س"]);
        // Joining: the initial form of س differs from the isolated letter's glyph.
        let isolated = shape(fonts(), "س", TextStyle::regular(12.0));
        let gid = |l: &ShapedLine, i: usize| l.runs[0].glyphs[i].gid;
        assert_ne!(gid(&line, 3), gid(&isolated, 0));
    }

    #[test]
    fn each_script_gets_a_face_that_has_it() {
        let line = shape(fonts(), "Wang 王伟 سارا", TextStyle::regular(12.0));
        let faces: Vec<FontKind> = line.runs.iter().map(|r| r.font).collect();
        assert_eq!(faces, [FontKind::Sans, FontKind::Cjk, FontKind::Arabic]);
        assert!(line.runs.iter().all(|r| r.glyphs.iter().all(|g| g.gid != 0)), "no missing glyphs");
        let bold = shape(fonts(), "Wang", TextStyle::bold(12.0));
        assert_eq!(bold.runs[0].font, FontKind::SansBold);
    }

    #[test]
    fn wrapped_lines_fit_their_width_and_keep_every_character() {
        let style = TextStyle::regular(10.0);
        for text in [
            "Kraft mailer box 30×20×10 cm with two-colour print and a matt varnish",
            "深圳市华强电子有限公司深圳市华强电子有限公司深圳市华强电子有限公司",
            "Pneumatischerhochleistungsverpackungsautomat",
            "سارا احمدی شرکت بازرگانی پارس تهران",
        ] {
            let lines = wrap(fonts(), text, style, 80.0);
            assert!(lines.len() > 1, "{text}");
            for line in &lines {
                assert!(measure(fonts(), line, style) <= 80.0, "{line:?} is wider than 80 pt");
            }
            let joined: String = lines.concat().chars().filter(|c| !c.is_whitespace()).collect();
            let original: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(joined, original);
        }
    }

    #[test]
    fn fit_shrinks_before_it_cuts_and_cuts_with_an_ellipsis() {
        let style = TextStyle::bold(20.0);
        let (shrunk, lines) = fit(fonts(), "Maximiliane Hohenzollern", style, 10.0, 150.0, 1);
        assert!(shrunk.size < 20.0 && shrunk.size >= 10.0 && lines.len() == 1, "{shrunk:?} {lines:?}");
        assert!(!lines[0].ends_with('…'));
        let long = "Maximiliane Alexandra Friederike von Hohenzollern ".repeat(5);
        let (small, lines) = fit(fonts(), &long, style, 10.0, 150.0, 2);
        assert_eq!(small.size, 10.0);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'));
        assert!(measure(fonts(), &lines[1], small) <= 150.0);
    }

    #[test]
    fn clean_makes_visitor_text_one_line_without_direction_overrides() {
        assert_eq!(clean("  Eve\n\r\tSmith\u{0}\u{202E}evil  "), "Eve Smith evil");
    }

    #[test]
    fn a_value_in_a_label_keeps_its_own_direction() {
        let text = labelled("تلفن", "+49 30 1234567");
        let line = shape(fonts(), &text, TextStyle::regular(10.0));
        // Drawn left to right: the number in typed order, then the label (right-to-left).
        let drawn: String = texts(&line).concat();
        assert!(drawn.starts_with("+49 30 1234567"), "{drawn:?}");
        assert_eq!(labelled("Phone", ""), "");
    }
}
