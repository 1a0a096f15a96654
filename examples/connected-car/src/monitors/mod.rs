//! Monitors: rules the service evaluates against the data vehicles send, raising events for the
//! customer's webhook.
//!
//! - [`model`]: the `MonitorParameter` clients write, checked member by member and compiled.
//! - [`expr`]: `boolExp`, parsed with positions and compiled into a truth table.
//! - [`geo`]: zones (circles by great-circle distance, polygons) and crossings.
//! - [`window`]: time windows in IANA time zones, across daylight-saving changes.
//! - [`event`]: events as the origin's webhook templates shape them.
//! - [`engine`]: per-fleet evaluation of samples, edge-triggered, with refresh events.

pub mod engine;
pub mod event;
pub mod expr;
pub mod geo;
pub mod model;
pub mod window;
