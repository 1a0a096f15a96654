use proptest::prelude::*;

use crate::{ExpandErrorKind, TemplateErrorKind, UriTemplate, Value, Variables};

fn parse_error(template: &str) -> (TemplateErrorKind, usize) {
    let error = UriTemplate::parse(template).expect_err(template);
    (error.kind().clone(), error.position())
}

#[test]
fn errors_name_kind_and_byte_position() {
    use TemplateErrorKind::*;
    assert_eq!(parse_error("/v/{id"), (UnclosedExpression, 3));
    assert_eq!(parse_error("/v/id}"), (UnopenedExpression, 5));
    assert_eq!(parse_error("{a{b}"), (NestedExpression, 2));
    assert_eq!(parse_error("/a b"), (InvalidLiteral(' '), 2));
    assert_eq!(parse_error("/a<"), (InvalidLiteral('<'), 2));
    assert_eq!(parse_error("/a%2"), (InvalidPercentEncoding, 2));
    assert_eq!(parse_error("{}"), (EmptyExpression, 0));
    assert_eq!(parse_error("{?}"), (EmptyExpression, 2));
    assert_eq!(parse_error("{a,}"), (EmptyExpression, 3));
    assert_eq!(parse_error("{|a}"), (ReservedOperator('|'), 1));
    assert_eq!(parse_error("{x..y}"), (InvalidVariableName, 3));
    assert_eq!(parse_error("{x.}"), (InvalidVariableName, 2));
    assert_eq!(parse_error("{.x.}"), (InvalidVariableName, 3));
    assert_eq!(parse_error("{a:0}"), (InvalidPrefix, 3));
    assert_eq!(parse_error("{a:10000}"), (InvalidPrefix, 3));
    assert_eq!(parse_error("{a*:1}"), (UnexpectedCharacter(':'), 3));
    // Positions are byte offsets, also after multi-byte literals.
    assert_eq!(parse_error("/ü{a"), (UnclosedExpression, 3));
}

#[test]
fn display_round_trips_the_source() {
    for source in ["", "/a", "{a}", "/x{/y*}{?q:3,r}#{+frag}", "/ü%20"] {
        assert_eq!(UriTemplate::parse(source).unwrap().to_string(), source);
    }
}

#[test]
fn literal_non_ascii_is_percent_encoded() {
    let template = UriTemplate::parse("/ü/{a}").unwrap();
    assert_eq!(template.expand(&Variables::new()).unwrap(), "/%C3%BC/");
}

#[test]
fn prefix_counts_characters_not_bytes() {
    let vars = Variables::new().with("v", "ääää");
    let template = UriTemplate::parse("{v:2}").unwrap();
    assert_eq!(template.expand(&vars).unwrap(), "%C3%A4%C3%A4");
}

#[test]
fn empty_composites_are_undefined() {
    let vars = Variables::new()
        .with("l", Value::List(vec![]))
        .with("m", Value::Map(vec![]))
        .with("s", "x");
    let template = UriTemplate::parse("{?l,m,s}").unwrap();
    assert_eq!(template.expand(&vars).unwrap(), "?s=x");
}

#[test]
fn prefix_on_map_is_an_expand_error() {
    let vars = Variables::new().with("m", Value::map([("a", "b")]));
    let error = UriTemplate::parse("/{m:1}")
        .unwrap()
        .expand(&vars)
        .unwrap_err();
    assert_eq!(error.kind(), &ExpandErrorKind::PrefixOnComposite);
    assert_eq!((error.variable(), error.position()), ("m", 2));
    assert_eq!(
        error.to_string(),
        "prefix modifier on `m` at byte 2, whose value is a list or a map"
    );
}

fn percent_decode(s: &str) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

proptest! {
    #[test]
    fn prop_simple_expansion_is_one_unreserved_segment(value in any::<String>()) {
        let href = UriTemplate::parse("/v/{id}/trips").unwrap()
            .expand(&Variables::new().with("id", value.as_str())).unwrap();
        let segment = href.strip_prefix("/v/").and_then(|s| s.strip_suffix("/trips"));
        prop_assert!(segment.is_some(), "structure changed: {href}");
        let segment = segment.unwrap();
        prop_assert!(
            segment.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)),
            "segment holds a delimiter: {segment}"
        );
        prop_assert_eq!(percent_decode(segment), value.as_bytes(), "segment does not decode back");
    }

    #[test]
    fn prop_parse_never_panics_and_display_round_trips(source in any::<String>()) {
        if let Ok(template) = UriTemplate::parse(&source) {
            prop_assert_eq!(template.to_string(), source, "display differs from the source");
            let _ = template.expand(&Variables::new().with("a", "b"));
        }
    }

    #[test]
    fn prop_template_like_strings_never_panic(source in "[{}a-c?*:0-9,./;&+#%|!=-]{0,24}") {
        if let Ok(template) = UriTemplate::parse(&source) {
            let vars = Variables::new()
                .with("a", "x y")
                .with("b", Value::list(["1", "2"]))
                .with("c", Value::map([("k", "v")]));
            let _ = template.expand(&vars);
        }
    }
}
