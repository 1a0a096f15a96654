//! Content negotiation between plain HAL and HAL-FORMS: [`Representation`] reads what the
//! client's `Accept` asks for, [`Negotiated`] answers with it.

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::{HeaderValue, StatusCode, header, request::Parts};
use axum::response::{IntoResponse, Response};
use hal_core::HalDocument;
use hal_core::forms::HAL_FORMS_JSON;
use hal_core::media_type::HAL_JSON;

use crate::response::{Document, json_response};

/// What a client asked for: plain HAL, or HAL with `_templates` (HAL-FORMS).
///
/// An extractor that never fails: HAL-FORMS when `Accept` names
/// `application/prs.hal-forms+json` with a quality no lower than `application/hal+json`'s,
/// plain HAL otherwise (a wildcard or `application/json` does not ask for forms).
///
/// # Examples
///
/// ```
/// use hal_axum::negotiate::Representation;
///
/// assert_eq!(Representation::from_accept("application/prs.hal-forms+json"), Representation::HalForms);
/// assert_eq!(Representation::from_accept("application/hal+json, application/prs.hal-forms+json;q=0.5"), Representation::Hal);
/// assert_eq!(Representation::from_accept("*/*"), Representation::Hal);
/// assert_eq!(Representation::HalForms.media_type(), "application/prs.hal-forms+json");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Representation {
    /// `application/hal+json`, without `_templates`.
    #[default]
    Hal,
    /// `application/prs.hal-forms+json`: the document with its `_templates`.
    HalForms,
}

impl Representation {
    /// The representation an `Accept` field value asks for.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_axum::negotiate::Representation;
    ///
    /// assert_eq!(Representation::from_accept("application/prs.hal-forms+json;q=0"), Representation::Hal);
    /// ```
    #[must_use]
    pub fn from_accept(accept: &str) -> Self {
        let forms = named_quality(accept, HAL_FORMS_JSON);
        let hal = quality(accept, HAL_JSON).unwrap_or(0.0);
        match forms {
            Some(forms) if forms > 0.0 && forms >= hal => Representation::HalForms,
            _ => Representation::Hal,
        }
    }

    /// The media type of this representation.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_axum::negotiate::Representation::Hal.media_type(), "application/hal+json");
    /// ```
    #[must_use]
    pub fn media_type(self) -> &'static str {
        match self {
            Representation::Hal => HAL_JSON,
            Representation::HalForms => HAL_FORMS_JSON,
        }
    }

    /// `document` as this representation, with status `200`.
    ///
    /// # Examples
    ///
    /// ```
    /// use axum::response::IntoResponse;
    /// use hal_axum::negotiate::Representation;
    ///
    /// let response = Representation::HalForms.respond(hal_core::Resource::object()).into_response();
    /// assert_eq!(response.headers()["content-type"], "application/prs.hal-forms+json");
    /// assert_eq!(response.headers()["vary"], "accept");
    /// ```
    pub fn respond<D: HalDocument>(self, document: D) -> Negotiated<D> {
        Negotiated {
            representation: self,
            status: StatusCode::OK,
            document,
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Representation {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Infallible> {
        Ok(parts
            .headers
            .get_all(header::ACCEPT)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .map(Representation::from_accept)
            .find(|r| *r == Representation::HalForms)
            .unwrap_or_default())
    }
}

/// A HAL document answered as the client asked: `application/prs.hal-forms+json` with the
/// root resource's `_templates`, or `application/hal+json` without them; `Vary: Accept` either
/// way, and a strong `ETag` of the bytes sent.
///
/// # Examples
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// use axum::routing::get;
/// use hal_axum::negotiate::{Negotiated, Representation};
/// use hal_core::forms::HalForm;
/// use hal_core::{Hal, HalResource};
/// use tower::ServiceExt;
///
/// #[derive(serde::Deserialize, HalForm)]
/// struct NewNote { text: String }
///
/// #[derive(serde::Serialize, HalResource)]
/// #[hal(self_link = "/notes")]
/// #[hal(template(method = "POST", input = NewNote))]
/// struct Notes { total: u32 }
///
/// async fn notes(wants: Representation) -> Negotiated<Hal<Notes>> {
///     wants.respond(Hal(Notes { total: 0 }))
/// }
///
/// let app = axum::Router::new().route("/notes", get(notes));
/// let get = |accept: &str| axum::http::Request::get("/notes").header("accept", accept).body(axum::body::Body::empty()).unwrap();
/// let forms = app.clone().oneshot(get("application/prs.hal-forms+json")).await.unwrap();
/// assert_eq!(forms.headers()["content-type"], "application/prs.hal-forms+json");
/// let body = axum::body::to_bytes(forms.into_body(), 1 << 20).await.unwrap();
/// assert!(std::str::from_utf8(&body).unwrap().contains(r#""_templates":{"default":{"method":"POST""#));
///
/// let plain = app.oneshot(get("application/hal+json")).await.unwrap();
/// let body = axum::body::to_bytes(plain.into_body(), 1 << 20).await.unwrap();
/// assert!(!std::str::from_utf8(&body).unwrap().contains("_templates"));
/// # });
/// ```
#[derive(Debug, Clone)]
pub struct Negotiated<D> {
    representation: Representation,
    status: StatusCode,
    document: D,
}

impl<D: HalDocument> Negotiated<D> {
    /// The same answer with another status, such as `201 Created`.
    ///
    /// # Examples
    ///
    /// ```
    /// use axum::response::IntoResponse;
    /// use hal_axum::negotiate::Representation;
    ///
    /// let response = Representation::Hal
    ///     .respond(hal_core::Resource::object())
    ///     .with_status(axum::http::StatusCode::ACCEPTED)
    ///     .into_response();
    /// assert_eq!(response.status(), 202);
    /// ```
    #[must_use]
    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }
}

impl<D: HalDocument> IntoResponse for Negotiated<D> {
    fn into_response(self) -> Response {
        let mut response = match self.representation {
            Representation::Hal => json_response(self.status, HAL_JSON, &Document(&self.document)),
            Representation::HalForms => {
                json_response(self.status, HAL_FORMS_JSON, &FormsDocument(&self.document))
            }
        };
        response
            .headers_mut()
            .append(header::VARY, HeaderValue::from_static("accept"));
        response
    }
}

/// A [`HalDocument`] written with its templates, for `serde_json`.
struct FormsDocument<'a, D>(&'a D);

impl<D: HalDocument> serde::Serialize for FormsDocument<'_, D> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_with_templates(serializer)
    }
}

/// The quality `Accept` gives `produced` (`type/subtype`, lower case): that of the most
/// specific range covering it (`application/json` covers the `+json` types), `None` when no
/// range does.
pub(crate) fn quality(accept: &str, produced: &str) -> Option<f32> {
    best_range(accept, produced).map(|(_, q)| q)
}

/// The quality of the range that names `produced` itself, if one does.
pub(crate) fn named_quality(accept: &str, produced: &str) -> Option<f32> {
    best_range(accept, produced)
        .filter(|(specificity, _)| *specificity == EXACT)
        .map(|(_, q)| q)
}

/// The quality of the most specific range covering `produced` other than `*/*`, if any.
#[cfg(feature = "explorer")]
pub(crate) fn specific_quality(accept: &str, produced: &str) -> Option<f32> {
    best_range(accept, produced)
        .filter(|(specificity, _)| *specificity > ANY)
        .map(|(_, q)| q)
}

/// The weight of one element of an `Accept`-style list (`text/html;q=0.5`, `gzip;q=0`): 1
/// when it states none, 0 when its `q` does not parse, at most 1.
pub(crate) fn weight(element: &str) -> f32 {
    element
        .split(';')
        .skip(1)
        .find_map(|p| p.trim().strip_prefix("q=").map(|q| q.trim().parse::<f32>()))
        .map_or(1.0, |q| q.unwrap_or(0.0).clamp(0.0, 1.0))
}

/// The specificity of `*/*`.
const ANY: u8 = 1;

/// The specificity of a range naming the media type itself.
const EXACT: u8 = 3;

/// The most specific range covering `produced`, as its specificity and quality.
fn best_range(accept: &str, produced: &str) -> Option<(u8, f32)> {
    let (kind, _) = produced.split_once('/').unwrap_or((produced, ""));
    let mut best: Option<(u8, f32)> = None;
    for range in accept.split(',') {
        let media = hal_core::media_type::media_type_essence(range);
        let q = weight(range);
        let specificity = if media == produced {
            EXACT
        } else if media == "application/json" && hal_core::media_type::is_json_media_type(produced)
        {
            // A client that asks for JSON reads any JSON-based type (RFC 6839's `+json`).
            2
        } else if media.strip_suffix("/*") == Some(kind) {
            2
        } else if media == "*/*" {
            ANY
        } else {
            continue;
        };
        if best.is_none_or(|(s, _)| specificity > s) {
            best = Some((specificity, q));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_only_when_named_and_not_less_wanted_than_hal() {
        let cases = [
            ("application/prs.hal-forms+json", Representation::HalForms),
            (
                "application/hal+json;q=0.9, application/prs.hal-forms+json",
                Representation::HalForms,
            ),
            (
                "application/prs.hal-forms+json, application/hal+json",
                Representation::HalForms,
            ),
            (
                "application/hal+json, application/prs.hal-forms+json;q=0.8",
                Representation::Hal,
            ),
            ("application/prs.hal-forms+json;q=0", Representation::Hal),
            ("application/json", Representation::Hal),
            ("application/*", Representation::Hal),
            ("*/*", Representation::Hal),
            ("", Representation::Hal),
            (
                "application/prs.hal-forms+json;q=nonsense",
                Representation::Hal,
            ),
        ];
        for (accept, expected) in cases {
            assert_eq!(Representation::from_accept(accept), expected, "{accept}");
        }
    }

    #[test]
    fn quality_is_that_of_the_most_specific_range() {
        assert_eq!(
            quality("*/*;q=0.1, application/hal+json;q=0.7", HAL_JSON),
            Some(0.7)
        );
        assert_eq!(quality("application/json;q=0.4", HAL_JSON), Some(0.4));
        assert_eq!(quality("text/html", HAL_JSON), None);
    }
}
