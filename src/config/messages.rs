//! The `messages` host option read from what a door hands over ([`Value`]): language tags
//! mapping to objects of [`Messages::KEYS`] and their texts (a plural may give its forms,
//! `{ one: "…", other: "…" }`). Checked here once, on mount, for every door; the checked words
//! become catalogs in [`crate::i18n::custom`].

use super::is_language_tag;
use super::options::Value;
use crate::i18n::{placeholders, Entry, Locale, Messages, VendorMessages};

const PLURAL_FORMS: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// `"name"`, quoted as messages quote what the host wrote.
fn quoted(name: &str) -> String {
    ["\"", name, "\""].concat()
}

/// `(got a number)`: what was given, never its value.
fn got(value: &Value) -> String {
    [" (got ", value.describe(), ")"].concat()
}

impl VendorMessages {
    /// Checks the `messages` option's value. A mistake is the rest of a sentence that begins
    /// with the option's name: `: message "title" in "en" must be a string (got a number)`.
    /// (Sentences are put together without `format!`: it costs the embed several KB.)
    pub fn parse(value: Value) -> Result<VendorMessages, String> {
        let Value::Map(locales) = value else {
            return Err([
                " must be an object of catalogs by language tag, like { en: { title: \"API keys\" } }",
                &got(&value),
            ]
            .concat());
        };
        let english = Locale::En.messages();
        let mut catalogs = Vec::with_capacity(locales.len());
        for (tag, words) in locales {
            let tag_q = quoted(&tag);
            if !is_language_tag(&tag) {
                return Err([
                    ": ",
                    &tag_q,
                    " is not a language tag like \"en\" or \"pt-BR\"",
                ]
                .concat());
            }
            let Value::Map(words) = words else {
                return Err([
                    ": ",
                    &tag_q,
                    " must be an object of messages by key",
                    &got(&words),
                ]
                .concat());
            };
            let mut changes = Vec::with_capacity(words.len());
            for (key, said) in words {
                let key_q = quoted(&key);
                let Some(i) = Messages::KEYS.iter().position(|k| *k == key) else {
                    return Err([
                        ": unknown message ",
                        &key_q,
                        " in ",
                        &tag_q,
                        " (docs/messages.md lists the keys)",
                    ]
                    .concat());
                };
                let english = english.entry(i).expect("a key has an entry");
                let forms = read_forms(&english, said)
                    .and_then(|forms| check_placeholders(&english, forms))
                    .map_err(|why| [": message ", &key_q, " in ", &tag_q, " ", &why].concat())?;
                changes.push((i, forms));
            }
            catalogs.push((tag, changes));
        }
        Ok(VendorMessages::new(catalogs))
    }

    /// For a Rust host: `[("en", &[("title", "API keys")])]`, checked as [`parse`] checks.
    ///
    /// [`parse`]: VendorMessages::parse
    pub fn from_texts(catalogs: &[(&str, &[(&str, &str)])]) -> Result<VendorMessages, String> {
        let map = catalogs
            .iter()
            .map(|(tag, words)| {
                let words = words
                    .iter()
                    .map(|(k, v)| (k.to_string(), Value::Str(v.to_string())))
                    .collect();
                (tag.to_string(), Value::Map(words))
            })
            .collect();
        VendorMessages::parse(Value::Map(map)).map_err(|m| ["messages", &m].concat())
    }
}

/// Every form a message says: one text, or a plural's forms (a text for a plural says all, an
/// unsaid form says "other").
fn read_forms(english: &Entry, said: Value) -> Result<[String; 6], String> {
    let plural = matches!(english, Entry::Plural(_));
    let given =
        match said {
            Value::Str(s) => return Ok(std::array::from_fn(|_| s.clone())),
            Value::Map(given) if plural => given,
            other if plural => return Err([
                "must be a string or an object of plural forms like { one: \"…\", other: \"…\" }",
                &got(&other),
            ]
            .concat()),
            other => return Err(["must be a string", &got(&other)].concat()),
        };
    let mut forms: [Option<String>; 6] = Default::default();
    for (name, text) in given {
        let Some(at) = PLURAL_FORMS.iter().position(|f| *f == name) else {
            return Err([
                "has no plural form ",
                &quoted(&name),
                " (its forms: zero, one, two, few, many, other)",
            ]
            .concat());
        };
        match text {
            Value::Str(s) => forms[at] = Some(s),
            other => {
                return Err(["form ", &quoted(&name), " must be a string", &got(&other)].concat())
            }
        }
    }
    let other = forms[5]
        .clone()
        .ok_or("needs its \"other\" form (the one said for any count)")?;
    Ok(forms.map(|f| f.unwrap_or_else(|| other.clone())))
}

/// Every form uses only the English text's placeholders, and a text (or a plural's "other"
/// form) uses them all; an empty message is refused unless English is only white space.
fn check_placeholders(english: &Entry, forms: [String; 6]) -> Result<[String; 6], String> {
    let said = english.forms();
    let want = placeholders(said[said.len() - 1]);
    let braced = |name: &str| ["{", name, "}"].concat();
    for (at, form) in forms.iter().enumerate() {
        if form.trim().is_empty() && !said[0].trim().is_empty() {
            return Err("is empty".into());
        }
        let got = placeholders(form);
        if let Some(stray) = got.iter().find(|g| !want.contains(g)) {
            let can = if want.is_empty() {
                "it takes no placeholder".to_string()
            } else {
                let named: Vec<String> = want.iter().map(|w| braced(w)).collect();
                ["its placeholders: ", &named.join(", ")].concat()
            };
            return Err([
                "has ",
                &braced(stray),
                ", which it cannot fill (",
                &can,
                ")",
            ]
            .concat());
        }
        if matches!(english, Entry::Text(_)) || at == 5 {
            if let Some(lost) = want.iter().find(|w| !got.contains(w)) {
                return Err(["lacks the placeholder ", &braced(lost)].concat());
            }
        }
    }
    Ok(forms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Value {
        Value::Str(v.into())
    }

    fn map(entries: Vec<(&str, Value)>) -> Value {
        Value::Map(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    fn one(tag: &str, key: &str, said: Value) -> Result<VendorMessages, String> {
        VendorMessages::parse(map(vec![(tag, map(vec![(key, said)]))]))
    }

    #[test]
    fn mistakes_name_the_key_and_the_locale() {
        let cases: Vec<(Result<VendorMessages, String>, &str)> = vec![
            (
                one("en", "titel", s("API keys")),
                ": unknown message \"titel\" in \"en\"",
            ),
            (
                one("fr", "deleted_notice", s("Supprimé.")),
                ": message \"deleted_notice\" in \"fr\" lacks the placeholder {name}",
            ),
            (
                one("pt-BR", "title", s("Tokens de {org}")),
                ": message \"title\" in \"pt-BR\" has {org}, which it cannot fill (it takes no placeholder)",
            ),
            (
                one("en", "delete_title", s("Delete {nam}?")),
                ": message \"delete_title\" in \"en\" has {nam}, which it cannot fill (its placeholders: {name})",
            ),
            (
                one("en", "title", Value::Num(1.0)),
                ": message \"title\" in \"en\" must be a string (got a number)",
            ),
            (
                one("en", "title", s("  ")),
                ": message \"title\" in \"en\" is empty",
            ),
            (
                one("en", "token_count", map(vec![("one", s("{n} key"))])),
                ": message \"token_count\" in \"en\" needs its \"other\" form",
            ),
            (
                one("en", "token_count", map(vec![("several", s("{n} keys"))])),
                ": message \"token_count\" in \"en\" has no plural form \"several\"",
            ),
            (
                one("en", "token_count", s("keys")),
                ": message \"token_count\" in \"en\" lacks the placeholder {n}",
            ),
            (
                one("english", "title", s("x")),
                ": \"english\" is not a language tag",
            ),
            (
                VendorMessages::parse(map(vec![("en", s("API keys"))])),
                ": \"en\" must be an object of messages by key (got a string)",
            ),
            (
                VendorMessages::parse(s("x")),
                " must be an object of catalogs by language tag",
            ),
        ];
        for (result, expected) in cases {
            let message = result.unwrap_err();
            assert!(
                message.starts_with(expected),
                "{message:?} should begin {expected:?}"
            );
        }
        // A plural form may spell its number out; the other form says it.
        let v = one(
            "en",
            "token_count",
            map(vec![("one", s("one key")), ("other", s("{n} keys"))]),
        );
        assert!(v.is_ok());
        // A separator may be nothing.
        assert!(one("zh", "sentence_gap", s("")).is_ok());
        assert_eq!(
            VendorMessages::from_texts(&[("en", &[("nope", "x")])]).unwrap_err(),
            "messages: unknown message \"nope\" in \"en\" (docs/messages.md lists the keys)"
        );
    }
}
