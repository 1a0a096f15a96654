//! Fleets (`/fleets`, `/fleets/{fleetId}`).

use axum::extract::State;
use hal_axum::{ApiError, HalJson, PageQuery, PathParams as Path};
use hal_core::Hal;

use crate::resources::*;

use super::{BASE, Caller, no_access, page_of};
use crate::state::AppState;

/// The fleets the caller can see: its own.
pub(super) async fn fleets(
    State(state): State<AppState>,
    caller: Caller,
    PageQuery(request, _): PageQuery,
) -> Result<HalJson<Hal<FleetPage>>, ApiError> {
    let data = state.read()?;
    let mine: Vec<Fleet> = data
        .fleets
        .iter()
        .filter(|f| f.fleet_id == caller.0)
        .cloned()
        .collect();
    let (items, paging) = page_of(&mine, &request, &state.paging, &format!("{BASE}/fleets"));
    Ok(HalJson(Hal(FleetPage {
        total: mine.len() as u64,
        paging,
        items,
    })))
}

pub(super) async fn fleet(
    State(state): State<AppState>,
    caller: Caller,
    Path(fleet_id): Path<String>,
) -> Result<HalJson<Hal<Fleet>>, ApiError> {
    let data = state.read()?;
    let fleet = data
        .fleets
        .iter()
        .find(|f| f.fleet_id == fleet_id)
        .ok_or_else(|| ApiError::not_found(format!("no fleet `{fleet_id}`")))?;
    if fleet.fleet_id != caller.0 {
        return Err(no_access(format!("fleet `{fleet_id}`")));
    }
    Ok(HalJson(Hal(fleet.clone())))
}
