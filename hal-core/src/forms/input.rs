//! `HalForm` (an input type as properties) and `FormInput` (a field type's natural input).

use super::options::{InlineOption, Options};
use super::property::{InputType, Property};

/// The extension member that marks a property whose value is JSON text, sent as the JSON value
/// it holds rather than as a string: fields marked `#[hal_form(json)]`, and `bool`s.
///
/// # Examples
///
/// ```
/// use hal_core::forms::{FormInput, JSON_VALUE, Property};
///
/// let property = <bool as FormInput>::describe(Property::new("enabled"));
/// assert_eq!(property.extensions()[JSON_VALUE], true);
/// ```
pub const JSON_VALUE: &str = "x-json";

/// An input type that describes itself as HAL-FORMS properties, one per member a client sends.
///
/// Derive it (`#[derive(HalForm)]`, feature `derive`) on the struct a handler deserializes, so
/// the form cannot drift from what the handler accepts: serde's renames and defaults apply,
/// `Option<T>` and `#[serde(default)]` fields are not required, and each field's type gives
/// its input type through [`FormInput`]. See the derive's documentation for the attributes.
///
/// # Examples
///
/// ```
/// use hal_core::forms::{HalForm, Property};
///
/// struct Search;
///
/// impl HalForm for Search {
///     fn properties() -> Vec<Property> {
///         vec![Property::new("q").required()]
///     }
/// }
///
/// assert_eq!(Search::properties()[0].name(), "q");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a HAL-FORMS input type",
    label = "its fields cannot be listed as form properties",
    note = "derive `HalForm` for `{Self}` (it must be the type the handler deserializes)"
)]
pub trait HalForm {
    /// The properties, in the order a person fills them in.
    fn properties() -> Vec<Property>;

    /// The bounds on how many items a member holds (`min_items`/`max_items`), by property
    /// name: HAL-FORMS states them only for options, the OpenAPI schema for every array.
    #[doc(hidden)]
    fn item_bounds() -> Vec<(String, Option<u64>, Option<u64>)> {
        Vec::new()
    }
}

/// An optional nested input: every property it has is optional.
impl<T: HalForm> HalForm for Option<T> {
    fn properties() -> Vec<Property> {
        T::properties()
            .into_iter()
            .map(Property::optional)
            .collect()
    }

    fn item_bounds() -> Vec<(String, Option<u64>, Option<u64>)> {
        T::item_bounds()
    }
}

/// A field type with a natural form input: text for strings, `number` for numbers, a choice
/// for enums of unit variants (`#[derive(HalForm)]` on the enum), a date for dates.
///
/// # Examples
///
/// ```
/// use hal_core::forms::{FormInput, InputType, Property};
///
/// let property = <u8 as FormInput>::describe(Property::new("size"));
/// assert_eq!(property.input_type(), InputType::Number);
/// assert_eq!(property.max().and_then(|n| n.as_u64()), Some(255));
/// assert!(!<Option<u8> as FormInput>::REQUIRED);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no natural form input",
    label = "no HAL-FORMS input type for this field",
    note = "a nested input type derives `HalForm` and its field is marked `#[hal_form(nested)]`; any other value can be taken as JSON text with `#[hal_form(json)]`"
)]
pub trait FormInput {
    /// Whether a value must be sent: `false` for `Option<T>`.
    const REQUIRED: bool = true;

    /// Gives `property` this type's input type, bounds and options.
    fn describe(property: Property) -> Property;
}

impl<T: FormInput> FormInput for Option<T> {
    const REQUIRED: bool = false;

    fn describe(property: Property) -> Property {
        T::describe(property)
    }
}

impl<T: FormInput + ?Sized> FormInput for Box<T> {
    const REQUIRED: bool = T::REQUIRED;

    fn describe(property: Property) -> Property {
        T::describe(property)
    }
}

impl FormInput for String {
    fn describe(property: Property) -> Property {
        property.with_type(InputType::Text)
    }
}

impl FormInput for char {
    fn describe(property: Property) -> Property {
        property
            .with_type(InputType::Text)
            .with_min_length(1)
            .with_max_length(1)
    }
}

impl FormInput for bool {
    fn describe(property: Property) -> Property {
        property
            .with_options(
                Options::inline([InlineOption::from("true"), InlineOption::from("false")])
                    .with_max_items(1),
            )
            .with_extension(JSON_VALUE, true)
    }
}

/// Integers: `number` inputs in steps of 1, bounded by the type where the bounds are of a size
/// a person could type.
macro_rules! integer_inputs {
    (bounded: $($bounded:ty),*; unsigned: $($unsigned:ty),*; signed: $($signed:ty),*) => {
        $(impl FormInput for $bounded {
            fn describe(property: Property) -> Property {
                property
                    .with_type(InputType::Number)
                    .with_min(<$bounded>::MIN)
                    .with_max(<$bounded>::MAX)
                    .with_step(1)
            }
        })*
        $(impl FormInput for $unsigned {
            fn describe(property: Property) -> Property {
                property.with_type(InputType::Number).with_min(0).with_step(1)
            }
        })*
        $(impl FormInput for $signed {
            fn describe(property: Property) -> Property {
                property.with_type(InputType::Number).with_step(1)
            }
        })*
    };
}
integer_inputs!(bounded: u8, u16, u32, i8, i16, i32; unsigned: u64, usize; signed: i64, isize);

/// Fractions: `number` inputs without a step.
macro_rules! float_inputs {
    ($($float:ty),*) => {$(
        impl FormInput for $float {
            fn describe(property: Property) -> Property {
                property.with_type(InputType::Number)
            }
        }
    )*};
}
float_inputs!(f32, f64);

#[cfg(feature = "chrono")]
mod chrono_inputs {
    use super::{FormInput, InputType, Property};

    /// An RFC 3339 time in UTC, typed as text: HTML's `datetime-local` has no offset.
    impl FormInput for chrono::DateTime<chrono::Utc> {
        fn describe(property: Property) -> Property {
            property
                .with_type(InputType::Text)
                .with_placeholder("2026-01-31T08:00:00Z")
        }
    }

    impl FormInput for chrono::NaiveDate {
        fn describe(property: Property) -> Property {
            property.with_type(InputType::Date)
        }
    }

    impl FormInput for chrono::NaiveTime {
        fn describe(property: Property) -> Property {
            property.with_type(InputType::Time)
        }
    }
}
