//! A HAL explorer for people (feature `explorer`): a page that walks a HAL API in the browser,
//! served from assets inside the binary (no CDN, nothing downloaded at build time, no Node step).
//!
//! The resource on the left: its state, its links (templated ones as small forms for their
//! variables, each curie relation's documentation readable in place), paging controls,
//! HAL-FORMS templates as HTML forms that submit with the template's method and content type,
//! and embedded resources, nested and opened on demand. The response on the right: status,
//! timing, headers, a problem document as an error, and the body as highlighted JSON that
//! folds at every object and array. One column on a phone-sized screen; light and dark themes.
//!
//! Request headers are set in a dialog and kept in the browser. A problem document with a
//! `header` member (the name of a request header the request lacked, as in
//! `{"status": 403, "detail": "send the x-fleet-id header", "header": "x-fleet-id"}`) opens that
//! dialog by itself, the header added, with the value [`Explorer::with_suggested_header`] gives
//! (for development: a test identity). A form whose submission is refused with a problem that
//! names fields (`errors: [{"pointer": "/isbn", "detail": "…"}]`, or one `pointer`) shows each
//! message at its field. Visited URLs are kept as a history, offered in the address field.
//!
//! URI templates are expanded by the service (`POST {path}/expand`) with the same code as its
//! links, so the page has no second RFC 6570 implementation.
//!
//! # Examples
//!
//! ```
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! use axum::routing::get;
//! use hal_axum::explorer::{self, Explorer};
//! use tower::ServiceExt;
//!
//! let explorer = Explorer::new("/api/explorer", "/api");
//! let app = axum::Router::new()
//!     .route("/api", get(|| async { hal_axum::HalJson(hal_core::Resource::object()) }))
//!     .layer(axum::middleware::from_fn_with_state(explorer.clone(), explorer::redirect_browsers))
//!     .merge(explorer.router());
//!
//! let get = |path: &str, accept: &str| axum::http::Request::get(path).header("accept", accept).body(axum::body::Body::empty()).unwrap();
//! let page = app.clone().oneshot(get("/api/explorer", "text/html")).await.unwrap();
//! assert_eq!(page.headers()["content-type"], "text/html; charset=utf-8");
//! let browser = app.clone().oneshot(get("/api", "text/html,application/xhtml+xml,*/*;q=0.8")).await.unwrap();
//! assert_eq!(browser.status(), axum::http::StatusCode::SEE_OTHER);
//! assert_eq!(browser.headers()["location"], "/api/explorer#/api");
//! let client = app.oneshot(get("/api", "application/hal+json")).await.unwrap();
//! assert_eq!(client.status(), 200);
//! # });
//! ```

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use hal_core::template::{UriTemplate, Value, Variables};
use serde::{Deserialize, Serialize};

use crate::{ApiError, JsonBody};

const PAGE: &str = include_str!("../explorer/index.html");
const SCRIPT: &str = include_str!("../explorer/explorer.js");
const STYLE: &str = include_str!("../explorer/explorer.css");

/// Where the explorer is served and where it starts.
///
/// # Examples
///
/// ```
/// let explorer = hal_axum::explorer::Explorer::new("/connectedcar/v2/explorer", "/connectedcar/v2");
/// assert_eq!(explorer.path(), "/connectedcar/v2/explorer");
/// ```
#[derive(Debug, Clone)]
pub struct Explorer {
    inner: Arc<Paths>,
}

#[derive(Debug, Clone)]
struct Paths {
    path: String,
    entry: String,
    /// Header values the page offers when a problem asks for a header, by lower-case name.
    suggested: BTreeMap<String, String>,
    page: String,
}

impl Paths {
    /// The page, with its paths and suggestions in place.
    fn render(&mut self) {
        // A map of strings always serializes.
        let suggested = serde_json::to_string(&self.suggested).unwrap_or_default();
        self.page = PAGE
            .replace("EXPLORER_PATH", &html_attribute(&self.path))
            .replace("ENTRY_PATH", &html_attribute(&self.entry))
            .replace("SUGGESTED_HEADERS", &html_attribute(&suggested));
    }
}

impl Explorer {
    /// The explorer at `path` (such as `/connectedcar/v2/explorer`), opening `entry` (the API
    /// root) when no other URL is asked for.
    ///
    /// # Examples
    ///
    /// ```
    /// let explorer = hal_axum::explorer::Explorer::new("/explorer", "/");
    /// # let _ = explorer;
    /// ```
    #[must_use]
    pub fn new(path: impl Into<String>, entry: impl Into<String>) -> Self {
        let mut paths = Paths {
            path: path.into(),
            entry: entry.into(),
            suggested: BTreeMap::new(),
            page: String::new(),
        };
        paths.render();
        Self {
            inner: Arc::new(paths),
        }
    }

    /// The same explorer, offering `value` for the header `name` when a problem document asks
    /// for that header (its `header` member): in development, the identity a tester would
    /// type. The value is written into the page, so give nothing secret; production services
    /// suggest nothing.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use tower::ServiceExt;
    ///
    /// let explorer = hal_axum::explorer::Explorer::new("/explorer", "/").with_suggested_header("X-Fleet-Id", "f1");
    /// let request = axum::http::Request::get("/explorer").body(axum::body::Body::empty()).unwrap();
    /// let page = explorer.router().oneshot(request).await.unwrap();
    /// let page = axum::body::to_bytes(page.into_body(), 1 << 20).await.unwrap();
    /// assert!(String::from_utf8_lossy(&page).contains(r#"data-suggested-headers="{&quot;x-fleet-id&quot;:&quot;f1&quot;}""#));
    /// # });
    /// ```
    #[must_use]
    pub fn with_suggested_header(self, name: &str, value: impl Into<String>) -> Self {
        let mut paths = Paths::clone(&self.inner);
        paths
            .suggested
            .insert(name.to_ascii_lowercase(), value.into());
        paths.render();
        Self {
            inner: Arc::new(paths),
        }
    }

    /// Where the page is served.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_axum::explorer::Explorer::new("/x", "/").path(), "/x");
    /// ```
    #[must_use]
    pub fn path(&self) -> &str {
        &self.inner.path
    }

    /// The routes: the page at the path, its script and style beside it, and the URI template
    /// expansion the page asks for.
    ///
    /// # Examples
    ///
    /// See the [module documentation](self).
    pub fn router(&self) -> Router {
        let path = self.path().trim_end_matches('/');
        let page = self.clone();
        Router::new()
            .route(
                if path.is_empty() { "/" } else { path },
                get(move || async move { asset("text/html; charset=utf-8", page.inner.page.clone()) }),
            )
            .route(
                &format!("{path}/explorer.js"),
                get(|| async { asset("text/javascript; charset=utf-8", SCRIPT.to_owned()) }),
            )
            .route(
                &format!("{path}/explorer.css"),
                get(|| async { asset("text/css; charset=utf-8", STYLE.to_owned()) }),
            )
            .route(&format!("{path}/expand"), post(expand))
    }
}

/// Text safe inside a double-quoted HTML attribute.
fn html_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn asset(content_type: &'static str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            // The page runs its own script and talks only to its own origin.
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(
                    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
                ),
            ),
        ],
        body,
    )
        .into_response()
}

/// What the page asks to expand: a template and the values the user gave.
#[derive(Deserialize)]
struct ExpandRequest {
    template: String,
    #[serde(default)]
    variables: BTreeMap<String, VariableValue>,
}

/// A variable's value as JSON: a string, a list of strings, or an object of strings.
#[derive(Deserialize)]
#[serde(untagged)]
enum VariableValue {
    String(String),
    List(Vec<String>),
    Map(BTreeMap<String, String>),
}

/// The href, and the template's variables (for the page to ask for).
#[derive(Serialize)]
struct Expanded {
    href: String,
    variables: Vec<String>,
}

async fn expand(JsonBody(request): JsonBody<ExpandRequest>) -> Result<Response, ApiError> {
    let template = UriTemplate::parse(&request.template)
        .map_err(|e| ApiError::bad_parameter("template", e.to_string()))?;
    let mut variables = Variables::new();
    for (name, value) in request.variables {
        let value = match value {
            VariableValue::String(text) => Value::String(text),
            VariableValue::List(items) => Value::List(items),
            VariableValue::Map(pairs) => Value::Map(pairs.into_iter().collect()),
        };
        variables.insert(name, value);
    }
    let href = template
        .expand(&variables)
        .map_err(|e| ApiError::bad_parameter("variables", e.to_string()))?;
    let names = template.variable_names().map(str::to_owned).collect();
    Ok(axum::Json(Expanded {
        href,
        variables: names,
    })
    .into_response())
}

/// Middleware: a browser asking the entry (the API root) for HTML is sent to the explorer
/// (`303 See Other`, to `{path}#{entry}`); every other request passes unchanged.
///
/// # Examples
///
/// See the [module documentation](self).
pub async fn redirect_browsers(
    State(explorer): State<Explorer>,
    request: Request,
    next: Next,
) -> Response {
    let is_entry = request.uri().path() == explorer.inner.entry;
    let wants_html = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(prefers_html);
    if is_entry && wants_html && request.method() == axum::http::Method::GET {
        let location = format!("{}#{}", explorer.inner.path, explorer.inner.entry);
        if let Ok(location) = HeaderValue::from_str(&location) {
            return (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response();
        }
    }
    next.run(request).await
}

/// Whether `Accept` names `text/html` with a quality no lower than HAL's (a browser's
/// navigation does; API clients ask for JSON, and `*/*` alone asks for nothing in particular).
fn prefers_html(accept: &str) -> bool {
    let html = crate::negotiate::named_quality(accept, "text/html").unwrap_or(0.0);
    let hal =
        crate::negotiate::specific_quality(accept, hal_core::media_type::HAL_JSON).unwrap_or(0.0);
    html > 0.0 && html >= hal
}

#[cfg(test)]
mod tests {
    use super::prefers_html;

    #[test]
    fn browsers_prefer_html_and_clients_json() {
        assert!(prefers_html(
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
        ));
        assert!(!prefers_html("application/hal+json"));
        assert!(!prefers_html("*/*"), "curl");
        assert!(!prefers_html("application/json, text/html;q=0.5"));
    }
}
