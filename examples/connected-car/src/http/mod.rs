//! The HTTP API: the router, the caller's identity, and one module per resource.

mod alerts;
mod fleets;
mod monitors;
mod root;
mod telemetry;
mod trips;
mod vehicles;

pub use telemetry::MAX_SAMPLES_PER_REQUEST;

use std::ops::Range;
use std::time::Duration;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::{HeaderMap, HeaderValue, header, request::Parts};
use axum::routing::{get, post};
use hal_axum::ApiError;
use hal_axum::conditional::{CacheControl, ETag, Validator};
use hal_paging::{PageRequest, Paging, Total};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::fleet::FleetData;
use crate::paths;
use crate::resources::*;
use crate::store::StoreError;

use crate::state::AppState;

/// The header that names the calling fleet in plain-HTTP mode.
pub const FLEET_HEADER: &str = "x-fleet-id";

const BASE: &str = "/connectedcar/v2";

/// A database failure as the client sees it: `503`, try again.
impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        tracing::error!(%error, "database");
        if error.is_unavailable() {
            ApiError::new(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "the service's database is unavailable; try again shortly",
            )
        } else {
            ApiError::internal("the service cannot read its data")
        }
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
            let refused = ApiError::forbidden(format!("`{fleet}` is not a fleet of this service"));
            // Named by the header (not a certificate): say which header to correct.
            return Err(if certificate.is_none() {
                refused.with_member("header", FLEET_HEADER)
            } else {
                refused
            });
        }
        Ok(Caller(fleet.to_owned()))
    }
}

/// The fleet the `X-Fleet-Id` header names. Given twice it names nobody: a proxy that appends
/// its own value must not be overridden by the client's, nor the other way round. Each refusal
/// names the header in a `header` member, which the explorer answers by asking for it.
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
        }
        .with_member("header", FLEET_HEADER));
    };
    value.to_str().map_err(|_| {
        ApiError::bad_parameter(
            FLEET_HEADER,
            format!("the `{FLEET_HEADER}` header must be visible ASCII"),
        )
        .with_member("header", FLEET_HEADER)
    })
}

/// The router, with problem documents for unknown routes and methods.
pub fn router(state: AppState) -> Router {
    let explorer = match &state.explorer_identity {
        Some(fleet) => hal_axum::explorer::Explorer::new(paths::EXPLORER, paths::ROOT)
            .with_suggested_header(FLEET_HEADER, fleet.as_str()),
        None => hal_axum::explorer::Explorer::new(paths::EXPLORER, paths::ROOT),
    };
    let api = Router::new()
        // A browser asking the root for HTML is sent to the explorer. On that route only: each
        // `Router::layer` boxes every route again, a cost each request pays.
        .route(
            paths::ROOT,
            get(root::root).layer(axum::middleware::from_fn_with_state(
                explorer.clone(),
                hal_axum::explorer::redirect_browsers,
            )),
        )
        .route(paths::RELATION_DOCS, get(root::relation_docs))
        .route(paths::FLEETS, get(fleets::fleets))
        .route(paths::FLEET, get(fleets::fleet))
        .route(paths::VEHICLES, get(vehicles::vehicles))
        .route(paths::VEHICLE, get(vehicles::vehicle))
        .route(paths::VEHICLE_TRIPS, get(vehicles::vehicle_trips))
        .route(paths::VEHICLE_ALERTS, get(vehicles::vehicle_alerts))
        .route(paths::VEHICLE_POSITION, get(vehicles::vehicle_position))
        .route(paths::TRIP, get(trips::trip))
        .route(paths::WAY_POINT, get(trips::way_point))
        .route(paths::ALERT, get(alerts::alert))
        .route(paths::VEHICLE_STATUS, get(telemetry::vehicle_status))
        // The origin's paths of the same resources, vehicles addressed by `id`.
        .route(paths::FLEET_VEHICLES, get(vehicles::origin_vehicles))
        .route(paths::FLEET_VEHICLE, get(vehicles::origin_vehicle))
        .route(
            paths::FLEET_VEHICLE_LAST_POSITION,
            get(vehicles::origin_last_position),
        )
        .route(paths::FLEET_VEHICLE_STATUS, get(vehicles::origin_status))
        .route(paths::FLEET_VEHICLE_TRIPS, get(vehicles::origin_trips))
        .route(paths::FLEET_VEHICLE_ALERTS, get(vehicles::origin_alerts))
        .route(
            paths::FLEET_VEHICLE_MAINTENANCE,
            get(vehicles::origin_maintenance),
        )
        .route(
            paths::VEHICLE_MAINTENANCE,
            get(telemetry::vehicle_maintenance),
        )
        .route(paths::VEHICLE_TELEMETRY, post(telemetry::telemetry))
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
        .route(paths::MONITOR_SECRET, post(monitors::rotate_secret))
        .route(paths::MONITOR_EVENTS, get(monitors::events))
        .route(paths::MONITOR_EVENT, get(monitors::event))
        // Innermost, so that what it keeps is the representation before compression.
        .layer(state.representations.layer())
        .fallback(hal_axum::not_found)
        .method_not_allowed_fallback(hal_axum::method_not_allowed)
        .with_state(state.clone());
    // `Prefer: transclude="fleet status"` embeds what a resource links to, fetched from
    // the API's own routes with the caller's identity.
    hal_axum::transclude::Transclusion::apply(api)
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
        // Every answer depends on the caller (and positions on `Accept`): no shared cache may
        // hand one fleet's response to another. Both headers in one layer, applied once.
        .layer(
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("private"),
                ))
                .layer(SetResponseHeaderLayer::appending(
                    header::VARY,
                    HeaderValue::from_static("x-fleet-id, accept"),
                )),
        )
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

/// The validator of a representation `caller` reads of the generated fleet data: that data
/// never changes while the service runs, so its seed, the caller and the media type are all
/// the representation depends on (the URL, paging and filters included, is the cache's key).
/// A client may use its copy for a minute without asking, and ten more while it revalidates.
fn fleet_data_validator(data: &FleetData, caller: &Caller, media_type: &str) -> Validator {
    Validator::new(ETag::of(&(data.seed, &caller.0, media_type))).cache_control(
        CacheControl::private()
            .max_age(Duration::from_secs(60))
            .stale_while_revalidate(Duration::from_secs(600)),
    )
}

/// A problem document with the origin's error members beside RFC 9457's: `code`, the status
/// and two digits for the error within it (`00`: the demo has no finer catalogue), `uuid`,
/// the request's id (what support is given), `message`, the detail (or the title) and
/// `timestamp`, when it happened (RFC 3339, milliseconds, UTC).
pub(crate) fn with_origin_error(problem: hal_core::Problem) -> hal_core::Problem {
    let code = u64::from(problem.status()) * 100;
    let uuid = problem
        .member("requestId")
        .and_then(serde_json::Value::as_str)
        .map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_owned);
    let message = problem.detail().unwrap_or(problem.title()).to_owned();
    let timestamp = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    problem
        .with_member("code", code)
        .with_member("uuid", uuid)
        .with_member("message", message)
        .with_member("timestamp", timestamp)
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
