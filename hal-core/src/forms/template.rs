//! `Templates` (the `_templates` member) and `Template` (one request a client can make).

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::DEFAULT_CONTENT_TYPE;
use super::property::Property;

/// The `_templates` member: templates by name, `default` first, the others in the order they
/// were added or read ([F-02](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-02), [F-04](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-04)).
///
/// # Examples
///
/// ```
/// use hal_core::forms::{Template, Templates};
///
/// let templates = Templates::new()
///     .with("delete", Template::new("DELETE"))
///     .with("default", Template::new("PUT"));
/// assert_eq!(templates.names().collect::<Vec<_>>(), ["default", "delete"]);
/// assert_eq!(templates.get("delete").map(Template::method), Some("DELETE"));
/// assert_eq!(templates.default_template().map(Template::method), Some("PUT"));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Templates {
    entries: IndexMap<String, Template>,
}

impl Templates {
    /// No templates.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(hal_core::forms::Templates::new().is_empty());
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) the template `name`; `default` always goes first.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::forms::{Template, Templates};
    ///
    /// let templates = Templates::new().with("update", Template::new("PUT"));
    /// assert_eq!(templates.len(), 1);
    /// ```
    #[must_use]
    pub fn with(mut self, name: impl Into<String>, template: Template) -> Self {
        self.insert(name, template);
        self
    }

    /// Adds (or replaces) the template `name` and returns the one it replaced; `default`
    /// always goes first.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::forms::{Template, Templates};
    ///
    /// let mut templates = Templates::new();
    /// assert!(templates.insert("default", Template::new("POST")).is_none());
    /// assert_eq!(templates.insert("default", Template::new("PUT")).map(|t| t.method().to_owned()), Some("POST".into()));
    /// ```
    pub fn insert(&mut self, name: impl Into<String>, template: Template) -> Option<Template> {
        let name = name.into();
        if name == "default" {
            return self.entries.shift_insert(0, name, template);
        }
        self.entries.insert(name, template)
    }

    /// The template `name`.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::forms::{Template, Templates};
    ///
    /// assert!(Templates::new().with("default", Template::new("POST")).get("update").is_none());
    /// ```
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Template> {
        self.entries.get(name)
    }

    /// The template a client uses when it asks for none by name: `default`, or else the first
    /// ([F-04](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-04)).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::forms::{Template, Templates};
    ///
    /// let templates = Templates::new().with("create", Template::new("POST"));
    /// assert_eq!(templates.default_template().map(Template::method), Some("POST"));
    /// ```
    #[must_use]
    pub fn default_template(&self) -> Option<&Template> {
        self.entries.first().map(|(_, template)| template)
    }

    /// The templates' names, `default` first.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::forms::{Template, Templates};
    ///
    /// let templates = Templates::new().with("a", Template::new("POST"));
    /// assert_eq!(templates.names().collect::<Vec<_>>(), ["a"]);
    /// ```
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// The templates with their names, `default` first.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::forms::{Template, Templates};
    ///
    /// let templates = Templates::new().with("a", Template::new("POST"));
    /// let (name, template) = templates.iter().next().unwrap();
    /// assert_eq!((name, template.method()), ("a", "POST"));
    /// ```
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &Template)> {
        self.entries.iter().map(|(name, t)| (name.as_str(), t))
    }

    /// How many templates there are.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::forms::Templates::new().len(), 0);
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is none.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(hal_core::forms::Templates::default().is_empty());
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Reads a template into place, refusing a second one of the same name.
    pub(super) fn insert_new(&mut self, name: String, template: Template) -> Result<(), String> {
        if self.entries.contains_key(&name) {
            return Err(name);
        }
        self.insert(name, template);
        Ok(())
    }
}

impl<'a> IntoIterator for &'a Templates {
    type Item = (&'a String, &'a Template);
    type IntoIter = indexmap::map::Iter<'a, String, Template>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

/// One request a client can make: its method, the body's content type, where it goes and the
/// inputs it takes.
///
/// # Examples
///
/// ```
/// use hal_core::forms::{Property, Template};
///
/// let template = Template::new("PUT")
///     .with_target("/monitors/1/status")
///     .with_property(Property::new("status").required());
/// assert_eq!(template.method(), "PUT");
/// assert_eq!(template.content_type(), "application/json", "the default (F-11)");
/// assert_eq!(template.target(), Some("/monitors/1/status"));
/// assert_eq!(template.property("status").map(|p| p.is_required()), Some(true));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    pub(super) method: String,
    pub(super) content_type: Option<String>,
    pub(super) target: Option<String>,
    pub(super) title: Option<String>,
    pub(super) properties: Option<Vec<Property>>,
    pub(super) extensions: Map<String, Value>,
}

impl Template {
    extension_members!("hal_core::forms::Template::new(\"POST\")");

    /// A template for requests with `method` ([F-10](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-10)), to the resource's `self` link.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::forms::Template::new("DELETE").method(), "DELETE");
    /// ```
    #[must_use]
    pub fn new(method: impl Into<String>) -> Self {
        Self {
            method: method.into(),
            content_type: None,
            target: None,
            title: None,
            properties: None,
            extensions: Map::new(),
        }
    }

    /// Sets the body's media type ([F-11](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-11)).
    ///
    /// # Examples
    ///
    /// ```
    /// let t = hal_core::forms::Template::new("POST").with_content_type("application/x-www-form-urlencoded");
    /// assert_eq!(t.content_type(), "application/x-www-form-urlencoded");
    /// ```
    #[must_use]
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// Sets where the request goes, instead of the `self` link ([F-12](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-12)).
    ///
    /// # Examples
    ///
    /// ```
    /// let t = hal_core::forms::Template::new("POST").with_target("/monitors");
    /// assert_eq!(t.target(), Some("/monitors"));
    /// ```
    #[must_use]
    pub fn with_target(mut self, target: impl Into<String>) -> Self {
        self.target = Some(target.into());
        self
    }

    /// Sets the title, for people ([F-13](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-13)).
    ///
    /// # Examples
    ///
    /// ```
    /// let t = hal_core::forms::Template::new("POST").with_title("Create");
    /// assert_eq!(t.title(), Some("Create"));
    /// ```
    #[must_use]
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Adds an input ([F-14](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-14)).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::forms::{Property, Template};
    ///
    /// let t = Template::new("POST").with_property(Property::new("label"));
    /// assert_eq!(t.properties().len(), 1);
    /// ```
    #[must_use]
    pub fn with_property(mut self, property: Property) -> Self {
        self.properties.get_or_insert_with(Vec::new).push(property);
        self
    }

    /// Adds inputs, such as the ones an input type derives ([`HalForm`](super::HalForm)).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::forms::{Property, Template};
    ///
    /// let t = Template::new("POST").with_properties([Property::new("a"), Property::new("b")]);
    /// assert_eq!(t.properties().len(), 2);
    /// ```
    #[must_use]
    pub fn with_properties(mut self, properties: impl IntoIterator<Item = Property>) -> Self {
        self.properties
            .get_or_insert_with(Vec::new)
            .extend(properties);
        self
    }

    /// The HTTP method, as written. See [`http_method`](Self::http_method) for the one a client
    /// sends.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::forms::Template::new("post").method(), "post");
    /// ```
    #[must_use]
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The method a client sends: upper-cased, and `GET` when empty ([F-10](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-10)).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::forms::Template;
    ///
    /// assert_eq!(Template::new("post").http_method(), "POST");
    /// assert_eq!(Template::new("").http_method(), "GET");
    /// ```
    #[must_use]
    pub fn http_method(&self) -> String {
        let method = self.method.trim();
        if method.is_empty() {
            return "GET".to_owned();
        }
        method.to_ascii_uppercase()
    }

    /// The body's media type: the one named, or `application/json` when none or an empty one
    /// is ([F-11](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-11)).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::forms::Template::new("POST").content_type(), "application/json");
    /// ```
    #[must_use]
    pub fn content_type(&self) -> &str {
        match self.content_type.as_deref() {
            Some(named) if !named.trim().is_empty() => named,
            _ => DEFAULT_CONTENT_TYPE,
        }
    }

    /// Where the request goes, if not to the `self` link ([F-12](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-12)).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::forms::Template::new("POST").target(), None);
    /// ```
    #[must_use]
    pub fn target(&self) -> Option<&str> {
        self.target.as_deref()
    }

    /// The title.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::forms::Template::new("POST").title(), None);
    /// ```
    #[must_use]
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// The inputs, in order; empty when there are none ([F-14](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-14)).
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(hal_core::forms::Template::new("DELETE").properties().is_empty());
    /// ```
    #[must_use]
    pub fn properties(&self) -> &[Property] {
        self.properties.as_deref().unwrap_or_default()
    }

    /// The input named `name` (the first, should there be two; [F-15](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-15)).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::forms::{Property, Template};
    ///
    /// let t = Template::new("POST").with_property(Property::new("label"));
    /// assert!(t.property("label").is_some());
    /// ```
    #[must_use]
    pub fn property(&self, name: &str) -> Option<&Property> {
        self.properties().iter().find(|p| p.name() == name)
    }
}
