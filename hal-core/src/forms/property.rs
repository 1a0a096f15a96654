//! `Property`: one input of a template, and `InputType`, the HTML input types it may name.

use std::fmt;

use serde_json::{Map, Number, Value};

use super::options::Options;

/// One input of a [`Template`](super::Template), with every attribute of the specification
/// ([F-20](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-20) to [F-26](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-26)). Attributes that were not given stay absent when written, and an explicit
/// default that was read (`"required": false`) is written back.
///
/// # Examples
///
/// ```
/// use hal_core::forms::{InputType, Property};
///
/// let refresh = Property::new("refreshEvent")
///     .with_prompt("Reminder every (seconds)")
///     .with_type(InputType::Number)
///     .with_min(60)
///     .with_step(1);
/// assert_eq!(refresh.name(), "refreshEvent");
/// assert_eq!(refresh.input_type(), InputType::Number);
/// assert!(!refresh.is_required());
/// assert_eq!(
///     serde_json::to_string(&refresh)?,
///     r#"{"name":"refreshEvent","prompt":"Reminder every (seconds)","type":"number","min":60,"step":1}"#,
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    pub(super) name: String,
    pub(super) prompt: Option<String>,
    pub(super) read_only: Option<bool>,
    pub(super) regex: Option<String>,
    pub(super) required: Option<bool>,
    pub(super) templated: Option<bool>,
    pub(super) value: Option<String>,
    pub(super) input_type: Option<InputType>,
    pub(super) min: Option<Number>,
    pub(super) max: Option<Number>,
    pub(super) min_length: Option<u64>,
    pub(super) max_length: Option<u64>,
    pub(super) step: Option<Number>,
    pub(super) placeholder: Option<String>,
    pub(super) cols: Option<u64>,
    pub(super) rows: Option<u64>,
    pub(super) options: Option<Options>,
    pub(super) extensions: Map<String, Value>,
}

/// Builders and readers of each attribute, generated alike: `with_x` sets it, `x` reads it.
macro_rules! text_attributes {
    ($($(#[$doc:meta])* $field:ident / $with:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[must_use]
        pub fn $with(mut self, text: impl Into<String>) -> Self {
            self.$field = Some(text.into());
            self
        }
    )*};
}

macro_rules! count_attributes {
    ($($(#[$doc:meta])* $field:ident / $with:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[must_use]
        pub fn $with(mut self, count: u64) -> Self {
            self.$field = Some(count);
            self
        }
    )*};
}

macro_rules! number_attributes {
    ($($(#[$doc:meta])* $field:ident / $with:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[must_use]
        pub fn $with(mut self, number: impl Into<Number>) -> Self {
            self.$field = Some(number.into());
            self
        }
    )*};
}

impl Property {
    extension_members!("hal_core::forms::Property::new(\"a\")");

    /// An input named `name` ([F-20](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-20)), a text input with no constraint.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::forms::Property::new("label").name(), "label");
    /// ```
    #[must_use]
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            prompt: None,
            read_only: None,
            regex: None,
            required: None,
            templated: None,
            value: None,
            input_type: None,
            min: None,
            max: None,
            min_length: None,
            max_length: None,
            step: None,
            placeholder: None,
            cols: None,
            rows: None,
            options: None,
            extensions: Map::new(),
        }
    }

    /// Marks the input required ([F-22](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-22)).
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(hal_core::forms::Property::new("label").required().is_required());
    /// ```
    #[must_use]
    pub fn required(mut self) -> Self {
        self.required = Some(true);
        self
    }

    /// Marks the input read-only ([F-22](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-22)).
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(hal_core::forms::Property::new("id").read_only().is_read_only());
    /// ```
    #[must_use]
    pub fn read_only(mut self) -> Self {
        self.read_only = Some(true);
        self
    }

    /// Marks `value` as an RFC 6570 template the client expands ([F-22](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-22)).
    ///
    /// # Examples
    ///
    /// ```
    /// let p = hal_core::forms::Property::new("owner").with_value("/users/{id}").templated();
    /// assert!(p.is_templated());
    /// ```
    #[must_use]
    pub fn templated(mut self) -> Self {
        self.templated = Some(true);
        self
    }

    text_attributes! {
        /// Sets the text shown to people ([F-21](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-21)).
        ///
        /// # Examples
        ///
        /// ```
        /// assert_eq!(hal_core::forms::Property::new("label").with_prompt("Label").prompt(), "Label");
        /// ```
        prompt / with_prompt,
        /// Sets the pattern the whole value must match, with HTML5 `pattern` semantics ([F-23](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-23)).
        ///
        /// # Examples
        ///
        /// ```
        /// assert_eq!(hal_core::forms::Property::new("vin").with_regex("[A-Z0-9]{17}").regex(), Some("[A-Z0-9]{17}"));
        /// ```
        regex / with_regex,
        /// Sets the current or default value ([F-21](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-21)).
        ///
        /// # Examples
        ///
        /// ```
        /// assert_eq!(hal_core::forms::Property::new("status").with_value("Running").value(), Some("Running"));
        /// ```
        value / with_value,
        /// Sets a short hint shown in the empty input ([F-21](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-21)).
        ///
        /// # Examples
        ///
        /// ```
        /// assert_eq!(hal_core::forms::Property::new("locale").with_placeholder("fr-FR").placeholder(), Some("fr-FR"));
        /// ```
        placeholder / with_placeholder,
    }

    count_attributes! {
        /// Sets the fewest characters the value may have ([F-25](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-25)).
        ///
        /// # Examples
        ///
        /// ```
        /// assert_eq!(hal_core::forms::Property::new("label").with_min_length(1).min_length(), Some(1));
        /// ```
        min_length / with_min_length,
        /// Sets the most characters the value may have ([F-25](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-25)).
        ///
        /// # Examples
        ///
        /// ```
        /// assert_eq!(hal_core::forms::Property::new("label").with_max_length(200).max_length(), Some(200));
        /// ```
        max_length / with_max_length,
        /// Sets a `textarea`'s width in characters ([F-25](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-25)).
        ///
        /// # Examples
        ///
        /// ```
        /// assert_eq!(hal_core::forms::Property::new("notes").with_cols(80).cols(), Some(80));
        /// ```
        cols / with_cols,
        /// Sets a `textarea`'s height in lines ([F-25](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-25)).
        ///
        /// # Examples
        ///
        /// ```
        /// assert_eq!(hal_core::forms::Property::new("notes").with_rows(12).rows(), Some(12));
        /// ```
        rows / with_rows,
    }

    number_attributes! {
        /// Sets the least value ([F-25](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-25)). Integers convert; write a fraction as
        /// `serde_json::Number::from_f64(0.5)`.
        ///
        /// # Examples
        ///
        /// ```
        /// assert_eq!(hal_core::forms::Property::new("size").with_min(1).min().map(|n| n.as_u64()), Some(Some(1)));
        /// ```
        min / with_min,
        /// Sets the greatest value ([F-25](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-25)).
        ///
        /// # Examples
        ///
        /// ```
        /// assert_eq!(hal_core::forms::Property::new("size").with_max(100).max().map(|n| n.as_u64()), Some(Some(100)));
        /// ```
        max / with_max,
        /// Sets the interval between valid values ([F-25](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-25)).
        ///
        /// # Examples
        ///
        /// ```
        /// assert_eq!(hal_core::forms::Property::new("size").with_step(1).step().map(|n| n.as_u64()), Some(Some(1)));
        /// ```
        step / with_step,
    }

    /// Sets the input type ([F-24](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-24)).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::forms::{InputType, Property};
    ///
    /// assert_eq!(Property::new("target").with_type(InputType::Url).input_type(), InputType::Url);
    /// ```
    #[must_use]
    pub fn with_type(mut self, input_type: InputType) -> Self {
        self.input_type = Some(input_type);
        self
    }

    /// Sets the values to choose from ([F-30](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-30)).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::forms::{Options, Property};
    ///
    /// let p = Property::new("status").with_options(Options::inline(["Running", "Paused"]));
    /// assert_eq!(p.options().map(|o| o.values().count()), Some(2));
    /// ```
    #[must_use]
    pub fn with_options(mut self, options: Options) -> Self {
        self.options = Some(options);
        self
    }

    /// Sets the fewest of its options that must be chosen (`minItems` on its options,
    /// [F-33](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-33)). HAL-FORMS
    /// counts items only among options, so a property without options is left as it is (the
    /// derive's `min_items` still checks the value).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::forms::{Options, Property};
    ///
    /// let p = Property::new("days").with_options(Options::inline(["Mon", "Tue"])).with_min_items(1);
    /// assert_eq!(p.options().map(|o| o.min_items()), Some(1));
    /// assert!(Property::new("tags").with_min_items(1).options().is_none());
    /// ```
    #[must_use]
    pub fn with_min_items(mut self, items: u64) -> Self {
        self.options = self.options.map(|o| o.with_min_items(items));
        self
    }

    /// Sets the most of its options that may be chosen (`maxItems` on its options,
    /// [F-33](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-33)); a property
    /// without options is left as it is.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::forms::{Options, Property};
    ///
    /// let p = Property::new("days").with_options(Options::inline(["Mon", "Tue"])).with_max_items(2);
    /// assert_eq!(p.options().and_then(|o| o.max_items()), Some(2));
    /// ```
    #[must_use]
    pub fn with_max_items(mut self, items: u64) -> Self {
        self.options = self.options.map(|o| o.with_max_items(items));
        self
    }

    /// Renames the input; the derive uses it to prefix a nested input type's properties.
    ///
    /// # Examples
    ///
    /// ```
    /// let p = hal_core::forms::Property::new("target").with_name("webhook.target");
    /// assert_eq!(p.name(), "webhook.target");
    /// ```
    #[must_use]
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// Makes the input optional, whatever it was (the derive uses it for `Option<T>`).
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(!hal_core::forms::Property::new("a").required().optional().is_required());
    /// ```
    #[must_use]
    pub fn optional(mut self) -> Self {
        self.required = None;
        self
    }

    /// The name.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::forms::Property::new("a").name(), "a");
    /// ```
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The text for people: the prompt, or else the name ([F-21](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-21)).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::forms::Property::new("label").prompt(), "label");
    /// ```
    #[must_use]
    pub fn prompt(&self) -> &str {
        self.prompt.as_deref().unwrap_or(&self.name)
    }

    /// Whether the input is required.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(!hal_core::forms::Property::new("a").is_required());
    /// ```
    #[must_use]
    pub fn is_required(&self) -> bool {
        self.required.unwrap_or(false)
    }

    /// Whether the input is read-only.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(!hal_core::forms::Property::new("a").is_read_only());
    /// ```
    #[must_use]
    pub fn is_read_only(&self) -> bool {
        self.read_only.unwrap_or(false)
    }

    /// Whether `value` is a URI template.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(!hal_core::forms::Property::new("a").is_templated());
    /// ```
    #[must_use]
    pub fn is_templated(&self) -> bool {
        self.templated.unwrap_or(false)
    }

    /// The pattern, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::forms::Property::new("a").regex(), None);
    /// ```
    #[must_use]
    pub fn regex(&self) -> Option<&str> {
        self.regex.as_deref()
    }

    /// The value, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::forms::Property::new("a").value(), None);
    /// ```
    #[must_use]
    pub fn value(&self) -> Option<&str> {
        self.value.as_deref()
    }

    /// The placeholder, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::forms::Property::new("a").placeholder(), None);
    /// ```
    #[must_use]
    pub fn placeholder(&self) -> Option<&str> {
        self.placeholder.as_deref()
    }

    /// The input type: the one named, or [`InputType::Text`] ([F-24](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-24)).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::forms::{InputType, Property};
    ///
    /// assert_eq!(Property::new("a").input_type(), InputType::Text);
    /// ```
    #[must_use]
    pub fn input_type(&self) -> InputType {
        self.input_type.clone().unwrap_or(InputType::Text)
    }

    /// The least value, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(hal_core::forms::Property::new("a").min().is_none());
    /// ```
    #[must_use]
    pub fn min(&self) -> Option<&Number> {
        self.min.as_ref()
    }

    /// The greatest value, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(hal_core::forms::Property::new("a").max().is_none());
    /// ```
    #[must_use]
    pub fn max(&self) -> Option<&Number> {
        self.max.as_ref()
    }

    /// The step, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(hal_core::forms::Property::new("a").step().is_none());
    /// ```
    #[must_use]
    pub fn step(&self) -> Option<&Number> {
        self.step.as_ref()
    }

    /// The fewest characters, if bounded.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::forms::Property::new("a").min_length(), None);
    /// ```
    #[must_use]
    pub fn min_length(&self) -> Option<u64> {
        self.min_length
    }

    /// The most characters, if bounded.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::forms::Property::new("a").max_length(), None);
    /// ```
    #[must_use]
    pub fn max_length(&self) -> Option<u64> {
        self.max_length
    }

    /// A `textarea`'s width, if given.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::forms::Property::new("a").cols(), None);
    /// ```
    #[must_use]
    pub fn cols(&self) -> Option<u64> {
        self.cols
    }

    /// A `textarea`'s height, if given.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::forms::Property::new("a").rows(), None);
    /// ```
    #[must_use]
    pub fn rows(&self) -> Option<u64> {
        self.rows
    }

    /// The values to choose from, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(hal_core::forms::Property::new("a").options().is_none());
    /// ```
    #[must_use]
    pub fn options(&self) -> Option<&Options> {
        self.options.as_ref()
    }
}

/// The HTML input types HAL-FORMS names ([F-24](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-24)), and any other, kept as written.
///
/// # Examples
///
/// ```
/// use hal_core::forms::InputType;
///
/// assert_eq!(InputType::from("datetime-local"), InputType::DatetimeLocal);
/// assert_eq!(InputType::DatetimeLocal.as_str(), "datetime-local");
/// assert_eq!(InputType::from("checkbox"), InputType::Other("checkbox".into()));
/// assert!(!InputType::from("checkbox").is_known());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum InputType {
    /// `hidden`
    Hidden,
    /// `text`, the default.
    Text,
    /// `textarea`
    Textarea,
    /// `search`
    Search,
    /// `tel`
    Tel,
    /// `url`
    Url,
    /// `email`
    Email,
    /// `password`
    Password,
    /// `date`
    Date,
    /// `month`
    Month,
    /// `week`
    Week,
    /// `time`
    Time,
    /// `datetime-local`
    DatetimeLocal,
    /// `number`
    Number,
    /// `range`
    Range,
    /// `color`
    Color,
    /// A type the specification does not name; a client treats it as `text` ([F-24](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-24)).
    Other(String),
}

/// The named types and their spelling, in the specification's order.
const NAMED_TYPES: [(InputType, &str); 16] = [
    (InputType::Hidden, "hidden"),
    (InputType::Text, "text"),
    (InputType::Textarea, "textarea"),
    (InputType::Search, "search"),
    (InputType::Tel, "tel"),
    (InputType::Url, "url"),
    (InputType::Email, "email"),
    (InputType::Password, "password"),
    (InputType::Date, "date"),
    (InputType::Month, "month"),
    (InputType::Week, "week"),
    (InputType::Time, "time"),
    (InputType::DatetimeLocal, "datetime-local"),
    (InputType::Number, "number"),
    (InputType::Range, "range"),
    (InputType::Color, "color"),
];

impl InputType {
    /// The type as HAL-FORMS writes it.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::forms::InputType::Number.as_str(), "number");
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            InputType::Other(other) => other,
            named => NAMED_TYPES
                .iter()
                .find(|(t, _)| t == named)
                .map_or("text", |(_, name)| name),
        }
    }

    /// Whether the specification names this type ([F-24](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-24)).
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(hal_core::forms::InputType::Email.is_known());
    /// ```
    #[must_use]
    pub fn is_known(&self) -> bool {
        !matches!(self, InputType::Other(_))
    }
}

impl From<&str> for InputType {
    fn from(name: &str) -> Self {
        NAMED_TYPES
            .iter()
            .find(|(_, spelled)| *spelled == name)
            .map_or_else(|| InputType::Other(name.to_owned()), |(t, _)| t.clone())
    }
}

impl fmt::Display for InputType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
