//! The explorer's routes (feature `explorer`): the page and its assets from the binary, the
//! template expansion the page asks for, and the redirect of browsers only.
#![cfg(feature = "explorer")]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use hal_axum::explorer::{self, Explorer};
use serde_json::{Value, json};
use tower::ServiceExt;

fn app() -> axum::Router {
    let explorer = Explorer::new("/api/explorer", "/api");
    axum::Router::new()
        .route(
            "/api",
            axum::routing::get(|| async { hal_axum::HalJson(hal_core::Resource::object()) }),
        )
        .layer(axum::middleware::from_fn_with_state(
            explorer.clone(),
            explorer::redirect_browsers,
        ))
        .merge(explorer.router())
}

async fn call(request: Request<Body>) -> (StatusCode, Value, String) {
    let response = app().oneshot(request).await.unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    let body = serde_json::from_slice(&bytes)
        .unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into()));
    (status, body, content_type)
}

fn expand(body: Value) -> Request<Body> {
    Request::post("/api/explorer/expand")
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

#[tokio::test]
async fn templates_are_expanded_by_the_service() {
    let (status, body, _) = call(expand(json!({
        "template": "/vehicles/{vin}/trips{?since,limit}",
        "variables": {"vin": "VF3 1", "limit": "5"}
    })))
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        json!({"href": "/vehicles/VF3%201/trips?limit=5", "variables": ["vin", "since", "limit"]})
    );

    let (status, body, content_type) = call(expand(json!({"template": "/vehicles/{vin"}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(content_type, "application/problem+json");
    assert_eq!(body["parameter"], "template", "{body}");
}

#[tokio::test]
async fn the_page_and_its_assets_come_from_the_binary() {
    let get = |path: &str| Request::get(path).body(Body::empty()).unwrap();
    let (status, page, content_type) = call(get("/api/explorer")).await;
    assert_eq!(
        (status, content_type.as_str()),
        (StatusCode::OK, "text/html; charset=utf-8")
    );
    let page = page.as_str().unwrap();
    assert!(page.contains(r#"<script type="module" src="/api/explorer/explorer.js">"#));
    assert!(page.contains(r#"data-entry="/api""#));
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "no CDN"
    );
    let (status, _, content_type) = call(get("/api/explorer/explorer.js")).await;
    assert_eq!(
        (status, content_type.as_str()),
        (StatusCode::OK, "text/javascript; charset=utf-8")
    );
    let (status, _, content_type) = call(get("/api/explorer/explorer.css")).await;
    assert_eq!(
        (status, content_type.as_str()),
        (StatusCode::OK, "text/css; charset=utf-8")
    );
}

#[tokio::test]
async fn only_browsers_asking_the_root_for_html_are_redirected() {
    let get = |path: &str, accept: &str| {
        Request::get(path)
            .header("accept", accept)
            .body(Body::empty())
            .unwrap()
    };
    let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    let response = app().oneshot(get("/api", browser)).await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["location"], "/api/explorer#/api");
    for accept in [
        "application/hal+json",
        "*/*",
        "application/json, text/html;q=0.1",
    ] {
        let response = app().oneshot(get("/api", accept)).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{accept}");
    }
    let post = Request::post("/api")
        .header("accept", browser)
        .body(Body::empty())
        .unwrap();
    assert_ne!(
        app().oneshot(post).await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
}
