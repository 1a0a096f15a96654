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

/// One request the receiver got.
#[derive(Debug, Clone)]
pub(crate) struct Received {
    pub(crate) path: String,
    pub(crate) query: Option<String>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Value,
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
}

impl Receiver {
    pub(crate) async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let receiver = Self {
            addr,
            received: Arc::default(),
            plans: Arc::default(),
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
    pub(crate) async fn wait_for(&self, name: &str, count: usize, limit: Duration) -> Vec<Received> {
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
    receiver.received.lock().unwrap().push(Received {
        path: name,
        query,
        headers,
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
        at,
    });
    StatusCode::from_u16(status).unwrap()
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
                "recordedAt": format!("2030-03-17T{:02}:{:02}:00Z", 10 + minute / 60, minute % 60),
                "kinetic": {"speed": if i % 2 == 1 { 150.0 } else { 50.0 }}
            })
        })
        .collect();
    Value::Array(samples)
}
