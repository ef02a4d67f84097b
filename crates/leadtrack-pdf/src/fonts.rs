//! The embedded fonts and the choice of font per character.
//!
//! The fonts are compiled in (`include_bytes!`) rather than read from `assets/` at run time: the
//! app, the CLI and the tests then render the same glyphs wherever they run, with no resource
//! path to resolve inside a bundle and no "font missing" error to handle at a booth. A document
//! embeds only the glyphs it uses (`layout::subset`), so a handout stays small.

use std::sync::OnceLock;

use rustybuzz::Face;

use crate::PdfError;

const NOTO_SANS: &[u8] = include_bytes!("../../../assets/fonts/NotoSans-Regular.ttf");
const NOTO_SANS_BOLD: &[u8] = include_bytes!("../../../assets/fonts/NotoSans-Bold.ttf");
const NOTO_SANS_ARABIC: &[u8] = include_bytes!("../../../assets/fonts/NotoSansArabic-Regular.ttf");
const DROID_SANS_FALLBACK: &[u8] = include_bytes!("../../../assets/fonts/DroidSansFallbackFull.ttf");

/// One of the embedded faces. Latin, Greek and Cyrillic come from Noto Sans (with a real bold),
/// Arabic script (Persian) from Noto Sans Arabic, Chinese, Japanese and Korean from Droid Sans
/// Fallback. Bold in the last two is drawn by stroking the outline (see `Page::text`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FontKind {
    Sans = 0,
    SansBold = 1,
    Arabic = 2,
    Cjk = 3,
}

pub(crate) const ALL_FONTS: [FontKind; 4] = [FontKind::Sans, FontKind::SansBold, FontKind::Arabic, FontKind::Cjk];

pub(crate) struct Fonts {
    faces: Vec<Face<'static>>,
}

impl FontKind {
    /// The font file.
    pub(crate) fn bytes(self) -> &'static [u8] {
        match self {
            FontKind::Sans => NOTO_SANS,
            FontKind::SansBold => NOTO_SANS_BOLD,
            FontKind::Arabic => NOTO_SANS_ARABIC,
            FontKind::Cjk => DROID_SANS_FALLBACK,
        }
    }

    /// PostScript name, for the PDF's font dictionary.
    pub(crate) fn postscript_name(self) -> &'static str {
        match self {
            FontKind::Sans => "NotoSans-Regular",
            FontKind::SansBold => "NotoSans-Bold",
            FontKind::Arabic => "NotoSansArabic-Regular",
            FontKind::Cjk => "DroidSansFallbackFull",
        }
    }
}

impl Fonts {
    /// Parsed once per process.
    pub(crate) fn get() -> Result<&'static Fonts, PdfError> {
        static FONTS: OnceLock<Result<Fonts, String>> = OnceLock::new();
        FONTS.get_or_init(Fonts::load).as_ref().map_err(|e| PdfError::Font(e.clone()))
    }

    fn load() -> Result<Fonts, String> {
        let faces = ALL_FONTS
            .iter()
            .map(|kind| Face::from_slice(kind.bytes(), 0).ok_or_else(|| format!("cannot read {kind:?}")))
            .collect::<Result<_, _>>()?;
        Ok(Fonts { faces })
    }

    pub(crate) fn face(&self, kind: FontKind) -> &Face<'static> {
        &self.faces[kind as usize]
    }

    pub(crate) fn has_glyph(&self, kind: FontKind, c: char) -> bool {
        self.face(kind).glyph_index(c).is_some()
    }

    /// The face for `c`: the primary (regular or bold Latin) face when it has the character,
    /// else the first fallback that does. Characters no face has stay in the primary face (they
    /// show as the missing-glyph box rather than disappearing).
    pub(crate) fn pick(&self, c: char, bold: bool) -> FontKind {
        let primary = if bold { FontKind::SansBold } else { FontKind::Sans };
        // Arabic-script characters go to the Arabic face even if the Latin face had a glyph,
        // so a Persian word is shaped by one face with its joining tables.
        if is_arabic_script(c) && self.has_glyph(FontKind::Arabic, c) {
            return FontKind::Arabic;
        }
        [primary, FontKind::Arabic, FontKind::Cjk].into_iter().find(|k| self.has_glyph(*k, c)).unwrap_or(primary)
    }
}

pub(crate) fn is_arabic_script(c: char) -> bool {
    matches!(c as u32,
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF)
}

/// Characters that take the face of the text around them (so "سارا احمدی" is one run, and a
/// space between two Chinese words does not switch to the Latin face and back).
pub(crate) fn is_neutral(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200C}' | '\u{200D}') || (c.is_ascii_punctuation() && !c.is_alphanumeric())
}

/// Characters a line may break after or before without a space (CJK ideographs, kana, hangul
/// and fullwidth punctuation).
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}
