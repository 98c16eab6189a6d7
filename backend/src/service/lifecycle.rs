//! Our extensions on a token's life (issue 33), on all four sources: renew it in place (a new
//! expiry, the same id and secret), the tenant's idle policy that disables tokens unused too
//! long, and enabling one again. Each write asks the rules crate's decision through
//! [`token_to_change`], as every write does.

use std::net::IpAddr;

use api_tokens_rules::{Action, Source};
use serde_json::Value;
use tracing::info;

use super::access::{list_for, token_to_change};
use super::webhooks::announce;
use super::Service;
use crate::domain::rules;
use crate::domain::{Error, Result, Timestamp, Token, User, WebhookEvent};
use crate::store;
use crate::store::outbox::Detail;

impl Service {
    /// A new expiry for token `id`: `expires_in_minutes` from now, within the tenant's policy;
    /// the token keeps its id, its secret and its history (`renewed` is recorded). Only a
    /// token that expires can be renewed, an expired one included (it works again). The same
    /// permission and level rule as an edit.
    pub async fn renew(
        &self,
        user: User,
        ip: IpAddr,
        src: Source,
        id: String,
        expires_in_minutes: Option<Value>,
    ) -> Result<Token> {
        let list = list_for(&user, src, Action::Write)?;
        let minutes = rules::validate_expires(expires_in_minutes.as_ref())
            .map_err(Error::Invalid)?
            .ok_or_else(|| {
                Error::invalid("expiresInMinutes is required: the new expiry, in minutes from now")
            })?;
        let hooks = self.webhooks_on();
        let token = self
            .write(move |c| {
                let tx = c.transaction()?;
                let now = Timestamp::now();
                let token = token_to_change(&tx, &list, &id, &user, now, "renew")?;
                if token.expires_at.is_none() {
                    return Err(Error::invalid(
                        "this token never expires: there is nothing to renew",
                    ));
                }
                let settings = store::tenant_settings(&tx, &user.tenant_id)?
                    .ok_or_else(|| Error::unauthorized("tenant no longer exists"))?;
                rules::check_policy(Some(minutes), settings.max_expires_in_minutes)
                    .map_err(Error::Invalid)?;
                let actor = user.actor(ip);
                let renewed =
                    store::renew_token(&tx, &token, now.plus_minutes(minutes), now, &actor)?;
                let detail = Detail {
                    actor: Some(&actor),
                    ..Detail::default()
                };
                announce(&tx, hooks, WebhookEvent::Renewed, &renewed, detail, now)?;
                tx.commit()?;
                Ok(renewed)
            })
            .await?;
        self.wake_deliveries();
        info!(token_id = %token.id, tenant_id = %token.tenant_id, minutes, "token renewed");
        Ok(token)
    }

    /// Token `id`, disabled by the idle policy, works again from now: its secret
    /// authenticates, and its idle time counts anew (`enabled` is recorded). The same
    /// permission and level rule as an edit. Enabling a token that is not disabled changes
    /// nothing and answers it as it is, so a retried request is harmless.
    pub async fn enable(&self, user: User, ip: IpAddr, src: Source, id: String) -> Result<Token> {
        let list = list_for(&user, src, Action::Write)?;
        let token = self
            .write(move |c| {
                let tx = c.transaction()?;
                let now = Timestamp::now();
                let token = token_to_change(&tx, &list, &id, &user, now, "enable")?;
                let token = match token.disabled {
                    Some(_) => store::enable_token(&tx, &token, now, &user.actor(ip))?,
                    None => token,
                };
                // Committed either way: token_to_change may have closed lapsed grace windows.
                tx.commit()?;
                Ok(token)
            })
            .await?;
        info!(token_id = %token.id, tenant_id = %token.tenant_id, "token enabled");
        Ok(token)
    }

    /// Disables the tokens every tenant's idle policy catches now ([`store::disable_idle_tokens`]);
    /// answers how many. Run by each instance's scheduler; safe side by side.
    pub async fn disable_idle_tokens(&self) -> Result<usize> {
        let hooks = self.webhooks_on();
        let disabled = self
            .write(move |c| {
                let tx = c.transaction()?;
                let now = Timestamp::now();
                let caught = store::disable_idle_tokens(&tx, now)?;
                for (token, days) in &caught {
                    let detail = Detail {
                        days: Some(*days),
                        ..Detail::default()
                    };
                    announce(&tx, hooks, WebhookEvent::Disabled, token, detail, now)?;
                }
                tx.commit()?;
                Ok(caught.len())
            })
            .await?;
        if disabled > 0 {
            info!(disabled, "idle tokens disabled");
            self.wake_deliveries();
        }
        Ok(disabled)
    }
}
