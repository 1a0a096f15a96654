//! What webhook signatures need from the database: each monitor's secret generation, and the
//! signing key when none is configured.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::{Store, StoreError, millis, time};

/// A monitor's secret generation, and when it last changed by a rotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecretGeneration {
    /// 1 at creation, one more at each rotation.
    pub generation: i64,
    /// When the last rotation happened, if one did.
    pub rotated_at: Option<DateTime<Utc>>,
}

impl Store {
    /// Monitor `monitor_id`'s secret generation, unless it is unknown or deleted.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails.
    pub async fn secret_generation(
        &self,
        monitor_id: &str,
    ) -> Result<Option<SecretGeneration>, StoreError> {
        let row = sqlx::query(&self.sql(
            "SELECT secret_generation, secret_rotated_at FROM monitors WHERE id = ? AND deleted = 0",
        ))
        .bind(monitor_id.to_owned())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| generation_from_row(&row)).transpose()
    }

    /// Starts a new generation of monitor `monitor_id`'s secret (of fleet `fleet_id`), as of
    /// `now`; `None` when there is no such monitor.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails.
    pub async fn rotate_secret(
        &self,
        fleet_id: &str,
        monitor_id: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<SecretGeneration>, StoreError> {
        let row = sqlx::query(&self.sql(
            "UPDATE monitors SET secret_generation = secret_generation + 1, secret_rotated_at = ? \
             WHERE id = ? AND fleet_id = ? AND deleted = 0 \
             RETURNING secret_generation, secret_rotated_at",
        ))
        .bind(millis(now))
        .bind(monitor_id.to_owned())
        .bind(fleet_id.to_owned())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| generation_from_row(&row)).transpose()
    }

    /// The signing key kept in the database, made from `make` and stored if there is none yet
    /// (when instances race, the first one's is everyone's).
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails.
    pub async fn signing_key(&self, make: impl FnOnce() -> String) -> Result<String, StoreError> {
        sqlx::query(&self.sql(
            "INSERT INTO settings (name, value) VALUES ('signing_key', ?) ON CONFLICT (name) DO NOTHING",
        ))
        .bind(make())
        .execute(&self.pool)
        .await?;
        let row = sqlx::query("SELECT value FROM settings WHERE name = 'signing_key'")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get(0)?)
    }
}

fn generation_from_row(row: &sqlx::any::AnyRow) -> Result<SecretGeneration, StoreError> {
    Ok(SecretGeneration {
        generation: row.try_get("secret_generation")?,
        rotated_at: row
            .try_get::<Option<i64>, _>("secret_rotated_at")?
            .map(time)
            .transpose()?,
    })
}
