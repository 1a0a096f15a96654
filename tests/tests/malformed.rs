//! Every malformed shape is an error that names its JSON path; nothing panics or overflows.

use hal_core::Resource;
use hal_core::read::ParseErrorKind;

fn error_at(json: &str) -> (String, String) {
    let error = hal_core::from_str::<Resource>(json).expect_err(json);
    (error.path().to_string(), error.message().to_owned())
}

#[test]
fn root_not_an_object_h01() {
    for json in ["[]", "\"x\"", "1", "null", "true"] {
        let (path, message) = error_at(json);
        assert_eq!(path, "$", "{json}");
        assert!(
            message.ends_with("expected a Resource Object (a JSON object, H-01)"),
            "{json}: {message}"
        );
    }
}

#[test]
fn links_not_an_object_h20() {
    for json in [
        r#"{"_links":[]}"#,
        r#"{"_links":"x"}"#,
        r#"{"_links":null}"#,
    ] {
        let (path, message) = error_at(json);
        assert_eq!(path, "$._links", "{json}");
        assert!(message.contains("(H-20)"), "{json}: {message}");
    }
}

#[test]
fn embedded_not_an_object_h30() {
    for json in [
        r#"{"_embedded":[]}"#,
        r#"{"_embedded":"x"}"#,
        r#"{"_embedded":null}"#,
    ] {
        let (path, message) = error_at(json);
        assert_eq!(path, "$._embedded", "{json}");
        assert!(message.contains("(H-30)"), "{json}: {message}");
    }
}

#[test]
fn link_value_not_an_object_or_array_h22() {
    let (path, message) = error_at(r#"{"_links":{"self":"/a"}}"#);
    assert_eq!(path, "$._links.self");
    assert!(message.contains("(H-22)"), "{message}");
}

#[test]
fn link_array_holding_non_objects_h22() {
    let (path, message) = error_at(r#"{"_links":{"item":[{"href":"/1"},"/2"]}}"#);
    assert_eq!(path, "$._links.item[1]");
    assert_eq!(
        message,
        r#"invalid type: string "/2", expected a Link Object (a JSON object with an `href` string)"#
    );
    let (path, _) = error_at(r#"{"_links":{"item":[[{"href":"/1"}]]}}"#);
    assert_eq!(path, "$._links.item[0]", "nested arrays are not links");
}

#[test]
fn link_without_href_h40() {
    let (path, message) =
        error_at(r#"{"_embedded":{"orders":[{},{"_links":{"self":{"title":"x"}}}]}}"#);
    assert_eq!(path, "$._embedded.orders[1]._links.self");
    assert_eq!(message, "missing field `href`");
}

#[test]
fn href_not_a_string_h40() {
    for (json, found) in [
        (r#"{"_links":{"self":{"href":null}}}"#, "null"),
        (r#"{"_links":{"self":{"href":1}}}"#, "integer `1`"),
        (r#"{"_links":{"self":{"href":{"a":1}}}}"#, "map"),
    ] {
        let (path, message) = error_at(json);
        assert_eq!(path, "$._links.self.href", "{json}");
        assert_eq!(message, format!("invalid type: {found}, expected a string"));
    }
}

#[test]
fn embedded_value_not_an_object_h31() {
    let (path, message) = error_at(r#"{"_embedded":{"item":"x"}}"#);
    assert_eq!(path, "$._embedded.item");
    assert!(message.contains("(H-31)"), "{message}");
    let (path, _) = error_at(r#"{"_embedded":{"items":[{},1]}}"#);
    assert_eq!(path, "$._embedded.items[1]");
    // An empty array is a valid, empty collection.
    assert!(hal_core::from_str::<Resource>(r#"{"_embedded":{"items":[]}}"#).is_ok());
}

#[test]
fn duplicate_members_are_errors_not_silently_merged() {
    let (path, message) = error_at(r#"{"_links":{"self":{"href":"/a"},"self":{"href":"/b"}}}"#);
    assert_eq!(
        (path.as_str(), message.as_str()),
        ("$._links", "duplicate relation `self` in `_links`")
    );
    let (_, message) = error_at(r#"{"_links":{"self":{"href":"/a"},"SELF":{"href":"/b"}}}"#);
    assert_eq!(
        message, "duplicate relation `SELF` in `_links`",
        "registered names are case-insensitive"
    );
    let (_, message) = error_at(r#"{"_links":{},"_links":{}}"#);
    assert_eq!(message, "duplicate member `_links`");
    let (path, message) = error_at(r#"{"_links":{"a":{"href":"/a","href":"/b"}}}"#);
    assert_eq!(
        (path.as_str(), message.as_str()),
        ("$._links.a", "duplicate member `href` in link")
    );
}

#[test]
fn trailing_garbage_is_a_syntax_error() {
    let error = hal_core::from_str::<Resource>("{} x").unwrap_err();
    assert_eq!(error.kind(), ParseErrorKind::Syntax);
    assert_eq!((error.line(), error.column()), (1, 4));
}

fn nested_embedded(levels: usize) -> String {
    let mut json = String::with_capacity(levels * 20);
    for _ in 0..levels {
        json.push_str(r#"{"_embedded":{"a":"#);
    }
    json.push_str("{}");
    for _ in 0..levels {
        json.push_str("}}");
    }
    json
}

#[test]
fn one_hundred_thousand_levels_of_embedded_is_an_error_not_a_stack_overflow() {
    let json = nested_embedded(100_000);
    let error = hal_core::from_str::<Resource>(&json).unwrap_err();
    assert_eq!(error.message(), "`_embedded` nests deeper than 32 levels");
    assert!(
        error
            .path()
            .to_string()
            .starts_with("$._embedded.a._embedded.a.")
    );
    // Through plain serde too (no path tracking), and from bytes.
    assert!(serde_json::from_str::<Resource>(&json).is_err());
    assert!(hal_core::from_slice::<Resource>(json.as_bytes()).is_err());
}

#[test]
fn the_depth_limit_is_configurable_and_exact() {
    let limits = hal_core::Limits::DEFAULT.with_max_depth(3);
    assert!(limits.parse_str::<Resource>(&nested_embedded(3)).is_ok());
    assert!(limits.parse_str::<Resource>(&nested_embedded(4)).is_err());
}

#[test]
fn deep_json_inside_state_is_refused_by_the_json_parser() {
    let json = format!(
        r#"{{"state":{}{}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let error = hal_core::from_str::<Resource>(&json).unwrap_err();
    assert!(
        error.message().contains("recursion limit exceeded"),
        "{error}"
    );
}

/// Spring HATEOAS embeds plain values as `"_embedded": {"content": ["first", "second"]}`. A
/// strict parse refuses it ([H-31](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-31)); a lenient one keeps the values where they stand and writes
/// the document back unchanged, and `validate` still reports the rule.
#[test]
fn a_lenient_parse_keeps_embedded_values_that_are_not_resources() {
    let json = r#"{"_links":{"self":{"href":"http://localhost"}},"_embedded":{"content":["first","second"],"numbers":[1,{"a":2}],"one":"x","objects":[{"a":1}]}}"#;
    let strict = hal_core::from_str::<hal_core::Resource>(json).unwrap_err();
    assert_eq!(strict.path().to_string(), "$._embedded.content[0]");
    let lenient: hal_core::Resource = hal_core::Limits::DEFAULT
        .with_lenient(true)
        .parse_str(json)
        .unwrap();
    let embedded = lenient.embedded();
    assert_eq!(
        embedded.value("content"),
        Some(&serde_json::json!(["first", "second"]))
    );
    assert_eq!(
        embedded.value("numbers"),
        Some(&serde_json::json!([1, {"a": 2}]))
    );
    assert_eq!(embedded.value("one"), Some(&serde_json::json!("x")));
    assert_eq!(
        embedded.get_all("objects").len(),
        1,
        "resources stay resources"
    );
    assert_eq!(serde_json::to_string(&lenient).unwrap(), json);
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    let report = hal_core::validate(&value);
    assert!(
        report.errors().iter().any(|f| f.rule() == "H-31"),
        "{report:?}"
    );
}
