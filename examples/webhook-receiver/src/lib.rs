//! A receiver for connected-car's webhooks, small enough to copy: it verifies each delivery's
//! Standard Webhooks signature (a bad or missing signature, or a timestamp more than five
//! minutes off, is a `401` problem), drops a delivery it already stored by its `webhook-id`,
//! stores the events in SQLite, answers `200` only once they are stored (so the sender retries
//! anything else), and serves what it received as HAL:
//!
//! - `POST /webhooks`: a delivery (`{monitorId, attributes, events}`);
//! - `GET /events`: the events received, newest first, embedded as `events`.
//!
//! # Examples
//!
//! ```
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let receiver = webhook_receiver::Receiver::memory().await?;
//! receiver.add_secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?;
//! let app: axum::Router = webhook_receiver::router(receiver);
//! # Ok::<(), webhook_receiver::Error>(())
//! # }).unwrap();
//! ```

use std::sync::{Arc, RwLock};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use hal_axum::{ApiError, HalJson};
use hal_core::{Link, Resource};
use serde_json::Value;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{Row, SqlitePool};
use standardwebhooks::Webhook;

/// The receiver: its database and the secrets deliveries may be signed with (several while a
/// sender rotates).
#[derive(Clone)]
pub struct Receiver {
    pool: SqlitePool,
    secrets: Arc<RwLock<Vec<Arc<Webhook>>>>,
}

/// Why the receiver cannot start.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

impl Receiver {
    /// A receiver storing in the SQLite file `file`, created if needed.
    ///
    /// # Errors
    ///
    /// When the file cannot be opened or its tables made.
    pub async fn open(file: &std::path::Path) -> Result<Self, Error> {
        let options = SqliteConnectOptions::new()
            .filename(file)
            .create_if_missing(true)
            .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal);
        Self::with_pool(SqlitePoolOptions::new().connect_with(options).await?).await
    }

    /// A receiver storing in memory, for tests and examples.
    ///
    /// # Errors
    ///
    /// When SQLite cannot make the database.
    pub async fn memory() -> Result<Self, Error> {
        // One connection: each connection to `:memory:` is a database of its own.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect("sqlite::memory:")
            .await?;
        Self::with_pool(pool).await
    }

    async fn with_pool(pool: SqlitePool) -> Result<Self, Error> {
        for statement in [
            "CREATE TABLE IF NOT EXISTS deliveries (webhook_id TEXT PRIMARY KEY, received_at INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS events (event_id TEXT PRIMARY KEY, position INTEGER NOT NULL, body TEXT NOT NULL)",
        ] {
            sqlx::query(statement).execute(&pool).await?;
        }
        Ok(Self {
            pool,
            secrets: Arc::default(),
        })
    }

    /// Accepts deliveries signed with `secret` (`whsec_…`, as the sender gave it), besides the
    /// secrets already added.
    ///
    /// # Errors
    ///
    /// When `secret` is not base64 after its prefix.
    pub fn add_secret(&self, secret: &str) -> Result<(), Error> {
        let webhook = Webhook::new(secret)?;
        self.secrets
            .write()
            .map_err(|_| "the secrets' lock is poisoned")?
            .push(Arc::new(webhook));
        Ok(())
    }

    /// Whether `body` with `headers` is signed by one of the secrets, within five minutes.
    fn verified(&self, body: &[u8], headers: &HeaderMap) -> Result<(), ApiError> {
        let secrets = self
            .secrets
            .read()
            .map_err(|_| ApiError::internal("the secrets' lock is poisoned"))?
            .clone();
        let mut why = String::from("no secret is configured");
        for secret in secrets {
            match secret.verify(body, headers) {
                Ok(()) => return Ok(()),
                Err(error) => why = error.to_string(),
            }
        }
        Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            format!("the delivery is not signed as it must be: {why}"),
        ))
    }
}

/// The receiver's routes.
pub fn router(receiver: Receiver) -> axum::Router {
    axum::Router::new()
        .route("/webhooks", post(deliver))
        .route("/events", get(events))
        .with_state(receiver)
}

fn database(error: sqlx::Error) -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        format!("cannot store the delivery now: {error}"),
    )
}

/// Stores a verified delivery's events once; answers 200 only when they are stored.
async fn deliver(
    State(receiver): State<Receiver>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    receiver.verified(&body, &headers)?;
    let id = headers
        .get(standardwebhooks::HEADER_WEBHOOK_ID)
        .and_then(|id| id.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let delivery: Value = serde_json::from_slice(&body)
        .map_err(|error| ApiError::bad_request(format!("the body is not JSON: {error}")))?;
    let mut transaction = receiver.pool.begin().await.map_err(database)?;
    let received_at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX)
        });
    let fresh = sqlx::query(
        "INSERT INTO deliveries (webhook_id, received_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
    )
    .bind(&id)
    .bind(received_at)
    .execute(&mut *transaction)
    .await
    .map_err(database)?
    .rows_affected();
    if fresh == 0 {
        // Sent again (the first answer was lost): stored already.
        return Ok(StatusCode::OK);
    }
    for event in delivery["events"].as_array().into_iter().flatten() {
        let event_id = event["eventId"].as_str().unwrap_or_default();
        sqlx::query(
            "INSERT INTO events (event_id, position, body) \
             VALUES (?, (SELECT COUNT(*) FROM events), ?) ON CONFLICT DO NOTHING",
        )
        .bind(event_id)
        .bind(event.to_string())
        .execute(&mut *transaction)
        .await
        .map_err(database)?;
    }
    transaction.commit().await.map_err(database)?;
    Ok(StatusCode::OK)
}

/// The events received, newest first (at most 1 000).
async fn events(State(receiver): State<Receiver>) -> Result<HalJson<Resource>, ApiError> {
    let rows = sqlx::query("SELECT body FROM events ORDER BY position DESC LIMIT 1000")
        .fetch_all(&receiver.pool)
        .await
        .map_err(database)?;
    let mut events = Vec::with_capacity(rows.len());
    for row in rows {
        let body: String = row.try_get(0).map_err(database)?;
        let Ok(Value::Object(members)) = serde_json::from_str::<Value>(&body) else {
            continue;
        };
        events.push(
            members
                .into_iter()
                .fold(Resource::object(), |event, (name, value)| {
                    event.with_member(name, value)
                }),
        );
    }
    let count = events.len();
    Ok(HalJson(
        Resource::object()
            .with_link("self", Link::new("/events"))
            .with_member("count", count)
            .with_embedded_many("events", events),
    ))
}
