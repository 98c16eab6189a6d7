//! The first wave, fetched by the page's loader while the wasm downloads and compiles.
//!
//! A loader that knows the tab's options before the wasm runs starts the [`FIRST_WAVE`]
//! requests itself: `public/boot.js` from `config.json`, `src/embed/element.js` from its
//! `access-token` attribute (not with a token getter, which is asked once per request the tab
//! sends). It leaves their responses in a `Map` at `globalThis.__apiTokensTabWave`, under
//! [`key`]: the URL and the exact `Authorization` and `frontegg-tenant-id` values it sent. The
//! client takes a response from there only when the request it would send is exactly that one,
//! and only once; anything else (another token, a second call, no loader) goes to the network as
//! before. So the loader can only make the first load faster, never change what the tab asks or
//! believes.
//!
//! While the loader is still reading its options, the map holds a promise under `READY`;
//! [`take`] waits for it first, so a fast wasm never asks twice for what is on its way.

use api_tokens_rules::{wire, Source};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The GET paths of the tab's first load (under `{baseUrl}/{urlPrefix}/identity/resources/`),
/// the ones a loader may fetch ahead. `public/boot.js` lists the same (a test compares them).
pub const FIRST_WAVE: [&str; 8] = [
    wire::ME_AUTHORIZATION,
    wire::ME,
    wire::ROLES,
    wire::PUBLIC_CONFIGURATION,
    Source::AccountClients.list_path(),
    Source::AccountAccess.list_path(),
    Source::PersonalClients.list_path(),
    Source::PersonalAccess.list_path(),
];

/// The global the loader's map lives at.
const GLOBAL: &str = "__apiTokensTabWave";
/// The map's key of the loader's "options read, wave started (or not)" promise.
const READY: &str = "ready";

/// A request's key in the loader's map: its URL, then the two headers that say whose it is.
pub fn key(url: &str, authorization: Option<&str>, tenant: Option<&str>) -> String {
    format!(
        "{url}\n{}\n{}",
        authorization.unwrap_or(""),
        tenant.unwrap_or("")
    )
}

/// The loader's response to the request under `key`, removed from the map so it serves once.
/// `None` without a loader or without that exact request.
pub async fn take(key: &str) -> Option<web_sys::Response> {
    let wave = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(GLOBAL))
        .ok()?
        .dyn_into::<js_sys::Map>()
        .ok()?;
    let ready = wave.get(&JsValue::from_str(READY));
    if let Ok(ready) = ready.dyn_into::<js_sys::Promise>() {
        // Its outcome does not matter, only that the loader is done deciding.
        let _ = JsFuture::from(ready).await;
    }
    let k = JsValue::from_str(key);
    let pending = wave.get(&k).dyn_into::<js_sys::Promise>().ok()?;
    wave.delete(&k);
    JsFuture::from(pending).await.ok()?.dyn_into().ok()
}

/// Lets go of every answer still in the loader's map (a tab's first load is over; what it did
/// not take, it asked for otherwise): their bodies are not kept for the life of the page.
pub fn let_go() {
    if let Some(wave) = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(GLOBAL))
        .ok()
        .and_then(|w| w.dyn_into::<js_sys::Map>().ok())
    {
        let ready = wave.get(&JsValue::from_str(READY));
        wave.clear();
        if !ready.is_undefined() {
            wave.set(&JsValue::from_str(READY), &ready);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_tell_apart_whose_request_it_is() {
        let url = "https://x.test/frontegg/identity/resources/roles/v1";
        assert_eq!(
            key(url, Some("Bearer a"), None),
            format!("{url}\nBearer a\n")
        );
        assert_ne!(
            key(url, Some("Bearer a"), None),
            key(url, Some("Bearer b"), None)
        );
        assert_ne!(
            key(url, Some("Bearer a"), None),
            key(url, Some("Bearer a"), Some("t"))
        );
        assert_ne!(key(url, None, None), key(url, Some("Bearer a"), None));
    }

    /// The list is what the client asks on the first load (tab.rs `load`): the four account
    /// calls and the four sources' lists.
    #[test]
    fn the_first_wave_is_what_the_client_asks_on_load() {
        let client = include_str!("client.rs");
        let account = [
            ("ME_AUTHORIZATION", wire::ME_AUTHORIZATION),
            ("ME", wire::ME),
            ("ROLES", wire::ROLES),
            ("PUBLIC_CONFIGURATION", wire::PUBLIC_CONFIGURATION),
        ];
        for (i, (name, path)) in account.into_iter().enumerate() {
            assert_eq!(FIRST_WAVE[i], path);
            assert!(client.contains(&format!(">(wire::{name})")), "{name}");
        }
        let lists = Source::ALL.map(Source::list_path);
        assert_eq!(FIRST_WAVE[4..], lists);
    }

    /// The loaders fetch exactly the paths the tab's first load asks for.
    #[test]
    fn the_loaders_prefetch_the_first_wave() {
        let loaders = [
            ("public/boot.js", include_str!("../../public/boot.js")),
            ("src/embed/element.js", include_str!("../embed/element.js")),
        ];
        for (name, js) in loaders {
            let start = js.find("const WAVE = [").expect("lists WAVE");
            let list = &js[start..start + js[start..].find("];").unwrap()];
            let paths: Vec<&str> = list.split('"').skip(1).step_by(2).collect();
            assert_eq!(paths, FIRST_WAVE, "{name}");
        }
    }
}
