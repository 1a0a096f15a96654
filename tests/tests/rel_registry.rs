//! `Rel`'s constants are exactly the IANA registry in `data/iana-link-relations.txt`.

use hal_core::{Rel, RelKind};

fn registry() -> Vec<String> {
    std::fs::read_to_string(hal_tests::data_path("iana-link-relations.txt"))
        .unwrap()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_registered_name_is_recognised_in_any_case() {
    let names = registry();
    assert_eq!(names.len(), 133);
    for name in &names {
        let rel = Rel::new(name.clone());
        assert_eq!(rel.kind(), RelKind::Registered, "{name}");
        assert_eq!(
            Rel::new(name.to_uppercase()),
            rel,
            "{name} must compare case-insensitively"
        );
    }
}

#[test]
fn constants_match_the_registry() {
    // The constants' names are the registry names upper-cased with `-` and `.` as `_`; the
    // source file lists each constant with its name, so compare the two lists.
    let source = include_str!("../../hal-core/src/rel/registry.rs");
    let constants: Vec<(&str, &str)> = source
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub const "))
        .filter_map(|l| l.split_once(": Rel"))
        .collect();
    let names = registry();
    assert_eq!(constants.len(), names.len());
    for ((constant, _), name) in constants.iter().zip(&names) {
        assert_eq!(*constant, name.to_uppercase().replace(['-', '.'], "_"));
    }
    // And the values behind a few constants are the names they stand for.
    assert_eq!(Rel::SELF.as_str(), "self");
    assert_eq!(Rel::API_CATALOG.as_str(), "api-catalog");
    assert_eq!(Rel::OPENID2_LOCAL_ID.as_str(), "openid2.local_id");
    assert_eq!(Rel::PREVIOUS.as_str(), "previous");
}

#[test]
fn unregistered_names_are_not_registered() {
    for name in [
        "curies",
        "vehicle",
        "wayPoints",
        "ea:find",
        "https://rels.example.com/x",
    ] {
        assert_ne!(Rel::new(name).kind(), RelKind::Registered, "{name}");
    }
    assert_eq!(Rel::new("curies").kind(), RelKind::Curies);
}
