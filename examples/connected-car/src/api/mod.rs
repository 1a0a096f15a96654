//! Routes and handlers: the fleet's read-only resources here, monitors and telemetry in
//! [`monitors`].

mod monitors;

pub use monitors::MAX_SAMPLES_PER_REQUEST;
pub(crate) use monitors::ingest;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex, RwLock};

use axum::Router;
use axum::extract::{FromRef, FromRequestParts, State};
use axum::http::{HeaderMap, HeaderValue, header, request::Parts};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use hal_axum::{ApiError, HalJson, PageQuery, PathParams as Path, QueryParameters};
use hal_core::{Hal, Link, Rel, Resource};
use hal_paging::{OverMaximum, PageRequest, Paging, Total};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::delivery::{Deliverer, DeliveryConfig, WebhookAllow};
use crate::fleet::FleetData;
use crate::monitors::engine::Engine;
use crate::paths;
use crate::resources::*;
use crate::store::{Store, StoreError};
use crate::telemetry::{GeoPoint, VehicleStatus};

/// The header that names the calling fleet in plain-HTTP mode.
pub const FLEET_HEADER: &str = "x-fleet-id";

const BASE: &str = "/connectedcar/v2";

/// The monitors a fleet may have at once, unless configured otherwise.
pub const DEFAULT_MAX_MONITORS_PER_FLEET: usize = 1_000;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    data: Arc<RwLock<FleetData>>,
    engine: Arc<Engine>,
    store: Store,
    /// Which monitor changes the engine has applied.
    applied: Arc<Mutex<Applied>>,
    paging: Paging,
    max_monitors_per_fleet: usize,
    webhook_allow: Arc<WebhookAllow>,
    require_if_match: bool,
    metrics: Option<hal_axum::metrics::PrometheusHandle>,
}

/// The engine's view of the stored monitors: the last revision loaded, and each monitor's.
#[derive(Default)]
struct Applied {
    revision: i64,
    monitors: HashMap<String, i64>,
}

impl AppState {
    /// A state over `data` and `store`, pages of 10 by default and 100 at most (larger is
    /// refused), and at most [`DEFAULT_MAX_MONITORS_PER_FLEET`] monitors per fleet. The
    /// vehicles' last positions move into the monitor engine, which keeps each vehicle's status
    /// from then on. Call [`AppState::sync_monitors`] to load the stored monitors.
    pub fn new(mut data: FleetData, store: Store) -> Self {
        let positions = std::mem::take(&mut data.positions);
        let engine = Engine::new(data.vehicles.values().map(|vehicle| {
            let status = positions
                .get(&vehicle.vin)
                .map(|position| VehicleStatus {
                    recorded_at: Some(position.recorded_at),
                    position: Some(GeoPoint::new(position.longitude, position.latitude)),
                    speed: Some(position.speed_kmh),
                    odometer: Some(vehicle.mileage_km as f64),
                    ..VehicleStatus::default()
                })
                .unwrap_or_default();
            (vehicle.fleet_id.clone(), vehicle.vin.clone(), status)
        }));
        Self {
            data: Arc::new(RwLock::new(data)),
            engine: Arc::new(engine),
            store,
            applied: Arc::new(Mutex::new(Applied::default())),
            paging: Paging::offset_limit()
                .with_default_limit(10)
                .with_max_limit(100, OverMaximum::Reject),
            max_monitors_per_fleet: DEFAULT_MAX_MONITORS_PER_FLEET,
            webhook_allow: Arc::new(WebhookAllow::default()),
            require_if_match: false,
            metrics: None,
        }
    }

    /// The same state, serving what `handle` recorded at `/metrics` (Prometheus' text format):
    /// requests by route and status, latencies, and the monitors' events and deliveries.
    #[must_use]
    pub fn with_metrics(mut self, handle: hal_axum::metrics::PrometheusHandle) -> Self {
        self.metrics = Some(handle);
        self
    }

    /// The same state, refusing (`428`) a change to a monitor without `If-Match`. Without
    /// this, `If-Match` is honoured when sent (`412` when stale) and a change without it
    /// replaces whatever is there.
    #[must_use]
    pub fn with_if_match_required(mut self, required: bool) -> Self {
        self.require_if_match = required;
        self
    }

    /// The same state, accepting only monitors whose webhook `allow` permits (all by default).
    #[must_use]
    pub fn with_webhook_allow(mut self, allow: WebhookAllow) -> Self {
        self.webhook_allow = Arc::new(allow);
        self
    }

    /// The seeded demo fleet over an empty database in memory, for tests and examples.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the memory database cannot be made.
    pub async fn in_memory() -> Result<Self, StoreError> {
        Ok(Self::new(
            FleetData::generate(crate::SEED),
            Store::memory().await?,
        ))
    }

    /// The monitor engine, which the simulator feeds too.
    #[must_use]
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The database.
    #[must_use]
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The same state with another cap on the monitors of one fleet; creating one more is a
    /// `409` problem document.
    #[must_use]
    pub fn with_max_monitors_per_fleet(mut self, max: usize) -> Self {
        self.max_monitors_per_fleet = max;
        self
    }

    pub(crate) fn read(&self) -> Result<std::sync::RwLockReadGuard<'_, FleetData>, ApiError> {
        self.data
            .read()
            .map_err(|_| ApiError::internal("the fleet store is unavailable"))
    }

    /// Loads into the engine the monitor changes it has not applied yet: all of them at
    /// start, then what other instances (and the deliverer, marking a monitor `Failed`) wrote.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails; what was applied stays applied.
    pub async fn sync_monitors(&self) -> Result<usize, StoreError> {
        let since = self.applied().revision;
        let changes = self.store.changes_since(since).await?;
        let mut count = 0;
        for change in changes {
            let monitor = &change.monitor;
            if self
                .applied()
                .monitors
                .get(&monitor.monitor_id)
                .is_some_and(|r| *r >= change.revision)
            {
                continue;
            }
            if change.deleted {
                self.engine.remove(&monitor.fleet_id, &monitor.monitor_id);
            } else {
                match monitor.monitor.compile(monitor.timestamps.updated_at) {
                    Ok(rule) => self.engine.upsert(
                        &monitor.fleet_id,
                        &monitor.monitor_id,
                        rule,
                        monitor.status == MonitorStatus::Running,
                    ),
                    Err(error) => {
                        tracing::error!(monitor = %monitor.monitor_id, %error, "a stored monitor no longer compiles");
                    }
                }
            }
            self.mark_applied(&monitor.monitor_id, change.revision);
            count += 1;
        }
        Ok(count)
    }

    /// Starts what runs beside the API: the deliverer (sending with `client`), and the loop
    /// that brings other instances' monitor changes into this engine every `sync` (a monitor
    /// the deliverer marks `Failed` is applied at once).
    pub fn start_background(
        &self,
        client: reqwest::Client,
        config: DeliveryConfig,
        sync: std::time::Duration,
    ) {
        let state = self.clone();
        let on_failed: Arc<dyn Fn() + Send + Sync> = Arc::new(move || {
            let state = state.clone();
            tokio::spawn(async move {
                let _ = state.sync_monitors().await;
            });
        });
        let deliverer = Deliverer::new(
            self.store.clone(),
            client,
            config,
            (*self.webhook_allow).clone(),
            on_failed,
        );
        tokio::spawn(Arc::new(deliverer).run());
        let state = self.clone();
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(sync);
            loop {
                ticks.tick().await;
                if let Err(error) = state.sync_monitors().await {
                    tracing::warn!(%error, "cannot load monitor changes");
                }
            }
        });
    }

    fn applied(&self) -> std::sync::MutexGuard<'_, Applied> {
        // Plain data: a panic elsewhere cannot leave it half-written.
        self.applied
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Records that the engine holds monitor `id` as of `revision`.
    fn mark_applied(&self, id: &str, revision: i64) {
        let mut applied = self.applied();
        applied.revision = applied.revision.max(revision);
        let entry = applied.monitors.entry(id.to_owned()).or_default();
        *entry = (*entry).max(revision);
    }
}

/// A database failure as the client sees it: `503`, try again.
impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        tracing::error!(%error, "database");
        match error {
            StoreError::Unavailable(_) => ApiError::new(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "the service's database is unavailable; try again shortly",
            ),
            StoreError::Corrupt(_) => ApiError::internal("the service cannot read its data"),
        }
    }
}

impl FromRef<AppState> for Paging {
    fn from_ref(state: &AppState) -> Paging {
        state.paging.clone()
    }
}

/// The calling fleet. Over TLS it is the subject CN of the client certificate (the header is
/// then ignored); in plain-HTTP mode it is named by the `X-Fleet-Id` header.
#[derive(Debug, Clone)]
pub struct Caller(pub String);

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let certificate = parts.extensions.get::<hal_axum::tls::ClientCertificate>();
        let fleet = match certificate {
            Some(certificate) => certificate.common_name().ok_or_else(|| {
                ApiError::forbidden("the client certificate must name one fleet in one CN")
            })?,
            None => fleet_header(&parts.headers)?,
        };
        if !state.read()?.fleets.iter().any(|f| f.fleet_id == fleet) {
            return Err(ApiError::forbidden(format!(
                "`{fleet}` is not a fleet of this service"
            )));
        }
        Ok(Caller(fleet.to_owned()))
    }
}

/// The fleet the `X-Fleet-Id` header names. Given twice it names nobody: a proxy that appends
/// its own value must not be overridden by the client's, nor the other way round.
fn fleet_header(headers: &HeaderMap) -> Result<&str, ApiError> {
    let mut values = headers.get_all(FLEET_HEADER).iter();
    let (Some(value), None) = (values.next(), values.next()) else {
        return Err(if headers.contains_key(FLEET_HEADER) {
            ApiError::bad_parameter(
                FLEET_HEADER,
                format!("the `{FLEET_HEADER}` header must be given once"),
            )
        } else {
            ApiError::forbidden(format!(
                "no caller identity: send the `{FLEET_HEADER}` header"
            ))
        });
    };
    value.to_str().map_err(|_| {
        ApiError::bad_parameter(
            FLEET_HEADER,
            format!("the `{FLEET_HEADER}` header must be visible ASCII"),
        )
    })
}

/// The router, with problem documents for unknown routes and methods.
pub fn router(state: AppState) -> Router {
    let explorer = hal_axum::explorer::Explorer::new(paths::EXPLORER, paths::ROOT);
    Router::new()
        .route(paths::ROOT, get(root))
        .route(paths::RELATION_DOCS, get(relation_docs))
        .route(paths::FLEETS, get(fleets))
        .route(paths::FLEET, get(fleet))
        .route(paths::VEHICLES, get(vehicles))
        .route(paths::VEHICLE, get(vehicle))
        .route(paths::VEHICLE_TRIPS, get(vehicle_trips))
        .route(paths::VEHICLE_ALERTS, get(vehicle_alerts))
        .route(paths::VEHICLE_POSITION, get(vehicle_position))
        .route(paths::TRIP, get(trip))
        .route(paths::WAY_POINT, get(way_point))
        .route(paths::ALERT, get(alert))
        .route(paths::VEHICLE_STATUS, get(monitors::vehicle_status))
        .route(paths::VEHICLE_TELEMETRY, post(monitors::telemetry))
        .route(paths::MONITORS, get(monitors::list).post(monitors::create))
        .route(
            paths::MONITOR,
            get(monitors::read)
                .put(monitors::replace)
                .patch(monitors::patch)
                .delete(monitors::delete),
        )
        .route(
            paths::MONITOR_STATUS,
            get(monitors::status).put(monitors::set_status),
        )
        .route(paths::MONITOR_EVENTS, get(monitors::events))
        .route(paths::MONITOR_EVENT, get(monitors::event))
        .fallback(hal_axum::not_found)
        .method_not_allowed_fallback(hal_axum::method_not_allowed)
        .with_state(state.clone())
        .merge(
            state
                .metrics
                .clone()
                .map(hal_axum::metrics::router)
                .unwrap_or_default(),
        )
        .merge(hal_axum::health::router(move || {
            let store = state.store.clone();
            async move { store.ping().await.map_err(|e| e.to_string()) }
        }))
        // The OpenAPI document and its pages, from the binary.
        .merge(
            utoipa_swagger_ui::SwaggerUi::new(crate::openapi::DOCS)
                .url(crate::openapi::DOCUMENT, crate::openapi::document()),
        )
        // People with a browser: the explorer, and the API root sends them there.
        .merge(explorer.router())
        .layer(axum::middleware::from_fn_with_state(
            explorer,
            hal_axum::explorer::redirect_browsers,
        ))
        // Every answer depends on the caller (and positions on `Accept`): no shared cache may
        // hand one fleet's response to another.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private"),
        ))
        .layer(SetResponseHeaderLayer::appending(
            header::VARY,
            HeaderValue::from_static("x-fleet-id, accept"),
        ))
}

async fn root(caller: Caller) -> HalJson<Hal<Root>> {
    let service = hal_core::Links::new()
        .with(
            Rel::SERVICE_DESC,
            Link::new(crate::openapi::DOCUMENT)
                .with_type("application/vnd.oai.openapi+json;version=3.1"),
        )
        .with(
            Rel::SERVICE_DOC,
            Link::new(crate::openapi::DOCS).with_type("text/html"),
        );
    HalJson(Hal(Root {
        fleet_id: caller.0,
        api: "connected-car fleet API v2".into(),
        service,
    }))
}

/// Documentation for `cc:` relations, where the curie points ([H-61](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-61)).
async fn relation_docs(Path(rel): Path<String>) -> Result<Response, ApiError> {
    let text = match rel.as_str() {
        "fleet" => "The caller's fleet.",
        "fleets" => "The fleets the caller can see (its own), paged.",
        "vehicles" => "Vehicles of the caller's fleet, paged; filter with `brand`.",
        "vehicle" => "One vehicle, by VIN.",
        "trips" => "A vehicle's trips, newest last, paged; `since` (RFC 3339) filters.",
        "trip" => "One trip with its way points embedded.",
        "waypoints" => "The points a trip went through.",
        "alerts" => "A vehicle's alerts, paged.",
        "position" => "A vehicle's last position, a GeoJSON Feature.",
        "monitors" => {
            "The caller's monitors: POST creates one (up to the fleet's cap, 1 000 by default), paged GET lists them."
        }
        "monitor" => "One monitor: GET, PUT replaces, DELETE removes.",
        _ => return Err(ApiError::not_found(format!("no relation `cc:{rel}`"))),
    };
    let html = format!("<!doctype html><title>cc:{rel}</title><h1>cc:{rel}</h1><p>{text}</p>");
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response())
}

/// The indices of `total` items that `request` selects.
fn page_range(total: usize, request: &PageRequest) -> Range<usize> {
    let start = usize::try_from(request.offset())
        .unwrap_or(usize::MAX)
        .min(total);
    let end = start
        .saturating_add(usize::try_from(request.limit()).unwrap_or(usize::MAX))
        .min(total);
    start..end
}

/// Items `request` selects from `items`, and the page's links.
fn page_of<T: Clone>(
    items: &[T],
    request: &PageRequest,
    paging: &Paging,
    base: &str,
) -> (Vec<T>, hal_paging::PageLinks) {
    (
        items[page_range(items.len(), request)].to_vec(),
        paging.links(request, base, Total::Exact(items.len() as u64)),
    )
}

/// `GET /vehicles` filters by brand.
struct VehicleFilters;

impl QueryParameters for VehicleFilters {
    const NAMES: &'static [&'static str] = &["brand"];
}

/// `GET /vehicles/{vin}/trips` filters by start time.
struct TripFilters;

impl QueryParameters for TripFilters {
    const NAMES: &'static [&'static str] = &["since"];
}

/// The fleets the caller can see: its own.
async fn fleets(
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

async fn fleet(
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

/// The origin's `403`: the resource exists and is not the caller's. It names only what the
/// caller asked for, never what that leads to (another fleet's vehicle behind a trip).
fn no_access(what: String) -> ApiError {
    ApiError::forbidden(format!("you do not have access to {what}"))
}

/// A VIN: 17 letters and digits, without I, O and Q (ISO 3779).
fn check_vin(vin: &str) -> Result<(), ApiError> {
    let valid = vin.len() == 17
        && vin
            .bytes()
            .all(|b| b.is_ascii_uppercase() && !b"IOQ".contains(&b) || b.is_ascii_digit());
    if valid {
        Ok(())
    } else {
        Err(ApiError::bad_parameter(
            "vin",
            format!("`vin` must be 17 letters and digits (without I, O, Q), got {vin:?}"),
        ))
    }
}

/// The caller's vehicle `vin`: 400 when malformed, 404 when unknown, 403 when another fleet's.
fn own_vehicle<'d>(
    data: &'d FleetData,
    caller: &Caller,
    vin: &str,
) -> Result<&'d Vehicle, ApiError> {
    check_vin(vin)?;
    let vehicle = data
        .vehicles
        .get(vin)
        .ok_or_else(|| ApiError::not_found(format!("no vehicle `{vin}`")))?;
    if vehicle.fleet_id != caller.0 {
        return Err(no_access(format!("vehicle `{vin}`")));
    }
    Ok(vehicle)
}

/// Whether the vehicle `vin` (known to exist) is the caller's.
fn is_own_vehicle(data: &FleetData, caller: &Caller, vin: &str) -> bool {
    data.vehicles
        .get(vin)
        .is_some_and(|vehicle| vehicle.fleet_id == caller.0)
}

/// A numeric id in its one canonical form: digits only, no sign, no leading zero.
fn id_parameter(name: &str, text: &str) -> Result<u64, ApiError> {
    let canonical = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    let invalid = || {
        ApiError::bad_parameter(
            name,
            format!("`{name}` must be a whole number without sign or leading zeros, got {text:?}"),
        )
    };
    if !canonical {
        return Err(invalid());
    }
    text.parse().map_err(|_| invalid())
}

async fn vehicles(
    State(state): State<AppState>,
    caller: Caller,
    PageQuery(request, _): PageQuery<VehicleFilters>,
) -> Result<HalJson<Hal<VehiclePage>>, ApiError> {
    let data = state.read()?;
    let brand = request.parameter("brand");
    let mine: Vec<Vehicle> = data
        .vehicles
        .values()
        .filter(|v| v.fleet_id == caller.0 && brand.is_none_or(|b| v.brand.eq_ignore_ascii_case(b)))
        .cloned()
        .collect();
    let (items, paging) = page_of(&mine, &request, &state.paging, &format!("{BASE}/vehicles"));
    Ok(HalJson(Hal(VehiclePage {
        total: mine.len() as u64,
        paging,
        items,
    })))
}

async fn vehicle(
    State(state): State<AppState>,
    caller: Caller,
    Path(vin): Path<String>,
) -> Result<HalJson<Hal<Vehicle>>, ApiError> {
    let data = state.read()?;
    Ok(HalJson(Hal(own_vehicle(&data, &caller, &vin)?.clone())))
}

async fn vehicle_trips(
    State(state): State<AppState>,
    caller: Caller,
    Path(vin): Path<String>,
    PageQuery(request, _): PageQuery<TripFilters>,
) -> Result<HalJson<Hal<TripPage>>, ApiError> {
    let data = state.read()?;
    own_vehicle(&data, &caller, &vin)?;
    let since = match request.parameter("since") {
        Some(text) => Some(
            hal_core::time::parse(text)
                .map_err(|e| ApiError::bad_parameter("since", format!("`since`: {e}")))?,
        ),
        None => None,
    };
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
    Ok(HalJson(Hal(TripPage {
        total: trips.len() as u64,
        paging,
        items,
    })))
}

async fn vehicle_alerts(
    State(state): State<AppState>,
    caller: Caller,
    Path(vin): Path<String>,
    PageQuery(request, _): PageQuery,
) -> Result<HalJson<Hal<AlertPage>>, ApiError> {
    let data = state.read()?;
    own_vehicle(&data, &caller, &vin)?;
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
    Ok(HalJson(Hal(AlertPage {
        total: alerts.len() as u64,
        paging,
        items,
    })))
}

const GEO_JSON: &str = "application/geo+json";

/// The last position as a GeoJSON Feature: `application/geo+json` when the client asks for it
/// (and prefers it to HAL), otherwise HAL with the Feature's members and links.
async fn vehicle_position(
    State(state): State<AppState>,
    caller: Caller,
    Path(vin): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    own_vehicle(&*state.read()?, &caller, &vin)?;
    let status = state.engine.status(&caller.0, &vin).unwrap_or_default();
    let (Some(position), Some(recorded_at)) = (status.position, status.recorded_at) else {
        return Err(ApiError::not_found(format!("no position for `{vin}`")));
    };
    let mut properties = geojson::JsonObject::new();
    properties.insert("vin".into(), vin.clone().into());
    properties.insert("speedKmh".into(), status.speed.unwrap_or(0.0).into());
    properties.insert(
        "recordedAt".into(),
        hal_core::time::format(&recorded_at).into(),
    );
    let [longitude, latitude] = position.coordinates;
    let feature = geojson::Feature {
        bbox: None,
        geometry: Some(geojson::Geometry::new_point([longitude, latitude])),
        id: None,
        properties: Some(properties),
        foreign_members: None,
    };
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if accept.contains(GEO_JSON) && !accept.contains("application/hal+json") {
        let body = serde_json::to_vec(&feature).map_err(|e| ApiError::internal(e.to_string()))?;
        return Ok(([(header::CONTENT_TYPE, GEO_JSON)], body).into_response());
    }
    let state = match serde_json::to_value(&feature) {
        Ok(serde_json::Value::Object(members)) => members,
        _ => return Err(ApiError::internal("cannot write the position")),
    };
    let resource = Resource::new(state)
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
}

/// The caller's trip `id`: 404 when unknown, 403 when another fleet's vehicle made it.
fn own_trip<'d>(data: &'d FleetData, caller: &Caller, id: u64) -> Result<&'d Trip, ApiError> {
    let trip = data
        .trips
        .get(&id)
        .ok_or_else(|| ApiError::not_found(format!("no trip {id}")))?;
    if !is_own_vehicle(data, caller, &trip.vin) {
        return Err(no_access(format!("trip {id}")));
    }
    Ok(trip)
}

async fn trip(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<HalJson<Hal<Trip>>, ApiError> {
    let id = id_parameter("id", &id)?;
    let data = state.read()?;
    Ok(HalJson(Hal(own_trip(&data, &caller, id)?.clone())))
}

async fn way_point(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, seq)): Path<(String, String)>,
) -> Result<HalJson<Hal<WayPoint>>, ApiError> {
    let (id, seq) = (id_parameter("id", &id)?, id_parameter("seq", &seq)?);
    let data = state.read()?;
    let trip = own_trip(&data, &caller, id)?;
    let point = trip
        .way_points
        .iter()
        .find(|w| u64::from(w.seq) == seq)
        .ok_or_else(|| ApiError::not_found(format!("trip {id} has no way point {seq}")))?;
    Ok(HalJson(Hal(point.clone())))
}

async fn alert(
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
