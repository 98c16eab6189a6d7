//! Timestamps without a date library (every dependency in the wasm must earn its bytes):
//! RFC 3339 parsing, expiry status, relative-time units, expiration choices. (The words and
//! the formatting of dates are the browser's `Intl`, in `crate::i18n`.)

use api_tokens_rules::{expires_in_minutes, within_policy, ExpiresError, PolicyError};

pub const MINUTE_MS: i64 = 60_000;
pub const HOUR_MS: i64 = 60 * MINUTE_MS;
pub const DAY_MS: i64 = 24 * HOUR_MS;
/// Tokens expiring within this window get a warning.
pub const SOON_MS: i64 = 7 * DAY_MS;
/// The backend's longest expiry, in minutes (ten years; from `api-tokens-rules`, which it shares).
pub use api_tokens_rules::MAX_EXPIRES_MINUTES;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month, day) of a day number since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// Parses RFC 3339 / ISO 8601 date-times (`2026-11-28T10:00:00.123Z`, `+02:00` offsets, a space
/// instead of `T`, no fraction) into milliseconds since the epoch. `None` for anything else.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let s = s.trim();
    let b = s.as_bytes();
    // Digits only (no sign, no spaces), at most four of them: summed in place rather than
    // through `str::parse`, which a 10,000-token list calls 140,000 times.
    let digits = |part: &[u8]| -> Option<i64> {
        part.iter().try_fold(0_i64, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0'))
        })
    };
    let num = |from: usize, len: usize| -> Option<i64> { digits(b.get(from..from + len)?) };
    if b.len() < 19
        || b[4] != b'-'
        || b[7] != b'-'
        || !(b[10] == b'T' || b[10] == b't' || b[10] == b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let (y, mo, d) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (h, mi, sec) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut i = 19;
    let mut millis = 0;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return None;
        }
        let frac = &b[start..i.min(start + 3)];
        millis = digits(frac)? * 10_i64.pow(3 - frac.len() as u32);
    }
    let offset_min = match s.get(i..) {
        Some("Z") | Some("z") => 0,
        Some(rest) if rest.len() == 6 && (rest.starts_with('+') || rest.starts_with('-')) => {
            let sign = if rest.starts_with('-') { -1 } else { 1 };
            if rest.as_bytes()[3] != b':' {
                return None;
            }
            sign * (num(i + 1, 2)? * 60 + num(i + 4, 2)?)
        }
        _ => return None,
    };
    let days = days_from_civil(y, mo, d);
    Some(((days * 24 + h) * 60 + mi - offset_min) * MINUTE_MS + sec * 1000 + millis)
}

/// The longest wait a `Retry-After` is taken at (a day); longer values are clamped.
pub const MAX_RETRY_AFTER_S: u32 = 86_400;

/// Reads an HTTP `Retry-After` value: delay-seconds (`"120"`) or an IMF-fixdate
/// (`"Sun, 06 Nov 1994 08:49:37 GMT"`, seconds from `now_ms`, at least 0). `None` when it is
/// neither.
pub fn retry_after_seconds(value: &str, now_ms: f64) -> Option<u32> {
    let v = value.trim();
    if !v.is_empty() && v.bytes().all(|c| c.is_ascii_digit()) {
        return Some(v.parse::<u64>().map_or(MAX_RETRY_AFTER_S, |n| {
            n.min(u64::from(MAX_RETRY_AFTER_S)) as u32
        }));
    }
    // "Sun, 06 Nov 1994 08:49:37 GMT"
    let rest = v.split_once(", ")?.1;
    let parts: Vec<&str> = rest.split(' ').collect();
    let [day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let m = MONTHS.iter().position(|x| x == month)? as i64 + 1;
    let (d, y): (i64, i64) = (day.parse().ok()?, year.parse().ok()?);
    let hms: Vec<i64> = time
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let [h, mi, sec] = hms.as_slice() else {
        return None;
    };
    if !(1..=31).contains(&d) || *h > 23 || *mi > 59 || *sec > 60 {
        return None;
    }
    let at = (((days_from_civil(y, m, d) * 24 + h) * 60 + mi) * 60 + sec) * 1000;
    let wait = ((at as f64 - now_ms) / 1000.0).ceil().max(0.0);
    Some(wait.min(f64::from(MAX_RETRY_AFTER_S)) as u32)
}

/// Where a token stands on expiry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExpiryStatus {
    Never,
    Expired,
    /// Within a week: warn.
    Soon,
    Later,
}

pub fn expiry_status(expires_at: Option<i64>, now: i64) -> ExpiryStatus {
    match expires_at {
        None => ExpiryStatus::Never,
        Some(e) if e <= now => ExpiryStatus::Expired,
        Some(e) if e - now <= SOON_MS => ExpiryStatus::Soon,
        Some(_) => ExpiryStatus::Later,
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `28 Nov 2026` in UTC shifted by `offset_min` (the viewer's zone, minutes east of UTC).
pub fn format_date(ms: i64, offset_min: i64) -> String {
    let local = ms + offset_min * MINUTE_MS;
    let (y, m, d) = civil_from_days(local.div_euclid(DAY_MS));
    format!("{d} {} {y}", MONTHS[(m - 1) as usize])
}

/// `28 Nov 2026, 14:03`, for the full timestamp on hover and focus.
pub fn format_date_time(ms: i64, offset_min: i64) -> String {
    let local = ms + offset_min * MINUTE_MS;
    let in_day = local.rem_euclid(DAY_MS);
    format!(
        "{}, {:02}:{:02}",
        format_date(ms, offset_min),
        in_day / HOUR_MS,
        (in_day % HOUR_MS) / MINUTE_MS
    )
}

/// The unit a relative time is said in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelativeUnit {
    Second,
    Minute,
    Hour,
    Day,
    Month,
    Year,
}

impl RelativeUnit {
    /// The unit's name for `Intl.RelativeTimeFormat`.
    pub fn as_str(self) -> &'static str {
        match self {
            RelativeUnit::Second => "second",
            RelativeUnit::Minute => "minute",
            RelativeUnit::Hour => "hour",
            RelativeUnit::Day => "day",
            RelativeUnit::Month => "month",
            RelativeUnit::Year => "year",
        }
    }
}

/// `ms` relative to `now` as a whole number of one unit, negative in the past: under a minute
/// is `(0, Second)` ("now"), then minutes, hours, days (under 30), months (of 30 days, under
/// a year) and years.
pub fn relative_parts(ms: i64, now: i64) -> (i64, RelativeUnit) {
    let diff = ms - now;
    let abs = diff.abs();
    let (n, unit) = if abs < MINUTE_MS {
        (0, RelativeUnit::Second)
    } else if abs < HOUR_MS {
        (abs / MINUTE_MS, RelativeUnit::Minute)
    } else if abs < DAY_MS {
        (abs / HOUR_MS, RelativeUnit::Hour)
    } else if abs < 30 * DAY_MS {
        (abs / DAY_MS, RelativeUnit::Day)
    } else if abs < 365 * DAY_MS {
        (abs / (30 * DAY_MS), RelativeUnit::Month)
    } else {
        (abs / (365 * DAY_MS), RelativeUnit::Year)
    };
    (if diff < 0 { -n } else { n }, unit)
}

/// Why a custom expiry date cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExpiryError {
    /// No date, or not a date.
    NoDate,
    /// Today or earlier.
    Past,
    /// More than ten years ahead.
    TooFar,
    /// Never, where the organization's policy says every token must expire.
    MustExpire,
    /// Later than the organization's policy allows (its longest lifetime, in minutes).
    BeyondPolicy { max_minutes: i64 },
}

/// The generate form's expiration choices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expiration {
    Never,
    Days(u32),
    /// A date picked by the user, `YYYY-MM-DD`; the token expires at the start of that day in
    /// the user's time zone.
    Custom(String),
}

/// The preset choices, as Frontegg's portal offers them.
pub const PRESET_DAYS: [u32; 5] = [1, 7, 30, 90, 365];

/// The presets an organization's longest lifetime (`None`: no policy) allows.
pub fn preset_days(max_minutes: Option<i64>) -> Vec<u32> {
    PRESET_DAYS
        .into_iter()
        .filter(|&d| max_minutes.is_none_or(|max| i64::from(d) * 1440 <= max))
        .collect()
}

/// The form's first choice, as a `<select>` value: 30 days without a policy (Frontegg's
/// default); with one, the longest preset within both the policy and 90 days, else a date.
pub fn default_choice(max_minutes: Option<i64>) -> String {
    match max_minutes {
        None => "30".into(),
        Some(max) => preset_days(Some(max.min(90 * 1440)))
            .last()
            .map_or_else(|| "custom".into(), u32::to_string),
    }
}

/// The last day a custom date may be under a policy (`YYYY-MM-DD` in the user's time zone,
/// for the date input's `max`): the day the longest lifetime ends in.
pub fn last_allowed_day(max_minutes: i64, now: i64, offset_min: i64) -> String {
    let local = now + max_minutes * MINUTE_MS + offset_min * MINUTE_MS;
    let (y, m, d) = civil_from_days(local.div_euclid(DAY_MS));
    format!("{y:04}-{m:02}-{d:02}")
}

impl Expiration {
    /// `expiresInMinutes` for the create request (`None`: never), or why not: the bounds of
    /// every token, then the organization's policy (`max_minutes`, `None`: none).
    /// `offset_min` is the user's time zone, minutes east of UTC.
    pub fn minutes(
        &self,
        now: i64,
        offset_min: i64,
        max_minutes: Option<i64>,
    ) -> Result<Option<i64>, ExpiryError> {
        let minutes = self.lifetime(now, offset_min)?;
        within_policy(minutes, max_minutes).map_err(|e| match e {
            PolicyError::MustExpire { .. } => ExpiryError::MustExpire,
            PolicyError::TooLong { max_minutes } => ExpiryError::BeyondPolicy { max_minutes },
        })?;
        Ok(minutes)
    }

    fn lifetime(&self, now: i64, offset_min: i64) -> Result<Option<i64>, ExpiryError> {
        match self {
            Expiration::Never => Ok(None),
            Expiration::Days(d) => Ok(Some(i64::from(*d) * 1440)),
            Expiration::Custom(date) => {
                let at = parse_rfc3339(&format!("{}T00:00:00Z", date.trim()))
                    .ok_or(ExpiryError::NoDate)?
                    - offset_min * MINUTE_MS;
                let minutes = (at - now + MINUTE_MS - 1).div_euclid(MINUTE_MS);
                match expires_in_minutes(minutes) {
                    Ok(m) => Ok(Some(m)),
                    Err(ExpiresError::TooSoon) => Err(ExpiryError::Past),
                    Err(ExpiresError::TooFar) => Err(ExpiryError::TooFar),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_795_824_000_000; // 2026-11-28T00:00:00Z

    #[test]
    fn parses_rfc3339_variants() {
        assert_eq!(parse_rfc3339("2026-11-28T00:00:00Z"), Some(T0));
        assert_eq!(parse_rfc3339("2026-11-28T00:00:00.123Z"), Some(T0 + 123));
        assert_eq!(parse_rfc3339("2026-11-28T00:00:00.1Z"), Some(T0 + 100));
        assert_eq!(
            parse_rfc3339("2026-11-28T00:00:00.123456789Z"),
            Some(T0 + 123)
        );
        assert_eq!(parse_rfc3339("2026-11-28T02:00:00+02:00"), Some(T0));
        assert_eq!(parse_rfc3339("2026-11-27T19:30:00-04:30"), Some(T0));
        assert_eq!(parse_rfc3339("2026-11-28 00:00:00Z"), Some(T0));
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339("2000-02-29T00:00:00Z"), Some(951_782_400_000));
        for bad in [
            "",
            "2026-11-28",
            "2026-13-01T00:00:00Z",
            "2026-11-28T24:00:00Z",
            "2026-11-28T00:00:00",
            "2026-11-28T00:00:00+0200",
            "2026-11-28T00:00:00.Z",
            "garbage-not-a-date!!",
            "２０２６-11-28T00:00:00Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn civil_round_trip() {
        for days in [-1000, 0, 59, 60, 10_957, 20_785, 100_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn expiry_status_and_labels() {
        assert_eq!(expiry_status(None, T0), ExpiryStatus::Never);
        assert_eq!(expiry_status(Some(T0), T0), ExpiryStatus::Expired);
        assert_eq!(expiry_status(Some(T0 - 1), T0), ExpiryStatus::Expired);
        assert_eq!(expiry_status(Some(T0 + SOON_MS), T0), ExpiryStatus::Soon);
        assert_eq!(
            expiry_status(Some(T0 + SOON_MS + 1), T0),
            ExpiryStatus::Later
        );
    }

    #[test]
    fn dates_in_the_viewers_zone() {
        assert_eq!(format_date(T0, 0), "28 Nov 2026");
        assert_eq!(format_date(T0, -60), "27 Nov 2026");
        assert_eq!(
            format_date_time(T0 + 14 * HOUR_MS + 3 * MINUTE_MS, 0),
            "28 Nov 2026, 14:03"
        );
        assert_eq!(format_date_time(T0, 330), "28 Nov 2026, 05:30");
    }

    #[test]
    fn relative_times_pick_one_unit() {
        use RelativeUnit::*;
        assert_eq!(relative_parts(T0, T0), (0, Second));
        assert_eq!(relative_parts(T0 - 59_000, T0), (0, Second));
        assert_eq!(relative_parts(T0 - MINUTE_MS, T0), (-1, Minute));
        assert_eq!(relative_parts(T0 - 5 * HOUR_MS, T0), (-5, Hour));
        assert_eq!(relative_parts(T0 + 3 * DAY_MS, T0), (3, Day));
        assert_eq!(relative_parts(T0 + 29 * DAY_MS, T0), (29, Day));
        assert_eq!(relative_parts(T0 - 65 * DAY_MS, T0), (-2, Month));
        assert_eq!(relative_parts(T0 - 800 * DAY_MS, T0), (-2, Year));
        assert_eq!(Month.as_str(), "month");
    }

    #[test]
    fn expiration_choices_become_minutes() {
        assert_eq!(Expiration::Never.minutes(T0, 0, None), Ok(None));
        assert_eq!(Expiration::Days(30).minutes(T0, 0, None), Ok(Some(43_200)));
        assert_eq!(Expiration::Days(1).minutes(T0, 0, None), Ok(Some(1440)));
        // Midnight UTC of 30 Nov is two days away; in UTC+1 it comes an hour earlier.
        let custom = Expiration::Custom("2026-11-30".into());
        assert_eq!(custom.minutes(T0, 0, None), Ok(Some(2880)));
        assert_eq!(custom.minutes(T0, 60, None), Ok(Some(2820)));
        // Partial minutes round up so the token never expires before the chosen moment.
        assert_eq!(custom.minutes(T0 + 30_000, 0, None), Ok(Some(2880)));
        let err = |d: &str| {
            Expiration::Custom(d.into())
                .minutes(T0, 0, None)
                .unwrap_err()
        };
        assert_eq!(err("2026-11-28"), ExpiryError::Past);
        assert_eq!(err("2037-01-01"), ExpiryError::TooFar);
        assert_eq!(err(""), ExpiryError::NoDate);
        assert_eq!(err("31/12/2026"), ExpiryError::NoDate);
    }

    #[test]
    fn a_policy_limits_the_choices_and_what_they_become() {
        let ninety = Some(90 * 1440);
        assert_eq!(preset_days(None), PRESET_DAYS);
        assert_eq!(preset_days(ninety), [1, 7, 30, 90]);
        assert_eq!(preset_days(Some(10 * 1440)), [1, 7]);
        assert_eq!(preset_days(Some(60)), [] as [u32; 0]);
        assert_eq!(default_choice(None), "30");
        assert_eq!(default_choice(ninety), "90");
        assert_eq!(
            default_choice(Some(400 * 1440)),
            "90",
            "never beyond 90 days"
        );
        assert_eq!(default_choice(Some(10 * 1440)), "7");
        assert_eq!(default_choice(Some(60)), "custom");
        // 90 days from 28 Nov 2026 00:00 UTC ends on 26 Feb 2027; in UTC-5 still the 25th.
        assert_eq!(last_allowed_day(90 * 1440, T0, 0), "2027-02-26");
        assert_eq!(last_allowed_day(90 * 1440, T0, -300), "2027-02-25");

        assert_eq!(
            Expiration::Days(90).minutes(T0, 0, ninety),
            Ok(Some(129_600))
        );
        assert_eq!(
            Expiration::Never.minutes(T0, 0, ninety),
            Err(ExpiryError::MustExpire)
        );
        assert_eq!(
            Expiration::Days(365).minutes(T0, 0, ninety),
            Err(ExpiryError::BeyondPolicy {
                max_minutes: 129_600
            })
        );
        // The last allowed day is allowed; the day after is not.
        let day = |d: &str| Expiration::Custom(d.into()).minutes(T0, 0, ninety);
        assert_eq!(day("2027-02-26"), Ok(Some(129_600)));
        assert_eq!(
            day("2027-02-27"),
            Err(ExpiryError::BeyondPolicy {
                max_minutes: 129_600
            })
        );
        // The bounds of every token come first.
        assert_eq!(day("2026-11-01"), Err(ExpiryError::Past));
    }

    #[test]
    fn retry_after_takes_seconds_or_an_http_date() {
        assert_eq!(retry_after_seconds("120", 0.0), Some(120));
        assert_eq!(retry_after_seconds(" 0 ", 0.0), Some(0));
        assert_eq!(
            retry_after_seconds("99999999999999999999", 0.0),
            Some(MAX_RETRY_AFTER_S)
        );
        let now = parse_rfc3339("1994-11-06T08:49:07Z").unwrap() as f64;
        assert_eq!(
            retry_after_seconds("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(30)
        );
        // A date in the past means "now".
        assert_eq!(
            retry_after_seconds("Sun, 06 Nov 1994 08:49:37 GMT", now + 60_000.0),
            Some(0)
        );
        for bad in [
            "",
            "-5",
            "1.5",
            "soon",
            "Sun, 06 Nov 1994 08:49:37 CET",
            "Sun, 32 Nov 1994 08:49:37 GMT",
        ] {
            assert_eq!(retry_after_seconds(bad, now), None, "{bad}");
        }
    }
}
