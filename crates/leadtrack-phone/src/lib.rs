//! Registration on the visitor's own phone. The kiosk shows a QR code holding a one-time link
//! to this small HTTP server on the booth network; the phone gets the show's kiosk form as
//! plain HTML and its answer is saved like a kiosk registration, with channel `phone`.
//!
//! This is the one place besides sync where LeadTrack touches the network, so it is kept
//! narrow: off unless a rep turns it on, bound to the one address the rep picked (never
//! 0.0.0.0), only `GET`/`POST /r/<token>` with single-use tokens that expire after ten
//! minutes, request rate limits per phone and overall, a 16 KB body limit, and pages that
//! carry no script and load nothing (a strict CSP says so). It knows the store, not Tauri.

pub mod html;
pub mod i18n;
pub mod limit;
mod service;
pub mod tokens;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use leadtrack_domain::kiosk::KioskRegistration;
use leadtrack_store::{Error as StoreError, Store};
use tokio::sync::{oneshot, watch, Semaphore};

pub use service::{interfaces, Interface, PhoneService, Settings, Status, DEFAULT_PORT};

use crate::html::FormPage;
use crate::i18n::Lang;
use crate::limit::RateLimit;
use crate::tokens::{Lookup, Tokens};

/// Unix milliseconds now; tests pass their own.
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// The `channel` a lead registered from a phone gets.
pub const CHANNEL: &str = "phone";

/// The server's limits. The defaults are the shipped ones; tests shorten time with `clock`.
#[derive(Clone)]
pub struct Options {
    pub clock: Clock,
    /// How long a token works after it is issued.
    pub token_ttl_ms: i64,
    /// Tokens that may be outstanding at once; a new one pushes out the oldest.
    pub max_tokens: usize,
    /// Requests per minute from one address.
    pub per_client_per_minute: u32,
    /// Requests per minute from everyone together.
    pub global_per_minute: u32,
    /// Largest request body, in bytes.
    pub body_limit: usize,
    /// Connections served at once; more are closed on arrival.
    pub max_connections: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            clock: Arc::new(leadtrack_store::now_ms),
            token_ttl_ms: 10 * 60 * 1000,
            max_tokens: 64,
            per_client_per_minute: 20,
            global_per_minute: 300,
            body_limit: 16 * 1024,
            max_connections: 64,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0} is not one interface's address; the phone server listens on one interface only")]
    NotOneInterface(IpAddr),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("cannot start the phone server: {0}")]
    Start(#[from] std::io::Error),
    #[error("no randomness for a token: {0}")]
    Random(getrandom::Error),
}

/// A running phone server. Dropping it stops it (open connections get a moment to finish).
pub struct PhoneServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

struct Shared {
    store: Arc<Store>,
    tokens: Tokens,
    limit: RateLimit,
    clock: Clock,
    body_limit: usize,
}

impl PhoneServer {
    /// Listens on `addr` (one interface's address; port 0 lets the OS pick) with the shipped limits.
    pub fn start(store: Arc<Store>, addr: SocketAddr) -> Result<PhoneServer, Error> {
        PhoneServer::start_with(store, addr, Options::default())
    }

    pub fn start_with(store: Arc<Store>, addr: SocketAddr, options: Options) -> Result<PhoneServer, Error> {
        let ip = addr.ip();
        if ip.is_unspecified() || ip.is_multicast() {
            return Err(Error::NotOneInterface(ip));
        }
        let listener = std::net::TcpListener::bind(addr).map_err(|source| Error::Bind { addr, source })?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            store,
            tokens: Tokens::new(options.token_ttl_ms, options.max_tokens),
            limit: RateLimit::new(options.per_client_per_minute, options.global_per_minute),
            clock: options.clock,
            body_limit: options.body_limit,
        });
        // Its own small runtime on its own thread: the app's async runtime stays the app's.
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().max_blocking_threads(4).build()?;
        let (shutdown, stop) = oneshot::channel();
        let app = router(shared.clone());
        let max_connections = options.max_connections.max(1);
        let thread = std::thread::Builder::new().name("phone-server".into()).spawn(move || {
            runtime.block_on(async move {
                match tokio::net::TcpListener::from_std(listener) {
                    Ok(listener) => serve(listener, app, stop, max_connections).await,
                    Err(e) => tracing::error!(error = %e, "phone server could not use its socket"),
                }
            })
        })?;
        tracing::info!(%addr, "phone registration server listening");
        Ok(PhoneServer { addr, shared, shutdown: Some(shutdown), thread: Some(thread) })
    }

    /// Where it listens (with the port the OS picked).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// A fresh one-time link: `http://<ip>:<port>/r/<token>`.
    pub fn link(&self) -> Result<String, Error> {
        let token = self.shared.tokens.issue((self.shared.clock)()).map_err(Error::Random)?;
        Ok(format!("http://{}/r/{token}", self.addr))
    }
}

impl Drop for PhoneServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        tracing::info!(addr = %self.addr, "phone registration server stopped");
    }
}

/// How long a phone may take to send a request's headers, and how long one connection may live.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
const CONNECTION_LIFETIME: Duration = Duration::from_secs(120);

/// Accepts connections until told to stop, at most `max` at once, each with a header timeout
/// and a lifetime so a slow or idle phone cannot hold a slot.
async fn serve(listener: tokio::net::TcpListener, app: Router, mut stop: oneshot::Receiver<()>, max: usize) {
    let slots = Arc::new(Semaphore::new(max));
    let (drain, draining) = watch::channel(false);
    loop {
        let (stream, peer) = tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    tracing::warn!(error = %e, "phone server accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else { continue };
        let app = app.clone();
        let mut draining = draining.clone();
        tokio::spawn(async move {
            let _slot = slot;
            let service = hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
                req.extensions_mut().insert(ConnectInfo(peer));
                tower_service::Service::call(&mut app.clone(), req)
            });
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service);
            tokio::pin!(conn);
            let lifetime = tokio::time::sleep(CONNECTION_LIFETIME);
            tokio::select! {
                _ = conn.as_mut() => return,
                _ = draining.changed() => {}
                _ = lifetime => {}
            }
            conn.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(Duration::from_secs(1), conn).await;
        });
    }
    drop(listener);
    let _ = drain.send(true);
    let all = u32::try_from(max).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(Duration::from_secs(2), slots.acquire_many(all)).await;
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/r/{token}", get(form_get).post(form_post))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(shared.clone(), guard))
        .with_state(shared)
}

/// Every request: the rate limits first, then the security headers on whatever is answered.
async fn guard(State(s): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip().to_canonical());
    let mut response = match s.limit.check(peer, (s.clock)()) {
        Ok(()) => next.run(req).await,
        Err(wait) => {
            let lang = lang_of(req.uri(), req.headers());
            let t = lang.texts();
            let mut r = page(StatusCode::TOO_MANY_REQUESTS, html::message(lang, t.busy_title, t.busy_body));
            r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait));
            r
        }
    };
    let h = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        // The URL holds the token: never hand it to the brochure's site.
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        h.insert(name, HeaderValue::from_static(value));
    }
    response
}

async fn form_get(State(s): State<Arc<Shared>>, Path(token): Path<String>, uri: Uri, headers: HeaderMap) -> Response {
    let lang = lang_of(&uri, &headers);
    match s.tokens.look(&token, (s.clock)()) {
        Lookup::Fresh => {}
        other => return gone(other, lang),
    }
    let action = format!("/r/{token}");
    show_form(&s, lang, &action, KioskRegistration::default(), Vec::new(), StatusCode::OK).await
}

async fn form_post(
    State(s): State<Arc<Shared>>,
    Path(token): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let lang = lang_of(&uri, &headers);
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    let bytes = match declared {
        Some(n) if n > s.body_limit => None,
        _ => axum::body::to_bytes(body, s.body_limit).await.ok(),
    };
    let Some(bytes) = bytes else {
        let t = lang.texts();
        return page(StatusCode::PAYLOAD_TOO_LARGE, html::message(lang, t.too_large_title, t.too_large_body));
    };
    let now = (s.clock)();
    match s.tokens.claim(&token, now) {
        Lookup::Fresh => {}
        other => return gone(other, lang),
    }
    let pairs: Vec<(String, String)> = form_urlencoded::parse(&bytes).into_owned().collect();
    // The language the form was shown in, which is the one the consent wording was read in.
    let lang = pairs.iter().find(|(k, _)| k == "lang").and_then(|(_, v)| Lang::parse(v)).unwrap_or(lang);
    let typed = html::registration(pairs.into_iter(), lang);
    let reg = typed.clone();
    let store = s.store.clone();
    let saved = tokio::task::spawn_blocking(move || {
        let lead = store.register_visitor_via(reg, CHANNEL, now)?;
        let brochure = store.kiosk_show().map(|(_, form)| form.brochure_url).unwrap_or_default();
        Ok::<_, StoreError>((lead, brochure))
    })
    .await;
    match saved {
        Ok(Ok((lead, brochure))) => {
            s.tokens.consume(&token);
            tracing::info!(lead = %lead.id, "visitor registered on their phone");
            page(StatusCode::OK, html::thanks(lang, &lead.name, &brochure))
        }
        Ok(Err(StoreError::Invalid(v))) if !closed(&v) => {
            s.tokens.release(&token);
            let action = format!("/r/{token}");
            show_form(&s, lang, &action, typed, v.fields, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Ok(Err(e)) => {
            s.tokens.release(&token);
            store_failure(&e, lang)
        }
        Err(e) => {
            s.tokens.release(&token);
            tracing::error!(error = %e, "phone registration task failed");
            let t = lang.texts();
            page(StatusCode::INTERNAL_SERVER_ERROR, html::message(lang, t.failed_title, t.failed_body))
        }
    }
}

async fn show_form(
    s: &Shared,
    lang: Lang,
    action: &str,
    typed: KioskRegistration,
    errors: Vec<leadtrack_domain::FieldError>,
    status: StatusCode,
) -> Response {
    let store = s.store.clone();
    match tokio::task::spawn_blocking(move || store.kiosk_show()).await {
        Ok(Ok((event, form))) => {
            let html = FormPage { lang, event: &event, form: &form, action, typed: &typed, errors: &errors }.render();
            page(status, html)
        }
        Ok(Err(e)) => store_failure(&e, lang),
        Err(e) => {
            tracing::error!(error = %e, "phone form task failed");
            let t = lang.texts();
            page(StatusCode::INTERNAL_SERVER_ERROR, html::message(lang, t.failed_title, t.failed_body))
        }
    }
}

/// Kiosk mode off (or its show gone): the booth is not registering anyone.
fn closed(v: &leadtrack_domain::ValidationErrors) -> bool {
    v.fields.iter().any(|f| f.code == "kiosk_off")
}

fn store_failure(e: &StoreError, lang: Lang) -> Response {
    let t = lang.texts();
    match e {
        StoreError::Invalid(v) if closed(v) => {
            page(StatusCode::SERVICE_UNAVAILABLE, html::message(lang, t.closed_title, t.closed_body))
        }
        StoreError::NotFound { .. } => {
            page(StatusCode::SERVICE_UNAVAILABLE, html::message(lang, t.closed_title, t.closed_body))
        }
        e => {
            tracing::error!(error = %e, "phone registration failed in the store");
            page(StatusCode::INTERNAL_SERVER_ERROR, html::message(lang, t.failed_title, t.failed_body))
        }
    }
}

fn gone(lookup: Lookup, lang: Lang) -> Response {
    let t = lang.texts();
    match lookup {
        Lookup::Used => page(StatusCode::GONE, html::message(lang, t.used_title, t.used_body)),
        Lookup::Expired => page(StatusCode::GONE, html::message(lang, t.expired_title, t.expired_body)),
        Lookup::Fresh | Lookup::Unknown => {
            page(StatusCode::NOT_FOUND, html::message(lang, t.unknown_title, t.unknown_body))
        }
    }
}

async fn not_found(uri: Uri, headers: HeaderMap) -> Response {
    gone(Lookup::Unknown, lang_of(&uri, &headers))
}

fn page(status: StatusCode, html: String) -> Response {
    (status, [(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"))], html).into_response()
}

/// `?lang=` when given, else the browser's `Accept-Language`, else English.
fn lang_of(uri: &Uri, headers: &HeaderMap) -> Lang {
    let asked = uri.query().and_then(|q| {
        form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "lang").and_then(|(_, v)| Lang::parse(&v))
    });
    asked.unwrap_or_else(|| {
        Lang::from_accept_language(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or(""))
    })
}
