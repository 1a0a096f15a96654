//! Reading the parts of a resource object that a caller chooses, for shapes hal-core does not
//! know itself (hal-paging's typed pages): its `_links` whole, the embedded relations it asks
//! for as its own types, the rest skipped unread. The same parse path, limits and errors as
//! every other read.

use std::marker::PhantomData;

use serde::de::{IgnoredAny, MapAccess, Visitor};

use super::EXPECTING_RESOURCE;
use crate::link::Links;
use crate::read::de::{
    EmbeddedEntrySeed, HalDeserialize, Member, ParseContext, RelationSlots, Relations,
    ReservedSlots, read_resource_object,
};
use crate::read::{Limits, ParseError};

/// What a reader of a resource object's parts does with them: [`read_parts`] hands it the
/// `_links` and each relation of `_embedded` by name; the state is skipped unread.
///
/// # Examples
///
/// The number of items under `items`, read as dynamic resources:
///
/// ```
/// use hal_core::resource::{EmbeddedRelation, PartsReader, Resource, read_parts};
/// use hal_core::{Limits, Links};
///
/// #[derive(Default)]
/// struct Count(usize);
///
/// impl<'de> PartsReader<'de> for Count {
///     fn links(&mut self, _links: Links) {}
///
///     fn embedded<R: EmbeddedRelation<'de>>(&mut self, rel: &str, relation: R) -> Result<(), R::Error> {
///         if rel == "items" {
///             self.0 = relation.read::<Resource>()?.len();
///         }
///         Ok(())
///     }
/// }
///
/// let json = br#"{"total":2,"_embedded":{"items":[{},{}],"other":{}}}"#;
/// assert_eq!(read_parts(Limits::DEFAULT, json, Count::default())?.0, 2);
/// # Ok::<(), hal_core::ParseError>(())
/// ```
pub trait PartsReader<'de> {
    /// The resource's `_links`, read within the limits.
    fn links(&mut self, links: Links);

    /// One relation of `_embedded`: read its resources through `relation`, or leave it, and it
    /// is skipped.
    ///
    /// # Errors
    ///
    /// The error reading the relation gave.
    fn embedded<R: EmbeddedRelation<'de>>(
        &mut self,
        rel: &str,
        relation: R,
    ) -> Result<(), R::Error>;
}

/// One relation of `_embedded` being read: [`read`](Self::read) takes its resources (one or an
/// array) as the caller's type, within the limits. Made by [`read_parts`] only.
///
/// # Examples
///
/// ```
/// use hal_core::resource::{EmbeddedRelation, PartsReader, Resource, read_parts};
/// use hal_core::{Limits, Links};
///
/// /// Every relation's resources, dynamic.
/// #[derive(Default)]
/// struct All(Vec<(String, usize)>);
///
/// impl<'de> PartsReader<'de> for All {
///     fn links(&mut self, _links: Links) {}
///
///     fn embedded<R: EmbeddedRelation<'de>>(&mut self, rel: &str, relation: R) -> Result<(), R::Error> {
///         let items = relation.read::<Resource>()?;
///         self.0.push((rel.to_owned(), items.len()));
///         Ok(())
///     }
/// }
///
/// let json = br#"{"_embedded":{"a":{},"b":[{},{}]}}"#;
/// let all = read_parts(Limits::DEFAULT, json, All::default())?;
/// assert_eq!(all.0, [("a".to_owned(), 1), ("b".to_owned(), 2)]);
/// # Ok::<(), hal_core::ParseError>(())
/// ```
pub trait EmbeddedRelation<'de>: sealed::Sealed {
    /// The error of the document being read.
    type Error;

    /// The relation's resources, in order.
    ///
    /// # Errors
    ///
    /// What reading a resource as `T` gave, or too deep a nesting.
    ///
    /// # Examples
    ///
    /// See [`EmbeddedRelation`].
    fn read<T: HalDeserialize<'de>>(self) -> Result<Vec<T>, Self::Error>;
}

mod sealed {
    pub trait Sealed {}
}

/// Reads the resource object in `json` within `limits`, handing its parts to `reader`; the
/// reader back, filled.
///
/// # Errors
///
/// [`ParseError`] naming the JSON path of the first problem, in the object or an item read.
///
/// # Examples
///
/// See [`PartsReader`].
pub fn read_parts<'de, P: PartsReader<'de>>(
    limits: Limits,
    json: &'de [u8],
    reader: P,
) -> Result<P, ParseError> {
    limits.parse_slice_by(json, |deserializer, context| {
        serde::Deserializer::deserialize_map(
            deserializer,
            PartsVisitor {
                reader,
                context,
                lifetime: PhantomData,
            },
        )
    })
}

struct PartsVisitor<'de, P> {
    reader: P,
    context: ParseContext,
    lifetime: PhantomData<&'de ()>,
}

impl<'de, P: PartsReader<'de>> Visitor<'de> for PartsVisitor<'de, P> {
    type Value = P;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(EXPECTING_RESOURCE)
    }

    fn visit_map<A: MapAccess<'de>>(mut self, map: A) -> Result<P, A::Error> {
        read_resource_object::<IgnoredAny, _, _>(map, self.context, &mut Slots(&mut self.reader))?;
        Ok(self.reader)
    }
}

struct Slots<'r, P>(&'r mut P);

impl<'de, P: PartsReader<'de>> ReservedSlots<'de> for Slots<'_, P> {
    fn read_links<A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        context: ParseContext,
    ) -> Result<(), A::Error> {
        self.0.links(Links::read(map, context.limits())?);
        Ok(())
    }

    fn read_embedded<A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        context: ParseContext,
    ) -> Result<(), A::Error> {
        map.next_value_seed(Relations::new(
            Member::Embedded,
            &mut EmbeddedSlots {
                reader: &mut *self.0,
                context,
            },
        ))
    }
}

struct EmbeddedSlots<'r, P> {
    reader: &'r mut P,
    context: ParseContext,
}

impl<'de, P: PartsReader<'de>> RelationSlots<'de> for EmbeddedSlots<'_, P> {
    fn read_relation<A: MapAccess<'de>>(&mut self, rel: &str, map: &mut A) -> Result<(), A::Error> {
        let mut taken = false;
        self.reader.embedded(
            rel,
            Relation {
                map: &mut *map,
                context: self.context,
                taken: &mut taken,
            },
        )?;
        if !taken {
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }
}

/// The value of one relation, not read yet.
struct Relation<'a, A> {
    map: &'a mut A,
    context: ParseContext,
    taken: &'a mut bool,
}

impl<A> sealed::Sealed for Relation<'_, A> {}

impl<'de, A: MapAccess<'de>> EmbeddedRelation<'de> for Relation<'_, A> {
    type Error = A::Error;

    fn read<T: HalDeserialize<'de>>(self) -> Result<Vec<T>, A::Error> {
        *self.taken = true;
        self.map
            .next_value_seed(EmbeddedEntrySeed::<T>::new(self.context))
            .map(|entry| entry.into_vec())
    }
}
