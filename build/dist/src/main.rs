//! `api-tokens-dist`: writes the standalone app's release `dist/` from wasm-bindgen's output and
//! `index.html`, doing for the release build what Trunk does for `trunk serve`: every
//! `<link data-trunk ...>` of `index.html` carried out (a stylesheet minified and named by its
//! content hash, a folder copied, the app's script from `Trunk.toml`'s `pattern_script`), the
//! app's JS and wasm named by their content hash and preloaded with their integrity, and the
//! page without comments or the whitespace between tags.
//!
//! ```text
//! api-tokens-dist ROOT BINDGEN NAME OUT [PUBLIC_URL]
//! api-tokens-dist merge-loader DIR NAME
//! ```
//!
//! ROOT holds `index.html`, `Trunk.toml` and what they name; BINDGEN holds wasm-bindgen's web
//! output of NAME (`NAME.js` and `NAME_bg.wasm`, through wasm-opt already) and, for a wasm split
//! by wasm-split-cli (the `split` feature), its chunks (`split_*.wasm`, `chunk_*.wasm`) and their
//! loader (`__wasm_split.js`); OUT is made anew. PUBLIC_URL (default `/`) is where OUT is served,
//! as Trunk's `--public-url`: the path every file is linked under (`examples/leptos-host` is
//! served below the root). The chunks are named by the same content hash as the module, and the
//! loader is merged into the module (`merge-loader` does only that, in place, for the embed's
//! DIR): one file fewer in the first load, and no request between the module and its wasm.
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
    let done = match &args[..] {
        [cmd, dir, name] if cmd == "merge-loader" => merge_loader_in(Path::new(dir), name),
        [root, bindgen, name, out] => standalone(
            Path::new(root),
            Path::new(bindgen),
            name,
            Path::new(out),
            "/",
        ),
        [root, bindgen, name, out, url] if url.starts_with('/') && url.ends_with('/') => {
            standalone(
                Path::new(root),
                Path::new(bindgen),
                name,
                Path::new(out),
                url,
            )
        }
        _ => {
            eprintln!("usage: api-tokens-dist ROOT BINDGEN NAME OUT [PUBLIC_URL, like /app/]\n       api-tokens-dist merge-loader DIR NAME");
            return ExitCode::from(2);
        }
    };
    match done {
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
    let mut js = read(&bindgen.join(format!("{name}.js")))?;
    let wasm = read(&bindgen.join(format!("{name}_bg.wasm")))?;
    let chunks = chunks(bindgen)?;
    let loader = bindgen.join(LOADER);
    let loader = loader.exists().then(|| read(&loader)).transpose()?;

    if out.exists() {
        fs::remove_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let write = |file: &str, bytes: &[u8]| {
        fs::write(out.join(file), bytes).map_err(|e| format!("{}/{file}: {e}", out.display()))
    };

    // The JS, its wasm and the chunks are one build (the glue's imports are the wasm's, the
    // chunks link against both): one hash for all.
    let mut parts: Vec<&[u8]> = vec![&js, &wasm];
    parts.extend(loader.iter().map(Vec::as_slice));
    parts.extend(chunks.iter().map(|(_, bytes)| bytes.as_slice()));
    let hash = content_hash(&parts);
    if let Some(loader) = &loader {
        let utf8 = |b: &[u8], f: &str| {
            String::from_utf8(b.to_vec()).map_err(|_| format!("{f} is not UTF-8"))
        };
        let mut merged = merge_loader(&utf8(&js, "the module")?, &utf8(loader, LOADER)?, name)?;
        for (stem, _) in &chunks {
            merged = merged.replace(
                &format!("\"./{stem}.wasm\""),
                &format!("\"./{stem}-{hash}.wasm\""),
            );
        }
        js = merged.into_bytes();
    }
    let (js_name, wasm_name) = (
        format!("{name}-{hash}.js"),
        format!("{name}-{hash}_bg.wasm"),
    );
    write(&js_name, &js)?;
    write(&wasm_name, &wasm)?;
    for (stem, bytes) in &chunks {
        write(&format!("{stem}-{hash}.wasm"), bytes)?;
    }
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

/// wasm-split-cli's loader of the chunks, which the module imports.
const LOADER: &str = "__wasm_split.js";

/// The chunks wasm-split-cli cut out of the wasm in `dir` (`split_NAME.wasm`, one per split
/// point, and `chunk_N.wasm`, code two or more of them share), by file stem, in name order.
fn chunks(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let is_chunk = stem.starts_with("split_") || stem.starts_with("chunk_");
        if is_chunk && path.extension().is_some_and(|e| e == "wasm") {
            let bytes = fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            found.push((stem.to_string(), bytes));
        }
    }
    found.sort();
    Ok(found)
}

/// What the merged loader fetches a chunk with: `fetch`, but a `data:` URL's bytes are decoded
/// here (no request a CSP could refuse).
const FETCH_CHUNK: &str = r#"const fetchChunk = (url) => {
    if (url.protocol !== "data:") return fetch(url);
    const bytes = Uint8Array.from(atob(url.href.slice(url.href.indexOf(",") + 1)), (c) => c.charCodeAt(0));
    return Promise.resolve(new Response(bytes, { headers: { "content-type": "application/wasm" } }));
};
"#;

/// `merge-loader DIR NAME`: DIR's `__wasm_split.js` merged into `NAME.js` (see [`merge_loader`]),
/// and removed.
fn merge_loader_in(dir: &Path, name: &str) -> Result<(), String> {
    let (module, loader) = (dir.join(format!("{name}.js")), dir.join(LOADER));
    let read = |p: &Path| fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let merged = merge_loader(&read(&module)?, &read(&loader)?, name)?;
    fs::write(&module, merged).map_err(|e| format!("{}: {e}", module.display()))?;
    fs::remove_file(&loader).map_err(|e| format!("{}: {e}", loader.display()))
}

/// wasm-bindgen's module `glue` with wasm-split-cli's `loader` inside it, where the module
/// imported it (`import * as importN from "./__wasm_split.js"`, and the loader `initSync` from
/// `./NAME.js`): one module, so the loader costs no request of its own before the wasm's, and
/// no bundler or server can serve the two from different places. The loader keeps its own
/// scope; what it exported is what the wasm's imports from `./__wasm_split.js` get.
fn merge_loader(glue: &str, loader: &str, name: &str) -> Result<String, String> {
    let from = format!("\"./{LOADER}\"");
    let mut out = String::with_capacity(glue.len() + loader.len() + 256);
    let mut imported = 0;
    let mut linked = false;
    for line in glue.split_inclusive('\n') {
        let code = line.trim();
        if code.starts_with("import * as ") && code.ends_with(&format!("from {from}")) {
            imported += 1;
        } else if code.starts_with(&format!("{from}: import")) && code.ends_with(',') {
            // One entry for them all (they named the same module).
            if !linked {
                let indent = &line[..line.len() - line.trim_start().len()];
                out.push_str(&format!("{indent}{from}: __wasm_split,\n"));
                linked = true;
            }
        } else {
            out.push_str(line);
        }
    }
    if imported == 0 || !linked {
        return Err(format!(
            "{name}.js does not import {LOADER} as wasm-bindgen writes it (import * as importN from {from}, and {from}: importN in its imports): was it built from wasm-split-cli's output?"
        ));
    }
    let import_init = format!("import {{ initSync }} from \"./{name}.js\";");
    if !loader.contains(&import_init) {
        return Err(format!("{LOADER} does not start with {import_init}"));
    }
    let mut exported = Vec::new();
    let mut body = String::new();
    for line in loader.replace(&import_init, "").split_inclusive('\n') {
        match line.strip_prefix("export const ") {
            Some(rest) => {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                exported.push(name);
                body.push_str("const ");
                body.push_str(rest);
            }
            None => body.push_str(line),
        }
    }
    if exported.is_empty() || body.contains("export ") || body.contains("import ") {
        return Err(format!(
            "{LOADER} is not what wasm-split-cli writes (exported constants, one import)"
        ));
    }
    // A bundler may inline a small chunk as a data: URL (Vite does under 4 KB); a page's CSP
    // (connect-src) would refuse to fetch it, so its bytes are read from the URL instead.
    let fetch = "fetch(new URL(";
    if !body.contains(fetch) {
        return Err(format!(
            "{LOADER} does not fetch its chunks with {fetch}...)"
        ));
    }
    let body = body.replace(fetch, "fetchChunk(new URL(");
    out.push_str("\n// The dialogs' chunks: wasm-split-cli's loader (__wasm_split.js), merged in by build/dist.\nconst __wasm_split = (() => {\n");
    out.push_str(FETCH_CHUNK);
    out.push_str(body.trim());
    out.push_str(&format!(
        "\nreturn {{ {} }};\n}})();\n",
        exported.join(", ")
    ));
    Ok(out)
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

    /// wasm-bindgen's module and wasm-split-cli's loader as they write them (abridged).
    const GLUE: &str = "import * as import1 from \"./__wasm_split.js\"\nimport * as import2 from \"./__wasm_split.js\"\n\nexport function mountApiTokens() {}\nfunction __wbg_get_imports() {\n    return {\n        __proto__: null,\n        \"./app_bg.js\": import0,\n        \"./__wasm_split.js\": import1,\n        \"./__wasm_split.js\": import2,\n    };\n}\nfunction initSync(module) {}\nexport { initSync, __wbg_init as default };\n";
    const SPLIT_JS: &str = "import { initSync } from \"./app.js\";\n\nlet sharedImports = undefined;\nconst __chunk_3 = makeLoad(() => {\n    const src = fetch(new URL(\"./chunk_3.wasm\", import.meta.url));\n}, []);\nexport const __wasm_split_load_edit = wrapAsyncCb(makeLoad(() => {\n    const src = fetch(new URL(\"./split_edit.wasm\", import.meta.url));\n}, [__chunk_3]));\nexport const __wasm_split_load_roll = wrapAsyncCb(makeLoad(() => {}, []));\n";

    #[test]
    fn the_loader_goes_into_the_module_that_imported_it() {
        let merged = merge_loader(GLUE, SPLIT_JS, "app").unwrap();
        assert!(!merged.contains("import "), "{merged}");
        assert!(!merged.contains("export const"), "{merged}");
        assert_eq!(
            merged
                .matches("\"./__wasm_split.js\": __wasm_split,")
                .count(),
            1,
            "{merged}"
        );
        // The glue is kept as it was, the loader after it in a scope of its own, answering
        // what it exported.
        assert!(
            merged.starts_with("\nexport function mountApiTokens() {}"),
            "{merged}"
        );
        assert!(merged.contains("\"./app_bg.js\": import0,"));
        assert!(merged.contains("export { initSync, __wbg_init as default };"));
        assert!(merged.contains("const __wasm_split = (() => {\n"));
        assert!(merged
            .ends_with("\nreturn { __wasm_split_load_edit, __wasm_split_load_roll };\n})();\n"));
        // Bundlers still see each chunk's URL; data: URLs are read, not fetched.
        assert!(merged.contains("fetchChunk(new URL(\"./chunk_3.wasm\", import.meta.url))"));
        assert!(merged.contains("fetchChunk(new URL(\"./split_edit.wasm\", import.meta.url))"));
        assert!(!merged.contains(" fetch(new URL("), "{merged}");
        assert!(merged.contains(FETCH_CHUNK));
    }

    #[test]
    fn a_module_or_loader_of_another_shape_is_refused() {
        let unsplit = "export function mountApiTokens() {}\n";
        assert!(merge_loader(unsplit, SPLIT_JS, "app")
            .unwrap_err()
            .contains("does not import __wasm_split.js"));
        assert!(merge_loader(GLUE, SPLIT_JS, "other")
            .unwrap_err()
            .contains("import { initSync } from \"./other.js\";"));
        let no_fetch = SPLIT_JS.replace("fetch(new URL(", "load(new URL(");
        assert!(merge_loader(GLUE, &no_fetch, "app")
            .unwrap_err()
            .contains("does not fetch its chunks"));
    }

    #[test]
    fn merge_loader_rewrites_the_embed_in_place() {
        let dir = std::env::temp_dir().join(format!("api-tokens-merge-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("app.js"), GLUE).unwrap();
        fs::write(dir.join(LOADER), SPLIT_JS).unwrap();
        merge_loader_in(&dir, "app").unwrap();
        assert!(!dir.join(LOADER).exists());
        assert_eq!(
            fs::read_to_string(dir.join("app.js")).unwrap(),
            merge_loader(GLUE, SPLIT_JS, "app").unwrap()
        );
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_split_build_is_named_by_one_hash_and_its_module_finds_its_chunks() {
        let tmp = std::env::temp_dir().join(format!("api-tokens-split-{}", std::process::id()));
        let (root, bindgen, out) = (tmp.join("root"), tmp.join("bindgen"), tmp.join("out"));
        let _ = fs::remove_dir_all(&tmp);
        fs::create_dir_all(&root).unwrap();
        fs::create_dir_all(&bindgen).unwrap();
        fs::write(
            root.join("index.html"),
            "<html><head><link data-trunk rel=\"rust\" /></head><body></body></html>",
        )
        .unwrap();
        fs::write(
            root.join("Trunk.toml"),
            "pattern_script = '<script data-js=\"{js}\"></script>'\n",
        )
        .unwrap();
        fs::write(bindgen.join("app.js"), GLUE).unwrap();
        fs::write(bindgen.join("app_bg.wasm"), "wasm").unwrap();
        fs::write(bindgen.join(LOADER), SPLIT_JS).unwrap();
        fs::write(bindgen.join("split_edit.wasm"), "edit").unwrap();
        fs::write(bindgen.join("chunk_3.wasm"), "shared").unwrap();

        standalone(&root, &bindgen, "app", &out, "/").unwrap();

        let hash = content_hash(&[
            GLUE.as_bytes(),
            b"wasm",
            SPLIT_JS.as_bytes(),
            b"shared",
            b"edit",
        ]);
        let mut files: Vec<String> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        files.sort();
        let mut want = vec![
            format!("app-{hash}.js"),
            format!("app-{hash}_bg.wasm"),
            format!("chunk_3-{hash}.wasm"),
            "index.html".to_string(),
            format!("split_edit-{hash}.wasm"),
        ];
        want.sort();
        assert_eq!(files, want);
        assert_eq!(
            fs::read(out.join(format!("split_edit-{hash}.wasm"))).unwrap(),
            b"edit"
        );
        let js = fs::read_to_string(out.join(format!("app-{hash}.js"))).unwrap();
        assert!(
            js.contains(&format!(
                "new URL(\"./split_edit-{hash}.wasm\", import.meta.url)"
            )),
            "{js}"
        );
        assert!(
            js.contains(&format!(
                "new URL(\"./chunk_3-{hash}.wasm\", import.meta.url)"
            )),
            "{js}"
        );
        assert!(
            !js.contains("from \"./__wasm_split.js\""),
            "the loader is inside: {js}"
        );
        // The page preloads the module with the integrity of what was written.
        let html = fs::read_to_string(out.join("index.html")).unwrap();
        assert!(
            html.contains(&format!(
                r#"<link rel="modulepreload" href="/app-{hash}.js" crossorigin integrity="{}">"#,
                integrity(js.as_bytes())
            )),
            "{html}"
        );
        let _ = fs::remove_dir_all(&tmp);
    }
}
