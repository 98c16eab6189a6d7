//! The project's pages hold together: every relative link and image of the README, the pages
//! under `docs/` and the crates' and the package's READMEs leads to a file that exists, and its
//! `#anchor` to a heading of that page; every page under `docs/` is linked from the README.
//! Native only (it reads the files).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The pages: every `.md` file of the repository but those of tools, builds and generated
/// output.
fn pages() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                let skipped = [
                    "target",
                    "node_modules",
                    "dist",
                    ".git",
                    ".data",
                    "artifacts",
                ];
                if !skipped.contains(&name.as_str()) {
                    walk(&path, out);
                }
            } else if name.ends_with(".md") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&root(), &mut out);
    out.sort();
    out
}

/// The text outside fenced code blocks and inline code spans (a link written in code is an
/// example, not a link).
fn prose(markdown: &str) -> String {
    let mut out = String::new();
    let mut fenced = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let mut in_code = false;
        for c in line.chars() {
            if c == '`' {
                in_code = !in_code;
            } else if !in_code {
                out.push(c);
            }
        }
        out.push('\n');
    }
    out
}

/// The destinations of `[text](dest)` and `![alt](dest)` links.
fn links(markdown: &str) -> Vec<String> {
    let text = prose(markdown);
    let mut out = Vec::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("](") {
        rest = &rest[at + 2..];
        let end = rest.find(')').unwrap_or(rest.len());
        // `(dest "title")`: the destination is the first word.
        let dest = rest[..end].split_whitespace().next().unwrap_or("");
        out.push(dest.trim_matches(|c| c == '<' || c == '>').to_string());
    }
    out
}

/// GitHub's anchor for a heading: lower-cased, punctuation dropped, spaces as hyphens; a repeated
/// one gets `-1`, `-2`….
fn anchors(markdown: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut fenced = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        let Some(heading) = (!fenced)
            .then(|| line.trim_start_matches('#'))
            .filter(|h| line.starts_with('#') && h.starts_with(' '))
        else {
            continue;
        };
        let slug: String = heading
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let mut candidate = slug.clone();
        let mut n = 0;
        while out.contains(&candidate) {
            n += 1;
            candidate = format!("{slug}-{n}");
        }
        out.insert(candidate);
    }
    out
}

/// What is wrong with `dest`, a link on `page`; `None` when it leads somewhere.
fn broken(page: &Path, dest: &str) -> Option<String> {
    if dest.is_empty() {
        return Some("an empty link".into());
    }
    if dest.contains("://") || dest.starts_with("mailto:") {
        return None;
    }
    let (file, anchor) = dest.split_once('#').unwrap_or((dest, ""));
    let target = match file {
        "" => page.to_path_buf(),
        _ => page.parent().unwrap().join(file),
    };
    if !target.exists() {
        return Some(format!("{} does not exist", target.display()));
    }
    if anchor.is_empty() || target.extension().is_none_or(|e| e != "md") {
        return None;
    }
    let text = std::fs::read_to_string(&target).unwrap();
    let known = anchors(&text);
    (!known.contains(anchor)).then(|| {
        format!(
            "{} has no heading #{anchor} (its anchors: {})",
            target.display(),
            known.into_iter().collect::<Vec<_>>().join(", ")
        )
    })
}

#[test]
fn every_relative_link_between_the_pages_leads_somewhere() {
    let pages = pages();
    assert!(pages.len() >= 12, "the pages found: {pages:?}");
    let mut problems = Vec::new();
    let mut followed = 0;
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap();
        for dest in links(&text) {
            followed += 1;
            if let Some(why) = broken(page, &dest) {
                let page = page.strip_prefix(root()).unwrap().display();
                problems.push(format!("{page}: ({dest}): {why}"));
            }
        }
    }
    assert!(followed >= 100, "only {followed} links found");
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_page_under_docs_is_linked_from_the_readme() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let linked: BTreeSet<String> = links(&readme)
        .into_iter()
        .map(|d| d.split('#').next().unwrap().to_string())
        .collect();
    let docs: Vec<String> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    assert!(docs.len() >= 8, "{docs:?}");
    for page in docs {
        assert!(
            linked.contains(&format!("docs/{page}")),
            "docs/{page} is not linked from the README"
        );
    }
}

#[test]
fn the_checker_sees_what_a_reader_would_follow() {
    let page = "# Title\n\n## `scripts/run` and more\n\nSee [a](b.md#x) and ![i](s.png \"t\").\n\
                ```md\n[not](a link)\n```\nAnd `[code](neither)`.\n## Title\n";
    assert_eq!(links(page), ["b.md#x", "s.png"]);
    let known: Vec<String> = anchors(page).into_iter().collect();
    assert_eq!(known, ["scriptsrun-and-more", "title", "title-1"]);
    let here = root().join("README.md");
    assert!(broken(&here, "docs/nowhere.md").is_some());
    assert!(broken(&here, "docs/testing.md#no-such-heading").is_some());
    assert!(broken(&here, "docs/testing.md#the-crates-packages").is_none());
    assert!(broken(&here, "#the-two-commands").is_none());
    assert!(broken(&here, "https://example.com/x").is_none());
}
