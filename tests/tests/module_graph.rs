//! The module graphs of hal-core and hal-derive have no import cycle but `Resource` ↔
//! `Embedded` (a resource embeds resources): each module can be read knowing only those below.
//!
//! A module is a file or folder under `src/`; it depends on another when its code (comments
//! aside) names `crate::other`, directly or through a name `lib.rs` re-exports.

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

/// The first path segment of every item named after `crate::`, groups included.
fn crate_references(code: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            names.extend(group[..end].split(',').filter_map(|item| {
                let item = item.trim();
                let name: String = item
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                (!name.is_empty()).then_some(name)
            }));
        } else {
            names.push(
                rest.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect(),
            );
        }
    }
    names
}

/// Names `lib.rs` re-exports, with the module they come from.
fn reexports(lib: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for statement in lib.split(';') {
        let statement = statement.trim();
        let Some(path) = statement
            .lines()
            .map(str::trim)
            .filter(|l| !l.starts_with("//") && !l.starts_with("#["))
            .collect::<Vec<_>>()
            .join(" ")
            .strip_prefix("pub use ")
            .map(str::to_owned)
        else {
            continue;
        };
        let Some((module, items)) = path.split_once("::") else {
            continue;
        };
        let items = items.trim_start_matches('{').trim_end_matches('}');
        for item in items.split(',') {
            let name = item.trim().rsplit(' ').next().unwrap_or("").to_owned();
            if !name.is_empty() {
                map.insert(name, module.to_owned());
            }
        }
    }
    map
}

fn graph(krate: &str) -> Graph {
    let src = source_dir(krate);
    let lib = code(&src.join("lib.rs"));
    let reexported = reexports(&lib);
    let mut graph = Graph::new();
    for file in rust_files(&src) {
        let relative = file.strip_prefix(&src).unwrap();
        let first = relative.components().next().unwrap();
        let module = first
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        if module == "lib" || module == "tests" {
            continue;
        }
        let edges = graph.entry(module.clone()).or_default();
        for name in crate_references(&code(&file)) {
            let target = reexported.get(&name).cloned().unwrap_or(name);
            if target != module && target != "__private" {
                edges.insert(target);
            }
        }
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
            if !s.graph.contains_key(next) {
                continue; // an external crate or a re-exported dependency (`template`)
            }
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
fn hal_core_has_no_cycle_but_resource_and_embedded() {
    let graph = graph("hal-core");
    assert!(
        graph.contains_key("resource") && graph.contains_key("de"),
        "{graph:?}"
    );
    let expected: BTreeSet<String> = ["embedded", "resource"].map(String::from).into();
    assert_eq!(cycles(&graph), [expected], "{graph:#?}");
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
    assert_eq!(
        crate_references("use crate::{a::X, b};\nlet x = crate::c::y();"),
        ["a", "b", "c"]
    );
}
