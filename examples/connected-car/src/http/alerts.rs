//! Alerts (`/alerts/{id}`).

use axum::extract::State;
use axum::response::Response;
use hal_axum::conditional::Conditional;
use hal_axum::{ApiError, HalJson, PathParams as Path};
use hal_core::Hal;
use hal_core::media_type::HAL_JSON;

use super::{Caller, fleet_data_validator, id_parameter, is_own_vehicle, no_access};
use crate::state::AppState;

pub(super) async fn alert(
    State(state): State<AppState>,
    caller: Caller,
    conditional: Conditional,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = id_parameter("id", &id)?;
    let data = state.read()?;
    let alert = data
        .alerts
        .get(&id)
        .ok_or_else(|| ApiError::not_found(format!("no alert {id}")))?;
    if !is_own_vehicle(&data, &caller, &alert.vin) {
        return Err(no_access(format!("alert {id}")));
    }
    let validator = fleet_data_validator(&data, &caller, HAL_JSON);
    Ok(conditional.respond(validator, || HalJson(Hal(alert))))
}
