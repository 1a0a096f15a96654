//! The monitor engine under load: the seeded fleet (300 vehicles in 3 fleets) against 1 000
//! monitors of mixed zone, time and data triggers (1 to 5 each), fed by the simulator's routes.
//!
//! `cargo bench -p connected-car --bench engine`
//!
//! - `engine`: one sample per vehicle per iteration, through `Engine::ingest`, against the
//!   same samples with no monitors (the baseline: reading samples into vehicle status).
//! - `other-fleets`: samples of fleet f3 while every monitor belongs to f1 and f2, against no
//!   monitors at all: the cost must not grow with other fleets' monitors.
//! - `durable`: the same samples through the service's ingestion path, which commits each
//!   request's vehicle state and events in one transaction (`AppState::ingest`), on an SQLite
//!   file with the service's own settings and, when `CONNECTED_CAR_BENCH_DATABASE_URL` (or
//!   `CONNECTED_CAR_TEST_DATABASE_URL`) names a PostgreSQL server, on a fresh database there:
//!   one sample per request, and ten per request (what batching wins), against the engine in
//!   memory in the same run (the engine's cost alone).
//! - `http`: `POST .../telemetry` with batches of 100 samples over loopback, four clients at
//!   once, the state committed on an SQLite file (with 1 000 monitors, and with 100: storing
//!   the events is what costs) and on PostgreSQL when named, against a route that only reads
//!   the same body with axum's `Json` (the floor).
//! - Then, printed: the latency from ingestion to event raised (p50, p99) and the memory a
//!   monitor costs.

use std::cell::Cell;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use connected_car::monitors::model::MonitorParameter;
use connected_car::resources::{Monitor, MonitorStatus};
use connected_car::simulator::{Route, routes};
use connected_car::store::{Location, Store};
use connected_car::telemetry::Sample;
use connected_car::{AppState, FleetData, SEED};
use criterion::{BatchSize, Criterion, Throughput, criterion_group};
use hal_core::time::Timestamps;
use serde_json::{Value, json};

#[path = "../../../hal-core/benches/support/ratio.rs"]
mod ratio;

const MONITORS: usize = 1_000;
const STEP_SECONDS: f64 = 30.0;

/// SplitMix64, so that every run builds the same monitors.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn trigger(rng: &mut Rng, name: &str) -> Value {
    match rng.below(10) {
        0..=3 => json!({"name": name, "zone": {
            "transition": if rng.below(2) == 0 { "In" } else { "Out" },
            "place": {"center": {"longitude": 2.35 + (rng.unit() - 0.5) * 0.6,
                                 "latitude": 48.85 + (rng.unit() - 0.5) * 0.6},
                      "radius": 1.0 + rng.unit() * 9.0}}}),
        4..=5 => json!({"name": name, "time": {"times": [{"recurrence": "Daily",
            "start": format!("PT{}H{}M", rng.below(24), rng.below(60)),
            "duration": format!("PT{}H", 1 + rng.below(8))}], "timeZone": "Europe/Paris"}}),
        _ => {
            // Thresholds a fleet manager would set: most samples do not cross them.
            let (data, op, value) = match rng.below(7) {
                0 | 1 => (
                    "vehicle.kinetic.speed",
                    "greaterThan",
                    json!([90 + rng.below(60)]),
                ),
                2 => (
                    "vehicle.energy.fuel.level",
                    "lowerThan",
                    json!([5 + rng.below(15)]),
                ),
                3 => ("vehicle.engines.running", "onChange", json!([])),
                4 => (
                    "vehicle.alert",
                    "includedIn",
                    json!(["tyrePressureLow", "oilLow"]),
                ),
                5 => ("vehicle.doorsState.opening", "equalsTo", json!([true])),
                _ => ("environment.air.temp", "lowerThan", json!([rng.below(8)])),
            };
            json!({"name": name, "data": {"data": data, "op": op, "value": value}})
        }
    }
}

fn parameter(rng: &mut Rng) -> Value {
    let count = 1 + rng.below(5) as usize;
    let names: Vec<String> = (0..count).map(|i| format!("t{i}")).collect();
    let triggers: Vec<Value> = names.iter().map(|name| trigger(rng, name)).collect();
    let mut expression = String::new();
    for (index, name) in names.iter().enumerate() {
        if index > 0 {
            expression.push_str(if rng.below(10) < 7 { " & " } else { " | " });
        }
        if index > 0 && rng.below(7) == 0 {
            expression.push('!');
        }
        expression.push_str(name);
    }
    let mut subscribe = json!({"callback": {"webhook": {"target": "http://127.0.0.1:9/hook"}}});
    if rng.below(5) == 0 {
        subscribe["refreshEvent"] = json!(1_800);
    }
    json!({
        "label": "bench",
        "subscribeParam": subscribe,
        "triggerParam": {"triggers": triggers, "boolExp": expression},
        "extendedEventParam": ["vehicle.position"]
    })
}

/// The seeded service state with `count` monitors spread over `fleets`, by their vehicles.
fn state_with_monitors(count: usize, fleets: &[(&str, u64)]) -> AppState {
    let state = memory_state();
    add_monitors(&state, count, fleets, "m");
    state
}

/// Adds `count` monitors (ids `prefix0`, …) spread over `fleets`, by their vehicles.
fn add_monitors(state: &AppState, count: usize, fleets: &[(&str, u64)], prefix: &str) {
    let mut rng = Rng(0xBE_0C4);
    let weight: u64 = fleets.iter().map(|(_, w)| w).sum();
    let now = Utc::now();
    let mut made = 0;
    while made < count {
        let mut pick = rng.below(weight);
        let fleet = fleets
            .iter()
            .find(|(_, w)| {
                let found = pick < *w;
                pick = pick.saturating_sub(*w);
                found
            })
            .map_or("f1", |(f, _)| f);
        let parameter: MonitorParameter = serde_json::from_value(parameter(&mut rng)).unwrap();
        // Expressions that are always true or false are refused; draw again.
        if let Ok(rule) = parameter.compile(now) {
            state
                .engine()
                .upsert(fleet, &format!("{prefix}{made}"), 1, rule, true);
            made += 1;
        }
    }
}

/// The seeded state over an empty database in memory, for the engine alone: the database's
/// pool dies with the runtime that made it here.
fn memory_state() -> AppState {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .and_then(|runtime| {
            runtime
                .block_on(AppState::in_memory())
                .map_err(std::io::Error::other)
        })
        .unwrap()
}

const ALL_FLEETS: [(&str, u64); 3] = [("f1", 120), ("f2", 100), ("f3", 80)];

/// Steps through the routes: each call gives one sample per route, 30 simulated seconds on.
struct Feed {
    routes: Vec<Route>,
    start: DateTime<Utc>,
    step: Cell<u64>,
}

impl Feed {
    fn new(state: &AppState, only: Option<&str>) -> Self {
        let routes = routes(state)
            .into_iter()
            .filter(|route| only.is_none_or(|fleet| route.fleet_id() == fleet))
            .collect();
        Self {
            routes,
            start: Utc::now(),
            step: Cell::new(1),
        }
    }

    fn next_step(&self) -> Vec<(String, String, Sample)> {
        let step = self.step.get();
        self.step.set(step + 1);
        let elapsed = step as f64 * STEP_SECONDS;
        let now = self.start + chrono::Duration::milliseconds((elapsed * 1000.0) as i64);
        self.routes
            .iter()
            .map(|route| {
                (
                    route.fleet_id().to_owned(),
                    route.vin().to_owned(),
                    route.sample(elapsed, now),
                )
            })
            .collect()
    }
}

/// A PostgreSQL server to bench on, if one is named.
fn postgres_server() -> Option<String> {
    [
        "CONNECTED_CAR_BENCH_DATABASE_URL",
        "CONNECTED_CAR_TEST_DATABASE_URL",
    ]
    .iter()
    .find_map(|name| std::env::var(name).ok())
}

/// A service state with `monitors` stored monitors, on an SQLite file in `folder` or a fresh
/// database on PostgreSQL `server`, made on `runtime` (whose pool it keeps).
fn stored_state(
    runtime: &tokio::runtime::Runtime,
    folder: &std::path::Path,
    server: Option<&str>,
    monitors: usize,
) -> AppState {
    runtime.block_on(async {
        let location = match server {
            None => Location::Folder(folder.to_owned()),
            Some(server) => {
                sqlx::any::install_default_drivers();
                let name = format!("cc_bench_{}", uuid::Uuid::new_v4().simple());
                let pool = sqlx::AnyPool::connect(server).await.unwrap();
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&pool)
                    .await
                    .unwrap();
                let (base, _) = server.rsplit_once('/').unwrap();
                Location::Url(format!("{base}/{name}"))
            }
        };
        let store = Store::open(&location, Duration::from_secs(5))
            .await
            .unwrap();
        // The feed runs ahead of the clock (30 simulated seconds a step): no skew limit.
        let state = AppState::new(FleetData::generate(SEED), store.clone())
            .with_max_monitors_per_fleet(monitors)
            .with_max_clock_skew(Duration::from_secs(u64::from(u32::MAX)));
        let mut rng = Rng(0xBE_0C4);
        let now = Utc::now();
        let mut made = 0;
        while made < monitors {
            let fleet = ["f1", "f2", "f3"][made % 3];
            let parameter: MonitorParameter = serde_json::from_value(parameter(&mut rng)).unwrap();
            if parameter.compile(now).is_err() {
                continue;
            }
            let monitor = Monitor {
                monitor_id: format!("m{made}"),
                fleet_id: fleet.to_owned(),
                monitor: parameter,
                status: MonitorStatus::Running,
                timestamps: Timestamps::created(now),
            };
            store.create_monitor(&monitor, monitors).await.unwrap();
            made += 1;
        }
        state.sync_monitors().await.unwrap();
        state
    })
}

/// Runs `requests` (vehicle, samples) through the service's ingestion path one after the
/// other; returns the events raised.
fn ingest_requests(
    runtime: &tokio::runtime::Runtime,
    state: &AppState,
    requests: Vec<(String, String, Vec<Sample>)>,
) -> usize {
    runtime.block_on(async {
        let mut raised = 0;
        for (fleet, vin, samples) in requests {
            raised += state
                .ingest(&fleet, &vin, samples)
                .await
                .map_or(0, |receipt| receipt.events_raised);
        }
        raised
    })
}

/// The next `per_request` steps of `feed`, as one request per vehicle.
fn requests(feed: &Feed, per_request: usize) -> Vec<(String, String, Vec<Sample>)> {
    let steps: Vec<_> = (0..per_request).map(|_| feed.next_step()).collect();
    (0..feed.routes.len())
        .map(|vehicle| {
            let (fleet, vin, _) = &steps[0][vehicle];
            let samples = steps.iter().map(|step| step[vehicle].2.clone()).collect();
            (fleet.clone(), vin.clone(), samples)
        })
        .collect()
}

/// A runtime of two workers, as the service runs on this machine.
fn serving_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

fn durable(c: &mut Criterion) {
    let runtime = serving_runtime();
    let folder = tempfile::tempdir().unwrap();
    let memory = state_with_monitors(MONITORS, &ALL_FLEETS);
    let memory_feed = Feed::new(&memory, None);
    let server = postgres_server();
    let mut stores = vec![(
        "SQLite",
        stored_state(&runtime, folder.path(), None, MONITORS),
    )];
    if let Some(server) = &server {
        stores.push((
            "PostgreSQL",
            stored_state(&runtime, folder.path(), Some(server), MONITORS),
        ));
    }
    let vehicles = memory_feed.routes.len() as u64;
    let mut group = c.benchmark_group("durable");
    group.measurement_time(Duration::from_secs(5));
    group.sample_size(20);
    for per_request in [1usize, 10] {
        group.throughput(Throughput::Elements(vehicles * per_request as u64));
        group.bench_function(
            format!("engine in memory, {per_request} per request"),
            |b| {
                b.iter_batched(
                    || requests(&memory_feed, per_request),
                    |requests| {
                        requests
                            .into_iter()
                            .map(|(fleet, vin, samples)| {
                                memory
                                    .engine()
                                    .ingest(&fleet, &vin, samples)
                                    .map_or(0, |i| i.events.len())
                            })
                            .sum::<usize>()
                    },
                    BatchSize::SmallInput,
                )
            },
        );
        for (name, state) in &stores {
            let feed = Feed::new(state, None);
            group.bench_function(format!("{name}, {per_request} per request"), |b| {
                b.iter_batched(
                    || requests(&feed, per_request),
                    |requests| ingest_requests(&runtime, state, requests),
                    BatchSize::SmallInput,
                )
            });
        }
    }
    group.finish();
    for per_request in [1usize, 10] {
        let baseline = format!("engine in memory, {per_request} per request");
        for (name, _) in &stores {
            ratio::throughput(
                "durable",
                &format!("{name}, {per_request} per request"),
                Some(&baseline),
                (vehicles * per_request as u64) as f64,
                20_000.0,
            );
        }
    }
}

fn ingest_step(state: &AppState, step: Vec<(String, String, Sample)>) -> usize {
    let mut raised = 0;
    for (fleet, vin, sample) in step {
        raised += state
            .engine()
            .ingest(&fleet, &vin, vec![sample])
            .map_or(0, |i| i.events.len());
    }
    raised
}

fn engine(c: &mut Criterion) {
    let loaded = state_with_monitors(MONITORS, &ALL_FLEETS);
    let empty = memory_state();
    let (loaded_feed, empty_feed) = (Feed::new(&loaded, None), Feed::new(&empty, None));
    let mut group = c.benchmark_group("engine");
    group.throughput(Throughput::Elements(loaded_feed.routes.len() as u64));
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("1000 monitors", |b| {
        b.iter_batched(
            || loaded_feed.next_step(),
            |step| ingest_step(&loaded, step),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("no monitors", |b| {
        b.iter_batched(
            || empty_feed.next_step(),
            |step| ingest_step(&empty, step),
            BatchSize::SmallInput,
        )
    });
    group.finish();
    ratio::throughput(
        "engine",
        "1000 monitors",
        Some("no monitors"),
        loaded_feed.routes.len() as f64,
        200_000.0,
    );

    let others = state_with_monitors(MONITORS, &ALL_FLEETS[..2]);
    let (others_feed, alone_feed) = (
        Feed::new(&others, Some("f3")),
        Feed::new(&empty, Some("f3")),
    );
    let mut group = c.benchmark_group("other-fleets");
    group.throughput(Throughput::Elements(others_feed.routes.len() as u64));
    group.measurement_time(Duration::from_secs(3));
    group.bench_function("1000 monitors elsewhere", |b| {
        b.iter_batched(
            || others_feed.next_step(),
            |step| ingest_step(&others, step),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("no monitors", |b| {
        b.iter_batched(
            || alone_feed.next_step(),
            |step| ingest_step(&empty, step),
            BatchSize::SmallInput,
        )
    });
    group.finish();
    ratio::report(
        "other-fleets",
        "1000 monitors elsewhere",
        "no monitors",
        1.2,
    );
}

/// A server on loopback; `floor` answers the same route by only reading the body.
fn server(runtime: &tokio::runtime::Runtime, state: AppState, floor: bool) -> String {
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = if floor {
            axum::Router::new().route(
                "/connectedcar/v2/vehicles/{vin}/telemetry",
                axum::routing::post(|axum::Json(samples): axum::Json<Vec<Sample>>| async move {
                    samples.len().to_string()
                }),
            )
        } else {
            connected_car::router(state)
        };
        tokio::spawn(hal_axum::serve::serve(
            listener,
            app,
            hal_axum::serve::ServeConfig::default().with_max_body_bytes(1 << 20),
            std::future::pending(),
        ));
        format!("http://{addr}/connectedcar/v2/vehicles")
    })
}

const BATCH: usize = 100;
const CLIENTS: usize = 4;

/// Bodies of `BATCH` consecutive samples, one vehicle each, for `count` requests.
fn bodies(feed: &Feed, count: usize) -> Vec<(String, String, Vec<u8>)> {
    let requests = requests(feed, BATCH);
    (0..count)
        .map(|index| {
            let (fleet, vin, samples) = &requests[index % requests.len()];
            (
                fleet.clone(),
                vin.clone(),
                serde_json::to_vec(samples).unwrap(),
            )
        })
        .collect()
}

fn http(c: &mut Criterion) {
    let runtime = serving_runtime();
    // The database's pool lives on the runtime that made it: this one, which serves.
    let folder = tempfile::tempdir().unwrap();
    let state = stored_state(&runtime, folder.path(), None, MONITORS);
    let feed = Feed::new(&state, None);
    let mut targets = vec![(
        "telemetry SQLite".to_owned(),
        server(&runtime, state, false),
    )];
    // A tenth of the monitors: a tenth of the events to store, which is what costs.
    let fewer = tempfile::tempdir().unwrap();
    let state = stored_state(&runtime, fewer.path(), None, MONITORS / 10);
    targets.push((
        "telemetry SQLite 100 monitors".to_owned(),
        server(&runtime, state, false),
    ));
    if let Some(postgres) = postgres_server() {
        let state = stored_state(&runtime, folder.path(), Some(&postgres), MONITORS);
        targets.push((
            "telemetry PostgreSQL".to_owned(),
            server(&runtime, state, false),
        ));
    }
    targets.push((
        "json floor".to_owned(),
        server(&runtime, memory_state(), true),
    ));
    let client = reqwest::Client::new();
    let mut group = c.benchmark_group("http");
    group.throughput(Throughput::Elements(BATCH as u64));
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(5));
    for (name, base) in &targets {
        group.bench_function(name.as_str(), |b| {
            b.iter_custom(|iters| {
                // One vehicle per request and each vehicle's samples newer than its last:
                // every request is accepted in full.
                let requests = bodies(&feed, iters as usize);
                let client = client.clone();
                let base = base.clone();
                runtime.block_on(async move {
                    let started = Instant::now();
                    let mut chunks: Vec<Vec<_>> = (0..CLIENTS).map(|_| Vec::new()).collect();
                    for (index, request) in requests.into_iter().enumerate() {
                        chunks[index % CLIENTS].push(request);
                    }
                    let tasks: Vec<_> = chunks
                        .into_iter()
                        .map(|chunk| {
                            let (client, base) = (client.clone(), base.clone());
                            tokio::spawn(async move {
                                for (fleet, vin, body) in chunk {
                                    let response = client
                                        .post(format!("{base}/{vin}/telemetry"))
                                        .header("x-fleet-id", fleet)
                                        .header("content-type", "application/json")
                                        .body(body)
                                        .send()
                                        .await
                                        .unwrap();
                                    let status = response.status();
                                    let body = response.bytes().await.unwrap();
                                    assert!(
                                        status.is_success(),
                                        "{status}: {}",
                                        String::from_utf8_lossy(&body)
                                    );
                                }
                            })
                        })
                        .collect();
                    for task in tasks {
                        task.await.unwrap();
                    }
                    started.elapsed()
                })
            })
        });
    }
    group.finish();
    for (name, _) in &targets[..targets.len() - 1] {
        ratio::throughput("http", name, Some("json floor"), BATCH as f64, 20_000.0);
    }
}

#[allow(clippy::print_stdout)] // reporting is this bench's job
fn latency() {
    let state = state_with_monitors(MONITORS, &ALL_FLEETS);
    let feed = Feed::new(&state, None);
    let mut latencies = Vec::new();
    let (mut samples, mut events) = (0usize, 0usize);
    let started = Instant::now();
    for _ in 0..400 {
        for (fleet, vin, sample) in feed.next_step() {
            let begun = Instant::now();
            let raised = state
                .engine()
                .ingest(&fleet, &vin, vec![sample])
                .map_or(0, |i| i.events.len());
            samples += 1;
            events += raised;
            if raised > 0 {
                latencies.push(begun.elapsed());
            }
        }
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let at = |q: f64| {
        latencies
            .get(((latencies.len() as f64 - 1.0) * q) as usize)
            .copied()
            .unwrap_or_default()
    };
    println!(
        "engine latency, ingestion to event raised: p50 {:?}, p99 {:?} over {} samples that raised {events} events ({} samples, {:.0} samples/s in this loop)",
        at(0.5),
        at(0.99),
        latencies.len(),
        samples,
        samples as f64 / elapsed.as_secs_f64()
    );
}

#[allow(clippy::print_stdout)] // reporting is this bench's job
fn memory() {
    let state = memory_state();
    let rss = || -> Option<u64> {
        let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
        let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
        Some(pages * 4096)
    };
    let before = rss();
    add_monitors(&state, 10_000, &ALL_FLEETS, "extra");
    let after = rss();
    if let (Some(before), Some(after)) = (before, after) {
        println!(
            "memory: {:.0} bytes per monitor (resident growth for 10 000 more compiled monitors, each with the state of its fleet's ~100 vehicles)",
            after.saturating_sub(before) as f64 / 10_000.0
        );
    }
}

criterion_group!(benches, engine, durable, http);

fn main() {
    // Memory first, in a process that has not yet freed anything the measurement could reuse.
    memory();
    benches();
    Criterion::default().configure_from_args().final_summary();
    latency();
}
