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
//! id (`X-Request-Id`, made when the client sends none, echoed in the response, named in the
//! stack's log lines and in the request's tracing span), a `500` problem document for a
//! handler that panics (revealing nothing of the panic), and `413`, `414` and `431` problem documents for a body, URI or header
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
//! | header section | 32 KiB, 64 fields | `431` problem |
//! | draining on shutdown | 30 s | remaining connections dropped |
//!
//! The header-read timeout runs from the connection's start, or from the first byte of a
//! request after the previous one was answered, to the end of the request's head (checked four
//! times per timeout, so a slow head is cut off within 1.25 times it); the idle timeout from
//! the last byte moved while no request is in progress.
//!
//! # Logs
//!
//! The stack logs a server error (a `5xx`, a handler's panic with its message) at `ERROR`
//! with the request's id and status. Every request also gets a `request` span at `DEBUG`
//! (method, path, id), which the handler's own events fall inside: enable it with a filter
//! such as `RUST_LOG=info,hal_axum=debug`. At `INFO` it stays off, because an enabled span
//! formats its fields on every request.
//!
//! Requests beyond what the HTTP parser itself takes (a request target over 64 KiB, a header
//! section over 400 KiB or over 100 fields, or more than one over a field limit set above 99)
//! are refused by it with an empty `414` or `431` before the service sees them.
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

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Request};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;
use tokio::time::Instant;
use tower_http::timeout::RequestBodyTimeoutLayer;

use crate::stack::{Limits, ProblemMembers, RouterService, Stack};

/// The header that carries a request's id.
pub const REQUEST_ID: &str = "x-request-id";

/// How long the accept loop waits after an accept error other than a client's own reset.
const ACCEPT_ERROR_BACKOFF: Duration = Duration::from_secs(1);

/// The header fields hyper's parser reads by default, into an array on the stack. Up to this
/// many, our own `431` problem document answers; asking the parser for more costs a heap
/// allocation of the array on every request (5 % of a trivial request's time, measured).
const PARSER_DEFAULT_HEADERS: usize = 100;

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
    problem_members: Option<ProblemMembers>,
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
            max_header_fields: 64,
            drain_timeout: Duration::from_secs(30),
            trusted_proxies: crate::forwarded::TrustedProxies::default(),
            tag_bodies: true,
            compression_level: 1,
            problem_members: None,
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
        /// The most header fields in one request. Above 99 the parser reads one more than
        /// this on every request, at the cost of an allocation.
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

    /// Completes every problem document the stack sends (after it added `requestId` and the
    /// `instance`): for a service whose clients also read an error shape of their own beside
    /// RFC 9457's members. The function sees the finished problem and returns it with what it
    /// adds; it runs for errors only.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use tower::ServiceExt;
    ///
    /// let config = hal_axum::serve::ServeConfig::default().with_problem_members(|problem| {
    ///     let code = u64::from(problem.status()) * 100;
    ///     problem.with_member("code", code)
    /// });
    /// let app = hal_axum::serve::protect(axum::Router::new(), &config);
    /// let request = axum::http::Request::get("/nowhere").body(axum::body::Body::empty()).unwrap();
    /// let body = axum::body::to_bytes(app.oneshot(request).await.unwrap().into_body(), 1 << 16).await.unwrap();
    /// let problem: serde_json::Value = serde_json::from_slice(&body).unwrap();
    /// assert_eq!((problem["status"].as_u64(), problem["code"].as_u64()), (Some(404), Some(40400)));
    /// # });
    /// ```
    pub fn with_problem_members(
        mut self,
        members: impl Fn(hal_core::Problem) -> hal_core::Problem + Send + Sync + 'static,
    ) -> Self {
        self.problem_members = Some(ProblemMembers(Arc::new(members)));
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
    Router::new().fallback_service(protected(router, config))
}

/// `router` behind the protections, as [`protect`] and [`serve`] apply them: the [`Stack`]
/// (compression, ids, span, limits, timeout, panics, tags, `304`, `406`, problems, metrics),
/// with the body's limit and read timeout for requests that have a body. Around the whole
/// router, not each route: a route adds `Allow` to its 405 after its own layers have run. Per
/// route, only what needs the route: a body's tag, and its name for the metrics.
fn protected(
    router: Router,
    config: &ServeConfig,
) -> Stack<impl RouterService, impl RouterService> {
    let router = if cfg!(feature = "metrics") || config.tag_bodies {
        router.layer(crate::stack::RouteLayer {
            tag_bodies: config.tag_bodies,
        })
    } else {
        router
    };
    let bodied = tower::ServiceBuilder::new()
        .layer(DefaultBodyLimit::max(config.max_body_bytes))
        .layer(RequestBodyTimeoutLayer::new(config.body_read_timeout))
        .service(router.clone());
    let limits = Limits {
        max_body_bytes: config.max_body_bytes,
        max_uri_bytes: config.max_uri_bytes,
        max_header_bytes: config.max_header_bytes,
        max_header_fields: config.max_header_fields,
        request_timeout: config.request_timeout,
    };
    Stack::new(
        router,
        bodied,
        limits,
        config.compression_level,
        config.problem_members.clone(),
    )
}

/// Completes when the process is asked to stop: Ctrl-C, or on Unix `SIGTERM` (what container
/// runtimes and service managers send). The `shutdown` a service's `main` gives [`serve`].
///
/// # Examples
///
/// ```no_run
/// # async fn run(listener: tokio::net::TcpListener, app: axum::Router) -> std::io::Result<()> {
/// use hal_axum::serve::{ServeConfig, serve, shutdown_signal};
///
/// serve(listener, app, ServeConfig::default(), shutdown_signal()).await
/// # }
/// ```
pub async fn shutdown_signal() {
    let interrupt = async {
        // Without a handler (it cannot be installed) Ctrl-C keeps its default: the process ends.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    tracing::info!("shutting down: finishing requests in progress");
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
    let service = protected(router, &config);
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
        let (service, config, stopping) = (service.clone(), config.clone(), stopping.clone());
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
                serve_connection(tls, service, &config, stopping, with_certificate).await;
                return;
            }
            // Each extension costs a hash-map insertion per request; no list means none trusted.
            let proxies = Some(config.trusted_proxies.clone()).filter(|p| !p.is_empty());
            let with_peer = move |request: &mut Request| {
                request.extensions_mut().insert(ConnectInfo(peer));
                if let Some(proxies) = &proxies {
                    request.extensions_mut().insert(proxies.clone());
                }
            };
            serve_connection(stream, service, &config, stopping, with_peer).await;
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
async fn serve_connection<I, S, B>(
    io: I,
    service: Stack<S, B>,
    config: &ServeConfig,
    mut stopping: watch::Receiver<bool>,
    prepare: impl Fn(&mut Request) + Clone + Send + Sync + 'static,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    S: RouterService,
    B: RouterService,
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
        let response = service.answer(request);
        async move {
            let response = response.await;
            drop(in_flight);
            response
        }
    });
    // No timer for hyper: its header-read timeout arms one per request (4 % of a trivial
    // request's time, measured); `Activity` keeps that deadline with two atomic stores.
    let mut builder = hyper::server::conn::http1::Builder::new();
    if config.max_header_fields >= PARSER_DEFAULT_HEADERS {
        // One more than the limit, so that a request over it is ours to refuse.
        builder.max_headers(config.max_header_fields + 1);
    }
    let connection = builder.serve_connection(io, service);
    tokio::pin!(connection);
    let mut closing = false;
    loop {
        tokio::select! {
            _ = connection.as_mut() => return,
            expired = activity.expiry(config.header_read_timeout, config.idle_timeout) => {
                // A head that stopped arriving cannot be closed gracefully (hyper would wait
                // for its end), nor can a connection still silent after a graceful close.
                if expired == Expired::HeaderRead || closing {
                    return;
                }
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

/// Which of a connection's deadlines passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expired {
    /// A request's head took longer than the header-read timeout.
    HeaderRead,
    /// Nothing moved, and no request was in progress, for the idle timeout.
    Idle,
}

/// When a connection last moved a byte, when the head it is reading began, and how many of its
/// requests are being handled: the connection's deadlines, kept with atomic stores so that a
/// request arms no timer. Times are milliseconds since `origin`.
#[derive(Debug)]
struct Activity {
    origin: Instant,
    last_millis: AtomicU64,
    /// When the head being read began, plus one; zero while no head is being read. A
    /// connection starts reading one.
    head_since: AtomicU64,
    in_flight: AtomicUsize,
}

impl Activity {
    fn new() -> Self {
        Self {
            origin: Instant::now(),
            last_millis: AtomicU64::new(0),
            head_since: AtomicU64::new(1),
            in_flight: AtomicUsize::new(0),
        }
    }

    fn millis(&self) -> u64 {
        u64::try_from(self.origin.elapsed().as_millis()).unwrap_or(u64::MAX - 1)
    }

    fn touch(&self) -> u64 {
        let millis = self.millis();
        self.last_millis.store(millis, Ordering::Relaxed);
        millis
    }

    /// Bytes arrived: between requests, they begin the next head.
    fn read(&self) {
        let millis = self.touch();
        if self.in_flight.load(Ordering::Relaxed) == 0
            && self.head_since.load(Ordering::Relaxed) == 0
        {
            self.head_since.store(millis + 1, Ordering::Relaxed);
        }
    }

    fn instant(&self, millis: u64) -> Instant {
        self.origin + Duration::from_millis(millis)
    }

    /// Completes when a deadline passes: the head being read is older than `header_read`,
    /// or the connection has been idle (no request in progress, no byte moving) for `idle`.
    ///
    /// Nothing wakes it when a head begins (that would cost every request a wake-up), so it
    /// looks again at least every quarter of `header_read`: a slow head is cut off within
    /// 1.25 times the timeout of its first byte.
    async fn expiry(&self, header_read: Duration, idle: Duration) -> Expired {
        let every = header_read / 4;
        loop {
            if self.in_flight.load(Ordering::Relaxed) > 0 {
                tokio::time::sleep(idle.min(every)).await;
                continue;
            }
            let now = Instant::now();
            let idle_deadline = self.instant(self.last_millis.load(Ordering::Relaxed)) + idle;
            let head_deadline = match self.head_since.load(Ordering::Relaxed) {
                0 => None,
                since => Some(self.instant(since - 1) + header_read),
            };
            if head_deadline.is_some_and(|deadline| now >= deadline) {
                return Expired::HeaderRead;
            }
            if now >= idle_deadline {
                return Expired::Idle;
            }
            let next = head_deadline.unwrap_or(now + every).min(idle_deadline);
            tokio::time::sleep_until(next).await;
        }
    }
}

/// Counts a request as in progress while it lives; its head has been read.
struct InFlight(Arc<Activity>);

impl InFlight {
    fn start(activity: Arc<Activity>) -> Self {
        activity.in_flight.fetch_add(1, Ordering::Relaxed);
        activity.head_since.store(0, Ordering::Relaxed);
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
            self.activity.read();
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
