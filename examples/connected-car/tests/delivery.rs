//! Webhook delivery against a real receiver on loopback: the contract, the retry policies,
//! batches, ordering, and a slow receiver that delays only its own monitor.

mod support;

use std::time::Duration;

use connected_car::AppState;
use connected_car::delivery::DeliveryConfig;
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
        let state = AppState::in_memory().await.unwrap();
        let config = DeliveryConfig {
            poll: Duration::from_millis(20),
            timeout: Duration::from_secs(5),
            ..DeliveryConfig::default()
        };
        state.start_background(Client::new(), config, Duration::from_secs(1));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(serve(
            listener,
            connected_car::router(state),
            ServeConfig::default(),
            std::future::pending(),
        ));
        let client = Client::new();
        let base = format!("http://{addr}/connectedcar/v2");
        let page: Value = client
            .get(format!("{base}/vehicles?limit=1"))
            .header("x-fleet-id", FLEET)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let vin = page["_embedded"]["cc:vehicles"][0]["vin"]
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
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        service.telemetry(&speeding_samples(40, 1)).await["eventsRaised"],
        1
    );
}
