//! Attachment files, content-addressed in `<data dir>/attachments/ab/abcdef…`.
//!
//! The same photo attached twice is stored once. A file is written to a temporary name,
//! fsync'd, renamed into place and its folder fsync'd before the row that points at it
//! commits: after a crash, a row always has its file.

use std::fs;
use std::path::{Path, PathBuf};

use leadtrack_domain::attachment::{self, Attachment, AttachmentKind};
use rusqlite::{OptionalExtension, Row, TransactionBehavior};
use sha2::{Digest, Sha256};

use crate::{new_id, now_ms, users, Error, Result, Store};

const COLUMNS: &str = "id, lead_id, kind, mime, sha256, bytes, created_at";

fn from_row(r: &Row) -> rusqlite::Result<Attachment> {
    let kind: String = r.get(2)?;
    Ok(Attachment {
        id: r.get(0)?,
        lead_id: r.get(1)?,
        kind: AttachmentKind::parse(&kind).unwrap_or(AttachmentKind::Card),
        mime: r.get(3)?,
        sha256: r.get(4)?,
        bytes: r.get(5)?,
        created_at: r.get(6)?,
    })
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.to_path_buf(), source }
}

impl Store {
    fn attachment_dir(&self) -> PathBuf {
        self.path().parent().unwrap_or(Path::new(".")).join("attachments")
    }

    fn attachment_path(&self, sha256: &str) -> PathBuf {
        self.attachment_dir().join(sha256.get(..2).unwrap_or("00")).join(sha256)
    }

    /// Keeps `data` as a `kind` attachment of `lead_id`, saved by `author`.
    pub fn add_attachment(&self, lead_id: &str, kind: AttachmentKind, data: &[u8], author: &str) -> Result<Attachment> {
        let mime = attachment::check(kind, data)?;
        // Only on a lead the author may see (a kiosk or a rep adding to another rep's lead: not found).
        let viewer = leadtrack_domain::Viewer::of(&self.user(author)?);
        self.read(|c| crate::access::visible_lead(c, &viewer, lead_id))?;
        let sha256 = format!("{:x}", Sha256::digest(data));
        let path = self.attachment_path(&sha256);
        if !path.exists() {
            write_durably(&path, data)?;
        }
        let a = Attachment {
            id: new_id(),
            lead_id: lead_id.to_string(),
            kind,
            mime: mime.to_string(),
            sha256,
            bytes: data.len() as i64,
            created_at: now_ms(),
        };
        self.write(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            users::get(&tx, author)?;
            tx.execute(
                &format!("INSERT INTO attachments ({COLUMNS}, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
                rusqlite::params![a.id, a.lead_id, kind.as_str(), a.mime, a.sha256, a.bytes, a.created_at, author],
            )?;
            tx.commit()?;
            Ok(())
        })?;
        Ok(a)
    }

    /// A lead's attachments and those of the leads merged into it, oldest first. Each keeps
    /// the `lead_id` it was added to: a merge lists them here rather than re-pointing rows.
    pub fn attachments(&self, lead_id: &str) -> Result<Vec<Attachment>> {
        self.read(|c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM attachments WHERE lead_id = ?1 ORDER BY created_at, id"
            ))?;
            let mut rows: Vec<Attachment> = st.query_map([lead_id], from_row)?.collect::<rusqlite::Result<_>>()?;
            let absorbed = crate::merge::absorbed_into(c, lead_id)?;
            for id in &absorbed {
                rows.extend(st.query_map([id], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?);
            }
            if !absorbed.is_empty() {
                rows.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
            }
            Ok(rows)
        })
    }

    /// An attachment's bytes, checked against its hash so a damaged file is reported,
    /// never shown as if it were the photo.
    pub fn attachment_bytes(&self, id: &str) -> Result<(Attachment, Vec<u8>)> {
        let a = self
            .read(|c| {
                Ok(c.prepare_cached(&format!("SELECT {COLUMNS} FROM attachments WHERE id = ?1"))?
                    .query_row([id], from_row)
                    .optional()?)
            })?
            .ok_or_else(|| Error::NotFound { what: "attachment", id: id.to_string() })?;
        let path = self.attachment_path(&a.sha256);
        let data = fs::read(&path).map_err(io(&path))?;
        if format!("{:x}", Sha256::digest(&data)) != a.sha256 {
            return Err(Error::Damaged { path, what: "attachment file" });
        }
        Ok((a, data))
    }
}

/// The attachments folder is made on first use; the file goes through `write_file_durably`.
fn write_durably(path: &Path, data: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(io(dir))?;
    crate::write_file_durably(path, data).map_err(io(path))
}
