//! HAL-FORMS (`hal_core::forms`): the fixtures round-trip, any template round-trips, errors
//! name their JSON path, and `validate` reports the F-rules of the HAL-FORMS checklist.

use hal_core::Resource;
use hal_core::forms::{
    InlineOption, InputType, Options, OptionsLink, Property, Template, Templates,
};
use proptest::prelude::*;
use serde_json::{Value, json};

fn fixture(name: &str) -> Value {
    let path = hal_tests::data_path(&format!("hal-fixtures/{name}"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// [F-26](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-26) and lossless reading: the specification's own example, explicit defaults and all.
#[test]
fn the_specifications_example_is_read_and_written_back_unchanged() {
    let document = fixture("spec/hal-forms-example.json");
    let resource: Resource = hal_core::from_value(&document).unwrap();
    let template = resource.template("default").unwrap();
    assert_eq!(template.title(), Some("Create"));
    assert_eq!(template.http_method(), "POST");
    assert_eq!(template.content_type(), "application/json");
    let title = template.property("title").unwrap();
    assert!(title.is_required() && !title.is_templated());
    assert_eq!(
        (title.prompt(), title.value(), title.regex()),
        ("Title", Some(""), Some(""))
    );
    assert!(!template.property("completed").unwrap().is_required());
    assert_eq!(serde_json::to_value(&resource).unwrap(), document);
    assert!(resource.state().is_empty(), "`_templates` is not state");
}

/// ketting's fixture: three templates, `target` on one, state beside them.
#[test]
fn kettings_fixture_is_read_and_written_back_unchanged() {
    let document = fixture("ketting/hal-forms.json");
    let resource: Resource = hal_core::from_value(&document).unwrap();
    let names: Vec<&str> = resource.templates().names().collect();
    assert_eq!(names, ["create", "createFailingWithStatus400", "update"]);
    assert_eq!(
        resource
            .templates()
            .default_template()
            .map(Template::method),
        Some("POST"),
        "F-04: without `default`, the first"
    );
    assert_eq!(
        resource
            .template("createFailingWithStatus400")
            .and_then(Template::target),
        Some("/error/400")
    );
    assert_eq!(resource.state()["foo"], "bar");
    assert_eq!(serde_json::to_value(&resource).unwrap(), document);
}

#[test]
fn default_is_written_first_whatever_the_order_read() {
    let json = r#"{"_templates":{"update":{"method":"PUT"},"default":{"method":"POST"}}}"#;
    let resource: Resource = hal_core::from_str(json).unwrap();
    assert_eq!(
        serde_json::to_string(&resource).unwrap(),
        r#"{"_templates":{"default":{"method":"POST"},"update":{"method":"PUT"}}}"#
    );
}

#[test]
fn bad_templates_are_errors_at_their_json_path() {
    let cases = [
        (
            r#"{"_templates":[]}"#,
            "$._templates",
            "invalid type: sequence, expected `_templates` as an object whose members are templates (F-02)",
        ),
        (
            r#"{"_templates":{"default":{}}}"#,
            "$._templates.default",
            "missing field `method`",
        ),
        (
            r#"{"_templates":{"default":{"method":"POST","properties":[{"prompt":"x"}]}}}"#,
            "$._templates.default.properties[0]",
            "missing field `name`",
        ),
        (
            r#"{"_templates":{"default":{"method":"POST","properties":[{"name":"a","required":"yes"}]}}}"#,
            "$._templates.default.properties[0].required",
            "invalid type: string \"yes\", expected a boolean",
        ),
        (
            r#"{"_templates":{"default":{"method":"POST","properties":[{"name":"a","options":{"inline":[1]}}]}}}"#,
            "$._templates.default.properties[0].options.inline[0]",
            "invalid type: integer `1`, expected an option: a string or an object (F-30)",
        ),
        (
            r#"{"_templates":{"default":{"method":"POST","method":"PUT"}}}"#,
            "$._templates.default.method",
            "duplicate member `method`",
        ),
        (
            r#"{"_templates":{"a":{"method":"POST"},"a":{"method":"PUT"}}}"#,
            "$._templates",
            "duplicate template `a`",
        ),
        (
            r#"{"_templates":{},"_templates":{}}"#,
            "$",
            "duplicate member `_templates`",
        ),
        (
            r#"{"_templates":{"default":{"method":"POST","properties":[{"name":"a","options":{"link":{"templated":true}}}]}}}"#,
            "$._templates.default.properties[0].options.link",
            "missing field `href`",
        ),
    ];
    for (json, path, message) in cases {
        let error = hal_core::from_str::<Resource>(json).unwrap_err();
        assert_eq!(
            (error.path().to_string().as_str(), error.message()),
            (path, message),
            "{json}"
        );
    }
}

#[test]
fn lists_are_bounded_by_the_limits() {
    let limits = hal_core::Limits::DEFAULT.with_max_form_entries(2);
    let property = |n: usize| format!(r#"{{"name":"p{n}"}}"#);
    let many: Vec<String> = (0..3).map(property).collect();
    let json = format!(
        r#"{{"_templates":{{"default":{{"method":"POST","properties":[{}]}}}}}}"#,
        many.join(",")
    );
    let error = limits.parse_str::<Resource>(&json).unwrap_err();
    assert_eq!(
        error.path().to_string(),
        "$._templates.default.properties[2]"
    );
    assert!(error.message().contains("more than 2 entries"), "{error}");

    let json = r#"{"_templates":{"a":{"method":"GET"},"b":{"method":"GET"},"c":{"method":"GET"}}}"#;
    let error = limits.parse_str::<Resource>(json).unwrap_err();
    assert_eq!(error.path().to_string(), "$._templates.c");

    let json = r#"{"_templates":{"default":{"method":"GET","properties":[{"name":"a","options":{"inline":["x","y","z"]}}]}}}"#;
    let error = limits.parse_str::<Resource>(json).unwrap_err();
    assert_eq!(
        error.path().to_string(),
        "$._templates.default.properties[0].options.inline[2]"
    );
    assert!(
        limits
            .with_max_form_entries(3)
            .parse_str::<Resource>(json)
            .is_ok()
    );
}

/// The findings as `(rule, path)` pairs.
fn findings(document: &Value) -> Vec<(&'static str, String)> {
    hal_core::validate(document)
        .findings()
        .iter()
        .map(|f| (f.rule(), f.path().to_string()))
        .collect()
}

#[test]
fn validate_reports_each_f_rule_at_its_path() {
    let document = json!({
        "_links": {"self": {"href": "/monitors"}},
        "_templates": {
            "default": {"title": "no method", "target": "/monitors here"},
            "update": {
                "method": "PUT",
                "properties": [
                    {"prompt": "no name"},
                    {"name": "size", "min": 10, "max": 1, "type": "slider"},
                    {"name": "label", "minLength": 5, "maxLength": 2, "regex": "(["},
                    {"name": "label", "required": "yes"},
                    {"name": "shipping", "options": {
                        "inline": ["FedEx", "UPS"],
                        "link": {"href": "/shipping"},
                        "selectedValues": ["DHL"],
                        "minItems": 2,
                        "maxItems": 1
                    }}
                ]
            },
            "broken": []
        }
    });
    assert_eq!(
        findings(&document),
        [
            ("F-10", "$._templates.default".to_owned()),
            ("F-12", "$._templates.default.target".to_owned()),
            ("F-20", "$._templates.update.properties[0]".to_owned()),
            ("F-24", "$._templates.update.properties[1].type".to_owned()),
            ("F-25", "$._templates.update.properties[1]".to_owned()),
            ("F-23", "$._templates.update.properties[2].regex".to_owned()),
            ("F-25", "$._templates.update.properties[2]".to_owned()),
            ("F-15", "$._templates.update.properties[3]".to_owned()),
            (
                "F-22",
                "$._templates.update.properties[3].required".to_owned()
            ),
            (
                "F-31",
                "$._templates.update.properties[4].options".to_owned()
            ),
            (
                "F-33",
                "$._templates.update.properties[4].options".to_owned()
            ),
            (
                "F-33",
                "$._templates.update.properties[4].options.selectedValues[0]".to_owned()
            ),
            ("F-02", "$._templates.broken".to_owned()),
        ]
    );
    let report = hal_core::validate(&document);
    let errors: Vec<&str> = report.errors().iter().map(|f| f.rule()).collect();
    assert_eq!(
        errors,
        [
            "F-10", "F-20", "F-25", "F-23", "F-25", "F-22", "F-33", "F-02"
        ]
    );
}

#[test]
fn a_well_formed_form_has_no_finding() {
    let templates = Templates::new().with(
        "default",
        Template::new("POST")
            .with_target("/monitors")
            .with_property(
                Property::new("label")
                    .required()
                    .with_regex(r"\p{L}.*")
                    .with_min_length(1)
                    .with_max_length(200),
            )
            .with_property(
                Property::new("size")
                    .with_type(InputType::Number)
                    .with_min(1)
                    .with_max(100),
            ),
    );
    let document = json!({"_links": {"self": {"href": "/monitors"}}, "_templates": templates});
    assert_eq!(findings(&document), []);
}

fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 _./{}-]{0,12}"
}

fn number() -> impl Strategy<Value = serde_json::Number> {
    prop_oneof![
        any::<i64>().prop_map(serde_json::Number::from),
        any::<u64>().prop_map(serde_json::Number::from),
        (-1e9f64..1e9).prop_filter_map("finite", serde_json::Number::from_f64),
    ]
}

fn extension() -> impl Strategy<Value = (String, Value)> {
    (
        "x-[a-z]{1,6}",
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            text().prop_map(Value::from)
        ],
    )
}

fn options() -> impl Strategy<Value = Options> {
    let inline = prop::collection::vec(
        prop_oneof![
            text().prop_map(InlineOption::from),
            (text(), text()).prop_map(|(p, v)| InlineOption::pair(p, v))
        ],
        0..4,
    );
    let link = (text(), any::<bool>(), prop::option::of(text())).prop_map(
        |(href, templated, media_type)| {
            let link = OptionsLink::new(href);
            let link = if templated { link.templated() } else { link };
            media_type.map_or(link.clone(), |t| link.with_type(t))
        },
    );
    (
        prop::option::of(inline),
        prop::option::of(link),
        prop::option::of(prop::collection::vec(text(), 0..3)),
        prop::option::of((any::<u64>(), any::<u64>())),
        prop::option::of(text()),
        prop::collection::vec(extension(), 0..2),
    )
        .prop_map(|(inline, link, selected, items, field, extensions)| {
            let mut options = inline.map_or_else(Options::default, Options::inline);
            if let Some(link) = link {
                options = options.with_link(link);
            }
            if let Some(selected) = selected {
                options = options.with_selected_values(selected);
            }
            if let Some((min, max)) = items {
                options = options.with_min_items(min).with_max_items(max);
            }
            if let Some(field) = field {
                options = options
                    .with_prompt_field(field.clone())
                    .with_value_field(field);
            }
            extensions
                .into_iter()
                .fold(options, |o, (k, v)| o.with_extension(k, v))
        })
}

fn input_type() -> impl Strategy<Value = InputType> {
    prop_oneof![
        Just(InputType::Text),
        Just(InputType::Number),
        Just(InputType::DatetimeLocal),
        "[a-z]{1,8}".prop_map(|t| InputType::from(t.as_str())),
    ]
}

fn property() -> impl Strategy<Value = Property> {
    (
        text(),
        (any::<bool>(), any::<bool>(), any::<bool>()),
        (
            prop::option::of(text()),
            prop::option::of(text()),
            prop::option::of(text()),
            prop::option::of(text()),
        ),
        prop::option::of(input_type()),
        (
            prop::option::of(number()),
            prop::option::of(number()),
            prop::option::of(number()),
        ),
        prop::collection::vec(prop::option::of(any::<u64>()), 4),
        prop::option::of(options()),
        prop::collection::vec(extension(), 0..2),
    )
        .prop_map(
            |(
                name,
                (required, read_only, templated),
                texts,
                input_type,
                (min, max, step),
                counts,
                options,
                extensions,
            )| {
                let mut p = Property::new(name);
                if required {
                    p = p.required();
                }
                if read_only {
                    p = p.read_only();
                }
                if templated {
                    p = p.templated();
                }
                let (prompt, regex, value, placeholder) = texts;
                if let Some(t) = prompt {
                    p = p.with_prompt(t);
                }
                if let Some(t) = regex {
                    p = p.with_regex(t);
                }
                if let Some(t) = value {
                    p = p.with_value(t);
                }
                if let Some(t) = placeholder {
                    p = p.with_placeholder(t);
                }
                if let Some(t) = input_type {
                    p = p.with_type(t);
                }
                if let Some(n) = min {
                    p = p.with_min(n);
                }
                if let Some(n) = max {
                    p = p.with_max(n);
                }
                if let Some(n) = step {
                    p = p.with_step(n);
                }
                if let Some(n) = counts[0] {
                    p = p.with_min_length(n);
                }
                if let Some(n) = counts[1] {
                    p = p.with_max_length(n);
                }
                if let Some(n) = counts[2] {
                    p = p.with_cols(n);
                }
                if let Some(n) = counts[3] {
                    p = p.with_rows(n);
                }
                if let Some(o) = options {
                    p = p.with_options(o);
                }
                extensions
                    .into_iter()
                    .fold(p, |p, (k, v)| p.with_extension(k, v))
            },
        )
}

fn template() -> impl Strategy<Value = Template> {
    (
        prop_oneof![
            Just("POST".to_owned()),
            Just("put".to_owned()),
            "[A-Z]{0,7}"
        ],
        (
            prop::option::of(text()),
            prop::option::of(text()),
            prop::option::of(text()),
        ),
        prop::option::of(prop::collection::vec(property(), 0..4)),
        prop::collection::vec(extension(), 0..2),
    )
        .prop_map(
            |(method, (content_type, target, title), properties, extensions)| {
                let mut t = Template::new(method);
                if let Some(c) = content_type {
                    t = t.with_content_type(c);
                }
                if let Some(c) = target {
                    t = t.with_target(c);
                }
                if let Some(c) = title {
                    t = t.with_title(c);
                }
                if let Some(p) = properties {
                    t = t.with_properties(p);
                }
                extensions
                    .into_iter()
                    .fold(t, |t, (k, v)| t.with_extension(k, v))
            },
        )
}

fn templates() -> impl Strategy<Value = Templates> {
    prop::collection::vec(
        (
            prop_oneof![Just("default".to_owned()), "[a-z]{1,8}"],
            template(),
        ),
        0..4,
    )
    .prop_map(|entries| {
        entries
            .into_iter()
            .fold(Templates::new(), |t, (name, template)| {
                t.with(name, template)
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any template, alone or in a document, is read back as it was and written as the same
    /// bytes (lossless, deterministic).
    #[test]
    fn any_templates_round_trip(templates in templates()) {
        let json = serde_json::to_string(&templates).unwrap();
        let back: Templates = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back, &templates);
        prop_assert_eq!(serde_json::to_string(&back).unwrap(), json);
        if let Some((first, _)) = templates.iter().next() {
            prop_assert!(templates.get("default").is_none() || first == "default");
        }

        let resource = Resource::object().with_member("state", 1);
        let resource = templates.iter().fold(resource, |r, (name, t)| r.with_template(name, t.clone()));
        let json = serde_json::to_string(&resource).unwrap();
        let back: Resource = hal_core::from_str(&json).unwrap();
        prop_assert_eq!(back.templates(), &templates);
        prop_assert_eq!(serde_json::to_string(&back).unwrap(), json);
    }
}

/// What `validate` calls valid, the forms reader reads (found by the `validate` fuzz target:
/// `"required": ""` was only a warning, and the document could not be read).
#[test]
fn a_flag_that_is_not_a_boolean_is_an_error_because_it_cannot_be_read() {
    let document = serde_json::json!({
        "_templates": {"default": {"method": "POST", "properties": [{"name": "title", "required": ""}]}}
    });
    assert!(hal_core::from_value::<hal_core::Resource>(&document).is_err());
    let report = hal_core::validate(&document);
    assert!(!report.is_valid(), "{:?}", report.findings());
    assert_eq!(report.errors()[0].rule(), "F-22");
}

/// Every member the forms reader reads as a string: any other type is an error, named by its rule
/// and at its path, and the document does not parse.
#[test]
fn a_string_member_of_another_type_is_an_error_at_its_path() {
    let cases = [
        (
            json!({"method": "POST", "contentType": 1}),
            "contentType",
            "F-11",
        ),
        (json!({"method": "POST", "title": ["x"]}), "title", "F-13"),
        (json!({"method": "POST", "target": false}), "target", "F-12"),
    ];
    for (template, member, rule) in cases {
        let document = json!({"_templates": {"default": template}});
        assert_refused(&document, rule, &format!("$._templates.default.{member}"));
    }
    for (member, value) in [
        ("prompt", json!(1)),
        ("placeholder", json!(true)),
        ("value", json!({})),
    ] {
        let property = json!({"name": "title", member: value});
        let document =
            json!({"_templates": {"default": {"method": "POST", "properties": [property]}}});
        assert_refused(
            &document,
            "F-21",
            &format!("$._templates.default.properties[0].{member}"),
        );
    }
}

/// What the explicit checks do not name, the forms reader's own error reports, at its path.
#[test]
fn whatever_else_the_reader_refuses_is_an_error_at_the_reader_path() {
    let document = json!({"_templates": {"default": {
        "method": "POST",
        "properties": [{"name": "car", "options": {"promptField": 7}}]
    }}});
    assert_refused(
        &document,
        "F-32",
        "$._templates.default.properties[0].options.promptField",
    );
}

fn assert_refused(document: &Value, rule: &str, path: &str) {
    assert!(
        hal_core::from_value::<Resource>(document).is_err(),
        "{document} parses"
    );
    let report = hal_core::validate(document);
    let errors = report.errors();
    assert_eq!(errors.len(), 1, "{document}: {errors:?}");
    assert_eq!(errors[0].rule(), rule, "{document}");
    assert_eq!(errors[0].path().to_string(), path, "{document}");
}

/// Any JSON value.
fn json_values() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        "[a-z{}]{0,6}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

const TEMPLATE_MEMBERS: &[&str] = &["method", "contentType", "target", "title", "properties"];
const PROPERTY_MEMBERS: &[&str] = &[
    "name",
    "prompt",
    "readOnly",
    "regex",
    "required",
    "templated",
    "value",
    "type",
    "min",
    "max",
    "minLength",
    "maxLength",
    "step",
    "placeholder",
    "cols",
    "rows",
    "options",
];
const OPTIONS_MEMBERS: &[&str] = &[
    "inline",
    "link",
    "promptField",
    "valueField",
    "selectedValues",
    "minItems",
    "maxItems",
];

proptest! {
    /// A document `validate` calls valid is one the reader reads, whatever value any member of a
    /// template, a property or its options holds.
    #[test]
    fn what_validate_calls_valid_parses(
        template_member in prop::sample::select(TEMPLATE_MEMBERS),
        property_member in prop::sample::select(PROPERTY_MEMBERS),
        options_member in prop::sample::select(OPTIONS_MEMBERS),
        values in prop::array::uniform3(json_values()),
    ) {
        let [at_template, at_property, at_options] = values;
        let mut template = json!({"method": "POST", "properties": [{"name": "n", "options": {}}]});
        template["properties"][0]["options"][options_member] = at_options;
        template["properties"][0][property_member] = at_property;
        template[template_member] = at_template;
        let document = json!({"_templates": {"default": template}});
        if hal_core::validate(&document).is_valid() {
            prop_assert!(
                hal_core::from_value::<Resource>(&document).is_ok(),
                "valid but does not parse: {}", document
            );
        }
    }
}
