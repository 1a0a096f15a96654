//! The API's paths, declared once: the router serves them and the resources link to them
//! (`#[hal(self_link = paths::TRIP)]`), so a renamed route cannot leave links dangling. Their
//! `{placeholders}` are axum's path parameters and the resources' field names at once; the
//! derive checks the latter at compile time.

/// The root.
pub const ROOT: &str = "/connectedcar/v2";
/// The documentation of a custom relation, and the template of the `cc` curie.
pub const RELATION_DOCS: &str = "/connectedcar/v2/docs/rels/{rel}";
/// A fleet.
pub const FLEET: &str = "/connectedcar/v2/fleets/{fleet_id}";
/// A vehicle.
pub const VEHICLE: &str = "/connectedcar/v2/vehicles/{vin}";
/// A trip.
pub const TRIP: &str = "/connectedcar/v2/trips/{id}";
/// A fleet's monitors.
pub const MONITORS: &str = "/connectedcar/v2/fleets/{fleet_id}/monitors";
/// A monitor.
pub const MONITOR: &str = "/connectedcar/v2/fleets/{fleet_id}/monitors/{monitor_id}";
/// A monitor's status.
pub const MONITOR_STATUS: &str = "/connectedcar/v2/fleets/{fleet_id}/monitors/{monitor_id}/status";
/// A monitor's signing secret, rotated by `POST`.
pub const MONITOR_SECRET: &str = "/connectedcar/v2/fleets/{fleet_id}/monitors/{monitor_id}/secret";
/// The HAL explorer, for people with a browser.
pub const EXPLORER: &str = "/connectedcar/v2/explorer";
/// The fleets the caller can see.
pub const FLEETS: &str = "/connectedcar/v2/fleets";
/// The fleet's vehicles.
pub const VEHICLES: &str = "/connectedcar/v2/vehicles";
/// A vehicle's trips.
pub const VEHICLE_TRIPS: &str = "/connectedcar/v2/vehicles/{vin}/trips";
/// A vehicle's alerts.
pub const VEHICLE_ALERTS: &str = "/connectedcar/v2/vehicles/{vin}/alerts";
/// A vehicle's last position.
pub const VEHICLE_POSITION: &str = "/connectedcar/v2/vehicles/{vin}/position";
/// A vehicle's status (its data added up).
pub const VEHICLE_STATUS: &str = "/connectedcar/v2/vehicles/{vin}/status";
/// A vehicle's maintenance counters.
pub const VEHICLE_MAINTENANCE: &str = "/connectedcar/v2/vehicles/{vin}/maintenance";
/// A vehicle's data, posted.
pub const VEHICLE_TELEMETRY: &str = "/connectedcar/v2/vehicles/{vin}/telemetry";
/// A point a trip went through.
pub const WAY_POINT: &str = "/connectedcar/v2/trips/{id}/waypoints/{seq}";
/// An alert.
pub const ALERT: &str = "/connectedcar/v2/alerts/{id}";
/// A monitor's events.
pub const MONITOR_EVENTS: &str = "/connectedcar/v2/fleets/{fleet_id}/monitors/{monitor_id}/events";
/// A monitor's event.
pub const MONITOR_EVENT: &str =
    "/connectedcar/v2/fleets/{fleet_id}/monitors/{monitor_id}/events/{event_id}";
/// A fleet's vehicles, at the origin's path.
pub const FLEET_VEHICLES: &str = "/connectedcar/v2/fleets/{fleet_id}/vehicles";
/// A vehicle at the origin's path, by its `id`.
pub const FLEET_VEHICLE: &str = "/connectedcar/v2/fleets/{fleet_id}/vehicles/{id}";
/// A vehicle's last position at the origin's path, by its `id`.
pub const FLEET_VEHICLE_LAST_POSITION: &str =
    "/connectedcar/v2/fleets/{fleet_id}/vehicles/{id}/lastPosition";
/// A vehicle's status at the origin's path, by its `id`.
pub const FLEET_VEHICLE_STATUS: &str = "/connectedcar/v2/fleets/{fleet_id}/vehicles/{id}/status";
/// A vehicle's trips at the origin's path, by its `id`.
pub const FLEET_VEHICLE_TRIPS: &str = "/connectedcar/v2/fleets/{fleet_id}/vehicles/{id}/trips";
/// A vehicle's alerts at the origin's path, by its `id`.
pub const FLEET_VEHICLE_ALERTS: &str = "/connectedcar/v2/fleets/{fleet_id}/vehicles/{id}/alerts";
/// A vehicle's maintenance counters at the origin's path, by its `id`.
pub const FLEET_VEHICLE_MAINTENANCE: &str =
    "/connectedcar/v2/fleets/{fleet_id}/vehicles/{id}/maintenance";
