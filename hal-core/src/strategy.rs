//! Proptest strategies for HAL values, so a service can property-test its own link handling.
//!
//! Enabled by the `proptest` feature.
//!
//! # Examples
//!
//! ```
//! use hal_core::strategy::resource_strategy;
//! use proptest::prelude::*;
//!
//! proptest!(|(resource in resource_strategy(2))| {
//!     let json = serde_json::to_string(&resource).unwrap();
//!     let back: hal_core::Resource = hal_core::from_str(&json).unwrap();
//!     prop_assert_eq!(back, resource, "a resource did not survive a round trip");
//! });
//! ```

use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use serde_json::Value;

use crate::resource::State;
use crate::{Curie, Embedded, Link, Links, Rel, Resource};

/// Relation names: registered ones in any letter case, extension URIs, CURIEs and plain tokens.
///
/// # Examples
///
/// ```
/// use proptest::prelude::*;
///
/// proptest!(|(rel in hal_core::strategy::rel_strategy())| {
///     prop_assert_ne!(rel.as_str(), "curies");
/// });
/// ```
pub fn rel_strategy() -> impl Strategy<Value = Rel> {
    prop_oneof![
        prop::sample::select(vec![
            "self",
            "next",
            "prev",
            "first",
            "last",
            "item",
            "collection",
            "up"
        ])
        .prop_flat_map(|name| {
            prop::bool::ANY.prop_map(move |upper| {
                if upper {
                    Rel::new(name.to_uppercase())
                } else {
                    Rel::from(name)
                }
            })
        }),
        "[a-z][a-zA-Z0-9]{0,8}"
            .prop_filter("`curies` is reserved", |s| s != "curies")
            .prop_map(Rel::new),
        "[a-z]{1,4}:[a-z][a-zA-Z0-9_-]{0,8}".prop_map(Rel::new),
        "https://rels\\.example\\.com/[a-z]{1,8}".prop_map(Rel::new),
    ]
}

/// Hrefs: relative and absolute references, and strings with characters hrefs rarely hold.
///
/// # Examples
///
/// ```
/// use proptest::prelude::*;
///
/// proptest!(|(href in hal_core::strategy::href_strategy())| {
///     let link = hal_core::Link::new(href.clone());
///     prop_assert_eq!(link.href(), href);
/// });
/// ```
pub fn href_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        "/[a-z0-9/]{0,20}(\\?[a-z]=[0-9]{1,3})?",
        "https://api\\.example\\.com/[a-z0-9/._~-]{0,20}",
        any::<String>(),
    ]
}

/// Link Objects with any combination of the draft's members and an extension member, templated
/// or not.
///
/// # Examples
///
/// ```
/// use proptest::prelude::*;
///
/// proptest!(|(link in hal_core::strategy::link_strategy())| {
///     if link.is_templated() {
///         prop_assert!(link.template().is_ok(), "a templated link must hold a valid template");
///     }
/// });
/// ```
pub fn link_strategy() -> impl Strategy<Value = Link> {
    let target = prop_oneof![
        href_strategy().prop_map(Link::new),
        "/[a-z]{1,8}\\{\\?[a-z]{1,4}(,[a-z]{1,4})?\\}"
            .prop_filter_map("valid template", |t| Link::templated(&t).ok()),
    ];
    let text = || proptest::option::of("[ -~]{0,12}");
    (
        target,
        text(),
        text(),
        text(),
        text(),
        text(),
        text(),
        proptest::option::of(json_leaf_strategy()),
    )
        .prop_map(
            |(link, media_type, deprecation, name, profile, title, hreflang, extra)| {
                let mut link = link;
                if let Some(v) = media_type {
                    link = link.with_type(v);
                }
                if let Some(v) = deprecation {
                    link = link.with_deprecation(v);
                }
                if let Some(v) = name {
                    link = link.with_name(v);
                }
                if let Some(v) = profile {
                    link = link.with_profile(v);
                }
                if let Some(v) = title {
                    link = link.with_title(v);
                }
                if let Some(v) = hreflang {
                    link = link.with_hreflang(v);
                }
                if let Some(v) = extra {
                    link = link.with_extension("method", v);
                }
                link
            },
        )
}

/// Links with single and array relations (arrays of zero to three links) and sometimes a curie.
///
/// # Examples
///
/// ```
/// use proptest::prelude::*;
///
/// proptest!(|(links in hal_core::strategy::links_strategy())| {
///     for (rel, _) in links.iter() {
///         prop_assert!(links.cardinality(rel.as_str()).is_some());
///     }
/// });
/// ```
pub fn links_strategy() -> impl Strategy<Value = Links> {
    let entry = prop_oneof![
        link_strategy()
            .prop_map(|l| vec![l])
            .prop_map(|l| (false, l)),
        vec(link_strategy(), 0..4).prop_map(|l| (true, l)),
    ];
    (vec((rel_strategy(), entry), 0..5), prop::bool::ANY).prop_map(|(entries, with_curie)| {
        let mut links = Links::new();
        let curie = Curie::new("acme", "https://docs.example.com/rels/{rel}");
        if let (true, Ok(curie)) = (with_curie, curie) {
            links.add_curie(curie);
        }
        for (rel, (many, mut items)) in entries {
            if many {
                links.insert_many(rel, items);
            } else if let Some(link) = items.pop() {
                links.insert(rel, link);
            }
        }
        links
    })
}

/// JSON scalars: null, booleans, integers, finite floats and strings.
///
/// # Examples
///
/// ```
/// use proptest::prelude::*;
///
/// proptest!(|(value in hal_core::strategy::json_leaf_strategy())| {
///     prop_assert!(!value.is_object() && !value.is_array());
/// });
/// ```
pub fn json_leaf_strategy() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1.0e9f64..1.0e9).prop_map(Value::from),
        any::<String>().prop_map(Value::String),
    ]
}

/// Arbitrary JSON values nested up to `depth` levels.
///
/// # Examples
///
/// ```
/// use proptest::prelude::*;
///
/// proptest!(|(value in hal_core::strategy::json_strategy(3))| {
///     let text = serde_json::to_string(&value).unwrap();
///     prop_assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), value);
/// });
/// ```
pub fn json_strategy(depth: u32) -> impl Strategy<Value = Value> {
    json_leaf_strategy().prop_recursive(depth, 64, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            btree_map("[_a-zA-Z][a-zA-Z0-9_]{0,6}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Resource state: members of any JSON value, `_`-prefixed names included ([H-12](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-12)), never
/// `_links` or `_embedded`.
///
/// # Examples
///
/// ```
/// use proptest::prelude::*;
///
/// proptest!(|(state in hal_core::strategy::state_strategy())| {
///     prop_assert!(!state.contains_key("_links") && !state.contains_key("_embedded"));
/// });
/// ```
pub fn state_strategy() -> impl Strategy<Value = State> {
    vec(("_?[a-zA-Z][a-zA-Z0-9]{0,8}", json_strategy(2)), 0..5)
        .prop_map(|members| members.into_iter().collect())
}

/// Dynamic resources with links, state and embedded resources nested up to `depth` levels.
///
/// # Examples
///
/// ```
/// use proptest::prelude::*;
///
/// proptest!(|(resource in hal_core::strategy::resource_strategy(1))| {
///     for (_, children) in resource.embedded().iter() {
///         prop_assert!(children.iter().all(|c| c.embedded().is_empty()));
///     }
/// });
/// ```
pub fn resource_strategy(depth: u32) -> impl Strategy<Value = Resource> {
    let leaf = (links_strategy(), state_strategy())
        .prop_map(|(links, state)| Resource::from_parts(links, state, Embedded::new()));
    leaf.prop_recursive(depth, 32, 4, |inner| {
        (
            links_strategy(),
            state_strategy(),
            vec((rel_strategy(), prop::bool::ANY, vec(inner, 0..3)), 0..3),
        )
            .prop_map(|(links, state, children)| {
                let mut embedded = Embedded::new();
                for (rel, many, mut resources) in children {
                    if many {
                        embedded.insert_many(rel, resources);
                    } else if let Some(resource) = resources.pop() {
                        embedded.insert(rel, resource);
                    }
                }
                Resource::from_parts(links, state, embedded)
            })
    })
}
