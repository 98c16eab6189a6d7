//! [`Tr`]: a locale's messages plus its number, date, relative-time and plural rules, all from
//! the browser's `Intl` (no formatting tables in the wasm). The `Intl` objects are built once
//! per language tag and kept.
//!
//! Off the browser (native unit tests) the same calls fall back to plain English-style
//! formatting, so pure code that builds messages stays testable with `cargo test`.

use super::{fill, Locale, Messages, Plural};
use crate::model::time::{relative_parts, RelativeUnit};

/// What a component needs to say something in the user's language. Cheap to copy.
#[derive(Clone, Copy, Debug)]
pub struct Tr {
    /// The shipped catalog (English for a host's locale we do not ship).
    pub locale: Locale,
    pub m: &'static Messages,
    /// The tag `Intl` formats with (`de-CH` keeps Swiss dates).
    pub tag: &'static str,
}

/// The same locale, tag and catalog (a host's words make another catalog).
impl PartialEq for Tr {
    fn eq(&self, other: &Self) -> bool {
        self.locale == other.locale && self.tag == other.tag && std::ptr::eq(self.m, other.m)
    }
}

impl Eq for Tr {}

impl Default for Tr {
    fn default() -> Self {
        Tr::new(Locale::En, "en")
    }
}

impl Tr {
    pub fn new(locale: Locale, tag: &str) -> Tr {
        Tr::with(locale, locale.messages(), tag)
    }

    /// `locale`'s rules with other words (the host's, [`super::custom`]).
    pub fn with(locale: Locale, m: &'static Messages, tag: &str) -> Tr {
        Tr {
            locale,
            m,
            tag: intern(tag),
        }
    }

    /// The writing direction of the tag's language, for `dir` on the tab's root: right to
    /// left for Arabic, and for Hebrew, Persian, Urdu… in a host's catalog.
    pub fn dir(self) -> &'static str {
        const RTL: [&str; 10] = ["ar", "he", "iw", "fa", "ur", "ps", "yi", "dv", "sd", "ckb"];
        let lang = self.tag.split('-').next().unwrap_or("");
        if RTL.iter().any(|l| lang.eq_ignore_ascii_case(l)) {
            "rtl"
        } else {
            self.locale.dir()
        }
    }

    /// Builds this language's `Intl` formatters now. The first costs tens of milliseconds
    /// (the browser loads its locale data), so the tab calls this while its first requests
    /// are out rather than when their answers are ready to render.
    pub fn warm_up(self) {
        #[cfg(target_arch = "wasm32")]
        with_formatters(self.tag, |_| ());
    }

    /// English, for messages that go to the host developer (events, logs).
    pub fn en() -> Tr {
        Tr::default()
    }

    /// `n` in the locale's digits and grouping ("10,000", "10.000", "١٠٬٠٠٠").
    pub fn number(self, n: i64) -> String {
        #[cfg(target_arch = "wasm32")]
        if let Some(s) = with_formatters(self.tag, |f| call_format(&f.number, &(n as f64).into())) {
            return s;
        }
        n.to_string()
    }

    /// The plural form for `n`, with `{n}` filled in.
    pub fn count(self, forms: &Plural, n: usize) -> String {
        let form = forms.pick(&self.plural_category(n));
        fill(form, &[("n", &self.number(n as i64))])
    }

    /// The CLDR plural category of `n` ("one", "few"…).
    pub fn plural_category(self, n: usize) -> String {
        #[cfg(target_arch = "wasm32")]
        if let Some(c) = with_formatters(self.tag, |f| {
            f.plural.as_ref().map(|p| String::from(p.select(n as f64)))
        }) {
            return c;
        }
        if n == 1 { "one" } else { "other" }.to_string()
    }

    /// A day in the locale's medium style ("Nov 28, 2026", "28.11.2026").
    pub fn date(self, ms: i64) -> String {
        #[cfg(target_arch = "wasm32")]
        if let Some(s) = with_formatters(self.tag, |f| call_format(&f.date, &date(ms))) {
            return s;
        }
        crate::model::time::format_date(ms, 0)
    }

    /// A day and time in the viewer's zone ("Nov 28, 2026, 2:03 PM", "28.11.2026, 14:03").
    pub fn date_time(self, ms: i64) -> String {
        #[cfg(target_arch = "wasm32")]
        if let Some(s) = with_formatters(self.tag, |f| call_format(&f.date_time, &date(ms))) {
            return s;
        }
        crate::model::time::format_date_time(ms, 0)
    }

    /// "now", "5 minutes ago", "tomorrow", "in 3 days", "vor 2 Monaten", "بعد ٣ أيام"…
    pub fn relative(self, ms: i64, now: i64) -> String {
        let (value, unit) = relative_parts(ms, now);
        #[cfg(target_arch = "wasm32")]
        if let Some(s) = with_formatters(self.tag, |f| {
            f.relative
                .as_ref()
                .map(|r| String::from(r.format(value as f64, unit.as_str())))
        }) {
            return s;
        }
        // Without Intl.RelativeTimeFormat (and in native tests): plain English.
        if unit == RelativeUnit::Second {
            return "now".into();
        }
        let n = value.unsigned_abs();
        let s = if n == 1 { "" } else { "s" };
        let unit = unit.as_str();
        if value < 0 {
            format!("{n} {unit}{s} ago")
        } else {
            format!("in {n} {unit}{s}")
        }
    }

    /// A wait as words: "45 seconds", "2 minutes", "1 minute 30 seconds".
    pub fn wait(self, seconds: u32) -> String {
        let (m, s) = ((seconds / 60) as usize, (seconds % 60) as usize);
        match (m, s) {
            (0, s) => self.count(&self.m.seconds, s),
            (m, 0) => self.count(&self.m.minutes, m),
            (m, s) => fill(
                self.m.minutes_and_seconds,
                &[
                    ("minutes", &self.count(&self.m.minutes, m)),
                    ("seconds", &self.count(&self.m.seconds, s)),
                ],
            ),
        }
    }
}

/// A `&'static str` for `tag`, leaked once per distinct tag (a page sees a handful).
fn intern(tag: &str) -> &'static str {
    use std::cell::RefCell;
    thread_local! {
        static TAGS: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
    }
    if let Some(l) = Locale::ALL.iter().find(|l| l.code() == tag) {
        return l.code();
    }
    TAGS.with(|t| {
        let mut t = t.borrow_mut();
        if let Some(found) = t.iter().find(|x| **x == tag) {
            return *found;
        }
        let leaked: &'static str = Box::leak(tag.to_string().into_boxed_str());
        t.push(leaked);
        leaked
    })
}

/// Each `None` where the browser lacks that part of `Intl` (the formatting falls back).
#[cfg(target_arch = "wasm32")]
struct Formatters {
    date: Option<js_sys::Object>,
    date_time: Option<js_sys::Object>,
    number: Option<js_sys::Object>,
    relative: Option<js_sys::Intl::RelativeTimeFormat>,
    plural: Option<js_sys::Intl::PluralRules>,
}

#[cfg(target_arch = "wasm32")]
fn date(ms: i64) -> wasm_bindgen::JsValue {
    js_sys::Date::new(&(ms as f64).into()).into()
}

/// Calls an `Intl` formatter's `format`; `None` without the formatter or when it throws.
#[cfg(target_arch = "wasm32")]
fn call_format(
    formatter: &Option<js_sys::Object>,
    value: &wasm_bindgen::JsValue,
) -> Option<String> {
    use wasm_bindgen::JsCast;
    let formatter = formatter.as_ref()?;
    js_sys::Reflect::get(formatter, &"format".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(formatter, value).ok())
        .and_then(|s| s.as_string())
}

/// `new Intl[kind](tag, options)`, falling back to the bare language when the browser refuses
/// the tag (a `RangeError` instead of a panic); `None` when the browser has no such `Intl` part.
#[cfg(target_arch = "wasm32")]
fn intl(kind: &str, tag: &str, options: &[(&str, &str)]) -> Option<js_sys::Object> {
    use wasm_bindgen::JsCast;
    let opts = js_sys::Object::new();
    for (k, v) in options {
        let _ = js_sys::Reflect::set(&opts, &(*k).into(), &(*v).into());
    }
    let ctor = js_sys::Reflect::get(&js_sys::global(), &"Intl".into())
        .and_then(|intl| js_sys::Reflect::get(&intl, &kind.into()))
        .ok()
        .and_then(|c| c.dyn_into::<js_sys::Function>().ok())?;
    let make = |t: &str| {
        js_sys::Reflect::construct(&ctor, &js_sys::Array::of2(&t.into(), &opts))
            .ok()
            .map(|o| o.unchecked_into::<js_sys::Object>())
    };
    make(tag)
        .or_else(|| make(tag.split('-').next().unwrap_or("en")))
        .or_else(|| make("en"))
}

#[cfg(target_arch = "wasm32")]
fn with_formatters<R>(tag: &'static str, f: impl FnOnce(&Formatters) -> R) -> R {
    use std::cell::RefCell;
    use wasm_bindgen::JsCast;
    thread_local! {
        static CACHE: RefCell<Vec<(&'static str, std::rc::Rc<Formatters>)>> =
            const { RefCell::new(Vec::new()) };
    }
    let found = CACHE.with(|c| {
        c.borrow()
            .iter()
            .find(|(t, _)| *t == tag)
            .map(|(_, f)| f.clone())
    });
    let formatters = found.unwrap_or_else(|| {
        let made = std::rc::Rc::new(Formatters {
            date: intl("DateTimeFormat", tag, &[("dateStyle", "medium")]),
            date_time: intl(
                "DateTimeFormat",
                tag,
                &[("dateStyle", "medium"), ("timeStyle", "short")],
            ),
            number: intl("NumberFormat", tag, &[]),
            relative: intl("RelativeTimeFormat", tag, &[("numeric", "auto")])
                .map(JsCast::unchecked_into),
            plural: intl("PluralRules", tag, &[]).map(JsCast::unchecked_into),
        });
        CACHE.with(|c| c.borrow_mut().push((tag, made.clone())));
        made
    });
    f(&formatters)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_are_said_in_words() {
        let t = Tr::en();
        assert_eq!(t.wait(1), "1 second");
        assert_eq!(t.wait(45), "45 seconds");
        assert_eq!(t.wait(120), "2 minutes");
        assert_eq!(t.wait(90), "1 minute 30 seconds");
    }

    #[test]
    fn tags_are_interned_once() {
        let a = Tr::new(Locale::De, "de-CH").tag;
        let b = Tr::new(Locale::De, "de-CH").tag;
        assert!(std::ptr::eq(a, b));
        assert_eq!(Tr::new(Locale::Ar, "ar").tag, "ar");
    }
}
