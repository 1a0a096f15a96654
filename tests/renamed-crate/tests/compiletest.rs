//! With hal-core depended on as `hal_runtime`, a valid derive compiles and runs, and an invalid
//! one reports its own error only: the fallback impl names `hal_runtime`, not `hal_core`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/renamed_ok.rs");
    t.compile_fail("tests/ui/renamed_unknown_placeholder.rs");
}
