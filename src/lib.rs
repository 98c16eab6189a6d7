//! # api-tokens-tab
//!
//! An **API Tokens tab** for a SaaS admin portal: the page where an account's admins and users
//! generate, copy, roll, edit and delete the API tokens their scripts use. A Leptos 0.8
//! component (client-side rendering, WebAssembly) that talks to any backend following
//! Frontegg's identity API for API tokens, with the same options and behaviour as its
//! JavaScript doors (an ES module, the `<api-tokens-tab>` element and a React wrapper, built
//! from this crate with the `embed` feature).
//!
//! ## In a Leptos app
//!
//! ```toml
//! [dependencies]
//! api-tokens-tab = "0.1"
//! leptos = { version = "0.8", features = ["csr"] }
//! ```
//!
//! Mount [`ApiTokensTab`] with an [`ApiTokensConfig`]: where the backend is (default: the
//! page's origin, under `/frontegg`), the signed-in user's token, and how the tab looks and
//! speaks. Derived from the app's own signals, the config is followed as it changes: a new
//! theme, locale, `messages`, token getter or event handler takes effect in place, keeping
//! what the user typed; another backend reloads the tab.
//!
//! ```no_run
//! use std::rc::Rc;
//!
//! use api_tokens_tab::{AccessToken, ApiTokensConfig, ApiTokensTab, TabEvent, Theme, VendorMessages};
//! use leptos::prelude::*;
//!
//! fn main() {
//!     // The tab's stylesheet, adopted by the page (allowed by a `style-src 'self'` CSP).
//!     api_tokens_tab::adopt_stylesheet();
//!     leptos::mount::mount_to_body(Settings);
//! }
//!
//! #[component]
//! fn Settings() -> impl IntoView {
//!     // The app's own state: its session, its theme, its notices.
//!     let session = RwSignal::new(Some("the user's JWT".to_string()));
//!     let theme = RwSignal::new(Theme::Auto);
//!     let notice = RwSignal::new(String::new());
//!     let words = VendorMessages::from_texts(&[("en", &[("title", "API keys")])]).unwrap();
//!     let config = Signal::derive_local(move || ApiTokensConfig {
//!         // Asked before every request, so a refreshed session is used at once.
//!         access_token: AccessToken::provider(move || {
//!             let token = session.get_untracked();
//!             async move { token.ok_or_else(|| "signed out".to_string()) }
//!         }),
//!         theme: theme.get(),
//!         messages: Some(words.clone()),
//!         // Ids and kinds only: an event never carries a secret.
//!         on_event: Some(Rc::new(move |e: &TabEvent| notice.set(format!("Token {}", e.kind())))),
//!         ..Default::default()
//!     });
//!     view! {
//!         <button on:click=move |_| theme.set(Theme::Dark)>"Dark"</button>
//!         <p role="status">{notice}</p>
//!         <ApiTokensTab config=config />
//!     }
//! }
//! ```
//!
//! The repository's `examples/leptos-host` is a whole app built this way: its own router,
//! layout, sign-in and notices.
//!
//! ## Features
//!
//! - `bundled-locales` (default): every catalog compiled in (English, German, Arabic, French,
//!   Japanese). Without it the wasm holds English only (about 12 KB of brotli less) and fetches
//!   another locale's catalog when it is spoken, from the URLs the page's loader puts in
//!   `globalThis.__apiTokensTabLocales`.
//! - `embed`: the JavaScript doors ([`embed`]: `mountApiTokens` and the handle it answers),
//!   for pages that are not Leptos apps.
//!
//! ## What is public
//!
//! The component and its configuration are the API: [`ApiTokensTab`], [`config`],
//! [`events`], [`VendorMessages`], [`adopt_stylesheet`] and [`STYLESHEET`]. The crate's other
//! modules (`api`, `components`, `i18n`, `model`, `state`) are public for its own binary and
//! tests only: hidden from these docs and not covered by semantic versioning.

#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[doc(hidden)]
pub mod api;
#[doc(hidden)]
pub mod components;
pub mod config;
#[cfg(feature = "embed")]
#[cfg_attr(docsrs, doc(cfg(feature = "embed")))]
pub mod embed;
pub mod events;
#[doc(hidden)]
pub mod i18n;
#[doc(hidden)]
pub mod model;
#[doc(hidden)]
pub mod state;
mod style;

#[cfg(test)]
mod layout;
// The npm package's .d.ts against HOST_OPTIONS and TabEvent (the file sits with them in npm/).
#[cfg(test)]
#[path = "../npm/types_test.rs"]
mod npm_types;

pub use components::host::ApiTokensTab;
pub use config::{AccessToken, ApiTokensConfig, Theme};
pub use events::{EventHandler, TabEvent};
pub use i18n::VendorMessages;
pub use model::{Owner, TokenType};
pub use style::{adopt_stylesheet, STYLESHEET};

/// The embed's stylesheet minifier (build.rs): it removes only comments, whitespace that
/// cannot matter and the last `;` of a block.
#[cfg(test)]
mod css_min {
    include!("../build/css.rs");

    fn squeeze(css: &str) -> String {
        let mut s = css.to_string();
        while let Some(start) = s.find("/*") {
            let end = s[start..].find("*/").unwrap() + start + 2;
            s.replace_range(start..end, "");
        }
        s.retain(|c| !c.is_whitespace());
        s.replace(";}", "}")
    }

    #[test]
    fn the_stylesheet_loses_only_comments_and_spare_whitespace() {
        let css = include_str!("../style/tab.css");
        let min = minify_css(css);
        assert!(!min.contains("/*") && !min.contains('\n'));
        assert_eq!(squeeze(&min), squeeze(css));
        assert!(
            min.len() < css.len() * 3 / 4,
            "{} of {}",
            min.len(),
            css.len()
        );
    }

    #[test]
    fn spaces_that_carry_meaning_stay() {
        assert_eq!(
            minify_css(".a  .b :focus , .c > .d {\n  font: 1px \"Segoe  UI\" ;\n}\n/* x */ .e{}"),
            ".a .b :focus,.c>.d{font: 1px \"Segoe  UI\"}.e{}"
        );
        assert_eq!(
            minify_css("a{margin: 0 calc(100% - 2px)}"),
            "a{margin: 0 calc(100% - 2px)}"
        );
    }
}
