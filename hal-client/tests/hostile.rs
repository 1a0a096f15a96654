//! hal-client against a hostile server on loopback: every bad answer is a typed error that
//! names where it happened, within bounded time and memory.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::StreamExt;
use hal_client::{Client, ErrorKind};
use hal_paging::PagerError;
use url::Url;

fn hal(body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, "application/hal+json")], body).into_response()
}

async fn start() -> SocketAddr {
    let app = Router::new()
        .route(
            "/redirect-loop",
            get(|| async { (StatusCode::FOUND, [(header::LOCATION, "/redirect-loop")]) }),
        )
        .route(
            "/next-loop",
            get(|| async {
                hal(r#"{"_links":{"next":{"href":"/next-loop"}},"_embedded":{"item":[{"n":1}]}}"#)
            }),
        )
        .route(
            "/huge",
            get(|| async {
                let body = vec![b' '; 50 * 1024 * 1024];
                ([(header::CONTENT_TYPE, "application/hal+json")], body)
            }),
        )
        .route(
            "/endless",
            get(|| async {
                let chunks = futures_util::stream::repeat_with(|| {
                    Ok::<_, std::io::Error>(axum::body::Bytes::from_static(&[b' '; 1024]))
                });
                Response::builder()
                    .header(header::CONTENT_TYPE, "application/hal+json")
                    .body(Body::from_stream(chunks))
                    .unwrap()
            }),
        )
        .route(
            "/silent",
            get(|| async {
                let never =
                    futures_util::stream::pending::<Result<axum::body::Bytes, std::io::Error>>();
                Response::builder()
                    .header(header::CONTENT_TYPE, "application/hal+json")
                    .body(Body::from_stream(never))
                    .unwrap()
            }),
        )
        .route("/text", get(|| async { "not HAL" }))
        .route(
            "/old/place",
            get(|| async { (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, "/dir/doc")]) }),
        )
        .route(
            "/dir/doc",
            get(|| async { hal(r#"{"_links":{"self":{"href":"doc"},"sibling":{"href":"sibling"}}}"#) }),
        )
        .route(
            "/dir/sibling",
            get(|| async { hal(r#"{"_links":{"self":{"href":"/dir/sibling"}},"found":true}"#) }),
        )
        .route(
            "/deprecating",
            get(|| async {
                hal(r#"{"_links":{"old":{"href":"/text","deprecation":"https://docs.example.com/old"}}}"#)
            }),
        )
        .route(
            "/with-link-header",
            get(|| async {
                (
                    [
                        (header::CONTENT_TYPE, "application/hal+json"),
                        (
                            header::LINK,
                            r#"</next-loop>; rel="next", </other>; rel="self""#,
                        ),
                    ],
                    r#"{"_links":{"self":{"href":"/with-link-header"}}}"#,
                )
            }),
        )
        .route("/invalid", get(|| async { hal(r#"{"_links":[]}"#) }))
        .route(
            "/root",
            get(|| async {
                hal(r#"{"_links":{"broken":{"href":"/invalid"},"loop":{"href":"/next-loop"}}}"#)
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

fn url(addr: SocketAddr, path: &str) -> Url {
    Url::parse(&format!("http://{addr}{path}")).unwrap()
}

#[tokio::test]
async fn a_redirect_loop_is_an_http_error() {
    let addr = start().await;
    let error = Client::new()
        .root(url(addr, "/redirect-loop"))
        .get()
        .await
        .unwrap_err();
    assert!(error.is_redirect(), "{error}");
}

#[tokio::test]
async fn a_next_loop_ends_the_walk_with_an_error() {
    let addr = start().await;
    let results: Vec<_> = Client::new()
        .root(url(addr, "/root"))
        .follow("loop")
        .items::<Item>("item")
        .collect()
        .await;
    assert_eq!(results.len(), 2, "the item, then the loop");
    let error = results[1].as_ref().unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Paging)
            && matches!(
                std::error::Error::source(&error).and_then(|s| s.downcast_ref::<PagerError>()),
                Some(PagerError::Loop { .. })
            ),
        "{error}"
    );
    assert_eq!(error.path(), ["loop"]);
}

#[derive(serde::Serialize, serde::Deserialize, hal_core::HalResource, Debug)]
struct Item {
    n: u64,
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused_without_reading_them() {
    let addr = start().await;
    let client = Client::builder().max_body_bytes(64 * 1024).build().unwrap();
    let started = Instant::now();
    // 50 MB announced: refused at its Content-Length.
    let huge = client.root(url(addr, "/huge")).get().await.unwrap_err();
    assert!(
        matches!(huge.kind(), ErrorKind::TooLarge { limit: 65_536 }),
        "{huge}"
    );
    // A body that never ends: refused once it passes the limit.
    let endless = client.root(url(addr, "/endless")).get().await.unwrap_err();
    assert!(
        matches!(endless.kind(), ErrorKind::TooLarge { .. }),
        "{endless}"
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn a_silent_body_is_cut_off_by_the_timeout() {
    let addr = start().await;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = Client::with_http(http)
        .root(url(addr, "/silent"))
        .get()
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn wrong_content_types_and_invalid_hal_are_named() {
    let addr = start().await;
    let client = Client::new();
    let text = client.root(url(addr, "/text")).get().await.unwrap_err();
    assert!(
        matches!(text.kind(), ErrorKind::NotHal { content_type: Some(t) } if t.starts_with("text/plain")),
        "{text}"
    );
    let invalid = client
        .root(url(addr, "/root"))
        .follow("broken")
        .get()
        .await
        .unwrap_err();
    assert!(invalid.is_parse(), "{invalid:?}");
    let parse = invalid.parse_error().expect("the parse error is kept");
    assert_eq!(parse.path().to_string(), "$._links");
    assert_eq!(invalid.path(), ["broken"]);
    assert_eq!(invalid.url().map(Url::path), Some("/invalid"));
}

#[tokio::test]
async fn link_headers_join_the_document_s_links() {
    let addr = start().await;
    let document = Client::new()
        .root(url(addr, "/with-link-header"))
        .get()
        .await
        .unwrap();
    let links = document.resource().links();
    assert_eq!(links.get("next").map(|l| l.href()), Some("/next-loop"));
    assert_eq!(
        links.get("self").map(|l| l.href()),
        Some("/with-link-header"),
        "the document's own links win"
    );
    // And they are followed like the document's.
    let next = Client::new()
        .root(url(addr, "/with-link-header"))
        .follow("next")
        .get()
        .await
        .unwrap();
    assert_eq!(next.url().path(), "/next-loop");
}

/// Writes what the subscriber logs into a buffer the test reads.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_deprecated_link_is_warned_about_once() {
    let addr = start().await;
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let client = Client::new();
    for _ in 0..3 {
        // The target answers text: the walk fails after following the link, which is enough.
        let _ = client
            .root(url(addr, "/deprecating"))
            .follow("old")
            .get()
            .await;
    }
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert_eq!(
        log.matches("following a deprecated link").count(),
        1,
        "{log}"
    );
    assert!(log.contains("https://docs.example.com/old"), "{log}");
}

/// A relative href resolves against the document's URL after redirects (RFC 3986 §5), not
/// against the URL first asked for.
#[tokio::test]
async fn relative_links_resolve_against_the_url_after_redirects() {
    let addr = start().await;
    let sibling = Client::new()
        .root(url(addr, "/old/place"))
        .follow("sibling")
        .get()
        .await
        .unwrap();
    assert_eq!(sibling.url().path(), "/dir/sibling");
    assert_eq!(sibling.resource().state()["found"], true);
}
