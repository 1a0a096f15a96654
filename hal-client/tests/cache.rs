//! The client's cache against a server on loopback that counts its requests: fresh documents
//! cost none, stale ones are revalidated (304, no body), and unsafe requests and
//! `Link: rel=invalidates` make the next read go to the server.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use hal_client::Client;
use url::Url;

#[derive(Clone, Default)]
struct Counts {
    chain: Arc<AtomicUsize>,
    fresh: Arc<AtomicUsize>,
    revalidating: Arc<AtomicUsize>,
    not_modified: Arc<AtomicUsize>,
}

const HAL: &str = "application/hal+json";

async fn start() -> (SocketAddr, Counts) {
    let counts = Counts::default();
    let app = Router::new()
        .route(
            "/fresh",
            get(|State(counts): State<Counts>| async move {
                counts.fresh.fetch_add(1, Ordering::SeqCst);
                (
                    [
                        (header::CONTENT_TYPE, HAL),
                        (header::CACHE_CONTROL, "max-age=60"),
                    ],
                    r#"{"_links":{"self":{"href":"/fresh"}},"n":1}"#,
                )
            })
            .put(|| async { StatusCode::NO_CONTENT }),
        )
        .route(
            "/elsewhere",
            axum::routing::post(|| async {
                (
                    StatusCode::NO_CONTENT,
                    [(header::LINK, r#"</fresh>; rel="invalidates""#)],
                )
            }),
        )
        .route(
            "/revalidate",
            get(
                |State(counts): State<Counts>, headers: HeaderMap| async move {
                    counts.revalidating.fetch_add(1, Ordering::SeqCst);
                    let matches = headers
                        .get(header::IF_NONE_MATCH)
                        .is_some_and(|tag| tag == "\"v1\"");
                    if matches {
                        counts.not_modified.fetch_add(1, Ordering::SeqCst);
                        return Response::builder()
                            .status(StatusCode::NOT_MODIFIED)
                            .header(header::ETAG, "\"v1\"")
                            .body(axum::body::Body::empty())
                            .unwrap_or_default();
                    }
                    (
                        [
                            (header::CONTENT_TYPE, HAL),
                            (header::CACHE_CONTROL, "private, no-cache"),
                            (header::ETAG, "\"v1\""),
                        ],
                        r#"{"_links":{"self":{"href":"/revalidate"}},"n":2}"#,
                    )
                        .into_response()
                },
            ),
        )
        .route(
            "/chain",
            get(|State(counts): State<Counts>| async move {
                counts.chain.fetch_add(1, Ordering::SeqCst);
                (
                    [(header::CONTENT_TYPE, HAL), (header::CACHE_CONTROL, "max-age=60")],
                    r#"{"_links":{"self":{"href":"/chain"},"item":{"href":"/chain/item"}},"_embedded":{"owner":{"_links":{"self":{"href":"/chain/owner"}},"name":"Ada"}}}"#,
                )
            }),
        )
        .route(
            "/chain/item",
            get(|State(counts): State<Counts>| async move {
                counts.chain.fetch_add(1, Ordering::SeqCst);
                (
                    [(header::CONTENT_TYPE, HAL), (header::CACHE_CONTROL, "max-age=60")],
                    r#"{"_links":{"self":{"href":"/chain/item"}},"n":7}"#,
                )
            }),
        )
        .with_state(counts.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (addr, counts)
}

fn url(addr: SocketAddr, path: &str) -> Url {
    Url::parse(&format!("http://{addr}{path}")).unwrap()
}

#[tokio::test]
async fn a_fresh_document_is_served_without_a_request() {
    let (addr, counts) = start().await;
    let client = Client::new();
    for _ in 0..3 {
        let document = client.root(url(addr, "/fresh")).get().await.unwrap();
        assert_eq!(document.resource().state()["n"], 1);
    }
    assert_eq!(counts.fresh.load(Ordering::SeqCst), 1);
    assert_eq!(client.cache_stats().fresh_hits, 2);

    // Turned off, every read is a request.
    let uncached = Client::builder().cache_entries(0).build().unwrap();
    for _ in 0..2 {
        uncached.root(url(addr, "/fresh")).get().await.unwrap();
    }
    assert_eq!(counts.fresh.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_stale_document_is_revalidated_with_its_etag() {
    let (addr, counts) = start().await;
    let client = Client::new();
    for _ in 0..3 {
        let document = client.root(url(addr, "/revalidate")).get().await.unwrap();
        assert_eq!(document.resource().state()["n"], 2);
    }
    assert_eq!(
        counts.revalidating.load(Ordering::SeqCst),
        3,
        "no-cache: asked each time"
    );
    assert_eq!(
        counts.not_modified.load(Ordering::SeqCst),
        2,
        "but answered 304"
    );
    assert_eq!(client.cache_stats().revalidated, 2);
}

#[tokio::test]
async fn unsafe_requests_and_invalidates_links_make_the_next_read_fetch() {
    let (addr, counts) = start().await;
    let client = Client::new();
    let fresh = client.root(url(addr, "/fresh"));
    fresh.get().await.unwrap();
    fresh.put(&serde_json::json!({"n": 3})).await.unwrap();
    fresh.get().await.unwrap();
    assert_eq!(
        counts.fresh.load(Ordering::SeqCst),
        2,
        "the PUT made it stale"
    );

    // A POST elsewhere whose response says `Link: </fresh>; rel="invalidates"`.
    let other = client.root(url(addr, "/elsewhere"));
    let posted = other.post(&serde_json::json!({})).await;
    assert!(posted.is_err(), "no Location: the POST's own error");
    fresh.get().await.unwrap();
    assert_eq!(counts.fresh.load(Ordering::SeqCst), 3);
}

/// The requests a follow chain costs: the cache saves the second reading of a chain, and an
/// embedded relation costs none at all.
#[tokio::test]
async fn requests_saved_on_a_follow_chain() {
    let (addr, counts) = start().await;
    let client = Client::new();
    let item = client.root(url(addr, "/chain")).follow("item");
    assert_eq!(item.get().await.unwrap().resource().state()["n"], 7);
    assert_eq!(counts.chain.load(Ordering::SeqCst), 2, "root and item");
    item.get().await.unwrap();
    assert_eq!(
        counts.chain.load(Ordering::SeqCst),
        2,
        "the second reading: none"
    );
    let owner = client
        .root(url(addr, "/chain"))
        .follow("owner")
        .get()
        .await
        .unwrap();
    assert_eq!(owner.resource().state()["name"], "Ada");
    assert_eq!(owner.url().path(), "/chain/owner", "at its own self");
    assert_eq!(
        counts.chain.load(Ordering::SeqCst),
        2,
        "embedded: no request"
    );
    // The embedded resource is in the cache under its own self, as fresh as its page.
    let direct = client.root(url(addr, "/chain/owner")).get().await.unwrap();
    assert_eq!(direct.resource().state()["name"], "Ada");
    assert_eq!(
        counts.chain.load(Ordering::SeqCst),
        2,
        "read from the cache"
    );
    assert_eq!(client.cache_stats().fresh_hits, 4);
    // Without the cache: every reading pays every hop; the embedded one still none.
    let uncached = Client::builder().cache_entries(0).build().unwrap();
    let item = uncached.root(url(addr, "/chain")).follow("item");
    item.get().await.unwrap();
    item.get().await.unwrap();
    uncached
        .root(url(addr, "/chain"))
        .follow("owner")
        .get()
        .await
        .unwrap();
    assert_eq!(counts.chain.load(Ordering::SeqCst), 2 + 5);
}

#[tokio::test]
async fn the_cache_keeps_at_most_its_size() {
    let (addr, counts) = start().await;
    let client = Client::builder().cache_entries(1).build().unwrap();
    client.root(url(addr, "/fresh")).get().await.unwrap();
    client.root(url(addr, "/chain")).get().await.unwrap();
    // `/chain` took the only place: `/fresh` is asked again.
    client.root(url(addr, "/fresh")).get().await.unwrap();
    assert_eq!(counts.fresh.load(Ordering::SeqCst), 2);
    client.root(url(addr, "/fresh")).get().await.unwrap();
    assert_eq!(counts.fresh.load(Ordering::SeqCst), 2, "and kept again");
}
