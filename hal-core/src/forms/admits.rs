//! What a property admits: the checks a HAL-FORMS client makes before it sends a value.

use std::cmp::Ordering;

use serde_json::{Number, Value};
use validator::{ValidateEmail, ValidateUrl};

use super::input::JSON_VALUE;
use super::property::{InputType, Property};

impl Property {
    /// The member of `body` this property names: a dotted name (`address.city`, as a nested
    /// form names its members) is member `city` of member `address`. `None` when the body
    /// lacks it, or a member on the way is not an object.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::forms::Property;
    /// use serde_json::json;
    ///
    /// let body = json!({"address": {"city": "Lyon"}, "name": "Ada"});
    /// let city = Property::new("address.city").required();
    /// assert_eq!(city.value_in(&body), Some(&json!("Lyon")));
    /// assert!(city.admits(city.value_in(&body)).is_ok());
    /// assert_eq!(Property::new("address.zip").value_in(&body), None);
    /// assert_eq!(Property::new("name.first").value_in(&body), None);
    /// ```
    #[must_use]
    pub fn value_in<'a>(&self, body: &'a Value) -> Option<&'a Value> {
        self.name()
            .split('.')
            .try_fold(body, |value, member| value.as_object()?.get(member))
    }

    /// Whether `value` (`None` when the member is left out) keeps every rule this property
    /// states: `required`, `minLength`/`maxLength` (characters), `regex` (matched whole, as
    /// HTML does), `min`/`max`/`step`, the `email` and `url` input types, and for a property with
    /// inline options, that each value chosen is one of them and their count is within
    /// `minItems`/`maxItems`. A `json` property (a textarea of JSON text) states nothing about
    /// the value it holds, so any is admitted.
    ///
    /// This is what a client can check before it submits; the service's own check
    /// (`Validate`, from the same declaration) is the one that counts.
    ///
    /// # Errors
    ///
    /// The first rule broken, in words.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::forms::Property;
    /// use serde_json::json;
    ///
    /// let isbn = Property::new("isbn").required().with_regex("[0-9]{13}");
    /// assert!(isbn.admits(Some(&json!("9780306406157"))).is_ok());
    /// assert_eq!(isbn.admits(Some(&json!("12"))).unwrap_err(), "must match the pattern `[0-9]{13}`");
    /// assert_eq!(isbn.admits(None).unwrap_err(), "is required");
    ///
    /// let year = Property::new("year").with_min(1450).with_max(2100);
    /// assert!(year.admits(Some(&json!(2100))).is_ok());
    /// assert!(year.admits(Some(&json!(2100.5))).is_err());
    /// ```
    pub fn admits(&self, value: Option<&Value>) -> Result<(), String> {
        let Some(value) = value.filter(|v| !v.is_null()) else {
            return if self.is_required() {
                Err("is required".into())
            } else {
                Ok(())
            };
        };
        if self.extensions().contains_key(JSON_VALUE) {
            return Ok(());
        }
        if let Some(options) = self.options().filter(|o| o.inline_values().is_some()) {
            let chosen: Vec<String> = match value {
                Value::Array(items) => items.iter().map(option_text).collect(),
                single => vec![option_text(single)],
            };
            if let Some(stranger) = chosen
                .iter()
                .find(|c| !options.values().any(|(_, v)| v == c.as_str()))
            {
                return Err(format!("`{stranger}` is not one of its options"));
            }
            let count = u64::try_from(chosen.len()).unwrap_or(u64::MAX);
            if count < options.min_items() || options.max_items().is_some_and(|m| count > m) {
                return Err(format!("{count} options are chosen, out of its bounds"));
            }
            return Ok(());
        }
        match value {
            Value::String(text) => self.admits_text(text),
            Value::Number(number) => self.admits_number(number),
            Value::Bool(_) => Ok(()),
            _ => Err("is not a value a form input holds".into()),
        }
    }

    fn admits_text(&self, text: &str) -> Result<(), String> {
        let length = u64::try_from(text.chars().count()).unwrap_or(u64::MAX);
        if let Some(min) = self.min_length().filter(|&m| length < m) {
            return Err(format!("must have at least {min} characters, not {length}"));
        }
        if let Some(max) = self.max_length().filter(|&m| length > m) {
            return Err(format!("must have at most {max} characters, not {length}"));
        }
        if let Some(pattern) = self.regex() {
            let matches = regress::Regex::with_flags(&format!("^(?:{pattern})$"), "u")
                .is_ok_and(|regex| regex.find(text).is_some());
            if !matches {
                return Err(format!("must match the pattern `{pattern}`"));
            }
        }
        match self.input_type() {
            InputType::Email if !text.validate_email() => Err("must be an e-mail address".into()),
            InputType::Url if !text.validate_url() => Err("must be an absolute URL".into()),
            _ => Ok(()),
        }
    }

    fn admits_number(&self, number: &Number) -> Result<(), String> {
        if let Some(min) = self.min()
            && compare(number, min).is_none_or(Ordering::is_lt)
        {
            return Err(format!("must be at least {min}, not {number}"));
        }
        if let Some(max) = self.max()
            && compare(number, max).is_none_or(Ordering::is_gt)
        {
            return Err(format!("must be at most {max}, not {number}"));
        }
        // HTML's step: whole steps from `min` (or 0).
        if let Some(step) = self.step().and_then(Number::as_f64).filter(|s| *s > 0.0) {
            let base = self.min().and_then(Number::as_f64).unwrap_or(0.0);
            let steps = (number.as_f64().unwrap_or(f64::NAN) - base) / step;
            if steps.fract() != 0.0 {
                return Err(format!(
                    "must be {base} plus whole steps of {step}, not {number}"
                ));
            }
        }
        Ok(())
    }
}

/// An option's value as a form holds it: text, or a scalar's JSON (`true`, `3`).
fn option_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Compares two JSON numbers exactly when both are whole.
fn compare(a: &Number, b: &Number) -> Option<Ordering> {
    let whole = |n: &Number| {
        n.as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from))
    };
    match (whole(a), whole(b)) {
        (Some(a), Some(b)) => Some(a.cmp(&b)),
        _ => a.as_f64()?.partial_cmp(&b.as_f64()?),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::forms::Options;

    #[test]
    fn options_admit_their_values_only() {
        let choice = Property::new("status")
            .with_options(Options::inline(["Running", "Paused"]).with_max_items(1));
        assert!(choice.admits(Some(&json!("Paused"))).is_ok());
        assert!(choice.admits(Some(&json!("Failed"))).is_err());
        assert!(choice.admits(Some(&json!(["Paused", "Running"]))).is_err());
        let flag = Property::new("on").with_options(Options::inline(["true", "false"]));
        assert!(flag.admits(Some(&json!(true))).is_ok());
    }

    #[test]
    fn whole_bounds_compare_exactly_and_json_text_is_anything() {
        let big = Property::new("n").with_max(u64::MAX - 1);
        assert!(big.admits(Some(&json!(u64::MAX))).is_err());
        let json = Property::new("j").with_extension(JSON_VALUE, true);
        assert!(json.admits(Some(&json!({"any": [1]}))).is_ok());
        let email = Property::new("e").with_type(InputType::Email);
        assert!(email.admits(Some(&json!("ann@example.com"))).is_ok());
        assert!(email.admits(Some(&json!("ann"))).is_err());
        assert!(
            Property::new("x")
                .admits(Some(&json!({"no": "object"})))
                .is_err()
        );
    }
}
