//! The rules the server enforces, as pure functions (unit-tested here, and over HTTP in
//! `tests/`): permission matching with wildcards, the role-level rule, input validation.

/// True when `granted` (a permission key the caller holds, possibly a wildcard like
/// `fe.secure.*` or `fe.secure.read.*`, or `*`) covers `required`.
pub fn permission_covers(granted: &str, required: &str) -> bool {
    if granted == required || granted == "*" {
        return true;
    }
    match granted.strip_suffix('*') {
        Some(prefix) if prefix.ends_with('.') => required.starts_with(prefix),
        _ => false,
    }
}

/// True when any of `granted` covers `required`.
pub fn has_permission<'a>(granted: impl IntoIterator<Item = &'a str>, required: &str) -> bool {
    granted.into_iter().any(|g| permission_covers(g, required))
}

/// The caller's highest privilege: the smallest level among their roles. `None` when none of
/// their roles has a level (then they count as +infinity).
pub fn caller_level(levels: impl IntoIterator<Item = Option<i64>>) -> Option<i64> {
    levels.into_iter().flatten().min()
}

/// Frontegg's rule: a role may be assigned when its level is the caller's or less privileged
/// (`role >= caller`). A role without a level counts as +infinity (always assignable); a caller
/// without any level may assign only roles without a level.
pub fn may_assign(caller: Option<i64>, role: Option<i64>) -> bool {
    match (caller, role) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(c), Some(r)) => r >= c,
    }
}

/// Longest description accepted, in characters.
pub const DESCRIPTION_MAX: usize = 255;
/// Longest expiry accepted, in minutes (ten years, Frontegg's limit on personal tokens).
pub const EXPIRES_MAX_MINUTES: i64 = 5_256_000;

/// A character a description must not hold: the C0 and C1 controls (Unicode's `Cc`), the line
/// and paragraph separators (U+2028, U+2029: a description is one line) and the bidirectional
/// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which can reorder what a
/// reader sees around them. The tab's form applies the same rule
/// (`src/model/validate.rs`).
pub fn hostile_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Trims and checks a description: required, 1 to 255 characters after trimming, no
/// [`hostile_char`].
pub fn validate_description(raw: Option<&str>) -> Result<String, String> {
    let trimmed = raw.unwrap_or("").trim();
    if trimmed.is_empty() {
        return Err("description is required".into());
    }
    if let Some((i, c)) = trimmed.chars().enumerate().find(|(_, c)| hostile_char(*c)) {
        return Err(format!(
            "description must not contain control or text-direction characters (U+{:04X} at character {})",
            c as u32,
            i + 1
        ));
    }
    let chars = trimmed.chars().count();
    if chars > DESCRIPTION_MAX {
        return Err(format!(
            "description must be at most {DESCRIPTION_MAX} characters (got {chars})"
        ));
    }
    Ok(trimmed.to_string())
}

/// Checks `expiresInMinutes`: absent or null means never; otherwise a whole number from 1 to
/// 5,256,000.
pub fn validate_expires(raw: Option<&serde_json::Value>) -> Result<Option<i64>, String> {
    let v = match raw {
        None | Some(serde_json::Value::Null) => return Ok(None),
        Some(v) => v,
    };
    let minutes = match v {
        serde_json::Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 1e15)
                .map(|f| f as i64)
        }),
        _ => None,
    };
    match minutes {
        Some(m) if (1..=EXPIRES_MAX_MINUTES).contains(&m) => Ok(Some(m)),
        _ => Err(format!(
            "expiresInMinutes must be a whole number from 1 to {EXPIRES_MAX_MINUTES}, or absent for a token that never expires"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn exact_and_wildcard_permissions() {
        let req = "fe.secure.write.tenantApiTokens";
        assert!(permission_covers(req, req));
        assert!(permission_covers("fe.secure.*", req));
        assert!(permission_covers("fe.secure.write.*", req));
        assert!(permission_covers("*", req));
        assert!(!permission_covers("fe.secure.read.*", req));
        assert!(!permission_covers("fe.secure.write.userApiTokens", req));
        // A wildcard only matches whole segments.
        assert!(!permission_covers("fe.sec*", req));
        assert!(!permission_covers("fe.secure.write", req));
        assert!(has_permission(["x", "fe.secure.*"], req));
        assert!(!has_permission([], req));
    }

    #[test]
    fn caller_level_is_the_smallest_present_level() {
        assert_eq!(caller_level([Some(2), None, Some(1)]), Some(1));
        assert_eq!(caller_level([None, None]), None);
        assert_eq!(caller_level([]), None);
    }

    #[test]
    fn level_rule_matches_frontegg() {
        // Same level and less privileged are allowed; more privileged is not.
        assert!(may_assign(Some(1), Some(1)));
        assert!(may_assign(Some(1), Some(3)));
        assert!(!may_assign(Some(1), Some(0)));
        // No level on the role: +infinity, always allowed.
        assert!(may_assign(Some(0), None));
        assert!(may_assign(None, None));
        // A caller without levels may assign only roles without a level.
        assert!(!may_assign(None, Some(5)));
        // Negative levels are still ordered.
        assert!(!may_assign(Some(-1), Some(-2)));
        assert!(may_assign(Some(-2), Some(-1)));
    }

    #[test]
    fn descriptions_are_trimmed_and_bounded() {
        assert_eq!(
            validate_description(Some("  CI deploy  ")).unwrap(),
            "CI deploy"
        );
        assert!(validate_description(None).is_err());
        assert!(validate_description(Some("   ")).is_err());
        assert!(validate_description(Some(&"é".repeat(255))).is_ok());
        for c in [
            '\0', '\n', '\u{7F}', '\u{85}', '\u{2029}', '\u{202E}', '\u{2066}',
        ] {
            let err = validate_description(Some(&format!("ab{c}cd"))).unwrap_err();
            assert!(
                err.contains(&format!("U+{:04X} at character 3", c as u32)),
                "{err}"
            );
        }
        assert!(validate_description(Some("ترحيل \u{200F}البيانات")).is_ok());
        let err = validate_description(Some(&"a".repeat(256))).unwrap_err();
        assert!(err.contains("at most 255"), "{err}");
    }

    #[test]
    fn expiry_accepts_whole_minutes_in_range_only() {
        assert_eq!(validate_expires(None).unwrap(), None);
        assert_eq!(validate_expires(Some(&json!(null))).unwrap(), None);
        assert_eq!(validate_expires(Some(&json!(1))).unwrap(), Some(1));
        assert_eq!(validate_expires(Some(&json!(1440.0))).unwrap(), Some(1440));
        assert_eq!(
            validate_expires(Some(&json!(5_256_000))).unwrap(),
            Some(5_256_000)
        );
        for bad in [
            json!(0),
            json!(-5),
            json!(5_256_001),
            json!(1.5),
            json!("60"),
            json!(true),
        ] {
            assert!(validate_expires(Some(&bad)).is_err(), "{bad} accepted");
        }
    }
}
