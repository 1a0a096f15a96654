//! What the derive's generated code uses, and nothing else. Not a stable API: it changes with
//! the derive, which `hal-core` pins to its own version.

pub use serde;

pub use crate::const_href::{
    ConstHref, FieldLookup, ProbeDisplay, ProbeOther, ValueProbe, check_const_href,
    check_curie_href,
};
pub use crate::de::{HalDeserialize, ParseContext};
pub use crate::fields::{EmbeddedField, LinkField, ReadEmbedded, ReadReadable, ReadUnreadable};
pub use crate::href::{
    CurieOut, HrefValue, HrefWriter, LinkOut, href_string, value_of, write_display,
    write_expression,
};
pub use crate::slots::{
    DerivedSlots, collect_link, deserialize_derived, duplicate_embedded, duplicate_link,
    rel_matches,
};
pub use crate::write_context::WriteContext;

/// A `serde_json::Number` for a float literal the derive checked to be finite (a form bound).
pub fn finite_number(value: f64) -> serde_json::Number {
    // The derive refuses infinities and NaN at compile time, so `from_f64` always succeeds.
    serde_json::Number::from_f64(value).unwrap_or_else(|| serde_json::Number::from(0))
}

/// What `#[hal(openapi)]` generates code against.
#[cfg(feature = "openapi")]
pub mod openapi {
    pub use crate::openapi::{EmbeddedSchema, HalSchema, LinksSchema};
}
