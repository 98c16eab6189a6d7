//! The tab's words: one catalog per locale ([`en`], [`de`], [`ar`], [`fr`], [`ja`]), all of type
//! [`Messages`].
//!
//! A catalog is a Rust constant, so a key missing from a locale is a compile error and a raw key
//! can never reach the screen; native tests check that every translation is filled in and keeps
//! the English text's placeholders. Numbers, dates, relative times and plural categories come
//! from the browser's `Intl` ([`format::Tr`]), so they follow each language's own rules.
//!
//! - [`locale`]: which catalog ([`Locale`]), chosen from the host's request, then the browser's
//!   languages, then English ([`Locale::negotiate`]).
//! - [`plural`]: a message with CLDR plural forms ([`Plural`]; Arabic has six, Japanese one).
//! - [`template`]: puts values into a message's `{placeholders}` ([`fill`]).
//! - [`catalog`]: the shape of a catalog ([`Messages`]), every key declared once, as a table.
//! - [`words`]: the words for the model's values (owners, types, roles, expiry…).
//! - [`context`]: the reactive locale a tab provides to its components, and [`context::Text`],
//!   a message kept as "how to say it" so it re-renders in a new locale.

pub mod ar;
pub mod catalog;
pub mod context;
pub mod custom;
pub mod de;
pub mod en;
pub mod fetched;
pub mod format;
pub mod fr;
pub mod ja;
pub mod locale;
pub mod plural;
pub mod template;
pub mod words;

/// Whether every catalog is compiled in (the `bundled-locales` feature, on by default); the
/// release artefacts leave it off and fetch a locale's catalog when it is spoken ([`fetched`]).
pub const BUNDLED: bool = cfg!(feature = "bundled-locales");

pub use catalog::{Entry, Messages};
pub use context::{I18n, Text};
pub use custom::VendorMessages;
pub use format::Tr;
pub use locale::{is_language_tag, Locale};
pub use plural::Plural;
pub use template::{fill, placeholders};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::list::SortBy;
    use crate::model::roles::Blocked;
    use crate::model::time::ExpiryError;
    use crate::model::validate::DescriptionError;
    use crate::model::{Owner, TokenType};

    /// The `{names}` a text uses, sorted.
    fn sorted_placeholders(text: &str) -> Vec<&str> {
        let mut names = placeholders(text);
        names.sort_unstable();
        names
    }

    #[test]
    fn every_translation_is_filled_in_and_keeps_the_placeholders() {
        let en = Locale::En.messages().entries();
        for locale in TRANSLATED {
            let other = locale.messages().entries();
            assert_eq!(other.len(), en.len());
            for ((key, e), (key2, t)) in en.iter().zip(&other) {
                assert_eq!(key, key2);
                let forms = t.forms();
                for (form_en, form) in e.forms().iter().zip(&forms) {
                    // A separator may be only white space (Japanese has no sentence gap).
                    assert!(
                        !form.trim().is_empty() || form_en.trim().is_empty(),
                        "{locale:?} {key} is empty"
                    );
                    let (want, got) = (sorted_placeholders(form_en), sorted_placeholders(form));
                    // A plural form may spell its number out ("رمزان": two tokens); the
                    // general form ("other", last) must use every placeholder.
                    let whole =
                        matches!(t, Entry::Text(_)) || std::ptr::eq(form, forms.last().unwrap());
                    assert!(
                        got.iter().all(|g| want.contains(g)) && (!whole || got == want),
                        "{locale:?} {key}: {form:?} must use the placeholders of {form_en:?}"
                    );
                }
            }
        }
    }

    /// Every shipped locale but English.
    const TRANSLATED: [Locale; 4] = [Locale::De, Locale::Ar, Locale::Fr, Locale::Ja];

    /// English texts a language rightly writes the same way (French "Description", "Type").
    fn cognates(locale: Locale) -> &'static [&'static str] {
        match locale {
            Locale::Fr => &[
                "Description",
                "Type",
                "Actions",
                "{n} minute",
                "{n} minutes",
            ],
            _ => &[],
        }
    }

    #[test]
    fn translations_leave_no_english_sentence_behind() {
        // Words shared by both languages are allowed (a short label like "ID" or a name).
        let en = Locale::En.messages().entries();
        for locale in TRANSLATED {
            let shared = [&["Client ID"][..], cognates(locale)].concat();
            for ((key, e), (_, t)) in en.iter().zip(locale.messages().entries()) {
                for (form_en, form) in e.forms().iter().zip(t.forms()) {
                    let wordy = fill(form_en, &[])
                        .split('{')
                        .map(|p| p.split_once('}').map_or(p, |(_, rest)| rest))
                        .flat_map(str::chars)
                        .filter(|c| c.is_alphabetic())
                        .count()
                        > 3;
                    if wordy && !shared.contains(form_en) {
                        assert_ne!(form_en, &form, "{locale:?} {key} is still English");
                    }
                }
            }
        }
        // Arabic and Japanese text is in their own scripts.
        for (key, e) in [Locale::Ar, Locale::Ja]
            .iter()
            .flat_map(|l| l.messages().entries())
        {
            for form in e.forms() {
                // Technical names stay as the world writes them.
                let latin = form
                    .replace("Client ID", "")
                    .replace("API", "")
                    .replace("ID", "")
                    .chars()
                    .filter(|c| c.is_ascii_alphabetic())
                    .count();
                let names: usize = placeholders(form).iter().map(|n| n.len()).sum();
                assert!(latin <= names, "{key} has Latin letters: {form:?}");
            }
        }
    }

    #[test]
    fn japanese_has_no_spaces_and_one_form_per_count() {
        let ja = Locale::Ja.messages();
        for (key, e) in ja.entries() {
            for form in e.forms() {
                assert!(
                    !form.contains(' ') || key == "sentence_gap",
                    "ja {key} has a space: {form:?}"
                );
            }
            if let Entry::Plural(p) = e {
                let mut forms = p.forms().to_vec();
                forms.dedup();
                assert_eq!(forms.len(), 1, "ja {key} has plural forms: {p:?}");
            }
        }
        assert_eq!(ja.sentence_gap, "");
        let t = Tr::new(Locale::Ja, "ja");
        assert_eq!(t.wait(90), "1分30秒");
        assert_eq!(t.count(&ja.token_count, 1), "1件のトークン");
    }

    #[test]
    fn arabic_plurals_have_six_forms_and_english_two() {
        let ar = Locale::Ar.messages();
        for p in [ar.token_count, ar.days, ar.seconds, ar.minutes] {
            let mut forms = p.forms().to_vec();
            forms.sort();
            forms.dedup();
            assert!(forms.len() >= 5, "{p:?}");
        }
        let en = Locale::En.messages();
        assert_eq!(en.days.pick("one"), "{n} day");
        assert_eq!(en.days.pick("few"), "{n} days");
        assert_eq!(en.days.pick("unheard-of"), "{n} days");
    }

    #[test]
    fn the_locale_comes_from_the_host_then_the_browser_then_english() {
        let browser = vec!["fr-FR".to_string(), "de-AT".to_string(), "en".to_string()];
        assert_eq!(
            Locale::negotiate(Some("ar"), &browser),
            (Locale::Ar, "ar".into())
        );
        assert_eq!(
            Locale::negotiate(Some("en-GB"), &browser),
            (Locale::En, "en-GB".into())
        );
        assert_eq!(
            Locale::negotiate(Some("ja-JP"), &browser),
            (Locale::Ja, "ja-JP".into())
        );
        assert_eq!(
            Locale::negotiate(None, &browser),
            (Locale::Fr, "fr-FR".into())
        );
        // Unsupported or malformed requests fall through to the browser's languages.
        let browser = vec!["pt-BR".to_string(), "de-AT".to_string(), "en".to_string()];
        assert_eq!(
            Locale::negotiate(Some("ko"), &browser),
            (Locale::De, "de-AT".into())
        );
        assert_eq!(
            Locale::negotiate(Some("deutsch bitte"), &browser),
            (Locale::De, "de-AT".into())
        );
        assert_eq!(
            Locale::negotiate(None, &["ko".to_string()]),
            (Locale::En, "en".into())
        );
        assert_eq!(Locale::negotiate(None, &[]), (Locale::En, "en".into()));
        assert_eq!(Locale::from_tag("AR-eg"), Some(Locale::Ar));
        assert_eq!(Locale::Ar.dir(), "rtl");
        assert_eq!(Locale::De.dir(), "ltr");
    }

    #[test]
    fn model_values_have_words() {
        let m = Locale::De.messages();
        assert_eq!(m.kind(TokenType::AccessToken), "Zugriffstoken");
        assert_eq!(m.owner(Owner::Account), "Konto");
        assert_eq!(m.sort(SortBy::Oldest), "Älteste zuerst");
        assert_eq!(
            m.blocked(&Blocked::AboveHighest("Admin".into())),
            "Über Ihrer höchsten Rolle, Admin"
        );
        let en = Tr::en();
        assert_eq!(en.expiry_error(ExpiryError::Past), en.m.pick_future_date);
        assert_eq!(
            en.expiry_error(ExpiryError::BeyondPolicy {
                max_minutes: 129_600
            }),
            "Pick a date within 90 days: your organization allows no longer."
        );
        assert_eq!(
            en.policy_text(90 * 1440 + 5),
            "Your organization allows tokens for up to 90 days."
        );
        assert_eq!(en.lifetime(1), "1 minute");
        assert_eq!(
            en.description_error(DescriptionError::TooLong { n: 256 }),
            "Use at most 255 characters (256 now)."
        );
        assert_eq!(
            Tr::new(Locale::De, "de").description_error(DescriptionError::Empty),
            m.enter_description
        );
        // A hidden character and a control character are told apart, each with where it is.
        assert_eq!(
            en.description_error(DescriptionError::Hidden { code: 0x200B, at: 3 }),
            "Remove U+200B (character 3): it is invisible and can hide text. Invisible characters are allowed only inside emoji, flags and scripts that join letters."
        );
        assert_eq!(
            en.description_error(DescriptionError::Control { code: 0x202E, at: 1 }),
            "Remove U+202E (character 1): a description cannot hold control or text-direction characters."
        );
        assert!(Tr::new(Locale::Ja, "ja")
            .description_error(DescriptionError::Hidden {
                code: 0xFEFF,
                at: 1
            })
            .starts_with("U+FEFF（1文字目）"));
    }

    #[test]
    fn fill_replaces_known_placeholders_once() {
        assert_eq!(
            fill("Delete “{name}”?", &[("name", "CI {n}")]),
            "Delete “CI {n}”?"
        );
        assert_eq!(
            fill("{a} and {b} {c}", &[("a", "1"), ("b", "2")]),
            "1 and 2 {c}"
        );
        assert_eq!(fill("no braces", &[]), "no braces");
        assert_eq!(fill("{ unclosed", &[("x", "y")]), "{ unclosed");
    }
}
