//! Compile-fail tests of the derive with hal-core renamed; see `tests/compiletest.rs`.
