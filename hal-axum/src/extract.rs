//! Extractors whose rejections are problem documents: the paging request of the query string
//! ([`PageQuery`]), a JSON body ([`JsonBody`], axum's `Json` with a problem for a rejection),
//! and the pointer to what a body got wrong ([`json_pointer`]).

use std::marker::PhantomData;

use axum::extract::{FromRef, FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
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
        // axum's own extractor; only its rejection is ours.
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(JsonBody(value)),
            Err(rejection) => Err(ApiError::from(rejection)),
        }
    }
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
