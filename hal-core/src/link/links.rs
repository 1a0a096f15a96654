//! The `_links` member: relation → one Link Object or an array of them.

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;

use crate::link::Link;
use crate::link::curie::Curie;
use crate::read::Limits;
use crate::read::de::{Member, RelationSlots, Relations};
use crate::rel::Rel;
use crate::rel::map::{Cardinality, Entry, RelMap};

/// A resource's links, in insertion order.
///
/// Each relation holds one link or an array of links, as the code declared it
/// ([`insert`](Self::insert) or [`insert_many`](Self::insert_many)); a parsed document keeps the
/// form it had. Look-ups take relation names as `&str` and compare registered names
/// case-insensitively. The reserved `curies` relation is kept apart from ordinary links: see
/// [`curies`](Self::curies).
///
/// # Examples
///
/// ```
/// use hal_core::{Link, Links, Rel};
/// use hal_core::rel::Cardinality;
///
/// let links = Links::new()
///     .with(Rel::SELF, Link::new("/fleets/7"))
///     .with_many("vehicles", [Link::new("/vehicles/1").with_name("car-1")]);
///
/// assert_eq!(links.get("self").map(Link::href), Some("/fleets/7"));
/// assert_eq!(links.cardinality("vehicles"), Some(Cardinality::Many));
/// assert_eq!(links.get_named("vehicles", "car-1").map(Link::href), Some("/vehicles/1"));
/// assert_eq!(
///     serde_json::to_string(&links)?,
///     r#"{"self":{"href":"/fleets/7"},"vehicles":[{"href":"/vehicles/1","name":"car-1"}]}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Links {
    entries: RelMap<Link>,
}

impl Links {
    /// No links.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(hal_core::Links::new().is_empty());
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `rel` to a single link, replacing what it held.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Link, Links, Rel};
    ///
    /// let mut links = Links::new();
    /// links.insert(Rel::NEXT, Link::new("/trips?offset=10"));
    /// assert_eq!(links.get("next").unwrap().href(), "/trips?offset=10");
    /// ```
    pub fn insert(&mut self, rel: impl Into<Rel>, link: Link) {
        self.entries.insert_one(rel.into(), link);
    }

    /// Sets `rel` to an array of links (possibly empty), replacing what it held.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::Links;
    /// use hal_core::rel::Cardinality;
    ///
    /// let mut links = Links::new();
    /// links.insert_many("alerts", []);
    /// assert_eq!(links.cardinality("alerts"), Some(Cardinality::Many));
    /// assert_eq!(serde_json::to_string(&links)?, r#"{"alerts":[]}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn insert_many(&mut self, rel: impl Into<Rel>, links: impl IntoIterator<Item = Link>) {
        self.entries.insert_many(rel.into(), links);
    }

    /// Appends a link to `rel`'s array. A relation that held a single link becomes an array of
    /// two; one that held nothing becomes an array of one.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Link, Links};
    /// use hal_core::rel::Cardinality;
    ///
    /// let mut links = Links::new();
    /// links.push("item", Link::new("/a"));
    /// links.push("item", Link::new("/b"));
    /// assert_eq!(links.get_all("item").len(), 2);
    /// assert_eq!(links.cardinality("item"), Some(Cardinality::Many));
    /// ```
    pub fn push(&mut self, rel: impl Into<Rel>, link: Link) {
        self.entries.push(rel.into(), link);
    }

    /// [`insert`](Self::insert) for building by value.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Link, Links, Rel};
    ///
    /// let links = Links::new().with(Rel::SELF, Link::new("/"));
    /// assert_eq!(links.len(), 1);
    /// ```
    #[must_use]
    pub fn with(mut self, rel: impl Into<Rel>, link: Link) -> Self {
        self.insert(rel, link);
        self
    }

    /// [`insert_many`](Self::insert_many) for building by value.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Link, Links};
    ///
    /// let links = Links::new().with_many("item", [Link::new("/1"), Link::new("/2")]);
    /// assert_eq!(links.get_all("item").len(), 2);
    /// ```
    #[must_use]
    pub fn with_many(mut self, rel: impl Into<Rel>, links: impl IntoIterator<Item = Link>) -> Self {
        self.insert_many(rel, links);
        self
    }

    /// Declares a curie ([H-63](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-63)): it is written in the `curies` array and expands `name:reference`
    /// relations of this resource and of the resources embedded in it.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Curie, Link, Links};
    ///
    /// let links = Links::new()
    ///     .with_curie(Curie::new("cc", "https://docs.example.com/rels/{rel}")?)
    ///     .with("cc:trips", Link::new("/trips"));
    /// assert_eq!(links.curies().len(), 1);
    /// assert_eq!(links.len(), 1, "curies are not an ordinary relation");
    /// # Ok::<(), hal_core::link::CurieError>(())
    /// ```
    #[must_use]
    pub fn with_curie(mut self, curie: Curie) -> Self {
        self.add_curie(curie);
        self
    }

    /// Declares a curie in place; a curie of the same name is replaced.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Curie, Links};
    ///
    /// let mut links = Links::new();
    /// links.add_curie(Curie::new("a", "/docs/{rel}")?);
    /// links.add_curie(Curie::new("a", "/v2/docs/{rel}")?);
    /// assert_eq!(links.curies()[0].href(), "/v2/docs/{rel}");
    /// # Ok::<(), hal_core::link::CurieError>(())
    /// ```
    pub fn add_curie(&mut self, curie: Curie) {
        let link = curie.into_link();
        // `curies` is always an array (H-63); a curie of the same name is replaced in place.
        let mut curies = self.entries.remove("curies");
        match curies.iter_mut().find(|c| c.name() == link.name()) {
            Some(slot) => *slot = link,
            None => curies.push(link),
        }
        self.entries.insert_many(Rel::CURIES, curies);
    }

    /// The curie definitions (the `curies` relation) as Link Objects.
    ///
    /// # Examples
    ///
    /// ```
    /// let links: hal_core::Links = serde_json::from_str(
    ///     r#"{"curies":[{"name":"ea","href":"/rels/{rel}","templated":true}]}"#,
    /// )?;
    /// assert_eq!(links.curies()[0].name(), Some("ea"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn curies(&self) -> &[Link] {
        self.entries.get_all("curies")
    }

    /// The first link of `rel` (the only one for a single-link relation).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Link, Links};
    ///
    /// let links = Links::new().with("self", Link::new("/a"));
    /// assert_eq!(links.get("SELF").map(Link::href), Some("/a"));
    /// assert!(links.get("next").is_none());
    /// ```
    #[must_use]
    pub fn get(&self, rel: &str) -> Option<&Link> {
        self.get_all(rel).first()
    }

    /// Every link of `rel`, empty when there is none.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Link, Links};
    ///
    /// let links = Links::new().with("self", Link::new("/a"));
    /// assert_eq!(links.get_all("self").len(), 1);
    /// assert!(links.get_all("item").is_empty());
    /// ```
    #[must_use]
    pub fn get_all(&self, rel: &str) -> &[Link] {
        if rel == "curies" {
            return &[];
        }
        self.entries.get_all(rel)
    }

    /// The link of `rel` whose `name` is `name` ([H-48](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-48)).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Link, Links};
    ///
    /// let links = Links::new().with_many("admin", [
    ///     Link::new("/admins/2").with_name("fred"),
    ///     Link::new("/admins/5").with_name("kate"),
    /// ]);
    /// assert_eq!(links.get_named("admin", "kate").map(Link::href), Some("/admins/5"));
    /// ```
    #[must_use]
    pub fn get_named(&self, rel: &str, name: &str) -> Option<&Link> {
        self.get_all(rel).iter().find(|l| l.name() == Some(name))
    }

    /// Whether `rel` is single or an array, or `None` when it is absent.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::Links;
    /// use hal_core::rel::Cardinality;
    ///
    /// let links: Links = serde_json::from_str(r#"{"item":[{"href":"/a"}]}"#)?;
    /// assert_eq!(links.cardinality("item"), Some(Cardinality::Many));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn cardinality(&self, rel: &str) -> Option<Cardinality> {
        if rel == "curies" {
            return None;
        }
        self.entries.cardinality(rel)
    }

    /// Whether `rel` is present (an empty array counts).
    ///
    /// # Examples
    ///
    /// ```
    /// let links = hal_core::Links::new().with_many("item", []);
    /// assert!(links.contains("item"));
    /// ```
    #[must_use]
    pub fn contains(&self, rel: &str) -> bool {
        self.cardinality(rel).is_some()
    }

    /// Removes `rel`, keeping the order of the others; returns its links.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Link, Links};
    ///
    /// let mut links = Links::new().with("a", Link::new("/a")).with("b", Link::new("/b"));
    /// assert_eq!(links.remove("a").len(), 1);
    /// assert_eq!(links.iter().map(|(rel, _)| rel.as_str()).collect::<Vec<_>>(), ["b"]);
    /// ```
    pub fn remove(&mut self, rel: &str) -> Vec<Link> {
        self.entries.remove(rel)
    }

    /// The relations (without `curies`) and their links, in order.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Link, Links};
    ///
    /// let links = Links::new().with("self", Link::new("/")).with_many("item", []);
    /// let rels: Vec<_> = links.iter().map(|(rel, links)| (rel.as_str(), links.len())).collect();
    /// assert_eq!(rels, [("self", 1), ("item", 0)]);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&Rel, &[Link])> {
        self.entries.iter().filter(|(rel, _)| **rel != Rel::CURIES)
    }

    /// How many relations there are, `curies` not counted.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::Links::new().len(), 0);
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len() - usize::from(self.entries.contains(&Rel::CURIES))
    }

    /// Whether there is no relation at all, `curies` included.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(hal_core::Links::default().is_empty());
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Moves every relation of `other` into `self`; a relation present in both takes `other`'s
    /// links and form.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Link, Links};
    ///
    /// let mut links = Links::new().with("self", Link::new("/trips"));
    /// links.merge(Links::new().with("next", Link::new("/trips?offset=10")));
    /// assert_eq!(links.len(), 2);
    /// ```
    pub fn merge(&mut self, other: Links) {
        self.entries.merge(other.entries);
    }
}

impl Extend<(Rel, Link)> for Links {
    /// Appends each link to its relation's array, as [`push`](Links::push) does.
    fn extend<I: IntoIterator<Item = (Rel, Link)>>(&mut self, iter: I) {
        for (rel, link) in iter {
            self.push(rel, link);
        }
    }
}

impl serde::Serialize for Links {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        // `curies` first, where a reader looks for it before the compact relations it explains.
        self.entries.serialize_rel(&mut map, &Rel::CURIES)?;
        self.entries
            .serialize_entries(&mut map, |rel| *rel != Rel::CURIES)?;
        map.end()
    }
}

impl Links {
    /// Writes every relation but `declared` into an open `_links` map, in its form: what a
    /// `#[hal(links)]` field adds to the links a derived type declares itself.
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

    /// Reads the value of a resource's `_links` (its key has been read) within `limits`.
    pub(crate) fn read<'de, A: MapAccess<'de>>(
        map: &mut A,
        limits: Limits,
    ) -> Result<Links, A::Error> {
        let mut reader = LinksReader {
            entries: RelMap::default(),
            limits,
        };
        map.next_value_seed(Relations::new(Member::Links, &mut reader))?;
        Ok(Links {
            entries: reader.entries,
        })
    }

    /// Adds a parsed relation, in its parsed form, unless it is already present.
    ///
    /// # Errors
    ///
    /// The duplicate-relation error, when `rel` is present.
    pub(crate) fn insert_parsed<E: de::Error>(
        &mut self,
        rel: &str,
        cardinality: Cardinality,
        mut links: Vec<Link>,
    ) -> Result<(), E> {
        let rel = Rel::from(rel);
        if self.entries.contains(&rel) {
            return Err(Member::Links.duplicate(rel.as_str()));
        }
        let entry = match (cardinality, links.len()) {
            (Cardinality::One, 1) => Entry::One(links.remove(0)),
            _ => Entry::Many(links),
        };
        self.entries.insert_entry(rel, entry);
        Ok(())
    }
}

impl<'de> serde::Deserialize<'de> for Links {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        LinksSeed {
            limits: Limits::DEFAULT,
        }
        .deserialize(deserializer)
    }
}

/// Reads a whole `_links` object within `limits`.
struct LinksSeed {
    limits: Limits,
}

impl<'de> DeserializeSeed<'de> for LinksSeed {
    type Value = Links;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Links, D::Error> {
        let mut reader = LinksReader {
            entries: RelMap::default(),
            limits: self.limits,
        };
        Relations::new(Member::Links, &mut reader).deserialize(deserializer)?;
        Ok(Links {
            entries: reader.entries,
        })
    }
}

/// Keeps every relation of a parsed `_links`, in its form.
struct LinksReader {
    entries: RelMap<Link>,
    limits: Limits,
}

impl<'de> RelationSlots<'de> for LinksReader {
    fn read_relation<A: MapAccess<'de>>(&mut self, rel: &str, map: &mut A) -> Result<(), A::Error> {
        let rel = Rel::from(rel);
        if self.entries.contains(&rel) {
            return Err(Member::Links.duplicate(rel.as_str()));
        }
        let entry = map.next_value_seed(LinkEntrySeed::new(self.limits))?;
        self.entries.insert_entry(rel, entry);
        Ok(())
    }
}

/// Reads one relation's value in `_links`: a Link Object, or an array of at most
/// [`Limits::max_links_per_relation`] of them. Both parse paths read links through it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LinkEntrySeed {
    limits: Limits,
}

impl LinkEntrySeed {
    pub(crate) fn new(limits: Limits) -> Self {
        Self { limits }
    }
}

impl<'de> DeserializeSeed<'de> for LinkEntrySeed {
    type Value = Entry<Link>;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Entry<Link>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for LinkEntrySeed {
    type Value = Entry<Link>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Link Object or an array of Link Objects (H-22)")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Entry<Link>, A::Error> {
        crate::link::visit_link(map).map(Entry::One)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Entry<Link>, A::Error> {
        let mut links = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(16));
        while let Some(link) = seq.next_element::<Link>()? {
            if links.len() == self.limits.max_links_per_relation() {
                return Err(de::Error::custom(format_args!(
                    "more than {} links in one relation",
                    self.limits.max_links_per_relation()
                )));
            }
            links.push(link);
        }
        Ok(Entry::Many(links))
    }
}
