//! The explorer in a real browser: headless Chromium driven through WebDriver (chromedriver)
//! walks the demo as a person would, and a screenshot of the end is kept under `target/`.
//!
//! Needs `chromium` and `chromedriver` (Debian's `chromium` and `chromium-driver`; `.ci/run`
//! installs them). Without them the test says so and passes without running; `CHROMEDRIVER`
//! and `CHROME` name other binaries.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};

/// A binary named by `variable`, or found on `PATH` under one of `names`.
fn binary(variable: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(variable) {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// chromedriver on a loopback port, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    async fn start(binary: &Path) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while reqwest::get(format!("{url}/status")).await.is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Self { child, url }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The browser: headless, without the sandbox (CI runs as root), a fixed window.
async fn browser(driver: &Driver, chrome: Option<&Path>) -> Client {
    let mut options = serde_json::json!({
        "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1800"]
    });
    if let Some(chrome) = chrome {
        options["binary"] = chrome.to_string_lossy().into();
    }
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("goog:chromeOptions".into(), options);
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .unwrap()
}

/// Waits until the response's status line contains every one of `parts`; its text.
async fn status_with(client: &Client, parts: &[&str]) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Ok(status) = client.find(Locator::Css("#status")).await
            && let Ok(text) = status.text().await
            && parts.iter().all(|p| text.contains(p))
        {
            return text;
        }
        assert!(Instant::now() < deadline, "no status with {parts:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits for an element to appear (the page renders some parts after a request of its own).
async fn element(client: &Client, css: &str) -> Element {
    client
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no `{css}`: {e}"))
}

/// The page from its top, as a PNG under `target/tmp/` (a CI artefact).
async fn save_screenshot(client: &Client, name: &str) {
    client
        .execute("window.scrollTo(0, 0)", Vec::new())
        .await
        .unwrap();
    let png = client.screenshot().await.unwrap();
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, png).unwrap();
    eprintln!("screenshot: {}", path.display());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_walks_the_fleet_and_creates_a_monitor_in_the_explorer() {
    let Some(chromedriver) = binary("CHROMEDRIVER", &["chromedriver", "chromium-driver"]) else {
        support::service_missing(
            "no chromedriver (install Debian's chromium and chromium-driver, or set CHROMEDRIVER)",
        );
        return;
    };
    let chrome = binary("CHROME", &["chromium", "chromium-browser", "google-chrome"]);
    let base = support::serve_in_process(support::test_state().await).await;
    let driver = Driver::start(&chromedriver).await;
    let client = browser(&driver, chrome.as_deref()).await;

    // A browser asking the API root for HTML lands in the explorer, which opens the root: the
    // demo needs its caller header first.
    client
        .goto(&format!("{base}/connectedcar/v2"))
        .await
        .unwrap();
    status_with(&client, &["/connectedcar/v2", "403"]).await;
    assert!(
        client
            .current_url()
            .await
            .unwrap()
            .path()
            .ends_with("/explorer")
    );
    element(&client, "#request-headers summary")
        .await
        .click()
        .await
        .unwrap();
    element(&client, "#headers")
        .await
        .send_keys("X-Fleet-Id: f1")
        .await
        .unwrap();
    element(&client, "#address button")
        .await
        .click()
        .await
        .unwrap();
    status_with(&client, &["/connectedcar/v2", "200 OK"]).await;

    // Follow `cc:vehicles` (a templated link: its form, left empty), then the next page.
    element(&client, "form[data-rel='cc:vehicles'] button")
        .await
        .click()
        .await
        .unwrap();
    status_with(&client, &["/connectedcar/v2/vehicles", "200 OK"]).await;
    element(&client, "button[data-page='next']")
        .await
        .click()
        .await
        .unwrap();
    status_with(&client, &["/connectedcar/v2/vehicles?offset=", "200 OK"]).await;
    let first = element(&client, "details.embedded summary")
        .await
        .text()
        .await
        .unwrap();
    let vin = first.rsplit('/').next().unwrap().to_owned();
    // An embedded vehicle opens in place, its own links inside.
    element(&client, "details.embedded summary")
        .await
        .click()
        .await
        .unwrap();
    element(
        &client,
        "details.embedded[open] button[data-rel='cc:position']",
    )
    .await;

    // Back to the root, expand `cc:vehicle` with a VIN and follow it, then its position.
    client.back().await.unwrap();
    status_with(&client, &["/connectedcar/v2/vehicles", "200 OK"]).await;
    client.back().await.unwrap();
    status_with(&client, &["/connectedcar/v2 ", "200 OK"]).await;
    element(&client, "form[data-rel='cc:vehicle'] input[name='vin']")
        .await
        .send_keys(&vin)
        .await
        .unwrap();
    element(&client, "form[data-rel='cc:vehicle'] button")
        .await
        .click()
        .await
        .unwrap();
    status_with(
        &client,
        &[&format!("/connectedcar/v2/vehicles/{vin}"), "200 OK"],
    )
    .await;
    save_screenshot(&client, "explorer-vehicle.png").await;
    element(&client, "button[data-rel='cc:position']")
        .await
        .click()
        .await
        .unwrap();
    status_with(&client, &[&format!("/vehicles/{vin}/position"), "200 OK"]).await;

    // The fleet's monitors, and a monitor created through the form the service offers.
    client
        .goto(&format!("{base}/connectedcar/v2/explorer#/connectedcar/v2"))
        .await
        .unwrap();
    status_with(&client, &["/connectedcar/v2 ", "200 OK"]).await;
    element(&client, "form[data-rel='cc:monitors'] button")
        .await
        .click()
        .await
        .unwrap();
    status_with(&client, &["/monitors", "200 OK"]).await;
    let form = "form[data-template='default']";
    let fill = [
        ("label", "Over 130 km/h"),
        (
            "subscribeParam.callback.webhook.target",
            "https://hooks.example.com/cc",
        ),
        (
            "triggerParam.triggers",
            r#"[{"name": "fast", "data": {"data": "vehicle.kinetic.speed", "op": "greaterThan", "value": [130]}}]"#,
        ),
        ("triggerParam.boolExp", "fast"),
    ];
    for (property, value) in fill {
        element(&client, &format!("{form} [data-property='{property}']"))
            .await
            .send_keys(value)
            .await
            .unwrap();
    }
    element(&client, &format!("{form} button[type='submit']"))
        .await
        .click()
        .await
        .unwrap();
    status_with(&client, &["POST", "/monitors", "202 Accepted"]).await;
    let state = element(&client, "section[aria-label='State'] table")
        .await
        .text()
        .await
        .unwrap();
    assert!(state.contains("Running"), "{state}");

    // The response names the new monitor: follow its Location.
    element(&client, "main section[aria-label='Status'] button")
        .await
        .click()
        .await
        .unwrap();
    status_with(&client, &["GET", "/monitors/", "200 OK"]).await;

    save_screenshot(&client, "explorer.png").await;
    client.close().await.unwrap();
}
