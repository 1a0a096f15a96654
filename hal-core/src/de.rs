//! Reading a resource object's state with any `Deserialize` type while `_links` and `_embedded`
//! are taken aside, without buffering the document (`#[serde(flatten)]` would).
//!
//! Public for the derive's generated code; not a stable API.

use std::fmt;

use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};

/// An object key, borrowed from the input when the input allows it.
#[doc(hidden)]
pub enum Key<'de> {
    /// Borrowed from the input.
    Borrowed(&'de str),
    /// Unescaped or read from a stream.
    Owned(String),
}

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }
}

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// One of the two members a resource object reserves.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReservedMember {
    /// `_links`.
    Links,
    /// `_embedded`.
    Embedded,
}

impl ReservedMember {
    fn from_key(key: &str) -> Option<Self> {
        match key {
            "_links" => Some(Self::Links),
            "_embedded" => Some(Self::Embedded),
            _ => None,
        }
    }
}

/// Receives the values of `_links` and `_embedded` while the state is read.
#[doc(hidden)]
pub trait ReservedSink<'de> {
    /// Reads the value of `member` from `map` (the key has been read).
    ///
    /// # Errors
    ///
    /// The map's error when the value is malformed or the member appears twice.
    fn read<A: MapAccess<'de>>(
        &mut self,
        member: ReservedMember,
        map: &mut A,
    ) -> Result<(), A::Error>;
}

/// Reads `T` from the members of `map` other than `_links` and `_embedded`, which go to `sink`.
///
/// # Errors
///
/// The map's error for malformed input, including errors `T` raises.
#[doc(hidden)]
pub fn deserialize_state<'de, T, A, R>(mut map: A, sink: &mut R) -> Result<T, A::Error>
where
    T: de::Deserialize<'de>,
    A: MapAccess<'de>,
    R: ReservedSink<'de>,
{
    let state = T::deserialize(StateDeserializer {
        map: &mut map,
        sink: &mut *sink,
    })?;
    // `T` may stop reading early (a unit state, a custom impl); the reserved members that follow
    // still belong to the resource.
    StateAccess {
        map: &mut map,
        sink,
    }
    .drain()?;
    Ok(state)
}

struct StateDeserializer<'a, A, R> {
    map: &'a mut A,
    sink: &'a mut R,
}

struct StateAccess<'a, A, R> {
    map: &'a mut A,
    sink: &'a mut R,
}

impl<'de, A: MapAccess<'de>, R: ReservedSink<'de>> StateAccess<'_, A, R> {
    /// The next key that is not reserved, after handing reserved members to the sink.
    fn next_state_key(&mut self) -> Result<Option<Key<'de>>, A::Error> {
        while let Some(key) = self.map.next_key::<Key<'de>>()? {
            match ReservedMember::from_key(key.as_str()) {
                Some(member) => self.sink.read(member, self.map)?,
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

impl<'de, A: MapAccess<'de>, R: ReservedSink<'de>> MapAccess<'de> for StateAccess<'_, A, R> {
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

impl<'de, A: MapAccess<'de>, R: ReservedSink<'de>> de::Deserializer<'de>
    for StateDeserializer<'_, A, R>
{
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_map(StateAccess {
            map: self.map,
            sink: self.sink,
        })
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_some(self)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        StateAccess {
            map: self.map,
            sink: self.sink,
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
