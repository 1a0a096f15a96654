//! Responses: a HAL document as `application/hal+json` ([`HalJson`]), and `201 Created` with
//! its `Location` ([`Created`]).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hal_core::HalDocument;
use hal_core::media_type::HAL_JSON;
use serde::Serialize;

use crate::error::ApiError;

/// A HAL document written as `application/hal+json` with status `200`.
///
/// Takes what is a HAL document ([`HalDocument`]): a [`hal_core::Resource`], a derived
/// resource (`HalJson(trip)` or `HalJson(Hal(trip))`), a [`Problem`](hal_core::Problem). A plain `Serialize`
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
#[derive(Debug, Clone, Copy, Default)]
pub struct HalJson<T>(pub T);

impl<T: HalDocument> IntoResponse for HalJson<T> {
    fn into_response(self) -> Response {
        json_response(StatusCode::OK, HAL_JSON, &Document(&self.0))
    }
}

/// A [`HalDocument`] as `Serialize`, for `serde_json`.
pub(crate) struct Document<'a, T>(pub(crate) &'a T);

impl<T: HalDocument> Serialize for Document<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_document(serializer)
    }
}

/// `value` as JSON. No `ETag`: that is a choice made by the service (an `ETag` of its own, or
/// [`tag_body`](crate::conditional::tag_body), which [`protect`](crate::serve::protect) applies).
pub(crate) fn json_response<T: Serialize>(
    status: StatusCode,
    content_type: &'static str,
    value: &T,
) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (
            status,
            [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
            body,
        )
            .into_response(),
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
pub struct Created<T> {
    location: String,
    body: T,
}

impl<T> Created<T> {
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
        let mut response = json_response(StatusCode::CREATED, HAL_JSON, &Document(&self.body));
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
