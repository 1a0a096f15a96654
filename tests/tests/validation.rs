//! `hal_core::validate` against the checklist rules, the halfred expectations and the parser.

use hal_core::strategy::{json_strategy, resource_strategy};
use hal_core::validate::Severity;
use hal_core::{Resource, validate};
use proptest::prelude::*;
use serde_json::{Value, json};

fn fixture(file: &str) -> Value {
    let text =
        std::fs::read_to_string(hal_tests::data_path(&format!("hal-fixtures/{file}"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// `(rule, path)` of every finding.
fn findings(document: &Value) -> Vec<(&'static str, String)> {
    validate(document)
        .findings()
        .iter()
        .map(|f| (f.rule(), f.path().to_string()))
        .collect()
}

#[test]
fn finds_everything_halfred_finds_in_its_validation_fixture() {
    let found = findings(&fixture("halfred/validation.json"));
    // halfred's five root issues and the embedded one (SOURCES.md), in our path notation.
    for expected in [
        ("H-40", "$._links.first"),
        ("H-42", "$._links['uri-template-1']"),
        ("H-42", "$._links['uri-template-2']"),
        ("H-42", "$._links['uri-template-3']"),
        ("H-60", "$._links"),
        ("H-60", "$._embedded.one._links"),
    ] {
        assert!(
            found.iter().any(|(r, p)| (*r, p.as_str()) == expected),
            "missing {expected:?} in {found:#?}"
        );
    }
    // Beyond halfred: `templated: 5` is not a boolean, and `type` holds an array and a null.
    for extra in [
        ("H-44", "$._links['uri-template-3']"),
        ("H-53", "$._links.second"),
        ("H-53", "$._links.third"),
    ] {
        assert!(
            found.iter().any(|(r, p)| (*r, p.as_str()) == extra),
            "missing {extra:?}"
        );
    }
    // `two` has a self link; halfred does not check URI syntax, we warn about the spaces.
    assert!(
        !found
            .iter()
            .any(|(r, p)| *r == "H-60" && p.starts_with("$._embedded.two"))
    );
    assert!(
        found
            .iter()
            .any(|(r, p)| *r == "H-41" && p == "$._embedded.two._links.self")
    );
}

#[test]
fn exactly_one_deprecation_warning_like_halfred() {
    let report = validate(&fixture("halfred/deprecation.json"));
    let deprecations: Vec<_> = report
        .findings()
        .iter()
        .filter(|f| f.rule() == "H-47")
        .collect();
    assert_eq!(deprecations.len(), 1, "{deprecations:?}");
    assert_eq!(
        deprecations[0].message(),
        "link $._embedded.one._embedded.two._links.foo is deprecated, see http://api.io/deprecated/link/explanation"
    );
}

#[test]
fn each_rule_is_reported_at_its_path() {
    let self_link = json!({"self": {"href": "/"}});
    let cases: Vec<(Value, &str, Severity, &str)> = vec![
        (json!([]), "H-01", Severity::Error, "$"),
        (json!({"_links": "x"}), "H-20", Severity::Error, "$._links"),
        (
            json!({"_links": {"self": {"href": "/"}, "": {"href": "/"}}}),
            "H-21",
            Severity::Error,
            "$._links['']",
        ),
        (
            json!({"_links": {"self": "/a"}}),
            "H-22",
            Severity::Error,
            "$._links.self",
        ),
        (
            json!({"_links": {"self": [{"href": "/"}, 1]}}),
            "H-22",
            Severity::Error,
            "$._links.self[1]",
        ),
        (
            json!({"_links": self_link, "_embedded": []}),
            "H-30",
            Severity::Error,
            "$._embedded",
        ),
        (
            json!({"_links": self_link, "_embedded": {"item": "x"}}),
            "H-31",
            Severity::Error,
            "$._embedded.item",
        ),
        (
            json!({"_links": self_link, "_embedded": {"item": [{}, 2]}}),
            "H-31",
            Severity::Error,
            "$._embedded.item[1]",
        ),
        (
            json!({"_links": {"self": {"title": "x"}}}),
            "H-40",
            Severity::Error,
            "$._links.self",
        ),
        (
            json!({"_links": {"self": {"href": 5}}}),
            "H-40",
            Severity::Error,
            "$._links.self",
        ),
        (
            json!({"_links": {"self": {"href": "/{a", "templated": true}}}),
            "H-41",
            Severity::Error,
            "$._links.self",
        ),
        (
            json!({"_links": {"self": {"href": "/a b"}}}),
            "H-41",
            Severity::Warning,
            "$._links.self",
        ),
        (
            json!({"_links": {"self": {"href": "/a{?b}"}}}),
            "H-42",
            Severity::Warning,
            "$._links.self",
        ),
        (
            json!({"_links": {"self": {"href": "/a", "templated": "true"}}}),
            "H-44",
            Severity::Warning,
            "$._links.self",
        ),
        (
            json!({"_links": {"self": {"href": "/a", "deprecation": true}}}),
            "H-46",
            Severity::Warning,
            "$._links.self",
        ),
        (
            json!({"_links": {"self": {"href": "/a", "deprecation": "/why"}}}),
            "H-47",
            Severity::Warning,
            "$._links.self",
        ),
        (
            json!({"_links": {"self": {"href": "/a", "title": 1}}}),
            "H-53",
            Severity::Warning,
            "$._links.self",
        ),
        (json!({"_links": {}}), "H-60", Severity::Warning, "$._links"),
        (
            json!({"_links": {"self": {"href": "/"}, "widgets": {"href": "/w"}}}),
            "H-61",
            Severity::Warning,
            "$._links.widgets",
        ),
        (
            json!({"_links": {"self": {"href": "/"}, "curies": {"name": "a", "href": "/{rel}"}}}),
            "H-63",
            Severity::Warning,
            "$._links.curies",
        ),
        (
            json!({"_links": {"self": {"href": "/"}, "curies": [{"href": "/{rel}"}]}}),
            "H-63",
            Severity::Warning,
            "$._links.curies[0]",
        ),
        (
            json!({"_links": {"self": {"href": "/"}, "curies": [{"name": "a", "href": "/docs"}]}}),
            "H-63",
            Severity::Warning,
            "$._links.curies[0]",
        ),
        (
            json!({"_links": {"self": {"href": "/"}, "ea:find": {"href": "/"}}}),
            "H-64",
            Severity::Warning,
            "$._links['ea:find']",
        ),
    ];
    for (document, rule, severity, path) in cases {
        let report = validate(&document);
        assert!(
            report.findings().iter().any(|f| f.rule() == rule
                && f.severity() == severity
                && f.path().to_string() == path),
            "{document}: expected {rule} {severity:?} at {path}, got {:#?}",
            report.findings()
        );
    }
}

#[test]
fn an_embedded_resource_inherits_curies_and_its_own_win() {
    let document = json!({
        "_links": {"self": {"href": "/"}, "curies": [{"name": "ea", "href": "/docs/{rel}", "templated": true}]},
        "_embedded": {"ea:order": {"_links": {"self": {"href": "/o"}, "ea:basket": {"href": "/b"}, "xx:y": {"href": "/y"}}}}
    });
    let found = findings(&document);
    assert_eq!(
        found,
        [("H-64", "$._embedded['ea:order']._links['xx:y']".to_owned())]
    );
}

#[test]
fn valid_fixtures_have_no_errors_and_invalid_ones_do() {
    for dir in ["spec", "halfred", "ketting", "traverson-hal"] {
        for entry in
            std::fs::read_dir(hal_tests::data_path(&format!("hal-fixtures/{dir}"))).unwrap()
        {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let document: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let parses = hal_core::from_value::<Resource>(&document).is_ok();
            let report = validate(&document);
            assert_eq!(
                report.is_valid(),
                parses,
                "{}: {:#?}",
                path.display(),
                report.errors()
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn prop_validate_never_panics_and_agrees_with_the_parser(document in json_strategy(32)) {
        let report = validate(&document);
        if report.is_valid() {
            prop_assert!(hal_core::from_value::<Resource>(&document).is_ok(), "valid but does not parse: {}", document);
        }
        if hal_core::from_value::<Resource>(&document).is_err() {
            prop_assert!(!report.is_valid(), "does not parse but no error: {}", document);
        }
    }

    #[test]
    fn prop_resources_built_through_the_api_have_no_errors(resource in resource_strategy(3)) {
        let document = serde_json::to_value(&resource).unwrap();
        let report = validate(&document);
        prop_assert!(report.is_valid(), "errors in an API-built resource: {:#?}", report.errors());
    }
}

/// Found by `fuzz/run validate`: `collection` and `colLection` are one registered relation
/// (names compare case-insensitively, [H-70](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-70)), which the parser refuses as a duplicate; `validate`
/// called the document valid.
#[test]
fn a_registered_relation_twice_in_different_case_is_an_error() {
    for document in [
        json!({"_links": {"self": {"href": "/"}, "collection": {"href": "/a"}, "colLection": {"href": "/b"}}}),
        json!({"_links": {"self": {"href": "/"}}, "_embedded": {"item": {}, "ITEM": {}}}),
    ] {
        assert!(hal_core::from_value::<Resource>(&document).is_err());
        let report = validate(&document);
        assert!(!report.is_valid(), "{document}");
        assert!(
            report.errors().iter().any(|f| f.rule() == "H-70"),
            "{:#?}",
            report.errors()
        );
    }
    let found = fixture_file("fuzz-regressions/validate-registered-relation-twice.json");
    assert_eq!(
        validate(&found).is_valid(),
        hal_core::from_value::<Resource>(&found).is_ok()
    );
}

fn fixture_file(relative: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(hal_tests::data_path(relative)).unwrap()).unwrap()
}

/// A page's `self` names that page: page 2 of a collection saying `self: /books` (page 1)
/// beside `prev` and `next` with paging parameters is a warning at `self`; page 1 without
/// parameters, and a page whose `self` carries them, are not.
#[test]
fn a_page_whose_self_names_another_page_is_a_warning() {
    let page_two = json!({"_links": {
        "self": {"href": "/books"},
        "prev": {"href": "/books?offset=0&limit=10"},
        "next": {"href": "/books?offset=20&limit=10"}
    }});
    let found = findings(&page_two);
    assert!(
        found.contains(&("H-60", "$._links.self".to_owned())),
        "{found:?}"
    );
    let report = hal_core::validate(&page_two);
    assert!(report.is_valid(), "a warning, not an error");
    let first = json!({"_links": {
        "self": {"href": "/books"},
        "next": {"href": "/books?offset=10&limit=10"}
    }});
    let own = json!({"_links": {
        "self": {"href": "/books?offset=10&limit=10"},
        "prev": {"href": "/books?offset=0&limit=10"}
    }});
    // A cursor page's own token may have another name than its neighbours'.
    let cursor = json!({"_links": {
        "self": {"href": "/events?after=abc"},
        "prev": {"href": "/events?before=abd"}
    }});
    for fine in [first, own, cursor] {
        assert!(findings(&fine).is_empty(), "{fine}: {:?}", findings(&fine));
    }
    let same_as_prev = json!({"_links": {
        "self": {"href": "/books?offset=0&limit=10"},
        "prev": {"href": "/books?offset=0&limit=10"}
    }});
    assert!(findings(&same_as_prev).contains(&("H-60", "$._links.self".to_owned())));
}
