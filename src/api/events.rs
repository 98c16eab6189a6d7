//! [`TabEvent`]: what the tab tells its host, and [`ObservedApi`], which reports every create,
//! delete and edit (and their failures) at the one place they all pass through.

use std::rc::Rc;

use super::{ApiError, ApiFuture, CreatedToken, NewToken, TokenApi, TokenEdit};
use crate::config::EventHandler;
use crate::model::{Owner, Source, TokenRow, TokenType};

/// Something that happened in the tab. Never carries a secret: ids, kinds and messages only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TabEvent {
    Created {
        id: String,
        owner: Owner,
        token_type: TokenType,
    },
    Deleted {
        id: String,
        owner: Owner,
        token_type: TokenType,
        /// The backend said 404: someone else deleted it first.
        already_gone: bool,
    },
    Updated {
        id: String,
    },
    Error {
        /// `"load"`, `"create"`, `"delete"` or `"update"`.
        operation: &'static str,
        /// What the user was shown.
        message: String,
        status: Option<u16>,
    },
}

impl TabEvent {
    /// `"created"`, `"deleted"`, `"updated"` or `"error"`.
    pub fn kind(&self) -> &'static str {
        match self {
            TabEvent::Created { .. } => "created",
            TabEvent::Deleted { .. } => "deleted",
            TabEvent::Updated { .. } => "updated",
            TabEvent::Error { .. } => "error",
        }
    }

    pub fn error(operation: &'static str, e: &ApiError) -> TabEvent {
        TabEvent::Error {
            operation,
            message: e.to_string(),
            status: e.status(),
        }
    }
}

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
                Err(e) => TabEvent::error("create", e),
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
                Err(e) => TabEvent::error("delete", e),
            });
            result
        })
    }

    fn update(&self, client_id: String, edit: TokenEdit) -> ApiFuture<TokenRow> {
        let fut = self.inner.update(client_id, edit);
        let tell = self.on_event.clone();
        Box::pin(async move {
            let result = fut.await;
            tell(&match &result {
                Ok(row) => TabEvent::Updated { id: row.id.clone() },
                Err(e) => TabEvent::error("update", e),
            });
            result
        })
    }
}
