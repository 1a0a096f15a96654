//! What `hal lint`, `hal fmt` and `hal links` do with their input, on any bytes.
#![no_main]

use hal_core::{CurieScope, Resource};
use libfuzzer_sys::fuzz_target;

fn walk(resource: &Resource, scope: &CurieScope<'_>) {
    for (rel, links) in resource.links().iter() {
        let _ = scope.resolve(rel.as_str());
        for link in links {
            let _ = link.expand(&hal_core::Variables::new());
        }
    }
    for (_, children) in resource.embedded().iter() {
        for child in children {
            walk(child, &scope.child(child));
        }
    }
}

fuzz_target!(|data: &[u8]| {
    // lint
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) {
        let report = hal_core::validate(&value);
        let _ = serde_json::to_string(&report.findings());
    }
    // fmt and links
    if let Ok(resource) = hal_core::from_slice::<Resource>(data) {
        let _ = serde_json::to_string_pretty(&resource).expect("a parsed resource serializes");
        walk(&resource, &resource.curie_scope());
    }
});
