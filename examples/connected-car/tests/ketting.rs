//! A client written for HAL-FORMS and nothing else: ketting (npm), following the demo's
//! relations from its root and submitting the create-monitor form as it submits any form,
//! with the template's flat property names and a JSON textarea's text.
//!
//! Needs Node.js and `tests/ketting/node_modules` (`npm ci` there; `.ci/run` does it).
//! Without them the test says so and passes without running, except under `CI=true`.

mod support;

use std::path::Path;
use std::process::Command;

use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ketting_creates_a_monitor_through_the_served_form() {
    let scripts = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ketting");
    let node = Command::new("node").arg("--version").output();
    if node.is_err() || !scripts.join("node_modules/ketting").is_dir() {
        support::service_missing("Node.js and ketting (npm ci in tests/ketting) are missing");
        return;
    }
    let state = support::test_state()
        .await
        .with_webhook_allow(support::loopback());
    let origin = support::serve_in_process(state).await;
    let root = format!("{origin}/connectedcar/v2");

    let output = tokio::task::spawn_blocking({
        let scripts = scripts.clone();
        let root = root.clone();
        move || {
            Command::new("node")
                .arg("submit.mjs")
                .args([&root, "f1", "http://127.0.0.1:9/ketting"])
                .current_dir(scripts)
                .output()
                .unwrap()
        }
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "ketting failed:\n{stderr}\n{stdout}"
    );

    // ketting posted where the template said, and the answer is the new monitor's reference.
    let submitted: Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(submitted["method"], "POST");
    assert_eq!(
        submitted["uri"],
        format!("{root}/fleets/f1/monitors"),
        "{submitted}"
    );
    let id = submitted["data"]["monitorId"].as_str().unwrap();

    // The monitor is the nested parameter the flat form stood for.
    let (status, monitor) = support::Api::new(&origin)
        .get(&format!("/connectedcar/v2/fleets/f1/monitors/{id}"))
        .await;
    assert_eq!(status, reqwest::StatusCode::OK, "{monitor}");
    let parameter = &monitor["monitor"];
    assert_eq!(
        parameter["subscribeParam"]["callback"]["webhook"]["target"], "http://127.0.0.1:9/ketting",
        "{monitor}"
    );
    assert_eq!(parameter["triggerParam"]["boolExp"], "fast", "{monitor}");
    assert_eq!(
        parameter["triggerParam"]["triggers"][0]["data"]["data"], "vehicle.kinetic.speed",
        "{monitor}"
    );
}
