//! The origin's own material against the service: the monitor examples of its documentation
//! (with the documentation's typos fixed, each named below), sent as its clients send them, and
//! every answer and a delivered webhook body validated against the origin's published schemas
//! (`tests/data/origin/schemas.json`).

mod support;

use std::time::Duration;

use connected_car::delivery::DeliveryConfig;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use support::Receiver;

const FLEET: &str = "f1";

/// The documentation's "4.1 Autonomy" example. Fixed: `callback.target` and `name` belong in
/// `callback.webhook`; `maxRetryNumber` is the schema's `retryNumber`; `circle` is `place`;
/// the three triggers were written as one object with `name` three times; `boolExp` had an
/// unbalanced parenthesis. The target is the test's receiver.
fn autonomy(target: &str) -> Value {
    json!({
        "label": "IDF Zone monitor With Data Triggering:[vehicle.energy.electric.level] OR on Mondays",
        "subscribeParam": {
            "refreshEvent": 600,
            "retryPolicy": {"policy": "Always", "retryNumber": 3, "retryDelay": 120},
            "batchNotify": {"size": 10, "timeWindow": 300},
            "callback": {"webhook": {
                "target": target,
                "name": "HTTP_CB",
                "attributes": [
                    {"type": "Query", "key": "vin", "value": "$vin"},
                    {"type": "Header", "key": "Authorization", "value": "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="}
                ]
            }}
        },
        "extendedEventParam": ["vehicle.alerts", "vehicle.status"],
        "triggerParam": {
            "triggers": [
                {"name": "outOfParis", "zone": {"transition": "Out", "place": {
                    "radius": 20, "center": {"longitude": 2.333333, "latitude": 48.866667}}}},
                {"name": "onMonday", "time": {"times": [{
                    "recurrence": "Daily", "start": "PT14H30M",
                    "occurence": {"day": ["Mon"]}, "duration": "PT04H30M"}],
                    "timeZone": "Europe/Paris"}},
                {"name": "batteryIsLow", "data": {
                    "data": "vehicle.energy.electric.level", "op": "lowerThan", "value": ["50"]}}
            ],
            "boolExp": "(outOfParis & (batteryIsLow | onMonday))"
        }
    })
}

/// The documentation's "4.2 Heatwave" example. Fixed: `maxRetryNumber`, `attributres`,
/// `circle`, the triggers written as one object, and `extendedEventParam`, which named a data
/// operand (`environment.air.temp`) where the schema's enum names the vehicle's status. Its
/// `Always` retries and 300 s batch window are kept short so that the test sees the delivery.
fn heatwave(target: &str) -> Value {
    json!({
        "label": "IDF Zone monitor With Data Triggering:[environment.air.temp]",
        "subscribeParam": {
            "refreshEvent": 600,
            "retryPolicy": {"policy": "Always", "retryNumber": 3, "retryDelay": 120},
            "batchNotify": {"size": 1, "timeWindow": 5},
            "callback": {"webhook": {
                "target": target,
                "name": "My_Webhook",
                "attributes": [
                    {"type": "Header", "key": "X-Vehicle_Id", "value": "$vin"},
                    {"type": "Header", "key": "Authorization", "value": "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="}
                ]
            }}
        },
        "extendedEventParam": ["vehicle.status"],
        "triggerParam": {
            "triggers": [
                {"name": "outOfParis", "zone": {"transition": "Out", "place": {
                    "radius": 20, "center": {"longitude": 2.333333, "latitude": 48.866667}}}},
                {"name": "outsideTemperatureIsHight", "data": {
                    "data": "environment.air.temp", "op": "greaterThan", "value": ["30"]}}
            ],
            "boolExp": "(outOfParis & outsideTemperatureIsHight)"
        }
    })
}

struct Service {
    base: String,
    client: Client,
}

impl Service {
    async fn start() -> Self {
        let state = support::test_state()
            .await
            .with_webhook_allow(support::loopback());
        let config = DeliveryConfig {
            poll: Duration::from_millis(20),
            timeout: Duration::from_secs(5),
            ..DeliveryConfig::default()
        };
        state
            .start_background(config, Duration::from_secs(1))
            .unwrap();
        let base = format!("{}/connectedcar/v2", support::serve_in_process(state).await);
        Self {
            base,
            client: Client::new(),
        }
    }

    async fn send(
        &self,
        method: reqwest::Method,
        href: &str,
        body: Option<&Value>,
    ) -> (StatusCode, Value) {
        let url = if href.starts_with('/') {
            format!(
                "{}{}",
                self.base.split("/connectedcar").next().unwrap(),
                href
            )
        } else {
            format!("{}/{href}", self.base)
        };
        let mut request = self.client.request(method, url).header("x-fleet-id", FLEET);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn get(&self, href: &str) -> Value {
        let (status, body) = self.send(reqwest::Method::GET, href, None).await;
        assert_eq!(status, StatusCode::OK, "{href}: {body}");
        body
    }
}

/// `instance` validates against the origin's schema `name`.
#[track_caller]
fn conforms(name: &str, instance: &Value) {
    let errors = support::origin_errors(name, instance);
    assert!(errors.is_empty(), "{name}: {errors:#?}\n{instance:#}");
}

#[tokio::test]
async fn the_documentations_monitors_are_created_read_changed_and_listed_in_the_origins_shapes() {
    let (service, receiver) = (Service::start().await, Receiver::start().await);
    let mut created = Vec::new();
    for example in [autonomy(&receiver.url("a")), heatwave(&receiver.url("h"))] {
        // The fixed examples are what the origin's schema describes.
        conforms("v3.MonitorParameter", &example);
        let (status, reference) = service
            .send(
                reqwest::Method::POST,
                &format!("fleets/{FLEET}/monitors"),
                Some(&example),
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{reference}");
        conforms("v3.MonitorRef", &reference);
        let monitor_href = reference["_links"]["monitor"]["href"]
            .as_str()
            .unwrap()
            .to_owned();
        let monitor = service.get(&monitor_href).await;
        conforms("v3.Monitor", &monitor);
        assert_eq!(monitor["monitor"]["triggerParam"], example["triggerParam"]);
        assert_eq!(
            monitor["_links"]["fleet"]["href"],
            format!("/connectedcar/v2/fleets/{FLEET}")
        );
        created.push((monitor_href, example));
    }

    // A change and a status change, each answered as the origin answers: 202 and a MonitorRef.
    let (monitor_href, mut example) = created.pop().unwrap();
    example["label"] = json!("Heatwave in Paris");
    let (status, reference) = service
        .send(reqwest::Method::PUT, &monitor_href, Some(&example))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{reference}");
    conforms("v3.MonitorRef", &reference);
    let (status, reference) = service
        .send(
            reqwest::Method::PUT,
            &format!("{monitor_href}/status"),
            Some(&json!({"status": "Paused"})),
        )
        .await;
    assert_eq!(
        (status, &reference["status"]),
        (StatusCode::ACCEPTED, &json!("Paused"))
    );
    conforms("v3.MonitorRef", &reference);
    assert_eq!(
        service.get(&monitor_href).await["monitor"]["label"],
        "Heatwave in Paris"
    );

    // The fleet's monitors, in the origin's spelling of a page too.
    for query in ["", "?indexRange=0-&pageSize=1"] {
        let page = service
            .get(&format!("fleets/{FLEET}/monitors{query}"))
            .await;
        conforms("v3.Monitors", &page);
        assert_eq!(
            (&page["total"], &page["currentPage"]),
            (&json!(2), &json!(1))
        );
    }
}

#[tokio::test]
async fn the_heatwave_example_fires_and_its_webhook_body_is_the_origins() {
    let (service, receiver) = (Service::start().await, Receiver::start().await);
    let (status, reference) = service
        .send(
            reqwest::Method::POST,
            &format!("fleets/{FLEET}/monitors"),
            Some(&heatwave(&receiver.url("hook"))),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{reference}");
    let page = service.get("vehicles?pageSize=1").await;
    let vin = page["_embedded"]["vehicles"][0]["vin"]
        .as_str()
        .unwrap()
        .to_owned();
    // Hot in Paris, then hot 50 km out of it: the crossing fires.
    let samples = json!([
        {"recordedAt": "2026-07-01T12:00:00Z", "environment": {"air": {"temp": 34.5}},
         "position": {"type": "Point", "coordinates": [2.333333, 48.866667]}},
        {"recordedAt": "2026-07-01T12:40:00Z", "environment": {"air": {"temp": 35.0}},
         "position": {"type": "Point", "coordinates": [2.333333, 49.316667]}}
    ]);
    let (status, receipt) = service
        .send(
            reqwest::Method::POST,
            &format!("vehicles/{vin}/telemetry"),
            Some(&samples),
        )
        .await;
    assert_eq!(
        (status, &receipt["eventsRaised"]),
        (StatusCode::OK, &json!(1)),
        "{receipt}"
    );

    let received = receiver.wait_for("hook", 1, Duration::from_secs(10)).await;
    assert_eq!(received.len(), 1);
    let request = &received[0];
    assert_eq!(request.headers["x-vehicle_id"], vin.as_str());
    let body = &request.body;
    conforms("wh3.MonitorEvents", body);
    conforms(
        "wh2.MonitorEvents",
        &json!({
            "monitorId": body["monitorId"],
            "attributes": body["attributes"],
            // The v2 template wants an extension's body to be an array, v3 an object; the service
            // follows v3 (see the README), so v2 is checked without the extensions.
            "events": body["events"].as_array().unwrap().iter().map(|event| {
                let mut event = event.clone();
                event.as_object_mut().unwrap().remove("extensions");
                event
            }).collect::<Vec<_>>(),
        }),
    );
    let event = &body["events"][0];
    assert_eq!(
        (
            &event["vin"],
            &event["fleetId"],
            &event["eventDate"],
            &event["refresh"]
        ),
        (
            &json!(vin),
            &json!(FLEET),
            &json!("2026-07-01T12:40:00.000Z"),
            &json!(false)
        )
    );
    assert_eq!(
        event["values"],
        json!([{"data": "environment.air.temp", "value": {"type": "string", "body": {"literalValue": "35"}}}])
    );
    assert_eq!(
        event["triggers"],
        json!(["outOfParis", "outsideTemperatureIsHight"])
    );
    assert_eq!(event["extensions"][0]["type"], "vehicle.status");
    assert_eq!(
        event["extensions"][0]["body"]["status"]["ignition"],
        Value::Null
    );
}

/// The origin's paths of a fleet's vehicles, a vehicle by its `id`, its last position (in the
/// origin's media type too) and its status, with the origin's relation names to follow.
#[tokio::test]
async fn vehicles_are_reached_by_the_origins_paths_and_ids() {
    let service = Service::start().await;
    let page = service
        .get(&format!("fleets/{FLEET}/vehicles?indexRange=0-&pageSize=2"))
        .await;
    conforms("v3.CollectionResult", &page);
    let listed = &page["_embedded"]["vehicles"][0];
    let (id, vin) = (
        listed["id"].as_str().unwrap(),
        listed["vin"].as_str().unwrap(),
    );
    assert_eq!(id.len(), 32, "{listed}");
    assert_eq!(
        page["_links"]["next"]["href"],
        "/connectedcar/v2/vehicles?indexRange=2-&pageSize=2"
    );

    let vehicle = service.get(&format!("fleets/{FLEET}/vehicles/{id}")).await;
    assert_eq!(&vehicle["vin"], vin);
    for rel in [
        "fleet",
        "trips",
        "alerts",
        "lastPosition",
        "status",
        "maintenance",
    ] {
        assert!(
            vehicle["_links"][rel]["href"].is_string(),
            "{rel}: {vehicle}"
        );
    }
    let status = service
        .get(&format!("fleets/{FLEET}/vehicles/{id}/status"))
        .await;
    assert_eq!(&status["vin"], vin);
    // Trips, alerts and maintenance at the origin's paths are the vehicle's own.
    for (collection, schema) in [("trips", "v3.Trips"), ("alerts", "v3.Alerts")] {
        let by_id = service
            .get(&format!(
                "fleets/{FLEET}/vehicles/{id}/{collection}?pageSize=3"
            ))
            .await;
        let by_vin = service
            .get(&format!("vehicles/{vin}/{collection}?pageSize=3"))
            .await;
        assert_eq!(by_id, by_vin, "{collection}");
        conforms(schema, &by_id);
        assert!(
            by_id["total"].as_u64().unwrap() > 0,
            "{collection}: {by_id}"
        );
    }
    let maintenance = service
        .get(&format!("fleets/{FLEET}/vehicles/{id}/maintenance"))
        .await;
    assert_eq!(&maintenance["vin"], vin);
    assert!(
        maintenance["mileageBeforeMaintenance"].as_f64().unwrap() > 0.0,
        "{maintenance}"
    );
    assert_eq!(
        maintenance["_links"]["self"]["href"],
        vehicle["_links"]["maintenance"]["href"]
    );

    let last_position = format!("{}/fleets/{FLEET}/vehicles/{id}/lastPosition", service.base);
    for (accept, media_type) in [
        ("application/vnd.geo+json", "application/vnd.geo+json"),
        ("application/geo+json", "application/geo+json"),
        ("application/hal+json", "application/hal+json"),
    ] {
        let response = service
            .client
            .get(&last_position)
            .header("x-fleet-id", FLEET)
            .header("accept", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{accept}");
        assert_eq!(response.headers()["content-type"], media_type);
        let feature: Value = response.json().await.unwrap();
        assert_eq!(feature["type"], "Feature", "{accept}");
        assert_eq!(
            feature["_links"].is_null(),
            media_type != "application/hal+json"
        );
    }

    // Another fleet's path or vehicle is refused, an unknown id is not found.
    for (href, expected) in [
        (format!("fleets/f2/vehicles/{id}"), StatusCode::FORBIDDEN),
        ("fleets/f2/vehicles".to_owned(), StatusCode::FORBIDDEN),
        (
            format!("fleets/{FLEET}/vehicles/{}", "0".repeat(32)),
            StatusCode::NOT_FOUND,
        ),
        (
            format!("fleets/f9/vehicles/{id}/lastPosition"),
            StatusCode::NOT_FOUND,
        ),
    ] {
        let (status, problem) = service.send(reqwest::Method::GET, &href, None).await;
        assert_eq!(status, expected, "{href}: {problem}");
    }
    let f2_vehicle = {
        let (_, page) = service_as("f2", &service, "vehicles?limit=1").await;
        page["_embedded"]["vehicles"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (status, _) = service
        .send(
            reqwest::Method::GET,
            &format!("fleets/{FLEET}/vehicles/{f2_vehicle}"),
            None,
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "another fleet's vehicle by id"
    );
}

/// `href` below the root, read as fleet `fleet`.
async fn service_as(fleet: &str, service: &Service, href: &str) -> (StatusCode, Value) {
    let response = service
        .client
        .get(format!("{}/{href}", service.base))
        .header("x-fleet-id", fleet)
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

/// Every resource the origin defines validates against its schema: the fleet, vehicles, trips
/// (with their way points), alerts and a position.
#[tokio::test]
async fn the_resources_are_the_origins() {
    let service = Service::start().await;
    conforms("v3.Fleet", &service.get(&format!("fleets/{FLEET}")).await);
    let vehicles = service.get("vehicles?limit=40").await;
    conforms("v3.Vehicles", &vehicles);
    let mut alerts_seen = 0;
    for (index, vehicle) in vehicles["_embedded"]["vehicles"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        let vin = vehicle["vin"].as_str().unwrap();
        if index == 0 {
            conforms("v3.Vehicle", &service.get(&format!("vehicles/{vin}")).await);
            let trips = service.get(&format!("vehicles/{vin}/trips?limit=3")).await;
            conforms("v3.Trips", &trips);
            let trip = trips["_embedded"]["trips"][0]["_links"]["self"]["href"]
                .as_str()
                .unwrap();
            let trip = service.get(trip).await;
            conforms("v3.Trip", &trip);
            assert!(
                trip["_embedded"]["waypoints"]
                    .as_array()
                    .is_some_and(|w| !w.is_empty())
            );
            let position = service
                .client
                .get(format!("{}/vehicles/{vin}/position", service.base))
                .header("x-fleet-id", FLEET)
                .header("accept", "application/vnd.geo+json")
                .send()
                .await
                .unwrap();
            conforms("v3.Position", &position.json().await.unwrap());
        }
        let alerts = service.get(&format!("vehicles/{vin}/alerts")).await;
        conforms("v3.Alerts", &alerts);
        for alert in alerts["_embedded"]["alerts"].as_array().unwrap() {
            conforms(
                "v3.Alert",
                &service
                    .get(alert["_links"]["self"]["href"].as_str().unwrap())
                    .await,
            );
            assert_eq!(alert["active"], alert["endAt"].is_null());
            alerts_seen += 1;
        }
    }
    assert!(alerts_seen > 0, "no alert among 40 vehicles");
}

/// For each of the origin's 35 data operands: a trigger as the origin writes it (values as
/// text), the part of a first sample that leaves it false, the part of a second that makes it
/// true (or, for an occurrence, a change), and the value the event carries.
fn operand_cases() -> Vec<(&'static str, &'static str, Value, Value, Value, Value)> {
    let literal = |text: &str| json!({"type": "string", "body": {"literalValue": text}});
    let collision = json!({"type": "obj.collision", "body": {"objectValues": [{"side": "Front", "severity": "Major"}]}});
    vec![
        (
            "vehicle.alert",
            "includedIn",
            json!(["LeftFrontTirePuncture"]),
            json!({"alerts": []}),
            json!({"alerts": ["LeftFrontTirePuncture"]}),
            json!({"type": "obj.alert", "body": {"objectValues": [{"type": "LeftFrontTirePuncture", "active": true}]}}),
        ),
        (
            "vehicle.odometer",
            "greaterThan",
            json!(["20000"]),
            json!({"odometer": 19990}),
            json!({"odometer": 20001}),
            literal("20001"),
        ),
        (
            "vehicle.powertrain.status",
            "equalsTo",
            json!(["Running"]),
            json!({"powertrain": {"status": "Stopped"}}),
            json!({"powertrain": {"status": "Running"}}),
            literal("Running"),
        ),
        (
            "vehicle.engines.thermic.oil.temp",
            "greaterThan",
            json!(["120"]),
            json!({"engines": {"thermic": {"oil": {"temp": 90}}}}),
            json!({"engines": {"thermic": {"oil": {"temp": 125.5}}}}),
            literal("125.5"),
        ),
        (
            "vehicle.energy.electric.level",
            "lowerThan",
            json!(["20"]),
            json!({"energy": {"electric": {"level": 50}}}),
            json!({"energy": {"electric": {"level": 15}}}),
            literal("15"),
        ),
        (
            "vehicle.energy.electric.autonomy",
            "lowerThan",
            json!(["50"]),
            json!({"energy": {"electric": {"autonomy": 200}}}),
            json!({"energy": {"electric": {"autonomy": 40}}}),
            literal("40"),
        ),
        (
            "vehicle.energy.fuel.level",
            "lowerThan",
            json!(["10"]),
            json!({"energy": {"fuel": {"level": 50}}}),
            json!({"energy": {"fuel": {"level": 8}}}),
            literal("8"),
        ),
        (
            "vehicle.energy.fuel.autonomy",
            "lowerThan",
            json!(["60"]),
            json!({"energy": {"fuel": {"autonomy": 400}}}),
            json!({"energy": {"fuel": {"autonomy": 55}}}),
            literal("55"),
        ),
        (
            "vehicle.autonomy",
            "lowerThan",
            json!(["100"]),
            json!({"autonomy": 600}),
            json!({"autonomy": 95}),
            literal("95"),
        ),
        (
            "vehicle.energy.charging.status",
            "includedIn",
            json!(["InProgress", "Finished"]),
            json!({"energy": {"charging": {"status": "Disconnected"}}}),
            json!({"energy": {"charging": {"status": "InProgress"}}}),
            literal("InProgress"),
        ),
        (
            "vehicle.energy.charging.plugged",
            "equalsTo",
            json!(["true"]),
            json!({"energy": {"charging": {"plugged": false}}}),
            json!({"energy": {"charging": {"plugged": true}}}),
            literal("true"),
        ),
        (
            "vehicle.energy.charging.type",
            "onChange",
            json!([]),
            json!({"energy": {"charging": {"type": "Full"}}}),
            json!({"energy": {"charging": {"type": "Partial"}}}),
            literal("Partial"),
        ),
        (
            "vehicle.doorsState.lockedState",
            "onChange",
            json!([]),
            json!({"doorsState": {"lockedState": "Locked"}}),
            json!({"doorsState": {"lockedState": "Unlocked"}}),
            literal("Unlocked"),
        ),
        (
            "vehicle.doorsState.opening",
            "onChange",
            json!([]),
            json!({"doorsState": {"opening": false}}),
            json!({"doorsState": {"opening": true}}),
            literal("true"),
        ),
        (
            "vehicle.kinetic.moving",
            "equalsTo",
            json!(["true"]),
            json!({"kinetic": {"moving": false}}),
            json!({"kinetic": {"moving": true}}),
            literal("true"),
        ),
        (
            "vehicle.kinetic.speed",
            "greaterThan",
            json!(["130"]),
            json!({"kinetic": {"speed": 0}}),
            json!({"kinetic": {"speed": 140}}),
            literal("140"),
        ),
        // The trip: under way in the first sample, ended in the second. Its start is an
        // occurrence, seen with the first sample; its stop with the second.
        (
            "vehicle.trip",
            "equalsTo",
            json!(["t-1"]),
            json!({}),
            json!({}),
            literal("t-1"),
        ),
        (
            "vehicle.trip.start",
            "onChange",
            json!([]),
            json!({}),
            json!({}),
            literal("t-1"),
        ),
        (
            "vehicle.trip.stop",
            "onChange",
            json!([]),
            json!({}),
            json!({}),
            literal("t-1"),
        ),
        (
            "vehicle.trip.duration",
            "greaterThan",
            json!(["1800"]),
            json!({}),
            json!({}),
            literal("2400"),
        ),
        (
            "vehicle.trip.distance",
            "greaterThan",
            json!(["50"]),
            json!({}),
            json!({}),
            literal("55.5"),
        ),
        (
            "vehicle.trip.state",
            "includedIn",
            json!(["DataLacking", "Unfinished"]),
            json!({}),
            json!({}),
            literal("DataLacking"),
        ),
        (
            "vehicle.maintenance.daysBeforeMaintenance",
            "lowerThan",
            json!(["0"]),
            json!({"maintenance": {"daysBeforeMaintenance": 10}}),
            json!({"maintenance": {"daysBeforeMaintenance": -1}}),
            literal("-1"),
        ),
        (
            "vehicle.maintenance.mileageBeforeMaintenance",
            "lowerThan",
            json!(["500"]),
            json!({"maintenance": {"mileageBeforeMaintenance": 2000}}),
            json!({"maintenance": {"mileageBeforeMaintenance": 400}}),
            literal("400"),
        ),
        (
            "vehicle.safety.beltWarning",
            "equalsTo",
            json!(["Omission"]),
            json!({"safety": {"beltWarning": "Normal"}}),
            json!({"safety": {"beltWarning": "Omission"}}),
            literal("Omission"),
        ),
        (
            "environment.air.temp",
            "greaterThan",
            json!(["30"]),
            json!({"environment": {"air": {"temp": 20}}}),
            json!({"environment": {"air": {"temp": 31}}}),
            literal("31"),
        ),
        (
            "privacy.state",
            "includedIn",
            json!(["Geolocation", "Full"]),
            json!({"privacy": {"state": "None"}}),
            json!({"privacy": {"state": "Full"}}),
            literal("Full"),
        ),
        (
            "vehicle.drivingBehavior.mode",
            "onChange",
            json!([]),
            json!({"drivingBehavior": {"mode": "Normal"}}),
            json!({"drivingBehavior": {"mode": "Sport"}}),
            literal("Sport"),
        ),
        (
            "vehicle.collision.side",
            "equalsTo",
            json!(["Front"]),
            json!({}),
            json!({"collision": {"side": "Front", "severity": "Major"}}),
            collision.clone(),
        ),
        (
            "vehicle.collision.severity",
            "includedIn",
            json!(["Minor", "Major"]),
            json!({}),
            json!({}),
            collision,
        ),
        (
            "vehicle.safety.autoECallTriggering",
            "equalsTo",
            json!(["Detected"]),
            json!({"safety": {"autoECallTriggering": "NotDetected"}}),
            json!({"safety": {"autoECallTriggering": "Detected"}}),
            literal("Detected"),
        ),
        (
            "vehicle.preconditioning.airConditioning",
            "onChange",
            json!([]),
            json!({"preconditioning": {"airConditioning": {"status": "Disabled"}}}),
            json!({"preconditioning": {"airConditioning": {"status": "Enabled"}}}),
            literal("Enabled"),
        ),
        (
            "vehicle.alarm.trigger.type",
            "includedIn",
            json!(["VolumetricBreakIn", "VehicleLifting"]),
            json!({"alarm": {"trigger": {"type": "NoBreakIn"}}}),
            json!({"alarm": {"trigger": {"type": "VehicleLifting"}}}),
            literal("VehicleLifting"),
        ),
        (
            "vehicle.alarm.status.activation",
            "equalsTo",
            json!(["Active"]),
            json!({"alarm": {"status": {"activation": "Inactive"}}}),
            json!({"alarm": {"status": {"activation": "Active"}}}),
            literal("Active"),
        ),
        (
            "stolen.state",
            "equalsTo",
            json!(["true"]),
            json!({"stolen": {"state": false}}),
            json!({"stolen": {"state": true}}),
            literal("true"),
        ),
    ]
}

/// Merges `part` into `sample`, member by member.
fn merge(sample: &mut Value, part: &Value) {
    for (key, value) in part.as_object().unwrap() {
        match (sample.get_mut(key), value) {
            (Some(existing @ Value::Object(_)), Value::Object(_)) => merge(existing, value),
            _ => sample[key] = value.clone(),
        }
    }
}

#[tokio::test]
async fn a_monitor_fires_on_each_of_the_origins_35_operands_from_posted_telemetry() {
    let cases = operand_cases();
    let names: Vec<&str> = cases.iter().map(|case| case.0).collect();
    let schemas = support::origin_schemas();
    let origin_names: Vec<&str> = schemas["v3.DataTrigger"]["properties"]["data"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|name| name.as_str().unwrap())
        .collect();
    assert_eq!(
        names, origin_names,
        "one case per operand of the origin, in its order"
    );

    let (service, receiver) = (Service::start().await, Receiver::start().await);
    for (index, (data, op, value, ..)) in cases.iter().enumerate() {
        let mut trigger = json!({"data": data, "op": op});
        if *op != "onChange" {
            trigger["value"] = value.clone();
        }
        let parameter = json!({
            "label": format!("on {data}"),
            "subscribeParam": {
                "retryPolicy": {"policy": "None"},
                "batchNotify": {"size": 1, "timeWindow": 5},
                "callback": {"webhook": {"target": receiver.url(&format!("op{index}")), "name": "ops"}}
            },
            "triggerParam": {"triggers": [{"name": "d", "data": trigger}], "boolExp": "d"}
        });
        conforms("v3.MonitorParameter", &parameter);
        let (status, reference) = service
            .send(
                reqwest::Method::POST,
                &format!("fleets/{FLEET}/monitors"),
                Some(&parameter),
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{data}: {reference}");
    }

    let page = service.get("vehicles?pageSize=1").await;
    let vin = page["_embedded"]["vehicles"][0]["vin"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut before = json!({
        "recordedAt": "2026-07-01T12:00:00Z",
        "trip": {"id": "t-1", "duration": 600, "distance": 10, "state": "Nominal"}
    });
    let mut after = json!({
        "recordedAt": "2026-07-01T12:40:00Z",
        "trip": {"id": "t-1", "done": true, "duration": 2400, "distance": 55.5, "state": "DataLacking"}
    });
    for (_, _, _, false_part, true_part, _) in &cases {
        merge(&mut before, false_part);
        merge(&mut after, true_part);
    }
    let (status, receipt) = service
        .send(
            reqwest::Method::POST,
            &format!("vehicles/{vin}/telemetry"),
            Some(&json!([before, after])),
        )
        .await;
    assert_eq!(
        (status, &receipt["eventsRaised"]),
        (StatusCode::OK, &json!(35)),
        "{receipt}"
    );

    for (index, (data, _, _, _, _, expected)) in cases.iter().enumerate() {
        let received = receiver
            .wait_for(&format!("op{index}"), 1, Duration::from_secs(10))
            .await;
        assert_eq!(received.len(), 1, "{data}");
        let body = &received[0].body;
        // The v3 template leaves `vehicle.drivingBehavior.mode` out of its operands, where
        // v2's has it: that one is checked against v2's.
        let template = if *data == "vehicle.drivingBehavior.mode" {
            "wh2.MonitorEvents"
        } else {
            "wh3.MonitorEvents"
        };
        conforms(template, body);
        assert_eq!(
            body["events"][0]["values"],
            json!([{"data": data, "value": expected}]),
            "{data}"
        );
    }
}

#[tokio::test]
async fn time_triggers_take_the_origins_intervals_and_weeks() {
    let service = Service::start().await;
    let parameter = json!({
        "label": "Summer deliveries",
        "subscribeParam": {"callback": {"webhook": {"target": "https://hooks.example.com/cc", "name": "ops"}}},
        "triggerParam": {
            "triggers": [
                // From an instant on, with no end (the origin's delayed activation).
                {"name": "from", "time": {"times": [{"recurrence": "None", "start": "2026-07-01T08:00:00+02:00"}]}},
                // Weekday mornings of weeks 27 to 35, and week 52.
                {"name": "mornings", "time": {"times": [{"recurrence": "Daily", "start": "PT8H", "duration": "PT4H",
                    "occurence": {"day": ["Mon", "Tue", "Wed", "Thu", "Fri"], "week": ["w27-w35", "w52"]}}]}},
                {"name": "fast", "data": {"data": "vehicle.kinetic.speed", "op": "greaterThan", "value": [90]}}
            ],
            "boolExp": "from & mornings & fast"
        }
    });
    // The origin's schema wants the values as text; a number is taken too.
    let mut as_text = parameter.clone();
    as_text["triggerParam"]["triggers"][2]["data"]["value"] = json!(["90"]);
    conforms("v3.MonitorParameter", &as_text);
    let (status, reference) = service
        .send(
            reqwest::Method::POST,
            &format!("fleets/{FLEET}/monitors"),
            Some(&parameter),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{reference}");
    let monitor = service
        .get(reference["_links"]["monitor"]["href"].as_str().unwrap())
        .await;
    conforms("v3.Monitor", &monitor);
    let stored = &monitor["monitor"]["triggerParam"]["triggers"];
    assert_eq!(
        stored[0]["time"]["times"][0],
        json!({"recurrence": "None", "start": "2026-07-01T08:00:00+02:00"})
    );
    assert_eq!(
        stored[1]["time"]["times"][0]["occurence"]["week"],
        json!(["w27-w35", "w52"])
    );
    assert_eq!(
        stored[2]["data"]["value"],
        json!(["90"]),
        "values are kept as text"
    );

    // A week that is not one is refused where it is.
    let mut bad = parameter.clone();
    bad["triggerParam"]["triggers"][1]["time"]["times"][0]["occurence"]["week"] =
        json!(["w27-w35", "w54"]);
    let (status, problem) = service
        .send(
            reqwest::Method::POST,
            &format!("fleets/{FLEET}/monitors"),
            Some(&bad),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert_eq!(
        problem["pointer"], "/triggerParam/triggers/1/time/times/0/occurence/week/1",
        "{problem}"
    );
}

#[tokio::test]
async fn the_status_is_the_origins_shape() {
    let service = Service::start().await;
    let page = service.get("vehicles?pageSize=1").await;
    let listed = &page["_embedded"]["vehicles"][0];
    let (id, vin) = (
        listed["id"].as_str().unwrap(),
        listed["vin"].as_str().unwrap(),
    );
    let sample = json!({
        "recordedAt": "2026-07-01T12:00:00Z",
        "kinetic": {"speed": 42.5, "moving": true},
        "odometer": 12000,
        "energy": {"electric": {"level": 61, "autonomy": 240},
                   "charging": {"status": "Disconnected", "plugged": false, "type": "Full"}},
        "ignition": true,
        "powertrain": {"status": "Running"},
        "engines": {"thermic": {"oil": {"temp": 88}}},
        "doorsState": {"lockedState": "Locked"},
        "environment": {"air": {"temp": 21.5}},
        "safety": {"beltWarning": "Omission", "autoECallTriggering": "NotDetected"},
        "privacy": {"state": "Geolocation"},
        "drivingBehavior": {"mode": "Eco"},
        "alarm": {"status": {"activation": "Inactive"}},
        "preconditioning": {"airConditioning": {"status": "Finished"}}
    });
    let (status, receipt) = service
        .send(
            reqwest::Method::POST,
            &format!("vehicles/{vin}/telemetry"),
            Some(&sample),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{receipt}");
    let document = service
        .get(&format!("fleets/{FLEET}/vehicles/{id}/status"))
        .await;
    let at = "2026-07-01T12:00:00.000Z";
    assert_eq!(document["vin"], vin);
    assert_eq!(document["createdAt"], at);
    assert_eq!(
        document["ignition"],
        json!({"type": "Start", "createdAt": at})
    );
    assert_eq!(
        document["kinetic"],
        json!({"speed": 42.5, "moving": true, "createdAt": at})
    );
    assert_eq!(
        document["odometer"],
        json!({"mileage": 12000.0, "createdAt": at})
    );
    assert_eq!(
        document["powertrain"],
        json!({"status": "Running", "createdAt": at})
    );
    assert_eq!(
        document["doorsState"],
        json!({"lockedStates": ["Locked"], "createdAt": at})
    );
    assert_eq!(
        document["privacy"],
        json!({"state": "Geolocation", "createdAt": at})
    );
    assert_eq!(
        document["environment"],
        json!({"air": {"temp": 21.5, "createdAt": at}})
    );
    assert_eq!(
        document["drivingBehavior"],
        json!({"mode": "Eco", "createdAt": at})
    );
    assert_eq!(
        document["safety"],
        json!({"beltStatus": [{"belt": "Omission", "id": "Driver"}],
               "autoECallTriggering": "NotDetected", "createdAt": at})
    );
    assert_eq!(
        document["alarm"],
        json!({"status": {"activation": "Inactive", "createdAt": at}})
    );
    assert_eq!(
        document["preconditioning"],
        json!({"airConditioning": {"status": "Finished", "createdAt": at}})
    );
    assert_eq!(
        document["energies"],
        json!([{"type": "Electric", "level": 61.0, "autonomy": 240.0, "createdAt": at,
                "extension": {"electric": {"charging": {"plugged": false, "status": "Disconnected", "type": "Full"}}}}])
    );
    assert_eq!(
        document["engines"],
        json!([{"type": "Thermic", "extension": {"thermic": {"oil": {"temp": 88.0}}}, "createdAt": at}])
    );
    assert_eq!(
        document["_links"]["vehicle"]["href"],
        format!("/connectedcar/v2/vehicles/{vin}")
    );
    assert!(
        support::deviations_aside(&document).is_empty(),
        "{document}"
    );
}
