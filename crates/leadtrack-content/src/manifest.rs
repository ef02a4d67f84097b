//! `manifest.json`: what a pack holds, checked field by field before anything is trusted.
//!
//! ```json
//! { "format": 1, "pack_version": "2026-11-demo", "items": [
//!   { "id": "brochure-en", "title": "Product brochure", "kind": "pdf", "language": "en",
//!     "tags": ["brochure"], "path": "brochure-en.pdf", "sha256": "…64 hex…", "size": 1234,
//!     "public_url": "https://example.com/brochure.pdf" } ] }
//! ```

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::{check_path, MAX_FILE_BYTES, MAX_ITEMS, MAX_MANIFEST_BYTES, MAX_PACK_BYTES};

/// The manifest's name at the root of a pack folder, a zip and the endpoint's content route.
pub const MANIFEST_FILE: &str = "manifest.json";

/// What a pack, a file or a path did wrong. The messages are shown to the rep as they are.
#[derive(Debug, thiserror::Error)]
pub enum ContentError {
    #[error("The content pack's manifest is not valid: {0}")]
    Manifest(String),
    #[error("The content pack names an unsafe path {path:?}: {why}.")]
    UnsafePath { path: String, why: &'static str },
    #[error("The content pack's file {path} is a link; packs may only hold plain files.")]
    Link { path: String },
    #[error("The content pack's file {path} is missing.")]
    Missing { path: String },
    #[error("The content pack's file {path} is damaged: its contents do not match the manifest ({why}).")]
    Corrupt { path: String, why: String },
    #[error("The content pack is too large: {what} is over the limit of {limit} bytes.")]
    TooLarge { what: String, limit: u64 },
    #[error("The content pack's file {path} is not a {kind} file.")]
    WrongType { path: String, kind: &'static str },
    #[error("The content pack could not be read: {0}")]
    Io(#[from] std::io::Error),
    #[error("The zip file could not be read: {0}")]
    Zip(String),
}

/// The four kinds the presenter can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "MaterialKind")]
pub enum Kind {
    Pdf,
    Image,
    Video,
    Markdown,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Pdf, Kind::Image, Kind::Video, Kind::Markdown];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Pdf => "pdf",
            Kind::Image => "image",
            Kind::Video => "video",
            Kind::Markdown => "markdown",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One entry of a pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Stable across pack versions: interactions name it.
    pub id: String,
    pub title: String,
    pub kind: Kind,
    /// A BCP 47 tag: `en`, `zh-CN`, `fa`.
    pub language: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Where the file is inside the pack folder or zip (the endpoint serves it by hash).
    pub path: String,
    /// Lower-case hex SHA-256 of the file: its name in the cache.
    pub sha256: String,
    pub size: u64,
    /// Where a visitor's phone can fetch it (shown as a QR code); http(s) only.
    #[serde(default)]
    pub public_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Manifest format; only 1 exists.
    pub format: u32,
    /// Names this pack; a device shows which version it carries.
    pub pack_version: String,
    pub items: Vec<Item>,
}

impl Manifest {
    /// Parses and checks a manifest: every field, unique ids and paths (paths compared without
    /// case, as Windows and macOS do), the size limits.
    pub fn parse(bytes: &[u8]) -> Result<Manifest, ContentError> {
        if bytes.len() as u64 > MAX_MANIFEST_BYTES {
            return Err(ContentError::TooLarge { what: "the manifest".into(), limit: MAX_MANIFEST_BYTES });
        }
        let m: Manifest = serde_json::from_slice(bytes).map_err(|e| ContentError::Manifest(e.to_string()))?;
        m.check()?;
        Ok(m)
    }

    pub fn check(&self) -> Result<(), ContentError> {
        let bad = |msg: String| Err(ContentError::Manifest(msg));
        if self.format != 1 {
            return bad(format!("format {} is not supported (this version reads format 1)", self.format));
        }
        if !is_token(&self.pack_version, 64) {
            return bad("pack_version must be 1–64 letters, digits, '.', '_' or '-'".into());
        }
        if self.items.len() > MAX_ITEMS {
            return bad(format!("more than {MAX_ITEMS} items"));
        }
        let (mut ids, mut paths, mut total) = (HashSet::new(), HashSet::new(), 0u64);
        for item in &self.items {
            item.check()?;
            if !ids.insert(item.id.as_str()) {
                return bad(format!("the id {:?} is used twice", item.id));
            }
            if !paths.insert(item.path.to_lowercase()) {
                return bad(format!("the path {:?} is used twice", item.path));
            }
            total = total.saturating_add(item.size);
        }
        if total > MAX_PACK_BYTES {
            return Err(ContentError::TooLarge { what: "the whole pack".into(), limit: MAX_PACK_BYTES });
        }
        Ok(())
    }

    /// The sum of the items' sizes.
    pub fn total_bytes(&self) -> u64 {
        self.items.iter().map(|i| i.size).sum()
    }
}

impl Item {
    fn check(&self) -> Result<(), ContentError> {
        let bad = |msg: String| Err(ContentError::Manifest(format!("item {:?}: {msg}", self.id)));
        if !is_token(&self.id, 64) {
            return bad("the id must be 1–64 letters, digits, '.', '_' or '-'".into());
        }
        if self.title.trim().is_empty() || self.title.chars().count() > 200 {
            return bad("the title must be 1–200 characters".into());
        }
        if !is_language(&self.language) {
            return bad(format!("{:?} is not a language tag such as en, zh-CN or fa", self.language));
        }
        if self.tags.len() > 20 || self.tags.iter().any(|t| t.trim().is_empty() || t.chars().count() > 40) {
            return bad("at most 20 tags of 1–40 characters".into());
        }
        check_path(&self.path)?;
        if self.sha256.len() != 64 || !self.sha256.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return bad("sha256 must be 64 lower-case hex digits".into());
        }
        if self.size > MAX_FILE_BYTES {
            return Err(ContentError::TooLarge { what: self.path.clone(), limit: MAX_FILE_BYTES });
        }
        if let Some(url) = &self.public_url {
            let lower = url.to_ascii_lowercase();
            let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
                && url.len() <= 2000
                && !url.chars().any(|c| c.is_control() || c.is_whitespace());
            if !ok {
                return bad("public_url must be an http(s) address".into());
            }
        }
        Ok(())
    }
}

fn is_token(s: &str, max: usize) -> bool {
    !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// `en`, `zh-CN`, `fa`, `pt-BR`, `zh-Hant-TW`: a 2–3 letter language and alphanumeric subtags.
fn is_language(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or_default();
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// Checks a file against its manifest entry — size, hash, then its magic bytes against the
/// kind — and returns the MIME type the webview is told.
pub fn check_file(item: &Item, bytes: &[u8]) -> Result<&'static str, ContentError> {
    if bytes.len() as u64 != item.size {
        return Err(ContentError::Corrupt {
            path: item.path.clone(),
            why: format!("{} bytes, the manifest says {}", bytes.len(), item.size),
        });
    }
    if sha256_hex(bytes) != item.sha256 {
        return Err(ContentError::Corrupt { path: item.path.clone(), why: "its SHA-256 differs".into() });
    }
    mime(item.kind, bytes).ok_or(ContentError::WrongType { path: item.path.clone(), kind: item.kind.as_str() })
}

/// The MIME type of `bytes` if they are what `kind` says, by magic bytes, never by name.
pub fn mime(kind: Kind, b: &[u8]) -> Option<&'static str> {
    match kind {
        Kind::Pdf => b.starts_with(b"%PDF-").then_some("application/pdf"),
        Kind::Image if b.starts_with(b"\x89PNG\r\n\x1a\n") => Some("image/png"),
        Kind::Image if b.starts_with(b"\xff\xd8\xff") => Some("image/jpeg"),
        Kind::Image if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") => Some("image/gif"),
        Kind::Image if b.len() >= 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP" => Some("image/webp"),
        Kind::Image => None,
        Kind::Video if b.starts_with(b"\x1a\x45\xdf\xa3") => Some("video/webm"),
        Kind::Video if b.len() >= 8 && &b[4..8] == b"ftyp" => Some("video/mp4"),
        Kind::Video => None,
        Kind::Markdown => std::str::from_utf8(b).is_ok().then_some("text/markdown; charset=utf-8"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(path: &str) -> serde_json::Value {
        serde_json::json!({
            "id": "brochure", "title": "Brochure", "kind": "pdf", "language": "en", "tags": ["a"],
            "path": path, "sha256": "a".repeat(64), "size": 10, "public_url": "https://example.com/b.pdf"
        })
    }

    fn manifest(items: Vec<serde_json::Value>) -> Vec<u8> {
        serde_json::to_vec(&serde_json::json!({ "format": 1, "pack_version": "v1", "items": items })).unwrap()
    }

    #[test]
    fn a_well_formed_manifest_parses() {
        let m = Manifest::parse(&manifest(vec![item("docs/b.pdf")])).unwrap();
        assert_eq!(m.items[0].kind, Kind::Pdf);
        assert_eq!(m.total_bytes(), 10);
    }

    #[test]
    fn hostile_paths_in_a_manifest_are_refused() {
        for path in ["../x.pdf", "/etc/passwd", "C:\\x.pdf", "a/../../x", "C:/x.pdf", "a\\..\\x"] {
            let err = Manifest::parse(&manifest(vec![item(path)])).unwrap_err();
            assert!(matches!(err, ContentError::UnsafePath { .. }), "{path}: {err}");
        }
    }

    #[test]
    fn each_bad_field_is_named_in_the_error() {
        let cases: Vec<(&str, serde_json::Value, &str)> = vec![
            ("kind", serde_json::json!("exe"), "unknown variant"),
            ("language", serde_json::json!("english!"), "language tag"),
            ("sha256", serde_json::json!("ABC"), "sha256"),
            ("size", serde_json::json!(MAX_FILE_BYTES + 1), "too large"),
            ("public_url", serde_json::json!("javascript:alert(1)"), "public_url"),
            ("id", serde_json::json!("a b"), "id must be"),
            ("title", serde_json::json!("  "), "title"),
            ("extra", serde_json::json!(1), "unknown field"),
        ];
        for (field, value, expected) in cases {
            let mut it = item("b.pdf");
            it[field] = value;
            let err = Manifest::parse(&manifest(vec![it])).unwrap_err().to_string();
            assert!(err.contains(expected), "{field}: {err}");
        }
    }

    #[test]
    fn duplicate_ids_and_paths_differing_only_in_case_are_refused() {
        let mut second = item("B.PDF");
        second["id"] = "other".into();
        let err = Manifest::parse(&manifest(vec![item("b.pdf"), second])).unwrap_err().to_string();
        assert!(err.contains("used twice"), "{err}");
        let err = Manifest::parse(&manifest(vec![item("b.pdf"), item("c.pdf")])).unwrap_err().to_string();
        assert!(err.contains("\"brochure\" is used twice"), "{err}");
    }

    #[test]
    fn a_file_is_checked_for_size_hash_and_kind() {
        let pdf = b"%PDF-1.4 hello".to_vec();
        let mut it: Item = serde_json::from_value(item("b.pdf")).unwrap();
        it.size = pdf.len() as u64;
        it.sha256 = sha256_hex(&pdf);
        assert_eq!(check_file(&it, &pdf).unwrap(), "application/pdf");
        let mut flipped = pdf.clone();
        flipped[10] ^= 1;
        assert!(matches!(check_file(&it, &flipped), Err(ContentError::Corrupt { .. })));
        assert!(matches!(check_file(&it, b"short"), Err(ContentError::Corrupt { .. })));
        let html = b"<script>alert(1)</script>".to_vec();
        it.size = html.len() as u64;
        it.sha256 = sha256_hex(&html);
        assert!(matches!(check_file(&it, &html), Err(ContentError::WrongType { .. })));
    }
}
