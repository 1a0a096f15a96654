//! The glue on its own, driven through a router in process.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::routing::{get, post};
use hal_axum::{HalJson, JsonBody, PageQuery};
use hal_core::Resource;
use hal_paging::{OverMaximum, Paging, Total, Totals};
use http_body_util::BodyExt;
use tower::ServiceExt;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Monitor {
    #[allow(dead_code)]
    name: String,
    #[allow(dead_code)]
    threshold: u32,
}

fn app() -> Router {
    Router::new()
        .route(
            "/trips",
            get(|PageQuery(request, _): PageQuery| async move {
                let links = Paging::offset_limit().links(&request, "/trips", Total::Exact(30));
                HalJson(Resource::new(Totals::new(30)).with_all_links(links))
            }),
        )
        .route(
            "/monitors",
            post(|JsonBody(_m): JsonBody<Monitor>| async { StatusCode::NO_CONTENT }),
        )
        .with_state(Paging::offset_limit().with_max_limit(20, OverMaximum::Reject))
        .fallback(hal_axum::not_found)
        .method_not_allowed_fallback(hal_axum::method_not_allowed)
}

async fn call(request: Request<Body>) -> (StatusCode, String, serde_json::Value) {
    let response = app().oneshot(request).await.unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let body = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
    (status, content_type, body)
}

fn get_request(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

fn post_json(content_type: &str, body: &str) -> Request<Body> {
    Request::post("/monitors")
        .header("content-type", content_type)
        .body(Body::from(body.to_owned()))
        .unwrap()
}

#[tokio::test]
async fn a_page_is_hal_json_with_paging_links() {
    let (status, content_type, body) = call(get_request("/trips?offset=10&limit=10")).await;
    assert_eq!(
        (status, content_type.as_str()),
        (StatusCode::OK, "application/hal+json")
    );
    assert_eq!(body["_links"]["next"]["href"], "/trips?offset=20&limit=10");
    assert_eq!(body["total"], 30);
}

#[tokio::test]
async fn a_bad_paging_parameter_is_a_400_problem_naming_it() {
    let (status, content_type, body) = call(get_request("/trips?limit=500")).await;
    assert_eq!(
        (status, content_type.as_str()),
        (StatusCode::BAD_REQUEST, "application/problem+json")
    );
    assert_eq!(body["parameter"], "limit");
    assert_eq!(body["detail"], "`limit` must be at most 20 (got 500)");
    assert_eq!(body["status"], 400);
    let (_, _, body) = call(get_request("/trips?offset=-1")).await;
    assert_eq!(body["parameter"], "offset");
}

#[tokio::test]
async fn unknown_routes_and_methods_are_problems() {
    let (status, content_type, body) = call(get_request("/nowhere")).await;
    assert_eq!(
        (status, content_type.as_str()),
        (StatusCode::NOT_FOUND, "application/problem+json")
    );
    assert_eq!(body["instance"], "/nowhere");
    let (status, _, body) = call(Request::delete("/trips").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(body["detail"], "DELETE is not supported on /trips");
}

#[tokio::test]
async fn bodies_must_be_json_and_fit() {
    let (status, _, _) = call(post_json(
        "application/json",
        r#"{"name":"m","threshold":3}"#,
    ))
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _, body) = call(post_json("text/plain", "hello")).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(body["status"], 415);
    let (status, _, body) = call(post_json(
        "application/json",
        r#"{"name":"m","threshold":"high"}"#,
    ))
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["pointer"], "/threshold");
    let (_, _, body) = call(post_json("application/json", r#"{"name":"m"}"#)).await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("missing field `threshold`"),
        "{body}"
    );
    assert_eq!(
        body["pointer"], "/threshold",
        "the missing member, not its parent"
    );
    let (_, _, body) = call(post_json(
        "application/hal+json",
        r#"{"name":"m","threshold":1,"extra":1}"#,
    ))
    .await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("unknown field `extra`"),
        "{body}"
    );
    let (status, _, _) = call(post_json("application/json", "{not json")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
