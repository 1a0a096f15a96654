//! Links: a [`Link`] object (draft-kelly-json-hal §5), a resource's [`Links`] by relation, and
//! [`Curie`]s, the named templates that compact relation names.
//!
//! # Examples
//!
//! ```
//! use hal_core::link::{Curie, Link, Links};
//!
//! let links = Links::new()
//!     .with("self", Link::new("/trips/1"))
//!     .with_curie(Curie::new("cc", "https://docs.example.com/{rel}")?);
//! assert_eq!(links.get("self").map(Link::href), Some("/trips/1"));
//! assert_eq!(links.curies().len(), 1);
//! # Ok::<(), hal_core::link::CurieError>(())
//! ```

pub(crate) mod curie;
pub(crate) mod links;

pub use curie::{Curie, CurieError, StaticCurie};
pub use links::Links;

use std::fmt;

use indexmap::IndexMap;
use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde_json::Value;

use crate::template::{Context, ExpandError, TemplateError, UriTemplate};

/// The member names draft §5 defines.
pub(crate) const STANDARD_MEMBERS: [&str; 8] = [
    "href",
    "templated",
    "type",
    "deprecation",
    "name",
    "profile",
    "title",
    "hreflang",
];

/// A HAL Link Object: a target (`href`) and the draft's optional hints.
///
/// `href` is a string, not a parsed URL: HAL targets are usually relative references or URI
/// templates. A link is `templated` only when it was made from a [`UriTemplate`]
/// ([`Link::from_template`], [`Link::templated`]) or parsed with `"templated": true`, so an
/// API-built link cannot claim to be a template while its href is not one.
///
/// Members the draft does not define (`method`, `description`, …) are kept in order and written
/// back. So are draft members whose value has the wrong type (`"templated": 5`, `"type": null`,
/// [H-44](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-44), [H-53](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-53)): the typed accessor treats them as absent and [`Link::extension`] returns them as
/// they were.
///
/// # Examples
///
/// ```
/// use hal_core::Link;
///
/// let link = Link::new("/connectedcar/v2/vehicles/42").with_title("Vehicle 42");
/// assert_eq!(link.href(), "/connectedcar/v2/vehicles/42");
/// assert!(!link.is_templated());
/// assert_eq!(
///     serde_json::to_string(&link)?,
///     r#"{"href":"/connectedcar/v2/vehicles/42","title":"Vehicle 42"}"#
/// );
///
/// let search = Link::templated("/trips{?offset,limit}")?;
/// assert_eq!(serde_json::to_value(&search)?["templated"], true);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Link {
    href: String,
    templated: bool,
    media_type: Option<String>,
    deprecation: Option<String>,
    name: Option<String>,
    profile: Option<String>,
    title: Option<String>,
    hreflang: Option<String>,
    extensions: IndexMap<String, Value>,
}

/// Why a link's target could not be expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LinkExpandError {
    /// The link is templated but its href is not a valid URI template.
    Template(TemplateError),
    /// The values do not fit the template.
    Expand(ExpandError),
}

impl fmt::Display for LinkExpandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Template(e) => write!(f, "templated href is not a valid URI template: {e}"),
            Self::Expand(e) => write!(f, "cannot expand href: {e}"),
        }
    }
}

impl std::error::Error for LinkExpandError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Template(e) => Some(e),
            Self::Expand(e) => Some(e),
        }
    }
}

macro_rules! optional_member {
    ($(#[$doc:meta])* $field:ident, $getter:ident, $setter:ident, $json:literal, $example:literal) => {
        $(#[$doc])*
        ///
        /// # Examples
        ///
        /// ```
        /// use hal_core::Link;
        ///
        #[doc = concat!("let link = Link::new(\"/a\").", stringify!($setter), "(\"", $example, "\");")]
        #[doc = concat!("assert_eq!(link.", stringify!($getter), "(), Some(\"", $example, "\"));")]
        #[doc = concat!("assert_eq!(serde_json::to_value(&link)?[\"", $json, "\"], \"", $example, "\");")]
        /// # Ok::<(), serde_json::Error>(())
        /// ```
        #[must_use]
        pub fn $setter(mut self, value: impl Into<String>) -> Self {
            self.$field = Some(value.into());
            self.extensions.shift_remove($json);
            self
        }

        #[doc = concat!("The `", $json, "` member, when it is a string.")]
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("assert_eq!(hal_core::Link::new(\"/a\").", stringify!($getter), "(), None);")]
        /// ```
        #[must_use]
        pub fn $getter(&self) -> Option<&str> {
            self.$field.as_deref()
        }
    };
}

impl Link {
    /// A link to a URI reference; not templated.
    ///
    /// # Examples
    ///
    /// ```
    /// let link = hal_core::Link::new("/orders/123");
    /// assert_eq!(link.href(), "/orders/123");
    /// ```
    pub fn new(href: impl Into<String>) -> Self {
        Self {
            href: href.into(),
            ..Self::default()
        }
    }

    /// A templated link made from a parsed template; `templated` is `true`.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::Link;
    /// use hal_core::template::UriTemplate;
    ///
    /// let template = UriTemplate::parse("/orders{?id}")?;
    /// let link = Link::from_template(&template);
    /// assert!(link.is_templated());
    /// assert_eq!(link.href(), "/orders{?id}");
    /// # Ok::<(), hal_core::template::TemplateError>(())
    /// ```
    #[must_use]
    pub fn from_template(template: &UriTemplate) -> Self {
        Self {
            href: template.as_str().to_owned(),
            templated: true,
            ..Self::default()
        }
    }

    /// A templated link; the href is parsed as an RFC 6570 template first.
    ///
    /// # Errors
    ///
    /// [`TemplateError`] with the position of the mistake when `href` is not a valid template.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::Link;
    ///
    /// assert!(Link::templated("/orders{?id}")?.is_templated());
    /// assert_eq!(Link::templated("/orders{?id").unwrap_err().position(), 7);
    /// # Ok::<(), hal_core::template::TemplateError>(())
    /// ```
    pub fn templated(href: &str) -> Result<Self, TemplateError> {
        Ok(Self::from_template(&UriTemplate::parse(href)?))
    }

    /// The target: a URI reference, or a URI template when [`is_templated`](Self::is_templated).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::Link::new("/a").href(), "/a");
    /// ```
    #[must_use]
    pub fn href(&self) -> &str {
        &self.href
    }

    /// Whether `templated` is `true`. Absent, `false` or any other value means not templated
    /// ([H-44](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-44)).
    ///
    /// # Examples
    ///
    /// ```
    /// let link: hal_core::Link = serde_json::from_str(r#"{"href":"/a{b}","templated":"true"}"#)?;
    /// assert!(!link.is_templated());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn is_templated(&self) -> bool {
        self.templated
    }

    /// The href parsed as a template, or `None` when the link is not templated.
    ///
    /// # Errors
    ///
    /// [`TemplateError`] when the link claims to be templated but its href is not a valid
    /// template.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::Link;
    ///
    /// let template = Link::templated("/a{?b}")?.template()?.expect("templated");
    /// assert_eq!(template.variable_names().collect::<Vec<_>>(), ["b"]);
    /// assert!(Link::new("/a").template()?.is_none());
    /// # Ok::<(), hal_core::template::TemplateError>(())
    /// ```
    pub fn template(&self) -> Result<Option<UriTemplate>, TemplateError> {
        self.template_within(&crate::Limits::DEFAULT)
    }

    /// [`template`](Self::template) with another limit on the template's length.
    ///
    /// # Errors
    ///
    /// As [`template`](Self::template), and a `TooLong` error past the limit.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Limits, Link};
    ///
    /// let link = Link::templated("/search{?q}")?;
    /// assert!(link.template_within(&Limits::DEFAULT.with_max_template_length(4)).is_err());
    /// # Ok::<(), hal_core::template::TemplateError>(())
    /// ```
    pub fn template_within(
        &self,
        limits: &crate::Limits,
    ) -> Result<Option<UriTemplate>, TemplateError> {
        if self.templated {
            UriTemplate::parse_with_max_length(&self.href, limits.max_template_length()).map(Some)
        } else {
            Ok(None)
        }
    }

    /// The target with the template's variables expanded; the href itself when the link is not
    /// templated.
    ///
    /// # Errors
    ///
    /// [`LinkExpandError`] when a templated href is not a valid template or the values do not
    /// fit it.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::Link;
    /// use hal_core::template::Variables;
    ///
    /// let link = Link::templated("/trips{?offset,limit}")?;
    /// let vars = Variables::new().with("offset", 20u32).with("limit", 10u32);
    /// assert_eq!(link.expand(&vars)?, "/trips?offset=20&limit=10");
    /// assert_eq!(Link::new("/x{y}").expand(&vars)?, "/x{y}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn expand<C: Context + ?Sized>(&self, context: &C) -> Result<String, LinkExpandError> {
        match self.template().map_err(LinkExpandError::Template)? {
            Some(template) => template.expand(context).map_err(LinkExpandError::Expand),
            None => Ok(self.href.clone()),
        }
    }

    optional_member!(
        /// Sets `type`: a hint of the target's media type (§5.3).
        media_type, media_type, with_type, "type", "application/hal+json"
    );
    optional_member!(
        /// Sets `deprecation`: a URL that explains why the link will go away (§5.4). Clients
        /// should warn when they follow such a link ([H-47](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-47)).
        deprecation, deprecation, with_deprecation, "deprecation", "https://api.example.com/deprecated/v1"
    );
    optional_member!(
        /// Sets `name`: a secondary key among links of the same relation (§5.5, [H-48](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-48)).
        name, name, with_name, "name", "primary"
    );
    optional_member!(
        /// Sets `profile`: a URI hinting at the target's profile (§5.6, RFC 6906).
        profile, profile, with_profile, "profile", "https://api.example.com/profiles/vehicle"
    );
    optional_member!(
        /// Sets `title`: a human-readable label (§5.7).
        title, title, with_title, "title", "Trips of vehicle 42"
    );
    optional_member!(
        /// Sets `hreflang`: the target's language (§5.8).
        hreflang, hreflang, with_hreflang, "hreflang", "en-GB"
    );

    /// Adds a member the draft does not define, such as `method` or `description`.
    ///
    /// Names of the draft's own members (`href`, `templated`, `type`, …) are ignored here: set
    /// those with their own methods, so that they keep their meaning and `templated` keeps
    /// agreeing with the href.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::Link;
    ///
    /// let link = Link::new("/monitors").with_extension("method", "POST").with_extension("templated", true);
    /// assert_eq!(link.extension("method"), Some(&serde_json::json!("POST")));
    /// assert!(!link.is_templated());
    /// assert_eq!(link.extension("templated"), None);
    /// ```
    #[must_use]
    pub fn with_extension(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        let name = name.into();
        if !STANDARD_MEMBERS.contains(&name.as_str()) {
            self.extensions.insert(name, value.into());
        }
        self
    }

    /// A member kept as it was: one the draft does not define, or a draft member whose value had
    /// the wrong type.
    ///
    /// # Examples
    ///
    /// ```
    /// let link: hal_core::Link = serde_json::from_str(r#"{"href":"/a","type":null,"x":1}"#)?;
    /// assert_eq!(link.media_type(), None);
    /// assert_eq!(link.extension("type"), Some(&serde_json::Value::Null));
    /// assert_eq!(link.extension("x"), Some(&serde_json::json!(1)));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn extension(&self, name: &str) -> Option<&Value> {
        self.extensions.get(name)
    }

    /// Every member kept as it was, in document order.
    ///
    /// # Examples
    ///
    /// ```
    /// let link = hal_core::Link::new("/a").with_extension("method", "GET");
    /// assert_eq!(link.extensions().count(), 1);
    /// ```
    pub fn extensions(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.extensions.iter().map(|(k, v)| (k.as_str(), v))
    }
}

impl From<&str> for Link {
    fn from(href: &str) -> Self {
        Link::new(href)
    }
}

impl From<String> for Link {
    fn from(href: String) -> Self {
        Link::new(href)
    }
}

impl From<&UriTemplate> for Link {
    fn from(template: &UriTemplate) -> Self {
        Link::from_template(template)
    }
}

impl serde::Serialize for Link {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let typed = [
            ("type", &self.media_type),
            ("deprecation", &self.deprecation),
            ("name", &self.name),
            ("profile", &self.profile),
            ("title", &self.title),
            ("hreflang", &self.hreflang),
        ];
        let len = 1
            + usize::from(self.templated)
            + typed.iter().filter(|(_, v)| v.is_some()).count()
            + self.extensions.len();
        let mut map = serializer.serialize_map(Some(len))?;
        map.serialize_entry("href", &self.href)?;
        if self.templated {
            map.serialize_entry("templated", &true)?;
        }
        for (name, value) in typed {
            if let Some(value) = value {
                map.serialize_entry(name, value)?;
            }
        }
        for (name, value) in &self.extensions {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl<'de> serde::Deserialize<'de> for Link {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(LinkVisitor)
    }
}

struct LinkVisitor;

impl<'de> Visitor<'de> for LinkVisitor {
    type Value = Link;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Link Object (a JSON object with an `href` string)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Link, A::Error> {
        let mut link = Link::default();
        let mut href = None;
        let mut templated_seen = false;
        while let Some(key) = map.next_key::<crate::read::de::Key<'de>>()? {
            let key = key.as_str();
            let duplicate = match key {
                "href" => href.is_some(),
                "templated" => templated_seen,
                _ => {
                    link.extensions.contains_key(key)
                        || typed_slot(&mut link, key).is_some_and(|s| s.is_some())
                }
            };
            if duplicate {
                return Err(de::Error::custom(format_args!(
                    "duplicate member `{key}` in link"
                )));
            }
            match key {
                "href" => href = Some(map.next_value::<String>()?),
                "templated" => {
                    templated_seen = true;
                    match map.next_value::<Value>()? {
                        Value::Bool(true) => link.templated = true,
                        // H-44: anything else means "not templated"; keep it as it was.
                        other => {
                            link.extensions.insert(key.to_owned(), other);
                        }
                    }
                }
                _ => {
                    let value = map.next_value::<Value>()?;
                    match (typed_slot(&mut link, key), value) {
                        (Some(slot), Value::String(s)) => *slot = Some(s),
                        // H-53: a draft member with a non-string value is kept as data.
                        (_, value) => {
                            link.extensions.insert(key.to_owned(), value);
                        }
                    }
                }
            }
        }
        link.href = href.ok_or_else(|| de::Error::missing_field("href"))?;
        Ok(link)
    }
}

fn typed_slot<'a>(link: &'a mut Link, key: &str) -> Option<&'a mut Option<String>> {
    Some(match key {
        "type" => &mut link.media_type,
        "deprecation" => &mut link.deprecation,
        "name" => &mut link.name,
        "profile" => &mut link.profile,
        "title" => &mut link.title,
        "hreflang" => &mut link.hreflang,
        _ => return None,
    })
}

pub(crate) fn visit_link<'de, A: MapAccess<'de>>(map: A) -> Result<Link, A::Error> {
    LinkVisitor.visit_map(map)
}
