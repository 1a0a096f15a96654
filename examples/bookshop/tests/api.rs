//! The bookshop served for real (`hal_axum::serve` on loopback, a SQLite file in a temporary
//! directory), driven by its own client program and by plain HTTP.

use std::path::Path;

use bookshop::client::{AuthorName, BookView};
use bookshop::resources::NewBook;
use hal_client::url::Url;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH, LOCATION};
use serde_json::{Value, json};
use tokio::sync::oneshot;

/// A running bookshop: its root, and how to stop it (gracefully, as Ctrl-C would).
struct Bookshop {
    root: Url,
    stop: oneshot::Sender<()>,
    served: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Bookshop {
    async fn start(database: &Path) -> Self {
        let db = bookshop::open(database).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let root = Url::parse(&format!("http://{}/", listener.local_addr().unwrap())).unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let served = tokio::spawn(hal_axum::serve::serve(
            listener,
            bookshop::router(db),
            hal_axum::serve::ServeConfig::default(),
            async {
                let _ = stopped.await;
            },
        ));
        Self { root, stop, served }
    }

    fn url(&self, path: &str) -> Url {
        self.root.join(path).unwrap()
    }

    /// Stops serving and waits for the drain: serving ends without an error.
    async fn stop(self) {
        self.stop.send(()).unwrap();
        self.served.await.unwrap().unwrap();
    }
}

fn frankenstein_sequel() -> NewBook {
    NewBook {
        title: "Mathilda".into(),
        isbn: "9780141192307".into(),
        year: 1819,
        author_id: 1,
    }
}

/// The client program's two operations, as the guide shows them: the catalogue across pages
/// (5 books a page, so authors' and books' `next` links are followed), and a book added
/// through the served form, read back with its author's embedded summary.
#[tokio::test]
async fn the_client_reads_the_catalogue_and_adds_a_book_through_the_form() {
    let directory = tempfile::tempdir().unwrap();
    let shop = Bookshop::start(&directory.path().join("bookshop.db")).await;
    let client = hal_client::Client::new();

    let catalogue = bookshop::client::catalogue(&client, &shop.root)
        .await
        .unwrap();
    let names: Vec<&str> = catalogue.iter().map(|(a, _)| a.name.as_str()).collect();
    assert_eq!(names, ["Mary Shelley", "Jules Verne", "Jane Austen"]);
    let counts: Vec<usize> = catalogue.iter().map(|(_, books)| books.len()).collect();
    assert_eq!(counts, [2, 3, 3]);

    let (url, added) = bookshop::client::add_book(&client, &shop.root, &frankenstein_sequel())
        .await
        .unwrap();
    assert_eq!(url, shop.url("/books/9"));
    assert_eq!(
        added,
        BookView {
            title: "Mathilda".into(),
            year: 1819,
            author: Some(AuthorName {
                name: "Mary Shelley".into()
            }),
        }
    );
    let catalogue = bookshop::client::catalogue(&client, &shop.root)
        .await
        .unwrap();
    let titles: Vec<&str> = catalogue[0].1.iter().map(|b| b.title.as_str()).collect();
    assert_eq!(titles, ["Frankenstein", "The Last Man", "Mathilda"]);

    // The same ISBN again is a conflict, told as a problem the client error carries.
    let again = bookshop::client::add_book(&client, &shop.root, &frankenstein_sequel())
        .await
        .unwrap_err();
    assert_eq!(again.status(), Some(StatusCode::CONFLICT));
    assert!(
        again
            .problem()
            .and_then(|p| p.detail())
            .unwrap()
            .contains("9780141192307"),
        "{again}"
    );
    shop.stop().await;
}

/// What the catalogue holds is in the SQLite file: a restarted service serves it.
#[tokio::test]
async fn books_outlive_the_process_in_the_sqlite_file() {
    let directory = tempfile::tempdir().unwrap();
    let file = directory.path().join("bookshop.db");
    let shop = Bookshop::start(&file).await;
    let client = hal_client::Client::new();
    bookshop::client::add_book(&client, &shop.root, &frankenstein_sequel())
        .await
        .unwrap();
    shop.stop().await;

    let shop = Bookshop::start(&file).await;
    let book: Value = reqwest::get(shop.url("/books/9"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(book["title"], "Mathilda");
    shop.stop().await;
}

/// A body that breaks several of the form's rules is one `400` listing each, with its JSON
/// pointer; an unknown author is named the same way.
#[tokio::test]
async fn every_broken_rule_is_told_at_its_pointer() {
    let directory = tempfile::tempdir().unwrap();
    let shop = Bookshop::start(&directory.path().join("bookshop.db")).await;
    let http = reqwest::Client::new();
    let post = |body: Value| {
        http.post(shop.url("/books"))
            .header(CONTENT_TYPE, "application/json")
            .body(body.to_string())
            .send()
    };

    let response = post(json!({"title": "", "isbn": "978-0", "year": 99999, "authorId": 1}))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(response.headers()[CONTENT_TYPE], "application/problem+json");
    let problem: Value = response.json().await.unwrap();
    let pointers: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pointer"].as_str().unwrap())
        .collect();
    assert_eq!(pointers, ["/isbn", "/title", "/year"], "{problem:#}");

    let response =
        post(json!({"title": "X", "isbn": "1234567890123", "year": 1900, "authorId": 42}))
            .await
            .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let problem: Value = response.json().await.unwrap();
    assert_eq!(problem["errors"][0]["pointer"], "/authorId", "{problem:#}");

    // A member the form does not have is refused, named.
    let response = post(
        json!({"title": "X", "isbn": "1234567890123", "year": 1900, "authorId": 1, "price": 3}),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let problem: Value = response.json().await.unwrap();
    assert!(
        problem["detail"].as_str().unwrap().contains("price"),
        "{problem:#}"
    );
    shop.stop().await;
}

/// Every read is answered `304` when the client's copy is current, and a write moves the tags
/// of what it changed; HAL and HAL-FORMS never share a tag.
#[tokio::test]
async fn reads_revalidate_and_writes_move_the_tags() {
    let directory = tempfile::tempdir().unwrap();
    let shop = Bookshop::start(&directory.path().join("bookshop.db")).await;
    let http = reqwest::Client::new();
    let tag_of = |path: &'static str, accept: &'static str| {
        let request = http.get(shop.url(path)).header(ACCEPT, accept);
        async move {
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            response.headers()[ETAG].to_str().unwrap().to_owned()
        }
    };
    let revalidate = |path: &'static str, tag: String| {
        let request = http.get(shop.url(path)).header(IF_NONE_MATCH, tag);
        async move { request.send().await.unwrap().status() }
    };

    for path in ["/", "/books", "/books/1", "/authors", "/authors/1"] {
        let tag = tag_of(path, "application/hal+json").await;
        assert_eq!(
            revalidate(path, tag).await,
            StatusCode::NOT_MODIFIED,
            "{path}"
        );
    }
    let hal = tag_of("/books", "application/hal+json").await;
    let forms = tag_of("/books", "application/prs.hal-forms+json").await;
    assert_ne!(hal, forms);

    let client = hal_client::Client::new();
    bookshop::client::add_book(&client, &shop.root, &frankenstein_sequel())
        .await
        .unwrap();
    assert_eq!(
        revalidate("/books", hal).await,
        StatusCode::OK,
        "a new book moves the page's tag"
    );

    // The root is the same for the life of the program: caches may keep it an hour.
    let root = http.get(shop.url("/")).send().await.unwrap();
    assert_eq!(root.headers()[CACHE_CONTROL], "public, max-age=3600");
    shop.stop().await;
}

/// Paging keeps the filter in every link; bad parameters are problems that name them.
#[tokio::test]
async fn pages_keep_their_filter_and_bad_parameters_are_named() {
    let directory = tempfile::tempdir().unwrap();
    let shop = Bookshop::start(&directory.path().join("bookshop.db")).await;
    let get = |path: &str| reqwest::get(shop.url(path));

    let page: Value = get("/books?author=2&limit=2")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 3);
    assert_eq!(
        page["_links"]["self"]["href"],
        "/books?author=2&offset=0&limit=2"
    );
    assert_eq!(
        page["_links"]["next"]["href"],
        "/books?author=2&offset=2&limit=2"
    );
    assert_eq!(page["_embedded"]["bk:books"].as_array().unwrap().len(), 2);

    for (path, parameter) in [
        ("/books?author=jules", "author"),
        ("/books?limit=500", "limit"),
        ("/books?sort=title", "sort"),
        ("/books/abc", "id"),
    ] {
        let response = get(path).await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{path}");
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["parameter"], parameter, "{path}: {problem:#}");
    }
    let missing = get("/books/999").await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(missing.headers()[CONTENT_TYPE], "application/problem+json");
    let created = reqwest::Client::new()
        .post(shop.url("/books"))
        .header(CONTENT_TYPE, "application/json")
        .body(r#"{"title":"Emma","isbn":"9780141439580","year":1815,"authorId":3}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    assert_eq!(created.headers()[LOCATION], "/books/9");
    shop.stop().await;
}

/// `hal crawl` over the whole service: every link, embedded resource, page and relation
/// documentation answers, and every document lints clean.
#[tokio::test]
async fn the_bookshop_crawls_clean() {
    let directory = tempfile::tempdir().unwrap();
    let shop = Bookshop::start(&directory.path().join("bookshop.db")).await;
    let report = hal_cli::crawl::crawl(&reqwest::Client::new(), shop.root.clone(), 500)
        .await
        .unwrap();
    assert_eq!(report.findings, [], "{report:#?}");
    assert_eq!(report.over_budget, 0, "{report:#?}");
    assert!(report.requests > 15, "{report:#?}");
    shop.stop().await;
}
