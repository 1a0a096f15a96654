//! The OpenAPI document against the wire: every answer the demo gives on a walk through it
//! (collections, items, monitors, errors) is checked against the schema the served document
//! gives for that operation, status and media type; the document itself against OpenAPI 3.1's
//! own schema; and its text is a reviewed snapshot.

mod support;

use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

const BASE: &str = "/connectedcar/v2";

/// The served document, and what it says of each answer.
struct Document(Value);

impl Document {
    /// The operation `method path` (a concrete path, matched against the templates).
    fn operation(&self, method: &Method, path: &str) -> Option<&Value> {
        let paths = self.0["paths"].as_object()?;
        let (_, item) = paths.iter().find(|(template, _)| matches(template, path))?;
        item.get(method.as_str().to_ascii_lowercase())
    }

    /// Whether `body` is what the document says `method path` answers with `status` as
    /// `content_type`; the validator's messages when not.
    fn check(
        &self,
        method: &Method,
        path: &str,
        status: StatusCode,
        content_type: &str,
        body: &Value,
    ) -> Result<(), Vec<String>> {
        let operation = self
            .operation(method, path)
            .ok_or_else(|| vec![format!("no operation {method} {path}")])?;
        let response = &operation["responses"][status.as_str()];
        let media_type = content_type.split(';').next().unwrap_or("").trim();
        let Some(schema) = response["content"][media_type]["schema"].as_object() else {
            return Err(vec![format!(
                "{method} {path}: no schema for {status} as `{media_type}` (the document has {})",
                response["content"]
            )]);
        };
        // The operation's schema, with the document's components beside it so that its
        // `#/components/schemas/…` references resolve.
        let mut root = schema.clone();
        root.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        root.insert("components".into(), self.0["components"].clone());
        let validator = jsonschema::validator_for(&Value::Object(root))
            .map_err(|e| vec![format!("the schema of {method} {path} {status}: {e}")])?;
        let errors: Vec<String> = validator
            .iter_errors(body)
            .map(|e| format!("{method} {path} {status}: at {}: {e}", e.instance_path()))
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// Whether `path` is an instance of the path `template` (`{name}` is one segment).
fn matches(template: &str, path: &str) -> bool {
    let (mut template, mut path) = (template.split('/'), path.split('/'));
    loop {
        match (template.next(), path.next()) {
            (None, None) => return true,
            (Some(t), Some(p)) if t.starts_with('{') && t.ends_with('}') && !p.is_empty() => {}
            (Some(t), Some(p)) if t == p => {}
            _ => return false,
        }
    }
}

/// A caller of the demo that checks every answer against the document.
struct Walk {
    base: String,
    client: Client,
    document: Document,
    /// A `Prefer` header to send with the next requests.
    prefer: Option<String>,
    checked: usize,
}

struct Answer {
    status: StatusCode,
    location: Option<String>,
    body: Value,
}

impl Walk {
    async fn start() -> Self {
        let base = support::serve_in_process(support::test_state().await).await;
        let client = Client::new();
        let document: Value = client
            .get(format!("{base}{BASE}/openapi.json"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        Self {
            base,
            client,
            document: Document(document),
            prefer: None,
            checked: 0,
        }
    }

    /// `method href` as fleet `fleet`, its answer checked against the document.
    async fn call(
        &mut self,
        method: Method,
        fleet: &str,
        href: &str,
        accept: &str,
        body: Option<(&str, String)>,
    ) -> Answer {
        let mut request = self
            .client
            .request(method.clone(), format!("{}{href}", self.base))
            .header("x-fleet-id", fleet)
            .header("accept", accept);
        if let Some(prefer) = &self.prefer {
            request = request.header("prefer", prefer);
        }
        if let Some((content_type, body)) = body {
            request = request.header("content-type", content_type).body(body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_owned())
        };
        let (content_type, location) = (header("content-type"), header("location"));
        let bytes = response.bytes().await.unwrap();
        let path = href.split('?').next().unwrap();
        let body = if bytes.is_empty() {
            assert!(
                status == StatusCode::NO_CONTENT,
                "{method} {href}: {status} without a body"
            );
            Value::Null
        } else {
            let body: Value = serde_json::from_slice(&bytes)
                .unwrap_or_else(|e| panic!("{method} {href}: not JSON ({e})"));
            let content_type = content_type.unwrap_or_default();
            if let Err(errors) = self
                .document
                .check(&method, path, status, &content_type, &body)
            {
                panic!(
                    "{method} {href} drifted from its schema:\n{}\n{body:#}",
                    errors.join("\n")
                );
            }
            self.checked += 1;
            body
        };
        Answer {
            status,
            location,
            body,
        }
    }

    async fn get(&mut self, href: &str) -> Answer {
        self.call(Method::GET, "f1", href, "application/hal+json", None)
            .await
    }

    /// `GET href` with `Prefer: transclude="relations"`, which the document declares.
    async fn transcluded(&mut self, href: &str, relations: &str) -> Answer {
        self.prefer = Some(format!("transclude=\"{relations}\""));
        let answer = self.get(href).await;
        self.prefer = None;
        answer
    }
}

fn href(body: &Value, rel: &str) -> String {
    body["_links"][rel]["href"]
        .as_str()
        .unwrap_or_else(|| panic!("no `{rel}` link in {body}"))
        .to_owned()
}

fn monitor() -> Value {
    json!({
        "label": "Over 130 km/h",
        "subscribeParam": {"callback": {"webhook": {"target": "https://hooks.example.com/cc"}}},
        "triggerParam": {
            "triggers": [{"name": "fast", "data": {"data": "vehicle.kinetic.speed", "op": "greaterThan", "value": [130]}}],
            "boolExp": "fast"
        }
    })
}

/// Every operation the integration tests exercise, and their errors: each answer is what the
/// document says.
#[tokio::test]
async fn every_answer_on_a_walk_matches_the_served_schema() {
    let mut walk = Walk::start().await;
    let root = walk.get(BASE).await.body;
    assert_eq!(href(&root, "service-desc"), format!("{BASE}/openapi.json"));
    assert_eq!(href(&root, "service-doc"), format!("{BASE}/docs/api"));
    walk.get(&format!("{BASE}/fleets")).await;
    walk.get(&format!("{BASE}/fleets/f1")).await;
    walk.get(&format!("{BASE}/docs/rels/nothing")).await;

    let vehicles = walk.get(&format!("{BASE}/vehicles?limit=3")).await.body;
    walk.get(&href(&vehicles, "next")).await;
    walk.get(&format!("{BASE}/vehicles?brand=nothing")).await;
    let vehicle_href = vehicles["_embedded"]["vehicles"][0]["_links"]["self"]["href"]
        .as_str()
        .unwrap()
        .to_owned();
    let vehicle = walk.get(&vehicle_href).await.body;
    let vin = vehicle["vin"].as_str().unwrap().to_owned();
    // Transcluded answers are what the document says too (the operations declare `Prefer`).
    let transcluded = walk.transcluded(&vehicle_href, "fleet status").await.body;
    assert!(
        transcluded["_embedded"]["fleet"].is_object(),
        "{transcluded}"
    );
    let page = walk
        .transcluded(&format!("{BASE}/vehicles?limit=2"), "next")
        .await
        .body;
    assert!(page["_embedded"]["next"].is_object(), "{page}");
    let trips = walk
        .get(&format!("{vehicle_href}/trips?limit=2"))
        .await
        .body;
    // The generated fleet gives every vehicle trips with way points: read one of each, so the
    // walk cannot lose them silently when the data changes.
    let trip = trips["_embedded"]["trips"][0]["_links"]["self"]["href"]
        .as_str()
        .expect("the first vehicle has a trip");
    let trip = walk.get(trip).await.body;
    let point = trip["_embedded"]["waypoints"][0]["_links"]["self"]["href"]
        .as_str()
        .expect("the trip has a way point");
    walk.get(point).await;
    walk.get(&format!("{vehicle_href}/trips?since=2026-01-01T00:00:00Z"))
        .await;
    // Some vehicle has alerts: read its page and one alert.
    let mut alert_seen = false;
    for item in vehicles["_embedded"]["vehicles"].as_array().unwrap() {
        let alerts = walk
            .get(&format!(
                "{}/alerts",
                item["_links"]["self"]["href"].as_str().unwrap()
            ))
            .await
            .body;
        if let Some(alert) = alerts["_embedded"]["alerts"][0]["_links"]["self"]["href"].as_str() {
            walk.get(alert).await;
            alert_seen = true;
        }
    }
    walk.get(&format!("{vehicle_href}/position")).await;
    walk.call(
        Method::GET,
        "f1",
        &format!("{vehicle_href}/position"),
        "application/geo+json",
        None,
    )
    .await;
    walk.get(&format!("{vehicle_href}/status")).await;
    // The origin's paths of the same resources, by the vehicle's `id`.
    let origin = format!("{BASE}/fleets/f1/vehicles");
    walk.get(&format!("{origin}?indexRange=0-3&pageSize=2"))
        .await;
    let id = vehicle["id"].as_str().unwrap();
    walk.get(&format!("{origin}/{id}")).await;
    walk.get(&format!("{origin}/{id}/status")).await;
    walk.get(&format!("{origin}/{id}/trips?indexRange=0-1&pageSize=2"))
        .await;
    walk.get(&format!("{origin}/{id}/alerts?limit=2")).await;
    walk.get(&format!("{origin}/{id}/maintenance")).await;
    walk.get(&format!("{vehicle_href}/maintenance")).await;
    walk.get(&format!("{origin}/{id}/lastPosition")).await;
    walk.call(
        Method::GET,
        "f1",
        &format!("{origin}/{id}/lastPosition"),
        "application/vnd.geo+json",
        None,
    )
    .await;
    // A sample with an altitude: the position read back carries it, as its schema says
    // (Schemathesis found the document allowing only two numbers there).
    let sample = json!({"recordedAt": "2026-11-29T08:00:00Z", "kinetic": {"speed": 42.0},
        "position": {"type": "Point", "coordinates": [2.35, 48.85, 35.5]}});
    let accepted = walk
        .call(
            Method::POST,
            "f1",
            &format!("{vehicle_href}/telemetry"),
            "application/hal+json",
            Some(("application/json", sample.to_string())),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
    let position = walk.get(&format!("{vehicle_href}/position")).await.body;
    assert_eq!(
        position["geometry"]["coordinates"],
        json!([2.35, 48.85, 35.5]),
        "{position}"
    );

    // Monitors, through every operation.
    let monitors = format!("{BASE}/fleets/f1/monitors");
    walk.get(&monitors).await;
    walk.call(
        Method::GET,
        "f1",
        &monitors,
        "application/prs.hal-forms+json",
        None,
    )
    .await;
    let created = walk
        .call(
            Method::POST,
            "f1",
            &monitors,
            "application/hal+json",
            Some(("application/json", monitor().to_string())),
        )
        .await;
    assert_eq!(created.status, StatusCode::ACCEPTED);
    let location = created.location.unwrap();
    walk.get(&location).await;
    walk.call(
        Method::GET,
        "f1",
        &location,
        "application/prs.hal-forms+json",
        None,
    )
    .await;
    walk.call(
        Method::PUT,
        "f1",
        &location,
        "application/hal+json",
        Some(("application/json", monitor().to_string())),
    )
    .await;
    walk.call(
        Method::PATCH,
        "f1",
        &location,
        "application/hal+json",
        Some((
            "application/merge-patch+json",
            json!({"label": "Renamed"}).to_string(),
        )),
    )
    .await;
    walk.get(&format!("{location}/status")).await;
    walk.call(
        Method::PUT,
        "f1",
        &format!("{location}/status"),
        "application/hal+json",
        Some(("application/json", json!({"status": "Paused"}).to_string())),
    )
    .await;
    // Speeding raises an event: read its page and the event.
    walk.call(
        Method::PUT,
        "f1",
        &format!("{location}/status"),
        "application/hal+json",
        Some(("application/json", json!({"status": "Running"}).to_string())),
    )
    .await;
    let speeding = json!({"recordedAt": "2026-11-29T08:05:00Z", "kinetic": {"speed": 150.0}});
    let receipt = walk
        .call(
            Method::POST,
            "f1",
            &format!("{vehicle_href}/telemetry"),
            "application/hal+json",
            Some(("application/json", speeding.to_string())),
        )
        .await;
    assert_eq!(receipt.status, StatusCode::OK, "{}", receipt.body);
    let events = walk.get(&format!("{location}/events")).await.body;
    let event = events["_embedded"]["cc:events"][0]["_links"]["self"]["href"]
        .as_str()
        .unwrap_or_else(|| panic!("no event raised: {events}"))
        .to_owned();
    walk.get(&event).await;

    // Errors: each a problem document, as the document says.
    for (method, fleet, href, body, status) in [
        (
            Method::GET,
            "f1",
            format!("{BASE}/vehicles?limit=1000"),
            None,
            StatusCode::BAD_REQUEST,
        ),
        (
            Method::GET,
            "f1",
            format!("{BASE}/vehicles/NOT-A-VIN"),
            None,
            StatusCode::BAD_REQUEST,
        ),
        (
            Method::GET,
            "f2",
            vehicle_href.clone(),
            None,
            StatusCode::FORBIDDEN,
        ),
        (
            Method::GET,
            "f1",
            format!("{BASE}/trips/999999999"),
            None,
            StatusCode::NOT_FOUND,
        ),
        (
            Method::GET,
            "f1",
            format!("{BASE}/trips/007"),
            None,
            StatusCode::BAD_REQUEST,
        ),
        (
            Method::GET,
            "f2",
            location.clone(),
            None,
            StatusCode::FORBIDDEN,
        ),
        (
            Method::POST,
            "f1",
            monitors.clone(),
            Some(("application/json", json!({"label": 1}).to_string())),
            StatusCode::BAD_REQUEST,
        ),
        (
            Method::POST,
            "f1",
            monitors.clone(),
            Some(("text/plain", "label".to_owned())),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            Method::PUT,
            "f1",
            format!("{location}/status"),
            Some(("application/json", json!({"status": "Failed"}).to_string())),
            StatusCode::BAD_REQUEST,
        ),
        (
            Method::POST,
            "f1",
            format!("{BASE}/vehicles/{vin}/telemetry"),
            Some(("application/json", "[1]".to_owned())),
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let answer = walk
            .call(method.clone(), fleet, &href, "application/hal+json", body)
            .await;
        assert_eq!(answer.status, status, "{method} {href}: {}", answer.body);
    }
    let deleted = walk
        .call(
            Method::DELETE,
            "f1",
            &location,
            "application/hal+json",
            None,
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert!(alert_seen, "the walk read an alert");
    assert!(walk.checked >= 35, "{} answers checked", walk.checked);
    eprintln!("{} answers checked against the document", walk.checked);
}

/// The checker fails a body that drifted from its schema: a deliberate mismatch.
#[tokio::test]
async fn the_checker_catches_a_drifted_body() {
    let mut walk = Walk::start().await;
    let vehicles = walk.get(&format!("{BASE}/vehicles?limit=1")).await.body;
    let href = vehicles["_embedded"]["vehicles"][0]["_links"]["self"]["href"]
        .as_str()
        .unwrap()
        .to_owned();
    let vehicle = walk.get(&href).await.body;
    let check = |body: &Value| {
        walk.document.check(
            &Method::GET,
            &href,
            StatusCode::OK,
            "application/hal+json",
            body,
        )
    };
    assert!(check(&vehicle).is_ok());
    let mut wrong_type = vehicle.clone();
    wrong_type["year"] = json!("2024");
    let mut no_self = vehicle.clone();
    no_self["_links"].as_object_mut().unwrap().remove("self");
    let mut unknown_relation = vehicle.clone();
    unknown_relation["_links"]["cc:owner"] = json!({"href": "/owners/1"});
    let mut links_as_array = vehicle.clone();
    links_as_array["_links"] = json!([{"rel": "self", "href": href}]);
    for (drift, body) in [
        ("a number written as a string", wrong_type),
        ("a missing `self`", no_self),
        ("an undeclared relation", unknown_relation),
        ("`_links` as an array", links_as_array),
    ] {
        let errors = check(&body).expect_err(drift);
        assert!(!errors.is_empty(), "{drift}");
    }
    assert!(
        walk.document
            .check(
                &Method::GET,
                "/connectedcar/v2/nowhere",
                StatusCode::OK,
                "application/hal+json",
                &vehicle
            )
            .is_err(),
        "an undocumented operation"
    );
}

/// The served document is an OpenAPI 3.1 document, and reads as reviewed.
#[tokio::test]
async fn the_document_is_valid_openapi_3_1_and_reviewed() {
    let walk = Walk::start().await;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/openapi/oas-3.1-schema.json");
    let oas: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&oas).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&walk.document.0)
        .map(|e| format!("at {}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    assert!(
        walk.document.0["openapi"]
            .as_str()
            .unwrap()
            .starts_with("3.1")
    );
    // Every route the router serves for the API is described, each method once.
    let operations: usize = walk.document.0["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|item| item.as_object().unwrap().len())
        .sum();
    assert_eq!(operations, 33);
    // Every example the document gives is an instance of its schema.
    let schemas = walk.document.0["components"]["schemas"]
        .as_object()
        .unwrap();
    let mut examples = 0;
    for (name, schema) in schemas {
        if let Some(example) = schema.get("example") {
            let root = json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$ref": format!("#/components/schemas/{name}"),
                "components": walk.document.0["components"],
            });
            let validator = jsonschema::validator_for(&root).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(example)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "the example of {name}: {errors:?}");
            examples += 1;
        }
    }
    assert!(examples >= 1);
    insta::assert_json_snapshot!("openapi_document", walk.document.0);

    let docs = reqwest::get(format!("{}{BASE}/docs/api/", walk.base))
        .await
        .unwrap();
    assert_eq!(docs.status(), StatusCode::OK);
    let page = docs.text().await.unwrap();
    assert!(page.contains("swagger"), "the docs page");
    assert!(
        !page.contains("cdn") && !page.contains("unpkg"),
        "its assets come from the binary"
    );
}
