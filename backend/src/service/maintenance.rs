//! What the server deletes by itself: the limits' windows that have ended, and events older
//! than the retention (and the webhook events done with by then), and tokens' use older than
//! 90 days.

use super::Service;
use crate::domain::usage::USAGE_DAYS;
use crate::domain::{Result, Timestamp};
use crate::store;

impl Service {
    /// Deletes the limits' windows that have ended and the events older than `retention_days`
    /// (0: none); answers how many of each.
    pub async fn prune(&self, retention_days: u32) -> Result<(usize, usize)> {
        self.write(move |c| {
            let windows = store::limits::prune(c, store::limits::now_ms())?;
            let usage_from = Timestamp::now().plus_minutes(-USAGE_DAYS * 1440);
            store::usage::prune_usage(c, usage_from)?;
            let events = match retention_days {
                0 => 0,
                days => {
                    let before = Timestamp::now().plus_minutes(-i64::from(days) * 1440);
                    store::outbox::prune_outbox(c, before, Timestamp::now())?;
                    store::prune_events(c, before)?
                }
            };
            Ok((windows, events))
        })
        .await
    }
}
