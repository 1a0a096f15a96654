//! The API's resources, as derived HAL types.
//!
//! Relations are named as the origin API names them (`vehicles`, `fleet`, `lastPosition`…),
//! because that is what its clients follow: a deliberate deviation from the HAL draft, which
//! asks custom relations to be URIs or CURIEs (H-61). The relations this service adds
//! (`cc:fleets`, `cc:events`) are CURIEs whose documentation it serves at
//! `/connectedcar/v2/docs/rels/{rel}`, as draft §8.2 asks.

// clippy's `duplicated_attributes` reads the `templated` flags of two `#[hal(link(…))]`
// attributes as one attribute given twice (rust-clippy#12923, a known false positive).
#![allow(clippy::duplicated_attributes)]

use chrono::{DateTime, Utc};
use hal_core::HalResource;
use hal_core::forms::HalForm;
use hal_core::time::Timestamps;
use hal_paging::PageLinks;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::monitors::model::MonitorParameter;
use crate::paths;
use crate::store::{Delivery, StoredEvent};

pub mod status;

pub use status::VehicleStatusDocument;

/// The root: every collection is reachable from here.
#[derive(Debug, Clone, Serialize, Deserialize, HalResource, ToSchema)]
#[hal(openapi)]
#[serde(rename_all = "camelCase")]
#[hal(curie(name = "cc", href = paths::RELATION_DOCS))]
#[hal(self_link = paths::ROOT)]
#[hal(link(rel = "fleet", href = paths::FLEET))]
#[hal(link(
    rel = "cc:fleets",
    href = "/connectedcar/v2/fleets{?offset,limit}",
    templated
))]
#[hal(link(
    rel = "vehicles",
    href = "/connectedcar/v2/vehicles{?brand,offset,limit}",
    templated
))]
#[hal(link(rel = "vehicle", href = "/connectedcar/v2/vehicles/{vin}", templated))]
#[hal(link(rel = "trip", href = "/connectedcar/v2/trips/{id}", templated))]
#[hal(link(
    rel = "monitors",
    href = "/connectedcar/v2/fleets/{fleet_id}/monitors{?offset,limit}",
    templated
))]
#[hal(link(
    rel = "monitor",
    href = "/connectedcar/v2/fleets/{fleet_id}/monitors/{monitorId}",
    templated
))]
pub struct Root {
    pub fleet_id: String,
    pub api: String,
    /// `service-desc` (the OpenAPI document) and `service-doc` (its pages for people), with
    /// their media types.
    #[hal(links)]
    #[schema(ignore)]
    pub service: hal_core::Links,
}

#[derive(Debug, Clone, Serialize, Deserialize, HalResource, ToSchema)]
#[hal(openapi)]
#[serde(rename_all = "camelCase")]
#[hal(curie(name = "cc", href = paths::RELATION_DOCS))]
#[hal(self_link = paths::FLEET)]
#[hal(link(
    rel = "vehicles",
    href = "/connectedcar/v2/vehicles{?brand,offset,limit}",
    templated
))]
#[hal(link(
    rel = "monitors",
    href = "/connectedcar/v2/fleets/{fleet_id}/monitors{?offset,limit}",
    templated
))]
pub struct Fleet {
    /// The origin's name for the fleet's identifier (the same as `fleetId`).
    pub id: String,
    pub fleet_id: String,
    pub name: String,
    pub vehicle_count: u64,
    #[serde(flatten)]
    pub timestamps: Timestamps,
}

#[derive(Debug, Clone, Serialize, Deserialize, HalResource, ToSchema)]
#[hal(openapi)]
#[serde(rename_all = "camelCase")]
#[hal(curie(name = "cc", href = paths::RELATION_DOCS))]
#[hal(self_link = paths::VEHICLE)]
#[hal(link(rel = "fleet", href = paths::FLEET))]
#[hal(link(
    rel = "trips",
    href = "/connectedcar/v2/vehicles/{vin}/trips{?since,offset,limit}",
    templated
))]
#[hal(link(
    rel = "alerts",
    href = "/connectedcar/v2/vehicles/{vin}/alerts{?offset,limit}",
    templated
))]
#[hal(link(
    rel = "lastPosition",
    href = "/connectedcar/v2/vehicles/{vin}/position"
))]
#[hal(link(rel = "status", href = "/connectedcar/v2/vehicles/{vin}/status"))]
#[hal(link(rel = "maintenance", href = paths::VEHICLE_MAINTENANCE))]
#[hal(link(rel = "telemetry", href = "/connectedcar/v2/vehicles/{vin}/telemetry"))]
pub struct Vehicle {
    /// The origin's identifier of the vehicle: opaque and stable, what a webhook's `$vid`
    /// attribute sends.
    pub id: String,
    pub vin: String,
    pub fleet_id: String,
    pub brand: String,
    pub model: String,
    pub year: u16,
    pub mileage_km: u64,
    #[serde(flatten)]
    pub timestamps: Timestamps,
}

#[derive(Debug, Clone, Serialize, Deserialize, HalResource, ToSchema)]
#[hal(openapi)]
#[serde(rename_all = "camelCase")]
#[hal(curie(name = "cc", href = paths::RELATION_DOCS))]
#[hal(self_link = "/connectedcar/v2/trips/{trip_id}/waypoints/{seq}")]
#[hal(link(rel = "up", href = "/connectedcar/v2/trips/{trip_id}"))]
pub struct WayPoint {
    #[serde(skip)]
    pub trip_id: u64,
    pub seq: u32,
    pub latitude: f64,
    pub longitude: f64,
    #[serde(with = "hal_core::time::rfc3339")]
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, HalResource, ToSchema)]
#[hal(openapi)]
#[serde(rename_all = "camelCase")]
#[hal(curie(name = "cc", href = paths::RELATION_DOCS))]
#[hal(self_link = paths::TRIP)]
#[hal(link(rel = "vehicle", href = paths::VEHICLE))]
pub struct Trip {
    /// A number, written as text as the origin's ids are.
    #[serde(with = "id_as_text")]
    #[schema(value_type = String)]
    pub id: u64,
    pub vin: String,
    #[serde(with = "hal_core::time::rfc3339")]
    pub started_at: DateTime<Utc>,
    #[serde(with = "hal_core::time::rfc3339")]
    pub stopped_at: DateTime<Utc>,
    /// In km.
    pub distance: f64,
    /// Seconds from start to stop.
    pub duration: i64,
    /// Whether the trip has ended (every trip the fleet's history holds has).
    pub done: bool,
    #[serde(flatten)]
    pub timestamps: Timestamps,
    /// Embedded in a trip's own document; left out of trip collections (see `TripSummary`).
    #[hal(embedded(rel = "waypoints"))]
    #[schema(ignore)]
    pub way_points: Vec<WayPoint>,
}

/// A trip in a collection: the same document without its way points (they are one link away).
#[derive(Debug, Clone, Serialize, Deserialize, HalResource, ToSchema)]
#[hal(openapi)]
#[serde(rename_all = "camelCase")]
#[hal(curie(name = "cc", href = paths::RELATION_DOCS))]
#[hal(self_link = paths::TRIP)]
#[hal(link(rel = "vehicle", href = paths::VEHICLE))]
pub struct TripSummary {
    #[serde(with = "id_as_text")]
    #[schema(value_type = String)]
    pub id: u64,
    pub vin: String,
    #[serde(with = "hal_core::time::rfc3339")]
    pub started_at: DateTime<Utc>,
    #[serde(with = "hal_core::time::rfc3339")]
    pub stopped_at: DateTime<Utc>,
    /// In km.
    pub distance: f64,
    /// Seconds from start to stop.
    pub duration: i64,
    /// Whether the trip has ended (every trip the fleet's history holds has).
    pub done: bool,
    #[serde(flatten)]
    pub timestamps: Timestamps,
}

impl From<&Trip> for TripSummary {
    fn from(trip: &Trip) -> Self {
        Self {
            id: trip.id,
            vin: trip.vin.clone(),
            started_at: trip.started_at,
            stopped_at: trip.stopped_at,
            distance: trip.distance,
            duration: trip.duration,
            done: trip.done,
            timestamps: trip.timestamps,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, HalResource, ToSchema)]
#[hal(openapi)]
#[serde(rename_all = "camelCase")]
#[hal(curie(name = "cc", href = paths::RELATION_DOCS))]
#[hal(self_link = "/connectedcar/v2/alerts/{id}")]
#[hal(link(rel = "vehicle", href = paths::VEHICLE))]
pub struct Alert {
    #[serde(with = "id_as_text")]
    #[schema(value_type = String)]
    pub id: u64,
    pub vin: String,
    /// One of the origin's alert types (`LeftFrontTireUnderInflated`, …).
    #[serde(rename = "type")]
    pub kind: String,
    pub severity: AlertSeverity,
    /// Whether it has not ended.
    pub active: bool,
    #[serde(with = "hal_core::time::rfc3339")]
    pub started_at: DateTime<Utc>,
    #[serde(
        with = "hal_core::time::rfc3339::option",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub end_at: Option<DateTime<Utc>>,
    #[serde(flatten)]
    pub timestamps: Timestamps,
}

/// How much an alert matters, as the origin grades it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[allow(missing_docs)]
pub enum AlertSeverity {
    Information,
    Warning,
    Critical,
}

/// Ids that are numbers here and text in the origin's documents: written as text, read from
/// either.
mod id_as_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(id: &u64, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(id)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Id {
            Number(u64),
            Text(String),
        }
        match Id::deserialize(deserializer)? {
            Id::Number(id) => Ok(id),
            Id::Text(text) => text.parse().map_err(serde::de::Error::custom),
        }
    }
}

/// A vehicle's last known position. As `application/geo+json` it is a GeoJSON Feature; as HAL
/// it is the same Feature with links.
#[derive(Debug, Clone)]
pub struct Position {
    pub vin: String,
    pub latitude: f64,
    pub longitude: f64,
    pub speed_kmh: f64,
    pub recorded_at: DateTime<Utc>,
}

/// A monitor's state: evaluated (`Running`), not evaluated (`Paused`), or given up on
/// (`Failed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum MonitorStatus {
    Running,
    Paused,
    Failed,
}

/// A monitor: its parameter as stored, its status and its times.
#[derive(Debug, Clone, Serialize, Deserialize, HalResource, ToSchema)]
#[hal(openapi)]
#[serde(rename_all = "camelCase")]
#[hal(curie(name = "cc", href = paths::RELATION_DOCS))]
#[hal(self_link = paths::MONITOR)]
#[hal(link(rel = "fleet", href = paths::FLEET))]
#[hal(link(
    rel = "cc:events",
    href = "/connectedcar/v2/fleets/{fleet_id}/monitors/{monitor_id}/events{?offset,limit}",
    templated
))]
#[hal(link(rel = "status", href = paths::MONITOR_STATUS))]
#[hal(template(
    name = "update",
    method = "PUT",
    input = MonitorParameter,
    title = "Replace the monitor's parameter"
))]
#[hal(template(name = "delete", method = "DELETE", title = "Delete the monitor"))]
pub struct Monitor {
    pub monitor_id: String,
    #[serde(skip)]
    pub fleet_id: String,
    pub monitor: MonitorParameter,
    pub status: MonitorStatus,
    #[serde(flatten)]
    pub timestamps: Timestamps,
}

/// What `POST .../monitors` answers: where the new monitor is, and its state.
#[derive(Debug, Clone, Serialize, Deserialize, HalResource, ToSchema)]
#[hal(openapi)]
#[serde(rename_all = "camelCase")]
#[hal(curie(name = "cc", href = paths::RELATION_DOCS))]
#[hal(self_link = "/connectedcar/v2/fleets/{fleet_id}/monitors/{monitor_id}")]
#[hal(link(
    rel = "monitor",
    href = "/connectedcar/v2/fleets/{fleet_id}/monitors/{monitor_id}"
))]
#[hal(link(rel = "fleet", href = paths::FLEET))]
pub struct MonitorRef {
    pub monitor_id: String,
    #[serde(skip)]
    pub fleet_id: String,
    pub status: MonitorStatus,
    #[serde(flatten)]
    pub timestamps: Timestamps,
    /// The secret that signs the monitor's deliveries (Standard Webhooks, `whsec_…`): given
    /// once, in the answer that creates the monitor, and never again except by a rotation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

impl From<&Monitor> for MonitorRef {
    fn from(monitor: &Monitor) -> Self {
        Self {
            monitor_id: monitor.monitor_id.clone(),
            fleet_id: monitor.fleet_id.clone(),
            status: monitor.status,
            timestamps: monitor.timestamps,
            secret: None,
        }
    }
}

/// What `POST .../monitors/{id}/secret` answers: the monitor's new signing secret. For a day
/// deliveries carry signatures by the previous secret too.
#[derive(Debug, Clone, Serialize, Deserialize, HalResource, ToSchema)]
#[hal(openapi)]
#[serde(rename_all = "camelCase")]
#[hal(curie(name = "cc", href = paths::RELATION_DOCS))]
#[hal(self_link = "/connectedcar/v2/fleets/{fleet_id}/monitors/{monitor_id}/secret")]
#[hal(link(
    rel = "monitor",
    href = "/connectedcar/v2/fleets/{fleet_id}/monitors/{monitor_id}"
))]
pub struct MonitorSecret {
    pub monitor_id: String,
    #[serde(skip)]
    pub fleet_id: String,
    /// `whsec_` and base64: the key receivers verify `webhook-signature` with.
    pub secret: String,
}

/// A monitor's status, which `PUT` sets to `Running` or `Paused`.
#[derive(Debug, Clone, Serialize, Deserialize, HalResource, ToSchema)]
#[hal(openapi)]
#[serde(rename_all = "camelCase")]
#[hal(curie(name = "cc", href = paths::RELATION_DOCS))]
#[hal(self_link = paths::MONITOR_STATUS)]
#[hal(link(rel = "monitor", href = paths::MONITOR))]
#[hal(template(
    method = "PUT",
    input = MonitorStatusInput,
    title = "Pause or resume the monitor"
))]
pub struct MonitorStatusDocument {
    #[serde(skip)]
    pub monitor_id: String,
    #[serde(skip)]
    pub fleet_id: String,
    pub status: MonitorStatus,
}

/// What a client sends to `PUT .../status`: `Running` or `Paused`.
#[derive(Debug, Clone, Copy, Deserialize, HalForm, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MonitorStatusInput {
    /// The status to set.
    #[hal_form(prompt = "Status")]
    pub status: RequestedStatus,
}

/// The statuses a client may set; `Failed` is the service's to set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, HalForm, utoipa::ToSchema)]
pub enum RequestedStatus {
    /// Evaluate the monitor.
    Running,
    /// Stop evaluating it, keeping it.
    Paused,
}

impl From<RequestedStatus> for MonitorStatus {
    fn from(requested: RequestedStatus) -> Self {
        match requested {
            RequestedStatus::Running => MonitorStatus::Running,
            RequestedStatus::Paused => MonitorStatus::Paused,
        }
    }
}

/// An event a monitor raised, with its delivery. It repeats `MonitorEvent`'s members rather
/// than flattening it: the links' placeholders (`{event_id}`, `{vin}`…) must be fields of the
/// resource itself.
#[derive(Debug, Clone, Serialize, Deserialize, HalResource, ToSchema)]
#[hal(openapi)]
#[serde(rename_all = "camelCase")]
#[hal(curie(name = "cc", href = paths::RELATION_DOCS))]
#[hal(self_link = "/connectedcar/v2/fleets/{fleet_id}/monitors/{monitor_id}/events/{event_id}")]
#[hal(link(
    rel = "monitor",
    href = "/connectedcar/v2/fleets/{fleet_id}/monitors/{monitor_id}"
))]
#[hal(link(rel = "vehicle", href = paths::VEHICLE))]
pub struct Event {
    pub event_id: String,
    pub monitor_id: String,
    pub fleet_id: String,
    pub vin: String,
    #[serde(with = "hal_core::time::rfc3339")]
    pub event_date: DateTime<Utc>,
    /// The names of the triggers that held.
    pub triggers: Vec<String>,
    pub values: Vec<crate::monitors::event::EventValue>,
    pub extensions: Vec<crate::monitors::event::EventExtension>,
    pub refresh: bool,
    /// Where its delivery to the webhook stands.
    pub delivery: Delivery,
}

impl From<StoredEvent> for Event {
    fn from(stored: StoredEvent) -> Self {
        let event = stored.event;
        Self {
            event_id: event.event_id,
            monitor_id: event.monitor_id,
            fleet_id: event.fleet_id,
            vin: event.vin,
            event_date: event.event_date,
            triggers: event.triggers,
            values: event.values,
            extensions: event.extensions,
            refresh: event.refresh,
            delivery: stored.delivery,
        }
    }
}

/// A vehicle's maintenance counters, as the origin's `Maintenance`: negative once overdue;
/// a counter the vehicle never reported is left out.
#[derive(Debug, Clone, Serialize, Deserialize, HalResource, ToSchema)]
#[hal(openapi)]
#[serde(rename_all = "camelCase")]
#[hal(curie(name = "cc", href = paths::RELATION_DOCS))]
#[hal(self_link = paths::VEHICLE_MAINTENANCE)]
#[hal(link(rel = "vehicle", href = paths::VEHICLE))]
pub struct MaintenanceDocument {
    pub vin: String,
    /// Days until the next maintenance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_before_maintenance: Option<f64>,
    /// Km until the next maintenance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mileage_before_maintenance: Option<f64>,
    /// When the vehicle reported them (its latest sample's time).
    #[serde(
        with = "hal_core::time::rfc3339::option",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub created_at: Option<DateTime<Utc>>,
}

/// What `POST .../telemetry` did with the samples.
#[derive(Debug, Clone, Serialize, Deserialize, HalResource, ToSchema)]
#[hal(openapi)]
#[serde(rename_all = "camelCase")]
#[hal(curie(name = "cc", href = paths::RELATION_DOCS))]
#[hal(self_link = "/connectedcar/v2/vehicles/{vin}/telemetry")]
#[hal(link(rel = "vehicle", href = paths::VEHICLE))]
#[hal(link(rel = "status", href = "/connectedcar/v2/vehicles/{vin}/status"))]
pub struct TelemetryReceipt {
    #[serde(skip)]
    pub vin: String,
    /// Applied and evaluated.
    pub accepted: usize,
    /// At the same `recordedAt` as one already applied.
    pub duplicates: usize,
    /// Older than the vehicle's latest sample.
    pub late: usize,
    /// Events the samples raised.
    pub events_raised: usize,
}

/// The counts of a collection page, as the origin's `CollectionResult` gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PageCounts {
    /// The items in the collection, after filters.
    pub total: u64,
    /// The pages of the request's size.
    pub total_page: u64,
    /// This page's number, counted from 1.
    pub current_page: u64,
}

impl PageCounts {
    /// The counts of the page `request` asks for in a collection of `total` items.
    #[must_use]
    pub fn new(request: &hal_paging::PageRequest, total: u64) -> Self {
        let totals = hal_paging::Totals::with_pages(request, total);
        Self {
            total,
            total_page: totals.total_page.unwrap_or_default(),
            current_page: totals.current_page.unwrap_or(1),
        }
    }
}

/// A page of a collection: its counts, the paging links, and the items under one relation.
macro_rules! page_type {
    ($page:ident, $item:ty, $rel:literal) => {
        #[derive(Debug, Clone, Serialize, Deserialize, HalResource, ToSchema)]
        #[hal(openapi)]
        #[hal(curie(name = "cc", href = paths::RELATION_DOCS))]
        pub struct $page {
            #[serde(flatten)]
            pub counts: PageCounts,
            #[hal(links)]
            #[schema(ignore)]
            pub paging: PageLinks,
            #[hal(embedded(rel = $rel))]
            #[schema(ignore)]
            pub items: Vec<$item>,
        }
    };
}

page_type!(FleetPage, Fleet, "cc:fleets");
page_type!(VehiclePage, Vehicle, "vehicles");
page_type!(TripPage, TripSummary, "trips");
page_type!(AlertPage, Alert, "alerts");

/// A fleet's monitors, offering the form that creates one.
#[derive(Debug, Clone, Serialize, Deserialize, HalResource, ToSchema)]
#[hal(openapi)]
#[hal(curie(name = "cc", href = paths::RELATION_DOCS))]
#[hal(template(
    method = "POST",
    input = MonitorParameter,
    title = "Create a monitor",
    target = paths::MONITORS
))]
pub struct MonitorPage {
    #[serde(skip)]
    pub fleet_id: String,
    #[serde(flatten)]
    pub counts: PageCounts,
    #[hal(links)]
    #[schema(ignore)]
    pub paging: PageLinks,
    #[hal(embedded(rel = "monitors"))]
    #[schema(ignore)]
    pub items: Vec<Monitor>,
}
page_type!(EventPage, Event, "cc:events");
