//! The `_embedded` member: relation → one resource or an array of resources.

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;

use crate::read::Limits;
use crate::read::de::{
    EmbeddedEntrySeed, HalDeserialize, Member, ParseContext, RelationSlots, Relations,
};
use crate::rel::Rel;
use crate::rel::map::{Cardinality, Entry, RelMap};
use crate::resource::Resource;

/// A resource's embedded resources, in insertion order: each relation holds one resource or an
/// array of them, as the code declared it; an empty array that was declared is written as `[]`.
///
/// Embedded resources are dynamic ([`Resource`] with a JSON object as state); read one as a
/// typed value with [`Resource::into_typed`].
///
/// # Examples
///
/// ```
/// use hal_core::{Embedded, Link, Resource, Rel};
///
/// let trip = Resource::object().with_link(Rel::SELF, Link::new("/trips/1"));
/// let embedded = Embedded::new().with_many("trips", [trip]).with_many("alerts", []);
/// assert_eq!(embedded.get_all("trips").len(), 1);
/// assert_eq!(
///     serde_json::to_string(&embedded)?,
///     r#"{"trips":[{"_links":{"self":{"href":"/trips/1"}}}],"alerts":[]}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Embedded {
    entries: RelMap<Resource>,
}

impl Embedded {
    /// Nothing embedded.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(hal_core::Embedded::new().is_empty());
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `rel` to a single resource.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Embedded, Resource};
    /// use hal_core::rel::Cardinality;
    ///
    /// let mut embedded = Embedded::new();
    /// embedded.insert("vehicle", Resource::object());
    /// assert_eq!(embedded.cardinality("vehicle"), Some(Cardinality::One));
    /// ```
    pub fn insert(&mut self, rel: impl Into<Rel>, resource: Resource) {
        self.entries.insert_one(rel.into(), resource);
    }

    /// Sets `rel` to an array of resources (possibly empty).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::Embedded;
    /// use hal_core::rel::Cardinality;
    ///
    /// let mut embedded = Embedded::new();
    /// embedded.insert_many("objects", []);
    /// assert_eq!(embedded.cardinality("objects"), Some(Cardinality::Many));
    /// ```
    pub fn insert_many(
        &mut self,
        rel: impl Into<Rel>,
        resources: impl IntoIterator<Item = Resource>,
    ) {
        self.entries.insert_many(rel.into(), resources);
    }

    /// Appends a resource to `rel`'s array (a single resource becomes an array of two).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Embedded, Resource};
    ///
    /// let mut embedded = Embedded::new();
    /// embedded.push("objects", Resource::object());
    /// assert_eq!(embedded.get_all("objects").len(), 1);
    /// ```
    pub fn push(&mut self, rel: impl Into<Rel>, resource: Resource) {
        self.entries.push(rel.into(), resource);
    }

    /// [`insert`](Self::insert) for building by value.
    ///
    /// # Examples
    ///
    /// ```
    /// let embedded = hal_core::Embedded::new().with("owner", hal_core::Resource::object());
    /// assert_eq!(embedded.len(), 1);
    /// ```
    #[must_use]
    pub fn with(mut self, rel: impl Into<Rel>, resource: Resource) -> Self {
        self.insert(rel, resource);
        self
    }

    /// [`insert_many`](Self::insert_many) for building by value.
    ///
    /// # Examples
    ///
    /// ```
    /// let embedded = hal_core::Embedded::new().with_many("objects", []);
    /// assert!(embedded.contains("objects"));
    /// ```
    #[must_use]
    pub fn with_many(
        mut self,
        rel: impl Into<Rel>,
        resources: impl IntoIterator<Item = Resource>,
    ) -> Self {
        self.insert_many(rel, resources);
        self
    }

    /// The first resource of `rel`.
    ///
    /// # Examples
    ///
    /// ```
    /// let embedded = hal_core::Embedded::new().with("owner", hal_core::Resource::object());
    /// assert!(embedded.get("owner").is_some());
    /// ```
    #[must_use]
    pub fn get(&self, rel: &str) -> Option<&Resource> {
        self.get_all(rel).first()
    }

    /// Every resource of `rel`, empty when there is none.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(hal_core::Embedded::new().get_all("x").is_empty());
    /// ```
    #[must_use]
    pub fn get_all(&self, rel: &str) -> &[Resource] {
        self.entries.get_all(rel)
    }

    /// The value of `rel` when it is not Resource Objects, as a lenient parse kept it
    /// ([`Limits::with_lenient`]); `None` for a relation of resources.
    ///
    /// # Examples
    ///
    /// ```
    /// let json = r#"{"_embedded":{"tags":["a","b"],"owner":{"name":"Ada"}}}"#;
    /// let resource: hal_core::Resource = hal_core::Limits::DEFAULT.with_lenient(true).parse_str(json)?;
    /// assert_eq!(resource.embedded().value("tags"), Some(&serde_json::json!(["a", "b"])));
    /// assert_eq!(resource.embedded().value("owner"), None);
    /// assert!(resource.embedded().get_all("tags").is_empty());
    /// # Ok::<(), hal_core::ParseError>(())
    /// ```
    #[must_use]
    pub fn value(&self, rel: &str) -> Option<&serde_json::Value> {
        self.entries.kept_value(rel)
    }

    /// Whether `rel` is single or an array, or `None` when absent.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::Embedded;
    /// use hal_core::rel::Cardinality;
    ///
    /// assert_eq!(Embedded::new().with_many("x", []).cardinality("x"), Some(Cardinality::Many));
    /// ```
    #[must_use]
    pub fn cardinality(&self, rel: &str) -> Option<Cardinality> {
        self.entries.cardinality(rel)
    }

    /// Whether `rel` is present (an empty array counts).
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(!hal_core::Embedded::new().contains("x"));
    /// ```
    #[must_use]
    pub fn contains(&self, rel: &str) -> bool {
        self.cardinality(rel).is_some()
    }

    /// Removes `rel`, keeping the order of the others; returns its resources.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut embedded = hal_core::Embedded::new().with("x", hal_core::Resource::object());
    /// assert_eq!(embedded.remove("x").len(), 1);
    /// assert!(embedded.is_empty());
    /// ```
    pub fn remove(&mut self, rel: &str) -> Vec<Resource> {
        self.entries.remove(rel)
    }

    /// The relations and their resources, in order.
    ///
    /// # Examples
    ///
    /// ```
    /// let embedded = hal_core::Embedded::new().with_many("a", []);
    /// assert_eq!(embedded.iter().count(), 1);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&Rel, &[Resource])> {
        self.entries.iter()
    }

    /// How many relations there are.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::Embedded::new().len(), 0);
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is embedded.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(hal_core::Embedded::default().is_empty());
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl serde::Serialize for Embedded {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        self.entries.serialize_entries(&mut map, |_| true)?;
        map.end()
    }
}

impl<'de> serde::Deserialize<'de> for Embedded {
    /// Reads `_embedded` of a root resource, within [`Limits::DEFAULT`].
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        EmbeddedSeed {
            context: ParseContext::root(Limits::DEFAULT).child()?,
        }
        .deserialize(deserializer)
    }
}

impl Embedded {
    /// Reads the value of a resource's `_embedded` (its key has been read); `context` is the
    /// embedded resources' own.
    pub(crate) fn read<'de, A: MapAccess<'de>>(
        map: &mut A,
        context: ParseContext,
    ) -> Result<Embedded, A::Error> {
        map.next_value_seed(EmbeddedSeed { context })
    }
}

/// Reads a whole `_embedded` object, its resources at `context`.
struct EmbeddedSeed {
    context: ParseContext,
}

impl<'de> DeserializeSeed<'de> for EmbeddedSeed {
    type Value = Embedded;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Embedded, D::Error> {
        let mut reader = EmbeddedReader {
            entries: RelMap::default(),
            context: self.context,
        };
        Relations::new(Member::Embedded, &mut reader).deserialize(deserializer)?;
        Ok(Embedded {
            entries: reader.entries,
        })
    }
}

/// Keeps every relation of a parsed `_embedded`, in its form.
struct EmbeddedReader {
    entries: RelMap<Resource>,
    context: ParseContext,
}

impl<'de> RelationSlots<'de> for EmbeddedReader {
    fn read_relation<A: MapAccess<'de>>(&mut self, rel: &str, map: &mut A) -> Result<(), A::Error> {
        let rel = Rel::from(rel);
        if self.entries.contains(&rel) {
            return Err(Member::Embedded.duplicate(rel.as_str()));
        }
        let entry = if self.context.limits().is_lenient() {
            map.next_value_seed(LenientEntrySeed {
                context: self.context,
            })?
        } else {
            map.next_value_seed(EmbeddedEntrySeed::<Resource>::new(self.context))?
        };
        self.entries.insert_entry(rel, entry);
        Ok(())
    }
}

/// Reads an embedded relation leniently: resources as resources, anything else (strings,
/// numbers, an array with any item that is not an object) kept as the JSON value it is.
struct LenientEntrySeed {
    context: ParseContext,
}

impl<'de> DeserializeSeed<'de> for LenientEntrySeed {
    type Value = Entry<Resource>;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Entry<Resource>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

macro_rules! kept_scalars {
    ($($method:ident($ty:ty)),*) => {$(
        fn $method<E: de::Error>(self, value: $ty) -> Result<Entry<Resource>, E> {
            Ok(Entry::Value(serde_json::Value::from(value)))
        }
    )*};
}

impl<'de> Visitor<'de> for LenientEntrySeed {
    type Value = Entry<Resource>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an embedded value")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Entry<Resource>, A::Error> {
        Resource::deserialize_hal(de::value::MapAccessDeserializer::new(map), self.context)
            .map(Entry::One)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Entry<Resource>, A::Error> {
        // Each item read as an entry of its own: a resource, or a value (an inner array, whose
        // resources are values there, included).
        let mut items: Vec<Entry<Resource>> = Vec::new();
        while let Some(item) = seq.next_element_seed(LenientEntrySeed {
            context: self.context,
        })? {
            items.push(item);
        }
        if items.iter().all(|item| matches!(item, Entry::One(_))) {
            return Ok(Entry::Many(
                items.into_iter().flat_map(Entry::into_vec).collect(),
            ));
        }
        let values = items
            .into_iter()
            .map(|item| match item {
                Entry::One(resource) => serde_json::to_value(resource),
                Entry::Many(resources) => serde_json::to_value(resources),
                Entry::Value(value) => Ok(value),
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(de::Error::custom)?;
        Ok(Entry::Value(serde_json::Value::Array(values)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Entry<Resource>, E> {
        Ok(Entry::Value(serde_json::Value::Null))
    }

    kept_scalars!(
        visit_bool(bool),
        visit_i64(i64),
        visit_u64(u64),
        visit_f64(f64),
        visit_str(&str),
        visit_string(String)
    );
}
