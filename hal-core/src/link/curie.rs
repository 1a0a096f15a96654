//! Curie definitions (draft-kelly-json-hal §8.3): a name and a template that expands compact
//! relation names `prefix:reference` to documentation URIs. Their scope is in `scope.rs`.

use std::fmt;

use crate::link::Link;
use crate::template::{TemplateError, UriTemplate, Variables};

/// A curie definition: a name and a URI template with the variable `rel` ([H-63](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-63)).
///
/// # Examples
///
/// ```
/// use hal_core::Curie;
///
/// let curie = Curie::new("cc", "https://docs.example.com/rels/{rel}")?;
/// assert_eq!(curie.expand("trips"), "https://docs.example.com/rels/trips");
/// assert!(Curie::new("cc", "https://docs.example.com/rels").is_err());
/// # Ok::<(), hal_core::link::CurieError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Curie {
    name: String,
    template: UriTemplate,
}

/// Why a curie definition was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CurieError {
    /// The name is not a CURIE prefix (letters, digits, `_`, `-`, `.`, starting with a letter
    /// or `_`).
    InvalidName(String),
    /// The href is not a valid URI template.
    InvalidTemplate(TemplateError),
    /// The template does not use the variable `rel`.
    MissingRel(String),
}

impl fmt::Display for CurieError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidName(name) => write!(f, "`{name}` is not a valid curie name"),
            Self::InvalidTemplate(e) => write!(f, "curie href is not a valid URI template: {e}"),
            Self::MissingRel(href) => write!(f, "curie href `{href}` has no `{{rel}}` variable"),
        }
    }
}

impl std::error::Error for CurieError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::InvalidTemplate(e) => Some(e),
            _ => None,
        }
    }
}

impl Curie {
    /// A curie named `name` whose documentation URIs come from `href`.
    ///
    /// # Errors
    ///
    /// [`CurieError`] when the name is not a prefix, or `href` is not a template with `{rel}`.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::Curie;
    /// use hal_core::link::CurieError;
    ///
    /// assert!(matches!(Curie::new("1x", "/{rel}"), Err(CurieError::InvalidName(_))));
    /// assert!(matches!(Curie::new("x", "/{rel"), Err(CurieError::InvalidTemplate(_))));
    /// ```
    pub fn new(name: impl Into<String>, href: &str) -> Result<Self, CurieError> {
        let name = name.into();
        if crate::rel::curie_parts(&format!("{name}:x")).is_none_or(|(prefix, _)| prefix != name) {
            return Err(CurieError::InvalidName(name));
        }
        let template = UriTemplate::parse(href).map_err(CurieError::InvalidTemplate)?;
        if !template.variable_names().any(|v| v == "rel") {
            return Err(CurieError::MissingRel(href.to_owned()));
        }
        Ok(Self { name, template })
    }

    /// The prefix.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::Curie::new("ea", "/{rel}")?.name(), "ea");
    /// # Ok::<(), hal_core::link::CurieError>(())
    /// ```
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The template.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::Curie::new("ea", "/{rel}")?.template().as_str(), "/{rel}");
    /// # Ok::<(), hal_core::link::CurieError>(())
    /// ```
    #[must_use]
    pub fn template(&self) -> &UriTemplate {
        &self.template
    }

    /// The documentation URI of `reference` (RFC 6570 expansion with `rel = reference`).
    ///
    /// # Examples
    ///
    /// ```
    /// let curie = hal_core::Curie::new("ea", "http://example.com/docs/rels/{rel}")?;
    /// assert_eq!(curie.expand("find"), "http://example.com/docs/rels/find");
    /// # Ok::<(), hal_core::link::CurieError>(())
    /// ```
    #[must_use]
    pub fn expand(&self, reference: &str) -> String {
        expand_rel(&self.template, reference).unwrap_or_default()
    }

    pub(crate) fn into_link(self) -> Link {
        Link::from_template(&self.template).with_name(self.name)
    }
}

/// `rel` is a string, never a list or map, so expansion cannot fail.
pub(crate) fn expand_rel(template: &UriTemplate, reference: &str) -> Option<String> {
    template
        .expand(&Variables::new().with("rel", reference))
        .ok()
}

/// A curie known at compile time, so that one declaration serves every resource of a service:
/// `#[hal(curies = CURIES)]` on each derived resource, with
/// `const CURIES: &[StaticCurie] = &[StaticCurie::new("bk", "https://…/rels/{rel}")];` declared
/// once. The derive checks the list at compile time as it checks `#[hal(curie(…))]`: valid
/// names, declared once, each href a template with `{rel}`
/// ([H-63](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-63)).
///
/// Written as a curie link (`{"href": …, "templated": true, "name": …}`); an embedded resource
/// does not repeat a curie its document declares with the same template.
///
/// # Examples
///
/// ```
/// use hal_core::{Hal, HalResource, StaticCurie};
///
/// /// The bookshop's relations are documented under one curie.
/// const CURIES: &[StaticCurie] = &[StaticCurie::new("bk", "https://bookshop.example/rels/{rel}")];
///
/// #[derive(serde::Serialize, HalResource)]
/// #[hal(self_link = "/books/{id}", curies = CURIES)]
/// #[hal(link(rel = "bk:author", href = "/authors/{author_id}"))]
/// struct Book { id: u32, author_id: u32 }
///
/// let json = serde_json::to_value(Hal(&Book { id: 1, author_id: 7 }))?;
/// assert_eq!(json["_links"]["curies"][0]["name"], "bk");
/// assert_eq!(json["_links"]["bk:author"]["href"], "/authors/7");
/// assert_eq!(CURIES[0].name(), "bk");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaticCurie {
    name: &'static str,
    href: &'static str,
}

impl StaticCurie {
    /// The curie `name` with the documentation template `href`. Nothing is checked here (a
    /// `const fn` cannot report an error); the derive checks the curies it is given.
    ///
    /// # Examples
    ///
    /// ```
    /// const DOCS: hal_core::StaticCurie = hal_core::StaticCurie::new("bk", "/rels/{rel}");
    /// assert_eq!(DOCS.href(), "/rels/{rel}");
    /// ```
    #[must_use]
    pub const fn new(name: &'static str, href: &'static str) -> Self {
        Self { name, href }
    }

    /// The prefix.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::StaticCurie::new("bk", "/rels/{rel}").name(), "bk");
    /// ```
    #[must_use]
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The documentation template, with `{rel}`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::StaticCurie::new("bk", "/rels/{rel}").href(), "/rels/{rel}");
    /// ```
    #[must_use]
    pub const fn href(&self) -> &'static str {
        self.href
    }
}

impl serde::Serialize for StaticCurie {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("href", self.href)?;
        map.serialize_entry("templated", &true)?;
        map.serialize_entry("name", self.name)?;
        map.end()
    }
}
