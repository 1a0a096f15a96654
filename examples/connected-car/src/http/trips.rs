//! Trips and their way points (`/trips/{id}`).

use axum::extract::State;
use axum::response::Response;
use hal_axum::conditional::Conditional;
use hal_axum::{ApiError, HalJson, PathParams as Path};
use hal_core::Hal;
use hal_core::media_type::HAL_JSON;

use crate::fleet::FleetData;
use crate::resources::*;

use super::{Caller, fleet_data_validator, id_parameter, is_own_vehicle, no_access};
use crate::state::AppState;

/// The caller's trip `id`: 404 when unknown, 403 when another fleet's vehicle made it.
pub(super) fn own_trip<'d>(
    data: &'d FleetData,
    caller: &Caller,
    id: u64,
) -> Result<&'d Trip, ApiError> {
    let trip = data
        .trips
        .get(&id)
        .ok_or_else(|| ApiError::not_found(format!("no trip {id}")))?;
    if !is_own_vehicle(data, caller, &trip.vin) {
        return Err(no_access(format!("trip {id}")));
    }
    Ok(trip)
}

pub(super) async fn trip(
    State(state): State<AppState>,
    caller: Caller,
    conditional: Conditional,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = id_parameter("id", &id)?;
    let data = state.read()?;
    let trip = own_trip(&data, &caller, id)?;
    let validator = fleet_data_validator(&data, &caller, HAL_JSON);
    Ok(conditional.respond(validator, || HalJson(Hal(trip))))
}

pub(super) async fn way_point(
    State(state): State<AppState>,
    caller: Caller,
    conditional: Conditional,
    Path((id, seq)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (id, seq) = (id_parameter("id", &id)?, id_parameter("seq", &seq)?);
    let data = state.read()?;
    let trip = own_trip(&data, &caller, id)?;
    let point = trip
        .way_points
        .iter()
        .find(|w| u64::from(w.seq) == seq)
        .ok_or_else(|| ApiError::not_found(format!("trip {id} has no way point {seq}")))?;
    let validator = fleet_data_validator(&data, &caller, HAL_JSON);
    Ok(conditional.respond(validator, || HalJson(Hal(point))))
}
