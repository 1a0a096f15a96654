//! Delivery under load, on SQLite in a temporary folder, to a receiver on loopback.
//!
//! `cargo bench -p connected-car --bench delivery` (`OUTAGE_SECONDS=60` by default)
//!
//! 1. Healthy receiver: events are raised at a steady rate (200 monitors over the fleet's
//!    vehicles, one vehicle's speeding at a time raising 200 events) for 10 s; reports events
//!    delivered per second and the time from raised (stored) to received, p50 and p99.
//! 2. Receiver down (503) for `OUTAGE_SECONDS` while events keep coming: reports the pending
//!    backlog and the process's resident memory during the outage, then the time to drain once
//!    the receiver is back.
//!
//! 3. Scale-out, when `CONNECTED_CAR_BENCH_DATABASE_URL` (or `CONNECTED_CAR_TEST_DATABASE_URL`)
//!    names a PostgreSQL server: a backlog of events for 256 monitors delivered by one instance,
//!    then by two sharing a fresh database, to a receiver that takes 100 ms to answer; reports
//!    events delivered per second and the ratio (the goal: at least 1.6x).
//!
//! This is a load program rather than a criterion benchmark: what it measures is a pipeline
//! over time (rates, latencies, a drain), not the repeated cost of one call.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU16, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::StatusCode;
use connected_car::delivery::DeliveryConfig;
use connected_car::store::{DeliveryState, Location, Store};
use connected_car::targets::WebhookAllow;
use connected_car::{AppState, FleetData, SEED};
use serde_json::{Value, json};

const MONITORS: usize = 200;
const RATE: f64 = 2_500.0;
const HEALTHY_SECONDS: u64 = 10;

#[derive(Clone)]
struct Receiver {
    status: Arc<AtomicU16>,
    /// How long to wait before answering, in milliseconds.
    delay_ms: Arc<AtomicU64>,
    /// When each event arrived (the first time), by event id.
    arrived: Arc<Mutex<HashMap<String, Instant>>>,
}

async fn receive(State(receiver): State<Receiver>, body: axum::body::Bytes) -> StatusCode {
    let delay = receiver.delay_ms.load(Ordering::Relaxed);
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    let status = receiver.status.load(Ordering::Relaxed);
    if status == 200 {
        let now = Instant::now();
        let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        let mut arrived = receiver.arrived.lock().unwrap();
        for event in body["events"].as_array().into_iter().flatten() {
            if let Some(id) = event["eventId"].as_str() {
                arrived.entry(id.to_owned()).or_insert(now);
            }
        }
    }
    StatusCode::from_u16(status).unwrap()
}

fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|statm| statm.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(0.0, |pages| pages * 4096.0 / 1_048_576.0)
}

/// Raises events at `RATE` per second for `seconds`: each step, one vehicle goes from 50 to
/// 150 km/h (one event per monitor). Returns the raising instant of each (vin, minute) step.
async fn raise(
    client: &reqwest::Client,
    base: &str,
    vins: &[String],
    minute: &mut u32,
    seconds: u64,
) -> Vec<(String, Instant)> {
    let steps_per_second = RATE / MONITORS as f64;
    let interval = Duration::from_secs_f64(1.0 / steps_per_second);
    let started = Instant::now();
    let mut raised = Vec::new();
    let mut step = 0u64;
    while started.elapsed() < Duration::from_secs(seconds) {
        let vin = &vins[step as usize % vins.len()];
        *minute += 2;
        let at = |m: u32| {
            format!(
                "2026-03-{:02}T{:02}:{:02}:00Z",
                1 + m / 1440,
                m / 60 % 24,
                m % 60
            )
        };
        let samples = json!([
            {"recordedAt": at(*minute), "kinetic": {"speed": 50.0}},
            {"recordedAt": at(*minute + 1), "kinetic": {"speed": 150.0}}
        ]);
        let response = client
            .post(format!("{base}/vehicles/{vin}/telemetry"))
            .header("x-fleet-id", "f1")
            .json(&samples)
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "{}", response.status());
        raised.push((vin.clone(), Instant::now()));
        step += 1;
        let next = started + interval.mul_f64(step as f64);
        tokio::time::sleep_until(next.into()).await;
    }
    raised
}

async fn pending(store: &Store) -> u64 {
    store
        .delivery_counts()
        .await
        .unwrap()
        .into_iter()
        .filter(|(state, _)| *state == DeliveryState::Pending)
        .map(|(_, n)| n)
        .sum()
}

#[allow(clippy::print_stdout)] // reporting is this program's job
fn main() {
    let outage: u64 = std::env::var("OUTAGE_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let (receiver, hook) = start_receiver(0).await;

        let folder = tempfile::tempdir().unwrap();
        let store = Store::open(&Location::Folder(folder.path().to_owned()), Duration::from_secs(5)).await.unwrap();
        let state = AppState::new(FleetData::generate(SEED), store.clone()).with_max_monitors_per_fleet(MONITORS).with_webhook_allow(loopback());
        let config = DeliveryConfig { poll: Duration::from_millis(20), ..DeliveryConfig::default() };
        state.start_background(config, Duration::from_secs(1)).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}/connectedcar/v2", listener.local_addr().unwrap());
        tokio::spawn(hal_axum::serve::serve(listener, connected_car::router(state), Default::default(), std::future::pending()));

        let client = reqwest::Client::new();
        for _ in 0..MONITORS {
            let response = client.post(format!("{base}/fleets/f1/monitors")).header("x-fleet-id", "f1").json(&load_monitor(&hook)).send().await.unwrap();
            assert_eq!(response.status(), 202);
        }
        let page: Value = client.get(format!("{base}/vehicles?limit=100")).header("x-fleet-id", "f1").send().await.unwrap().json().await.unwrap();
        let vins: Vec<String> = page["_embedded"]["vehicles"].as_array().unwrap().iter().map(|v| v["vin"].as_str().unwrap().to_owned()).collect();
        let mut minute = 0;

        // 1. A healthy receiver.
        let started = Instant::now();
        let raised = raise(&client, &base, &vins, &mut minute, HEALTHY_SECONDS).await;
        let expected = raised.len() * MONITORS;
        while receiver.arrived.lock().unwrap().len() < expected && started.elapsed() < Duration::from_secs(HEALTHY_SECONDS + 60) {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let elapsed = started.elapsed();
        let delivered = receiver.arrived.lock().unwrap().len();
        // Each event's latency: from its raising request's answer to its arrival.
        let mut latencies: Vec<Duration> = Vec::new();
        {
            let events = runtime_events(&store, &raised).await;
            let arrived = receiver.arrived.lock().unwrap();
            for (event_id, raised_at) in events {
                if let Some(at) = arrived.get(&event_id) {
                    latencies.push(at.saturating_duration_since(raised_at));
                }
            }
        }
        latencies.sort();
        let quantile = |q: f64| latencies.get(((latencies.len() as f64 - 1.0) * q) as usize).copied().unwrap_or_default();
        println!(
            "healthy receiver: {delivered} of {expected} events delivered in {:.1} s, {:.0} events/s raised and delivered; raised to received p50 {:?}, p99 {:?}",
            elapsed.as_secs_f64(),
            delivered as f64 / elapsed.as_secs_f64(),
            quantile(0.5),
            quantile(0.99)
        );

        // 2. The receiver is down for a while.
        receiver.status.store(503, Ordering::Relaxed);
        let before = rss_mib();
        let mut peak = before;
        let started = Instant::now();
        let raiser = {
            let (client, base, vins) = (client.clone(), base.clone(), vins.clone());
            tokio::spawn(async move { raise(&client, &base, &vins, &mut minute, outage).await.len() })
        };
        while !raiser.is_finished() {
            peak = peak.max(rss_mib());
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        let steps = raiser.await.unwrap();
        let backlog = pending(&store).await;
        println!(
            "receiver down {outage} s: {} events raised meanwhile, {backlog} pending; resident memory {before:.0} MiB before, {peak:.0} MiB at most",
            steps * MONITORS
        );
        receiver.status.store(200, Ordering::Relaxed);
        let back = Instant::now();
        while pending(&store).await > 0 && back.elapsed() < Duration::from_secs(600) {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        println!(
            "receiver back: backlog drained in {:.1} s ({} still pending); resident memory {:.0} MiB",
            back.elapsed().as_secs_f64(),
            pending(&store).await,
            rss_mib()
        );
        let _ = started;

        // 3. One instance against two, on PostgreSQL, with a slow receiver.
        let server = ["CONNECTED_CAR_BENCH_DATABASE_URL", "CONNECTED_CAR_TEST_DATABASE_URL"]
            .iter()
            .find_map(|name| std::env::var(name).ok());
        match server {
            Some(server) => {
                let one = deliver_backlog(&server, 1).await;
                let two = deliver_backlog(&server, 2).await;
                let ratio = two / one;
                let verdict = if ratio >= 1.6 { "meets" } else { "BELOW" };
                println!(
                    "scale-out on PostgreSQL, receiver taking 100 ms: one instance {one:.0} events/s, two {two:.0} events/s: {ratio:.2}x ({verdict} the 1.6x goal)"
                );
            }
            None => println!("scale-out: skipped (no PostgreSQL server named)"),
        }
    });
}

/// The receiver is on loopback, which webhooks reach only when allowed.
fn loopback() -> WebhookAllow {
    WebhookAllow::parse(["127.0.0.0/8"]).unwrap()
}

/// A receiver on loopback that waits `delay_ms` before answering; with its hook's URL.
async fn start_receiver(delay_ms: u64) -> (Receiver, String) {
    let receiver = Receiver {
        status: Arc::new(AtomicU16::new(200)),
        delay_ms: Arc::new(AtomicU64::new(delay_ms)),
        arrived: Arc::default(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hook = format!("http://{}/hook", listener.local_addr().unwrap());
    let app = axum::Router::new()
        .route("/hook", axum::routing::post(receive))
        .with_state(receiver.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (receiver, hook)
}

/// A speeding monitor posting to `hook`, retried every second.
fn load_monitor(hook: &str) -> Value {
    json!({
        "label": "load",
        "subscribeParam": {"callback": {"webhook": {"target": hook}}, "retryPolicy": {"policy": "Always", "retryDelay": 1}},
        "triggerParam": {"triggers": [{"name": "fast", "data": {"data": "vehicle.kinetic.speed", "op": "greaterThan", "value": [100]}}], "boolExp": "fast"}
    })
}

/// Monitors of the scale-out run, and the edges each is given: 2 048 events.
const SCALE_MONITORS: usize = 256;
const SCALE_EDGES: u32 = 8;

/// Raises a backlog of events on a fresh database on PostgreSQL `server`, then lets
/// `instances` instances (each its own pool and deliverer) deliver it to a receiver that takes
/// 100 ms; returns the events delivered per second, from the deliverers' start to the last
/// event's arrival.
async fn deliver_backlog(server: &str, instances: usize) -> f64 {
    sqlx::any::install_default_drivers();
    let name = format!("cc_bench_{}", uuid::Uuid::new_v4().simple());
    let pool = sqlx::AnyPool::connect(server).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&pool)
        .await
        .unwrap();
    let (base, _) = server.rsplit_once('/').unwrap();
    let location = Location::Url(format!("{base}/{name}"));
    let (receiver, hook) = start_receiver(100).await;
    let mut states = Vec::new();
    for _ in 0..instances {
        let store = Store::open(&location, Duration::from_secs(5))
            .await
            .unwrap();
        states.push(
            AppState::new(FleetData::generate(SEED), store)
                .with_max_monitors_per_fleet(SCALE_MONITORS)
                .with_webhook_allow(loopback()),
        );
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let api = format!("http://{}/connectedcar/v2", listener.local_addr().unwrap());
    tokio::spawn(hal_axum::serve::serve(
        listener,
        connected_car::router(states[0].clone()),
        Default::default(),
        std::future::pending(),
    ));
    let client = reqwest::Client::new();
    for _ in 0..SCALE_MONITORS {
        let response = client
            .post(format!("{api}/fleets/f1/monitors"))
            .header("x-fleet-id", "f1")
            .json(&load_monitor(&hook))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 202);
    }
    let page: Value = client
        .get(format!("{api}/vehicles?limit=1"))
        .header("x-fleet-id", "f1")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let vin = page["_embedded"]["vehicles"][0]["vin"]
        .as_str()
        .unwrap()
        .to_owned();
    let samples: Vec<Value> = (0..SCALE_EDGES * 2)
        .map(|minute| json!({"recordedAt": format!("2026-03-17T10:{minute:02}:00Z"), "kinetic": {"speed": if minute % 2 == 1 { 150.0 } else { 50.0 }}}))
        .collect();
    let response = client
        .post(format!("{api}/vehicles/{vin}/telemetry"))
        .header("x-fleet-id", "f1")
        .json(&samples)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    let expected = SCALE_MONITORS * SCALE_EDGES as usize;
    let started = Instant::now();
    for state in &states {
        let config = DeliveryConfig {
            poll: Duration::from_millis(20),
            ..DeliveryConfig::default()
        };
        state
            .start_background(config, Duration::from_secs(1))
            .unwrap();
    }
    while receiver.arrived.lock().unwrap().len() < expected
        && started.elapsed() < Duration::from_secs(120)
    {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let elapsed = started.elapsed();
    receiver.arrived.lock().unwrap().len() as f64 / elapsed.as_secs_f64()
}

/// The ids of the events each raising request stored, with when its answer came: read from the
/// store, newest monitors' events matched by vehicle in raising order.
async fn runtime_events(store: &Store, raised: &[(String, Instant)]) -> Vec<(String, Instant)> {
    let mut by_vin: HashMap<&str, Vec<Instant>> = HashMap::new();
    for (vin, at) in raised {
        by_vin.entry(vin.as_str()).or_default().push(*at);
    }
    let (monitors, _) = store.monitors("f1", 0, MONITORS as u64).await.unwrap();
    let mut events = Vec::new();
    for monitor in monitors {
        let (stored, _) = store.events(&monitor.monitor_id, 0, 100_000).await.unwrap();
        let mut per_vin: HashMap<String, usize> = HashMap::new();
        // Oldest first, so the n-th event of a vehicle belongs to its n-th raising request.
        for event in stored.into_iter().rev() {
            let index = per_vin.entry(event.event.vin.clone()).or_default();
            if let Some(at) = by_vin
                .get(event.event.vin.as_str())
                .and_then(|v| v.get(*index))
            {
                events.push((event.event.event_id, *at));
            }
            *index += 1;
        }
    }
    events
}
