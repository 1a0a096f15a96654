//! The vehicle data that feeds the monitors: `POST /vehicles/{vin}/telemetry`, and the
//! status the monitors read (`/vehicles/{vin}/status`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Utc};
use hal_axum::Invalidates;
use hal_axum::conditional::Conditional;
use hal_axum::{ApiError, HalJson, JsonBody, PathParams as Path};
use hal_core::Hal;
use hal_core::forms::Validate;
use hal_core::media_type::HAL_JSON;
use hal_core::write::HalDocument;
use serde_json::Value;

use crate::resources::{MaintenanceDocument, TelemetryReceipt, VehicleStatusDocument};
use crate::telemetry::{Sample, VehicleStatus};

use super::vehicles::{own_status, status_validator};
use super::{Caller, own_vehicle};
use crate::state::AppState;

/// The most samples one request may carry.
pub const MAX_SAMPLES_PER_REQUEST: usize = 1_000;

/// The data the vehicle reported last.
pub(super) async fn vehicle_status(
    State(state): State<AppState>,
    caller: Caller,
    conditional: Conditional,
    Path(vin): Path<String>,
) -> Result<Response, ApiError> {
    status_answer(
        &state,
        &caller,
        &conditional,
        vin,
        VehicleStatusDocument::new,
    )
    .await
}

/// `GET /vehicles/{vin}/maintenance`: the maintenance counters the vehicle reported last.
pub(super) async fn vehicle_maintenance(
    State(state): State<AppState>,
    caller: Caller,
    conditional: Conditional,
    Path(vin): Path<String>,
) -> Result<Response, ApiError> {
    status_answer(&state, &caller, &conditional, vin, |vin, status| {
        MaintenanceDocument {
            vin,
            days_before_maintenance: status.days_before_maintenance,
            mileage_before_maintenance: status.mileage_before_maintenance,
            created_at: status.recorded_at,
        }
    })
    .await
}

/// Answers with the HAL document `document` makes of vehicle `vin`'s latest status, under that
/// status's validator.
async fn status_answer<T>(
    state: &AppState,
    caller: &Caller,
    conditional: &Conditional,
    vin: String,
    document: impl FnOnce(String, &VehicleStatus) -> T,
) -> Result<Response, ApiError>
where
    Hal<T>: HalDocument,
{
    let (seed, status) = own_status(state, caller, &vin).await?;
    let validator = status_validator(seed, caller, status.recorded_at, HAL_JSON);
    Ok(conditional.respond(validator, || HalJson(Hal(document(vin, &status)))))
}

/// Reads one sample or an array of them, none dated after `latest` (now plus the clock skew
/// allowed); errors point into the body (`/3/kinetic/speed`), and one bad sample refuses the
/// whole request.
pub(super) fn samples(body: Value, latest: DateTime<Utc>) -> Result<Vec<Sample>, ApiError> {
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
                let message = format!("invalid sample at {pointer}: {}", error.inner());
                ApiError::bad_member(message, pointer, error.inner().to_string())
            })?;
            if let Err(errors) = sample.validate() {
                return Err(broken_rules(&prefix(index), &errors));
            }
            if sample.recorded_at > latest {
                // Accepted, it would make every real sample after it late, for good.
                let pointer = format!("{}/recordedAt", prefix(index));
                return Err(ApiError::bad_request(format!(
                    "{pointer} is in the future: at most {} is accepted (the service's clock plus the clock skew allowed)",
                    hal_core::time::format(&latest)
                ))
                .with_member("pointer", pointer));
            }
            Ok(sample)
        })
        .collect()
}

/// The `400` for a sample that breaks its declared rules: each in `errors`, its pointer into
/// the body (`/3/kinetic/speed`), the first also as `pointer`.
fn broken_rules(prefix: &str, errors: &hal_core::forms::ValidationErrors) -> ApiError {
    let violations: Vec<Value> = hal_core::forms::violations(errors)
        .into_iter()
        .map(|v| serde_json::json!({"pointer": format!("{prefix}{}", v.pointer), "detail": v.detail, "rule": v.rule}))
        .collect();
    let first = violations.first().cloned().unwrap_or_default();
    let pointer = first["pointer"].as_str().unwrap_or_default().to_owned();
    ApiError::bad_request(format!(
        "{pointer} {}",
        first["detail"].as_str().unwrap_or_default()
    ))
    .with_member("pointer", pointer)
    .with_member("errors", Value::Array(violations))
}

/// Takes samples of the caller's vehicle, updates its status and runs the fleet's monitors.
pub(super) async fn telemetry(
    State(state): State<AppState>,
    caller: Caller,
    Path(vin): Path<String>,
    JsonBody(body): JsonBody<Value>,
) -> Result<(Invalidates, HalJson<Hal<TelemetryReceipt>>), ApiError> {
    own_vehicle(&*state.read()?, &caller, &vin)?;
    let samples = samples(body, Utc::now() + state.max_clock_skew)?;
    let receipt = state.ingest(&caller.0, &vin, samples).await?;
    // The samples move what the vehicle's status and position show.
    let vehicle = crate::paths::VEHICLE.replace("{vin}", &vin);
    let changed = Invalidates::new([format!("{vehicle}/status"), format!("{vehicle}/position")]);
    Ok((changed, HalJson(Hal(receipt))))
}
