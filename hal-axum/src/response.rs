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
    /// `None`: the body's own `self`.
    location: Option<String>,
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
            location: Some(location.into()),
            body,
        }
    }

    /// The resource at its own `self` link: the `Location` is the body's `self`, written
    /// once. A body without a `self` link is a `500` problem (a fault of the service).
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
    /// let response = hal_axum::Created::at_self(Book { isbn: "42".into() }).into_response();
    /// assert_eq!(response.status(), 201);
    /// assert_eq!(response.headers()["location"], "/books/42");
    /// ```
    pub fn at_self(body: T) -> Self {
        Self {
            location: None,
            body,
        }
    }
}

impl<T: HalDocument> IntoResponse for Created<T> {
    fn into_response(self) -> Response {
        let body = match serde_json::to_vec(&Document(&self.body)) {
            Ok(body) => body,
            Err(error) => {
                return ApiError::internal(format!("cannot write the response: {error}"))
                    .into_response();
            }
        };
        let location = match self.location {
            Some(location) => location,
            None => match self_href(&body) {
                Some(location) => location,
                None => {
                    return ApiError::internal("the new resource has no `self` link to locate it")
                        .into_response();
                }
            },
        };
        let Ok(location) = HeaderValue::try_from(location) else {
            return ApiError::internal("the new resource's location is not a valid header value")
                .into_response();
        };
        (
            StatusCode::CREATED,
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(HAL_JSON)),
                (header::LOCATION, location),
            ],
            body,
        )
            .into_response()
    }
}

/// The `href` of a written document's `self` link (the first, if it is an array).
fn self_href(document: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Document {
        #[serde(rename = "_links")]
        links: Option<Links>,
    }
    #[derive(serde::Deserialize)]
    struct Links {
        #[serde(rename = "self")]
        this: Option<serde_json::Value>,
    }
    let links = serde_json::from_slice::<Document>(document).ok()?.links?;
    let this = links.this?;
    let link = match &this {
        serde_json::Value::Array(links) => links.first()?,
        link => link,
    };
    link.get("href")?.as_str().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_at_self_locates_by_the_body_or_refuses() {
        let with_self =
            hal_core::Resource::object().with_links("self", [hal_core::Link::new("/books/1")]);
        let response = Created::at_self(with_self).into_response();
        assert_eq!(response.status(), StatusCode::CREATED);
        assert_eq!(response.headers()["location"], "/books/1");
        assert_eq!(response.headers()["content-type"], HAL_JSON);

        let response = Created::at_self(hal_core::Resource::object()).into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);

        assert_eq!(
            self_href(br#"{"_links":{"self":[{"href":"/a"},{"href":"/b"}]}}"#).as_deref(),
            Some("/a")
        );
        assert_eq!(self_href(b"not json"), None);
    }
}

/// `Link: <…>; rel="invalidates"` on a write's response: the other resources the write changed
/// (a collection, a parent, a status), so that caches that read the header, hal-client's among
/// them, forget them instead of serving what is no longer true.
///
/// # Examples
///
/// ```
/// use axum::http::StatusCode;
/// use axum::response::IntoResponse;
/// use hal_axum::Invalidates;
///
/// let changed = Invalidates::new(["/fleets/f1/monitors", "/fleets/f1"]);
/// let response = (StatusCode::NO_CONTENT, changed, ()).into_response();
/// let links: Vec<_> = response.headers().get_all("link").iter().collect();
/// assert_eq!(links, [r#"</fleets/f1/monitors>; rel="invalidates""#, r#"</fleets/f1>; rel="invalidates""#]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Invalidates(Vec<String>);

impl Invalidates {
    /// The resources at `hrefs` (paths or URLs, as links would name them).
    ///
    /// # Examples
    ///
    /// ```
    /// let changed = hal_axum::Invalidates::new(["/trips"]);
    /// # let _ = changed;
    /// ```
    pub fn new<I, H>(hrefs: I) -> Self
    where
        I: IntoIterator<Item = H>,
        H: Into<String>,
    {
        Self(hrefs.into_iter().map(Into::into).collect())
    }

    /// The same, and the resource at `href`.
    ///
    /// # Examples
    ///
    /// ```
    /// let changed = hal_axum::Invalidates::new(["/trips"]).with("/vehicles/VF1");
    /// # let _ = changed;
    /// ```
    #[must_use]
    pub fn with(mut self, href: impl Into<String>) -> Self {
        self.0.push(href.into());
        self
    }
}

impl axum::response::IntoResponseParts for Invalidates {
    type Error = std::convert::Infallible;

    fn into_response_parts(
        self,
        mut parts: axum::response::ResponseParts,
    ) -> Result<axum::response::ResponseParts, Self::Error> {
        for href in self.0 {
            // An href that cannot stand in a `Link` value (`>` would end it) is left out.
            if href.contains(['>', '\r', '\n']) {
                continue;
            }
            let link = format!("<{href}>; rel=\"invalidates\"");
            if let Ok(value) = axum::http::HeaderValue::from_str(&link) {
                parts.headers_mut().append(axum::http::header::LINK, value);
            }
        }
        Ok(parts)
    }
}
