//! Path parameters whose rejections are problem documents.

use axum::extract::path::ErrorKind;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequestParts, Path, RawPathParams};
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
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(PathParams(value)),
            Err(rejection) => {
                // The route's parameter names, in order: a parameter read by position (a
                // tuple, or one value alone) is named by them too.
                let names: Vec<String> = RawPathParams::from_request_parts(parts, state)
                    .await
                    .map(|raw| raw.iter().map(|(name, _)| name.to_owned()).collect())
                    .unwrap_or_default();
                Err(path_error(rejection, &names))
            }
        }
    }
}

fn path_error(rejection: PathRejection, names: &[String]) -> ApiError {
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
            index,
            value,
            expected_type,
        } => positional(names.get(index), &value, expected_type),
        ErrorKind::ParseError {
            value,
            expected_type,
        } => positional(
            names.first().filter(|_| names.len() == 1),
            &value,
            expected_type,
        ),
        ErrorKind::Message(message) => ApiError::bad_request(format!("bad path: {message}")),
        ErrorKind::WrongNumberOfParameters { .. } | ErrorKind::UnsupportedType { .. } => {
            ApiError::internal("the route's path parameters cannot be read")
        }
        // `ErrorKind` is non-exhaustive; a kind added later is reported as the client's error
        // without echoing anything.
        _ => ApiError::bad_request("a path parameter cannot be read"),
    }
}

/// A parameter read by position that is not of its type: named when the route names it.
fn positional(name: Option<&String>, value: &str, expected_type: &str) -> ApiError {
    match name {
        Some(name) => ApiError::bad_parameter(
            name,
            format!(
                "`{name}` must be {}, got {value:?}",
                describe(expected_type)
            ),
        ),
        None => ApiError::bad_request(format!(
            "a path segment must be {}, got {value:?}",
            describe(expected_type)
        )),
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

#[cfg(test)]
mod tests {
    use axum::routing::get;
    use tower::ServiceExt;

    use super::*;

    /// The status and the `parameter` member of the problem `uri` gets.
    async fn problem(uri: &str) -> (u16, Option<String>) {
        async fn one(PathParams(_): PathParams<u64>) {}
        async fn two(PathParams(_): PathParams<(u64, u32)>) {}
        #[derive(serde::Deserialize)]
        struct Named {
            #[allow(dead_code)] // read only to be checked
            vin: u64,
        }
        async fn named(PathParams(_): PathParams<Named>) {}
        let app: axum::Router = axum::Router::new()
            .route("/trips/{id}", get(one))
            .route("/trips/{id}/waypoints/{seq}", get(two))
            .route("/vehicles/{vin}", get(named));
        let request = axum::http::Request::get(uri)
            .body(axum::body::Body::empty())
            .unwrap();
        let response = app.oneshot(request).await.unwrap();
        let status = response.status().as_u16();
        let body = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        let problem: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        (status, problem["parameter"].as_str().map(str::to_owned))
    }

    #[tokio::test]
    async fn a_bad_path_parameter_is_named_however_it_is_read() {
        assert_eq!(problem("/trips/abc").await, (400, Some("id".into())));
        assert_eq!(
            problem("/trips/abc/waypoints/1").await,
            (400, Some("id".into()))
        );
        assert_eq!(
            problem("/trips/1/waypoints/x").await,
            (400, Some("seq".into()))
        );
        assert_eq!(problem("/vehicles/x").await, (400, Some("vin".into())));
        assert_eq!(problem("/trips/%FF").await, (400, Some("id".into())));
        assert_eq!(problem("/trips/7").await, (200, None));
    }
}
