//! Embedding only the glyphs a document uses.
//!
//! printpdf subsets fonts only with its `text_layout` feature (azul's layout engine and
//! fontconfig); without it, it would embed the whole 4 MB CJK face. So pages are drawn with the
//! faces' own glyph ids, and when the document is finished each face used is cut down to its
//! glyphs with allsorts (the subsetter printpdf itself uses), the glyph ids in the pages are
//! renumbered to the subset's, and the subset is what printpdf embeds. The ToUnicode map
//! printpdf writes comes from the text each glyph carries, so extraction is unaffected.

use std::collections::BTreeMap;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};
use printpdf::{Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, TextItem};

use crate::fonts::{FontKind, ALL_FONTS};
use crate::layout::page::{font_id, Page};
use crate::PdfError;

/// Subsets every face the pages use into `pdf` and renumbers the pages' glyphs to match.
pub(crate) fn embed_subsets(pdf: &mut PdfDocument, pages: &mut [Page]) -> Result<(), PdfError> {
    let mut used: BTreeMap<usize, Vec<u16>> = BTreeMap::new();
    for_each_glyph_run(pages, |kind, glyphs| {
        let list = used.entry(kind).or_default();
        list.extend(glyphs.iter().map(|g| g.gid));
    });
    // The ToUnicode map has one text per glyph, and printpdf keeps the last it sees. A glyph that
    // is the second of a cluster somewhere (text "") must not erase its text from elsewhere, so
    // every use of a glyph carries the first non-empty text seen for it.
    let mut texts: BTreeMap<(usize, u16), String> = BTreeMap::new();
    for_each_glyph_run(pages, |kind, glyphs| {
        for g in glyphs {
            if let Some(text) = g.cid.as_ref().filter(|t| !t.is_empty()) {
                texts.entry((kind, g.gid)).or_insert_with(|| text.clone());
            }
        }
    });
    let mut remaps: BTreeMap<usize, BTreeMap<u16, u16>> = BTreeMap::new();
    for (kind_index, mut gids) in used {
        let Some(kind) = ALL_FONTS.get(kind_index).copied() else {
            continue;
        };
        gids.retain(|g| *g != 0);
        gids.sort_unstable();
        gids.dedup();
        // allsorts wants .notdef first and no duplicates; glyph i of the subset is ids[i].
        let ids: Vec<u16> = std::iter::once(0).chain(gids).collect();
        let bytes = subset_face(kind, &ids)?;
        let mut parsed = ParsedFont::from_bytes(&bytes, 0, &mut Vec::new())
            .ok_or_else(|| PdfError::Font(format!("cannot read the subset of {kind:?}")))?;
        // The six-letter tag marks a subset (PDF 32000 9.6.4); it is derived from the glyphs, so
        // the same text gives the same name.
        parsed.font_name = Some(format!("{}+{}", tag(&ids), kind.postscript_name()));
        pdf.resources.fonts.map.insert(font_id(kind), PdfFont::new(parsed));
        let remap = ids.iter().enumerate().map(|(new, old)| (*old, new as u16)).collect();
        remaps.insert(kind_index, remap);
    }
    for page in pages.iter_mut() {
        let mut current: Option<usize> = None;
        for op in page.ops_mut() {
            match op {
                Op::SetFont { font: PdfFontHandle::External(id), .. } => current = kind_of(&id.0),
                Op::ShowText { items } => {
                    let Some(remap) = current.and_then(|k| remaps.get(&k)) else { continue };
                    for item in items {
                        if let TextItem::GlyphIds(glyphs) = item {
                            for g in glyphs {
                                if let Some(text) = current.and_then(|k| texts.get(&(k, g.gid))) {
                                    g.cid = Some(text.clone());
                                }
                                g.gid = remap.get(&g.gid).copied().unwrap_or(0);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    Ok(())
}

fn subset_face(kind: FontKind, ids: &[u16]) -> Result<Vec<u8>, PdfError> {
    let err = |e: String| PdfError::Font(format!("subsetting {kind:?}: {e}"));
    let font = ReadScope::new(kind.bytes()).read::<FontData<'_>>().map_err(|e| err(e.to_string()))?;
    let provider = font.table_provider(0).map_err(|e| err(e.to_string()))?;
    subset(&provider, ids, &SubsetProfile::Pdf, CmapTarget::Unicode).map_err(|e| err(e.to_string()))
}

fn for_each_glyph_run(pages: &[Page], mut f: impl FnMut(usize, &[printpdf::Codepoint])) {
    for page in pages {
        let mut current: Option<usize> = None;
        for op in page.ops() {
            match op {
                Op::SetFont { font: PdfFontHandle::External(id), .. } => current = kind_of(&id.0),
                Op::ShowText { items } => {
                    let Some(kind) = current else { continue };
                    for item in items {
                        if let TextItem::GlyphIds(glyphs) = item {
                            f(kind, glyphs);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// `F2` → 2 (see `page::font_id`).
fn kind_of(id: &str) -> Option<usize> {
    id.strip_prefix('F')?.parse().ok()
}

/// Six capital letters from the glyph list (FNV-1a).
fn tag(ids: &[u16]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for id in ids {
        for b in id.to_be_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    (0..6).map(|i| char::from(b'A' + ((h >> (i * 8)) % 26) as u8)).collect()
}
