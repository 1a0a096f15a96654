//! Fleets (`/fleets`, `/fleets/{fleetId}`).

use axum::extract::State;
use axum::response::Response;
use hal_axum::conditional::Conditional;
use hal_axum::{ApiError, HalJson, PageQuery, PathParams as Path};
use hal_core::Hal;
use hal_core::media_type::HAL_JSON;

use crate::resources::*;

use super::{BASE, Caller, fleet_data_validator, no_access, page_of};
use crate::state::AppState;

/// The fleets the caller can see: its own.
pub(super) async fn fleets(
    State(state): State<AppState>,
    caller: Caller,
    conditional: Conditional,
    PageQuery(request, _): PageQuery,
) -> Result<Response, ApiError> {
    let data = state.read()?;
    let validator = fleet_data_validator(&data, &caller, HAL_JSON);
    Ok(conditional.respond(validator, || {
        let mine: Vec<Fleet> = data
            .fleets
            .iter()
            .filter(|f| f.fleet_id == caller.0)
            .cloned()
            .collect();
        let (items, paging) = page_of(&mine, &request, &state.paging, &format!("{BASE}/fleets"));
        HalJson(Hal(FleetPage {
            counts: PageCounts::new(&request, mine.len() as u64),
            paging,
            items,
        }))
    }))
}

pub(super) async fn fleet(
    State(state): State<AppState>,
    caller: Caller,
    conditional: Conditional,
    Path(fleet_id): Path<String>,
) -> Result<Response, ApiError> {
    let data = state.read()?;
    let fleet = data
        .fleets
        .iter()
        .find(|f| f.fleet_id == fleet_id)
        .ok_or_else(|| ApiError::not_found(format!("no fleet `{fleet_id}`")))?;
    if fleet.fleet_id != caller.0 {
        return Err(no_access(format!("fleet `{fleet_id}`")));
    }
    let validator = fleet_data_validator(&data, &caller, HAL_JSON);
    Ok(conditional.respond(validator, || HalJson(Hal(fleet))))
}
