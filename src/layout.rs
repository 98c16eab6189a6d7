//! The shape the code keeps (issue 18), checked on every `cargo test`: no file under
//! `src/components/` over 350 lines and `tab.rs` under 250; no import cycle between the
//! crate's top-level modules, nor between the files of one folder.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The library's `.rs` files (the standalone app's `main.rs` is another crate), relative to
/// `src/`, with their code before any `#[cfg(test)]` module, comment lines left out.
fn files() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    walk(&src(), &mut paths);
    let mut files: Vec<(String, String)> = paths
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(src())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let code = std::fs::read_to_string(&p).unwrap();
            // Code only: comments may name any module.
            let code: String = code
                .split("#[cfg(test)]")
                .next()
                .unwrap_or("")
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .flat_map(|l| [l, "\n"])
                .collect();
            (rel, code)
        })
        .filter(|(rel, _)| rel != "main.rs" && rel != "lib.rs")
        .collect();
    files.sort();
    files
}

/// `api/client.rs` -> `["api", "client"]`; `api/mod.rs` -> `["api"]`.
fn module_of(rel: &str) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .trim_end_matches(".rs")
        .split('/')
        .map(String::from)
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The first path segments named after `prefix` (`crate::` or `super::`) in `code`, a
/// braced group giving each of its members.
fn names_after(code: &str, prefix: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = Vec::new();
    for (at, _) in code.match_indices(prefix) {
        // `x::super::` or `foo_crate::` are not ours.
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let rest = &code[at + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            out.extend(inner.split(',').map(|m| ident(m.trim())));
        } else {
            out.push(ident(rest));
        }
    }
    out.retain(|n| !n.is_empty() && n != "self");
    out
}

/// Whether `graph` has a cycle; the cycle's nodes when it does.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match state.get(node) {
            Some(1) => {
                let from = path.iter().position(|n| n == node).unwrap_or(0);
                let mut c = path[from..].to_vec();
                c.push(node.to_string());
                return Some(c);
            }
            Some(2) => return None,
            _ => {}
        }
        state.insert(node.to_string(), 1);
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, state, path) {
                return Some(c);
            }
        }
        path.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut state, &mut Vec::new()))
}

/// The two graphs: top-level modules, and per folder its files (a folder's `mod.rs`, which
/// declares and re-exports its files, is left out of its folder's graph).
fn graphs() -> (
    BTreeMap<String, BTreeSet<String>>,
    BTreeMap<String, BTreeSet<String>>,
) {
    let files = files();
    let modules: BTreeSet<Vec<String>> = files.iter().map(|(rel, _)| module_of(rel)).collect();
    let mut top: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut inner: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (rel, code) in &files {
        let module = module_of(rel);
        let area = module[0].clone();
        top.entry(area.clone()).or_default();
        for name in names_after(code, "crate::") {
            if modules.contains(&vec![name.clone()]) && name != area {
                top.entry(area.clone()).or_default().insert(name);
            }
        }
        if module.len() != 2 {
            continue;
        }
        let node = module.join("/");
        inner.entry(node.clone()).or_default();
        let siblings = names_after(code, "super::").into_iter().chain(
            names_after(code, &format!("crate::{area}::"))
                .into_iter()
                .filter(|n| n != &module[1]),
        );
        for name in siblings {
            let sibling = vec![area.clone(), name.clone()];
            if modules.contains(&sibling) && name != module[1] {
                inner
                    .entry(node.clone())
                    .or_default()
                    .insert(sibling.join("/"));
            }
        }
    }
    (top, inner)
}

#[test]
fn the_modules_import_each_other_without_cycles() {
    let (top, inner) = graphs();
    assert!(
        top.contains_key("model") && top["components"].contains("state"),
        "the graph was read: {top:?}"
    );
    assert!(
        inner["components/tab"].contains("components/dialogs"),
        "{inner:?}"
    );
    assert_eq!(cycle(&top), None, "top-level modules: {top:#?}");
    assert_eq!(cycle(&inner), None, "files of one folder: {inner:#?}");
    // The model is the bottom layer: pure logic that imports none of the others.
    assert_eq!(
        top["model"],
        BTreeSet::new(),
        "model imports {:?}",
        top["model"]
    );
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let graph = |edges: &[(&str, &str)]| {
        let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (a, b) in edges {
            g.entry(a.to_string()).or_default().insert(b.to_string());
            g.entry(b.to_string()).or_default();
        }
        g
    };
    assert_eq!(cycle(&graph(&[("a", "b"), ("b", "c"), ("a", "c")])), None);
    assert_eq!(
        cycle(&graph(&[("a", "b"), ("b", "c"), ("c", "a")])),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    assert_eq!(
        names_after(
            "use crate::{api::x, i18n};\nlet a = super::dto::X; my_crate::z",
            "crate::"
        ),
        ["api", "i18n"]
    );
    assert_eq!(
        names_after("use super::{dto, map, ApiError};", "super::"),
        ["dto", "map", "ApiError"]
    );
}

#[test]
fn components_stay_small() {
    for (rel, _) in files() {
        if !rel.starts_with("components/") {
            continue;
        }
        let lines = std::fs::read_to_string(src().join(&rel))
            .unwrap()
            .lines()
            .count();
        let max = if rel == "components/tab.rs" { 249 } else { 350 };
        assert!(lines <= max, "src/{rel} has {lines} lines (at most {max})");
    }
}
