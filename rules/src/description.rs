//! What a token's description may be: one line of visible text, nothing hidden in it.

/// Longest description, in characters.
pub const DESCRIPTION_MAX: usize = 255;

/// Why a description cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DescriptionError {
    /// Nothing left once trimmed.
    Empty,
    /// Longer than [`DESCRIPTION_MAX`]; `n` characters now.
    TooLong {
        /// Its length in characters.
        n: usize,
    },
    /// Holds a character that could reorder text or break the line (see [`hostile_char`]):
    /// `code` at character position `at` (from 1, in the trimmed text).
    Control {
        /// The character's code point.
        code: u32,
        /// Its position, counted in characters from 1.
        at: usize,
    },
    /// Holds an invisible character that can hide text or make a name look like another (see
    /// [`hidden_char`]) outside the sequences it belongs to: `code` at character position `at`.
    Hidden {
        /// The character's code point.
        code: u32,
        /// Its position, counted in characters from 1.
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

/// The characters that show nothing, so can hide text or make one name look like another: the
/// format characters (Unicode's `Cf`) and the other default-ignorable code points (Unicode's
/// `Default_Ignorable_Code_Point`), plus the braille blank. Left out: the bidi controls
/// ([`hostile_char`], refused anywhere) and the Cf signs that print (U+0600–U+0605, U+06DD,
/// U+070F, U+0890–U+0891, U+08E2, U+110BD, U+110CD: number signs and the end of ayah, drawn
/// around the digits after them). Unicode 15's tables; sorted, inclusive.
const HIDDEN: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),   // soft hyphen
    (0x034F, 0x034F),   // combining grapheme joiner
    (0x061C, 0x061C),   // Arabic letter mark
    (0x115F, 0x1160),   // Hangul choseong and jungseong fillers
    (0x17B4, 0x17B5),   // Khmer inherent vowels (not to be used)
    (0x180B, 0x180F),   // Mongolian free variation selectors and vowel separator
    (0x200B, 0x200F), // zero width space, non-joiner, joiner; left-to-right and right-to-left marks
    (0x2060, 0x2065), // word joiner; invisible function application, times, separator, plus; (unassigned)
    (0x206A, 0x206F), // deprecated shaping and digit-shape controls
    (0x2800, 0x2800), // braille pattern blank
    (0x3164, 0x3164), // Hangul filler
    (0xFE00, 0xFE0F), // variation selectors
    (0xFEFF, 0xFEFF), // zero width no-break space (byte order mark)
    (0xFFA0, 0xFFA0), // halfwidth Hangul filler
    (0xFFF0, 0xFFFB), // (unassigned); interlinear annotation anchor, separator, terminator
    (0x13430, 0x1343F), // Egyptian hieroglyph format controls
    (0x1BCA0, 0x1BCA3), // shorthand format controls
    (0x1D173, 0x1D17A), // musical beam, tie, slur and phrase controls
    (0xE0000, 0xE0FFF), // language tag, tags, variation selectors supplement, (unassigned)
];

/// Letters of the scripts that join them, where a zero width non-joiner (U+200C) or joiner
/// (U+200D) between two of them chooses a letter's shape: Arabic (Persian's
/// "می‌خواهم"), Syriac, N'Ko, Mandaic and the Arabic presentation forms; the Brahmic scripts
/// of India and Sri Lanka, Devanagari to Sinhala (after a virama: "क्‍ष"); Mongolian.
const JOINING: &[(u32, u32)] = &[
    (0x0600, 0x074F), // Arabic, Syriac
    (0x0750, 0x077F), // Arabic Supplement
    (0x07C0, 0x07FF), // N'Ko
    (0x0840, 0x08FF), // Mandaic, Syriac Supplement, Arabic Extended-B and -A
    (0x0900, 0x0DFF), // Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam, Sinhala
    (0x1800, 0x18AF), // Mongolian
    (0xA8E0, 0xA8FF), // Devanagari Extended
    (0xFB50, 0xFDFF), // Arabic Presentation Forms-A
    (0xFE70, 0xFEFC), // Arabic Presentation Forms-B (not U+FEFF)
];

/// Right-to-left letters: Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic and their
/// presentation forms. Beside them a left-to-right, right-to-left or Arabic letter mark
/// (U+200E, U+200F, U+061C) places the neutral characters around it.
const RIGHT_TO_LEFT: &[(u32, u32)] = &[(0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFC)];

/// Emoji (Unicode's `Extended_Pictographic`, by the blocks that hold it, and the skin-tone
/// modifiers): what a zero width joiner (U+200D) joins into one emoji ("👩‍💻", "🐈‍⬛").
const PICTOGRAPHIC: &[(u32, u32)] = &[
    (0x00A9, 0x00A9),
    (0x00AE, 0x00AE),
    (0x203C, 0x203C),
    (0x2049, 0x2049),
    (0x2122, 0x2122),
    (0x2139, 0x2139),
    (0x2190, 0x21FF),
    (0x2300, 0x23FF),
    (0x24C2, 0x24C2),
    (0x25A0, 0x27BF),
    (0x2900, 0x297F),
    (0x2B00, 0x2BFF),
    (0x3030, 0x3030),
    (0x303D, 0x303D),
    (0x3297, 0x3297),
    (0x3299, 0x3299),
    (0x1F000, 0x1FAFF),
    (0x1FC00, 0x1FFFD),
];

/// What the variation selectors U+FE00–U+FE0D vary (Unicode's standardized variation
/// sequences): the digit zero, mathematical symbols and arrows, Myanmar, CJK ideographs,
/// Phags-pa, Manichaean.
const VARIED: &[(u32, u32)] = &[
    (0x0030, 0x0030),
    (0x1000, 0x109F),
    (0x1820, 0x18AF),
    (0x2100, 0x2BFF),
    (0x3000, 0x9FFF),
    (0xA840, 0xA87F),
    (0xAA60, 0xAA7F),
    (0xF900, 0xFAFF),
    (0x10AC0, 0x10AFF),
    (0x20000, 0x3FFFF),
];

/// CJK ideographs, which the variation selectors U+E0100–U+E01EF vary (ideographic variation
/// sequences, "葛󠄀").
const IDEOGRAPHS: &[(u32, u32)] = &[(0x3400, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF)];

fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let c = c as u32;
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// An invisible character that can hide text (see [`DescriptionError::Hidden`]): a format
/// character, a filler, a variation selector, a tag… A description holds one only inside the
/// sequence it belongs to (see [`description`]).
pub fn hidden_char(c: char) -> bool {
    in_table(HIDDEN, c)
}

const ZWNJ: char = '\u{200C}';
const ZWJ: char = '\u{200D}';
const BLACK_FLAG: char = '\u{1F3F4}';
const CANCEL_TAG: char = '\u{E007F}';

/// Whether the hidden character at `i` of `text` is where it belongs:
/// - a zero width non-joiner or joiner between two letters of a script that joins them
///   ([`JOINING`]), or a joiner between two emoji (after the first one's variation selector or
///   skin tone, which [`PICTOGRAPHIC`] includes);
/// - a left-to-right, right-to-left or Arabic letter mark in a description that holds
///   right-to-left letters;
/// - a variation selector right after a character it varies: U+FE0E and U+FE0F after an
///   emoji or a keycap's digit, `#` or `*` ("❤️", "1️⃣"); U+FE00–U+FE0D after what
///   [`VARIED`] holds; U+E0100–U+E01EF after an ideograph. A Mongolian one after a Mongolian
///   letter, the Mongolian vowel separator between two;
/// - tags (U+E0020–U+E007E) after a black flag (U+1F3F4) ending with a cancel tag (U+E007F):
///   the flags of Scotland, England and Wales ([`tag_sequence_ends`] finds them);
/// - the braille blank between two braille patterns (a braille word space).
///
/// The rest never is: a soft hyphen, zero width space, word joiner, byte order mark, invisible
/// operators, Hangul fillers, the other tags.
fn belongs(text: &[char], i: usize, rtl: bool) -> bool {
    let c = text[i];
    let before = i.checked_sub(1).map(|j| text[j]);
    let after = text.get(i + 1).copied();
    let both = |table| {
        before.is_some_and(|b| in_table(table, b)) && after.is_some_and(|a| in_table(table, a))
    };
    match c {
        ZWNJ => both(JOINING),
        ZWJ => {
            // The emoji before the joiner, past its variation selector.
            let emoji_before = text[..i]
                .iter()
                .rev()
                .find(|&&b| b != '\u{FE0F}')
                .is_some_and(|&b| in_table(PICTOGRAPHIC, b));
            both(JOINING) || (emoji_before && after.is_some_and(|a| in_table(PICTOGRAPHIC, a)))
        }
        '\u{200E}' | '\u{200F}' | '\u{061C}' => rtl,
        '\u{FE0E}' | '\u{FE0F}' => {
            before.is_some_and(|b| in_table(PICTOGRAPHIC, b) || matches!(b, '0'..='9' | '#' | '*'))
        }
        '\u{FE00}'..='\u{FE0D}' => before.is_some_and(|b| in_table(VARIED, b)),
        '\u{E0100}'..='\u{E01EF}' => before.is_some_and(|b| in_table(IDEOGRAPHS, b)),
        '\u{180B}'..='\u{180D}' | '\u{180F}' => before.is_some_and(is_mongolian),
        '\u{180E}' => before.is_some_and(is_mongolian) && after.is_some_and(is_mongolian),
        '\u{2800}' => before.is_some_and(is_braille_cell) && after.is_some_and(is_braille_cell),
        _ => false,
    }
}

fn is_mongolian(c: char) -> bool {
    matches!(c, '\u{1820}'..='\u{18AF}')
}

/// A braille pattern with at least one dot.
fn is_braille_cell(c: char) -> bool {
    matches!(c, '\u{2801}'..='\u{28FF}')
}

/// When `text[i]` is a black flag followed by one or more tags (U+E0020–U+E007E) and a cancel
/// tag, the index of that cancel tag.
fn tag_sequence_ends(text: &[char], i: usize) -> Option<usize> {
    if text[i] != BLACK_FLAG {
        return None;
    }
    let tags = text[i + 1..]
        .iter()
        .take_while(|&&c| matches!(c, '\u{E0020}'..='\u{E007E}'))
        .count();
    let end = i + 1 + tags;
    (tags > 0 && text.get(end) == Some(&CANCEL_TAG)).then_some(end)
}

/// `raw` trimmed: required, at most [`DESCRIPTION_MAX`] characters, no [`hostile_char`], and
/// no [`hidden_char`] outside the sequences it belongs to (see [`DescriptionError::Hidden`]);
/// or why not (the first such character is reported, before the length). A description that
/// passes holds a visible character: every hidden character it may hold needs a visible one
/// beside it.
pub fn description(raw: &str) -> Result<String, DescriptionError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(DescriptionError::Empty);
    }
    let text: Vec<char> = trimmed.chars().collect();
    let rtl = text
        .iter()
        .any(|&c| in_table(RIGHT_TO_LEFT, c) && !hidden_char(c));
    // The tags of a flag sequence, up to its cancel tag, belong to it.
    let mut tags_until = None;
    for (i, &c) in text.iter().enumerate() {
        if hostile_char(c) {
            return Err(DescriptionError::Control {
                code: c as u32,
                at: i + 1,
            });
        }
        if let Some(end) = tag_sequence_ends(&text, i) {
            tags_until = Some(end);
        }
        let in_flag = tags_until.is_some_and(|end| i <= end);
        if hidden_char(c) && !in_flag && !belongs(&text, i, rtl) {
            return Err(DescriptionError::Hidden {
                code: c as u32,
                at: i + 1,
            });
        }
    }
    let n = text.len();
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
            "a\u{2027}b",
            "a\u{2030}b",
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

    /// Where the first refused hidden character of `raw` is, as (code, position).
    fn hidden(raw: &str) -> Option<(u32, usize)> {
        match description(raw) {
            Err(DescriptionError::Hidden { code, at }) => Some((code, at)),
            _ => None,
        }
    }

    #[test]
    fn invisible_characters_are_refused_with_where_they_are() {
        let refused = [
            ('\u{00AD}', "soft hyphen"),
            ('\u{034F}', "combining grapheme joiner"),
            ('\u{115F}', "Hangul choseong filler"),
            ('\u{1160}', "Hangul jungseong filler"),
            ('\u{17B4}', "Khmer inherent vowel"),
            ('\u{180E}', "Mongolian vowel separator"),
            ('\u{200B}', "zero width space"),
            ('\u{200C}', "zero width non-joiner"),
            ('\u{200D}', "zero width joiner"),
            ('\u{200E}', "left-to-right mark"),
            ('\u{200F}', "right-to-left mark"),
            ('\u{061C}', "Arabic letter mark"),
            ('\u{2060}', "word joiner"),
            ('\u{2061}', "function application"),
            ('\u{2062}', "invisible times"),
            ('\u{2063}', "invisible separator"),
            ('\u{2064}', "invisible plus"),
            ('\u{2065}', "unassigned, default ignorable"),
            ('\u{206A}', "inhibit symmetric swapping"),
            ('\u{206F}', "nominal digit shapes"),
            ('\u{2800}', "braille blank"),
            ('\u{3164}', "Hangul filler"),
            ('\u{FE0F}', "variation selector 16"),
            ('\u{FEFF}', "byte order mark"),
            ('\u{FFA0}', "halfwidth Hangul filler"),
            ('\u{FFF9}', "interlinear annotation anchor"),
            ('\u{FFFB}', "interlinear annotation terminator"),
            ('\u{13430}', "Egyptian vertical joiner"),
            ('\u{1BCA0}', "shorthand letter overlap"),
            ('\u{1D173}', "musical begin beam"),
            ('\u{E0001}', "language tag"),
            ('\u{E0041}', "tag A"),
            ('\u{E007F}', "cancel tag"),
            ('\u{E0100}', "variation selector 17"),
        ];
        for (c, what) in refused {
            assert!(hidden_char(c), "{what}");
            // Alone (the whole description: nothing visible), at the start, inside Latin
            // text, at the end.
            assert_eq!(hidden(&c.to_string()), Some((c as u32, 1)), "{what} alone");
            assert_eq!(
                hidden(&format!("{c}{c}{c}")),
                Some((c as u32, 1)),
                "{what} x3"
            );
            assert_eq!(hidden(&format!("{c}deploy")), Some((c as u32, 1)), "{what}");
            assert_eq!(hidden(&format!("dep{c}loy")), Some((c as u32, 4)), "{what}");
            assert_eq!(
                hidden(&format!("deploy {c}")),
                Some((c as u32, 8)),
                "{what}"
            );
        }
        // Reported before the length, after trimming, the first one first.
        assert_eq!(
            hidden(&format!("  {}\u{200B}", "x".repeat(300))),
            Some((0x200B, 301))
        );
        assert_eq!(hidden("ab\u{2060}c\u{200B}"), Some((0x2060, 3)));
        // A control character before it is reported as one.
        assert_eq!(
            description("a\u{202E}\u{200B}"),
            Err(DescriptionError::Control {
                code: 0x202E,
                at: 2
            })
        );
        // White space is trimmed, not hidden: only fillers are left, and refused.
        assert_eq!(hidden(" \u{3164} "), Some((0x3164, 1)));
        assert_eq!(hidden("\u{2800}\u{2800}"), Some((0x2800, 1)));
    }

    #[test]
    fn the_tables_are_sorted_ranges_that_do_not_overlap() {
        for table in [
            HIDDEN,
            JOINING,
            RIGHT_TO_LEFT,
            PICTOGRAPHIC,
            VARIED,
            IDEOGRAPHS,
        ] {
            for (lo, hi) in table {
                assert!(lo <= hi && char::from_u32(*hi).is_some(), "{lo:X}-{hi:X}");
            }
            for w in table.windows(2) {
                assert!(w[0].1 < w[1].0, "{:X?} then {:X?}", w[0], w[1]);
            }
        }
    }

    #[test]
    fn hidden_characters_are_the_format_and_default_ignorable_ones() {
        // Every format character (Cf) of Unicode 15 is hidden, except the bidi controls (refused
        // as controls) and the signs that print.
        let format = [
            0x00AD, 0x061C, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0x2061, 0x2062,
            0x2063, 0x2064, 0x206A, 0x206B, 0x206C, 0x206D, 0x206E, 0x206F, 0xFEFF, 0xFFF9, 0xFFFA,
            0xFFFB, 0x1343F, 0x1BCA3, 0x1D17A, 0xE0001, 0xE0020, 0xE007F,
        ];
        for c in format.map(|c| char::from_u32(c).unwrap()) {
            assert!(hidden_char(c), "U+{:04X}", c as u32);
        }
        for c in [
            '\u{0600}',
            '\u{0605}',
            '\u{06DD}',
            '\u{070F}',
            '\u{08E2}',
            '\u{110BD}',
        ] {
            assert!(!hidden_char(c), "U+{:04X} prints", c as u32);
            assert!(description(&format!("{c}123")).is_ok());
        }
        for c in ['\u{202A}', '\u{2066}'] {
            assert!(!hidden_char(c) && hostile_char(c));
        }
        // Their neighbours are not.
        for c in [
            ' ',
            'a',
            '\u{00AC}',
            '\u{00AE}',
            '\u{034E}',
            '\u{0350}',
            '\u{115E}',
            '\u{1161}',
            '\u{200A}',
            '\u{2010}',
            '\u{2027}',
            '\u{2801}',
            '\u{3163}',
            '\u{3165}',
            '\u{FDFF}',
            '\u{FE10}',
            '\u{FEFE}',
            '\u{FF9F}',
            '\u{FFA1}',
            '\u{FFFC}',
            '\u{1D172}',
            '\u{DFFFF}',
            '\u{E1000}',
        ] {
            assert!(!hidden_char(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn joiners_belong_in_emoji_and_in_scripts_that_join_letters() {
        for ok in [
            // Emoji ZWJ sequences: a profession with a skin tone, a family, a heart on fire
            // (after a variation selector), a black cat (an arrow-block square), a rainbow
            // flag, a polar bear, a person running right, the eye in a speech bubble.
            "deploy 👩🏽\u{200D}💻",
            "👨\u{200D}👩\u{200D}👧\u{200D}👦 family",
            "❤\u{FE0F}\u{200D}🔥",
            "🐈\u{200D}⬛",
            "🏳\u{FE0F}\u{200D}🌈 pride",
            "🐻\u{200D}❄\u{FE0F}",
            "🏃\u{200D}➡\u{FE0F}",
            "👁\u{FE0F}\u{200D}🗨\u{FE0F}",
            // Persian: the non-joiner inside "I want" and "books"; Arabic with a joiner.
            "می\u{200C}خواهم",
            "کتاب\u{200C}ها",
            "ب\u{200D}ب",
            // Devanagari, Bengali, Malayalam, Sinhala: after a virama.
            "क्\u{200D}ष",
            "क्\u{200C}ष",
            "র্\u{200D}য",
            "ന്\u{200D}റ",
            "ශ්\u{200D}රී",
            // Mongolian: a free variation selector after a letter, the vowel separator
            // between two.
            "ᠮᠣᠩᠭᠣᠯ\u{180B}",
            "ᠨᠠ\u{180E}ᠠ",
        ] {
            assert_eq!(description(ok), Ok(ok.to_string()), "{ok:?}");
        }
        for (refused, at) in [
            // Between Latin letters, digits, or one emoji and a letter.
            ("de\u{200D}ploy", 3),
            ("de\u{200C}ploy", 3),
            ("1\u{200D}2", 2),
            ("👩\u{200D}x", 2),
            ("x\u{200D}💻", 2),
            // At either end of an emoji, or doubled.
            ("\u{200D}💻", 1),
            ("💻\u{200D}", 2),
            ("👩\u{200D}\u{200D}💻", 2),
            // After a space, even in a joining script.
            ("می \u{200C}خواهم", 4),
            ("می\u{200C} خواهم", 3),
            // A letter of a joining script on one side only.
            ("ب\u{200C}b", 2),
            ("क\u{200D}x", 2),
            // Mongolian marks beside other letters.
            ("a\u{180B}", 2),
            ("a\u{180E}a", 2),
            ("ᠨ\u{180E}", 2),
        ] {
            assert_eq!(
                hidden(refused),
                Some((refused.chars().nth(at - 1).unwrap() as u32, at)),
                "{refused:?}"
            );
        }
    }

    #[test]
    fn flag_tags_belong_after_a_black_flag_up_to_a_cancel_tag() {
        let tags = |s: &str| -> String {
            s.chars()
                .map(|c| char::from_u32(0xE0000 + c as u32).unwrap())
                .collect()
        };
        let scotland = format!("🏴{}\u{E007F}", tags("gbsct"));
        let wales = format!("🏴{}\u{E007F}", tags("gbwls"));
        for ok in [
            scotland.clone(),
            format!("{scotland} rugby {wales}"),
            format!("🏴{}\u{E007F}", tags("us-ca ~")),
            "🏴 plain black flag".to_string(),
        ] {
            assert_eq!(description(&ok), Ok(ok.clone()), "{ok:?}");
        }
        for (refused, at) in [
            // No cancel tag, no tag, no flag, another flag, after a space, after the end.
            (format!("🏴{}", tags("gbsct")), 2),
            ("🏴\u{E007F}".to_string(), 2),
            (format!("{}\u{E007F}", tags("gbsct")), 1),
            (format!("🏳{}\u{E007F}", tags("gbsct")), 2),
            (format!("🏴 {}\u{E007F}", tags("gbsct")), 3),
            (format!("{scotland}{}", tags("x")), 8),
            (format!("{scotland}\u{E007F}"), 8),
            // Hidden text spelled in tags after a flag ends at its first non-tag.
            (format!("🏴{}x\u{E007F}", tags("gb")), 2),
            // The language tag and tags outside U+E0020–U+E007E never belong.
            (format!("🏴\u{E0001}{}\u{E007F}", tags("gb")), 2),
            ("🏴\u{E0080}\u{E007F}".to_string(), 2),
        ] {
            assert_eq!(
                hidden(&refused),
                Some((refused.chars().nth(at - 1).unwrap() as u32, at)),
                "{refused:?}"
            );
        }
    }

    #[test]
    fn selectors_marks_and_the_braille_blank_belong_beside_what_they_change() {
        for ok in [
            // A variation selector after what it varies: emoji or text presentation, a
            // keycap, an ideographic variant.
            "❤\u{FE0F} deploy",
            "☺\u{FE0E}",
            "#\u{FE0F}\u{20E3} channel",
            "葛\u{E0100}飾",
            "0\u{FE00} ≤\u{FE00}",
            // Direction marks in text that holds right-to-left letters.
            "ترحيل \u{200F}البيانات",
            "deploy \u{200E}שלום",
            "بيانات\u{061C} 2024",
            // The braille blank between two braille cells.
            "⠙⠑⠏⠇⠕⠽\u{2800}⠃⠕⠞",
        ] {
            assert_eq!(description(ok), Ok(ok.to_string()), "{ok:?}");
        }
        for (refused, at) in [
            // A selector standing alone: at the start, after a space, after another.
            ("\u{FE0F}deploy", 1),
            ("deploy \u{FE0F}", 8),
            ("❤\u{FE0F}\u{FE0F}", 3),
            ("a\u{200B}\u{FE0F}", 2),
            // After what it does not vary: a letter, a plain symbol, a Latin letter for the
            // ideographic ones.
            ("dep\u{FE0F}loy", 4),
            ("é\u{FE0E}", 2),
            ("a\u{FE00}", 2),
            ("a\u{E0100}", 2),
            ("❤\u{E0100}", 2),
            // Direction marks in left-to-right text only.
            ("deploy\u{200F}", 7),
            ("\u{200E}deploy", 1),
            ("de\u{061C}ploy", 3),
            // The braille blank beside anything else, or alone between blanks.
            ("deploy\u{2800}bot", 7),
            ("⠙\u{2800}", 2),
            ("⠙\u{2800}\u{2800}⠃", 2),
        ] {
            assert_eq!(
                hidden(refused),
                Some((refused.chars().nth(at - 1).unwrap() as u32, at)),
                "{refused:?}"
            );
        }
    }
}
