//! The locale as the components see it: [`I18n`], provided by each tab (two tabs on a page
//! may speak different languages), and [`Text`], a message kept as "how to say it" so that
//! notices and errors already on screen re-render when the locale changes.

use std::sync::Arc;

use leptos::prelude::*;

use super::{custom, fetched, Messages, Tr, VendorMessages};

/// The tab's current locale, reactive.
#[derive(Clone, Copy)]
pub struct I18n(Memo<Tr>);

impl I18n {
    /// The locale the host asks for (`requested`, which may change at run time), else the
    /// browser's languages, else English; in the host's words where it gave some (`host`,
    /// which may change too).
    pub fn new(requested: Signal<Option<String>>, host: Signal<Option<VendorMessages>>) -> I18n {
        I18n(Memo::new(move |spoken: Option<&Tr>| {
            fetched::track();
            let languages = browser_languages();
            let tr =
                host.with(|h| custom::speak(requested.get().as_deref(), &languages, h.as_ref()));
            if tr.locale.is_ready() {
                return tr;
            }
            // A release build fetches the catalog first. Until it comes: the language spoken so
            // far (English on a first mount), in the host's current words.
            fetched::want(tr.locale);
            let keep = spoken.map_or("en", |s| s.tag);
            host.with(|h| custom::speak(Some(keep), &[], h.as_ref()))
        }))
    }

    /// The nearest tab's locale; English for a component mounted on its own.
    pub fn expect() -> I18n {
        use_context::<I18n>().unwrap_or_else(|| {
            let en = Tr::en();
            I18n(Memo::new(move |_| en))
        })
    }

    /// The current locale (tracked).
    pub fn get(self) -> Tr {
        self.0.get()
    }

    pub fn get_untracked(self) -> Tr {
        self.0.get_untracked()
    }

    /// A view child that says `pick(messages)` and follows locale changes.
    pub fn text(
        self,
        pick: fn(&'static Messages) -> &'static str,
    ) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || pick(self.0.get().m)
    }
}

/// The browser's preferred languages, most preferred first.
fn browser_languages() -> Vec<String> {
    let nav = window().navigator();
    let mut langs: Vec<String> = nav
        .languages()
        .iter()
        .filter_map(|l| l.as_string())
        .collect();
    if langs.is_empty() {
        langs.extend(nav.language());
    }
    langs
}

/// A message to show, said in whatever the locale is when it renders.
#[derive(Clone)]
pub struct Text(Arc<dyn Fn(Tr) -> String + Send + Sync>);

impl Text {
    pub fn new(say: impl Fn(Tr) -> String + Send + Sync + 'static) -> Text {
        Text(Arc::new(say))
    }

    /// A fixed message of the catalog.
    pub fn of(pick: fn(&'static Messages) -> &'static str) -> Text {
        Text::new(move |t| pick(t.m).to_string())
    }

    pub fn say(&self, t: Tr) -> String {
        (self.0)(t)
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.say(Tr::en()))
    }
}
