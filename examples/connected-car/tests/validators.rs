//! Every resource and collection states its validator from its data, before its
//! representation is built: revalidations are `304`s, the tag moves whenever what is shown
//! changes, and two callers or two media types never share one.

mod support;

use hal_axum::conditional::ETag;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

const BASE: &str = "/connectedcar/v2";

struct Service {
    base: String,
    client: Client,
    state: connected_car::AppState,
}

/// What one `GET` answered.
struct Read {
    status: StatusCode,
    etag: Option<String>,
    body: Vec<u8>,
}

impl Read {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }

    fn etag(&self) -> &str {
        self.etag.as_deref().expect("an ETag")
    }
}

impl Service {
    async fn start() -> Self {
        let state = support::test_state().await;
        Self {
            base: support::serve_in_process(state.clone()).await,
            client: Client::new(),
            state,
        }
    }

    async fn read(&self, fleet: &str, href: &str, headers: &[(&str, &str)]) -> Read {
        let mut request = self
            .client
            .get(format!("{}{href}", self.base))
            .header("x-fleet-id", fleet);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.unwrap();
        Read {
            status: response.status(),
            etag: response
                .headers()
                .get("etag")
                .map(|v| v.to_str().unwrap().to_owned()),
            body: response.bytes().await.unwrap().to_vec(),
        }
    }

    async fn get(&self, fleet: &str, href: &str) -> Read {
        let read = self.read(fleet, href, &[]).await;
        assert_eq!(read.status, StatusCode::OK, "{href}");
        read
    }

    /// Creates a monitor of fleet f1 over `speed` and returns its location.
    async fn create_monitor(&self, speed: u32) -> String {
        let created = self
            .send(
                reqwest::Method::POST,
                &format!("{BASE}/fleets/f1/monitors"),
                &monitor_parameter(speed),
            )
            .await;
        assert_eq!(created.status(), StatusCode::ACCEPTED);
        created.headers()["location"].to_str().unwrap().to_owned()
    }

    async fn send(&self, method: reqwest::Method, href: &str, body: &Value) -> reqwest::Response {
        self.client
            .request(method, format!("{}{href}", self.base))
            .header("x-fleet-id", "f1")
            .json(body)
            .send()
            .await
            .unwrap()
    }
}

fn monitor_parameter(speed: u32) -> Value {
    json!({
        "label": format!("Over {speed} km/h"),
        "subscribeParam": {"callback": {"webhook": {"target": "https://hooks.example.com/cc"}}},
        "triggerParam": {
            "triggers": [{"name": "fast", "data": {"data": "vehicle.kinetic.speed", "op": "greaterThan", "value": [speed]}}],
            "boolExp": "fast"
        }
    })
}

/// A VIN, a trip id and an alert id of fleet f1, read through the API.
async fn f1_resources(service: &Service) -> (String, u64, u64) {
    let vehicles = service
        .get("f1", &format!("{BASE}/vehicles?limit=100"))
        .await
        .json();
    let vins: Vec<String> = vehicles["_embedded"]["vehicles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["vin"].as_str().unwrap().to_owned())
        .collect();
    let vin = vins[0].clone();
    let trips = service
        .get("f1", &format!("{BASE}/vehicles/{vin}/trips"))
        .await
        .json();
    // Ids are text, as the origin writes them.
    let trip = trips["_embedded"]["trips"][0]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    for vin in &vins {
        let alerts = service
            .get("f1", &format!("{BASE}/vehicles/{vin}/alerts"))
            .await
            .json();
        if let Some(alert) = alerts["_embedded"]["alerts"][0]["id"].as_str() {
            return (vins[0].clone(), trip, alert.parse().unwrap());
        }
    }
    panic!("fleet f1 has no alert")
}

#[tokio::test]
async fn every_resource_states_its_validator_and_revalidates_with_a_304() {
    let service = Service::start().await;
    let (vin, trip, alert) = f1_resources(&service).await;
    let monitor = service.create_monitor(130).await;
    let hrefs = [
        BASE.to_owned(),
        format!("{BASE}/docs/rels/events"),
        format!("{BASE}/fleets"),
        format!("{BASE}/fleets/f1"),
        format!("{BASE}/vehicles"),
        format!("{BASE}/vehicles?offset=20&limit=10&brand=Peugeot"),
        format!("{BASE}/vehicles/{vin}"),
        format!("{BASE}/vehicles/{vin}/trips"),
        format!("{BASE}/vehicles/{vin}/alerts"),
        format!("{BASE}/vehicles/{vin}/position"),
        format!("{BASE}/vehicles/{vin}/status"),
        format!("{BASE}/trips/{trip}"),
        format!("{BASE}/trips/{trip}/waypoints/0"),
        format!("{BASE}/alerts/{alert}"),
        format!("{BASE}/fleets/f1/monitors"),
        monitor.clone(),
        format!("{monitor}/status"),
        format!("{monitor}/events"),
    ];
    for href in &hrefs {
        let first = service.get("f1", href).await;
        let etag = first.etag();
        assert_ne!(
            ETag::of_bytes(&first.body).to_string(),
            etag,
            "{href}: the tag is stated from the data, not hashed from the body"
        );
        let again = service.read("f1", href, &[("if-none-match", etag)]).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{href}");
        assert_eq!(again.etag(), etag, "{href}");
        assert!(again.body.is_empty(), "{href}");
        let stale = service
            .read("f1", href, &[("if-none-match", "\"stale\"")])
            .await;
        assert_eq!(stale.status, StatusCode::OK, "{href}");
        assert_eq!(stale.body, first.body, "{href}");
        // A GET whose If-Match names another state is refused before anything is built.
        let mismatched = service.read("f1", href, &[("if-match", "\"stale\"")]).await;
        assert_eq!(mismatched.status, StatusCode::PRECONDITION_FAILED, "{href}");
    }
}

#[tokio::test]
async fn two_fleets_and_two_media_types_never_share_a_tag() {
    let service = Service::start().await;
    for href in [
        BASE.to_owned(),
        format!("{BASE}/fleets"),
        format!("{BASE}/vehicles"),
        format!("{BASE}/fleets/f1/monitors"),
    ] {
        let href = href.replace("/fleets/f1/", "/fleets/{fleet}/");
        let f1 = service.get("f1", &href.replace("{fleet}", "f1")).await;
        let f2 = service.get("f2", &href.replace("{fleet}", "f2")).await;
        assert_ne!(f1.etag(), f2.etag(), "{href}");
        // f2 revalidating with f1's tag gets f2's representation, never a 304.
        let crossed = service
            .read(
                "f2",
                &href.replace("{fleet}", "f2"),
                &[("if-none-match", f1.etag())],
            )
            .await;
        assert_eq!(crossed.status, StatusCode::OK, "{href}");
    }

    let (vin, _, _) = f1_resources(&service).await;
    let position = format!("{BASE}/vehicles/{vin}/position");
    assert_other_media_type_has_its_own_tag(&service, &position, "application/geo+json").await;
    let monitor = service.create_monitor(130).await;
    for href in [
        monitor.clone(),
        format!("{monitor}/status"),
        format!("{BASE}/fleets/f1/monitors"),
    ] {
        assert_other_media_type_has_its_own_tag(&service, &href, "application/prs.hal-forms+json")
            .await;
    }
}

/// `href` asked for as `accept` has another tag than its HAL representation, and revalidating
/// it with the HAL tag gets the representation, not a `304`.
async fn assert_other_media_type_has_its_own_tag(service: &Service, href: &str, accept: &str) {
    let hal = service.get("f1", href).await;
    let other = service.read("f1", href, &[("accept", accept)]).await;
    assert_eq!(other.status, StatusCode::OK, "{href}");
    assert_ne!(hal.etag(), other.etag(), "{href}: HAL and {accept}");
    let crossed = service
        .read(
            "f1",
            href,
            &[("accept", accept), ("if-none-match", hal.etag())],
        )
        .await;
    assert_eq!(crossed.status, StatusCode::OK, "{href}");
}

#[tokio::test]
async fn tags_move_whenever_what_is_shown_changes() {
    let service = Service::start().await;
    let monitors = format!("{BASE}/fleets/f1/monitors");
    let empty = service.get("f1", &monitors).await;

    let monitor = service.create_monitor(130).await;
    let one = service.get("f1", &monitors).await;
    assert_ne!(
        one.etag(),
        empty.etag(),
        "a creation moves the collection's tag"
    );
    let read = service.get("f1", &monitor).await;
    let hits = service.state.representation_cache().stats().hits;
    let again = service.get("f1", &monitor).await;
    assert_eq!(again.body, read.body);
    assert_eq!(
        service.state.representation_cache().stats().hits,
        hits + 1,
        "read again from the representation cache"
    );
    let status = service.get("f1", &format!("{monitor}/status")).await;
    // Another fleet's change is not this fleet's: its tag stays.
    let f2_monitors = format!("{BASE}/fleets/f2/monitors");
    let f2_before = service.get("f2", &f2_monitors).await;

    // A HAL-FORMS client's tag is as good as a HAL one's for a write's If-Match.
    let forms = service
        .read(
            "f1",
            &monitor,
            &[("accept", "application/prs.hal-forms+json")],
        )
        .await;
    let replaced = service
        .client
        .put(format!("{}{monitor}", service.base))
        .header("x-fleet-id", "f1")
        .header("if-match", forms.etag())
        .json(&monitor_parameter(90))
        .send()
        .await
        .unwrap();
    assert_eq!(replaced.status(), StatusCode::ACCEPTED);
    let after_put = service.get("f1", &monitors).await;
    assert_ne!(
        after_put.etag(),
        one.etag(),
        "a change moves the collection's tag"
    );
    let reread = service
        .read("f1", &monitor, &[("if-none-match", read.etag())])
        .await;
    assert_eq!(
        reread.status,
        StatusCode::OK,
        "a change moves the monitor's tag"
    );
    assert_eq!(reread.json()["monitor"]["label"], "Over 90 km/h");
    assert_eq!(
        service.get("f2", &f2_monitors).await.etag(),
        f2_before.etag(),
        "another fleet's tag is its own"
    );

    let paused = service
        .send(
            reqwest::Method::PUT,
            &format!("{monitor}/status"),
            &json!({"status": "Paused"}),
        )
        .await;
    assert_eq!(paused.status(), StatusCode::ACCEPTED);
    let status_after = service
        .read(
            "f1",
            &format!("{monitor}/status"),
            &[("if-none-match", status.etag())],
        )
        .await;
    assert_eq!(status_after.status, StatusCode::OK);
    assert_eq!(status_after.json()["status"], "Paused");

    let deleted = service
        .client
        .delete(format!("{}{monitor}", service.base))
        .header("x-fleet-id", "f1")
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let after_delete = service.get("f1", &monitors).await;
    assert_ne!(after_delete.etag(), after_put.etag(), "a deletion moves it");
    assert_ne!(
        after_delete.etag(),
        empty.etag(),
        "back to no monitors is a new version, not the old one"
    );

    // A sample moves the vehicle's status and position.
    let (vin, _, _) = f1_resources(&service).await;
    let status_href = format!("{BASE}/vehicles/{vin}/status");
    let position_href = format!("{BASE}/vehicles/{vin}/position");
    let status_before = service.get("f1", &status_href).await;
    let position_before = service.get("f1", &position_href).await;
    let sample = json!({
        "recordedAt": hal_core::time::format(&(chrono::Utc::now() - chrono::Duration::seconds(1))),
        "position": {"type": "Point", "coordinates": [2.35, 48.85]},
        "kinetic": {"speed": 42.0}
    });
    let posted = service
        .send(
            reqwest::Method::POST,
            &format!("{BASE}/vehicles/{vin}/telemetry"),
            &sample,
        )
        .await;
    assert_eq!(posted.status(), StatusCode::OK);
    for (href, before) in [
        (&status_href, status_before),
        (&position_href, position_before),
    ] {
        let after = service
            .read("f1", href, &[("if-none-match", before.etag())])
            .await;
        assert_eq!(after.status, StatusCode::OK, "{href}");
        assert_ne!(after.etag(), before.etag(), "{href}");
        assert_ne!(after.body, before.body, "{href}");
    }
}

#[tokio::test]
async fn a_page_is_sent_compressed_from_the_cache_once_encoded() {
    use std::io::Read;
    let service = Service::start().await;
    let href = format!("{BASE}/vehicles?offset=0&limit=100");
    let plain = service.get("f1", &href).await;
    for _ in 0..3 {
        let response = service
            .client
            .get(format!("{}{href}", service.base))
            .header("x-fleet-id", "f1")
            .header("accept-encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let encodings: Vec<_> = response
            .headers()
            .get_all("content-encoding")
            .iter()
            .collect();
        assert_eq!(encodings, ["gzip"], "encoded once, not twice");
        assert_eq!(response.headers()["etag"], plain.etag());
        let bytes = response.bytes().await.unwrap();
        let mut decoded = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut decoded)
            .unwrap();
        assert_eq!(decoded, plain.body);
    }
}
