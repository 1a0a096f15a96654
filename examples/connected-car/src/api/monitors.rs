//! Monitors (`/fleets/{fleetId}/monitors`), their status and events, and the vehicle data that
//! feeds them (`/vehicles/{vin}/telemetry`).

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use hal_axum::{ApiError, HalJson, JsonBody, PageQuery, PathParams as Path};
use hal_core::Hal;
use hal_core::time::Timestamps;
use hal_paging::Total;
use indexmap::IndexMap;
use serde_json::Value;

use super::{AppState, BASE, Caller, no_access, own_vehicle, page_range};
use crate::fleet::{EVENTS_KEPT_PER_MONITOR, FleetData};
use crate::monitors::engine::{IngestError, MonitorEvent};
use crate::monitors::model::{FieldError, MonitorParameter};
use crate::resources::{
    Event, EventPage, Monitor, MonitorPage, MonitorRef, MonitorStatus, MonitorStatusDocument,
    MonitorStatusInput, TelemetryReceipt, VehicleStatusDocument,
};
use crate::telemetry::Sample;

/// The most samples one request may carry.
pub const MAX_SAMPLES_PER_REQUEST: usize = 1_000;

/// The fleet in the path, which must be the caller's: 404 when there is no such fleet, 403
/// when it is another's.
fn own_fleet(data: &FleetData, caller: &Caller, fleet_id: &str) -> Result<(), ApiError> {
    if !data.fleets.iter().any(|f| f.fleet_id == fleet_id) {
        return Err(ApiError::not_found(format!("no fleet `{fleet_id}`")));
    }
    if fleet_id != caller.0 {
        return Err(no_access(format!("fleet `{fleet_id}`")));
    }
    Ok(())
}

/// The caller's monitor `id` in fleet `fleet_id`.
fn own_monitor<'d>(
    data: &'d FleetData,
    caller: &Caller,
    fleet_id: &str,
    id: &str,
) -> Result<&'d Monitor, ApiError> {
    own_fleet(data, caller, fleet_id)?;
    data.monitors
        .get(fleet_id)
        .and_then(|monitors| monitors.get(id))
        .ok_or_else(|| ApiError::not_found(format!("no monitor `{id}`")))
}

fn monitors_href(fleet_id: &str) -> String {
    format!("{BASE}/fleets/{fleet_id}/monitors")
}

fn field_error(error: FieldError) -> ApiError {
    ApiError::bad_request(format!("{} {}", error.pointer, error.message))
        .with_member("pointer", error.pointer)
}

/// The fleet's monitors, in creation order; a page costs its own length, not the fleet's.
pub(super) async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(fleet_id): Path<String>,
    PageQuery(request, _): PageQuery,
) -> Result<HalJson<Hal<MonitorPage>>, ApiError> {
    let data = state.read()?;
    own_fleet(&data, &caller, &fleet_id)?;
    let mine = data.monitors.get(&fleet_id);
    let total = mine.map_or(0, IndexMap::len);
    let items = mine
        .and_then(|monitors| monitors.get_range(page_range(total, &request)))
        .map(|page| page.values().cloned().collect())
        .unwrap_or_default();
    let paging = state.paging.links(
        &request,
        &monitors_href(&fleet_id),
        Total::Exact(total as u64),
    );
    Ok(HalJson(Hal(MonitorPage {
        total: total as u64,
        paging,
        items,
    })))
}

/// `202 Accepted` with `Location` and a [`MonitorRef`]: the monitor is running from now on.
pub(super) async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Path(fleet_id): Path<String>,
    JsonBody(parameter): JsonBody<MonitorParameter>,
) -> Result<Response, ApiError> {
    let now = Utc::now();
    let mut data = state.write()?;
    own_fleet(&data, &caller, &fleet_id)?;
    let rule = parameter.compile(now).map_err(field_error)?;
    let max = state.max_monitors_per_fleet;
    let mine = data.monitors.entry(fleet_id.clone()).or_default();
    if mine.len() >= max {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            format!("your fleet has {max} monitors, the most it may have; delete one first"),
        )
        .with_member("maxMonitors", max));
    }
    // Random, so that an id says nothing of how many monitors other fleets made.
    let monitor_id = uuid::Uuid::new_v4().simple().to_string();
    let monitor = Monitor {
        monitor_id: monitor_id.clone(),
        fleet_id: fleet_id.clone(),
        monitor: parameter,
        status: MonitorStatus::Running,
        timestamps: Timestamps::created(now),
    };
    let reference = MonitorRef::from(&monitor);
    mine.insert(monitor_id.clone(), monitor);
    state.engine.upsert(&fleet_id, &monitor_id, rule, true);
    let location = format!("{}/{monitor_id}", monitors_href(&fleet_id));
    let mut response = (StatusCode::ACCEPTED, HalJson(Hal(reference))).into_response();
    let location = HeaderValue::try_from(location)
        .map_err(|_| ApiError::internal("the new monitor's location is not a header value"))?;
    response.headers_mut().insert(header::LOCATION, location);
    Ok(response)
}

pub(super) async fn read(
    State(state): State<AppState>,
    caller: Caller,
    Path((fleet_id, id)): Path<(String, String)>,
) -> Result<HalJson<Hal<Monitor>>, ApiError> {
    let data = state.read()?;
    Ok(HalJson(Hal(
        own_monitor(&data, &caller, &fleet_id, &id)?.clone()
    )))
}

/// Replaces the parameter; the engine starts the monitor afresh.
pub(super) async fn replace(
    State(state): State<AppState>,
    caller: Caller,
    Path((fleet_id, id)): Path<(String, String)>,
    JsonBody(parameter): JsonBody<MonitorParameter>,
) -> Result<HalJson<Hal<Monitor>>, ApiError> {
    let now = Utc::now();
    let mut data = state.write()?;
    own_monitor(&data, &caller, &fleet_id, &id)?;
    let rule = parameter.compile(now).map_err(field_error)?;
    let monitor = data
        .monitors
        .get_mut(&fleet_id)
        .and_then(|monitors| monitors.get_mut(&id))
        .ok_or_else(|| ApiError::not_found(format!("no monitor `{id}`")))?;
    monitor.monitor = parameter;
    monitor.timestamps.updated_at = now;
    state.engine.upsert(
        &fleet_id,
        &id,
        rule,
        monitor.status == MonitorStatus::Running,
    );
    Ok(HalJson(Hal(monitor.clone())))
}

pub(super) async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path((fleet_id, id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let mut data = state.write()?;
    own_monitor(&data, &caller, &fleet_id, &id)?;
    if let Some(monitors) = data.monitors.get_mut(&fleet_id) {
        // Keeps creation order for paging; at most the fleet's cap of monitors move.
        monitors.shift_remove(&id);
    }
    data.events.remove(&id);
    state.engine.remove(&fleet_id, &id);
    Ok(StatusCode::NO_CONTENT)
}

fn status_document(monitor: &Monitor) -> HalJson<Hal<MonitorStatusDocument>> {
    HalJson(Hal(MonitorStatusDocument {
        monitor_id: monitor.monitor_id.clone(),
        fleet_id: monitor.fleet_id.clone(),
        status: monitor.status,
    }))
}

pub(super) async fn status(
    State(state): State<AppState>,
    caller: Caller,
    Path((fleet_id, id)): Path<(String, String)>,
) -> Result<HalJson<Hal<MonitorStatusDocument>>, ApiError> {
    let data = state.read()?;
    Ok(status_document(own_monitor(
        &data, &caller, &fleet_id, &id,
    )?))
}

/// Sets `Running` or `Paused`; `Failed` is the service's to set.
pub(super) async fn set_status(
    State(state): State<AppState>,
    caller: Caller,
    Path((fleet_id, id)): Path<(String, String)>,
    JsonBody(input): JsonBody<MonitorStatusInput>,
) -> Result<HalJson<Hal<MonitorStatusDocument>>, ApiError> {
    if input.status == MonitorStatus::Failed {
        return Err(
            ApiError::bad_request("`status` can be set to `Running` or `Paused`")
                .with_member("pointer", "/status"),
        );
    }
    let mut data = state.write()?;
    own_monitor(&data, &caller, &fleet_id, &id)?;
    let monitor = data
        .monitors
        .get_mut(&fleet_id)
        .and_then(|monitors| monitors.get_mut(&id))
        .ok_or_else(|| ApiError::not_found(format!("no monitor `{id}`")))?;
    if monitor.status != input.status {
        monitor.status = input.status;
        monitor.timestamps.updated_at = Utc::now();
    }
    state
        .engine
        .set_running(&fleet_id, &id, input.status == MonitorStatus::Running);
    Ok(status_document(monitor))
}

/// The monitor's events, newest first.
pub(super) async fn events(
    State(state): State<AppState>,
    caller: Caller,
    Path((fleet_id, id)): Path<(String, String)>,
    PageQuery(request, _): PageQuery,
) -> Result<HalJson<Hal<EventPage>>, ApiError> {
    let data = state.read()?;
    own_monitor(&data, &caller, &fleet_id, &id)?;
    let events = data.events.get(&id);
    let total = events.map_or(0, std::collections::VecDeque::len);
    let range = page_range(total, &request);
    let items = events
        .map(|events| events.range(range).cloned().map(Event::from).collect())
        .unwrap_or_default();
    let paging = state.paging.links(
        &request,
        &format!("{}/{id}/events", monitors_href(&fleet_id)),
        Total::Exact(total as u64),
    );
    Ok(HalJson(Hal(EventPage {
        total: total as u64,
        paging,
        items,
    })))
}

pub(super) async fn event(
    State(state): State<AppState>,
    caller: Caller,
    Path((fleet_id, id, event_id)): Path<(String, String, String)>,
) -> Result<HalJson<Hal<Event>>, ApiError> {
    let data = state.read()?;
    own_monitor(&data, &caller, &fleet_id, &id)?;
    data.events
        .get(&id)
        .and_then(|events| events.iter().find(|e| e.event_id == event_id))
        .map(|event| HalJson(Hal(Event::from(event.clone()))))
        .ok_or_else(|| ApiError::not_found(format!("no event `{event_id}`")))
}

/// The data the vehicle reported last.
pub(super) async fn vehicle_status(
    State(state): State<AppState>,
    caller: Caller,
    Path(vin): Path<String>,
) -> Result<HalJson<Hal<VehicleStatusDocument>>, ApiError> {
    own_vehicle(&*state.read()?, &caller, &vin)?;
    let status = state.engine.status(&caller.0, &vin).unwrap_or_default();
    Ok(HalJson(Hal(VehicleStatusDocument { vin, status })))
}

/// Reads one sample or an array of them; errors point into the body (`/3/kinetic/speed`).
fn samples(body: Value) -> Result<Vec<Sample>, ApiError> {
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
                let pointer = format!("{}{}", prefix(index), json_pointer(error.path()));
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

fn json_pointer(path: &serde_path_to_error::Path) -> String {
    path.iter()
        .filter_map(|segment| match segment {
            serde_path_to_error::Segment::Map { key } => {
                Some(format!("/{}", key.replace('~', "~0").replace('/', "~1")))
            }
            serde_path_to_error::Segment::Seq { index } => Some(format!("/{index}")),
            _ => None,
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
    let receipt = ingest(&state, &caller.0, &vin, samples)?;
    Ok(HalJson(Hal(receipt)))
}

/// The one ingestion path, for HTTP and the simulator: the engine evaluates, the events are
/// stored.
///
/// # Errors
///
/// A `404` problem when the fleet has no vehicle `vin`.
pub(crate) fn ingest(
    state: &AppState,
    fleet_id: &str,
    vin: &str,
    samples: Vec<Sample>,
) -> Result<TelemetryReceipt, ApiError> {
    let ingested =
        state
            .engine
            .ingest(fleet_id, vin, samples)
            .map_err(|IngestError::UnknownVehicle| {
                ApiError::not_found(format!("no vehicle `{vin}`"))
            })?;
    let events_raised = ingested.events.len();
    if events_raised > 0 {
        record(&mut *state.write()?, ingested.events);
    }
    Ok(TelemetryReceipt {
        vin: vin.to_owned(),
        accepted: ingested.accepted,
        duplicates: ingested.duplicates,
        late: ingested.late,
        events_raised,
    })
}

/// Stores events, newest first, dropping the oldest beyond [`EVENTS_KEPT_PER_MONITOR`].
fn record(data: &mut FleetData, events: Vec<MonitorEvent>) {
    for event in events {
        // A monitor deleted meanwhile keeps no events.
        let exists = data
            .monitors
            .get(&event.fleet_id)
            .is_some_and(|monitors| monitors.contains_key(&event.monitor_id));
        if !exists {
            continue;
        }
        let kept = data.events.entry(event.monitor_id.clone()).or_default();
        kept.push_front(event);
        kept.truncate(EVENTS_KEPT_PER_MONITOR);
    }
}
