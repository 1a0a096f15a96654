//! axum glue for HAL services.
//!
//! - [`HalJson`]: a response written as `application/hal+json`; [`Created`] for `201` with
//!   `Location`. [`negotiate`]: HAL-FORMS for clients that ask for it
//!   (`application/prs.hal-forms+json`), with the root resource's `_templates`.
//! - [`ApiError`]: an RFC 9457 problem document (`application/problem+json`) as a response, with
//!   constructors for the statuses a HAL API answers with; [`not_found`] and
//!   [`method_not_allowed`] replace axum's plain-text fallbacks.
//! - [`PageQuery`]: the paging request of the query string, with the [`Paging`] rules taken from
//!   the state; a bad parameter is a `400` problem that names it.
//! - [`JsonBody`]: a JSON request body; not JSON is `415`, a wrong field is `400` naming it.
//!   [`MergePatch`]: an RFC 7396 patch, applied and checked like a full body. [`PathParams`]:
//!   path parameters whose rejections are problems.
//! - [`serve`]: the listener a production service runs (connection cap, timeouts at every
//!   stage, accept back-off, HTTP/1.1, graceful drain) and [`serve::protect`], the request
//!   stack it applies: request ids, panics and limits as problem documents, request timeout,
//!   compression, `304`, `406`, `OPTIONS`, metrics.
//! - [`conditional`]: ETags, `If-None-Match`, `If-Match` (`412`, `428`), `Cache-Control`.
//! - [`forwarded`]: the client's origin behind trusted proxies. [`health`]: `/health` and
//!   `/ready`. [`metrics`]: Prometheus metrics at `/metrics`.
//! - [`explorer`] (feature `explorer`): a HAL explorer page for people, served from the
//!   binary, and the redirect that sends browsers asking the API root for HTML to it.
//! - `tls` (feature `tls`): serving over rustls with required client certificates, and the
//!   caller's certificate as an extractor.
//!
//! # Example
//!
//! ```
//! use axum::{Router, routing::get};
//! use hal_axum::{HalJson, PageQuery};
//! use hal_core::{Link, Resource};
//! use hal_paging::{Paging, Total, Totals};
//!
//! async fn trips(PageQuery(request, _): PageQuery) -> HalJson<Resource<Totals>> {
//!     let links = Paging::offset_limit().links(&request, "/trips", Total::Exact(42));
//!     HalJson(Resource::new(Totals::new(42)).with_all_links(links))
//! }
//!
//! let app: Router = Router::new()
//!     .route("/trips", get(trips))
//!     .with_state(Paging::offset_limit())
//!     .fallback(hal_axum::not_found)
//!     .method_not_allowed_fallback(hal_axum::method_not_allowed);
//! ```

#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod conditional;
#[cfg(feature = "explorer")]
pub mod explorer;
pub mod forwarded;
pub mod health;
pub mod metrics;
pub mod negotiate;
mod path;
pub mod serve;
#[cfg(feature = "tls")]
pub mod tls;

pub use path::PathParams;

use axum::extract::{FromRef, FromRequest, FromRequestParts, OriginalUri, Request};
use axum::http::{HeaderValue, Method, StatusCode, header, request::Parts};
use axum::response::{IntoResponse, Response};
use hal_core::media_type::HAL_JSON;
use hal_core::problem::PROBLEM_JSON;
use hal_core::{HalDocument, Problem};
use hal_paging::{PageRequest, Paging};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::marker::PhantomData;

/// A HAL document written as `application/hal+json` with status `200`.
///
/// Takes what is a HAL document ([`HalDocument`]): a [`hal_core::Resource`], a derived
/// resource (`HalJson(trip)` or `HalJson(Hal(trip))`), a [`Problem`]. A plain `Serialize`
/// struct does not compile: its bytes would have no `_links`. A value that fails to serialize
/// becomes a `500` problem.
///
/// # Examples
///
/// ```
/// use axum::response::IntoResponse;
/// use hal_core::HalResource;
///
/// #[derive(serde::Serialize, HalResource)]
/// #[hal(self_link = "/books/{isbn}")]
/// struct Book { isbn: String }
///
/// let response = hal_axum::HalJson(Book { isbn: "1".into() }).into_response();
/// assert_eq!(response.headers()["content-type"], "application/hal+json");
///
/// let response = hal_axum::HalJson(hal_core::Resource::object()).into_response();
/// assert_eq!(response.status(), 200);
/// ```
#[derive(Debug, Clone)]
pub struct HalJson<T: HalDocument>(pub T);

impl<T: HalDocument> IntoResponse for HalJson<T> {
    fn into_response(self) -> Response {
        json_response(StatusCode::OK, HAL_JSON, &Document(&self.0), true)
    }
}

/// A [`HalDocument`] as `Serialize`, for `serde_json`.
struct Document<'a, T>(&'a T);

impl<T: HalDocument> Serialize for Document<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_document(serializer)
    }
}

/// `value` as JSON; with `tag`, a strong `ETag` of the bytes (see [`conditional`]).
fn json_response<T: Serialize>(
    status: StatusCode,
    content_type: &'static str,
    value: &T,
    tag: bool,
) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => {
            let mut response = (
                status,
                [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
            )
                .into_response();
            if tag {
                response.headers_mut().insert(
                    header::ETAG,
                    conditional::ETag::of_bytes(&body).header_value(),
                );
            }
            *response.body_mut() = axum::body::Body::from(body);
            response
        }
        Err(error) => {
            ApiError::internal(format!("cannot write the response: {error}")).into_response()
        }
    }
}

/// `201 Created` with a `Location` header and the created resource as `application/hal+json`
/// (a [`HalDocument`], as for [`HalJson`]).
///
/// # Examples
///
/// ```
/// use axum::response::IntoResponse;
///
/// let response = hal_axum::Created::new("/monitors/7", hal_core::Resource::object()).into_response();
/// assert_eq!(response.status(), 201);
/// assert_eq!(response.headers()["location"], "/monitors/7");
/// ```
#[derive(Debug, Clone)]
pub struct Created<T: HalDocument> {
    location: String,
    body: T,
}

impl<T: HalDocument> Created<T> {
    /// The resource at `location`.
    ///
    /// # Examples
    ///
    /// ```
    /// let created = hal_axum::Created::new("/a", hal_core::Resource::object());
    /// # let _ = created;
    /// ```
    pub fn new(location: impl Into<String>, body: T) -> Self {
        Self {
            location: location.into(),
            body,
        }
    }
}

impl<T: HalDocument> IntoResponse for Created<T> {
    fn into_response(self) -> Response {
        let mut response =
            json_response(StatusCode::CREATED, HAL_JSON, &Document(&self.body), true);
        match HeaderValue::try_from(self.location) {
            Ok(location) => {
                response.headers_mut().insert(header::LOCATION, location);
                response
            }
            Err(_) => ApiError::internal("the new resource's location is not a valid header value")
                .into_response(),
        }
    }
}

/// An error response: an RFC 9457 problem document, `application/problem+json`.
///
/// # Examples
///
/// ```
/// use axum::response::IntoResponse;
///
/// let response = hal_axum::ApiError::not_found("no vehicle VF3X").into_response();
/// assert_eq!(response.status(), 404);
/// assert_eq!(response.headers()["content-type"], "application/problem+json");
/// ```
#[derive(Debug, Clone)]
pub struct ApiError(Box<Problem>);

impl ApiError {
    /// A problem with any status, titled by the status's reason phrase.
    ///
    /// # Examples
    ///
    /// ```
    /// use axum::http::StatusCode;
    ///
    /// let error = hal_axum::ApiError::new(StatusCode::CONFLICT, "the fleet has 1 000 monitors");
    /// assert_eq!(error.problem().status(), 409);
    /// assert_eq!(error.problem().title(), "Conflict");
    /// ```
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        let title = status.canonical_reason().unwrap_or("Error");
        Self::from(Problem::new(status.as_u16(), title).with_detail(detail))
    }

    /// The problem document.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_axum::ApiError::not_found("x").problem().detail(), Some("x"));
    /// ```
    #[must_use]
    pub fn problem(&self) -> &Problem {
        &self.0
    }

    /// Adds an extension member to the problem (`pointer`, `parameter`, …).
    ///
    /// # Examples
    ///
    /// ```
    /// let error = hal_axum::ApiError::bad_request("x").with_member("pointer", "/name");
    /// assert_eq!(error.problem().member("pointer"), Some(&serde_json::json!("/name")));
    /// ```
    #[must_use]
    pub fn with_member(self, name: &str, value: impl Into<serde_json::Value>) -> Self {
        Self::from((*self.0).with_member(name, value))
    }

    /// `400 Bad Request`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_axum::ApiError::bad_request("x").problem().status(), 400);
    /// ```
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, detail)
    }

    /// `400 Bad Request` about one parameter, named in the `parameter` member.
    ///
    /// # Examples
    ///
    /// ```
    /// let error = hal_axum::ApiError::bad_parameter("vin", "`vin` must have 17 characters");
    /// assert_eq!(error.problem().member("parameter"), Some(&serde_json::json!("vin")));
    /// ```
    pub fn bad_parameter(parameter: &str, detail: impl Into<String>) -> Self {
        Self::bad_request(detail).with_member("parameter", parameter)
    }

    /// `403 Forbidden`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_axum::ApiError::forbidden("x").problem().status(), 403);
    /// ```
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, detail)
    }

    /// `404 Not Found`. Served through [`serve`](crate::serve::serve) (or behind
    /// [`protect`](crate::serve::protect)), the problem gets the request's path as its
    /// `instance`, as the fallback's does.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_axum::ApiError::not_found("x").problem().status(), 404);
    /// ```
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, detail)
    }

    /// `413 Content Too Large`: a request body over `limit` bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// let error = hal_axum::ApiError::too_large(1024);
    /// assert_eq!(error.problem().status(), 413);
    /// assert_eq!(error.problem().member("maxBytes"), Some(&serde_json::json!(1024)));
    /// ```
    pub fn too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request body is larger than the {limit} bytes this service reads"),
        )
        .with_member("maxBytes", limit)
    }

    /// `415 Unsupported Media Type`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_axum::ApiError::unsupported_media_type("x").problem().status(), 415);
    /// ```
    pub fn unsupported_media_type(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, detail)
    }

    /// `500 Internal Server Error`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_axum::ApiError::internal("x").problem().status(), 500);
    /// ```
    pub fn internal(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, detail)
    }
}

impl From<Problem> for ApiError {
    fn from(problem: Problem) -> Self {
        // Boxed: errors travel in `Result`s, which should stay small.
        Self(Box::new(problem))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        json_response(status, PROBLEM_JSON, &self.0, false)
    }
}

/// Fallback for paths no route matches: a `404` problem naming the path.
///
/// # Examples
///
/// ```
/// let app: axum::Router = axum::Router::new().fallback(hal_axum::not_found);
/// ```
pub async fn not_found(OriginalUri(uri): OriginalUri) -> ApiError {
    ApiError::from(
        Problem::new(404, "Not Found")
            .with_detail(format!("no resource at {}", uri.path()))
            .with_instance(uri.path()),
    )
}

/// Fallback for a method a route does not support: a `405` problem (axum adds `Allow`).
///
/// # Examples
///
/// ```
/// use axum::routing::get;
///
/// let app: axum::Router = axum::Router::new()
///     .route("/", get(|| async {}))
///     .method_not_allowed_fallback(hal_axum::method_not_allowed);
/// ```
pub async fn method_not_allowed(method: Method, OriginalUri(uri): OriginalUri) -> ApiError {
    ApiError::from(
        Problem::new(405, "Method Not Allowed")
            .with_detail(format!("{method} is not supported on {}", uri.path()))
            .with_instance(uri.path()),
    )
}

/// The page a request asks for, read from its query string with the [`Paging`] rules of the
/// state (`Paging: FromRef<S>`). A bad parameter is a `400` problem with a `parameter` member.
///
/// Besides the paging parameters, the query may hold only those that `P` names (none by
/// default), each once: an unknown or repeated parameter is a `400` naming it. So the paging
/// links, which repeat the request's parameters, carry only what the collection understands.
///
/// # Examples
///
/// ```
/// use hal_axum::{PageQuery, QueryParameters};
///
/// async fn trips(PageQuery(request, _): PageQuery) -> String {
///     format!("offset {} limit {}", request.offset(), request.limit())
/// }
///
/// /// `GET /vehicles` filters by brand.
/// struct VehicleFilters;
/// impl QueryParameters for VehicleFilters {
///     const NAMES: &'static [&'static str] = &["brand"];
/// }
/// async fn vehicles(PageQuery(request, _): PageQuery<VehicleFilters>) -> String {
///     request.parameter("brand").unwrap_or("any").to_owned()
/// }
///
/// let app: axum::Router = axum::Router::new()
///     .route("/trips", axum::routing::get(trips))
///     .route("/vehicles", axum::routing::get(vehicles))
///     .with_state(hal_paging::Paging::offset_limit());
/// ```
///
/// With an application's own state, one derive makes its `Paging` field reachable (axum's
/// `FromRef` derive, feature `macros`):
///
/// ```
/// use axum::extract::FromRef;
/// use hal_axum::PageQuery;
/// use hal_paging::Paging;
///
/// #[derive(Clone, FromRef)]
/// struct AppState {
///     paging: Paging,
///     database_url: String,
/// }
///
/// async fn trips(PageQuery(request, _): PageQuery) -> String {
///     format!("limit {}", request.limit())
/// }
///
/// let state = AppState { paging: Paging::offset_limit().with_default_limit(20), database_url: "sqlite::memory:".into() };
/// let app: axum::Router = axum::Router::new().route("/trips", axum::routing::get(trips)).with_state(state);
/// ```
#[derive(Debug, Clone)]
pub struct PageQuery<P = PagingOnly>(pub PageRequest, pub PhantomData<P>);

/// The query parameters a collection understands besides paging, for [`PageQuery`].
///
/// # Examples
///
/// ```
/// struct TripFilters;
/// impl hal_axum::QueryParameters for TripFilters {
///     const NAMES: &'static [&'static str] = &["since"];
/// }
/// ```
pub trait QueryParameters {
    /// The parameters' names, as they appear in the query string.
    const NAMES: &'static [&'static str];
}

/// No query parameters besides paging: [`PageQuery`]'s default.
///
/// # Examples
///
/// ```
/// use hal_axum::QueryParameters;
///
/// assert!(hal_axum::PagingOnly::NAMES.is_empty());
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct PagingOnly;

impl QueryParameters for PagingOnly {
    const NAMES: &'static [&'static str] = &[];
}

impl<S, P> FromRequestParts<S> for PageQuery<P>
where
    Paging: FromRef<S>,
    S: Send + Sync,
    P: QueryParameters,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let paging = Paging::from_ref(state);
        let query = parts.uri.query().unwrap_or("");
        paging
            .parse_query_with(query, P::NAMES)
            .map(|request| PageQuery(request, PhantomData))
            .map_err(|error| ApiError::bad_parameter(error.parameter(), error.to_string()))
    }
}

/// A JSON request body (`application/json` or any `+json` type, such as
/// `application/hal+json`). Another content type is `415`; a body that does not fit `T` is
/// `400` with a `pointer` member (RFC 6901) to the field at fault.
///
/// # Examples
///
/// ```
/// use hal_axum::JsonBody;
///
/// #[derive(serde::Deserialize)]
/// struct Monitor { name: String }
///
/// async fn create(JsonBody(monitor): JsonBody<Monitor>) -> String {
///     monitor.name
/// }
/// let app: axum::Router = axum::Router::new().route("/monitors", axum::routing::post(create));
/// ```
#[derive(Debug, Clone)]
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        read_json(
            request,
            state,
            hal_core::media_type::is_json_media_type,
            "application/json",
        )
        .await
        .map(JsonBody)
    }
}

/// Reads a JSON body whose media type `accepts` takes (`415` naming `expected` otherwise),
/// within the body limits; a body that does not fit `T` is `400` with a `pointer`.
async fn read_json<T: DeserializeOwned, S: Send + Sync>(
    request: Request,
    state: &S,
    accepts: fn(&str) -> bool,
    expected: &str,
) -> Result<T, ApiError> {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !accepts(content_type) {
        return Err(ApiError::unsupported_media_type(format!(
            "the body must be {expected}, not `{content_type}`"
        )));
    }
    let bytes = axum::body::Bytes::from_request(request, state)
        .await
        .map_err(unreadable_body)?;
    let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(body_error)?;
    deserializer
        .end()
        .map_err(|e| ApiError::bad_request(format!("invalid JSON: {e}")))?;
    Ok(value)
}

/// A JSON Merge Patch (RFC 7396) body, `application/merge-patch+json`: members replace the
/// target's, `null` removes one. [`MergePatch::apply_to`] patches the current value and reads
/// the result back with the same rules as a full body, so a patch cannot make what a `PUT`
/// could not.
///
/// # Examples
///
/// ```
/// use hal_axum::MergePatch;
/// use serde_json::json;
///
/// #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
/// #[serde(deny_unknown_fields)]
/// struct Monitor { label: String, #[serde(default, skip_serializing_if = "Option::is_none")] locale: Option<String> }
///
/// let current = Monitor { label: "Speeding".into(), locale: Some("fr".into()) };
/// let patch = MergePatch(json!({"label": "Too fast", "locale": null}));
/// assert_eq!(patch.apply_to(&current).unwrap(), Monitor { label: "Too fast".into(), locale: None });
/// let wrong = MergePatch(json!({"label": 5}));
/// let error = wrong.apply_to(&current).unwrap_err();
/// assert_eq!(error.problem().member("pointer"), Some(&json!("/label")));
/// ```
#[derive(Debug, Clone)]
pub struct MergePatch(pub serde_json::Value);

/// The media type of a JSON Merge Patch.
pub const MERGE_PATCH_JSON: &str = "application/merge-patch+json";

impl MergePatch {
    /// `current` with the patch applied, read back as a `T`.
    ///
    /// # Errors
    ///
    /// `400` with a `pointer` when the result does not fit `T`; `500` when `current` cannot
    /// be written as JSON.
    pub fn apply_to<T: Serialize + DeserializeOwned>(&self, current: &T) -> Result<T, ApiError> {
        let mut value = serde_json::to_value(current)
            .map_err(|e| ApiError::internal(format!("cannot write the current value: {e}")))?;
        json_patch::merge(&mut value, &self.0);
        serde_path_to_error::deserialize(value).map_err(body_error)
    }
}

fn is_merge_patch(content_type: &str) -> bool {
    hal_core::media_type::media_type_essence(content_type) == MERGE_PATCH_JSON
}

impl<S: Send + Sync> FromRequest<S> for MergePatch {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        read_json(request, state, is_merge_patch, MERGE_PATCH_JSON)
            .await
            .map(MergePatch)
    }
}

/// A body that could not be read: over the size limit (`413`), too slow (`408`, when
/// [`serve`](crate::serve) times it out), or cut off (`400`).
fn unreadable_body(rejection: axum::extract::rejection::BytesRejection) -> ApiError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "the request body is larger than this service reads",
        );
    }
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&rejection);
    while let Some(error) = cause {
        if error.is::<tower_http::timeout::TimeoutError>() {
            return ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                "the request body stopped arriving before it was complete",
            );
        }
        cause = error.source();
    }
    ApiError::bad_request(format!("cannot read the body: {}", rejection.body_text()))
}

fn body_error(error: serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    let pointer = json_pointer(&error);
    let inner = error.into_inner();
    let problem = ApiError::bad_request(if pointer.is_empty() {
        format!("invalid body: {inner}")
    } else {
        format!("invalid body at {pointer}: {inner}")
    });
    problem.with_member("pointer", pointer)
}

/// The RFC 6901 pointer to the member a JSON body's error is about: where serde stopped, and
/// for a missing field, the field itself (`/authorId`, not its parent).
///
/// # Examples
///
/// ```
/// #[derive(serde::Deserialize)]
/// #[allow(dead_code)]
/// struct Book { #[serde(rename = "authorId")] author_id: u32 }
///
/// let mut body = serde_json::Deserializer::from_str(r#"{"title": "x"}"#);
/// let error = serde_path_to_error::deserialize::<_, Book>(&mut body).err().unwrap();
/// assert_eq!(hal_axum::json_pointer(&error), "/authorId");
/// ```
#[must_use]
pub fn json_pointer(error: &serde_path_to_error::Error<serde_json::Error>) -> String {
    let escape = |key: &str| key.replace('~', "~0").replace('/', "~1");
    let mut pointer: String = error
        .path()
        .iter()
        .filter_map(|segment| match segment {
            serde_path_to_error::Segment::Map { key } => Some(format!("/{}", escape(key))),
            serde_path_to_error::Segment::Seq { index } => Some(format!("/{index}")),
            serde_path_to_error::Segment::Enum { variant } => Some(format!("/{variant}")),
            serde_path_to_error::Segment::Unknown => None,
        })
        .collect();
    // serde reports a missing field at its parent, naming it only in the message.
    let message = error.inner().to_string();
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
    {
        pointer.push('/');
        pointer.push_str(&escape(field));
    }
    pointer
}
