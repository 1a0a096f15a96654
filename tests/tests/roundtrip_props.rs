//! Properties of the HAL model over arbitrary resources.

use hal_core::strategy::{json_strategy, link_strategy, resource_strategy};
use hal_core::{Link, Resource};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn prop_resource_survives_json_round_trip(resource in resource_strategy(3)) {
        let json = serde_json::to_string(&resource).unwrap();
        let back: Resource = hal_core::from_str(&json).unwrap();
        prop_assert_eq!(&back, &resource, "parsed resource differs from the one written: {}", json);
        prop_assert_eq!(serde_json::to_string(&back).unwrap(), json, "second write differs from the first");
    }

    #[test]
    fn prop_link_survives_round_trip_and_keeps_templated_honest(link in link_strategy()) {
        let json = serde_json::to_value(&link).unwrap();
        prop_assert_eq!(json.get("templated").is_some(), link.is_templated(), "`templated` written iff true");
        let back: Link = serde_json::from_value(json).unwrap();
        prop_assert_eq!(back, link);
    }

    #[test]
    fn prop_parsing_arbitrary_json_never_panics(value in json_strategy(6)) {
        let text = serde_json::to_string(&value).unwrap();
        if let Ok(resource) = hal_core::from_str::<Resource>(&text) {
            // Whatever parses is written back as the same JSON value.
            prop_assert_eq!(serde_json::to_value(&resource).unwrap(), value);
        }
    }
}
