//! A small HAL service on SQLite: authors and their books, paged and filtered, a book added
//! through the form its collection advertises, every read answerable with `304`. The README's
//! guide, "Your first HAL service", walks through it; [`client`] is a program that uses it.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let db = bookshop::open(std::path::Path::new("bookshop.db")).await?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! let config = hal_axum::serve::ServeConfig::default();
//! hal_axum::serve::serve(listener, bookshop::router(db), config, hal_axum::serve::shutdown_signal()).await?;
//! # Ok(())
//! # }
//! ```

pub mod client;
pub mod resources;
mod store;

use std::time::Duration;

use axum::Router;
use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use hal_axum::conditional::{CacheControl, Conditional, ETag, Validator};
use hal_axum::negotiate::Representation;
use hal_axum::{ApiError, Created, PageQuery, PathParams, QueryParameters, ValidJson};
use hal_core::Hal;
use hal_paging::{OverMaximum, Paging, Total};
use sqlx::SqlitePool;

use crate::resources::{AuthorPage, BookPage, NewBook, Root, paths};
use crate::store::AddError;

pub use store::open;

/// What every handler can reach: the database, and the paging rules of the collections.
/// `#[derive(FromRef)]` lets a handler ask for either alone (`State<SqlitePool>`, and
/// `PageQuery`, which needs the `Paging`).
#[derive(Clone, FromRef)]
pub struct AppState {
    /// The catalogue.
    pub db: SqlitePool,
    /// Pages of 5 by default, 50 at most.
    pub paging: Paging,
}

/// The service's routes over `db`, with problem documents for unknown paths and methods.
pub fn router(db: SqlitePool) -> Router {
    let paging = Paging::offset_limit()
        .with_default_limit(5)
        .with_max_limit(50, OverMaximum::Reject);
    Router::new()
        .route(paths::ROOT, get(root))
        .route(paths::BOOKS, get(books).post(add_book))
        .route(paths::BOOK, get(book))
        .route(paths::AUTHORS, get(authors))
        .route(paths::AUTHOR, get(author))
        .route(paths::RELATION_DOCS, get(relation_docs))
        .fallback(hal_axum::not_found)
        .method_not_allowed_fallback(hal_axum::method_not_allowed)
        .with_state(AppState { db, paging })
}

/// A database failure, logged here and told to the client without its details.
fn database(error: sqlx::Error) -> ApiError {
    tracing::error!(%error, "the catalogue failed");
    ApiError::internal("the catalogue could not be read or written")
}

/// The root changes only with the program: clients may keep it for an hour.
async fn root(conditional: Conditional) -> Response {
    let validator = Validator::new(ETag::of(&env!("CARGO_PKG_VERSION")))
        .cache_control(CacheControl::public().max_age(Duration::from_secs(3600)));
    conditional.respond(validator, || {
        hal_axum::HalJson(Hal(Root {
            name: "Bookshop".into(),
        }))
    })
}

/// `GET /books` filters by author.
struct BookFilters;

impl QueryParameters for BookFilters {
    const NAMES: &'static [&'static str] = &["author"];
}

/// A page of books, of one author with `?author=`, with the form to add one for clients that
/// ask for HAL-FORMS.
async fn books(
    State(db): State<SqlitePool>,
    page: PageQuery<BookFilters>,
    wants: Representation,
    conditional: Conditional,
) -> Result<Response, ApiError> {
    let author = match page.0.parameter("author") {
        None => None,
        Some(author) => Some(author.parse::<i64>().map_err(|_| {
            ApiError::bad_parameter("author", "`author` must be an author's id, a whole number")
        })?),
    };
    // Every write moves the catalogue's version: one read decides a 304 before the page is.
    let version = store::catalogue_version(&db).await.map_err(database)?;
    let validator = Validator::new(ETag::of(&(version, wants.media_type())));
    if let Some(answer) = conditional.answer(&validator) {
        return Ok(answer);
    }
    let (books, total) = store::books(&db, author, page.0.offset(), page.0.limit())
        .await
        .map_err(database)?;
    let paging = page.links(Total::Exact(total));
    let body = wants.respond(Hal(BookPage {
        total,
        paging,
        books,
    }));
    Ok((validator, body).into_response())
}

/// One book, its author's summary embedded.
async fn book(
    State(db): State<SqlitePool>,
    PathParams(id): PathParams<i64>,
    wants: Representation,
    conditional: Conditional,
) -> Result<Response, ApiError> {
    let (book, revisions) = store::book(&db, id)
        .await
        .map_err(database)?
        .ok_or_else(|| ApiError::not_found(format!("there is no book {id}")))?;
    let validator = Validator::new(ETag::of(&(revisions, wants.media_type())));
    Ok(conditional.respond(validator, || wants.respond(Hal(book))))
}

/// `POST /books`: `201` with the new book and its `Location`. `ValidJson` has checked every
/// rule the form states, and told all that are broken at once.
async fn add_book(
    State(db): State<SqlitePool>,
    ValidJson(new): ValidJson<NewBook>,
) -> Result<Response, ApiError> {
    let id = store::add_book(&db, &new)
        .await
        .map_err(|error| match error {
            AddError::UnknownAuthor => ApiError::bad_request(format!(
                "there is no author {}; see /authors",
                new.author_id
            ))
            .with_member(
                "errors",
                serde_json::json!([{"pointer": "/authorId", "detail": "is no author's id"}]),
            ),
            AddError::DuplicateIsbn => ApiError::new(
                StatusCode::CONFLICT,
                format!("a book with ISBN {} is in the catalogue already", new.isbn),
            ),
            AddError::Database(error) => database(error),
        })?;
    let (book, _) = store::book(&db, id)
        .await
        .map_err(database)?
        .ok_or_else(|| ApiError::internal("the new book could not be read back"))?;
    Ok(Created::at_self(Hal(book)).into_response())
}

/// A page of authors.
async fn authors(
    State(db): State<SqlitePool>,
    page: PageQuery,
    conditional: Conditional,
) -> Result<Response, ApiError> {
    let version = store::catalogue_version(&db).await.map_err(database)?;
    let validator = Validator::new(ETag::of(&version));
    if let Some(answer) = conditional.answer(&validator) {
        return Ok(answer);
    }
    let (authors, total) = store::authors(&db, page.0.offset(), page.0.limit())
        .await
        .map_err(database)?;
    let paging = page.links(Total::Exact(total));
    let body = hal_axum::HalJson(Hal(AuthorPage {
        total,
        paging,
        authors,
    }));
    Ok((validator, body).into_response())
}

/// One author, linked to their books.
async fn author(
    State(db): State<SqlitePool>,
    PathParams(id): PathParams<i64>,
    conditional: Conditional,
) -> Result<Response, ApiError> {
    let (author, revision) = store::author(&db, id)
        .await
        .map_err(database)?
        .ok_or_else(|| ApiError::not_found(format!("there is no author {id}")))?;
    let validator = Validator::new(ETag::version(revision));
    Ok(conditional.respond(validator, || hal_axum::HalJson(Hal(author))))
}

/// The documentation of each `bk:` relation, for people: what a curie points at.
async fn relation_docs(PathParams(rel): PathParams<String>) -> Result<Response, ApiError> {
    let text = match rel.as_str() {
        "books" => {
            "A page of books: follow <code>next</code> for more, and <code>?author=</code> keeps one author's. Its HAL-FORMS template <code>default</code> adds a book."
        }
        "authors" => "A page of authors.",
        "author" => "A book's author: linked, and summarised under <code>_embedded</code>.",
        _ => {
            return Err(ApiError::not_found(format!(
                "there is no relation bk:{rel}"
            )));
        }
    };
    let page = format!("<!doctype html><title>bk:{rel}</title><h1>bk:{rel}</h1><p>{text}</p>");
    Ok(Html(page).into_response())
}
