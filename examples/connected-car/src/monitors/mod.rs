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

/// `number` as an integer, when it is a whole one that an `f64` holds exactly (below 2^53 in
/// magnitude): how the origin's integers and the values of events are written.
#[must_use]
pub(crate) fn whole(number: f64) -> Option<i64> {
    #[allow(clippy::cast_possible_truncation)]
    (number.fract() == 0.0 && number.abs() < 9_007_199_254_740_992.0).then_some(number as i64)
}
