//! Extractors whose rejections are problem documents: the paging request of the query string
//! ([`PageQuery`]), a JSON body ([`JsonBody`], axum's `Json` with a problem for a rejection),
//! and the pointer to what a body got wrong ([`json_pointer`]).

use std::marker::PhantomData;

use axum::extract::{FromRef, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use hal_core::forms::{HalForm, JSON_VALUE, Property, Validate, ValidationErrors, violations};
use hal_core::media_type::is_json_media_type;
use hal_paging::{PageLinks, PageRequest, Paging, Total};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// The page a request asks for, read from its query string with the [`Paging`] rules of the
/// state (`Paging: FromRef<S>`, see [`PagingState`]). A bad parameter is a `400` problem with a
/// `parameter` member.
///
/// A handler whose state has no `Paging` does not compile: axum says only that the handler is
/// not a `Handler`; with `#[axum::debug_handler]` on it, the error names the state and the fix.
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
pub struct PageQuery<P = PagingOnly>(pub PageRequest, pub PageContext<P>);

impl<P> PageQuery<P> {
    /// The page's links (`self`, `first`, `prev`, `next`, `last`) at the request's own path,
    /// with the state's [`Paging`]: nothing to repeat in the handler.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use hal_axum::PageQuery;
    /// use hal_paging::{Paging, Total};
    /// use tower::ServiceExt;
    ///
    /// async fn books(page: PageQuery) -> String {
    ///     let links = page.links(Total::Exact(95));
    ///     format!("{} {}", links.self_href(), links.next().unwrap_or("-"))
    /// }
    /// let app: axum::Router = axum::Router::new()
    ///     .route("/books", axum::routing::get(books))
    ///     .with_state(Paging::offset_limit().with_default_limit(10));
    /// let request = axum::http::Request::get("/books?offset=20&limit=10").body(axum::body::Body::empty()).unwrap();
    /// let body = axum::body::to_bytes(app.oneshot(request).await.unwrap().into_body(), 1 << 16).await.unwrap();
    /// assert_eq!(body, "/books?offset=20&limit=10 /books?offset=30&limit=10");
    /// # });
    /// ```
    #[must_use]
    pub fn links(&self, total: Total) -> PageLinks {
        self.1.links(&self.0, total)
    }
}

/// What [`PageQuery`] knows besides the page asked for: the state's [`Paging`] and the
/// request's path, from which the page's links are made.
///
/// # Examples
///
/// ```
/// use hal_axum::PageQuery;
///
/// async fn books(PageQuery(request, context): PageQuery) -> String {
///     format!("{} of {}", request.limit(), context.path())
/// }
/// # let _: axum::Router = axum::Router::new().route("/books", axum::routing::get(books)).with_state(hal_paging::Paging::offset_limit());
/// ```
#[derive(Debug, Clone)]
pub struct PageContext<P = PagingOnly> {
    paging: Paging,
    path: String,
    parameters: PhantomData<P>,
}

impl<P> PageContext<P> {
    /// The paging rules the request was read with.
    ///
    /// # Examples
    ///
    /// ```
    /// async fn books(hal_axum::PageQuery(_, context): hal_axum::PageQuery) -> String {
    ///     context.paging().default_limit().to_string()
    /// }
    /// # let _: axum::Router = axum::Router::new().route("/books", axum::routing::get(books)).with_state(hal_paging::Paging::offset_limit());
    /// ```
    #[must_use]
    pub fn paging(&self) -> &Paging {
        &self.paging
    }

    /// The request's path, without its query: the base of the page's links.
    ///
    /// # Examples
    ///
    /// See [`PageContext`].
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The links of the page `request` asks for; see [`PageQuery::links`].
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_axum::PageQuery;
    /// use hal_paging::Total;
    ///
    /// async fn books(PageQuery(request, context): PageQuery) -> String {
    ///     let links = context.links(&request, Total::Unknown);
    ///     format!("{} links", links.iter().count())
    /// }
    /// # let _: axum::Router = axum::Router::new().route("/books", axum::routing::get(books)).with_state(hal_paging::Paging::offset_limit());
    /// ```
    #[must_use]
    pub fn links(&self, request: &PageRequest, total: Total) -> PageLinks {
        self.paging.links(request, &self.path, total)
    }
}

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

/// A state [`PageQuery`] reads its [`Paging`] from: any `S` with `Paging: FromRef<S>`, such as
/// `Paging` itself or an application state deriving axum's `FromRef` with a `Paging` field.
///
/// It exists for its compile error: a handler whose state has no `Paging` is told so, with the
/// fix, where axum's own bound would only say that `FromRef` is missing somewhere (seen with
/// `#[axum::debug_handler]`, which every handler whose extractors do not fit should try).
///
/// # Examples
///
/// ```
/// use axum::extract::FromRef;
/// use hal_axum::PagingState;
/// use hal_paging::Paging;
///
/// #[derive(Clone, FromRef)]
/// struct AppState {
///     paging: Paging,
///     name: String,
/// }
///
/// let state = AppState { paging: Paging::offset_limit().with_default_limit(7), name: "books".into() };
/// assert_eq!(state.paging().default_limit(), 7);
/// ```
#[diagnostic::on_unimplemented(
    message = "`PageQuery` reads its `Paging` from the state, and `{Self}` has none",
    label = "this handler's state gives no `hal_paging::Paging`",
    note = "give `{Self}` a `paging: hal_paging::Paging` field and `#[derive(Clone, axum::extract::FromRef)]`, or implement `axum::extract::FromRef<{Self}>` for `hal_paging::Paging`"
)]
pub trait PagingState {
    /// The paging rules of the state's collections.
    fn paging(&self) -> Paging;
}

// Not recommended in errors: a missing `FromRef` is reported as a missing `PagingState`,
// whose message says what to do.
#[diagnostic::do_not_recommend]
impl<S> PagingState for S
where
    Paging: FromRef<S>,
{
    fn paging(&self) -> Paging {
        Paging::from_ref(self)
    }
}

impl<S, P> FromRequestParts<S> for PageQuery<P>
where
    S: PagingState + Send + Sync,
    P: QueryParameters,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let paging = state.paging();
        let query = parts.uri.query().unwrap_or("");
        let request = paging
            .parse_query_with(query, P::NAMES)
            .map_err(|error| ApiError::bad_parameter(error.parameter(), error.to_string()))?;
        let context = PageContext {
            paging,
            path: parts.uri.path().to_owned(),
            parameters: PhantomData,
        };
        Ok(PageQuery(request, context))
    }
}

/// A JSON request body (`application/json` or any `+json` type, such as
/// `application/hal+json`). Another content type is `415`; a body that does not fit `T` is
/// `400` with a `pointer` member (RFC 6901) to the field at fault, also given as the one entry
/// of `errors` (the member [`ValidJson`] lists broken rules in).
///
/// It only reads: an input type with rules (a `#[derive(HalForm)]` form's bounds, patterns
/// and checks) is read with [`ValidJson`], which also enforces them.
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
        // axum's own extractor; only its rejection is ours.
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(JsonBody(value)),
            Err(rejection) => Err(ApiError::from(rejection)),
        }
    }
}

/// A JSON request body checked against every rule its type declares: read as [`JsonBody`]
/// reads, then validated ([`Validate`], which `#[derive(HalForm)]` implements from the same
/// attributes that make the form). A body that breaks rules is `400` with an `errors` member
/// listing each violation with its JSON pointer, its rule and what is wrong, not just the
/// first:
///
/// ```json
/// {"type": "about:blank", "title": "Bad Request", "status": 400,
///  "detail": "the body breaks 2 rules",
///  "errors": [{"pointer": "/isbn", "detail": "must match the pattern `[0-9]{13}`", "rule": "regex"},
///             {"pointer": "/year", "detail": "must be between 1450 and 2100, not 99999", "rule": "range"}]}
/// ```
///
/// Whole numbers written with a fraction of zero (`62.0`) are read as whole, as JSON Schema
/// counts them integers. A body sent the way a generic HAL-FORMS client fills the form is read
/// too: members named with a nested property's dotted name (`subscribeParam.label`) go where
/// the type reads them, and a `json` property's textarea text is read as the JSON it holds.
/// These second readings happen only for a body that does not fit as sent, so a well-shaped
/// body costs nothing more; errors then point into the nested shape.
///
/// # Examples
///
/// ```
/// use axum::body::Body;
/// use axum::http::Request;
/// use axum::routing::post;
/// use hal_axum::ValidJson;
/// use hal_core::forms::HalForm;
/// use tower::ServiceExt;
///
/// #[derive(serde::Deserialize, HalForm)]
/// struct NewBook {
///     #[hal_form(regex = "[0-9]{13}")]
///     isbn: String,
///     #[hal_form(min = 1450, max = 2100)]
///     year: u16,
/// }
///
/// async fn add(ValidJson(book): ValidJson<NewBook>) -> String {
///     book.isbn
/// }
///
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// let app = axum::Router::new().route("/books", post(add));
/// let request = Request::post("/books")
///     .header("content-type", "application/json")
///     .body(Body::from(r#"{"isbn": "12", "year": 2100.0}"#))
///     .unwrap();
/// let response = app.oneshot(request).await.unwrap();
/// assert_eq!(response.status(), 400);
/// let body = axum::body::to_bytes(response.into_body(), 1 << 16).await.unwrap();
/// let problem: serde_json::Value = serde_json::from_slice(&body).unwrap();
/// assert_eq!(problem["errors"][0]["pointer"], "/isbn");
/// assert_eq!(problem["errors"].as_array().map(Vec::len), Some(1));
/// # });
/// ```
#[derive(Debug, Clone)]
pub struct ValidJson<T>(pub T);

impl<T, S> FromRequest<S> for ValidJson<T>
where
    T: DeserializeOwned + Validate + HalForm,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = read_body(request, state, is_json_media_type, JSON_EXPECTED).await?;
        Self::from_slice(&bytes)
    }
}

impl<T: DeserializeOwned + Validate + HalForm> ValidJson<T> {
    /// Reads and checks a body as the extractor does, from its bytes: for a body that did not
    /// come through axum, or a test of what the extractor admits.
    ///
    /// # Errors
    ///
    /// The `400` the extractor answers with: the member that does not fit, or every broken
    /// rule.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_axum::ValidJson;
    /// use hal_core::forms::HalForm;
    ///
    /// #[derive(serde::Deserialize, HalForm)]
    /// struct Retry { #[hal_form(min = 1, max = 100)] count: u32 }
    ///
    /// assert_eq!(ValidJson::<Retry>::from_slice(br#"{"count": 62.0}"#).unwrap().0.count, 62);
    /// assert!(ValidJson::<Retry>::from_slice(br#"{"count": 0}"#).is_err());
    /// ```
    pub fn from_slice(bytes: &[u8]) -> Result<Self, ApiError> {
        let value: T = decode(bytes, |document| {
            expand_form_names(document, &T::properties())
        })?;
        value.validate().map_err(|errors| invalid(&errors))?;
        Ok(ValidJson(value))
    }
}

/// What a JSON body's `Content-Type` must say, in words.
const JSON_EXPECTED: &str = "JSON (`application/json` or a `+json` type)";

/// Query parameters read into `T` and checked against every rule it declares, as
/// [`ValidJson`] checks a body: a parameter that does not fit is `400` naming it
/// (`parameter`), and broken rules are all listed in `errors`, each at `/name`.
///
/// `T` sees the whole query string, so beside [`PageQuery`] it leaves `offset` and `limit` to
/// it (serde ignores members it does not read, unless `T` denies unknown fields).
///
/// # Examples
///
/// ```
/// use axum::body::Body;
/// use axum::http::Request;
/// use axum::routing::get;
/// use hal_axum::ValidQuery;
/// use hal_core::forms::HalForm;
/// use tower::ServiceExt;
///
/// #[derive(serde::Deserialize, HalForm)]
/// struct Search {
///     #[hal_form(min_length = 2, max_length = 50)]
///     q: String,
///     #[hal_form(min = 1, max = 5)]
///     stars: Option<u8>,
/// }
///
/// async fn search(ValidQuery(search): ValidQuery<Search>) -> String {
///     search.q
/// }
///
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// let app = axum::Router::new().route("/books", get(search));
/// let request = Request::get("/books?q=x&stars=9").body(Body::empty()).unwrap();
/// let response = app.clone().oneshot(request).await.unwrap();
/// assert_eq!(response.status(), 400);
/// let body = axum::body::to_bytes(response.into_body(), 1 << 16).await.unwrap();
/// let problem: serde_json::Value = serde_json::from_slice(&body).unwrap();
/// assert_eq!(problem["errors"][0]["pointer"], "/q");
/// assert_eq!(problem["errors"][1]["pointer"], "/stars");
///
/// let request = Request::get("/books?q=rust&stars=many").body(Body::empty()).unwrap();
/// let response = app.clone().oneshot(request).await.unwrap();
/// let body = axum::body::to_bytes(response.into_body(), 1 << 16).await.unwrap();
/// let problem: serde_json::Value = serde_json::from_slice(&body).unwrap();
/// assert_eq!(problem["parameter"], "stars");
///
/// let request = Request::get("/books?stars=2").body(Body::empty()).unwrap();
/// let response = app.oneshot(request).await.unwrap();
/// let body = axum::body::to_bytes(response.into_body(), 1 << 16).await.unwrap();
/// let problem: serde_json::Value = serde_json::from_slice(&body).unwrap();
/// assert_eq!(problem["parameter"], "q");
/// # });
/// ```
#[derive(Debug, Clone)]
pub struct ValidQuery<T>(pub T);

impl<T: DeserializeOwned + Validate, S: Send + Sync> FromRequestParts<S> for ValidQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        let pairs = form_urlencoded::parse(query.as_bytes());
        let value: T = serde_path_to_error::deserialize(serde_urlencoded::Deserializer::new(pairs))
            .map_err(|error| {
                let message = error.inner().to_string();
                // serde names a missing member only in its message, at the path of its parent.
                let parameter = match message.strip_prefix("missing field `") {
                    Some(rest) => rest.split('`').next().unwrap_or_default().to_owned(),
                    None => error.path().to_string(),
                };
                let detail = format!("`{parameter}`: {message}");
                let errors = serde_json::json!([{
                    "pointer": format!("/{parameter}"),
                    "detail": error.inner().to_string(),
                }]);
                ApiError::bad_parameter(&parameter, detail).with_member("errors", errors)
            })?;
        value
            .validate()
            .map_err(|errors| broken_rules("the query", &errors))?;
        Ok(ValidQuery(value))
    }
}

/// The `400` for a body that breaks its type's rules: each violation in `errors`.
///
/// # Examples
///
/// ```
/// use hal_core::forms::{ValidationError, ValidationErrors};
///
/// let mut errors = ValidationErrors::new();
/// errors.add("label", ValidationError::new("length").with_message("must have at most 200 characters, not 201".into()));
/// let error = hal_axum::invalid(&errors);
/// assert_eq!(error.problem().status(), 400);
/// assert_eq!(error.problem().member("errors").unwrap()[0]["pointer"], "/label");
/// ```
#[must_use]
pub fn invalid(errors: &ValidationErrors) -> ApiError {
    broken_rules("the body", errors)
}

/// `400`, each violation of `what` (the body, the query) in `errors`.
fn broken_rules(what: &str, errors: &ValidationErrors) -> ApiError {
    let violations = violations(errors);
    let detail = match violations.as_slice() {
        [only] => format!("{what} breaks a rule: {only}"),
        all => format!("{what} breaks {} rules", all.len()),
    };
    let members = serde_json::to_value(&violations).unwrap_or_default();
    ApiError::bad_request(detail).with_member("errors", members)
}

/// Reads a JSON body whose media type `accepts` takes (`415` naming `expected` otherwise),
/// within the body limits; a body that does not fit `T` is `400` with a `pointer`.
#[cfg(feature = "merge-patch")]
pub(crate) async fn read_json<T: DeserializeOwned, S: Send + Sync>(
    request: Request,
    state: &S,
    accepts: fn(&str) -> bool,
    expected: &str,
) -> Result<T, ApiError> {
    let bytes = read_body(request, state, accepts, expected).await?;
    decode(&bytes, |_| false)
}

/// The body's bytes, when its media type `accepts` takes (`415` naming `expected` otherwise),
/// within the body limits.
async fn read_body<S: Send + Sync>(
    request: Request,
    state: &S,
    accepts: fn(&str) -> bool,
    expected: &str,
) -> Result<axum::body::Bytes, ApiError> {
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
    axum::body::Bytes::from_request(request, state)
        .await
        .map_err(unreadable_body)
}

/// Reads `T` from JSON bytes. A body that does not fit as sent is read once more as a
/// document, reshaped by `reshape` (a form's flat names) and with whole numbers written as
/// `62.0` made whole, as JSON Schema counts them integers; if neither changed anything, or
/// the reshaped document does not fit either, the error names the member at fault.
fn decode<T: DeserializeOwned>(
    bytes: &[u8],
    reshape: impl FnOnce(&mut serde_json::Value) -> bool,
) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let error = match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(value) => {
            deserializer
                .end()
                .map_err(|e| ApiError::bad_request(format!("invalid JSON: {e}")))?;
            return Ok(value);
        }
        Err(error) => error,
    };
    let Ok(mut document) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        return Err(body_error(&error));
    };
    let reshaped = reshape(&mut document);
    let integral = make_integral(&mut document);
    if !reshaped && !integral {
        return Err(body_error(&error));
    }
    serde_path_to_error::deserialize(document).map_err(|again| {
        // A reshaped body is told in the shape the type reads; otherwise as it was sent.
        body_error(if reshaped { &again } else { &error })
    })
}

/// Reads a body a HAL-FORMS client sent as the form's properties name it: a member named with
/// a nested property's path (`subscribeParam.label`) moves to where the type reads it, and a
/// `json` property's text (a textarea's value) is read as the JSON it holds. Whether anything
/// changed.
fn expand_form_names(document: &mut serde_json::Value, properties: &[Property]) -> bool {
    use serde_json::Value;
    let Value::Object(members) = document else {
        return false;
    };
    let mut changed = false;
    for property in properties {
        let name = property.name();
        if name.contains('.')
            && let Some(value) = members.remove(name)
        {
            match insert_at(members, name, value) {
                Ok(()) => changed = true,
                // The nested member is there already: keep the flat one, for reading to name.
                Err(value) => {
                    members.insert(name.to_owned(), value);
                }
            }
        }
        if property.extensions().contains_key(JSON_VALUE)
            && let Some(slot) = pointer_mut(members, name)
            && let Value::String(text) = slot
            && let Ok(parsed) = serde_json::from_str::<Value>(text)
        {
            *slot = parsed;
            changed = true;
        }
    }
    changed
}

/// Puts `value` where a dotted property name leads, making the objects on the way; gives it
/// back when a member on the way is not an object or the place is taken.
fn insert_at(
    members: &mut serde_json::Map<String, serde_json::Value>,
    name: &str,
    value: serde_json::Value,
) -> Result<(), serde_json::Value> {
    let Some((parents, last)) = name.rsplit_once('.') else {
        return Err(value);
    };
    let mut at = members;
    for segment in parents.split('.') {
        let next = at
            .entry(segment)
            .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
        match next {
            serde_json::Value::Object(inner) => at = inner,
            _ => return Err(value),
        }
    }
    if at.contains_key(last) {
        return Err(value);
    }
    at.insert(last.to_owned(), value);
    Ok(())
}

/// The member a dotted property name leads to, if the body has it.
fn pointer_mut<'a>(
    members: &'a mut serde_json::Map<String, serde_json::Value>,
    name: &str,
) -> Option<&'a mut serde_json::Value> {
    let (parents, last) = match name.rsplit_once('.') {
        Some((parents, last)) => (Some(parents), last),
        None => (None, name),
    };
    let mut at = members;
    if let Some(parents) = parents {
        for segment in parents.split('.') {
            match at.get_mut(segment) {
                Some(serde_json::Value::Object(inner)) => at = inner,
                _ => return None,
            }
        }
    }
    at.get_mut(last)
}

/// Rewrites each number with a zero fraction that fits an `i64` or `u64` as a whole number;
/// whether any was. Iterative, so a deeply nested body cannot overflow the stack.
fn make_integral(document: &mut serde_json::Value) -> bool {
    use serde_json::Value;
    let mut changed = false;
    let mut pending = vec![document];
    while let Some(value) = pending.pop() {
        match value {
            Value::Number(number) if number.is_f64() => {
                let Some(x) = number.as_f64() else { continue };
                // In range, the casts are exact: the value is whole and below 2^63 or 2^64.
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let whole = if x.fract() != 0.0 {
                    None
                } else if (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&x) {
                    Some(serde_json::Number::from(x as i64))
                } else if (0.0..1.844_674_407_370_955_2e19).contains(&x) {
                    Some(serde_json::Number::from(x as u64))
                } else {
                    None
                };
                if let Some(whole) = whole {
                    *number = whole;
                    changed = true;
                }
            }
            Value::Array(items) => pending.extend(items.iter_mut()),
            Value::Object(members) => pending.extend(members.values_mut()),
            _ => {}
        }
    }
    changed
}

/// A body that could not be read: over the size limit (`413`), too slow (`408`, when
/// [`serve`](crate::serve) times it out), or cut off (`400`).
pub(crate) fn unreadable_body(rejection: axum::extract::rejection::BytesRejection) -> ApiError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "the request body is larger than this service reads",
        );
    }
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&rejection);
    while let Some(error) = cause {
        // `protect`'s body read timeout.
        #[cfg(feature = "serve")]
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

pub(crate) fn body_error(error: &serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    let pointer = json_pointer(error);
    let inner = error.inner();
    let message = if pointer.is_empty() {
        format!("invalid body: {inner}")
    } else {
        format!("invalid body at {pointer}: {inner}")
    };
    ApiError::bad_member(message, pointer, inner.to_string())
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
