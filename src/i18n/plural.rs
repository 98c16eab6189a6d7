//! Messages with CLDR plural forms.

/// A message with a form per CLDR plural category; `{n}` stands for the count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C)]
pub struct Plural {
    pub zero: &'static str,
    pub one: &'static str,
    pub two: &'static str,
    pub few: &'static str,
    pub many: &'static str,
    pub other: &'static str,
}

impl Plural {
    /// English, German and French: "one" and "other" (every other category says "other";
    /// French's "one" also covers 0, as `Intl.PluralRules` says).
    pub const fn one_other(one: &'static str, other: &'static str) -> Plural {
        Plural {
            zero: other,
            one,
            two: other,
            few: other,
            many: other,
            other,
        }
    }

    /// Japanese: one form for every count (`Intl.PluralRules` says "other" for all).
    pub const fn one_form(other: &'static str) -> Plural {
        Plural::one_other(other, other)
    }

    /// Arabic: all six categories.
    pub const fn six(
        zero: &'static str,
        one: &'static str,
        two: &'static str,
        few: &'static str,
        many: &'static str,
        other: &'static str,
    ) -> Plural {
        Plural {
            zero,
            one,
            two,
            few,
            many,
            other,
        }
    }

    /// The form for an `Intl.PluralRules` category (`"one"`, `"few"`…); unknown → other.
    pub fn pick(&self, category: &str) -> &'static str {
        match category {
            "zero" => self.zero,
            "one" => self.one,
            "two" => self.two,
            "few" => self.few,
            "many" => self.many,
            _ => self.other,
        }
    }

    pub(super) fn forms(&self) -> [&'static str; 6] {
        [
            self.zero, self.one, self.two, self.few, self.many, self.other,
        ]
    }
}
