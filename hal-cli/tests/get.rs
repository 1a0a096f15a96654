//! `hal get` (the real binary) against a small HAL API on loopback.

use std::net::SocketAddr;
use std::process::{Command, Output};

use axum::Router;
use axum::extract::Query;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;

fn hal(body: String) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/hal+json")], body)
}

/// Serves on a thread of its own: the binary under test blocks this one.
fn start() -> SocketAddr {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async move {
            let app = Router::new()
                .route(
                    "/",
                    get(|headers: HeaderMap| async move {
                        let who = headers
                            .get("x-who")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("nobody")
                            .to_owned();
                        hal(format!(
                            r#"{{"_links":{{"self":{{"href":"/"}},"items":{{"href":"/items"}},"item":{{"href":"/items/{{id}}","templated":true}}}},"who":"{who}"}}"#
                        ))
                    }),
                )
                .route(
                    "/items",
                    get(|Query(query): Query<std::collections::HashMap<String, u32>>| async move {
                        let page = query.get("page").copied().unwrap_or(1);
                        let next = if page < 3 {
                            format!(r#","next":{{"href":"/items?page={}"}}"#, page + 1)
                        } else {
                            String::new()
                        };
                        hal(format!(
                            r#"{{"_links":{{"self":{{"href":"/items?page={page}"}}{next}}},"_embedded":{{"item":[{{"n":{a}}},{{"n":{b}}}]}}}}"#,
                            a = page * 2 - 1,
                            b = page * 2
                        ))
                    }),
                )
                .route(
                    "/items/{id}",
                    get(|| async {
                        (
                            StatusCode::NOT_FOUND,
                            [(header::CONTENT_TYPE, "application/problem+json")],
                            r#"{"type":"about:blank","title":"Not Found","status":404,"detail":"no item 9"}"#,
                        )
                    }),
                );
            let app = app
                .route(
                    "/crawl",
                    get(|| async {
                        hal(r#"{"_links":{"curies":[{"name":"d","href":"/docs/{rel}","templated":true}],"d:good":{"href":"/thing"},"d:gone":{"href":"/thing"},"self":{"href":"/crawl"},"broken":{"href":"/nowhere"},"text":{"href":"/plain"},"bad":{"href":"/bad-hal"},"search":{"href":"/crawl{?q}","templated":true},"one":{"href":"/items/{id}","templated":true},"away":{"href":"https://elsewhere.example/"}},"_embedded":{"thing":{"_links":{"self":{"href":"/thing"}},"v":1,"summary":true}}}"#.to_owned())
                    }),
                )
                .route("/plain", get(|| async { "plain text" }))
                .route(
                    "/docs/good",
                    get(|| async { ([(header::CONTENT_TYPE, "text/html")], "<p>good</p>") }),
                )
                .route(
                    "/bad-hal",
                    get(|| async { hal(r#"{"_links":{"self":{"href":"/bad-hal{","templated":true}}}"#.to_owned()) }),
                )
                .route(
                    "/thing",
                    get(|| async { hal(r#"{"_links":{"self":{"href":"/thing"}},"v":2}"#.to_owned()) }),
                );
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            sender.send(listener.local_addr().unwrap()).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    receiver.recv().unwrap()
}

/// Standard output read as one JSON value a line.
fn ndjson(output: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn hal_get(args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_hal"))
        .arg("get")
        .args(args)
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&output.stderr).contains("panicked"));
    output
}

#[test]
fn gets_follows_and_lists_items_across_pages() {
    let addr = start();
    let root = format!("http://{addr}/");
    let output = hal_get(&[&root, "-H", "X-Who: ada"]);
    assert_eq!(output.status.code(), Some(0));
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["who"], "ada", "the header was sent");
    assert!(!output.stdout.contains(&0x1b), "no colour into a pipe");
    let coloured = hal_get(&[&root, "--color", "always"]);
    assert!(String::from_utf8_lossy(&coloured.stdout).contains("\u{1b}[34m\"who\""));

    let output = hal_get(&[&root, "--follow", "items", "--items", "item"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines = ndjson(&output);
    let numbers: Vec<u64> = lines.iter().map(|l| l["n"].as_u64().unwrap()).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6], "three pages, one item a line");

    let output = hal_get(&[&root, "--follow", "items", "--all-pages"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let pages = ndjson(&output);
    let selves: Vec<&str> = pages
        .iter()
        .map(|p| p["_links"]["self"]["href"].as_str().unwrap())
        .collect();
    assert_eq!(selves, ["/items?page=1", "/items?page=2", "/items?page=3"]);
}

/// `--follow` to a relation the document embeds prints the resource itself, fetched from its
/// `self`, not the copy (often a summary) embedded on the way.
#[test]
fn follow_prints_the_whole_resource_not_its_embedded_copy() {
    let addr = start();
    let crawl = format!("http://{addr}/crawl");
    let output = hal_get(&[&crawl, "--follow", "thing"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let thing: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(thing["v"], 2, "{thing}");
    assert!(thing.get("summary").is_none(), "{thing}");
}

#[test]
fn errors_print_the_problem_and_exit_1() {
    let addr = start();
    let root = format!("http://{addr}/");
    let output = hal_get(&[&root, "--follow", "item?id=9"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("404 Not Found"), "{stderr}");
    assert!(stderr.contains("  detail: no item 9"), "{stderr}");

    let output = hal_get(&[&root, "--follow", "nothing"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("no `nothing` link or embedded resource")
    );

    let output = hal_get(&["http://127.0.0.1:9/"]);
    assert_eq!(output.status.code(), Some(2), "nothing listens on port 9");
}

#[test]
fn crawl_reports_what_is_wrong_and_exits_1() {
    let addr = start();
    let output = Command::new(env!("CARGO_BIN_EXE_hal"))
        .args(["crawl", "--json", &format!("http://{addr}/crawl")])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines = ndjson(&output);
    let kinds: Vec<&str> = lines.iter().map(|l| l["kind"].as_str().unwrap()).collect();
    for kind in [
        "brokenLink",
        "brokenDocs",
        "notHal",
        "lintErrors",
        "embeddedDiffers",
        "notFollowed",
        "summary",
    ] {
        assert!(kinds.contains(&kind), "{kind} missing from {lines:#?}");
    }
    let broken = lines.iter().find(|l| l["kind"] == "brokenLink").unwrap();
    assert_eq!(broken["rel"], "broken");
    assert_eq!(broken["error"], "404 Not Found");
    let differs = lines
        .iter()
        .find(|l| l["kind"] == "embeddedDiffers")
        .unwrap();
    assert_eq!(differs["members"], serde_json::json!(["v"]));
    // The CURIE's documentation is fetched: `d:good`'s answers, `d:gone`'s does not.
    let docs: Vec<&serde_json::Value> =
        lines.iter().filter(|l| l["kind"] == "brokenDocs").collect();
    assert_eq!(docs.len(), 1, "{docs:#?}");
    assert_eq!(docs[0]["rel"], "d:gone");
    assert!(docs[0]["url"].as_str().unwrap().ends_with("/docs/gone"));
    assert_eq!(docs[0]["error"], "404 Not Found");
    // What was not followed is listed, each with why.
    let not_followed: Vec<(&str, &str)> = lines
        .iter()
        .filter(|l| l["kind"] == "notFollowed")
        .map(|l| (l["rel"].as_str().unwrap(), l["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        not_followed,
        [("one", "needsValues"), ("away", "otherOrigin")],
        "the templated item and the other origin"
    );
    let summary = lines.last().unwrap();
    assert_eq!(summary["notFollowed"], 2);

    let unreadable = Command::new(env!("CARGO_BIN_EXE_hal"))
        .args(["crawl", "http://127.0.0.1:9/"])
        .output()
        .unwrap();
    assert_eq!(unreadable.status.code(), Some(2));
}
