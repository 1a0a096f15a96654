//! Any bytes into a dynamic `Resource`: no panic, and whatever parses writes back to a
//! document that parses to the same resource.
#![no_main]

use hal_core::Resource;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(resource) = hal_core::from_slice::<Resource>(data) {
        let written = serde_json::to_vec(&resource).expect("a parsed resource serializes");
        let again: Resource = hal_core::from_slice(&written).expect("a written resource parses");
        assert_eq!(again, resource, "round trip changed the resource");
    }
});
