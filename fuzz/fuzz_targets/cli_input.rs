//! The `hal` tool's own code on any bytes: `hal lint` (text and JSON), `hal fmt` and
//! `hal links` (text and JSON), through the library the binary calls.
#![no_main]

use hal_cli::{fmt, links, lint};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    for json in [false, true] {
        lint::lint_document("fuzz.json", data, json, &mut out, &mut err);
        for lenient in [false, true] {
            links::write_links("fuzz.json", data, json, lenient, &mut out, &mut err);
        }
    }
    for lenient in [false, true] {
        let formatted = fmt::format_document("fuzz.json", data, lenient, &mut out, &mut err);
        // A document `hal fmt` accepts is written as HAL that it accepts again, unchanged.
        if formatted == hal_cli::Outcome::Ok {
            let mut first = Vec::new();
            fmt::format_document("fuzz.json", data, lenient, &mut first, &mut err);
            let mut second = Vec::new();
            let again = fmt::format_document("fuzz.json", &first, lenient, &mut second, &mut err);
            assert_eq!(again, hal_cli::Outcome::Ok, "hal fmt refuses its own output");
            assert_eq!(first, second, "hal fmt is not idempotent");
        }
    }
});
