//! The vehicle data that feeds the monitors: `POST /vehicles/{vin}/telemetry`, and the
//! status the monitors read (`/vehicles/{vin}/status`).

use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use hal_axum::{ApiError, HalJson, JsonBody, PathParams as Path};
use hal_core::Hal;
use serde_json::Value;

use crate::monitors::engine::{Engine, IngestError};
use crate::resources::{TelemetryReceipt, VehicleStatusDocument};
use crate::telemetry::{Sample, VehicleStatus};

use super::{Caller, own_vehicle};
use crate::state::AppState;

/// The most samples one request may carry.
pub const MAX_SAMPLES_PER_REQUEST: usize = 1_000;

/// The data the vehicle reported last.
pub(super) async fn vehicle_status(
    State(state): State<AppState>,
    caller: Caller,
    Path(vin): Path<String>,
) -> Result<HalJson<Hal<VehicleStatusDocument>>, ApiError> {
    own_vehicle(&*state.read()?, &caller, &vin)?;
    let status = stored_status(&state, &caller.0, &vin).await?;
    Ok(HalJson(Hal(VehicleStatusDocument { vin, status })))
}

/// Reads one sample or an array of them; errors point into the body (`/3/kinetic/speed`).
pub(super) fn samples(body: Value) -> Result<Vec<Sample>, ApiError> {
    let (values, prefix): (Vec<Value>, fn(usize) -> String) = match body {
        Value::Array(values) => (values, |index| format!("/{index}")),
        object @ Value::Object(_) => (vec![object], |_| String::new()),
        _ => {
            return Err(ApiError::bad_request(
                "the body is one sample (an object) or an array of samples",
            )
            .with_member("pointer", ""));
        }
    };
    if values.len() > MAX_SAMPLES_PER_REQUEST {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("at most {MAX_SAMPLES_PER_REQUEST} samples per request"),
        ));
    }
    values
        .into_iter()
        .enumerate()
        .map(|(index, value)| {
            let sample: Sample = serde_path_to_error::deserialize(value).map_err(|error| {
                let pointer = format!("{}{}", prefix(index), hal_axum::json_pointer(&error));
                ApiError::bad_request(format!("invalid sample at {pointer}: {}", error.inner()))
                    .with_member("pointer", pointer)
            })?;
            sample.validate().map_err(|error| {
                let pointer = format!("{}{}", prefix(index), error.pointer);
                ApiError::bad_request(format!("{pointer} {}", error.message))
                    .with_member("pointer", pointer)
            })?;
            Ok(sample)
        })
        .collect()
}

/// Takes samples of the caller's vehicle, updates its status and runs the fleet's monitors.
pub(super) async fn telemetry(
    State(state): State<AppState>,
    caller: Caller,
    Path(vin): Path<String>,
    JsonBody(body): JsonBody<Value>,
) -> Result<HalJson<Hal<TelemetryReceipt>>, ApiError> {
    own_vehicle(&*state.read()?, &caller, &vin)?;
    let samples = samples(body)?;
    let receipt = ingest(&state, &caller.0, &vin, samples).await?;
    Ok(HalJson(Hal(receipt)))
}

/// The one ingestion path, for HTTP and the simulator. One transaction holds the vehicle's
/// row from before its state is read until the new state and the events it raised are stored:
///
/// 1. take the row (requests for the vehicle on every instance wait for each other here);
/// 2. read the monitor revision and load the changes the engine lacks, so that a monitor
///    change answered before this request is evaluated by it, on whatever instance;
/// 3. apply the samples to the stored state (the engine's copy when it is that state);
/// 4. store the events and the new state, and commit.
///
/// If any step fails nothing of it happened: the engine reads the stored state again next
/// time, the client gets a `503` and its retry raises the events.
///
/// # Errors
///
/// A `404` problem when the fleet has no vehicle `vin`; a `503` when the database fails; a
/// `500` when the stored state cannot be read.
pub(crate) async fn ingest(
    state: &AppState,
    fleet_id: &str,
    vin: &str,
    samples: Vec<Sample>,
) -> Result<TelemetryReceipt, ApiError> {
    if !state.engine.has_vehicle(fleet_id, vin) {
        return Err(ApiError::not_found(format!("no vehicle `{vin}`")));
    }
    let mut transaction = state.store.lock_vehicle(vin).await?;
    let revision = transaction.monitor_revision().await?;
    if revision > state.applied_revision() {
        let changes = transaction.changes_since(state.applied_revision()).await?;
        state.apply_changes(changes);
    }
    let outcome = state
        .engine
        .ingest_stored(
            fleet_id,
            vin,
            samples,
            transaction.version(),
            transaction.state(),
        )
        .map_err(|error| match error {
            IngestError::UnknownVehicle => ApiError::not_found(format!("no vehicle `{vin}`")),
            IngestError::UnreadableState(_) => {
                tracing::error!(%vin, %error, "cannot read a stored vehicle state");
                ApiError::internal("the vehicle's stored state cannot be read")
            }
        })?;
    let ingested = &outcome.ingested;
    let stored = transaction
        .insert_events(&ingested.events, Utc::now())
        .await?;
    transaction
        .commit(&outcome.record, outcome.watermark)
        .await?;
    state.engine.committed(fleet_id, vin, outcome.ticket);
    for (result, count) in [
        ("accepted", ingested.accepted),
        ("duplicate", ingested.duplicates),
        ("late", ingested.late),
    ] {
        metrics::counter!("connected_car_samples_total", "result" => result)
            .increment(count as u64);
    }
    metrics::counter!("connected_car_events_raised_total").increment(stored as u64);
    Ok(TelemetryReceipt {
        vin: vin.to_owned(),
        accepted: ingested.accepted,
        duplicates: ingested.duplicates,
        late: ingested.late,
        events_raised: stored,
    })
}

/// The status stored for vehicle `vin` of `fleet_id`: what its latest applied sample left, or
/// its seeded status when none was stored.
///
/// # Errors
///
/// A `503` problem when the database fails; a `500` when the stored state cannot be read.
pub(crate) async fn stored_status(
    state: &AppState,
    fleet_id: &str,
    vin: &str,
) -> Result<VehicleStatus, ApiError> {
    match state.store.vehicle_state(vin).await? {
        Some(record) => Engine::stored_status(&record).map_err(|error| {
            tracing::error!(%vin, %error, "cannot read a stored vehicle state");
            ApiError::internal("the vehicle's stored state cannot be read")
        }),
        None => Ok(state.engine.seed_status(fleet_id, vin).unwrap_or_default()),
    }
}
