//! Form input rules (the backend enforces the same ones).

/// Longest description, in characters.
pub const DESCRIPTION_MAX: usize = 255;

/// Why a description cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DescriptionError {
    Empty,
    /// Longer than [`DESCRIPTION_MAX`]; `n` characters now.
    TooLong {
        n: usize,
    },
    /// Holds a character that could hide or reorder text (see [`hostile_char`]): `code` at
    /// character position `at` (from 1, in the trimmed text).
    Control {
        code: u32,
        at: usize,
    },
}

/// A character a description must not hold: the C0 and C1 controls (NUL, line breaks, escape…,
/// Unicode's `Cc`), the line and paragraph separators (U+2028, U+2029: a description is one
/// line) and the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069), which can reorder what a reader sees around them ("Trojan source").
pub fn hostile_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') || super::token::is_bidi_control(c)
}

/// A trimmed, required description of at most 255 characters with no [`hostile_char`], or why
/// not.
pub fn description(raw: &str) -> Result<String, DescriptionError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(DescriptionError::Empty);
    }
    if let Some((i, c)) = trimmed.chars().enumerate().find(|(_, c)| hostile_char(*c)) {
        return Err(DescriptionError::Control {
            code: c as u32,
            at: i + 1,
        });
    }
    let n = trimmed.chars().count();
    if n > DESCRIPTION_MAX {
        return Err(DescriptionError::TooLong { n });
    }
    Ok(trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions() {
        assert_eq!(description("  deploy bot ").unwrap(), "deploy bot");
        assert_eq!(description(""), Err(DescriptionError::Empty));
        assert!(description(" \t\n").is_err());
        assert!(description(&"ü".repeat(255)).is_ok());
        assert_eq!(
            description(&"x".repeat(256)),
            Err(DescriptionError::TooLong { n: 256 })
        );
    }

    #[test]
    fn control_and_bidi_characters_are_refused_with_where_they_are() {
        let refused = [
            ('\0', "NUL"),
            ('\n', "a line break inside"),
            ('\u{1B}', "escape"),
            ('\u{7F}', "DEL"),
            ('\u{85}', "C1 next line"),
            ('\u{9F}', "last C1"),
            ('\u{2028}', "line separator"),
            ('\u{2029}', "paragraph separator"),
            ('\u{202A}', "LRE"),
            ('\u{202E}', "RLO"),
            ('\u{2066}', "LRI"),
            ('\u{2069}', "PDI"),
        ];
        for (c, what) in refused {
            assert_eq!(
                description(&format!("ab{c}cd")),
                Err(DescriptionError::Control {
                    code: c as u32,
                    at: 3
                }),
                "{what}"
            );
        }
        // Their neighbours, and right-to-left text itself, are fine.
        for ok in [
            "a\u{2065}b",
            "a\u{200F}b",
            "a\u{A0}b",
            "ترحيل البيانات",
            "Ü-Bahn",
        ] {
            assert!(description(ok).is_ok(), "{ok:?}");
        }
        // Surrounding white space (line breaks included) is trimmed first.
        assert_eq!(description("\n deploy \t").unwrap(), "deploy");
    }
}
