//! The client's main paths against its own fixture server (`support/server.rs`): building,
//! following links and templates, embedded resources first, typed reads, pages, writes, forms
//! and errors, with the requests each costs counted by the server.

mod support;

use futures_util::StreamExt;
use hal_client::{Client, ErrorKind};
use hal_core::HalResource;
use hal_core::template::Variables;
use serde_json::json;

#[derive(Debug, serde::Serialize, serde::Deserialize, HalResource)]
#[hal(self_link = "/books/{id}")]
struct Book {
    id: u64,
    title: String,
}

#[derive(Debug, serde::Serialize, serde::Deserialize, HalResource)]
struct Author {
    name: String,
}

#[tokio::test]
async fn the_builder_sets_the_bounds_and_configuration_keeps_the_cache() {
    let server = support::start(3).await;
    let client = Client::builder()
        .cache_entries(10)
        .max_pages(5)
        .build()
        .unwrap();
    let clone = client.clone();
    client.root(server.url("/")).get().await.unwrap();
    // A clone shares the cache: the root is not fetched again.
    clone.root(server.url("/")).get().await.unwrap();
    assert_eq!(server.shop.requests(), 1, "the clone used the cache");
    assert_eq!(client.cache_stats().stored, clone.cache_stats().stored);

    let uncached = Client::builder().cache_entries(0).build().unwrap();
    uncached.root(server.url("/")).get().await.unwrap();
    uncached.root(server.url("/")).get().await.unwrap();
    assert_eq!(server.shop.requests(), 3);
}

#[tokio::test]
async fn follow_expands_templates_and_reads_typed() {
    let server = support::start(3).await;
    let client = Client::new();
    let root = client.root(server.url("/"));
    let book: Book = root
        .clone()
        .follow_with("book", Variables::new().with("id", 2u32))
        .get_as()
        .await
        .unwrap();
    assert_eq!(book.title, "Book 2");
    let url = root
        .follow_with("books", Variables::new().with("limit", 1u32))
        .url()
        .await
        .unwrap();
    assert_eq!(url.as_str(), server.url("/books?limit=1").as_str());
}

#[tokio::test]
async fn an_embedded_resource_is_read_without_a_request() {
    let server = support::start(1).await;
    let client = Client::new();
    let book = client
        .root(server.url("/"))
        .follow_with("book", Variables::new().with("id", 1u32));
    book.get().await.unwrap();
    let before = server.shop.requests();
    let author: Author = book.follow("author").get_as().await.unwrap();
    assert_eq!(author.name, "Ursula");
    assert_eq!(
        server.shop.requests(),
        before,
        "the embedded author, no request"
    );
}

#[tokio::test]
async fn items_walk_every_page() {
    let server = support::start(5).await;
    let client = Client::new();
    let books = client.root(server.url("/")).follow("books");
    let titles: Vec<String> = books
        .items::<Book>("books")
        .map(|book| book.unwrap().title)
        .collect()
        .await;
    assert_eq!(titles, ["Book 1", "Book 2", "Book 3", "Book 4", "Book 5"]);
    // The root, then three pages of two.
    assert_eq!(server.shop.requests(), 4);
}

#[tokio::test]
async fn writes_answer_with_the_created_resource_and_forget_what_changed() {
    let server = support::start(1).await;
    let client = Client::new();
    let books = client.root(server.url("/")).follow("books");
    let created = books
        .post(&json!({"title": "The Dispossessed"}))
        .await
        .unwrap();
    assert_eq!(created.url().await.unwrap().path(), "/books/2");
    let book: Book = created.get_as().await.unwrap();
    assert_eq!(book.title, "The Dispossessed");

    let replaced = created
        .put(&json!({"title": "Lathe of Heaven"}))
        .await
        .unwrap();
    let replaced: Book = replaced.unwrap().into_hal().unwrap();
    assert_eq!(replaced.title, "Lathe of Heaven");
    // The write made the cached copy stale: the next read asks again.
    let again: Book = created.get_as().await.unwrap();
    assert_eq!(again.title, "Lathe of Heaven");

    created.delete().await.unwrap();
    let after = created.get().await.unwrap();
    assert_eq!(after.resource().state()["deleted"], true);
}

#[tokio::test]
async fn a_form_is_submitted_to_its_target() {
    let server = support::start(0).await;
    let client = Client::new();
    let form = client
        .root(server.url("/"))
        .follow("books")
        .template("default")
        .await
        .unwrap();
    assert_eq!(form.template().method(), "POST");
    let missing = form.submit(&json!({})).await.unwrap_err();
    assert!(
        matches!(missing.kind(), ErrorKind::MissingProperty { property, .. } if property == "title"),
        "{missing}"
    );
    let submitted = form.submit(&json!({"title": "Earthsea"})).await.unwrap();
    assert_eq!(submitted.status(), 201);
    assert_eq!(submitted.location().map(|u| u.path()), Some("/books/1"));
}

#[tokio::test]
async fn errors_say_where_what_and_why() {
    let server = support::start(1).await;
    let client = Client::new();
    let root = client.root(server.url("/"));

    let missing = root
        .clone()
        .follow_with("book", Variables::new().with("id", 9u32))
        .get()
        .await
        .unwrap_err();
    assert!(missing.is_status());
    assert_eq!(missing.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(
        missing.problem().and_then(|p| p.detail()),
        Some("no book 9")
    );
    assert_eq!(missing.url().map(|u| u.path()), Some("/books/9"));
    assert_eq!(missing.path(), ["book"]);

    let no_relation = root.clone().follow("reviews").get().await.unwrap_err();
    assert!(
        matches!(no_relation.kind(), ErrorKind::NoSuchRelation { rel } if rel == "reviews"),
        "{no_relation}"
    );
    assert!(!no_relation.is_status() && !no_relation.is_http());

    let gone = root.follow("gone").get().await.unwrap_err();
    assert_eq!(gone.status().map(|s| s.as_u16()), Some(410));

    let shape = client
        .root(server.url("/books/1"))
        .get_as::<Author>()
        .await
        .unwrap_err();
    assert!(shape.is_parse(), "{shape}");
    assert_eq!(
        shape.parse_error().map(|e| e.path().to_string()).as_deref(),
        Some("$")
    );
    assert!(
        std::error::Error::source(&shape).is_some(),
        "the parse error is the source"
    );
}

#[tokio::test]
async fn transport_errors_are_asked_about_not_matched_on_foreign_types() {
    let client = Client::builder()
        .timeout(std::time::Duration::from_secs(2))
        .build()
        .unwrap();
    // Nothing listens on the discard port of this machine.
    let error = client
        .root(url::Url::parse("http://127.0.0.1:9/").unwrap())
        .get()
        .await
        .unwrap_err();
    assert!(error.is_http() && error.is_connect(), "{error:?}");
    assert!(!error.is_timeout() && !error.is_status());
    assert!(matches!(error.kind(), ErrorKind::Http));
}
