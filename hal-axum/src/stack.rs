//! The request-level protections of [`serve`](crate::serve), composed as one service.
//!
//! A request passes through one future that sets its id, opens its tracing span, refuses it
//! when over a limit, calls the router under a timeout with panics caught, and finishes the
//! answer (`304` and `406` as the request asked, `OPTIONS` from `Allow`, a problem document for
//! every error, the id echoed, the metrics recorded). Inside the router, one layer per route
//! tags HAL bodies and names the route ([`RouteLayer`]). A tower layer per concern would box
//! and clone a service and move the request and the response through each of them: measured
//! on a trivial handler, that stack served at 0.45x the rate of bare `axum::serve`.

use std::any::Any;
use std::convert::Infallible;
use std::future::{Future, poll_fn};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, HttpBody};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use tokio::time::Instant;
use tower::{Layer, Service, ServiceExt};
use tower_http::compression::predicate::DefaultPredicate;
use tower_http::compression::{Compression, CompressionLayer, CompressionLevel};
use tracing::Instrument;

use hal_core::Problem;

use crate::ApiError;
use crate::serve::REQUEST_ID;

/// What the stack bounds, from [`ServeConfig`](crate::serve::ServeConfig).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) max_body_bytes: usize,
    pub(crate) max_uri_bytes: usize,
    pub(crate) max_header_bytes: usize,
    pub(crate) max_header_fields: usize,
    pub(crate) request_timeout: Duration,
}

/// What a service adds to every problem document the stack sends, after `requestId` and
/// `instance`: see [`ServeConfig::with_problem_members`](crate::serve::ServeConfig::with_problem_members).
#[derive(Clone)]
pub(crate) struct ProblemMembers(pub(crate) Arc<dyn Fn(Problem) -> Problem + Send + Sync>);

impl std::fmt::Debug for ProblemMembers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProblemMembers(..)")
    }
}

/// The router behind the protections; see the module's documentation. Compression is
/// outermost, and only for a request that names encodings it accepts: tower-http's compressed
/// body is an enum of every encoder, near 6 KiB that hyper would move several times for every
/// response, compressed or not (7 % of a trivial request's time, measured).
#[derive(Clone)]
pub(crate) struct Stack<S, B> {
    core: Core<S, B>,
    compressed: Option<Compression<Core<S, B>, DefaultPredicate>>,
}

impl<S: Clone, B: Clone> Stack<S, B> {
    /// `bare` serves requests without a body; `bodied`, the same router behind the body's
    /// limit and read timeout, the others.
    pub(crate) fn new(
        bare: S,
        bodied: B,
        limits: Limits,
        compression_level: u32,
        members: Option<ProblemMembers>,
    ) -> Self {
        let core = Core {
            bare,
            bodied,
            limits,
            members,
        };
        let compressed = (compression_level > 0).then(|| {
            // gzip or br by `Accept-Encoding`, with `Vary: Accept-Encoding`; tower-http's
            // default choice of what to compress (not tiny bodies, images, gRPC or event
            // streams). The ETag names the representation before encoding.
            CompressionLayer::new()
                .quality(CompressionLevel::Precise(
                    i32::try_from(compression_level).unwrap_or(i32::MAX),
                ))
                .compress_when(DefaultPredicate::new())
                .layer(core.clone())
        });
        Self { core, compressed }
    }
}

/// What the stack wraps: the router, as a service.
pub(crate) trait RouterService:
    Service<Request, Response = Response, Error = Infallible, Future: Send + 'static>
    + Clone
    + Send
    + Sync
    + 'static
{
}

impl<S> RouterService for S where
    S: Service<Request, Response = Response, Error = Infallible, Future: Send + 'static>
        + Clone
        + Send
        + Sync
        + 'static
{
}

/// The answer to one request, from either half of the stack.
type Answer = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

impl<S: RouterService, B: RouterService> Stack<S, B> {
    /// The answer to `request`. By reference: the connection's service calls it for every
    /// request without cloning the stack.
    pub(crate) fn answer(&self, request: Request) -> Answer {
        match &self.compressed {
            Some(compressed) if request.headers().contains_key(header::ACCEPT_ENCODING) => {
                let response = compressed.clone().oneshot(request);
                Box::pin(async move {
                    let Ok(response) = response.await;
                    let mut response = response.map(Body::new);
                    // Compression adds its own line (`Accept-Encoding`).
                    merge_vary(response.headers_mut());
                    Ok(response)
                })
            }
            _ => self.core.answer(request),
        }
    }
}

impl<S: RouterService, B: RouterService> Service<Request> for Stack<S, B> {
    type Response = Response;
    type Error = Infallible;
    type Future = Answer;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        // Readiness is awaited on the inner service inside the call's future.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request) -> Answer {
        self.answer(request)
    }
}

/// The protections but compression.
#[derive(Debug, Clone)]
struct Core<S, B> {
    bare: S,
    bodied: B,
    limits: Limits,
    members: Option<ProblemMembers>,
}

impl<S: RouterService, B: RouterService> Core<S, B> {
    fn answer(&self, request: Request) -> Answer {
        let settings = Settings {
            limits: self.limits,
            members: self.members.clone(),
        };
        // A request without a body has nothing to bound or time: the body's layers would
        // only box it again and add an extension.
        if request.body().is_end_stream() {
            Box::pin(answer(self.bare.clone(), settings, request))
        } else {
            Box::pin(answer(self.bodied.clone(), settings, request))
        }
    }
}

impl<S: RouterService, B: RouterService> Service<Request> for Core<S, B> {
    type Response = Response;
    type Error = Infallible;
    type Future = Answer;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        // As the whole stack's: readiness is awaited inside the call's future.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request) -> Answer {
        self.answer(request)
    }
}

/// What [`answer`] needs of the stack for one request.
struct Settings {
    limits: Limits,
    members: Option<ProblemMembers>,
}

/// One request through the protections: its id and span, [`guarded`], then the answer
/// finished (`304`, `406`, `OPTIONS`, problem documents, the server-error log line,
/// metrics, `Vary`). Never an error; the `Result` is the service's.
async fn answer<S>(
    inner: S,
    Settings { limits, members }: Settings,
    mut request: Request,
) -> Result<Response, Infallible>
where
    S: Service<Request, Response = Response, Error = Infallible>,
{
    let request_name = HeaderName::from_static(REQUEST_ID);
    let id = match request.headers().get(&request_name) {
        Some(id) => id.clone(),
        None => {
            let id = new_request_id();
            request
                .headers_mut()
                .insert(request_name.clone(), id.clone());
            id
        }
    };
    // At DEBUG, as tower-http's `TraceLayer` makes its spans: an enabled span formats its
    // fields on every request (14 % of a trivial request's instructions, measured), so it is
    // there for whoever turns it on (`RUST_LOG=hal_axum=debug`); the stack's own events name
    // the request themselves.
    let span = tracing::debug_span!(
        "request",
        method = %request.method(),
        uri = %request.uri().path(),
        request_id = id.to_str().unwrap_or(""),
    );
    let is_options = request.method() == Method::OPTIONS;
    // Kept for a problem's `instance`: a reference count, the path's bytes are shared.
    let uri = request.uri().clone();
    #[cfg(feature = "metrics")]
    let method = crate::metrics::method_label(request.method());
    let asked = crate::conditional::Asked::of(&request);
    let started = Instant::now();
    let response = guarded(inner, limits, started, request)
        .instrument(span.clone())
        .await;
    let response = asked.finish(response);
    let response = answer_allow(response, is_options);
    let status = response.status();
    let mut response = if status.is_client_error() || status.is_server_error() {
        as_problem(response, &id, &uri, members.as_ref()).await
    } else {
        response
    };
    if status.is_server_error() {
        let request_id = id.to_str().unwrap_or("");
        let status = status.as_u16();
        match response.extensions_mut().remove::<PanicMessage>() {
            Some(PanicMessage(panic)) => {
                tracing::error!(parent: &span, request_id, status, panic, "handler panicked");
            }
            None => tracing::error!(
                parent: &span,
                request_id,
                status,
                "answered with a server error"
            ),
        }
    }
    #[cfg(feature = "metrics")]
    crate::metrics::record(&response, method, started.elapsed());
    response.headers_mut().entry(request_name).or_insert(id);
    merge_vary(response.headers_mut());
    Ok(response)
}

/// A fresh id for a request that came without one.
fn new_request_id() -> HeaderValue {
    let mut buffer = uuid::Uuid::encode_buffer();
    let id = uuid::Uuid::new_v4().hyphenated().encode_lower(&mut buffer);
    // A hyphenated UUID is ASCII letters, digits and hyphens: a valid header value.
    HeaderValue::from_str(id).unwrap_or_else(|_| HeaderValue::from_static("unknown"))
}

/// The limits, then the router under the request timeout, a panic answered as a `500`.
async fn guarded<S>(mut inner: S, limits: Limits, started: Instant, request: Request) -> Response
where
    S: Service<Request, Response = Response, Error = Infallible>,
{
    if let Some(refusal) = refuse_oversized(&limits, &request) {
        return refusal;
    }
    let Ok(ready) = inner.ready().await;
    let future = match catch_unwind(AssertUnwindSafe(|| ready.call(request))) {
        Ok(future) => future,
        Err(panic) => return panicked(&*panic),
    };
    let mut future = pin!(future);
    let mut caught = pin!(poll_fn(|cx| {
        match catch_unwind(AssertUnwindSafe(|| future.as_mut().poll(cx))) {
            Ok(Poll::Ready(Ok(response))) => Poll::Ready(response),
            Ok(Poll::Pending) => Poll::Pending,
            Err(panic) => Poll::Ready(panicked(&*panic)),
        }
    }));
    // Most answers are ready at their first poll; only one that waits needs a timer (a
    // timer's registration was 5 % of a trivial request's time, measured).
    let first = poll_fn(|cx| Poll::Ready(caught.as_mut().poll(cx))).await;
    if let Poll::Ready(response) = first {
        return response;
    }
    match tokio::time::timeout_at(started + limits.request_timeout, caught).await {
        Ok(response) => response,
        // Made a problem document with the others.
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

/// A `413`, `414` or `431` problem for a request over a limit; a body is refused by its
/// announced length before any of it is read.
fn refuse_oversized(limits: &Limits, request: &Request) -> Option<Response> {
    let uri_bytes = request
        .uri()
        .path_and_query()
        .map_or(0, |target| target.as_str().len());
    if uri_bytes > limits.max_uri_bytes {
        return Some(
            ApiError::new(
                StatusCode::URI_TOO_LONG,
                format!(
                    "the request target has {uri_bytes} bytes, more than the {} this service reads",
                    limits.max_uri_bytes
                ),
            )
            .into_response(),
        );
    }
    let headers = request.headers();
    let header_bytes: usize = headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    if headers.len() > limits.max_header_fields || header_bytes > limits.max_header_bytes {
        return Some(
            ApiError::new(
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                format!(
                    "the request has {} header fields of {header_bytes} bytes; this service reads at most {} fields of {} bytes",
                    headers.len(),
                    limits.max_header_fields,
                    limits.max_header_bytes
                ),
            )
            .into_response(),
        );
    }
    let announced = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if let Some(length) = announced
        && length > limits.max_body_bytes as u64
    {
        let mut response = ApiError::too_large(limits.max_body_bytes).into_response();
        // The body is never read, so the connection cannot carry another request.
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return Some(response);
    }
    None
}

/// A handler's panic message, carried on its `500` to the one log line that names the request.
#[derive(Debug, Clone)]
struct PanicMessage(String);

/// A `500` problem document that says nothing of the panic; its message goes to the log with
/// the request's id.
fn panicked(panic: &(dyn Any + Send)) -> Response {
    let message = panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(not a string)");
    let mut response =
        ApiError::internal("the server failed to answer this request; it has been logged")
            .into_response();
    response
        .extensions_mut()
        .insert(PanicMessage(message.to_owned()));
    response
}

/// Where the router answered `405` (with the `Allow` header of the route's methods): `OPTIONS`
/// becomes a `204` with that header, and any other method keeps its `405`; both name the
/// methods alike, `OPTIONS` included, as `GET, HEAD, POST, OPTIONS`.
fn answer_allow(mut response: Response, is_options: bool) -> Response {
    if response.status() != StatusCode::METHOD_NOT_ALLOWED {
        return response;
    }
    let Some(allow) = response
        .headers()
        .get(header::ALLOW)
        .and_then(|v| v.to_str().ok())
    else {
        return response;
    };
    let mut methods: Vec<&str> = allow
        .split(',')
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .collect();
    if !methods.contains(&"OPTIONS") {
        methods.push("OPTIONS");
    }
    let allow = HeaderValue::from_str(&methods.join(", "))
        .unwrap_or_else(|_| HeaderValue::from_static("OPTIONS"));
    if is_options {
        return (StatusCode::NO_CONTENT, [(header::ALLOW, allow)]).into_response();
    }
    response.headers_mut().insert(header::ALLOW, allow);
    response
}

/// One `Vary` line where layers and handlers each added theirs: every field named once
/// (case-insensitively, in the order first named), or `*` alone when any line says `*`.
/// Lines that are not visible ASCII are left as they are.
fn merge_vary(headers: &mut HeaderMap) {
    let mut lines = headers.get_all(header::VARY).iter();
    let (Some(_), Some(_)) = (lines.next(), lines.next()) else {
        return;
    };
    let mut names: Vec<&str> = Vec::new();
    for line in headers.get_all(header::VARY) {
        let Ok(line) = line.to_str() else {
            return;
        };
        for name in line.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            if name == "*" {
                headers.insert(header::VARY, HeaderValue::from_static("*"));
                return;
            }
            if !names.iter().any(|known| known.eq_ignore_ascii_case(name)) {
                names.push(name);
            }
        }
    }
    // Visible ASCII joined by ", " is a valid header value.
    if let Ok(merged) = HeaderValue::from_str(&names.join(", ")) {
        headers.insert(header::VARY, merged);
    }
}

/// Makes an error a problem document that names the request: an error answered without a
/// body (a timeout, a layer's own refusal) gets one for its status, and every problem gets
/// the request's id in `requestId`, to be found in the logs, and the request's path as its
/// `instance` when the handler gave none (`ApiError::not_found(..)` cannot know it).
async fn as_problem(
    response: Response,
    request_id: &HeaderValue,
    uri: &Uri,
    members: Option<&ProblemMembers>,
) -> Response {
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let is_problem = content_type
        .as_deref()
        .is_some_and(|t| t.starts_with(hal_core::problem::PROBLEM_JSON));
    if content_type.is_some() && !is_problem {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // Problem documents are small; anything larger is not one of ours and passes unchanged.
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return ApiError::internal("the error response could not be read").into_response();
    };
    let problem = if is_problem {
        match serde_json::from_slice::<hal_core::Problem>(&bytes) {
            Ok(problem) => problem,
            Err(_) => return Response::from_parts(parts, Body::from(bytes)),
        }
    } else {
        if !bytes.is_empty() {
            return Response::from_parts(parts, Body::from(bytes));
        }
        hal_core::Problem::new(
            status.as_u16(),
            status.canonical_reason().unwrap_or("Error"),
        )
    };
    let problem = match request_id.to_str() {
        Ok(id) => problem.with_member("requestId", id),
        Err(_) => problem,
    };
    let problem = match problem.instance() {
        Some(_) => problem,
        None => problem.with_instance(uri.path()),
    };
    let problem = match members {
        Some(members) => (members.0)(problem),
        None => problem,
    };
    let rewritten = ApiError::from(problem).into_response();
    // Keep what the original said besides its body (`Allow`, `Retry-After`, `Connection`).
    parts.headers.remove(header::CONTENT_LENGTH);
    let (new_parts, body) = rewritten.into_parts();
    for (name, value) in &new_parts.headers {
        parts.headers.insert(name.clone(), value.clone());
    }
    Response::from_parts(parts, body)
}

/// Per route, what needs the route: the tag of a HAL body (inside the route, which alone sees
/// the body of a `HEAD`'s `GET`), and the matched route handed to the metrics on the response.
/// One layer, and only when there is work for it: each `Router::layer` boxes every route once
/// more, a cost each request pays (a sixth of a trivial request's instructions, measured).
#[derive(Debug, Clone, Copy)]
pub(crate) struct RouteLayer {
    pub(crate) tag_bodies: bool,
}

impl<S> Layer<S> for RouteLayer {
    type Service = RouteService<S>;

    fn layer(&self, inner: S) -> RouteService<S> {
        RouteService {
            inner,
            tag_bodies: self.tag_bodies,
        }
    }
}

/// [`RouteLayer`]'s service.
#[derive(Debug, Clone)]
pub(crate) struct RouteService<S> {
    inner: S,
    tag_bodies: bool,
}

/// The route's name for the metrics, where they are recorded.
#[cfg(feature = "metrics")]
type RouteName = axum::extract::MatchedPath;
#[cfg(not(feature = "metrics"))]
type RouteName = ();

impl<S> Service<Request> for RouteService<S>
where
    S: Service<Request, Response = Response, Error = Infallible>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = RouteFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        #[cfg(feature = "metrics")]
        let route = request.extensions().get::<RouteName>().cloned();
        #[cfg(not(feature = "metrics"))]
        let route = None;
        RouteFuture {
            inner: self.inner.call(request),
            route,
            tag_bodies: self.tag_bodies,
            tagging: None,
        }
    }
}

pin_project_lite::pin_project! {
    /// The route's answer, tagged and named. Not boxed but for the tagging of a HAL body: it
    /// lives inside the future axum already boxes for the route.
    pub(crate) struct RouteFuture<F> {
        #[pin]
        inner: F,
        route: Option<RouteName>,
        tag_bodies: bool,
        tagging: Option<Pin<Box<dyn Future<Output = Response> + Send>>>,
    }
}

impl<F: Future<Output = Result<Response, Infallible>>> Future for RouteFuture<F> {
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        #[cfg_attr(not(feature = "metrics"), allow(unused_mut))]
        let mut response = match this.tagging {
            Some(tagging) => std::task::ready!(tagging.as_mut().poll(cx)),
            None => {
                let Ok(response) = std::task::ready!(this.inner.poll(cx));
                if *this.tag_bodies && crate::conditional::needs_tag(&response) {
                    let tagging = this
                        .tagging
                        .insert(Box::pin(crate::conditional::tag(response)));
                    std::task::ready!(tagging.as_mut().poll(cx))
                } else {
                    response
                }
            }
        };
        #[cfg(feature = "metrics")]
        if let Some(route) = this.route.take() {
            response.extensions_mut().insert(route);
        }
        Poll::Ready(Ok(response))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vary_of(lines: &[&'static str]) -> Vec<String> {
        let mut headers = HeaderMap::new();
        for line in lines {
            headers.append(header::VARY, HeaderValue::from_static(line));
        }
        merge_vary(&mut headers);
        headers
            .get_all(header::VARY)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn vary_lines_become_one_naming_each_field_once() {
        assert_eq!(
            vary_of(&["x-fleet-id, accept", "Accept-Encoding", "accept"]),
            ["x-fleet-id, accept, Accept-Encoding"]
        );
        assert_eq!(vary_of(&["accept", "*"]), ["*"]);
        assert_eq!(vary_of(&["accept"]), ["accept"]);
        assert!(vary_of(&[]).is_empty());
    }

    #[test]
    fn a_405_and_options_name_the_same_methods() {
        let refused = || {
            let mut response = StatusCode::METHOD_NOT_ALLOWED.into_response();
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("GET,HEAD,POST"));
            response
        };
        let options = answer_allow(refused(), true);
        let other = answer_allow(refused(), false);
        assert_eq!(options.status(), StatusCode::NO_CONTENT);
        assert_eq!(other.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(options.headers()[header::ALLOW], "GET, HEAD, POST, OPTIONS");
        assert_eq!(other.headers()[header::ALLOW], "GET, HEAD, POST, OPTIONS");
    }
}
