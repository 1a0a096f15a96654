//! What a service may tell the client about resources, on two origins on loopback: an
//! embedded resource or an invalidation that names another origin changes nothing the client
//! keeps for that origin. And the reads around embedded copies: a summary that does not read
//! as the type asked for is fetched whole, `refresh` always asks, and every request says who
//! sends it.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use hal_client::Client;
use hal_core::HalResource;
use reqwest::header::{HeaderValue, USER_AGENT};
use url::Url;

const HAL: &str = "application/hal+json";

/// Requests served, by the origin that served them.
#[derive(Clone, Default)]
struct Served(Arc<AtomicUsize>);

impl Served {
    fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

async fn listen(app: Router) -> Url {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    Url::parse(&format!("http://{addr}/")).unwrap()
}

/// Origin B: an account whose owner is alice, fresh for a minute.
async fn bank() -> (Url, Served) {
    let served = Served::default();
    let app = Router::new()
        .route(
            "/account",
            get(|State(served): State<Served>| async move {
                served.0.fetch_add(1, Ordering::SeqCst);
                (
                    [
                        (header::CONTENT_TYPE, HAL),
                        (header::CACHE_CONTROL, "max-age=60"),
                    ],
                    r#"{"_links":{"self":{"href":"/account"}},"owner":"alice"}"#,
                )
            }),
        )
        .with_state(served.clone());
    (listen(app).await, served)
}

/// Origin A: a document that embeds B's account with another owner, and a write whose answer
/// claims to invalidate B's account.
async fn mallory(bank: &Url) -> Url {
    let account = bank.join("/account").unwrap().to_string();
    let page = format!(
        r#"{{"_links":{{"self":{{"href":"/page"}}}},"_embedded":{{"account":{{"_links":{{"self":{{"href":"{account}"}}}},"owner":"mallory"}}}}}}"#
    );
    let invalidates = format!(r#"<{account}>; rel="invalidates""#);
    let app = Router::new()
        .route(
            "/page",
            get(move || {
                let page = page.clone();
                async move {
                    (
                        [
                            (header::CONTENT_TYPE, HAL),
                            (header::CACHE_CONTROL, "max-age=60"),
                        ],
                        page,
                    )
                }
            }),
        )
        .route(
            "/write",
            post(move || {
                let invalidates = invalidates.clone();
                async move {
                    (
                        StatusCode::NO_CONTENT,
                        [
                            (header::LINK, invalidates.clone()),
                            (
                                header::LOCATION,
                                invalidates[1..invalidates.find('>').unwrap()].to_owned(),
                            ),
                        ],
                    )
                }
            }),
        );
    listen(app).await
}

#[tokio::test]
async fn a_resource_embedded_by_another_origin_is_used_in_place_and_never_cached() {
    let (bank, served) = bank().await;
    let mallory = mallory(&bank).await;
    let client = Client::new();

    let planted = client
        .root(mallory.join("/page").unwrap())
        .follow("account")
        .get()
        .await
        .unwrap();
    assert_eq!(
        planted.resource().state()["owner"],
        "mallory",
        "used in place"
    );
    assert_eq!(served.count(), 0);

    let real = client
        .root(bank.join("/account").unwrap())
        .get()
        .await
        .unwrap();
    assert_eq!(
        real.resource().state()["owner"],
        "alice",
        "the bank's own word"
    );
    assert_eq!(
        served.count(),
        1,
        "asked the bank: nothing was cached for it"
    );
}

#[tokio::test]
async fn another_origin_cannot_invalidate_what_the_client_keeps() {
    let (bank, served) = bank().await;
    let mallory = mallory(&bank).await;
    let client = Client::new();
    let account = client.root(bank.join("/account").unwrap());
    account.get().await.unwrap();
    assert_eq!(served.count(), 1);

    // `Link: rel=invalidates` and `Location` naming the bank's account, from another origin.
    client
        .root(mallory.join("/write").unwrap())
        .post(&serde_json::json!({}))
        .await
        .unwrap();

    account.get().await.unwrap();
    assert_eq!(served.count(), 1, "still fresh in the cache");
}

/// A book embeds a two-member summary of its author; the author has more.
async fn library() -> (Url, Served) {
    let served = Served::default();
    let app = Router::new()
        .route(
            "/books/1",
            get(|State(served): State<Served>| async move {
                served.0.fetch_add(1, Ordering::SeqCst);
                (
                    [(header::CONTENT_TYPE, HAL), (header::CACHE_CONTROL, "max-age=60"), (header::HeaderName::from_static("x-shelf"), "B7")],
                    r#"{"_links":{"self":{"href":"/books/1"},"author":{"href":"/authors/1"}},"title":"Emma","_embedded":{"author":{"_links":{"self":{"href":"/authors/1"}},"name":"Jane Austen"}}}"#,
                )
            }),
        )
        .route(
            "/authors/1",
            get(|State(served): State<Served>| async move {
                served.0.fetch_add(1, Ordering::SeqCst);
                (
                    [(header::CONTENT_TYPE, HAL), (header::CACHE_CONTROL, "max-age=60")],
                    r#"{"_links":{"self":{"href":"/authors/1"}},"name":"Jane Austen","born":1775}"#,
                )
            }),
        )
        .route(
            "/agent",
            get(|headers: HeaderMap| async move {
                let agent = headers
                    .get(header::USER_AGENT)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_owned();
                ([(header::CONTENT_TYPE, HAL)], format!(r#"{{"agent":"{agent}"}}"#))
            }),
        )
        .route(
            "/gone",
            get(|| async {
                (
                    StatusCode::GONE,
                    [(header::CONTENT_TYPE, "application/problem+json")],
                    r#"{"detail":"withdrawn in 2019","title":7,"code":"W19"}"#,
                )
                    .into_response()
            }),
        )
        .with_state(served.clone());
    (listen(app).await, served)
}

#[derive(Debug, serde::Serialize, serde::Deserialize, HalResource)]
struct Author {
    name: String,
    born: u16,
}

#[derive(Debug, serde::Serialize, serde::Deserialize, HalResource)]
struct AuthorName {
    name: String,
}

#[tokio::test]
async fn an_embedded_summary_that_does_not_fit_is_fetched_whole() {
    let (library, served) = library().await;
    let client = Client::new();
    let book = client.root(library.join("/books/1").unwrap());
    // `follow` borrows: one target, two relations.
    let author = book.follow("author");

    let name: AuthorName = author.get_as().await.unwrap();
    assert_eq!(name.name, "Jane Austen");
    assert_eq!(
        served.count(),
        1,
        "the summary fits: no request for the author"
    );

    let whole: Author = author.get_as().await.unwrap();
    assert_eq!(whole.born, 1775);
    assert_eq!(
        served.count(),
        2,
        "the summary lacks `born`: the author was fetched"
    );

    // The summary says it came embedded; the error of a type nothing fits says where it looked.
    let copy = author.get().await.unwrap();
    assert_eq!(copy.embedded_in(), Some(&library.join("/books/1").unwrap()));
    assert!(copy.headers().is_empty());
    let read = book.get().await.unwrap();
    assert_eq!(
        read.headers()["x-shelf"],
        "B7",
        "a fetched document keeps its headers"
    );
}

#[tokio::test]
async fn refresh_always_asks_the_service() {
    let (library, served) = library().await;
    let client = Client::new();
    let book = client.root(library.join("/books/1").unwrap());
    book.get().await.unwrap();
    book.get().await.unwrap();
    assert_eq!(served.count(), 1, "fresh for a minute");
    let fresh = book.refresh().await.unwrap();
    assert_eq!(served.count(), 2);
    assert_eq!(fresh.resource().state()["title"], "Emma");
    // And an embedded copy is refreshed from its own URL.
    let author = book.follow("author").refresh().await.unwrap();
    assert_eq!(author.resource().state()["born"], 1775);
    assert!(author.embedded_in().is_none());
}

#[tokio::test]
async fn requests_say_who_sends_them_and_a_target_can_say_otherwise() {
    let (library, _) = library().await;
    let client = Client::new();
    let agent = client.root(library.join("/agent").unwrap());
    let default = agent.refresh().await.unwrap();
    assert_eq!(
        default.resource().state()["agent"],
        format!("hal-client/{}", env!("CARGO_PKG_VERSION"))
    );
    let custom = agent
        .with_header(USER_AGENT, HeaderValue::from_static("shelf-sync/1.0"))
        .refresh()
        .await
        .unwrap();
    assert_eq!(custom.resource().state()["agent"], "shelf-sync/1.0");
}

#[tokio::test]
async fn a_problem_of_any_shape_is_kept() {
    let (library, _) = library().await;
    let error = Client::new()
        .root(library.join("/gone").unwrap())
        .get()
        .await
        .unwrap_err();
    let problem = error.problem().expect("the problem document");
    // No `status`, a `title` that is not a string: the response's status and reason instead.
    assert_eq!((problem.status(), problem.title()), (410, "Gone"));
    assert_eq!(problem.detail(), Some("withdrawn in 2019"));
    assert_eq!(problem.member("code"), Some(&serde_json::json!("W19")));
}

/// A slow resource that counts its requests and is never stored: only de-duplication can
/// spare a request.
async fn slow() -> (Url, Served) {
    let served = Served::default();
    let app = Router::new()
        .route(
            "/slow",
            get(
                |State(served): State<Served>, headers: HeaderMap| async move {
                    let n = served.0.fetch_add(1, Ordering::SeqCst) + 1;
                    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
                    let who = headers
                        .get("x-who")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-")
                        .to_owned();
                    (
                        [
                            (header::CONTENT_TYPE, HAL),
                            (header::CACHE_CONTROL, "no-store"),
                            (header::LINK, r#"</slow/next>; rel="next""#),
                        ],
                        format!(r#"{{"n":{n},"who":"{who}"}}"#),
                    )
                },
            ),
        )
        .with_state(served.clone());
    (listen(app).await, served)
}

#[tokio::test]
async fn concurrent_reads_of_one_url_share_one_request_and_its_answer() {
    let (base, served) = slow().await;
    let client = Client::new();
    let slow = client.root(base.join("/slow").unwrap());
    let (a, b) = tokio::join!(slow.get(), slow.get());
    assert_eq!(served.count(), 1, "one request for both");
    assert_eq!(a.unwrap().resource().state()["n"], 1);
    assert_eq!(b.unwrap().resource().state()["n"], 1, "the same answer");

    // Other headers are another request.
    let ada = slow.with_header(
        header::HeaderName::from_static("x-who"),
        HeaderValue::from_static("ada"),
    );
    let (a, b) = tokio::join!(ada.get(), slow.get());
    assert_eq!(served.count(), 3);
    assert_eq!(a.unwrap().resource().state()["who"], "ada");
    assert_eq!(b.unwrap().resource().state()["who"], "-");

    // Done is done: the next read asks again (nothing was stored).
    slow.get().await.unwrap();
    assert_eq!(served.count(), 4);
}

#[tokio::test]
async fn head_reads_headers_and_links_and_fetch_reads_anything() {
    let (base, served) = slow().await;
    let client = Client::new();
    let slow = client.root(base.join("/slow").unwrap());
    let head = slow.head().await.unwrap();
    assert!(head.resource().state().is_empty(), "no body");
    let next = head.resource().links().get("next").unwrap();
    assert_eq!(next.href(), "/slow/next");
    assert_eq!(head.headers()[header::CACHE_CONTROL], "no-store");
    assert_eq!(served.count(), 1);

    let (library, _) = library().await;
    let gone = client
        .root(library.join("/gone").unwrap())
        .fetch(reqwest::Method::GET, None)
        .await
        .unwrap();
    assert_eq!(gone.status(), StatusCode::GONE, "a status, not an error");
    assert_eq!(
        gone.headers()[header::CONTENT_TYPE],
        "application/problem+json"
    );
    let problem = hal_core::Problem::from_response(gone.body(), 410, "Gone").unwrap();
    assert_eq!(problem.detail(), Some("withdrawn in 2019"));
}

/// A middleware runs around the requests to its origin only, sees the response, and may
/// change the request.
#[tokio::test]
async fn middleware_runs_for_its_origin_before_and_after() {
    use futures_util::future::BoxFuture;
    use hal_client::middleware::{Middleware, Next};

    #[derive(Clone, Default)]
    struct Seen(Arc<std::sync::Mutex<Vec<(String, u16)>>>);

    impl Middleware for Seen {
        fn handle<'a>(
            &'a self,
            mut request: reqwest::Request,
            next: Next<'a>,
        ) -> BoxFuture<'a, Result<reqwest::Response, hal_client::Error>> {
            Box::pin(async move {
                request
                    .headers_mut()
                    .insert(USER_AGENT, HeaderValue::from_static("seen/1"));
                let path = request.url().path().to_owned();
                let response = next.run(request).await?;
                self.0
                    .lock()
                    .unwrap()
                    .push((path, response.status().as_u16()));
                Ok(response)
            })
        }
    }

    let (library, _) = library().await;
    let (bank, _) = bank().await;
    let seen = Seen::default();
    let client = Client::builder()
        .middleware_for(&library, seen.clone())
        .build()
        .unwrap();
    let agent = client
        .root(library.join("/agent").unwrap())
        .get()
        .await
        .unwrap();
    assert_eq!(agent.resource().state()["agent"], "seen/1", "before");
    client
        .root(library.join("/gone").unwrap())
        .get()
        .await
        .unwrap_err();
    client
        .root(bank.join("/account").unwrap())
        .get()
        .await
        .unwrap();
    assert_eq!(
        *seen.0.lock().unwrap(),
        [("/agent".to_owned(), 200), ("/gone".to_owned(), 410)],
        "after, and for its origin only"
    );
}
