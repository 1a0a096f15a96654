//! `Options`: the values a property may take, inline or behind a link ([F-30](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-30) to [F-33](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-33)).

use serde_json::{Map, Value};

/// The values a [`Property`](super::Property) may take: listed `inline`, or behind a `link`
/// that returns them ([F-30](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-30)), with how many may be chosen ([F-33](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-33)).
///
/// # Examples
///
/// ```
/// use hal_core::forms::{InlineOption, Options};
///
/// let options = Options::inline([
///     InlineOption::pair("Federal Express", "FedEx"),
///     InlineOption::pair("United Parcel Service", "UPS"),
/// ])
/// .with_selected_values(["FedEx"])
/// .with_max_items(1);
/// let values: Vec<_> = options.values().collect();
/// assert_eq!(values, [("Federal Express", "FedEx"), ("United Parcel Service", "UPS")]);
/// assert_eq!(options.selected_values(), ["FedEx"]);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Options {
    pub(super) inline: Option<Vec<InlineOption>>,
    pub(super) link: Option<OptionsLink>,
    pub(super) prompt_field: Option<String>,
    pub(super) value_field: Option<String>,
    pub(super) selected_values: Option<Vec<String>>,
    pub(super) min_items: Option<u64>,
    pub(super) max_items: Option<u64>,
    pub(super) extensions: Map<String, Value>,
}

impl Options {
    extension_members!("hal_core::forms::Options::inline([\"a\"])");

    /// Values listed in place.
    ///
    /// # Examples
    ///
    /// ```
    /// let options = hal_core::forms::Options::inline(["FedEx", "UPS", "DHL"]);
    /// assert_eq!(options.values().map(|(_, v)| v).collect::<Vec<_>>(), ["FedEx", "UPS", "DHL"]);
    /// ```
    #[must_use]
    pub fn inline<O: Into<InlineOption>>(values: impl IntoIterator<Item = O>) -> Self {
        Self {
            inline: Some(values.into_iter().map(Into::into).collect()),
            ..Self::default()
        }
    }

    /// Values a `GET` of `link` returns.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::forms::{Options, OptionsLink};
    ///
    /// let options = Options::linked(OptionsLink::new("/shipping-options"));
    /// assert_eq!(options.link().map(OptionsLink::href), Some("/shipping-options"));
    /// ```
    #[must_use]
    pub fn linked(link: OptionsLink) -> Self {
        Self::default().with_link(link)
    }

    /// Sets the link that returns the values; with `inline` values too, clients use those
    /// ([F-31](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-31)).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::forms::{Options, OptionsLink};
    ///
    /// let options = Options::default().with_link(OptionsLink::new("/countries"));
    /// assert_eq!(options.link().map(OptionsLink::href), Some("/countries"));
    /// ```
    #[must_use]
    pub fn with_link(mut self, link: OptionsLink) -> Self {
        self.link = Some(link);
        self
    }

    /// Sets the values chosen now ([F-33](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-33)).
    ///
    /// # Examples
    ///
    /// ```
    /// let options = hal_core::forms::Options::inline(["a", "b"]).with_selected_values(["b"]);
    /// assert_eq!(options.selected_values(), ["b"]);
    /// ```
    #[must_use]
    pub fn with_selected_values<S: Into<String>>(
        mut self,
        values: impl IntoIterator<Item = S>,
    ) -> Self {
        self.selected_values = Some(values.into_iter().map(Into::into).collect());
        self
    }

    /// Sets the fewest values that must be chosen ([F-33](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-33)).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::forms::Options::inline(["a"]).with_min_items(1).min_items(), 1);
    /// ```
    #[must_use]
    pub fn with_min_items(mut self, items: u64) -> Self {
        self.min_items = Some(items);
        self
    }

    /// Sets the most values that may be chosen; 1 makes a single choice ([F-33](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-33)).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::forms::Options::inline(["a"]).with_max_items(1).max_items(), Some(1));
    /// ```
    #[must_use]
    pub fn with_max_items(mut self, items: u64) -> Self {
        self.max_items = Some(items);
        self
    }

    /// Sets the member of option objects that holds the prompt ([F-32](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-32)).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::forms::Options::inline(["a"]).with_prompt_field("label").prompt_field(), "label");
    /// ```
    #[must_use]
    pub fn with_prompt_field(mut self, field: impl Into<String>) -> Self {
        self.prompt_field = Some(field.into());
        self
    }

    /// Sets the member of option objects that holds the value ([F-32](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-32)).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::forms::Options::inline(["a"]).with_value_field("code").value_field(), "code");
    /// ```
    #[must_use]
    pub fn with_value_field(mut self, field: impl Into<String>) -> Self {
        self.value_field = Some(field.into());
        self
    }

    /// The inline values, if listed.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::forms::Options::inline(["a"]).inline_values().map(<[_]>::len), Some(1));
    /// ```
    #[must_use]
    pub fn inline_values(&self) -> Option<&[InlineOption]> {
        self.inline.as_deref()
    }

    /// The link that returns the values, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(hal_core::forms::Options::inline(["a"]).link().is_none());
    /// ```
    #[must_use]
    pub fn link(&self) -> Option<&OptionsLink> {
        self.link.as_ref()
    }

    /// The member holding an option object's prompt: the one named, or `prompt` ([F-32](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-32)).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::forms::Options::inline(["a"]).prompt_field(), "prompt");
    /// ```
    #[must_use]
    pub fn prompt_field(&self) -> &str {
        self.prompt_field.as_deref().unwrap_or("prompt")
    }

    /// The member holding an option object's value: the one named, or `value` ([F-32](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-32)).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::forms::Options::inline(["a"]).value_field(), "value");
    /// ```
    #[must_use]
    pub fn value_field(&self) -> &str {
        self.value_field.as_deref().unwrap_or("value")
    }

    /// The values chosen now.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(hal_core::forms::Options::inline(["a"]).selected_values().is_empty());
    /// ```
    #[must_use]
    pub fn selected_values(&self) -> &[String] {
        self.selected_values.as_deref().unwrap_or_default()
    }

    /// The fewest values to choose: as given, or 0.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::forms::Options::inline(["a"]).min_items(), 0);
    /// ```
    #[must_use]
    pub fn min_items(&self) -> u64 {
        self.min_items.unwrap_or(0)
    }

    /// The most values to choose, if bounded.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::forms::Options::inline(["a"]).max_items(), None);
    /// ```
    #[must_use]
    pub fn max_items(&self) -> Option<u64> {
        self.max_items
    }

    /// The inline values as `(prompt, value)`, read through the prompt and value fields; a
    /// plain string is both, and an object without a string value is left out ([F-32](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-32)).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::forms::{InlineOption, Options};
    ///
    /// let options = Options::inline([InlineOption::pair("Paused", "P"), InlineOption::from("R")]);
    /// assert_eq!(options.values().collect::<Vec<_>>(), [("Paused", "P"), ("R", "R")]);
    /// ```
    pub fn values(&self) -> impl Iterator<Item = (&str, &str)> {
        let (prompt_field, value_field) = (self.prompt_field(), self.value_field());
        self.inline_values()
            .unwrap_or_default()
            .iter()
            .filter_map(move |option| {
                let value = option.field(value_field)?;
                Some((option.field(prompt_field).unwrap_or(value), value))
            })
    }
}

/// One inline option: a plain string, or an object whose prompt and value are read through
/// the options' `promptField` and `valueField` ([F-30](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-30), [F-32](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-32)).
///
/// # Examples
///
/// ```
/// use hal_core::forms::InlineOption;
///
/// assert_eq!(serde_json::to_string(&InlineOption::from("UPS"))?, r#""UPS""#);
/// assert_eq!(
///     serde_json::to_string(&InlineOption::pair("United Parcel Service", "UPS"))?,
///     r#"{"prompt":"United Parcel Service","value":"UPS"}"#,
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum InlineOption {
    /// A value that is its own prompt.
    Value(String),
    /// An object, such as `{"prompt": "…", "value": "…"}`, kept whole.
    Object(Map<String, Value>),
}

impl InlineOption {
    /// A `{prompt, value}` object.
    ///
    /// # Examples
    ///
    /// ```
    /// let option = hal_core::forms::InlineOption::pair("Paused", "Paused");
    /// assert_eq!(option.field("prompt"), Some("Paused"));
    /// ```
    #[must_use]
    pub fn pair(prompt: impl Into<String>, value: impl Into<String>) -> Self {
        let mut object = Map::new();
        object.insert("prompt".into(), Value::String(prompt.into()));
        object.insert("value".into(), Value::String(value.into()));
        InlineOption::Object(object)
    }

    /// The string in member `name` of an object option; a plain string for any name.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::forms::InlineOption;
    ///
    /// assert_eq!(InlineOption::from("UPS").field("value"), Some("UPS"));
    /// assert_eq!(InlineOption::pair("p", "v").field("code"), None);
    /// ```
    #[must_use]
    pub fn field(&self, name: &str) -> Option<&str> {
        match self {
            InlineOption::Value(value) => Some(value),
            InlineOption::Object(object) => object.get(name).and_then(Value::as_str),
        }
    }
}

impl From<&str> for InlineOption {
    fn from(value: &str) -> Self {
        InlineOption::Value(value.to_owned())
    }
}

impl From<String> for InlineOption {
    fn from(value: String) -> Self {
        InlineOption::Value(value)
    }
}

/// Where option values come from: a `GET` of `href` ([F-30](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-30)).
///
/// # Examples
///
/// ```
/// use hal_core::forms::OptionsLink;
///
/// let link = OptionsLink::new("/countries{?q}").templated().with_type("application/json");
/// assert!(link.is_templated());
/// assert_eq!(link.media_type(), Some("application/json"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct OptionsLink {
    pub(super) href: String,
    pub(super) templated: Option<bool>,
    pub(super) media_type: Option<String>,
    pub(super) extensions: Map<String, Value>,
}

impl OptionsLink {
    extension_members!("hal_core::forms::OptionsLink::new(\"/a\")");

    /// A link to `href`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::forms::OptionsLink::new("/a").href(), "/a");
    /// ```
    #[must_use]
    pub fn new(href: impl Into<String>) -> Self {
        Self {
            href: href.into(),
            templated: None,
            media_type: None,
            extensions: Map::new(),
        }
    }

    /// Marks `href` as an RFC 6570 template.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(hal_core::forms::OptionsLink::new("/a{?q}").templated().is_templated());
    /// ```
    #[must_use]
    pub fn templated(mut self) -> Self {
        self.templated = Some(true);
        self
    }

    /// Sets the media type the link returns (`application/json` when not given).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::forms::OptionsLink::new("/a").with_type("text/csv").media_type(), Some("text/csv"));
    /// ```
    #[must_use]
    pub fn with_type(mut self, media_type: impl Into<String>) -> Self {
        self.media_type = Some(media_type.into());
        self
    }

    /// The href.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::forms::OptionsLink::new("/a").href(), "/a");
    /// ```
    #[must_use]
    pub fn href(&self) -> &str {
        &self.href
    }

    /// Whether the href is a template.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(!hal_core::forms::OptionsLink::new("/a").is_templated());
    /// ```
    #[must_use]
    pub fn is_templated(&self) -> bool {
        self.templated.unwrap_or(false)
    }

    /// The media type, if given.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::forms::OptionsLink::new("/a").media_type(), None);
    /// ```
    #[must_use]
    pub fn media_type(&self) -> Option<&str> {
        self.media_type.as_deref()
    }
}
