//! The HAL model (`application/hal+json`, draft-kelly-json-hal-11) for Rust services and clients.
//!
//! The crate is a map of concept modules; the root re-exports the types most code names.
//!
//! | module | what it holds |
//! |---|---|
//! | [`rel`] | [`Rel`], a link relation type, with a constant for every IANA-registered one |
//! | [`link`] | [`Link`], a resource's [`Links`], [`Curie`]s |
//! | [`resource`] | [`Resource<T>`]: state, links, [`Embedded`] resources, templates; curie scope |
//! | [`read`] | [`from_str`], [`from_slice`], [`from_value`]: the one parse path, within [`Limits`], errors ([`ParseError`]) naming the JSON path |
//! | [`write`](mod@write) | [`HalDocument`], what is sent as a whole document; [`WithTemplates`] for HAL-FORMS |
//! | [`typed`] | [`Hal<T>`] and [`HalResource`]: domain structs as documents, through the derive |
//! | [`forms`] | HAL-FORMS `_templates`, read and written losslessly, derived from input types |
//! | [`validate`](mod@validate) | every rule of the draft a document can break, as findings with rule ids and JSON paths |
//! | [`problem`] | [`Problem`], RFC 9457 error documents with HAL links |
//! | [`media_type`] | `application/hal+json` and its `profile` parameter |
//! | [`template`] | RFC 6570 URI templates, all four levels (the `hal-template` crate) |
//! | `openapi`, `strategy`, `time` | behind the features of the same names (below) |
//!
//! # Example
//!
//! ```
//! use hal_core::{Link, Rel, Resource};
//!
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct Page { total: u64 }
//!
//! let trip = Resource::object()
//!     .with_link(Rel::SELF, Link::new("/connectedcar/v2/trips/1"))
//!     .with_member("distance", 12.5);
//! let page = Resource::new(Page { total: 1 })
//!     .with_link(Rel::SELF, Link::new("/connectedcar/v2/trips"))
//!     .with_link(Rel::NEXT, Link::new("/connectedcar/v2/trips?offset=10&limit=10"))
//!     .with_embedded_many("objects", [trip]);
//!
//! let json = serde_json::to_string(&page)?;
//! assert_eq!(json, concat!(
//!     r#"{"_links":{"self":{"href":"/connectedcar/v2/trips"},"next":{"href":"/connectedcar/v2/trips?offset=10&limit=10"}},"#,
//!     r#""total":1,"#,
//!     r#""_embedded":{"objects":[{"_links":{"self":{"href":"/connectedcar/v2/trips/1"}},"distance":12.5}]}}"#,
//! ));
//!
//! let parsed: Resource = hal_core::from_str(&json)?;
//! assert_eq!(parsed.links().get("next").map(Link::href), Some("/connectedcar/v2/trips?offset=10&limit=10"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # How it is built
//!
//! - Writing ([`write`](mod@write)): [`Resource<T>`] and [`Hal<T>`] write `_links`, then the state through
//!   its own `Serialize` (flattened into the object, no buffer), then `_embedded`. What a
//!   document asks of the resources in it (templates at its root, the curies in force) travels
//!   with the serialization, never in the thread.
//! - Reading ([`read`]): one parse path for both. A resource object's state goes to its
//!   `Deserialize` while `_links` and `_embedded` are read aside, each at most once, the depth
//!   checked before `_embedded`; relations are read by slots: a dynamic `Resource` keeps them
//!   all, a derived type hands each to its field. Links and embedded resources are read by the
//!   same code on both paths, within the same [`Limits`].
//! - The derive's generated code uses `hal_core::__private` and nothing else; it is not a
//!   stable API, and the code only it needs lives there.
//! - Module graph, bottom up: `rel`, `read`, `link`, `write`, `forms`, `resource`, `typed`,
//!   `validate`; no module names one above it (a test checks this).
//!
//! # Features
//!
//! - `derive` (default): `#[derive(HalResource)]` for domain structs, `#[derive(HalForm)]`
//!   for input types.
//! - `openapi`: [`openapi`], OpenAPI 3.1 schemas (utoipa) of `Hal<T>` that match the bytes.
//! - `chrono`: [`time`], RFC 3339 helpers on `chrono` types. Not a default: without it
//!   hal-core does not depend on chrono.
//! - `proptest`: [`strategy`], proptest strategies for links, relations and resources.

#![warn(missing_docs)]
// Library code returns errors; tests may unwrap.
#![cfg_attr(
    not(test),
    warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
// Feature badges on docs.rs (`--cfg docsrs` there, see Cargo.toml).
#![cfg_attr(docsrs, feature(doc_cfg))]

// The one root for the derive's generated code (serde's `__private` pattern); the code only
// the derive needs lives inside it.
#[doc(hidden)]
pub mod __private;

pub mod forms;
pub mod link;
pub mod media_type;
#[cfg(feature = "openapi")]
#[cfg_attr(docsrs, doc(cfg(feature = "openapi")))]
pub mod openapi;
pub mod problem;
pub mod read;
pub mod rel;
pub mod resource;
#[cfg(feature = "proptest")]
#[cfg_attr(docsrs, doc(cfg(feature = "proptest")))]
pub mod strategy;
#[cfg(feature = "chrono")]
#[cfg_attr(docsrs, doc(cfg(feature = "chrono")))]
pub mod time;
pub mod typed;
pub mod validate;
pub mod write;

/// RFC 6570 URI templates (the `hal-template` crate).
pub use hal_template as template;

pub use link::{Curie, Link, Links, StaticCurie};
pub use problem::Problem;
pub use read::{Limits, ParseError, from_slice, from_str, from_value};
pub use rel::Rel;
pub use resource::{Embedded, Resource};
pub use typed::{Hal, HalResource};
pub use validate::validate;
pub use write::{HalDocument, WithTemplates};
