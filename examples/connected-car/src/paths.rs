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
/// The HAL explorer, for people with a browser.
pub const EXPLORER: &str = "/connectedcar/v2/explorer";
