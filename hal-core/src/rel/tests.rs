use super::*;

#[test]
fn registered_names_compare_case_insensitively() {
    assert_eq!(Rel::new("SELF"), Rel::SELF);
    assert_eq!(Rel::from("Next"), Rel::NEXT);
    assert_eq!(Rel::new("openid2.LOCAL_ID"), Rel::OPENID2_LOCAL_ID);
    assert_eq!(Rel::new("NEXT").as_str(), "NEXT", "spelling is kept");
}

#[test]
fn other_names_compare_exactly() {
    assert_ne!(Rel::new("wayPoints"), Rel::new("waypoints"));
    assert_ne!(Rel::new("Curies"), Rel::CURIES);
    assert_ne!(Rel::new("ea:Find"), Rel::new("ea:find"));
}

#[test]
fn prev_and_previous_are_distinct_registered_names() {
    assert!(Rel::PREV.is_registered() && Rel::PREVIOUS.is_registered());
    assert_ne!(Rel::PREV, Rel::PREVIOUS);
}

#[test]
fn hash_agrees_with_eq() {
    use std::collections::hash_map::DefaultHasher;
    let hash = |r: &Rel| {
        let mut h = DefaultHasher::new();
        r.hash(&mut h);
        h.finish()
    };
    assert_eq!(hash(&Rel::new("NeXt")), hash(&Rel::NEXT));
}

#[test]
fn curie_parts_reject_uris_and_bad_prefixes() {
    assert_eq!(curie_parts("cc:trips"), Some(("cc", "trips")));
    assert_eq!(
        curie_parts("curie1:value:dangling"),
        Some(("curie1", "value:dangling"))
    );
    assert_eq!(curie_parts("urn:isbn:1"), Some(("urn", "isbn:1")));
    assert_eq!(curie_parts("http://x"), None);
    assert_eq!(curie_parts("1a:b"), None);
    assert_eq!(curie_parts(":b"), None);
}

#[test]
fn compares_with_str() {
    assert!(Rel::NEXT == "NEXT");
    assert!(Rel::new("vehicle") == "vehicle");
}

#[test]
fn every_constant_is_a_registry_name_and_every_name_has_its_constant() {
    let file = include_str!("../../../tests/data/iana-link-relations.txt");
    let names: Vec<&str> = file
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    assert_eq!(registry::CONSTANTS.len(), names.len());
    for ((constant, rel), name) in registry::CONSTANTS.iter().zip(&names) {
        assert_eq!(rel.as_str(), *name, "{constant}");
        assert_eq!(*constant, name.to_uppercase().replace(['-', '.'], "_"));
        assert_eq!(registry_index(name), rel.registered, "{name}");
        assert_eq!(Rel::new(name.to_uppercase()), *rel, "{name} in any case");
    }
}
