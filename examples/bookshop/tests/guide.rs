//! The README's guide quotes this example: each excerpt must still be in its files, word for
//! word, so that the guide cannot teach code the example no longer has.

use std::path::Path;

/// The `rust,ignore` blocks of the README's "Your first HAL service" section.
fn excerpts(readme: &str) -> Vec<String> {
    let start = readme
        .find("## Your first HAL service")
        .expect("the README has the guide");
    let section = &readme[start..];
    let end = section[3..].find("\n## ").map_or(section.len(), |i| i + 3);
    let mut excerpts = Vec::new();
    let mut rest = &section[..end];
    while let Some(open) = rest.find("```rust,ignore\n") {
        let body = &rest[open + "```rust,ignore\n".len()..];
        let close = body.find("```").expect("a closed block");
        excerpts.push(body[..close].to_owned());
        rest = &body[close + 3..];
    }
    excerpts
}

#[test]
fn the_guide_quotes_the_example_word_for_word() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("../../README.md")).unwrap();
    let sources: String = ["lib.rs", "resources.rs", "store.rs", "main.rs", "client.rs"]
        .iter()
        .map(|file| std::fs::read_to_string(root.join("src").join(file)).unwrap())
        .collect();
    let excerpts = excerpts(&readme);
    assert!(excerpts.len() >= 6, "{excerpts:#?}");
    for excerpt in excerpts {
        assert!(
            sources.contains(&excerpt),
            "the guide quotes code the example does not have:\n{excerpt}"
        );
    }
}
