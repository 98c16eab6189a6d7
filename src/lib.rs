//! # api-tokens-tab
//!
//! An embeddable **API Tokens tab** for SaaS admin portals, written in Rust + Leptos and
//! compiled to WebAssembly. It talks to any backend that follows Frontegg's identity API shapes
//! for API tokens (see `README.md` for the contract).
//!
//! Layout:
//! - [`model`]: pure logic (no web-sys), unit-tested natively.
//! - [`state`]: [`state::TabState`], the one owner of the tab's data, with named transitions.
//! - [`api`]: DTOs exactly as the spec, one HTTP client, one [`api::ApiError`].
//! - [`components`]: one Leptos component per file; [`ApiTokensTab`] is the public entry.
//! - [`config`]: [`ApiTokensConfig`], what a host passes in.
//! - [`events`]: [`events::TabEvent`], what the tab tells its host.
//! - [`i18n`]: the catalogs (English, German, Arabic, French, Japanese) and formatting through
//!   the browser's `Intl`.
//! - `embed` (feature `embed`): `mountApiTokens` for JavaScript hosts and the
//!   `<api-tokens-tab>` element.

pub mod api;
pub mod components;
pub mod config;
#[cfg(feature = "embed")]
pub mod embed;
pub mod events;
pub mod i18n;
pub mod model;
pub mod state;

#[cfg(test)]
mod layout;
// The npm package's .d.ts against HOST_OPTIONS and TabEvent (the file sits with them in npm/).
#[cfg(test)]
#[path = "../npm/types_test.rs"]
mod npm_types;

pub use components::tab::ApiTokensTab;
pub use config::{AccessToken, ApiTokensConfig, Theme};

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
