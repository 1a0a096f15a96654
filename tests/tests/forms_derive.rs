//! `#[derive(HalForm)]` and `#[hal(template(…))]`: the properties follow serde's reading of the
//! input type, and templates are written only when asked for, at the document's root.

use hal_core::forms::{HalForm, InputType, JSON_VALUE, Property, Templates};
use hal_core::{Hal, HalResource, WithTemplates};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Deserialize, HalForm, Debug, PartialEq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum Level {
    Low,
    #[hal_form(prompt = "Quite high")]
    RatherHigh,
    #[serde(rename = "max")]
    Maximum,
    #[serde(skip)]
    #[allow(dead_code)]
    Internal,
}

#[derive(Deserialize, HalForm)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct Webhook {
    #[hal_form(input_type = "url", regex = "https?://.+")]
    target: String,
    name: Option<String>,
}

#[derive(Deserialize, HalForm)]
#[allow(dead_code)]
struct Paging {
    #[serde(default)]
    offset: u32,
}

#[derive(Deserialize, HalForm)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct Input {
    #[hal_form(
        prompt = "Label",
        placeholder = "Night shift",
        min_length = 1,
        max_length = 200,
        read_only
    )]
    label: String,
    #[serde(rename = "lvl")]
    level: Level,
    #[hal_form(min = -5, max = 2.5, step = 0.5)]
    temperature: f64,
    small: u8,
    enabled: bool,
    #[serde(default)]
    retry_number: u32,
    #[hal_form(nested)]
    webhook: Webhook,
    #[hal_form(nested)]
    batch: Option<Webhook>,
    #[serde(flatten)]
    paging: Paging,
    #[hal_form(json, rows = 12)]
    trigger_param: serde_json::Value,
    #[hal_form(json)]
    extra: Option<Vec<String>>,
    #[serde(skip)]
    ignored: Vec<u8>,
    #[serde(skip_deserializing)]
    computed: u8,
}

fn property<'a>(properties: &'a [Property], name: &str) -> &'a Property {
    properties
        .iter()
        .find(|p| p.name() == name)
        .unwrap_or_else(|| panic!("no property `{name}`"))
}

#[test]
fn properties_follow_serdes_reading_of_the_input_type() {
    let properties = Input::properties();
    let names: Vec<&str> = properties.iter().map(Property::name).collect();
    assert_eq!(
        names,
        [
            "label",
            "lvl",
            "temperature",
            "small",
            "enabled",
            "retryNumber",
            "webhook.target",
            "webhook.name",
            "batch.target",
            "batch.name",
            "offset",
            "triggerParam",
            "extra",
        ]
    );
    let required: Vec<&str> = properties
        .iter()
        .filter(|p| p.is_required())
        .map(Property::name)
        .collect();
    assert_eq!(
        required,
        [
            "label",
            "lvl",
            "temperature",
            "small",
            "enabled",
            "webhook.target",
            "triggerParam"
        ],
        "Option, #[serde(default)] and optional nested types are not required"
    );
    let level = property(&properties, "lvl").options().unwrap();
    assert_eq!(
        level.values().collect::<Vec<_>>(),
        [
            ("LOW", "LOW"),
            ("Quite high", "RATHER_HIGH"),
            ("max", "max")
        ]
    );
    assert_eq!(level.max_items(), Some(1));
    let webhook = property(&properties, "webhook.target");
    assert_eq!(
        (webhook.input_type(), webhook.regex()),
        (InputType::Url, Some("https?://.+"))
    );
    let small = property(&properties, "small");
    assert_eq!(small.max().and_then(serde_json::Number::as_u64), Some(255));
    let json_input = property(&properties, "triggerParam");
    assert_eq!(json_input.input_type(), InputType::Textarea);
    assert_eq!(json_input.extensions()[JSON_VALUE], true);
    assert_eq!(json_input.rows(), Some(12));
    assert_eq!(
        property(&properties, "enabled").extensions()[JSON_VALUE],
        true
    );
}

#[test]
fn derived_properties_snapshot() {
    insta::assert_json_snapshot!("derived_properties", Input::properties());
}

mod paths {
    pub(crate) const MONITOR: &str = "/fleets/{fleet_id}/monitors/{id}";
}

#[derive(Deserialize, HalForm)]
struct StatusInput {
    #[allow(dead_code)]
    paused: bool,
}

#[derive(Serialize, HalResource)]
#[hal(self_link = paths::MONITOR)]
#[hal(template(name = "update", method = "PUT", input = Webhook, title = "Replace"))]
#[hal(template(name = "default", method = "POST", input = StatusInput, target = "/fleets/{fleet_id}/monitors/{id}/status"))]
#[hal(template(name = "delete", method = "DELETE", target = paths::MONITOR))]
#[hal(template(
    name = "archive",
    method = "POST",
    content_type = "application/x-www-form-urlencoded",
    target = "/archive/{archive}"
))]
struct Monitor {
    fleet_id: String,
    id: u32,
    archive: Option<String>,
    #[hal(embedded)]
    siblings: Vec<Monitor>,
}

fn monitor(archive: Option<&str>) -> Monitor {
    Monitor {
        fleet_id: "f 1".into(),
        id: 7,
        archive: archive.map(Into::into),
        siblings: vec![Monitor {
            fleet_id: "f 1".into(),
            id: 8,
            archive: None,
            siblings: vec![],
        }],
    }
}

#[test]
fn templates_are_built_from_the_declaration_with_targets_expanded() {
    let templates: Templates = monitor(Some("a/b")).templates();
    let names: Vec<&str> = templates.names().collect();
    assert_eq!(
        names,
        ["default", "update", "delete", "archive"],
        "`default` first"
    );
    let default = templates.get("default").unwrap();
    assert_eq!(
        default.target(),
        Some("/fleets/f%201/monitors/7/status"),
        "values are encoded"
    );
    assert_eq!(default.properties()[0].name(), "paused");
    assert_eq!(
        templates.get("update").unwrap().target(),
        None,
        "the self link is the target"
    );
    assert_eq!(
        templates.get("delete").unwrap().target(),
        Some("/fleets/f%201/monitors/7")
    );
    let archive = templates.get("archive").unwrap();
    assert_eq!(archive.target(), Some("/archive/a%2Fb"));
    assert_eq!(archive.content_type(), "application/x-www-form-urlencoded");

    let without = monitor(None).templates();
    assert!(
        without.get("archive").is_none(),
        "a target that cannot be written leaves its template out"
    );
}

#[test]
fn templates_are_written_only_when_asked_for_and_only_at_the_root() {
    let monitor = monitor(None);
    let plain = serde_json::to_value(Hal(&monitor)).unwrap();
    assert!(plain.get("_templates").is_none());

    let forms = serde_json::to_value(WithTemplates(Hal(&monitor))).unwrap();
    let keys: Vec<&String> = forms.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "_links",
            "fleet_id",
            "id",
            "archive",
            "_embedded",
            "_templates"
        ],
        "after `_embedded`"
    );
    assert!(
        forms["_embedded"]["siblings"][0]
            .get("_templates")
            .is_none()
    );
    assert_eq!(
        forms["_templates"]["delete"],
        json!({"method": "DELETE", "target": "/fleets/f%201/monitors/7"})
    );

    // Asked for once: the next document written on this thread is plain again.
    let again = serde_json::to_value(Hal(&monitor)).unwrap();
    assert!(again.get("_templates").is_none());
}
