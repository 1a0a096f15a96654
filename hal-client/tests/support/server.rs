//! A small bookshop HAL service on loopback, for the client's own tests: a root, a paged
//! collection with embedded summaries, items, writes that answer with `Location`, a form, and
//! problem documents. It counts the requests it serves, so tests can say what was fetched.
#![allow(dead_code)] // each test file uses part of it

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

/// The fixture's state: its books, and how many requests it served.
#[derive(Clone, Default)]
pub(crate) struct Shop {
    books: Arc<Mutex<Vec<Value>>>,
    requests: Arc<AtomicUsize>,
}

impl Shop {
    /// How many requests it served so far.
    pub(crate) fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

/// A running fixture: its base URL and its state.
pub(crate) struct Server {
    pub(crate) base: url::Url,
    pub(crate) shop: Shop,
}

impl Server {
    /// The URL of `path` on this server.
    pub(crate) fn url(&self, path: &str) -> url::Url {
        self.base.join(path).unwrap()
    }
}

/// A HAL answer, fresh for a minute, so that the client's cache may serve it again.
fn hal(status: StatusCode, body: Value) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "application/hal+json"),
            (header::CACHE_CONTROL, "max-age=60"),
        ],
        body.to_string(),
    )
        .into_response()
}

fn problem(status: u16, detail: &str) -> Response {
    let mut body = json!({"title": StatusCode::from_u16(status).unwrap().canonical_reason(), "detail": detail});
    if status != 410 {
        body["status"] = json!(status);
    }
    (
        StatusCode::from_u16(status).unwrap(),
        [(header::CONTENT_TYPE, "application/problem+json")],
        body.to_string(),
    )
        .into_response()
}

fn book(id: usize, title: &str) -> Value {
    json!({
        "_links": {"self": {"href": format!("/books/{id}")}, "author": {"href": "/authors/1"}},
        "id": id,
        "title": title,
        "_embedded": {"author": {"_links": {"self": {"href": "/authors/1"}}, "name": "Ursula"}},
    })
}

async fn root(State(shop): State<Shop>) -> Response {
    shop.requests.fetch_add(1, Ordering::SeqCst);
    hal(
        StatusCode::OK,
        json!({"_links": {
            "self": {"href": "/"},
            "books": {"href": "/books{?offset,limit}", "templated": true},
            "book": {"href": "/books/{id}", "templated": true},
            "gone": {"href": "/gone"},
            "missing": {"href": "/missing"},
        }}),
    )
}

async fn books(State(shop): State<Shop>, RawQuery(query): RawQuery) -> Response {
    shop.requests.fetch_add(1, Ordering::SeqCst);
    let pairs: Vec<(String, String)> =
        url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let number = |name: &str, default: usize| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(default)
    };
    let (offset, limit) = (number("offset", 0), number("limit", 2));
    let books = shop.books.lock().unwrap().clone();
    let page: Vec<Value> = books.iter().skip(offset).take(limit).cloned().collect();
    let mut links = json!({"self": {"href": format!("/books?offset={offset}&limit={limit}")}});
    if offset + limit < books.len() {
        links["next"] = json!({"href": format!("/books?offset={}&limit={limit}", offset + limit)});
    }
    hal(
        StatusCode::OK,
        json!({
            "_links": links,
            "total": books.len(),
            "_embedded": {"books": page},
            "_templates": {"default": {"method": "POST", "properties": [
                {"name": "title", "required": true},
            ]}},
        }),
    )
}

async fn create(State(shop): State<Shop>, Json(body): Json<Value>) -> Response {
    shop.requests.fetch_add(1, Ordering::SeqCst);
    let Some(title) = body["title"].as_str() else {
        return problem(400, "a book needs a title");
    };
    let mut books = shop.books.lock().unwrap();
    let id = books.len() + 1;
    books.push(book(id, title));
    (
        StatusCode::CREATED,
        [(header::LOCATION, format!("/books/{id}"))],
    )
        .into_response()
}

async fn one(State(shop): State<Shop>, Path(id): Path<usize>) -> Response {
    shop.requests.fetch_add(1, Ordering::SeqCst);
    match shop.books.lock().unwrap().get(id.wrapping_sub(1)) {
        Some(book) => hal(StatusCode::OK, book.clone()),
        None => problem(404, &format!("no book {id}")),
    }
}

async fn replace(
    State(shop): State<Shop>,
    Path(id): Path<usize>,
    Json(body): Json<Value>,
) -> Response {
    shop.requests.fetch_add(1, Ordering::SeqCst);
    let mut books = shop.books.lock().unwrap();
    match books.get_mut(id.wrapping_sub(1)) {
        Some(stored) => {
            *stored = book(id, body["title"].as_str().unwrap_or_default());
            hal(StatusCode::OK, stored.clone())
        }
        None => problem(404, &format!("no book {id}")),
    }
}

async fn remove(State(shop): State<Shop>, Path(id): Path<usize>) -> Response {
    shop.requests.fetch_add(1, Ordering::SeqCst);
    let mut books = shop.books.lock().unwrap();
    if id == 0 || id > books.len() {
        return problem(404, &format!("no book {id}"));
    }
    books[id - 1] = json!({"_links": {"self": {"href": format!("/books/{id}")}}, "deleted": true});
    StatusCode::NO_CONTENT.into_response()
}

async fn author(State(shop): State<Shop>) -> Response {
    shop.requests.fetch_add(1, Ordering::SeqCst);
    hal(
        StatusCode::OK,
        json!({"_links": {"self": {"href": "/authors/1"}}, "name": "Ursula", "born": 1929}),
    )
}

async fn gone(State(shop): State<Shop>) -> Response {
    shop.requests.fetch_add(1, Ordering::SeqCst);
    // RFC 9457 makes every member optional: this one has no `status`.
    problem(410, "this list was withdrawn")
}

/// Starts the fixture with `count` books, on a loopback port, for the rest of the test.
pub(crate) async fn start(count: usize) -> Server {
    let shop = Shop::default();
    {
        let mut books = shop.books.lock().unwrap();
        for id in 1..=count {
            books.push(book(id, &format!("Book {id}")));
        }
    }
    let app = Router::new()
        .route("/", get(root))
        .route("/books", get(books).post(create))
        .route("/books/{id}", get(one).put(replace).delete(remove))
        .route("/authors/1", get(author))
        .route("/gone", get(gone))
        .with_state(shop.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    Server {
        base: url::Url::parse(&format!("http://{addr}/")).unwrap(),
        shop,
    }
}
