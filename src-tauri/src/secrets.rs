//! The sync endpoint's device secret: in the OS keychain (service "LeadTrack", account = the
//! device id), never in the webview or the database. Only where no keychain exists (a Linux
//! box without a Secret Service, as in CI under Xvfb) does it fall back to `<data dir>/sync-secret`,
//! created with mode 0600, and the settings screen and the log say so.
//!
//! The secret itself is never logged and never returned to a window: commands answer only
//! whether one is set and where it lives.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

pub const SERVICE: &str = "LeadTrack";
pub const FILE_NAME: &str = "sync-secret";

/// Where the device secret is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SecretStorage {
    Keychain,
    /// `<data dir>/sync-secret`, readable only by this user: no keychain was available.
    File,
    /// No secret set yet.
    None,
}

/// The OS keychain, or nothing (tests, and `LEADTRACK_NO_KEYCHAIN` for automation that must
/// not touch the person's real keychain).
pub trait Keychain: Send + Sync {
    /// `Err` means the keychain itself is unavailable, not that the entry is missing.
    fn get(&self, account: &str) -> Result<Option<String>, String>;
    fn set(&self, account: &str, secret: &str) -> Result<(), String>;
}

/// The platform keychain through `keyring`.
pub struct OsKeychain;

impl Keychain for OsKeychain {
    fn get(&self, account: &str) -> Result<Option<String>, String> {
        let entry = keyring::Entry::new(SERVICE, account).map_err(|e| e.to_string())?;
        match entry.get_password() {
            Ok(s) => Ok(Some(s)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }

    fn set(&self, account: &str, secret: &str) -> Result<(), String> {
        let entry = keyring::Entry::new(SERVICE, account).map_err(|e| e.to_string())?;
        entry.set_password(secret).map_err(|e| e.to_string())?;
        // Some backends accept a write they cannot read back (a locked or absent collection).
        match entry.get_password() {
            Ok(back) if back == secret => Ok(()),
            Ok(_) => Err("the keychain returned a different secret".into()),
            Err(e) => Err(e.to_string()),
        }
    }
}

/// No keychain at all: every secret goes to the file.
pub struct NoKeychain;

impl Keychain for NoKeychain {
    fn get(&self, _: &str) -> Result<Option<String>, String> {
        Err("no keychain".into())
    }
    fn set(&self, _: &str, _: &str) -> Result<(), String> {
        Err("no keychain".into())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("could not write the secret file {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("could not read the secret file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
}

/// The device secret of one data folder.
pub struct Secrets {
    keychain: Box<dyn Keychain>,
    file: PathBuf,
}

impl Secrets {
    pub fn new(data_dir: &Path, keychain: Box<dyn Keychain>) -> Secrets {
        Secrets { keychain, file: data_dir.join(FILE_NAME) }
    }

    /// The OS keychain unless `LEADTRACK_NO_KEYCHAIN` is set.
    pub fn for_app(data_dir: &Path) -> Secrets {
        let keychain: Box<dyn Keychain> = if std::env::var_os("LEADTRACK_NO_KEYCHAIN").is_some() {
            Box::new(NoKeychain)
        } else {
            Box::new(OsKeychain)
        };
        Secrets::new(data_dir, keychain)
    }

    /// Saves `secret` for `account`: the keychain when it takes it (and then any old file is
    /// removed), else the 0600 file with a warning in the log.
    pub fn store(&self, account: &str, secret: &str) -> Result<SecretStorage, SecretError> {
        match self.keychain.set(account, secret) {
            Ok(()) => {
                if self.file.exists() {
                    if let Err(e) = std::fs::remove_file(&self.file) {
                        tracing::warn!(error = %e, path = %self.file.display(), "old secret file not removed");
                    }
                }
                tracing::info!("sync secret stored in the system keychain");
                Ok(SecretStorage::Keychain)
            }
            Err(why) => {
                write_private(&self.file, secret)?;
                tracing::warn!(
                    reason = %why, path = %self.file.display(),
                    "sync secret stored in a file readable only by you because no system keychain is available"
                );
                Ok(SecretStorage::File)
            }
        }
    }

    /// The secret and where it came from: the keychain first, then the file.
    pub fn load(&self, account: &str) -> Result<Option<(String, SecretStorage)>, SecretError> {
        match self.keychain.get(account) {
            Ok(Some(s)) => return Ok(Some((s, SecretStorage::Keychain))),
            Ok(None) => {}
            Err(why) => tracing::debug!(reason = %why, "no system keychain; trying the secret file"),
        }
        match std::fs::read_to_string(&self.file) {
            Ok(s) if !s.is_empty() => Ok(Some((s, SecretStorage::File))),
            Ok(_) => Ok(None),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(SecretError::Read { path: self.file.clone(), source }),
        }
    }

    pub fn storage(&self, account: &str) -> Result<SecretStorage, SecretError> {
        Ok(self.load(account)?.map_or(SecretStorage::None, |(_, where_)| where_))
    }

    #[cfg(test)]
    pub fn file(&self) -> &Path {
        &self.file
    }
}

/// Writes `secret` to `path` so that only this user can read it: created 0600 (never briefly
/// wider), written, fsync'd.
fn write_private(path: &Path, secret: &str) -> Result<(), SecretError> {
    let err = |source| SecretError::Write { path: path.to_path_buf(), source };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(path).map_err(err)?;
    // An existing file keeps its mode through `open`; narrow it too.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        f.set_permissions(std::fs::Permissions::from_mode(0o600)).map_err(err)?;
    }
    f.write_all(secret.as_bytes()).map_err(err)?;
    f.sync_all().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A keychain that works, in memory.
    #[derive(Default, Clone)]
    struct MemoryKeychain(Arc<Mutex<std::collections::HashMap<String, String>>>);

    impl Keychain for MemoryKeychain {
        fn get(&self, account: &str) -> Result<Option<String>, String> {
            Ok(self.0.lock().unwrap().get(account).cloned())
        }
        fn set(&self, account: &str, secret: &str) -> Result<(), String> {
            self.0.lock().unwrap().insert(account.into(), secret.into());
            Ok(())
        }
    }

    #[test]
    fn without_a_keychain_the_secret_goes_to_a_file_only_its_owner_can_read() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = Secrets::new(dir.path(), Box::new(NoKeychain));
        assert_eq!(secrets.storage("dev-1").unwrap(), SecretStorage::None);

        assert_eq!(secrets.store("dev-1", "whsec_c2VjcmV0").unwrap(), SecretStorage::File);
        assert_eq!(std::fs::read_to_string(secrets.file()).unwrap(), "whsec_c2VjcmV0");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(secrets.file()).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "mode {mode:o}");
        }
        assert_eq!(secrets.load("dev-1").unwrap(), Some(("whsec_c2VjcmV0".into(), SecretStorage::File)));
    }

    #[cfg(unix)]
    #[test]
    fn a_secret_file_left_readable_by_others_is_narrowed_when_rewritten() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();

        Secrets::new(dir.path(), Box::new(NoKeychain)).store("dev-1", "new").unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    }

    #[test]
    fn with_a_keychain_no_file_is_written_and_an_old_one_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let keychain = MemoryKeychain::default();
        Secrets::new(dir.path(), Box::new(NoKeychain)).store("dev-1", "from-before").unwrap();

        let secrets = Secrets::new(dir.path(), Box::new(keychain.clone()));
        assert_eq!(secrets.store("dev-1", "s3cret").unwrap(), SecretStorage::Keychain);
        assert!(!secrets.file().exists(), "the file fallback is gone once the keychain has the secret");
        assert_eq!(keychain.get("dev-1").unwrap().as_deref(), Some("s3cret"));
        assert_eq!(secrets.load("dev-1").unwrap(), Some(("s3cret".into(), SecretStorage::Keychain)));
    }

    /// Collects everything logged while `f` runs, at every level.
    fn logged(f: impl FnOnce()) -> String {
        #[derive(Clone, Default)]
        struct Buf(Arc<Mutex<Vec<u8>>>);
        impl std::io::Write for Buf {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(b);
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let buf = Buf::default();
        let writer = buf.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        tracing::subscriber::with_default(subscriber, f);
        let out = buf.0.lock().unwrap().clone();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_secret_is_never_logged_and_the_fallback_is_warned_about() {
        let dir = tempfile::tempdir().unwrap();
        let log = logged(|| {
            let secrets = Secrets::new(dir.path(), Box::new(NoKeychain));
            secrets.store("dev-1", "TOP-SECRET-VALUE").unwrap();
            secrets.load("dev-1").unwrap();
            let keychain = Secrets::new(dir.path(), Box::new(MemoryKeychain::default()));
            keychain.store("dev-1", "TOP-SECRET-VALUE").unwrap();
            keychain.load("dev-1").unwrap();
        });
        assert!(log.contains("readable only by you because no system keychain is available"), "{log}");
        assert!(log.contains("system keychain"), "{log}");
        assert!(!log.contains("TOP-SECRET-VALUE"), "{log}");
    }
}
