//! `Hal<T>`: domain structs as HAL documents, through `#[derive(HalResource)]`.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Serialize};

use crate::links::Links;
use crate::parse::{FromHal, Limits};
use crate::ser::FlatState;
use crate::{Link, Resource};

/// A domain struct that is a HAL resource: it knows its links and embedded resources.
///
/// Implemented by `#[derive(HalResource)]` (feature `derive`); see the derive's documentation
/// for the attributes. Serialize one with [`Hal`]: `serde_json::to_string(&Hal(&trip))`.
///
/// # Examples
///
/// ```
/// # #[cfg(feature = "derive")] {
/// use hal_core::{Hal, HalResource};
///
/// #[derive(serde::Serialize, serde::Deserialize, HalResource)]
/// #[hal(self_link = "/vehicles/{vin}")]
/// struct Vehicle { vin: String }
///
/// let json = serde_json::to_string(&Hal(&Vehicle { vin: "VF3 1".into() }))?;
/// assert_eq!(json, r#"{"_links":{"self":{"href":"/vehicles/VF3%201"}},"vin":"VF3 1"}"#);
/// # }
/// # Ok::<(), serde_json::Error>(())
/// ```
pub trait HalResource {
    /// Serialized names of the fields written as links or embedded resources, which the state
    /// leaves out.
    #[doc(hidden)]
    const HAL_FIELDS: &'static [&'static str];

    /// Whether the derive proved that no state field serializes as `_links` or `_embedded`.
    #[doc(hidden)]
    const STATE_FIELDS_CHECKED: bool = false;

    /// Whether `_links` has anything to write.
    #[doc(hidden)]
    fn has_links(&self) -> bool;

    /// Writes the members of `_links`.
    #[doc(hidden)]
    fn write_links<M: SerializeMap>(&self, links: &mut M) -> Result<(), M::Error>;

    /// Whether `_embedded` has anything to write.
    #[doc(hidden)]
    fn has_embedded(&self) -> bool;

    /// Writes the members of `_embedded`.
    #[doc(hidden)]
    fn write_embedded<M: SerializeMap>(&self, embedded: &mut M) -> Result<(), M::Error>;
}

/// A reference or a box to a resource is that resource; a box lets a type embed itself
/// (`Option<Box<Trip>>`).
macro_rules! delegate_hal_resource {
    ($($pointer:ty),*) => {$(
        impl<T: HalResource + ?Sized> HalResource for $pointer {
            const HAL_FIELDS: &'static [&'static str] = T::HAL_FIELDS;
            const STATE_FIELDS_CHECKED: bool = T::STATE_FIELDS_CHECKED;

            fn has_links(&self) -> bool {
                (**self).has_links()
            }

            fn write_links<M: SerializeMap>(&self, links: &mut M) -> Result<(), M::Error> {
                (**self).write_links(links)
            }

            fn has_embedded(&self) -> bool {
                (**self).has_embedded()
            }

            fn write_embedded<M: SerializeMap>(&self, embedded: &mut M) -> Result<(), M::Error> {
                (**self).write_embedded(embedded)
            }
        }
    )*};
}
delegate_hal_resource!(&T, Box<T>);

impl<'de, T: HalDeserialize<'de>> HalDeserialize<'de> for Box<T> {
    fn deserialize_hal<D: serde::Deserializer<'de>>(
        deserializer: D,
        context: ParseContext,
    ) -> Result<Self, D::Error> {
        T::deserialize_hal(deserializer, context).map(Box::new)
    }
}

/// Reading a derived resource from a HAL document, within limits. Implemented by the derive.
#[doc(hidden)]
pub trait HalDeserialize<'de>: Sized {
    /// Reads the resource at `context`'s depth.
    ///
    /// # Errors
    ///
    /// The deserializer's error for malformed input.
    fn deserialize_hal<D: serde::Deserializer<'de>>(
        deserializer: D,
        context: ParseContext,
    ) -> Result<Self, D::Error>;
}

/// Where a nested parse is: the limits and the `_embedded` depth.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct ParseContext {
    /// The limits of the whole parse.
    pub limits: Limits,
    /// The nesting depth of the resource being read (0 for the root).
    pub depth: usize,
}

impl ParseContext {
    /// The context of a resource embedded in this one.
    ///
    /// # Errors
    ///
    /// A custom error when that would nest deeper than the limits allow.
    pub fn child<E: de::Error>(self) -> Result<Self, E> {
        if self.depth + 1 > self.limits.max_depth() {
            return Err(E::custom(format_args!(
                "`_embedded` nests deeper than {} levels",
                self.limits.max_depth()
            )));
        }
        Ok(Self {
            limits: self.limits,
            depth: self.depth + 1,
        })
    }
}

/// A derived [`HalResource`] as a HAL document: `Hal(&trip)` serializes, `Hal<Trip>`
/// deserializes.
///
/// The bytes are `_links`, then the state as the struct's own `Serialize` writes it (every
/// `#[serde]` attribute applies), then `_embedded`.
///
/// # Examples
///
/// ```
/// # #[cfg(feature = "derive")] {
/// use hal_core::{Hal, HalResource};
///
/// #[derive(serde::Serialize, serde::Deserialize, HalResource, Debug, PartialEq)]
/// #[serde(rename_all = "camelCase")]
/// #[hal(self_link = "/fleets/{fleet_id}")]
/// struct Fleet { fleet_id: u32, display_name: String }
///
/// let fleet = Fleet { fleet_id: 7, display_name: "North".into() };
/// let json = serde_json::to_string(&Hal(&fleet))?;
/// assert_eq!(json, r#"{"_links":{"self":{"href":"/fleets/7"}},"fleetId":7,"displayName":"North"}"#);
/// assert_eq!(serde_json::from_str::<Hal<Fleet>>(&json)?.into_inner(), fleet);
/// # }
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Hal<T>(pub T);

impl<T> Hal<T> {
    /// The wrapped value.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::Hal(3).into_inner(), 3);
    /// ```
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: HalResource + Serialize> Hal<T> {
    /// The resource as a dynamic [`Resource`], to inspect or to embed in a built one.
    ///
    /// # Errors
    ///
    /// The `serde_json` error when the state does not serialize as an object.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(feature = "derive")] {
    /// use hal_core::{Hal, HalResource};
    ///
    /// #[derive(serde::Serialize, HalResource)]
    /// #[hal(self_link = "/a/{id}")]
    /// struct A { id: u8 }
    ///
    /// let resource = Hal(&A { id: 1 }).to_resource()?;
    /// assert_eq!(resource.self_link().map(|l| l.href()), Some("/a/1"));
    /// # }
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn to_resource(&self) -> Result<Resource, serde_json::Error> {
        let value = serde_json::to_value(self)?;
        crate::from_value(&value).map_err(|e| serde::de::Error::custom(e.to_string()))
    }
}

impl<T: HalResource + Serialize> Serialize for Hal<T> {
    #[inline]
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if self.0.has_links() {
            map.serialize_entry("_links", &LinksOf(&self.0))?;
        }
        let state = if T::STATE_FIELDS_CHECKED {
            FlatState::with_checked_fields(&mut map, T::HAL_FIELDS)
        } else {
            FlatState::new(&mut map, T::HAL_FIELDS)
        };
        self.0.serialize(state)?;
        if self.0.has_embedded() {
            map.serialize_entry("_embedded", &EmbeddedOf(&self.0))?;
        }
        map.end()
    }
}

struct LinksOf<'a, T>(&'a T);

impl<T: HalResource> Serialize for LinksOf<'_, T> {
    #[inline]
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        self.0.write_links(&mut map)?;
        map.end()
    }
}

struct EmbeddedOf<'a, T>(&'a T);

impl<T: HalResource> Serialize for EmbeddedOf<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        self.0.write_embedded(&mut map)?;
        map.end()
    }
}

impl<'de, T: HalDeserialize<'de>> Deserialize<'de> for Hal<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let context = ParseContext {
            limits: Limits::DEFAULT,
            depth: 0,
        };
        T::deserialize_hal(deserializer, context).map(Hal)
    }
}

impl<'de, T: HalDeserialize<'de>> FromHal<'de> for Hal<T> {
    fn deserialize_hal<D: serde::Deserializer<'de>>(
        deserializer: D,
        limits: Limits,
    ) -> Result<Self, D::Error> {
        T::deserialize_hal(deserializer, ParseContext { limits, depth: 0 }).map(Hal)
    }
}

/// What a `#[hal(links)]` field can hold: its links are merged into the resource's `_links`,
/// and a parsed document's links that no other field takes come back into it.
///
/// Implemented for [`Links`]; `hal-paging` implements it for its page links.
///
/// # Examples
///
/// ```
/// use hal_core::{Link, Links, LinksField};
///
/// let links = Links::new().with("next", Link::new("/p2"));
/// assert_eq!(LinksField::to_links(&links).len(), 1, "borrowed, not copied");
/// assert!(<Links as LinksField>::from_links(Links::new()).is_empty());
/// ```
pub trait LinksField {
    /// The links to merge: borrowed when the field holds `Links`, built when it converts.
    fn to_links(&self) -> Cow<'_, Links>;

    /// The value for the links a parsed document has beyond the declared ones.
    fn from_links(links: Links) -> Self;

    /// Whether there is no link to write. The default goes through
    /// [`to_links`](Self::to_links).
    fn is_empty(&self) -> bool {
        self.to_links().is_empty()
    }

    /// Writes the links into an open `_links` map, except the relations in `declared` (which
    /// the struct writes itself). The default goes through [`to_links`](Self::to_links); a type
    /// can write its links directly instead.
    ///
    /// # Errors
    ///
    /// The serializer's error.
    fn write_links<M: SerializeMap>(&self, map: &mut M, declared: &[&str]) -> Result<(), M::Error> {
        self.to_links().write_except(map, declared)
    }
}

impl LinksField for Links {
    fn to_links(&self) -> Cow<'_, Links> {
        Cow::Borrowed(self)
    }

    fn from_links(links: Links) -> Self {
        links
    }
}

/// What a `#[hal(link)]` field can hold: [`Link`] (always written), `Option<Link>` (omitted when
/// `None`) or `Vec<Link>` (an array, `[]` when empty).
#[doc(hidden)]
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
#[doc(hidden)]
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

/// Reads the value of an embedded relation (one resource or an array) as `Vec<T>`.
pub(crate) struct EmbeddedSeed<T> {
    context: ParseContext,
    item: PhantomData<fn() -> T>,
}

impl<T> EmbeddedSeed<T> {
    /// Reads resources one level below `context`.
    pub(crate) fn new(context: ParseContext) -> Self {
        Self {
            context,
            item: PhantomData,
        }
    }
}

impl<'de, T: HalDeserialize<'de>> DeserializeSeed<'de> for EmbeddedSeed<T> {
    type Value = Vec<T>;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: HalDeserialize<'de>> Visitor<'de> for EmbeddedSeed<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Resource Object or an array of Resource Objects (H-31)")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Vec<T>, A::Error> {
        let item = T::deserialize_hal(de::value::MapAccessDeserializer::new(map), self.context)?;
        Ok(vec![item])
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(256));
        while let Some(item) = seq.next_element_seed(ItemSeed::<T> {
            context: self.context,
            item: PhantomData,
        })? {
            items.push(item);
        }
        Ok(items)
    }
}

struct ItemSeed<T> {
    context: ParseContext,
    item: PhantomData<fn() -> T>,
}

impl<'de, T: HalDeserialize<'de>> DeserializeSeed<'de> for ItemSeed<T> {
    type Value = T;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize_hal(deserializer, self.context)
    }
}

/// Reads an embedded relation straight into an embedded field of type `F`.
#[doc(hidden)]
pub struct EmbeddedFieldSeed<F> {
    context: ParseContext,
    field: PhantomData<fn() -> F>,
}

impl<F> EmbeddedFieldSeed<F> {
    /// Reads resources one level below `context`.
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
        let items = EmbeddedSeed::<F::Item>::new(self.context).deserialize(deserializer)?;
        F::from_parsed(items).map_err(de::Error::custom)
    }
}
