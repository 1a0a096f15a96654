//! Conditional requests (RFC 9110 §13): entity tags and modification dates on responses,
//! `304 Not Modified` for a client that already holds the representation, and `If-Match`
//! preconditions that keep two clients editing one resource from overwriting each other.
//!
//! - A handler that knows what its representation depends on states a [`Validator`] (an
//!   [`ETag`] of a version, a revision, a count; optionally a `Last-Modified` date) and lets
//!   [`Conditional::respond`] answer: `304` or `412` *before* the representation is built, the
//!   representation with its validator otherwise. This is what makes revalidation cheap.
//! - [`tag_body`], applied by [`protect`](crate::serve::protect) unless its configuration says
//!   otherwise, is the fallback for handlers that state nothing: it tags their HAL responses
//!   with a strong [`ETag`] of their bytes (a 64-bit xxh3 hash), and [`not_modified`] answers a
//!   `GET` or `HEAD` whose `If-None-Match` names it with `304`. The representation was built and
//!   thrown away, so this saves bandwidth, not work.
//! - [`IfMatch`] reads a write's precondition; [`IfMatch::check`] answers `412` when it names
//!   another version, and `428` when the service requires one and the client sent none.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, IntoResponseParts, Response, ResponseParts};

use crate::ApiError;

/// An entity tag: strong (`"x"`), or weak (`W/"x"`) for a representation that is equivalent
/// but not byte for byte the same as the one tagged before (RFC 9110 §8.8.3).
///
/// # Examples
///
/// ```
/// use hal_axum::conditional::ETag;
///
/// assert_eq!(ETag::version(7).to_string(), "\"v7\"");
/// assert_eq!(ETag::version(7).weak().to_string(), "W/\"v7\"");
/// assert_eq!(ETag::of_bytes(b"{}"), ETag::of_bytes(b"{}"));
/// assert_ne!(ETag::of_bytes(b"{}"), ETag::of_bytes(b"[]"));
/// assert_eq!(ETag::of(&("fleet-a", 12_u64)), ETag::of(&("fleet-a", 12_u64)));
/// assert_ne!(ETag::of(&("fleet-a", 12_u64)), ETag::of(&("fleet-b", 12_u64)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ETag {
    opaque: String,
    weak: bool,
}

impl ETag {
    /// The strong tag of a representation's bytes.
    #[must_use]
    pub fn of_bytes(bytes: &[u8]) -> Self {
        Self::strong(hex(xxhash_rust::xxh3::xxh3_64(bytes)))
    }

    /// The strong tag of what a representation is made of: everything it shows depends on
    /// `inputs` (a version, a revision, a count, the caller, the media type), so it changes
    /// exactly when they do. Hashed (64-bit xxh3 through [`Hash`]), so the tag says nothing of
    /// the inputs; the hash is stable for one build of the service, which is all a cache needs.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_axum::conditional::ETag;
    ///
    /// let revision = 42_u64;
    /// assert_eq!(ETag::of(&("fleet-a", revision)), ETag::of(&("fleet-a", revision)));
    /// assert_ne!(ETag::of(&("fleet-a", revision)), ETag::of(&("fleet-a", revision + 1)));
    /// ```
    #[must_use]
    pub fn of(inputs: &impl Hash) -> Self {
        let mut hasher = xxhash_rust::xxh3::Xxh3Default::new();
        inputs.hash(&mut hasher);
        Self::strong(hex(hasher.finish()))
    }

    /// The strong tag of a resource's version: it changes exactly when the version does.
    #[must_use]
    pub fn version(version: impl fmt::Display) -> Self {
        Self::strong(format!("v{version}"))
    }

    fn strong(opaque: String) -> Self {
        Self {
            opaque,
            weak: false,
        }
    }

    /// This tag, weak: for representations that change in ways the tag does not follow (a
    /// timestamp's rendering, the order of members) but mean the same.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_axum::conditional::ETag::version(2).weak().to_string(), "W/\"v2\"");
    /// ```
    #[must_use]
    pub fn weak(self) -> Self {
        Self { weak: true, ..self }
    }

    /// Whether this tag is weak.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(!hal_axum::conditional::ETag::version(1).is_weak());
    /// ```
    #[must_use]
    pub fn is_weak(&self) -> bool {
        self.weak
    }

    /// Reads an `ETag` field value (`"x"` or `W/"x"`); `None` when it is neither.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_axum::conditional::ETag;
    ///
    /// assert_eq!(ETag::parse("W/\"v1\""), Some(ETag::version(1).weak()));
    /// assert_eq!(ETag::parse("v1"), None);
    /// ```
    #[must_use]
    pub fn parse(field: &str) -> Option<Self> {
        let (weak, quoted) = match field.trim().strip_prefix("W/") {
            Some(rest) => (true, rest),
            None => (false, field.trim()),
        };
        let opaque = quoted.strip_prefix('"')?.strip_suffix('"')?;
        // RFC 9110 §8.8.3: etagc is visible ASCII but the quote.
        if opaque.bytes().any(|b| b == b'"' || !b.is_ascii_graphic()) {
            return None;
        }
        Some(Self {
            opaque: opaque.to_owned(),
            weak,
        })
    }

    /// The tag as a header value (`"…"` or `W/"…"`).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_axum::conditional::ETag::version(2).header_value(), "\"v2\"");
    /// ```
    #[must_use]
    pub fn header_value(&self) -> HeaderValue {
        // Hex digits and a version's display: visible ASCII, unless a version displays oddly.
        shared_header_value(self.spelled()).unwrap_or_else(|| HeaderValue::from_static("\"\""))
    }

    /// The tag as it is written (`"…"` or `W/"…"`), for the header and for `Display`: one
    /// allocation, which the header value keeps.
    fn spelled(&self) -> String {
        let prefix = if self.weak { "W/\"" } else { "\"" };
        let mut text = String::with_capacity(prefix.len() + self.opaque.len() + 1);
        text.push_str(prefix);
        text.push_str(&self.opaque);
        text.push('"');
        text
    }

    /// Whether a `If-None-Match` or `If-Match` field names this tag: `*`, or a list of tags.
    /// The weak comparison (`If-None-Match`) matches opaque parts whatever their weakness; the
    /// strong one (`If-Match`) only two strong tags (RFC 9110 §8.8.3.2).
    fn listed_in(&self, field: &str, weak_comparison: bool) -> bool {
        field.split(',').map(str::trim).any(|listed| {
            if listed == "*" {
                return true;
            }
            let Some(listed) = ETag::parse(listed) else {
                return false;
            };
            listed.opaque == self.opaque && (weak_comparison || (!listed.weak && !self.weak))
        })
    }
}

impl fmt::Display for ETag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.spelled())
    }
}

impl IntoResponseParts for ETag {
    type Error = std::convert::Infallible;

    fn into_response_parts(self, mut parts: ResponseParts) -> Result<ResponseParts, Self::Error> {
        parts
            .headers_mut()
            .insert(header::ETAG, self.header_value());
        Ok(parts)
    }
}

/// Tags a successful HAL or HAL-FORMS response that has no `ETag` with a strong one, the hash
/// of its bytes: for handlers that know no version of what they send. Add it inside
/// [`not_modified`], which then answers revalidations with `304`; a response that states its
/// own `ETag` is left as it is, and so is any other media type.
///
/// # Examples
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// use axum::routing::get;
/// use tower::ServiceExt;
///
/// let app: axum::Router = axum::Router::new()
///     .route("/", get(|| async { hal_axum::HalJson(hal_core::Resource::object()) }))
///     .layer(axum::middleware::from_fn(hal_axum::conditional::tag_body));
/// let response = app.oneshot(axum::http::Request::get("/").body(axum::body::Body::empty()).unwrap()).await.unwrap();
/// assert_eq!(response.headers()["etag"], hal_axum::conditional::ETag::of_bytes(b"{}").to_string());
/// # });
/// ```
pub async fn tag_body(request: Request, next: Next) -> Response {
    tag_response(next.run(request).await).await
}

/// [`tag_body`]'s work on a response.
async fn tag_response(response: Response) -> Response {
    if needs_tag(&response) {
        tag(response).await
    } else {
        response
    }
}

/// Whether [`tag_body`] tags `response`: a success in HAL without a tag of its own.
pub(crate) fn needs_tag(response: &Response) -> bool {
    response.status().is_success()
        && !response.headers().contains_key(header::ETAG)
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| {
                // The essence compared in place: every response passes here.
                let essence = t.split(';').next().unwrap_or(t).trim();
                essence.eq_ignore_ascii_case(hal_core::media_type::HAL_JSON)
                    || essence.eq_ignore_ascii_case(hal_core::forms::HAL_FORMS_JSON)
            })
}

/// `response` with the tag of its bytes.
pub(crate) async fn tag(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    // The response types write whole bodies, so this is one frame, not a stream.
    match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => {
            parts
                .headers
                .insert(header::ETAG, ETag::of_bytes(&bytes).header_value());
            Response::from_parts(parts, axum::body::Body::from(bytes))
        }
        Err(error) => ApiError::internal(format!("cannot read the response to tag it: {error}"))
            .into_response(),
    }
}

/// Answers `304 Not Modified` (no body; the tag, `Cache-Control`, `Vary` and the like kept) to a
/// `GET` or `HEAD` whose `If-None-Match` names the tag of the `2xx` response it would get.
///
/// # Examples
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// use axum::routing::get;
/// use tower::ServiceExt;
///
/// let app: axum::Router = axum::Router::new()
///     .route("/", get(|| async { hal_axum::HalJson(hal_core::Resource::object()) }))
///     .layer(axum::middleware::from_fn(hal_axum::conditional::tag_body))
///     .layer(axum::middleware::from_fn(hal_axum::conditional::not_modified));
/// let first = app.clone().oneshot(axum::http::Request::get("/").body(axum::body::Body::empty()).unwrap()).await.unwrap();
/// let tag = first.headers()["etag"].clone();
/// let again = axum::http::Request::get("/").header("if-none-match", tag).body(axum::body::Body::empty()).unwrap();
/// assert_eq!(app.oneshot(again).await.unwrap().status(), 304);
/// # });
/// ```
pub async fn not_modified(request: Request, next: Next) -> Response {
    let if_none_match = if_none_match_of(&request);
    answer_not_modified(if_none_match.as_ref(), next.run(request).await)
}

/// The `If-None-Match` field of a `GET` or `HEAD`: the one precondition [`not_modified`] reads.
fn if_none_match_of(request: &Request) -> Option<HeaderValue> {
    matches!(*request.method(), Method::GET | Method::HEAD)
        .then(|| request.headers().get(header::IF_NONE_MATCH).cloned())
        .flatten()
}

/// [`not_modified`]'s work on a response.
pub(crate) fn answer_not_modified(
    if_none_match: Option<&HeaderValue>,
    response: Response,
) -> Response {
    let Some(if_none_match) = if_none_match.and_then(|v| v.to_str().ok()) else {
        return response;
    };
    if !response.status().is_success() {
        return response;
    }
    let Some(tag) = response
        .headers()
        .get(header::ETAG)
        .and_then(|v| v.to_str().ok())
        .and_then(ETag::parse)
    else {
        return response;
    };
    if !tag.listed_in(if_none_match, true) {
        return response;
    }
    // RFC 9110 §15.4.5: the fields a 200 would have carried that describe caching.
    let mut headers = HeaderMap::new();
    for name in [
        header::ETAG,
        header::LAST_MODIFIED,
        header::CACHE_CONTROL,
        header::VARY,
        header::EXPIRES,
        header::CONTENT_LOCATION,
        header::DATE,
    ] {
        for value in response.headers().get_all(&name) {
            headers.append(name.clone(), value.clone());
        }
    }
    (StatusCode::NOT_MODIFIED, headers).into_response()
}

/// What [`not_modified`] and [`not_acceptable`] need of a request, read before the request is
/// handed on: what [`protect`](crate::serve::protect) applies around the router, one step
/// rather than two layers. (Tags are made inside each route, which alone sees the body of a
/// `HEAD`'s `GET`.)
#[cfg(feature = "serve")]
pub(crate) struct Asked {
    if_none_match: Option<HeaderValue>,
    accept: Option<HeaderValue>,
}

#[cfg(feature = "serve")]
impl Asked {
    pub(crate) fn of(request: &Request) -> Self {
        Self {
            if_none_match: if_none_match_of(request),
            // `*/*` accepts whatever the route produces: nothing to negotiate.
            accept: request
                .headers()
                .get(header::ACCEPT)
                .filter(|accept| accept.as_bytes() != b"*/*")
                .cloned(),
        }
    }

    /// The response, answered `304` or `406` as asked.
    pub(crate) fn finish(self, response: Response) -> Response {
        let response = answer_not_modified(self.if_none_match.as_ref(), response);
        refuse_unacceptable(self.accept.as_ref(), response)
    }
}

/// What a handler knows about its representation before building it: the [`ETag`] it will
/// carry, when it last changed (`Last-Modified`, second precision), and the request headers
/// that choose between its representations (`Vary`). [`Conditional::respond`] answers
/// preconditions with it, and writes it on the response.
///
/// The tag must change whenever the bytes would (strong) or their meaning would (weak): state
/// in it everything the representation depends on, the caller and the negotiated media type
/// included when they choose what is sent. Two representations that differ must never share a
/// tag, or a cache would serve one for the other.
///
/// # Examples
///
/// ```
/// use axum::http::header;
/// use hal_axum::conditional::{ETag, Validator};
/// use std::time::{Duration, UNIX_EPOCH};
///
/// let updated_at = UNIX_EPOCH + Duration::from_secs(1_780_000_000);
/// let validator = Validator::new(ETag::of(&("fleet-a", 42_u64, "application/hal+json")))
///     .last_modified(updated_at)
///     .vary(header::ACCEPT);
/// assert_eq!(validator.etag(), &ETag::of(&("fleet-a", 42_u64, "application/hal+json")));
/// assert_eq!(validator.last_modified_header().unwrap(), "Thu, 28 May 2026 20:26:40 GMT");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validator {
    etag: ETag,
    last_modified: Option<SystemTime>,
    vary: Vec<HeaderName>,
    cache_control: Option<CacheControl>,
}

impl Validator {
    /// A validator with this tag.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_axum::conditional::{ETag, Validator};
    ///
    /// assert_eq!(Validator::new(ETag::version(1)).etag(), &ETag::version(1));
    /// ```
    #[must_use]
    pub fn new(etag: ETag) -> Self {
        Self {
            etag,
            last_modified: None,
            vary: Vec::new(),
            cache_control: None,
        }
    }

    /// With how long a client may reuse its copy without asking ([`CacheControl`]), sent as
    /// `Cache-Control` on the `200` and on the `304` alike (RFC 9110 §15.4.5). Without it, a
    /// client cache revalidates on every use.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// use hal_axum::conditional::{CacheControl, ETag, Validator};
    ///
    /// let validator = Validator::new(ETag::version(1)).cache_control(
    ///     CacheControl::private()
    ///         .max_age(Duration::from_secs(60))
    ///         .stale_while_revalidate(Duration::from_secs(600)),
    /// );
    /// # let _ = validator;
    /// ```
    #[must_use]
    pub fn cache_control(mut self, cache_control: CacheControl) -> Self {
        self.cache_control = Some(cache_control);
        self
    }

    /// With the time the representation last changed, for `If-Modified-Since` and
    /// `If-Unmodified-Since` (truncated to the second, as HTTP dates are). Two changes within
    /// one second share a date, so give one only for resources that change less often, or
    /// whose clients send `If-None-Match` too (which takes precedence over the date).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_axum::conditional::{ETag, Validator};
    /// use std::time::{Duration, UNIX_EPOCH};
    ///
    /// let at = UNIX_EPOCH + Duration::from_millis(1_780_000_000_900);
    /// let validator = Validator::new(ETag::version(1)).last_modified(at);
    /// assert_eq!(validator.last_modified_header().unwrap(), "Thu, 28 May 2026 20:26:40 GMT");
    /// ```
    #[must_use]
    pub fn last_modified(mut self, at: impl Into<SystemTime>) -> Self {
        let at = at.into();
        let seconds = at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        self.last_modified = Some(UNIX_EPOCH + Duration::from_secs(seconds));
        self
    }

    /// With a request header that chooses the representation (`Accept`, a caller's identity
    /// header): sent as `Vary` on a `304`, which must say what the `200` would have said. The
    /// `200`'s own `Vary` is the response's business ([`Negotiated`](crate::negotiate::Negotiated)
    /// writes `Vary: Accept`).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_axum::conditional::{ETag, Validator};
    ///
    /// let validator = Validator::new(ETag::version(1)).vary(axum::http::header::ACCEPT);
    /// # let _ = validator;
    /// ```
    #[must_use]
    pub fn vary(mut self, name: HeaderName) -> Self {
        if !self.vary.contains(&name) {
            self.vary.push(name);
        }
        self
    }

    /// The tag.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_axum::conditional::{ETag, Validator};
    ///
    /// assert!(!Validator::new(ETag::version(1)).etag().is_weak());
    /// ```
    #[must_use]
    pub fn etag(&self) -> &ETag {
        &self.etag
    }

    /// The `Last-Modified` value, if a date was given.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_axum::conditional::{ETag, Validator};
    ///
    /// assert_eq!(Validator::new(ETag::version(1)).last_modified_header(), None);
    /// ```
    #[must_use]
    pub fn last_modified_header(&self) -> Option<HeaderValue> {
        self.last_modified
            .and_then(|at| HeaderValue::from_str(&httpdate::fmt_http_date(at)).ok())
    }

    /// Writes `ETag`, `Last-Modified` and `Cache-Control` (not `Vary`) on `headers`.
    fn write(&self, headers: &mut HeaderMap) {
        headers.insert(header::ETAG, self.etag.header_value());
        if let Some(value) = self.last_modified_header() {
            headers.insert(header::LAST_MODIFIED, value);
        }
        if let Some(cache_control) = &self.cache_control {
            headers.insert(header::CACHE_CONTROL, cache_control.header_value());
        }
    }

    /// The `304` for this validator: its tag and date, and the `Vary` it names.
    fn not_modified(&self) -> Response {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        self.write(response.headers_mut());
        if !self.vary.is_empty() {
            let mut names =
                String::with_capacity(self.vary.iter().map(|n| n.as_str().len() + 2).sum());
            for name in &self.vary {
                if !names.is_empty() {
                    names.push_str(", ");
                }
                names.push_str(name.as_str());
            }
            if let Some(value) = shared_header_value(names) {
                response.headers_mut().insert(header::VARY, value);
            }
        }
        response
    }
}

impl IntoResponseParts for Validator {
    type Error = std::convert::Infallible;

    fn into_response_parts(self, mut parts: ResponseParts) -> Result<ResponseParts, Self::Error> {
        self.write(parts.headers_mut());
        Ok(parts)
    }
}

/// Who may keep a representation and how long it may be used without asking the server
/// (RFC 9111 §5.2.2): what [`Validator::cache_control`] sends. Always names who may store it:
/// a representation that depends on the caller must say `private`, or a shared cache would
/// hand it to the next caller.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
///
/// use hal_axum::conditional::CacheControl;
///
/// let static_data = CacheControl::private()
///     .max_age(Duration::from_secs(60))
///     .stale_while_revalidate(Duration::from_secs(600));
/// assert_eq!(
///     static_data.header_value(),
///     "private, max-age=60, stale-while-revalidate=600"
/// );
/// assert_eq!(CacheControl::public().header_value(), "public, no-cache");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheControl {
    no_store: bool,
    shared: bool,
    max_age: Option<Duration>,
    stale_while_revalidate: Option<Duration>,
}

impl CacheControl {
    /// Stored by the caller's own cache only: for what depends on who asks.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_axum::conditional::CacheControl::private().header_value(), "private, no-cache");
    /// ```
    #[must_use]
    pub fn private() -> Self {
        Self {
            no_store: false,
            shared: false,
            max_age: None,
            stale_while_revalidate: None,
        }
    }

    /// Stored by shared caches too: for what is the same for every caller.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_axum::conditional::CacheControl::public().header_value(), "public, no-cache");
    /// ```
    #[must_use]
    pub fn public() -> Self {
        Self {
            shared: true,
            ..Self::private()
        }
    }

    /// Never stored (`no-store`): answers that must not outlive the request. The other
    /// settings are then moot.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_axum::conditional::CacheControl::no_store().header_value(), "no-store");
    /// ```
    #[must_use]
    pub fn no_store() -> Self {
        Self {
            no_store: true,
            ..Self::private()
        }
    }

    /// Used without asking for this long (whole seconds); without it, `no-cache`: stored,
    /// but revalidated before each use.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let fresh = hal_axum::conditional::CacheControl::public().max_age(Duration::from_secs(30));
    /// assert_eq!(fresh.header_value(), "public, max-age=30");
    /// ```
    #[must_use]
    pub fn max_age(mut self, fresh_for: Duration) -> Self {
        self.max_age = Some(fresh_for);
        self
    }

    /// Once stale, still used for this long while the cache revalidates in the background
    /// (RFC 5861).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// use hal_axum::conditional::CacheControl;
    ///
    /// let lenient = CacheControl::private()
    ///     .max_age(Duration::ZERO)
    ///     .stale_while_revalidate(Duration::from_secs(5));
    /// assert_eq!(lenient.header_value(), "private, max-age=0, stale-while-revalidate=5");
    /// ```
    #[must_use]
    pub fn stale_while_revalidate(mut self, for_: Duration) -> Self {
        self.stale_while_revalidate = Some(for_);
        self
    }

    /// The header's value.
    ///
    /// # Examples
    ///
    /// See [`CacheControl`].
    #[must_use]
    pub fn header_value(&self) -> HeaderValue {
        use std::fmt::Write as _;
        if self.no_store {
            return HeaderValue::from_static("no-store");
        }
        let mut value = String::with_capacity(64);
        value.push_str(if self.shared { "public" } else { "private" });
        // Writing to a `String` cannot fail.
        let _ = match self.max_age {
            Some(age) => write!(value, ", max-age={}", age.as_secs()),
            None => write!(value, ", no-cache"),
        };
        if let Some(stale) = self.stale_while_revalidate {
            let _ = write!(value, ", stale-while-revalidate={}", stale.as_secs());
        }
        // Letters, digits, `-`, `=`, `,` and spaces: always a valid header value.
        shared_header_value(value).unwrap_or_else(|| HeaderValue::from_static("no-cache"))
    }
}

/// As a response part, for a response without a [`Validator`]: `(CacheControl::no_store(), body)`.
///
/// ```
/// use axum::response::IntoResponse;
/// use hal_axum::conditional::CacheControl;
///
/// let response = (CacheControl::no_store(), "{}").into_response();
/// assert_eq!(response.headers()["cache-control"], "no-store");
/// ```
impl IntoResponseParts for CacheControl {
    type Error = std::convert::Infallible;

    fn into_response_parts(self, mut parts: ResponseParts) -> Result<ResponseParts, Self::Error> {
        parts
            .headers_mut()
            .insert(header::CACHE_CONTROL, self.header_value());
        Ok(parts)
    }
}

/// What [`Conditional::evaluate`] decided.
///
/// # Examples
///
/// ```
/// use axum::http::{HeaderMap, Method};
/// use hal_axum::conditional::{Conditional, ETag, Evaluation, Validator};
///
/// let plain = Conditional::from_headers(&Method::GET, &HeaderMap::new());
/// assert_eq!(plain.evaluate(&Validator::new(ETag::version(1))), Evaluation::Proceed);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evaluation {
    /// No precondition stops the request: build the representation, or apply the change.
    Proceed,
    /// `304 Not Modified`: the client's copy is current (a `GET` or `HEAD` only).
    NotModified,
    /// `412 Precondition Failed`: the resource is not in the state the client expects.
    PreconditionFailed,
}

/// A request's preconditions (`If-Match`, `If-None-Match`, `If-Modified-Since`,
/// `If-Unmodified-Since`) and its method: an extractor that never fails. Evaluated against a
/// [`Validator`] in the order of RFC 9110 §13.2.2, before the handler builds anything.
///
/// # Examples
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// use axum::routing::get;
/// use hal_axum::HalJson;
/// use hal_axum::conditional::{Conditional, ETag, Validator};
/// use hal_core::Resource;
/// use tower::ServiceExt;
///
/// async fn vehicle(conditional: Conditional) -> axum::response::Response {
///     let revision = 17_u64; // read from the store: cheap, unlike the representation
///     conditional.respond(Validator::new(ETag::version(revision)), || {
///         HalJson(Resource::object()) // built only when the client's copy is stale
///     })
/// }
///
/// let app = axum::Router::new().route("/vehicle", get(vehicle));
/// let request = |tag: &str| axum::http::Request::get("/vehicle")
///     .header("if-none-match", tag)
///     .body(axum::body::Body::empty())
///     .unwrap();
/// assert_eq!(app.clone().oneshot(request("\"v17\"")).await.unwrap().status(), 304);
/// let fresh = app.oneshot(request("\"v16\"")).await.unwrap();
/// assert_eq!(fresh.status(), 200);
/// assert_eq!(fresh.headers()["etag"], "\"v17\"");
/// # });
/// ```
#[derive(Debug, Clone)]
pub struct Conditional {
    safe: bool,
    /// The cache [`Store`](crate::cache::Store) handed over, and the URI that keys it.
    #[cfg(feature = "cache")]
    cache: Option<(crate::cache::RepresentationCache, axum::http::Uri)>,
    if_match: Option<String>,
    if_none_match: Option<String>,
    if_modified_since: Option<SystemTime>,
    if_unmodified_since: Option<SystemTime>,
}

impl Conditional {
    /// The preconditions of a request with this method and these headers.
    ///
    /// # Examples
    ///
    /// ```
    /// use axum::http::{HeaderMap, Method};
    /// use hal_axum::conditional::{Conditional, ETag, Evaluation, Validator};
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("if-match", "\"v1\"".parse().unwrap());
    /// let put = Conditional::from_headers(&Method::PUT, &headers);
    /// assert_eq!(put.evaluate(&Validator::new(ETag::version(2))), Evaluation::PreconditionFailed);
    /// assert_eq!(put.evaluate(&Validator::new(ETag::version(1))), Evaluation::Proceed);
    /// ```
    #[must_use]
    pub fn from_headers(method: &Method, headers: &HeaderMap) -> Self {
        let list = |name: HeaderName| {
            let values: Vec<&str> = headers
                .get_all(name)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .collect();
            (!values.is_empty()).then(|| values.join(", "))
        };
        // An invalid date is ignored (RFC 9110 §13.1.3, §13.1.4), and so is one given twice.
        let date = |name: HeaderName| {
            let mut values = headers.get_all(name).iter();
            match (values.next(), values.next()) {
                (Some(value), None) => value
                    .to_str()
                    .ok()
                    .and_then(|v| httpdate::parse_http_date(v).ok()),
                _ => None,
            }
        };
        Self {
            safe: matches!(*method, Method::GET | Method::HEAD),
            #[cfg(feature = "cache")]
            cache: None,
            if_match: list(header::IF_MATCH),
            if_none_match: list(header::IF_NONE_MATCH),
            if_modified_since: date(header::IF_MODIFIED_SINCE),
            if_unmodified_since: date(header::IF_UNMODIFIED_SINCE),
        }
    }

    /// Whether the request has a precondition at all.
    ///
    /// # Examples
    ///
    /// ```
    /// use axum::http::{HeaderMap, Method};
    /// use hal_axum::conditional::Conditional;
    ///
    /// assert!(!Conditional::from_headers(&Method::GET, &HeaderMap::new()).is_conditional());
    /// ```
    #[must_use]
    pub fn is_conditional(&self) -> bool {
        self.if_match.is_some()
            || self.if_none_match.is_some()
            || self.if_modified_since.is_some()
            || self.if_unmodified_since.is_some()
    }

    /// The preconditions evaluated against the resource's current `validator`, in the order of
    /// RFC 9110 §13.2.2: `If-Match` (strong comparison), else `If-Unmodified-Since`; then
    /// `If-None-Match` (weak comparison; `304` for `GET`/`HEAD`, `412` otherwise), else
    /// `If-Modified-Since` for `GET`/`HEAD`. A date precondition needs a date in the validator.
    ///
    /// # Examples
    ///
    /// ```
    /// use axum::http::{HeaderMap, Method};
    /// use hal_axum::conditional::{Conditional, ETag, Evaluation, Validator};
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("if-none-match", "W/\"v1\"".parse().unwrap());
    /// let get = Conditional::from_headers(&Method::GET, &headers);
    /// assert_eq!(get.evaluate(&Validator::new(ETag::version(1))), Evaluation::NotModified);
    /// let put = Conditional::from_headers(&Method::PUT, &headers);
    /// assert_eq!(put.evaluate(&Validator::new(ETag::version(1))), Evaluation::PreconditionFailed);
    /// ```
    #[must_use]
    pub fn evaluate(&self, validator: &Validator) -> Evaluation {
        let last_modified = validator.last_modified;
        if let Some(field) = &self.if_match {
            if !validator.etag.listed_in(field, false) {
                return Evaluation::PreconditionFailed;
            }
        } else if let (Some(since), Some(modified)) = (self.if_unmodified_since, last_modified)
            && modified > since
        {
            return Evaluation::PreconditionFailed;
        }
        if let Some(field) = &self.if_none_match {
            if validator.etag.listed_in(field, true) {
                return if self.safe {
                    Evaluation::NotModified
                } else {
                    Evaluation::PreconditionFailed
                };
            }
        } else if let (true, Some(since), Some(modified)) =
            (self.safe, self.if_modified_since, last_modified)
            && modified <= since
        {
            return Evaluation::NotModified;
        }
        Evaluation::Proceed
    }

    /// Answers the request: `304` (with the validator and its `Vary`) or a `412` problem when a
    /// precondition says so, without calling `build`; otherwise what `build` returns, with the
    /// validator's `ETag` and `Last-Modified` when it is a success. Behind
    /// [`RepresentationCache::layer`](crate::cache::RepresentationCache::layer) (feature
    /// `cache`), a `GET` or `HEAD` whose strong tag the cache holds for its URI is answered
    /// from it, and a miss is kept.
    ///
    /// # Examples
    ///
    /// ```
    /// use axum::http::{HeaderMap, Method};
    /// use hal_axum::conditional::{Conditional, ETag, Validator};
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("if-none-match", "\"v1\"".parse().unwrap());
    /// let conditional = Conditional::from_headers(&Method::GET, &headers);
    /// let response = conditional.respond(Validator::new(ETag::version(1)), || -> &str {
    ///     unreachable!("a 304 builds nothing")
    /// });
    /// assert_eq!(response.status(), 304);
    /// ```
    pub fn respond<R: IntoResponse>(
        &self,
        validator: Validator,
        build: impl FnOnce() -> R,
    ) -> Response {
        if let Some(answer) = self.answer(&validator) {
            return answer;
        }
        #[cfg(feature = "cache")]
        let cached = self
            .cache
            .as_ref()
            .filter(|_| self.safe && !validator.etag.is_weak());
        #[cfg(feature = "cache")]
        if let Some((cache, uri)) = cached
            && let Some(hit) = cache.get(uri, &validator.etag)
        {
            return hit;
        }
        let mut response = build().into_response();
        if response.status().is_success() {
            validator.write(response.headers_mut());
            #[cfg(feature = "cache")]
            if let Some((_, uri)) = cached {
                response
                    .extensions_mut()
                    .insert(crate::cache::Pending(uri.clone(), validator.etag));
            }
        }
        response
    }

    /// The answer the preconditions give without a representation, if they give one: `304`
    /// (with the validator and its `Vary`) or a `412` problem. For handlers that must still
    /// `await` what the representation is built from, once the validator is known:
    ///
    /// # Examples
    ///
    /// ```
    /// use axum::response::{IntoResponse, Response};
    /// use hal_axum::conditional::{Conditional, ETag, Validator};
    ///
    /// async fn monitors(conditional: Conditional) -> Response {
    ///     let revision = 12_u64; // one indexed read
    ///     let validator = Validator::new(ETag::version(revision));
    ///     if let Some(answer) = conditional.answer(&validator) {
    ///         return answer;
    ///     }
    ///     let page = async { "the page, read from the database" }.await;
    ///     (validator, page).into_response()
    /// }
    /// let app: axum::Router = axum::Router::new().route("/monitors", axum::routing::get(monitors));
    /// ```
    #[must_use]
    pub fn answer(&self, validator: &Validator) -> Option<Response> {
        match self.evaluate(validator) {
            Evaluation::Proceed => None,
            Evaluation::NotModified => Some(validator.not_modified()),
            Evaluation::PreconditionFailed => {
                Some(precondition_failed(validator.etag.to_string()).into_response())
            }
        }
    }
}

/// The `412` problem, naming the current tag.
fn precondition_failed(current: String) -> ApiError {
    ApiError::new(
        StatusCode::PRECONDITION_FAILED,
        "the resource changed since you read it: read it again, then retry with its ETag",
    )
    .with_member("etag", current)
}

impl<S: Send + Sync> FromRequestParts<S> for Conditional {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &S,
    ) -> Result<Self, std::convert::Infallible> {
        #[cfg_attr(not(feature = "cache"), allow(unused_mut))]
        let mut conditional = Self::from_headers(&parts.method, &parts.headers);
        #[cfg(feature = "cache")]
        {
            conditional.cache = parts
                .extensions
                .get::<crate::cache::RepresentationCache>()
                .map(|cache| (cache.clone(), parts.uri.clone()));
        }
        Ok(conditional)
    }
}

/// Answers `406 Not Acceptable` when the request's `Accept` admits none of what the route
/// answered with: a successful response whose media type no range of `Accept` covers (`q=0`
/// excludes; `application/json` covers the `+json` types, HAL among them). Routes that
/// negotiate pick an acceptable type themselves; this catches the ones with one type only.
/// Errors pass unchanged: a problem document is always sent.
///
/// A client that accepts HAL-FORMS and not HAL, asking a resource that has no forms, gets the
/// HAL document (as `application/hal+json`, with `Vary: Accept`), unless its `Accept` refuses
/// HAL by name (`q=0`): a HAL-FORMS document is a
/// HAL document with templates, and this one has none to add. RFC 9110 §12.5.1 lets a server
/// disregard `Accept` rather than answer `406`; a `406` would leave that client nothing to
/// follow.
///
/// # Examples
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// use axum::routing::get;
/// use tower::ServiceExt;
///
/// let app: axum::Router = axum::Router::new()
///     .route("/", get(|| async { hal_axum::HalJson(hal_core::Resource::object()) }))
///     .layer(axum::middleware::from_fn(hal_axum::conditional::not_acceptable));
/// let asking = |accept| axum::http::Request::get("/").header("accept", accept).body(axum::body::Body::empty()).unwrap();
/// assert_eq!(app.clone().oneshot(asking("application/*")).await.unwrap().status(), 200);
/// assert_eq!(app.clone().oneshot(asking("text/html")).await.unwrap().status(), 406);
/// // No forms here: the HAL document is what a HAL-FORMS client can use.
/// let forms_only = app.oneshot(asking("application/prs.hal-forms+json")).await.unwrap();
/// assert_eq!(forms_only.status(), 200);
/// assert_eq!(forms_only.headers()["content-type"], "application/hal+json");
/// # });
/// ```
pub async fn not_acceptable(request: Request, next: Next) -> Response {
    let accept = request.headers().get(header::ACCEPT).cloned();
    refuse_unacceptable(accept.as_ref(), next.run(request).await)
}

/// [`not_acceptable`]'s work on a response.
fn refuse_unacceptable(accept: Option<&HeaderValue>, response: Response) -> Response {
    let Some(accept) = accept.and_then(|v| v.to_str().ok()) else {
        return response;
    };
    if !response.status().is_success() {
        return response;
    }
    let Some(produced) = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(hal_core::media_type::media_type_essence)
    else {
        return response;
    };
    if accepts(accept, &produced) {
        return response;
    }
    // Not when `Accept` refuses HAL by name (`q=0`): only when it just does not name it.
    let hal_unnamed = crate::negotiate::quality(accept, hal_core::media_type::HAL_JSON).is_none();
    if produced == hal_core::media_type::HAL_JSON
        && hal_unnamed
        && accepts(accept, hal_core::forms::HAL_FORMS_JSON)
    {
        let mut response = response;
        response
            .headers_mut()
            .append(header::VARY, HeaderValue::from_static("accept"));
        return response;
    }
    ApiError::new(
        StatusCode::NOT_ACCEPTABLE,
        format!("this resource is available as {produced}, which the Accept header excludes"),
    )
    .with_member("available", produced)
    .into_response()
}

/// Whether an `Accept` field admits media type `produced` (`type/subtype`, lower case): the
/// most specific range covering it has a quality above zero.
fn accepts(accept: &str, produced: &str) -> bool {
    crate::negotiate::quality(accept, produced).is_some_and(|q| q > 0.0)
}

/// A write's `If-Match` precondition, if the client sent one.
///
/// # Examples
///
/// ```
/// use hal_axum::conditional::{ETag, IfMatch};
///
/// async fn replace(if_match: IfMatch) -> Result<&'static str, hal_axum::ApiError> {
///     let current = ETag::version(3);
///     if_match.check(&current, true)?;
///     Ok("replaced")
/// }
/// let app: axum::Router = axum::Router::new().route("/monitors/1", axum::routing::put(replace));
/// ```
#[derive(Debug, Clone, Default)]
pub struct IfMatch(Option<String>);

impl IfMatch {
    /// `Ok` when the precondition holds for the resource's `current` tag: the client named it
    /// (or `*`), or sent none and `required` is false.
    ///
    /// # Errors
    ///
    /// `412 Precondition Failed` when the client named another version; `428 Precondition
    /// Required` when `required` and it sent none. Both name the current tag in `etag`.
    pub fn check(&self, current: &ETag, required: bool) -> Result<(), ApiError> {
        self.check_any(std::slice::from_ref(current), required)
    }

    /// As [`check`](Self::check), for a resource whose current state has several tags, one per
    /// representation (HAL and HAL-FORMS): naming any of them is naming the current state.
    ///
    /// # Errors
    ///
    /// As [`check`](Self::check); the problem names the first tag.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_axum::conditional::{ETag, IfMatch};
    ///
    /// let current = [ETag::version("3"), ETag::version("3-forms")];
    /// assert!(IfMatch::default().check_any(&current, false).is_ok());
    /// assert_eq!(IfMatch::default().check_any(&current, true).unwrap_err().problem().status(), 428);
    /// ```
    pub fn check_any(&self, current: &[ETag], required: bool) -> Result<(), ApiError> {
        let named = current
            .first()
            .map_or_else(String::new, ToString::to_string);
        match &self.0 {
            Some(field) if current.iter().any(|tag| tag.listed_in(field, false)) => Ok(()),
            Some(_) => Err(precondition_failed(named)),
            None if required => Err(ApiError::new(
                StatusCode::PRECONDITION_REQUIRED,
                "send If-Match with the ETag you read, so that no one else's change is overwritten",
            )
            .with_member("etag", named)),
            None => Ok(()),
        }
    }

    /// Whether the client sent a precondition.
    #[must_use]
    pub fn is_present(&self) -> bool {
        self.0.is_some()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let mut values = parts.headers.get_all(header::IF_MATCH).iter();
        let joined = values.try_fold(None::<String>, |joined, value| {
            let value = value.to_str().map_err(|_| {
                ApiError::bad_parameter("if-match", "If-Match must be visible ASCII")
            })?;
            Ok::<_, ApiError>(Some(match joined {
                Some(before) => format!("{before}, {value}"),
                None => value.to_owned(),
            }))
        })?;
        Ok(IfMatch(joined))
    }
}

/// A hash as a tag's 16 lowercase hex digits, without the formatting machinery (it ran on
/// every request that states a validator).
fn hex(hash: u64) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    (0..16)
        .rev()
        .map(|nibble| char::from(DIGITS[((hash >> (nibble * 4)) & 0xf) as usize]))
        .collect()
}

/// `text` as a header value, its buffer kept rather than copied; `None` when it is not one.
fn shared_header_value(text: String) -> Option<HeaderValue> {
    HeaderValue::from_maybe_shared(axum::body::Bytes::from(text)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_written_as_sixteen_hex_digits() {
        for hash in [0, 1, 0xabc, 0x0123_4567_89ab_cdef, u64::MAX, 1 << 63] {
            assert_eq!(hex(hash), format!("{hash:016x}"));
        }
    }

    #[test]
    fn header_values_are_the_displayed_tags_and_directives() {
        for tag in [ETag::version(7), ETag::version(7).weak(), ETag::of(&1_u8)] {
            assert_eq!(tag.header_value(), tag.to_string().as_str());
        }
        let control = CacheControl::private()
            .max_age(Duration::from_secs(60))
            .stale_while_revalidate(Duration::from_secs(600));
        assert_eq!(
            control.header_value(),
            "private, max-age=60, stale-while-revalidate=600"
        );
        assert_eq!(CacheControl::public().header_value(), "public, no-cache");
    }

    #[test]
    fn lists_match_by_strong_or_weak_comparison() {
        let tag = ETag::version(4);
        assert!(tag.listed_in("\"v4\"", false));
        assert!(tag.listed_in("\"v1\", \"v4\"", false));
        assert!(tag.listed_in("*", false));
        assert!(
            !tag.listed_in("W/\"v4\"", false),
            "If-Match compares strongly"
        );
        assert!(
            tag.listed_in("W/\"v4\"", true),
            "If-None-Match compares weakly"
        );
        assert!(!tag.listed_in("\"v40\"", true));
        assert!(!tag.listed_in("v4", true), "a tag is quoted");
    }

    #[test]
    fn accept_ranges_by_specificity_and_q_zero() {
        let hal = "application/hal+json";
        assert!(accepts("application/hal+json", hal));
        assert!(accepts("application/*", hal));
        assert!(accepts("*/*", hal));
        assert!(accepts("text/html, application/hal+json;q=0.5", hal));
        assert!(!accepts("text/html", hal));
        assert!(
            !accepts("application/hal+json;q=0, */*", hal),
            "the specific q=0 wins"
        );
        assert!(accepts("application/*;q=0, application/hal+json", hal));
        assert!(!accepts("", hal));
        assert!(accepts("application/json", hal), "HAL is JSON");
        assert!(!accepts("application/json", "text/html"));
    }

    #[test]
    fn preconditions_answer_412_and_428() {
        let current = ETag::version(2);
        assert!(IfMatch(Some("\"v2\"".into())).check(&current, true).is_ok());
        assert!(IfMatch(None).check(&current, false).is_ok());
        let stale = IfMatch(Some("\"v1\"".into()))
            .check(&current, false)
            .unwrap_err();
        assert_eq!(stale.problem().status(), 412);
        assert_eq!(
            stale.problem().member("etag"),
            Some(&serde_json::json!("\"v2\""))
        );
        assert_eq!(
            IfMatch(None)
                .check(&current, true)
                .unwrap_err()
                .problem()
                .status(),
            428
        );
    }

    fn conditional(method: Method, fields: &[(&'static str, &str)]) -> Conditional {
        let mut headers = HeaderMap::new();
        for (name, value) in fields {
            headers.append(*name, HeaderValue::from_str(value).unwrap());
        }
        Conditional::from_headers(&method, &headers)
    }

    const MAY_1: &str = "Fri, 01 May 2026 12:00:00 GMT";
    const MAY_2: &str = "Sat, 02 May 2026 12:00:00 GMT";

    fn at(date: &str) -> SystemTime {
        httpdate::parse_http_date(date).unwrap()
    }

    #[test]
    fn preconditions_are_evaluated_in_the_order_of_rfc_9110() {
        use Evaluation::*;
        let current = Validator::new(ETag::version(2)).last_modified(at(MAY_1));
        type Case<'a> = (Method, &'a [(&'a str, &'a str)], Evaluation);
        let cases: &[Case<'_>] = &[
            (Method::GET, &[], Proceed),
            (Method::GET, &[("if-none-match", "\"v2\"")], NotModified),
            (Method::HEAD, &[("if-none-match", "W/\"v2\"")], NotModified),
            (
                Method::GET,
                &[("if-none-match", "\"v1\", \"v2\"")],
                NotModified,
            ),
            (
                Method::GET,
                &[("if-none-match", "\"v1\""), ("if-none-match", "\"v2\"")],
                NotModified,
            ),
            (Method::GET, &[("if-none-match", "*")], NotModified),
            (Method::GET, &[("if-none-match", "\"v1\"")], Proceed),
            (Method::PUT, &[("if-none-match", "*")], PreconditionFailed),
            (Method::PUT, &[("if-none-match", "\"v1\"")], Proceed),
            (Method::GET, &[("if-modified-since", MAY_1)], NotModified),
            (Method::GET, &[("if-modified-since", MAY_2)], NotModified),
            (
                Method::GET,
                &[("if-modified-since", "Thu, 30 Apr 2026 12:00:00 GMT")],
                Proceed,
            ),
            (Method::GET, &[("if-modified-since", "yesterday")], Proceed),
            (Method::POST, &[("if-modified-since", MAY_2)], Proceed),
            // If-None-Match wins over If-Modified-Since (§13.1.3).
            (
                Method::GET,
                &[("if-none-match", "\"v1\""), ("if-modified-since", MAY_2)],
                Proceed,
            ),
            (Method::GET, &[("if-match", "\"v2\"")], Proceed),
            (Method::GET, &[("if-match", "\"v1\"")], PreconditionFailed),
            (Method::PUT, &[("if-match", "W/\"v2\"")], PreconditionFailed),
            (Method::PUT, &[("if-match", "*")], Proceed),
            (
                Method::PUT,
                &[("if-unmodified-since", "Thu, 30 Apr 2026 12:00:00 GMT")],
                PreconditionFailed,
            ),
            (Method::PUT, &[("if-unmodified-since", MAY_1)], Proceed),
            // If-Match wins over If-Unmodified-Since (§13.1.4).
            (
                Method::PUT,
                &[
                    ("if-match", "\"v2\""),
                    ("if-unmodified-since", "Thu, 30 Apr 2026 12:00:00 GMT"),
                ],
                Proceed,
            ),
            (
                Method::GET,
                &[("if-match", "\"v2\""), ("if-none-match", "\"v2\"")],
                NotModified,
            ),
        ];
        for (method, fields, expected) in cases {
            let evaluation = conditional(method.clone(), fields).evaluate(&current);
            assert_eq!(evaluation, *expected, "{method} {fields:?}");
        }
        let undated = Validator::new(ETag::version(2));
        assert_eq!(
            conditional(Method::GET, &[("if-modified-since", MAY_2)]).evaluate(&undated),
            Proceed,
            "a date precondition needs a date"
        );
        let weak = Validator::new(ETag::version(2).weak());
        assert_eq!(
            conditional(Method::PUT, &[("if-match", "W/\"v2\"")]).evaluate(&weak),
            PreconditionFailed,
            "If-Match never matches a weak tag"
        );
        assert_eq!(
            conditional(Method::GET, &[("if-none-match", "\"v2\"")]).evaluate(&weak),
            NotModified
        );
    }

    #[test]
    fn respond_builds_nothing_for_a_304_or_a_412_and_tags_only_successes() {
        let validator = Validator::new(ETag::version(5))
            .last_modified(at(MAY_1))
            .vary(header::ACCEPT)
            .vary(HeaderName::from_static("x-fleet-id"));
        let built = std::cell::Cell::new(0);
        let build = || {
            built.set(built.get() + 1);
            "body"
        };

        let fresh = conditional(Method::GET, &[("if-none-match", "\"v5\"")])
            .respond(validator.clone(), build);
        assert_eq!(fresh.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(fresh.headers()["etag"], "\"v5\"");
        assert_eq!(fresh.headers()["last-modified"], MAY_1);
        assert_eq!(fresh.headers()["vary"], "accept, x-fleet-id");
        let failed =
            conditional(Method::GET, &[("if-match", "\"v4\"")]).respond(validator.clone(), build);
        assert_eq!(failed.status(), StatusCode::PRECONDITION_FAILED);
        assert_eq!(built.get(), 0, "neither answer built the representation");

        let stale = conditional(Method::GET, &[("if-none-match", "\"v4\"")])
            .respond(validator.clone(), build);
        assert_eq!(stale.status(), StatusCode::OK);
        assert_eq!(stale.headers()["etag"], "\"v5\"");
        assert_eq!(built.get(), 1);

        let error =
            conditional(Method::GET, &[]).respond(validator, || ApiError::not_found("gone"));
        assert_eq!(error.status(), StatusCode::NOT_FOUND);
        assert!(
            !error.headers().contains_key("etag"),
            "an error carries no validator"
        );
    }

    #[test]
    fn the_cache_lifetime_is_sent_on_the_200_and_the_304_alike() {
        let validator = Validator::new(ETag::version(5)).cache_control(
            CacheControl::private()
                .max_age(Duration::from_secs(60))
                .stale_while_revalidate(Duration::from_secs(600)),
        );
        let expected = "private, max-age=60, stale-while-revalidate=600";
        let full = conditional(Method::GET, &[]).respond(validator.clone(), || "body");
        assert_eq!(full.headers()["cache-control"], expected);
        let fresh =
            conditional(Method::GET, &[("if-none-match", "\"v5\"")]).respond(validator, || "body");
        assert_eq!(fresh.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(fresh.headers()["cache-control"], expected);
        let plain = conditional(Method::GET, &[]).respond(Validator::new(ETag::version(1)), || "b");
        assert!(!plain.headers().contains_key("cache-control"));
    }

    #[test]
    fn tags_parse_as_they_print() {
        for tag in [
            ETag::version(3),
            ETag::version(3).weak(),
            ETag::of_bytes(b"x"),
        ] {
            assert_eq!(ETag::parse(&tag.to_string()), Some(tag));
        }
        for bad in ["v1", "\"v1", "W/v1", "\"a\"b\"", "\"a b\""] {
            assert_eq!(ETag::parse(bad), None, "{bad}");
        }
        assert_ne!(ETag::of(&("a", 1)), ETag::of(&("a", 2)));
    }
}
