//! Each of the demo's input types declares its rules once; on generated bodies, the three
//! contracts made from that declaration agree: the HAL-FORMS properties (what a client checks,
//! `Property::admits`), the served OpenAPI document's schema (judged by the `jsonschema`
//! crate, formats asserted) and the `Validate` check the handlers' extractor runs. Accepted by
//! one, accepted by all three.
//!
//! Bodies start from a valid one and change one to three members, each to a value near a rule
//! it states (either side of a bound, a pattern kept or broken, an option or a stranger), or
//! leave a required member out. Members the form states nothing about (JSON textareas, text
//! without a rule, such as a timestamp) keep their valid value: there, only the schema and
//! the check speak. The check is the extractor's own reading (`ValidJson::from_slice`).

use connected_car::monitors::model::MonitorParameter;
use connected_car::resources::MonitorStatusInput;
use connected_car::telemetry::Sample;
use hal_core::forms::{HalForm, InputType, JSON_VALUE, Property, Validate};
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// The document's schema of `name`, as one document a validator resolves `$ref`s in.
fn schema_of(name: &str) -> jsonschema::Validator {
    let document = serde_json::to_value(connected_car::openapi::document()).unwrap();
    let root = json!({
        "$ref": format!("#/components/schemas/{name}"),
        "components": document["components"],
    });
    jsonschema::options()
        .should_validate_formats(true)
        .build(&root)
        .unwrap()
}

/// What each contract says of `body`: (form, schema, check).
fn verdicts<T: DeserializeOwned + Validate + HalForm>(
    schema: &jsonschema::Validator,
    body: &Value,
) -> (bool, bool, bool) {
    let form = T::properties()
        .iter()
        .all(|p| p.admits(p.value_in(body)).is_ok());
    let check = hal_axum::ValidJson::<T>::from_slice(body.to_string().as_bytes()).is_ok();
    (form, schema.is_valid(body), check)
}

/// Sets (or with `None` removes) the member a dotted property name leads to, making the
/// objects on the way.
fn set(body: &mut Value, name: &str, value: Option<&Value>) {
    let mut segments: Vec<&str> = name.split('.').collect();
    let Some(last) = segments.pop() else { return };
    let mut here = body;
    for segment in segments {
        if here.get(segment).is_none_or(|v| !v.is_object()) {
            here[segment] = json!({});
        }
        here = &mut here[segment];
    }
    match (value, here.as_object_mut()) {
        (Some(value), _) => here[last] = value.clone(),
        (None, Some(members)) => {
            members.remove(last);
        }
        (None, None) => {}
    }
}

/// The values worth trying for a property: each side of each rule it states.
fn candidates(property: &Property) -> Vec<Option<Value>> {
    let mut values = Vec::new();
    // Leaving out a member inside an optional group is a rule a form cannot state (the group's
    // members are required together), so only members required on their own are left out.
    if property.is_required() {
        values.push(None);
    }
    if let Some(options) = property.options() {
        values.extend(options.values().map(|(_, v)| Some(json!(v))));
        values.push(Some(json!("Stranger")));
        return values;
    }
    match property.input_type() {
        InputType::Number => {
            let mut numbers = vec![json!(0), json!(62.0), json!(0.5)];
            for bound in [property.min(), property.max()].into_iter().flatten() {
                let b = bound.as_f64().unwrap();
                numbers.extend([json!(bound), json!(b - 1.0), json!(b + 1.0), json!(b + 0.5)]);
            }
            values.extend(numbers.into_iter().map(Some));
        }
        InputType::Url => values.extend(
            [
                "https://hooks.example.com/cc",
                "http://127.0.0.1:8080/x?y=1",
                "ftp://hooks.example.com/",
                "https://user:pw@hooks.example.com/",
                "https://hooks.example.com/#top",
                "hooks.example.com/cc",
                "",
            ]
            .map(|u| Some(json!(u))),
        ),
        _ => {
            let lengths = [property.min_length(), property.max_length()];
            for length in lengths.into_iter().flatten() {
                for n in [length.saturating_sub(1), length, length + 1] {
                    values.push(Some(json!("a".repeat(usize::try_from(n).unwrap()))));
                }
            }
            values.extend(
                [
                    "", " ", "fr-FR", "fr--FR", "X-Vin", "a b", "$vin", "$colour", "night", "é",
                ]
                .map(|t| Some(json!(t))),
            );
            if let Some(placeholder) = property.placeholder() {
                values.push(Some(json!(placeholder)));
            }
        }
    }
    values
}

/// Whether the form says anything of the property's value beyond its presence: text without
/// a length, a pattern or a format (a timestamp typed as text, a free name) states nothing.
fn states_a_rule(property: &Property) -> bool {
    property.options().is_some()
        || matches!(
            property.input_type(),
            InputType::Number | InputType::Url | InputType::Email
        )
        || property.regex().is_some()
        || property.min_length().is_some()
        || property.max_length().is_some()
}

/// Changes of `T`'s valid body: (property name, new value), for every property the form states
/// rules about.
fn changes<T: HalForm>() -> Vec<(String, Option<Value>)> {
    T::properties()
        .iter()
        .filter(|p| !p.extensions().contains_key(JSON_VALUE))
        .filter(|p| states_a_rule(p))
        .flat_map(|p| {
            candidates(p)
                .into_iter()
                .map(|value| (p.name().to_owned(), value))
        })
        .collect()
}

/// Asserts the three contracts agree on `valid` changed by every chosen subset of changes.
fn agree<T: DeserializeOwned + Validate + HalForm>(name: &str, valid: Value) {
    let schema = schema_of(name);
    assert_eq!(
        verdicts::<T>(&schema, &valid),
        (true, true, true),
        "{valid}"
    );
    let all = changes::<T>();
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(384));
    runner
        .run(&prop::sample::subsequence(all, 1..=3), |chosen| {
            let mut body = valid.clone();
            for (property, value) in &chosen {
                set(&mut body, property, value.as_ref());
            }
            let (form, by_schema, check) = verdicts::<T>(&schema, &body);
            prop_assert_eq!(by_schema, check, "schema vs check on {}", body);
            prop_assert_eq!(form, check, "form vs check on {}", body);
            Ok(())
        })
        .unwrap();
}

#[test]
fn a_monitor_parameter_is_one_contract() {
    agree::<MonitorParameter>(
        "MonitorParameter",
        json!({
            "label": "Leaving Paris too fast",
            "locale": "fr-FR",
            "subscribeParam": {
                "callback": {"webhook": {"target": "https://hooks.example.com/cc", "name": "ops",
                    "attributes": [{"type": "Header", "key": "X-Vin", "value": "$vin"}]}},
                "retryPolicy": {"policy": "Bounded", "retryNumber": 3, "retryDelay": 10},
                "batchNotify": {"size": 10, "timeWindow": 60},
                "refreshEvent": 300
            },
            "triggerParam": {
                "triggers": [{"name": "fast", "data": {"data": "vehicle.kinetic.speed", "op": "greaterThan", "value": [110]}}],
                "boolExp": "fast"
            },
            "extendedEventParam": ["vehicle.position"]
        }),
    );
}

#[test]
fn a_telemetry_sample_is_one_contract() {
    agree::<Sample>(
        "Sample",
        json!({
            "recordedAt": "2026-03-17T10:00:00Z",
            "position": {"type": "Point", "coordinates": [2.35, 48.85]},
            "kinetic": {"speed": 42.0, "moving": true},
            "odometer": 12345.6,
            "autonomy": 310,
            "energy": {"electric": {"level": 80, "autonomy": 250}, "fuel": {"level": 35, "autonomy": 60},
                       "charging": {"status": "Disconnected", "plugged": false, "type": "Full"}},
            "ignition": true,
            "powertrain": {"status": "Running"},
            "engines": {"thermic": {"oil": {"temp": 85}}},
            "doorsState": {"opening": false, "lockedState": "Locked"},
            "alerts": ["tyrePressureLow"],
            "environment": {"air": {"temp": 12.5}},
            // Each group whole: a form states its members' rules, not which are required
            // together once the group is there.
            "trip": {"id": "t-1", "done": false, "duration": 600, "distance": 7.5, "state": "Nominal"},
            "maintenance": {"daysBeforeMaintenance": 120, "mileageBeforeMaintenance": -300},
            "safety": {"beltWarning": "Normal", "autoECallTriggering": "NotDetected"},
            "privacy": {"state": "None"},
            "drivingBehavior": {"mode": "Eco"},
            "collision": {"side": "Front", "severity": "Minor"},
            "preconditioning": {"airConditioning": {"status": "Finished"}},
            "alarm": {"trigger": {"type": "NoBreakIn"}, "status": {"activation": "Inactive"}},
            "stolen": {"state": false}
        }),
    );
}

#[test]
fn a_status_input_is_one_contract() {
    agree::<MonitorStatusInput>("MonitorStatusInput", json!({"status": "Paused"}));
}
