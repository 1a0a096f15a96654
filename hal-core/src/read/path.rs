//! JSON paths that name where a finding or an error is, such as `$._embedded.orders[1]._links.self`.

use std::fmt;

/// One step of a [`JsonPath`]: an object member or an array index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathSegment {
    /// An object member.
    Key(String),
    /// An array element.
    Index(usize),
}

/// A location in a JSON document, written as an RFC 9535 normalized path with the member-name
/// shorthand where the name allows it: `$._links.self`, `$._embedded.orders[1]`,
/// `$._links['ea:admin'][2]`.
///
/// # Examples
///
/// ```
/// use hal_core::read::JsonPath;
///
/// let path = JsonPath::root().key("_embedded").key("orders").index(1).key("_links").key("self");
/// assert_eq!(path.to_string(), "$._embedded.orders[1]._links.self");
/// assert_eq!(JsonPath::root().key("_links").key("ea:find").to_string(), "$._links['ea:find']");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct JsonPath {
    segments: Vec<PathSegment>,
}

impl JsonPath {
    /// The document root, `$`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::read::JsonPath::root().to_string(), "$");
    /// ```
    #[must_use]
    pub fn root() -> Self {
        Self::default()
    }

    /// This path followed by an object member.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::read::JsonPath::root().key("total").to_string(), "$.total");
    /// ```
    #[must_use]
    pub fn key(&self, name: impl Into<String>) -> Self {
        let mut path = self.clone();
        path.segments.push(PathSegment::Key(name.into()));
        path
    }

    /// This path followed by an array index.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::read::JsonPath::root().key("items").index(0).to_string(), "$.items[0]");
    /// ```
    #[must_use]
    pub fn index(&self, index: usize) -> Self {
        let mut path = self.clone();
        path.segments.push(PathSegment::Index(index));
        path
    }

    /// The steps from the root.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::read::{JsonPath, PathSegment};
    ///
    /// let path = JsonPath::root().key("a").index(2);
    /// assert_eq!(path.segments(), [PathSegment::Key("a".into()), PathSegment::Index(2)]);
    /// ```
    #[must_use]
    pub fn segments(&self) -> &[PathSegment] {
        &self.segments
    }

    /// Whether this is the root.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(hal_core::read::JsonPath::root().is_root());
    /// ```
    #[must_use]
    pub fn is_root(&self) -> bool {
        self.segments.is_empty()
    }
}

impl FromIterator<PathSegment> for JsonPath {
    fn from_iter<I: IntoIterator<Item = PathSegment>>(iter: I) -> Self {
        Self {
            segments: iter.into_iter().collect(),
        }
    }
}

/// RFC 9535 `member-name-shorthand`: `name-first *name-char`.
fn is_shorthand(name: &str) -> bool {
    let mut chars = name.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || !c.is_ascii());
    first_ok && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || !c.is_ascii())
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("$")?;
        for segment in &self.segments {
            match segment {
                PathSegment::Index(i) => write!(f, "[{i}]")?,
                PathSegment::Key(name) if is_shorthand(name) => write!(f, ".{name}")?,
                PathSegment::Key(name) => {
                    f.write_str("['")?;
                    for c in name.chars() {
                        match c {
                            '\'' => f.write_str("\\'")?,
                            '\\' => f.write_str("\\\\")?,
                            c if u32::from(c) < 0x20 => write!(f, "\\u{:04x}", u32::from(c))?,
                            c => write!(f, "{c}")?,
                        }
                    }
                    f.write_str("']")?;
                }
            }
        }
        Ok(())
    }
}
