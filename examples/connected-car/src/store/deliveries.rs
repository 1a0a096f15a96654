//! Deliveries: which instance holds a monitor's (a lease), what is pending, and each attempt.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::Row;

use super::events::event_from_row;
use super::{Store, StoreError, StoredEvent, corrupt, millis};

/// A delivery's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
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
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Delivered => "delivered",
            Self::Failed => "failed",
            Self::Dropped => "dropped",
        }
    }

    pub(super) fn parse(text: &str) -> Result<Self, StoreError> {
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
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
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

/// One instance's right to deliver one monitor's events, until it expires: taken by
/// [`Store::claim`], kept by [`Store::renew`]. Its token is new at every claim, so a holder
/// whose lease expired and was taken (even by the same instance) can neither renew it nor
/// record an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    /// The monitor.
    pub monitor_id: String,
    /// The instance that holds it.
    pub owner: String,
    /// This claim's fencing token.
    pub token: i64,
}

/// What recording an attempt did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// Recorded; with the revision of the change when the monitor became `Failed`.
    Done {
        /// The monitor's change to `Failed`, if this attempt caused it.
        failed: Option<i64>,
    },
    /// Nothing recorded: the lease had expired or been taken, so the attempt's result is void.
    LeaseLost,
}

impl Store {
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
    ) -> Result<Vec<Lease>, StoreError> {
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
            // Random rather than counted: claims take no shared row.
            let token = i64::from_ne_bytes(
                uuid::Uuid::new_v4().as_bytes()[..8]
                    .try_into()
                    .unwrap_or_default(),
            );
            let taken = sqlx::query(&self.sql(
                "INSERT INTO leases (monitor_id, owner, expires_at, token) VALUES (?, ?, ?, ?) \
                 ON CONFLICT (monitor_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at, \
                 token = excluded.token \
                 WHERE leases.expires_at <= ? \
                 RETURNING monitor_id",
            ))
            .bind(monitor_id)
            .bind(owner.to_owned())
            .bind(until)
            .bind(token)
            .bind(now)
            .fetch_optional(&self.pool)
            .await?;
            if let Some(row) = taken {
                claimed.push(Lease {
                    monitor_id: row.try_get::<String, _>(0)?,
                    owner: owner.to_owned(),
                    token,
                });
            }
        }
        Ok(claimed)
    }

    /// Extends `lease` until `until`, if it is still held at `now`; false when it was lost
    /// (expired, and perhaps taken).
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails.
    pub async fn renew(
        &self,
        lease: &Lease,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let renewed = sqlx::query(&self.sql(
            "UPDATE leases SET expires_at = ? \
             WHERE monitor_id = ? AND owner = ? AND token = ? AND expires_at > ?",
        ))
        .bind(millis(until))
        .bind(lease.monitor_id.clone())
        .bind(lease.owner.clone())
        .bind(lease.token)
        .bind(millis(now))
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(renewed == 1)
    }

    /// Gives up `lease`, if it is still this claim's.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails.
    pub async fn release(&self, lease: &Lease) -> Result<(), StoreError> {
        sqlx::query(
            &self.sql("DELETE FROM leases WHERE monitor_id = ? AND owner = ? AND token = ?"),
        )
        .bind(lease.monitor_id.clone())
        .bind(lease.owner.clone())
        .bind(lease.token)
        .execute(&self.pool)
        .await?;
        Ok(())
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

    /// Records an attempt at delivering `event_ids` of the monitor `lease` holds, as batch
    /// `batch_id` (which later attempts send again as it is): their new state, the answer, and
    /// when to try again; counts deliveries that ended in failure in a row, and
    /// marks the monitor `Failed` when they reach `failed_after`. Returns whether the monitor
    /// became `Failed` (with the change's revision). Only the lease's holder records: the
    /// transaction first checks, and locks, the lease as of `now`.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails.
    #[allow(clippy::too_many_arguments)] // one attempt's whole record, written at once
    pub async fn record_attempt(
        &self,
        lease: &Lease,
        batch_id: &str,
        event_ids: &[String],
        state: DeliveryState,
        status: Option<u16>,
        error: Option<&str>,
        next_attempt_at: DateTime<Utc>,
        failed_after: i64,
        now: DateTime<Utc>,
    ) -> Result<Recorded, StoreError> {
        let monitor_id = lease.monitor_id.as_str();
        let mut transaction = self.pool.begin().await?;
        let held = sqlx::query(&self.sql(
            "UPDATE leases SET expires_at = expires_at \
             WHERE monitor_id = ? AND owner = ? AND token = ? AND expires_at > ?",
        ))
        .bind(monitor_id.to_owned())
        .bind(lease.owner.clone())
        .bind(lease.token)
        .bind(millis(now))
        .execute(&mut *transaction)
        .await?
        .rows_affected();
        if held != 1 {
            return Ok(Recorded::LeaseLost);
        }
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
        Ok(Recorded::Done {
            failed: became_failed,
        })
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
