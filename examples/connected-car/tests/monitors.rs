//! Monitors over real HTTP: created, read, replaced, paused and deleted through their links,
//! fed by telemetry, and raising events that read back as HAL.

mod support;

use connected_car::AppState;
use hal_core::Resource;
use hal_core::template::Variables;
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

const BASE: &str = "/connectedcar/v2";

struct Service {
    base: String,
    client: Client,
}

struct Answer {
    status: StatusCode,
    location: Option<String>,
    body: Value,
}

impl Service {
    async fn start() -> Self {
        Self::with_state(support::test_state().await).await
    }

    async fn with_state(state: AppState) -> Self {
        Self {
            base: support::serve_in_process(state).await,
            client: Client::new(),
        }
    }

    async fn call(&self, method: Method, fleet: &str, href: &str, body: Option<&Value>) -> Answer {
        let mut request = self
            .client
            .request(method, format!("{}{href}", self.base))
            .header("x-fleet-id", fleet);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let location = response
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned());
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let body: Value =
            serde_json::from_slice(&response.bytes().await.unwrap()).unwrap_or(Value::Null);
        if status.is_client_error() {
            assert_eq!(content_type, "application/problem+json", "{href}: {body}");
        } else if !body.is_null() {
            assert_eq!(content_type, "application/hal+json", "{href}");
            let unexpected = support::deviations_aside(&body);
            assert!(unexpected.is_empty(), "{href}: {unexpected:?}");
        }
        Answer {
            status,
            location,
            body,
        }
    }

    /// Creates a monitor of fleet f1 (asserting the 202) and returns its location.
    async fn create_monitor(&self, parameter: &Value) -> String {
        let created = self
            .call(
                Method::POST,
                "f1",
                &format!("{BASE}/fleets/f1/monitors"),
                Some(parameter),
            )
            .await;
        assert_eq!(created.status, StatusCode::ACCEPTED, "{}", created.body);
        created.location.expect("a Location header")
    }

    async fn get(&self, fleet: &str, href: &str) -> Answer {
        self.call(Method::GET, fleet, href, None).await
    }

    /// The href of link `rel` of the resource at `href`, expanded with `variables`.
    async fn link(&self, fleet: &str, href: &str, rel: &str, variables: &Variables) -> String {
        let answer = self.get(fleet, href).await;
        let resource: Resource = hal_core::from_value(&answer.body).unwrap();
        resource
            .links()
            .get(rel)
            .unwrap_or_else(|| panic!("{href} has no `{rel}`"))
            .expand(variables)
            .unwrap()
    }
}

fn parameter(speed: u32, refresh: Option<u64>) -> Value {
    let mut subscribe = json!({"callback": {"webhook": {"target": "https://hooks.example.com/cc",
        "attributes": [{"type": "Header", "key": "X-Fleet", "value": "$fleetId"}]}}});
    if let Some(seconds) = refresh {
        subscribe["refreshEvent"] = json!(seconds);
    }
    json!({
        "label": format!("Over {speed} km/h"),
        "subscribeParam": subscribe,
        "triggerParam": {
            "triggers": [
                {"name": "fast", "data": {"data": "vehicle.kinetic.speed", "op": "greaterThan", "value": [speed]}},
                {"name": "left", "zone": {"transition": "Out", "place": {"center": {"longitude": 2.35, "latitude": 48.85}, "radius": 2000}}}
            ],
            "boolExp": "fast | left"
        },
        "extendedEventParam": ["vehicle.position"]
    })
}

/// A vehicle of `fleet` and its telemetry href, found through links.
async fn vehicle_of(service: &Service, fleet: &str) -> (String, String) {
    let vehicles = service
        .link(
            fleet,
            BASE,
            "vehicles",
            &Variables::new().with("limit", 1u32),
        )
        .await;
    let page = service.get(fleet, &vehicles).await.body;
    let vehicle = &page["_embedded"]["vehicles"][0];
    (
        vehicle["vin"].as_str().unwrap().to_owned(),
        vehicle["_links"]["telemetry"]["href"]
            .as_str()
            .unwrap()
            .to_owned(),
    )
}

fn speed_at(second: u32, speed: f64) -> Value {
    json!({"recordedAt": format!("2026-03-17T10:00:{second:02}Z"), "kinetic": {"speed": speed}})
}

#[tokio::test]
async fn a_monitor_lives_through_its_links() {
    let service = Service::start().await;
    let monitors = service
        .link("f1", BASE, "monitors", &Variables::new())
        .await;
    assert_eq!(monitors, format!("{BASE}/fleets/f1/monitors"));
    let fleet_monitors = service
        .link(
            "f1",
            &format!("{BASE}/fleets/f1"),
            "monitors",
            &Variables::new(),
        )
        .await;
    assert_eq!(fleet_monitors, monitors);

    let created = service
        .call(Method::POST, "f1", &monitors, Some(&parameter(130, None)))
        .await;
    assert_eq!(created.status, StatusCode::ACCEPTED);
    let location = created.location.unwrap();
    let id = created.body["monitorId"].as_str().unwrap().to_owned();
    assert_eq!(location, format!("{monitors}/{id}"));
    assert_eq!(created.body["status"], "Running");
    assert_eq!(created.body["_links"]["self"]["href"], location.as_str());
    assert_eq!(created.body["_links"]["monitor"]["href"], location.as_str());
    assert_eq!(
        created.body["_links"]["fleet"]["href"],
        format!("{BASE}/fleets/f1")
    );
    assert!(created.body["createdAt"].as_str().unwrap().ends_with('Z'));

    let monitor = service.get("f1", &location).await;
    assert_eq!(monitor.status, StatusCode::OK);
    // The parameter as stored: what was sent, with the defaults filled in.
    let stored: connected_car::monitors::model::MonitorParameter =
        serde_json::from_value(parameter(130, None)).unwrap();
    assert_eq!(
        monitor.body["monitor"],
        serde_json::to_value(&stored).unwrap()
    );
    assert_eq!(
        monitor.body["monitor"]["subscribeParam"]["retryPolicy"]["policy"],
        "Bounded"
    );
    assert_eq!(monitor.body["_links"]["cc:events"]["templated"], true);

    let page = service.get("f1", &monitors).await.body;
    assert_eq!(page["total"], 1);
    assert_eq!(page["_embedded"]["monitors"][0]["monitorId"], id.as_str());

    let replaced = service
        .call(Method::PUT, "f1", &location, Some(&parameter(90, None)))
        .await;
    // As the origin answers: 202 and a MonitorRef; the monitor shows the change.
    assert_eq!(
        (replaced.status, replaced.body["monitorId"].as_str()),
        (StatusCode::ACCEPTED, Some(id.as_str()))
    );
    let errors = support::origin_errors("v3.MonitorRef", &replaced.body);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        service.get("f1", &location).await.body["monitor"]["label"],
        "Over 90 km/h"
    );

    let status = service
        .link("f1", &location, "status", &Variables::new())
        .await;
    let paused = service
        .call(
            Method::PUT,
            "f1",
            &status,
            Some(&json!({"status": "Paused"})),
        )
        .await;
    assert_eq!(
        (paused.status, paused.body["status"].as_str()),
        (StatusCode::ACCEPTED, Some("Paused"))
    );
    let errors = support::origin_errors("v3.MonitorRef", &paused.body);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(service.get("f1", &location).await.body["status"], "Paused");
    let failed = service
        .call(
            Method::PUT,
            "f1",
            &status,
            Some(&json!({"status": "Failed"})),
        )
        .await;
    assert_eq!(failed.status, StatusCode::BAD_REQUEST);

    // Another fleet reaches none of it.
    for (method, body) in [
        (Method::GET, None),
        (Method::PUT, Some(parameter(1, None))),
        (Method::DELETE, None),
    ] {
        let answer = service
            .call(method.clone(), "f2", &location, body.as_ref())
            .await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{method}");
    }
    assert_eq!(
        service.get("f2", &monitors).await.status,
        StatusCode::FORBIDDEN
    );

    let deleted = service.call(Method::DELETE, "f1", &location, None).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(
        service.get("f1", &location).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn telemetry_raises_events_that_read_back_newest_first() {
    let service = Service::start().await;
    let location = service.create_monitor(&parameter(110, Some(60))).await;
    let (vin, telemetry) = vehicle_of(&service, "f1").await;
    assert_eq!(telemetry, format!("{BASE}/vehicles/{vin}/telemetry"));

    // Rising edges at :10 and :40; the sample at :40 is sent twice, and one comes late.
    let batch = json!([
        speed_at(0, 90.0),
        speed_at(10, 120.0),
        speed_at(20, 125.0),
        speed_at(30, 100.0),
        speed_at(40, 130.0)
    ]);
    let receipt = service
        .call(Method::POST, "f1", &telemetry, Some(&batch))
        .await;
    assert_eq!(receipt.status, StatusCode::OK);
    assert_eq!(
        (
            &receipt.body["accepted"],
            &receipt.body["duplicates"],
            &receipt.body["late"],
            &receipt.body["eventsRaised"]
        ),
        (&json!(5), &json!(0), &json!(0), &json!(2))
    );
    let again = json!([speed_at(40, 130.0), speed_at(5, 200.0)]);
    let receipt = service
        .call(Method::POST, "f1", &telemetry, Some(&again))
        .await;
    assert_eq!(
        (
            &receipt.body["accepted"],
            &receipt.body["duplicates"],
            &receipt.body["late"]
        ),
        (&json!(0), &json!(1), &json!(1))
    );
    // One sample, not in an array; still fast 70 s after the last event: a refresh.
    let single = json!({"recordedAt": "2026-03-17T10:01:50Z", "kinetic": {"speed": 140.0}});
    let receipt = service
        .call(Method::POST, "f1", &telemetry, Some(&single))
        .await;
    assert_eq!(receipt.body["eventsRaised"], 1);

    let events = service
        .link("f1", &location, "cc:events", &Variables::new())
        .await;
    let page = service.get("f1", &events).await.body;
    assert_eq!(page["total"], 3);
    let items = page["_embedded"]["cc:events"].as_array().unwrap();
    let dates: Vec<(&str, bool)> = items
        .iter()
        .map(|e| {
            (
                e["eventDate"].as_str().unwrap(),
                e["refresh"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        dates,
        [
            ("2026-03-17T10:01:50.000Z", true),
            ("2026-03-17T10:00:40.000Z", false),
            ("2026-03-17T10:00:10.000Z", false)
        ]
    );
    let first = &items[2];
    assert_eq!(first["vin"], vin.as_str());
    assert_eq!(first["fleetId"], "f1");
    assert_eq!(
        first["values"],
        json!([{"data": "vehicle.kinetic.speed", "value": {"type": "string", "body": {"literalValue": "120"}}}])
    );
    assert_eq!(first["triggers"], json!(["fast"]));
    assert_eq!(first["extensions"][0]["type"], "vehicle.position");
    assert_eq!(first["extensions"][0]["body"]["position"]["type"], "Point");
    assert_eq!(first["eventId"].as_str().unwrap().len(), 32);
    let one = service
        .get("f1", first["_links"]["self"]["href"].as_str().unwrap())
        .await;
    assert_eq!(
        (one.status, &one.body["eventId"]),
        (StatusCode::OK, &first["eventId"])
    );

    // The vehicle's status shows what the samples said.
    let status = service
        .get("f1", &format!("{BASE}/vehicles/{vin}/status"))
        .await
        .body;
    assert_eq!(
        (&status["kinetic"]["speed"], &status["createdAt"]),
        (&json!(140.0), &json!("2026-03-17T10:01:50.000Z"))
    );
}

#[tokio::test]
async fn a_zone_crossing_moves_the_position_and_fires() {
    let service = Service::start().await;
    let zone = json!({
        "label": "Left Paris",
        "subscribeParam": {"callback": {"webhook": {"target": "https://hooks.example.com/hook"}}},
        "triggerParam": {"triggers": [{"name": "out", "zone": {"transition": "Out", "place": {
            "type": "Polygon", "coordinates": [[[2.2, 48.8], [2.5, 48.8], [2.5, 48.9], [2.2, 48.9], [2.2, 48.8]]]}}}],
            "boolExp": "out"}
    });
    let location = service.create_monitor(&zone).await;
    let (vin, telemetry) = vehicle_of(&service, "f1").await;
    let at = |minute: u32, lon: f64| json!({"recordedAt": format!("2026-03-17T10:{minute:02}:00Z"), "position": {"type": "Point", "coordinates": [lon, 48.85]}});
    let samples = json!([
        at(0, 2.30),
        at(1, 2.40),
        at(2, 2.60),
        at(3, 2.70),
        at(4, 2.35),
        at(5, 2.80)
    ]);
    let receipt = service
        .call(Method::POST, "f1", &telemetry, Some(&samples))
        .await;
    assert_eq!(
        receipt.body["eventsRaised"], 2,
        "left at 10:02 and again at 10:05"
    );
    let position = service
        .get("f1", &format!("{BASE}/vehicles/{vin}/position"))
        .await
        .body;
    assert_eq!(position["geometry"]["coordinates"], json!([2.80, 48.85]));
    let events = service
        .get("f1", &format!("{location}/events?limit=1"))
        .await
        .body;
    assert_eq!(
        events["_embedded"]["cc:events"][0]["eventDate"],
        "2026-03-17T10:05:00.000Z"
    );
    assert_eq!(
        events["_links"]["next"]["href"],
        format!("{location}/events?offset=1&limit=1")
    );
}

#[tokio::test]
async fn bad_parameters_and_samples_are_400s_naming_the_member() {
    let service = Service::start().await;
    let monitors = format!("{BASE}/fleets/f1/monitors");
    let mut unknown = parameter(100, None);
    unknown["triggerParam"]["boolExp"] = json!("fast | slow");
    let mut syntax = parameter(100, None);
    syntax["triggerParam"]["boolExp"] = json!("fast |");
    let mut always = parameter(100, None);
    always["triggerParam"]["boolExp"] = json!("fast | !fast");
    let mut radius = parameter(100, None);
    radius["triggerParam"]["triggers"][1]["zone"]["place"]["radius"] = json!(-5);
    let mut target = parameter(100, None);
    target["subscribeParam"]["callback"]["webhook"]["target"] = json!("file:///etc/passwd");
    let mut missing = parameter(100, None);
    missing.as_object_mut().unwrap().remove("triggerParam");
    let cases = [
        (unknown, "/triggerParam/boolExp"),
        (syntax, "/triggerParam/boolExp"),
        (always, "/triggerParam/boolExp"),
        (radius, "/triggerParam/triggers/1/zone/place/radius"),
        (target, "/subscribeParam/callback/webhook/target"),
        (missing, "/triggerParam"),
    ];
    for (body, pointer) in cases {
        let answer = service
            .call(Method::POST, "f1", &monitors, Some(&body))
            .await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{pointer}: {}",
            answer.body
        );
        assert_eq!(
            answer.body["errors"][0]["pointer"], pointer,
            "{}",
            answer.body
        );
    }
    assert_eq!(
        service.get("f1", &monitors).await.body["total"],
        0,
        "nothing was created"
    );

    let (_, telemetry) = vehicle_of(&service, "f1").await;
    let cases = [
        (
            json!([speed_at(0, 50.0), {"kinetic": {"speed": 1}}]),
            "/1/recordedAt",
        ),
        (
            json!([speed_at(0, 50.0), speed_at(1, -3.0)]),
            "/1/kinetic/speed",
        ),
        (json!({"recordedAt": "yesterday"}), "/recordedAt"),
        (
            json!({"recordedAt": "2026-03-17T10:00:00Z", "colour": "red"}),
            "",
        ),
        (json!("speed"), ""),
    ];
    for (body, pointer) in cases {
        let answer = service
            .call(Method::POST, "f1", &telemetry, Some(&body))
            .await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{body}: {}",
            answer.body
        );
        if !pointer.is_empty() {
            assert_eq!(answer.body["pointer"], pointer, "{body}: {}", answer.body);
        }
    }
    // Another fleet's vehicle: 403, and nothing applied.
    let (_, theirs) = vehicle_of(&service, "f2").await;
    let answer = service
        .call(Method::POST, "f1", &theirs, Some(&speed_at(0, 50.0)))
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
}

/// A sample dated in the future would make every real sample after it late: refused, with the
/// rest of its batch, and the vehicle goes on taking samples. Points with an altitude are
/// GeoJSON too: taken, and the altitude kept.
#[tokio::test]
async fn a_future_sample_is_refused_and_an_altitude_is_kept() {
    let service = Service::start().await;
    let (vin, telemetry) = vehicle_of(&service, "f1").await;
    let status = format!("{BASE}/vehicles/{vin}/status");
    let before = service.get("f1", &status).await.body;
    let now = chrono::Utc::now();
    let at = |offset: chrono::Duration| hal_core::time::format(&(now + offset));
    let future = json!([
        {"recordedAt": at(chrono::Duration::minutes(-2)), "kinetic": {"speed": 30.0}},
        {"recordedAt": at(chrono::Duration::minutes(-1)), "kinetic": {"speed": 31.0}},
        {"recordedAt": at(chrono::Duration::seconds(-30)), "kinetic": {"speed": 32.0}},
        {"recordedAt": "9999-12-31T00:00:00Z", "kinetic": {"speed": 33.0}}
    ]);
    let answer = service
        .call(Method::POST, "f1", &telemetry, Some(&future))
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    assert_eq!(answer.body["pointer"], "/3/recordedAt", "{}", answer.body);
    assert_eq!(
        service.get("f1", &status).await.body,
        before,
        "nothing of the batch was applied"
    );

    let with_altitude = json!({
        "recordedAt": at(chrono::Duration::seconds(-10)),
        "position": {"type": "Point", "coordinates": [2.3, 48.8, 35.0]},
        "kinetic": {"speed": 40.0}
    });
    let answer = service
        .call(Method::POST, "f1", &telemetry, Some(&with_altitude))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(
        answer.body["accepted"], 1,
        "the vehicle still takes samples"
    );
    let after = service.get("f1", &status).await.body;
    assert_eq!(after["kinetic"]["speed"], 40.0);
    let position = service
        .get("f1", &format!("{BASE}/vehicles/{vin}/position"))
        .await
        .body;
    assert_eq!(
        position["geometry"]["coordinates"],
        json!([2.3, 48.8, 35.0])
    );

    for (coordinates, pointer) in [
        (json!([2.3, 48.8, 35.0, 1.0]), "/position/coordinates"),
        (json!([2.3]), "/position/coordinates"),
        (json!([2.3, 48.8, 1e9]), "/position/coordinates/2"),
    ] {
        let sample = json!({
            "recordedAt": at(chrono::Duration::seconds(-5)),
            "position": {"type": "Point", "coordinates": coordinates}
        });
        let answer = service
            .call(Method::POST, "f1", &telemetry, Some(&sample))
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{coordinates}");
        assert_eq!(answer.body["pointer"], pointer, "{}", answer.body);
    }
}

#[tokio::test]
async fn two_editors_do_not_overwrite_each_other() {
    let service = Service::start().await;
    let location = service.create_monitor(&parameter(130, None)).await;
    let read = |etag: Option<&str>| {
        let mut request = service
            .client
            .get(format!("{}{location}", service.base))
            .header("x-fleet-id", "f1");
        if let Some(etag) = etag {
            request = request.header("if-none-match", etag);
        }
        request.send()
    };
    let first = read(None).await.unwrap();
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(
        read(Some(&etag)).await.unwrap().status(),
        StatusCode::NOT_MODIFIED
    );
    let put = |etag: &str, speed: u32| {
        service
            .client
            .put(format!("{}{location}", service.base))
            .header("x-fleet-id", "f1")
            .header("if-match", etag)
            .json(&parameter(speed, None))
            .send()
    };
    // Both editors read the same version; the first to write wins, the second is told.
    let won = put(&etag, 90).await.unwrap();
    assert_eq!(won.status(), StatusCode::ACCEPTED);
    let newer = won.headers()["etag"].to_str().unwrap().to_owned();
    assert_ne!(newer, etag, "every write moves the version");
    let lost = put(&etag, 80).await.unwrap();
    assert_eq!(lost.status(), StatusCode::PRECONDITION_FAILED);
    let problem: Value = lost.json().await.unwrap();
    assert_eq!(problem["etag"], newer.as_str());
    assert_eq!(
        read(Some(&etag)).await.unwrap().status(),
        StatusCode::OK,
        "the old tag no longer matches"
    );
    let stored = service.get("f1", &location).await.body;
    assert_eq!(stored["monitor"]["label"], "Over 90 km/h");
    // A delete with a stale tag is refused too.
    let delete = service
        .client
        .delete(format!("{}{location}", service.base))
        .header("x-fleet-id", "f1")
        .header("if-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(delete.status(), StatusCode::PRECONDITION_FAILED);
}

#[tokio::test]
async fn a_service_can_require_if_match() {
    let state = support::test_state().await.with_if_match_required(true);
    let service = Service::with_state(state).await;
    let location = service.create_monitor(&parameter(130, None)).await;
    let answer = service
        .call(Method::PUT, "f1", &location, Some(&parameter(90, None)))
        .await;
    assert_eq!(answer.status, StatusCode::PRECONDITION_REQUIRED);
    assert!(answer.body["etag"].as_str().unwrap().starts_with("\"v"));
}

#[tokio::test]
async fn a_merge_patch_changes_what_it_names_and_is_checked_like_a_put() {
    let service = Service::start().await;
    let location = service.create_monitor(&parameter(130, Some(600))).await;
    let before = service.get("f1", &location).await.body;
    let patch = |body: Value, content_type: &'static str| {
        service
            .client
            .patch(format!("{}{location}", service.base))
            .header("x-fleet-id", "f1")
            .header("content-type", content_type)
            .body(body.to_string())
            .send()
    };
    // A member replaced, one removed with null; the rest kept.
    let response = patch(
        json!({"label": "Patched", "subscribeParam": {"refreshEvent": null}}),
        "application/merge-patch+json",
    )
    .await
    .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let patched: Value = response.json().await.unwrap();
    assert_eq!(patched["monitor"]["label"], "Patched");
    assert!(
        patched["monitor"]["subscribeParam"]
            .get("refreshEvent")
            .is_none()
    );
    assert_eq!(
        patched["monitor"]["triggerParam"],
        before["monitor"]["triggerParam"]
    );
    // What a PUT would refuse, a patch cannot make.
    let response = patch(
        json!({"triggerParam": {"boolExp": "fast | !fast"}}),
        "application/merge-patch+json",
    )
    .await
    .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let problem: Value = response.json().await.unwrap();
    assert_eq!(problem["pointer"], "/triggerParam/boolExp");
    let response = patch(json!({"label": 5}), "application/merge-patch+json")
        .await
        .unwrap();
    let problem: Value = response.json().await.unwrap();
    assert_eq!(problem["pointer"], "/label");
    let response = patch(json!({"label": "x"}), "application/json")
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

/// The process's Prometheus recorder, installed by the one test of this binary that reads
/// metrics, as the binary's `main` installs it.
fn process_recorder() -> hal_axum::metrics::PrometheusHandle {
    let (recorder, handle) = hal_axum::metrics::prometheus().unwrap();
    metrics::set_global_recorder(recorder).unwrap();
    handle
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_the_events_raised() {
    let state = support::test_state().await.with_metrics(process_recorder());
    let service = Service::with_state(state).await;
    service
        .call(
            Method::POST,
            "f1",
            &format!("{BASE}/fleets/f1/monitors"),
            Some(&parameter(110, None)),
        )
        .await;
    let (_, telemetry) = vehicle_of(&service, "f1").await;
    let batch = json!([speed_at(0, 90.0), speed_at(10, 120.0)]);
    service
        .call(Method::POST, "f1", &telemetry, Some(&batch))
        .await;
    let text = service
        .client
        .get(format!("{}/metrics", service.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let line = |prefix: &str| {
        text.lines()
            .find(|l| l.starts_with(prefix))
            .map(str::to_owned)
    };
    assert!(
        line("http_requests_total{method=\"POST\",route=\"/connectedcar/v2/vehicles/{vin}/telemetry\",status=\"200\"}").is_some(),
        "{text}"
    );
    assert!(
        line("http_request_duration_seconds_bucket{method=\"GET\",route=\"/connectedcar/v2\"")
            .is_some(),
        "{text}"
    );
    let raised = line("connected_car_events_raised_total").unwrap_or_else(|| panic!("{text}"));
    // The recorder is the process's: other tests here may have raised events too.
    let count: u64 = raised.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(count >= 1, "{raised}");
    let health = service
        .client
        .get(format!("{}/health", service.base))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    assert_eq!(
        service
            .client
            .get(format!("{}/ready", service.base))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
}
