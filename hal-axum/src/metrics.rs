//! Prometheus metrics: every request counted by route and status and timed, through the
//! `metrics` facade, so a service adds its own counters with `metrics::counter!`.
//!
//! [`protect`](crate::serve::protect) records `http_requests_total{method, route, status}` and
//! `http_request_duration_seconds{method, route}` (the route as declared, `/monitors/{id}`, so
//! the series stay few). [`install`] sets up the process's recorder, once; [`router`] serves
//! what it recorded at `/metrics` in Prometheus' text format. Without a recorder, recording
//! costs nearly nothing.

use std::sync::OnceLock;
use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::PrometheusBuilder;
/// What renders the recorded metrics; [`install`] gives it.
pub use metrics_exporter_prometheus::PrometheusHandle;

static HANDLE: OnceLock<Result<PrometheusHandle, String>> = OnceLock::new();

/// Installs the Prometheus recorder for the process (the first call does; later ones return the
/// same handle).
///
/// # Errors
///
/// A message when another recorder was installed first.
///
/// # Examples
///
/// ```
/// let handle = hal_axum::metrics::install().unwrap();
/// metrics::counter!("examples_total").increment(1);
/// assert!(handle.render().contains("examples_total 1"));
/// ```
pub fn install() -> Result<PrometheusHandle, String> {
    HANDLE
        .get_or_init(|| {
            PrometheusBuilder::new()
                .set_buckets(&[0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0])
                .map_err(|e| e.to_string())?
                .install_recorder()
                .map_err(|e| e.to_string())
        })
        .clone()
}

/// A router serving `GET /metrics` from `handle`.
///
/// # Examples
///
/// ```
/// let app: axum::Router = hal_axum::metrics::router(hal_axum::metrics::install().unwrap());
/// ```
pub fn router(handle: PrometheusHandle) -> Router {
    Router::new().route(
        "/metrics",
        get(move || {
            let handle = handle.clone();
            async move {
                (
                    [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
                    handle.render(),
                )
                    .into_response()
            }
        }),
    )
}

/// Counts and times a request by its route; applied per route, where the route is known.
pub(crate) async fn track(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let method = request.method().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("http_request_duration_seconds", "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}
