//! The client: an HTTP client (reqwest, configured by the caller or by us) and the bounds on
//! what it reads.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hal_core::{Limits, Problem, Resource};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue};
use reqwest::{Method, Response, StatusCode};
use url::Url;

use futures_util::FutureExt as _;
use futures_util::future::{BoxFuture, Shared};

use crate::cache::{self, Cache, CacheStats, Lookup};
use crate::document::Document;
use crate::error::{Error, ErrorKind};
use crate::middleware::{Middleware, Registered};
use crate::target::Target;

/// The `User-Agent` of the HTTP clients the builder makes: `hal-client/<version>`.
/// [`Target::with_header`] sends another.
///
/// # Examples
///
/// ```
/// assert!(hal_client::USER_AGENT.starts_with("hal-client/"));
/// ```
pub const USER_AGENT: &str = concat!("hal-client/", env!("CARGO_PKG_VERSION"));

/// How many documents the cache keeps unless told otherwise.
const DEFAULT_CACHE_ENTRIES: usize = 1_000;

/// What the client asks for: HAL first, then any JSON, and problem documents for errors.
pub(crate) const ACCEPT_HAL: &str =
    "application/hal+json, application/json;q=0.9, application/problem+json;q=0.8";

/// What the client asks for when it wants a resource's forms: HAL-FORMS first, then as
/// [`ACCEPT_HAL`].
pub(crate) const ACCEPT_HAL_FORMS: &str = "application/prs.hal-forms+json, application/hal+json;q=0.9, application/json;q=0.8, application/problem+json;q=0.7";

/// A client of HAL services. Cheap to clone: clones share the HTTP client (its connection
/// pool) and the bounds.
///
/// By default it reads at most 16 MiB a response, follows at most 10 redirects, gives up on a
/// request after 30 s, walks at most 10 000 pages, parses within [`Limits::DEFAULT`], and
/// caches up to 1 000 documents; [`Client::builder`] sets other bounds. Bring your own
/// `reqwest::Client` (TLS roots, client certificates, proxies, timeouts) with
/// [`ClientBuilder::http`] or [`with_http`](Self::with_http).
///
/// # Examples
///
/// ```
/// let client = hal_client::Client::builder().max_body_bytes(1 << 20).build()?;
/// let vehicles = client
///     .root(url::Url::parse("https://api.example.com/connectedcar/v2")?)
///     .follow("cc:vehicles");
/// # let _ = vehicles;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

/// Builds a [`Client`]: its bounds and its HTTP client, set once, before it exists (a
/// client's clones share its cache, so nothing changes a client after it is built).
///
/// # Examples
///
/// ```
/// use std::time::Duration;
///
/// let client = hal_client::Client::builder()
///     .timeout(Duration::from_secs(5))
///     .max_redirects(3)
///     .max_pages(50)
///     .limits(hal_core::Limits::DEFAULT.with_lenient(true))
///     .build()?;
/// # let _ = client;
/// # Ok::<(), hal_client::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct ClientBuilder {
    http: Option<reqwest::Client>,
    timeout: Duration,
    max_redirects: usize,
    max_body_bytes: usize,
    limits: Limits,
    max_pages: usize,
    cache_entries: usize,
    middleware: Vec<Registered>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            http: None,
            timeout: Duration::from_secs(30),
            max_redirects: 10,
            max_body_bytes: 16 * 1024 * 1024,
            limits: Limits::DEFAULT,
            max_pages: 10_000,
            cache_entries: DEFAULT_CACHE_ENTRIES,
            middleware: Vec::new(),
        }
    }
}

impl ClientBuilder {
    /// Runs `middleware` around every request the client sends, whatever its origin. Several
    /// run in the order added, the first outermost.
    ///
    /// # Examples
    ///
    /// See [`Middleware`].
    pub fn middleware(mut self, middleware: impl Middleware) -> Self {
        self.middleware.push(Registered::new(None, middleware));
        self
    }

    /// Runs `middleware` around the requests the client sends to `origin`'s origin (scheme,
    /// host and port) only: credentials for one API go to that API alone.
    ///
    /// # Examples
    ///
    /// See [`Middleware`].
    pub fn middleware_for(mut self, origin: &Url, middleware: impl Middleware) -> Self {
        self.middleware
            .push(Registered::new(Some(origin), middleware));
        self
    }

    /// Sends requests with the caller's `reqwest::Client` (TLS roots, client certificates,
    /// proxies); its own timeout, redirect policy and `User-Agent` then apply, not this
    /// builder's.
    ///
    /// # Examples
    ///
    /// ```
    /// let client = hal_client::Client::builder().http(reqwest::Client::new()).build()?;
    /// # let _ = client;
    /// # Ok::<(), hal_client::Error>(())
    /// ```
    pub fn http(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// How long a request may take in all (30 s by default).
    ///
    /// # Examples
    ///
    /// ```
    /// let builder = hal_client::Client::builder().timeout(std::time::Duration::from_secs(5));
    /// # let _ = builder;
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The most redirects one request follows (10 by default; 0 follows none).
    ///
    /// # Examples
    ///
    /// ```
    /// let builder = hal_client::Client::builder().max_redirects(0);
    /// # let _ = builder;
    /// ```
    pub fn max_redirects(mut self, redirects: usize) -> Self {
        self.max_redirects = redirects;
        self
    }

    /// The largest response body read (16 MiB by default); a larger one is an error.
    ///
    /// # Examples
    ///
    /// ```
    /// let builder = hal_client::Client::builder().max_body_bytes(64 * 1024);
    /// # let _ = builder;
    /// ```
    pub fn max_body_bytes(mut self, bytes: usize) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// The limits documents are parsed within (nesting, links per relation, leniency).
    ///
    /// # Examples
    ///
    /// ```
    /// let builder = hal_client::Client::builder().limits(hal_core::Limits::DEFAULT.with_lenient(true));
    /// # let _ = builder;
    /// ```
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The most pages a walk of a collection fetches (10 000 by default).
    ///
    /// # Examples
    ///
    /// ```
    /// let builder = hal_client::Client::builder().max_pages(50);
    /// # let _ = builder;
    /// ```
    pub fn max_pages(mut self, pages: usize) -> Self {
        self.max_pages = pages;
        self
    }

    /// How many documents the cache keeps (1 000 by default; 0 turns it off). The cache is a
    /// private one (RFC 9111): it serves a fresh document without a request, revalidates a
    /// stale one with `If-None-Match`/`If-Modified-Since`, honours `Cache-Control`, and forgets
    /// a URL on an unsafe request to it (and to its `Location`) or a `Link: rel=invalidates`.
    ///
    /// # Examples
    ///
    /// ```
    /// let uncached = hal_client::Client::builder().cache_entries(0).build()?;
    /// # let _ = uncached;
    /// # Ok::<(), hal_client::Error>(())
    /// ```
    pub fn cache_entries(mut self, entries: usize) -> Self {
        self.cache_entries = entries;
        self
    }

    /// The client.
    ///
    /// # Errors
    ///
    /// An [`Error`] for which [`is_builder`](Error::is_builder) holds when the HTTP client
    /// cannot be built (its TLS back-end cannot be initialised).
    ///
    /// # Examples
    ///
    /// ```
    /// let client = hal_client::Client::builder().build()?;
    /// # let _ = client;
    /// # Ok::<(), hal_client::Error>(())
    /// ```
    pub fn build(self) -> Result<Client, Error> {
        let http = match &self.http {
            Some(http) => http.clone(),
            None => reqwest::Client::builder()
                .user_agent(USER_AGENT)
                .timeout(self.timeout)
                .redirect(reqwest::redirect::Policy::limited(self.max_redirects))
                .build()
                .map_err(|error| Error::from_source(ErrorKind::Builder, error))?,
        };
        Ok(self.into_client(http))
    }

    fn into_client(self, http: reqwest::Client) -> Client {
        Client {
            inner: Arc::new(Inner {
                http,
                max_body_bytes: self.max_body_bytes,
                limits: self.limits,
                max_pages: self.max_pages,
                cache: Cache::new(self.cache_entries),
                middleware: self.middleware,
                in_flight: Mutex::new(HashMap::new()),
                warned: Mutex::new(HashSet::new()),
            }),
        }
    }
}

struct Inner {
    http: reqwest::Client,
    max_body_bytes: usize,
    limits: Limits,
    max_pages: usize,
    cache: Cache,
    middleware: Vec<Registered>,
    /// Reads under way, so that concurrent reads of one URL with the same headers share one
    /// request and see one answer.
    in_flight: Mutex<HashMap<ReadKey, SharedRead>>,
    /// Deprecated links warned about already (relation and href), once each.
    warned: Mutex<HashSet<(String, String)>>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("max_body_bytes", &self.inner.max_body_bytes)
            .field("limits", &self.inner.limits)
            .field("max_pages", &self.inner.max_pages)
            .finish_non_exhaustive()
    }
}

impl Default for Client {
    /// As [`Client::new`].
    fn default() -> Self {
        Self::new()
    }
}

impl Client {
    /// A client with the default bounds (see [`Client`]).
    ///
    /// # Panics
    ///
    /// When the HTTP client cannot be built: the TLS back-end cannot be initialised, which
    /// [`builder`](Self::builder)`().build()` reports as an error instead.
    ///
    /// # Examples
    ///
    /// ```
    /// let client = hal_client::Client::new();
    /// # let _ = client;
    /// ```
    #[must_use]
    pub fn new() -> Self {
        match Self::builder().build() {
            Ok(client) => client,
            // Documented under `# Panics`, as `reqwest::Client::new` does for the same failure.
            #[allow(clippy::panic)]
            Err(error) => panic!("hal_client::Client::new: {error}"),
        }
    }

    /// A builder, to set the bounds and the HTTP client before the client exists.
    ///
    /// # Examples
    ///
    /// ```
    /// let client = hal_client::Client::builder()
    ///     .max_body_bytes(1 << 20)
    ///     .cache_entries(100)
    ///     .build()?;
    /// # let _ = client;
    /// # Ok::<(), hal_client::Error>(())
    /// ```
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client on the caller's `reqwest::Client` (TLS roots, client certificates, proxies,
    /// its own timeouts and redirect policy), with the default bounds; the builder's
    /// [`http`](ClientBuilder::http) for other bounds.
    ///
    /// # Examples
    ///
    /// ```
    /// let http = reqwest::Client::builder().timeout(std::time::Duration::from_secs(5)).build()?;
    /// let client = hal_client::Client::with_http(http);
    /// # let _ = client;
    /// # Ok::<(), reqwest::Error>(())
    /// ```
    #[must_use]
    pub fn with_http(http: reqwest::Client) -> Self {
        ClientBuilder::default().into_client(http)
    }

    /// What the cache did so far.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_client::Client::new().cache_stats().stored, 0);
    /// ```
    #[must_use]
    pub fn cache_stats(&self) -> CacheStats {
        self.inner.cache.stats()
    }

    /// Where a walk starts: the resource at `url`. Nothing is fetched until the target is read.
    ///
    /// # Examples
    ///
    /// ```
    /// let root = hal_client::Client::new().root(url::Url::parse("https://api.example.com/")?);
    /// # let _ = root;
    /// # Ok::<(), url::ParseError>(())
    /// ```
    #[must_use]
    pub fn root(&self, url: Url) -> Target {
        Target::at(self.clone(), url)
    }

    /// Keeps an embedded resource in the cache under its own `self`; see `Cache::store_embedded`.
    pub(crate) fn cache_embedded(&self, parent: &Url, document: &Document) {
        self.inner
            .cache
            .store_embedded(parent, document, ACCEPT_HAL);
    }

    pub(crate) fn max_pages(&self) -> usize {
        self.inner.max_pages
    }

    /// Warns once per link that a link marked `deprecation` was followed.
    pub(crate) fn warn_deprecated(&self, rel: &str, href: &str, deprecation: &str) {
        let first_time = self
            .inner
            .warned
            .lock()
            .map(|mut warned| warned.insert((rel.to_owned(), href.to_owned())))
            .unwrap_or(false);
        if first_time {
            tracing::warn!(rel, href, deprecation, "following a deprecated link");
        }
    }

    /// `GET url` asking for `accept` with the caller's `headers`, through the cache (which
    /// honours the server's `Vary`), or past it for [`Freshness::Refresh`]. Reads of one URL
    /// with the same headers while one is under way wait for its answer instead of sending
    /// their own (a refresh always sends its own).
    pub(crate) async fn get_accepting(
        &self,
        url: &Url,
        accept: &'static str,
        headers: &HeaderMap,
        freshness: Freshness,
    ) -> Result<Document, Error> {
        if freshness == Freshness::Refresh {
            return self.read(url, accept, headers, freshness).await;
        }
        // A fresh document needs no request, so nothing to share.
        if let Lookup::Fresh(document) = self
            .inner
            .cache
            .lookup(url, &cache::request(url, accept, headers))
        {
            return Ok(*document);
        }
        let key = ReadKey::new(url, accept, headers);
        let shared = {
            let Ok(mut in_flight) = self.inner.in_flight.lock() else {
                return self.read(url, accept, headers, freshness).await;
            };
            in_flight
                .entry(key.clone())
                .or_insert_with(|| {
                    let (client, url, headers) = (self.clone(), url.clone(), headers.clone());
                    async move {
                        let read = client.read(&url, accept, &headers, freshness).await;
                        // Done: the next read asks the cache, and the server if need be.
                        if let Ok(mut in_flight) = client.inner.in_flight.lock() {
                            in_flight.remove(&key);
                        }
                        read
                    }
                    .boxed()
                    .shared()
                })
                .clone()
        };
        shared.await
    }

    /// One read: the cache, then the server (conditionally when the cache holds a stale copy).
    async fn read(
        &self,
        url: &Url,
        accept: &'static str,
        headers: &HeaderMap,
        freshness: Freshness,
    ) -> Result<Document, Error> {
        let cache = &self.inner.cache;
        let request = cache::request(url, accept, headers);
        let lookup = match freshness {
            Freshness::Cached => cache.lookup(url, &request),
            Freshness::Refresh => Lookup::Miss,
        };
        let conditions = match lookup {
            Lookup::Fresh(document) => return Ok(*document),
            Lookup::Stale(conditions) => Some(conditions),
            Lookup::Miss => None,
        };
        let mut sent = headers.clone();
        sent.extend(conditions.unwrap_or_default());
        let response = self
            .send_with(Method::GET, url, None, accept, &sent)
            .await?;
        let response = if response.status() == StatusCode::NOT_MODIFIED {
            if let Some(document) = cache.revalidated(url, &request, &cache::response(&response)) {
                return Ok(document);
            }
            // A 304 the cache cannot use: ask again, unconditionally.
            cache.invalidate(url);
            self.send_with(Method::GET, url, None, accept, headers)
                .await?
        } else {
            response
        };
        let parts = cache::response(&response);
        let document = self.document(response).await?;
        cache.store(url, &request, &parts, &document);
        Ok(document)
    }

    /// `GET url` as a collection page: its links (with the `Link` header's) and the items under
    /// `rel` read as `T` straight from the bytes. Not through the cache, which keeps documents.
    pub(crate) async fn get_page<T>(
        &self,
        url: &Url,
        rel: &str,
        headers: &HeaderMap,
    ) -> Result<hal_paging::Page<T>, Error>
    where
        T: for<'de> hal_core::read::HalDeserialize<'de>,
    {
        let response = self.send(Method::GET, url, None, headers).await?;
        let json = self.json(response).await?;
        let page = hal_paging::Page::<T>::parse(&json.bytes, rel, self.inner.limits)
            .map_err(|e| Error::from_source(ErrorKind::Parse, e).at(&json.url))?;
        if json.header_links.is_empty() {
            return Ok(page);
        }
        let (mut links, items) = page.into_parts();
        merge_header_links(&mut links, json.header_links);
        Ok(hal_paging::Page::new(links, items))
    }

    /// Sends a request with an optional JSON body (`content_type`, bytes) and the caller's
    /// `headers`; an error status becomes an [`Error`] with the server's problem document.
    pub(crate) async fn send(
        &self,
        method: Method,
        url: &Url,
        body: Option<(&'static str, Vec<u8>)>,
        headers: &HeaderMap,
    ) -> Result<Response, Error> {
        self.send_with(method, url, body, ACCEPT_HAL, headers).await
    }

    /// As [`send`](Self::send), asking for `accept` unless `headers` name another `Accept`.
    async fn send_with(
        &self,
        method: Method,
        url: &Url,
        body: Option<(&'static str, Vec<u8>)>,
        accept: &'static str,
        headers: &HeaderMap,
    ) -> Result<Response, Error> {
        let body =
            body.map(|(content_type, bytes)| (HeaderValue::from_static(content_type), bytes));
        let response = self.send_raw(method, url, body, accept, headers).await?;
        let status = response.status();
        if status.is_client_error() || status.is_server_error() {
            let url = response.url().clone();
            let is_problem = content_type(&response).is_some_and(|t| {
                hal_core::media_type::media_type_essence(&t) == hal_core::problem::PROBLEM_JSON
            });
            let bytes = self.body(response).await.unwrap_or_default();
            let reason = status.canonical_reason().unwrap_or("");
            let problem = is_problem
                .then(|| Problem::from_response(&bytes, status.as_u16(), reason))
                .flatten();
            return Err(Error::new(ErrorKind::Status)
                .at(&url)
                .with_status(status, problem));
        }
        Ok(response)
    }

    /// Sends a request whatever its answer: only a failed exchange is an error. The cache
    /// forgets what an unsafe request changes.
    pub(crate) async fn send_raw(
        &self,
        method: Method,
        url: &Url,
        body: Option<(HeaderValue, Vec<u8>)>,
        accept: &'static str,
        headers: &HeaderMap,
    ) -> Result<Response, Error> {
        let unsafe_method = !method.is_safe();
        let mut request = self
            .inner
            .http
            .request(method, url.clone())
            .header(ACCEPT, accept);
        if !headers.is_empty() {
            // Replaces what is set already: the caller's `Accept` or `User-Agent` wins.
            request = request.headers(headers.clone());
        }
        if let Some((content_type, bytes)) = body {
            request = request.header(CONTENT_TYPE, content_type).body(bytes);
        }
        let request = request
            .build()
            .map_err(|e| Error::from_source(ErrorKind::Http, e).at(url))?;
        let response = if self.inner.middleware.is_empty() {
            self.inner
                .http
                .execute(request)
                .await
                .map_err(|e| Error::from_source(ErrorKind::Http, e).at(url))?
        } else {
            crate::middleware::send(&self.inner.http, &self.inner.middleware, request).await?
        };
        self.invalidate_after(url, unsafe_method, &response);
        Ok(response)
    }

    /// What a `HEAD` brought: no body, the response's headers and its `Link` header's links.
    pub(crate) fn head_document(response: &Response) -> Document {
        let mut resource = Resource::object();
        merge_header_links(resource.links_mut(), header_links(response));
        Document::new(response.url().clone(), resource).with_headers(response.headers().clone())
    }

    /// The response as a HAL document: JSON of a HAL or JSON type, within the limits.
    pub(crate) async fn document(&self, response: Response) -> Result<Document, Error> {
        let json = self.json(response).await?;
        let mut resource: Resource = self
            .inner
            .limits
            .parse_slice(&json.bytes)
            .map_err(|e| Error::from_source(ErrorKind::Parse, e).at(&json.url))?;
        merge_header_links(resource.links_mut(), json.header_links);
        Ok(Document::new(json.url, resource).with_headers(json.headers))
    }

    /// The `Location` a response names, resolved against its URL.
    pub(crate) fn location(response: &Response) -> Option<Url> {
        response
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|href| response.url().join(href).ok())
    }

    /// The document a write was answered with: none for `204`, or an empty body.
    pub(crate) async fn answer(&self, response: Response) -> Result<Option<Document>, Error> {
        if response.status() == StatusCode::NO_CONTENT || response.content_length() == Some(0) {
            return Ok(None);
        }
        self.document(response).await.map(Some)
    }

    /// A JSON response's bytes (within the size limit), its URL and its `Link` header's links;
    /// a response of another type is [`ErrorKind::NotHal`].
    async fn json(&self, response: Response) -> Result<JsonBody, Error> {
        let url = response.url().clone();
        let content_type = content_type(&response);
        if !content_type
            .as_deref()
            .is_some_and(hal_core::media_type::is_json_media_type)
        {
            return Err(Error::new(ErrorKind::NotHal { content_type }).at(&url));
        }
        let header_links = header_links(&response);
        let headers = response.headers().clone();
        let bytes = self.body(response).await.map_err(|e| e.at(&url))?;
        Ok(JsonBody {
            url,
            bytes,
            header_links,
            headers,
        })
    }

    /// The body, read chunk by chunk up to the limit.
    pub(crate) async fn body(&self, mut response: Response) -> Result<Vec<u8>, Error> {
        let limit = self.inner.max_body_bytes;
        if response.content_length().is_some_and(|n| n > limit as u64) {
            return Err(Error::new(ErrorKind::TooLarge { limit }));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| Error::from_source(ErrorKind::Http, e))?
        {
            if bytes.len() + chunk.len() > limit {
                return Err(Error::new(ErrorKind::TooLarge { limit }));
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes)
    }
}

impl Client {
    /// Forgets what a response makes stale: the target of an unsafe request and the resources
    /// its `Location` and `Content-Location` name, and any `Link: rel=invalidates`.
    fn invalidate_after(&self, url: &Url, unsafe_method: bool, response: &Response) {
        let cache = &self.inner.cache;
        let base = response.url();
        if unsafe_method {
            cache.invalidate(url);
            for name in [reqwest::header::LOCATION, reqwest::header::CONTENT_LOCATION] {
                let named = response.headers().get(name).and_then(|v| v.to_str().ok());
                if let Some(target) = named.and_then(|href| base.join(href).ok()) {
                    cache.invalidate_named(url, &target);
                }
            }
        }
        let invalidated = response
            .headers()
            .get_all(reqwest::header::LINK)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(crate::link_header::parse)
            .filter(|(rel, _)| rel.eq_ignore_ascii_case("invalidates"))
            .filter_map(|(_, link)| base.join(link.href()).ok());
        for target in invalidated {
            cache.invalidate_named(url, &target);
        }
    }
}

/// Adds the `Link` header's links (RFC 8288) to the document's: a relation the document has
/// keeps its own links; another gains the header's, in their order.
fn merge_header_links(links: &mut hal_core::Links, header_links: Vec<(String, hal_core::Link)>) {
    let from_document: Vec<hal_core::Rel> = links.iter().map(|(rel, _)| rel.clone()).collect();
    for (rel, link) in header_links {
        if !from_document.iter().any(|known| *known == *rel.as_str()) {
            links.push(rel, link);
        }
    }
}

/// A read that concurrent readers of the same URL and headers await together.
type SharedRead = Shared<BoxFuture<'static, Result<Document, Error>>>;

/// What makes two reads the same: the URL, the `Accept` and every header the caller added.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct ReadKey {
    url: Url,
    accept: &'static str,
    headers: Vec<(String, Vec<u8>)>,
}

impl ReadKey {
    fn new(url: &Url, accept: &'static str, headers: &HeaderMap) -> Self {
        let mut headers: Vec<(String, Vec<u8>)> = headers
            .iter()
            .map(|(name, value)| (name.as_str().to_owned(), value.as_bytes().to_vec()))
            .collect();
        headers.sort();
        Self {
            url: url.clone(),
            accept,
            headers,
        }
    }
}

/// Whether a read may be answered from the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Freshness {
    /// Fresh entries without a request, stale ones revalidated.
    Cached,
    /// Always a request, without conditions; its answer replaces the entry.
    Refresh,
}

/// What a JSON response brought.
struct JsonBody {
    url: Url,
    bytes: Vec<u8>,
    header_links: Vec<(String, hal_core::Link)>,
    headers: reqwest::header::HeaderMap,
}

/// The links of the response's `Link` headers, with their relations.
fn header_links(response: &Response) -> Vec<(String, hal_core::Link)> {
    response
        .headers()
        .get_all(reqwest::header::LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(crate::link_header::parse)
        .collect()
}

fn content_type(response: &Response) -> Option<String> {
    response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v: &HeaderValue| v.to_str().ok())
        .map(str::to_owned)
}
