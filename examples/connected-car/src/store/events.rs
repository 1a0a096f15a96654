//! The events the engine raised, stored with their pending delivery.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::monitors::engine::MonitorEvent;

use super::{Delivery, DeliveryState, Store, StoreError, corrupt, millis, time};

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

/// The most rows one statement inserts: 7 parameters each stay far below SQLite's and
/// PostgreSQL's limits on parameters.
const ROWS_PER_INSERT: usize = 500;

impl Store {
    /// Stores events as raised and pending delivery, inside the transaction on `connection`;
    /// events of monitors deleted meanwhile are left out. Returns how many were stored.
    ///
    /// A few statements whatever the number of events: which of their monitors still exist,
    /// one counter update for all their positions, and inserts of up to [`ROWS_PER_INSERT`]
    /// rows each.
    pub(super) async fn insert_events_in(
        &self,
        connection: &mut sqlx::AnyConnection,
        events: &[MonitorEvent],
        now: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        if events.is_empty() {
            return Ok(0);
        }
        let mut monitors: Vec<&str> = events.iter().map(|e| e.monitor_id.as_str()).collect();
        monitors.sort_unstable();
        monitors.dedup();
        let mut live = std::collections::HashSet::new();
        for chunk in monitors.chunks(ROWS_PER_INSERT) {
            let text = format!(
                "SELECT id FROM monitors WHERE deleted = 0 AND id IN ({})",
                vec!["?"; chunk.len()].join(", ")
            );
            let sql = self.sql(text);
            let mut query = sqlx::query(&sql);
            for id in chunk {
                query = query.bind((*id).to_owned());
            }
            for row in query.fetch_all(&mut *connection).await? {
                live.insert(row.try_get::<String, _>(0)?);
            }
        }
        let kept: Vec<&MonitorEvent> = events
            .iter()
            .filter(|event| live.contains(&event.monitor_id))
            .collect();
        if kept.is_empty() {
            return Ok(0);
        }
        let count = i64::try_from(kept.len()).unwrap_or(i64::MAX);
        let first = self.next_values(connection, "event", count).await?;
        let mut position = first;
        for chunk in kept.chunks(ROWS_PER_INSERT) {
            let text = format!(
                "INSERT INTO events (event_id, monitor_id, vin, position, raised_at, body, state, next_attempt_at) VALUES {}",
                vec!["(?, ?, ?, ?, ?, ?, 'pending', ?)"; chunk.len()].join(", ")
            );
            let sql = self.sql(text);
            let mut query = sqlx::query(&sql);
            for event in chunk {
                let body = serde_json::to_string(event).map_err(|e| corrupt("event", e))?;
                query = query
                    .bind(event.event_id.clone())
                    .bind(event.monitor_id.clone())
                    .bind(event.vin.clone())
                    .bind(position)
                    .bind(millis(now))
                    .bind(body)
                    .bind(millis(now));
                position += 1;
            }
            query.execute(&mut *connection).await?;
        }
        Ok(kept.len())
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
}

pub(super) fn event_from_row(row: &AnyRow) -> Result<StoredEvent, StoreError> {
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
