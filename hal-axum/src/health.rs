//! Liveness and readiness, for load balancers and orchestrators.
//!
//! `GET /health` answers `200 {"status":"up"}` while the process serves at all. `GET /ready`
//! runs the service's check (its database, say) and answers `200 {"status":"ready"}`, or a
//! `503` problem document naming what is not ready, so that traffic goes elsewhere meanwhile.

use std::future::Future;

use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::ApiError;

/// A router with `/health` and `/ready`, the latter answering by `check`: `200`, or a `503`
/// problem naming what `check`'s error says is not ready.
///
/// # Examples
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// use tower::ServiceExt;
///
/// let app = hal_axum::health::router(|| async { Err::<(), _>("the database".to_owned()) });
/// let request = |path| axum::http::Request::get(path).body(axum::body::Body::empty()).unwrap();
/// assert_eq!(app.clone().oneshot(request("/health")).await.unwrap().status(), 200);
/// assert_eq!(app.oneshot(request("/ready")).await.unwrap().status(), 503);
/// # });
/// ```
pub fn router<C, F, E>(check: C) -> Router
where
    C: Fn() -> F + Clone + Send + Sync + 'static,
    F: Future<Output = Result<(), E>> + Send + 'static,
    E: std::fmt::Display,
{
    Router::new()
        .route("/health", get(|| async { status_body("up") }))
        .route(
            "/ready",
            get(move || {
                let check = check.clone();
                async move {
                    match check().await {
                        Ok(()) => status_body("ready"),
                        Err(reason) => ApiError::new(
                            StatusCode::SERVICE_UNAVAILABLE,
                            format!("not ready: {reason}"),
                        )
                        .into_response(),
                    }
                }
            }),
        )
}

fn status_body(status: &'static str) -> Response {
    (
        [(axum::http::header::CACHE_CONTROL, "no-store")],
        axum::Json(serde_json::json!({ "status": status })),
    )
        .into_response()
}
