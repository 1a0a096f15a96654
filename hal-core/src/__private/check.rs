//! The rules `#[derive(HalForm)]`'s `Validate` implementation calls: each answers `None` when
//! the value keeps the rule, or the error to file under the member's wire name.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::fmt::Display;
use std::sync::OnceLock;

use validator::{
    ValidateEmail, ValidateUrl, ValidationError, ValidationErrors, ValidationErrorsKind,
};

/// Files a member's errors under its wire name: its own (a rule on the member) and its
/// value's (a nested input or the items of a list). `validator` keeps one kind of entry per
/// name, so when there are both, they go under two keys that `violations` reads as the
/// member itself.
pub fn file(
    errors: &mut ValidationErrors,
    name: &'static str,
    own: Vec<ValidationError>,
    nested: Result<(), ValidationErrors>,
) {
    match (own.is_empty(), nested) {
        (true, Ok(())) => {}
        (false, Ok(())) => {
            errors
                .errors_mut()
                .insert(Cow::Borrowed(name), ValidationErrorsKind::Field(own));
        }
        (true, Err(inner)) => {
            errors.merge_self(name, Err(inner));
        }
        (false, Err(inner)) => {
            let mut both = ValidationErrors::new();
            both.merge_self(crate::forms::NESTED_KEY, Err(inner));
            both.errors_mut().insert(
                Cow::Borrowed(crate::forms::OWN_KEY),
                ValidationErrorsKind::Field(own),
            );
            errors.merge_self(name, Err(both));
        }
    }
}

/// A bound as the attribute wrote it: whole or fractional.
#[derive(Clone, Copy, Debug)]
pub enum Bound {
    Whole(i128),
    Fraction(f64),
}

impl Display for Bound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Bound::Whole(n) => write!(f, "{n}"),
            Bound::Fraction(x) => write!(f, "{x}"),
        }
    }
}

/// A number a `min` or `max` bounds, compared exactly when both are whole.
pub trait Numeric: Display {
    /// How the value compares with `bound`; `None` for NaN.
    fn compare(&self, bound: Bound) -> Option<Ordering>;
}

macro_rules! whole {
    ($($t:ty),*) => {$(
        impl Numeric for $t {
            fn compare(&self, bound: Bound) -> Option<Ordering> {
                match bound {
                    Bound::Whole(b) => Some(i128::from(*self).cmp(&b)),
                    // Precision is enough to compare with a fraction a person writes.
                    #[allow(clippy::cast_precision_loss)]
                    Bound::Fraction(b) => (*self as f64).partial_cmp(&b),
                }
            }
        }
    )*};
}
whole!(i8, i16, i32, i64, u8, u16, u32, u64);

macro_rules! sized {
    ($($t:ty => $via:ty),*) => {$(
        impl Numeric for $t {
            fn compare(&self, bound: Bound) -> Option<Ordering> {
                // `isize`/`usize` are at most 64 bits wide on every target Rust supports.
                <$via>::try_from(*self).ok()?.compare(bound)
            }
        }
    )*};
}
sized!(isize => i64, usize => u64);

macro_rules! fraction {
    ($($t:ty),*) => {$(
        impl Numeric for $t {
            fn compare(&self, bound: Bound) -> Option<Ordering> {
                let value = f64::from(*self);
                match bound {
                    // Precision is enough to compare with a bound a person writes.
                    #[allow(clippy::cast_precision_loss)]
                    Bound::Whole(b) => value.partial_cmp(&(b as f64)),
                    Bound::Fraction(b) => value.partial_cmp(&b),
                }
            }
        }
    )*};
}
fraction!(f32, f64);

/// `min` and `max`: the number is within them.
pub fn range<T: Numeric + ?Sized>(
    value: &T,
    min: Option<Bound>,
    max: Option<Bound>,
) -> Option<ValidationError> {
    let below = min.filter(|&m| value.compare(m).is_none_or(Ordering::is_lt));
    let above = max.filter(|&m| value.compare(m).is_none_or(Ordering::is_gt));
    let message = match (below, above, min, max) {
        (None, None, _, _) => return None,
        (_, _, Some(min), Some(max)) => format!("must be between {min} and {max}, not {value}"),
        (Some(min), _, _, _) => format!("must be at least {min}, not {value}"),
        (_, Some(max), _, _) => format!("must be at most {max}, not {value}"),
    };
    let mut error = ValidationError::new("range").with_message(message.into());
    if let Some(min) = min {
        error.add_param(Cow::Borrowed("min"), &min.to_string());
    }
    if let Some(max) = max {
        error.add_param(Cow::Borrowed("max"), &max.to_string());
    }
    Some(error)
}

/// What `min_length`, `max_length`, `min_items` and `max_items` count: characters of text
/// (Unicode scalar values, as JSON Schema counts them), items of a collection.
pub trait Counted {
    /// The count, and what is counted (singular).
    fn count(&self) -> (usize, &'static str);
}

impl Counted for str {
    fn count(&self) -> (usize, &'static str) {
        (self.chars().count(), "character")
    }
}

impl Counted for String {
    fn count(&self) -> (usize, &'static str) {
        self.as_str().count()
    }
}

impl Counted for Cow<'_, str> {
    fn count(&self) -> (usize, &'static str) {
        (**self).count()
    }
}

impl<T> Counted for [T] {
    fn count(&self) -> (usize, &'static str) {
        (self.len(), "item")
    }
}

impl<T> Counted for Vec<T> {
    fn count(&self) -> (usize, &'static str) {
        (self.len(), "item")
    }
}

macro_rules! collection {
    ($($t:ident<$($p:ident),*>),*) => {$(
        impl<$($p),*> Counted for $t<$($p),*> {
            fn count(&self) -> (usize, &'static str) {
                (self.len(), "item")
            }
        }
    )*};
}
collection!(VecDeque<T>, BTreeSet<T>, HashSet<T, S>, BTreeMap<K, V>, HashMap<K, V, S>);

/// `min_length`/`max_length` (or `min_items`/`max_items`): the count is within them.
pub fn count<T: Counted + ?Sized>(
    value: &T,
    min: Option<u64>,
    max: Option<u64>,
) -> Option<ValidationError> {
    let (count, unit) = value.count();
    let count = u64::try_from(count).unwrap_or(u64::MAX);
    let plural = |n: u64| {
        if n == 1 {
            unit.to_owned()
        } else {
            format!("{unit}s")
        }
    };
    let message = match (min, max) {
        (Some(min), Some(max)) if count < min || count > max => {
            format!("must have {min} to {max} {}, not {count}", plural(max))
        }
        (Some(min), None) if count < min => {
            format!("must have at least {min} {}, not {count}", plural(min))
        }
        (None, Some(max)) if count > max => {
            format!("must have at most {max} {}, not {count}", plural(max))
        }
        _ => return None,
    };
    let code = if unit == "item" { "items" } else { "length" };
    let mut error = ValidationError::new(code).with_message(message.into());
    if let Some(min) = min {
        error.add_param(Cow::Borrowed("min"), &min);
    }
    if let Some(max) = max {
        error.add_param(Cow::Borrowed("max"), &max);
    }
    Some(error)
}

/// Where a `regex` field keeps its compiled pattern: one per field, compiled on first use.
pub type PatternCell = OnceLock<Option<regress::Regex>>;

/// `regex`: the whole text matches the pattern, as HTML and HAL-FORMS read it (`^(?:…)$`,
/// ECMAScript syntax, `u` flag). The derive compiled the pattern when it expanded, so
/// compiling it here cannot fail; if it ever did, every value would be refused.
pub fn pattern(
    compiled: &'static PatternCell,
    source: &'static str,
    value: &str,
) -> Option<ValidationError> {
    let regex =
        compiled.get_or_init(|| regress::Regex::with_flags(&format!("^(?:{source})$"), "u").ok());
    if regex.as_ref().is_some_and(|r| r.find(value).is_some()) {
        return None;
    }
    let mut error = ValidationError::new("regex")
        .with_message(format!("must match the pattern `{source}`").into());
    error.add_param(Cow::Borrowed("pattern"), &source);
    Some(error)
}

/// `input_type = "email"`: an e-mail address as HTML's `type=email` takes it (`validator`'s
/// check).
pub fn email(value: &str) -> Option<ValidationError> {
    if value.validate_email() {
        return None;
    }
    Some(ValidationError::new("email").with_message("must be an e-mail address".into()))
}

/// `input_type = "url"`: an absolute URL (`validator`'s check, on the `url` crate).
pub fn url(value: &str) -> Option<ValidationError> {
    if value.validate_url() {
        return None;
    }
    Some(ValidationError::new("url").with_message("must be an absolute URL".into()))
}

/// `check = path`: a custom check; its error's text is the message.
pub fn custom<E: Display>(result: Result<(), E>) -> Option<ValidationError> {
    let error = result.err()?;
    Some(ValidationError::new("custom").with_message(error.to_string().into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_bounds_compare_exactly() {
        let max = Some(Bound::Whole(i128::from(u64::MAX) - 1));
        assert!(range(&u64::MAX, None, max).is_some());
        assert!(range(&(u64::MAX - 1), None, max).is_none());
        assert!(range(&0.5_f64, Some(Bound::Whole(1)), None).is_some());
        assert!(range(&f64::NAN, Some(Bound::Whole(1)), None).is_some());
        assert!(range(&1_usize, Some(Bound::Fraction(0.5)), None).is_none());
    }

    #[test]
    fn counts_are_characters_or_items() {
        let error = count("ééé", None, Some(2)).map(|e| e.message);
        assert_eq!(
            error,
            Some(Some("must have at most 2 characters, not 3".into()))
        );
        assert!(count("éé", None, Some(2)).is_none());
        let error = count(&vec![1], Some(2), Some(2)).map(|e| e.code);
        assert_eq!(error.as_deref(), Some("items"));
    }

    #[test]
    fn patterns_are_whole_matches() {
        static CELL: PatternCell = PatternCell::new();
        assert!(pattern(&CELL, "[0-9]{2}|x", "12").is_none());
        assert!(pattern(&CELL, "[0-9]{2}|x", "123").is_some());
        assert!(pattern(&CELL, "[0-9]{2}|x", "ax").is_some());
    }
}
