//! What the derive's generated code calls. Not a stable API.

use std::fmt::{self, Display, Write as _};

use serde::Serialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;

pub use crate::de::{Key, ReservedMember, ReservedSink, deserialize_state};
pub use crate::hal::{
    EmbeddedField, EmbeddedFieldSeed, EmbeddedSeed, HalDeserialize, LinkField, ParseContext,
};
pub use serde;

use crate::Link;
use crate::links::{Cardinality, Links};
use crate::rel::Rel;
use crate::template::{UriTemplate, Value};

/// An href written straight into the output by a closure: no intermediate `String`.
pub struct Href<F>(pub F);

impl<F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result> Display for Href<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.0)(f)
    }
}

/// A link whose href is computed while it is written.
pub struct LinkOut<H> {
    /// The href.
    pub href: H,
    /// Whether `templated: true` is written.
    pub templated: bool,
}

impl<H: Display> Serialize for LinkOut<H> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1 + usize::from(self.templated)))?;
        map.serialize_entry("href", &Collected(&self.href))?;
        if self.templated {
            map.serialize_entry("templated", &true)?;
        }
        map.end()
    }
}

struct Collected<'a, H>(&'a H);

impl<H: Display> Serialize for Collected<'_, H> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self.0)
    }
}

/// A curie, known at compile time.
pub struct CurieOut {
    /// Its name.
    pub name: &'static str,
    /// Its template.
    pub href: &'static str,
}

impl Serialize for CurieOut {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("href", self.href)?;
        map.serialize_entry("templated", &true)?;
        map.serialize_entry("name", self.name)?;
        map.end()
    }
}

/// Percent-encodes what is written through it, as RFC 6570 simple expansion does.
struct Unreserved<'a, 'b>(&'a mut fmt::Formatter<'b>);

impl fmt::Write for Unreserved<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let bytes = s.as_bytes();
        let mut clean = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')) {
                if clean < i {
                    self.0.write_str(&s[clean..i])?;
                }
                write!(self.0, "%{b:02X}")?;
                clean = i + 1;
            }
        }
        if clean < bytes.len() {
            self.0.write_str(&s[clean..])?;
        }
        Ok(())
    }
}

/// Writes `value` percent-encoded for a `{field}` expression.
///
/// # Errors
///
/// The formatter's error.
pub fn write_simple(f: &mut fmt::Formatter<'_>, value: &dyn Display) -> fmt::Result {
    write!(Unreserved(f), "{value}")
}

/// Writes one expression (any operator or modifier) with values looked up by `lookup`.
///
/// # Errors
///
/// `fmt::Error` when the expression cannot be expanded (checked at compile time, so only a
/// prefix modifier on a list could get here, and field values are never lists).
pub fn write_expression(
    f: &mut fmt::Formatter<'_>,
    expression: &str,
    lookup: &dyn Fn(&str) -> Option<Value>,
) -> fmt::Result {
    let template = UriTemplate::parse(expression).map_err(|_| fmt::Error)?;
    let expanded = template.expand(lookup).map_err(|_| fmt::Error)?;
    f.write_str(&expanded)
}

/// A field's value as a template value.
pub fn value_of(value: &dyn Display) -> Value {
    Value::String(value.to_string())
}

/// Writes the links of a `#[hal(links)]` field, except the relations the struct declares.
///
/// # Errors
///
/// The serializer's error.
pub fn write_merged_links<M: SerializeMap>(
    map: &mut M,
    links: &Links,
    declared: &[&str],
) -> Result<(), M::Error> {
    for (rel, items) in links.iter() {
        if declared.iter().any(|d| *rel == **d) {
            continue;
        }
        match links.cardinality(rel.as_str()) {
            Some(Cardinality::One) => {
                if let Some(link) = items.first() {
                    map.serialize_entry(rel, link)?;
                }
            }
            _ => map.serialize_entry(rel, items)?,
        }
    }
    Ok(())
}

/// Whether a relation key of a parsed document is the declared relation `declared`
/// (registered names compare case-insensitively).
#[must_use]
pub fn rel_matches(key: &str, declared: &str) -> bool {
    key == declared
        || crate::rel::registry_index(key)
            .is_some_and(|i| crate::rel::registry_index(declared) == Some(i))
}

/// Receives the relations of a parsed `_links`.
pub trait LinkSlots {
    /// Whether a field (or the `#[hal(links)]` field) takes this relation.
    fn wants(&self, rel: &str) -> bool;

    /// Hands over a relation's links.
    ///
    /// # Errors
    ///
    /// A message when the links do not fit the field.
    fn accept(
        &mut self,
        rel: &str,
        cardinality: Cardinality,
        links: Vec<Link>,
    ) -> Result<(), String>;
}

/// Receives the relations of a parsed `_embedded`.
pub trait EmbeddedSlots<'de> {
    /// Reads the value of `rel` when a field takes it; `Ok(false)` leaves it unread.
    ///
    /// # Errors
    ///
    /// The map's error.
    fn read_embedded<A: MapAccess<'de>>(
        &mut self,
        rel: &str,
        map: &mut A,
    ) -> Result<bool, A::Error>;
}

/// Hands `_links` and `_embedded` of a derived resource to its slots, once each.
pub struct Reserved<'s, S> {
    slots: &'s mut S,
    links_seen: bool,
    embedded_seen: bool,
}

impl<'s, S> Reserved<'s, S> {
    /// Reads into `slots`.
    pub fn new(slots: &'s mut S) -> Self {
        Self {
            slots,
            links_seen: false,
            embedded_seen: false,
        }
    }
}

impl<'de, S: LinkSlots + EmbeddedSlots<'de>> ReservedSink<'de> for Reserved<'_, S> {
    fn read<A: MapAccess<'de>>(
        &mut self,
        member: ReservedMember,
        map: &mut A,
    ) -> Result<(), A::Error> {
        let seen = match member {
            ReservedMember::Links => &mut self.links_seen,
            ReservedMember::Embedded => &mut self.embedded_seen,
        };
        if std::mem::replace(seen, true) {
            let name = match member {
                ReservedMember::Links => "_links",
                ReservedMember::Embedded => "_embedded",
            };
            return Err(de::Error::custom(format_args!("duplicate member `{name}`")));
        }
        match member {
            ReservedMember::Links => map.next_value_seed(LinksReader(&mut *self.slots)),
            ReservedMember::Embedded => map.next_value_seed(EmbeddedReader(&mut *self.slots)),
        }
    }
}

struct LinksReader<'a, S>(&'a mut S);

impl<'de, S: LinkSlots> DeserializeSeed<'de> for LinksReader<'_, S> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, S: LinkSlots> Visitor<'de> for LinksReader<'_, S> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("`_links` as an object whose members are relation types (H-20)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let rel = key.as_str();
            if self.0.wants(rel) {
                let (cardinality, links) = map.next_value_seed(crate::links::EntryAsVec)?;
                self.0
                    .accept(rel, cardinality, links)
                    .map_err(de::Error::custom)?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

struct EmbeddedReader<'a, S>(&'a mut S);

impl<'de, S: EmbeddedSlots<'de>> DeserializeSeed<'de> for EmbeddedReader<'_, S> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, S: EmbeddedSlots<'de>> Visitor<'de> for EmbeddedReader<'_, S> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("`_embedded` as an object whose members are relation types (H-30)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Key<'de>>()? {
            if !self.0.read_embedded(key.as_str(), &mut map)? {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// Adds a parsed relation to the links a `#[hal(links)]` field collects, in its parsed form.
pub fn collect_link(links: &mut Links, rel: &str, cardinality: Cardinality, items: Vec<Link>) {
    match (cardinality, items.len()) {
        (Cardinality::One, 1) => {
            if let Some(link) = items.into_iter().next() {
                links.insert(Rel::from(rel), link);
            }
        }
        _ => links.insert_many(Rel::from(rel), items),
    }
}

/// The error for a resource that is not an object.
pub const EXPECTING_RESOURCE: &str = "a Resource Object (a JSON object, H-01)";
