//! The `_embedded` member: relation → one resource or an array of resources.

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;

use crate::links::Cardinality;
use crate::parse::Limits;
use crate::rel::Rel;
use crate::relmap::{Entry, RelMap, visit_rel_map};
use crate::resource::{Resource, ResourceSeed, State};

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
    /// use hal_core::{Cardinality, Embedded, Resource};
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
    /// use hal_core::{Cardinality, Embedded};
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

    /// Whether `rel` is single or an array, or `None` when absent.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Cardinality, Embedded};
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
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        EmbeddedSeed {
            limits: Limits::DEFAULT,
            depth: 1,
        }
        .deserialize(deserializer)
    }
}

/// Reads `_embedded` of a resource at nesting `depth` (the root resource's children are 1).
pub(crate) struct EmbeddedSeed {
    pub(crate) limits: Limits,
    pub(crate) depth: usize,
}

impl EmbeddedSeed {
    fn child(&self) -> ResourceSeed<State> {
        ResourceSeed::new(self.limits, self.depth)
    }
}

impl<'de> DeserializeSeed<'de> for EmbeddedSeed {
    type Value = Embedded;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Embedded, D::Error> {
        if self.depth > self.limits.max_depth() {
            return Err(de::Error::custom(format_args!(
                "`_embedded` nests deeper than {} levels",
                self.limits.max_depth()
            )));
        }
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for EmbeddedSeed {
    type Value = Embedded;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("`_embedded` as an object whose members are relation types (H-30)")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Embedded, A::Error> {
        let entries = visit_rel_map(map, "_embedded", |map| {
            map.next_value_seed(EntrySeed { parent: &self })
        })?;
        Ok(Embedded { entries })
    }
}

struct EntrySeed<'a> {
    parent: &'a EmbeddedSeed,
}

impl<'de> DeserializeSeed<'de> for EntrySeed<'_> {
    type Value = Entry<Resource>;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Entry<Resource>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for EntrySeed<'_> {
    type Value = Entry<Resource>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Resource Object or an array of Resource Objects (H-31)")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Entry<Resource>, A::Error> {
        self.parent.child().visit_map(map).map(Entry::One)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Entry<Resource>, A::Error> {
        let mut resources = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(resource) = seq.next_element_seed(self.parent.child())? {
            resources.push(resource);
        }
        Ok(Entry::Many(resources))
    }
}
