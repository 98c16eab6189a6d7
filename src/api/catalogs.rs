//! Fetching the catalogs a release build does not carry (kept by [`crate::i18n::fetched`]).
//!
//! Where the files are is the loader's to say: `globalThis.__apiTokensTabLocales` maps a
//! language code to its file's URL (`public/boot.js` sets it for the standalone app, and
//! `scripts/build-embed` appends the line that sets it to the embed's module, with URLs
//! relative to the module, which bundlers follow). The loaders also fetch the catalog the tab
//! will speak with the first wave ([`super::prefetch`]). A file is the shipped catalog
//! (`src/i18n/{code}.rs`) written as the `messages` host option writes one, `{ "de": { … } }`
//! (a native test holds each file to its catalog), and it is checked as that option is.

use crate::i18n::{fetched, Locale, Messages, VendorMessages};

/// Fetches `locale`'s catalog and hands it to [`fetched::came`]; a failure leaves the tab in the
/// language it speaks and says why in the console, for the page's author.
pub fn fetch(locale: Locale) {
    leptos::task::spawn_local(async move {
        let got = load(locale).await.map_err(|why| {
            let said = [
                "api-tokens-tab: the ",
                locale.code(),
                " catalog could not be loaded (",
                &why,
                "); the tab keeps the language it speaks",
            ];
            web_sys::console::error_1(&said.concat().into());
        });
        fetched::came(locale, got.ok());
    });
}

/// The URL the loader gave for `code`'s file.
fn url(code: &str) -> Option<String> {
    let global = js_sys::global();
    let map = js_sys::Reflect::get(&global, &"__apiTokensTabLocales".into()).ok()?;
    js_sys::Reflect::get(&map, &code.into()).ok()?.as_string()
}

async fn load(locale: Locale) -> Result<&'static Messages, String> {
    let url = url(locale.code()).ok_or("the page's loader did not say where it is")?;
    let key = super::prefetch::key(&url, None, None);
    let resp: gloo_net::http::Response = match super::prefetch::take(&key).await {
        Some(resp) => resp.into(),
        None => gloo_net::http::Request::get(&url)
            .send()
            .await
            .map_err(|e| [&url, ": ", &e.to_string()].concat())?,
    };
    if !resp.ok() {
        return Err([&url, " answered ", &resp.status().to_string()].concat());
    }
    let text = resp.text().await.map_err(|e| e.to_string())?;
    let json = js_sys::JSON::parse(&text).map_err(|_| [&url, " is not JSON"].concat())?;
    let words = VendorMessages::parse(crate::config::js::value(&json))
        .map_err(|e| [url.as_str(), e.as_str()].concat())?;
    words
        .whole(locale.code())
        .ok_or_else(|| [&url, " has no \"", locale.code(), "\" catalog"].concat())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::options::Value;
    use crate::i18n::Entry;

    /// A catalog as its file says it: `{ "de": { "title": "…", "tokens_count": { "one": …,
    /// "other": … } } }`, the keys in the catalog's order, one per line.
    fn file_text(locale: Locale) -> String {
        let q = |s: &str| serde_json::to_string(s).expect("a string");
        let forms = ["zero", "one", "two", "few", "many", "other"];
        let mut out = ["{\n  ", &q(locale.code()), ": {\n"].concat();
        let entries = locale.messages().entries();
        for (n, (key, entry)) in entries.iter().enumerate() {
            let said = match entry {
                Entry::Text(t) => q(t),
                Entry::Plural(_) => {
                    let said: Vec<String> = forms
                        .iter()
                        .zip(entry.forms())
                        .map(|(f, t)| [&q(f), ": ", &q(t)].concat())
                        .collect();
                    ["{ ", &said.join(", "), " }"].concat()
                }
            };
            let comma = if n + 1 < entries.len() { "," } else { "" };
            out.push_str(&["    ", &q(key), ": ", &said, comma, "\n"].concat());
        }
        out.push_str("  }\n}\n");
        out
    }

    fn from_json(v: serde_json::Value) -> Value {
        match v {
            serde_json::Value::String(s) => Value::Str(s),
            serde_json::Value::Object(m) => {
                Value::Map(m.into_iter().map(|(k, v)| (k, from_json(v))).collect())
            }
            other => panic!("a catalog file holds strings and objects only: {other}"),
        }
    }

    /// `public/boot.js` says where the files of exactly the catalogs the wasm may lack are.
    #[test]
    fn the_standalone_loader_lists_every_catalog_file() {
        let boot = include_str!("../../public/boot.js");
        let start = boot.find("const LOCALES = [").expect("lists LOCALES");
        let list = &boot[start..start + boot[start..].find("];").unwrap()];
        let codes: Vec<&str> = list.split('"').skip(1).step_by(2).collect();
        let fetched: Vec<&str> = Locale::ALL[1..].iter().map(|l| l.code()).collect();
        assert_eq!(codes, fetched);
    }

    /// Each non-English catalog's file says exactly what its Rust catalog says, and reads
    /// back (checked as the `messages` option is) into the same catalog.
    /// `ATT_WRITE_LOCALES=1 cargo test catalogs` writes them after a catalog changed.
    #[test]
    fn each_catalog_file_is_its_catalog() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("public/locales");
        for locale in Locale::ALL.into_iter().filter(|l| *l != Locale::En) {
            let path = dir.join([locale.code(), ".json"].concat());
            let want = file_text(locale);
            if std::env::var_os("ATT_WRITE_LOCALES").is_some() {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &want).unwrap();
            }
            let have = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                have == want,
                "{} is not src/i18n/{}.rs: run ATT_WRITE_LOCALES=1 cargo test catalogs",
                path.display(),
                locale.code()
            );
            let json: serde_json::Value = serde_json::from_str(&have).unwrap();
            let read = VendorMessages::parse(from_json(json)).expect("checked like the option");
            let whole = read.whole(locale.code()).expect("its catalog");
            let said = |m: &Messages| -> Vec<(&str, Vec<&str>)> {
                m.entries()
                    .into_iter()
                    .map(|(k, e)| (k, e.forms()))
                    .collect()
            };
            assert_eq!(said(whole), said(locale.messages()), "{locale:?}");
        }
    }
}
