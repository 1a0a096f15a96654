//! `Limits`: bounds on what a parsed document may contain, and the parse functions that apply
//! them.

use super::de::ParseContext;
use super::{FromHal, ParseError};

/// Bounds on what a parsed document may contain, and how strictly it is read.
///
/// The defaults suit a service that reads documents from strangers: 32 levels of `_embedded`,
/// 10 000 links in one relation and templated hrefs of 8 KiB. Deeper JSON is refused by `serde_json` itself (128 levels)
/// before it can exhaust the stack.
///
/// # Examples
///
/// ```
/// use hal_core::{Limits, Resource};
///
/// let limits = Limits::DEFAULT.with_max_depth(1);
/// let json = r#"{"_embedded":{"a":{"_embedded":{"b":{}}}}}"#;
/// let error = limits.parse_str::<Resource>(json).unwrap_err();
/// assert_eq!(error.path().to_string(), "$._embedded.a._embedded");
/// assert!(error.to_string().contains("deeper than 1 levels"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    max_depth: usize,
    max_links_per_relation: usize,
    max_template_length: usize,
    max_form_entries: usize,
    lenient: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl Limits {
    /// 32 levels of `_embedded`, 10 000 links in one relation, templates of 8 KiB, 10 000
    /// entries in each HAL-FORMS list.
    pub const DEFAULT: Limits = Limits {
        max_depth: 32,
        max_links_per_relation: 10_000,
        max_template_length: 8 * 1024,
        max_form_entries: 10_000,
        lenient: false,
    };

    /// The longest templated href that [`Link::template`](crate::Link::template) and
    /// [`Link::expand`](crate::Link::expand) parse.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::Limits::DEFAULT.with_max_template_length(64).max_template_length(), 64);
    /// ```
    #[must_use]
    pub const fn with_max_template_length(mut self, bytes: usize) -> Self {
        self.max_template_length = bytes;
        self
    }

    /// The template length limit.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::Limits::DEFAULT.max_template_length(), 8192);
    /// ```
    #[must_use]
    pub const fn max_template_length(&self) -> usize {
        self.max_template_length
    }

    /// How many levels of `_embedded` may nest (the root resource's embedded resources are
    /// level 1).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::Limits::DEFAULT.with_max_depth(4).max_depth(), 4);
    /// ```
    #[must_use]
    pub const fn with_max_depth(mut self, levels: usize) -> Self {
        self.max_depth = levels;
        self
    }

    /// The most links one relation may hold in `_links`.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Limits, Resource};
    ///
    /// let limits = Limits::DEFAULT.with_max_links_per_relation(1);
    /// let json = r#"{"_links":{"item":[{"href":"/1"},{"href":"/2"}]}}"#;
    /// assert!(limits.parse_str::<Resource>(json).is_err());
    /// ```
    #[must_use]
    pub const fn with_max_links_per_relation(mut self, links: usize) -> Self {
        self.max_links_per_relation = links;
        self
    }

    /// The nesting limit.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::Limits::DEFAULT.max_depth(), 32);
    /// ```
    #[must_use]
    pub const fn max_depth(&self) -> usize {
        self.max_depth
    }

    /// The per-relation link limit.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::Limits::DEFAULT.max_links_per_relation(), 10_000);
    /// ```
    #[must_use]
    pub const fn max_links_per_relation(&self) -> usize {
        self.max_links_per_relation
    }

    /// The most entries each HAL-FORMS list may hold: templates in `_templates`, properties in
    /// a template, inline options and selected values in a property's `options`.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Limits, Resource};
    ///
    /// let limits = Limits::DEFAULT.with_max_form_entries(1);
    /// let json = r#"{"_templates":{"default":{"method":"POST","properties":[{"name":"a"},{"name":"b"}]}}}"#;
    /// let error = limits.parse_str::<Resource>(json).unwrap_err();
    /// assert_eq!(error.path().to_string(), "$._templates.default.properties[1]");
    /// assert_eq!(limits.max_form_entries(), 1);
    /// ```
    #[must_use]
    pub const fn with_max_form_entries(mut self, entries: usize) -> Self {
        self.max_form_entries = entries;
        self
    }

    /// The HAL-FORMS list limit.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::Limits::DEFAULT.max_form_entries(), 10_000);
    /// ```
    #[must_use]
    pub const fn max_form_entries(&self) -> usize {
        self.max_form_entries
    }

    /// A lenient parse keeps `_embedded` members that are not Resource Objects (strings,
    /// numbers, arrays of them, as some servers write for plain values) as the JSON values
    /// they are, written back unchanged, instead of refusing the whole document. Strict is the
    /// default; [`validate`](crate::validate()) reports such members ([H-31](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-31)) either way. Read
    /// them with [`Embedded::value`](crate::Embedded::value).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Limits, Resource};
    ///
    /// let json = r#"{"_embedded":{"content":["first","second"]}}"#;
    /// assert!(hal_core::from_str::<Resource>(json).is_err(), "strict by default");
    /// let lenient: Resource = Limits::DEFAULT.with_lenient(true).parse_str(json)?;
    /// assert_eq!(lenient.embedded().value("content"), Some(&serde_json::json!(["first", "second"])));
    /// assert_eq!(serde_json::to_string(&lenient)?, json, "written back unchanged");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub const fn with_lenient(mut self, lenient: bool) -> Self {
        self.lenient = lenient;
        self
    }

    /// Whether the parse is lenient.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(!hal_core::Limits::DEFAULT.is_lenient());
    /// ```
    #[must_use]
    pub const fn is_lenient(&self) -> bool {
        self.lenient
    }

    /// Parses a document from text within these limits.
    ///
    /// # Errors
    ///
    /// [`ParseError`] naming the JSON path of the first problem.
    ///
    /// # Examples
    ///
    /// ```
    /// let resource: hal_core::Resource = hal_core::Limits::DEFAULT.parse_str("{}")?;
    /// # Ok::<(), hal_core::ParseError>(())
    /// ```
    pub fn parse_str<'de, R: FromHal<'de>>(&self, json: &'de str) -> Result<R, ParseError> {
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let document = self.parse_with(&mut deserializer)?;
        end(deserializer)?;
        Ok(document)
    }

    /// Parses a document from bytes within these limits.
    ///
    /// # Errors
    ///
    /// [`ParseError`] naming the JSON path of the first problem; invalid UTF-8 is a syntax error.
    ///
    /// # Examples
    ///
    /// ```
    /// let resource: hal_core::Resource = hal_core::Limits::DEFAULT.parse_slice(b"{}")?;
    /// # Ok::<(), hal_core::ParseError>(())
    /// ```
    pub fn parse_slice<'de, R: FromHal<'de>>(&self, json: &'de [u8]) -> Result<R, ParseError> {
        let mut deserializer = serde_json::Deserializer::from_slice(json);
        let document = self.parse_with(&mut deserializer)?;
        end(deserializer)?;
        Ok(document)
    }

    /// Reads a document from an already parsed JSON value within these limits.
    ///
    /// # Errors
    ///
    /// [`ParseError`] naming the JSON path of the first problem.
    ///
    /// # Examples
    ///
    /// ```
    /// let value = serde_json::json!({"_links": {"self": {"href": "/"}}});
    /// let resource: hal_core::Resource = hal_core::Limits::DEFAULT.parse_value(&value)?;
    /// assert!(resource.self_link().is_some());
    /// # Ok::<(), hal_core::ParseError>(())
    /// ```
    pub fn parse_value<'de, R: FromHal<'de>>(
        &self,
        value: &'de serde_json::Value,
    ) -> Result<R, ParseError> {
        self.parse_with(value)
    }

    fn parse_with<'de, R, D>(&self, deserializer: D) -> Result<R, ParseError>
    where
        R: FromHal<'de>,
        D: serde::Deserializer<'de, Error = serde_json::Error>,
    {
        let mut track = serde_path_to_error::Track::new();
        let tracked = serde_path_to_error::Deserializer::new(deserializer, &mut track);
        R::from_hal(tracked, ParseContext::root(*self))
            .map_err(|error| ParseError::new(track.path(), error))
    }

    /// Reads a whole document from bytes with `read`, errors naming their JSON path.
    pub(crate) fn parse_slice_by<'de, R>(
        &self,
        json: &'de [u8],
        read: impl for<'t> FnOnce(
            serde_path_to_error::Deserializer<
                't,
                't,
                &'t mut serde_json::Deserializer<serde_json::de::SliceRead<'de>>,
            >,
            ParseContext,
        ) -> Result<R, serde_json::Error>,
    ) -> Result<R, ParseError> {
        let mut deserializer = serde_json::Deserializer::from_slice(json);
        let mut track = serde_path_to_error::Track::new();
        let tracked = serde_path_to_error::Deserializer::new(&mut deserializer, &mut track);
        let document = read(tracked, ParseContext::root(*self))
            .map_err(|error| ParseError::new(track.path(), error))?;
        end(deserializer)?;
        Ok(document)
    }
}

/// Only white space may follow the document.
fn end<'de, R: serde_json::de::Read<'de>>(
    mut deserializer: serde_json::Deserializer<R>,
) -> Result<(), ParseError> {
    deserializer
        .end()
        .map_err(|error| ParseError::new(serde_path_to_error::Track::new().path(), error))
}
