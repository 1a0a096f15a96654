//! Errors as RFC 9457 problem documents (`application/problem+json`): [`ApiError`], the
//! fallbacks that replace axum's plain-text `404` and `405`, and the mapping of axum's
//! extractor rejections to problems.

use axum::extract::OriginalUri;
use axum::extract::rejection::JsonRejection;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use hal_core::Problem;
use hal_core::problem::PROBLEM_JSON;

use crate::response::json_response;

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

    /// `400 Bad Request` about one member of the request body: `pointer` (RFC 6901) as the
    /// problem's `pointer` member and, with `detail`, as the one entry of `errors`, the list
    /// [`ValidJson`](crate::ValidJson) gives broken rules in, so a client reads one shape for
    /// both. `message` is the problem's `detail`.
    ///
    /// # Examples
    ///
    /// ```
    /// let error = hal_axum::ApiError::bad_member("/year is not a number", "/year", "not a number");
    /// let problem = error.problem();
    /// assert_eq!(problem.detail(), Some("/year is not a number"));
    /// assert_eq!(problem.member("pointer"), Some(&serde_json::json!("/year")));
    /// assert_eq!(
    ///     problem.member("errors"),
    ///     Some(&serde_json::json!([{"pointer": "/year", "detail": "not a number"}]))
    /// );
    /// ```
    pub fn bad_member(
        message: impl Into<String>,
        pointer: impl Into<String>,
        detail: impl Into<String>,
    ) -> Self {
        let pointer = pointer.into();
        let errors = serde_json::json!([{"pointer": pointer, "detail": detail.into()}]);
        Self::bad_request(message)
            .with_member("pointer", pointer)
            .with_member("errors", errors)
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
        json_response(status, PROBLEM_JSON, &self.0)
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

/// axum's JSON rejections as problems: not JSON is `415`; a body that is not JSON, or does not
/// fit the type, `400`, with a `pointer` (RFC 6901) to the member at fault when there is one;
/// a body too large `413`; one that stopped arriving `408`. For axum's own `Json<T>` with
/// axum-extra's `WithRejection<Json<T>, ApiError>`, as [`JsonBody`](crate::JsonBody) does.
///
/// # Examples
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// use axum::extract::FromRequest;
///
/// let request = axum::http::Request::post("/")
///     .header("content-type", "text/plain")
///     .body(axum::body::Body::from("{}"))
///     .unwrap();
/// let rejection = axum::Json::<serde_json::Value>::from_request(request, &()).await.unwrap_err();
/// assert_eq!(hal_axum::ApiError::from(rejection).problem().status(), 415);
/// # });
/// ```
impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => ApiError::unsupported_media_type(
                "the body must be JSON (`application/json` or a `+json` type)",
            ),
            JsonRejection::BytesRejection(rejection) => crate::extract::unreadable_body(rejection),
            rejection => {
                // axum keeps serde's error, with its path, as the rejection's source.
                let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&rejection);
                while let Some(error) = cause {
                    if let Some(error) =
                        error.downcast_ref::<serde_path_to_error::Error<serde_json::Error>>()
                    {
                        return crate::extract::body_error(error);
                    }
                    cause = error.source();
                }
                ApiError::bad_request(format!("invalid JSON: {}", rejection.body_text()))
            }
        }
    }
}
