//! Link relation types (RFC 8288 §2.1): registered names, extension URIs and CURIEs.

pub(crate) mod map;
mod registry;

pub use map::Cardinality;

use std::borrow::{Borrow, Cow};
use std::fmt;
use std::hash::{Hash, Hasher};

/// A link relation type, the key of `_links` and `_embedded`.
///
/// A name in the IANA registry compares case-insensitively (RFC 8288 §2.1.1), so
/// `Rel::new("Next") == Rel::NEXT`; every other relation compares exactly. The spelling it was made
/// with is kept and written back, so parsing is lossless.
///
/// Every registered name has an associated constant ([`Rel::SELF`], [`Rel::NEXT`], …), and
/// [`Rel::CURIES`] names HAL's reserved `curies` relation.
///
/// # Examples
///
/// ```
/// use hal_core::Rel;
/// use hal_core::rel::RelKind;
///
/// assert_eq!(Rel::new("NEXT"), Rel::NEXT);
/// assert_eq!(Rel::new("NEXT").as_str(), "NEXT");
/// assert_eq!(Rel::new("acme:widgets").kind(), RelKind::Extension);
/// assert_eq!(Rel::new("acme:widgets").curie_parts(), Some(("acme", "widgets")));
/// assert_ne!(Rel::new("Vehicle"), Rel::new("vehicle"));
/// ```
#[derive(Clone)]
pub struct Rel {
    name: Cow<'static, str>,
    /// Index into the registry table when the name is registered.
    registered: Option<u8>,
}

/// What kind of relation type a [`Rel`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RelKind {
    /// A name from the IANA Link Relation Types registry, such as `self` or `next`.
    Registered,
    /// HAL's reserved `curies` relation (draft-kelly-json-hal §8.3).
    Curies,
    /// An extension relation: an absolute URI (`https://rels.example.com/widgets`) or a CURIE
    /// (`acme:widgets`) that a curie of the resource expands to one.
    Extension,
    /// A plain token that is not registered, such as `vehicle`. Common in practice; RFC 8288
    /// asks for registered names or URIs instead.
    Unregistered,
}

impl Rel {
    /// HAL's reserved `curies` relation, which holds the resource's curie definitions and is not
    /// an ordinary link.
    pub const CURIES: Rel = Rel {
        name: Cow::Borrowed("curies"),
        registered: None,
    };

    const fn registered(index: u8) -> Self {
        Rel {
            name: Cow::Borrowed(registry::NAMES[index as usize]),
            registered: Some(index),
        }
    }

    /// A relation with the given name, kept exactly as spelled.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::Rel;
    ///
    /// let rel = Rel::new(String::from("wayPoints"));
    /// assert_eq!(rel.as_str(), "wayPoints");
    /// ```
    pub fn new(name: impl Into<Cow<'static, str>>) -> Self {
        let name = name.into();
        let registered = registry_index(&name);
        Self { name, registered }
    }

    /// The name as spelled.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::Rel::SELF.as_str(), "self");
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.name
    }

    /// What kind of relation this is.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::Rel;
    /// use hal_core::rel::RelKind;
    ///
    /// assert_eq!(Rel::SELF.kind(), RelKind::Registered);
    /// assert_eq!(Rel::CURIES.kind(), RelKind::Curies);
    /// assert_eq!(Rel::new("https://rels.example.com/x").kind(), RelKind::Extension);
    /// assert_eq!(Rel::new("vehicle").kind(), RelKind::Unregistered);
    /// ```
    #[must_use]
    pub fn kind(&self) -> RelKind {
        kind_of(&self.name, self.registered.is_some())
    }

    /// Whether the name is in the IANA registry.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(hal_core::Rel::new("Collection").is_registered());
    /// ```
    #[must_use]
    pub fn is_registered(&self) -> bool {
        self.registered.is_some()
    }

    /// Splits a compact relation `prefix:reference` into its parts, when it has that shape: a
    /// prefix of letters, digits, `_`, `-` and `.` that starts with a letter or `_`, and a
    /// reference that does not start with `//` (which would make the name an absolute URI such
    /// as `https://…`).
    ///
    /// Whether the prefix is a curie is decided by the resource's curies; see
    /// [`CurieScope`](crate::resource::CurieScope).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::Rel;
    ///
    /// assert_eq!(Rel::new("ea:find").curie_parts(), Some(("ea", "find")));
    /// assert_eq!(Rel::new("https://x.example/rel").curie_parts(), None);
    /// assert_eq!(Rel::new("next").curie_parts(), None);
    /// ```
    #[must_use]
    pub fn curie_parts(&self) -> Option<(&str, &str)> {
        curie_parts(&self.name)
    }
}

/// The kind of the relation `name`, whose registration is already known.
fn kind_of(name: &str, registered: bool) -> RelKind {
    if registered {
        RelKind::Registered
    } else if name == "curies" {
        RelKind::Curies
    } else if name.contains(':') {
        RelKind::Extension
    } else {
        RelKind::Unregistered
    }
}

/// The kind of the relation `name`, without building a [`Rel`].
pub(crate) fn kind_of_str(name: &str) -> RelKind {
    kind_of(name, registry_index(name).is_some())
}

pub(crate) fn curie_parts(name: &str) -> Option<(&str, &str)> {
    let (prefix, reference) = name.split_once(':')?;
    let mut chars = prefix.chars();
    let prefix_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    (prefix_ok && !reference.starts_with("//")).then_some((prefix, reference))
}

/// The registry index of `name`, compared case-insensitively.
pub(crate) fn registry_index(name: &str) -> Option<u8> {
    registry::NAMES
        .binary_search_by(|probe| {
            probe
                .bytes()
                .cmp(name.bytes().map(|b| b.to_ascii_lowercase()))
        })
        .ok()
        .and_then(|i| u8::try_from(i).ok())
}

/// A borrowed relation name with its registry index computed, for allocation-free look-ups.
#[derive(Clone, Copy)]
pub(crate) struct RelRef<'a> {
    name: &'a str,
    registered: Option<u8>,
}

impl<'a> RelRef<'a> {
    pub(crate) fn new(name: &'a str) -> Self {
        Self {
            name,
            registered: registry_index(name),
        }
    }
}

impl Hash for RelRef<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self.registered {
            Some(i) => i.hash(state),
            None => self.name.hash(state),
        }
    }
}

impl indexmap::Equivalent<Rel> for RelRef<'_> {
    fn equivalent(&self, key: &Rel) -> bool {
        match (self.registered, key.registered) {
            (Some(a), Some(b)) => a == b,
            (None, None) => self.name == key.name,
            _ => false,
        }
    }
}

impl PartialEq for Rel {
    fn eq(&self, other: &Self) -> bool {
        match (self.registered, other.registered) {
            (Some(a), Some(b)) => a == b,
            (None, None) => self.name == other.name,
            _ => false,
        }
    }
}

impl Eq for Rel {}

impl Hash for Rel {
    fn hash<H: Hasher>(&self, state: &mut H) {
        RelRef {
            name: &self.name,
            registered: self.registered,
        }
        .hash(state);
    }
}

impl PartialEq<str> for Rel {
    fn eq(&self, other: &str) -> bool {
        *self == RelRefAsRel(RelRef::new(other))
    }
}

impl PartialEq<&str> for Rel {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

/// Lets `Rel == str` reuse the `Rel` equality without allocating.
struct RelRefAsRel<'a>(RelRef<'a>);

impl PartialEq<RelRefAsRel<'_>> for Rel {
    fn eq(&self, other: &RelRefAsRel<'_>) -> bool {
        indexmap::Equivalent::equivalent(&other.0, self)
    }
}

impl fmt::Debug for Rel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Rel({:?})", self.name)
    }
}

impl fmt::Display for Rel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl AsRef<str> for Rel {
    fn as_ref(&self) -> &str {
        &self.name
    }
}

impl Borrow<str> for Rel {
    fn borrow(&self) -> &str {
        &self.name
    }
}

impl From<&str> for Rel {
    fn from(name: &str) -> Self {
        // A registered name spelled as registered needs no allocation.
        match registry_index(name) {
            Some(i) if registry::NAMES[usize::from(i)] == name => Rel::registered(i),
            _ if name == "curies" => Rel::CURIES,
            _ => Rel::new(name.to_owned()),
        }
    }
}

impl From<String> for Rel {
    fn from(name: String) -> Self {
        Rel::new(name)
    }
}

impl From<&Rel> for Rel {
    fn from(rel: &Rel) -> Self {
        rel.clone()
    }
}

impl std::str::FromStr for Rel {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Rel::from(s))
    }
}

impl serde::Serialize for Rel {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.name)
    }
}

impl<'de> serde::Deserialize<'de> for Rel {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = <Cow<'de, str>>::deserialize(deserializer)?;
        Ok(Rel::from(&*name))
    }
}

#[cfg(test)]
mod tests;
