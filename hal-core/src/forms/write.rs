//! Writing HAL-FORMS objects: each object's members in the specification's order, only those
//! given, then its extensions.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

use super::options::{InlineOption, Options, OptionsLink};
use super::property::{InputType, Property};
use super::template::{Template, Templates};

/// Writes `key` when `value` is given.
fn given<M: SerializeMap, T: Serialize>(
    map: &mut M,
    key: &'static str,
    value: Option<&T>,
) -> Result<(), M::Error> {
    match value {
        Some(value) => map.serialize_entry(key, value),
        None => Ok(()),
    }
}

fn extensions<M: SerializeMap>(
    map: &mut M,
    extensions: &Map<String, Value>,
) -> Result<(), M::Error> {
    extensions
        .iter()
        .try_for_each(|(key, value)| map.serialize_entry(key, value))
}

impl Serialize for Templates {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl Serialize for Template {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("method", &self.method)?;
        given(&mut map, "contentType", self.content_type.as_ref())?;
        given(&mut map, "target", self.target.as_ref())?;
        given(&mut map, "title", self.title.as_ref())?;
        given(&mut map, "properties", self.properties.as_ref())?;
        extensions(&mut map, &self.extensions)?;
        map.end()
    }
}

impl Serialize for Property {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("name", &self.name)?;
        given(&mut map, "prompt", self.prompt.as_ref())?;
        given(&mut map, "readOnly", self.read_only.as_ref())?;
        given(&mut map, "regex", self.regex.as_ref())?;
        given(&mut map, "required", self.required.as_ref())?;
        given(&mut map, "templated", self.templated.as_ref())?;
        given(&mut map, "value", self.value.as_ref())?;
        given(&mut map, "type", self.input_type.as_ref())?;
        given(&mut map, "min", self.min.as_ref())?;
        given(&mut map, "max", self.max.as_ref())?;
        given(&mut map, "minLength", self.min_length.as_ref())?;
        given(&mut map, "maxLength", self.max_length.as_ref())?;
        given(&mut map, "step", self.step.as_ref())?;
        given(&mut map, "placeholder", self.placeholder.as_ref())?;
        given(&mut map, "cols", self.cols.as_ref())?;
        given(&mut map, "rows", self.rows.as_ref())?;
        given(&mut map, "options", self.options.as_ref())?;
        extensions(&mut map, &self.extensions)?;
        map.end()
    }
}

impl Serialize for InputType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Serialize for Options {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        given(&mut map, "inline", self.inline.as_ref())?;
        given(&mut map, "link", self.link.as_ref())?;
        given(&mut map, "promptField", self.prompt_field.as_ref())?;
        given(&mut map, "valueField", self.value_field.as_ref())?;
        given(&mut map, "selectedValues", self.selected_values.as_ref())?;
        given(&mut map, "minItems", self.min_items.as_ref())?;
        given(&mut map, "maxItems", self.max_items.as_ref())?;
        extensions(&mut map, &self.extensions)?;
        map.end()
    }
}

impl Serialize for InlineOption {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            InlineOption::Value(value) => serializer.serialize_str(value),
            InlineOption::Object(object) => object.serialize(serializer),
        }
    }
}

impl Serialize for OptionsLink {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("href", &self.href)?;
        given(&mut map, "templated", self.templated.as_ref())?;
        given(&mut map, "type", self.media_type.as_ref())?;
        extensions(&mut map, &self.extensions)?;
        map.end()
    }
}
