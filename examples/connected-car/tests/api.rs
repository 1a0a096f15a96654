//! The service over real HTTP on an ephemeral port, driven the way a HAL client would: start at
//! the root and follow links.

mod support;

use std::collections::HashSet;

use hal_core::Resource;
use hal_core::template::Variables;
use reqwest::{Client, StatusCode};
use serde_json::Value;
use url::Url;

struct Service {
    base: Url,
    client: Client,
}

impl Service {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(hal_axum::serve::serve(
            listener,
            connected_car::app().await,
            connected_car::serve_config(),
            std::future::pending(),
        ));
        Self {
            base: Url::parse(&format!("http://{addr}/connectedcar/v2")).unwrap(),
            client: Client::new(),
        }
    }

    fn url(&self, href: &str) -> Url {
        self.base.join(href).unwrap()
    }

    async fn get(&self, fleet: &str, href: &str) -> (StatusCode, String, Value) {
        let response = self
            .client
            .get(self.url(href))
            .header("x-fleet-id", fleet)
            .send()
            .await
            .unwrap();
        read(response).await
    }

    async fn send(
        &self,
        method: reqwest::Method,
        fleet: &str,
        href: &str,
        body: Option<Value>,
    ) -> (StatusCode, String, Value, Option<String>) {
        let mut request = self
            .client
            .request(method, self.url(href))
            .header("x-fleet-id", fleet);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let location = response
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned());
        let (status, content_type, body) = read(response).await;
        (status, content_type, body, location)
    }
}

async fn read(response: reqwest::Response) -> (StatusCode, String, Value) {
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = response.bytes().await.unwrap();
    (
        status,
        content_type,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// The root's link `rel`, expanded with no variables (paging parameters left out).
async fn discover(service: &Service, fleet: &str, rel: &str) -> String {
    let (status, _, root) = service.get(fleet, "/connectedcar/v2").await;
    assert_eq!(status, StatusCode::OK);
    let root: Resource = hal_core::from_value(&root).unwrap();
    root.links()
        .get(rel)
        .unwrap_or_else(|| panic!("the root has no `{rel}`"))
        .expand(&Variables::new())
        .unwrap()
}

/// Follows `next` from `first` and returns every item's self href under `rel`; checks each page.
async fn walk(service: &Service, fleet: &str, first: &str, rel: &str) -> (u64, Vec<String>) {
    let mut href = first.to_owned();
    let mut seen_pages = HashSet::new();
    let mut items = Vec::new();
    let mut total = None;
    loop {
        assert!(
            seen_pages.insert(href.clone()),
            "`next` loops back to {href}"
        );
        let (status, content_type, page) = service.get(fleet, &href).await;
        assert_eq!(
            (status, content_type.as_str()),
            (StatusCode::OK, "application/hal+json"),
            "{href}"
        );
        let unexpected = support::deviations_aside(&page);
        assert!(unexpected.is_empty(), "{href}: {unexpected:?}");
        let page: Resource = hal_core::from_value(&page).unwrap();
        let page_total = page.state()["total"].as_u64().unwrap();
        assert_eq!(
            *total.get_or_insert(page_total),
            page_total,
            "the total changed while paging"
        );
        for item in page.embedded().get_all(rel) {
            items.push(item.self_link().unwrap().href().to_owned());
        }
        match page.links().get("next") {
            Some(next) => href = service.url(&href).join(next.href()).unwrap().to_string(),
            None => break,
        }
    }
    (total.unwrap_or(0), items)
}

#[tokio::test]
async fn every_collection_is_discovered_from_the_root_and_walks_to_exactly_total_items() {
    let service = Service::start().await;
    for (fleet, expected_vehicles) in [("f1", 120), ("f2", 100), ("f3", 80)] {
        let vehicles = discover(&service, fleet, "vehicles").await;
        let (total, items) =
            walk(&service, fleet, &format!("{vehicles}?limit=7"), "vehicles").await;
        assert_eq!(total, expected_vehicles);
        assert_eq!(items.len() as u64, total);
        assert_eq!(
            items.iter().collect::<HashSet<_>>().len() as u64,
            total,
            "an item came twice"
        );
    }
    // A vehicle's trips and alerts, discovered from the vehicle's own links.
    let (_, vehicles) = walk(
        &service,
        "f2",
        &discover(&service, "f2", "vehicles").await,
        "vehicles",
    )
    .await;
    let (_, _, vehicle) = service.get("f2", &vehicles[3]).await;
    let vehicle: Resource = hal_core::from_value(&vehicle).unwrap();
    for rel in ["trips", "alerts"] {
        let href = vehicle
            .links()
            .get(rel)
            .unwrap()
            .expand(&Variables::new().with("limit", 5u32))
            .unwrap();
        let (total, items) = walk(&service, "f2", &href, rel).await;
        assert_eq!(items.len() as u64, total, "{rel}");
    }
    // A caller sees its own fleet only.
    let fleets = discover(&service, "f1", "cc:fleets").await;
    let (total, items) = walk(&service, "f1", &fleets, "cc:fleets").await;
    assert_eq!(
        (total, items),
        (1, vec!["/connectedcar/v2/fleets/f1".to_owned()])
    );
}

#[tokio::test]
async fn filters_are_kept_in_the_paging_links() {
    let service = Service::start().await;
    let (_, _, page) = service
        .get("f1", "/connectedcar/v2/vehicles?brand=Peugeot&limit=5")
        .await;
    let next = page["_links"]["next"]["href"].as_str().unwrap();
    assert!(next.contains("brand=Peugeot"), "{next}");
    let (total, items) = walk(
        &service,
        "f1",
        "/connectedcar/v2/vehicles?brand=Peugeot&limit=5",
        "vehicles",
    )
    .await;
    assert_eq!(items.len() as u64, total);
    assert!(total > 0 && total < 120);
}

/// The origin's spelling of a page, `indexRange`/`pageSize`, works beside the seed's, its links
/// keep it, and every page carries the origin's `CollectionResult` counts.
#[tokio::test]
async fn pages_spelt_as_the_origin_spells_them_keep_their_spelling_and_counts() {
    let service = Service::start().await;
    let base = "/connectedcar/v2/vehicles";
    let (status, _, page) = service
        .get(
            "f1",
            &format!("{base}?brand=DS&indexRange=5-24&pageSize=10"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let errors = support::origin_errors("v3.CollectionResult", &page);
    assert!(errors.is_empty(), "{errors:#?}");
    let total = page["total"].as_u64().unwrap();
    assert!(total > 25, "the filter leaves {total} vehicles");
    assert_eq!(
        (&page["totalPage"], &page["currentPage"]),
        (
            &serde_json::json!(total.div_ceil(10)),
            &serde_json::json!(1)
        )
    );
    let links: Vec<(&str, &str)> = ["self", "first", "prev", "next", "last"]
        .into_iter()
        .filter_map(|rel| Some((rel, page["_links"][rel]["href"].as_str()?)))
        .collect();
    assert_eq!(
        links,
        [
            (
                "self",
                "/connectedcar/v2/vehicles?brand=DS&indexRange=5-24&pageSize=10"
            ),
            (
                "first",
                "/connectedcar/v2/vehicles?brand=DS&indexRange=0-24&pageSize=10"
            ),
            (
                "prev",
                "/connectedcar/v2/vehicles?brand=DS&indexRange=0-24&pageSize=10"
            ),
            (
                "next",
                "/connectedcar/v2/vehicles?brand=DS&indexRange=15-24&pageSize=10"
            ),
            (
                "last",
                "/connectedcar/v2/vehicles?brand=DS&indexRange=20-24&pageSize=10"
            ),
        ]
    );
    // Walked from `first`, the range's 25 vehicles, each once; the page reaching its end is
    // cut there.
    let (_, items) = walk(
        &service,
        "f1",
        &format!("{base}?brand=DS&indexRange=0-24&pageSize=10"),
        "vehicles",
    )
    .await;
    assert_eq!(items.len(), 25);
    assert_eq!(items.iter().collect::<HashSet<_>>().len(), 25);
    // The seed's spelling reads the same items.
    let (_, _, seed) = service
        .get("f1", &format!("{base}?brand=DS&offset=5&limit=10"))
        .await;
    assert_eq!(seed["_embedded"], page["_embedded"]);
    assert_eq!(
        seed["_links"]["next"]["href"],
        "/connectedcar/v2/vehicles?brand=DS&offset=15&limit=10"
    );
    // Mixed or malformed, a 400 naming the parameter.
    for (query, parameter) in [
        ("offset=5&pageSize=10", "pageSize"),
        ("indexRange=9-3", "indexRange"),
        ("pageSize=500", "pageSize"),
    ] {
        let (status, _, problem) = service.get("f1", &format!("{base}?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert!(
            problem["detail"].as_str().unwrap().contains(parameter),
            "{query}: {problem}"
        );
    }
}

#[tokio::test]
async fn a_trip_embeds_its_way_points_and_a_position_is_geojson_on_request() {
    let service = Service::start().await;
    let (_, _, trip) = service.get("f1", "/connectedcar/v2/trips/1").await;
    let points = trip["_embedded"]["waypoints"].as_array().unwrap();
    assert!(points.len() >= 3);
    assert!(trip["startedAt"].as_str().unwrap().ends_with('Z'));
    let vin = trip["vin"].as_str().unwrap();
    let position = format!("/connectedcar/v2/vehicles/{vin}/position");
    let (status, content_type, hal) = service.get("f1", &position).await;
    assert_eq!(
        (status, content_type.as_str(), hal["type"].as_str()),
        (StatusCode::OK, "application/hal+json", Some("Feature"))
    );
    let response = service
        .client
        .get(service.url(&position))
        .header("x-fleet-id", "f1")
        .header("accept", "application/geo+json")
        .send()
        .await
        .unwrap();
    let (status, content_type, feature) = read(response).await;
    assert_eq!(
        (status, content_type.as_str()),
        (StatusCode::OK, "application/geo+json")
    );
    let feature: geojson_check::Feature = serde_json::from_value(feature).unwrap();
    assert_eq!(feature.kind, "Feature");
    assert_eq!(feature.geometry.coordinates.len(), 2);
}

/// The GeoJSON shape, read back without the service's own types.
mod geojson_check {
    #[derive(serde::Deserialize)]
    pub(crate) struct Feature {
        #[serde(rename = "type")]
        pub(crate) kind: String,
        pub(crate) geometry: Point,
    }
    #[derive(serde::Deserialize)]
    pub(crate) struct Point {
        pub(crate) coordinates: Vec<f64>,
    }
}

#[tokio::test]
async fn errors_are_problem_documents_with_the_origin_codes() {
    let service = Service::start().await;
    let (_, _, vehicles) = service.get("f1", "/connectedcar/v2/vehicles?limit=1").await;
    let own = vehicles["_embedded"]["vehicles"][0]["vin"]
        .as_str()
        .unwrap()
        .to_owned();
    let cases = [
        (
            "f1",
            "/connectedcar/v2/vehicles?limit=500".to_owned(),
            400,
            Some("limit"),
        ),
        (
            "f1",
            "/connectedcar/v2/vehicles?offset=x".to_owned(),
            400,
            Some("offset"),
        ),
        (
            "f1",
            "/connectedcar/v2/vehicles/SHORT".to_owned(),
            400,
            Some("vin"),
        ),
        (
            "f1",
            "/connectedcar/v2/trips/abc".to_owned(),
            400,
            Some("id"),
        ),
        (
            "f1",
            format!("/connectedcar/v2/vehicles/{own}/trips?since=yesterday"),
            400,
            Some("since"),
        ),
        ("f2", format!("/connectedcar/v2/vehicles/{own}"), 403, None),
        ("f2", "/connectedcar/v2/trips/1".to_owned(), 403, None),
        ("f1", "/connectedcar/v2/fleets/f2".to_owned(), 403, None),
        ("nobody", "/connectedcar/v2/vehicles".to_owned(), 403, None),
        (
            "f1",
            "/connectedcar/v2/vehicles/VF399999999999999".to_owned(),
            404,
            None,
        ),
        ("f1", "/connectedcar/v2/trips/999999".to_owned(), 404, None),
        ("f1", "/connectedcar/v2/no/such/route".to_owned(), 404, None),
    ];
    // The origin's `xError` (its B2B API 3.19's OpenAPI document), each member required here
    // (the published schema requires none).
    let schema = serde_json::json!({
        "type": "object",
        "properties": {
            "code": {"type": "integer"},
            "message": {"type": "string"},
            "timestamp": {"type": "string"},
            "uuid": {"type": "string"}
        },
        "required": ["code", "uuid", "message", "timestamp"]
    });
    let origin_errors = jsonschema::validator_for(&schema).unwrap();
    for (fleet, href, status, parameter) in cases {
        let (got, content_type, body) = service.get(fleet, &href).await;
        assert_eq!(got.as_u16(), status, "{href}: {body}");
        assert_eq!(content_type, "application/problem+json", "{href}");
        assert_eq!(body["status"], status, "{href}");
        assert!(
            body["detail"].as_str().is_some_and(|d| !d.is_empty()),
            "{href}"
        );
        if let Some(parameter) = parameter {
            assert_eq!(body["parameter"], parameter, "{href}: {body}");
        }
        // A caller the header does not name is told which header to send (the explorer opens
        // its headers dialog on it); other refusals name no header.
        let header = (fleet == "nobody").then_some("x-fleet-id");
        assert_eq!(body["header"].as_str(), header, "{href}: {body}");
        // And the origin's own error members, for its clients.
        let errors = origin_errors.iter_errors(&body).collect::<Vec<_>>();
        assert!(errors.is_empty(), "{href}: {body}: {errors:?}");
        assert_eq!(body["code"], u64::from(status) * 100, "{href}");
        assert_eq!(body["uuid"], body["requestId"], "{href}");
        assert_eq!(body["message"], body["detail"], "{href}");
        let at = body["timestamp"].as_str().unwrap();
        assert!(chrono::DateTime::parse_from_rfc3339(at).is_ok(), "{at}");
    }
    let (status, _, body, _) = service
        .send(
            reqwest::Method::DELETE,
            "f1",
            "/connectedcar/v2/vehicles",
            None,
        )
        .await;
    assert_eq!((status.as_u16(), body["status"].as_u64()), (405, Some(405)));
}
