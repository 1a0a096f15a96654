//! Alerts (`/alerts/{id}`).

use axum::extract::State;
use hal_axum::{ApiError, HalJson, PathParams as Path};
use hal_core::Hal;

use crate::resources::*;

use super::{Caller, id_parameter, is_own_vehicle, no_access};
use crate::state::AppState;

pub(super) async fn alert(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<HalJson<Hal<Alert>>, ApiError> {
    let id = id_parameter("id", &id)?;
    let data = state.read()?;
    let alert = data
        .alerts
        .get(&id)
        .ok_or_else(|| ApiError::not_found(format!("no alert {id}")))?;
    if !is_own_vehicle(&data, &caller, &alert.vin) {
        return Err(no_access(format!("alert {id}")));
    }
    Ok(HalJson(Hal(alert.clone())))
}
