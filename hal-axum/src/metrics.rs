//! Prometheus metrics: every request counted by route and status and timed, through the
//! `metrics` facade, so a service adds its own counters with `metrics::counter!`.
//!
//! [`protect`](crate::serve::protect) records `http_requests_total{method, route, status}` and
//! `http_request_duration_seconds{method, route}` (the route as declared, `/monitors/{id}`, so
//! the series stay few). [`prometheus`] builds a recorder, which the application installs;
//! [`router`] serves what it recorded at `/metrics` in Prometheus' text format. Without a recorder, recording
//! costs nearly nothing.

use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::PrometheusBuilder;
/// What renders the recorded metrics; [`prometheus`] gives it with its recorder.
pub use metrics_exporter_prometheus::{PrometheusHandle, PrometheusRecorder};

/// The request-duration buckets, in seconds: from a millisecond to five seconds.
const DURATION_BUCKETS: &[f64] = &[0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0];

/// A Prometheus recorder with this module's buckets, and the handle that renders what it
/// records. Nothing is installed: make it the process's recorder in the binary, once
/// (`metrics::set_global_recorder(recorder)`), or use it for a scope
/// (`metrics::with_local_recorder`), so that a library never decides for the application.
///
/// # Errors
///
/// [`MetricsError`] when the recorder cannot be built.
///
/// # Examples
///
/// ```
/// let (recorder, handle) = hal_axum::metrics::prometheus()?;
/// metrics::with_local_recorder(&recorder, || metrics::counter!("examples_total").increment(1));
/// assert!(handle.render().contains("examples_total 1"));
/// # Ok::<(), hal_axum::metrics::MetricsError>(())
/// ```
pub fn prometheus() -> Result<(PrometheusRecorder, PrometheusHandle), MetricsError> {
    let recorder = PrometheusBuilder::new()
        .set_buckets(DURATION_BUCKETS)
        .map_err(MetricsError)?
        .build_recorder();
    let handle = recorder.handle();
    Ok((recorder, handle))
}

/// The Prometheus recorder could not be built.
///
/// # Examples
///
/// ```
/// fn metrics() -> Result<(), hal_axum::metrics::MetricsError> {
///     let (_recorder, _handle) = hal_axum::metrics::prometheus()?;
///     Ok(())
/// }
/// assert!(metrics().is_ok());
/// ```
#[derive(Debug)]
pub struct MetricsError(metrics_exporter_prometheus::BuildError);

impl std::fmt::Display for MetricsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot build the Prometheus recorder: {}", self.0)
    }
}

impl std::error::Error for MetricsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

/// A router serving `GET /metrics` from `handle`.
///
/// # Examples
///
/// ```
/// let (_recorder, handle) = hal_axum::metrics::prometheus()?;
/// let app: axum::Router = hal_axum::metrics::router(handle);
/// # Ok::<(), hal_axum::metrics::MetricsError>(())
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
