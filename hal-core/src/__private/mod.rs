//! What the derive's generated code uses, and nothing else. Not a stable API: it changes with
//! the derive, which `hal-core` pins to its own version.

pub mod check;
pub(crate) mod const_href;
pub(crate) mod fields;
pub(crate) mod href;
pub(crate) mod slots;

pub use serde;
pub use validator;

// The public items the generated code names, so that it names nothing outside this module.
pub use crate::forms;
pub use crate::link::{Link, Links, StaticCurie};
pub use crate::rel::Cardinality;
pub use crate::template;
pub use crate::typed::{HalResource, LinksField};

pub use crate::__private::const_href::{
    ConstHref, FieldLookup, ProbeDisplay, ProbeOther, ValueProbe, check_const_href,
    check_curie_href, check_static_curies,
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
pub use crate::write::context::WriteContext;

/// Whether a `#[hal(links)]` field's type may write `rel` (compared as relations are, ASCII
/// case-insensitively): the derive's compile-time check that no relation has two writers.
pub const fn writes_relation(relations: &[crate::typed::LinksFieldRelation], rel: &str) -> bool {
    let mut index = 0;
    while index < relations.len() {
        if same_ignoring_ascii_case(relations[index].rel.as_bytes(), rel.as_bytes()) {
            return true;
        }
        index += 1;
    }
    false
}

// `str::eq_ignore_ascii_case` is not `const` in the supported Rust versions.
const fn same_ignoring_ascii_case(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut index = 0;
    while index < a.len() {
        if !a[index].eq_ignore_ascii_case(&b[index]) {
            return false;
        }
        index += 1;
    }
    true
}

/// A `serde_json::Number` for a float literal the derive checked to be finite (a form bound).
pub fn finite_number(value: f64) -> serde_json::Number {
    // The derive refuses infinities and NaN at compile time, so `from_f64` always succeeds.
    serde_json::Number::from_f64(value).unwrap_or_else(|| serde_json::Number::from(0))
}
