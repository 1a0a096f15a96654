//! The `_links` member: relation → one Link Object or an array of them.

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;

use crate::curie::Curie;
use crate::link::Link;
use crate::parse::Limits;
use crate::rel::Rel;
use crate::relmap::{Entry, RelMap, visit_rel_map};

/// Whether a relation is written as a single Link Object or as an array (H-24).
///
/// The code decides, never the number of links: an array of one stays an array, an empty
/// array stays `[]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cardinality {
    /// A single object: `"self": {"href": "/a"}`.
    One,
    /// An array: `"item": [{"href": "/a"}]`.
    Many,
}

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
/// use hal_core::{Cardinality, Link, Links, Rel};
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
    /// use hal_core::{Cardinality, Links};
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
    /// use hal_core::{Cardinality, Link, Links};
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

    /// Declares a curie (H-63): it is written in the `curies` array and expands `name:reference`
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
    /// # Ok::<(), hal_core::CurieError>(())
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
    /// # Ok::<(), hal_core::CurieError>(())
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

    /// The link of `rel` whose `name` is `name` (H-48).
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
    /// use hal_core::{Cardinality, Links};
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

impl<'de> serde::Deserialize<'de> for Links {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        LinksSeed {
            limits: Limits::DEFAULT,
        }
        .deserialize(deserializer)
    }
}

pub(crate) struct LinksSeed {
    pub(crate) limits: Limits,
}

impl<'de> DeserializeSeed<'de> for LinksSeed {
    type Value = Links;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Links, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for LinksSeed {
    type Value = Links;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("`_links` as an object whose members are relation types (H-20)")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Links, A::Error> {
        let entries = visit_rel_map(map, "_links", |map| {
            map.next_value_seed(EntrySeed {
                limits: self.limits,
            })
        })?;
        Ok(Links { entries })
    }
}

struct EntrySeed {
    limits: Limits,
}

impl<'de> DeserializeSeed<'de> for EntrySeed {
    type Value = Entry<Link>;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Entry<Link>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for EntrySeed {
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

/// Reads one relation's value (a link or an array) as its form and its links.
pub(crate) struct EntryAsVec;

impl<'de> DeserializeSeed<'de> for EntryAsVec {
    type Value = (Cardinality, Vec<Link>);

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        let entry = EntrySeed {
            limits: Limits::DEFAULT,
        }
        .deserialize(deserializer)?;
        Ok(match entry {
            Entry::One(link) => (Cardinality::One, vec![link]),
            Entry::Many(links) => (Cardinality::Many, links),
        })
    }
}
