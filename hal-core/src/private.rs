//! What the derive's generated code calls. Not a stable API.

use std::fmt::{self, Display, Write as _};

use serde::Serialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;

pub use crate::de::{Key, ReservedMember, ReservedSink, deserialize_state};
pub use crate::hal::{EmbeddedField, EmbeddedFieldSeed, HalDeserialize, LinkField, ParseContext};
pub use serde;

use crate::Link;
use crate::links::{Cardinality, Links};
use crate::rel::Rel;
use crate::template::{UriTemplate, Value};

/// A link whose href is computed while it is written, by a closure that fills an
/// [`HrefWriter`] on the stack.
pub struct LinkOut<F> {
    /// Writes the href.
    pub href: F,
    /// Whether `templated: true` is written.
    pub templated: bool,
}

impl<F: Fn(&mut HrefWriter<'_>) -> fmt::Result> Serialize for LinkOut<F> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Assembled first, so the serializer escapes one string, as it would a stored href; in
        // a buffer kept per thread, so that no href allocates once the buffer has grown.
        // (Measured against a stack buffer, zeroed or `arrayvec`: this is the cheapest.)
        HREF_BUFFER.with(|cell| match cell.try_borrow_mut() {
            Ok(mut buffer) => self.write(&mut buffer, serializer),
            // Only if an href's own `Display` serializes a link: use a buffer of its own.
            Err(_) => self.write(&mut String::new(), serializer),
        })
    }
}

impl<F: Fn(&mut HrefWriter<'_>) -> fmt::Result> LinkOut<F> {
    #[inline]
    fn write<S: serde::Serializer>(
        &self,
        buffer: &mut String,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        buffer.clear();
        (self.href)(&mut HrefWriter(buffer))
            .map_err(|_| serde::ser::Error::custom("cannot write href"))?;
        let mut map = serializer.serialize_map(Some(1 + usize::from(self.templated)))?;
        map.serialize_entry("href", buffer.as_str())?;
        if self.templated {
            map.serialize_entry("templated", &true)?;
        }
        map.end()
    }
}

thread_local! {
    static HREF_BUFFER: std::cell::RefCell<String> = std::cell::RefCell::new(String::with_capacity(256));
}

/// An href being built.
pub struct HrefWriter<'a>(&'a mut String);

/// RFC 3986 `unreserved` bytes, which simple expansion leaves as they are.
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'-' || c == b'.' || c == b'_' || c == b'~';
        b += 1;
    }
    table
};

impl HrefWriter<'_> {
    /// Appends text as it is (literals, pre-encoded at compile time).
    #[inline]
    pub fn push_str(&mut self, s: &str) {
        self.0.push_str(s);
    }

    /// Appends `value`, percent-encoding everything but `unreserved`.
    pub fn push_encoded(&mut self, value: &str) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let bytes = value.as_bytes();
        // Most values need no encoding: find out with a tight scan, then copy once.
        let mut first_reserved = 0;
        while first_reserved < bytes.len() && UNRESERVED[usize::from(bytes[first_reserved])] {
            first_reserved += 1;
        }
        if first_reserved == bytes.len() {
            self.push_str(value);
            return;
        }
        let mut clean = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if !UNRESERVED[usize::from(b)] {
                if clean < i {
                    self.push_str(&value[clean..i]);
                }
                self.0.push('%');
                self.0.push(char::from(HEX[usize::from(b >> 4)]));
                self.0.push(char::from(HEX[usize::from(b & 0x0F)]));
                clean = i + 1;
            }
        }
        if clean < bytes.len() {
            self.push_str(&value[clean..]);
        }
    }
}

/// What `Display` writes through this is percent-encoded.
struct Encoding<'a, 'b>(&'a mut HrefWriter<'b>);

impl fmt::Write for Encoding<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.push_encoded(s);
        Ok(())
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

/// Writes `value` percent-encoded for a `{field}` expression.
///
/// # Errors
///
/// `fmt::Error` when the value's `Display` fails.
pub fn write_simple(w: &mut HrefWriter<'_>, value: &dyn Display) -> fmt::Result {
    write!(Encoding(w), "{value}")
}

/// A `{field}` value, for choosing its writer at expansion time: integers and strings have
/// direct ones; anything else goes through `Display` ([`WriteByDisplay`]).
///
/// The generated code calls `(&HrefArg(&field)).write_href(f)`: method lookup takes an impl
/// for `HrefArg<T>` itself first (integers, strings) and falls back to the one for
/// `&HrefArg<T>` (any `Display`).
pub struct HrefArg<'a, T: ?Sized>(pub &'a T);

/// The fallback writer: any `Display` value, percent-encoded.
pub trait WriteByDisplay {
    /// Writes the value.
    ///
    /// # Errors
    ///
    /// The formatter's error.
    fn write_href(&self, w: &mut HrefWriter<'_>) -> fmt::Result;
}

impl<T: Display + ?Sized> WriteByDisplay for &HrefArg<'_, T> {
    fn write_href(&self, w: &mut HrefWriter<'_>) -> fmt::Result {
        write_simple(w, &self.0)
    }
}

/// The direct writers: strings are encoded in place, integers need no encoding.
pub trait WriteDirect {
    /// Writes the value.
    ///
    /// # Errors
    ///
    /// The formatter's error.
    fn write_href(&self, w: &mut HrefWriter<'_>) -> fmt::Result;
}

impl WriteDirect for HrefArg<'_, str> {
    fn write_href(&self, w: &mut HrefWriter<'_>) -> fmt::Result {
        w.push_encoded(self.0);
        Ok(())
    }
}

impl WriteDirect for HrefArg<'_, String> {
    fn write_href(&self, w: &mut HrefWriter<'_>) -> fmt::Result {
        w.push_encoded(self.0);
        Ok(())
    }
}

impl WriteDirect for HrefArg<'_, &str> {
    fn write_href(&self, w: &mut HrefWriter<'_>) -> fmt::Result {
        w.push_encoded(self.0);
        Ok(())
    }
}

macro_rules! write_integer {
    ($($t:ty),*) => {$(
        impl WriteDirect for HrefArg<'_, $t> {
            fn write_href(&self, w: &mut HrefWriter<'_>) -> fmt::Result {
                // Digits and `-` are unreserved: no encoding.
                w.push_str(itoa::Buffer::new().format(*self.0));
                Ok(())
            }
        }
    )*};
}
write_integer!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize
);

/// Writes one expression (any operator or modifier) with values looked up by `lookup`.
///
/// # Errors
///
/// `fmt::Error` when the expression cannot be expanded (checked at compile time, so only a
/// prefix modifier on a list could get here, and field values are never lists).
pub fn write_expression(
    w: &mut HrefWriter<'_>,
    expression: &str,
    lookup: &dyn Fn(&str) -> Option<Value>,
) -> fmt::Result {
    let template = UriTemplate::parse(expression).map_err(|_| fmt::Error)?;
    let expanded = template.expand(lookup).map_err(|_| fmt::Error)?;
    w.push_str(&expanded);
    Ok(())
}

/// A field's value as a template value.
pub fn value_of(value: &dyn Display) -> Value {
    Value::String(value.to_string())
}

impl Links {
    /// Writes every relation but `declared` into an open `_links` map, in its form.
    pub(crate) fn write_except<M: SerializeMap>(
        &self,
        map: &mut M,
        declared: &[&str],
    ) -> Result<(), M::Error> {
        for (rel, items) in self.iter() {
            if declared.iter().any(|d| *rel == **d) {
                continue;
            }
            match self.cardinality(rel.as_str()) {
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
