//! The module graphs of hal-core and hal-derive have no import cycle: each top-level module can
//! be read knowing only those below it, and the code only the derive needs lives in
//! `__private`, on which no other module of hal-core depends.
//!
//! A top-level module is a file or folder under `src/`; it depends on another when its code
//! (comments aside) names an item of it, by any form of path: `crate::other::X`, `super::X`
//! and `self::X` resolved from the file's own module, grouped and nested `use` trees, and
//! names the crate root re-exports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

fn source_dir(krate: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(krate)
        .join("src")
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// Code without comments.
fn code(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module a file is: `read/de/object.rs` is `read::de::object`, `read/mod.rs` is `read`,
/// `lib.rs` the root.
fn module_of(relative: &Path) -> Vec<String> {
    let mut segments: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let file = segments.pop().unwrap_or_default();
    let stem = file.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        segments.push(stem.to_owned());
    }
    segments
}

fn identifier(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

/// The items of a `{…}` group (without its braces), split at top-level commas.
fn group_items(group: &str) -> Vec<&str> {
    let (mut items, mut depth, mut start) = (Vec::new(), 0, 0);
    for (index, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(group[start..index].trim());
                start = index + 1;
            }
            _ => {}
        }
    }
    items.push(group[start..].trim());
    items.into_iter().filter(|item| !item.is_empty()).collect()
}

/// The text of the group opening `text` (which starts after `{`), up to its matching brace.
fn group_body(text: &str) -> &str {
    let mut depth = 1;
    for (index, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return &text[..index];
                }
            }
            _ => {}
        }
    }
    text
}

/// The absolute paths (from the crate root, as far as their first segment below `base`) that
/// a path tree starting at `text` names, relative to `base`.
fn tree(base: &[String], text: &str, found: &mut Vec<Vec<String>>) {
    let text = text.trim_start();
    if let Some(group) = text.strip_prefix('{') {
        for item in group_items(group_body(group)) {
            tree(base, item, found);
        }
        return;
    }
    let name = identifier(text);
    if name.is_empty() {
        return;
    }
    let rest = &text[name.len()..];
    match name {
        "self" => {
            let rest = rest.strip_prefix("::").unwrap_or("");
            if rest.is_empty() {
                found.push(base.to_vec());
            } else {
                tree(base, rest, found);
            }
        }
        "super" => {
            let parent = &base[..base.len().saturating_sub(1)];
            tree(parent, rest.strip_prefix("::").unwrap_or(""), found);
        }
        _ => {
            let mut path = base.to_vec();
            path.push(name.to_owned());
            found.push(path);
        }
    }
}

/// Every path the code names through `crate::`, `super::` or `self::`, resolved from `module`.
fn references(code: &str, module: &[String]) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    for start in ["crate::", "super::", "self::"] {
        for (at, _) in code.match_indices(start) {
            let preceded = code[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':');
            if preceded || inside_use_group(&code[..at]) {
                continue;
            }
            let (base, rest): (&[String], &str) = match start {
                "crate::" => (&[], &code[at + start.len()..]),
                // `super::x` and `self::x` are read by `tree` from the module itself.
                _ => (module, &code[at..]),
            };
            tree(base, rest, &mut found);
        }
    }
    found
}

/// Whether the text ends inside the braces of a `use` tree, whose items the tree itself reads.
fn inside_use_group(before: &str) -> bool {
    let Some(start) = before.rfind("use ") else {
        return false;
    };
    let statement = &before[start..];
    !statement.contains(';') && statement.matches('{').count() > statement.matches('}').count()
}

/// Names `lib.rs` re-exports, with the module they come from.
fn reexports(lib: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for statement in lib.split(';') {
        let statement = statement
            .lines()
            .map(str::trim)
            .filter(|l| !l.starts_with("#["))
            .collect::<Vec<_>>()
            .join(" ");
        let Some(path) = statement.trim().strip_prefix("pub use ") else {
            continue;
        };
        let Some((module, items)) = path.split_once("::") else {
            continue;
        };
        for item in group_items(items.trim_start_matches('{').trim_end_matches('}')) {
            let name = item.rsplit(' ').next().unwrap_or("").to_owned();
            map.insert(name, module.to_owned());
        }
    }
    map
}

fn graph(krate: &str) -> Graph {
    let src = source_dir(krate);
    let reexported = reexports(&code(&src.join("lib.rs")));
    let mut graph = Graph::new();
    for file in rust_files(&src) {
        let module = module_of(file.strip_prefix(&src).unwrap());
        let Some(top) = module.first().cloned() else {
            continue; // lib.rs
        };
        if top == "tests" {
            continue;
        }
        let edges = graph.entry(top.clone()).or_default();
        for path in references(&code(&file), &module) {
            let Some(first) = path.first() else { continue };
            let target = reexported
                .get(first)
                .cloned()
                .unwrap_or_else(|| first.clone());
            if target != top {
                edges.insert(target);
            }
        }
    }
    // Names outside the crate's own modules (a re-exported crate such as `template`).
    let modules: BTreeSet<String> = graph.keys().cloned().collect();
    for edges in graph.values_mut() {
        edges.retain(|target| modules.contains(target));
    }
    graph
}

/// The strongly connected components with more than one module (Tarjan's algorithm).
fn cycles(graph: &Graph) -> Vec<BTreeSet<String>> {
    struct State<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        found: Vec<BTreeSet<String>>,
    }
    fn visit<'g>(s: &mut State<'g>, node: &'g str) {
        let i = s.index.len();
        s.index.insert(node, i);
        s.low.insert(node, i);
        s.stack.push(node);
        for next in s.graph.get(node).into_iter().flatten() {
            let next = next.as_str();
            if !s.index.contains_key(next) {
                visit(s, next);
                let low = s.low[node].min(s.low[next]);
                s.low.insert(node, low);
            } else if s.stack.contains(&next) {
                let low = s.low[node].min(s.index[next]);
                s.low.insert(node, low);
            }
        }
        if s.low[node] == s.index[node] {
            let mut component = BTreeSet::new();
            while let Some(member) = s.stack.pop() {
                component.insert(member.to_owned());
                if member == node {
                    break;
                }
            }
            if component.len() > 1 {
                s.found.push(component);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for node in graph.keys() {
        if !state.index.contains_key(node.as_str()) {
            visit(&mut state, node);
        }
    }
    state.found
}

#[test]
fn hal_core_has_no_cycle_and_its_layers_read_bottom_up() {
    let graph = graph("hal-core");
    for module in [
        "rel",
        "read",
        "link",
        "write",
        "resource",
        "typed",
        "forms",
        "validate",
        "__private",
    ] {
        assert!(
            graph.contains_key(module),
            "no module `{module}`: {graph:#?}"
        );
    }
    assert_eq!(cycles(&graph), Vec::<BTreeSet<String>>::new(), "{graph:#?}");
    // Each layer names none above it.
    let layers = ["rel", "read", "link", "write", "resource", "typed"];
    for (index, lower) in layers.iter().enumerate() {
        for upper in &layers[index + 1..] {
            assert!(
                !graph[*lower].contains(*upper),
                "`{lower}` names `{upper}`: {graph:#?}"
            );
        }
    }
    // The derive's support is the top: only the OpenAPI schemas it generates use its field
    // traits.
    let users: Vec<&String> = graph
        .iter()
        .filter(|(_, edges)| edges.contains("__private"))
        .map(|(module, _)| module)
        .collect();
    assert_eq!(users, ["openapi"], "{graph:#?}");
}

#[test]
fn hal_derive_has_no_cycle() {
    let graph = graph("hal-derive");
    assert!(
        graph.contains_key("expand") && graph.contains_key("attr"),
        "{graph:?}"
    );
    assert_eq!(cycles(&graph), Vec::<BTreeSet<String>>::new(), "{graph:#?}");
    // Attributes → model → checks → expansion.
    assert!(!graph["attr"].contains("ast"), "{graph:#?}");
    assert!(!graph["check"].contains("expand"), "{graph:#?}");
    assert!(!graph["ast"].contains("check"), "{graph:#?}");
}

#[test]
fn the_finder_sees_a_cycle() {
    let graph: Graph = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec!["a"]),
    ]
    .into_iter()
    .map(|(m, deps)| (m.to_owned(), deps.into_iter().map(String::from).collect()))
    .collect();
    let expected: BTreeSet<String> = ["a", "b", "c"].map(String::from).into();
    assert_eq!(cycles(&graph), [expected]);
}

#[test]
fn every_form_of_path_is_read() {
    let module: Vec<String> = ["read", "de", "object"].map(String::from).into();
    let found = references(
        "use crate::{a::X, b::{c, d::Y}};\n\
         let x = crate::c::y();\n\
         use super::{context::Z, self::W};\n\
         use super::super::limits::Limits;\n\
         use self::inner::V;\n\
         let _ = super::super::super::problem::Problem::new();\n\
         let not_a_path = my_crate::e;",
        &module,
    );
    let found: Vec<String> = found.iter().map(|p| p.join("::")).collect();
    assert_eq!(
        found,
        [
            "a",
            "b",
            "c",
            "read::de::context",
            "read::de::W",
            "read::limits",
            "problem",
            "read::de::object::inner",
        ],
    );
    assert_eq!(module_of(Path::new("read/mod.rs")), ["read"]);
    assert_eq!(module_of(Path::new("problem.rs")), ["problem"]);
}
