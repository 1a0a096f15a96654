//! What the delivery and durability tests share: a webhook receiver that is a real HTTP server,
//! monitor parameters, and telemetry that raises a known number of events.
#![allow(dead_code)] // each test file uses part of it

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Value, json};

/// A service a test needs is missing: under `CI=true` that fails the test (`.ci/run` installs
/// and starts every such service, so a green run shows the test ran); elsewhere the test says
/// so and skips.
pub(crate) fn service_missing(why: &str) {
    if std::env::var("CI").is_ok_and(|ci| ci == "true") {
        panic!("{why}: under CI=true this is a failure, not a skip (.ci/run provides it)");
    }
    eprintln!("skipped: {why}");
}

/// Says what test host names resolve to, and lets a test change it (DNS rebinding).
#[derive(Default)]
pub(crate) struct TestResolver(Mutex<HashMap<String, Vec<std::net::IpAddr>>>);

impl TestResolver {
    /// `*.example.com` and `*.example.net` resolve to a public address; `localhost` to
    /// loopback; every other name fails.
    pub(crate) fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// From now on, `host` resolves to `addresses`.
    pub(crate) fn set(&self, host: &str, addresses: &[&str]) {
        self.0.lock().unwrap().insert(
            host.to_owned(),
            addresses.iter().map(|a| a.parse().unwrap()).collect(),
        );
    }
}

impl connected_car::targets::NameResolver for TestResolver {
    fn resolve(
        &self,
        host: &str,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = std::io::Result<Vec<std::net::IpAddr>>> + Send>,
    > {
        let set = self.0.lock().unwrap().get(host).cloned();
        let found = set.or_else(|| {
            if host.ends_with(".example.com") || host.ends_with(".example.net") {
                Some(vec!["93.184.215.14".parse().unwrap()])
            } else if host == "localhost" {
                Some(vec!["127.0.0.1".parse().unwrap()])
            } else {
                None
            }
        });
        Box::pin(async move {
            found.ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "no such name"))
        })
    }
}

/// The demo over a memory database, resolving names with a [`TestResolver`] (no test depends
/// on the machine's DNS) and delivering only to public https targets, as by default.
pub(crate) async fn test_state() -> connected_car::AppState {
    connected_car::AppState::in_memory()
        .await
        .unwrap()
        .with_resolver(TestResolver::new())
}

/// What the tests' receivers need: loopback, over plain http.
pub(crate) fn loopback() -> connected_car::targets::WebhookAllow {
    connected_car::targets::WebhookAllow::parse(["127.0.0.0/8", "::1"]).unwrap()
}

/// Serves the demo on `state` on a loopback port, in this process, as `serve` does in
/// production; its origin (`http://127.0.0.1:port`).
pub(crate) async fn serve_in_process(state: connected_car::AppState) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(hal_axum::serve::serve(
        listener,
        connected_car::router(state),
        hal_axum::serve::ServeConfig::default(),
        std::future::pending(),
    ));
    format!("http://{addr}")
}

/// One request the receiver got.
#[derive(Debug, Clone)]
pub(crate) struct Received {
    pub(crate) path: String,
    pub(crate) query: Option<String>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Value,
    /// The body as sent, which signatures cover.
    pub(crate) raw: axum::body::Bytes,
    pub(crate) at: Instant,
}

impl Received {
    /// The event ids of the batch.
    pub(crate) fn event_ids(&self) -> Vec<String> {
        self.body["events"]
            .as_array()
            .map(|events| {
                events
                    .iter()
                    .filter_map(|e| e["eventId"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[derive(Default)]
struct Plans {
    /// Statuses to answer, by path, before answering 200.
    statuses: HashMap<String, VecDeque<u16>>,
    /// Paths that always answer this.
    always: HashMap<String, u16>,
    /// Paths that wait this long before answering.
    delays: HashMap<String, Duration>,
}

/// A webhook receiver on loopback that records every request and answers as told.
#[derive(Clone)]
pub(crate) struct Receiver {
    pub(crate) addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    plans: Arc<Mutex<Plans>>,
    /// Requests being answered now, and the most there ever were, by path.
    in_flight: Arc<Mutex<HashMap<String, (usize, usize)>>>,
}

impl Receiver {
    pub(crate) async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let receiver = Self {
            addr,
            received: Arc::default(),
            plans: Arc::default(),
            in_flight: Arc::default(),
        };
        let app = axum::Router::new()
            .route("/{name}", axum::routing::post(receive))
            .with_state(receiver.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        receiver
    }

    /// The URL of path `name`.
    pub(crate) fn url(&self, name: &str) -> String {
        format!("http://{}/{name}", self.addr)
    }

    /// Answer `statuses` (in turn) on `name`, then 200.
    pub(crate) fn answer(&self, name: &str, statuses: &[u16]) {
        self.plans
            .lock()
            .unwrap()
            .statuses
            .insert(name.to_owned(), statuses.iter().copied().collect());
    }

    /// Always answer `status` on `name` (200 to stop failing).
    pub(crate) fn always(&self, name: &str, status: u16) {
        self.plans
            .lock()
            .unwrap()
            .always
            .insert(name.to_owned(), status);
    }

    /// Wait `delay` before answering on `name`.
    pub(crate) fn delay(&self, name: &str, delay: Duration) {
        self.plans
            .lock()
            .unwrap()
            .delays
            .insert(name.to_owned(), delay);
    }

    /// The most requests `name` was ever answering at once.
    pub(crate) fn most_in_flight(&self, name: &str) -> usize {
        self.in_flight
            .lock()
            .unwrap()
            .get(name)
            .map_or(0, |(_, most)| *most)
    }

    pub(crate) fn received(&self, name: &str) -> Vec<Received> {
        self.received
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.path == name)
            .cloned()
            .collect()
    }

    /// Waits (at most `limit`) until `name` has received `count` requests.
    pub(crate) async fn wait_for(
        &self,
        name: &str,
        count: usize,
        limit: Duration,
    ) -> Vec<Received> {
        let started = Instant::now();
        loop {
            let received = self.received(name);
            if received.len() >= count || started.elapsed() > limit {
                return received;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

async fn receive(
    State(receiver): State<Receiver>,
    Path(name): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> StatusCode {
    let at = Instant::now();
    {
        let mut in_flight = receiver.in_flight.lock().unwrap();
        let (now, most) = in_flight.entry(name.clone()).or_default();
        *now += 1;
        *most = (*most).max(*now);
    }
    let (status, delay) = {
        let mut plans = receiver.plans.lock().unwrap();
        let planned = plans.statuses.get_mut(&name).and_then(VecDeque::pop_front);
        let status = planned
            .or_else(|| plans.always.get(&name).copied())
            .unwrap_or(200);
        (status, plans.delays.get(&name).copied())
    };
    if let Some(delay) = delay {
        tokio::time::sleep(delay).await;
    }
    if let Some((now, _)) = receiver.in_flight.lock().unwrap().get_mut(&name) {
        *now -= 1;
    }
    receiver.received.lock().unwrap().push(Received {
        path: name,
        query,
        headers,
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
        raw: body,
        at,
    });
    StatusCode::from_u16(status).unwrap()
}

/// The origin's published schemas, by name, as the repository keeps them.
pub(crate) fn origin_schemas() -> &'static Value {
    // Read once per test binary: a test validates many answers.
    static SCHEMAS: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    SCHEMAS.get_or_init(|| {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/data/origin/schemas.json");
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    })
}

/// The origin's published schema `name` (`wh3.MonitorEvents`, `v3.Monitor`…), as a validator.
pub(crate) fn origin_schema(name: &str) -> jsonschema::Validator {
    let schemas = origin_schemas();
    let mut schema = schemas[name].clone();
    assert!(schema.is_object(), "no origin schema {name}");
    schema["$defs"] = json!({"Link": schemas["Link"]});
    jsonschema::validator_for(&schema).unwrap()
}

/// Where `instance` breaks the origin's schema `name`: one line per error, with its path.
pub(crate) fn origin_errors(name: &str, instance: &Value) -> Vec<String> {
    origin_schema(name)
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// The origin's relation names, which the service uses on purpose although the HAL draft asks
/// custom relations to be URIs or CURIEs.
pub(crate) const ORIGIN_RELATIONS: [&str; 12] = [
    "waypoints",
    "maintenance",
    "fleet",
    "vehicles",
    "vehicle",
    "trips",
    "trip",
    "alerts",
    "lastPosition",
    "telemetry",
    "monitors",
    "monitor",
];

/// `document`'s validation findings but the H-61 warnings on the origin's relation names.
pub(crate) fn deviations_aside(document: &Value) -> Vec<String> {
    hal_core::validate(document)
        .findings()
        .iter()
        .filter(|finding| {
            finding.rule() != "H-61"
                || !ORIGIN_RELATIONS
                    .iter()
                    .any(|rel| finding.message().contains(&format!("`{rel}`")))
        })
        .map(ToString::to_string)
        .collect()
}

/// A monitor over speed above 100 km/h that posts to `target`.
pub(crate) fn speeding(target: &str, retry: Value) -> Value {
    json!({
        "label": "Speeding",
        "subscribeParam": {"callback": {"webhook": {"target": target}}, "retryPolicy": retry},
        "triggerParam": {
            "triggers": [{"name": "fast", "data": {"data": "vehicle.kinetic.speed", "op": "greaterThan", "value": [100]}}],
            "boolExp": "fast"
        }
    })
}

/// Samples from `start_minute` that raise `events` events for a speeding monitor.
pub(crate) fn speeding_samples(start_minute: u32, events: u32) -> Value {
    let samples: Vec<Value> = (0..events * 2)
        .map(|i| {
            let minute = start_minute + i;
            json!({
                "recordedAt": format!("2026-03-17T{:02}:{:02}:00Z", 10 + minute / 60, minute % 60),
                "kinetic": {"speed": if i % 2 == 1 { 150.0 } else { 50.0 }}
            })
        })
        .collect();
    Value::Array(samples)
}

/// The service binary as a process of its own, killed (SIGKILL) when dropped.
pub(crate) struct Process {
    child: std::process::Child,
    pub(crate) base: String,
}

impl Process {
    /// Starts the binary on an ephemeral port with `args`; waits until it serves.
    pub(crate) fn start(args: &[&str]) -> Self {
        use std::io::BufRead;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_connected-car"))
            // The tests' receivers listen on loopback.
            .args(["--addr", "127.0.0.1:0", "--webhook-allow", "127.0.0.0/8"])
            .args(args)
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .unwrap();
        let base = line
            .split_whitespace()
            .find(|word| word.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_owned();
        Self { child, base }
    }

    /// Kills the process at once, as a crash would.
    pub(crate) fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A client of the service as fleet f1.
pub(crate) struct Api {
    pub(crate) base: String,
    client: reqwest::Client,
}

impl Api {
    pub(crate) fn new(base: &str) -> Self {
        Self {
            base: base.to_owned(),
            client: reqwest::Client::new(),
        }
    }

    pub(crate) async fn send(
        &self,
        method: reqwest::Method,
        href: &str,
        body: Option<&Value>,
    ) -> (reqwest::StatusCode, Value) {
        let mut request = self
            .client
            .request(method, format!("{}{href}", self.base))
            .header("x-fleet-id", "f1")
            .timeout(Duration::from_secs(10));
        if let Some(body) = body {
            request = request.json(body);
        }
        match request.send().await {
            Ok(response) => (
                response.status(),
                response.json().await.unwrap_or(Value::Null),
            ),
            Err(error) => panic!("{href}: {error}"),
        }
    }

    pub(crate) async fn get(&self, href: &str) -> (reqwest::StatusCode, Value) {
        self.send(reqwest::Method::GET, href, None).await
    }

    /// The VIN of the fleet's vehicle number `index`.
    pub(crate) async fn vin(&self, index: usize) -> String {
        let (_, page) = self.get(&format!("/vehicles?offset={index}&limit=1")).await;
        page["_embedded"]["vehicles"][0]["vin"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Creates a monitor of fleet f1; returns its href below the API root.
    pub(crate) async fn create_monitor(&self, parameter: &Value) -> String {
        let (status, created) = self
            .send(
                reqwest::Method::POST,
                "/fleets/f1/monitors",
                Some(parameter),
            )
            .await;
        assert_eq!(status, reqwest::StatusCode::ACCEPTED, "{created}");
        format!(
            "/fleets/f1/monitors/{}",
            created["monitorId"].as_str().unwrap()
        )
    }

    /// Posts `samples` of vehicle `vin`; returns the events raised.
    pub(crate) async fn telemetry(&self, vin: &str, samples: &Value) -> u64 {
        self.receipt(vin, samples).await["eventsRaised"]
            .as_u64()
            .unwrap()
    }

    /// Posts `samples` of vehicle `vin`; returns the receipt.
    pub(crate) async fn receipt(&self, vin: &str, samples: &Value) -> Value {
        let (status, receipt) = self
            .send(
                reqwest::Method::POST,
                &format!("/vehicles/{vin}/telemetry"),
                Some(samples),
            )
            .await;
        assert_eq!(status, reqwest::StatusCode::OK, "{receipt}");
        receipt
    }

    /// How many events monitor `monitor` has stored (up to 100).
    pub(crate) async fn event_count(&self, monitor: &str) -> usize {
        self.delivery_states(monitor).await.len()
    }

    /// The monitor's events with their delivery states, by event id.
    pub(crate) async fn delivery_states(&self, monitor: &str) -> HashMap<String, String> {
        let (_, page) = self.get(&format!("{monitor}/events?limit=100")).await;
        page["_embedded"]["cc:events"]
            .as_array()
            .map(|events| {
                events
                    .iter()
                    .map(|e| {
                        (
                            e["eventId"].as_str().unwrap_or_default().to_owned(),
                            e["delivery"]["state"]
                                .as_str()
                                .unwrap_or_default()
                                .to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Waits (at most `limit`) until `count` events of the monitor are delivered.
    pub(crate) async fn wait_delivered(
        &self,
        monitor: &str,
        count: usize,
        limit: Duration,
    ) -> HashMap<String, String> {
        let started = Instant::now();
        loop {
            let states = self.delivery_states(monitor).await;
            let delivered = states.values().filter(|s| *s == "delivered").count();
            if delivered >= count || started.elapsed() > limit {
                return states;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// PostgreSQL tests need a server: `.ci/run` starts one and names it in this variable.
const DATABASE_VARIABLE: &str = "CONNECTED_CAR_TEST_DATABASE_URL";

/// A fresh database on the test server, or `None` (with a note) when there is no server.
pub(crate) async fn fresh_database() -> Option<String> {
    let Ok(server) = std::env::var(DATABASE_VARIABLE) else {
        service_missing(&format!(
            "no PostgreSQL ({DATABASE_VARIABLE} is not set; .ci/run sets it)"
        ));
        return None;
    };
    sqlx::any::install_default_drivers();
    let name = format!("cc_test_{}", uuid::Uuid::new_v4().simple());
    let pool = sqlx::AnyPool::connect(&server)
        .await
        .expect("the test PostgreSQL server");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&pool)
        .await
        .unwrap();
    let (base, _) = server.rsplit_once('/').unwrap();
    Some(format!("{base}/{name}"))
}

/// A TCP proxy in front of the database, which the test can take down and bring back.
pub(crate) struct Proxy {
    pub(crate) port: u16,
    target: String,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Proxy {
    pub(crate) async fn start(target: &str) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let mut proxy = Self {
            port,
            target: target.to_owned(),
            task: None,
        };
        proxy.serve(listener);
        proxy
    }

    /// A proxy in front of `database`, and the database's URL through it.
    pub(crate) async fn in_front_of(database: &str) -> (Self, String) {
        let url = url::Url::parse(database).unwrap();
        let target = format!("{}:{}", url.host_str().unwrap(), url.port().unwrap_or(5432));
        let proxy = Self::start(&target).await;
        let mut through = url.clone();
        through.set_port(Some(proxy.port)).unwrap();
        through.set_host(Some("127.0.0.1")).unwrap();
        (proxy, through.to_string())
    }

    fn serve(&mut self, listener: tokio::net::TcpListener) {
        let target = self.target.clone();
        self.task = Some(tokio::spawn(async move {
            let mut connections = tokio::task::JoinSet::new();
            while let Ok((mut inbound, _)) = listener.accept().await {
                let target = target.clone();
                connections.spawn(async move {
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        }));
    }

    /// Drops the listener and every connection through it: to the service, the database
    /// has stopped.
    pub(crate) fn down(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }

    /// Listens again on the same port: the database is back.
    pub(crate) async fn up(&mut self) {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", self.port))
            .await
            .unwrap();
        self.serve(listener);
    }
}
