//! The catalogue in SQLite: opening it (migrations included), and the reads and writes the
//! handlers make. Every read that a validator comes from is one indexed query.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};

use crate::resources::{Author, AuthorSummary, Book, BookSummary, NewBook};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Opens the catalogue in the SQLite file at `path` (created with its sample books when
/// missing), or in memory for `:memory:`, and brings its schema up to date.
///
/// # Errors
///
/// When the file cannot be opened or created, or a migration fails.
pub async fn open(path: &Path) -> Result<SqlitePool, sqlx::Error> {
    let memory = path == Path::new(":memory:");
    let options = if memory {
        SqliteConnectOptions::from_str("sqlite::memory:")?
    } else {
        SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
    }
    .foreign_keys(true)
    .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        // A memory database is one connection's: every request must share it.
        .max_connections(if memory { 1 } else { 8 })
        .idle_timeout(None)
        .max_lifetime(None)
        .connect_with(options)
        .await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

/// The version every write moves: a collection page's validator.
pub(crate) async fn catalogue_version(db: &SqlitePool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT version FROM catalogue")
        .fetch_one(db)
        .await
}

/// One page of books, by id, of one author or of all, and how many there are in all.
pub(crate) async fn books(
    db: &SqlitePool,
    author: Option<i64>,
    offset: u64,
    limit: u64,
) -> Result<(Vec<BookSummary>, u64), sqlx::Error> {
    // SQLite's integers are i64: an offset past that selects nothing anyway.
    let offset = i64::try_from(offset).unwrap_or(i64::MAX);
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let books = sqlx::query_as(
        "SELECT id, title, year FROM books WHERE ?1 IS NULL OR author_id = ?1
         ORDER BY id LIMIT ?2 OFFSET ?3",
    )
    .bind(author)
    .bind(limit)
    .bind(offset)
    .fetch_all(db)
    .await?;
    let total: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM books WHERE ?1 IS NULL OR author_id = ?1")
            .bind(author)
            .fetch_one(db)
            .await?;
    Ok((books, total.unsigned_abs()))
}

/// A book's row joined with its author's.
#[derive(sqlx::FromRow)]
struct BookRow {
    id: i64,
    title: String,
    isbn: String,
    year: i64,
    author_id: i64,
    author_name: String,
    revision: i64,
    author_revision: i64,
}

/// A book with its author's summary, and the revisions of both (which its validator is made
/// of), or `None` when there is no book `id`.
pub(crate) async fn book(
    db: &SqlitePool,
    id: i64,
) -> Result<Option<(Book, [i64; 2])>, sqlx::Error> {
    let row: Option<BookRow> = sqlx::query_as(
        "SELECT b.id, b.title, b.isbn, b.year, b.author_id, a.name AS author_name,
                b.revision, a.revision AS author_revision
         FROM books b JOIN authors a ON a.id = b.author_id WHERE b.id = ?",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|row| {
        let author = AuthorSummary {
            id: row.author_id,
            name: row.author_name,
        };
        let book = Book {
            id: row.id,
            title: row.title,
            isbn: row.isbn,
            year: row.year,
            author_id: row.author_id,
            author,
        };
        (book, [row.revision, row.author_revision])
    }))
}

/// Why a book was not added.
#[derive(Debug)]
pub(crate) enum AddError {
    /// There is no author with the book's `author_id`.
    UnknownAuthor,
    /// A book with its ISBN is in the catalogue already.
    DuplicateIsbn,
    /// The database failed.
    Database(sqlx::Error),
}

/// Adds `book` to the catalogue and returns its id.
pub(crate) async fn add_book(db: &SqlitePool, book: &NewBook) -> Result<i64, AddError> {
    let added = sqlx::query("INSERT INTO books (title, isbn, year, author_id) VALUES (?, ?, ?, ?)")
        .bind(&book.title)
        .bind(&book.isbn)
        .bind(book.year)
        .bind(book.author_id)
        .execute(db)
        .await;
    match added {
        Ok(done) => Ok(done.last_insert_rowid()),
        Err(sqlx::Error::Database(error)) if error.is_foreign_key_violation() => {
            Err(AddError::UnknownAuthor)
        }
        Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
            Err(AddError::DuplicateIsbn)
        }
        Err(error) => Err(AddError::Database(error)),
    }
}

/// One page of authors, by id, and how many there are.
pub(crate) async fn authors(
    db: &SqlitePool,
    offset: u64,
    limit: u64,
) -> Result<(Vec<Author>, u64), sqlx::Error> {
    let offset = i64::try_from(offset).unwrap_or(i64::MAX);
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let authors = sqlx::query_as("SELECT id, name, born FROM authors ORDER BY id LIMIT ? OFFSET ?")
        .bind(limit)
        .bind(offset)
        .fetch_all(db)
        .await?;
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM authors")
        .fetch_one(db)
        .await?;
    Ok((authors, total.unsigned_abs()))
}

/// An author and their revision, or `None` when there is no author `id`.
pub(crate) async fn author(db: &SqlitePool, id: i64) -> Result<Option<(Author, i64)>, sqlx::Error> {
    let row: Option<(i64, String, Option<i64>, i64)> =
        sqlx::query_as("SELECT id, name, born, revision FROM authors WHERE id = ?")
            .bind(id)
            .fetch_optional(db)
            .await?;
    Ok(row.map(|(id, name, born, revision)| (Author { id, name, born }, revision)))
}
