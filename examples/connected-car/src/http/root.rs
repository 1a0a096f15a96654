//! The API root and the documentation of its relations.

use axum::http::header;
use axum::response::Response;
use hal_axum::conditional::{Conditional, ETag, Validator};
use hal_axum::{ApiError, HalJson, PathParams as Path};
use hal_core::media_type::HAL_JSON;
use hal_core::{Hal, Link, Rel};

use super::{Caller, fleet_data_validator};
use crate::resources::*;
use crate::state::AppState;
use axum::extract::State;

pub(super) async fn root(
    State(state): State<AppState>,
    caller: Caller,
    conditional: Conditional,
) -> Result<Response, ApiError> {
    let validator = fleet_data_validator(&*state.read()?, &caller, HAL_JSON);
    Ok(conditional.respond(validator, || root_document(caller)))
}

fn root_document(caller: Caller) -> HalJson<Hal<Root>> {
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
pub(super) async fn relation_docs(
    conditional: Conditional,
    Path(rel): Path<String>,
) -> Result<Response, ApiError> {
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
        "status" => "A vehicle's last known status, from the telemetry it sent.",
        "telemetry" => {
            "Where a vehicle's telemetry is sent: POST a batch of samples, which the fleet's monitors evaluate."
        }
        "monitors" => {
            "The caller's monitors: POST creates one (up to the fleet's cap, 1 000 by default), paged GET lists them."
        }
        "monitor" => "One monitor: GET, PUT replaces, DELETE removes.",
        _ => return Err(ApiError::not_found(format!("no relation `cc:{rel}`"))),
    };
    let validator = Validator::new(ETag::of(&(rel.as_str(), text)));
    Ok(conditional.respond(validator, || {
        let html = format!("<!doctype html><title>cc:{rel}</title><h1>cc:{rel}</h1><p>{text}</p>");
        ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html)
    }))
}
