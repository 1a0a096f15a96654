//! Reading the members of `_links` and `_embedded`: relation → one value or an array.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::context::ParseContext;
use super::key::Key;
use crate::rel::map::Entry;

/// A resource that can be read at any depth within limits: [`Resource<T>`] and the types
/// `#[derive(HalResource)]` implements it for. Embedded resources are read through it, on both
/// paths, and so are the items of a typed page (hal-paging's `Page<T>`). Name it in bounds;
/// implement it with the derive, not by hand.
///
/// [`Resource<T>`]: crate::Resource
///
/// # Examples
///
/// ```
/// use hal_core::read::HalDeserialize;
/// use hal_core::{ParseError, Resource};
///
/// fn typed<T: for<'de> HalDeserialize<'de>>(item: Resource) -> Result<T, ParseError> {
///     item.into_hal()
/// }
/// let item: Resource = typed(Resource::object().with_member("n", 1))?;
/// assert_eq!(item.state()["n"], 1);
/// # Ok::<(), ParseError>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a HAL resource",
    label = "not a HAL resource",
    note = "derive `HalResource` for `{Self}`"
)]
pub trait HalDeserialize<'de>: Sized {
    /// Reads the resource at `context`'s depth.
    #[doc(hidden)]
    ///
    /// # Errors
    ///
    /// The deserializer's error for malformed input.
    fn deserialize_hal<D: serde::Deserializer<'de>>(
        deserializer: D,
        context: ParseContext,
    ) -> Result<Self, D::Error>;
}

/// A box lets a type embed itself (`Option<Box<Trip>>`).
impl<'de, T: HalDeserialize<'de>> HalDeserialize<'de> for Box<T> {
    fn deserialize_hal<D: serde::Deserializer<'de>>(
        deserializer: D,
        context: ParseContext,
    ) -> Result<Self, D::Error> {
        T::deserialize_hal(deserializer, context).map(Box::new)
    }
}

/// The reserved member a relation object is, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Member {
    /// `_links` ([H-20](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-20)).
    Links,
    /// `_embedded` ([H-30](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-30)).
    Embedded,
}

impl Member {
    fn name(self) -> &'static str {
        match self {
            Member::Links => "_links",
            Member::Embedded => "_embedded",
        }
    }

    /// The error for a relation given twice in this member.
    pub(crate) fn duplicate<E: de::Error>(self, rel: &str) -> E {
        E::custom(format_args!(
            "duplicate relation `{rel}` in `{}`",
            self.name()
        ))
    }
}

/// Receives the relations of `_links` or `_embedded`, one at a time.
pub(crate) trait RelationSlots<'de> {
    /// Reads or skips the value of `rel` (its key has been read).
    fn read_relation<A: MapAccess<'de>>(&mut self, rel: &str, map: &mut A) -> Result<(), A::Error>;
}

/// Reads a relation object (`_links` or `_embedded`) into `slots`.
pub(crate) struct Relations<'a, S> {
    slots: &'a mut S,
    member: Member,
}

impl<'a, S> Relations<'a, S> {
    pub(crate) fn new(member: Member, slots: &'a mut S) -> Self {
        Self { slots, member }
    }
}

impl<'de, S: RelationSlots<'de>> DeserializeSeed<'de> for Relations<'_, S> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, S: RelationSlots<'de>> Visitor<'de> for Relations<'_, S> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.member {
            Member::Links => {
                f.write_str("`_links` as an object whose members are relation types (H-20)")
            }
            Member::Embedded => {
                f.write_str("`_embedded` as an object whose members are relation types (H-30)")
            }
        }
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Key<'de>>()? {
            self.slots.read_relation(key.as_str(), &mut map)?;
        }
        Ok(())
    }
}

/// Reads the value of an embedded relation: one resource or an array of them, each at
/// `context` (the embedded resources' own).
pub(crate) struct EmbeddedEntrySeed<T> {
    context: ParseContext,
    item: PhantomData<fn() -> T>,
}

impl<T> EmbeddedEntrySeed<T> {
    pub(crate) fn new(context: ParseContext) -> Self {
        Self {
            context,
            item: PhantomData,
        }
    }
}

impl<T> Clone for EmbeddedEntrySeed<T> {
    fn clone(&self) -> Self {
        Self::new(self.context)
    }
}

impl<'de, T: HalDeserialize<'de>> DeserializeSeed<'de> for EmbeddedEntrySeed<T> {
    type Value = Entry<T>;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Entry<T>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: HalDeserialize<'de>> Visitor<'de> for EmbeddedEntrySeed<T> {
    type Value = Entry<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Resource Object or an array of Resource Objects (H-31)")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Entry<T>, A::Error> {
        T::deserialize_hal(de::value::MapAccessDeserializer::new(map), self.context).map(Entry::One)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Entry<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element_seed(ItemSeed::<T> {
            context: self.context,
            item: PhantomData,
        })? {
            items.push(item);
        }
        Ok(Entry::Many(items))
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
