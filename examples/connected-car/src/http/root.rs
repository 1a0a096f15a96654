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
    // Only the relations this service adds: the origin's own are bare names (see resources).
    let text = match rel.as_str() {
        "fleets" => "The fleets the caller can see (its own), paged.",
        "events" => {
            "The events a monitor raised, newest first, paged, each with where its delivery stands."
        }
        _ => return Err(ApiError::not_found(format!("no relation `cc:{rel}`"))),
    };
    let validator = Validator::new(ETag::of(&(rel.as_str(), text)));
    Ok(conditional.respond(validator, || {
        let html = format!("<!doctype html><title>cc:{rel}</title><h1>cc:{rel}</h1><p>{text}</p>");
        ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html)
    }))
}
