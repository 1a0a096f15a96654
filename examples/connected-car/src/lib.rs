//! The connected-car fleet API as a HAL service: fleets, vehicles, trips with way points,
//! alerts and last positions (GeoJSON) from an in-memory fleet generated from a fixed seed;
//! vehicle data (`POST /vehicles/{vin}/telemetry`, or the [`simulator`]) evaluated by
//! [`monitors`] that raise events, kept in the [`store`] (SQLite or PostgreSQL) and sent to the
//! customers' webhooks by the [`delivery`] worker.
//!
//! Built only on the public APIs of `hal-core` (and its derive), `hal-paging` and `hal-axum`.
//!
//! # Layout
//!
//! - `state`: the application state every handler shares (the fleet's data, the engine, the
//!   store) and the protocol that keeps the engine in step with the stored monitors.
//! - `http`: the router and the caller's identity, then one module per resource: `root`,
//!   `fleets`, `vehicles`, `trips`, `alerts`, `monitors`, `telemetry`.
//! - [`store`]: the database, one module per aggregate (monitors, events, deliveries); its
//!   errors keep the database's error as their source.
//! - [`monitors`] (model and engine), [`delivery`], [`resources`] (the documents served),
//!   [`openapi`], [`simulator`].
//!
//! # Caller identity
//!
//! Over TLS (`--tls-cert`, `--tls-key`, `--client-ca`) the caller presents a client certificate
//! signed by the client CA, and its subject CN names the fleet (`f1`, `f2` or `f3`); without
//! one, or with one from another CA, the handshake fails. In plain-HTTP mode a request names its
//! fleet with the `X-Fleet-Id` header. A request without an identity, or for another fleet's
//! vehicle, trip, alert or monitor, is a `403` problem document.
//!
//! Links are path-absolute references (`/connectedcar/v2/...`): a client resolves them against
//! the URL it used, so they keep its scheme and authority (https over TLS) and name no host.
//!
//! # Errors
//!
//! Every error is an RFC 9457 problem document (`application/problem+json`): `400` for a bad
//! parameter or body (naming it in `parameter` or `pointer`; also an unknown or repeated query
//! parameter, or a repeated `X-Fleet-Id`), `403` (naming only what the caller asked for, never
//! what belongs to another fleet), `404` for an unknown resource or route, `405`, `409` when a
//! fleet has all the monitors it may have, `415` for a body that is not JSON, and the limits of
//! [`hal_axum::serve`] (`408`, `413`, `414`, `431`, and `500` for a fault).
//!
//! # Caching
//!
//! Every answer depends on the caller: responses are `Cache-Control: private` and
//! `Vary: X-Fleet-Id, Accept`, so no shared cache hands one fleet's data to another.

#![warn(missing_docs)]

pub mod certs;
pub mod delivery;
mod fleet;
mod http;
pub mod monitors;
pub mod openapi;
pub mod paths;
#[allow(missing_docs)] // the fields are documented by the API's relation pages
pub mod resources;
pub mod signing;
pub mod simulator;
mod state;
pub mod store;
pub mod targets;
pub mod telemetry;

pub use fleet::FleetData;
pub use http::{Caller, FLEET_HEADER, MAX_SAMPLES_PER_REQUEST, router};
pub use state::{
    AppState, DEFAULT_MAX_CLOCK_SKEW_MINUTES, DEFAULT_MAX_MONITORS_PER_FLEET,
    DEFAULT_REPRESENTATION_CACHE_BYTES,
};

/// The seed of the demo data.
pub const SEED: u64 = 0x5EED_CA75;

/// The fleets of the demo data.
pub const FLEETS: [&str; 3] = ["f1", "f2", "f3"];

/// How the service is served: hal-axum's defaults, and every problem document also carrying
/// the origin's error members (`code`, `uuid`, `message`, `timestamp`, its `xError`), so
/// that a client written for the origin API reads errors as it expects and an RFC 9457 client
/// reads the same document.
///
/// # Examples
///
/// ```
/// let config = connected_car::serve_config().with_max_connections(64);
/// assert_eq!(config.max_connections(), 64);
/// ```
pub fn serve_config() -> hal_axum::serve::ServeConfig {
    hal_axum::serve::ServeConfig::default().with_problem_members(http::with_origin_error)
}

/// The service over freshly generated demo data and an empty database in memory.
///
/// # Panics
///
/// When SQLite cannot make a memory database, which only a broken build can cause.
pub async fn app() -> axum::Router {
    #[allow(clippy::expect_used)] // a memory database needs no file, server or permission
    let state = AppState::in_memory()
        .await
        .expect("an SQLite database in memory");
    router(state)
}
