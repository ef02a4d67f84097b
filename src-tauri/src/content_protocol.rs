//! `leadtrack-content://localhost/<sha256>` (`http://leadtrack-content.localhost/<sha256>` on
//! Windows): how the webview loads a material's image or video.
//!
//! Instead of opening Tauri's file-system asset protocol to a folder, this serves exactly the
//! files of the pack in use, by hash (`Store::material_file`): any other path, hash or file is
//! 404, and a window other than the rep's and the kiosk's gets 403. The type comes from the
//! file's magic bytes (checked at import), never from a name. `Range` requests are answered
//! with `206` slices of at most 4 MiB, so a video seeks and a large one never sits in memory.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

use leadtrack_store::leadtrack_content::{byte_range, ByteRange};
use tauri::http::{header, Request, Response, StatusCode};
use tauri::{Manager, Runtime};

use crate::state::AppState;

pub const SCHEME: &str = "leadtrack-content";

/// The largest slice one response carries.
const SLICE: u64 = 4 * 1024 * 1024;

pub fn register<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.register_asynchronous_uri_scheme_protocol(SCHEME, |ctx, request, responder| {
        let label = ctx.webview_label().to_string();
        let app = ctx.app_handle().clone();
        // Disk reads off the thread that runs the webview.
        tauri::async_runtime::spawn_blocking(move || {
            let response = if [crate::windows::REP, crate::windows::KIOSK].contains(&label.as_str()) {
                app.try_state::<AppState>()
                    .map_or_else(|| status(StatusCode::SERVICE_UNAVAILABLE), |s| serve(&s, &request))
            } else {
                status(StatusCode::FORBIDDEN)
            };
            responder.respond(response);
        });
    })
}

fn status(code: StatusCode) -> Response<Vec<u8>> {
    let mut r = Response::new(Vec::new());
    *r.status_mut() = code;
    r
}

fn serve(state: &AppState, request: &Request<Vec<u8>>) -> Response<Vec<u8>> {
    let sha256 = request.uri().path().trim_start_matches('/');
    if sha256.len() != 64 || !sha256.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return status(StatusCode::NOT_FOUND);
    }
    let (path, mime) = match state.store.material_file(sha256) {
        Ok(Some(found)) => found,
        Ok(None) => return status(StatusCode::NOT_FOUND),
        Err(e) => {
            tracing::error!(error = %e, "content protocol lookup failed");
            return status(StatusCode::INTERNAL_SERVER_ERROR);
        }
    };
    let range = request.headers().get(header::RANGE).and_then(|v| v.to_str().ok());
    match read(&path, range) {
        Ok((code, body, content_range)) => {
            let mut builder = Response::builder()
                .status(code)
                .header(header::CONTENT_TYPE, mime)
                .header(header::ACCEPT_RANGES, "bytes")
                .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
                // Named by its hash: the same URL never means other bytes.
                .header(header::CACHE_CONTROL, "max-age=31536000, immutable");
            if let Some(cr) = content_range {
                builder = builder.header(header::CONTENT_RANGE, cr);
            }
            builder.body(body).unwrap_or_else(|_| status(StatusCode::INTERNAL_SERVER_ERROR))
        }
        Err(e) => {
            tracing::error!(error = %e, path = %path.display(), "content file could not be read");
            status(StatusCode::INTERNAL_SERVER_ERROR)
        }
    }
}

/// The status, body and `Content-Range` for a request of `path`.
fn read(path: &std::path::Path, range: Option<&str>) -> std::io::Result<(StatusCode, Vec<u8>, Option<String>)> {
    let mut file = File::open(path)?;
    let len = file.metadata()?.len();
    // Without a Range the whole file is sent (images); large files are asked for in ranges.
    match byte_range(range, len, SLICE) {
        ByteRange::Whole => {
            let mut body = Vec::with_capacity(len as usize);
            file.read_to_end(&mut body)?;
            Ok((StatusCode::OK, body, None))
        }
        ByteRange::Part { start, end } => {
            file.seek(SeekFrom::Start(start))?;
            let mut body = vec![0; (end - start + 1) as usize];
            file.read_exact(&mut body)?;
            Ok((StatusCode::PARTIAL_CONTENT, body, Some(format!("bytes {start}-{end}/{len}"))))
        }
        ByteRange::Unsatisfiable => Ok((StatusCode::RANGE_NOT_SATISFIABLE, Vec::new(), Some(format!("bytes */{len}")))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_is_answered_with_its_slice_and_content_range() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"0123456789").unwrap();
        assert_eq!(read(&path, None).unwrap(), (StatusCode::OK, b"0123456789".to_vec(), None));
        assert_eq!(
            read(&path, Some("bytes=2-4")).unwrap(),
            (StatusCode::PARTIAL_CONTENT, b"234".to_vec(), Some("bytes 2-4/10".into()))
        );
        assert_eq!(read(&path, Some("bytes=10-")).unwrap().0, StatusCode::RANGE_NOT_SATISFIABLE);
    }
}
