//! The runtime check of a form's input: every rule its HAL-FORMS properties advertise, enforced
//! on the value the handler reads.
//!
//! `#[derive(HalForm)]` implements the [`validator`] crate's [`Validate`] from the same
//! `#[hal_form(…)]` attributes that make the form's properties, so a bound cannot be stated in
//! one and missed in the other. Each error is keyed by the member's name on the wire (serde's
//! renames applied), so [`violations`] turns a [`ValidationErrors`] tree into JSON pointers a
//! client can put beside its inputs.
//!
//! # Examples
//!
//! ```
//! use hal_core::forms::{HalForm, Validate, violations};
//!
//! #[derive(serde::Deserialize, HalForm)]
//! #[serde(rename_all = "camelCase")]
//! struct NewBook {
//!     #[hal_form(min_length = 1, max_length = 200)]
//!     title: String,
//!     #[hal_form(regex = "[0-9]{13}")]
//!     isbn: String,
//!     #[hal_form(min = 1450, max = 2100)]
//!     first_published: i64,
//! }
//!
//! let book: NewBook = serde_json::from_str(r#"{"title": "", "isbn": "12", "firstPublished": 99999}"#)?;
//! let errors = book.validate().unwrap_err();
//! let found: Vec<(String, String)> = violations(&errors)
//!     .into_iter()
//!     .map(|v| (v.pointer, v.detail))
//!     .collect();
//! assert_eq!(found, [
//!     ("/firstPublished".to_owned(), "must be between 1450 and 2100, not 99999".to_owned()),
//!     ("/isbn".to_owned(), "must match the pattern `[0-9]{13}`".to_owned()),
//!     ("/title".to_owned(), "must have 1 to 200 characters, not 0".to_owned()),
//! ]);
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::borrow::Cow;
use std::fmt;

pub use validator::{Validate, ValidationError, ValidationErrors, ValidationErrorsKind};

/// One rule a value breaks: where (a JSON pointer, RFC 6901), which rule (`validator`'s code:
/// `length`, `range`, `regex`, `email`, `url`, or a custom check's), and what is wrong, in words.
///
/// Serialized as a member of a problem document's `errors` array.
///
/// # Examples
///
/// ```
/// use hal_core::forms::Violation;
///
/// let violation = Violation::new("/isbn", "regex", "must be thirteen digits");
/// assert_eq!(
///     serde_json::to_string(&violation)?,
///     r#"{"pointer":"/isbn","detail":"must be thirteen digits","rule":"regex"}"#,
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Violation {
    /// The member, as a JSON pointer into the request body (`/subscribeParam/label`).
    pub pointer: String,
    /// What is wrong with it.
    pub detail: String,
    /// The rule broken.
    pub rule: String,
}

impl Violation {
    /// A violation at `pointer` of `rule`, told as `detail`.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = hal_core::forms::Violation::new("/year", "range", "must be at least 1450, not 12");
    /// assert_eq!(v.pointer, "/year");
    /// ```
    pub fn new(
        pointer: impl Into<String>,
        rule: impl Into<String>,
        detail: impl Into<String>,
    ) -> Self {
        Violation {
            pointer: pointer.into(),
            detail: detail.into(),
            rule: rule.into(),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() {
            "the body"
        } else {
            &self.pointer
        };
        write!(f, "{at}: {}", self.detail)
    }
}

/// Every violation in `errors`, each at its JSON pointer, ordered by pointer then rule.
///
/// Keys are taken as member names (the derive writes serde's wire names) and escaped as
/// RFC 6901 says (`~` as `~0`, `/` as `~1`); list entries become array indexes. A message set
/// on an error is its detail; without one, its code and parameters are told.
///
/// # Examples
///
/// ```
/// use hal_core::forms::{ValidationError, ValidationErrors, violations};
///
/// let mut errors = ValidationErrors::new();
/// errors.add("a/b", ValidationError::new("custom").with_message("is taken".into()));
/// assert_eq!(violations(&errors)[0].pointer, "/a~1b");
/// assert_eq!(violations(&errors)[0].detail, "is taken");
/// ```
#[must_use]
pub fn violations(errors: &ValidationErrors) -> Vec<Violation> {
    let mut found = Vec::new();
    collect(errors, &mut String::new(), &mut found);
    found.sort_by(|a, b| (&a.pointer, &a.rule).cmp(&(&b.pointer, &b.rule)));
    found
}

/// The key `validator` files a collection's items under, read as the collection itself.
const ITEMS_KEY: &str = "_tmp_validator";

/// Where a member that breaks a rule and holds a value that breaks its own keeps its value's
/// errors; read as the member itself.
#[doc(hidden)]
pub const NESTED_KEY: &str = "_hal_nested";

/// Where a member that breaks a rule and holds a value that breaks its own keeps its own
/// errors; read as the member itself.
#[doc(hidden)]
pub const OWN_KEY: &str = "_hal_own";

fn collect(errors: &ValidationErrors, pointer: &mut String, found: &mut Vec<Violation>) {
    for (key, kind) in errors.errors() {
        let length = pointer.len();
        if ![ITEMS_KEY, NESTED_KEY, OWN_KEY].contains(&key.as_ref()) {
            pointer.push('/');
            escape_into(key, pointer);
        }
        match kind {
            ValidationErrorsKind::Field(errors) => {
                for error in errors {
                    found.push(Violation {
                        pointer: pointer.clone(),
                        detail: detail(error).into_owned(),
                        rule: error.code.to_string(),
                    });
                }
            }
            ValidationErrorsKind::Struct(inner) => collect(inner, pointer, found),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    let at = pointer.len();
                    pointer.push('/');
                    pointer.push_str(itoa::Buffer::new().format(*index));
                    collect(inner, pointer, found);
                    pointer.truncate(at);
                }
            }
        }
        pointer.truncate(length);
    }
}

fn escape_into(key: &str, pointer: &mut String) {
    for c in key.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

fn detail(error: &ValidationError) -> Cow<'_, str> {
    if let Some(message) = &error.message {
        return Cow::Borrowed(message);
    }
    let mut params: Vec<_> = error
        .params
        .iter()
        .filter(|(name, _)| *name != "value")
        .map(|(name, value)| format!("{name} {value}"))
        .collect();
    params.sort();
    if params.is_empty() {
        Cow::Owned(format!("breaks the rule `{}`", error.code))
    } else {
        Cow::Owned(format!(
            "breaks the rule `{}` ({})",
            error.code,
            params.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_and_listed_errors_become_pointers() {
        let mut item = ValidationErrors::new();
        item.add("value", ValidationError::new("length"));
        let mut list = std::collections::BTreeMap::new();
        list.insert(3, Box::new(item));
        let mut inner = ValidationErrors::new();
        inner
            .errors_mut()
            .insert("items".into(), ValidationErrorsKind::List(list));
        let mut outer = ValidationErrors::new();
        outer.merge_self("a~b", Err(inner));
        let found = violations(&outer);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/a~0b/items/3/value");
        assert_eq!(found[0].detail, "breaks the rule `length`");
        assert_eq!(
            found[0].to_string(),
            "/a~0b/items/3/value: breaks the rule `length`"
        );
    }

    #[test]
    fn parameters_are_told_when_there_is_no_message() {
        let mut error = ValidationError::new("range");
        error.add_param("max".into(), &5);
        error.add_param("min".into(), &1);
        error.add_param("value".into(), &9);
        let mut errors = ValidationErrors::new();
        errors.add("n", error);
        assert_eq!(
            violations(&errors)[0].detail,
            "breaks the rule `range` (max 5, min 1)"
        );
    }
}
