//! Hostile values, tested directly: each gets a clear error or is carried through unchanged.

use hal_core::read::ParseErrorKind;
use hal_core::{Limits, Link, Resource};
use hal_paging::{PageRequest, Paging, Total};
use serde_json::json;

#[test]
fn control_characters_and_script_schemes_in_hrefs_are_data() {
    for href in [
        "/a\r\nSet-Cookie: x",
        "/nul\u{0}byte",
        "javascript:alert(1)",
        "data:text/html,<script>",
    ] {
        let document = json!({"_links": {"self": {"href": href}}});
        let resource: Resource = hal_core::from_value(&document).unwrap();
        assert_eq!(resource.self_link().unwrap().href(), href, "kept as it was");
        assert_eq!(
            serde_json::to_value(&resource).unwrap(),
            document,
            "written back unchanged"
        );
        // Never interpreted: not templated, expands to itself.
        assert_eq!(
            resource
                .self_link()
                .unwrap()
                .expand(&hal_core::template::Variables::new())
                .unwrap(),
            href
        );
    }
    let report = hal_core::validate(&json!({"_links": {"self": {"href": "/a\r\nb"}}}));
    assert!(
        report.warnings().iter().any(|f| f.rule() == "H-41"),
        "CR/LF in an href is reported"
    );
}

#[test]
fn control_characters_never_reach_a_link_header() {
    let links = Paging::offset_limit().links(
        &PageRequest::new(0, 10).with_parameter("q", "\r\n<x>"),
        "/a\r\n\0>",
        Total::Exact(30),
    );
    let header = links.link_header();
    assert!(!header.contains(['\r', '\n', '\0']), "{header:?}");
    assert_eq!(header.matches('>').count(), links.iter().count());
}

#[test]
fn megabyte_strings_are_carried_through() {
    let big = "x".repeat(1 << 20);
    let document = json!({"_links": {"self": {"href": format!("/{big}")}}, "note": big});
    let text = serde_json::to_string(&document).unwrap();
    let resource: Resource = hal_core::from_str(&text).unwrap();
    assert_eq!(serde_json::to_string(&resource).unwrap(), text);
}

#[test]
fn numbers_beyond_u64_and_f64() {
    // Past f64's range: a clear error at the member's path.
    let error = hal_core::from_str::<Resource>(r#"{"a": 1e400}"#).unwrap_err();
    assert_eq!(
        (error.kind(), error.message()),
        (ParseErrorKind::Syntax, "number out of range")
    );
    // Past u64 but within f64: read as the nearest f64 (serde_json without
    // `arbitrary_precision`), and written back as that number.
    let resource: Resource =
        hal_core::from_str(r#"{"a": 123456789012345678901234567890}"#).unwrap();
    assert_eq!(resource.state()["a"].as_f64(), Some(1.2345678901234568e29));
    let resource: Resource = hal_core::from_str(r#"{"a": -9223372036854775809}"#).unwrap();
    assert!(resource.state()["a"].is_f64());
}

#[test]
fn duplicate_keys_in_links_are_errors() {
    let error =
        hal_core::from_str::<Resource>(r#"{"_links":{"next":{"href":"/1"},"next":{"href":"/2"}}}"#)
            .unwrap_err();
    assert_eq!(error.message(), "duplicate relation `next` in `_links`");
}

#[test]
fn invalid_utf8_is_a_syntax_error() {
    let error = hal_core::from_slice::<Resource>(b"{\"a\":\"\xff\xfe\"}").unwrap_err();
    assert_eq!(error.kind(), ParseErrorKind::Syntax);
    assert_eq!(error.message(), "invalid unicode code point");
    assert_eq!((error.line(), error.column()), (1, 7));
}

#[test]
fn template_length_is_bounded() {
    let long = format!("/{}{{?q}}", "a".repeat(10_000));
    let link = Link::templated(&long).unwrap();
    assert!(link.template().is_err(), "longer than the default 8 KiB");
    assert!(
        link.template_within(&Limits::DEFAULT.with_max_template_length(20_000))
            .unwrap()
            .is_some()
    );
}
