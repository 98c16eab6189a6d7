//! The bounds of a token's lifetime, `expiresInMinutes` (absent: never expires).

/// Shortest expiry, in minutes.
pub const MIN_EXPIRES_MINUTES: i64 = 1;
/// Longest expiry, in minutes (ten years, Frontegg's limit on personal tokens).
pub const MAX_EXPIRES_MINUTES: i64 = 5_256_000;

/// Why a number of minutes cannot be a token's lifetime.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExpiresError {
    /// Under [`MIN_EXPIRES_MINUTES`]: now or in the past.
    TooSoon,
    /// Over [`MAX_EXPIRES_MINUTES`].
    TooFar,
}

/// `minutes` when it is from [`MIN_EXPIRES_MINUTES`] to [`MAX_EXPIRES_MINUTES`], or why not.
pub fn expires_in_minutes(minutes: i64) -> Result<i64, ExpiresError> {
    if minutes < MIN_EXPIRES_MINUTES {
        Err(ExpiresError::TooSoon)
    } else if minutes > MAX_EXPIRES_MINUTES {
        Err(ExpiresError::TooFar)
    } else {
        Ok(minutes)
    }
}

/// The longest grace window of a roll (our extension): the old secret keeps working at most
/// a week after a new one is issued.
pub const MAX_GRACE_MINUTES: i64 = 7 * 1440;

/// Why a lifetime breaks an organization's expiry policy (`maxExpiresInMinutes`, an
/// extension of ours: a token must expire, within that many minutes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyError {
    /// The token would never expire.
    MustExpire {
        /// The policy's longest lifetime, in minutes.
        max_minutes: i64,
    },
    /// It would live longer than the policy allows.
    TooLong {
        /// The policy's longest lifetime, in minutes.
        max_minutes: i64,
    },
}

/// Checks a lifetime (`None`: never expires) against a policy's longest lifetime (`None`: no
/// policy, anything goes).
pub fn within_policy(minutes: Option<i64>, max_minutes: Option<i64>) -> Result<(), PolicyError> {
    match (minutes, max_minutes) {
        (_, None) => Ok(()),
        (None, Some(max_minutes)) => Err(PolicyError::MustExpire { max_minutes }),
        (Some(m), Some(max_minutes)) if m > max_minutes => {
            Err(PolicyError::TooLong { max_minutes })
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_policy_requires_an_expiry_within_its_limit() {
        let ninety_days = 90 * 1440;
        assert_eq!(within_policy(None, None), Ok(()));
        assert_eq!(within_policy(Some(5_256_000), None), Ok(()));
        assert_eq!(within_policy(Some(ninety_days), Some(ninety_days)), Ok(()));
        assert_eq!(within_policy(Some(1), Some(ninety_days)), Ok(()));
        assert_eq!(
            within_policy(Some(ninety_days + 1), Some(ninety_days)),
            Err(PolicyError::TooLong {
                max_minutes: ninety_days
            })
        );
        assert_eq!(
            within_policy(None, Some(ninety_days)),
            Err(PolicyError::MustExpire {
                max_minutes: ninety_days
            })
        );
    }

    #[test]
    fn expiry_is_one_minute_to_ten_years() {
        assert_eq!(expires_in_minutes(1), Ok(1));
        assert_eq!(expires_in_minutes(1440), Ok(1440));
        assert_eq!(expires_in_minutes(5_256_000), Ok(5_256_000));
        assert_eq!(MAX_EXPIRES_MINUTES, 10 * 365 * 24 * 60);
        assert_eq!(expires_in_minutes(0), Err(ExpiresError::TooSoon));
        assert_eq!(expires_in_minutes(-5), Err(ExpiresError::TooSoon));
        assert_eq!(expires_in_minutes(i64::MIN), Err(ExpiresError::TooSoon));
        assert_eq!(expires_in_minutes(5_256_001), Err(ExpiresError::TooFar));
        assert_eq!(expires_in_minutes(i64::MAX), Err(ExpiresError::TooFar));
    }
}
