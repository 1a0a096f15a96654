//! Serving a router to hostile clients: bounded connections, timeouts at every stage, and
//! every error a problem document.
//!
//! [`serve`] is the listener a production HAL service runs, over plain TCP or (feature `tls`)
//! over rustls with client certificates. Compared with a bare accept loop it:
//!
//! - caps concurrent connections ([`ServeConfig::with_max_connections`]): at the cap it stops
//!   accepting, so further clients wait in the kernel's backlog and hold no file descriptor of
//!   the process;
//! - logs accept errors (such as running out of file descriptors) and backs off for a second
//!   instead of returning them, as `axum::serve` does, so the service outlives a flood;
//! - bounds every stage of a connection with a timeout: the TLS handshake, reading a request's
//!   headers (a client trickling bytes is cut off), the idle time between keep-alive requests,
//!   and the time between two chunks of a request body;
//! - speaks HTTP/1.1 only, by choice: TLS offers `http/1.1` through ALPN and nothing else;
//! - on shutdown, stops accepting, lets in-flight requests finish (up to a drain timeout) and
//!   closes idle connections.
//!
//! [`protect`] is the request-level half, applied by [`serve`] and usable on its own: a request
//! id (`X-Request-Id`, made when the client sends none, echoed in the response and in the
//! request's tracing span), a `500` problem document for a handler that panics (revealing
//! nothing of the panic), and `413`, `414` and `431` problem documents for a body, URI or header
//! section over its limit; a body whose announced `Content-Length` is over the limit is refused
//! before any of it is read. It also answers `304` to a `GET` whose `If-None-Match` names the
//! response's tag ([`not_modified`](crate::conditional::not_modified)), `406` to an `Accept`
//! that excludes what the route produces ([`not_acceptable`](crate::conditional::not_acceptable)), `OPTIONS` with `204`
//! and `Allow` where the router knows the route, and compresses bodies (gzip, br) for clients
//! that accept it.
//!
//! # Limits and defaults
//!
//! | setting | default | on breach |
//! | --- | --- | --- |
//! | concurrent connections | 1 024 | further clients wait to be accepted |
//! | TLS handshake | 10 s | connection closed |
//! | reading a request's headers | 10 s | connection closed |
//! | idle keep-alive connection | 60 s | connection closed |
//! | gap between two chunks of a body | 10 s | `408` problem (from [`JsonBody`](crate::JsonBody)) |
//! | a handler's answer | 30 s | `503` problem |
//! | request body | 1 MiB | `413` problem, before reading when announced |
//! | request target (path and query) | 8 KiB | `414` problem |
//! | header section | 32 KiB, 100 fields | `431` problem |
//! | draining on shutdown | 30 s | remaining connections dropped |
//!
//! Requests beyond what the HTTP parser itself takes (a request target over 64 KiB, a header
//! section over 400 KiB or over 200 fields) are refused by it with an empty `414` or `431`
//! before the service sees them.
//!
//! # Example
//!
//! ```no_run
//! use std::time::Duration;
//!
//! use axum::{Router, routing::get};
//! use hal_axum::serve::{ServeConfig, serve};
//!
//! # async fn run() -> std::io::Result<()> {
//! let app = Router::new().route("/", get(|| async { "hello" }));
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! let config = ServeConfig::default()
//!     .with_max_connections(512)
//!     .with_header_read_timeout(Duration::from_secs(5));
//! serve(listener, app, config, async {
//!     let _ = tokio::signal::ctrl_c().await;
//! })
//! .await
//! # }
//! ```

use std::any::Any;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;
use tokio::time::Instant;
use tower::ServiceExt;
use tower_http::catch_panic::{CatchPanicLayer, ResponseForPanic};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};
use tower_http::trace::TraceLayer;

use crate::ApiError;

/// The header that carries a request's id.
pub const REQUEST_ID: &str = "x-request-id";

/// How long the accept loop waits after an accept error other than a client's own reset.
const ACCEPT_ERROR_BACKOFF: Duration = Duration::from_secs(1);

/// The fields hyper reads before refusing a request itself: above our own limit, so that our
/// `431` problem document answers first.
const PARSER_MAX_HEADERS: usize = 200;

/// How [`serve`] and [`protect`] bound what a client can make the service hold.
///
/// Every setting has a default suited to a public API (see the [module](self) docs); change
/// them with the `with_*` builders.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
///
/// let config = hal_axum::serve::ServeConfig::default()
///     .with_idle_timeout(Duration::from_secs(30))
///     .with_max_body_bytes(64 * 1024);
/// assert_eq!(config.max_body_bytes(), 64 * 1024);
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct ServeConfig {
    max_connections: usize,
    tls_handshake_timeout: Duration,
    header_read_timeout: Duration,
    idle_timeout: Duration,
    body_read_timeout: Duration,
    request_timeout: Duration,
    max_body_bytes: usize,
    max_uri_bytes: usize,
    max_header_bytes: usize,
    max_header_fields: usize,
    drain_timeout: Duration,
    trusted_proxies: crate::forwarded::TrustedProxies,
    tag_bodies: bool,
    compression_level: u32,
    #[cfg(feature = "tls")]
    tls: Option<Arc<rustls::ServerConfig>>,
}

impl Default for ServeConfig {
    fn default() -> Self {
        Self {
            max_connections: 1024,
            tls_handshake_timeout: Duration::from_secs(10),
            header_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            body_read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_body_bytes: 1024 * 1024,
            max_uri_bytes: 8 * 1024,
            max_header_bytes: 32 * 1024,
            max_header_fields: 100,
            drain_timeout: Duration::from_secs(30),
            trusted_proxies: crate::forwarded::TrustedProxies::default(),
            tag_bodies: true,
            compression_level: 1,
            #[cfg(feature = "tls")]
            tls: None,
        }
    }
}

macro_rules! setting {
    ($(#[doc = $doc:literal])* $field:ident, $with:ident: $ty:ty, $example:expr) => {
        $(#[doc = $doc])*
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("let config = hal_axum::serve::ServeConfig::default().", stringify!($with), "(", stringify!($example), ");")]
        #[doc = concat!("assert_eq!(config.", stringify!($field), "(), ", stringify!($example), ");")]
        /// ```
        pub fn $with(mut self, value: $ty) -> Self {
            self.$field = value;
            self
        }

        $(#[doc = $doc])*
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("let _ = hal_axum::serve::ServeConfig::default().", stringify!($field), "();")]
        /// ```
        #[must_use]
        pub fn $field(&self) -> $ty {
            self.$field
        }
    };
}

impl ServeConfig {
    setting!(
        /// Connections served at once; at the cap, no more are accepted until one closes.
        /// At least 1.
        max_connections, with_max_connections: usize, 16
    );
    setting!(
        /// How long a client may take to complete the TLS handshake.
        tls_handshake_timeout, with_tls_handshake_timeout: Duration, std::time::Duration::from_secs(3)
    );
    setting!(
        /// How long a client may take to send a request's headers, from the connection's start
        /// or the request's first byte.
        header_read_timeout, with_header_read_timeout: Duration, std::time::Duration::from_secs(3)
    );
    setting!(
        /// How long a connection may stay open with no request in progress and no byte moving.
        idle_timeout, with_idle_timeout: Duration, std::time::Duration::from_secs(3)
    );
    setting!(
        /// The longest wait between two chunks of a request body.
        body_read_timeout, with_body_read_timeout: Duration, std::time::Duration::from_secs(3)
    );
    setting!(
        /// How long a handler may take to answer; then the client gets a `503` problem.
        request_timeout, with_request_timeout: Duration, std::time::Duration::from_secs(3)
    );
    setting!(
        /// The largest request body, in bytes.
        max_body_bytes, with_max_body_bytes: usize, 4096
    );
    setting!(
        /// The longest request target (path and query), in bytes.
        max_uri_bytes, with_max_uri_bytes: usize, 2048
    );
    setting!(
        /// The largest header section (names and values), in bytes.
        max_header_bytes, with_max_header_bytes: usize, 4096
    );
    setting!(
        /// The most header fields in one request (at most 200, what the parser reads).
        max_header_fields, with_max_header_fields: usize, 50
    );
    setting!(
        /// How long shutdown waits for in-flight requests before dropping their connections.
        drain_timeout, with_drain_timeout: Duration, std::time::Duration::from_secs(3)
    );
    setting!(
        /// Whether HAL responses without an `ETag` of their own get one, the hash of their
        /// bytes ([`tag_body`](crate::conditional::tag_body)), so that revalidations are
        /// answered `304`. On by default; a service whose handlers state their versions, or
        /// that wants no hashing, turns it off.
        tag_bodies, with_tag_bodies: bool, false
    );
    setting!(
        /// The gzip and brotli level of compressed responses; 0 sends every response as it
        /// is. 1 by default: on a 75 kB HAL page, gzip 1 takes 55 µs for 6.1 kB where the
        /// usual 6 takes 500 µs for 4.8 kB, and brotli 1 150 µs for 5.4 kB where 11 (the
        /// encoder's default) takes 124 ms for 3.3 kB; for content made per request, the
        /// fastest level wins (the demo's `compression` bench).
        compression_level, with_compression_level: u32, 6
    );

    /// Believe `Forwarded` and `X-Forwarded-*` from these peers (none by default; see
    /// [`PublicOrigin`](crate::forwarded::PublicOrigin) for why).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_axum::forwarded::TrustedProxies;
    ///
    /// let config = hal_axum::serve::ServeConfig::default()
    ///     .with_trusted_proxies(TrustedProxies::parse(["10.0.0.0/8"]).unwrap());
    /// # let _ = config;
    /// ```
    pub fn with_trusted_proxies(mut self, proxies: crate::forwarded::TrustedProxies) -> Self {
        self.trusted_proxies = proxies;
        self
    }

    /// Serve over TLS with this configuration (see [`crate::tls::server_config`]); each
    /// request then carries the client's certificate as a
    /// [`ClientCertificate`](crate::tls::ClientCertificate) extension.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # fn run() -> Result<(), hal_axum::tls::TlsError> {
    /// use std::path::Path;
    ///
    /// let tls = hal_axum::tls::server_config(Path::new("s.pem"), Path::new("s.key"), Path::new("ca.pem"))?;
    /// let config = hal_axum::serve::ServeConfig::default().with_tls(tls);
    /// # Ok(())
    /// # }
    /// ```
    #[cfg(feature = "tls")]
    pub fn with_tls(mut self, tls: Arc<rustls::ServerConfig>) -> Self {
        self.tls = Some(tls);
        self
    }
}

/// Wraps `router` in the request-level protections of this module: request ids, a `500`
/// problem for a panicking handler, body, URI and header limits as problem documents, and the
/// body read timeout. [`serve`] applies it; call it yourself when serving another way.
///
/// # Examples
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// use axum::{Router, routing::get};
/// use tower::ServiceExt;
///
/// async fn boom() -> &'static str {
///     panic!("secret")
/// }
/// let app = Router::new().route("/boom", get(boom));
/// let app = hal_axum::serve::protect(app, &Default::default());
/// let request = axum::http::Request::get("/boom").body(axum::body::Body::empty()).unwrap();
/// let response = app.oneshot(request).await.unwrap();
/// assert_eq!(response.status(), 500);
/// assert_eq!(response.headers()["content-type"], "application/problem+json");
/// assert!(response.headers().contains_key("x-request-id"));
/// # });
/// ```
pub fn protect(router: Router, config: &ServeConfig) -> Router {
    let limits = RequestLimits {
        max_body_bytes: config.max_body_bytes,
        max_uri_bytes: config.max_uri_bytes,
        max_header_bytes: config.max_header_bytes,
        max_header_fields: config.max_header_fields,
    };
    let request_id = axum::http::HeaderName::from_static(REQUEST_ID);
    // Per route, where the route is known: tagging, 304s and 406s as one layer, inside the
    // metrics. Each `Router::layer` boxes the route again, and each box is cloned on every
    // request, so the layers are composed first and applied once (the first listed is the
    // outermost).
    let per_route = tower::ServiceBuilder::new();
    #[cfg(feature = "metrics")]
    let per_route = per_route.layer(middleware::from_fn(crate::metrics::track));
    let router = router.layer(per_route.layer(middleware::from_fn_with_state(
        config.tag_bodies,
        crate::conditional::finish,
    )));
    let around = tower::ServiceBuilder::new()
        .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
        .layer(PropagateRequestIdLayer::new(request_id))
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
            let id = request
                .headers()
                .get(REQUEST_ID)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            tracing::info_span!("request", method = %request.method(), uri = %request.uri().path(), request_id = id)
        }))
        // gzip or br by `Accept-Encoding`, with `Vary: Accept-Encoding`; small bodies stay as
        // they are. The ETag names the representation before encoding.
        .layer(
            CompressionLayer::new()
                .quality(CompressionLevel::Precise(
                    i32::try_from(config.compression_level).unwrap_or(i32::MAX),
                ))
                .compress_when(Compressible {
                    enabled: config.compression_level > 0,
                }),
        )
        // Inside compression, which would hide the body it completes.
        .layer(middleware::from_fn(problem_details))
        .layer(DefaultBodyLimit::max(config.max_body_bytes))
        .layer(middleware::from_fn_with_state(limits, refuse_oversized))
        .layer(CatchPanicLayer::custom(PanicAsProblem))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            config.request_timeout,
        ))
        .layer(middleware::from_fn(options_from_allow))
        // Innermost: it changes the body's type, which the middleware functions above do not
        // take (the router takes any).
        .layer(RequestBodyTimeoutLayer::new(config.body_read_timeout));
    // Around the whole router, not each route: a route adds `Allow` to its 405 after its own
    // layers have run.
    Router::new().fallback_service(router).layer(around)
}

/// tower-http's default choice of what to compress (not tiny bodies, images, gRPC or event
/// streams), or nothing when compression is off.
#[derive(Debug, Clone, Copy)]
struct Compressible {
    enabled: bool,
}

impl tower_http::compression::Predicate for Compressible {
    fn should_compress<B: hyper::body::Body>(&self, response: &axum::http::Response<B>) -> bool {
        self.enabled && tower_http::compression::DefaultPredicate::new().should_compress(response)
    }
}

/// Makes every error a problem document that names the request: an error answered without a
/// body (a timeout, a layer's own refusal) gets one for its status, and every problem gets
/// the request's id in `requestId`, to be found in the logs, and the request's path as its
/// `instance` when the handler gave none (`ApiError::not_found(..)` cannot know it).
async fn problem_details(request: Request, next: Next) -> Response {
    let request_id = request
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let is_problem = content_type
        .as_deref()
        .is_some_and(|t| t.starts_with(hal_core::problem::PROBLEM_JSON));
    if content_type.is_some() && !is_problem {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // Problem documents are small; anything larger is not one of ours and passes unchanged.
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return ApiError::internal("the error response could not be read").into_response();
    };
    let problem = if is_problem {
        match serde_json::from_slice::<hal_core::Problem>(&bytes) {
            Ok(problem) => problem,
            Err(_) => return Response::from_parts(parts, Body::from(bytes)),
        }
    } else {
        if !bytes.is_empty() {
            return Response::from_parts(parts, Body::from(bytes));
        }
        hal_core::Problem::new(
            status.as_u16(),
            status.canonical_reason().unwrap_or("Error"),
        )
    };
    let problem = match request_id {
        Some(id) => problem.with_member("requestId", id),
        None => problem,
    };
    let problem = match problem.instance() {
        Some(_) => problem,
        None => problem.with_instance(path),
    };
    let rewritten = ApiError::from(problem).into_response();
    // Keep what the original said besides its body (`Allow`, `Retry-After`, `Connection`).
    parts.headers.remove(header::CONTENT_LENGTH);
    let (new_parts, body) = rewritten.into_parts();
    for (name, value) in &new_parts.headers {
        parts.headers.insert(name.clone(), value.clone());
    }
    Response::from_parts(parts, body)
}

/// Answers `OPTIONS` with `204` and the `Allow` header of the methods the route takes, where
/// the router would answer `405` (which carries that header).
async fn options_from_allow(request: Request, next: Next) -> Response {
    if request.method() != axum::http::Method::OPTIONS {
        return next.run(request).await;
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::METHOD_NOT_ALLOWED {
        return response;
    }
    let Some(allow) = response
        .headers()
        .get(header::ALLOW)
        .and_then(|v| v.to_str().ok())
    else {
        return response;
    };
    let mut methods: Vec<&str> = allow
        .split(',')
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .collect();
    methods.push("OPTIONS");
    let allow = HeaderValue::from_str(&methods.join(", "))
        .unwrap_or_else(|_| HeaderValue::from_static("OPTIONS"));
    (StatusCode::NO_CONTENT, [(header::ALLOW, allow)]).into_response()
}

#[derive(Debug, Clone, Copy)]
struct RequestLimits {
    max_body_bytes: usize,
    max_uri_bytes: usize,
    max_header_bytes: usize,
    max_header_fields: usize,
}

async fn refuse_oversized(
    State(limits): State<RequestLimits>,
    request: Request,
    next: Next,
) -> Response {
    let uri_bytes = request
        .uri()
        .path_and_query()
        .map_or(0, |target| target.as_str().len());
    if uri_bytes > limits.max_uri_bytes {
        return ApiError::new(
            StatusCode::URI_TOO_LONG,
            format!(
                "the request target has {uri_bytes} bytes, more than the {} this service reads",
                limits.max_uri_bytes
            ),
        )
        .into_response();
    }
    let headers = request.headers();
    let header_bytes: usize = headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    if headers.len() > limits.max_header_fields || header_bytes > limits.max_header_bytes {
        return ApiError::new(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            format!(
                "the request has {} header fields of {header_bytes} bytes; this service reads at most {} fields of {} bytes",
                headers.len(),
                limits.max_header_fields,
                limits.max_header_bytes
            ),
        )
        .into_response();
    }
    let announced = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if let Some(length) = announced
        && length > limits.max_body_bytes as u64
    {
        let mut response = ApiError::too_large(limits.max_body_bytes).into_response();
        // The body is never read, so the connection cannot carry another request.
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return response;
    }
    next.run(request).await
}

/// Answers a panicking handler with a `500` problem document that says nothing of the panic;
/// the panic's message goes to the log, inside the request's span (with its id).
#[derive(Debug, Clone, Copy)]
struct PanicAsProblem;

impl ResponseForPanic for PanicAsProblem {
    type ResponseBody = Body;

    fn response_for_panic(&mut self, panic: Box<dyn Any + Send + 'static>) -> Response<Body> {
        let message = panic
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("(not a string)");
        tracing::error!(panic = message, "handler panicked");
        ApiError::internal("the server failed to answer this request; it has been logged")
            .into_response()
    }
}

/// Serves `router` (wrapped by [`protect`]) on `listener` until `shutdown` completes, then
/// drains: no new connections, in-flight requests finish within the drain timeout.
///
/// # Errors
///
/// None in practice: accept errors are logged and retried. The `Result` leaves room for
/// failures that end serving.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    config: ServeConfig,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let router = protect(router, &config);
    let config = Arc::new(config);
    #[cfg(feature = "tls")]
    let acceptor = config.tls.clone().map(tokio_rustls::TlsAcceptor::from);
    let slots = Arc::new(Semaphore::new(config.max_connections.max(1)));
    let (stop, stopping) = watch::channel(false);
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        // Reap finished connections so the set holds only live ones.
        while connections.try_join_next().is_some() {}
        let permit = tokio::select! {
            permit = slots.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break, // the semaphore is never closed
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    if !is_client_error(&error) {
                        tracing::error!(%error, "accept failed; retrying in {ACCEPT_ERROR_BACKOFF:?}");
                        tokio::time::sleep(ACCEPT_ERROR_BACKOFF).await;
                    }
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let (router, config, stopping) = (router.clone(), config.clone(), stopping.clone());
        #[cfg(feature = "tls")]
        let acceptor = acceptor.clone();
        connections.spawn(async move {
            let _permit = permit;
            #[cfg(feature = "tls")]
            if let Some(acceptor) = acceptor {
                let handshake =
                    tokio::time::timeout(config.tls_handshake_timeout, acceptor.accept(stream));
                // A failed or slow handshake is the client's problem; the server goes on.
                let Ok(Ok(tls)) = handshake.await else {
                    return;
                };
                let certificate = crate::tls::peer_certificate(&tls);
                let proxies = config.trusted_proxies.clone();
                let with_certificate = move |request: &mut Request| {
                    let extensions = request.extensions_mut();
                    extensions.insert(ConnectInfo(peer));
                    extensions.insert(proxies.clone());
                    extensions.insert(crate::forwarded::TlsConnection);
                    if let Some(certificate) = &certificate {
                        extensions.insert(certificate.clone());
                    }
                };
                serve_connection(tls, router, &config, stopping, with_certificate).await;
                return;
            }
            let proxies = config.trusted_proxies.clone();
            let with_peer = move |request: &mut Request| {
                request.extensions_mut().insert(ConnectInfo(peer));
                request.extensions_mut().insert(proxies.clone());
            };
            serve_connection(stream, router, &config, stopping, with_peer).await;
        });
    }
    drop(listener);
    let _ = stop.send(true);
    let drained = tokio::time::timeout(config.drain_timeout, async {
        while connections.join_next().await.is_some() {}
    });
    if drained.await.is_err() {
        tracing::warn!(
            remaining = connections.len(),
            "drain timeout reached; dropping connections"
        );
        connections.shutdown().await;
    }
    Ok(())
}

/// Errors that concern one client's connection, not the listener.
fn is_client_error(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// Serves HTTP/1.1 on one connection until the client leaves, a timeout closes it, or
/// shutdown drains it.
async fn serve_connection<I>(
    io: I,
    router: Router,
    config: &ServeConfig,
    mut stopping: watch::Receiver<bool>,
    prepare: impl Fn(&mut Request) + Clone + Send + Sync + 'static,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let activity = Arc::new(Activity::new());
    let io = TokioIo::new(Tracked {
        inner: io,
        activity: activity.clone(),
    });
    let requests = activity.clone();
    let service = hyper::service::service_fn(move |request: Request<hyper::body::Incoming>| {
        let mut request = request.map(Body::new);
        prepare(&mut request);
        let in_flight = InFlight::start(requests.clone());
        let response = router.clone().oneshot(request);
        async move {
            let response = response.await;
            drop(in_flight);
            response
        }
    });
    let connection = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(config.header_read_timeout)
        .max_headers(PARSER_MAX_HEADERS.max(config.max_header_fields))
        .serve_connection(io, service);
    tokio::pin!(connection);
    let mut closing = false;
    loop {
        tokio::select! {
            _ = connection.as_mut() => return,
            () = activity.idle_for(config.idle_timeout), if !closing => {
                closing = true;
                connection.as_mut().graceful_shutdown();
            }
            _ = stopping.changed(), if !closing => {
                closing = true;
                connection.as_mut().graceful_shutdown();
            }
        }
    }
}

/// When a connection last moved a byte, and how many of its requests are being handled.
#[derive(Debug)]
struct Activity {
    origin: Instant,
    last_millis: AtomicU64,
    in_flight: AtomicUsize,
}

impl Activity {
    fn new() -> Self {
        Self {
            origin: Instant::now(),
            last_millis: AtomicU64::new(0),
            in_flight: AtomicUsize::new(0),
        }
    }

    fn touch(&self) {
        let millis = u64::try_from(self.origin.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_millis.store(millis, Ordering::Relaxed);
    }

    /// Completes once the connection has been idle (no request in progress, no byte moving)
    /// for `limit`.
    async fn idle_for(&self, limit: Duration) {
        loop {
            if self.in_flight.load(Ordering::Relaxed) > 0 {
                tokio::time::sleep(limit).await;
                continue;
            }
            let last =
                self.origin + Duration::from_millis(self.last_millis.load(Ordering::Relaxed));
            let deadline = last + limit;
            if Instant::now() >= deadline {
                return;
            }
            tokio::time::sleep_until(deadline).await;
        }
    }
}

/// Counts a request as in progress while it lives.
struct InFlight(Arc<Activity>);

impl InFlight {
    fn start(activity: Arc<Activity>) -> Self {
        activity.in_flight.fetch_add(1, Ordering::Relaxed);
        Self(activity)
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
        self.0.touch();
    }
}

/// A connection's stream that records when bytes move, for the idle timeout.
struct Tracked<I> {
    inner: I,
    activity: Arc<Activity>,
}

impl<I: AsyncRead + Unpin> AsyncRead for Tracked<I> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let result = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.touch();
        }
        result
    }
}

impl<I: AsyncWrite + Unpin> AsyncWrite for Tracked<I> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(result, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        result
    }

    // Vectored writes pass through: without them hyper copies every body into its header
    // buffer before writing (its "flatten" strategy), a `memmove` of each page.
    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(result, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        result
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
