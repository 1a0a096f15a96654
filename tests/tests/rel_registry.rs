//! `Rel`'s constants are exactly the IANA registry in `data/iana-link-relations.txt`.

use hal_core::Rel;
use hal_core::rel::RelKind;

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
fn constants_stand_for_their_names() {
    // Every constant is compared with the registry file by hal-core's own unit test
    // (`rel/tests.rs`), which can list the constants the registry macro generates.
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
