//! Webhooks to the vendor (issue 33, our extension; the endpoint and its signature:
//! `outbound`). Events are written to the outbox in the transaction of their change
//! (`store::outbox`), or by the scheduler ([`Service::run_scheduler`]) for milestones; every
//! instance delivers them ([`Service::deliver_due`]): one instance per event at a time, retried
//! with backoff for 24 hours (`domain::webhook::after`). A token operation never waits for a
//! delivery, so a wrong secret or an unreachable endpoint never blocks one.

use std::time::Duration;

use tracing::{info, warn};

use super::Service;
use crate::domain::webhook::{self, Attempt};
use crate::domain::{Delivery, DeliveryStatus, Result, Timestamp, Token, User, WebhookEvent};
use crate::store::outbox::{self, Detail};

pub use crate::outbound::Webhooks;

/// How long an instance holds an event it is sending; past it, another may send it.
const LEASE_SECONDS: i64 = 60;
/// Events one instance sends at once.
const BATCH: i64 = 16;

impl Service {
    /// Whether events are written for a webhook endpoint.
    pub fn webhooks_on(&self) -> bool {
        self.config.webhooks.is_some()
    }

    /// Tells this instance's deliverer that events were written (other instances find them at
    /// their next poll).
    pub(crate) fn wake_deliveries(&self) {
        if self.webhooks_on() {
            self.wake.notify_one();
        }
    }

    /// Waits until events were written here, or `poll` passed.
    pub async fn deliveries_due(&self, poll: Duration) {
        let _ = tokio::time::timeout(poll, self.wake.notified()).await;
    }

    /// Delivers the events due now that no other instance holds, side by side; answers how
    /// many were tried. Nothing without an endpoint.
    pub async fn deliver_due(&self) -> Result<usize> {
        let Some(hooks) = self.config.webhooks.clone() else {
            return Ok(0);
        };
        let now = Timestamp::now();
        let claimed = self
            .write(move |c| {
                Ok(outbox::claim_due(
                    c,
                    now,
                    now.plus(chrono::TimeDelta::seconds(LEASE_SECONDS)),
                    BATCH,
                )?)
            })
            .await?;
        let tried = claimed.len();
        let mut sending = tokio::task::JoinSet::new();
        for event in claimed {
            let (hooks, service) = (hooks.clone(), self.clone());
            sending.spawn(async move {
                let attempt = hooks.post(&event.id, &event.body).await;
                let now = Timestamp::now();
                let (status, next) = webhook::after(&attempt, event.attempts, event.created_at, now);
                let (answered, error) = match &attempt {
                    Attempt::Answered(code) => (Some(i64::from(*code)), None),
                    Attempt::NoAnswer(why) => (None, Some(why.clone())),
                };
                match status {
                    DeliveryStatus::Delivered => info!(id = %event.id, attempts = event.attempts, "webhook delivered"),
                    DeliveryStatus::Failed => warn!(id = %event.id, attempts = event.attempts, status = ?answered, error = ?error, "webhook failed; not tried again"),
                    DeliveryStatus::Pending => warn!(id = %event.id, attempts = event.attempts, status = ?answered, error = ?error, "webhook not delivered; tried again later"),
                }
                let (id, lease) = (event.id, event.lease_until);
                service
                    .write(move |c| {
                        Ok(outbox::finish_attempt(
                            c,
                            &id,
                            lease,
                            status,
                            next,
                            answered,
                            error.as_deref(),
                            now,
                        )?)
                    })
                    .await
            });
        }
        while let Some(done) = sending.join_next().await {
            if !matches!(done, Ok(Ok(()))) {
                warn!("a webhook's outcome could not be recorded; it is sent again when its lease ends");
            }
        }
        Ok(tried)
    }

    /// One turn of the scheduler: the idle policies ([`Service::disable_idle_tokens`]), then,
    /// with webhooks, the reminders due. Each instance runs it; side by side, each token is
    /// disabled once and each reminder written once.
    pub async fn run_scheduler(&self) -> Result<()> {
        self.disable_idle_tokens().await?;
        if !self.webhooks_on() {
            return Ok(());
        }
        let written = self
            .write(|c| {
                let tx = c.transaction()?;
                let n = outbox::enqueue_reminders(&tx, Timestamp::now())?;
                tx.commit()?;
                Ok(n)
            })
            .await?;
        if written > 0 {
            info!(written, "webhook reminders written");
            self.wake_deliveries();
        }
        Ok(())
    }

    /// The last 100 webhook events of `user`'s tenant, for a user who may manage account
    /// tokens.
    pub async fn deliveries(&self, user: &User) -> Result<Vec<Delivery>> {
        user.require(api_tokens_rules::permission_key(
            api_tokens_rules::Action::Write,
            api_tokens_rules::Owner::Account,
        ))?;
        let tenant_id = user.tenant_id.clone();
        self.read(move |c| Ok(outbox::recent_deliveries(c, &tenant_id)?))
            .await
    }
}

/// Writes `event` about `token` to the outbox when `on` (inside the change's transaction).
pub(crate) fn announce(
    c: &crate::db::Conn,
    on: bool,
    event: WebhookEvent,
    token: &Token,
    detail: Detail<'_>,
    now: Timestamp,
) -> Result<()> {
    if on {
        outbox::enqueue(c, event, token, detail, now)?;
    }
    Ok(())
}
