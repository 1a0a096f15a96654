//! Storage of monitors, their events and the events' delivery, in SQLite (one file under the
//! data folder, the default) or PostgreSQL (shared by several instances), through sqlx's `Any`
//! driver with one set of portable SQL and one set of migrations (`migrations/`), run on start.
//!
//! Times are stored as milliseconds since the Unix epoch and documents as JSON text, so the same
//! statements serve both back ends; the one difference is the placeholder syntax, which
//! the store translates for PostgreSQL (`?` becomes `$1`, `$2`…).
//!
//! SQLite runs in WAL mode with `synchronous = NORMAL`: a committed transaction survives the
//! process being killed (a power cut may lose the last few). One instance per SQLite file;
//! several instances share a PostgreSQL database.

use std::borrow::Cow;
use std::fmt;
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Row};

use crate::monitors::engine::MonitorEvent;
use crate::monitors::model::MonitorParameter;
use crate::resources::{Monitor, MonitorStatus};
use hal_core::time::Timestamps;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Why the store could not do what was asked.
#[derive(Debug)]
pub enum StoreError {
    /// The database cannot be reached or refused the work; the caller may try again later.
    Unavailable(String),
    /// What the database holds cannot be read back (a bug or a hand-edited row).
    Corrupt(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unavailable(reason) => write!(f, "the database is unavailable: {reason}"),
            Self::Corrupt(reason) => write!(f, "the database holds unreadable data: {reason}"),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        match error {
            sqlx::Error::ColumnDecode { .. }
            | sqlx::Error::Decode(_)
            | sqlx::Error::ColumnNotFound(_)
            | sqlx::Error::TypeNotFound { .. } => Self::Corrupt(error.to_string()),
            other => Self::Unavailable(other.to_string()),
        }
    }
}

fn corrupt(what: &str, error: impl fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {error}"))
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

/// A delivery's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum DeliveryState {
    /// Not delivered yet; attempted at `nextAttemptAt`.
    Pending,
    /// The receiver answered 2xx.
    Delivered,
    /// Every attempt the retry policy allows failed.
    Failed,
    /// Retried for three days (policy `Always`) without success.
    Dropped,
}

impl DeliveryState {
    fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Delivered => "delivered",
            Self::Failed => "failed",
            Self::Dropped => "dropped",
        }
    }

    fn parse(text: &str) -> Result<Self, StoreError> {
        Ok(match text {
            "pending" => Self::Pending,
            "delivered" => Self::Delivered,
            "failed" => Self::Failed,
            "dropped" => Self::Dropped,
            other => return Err(corrupt("delivery state", other)),
        })
    }
}

/// Where an event's delivery stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Delivery {
    /// Pending, delivered, failed or dropped.
    pub state: DeliveryState,
    /// Attempts made.
    pub attempts: i64,
    /// The receiver's last status, if it answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_status: Option<i64>,
    /// Why the last attempt failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// When a pending delivery is attempted next.
    #[serde(
        with = "hal_core::time::rfc3339::option",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub next_attempt_at: Option<DateTime<Utc>>,
}

/// An event and its delivery.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    /// The event as raised.
    pub event: MonitorEvent,
    /// Its delivery.
    pub delivery: Delivery,
    /// The batch it was first sent in, if it was.
    pub batch_id: Option<String>,
    /// Raising order.
    pub position: i64,
    /// When it was stored as raised.
    pub raised_at: DateTime<Utc>,
}

/// A change to a monitor, for instances keeping their engines in step.
#[derive(Debug, Clone)]
pub struct MonitorChange {
    /// The monitor as it is now.
    pub monitor: Monitor,
    /// Whether it was deleted.
    pub deleted: bool,
    /// The change's order.
    pub revision: i64,
}

/// What a conditional change did.
#[derive(Debug)]
pub enum Outcome<T> {
    /// Done.
    Done(T),
    /// No such monitor.
    Missing,
    /// The monitor is at another revision than the one expected: not changed.
    Changed(i64),
}

/// What creating a monitor did.
#[derive(Debug)]
pub enum Created {
    /// Stored, at this revision.
    Stored(i64),
    /// The fleet has as many monitors as it may.
    CapReached,
}

/// The database.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

fn millis(time: DateTime<Utc>) -> i64 {
    time.timestamp_millis()
}

fn time(millis: i64) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_millis(millis).ok_or_else(|| corrupt("time", millis))
}

impl Store {
    /// Connects to `location`, creating and migrating the database as needed.
    ///
    /// # Errors
    ///
    /// [`StoreError::Unavailable`] when the folder cannot be created, the server cannot be
    /// reached within `connect_timeout`, or a migration fails.
    pub async fn open(location: &Location, connect_timeout: Duration) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let (url, backend, connections) = match location {
            Location::Folder(folder) => {
                std::fs::create_dir_all(folder).map_err(|e| {
                    StoreError::Unavailable(format!("cannot create {}: {e}", folder.display()))
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
                let scheme = url.split(':').next().unwrap_or("");
                return Err(StoreError::Unavailable(format!(
                    "`{scheme}` URLs are not supported; use postgres://"
                )));
            }
        };
        let pool = AnyPoolOptions::new()
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
                            "PRAGMA foreign_keys = ON",
                        ] {
                            sqlx::query(pragma).execute(&mut *connection).await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await
            .map_err(|e| StoreError::Unavailable(e.to_string()))?;
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|e| StoreError::Unavailable(format!("migrating the database: {e}")))?;
        if backend == Backend::Sqlite {
            // One instance per SQLite file: leases left by a previous run (killed before it
            // could release them) belong to nobody, and waiting for them to expire would only
            // delay the deliveries they hold.
            sqlx::query("DELETE FROM leases").execute(&pool).await?;
        }
        Ok(Self { pool, backend })
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
    fn sql(&self, text: &'static str) -> Cow<'static, str> {
        match self.backend {
            Backend::Sqlite => Cow::Borrowed(text),
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

    /// Whether the database answers.
    ///
    /// # Errors
    ///
    /// [`StoreError::Unavailable`] when it does not.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Takes the next value of counter `name`, inside `transaction`.
    async fn next(
        &self,
        transaction: &mut sqlx::Transaction<'_, sqlx::Any>,
        name: &str,
    ) -> Result<i64, StoreError> {
        let row = sqlx::query(
            &self.sql("UPDATE counters SET value = value + 1 WHERE name = ? RETURNING value"),
        )
        .bind(name.to_owned())
        .fetch_one(&mut **transaction)
        .await?;
        Ok(row.try_get::<i64, _>(0)?)
    }

    /// Stores a new monitor, unless its fleet already has `max_per_fleet`.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails.
    pub async fn create_monitor(
        &self,
        monitor: &Monitor,
        max_per_fleet: usize,
    ) -> Result<Created, StoreError> {
        let mut transaction = self.pool.begin().await?;
        // The revision counter's row lock serializes creations, so the count below holds.
        let revision = self.next(&mut transaction, "revision").await?;
        let count: i64 = sqlx::query(
            &self.sql("SELECT COUNT(*) FROM monitors WHERE fleet_id = ? AND deleted = 0"),
        )
        .bind(monitor.fleet_id.clone())
        .fetch_one(&mut *transaction)
        .await?
        .try_get(0)?;
        if usize::try_from(count).unwrap_or(usize::MAX) >= max_per_fleet {
            return Ok(Created::CapReached);
        }
        let position = self.next(&mut transaction, "monitor").await?;
        sqlx::query(&self.sql(
            "INSERT INTO monitors (id, fleet_id, position, parameter, status, created_at, updated_at, revision) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        ))
        .bind(monitor.monitor_id.clone())
        .bind(monitor.fleet_id.clone())
        .bind(position)
        .bind(parameter_json(&monitor.monitor)?)
        .bind(status_text(monitor.status).to_owned())
        .bind(millis(monitor.timestamps.created_at))
        .bind(millis(monitor.timestamps.updated_at))
        .bind(revision)
        .execute(&mut *transaction)
        .await?;
        transaction.commit().await?;
        Ok(Created::Stored(revision))
    }

    /// Replaces monitor `id`'s parameter and status (the fleet's own only), if it is at revision
    /// `expected` (any, without one); returns the monitor and the change's revision.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails.
    pub async fn update_monitor(
        &self,
        fleet_id: &str,
        id: &str,
        parameter: Option<&MonitorParameter>,
        status: Option<MonitorStatus>,
        updated_at: DateTime<Utc>,
        expected: Option<i64>,
    ) -> Result<Outcome<(Monitor, i64)>, StoreError> {
        let mut transaction = self.pool.begin().await?;
        let revision = self.next(&mut transaction, "revision").await?;
        let current = sqlx::query(&self.sql(
            "SELECT id, fleet_id, parameter, status, created_at, updated_at, revision FROM monitors \
             WHERE id = ? AND fleet_id = ? AND deleted = 0",
        ))
        .bind(id.to_owned())
        .bind(fleet_id.to_owned())
        .fetch_optional(&mut *transaction)
        .await?;
        let Some(current) = current else {
            return Ok(Outcome::Missing);
        };
        let current_revision: i64 = current.try_get("revision")?;
        if expected.is_some_and(|expected| expected != current_revision) {
            return Ok(Outcome::Changed(current_revision));
        }
        let mut monitor = monitor_from_row(&current)?;
        if let Some(parameter) = parameter {
            monitor.monitor = parameter.clone();
        }
        if let Some(status) = status {
            monitor.status = status;
        }
        monitor.timestamps.updated_at = updated_at;
        // Running again after `Failed` starts the failure count afresh.
        sqlx::query(&self.sql(
            "UPDATE monitors SET parameter = ?, status = ?, updated_at = ?, revision = ?, \
             failures = CASE WHEN CAST(? AS TEXT) = 'Running' THEN 0 ELSE failures END WHERE id = ?",
        ))
        .bind(parameter_json(&monitor.monitor)?)
        .bind(status_text(monitor.status).to_owned())
        .bind(millis(updated_at))
        .bind(revision)
        .bind(status_text(monitor.status).to_owned())
        .bind(id.to_owned())
        .execute(&mut *transaction)
        .await?;
        transaction.commit().await?;
        Ok(Outcome::Done((monitor, revision)))
    }

    /// Deletes monitor `id` and its events, if it is at revision `expected` (any, without one);
    /// returns the change's revision.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails.
    pub async fn delete_monitor(
        &self,
        fleet_id: &str,
        id: &str,
        expected: Option<i64>,
    ) -> Result<Outcome<i64>, StoreError> {
        let mut transaction = self.pool.begin().await?;
        let revision = self.next(&mut transaction, "revision").await?;
        let current: Option<i64> = sqlx::query(
            &self
                .sql("SELECT revision FROM monitors WHERE id = ? AND fleet_id = ? AND deleted = 0"),
        )
        .bind(id.to_owned())
        .bind(fleet_id.to_owned())
        .fetch_optional(&mut *transaction)
        .await?
        .map(|row| row.try_get(0))
        .transpose()?;
        match (current, expected) {
            (None, _) => return Ok(Outcome::Missing),
            (Some(current), Some(expected)) if current != expected => {
                return Ok(Outcome::Changed(current));
            }
            _ => {}
        }
        let deleted = sqlx::query(&self.sql(
            "UPDATE monitors SET deleted = 1, revision = ? WHERE id = ? AND fleet_id = ? AND deleted = 0",
        ))
        .bind(revision)
        .bind(id.to_owned())
        .bind(fleet_id.to_owned())
        .execute(&mut *transaction)
        .await?
        .rows_affected();
        if deleted == 0 {
            return Ok(Outcome::Missing);
        }
        for statement in [
            "DELETE FROM events WHERE monitor_id = ?",
            "DELETE FROM leases WHERE monitor_id = ?",
        ] {
            sqlx::query(&self.sql(statement))
                .bind(id.to_owned())
                .execute(&mut *transaction)
                .await?;
        }
        transaction.commit().await?;
        Ok(Outcome::Done(revision))
    }

    /// Monitor `id` of fleet `fleet_id`, with its revision (which every change to it moves).
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails.
    pub async fn monitor(
        &self,
        fleet_id: &str,
        id: &str,
    ) -> Result<Option<(Monitor, i64)>, StoreError> {
        sqlx::query(&self.sql(
            "SELECT id, fleet_id, parameter, status, created_at, updated_at, revision FROM monitors \
             WHERE id = ? AND fleet_id = ? AND deleted = 0",
        ))
        .bind(id.to_owned())
        .bind(fleet_id.to_owned())
        .fetch_optional(&self.pool)
        .await?
        .map(|row| Ok((monitor_from_row(&row)?, row.try_get("revision")?)))
        .transpose()
    }

    /// A page of fleet `fleet_id`'s monitors in creation order, and how many it has.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails.
    pub async fn monitors(
        &self,
        fleet_id: &str,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<Monitor>, u64), StoreError> {
        let total: i64 = sqlx::query(
            &self.sql("SELECT COUNT(*) FROM monitors WHERE fleet_id = ? AND deleted = 0"),
        )
        .bind(fleet_id.to_owned())
        .fetch_one(&self.pool)
        .await?
        .try_get(0)?;
        let rows = sqlx::query(&self.sql(
            "SELECT id, fleet_id, parameter, status, created_at, updated_at FROM monitors \
             WHERE fleet_id = ? AND deleted = 0 ORDER BY position LIMIT ? OFFSET ?",
        ))
        .bind(fleet_id.to_owned())
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .bind(i64::try_from(offset).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await?;
        let monitors = rows
            .iter()
            .map(monitor_from_row)
            .collect::<Result<_, _>>()?;
        Ok((monitors, u64::try_from(total).unwrap_or(0)))
    }

    /// Every change to monitors after `revision`, oldest first (all monitors from 0).
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails.
    pub async fn changes_since(&self, revision: i64) -> Result<Vec<MonitorChange>, StoreError> {
        let rows = sqlx::query(&self.sql(
            "SELECT id, fleet_id, parameter, status, created_at, updated_at, deleted, revision \
             FROM monitors WHERE revision > ? ORDER BY revision",
        ))
        .bind(revision)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(MonitorChange {
                    monitor: monitor_from_row(row)?,
                    deleted: row.try_get::<i64, _>("deleted")? != 0,
                    revision: row.try_get("revision")?,
                })
            })
            .collect()
    }

    /// Stores events as raised and pending delivery, in one transaction; events of monitors
    /// deleted meanwhile are left out.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails; then none is stored.
    pub async fn insert_events(
        &self,
        events: &[MonitorEvent],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if events.is_empty() {
            return Ok(());
        }
        let mut transaction = self.pool.begin().await?;
        for event in events {
            let position = self.next(&mut transaction, "event").await?;
            let body = serde_json::to_string(event).map_err(|e| corrupt("event", e))?;
            sqlx::query(&self.sql(
                "INSERT INTO events (event_id, monitor_id, vin, position, raised_at, body, state, next_attempt_at) \
                 SELECT CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS BIGINT), \
                 CAST(? AS TEXT), 'pending', CAST(? AS BIGINT) WHERE EXISTS \
                 (SELECT 1 FROM monitors WHERE id = ? AND deleted = 0)",
            ))
            .bind(event.event_id.clone())
            .bind(event.monitor_id.clone())
            .bind(event.vin.clone())
            .bind(position)
            .bind(millis(now))
            .bind(body)
            .bind(millis(now))
            .bind(event.monitor_id.clone())
            .execute(&mut *transaction)
            .await?;
        }
        transaction.commit().await?;
        Ok(())
    }

    /// A page of monitor `id`'s events, newest first, and how many it has.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails.
    pub async fn events(
        &self,
        monitor_id: &str,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<StoredEvent>, u64), StoreError> {
        let total: i64 = sqlx::query(&self.sql("SELECT COUNT(*) FROM events WHERE monitor_id = ?"))
            .bind(monitor_id.to_owned())
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?;
        let rows = sqlx::query(&self.sql(
            "SELECT body, state, attempts, last_status, last_error, next_attempt_at, batch_id, position, raised_at \
             FROM events WHERE monitor_id = ? ORDER BY position DESC LIMIT ? OFFSET ?",
        ))
            .bind(monitor_id.to_owned())
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .bind(i64::try_from(offset).unwrap_or(i64::MAX))
            .fetch_all(&self.pool)
            .await?;
        let events = rows.iter().map(event_from_row).collect::<Result<_, _>>()?;
        Ok((events, u64::try_from(total).unwrap_or(0)))
    }

    /// Event `event_id` of monitor `monitor_id`.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails.
    pub async fn event(
        &self,
        monitor_id: &str,
        event_id: &str,
    ) -> Result<Option<StoredEvent>, StoreError> {
        sqlx::query(&self.sql(
            "SELECT body, state, attempts, last_status, last_error, next_attempt_at, batch_id, position, raised_at \
             FROM events WHERE monitor_id = ? AND event_id = ?",
        ))
        .bind(monitor_id.to_owned())
        .bind(event_id.to_owned())
        .fetch_optional(&self.pool)
        .await?
        .map(|row| event_from_row(&row))
        .transpose()
    }

    /// Leases up to `limit` monitors whose oldest pending event is due, for `owner`, until
    /// `lease` from `now`; returns them. A monitor leased by another instance, and not expired,
    /// is left to it: the lease row's key makes two claims of one monitor impossible.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails.
    pub async fn claim(
        &self,
        owner: &str,
        now: DateTime<Utc>,
        lease: Duration,
        limit: usize,
    ) -> Result<Vec<String>, StoreError> {
        let now = millis(now);
        let until = now + i64::try_from(lease.as_millis()).unwrap_or(i64::MAX / 2);
        // Read first, outside any write lock: each monitor's oldest pending event, if due.
        let candidates = sqlx::query(&self.sql(
            "SELECT e.monitor_id FROM events e \
             JOIN (SELECT monitor_id, MIN(position) AS head FROM events WHERE state = 'pending' \
                   GROUP BY monitor_id) h ON h.monitor_id = e.monitor_id AND h.head = e.position \
             WHERE e.next_attempt_at <= ? \
               AND NOT EXISTS (SELECT 1 FROM leases l WHERE l.monitor_id = e.monitor_id AND l.expires_at > ?) \
             ORDER BY e.position LIMIT ?",
        ))
        .bind(now)
        .bind(now)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await?;
        // Then take each lease, unless another instance took it meanwhile.
        let mut claimed = Vec::with_capacity(candidates.len());
        for candidate in candidates {
            let monitor_id: String = candidate.try_get(0)?;
            let taken = sqlx::query(&self.sql(
                "INSERT INTO leases (monitor_id, owner, expires_at) VALUES (?, ?, ?) \
                 ON CONFLICT (monitor_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at \
                 WHERE leases.expires_at <= ? \
                 RETURNING monitor_id",
            ))
            .bind(monitor_id)
            .bind(owner.to_owned())
            .bind(until)
            .bind(now)
            .fetch_optional(&self.pool)
            .await?;
            if let Some(row) = taken {
                claimed.push(row.try_get::<String, _>(0)?);
            }
        }
        Ok(claimed)
    }

    /// Extends `owner`'s lease on `monitor_id`; false when it was lost (expired and taken).
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails.
    pub async fn renew(
        &self,
        monitor_id: &str,
        owner: &str,
        until: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let renewed = sqlx::query(
            &self.sql("UPDATE leases SET expires_at = ? WHERE monitor_id = ? AND owner = ?"),
        )
        .bind(millis(until))
        .bind(monitor_id.to_owned())
        .bind(owner.to_owned())
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(renewed == 1)
    }

    /// Gives up `owner`'s lease on `monitor_id`.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails.
    pub async fn release(&self, monitor_id: &str, owner: &str) -> Result<(), StoreError> {
        sqlx::query(&self.sql("DELETE FROM leases WHERE monitor_id = ? AND owner = ?"))
            .bind(monitor_id.to_owned())
            .bind(owner.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Monitor `id` whatever its fleet, with whether it is deleted.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails.
    pub async fn monitor_by_id(&self, id: &str) -> Result<Option<(Monitor, bool)>, StoreError> {
        sqlx::query(&self.sql(
            "SELECT id, fleet_id, parameter, status, created_at, updated_at, deleted FROM monitors WHERE id = ?",
        ))
        .bind(id.to_owned())
        .fetch_optional(&self.pool)
        .await?
        .map(|row| Ok((monitor_from_row(&row)?, row.try_get::<i64, _>("deleted")? != 0)))
        .transpose()
    }

    /// Monitor `monitor_id`'s pending events in raising order, at most `limit`.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails.
    pub async fn pending(
        &self,
        monitor_id: &str,
        limit: usize,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        let rows = sqlx::query(&self.sql(
            "SELECT body, state, attempts, last_status, last_error, next_attempt_at, batch_id, position, raised_at \
             FROM events WHERE monitor_id = ? AND state = 'pending' ORDER BY position LIMIT ?",
        ))
        .bind(monitor_id.to_owned())
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(event_from_row).collect()
    }

    /// Sets when a pending event is attempted next (a batch waiting for its time window).
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails.
    pub async fn postpone(&self, event_id: &str, until: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query(&self.sql("UPDATE events SET next_attempt_at = ? WHERE event_id = ?"))
            .bind(millis(until))
            .bind(event_id.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Records an attempt at delivering `event_ids` of monitor `monitor_id` as batch
    /// `batch_id` (which later attempts send again as it is): their new state, the answer, and
    /// when to try again; counts deliveries that ended in failure in a row, and
    /// marks the monitor `Failed` when they reach `failed_after`. Returns whether the monitor
    /// became `Failed` (with the change's revision).
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails.
    #[allow(clippy::too_many_arguments)] // one attempt's whole record, written at once
    pub async fn record_attempt(
        &self,
        monitor_id: &str,
        batch_id: &str,
        event_ids: &[String],
        state: DeliveryState,
        status: Option<u16>,
        error: Option<&str>,
        next_attempt_at: DateTime<Utc>,
        failed_after: i64,
        now: DateTime<Utc>,
    ) -> Result<Option<i64>, StoreError> {
        let mut transaction = self.pool.begin().await?;
        for event_id in event_ids {
            sqlx::query(&self.sql(
                "UPDATE events SET state = ?, attempts = attempts + 1, last_status = ?, last_error = ?, \
                 next_attempt_at = ?, batch_id = ? WHERE event_id = ?",
            ))
            .bind(state.as_str().to_owned())
            .bind(status.map(i64::from))
            .bind(error.map(str::to_owned))
            .bind(millis(next_attempt_at))
            .bind(batch_id.to_owned())
            .bind(event_id.clone())
            .execute(&mut *transaction)
            .await?;
        }
        let mut became_failed = None;
        match state {
            DeliveryState::Delivered => {
                sqlx::query(
                    &self.sql("UPDATE monitors SET failures = 0 WHERE id = ? AND failures <> 0"),
                )
                .bind(monitor_id.to_owned())
                .execute(&mut *transaction)
                .await?;
            }
            DeliveryState::Failed | DeliveryState::Dropped => {
                let failures: i64 = sqlx::query(&self.sql(
                    "UPDATE monitors SET failures = failures + 1 WHERE id = ? RETURNING failures",
                ))
                .bind(monitor_id.to_owned())
                .fetch_optional(&mut *transaction)
                .await?
                .map(|row| row.try_get(0))
                .transpose()?
                .unwrap_or(0);
                if failures >= failed_after {
                    let revision = self.next(&mut transaction, "revision").await?;
                    let changed = sqlx::query(&self.sql(
                        "UPDATE monitors SET status = 'Failed', updated_at = ?, revision = ? \
                         WHERE id = ? AND status = 'Running' AND deleted = 0",
                    ))
                    .bind(millis(now))
                    .bind(revision)
                    .bind(monitor_id.to_owned())
                    .execute(&mut *transaction)
                    .await?
                    .rows_affected();
                    if changed == 1 {
                        became_failed = Some(revision);
                    }
                }
            }
            DeliveryState::Pending => {}
        }
        transaction.commit().await?;
        Ok(became_failed)
    }

    /// How many events are in each delivery state, for metrics and tests.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails.
    pub async fn delivery_counts(&self) -> Result<Vec<(DeliveryState, u64)>, StoreError> {
        let rows = sqlx::query("SELECT state, COUNT(*) FROM events GROUP BY state ORDER BY state")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                let count: i64 = row.try_get(1)?;
                Ok((
                    DeliveryState::parse(&row.try_get::<String, _>(0)?)?,
                    u64::try_from(count).unwrap_or(0),
                ))
            })
            .collect()
    }
}

fn sqlite_url(file: &Path) -> String {
    format!("sqlite://{}?mode=rwc", file.display())
}

fn parameter_json(parameter: &MonitorParameter) -> Result<String, StoreError> {
    serde_json::to_string(parameter).map_err(|e| corrupt("monitor parameter", e))
}

fn status_text(status: MonitorStatus) -> &'static str {
    match status {
        MonitorStatus::Running => "Running",
        MonitorStatus::Paused => "Paused",
        MonitorStatus::Failed => "Failed",
    }
}

fn monitor_from_row(row: &AnyRow) -> Result<Monitor, StoreError> {
    let parameter: String = row.try_get("parameter")?;
    let status = match row.try_get::<String, _>("status")?.as_str() {
        "Running" => MonitorStatus::Running,
        "Paused" => MonitorStatus::Paused,
        "Failed" => MonitorStatus::Failed,
        other => return Err(corrupt("monitor status", other)),
    };
    Ok(Monitor {
        monitor_id: row.try_get("id")?,
        fleet_id: row.try_get("fleet_id")?,
        monitor: serde_json::from_str(&parameter).map_err(|e| corrupt("monitor parameter", e))?,
        status,
        timestamps: Timestamps {
            created_at: time(row.try_get("created_at")?)?,
            updated_at: time(row.try_get("updated_at")?)?,
        },
    })
}

fn event_from_row(row: &AnyRow) -> Result<StoredEvent, StoreError> {
    let body: String = row.try_get("body")?;
    let state = DeliveryState::parse(&row.try_get::<String, _>("state")?)?;
    Ok(StoredEvent {
        event: serde_json::from_str(&body).map_err(|e| corrupt("event", e))?,
        delivery: Delivery {
            state,
            attempts: row.try_get("attempts")?,
            last_status: row.try_get("last_status")?,
            last_error: row.try_get("last_error")?,
            next_attempt_at: if state == DeliveryState::Pending {
                Some(time(row.try_get("next_attempt_at")?)?)
            } else {
                None
            },
        },
        batch_id: row.try_get("batch_id")?,
        position: row.try_get("position")?,
        raised_at: time(row.try_get("raised_at")?)?,
    })
}
