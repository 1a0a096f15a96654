//! Monitors: created, changed and deleted with a revision each, and read back.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::monitors::model::MonitorParameter;
use crate::resources::{Monitor, MonitorStatus};
use hal_core::time::Timestamps;

use super::{Store, StoreError, corrupt, millis, time};

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

impl Store {
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

    /// The version of fleet `fleet_id`'s monitors: the highest revision among them, deleted ones
    /// included, which every creation, change and deletion moves up (0 before the first).
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails.
    pub async fn monitors_revision(&self, fleet_id: &str) -> Result<i64, StoreError> {
        let revision: Option<i64> =
            sqlx::query(&self.sql("SELECT MAX(revision) FROM monitors WHERE fleet_id = ?"))
                .bind(fleet_id.to_owned())
                .fetch_one(&self.pool)
                .await?
                .try_get(0)?;
        Ok(revision.unwrap_or(0))
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
        let mut connection = self.pool.acquire().await?;
        self.changes_in(&mut connection, revision).await
    }

    /// As [`Store::changes_since`], on `connection` (inside its transaction, if any).
    pub(super) async fn changes_in(
        &self,
        connection: &mut sqlx::AnyConnection,
        revision: i64,
    ) -> Result<Vec<MonitorChange>, StoreError> {
        let rows = sqlx::query(&self.sql(
            "SELECT id, fleet_id, parameter, status, created_at, updated_at, deleted, revision \
             FROM monitors WHERE revision > ? ORDER BY revision",
        ))
        .bind(revision)
        .fetch_all(connection)
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
