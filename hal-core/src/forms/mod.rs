//! HAL-FORMS (`application/prs.hal-forms+json`): the `_templates` a resource offers, saying what
//! a client can send and how.
//!
//! - [`Templates`]: the `_templates` member, templates by name, `default` first.
//! - [`Template`]: one request a client can make: `method`, `contentType`, `target`, `title`
//!   and its [`Property`]s.
//! - [`Property`]: one input, with every attribute of the specification; [`Options`] for the
//!   values it may take.
//! - [`HalForm`]: an input type that describes itself as properties; `#[derive(HalForm)]`
//!   (feature `derive`) builds it from the struct the handler deserializes.
//!
//! Reading is lossless: members this model does not know are kept as extensions and written
//! back ([F-26](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-26)), explicit defaults (`"templated": false`) stay as they were, and numbers keep
//! their JSON form. Writing is deterministic: templates in order with `default` first, each
//! object's members in the specification's order, then its extensions. Rule ids (F-nn) follow
//! the project's HAL-FORMS checklist; [`validate`](crate::validate()) reports them.
//!
//! # Examples
//!
//! ```
//! use hal_core::forms::{InputType, Property, Template, Templates};
//!
//! let templates = Templates::new().with(
//!     "default",
//!     Template::new("POST")
//!         .with_title("Add a monitor")
//!         .with_property(Property::new("label").required().with_max_length(200))
//!         .with_property(Property::new("refresh").with_type(InputType::Number).with_min(60)),
//! );
//! let json = serde_json::to_string(&templates)?;
//! assert_eq!(json, concat!(
//!     r#"{"default":{"method":"POST","title":"Add a monitor","properties":["#,
//!     r#"{"name":"label","required":true,"maxLength":200},"#,
//!     r#"{"name":"refresh","type":"number","min":60}]}}"#,
//! ));
//! let back: Templates = serde_json::from_str(&json)?;
//! assert_eq!(back, templates);
//! # Ok::<(), serde_json::Error>(())
//! ```

/// `with_extension` and `extensions` for a HAL-FORMS object: members the model does not know,
/// kept and written back ([F-26](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-26)). `$example` builds one, for the examples.
macro_rules! extension_members {
    ($example:literal) => {
        /// Adds a member this model does not know ([F-26](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-26)).
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("let object = ", $example, ".with_extension(\"x-note\", true);")]
        /// assert_eq!(object.extensions()["x-note"], true);
        /// ```
        #[must_use]
        pub fn with_extension(
            mut self,
            name: impl Into<String>,
            value: impl Into<serde_json::Value>,
        ) -> Self {
            self.extensions.insert(name.into(), value.into());
            self
        }

        /// The members this model does not know, kept as they were read ([F-26](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-26)).
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("assert!(", $example, ".extensions().is_empty());")]
        /// ```
        #[must_use]
        pub fn extensions(&self) -> &serde_json::Map<String, serde_json::Value> {
            &self.extensions
        }
    };
}

mod admits;
mod check;
mod input;
mod options;
mod property;
pub(crate) mod read;
mod template;
mod write;

pub use check::{
    NESTED_KEY, OWN_KEY, Validate, ValidationError, ValidationErrors, ValidationErrorsKind,
    Violation, violations,
};
pub use input::{FormInput, HalForm, JSON_VALUE};
pub use options::{InlineOption, Options, OptionsLink};
pub use property::{InputType, Property};
pub use template::{Template, Templates};

/// `#[derive(HalForm)]` (feature `derive`): see [`HalForm`] and the derive's documentation.
#[cfg(feature = "derive")]
pub use hal_derive::HalForm;

/// The HAL-FORMS media type ([F-01](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-01)): a client that names it in `Accept` gets `_templates`.
///
/// # Examples
///
/// ```
/// assert_eq!(hal_core::forms::HAL_FORMS_JSON, "application/prs.hal-forms+json");
/// ```
pub const HAL_FORMS_JSON: &str = "application/prs.hal-forms+json";

/// The content type a template's body has when it names none ([F-11](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-11)).
///
/// # Examples
///
/// ```
/// use hal_core::forms::{DEFAULT_CONTENT_TYPE, Template};
///
/// assert_eq!(Template::new("POST").content_type(), DEFAULT_CONTENT_TYPE);
/// ```
pub const DEFAULT_CONTENT_TYPE: &str = "application/json";
