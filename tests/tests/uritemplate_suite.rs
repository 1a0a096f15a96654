//! Every case of the uritemplate-test suite (RFC 6570), run against `hal_template`.

use hal_template::{UriTemplate, Value, Variables};
use serde_json::Value as Json;

fn variable(value: &Json) -> Option<Value> {
    Some(match value {
        Json::Null => return None,
        Json::String(s) => Value::String(s.clone()),
        Json::Number(n) => Value::String(n.to_string()),
        Json::Bool(b) => Value::String(b.to_string()),
        Json::Array(items) => Value::List(items.iter().map(scalar).collect()),
        Json::Object(pairs) => {
            Value::Map(pairs.iter().map(|(k, v)| (k.clone(), scalar(v))).collect())
        }
    })
}

fn scalar(value: &Json) -> String {
    match value {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Runs one suite file; returns how many cases it checked.
fn run_suite(file: &str) -> usize {
    let text =
        std::fs::read_to_string(hal_tests::data_path(&format!("uritemplate-test/{file}"))).unwrap();
    let groups: serde_json::Map<String, Json> = serde_json::from_str(&text).unwrap();
    let mut failures = Vec::new();
    let mut count = 0;
    for (group, body) in &groups {
        let vars: Variables = body["variables"]
            .as_object()
            .unwrap()
            .iter()
            .filter_map(|(name, value)| variable(value).map(|v| (name.clone(), v)))
            .collect();
        for case in body["testcases"].as_array().unwrap() {
            count += 1;
            let template = case[0].as_str().unwrap();
            let result = UriTemplate::parse(template)
                .map_err(|e| e.to_string())
                .and_then(|t| t.expand(&vars).map_err(|e| e.to_string()));
            let ok = match (&case[1], &result) {
                (Json::Bool(false), Err(_)) => true,
                (Json::String(expected), Ok(actual)) => expected == actual,
                (Json::Array(options), Ok(actual)) => options.iter().any(|o| o == actual),
                _ => false,
            };
            if !ok {
                failures.push(format!(
                    "{group}: {template} → {result:?}, expected {}",
                    case[1]
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{file}: {} of {count} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
    count
}

#[test]
fn spec_examples() {
    assert_eq!(run_suite("spec-examples.json"), 64);
}

#[test]
fn spec_examples_by_section() {
    assert_eq!(run_suite("spec-examples-by-section.json"), 117);
}

#[test]
fn extended_tests() {
    assert_eq!(run_suite("extended-tests.json"), 53);
}

#[test]
fn negative_tests_all_fail_to_parse_or_expand() {
    assert_eq!(run_suite("negative-tests.json"), 36);
}
