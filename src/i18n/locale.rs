//! Which catalog a tab speaks: the supported locales, and the choice between the host's
//! request, the browser's languages and English.

use super::{ar, de, en, fetched, fr, ja, Messages, BUNDLED};

/// Whether `tag` looks like a BCP 47 language tag (`en`, `de-CH`, `ar`, `zh-Hant-TW`).
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// A language the tab speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Locale {
    En,
    De,
    Ar,
    Fr,
    Ja,
}

impl Locale {
    pub const ALL: [Locale; 5] = [Locale::En, Locale::De, Locale::Ar, Locale::Fr, Locale::Ja];

    /// The language subtag (`en`, `de`, `ar`, `fr`, `ja`).
    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::De => "de",
            Locale::Ar => "ar",
            Locale::Fr => "fr",
            Locale::Ja => "ja",
        }
    }

    /// Its catalog. Without the `bundled-locales` feature (the release artefacts) only English
    /// is in the wasm: another locale's catalog is the one [`fetched`] brought, English until
    /// it came.
    pub fn messages(self) -> &'static Messages {
        match self {
            Locale::En => &en::MESSAGES,
            _ if !BUNDLED => fetched::catalog(self).unwrap_or(&en::MESSAGES),
            Locale::De => &de::MESSAGES,
            Locale::Ar => &ar::MESSAGES,
            Locale::Fr => &fr::MESSAGES,
            Locale::Ja => &ja::MESSAGES,
        }
    }

    /// Whether its catalog is here: always with the `bundled-locales` feature; else English,
    /// and the others once [`fetched`].
    pub fn is_ready(self) -> bool {
        BUNDLED || self == Locale::En || fetched::catalog(self).is_some()
    }

    /// The writing direction, for `dir` on the tab's root.
    pub fn dir(self) -> &'static str {
        match self {
            Locale::Ar => "rtl",
            Locale::En | Locale::De | Locale::Fr | Locale::Ja => "ltr",
        }
    }

    /// The supported locale a BCP 47 tag asks for, by its language subtag (`de-CH` → German).
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let lang = tag.trim().split(['-', '_']).next()?;
        Locale::ALL
            .into_iter()
            .find(|l| lang.eq_ignore_ascii_case(l.code()))
    }

    /// The locale to speak and the tag to format with: the host's `requested` tag when it is a
    /// supported language, else the first supported one of the browser's `languages`, else
    /// English. The tag is kept whole (`de-CH`, `en-GB`) so dates follow the regional custom.
    pub fn negotiate(requested: Option<&str>, languages: &[String]) -> (Locale, String) {
        requested
            .into_iter()
            .chain(languages.iter().map(String::as_str))
            .map(str::trim)
            .filter(|t| is_language_tag(t))
            .find_map(|t| Locale::from_tag(t).map(|l| (l, t.to_string())))
            .unwrap_or((Locale::En, "en".to_string()))
    }
}
