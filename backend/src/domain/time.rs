//! Times as the backend keeps them: an instant in UTC to the millisecond, compared as a time.
//! Stored and sent as RFC 3339 with milliseconds and `Z` (`2026-11-28T08:15:00.000Z`): one
//! width, so the databases' comparisons of the stored text agree with this type's.

use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Timelike, Utc};

/// An instant in UTC, to the millisecond.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(DateTime<Utc>);

impl Timestamp {
    pub fn now() -> Self {
        Self::from(Utc::now())
    }

    /// Reads the stored form, or any RFC 3339 time (then converted to UTC, to the
    /// millisecond); `None` for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        Self::parse_stored(s.as_bytes()).or_else(|| {
            DateTime::parse_from_rfc3339(s)
                .ok()
                .map(|t| Self::from(t.with_timezone(&Utc)))
        })
    }

    /// The stored form (`YYYY-MM-DDTHH:MM:SS.mmmZ`), read without the general parser: a list
    /// of 10,000 tokens reads tens of thousands of these.
    fn parse_stored(b: &[u8]) -> Option<Self> {
        if b.len() != 24
            || b[4] != b'-'
            || b[7] != b'-'
            || b[10] != b'T'
            || b[13] != b':'
            || b[16] != b':'
            || b[19] != b'.'
            || b[23] != b'Z'
        {
            return None;
        }
        let n = |from: usize, to: usize| -> Option<u32> {
            b[from..to].iter().try_fold(0u32, |acc, c| {
                c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
            })
        };
        let date = NaiveDate::from_ymd_opt(n(0, 4)? as i32, n(5, 7)?, n(8, 10)?)?;
        let time = date.and_hms_milli_opt(n(11, 13)?, n(14, 16)?, n(17, 19)?, n(20, 23)?)?;
        Some(Timestamp(time.and_utc()))
    }

    /// `minutes` later (earlier when negative).
    pub fn plus_minutes(self, minutes: i64) -> Self {
        self.plus(TimeDelta::minutes(minutes))
    }

    pub fn plus(self, d: TimeDelta) -> Self {
        Timestamp(self.0 + d)
    }

    /// Seconds since the Unix epoch.
    pub fn unix_seconds(self) -> i64 {
        self.0.timestamp()
    }

    pub fn datetime(self) -> DateTime<Utc> {
        self.0
    }
}

impl From<DateTime<Utc>> for Timestamp {
    /// To the millisecond (what is stored).
    fn from(t: DateTime<Utc>) -> Self {
        Timestamp(DateTime::from_timestamp_millis(t.timestamp_millis()).unwrap_or(t))
    }
}

impl Timestamp {
    /// The stored form's bytes, written digit by digit: a list of 10,000 tokens writes tens of
    /// thousands of these, and `write!` with padded numbers took about 3 % of such a list's
    /// first read after a change (issue 38's bench).
    fn stored(self) -> [u8; 24] {
        /// "00" to "99", two bytes each.
        const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
            2021222324252627282930313233343536373839\
            4041424344454647484950515253545556575859\
            6061626364656667686970717273747576777879\
            8081828384858687888990919293949596979899";
        let t = self.0;
        let mut b = *b"0000-00-00T00:00:00.000Z";
        let mut two = |at: usize, n: u32| {
            let i = (n % 100) as usize * 2;
            b[at..at + 2].copy_from_slice(&PAIRS[i..i + 2]);
        };
        // Years outside 0..=9999 do not occur (expiries are bounded); written modulo 10,000.
        let year = t.year().rem_euclid(10_000) as u32;
        two(0, year / 100);
        two(2, year);
        two(5, t.month());
        two(8, t.day());
        two(11, t.hour());
        two(14, t.minute());
        two(17, t.second());
        let ms = t.timestamp_subsec_millis().min(999);
        two(20, ms / 10);
        b[22] = b'0' + (ms % 10) as u8;
        b
    }
}

impl fmt::Display for Timestamp {
    /// The stored form: `2026-11-28T08:15:00.000Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.stored();
        // Digits and ASCII punctuation only.
        f.write_str(std::str::from_utf8(&b).map_err(|_| fmt::Error)?)
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let b = self.stored();
        s.serialize_str(std::str::from_utf8(&b).map_err(serde::ser::Error::custom)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_form_is_written_as_chrono_writes_it() {
        for ms in [
            0_i64,
            5,
            999,
            1_795_824_000_123,
            253_402_300_799_999,
            951_782_400_050,
        ] {
            let t = Timestamp::from(DateTime::from_timestamp_millis(ms).unwrap());
            let by_chrono = t.0.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
            assert_eq!(t.to_string(), by_chrono);
            assert_eq!(
                serde_json::to_string(&t).unwrap(),
                format!("\"{by_chrono}\"")
            );
            assert_eq!(Timestamp::parse(&by_chrono), Some(t));
        }
    }

    #[test]
    fn the_stored_form_round_trips_and_orders_as_time() {
        let t = Timestamp::parse("2026-11-28T08:15:00.123Z").unwrap();
        assert_eq!(t.to_string(), "2026-11-28T08:15:00.123Z");
        assert_eq!(
            Timestamp::parse("2026-11-28T09:15:00.123+01:00"),
            Some(t),
            "another zone's form of the same time"
        );
        assert_eq!(
            t.plus_minutes(60 * 24 * 4).to_string(),
            "2026-12-02T08:15:00.123Z"
        );
        // Compared as times.
        assert!(t < t.plus_minutes(1));
        for bad in [
            "",
            "now",
            "2026-13-01T00:00:00.000Z",
            "2026-11-28T08:15:00.000",
        ] {
            assert_eq!(Timestamp::parse(bad), None, "{bad}");
        }
        let now = Utc::now();
        assert_eq!(
            Timestamp::from(now).datetime().timestamp_millis(),
            now.timestamp_millis()
        );
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#""2026-11-28T08:15:00.123Z""#
        );
    }
}
