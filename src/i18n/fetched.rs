//! The catalogs the release artefacts fetch, kept here. Built without the `bundled-locales`
//! feature (the standalone app, the embed and the npm package), the wasm holds English only:
//! each other locale costs about 3 KB of brotli, and a user speaks one. When a tab first speaks
//! another locale, [`want`] asks the loader the tab set ([`fetch_with`]: `api::catalogs`, which
//! fetches `locales/{code}.json`); until [`came`] a tab goes on speaking what it spoke (English
//! on a first mount, in the host's words), then every tab works out its locale again, keeping
//! what was typed. A catalog that could not be had is asked for again by the next tab or
//! switch to it, never in a loop.

use std::cell::{Cell, RefCell};

use leptos::prelude::{ArcTrigger, Notify, Track};

use super::{Locale, Messages};

thread_local! {
    static FETCHED: RefCell<[Option<&'static Messages>; Locale::ALL.len()]> =
        const { RefCell::new([None; Locale::ALL.len()]) };
    /// The locales asked for (once, whichever tab asked first).
    static ASKED: RefCell<Vec<Locale>> = const { RefCell::new(Vec::new()) };
    /// Rings when a catalog has come: every tab's locale follows it.
    static CAME: ArcTrigger = ArcTrigger::new();
    static LOADER: Cell<Option<fn(Locale)>> = const { Cell::new(None) };
}

/// The catalog fetched for `locale`, once it has come.
pub fn catalog(locale: Locale) -> Option<&'static Messages> {
    FETCHED.with(|f| f.borrow()[locale as usize])
}

/// Makes the reactive reader re-run when a catalog comes.
pub fn track() {
    CAME.with(|c| c.track());
}

/// Who fetches a catalog: set by the tab before it speaks.
pub fn fetch_with(loader: fn(Locale)) {
    LOADER.with(|l| l.set(Some(loader)));
}

/// Asks for `locale`'s catalog, unless it is here or was asked for.
pub fn want(locale: Locale) {
    let Some(load) = LOADER.with(Cell::get) else {
        return;
    };
    if locale.is_ready() || ASKED.with(|a| a.borrow().contains(&locale)) {
        return;
    }
    ASKED.with(|a| a.borrow_mut().push(locale));
    load(locale);
}

/// `locale`'s catalog came; `None`: it could not be had (tabs keep the language they speak, and
/// the next tab or switch to it asks again).
pub fn came(locale: Locale, messages: Option<&'static Messages>) {
    let Some(m) = messages else {
        ASKED.with(|a| a.borrow_mut().retain(|l| *l != locale));
        return;
    };
    FETCHED.with(|f| f.borrow_mut()[locale as usize] = Some(m));
    CAME.with(|c| c.notify());
}
