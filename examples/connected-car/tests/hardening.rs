//! The service against a hostile caller, over real sockets: what one fleet can learn of
//! another, what a client can make the service hold or write, and the process surviving a
//! connection flood. Every loop here is bounded, and every address is loopback.

mod support;

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use connected_car::AppState;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

const BASE: &str = "/connectedcar/v2";

struct Service {
    base: String,
    client: Client,
}

impl Service {
    async fn start(state: AppState) -> Self {
        Self {
            base: support::serve_in_process(state).await,
            client: Client::new(),
        }
    }

    async fn default() -> Self {
        Self::start(support::test_state().await).await
    }

    async fn get(&self, fleet: &str, href: &str) -> (StatusCode, Value) {
        let response = self
            .client
            .get(format!("{}{href}", self.base))
            .header("x-fleet-id", fleet)
            .send()
            .await
            .unwrap();
        read(response).await
    }

    async fn post(&self, fleet: &str, href: &str, body: &Value) -> (StatusCode, Value) {
        let response = self
            .client
            .post(format!("{}{href}", self.base))
            .header("x-fleet-id", fleet)
            .json(body)
            .send()
            .await
            .unwrap();
        read(response).await
    }
}

async fn read(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    if status.is_client_error() || status.is_server_error() {
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json",
            "every error is a problem document"
        );
    }
    let bytes = response.bytes().await.unwrap();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// The first vehicle of `fleet`.
async fn a_vehicle_of(service: &Service, fleet: &str) -> String {
    let (_, page) = service
        .get(fleet, &format!("{BASE}/vehicles?limit=1"))
        .await;
    page["_embedded"]["vehicles"][0]["vin"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn monitor_body() -> Value {
    json!({
        "label": "Too fast",
        "subscribeParam": {"callback": {"webhook": {"target": "https://hooks.example.com/hook"}}},
        "triggerParam": {
            "triggers": [{"name": "fast", "data": {"data": "vehicle.kinetic.speed", "op": "greaterThan", "value": [130]}}],
            "boolExp": "fast"
        }
    })
}

fn monitors(fleet: &str) -> String {
    format!("{BASE}/fleets/{fleet}/monitors")
}

#[tokio::test]
async fn a_refusal_never_names_another_fleets_resources() {
    let service = Service::default().await;
    let others: Vec<String> = [
        a_vehicle_of(&service, "f2").await,
        a_vehicle_of(&service, "f3").await,
    ]
    .into();
    // Walking ids, as f1: trips and alerts of other fleets are refused without naming their
    // vehicle.
    let mut refused = 0;
    for id in (1..=3_600u32).step_by(7) {
        for collection in ["trips", "alerts"] {
            let (status, body) = service
                .get("f1", &format!("{BASE}/{collection}/{id}"))
                .await;
            if status == StatusCode::FORBIDDEN {
                refused += 1;
                let text = body.to_string();
                assert!(!text.contains("VF3"), "{collection}/{id}: {text}");
                assert_eq!(
                    body["detail"],
                    format!(
                        "you do not have access to {} {id}",
                        &collection[..collection.len() - 1]
                    )
                );
            }
        }
    }
    assert!(
        refused > 100,
        "the walk reached other fleets only {refused} times"
    );
    for vin in &others {
        let (status, body) = service.get("f1", &format!("{BASE}/vehicles/{vin}")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // The caller's own words may come back; nothing more.
        assert_eq!(
            body["detail"],
            format!("you do not have access to vehicle `{vin}`")
        );
    }
}

#[tokio::test]
async fn a_caller_sees_its_own_fleet_only() {
    let service = Service::default().await;
    let (status, page) = service.get("f2", &format!("{BASE}/fleets")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["total"], 1);
    let fleets = page["_embedded"]["cc:fleets"].as_array().unwrap();
    assert_eq!(fleets.len(), 1);
    assert_eq!(fleets[0]["fleetId"], "f2");
    assert!(
        !page.to_string().contains("Paris"),
        "another fleet's name leaked"
    );
}

#[tokio::test]
async fn monitor_ids_are_opaque_and_say_nothing_of_other_fleets() {
    let service = Service::default().await;
    let (_, first) = service.post("f1", &monitors("f1"), &monitor_body()).await;
    let (_, other) = service.post("f2", &monitors("f2"), &monitor_body()).await;
    let (_, second) = service.post("f1", &monitors("f1"), &monitor_body()).await;
    let ids: Vec<&str> = [&first, &other, &second]
        .iter()
        .map(|m| m["monitorId"].as_str().unwrap())
        .collect();
    for id in &ids {
        assert_eq!(id.len(), 32, "{id}");
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    }
    assert!(ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2]);
    // Another fleet's monitors are out of reach: its collection is refused, and its ids are
    // unknown in the caller's own.
    let (status, body) = service
        .get("f1", &format!("{}/{}", monitors("f2"), ids[1]))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["detail"], "you do not have access to fleet `f2`");
    let (status, _) = service
        .get("f1", &format!("{}/{}", monitors("f1"), ids[1]))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_fleet_cannot_create_more_monitors_than_its_cap() {
    let service = Service::start(support::test_state().await.with_max_monitors_per_fleet(3)).await;
    for _ in 0..3 {
        let (status, _) = service.post("f1", &monitors("f1"), &monitor_body()).await;
        assert_eq!(status, StatusCode::ACCEPTED);
    }
    let (status, problem) = service.post("f1", &monitors("f1"), &monitor_body()).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["maxMonitors"], 3);
    // The cap is per fleet.
    let (status, _) = service.post("f2", &monitors("f2"), &monitor_body()).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    // Paging reads the page asked for, in creation order.
    let (_, page) = service
        .get("f1", &format!("{}?offset=1&limit=1", monitors("f1")))
        .await;
    assert_eq!(page["total"], 3);
    assert_eq!(page["_embedded"]["monitors"].as_array().unwrap().len(), 1);
    // Deleting one frees a place.
    let id = page["_embedded"]["monitors"][0]["monitorId"]
        .as_str()
        .unwrap();
    let response = service
        .client
        .delete(format!("{}{}/{id}", service.base, monitors("f1")))
        .header("x-fleet-id", "f1")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let (status, _) = service.post("f1", &monitors("f1"), &monitor_body()).await;
    assert_eq!(status, StatusCode::ACCEPTED);
}

#[tokio::test]
async fn path_rejections_are_problem_documents() {
    let service = Service::default().await;
    let (status, problem) = service.get("f1", &format!("{BASE}/vehicles/%FF")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem["parameter"], "vin");
    let (status, problem) = service
        .get("f1", &format!("{BASE}/trips/%C3%28/waypoints/1"))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem["parameter"], "id");
}

#[tokio::test]
async fn oversized_requests_are_problem_documents() {
    let service = Service::default().await;
    let (status, problem) = service
        .get(
            "f1",
            &format!("{BASE}/vehicles?brand={}", "a".repeat(10_000)),
        )
        .await;
    assert_eq!(
        (status, problem["status"].as_u64()),
        (StatusCode::URI_TOO_LONG, Some(414))
    );
    let response = service
        .client
        .get(format!("{}{BASE}", service.base))
        .header("x-fleet-id", "f1")
        .header("x-padding", "p".repeat(40_000))
        .send()
        .await
        .unwrap();
    let (status, problem) = read(response).await;
    assert_eq!(
        (status, problem["status"].as_u64()),
        (StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE, Some(431))
    );
    // A body over the limit is 413, not 400.
    let mut body = monitor_body();
    body["label"] = json!("n".repeat(3 * 1024 * 1024));
    let (status, problem) = service.post("f1", &monitors("f1"), &body).await;
    assert_eq!(
        (status, problem["status"].as_u64()),
        (StatusCode::PAYLOAD_TOO_LARGE, Some(413))
    );
}

#[tokio::test]
async fn a_duplicated_identity_header_is_refused() {
    let service = Service::default().await;
    for (first, second) in [("f1", "f2"), ("f1", "f1")] {
        let response = service
            .client
            .get(format!("{}{BASE}/vehicles", service.base))
            .header("x-fleet-id", first)
            .header("x-fleet-id", second)
            .send()
            .await
            .unwrap();
        let (status, problem) = read(response).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{first}, {second}");
        assert_eq!(problem["parameter"], "x-fleet-id");
    }
}

#[tokio::test]
async fn duplicated_and_unknown_query_parameters_are_refused_by_name() {
    let service = Service::default().await;
    let vin = a_vehicle_of(&service, "f1").await;
    for (href, parameter) in [
        (format!("{BASE}/vehicles?brand=DS&brand=Peugeot"), "brand"),
        (format!("{BASE}/vehicles?limit=5&colour=red"), "colour"),
        (
            format!(
                "{BASE}/vehicles/{vin}/trips?since=2026-01-01T00:00:00Z&since=2026-02-01T00:00:00Z"
            ),
            "since",
        ),
        (format!("{BASE}/vehicles/{vin}/trips?brand=DS"), "brand"),
        (format!("{}?brand=DS", monitors("f1")), "brand"),
        (
            format!("{BASE}/fleets?{}=1", "x".repeat(5_000)),
            &"x".repeat(5_000),
        ),
    ] {
        let (status, problem) = service.get("f1", &href).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{href}");
        assert_eq!(problem["parameter"], parameter, "{href}");
    }
    // What a collection understands is kept in its links, and nothing else is there.
    let (status, page) = service
        .get("f1", &format!("{BASE}/vehicles?brand=Peugeot&limit=5"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        page["_links"]["next"]["href"],
        format!("{BASE}/vehicles?brand=Peugeot&offset=5&limit=5")
    );
}

#[tokio::test]
async fn responses_are_private_and_vary_by_caller() {
    let service = Service::default().await;
    for href in [
        BASE.to_owned(),
        format!("{BASE}/vehicles"),
        format!("{BASE}/nowhere"),
    ] {
        let response = service
            .client
            .get(format!("{}{href}", service.base))
            .header("x-fleet-id", "f1")
            // Compression names its own field: still one `Vary` line.
            .header("accept-encoding", "gzip")
            .send()
            .await
            .unwrap();
        let headers = response.headers();
        // Private always; the generated fleet data, which never changes while the service
        // runs, also fresh for a minute.
        let cache_control = headers["cache-control"].to_str().unwrap();
        assert!(
            cache_control.starts_with("private"),
            "{href}: {cache_control}"
        );
        if href.ends_with("/vehicles") {
            assert_eq!(
                cache_control, "private, max-age=60, stale-while-revalidate=600",
                "{href}"
            );
        }
        assert_eq!(
            headers.get_all("vary").iter().count(),
            1,
            "{href}: {headers:?}"
        );
        let vary: Vec<&str> = headers
            .get_all("vary")
            .iter()
            .flat_map(|v| v.to_str().unwrap().split(','))
            .map(str::trim)
            .collect();
        assert!(
            vary.iter().any(|v| v.eq_ignore_ascii_case("x-fleet-id")),
            "{href}: {vary:?}"
        );
        assert!(
            vary.iter().any(|v| v.eq_ignore_ascii_case("accept")),
            "{href}: {vary:?}"
        );
    }
}

#[tokio::test]
async fn ids_are_read_in_their_canonical_form_only() {
    let service = Service::default().await;
    let (status, _) = service.get("f1", &format!("{BASE}/trips/1")).await;
    assert_eq!(status, StatusCode::OK);
    for id in ["+1", "01", "1.0", "%2B1", "-0", "00", " 1"] {
        let (status, problem) = service.get("f1", &format!("{BASE}/trips/{id}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{id}");
        assert_eq!(problem["parameter"], "id", "{id}");
        let (status, _) = service
            .get("f1", &format!("{BASE}/trips/1/waypoints/{id}"))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "waypoint {id}");
    }
}

/// The service as a process of its own, killed when dropped.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the service binary over TLS with at most `max_files` open file descriptors; returns
/// it and its port.
fn start_limited(certs: &std::path::Path, max_files: u32, extra: &[&str]) -> (Process, u16) {
    let mut command = Command::new("bash");
    command
        .arg("-c")
        .arg(format!("ulimit -n {max_files} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_connected-car"))
        .args(["--addr", "127.0.0.1:0", "--handshake-timeout", "1"])
        .arg("--data-dir")
        .arg(certs.join("data"))
        .arg("--tls-cert")
        .arg(certs.join("server.pem"))
        .arg("--tls-key")
        .arg(certs.join("server.key"))
        .arg("--client-ca")
        .arg(certs.join("ca.pem"))
        .args(extra)
        .env("RUST_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = Process(command.spawn().unwrap());
    let stdout = child.0.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let port = line
        .split("https://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|port| port.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    (child, port)
}

async fn tls_request_succeeds(certs: &std::path::Path, port: u16) -> bool {
    let mut identity = std::fs::read(certs.join("client-f1.pem")).unwrap();
    identity.extend(std::fs::read(certs.join("client-f1.key")).unwrap());
    let client = Client::builder()
        .use_rustls_tls()
        .tls_built_in_root_certs(false)
        .add_root_certificate(
            reqwest::Certificate::from_pem(&std::fs::read(certs.join("ca.pem")).unwrap()).unwrap(),
        )
        .identity(reqwest::Identity::from_pem(&identity).unwrap())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    client
        .get(format!("https://localhost:{port}{BASE}"))
        .send()
        .await
        .is_ok_and(|response| response.status() == StatusCode::OK)
}

/// Opens `count` TCP connections that never start a TLS handshake.
async fn flood(port: u16, count: usize) -> Vec<tokio::net::TcpStream> {
    let mut connections = Vec::with_capacity(count);
    for _ in 0..count {
        match tokio::time::timeout(
            Duration::from_secs(2),
            tokio::net::TcpStream::connect(("127.0.0.1", port)),
        )
        .await
        {
            Ok(Ok(stream)) => connections.push(stream),
            _ => break,
        }
    }
    connections
}

fn stderr_of(mut process: Process) -> String {
    let _ = process.0.kill();
    let _ = process.0.wait();
    let mut text = String::new();
    if let Some(mut stderr) = process.0.stderr.take() {
        let _ = stderr.read_to_string(&mut text);
    }
    text
}

/// Floods the service (over TLS, limited to 128 file descriptors, with `max_connections`)
/// with 400 connections that never handshake; checks it stays up and serves a real client
/// afterwards; returns its log.
async fn survive_a_flood(max_connections: &str) -> String {
    let certs = tempfile::tempdir().unwrap();
    connected_car::certs::write_dev_certs(certs.path(), &connected_car::FLEETS).unwrap();
    let (mut process, port) =
        start_limited(certs.path(), 128, &["--max-connections", max_connections]);
    let connections = flood(port, 400).await;
    assert!(
        connections.len() >= 200,
        "only {} connections opened",
        connections.len()
    );
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    assert!(
        process.0.try_wait().unwrap().is_none(),
        "the service exited under the flood"
    );
    drop(connections);
    // After the flood (and an accept back-off), a real client is served.
    let started = Instant::now();
    let mut served = false;
    while !served && started.elapsed() < Duration::from_secs(15) {
        served = tls_request_succeeds(certs.path(), port).await;
        if !served {
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }
    assert!(served, "no request served after the flood");
    stderr_of(process)
}

#[tokio::test]
async fn the_tls_listener_outlives_running_out_of_file_descriptors() {
    // The cap is far above what the process may open, so accepting fails with EMFILE.
    let log = survive_a_flood("10000").await;
    assert!(
        log.contains("accept failed"),
        "the flood never hit the limit: {log}"
    );
}

#[tokio::test]
async fn the_connection_cap_keeps_the_process_within_its_file_descriptors() {
    let log = survive_a_flood("50").await;
    assert!(
        !log.contains("accept failed"),
        "the cap let accepting fail: {log}"
    );
}

#[tokio::test]
async fn an_accept_that_excludes_every_type_is_a_406_problem() {
    let service = Service::default().await;
    let vin = a_vehicle_of(&service, "f1").await;
    let ask = |href: String, accept: &'static str| {
        service
            .client
            .get(format!("{}{href}", service.base))
            .header("x-fleet-id", "f1")
            .header("accept", accept)
            .send()
    };
    let cases = [
        (format!("{BASE}/vehicles"), "text/html", 406),
        (format!("{BASE}/vehicles"), "application/json", 200),
        (
            format!("{BASE}/vehicles"),
            "application/hal+json;q=0, */*",
            406,
        ),
        (
            format!("{BASE}/vehicles/{vin}/position"),
            "application/geo+json",
            200,
        ),
        (format!("{BASE}/vehicles/{vin}/position"), "text/csv", 406),
    ];
    for (href, accept, status) in cases {
        let response = ask(href.clone(), accept).await.unwrap();
        assert_eq!(response.status().as_u16(), status, "{href} as {accept}");
        if status == 406 {
            let (_, problem) = read(response).await;
            assert_eq!(problem["status"], 406);
        }
    }
}
