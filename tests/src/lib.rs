//! Cross-crate tests for the HAL workspace; the tests live in `tests/`, the data in `data/`.

use std::path::PathBuf;

/// The path of a file under this crate's `data/` folder.
#[must_use]
pub fn data_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(relative)
}

/// The README's code blocks, run as doctests so that the README cannot drift from the API.
#[doc = include_str!("../../README.md")]
mod readme {}
