//! What the bookshop's clients see: its resources as HAL types, and the input a new book is
//! written with, whose HAL-FORMS template the books collection advertises.

use hal_core::forms::HalForm;
use hal_core::{HalResource, StaticCurie};
use hal_paging::PageLinks;
use serde::{Deserialize, Serialize};

/// The service's paths, declared once: the router routes them and the resources link to them.
pub mod paths {
    /// The API root.
    pub const ROOT: &str = "/";
    /// The books, a paged collection filtered by author.
    pub const BOOKS: &str = "/books";
    /// One book.
    pub const BOOK: &str = "/books/{id}";
    /// The authors, a paged collection.
    pub const AUTHORS: &str = "/authors";
    /// One author.
    pub const AUTHOR: &str = "/authors/{id}";
    /// A relation's documentation, for people (the curie's template).
    pub const RELATION_DOCS: &str = "/docs/rels/{rel}";
}

/// The bookshop's relations are `bk:…`, documented at [`paths::RELATION_DOCS`]: one
/// declaration that every resource names.
pub const CURIES: &[StaticCurie] = &[StaticCurie::new("bk", paths::RELATION_DOCS)];

/// The API root: where a client starts, and the only URL it needs to know.
// Two `templated` flags: clippy takes them for a repeated attribute (rust-clippy#12923).
#[allow(clippy::duplicated_attributes)]
#[derive(Debug, Serialize, HalResource)]
#[hal(curies = CURIES, self_link = paths::ROOT)]
#[hal(link(rel = "bk:books", href = "/books{?author,offset,limit}", templated))]
#[hal(link(rel = "bk:authors", href = "/authors{?offset,limit}", templated))]
pub struct Root {
    /// The service's name.
    pub name: String,
}

/// An author.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, HalResource, sqlx::FromRow)]
#[hal(curies = CURIES, self_link = paths::AUTHOR)]
#[hal(link(rel = "bk:books", href = "/books?author={id}"))]
pub struct Author {
    /// The author's id.
    pub id: i64,
    /// Their name.
    pub name: String,
    /// The year they were born, when known.
    pub born: Option<i64>,
}

/// The few members of an author a book shows, embedded in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, HalResource)]
#[hal(curies = CURIES, self_link = paths::AUTHOR)]
pub struct AuthorSummary {
    /// The author's id.
    pub id: i64,
    /// Their name.
    pub name: String,
}

/// A book, with a summary of its author embedded.
#[derive(Debug, Clone, Serialize, HalResource)]
#[hal(curies = CURIES, self_link = paths::BOOK)]
#[hal(link(rel = "bk:author", href = "/authors/{author_id}"))]
pub struct Book {
    /// The book's id.
    pub id: i64,
    /// Its title.
    pub title: String,
    /// Its ISBN-13, thirteen digits.
    pub isbn: String,
    /// The year it was first published.
    pub year: i64,
    /// Its author, linked (`bk:author`) and not written as state.
    #[serde(skip)]
    pub author_id: i64,
    /// Its author's summary, so that a list shows names without a request per book.
    #[hal(embedded(rel = "bk:author"))]
    pub author: AuthorSummary,
}

/// What a page of books shows of each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, HalResource, sqlx::FromRow)]
#[hal(curies = CURIES, self_link = paths::BOOK)]
pub struct BookSummary {
    /// The book's id.
    pub id: i64,
    /// Its title.
    pub title: String,
    /// The year it was first published.
    pub year: i64,
}

/// A page of books: the paging links, the total and the page's books, and the form to add one.
#[derive(Debug, Serialize, HalResource)]
#[hal(curies = CURIES)]
#[hal(template(method = "POST", input = NewBook, title = "Add a book", target = paths::BOOKS))]
pub struct BookPage {
    /// How many books the filter selects, on every page.
    pub total: u64,
    /// `self`, `first`, `prev`, `next` and `last`, with the request's filter.
    #[hal(links)]
    pub paging: PageLinks,
    /// The page's books.
    #[hal(embedded(rel = "bk:books"))]
    pub books: Vec<BookSummary>,
}

/// A page of authors.
#[derive(Debug, Serialize, HalResource)]
#[hal(curies = CURIES)]
pub struct AuthorPage {
    /// How many authors there are.
    pub total: u64,
    /// `self`, `first`, `prev`, `next` and `last`.
    #[hal(links)]
    pub paging: PageLinks,
    /// The page's authors.
    #[hal(embedded(rel = "bk:authors"))]
    pub authors: Vec<Author>,
}

/// A new book, as `POST /books` reads it and its HAL-FORMS template describes it.
#[derive(Debug, Clone, Serialize, Deserialize, HalForm)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewBook {
    /// The title, 1 to 200 characters.
    #[hal_form(prompt = "Title", min_length = 1, max_length = 200)]
    pub title: String,
    /// The ISBN-13, thirteen digits without hyphens.
    #[hal_form(prompt = "ISBN-13", regex = "^[0-9]{13}$")]
    pub isbn: String,
    /// The year of first publication, from printing's first to the near future.
    #[hal_form(prompt = "Year of publication", min = 1450, max = 2100)]
    pub year: i64,
    /// The author's id (`/authors/{id}`).
    #[hal_form(prompt = "Author id", min = 1)]
    pub author_id: i64,
}
