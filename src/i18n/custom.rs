//! The vendor's words: the `messages` host option. It maps language tags to catalogs of
//! [`Messages::KEYS`] (`{ en: { title: "API keys" } }`); a tag we ship is overridden message by
//! message, any other tag (`pt-BR`) becomes a locale of its own, its missing messages in
//! English. `config::messages` checks it once, on mount: an unknown key, a lost or a
//! stray `{placeholder}` is refused with the key and the tag named, never shown as a broken
//! label.
//!
//! A checked catalog is a `&'static` [`Messages`] like the shipped ones, so [`Tr`] and every
//! component read it the same way. Its strings are leaked once per distinct catalog (a host
//! that passes the same words again, or mounts again, reuses the first copy).

use std::sync::Arc;

use super::{is_language_tag, Locale, Messages, Tr};

/// A catalog's changes: key numbers of [`Messages::KEYS`], each with the six forms it says.
pub type Changes = Vec<(usize, [String; 6])>;

/// The host's catalogs, checked; cheap to clone.
#[derive(Clone, Debug)]
pub struct VendorMessages(Arc<[Catalog]>);

#[derive(Debug, PartialEq)]
struct Catalog {
    tag: String,
    /// The shipped catalog it changes (English for a locale we do not ship).
    base: Locale,
    changes: Changes,
}

impl Catalog {
    /// Its words over its base's: made when first spoken, and again once the base's own
    /// catalog has been fetched (see [`Locale::messages`]).
    fn messages(&self) -> &'static Messages {
        intern(self.base, &self.changes)
    }
}

/// The same catalogs.
impl PartialEq for VendorMessages {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl VendorMessages {
    /// Checked catalogs: each a tag, and its changes as key numbers of [`Messages::KEYS`] with
    /// the six forms each says (a text says the same six times).
    pub fn new(catalogs: Vec<(String, Changes)>) -> VendorMessages {
        let catalogs: Vec<Catalog> = catalogs
            .into_iter()
            .map(|(tag, changes)| Catalog {
                base: Locale::from_tag(&tag).unwrap_or(Locale::En),
                tag,
                changes,
            })
            .collect();
        VendorMessages(catalogs.into())
    }

    /// The catalog given for exactly `tag`, its words over English: a fetched catalog
    /// ([`super::fetched`]), which says every message itself.
    pub fn whole(&self, tag: &str) -> Option<&'static Messages> {
        let c = self.0.iter().find(|c| c.tag == tag)?;
        Some(intern(Locale::En, &c.changes))
    }

    /// The catalog for `tag`: the one of that tag (any case), else the one of its language,
    /// else one of another region of it (`pt-BR` for `pt-PT`).
    fn find(&self, tag: &str) -> Option<&Catalog> {
        let lang = |t: &str| t.split('-').next().unwrap_or_default().to_ascii_lowercase();
        let catalogs = self.0.iter();
        catalogs
            .clone()
            .find(|c| c.tag.eq_ignore_ascii_case(tag))
            .or_else(|| {
                catalogs
                    .clone()
                    .find(|c| c.tag.eq_ignore_ascii_case(&lang(tag)))
            })
            .or_else(|| catalogs.clone().find(|c| lang(&c.tag) == lang(tag)))
    }
}

/// The locale to speak: the host's `requested` tag, else the first of the browser's
/// `languages`, that either the host's catalogs or ours speak, else English (the host's English
/// when it gave one).
pub fn speak(requested: Option<&str>, languages: &[String], host: Option<&VendorMessages>) -> Tr {
    let host_tr = |tag: &str| {
        host.and_then(|h| h.find(tag))
            .map(|c| Tr::with(c.base, c.messages(), tag))
    };
    let tags = requested
        .into_iter()
        .chain(languages.iter().map(String::as_str))
        .map(str::trim)
        .filter(|t| is_language_tag(t));
    for tag in tags {
        if let Some(tr) = host_tr(tag).or_else(|| Locale::from_tag(tag).map(|l| Tr::new(l, tag))) {
            return tr;
        }
    }
    host_tr("en").unwrap_or_default()
}

/// The catalog `base` with `changes`, as a `&'static Messages`: made (and leaked) the first
/// time these words are seen over that catalog, the same copy after.
pub(super) fn intern(base: Locale, changes: &Changes) -> &'static Messages {
    use std::cell::RefCell;
    type Made = (&'static Messages, Changes, &'static Messages);
    thread_local! {
        static MADE: RefCell<Vec<Made>> = const { RefCell::new(Vec::new()) };
    }
    let base = base.messages();
    MADE.with(|made| {
        let mut made = made.borrow_mut();
        if let Some((_, _, m)) = made
            .iter()
            .find(|(b, c, _)| std::ptr::eq(*b, base) && c == changes)
        {
            return *m;
        }
        let mut messages = *base;
        for (i, forms) in changes {
            // Each distinct text leaked once (a text says all six forms alike).
            let mut leaked: [&'static str; 6] = [""; 6];
            for (at, form) in forms.iter().enumerate() {
                leaked[at] = match forms[..at].iter().position(|f| f == form) {
                    Some(same) => leaked[same],
                    None => Box::leak(form.clone().into_boxed_str()),
                };
            }
            messages.put(*i, leaked);
        }
        let m: &'static Messages = Box::leak(Box::new(messages));
        made.push((base, changes.clone(), m));
        m
    })
}

#[cfg(test)]
mod tests {
    use super::super::{placeholders, Entry};
    use super::*;

    /// One catalog for `tag` changing key `key` to `text`.
    fn one(tag: &str, key: &str, text: &str) -> VendorMessages {
        let i = Messages::KEYS.iter().position(|k| *k == key).unwrap();
        VendorMessages::new(vec![(
            tag.into(),
            vec![(i, std::array::from_fn(|_| text.to_string()))],
        )])
    }

    #[test]
    fn an_override_changes_one_message_of_one_locale() {
        let v = one("en", "title", "API keys");
        let en = speak(Some("en-GB"), &[], Some(&v));
        assert_eq!(en.m.title, "API keys");
        assert_eq!(en.m.lead, Locale::En.messages().lead, "the rest is ours");
        assert_eq!(en.tag, "en-GB");
        // German is not touched, and the shipped English catalog neither.
        assert_eq!(speak(Some("de"), &[], Some(&v)).m.title, "API-Tokens");
        assert_eq!(Locale::En.messages().title, "API Tokens");
        // English is the last resort, with the host's words.
        assert_eq!(speak(Some("ko"), &[], Some(&v)).m.title, "API keys");
        // The same words again are the same copy; other words another.
        let again = one("en", "title", "API keys");
        assert_eq!(again, v);
        assert!(std::ptr::eq(speak(None, &[], Some(&again)).m, en.m));
        assert_ne!(one("en", "title", "Keys"), v);
        assert_ne!(speak(None, &[], Some(&one("en", "title", "Keys"))), en);
    }

    #[test]
    fn a_locale_we_do_not_ship_is_english_where_not_given() {
        let v = one("pt-BR", "title", "Tokens de API");
        let pt = speak(Some("pt-BR"), &[], Some(&v));
        assert_eq!(
            (pt.tag, pt.dir(), pt.m.title),
            ("pt-BR", "ltr", "Tokens de API")
        );
        assert_eq!(pt.m.generate_token, "Generate token");
        // The browser's languages find it too, by language, before a shipped one.
        let browser = vec!["pt-PT".to_string(), "de".to_string()];
        assert_eq!(speak(None, &browser, Some(&v)).m.title, "Tokens de API");
        assert_eq!(speak(Some("pt"), &[], Some(&v)).m.title, "Tokens de API");
        // A right-to-left language of the host's reads right to left.
        let he = one("he", "title", "אסימוני API");
        assert_eq!(speak(Some("he-IL"), &[], Some(&he)).dir(), "rtl");
        // A regional French catalog changes French, not English.
        let fr = speak(Some("fr-CA"), &[], Some(&one("fr-CA", "title", "Jetons")));
        assert_eq!(
            (fr.locale, fr.m.title, fr.m.cancel),
            (Locale::Fr, "Jetons", "Annuler")
        );
    }

    /// docs/messages.md's table of message keys, as the English catalog makes it.
    fn key_table() -> String {
        let mut table = String::from("| key | English | keep |\n|---|---|---|\n");
        for (key, entry) in Locale::En.messages().entries() {
            let (text, last) = match entry {
                Entry::Text(t) => (format!("{t:?}"), t),
                Entry::Plural(p) => (format!("one: {:?}, other: {:?}", p.one, p.other), p.other),
            };
            let keep: Vec<String> = placeholders(last)
                .iter()
                .map(|p| format!("`{{{p}}}`"))
                .collect();
            let text = text.replace('|', "\\|");
            table.push_str(&format!("| `{key}` | {text} | {} |\n", keep.join(" ")));
        }
        table
    }

    #[test]
    fn the_docs_list_every_message_key_as_the_catalog_says_it() {
        const BEGIN: &str = "<!-- message keys: generated from src/i18n/en.rs -->\n";
        const END: &str = "<!-- end of message keys -->";
        let page = include_str!("../../docs/messages.md");
        let listed = page
            .split_once(BEGIN)
            .and_then(|(_, rest)| rest.split_once(END))
            .map(|(table, _)| table.trim())
            .expect("docs/messages.md has the message keys between their markers");
        let table = key_table();
        // `ATT_WRITE_LOCALES=1 cargo test catalogs` writes it, with the locales' JSON copies.
        if listed != table.trim() && std::env::var_os("ATT_WRITE_LOCALES").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/messages.md");
            let (before, rest) = page.split_once(BEGIN).unwrap();
            let (_, after) = rest.split_once(END).unwrap();
            std::fs::write(
                path,
                format!("{before}{BEGIN}{}\n{END}{after}", table.trim()),
            )
            .unwrap();
        } else if listed != table.trim() {
            let at = std::env::temp_dir().join("api-tokens-tab-message-keys.md");
            std::fs::write(&at, &table).unwrap();
            panic!(
                "docs/messages.md's message keys differ from src/i18n/en.rs: run ATT_WRITE_LOCALES=1 cargo test catalogs (the table is also in {})",
                at.display()
            );
        }
        // The table is not blind: it has a row per key, with the placeholders to keep.
        assert_eq!(table.lines().count(), Messages::KEYS.len() + 2);
        assert!(table.contains("| `delete_title` | \"Delete “{name}”?\" | `{name}` |"));
    }

    #[test]
    fn a_catalog_is_read_and_written_by_key_number() {
        let i = Messages::KEYS
            .iter()
            .position(|k| *k == "token_count")
            .unwrap();
        let mut m = *Locale::En.messages();
        m.put(i, ["z", "o", "t", "f", "m", "{n} keys"]);
        assert_eq!(m.token_count.pick("zero"), "z");
        assert_eq!(m.token_count.pick("one"), "o");
        assert_eq!(m.token_count.pick("few"), "f");
        assert_eq!(m.token_count.pick("other"), "{n} keys");
        assert_eq!(
            m.entry(i).unwrap().forms(),
            ["z", "o", "t", "f", "m", "{n} keys"]
        );
        // A text holds "other"; its neighbours are untouched.
        let last = Messages::KEYS.len() - 1;
        m.put(last, ["", "", "", "", "", "x: {why}"]);
        assert_eq!(m.err_token, "x: {why}");
        assert_eq!(m.err_decode, Locale::En.messages().err_decode);
        assert_eq!(m.showing_of, Locale::En.messages().showing_of);
        // Every key reads back what the fields say.
        for (key, entry) in Locale::Ja.messages().entries() {
            if key == "title" {
                assert_eq!(entry.forms(), ["APIトークン"]);
            }
        }
        assert_eq!(Locale::Ja.messages().entries()[0].0, "title");
        assert_eq!(m.entries().len(), Messages::KEYS.len());
        assert!(m.entry(Messages::KEYS.len()).is_none());
    }
}
