//! The content pack route (issue 7), read-only and separate from sync: booth devices download
//! marketing's brochures and videos from here. `serve --content-dir DIR` turns it on; DIR holds
//! a `manifest.json` and the files at the paths it names.
//!
//! - `GET /v1/content/manifest.json`: the manifest as it is on disk.
//! - `GET /v1/content/files/{sha256}`: the file the manifest names with that hash, with
//!   `Range` support (tower-http's `ServeFile`), so an interrupted download resumes.
//!
//! The manifest is read per request, so replacing the folder's contents publishes a new pack
//! without a restart. A hash the manifest does not name is 404: nothing else in DIR is served.
//! The content is public marketing material, so no device signature is asked for.

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leadtrack_content::{Manifest, FILES_URL_PATH, MANIFEST_FILE, MANIFEST_URL_PATH};
use tower::ServiceExt;
use tower_http::services::ServeFile;

/// The content routes for the pack in `dir`.
pub fn router(dir: PathBuf) -> Router {
    Router::new()
        .route(MANIFEST_URL_PATH, get(manifest))
        .route(&format!("{FILES_URL_PATH}/{{sha256}}"), get(file))
        .with_state(Arc::new(dir))
}

async fn serve(path: PathBuf, req: Request) -> Response {
    match ServeFile::new(path).oneshot(req).await {
        Ok(r) => r.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "content file could not be served");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

async fn manifest(State(dir): State<Arc<PathBuf>>, req: Request) -> Response {
    serve(dir.join(MANIFEST_FILE), req).await
}

async fn file(State(dir): State<Arc<PathBuf>>, Path(sha256): Path<String>, req: Request) -> Response {
    let bytes = match tokio::fs::read(dir.join(MANIFEST_FILE)).await {
        Ok(b) => b,
        Err(_) => return StatusCode::NOT_FOUND.into_response(),
    };
    let manifest = match Manifest::parse(&bytes) {
        Ok(m) => m,
        Err(e) => {
            tracing::error!(error = %e, "the content folder's manifest is invalid");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    // Paths were checked by `Manifest::parse`: relative, no `..`.
    match manifest.items.iter().find(|i| i.sha256 == sha256) {
        Some(item) => serve(dir.join(&item.path), req).await,
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
