//! `ValidJson`: a form input read in any shape a client may send it (nested, or flat with the
//! form's dotted names and a textarea's JSON text), checked against every rule it declares.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::routing::post;
use hal_axum::ValidJson;
use hal_core::forms::HalForm;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

#[derive(Debug, serde::Deserialize, serde::Serialize, HalForm)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct NewMonitor {
    #[hal_form(min_length = 1, max_length = 20)]
    label: String,
    #[hal_form(nested)]
    subscribe_param: SubscribeParam,
    #[hal_form(json, max_items = 2)]
    #[serde(default)]
    extended_event_param: Vec<String>,
}

#[derive(Debug, serde::Deserialize, serde::Serialize, HalForm)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SubscribeParam {
    #[hal_form(input_type = "url")]
    target: String,
    #[hal_form(min = 1, max = 100)]
    retry_number: u32,
}

/// The body the handler read, as JSON, or the problem.
async fn send(body: Value) -> (StatusCode, Value) {
    let app = Router::new().route(
        "/monitors",
        post(|ValidJson(monitor): ValidJson<NewMonitor>| async move {
            axum::Json(serde_json::to_value(monitor).unwrap_or_default())
        }),
    );
    let request = Request::post("/monitors")
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let response = app.oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap())
}

fn nested() -> Value {
    json!({
        "label": "Fast",
        "subscribeParam": {"target": "https://hooks.example.com/cc", "retryNumber": 3},
        "extendedEventParam": ["vehicle.position"],
    })
}

#[tokio::test]
async fn the_nested_body_is_read() {
    assert_eq!(send(nested()).await, (StatusCode::OK, nested()));
}

#[tokio::test]
async fn the_forms_flat_names_and_json_text_are_read_as_the_nested_body() {
    let flat = json!({
        "label": "Fast",
        "subscribeParam.target": "https://hooks.example.com/cc",
        "subscribeParam.retryNumber": 3,
        "extendedEventParam": "[\"vehicle.position\"]",
    });
    assert_eq!(send(flat).await, (StatusCode::OK, nested()));
}

#[tokio::test]
async fn whole_numbers_with_a_zero_fraction_are_whole() {
    let mut body = nested();
    body["subscribeParam"]["retryNumber"] = json!(3.0);
    assert_eq!(send(body).await, (StatusCode::OK, nested()));
    let mut body = nested();
    body["subscribeParam"]["retryNumber"] = json!(3.5);
    let (status, problem) = send(body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem["pointer"], "/subscribeParam/retryNumber");
}

#[tokio::test]
async fn every_broken_rule_is_listed_with_its_pointer_in_the_nested_shape() {
    let flat = json!({
        "label": "",
        "subscribeParam.target": "hooks",
        "subscribeParam.retryNumber": 0,
        "extendedEventParam": "[\"a\", \"b\", \"c\"]",
    });
    let (status, problem) = send(flat).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    let found: Vec<(&str, &str)> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["pointer"].as_str().unwrap(), e["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            ("/extendedEventParam", "items"),
            ("/label", "length"),
            ("/subscribeParam/retryNumber", "range"),
            ("/subscribeParam/target", "url"),
        ]
    );
    assert_eq!(problem["detail"], "the body breaks 4 rules");
}

#[tokio::test]
async fn a_flat_name_beside_its_nested_member_is_refused_by_name() {
    let mut body = nested();
    body["subscribeParam.target"] = json!("https://other.example.com/");
    let (status, problem) = send(body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert_eq!(problem["pointer"], "/subscribeParam.target", "{problem}");
}
