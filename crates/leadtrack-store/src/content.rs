//! The content pack in use: files content-addressed under `<data dir>/content/<sha256>`, the
//! pack's manifest and one row per item in the database.
//!
//! Installing a pack (from a folder, a zip or a finished download) first puts every file in
//! the cache and checks it against the manifest (size, SHA-256, magic bytes); only when all of
//! them are good does one IMMEDIATE transaction replace the rows. Any error before that leaves
//! the previous pack in use, and its files stay: the cache only ever gains files.

use std::fs;
use std::path::{Path, PathBuf};

use leadtrack_content::import::PackSource;
use leadtrack_content::{check_file, markdown, ContentError, Item, Kind, Manifest};
use leadtrack_domain::{Interaction, InteractionKind};
use rusqlite::{params, OptionalExtension, Row, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{now_ms, Error, Result, Store};

/// One item of the pack in use, as the library lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Material {
    pub id: String,
    pub title: String,
    pub kind: Kind,
    pub language: String,
    pub tags: Vec<String>,
    pub sha256: String,
    #[ts(type = "number")]
    pub bytes: i64,
    pub mime: String,
    pub public_url: Option<String>,
    pub pack_version: String,
}

/// The pack in use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ContentPack {
    pub version: String,
    /// download | folder | zip | demo
    pub origin: String,
    #[ts(type = "number")]
    pub installed_at: i64,
    #[ts(type = "number")]
    pub items: i64,
    #[ts(type = "number")]
    pub bytes: i64,
}

/// The library's filters; empty means "all".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MaterialQuery {
    /// Matches the title, the tags and a Markdown page's text.
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub kind: Option<Kind>,
}

/// The most one [`Store::material_range`] call returns.
pub const MAX_RANGE_BYTES: u64 = 4 * 1024 * 1024;

const COLUMNS: &str =
    "m.id, m.title, m.kind, m.language, m.tags_json, m.sha256, m.bytes, m.mime, m.public_url, p.version";

fn from_row(r: &Row) -> rusqlite::Result<Material> {
    let kind: String = r.get(2)?;
    let tags: String = r.get(4)?;
    Ok(Material {
        id: r.get(0)?,
        title: r.get(1)?,
        kind: Kind::parse(&kind).unwrap_or(Kind::Markdown),
        language: r.get(3)?,
        tags: serde_json::from_str(&tags).unwrap_or_default(),
        sha256: r.get(5)?,
        bytes: r.get(6)?,
        mime: r.get(7)?,
        public_url: r.get(8)?,
        pack_version: r.get(9)?,
    })
}

/// Reads files already in the cache: how a finished download is installed.
struct Cache<'a> {
    dir: &'a Path,
    manifest: &'a Manifest,
}

impl PackSource for Cache<'_> {
    fn manifest(&self) -> &Manifest {
        self.manifest
    }

    fn read(&mut self, item: &Item) -> leadtrack_content::Result<Vec<u8>> {
        let bytes = fs::read(self.dir.join(&item.sha256)).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => ContentError::Missing { path: item.path.clone() },
            _ => e.into(),
        })?;
        check_file(item, &bytes)?;
        Ok(bytes)
    }
}

/// What the transaction writes for one item.
struct Row_ {
    item: Item,
    mime: &'static str,
    html: Option<String>,
    search: String,
}

impl Store {
    /// `<data dir>/content`: the cache, one file per SHA-256.
    pub fn content_dir(&self) -> PathBuf {
        self.path().parent().unwrap_or(Path::new(".")).join("content")
    }

    /// Where a download of `sha256` is kept while it is incomplete (resumed from its length).
    pub fn content_part_path(&self, sha256: &str) -> PathBuf {
        self.content_dir().join(format!("{sha256}.part"))
    }

    /// Where the verified file of `sha256` lives in the cache (it may not exist yet).
    pub fn content_file_path(&self, sha256: &str) -> PathBuf {
        self.content_dir().join(sha256)
    }

    /// Installs the pack `source` holds and makes it the one in use. Every file is in the cache
    /// and checked before the switch; on any error the previous pack stays in use.
    pub fn install_content_pack(&self, source: &mut dyn PackSource, origin: &str) -> Result<ContentPack> {
        let manifest = source.manifest().clone();
        manifest.check()?;
        let dir = self.content_dir();
        fs::create_dir_all(&dir).map_err(|source| Error::Io { path: dir.clone(), source })?;
        let mut rows = Vec::with_capacity(manifest.items.len());
        for item in &manifest.items {
            let cached = self.content_file_path(&item.sha256);
            // A cached copy is used only if it still checks out; a damaged one is replaced.
            let bytes = match fs::read(&cached).ok().filter(|b| check_file(item, b).is_ok()) {
                Some(bytes) => bytes,
                None => {
                    let bytes = source.read(item)?;
                    crate::write_file_durably(&cached, &bytes)
                        .map_err(|source| Error::Io { path: cached.clone(), source })?;
                    bytes
                }
            };
            let mime = check_file(item, &bytes)?;
            let mut search = format!("{} {}", item.title, item.tags.join(" "));
            let html = if item.kind == Kind::Markdown {
                let page = markdown::render(&String::from_utf8_lossy(&bytes));
                search.push(' ');
                search.push_str(&page.text);
                Some(page.html)
            } else {
                None
            };
            rows.push(Row_ { item: item.clone(), mime, html, search: search.to_lowercase() });
        }
        let pack = ContentPack {
            version: manifest.pack_version.clone(),
            origin: origin.to_string(),
            installed_at: now_ms(),
            items: rows.len() as i64,
            bytes: manifest.total_bytes() as i64,
        };
        self.write(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute("DELETE FROM materials", [])?;
            {
                let mut ins = tx.prepare_cached(
                    "INSERT INTO materials (id, position, title, kind, language, tags_json, sha256, bytes, mime, public_url, html, search_text)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                )?;
                for (i, r) in rows.iter().enumerate() {
                    ins.execute(params![
                        r.item.id,
                        i as i64,
                        r.item.title,
                        r.item.kind.as_str(),
                        r.item.language,
                        serde_json::to_string(&r.item.tags)?,
                        r.item.sha256,
                        r.item.size as i64,
                        r.mime,
                        r.item.public_url,
                        r.html,
                        r.search
                    ])?;
                }
            }
            tx.execute(
                "INSERT INTO content_pack (id, version, manifest_json, origin, installed_at) VALUES (1, ?1, ?2, ?3, ?4)
                 ON CONFLICT (id) DO UPDATE SET version = excluded.version, manifest_json = excluded.manifest_json,
                   origin = excluded.origin, installed_at = excluded.installed_at",
                params![pack.version, serde_json::to_string(&manifest)?, pack.origin, pack.installed_at],
            )?;
            tx.commit()?;
            Ok(())
        })?;
        tracing::info!(version = %pack.version, origin, items = pack.items, "content pack in use");
        Ok(pack)
    }

    /// Installs a downloaded pack whose files are all in the cache already.
    pub fn install_cached_content_pack(&self, manifest: &Manifest, origin: &str) -> Result<ContentPack> {
        let dir = self.content_dir();
        self.install_content_pack(&mut Cache { dir: &dir, manifest }, origin)
    }

    /// The pack in use, if any.
    pub fn content_pack(&self) -> Result<Option<ContentPack>> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT p.version, p.origin, p.installed_at, COUNT(m.id), COALESCE(SUM(m.bytes), 0)
                 FROM content_pack p LEFT JOIN materials m ON 1 = 1 WHERE p.id = 1 GROUP BY p.id",
                [],
                |r| {
                    Ok(ContentPack {
                        version: r.get(0)?,
                        origin: r.get(1)?,
                        installed_at: r.get(2)?,
                        items: r.get(3)?,
                        bytes: r.get(4)?,
                    })
                },
            )
            .optional()?)
        })
    }

    /// The pack's items that match `q`, in manifest order.
    pub fn materials(&self, q: &MaterialQuery) -> Result<Vec<Material>> {
        let text = q.text.trim().to_lowercase();
        self.read(|c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM materials m JOIN content_pack p ON p.id = 1
                 WHERE (?1 = '' OR instr(m.search_text, ?1) > 0)
                   AND (?2 IS NULL OR m.language = ?2) AND (?3 IS NULL OR m.kind = ?3)
                 ORDER BY m.position"
            ))?;
            let rows = st.query_map(params![text, q.language, q.kind.map(Kind::as_str)], from_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    pub fn material(&self, id: &str) -> Result<Material> {
        self.read(|c| {
            Ok(c.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM materials m JOIN content_pack p ON p.id = 1 WHERE m.id = ?1"
            ))?
            .query_row([id], from_row)
            .optional()?)
        })?
        .ok_or_else(|| Error::NotFound { what: "material", id: id.to_string() })
    }

    /// A Markdown page's sanitised HTML.
    pub fn material_html(&self, id: &str) -> Result<String> {
        self.read(|c| {
            Ok(c.query_row("SELECT html FROM materials WHERE id = ?1", [id], |r| r.get::<_, Option<String>>(0))
                .optional()?)
        })?
        .flatten()
        .ok_or_else(|| Error::NotFound { what: "page", id: id.to_string() })
    }

    /// The cached file of the pack in use with this hash and its MIME type: the only files the
    /// webview may load. `None` for a hash the pack does not name or a file not in the cache.
    pub fn material_file(&self, sha256: &str) -> Result<Option<(PathBuf, String)>> {
        let mime: Option<String> = self.read(|c| {
            Ok(c.query_row("SELECT mime FROM materials WHERE sha256 = ?1 LIMIT 1", [sha256], |r| r.get(0))
                .optional()?)
        })?;
        let path = self.content_file_path(sha256);
        Ok(mime.filter(|_| path.is_file()).map(|m| (path, m)))
    }

    /// A material's bytes, checked against its hash so a damaged file is reported, not shown.
    pub fn material_bytes(&self, id: &str) -> Result<Vec<u8>> {
        let m = self.material(id)?;
        let path = self.content_file_path(&m.sha256);
        let bytes = fs::read(&path).map_err(|source| Error::Io { path: path.clone(), source })?;
        if leadtrack_content::sha256_hex(&bytes) != m.sha256 {
            return Err(Error::Damaged { path, what: "content file" });
        }
        Ok(bytes)
    }

    /// Up to `len` bytes of a material from `offset` (fewer at its end), read from the cache
    /// without hashing the whole file: how pdf.js loads a large PDF a range at a time (the file
    /// was checked when the pack was installed). At most [`MAX_RANGE_BYTES`] per call.
    pub fn material_range(&self, id: &str, offset: u64, len: u64) -> Result<Vec<u8>> {
        use std::io::{Read, Seek, SeekFrom};
        let m = self.material(id)?;
        let path = self.content_file_path(&m.sha256);
        let io = |source| Error::Io { path: path.clone(), source };
        let mut file = fs::File::open(&path).map_err(io)?;
        let size = file.metadata().map_err(io)?.len();
        if size != m.bytes as u64 {
            return Err(Error::Damaged { path, what: "content file" });
        }
        let len = len.min(MAX_RANGE_BYTES).min(size.saturating_sub(offset));
        let mut out = vec![0; len as usize];
        file.seek(SeekFrom::Start(offset)).map_err(io)?;
        file.read_exact(&mut out).map_err(io)?;
        Ok(out)
    }

    /// Records that a material was shown to (or shared with) the visitor of `lead_id`.
    pub fn record_material(&self, lead_id: &str, material_id: &str, shared: bool, author: &str) -> Result<Interaction> {
        let m = self.material(material_id)?;
        let kind = if shared { InteractionKind::MaterialShared } else { InteractionKind::MaterialShown };
        let detail = serde_json::json!({ "material_id": m.id, "title": m.title, "pack_version": m.pack_version });
        self.record_interaction(lead_id, kind, &m.title, detail, author)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use leadtrack_content::import::{Folder, Zip};
    use leadtrack_content::{sha256_hex, MANIFEST_FILE};

    use super::*;

    const PDF: &[u8] = b"%PDF-1.4\n% brochure\n";
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n fake but typed";
    const PAGE: &str = "# Booth 产品\n\nOur <script>x()</script> **hydraulic** pumps.";

    fn item(id: &str, kind: &str, lang: &str, path: &str, bytes: &[u8]) -> serde_json::Value {
        serde_json::json!({ "id": id, "title": format!("Title {id}"), "kind": kind, "language": lang,
            "tags": ["tag-".to_string() + id], "path": path, "sha256": sha256_hex(bytes), "size": bytes.len(),
            "public_url": format!("https://example.com/{path}") })
    }

    fn folder_pack(version: &str, files: &[(&str, &str, &str, &str, &[u8])]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let items: Vec<_> = files.iter().map(|(id, kind, lang, path, b)| item(id, kind, lang, path, b)).collect();
        for (_, _, _, path, bytes) in files {
            fs::write(dir.path().join(path), bytes).unwrap();
        }
        let m = serde_json::json!({ "format": 1, "pack_version": version, "items": items });
        fs::write(dir.path().join(MANIFEST_FILE), serde_json::to_vec(&m).unwrap()).unwrap();
        dir
    }

    fn demo_files() -> Vec<(&'static str, &'static str, &'static str, &'static str, &'static [u8])> {
        vec![
            ("brochure", "pdf", "en", "b.pdf", PDF),
            ("photo", "image", "zh-CN", "p.png", PNG),
            ("page", "markdown", "fa", "page.md", PAGE.as_bytes()),
        ]
    }

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        (dir, store)
    }

    #[test]
    fn a_folder_pack_is_cached_by_hash_listed_and_searchable() {
        let (_d, store) = store();
        let pack = folder_pack("v1", &demo_files());
        let installed = store.install_content_pack(&mut Folder::open(pack.path()).unwrap(), "folder").unwrap();
        assert_eq!((installed.version.as_str(), installed.items), ("v1", 3));
        assert_eq!(store.content_pack().unwrap().unwrap().bytes, (PDF.len() + PNG.len() + PAGE.len()) as i64);
        assert_eq!(fs::read(store.content_file_path(&sha256_hex(PDF))).unwrap(), PDF);

        let all = store.materials(&MaterialQuery::default()).unwrap();
        assert_eq!(all.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), ["brochure", "photo", "page"]);
        assert_eq!(all[1].mime, "image/png");
        let find = |text: &str, language: Option<&str>, kind: Option<Kind>| {
            let q = MaterialQuery { text: text.into(), language: language.map(Into::into), kind };
            store.materials(&q).unwrap().into_iter().map(|m| m.id).collect::<Vec<_>>()
        };
        assert_eq!(find("HYDRAULIC", None, None), ["page"], "Markdown text is searched");
        assert_eq!(find("产品", None, None), ["page"]);
        assert_eq!(find("tag-photo", None, None), ["photo"], "tags are searched");
        assert_eq!(find("title", Some("en"), None), ["brochure"]);
        assert_eq!(find("", None, Some(Kind::Image)), ["photo"]);
        assert!(find("script", None, None).is_empty(), "raw HTML is neither shown nor searched");

        let html = store.material_html("page").unwrap();
        assert!(html.contains("<strong>hydraulic</strong>") && !html.contains("script"), "{html}");
        assert_eq!(store.material_bytes("brochure").unwrap(), PDF);
        let (path, mime) = store.material_file(&sha256_hex(PDF)).unwrap().unwrap();
        assert_eq!((fs::read(path).unwrap().as_slice(), mime.as_str()), (PDF, "application/pdf"));
        assert!(store.material_file(&"0".repeat(64)).unwrap().is_none());
    }

    #[test]
    fn a_hash_mismatch_keeps_the_previous_pack_in_use() {
        let (_d, store) = store();
        let good = folder_pack("v1", &demo_files());
        store.install_content_pack(&mut Folder::open(good.path()).unwrap(), "folder").unwrap();

        let newer_pdf = b"%PDF-1.4\n% brochure v2\n";
        let bad =
            folder_pack("v2", &[("brochure", "pdf", "en", "b.pdf", newer_pdf), ("photo", "image", "en", "p.png", PNG)]);
        fs::write(bad.path().join("b.pdf"), b"%PDF-1.4\n% brochure XX\n").unwrap();
        let err = store.install_content_pack(&mut Folder::open(bad.path()).unwrap(), "folder").unwrap_err();
        assert!(err.to_string().contains("damaged"), "{err}");

        assert_eq!(store.content_pack().unwrap().unwrap().version, "v1");
        assert_eq!(store.materials(&MaterialQuery::default()).unwrap().len(), 3);
        assert!(store.material_file(&sha256_hex(PDF)).unwrap().is_some(), "the old pack's files are still served");
    }

    #[test]
    fn a_range_of_a_material_is_read_from_the_cache_and_clipped_at_its_end() {
        let (_d, store) = store();
        let pack = folder_pack("v1", &demo_files());
        store.install_content_pack(&mut Folder::open(pack.path()).unwrap(), "folder").unwrap();
        assert_eq!(store.material_range("brochure", 0, 8).unwrap(), &PDF[..8]);
        assert_eq!(store.material_range("brochure", 9, 1000).unwrap(), &PDF[9..]);
        assert!(store.material_range("brochure", 1000, 8).unwrap().is_empty());
        assert!(matches!(store.material_range("nope", 0, 8), Err(Error::NotFound { .. })));
        // A cached file of the wrong length is damaged, not served.
        fs::write(store.content_file_path(&sha256_hex(PDF)), b"%PDF-short").unwrap();
        assert!(matches!(store.material_range("brochure", 0, 8), Err(Error::Damaged { .. })));
    }

    #[test]
    fn a_damaged_cached_file_is_replaced_from_the_source() {
        let (_d, store) = store();
        let pack = folder_pack("v1", &demo_files());
        store.install_content_pack(&mut Folder::open(pack.path()).unwrap(), "folder").unwrap();
        fs::write(store.content_file_path(&sha256_hex(PDF)), b"%PDF-rotten").unwrap();
        store.install_content_pack(&mut Folder::open(pack.path()).unwrap(), "folder").unwrap();
        assert_eq!(fs::read(store.content_file_path(&sha256_hex(PDF))).unwrap(), PDF);
    }

    #[test]
    fn a_cached_install_needs_every_file_in_the_cache() {
        let (_d, store) = store();
        let pack = folder_pack("v1", &demo_files());
        let manifest = Folder::open(pack.path()).unwrap().manifest().clone();
        let err = store.install_cached_content_pack(&manifest, "download").unwrap_err();
        assert!(matches!(err, Error::Content(ContentError::Missing { .. })), "{err}");
        assert!(store.content_pack().unwrap().is_none());
        for (_, _, _, _, bytes) in demo_files() {
            fs::write(store.content_file_path(&sha256_hex(bytes)), bytes).unwrap();
        }
        assert_eq!(store.install_cached_content_pack(&manifest, "download").unwrap().items, 3);
    }

    #[test]
    fn a_zip_pack_installs_and_a_zip_with_a_parent_path_changes_nothing() {
        let (d, store) = store();
        let pack = folder_pack("z1", &demo_files());
        let zip_path = d.path().join("pack.zip");
        let write_zip = |extra: Option<&str>| {
            let mut w = zip::ZipWriter::new(fs::File::create(&zip_path).unwrap());
            for name in [MANIFEST_FILE, "b.pdf", "p.png", "page.md"].into_iter().chain(extra) {
                w.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
                w.write_all(&fs::read(pack.path().join(name.trim_start_matches("../"))).unwrap_or_default()).unwrap();
            }
            w.finish().unwrap();
        };
        write_zip(None);
        store.install_content_pack(&mut Zip::open(&zip_path).unwrap(), "zip").unwrap();
        write_zip(Some("../evil.pdf"));
        assert!(matches!(Zip::open(&zip_path), Err(ContentError::UnsafePath { .. })));
        assert_eq!(store.content_pack().unwrap().unwrap().version, "z1");
    }

    #[test]
    fn showing_and_sharing_a_material_are_recorded_on_the_lead() {
        let (_d, store) = store();
        store.seed_demo().unwrap();
        let pack = folder_pack("v1", &demo_files());
        store.install_content_pack(&mut Folder::open(pack.path()).unwrap(), "folder").unwrap();
        let lead = store.search_leads(&Default::default()).unwrap().into_iter().next().unwrap();
        let user = store.users().unwrap().into_iter().next().unwrap();
        store.record_material(&lead.id, "brochure", false, &user.id).unwrap();
        let shared = store.record_material(&lead.id, "photo", true, &user.id).unwrap();
        assert_eq!(
            shared.detail,
            serde_json::json!({ "material_id": "photo", "title": "Title photo", "pack_version": "v1" })
        );
        let kinds: Vec<_> = store.lead_interactions(&lead.id).unwrap().into_iter().map(|i| i.kind).collect();
        assert!(
            kinds.contains(&InteractionKind::MaterialShown) && kinds.contains(&InteractionKind::MaterialShared),
            "{kinds:?}"
        );
        assert!(matches!(store.record_material(&lead.id, "nope", false, &user.id), Err(Error::NotFound { .. })));
    }
}
