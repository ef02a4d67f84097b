//! Content-pack downloads (issue 7): the device's downloader (`leadtrack_sync::content`)
//! against the collector's real content route, served in-process by axum on 127.0.0.1 (the
//! route needs no PostgreSQL). A middleware records each request's `Range` and can cut the
//! first file download off half way, the way a dropped Wi-Fi connection does.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use leadtrack_content::import::Folder;
use leadtrack_content::{sha256_hex, DownloadProgress, MANIFEST_FILE};
use leadtrack_store::Store;
use leadtrack_sync::client::Url;
use leadtrack_sync::content::{download_pack, DownloadError};

#[derive(Default)]
struct Wire {
    /// The `Range` header of every file request, in order.
    ranges: Mutex<Vec<Option<String>>>,
    /// Cut the next file response off after half its body.
    cut_next: AtomicBool,
}

async fn watch(wire: Arc<Wire>, req: Request, next: Next) -> Response {
    let is_file = req.uri().path().starts_with(leadtrack_content::FILES_URL_PATH);
    if is_file {
        let range = req.headers().get("range").and_then(|v| v.to_str().ok()).map(str::to_string);
        wire.ranges.lock().unwrap().push(range);
    }
    let resp = next.run(req).await;
    if !(is_file && wire.cut_next.swap(false, Ordering::SeqCst)) {
        return resp;
    }
    // Same status and headers (the full Content-Length), half the body, then a broken stream.
    let (parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    let half = bytes.slice(..bytes.len() / 2);
    let chunks: Vec<Result<axum::body::Bytes, std::io::Error>> =
        vec![Ok(half), Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "cable pulled"))];
    // A pause before each chunk, so the half is on the wire before the connection breaks.
    let stream = futures_util::StreamExt::then(futures_util::stream::iter(chunks), |c| async move {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        c
    });
    Response::from_parts(parts, Body::from_stream(stream))
}

/// Serves `dir` through the collector's content router on a random port.
async fn serve(dir: &Path, wire: Arc<Wire>) -> Url {
    let app = leadtrack_collector::content::router(dir.to_path_buf())
        .layer(middleware::from_fn(move |req: Request, next: Next| watch(wire.clone(), req, next)));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Url::parse(&format!("http://{addr}/")).unwrap()
}

/// A pack folder: a 300 KB PDF (so a cut lands mid-file) and a PNG.
fn pack(dir: &Path, version: &str, pdf: &[u8]) {
    let png = b"\x89PNG\r\n\x1a\n tiny".to_vec();
    std::fs::write(dir.join("brochure.pdf"), pdf).unwrap();
    std::fs::write(dir.join("logo.png"), &png).unwrap();
    let item = |id: &str, kind: &str, path: &str, bytes: &[u8]| {
        serde_json::json!({ "id": id, "title": id, "kind": kind, "language": "en", "path": path,
            "sha256": sha256_hex(bytes), "size": bytes.len() })
    };
    let m = serde_json::json!({ "format": 1, "pack_version": version, "items": [
        item("brochure", "pdf", "brochure.pdf", pdf), item("logo", "image", "logo.png", &png)] });
    std::fs::write(dir.join(MANIFEST_FILE), serde_json::to_vec(&m).unwrap()).unwrap();
}

fn big_pdf(seed: u8) -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.extend((0..300_000u32).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)));
    pdf
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupted_download_resumes_where_it_stopped_and_switches_the_pack() {
    let (server_dir, data) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let pdf = big_pdf(1);
    pack(server_dir.path(), "2026-11", &pdf);
    let wire = Arc::new(Wire::default());
    let url = serve(server_dir.path(), wire.clone()).await;
    let store = Arc::new(Store::open(data.path()).unwrap());

    wire.cut_next.store(true, Ordering::SeqCst);
    let err = download_pack(store.clone(), &url, |_| {}).await.unwrap_err();
    assert!(matches!(err, DownloadError::Http(_)), "{err}");
    assert!(store.content_pack().unwrap().is_none(), "nothing is switched to after a failure");
    let part = store.content_part_path(&sha256_hex(&pdf));
    let kept = std::fs::metadata(&part).unwrap().len();
    assert!(kept > 0 && kept < pdf.len() as u64, "the part file keeps what arrived: {kept}");

    let mut seen = Vec::new();
    let pack = download_pack(store.clone(), &url, |p| seen.push(p)).await.unwrap();
    assert_eq!(pack.version, "2026-11");
    assert_eq!(wire.ranges.lock().unwrap().as_slice(), [None, Some(format!("bytes={kept}-")), None]);
    assert_eq!(std::fs::read(store.content_file_path(&sha256_hex(&pdf))).unwrap(), pdf);
    assert!(!part.exists());
    let last = seen.last().copied().unwrap_or_default();
    assert_eq!(last, DownloadProgress { files_done: 2, files_total: 2, bytes_done: last.bytes_total, ..last });
    assert!(seen.windows(2).all(|w| w[0].bytes_done <= w[1].bytes_done), "progress only moves forward");

    // A second "download everything" finds every file cached and fetches none.
    download_pack(store.clone(), &url, |_| {}).await.unwrap();
    assert_eq!(wire.ranges.lock().unwrap().len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_downloaded_file_whose_hash_differs_keeps_the_previous_pack() {
    let (old_dir, server_dir, data) =
        (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let store = Arc::new(Store::open(data.path()).unwrap());
    pack(old_dir.path(), "v1", &big_pdf(1));
    store.install_content_pack(&mut Folder::open(old_dir.path()).unwrap(), "folder").unwrap();

    let v2 = big_pdf(2);
    pack(server_dir.path(), "v2", &v2);
    let mut tampered = v2.clone();
    tampered[1000] ^= 0xff;
    std::fs::write(server_dir.path().join("brochure.pdf"), &tampered).unwrap();
    let url = serve(server_dir.path(), Arc::new(Wire::default())).await;

    let err = download_pack(store.clone(), &url, |_| {}).await.unwrap_err();
    assert!(err.to_string().contains("damaged"), "{err}");
    assert_eq!(store.content_pack().unwrap().unwrap().version, "v1");
    assert!(!store.content_part_path(&sha256_hex(&v2)).exists(), "a bad download is not resumed from");
    assert!(!store.content_file_path(&sha256_hex(&v2)).exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_content_route_serves_only_files_its_manifest_names() {
    let dir = tempfile::tempdir().unwrap();
    pack(dir.path(), "v1", &big_pdf(1));
    std::fs::write(dir.path().join("secret.txt"), b"not in the manifest").unwrap();
    let url = serve(dir.path(), Arc::new(Wire::default())).await;
    let get = |path: String| {
        let url = url.join(&path).unwrap();
        async move { status_of(url).await }
    };
    assert_eq!(get("v1/content/manifest.json".into()).await, 200);
    assert_eq!(get(format!("v1/content/files/{}", sha256_hex(b"not in the manifest"))).await, 404);
    assert_eq!(get("v1/content/files/..%2Fsecret.txt".into()).await, 404);
}

/// A bare GET over a TCP socket (the tests crate has no HTTP client of its own).
async fn status_of(url: Url) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect((url.host_str().unwrap(), url.port().unwrap())).await.unwrap();
    let req = format!("GET {} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", url.path());
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    String::from_utf8_lossy(&out[..12]).split(' ').nth(1).unwrap().parse().unwrap()
}
