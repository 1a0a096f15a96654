//! What the derive's generated code uses, and nothing else. Not a stable API: it changes with
//! the derive, which `hal-core` pins to its own version.

pub(crate) mod const_href;
pub(crate) mod fields;
pub(crate) mod href;
pub(crate) mod slots;

pub use serde;

// The public items the generated code names, so that it names nothing outside this module.
pub use crate::forms;
pub use crate::link::{Link, Links};
pub use crate::rel::Cardinality;
pub use crate::template;
pub use crate::typed::{HalResource, LinksField};

pub use crate::__private::const_href::{
    ConstHref, FieldLookup, ProbeDisplay, ProbeOther, ValueProbe, check_const_href,
    check_curie_href,
};
pub use crate::__private::fields::{
    EmbeddedField, LinkField, ReadEmbedded, ReadReadable, ReadUnreadable,
};
pub use crate::__private::href::{
    HrefValue, HrefWriter, LinkOut, href_string, value_of, write_display, write_expression,
};
pub use crate::__private::slots::{
    DerivedSlots, collect_link, deserialize_derived, duplicate_embedded, duplicate_link,
    rel_matches,
};
pub use crate::read::{HalDeserialize, ParseContext};
pub use crate::write::context::{CurieOut, WriteContext};

/// A `serde_json::Number` for a float literal the derive checked to be finite (a form bound).
pub fn finite_number(value: f64) -> serde_json::Number {
    // The derive refuses infinities and NaN at compile time, so `from_f64` always succeeds.
    serde_json::Number::from_f64(value).unwrap_or_else(|| serde_json::Number::from(0))
}
