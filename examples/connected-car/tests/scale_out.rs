//! Several instances on one PostgreSQL database, and instances that die or lose the database:
//! the events are exactly those one engine would raise for the samples in `recordedAt` order,
//! however requests are routed and whatever fails. Every address is loopback; every wait and
//! every retry loop is bounded.

mod support;

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::{Api, Process, Proxy, Receiver, fresh_database, speeding};

/// One sample of vehicle speed at minute `minute` of the test's day.
fn speed_at(minute: u32, speed: f64) -> Value {
    json!({
        "recordedAt": format!("2026-03-17T{:02}:{:02}:00Z", 8 + minute / 60, minute % 60),
        "kinetic": {"speed": speed}
    })
}

/// Rising edges over 100 km/h in `speeds`, starting from "not above".
fn edges(speeds: &[f64]) -> usize {
    let mut above = false;
    let mut count = 0;
    for &speed in speeds {
        let now = speed > 100.0;
        count += usize::from(now && !above);
        above = now;
    }
    count
}

/// A speeding monitor posting to a receiver that takes everything: these tests count stored
/// events. (Deliveries that fail would make the monitor `Failed`, and stop it.)
async fn sunk_speeding() -> (Receiver, Value) {
    let receiver = Receiver::start().await;
    let parameter = speeding(&receiver.url("sink"), json!({"policy": "None"}));
    (receiver, parameter)
}

/// Two instances on a fresh database, or `None` when there is no PostgreSQL server.
async fn two_instances(extra: &[&str]) -> Option<(Process, Process)> {
    let database = fresh_database().await?;
    let args: Vec<&str> = ["--database-url", database.as_str()]
        .into_iter()
        .chain(extra.iter().copied())
        .collect();
    Some((Process::start(&args), Process::start(&args)))
}

#[tokio::test]
async fn one_vehicle_alternated_between_two_instances_raises_what_one_engine_raises() {
    let sink = sunk_speeding().await;
    let Some((first, second)) = two_instances(&[]).await else {
        return;
    };
    let (a, b) = (Api::new(&first.base), Api::new(&second.base));
    let monitor = a.create_monitor(&sink.1).await;
    let vin = a.vin(0).await;
    // 10/150 alternating, then 10, 10, 150, 150: one request per sample, every other
    // request to the other instance (a load balancer without VIN affinity).
    let mut speeds: Vec<f64> = (0..20)
        .map(|i| if i % 2 == 0 { 10.0 } else { 150.0 })
        .collect();
    speeds.extend((0..20).map(|i| if i % 4 < 2 { 10.0 } else { 150.0 }));
    let mut raised = 0;
    for (minute, speed) in speeds.iter().enumerate() {
        let api = if minute % 2 == 0 { &a } else { &b };
        raised += api
            .telemetry(&vin, &json!([speed_at(minute as u32, *speed)]))
            .await;
    }
    let expected = edges(&speeds);
    assert_eq!(expected, 15);
    assert_eq!(raised as usize, expected, "the receipts");
    assert_eq!(a.event_count(&monitor).await, expected, "the stored events");

    // An older sample is late on the instance that did not take the newer one too.
    let late = b.receipt(&vin, &json!([speed_at(5, 150.0)])).await;
    assert_eq!(
        (late["accepted"].as_u64(), late["late"].as_u64()),
        (Some(0), Some(1))
    );
    // And a batch sent again, to the other instance, is recognised: nothing applied or raised.
    let batch: Vec<Value> = (100..110)
        .map(|minute| speed_at(minute, if minute % 2 == 0 { 10.0 } else { 150.0 }))
        .collect();
    let first_time = a.receipt(&vin, &Value::Array(batch.clone())).await;
    assert_eq!(first_time["eventsRaised"], 5);
    let again = b.receipt(&vin, &Value::Array(batch)).await;
    assert_eq!(
        (again["accepted"].as_u64(), again["eventsRaised"].as_u64()),
        (Some(0), Some(0)),
        "{again}"
    );
    assert_eq!(
        again["duplicates"].as_u64().unwrap() + again["late"].as_u64().unwrap(),
        10
    );
    assert_eq!(a.event_count(&monitor).await, expected + 5);
}

#[tokio::test]
async fn a_monitor_changed_on_one_instance_is_evaluated_by_the_other_at_once() {
    let sink = sunk_speeding().await;
    let Some((first, second)) = two_instances(&[]).await else {
        return;
    };
    let (a, b) = (Api::new(&first.base), Api::new(&second.base));
    let vin = a.vin(1).await;
    assert_eq!(b.telemetry(&vin, &json!([speed_at(0, 10.0)])).await, 0);
    // Created on one instance; an edge sent to the other right after the answer.
    let monitor = a.create_monitor(&sink.1).await;
    assert_eq!(b.telemetry(&vin, &json!([speed_at(1, 150.0)])).await, 1);
    // Paused on one instance: the other raises nothing for the next edge; resumed, it does.
    let edge = |minute: u32| json!([speed_at(minute, 10.0), speed_at(minute + 1, 150.0)]);
    set_status(&a, &monitor, "Paused").await;
    assert_eq!(b.telemetry(&vin, &edge(2)).await, 0);
    set_status(&a, &monitor, "Running").await;
    assert_eq!(b.telemetry(&vin, &edge(4)).await, 1);
    // Deleted on one instance: the other neither raises nor counts an event for it.
    let (status, _) = a.send(reqwest::Method::DELETE, &monitor, None).await;
    assert_eq!(status.as_u16(), 204);
    assert_eq!(b.telemetry(&vin, &edge(6)).await, 0);
}

async fn set_status(api: &Api, monitor: &str, status: &str) {
    let (answer, body) = api
        .send(
            reqwest::Method::PUT,
            &format!("{monitor}/status"),
            Some(&json!({"status": status})),
        )
        .await;
    assert!(answer.is_success(), "{answer}: {body}");
}

/// Killed (SIGKILL) with a vehicle above the threshold, then started again: the state comes
/// back from the database, so the vehicle staying above raises nothing, and a batch sent again
/// is recognised.
async fn restart_raises_nothing_new(args: &[&str]) {
    let sink = sunk_speeding().await;
    let service = Process::start(args);
    let api = Api::new(&service.base);
    let monitor = api.create_monitor(&sink.1).await;
    let vin = api.vin(2).await;
    let batch = json!([speed_at(0, 10.0), speed_at(1, 150.0), speed_at(2, 160.0)]);
    assert_eq!(api.telemetry(&vin, &batch).await, 1);
    service.kill();

    let service = Process::start(args);
    let api = Api::new(&service.base);
    let again = api.receipt(&vin, &batch).await;
    assert_eq!(
        (again["accepted"].as_u64(), again["eventsRaised"].as_u64()),
        (Some(0), Some(0)),
        "{again}"
    );
    assert_eq!(
        api.telemetry(&vin, &json!([speed_at(3, 170.0)])).await,
        0,
        "still above"
    );
    let (_, status) = api.get(&format!("/vehicles/{vin}/status")).await;
    assert_eq!(status["kinetic"]["speed"], 170.0, "{status}");
    assert_eq!(
        api.telemetry(&vin, &json!([speed_at(4, 10.0), speed_at(5, 150.0)]))
            .await,
        1
    );
    assert_eq!(api.event_count(&monitor).await, 2);
}

#[tokio::test]
async fn killed_and_restarted_on_postgresql_raises_nothing_new() {
    let Some(database) = fresh_database().await else {
        return;
    };
    restart_raises_nothing_new(&["--database-url", &database]).await;
}

#[tokio::test]
async fn killed_and_restarted_on_sqlite_raises_nothing_new() {
    let data = tempfile::tempdir().unwrap();
    restart_raises_nothing_new(&["--data-dir", data.path().to_str().unwrap()]).await;
}

/// Posts one sample until it is answered 200, retrying 503s and failed connections as a
/// client of the origin API would; panics after `limit`.
async fn post_until_accepted(api: &Api, vin: &str, sample: &Value, limit: Duration) -> Value {
    let client = reqwest::Client::new();
    let started = Instant::now();
    loop {
        let response = client
            .post(format!("{}/vehicles/{vin}/telemetry", api.base))
            .header("x-fleet-id", "f1")
            .timeout(Duration::from_secs(10))
            .json(&json!([sample]))
            .send()
            .await;
        match response {
            Ok(response) if response.status().is_success() => {
                return response.json().await.unwrap();
            }
            Ok(response) => assert_eq!(response.status().as_u16(), 503, "only 503 may be retried"),
            Err(_) => {}
        }
        assert!(
            started.elapsed() < limit,
            "vehicle {vin}: not accepted within {limit:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_database_outage_while_telemetry_flows_loses_no_edge_and_raises_none_twice() {
    let sink = sunk_speeding().await;
    let Some(database) = fresh_database().await else {
        return;
    };
    let (mut proxy, through) = Proxy::in_front_of(&database).await;
    let (first, second) = (
        Process::start(&["--database-url", &through]),
        Process::start(&["--database-url", &through]),
    );
    let monitor = Api::new(&first.base).create_monitor(&sink.1).await;
    let lookup = Api::new(&first.base);
    let mut vins = Vec::new();
    for index in 0..4 {
        vins.push(lookup.vin(index).await);
    }
    // Four vehicles, each alternating 10/150 for 60 samples, one request per sample, spread
    // over both instances; the database goes away for two seconds while they flow.
    const SAMPLES: u32 = 60;
    let bases = [first.base.clone(), second.base.clone()];
    let clients: Vec<_> = vins
        .iter()
        .enumerate()
        .map(|(index, vin)| {
            let (vin, bases) = (vin.clone(), bases.clone());
            tokio::spawn(async move {
                let mut receipts = Vec::new();
                for minute in 0..SAMPLES {
                    let api = Api::new(&bases[(minute as usize + index) % 2]);
                    let speed = if minute % 2 == 0 { 10.0 } else { 150.0 };
                    receipts.push(
                        post_until_accepted(
                            &api,
                            &vin,
                            &speed_at(minute, speed),
                            Duration::from_secs(60),
                        )
                        .await,
                    );
                    tokio::time::sleep(Duration::from_millis(15)).await;
                }
                receipts
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(400)).await;
    proxy.down();
    tokio::time::sleep(Duration::from_secs(2)).await;
    proxy.up().await;
    for client in clients {
        let receipts: Vec<Value> = client.await.unwrap();
        assert!(
            receipts
                .iter()
                .all(|r| r["accepted"] == 1 || r["duplicates"] == 1),
            "{receipts:?}"
        );
    }
    let expected = vins.len() * (SAMPLES as usize / 2);
    let started = Instant::now();
    let mut stored = 0;
    while started.elapsed() < Duration::from_secs(20) {
        let (status, page) = lookup.get(&format!("{monitor}/events?limit=1")).await;
        if status.is_success() {
            stored = page["total"].as_u64().unwrap_or(0) as usize;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(stored, expected, "every edge stored once");
}

#[tokio::test]
async fn a_delivery_slower_than_the_lease_is_never_in_flight_twice() {
    let receiver = Receiver::start().await;
    // Each answer takes 2.5 leases: without renewal during the attempt, the other instance
    // would take the monitor and send the same batch while the first is still waiting.
    receiver.delay("slow", Duration::from_millis(2_500));
    let Some((first, second)) =
        two_instances(&["--delivery-lease", "1", "--webhook-timeout", "10"]).await
    else {
        return;
    };
    let a = Api::new(&first.base);
    let (status, created) = a
        .send(
            reqwest::Method::POST,
            "/fleets/f1/monitors",
            Some(&speeding(
                &receiver.url("slow"),
                json!({"policy": "Always", "retryDelay": 1}),
            )),
        )
        .await;
    assert_eq!(status.as_u16(), 202, "{created}");
    let monitor = format!(
        "/fleets/f1/monitors/{}",
        created["monitorId"].as_str().unwrap()
    );
    // The secret one instance answered verifies what either delivers: the signing key is
    // the database's, shared.
    let secret = standardwebhooks::Webhook::new(created["secret"].as_str().unwrap()).unwrap();
    let vin = a.vin(3).await;
    let samples: Vec<Value> = (0..6)
        .map(|minute| speed_at(minute, if minute % 2 == 0 { 10.0 } else { 150.0 }))
        .collect();
    assert_eq!(
        Api::new(&second.base)
            .telemetry(&vin, &Value::Array(samples))
            .await,
        3
    );
    let states = a.wait_delivered(&monitor, 3, Duration::from_secs(40)).await;
    assert_eq!(
        states.values().filter(|s| *s == "delivered").count(),
        3,
        "{states:?}"
    );
    assert_eq!(
        receiver.most_in_flight("slow"),
        1,
        "two requests of one monitor at once"
    );
    let mut ids: Vec<String> = receiver
        .received("slow")
        .iter()
        .flat_map(support::Received::event_ids)
        .collect();
    for request in receiver.received("slow") {
        assert!(secret.verify(&request.raw, &request.headers).is_ok());
    }
    ids.sort();
    let sent = ids.len();
    ids.dedup();
    assert_eq!((sent, ids.len()), (3, 3), "each event sent once");
}
