//! Conformance: every HAL fixture parses into `hal_core::Resource` and serializes back to the
//! same JSON value; the invalid ones fail with an error at the right path.

use std::path::PathBuf;

use hal_core::Resource;
use serde_json::Value;

/// Arrays of resources that a client library embeds; fragments, not documents ([H-01](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-01)).
const FRAGMENTS: &[&str] = &[
    "traverson-hal/embeddedAdmins.json",
    "traverson-hal/embeddedOrders.json",
];

/// Fixtures that are not valid HAL, with the path and message of the error they must give.
const INVALID: &[(&str, &str, &str)] = &[
    // H-01: the root must be an object.
    (
        "ketting/unit-root-is-array.json",
        "$",
        "invalid type: sequence, expected a Resource Object",
    ),
    // H-30: `_embedded` must be an object (strict about null).
    (
        "ketting/unit-embedded-null.json",
        "$._embedded",
        "invalid type: null, expected `_embedded` as an object",
    ),
    // H-22: a link must be an object.
    (
        "halfred/primitive_link.json",
        "$._links.primitive",
        "invalid type: string \"/links-must-be-objects\", expected a Link Object or an array of Link Objects (H-22)",
    ),
    // H-40: `href` is required.
    (
        "halfred/validation.json",
        "$._links.first",
        "missing field `href`",
    ),
    (
        "traverson-hal/orders.json",
        "$._links['ea:admin'][2]",
        "missing field `href`",
    ),
];

fn fixtures() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["spec", "halfred", "ketting", "traverson-hal"] {
        let dir = hal_tests::data_path(&format!("hal-fixtures/{dir}"));
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn name(path: &std::path::Path) -> String {
    let parent = path
        .parent()
        .unwrap()
        .file_name()
        .unwrap()
        .to_string_lossy();
    format!("{parent}/{}", path.file_name().unwrap().to_string_lossy())
}

#[test]
fn every_valid_fixture_round_trips_as_json_value() {
    let mut checked = 0;
    for path in fixtures() {
        let name = name(&path);
        if INVALID.iter().any(|(f, _, _)| *f == name) || FRAGMENTS.contains(&name.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let resource: Resource =
            hal_core::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let written = serde_json::to_value(&resource).unwrap();
        let original: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(written, original, "{name} changed in a round trip");
        checked += 1;
    }
    assert_eq!(checked, 34, "the number of valid fixtures changed");
}

#[test]
fn fragments_round_trip_element_by_element_and_are_not_documents() {
    for file in FRAGMENTS {
        let text =
            std::fs::read_to_string(hal_tests::data_path(&format!("hal-fixtures/{file}"))).unwrap();
        let original: Value = serde_json::from_str(&text).unwrap();
        let resources: Vec<Resource> = serde_json::from_str(&text).unwrap();
        assert!(resources.len() > 1, "{file}");
        assert_eq!(
            serde_json::to_value(&resources).unwrap(),
            original,
            "{file}"
        );
        let error = hal_core::from_str::<Resource>(&text).unwrap_err();
        assert!(error.path().is_root(), "{file}: {error}");
    }
}

#[test]
fn every_invalid_fixture_fails_at_its_path() {
    for (file, path, message) in INVALID {
        let text =
            std::fs::read_to_string(hal_tests::data_path(&format!("hal-fixtures/{file}"))).unwrap();
        let error = hal_core::from_str::<Resource>(&text).expect_err(file);
        assert_eq!(error.path().to_string(), *path, "{file}: {error}");
        assert!(error.message().starts_with(message), "{file}: {error}");
    }
}

#[test]
fn the_draft_example_with_a_trailing_comma_is_a_syntax_error() {
    let text = std::fs::read_to_string(hal_tests::data_path(
        "hal-fixtures/spec/draft11-s6-orders-list.as-published.INVALID-JSON.txt",
    ))
    .unwrap();
    let error = hal_core::from_str::<Resource>(&text).unwrap_err();
    assert_eq!(error.kind(), hal_core::read::ParseErrorKind::Syntax);
    assert!(error.line() > 1, "{error}");
}
