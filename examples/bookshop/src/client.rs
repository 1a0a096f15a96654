//! A client of the bookshop on hal-client, as another team would write it: it knows the root
//! URL and the relations, never a path. `bookshop-client` (in `src/bin`) runs it.

use hal_client::url::Url;
use hal_client::{Client, Error, TryStreamExt};
use hal_core::HalResource;
use hal_core::template::Variables;
use serde::{Deserialize, Serialize};

use crate::resources::{Author, BookSummary, CURIES, NewBook};

/// What the client reads of a book: its own view, which ignores the members it does not use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, HalResource)]
#[hal(curies = CURIES)]
pub struct BookView {
    /// The title.
    pub title: String,
    /// The year of first publication.
    pub year: i64,
    /// The author's summary the service embeds.
    #[hal(embedded(rel = "bk:author"))]
    pub author: Option<AuthorName>,
}

/// The author's name, from the summary embedded in a book.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, HalResource)]
#[hal(curies = CURIES)]
pub struct AuthorName {
    /// The name.
    pub name: String,
}

/// Every author, each with all of their books: pages followed along `next` for both.
///
/// # Errors
///
/// The first failed request, with its URL, the relations taken and the server's problem.
///
/// # Examples
///
/// ```no_run
/// # async fn run() -> Result<(), hal_client::Error> {
/// let client = hal_client::Client::new();
/// let root = hal_client::url::Url::parse("http://127.0.0.1:8080/").unwrap();
/// for (author, books) in bookshop::client::catalogue(&client, &root).await? {
///     println!("{}: {} books", author.name, books.len());
/// }
/// # Ok(())
/// # }
/// ```
pub async fn catalogue(
    client: &Client,
    root: &Url,
) -> Result<Vec<(Author, Vec<BookSummary>)>, Error> {
    let start = client.root(root.clone());
    let authors: Vec<Author> = start
        .follow("bk:authors")
        .items("bk:authors")
        .try_collect()
        .await?;
    let mut catalogue = Vec::with_capacity(authors.len());
    for author in authors {
        // The root's `bk:books` template takes the author filter.
        let books = start
            .follow_with("bk:books", Variables::new().with("author", author.id))
            .items("bk:books")
            .try_collect()
            .await?;
        catalogue.push((author, books));
    }
    Ok(catalogue)
}

/// Adds `book` through the form the books collection advertises (its method, target and
/// content type come from the service), and reads the new book back.
///
/// # Errors
///
/// The service's refusal (a `400` problem lists every broken rule under `errors`, a `409`
/// says the ISBN is taken), or a failed request.
///
/// # Examples
///
/// ```no_run
/// # async fn run() -> Result<(), hal_client::Error> {
/// use bookshop::resources::NewBook;
///
/// let client = hal_client::Client::new();
/// let root = hal_client::url::Url::parse("http://127.0.0.1:8080/").unwrap();
/// let book = NewBook { title: "Mathilda".into(), isbn: "9780141192307".into(), year: 1819, author_id: 1 };
/// let (url, added) = bookshop::client::add_book(&client, &root, &book).await?;
/// println!("{} is at {url}", added.title);
/// # Ok(())
/// # }
/// ```
pub async fn add_book(
    client: &Client,
    root: &Url,
    book: &NewBook,
) -> Result<(Url, BookView), Error> {
    let form = client
        .root(root.clone())
        .follow("bk:books")
        .template("default")
        .await?;
    let submitted = form.submit(book).await?;
    // RFC 9110 §15.3.2: without `Location`, what was created is the request's target.
    let url = submitted.location().unwrap_or(form.url()).clone();
    let added = match submitted.into_document() {
        Some(document) => document.into_hal()?,
        None => client.root(url.clone()).get_as().await?,
    };
    Ok((url, added))
}
