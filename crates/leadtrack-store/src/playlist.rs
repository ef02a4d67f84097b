//! The kiosk's attract playlist: per show, materials of the pack in use in order, each with how
//! long it stays up, and how long the kiosk waits idle before playing them. Managers and
//! marketing edit it from the library; the kiosk window reads only [`Store::kiosk_attract`]:
//! the slides of its own show, skipping anything the pack in use no longer has.

use leadtrack_content::Kind;
use leadtrack_domain::{AuditAction, FieldError, Role, ValidationErrors, Viewer};
use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::access::audit;
use crate::{events, Error, Result, Store};

/// Idle time before the playlist starts when a show has not set one.
pub const DEFAULT_ATTRACT_IDLE_SECONDS: u32 = 60;
/// Bounds the database checks too (0014_kiosk_playlist.sql).
pub const SLIDE_SECONDS: std::ops::RangeInclusive<u32> = 2..=600;
pub const ATTRACT_IDLE_SECONDS: std::ops::RangeInclusive<u32> = 5..=3600;
/// A loop longer than this is a mistake, not a playlist.
pub const MAX_PLAYLIST_ITEMS: usize = 100;

/// One playlist entry as the editor sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlaylistEntry {
    pub material_id: String,
    pub seconds: u32,
}

/// A show's playlist and its idle time, as edited on the materials page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct KioskPlaylist {
    pub idle_seconds: u32,
    pub items: Vec<PlaylistEntry>,
}

/// One slide of the attract loop: what the kiosk needs to show it and nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttractSlide {
    pub material_id: String,
    pub title: String,
    pub kind: Kind,
    pub language: String,
    /// Loaded through `leadtrack-content://` (images; videos where the webview can).
    pub sha256: String,
    pub mime: String,
    pub seconds: u32,
    /// Markdown pages only: the sanitised HTML.
    pub html: Option<String>,
}

/// What the kiosk window reads: its show's idle time and slides (empty: no attract loop).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct KioskAttract {
    pub idle_seconds: u32,
    pub slides: Vec<AttractSlide>,
}

fn invalid(field: &str, code: &str, message: &str) -> Error {
    ValidationErrors { fields: vec![FieldError::new(field, code, message)] }.into()
}

fn require_editor(viewer: &Viewer) -> Result<()> {
    match viewer.role {
        Role::Manager | Role::Marketing => Ok(()),
        _ => Err(Error::Forbidden("Only a manager or marketing can change the kiosk playlist.".into())),
    }
}

fn idle_seconds(c: &rusqlite::Connection, event_id: &str) -> Result<u32> {
    Ok(c.query_row("SELECT idle_seconds FROM kiosk_attract WHERE event_id = ?1", [event_id], |r| r.get(0))
        .optional()?
        .unwrap_or(DEFAULT_ATTRACT_IDLE_SECONDS))
}

impl Store {
    /// A show's playlist as saved (entries whose material left the pack included, so a pack
    /// that brings it back brings it back to the loop).
    pub fn kiosk_playlist(&self, event_id: &str) -> Result<KioskPlaylist> {
        self.read(|c| {
            events::get(c, event_id)?;
            let mut st = c.prepare_cached(
                "SELECT material_id, seconds FROM kiosk_playlist WHERE event_id = ?1 ORDER BY position",
            )?;
            let items = st
                .query_map([event_id], |r| Ok(PlaylistEntry { material_id: r.get(0)?, seconds: r.get(1)? }))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(KioskPlaylist { idle_seconds: idle_seconds(c, event_id)?, items })
        })
    }

    /// Replaces a show's playlist (managers and marketing). Every entry must be an item of the
    /// pack in use, once, with a duration in [`SLIDE_SECONDS`].
    pub fn set_kiosk_playlist(&self, by: &Viewer, event_id: &str, playlist: KioskPlaylist) -> Result<KioskPlaylist> {
        require_editor(by)?;
        if !ATTRACT_IDLE_SECONDS.contains(&playlist.idle_seconds) {
            return Err(invalid("idle_seconds", "attract_idle", "Between 5 seconds and an hour."));
        }
        if playlist.items.len() > MAX_PLAYLIST_ITEMS {
            return Err(invalid("items", "too_many", "At most 100 items."));
        }
        for (i, e) in playlist.items.iter().enumerate() {
            if !SLIDE_SECONDS.contains(&e.seconds) {
                return Err(invalid(&format!("items.{i}.seconds"), "slide_seconds", "Between 2 and 600 seconds."));
            }
            if playlist.items[..i].iter().any(|p| p.material_id == e.material_id) {
                return Err(invalid(
                    &format!("items.{i}"),
                    "already_in_playlist",
                    "This item is in the playlist already.",
                ));
            }
        }
        self.write(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            events::get(&tx, event_id)?;
            for (i, e) in playlist.items.iter().enumerate() {
                let known: bool =
                    tx.query_row("SELECT EXISTS (SELECT 1 FROM materials WHERE id = ?1)", [&e.material_id], |r| {
                        r.get(0)
                    })?;
                if !known {
                    return Err(invalid(
                        &format!("items.{i}"),
                        "not_in_pack",
                        "The content pack in use has no such item.",
                    ));
                }
            }
            tx.execute("DELETE FROM kiosk_playlist WHERE event_id = ?1", [event_id])?;
            {
                let mut ins = tx.prepare_cached(
                    "INSERT INTO kiosk_playlist (event_id, position, material_id, seconds) VALUES (?1, ?2, ?3, ?4)",
                )?;
                for (i, e) in playlist.items.iter().enumerate() {
                    ins.execute(params![event_id, i as i64, e.material_id, e.seconds])?;
                }
            }
            tx.execute(
                "INSERT INTO kiosk_attract (event_id, idle_seconds) VALUES (?1, ?2)
                 ON CONFLICT (event_id) DO UPDATE SET idle_seconds = excluded.idle_seconds",
                params![event_id, playlist.idle_seconds],
            )?;
            let detail = serde_json::json!({ "kiosk_playlist": event_id, "items": playlist.items.len(),
                "idle_seconds": playlist.idle_seconds });
            audit(&tx, Some(&by.user_id), AuditAction::Edited, None, detail)?;
            tx.commit()?;
            Ok(())
        })?;
        self.kiosk_playlist(event_id)
    }

    /// The kiosk's attract loop for its show: the playlist's items the pack in use has, in
    /// order. A validation error on `kiosk` when kiosk mode is off.
    pub fn kiosk_attract(&self) -> Result<KioskAttract> {
        let (event, _) = self.kiosk_show()?;
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT m.id, m.title, m.kind, m.language, m.sha256, k.seconds, m.html, m.mime
                 FROM kiosk_playlist k JOIN materials m ON m.id = k.material_id
                 WHERE k.event_id = ?1 ORDER BY k.position",
            )?;
            let slides = st
                .query_map([&event.id], |r| {
                    let kind: String = r.get(2)?;
                    Ok(AttractSlide {
                        material_id: r.get(0)?,
                        title: r.get(1)?,
                        kind: Kind::parse(&kind).unwrap_or(Kind::Markdown),
                        language: r.get(3)?,
                        sha256: r.get(4)?,
                        seconds: r.get(5)?,
                        html: r.get(6)?,
                        mime: r.get(7)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(KioskAttract { idle_seconds: idle_seconds(c, &event.id)?, slides })
        })
    }

    /// A PDF (for its first page) or a video of the kiosk's attract loop, as bytes: WebKitGTK
    /// cannot play a video from a custom URI scheme (WebKit bug 146351), so the kiosk plays it
    /// from a blob. Not found for anything else, so the kiosk window reads no other material.
    pub fn kiosk_attract_file(&self, material_id: &str) -> Result<Vec<u8>> {
        let attract = self.kiosk_attract()?;
        if !attract.slides.iter().any(|s| s.material_id == material_id && matches!(s.kind, Kind::Pdf | Kind::Video)) {
            return Err(Error::NotFound { what: "attract file", id: material_id.to_string() });
        }
        self.material_bytes(material_id)
    }
}

#[cfg(test)]
mod tests {
    use leadtrack_content::import::Folder;
    use leadtrack_content::{sha256_hex, MANIFEST_FILE};
    use leadtrack_domain::Role;

    use super::*;

    fn pack(dir: &std::path::Path, version: &str, ids: &[(&str, &str, &str, &[u8])]) {
        let items: Vec<_> = ids
            .iter()
            .map(|(id, kind, path, bytes)| {
                std::fs::write(dir.join(path), bytes).unwrap();
                serde_json::json!({ "id": id, "title": format!("T {id}"), "kind": kind, "language": "en",
                    "tags": [], "path": path, "sha256": sha256_hex(bytes), "size": bytes.len() })
            })
            .collect();
        let m = serde_json::json!({ "format": 1, "pack_version": version, "items": items });
        std::fs::write(dir.join(MANIFEST_FILE), serde_json::to_vec(&m).unwrap()).unwrap();
    }

    const PDF: &[u8] = b"%PDF-1.4\n% brochure\n";
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n typed";
    const WEBM: &[u8] = b"\x1a\x45\xdf\xa3 webm";

    struct Booth {
        _dir: tempfile::TempDir,
        store: Store,
        event: String,
        manager: Viewer,
    }

    fn booth() -> Booth {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).unwrap();
        assert!(store.seed_demo().unwrap());
        let src = dir.path().join("pack");
        std::fs::create_dir_all(&src).unwrap();
        pack(
            &src,
            "v1",
            &[
                ("pdf", "pdf", "b.pdf", PDF),
                ("img", "image", "p.png", PNG),
                ("vid", "video", "v.webm", WEBM),
                ("page", "markdown", "a.md", b"# Hi **there**"),
            ],
        );
        store.install_content_pack(&mut Folder::open(&src).unwrap(), "folder").unwrap();
        let event = store.events().unwrap().remove(0).id;
        let manager = store.users().unwrap().into_iter().find(|u| u.role == Role::Manager).unwrap();
        Booth { _dir: dir, store, event, manager: Viewer::of(&manager) }
    }

    fn entry(id: &str, seconds: u32) -> PlaylistEntry {
        PlaylistEntry { material_id: id.into(), seconds }
    }

    fn field(err: Error) -> String {
        match err {
            Error::Invalid(v) => format!("{}:{}", v.fields[0].field, v.fields[0].code),
            e => panic!("not a validation error: {e}"),
        }
    }

    #[test]
    fn a_new_show_has_an_empty_playlist_and_the_default_idle_time() {
        let b = booth();
        let p = b.store.kiosk_playlist(&b.event).unwrap();
        assert_eq!(p, KioskPlaylist { idle_seconds: DEFAULT_ATTRACT_IDLE_SECONDS, items: vec![] });
    }

    #[test]
    fn the_playlist_keeps_its_order_and_durations_and_the_kiosk_gets_its_slides() {
        let b = booth();
        let set = KioskPlaylist { idle_seconds: 30, items: vec![entry("vid", 5), entry("page", 12), entry("pdf", 8)] };
        assert_eq!(b.store.set_kiosk_playlist(&b.manager, &b.event, set.clone()).unwrap(), set);
        // Reordered: saved as given.
        let reordered = KioskPlaylist { idle_seconds: 30, items: vec![entry("page", 12), entry("vid", 5)] };
        b.store.set_kiosk_playlist(&b.manager, &b.event, reordered.clone()).unwrap();
        assert_eq!(b.store.kiosk_playlist(&b.event).unwrap(), reordered);

        b.store.set_kiosk_pin("2580").unwrap();
        b.store.start_kiosk(&b.event).unwrap();
        let attract = b.store.kiosk_attract().unwrap();
        assert_eq!(attract.idle_seconds, 30);
        let shown: Vec<_> = attract.slides.iter().map(|s| (s.material_id.as_str(), s.kind, s.seconds)).collect();
        assert_eq!(shown, [("page", Kind::Markdown, 12), ("vid", Kind::Video, 5)]);
        assert!(attract.slides[0].html.as_deref().unwrap().contains("<strong>there</strong>"));
        assert_eq!(
            (attract.slides[1].sha256.as_str(), attract.slides[1].mime.as_str()),
            (sha256_hex(WEBM).as_str(), "video/webm")
        );
    }

    #[test]
    fn only_managers_and_marketing_edit_and_bad_entries_are_refused() {
        let b = booth();
        let users = b.store.users().unwrap();
        let rep = Viewer::of(users.iter().find(|u| u.role == Role::Rep).unwrap());
        let ok = KioskPlaylist { idle_seconds: 60, items: vec![entry("img", 8)] };
        assert!(matches!(b.store.set_kiosk_playlist(&rep, &b.event, ok.clone()), Err(Error::Forbidden(_))));
        let marketing = Viewer { user_id: rep.user_id.clone(), role: Role::Marketing };
        b.store.set_kiosk_playlist(&marketing, &b.event, ok).unwrap();

        let try_set = |idle: u32, items: Vec<PlaylistEntry>| {
            field(
                b.store
                    .set_kiosk_playlist(&b.manager, &b.event, KioskPlaylist { idle_seconds: idle, items })
                    .unwrap_err(),
            )
        };
        assert_eq!(try_set(60, vec![entry("img", 1)]), "items.0.seconds:slide_seconds");
        assert_eq!(try_set(60, vec![entry("img", 8), entry("img", 9)]), "items.1:already_in_playlist");
        assert_eq!(try_set(60, vec![entry("img", 8), entry("nope", 9)]), "items.1:not_in_pack");
        assert_eq!(try_set(4, vec![]), "idle_seconds:attract_idle");
        // Every refusal left the saved playlist alone.
        assert_eq!(b.store.kiosk_playlist(&b.event).unwrap().items, [entry("img", 8)]);
    }

    #[test]
    fn an_item_a_newer_pack_drops_is_skipped_by_the_kiosk_and_the_kiosk_reads_only_the_loops_files() {
        let b = booth();
        let playlist =
            KioskPlaylist { idle_seconds: 60, items: vec![entry("img", 8), entry("pdf", 8), entry("vid", 8)] };
        b.store.set_kiosk_playlist(&b.manager, &b.event, playlist.clone()).unwrap();
        b.store.set_kiosk_pin("2580").unwrap();
        b.store.start_kiosk(&b.event).unwrap();
        assert_eq!(b.store.kiosk_attract_file("pdf").unwrap(), PDF);
        assert_eq!(b.store.kiosk_attract_file("vid").unwrap(), WEBM);
        assert!(matches!(b.store.kiosk_attract_file("img"), Err(Error::NotFound { .. })), "a picture loads by URL");
        assert!(matches!(b.store.kiosk_attract_file("page"), Err(Error::NotFound { .. })), "not in the loop");

        let newer = tempfile::tempdir().unwrap();
        pack(newer.path(), "v2", &[("img", "image", "p.png", PNG), ("other", "pdf", "o.pdf", PDF)]);
        b.store.install_content_pack(&mut Folder::open(newer.path()).unwrap(), "folder").unwrap();
        let ids: Vec<_> = b.store.kiosk_attract().unwrap().slides.into_iter().map(|s| s.material_id).collect();
        assert_eq!(ids, ["img"]);
        assert_eq!(b.store.kiosk_playlist(&b.event).unwrap(), playlist, "the editor still sees what was saved");
        assert!(matches!(b.store.kiosk_attract_file("other"), Err(Error::NotFound { .. })), "not in the loop");
    }

    #[test]
    fn the_kiosk_has_no_attract_loop_while_kiosk_mode_is_off() {
        let b = booth();
        assert!(matches!(b.store.kiosk_attract(), Err(Error::Invalid(_))));
    }
}
