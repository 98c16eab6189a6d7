//! [`ObservedApi`], which reports every create, delete and edit (and their failures) to the
//! host as [`TabEvent`]s, at the one place they all pass through.

use std::rc::Rc;

use super::{ApiFuture, CreatedToken, NewToken, TokenApi, TokenEdit};
use crate::events::{EventHandler, TabEvent};
use crate::model::{Source, TokenRow};

/// Wraps a [`TokenApi`] and reports mutations to `on_event`.
pub struct ObservedApi {
    pub inner: Rc<dyn TokenApi>,
    pub on_event: EventHandler,
}

impl TokenApi for ObservedApi {
    fn me_authorization(&self) -> ApiFuture<crate::model::account::Authorization> {
        self.inner.me_authorization()
    }
    fn me(&self) -> ApiFuture<crate::model::account::Profile> {
        self.inner.me()
    }
    fn roles(&self) -> ApiFuture<Vec<crate::model::roles::RoleInfo>> {
        self.inner.roles()
    }
    fn public_configuration(&self) -> ApiFuture<crate::model::account::VendorSettings> {
        self.inner.public_configuration()
    }
    fn list(&self, source: Source) -> ApiFuture<Vec<TokenRow>> {
        self.inner.list(source)
    }
    fn list_members(&self, source: Source) -> ApiFuture<Vec<TokenRow>> {
        self.inner.list_members(source)
    }

    fn create(&self, source: Source, token: NewToken) -> ApiFuture<CreatedToken> {
        let fut = self.inner.create(source, token);
        let tell = self.on_event.clone();
        Box::pin(async move {
            let result = fut.await;
            tell(&match &result {
                Ok(c) => TabEvent::Created {
                    id: c.row.id.clone(),
                    owner: source.owner(),
                    token_type: source.kind(),
                },
                Err(e) => e.event("create"),
            });
            result
        })
    }

    fn delete(&self, source: Source, id: String) -> ApiFuture<()> {
        let fut = self.inner.delete(source, id.clone());
        let tell = self.on_event.clone();
        Box::pin(async move {
            let result = fut.await;
            let deleted = |already_gone| TabEvent::Deleted {
                id: id.clone(),
                owner: source.owner(),
                token_type: source.kind(),
                already_gone,
            };
            tell(&match &result {
                Ok(()) => deleted(false),
                Err(e) if e.status() == Some(404) => deleted(true),
                Err(e) => e.event("delete"),
            });
            result
        })
    }

    fn update(&self, source: Source, id: String, edit: TokenEdit) -> ApiFuture<TokenRow> {
        let fut = self.inner.update(source, id, edit);
        let tell = self.on_event.clone();
        Box::pin(async move {
            let result = fut.await;
            tell(&match &result {
                Ok(row) => TabEvent::Updated { id: row.id.clone() },
                Err(e) => e.event("update"),
            });
            result
        })
    }

    fn rotate(&self, source: Source, id: String, grace_minutes: u32) -> ApiFuture<CreatedToken> {
        let fut = self.inner.rotate(source, id, grace_minutes);
        let tell = self.on_event.clone();
        Box::pin(async move {
            let result = fut.await;
            tell(&match &result {
                Ok(c) => TabEvent::Rotated {
                    id: c.row.id.clone(),
                    owner: source.owner(),
                    token_type: source.kind(),
                },
                Err(e) => e.event("rotate"),
            });
            result
        })
    }

    fn expire_previous_secret(&self, source: Source, id: String) -> ApiFuture<TokenRow> {
        let fut = self.inner.expire_previous_secret(source, id);
        let tell = self.on_event.clone();
        Box::pin(async move {
            let result = fut.await;
            tell(&match &result {
                Ok(row) => TabEvent::Updated { id: row.id.clone() },
                Err(e) => e.event("rotate"),
            });
            result
        })
    }

    fn renew(&self, source: Source, id: String, expires_in_minutes: i64) -> ApiFuture<TokenRow> {
        let fut = self.inner.renew(source, id, expires_in_minutes);
        let tell = self.on_event.clone();
        Box::pin(async move {
            let result = fut.await;
            tell(&match &result {
                Ok(row) => TabEvent::Updated { id: row.id.clone() },
                Err(e) => e.event("update"), // a renewal is an update to the host
            });
            result
        })
    }

    fn enable(&self, source: Source, id: String) -> ApiFuture<TokenRow> {
        let fut = self.inner.enable(source, id);
        let tell = self.on_event.clone();
        Box::pin(async move {
            let result = fut.await;
            tell(&match &result {
                Ok(row) => TabEvent::Updated { id: row.id.clone() },
                Err(e) => e.event("update"), // enabling is an update to the host
            });
            result
        })
    }

    fn events(
        &self,
        source: Source,
        id: String,
    ) -> ApiFuture<Vec<crate::model::history::TokenEvent>> {
        self.inner.events(source, id)
    }

    fn usage(
        &self,
        source: Source,
        id: String,
        days: u32,
    ) -> ApiFuture<crate::model::usage::TokenUsage> {
        self.inner.usage(source, id, days)
    }

    /// Each token a real run deleted (or found gone) is told as a delete; a dry run tells
    /// nothing.
    fn bulk_delete(
        &self,
        source: Source,
        ids: Vec<String>,
        dry_run: bool,
    ) -> ApiFuture<Vec<(String, crate::model::selection::Revoked)>> {
        use crate::model::selection::Revoked;
        let fut = self.inner.bulk_delete(source, ids, dry_run);
        let tell = self.on_event.clone();
        Box::pin(async move {
            let result = fut.await;
            match &result {
                Ok(outcomes) if !dry_run => {
                    for (id, outcome) in outcomes {
                        let already_gone = match outcome {
                            Revoked::Yes => false,
                            Revoked::NotFound => true,
                            Revoked::NotAllowed(_) => continue,
                        };
                        tell(&TabEvent::Deleted {
                            id: id.clone(),
                            owner: source.owner(),
                            token_type: source.kind(),
                            already_gone,
                        });
                    }
                }
                Ok(_) => {}
                Err(e) => tell(&e.event("delete")),
            }
            result
        })
    }
}
