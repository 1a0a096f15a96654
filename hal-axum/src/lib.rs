//! axum glue for HAL services.
//!
//! - [`HalJson`]: a response written as `application/hal+json`; [`Created`] for `201` with
//!   `Location`. [`negotiate`]: HAL-FORMS for clients that ask for it
//!   (`application/prs.hal-forms+json`), with the root resource's `_templates`.
//! - [`ApiError`]: an RFC 9457 problem document (`application/problem+json`) as a response, with
//!   constructors for the statuses a HAL API answers with; [`not_found`] and
//!   [`method_not_allowed`] replace axum's plain-text fallbacks.
//! - [`PageQuery`]: the paging request of the query string, with the
//!   [`Paging`](hal_paging::Paging) rules taken from the state; a bad parameter is a `400`
//!   problem that names it.
//! - [`JsonBody`]: axum's JSON body extractor with problem documents for its rejections: not
//!   JSON is `415`, a wrong field is `400` naming it. [`PathParams`]: path parameters whose
//!   rejections are problems.
//! - [`conditional`]: validators stated from a resource's data and preconditions answered
//!   before the representation is built (`304`, `412`); ETags hashed from bodies for handlers
//!   that state none; `If-Match` (`412`, `428`); `Cache-Control`.
//!
//! The items above need only axum, hal-core and hal-paging. The rest is behind features, none
//! of them default, so a service that wants `HalJson` compiles no server runtime:
//!
//! - `serve`: [`serve`], the listener a production service runs (connection cap, timeouts at every
//!   stage, accept back-off, HTTP/1.1, graceful drain) and [`serve::protect`], the request
//!   stack it applies: request ids, panics and limits as problem documents, request timeout,
//!   compression, `304`, `406`, `OPTIONS`, metrics.
//! - `metrics`: Prometheus metrics at `/metrics`, each request counted and timed by the
//!   stack; the application installs the recorder.
//! - `health`: `/health` and `/ready`.
//! - `forwarded`: the client's origin behind trusted proxies.
//! - `merge-patch`: [`MergePatch`], an RFC 7396 patch, applied and checked like a full body.
//! - `cache`: [`cache::RepresentationCache`], serialized representations kept by their
//!   validators, so that a page built once is sent again without being built.
//! - `explorer`: a HAL explorer page for people, served from the binary, and the redirect
//!   that sends browsers asking the API root for HTML to it.
//! - `transclude`: [`transclude::Transclusion`], `Prefer: transclude="rel …"` answered for
//!   every handler by embedding what the relations link to.
//! - `tls`: serving over rustls with required client certificates, and the caller's
//!   certificate as an extractor.
//!
//! # Example
//!
//! ```
//! use axum::{Router, routing::get};
//! use hal_axum::{HalJson, PageQuery};
//! use hal_core::{Link, Resource};
//! use hal_paging::{Paging, Total, Totals};
//!
//! async fn trips(PageQuery(request, _): PageQuery) -> HalJson<Resource<Totals>> {
//!     let links = Paging::offset_limit().links(&request, "/trips", Total::Exact(42));
//!     HalJson(Resource::new(Totals::new(42)).with_all_links(links))
//! }
//!
//! let app: Router = Router::new()
//!     .route("/trips", get(trips))
//!     .with_state(Paging::offset_limit())
//!     .fallback(hal_axum::not_found)
//!     .method_not_allowed_fallback(hal_axum::method_not_allowed);
//! ```

#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
// Feature badges on docs.rs (`--cfg docsrs` there, see Cargo.toml).
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "cache")]
#[cfg_attr(docsrs, doc(cfg(feature = "cache")))]
pub mod cache;
pub mod conditional;
mod error;
#[cfg(feature = "explorer")]
#[cfg_attr(docsrs, doc(cfg(feature = "explorer")))]
pub mod explorer;
mod extract;
#[cfg(feature = "forwarded")]
#[cfg_attr(docsrs, doc(cfg(feature = "forwarded")))]
pub mod forwarded;
#[cfg(feature = "health")]
#[cfg_attr(docsrs, doc(cfg(feature = "health")))]
pub mod health;
#[cfg(feature = "merge-patch")]
mod merge_patch;
#[cfg(feature = "metrics")]
#[cfg_attr(docsrs, doc(cfg(feature = "metrics")))]
pub mod metrics;
pub mod negotiate;
mod path;
mod response;
#[cfg(feature = "serve")]
#[cfg_attr(docsrs, doc(cfg(feature = "serve")))]
pub mod serve;
#[cfg(feature = "serve")]
mod stack;
#[cfg(feature = "tls")]
#[cfg_attr(docsrs, doc(cfg(feature = "tls")))]
pub mod tls;
#[cfg(feature = "transclude")]
#[cfg_attr(docsrs, doc(cfg(feature = "transclude")))]
pub mod transclude;

pub use error::{ApiError, method_not_allowed, not_found};
pub use extract::{
    JsonBody, PageContext, PageQuery, PagingOnly, PagingState, QueryParameters, ValidJson,
    ValidQuery, invalid, json_pointer,
};
#[cfg(feature = "merge-patch")]
#[cfg_attr(docsrs, doc(cfg(feature = "merge-patch")))]
pub use merge_patch::{MERGE_PATCH_JSON, MergePatch};
pub use path::PathParams;
pub use response::{Created, HalJson, Invalidates};
