//! The structure `_links` and `_embedded` share: relation → one value or an array of values,
//! in insertion order, with the form chosen by the code ([H-24](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-24), [H-34](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-34)).

use indexmap::IndexMap;
use serde::Serialize;
use serde::ser::SerializeMap;

use crate::rel::{Rel, RelRef};

/// Whether a relation is written as a single object or as an array ([H-24](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-24), [H-34](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-34)).
///
/// The code decides, never the number of values: an array of one stays an array, an empty
/// array stays `[]`.
///
/// # Examples
///
/// ```
/// use hal_core::Links;
/// use hal_core::rel::Cardinality;
///
/// let links: Links = serde_json::from_str(r#"{"item":[{"href":"/a"}],"self":{"href":"/"}}"#)?;
/// assert_eq!(links.cardinality("item"), Some(Cardinality::Many));
/// assert_eq!(links.cardinality("self"), Some(Cardinality::One));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cardinality {
    /// A single object: `"self": {"href": "/a"}`.
    One,
    /// An array: `"item": [{"href": "/a"}]`.
    Many,
}

// Single values are the common case; boxing them would cost an allocation each.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Entry<T> {
    One(T),
    Many(Vec<T>),
    /// A value that holds no `T`, kept as it stood: an `_embedded` member that is not Resource
    /// Objects, read by a lenient parse.
    Value(serde_json::Value),
}

impl<T> Entry<T> {
    fn as_slice(&self) -> &[T] {
        match self {
            Entry::One(value) => std::slice::from_ref(value),
            Entry::Many(values) => values,
            Entry::Value(_) => &[],
        }
    }

    fn cardinality(&self) -> Cardinality {
        match self {
            Entry::One(_) => Cardinality::One,
            Entry::Many(_) => Cardinality::Many,
            Entry::Value(value) if value.is_array() => Cardinality::Many,
            Entry::Value(_) => Cardinality::One,
        }
    }

    pub(crate) fn into_vec(self) -> Vec<T> {
        match self {
            Entry::One(value) => vec![value],
            Entry::Many(values) => values,
            Entry::Value(_) => Vec::new(),
        }
    }

    /// The form and the values, for readers that keep both apart.
    pub(crate) fn into_parts(self) -> (Cardinality, Vec<T>) {
        (self.cardinality(), self.into_vec())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RelMap<T> {
    entries: IndexMap<Rel, Entry<T>>,
}

impl<T> Default for RelMap<T> {
    fn default() -> Self {
        Self {
            entries: IndexMap::new(),
        }
    }
}

impl<T> RelMap<T> {
    pub(crate) fn insert_one(&mut self, rel: Rel, value: T) {
        self.entries.insert(rel, Entry::One(value));
    }

    pub(crate) fn insert_many(&mut self, rel: Rel, values: impl IntoIterator<Item = T>) {
        self.entries
            .insert(rel, Entry::Many(values.into_iter().collect()));
    }

    /// Appends to `rel`'s array; a single value becomes the first of an array.
    pub(crate) fn push(&mut self, rel: Rel, value: T) {
        let entry = self
            .entries
            .entry(rel)
            .or_insert_with(|| Entry::Many(Vec::new()));
        let values = match std::mem::replace(entry, Entry::Many(Vec::new())) {
            Entry::One(first) => vec![first, value],
            Entry::Many(mut values) => {
                values.push(value);
                values
            }
            // A kept value is replaced by what the code adds.
            Entry::Value(_) => vec![value],
        };
        *entry = Entry::Many(values);
    }

    pub(crate) fn get_all(&self, rel: &str) -> &[T] {
        self.entries
            .get(&RelRef::new(rel))
            .map_or(&[], Entry::as_slice)
    }

    pub(crate) fn cardinality(&self, rel: &str) -> Option<Cardinality> {
        self.entries.get(&RelRef::new(rel)).map(Entry::cardinality)
    }

    pub(crate) fn contains(&self, rel: &Rel) -> bool {
        self.entries.contains_key(rel)
    }

    /// The value `rel` holds when it holds no `T` (a lenient parse kept it as it stood).
    pub(crate) fn kept_value(&self, rel: &str) -> Option<&serde_json::Value> {
        match self.entries.get(&RelRef::new(rel)) {
            Some(Entry::Value(value)) => Some(value),
            _ => None,
        }
    }

    /// Sets `rel` to a parsed entry, in the form it had.
    pub(crate) fn insert_entry(&mut self, rel: Rel, entry: Entry<T>) {
        self.entries.insert(rel, entry);
    }

    pub(crate) fn remove(&mut self, rel: &str) -> Vec<T> {
        self.entries
            .shift_remove(&RelRef::new(rel))
            .map_or_else(Vec::new, Entry::into_vec)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&Rel, &[T])> {
        self.entries.iter().map(|(rel, e)| (rel, e.as_slice()))
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub(crate) fn merge(&mut self, other: RelMap<T>) {
        self.entries.extend(other.entries);
    }
}

impl<T: Serialize> RelMap<T> {
    /// Writes the entries for which `keep` holds, in order.
    pub(crate) fn serialize_entries<M: SerializeMap>(
        &self,
        map: &mut M,
        keep: impl Fn(&Rel) -> bool,
    ) -> Result<(), M::Error> {
        for (rel, entry) in self.entries.iter().filter(|(rel, _)| keep(rel)) {
            match entry {
                Entry::One(value) => map.serialize_entry(rel, value)?,
                Entry::Many(values) => map.serialize_entry(rel, values)?,
                Entry::Value(value) => map.serialize_entry(rel, value)?,
            }
        }
        Ok(())
    }

    pub(crate) fn serialize_rel<M: SerializeMap>(
        &self,
        map: &mut M,
        rel: &Rel,
    ) -> Result<(), M::Error> {
        self.serialize_entries(map, |r| r == rel)
    }
}
