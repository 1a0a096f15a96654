//! A form's rules in the OpenAPI schema of its input: what the HAL-FORMS template advertises
//! and `Validate` enforces, the document states too.

use std::collections::BTreeMap;

use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{Object, Schema, SchemaFormat};

use crate::forms::{HalForm, InputType, Property};

/// Writes the rules of `T`'s form into the schema components: for each property, its bounds
/// (`minimum`/`maximum`, `minLength`/`maxLength`, `minItems`/`maxItems`), its pattern (anchored, `^(?:…)$`, as HTML
/// and HAL-FORMS match it while JSON Schema searches) and its format (`email`, `uri`), on the
/// member the property names. A nested property (`subscribeParam.label`) is found through
/// the members and `$ref`s of `T`'s component, so the rules of a nested input type land on
/// that type's own component.
///
/// Call it once the components are all registered, for each form input type. A property
/// whose member the schema does not have is left out: the schema is what serde reads, and
/// the form is derived from the same struct, so that happens only for hand-written forms.
///
/// # Examples
///
/// ```
/// use std::collections::BTreeMap;
/// use hal_core::forms::HalForm;
/// use utoipa::{PartialSchema, ToSchema};
///
/// #[derive(serde::Deserialize, HalForm, ToSchema)]
/// struct NewBook {
///     #[hal_form(regex = "[0-9]{13}")]
///     isbn: String,
///     #[hal_form(min = 1450, max = 2100)]
///     year: i32,
/// }
///
/// let mut schemas = BTreeMap::from([(NewBook::name().into_owned(), NewBook::schema())]);
/// hal_core::openapi::apply_form::<NewBook>(&mut schemas);
/// let schema = serde_json::to_value(&schemas["NewBook"])?;
/// assert_eq!(schema["properties"]["isbn"]["pattern"], "^(?:[0-9]{13})$");
/// assert_eq!(schema["properties"]["year"]["minimum"], 1450);
/// assert_eq!(schema["properties"]["year"]["maximum"], 2100);
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn apply_form<T: HalForm + ToSchema>(schemas: &mut BTreeMap<String, RefOr<Schema>>) {
    let name = T::name();
    let Some(mut root) = schemas.remove(name.as_ref()) else {
        return;
    };
    for property in T::properties() {
        let path: Vec<&str> = property.name().split('.').collect();
        apply(schemas, &mut root, &path, &Rules::Property(&property));
    }
    for (name, min, max) in T::item_bounds() {
        let path: Vec<&str> = name.split('.').collect();
        apply(schemas, &mut root, &path, &Rules::Items(min, max));
    }
    schemas.insert(name.into_owned(), root);
}

/// What to write on a member.
enum Rules<'a> {
    /// A form property's bounds, pattern and format.
    Property(&'a Property),
    /// `minItems` and `maxItems`.
    Items(Option<u64>, Option<u64>),
}

/// Finds the member at `path` below `node` and writes `rules` on it. A component
/// is taken out of `schemas` while it is walked, so a cycle of references ends.
fn apply(
    schemas: &mut BTreeMap<String, RefOr<Schema>>,
    node: &mut RefOr<Schema>,
    path: &[&str],
    rules: &Rules<'_>,
) {
    match node {
        RefOr::Ref(reference) => {
            let Some(name) = reference
                .ref_location
                .strip_prefix("#/components/schemas/")
                .map(str::to_owned)
            else {
                return;
            };
            if let Some(mut target) = schemas.remove(&name) {
                apply(schemas, &mut target, path, rules);
                schemas.insert(name, target);
            }
        }
        RefOr::T(Schema::Object(object)) => match path.split_first() {
            None => {
                if let Rules::Property(property) = rules {
                    write_rules(object, property);
                }
            }
            Some((member, rest)) => {
                if let Some(child) = object.properties.get_mut(*member) {
                    apply(schemas, child, rest, rules);
                }
            }
        },
        RefOr::T(Schema::OneOf(one_of)) => {
            for item in &mut one_of.items {
                apply(schemas, item, path, rules);
            }
        }
        RefOr::T(Schema::AnyOf(any_of)) => {
            for item in &mut any_of.items {
                apply(schemas, item, path, rules);
            }
        }
        RefOr::T(Schema::AllOf(all_of)) => {
            for item in &mut all_of.items {
                apply(schemas, item, path, rules);
            }
        }
        RefOr::T(Schema::Array(array)) if path.is_empty() => {
            if let Rules::Items(min, max) = rules {
                let size = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
                array.min_items = min.map(size);
                array.max_items = max.map(size);
            }
        }
        _ => {}
    }
}

fn write_rules(object: &mut Object, property: &Property) {
    // `null`, the other alternative of an optional member, has nothing to bound.
    if matches!(&object.schema_type, utoipa::openapi::schema::SchemaType::Type(t) if *t == utoipa::openapi::schema::Type::Null)
    {
        return;
    }
    if let Some(min) = property.min() {
        object.minimum = Some(number(min));
    }
    if let Some(max) = property.max() {
        object.maximum = Some(number(max));
    }
    if let Some(min) = property.min_length() {
        object.min_length = Some(usize::try_from(min).unwrap_or(usize::MAX));
    }
    if let Some(max) = property.max_length() {
        object.max_length = Some(usize::try_from(max).unwrap_or(usize::MAX));
    }
    if let Some(regex) = property.regex() {
        object.pattern = Some(format!("^(?:{regex})$"));
    }
    match property.input_type() {
        InputType::Email => object.format = Some(SchemaFormat::Custom("email".into())),
        InputType::Url => object.format = Some(SchemaFormat::Custom("uri".into())),
        _ => {}
    }
}

fn number(value: &serde_json::Number) -> utoipa::Number {
    if let Some(n) = value.as_u64().and_then(|n| usize::try_from(n).ok()) {
        utoipa::Number::UInt(n)
    } else if let Some(n) = value.as_i64().and_then(|n| isize::try_from(n).ok()) {
        utoipa::Number::Int(n)
    } else {
        utoipa::Number::Float(value.as_f64().unwrap_or(f64::NAN))
    }
}
