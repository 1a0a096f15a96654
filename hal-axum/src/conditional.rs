//! Conditional requests (RFC 9110 §13): entity tags on responses, `304 Not Modified` for a
//! client that already holds the representation, and `If-Match` preconditions that keep two
//! clients editing one resource from overwriting each other.
//!
//! - A handler that knows its resource's version returns `(ETag::version(v), HalJson(..))`;
//!   [`tag_body`], applied by [`protect`](crate::serve::protect) unless its configuration says
//!   otherwise, tags the other HAL responses with a strong [`ETag`] of their bytes (a 64-bit
//!   xxh3 hash). The response types themselves never hash: that is the service's choice.
//! - [`not_modified`], applied by [`protect`](crate::serve::protect), answers a `GET` or `HEAD`
//!   whose `If-None-Match` names the response's tag with `304` and no body.
//! - [`IfMatch`] reads a write's precondition; [`IfMatch::check`] answers `412` when it names
//!   another version, and `428` when the service requires one and the client sent none.

use std::fmt;

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, IntoResponseParts, Response, ResponseParts};

use crate::ApiError;

/// A strong entity tag.
///
/// # Examples
///
/// ```
/// use hal_axum::conditional::ETag;
///
/// assert_eq!(ETag::version(7).to_string(), "\"v7\"");
/// assert_eq!(ETag::of_bytes(b"{}"), ETag::of_bytes(b"{}"));
/// assert_ne!(ETag::of_bytes(b"{}"), ETag::of_bytes(b"[]"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ETag(String);

impl ETag {
    /// The tag of a representation's bytes.
    #[must_use]
    pub fn of_bytes(bytes: &[u8]) -> Self {
        Self(format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes)))
    }

    /// The tag of a resource's version: it changes exactly when the version does.
    #[must_use]
    pub fn version(version: impl fmt::Display) -> Self {
        Self(format!("v{version}"))
    }

    /// The tag as a header value (`"…"`).
    #[must_use]
    pub fn header_value(&self) -> HeaderValue {
        // Hex digits and a version's display: visible ASCII, unless a version displays oddly.
        HeaderValue::from_str(&self.to_string())
            .unwrap_or_else(|_| HeaderValue::from_static("\"\""))
    }

    /// Whether a `If-None-Match` or `If-Match` field names this tag: `*`, or a list of tags;
    /// `weak` compares `W/"x"` with `"x"` as equal (for `If-None-Match`), strong does not.
    fn listed_in(&self, field: &str, weak: bool) -> bool {
        field.split(',').map(str::trim).any(|tag| {
            if tag == "*" {
                return true;
            }
            let (is_weak, tag) = match tag.strip_prefix("W/") {
                Some(rest) => (true, rest),
                None => (false, tag),
            };
            (weak || !is_weak)
                && tag.strip_prefix('"').and_then(|t| t.strip_suffix('"')) == Some(&self.0)
        })
    }
}

impl fmt::Display for ETag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", self.0)
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
    let response = next.run(request).await;
    let hal = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| {
            let essence = hal_core::media_type::media_type_essence(t);
            essence == hal_core::media_type::HAL_JSON || essence == hal_core::forms::HAL_FORMS_JSON
        });
    if !response.status().is_success() || !hal || response.headers().contains_key(header::ETAG) {
        return response;
    }
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
    let conditional = matches!(*request.method(), Method::GET | Method::HEAD)
        .then(|| request.headers().get(header::IF_NONE_MATCH).cloned())
        .flatten();
    let response = next.run(request).await;
    let Some(if_none_match) = conditional.and_then(|v| v.to_str().ok().map(str::to_owned)) else {
        return response;
    };
    if !response.status().is_success() {
        return response;
    }
    let Some(tag) = response
        .headers()
        .get(header::ETAG)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix('"')?.strip_suffix('"'))
        .map(|v| ETag(v.to_owned()))
    else {
        return response;
    };
    if !tag.listed_in(&if_none_match, true) {
        return response;
    }
    // RFC 9110 §15.4.5: the fields a 200 would have carried that describe caching.
    let mut headers = HeaderMap::new();
    for name in [
        header::ETAG,
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

/// The common `Cache-Control` choices, as a response part: `(CacheControl::Revalidate, body)`.
///
/// # Examples
///
/// ```
/// use axum::response::IntoResponse;
/// use hal_axum::conditional::CacheControl;
///
/// let response = (CacheControl::PrivateRevalidate, "{}").into_response();
/// assert_eq!(response.headers()["cache-control"], "private, no-cache");
/// let response = (CacheControl::Public { max_age: 60 }, "{}").into_response();
/// assert_eq!(response.headers()["cache-control"], "public, max-age=60");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheControl {
    /// Never stored (`no-store`): answers that must not outlive the request.
    NoStore,
    /// Stored by the client only, and revalidated before each use (`private, no-cache`):
    /// per-caller data that changes, cheap to revalidate with `If-None-Match`.
    PrivateRevalidate,
    /// Stored by the client only, fresh for `max_age` seconds (`private, max-age=N`).
    Private {
        /// Seconds.
        max_age: u32,
    },
    /// Stored by any cache, fresh for `max_age` seconds (`public, max-age=N`): the same for
    /// every caller.
    Public {
        /// Seconds.
        max_age: u32,
    },
}

impl CacheControl {
    /// The header value.
    #[must_use]
    pub fn header_value(self) -> HeaderValue {
        match self {
            Self::NoStore => HeaderValue::from_static("no-store"),
            Self::PrivateRevalidate => HeaderValue::from_static("private, no-cache"),
            Self::Private { max_age } => {
                HeaderValue::from_str(&format!("private, max-age={max_age}"))
                    .unwrap_or_else(|_| HeaderValue::from_static("private"))
            }
            Self::Public { max_age } => {
                HeaderValue::from_str(&format!("public, max-age={max_age}"))
                    .unwrap_or_else(|_| HeaderValue::from_static("no-store"))
            }
        }
    }
}

impl IntoResponseParts for CacheControl {
    type Error = std::convert::Infallible;

    fn into_response_parts(self, mut parts: ResponseParts) -> Result<ResponseParts, Self::Error> {
        parts
            .headers_mut()
            .insert(header::CACHE_CONTROL, self.header_value());
        Ok(parts)
    }
}

/// Answers `406 Not Acceptable` when the request's `Accept` admits none of what the route
/// answered with: a successful response whose media type no range of `Accept` covers (`q=0`
/// excludes; `application/json` covers the `+json` types, HAL among them). Routes that negotiate pick an acceptable type themselves; this catches the ones
/// with one type only. Errors pass unchanged: a problem document is always sent.
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
/// assert_eq!(app.oneshot(asking("text/html")).await.unwrap().status(), 406);
/// # });
/// ```
pub async fn not_acceptable(request: Request, next: Next) -> Response {
    let accept = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let response = next.run(request).await;
    let Some(accept) = accept else {
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
    if accepts(&accept, &produced) {
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
        match &self.0 {
            Some(field) if current.listed_in(field, false) => Ok(()),
            Some(_) => Err(ApiError::new(
                StatusCode::PRECONDITION_FAILED,
                "the resource changed since you read it: read it again, then retry with its ETag",
            )
            .with_member("etag", current.to_string())),
            None if required => Err(ApiError::new(
                StatusCode::PRECONDITION_REQUIRED,
                "send If-Match with the ETag you read, so that no one else's change is overwritten",
            )
            .with_member("etag", current.to_string())),
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
