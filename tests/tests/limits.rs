//! Every parse limit of the README's table holds on both parse paths: the dynamic `Resource`
//! and a derived `Hal<T>` refuse the same documents with the same error, at the same path.

use hal_core::{Hal, HalResource, Limits, Link, Links, ParseError, Resource};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, HalResource, Debug)]
struct Node {
    name: String,
    #[hal(embedded)]
    child: Option<Box<Node>>,
}

#[derive(Serialize, Deserialize, HalResource, Debug)]
struct Catalogue {
    #[hal(link(rel = "item"))]
    items: Vec<Link>,
}

#[derive(Serialize, Deserialize, HalResource, Debug)]
struct Collected {
    #[hal(links)]
    links: Links,
}

#[derive(Serialize, Deserialize, HalResource, Debug)]
struct Flat {
    name: serde_json::Value,
}

/// Both paths' verdicts on one document, as `(path, message)` of the error.
fn both<T>(limits: Limits, json: &str) -> [Result<(), (String, String)>; 2]
where
    Hal<T>: for<'de> hal_core::read::FromHal<'de>,
{
    let verdict = |result: Result<(), ParseError>| {
        result.map_err(|e| (e.path().to_string(), e.message().to_owned()))
    };
    [
        verdict(limits.parse_str::<Resource>(json).map(drop)),
        verdict(limits.parse_str::<Hal<T>>(json).map(drop)),
    ]
}

fn nested(levels: usize) -> String {
    let mut json = r#"{"name":"leaf"}"#.to_owned();
    for _ in 0..levels {
        json = format!(r#"{{"name":"n","_embedded":{{"child":{json}}}}}"#);
    }
    json
}

#[test]
fn the_depth_limit_holds_on_both_paths() {
    let limits = Limits::DEFAULT.with_max_depth(2);
    assert_eq!(both::<Node>(limits, &nested(2)), [Ok(()), Ok(())]);
    let refused = Err((
        "$._embedded.child._embedded.child._embedded".to_owned(),
        "`_embedded` nests deeper than 2 levels".to_owned(),
    ));
    assert_eq!(
        both::<Node>(limits, &nested(3)),
        [refused.clone(), refused.clone()]
    );
    // A derived type without embedded fields does not read what it ignores deeper than allowed.
    assert_eq!(
        both::<Flat>(Limits::DEFAULT.with_max_depth(0), &nested(1)),
        [
            Err((
                "$._embedded".into(),
                "`_embedded` nests deeper than 0 levels".into()
            )),
            Err((
                "$._embedded".into(),
                "`_embedded` nests deeper than 0 levels".into()
            ))
        ]
    );
}

#[test]
fn the_links_per_relation_limit_holds_on_both_paths() {
    let limits = Limits::DEFAULT.with_max_links_per_relation(2);
    let two = r#"{"_links":{"item":[{"href":"/1"},{"href":"/2"}]}}"#;
    let three = r#"{"_links":{"item":[{"href":"/1"},{"href":"/2"},{"href":"/3"}]}}"#;
    let refused = Err((
        "$._links.item".to_owned(),
        "more than 2 links in one relation".to_owned(),
    ));
    // A `#[hal(link)]` field and a `#[hal(links)]` field alike.
    assert_eq!(both::<Catalogue>(limits, two), [Ok(()), Ok(())]);
    assert_eq!(
        both::<Catalogue>(limits, three),
        [refused.clone(), refused.clone()]
    );
    assert_eq!(both::<Collected>(limits, two), [Ok(()), Ok(())]);
    assert_eq!(
        both::<Collected>(limits, three),
        [refused.clone(), refused.clone()]
    );
}

#[test]
fn the_template_length_limit_holds_for_links_from_both_paths() {
    let long = format!("/{}{{?q}}", "a".repeat(100));
    let json = format!(r#"{{"_links":{{"item":[{{"href":"{long}","templated":true}}]}}}}"#);
    let limits = Limits::DEFAULT.with_max_template_length(64);
    let dynamic: Resource = hal_core::from_str(&json).unwrap();
    let derived: Hal<Catalogue> = hal_core::from_str(&json).unwrap();
    for link in [&dynamic.links().get_all("item")[0], &derived.0.items[0]] {
        assert!(link.template_within(&limits).is_err());
        assert!(
            link.template().unwrap().is_some(),
            "within the default 8 KiB"
        );
    }
}

#[test]
fn json_nesting_is_bounded_by_serde_json_on_both_paths() {
    let deep = format!(r#"{{"name":{}1{}}}"#, "[".repeat(200), "]".repeat(200));
    let [dynamic, derived] = both::<Flat>(Limits::DEFAULT, &deep);
    let (dynamic, derived) = (dynamic.unwrap_err(), derived.unwrap_err());
    assert_eq!(dynamic.1, "recursion limit exceeded");
    assert_eq!(derived.1, "recursion limit exceeded");
}

#[test]
fn duplicates_are_refused_on_both_paths() {
    let links = r#"{"_links":{"item":[{"href":"/1"}]},"_links":{}}"#;
    let refused = Err(("$".to_owned(), "duplicate member `_links`".to_owned()));
    assert_eq!(
        both::<Catalogue>(Limits::DEFAULT, links),
        [refused.clone(), refused.clone()]
    );
    let relation = r#"{"_links":{"item":[{"href":"/1"}],"item":[{"href":"/2"}]}}"#;
    let refused = Err((
        "$._links".to_owned(),
        "duplicate relation `item` in `_links`".to_owned(),
    ));
    assert_eq!(
        both::<Catalogue>(Limits::DEFAULT, relation),
        [refused.clone(), refused.clone()]
    );
    assert_eq!(
        both::<Collected>(Limits::DEFAULT, relation),
        [refused.clone(), refused.clone()]
    );
    let embedded = nested(1).replace(r#"{"child""#, r#"{"child":{"name":"x"},"child""#);
    let refused = Err((
        "$._embedded".to_owned(),
        "duplicate relation `child` in `_embedded`".to_owned(),
    ));
    assert_eq!(
        both::<Node>(Limits::DEFAULT, &embedded),
        [refused.clone(), refused.clone()]
    );
}
