//! `api-tokens-dist`: writes the standalone app's release `dist/` from wasm-bindgen's output and
//! `index.html`, doing for the release build what Trunk does for `trunk serve`: every
//! `<link data-trunk ...>` of `index.html` carried out (a stylesheet minified and named by its
//! content hash, a folder copied, the app's script from `Trunk.toml`'s `pattern_script`), the
//! app's JS and wasm named by their content hash and preloaded with their integrity, and the
//! page without comments or the whitespace between tags.
//!
//! ```text
//! api-tokens-dist ROOT BINDGEN NAME OUT [PUBLIC_URL]
//! ```
//!
//! ROOT holds `index.html`, `Trunk.toml` and what they name; BINDGEN holds wasm-bindgen's web
//! output of NAME (`NAME.js` and `NAME_bg.wasm`, through wasm-opt already); OUT is made anew.
//! PUBLIC_URL (default `/`) is where OUT is served, as Trunk's `--public-url`: the path every
//! file is linked under (`examples/leptos-host` is served below the root).
//! scripts/lib.sh's `build_release` runs it: the release build no longer needs Trunk (which
//! cannot split the wasm either, trunk-rs/trunk#1022), so a first `scripts/run` does not
//! compile it, while `index.html` and `Trunk.toml` stay what `trunk serve` reads.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::ExitCode;

use base64::Engine as _;
use sha2::{Digest, Sha256, Sha384};

include!("../../css.rs");

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (root, bindgen, name, out, public_url) = match &args[..] {
        [root, bindgen, name, out] => (root, bindgen, name, out, "/"),
        [root, bindgen, name, out, url] if url.starts_with('/') && url.ends_with('/') => {
            (root, bindgen, name, out, url.as_str())
        }
        _ => {
            eprintln!("usage: api-tokens-dist ROOT BINDGEN NAME OUT [PUBLIC_URL, like /app/]");
            return ExitCode::from(2);
        }
    };
    match standalone(
        Path::new(root),
        Path::new(bindgen),
        name,
        Path::new(out),
        public_url,
    ) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("api-tokens-dist: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Writes OUT from ROOT's `index.html` and BINDGEN's `NAME.js` / `NAME_bg.wasm`, every file
/// linked under `base` (the public URL, `/` at the root).
fn standalone(
    root: &Path,
    bindgen: &Path,
    name: &str,
    out: &Path,
    base: &str,
) -> Result<(), String> {
    let read = |p: &Path| fs::read(p).map_err(|e| format!("{}: {e}", p.display()));
    let template = String::from_utf8(read(&root.join("index.html"))?)
        .map_err(|_| "index.html is not UTF-8".to_string())?;
    let trunk_toml = String::from_utf8(read(&root.join("Trunk.toml"))?)
        .map_err(|_| "Trunk.toml is not UTF-8".to_string())?;
    let pattern = pattern_script(&trunk_toml)?;
    let js = read(&bindgen.join(format!("{name}.js")))?;
    let wasm = read(&bindgen.join(format!("{name}_bg.wasm")))?;

    if out.exists() {
        fs::remove_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let write = |file: &str, bytes: &[u8]| {
        fs::write(out.join(file), bytes).map_err(|e| format!("{}/{file}: {e}", out.display()))
    };

    // The JS and its wasm are a pair (the glue's imports are the wasm's): one hash for both.
    let hash = content_hash(&[&js, &wasm]);
    let (js_name, wasm_name) = (
        format!("{name}-{hash}.js"),
        format!("{name}-{hash}_bg.wasm"),
    );
    write(&js_name, &js)?;
    write(&wasm_name, &wasm)?;
    let preloads = format!(
        r#"<link rel="modulepreload" href="{base}{js_name}" crossorigin integrity="{}"><link rel="preload" href="{base}{wasm_name}" as="fetch" type="application/wasm" crossorigin integrity="{}">"#,
        integrity(&js),
        integrity(&wasm)
    );

    let page = render(&template, |rel, href| {
        match rel {
        "css" => {
            let href = href.ok_or("a css link without href")?;
            let css = String::from_utf8(read(&root.join(href))?)
                .map_err(|_| format!("{href} is not UTF-8"))?;
            let css = minify_css(&css);
            let stem = Path::new(href)
                .file_stem()
                .and_then(|s| s.to_str())
                .ok_or_else(|| format!("{href}: no file name"))?;
            let file = format!("{stem}-{}.css", content_hash(&[css.as_bytes()]));
            write(&file, css.as_bytes())?;
            Ok(format!(
                r#"<link rel="stylesheet" href="{base}{file}" integrity="{}">"#,
                integrity(css.as_bytes())
            ))
        }
        "copy-dir" => {
            let href = href.ok_or("a copy-dir link without href")?;
            copy_dir(&root.join(href), &out.join(href))?;
            Ok(String::new())
        }
        "rust" => Ok(pattern
            .replace("{base}", base)
            .replace("{js}", &js_name)
            .replace("{wasm}", &wasm_name)),
        other => Err(format!(
            "index.html: <link data-trunk rel=\"{other}\"> is not one the release build knows (css, copy-dir, rust): teach build/dist to carry it out"
        )),
    }
    })?;
    // Trunk's place for them: last in the head.
    let head_end = page.find("</head>").ok_or("index.html has no </head>")?;
    let page = format!("{}{preloads}{}", &page[..head_end], &page[head_end..]);
    write("index.html", minify_html(&page).as_bytes())
}

/// `Trunk.toml`'s `pattern_script = '...'`: the tag that starts the app (public/boot.js).
fn pattern_script(trunk_toml: &str) -> Result<String, String> {
    trunk_toml
        .lines()
        .find_map(|l| l.trim().strip_prefix("pattern_script"))
        .and_then(|rest| rest.trim_start().strip_prefix('='))
        .map(str::trim)
        .and_then(|v| v.strip_prefix('\'')?.strip_suffix('\''))
        .map(str::to_string)
        .ok_or_else(|| {
            "Trunk.toml has no pattern_script = '...' (the tag that starts the app)".into()
        })
}

/// `template` with each `<link data-trunk ...>` tag replaced by what `directive(rel, href)`
/// answers.
fn render(
    template: &str,
    mut directive: impl FnMut(&str, Option<&str>) -> Result<String, String>,
) -> Result<String, String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("<link") {
        let end = rest[start..]
            .find('>')
            .map(|e| start + e + 1)
            .ok_or("index.html: a <link without its >")?;
        let tag = &rest[start..end];
        out.push_str(&rest[..start]);
        let attrs = attributes(tag);
        let get = |name: &str| {
            attrs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_deref())
        };
        if get("data-trunk").is_some() {
            let rel = get("rel").flatten().unwrap_or_default();
            out.push_str(&directive(rel, get("href").flatten())?);
        } else {
            out.push_str(tag);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The attributes of one tag, in order: `name="value"`, `name='value'`, `name=value` or a bare
/// `name` (`None`).
fn attributes(tag: &str) -> Vec<(String, Option<String>)> {
    let inner = tag
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim_end_matches('/');
    let mut chars = inner.chars().peekable();
    // The tag's name.
    while chars.next_if(|c| !c.is_whitespace()).is_some() {}
    let mut attrs = Vec::new();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let mut name = String::new();
        while let Some(c) = chars.next_if(|c| !c.is_whitespace() && *c != '=') {
            name.push(c);
        }
        if name.is_empty() {
            return attrs;
        }
        if chars.next_if_eq(&'=').is_none() {
            attrs.push((name, None));
            continue;
        }
        let mut value = String::new();
        match chars.next_if(|c| *c == '"' || *c == '\'') {
            Some(q) => value.extend(chars.by_ref().take_while(|c| *c != q)),
            None => {
                while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                    value.push(c);
                }
            }
        }
        attrs.push((name, Some(value)));
    }
}

/// The page without comments, and without whitespace between tags or runs of it in text.
fn minify_html(html: &str) -> String {
    let mut no_comments = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        no_comments.push_str(&rest[..start]);
        rest = rest[start..]
            .find("-->")
            .map_or("", |end| &rest[start + end + 3..]);
    }
    no_comments.push_str(rest);
    let mut out = String::with_capacity(no_comments.len());
    for piece in no_comments.split_inclusive('>') {
        let (text, tag) = piece.split_at(piece.find('<').unwrap_or(piece.len()));
        let words: Vec<&str> = text.split_whitespace().collect();
        out.push_str(&words.join(" "));
        out.push_str(tag);
    }
    out
}

/// 16 hex digits of the SHA-256 of `parts`: a name that changes whenever the bytes do (the
/// backend serves such names as immutable: `is_content_hashed`).
fn content_hash(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize()[..8].iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Subresource Integrity of `bytes`: `sha384-` and its base64.
fn integrity(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}

/// Copies folder `from` into `to`, recursively.
fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    let entries = fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", from.display()))?;
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type().map_err(|e| e.to_string())?.is_dir() {
            copy_dir(&src, &dst)?;
        } else {
            fs::copy(&src, &dst).map_err(|e| format!("{}: {e}", src.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_in_every_quoting() {
        assert_eq!(
            attributes(r#"<link data-trunk rel="css" href='style/tab.css' x=1 />"#),
            [
                ("data-trunk".to_string(), None),
                ("rel".to_string(), Some("css".to_string())),
                ("href".to_string(), Some("style/tab.css".to_string())),
                ("x".to_string(), Some("1".to_string())),
            ]
        );
        assert_eq!(attributes("<link>"), []);
    }

    #[test]
    fn directives_are_replaced_and_other_links_kept() {
        let page = r#"<head><link rel="icon" href="/f.svg" /><link data-trunk rel="css" href="a.css" />
<link data-trunk rel="rust" data-bin="x" /></head>"#;
        let mut seen = vec![];
        let out = render(page, |rel, href| {
            seen.push((rel.to_string(), href.map(str::to_string)));
            Ok(format!("[{rel}]"))
        })
        .unwrap();
        assert_eq!(
            out,
            "<head><link rel=\"icon\" href=\"/f.svg\" />[css]\n[rust]</head>"
        );
        assert_eq!(
            seen,
            [
                ("css".to_string(), Some("a.css".to_string())),
                ("rust".to_string(), None)
            ]
        );
        let err = render("<link data-trunk rel=\"scss\">", |rel, _| {
            Err(rel.to_string())
        });
        assert_eq!(err, Err("scss".to_string()));
    }

    #[test]
    fn html_loses_comments_and_whitespace_between_tags_only() {
        assert_eq!(
            minify_html("<!doctype html>\n<html>\n  <head>\n    <!-- a\ncomment -->\n    <title>API   Tokens</title>\n  </head>\n</html>\n"),
            "<!doctype html><html><head><title>API Tokens</title></head></html>"
        );
    }

    #[test]
    fn pattern_script_is_read_from_trunk_toml() {
        let toml =
            "[build]\npattern_script = '<script src=\"{base}b.js\" data-js=\"{js}\"></script>'\n";
        assert_eq!(
            pattern_script(toml).unwrap(),
            "<script src=\"{base}b.js\" data-js=\"{js}\"></script>"
        );
        assert!(pattern_script("[build]\n").is_err());
        // The repository's own.
        let ours = pattern_script(include_str!("../../../Trunk.toml")).unwrap();
        assert!(ours.contains("{js}") && ours.contains("{wasm}"), "{ours}");
    }

    #[test]
    fn hashes_change_with_the_bytes_and_look_like_what_the_backend_calls_hashed() {
        let a = content_hash(&[b"abc"]);
        assert_eq!(a.len(), 16);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, content_hash(&[b"abd"]));
        assert_eq!(a, content_hash(&[b"ab", b"c"]));
        // The SRI example of the W3C spec's "alert('Hello, world.');".
        assert_eq!(
            integrity(b"alert('Hello, world.');"),
            "sha384-H8BRh8j48O9oYatfu5AZzq6A9RINhZO5H16dQZngK7T62em8MUt1FLm52t+eX6xO"
        );
    }

    /// examples/leptos-host, served at /examples/leptos-host/: every file linked under it.
    #[test]
    fn an_app_below_the_root_links_everything_under_its_public_url() {
        let tmp = std::env::temp_dir().join(format!("api-tokens-dist-url-{}", std::process::id()));
        let (root, bindgen, out) = (tmp.join("root"), tmp.join("bindgen"), tmp.join("out"));
        let _ = fs::remove_dir_all(&tmp);
        fs::create_dir_all(root.join("style")).unwrap();
        fs::create_dir_all(root.join("public")).unwrap();
        fs::create_dir_all(&bindgen).unwrap();
        fs::write(
            root.join("index.html"),
            include_str!("../../../examples/leptos-host/index.html"),
        )
        .unwrap();
        fs::write(
            root.join("Trunk.toml"),
            include_str!("../../../examples/leptos-host/Trunk.toml"),
        )
        .unwrap();
        fs::write(root.join("style/console.css"), ".console { color: red }").unwrap();
        fs::write(root.join("public/boot.js"), "boot").unwrap();
        fs::write(bindgen.join("host.js"), "glue").unwrap();
        fs::write(bindgen.join("host_bg.wasm"), "wasm").unwrap();

        standalone(&root, &bindgen, "host", &out, "/examples/leptos-host/").unwrap();

        let html = fs::read_to_string(out.join("index.html")).unwrap();
        let hash = content_hash(&[b"glue", b"wasm"]);
        let css = format!(
            "console-{}.css",
            content_hash(&[minify_css(".console { color: red }").as_bytes()])
        );
        for needle in [
            format!(r#"<link rel="stylesheet" href="/examples/leptos-host/{css}""#),
            format!(
                r#"<script type="module" src="/examples/leptos-host/public/boot.js" data-js="/examples/leptos-host/host-{hash}.js" data-wasm="/examples/leptos-host/host-{hash}_bg.wasm"></script>"#
            ),
            format!(r#"<link rel="modulepreload" href="/examples/leptos-host/host-{hash}.js""#),
            format!(r#"<link rel="preload" href="/examples/leptos-host/host-{hash}_bg.wasm""#),
        ] {
            assert!(html.contains(&needle), "{needle} not in {html}");
        }
        assert!(
            !html.contains("href=\"/console") && !html.contains("\"/host-"),
            "{html}"
        );
        assert_eq!(
            fs::read_to_string(out.join("public/boot.js")).unwrap(),
            "boot"
        );
        let _ = fs::remove_dir_all(&tmp);
    }

    #[test]
    fn a_whole_dist_from_the_repository_index() {
        let tmp = std::env::temp_dir().join(format!("api-tokens-dist-{}", std::process::id()));
        let (root, bindgen, out) = (tmp.join("root"), tmp.join("bindgen"), tmp.join("out"));
        let _ = fs::remove_dir_all(&tmp);
        fs::create_dir_all(root.join("style")).unwrap();
        fs::create_dir_all(root.join("public/locales")).unwrap();
        fs::create_dir_all(&bindgen).unwrap();
        fs::write(root.join("index.html"), include_str!("../../../index.html")).unwrap();
        fs::write(root.join("Trunk.toml"), include_str!("../../../Trunk.toml")).unwrap();
        fs::write(root.join("style/tab.css"), "a { color : red ; }\n").unwrap();
        fs::write(root.join("style/page.css"), "body { margin: 0 }").unwrap();
        fs::write(root.join("public/boot.js"), "boot").unwrap();
        fs::write(root.join("public/locales/de.json"), "{}").unwrap();
        fs::write(bindgen.join("app.js"), "glue").unwrap();
        fs::write(bindgen.join("app_bg.wasm"), "wasm").unwrap();
        // A stale file in OUT goes.
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("stale.js"), "").unwrap();

        standalone(&root, &bindgen, "app", &out, "/").unwrap();

        let mut files: Vec<String> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        files.sort();
        let hash = content_hash(&[b"glue", b"wasm"]);
        // Minified by the embed's own minifier (build/css.rs), then named by the result.
        let (tab_css, page_min) = (
            minify_css("a { color : red ; }\n"),
            minify_css("body { margin: 0 }"),
        );
        assert!(
            !tab_css.contains('\n') && !tab_css.contains(';'),
            "{tab_css}"
        );
        let tab = format!("tab-{}.css", content_hash(&[tab_css.as_bytes()]));
        let page_css = format!("page-{}.css", content_hash(&[page_min.as_bytes()]));
        let mut want = vec![
            "index.html".to_string(),
            format!("app-{hash}.js"),
            format!("app-{hash}_bg.wasm"),
            tab.clone(),
            page_css.clone(),
            "public".to_string(),
        ];
        want.sort();
        assert_eq!(files, want);
        assert_eq!(fs::read_to_string(out.join(&tab)).unwrap(), tab_css);
        assert_eq!(
            fs::read_to_string(out.join("public/locales/de.json")).unwrap(),
            "{}"
        );
        let html = fs::read_to_string(out.join("index.html")).unwrap();
        assert!(!html.contains("data-trunk"), "{html}");
        assert!(!html.contains("<!--"), "{html}");
        assert!(!html.contains(">\n"), "{html}");
        for needle in [
            format!(r#"<link rel="stylesheet" href="/{tab}" integrity="sha384-"#),
            format!(r#"<link rel="stylesheet" href="/{page_css}" integrity="sha384-"#),
            format!(
                r#"<script type="module" src="/public/boot.js" data-js="/app-{hash}.js" data-wasm="/app-{hash}_bg.wasm"></script>"#
            ),
            format!(
                r#"<link rel="modulepreload" href="/app-{hash}.js" crossorigin integrity="{}">"#,
                integrity(b"glue")
            ),
            format!(
                r#"<link rel="preload" href="/app-{hash}_bg.wasm" as="fetch" type="application/wasm" crossorigin integrity="{}"></head>"#,
                integrity(b"wasm")
            ),
            r#"<link rel="preload" href="config.json" as="fetch" crossorigin="anonymous" />"#
                .to_string(),
            "<title>API Tokens</title>".to_string(),
        ] {
            assert!(html.contains(&needle), "{needle} not in {html}");
        }
        // The tab's stylesheet comes before the page's, as index.html lists them.
        assert!(html.find(&tab) < html.find(&page_css));
        let _ = fs::remove_dir_all(&tmp);
    }
}
