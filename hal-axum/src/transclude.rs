//! Transclusion (feature `transclude`): a client sends `Prefer: transclude="cc:fleet cc:status"`
//! (an RFC 7240 preference) and gets, in one response, the resources those relations link to
//! embedded under `_embedded`, where it would otherwise make one request per relation.
//!
//! It works for every handler of a router, with no change to them: [`Transclusion::apply`]
//! wraps the router in a layer that, for a `GET` answered with a HAL document, fetches each
//! named relation's links from the same router (with the request's headers and what its
//! connection gave it, such as a client certificate, so the same authorisation) and embeds
//! what answers `200` with a HAL document. Bounded: at most
//! [`MAX_RELATIONS`] relations a request and [`MAX_RESOURCES`] resources a response, one level
//! deep (the resources fetched are not transcluded in turn), links on the service's own paths
//! only (never a request elsewhere), templated links never.
//!
//! A transcluded response says what was honoured (`Preference-Applied: transclude="…"`), varies
//! on `Prefer`, and carries a tag of its own bytes, since the handler's tag does not cover what
//! was embedded; `If-None-Match` is answered against that tag. A request without the preference
//! passes through untouched.
//!
//! # Examples
//!
//! ```
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! use axum::routing::get;
//! use hal_axum::HalJson;
//! use hal_axum::transclude::Transclusion;
//! use hal_core::{Link, Resource};
//! use tower::ServiceExt;
//!
//! let routes = axum::Router::new()
//!     .route("/vehicles/1", get(|| async {
//!         HalJson(Resource::object().with_member("vin", "VF1").with_link("cc:fleet", Link::new("/fleets/f1")))
//!     }))
//!     .route("/fleets/f1", get(|| async { HalJson(Resource::object().with_member("name", "North")) }));
//! let app = Transclusion::apply(routes);
//!
//! let request = axum::http::Request::get("/vehicles/1")
//!     .header("prefer", r#"transclude="cc:fleet""#)
//!     .body(axum::body::Body::empty())
//!     .unwrap();
//! let response = app.oneshot(request).await.unwrap();
//! assert_eq!(response.headers()["preference-applied"], r#"transclude="cc:fleet""#);
//! let body = axum::body::to_bytes(response.into_body(), 1 << 16).await.unwrap();
//! let vehicle: serde_json::Value = serde_json::from_slice(&body).unwrap();
//! assert_eq!(vehicle["_embedded"]["cc:fleet"]["name"], "North");
//! # });
//! ```

use std::convert::Infallible;
use std::task::{Context, Poll};

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{Extensions, HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::future::{BoxFuture, Either};
use hal_core::{Link, Resource};
use tower::ServiceExt as _;

use crate::conditional::ETag;

/// The most relations one request may ask to transclude; the rest are ignored.
pub const MAX_RELATIONS: usize = 8;
/// The most resources one response embeds by transclusion.
pub const MAX_RESOURCES: usize = 32;
/// The largest document read to transclude into, or to embed.
const MAX_DOCUMENT_BYTES: usize = 16 * 1024 * 1024;
/// The longest relation name taken from the preference.
const MAX_RELATION_BYTES: usize = 256;

/// `Preference-Applied` (RFC 7240 §3).
pub const PREFERENCE_APPLIED: HeaderName = HeaderName::from_static("preference-applied");
/// `Prefer` (RFC 7240 §2).
pub const PREFER: HeaderName = HeaderName::from_static("prefer");

/// The router the transcluded resources are fetched from.
///
/// # Examples
///
/// See the [module documentation](self).
#[derive(Debug, Clone)]
pub struct Transclusion {
    router: Router,
}

impl Transclusion {
    /// `router` answering `Prefer: transclude`, its resources fetched from `router` itself.
    ///
    /// # Examples
    ///
    /// See the [module documentation](self).
    pub fn apply(router: Router) -> Router {
        let transclusion = Self {
            router: router.clone(),
        };
        router.layer(TranscludeLayer(transclusion))
    }

    /// `GET path` on the router with `headers`: the HAL document it answers, if it answers
    /// `200` with one.
    async fn fetch(
        &self,
        path: &str,
        headers: &HeaderMap,
        extensions: &Extensions,
    ) -> Option<Resource> {
        let mut request = Request::get(path).body(Body::empty()).ok()?;
        *request.headers_mut() = headers.clone();
        *request.extensions_mut() = extensions.clone();
        let response = self.router.clone().oneshot(request).await.ok()?;
        if response.status() != StatusCode::OK || !is_hal(response.headers()) {
            return None;
        }
        let bytes = axum::body::to_bytes(response.into_body(), MAX_DOCUMENT_BYTES)
            .await
            .ok()?;
        hal_core::from_slice(&bytes).ok()
    }
}

/// The relations of the request's `transclude` preference, at most [`MAX_RELATIONS`]; `None`
/// when it names none.
///
/// # Examples
///
/// ```
/// use axum::http::{HeaderMap, HeaderValue};
///
/// let mut headers = HeaderMap::new();
/// headers.insert("prefer", HeaderValue::from_static(r#"return=minimal, transclude="cc:fleet cc:status""#));
/// assert_eq!(hal_axum::transclude::requested(&headers).unwrap(), ["cc:fleet", "cc:status"]);
/// ```
#[must_use]
pub fn requested(headers: &HeaderMap) -> Option<Vec<String>> {
    let mut relations: Vec<String> = Vec::new();
    for value in headers.get_all(PREFER) {
        let Ok(value) = value.to_str() else { continue };
        for preference in preferences(value) {
            let Some((name, argument)) = preference.split_once('=') else {
                continue;
            };
            if !name.trim().eq_ignore_ascii_case("transclude") {
                continue;
            }
            // The value before any parameter (`;`), unquoted.
            let argument = argument.split(';').next().unwrap_or("").trim();
            let argument = argument
                .strip_prefix('"')
                .and_then(|a| a.strip_suffix('"'))
                .unwrap_or(argument);
            // Relations apart by spaces (as `rel` values are) or commas.
            let named = argument.split(|c: char| c.is_ascii_whitespace() || c == ',');
            for relation in named.filter(|r| !r.is_empty()) {
                let known = relations.iter().any(|r| r == relation);
                if !known && relation.len() <= MAX_RELATION_BYTES {
                    relations.push(relation.to_owned());
                }
            }
        }
    }
    relations.truncate(MAX_RELATIONS);
    (!relations.is_empty()).then_some(relations)
}

/// The comma-separated preferences of one `Prefer` value, commas inside quotes kept.
fn preferences(value: &str) -> impl Iterator<Item = &str> {
    let mut quoted = false;
    value
        .split(move |c: char| {
            if c == '"' {
                quoted = !quoted;
            }
            c == ',' && !quoted
        })
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

/// What [`serve`](crate::serve::serve) learnt of the request's connection (the peer, the
/// proxies it trusts, TLS and the client certificate), for each fetch: they are authorised as
/// the request was. Nothing else: what routing added belongs to the request's own route.
// Without `serve` (nor `forwarded`, `tls`) nothing learns of connections: nothing to copy.
#[cfg_attr(
    not(any(feature = "serve", feature = "forwarded", feature = "tls")),
    allow(unused_mut, unused_variables)
)]
fn connection_extensions(from: &Extensions) -> Extensions {
    let mut extensions = Extensions::new();
    #[cfg(feature = "serve")]
    if let Some(peer) = from.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>() {
        extensions.insert(*peer);
    }
    #[cfg(feature = "forwarded")]
    {
        if let Some(proxies) = from.get::<crate::forwarded::TrustedProxies>() {
            extensions.insert(proxies.clone());
        }
        if let Some(tls) = from.get::<crate::forwarded::TlsConnection>() {
            extensions.insert(*tls);
        }
    }
    #[cfg(feature = "tls")]
    if let Some(certificate) = from.get::<crate::tls::ClientCertificate>() {
        extensions.insert(certificate.clone());
    }
    extensions
}

fn is_hal(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(hal_core::media_type::media_type_essence)
        .is_some_and(|t| {
            t.eq_ignore_ascii_case(hal_core::media_type::HAL_JSON)
                || t.eq_ignore_ascii_case(hal_core::forms::HAL_FORMS_JSON)
        })
}

/// The path on this service an href names, resolved against the request's path; `None` for
/// another origin (an absolute URL, a network-path reference) or a fragment only.
fn local_path(request_path: &str, href: &str) -> Option<String> {
    let base = url::Url::parse("http://transclusion.invalid/")
        .ok()?
        .join(request_path)
        .ok()?;
    let target = base.join(href).ok()?;
    if target.origin() != base.origin() {
        return None;
    }
    Some(match target.query() {
        Some(query) => format!("{}?{query}", target.path()),
        None => target.path().to_owned(),
    })
}

/// The layer [`Transclusion::apply`] puts on each route.
#[derive(Debug, Clone)]
struct TranscludeLayer(Transclusion);

impl<S> tower::Layer<S> for TranscludeLayer {
    type Service = Transcluding<S>;

    fn layer(&self, inner: S) -> Transcluding<S> {
        Transcluding {
            inner,
            transclusion: self.0.clone(),
        }
    }
}

/// A route that answers `Prefer: transclude`. Every request of the route passes it, so a
/// request without the preference goes straight to the route: no allocation, no boxing.
#[derive(Debug, Clone)]
struct Transcluding<S> {
    inner: S,
    transclusion: Transclusion,
}

impl<S> tower::Service<Request> for Transcluding<S>
where
    S: tower::Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Either<S::Future, BoxFuture<'static, Result<Response, Infallible>>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let relations = match (request.method(), requested(request.headers())) {
            (&Method::GET, Some(relations)) => relations,
            _ => return Either::Left(self.inner.call(request)),
        };
        // The clone that was made ready answers this request; the next one gets a fresh one.
        let fresh = self.inner.clone();
        let inner = std::mem::replace(&mut self.inner, fresh);
        let transclusion = self.transclusion.clone();
        Either::Right(Box::pin(async move {
            Ok(transclude(transclusion, relations, request, inner).await)
        }))
    }
}

/// Answers `request` with `relations` transcluded into what `route` answers.
async fn transclude<S>(
    transclusion: Transclusion,
    relations: Vec<String>,
    mut request: Request,
    mut route: S,
) -> Response
where
    S: tower::Service<Request, Response = Response, Error = Infallible>,
{
    // The handler builds the whole document: its own tag would not cover what is embedded.
    let if_none_match = request.headers_mut().remove(header::IF_NONE_MATCH);
    request.headers_mut().remove(header::IF_MODIFIED_SINCE);
    let mut forwarded = request.headers().clone();
    forwarded.remove(PREFER);
    forwarded.remove(header::ACCEPT);
    forwarded.insert(
        header::ACCEPT,
        HeaderValue::from_static(hal_core::media_type::HAL_JSON),
    );
    let extensions = connection_extensions(request.extensions());
    let path = request.uri().path().to_owned();
    let response = match route.call(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    if response.status() != StatusCode::OK || !is_hal(response.headers()) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_DOCUMENT_BYTES).await else {
        return crate::ApiError::internal("the document to transclude into is too large")
            .into_response();
    };
    let Ok(mut resource) = hal_core::from_slice::<Resource>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let mut applied: Vec<&str> = Vec::new();
    let mut budget = MAX_RESOURCES;
    for relation in &relations {
        if resource.embedded().contains(relation) {
            applied.push(relation);
            continue;
        }
        let links: Vec<Link> = resource.links().get_all(relation).to_vec();
        if links.is_empty() || links.iter().any(Link::is_templated) || links.len() > budget {
            continue;
        }
        let mut fetched = Vec::with_capacity(links.len());
        for link in &links {
            let Some(target) = local_path(&path, link.href()) else {
                break;
            };
            match transclusion.fetch(&target, &forwarded, &extensions).await {
                Some(document) => fetched.push(document),
                None => break,
            }
        }
        // All of a relation or none: a partial array would read as the whole.
        if fetched.len() != links.len() {
            continue;
        }
        budget -= fetched.len();
        let many = resource.links().cardinality(relation) == Some(hal_core::rel::Cardinality::Many);
        let embedded = resource.embedded_mut();
        match (many, fetched.len()) {
            (false, 1) => embedded.insert(relation.as_str(), fetched.remove(0)),
            _ => embedded.insert_many(relation.as_str(), fetched),
        }
        applied.push(relation);
    }
    if applied.is_empty() {
        return Response::from_parts(parts, Body::from(bytes));
    }
    let Ok(body) = serde_json::to_vec(&resource) else {
        return crate::ApiError::internal("the transcluded document could not be written")
            .into_response();
    };
    let headers = &mut parts.headers;
    headers.remove(header::CONTENT_LENGTH);
    headers.remove(header::LAST_MODIFIED);
    headers.insert(header::ETAG, ETag::of_bytes(&body).header_value());
    headers.append(header::VARY, HeaderValue::from_static("prefer"));
    let applied = format!("transclude=\"{}\"", applied.join(" "));
    if let Ok(applied) = HeaderValue::from_str(&applied) {
        headers.insert(PREFERENCE_APPLIED, applied);
    }
    let response = Response::from_parts(parts, Body::from(body));
    match if_none_match {
        Some(if_none_match) => {
            crate::conditional::answer_not_modified(Some(&if_none_match), response)
        }
        None => response,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferences_are_read_as_rfc_7240_writes_them() {
        let prefer = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(PREFER, HeaderValue::from_static(value));
            requested(&headers)
        };
        assert_eq!(prefer("transclude=author").unwrap(), ["author"]);
        assert_eq!(
            prefer(r#"respond-async, Transclude="a b, c"; x=1, wait=5, transclude=d"#).unwrap(),
            ["a", "b", "c", "d"]
        );
        assert!(prefer("return=minimal").is_none());
        assert!(prefer(r#"transclude="""#).is_none());
        let many = (0..20)
            .map(|i| format!("r{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let mut headers = HeaderMap::new();
        headers.insert(
            PREFER,
            HeaderValue::from_str(&format!("transclude=\"{many}\"")).unwrap(),
        );
        assert_eq!(requested(&headers).unwrap().len(), MAX_RELATIONS);
    }

    #[test]
    fn only_this_service_s_paths_are_fetched() {
        assert_eq!(
            local_path("/vehicles/1", "/fleets/f1").as_deref(),
            Some("/fleets/f1")
        );
        assert_eq!(
            local_path("/vehicles/1", "status").as_deref(),
            Some("/vehicles/status")
        );
        assert_eq!(local_path("/a/b", "/c?d=1").as_deref(), Some("/c?d=1"));
        assert!(local_path("/a", "https://elsewhere.example/x").is_none());
        assert!(local_path("/a", "//elsewhere.example/x").is_none());
        assert!(local_path("/a", "http://transclusion.invalid:8080/x").is_none());
    }
}
