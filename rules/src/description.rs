//! What a token's description may be.

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

/// The bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A character a description must not hold: the C0 and C1 controls (NUL, line breaks, escape…,
/// Unicode's `Cc`), the line and paragraph separators (U+2028, U+2029: a description is one
/// line) and the bidirectional embeddings, overrides and isolates ([`is_bidi_control`]), which
/// can reorder what a reader sees around them ("Trojan source").
pub fn hostile_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') || is_bidi_control(c)
}

/// `raw` trimmed: required, at most [`DESCRIPTION_MAX`] characters, no [`hostile_char`]; or
/// why not (a hostile character is reported before the length).
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
    fn descriptions_are_trimmed_required_and_bounded() {
        assert_eq!(description("  deploy bot ").unwrap(), "deploy bot");
        assert_eq!(description("  CI deploy  ").unwrap(), "CI deploy");
        assert_eq!(description(""), Err(DescriptionError::Empty));
        assert_eq!(description("   "), Err(DescriptionError::Empty));
        assert_eq!(description(" \t\n"), Err(DescriptionError::Empty));
        assert!(description(&"ü".repeat(255)).is_ok());
        assert!(description(&"é".repeat(255)).is_ok());
        assert_eq!(
            description(&"x".repeat(256)),
            Err(DescriptionError::TooLong { n: 256 })
        );
        // Counted in characters, after trimming.
        assert!(description(&format!("  {}  ", "x".repeat(255))).is_ok());
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
            assert!(hostile_char(c), "{what}");
            assert_eq!(
                description(&format!("ab{c}cd")),
                Err(DescriptionError::Control {
                    code: c as u32,
                    at: 3
                }),
                "{what}"
            );
        }
        // A hostile character is reported even in a description that is also too long.
        assert_eq!(
            description(&format!("{}\u{202E}", "x".repeat(300))),
            Err(DescriptionError::Control {
                code: 0x202E,
                at: 301
            })
        );
        // Their neighbours, and right-to-left text itself, are fine.
        for ok in [
            "a\u{2065}b",
            "a\u{200F}b",
            "a\u{A0}b",
            "ترحيل البيانات",
            "ترحيل \u{200F}البيانات",
            "Ü-Bahn",
        ] {
            assert!(description(ok).is_ok(), "{ok:?}");
        }
        // Surrounding white space (line breaks included) is trimmed first.
        assert_eq!(description("\n deploy \t").unwrap(), "deploy");
    }

    #[test]
    fn bidi_controls_are_the_embeddings_overrides_and_isolates() {
        let bidi: Vec<char> = ('\u{2000}'..='\u{2100}')
            .filter(|c| is_bidi_control(*c))
            .collect();
        assert_eq!(
            bidi,
            [
                '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
                '\u{2068}', '\u{2069}'
            ]
        );
        assert!(!is_bidi_control('\u{200F}'));
        assert!(!is_bidi_control('\n'));
    }
}
