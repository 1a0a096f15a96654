//! What the fields the derive writes into `_links` and `_embedded` can hold, and how each
//! kind is written and read back.

use std::marker::PhantomData;

use serde::Serialize;
use serde::de::{self, DeserializeSeed, MapAccess};
use serde::ser::{SerializeMap, SerializeSeq};

use crate::link::Link;
use crate::read::de::{EmbeddedEntrySeed, HalDeserialize, ParseContext};
use crate::typed::{Hal, HalResource};
use crate::write::context::WriteContext;

/// What a `#[hal(link)]` field can hold: [`Link`] (always written), `Option<Link>` (omitted when
/// `None`) or `Vec<Link>` (an array, `[]` when empty).
#[diagnostic::on_unimplemented(
    message = "a `#[hal(link)]` field must be `Link`, `Option<Link>` or `Vec<Link>`, not `{Self}`",
    label = "not a link field type"
)]
pub trait LinkField: Sized {
    /// Whether the field writes an array.
    const MANY: bool;

    /// Whether the relation is always written (a schema marks it required).
    const ALWAYS: bool = true;

    /// Whether there is anything to write.
    fn is_present(&self) -> bool;

    /// Writes `rel: …` into `_links`.
    ///
    /// # Errors
    ///
    /// The serializer's error.
    fn write<M: SerializeMap>(&self, rel: &str, map: &mut M) -> Result<(), M::Error>;

    /// The field from a parsed relation (single or array form).
    ///
    /// # Errors
    ///
    /// A message when the relation holds more links than the field can.
    fn from_parsed(links: Vec<Link>) -> Result<Self, String>;

    /// The field when the relation is absent.
    ///
    /// # Errors
    ///
    /// A message when the field is required.
    fn missing(rel: &str) -> Result<Self, String>;
}

impl LinkField for Link {
    const MANY: bool = false;

    fn is_present(&self) -> bool {
        true
    }

    fn write<M: SerializeMap>(&self, rel: &str, map: &mut M) -> Result<(), M::Error> {
        map.serialize_entry(rel, self)
    }

    fn from_parsed(mut links: Vec<Link>) -> Result<Self, String> {
        match links.len() {
            1 => Ok(links.remove(0)),
            n => Err(format!("expected one link, found {n}")),
        }
    }

    fn missing(rel: &str) -> Result<Self, String> {
        Err(format!("missing link `{rel}`"))
    }
}

impl LinkField for Option<Link> {
    const MANY: bool = false;
    const ALWAYS: bool = false;

    fn is_present(&self) -> bool {
        self.is_some()
    }

    fn write<M: SerializeMap>(&self, rel: &str, map: &mut M) -> Result<(), M::Error> {
        match self {
            Some(link) => map.serialize_entry(rel, link),
            None => Ok(()),
        }
    }

    fn from_parsed(links: Vec<Link>) -> Result<Self, String> {
        Link::from_parsed(links).map(Some)
    }

    fn missing(_rel: &str) -> Result<Self, String> {
        Ok(None)
    }
}

impl LinkField for Vec<Link> {
    const MANY: bool = true;

    fn is_present(&self) -> bool {
        true
    }

    fn write<M: SerializeMap>(&self, rel: &str, map: &mut M) -> Result<(), M::Error> {
        map.serialize_entry(rel, self)
    }

    fn from_parsed(links: Vec<Link>) -> Result<Self, String> {
        Ok(links)
    }

    fn missing(_rel: &str) -> Result<Self, String> {
        Ok(Vec::new())
    }
}

/// What a `#[hal(embedded)]` field can hold: a [`HalResource`] `T` (always written), `Option<T>`
/// (omitted when `None`) or `Vec<T>` (an array, `[]` when empty).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be embedded: it is not a `HalResource` (or an `Option` or `Vec` of one)",
    label = "not a HAL resource",
    note = "derive `HalResource` for the embedded type"
)]
pub trait EmbeddedField: Sized {
    /// The resource type.
    type Item;

    /// Whether the field writes an array (`[]` when empty).
    const MANY: bool = false;

    /// Whether the relation is always written (a schema marks it required).
    const ALWAYS: bool = true;

    /// Whether there is anything to write.
    fn is_present(&self) -> bool;

    /// Writes `rel: …` into `_embedded`, the resources in `context`.
    ///
    /// # Errors
    ///
    /// The serializer's error.
    fn write<M: SerializeMap>(
        &self,
        rel: &str,
        map: &mut M,
        context: &WriteContext<'_>,
    ) -> Result<(), M::Error>;

    /// The field from the parsed resources (single or array form).
    ///
    /// # Errors
    ///
    /// A message when there are more resources than the field can hold.
    fn from_parsed(items: Vec<Self::Item>) -> Result<Self, String>;

    /// The field when the relation is absent.
    ///
    /// # Errors
    ///
    /// A message when the field is required.
    fn missing(rel: &str) -> Result<Self, String>;
}

impl<T: HalResource + Serialize> EmbeddedField for T {
    type Item = T;

    fn is_present(&self) -> bool {
        true
    }

    fn write<M: SerializeMap>(
        &self,
        rel: &str,
        map: &mut M,
        context: &WriteContext<'_>,
    ) -> Result<(), M::Error> {
        map.serialize_entry(rel, &InContext(self, context))
    }

    fn from_parsed(mut items: Vec<T>) -> Result<Self, String> {
        match items.len() {
            1 => Ok(items.remove(0)),
            n => Err(format!("expected one embedded resource, found {n}")),
        }
    }

    fn missing(rel: &str) -> Result<Self, String> {
        Err(format!("missing embedded resource `{rel}`"))
    }
}

impl<T: HalResource + Serialize> EmbeddedField for Option<T> {
    type Item = T;
    const ALWAYS: bool = false;

    fn is_present(&self) -> bool {
        self.is_some()
    }

    fn write<M: SerializeMap>(
        &self,
        rel: &str,
        map: &mut M,
        context: &WriteContext<'_>,
    ) -> Result<(), M::Error> {
        match self {
            Some(item) => map.serialize_entry(rel, &InContext(item, context)),
            None => Ok(()),
        }
    }

    fn from_parsed(items: Vec<T>) -> Result<Self, String> {
        T::from_parsed(items).map(Some)
    }

    fn missing(_rel: &str) -> Result<Self, String> {
        Ok(None)
    }
}

impl<T: HalResource + Serialize> EmbeddedField for Vec<T> {
    type Item = T;
    const MANY: bool = true;

    fn is_present(&self) -> bool {
        true
    }

    fn write<M: SerializeMap>(
        &self,
        rel: &str,
        map: &mut M,
        context: &WriteContext<'_>,
    ) -> Result<(), M::Error> {
        map.serialize_entry(rel, &SliceInContext(self, context))
    }

    fn from_parsed(items: Vec<T>) -> Result<Self, String> {
        Ok(items)
    }

    fn missing(_rel: &str) -> Result<Self, String> {
        Ok(Vec::new())
    }
}

/// An embedded resource, written in the context of the resource that embeds it.
struct InContext<'a, T>(&'a T, &'a WriteContext<'a>);

impl<T: HalResource + Serialize> Serialize for InContext<'_, T> {
    #[inline]
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Hal(self.0).serialize_in(serializer, self.1)
    }
}

/// Embedded resources, each written in the context of the resource that embeds them.
struct SliceInContext<'a, T>(&'a [T], &'a WriteContext<'a>);

impl<T: HalResource + Serialize> Serialize for SliceInContext<'_, T> {
    #[inline]
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for item in self.0 {
            seq.serialize_element(&InContext(item, self.1))?;
        }
        seq.end()
    }
}

/// Reads an embedded field of type `F`, chosen at the call (autoref specialization):
/// `(&ReadEmbedded::<F>::new()).read(map, context)` reads through [`ReadReadable`] when `F`'s
/// resources can be read, and otherwise through [`ReadUnreadable`], which fails at run time.
///
/// A type that is not embeddable is thereby reported once, by the write side, instead of
/// again by every read; and a type that is written but never read need not be readable.
pub struct ReadEmbedded<F>(PhantomData<fn() -> F>);

impl<F> ReadEmbedded<F> {
    /// The probe for `F`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self(PhantomData)
    }
}

/// The reader of a field whose resources can be read.
pub trait ReadReadable<'de, F> {
    /// Reads the field from the value of its relation, its resources at `context`.
    ///
    /// # Errors
    ///
    /// The map's error, or a message when there are more resources than the field can hold.
    fn read<A: MapAccess<'de>>(&self, map: &mut A, context: ParseContext) -> Result<F, A::Error>;
}

impl<'de, F> ReadReadable<'de, F> for ReadEmbedded<F>
where
    F: EmbeddedField,
    F::Item: HalDeserialize<'de>,
{
    fn read<A: MapAccess<'de>>(&self, map: &mut A, context: ParseContext) -> Result<F, A::Error> {
        map.next_value_seed(EmbeddedFieldSeed::<F> {
            context,
            field: PhantomData,
        })
    }
}

/// The reader of a field whose resources cannot be read (not `HalResource`, or not
/// `Deserialize`): only reached when such a field is read.
pub trait ReadUnreadable<'de, F> {
    /// Fails: the field's type cannot be read.
    ///
    /// # Errors
    ///
    /// Always.
    fn read<A: MapAccess<'de>>(&self, map: &mut A, context: ParseContext) -> Result<F, A::Error>;
}

impl<'de, F> ReadUnreadable<'de, F> for &ReadEmbedded<F> {
    fn read<A: MapAccess<'de>>(&self, _map: &mut A, _context: ParseContext) -> Result<F, A::Error> {
        Err(de::Error::custom(format_args!(
            "`{}` cannot be read: it is not a `HalResource` that implements `Deserialize`",
            std::any::type_name::<F>()
        )))
    }
}

/// Reads an embedded relation straight into an embedded field of type `F`.
struct EmbeddedFieldSeed<F> {
    context: ParseContext,
    field: PhantomData<fn() -> F>,
}

impl<'de, F> DeserializeSeed<'de> for EmbeddedFieldSeed<F>
where
    F: EmbeddedField,
    F::Item: HalDeserialize<'de>,
{
    type Value = F;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<F, D::Error> {
        let items = EmbeddedEntrySeed::<F::Item>::new(self.context).deserialize(deserializer)?;
        F::from_parsed(items.into_vec()).map_err(de::Error::custom)
    }
}
