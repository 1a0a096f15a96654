//! The HAL-FORMS rules (F-nn) a document's `_templates` can break.

use std::collections::HashSet;

use serde_json::{Map, Number, Value};

use super::{Step, Validator, is_uri_char, kind};
use crate::forms::InputType;
use crate::read::PathSegment;
use crate::template::UriTemplate;

impl<'a> Validator<'a> {
    /// `_templates`: an object of template objects ([F-02](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-02)).
    pub(super) fn templates(&mut self, templates_value: &'a Value) {
        let Value::Object(templates) = templates_value else {
            self.error(
                "F-02",
                format!("`_templates` is {}, not an object", kind(templates_value)),
            );
            return;
        };
        let errors_before = self.error_count();
        for (name, template) in templates {
            self.within(Step::Key(name), |v| match template {
                Value::Object(template) => v.template(template),
                other => v.error(
                    "F-02",
                    format!("template is {}, not an object", kind(other)),
                ),
            });
        }
        if self.error_count() == errors_before {
            self.readable(templates_value);
        }
    }

    /// Members that must be strings when present: the forms reader refuses anything else.
    fn string_members(
        &mut self,
        object: &'a Map<String, Value>,
        members: &[(&'a str, &'static str)],
    ) {
        for &(member, rule) in members {
            if let Some(value) = object.get(member).filter(|value| !value.is_string()) {
                self.within(Step::Key(member), |v| {
                    v.error(rule, format!("`{member}` is {}, not a string", kind(value)));
                });
            }
        }
    }

    /// The backstop that makes "valid" mean "readable": `_templates` read by the forms reader
    /// itself, within the validator's limits. The checks above name most of what it refuses with
    /// their own rule; this reports the rest at the reader's path.
    fn readable(&mut self, templates: &Value) {
        let Err(error) = crate::forms::read::templates_from_value(templates, self.limits) else {
            return;
        };
        let rule = match error.path().segments().last() {
            Some(PathSegment::Key(member)) => rule_of_member(member),
            _ => "F-02",
        };
        let at: Vec<PathSegment> = error.path().segments().to_vec();
        self.error_at(rule, &at, error.message().to_owned());
    }

    fn template(&mut self, template: &'a Map<String, Value>) {
        match template.get("method") {
            Some(Value::String(_)) => {}
            None => self.error("F-10", "template has no `method`".into()),
            Some(other) => self.error("F-10", format!("`method` is {}, not a string", kind(other))),
        }
        self.string_members(template, &[("contentType", "F-11"), ("title", "F-13")]);
        if let Some(target) = template.get("target") {
            self.within(Step::Key("target"), |v| v.target(target));
        }
        if let Some(properties) = template.get("properties") {
            self.within(Step::Key("properties"), |v| v.properties(properties));
        }
    }

    fn target(&mut self, target: &Value) {
        let Value::String(target) = target else {
            self.error(
                "F-12",
                format!("`target` is {}, not a string", kind(target)),
            );
            return;
        };
        if let Some(c) = target.chars().find(|&c| !is_uri_char(c)) {
            self.warning(
                "F-12",
                format!("`target` holds {c:?}, which a URI reference cannot hold unencoded"),
            );
        }
    }

    fn properties(&mut self, properties: &'a Value) {
        let Value::Array(properties) = properties else {
            self.error(
                "F-14",
                format!("`properties` is {}, not an array", kind(properties)),
            );
            return;
        };
        let mut names = HashSet::new();
        for (i, property) in properties.iter().enumerate() {
            self.within(Step::Index(i), |v| match property {
                Value::Object(property) => {
                    if let Some(Value::String(name)) = property.get("name")
                        && !name.is_empty()
                        && !names.insert(name.as_str())
                    {
                        v.warning("F-15", format!("a property named `{name}` came before"));
                    }
                    v.property(property);
                }
                other => v.error(
                    "F-14",
                    format!("property is {}, not an object", kind(other)),
                ),
            });
        }
    }

    fn property(&mut self, property: &'a Map<String, Value>) {
        match property.get("name") {
            Some(Value::String(name)) if !name.is_empty() => {}
            Some(Value::String(_)) => self.error("F-20", "property `name` is empty".into()),
            None => self.error("F-20", "property has no `name`".into()),
            Some(other) => self.error("F-20", format!("`name` is {}, not a string", kind(other))),
        }
        self.string_members(
            property,
            &[
                ("prompt", "F-21"),
                ("placeholder", "F-21"),
                ("value", "F-21"),
            ],
        );
        for flag in ["readOnly", "required", "templated"] {
            if let Some(value) = property.get(flag).filter(|v| !v.is_boolean()) {
                // The forms reader refuses such a flag, so a document holding one is not
                // readable HAL-FORMS: an error, as for every other member of the wrong type.
                self.within(Step::Key(flag), |v| {
                    v.error(
                        "F-22",
                        format!("`{flag}` is {}, not a boolean", kind(value)),
                    );
                });
            }
        }
        if property.get("templated") == Some(&Value::Bool(true))
            && let Some(Value::String(value)) = property.get("value")
            && let Err(e) = UriTemplate::parse(value)
        {
            self.within(Step::Key("value"), |v| {
                v.warning(
                    "F-22",
                    format!("`templated` is true but `value` is not a URI template: {e}"),
                );
            });
        }
        if let Some(regex) = property.get("regex") {
            self.within(Step::Key("regex"), |v| v.regex(regex));
        }
        if let Some(Value::String(input_type)) = property.get("type")
            && !InputType::from(input_type.as_str()).is_known()
        {
            self.within(Step::Key("type"), |v| {
                v.warning(
                    "F-24",
                    format!("input type `{input_type}` is not one HAL-FORMS names; clients read it as `text`"),
                );
            });
        }
        self.bounds(property);
        if let Some(options) = property.get("options") {
            self.within(Step::Key("options"), |v| v.options(options));
        }
    }

    /// [F-23](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-23): the pattern must compile as HTML compiles `pattern`: `^(?:…)$`, with the `u` flag.
    fn regex(&mut self, regex: &Value) {
        let Value::String(pattern) = regex else {
            self.error("F-23", format!("`regex` is {}, not a string", kind(regex)));
            return;
        };
        if let Err(e) = regress::Regex::with_flags(&format!("^(?:{pattern})$"), "u") {
            self.error("F-23", format!("`regex` is not a valid pattern: {e}"));
        }
    }

    /// [F-25](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-25): numeric bounds are numbers, lengths and sizes non-negative integers, and no lower
    /// bound is above its upper one.
    fn bounds(&mut self, property: &'a Map<String, Value>) {
        let numbers = ["min", "max", "step"]
            .map(|key| self.attribute(property, key, Value::as_number, "a number"));
        if let [Some(min), Some(max), _] = numbers
            && as_f64(min) > as_f64(max)
        {
            self.error(
                "F-25",
                format!("`min` ({min}) is greater than `max` ({max})"),
            );
        }
        let counts = ["minLength", "maxLength", "cols", "rows"]
            .map(|key| self.attribute(property, key, Value::as_u64, "a non-negative integer"));
        if let [Some(min), Some(max), _, _] = counts
            && min > max
        {
            self.error(
                "F-25",
                format!("`minLength` ({min}) is greater than `maxLength` ({max})"),
            );
        }
    }

    /// The attribute `key` read by `read`, or an [F-25](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-25) error when it is there but of the wrong
    /// type.
    fn attribute<T>(
        &mut self,
        object: &'a Map<String, Value>,
        key: &'static str,
        read: impl Fn(&'a Value) -> Option<T>,
        wanted: &str,
    ) -> Option<T> {
        let value = object.get(key)?;
        let read = read(value);
        if read.is_none() {
            self.within(Step::Key(key), |v| {
                v.error("F-25", format!("`{key}` is {}, not {wanted}", kind(value)));
            });
        }
        read
    }

    fn options(&mut self, options: &'a Value) {
        let Value::Object(options) = options else {
            self.error(
                "F-30",
                format!("`options` is {}, not an object", kind(options)),
            );
            return;
        };
        let inline = match options.get("inline") {
            None => None,
            Some(Value::Array(inline)) => Some(inline),
            Some(other) => {
                self.within(Step::Key("inline"), |v| {
                    v.error("F-30", format!("`inline` is {}, not an array", kind(other)));
                });
                None
            }
        };
        if let Some(inline) = inline {
            for (i, option) in inline.iter().enumerate() {
                if !option.is_string() && !option.is_object() {
                    self.within(Step::Key("inline"), |v| {
                        v.within(Step::Index(i), |v| {
                            v.error(
                                "F-30",
                                format!("option is {}, not a string or an object", kind(option)),
                            );
                        });
                    });
                }
            }
        }
        match options.get("link") {
            Some(Value::Object(link)) if link.get("href").is_some_and(Value::is_string) => {}
            None => {}
            Some(_) => self.within(Step::Key("link"), |v| {
                v.error(
                    "F-30",
                    "`link` is not an object with a string `href`".into(),
                );
            }),
        }
        if options.contains_key("inline") && options.contains_key("link") {
            self.warning(
                "F-31",
                "`options` has both `inline` and `link`; clients use `inline`".into(),
            );
        }
        let min_items = options.get("minItems").and_then(Value::as_u64);
        let max_items = options.get("maxItems").and_then(Value::as_u64);
        if let (Some(min), Some(max)) = (min_items, max_items)
            && min > max
        {
            self.error(
                "F-33",
                format!("`minItems` ({min}) is greater than `maxItems` ({max})"),
            );
        }
        if let (Some(inline), Some(Value::Array(selected))) =
            (inline, options.get("selectedValues"))
        {
            self.selected_among_inline(options, inline, selected);
        }
    }

    /// [F-33](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-33): each selected value is one of the inline values.
    fn selected_among_inline(
        &mut self,
        options: &'a Map<String, Value>,
        inline: &'a [Value],
        selected: &'a [Value],
    ) {
        let value_field = options
            .get("valueField")
            .and_then(Value::as_str)
            .unwrap_or("value");
        let values: Vec<&str> = inline
            .iter()
            .filter_map(|option| match option {
                Value::String(value) => Some(value.as_str()),
                Value::Object(object) => object.get(value_field).and_then(Value::as_str),
                _ => None,
            })
            .collect();
        for (i, value) in selected.iter().enumerate() {
            if let Some(value) = value.as_str()
                && !values.contains(&value)
            {
                self.within(Step::Key("selectedValues"), |v| {
                    v.within(Step::Index(i), |v| {
                        v.warning(
                            "F-33",
                            format!("selected value `{value}` is not among the inline values"),
                        );
                    });
                });
            }
        }
    }
}

/// A JSON number as a float, to compare bounds of any kind.
fn as_f64(number: &Number) -> f64 {
    number.as_f64().unwrap_or(f64::NAN)
}

/// The rule a member of a template, property or options object falls under, for an error the
/// forms reader raised at it.
fn rule_of_member(member: &str) -> &'static str {
    match member {
        "method" => "F-10",
        "contentType" => "F-11",
        "target" => "F-12",
        "title" => "F-13",
        "properties" => "F-14",
        "name" => "F-20",
        "prompt" | "placeholder" | "value" => "F-21",
        "readOnly" | "required" | "templated" => "F-22",
        "regex" => "F-23",
        "type" => "F-24",
        "min" | "max" | "step" | "minLength" | "maxLength" | "cols" | "rows" => "F-25",
        "options" | "inline" | "link" | "href" => "F-30",
        "promptField" | "valueField" => "F-32",
        "selectedValues" | "minItems" | "maxItems" => "F-33",
        _ => "F-02",
    }
}
