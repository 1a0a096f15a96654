// A plain struct sent as `application/hal+json` would have no `_links`: it does not compile.
use axum::response::IntoResponse;

#[derive(serde::Serialize)]
struct Book {
    isbn: String,
}

fn main() {
    let _ = hal_axum::HalJson(Book { isbn: "1".into() }).into_response();
    let _ = hal_axum::Created::new("/books/1", Book { isbn: "1".into() }).into_response();
}
