//! A bounded cache of serialized representations, keyed by the request's URI and the
//! representation's strong [`ETag`]: a page built once is sent again without being built, as
//! long as its validator says it is still the current one.
//!
//! The handler states its [`Validator`](crate::conditional::Validator) from its data on every
//! request, as for conditional requests, and answers with
//! [`Conditional::respond`](crate::conditional::Conditional::respond); the cache's
//! [`layer`](RepresentationCache::layer) keeps what a miss built and makes the cache available to the extractor. Nothing
//! stale can be served: the key is the validator computed *now*, and a strong tag promises the
//! same bytes for the same URI (RFC 9110 §8.8.1), so the tag must name everything the
//! representation depends on, the caller and the negotiated media type included. Weak tags
//! are never cached, nor anything but `200` answers to `GET` and `HEAD`.
//!
//! # Examples
//!
//! ```
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! use axum::routing::get;
//! use hal_axum::HalJson;
//! use hal_axum::cache::RepresentationCache;
//! use hal_axum::conditional::{Conditional, ETag, Validator};
//! use hal_core::Resource;
//! use tower::ServiceExt;
//!
//! async fn page(conditional: Conditional) -> axum::response::Response {
//!     let revision = 3_u64;
//!     conditional.respond(Validator::new(ETag::version(revision)), || HalJson(Resource::object()))
//! }
//!
//! let cache = RepresentationCache::new(32 << 20);
//! let app = axum::Router::new()
//!     .route("/page", get(page))
//!     .layer(cache.layer());
//! for _ in 0..3 {
//!     let request = axum::http::Request::get("/page").body(axum::body::Body::empty()).unwrap();
//!     assert_eq!(app.clone().oneshot(request).await.unwrap().status(), 200);
//! }
//! assert_eq!((cache.stats().misses, cache.stats().hits), (1, 2));
//! # });
//! ```

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use tower::{Layer, Service};

use crate::conditional::ETag;

/// The cache: cheap to clone (one shared store), safe to use from every request at once.
///
/// Its capacity is in bytes (bodies and their headers, roughly); when full it evicts what is
/// least likely to be asked again (quick_cache's CLOCK-Pro policy, scan-resistant). A body
/// larger than an eighth of the capacity is not kept.
#[derive(Clone)]
pub struct RepresentationCache {
    shared: Arc<Shared>,
}

struct Shared {
    entries: quick_cache::sync::Cache<Key, Arc<Stored>, Weight>,
    largest_body: u64,
    hits: AtomicU64,
    misses: AtomicU64,
}

/// A representation's key: the request's URI (path and query) and the representation's tag.
type Key = (Uri, ETag);

/// A [`Key`] borrowed, to look an entry up without copying the URI and tag on every request.
/// It hashes as the tuple does: a reference hashes as what it points to.
#[derive(Hash)]
struct KeyRef<'a>(&'a Uri, &'a ETag);

impl quick_cache::Equivalent<Key> for KeyRef<'_> {
    fn equivalent(&self, key: &Key) -> bool {
        *self.0 == key.0 && *self.1 == key.1
    }
}

/// A `200` as it left the handler, and its compressed forms, made when first asked for.
struct Stored {
    headers: HeaderMap,
    body: Bytes,
    gzip: OnceLock<Option<Bytes>>,
    br: OnceLock<Option<Bytes>>,
}

impl Stored {
    fn new(headers: HeaderMap, body: Bytes) -> Self {
        Self {
            headers,
            body,
            gzip: OnceLock::new(),
            br: OnceLock::new(),
        }
    }

    /// The body in `coding`, compressed on first use; `None` when compressing does not pay
    /// (over a quarter of the body, which the entry's weight would not cover).
    fn encoded(&self, coding: Coding) -> Option<&Bytes> {
        let cell = match coding {
            Coding::Gzip => &self.gzip,
            Coding::Br => &self.br,
        };
        cell.get_or_init(|| {
            let compressed = coding.compress(&self.body)?;
            (compressed.len() <= self.body.len() / 4).then(|| Bytes::from(compressed))
        })
        .as_ref()
    }
}

/// The content codings the cache keeps, in the order it prefers them when a client accepts
/// both equally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Coding {
    Br,
    Gzip,
}

/// Levels for a representation compressed once and sent many times: where the serving stack
/// compresses per response at level 1, these trade a millisecond once for smaller bodies
/// every time (gzip 6: 4.8 kB against 6.1 kB at 1; brotli 5: 4.2 kB against 5.4 kB, on the
/// demo's 75 kB page).
const GZIP_LEVEL: u32 = 6;
const BROTLI_LEVEL: u32 = 5;

impl Coding {
    fn name(self) -> &'static str {
        match self {
            Coding::Br => "br",
            Coding::Gzip => "gzip",
        }
    }

    fn compress(self, body: &[u8]) -> Option<Vec<u8>> {
        use std::io::Write;
        match self {
            Coding::Gzip => {
                let mut encoder = flate2::write::GzEncoder::new(
                    Vec::with_capacity(body.len() / 4),
                    flate2::Compression::new(GZIP_LEVEL),
                );
                encoder.write_all(body).ok()?;
                encoder.finish().ok()
            }
            Coding::Br => {
                let mut out = Vec::with_capacity(body.len() / 4);
                {
                    let mut writer =
                        brotli::CompressorWriter::new(&mut out, 4096, BROTLI_LEVEL, 22);
                    writer.write_all(body).ok()?;
                }
                Some(out)
            }
        }
    }

    /// The coding an `Accept-Encoding` field prefers among those kept: the highest quality
    /// (a coding named, else `*`), brotli on a tie; `None` when neither is acceptable.
    fn preferred(accept_encoding: &str) -> Option<Self> {
        let quality = |coding: &str| {
            let mut named = None;
            let mut any = None;
            for item in accept_encoding.split(',') {
                let name = item.split(';').next().unwrap_or("").trim();
                let q = crate::negotiate::weight(item);
                if name.eq_ignore_ascii_case(coding) {
                    named = Some(q);
                } else if name == "*" {
                    any = Some(q);
                }
            }
            named.or(any).unwrap_or(0.0)
        };
        let (br, gzip) = (quality("br"), quality("gzip"));
        match (br > 0.0, gzip > 0.0) {
            (false, false) => None,
            _ if br >= gzip => Some(Coding::Br),
            _ => Some(Coding::Gzip),
        }
    }
}

/// Bytes an entry holds: its body, its compressed forms (each kept only within a quarter of
/// the body), and an allowance for its headers and key. Fixed when the entry is made.
#[derive(Clone)]
struct Weight;

const ENTRY_OVERHEAD: u64 = 512;

impl quick_cache::Weighter<Key, Arc<Stored>> for Weight {
    fn weight(&self, _key: &Key, stored: &Arc<Stored>) -> u64 {
        let body = stored.body.len() as u64;
        body + body / 2 + ENTRY_OVERHEAD
    }
}

/// How the cache has been doing.
///
/// # Examples
///
/// ```
/// let stats = hal_axum::cache::RepresentationCache::new(1 << 20).stats();
/// assert_eq!((stats.hits, stats.misses, stats.entries), (0, 0, 0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    /// Representations sent from the cache.
    pub hits: u64,
    /// Representations built because the cache did not hold them.
    pub misses: u64,
    /// Representations held.
    pub entries: usize,
    /// Their weight, in bytes.
    pub bytes: u64,
}

impl RepresentationCache {
    /// The layer that serves this cache to the routes inside it ([`StoreLayer`]).
    ///
    /// # Examples
    ///
    /// ```
    /// let cache = hal_axum::cache::RepresentationCache::new(64 << 20);
    /// let app: axum::Router = axum::Router::new().layer(cache.layer());
    /// ```
    #[must_use]
    pub fn layer(&self) -> StoreLayer {
        StoreLayer(self.clone())
    }

    /// A cache holding up to `capacity_bytes` of representations.
    ///
    /// # Examples
    ///
    /// ```
    /// let cache = hal_axum::cache::RepresentationCache::new(64 << 20);
    /// assert_eq!(cache.stats().bytes, 0);
    /// ```
    #[must_use]
    pub fn new(capacity_bytes: u64) -> Self {
        // An estimate for the table's first size: pages of tens of kilobytes.
        let estimated_entries = usize::try_from(capacity_bytes / (16 * 1024))
            .unwrap_or(usize::MAX)
            .clamp(16, 1 << 16);
        Self {
            shared: Arc::new(Shared {
                entries: quick_cache::sync::Cache::with_weighter(
                    estimated_entries,
                    capacity_bytes.max(1),
                    Weight,
                ),
                largest_body: capacity_bytes / 8,
                hits: AtomicU64::new(0),
                misses: AtomicU64::new(0),
            }),
        }
    }

    /// Hits, misses, and what is held now.
    ///
    /// # Examples
    ///
    /// ```
    /// let cache = hal_axum::cache::RepresentationCache::new(1 << 20);
    /// assert_eq!(cache.stats().misses, 0);
    /// ```
    #[must_use]
    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.shared.hits.load(Ordering::Relaxed),
            misses: self.shared.misses.load(Ordering::Relaxed),
            entries: self.shared.entries.len(),
            bytes: self.shared.entries.weight(),
        }
    }

    /// The stored `200` for `uri` at `etag`, counted as a hit; `None` is counted as a miss.
    pub(crate) fn get(&self, uri: &Uri, etag: &ETag) -> Option<Response> {
        let Some(stored) = self.shared.entries.get(&KeyRef(uri, etag)) else {
            self.shared.misses.fetch_add(1, Ordering::Relaxed);
            return None;
        };
        self.shared.hits.fetch_add(1, Ordering::Relaxed);
        let mut response = Response::new(Body::from(stored.body.clone()));
        *response.headers_mut() = stored.headers.clone();
        response.extensions_mut().insert(Served(stored));
        Some(response)
    }
}

impl std::fmt::Debug for RepresentationCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RepresentationCache")
            .field("stats", &self.stats())
            .finish()
    }
}

/// What [`Conditional::respond`](crate::conditional::Conditional::respond) asks [`Store`] to
/// keep: the key of the representation it built on a miss.
#[derive(Clone)]
pub(crate) struct Pending(pub(crate) Uri, pub(crate) ETag);

/// A hit's entry, for [`Store`] to send compressed.
#[derive(Clone)]
struct Served(Arc<Stored>);

/// The layer that serves a [`RepresentationCache`], from [`RepresentationCache::layer`]: it
/// hands the cache to the [`Conditional`](crate::conditional::Conditional) extractor of the
/// routes inside it, keeps the `200`s they built on a miss, and sends a hit's compressed form
/// to a client that accepts it. Put it inside compression, so that what is kept is the
/// representation itself.
///
/// # Examples
///
/// ```
/// use hal_axum::cache::RepresentationCache;
///
/// let cache = RepresentationCache::new(32 << 20);
/// let app: axum::Router = axum::Router::new().layer(cache.layer());
/// ```
#[derive(Debug, Clone)]
pub struct StoreLayer(RepresentationCache);

impl<S> Layer<S> for StoreLayer {
    type Service = Store<S>;

    fn layer(&self, inner: S) -> Store<S> {
        Store {
            inner,
            cache: self.0.clone(),
        }
    }
}

/// [`StoreLayer`]'s service: what it does to each request. A service of its own rather than
/// `axum::middleware::from_fn`, which clones and boxes the route it wraps on every request.
///
/// # Examples
///
/// ```
/// use hal_axum::cache::{RepresentationCache, Store};
/// use tower::Layer;
///
/// let cache = RepresentationCache::new(1 << 20);
/// let routes = axum::Router::new().route("/", axum::routing::get(|| async { "hi" }));
/// let service: Store<axum::Router> = cache.layer().layer(routes);
/// # let _ = service;
/// ```
#[derive(Debug, Clone)]
pub struct Store<S> {
    inner: S,
    cache: RepresentationCache,
}

impl<S> Service<Request> for Store<S>
where
    S: Service<Request, Response = Response, Error = Infallible>,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request) -> Self::Future {
        request.extensions_mut().insert(self.cache.clone());
        let accept_encoding = request.headers().get(header::ACCEPT_ENCODING).cloned();
        let response = self.inner.call(request);
        let cache = self.cache.clone();
        Box::pin(async move {
            let Ok(response) = response.await;
            Ok(keep(&cache, accept_encoding.as_ref(), response).await)
        })
    }
}

/// What [`Store`] does with a route's answer: keeps a miss's representation, and sends the
/// compressed form of a hit or a miss a client accepts.
async fn keep(
    cache: &RepresentationCache,
    accept_encoding: Option<&HeaderValue>,
    mut response: Response,
) -> Response {
    let stored = if let Some(Served(stored)) = response.extensions_mut().remove::<Served>() {
        stored
    } else if let Some(Pending(uri, etag)) = response.extensions_mut().remove::<Pending>() {
        let size = response.body().size_hint().exact();
        if response.status() != StatusCode::OK
            || size.is_none_or(|size| size > cache.shared.largest_body)
        {
            return response;
        }
        let (parts, body) = response.into_parts();
        // A body of known size within the limit: whole, and read at once.
        let bytes = match axum::body::to_bytes(body, usize::MAX).await {
            Ok(bytes) => bytes,
            Err(error) => {
                return crate::ApiError::internal(format!("cannot read the response: {error}"))
                    .into_response();
            }
        };
        let stored = Arc::new(Stored::new(parts.headers.clone(), bytes.clone()));
        cache.shared.entries.insert((uri, etag), stored.clone());
        response = Response::from_parts(parts, Body::from(bytes));
        stored
    } else {
        return response;
    };
    let coding = accept_encoding
        .and_then(|v| v.to_str().ok())
        .and_then(Coding::preferred);
    if let Some(coding) = coding
        && let Some(encoded) = stored.encoded(coding)
    {
        let (mut parts, _) = response.into_parts();
        parts.headers.remove(header::CONTENT_LENGTH);
        parts.headers.insert(
            header::CONTENT_ENCODING,
            HeaderValue::from_static(coding.name()),
        );
        // The compression layer leaves an encoded response alone, Vary included.
        parts
            .headers
            .append(header::VARY, HeaderValue::from_static("accept-encoding"));
        return Response::from_parts(parts, Body::from(encoded.clone()));
    }
    response
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;

    use axum::http::Method;
    use axum::routing::get;
    use tower::ServiceExt;

    use super::*;
    use crate::conditional::{Conditional, Validator};

    /// A service whose page at `/page?n=…` is at the revision `revision` holds, built by
    /// counting; weak tags on `/weak`.
    fn service(
        cache: &RepresentationCache,
        revision: Arc<AtomicU64>,
        builds: Arc<AtomicUsize>,
        body_bytes: usize,
    ) -> axum::Router {
        let page = move |conditional: Conditional| {
            let (revision, builds) = (revision.clone(), builds.clone());
            async move {
                let revision = revision.load(Ordering::SeqCst);
                let mut etag = ETag::version(revision);
                if body_bytes == 0 {
                    etag = etag.weak();
                }
                conditional.respond(Validator::new(etag), || {
                    builds.fetch_add(1, Ordering::SeqCst);
                    format!("{revision}:{}", "x".repeat(body_bytes))
                })
            }
        };
        axum::Router::new()
            .route("/page", get(page))
            .layer(cache.layer())
    }

    async fn fetch(app: &axum::Router, method: Method, uri: &str) -> (StatusCode, String) {
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .body(Body::empty())
            .unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        (status, String::from_utf8(bytes.to_vec()).unwrap())
    }

    #[tokio::test]
    async fn a_page_is_built_once_per_version_and_uri_and_never_served_stale() {
        let cache = RepresentationCache::new(1 << 20);
        let (revision, builds) = (Arc::new(AtomicU64::new(1)), Arc::new(AtomicUsize::new(0)));
        let app = service(&cache, revision.clone(), builds.clone(), 100);
        for _ in 0..3 {
            let (status, body) = fetch(&app, Method::GET, "/page?n=1").await;
            assert_eq!((status, &body[..2]), (StatusCode::OK, "1:"));
        }
        assert_eq!(builds.load(Ordering::SeqCst), 1);
        let (_, other) = fetch(&app, Method::GET, "/page?n=2").await;
        assert_eq!(&other[..2], "1:");
        assert_eq!(
            builds.load(Ordering::SeqCst),
            2,
            "another URI is another entry"
        );
        let (_, head) = fetch(&app, Method::HEAD, "/page?n=1").await;
        assert!(head.is_empty());
        assert_eq!(
            builds.load(Ordering::SeqCst),
            2,
            "HEAD reads the GET's entry"
        );

        revision.store(2, Ordering::SeqCst);
        let (_, changed) = fetch(&app, Method::GET, "/page?n=1").await;
        assert_eq!(
            &changed[..2],
            "2:",
            "a new version is built, never the old one sent"
        );
        assert_eq!(builds.load(Ordering::SeqCst), 3);
        let stats = cache.stats();
        assert_eq!((stats.hits, stats.misses), (3, 3));
    }

    #[tokio::test]
    async fn a_head_before_any_get_keeps_nothing_a_get_would_read() {
        let cache = RepresentationCache::new(1 << 20);
        let builds = Arc::new(AtomicUsize::new(0));
        let app = service(&cache, Arc::new(AtomicU64::new(1)), builds.clone(), 100);
        let (status, head) = fetch(&app, Method::HEAD, "/page").await;
        assert_eq!((status, head.as_str()), (StatusCode::OK, ""));
        let (_, body) = fetch(&app, Method::GET, "/page").await;
        assert_eq!(body.len(), 102, "the GET gets the whole page: {body:?}");
        let (_, again) = fetch(&app, Method::GET, "/page").await;
        assert_eq!(again, body);
    }

    /// The response to a GET of `uri` accepting `accept_encoding`: its encoding, its `Vary`
    /// lines, and its body decoded.
    async fn fetch_encoded(
        app: &axum::Router,
        uri: &str,
        accept_encoding: &str,
    ) -> (Option<String>, Vec<String>, String) {
        use std::io::Read;
        let request = Request::get(uri)
            .header("accept-encoding", accept_encoding)
            .body(Body::empty())
            .unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        let header = |name| {
            response
                .headers()
                .get_all(name)
                .iter()
                .map(|v| v.to_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        };
        let (coding, vary) = (header("content-encoding").pop(), header("vary"));
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        let mut text = String::new();
        match coding.as_deref() {
            Some("gzip") => {
                flate2::read::GzDecoder::new(&bytes[..])
                    .read_to_string(&mut text)
                    .unwrap();
            }
            Some("br") => {
                brotli::Decompressor::new(&bytes[..], 4096)
                    .read_to_string(&mut text)
                    .unwrap();
            }
            _ => text = String::from_utf8(bytes.to_vec()).unwrap(),
        }
        (coding, vary, text)
    }

    #[tokio::test]
    async fn compressed_forms_are_made_once_and_sent_as_the_client_prefers() {
        let cache = RepresentationCache::new(1 << 20);
        let builds = Arc::new(AtomicUsize::new(0));
        let app = service(&cache, Arc::new(AtomicU64::new(1)), builds.clone(), 4000);
        let plain = fetch(&app, Method::GET, "/page").await.1;
        for (accept, expected) in [
            ("gzip", Some("gzip")),
            ("gzip, deflate, br", Some("br")),
            ("br;q=0.5, gzip", Some("gzip")),
            ("gzip;q=0, *", Some("br")),
            ("identity", None),
            ("br;q=0, gzip;q=0", None),
        ] {
            for _ in 0..2 {
                let (coding, vary, text) = fetch_encoded(&app, "/page", accept).await;
                assert_eq!(coding.as_deref(), expected, "{accept}");
                assert_eq!(text, plain, "{accept}: the same representation");
                if coding.is_some() {
                    assert_eq!(vary, ["accept-encoding"], "{accept}");
                }
            }
        }
        assert_eq!(
            builds.load(Ordering::SeqCst),
            1,
            "built once, whatever the coding"
        );
    }

    #[tokio::test]
    async fn weak_tags_and_bodies_over_an_eighth_of_the_capacity_are_not_kept() {
        let cache = RepresentationCache::new(8 * 1024);
        let builds = Arc::new(AtomicUsize::new(0));
        let weak = service(&cache, Arc::new(AtomicU64::new(1)), builds.clone(), 0);
        fetch(&weak, Method::GET, "/page").await;
        fetch(&weak, Method::GET, "/page").await;
        assert_eq!(builds.load(Ordering::SeqCst), 2);

        let builds = Arc::new(AtomicUsize::new(0));
        let large = service(
            &cache,
            Arc::new(AtomicU64::new(1)),
            builds.clone(),
            2 * 1024,
        );
        let (status, body) = fetch(&large, Method::GET, "/page").await;
        assert_eq!((status, body.len()), (StatusCode::OK, 2 * 1024 + 2));
        fetch(&large, Method::GET, "/page").await;
        assert_eq!(builds.load(Ordering::SeqCst), 2, "over 1 KiB: not kept");
        assert_eq!(cache.stats().entries, 0);
    }

    #[tokio::test]
    async fn the_cache_stays_within_its_capacity() {
        let cache = RepresentationCache::new(64 * 1024);
        let builds = Arc::new(AtomicUsize::new(0));
        let app = service(&cache, Arc::new(AtomicU64::new(1)), builds, 4 * 1024);
        for n in 0..200 {
            fetch(&app, Method::GET, &format!("/page?n={n}")).await;
        }
        let stats = cache.stats();
        assert!(stats.bytes <= 64 * 1024, "{stats:?}");
        assert!(stats.entries > 0 && stats.entries < 200, "{stats:?}");
    }
}
