//! Content packs: the brochures, pictures, videos and Markdown pages every booth laptop carries
//! offline.
//!
//! A pack is a `manifest.json` plus its files. This crate decides whether a pack may be trusted
//! before any byte of it lands in the cache: [`Manifest::parse`] checks every field, and every
//! path against the tricks a hostile USB stick or zip plays (`..`, absolute paths, backslashes,
//! drive letters, links); [`check_file`] checks a file's size, hash and magic bytes. With the
//! `import` feature it reads packs from a folder or a zip ([`import`]) and renders Markdown to
//! HTML with no raw HTML, no scripts and only http(s)/mailto links ([`markdown`]).
//!
//! No network, no database: the store keeps files content-addressed and switches packs, the
//! sync client downloads them.

mod manifest;
mod path;
mod range;

#[cfg(feature = "import")]
pub mod import;
#[cfg(feature = "import")]
pub mod markdown;

pub use manifest::{check_file, mime, sha256_hex, ContentError, Item, Kind, Manifest, MANIFEST_FILE};
pub use path::check_path;
pub use range::{byte_range, ByteRange};

/// No single file of a pack may be larger (a trade-show video fits comfortably).
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;
/// A whole pack may not be larger than this.
pub const MAX_PACK_BYTES: u64 = 4 * 1024 * 1024 * 1024;
/// A manifest larger than this is refused before it is parsed.
pub const MAX_MANIFEST_BYTES: u64 = 1024 * 1024;
/// At most this many items in one pack.
pub const MAX_ITEMS: usize = 2000;

pub type Result<T, E = ContentError> = std::result::Result<T, E>;

/// `GET` on the company endpoint: the current pack's manifest.
pub const MANIFEST_URL_PATH: &str = "/v1/content/manifest.json";
/// `GET` on the company endpoint: one file of the pack by its SHA-256, with `Range` support.
pub const FILES_URL_PATH: &str = "/v1/content/files";

/// How far "Download everything" has come; sent to the rep window as it goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct DownloadProgress {
    #[ts(type = "number")]
    pub files_done: u64,
    #[ts(type = "number")]
    pub files_total: u64,
    #[ts(type = "number")]
    pub bytes_done: u64,
    #[ts(type = "number")]
    pub bytes_total: u64,
}
