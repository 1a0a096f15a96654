//! Storage of monitors, their events and the events' delivery, in SQLite (one file under the
//! data folder, the default) or PostgreSQL (shared by several instances), through sqlx's `Any`
//! driver with one set of portable SQL and one set of migrations (`migrations/`), run on start.
//!
//! Times are stored as milliseconds since the Unix epoch and documents as JSON text, so the same
//! statements serve both back ends; the one difference is the placeholder syntax, which
//! the store translates for PostgreSQL (`?` becomes `$1`, `$2`…).
//!
//! One module per aggregate: `monitors`, `events`, `deliveries`, `vehicles` (the engine's
//! state per vehicle); this one opens the database and
//! says what went wrong ([`StoreError`], which keeps the database's error as its source).
//!
//! SQLite runs in WAL mode with `synchronous = NORMAL`: a committed transaction survives the
//! process being killed (a power cut may lose the last few). One instance per SQLite file;
//! several instances share a PostgreSQL database.

mod deliveries;
mod events;
mod monitors;
mod secrets;
mod vehicles;

pub use deliveries::{Delivery, DeliveryState, Lease, Recorded};
pub use events::StoredEvent;
pub use monitors::{Created, MonitorChange, Outcome};
pub use secrets::SecretGeneration;
pub use vehicles::VehicleTransaction;

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Row};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// An error that caused another, kept as its source.
type Cause = Box<dyn std::error::Error + Send + Sync>;

/// Why the store could not do what was asked, with the error that caused it as its source.
#[derive(Debug)]
pub enum StoreError {
    /// The database cannot be reached or refused the work; the caller may try again later.
    Database(sqlx::Error),
    /// The database's schema could not be brought up to date.
    Migrate(sqlx::migrate::MigrateError),
    /// The data folder cannot be created.
    Folder {
        /// The folder.
        folder: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A database URL of a kind the store does not support.
    UnsupportedUrl {
        /// Its scheme.
        scheme: String,
    },
    /// What the database holds cannot be read back (a bug or a hand-edited row).
    Corrupt {
        /// What was being read.
        what: &'static str,
        /// Why it cannot be.
        source: Cause,
    },
}

impl StoreError {
    /// Whether the database is out of reach, so that the request may succeed later (a `503`),
    /// rather than the data being wrong (a `500`).
    pub fn is_unavailable(&self) -> bool {
        !matches!(self, Self::Corrupt { .. })
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Database(error) => write!(f, "the database is unavailable: {error}"),
            Self::Migrate(error) => write!(f, "migrating the database: {error}"),
            Self::Folder { folder, source } => {
                write!(f, "cannot create {}: {source}", folder.display())
            }
            Self::UnsupportedUrl { scheme } => {
                write!(f, "`{scheme}` URLs are not supported; use postgres://")
            }
            Self::Corrupt { what, source } => {
                write!(f, "the database holds an unreadable {what}: {source}")
            }
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Database(error) => Some(error),
            Self::Migrate(error) => Some(error),
            Self::Folder { source, .. } => Some(source),
            Self::UnsupportedUrl { .. } => None,
            Self::Corrupt { source, .. } => Some(source.as_ref()),
        }
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        match error {
            sqlx::Error::ColumnDecode { .. }
            | sqlx::Error::Decode(_)
            | sqlx::Error::ColumnNotFound(_)
            | sqlx::Error::TypeNotFound { .. } => corrupt("row", error),
            other => Self::Database(other),
        }
    }
}

fn corrupt(what: &'static str, error: impl Into<Cause>) -> StoreError {
    StoreError::Corrupt {
        what,
        source: error.into(),
    }
}

/// The SQL dialect of the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A file under the data folder, or memory.
    Sqlite,
    /// A server.
    Postgres,
}

/// Where the data lives.
#[derive(Debug, Clone)]
pub enum Location {
    /// `connected-car.db` in this folder, created if needed.
    Folder(std::path::PathBuf),
    /// A `postgres://` URL.
    Url(String),
    /// An SQLite database in memory, for tests: gone with the process.
    Memory,
}

/// The database.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// The connections vehicle transactions take: on an SQLite file, one of their own.
    vehicle_writer: AnyPool,
}

fn millis(time: DateTime<Utc>) -> i64 {
    time.timestamp_millis()
}

fn time(millis: i64) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_millis(millis)
        .ok_or_else(|| corrupt("time", format!("{millis} ms is out of range")))
}

impl Store {
    /// Connects to `location`, creating and migrating the database as needed.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the folder cannot be created, the URL is not PostgreSQL's, the
    /// server cannot be reached within `connect_timeout`, or a migration fails.
    pub async fn open(location: &Location, connect_timeout: Duration) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let (url, backend, connections) = match location {
            Location::Folder(folder) => {
                std::fs::create_dir_all(folder).map_err(|source| StoreError::Folder {
                    folder: folder.clone(),
                    source,
                })?;
                let file = folder.join("connected-car.db");
                (sqlite_url(&file), Backend::Sqlite, 8)
            }
            Location::Memory => (
                // One connection: every connection to `:memory:` would be a database of its own.
                "sqlite::memory:".to_owned(),
                Backend::Sqlite,
                1,
            ),
            Location::Url(url)
                if url.starts_with("postgres://") || url.starts_with("postgresql://") =>
            {
                (url.clone(), Backend::Postgres, 10)
            }
            Location::Url(url) => {
                let scheme = url.split(':').next().unwrap_or("").to_owned();
                return Err(StoreError::UnsupportedUrl { scheme });
            }
        };
        let pool = pool_options(location, backend, connections, connect_timeout)
            .connect(&url)
            .await
            .map_err(StoreError::Database)?;
        MIGRATOR.run(&pool).await.map_err(StoreError::Migrate)?;
        if backend == Backend::Sqlite {
            // One instance per SQLite file: leases left by a previous run (killed before it
            // could release them) belong to nobody, and waiting for them to expire would only
            // delay the deliveries they hold.
            sqlx::query("DELETE FROM leases").execute(&pool).await?;
        }
        // SQLite has one writer at a time, and its busy handler waits in sleeps of up to
        // 100 ms; each connection has its own page cache. The vehicle transactions of a file
        // therefore share one connection of their own: they queue for it at once in turn,
        // and its cache stays warm.
        let vehicle_writer = match location {
            Location::Folder(_) => pool_options(location, backend, 1, connect_timeout)
                .connect(&url)
                .await
                .map_err(StoreError::Database)?,
            Location::Memory | Location::Url(_) => pool.clone(),
        };
        Ok(Self {
            pool,
            backend,
            vehicle_writer,
        })
    }

    /// An empty SQLite database in memory, for tests.
    ///
    /// # Errors
    ///
    /// As [`Store::open`].
    pub async fn memory() -> Result<Self, StoreError> {
        Self::open(&Location::Memory, Duration::from_secs(5)).await
    }

    /// The dialect.
    #[must_use]
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// `text` with `?` placeholders in the connection's syntax (`$1`, `$2`… for PostgreSQL).
    fn sql(&self, text: impl Into<Cow<'static, str>>) -> Cow<'static, str> {
        let text = text.into();
        match self.backend {
            Backend::Sqlite => text,
            Backend::Postgres => {
                let mut numbered = String::with_capacity(text.len() + 16);
                let mut count = 0;
                for character in text.chars() {
                    if character == '?' {
                        count += 1;
                        numbered.push('$');
                        numbered.push_str(&count.to_string());
                    } else {
                        numbered.push(character);
                    }
                }
                Cow::Owned(numbered)
            }
        }
    }

    /// Takes the next `count` values of counter `name`, inside the transaction on
    /// `connection`; returns the first.
    async fn next_values(
        &self,
        connection: &mut sqlx::AnyConnection,
        name: &str,
        count: i64,
    ) -> Result<i64, StoreError> {
        let row = sqlx::query(
            &self.sql("UPDATE counters SET value = value + ? WHERE name = ? RETURNING value"),
        )
        .bind(count)
        .bind(name.to_owned())
        .fetch_one(connection)
        .await?;
        Ok(row.try_get::<i64, _>(0)? - count + 1)
    }

    /// Whether the database answers.
    ///
    /// # Errors
    ///
    /// [`StoreError::Database`] when it does not.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Takes the next value of counter `name`, inside the transaction on `connection`.
    async fn next(
        &self,
        connection: &mut sqlx::AnyConnection,
        name: &str,
    ) -> Result<i64, StoreError> {
        self.next_values(connection, name, 1).await
    }
}

/// The pool's settings for `location`: `connections` at most, waiting `connect_timeout` for
/// one, and the SQLite pragmas the service relies on.
fn pool_options(
    location: &Location,
    backend: Backend,
    connections: u32,
    connect_timeout: Duration,
) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(connections)
        .min_connections(u32::from(matches!(location, Location::Memory)))
        .acquire_timeout(connect_timeout)
        // A memory database lives as long as its connection.
        .idle_timeout(if matches!(location, Location::Memory) {
            None
        } else {
            Some(Duration::from_secs(600))
        })
        .max_lifetime(if matches!(location, Location::Memory) {
            None
        } else {
            Some(Duration::from_secs(1800))
        })
        .after_connect(move |connection, _| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    for pragma in [
                        "PRAGMA journal_mode = WAL",
                        "PRAGMA synchronous = NORMAL",
                        "PRAGMA busy_timeout = 5000",
                        // 64 MiB of page cache per connection (the default is 2 MiB):
                        // the events' indexes stay in memory under load.
                        "PRAGMA cache_size = -65536",
                        "PRAGMA wal_autocheckpoint = 16384",
                        "PRAGMA mmap_size = 268435456",
                        "PRAGMA foreign_keys = ON",
                    ] {
                        sqlx::query(pragma).execute(&mut *connection).await?;
                    }
                }
                Ok(())
            })
        })
}

fn sqlite_url(file: &Path) -> String {
    format!("sqlite://{}?mode=rwc", file.display())
}
