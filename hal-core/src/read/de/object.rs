//! Reading a resource object: its state with any `Deserialize` type, while `_links` and
//! `_embedded` are taken aside, without buffering the document (`#[serde(flatten)]` would).

use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};

use super::context::ParseContext;
use super::key::Key;

/// What a reader does with the two members a resource object reserves. [`Resource`]'s reader
/// keeps them; a derived type's reader hands their relations to its fields.
///
/// [`Resource`]: crate::Resource
pub(crate) trait ReservedSlots<'de> {
    /// Reads the value of `_links` (its key has been read).
    fn read_links<A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        context: ParseContext,
    ) -> Result<(), A::Error>;

    /// Reads the value of `_embedded`; `context` is already the embedded resources' own, one
    /// level down and within the depth limit.
    fn read_embedded<A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        context: ParseContext,
    ) -> Result<(), A::Error>;

    /// Reads the value of HAL-FORMS' `_templates`. A derived type's are generated from its
    /// declaration, so by default the member is skipped (but still reserved: never state).
    fn read_templates<A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        _context: ParseContext,
    ) -> Result<(), A::Error> {
        map.next_value::<IgnoredAny>().map(drop)
    }
}

/// Reads `T` from the members of `map` other than `_links`, `_embedded` and `_templates`,
/// which go to `slots`, each at most once.
///
/// # Errors
///
/// The map's error for malformed input, including errors `T` raises, a reserved member given
/// twice and `_embedded` nested deeper than the limits allow.
#[inline]
pub(crate) fn read_resource_object<'de, T, A, S>(
    mut map: A,
    context: ParseContext,
    slots: &mut S,
) -> Result<T, A::Error>
where
    T: de::Deserialize<'de>,
    A: MapAccess<'de>,
    S: ReservedSlots<'de>,
{
    let mut reserved = Reserved {
        slots,
        context,
        links_seen: false,
        embedded_seen: false,
        templates_seen: false,
    };
    let state = T::deserialize(StateDeserializer {
        map: &mut map,
        reserved: &mut reserved,
    })?;
    // `T` may stop reading early (a unit state, a custom impl); the reserved members that follow
    // still belong to the resource.
    StateAccess {
        map: &mut map,
        reserved: &mut reserved,
    }
    .drain()?;
    Ok(state)
}

/// Hands the reserved members to the slots, once each.
struct Reserved<'s, S> {
    slots: &'s mut S,
    context: ParseContext,
    links_seen: bool,
    embedded_seen: bool,
    templates_seen: bool,
}

/// One of the members a resource object reserves: HAL's two and HAL-FORMS' `_templates`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReservedMember {
    Links,
    Embedded,
    Templates,
}

impl ReservedMember {
    /// The member `key` names, if any; checked for every key of every resource, so kept small
    /// enough to inline.
    #[inline]
    fn of(key: &str) -> Option<Self> {
        match key {
            "_links" => Some(Self::Links),
            "_embedded" => Some(Self::Embedded),
            "_templates" => Some(Self::Templates),
            _ => None,
        }
    }
}

impl<'de, S: ReservedSlots<'de>> Reserved<'_, S> {
    /// Reads the value of a reserved member (its key has been read).
    fn read<A: MapAccess<'de>>(
        &mut self,
        member: ReservedMember,
        map: &mut A,
    ) -> Result<(), A::Error> {
        let (seen, name) = match member {
            ReservedMember::Links => (&mut self.links_seen, "_links"),
            ReservedMember::Embedded => (&mut self.embedded_seen, "_embedded"),
            ReservedMember::Templates => (&mut self.templates_seen, "_templates"),
        };
        if std::mem::replace(seen, true) {
            return Err(de::Error::custom(format_args!("duplicate member `{name}`")));
        }
        match member {
            ReservedMember::Links => return self.slots.read_links(map, self.context),
            ReservedMember::Templates => return self.slots.read_templates(map, self.context),
            ReservedMember::Embedded => {}
        }
        let Ok(child) = self.context.child::<A::Error>() else {
            // Raised while reading the value, so that the error's path ends at `_embedded`.
            return map.next_value_seed(TooDeep(self.context));
        };
        self.slots.read_embedded(map, child)
    }
}

/// Refuses the value of an `_embedded` that nests too deep, with the depth error.
struct TooDeep(ParseContext);

impl<'de> DeserializeSeed<'de> for TooDeep {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, _deserializer: D) -> Result<(), D::Error> {
        self.0.child::<D::Error>().map(drop)
    }
}

struct StateDeserializer<'a, 's, A, S> {
    map: &'a mut A,
    reserved: &'a mut Reserved<'s, S>,
}

struct StateAccess<'a, 's, A, S> {
    map: &'a mut A,
    reserved: &'a mut Reserved<'s, S>,
}

impl<'de, A: MapAccess<'de>, S: ReservedSlots<'de>> StateAccess<'_, '_, A, S> {
    /// The next key that is not reserved, after handing reserved members to the slots.
    fn next_state_key(&mut self) -> Result<Option<Key<'de>>, A::Error> {
        while let Some(key) = self.map.next_key::<Key<'de>>()? {
            match ReservedMember::of(key.as_str()) {
                Some(member) => self.reserved.read(member, self.map)?,
                None => return Ok(Some(key)),
            }
        }
        Ok(None)
    }

    fn drain(&mut self) -> Result<(), A::Error> {
        while self.next_state_key()?.is_some() {
            self.map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }
}

impl<'de, A: MapAccess<'de>, S: ReservedSlots<'de>> MapAccess<'de> for StateAccess<'_, '_, A, S> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.next_state_key()? {
            None => Ok(None),
            Some(Key::Borrowed(s)) => seed.deserialize(BorrowedStrDeserializer::new(s)).map(Some),
            Some(Key::Owned(s)) => seed.deserialize(StringDeserializer::new(s)).map(Some),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}

impl<'de, A: MapAccess<'de>, S: ReservedSlots<'de>> de::Deserializer<'de>
    for StateDeserializer<'_, '_, A, S>
{
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_map(StateAccess {
            map: self.map,
            reserved: self.reserved,
        })
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_some(self)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        StateAccess {
            map: self.map,
            reserved: self.reserved,
        }
        .drain()?;
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf seq tuple tuple_struct map struct enum identifier
    }
}
