//! No link in the repository points at a missing file or anchor: the relative links of every
//! Markdown file, and the links into the repository's own tree that doc comments write as
//! absolute URLs (rule ids such as `H-40` link to `docs/hal-rules.md#h-40`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Where doc comments link into the repository: its `repository` URL plus `/blob/main/`.
const TREE_URL: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/");

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Files under `dir` ending in `extension`, build output and dependencies left out.
fn files(dir: &Path, extension: &str, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy();
        if path.is_dir() {
            if !matches!(
                name.as_ref(),
                "target" | "node_modules" | ".git" | "corpus" | "artifacts"
            ) {
                files(&path, extension, found);
            }
        } else if name.ends_with(extension) {
            found.push(path);
        }
    }
}

/// The targets of `[text](target)` links, fenced blocks left out.
fn link_targets(markdown: &str) -> Vec<String> {
    let mut targets = Vec::new();
    let mut fenced = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let end = after.find(')').unwrap_or(after.len());
            targets.push(after[..end].trim().to_owned());
            rest = &after[end..];
        }
    }
    targets
}

/// The anchors a Markdown file defines: `<a id="…">` and its headings, as GitHub names them.
fn anchors(markdown: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = markdown;
    while let Some(at) = rest.find("<a id=\"") {
        let after = &rest[at + 7..];
        let end = after.find('"').unwrap_or(after.len());
        found.insert(after[..end].to_owned());
        rest = &after[end..];
    }
    for line in markdown.lines() {
        if let Some(heading) = line.strip_prefix('#') {
            let text = heading.trim_start_matches('#').trim();
            let slug: String = text
                .to_lowercase()
                .chars()
                .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
                .map(|c| if c == ' ' { '-' } else { c })
                .collect();
            found.insert(slug);
        }
    }
    found
}

/// Checks one link target, relative to `base` (the linking file's folder); what is wrong.
fn check(base: &Path, from: &Path, target: &str) -> Option<String> {
    let (path, anchor) = match target.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor)),
        None => (target, None),
    };
    let file = if path.is_empty() {
        from.to_path_buf()
    } else {
        base.join(path)
    };
    if !file.exists() {
        return Some(format!("{}: `{target}`: no such file", from.display()));
    }
    let anchor = anchor.filter(|a| !a.is_empty())?;
    if file.extension().is_some_and(|e| e == "md") {
        let text = std::fs::read_to_string(&file).unwrap();
        if !anchors(&text).contains(anchor) {
            return Some(format!(
                "{}: `{target}`: no anchor `{anchor}`",
                from.display()
            ));
        }
    }
    None
}

fn is_external(target: &str) -> bool {
    target.contains("://") || target.starts_with("mailto:")
}

#[test]
fn every_relative_link_of_every_markdown_file_resolves() {
    let mut markdown = Vec::new();
    files(&root(), ".md", &mut markdown);
    assert!(markdown.len() >= 4, "{markdown:?}");
    let mut broken = Vec::new();
    let mut checked = 0;
    for file in &markdown {
        let text = std::fs::read_to_string(file).unwrap();
        for target in link_targets(&text) {
            if is_external(&target) {
                continue;
            }
            checked += 1;
            broken.extend(check(file.parent().unwrap(), file, &target));
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    assert!(
        checked >= 10,
        "the README and docs link rule ids: {checked} links checked"
    );
}

#[test]
fn every_link_of_a_doc_comment_into_the_repository_resolves() {
    let mut sources = Vec::new();
    files(&root(), ".rs", &mut sources);
    let mut broken = Vec::new();
    let mut checked = 0;
    for file in &sources {
        let text = std::fs::read_to_string(file).unwrap();
        let mut rest = text.as_str();
        while let Some(at) = rest.find(TREE_URL) {
            let after = &rest[at + TREE_URL.len()..];
            let end = after
                .find(|c: char| c == ')' || c == '>' || c == '"' || c.is_whitespace())
                .unwrap_or(after.len());
            checked += 1;
            broken.extend(check(&root(), file, &after[..end]));
            rest = &after[end..];
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    assert!(
        checked >= 50,
        "rule ids in doc comments link to the rules: {checked} checked"
    );
}

#[test]
fn every_rule_a_finding_names_is_in_the_rule_lists() {
    let rules = anchors(&std::fs::read_to_string(root().join("docs/hal-rules.md")).unwrap());
    let forms = anchors(&std::fs::read_to_string(root().join("docs/hal-forms-rules.md")).unwrap());
    let mut sources = Vec::new();
    files(&root().join("hal-core/src/validate"), ".rs", &mut sources);
    let mut named = BTreeSet::new();
    for file in sources {
        let text = std::fs::read_to_string(file).unwrap();
        for (index, _) in text.match_indices("\"H-").chain(text.match_indices("\"F-")) {
            let rule = &text[index + 1..(index + 5).min(text.len())];
            if rule[2..].bytes().all(|b| b.is_ascii_digit()) {
                named.insert(rule.to_lowercase());
            }
        }
    }
    assert!(named.len() >= 20, "{named:?}");
    for rule in &named {
        assert!(
            rules.contains(rule) || forms.contains(rule),
            "`{rule}` is in no rule list"
        );
    }
    // And the URL a finding gives is one of them.
    let report = hal_core::validate(&serde_json::json!({"_links": {"self": {}}}));
    let url = report.errors()[0].rule_url();
    let target = url.strip_prefix(TREE_URL).unwrap();
    assert_eq!(check(&root(), &root().join("docs"), target), None, "{url}");
}

#[test]
fn the_checker_finds_a_broken_link() {
    let base = root();
    assert!(check(&base, &base.join("README.md"), "docs/hal-rules.md#h-40").is_none());
    assert!(check(&base, &base.join("README.md"), "docs/hal-rules.md#h-99").is_some());
    assert!(check(&base, &base.join("README.md"), "docs/missing.md").is_some());
    assert_eq!(
        link_targets("see [a](b.md) and `[c](d)`\n```\n[e](f)\n```"),
        ["b.md", "d"]
    );
}
