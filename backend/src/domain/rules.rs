//! The server's side of the token rules it shares with the tab (`api-tokens-rules`, where each
//! rule and its unit tests live): the English messages it answers when one is broken, and
//! reading `expiresInMinutes` out of a JSON body. Enforced over HTTP in `tests/`.

use api_tokens_rules::{
    AllowlistError, Cidr, CidrError, DescriptionError, PolicyError, ALLOWLIST_MAX, DESCRIPTION_MAX,
    MAX_EXPIRES_MINUTES, MAX_GRACE_MINUTES, MIN_EXPIRES_MINUTES,
};

/// Trims and checks a description ([`api_tokens_rules::description`]); the message says why
/// it cannot be used.
pub fn validate_description(raw: Option<&str>) -> Result<String, String> {
    api_tokens_rules::description(raw.unwrap_or("")).map_err(|e| match e {
        DescriptionError::Empty => "description is required".into(),
        DescriptionError::Control { code, at } => format!(
            "description must not contain control or text-direction characters (U+{code:04X} at character {at})"
        ),
        DescriptionError::Hidden { code, at } => format!(
            "description must not contain invisible characters that can hide text (U+{code:04X}{} at character {at}); they are allowed only where they belong: in emoji and flag sequences, and between letters of scripts that join them",
            char_name(code).map(|n| format!(" {n}")).unwrap_or_default()
        ),
        DescriptionError::TooLong { n } => {
            format!("description must be at most {DESCRIPTION_MAX} characters (got {n})")
        }
    })
}

/// Checks `allowedCidrs` ([`api_tokens_rules::allowlist`]): `None` when absent (leave it as
/// it is), else the networks in canonical form (empty: no allowlist). The message names the
/// entry that fails, and for one with host bits set the network meant.
pub fn validate_allowlist(raw: Option<&[String]>) -> Result<Option<Vec<Cidr>>, String> {
    let Some(raw) = raw else { return Ok(None) };
    api_tokens_rules::allowlist(raw.iter().map(String::as_str))
        .map(Some)
        .map_err(|e| match e {
            AllowlistError::TooMany { n } => {
                format!("allowedCidrs may hold at most {ALLOWLIST_MAX} networks (got {n})")
            }
            AllowlistError::Duplicate { at, entry, network } => format!(
                "allowedCidrs entry {at}, {entry:?}, is {network} again: name each network once"
            ),
            AllowlistError::Entry { at, entry, error } => {
                let why = match error {
                    CidrError::Empty => "is empty".to_string(),
                    CidrError::NotAnAddress => {
                        "is not an IPv4 or IPv6 address, or a network such as 10.0.0.0/8".into()
                    }
                    CidrError::NotAPrefix => {
                        "has a prefix length that is not a whole number".into()
                    }
                    CidrError::PrefixTooLong { max } => {
                        format!(
                            "has a prefix length over {max}, the most this kind of address takes"
                        )
                    }
                    CidrError::HostBits { network } => {
                        format!("has bits set past its prefix length: the network is {network}")
                    }
                    CidrError::Everything => {
                        "allows every address: leave the allowlist out instead".into()
                    }
                };
                format!("allowedCidrs entry {at}, {entry:?}, {why}")
            }
        })
}

/// The name of an invisible character a description may not hold (lower case, as Unicode
/// names it), for the common ones.
fn char_name(code: u32) -> Option<&'static str> {
    Some(match code {
        0x00AD => "soft hyphen",
        0x034F => "combining grapheme joiner",
        0x061C => "Arabic letter mark",
        0x115F | 0x1160 | 0x3164 | 0xFFA0 => "Hangul filler",
        0x180E => "Mongolian vowel separator",
        0x200B => "zero width space",
        0x200C => "zero width non-joiner",
        0x200D => "zero width joiner",
        0x200E => "left-to-right mark",
        0x200F => "right-to-left mark",
        0x2060 => "word joiner",
        0x2061..=0x2064 => "invisible operator",
        0x2800 => "braille pattern blank",
        0xFE00..=0xFE0F | 0xE0100..=0xE01EF => "variation selector",
        0xFEFF => "zero width no-break space",
        0xE0001 | 0xE0020..=0xE007F => "tag",
        _ => return None,
    })
}

/// Checks `expiresInMinutes`: absent or null means never; otherwise a whole number (`1440.0`
/// counts) within [`api_tokens_rules::expires_in_minutes`]' bounds.
pub fn validate_expires(raw: Option<&serde_json::Value>) -> Result<Option<i64>, String> {
    let v = match raw {
        None | Some(serde_json::Value::Null) => return Ok(None),
        Some(v) => v,
    };
    match whole_number(v).map(api_tokens_rules::expires_in_minutes) {
        Some(Ok(m)) => Ok(Some(m)),
        _ => Err(format!(
            "expiresInMinutes must be a whole number from {MIN_EXPIRES_MINUTES} to {MAX_EXPIRES_MINUTES}, or absent for a token that never expires"
        )),
    }
}

/// Checks `graceMinutes` of a roll: required, a whole number (`60.0` counts) from 0 (the old
/// secret stops at once) to [`MAX_GRACE_MINUTES`].
pub fn validate_grace(raw: Option<&serde_json::Value>) -> Result<i64, String> {
    raw.and_then(whole_number)
        .filter(|m| (0..=MAX_GRACE_MINUTES).contains(m))
        .ok_or_else(|| {
            format!(
                "graceMinutes must be a whole number from 0 to {MAX_GRACE_MINUTES}: how many minutes the old secret keeps working (0: it stops at once)"
            )
        })
}

/// A JSON number that is a whole number (`1440.0` counts), else `None`.
fn whole_number(v: &serde_json::Value) -> Option<i64> {
    match v {
        serde_json::Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 1e15)
                .map(|f| f as i64)
        }),
        _ => None,
    }
}

/// Checks a new token's lifetime (`None`: never expires) against its tenant's policy
/// (`maxExpiresInMinutes`, `None`: none) with [`api_tokens_rules::within_policy`]; the message
/// names the limit. Both ways of breaking it (no expiry, too long) get the one message, which
/// says what would be accepted.
pub fn check_policy(minutes: Option<i64>, max_minutes: Option<i64>) -> Result<(), String> {
    api_tokens_rules::within_policy(minutes, max_minutes).map_err(|e| {
        let max = match e {
            PolicyError::MustExpire { max_minutes } | PolicyError::TooLong { max_minutes } => {
                max_minutes
            }
        };
        format!(
            "This account allows tokens for at most {}: expiresInMinutes is required and must be at most {max}",
            lifetime(max)
        )
    })
}

/// `minutes` in words: "90 days (129600 minutes)", "12 hours (720 minutes)", "45 minutes".
fn lifetime(minutes: i64) -> String {
    let plural = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    let whole = if minutes % 1440 == 0 {
        plural(minutes / 1440, "day")
    } else if minutes % 60 == 0 {
        plural(minutes / 60, "hour")
    } else {
        return plural(minutes, "minute");
    };
    format!("{whole} ({})", plural(minutes, "minute"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn description_messages_say_what_is_wrong_and_where() {
        assert_eq!(
            validate_description(Some("  CI deploy  ")).unwrap(),
            "CI deploy"
        );
        assert_eq!(
            validate_description(None).unwrap_err(),
            "description is required"
        );
        assert_eq!(
            validate_description(Some("   ")).unwrap_err(),
            "description is required"
        );
        assert_eq!(
            validate_description(Some("ab\u{202E}cd")).unwrap_err(),
            "description must not contain control or text-direction characters (U+202E at character 3)"
        );
        assert_eq!(
            validate_description(Some("ab\0cd")).unwrap_err(),
            "description must not contain control or text-direction characters (U+0000 at character 3)"
        );
        let hidden = |what: &str| {
            format!(
            "description must not contain invisible characters that can hide text ({what}); they are allowed only where they belong: in emoji and flag sequences, and between letters of scripts that join them"
        )
        };
        assert_eq!(
            validate_description(Some("\u{200B}")).unwrap_err(),
            hidden("U+200B zero width space at character 1")
        );
        assert_eq!(
            validate_description(Some("ci\u{00AD}deploy")).unwrap_err(),
            hidden("U+00AD soft hyphen at character 3")
        );
        assert_eq!(
            validate_description(Some("a\u{13430}")).unwrap_err(),
            hidden("U+13430 at character 2")
        );
        assert_eq!(
            validate_description(Some("deploy 👩\u{200D}💻")).unwrap(),
            "deploy 👩\u{200D}💻"
        );
        assert_eq!(
            validate_description(Some(&"a".repeat(256))).unwrap_err(),
            "description must be at most 255 characters (got 256)"
        );
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
            json!(1e300),
            json!("60"),
            json!(true),
        ] {
            assert_eq!(
                validate_expires(Some(&bad)).unwrap_err(),
                "expiresInMinutes must be a whole number from 1 to 5256000, or absent for a token that never expires",
                "{bad} accepted"
            );
        }
    }

    #[test]
    fn grace_is_a_whole_number_of_minutes_up_to_a_week_and_required() {
        assert_eq!(validate_grace(Some(&json!(0))), Ok(0));
        assert_eq!(validate_grace(Some(&json!(60))), Ok(60));
        assert_eq!(validate_grace(Some(&json!(60.0))), Ok(60));
        assert_eq!(validate_grace(Some(&json!(10_080))), Ok(10_080));
        for bad in [
            None,
            Some(json!(null)),
            Some(json!(-1)),
            Some(json!(10_081)),
            Some(json!(1.5)),
            Some(json!(1e300)),
            Some(json!("60")),
            Some(json!(true)),
        ] {
            assert_eq!(
                validate_grace(bad.as_ref()).unwrap_err(),
                "graceMinutes must be a whole number from 0 to 10080: how many minutes the old secret keeps working (0: it stops at once)",
                "{bad:?} accepted"
            );
        }
    }

    #[test]
    fn a_policy_refusal_names_the_limit() {
        assert_eq!(check_policy(None, None), Ok(()));
        assert_eq!(check_policy(Some(5_256_000), None), Ok(()));
        assert_eq!(check_policy(Some(129_600), Some(129_600)), Ok(()));
        let ninety_days = "This account allows tokens for at most 90 days (129600 minutes): expiresInMinutes is required and must be at most 129600";
        assert_eq!(check_policy(None, Some(129_600)).unwrap_err(), ninety_days);
        assert_eq!(
            check_policy(Some(129_601), Some(129_600)).unwrap_err(),
            ninety_days
        );
        assert_eq!(
            check_policy(None, Some(1440)).unwrap_err(),
            "This account allows tokens for at most 1 day (1440 minutes): expiresInMinutes is required and must be at most 1440"
        );
        assert_eq!(
            check_policy(Some(721), Some(720)).unwrap_err(),
            "This account allows tokens for at most 12 hours (720 minutes): expiresInMinutes is required and must be at most 720"
        );
        assert_eq!(
            check_policy(Some(46), Some(45)).unwrap_err(),
            "This account allows tokens for at most 45 minutes: expiresInMinutes is required and must be at most 45"
        );
        assert_eq!(
            check_policy(None, Some(1)).unwrap_err(),
            "This account allows tokens for at most 1 minute: expiresInMinutes is required and must be at most 1"
        );
    }
}
