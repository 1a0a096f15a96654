//! What the fields the derive writes into `_links` and `_embedded` can hold, and how each
//! kind is written and read back.

use std::marker::PhantomData;

use serde::Serialize;
use serde::de::{self, DeserializeSeed};
use serde::ser::{SerializeMap, SerializeSeq};

use crate::de::{EmbeddedEntrySeed, HalDeserialize, ParseContext};
use crate::hal::{Hal, HalResource};
use crate::link::Link;

/// What a `#[hal(link)]` field can hold: [`Link`] (always written), `Option<Link>` (omitted when
/// `None`) or `Vec<Link>` (an array, `[]` when empty).
#[diagnostic::on_unimplemented(
    message = "a `#[hal(link)]` field must be `Link`, `Option<Link>` or `Vec<Link>`, not `{Self}`",
    label = "not a link field type"
)]
pub trait LinkField: Sized {
    /// Whether the field writes an array.
    const MANY: bool;

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

    /// Whether there is anything to write.
    fn is_present(&self) -> bool;

    /// Writes `rel: …` into `_embedded`.
    ///
    /// # Errors
    ///
    /// The serializer's error.
    fn write<M: SerializeMap>(&self, rel: &str, map: &mut M) -> Result<(), M::Error>;

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

    fn write<M: SerializeMap>(&self, rel: &str, map: &mut M) -> Result<(), M::Error> {
        map.serialize_entry(rel, &Hal(self))
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

    fn is_present(&self) -> bool {
        self.is_some()
    }

    fn write<M: SerializeMap>(&self, rel: &str, map: &mut M) -> Result<(), M::Error> {
        match self {
            Some(item) => map.serialize_entry(rel, &Hal(item)),
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

    fn is_present(&self) -> bool {
        true
    }

    fn write<M: SerializeMap>(&self, rel: &str, map: &mut M) -> Result<(), M::Error> {
        map.serialize_entry(rel, &HalSlice(self))
    }

    fn from_parsed(items: Vec<T>) -> Result<Self, String> {
        Ok(items)
    }

    fn missing(_rel: &str) -> Result<Self, String> {
        Ok(Vec::new())
    }
}

struct HalSlice<'a, T>(&'a [T]);

impl<T: HalResource + Serialize> Serialize for HalSlice<'_, T> {
    #[inline]
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for item in self.0 {
            seq.serialize_element(&Hal(item))?;
        }
        seq.end()
    }
}

/// Reads an embedded relation straight into an embedded field of type `F`.
pub struct EmbeddedFieldSeed<F> {
    context: ParseContext,
    field: PhantomData<fn() -> F>,
}

impl<F> EmbeddedFieldSeed<F> {
    /// Reads resources at `context` (the embedded resources' own).
    pub fn new(context: ParseContext) -> Self {
        Self {
            context,
            field: PhantomData,
        }
    }
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
