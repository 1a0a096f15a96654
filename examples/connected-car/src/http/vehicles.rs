//! Vehicles, their trips, alerts and last position (`/vehicles/{vin}/…`).

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use hal_axum::conditional::{Conditional, ETag, Validator};
use hal_axum::{ApiError, HalJson, PageQuery, PathParams as Path, QueryParameters, ValidQuery};
use hal_core::media_type::HAL_JSON;
use hal_core::{Hal, Link, Rel, Resource};

use crate::resources::*;

use super::{BASE, Caller, fleet_data_validator, own_vehicle, page_of};
use crate::state::AppState;

/// `GET /vehicles` filters by brand.
pub(super) struct VehicleFilters;

impl QueryParameters for VehicleFilters {
    const NAMES: &'static [&'static str] = &["brand"];
}

/// `GET /vehicles/{vin}/trips` filters by start time (RFC 3339).
#[derive(serde::Deserialize, hal_core::forms::HalForm)]
pub(super) struct TripFilters {
    /// Trips that started at this time or later.
    #[serde(default, with = "hal_core::time::rfc3339::option")]
    since: Option<chrono::DateTime<chrono::Utc>>,
}

impl QueryParameters for TripFilters {
    const NAMES: &'static [&'static str] = &["since"];
}

pub(super) async fn vehicles(
    State(state): State<AppState>,
    caller: Caller,
    conditional: Conditional,
    PageQuery(request, _): PageQuery<VehicleFilters>,
) -> Result<Response, ApiError> {
    let data = state.read()?;
    let validator = fleet_data_validator(&data, &caller, HAL_JSON);
    Ok(conditional.respond(validator, || {
        let brand = request.parameter("brand");
        let mine: Vec<Vehicle> = data
            .vehicles
            .values()
            .filter(|v| {
                v.fleet_id == caller.0 && brand.is_none_or(|b| v.brand.eq_ignore_ascii_case(b))
            })
            .cloned()
            .collect();
        let (items, paging) = page_of(&mine, &request, &state.paging, &format!("{BASE}/vehicles"));
        HalJson(Hal(VehiclePage {
            counts: PageCounts::new(&request, mine.len() as u64),
            paging,
            items,
        }))
    }))
}

pub(super) async fn vehicle(
    State(state): State<AppState>,
    caller: Caller,
    conditional: Conditional,
    Path(vin): Path<String>,
) -> Result<Response, ApiError> {
    let data = state.read()?;
    let vehicle = own_vehicle(&data, &caller, &vin)?;
    let validator = fleet_data_validator(&data, &caller, HAL_JSON);
    Ok(conditional.respond(validator, || HalJson(Hal(vehicle))))
}

pub(super) async fn vehicle_trips(
    State(state): State<AppState>,
    caller: Caller,
    conditional: Conditional,
    Path(vin): Path<String>,
    PageQuery(request, _): PageQuery<TripFilters>,
    ValidQuery(TripFilters { since }): ValidQuery<TripFilters>,
) -> Result<Response, ApiError> {
    let data = state.read()?;
    own_vehicle(&data, &caller, &vin)?;
    let validator = fleet_data_validator(&data, &caller, HAL_JSON);
    Ok(conditional.respond(validator, || {
        let trips: Vec<TripSummary> = data
            .trips
            .values()
            .filter(|t| t.vin == vin && since.is_none_or(|s| t.started_at >= s))
            .map(TripSummary::from)
            .collect();
        let (items, paging) = page_of(
            &trips,
            &request,
            &state.paging,
            &format!("{BASE}/vehicles/{vin}/trips"),
        );
        HalJson(Hal(TripPage {
            counts: PageCounts::new(&request, trips.len() as u64),
            paging,
            items,
        }))
    }))
}

pub(super) async fn vehicle_alerts(
    State(state): State<AppState>,
    caller: Caller,
    conditional: Conditional,
    Path(vin): Path<String>,
    PageQuery(request, _): PageQuery,
) -> Result<Response, ApiError> {
    let data = state.read()?;
    own_vehicle(&data, &caller, &vin)?;
    let validator = fleet_data_validator(&data, &caller, HAL_JSON);
    Ok(conditional.respond(validator, || {
        let alerts: Vec<Alert> = data
            .alerts
            .values()
            .filter(|a| a.vin == vin)
            .cloned()
            .collect();
        let (items, paging) = page_of(
            &alerts,
            &request,
            &state.paging,
            &format!("{BASE}/vehicles/{vin}/alerts"),
        );
        HalJson(Hal(AlertPage {
            counts: PageCounts::new(&request, alerts.len() as u64),
            paging,
            items,
        }))
    }))
}

pub(super) const GEO_JSON: &str = "application/geo+json";
/// The origin's media type for a position (the GeoJSON type before RFC 7946 registered its own).
pub(super) const VND_GEO_JSON: &str = "application/vnd.geo+json";

/// The VIN of the vehicle the origin's path names: the caller's fleet (a 403 for another, as
/// for monitors) and a vehicle of it by `id` (a 404 for an unknown one, a 403 for another
/// fleet's).
fn origin_vin(
    state: &AppState,
    caller: &Caller,
    fleet_id: &str,
    id: &str,
) -> Result<String, ApiError> {
    let data = state.read()?;
    super::monitors::own_fleet(&data, caller, fleet_id)?;
    let vin = data
        .vins_by_id
        .get(id)
        .ok_or_else(|| ApiError::not_found(format!("no vehicle `{id}`")))?;
    own_vehicle(&data, caller, vin)?;
    Ok(vin.clone())
}

/// `GET /fleets/{fleet_id}/vehicles`, the origin's path of the fleet's vehicles; its links are
/// the service's own (`/vehicles`), which serve the same pages.
pub(super) async fn origin_vehicles(
    State(state): State<AppState>,
    caller: Caller,
    conditional: Conditional,
    Path(fleet_id): Path<String>,
    query: PageQuery<VehicleFilters>,
) -> Result<Response, ApiError> {
    super::monitors::own_fleet(&*state.read()?, &caller, &fleet_id)?;
    vehicles(State(state), caller, conditional, query).await
}

/// `GET /fleets/{fleet_id}/vehicles/{id}`: the vehicle, by the origin's path and `id`.
pub(super) async fn origin_vehicle(
    State(state): State<AppState>,
    caller: Caller,
    conditional: Conditional,
    Path((fleet_id, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let vin = origin_vin(&state, &caller, &fleet_id, &id)?;
    vehicle(State(state), caller, conditional, Path(vin)).await
}

/// `GET /fleets/{fleet_id}/vehicles/{id}/lastPosition`: the last position, by the origin's
/// path and `id`.
pub(super) async fn origin_last_position(
    State(state): State<AppState>,
    caller: Caller,
    conditional: Conditional,
    Path((fleet_id, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let vin = origin_vin(&state, &caller, &fleet_id, &id)?;
    vehicle_position(State(state), caller, conditional, Path(vin), headers).await
}

/// `GET /fleets/{fleet_id}/vehicles/{id}/status`: the status, by the origin's path and `id`.
pub(super) async fn origin_status(
    State(state): State<AppState>,
    caller: Caller,
    conditional: Conditional,
    Path((fleet_id, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let vin = origin_vin(&state, &caller, &fleet_id, &id)?;
    super::telemetry::vehicle_status(State(state), caller, conditional, Path(vin)).await
}

/// `GET /fleets/{fleet_id}/vehicles/{id}/trips`: the vehicle's trips, by the origin's path
/// and `id`.
pub(super) async fn origin_trips(
    State(state): State<AppState>,
    caller: Caller,
    conditional: Conditional,
    Path((fleet_id, id)): Path<(String, String)>,
    query: PageQuery<TripFilters>,
    filters: ValidQuery<TripFilters>,
) -> Result<Response, ApiError> {
    let vin = origin_vin(&state, &caller, &fleet_id, &id)?;
    vehicle_trips(State(state), caller, conditional, Path(vin), query, filters).await
}

/// `GET /fleets/{fleet_id}/vehicles/{id}/alerts`: the vehicle's alerts, by the origin's path
/// and `id`.
pub(super) async fn origin_alerts(
    State(state): State<AppState>,
    caller: Caller,
    conditional: Conditional,
    Path((fleet_id, id)): Path<(String, String)>,
    query: PageQuery,
) -> Result<Response, ApiError> {
    let vin = origin_vin(&state, &caller, &fleet_id, &id)?;
    vehicle_alerts(State(state), caller, conditional, Path(vin), query).await
}

/// `GET /fleets/{fleet_id}/vehicles/{id}/maintenance`: the maintenance counters, by the
/// origin's path and `id`.
pub(super) async fn origin_maintenance(
    State(state): State<AppState>,
    caller: Caller,
    conditional: Conditional,
    Path((fleet_id, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let vin = origin_vin(&state, &caller, &fleet_id, &id)?;
    super::telemetry::vehicle_maintenance(State(state), caller, conditional, Path(vin)).await
}

/// The last position as a GeoJSON Feature: `application/geo+json` (or the origin's
/// `application/vnd.geo+json`) when the client asks for it (and not for HAL), otherwise HAL
/// with the Feature's members and links.
pub(super) async fn vehicle_position(
    State(state): State<AppState>,
    caller: Caller,
    conditional: Conditional,
    Path(vin): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (seed, status) = own_status(&state, &caller, &vin).await?;
    let (Some(position), Some(recorded_at)) = (status.position, status.recorded_at) else {
        return Err(ApiError::not_found(format!("no position for `{vin}`")));
    };
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let geo = if accept.contains(HAL_JSON) {
        None
    } else if accept.contains(VND_GEO_JSON) {
        Some(VND_GEO_JSON)
    } else if accept.contains(GEO_JSON) {
        Some(GEO_JSON)
    } else {
        None
    };
    let media_type = geo.unwrap_or(HAL_JSON);
    let validator = status_validator(seed, &caller, Some(recorded_at), media_type);
    Ok(conditional.respond(validator, || {
        let feature = position_feature(&vin, &position, &status, recorded_at);
        if let Some(geo) = geo {
            let body =
                serde_json::to_vec(&feature).map_err(|e| ApiError::internal(e.to_string()))?;
            return Ok(([(header::CONTENT_TYPE, geo)], body).into_response());
        }
        let members = match serde_json::to_value(&feature) {
            Ok(serde_json::Value::Object(members)) => members,
            _ => return Err(ApiError::internal("cannot write the position")),
        };
        let resource = Resource::new(members)
            .with_link(
                Rel::SELF,
                Link::new(format!("{BASE}/vehicles/{vin}/position")),
            )
            .with_link(Rel::UP, Link::new(format!("{BASE}/vehicles/{vin}")))
            .with_link(
                Rel::ALTERNATE,
                Link::new(format!("{BASE}/vehicles/{vin}/position")).with_type(GEO_JSON),
            );
        Ok(HalJson(resource).into_response())
    }))
}

/// Vehicle `vin`'s latest status, when it is one of the caller's fleet's, and the seed its
/// validators start from.
pub(super) async fn own_status(
    state: &AppState,
    caller: &Caller,
    vin: &str,
) -> Result<(u64, crate::telemetry::VehicleStatus), ApiError> {
    let seed = {
        let data = state.read()?;
        own_vehicle(&data, caller, vin)?;
        data.seed
    };
    Ok((seed, state.vehicle_status(&caller.0, vin).await?))
}

/// The validator of what a vehicle's stored status shows, as `media_type`: the status changes
/// exactly when a sample is applied, and every applied sample moves `recordedAt` forward (an
/// older one is late and dropped); before any sample, the seed's status is shown, which never
/// changes. No `Last-Modified`: samples come several a second, finer than HTTP dates.
pub(super) fn status_validator(
    seed: u64,
    caller: &Caller,
    recorded_at: Option<DateTime<Utc>>,
    media_type: &str,
) -> Validator {
    Validator::new(ETag::of(&(seed, &caller.0, recorded_at, media_type)))
}

/// A last position as a GeoJSON Feature.
fn position_feature(
    vin: &str,
    position: &crate::telemetry::GeoPoint,
    status: &crate::telemetry::VehicleStatus,
    recorded_at: DateTime<Utc>,
) -> geojson::Feature {
    let mut properties = geojson::JsonObject::new();
    properties.insert("vin".into(), vin.into());
    properties.insert("speedKmh".into(), status.speed.unwrap_or(0.0).into());
    if let Some(heading) = status.heading {
        // Whole degrees, as the origin types it.
        #[allow(clippy::cast_possible_truncation)]
        properties.insert("heading".into(), (heading as i64).into());
    }
    let recorded_at = hal_core::time::format(&recorded_at);
    properties.insert("recordedAt".into(), recorded_at.clone().into());
    // The origin's names: when the position was taken, and that it was measured.
    properties.insert("createdAt".into(), recorded_at.into());
    properties.insert("type".into(), "Acquire".into());
    let coordinates = &position.coordinates;
    let point: geojson::Position = match coordinates.altitude {
        Some(altitude) => [coordinates.longitude, coordinates.latitude, altitude].into(),
        None => [coordinates.longitude, coordinates.latitude].into(),
    };
    geojson::Feature {
        bbox: None,
        geometry: Some(geojson::Geometry::new_point(point)),
        id: None,
        properties: Some(properties),
        foreign_members: None,
    }
}
