//! The service as real processes on real databases: killed with deliveries in flight, refused a
//! database at start, and (with PostgreSQL) two instances sharing the work and a database that
//! goes away and comes back. Every address is loopback; every wait is bounded.

mod support;

use std::collections::HashMap;
use std::time::Duration;

use serde_json::json;
use support::{Api, Process, Proxy, Receiver, fresh_database, speeding, speeding_samples};

#[tokio::test]
async fn killed_with_deliveries_in_flight_nothing_is_lost_or_sent_again() {
    let receiver = Receiver::start().await;
    // Slow answers keep deliveries in flight when the process dies.
    receiver.delay("hook", Duration::from_millis(250));
    let data = tempfile::tempdir().unwrap();
    let data_dir = data.path().to_str().unwrap();
    let service = Process::start(&["--data-dir", data_dir]);
    let api = Api::new(&service.base);
    let monitor = api
        .create_monitor(&speeding(
            &receiver.url("hook"),
            json!({"policy": "Always", "retryDelay": 1}),
        ))
        .await;
    let vin = api.vin(0).await;
    assert_eq!(api.telemetry(&vin, &speeding_samples(0, 20)).await, 20);
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    let before: Vec<String> = api
        .delivery_states(&monitor)
        .await
        .into_iter()
        .filter(|(_, state)| state == "delivered")
        .map(|(id, _)| id)
        .collect();
    assert!(
        !before.is_empty() && before.len() < 20,
        "{} delivered before the kill",
        before.len()
    );
    service.kill();

    let service = Process::start(&["--data-dir", data_dir]);
    let api = Api::new(&service.base);
    let (status, stored) = api.get(&monitor).await;
    assert_eq!(
        (status.as_u16(), stored["monitor"]["label"].as_str()),
        (200, Some("Speeding")),
        "the monitor survived"
    );
    let states = api
        .wait_delivered(&monitor, 20, Duration::from_secs(30))
        .await;
    assert_eq!(states.len(), 20, "every raised event is still there");
    assert!(states.values().all(|s| s == "delivered"), "{states:?}");

    let mut received: HashMap<String, usize> = HashMap::new();
    for request in receiver.received("hook") {
        for id in request.event_ids() {
            *received.entry(id).or_default() += 1;
        }
    }
    for id in states.keys() {
        assert!(
            received.contains_key(id),
            "event {id} never reached the receiver"
        );
    }
    for id in &before {
        assert_eq!(
            received[id], 1,
            "event {id} was delivered before the kill and sent again"
        );
    }
}

#[tokio::test]
async fn an_unreachable_database_at_start_is_a_clear_error() {
    let run = |url: &'static str| {
        tokio::task::spawn_blocking(move || {
            std::process::Command::new(env!("CARGO_BIN_EXE_connected-car"))
                .args(["--addr", "127.0.0.1:0", "--database-url", url])
                .output()
                .unwrap()
        })
    };
    let output = tokio::time::timeout(
        Duration::from_secs(20),
        run("postgres://cc@127.0.0.1:1/none"),
    )
    .await
    .expect("the service hung instead of exiting")
    .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("connected-car: cannot open the database"),
        "{stderr}"
    );
    let output = run("mysql://127.0.0.1/x").await.unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("use postgres://"));
}

#[tokio::test]
async fn two_instances_on_one_postgresql_deliver_every_event_once() {
    let Some(database) = fresh_database().await else {
        return;
    };
    let receiver = Receiver::start().await;
    let (first, second) = (
        Process::start(&["--database-url", &database]),
        Process::start(&["--database-url", &database]),
    );
    let (a, b) = (Api::new(&first.base), Api::new(&second.base));
    let monitor = a
        .create_monitor(&speeding(
            &receiver.url("hook"),
            json!({"policy": "Bounded"}),
        ))
        .await;
    // The second instance learns of the monitor within a second.
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    assert_eq!(b.get(&monitor).await.0.as_u16(), 200);
    // Each vehicle's data goes to one instance, as a load balancer routing by VIN would.
    let (one, two) = (a.vin(0).await, a.vin(1).await);
    assert_eq!(a.telemetry(&one, &speeding_samples(0, 15)).await, 15);
    assert_eq!(b.telemetry(&two, &speeding_samples(0, 15)).await, 15);
    let states = a
        .wait_delivered(&monitor, 30, Duration::from_secs(30))
        .await;
    assert_eq!(
        states.values().filter(|s| *s == "delivered").count(),
        30,
        "{states:?}"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut received: HashMap<String, usize> = HashMap::new();
    for request in receiver.received("hook") {
        for id in request.event_ids() {
            *received.entry(id).or_default() += 1;
        }
    }
    assert_eq!(received.len(), 30);
    let twice: Vec<_> = received.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "delivered more than once: {twice:?}");
}

#[tokio::test]
async fn a_database_lost_while_running_is_503_until_it_returns() {
    let Some(database) = fresh_database().await else {
        return;
    };
    let (mut proxy, through) = Proxy::in_front_of(&database).await;
    let service = Process::start(&["--database-url", &through]);
    let api = Api::new(&service.base);
    assert_eq!(api.get("/fleets/f1/monitors").await.0.as_u16(), 200);

    let origin = service.base.trim_end_matches("/connectedcar/v2").to_owned();
    let ready = || reqwest::get(format!("{origin}/ready"));
    assert_eq!(ready().await.unwrap().status().as_u16(), 200);

    proxy.down();
    let (status, problem) = api.get("/fleets/f1/monitors").await;
    assert_eq!(status.as_u16(), 503, "{problem}");
    let not_ready = ready().await.unwrap();
    assert_eq!(
        not_ready.status().as_u16(),
        503,
        "readiness follows the database"
    );
    let health = reqwest::get(format!("{origin}/health")).await.unwrap();
    assert_eq!(health.status().as_u16(), 200, "the process itself is alive");
    assert_eq!(problem["status"], 503);
    // What does not need the database still answers.
    assert_eq!(api.get("/vehicles?limit=1").await.0.as_u16(), 200);

    proxy.up().await;
    let started = std::time::Instant::now();
    let mut status = 0;
    while status != 200 && started.elapsed() < Duration::from_secs(20) {
        status = api.get("/fleets/f1/monitors").await.0.as_u16();
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(status, 200, "the service did not recover");
    assert_eq!(ready().await.unwrap().status().as_u16(), 200);
}
