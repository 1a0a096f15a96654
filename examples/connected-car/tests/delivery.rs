//! Webhook delivery against a real receiver on loopback: the contract, the retry policies,
//! batches, ordering, and a slow receiver that delays only its own monitor.

mod support;

use std::time::Duration;

use connected_car::AppState;
use connected_car::delivery::{DeliveryConfig, webhook_client};
use connected_car::targets::{TargetPolicy, WebhookAllow};
use hal_axum::serve::{ServeConfig, serve};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use support::{Receiver, speeding, speeding_samples};

const FLEET: &str = "f1";

struct Service {
    base: String,
    client: Client,
    vin: String,
}

impl Service {
    async fn start() -> Self {
        Self::start_with(support::loopback(), None).await
    }

    /// A service delivering to public https targets and what `allow` names, trusting the CA
    /// in `webhook_ca` besides the usual roots.
    async fn start_with(allow: WebhookAllow, webhook_ca: Option<std::path::PathBuf>) -> Self {
        let state = support::test_state().await.with_webhook_allow(allow);
        Self::serve(state, webhook_ca).await
    }

    /// `state`, delivering in the background and served on loopback.
    async fn serve(state: AppState, webhook_ca: Option<std::path::PathBuf>) -> Self {
        let config = DeliveryConfig {
            poll: Duration::from_millis(20),
            timeout: Duration::from_secs(5),
            webhook_ca,
            ..DeliveryConfig::default()
        };
        state
            .start_background(config, Duration::from_secs(1))
            .unwrap();
        let client = Client::new();
        let base = format!("{}/connectedcar/v2", support::serve_in_process(state).await);
        let page: Value = client
            .get(format!("{base}/vehicles?limit=1"))
            .header("x-fleet-id", FLEET)
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
        Self { base, client, vin }
    }

    async fn post(&self, href: &str, body: &Value) -> (StatusCode, Value) {
        let response = self
            .client
            .post(format!("{}{href}", self.base))
            .header("x-fleet-id", FLEET)
            .json(body)
            .send()
            .await
            .unwrap();
        (
            response.status(),
            response.json().await.unwrap_or(Value::Null),
        )
    }

    async fn get(&self, href: &str) -> Value {
        self.client
            .get(format!("{}{href}", self.base))
            .header("x-fleet-id", FLEET)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// Creates a monitor and returns its href below the API root.
    async fn monitor(&self, parameter: &Value) -> String {
        let (status, created) = self
            .post(&format!("/fleets/{FLEET}/monitors"), parameter)
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{created}");
        format!(
            "/fleets/{FLEET}/monitors/{}",
            created["monitorId"].as_str().unwrap()
        )
    }

    /// Sends the samples of this service's vehicle.
    async fn telemetry(&self, samples: &Value) -> Value {
        let (status, receipt) = self
            .post(&format!("/vehicles/{}/telemetry", self.vin), samples)
            .await;
        assert_eq!(status, StatusCode::OK, "{receipt}");
        receipt
    }

    /// The monitor's events, newest first.
    /// Waits (at most 5 s) for the first event's delivery to end, asserts it failed, and
    /// returns its last error.
    async fn failed_delivery(&self, monitor: &str) -> String {
        let started = std::time::Instant::now();
        let mut delivery = Value::Null;
        while started.elapsed() < Duration::from_secs(5) {
            delivery = self.events(monitor).await[0]["delivery"].clone();
            if delivery["state"] != "pending" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(delivery["state"], "failed", "{delivery}");
        delivery["lastError"].as_str().unwrap().to_owned()
    }

    async fn events(&self, monitor: &str) -> Vec<Value> {
        self.get(&format!("{monitor}/events?limit=100")).await["_embedded"]["cc:events"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
}

#[tokio::test]
async fn a_failing_receiver_is_retried_by_the_policy() {
    let (service, receiver) = (Service::start().await, Receiver::start().await);
    receiver.answer("bounded", &[500, 500, 500]);
    receiver.always("none", 500);
    let bounded = service
        .monitor(&speeding(
            &receiver.url("bounded"),
            json!({"policy": "Bounded", "retryNumber": 3, "retryDelay": 1}),
        ))
        .await;
    let none = service
        .monitor(&speeding(&receiver.url("none"), json!({"policy": "None"})))
        .await;
    assert_eq!(
        service.telemetry(&speeding_samples(0, 1)).await["eventsRaised"],
        2
    );

    let attempts = receiver
        .wait_for("bounded", 4, Duration::from_secs(15))
        .await;
    assert_eq!(attempts.len(), 4, "delivered on the fourth attempt");
    for pair in attempts.windows(2) {
        let gap = pair[1].at - pair[0].at;
        assert!(
            gap >= Duration::from_millis(900) && gap < Duration::from_secs(3),
            "{gap:?} between attempts"
        );
        assert_eq!(
            pair[0].event_ids(),
            pair[1].event_ids(),
            "a retry sends the same event"
        );
    }
    let event = &service.events(&bounded).await[0];
    assert_eq!(
        event["delivery"],
        json!({"state": "delivered", "attempts": 4, "lastStatus": 200})
    );

    let once = receiver.wait_for("none", 1, Duration::from_secs(5)).await;
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    assert_eq!(
        (once.len(), receiver.received("none").len()),
        (1, 1),
        "None: one attempt"
    );
    let event = &service.events(&none).await[0];
    assert_eq!(event["delivery"]["state"], "failed");
    assert_eq!(event["delivery"]["lastStatus"], 500);
    assert_eq!(
        event["delivery"]["lastError"],
        "the receiver answered 500 Internal Server Error"
    );
}

#[tokio::test]
async fn the_webhook_gets_the_origin_contract_and_batches() {
    let (service, receiver) = (Service::start().await, Receiver::start().await);
    let mut parameter = speeding(
        &format!("{}?source=cc", receiver.url("hook")),
        json!({"policy": "None"}),
    );
    parameter["subscribeParam"]["callback"]["webhook"]["attributes"] = json!([
        {"type": "Header", "key": "X-Vehicle", "value": "$vin"},
        {"type": "Query", "key": "fleet", "value": "$fleetId"},
        {"type": "Body", "key": "monitor", "value": "$monitorId"},
        {"type": "Body", "key": "team", "value": "night shift"}
    ]);
    parameter["subscribeParam"]["batchNotify"] = json!({"size": 3, "timeWindow": 30});
    let monitor = service.monitor(&parameter).await;
    let monitor_id = monitor.rsplit('/').next().unwrap().to_owned();
    // Three events: a full batch, sent at once.
    service.telemetry(&speeding_samples(0, 3)).await;
    let received = receiver.wait_for("hook", 1, Duration::from_secs(5)).await;
    assert_eq!(received.len(), 1);
    let request = &received[0];
    assert_eq!(request.headers["x-vehicle"], service.vin.as_str());
    assert_eq!(request.headers["content-type"], "application/json");
    assert_eq!(request.query.as_deref(), Some("source=cc&fleet=f1"));
    let ids = request.event_ids();
    assert_eq!(ids.len(), 3, "{}", request.body);
    assert_eq!(request.headers["idempotency-key"], ids[0].as_str());
    assert_eq!(request.body["monitorId"], monitor_id.as_str());
    assert_eq!(
        request.body["attributes"],
        json!([{"key": "monitor", "value": monitor_id}, {"key": "team", "value": "night shift"}])
    );
    let first = &request.body["events"][0];
    assert_eq!(
        (first["vin"].as_str(), first["fleetId"].as_str()),
        (Some(service.vin.as_str()), Some(FLEET))
    );
    let dates: Vec<&str> = request.body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["eventDate"].as_str().unwrap())
        .collect();
    assert!(
        dates.windows(2).all(|d| d[0] < d[1]),
        "oldest first: {dates:?}"
    );
    for event in service.events(&monitor).await {
        assert_eq!(event["delivery"]["state"], "delivered");
    }
}

/// The body follows the origin's webhook templates: v3's in full, v2's but for the extensions,
/// whose bodies v2 makes arrays and v3 objects, and which v3 has more of. A batch holds several vehicles' events unless
/// an attribute names the vehicle.
#[tokio::test]
async fn deliveries_follow_the_origin_templates_and_batch_across_vehicles() {
    let (service, receiver) = (Service::start().await, Receiver::start().await);
    let page = service.get("/vehicles?limit=2").await;
    let vehicles = page["_embedded"]["vehicles"].as_array().unwrap().clone();
    let mut parameter = speeding(&receiver.url("fleet"), json!({"policy": "None"}));
    parameter["triggerParam"] = json!({
        "triggers": [
            {"name": "fast", "data": {"data": "vehicle.kinetic.speed", "op": "greaterThan", "value": [100]}},
            {"name": "warned", "data": {"data": "vehicle.alert", "op": "includedIn", "value": ["LowTyrePressure"]}}
        ],
        "boolExp": "fast | warned"
    });
    // The origin's nine.
    let extensions = json!([
        "vehicle.position",
        "vehicle.alerts",
        "vehicle.status",
        "vehicle.telemetry",
        "vehicle.doorsState",
        "vehicle.maintenance",
        "vehicle.collisions",
        "vehicle.trip",
        "vehicle.stolen"
    ]);
    parameter["extendedEventParam"] = extensions.clone();
    parameter["subscribeParam"]["batchNotify"] = json!({"size": 2, "timeWindow": 5});
    parameter["subscribeParam"]["callback"]["webhook"]["attributes"] = json!([
        {"type": "Body", "key": "monitor", "value": "$monitorID"},
        {"type": "Header", "key": "X-Fleet", "value": "$fleetID"}
    ]);
    service.monitor(&parameter).await;
    // The same monitor, but its requests name the vehicle: one vehicle per batch.
    parameter["subscribeParam"]["callback"]["webhook"]["target"] = json!(receiver.url("vehicle"));
    parameter["subscribeParam"]["callback"]["webhook"]["attributes"] =
        json!([{"type": "Header", "key": "X-Vehicle", "value": "$vid"}]);
    service.monitor(&parameter).await;
    for (vehicle, sample) in vehicles.iter().zip([
        json!({"recordedAt": "2026-03-17T10:00:00Z", "kinetic": {"speed": 150.5},
               "position": {"type": "Point", "coordinates": [2.35, 48.85]}}),
        json!({"recordedAt": "2026-03-17T10:00:01Z", "alerts": ["LowTyrePressure"]}),
    ]) {
        let vin = vehicle["vin"].as_str().unwrap();
        let (status, receipt) = service
            .post(&format!("/vehicles/{vin}/telemetry"), &json!([sample]))
            .await;
        assert_eq!(status, StatusCode::OK, "{receipt}");
    }

    let across = receiver.wait_for("fleet", 1, Duration::from_secs(5)).await;
    assert_eq!(across.len(), 1, "one batch for both vehicles");
    let body = &across[0].body;
    let vins: Vec<&str> = body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["vin"].as_str().unwrap())
        .collect();
    assert_eq!(vins, [&vehicles[0]["vin"], &vehicles[1]["vin"]]);
    assert_eq!(across[0].headers["x-fleet"], FLEET);
    assert_eq!(body["attributes"][0]["value"], body["monitorId"]);
    let errors = support::origin_errors("wh3.MonitorEvents", body);
    assert!(errors.is_empty(), "{errors:#?}\n{body:#}");
    // The v2 template's extensions differ from v3's (a `body` array, and no `vehicle.trip`
    // or `vehicle.stolen`): the rest of the body fits it too.
    let v2: Vec<String> = support::origin_errors("wh2.MonitorEvents", body)
        .into_iter()
        .filter(|e| !e.contains("/extensions/"))
        .collect();
    assert!(v2.is_empty(), "{v2:#?}");
    let (speeding, warned) = (&body["events"][0], &body["events"][1]);
    assert_eq!(
        speeding["values"],
        json!([{"data": "vehicle.kinetic.speed", "value": {"type": "string", "body": {"literalValue": "150.5"}}}])
    );
    assert_eq!(speeding["triggers"], json!(["fast"]));
    assert_eq!(
        warned["values"][1],
        json!({"data": "vehicle.alert", "value": {"type": "obj.alert",
               "body": {"objectValues": [{"type": "LowTyrePressure", "active": true}]}}})
    );
    let kinds: Vec<Value> = speeding["extensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].clone())
        .collect();
    assert_eq!(Value::Array(kinds), extensions, "each asked for, in order");
    // What the vehicle never reported is there, empty; what the fleet's seed says is there.
    assert_eq!(speeding["extensions"][6]["body"], json!({}), "no collision");
    assert_eq!(speeding["extensions"][7]["body"], json!({}), "no trip");
    assert_eq!(
        speeding["extensions"][8]["body"],
        json!({"stolen": {"state": false}})
    );
    assert_eq!(
        speeding["extensions"][0]["body"]["position"]["coordinates"],
        json!([2.35, 48.85])
    );
    // No active alert is an empty list, never null.
    assert_eq!(speeding["extensions"][1]["body"], json!({"alerts": []}));

    let per_vehicle = receiver
        .wait_for("vehicle", 2, Duration::from_secs(10))
        .await;
    let ids: Vec<(&str, usize)> = per_vehicle
        .iter()
        .map(|r| {
            (
                r.headers["x-vehicle"].to_str().unwrap(),
                r.event_ids().len(),
            )
        })
        .collect();
    assert_eq!(
        ids,
        [
            (vehicles[0]["id"].as_str().unwrap(), 1),
            (vehicles[1]["id"].as_str().unwrap(), 1)
        ]
    );
}

#[tokio::test]
async fn a_partial_batch_waits_for_its_time_window() {
    let (service, receiver) = (Service::start().await, Receiver::start().await);
    let mut parameter = speeding(&receiver.url("hook"), json!({"policy": "None"}));
    parameter["subscribeParam"]["batchNotify"] = json!({"size": 10, "timeWindow": 5});
    service.monitor(&parameter).await;
    service.telemetry(&speeding_samples(0, 2)).await;
    assert!(
        receiver
            .wait_for("hook", 1, Duration::from_secs(3))
            .await
            .is_empty(),
        "sent before the window closed"
    );
    let received = receiver.wait_for("hook", 1, Duration::from_secs(6)).await;
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].event_ids().len(), 2);
}

#[tokio::test]
async fn a_slow_receiver_delays_only_its_own_monitor_and_order_holds() {
    let (service, receiver) = (Service::start().await, Receiver::start().await);
    receiver.delay("slow", Duration::from_millis(1_500));
    service
        .monitor(&speeding(&receiver.url("slow"), json!({"policy": "None"})))
        .await;
    let fast = service
        .monitor(&speeding(&receiver.url("fast"), json!({"policy": "None"})))
        .await;
    service.telemetry(&speeding_samples(0, 3)).await;
    let quick = receiver.wait_for("fast", 3, Duration::from_secs(1)).await;
    assert_eq!(quick.len(), 3, "the fast receiver waited for the slow one");
    assert!(
        receiver.received("slow").is_empty(),
        "the slow one is still on its first"
    );
    // The slow monitor's events still arrive, one after the other, in raising order.
    let slow = receiver.wait_for("slow", 3, Duration::from_secs(8)).await;
    assert_eq!(slow.len(), 3);
    let mut expected: Vec<String> = service
        .events(&fast)
        .await
        .iter()
        .map(|e| e["eventDate"].as_str().unwrap().to_owned())
        .collect();
    expected.reverse();
    let got: Vec<String> = slow
        .iter()
        .map(|r| {
            r.body["events"][0]["eventDate"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(got, expected);
}

#[tokio::test]
async fn a_monitor_whose_deliveries_keep_failing_becomes_failed() {
    let (service, receiver) = (Service::start().await, Receiver::start().await);
    receiver.always("down", 503);
    let monitor = service
        .monitor(&speeding(&receiver.url("down"), json!({"policy": "None"})))
        .await;
    service.telemetry(&speeding_samples(0, 5)).await;
    receiver.wait_for("down", 5, Duration::from_secs(5)).await;
    let started = std::time::Instant::now();
    while service.get(&monitor).await["status"] != "Failed"
        && started.elapsed() < Duration::from_secs(5)
    {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(service.get(&monitor).await["status"], "Failed");
    // A failed monitor is not evaluated: more speeding raises nothing.
    let receipt = service.telemetry(&speeding_samples(20, 2)).await;
    assert_eq!(receipt["eventsRaised"], 0);
    // Running again, it is evaluated again.
    let (status, _) = service
        .post(&format!("{monitor}/status"), &json!({"status": "Running"}))
        .await;
    assert_eq!(
        status,
        StatusCode::METHOD_NOT_ALLOWED,
        "status is set with PUT"
    );
    let response = service
        .client
        .put(format!("{}{monitor}/status", service.base))
        .header("x-fleet-id", FLEET)
        .json(&json!({"status": "Running"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    assert_eq!(
        service.telemetry(&speeding_samples(40, 1)).await["eventsRaised"],
        1
    );
}

/// An HTTPS receiver on loopback whose certificate (for `localhost`) a test CA signs; returns
/// its address, the CA's PEM, and the count of requests it answered.
async fn https_receiver() -> (
    std::net::SocketAddr,
    String,
    std::sync::Arc<std::sync::atomic::AtomicUsize>,
) {
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::{CertificateDer, PrivateKeyDer};
    let ca = connected_car::certs::DevCa::new("webhook test CA").unwrap();
    let server = ca.server().unwrap();
    let chain = CertificateDer::pem_slice_iter(server.certificate.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_slice(server.key.as_bytes()).unwrap();
    let mut config = rustls::ServerConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(chain, key)
    .unwrap();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = count.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move || {
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            async { StatusCode::NO_CONTENT }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(serve(
        listener,
        app,
        ServeConfig::default().with_tls(std::sync::Arc::new(config)),
        std::future::pending(),
    ));
    (addr, ca.certificate_pem(), count)
}

#[tokio::test]
async fn https_receivers_are_verified_and_webhook_ca_adds_a_root() {
    let (addr, ca, count) = https_receiver().await;
    let folder = tempfile::tempdir().unwrap();
    let ca_file = folder.path().join("ca.pem");
    std::fs::write(&ca_file, ca).unwrap();
    let target = format!("https://localhost:{}/hook", addr.port());
    let parameter = speeding(&target, json!({"policy": "None"}));

    let service = Service::start_with(support::loopback(), Some(ca_file.clone())).await;
    let monitor = service.monitor(&parameter).await;
    service.telemetry(&speeding_samples(0, 1)).await;
    let started = std::time::Instant::now();
    while count.load(std::sync::atomic::Ordering::SeqCst) == 0
        && started.elapsed() < Duration::from_secs(5)
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        service.events(&monitor).await[0]["delivery"]["state"],
        "delivered"
    );

    // Without the CA, the receiver's certificate is not trusted: the attempt fails.
    let service = Service::start_with(support::loopback(), None).await;
    let monitor = service.monitor(&parameter).await;
    service.telemetry(&speeding_samples(0, 1)).await;
    let error = service.failed_delivery(&monitor).await;
    assert!(
        error.to_ascii_lowercase().contains("certificate"),
        "{error}"
    );
    assert_eq!(
        count.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "only the trusting service got through"
    );
    assert!(
        webhook_client(
            Duration::from_secs(1),
            Some(&folder.path().join("missing.pem")),
            &TargetPolicy::default()
        )
        .is_err()
    );
}

#[tokio::test]
async fn targets_outside_webhook_allow_are_refused_at_creation() {
    let allow = WebhookAllow::parse(["127.0.0.0/8", "*.example.com"]).unwrap();
    let service = Service::start_with(allow, None).await;
    for (target, status) in [
        ("http://127.0.0.1:9/hook", StatusCode::ACCEPTED),
        ("https://hooks.example.com/cc", StatusCode::ACCEPTED),
        // Public https targets need no entry; plain http to them does.
        ("https://hooks.example.net/cc", StatusCode::ACCEPTED),
        ("http://hooks.example.net/cc", StatusCode::BAD_REQUEST),
        ("http://10.1.2.3/hook", StatusCode::BAD_REQUEST),
    ] {
        let (got, body) = service
            .post(
                &format!("/fleets/{FLEET}/monitors"),
                &speeding(target, json!({"policy": "None"})),
            )
            .await;
        assert_eq!(got, status, "{target}: {body}");
        if status == StatusCode::BAD_REQUEST {
            assert_eq!(body["pointer"], "/subscribeParam/callback/webhook/target");
        }
    }
}

/// By default a target must be https and public: every refused range is a 400 naming the
/// target, written as an address and as a name resolving to it, IPv4 and IPv6.
#[tokio::test]
async fn internal_targets_are_refused_by_address_and_by_name() {
    let resolver = support::TestResolver::new();
    let state = support::test_state().await.with_resolver(resolver.clone());
    let service = Service::serve(state, None).await;
    let refused = [
        "127.0.0.1",
        "10.0.0.7",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "192.0.2.10",
        "198.18.0.1",
        "::1",
        "fe80::1",
        "fd00::1",
        "ff02::1",
        "2001:db8::1",
        "::ffff:169.254.169.254",
        "::ffff:10.0.0.7",
    ];
    for (index, address) in refused.iter().enumerate() {
        let literal = if address.contains(':') {
            format!("https://[{address}]/hook")
        } else {
            format!("https://{address}/hook")
        };
        let name = format!("internal{index}.example.org");
        resolver.set(&name, &[address]);
        for target in [literal, format!("https://{name}/hook")] {
            let (status, body) = service
                .post(
                    &format!("/fleets/{FLEET}/monitors"),
                    &speeding(&target, json!({"policy": "None"})),
                )
                .await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{target}: {body}");
            assert_eq!(body["pointer"], "/subscribeParam/callback/webhook/target");
            assert!(
                body["detail"]
                    .as_str()
                    .unwrap()
                    .contains("not a public address"),
                "{target}: {body}"
            );
        }
    }
    // A name with one refused address among public ones is refused too.
    resolver.set("mixed.example.org", &["93.184.215.14", "10.0.0.7"]);
    let (status, _) = service
        .post(
            &format!("/fleets/{FLEET}/monitors"),
            &speeding("https://mixed.example.org/hook", json!({"policy": "None"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Public https is accepted; plain http to it is not.
    for (target, expected) in [
        ("https://hooks.example.com/cc", StatusCode::ACCEPTED),
        ("http://hooks.example.com/cc", StatusCode::BAD_REQUEST),
        ("https://unknown.invalid/cc", StatusCode::BAD_REQUEST),
    ] {
        let (status, body) = service
            .post(
                &format!("/fleets/{FLEET}/monitors"),
                &speeding(target, json!({"policy": "None"})),
            )
            .await;
        assert_eq!(status, expected, "{target}: {body}");
    }
}

/// A name that resolved to a public address when the monitor was created and to loopback when
/// the event is delivered (DNS rebinding): the delivery connects to nothing and fails, saying
/// why.
#[tokio::test]
async fn a_name_rebound_to_loopback_after_creation_is_not_delivered_to() {
    let receiver = Receiver::start().await;
    let resolver = support::TestResolver::new();
    resolver.set("rebind.example.org", &["93.184.215.14"]);
    let state = support::test_state().await.with_resolver(resolver.clone());
    let service = Service::serve(state, None).await;
    let target = format!("https://rebind.example.org:{}/hook", receiver.addr.port());
    let monitor = service
        .monitor(&speeding(&target, json!({"policy": "None"})))
        .await;
    resolver.set("rebind.example.org", &["127.0.0.1"]);
    service.telemetry(&speeding_samples(0, 1)).await;
    let error = service.failed_delivery(&monitor).await;
    assert!(
        error.contains("127.0.0.1") && error.contains("not a public address"),
        "{error}"
    );
    assert!(
        receiver.received("hook").is_empty(),
        "the receiver was reached"
    );
}

/// Whether `request` verifies with `secret`, by the Standard Webhooks crate receivers use.
fn verifies(request: &support::Received, secret: &str) -> bool {
    standardwebhooks::Webhook::new(secret)
        .unwrap()
        .verify(&request.raw, &request.headers)
        .is_ok()
}

#[tokio::test]
async fn deliveries_are_signed_with_the_secret_given_once_and_rotation_overlaps() {
    let receiver = Receiver::start().await;
    receiver.answer("hook", &[503]);
    let service = Service::start().await;
    let (status, created) = service
        .post(
            &format!("/fleets/{FLEET}/monitors"),
            &speeding(
                &receiver.url("hook"),
                json!({"policy": "Bounded", "retryNumber": 3, "retryDelay": 1}),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let secret = created["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("whsec_"), "{secret}");
    let monitor = format!(
        "/fleets/{FLEET}/monitors/{}",
        created["monitorId"].as_str().unwrap()
    );
    let read = service.get(&monitor).await;
    assert!(
        !read.to_string().contains(&secret),
        "a later read shows the secret"
    );

    // A first attempt answered 503, then the retry: both signed, with the same id.
    service.telemetry(&speeding_samples(0, 1)).await;
    let received = receiver.wait_for("hook", 2, Duration::from_secs(10)).await;
    assert_eq!(received.len(), 2);
    for request in &received {
        assert!(verifies(request, &secret), "{:?}", request.headers);
        assert_eq!(
            request.headers["webhook-id"],
            request.headers["idempotency-key"]
        );
        assert_eq!(
            request.headers["webhook-signature"]
                .to_str()
                .unwrap()
                .split(' ')
                .count(),
            1
        );
    }
    assert_eq!(
        received[0].headers["webhook-id"],
        received[1].headers["webhook-id"]
    );
    // Another monitor's secret, or a tampered body, does not verify.
    let mut forged = received[0].clone();
    forged.raw = axum::body::Bytes::from_static(br#"{"events":[]}"#);
    assert!(!verifies(&forged, &secret));

    // Rotated: the new secret is answered; deliveries carry both signatures for a day.
    let (status, rotated) = service.post(&format!("{monitor}/secret"), &json!({})).await;
    assert_eq!(status, StatusCode::OK, "{rotated}");
    let new_secret = rotated["secret"].as_str().unwrap().to_owned();
    assert_ne!(new_secret, secret);
    service.telemetry(&speeding_samples(10, 1)).await;
    let received = receiver.wait_for("hook", 3, Duration::from_secs(10)).await;
    let last = received.last().unwrap();
    assert_eq!(
        last.headers["webhook-signature"]
            .to_str()
            .unwrap()
            .split(' ')
            .count(),
        2
    );
    assert!(verifies(last, &new_secret) && verifies(last, &secret));
    // Another fleet cannot rotate it.
    let response = service
        .client
        .post(format!("{}{monitor}/secret", service.base))
        .header("x-fleet-id", "f2")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

/// The example receiver, for real: it takes the service's signed deliveries, refuses forged,
/// unsigned and stale ones with 401, stores a delivery sent twice once, and serves the events.
#[tokio::test]
async fn the_example_receiver_verifies_stores_once_and_serves_the_events() {
    let receiver = webhook_receiver::Receiver::memory().await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(axum::serve(listener, webhook_receiver::router(receiver.clone())).into_future());
    let base = format!("http://{address}");
    let service = Service::start().await;
    let (status, created) = service
        .post(
            &format!("/fleets/{FLEET}/monitors"),
            &speeding(
                &format!("{base}/webhooks"),
                json!({"policy": "Always", "retryDelay": 1}),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let secret = created["secret"].as_str().unwrap().to_owned();
    receiver.add_secret(&secret).unwrap();
    service.telemetry(&speeding_samples(0, 3)).await;
    let client = Client::new();
    let count = || async {
        let page: Value = client
            .get(format!("{base}/events"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        page
    };
    let started = std::time::Instant::now();
    let mut page = count().await;
    while page["count"] != 3 && started.elapsed() < Duration::from_secs(10) {
        tokio::time::sleep(Duration::from_millis(50)).await;
        page = count().await;
    }
    assert_eq!(page["count"], 3, "{page}");
    assert_eq!(page["_links"]["self"]["href"], "/events");
    assert_eq!(
        page["_embedded"]["events"][0]["vin"],
        service.vin.as_str(),
        "{page}"
    );

    let body = br#"{"monitorId":"m","attributes":[],"events":[{"eventId":"e-forged"}]}"#;
    let post = |headers: Vec<(&'static str, String)>| {
        let mut request = client
            .post(format!("{base}/webhooks"))
            .header("content-type", "application/json")
            .body(body.to_vec());
        for (name, value) in headers {
            request = request.header(name, value);
        }
        request.send()
    };
    let now = chrono::Utc::now().timestamp();
    let signed = |timestamp: i64, secret: &str| {
        let signature = standardwebhooks::Webhook::new(secret)
            .unwrap()
            .sign("msg-1", timestamp, body)
            .unwrap();
        vec![
            ("webhook-id", "msg-1".to_owned()),
            ("webhook-timestamp", timestamp.to_string()),
            ("webhook-signature", signature),
        ]
    };
    let forged = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    for (headers, why) in [
        (Vec::new(), "unsigned"),
        (signed(now, forged), "signed by another secret"),
        (signed(now - 600, &secret), "ten minutes old"),
    ] {
        let response = post(headers).await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{why}");
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json",
            "{why}"
        );
    }
    for _ in 0..2 {
        let response = post(signed(now, &secret)).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
    assert_eq!(
        count().await["count"],
        4,
        "the delivery sent twice is stored once"
    );
}
