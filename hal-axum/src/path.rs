//! Path parameters whose rejections are problem documents.

use axum::extract::path::ErrorKind;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::ApiError;

/// Path parameters, as axum's [`Path`], but a parameter that cannot be read (not UTF-8 once
/// percent-decoded, not of the expected type) is a `400` problem document naming it in its
/// `parameter` member, where axum answers in plain text.
///
/// # Examples
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// use axum::routing::get;
/// use hal_axum::PathParams;
/// use tower::ServiceExt;
///
/// async fn vehicle(PathParams(vin): PathParams<String>) -> String {
///     vin
/// }
/// let app: axum::Router = axum::Router::new().route("/vehicles/{vin}", get(vehicle));
/// let request = axum::http::Request::get("/vehicles/%FF").body(axum::body::Body::empty()).unwrap();
/// let response = app.oneshot(request).await.unwrap();
/// assert_eq!(response.status(), 400);
/// assert_eq!(response.headers()["content-type"], "application/problem+json");
/// # });
/// ```
#[derive(Debug, Clone)]
pub struct PathParams<T>(pub T);

impl<T, S> FromRequestParts<S> for PathParams<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(value)| PathParams(value))
            .map_err(path_error)
    }
}

fn path_error(rejection: PathRejection) -> ApiError {
    let PathRejection::FailedToDeserializePathParams(error) = rejection else {
        // The route and the extractor disagree: the service's fault, not the client's.
        return ApiError::internal("the route's path parameters cannot be read");
    };
    match error.into_kind() {
        ErrorKind::InvalidUtf8InPathParam { key } => {
            ApiError::bad_parameter(&key, format!("`{key}` is not UTF-8 once percent-decoded"))
        }
        ErrorKind::ParseErrorAtKey {
            key,
            value,
            expected_type,
        } => ApiError::bad_parameter(
            &key,
            format!("`{key}` must be {}, got {value:?}", describe(expected_type)),
        ),
        ErrorKind::DeserializeError {
            key,
            value,
            message,
        } => ApiError::bad_parameter(&key, format!("`{key}` = {value:?}: {message}")),
        ErrorKind::ParseErrorAtIndex {
            value,
            expected_type,
            ..
        }
        | ErrorKind::ParseError {
            value,
            expected_type,
        } => ApiError::bad_request(format!(
            "a path segment must be {}, got {value:?}",
            describe(expected_type)
        )),
        ErrorKind::Message(message) => ApiError::bad_request(format!("bad path: {message}")),
        ErrorKind::WrongNumberOfParameters { .. } | ErrorKind::UnsupportedType { .. } => {
            ApiError::internal("the route's path parameters cannot be read")
        }
        // `ErrorKind` is non-exhaustive; a kind added later is reported as the client's error
        // without echoing anything.
        _ => ApiError::bad_request("a path parameter cannot be read"),
    }
}

/// A type name as a person reads it (`u64` → "a whole number").
fn describe(type_name: &str) -> String {
    let short = type_name.rsplit("::").next().unwrap_or(type_name);
    match short {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "a whole number".into(),
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "an integer".into(),
        "f32" | "f64" => "a number".into(),
        "bool" => "`true` or `false`".into(),
        other => format!("a `{other}`"),
    }
}
