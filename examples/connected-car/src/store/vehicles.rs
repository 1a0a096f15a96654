//! The monitor engine's state per vehicle: one row each, taken by every request that applies
//! the vehicle's samples and written with the events it raised, in one transaction.

use chrono::{DateTime, Utc};
use sqlx::Row;

use crate::monitors::engine::MonitorEvent;

use super::{MonitorChange, Store, StoreError, millis};

/// A transaction that holds one vehicle's row: until it commits or is dropped (rolled back),
/// every other request for the vehicle, on any instance, waits for it.
pub struct VehicleTransaction {
    transaction: sqlx::Transaction<'static, sqlx::Any>,
    store: Store,
    vin: String,
    version: i64,
    state: Option<String>,
}

impl Store {
    /// Begins a transaction and takes vehicle `vin`'s row, creating it when the vehicle has
    /// none yet. The row's version goes up by one, so that a copy of the state kept in memory
    /// can tell whether it is still the stored one.
    ///
    /// The first statement writes: on SQLite that takes the database's write lock at once
    /// (waiting up to the busy timeout), so the transaction never has to upgrade a read lock
    /// another writer has made stale; on PostgreSQL it locks the row.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails.
    pub async fn lock_vehicle(&self, vin: &str) -> Result<VehicleTransaction, StoreError> {
        let mut transaction = self.vehicle_writer.begin().await?;
        let take = self.sql(
            "UPDATE vehicle_states SET version = version + 1 WHERE vin = ? RETURNING version, state",
        );
        let mut row = sqlx::query(&take)
            .bind(vin.to_owned())
            .fetch_optional(&mut *transaction)
            .await?;
        if row.is_none() {
            // Two first requests may race here: one inserts, the other's insert does nothing,
            // and both then take the row in turn.
            sqlx::query(&self.sql(
                "INSERT INTO vehicle_states (vin, version) VALUES (?, 0) ON CONFLICT (vin) DO NOTHING",
            ))
            .bind(vin.to_owned())
            .execute(&mut *transaction)
            .await?;
            row = sqlx::query(&take)
                .bind(vin.to_owned())
                .fetch_optional(&mut *transaction)
                .await?;
        }
        let row = row.ok_or_else(|| {
            super::corrupt(
                "vehicle state",
                format!("the row of vehicle {vin} vanished while it was taken"),
            )
        })?;
        Ok(VehicleTransaction {
            transaction,
            store: self.clone(),
            vin: vin.to_owned(),
            version: row.try_get("version")?,
            state: row.try_get("state")?,
        })
    }

    /// The state stored for vehicle `vin` (as [`VehicleTransaction::commit`] wrote it), if any.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails.
    pub async fn vehicle_state(&self, vin: &str) -> Result<Option<String>, StoreError> {
        let row = sqlx::query(&self.sql("SELECT state FROM vehicle_states WHERE vin = ?"))
            .bind(vin.to_owned())
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(row) => row.try_get("state")?,
            None => None,
        })
    }
}

impl VehicleTransaction {
    /// The row's version, after this transaction's increment.
    #[must_use]
    pub fn version(&self) -> i64 {
        self.version
    }

    /// The state the row held when taken (`None`: nothing stored yet).
    #[must_use]
    pub fn state(&self) -> Option<&str> {
        self.state.as_deref()
    }

    /// The revision of the latest monitor change, as this transaction sees it: every change
    /// answered before it began is included.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails.
    pub async fn monitor_revision(&mut self) -> Result<i64, StoreError> {
        let row = sqlx::query(
            &self
                .store
                .sql("SELECT value FROM counters WHERE name = 'revision'"),
        )
        .fetch_one(&mut *self.transaction)
        .await?;
        Ok(row.try_get(0)?)
    }

    /// The monitor changes after `revision`, read inside this transaction.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails.
    pub async fn changes_since(&mut self, revision: i64) -> Result<Vec<MonitorChange>, StoreError> {
        self.store.changes_in(&mut self.transaction, revision).await
    }

    /// Stores `events` as raised and pending delivery, leaving out those of monitors deleted
    /// meanwhile; returns how many were stored.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails.
    pub async fn insert_events(
        &mut self,
        events: &[MonitorEvent],
        now: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        self.store
            .insert_events_in(&mut self.transaction, events, now)
            .await
    }

    /// Writes the vehicle's new `state` and `watermark` (its latest applied `recordedAt`), and
    /// commits. Dropped without this, the transaction rolls back and nothing of it happened.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails; then nothing of the transaction is stored.
    pub async fn commit(
        mut self,
        state: &str,
        watermark: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            &self
                .store
                .sql("UPDATE vehicle_states SET state = ?, recorded_at = ? WHERE vin = ?"),
        )
        .bind(state.to_owned())
        .bind(watermark.map(millis))
        .bind(std::mem::take(&mut self.vin))
        .execute(&mut *self.transaction)
        .await?;
        self.transaction.commit().await?;
        Ok(())
    }
}
