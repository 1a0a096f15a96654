//! The HAL model (`application/hal+json`, draft-kelly-json-hal-11) for Rust services and clients.
//!
//! - [`Resource<T>`]: typed state plus [`Links`] and [`Embedded`] resources, written in a
//!   deterministic order (`_links`, state, `_embedded`) and parsed losslessly.
//! - [`Link`], [`Rel`] (with a constant for every IANA-registered relation), [`Curie`]s with
//!   per-resource scope ([`CurieScope`]).
//! - [`UriTemplate`]: RFC 6570 templates, all four levels, from the [`template`] module.
//! - [`from_str`], [`from_slice`], [`from_value`]: parsing with errors that name the JSON path,
//!   within [`Limits`].
//! - [`validate`]: every rule of the draft a document can break, as errors and warnings with
//!   rule ids and JSON paths.
//! - [`forms`]: HAL-FORMS `_templates`, read and written losslessly, and derived from the
//!   input types handlers deserialize.
//! - [`Problem`]: RFC 9457 error documents with HAL links.
//! - `time` (feature `chrono`): RFC 3339 helpers for `createdAt`/`updatedAt`; [`HalMediaType`].
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
//! - Writing: [`Resource<T>`] and [`Hal<T>`] write `_links`, then the state through its own
//!   `Serialize` (flattened into the object, no buffer), then `_embedded`.
//! - Reading: one parse path for both. A resource object's state goes to its `Deserialize`
//!   while `_links` and `_embedded` are read aside, each at most once, the depth checked
//!   before `_embedded`; relations are read by slots: a dynamic `Resource` keeps them all, a
//!   derived type hands each to its field. Links and embedded resources are read by the same
//!   code on both paths, within the same [`Limits`].
//! - The derive's generated code uses `hal_core::__private` and nothing else; it is not a
//!   stable API.
//! - Module graph: each module depends only on those below it, except `Resource` and
//!   `Embedded`, which hold each other (a test checks this).
//!
//! # Features
//!
//! - `derive` (default): `#[derive(HalResource)]` for domain structs.
//! - `openapi`: [`openapi`], OpenAPI 3.1 schemas (utoipa) of `Hal<T>` that match the bytes.
//! - `chrono` (default): the `time` module, RFC 3339 helpers on `chrono` types. Without it,
//!   hal-core does not depend on chrono.
//! - `proptest`: [`strategy`], proptest strategies for links, relations and resources.

#![warn(missing_docs)]
// Library code returns errors; tests may unwrap.
#![cfg_attr(
    not(test),
    warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

// The one root for the derive's generated code (serde's `__private` pattern).
#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

mod const_href;
mod curie;
mod de;
mod embedded;
mod fields;
pub mod forms;
mod hal;
mod href;
mod limits;
mod link;
mod links;
mod media_type;
#[cfg(feature = "openapi")]
pub mod openapi;
mod page;
mod parse;
mod path;
mod problem;
mod rel;
mod relmap;
mod resource;
mod scope;
mod ser;
mod slots;
#[cfg(feature = "proptest")]
pub mod strategy;
#[cfg(feature = "chrono")]
pub mod time;
mod validate;
mod write_context;

/// RFC 6570 URI templates (the `hal-template` crate).
pub use hal_template as template;

pub use curie::{Curie, CurieError};
pub use de::HalDeserialize;
pub use embedded::Embedded;
pub use hal::{Hal, HalDocument, HalResource, LinksField, LinksFieldRelation, WithTemplates};
#[cfg(feature = "derive")]
pub use hal_derive::HalResource;
pub use limits::Limits;
pub use link::{Link, LinkExpandError};
pub use links::Links;
pub use media_type::{
    HAL_JSON, HalMediaType, MediaTypeError, is_json_media_type, media_type_essence,
};
pub use page::Page;
pub use parse::{FromHal, ParseError, ParseErrorKind, from_slice, from_str, from_value};
pub use path::{JsonPath, PathSegment};
pub use problem::{PROBLEM_JSON, Problem};
pub use rel::{Rel, RelKind};
pub use relmap::Cardinality;
pub use resource::{Resource, State};
pub use scope::CurieScope;
pub use template::{TemplateError, UriTemplate, Variables};
pub use validate::{Finding, Report, Severity, validate, validate_with};
