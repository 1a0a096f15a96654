//! The explorer in a real browser: headless Chromium driven through WebDriver (chromedriver)
//! walks the demo as a person would, and screenshots of its steps are kept under `target/tmp/`.
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

/// The value of `script` (a JS expression) in the page.
async fn evaluate(client: &Client, script: &str) -> serde_json::Value {
    client
        .execute(&format!("return {script};"), Vec::new())
        .await
        .unwrap()
}

/// Waits until `script` (a JS expression) is true in the page.
async fn until(client: &Client, script: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while evaluate(client, script).await != serde_json::Value::Bool(true) {
        assert!(Instant::now() < deadline, "never true: {script}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn click(client: &Client, css: &str) {
    element(client, css).await.click().await.unwrap();
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
    // Development mode: the explorer offers the first fleet when a request lacks one.
    let state = support::test_state().await.with_explorer_identity("f1");
    let base = support::serve_in_process(state).await;
    let driver = Driver::start(&chromedriver).await;
    let client = browser(&driver, chrome.as_deref()).await;

    // A browser asking the API root for HTML lands in the explorer, which opens the root: the
    // demo's 403 names the header it needs, so the headers dialog opens by itself, the
    // development identity filled in.
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
    until(&client, "document.getElementById('headers-dialog').open").await;
    let headers = evaluate(&client, "document.getElementById('headers').value").await;
    assert_eq!(headers, "x-fleet-id: f1");
    let reason = element(&client, "#headers-reason")
        .await
        .text()
        .await
        .unwrap();
    assert!(reason.contains("x-fleet-id"), "{reason}");
    save_screenshot(&client, "explorer-headers-dialog.png").await;
    click(&client, "#save-headers").await;
    status_with(&client, &["/connectedcar/v2", "200 OK"]).await;
    until(&client, "!document.getElementById('headers-dialog').open").await;
    assert_eq!(
        element(&client, "#headers-count")
            .await
            .text()
            .await
            .unwrap(),
        "(1)"
    );

    // A relation's documentation, read in place from the curie.
    let docs = "#resource tr:has(form[data-rel='cc:fleets']) details.rel-docs";
    click(&client, &format!("{docs} summary")).await;
    until(
        &client,
        &format!("document.querySelector(\"{docs} .docs-text\").textContent.includes('fleets')"),
    )
    .await;

    // The body is highlighted JSON: keys and strings coloured, objects folded and opened.
    let keys = evaluate(
        &client,
        "document.querySelectorAll('#response .json-key').length",
    )
    .await;
    assert!(keys.as_u64().unwrap() > 5, "{keys}");
    click(&client, "#response .json-fold > summary").await;
    until(
        &client,
        "!document.querySelector('#response .json-fold').open",
    )
    .await;

    // Follow `vehicles` (a templated link: its form, left empty), then the next page.
    click(&client, "form[data-rel='vehicles'] button").await;
    status_with(&client, &["/connectedcar/v2/vehicles", "200 OK"]).await;
    click(&client, "button[data-page='next']").await;
    status_with(&client, &["/connectedcar/v2/vehicles?offset=", "200 OK"]).await;
    let first = element(&client, "details.embedded summary")
        .await
        .text()
        .await
        .unwrap();
    let vin = first.rsplit('/').next().unwrap().to_owned();
    // An embedded vehicle opens in place, its own links inside.
    click(&client, "details.embedded summary").await;
    element(
        &client,
        "details.embedded[open] button[data-rel='lastPosition']",
    )
    .await;

    // Back to the root, expand `vehicle` with a VIN and follow it, then its position.
    client.back().await.unwrap();
    status_with(&client, &["/connectedcar/v2/vehicles", "200 OK"]).await;
    client.back().await.unwrap();
    status_with(&client, &["/connectedcar/v2 ", "200 OK"]).await;
    element(&client, "form[data-rel='vehicle'] input[name='vin']")
        .await
        .send_keys(&vin)
        .await
        .unwrap();
    click(&client, "form[data-rel='vehicle'] button").await;
    status_with(
        &client,
        &[&format!("/connectedcar/v2/vehicles/{vin}"), "200 OK"],
    )
    .await;
    save_screenshot(&client, "explorer-vehicle.png").await;
    click(&client, "button[data-rel='lastPosition']").await;
    status_with(&client, &[&format!("/vehicles/{vin}/position"), "200 OK"]).await;

    // Every URL visited is in the history, newest first, and can be opened from it.
    click(&client, "#open-history").await;
    until(&client, "document.getElementById('history-dialog').open").await;
    let visited = element(&client, "#history").await.text().await.unwrap();
    assert!(
        visited.starts_with(&format!("/connectedcar/v2/vehicles/{vin}/position")),
        "{visited}"
    );
    assert!(
        visited.contains("/connectedcar/v2/vehicles?offset="),
        "{visited}"
    );
    evaluate(
        &client,
        "[...document.querySelectorAll('#history button')].find((b) => b.textContent === '/connectedcar/v2').click()",
    )
    .await;
    status_with(&client, &["/connectedcar/v2 ", "200 OK"]).await;

    // The fleet's monitors, and a monitor created through the form the service offers: first
    // with a target that is not a URL, which the service refuses at that field.
    click(&client, "form[data-rel='monitors'] button").await;
    status_with(&client, &["/monitors", "200 OK"]).await;
    let form = "form[data-template='default']";
    let target = format!("{form} [data-property='subscribeParam.callback.webhook.target']");
    let fill = [
        ("label", "Over 130 km/h"),
        ("subscribeParam.callback.webhook.target", "not a url"),
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
    click(&client, &format!("{form} button[type='submit']")).await;
    status_with(&client, &["POST", "/monitors", "400"]).await;
    let invalid = element(&client, &target).await;
    assert_eq!(
        invalid.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    let error_id = invalid.attr("aria-describedby").await.unwrap().unwrap();
    let error = element(&client, &format!("#{error_id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(error.contains("not a URL"), "{error}");
    save_screenshot(&client, "explorer-form-error.png").await;

    // Corrected, it is created.
    invalid.clear().await.unwrap();
    invalid
        .send_keys("https://hooks.example.com/cc")
        .await
        .unwrap();
    click(&client, &format!("{form} button[type='submit']")).await;
    status_with(&client, &["POST", "/monitors", "202 Accepted"]).await;
    let state = element(&client, "section[aria-label='State'] table")
        .await
        .text()
        .await
        .unwrap();
    assert!(state.contains("Running"), "{state}");

    // The response names the new monitor: follow its Location.
    click(&client, "#response section[aria-label='Status'] button").await;
    status_with(&client, &["GET", "/monitors/", "200 OK"]).await;
    save_screenshot(&client, "explorer.png").await;

    // Both themes, chosen by the user and kept across visits.
    click(&client, "#theme").await;
    until(&client, "document.documentElement.dataset.theme === 'dark'").await;
    let background = evaluate(
        &client,
        "getComputedStyle(document.documentElement).backgroundColor",
    )
    .await;
    assert_eq!(background, "rgb(17, 19, 24)");
    save_screenshot(&client, "explorer-dark.png").await;
    client.refresh().await.unwrap();
    status_with(&client, &["GET", "/monitors/", "200 OK"]).await;
    until(&client, "document.documentElement.dataset.theme === 'dark'").await;
    click(&client, "#theme").await;
    until(
        &client,
        "document.documentElement.dataset.theme === 'light'",
    )
    .await;
    let background = evaluate(
        &client,
        "getComputedStyle(document.documentElement).backgroundColor",
    )
    .await;
    assert_eq!(background, "rgb(246, 247, 249)");

    // On a phone-sized screen, one column: the response below the resource, nothing wider
    // than the screen.
    client.set_window_size(390, 844).await.unwrap();
    until(
        &client,
        "document.getElementById('response').getBoundingClientRect().top > document.getElementById('resource').getBoundingClientRect().bottom - 1",
    )
    .await;
    save_screenshot(&client, "explorer-phone.png").await;
    let wider = evaluate(
        &client,
        "[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map((e) => e.tagName + '.' + e.className + '#' + e.id).slice(0, 8)",
    )
    .await;
    assert_eq!(wider, serde_json::json!([]), "wider than a phone's screen");
    client.close().await.unwrap();
}
