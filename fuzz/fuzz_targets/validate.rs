//! Any JSON into `validate`: no panic, and a document it calls valid parses.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) {
        let report = hal_core::validate(&value);
        for finding in report.findings() {
            let _ = finding.to_string();
        }
        if report.is_valid() {
            assert!(hal_core::from_value::<hal_core::Resource>(&value).is_ok(), "valid but does not parse");
        }
    }
});
