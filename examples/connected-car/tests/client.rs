//! hal-client against the demo service, in-process over real HTTP on loopback: following links
//! from the root, embedded-first, typed reads, every item of a paged collection, writes, and
//! errors that name the way taken and carry the server's problem document.

mod support;

use std::net::SocketAddr;

use connected_car::resources::{Root, Vehicle};
use futures_util::StreamExt;
use hal_client::{Client, ErrorKind};
use hal_core::template::Variables;
use reqwest::header::{HeaderMap, HeaderValue};
use serde_json::json;
use url::Url;

async fn start() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = connected_car::router(support::test_state().await);
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

/// A client of fleet `fleet`: the demo names the caller by a header in plain-HTTP mode, set
/// once on the caller's own reqwest client.
fn client(fleet: &str) -> Client {
    Client::with_http(http(fleet))
}

fn http(fleet: &str) -> reqwest::Client {
    let mut headers = HeaderMap::new();
    headers.insert("x-fleet-id", HeaderValue::from_str(fleet).unwrap());
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap()
}

fn root(addr: SocketAddr) -> Url {
    Url::parse(&format!("http://{addr}/connectedcar/v2")).unwrap()
}

#[tokio::test]
async fn follows_links_from_the_root_and_reads_typed() {
    let addr = start().await;
    let client = client("f1");
    let root_doc: Root = client.root(root(addr)).get_as().await.unwrap();
    assert_eq!(root_doc.fleet_id, "f1");

    // A templated link, with the variable its path needs; the vehicle read as its type.
    let page = client
        .root(root(addr))
        .follow("vehicles")
        .get()
        .await
        .unwrap();
    let first = &page.resource().embedded().get_all("vehicles")[0];
    let vin = first.state()["vin"].as_str().unwrap().to_owned();
    let vehicle: Vehicle = client
        .root(root(addr))
        .follow_with("vehicle", Variables::new().with("vin", vin.as_str()))
        .get_as()
        .await
        .unwrap();
    assert_eq!(vehicle.vin, vin);

    // Embedded first: the page embeds its vehicles, so following `vehicles` from it takes
    // the first one without a request, at its own `self`.
    let embedded = client
        .root(root(addr))
        .follow("vehicles")
        .follow("vehicles")
        .get()
        .await
        .unwrap();
    assert_eq!(
        embedded.url().as_str(),
        format!("http://{addr}/connectedcar/v2/vehicles/{vin}")
    );
    // The full URI the `cc` curie expands to names the same relation as `cc:fleets`.
    let by_uri = client
        .root(root(addr))
        .follow(&format!("http://{addr}/connectedcar/v2/docs/rels/fleets"))
        .get()
        .await;
    // The curie's href is relative (`/connectedcar/v2/docs/rels/{rel}`), so its URI is too.
    assert!(by_uri.is_err());
    let by_relative_uri = client
        .root(root(addr))
        .follow("/connectedcar/v2/docs/rels/fleets")
        .get()
        .await
        .unwrap();
    assert_eq!(by_relative_uri.url().path(), "/connectedcar/v2/fleets");
}

#[tokio::test]
async fn every_item_of_a_collection_across_its_pages() {
    let addr = start().await;
    let client = client("f1");
    let first_page = client
        .root(root(addr))
        .follow("vehicles")
        .get()
        .await
        .unwrap();
    let total = first_page.resource().state()["total"].as_u64().unwrap();
    assert!(total > 10, "more than one page: {total}");
    let vehicles: Vec<Vehicle> = client
        .root(root(addr))
        .follow("vehicles")
        .items::<Vehicle>("vehicles")
        .map(Result::unwrap)
        .collect()
        .await;
    assert_eq!(vehicles.len() as u64, total);
    let mut vins: Vec<&str> = vehicles.iter().map(|v| v.vin.as_str()).collect();
    vins.sort_unstable();
    vins.dedup();
    assert_eq!(vins.len() as u64, total, "each vehicle once");
}

#[tokio::test]
async fn errors_name_the_way_and_carry_the_problem() {
    let addr = start().await;
    let client = client("f1");
    let missing = client
        .root(root(addr))
        .follow("vehicles")
        .follow("cc:nothing")
        .get()
        .await
        .unwrap_err();
    assert!(matches!(missing.kind(), ErrorKind::NoSuchRelation { rel } if rel == "cc:nothing"));
    assert_eq!(missing.path(), ["vehicles", "cc:nothing"]);
    assert!(
        missing
            .to_string()
            .contains("(root → vehicles → cc:nothing): no `cc:nothing` link"),
        "{missing}"
    );

    let not_found = client
        .root(root(addr))
        .follow_with("vehicle", Variables::new().with("vin", "VF300000000000000"))
        .get()
        .await
        .unwrap_err();
    assert_eq!(not_found.status().map(|s| s.as_u16()), Some(404));
    let problem = not_found.problem().expect("a problem document");
    assert_eq!(problem.status(), 404);
    assert!(not_found.to_string().contains("Not Found"), "{not_found}");

    let without_value = client
        .root(root(addr))
        .follow("vehicle")
        .get()
        .await
        .unwrap_err();
    assert!(
        matches!(without_value.kind(), ErrorKind::MissingVariable { variable, .. } if variable == "vin")
    );
}

/// A monitor of speeds over 130 km/h, as a client would create it.
fn speeding_monitor() -> serde_json::Value {
    json!({
        "label": "Over 130 km/h",
        "subscribeParam": {"callback": {"webhook": {"target": "https://hooks.example.com/cc"}}},
        "triggerParam": {
            "triggers": [{"name": "fast", "data": {"data": "vehicle.kinetic.speed", "op": "greaterThan", "value": [130]}}],
            "boolExp": "fast"
        }
    })
}

#[tokio::test]
async fn writes_create_change_and_delete() {
    let addr = start().await;
    let client = client("f1");
    let monitors = client
        .root(root(addr))
        .follow_with("monitors", Variables::new().with("fleet_id", "f1"));
    let monitor = speeding_monitor();
    let created = monitors.post(&monitor).await.unwrap();
    let read = created.get().await.unwrap();
    assert_eq!(read.resource().state()["monitor"]["label"], "Over 130 km/h");

    let patched = created
        .patch(&json!({"label": "Over 140 km/h"}))
        .await
        .unwrap()
        .expect("the changed monitor");
    assert_eq!(
        patched.resource().state()["monitor"]["label"],
        "Over 140 km/h"
    );

    created.delete().await.unwrap();
    let gone = created.get().await.unwrap_err();
    assert_eq!(gone.status().map(|s| s.as_u16()), Some(404));
}

/// `Prefer: transclude`: the vehicle comes with its fleet and status embedded, says so, and
/// varies on `Prefer`; hal-client asks for it and follows into what came embedded.
#[tokio::test]
async fn transclusion_embeds_what_a_resource_links_to() {
    let addr = start().await;
    let vehicles: serde_json::Value = http("f1")
        .get(format!("{}/vehicles?limit=1", root(addr)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let vin = vehicles["_embedded"]["vehicles"][0]["vin"]
        .as_str()
        .unwrap()
        .to_owned();
    let url = format!("{}/vehicles/{vin}", root(addr));
    let ask = |prefer: Option<&'static str>, if_none_match: Option<String>| {
        let mut request = http("f1").get(&url);
        if let Some(prefer) = prefer {
            request = request.header("prefer", prefer);
        }
        if let Some(tag) = if_none_match {
            request = request.header("if-none-match", tag);
        }
        request.send()
    };
    let response = ask(Some(r#"transclude="fleet status trips""#), None)
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    // `trips` is a template: not transcluded, and not said to be.
    assert_eq!(
        response.headers()["preference-applied"],
        r#"transclude="fleet status""#
    );
    let vary: Vec<&str> = response
        .headers()
        .get_all("vary")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    let vary = vary.join(", ");
    assert!(
        vary.contains("prefer") && vary.contains("x-fleet-id"),
        "{vary}"
    );
    let tag = response.headers()["etag"].to_str().unwrap().to_owned();
    let vehicle: serde_json::Value = response.json().await.unwrap();
    assert_eq!(vehicle["_embedded"]["fleet"]["fleetId"], "f1");
    assert_eq!(vehicle["_embedded"]["status"]["vin"], vin.as_str());
    assert!(vehicle["_embedded"].get("trips").is_none());

    // Revalidated against the transcluded representation's own tag; a plain request differs.
    let again = ask(Some(r#"transclude="fleet status""#), Some(tag.clone()))
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    let plain = ask(None, Some(tag)).await.unwrap();
    assert_eq!(plain.status(), 200, "the plain representation is another");
    assert!(plain.headers().get("preference-applied").is_none());

    // Another fleet's vehicle is not transcluded into, nor out of: the fetches carry the caller.
    let other = http("f2")
        .get(&url)
        .header("prefer", r#"transclude="fleet""#)
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 403);

    // hal-client: one request for the vehicle, its status read from what came embedded.
    let status = client("f1")
        .root(Url::parse(&url).unwrap())
        .transclude(&["status"])
        .follow("status")
        .get()
        .await
        .unwrap();
    assert!(status.embedded_in().is_some(), "came with the vehicle");
    assert_eq!(status.resource().state()["vin"], vin.as_str());
}

/// A write answers `Link: rel=invalidates` for what else it changed, and hal-client forgets
/// those: the collection read after a monitor's status changes is fetched anew, not
/// revalidated, and shows the change.
#[tokio::test]
async fn writes_invalidate_what_else_they_change() {
    let addr = start().await;
    let client = client("f1");
    let monitors = client
        .root(root(addr))
        .follow_with("monitors", Variables::new().with("fleet_id", "f1"));
    let monitor = speeding_monitor();
    let created = monitors.post(&monitor).await.unwrap();
    let page = monitors.get().await.unwrap();
    assert_eq!(
        page.resource().embedded().get_all("monitors")[0].state()["status"],
        "Running"
    );
    monitors.get().await.unwrap();
    let revalidated = client.cache_stats().revalidated;
    assert!(revalidated >= 1, "a second read revalidates");

    let status = created.follow("status");
    let answer = http("f1")
        .put(status.url().await.unwrap())
        .json(&json!({"status": "Paused"}))
        .send()
        .await
        .unwrap();
    let links: Vec<_> = answer.headers().get_all("link").iter().collect();
    assert!(
        links.iter().any(|l| l
            .to_str()
            .unwrap()
            .contains("/fleets/f1/monitors>; rel=\"invalidates\"")),
        "{links:?}"
    );
    // Through the client this time, so that its cache hears of it.
    status.put(&json!({"status": "Running"})).await.unwrap();
    status.put(&json!({"status": "Paused"})).await.unwrap();
    let page = monitors.get().await.unwrap();
    assert_eq!(
        client.cache_stats().revalidated,
        revalidated,
        "fetched anew: the write said the collection changed"
    );
    assert_eq!(
        page.resource().embedded().get_all("monitors")[0].state()["status"],
        "Paused"
    );
}

/// HAL-FORMS through hal-client: the typed parameter the handler reads is what the form
/// submits, required properties are checked before a request, and each template's method and
/// target are the ones the service routes.
#[tokio::test]
async fn forms_are_read_checked_and_submitted() {
    let addr = start().await;
    let client = client("f1");
    let monitors = client
        .root(root(addr))
        .follow_with("monitors", Variables::new().with("fleet_id", "f1"));
    let create = monitors.template("default").await.unwrap();
    assert_eq!(create.url().path(), "/connectedcar/v2/fleets/f1/monitors");

    let parameter: connected_car::monitors::model::MonitorParameter = serde_json::from_value(json!({
        "label": "Over 130 km/h",
        "subscribeParam": {"callback": {"webhook": {"target": "https://hooks.example.com/cc"}}},
        "triggerParam": {
            "triggers": [{"name": "fast", "data": {"data": "vehicle.kinetic.speed", "op": "greaterThan", "value": [130]}}],
            "boolExp": "fast"
        }
    }))
    .unwrap();
    let created = create.submit(&parameter).await.unwrap();
    assert_eq!(created.status(), 202);
    let monitor = created.target().expect("a Location");

    let missing = create
        .submit(&json!({"label": "no rule"}))
        .await
        .unwrap_err();
    assert!(
        matches!(missing.kind(), ErrorKind::MissingProperty { property, .. } if property == "subscribeParam.callback.webhook.target"),
        "{missing}"
    );
    assert!(missing.status().is_none(), "nothing was sent");

    let status = monitor.clone().follow("status");
    let pause = status.template("default").await.unwrap();
    let paused = pause.submit(&json!({"status": "Paused"})).await.unwrap();
    assert_eq!(
        paused.document().unwrap().resource().state()["status"],
        "Paused"
    );

    let delete = monitor.template("delete").await.unwrap();
    assert_eq!(delete.submit(&json!({})).await.unwrap().status(), 204);
    let none = monitor.template("delete").await.unwrap_err();
    assert_eq!(none.status().map(|s| s.as_u16()), Some(404));
}

/// `hal crawl`'s engine over the whole demo: every link, embedded resource and page answers,
/// is HAL, lints clean, no embedded copy contradicts its resource, and every relation's
/// documentation answers.
#[tokio::test]
async fn the_demo_crawls_clean() {
    let addr = start().await;
    let report = hal_cli::crawl::crawl(&http("f1"), root(addr), 50_000)
        .await
        .unwrap();
    assert_eq!(report.findings, [], "{report:#?}");
    assert_eq!(report.over_budget, 0, "{report:#?}");
    assert!(report.requests > 100, "{}", report.requests);
    assert!(
        report
            .not_followed
            .iter()
            .any(|n| n.reason == hal_cli::crawl::Reason::NeedsValues),
        "templated links that need values are listed: {:#?}",
        report.not_followed
    );
}
