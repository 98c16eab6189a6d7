//! Where and how much each token is used (issue 34, our extension): uses and refused attempts
//! counted in this instance's memory as they happen (`domain::usage`), added to the database
//! every `--usage-flush-ms` by [`Service::flush_usage`], and read back per day with the recent
//! addresses by whoever may read the token's source.

use std::net::IpAddr;

use api_tokens_rules::{Action, Source};

use super::access::{list_for, token_not_found};
use super::members::member_list;
use super::Service;
use crate::domain::usage::{Usage, UsageCounts, USAGE_DAYS};
use crate::domain::{Error, Result, Timestamp, User};
use crate::store;

impl Service {
    /// Counts a use of token `id` from `ip`, now.
    pub(crate) fn note_use(&self, id: &str, ip: IpAddr) {
        if !self.usage_on() {
            return;
        }
        let now = Timestamp::now();
        self.counts().note_use(id, &ip.to_string(), now);
    }

    /// Counts a refused attempt at token `id` (which exists), now.
    pub(crate) fn note_refused(&self, id: &str) {
        if !self.usage_on() {
            return;
        }
        let now = Timestamp::now();
        self.counts().note_refused(id, now);
    }

    /// Whether this server counts tokens' use (`tokenLifecycle.usage`).
    pub fn usage_on(&self) -> bool {
        self.config.record_usage
    }

    fn counts(&self) -> std::sync::MutexGuard<'_, UsageCounts> {
        // A panic while holding it left plain counts behind: still good to add.
        self.usage.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds the counts kept since the last flush to the database; answers how many tokens'
    /// days it wrote. When the database refuses them they are kept for the next flush.
    pub async fn flush_usage(&self) -> Result<usize> {
        let counts = std::mem::take(&mut *self.counts());
        if counts.is_empty() {
            return Ok(0);
        }
        let n = counts.days.len();
        let counts = std::sync::Arc::new(counts);
        let writing = counts.clone();
        let written = self
            .write(move |c| {
                let tx = c.transaction()?;
                store::usage::add_usage(&tx, &writing)?;
                tx.commit()?;
                Ok(())
            })
            .await;
        if let Err(e) = written {
            let kept = std::sync::Arc::try_unwrap(counts).unwrap_or_default();
            self.counts().merge(kept);
            return Err(e);
        }
        Ok(n)
    }

    /// Token `id`'s use over the last `days` days (`None`: 30; 1 to 90), today included,
    /// for a user who may read its source; 404 for a token not in their list.
    pub async fn usage(
        &self,
        user: &User,
        src: Source,
        id: String,
        days: Option<&str>,
    ) -> Result<Usage> {
        let list = list_for(user, src, Action::Read)?;
        if !self.usage_on() {
            return Err(Error::not_found(
                "this server does not count tokens' use (--no-usage)",
            ));
        }
        let days = match days {
            None => 30,
            Some(d) => d
                .parse::<i64>()
                .ok()
                .filter(|d| (1..=USAGE_DAYS).contains(d))
                .ok_or_else(|| {
                    Error::invalid(format!(
                        "days must be a whole number from 1 to {USAGE_DAYS}: how many days of use to show, today included"
                    ))
                })?,
        };
        let user = user.clone();
        self.read(move |c| {
            // Theirs, or another member's for an admin who manages their tokens.
            if store::get_token(c, &list, &id)?.is_none() {
                member_list(c, &user, &list, &id)?.ok_or_else(token_not_found)?;
            }
            Ok(store::usage::token_usage(c, &id, days, Timestamp::now())?)
        })
        .await
    }
}
