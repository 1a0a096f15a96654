//! One declaration, three contracts: the HAL-FORMS properties a `#[derive(HalForm)]` input
//! advertises, the OpenAPI schema `apply_form` writes its rules into, and the `Validate` check
//! the same derive implements agree on every body: accepted by one, accepted by all three.
//! The schema is judged by a third party's JSON Schema validator (`jsonschema`, formats
//! asserted); the form by the rules a HAL-FORMS client reads off each property.

use std::collections::BTreeMap;

use hal_core::forms::{HalForm, Property, Validate, violations};
use proptest::prelude::*;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;
use utoipa::{PartialSchema, ToSchema};

#[derive(Debug, Deserialize, HalForm, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Order {
    #[hal_form(min_length = 1, max_length = 8)]
    label: String,
    #[hal_form(regex = "[A-Z]{2}[0-9]{1,3}")]
    code: Option<String>,
    #[hal_form(min = -3, max = 12)]
    quantity: i64,
    #[hal_form(min = 0.5, max = 9.5)]
    weight: f64,
    #[hal_form(input_type = "email")]
    contact: Option<String>,
    #[hal_form(nested)]
    delivery: Delivery,
    #[hal_form(json, dive, min_items = 1, max_items = 3)]
    lines: Vec<Line>,
}

#[derive(Debug, Deserialize, HalForm, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Delivery {
    #[hal_form(input_type = "url")]
    callback: String,
    #[hal_form(max = 7)]
    days_late: u8,
}

#[derive(Debug, Deserialize, HalForm, ToSchema)]
#[serde(deny_unknown_fields)]
struct Line {
    #[hal_form(min = 1, max = 99)]
    count: u32,
}

/// `Order`'s schema with every input type's rules, as one document a JSON Schema validator
/// resolves its `$ref`s in.
fn order_schema() -> Value {
    let mut dependencies = Vec::new();
    Order::schemas(&mut dependencies);
    let mut schemas: BTreeMap<String, RefOr<Schema>> = dependencies.into_iter().collect();
    schemas.insert(Order::name().into_owned(), Order::schema());
    hal_core::openapi::apply_form::<Order>(&mut schemas);
    hal_core::openapi::apply_form::<Line>(&mut schemas);
    json!({
        "$ref": "#/components/schemas/Order",
        "components": {"schemas": serde_json::to_value(&schemas).unwrap()},
    })
}

/// The third party's validator for `Order`'s schema, formats asserted.
fn schema_validator() -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(&order_schema())
        .unwrap()
}

fn schema_accepts(schema: &jsonschema::Validator, body: &Value) -> bool {
    schema.is_valid(body)
}

fn validator_accepts(body: &Value) -> bool {
    serde_json::from_value::<Order>(body.clone()).is_ok_and(|order| order.validate().is_ok())
}

/// What a HAL-FORMS client checks before it sends (`Property::admits`): each property's
/// `required`, length, pattern, bounds and input type, at the member its dotted name gives.
fn form_accepts(body: &Value) -> bool {
    Order::properties()
        .iter()
        .all(|p| property_accepts(p, body))
}

fn property_accepts(property: &Property, body: &Value) -> bool {
    property.admits(property.value_in(body)).is_ok()
}

fn text(pattern: &'static str) -> impl Strategy<Value = Value> {
    pattern.prop_map(Value::String)
}

fn optional(strategy: impl Strategy<Value = Value>) -> impl Strategy<Value = Option<Value>> {
    prop::option::weighted(0.8, strategy)
}

fn line(count: impl Strategy<Value = u32>) -> impl Strategy<Value = Value> {
    count.prop_map(|count| json!({"count": count}))
}

/// Bodies of the right shape, each member near its bounds on either side; `lines` drawn by
/// `lines`.
fn bodies(lines: impl Strategy<Value = Value>) -> impl Strategy<Value = Value> {
    let emails = prop::sample::select(vec![
        "ann@example.com",
        "ann.b+c@mail.example.org",
        "ann.example.com",
        "@example.com",
        "ann@",
        "ann @example.com",
    ]);
    let urls = prop::sample::select(vec![
        "https://example.com/hook",
        "http://127.0.0.1:8080/x?y=1",
        "urn:isbn:0451450523",
        "example.com/hook",
        "/relative",
        "",
    ]);
    (
        text("[a-zé]{0,10}"),
        optional(prop_oneof![
            text("[A-Z]{2}[0-9]{1,3}"),
            text("[A-Z0-9]{0,6}")
        ]),
        -5_i64..15,
        prop::sample::select(vec![0.0, 0.4, 0.5, 3.25, 9.5, 9.75]),
        optional(emails.prop_map(|e| Value::String(e.into()))),
        urls,
        0_u8..10,
        lines,
    )
        .prop_map(
            |(label, code, quantity, weight, contact, callback, days_late, lines)| {
                let mut body = Map::new();
                body.insert("label".into(), label);
                if let Some(code) = code {
                    body.insert("code".into(), code);
                }
                body.insert("quantity".into(), quantity.into());
                body.insert("weight".into(), weight.into());
                if let Some(contact) = contact {
                    body.insert("contact".into(), contact);
                }
                body.insert(
                    "delivery".into(),
                    json!({"callback": callback, "daysLate": days_late}),
                );
                body.insert("lines".into(), lines);
                Value::Object(body)
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// With `lines` that keep their own rules (a form's JSON textarea cannot state them), the
    /// three contracts agree member by member.
    #[test]
    fn form_schema_and_check_agree(
        body in bodies(prop::collection::vec(line(1_u32..=99), 1..=3).prop_map(Value::from))
    ) {
        let schema = schema_validator();
        let by_check = validator_accepts(&body);
        prop_assert_eq!(schema_accepts(&schema, &body), by_check, "schema vs check on {}", body);
        prop_assert_eq!(form_accepts(&body), by_check, "form vs check on {}", body);
    }

    /// Whatever `lines` holds, its bounds and its items' rules are in the schema as in the check.
    #[test]
    fn schema_and_check_agree_inside_json_members(
        body in bodies(prop::collection::vec(line(0_u32..=101), 0..=4).prop_map(Value::from))
    ) {
        let schema = schema_validator();
        prop_assert_eq!(schema_accepts(&schema, &body), validator_accepts(&body), "on {}", body);
    }
}

#[test]
fn every_violation_is_told_at_its_pointer() {
    let body = json!({
        "label": "",
        "code": "x1",
        "quantity": 13,
        "weight": 0.25,
        "contact": "ann",
        "delivery": {"callback": "/relative", "daysLate": 8},
        "lines": [{"count": 1}, {"count": 0}, {"count": 1}, {"count": 1}],
    });
    let order: Order = serde_json::from_value(body).unwrap();
    let found: Vec<(String, String)> = violations(&order.validate().unwrap_err())
        .into_iter()
        .map(|v| (v.pointer, v.rule))
        .collect();
    let expected = [
        ("/code", "regex"),
        ("/contact", "email"),
        ("/delivery/callback", "url"),
        ("/delivery/daysLate", "range"),
        ("/label", "length"),
        ("/lines", "items"),
        ("/lines/1/count", "range"),
        ("/quantity", "range"),
        ("/weight", "range"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(p, r)| ((*p).to_owned(), (*r).to_owned()))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn the_schema_states_the_form_rules() {
    let schema = order_schema();
    let order = &schema["components"]["schemas"]["Order"]["properties"];
    assert_eq!(order["label"]["minLength"], 1);
    assert_eq!(order["label"]["maxLength"], 8);
    assert_eq!(order["quantity"]["minimum"], -3);
    assert_eq!(order["weight"]["maximum"], 9.5);
    assert_eq!(order["lines"]["minItems"], 1);
    assert_eq!(order["lines"]["maxItems"], 3);
    let delivery = &schema["components"]["schemas"]["Delivery"]["properties"];
    assert_eq!(delivery["callback"]["format"], "uri");
    assert_eq!(delivery["daysLate"]["maximum"], 7);
    let line = &schema["components"]["schemas"]["Line"]["properties"];
    assert_eq!(line["count"]["minimum"], 1);
}
