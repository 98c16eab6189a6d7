//! The backend's shape (issue 38), checked on every `cargo test`: layers whose imports point
//! only down (`cli` > `http` > `service` > `store` > `db` > `domain`, `crypto`), so no import
//! cycle between them; no cycle between the files of one folder; no HTTP or database crate in
//! the domain; and no file in `src/` over 400 lines of code (tests and comments left out).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each top-level module and its layer: a module may import only modules of lower layers.
const LAYERS: &[(&str, u8)] = &[
    ("domain", 0),
    ("crypto", 0),
    ("db", 1),
    ("outbound", 1),
    ("store", 2),
    ("service", 3),
    ("http", 4),
    ("cli", 5),
];

/// Crates each layer may not name: the domain and crypto know nothing of HTTP or databases;
/// the store and the service nothing of HTTP; `db` nothing of HTTP.
const FORBIDDEN: &[(&str, &[&str])] = &[
    (
        "domain",
        &["axum", "tower", "hyper", "rusqlite", "postgres", "r2d2"],
    ),
    (
        "crypto",
        &["axum", "tower", "hyper", "rusqlite", "postgres", "r2d2"],
    ),
    ("db", &["axum", "tower", "hyper"]),
    (
        "outbound",
        &["axum", "tower", "rusqlite", "postgres", "r2d2"],
    ),
    ("store", &["axum", "tower", "hyper"]),
    ("service", &["axum", "tower", "hyper"]),
];

/// Lines of code a file may have at most (before its tests, without comments and blank lines).
const MAX_CODE_LINES: usize = 400;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, as (module path, code): `http/routes/tokens.rs` is
/// `["http", "routes", "tokens"]`, a folder's `mod.rs` the folder. The code is what comes
/// before the file's `#[cfg(test)]`, without comment lines. `lib.rs` and `main.rs` (which
/// only declare and start) are left out.
fn files(dir: &Path) -> Vec<(Vec<String>, String)> {
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
    walk(dir, &mut paths);
    let mut out: Vec<(Vec<String>, String)> = paths
        .into_iter()
        .filter_map(|p| {
            let rel = p
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if rel == "lib.rs" || rel == "main.rs" {
                return None;
            }
            let mut module: Vec<String> = rel
                .trim_end_matches(".rs")
                .split('/')
                .map(String::from)
                .collect();
            if module.last().is_some_and(|m| m == "mod") {
                module.pop();
            }
            Some((module, code_of(&std::fs::read_to_string(&p).unwrap())))
        })
        .collect();
    out.sort();
    out
}

/// `text` before its `#[cfg(test)]`, without comment and blank lines.
fn code_of(text: &str) -> String {
    let before_tests = text.split("#[cfg(test)]").next().unwrap_or("");
    before_tests
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            !t.is_empty() && !t.starts_with("//")
        })
        .map(|l| format!("{l}\n"))
        .collect()
}

/// The modules `code`, the code of module `at`, names: each `crate::a::b…` and `super::…`
/// path (a braced group giving each of its members) resolved to a full module path.
fn imports(at: &[String], code: &str) -> BTreeSet<Vec<String>> {
    let word = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    // The path after `prefix`, split at `::` while the segments are names; a group `{a, b::c}`
    // gives each member.
    fn paths(rest: &str, word: &dyn Fn(&str) -> String) -> Vec<Vec<String>> {
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            return inner
                .split(',')
                .flat_map(|m| paths(m.trim(), word))
                .collect();
        }
        let mut segs = Vec::new();
        let mut rest = rest;
        loop {
            let w = word(rest);
            if w.is_empty() {
                if rest.starts_with('{') {
                    return paths(rest, word)
                        .into_iter()
                        .map(|p| segs.iter().cloned().chain(p).collect())
                        .collect();
                }
                break;
            }
            rest = &rest[w.len()..];
            segs.push(w);
            match rest.strip_prefix("::") {
                Some(r) => rest = r,
                None => break,
            }
        }
        vec![segs]
    }
    let mut out = BTreeSet::new();
    for (i, _) in code.match_indices("crate::") {
        if code[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
        {
            continue;
        }
        for p in paths(&code[i + "crate::".len()..], &word) {
            if !p.is_empty() {
                out.insert(p);
            }
        }
    }
    for (i, _) in code.match_indices("super::") {
        let before = code[..i].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        // `super::super::x` from module [a, b, c] is [a, x].
        let mut base: Vec<String> = at.to_vec();
        let mut rest = &code[i..];
        while let Some(r) = rest.strip_prefix("super::") {
            base.pop();
            rest = r;
        }
        for p in paths(rest, &word) {
            out.insert(base.iter().cloned().chain(p).collect());
        }
    }
    out.retain(|p| p.first().is_some_and(|s| s != "self"));
    out
}

/// The graphs: top-level modules, and per folder the files in it (arrows between siblings).
fn graphs(
    files: &[(Vec<String>, String)],
) -> (
    BTreeMap<String, BTreeSet<String>>,
    BTreeMap<String, BTreeSet<String>>,
) {
    let modules: BTreeSet<&Vec<String>> = files.iter().map(|(m, _)| m).collect();
    let mut top: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut inner: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, code) in files {
        top.entry(module[0].clone()).or_default();
        for path in imports(module, code) {
            if path[0] != module[0] && modules.iter().any(|m| m[0] == path[0]) {
                top.get_mut(&module[0]).unwrap().insert(path[0].clone());
            }
            // A sibling: the same folder, another file of it.
            if module.len() >= 2 && path.len() >= module.len() {
                let folder = &module[..module.len() - 1];
                let sibling = &path[..module.len()];
                if path.starts_with(folder)
                    && sibling != module.as_slice()
                    && modules.contains(&sibling.to_vec())
                {
                    inner
                        .entry(module.join("/"))
                        .or_default()
                        .insert(sibling.join("/"));
                }
            }
        }
    }
    (top, inner)
}

/// A cycle of `graph` when there is one: what is left after taking away, again and again,
/// every node that no remaining node points to (Kahn's order) lies on or leads to a cycle.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<BTreeSet<String>> {
    let mut left: BTreeMap<&String, BTreeSet<&String>> = graph
        .iter()
        .map(|(n, to)| (n, to.iter().collect()))
        .collect();
    for to in graph.values() {
        for t in to {
            left.entry(t).or_default();
        }
    }
    loop {
        let sinks: Vec<&String> = left
            .iter()
            .filter(|(_, to)| to.is_empty())
            .map(|(n, _)| *n)
            .collect();
        if sinks.is_empty() {
            break;
        }
        for s in &sinks {
            left.remove(s);
        }
        for to in left.values_mut() {
            to.retain(|t| !sinks.contains(t));
        }
    }
    (!left.is_empty()).then(|| left.keys().map(|n| n.to_string()).collect())
}

fn layer(module: &str) -> u8 {
    LAYERS
        .iter()
        .find(|(m, _)| *m == module)
        .unwrap_or_else(|| {
            panic!("src/{module}: a top-level module in no layer of tests/layout.rs")
        })
        .1
}

#[test]
fn every_import_points_to_a_lower_layer_and_no_folder_has_a_cycle() {
    let files = files(&src());
    let (top, inner) = graphs(&files);
    // The graphs were read: the service imports the store, a route its folder's parent.
    assert!(top["service"].contains("store"), "{top:#?}");
    assert!(
        inner["store/changes"].contains("store/events"),
        "{inner:#?}"
    );
    for (from, to) in &top {
        for t in to {
            assert!(
                layer(t) < layer(from),
                "src/{from} imports src/{t}, which is not in a lower layer: {top:#?}"
            );
        }
    }
    assert_eq!(cycle(&top), None, "top-level modules: {top:#?}");
    assert_eq!(cycle(&inner), None, "files of one folder: {inner:#?}");
}

#[test]
fn the_domain_knows_no_http_and_no_database() {
    for (module, code) in files(&src()) {
        let Some((_, crates)) = FORBIDDEN.iter().find(|(m, _)| *m == module[0]) else {
            continue;
        };
        for c in *crates {
            let named = code.match_indices(&format!("{c}::")).any(|(i, _)| {
                !code[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|b| b.is_alphanumeric() || b == '_' || b == ':')
            });
            assert!(!named, "src/{} names {c}", module.join("/"));
        }
    }
}

#[test]
fn no_file_has_more_than_400_lines_of_code() {
    for (module, code) in files(&src()) {
        let n = code.lines().count();
        assert!(
            n <= MAX_CODE_LINES,
            "src/{} has {n} lines of code (at most {MAX_CODE_LINES})",
            module.join("/")
        );
    }
}

#[test]
fn the_checks_find_what_they_look_for() {
    let graph = |edges: &[(&str, &str)]| {
        let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (a, b) in edges {
            g.entry(a.to_string()).or_default().insert(b.to_string());
        }
        g
    };
    assert_eq!(cycle(&graph(&[("a", "b"), ("b", "c"), ("a", "c")])), None);
    assert_eq!(
        cycle(&graph(&[("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")])),
        Some(["a", "b", "c", "d"].map(String::from).into())
    );
    let at: Vec<String> = ["http", "routes", "tokens"].map(String::from).into();
    let found = imports(
        &at,
        "use super::super::{dto, error::AppError};\nuse crate::service::Service;\nlet x = super::demo::f; my_crate::z; crate::{db, store::tokens};",
    );
    let want: BTreeSet<Vec<String>> = [
        vec!["http", "dto"],
        vec!["http", "error", "AppError"],
        vec!["service", "Service"],
        vec!["http", "routes", "demo", "f"],
        vec!["db"],
        vec!["store", "tokens"],
    ]
    .into_iter()
    .map(|p| p.into_iter().map(String::from).collect())
    .collect();
    assert_eq!(found, want);
    // A planted upward import and a planted cycle in a folder are both seen.
    let planted = vec![
        (
            vec!["store".to_string(), "a".to_string()],
            "use super::b::X; use crate::http::Y;".to_string(),
        ),
        (
            vec!["store".to_string(), "b".to_string()],
            "use super::a::Z;".to_string(),
        ),
        (vec!["http".to_string()], String::new()),
    ];
    let (top, inner) = graphs(&planted);
    assert!(top["store"].contains("http") && layer("http") > layer("store"));
    assert!(cycle(&inner).is_some(), "{inner:?}");
    assert_eq!(code_of("a\n  // b\n\nc\n#[cfg(test)]\nd"), "a\nc\n");
}
