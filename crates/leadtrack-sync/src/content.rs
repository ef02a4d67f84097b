//! "Download everything" for the content pack (feature `client`): the manifest from the
//! company endpoint, then each file the cache lacks.
//!
//! A file is downloaded into `<content dir>/<sha256>.part`; an interrupted download resumes from
//! that file's length with an HTTP `Range` request (a server that ignores it sends the whole
//! file, which replaces the part). A finished file is checked against its SHA-256 before it is
//! renamed into the cache, and the pack is switched only once every file is there and checked
//! ([`Store::install_cached_content_pack`]): until then the previous pack stays in use.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use leadtrack_store::leadtrack_content::{
    ContentError, DownloadProgress, Item, Manifest, FILES_URL_PATH, MANIFEST_URL_PATH, MAX_MANIFEST_BYTES,
};
use leadtrack_store::{ContentPack, Store};
use reqwest::header::{CONTENT_RANGE, RANGE};
use reqwest::{StatusCode, Url};
use sha2::{Digest, Sha256};

#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    #[error("The content server could not be reached: {0}")]
    Http(String),
    #[error("The content server answered {status} for {what}.")]
    Status { status: u16, what: String },
    #[error(transparent)]
    Content(#[from] ContentError),
    #[error(transparent)]
    Store(#[from] leadtrack_store::Error),
    #[error("The content cache could not be written: {0}")]
    Io(#[from] std::io::Error),
}

impl From<reqwest::Error> for DownloadError {
    fn from(e: reqwest::Error) -> Self {
        DownloadError::Http(e.to_string())
    }
}

/// Progress callbacks come at most this often (and at every finished file).
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// Downloads the endpoint's pack into `store`'s cache and switches to it.
pub async fn download_pack(
    store: Arc<Store>,
    endpoint: &Url,
    mut progress: impl FnMut(DownloadProgress) + Send,
) -> Result<ContentPack, DownloadError> {
    // ring, not aws-lc (see client.rs). Ignored if already installed.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        // No whole-request limit (a video takes a while); a stalled read ends the attempt.
        .read_timeout(Duration::from_secs(30))
        .user_agent(concat!("leadtrack/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| DownloadError::Http(format!("cannot build the HTTP client: {e}")))?;

    let manifest = fetch_manifest(&http, endpoint).await?;
    let dir = store.content_dir();
    fs::create_dir_all(&dir)?;
    let mut p = DownloadProgress {
        files_total: manifest.items.len() as u64,
        bytes_total: manifest.total_bytes(),
        ..Default::default()
    };
    progress(p);
    for item in &manifest.items {
        let done = store.content_file_path(&item.sha256);
        let cached = {
            let (item, done) = (item.clone(), done.clone());
            tokio::task::spawn_blocking(move || file_matches(&done, &item))
                .await
                .map_err(|e| DownloadError::Http(format!("hashing task failed: {e}")))?
        };
        if !cached {
            let url = endpoint
                .join(&format!("{}/{}", FILES_URL_PATH.trim_start_matches('/'), item.sha256))
                .map_err(|e| DownloadError::Http(e.to_string()))?;
            let base = p;
            download_file(&http, &url, &store.content_part_path(&item.sha256), &done, item, |n| {
                p.bytes_done = base.bytes_done + n;
                progress(p);
            })
            .await?;
            p = DownloadProgress { bytes_done: base.bytes_done, ..p };
        }
        p.files_done += 1;
        p.bytes_done += item.size;
        progress(p);
    }
    let pack = tokio::task::spawn_blocking(move || store.install_cached_content_pack(&manifest, "download"))
        .await
        .map_err(|e| DownloadError::Http(format!("install task failed: {e}")))??;
    Ok(pack)
}

async fn fetch_manifest(http: &reqwest::Client, endpoint: &Url) -> Result<Manifest, DownloadError> {
    let url =
        endpoint.join(MANIFEST_URL_PATH.trim_start_matches('/')).map_err(|e| DownloadError::Http(e.to_string()))?;
    let mut resp = http.get(url).send().await?;
    if resp.status() != StatusCode::OK {
        return Err(DownloadError::Status { status: resp.status().as_u16(), what: "the manifest".into() });
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await? {
        body.extend_from_slice(&chunk);
        if body.len() as u64 > MAX_MANIFEST_BYTES {
            return Err(ContentError::TooLarge { what: "the manifest".into(), limit: MAX_MANIFEST_BYTES }.into());
        }
    }
    Ok(Manifest::parse(&body)?)
}

/// Whether the cache already has `item`'s file intact (a damaged one is removed).
fn file_matches(path: &Path, item: &Item) -> bool {
    match hash_file(path) {
        Ok((len, hash)) if len == item.size && hash == item.sha256 => true,
        Ok(_) => {
            let _ = fs::remove_file(path);
            false
        }
        Err(_) => false,
    }
}

fn hash_file(path: &Path) -> std::io::Result<(u64, String)> {
    let mut f = File::open(path)?;
    let (mut hasher, mut buf, mut len) = (Sha256::new(), vec![0u8; 256 * 1024], 0u64);
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            return Ok((len, format!("{:x}", hasher.finalize())));
        }
        hasher.update(&buf[..n]);
        len += n as u64;
    }
}

/// Downloads one file into `part` (resuming from its length), checks it, renames it to `done`.
/// `on_bytes` gets the file's bytes so far.
async fn download_file(
    http: &reqwest::Client,
    url: &Url,
    part: &Path,
    done: &Path,
    item: &Item,
    mut on_bytes: impl FnMut(u64),
) -> Result<(), DownloadError> {
    let mut have = fs::metadata(part).map(|m| m.len()).unwrap_or(0);
    if have > item.size {
        fs::remove_file(part)?;
        have = 0;
    }
    if have < item.size {
        let mut req = http.get(url.clone());
        if have > 0 {
            req = req.header(RANGE, format!("bytes={have}-"));
        }
        let mut resp = req.send().await?;
        let append = match resp.status() {
            StatusCode::PARTIAL_CONTENT if starts_at(&resp, have) => true,
            StatusCode::OK => false,
            status => return Err(DownloadError::Status { status: status.as_u16(), what: item.path.clone() }),
        };
        let mut file = OpenOptions::new().create(true).write(true).append(append).truncate(!append).open(part)?;
        if !append {
            have = 0;
        }
        let mut last = Instant::now();
        on_bytes(have);
        while let Some(chunk) = resp.chunk().await? {
            if have + chunk.len() as u64 > item.size {
                drop(file);
                fs::remove_file(part)?;
                return Err(ContentError::TooLarge { what: item.path.clone(), limit: item.size }.into());
            }
            // Written as it arrives: what came before a cut is kept for the resume.
            file.write_all(&chunk)?;
            have += chunk.len() as u64;
            if last.elapsed() >= PROGRESS_EVERY {
                on_bytes(have);
                last = Instant::now();
            }
        }
        file.sync_all()?;
    }
    let (part, done, item) = (part.to_path_buf(), done.to_path_buf(), item.clone());
    tokio::task::spawn_blocking(move || finish(&part, &done, &item))
        .await
        .map_err(|e| DownloadError::Http(format!("hashing task failed: {e}")))?
}

/// A `206` that continues where our part ends (`Content-Range: bytes <have>-…`).
fn starts_at(resp: &reqwest::Response, have: u64) -> bool {
    resp.headers()
        .get(CONTENT_RANGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("bytes "))
        .and_then(|v| v.split('-').next())
        .and_then(|start| start.parse::<u64>().ok())
        == Some(have)
}

/// Checks the complete part file and moves it into the cache; a bad one is deleted so the next
/// attempt starts over.
fn finish(part: &Path, done: &Path, item: &Item) -> Result<(), DownloadError> {
    let (len, hash) = hash_file(part)?;
    if len != item.size || hash != item.sha256 {
        fs::remove_file(part)?;
        let why = if len != item.size {
            format!("{len} bytes, the manifest says {}", item.size)
        } else {
            "its SHA-256 differs".into()
        };
        return Err(ContentError::Corrupt { path: item.path.clone(), why }.into());
    }
    fs::rename(part, done)?;
    if let Some(dir) = done.parent().and_then(|d| File::open(d).ok()) {
        let _ = dir.sync_all();
    }
    Ok(())
}
