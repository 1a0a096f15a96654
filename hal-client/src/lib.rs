//! A client for HAL (`application/hal+json`) services: follow links across services, read
//! documents as dynamic resources or derived types, walk paged collections, write.
//!
//! - [`Client`]: on reqwest (TLS, client certificates, proxies and pooling come from it; bring
//!   your own `reqwest::Client`), bounded by default (response size, redirects, pages,
//!   [`Limits`](hal_core::Limits)).
//! - [`Target`]: a start URL and the relations to follow, resolved when read:
//!   `client.root(url).follow("cc:vehicles").follow_with("cc:trip", vars).get().await?`.
//!   Relations match by name, CURIE or full URI in the scope of the document holding them;
//!   embedded resources are used without a request; hrefs resolve against the document's URL
//!   (after redirects, RFC 3986); templates need their values.
//! - Reads: [`Target::get`] (a [`Document`], with its response's headers), [`Target::get_as`]
//!   (a derived type; an embedded summary that does not fit it is fetched whole from its
//!   `self`), [`Target::refresh`] (always a request), [`Target::pages`] (every page along
//!   `next`), [`Target::items`] (every item of a collection across its pages, read as a derived
//!   type straight from each page). `follow` borrows, so one target branches.
//! - Concurrent reads of one URL with the same headers share one request and its answer.
//! - [`Target::head`] (headers and `Link` header links, no body) and [`Target::fetch`] (any
//!   method; status, headers and body as they came, an error status included).
//! - [`middleware`]: code around the requests to one origin (or all); with the `oauth2`
//!   feature, `oauth::OAuth2` gets, caches and renews access tokens.
//! - Headers: `User-Agent: hal-client/<version>` ([`USER_AGENT`]);
//!   [`Target::with_header`] sends others (`Authorization`, `Prefer`) or replaces it.
//! - Writes: [`Target::post`] (the created resource's target, from `Location`),
//!   [`Target::put`], [`Target::patch`] (JSON merge patch), [`Target::delete`].
//! - Forms: [`Target::template`] reads a HAL-FORMS template ([`Form`]) and
//!   [`Form::submit`] sends what it describes, its required properties checked first.
//! - [`Error`]: the URL, the relations taken, the status and the server's problem document.
//! - A link marked `deprecation` logs a `tracing` warning when followed, once per link.
//! - A private HTTP cache (RFC 9111, through http-cache-semantics): fresh documents without a
//!   request, stale ones revalidated, forgotten on unsafe requests and `rel=invalidates`. A
//!   service speaks only for its own origin: an embedded resource whose `self` is elsewhere is
//!   used in place and never cached, and invalidations naming another origin are ignored.
//! - `Link` response headers (RFC 8288) join the document's links, for relations the document
//!   does not have (paging links sent as headers, say).
//!
//! # Example
//!
//! ```no_run
//! use hal_client::TryStreamExt;
//! use hal_core::HalResource;
//!
//! #[derive(serde::Serialize, serde::Deserialize, HalResource)]
//! #[serde(rename_all = "camelCase")]
//! struct Vehicle { vin: String, brand: String }
//!
//! # async fn run() -> Result<(), hal_client::Error> {
//! let client = hal_client::Client::new();
//! let root = client.root(hal_client::url::Url::parse("https://api.example.com/connectedcar/v2").unwrap());
//! let vehicles: Vec<Vehicle> = root.follow("cc:vehicles").items("cc:vehicles").try_collect().await?;
//! for vehicle in &vehicles {
//!     println!("{} {}", vehicle.vin, vehicle.brand);
//! }
//! // The same root, another relation: `follow` borrows.
//! let fleets = root.follow("cc:fleets").get().await?;
//! println!("{}", fleets.url());
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod cache;
mod client;
mod document;
mod error;
mod form;
mod link_header;
pub mod middleware;
#[cfg(feature = "oauth2")]
#[cfg_attr(docsrs, doc(cfg(feature = "oauth2")))]
pub mod oauth;
mod resolve;
mod target;

pub use cache::CacheStats;
pub use client::{Client, ClientBuilder, USER_AGENT};
pub use document::Document;
pub use error::{Error, ErrorKind};
pub use form::{Form, Submitted};
pub use target::{Fetched, Target};

/// The `url` crate, whose `Url` the client takes and gives.
pub use url;

/// The stream traits that read [`Target::items`], [`Target::resources`] and [`Target::pages`]
/// (`try_collect`, `next`), so that a client needs no other import for them.
pub use futures_util::{StreamExt, TryStreamExt};
