//! Monitors (`/fleets/{fleetId}/monitors`), their status and events.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use hal_axum::Invalidates;
use hal_axum::conditional::{Conditional, ETag, IfMatch, Validator};
use hal_axum::negotiate::{Negotiated, Representation};
use hal_axum::{ApiError, HalJson, MergePatch, PageQuery, PathParams as Path, ValidJson};
use hal_core::Hal;
use hal_core::time::Timestamps;
use hal_paging::Total;

use crate::fleet::FleetData;
use crate::monitors::model::{FieldError, MonitorParameter};
use crate::resources::{
    Event, EventPage, Monitor, MonitorPage, MonitorRef, MonitorSecret, MonitorStatus,
    MonitorStatusDocument, MonitorStatusInput, PageCounts,
};
use crate::store::{Created, Outcome};

use super::{BASE, Caller, no_access};
use crate::state::{AppState, EngineEdit};

/// The fleet in the path, which must be the caller's: 404 when there is no such fleet, 403
/// when it is another's.
pub(super) fn own_fleet(data: &FleetData, caller: &Caller, fleet_id: &str) -> Result<(), ApiError> {
    if !data.fleets.iter().any(|f| f.fleet_id == fleet_id) {
        return Err(ApiError::not_found(format!("no fleet `{fleet_id}`")));
    }
    if fleet_id != caller.0 {
        return Err(no_access(format!("fleet `{fleet_id}`")));
    }
    Ok(())
}

/// The caller's monitor `id` in fleet `fleet_id` and its revision: 403 for another fleet, 404
/// when unknown.
pub(super) async fn own_monitor(
    state: &AppState,
    caller: &Caller,
    fleet_id: &str,
    id: &str,
) -> Result<(Monitor, i64), ApiError> {
    own_fleet(&*state.read()?, caller, fleet_id)?;
    state
        .store
        .monitor(fleet_id, id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no monitor `{id}`")))
}

pub(super) fn monitors_href(fleet_id: &str) -> String {
    format!("{BASE}/fleets/{fleet_id}/monitors")
}

/// What a change to a monitor makes stale besides the monitor: the fleet's collection, which
/// embeds it, and its status resource (the client's own request target is forgotten anyway).
fn changed(fleet_id: &str, id: &str) -> Invalidates {
    let monitor = format!("{}/{id}", monitors_href(fleet_id));
    Invalidates::new([
        monitors_href(fleet_id),
        format!("{monitor}/status"),
        monitor,
    ])
}

/// A parameter the engine cannot take: `400` naming the member, as a `pointer` and as the one
/// entry of `errors` (the shape `ValidJson` answers with).
pub(super) fn field_error(error: FieldError) -> ApiError {
    let message = format!("{} {}", error.pointer, error.message);
    ApiError::bad_member(message, error.pointer, error.message)
}

/// Checks a parameter as [`MonitorParameter::compile`] does, and its target against the target
/// policy: public `https` addresses only, unless `--webhook-allow` says otherwise.
pub(super) async fn check(
    state: &AppState,
    parameter: &MonitorParameter,
    now: chrono::DateTime<Utc>,
) -> Result<crate::monitors::engine::Rule, ApiError> {
    let rule = parameter.compile(now).map_err(field_error)?;
    let target = &parameter.subscribe_param.callback.webhook.target;
    let refused = |message: String| {
        field_error(FieldError {
            pointer: "/subscribeParam/callback/webhook/target".into(),
            message,
        })
    };
    let url = url::Url::parse(target).map_err(|error| refused(format!("is not a URL: {error}")))?;
    state
        .targets
        .check(&url)
        .await
        .map_err(|reason| refused(reason.to_string()))?;
    Ok(rule)
}

/// The fleet's monitors, in creation order.
pub(super) async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(fleet_id): Path<String>,
    wants: Representation,
    conditional: Conditional,
    PageQuery(request, _): PageQuery,
) -> Result<Response, ApiError> {
    own_fleet(&*state.read()?, &caller, &fleet_id)?;
    // Every change to a fleet's monitors (deletions included) takes a new, higher revision, so
    // the highest is the collection's version: one indexed read, and no page is read for a 304.
    let revision = state.store.monitors_revision(&fleet_id).await?;
    let validator = Validator::new(ETag::of(&(&fleet_id, revision, wants.media_type())));
    if let Some(answer) = conditional.answer(&validator) {
        return Ok(answer);
    }
    let (items, total) = state
        .store
        .monitors(&fleet_id, request.offset(), request.limit())
        .await?;
    let paging = state
        .paging
        .links(&request, &monitors_href(&fleet_id), Total::Exact(total));
    let page = wants.respond(Hal(MonitorPage {
        fleet_id,
        counts: PageCounts::new(&request, total),
        paging,
        items,
    }));
    Ok((validator, page).into_response())
}

/// `202 Accepted` with `Location` and a [`MonitorRef`]: the monitor is running from now on.
pub(super) async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Path(fleet_id): Path<String>,
    ValidJson(parameter): ValidJson<MonitorParameter>,
) -> Result<Response, ApiError> {
    let now = Utc::now();
    own_fleet(&*state.read()?, &caller, &fleet_id)?;
    let rule = check(&state, &parameter, now).await?;
    // Read before the monitor is stored, so that a stored monitor always had its secret told.
    let signing_key = state.signer.key().await?.clone();
    // Random, so that an id says nothing of how many monitors other fleets made.
    let monitor_id = uuid::Uuid::new_v4().simple().to_string();
    let monitor = Monitor {
        monitor_id: monitor_id.clone(),
        fleet_id: fleet_id.clone(),
        monitor: parameter,
        status: MonitorStatus::Running,
        timestamps: Timestamps::created(now),
    };
    let max = state.max_monitors_per_fleet;
    let revision = match state.store.create_monitor(&monitor, max).await? {
        Created::Stored(revision) => revision,
        Created::CapReached => {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                format!("your fleet has {max} monitors, the most it may have; delete one first"),
            )
            .with_member("maxMonitors", max));
        }
    };
    state.edit_engine(
        &fleet_id,
        &monitor_id,
        revision,
        EngineEdit::Upsert(rule, true),
    );
    let location = format!("{}/{monitor_id}", monitors_href(&fleet_id));
    let created = MonitorRef {
        secret: Some(signing_key.secret(&monitor_id, 1)),
        ..MonitorRef::from(&monitor)
    };
    let mut response = (StatusCode::ACCEPTED, HalJson(Hal(created))).into_response();
    let location = HeaderValue::try_from(location)
        .map_err(|_| ApiError::internal("the new monitor's location is not a header value"))?;
    response.headers_mut().insert(header::LOCATION, location);
    Ok(response)
}

/// A monitor's entity tag as `representation`: its revision, which every change moves, and
/// `.forms` for the HAL-FORMS document, which differs from the HAL one.
pub(super) fn tag(revision: i64, representation: Representation) -> ETag {
    match representation {
        Representation::Hal => ETag::version(revision),
        Representation::HalForms => ETag::version(format!("{revision}.forms")),
    }
}

/// The tags of a monitor's state at `revision`, one per representation: a write's `If-Match`
/// may name any of them.
fn tags(revision: i64) -> [ETag; 2] {
    [
        tag(revision, Representation::Hal),
        tag(revision, Representation::HalForms),
    ]
}

pub(super) async fn read(
    State(state): State<AppState>,
    caller: Caller,
    wants: Representation,
    conditional: Conditional,
    Path((fleet_id, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (monitor, revision) = own_monitor(&state, &caller, &fleet_id, &id).await?;
    let validator = Validator::new(tag(revision, wants));
    Ok(conditional.respond(validator, || wants.respond(Hal(monitor))))
}

/// Checks `if_match` against the monitor's `revision` (required by `--require-if-match`), and
/// returns the revision a change must find, if the client named one.
pub(super) fn precondition(
    state: &AppState,
    if_match: &IfMatch,
    revision: i64,
) -> Result<Option<i64>, ApiError> {
    if_match.check_any(&tags(revision), state.require_if_match)?;
    Ok(if_match.is_present().then_some(revision))
}

/// Stores a change (only if the monitor is still at `expected`, when given) and gives it to the
/// engine, which starts the monitor afresh.
pub(super) async fn change(
    state: &AppState,
    fleet_id: &str,
    id: &str,
    parameter: Option<&MonitorParameter>,
    status: Option<MonitorStatus>,
    (if_match, expected): (&IfMatch, Option<i64>),
) -> Result<(Monitor, i64), ApiError> {
    let now = Utc::now();
    let outcome = state
        .store
        .update_monitor(fleet_id, id, parameter, status, now, expected)
        .await?;
    let (monitor, revision) = settled(outcome, id, if_match)?;
    // Compiled again from what was stored, at its `updatedAt`, exactly as other instances will
    // compile it (one-off time windows are dated by that time), rather than reusing the rule
    // `check` made a moment earlier.
    let rule = monitor.monitor.compile(now).map_err(field_error)?;
    let running = monitor.status == MonitorStatus::Running;
    state.edit_engine(fleet_id, id, revision, EngineEdit::Upsert(rule, running));
    Ok((monitor, revision))
}

/// What the origin answers a change of a monitor or its status: `202 Accepted` and a
/// [`MonitorRef`]. `ETag` is the changed resource's new tag, as `wants` names its
/// representation, so that a client may change it again under `If-Match` without reading it.
pub(super) type Accepted = (StatusCode, ETag, Invalidates, HalJson<Hal<MonitorRef>>);

fn accepted(
    monitor: &Monitor,
    revision: i64,
    wants: Representation,
    changed: Invalidates,
) -> Accepted {
    (
        StatusCode::ACCEPTED,
        tag(revision, wants),
        changed,
        HalJson(Hal(MonitorRef::from(monitor))),
    )
}

/// Replaces the parameter.
pub(super) async fn replace(
    State(state): State<AppState>,
    caller: Caller,
    wants: Representation,
    Path((fleet_id, id)): Path<(String, String)>,
    if_match: IfMatch,
    ValidJson(parameter): ValidJson<MonitorParameter>,
) -> Result<Accepted, ApiError> {
    let (revision, monitor) = rewrite(&state, &caller, (&fleet_id, &id), if_match, |_| {
        Ok(parameter)
    })
    .await?;
    Ok(accepted(&monitor, revision, wants, changed(&fleet_id, &id)))
}

/// Patches the parameter (`application/merge-patch+json`, RFC 7396) and checks the result as
/// `PUT` checks a whole parameter.
pub(super) async fn patch(
    State(state): State<AppState>,
    caller: Caller,
    wants: Representation,
    Path((fleet_id, id)): Path<(String, String)>,
    if_match: IfMatch,
    patch: MergePatch,
) -> Result<(ETag, Invalidates, Negotiated<Hal<Monitor>>), ApiError> {
    let (revision, monitor) = rewrite(&state, &caller, (&fleet_id, &id), if_match, |current| {
        patch.apply_to(&current.monitor)
    })
    .await?;
    let changed = changed(&fleet_id, &id);
    Ok((tag(revision, wants), changed, wants.respond(Hal(monitor))))
}

/// Stores the parameter `new_parameter` makes of the current monitor, under `If-Match`, once
/// it passes every check a new monitor's does; returns the change's revision and the monitor.
pub(super) async fn rewrite(
    state: &AppState,
    caller: &Caller,
    (fleet_id, id): (&str, &str),
    if_match: IfMatch,
    new_parameter: impl FnOnce(Monitor) -> Result<MonitorParameter, ApiError>,
) -> Result<(i64, Monitor), ApiError> {
    let (current, revision) = own_monitor(state, caller, fleet_id, id).await?;
    let expected = precondition(state, &if_match, revision)?;
    let parameter = new_parameter(current)?;
    check(state, &parameter, Utc::now()).await?;
    let (monitor, revision) = change(
        state,
        fleet_id,
        id,
        Some(&parameter),
        None,
        (&if_match, expected),
    )
    .await?;
    Ok((revision, monitor))
}

/// What a conditional store change did, as the client sees it.
pub(super) fn settled<T>(outcome: Outcome<T>, id: &str, if_match: &IfMatch) -> Result<T, ApiError> {
    match outcome {
        Outcome::Done(done) => Ok(done),
        Outcome::Missing => Err(ApiError::not_found(format!("no monitor `{id}`"))),
        // Changed between our read and the write: the client's tag is stale after all.
        Outcome::Changed(current) => {
            if_match.check_any(&tags(current), false)?;
            Err(ApiError::new(
                StatusCode::CONFLICT,
                "the monitor changed meanwhile; retry",
            ))
        }
    }
}

pub(super) async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path((fleet_id, id)): Path<(String, String)>,
    if_match: IfMatch,
) -> Result<Response, ApiError> {
    let (_, revision) = own_monitor(&state, &caller, &fleet_id, &id).await?;
    let expected = precondition(&state, &if_match, revision)?;
    let outcome = state.store.delete_monitor(&fleet_id, &id, expected).await?;
    let revision = settled(outcome, &id, &if_match)?;
    state.edit_engine(&fleet_id, &id, revision, EngineEdit::Remove);
    Ok((StatusCode::NO_CONTENT, changed(&fleet_id, &id), ()).into_response())
}

pub(super) fn status_document(
    monitor: &Monitor,
    revision: i64,
    wants: Representation,
) -> (ETag, Negotiated<Hal<MonitorStatusDocument>>) {
    (
        tag(revision, wants),
        wants.respond(Hal(MonitorStatusDocument {
            monitor_id: monitor.monitor_id.clone(),
            fleet_id: monitor.fleet_id.clone(),
            status: monitor.status,
        })),
    )
}

pub(super) async fn status(
    State(state): State<AppState>,
    caller: Caller,
    wants: Representation,
    conditional: Conditional,
    Path((fleet_id, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (monitor, revision) = own_monitor(&state, &caller, &fleet_id, &id).await?;
    let validator = Validator::new(tag(revision, wants));
    Ok(conditional.respond(validator, || status_document(&monitor, revision, wants)))
}

/// Sets `Running` or `Paused` (`Failed` is the service's to set), answered as the origin does,
/// [`accepted`].
pub(super) async fn set_status(
    State(state): State<AppState>,
    caller: Caller,
    wants: Representation,
    Path((fleet_id, id)): Path<(String, String)>,
    if_match: IfMatch,
    ValidJson(input): ValidJson<MonitorStatusInput>,
) -> Result<Accepted, ApiError> {
    let requested = MonitorStatus::from(input.status);
    let (current, revision) = own_monitor(&state, &caller, &fleet_id, &id).await?;
    let expected = precondition(&state, &if_match, revision)?;
    if current.status == requested {
        return Ok(accepted(&current, revision, wants, Invalidates::default()));
    }
    let (monitor, revision) = change(
        &state,
        &fleet_id,
        &id,
        None,
        Some(requested),
        (&if_match, expected),
    )
    .await?;
    Ok(accepted(&monitor, revision, wants, changed(&fleet_id, &id)))
}

/// The monitor's events, newest first, each with its delivery.
pub(super) async fn events(
    State(state): State<AppState>,
    caller: Caller,
    conditional: Conditional,
    Path((fleet_id, id)): Path<(String, String)>,
    PageQuery(request, _): PageQuery,
) -> Result<Response, ApiError> {
    own_monitor(&state, &caller, &fleet_id, &id).await?;
    let (events, total) = state
        .store
        .events(&id, request.offset(), request.limit())
        .await?;
    // What raised events show never changes; their deliveries do.
    let changing: Vec<_> = events
        .iter()
        .map(|e| (&e.event.event_id, &e.delivery, &e.batch_id))
        .collect();
    let validator = Validator::new(ETag::of(&(&fleet_id, total, changing)));
    Ok(conditional.respond(validator, || {
        let paging = state.paging.links(
            &request,
            &format!("{}/{id}/events", monitors_href(&fleet_id)),
            Total::Exact(total),
        );
        HalJson(Hal(EventPage {
            counts: PageCounts::new(&request, total),
            paging,
            items: events.into_iter().map(Event::from).collect(),
        }))
    }))
}

pub(super) async fn event(
    State(state): State<AppState>,
    caller: Caller,
    conditional: Conditional,
    Path((fleet_id, id, event_id)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    own_monitor(&state, &caller, &fleet_id, &id).await?;
    let event = state
        .store
        .event(&id, &event_id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no event `{event_id}`")))?;
    let validator = Validator::new(ETag::of(&(
        &fleet_id,
        &event_id,
        &event.delivery,
        &event.batch_id,
    )));
    Ok(conditional.respond(validator, || HalJson(Hal(Event::from(event)))))
}

/// Rotates a monitor's signing secret: the new one is answered, and for a day deliveries are
/// signed by both.
pub(super) async fn rotate_secret(
    State(state): State<AppState>,
    caller: Caller,
    Path((fleet_id, id)): Path<(String, String)>,
) -> Result<HalJson<Hal<MonitorSecret>>, ApiError> {
    own_monitor(&state, &caller, &fleet_id, &id).await?;
    let signing_key = state.signer.key().await?.clone();
    let generation = state
        .store
        .rotate_secret(&fleet_id, &id, Utc::now())
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no monitor `{id}`")))?;
    Ok(HalJson(Hal(MonitorSecret {
        secret: signing_key.secret(&id, generation.generation),
        monitor_id: id,
        fleet_id,
    })))
}
