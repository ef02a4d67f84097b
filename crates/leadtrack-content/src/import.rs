//! Reading a pack from a folder (a USB stick) or a zip, with the same checks for both: the
//! manifest is parsed and checked first, every path is checked again where it is opened, links
//! are refused, and no read goes past the size the manifest declares (a zip bomb or a file
//! that grew stops there).

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::{
    check_file, check_path, ContentError, Item, Manifest, Result, MANIFEST_FILE, MAX_ITEMS, MAX_MANIFEST_BYTES,
    MAX_PACK_BYTES,
};

/// Where a pack's files come from while it is being installed.
pub trait PackSource {
    fn manifest(&self) -> &Manifest;
    /// The bytes of `item`, already checked against the manifest (size, SHA-256, kind).
    fn read(&mut self, item: &Item) -> Result<Vec<u8>>;
}

/// Reads at most `limit` bytes; a longer stream is an error, not a silent cut.
fn read_capped(mut r: impl Read, limit: u64, what: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    r.by_ref().take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ContentError::TooLarge { what: what.to_string(), limit });
    }
    Ok(bytes)
}

/// A pack laid out in a folder: `manifest.json` and the files at the paths it names.
pub struct Folder {
    dir: PathBuf,
    manifest: Manifest,
}

impl Folder {
    pub fn open(dir: &Path) -> Result<Folder> {
        let file = open_plain(dir, MANIFEST_FILE)?;
        let manifest = Manifest::parse(&read_capped(file, MAX_MANIFEST_BYTES, MANIFEST_FILE)?)?;
        Ok(Folder { dir: dir.to_path_buf(), manifest })
    }
}

/// Opens `rel` under `dir` after checking the path and that no segment of it is a link (a
/// link on a stick could point anywhere on the laptop).
fn open_plain(dir: &Path, rel: &str) -> Result<File> {
    check_path(rel)?;
    let mut path = dir.to_path_buf();
    for segment in rel.split('/') {
        path.push(segment);
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => return Err(ContentError::Link { path: rel.to_string() }),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(ContentError::Missing { path: rel.to_string() })
            }
            Err(e) => return Err(e.into()),
        }
    }
    if !std::fs::metadata(&path)?.is_file() {
        return Err(ContentError::Missing { path: rel.to_string() });
    }
    Ok(File::open(path)?)
}

impl PackSource for Folder {
    fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    fn read(&mut self, item: &Item) -> Result<Vec<u8>> {
        let bytes = read_capped(open_plain(&self.dir, &item.path)?, item.size, &item.path)?;
        check_file(item, &bytes)?;
        Ok(bytes)
    }
}

/// A pack in a zip: `manifest.json` at its root. Every entry's name is checked when the zip is
/// opened — one hostile name refuses the whole zip — and links and oversized totals too.
pub struct Zip {
    archive: zip::ZipArchive<File>,
    manifest: Manifest,
}

fn zip_err(e: zip::result::ZipError) -> ContentError {
    ContentError::Zip(e.to_string())
}

impl Zip {
    pub fn open(path: &Path) -> Result<Zip> {
        let mut archive = zip::ZipArchive::new(File::open(path)?).map_err(zip_err)?;
        if archive.len() > 2 * MAX_ITEMS + 1 {
            return Err(ContentError::Manifest(format!("the zip has more than {} entries", 2 * MAX_ITEMS + 1)));
        }
        let mut total = 0u64;
        for i in 0..archive.len() {
            let entry = archive.by_index_raw(i).map_err(zip_err)?;
            let name = entry.name().map_err(zip_err)?.to_string();
            check_path(name.strip_suffix('/').filter(|_| entry.is_dir()).unwrap_or(&name))?;
            if entry.is_symlink() {
                return Err(ContentError::Link { path: name });
            }
            total = total.saturating_add(entry.size());
        }
        if total > MAX_PACK_BYTES {
            return Err(ContentError::TooLarge { what: "the zip's contents".into(), limit: MAX_PACK_BYTES });
        }
        let manifest = {
            let entry =
                archive.by_name(MANIFEST_FILE).map_err(|_| ContentError::Missing { path: MANIFEST_FILE.into() })?;
            Manifest::parse(&read_capped(entry, MAX_MANIFEST_BYTES, MANIFEST_FILE)?)?
        };
        Ok(Zip { archive, manifest })
    }
}

impl PackSource for Zip {
    fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    fn read(&mut self, item: &Item) -> Result<Vec<u8>> {
        let entry = self.archive.by_name(&item.path).map_err(|_| ContentError::Missing { path: item.path.clone() })?;
        let bytes = read_capped(entry, item.size, &item.path)?;
        check_file(item, &bytes)?;
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::sha256_hex;

    const PDF: &[u8] = b"%PDF-1.4\n% tiny\n";

    fn manifest_for(path: &str, bytes: &[u8]) -> Vec<u8> {
        serde_json::to_vec(&serde_json::json!({ "format": 1, "pack_version": "v1", "items": [{
            "id": "b", "title": "B", "kind": "pdf", "language": "en", "path": path,
            "sha256": sha256_hex(bytes), "size": bytes.len()
        }]}))
        .unwrap()
    }

    fn zip_with(entries: &[(&str, &[u8])]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pack.zip");
        let mut w = zip::ZipWriter::new(File::create(&path).unwrap());
        for (name, bytes) in entries {
            w.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap();
        (dir, path)
    }

    #[test]
    fn a_folder_pack_reads_its_files_checked() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("docs")).unwrap();
        std::fs::write(dir.path().join("docs/b.pdf"), PDF).unwrap();
        std::fs::write(dir.path().join(MANIFEST_FILE), manifest_for("docs/b.pdf", PDF)).unwrap();
        let mut folder = Folder::open(dir.path()).unwrap();
        let item = folder.manifest().items[0].clone();
        assert_eq!(folder.read(&item).unwrap(), PDF);

        std::fs::write(dir.path().join("docs/b.pdf"), b"%PDF-1.4\n% tampered").unwrap();
        assert!(matches!(folder.read(&item), Err(ContentError::Corrupt { .. }) | Err(ContentError::TooLarge { .. })));
    }

    #[cfg(unix)]
    #[test]
    fn a_link_in_a_folder_pack_is_refused_even_when_the_target_matches() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.pdf"), PDF).unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.pdf"), dir.path().join("b.pdf")).unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("docs")).unwrap();
        std::fs::write(dir.path().join(MANIFEST_FILE), manifest_for("b.pdf", PDF)).unwrap();
        let mut folder = Folder::open(dir.path()).unwrap();
        let mut item = folder.manifest().items[0].clone();
        assert!(matches!(folder.read(&item), Err(ContentError::Link { .. })));
        item.path = "docs/secret.pdf".into();
        assert!(matches!(folder.read(&item), Err(ContentError::Link { .. })));
    }

    #[test]
    fn the_demo_pack_in_assets_checks_out_file_by_file() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/content-pack");
        let mut folder = Folder::open(&dir).unwrap();
        let items = folder.manifest().items.clone();
        assert!(items.len() >= 4, "a PDF, images and Markdown pages");
        for item in &items {
            folder.read(item).unwrap_or_else(|e| panic!("{}: {e}", item.path));
        }
    }

    #[test]
    fn a_zip_pack_reads_its_files_checked() {
        let manifest = manifest_for("docs/b.pdf", PDF);
        let (_dir, path) = zip_with(&[(MANIFEST_FILE, &manifest), ("docs/b.pdf", PDF)]);
        let mut z = Zip::open(&path).unwrap();
        let item = z.manifest().items[0].clone();
        assert_eq!(z.read(&item).unwrap(), PDF);
    }

    #[test]
    fn a_zip_with_a_parent_or_absolute_entry_is_refused_whole() {
        let manifest = manifest_for("b.pdf", PDF);
        for hostile in ["../evil.sh", "docs/../../evil.sh", "/etc/cron.d/evil", "..\\evil.bat", "C:/evil.bat"] {
            let (_dir, path) = zip_with(&[(MANIFEST_FILE, &manifest), ("b.pdf", PDF), (hostile, b"x")]);
            let err = Zip::open(&path).err().expect(hostile);
            assert!(matches!(err, ContentError::UnsafePath { .. }), "{hostile}: {err}");
        }
    }

    #[test]
    fn a_zip_file_larger_than_its_manifest_says_is_cut_off_and_refused() {
        let big = [PDF, &[b' '; 4096][..]].concat();
        let manifest = manifest_for("b.pdf", PDF);
        let (_dir, path) = zip_with(&[(MANIFEST_FILE, &manifest), ("b.pdf", &big)]);
        let mut z = Zip::open(&path).unwrap();
        let item = z.manifest().items[0].clone();
        assert!(matches!(z.read(&item), Err(ContentError::TooLarge { .. })));
    }
}
