//! Reading HAL-FORMS objects within [`Limits`]: every list bounded, each member at most once,
//! unknown members kept, errors at the JSON path of the value at fault.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::options::{InlineOption, Options, OptionsLink};
use super::property::{InputType, Property};
use super::template::{Template, Templates};
use crate::read::Limits;

/// A HAL-FORMS object, read from a JSON object within limits.
pub(crate) trait FormObject: Sized {
    /// What the value must be, for the error when it is not an object.
    const EXPECTING: &'static str;

    fn read_map<'de, A: MapAccess<'de>>(map: A, limits: Limits) -> Result<Self, A::Error>;
}

/// Reads a `T` within `limits`: `map.next_value_seed(Within::<Templates>::new(limits))`.
pub(crate) struct Within<T>(Limits, PhantomData<fn() -> T>);

impl<T> Within<T> {
    pub(crate) fn new(limits: Limits) -> Self {
        Self(limits, PhantomData)
    }
}

impl<T> Clone for Within<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Within<T> {}

impl<'de, T: FormObject> DeserializeSeed<'de> for Within<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, T: FormObject> Visitor<'de> for Within<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read_map(map, self.0)
    }
}

/// Reads a `_templates` value the way a document's reader does, errors naming their path
/// relative to it: the validator's proof that what it calls valid is readable.
pub(crate) fn templates_from_value(
    templates: &Value,
    limits: Limits,
) -> Result<Templates, crate::ParseError> {
    let mut track = serde_path_to_error::Track::new();
    let tracked = serde_path_to_error::Deserializer::new(templates, &mut track);
    Within::<Templates>::new(limits)
        .deserialize(tracked)
        .map_err(|error| crate::ParseError::new(track.path(), error))
}

/// `Deserialize` for the objects, within [`Limits::DEFAULT`] (a whole document read with
/// [`Limits::parse_str`] applies its own).
macro_rules! deserialize_within_default_limits {
    ($($object:ty),*) => {$(
        impl<'de> Deserialize<'de> for $object {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Within::<$object>::new(Limits::DEFAULT).deserialize(deserializer)
            }
        }
    )*};
}
deserialize_within_default_limits!(Templates, Template, Property, Options, OptionsLink);

/// A JSON array of at most `max` elements, each read by `seed`.
#[derive(Clone, Copy)]
struct BoundedList<S> {
    max: usize,
    seed: S,
}

impl<'de, S: DeserializeSeed<'de> + Copy> DeserializeSeed<'de> for BoundedList<S> {
    type Value = Vec<S::Value>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, S: DeserializeSeed<'de> + Copy> Visitor<'de> for BoundedList<S> {
    type Value = Vec<S::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while items.len() < self.max {
            match seq.next_element_seed(self.seed)? {
                Some(item) => items.push(item),
                None => return Ok(items),
            }
        }
        // Raised while reading the element, so that the error's path ends at its index.
        match seq.next_element_seed(TooMany(self.max))? {
            Some(()) | None => Ok(items),
        }
    }
}

/// Refuses the entry beyond the limit.
struct TooMany(usize);

impl<'de> DeserializeSeed<'de> for TooMany {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, _deserializer: D) -> Result<(), D::Error> {
        Err(de::Error::custom(format_args!(
            "more than {} entries (the limit of HAL-FORMS lists)",
            self.0
        )))
    }
}

/// Refuses a member given twice.
struct Duplicate<'k>(&'k str);

impl<'de> DeserializeSeed<'de> for Duplicate<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, _deserializer: D) -> Result<(), D::Error> {
        Err(de::Error::custom(format_args!(
            "duplicate member `{}`",
            self.0
        )))
    }
}

/// Reads the value of member `key` into `slot` with `seed`, unless `slot` is filled already.
fn once<'de, A: MapAccess<'de>, S: DeserializeSeed<'de>>(
    map: &mut A,
    key: &str,
    slot: &mut Option<S::Value>,
    seed: S,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return map.next_value_seed(Duplicate(key));
    }
    *slot = Some(map.next_value_seed(seed)?);
    Ok(())
}

/// Reads member `key`'s value as a plain `T`, unless given already.
fn plain<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    key: &str,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    once(map, key, slot, PhantomData::<T>)
}

/// Keeps a member this model does not know ([F-26](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-26)).
fn extension<'de, A: MapAccess<'de>>(
    map: &mut A,
    key: String,
    extensions: &mut Map<String, Value>,
) -> Result<(), A::Error> {
    if extensions.contains_key(&key) {
        return map.next_value_seed(Duplicate(&key));
    }
    let value = map.next_value()?;
    extensions.insert(key, value);
    Ok(())
}

fn required<T, E: de::Error>(value: Option<T>, member: &'static str) -> Result<T, E> {
    value.ok_or_else(|| de::Error::missing_field(member))
}

impl FormObject for Templates {
    const EXPECTING: &'static str = "`_templates` as an object whose members are templates (F-02)";

    fn read_map<'de, A: MapAccess<'de>>(mut map: A, limits: Limits) -> Result<Self, A::Error> {
        let mut templates = Templates::new();
        while let Some(name) = map.next_key::<String>()? {
            if templates.len() == limits.max_form_entries() {
                return map
                    .next_value_seed(TooMany(limits.max_form_entries()))
                    .map(|()| templates);
            }
            let template = map.next_value_seed(Within::<Template>::new(limits))?;
            if let Err(name) = templates.insert_new(name, template) {
                return Err(de::Error::custom(format_args!(
                    "duplicate template `{name}`"
                )));
            }
        }
        Ok(templates)
    }
}

impl FormObject for Template {
    const EXPECTING: &'static str = "a template object";

    fn read_map<'de, A: MapAccess<'de>>(mut map: A, limits: Limits) -> Result<Self, A::Error> {
        let (mut method, mut content_type, mut target, mut title, mut properties) =
            (None, None, None, None, None);
        let mut extensions = Map::new();
        let properties_seed = BoundedList {
            max: limits.max_form_entries(),
            seed: Within::<Property>::new(limits),
        };
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "method" => plain(&mut map, &key, &mut method)?,
                "contentType" => plain(&mut map, &key, &mut content_type)?,
                "target" => plain(&mut map, &key, &mut target)?,
                "title" => plain(&mut map, &key, &mut title)?,
                "properties" => once(&mut map, &key, &mut properties, properties_seed)?,
                _ => extension(&mut map, key, &mut extensions)?,
            }
        }
        Ok(Template {
            method: required(method, "method")?,
            content_type,
            target,
            title,
            properties,
            extensions,
        })
    }
}

impl FormObject for Property {
    const EXPECTING: &'static str = "a property object";

    fn read_map<'de, A: MapAccess<'de>>(mut map: A, limits: Limits) -> Result<Self, A::Error> {
        let mut name = None;
        let mut property = Property::new(String::new());
        let mut input_type: Option<String> = None;
        let mut options = None;
        let mut extensions = Map::new();
        let p = &mut property;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "name" => plain(&mut map, &key, &mut name)?,
                "prompt" => plain(&mut map, &key, &mut p.prompt)?,
                "readOnly" => plain(&mut map, &key, &mut p.read_only)?,
                "regex" => plain(&mut map, &key, &mut p.regex)?,
                "required" => plain(&mut map, &key, &mut p.required)?,
                "templated" => plain(&mut map, &key, &mut p.templated)?,
                "value" => plain(&mut map, &key, &mut p.value)?,
                "type" => plain(&mut map, &key, &mut input_type)?,
                "min" => plain::<_, Number>(&mut map, &key, &mut p.min)?,
                "max" => plain::<_, Number>(&mut map, &key, &mut p.max)?,
                "minLength" => plain(&mut map, &key, &mut p.min_length)?,
                "maxLength" => plain(&mut map, &key, &mut p.max_length)?,
                "step" => plain::<_, Number>(&mut map, &key, &mut p.step)?,
                "placeholder" => plain(&mut map, &key, &mut p.placeholder)?,
                "cols" => plain(&mut map, &key, &mut p.cols)?,
                "rows" => plain(&mut map, &key, &mut p.rows)?,
                "options" => once(&mut map, &key, &mut options, Within::<Options>::new(limits))?,
                _ => extension(&mut map, key, &mut extensions)?,
            }
        }
        property.name = required(name, "name")?;
        property.input_type = input_type.as_deref().map(InputType::from);
        property.options = options;
        property.extensions = extensions;
        Ok(property)
    }
}

impl FormObject for Options {
    const EXPECTING: &'static str = "an options object";

    fn read_map<'de, A: MapAccess<'de>>(mut map: A, limits: Limits) -> Result<Self, A::Error> {
        let mut options = Options::default();
        let max = limits.max_form_entries();
        let o = &mut options;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "inline" => once(
                    &mut map,
                    &key,
                    &mut o.inline,
                    BoundedList {
                        max,
                        seed: PhantomData::<InlineOption>,
                    },
                )?,
                "link" => once(
                    &mut map,
                    &key,
                    &mut o.link,
                    Within::<OptionsLink>::new(limits),
                )?,
                "promptField" => plain(&mut map, &key, &mut o.prompt_field)?,
                "valueField" => plain(&mut map, &key, &mut o.value_field)?,
                "selectedValues" => once(
                    &mut map,
                    &key,
                    &mut o.selected_values,
                    BoundedList {
                        max,
                        seed: PhantomData::<String>,
                    },
                )?,
                "minItems" => plain(&mut map, &key, &mut o.min_items)?,
                "maxItems" => plain(&mut map, &key, &mut o.max_items)?,
                _ => extension(&mut map, key, &mut o.extensions)?,
            }
        }
        Ok(options)
    }
}

impl FormObject for OptionsLink {
    const EXPECTING: &'static str = "an options link object";

    fn read_map<'de, A: MapAccess<'de>>(mut map: A, _limits: Limits) -> Result<Self, A::Error> {
        let mut href = None;
        let mut link = OptionsLink::new(String::new());
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "href" => plain(&mut map, &key, &mut href)?,
                "templated" => plain(&mut map, &key, &mut link.templated)?,
                "type" => plain(&mut map, &key, &mut link.media_type)?,
                _ => extension(&mut map, key, &mut link.extensions)?,
            }
        }
        link.href = required(href, "href")?;
        Ok(link)
    }
}

impl<'de> Deserialize<'de> for InlineOption {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(InlineOptionVisitor)
    }
}

struct InlineOptionVisitor;

impl<'de> Visitor<'de> for InlineOptionVisitor {
    type Value = InlineOption;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an option: a string or an object (F-30)")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<InlineOption, E> {
        Ok(InlineOption::Value(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<InlineOption, E> {
        Ok(InlineOption::Value(value))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<InlineOption, A::Error> {
        Map::deserialize(de::value::MapAccessDeserializer::new(map)).map(InlineOption::Object)
    }
}
