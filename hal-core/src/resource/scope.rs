//! Which curies are in force for a resource: its own, then those of the resources it is
//! embedded in ([H-65](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-65)).

use crate::link::Link;
use crate::link::curie::expand_rel;
use crate::resource::Resource;
use crate::template::{Operator, Part, UriTemplate};

/// The curies in force for one resource: its own, then those of the resources it is embedded
/// in ([H-65](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-65): the nearest definition wins).
///
/// # Examples
///
/// ```
/// use hal_core::Resource;
///
/// let doc: Resource = hal_core::from_str(r#"{
///   "_links": {"curies": [{"name": "ea", "href": "https://a.example/{rel}", "templated": true}]},
///   "_embedded": {"ea:order": {
///     "_links": {"curies": [{"name": "ea", "href": "https://b.example/{rel}", "templated": true}]}
///   }}
/// }"#)?;
/// let root = doc.curie_scope();
/// let order = &doc.embedded().get_all("ea:order")[0];
/// let inner = root.child(order);
/// assert_eq!(root.expand("ea:x").as_deref(), Some("https://a.example/x"));
/// assert_eq!(inner.expand("ea:x").as_deref(), Some("https://b.example/x"));
/// assert_eq!(inner.compact("https://a.example/y"), None, "`ea` is redefined inside");
/// # Ok::<(), hal_core::ParseError>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct CurieScope<'a> {
    curies: &'a [Link],
    parent: Option<&'a CurieScope<'a>>,
}

impl<'a> CurieScope<'a> {
    /// The scope of a resource embedded in the resource of this scope.
    ///
    /// # Examples
    ///
    /// ```
    /// let root = hal_core::Resource::object();
    /// let child = hal_core::Resource::object();
    /// assert!(root.curie_scope().child(&child).expand("x:y").is_none());
    /// ```
    #[must_use]
    pub fn child<'b, T>(&'b self, resource: &'b Resource<T>) -> CurieScope<'b> {
        CurieScope {
            curies: resource.links().curies(),
            parent: Some(self),
        }
    }

    /// The curie link named `prefix`, nearest first.
    fn find(&self, prefix: &str) -> Option<&'a Link> {
        match self.curies.iter().find(|c| c.name() == Some(prefix)) {
            Some(link) => Some(link),
            None => self.parent.and_then(|p| p.find(prefix)),
        }
    }

    /// Whether a curie named `prefix` is in scope.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Curie, Resource};
    ///
    /// let r = Resource::object().with_curie(Curie::new("cc", "/{rel}")?);
    /// assert!(r.curie_scope().is_defined("cc"));
    /// assert!(!r.curie_scope().is_defined("dd"));
    /// # Ok::<(), hal_core::link::CurieError>(())
    /// ```
    #[must_use]
    pub fn is_defined(&self, prefix: &str) -> bool {
        self.find(prefix).is_some()
    }

    /// The documentation URI of a compact relation `prefix:reference`, or `None` when the
    /// relation is not a CURIE of a curie in scope with a usable template.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Curie, Resource};
    ///
    /// let r = Resource::object().with_curie(Curie::new("cc", "https://docs.example.com/{rel}")?);
    /// assert_eq!(r.curie_scope().expand("cc:trips").as_deref(), Some("https://docs.example.com/trips"));
    /// assert_eq!(r.curie_scope().expand("next"), None);
    /// # Ok::<(), hal_core::link::CurieError>(())
    /// ```
    #[must_use]
    pub fn expand(&self, rel: &str) -> Option<String> {
        let (prefix, reference) = crate::rel::curie_parts(rel)?;
        let template = curie_template(self.find(prefix)?)?;
        expand_rel(&template, reference)
    }

    /// The relation as a URI where a curie expands it, otherwise the relation as written.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Curie, Resource};
    ///
    /// let r = Resource::object().with_curie(Curie::new("cc", "https://d.example/{rel}")?);
    /// assert_eq!(r.curie_scope().resolve("cc:a"), "https://d.example/a");
    /// assert_eq!(r.curie_scope().resolve("next"), "next");
    /// # Ok::<(), hal_core::link::CurieError>(())
    /// ```
    #[must_use]
    pub fn resolve(&self, rel: &str) -> String {
        self.expand(rel).unwrap_or_else(|| rel.to_owned())
    }

    /// The compact form `prefix:reference` of a full relation URI, using the nearest curie whose
    /// template produces exactly that URI.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Curie, Resource};
    ///
    /// let r = Resource::object().with_curie(Curie::new("curie1", "http://docs.example.com/relations/{rel}")?);
    /// let scope = r.curie_scope();
    /// assert_eq!(scope.compact("http://docs.example.com/relations/value").as_deref(), Some("curie1:value"));
    /// assert_eq!(scope.compact("http://elsewhere.example/value"), None);
    /// # Ok::<(), hal_core::link::CurieError>(())
    /// ```
    #[must_use]
    pub fn compact(&self, uri: &str) -> Option<String> {
        let mut scope = Some(self);
        let mut shadowed: Vec<&str> = Vec::new();
        while let Some(current) = scope {
            for link in current.curies {
                let Some(name) = link.name() else { continue };
                if shadowed.contains(&name) {
                    continue;
                }
                shadowed.push(name);
                if let Some(reference) = curie_template(link).and_then(|t| reference_of(&t, uri)) {
                    return Some(format!("{name}:{reference}"));
                }
            }
            scope = current.parent;
        }
        None
    }
}

impl<'a> CurieScope<'a> {
    /// The scope of these curie links alone.
    pub(crate) fn of(curies: &'a [Link]) -> Self {
        CurieScope {
            curies,
            parent: None,
        }
    }

    /// The links in `links` of a relation given by its name, a CURIE or the full URI a CURIE
    /// expands to, with the curies of this scope: for a resource embedded in a document, whose
    /// scope is `root.child(resource)`.
    ///
    /// # Examples
    ///
    /// ```
    /// let doc: hal_core::Resource = hal_core::from_str(r#"{
    ///   "_links": {"curies": [{"name": "ea", "href": "https://a.example/{rel}", "templated": true}]},
    ///   "_embedded": {"order": {"_links": {"ea:customer": {"href": "/customers/1"}}}}
    /// }"#)?;
    /// let root = doc.curie_scope();
    /// let order = &doc.embedded().get_all("order")[0];
    /// let links = root.child(order).links_for(order.links(), "https://a.example/customer");
    /// assert_eq!(links[0].href(), "/customers/1");
    /// # Ok::<(), hal_core::ParseError>(())
    /// ```
    #[must_use]
    pub fn links_for<'l>(&self, links: &'l crate::link::links::Links, rel: &str) -> &'l [Link] {
        let direct = links.get_all(rel);
        if !direct.is_empty() || links.contains(rel) {
            return direct;
        }
        let target = self.resolve(rel);
        links
            .iter()
            .find(|(key, _)| self.resolve(key.as_str()) == target)
            .map_or(&[], |(_, found)| found)
    }
}

/// A curie link's template when it is valid and uses `rel`.
fn curie_template(link: &Link) -> Option<UriTemplate> {
    let template = UriTemplate::parse(link.href()).ok()?;
    let uses_rel = template.variable_names().any(|v| v == "rel");
    uses_rel.then_some(template)
}

/// The reference that, expanded in `template`, gives `uri`: templates of the form
/// `prefix{rel}suffix` (simple or reserved expansion) only.
fn reference_of(template: &UriTemplate, uri: &str) -> Option<String> {
    let (mut prefix, mut suffix, mut expression) = ("", "", None);
    for part in template.parts() {
        match part {
            Part::Literal(text) if expression.is_none() => prefix = text,
            Part::Literal(text) => suffix = text,
            Part::Expression(e) if expression.is_none() => expression = Some(e),
            Part::Expression(_) => return None,
        }
    }
    let expression = expression?;
    let single_rel = matches!(expression.variables(), [v] if v.name() == "rel");
    let simple = matches!(expression.operator(), Operator::Simple | Operator::Reserved);
    if !single_rel || !simple {
        return None;
    }
    let middle = uri.strip_prefix(prefix)?.strip_suffix(suffix)?;
    let reference = percent_encoding::percent_decode_str(middle)
        .decode_utf8()
        .ok()?
        .into_owned();
    // Only a reference that expands back to the very same URI is a faithful compaction.
    (!reference.is_empty() && expand_rel(template, &reference).as_deref() == Some(uri))
        .then_some(reference)
}
