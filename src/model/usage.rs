//! A token's use (our extension, `GET {source}/{id}/usage`): its uses and refused attempts per
//! day and its recent addresses, with what the chart and its text alternative say: totals, the
//! busiest day, and each day's bar heights on one scale.

/// One day of use (UTC), oldest first in [`TokenUsage::days`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DayUse {
    /// `YYYY-MM-DD`, as the backend sent it.
    pub date: String,
    /// Milliseconds of the day's noon (UTC), for the locale's date; `None` when unreadable.
    pub at: Option<i64>,
    pub uses: u64,
    pub refused: u64,
}

/// An address the token was used from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecentAddress {
    pub ip: String,
    /// Milliseconds; `None` when the backend sent none or garbage.
    pub first_seen: Option<i64>,
    pub last_seen: Option<i64>,
    pub uses: u64,
}

/// A token's use over the days asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TokenUsage {
    pub days: Vec<DayUse>,
    /// The latest first.
    pub addresses: Vec<RecentAddress>,
}

/// One bar pair of the chart: heights as fractions of the tallest day (0 to 1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bars {
    pub uses: f64,
    pub refused: f64,
}

impl TokenUsage {
    /// (uses, refused) over all the days.
    pub fn totals(&self) -> (u64, u64) {
        self.days
            .iter()
            .fold((0, 0), |(u, r), d| (u + d.uses, r + d.refused))
    }

    /// The day with the most uses (the latest of equals); `None` when nothing was used.
    pub fn busiest(&self) -> Option<&DayUse> {
        self.days
            .iter()
            .filter(|d| d.uses > 0)
            .max_by(|a, b| a.uses.cmp(&b.uses).then(a.date.cmp(&b.date)))
    }

    /// Each day's bars, on the scale of the day with the most uses or refusals (stacked: a
    /// day's uses and refusals together never exceed 1).
    pub fn bars(&self) -> Vec<Bars> {
        let top = self
            .days
            .iter()
            .map(|d| d.uses + d.refused)
            .max()
            .unwrap_or(0)
            .max(1) as f64;
        self.days
            .iter()
            .map(|d| Bars {
                uses: d.uses as f64 / top,
                refused: d.refused as f64 / top,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(date: &str, uses: u64, refused: u64) -> DayUse {
        DayUse {
            date: date.into(),
            at: None,
            uses,
            refused,
        }
    }

    #[test]
    fn totals_the_busiest_day_and_bars_on_one_scale() {
        let u = TokenUsage {
            days: vec![
                day("2026-12-01", 4, 0),
                day("2026-12-02", 0, 0),
                day("2026-12-03", 6, 2),
                day("2026-12-04", 6, 0),
            ],
            addresses: vec![],
        };
        assert_eq!(u.totals(), (16, 2));
        assert_eq!(
            u.busiest().unwrap().date,
            "2026-12-04",
            "the latest of equals"
        );
        let bars = u.bars();
        assert_eq!(
            bars[2],
            Bars {
                uses: 0.75,
                refused: 0.25
            }
        );
        assert_eq!(
            bars[1],
            Bars {
                uses: 0.0,
                refused: 0.0
            }
        );
        assert!(bars.iter().all(|b| b.uses + b.refused <= 1.0));
    }

    #[test]
    fn nothing_used_has_no_busiest_day_and_flat_bars() {
        let u = TokenUsage {
            days: vec![day("2026-12-01", 0, 3), day("2026-12-02", 0, 0)],
            addresses: vec![],
        };
        assert_eq!(u.totals(), (0, 3));
        assert_eq!(u.busiest(), None);
        assert_eq!(
            u.bars()[0],
            Bars {
                uses: 0.0,
                refused: 1.0
            }
        );
        assert_eq!(TokenUsage::default().bars(), vec![]);
    }
}
