//! Prometheus metrics: every request counted by route and status and timed, through the
//! `metrics` facade, so a service adds its own counters with `metrics::counter!`.
//!
//! [`protect`](crate::serve::protect) records `http_requests_total{method, route, status}` and
//! `http_request_duration_seconds{method, route}` (the route as declared, `/monitors/{id}`, so
//! the series stay few). [`prometheus`] builds a recorder, which the application installs;
//! [`router`] serves what it recorded at `/metrics` in Prometheus' text format. Without a recorder, recording
//! costs nearly nothing.

use std::collections::HashMap;
use std::sync::{PoisonError, RwLock};
use std::time::Duration;

use axum::Router;
use axum::extract::MatchedPath;
use axum::http::{Method, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics::{Counter, Histogram, Key, Label, Level, Metadata, Recorder, SharedString};
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

/// The `method` label: the methods HTTP defines by name, anything else `OTHER`, so that a
/// client inventing methods cannot grow the series without bound.
pub(crate) fn method_label(method: &Method) -> &'static str {
    const KNOWN: [Method; 9] = [
        Method::GET,
        Method::HEAD,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
        Method::OPTIONS,
        Method::CONNECT,
        Method::TRACE,
    ];
    const NAMES: [&str; 9] = [
        "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE",
    ];
    KNOWN
        .iter()
        .position(|known| known == method)
        .map_or("OTHER", |at| NAMES[at])
}

/// Counts and times one answered request: its route is the [`MatchedPath`] the route's layer
/// put on the response, `unmatched` when no route took it.
pub(crate) fn record(response: &Response, method: &'static str, elapsed: Duration) {
    let route = response
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str);
    let status = response.status().as_u16();
    metrics::with_recorder(|recorder| {
        SERIES.record(recorder, route, method, status, elapsed.as_secs_f64());
    });
}

/// The handles of the series [`record`] writes, registered once each: registering resolves,
/// hashes and compares every label, which cost more than the recording itself (7 % of a
/// trivial request's time, measured). The series are few (routes, methods and statuses are
/// bounded); the handles belong to the recorder they were registered with, so another
/// recorder starts afresh.
static SERIES: Series = Series(RwLock::new(None));

struct Series(RwLock<Option<Registered>>);

struct Registered {
    /// The address of the recorder the handles write to.
    recorder: usize,
    by_route: HashMap<Box<str>, Vec<Handles>>,
}

impl Registered {
    fn find(&self, route: &str, method: &'static str, status: u16) -> Option<&Handles> {
        self.by_route
            .get(route)?
            .iter()
            .find(|handles| handles.method == method && handles.status == status)
    }
}

struct Handles {
    method: &'static str,
    status: u16,
    counter: Counter,
    histogram: Histogram,
}

impl Series {
    /// Counts one request of the series and records its duration, registering the series
    /// the first time.
    fn record(
        &self,
        recorder: &dyn Recorder,
        route: &str,
        method: &'static str,
        status: u16,
        seconds: f64,
    ) {
        let address = std::ptr::from_ref(recorder).cast::<()>() as usize;
        // A poisoned lock only means a panic elsewhere; the handles in it are whole.
        let read = self.0.read().unwrap_or_else(PoisonError::into_inner);
        // Recorded under the read lock, without cloning the handles.
        if let Some(handles) = read
            .as_ref()
            .filter(|r| r.recorder == address)
            .and_then(|registered| registered.find(route, method, status))
        {
            handles.counter.increment(1);
            handles.histogram.record(seconds);
            return;
        }
        drop(read);
        let (counter, histogram) = self.register(recorder, address, route, method, status);
        counter.increment(1);
        histogram.record(seconds);
    }

    fn register(
        &self,
        recorder: &dyn Recorder,
        address: usize,
        route: &str,
        method: &'static str,
        status: u16,
    ) -> (Counter, Histogram) {
        let find = |registered: &Registered| {
            registered
                .find(route, method, status)
                .map(|handles| (handles.counter.clone(), handles.histogram.clone()))
        };
        let metadata = Metadata::new(module_path!(), Level::INFO, Some(module_path!()));
        let route_label = SharedString::from_owned(route.to_owned());
        let counter = recorder.register_counter(
            &Key::from_parts(
                "http_requests_total",
                vec![
                    Label::new("method", method),
                    Label::new("route", route_label.clone()),
                    Label::new("status", status_label(status)),
                ],
            ),
            &metadata,
        );
        let histogram = recorder.register_histogram(
            &Key::from_parts(
                "http_request_duration_seconds",
                vec![
                    Label::new("method", method),
                    Label::new("route", route_label),
                ],
            ),
            &metadata,
        );
        let mut write = self.0.write().unwrap_or_else(PoisonError::into_inner);
        let registered = match write.take() {
            Some(registered) if registered.recorder == address => registered,
            _ => Registered {
                recorder: address,
                by_route: HashMap::new(),
            },
        };
        let registered = write.insert(registered);
        // Another request may have registered them while the lock was free.
        if let Some(found) = find(registered) {
            return found;
        }
        registered
            .by_route
            .entry(route.into())
            .or_default()
            .push(Handles {
                method,
                status,
                counter: counter.clone(),
                histogram: histogram.clone(),
            });
        (counter, histogram)
    }
}

/// The `status` label. Three digits: at most 900 series per route and method; the codes a
/// service answers most need no allocation.
fn status_label(status: u16) -> SharedString {
    const COMMON: [(u16, &str); 24] = [
        (200, "200"),
        (201, "201"),
        (202, "202"),
        (204, "204"),
        (206, "206"),
        (301, "301"),
        (302, "302"),
        (303, "303"),
        (304, "304"),
        (400, "400"),
        (401, "401"),
        (403, "403"),
        (404, "404"),
        (405, "405"),
        (406, "406"),
        (409, "409"),
        (412, "412"),
        (413, "413"),
        (415, "415"),
        (422, "422"),
        (429, "429"),
        (500, "500"),
        (502, "502"),
        (503, "503"),
    ];
    COMMON.iter().find(|(code, _)| *code == status).map_or_else(
        || SharedString::from_owned(status.to_string()),
        |(_, label)| SharedString::const_str(label),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_bounded_and_spelled_as_on_the_wire() {
        assert_eq!(method_label(&Method::GET), "GET");
        assert_eq!(method_label(&Method::OPTIONS), "OPTIONS");
        let invented = Method::from_bytes(b"BREW").unwrap();
        assert_eq!(method_label(&invented), "OTHER");
        for code in [200_u16, 304, 404, 431, 503, 599] {
            assert_eq!(&*status_label(code), code.to_string());
        }
    }

    fn answered(status: u16) -> Response {
        let mut response = Response::new(axum::body::Body::empty());
        *response.status_mut() = axum::http::StatusCode::from_u16(status).unwrap();
        response
    }

    #[test]
    fn each_recorder_counts_what_was_recorded_while_it_was_current() {
        let (first, first_handle) = prometheus().unwrap();
        let (second, second_handle) = prometheus().unwrap();
        metrics::with_local_recorder(&first, || {
            record(&answered(200), "GET", Duration::from_millis(1));
            record(&answered(200), "GET", Duration::from_millis(1));
            record(&answered(404), "GET", Duration::from_millis(1));
        });
        metrics::with_local_recorder(&second, || {
            record(&answered(200), "POST", Duration::from_millis(1));
        });
        let first = first_handle.render();
        let second = second_handle.render();
        assert!(
            first.contains(r#"http_requests_total{method="GET",route="unmatched",status="200"} 2"#),
            "{first}"
        );
        assert!(
            first.contains(r#"http_requests_total{method="GET",route="unmatched",status="404"} 1"#),
            "{first}"
        );
        assert!(!first.contains("POST"), "{first}");
        assert!(
            second
                .contains(r#"http_requests_total{method="POST",route="unmatched",status="200"} 1"#),
            "{second}"
        );
        assert!(!second.contains(r#"method="GET""#), "{second}");
    }
}
