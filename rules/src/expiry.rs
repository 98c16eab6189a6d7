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

#[cfg(test)]
mod tests {
    use super::*;

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
