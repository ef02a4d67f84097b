//! LeadTrack's company endpoint: booth devices push signed batches of lead versions here, and
//! it keeps the newest edit of every lead (by hybrid logical clock) plus every version ever
//! received, in PostgreSQL. The protocol is `leadtrack-sync`'s; the contract for people is
//! `docs/sync-protocol.openapi.yaml`.
//!
//! - `http`: routes, the order of checks, status codes.
//! - `content`: the read-only content-pack route (`serve --content-dir`).
//! - `apply`: item checks and the one-transaction batch write (the heart of it).
//! - `reconcile`: "what is the server missing?".
//! - `devices`: enrolment and per-device secrets.
//! - `db`: the pool and the embedded, advisory-locked migrations.
//! - `testkit`: throwaway PostgreSQL clusters and collector processes for tests.
//!
//! Stateless: an instance keeps nothing but a connection pool and an in-flight counter, so
//! any number of them can run behind a load balancer on one database. What must be shared
//! (device keys, leads, the stored answer of every batch) is in the database, and every write
//! of a lead happens under that lead's advisory lock.

pub mod apply;
pub mod content;
pub mod db;
pub mod devices;
mod error;
pub mod http;
pub mod reconcile;
pub mod testkit;

use std::net::SocketAddr;

pub use error::{Error, Result};
pub use http::{router, AppState, Limits};

/// How `serve` runs.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub listen: SocketAddr,
    pub database_url: String,
    pub pool_size: usize,
    pub limits: Limits,
    /// Serve this content pack folder read-only under `/v1/content/` (issue 7).
    pub content_dir: Option<std::path::PathBuf>,
}

/// Migrates the database, then serves until SIGTERM or Ctrl-C; requests under way finish.
/// The first log line after migration is `listening` with the bound `addr` (port 0 picks one).
pub async fn serve(config: ServeConfig) -> anyhow::Result<()> {
    let pool = db::pool(&config.database_url, config.pool_size)?;
    let applied = {
        let mut client = pool.get().await.map_err(Error::Pool)?;
        db::migrate(&mut client).await?
    };
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, migrations_applied = applied, protocol = leadtrack_sync::PROTOCOL, "listening");
    let mut app = router(AppState::new(pool, config.limits));
    if let Some(dir) = config.content_dir {
        tracing::info!(dir = %dir.display(), "serving a content pack");
        app = app.merge(content::router(dir));
    }
    axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
