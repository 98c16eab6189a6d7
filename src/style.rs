//! The tab's stylesheet ([`STYLESHEET`]), for a Leptos app to adopt ([`adopt_stylesheet`]) and
//! for the embed's shadow roots.

use std::cell::RefCell;

/// The tab's stylesheet, `style/tab.css` minified (by `build.rs`): everything the tab draws is
/// under its `.att` class, so it styles nothing of the page's own. [`adopt_stylesheet`] adds it
/// to the page; a page may instead serve a copy as a file of its own.
pub const STYLESHEET: &str = include_str!(concat!(env!("OUT_DIR"), "/tab.min.css"));

thread_local! {
    /// One parsed stylesheet, shared by every tab on the page.
    static SHEET: RefCell<Option<web_sys::CssStyleSheet>> = const { RefCell::new(None) };
}

/// [`STYLESHEET`] parsed once (a constructable stylesheet), or `None` in a browser without them.
pub(crate) fn sheet() -> Option<web_sys::CssStyleSheet> {
    SHEET.with(|s| {
        if s.borrow().is_none() {
            let sheet = web_sys::CssStyleSheet::new().ok()?;
            sheet.replace_sync(STYLESHEET).ok()?;
            *s.borrow_mut() = Some(sheet);
        }
        s.borrow().clone()
    })
}

/// Adds [`STYLESHEET`] to the page's `document.adoptedStyleSheets`, once however often it is
/// called: a Leptos app calls it before mounting [`crate::ApiTokensTab`]. It is not a `<style>`
/// element, so a Content-Security-Policy of `style-src 'self'` allows it. Answers whether the
/// stylesheet is in place (`false` in a browser without constructable stylesheets: serve
/// `style/tab.css` there).
pub fn adopt_stylesheet() -> bool {
    let (Some(sheet), Some(document)) = (sheet(), web_sys::window().and_then(|w| w.document()))
    else {
        return false;
    };
    let adopted = document.adopted_style_sheets();
    if !adopted.includes(&sheet, 0) {
        adopted.push(&sheet);
        document.set_adopted_style_sheets(&adopted);
    }
    true
}
